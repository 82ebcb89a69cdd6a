/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_watch.h: what `watch`'s sources share (watch_engine.c): the scanner engine that turns
 * a post into finding rows, the statistics behind the status line and --metrics, and the
 * stop flag set by SIGTERM/SIGINT.  The folder and standard-input sources (cmd_watch.c) and
 * the NATS source (natsq.c, cli_nats.h) use it; it uses neither.
 */
#ifndef TT_CLI_WATCH_H
#define TT_CLI_WATCH_H

#include <signal.h>
#include <stdint.h>

#include "cli.h"
#include "telltale/scan.h"
#include "telltale/watch.h"

/* Findings of a batch, each with its owned strings (source, post, json). */
typedef struct wrows {
    tt_finding_row *r;
    size_t n, cap;
} wrows;
void wrows_clear(wrows *w);
void wrows_free(wrows *w);

typedef struct watcher {
    cli *c;
    tt_vault *v;        /* NULL for a vault-less worker (--index) */
    tt_index *ix;
    tt_scanner *sc;
    unsigned min_words;
    const char *text_field; /* --text-field: the JSON member holding a post's text, or NULL */
    int quiet;          /* do not print findings (collect mode prints its own) */
    double metrics;     /* seconds between --metrics lines; 0: none */
    /* statistics */
    uint64_t posts, bytes, findings, recorded, bad;
    int64_t lag;        /* posts waiting in the source, -1 when unknown */
    double t0, last_status, last_metrics;
    double t_last;      /* when the last post was scanned (watch_now) */
    uint64_t m_posts, m_bytes; /* at the last metrics line */
    int status_shown;
} watcher;

/* Set by SIGTERM and SIGINT: finish the batch, acknowledge, exit 0. */
extern volatile sig_atomic_t watch_stop;
/* Set watch_stop on SIGTERM and SIGINT (without SA_RESTART, so a blocking read or poll
 * returns to its loop), and ignore SIGPIPE. */
void watch_catch_signals(void);

/* Scan one post p (a JSON line) and append its findings to out (and print them on stdout
 * unless quiet), each as scan --json prints it.  source and post name it.  0, or -1 when the
 * scanner failed (the message printed). */
int watch_scan_post(watcher *w, const char *source, const char *post, const tt_post *p,
                    wrows *out);
/* Append the rows of findings fs[0..nf) of post `post` of `source` to out (post NULL: the
 * whole file `source`, recorded as post "file"), each with the JSON line scan --json prints
 * for it (it: how the source reader described the item), and print each unless quiet.  0,
 * or -1 (out of memory, message printed; the rows appended so far stay in out). */
int watch_add_rows(watcher *w, const char *source, const char *post, const tt_source_item *it,
                   const tt_finding *fs, size_t nf, wrows *out);
/* Open a post reader over f (a FILE *) that takes the text from w->text_field when set.
 * 0, or -1 (out of memory; nothing printed, *r NULL). */
int watch_posts_open(const watcher *w, tt_post_reader **r, void *f);
/* Record rows in the vault (with the cursor when not NULL); 0 or -1 (message printed). */
int watch_record(watcher *w, wrows *rows, const char *cursor_source, const char *cursor);
/* Status line (stderr a terminal) and --metrics JSON line (stderr), when due. */
void watch_tick(watcher *w, int force);
double watch_now(void);
/* Sleep ms milliseconds unless watch_stop is set meanwhile (checked every 100 ms). */
void watch_sleep(unsigned ms);

#endif
