/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_collect.c: telltale collect (the findings subject into the vault, one process next to
 * the vault) and telltale publish (JSON lines into a NATS JetStream stream, for collectors,
 * the demo and the tests).  The NATS work is in natsq.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_watch.h"
#include "cli_nats.h"

static const char collect_help[] =
    "usage: telltale collect --nats URL [--findings-subject SUBJ] [--consumer NAME]\n"
    "                        [--batch N] [--retries N] [--ack-wait SECONDS]\n"
    "                        [--metrics SECONDS] [--once]\n\n"
    "Record in the vault the findings that 'watch --nats' workers publish: each batch in\n"
    "one transaction with its audit entry, acknowledged only once committed; a finding\n"
    "delivered twice is recorded once.  Run one next to the vault; workers need none.\n\n"
    "Options:\n"
    "  --nats URL                the NATS server (nats://127.0.0.1:4222)\n"
    "  --findings-subject SUBJ   the subject workers publish to (default telltale.findings)\n"
    "  --consumer NAME           the durable consumer (default telltale-collect)\n"
    "  --batch N                 findings fetched at once (default 256)\n"
    "  --retries N               connection attempts before giving up (default 0: forever)\n"
    "  --ack-wait SECONDS        a finding not acknowledged this long is delivered again\n"
    "                            (default 30; set when the consumer is created)\n"
    "  --metrics SECONDS         print a JSON line of counters on stderr every SECONDS\n"
    "  --once                    stop when nothing is waiting\n\n"
    "SIGTERM or SIGINT: the batch in hand is committed and acknowledged, then exit 0.\n";

static const char publish_help[] =
    "usage: telltale publish --nats URL --stream S [FILE|-] [--retries N]\n\n"
    "Publish JSON lines (one post per line: {\"id\": ..., \"text\": ...}) to the NATS\n"
    "JetStream stream S (subject S), creating the stream if it is missing; every post is\n"
    "acknowledged by the server before publish exits 0.  FILE defaults to standard input.\n\n"
    "Options:\n"
    "  --nats URL    the NATS server\n"
    "  --stream S    the stream (and subject) of the posts\n"
    "  --retries N   connection attempts before giving up (default 0: forever)\n"
    "  --json        print {\"published\": N}\n";

int
cmd_collect(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(collect_help, stdout);
        return EXIT_NOTHING;
    }
    nats_opts no = {NULL, NULL, "telltale-collect", "telltale.findings", "TELLTALE_FINDINGS",
                    256, 0, 0, 30};
    double metrics = 0;
    long x;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--once") == 0) {
            no.once = 1;
        } else if (strcmp(a, "--nats") == 0 || strcmp(a, "--findings-subject") == 0 ||
                   strcmp(a, "--consumer") == 0) {
            if (!val || !*val)
                return usage_error("collect", "%s needs a value", a);
            i++;
            if (a[2] == 'n')
                no.url = val;
            else if (a[2] == 'f')
                no.findings_subject = val;
            else
                no.consumer = val;
        } else if (strcmp(a, "--batch") == 0 || strcmp(a, "--retries") == 0 ||
                   strcmp(a, "--metrics") == 0 || strcmp(a, "--ack-wait") == 0) {
            if (cli_number_opt("collect", a, val, a[2] == 'r' ? 0 : 1,
                               a[2] == 'r' ? 1000000 : 86400, &x))
                return EXIT_TROUBLE;
            i++;
            if (a[2] == 'b')
                no.batch = (unsigned)(x > 4096 ? 4096 : x);
            else if (a[2] == 'r')
                no.max_retries = (unsigned)x;
            else if (a[2] == 'a')
                no.ack_wait = (unsigned)x;
            else
                metrics = (double)x;
        } else {
            return usage_error("collect", "unknown argument '%s'", a);
        }
    }
    if (!no.url)
        return usage_error("collect", "--nats URL is required");
    watcher w;
    memset(&w, 0, sizeof w);
    w.c = c;
    w.quiet = 1;
    w.metrics = metrics;
    w.lag = -1;
    /* a missing libnats fails here, before the vault is opened or the run recorded */
    if (nats_load("collecting over NATS"))
        return EXIT_TROUBLE;
    if (cli_open_vault(c, &w.v))
        return EXIT_TROUBLE;
    watch_catch_signals();
    w.t0 = watch_now();
    int rc = nats_collect(&w, &no);
    watch_tick(&w, 1);
    if (w.status_shown)
        fputc('\n', stderr);
    if (tt_watch_log_run(w.v, "collect", NULL, 0, (unsigned long long)w.findings,
                         (unsigned long long)w.recorded) != 0)
        warn("cannot write the audit log: %s", tt_vault_errmsg(w.v));
    if (c->json)
        printf("{\"received\":%llu,\"recorded\":%llu,\"bad\":%llu}\n",
               (unsigned long long)w.findings, (unsigned long long)w.recorded,
               (unsigned long long)w.bad);
    else
        fprintf(stderr, "telltale: collect stopped: %llu findings received, %llu new\n",
                (unsigned long long)w.findings, (unsigned long long)w.recorded);
    tt_vault_free(w.v);
    return rc;
}

int
cmd_publish(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(publish_help, stdout);
        return EXIT_NOTHING;
    }
    nats_opts no = {NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0};
    const char *path = NULL;
    long x;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--nats") == 0 || strcmp(a, "--stream") == 0) {
            if (!val || !*val)
                return usage_error("publish", "%s needs a value", a);
            i++;
            if (a[2] == 'n')
                no.url = val;
            else
                no.stream = val;
        } else if (strcmp(a, "--retries") == 0) {
            if (cli_number_opt("publish", a, val, 0, 1000000, &x))
                return EXIT_TROUBLE;
            i++;
            no.max_retries = (unsigned)x;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("publish", "unknown option '%s'", a);
        } else if (path) {
            return usage_error("publish", "one input at a time");
        } else {
            path = a;
        }
    }
    if (!no.url || !no.stream)
        return usage_error("publish", "--nats URL and --stream S are required");
    watch_catch_signals();
    uint64_t n = 0;
    int rc = nats_publish(&no, path ? path : "-", no.stream, &n);
    if (c->json)
        printf("{\"published\":%llu}\n", (unsigned long long)n);
    else
        fprintf(stderr, "telltale: published %llu post%s to '%s'\n", (unsigned long long)n,
                n == 1 ? "" : "s", cli_safe(no.stream));
    return rc;
}
