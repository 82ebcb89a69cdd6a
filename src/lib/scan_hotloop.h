/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_hotloop.h: the scanner's hot loop: bytes -> selected fingerprints with their byte spans, in
 * one pass (scan_hotloop.c), and the general reference it must equal (normalize.c + winnow.c).
 */
#ifndef TT_SCAN_HOTLOOP_H
#define TT_SCAN_HOTLOOP_H

#include "common.h"

/* A selected fingerprint of a scanned text. */
typedef struct tt_fpx {
    uint64_t hash;  /* the k-gram's fingerprint (winnow.h) */
    uint64_t pos;   /* unit index of the k-gram's first unit, from the start of the text */
    uint64_t start; /* absolute byte offset of its first unit */
    uint64_t end;   /* absolute byte offset past its last unit */
} tt_fpx;

/* The prefilter of the index: a blocked Bloom filter of one 64-bit word per hash with three
 * bits set, of any number of words (sized by the number of keys it holds, index.c).  The word
 * is picked by multiplying 32 middle bits of the hash by nwords (the top bits of a winnowing
 * selection, a window minimum, are skewed towards 0; its middle and low bits are not).  An
 * empty filter (nwords == 0) passes nothing. */
typedef struct tt_bloom {
    uint64_t *w;
    size_t nwords; /* at most 2^32 */
} tt_bloom;

static inline uint64_t
tt_bloom__bits(uint64_t h)
{
    return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63)) | (1ull << ((h >> 12) & 63));
}

/* The word of hash h (nwords > 0). */
static inline const uint64_t *
tt_bloom__word(const tt_bloom *b, uint64_t h)
{
    return b->w + (size_t)((((h >> 20) & 0xffffffffull) * (uint64_t)b->nwords) >> 32);
}

static inline int
tt_bloom__test(const tt_bloom *b, uint64_t h)
{
    uint64_t m = tt_bloom__bits(h);
    return (*tt_bloom__word(b, h) & m) == m;
}

static inline void
tt_bloom__add(tt_bloom *b, uint64_t h)
{
    b->w[tt_bloom__word(b, h) - b->w] |= tt_bloom__bits(h);
}

/* Fingerprints of text[0..len) taken as a whole stream (eof at its end), whose first byte is at
 * absolute offset base: the winnowing fingerprints (TT_WINNOW_K, TT_WINNOW_W) of its units,
 * exactly as tt_norm__run + tt_winnow__push select them.  Those that pass the prefilter (all
 * of them when bloom is NULL) are appended to *out (growable, capacity *cap, free()).
 * *out_nfp (may be NULL) receives the number of fingerprints selected before the prefilter.
 * ASCII bytes are folded, hashed and winnowed in one loop; any other byte and '|' go through
 * tt_norm__run.  0 or TT_ENOMEM. */
int tt_hotloop__run(const char *text, size_t len, uint64_t base, const tt_bloom *bloom,
                   tt_fpx **out, size_t *n, size_t *cap, size_t *out_nfp);

/* The byte a folded unit is compared by in the pre-alignment check (scan.c): the code point
 * itself below 0x80; 0x80 | 6 bits of a hash of it for alphabetic scripts (below U+1100:
 * Cyrillic, Greek, ...); 0xC0 | 6 bits of a hash for U+1100 and above (Hangul syllables, kana,
 * CJK ideographs: a unit that weighs about a short word).  Distinct units may share a byte
 * (only outside ASCII), which can only make two texts look more alike, never less. */
static inline uint8_t
tt_hotloop__ubyte(uint32_t cp)
{
    if (cp < 0x80)
        return (uint8_t)cp;
    return (uint8_t)((cp < 0x1100 ? 0x80 : 0xc0) | ((cp * 0x9e3779b1u) >> 26));
}

/* The weight of a unit byte in letters: 3 for a syllable or ideograph, else 1. */
static inline unsigned
tt_hotloop__uweight(uint8_t b)
{
    return b >= 0xc0 ? 3 : 1;
}

/* tt_hotloop__run that also writes the unit byte (tt_hotloop__ubyte) of every unit, by unit
 * index, to *ub (growable, capacity *ubcap, free()); *nunits receives the number of units. */
int tt_hotloop__run_units(const char *text, size_t len, uint64_t base, const tt_bloom *bloom,
                         tt_fpx **out, size_t *n, size_t *cap, size_t *out_nfp, uint8_t **ub,
                         size_t *ubcap, size_t *nunits);

/* The stages of tt_hotloop__run*: want -1 picks the best the CPU has, 0 the portable scalar
 * loops, 1 the AVX2 byte stage with the scalar hash and winnow stage, 2 the AVX2 byte stage
 * and the AVX2 hash and winnow stage (levels above what the CPU has are lowered to it).
 * Returns the level now in effect.  Every level gives the same units, fingerprints and spans
 * (test_scan_hotloop.c); used by tests and benchmarks to compare them.  Process-wide; the
 * default, until called, is -1. */
int tt_hotloop__simd(int want);

/* The same through the general path only (the reference for tests). */
int tt_hotloop__ref(const char *text, size_t len, uint64_t base, tt_fpx **out, size_t *n,
                   size_t *cap);

#endif
