/* SPDX-License-Identifier: Apache-2.0 */
/*
 * natsq.c: telltale's NATS JetStream side (libnats, the C client): `watch --nats` workers,
 * `collect`, and `publish`.  The only file that calls libnats, which is loaded at the start
 * of each of the three (cli_natsdl.h: the program does not link it, so other commands never
 * pay for it); without it they fail, naming the library.
 *
 * Streams.  Posts: a stream named S whose one subject is S, work-queue retention (a post is
 * removed once a worker acknowledged it), file storage.  Findings: stream TELLTALE_FINDINGS
 * on the findings subject (default telltale.findings), work-queue retention, drained by
 * `collect`.  Whoever comes first (publish, a worker, the collector) creates a missing
 * stream; an existing one is used as it is.
 *
 * Delivery.  Workers share one durable pull consumer (--consumer, default "telltale"), so N
 * workers on N machines split the posts.  A worker fetches at most --batch posts (the bound
 * on posts in flight), scans them, makes their findings durable (recorded in the vault when
 * it has one, and published to the findings subject with a JetStream acknowledgement,
 * Nats-Msg-Id = the finding's identity so the server drops a republished duplicate), and
 * only then acknowledges the posts.  A worker killed at any moment leaves its unacknowledged
 * posts to be redelivered after the ack wait (30 s) to whichever worker asks next; the
 * findings of a post scanned twice are the same rows, which the vault records once
 * (source, post, document, span).  At-least-once delivery, exactly-once records.
 *
 * Faults.  An unreachable server is retried with exponential backoff (0.25 s to 8 s, a
 * message each time, never a busy loop) until --retries attempts or SIGTERM; a server lost
 * midway is reconnected by the client library while the loop backs off the same way;
 * nothing is acknowledged that was not stored.
 */
#include <errno.h>
#include <jansson.h>
#include <nats/nats.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_nats.h"
#include "cli_natsdl.h" /* after <nats/nats.h>: its calls become table calls */
#include "cli_watch.h"


/* The buffer a fetched batch is joined into, and line -> message. */
typedef struct tt_buf_cli {
    char *p;
    size_t len, cap;
    int map[4096]; /* --batch is at most 4096 */
} tt_buf_cli;

typedef struct conn {
    natsConnection *nc;
    jsCtx *js;
    const char *url;
} conn;

static void
conn_close(conn *c)
{
    jsCtx_Destroy(c->js);
    c->js = NULL;
    if (c->nc) {
        natsConnection_Destroy(c->nc);
        c->nc = NULL;
    }
}

/* The client library's last error without its "(file.c:123): " prefix, else the text of
 * the status. */
static const char *
nats_why(natsStatus s)
{
    const char *t = nats_GetLastError(NULL);
    if (!t || !*t)
        return natsStatus_GetText(s);
    if (t[0] == '(') {
        const char *e = strstr(t, "): ");
        if (e)
            t = e + 3;
    }
    return t;
}

/* conn_open: a stop was asked for (SIGTERM) while waiting for the server. */
#define STOPPED 3

/* Connect, retrying with backoff.  0; STOPPED when a stop was asked for meanwhile; or
 * EXIT_TROUBLE (message printed) when the attempts ran out. */
static int
conn_open(conn *c, const char *url, unsigned max_retries)
{
    memset(c, 0, sizeof c[0]);
    c->url = url;
    unsigned wait = 250;
    for (unsigned attempt = 1;; attempt++) {
        natsOptions *o = NULL;
        natsStatus s = natsOptions_Create(&o);
        if (s == NATS_OK)
            s = natsOptions_SetURL(o, url);
        if (s == NATS_OK)
            s = natsOptions_SetTimeout(o, 2000);
        if (s == NATS_OK)
            s = natsOptions_SetAllowReconnect(o, true);
        if (s == NATS_OK)
            s = natsOptions_SetMaxReconnect(o, -1); /* after the first connect: forever */
        if (s == NATS_OK)
            s = natsOptions_SetReconnectWait(o, 500);
        if (s == NATS_OK)
            s = natsConnection_Connect(&c->nc, o);
        natsOptions_Destroy(o);
        if (s == NATS_OK)
            s = natsConnection_JetStream(&c->js, c->nc, NULL);
        if (s == NATS_OK)
            return 0;
        const char *why = nats_why(s);
        conn_close(c);
        if (s == NATS_INVALID_ARG || s == NATS_ILLEGAL_STATE)
            return fail("cannot use the NATS URL '%s': %s", url, why);
        if (watch_stop) {
            /* asked to stop while waiting: a clean stop, nothing was taken */
            warn("stopped before the NATS server at '%s' could be reached: %s", url, why);
            return STOPPED;
        }
        if (max_retries && attempt >= max_retries)
            return fail("cannot reach the NATS server at '%s': %s (gave up after %u "
                        "attempt%s)",
                        url, why, attempt, attempt == 1 ? "" : "s");
        warn("cannot reach the NATS server at '%s': %s; retrying in %.2f s", url, why,
             wait / 1000.0);
        watch_sleep(wait);
        wait = wait < 8000 ? wait * 2 : 8000;
    }
}

