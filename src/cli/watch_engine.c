/* SPDX-License-Identifier: Apache-2.0 */
/*
 * watch_engine.c: the part of `watch` that its sources share (cli_watch.h): scanning one
 * post into finding rows printed as scan --json prints them, recording rows in the vault
 * (waiting out a vault locked by another command, never losing a post), the status line and
 * --metrics lines, and the stop flag.  The folder and standard-input sources (cmd_watch.c)
 * and the NATS worker (natsq.c) call it; it calls neither, so the three stand in layers.
 */
#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cli_watch.h"
#include "telltale/scan.h"
#include "telltale/watch.h"

volatile sig_atomic_t watch_stop;

static void
on_signal(int sig)
{
    (void)sig;
    watch_stop = 1;
}

void
watch_catch_signals(void)
{
    /* no SA_RESTART: a blocking read or poll returns, and the loop sees watch_stop */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

double
watch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
watch_sleep(unsigned ms)
{
    while (ms > 0 && !watch_stop) {
        unsigned step = ms < 100 ? ms : 100;
        struct timespec ts = {0, (long)step * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

void
wrows_clear(wrows *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->r[i].source);
        free(w->r[i].post);
        free(w->r[i].json);
    }
    w->n = 0;
}

void
wrows_free(wrows *w)
{
    wrows_clear(w);
    free(w->r);
    w->r = NULL;
    w->cap = 0;
}

/* The row that records finding f of post `post` of `source` (its JSON line `json`, owned by
 * the row from now on; source and post copied: the caller checks them for NULL). */
static void
row_fill(tt_finding_row *r, const char *source, const char *post, char *json,
         const tt_finding *f, const char *id)
{
    r->source = strdup(source);
    r->post = strdup(post);
    r->json = json;
    snprintf(r->doc, sizeof r->doc, "%s", f->doc);
    r->leak_start = f->leak_start;
    r->leak_end = f->leak_end;
    r->doc_start = f->doc_start;
    r->doc_end = f->doc_end;
    r->matched_words = f->matched_words;
    r->coverage = f->coverage;
    r->chance = f->chance;
    memcpy(r->fingerprint, id, sizeof r->fingerprint);
}

int
watch_add_rows(watcher *w, const char *source, const char *post, const tt_source_item *it,
               const tt_finding *fs, size_t nf, wrows *out)
{
    for (size_t i = 0; i < nf; i++) {
        char id[17];
        cli_finding_id(id, &fs[i], source, post);
        json_t *o = cli_finding_json(&fs[i], id, source, post, it, 0);
        char *line = o ? cli_json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                               JSON_REAL_PRECISION(6))
                       : NULL;
        json_decref(o);
        if (!line)
            return fail("out of memory");
        if (out->n == out->cap) {
            size_t c = out->cap ? out->cap * 2 : 16;
            tt_finding_row *r = realloc(out->r, c * sizeof *r);
            if (!r) {
                free(line);
                return fail("out of memory");
            }
            out->r = r;
            out->cap = c;
        }
        tt_finding_row *r = &out->r[out->n++];
        memset(r, 0, sizeof *r);
        row_fill(r, source, post ? post : "file", line, &fs[i], id);
        if (!r->source || !r->post)
            return fail("out of memory");
        w->findings++;
        if (w->quiet)
            continue;
        if (w->status_shown) {
            fputs("\r\033[K", stderr);
            w->status_shown = 0;
        }
        if (w->c->json)
            printf("%s\n", line);
        else if (post)
            printf("%s#%s: %s \"%s\": %zu words matched, chance %.1e\n", cli_safe(source),
                   cli_safe(post), cli_safe(fs[i].doc), cli_safe(fs[i].title),
                   fs[i].matched_words, fs[i].chance);
        else
            printf("%s: %s \"%s\": %zu words matched, chance %.1e\n", cli_safe(source),
                   cli_safe(fs[i].doc), cli_safe(fs[i].title), fs[i].matched_words,
                   fs[i].chance);
        fflush(stdout);
    }
    return 0;
}

int
watch_scan_post(watcher *w, const char *source, const char *post, const tt_post *p,
                wrows *out)
{
    /* the post as the source readers describe a JSON line, so the finding's JSON is the line
     * scan --json prints for the same post */
    tt_source_item it = {.format = "jsonl", .author = p->author, .date = p->date, .url = p->url,
                         .fields = p->extra, .text = p->text, .text_len = p->text_len,
                         .line = p->line};
    tt_finding *fs = NULL;
    size_t nf = 0;
    if (tt_scanner_feed(w->sc, p->text, p->text_len) || tt_scanner_finish(w->sc, &fs, &nf)) {
        warn("cannot scan '%s#%s': %s", source, post, tt_scanner_errmsg(w->sc));
        return -1;
    }
    w->posts++;
    w->bytes += p->text_len;
    w->t_last = watch_now();
    int rc = watch_add_rows(w, source, post, &it, fs, nf, out);
    tt_findings_free(fs, nf);
    return rc;
}

int
watch_record(watcher *w, wrows *rows, const char *cursor_source, const char *cursor)
{
    if (!w->v || (rows->n == 0 && !cursor_source))
        return 0;
    size_t added = 0;
    /* a locked vault (another command writing) is waited for, never a reason to lose a
     * post: retry with backoff until it is free or we are told to stop */
    unsigned wait = 250;
    for (unsigned attempt = 0;; attempt++) {
        int rc = tt_findings_record(w->v, rows->r, rows->n, cursor_source, cursor, &added);
        if (rc == 0)
            break;
        if (rc != TT_EBUSY || attempt >= 20) {
            fail("cannot record findings: %s", tt_vault_errmsg(w->v));
            return -1;
        }
        warn("%s; retrying in %.2f s", tt_vault_errmsg(w->v), wait / 1000.0);
        watch_sleep(wait);
        wait = wait < 8000 ? wait * 2 : 8000;
    }
    w->recorded += added;
    wrows_clear(rows);
    return 0;
}

void
watch_tick(watcher *w, int force)
{
    double now = watch_now();
    double up = now - w->t0 > 1e-9 ? now - w->t0 : 1e-9;
    if (w->c->progress && (force || now - w->last_status >= 1.0)) {
        w->last_status = now;
        fprintf(stderr, "\r\033[Kwatch: %llu posts, %.0f posts/s, %.2f MB/s, %llu findings",
                (unsigned long long)w->posts, (double)w->posts / up,
                (double)w->bytes / up / 1e6, (unsigned long long)w->findings);
        if (w->lag >= 0)
            fprintf(stderr, ", lag %lld", (long long)w->lag);
        w->status_shown = 1;
    }
    if (w->metrics > 0 && (force || now - w->last_metrics >= w->metrics)) {
        double dt = w->last_metrics > 0 ? now - w->last_metrics : up;
        if (dt < 1e-9)
            dt = 1e-9;
        if (w->status_shown) {
            fputs("\r\033[K", stderr);
            w->status_shown = 0;
        }
        fprintf(stderr,
                "{\"metrics\":\"watch\",\"uptime_s\":%.1f,\"posts\":%llu,\"bytes\":%llu,"
                "\"findings\":%llu,\"recorded\":%llu,\"bad_posts\":%llu,\"posts_per_s\":%.1f,"
                "\"mb_per_s\":%.3f,\"lag\":%lld}\n",
                up, (unsigned long long)w->posts, (unsigned long long)w->bytes,
                (unsigned long long)w->findings, (unsigned long long)w->recorded,
                (unsigned long long)w->bad, (double)(w->posts - w->m_posts) / dt,
                (double)(w->bytes - w->m_bytes) / dt / 1e6, (long long)w->lag);
        w->last_metrics = now;
        w->m_posts = w->posts;
        w->m_bytes = w->bytes;
    }
}

int
watch_posts_open(const watcher *w, tt_post_reader **r, void *f)
{
    if (tt_posts_open(r, f))
        return -1;
    if (w->text_field && tt_posts_set_text_field(*r, w->text_field)) {
        tt_posts_close(*r);
        *r = NULL;
        return -1;
    }
    return 0;
}
