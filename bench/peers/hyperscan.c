/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hyperscan.c: the Hyperscan peer of `make bench`: compile one literal per line of a phrase
 * file into a Hyperscan block-mode database (hs_compile_lit_multi, case-sensitive, single
 * match per pattern) and scan a haystack file with it, timing the scan alone.
 *
 * Usage: bench-hyperscan PHRASES HAYSTACK [REPEATS]
 * Prints one JSON object: patterns, bytes, compile seconds, best scan seconds over REPEATS
 * (default 3), MB/s, matches (of the last run), database bytes.  Single thread.  The haystack
 * is read into memory first and scanned in blocks of 16 MiB (a match crossing a block edge
 * may be missed; with 40-byte phrases that is at most a handful of positions per 16 MiB, and
 * it does not change the speed).
 *
 * Built by bench/run.sh only when pkg-config finds libhs: it is outside the bench/ C glob on purpose,
 * so that the Makefile does not need Hyperscan.
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench-hyperscan: cannot read '%s'\n", path);
        exit(2);
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        if (!buf) {
            fprintf(stderr, "bench-hyperscan: out of memory\n");
            exit(2);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int
on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags,
         void *ctx)
{
    (void)id;
    (void)from;
    (void)to;
    (void)flags;
    ++*(unsigned long long *)ctx;
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-hyperscan PHRASES HAYSTACK [REPEATS]\n");
        return 2;
    }
    int repeats = argc > 3 ? atoi(argv[3]) : 3;
    size_t plen, hlen;
    char *phr = slurp(argv[1], &plen);
    char *hay = slurp(argv[2], &hlen);

    size_t n = 0, cap = 1024;
    const char **pats = malloc(cap * sizeof *pats);
    size_t *lens = malloc(cap * sizeof *lens);
    unsigned *flags = malloc(cap * sizeof *flags), *ids = malloc(cap * sizeof *ids);
    for (char *p = phr; p < phr + plen;) {
        char *e = memchr(p, '\n', (size_t)(phr + plen - p));
        if (!e)
            e = phr + plen;
        if (e > p) {
            if (n == cap) {
                cap *= 2;
                pats = realloc(pats, cap * sizeof *pats);
                lens = realloc(lens, cap * sizeof *lens);
                flags = realloc(flags, cap * sizeof *flags);
                ids = realloc(ids, cap * sizeof *ids);
            }
            pats[n] = p;
            lens[n] = (size_t)(e - p);
            flags[n] = HS_FLAG_SINGLEMATCH;
            ids[n] = (unsigned)n;
            n++;
        }
        p = e + 1;
    }

    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    double t0 = now();
    if (hs_compile_lit_multi(pats, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &db, &err) !=
        HS_SUCCESS) {
        fprintf(stderr, "bench-hyperscan: compile failed: %s\n", err ? err->message : "?");
        return 2;
    }
    double compile_s = now() - t0;
    size_t dbsize = 0;
    hs_database_size(db, &dbsize);
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
        fprintf(stderr, "bench-hyperscan: cannot allocate scratch\n");
        return 2;
    }
    const size_t block = (size_t)16 << 20;
    double best = 1e30;
    unsigned long long matches = 0;
    for (int r = 0; r < repeats; r++) {
        matches = 0;
        t0 = now();
        for (size_t off = 0; off < hlen; off += block) {
            size_t len = hlen - off < block ? hlen - off : block;
            if (hs_scan(db, hay + off, (unsigned)len, 0, scratch, on_match, &matches) != HS_SUCCESS) {
                fprintf(stderr, "bench-hyperscan: scan failed\n");
                return 2;
            }
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("{\"patterns\": %zu, \"bytes\": %zu, \"compile_s\": %.4f, \"scan_s\": %.4f, "
           "\"mb_per_s\": %.1f, \"matches\": %llu, \"db_bytes\": %zu}\n",
           n, hlen, compile_s, best, (double)hlen / 1e6 / best, matches, dbsize);
    hs_free_scratch(scratch);
    hs_free_database(db);
    free(pats);
    free(lens);
    free(flags);
    free(ids);
    free(phr);
    free(hay);
    return 0;
}