/* Make sure stream name (on subject) exists; create it with work-queue retention if not. */
static int
ensure_stream(conn *c, const char *name, const char *subject)
{
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetStreamInfo(&si, c->js, name, NULL, &jerr);
    if (s == NATS_OK) {
        jsStreamInfo_Destroy(si);
        return 0;
    }
    if (s != NATS_NOT_FOUND && jerr != JSStreamNotFoundErr)
        return fail("cannot use the NATS stream '%s' at '%s': %s", name, c->url, nats_why(s));
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    const char *subjects[1] = {subject};
    cfg.Name = name;
    cfg.Subjects = subjects;
    cfg.SubjectsLen = 1;
    cfg.Retention = js_WorkQueuePolicy;
    cfg.Storage = js_FileStorage;
    s = js_AddStream(&si, c->js, &cfg, NULL, &jerr);
    if (s != NATS_OK && jerr != 10058 /* JSStreamNameExistErr: created meanwhile */)
        return fail("cannot create the NATS stream '%s' at '%s': %s", name, c->url,
                    nats_why(s));
    jsStreamInfo_Destroy(si);
    return 0;
}

static int
pull_subscribe(conn *c, natsSubscription **sub, const char *stream, const char *subject,
               const char *durable, unsigned batch, unsigned ack_wait)
{
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = stream;
    jsConsumerInfo *ci = NULL;
    jsErrCode jerr = 0;
    (void)batch;
    if (js_GetConsumerInfo(&ci, c->js, stream, durable, NULL, &jerr) == NATS_OK) {
        /* the shared consumer exists: bind to it as it is (its ack wait was set by the
         * worker that created it; asking for another would be refused) */
        jsConsumerInfo_Destroy(ci);
        so.Consumer = durable;
    } else {
        so.Config.AckPolicy = js_AckExplicit;
        so.Config.AckWait = (int64_t)(ack_wait ? ack_wait : 30) * 1000000000LL;
        so.Config.MaxAckPending = 100000;
    }
    natsStatus s = js_PullSubscribe(sub, c->js, subject, durable, NULL, &so, &jerr);
    if (s != NATS_OK)
        return fail("cannot consume the NATS stream '%s' at '%s': %s", stream, c->url,
                    nats_why(s));
    return 0;
}

/* One line on stderr: how far the shared consumer got (for the operator, the demo and the
 * tests: acknowledged = published when nothing is pending or awaiting an ack). */
static void
consumer_report(conn *c, const char *stream, const char *consumer)
{
    jsConsumerInfo *ci = NULL;
    jsErrCode jerr = 0;
    if (natsConnection_Status(c->nc) != NATS_CONN_STATUS_CONNECTED)
        return; /* nobody to ask: do not hold a stopping worker up */
    if (js_GetConsumerInfo(&ci, c->js, stream, consumer, NULL, &jerr) != NATS_OK)
        return;
    fprintf(stderr,
            "telltale: stream '%s', consumer '%s': acknowledged through %llu, delivered %llu, "
            "%llu pending, %lld awaiting ack, %lld redelivered\n",
            cli_safe(stream), cli_safe(consumer), (unsigned long long)ci->AckFloor.Stream,
            (unsigned long long)ci->Delivered.Stream, (unsigned long long)ci->NumPending,
            (long long)ci->NumAckPending, (long long)ci->NumRedelivered);
    jsConsumerInfo_Destroy(ci);
}

/* The identity of a finding row, for Nats-Msg-Id: the server drops a second publish of it
 * within its duplicate window. */
