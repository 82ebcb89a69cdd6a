/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_trace.c: tracing never crashes, never accuses on arbitrary text, and reads a marked
 * copy right.  The first byte of the input picks the recipient (below) and the path:
 *
 *  - the rest holds a NUL byte: the bytes before it are a document, marked in memory (slots
 *    on the lexical and unicode channels and the code from a fixed key, no vault), and the
 *    bytes after it are the leak, aligned and read slot by slot.  An empty leak stands for
 *    the recipient's own copy, rendered from the code: every slot read in it must be read
 *    as that recipient's bit (a misread would accuse the wrong person).  So the fuzzer
 *    reaches the slot finder, the aligner and the reader with documents of its own making
 *    (repetitions, long runs of slots), not one fixed memo.
 *  - first byte 0xFF, no NUL: the rest is a leak of the memo below, traced through a vault
 *    made once per process (in /dev/shm when there is one), with the document given and
 *    detected.  Arbitrary text is no recipient's copy: an accusation would be a false one,
 *    so it aborts.  This path costs milliseconds (trace rebuilds the marking context from
 *    the vault and signs an audit log entry each time), so it is one value of one byte.
 *  - otherwise: the rest is a leak of the memo, read against the memo's marking context
 *    built once per process; only the leak varies.
 *
 * Inputs above 16 KiB are skipped: exec/s is what finds bugs.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "align.h"
#include "tardos.h"
#include "mark.h"
#include "slots.h"
#include "text.h"
#include "trace_internal.h"
#include "telltale/issue.h"
#include "telltale/trace.h"
#include "telltale/vault.h"

static const char memo[] =
    "The committee met on Tuesday in order to review the budget, the staffing plan, and the\n"
    "schedule for the coming year. Therefore, we agreed that the new office should open in\n"
    "the spring. The director said that the move toward the centre of town is the right\n"
    "choice, and we expect that the staff will cooperate with the e-mail instructions which\n"
    "are sent each week. If you have questions, you should contact the office manager.\n"
    "In addition, the committee will organize a meeting amongst the team leaders whilst the\n"
    "move takes place. Everyone should check the online calendar, and anyone who cannot\n"
    "attend should tell the secretary. The copy that you received is confidential; do not\n"
    "forward it. Finally, we thank everyone for their focus on the work, the patience, and\n"
    "the good humour shown during a difficult year.\n";

static tt_vault *vault;
static char dir[96];
static char doc[24];

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static void
cleanup(void)
{
    tt_vault_free(vault);
    if (dir[0])
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
setup(void)
{
    struct stat st;
    snprintf(dir, sizeof dir, "%s/tt-fuzz-trace-XXXXXX",
             stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
    char vdir[128], path[128], out[128];
    snprintf(vdir, sizeof vdir, "%s/vault", dir);
    snprintf(path, sizeof path, "%s/memo.txt", dir);
    snprintf(out, sizeof out, "%s/copies", dir);
    FILE *f = fopen(path, "w");
    if (!f || fwrite(memo, 1, sizeof memo - 1, f) != sizeof memo - 1 || fclose(f) != 0)
        abort();
    if (tt_vault_init(&vault, vdir) != 0)
        abort();
    const char *paths[] = {path};
    tt_doc_info info = {0};
    if (tt_vault_add_files(vault, paths, 1, NULL, &info) != 0)
        abort();
    snprintf(doc, sizeof doc, "%s", info.id);
    tt_doc_info_release(&info);
    tt_issuer *is = NULL;
    tt_mark_opts o = {.version = TT_MARK_OPTS_VERSION, .channels = "lexical,unicode"};
    if (tt_issuer_new(&is, vault, doc, &o) != 0)
        abort();
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "Recipient %d", i);
        tt_issued cp;
        if (tt_vault_recipient_add(vault, name, NULL, NULL, NULL) != 0 ||
            tt_issuer_copy(is, name, out, &cp) != 0)
            abort();
    }
    if (tt_issuer_finish(is) != 0)
        abort();
    tt_issuer_free(is);
}

/* A marking context of text[0..tl) (borrowed) without a vault, and the text's model. */
typedef struct marked {
    tt_mark m;
    tt_text t;
} marked;

