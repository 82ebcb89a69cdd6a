/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bgmodel.h: the background model of ordinary language: a compact filter of the k-gram
 * fingerprints (winnow.h) that are frequent in large real corpora of everyday technical
 * English, so that a registered document's fingerprint found in it carries no evidence that
 * the document leaked (scan makes no hit of it).  The model ships inside the library (built
 * by data/background/build from Debian packages, see data/background/README.md; the file
 * format is docs/FORMATS.md §2.7) and is read-only.
 *
 * The filter is a xor filter with 8-bit fingerprints (Graf and Lemire, "Xor filters: faster
 * and smaller than Bloom and cuckoo filters", JEA 2020): about 9.8 bits per k-gram and a false
 * positive rate of 1/256, so about 0.4% of the fingerprints of any text are taken for common
 * by mistake, which costs recall nothing measurable (a finding rests on many fingerprints).
 * The builder (tests/tools/mkbackground.c) and the library share the functions below.
 */
#ifndef TT_BGMODEL_H
#define TT_BGMODEL_H

#include "common.h"

#define TT_BGMODEL_MAGIC "TTBGMOD\x01"
#define TT_BGMODEL_HDR 48 /* header bytes before the fingerprint array */

/* The header, little-endian on disk (every field at its natural offset). */
typedef struct tt_bgmodel_hdr {
    char magic[8];
    uint32_t k;            /* TT_WINNOW_K of the fingerprints */
    uint32_t min_df;       /* a k-gram is in the model when at least this many sources hold it */
    uint64_t nkeys;        /* k-grams in the model */
    uint64_t seed;         /* the xor filter's hash seed */
    uint32_t block;        /* the filter has 3 * block one-byte slots */
    uint32_t sources;      /* sources (packages) the model was built from */
    uint64_t corpus_bytes; /* bytes of text they gave */
} tt_bgmodel_hdr;

/* A loaded model: the header and the slots (borrowed). */
typedef struct tt_bgmodel {
    tt_bgmodel_hdr h;
    const uint8_t *slot;
} tt_bgmodel;

static inline uint64_t
tt_bgmodel__hash(uint64_t key, uint64_t seed)
{
    uint64_t h = key + seed;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline uint32_t
tt_bgmodel__reduce(uint32_t x, uint32_t n)
{
    return (uint32_t)(((uint64_t)x * n) >> 32);
}

static inline uint64_t
tt_bgmodel__rotl(uint64_t x, unsigned r)
{
    return r ? (x << r) | (x >> (64 - r)) : x;
}

/* The three slots of a hashed key and its 8-bit fingerprint. */
static inline void
tt_bgmodel__slots(uint64_t hash, uint32_t block, uint32_t s[3])
{
    s[0] = tt_bgmodel__reduce((uint32_t)hash, block);
    s[1] = tt_bgmodel__reduce((uint32_t)tt_bgmodel__rotl(hash, 21), block) + block;
    s[2] = tt_bgmodel__reduce((uint32_t)tt_bgmodel__rotl(hash, 42), block) + 2 * block;
}

static inline uint8_t
tt_bgmodel__fp(uint64_t hash)
{
    return (uint8_t)(hash ^ (hash >> 32));
}

/* Is the fingerprint h (a k-gram hash, winnow.h) in model m?  An empty model holds nothing. */
static inline int
tt_bgmodel__test(const tt_bgmodel *m, uint64_t h)
{
    if (!m->slot)
        return 0;
    uint64_t x = tt_bgmodel__hash(h, m->h.seed);
    uint32_t s[3];
    tt_bgmodel__slots(x, m->h.block, s);
    return tt_bgmodel__fp(x) == (m->slot[s[0]] ^ m->slot[s[1]] ^ m->slot[s[2]]);
}

/* Touch the three slots tt_bgmodel__test(m, h) will read, so that they are cached by then
 * (loads, not prefetch instructions: see tt_index__prefetch). */
static inline void
tt_bgmodel__prefetch(const tt_bgmodel *m, uint64_t h)
{
    if (!m->slot)
        return;
    uint64_t x = tt_bgmodel__hash(h, m->h.seed);
    uint32_t s[3];
    tt_bgmodel__slots(x, m->h.block, s);
    unsigned t = (unsigned)(m->slot[s[0]] ^ m->slot[s[1]] ^ m->slot[s[2]]);
    __asm__ volatile("" : : "r"(t)); /* keeps the loads */
}

/* Parse a model file's bytes: 0, or TT_EFORMAT when they are not a model of this build's k. */
int tt_bgmodel__parse(tt_bgmodel *m, const uint8_t *p, size_t len);

/* The model built into the library (an empty one if it failed to parse, which the unit test
 * test_bgmodel rules out). */
const tt_bgmodel *tt_bgmodel__builtin(void);

/* The builtin model's identity, stored in index.bin so that a cache built with another model
 * is rebuilt: 0 for an empty model. */
uint64_t tt_bgmodel__id(const tt_bgmodel *m);

#endif
