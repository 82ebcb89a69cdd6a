/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_watch.h: what `watch`'s sources share: the scanner engine that turns a post into
 * finding rows, the statistics behind the status line and --metrics, and the stop flag set
 * by SIGTERM/SIGINT.  The NATS source (natsq.c) uses it; only the CLI links libnats.
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

/* Scan one post p (a JSON line) and append its findings to out (and print them on stdout
 * unless quiet), each as scan --json prints it.  source and post name it.  0, or -1 when the
 * scanner failed (the message printed). */
int watch_scan_post(watcher *w, const char *source, const char *post, const tt_post *p,
                    wrows *out);
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

/* natsq.c: the NATS JetStream worker, collector and publisher. */
typedef struct nats_opts {
    const char *url;
    const char *stream;           /* the posts stream */
    const char *consumer;         /* the durable consumer workers share */
    const char *findings_subject; /* where findings go */
    const char *findings_stream;  /* the stream that keeps them */
    unsigned batch;               /* posts in flight per worker */
    unsigned max_retries;         /* connection attempts before giving up; 0: forever */
    int once;                     /* stop when the stream has nothing for a while */
    unsigned ack_wait;            /* seconds before an unacked post is redelivered (0: 30) */
} nats_opts;
int nats_watch(watcher *w, const nats_opts *o);
int nats_collect(watcher *w, const nats_opts *o);
int nats_publish(const nats_opts *o, const char *path, const char *subject, uint64_t *out_n);

#endif