static void
row_msgid(char *out, size_t n, const tt_finding_row *r)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const char *parts[3] = {r->source, r->post, r->doc};
    for (int i = 0; i < 3; i++) {
        for (const char *p = parts[i]; *p; p++) {
            h ^= (unsigned char)*p;
            h *= 0x100000001b3ull;
        }
        h ^= 0xff;
        h *= 0x100000001b3ull;
    }
    snprintf(out, n, "%016llx-%llu-%llu-%llu-%llu", (unsigned long long)h,
             (unsigned long long)r->leak_start, (unsigned long long)r->leak_end,
             (unsigned long long)r->doc_start, (unsigned long long)r->doc_end);
}

/* Publish every row and wait for the server's acknowledgement of each.  0 or -1. */
static int
publish_rows(conn *c, const char *subject, const wrows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        jsPubOptions po;
        jsPubOptions_Init(&po);
        char id[160];
        row_msgid(id, sizeof id, &rows->r[i]);
        po.MsgId = id;
        jsPubAck *pa = NULL;
        jsErrCode jerr = 0;
        natsStatus s = js_Publish(&pa, c->js, subject, rows->r[i].json,
                                  (int)strlen(rows->r[i].json), &po, &jerr);
        jsPubAck_Destroy(pa);
        if (s != NATS_OK) {
            warn("cannot publish a finding to '%s': %s", subject, nats_why(s));
            return -1;
        }
    }
    return 0;
}

/* A message as a post: 0 with *id (malloc'd), text and extra filled from the JSON line, or
 * -1 when it is not a post (the reason printed). */
static int
parse_post(natsMsg *m, uint64_t seq, const char *stream, watcher *w, wrows *rows)
{
    const char *data = natsMsg_GetData(m);
    int len = natsMsg_GetDataLength(m);
    FILE *f = fmemopen((void *)(data ? data : ""), len > 0 ? (size_t)len : 0, "r");
    if (!f || len <= 0) {
        if (f)
            fclose(f);
        w->bad++;
        warn("'nats:%s': message %llu: empty, not a post", stream, (unsigned long long)seq);
        return 0;
    }
    tt_post_reader *r = NULL;
    if (watch_posts_open(w, &r, f)) {
        fclose(f);
        fail("out of memory");
        return -1;
    }
    char source[300];
    snprintf(source, sizeof source, "nats:%s", stream);
    const tt_post *p;
    int got, rc = 0, n = 0;
    while ((got = tt_posts_next(r, &p)) == 1) {
        if (p->error) {
            w->bad++;
            warn("'%s': message %llu: %s", source, (unsigned long long)seq, p->msg);
            continue;
        }
        char num[48];
        if (n == 0)
            snprintf(num, sizeof num, "seq-%llu", (unsigned long long)seq);
        else
            snprintf(num, sizeof num, "seq-%llu-%d", (unsigned long long)seq, n);
        n++;
        if (watch_scan_post(w, source, p->id ? p->id : num, p, rows)) {
            rc = -1;
            break;
        }
    }
    tt_posts_close(r);
    fclose(f);
    return rc;
}

/* The stream sequence of a message (0 when it has no JetStream metadata); *pending gets
 * how many posts wait behind it. */
static uint64_t
msg_seq(natsMsg *m, int64_t *pending)
{
    jsMsgMetaData *meta = NULL;
    uint64_t seq = 0;
    if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
        seq = meta->Sequence.Stream;
        *pending = (int64_t)meta->NumPending;
        jsMsgMetaData_Destroy(meta);
    }
    return seq;
}

/* Scan a fetched batch.  The messages that are one line each (the usual case) are joined
 * into one buffer and read by one post reader, line i being message i, so the per-post cost
 * is the scanner's, not a reader's setup; a message with a line break inside is read on its
 * own.  0, or -1 on a scanner failure. */
/* One fetch of up to o->batch messages for a worker or the collector, with the outage
 * handling both share: 1 with messages in *list (the caller destroys it); 0 when there is
 * nothing now (the stream is idle, or the server is lost: a message the first time, then
 * waits backing off from 250 ms to 8 s); -1 when --once and the stream is drained.  *wait
 * and *down carry the backoff between calls. */
