/* SPDX-License-Identifier: Apache-2.0 */
/*
 * progress.c: the progress line on standard error (cli.h, cli_progress_*).
 *
 * Work that lasts over a second (scan, issue --all, batch verify and trace) shows one line on
 * stderr, redrawn in place at most ten times a second: bytes read and the rate when the work
 * reads bytes, items, inputs done of how many, and the time left when the totals are known.
 * It is drawn only when stderr is a terminal and the command was not given --quiet (main.c
 * sets c->progress), and erased before anything else is printed and when the work ends, so
 * neither a log nor a pipe ever holds it.  The library draws nothing: it reports how far it
 * has read through a callback (tt_source_opts.progress), which this file turns into the line.
 *
 * TELLTALE_PROGRESS_AFTER_MS (hidden, for the tests) sets how long work runs before the line
 * first shows (default 1000), so that a test in a pty need not wait a second.
 * Thread-safe: workers report under the line's own mutex.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cli_progress_start(cli_progress *p, const cli *c, const char *what, size_t inputs,
                   uint64_t total_bytes)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    p->on = c->progress;
    p->what = what;
    p->inputs = inputs;
    p->total_bytes = total_bytes;
    p->t0 = now_s();
    p->after = 1.0;
    const char *e = getenv("TELLTALE_PROGRESS_AFTER_MS");
    if (e && *e) {
        char *end;
        long ms = strtol(e, &end, 10);
        if (!*end && ms >= 0 && ms <= 3600000)
            p->after = (double)ms / 1000;
    }
}

static void
human_bytes(char *out, size_t cap, double b)
{
    if (b >= 1e9)
        snprintf(out, cap, "%.2f GB", b / 1e9);
    else
        snprintf(out, cap, "%.1f MB", b / 1e6);
}

static void
human_time(char *out, size_t cap, double s)
{
    long v = (long)(s + 0.5);
    if (v < 1)
        v = 1;
    if (v < 60)
        snprintf(out, cap, "%ld s", v);
    else if (v < 3600)
        snprintf(out, cap, "%ld min %02ld s", v / 60, v % 60);
    else
        snprintf(out, cap, "%ld h %02ld min", v / 3600, v % 3600 / 60);
}

/* Draw the line (under p->mu). */
static void
draw(cli_progress *p, double t)
{
    double el = t - p->t0;
    char line[256], a[32], b[32];
    size_t n = 0;
    n += (size_t)snprintf(line + n, sizeof line - n, "%s:", p->what);
    if (p->bytes || p->total_bytes) {
        human_bytes(a, sizeof a, (double)p->bytes);
        if (p->total_bytes) {
            human_bytes(b, sizeof b, (double)p->total_bytes);
            n += (size_t)snprintf(line + n, sizeof line - n, " %s of %s,", a, b);
        } else {
            n += (size_t)snprintf(line + n, sizeof line - n, " %s,", a);
        }
        if (n < sizeof line)
            n += (size_t)snprintf(line + n, sizeof line - n, " %.1f MB/s,",
                                  el > 0 ? (double)p->bytes / 1e6 / el : 0.0);
    }
    if (n < sizeof line && p->items)
        n += (size_t)snprintf(line + n, sizeof line - n, " %zu item%s,", p->items,
                              p->items == 1 ? "" : "s");
    if (n < sizeof line && p->inputs)
        n += (size_t)snprintf(line + n, sizeof line - n, " %zu of %zu %s,", p->done,
                              p->inputs, p->unit ? p->unit : "inputs");
    /* the time left: from the bytes when their total is known, else from the inputs */
    double frac = 0;
    if (p->total_bytes && p->bytes)
        frac = (double)p->bytes / (double)p->total_bytes;
    else if (p->inputs && p->done)
        frac = (double)p->done / (double)p->inputs;
    if (n < sizeof line && frac > 0 && frac < 1) {
        human_time(a, sizeof a, el * (1 - frac) / frac);
        n += (size_t)snprintf(line + n, sizeof line - n, " about %s left,", a);
    }
    if (n >= sizeof line)
        n = sizeof line - 1;
    if (n && line[n - 1] == ',')
        line[--n] = '\0';
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
    p->drawn = 1;
    p->last = t;
}

/* Redraw if the line is on, the work has lasted long enough and the last draw is old. */
static void
maybe_draw(cli_progress *p)
{
    if (!p->on)
        return;
    double t = now_s();
    if (t - p->t0 < p->after || (p->drawn && t - p->last < 0.1))
        return;
    draw(p, t);
}

void
cli_progress_add(cli_progress *p, uint64_t bytes, size_t items, size_t done)
{
    pthread_mutex_lock(&p->mu);
    p->bytes += bytes;
    p->items += items;
    p->done += done;
    maybe_draw(p);
    pthread_mutex_unlock(&p->mu);
}

void
cli_progress_clear(cli_progress *p)
{
    pthread_mutex_lock(&p->mu);
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->drawn = 0;
        p->last = 0; /* drawn again at the next report */
    }
    pthread_mutex_unlock(&p->mu);
}

void
cli_progress_end(cli_progress *p)
{
    cli_progress_clear(p);
    pthread_mutex_destroy(&p->mu);
}

void
cli_progress_source(void *arg, uint64_t done, uint64_t total)
{
    cli_progress_input *in = arg;
    (void)total;
    if (done > in->last) {
        cli_progress_add(in->p, done - in->last, 0, 0);
        in->last = done;
    }
}
