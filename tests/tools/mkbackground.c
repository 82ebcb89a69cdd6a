/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mkbackground: build the background model of ordinary language (src/lib/bgmodel.h) from
 * texts grouped by source.  Not installed; data/background/build runs it.
 *
 *   mkbackground --min-df N --out FILE < RECORDS
 *
 * RECORDS is a stream of sources, each "LEN\n" then LEN bytes of UTF-8 text (all the text of
 * one source: one Debian package).  Every k-gram of each source's units (normalize.c, the
 * rolling hash of winnow.h: the very fingerprints the index stores, before winnowing) is
 * counted once per source; the k-grams at least N sources hold go into a xor filter, written
 * to FILE (docs/FORMATS.md §2.6).  A summary goes to stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgmodel.h"
#include "normalize.h"
#include "winnow.h"
#include "common.h"

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Every k-gram hash of text (winnowing with w = 1 selects each k-gram), appended. */
static int
kgrams(const char *text, size_t len, uint64_t **v, size_t *n, size_t *cap)
{
    tt_norm st;
    tt_norm__init(&st, 0);
    tt_winnow w;
    tt_winnow__init(&w, TT_WINNOW_K, 1);
    tt_nunit buf[1024];
    size_t pos = 0;
    for (;;) {
        size_t got;
        pos += tt_norm__run(&st, text + pos, len - pos, 1, buf, TT_ARRAY_LEN(buf), &got);
        for (size_t i = 0; i < got; i++) {
            tt_fp fp;
            if (tt_winnow__push(&w, buf[i].cp, &fp)) {
                if (tt__grow(v, cap, *n + 1, sizeof **v))
                    return -1;
                (*v)[(*n)++] = fp.hash;
            }
        }
        if (pos == len && !st.has_pend)
            break;
    }
    return 0;
}

/* Build the xor filter of keys[0..n) (distinct): 0, or -1 when peeling fails for every seed
 * tried. */
static int
xor_build(const uint64_t *keys, size_t n, uint64_t *seed_out, uint32_t *block_out,
          uint8_t **slots_out)
{
    uint32_t block = (uint32_t)((32 + 1.23 * (double)n) / 3) + 1;
    size_t ns = (size_t)3 * block;
    uint64_t *xm = malloc(ns * sizeof *xm);
    uint32_t *cnt = malloc(ns * sizeof *cnt);
    uint32_t *queue = malloc(ns * sizeof *queue);
    uint64_t *stack_h = malloc(n * sizeof *stack_h);
    uint32_t *stack_s = malloc(n * sizeof *stack_s);
    uint8_t *slot = calloc(ns, 1);
    int rc = -1;
    if (!xm || !cnt || !queue || !stack_h || !stack_s || !slot)
        goto out;
    uint64_t seed = 0x5eed0fbac4f00d01ull;
    for (int attempt = 0; attempt < 64; attempt++, seed = tt_bgmodel__hash(seed, attempt)) {
        memset(xm, 0, ns * sizeof *xm);
        memset(cnt, 0, ns * sizeof *cnt);
        for (size_t i = 0; i < n; i++) {
            uint64_t h = tt_bgmodel__hash(keys[i], seed);
            uint32_t s[3];
            tt_bgmodel__slots(h, block, s);
            for (int j = 0; j < 3; j++) {
                xm[s[j]] ^= h;
                cnt[s[j]]++;
            }
        }
        size_t qn = 0, sn = 0;
        for (size_t i = 0; i < ns; i++)
            if (cnt[i] == 1)
                queue[qn++] = (uint32_t)i;
        while (qn) {
            uint32_t i = queue[--qn];
            if (cnt[i] != 1)
                continue;
            uint64_t h = xm[i];
            stack_h[sn] = h;
            stack_s[sn++] = i;
            uint32_t s[3];
            tt_bgmodel__slots(h, block, s);
            for (int j = 0; j < 3; j++) {
                xm[s[j]] ^= h;
                if (--cnt[s[j]] == 1)
                    queue[qn++] = s[j];
            }
        }
        if (sn != n)
            continue;
        memset(slot, 0, ns);
        while (sn--) {
            uint64_t h = stack_h[sn];
            uint32_t s[3];
            tt_bgmodel__slots(h, block, s);
            uint8_t f = tt_bgmodel__fp(h);
            uint32_t me = stack_s[sn];
            for (int j = 0; j < 3; j++)
                if (s[j] != me)
                    f ^= slot[s[j]];
            slot[me] = f;
        }
        *seed_out = seed;
        *block_out = block;
        *slots_out = slot;
        slot = NULL;
        rc = 0;
        break;
    }
out:
    free(xm);
    free(cnt);
    free(queue);
    free(stack_h);
    free(stack_s);
    free(slot);
    return rc;
}