static int
fetch_batch(watcher *w, conn *c, natsSubscription *sub, const nats_opts *o, natsMsgList *list,
            unsigned *wait, int *down)
{
    jsErrCode jerr = 0;
    natsStatus s = natsSubscription_Fetch(list, sub, (int)o->batch, 1000, &jerr);
    watch_tick(w, 0);
    /* while the client reconnects a fetch may just time out: ask the connection */
    if (s == NATS_TIMEOUT && natsConnection_Status(c->nc) != NATS_CONN_STATUS_CONNECTED)
        s = NATS_CONNECTION_DISCONNECTED;
    if (s == NATS_TIMEOUT) {
        natsMsgList_Destroy(list);
        *down = 0;
        *wait = 250;
        w->lag = 0;
        return o->once ? -1 : 0;
    }
    if (s != NATS_OK) {
        natsMsgList_Destroy(list);
        if (!*down)
            warn("lost the NATS server at '%s': %s; retrying with backoff", o->url,
                 nats_why(s));
        *down = 1;
        watch_sleep(*wait);
        *wait = *wait < 8000 ? *wait * 2 : 8000;
        return 0;
    }
    if (*down)
        warn("the NATS server at '%s' is back", o->url);
    *down = 0;
    *wait = 250;
    return 1;
}

static int
scan_batch(watcher *w, natsMsgList *list, const char *stream, wrows *rows, tt_buf_cli *buf)
{
    size_t nmap = 0;
    buf->len = 0;
    for (int i = 0; i < list->Count; i++) {
        natsMsg *m = list->Msgs[i];
        const char *d = natsMsg_GetData(m);
        int len = natsMsg_GetDataLength(m);
        while (len > 0 && (d[len - 1] == '\n' || d[len - 1] == '\r'))
            len--;
        if (len <= 0 || memchr(d, '\n', (size_t)len)) {
            uint64_t seq = msg_seq(m, &w->lag);
            if (parse_post(m, seq, stream, w, rows))
                return -1;
            continue;
        }
        if (buf->len + (size_t)len + 1 > buf->cap) {
            size_t c = (buf->len + (size_t)len + 1) * 2;
            char *p = realloc(buf->p, c);
            if (!p) {
                fail("out of memory");
                return -1;
            }
            buf->p = p;
            buf->cap = c;
        }
        memcpy(buf->p + buf->len, d, (size_t)len);
        buf->len += (size_t)len;
        buf->p[buf->len++] = '\n';
        buf->map[nmap++] = i;
    }
    if (nmap == 0)
        return 0;
    FILE *f = fmemopen(buf->p, buf->len, "r");
    tt_post_reader *r = NULL;
    if (!f || watch_posts_open(w, &r, f)) {
        if (f)
            fclose(f);
        fail("out of memory");
        return -1;
    }
    char source[300];
    snprintf(source, sizeof source, "nats:%s", stream);
    const tt_post *p;
    int got, rc = 0;
    while ((got = tt_posts_next(r, &p)) == 1) {
        if (p->line < 1 || p->line > nmap)
            continue; /* cannot happen: one line per message */
        natsMsg *m = list->Msgs[buf->map[p->line - 1]];
        uint64_t seq = msg_seq(m, &w->lag);
        if (p->error) {
            w->bad++;
            /* the reader names the line; the operator needs the message */
            const char *why = strchr(p->msg, ':');
            warn("'%s': message %llu%s", source, (unsigned long long)seq, why ? why : p->msg);
            continue;
        }
        char num[48];
        snprintf(num, sizeof num, "seq-%llu", (unsigned long long)seq);
        if (watch_scan_post(w, source, p->id ? p->id : num, p, rows)) {
            rc = -1;
            break;
        }
    }
    tt_posts_close(r);
    fclose(f);
    return rc;
}

