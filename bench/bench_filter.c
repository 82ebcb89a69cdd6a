/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_filter.c: the scanner's evidence prefilter (tt_bloom, scan_hotloop.h) measured in the
 * hot loop (scan_hotloop.c), the way bench_fastfp measures the loop alone: size, false
 * positive rate and ns per byte of each filter over one haystack, in the same run.
 *
 *   build/default/bench/bench_filter LIST HAYSTACK [REPS] [MAX_DOCS]
 *
 * LIST names the registered documents (one path a line, as bench/corpus.py writes them); the
 * index is built from them in memory (tt_index__from_texts).  The filters, all of the same
 * evidence fingerprints (held by at most ev_df documents, tt_index__evidence_df, not in the
 * background model): "old", sized as before index format 6 (a power of two of words, one word per 8
 * entries of the whole index); "index", the one the index built (bloom_ev); and the same
 * structure at 4, 6, 8 and 12 bits per key; plus "none" (passes nothing: the loop without
 * the filter's memory traffic).  REPS passes (default 3) of each, alternating, over
 * HAYSTACK.  One JSON line per filter: bytes, bits per key, selections, passes, true members
 * among them (the haystack's fingerprints the filter holds), false positive rate, ns/B.
 * Nothing is asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgmodel.h"
#include "common.h"
#include "index.h"
#include "scan_hotloop.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int
member(const uint64_t *s, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && s[lo] == h;
}

/* The documents holding hash h in ix. */
static size_t
df_of(const tt_index *ix, uint64_t h)
{
    const tt_index_entry *e;
    size_t m = tt_index__lookup(ix, h, &e), df = 0;
    for (size_t k = 0; k < m; k++)
        df += k == 0 || tt_index__doc(ix, tt_index__gpos(e[k])) !=
                            tt_index__doc(ix, tt_index__gpos(e[k - 1]));
    return df;
}

typedef struct filt {
    const char *name;
    tt_bloom b;
    double bpk, secs;
    size_t pass, truep;
} filt;

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_filter LIST HAYSTACK [REPS] [MAX_DOCS]\n");
        return 2;
    }
    int reps = argc > 3 ? atoi(argv[3]) : 3;
    size_t maxdocs = argc > 4 ? strtoul(argv[4], NULL, 10) : SIZE_MAX;
    if (reps < 1)
        reps = 1;
    char *list, *hay;
    size_t llen, hn;
    if (tt__read_file(NULL, argv[1], &list, &llen) || tt__read_file(NULL, argv[2], &hay, &hn)) {
        fprintf(stderr, "bench_filter: cannot read %s or %s\n", argv[1], argv[2]);
        return 1;
    }
    tt_index_src *src = NULL;
    size_t nsrc = 0, scap = 0, regbytes = 0;
    char *save = NULL;
    for (char *line = strtok_r(list, "\n", &save); line && nsrc < maxdocs;
         line = strtok_r(NULL, "\n", &save)) {
        char *t;
        size_t n;
        if (tt__read_file(NULL, line, &t, &n)) {
            fprintf(stderr, "bench_filter: cannot read %s\n", line);
            return 1;
        }
        if (tt__grow(&src, &scap, nsrc + 1, sizeof *src))
            return 1;
        src[nsrc++] = (tt_index_src){line, line, t, n};
        regbytes += n;
    }
    tt_index *ix;
    tt_err err = {0};
    if (tt_index__from_texts(&ix, src, nsrc, NULL, 0, &err)) {
        fprintf(stderr, "bench_filter: %s\n", err.msg);
        return 1;
    }
    /* the evidence keys, as finish_build chooses them */
    uint64_t *ev = NULL;
    size_t nev = 0, ecap = 0;
    const tt_bgmodel *model = tt_bgmodel__builtin();
    tt_fp *fps = NULL;
    size_t nf = 0, fcap = 0;
    for (size_t d = 0; d < nsrc; d++) {
        nf = 0;
        if (tt_index__fingerprints(&fps, &nf, &fcap, src[d].text, src[d].len, NULL))
            return 1;
        for (size_t i = 0; i < nf; i++) {
            size_t df = df_of(ix, fps[i].hash);
            if (df < 1 || df > ix->ev_df || tt_bgmodel__test(model, fps[i].hash))
                continue;
            if (tt__grow(&ev, &ecap, nev + 1, sizeof *ev))
                return 1;
            ev[nev++] = fps[i].hash;
        }
    }
    /* every kept entry's hash (the index's own, before packing: groups held by more than
     * TT_INDEX_MAX_DF documents dropped), to count what the 8-byte entries' residues add */
    uint64_t *kept = NULL;
    size_t nkept = 0, kcap = 0;
    for (size_t d = 0; d < nsrc; d++) {
        nf = 0;
        if (tt_index__fingerprints(&fps, &nf, &fcap, src[d].text, src[d].len, NULL) ||
            tt__grow(&kept, &kcap, nkept + nf, sizeof *kept))
            return 1;
        for (size_t i = 0; i < nf; i++)
            kept[nkept++] = fps[i].hash;
    }
    qsort(kept, nkept, sizeof *kept, cmp_u64);
    qsort(ev, nev, sizeof *ev, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < nev; i++)
        if (!u || ev[u - 1] != ev[i])
            ev[u++] = ev[i];
    nev = u;
    /* the filters */
    size_t oldw = 1;
    while (oldw * 8 < ix->n)
        oldw <<= 1;
    static const unsigned bpks[] = {4, 6, 8, 12};
    filt f[8];
    size_t nfl = 0;
    uint64_t w0 = 0;
    f[nfl++] = (filt){"none", {&w0, 1}, 0, 0, 0, 0};
    f[nfl++] = (filt){"old", {calloc(oldw, 8), oldw}, 0, 0, 0, 0};
    f[nfl++] = (filt){"index", ix->bloom_ev, 0, 0, 0, 0};
    for (size_t i = 0; i < TT_ARRAY_LEN(bpks); i++) {
        size_t nw = (nev * bpks[i] + 63) / 64;
        f[nfl++] = (filt){NULL, {calloc(nw ? nw : 1, 8), nw ? nw : 1}, 0, 0, 0, 0};
    }
    for (size_t k = 1; k < nfl; k++) {
        if (!f[k].b.w)
            return 1;
        if (k != 2)
            for (size_t i = 0; i < nev; i++)
                tt_bloom__add(&f[k].b, ev[i]);
        f[k].bpk = nev ? (double)f[k].b.nwords * 64 / (double)nev : 0;
    }
    tt_fpx *o = NULL;
    size_t no = 0, co = 0, nfp = 0;
    for (int r = 0; r < reps; r++)
        for (size_t k = 0; k < nfl; k++) {
            no = 0;
            double a = now();
            if (tt_hotloop__run(hay, hn, 0, &f[k].b, &o, &no, &co, &nfp))
                return 1;
            f[k].secs += now() - a;
            f[k].pass = no;
            f[k].truep = 0;
            for (size_t i = 0; i < no; i++)
                f[k].truep += member(ev, nev, o[i].hash);
        }
    /* postings of every haystack selection: the lookup's (slot + residue) against the exact
     * 64-bit hash's; the difference is what residue collisions add as candidates */
    size_t exact = 0, got = 0, sel_extra = 0;
    no = 0;
    if (tt_hotloop__run(hay, hn, 0, NULL, &o, &no, &co, &nfp))
        return 1;
    for (size_t i = 0; i < no; i++) {
        const tt_index_entry *e;
        size_t m = tt_index__lookup(ix, o[i].hash, &e);
        size_t lo = 0, hi = nkept;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (kept[mid] < o[i].hash)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t j = lo;
        while (j < nkept && kept[j] == o[i].hash)
            j++;
        size_t x = j - lo;
        if (x && df_of(ix, o[i].hash) == 0)
            x = 0; /* a group dropped for its document frequency */
        exact += x;
        got += m;
        sel_extra += m != x;
    }
    printf("{\"entries\": %zu, \"entry_bytes\": %zu, \"selections\": %zu, "
           "\"postings_exact\": %zu, \"postings_looked_up\": %zu, "
           "\"selections_with_residue_candidates\": %zu}\n",
           ix->n, sizeof(tt_index_entry), no, exact, got, sel_extra);
    free(kept);
    for (size_t k = 0; k < nfl; k++) {
        char name[16];
        snprintf(name, sizeof name, "%s", f[k].name ? f[k].name : "");
        if (!f[k].name)
            snprintf(name, sizeof name, "%.0f bits/key", f[k].bpk);
        double fpr = nfp > f[k].truep ? (double)(f[k].pass - f[k].truep) /
                                            (double)(nfp - f[k].truep)
                                      : 0;
        printf("{\"filter\": \"%s\", \"docs\": %zu, \"registered_bytes\": %zu, "
               "\"evidence_keys\": %zu, \"filter_bytes\": %zu, \"bits_per_key\": %.2f, "
               "\"haystack_bytes\": %zu, \"reps\": %d, \"selections\": %zu, \"passed\": %zu, "
               "\"true_members\": %zu, \"fpr\": %.5f, \"ns_per_byte\": %.3f}\n",
               name, nsrc, regbytes, nev, k ? f[k].b.nwords * 8 : 0, k ? f[k].bpk : 0, hn, reps,
               nfp, f[k].pass, f[k].truep, fpr, f[k].secs * 1e9 / ((double)hn * reps));
    }
    for (size_t k = 1; k < nfl; k++)
        if (k != 2)
            free(f[k].b.w);
    free(o);
    free(fps);
    free(ev);
    tt_index_free(ix);
    for (size_t d = 0; d < nsrc; d++)
        free((char *)src[d].text);
    free(src);
    free(list);
    free(hay);
    return 0;
}
