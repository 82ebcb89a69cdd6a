/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_verify.c: the verify figures of issue 5, on real prose, as one JSON object on stdout
 * (bench/run.sh writes it to bench/results/verify.json).
 *
 *  1. Quality: 5,000-word leaks of the GPL-3 (from its 300th word), each with typing noise at
 *     a rate of 2% of lower-case letters (substitution, deletion, insertion, transposition of
 *     two letters, a doubled letter; one seed per trial), and 9 planted alterations (numbers,
 *     a date, names, negations).  A reported change whose leak span overlaps a planted one
 *     is a true finding; any other is a false alteration.  Reported: recall of the plants
 *     (must be 100%), false alterations and the share of aligned words they cover (< 1%).
 *  2. Time of the classification once the document is known (tt_verify_text), per leak.
 *  3. With BENCH_VAULT set (a vault with 10,000 registered documents and the GPL-3): the
 *     whole of verify (reading the leak, finding the document through the index, aligning,
 *     classifying; no audit entry) for one 5,000-word leak, first call and median of 5.
 *   bench_verify [TEXT]      (default /usr/share/common-licenses/GPL-3)
 * Figures are reported, never asserted.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scan_internal.h"
#include "telltale/scan.h"
#include "telltale/vault.h"
#include "telltale/verify.h"

static char *
slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    if (!b || fread(b, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    b[len] = '\0';
    *n = (size_t)len;
    return b;
}

static uint64_t rs;
static uint64_t
rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

/* Typing noise on lower-case letters at the given rate. */
static char *
noise(const char *s, size_t n, double rate)
{
    char *o = malloc(2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z' && (double)(rnd() % 100000) / 1e5 < rate) {
            switch (rnd() % 5) {
            case 0: o[k++] = (char)('a' + rnd() % 26); break;  /* substitution */
            case 1: break;                                     /* deletion */
            case 2: o[k++] = c; o[k++] = (char)('a' + rnd() % 26); break; /* insertion */
            case 3: o[k++] = c; o[k++] = c; break;             /* doubled */
            default:                                           /* transposition */
                if (i + 1 < n && s[i + 1] >= 'a' && s[i + 1] <= 'z') {
                    o[k++] = s[i + 1];
                    o[k++] = c;
                    i++;
                } else {
                    o[k++] = c;
                }
            }
        } else {
            o[k++] = c;
        }
    }
    o[k] = '\0';
    return o;
}

static double
now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The planted alterations: what, from, to (the first occurrence after the previous plant). */
static const char *const plants[][3] = {
    {"number", "three years", "four years"},
    {"negation", " not ", " "},
    {"number", "30 days", "60 days"},
    {"date", "20 December 1996", "20 December 1998"},
    {"name", "Free Software Foundation", "Free Software Institute"},
    {"negation", "cannot", "can"},
    {"number", "sixty days", "ninety days"},
    {"name", "WIPO", "OECD"},
    {"negation", " no ", " a "},
};
enum { NPLANTS = sizeof plants / sizeof plants[0], TRIALS = 20 };

typedef struct span {
    size_t s, e;
    const char *what;
} span;

/* Plant into leak (in place, it has room), each at its first occurrence; spans of the
 * planted text, kept right as later plants shift the bytes. */
static size_t
plant(char *leak, span *sp)
{
    size_t n = 0;
    for (size_t p = 0; p < NPLANTS; p++) {
        char *at = strstr(leak, plants[p][1]);
        if (!at)
            continue;
        size_t a = strlen(plants[p][1]), b = strlen(plants[p][2]), pos = (size_t)(at - leak);
        memmove(at + b, at + a, strlen(at + a) + 1);
        memcpy(at, plants[p][2], b);
        for (size_t q = 0; q < n; q++)
            if (sp[q].s >= pos + a) {
                sp[q].s = sp[q].s + b - a;
                sp[q].e = sp[q].e + b - a;
            }
        sp[n++] = (span){pos, pos + b, plants[p][0]};
    }
    return n;
}

