/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_nats.h: the NATS JetStream side of the CLI (natsq.c): `watch --nats` workers, `collect`
 * and `publish`.  Only natsq.c calls libnats, which nothing links: it is loaded when one of
 * these three starts (cli_natsdl.h).
 */
#ifndef TT_CLI_NATS_H
#define TT_CLI_NATS_H

#include <stdint.h>

#include "cli_watch.h"

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
/*
 * Make sure libnats is loaded, loading it the first time.  0; or, when it cannot be loaded
 * (not installed, another version, a function missing), prints "telltale: TASK needs SONAME:
 * REASON" (task says what needed it: "watching over NATS") and returns EXIT_TROUBLE, every
 * time it is asked: the outcome is kept for the process, never retried, and a loaded library
 * is never unloaded.  Thread-safe; cli_nats_fn may be read by a thread once its call
 * returned 0.
 */
int nats_load(const char *task);

/* Each of these loads libnats first (nats_load): a command that calls one of them may call
 * nats_load itself earlier, before it opens the vault, so that a missing library fails it
 * before any work or record. */
int nats_watch(watcher *w, const nats_opts *o);
int nats_collect(watcher *w, const nats_opts *o);
int nats_publish(const nats_opts *o, const char *path, const char *subject, uint64_t *out_n);

#endif
