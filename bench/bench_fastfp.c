/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_fastfp.c: the scanner's hot loop alone (scan_hotloop.c: bytes -> units -> k-gram hashes ->
 * winnowing -> prefilter), per byte stage, on one file of real prose.
 *
 *   build/default/bench/bench_fastfp FILE [REPS [STAGE]]
 *
 * For each set of stages the CPU has (tt_hotloop__simd: 0 the portable scalar loops, 1 the
 * AVX2 byte stage, 2 the AVX2 byte stage and hash and winnow stage), alternating so all see
 * the same machine load, REPS passes (default 3) over the whole file with a prefilter that
 * passes nothing (so the figure is the fingerprinting alone, not the index).  Prints one JSON
 * line per stage: ns per byte, MB/s, the fingerprints selected, and whether they and their
 * spans equal the scalar stage's.  STAGE runs that one only (for instruction counts, which a
 * shared machine's load does not change:
 * `valgrind --tool=callgrind build/default/bench/bench_fastfp FILE 1 2`).  Nothing is asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "scan_hotloop.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_fastfp FILE [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    if (reps < 1)
        reps = 1;
    char *t;
    size_t n;
    if (tt__read_file(NULL, argv[1], &t, &n)) {
        fprintf(stderr, "bench_fastfp: cannot read %s\n", argv[1]);
        return 1;
    }
    static const char *name[3] = {"scalar", "avx2-bytes", "avx2"};
    int nst = tt_hotloop__simd(-1) + 1, only = argc > 3 ? atoi(argv[3]) : -1;
    if (only >= nst) {
        fprintf(stderr, "bench_fastfp: this CPU has no stage %d\n", only);
        return 2;
    }
    uint64_t w0 = 0;
    tt_bloom none = {&w0, 1}; /* one empty word: passes nothing */
    double secs[3] = {0, 0, 0};
    size_t nfp[3] = {0, 0, 0};
    tt_fpx *all[3] = {NULL, NULL, NULL};
    size_t nall[3] = {0, 0, 0}, call[3] = {0, 0, 0};
    tt_fpx *o = NULL;
    size_t no = 0, co = 0;
    for (int r = 0; r < reps; r++) {
        for (int s = 0; s < nst; s++) {
            if (only >= 0 && s != only)
                continue;
            tt_hotloop__simd(s);
            no = 0;
            double a = now();
            if (tt_hotloop__run(t, n, 0, &none, &o, &no, &co, &nfp[s]))
                return 1;
            secs[s] += now() - a;
        }
    }
    if (only >= 0) {
        printf("{\"stage\": \"%s\", \"bytes\": %zu, \"reps\": %d, \"fingerprints\": %zu}\n",
               name[only], n, reps, nfp[only]);
        free(o);
        free(t);
        return 0;
    }
    for (int s = 0; s < nst; s++) { /* the selections with spans, to compare the stages */
        tt_hotloop__simd(s);
        if (tt_hotloop__run(t, n, 0, NULL, &all[s], &nall[s], &call[s], NULL))
            return 1;
    }
    for (int s = 0; s < nst; s++) {
        int same = nall[s] == nall[0] &&
                   (!nall[0] || !memcmp(all[s], all[0], nall[0] * sizeof *all[0]));
        printf("{\"stage\": \"%s\", \"bytes\": %zu, \"reps\": %d, \"ns_per_byte\": %.2f, "
               "\"mb_per_s\": %.1f, \"fingerprints\": %zu, \"same_as_scalar\": %s}\n",
               name[s], n, reps, secs[s] * 1e9 / ((double)n * reps),
               (double)n * reps / secs[s] / 1e6, nfp[s], same ? "true" : "false");
    }
    for (int s = 0; s < nst; s++)
        free(all[s]);
    free(o);
    free(t);
    return 0;
}