int
nats_watch(watcher *w, const nats_opts *o)
{
    if (nats_load("watching over NATS"))
        return EXIT_TROUBLE;
    conn c;
    int rc = conn_open(&c, o->url, o->max_retries);
    if (rc)
        return rc == STOPPED ? 0 : rc;
    natsSubscription *sub = NULL;
    if (ensure_stream(&c, o->stream, o->stream) ||
        ensure_stream(&c, o->findings_stream, o->findings_subject) ||
        pull_subscribe(&c, &sub, o->stream, o->stream, o->consumer, o->batch, o->ack_wait)) {
        conn_close(&c);
        return EXIT_TROUBLE;
    }
    wrows rows = {0};
    tt_buf_cli *batchbuf = calloc(1, sizeof *batchbuf);
    unsigned wait = 250;
    int down = 0;
    if (!batchbuf) {
        natsSubscription_Destroy(sub);
        conn_close(&c);
        return fail("out of memory");
    }
    while (!watch_stop) {
        natsMsgList list = {0};
        int got = fetch_batch(w, &c, sub, o, &list, &wait, &down);
        if (got < 0)
            break;
        if (got == 0)
            continue;
        /* scan the batch; a finding is stored before any post of the batch is acked */
        if (scan_batch(w, &list, o->stream, &rows, batchbuf))
            rc = EXIT_TROUBLE;
        if (rc == 0 && watch_record(w, &rows, NULL, NULL))
            rc = EXIT_TROUBLE;
        int stored = rc == 0;
        if (stored && rows.n && publish_rows(&c, o->findings_subject, &rows)) {
            /* not published: the posts are not acked and come back after the ack wait;
             * the vault (if any) has the findings already and records them once */
            stored = 0;
        }
        wrows_clear(&rows);
        if (stored) {
            for (int i = 0; i < list.Count; i++)
                natsMsg_Ack(list.Msgs[i], NULL);
        }
        natsMsgList_Destroy(&list);
        if (!stored && rc == 0) {
            watch_sleep(wait);
            wait = wait < 8000 ? wait * 2 : 8000;
        }
        if (rc)
            break;
    }
    /* the acks are on the wire before we leave */
    natsConnection_FlushTimeout(c.nc, 2000);
    consumer_report(&c, o->stream, o->consumer);
    natsSubscription_Destroy(sub);
    wrows_free(&rows);
    free(batchbuf->p);
    free(batchbuf);
    conn_close(&c);
    return rc;
}

/* ---- collect: the findings subject into the vault ---- */

/* A published finding (one line of scan --json) as a row; 0, or -1 when it is not one. */
static int
row_from_json(tt_finding_row *r, const char *data, int len)
{
    memset(r, 0, sizeof *r);
    json_t *o = json_loadb(data, len > 0 ? (size_t)len : 0, 0, NULL);
    json_t *sp = o ? json_array_get(json_object_get(o, "spans"), 0) : NULL;
    const char *source = json_string_value(json_object_get(o, "source"));
    json_t *item = json_object_get(o, "item");
    const char *doc = json_string_value(json_object_get(o, "doc"));
    const char *fp = json_string_value(json_object_get(o, "fingerprint"));
    if (!o || !sp || !source || !doc || !fp || strlen(doc) >= sizeof r->doc ||
        !json_is_integer(json_object_get(sp, "leak_start")) ||
        !json_is_integer(json_object_get(sp, "leak_end")) ||
        !json_is_integer(json_object_get(sp, "doc_start")) ||
        !json_is_integer(json_object_get(sp, "doc_end")) || (item && !json_is_null(item) &&
                                                             !json_is_string(item))) {
        json_decref(o);
        return -1;
    }
    r->source = strdup(source);
    r->post = strdup(json_is_string(item) ? json_string_value(item) : "file");
    r->json = malloc((size_t)len + 1);
    if (r->json) {
        memcpy(r->json, data, (size_t)len);
        r->json[len] = '\0';
    }
    snprintf(r->doc, sizeof r->doc, "%s", doc);
    snprintf(r->fingerprint, sizeof r->fingerprint, "%s", fp);
    r->leak_start = (uint64_t)json_integer_value(json_object_get(sp, "leak_start"));
    r->leak_end = (uint64_t)json_integer_value(json_object_get(sp, "leak_end"));
    r->doc_start = (uint64_t)json_integer_value(json_object_get(sp, "doc_start"));
    r->doc_end = (uint64_t)json_integer_value(json_object_get(sp, "doc_end"));
    r->matched_words = (size_t)json_integer_value(json_object_get(o, "matched_words"));
    r->coverage = json_number_value(json_object_get(o, "coverage"));
    r->chance = json_number_value(json_object_get(o, "chance"));
    json_decref(o);
    if (!r->source || !r->post || !r->json) {
        free(r->source);
        free(r->post);
        free(r->json);
        memset(r, 0, sizeof *r);
        return -1;
    }
    return 0;
}