static void
put32(uint8_t *p, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(x >> (8 * i));
}

static void
put64(uint8_t *p, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(x >> (8 * i));
}

int
main(int argc, char **argv)
{
    unsigned min_df = 0;
    const char *outp = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--min-df") == 0)
            min_df = (unsigned)strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--out") == 0)
            outp = argv[i + 1];
    }
    if (!min_df || !outp) {
        fprintf(stderr, "usage: mkbackground --min-df N --out FILE < RECORDS\n");
        return 2;
    }
    uint64_t *all = NULL, *one = NULL;
    size_t nall = 0, acap = 0, ocap = 0;
    uint32_t sources = 0;
    uint64_t bytes = 0;
    char *text = NULL;
    unsigned long long len;
    while (scanf("%llu", &len) == 1) {
        if (getchar() != '\n' || len > ((size_t)1 << 31)) {
            fprintf(stderr, "mkbackground: bad record header\n");
            return 1;
        }
        free(text);
        text = malloc(len + 1);
        if (!text || fread(text, 1, len, stdin) != len) {
            fprintf(stderr, "mkbackground: short record\n");
            return 1;
        }
        size_t n1 = 0;
        if (kgrams(text, len, &one, &n1, &ocap)) {
            fprintf(stderr, "mkbackground: out of memory\n");
            return 1;
        }
        qsort(one, n1, sizeof *one, cmp_u64);
        size_t u = 0;
        for (size_t i = 0; i < n1; i++)
            if (i == 0 || one[i] != one[i - 1])
                one[u++] = one[i];
        if (tt__grow(&all, &acap, nall + u, sizeof *all)) {
            fprintf(stderr, "mkbackground: out of memory\n");
            return 1;
        }
        memcpy(all + nall, one, u * sizeof *one);
        nall += u;
        sources++;
        bytes += len;
    }
    free(text);
    free(one);
    qsort(all, nall, sizeof *all, cmp_u64);
    size_t nk = 0, distinct = 0;
    for (size_t i = 0; i < nall;) {
        size_t j = i;
        while (j < nall && all[j] == all[i])
            j++;
        distinct++;
        if (j - i >= min_df)
            all[nk++] = all[i];
        i = j;
    }
    uint64_t seed;
    uint32_t block;
    uint8_t *slot;
    if (xor_build(all, nk, &seed, &block, &slot)) {
        fprintf(stderr, "mkbackground: cannot build the filter\n");
        return 1;
    }
    uint8_t hdr[TT_BGMODEL_HDR];
    memcpy(hdr, TT_BGMODEL_MAGIC, 8);
    put32(hdr + 8, TT_WINNOW_K);
    put32(hdr + 12, min_df);
    put64(hdr + 16, nk);
    put64(hdr + 24, seed);
    put32(hdr + 32, block);
    put32(hdr + 36, sources);
    put64(hdr + 40, bytes);
    FILE *f = fopen(outp, "wb");
    if (!f || fwrite(hdr, 1, sizeof hdr, f) != sizeof hdr ||
        fwrite(slot, 1, (size_t)3 * block, f) != (size_t)3 * block || fclose(f) != 0) {
        fprintf(stderr, "mkbackground: cannot write %s: %s\n", outp, strerror(errno));
        return 1;
    }
    /* self-check: every key is found */
    tt_bgmodel m = {.slot = slot};
    memcpy(m.h.magic, TT_BGMODEL_MAGIC, 8);
    m.h.seed = seed;
    m.h.block = block;
    for (size_t i = 0; i < nk; i++)
        if (!tt_bgmodel__test(&m, all[i])) {
            fprintf(stderr, "mkbackground: key %zu not found: the filter is broken\n", i);
            return 1;
        }
    fprintf(stderr,
            "mkbackground: %u sources, %llu bytes, %zu distinct k-grams, %zu held by >= %u "
            "sources, %zu bytes\n",
            sources, (unsigned long long)bytes, distinct, nk, min_df,
            (size_t)TT_BGMODEL_HDR + (size_t)3 * block);
    free(slot);
    free(all);
    return 0;
}