int
main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/usr/share/common-licenses/GPL-3";
    size_t n;
    char *orig = slurp(path, &n);
    if (!orig) {
        fprintf(stderr, "bench_verify: cannot read '%s'\n", path);
        return 2;
    }
    const char *start = orig;
    for (int w = 0; w < 300 && *start; start++)
        if (*start == ' ' && start[1] != ' ')
            w++;
    size_t planted = 0, found = 0, false_changes = 0, false_words = 0, aligned = 0, words = 0;
    size_t by_kind_planted[4] = {0}, by_kind_found[4] = {0};
    static const char *const kinds[4] = {"number", "date", "name", "negation"};
    double *ms = calloc(TRIALS, sizeof *ms);
    char examples[8][160];
    size_t nex = 0;
    for (int t = 0; t < TRIALS; t++) {
        rs = 88172645463325252ull + (uint64_t)t * 0x9E3779B97F4A7C15ull;
        char *leak0 = noise(start, strlen(start), 0.02);
        char *leak = malloc(strlen(leak0) + 256);
        memcpy(leak, leak0, strlen(leak0) + 1);
        free(leak0);
        span sp[NPLANTS];
        size_t ns = plant(leak, sp);
        tt_verify_result *r = NULL;
        double t0 = now();
        if (tt_verify_text(orig, n, leak, strlen(leak), "bench", &r) != 0)
            return 2;
        ms[t] = (now() - t0) * 1000;
        bool hit[NPLANTS] = {0};
        for (size_t k = 0; k < r->nchanges; k++) {
            const tt_change *c = &r->changes[k];
            bool is_true = false;
            for (size_t q = 0; q < ns; q++) {
                size_t s = c->leak_start, e = c->leak_end > c->leak_start ? c->leak_end : s + 1;
                if (s < sp[q].e + 1 && e + 1 > sp[q].s) {
                    hit[q] = true;
                    is_true = true;
                }
            }
            if (!is_true) {
                false_changes++;
                size_t w = 1;
                for (const char *p = c->leaked; *p; p++)
                    w += *p == ' ';
                false_words += w;
                if (nex < 8)
                    snprintf(examples[nex++], sizeof examples[0], "%s %s '%.40s' -> '%.40s'",
                             tt_change_kind_name(c->kind), c->what, c->original, c->leaked);
            }
        }
        for (size_t q = 0; q < ns; q++) {
            planted++;
            found += hit[q];
            for (int k = 0; k < 4; k++)
                if (strcmp(sp[q].what, kinds[k]) == 0) {
                    by_kind_planted[k]++;
                    by_kind_found[k] += hit[q];
                }
        }
        aligned += r->aligned_words;
        words = r->leak_words;
        tt_verify_result_free(r);
        free(leak);
    }
    qsort(ms, TRIALS, sizeof *ms, cmp_d);
    printf("{\n  \"text\": \"%s\",\n  \"leak_words\": %zu,\n  \"trials\": %d,\n"
           "  \"noise_rate\": 0.02,\n",
           path, words, TRIALS);
    printf("  \"planted\": %zu,\n  \"planted_found\": %zu,\n  \"recall\": %.4f,\n", planted,
           found, planted ? (double)found / (double)planted : 0.0);
    printf("  \"recall_by_kind\": {");
    for (int k = 0; k < 4; k++)
        printf("%s\"%s\": [%zu, %zu]", k ? ", " : "", kinds[k], by_kind_found[k],
               by_kind_planted[k]);
    printf("},\n  \"aligned_words\": %zu,\n  \"false_alterations\": %zu,\n"
           "  \"false_alteration_words\": %zu,\n  \"false_alteration_rate\": %.5f,\n",
           aligned, false_changes, false_words,
           aligned ? (double)false_words / (double)aligned : 0.0);
    printf("  \"false_examples\": [");
    for (size_t k = 0; k < nex; k++) {
        printf("%s\"", k ? ", " : "");
        for (const char *p = examples[k]; *p; p++)
            if (*p == '"' || *p == '\\')
                printf("\\%c", *p);
            else if ((unsigned char)*p >= 0x20)
                putchar(*p);
        printf("\"");
    }
    printf("],\n  \"classify_ms_median\": %.2f,\n  \"classify_ms_max\": %.2f",
           ms[TRIALS / 2], ms[TRIALS - 1]);
    free(ms);

    /* the whole of verify against a vault of 10,000 documents */
    const char *vdir = getenv("BENCH_VAULT");
    if (vdir && *vdir) {
        tt_vault *v = NULL;
        if (tt_vault_open(&v, vdir) != 0) {
            fprintf(stderr, "bench_verify: cannot open '%s'\n", vdir);
            return 2;
        }
        rs = 1234567;
        char *leak = noise(start, strlen(start), 0.02);
        char lp[4096];
        const char *tmp = getenv("TMPDIR");
        snprintf(lp, sizeof lp, "%s/bench-verify-leak-%ld.txt", tmp ? tmp : "/tmp",
                 (long)getpid());
        FILE *f = fopen(lp, "wb");
        if (!f || fwrite(leak, 1, strlen(leak), f) != strlen(leak) || fclose(f) != 0)
            return 2;
        tt_verify_opts o = {.version = TT_VERIFY_OPTS_VERSION, .no_log = 1};
        double t5[5], first = 0;
        const char *verdict = "?", *doc = "";
        char docbuf[24] = "";
        size_t lw = 0;
        for (int k = 0; k < 6; k++) {
            tt_verify_result *r = NULL;
            double t0 = now();
            if (tt_verify_file(v, lp, &o, &r) != 0) {
                fprintf(stderr, "bench_verify: %s\n", tt_vault_errmsg(v));
                return 2;
            }
            double d = (now() - t0) * 1000;
            if (k == 0)
                first = d;
            else
                t5[k - 1] = d;
            verdict = tt_verdict_name(r->verdict);
            snprintf(docbuf, sizeof docbuf, "%s", r->doc);
            doc = docbuf;
            lw = r->leak_words;
            tt_verify_result_free(r);
        }
        qsort(t5, 5, sizeof *t5, cmp_d);
        printf(",\n  \"vault\": \"%s\",\n  \"vault_leak_words\": %zu,\n  \"vault_verdict\": "
               "\"%s\",\n  \"vault_doc\": \"%s\",\n  \"vault_verify_ms_first\": %.1f,\n"
               "  \"vault_verify_ms_median\": %.1f",
               vdir, lw, verdict, doc, first, t5[2]);
        /* where the time goes: loading the index (once per process), finding the candidates
         * with a loaded index, and verify with the document named (--doc: no index) */
        double tl[5], tc[5], td[5];
        size_t ndocs = 0;
        for (int k = 0; k < 5; k++) {
            tt_index *ix = NULL;
            double t0 = now();
            if (tt_index_open(&ix, v) != 0)
                return 2;
            tl[k] = (now() - t0) * 1000;
            tt_index_stats st;
            tt_index_stats_get(ix, &st);
            ndocs = st.docs;
            tt_candidate *c = NULL;
            size_t nc = 0;
            tt_err err = {0};
            t0 = now();
            if (tt_detect__candidates_ix(ix, leak, strlen(leak), &c, &nc, &err) != 0)
                return 2;
            tc[k] = (now() - t0) * 1000;
            free(c);
            tt_index_free(ix);
            tt_verify_opts od = {.version = TT_VERIFY_OPTS_VERSION, .no_log = 1, .doc = doc};
            tt_verify_result *r = NULL;
            t0 = now();
            if (tt_verify_file(v, lp, &od, &r) != 0)
                return 2;
            td[k] = (now() - t0) * 1000;
            tt_verify_result_free(r);
        }
        qsort(tl, 5, sizeof *tl, cmp_d);
        qsort(tc, 5, sizeof *tc, cmp_d);
        qsort(td, 5, sizeof *td, cmp_d);
        printf(",\n  \"vault_docs\": %zu,\n  \"index_load_ms_median\": %.1f,\n"
               "  \"candidates_ms_median\": %.1f,\n  \"verify_doc_known_ms_median\": %.1f,\n"
               "  \"verify_with_loaded_index_ms\": %.1f",
               ndocs, tl[2], tc[2], td[2], tc[2] + td[2]);
        remove(lp);
        free(leak);
        tt_vault_free(v);
    }
    printf("\n}\n");
    free(orig);
    return 0;
}