int
nats_collect(watcher *w, const nats_opts *o)
{
    if (nats_load("collecting over NATS"))
        return EXIT_TROUBLE;
    conn c;
    int rc = conn_open(&c, o->url, o->max_retries);
    if (rc)
        return rc == STOPPED ? 0 : rc;
    natsSubscription *sub = NULL;
    if (ensure_stream(&c, o->findings_stream, o->findings_subject) ||
        pull_subscribe(&c, &sub, o->findings_stream, o->findings_subject, o->consumer,
                       o->batch, o->ack_wait)) {
        conn_close(&c);
        return EXIT_TROUBLE;
    }
    wrows rows = {0};
    unsigned wait = 250;
    int down = 0;
    while (!watch_stop) {
        natsMsgList list = {0};
        int got = fetch_batch(w, &c, sub, o, &list, &wait, &down);
        if (got < 0)
            break;
        if (got == 0)
            continue;
        for (int i = 0; i < list.Count; i++) {
            natsMsg *m = list.Msgs[i];
            jsMsgMetaData *meta = NULL;
            if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
                w->lag = (int64_t)meta->NumPending;
                jsMsgMetaData_Destroy(meta);
            }
            if (rows.n == rows.cap) {
                size_t nc = rows.cap ? rows.cap * 2 : 64;
                tt_finding_row *p = realloc(rows.r, nc * sizeof *p);
                if (!p) {
                    rc = fail("out of memory");
                    break;
                }
                rows.r = p;
                rows.cap = nc;
            }
            w->posts++;
            w->bytes += (uint64_t)natsMsg_GetDataLength(m);
            if (row_from_json(&rows.r[rows.n], natsMsg_GetData(m), natsMsg_GetDataLength(m))) {
                w->bad++;
                warn("'%s': a message that is not a finding, dropped", o->findings_subject);
                continue;
            }
            rows.n++;
            w->findings++;
        }
        /* one transaction for the batch; acked only once committed */
        if (rc == 0 && watch_record(w, &rows, NULL, NULL))
            rc = EXIT_TROUBLE;
        wrows_clear(&rows);
        if (rc == 0)
            for (int i = 0; i < list.Count; i++)
                natsMsg_Ack(list.Msgs[i], NULL);
        natsMsgList_Destroy(&list);
        if (rc)
            break;
    }
    natsConnection_FlushTimeout(c.nc, 2000);
    consumer_report(&c, o->findings_stream, o->consumer);
    natsSubscription_Destroy(sub);
    wrows_free(&rows);
    conn_close(&c);
    return rc;
}

/* ---- publish: JSON lines into a stream ---- */

static volatile uint64_t pub_errors;

static void
on_pub_error(jsCtx *js, jsPubAckErr *pae, void *closure)
{
    (void)js;
    (void)pae;
    (void)closure;
    pub_errors++; /* the library calls this from its own thread, one at a time */
}

int
nats_publish(const nats_opts *o, const char *path, const char *subject, uint64_t *out_n)
{
    *out_n = 0;
    if (nats_load("publishing to NATS"))
        return EXIT_TROUBLE;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f)
        return fail("cannot read '%s': %s", path, tt_errno_text(errno));
    conn c;
    int crc = conn_open(&c, o->url, o->max_retries);
    if (crc) {
        if (f != stdin)
            fclose(f);
        return crc == STOPPED ? EXIT_TROUBLE : crc; /* publish stopped early: not all sent */
    }
    /* a context with bounded asynchronous publishes (backpressure) */
    jsCtx_Destroy(c.js);
    c.js = NULL;
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.PublishAsync.MaxPending = 4096;
    jo.PublishAsync.ErrHandler = on_pub_error;
    int rc = 0;
    if (natsConnection_JetStream(&c.js, c.nc, &jo) != NATS_OK)
        rc = fail("cannot use JetStream at '%s': %s", o->url, nats_why(NATS_ERR));
    if (rc == 0 && ensure_stream(&c, subject, subject))
        rc = EXIT_TROUBLE;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    uint64_t sent = 0;
    pub_errors = 0;
    while (rc == 0 && !watch_stop && (len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        natsStatus s = js_PublishAsync(c.js, subject, line, (int)len, NULL);
        if (s != NATS_OK) {
            rc = fail("cannot publish to '%s' at '%s': %s", subject, o->url, nats_why(s));
            break;
        }
        sent++;
    }
    if (rc == 0 && ferror(f))
        rc = fail("cannot read '%s': %s", path, tt_errno_text(errno));
    free(line);
    if (f != stdin)
        fclose(f);
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MaxWait = 60000;
    if (c.js && js_PublishAsyncComplete(c.js, &po) != NATS_OK && rc == 0)
        rc = fail("the NATS server at '%s' did not acknowledge every post", o->url);
    if (rc == 0 && pub_errors)
        rc = fail("the NATS server at '%s' refused %llu of %llu posts", o->url,
                  (unsigned long long)pub_errors, (unsigned long long)sent);
    *out_n = sent - pub_errors;
    conn_close(&c);
    return rc;
}