static void
mark_open(marked *k, const char *text, size_t tl)
{
    static const unsigned char key[32] = {7, 1, 2, 3};
    memset(k, 0, sizeof *k);
    tt_slot_opts so = {.channels = TT_CH_LEXICAL | TT_CH_UNICODE};
    k->m.text = (char *)text;
    k->m.len = tl;
    k->m.row = 1;
    k->m.channels = so.channels;
    k->m.collusion = 1;
    if (tt_slots__find(&k->m.slots, text, tl, &so, NULL) != 0 ||
        tt_tardos__new(&k->m.code, key, 1, k->m.slots.n, 1, tt_tardos__default_cutoff(1), NULL) ||
        tt_text__build(&k->t, text, tl, NULL))
        abort(); /* out of memory: inputs are small */
}

static void
mark_close(marked *k)
{
    tt_text__release(&k->t);
    tt_tardos__free(k->m.code);
    tt_slots__release(&k->m.slots);
}

/* Read leak[0..ll) against k; an empty leak is the copy of recipient `who`, whose every
 * read slot must give that recipient's bit. */
static void
read_leak(marked *k, const char *leak, size_t ll, int64_t who)
{
    size_t ms = k->m.slots.n;
    uint8_t *truth = calloc(ms ? ms : 1, 1);
    int8_t *bits = malloc(ms ? ms : 1);
    char *copy = NULL;
    if (!truth || !bits)
        abort();
    if (ll == 0) {
        if (ms && tt_tardos__bits(k->m.code, who, truth) != 0)
            abort();
        tt_buf b;
        tt_buf_init(&b);
        if (tt_slots__render(&b, k->m.text, k->m.len, &k->m.slots, truth) != 0)
            abort();
        copy = tt_buf_detach(&b, &ll);
        leak = copy;
    }
    tt_text lt;
    tt_alignment al;
    if (tt_text__build(&lt, leak, ll, NULL) ||
        tt_align__words(&al, &k->t, &lt, 0, (uint32_t)k->t.nwords, 0, (uint32_t)lt.nwords, NULL))
        abort();
    size_t covered = 0;
    if (tt_trace__read(&k->m, &k->t, &lt, leak, &al, bits, &covered) != 0)
        abort();
    if (covered > ms)
        abort();
    for (size_t s = 0; s < ms; s++) {
        if (bits[s] < -1 || bits[s] > 1)
            abort();
        if (copy && bits[s] >= 0 && (uint8_t)bits[s] != truth[s]) {
            fprintf(stderr, "fuzz_trace: slot %zu (%s) of recipient %lld's own copy read as %d\n",
                    s, k->m.slots.v[s].rule, (long long)who, bits[s]);
            abort();
        }
    }
    tt_alignment__release(&al);
    tt_text__release(&lt);
    free(copy);
    free(bits);
    free(truth);
}

static marked memo_mark;
static int memo_marked;

static void
memo_close(void)
{
    mark_close(&memo_mark);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 1 << 14)
        return 0;
    const char *rest = (const char *)data + 1;
    size_t rl = size - 1;
    int64_t who = 1 + data[0] % 64;
    const char *nul = memchr(rest, '\0', rl);
    if (nul) {
        marked k;
        mark_open(&k, rest, (size_t)(nul - rest));
        read_leak(&k, nul + 1, rl - (size_t)(nul + 1 - rest), who);
        mark_close(&k);
        return 0;
    }
    if (data[0] != 0xFF) {
        if (!memo_marked) {
            mark_open(&memo_mark, memo, sizeof memo - 1);
            memo_marked = 1;
            atexit(memo_close);
        }
        read_leak(&memo_mark, rest, rl, who);
        return 0;
    }
    data = (const uint8_t *)rest;
    size = rl;
    if (!vault)
        setup();
    for (int with_doc = 0; with_doc < 2; with_doc++) {
        tt_trace_opts o = {.version = TT_TRACE_OPTS_VERSION, .doc = with_doc ? doc : NULL};
        tt_trace *t = NULL;
        if (tt_trace_run(vault, (const char *)data, size, &o, &t) == 0) {
            if (tt_trace_accused(t) != 0) {
                fprintf(stderr, "fuzz_trace: arbitrary text accused someone\n");
                abort();
            }
            for (size_t i = 0; i < tt_trace_nsuspects(t); i++) {
                tt_suspect s;
                tt_trace_suspect(t, i, &s);
                if (!(s.p_value >= 0 && s.p_value <= 1))
                    abort();
            }
        }
        tt_trace_free(t);
    }
    return 0;
}
