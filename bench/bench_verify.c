/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_verify.c: the cost of verify once the document is known (alignment and
 * classification; finding the document is the index's job, measured by the scan bench), and
 * the verify quality figures on real prose: a 5,000-word leak of the GPL with 2% typing noise
 * and planted alterations (numbers, names, negations): how many plants are reported, and what
 * share of aligned words noise turns into alterations.  Prints a results table on stdout.
 *   bench_verify [TEXT]      (default /usr/share/common-licenses/GPL-3)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static uint64_t rs = 88172645463325252ull;
static uint64_t
rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

/* 2% noise on lower-case letters: substitution, deletion, insertion, transposition. */
static char *
noise(const char *s, size_t n, double rate)
{
    char *o = malloc(2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z' && (double)(rnd() % 100000) / 1e5 < rate) {
            switch (rnd() % 4) {
            case 0: o[k++] = (char)('a' + rnd() % 26); break;
            case 1: break;
            case 2: o[k++] = c; o[k++] = (char)('a' + rnd() % 26); break;
            default:
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
    /* a 5,000-word leak: the text from its 300th word, with noise */
    const char *start = orig;
    for (int w = 0; w < 300 && *start; start++)
        if (*start == ' ' && start[1] != ' ')
            w++;
    char *leak = noise(start, strlen(start), 0.02);
    /* plant: every "not" -> "", a number change, a name change */
    size_t planted = 0, found = 0;
    const char *plants[][2] = {{" not ", " "}, {"three years", "four years"},
                               {"Free Software Foundation", "Free Software Institute"},
                               {"cannot", "can"}, {"30 days", "60 days"}, {"sixty days", "ninety days"}};
    for (size_t p = 0; p < sizeof plants / sizeof plants[0]; p++) {
        char *at = strstr(leak + 1000 * p, plants[p][0]);
        if (!at)
            continue;
        size_t a = strlen(plants[p][0]), b = strlen(plants[p][1]);
        memmove(at + b, at + a, strlen(at + a) + 1);
        memcpy(at, plants[p][1], b);
        planted++;
    }
    tt_verify_result *r = NULL;
    int reps = 20;
    double t0 = now();
    for (int i = 0; i < reps; i++) {
        tt_verify_result_free(r);
        if (tt_verify_text(orig, n, leak, strlen(leak), "bench", &r) != 0)
            return 2;
    }
    double ms = (now() - t0) / reps * 1000;
    size_t protected = 0;
    for (size_t k = 0; k < r->nchanges; k++) {
        const char *w = r->changes[k].what;
        if (!strcmp(w, "number") || !strcmp(w, "name") || !strcmp(w, "negation") || !strcmp(w, "date"))
            protected++;
    }
    found = r->nchanges;
    printf("verify-bench text=%s leak_words=%zu aligned_words=%zu\n", path, r->leak_words,
           r->aligned_words);
    printf("verify_ms_per_leak %.2f\n", ms);
    printf("planted %zu changes_reported %zu (number/name/negation/date %zu)\n", planted, found,
           protected);
    for (size_t k = 0; k < r->nchanges; k++)
        printf("  %s %s '%.40s' -> '%.40s'\n", tt_change_kind_name(r->changes[k].kind),
               r->changes[k].what, r->changes[k].original, r->changes[k].leaked);
    tt_verify_result_free(r);
    free(leak);
    free(orig);
    return 0;
}
