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
int nats_watch(watcher *w, const nats_opts *o);
int nats_collect(watcher *w, const nats_opts *o);
int nats_publish(const nats_opts *o, const char *path, const char *subject, uint64_t *out_n);

#endif
