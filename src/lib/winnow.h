/* SPDX-License-Identifier: Apache-2.0 */
/*
 * winnow.h: fingerprints of a unit stream by winnowing (Schleimer, Wilkerson, Aiken 2003),
 * streaming, one unit at a time.  See winnow.c for k, w, the guarantee and the tie-break.
 */
#ifndef TT_WINNOW_H
#define TT_WINNOW_H

#include "common.h"

/* The k-gram length in units and the window in k-grams; the guarantee is t = w + k - 1. */
#ifndef TT_WINNOW_K
#define TT_WINNOW_K 13
#endif
#ifndef TT_WINNOW_W
#define TT_WINNOW_W 10
#endif
#define TT_WINNOW_T (TT_WINNOW_K + TT_WINNOW_W - 1)
#define TT_WINNOW_KMAX 63
#define TT_WINNOW_WMAX 63
#define TT_WINNOW_RING 64 /* power of two > KMAX, WMAX */

typedef struct tt_fp {
    uint64_t hash; /* the k-gram's fingerprint */
    uint64_t pos;  /* unit index of the k-gram's first unit */
} tt_fp;

typedef struct tt_winnow {
    unsigned k, w;
    uint64_t bk;                     /* B^k, to roll the oldest unit out */
    uint64_t h;                      /* rolling hash of the last k units */
    uint64_t vals[TT_WINNOW_RING];   /* the last k unit values, a ring (zero before) */
    uint64_t n;                      /* units pushed */
    uint64_t dqh[TT_WINNOW_RING]; /* monotone deque of (hash, pos): increasing hashes */
    uint64_t dqp[TT_WINNOW_RING];
    unsigned dq_head, dq_len;
    uint64_t last_pos, last_hash;    /* the last selected fingerprint */
    int has_last;
} tt_winnow;

/* Start a stream with k-grams of k units and windows of w k-grams (1 <= k, w <= 63). */
void tt_winnow__init(tt_winnow *s, unsigned k, unsigned w);

/* The value a folded code point contributes to the rolling hash. */
static inline uint64_t
tt_winnow__val(uint32_t cp)
{
    return ((uint64_t)cp + 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
}

#define TT_WINNOW_B 0x100000001b3ull

static inline uint64_t
tt_winnow__mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 29;
    return h;
}

/* Push one unit.  Returns 1 and fills *out when a new fingerprint is selected (at most one
 * per unit), else 0. */
static inline int
tt_winnow__push(tt_winnow *s, uint32_t cp, tt_fp *out)
{
    const unsigned M = TT_WINNOW_RING - 1;
    uint64_t v = tt_winnow__val(cp);
    /* k <= 63 and the ring is zeroed, so before k units the "oldest" slot still reads 0 */
    uint64_t old = s->vals[(s->n - s->k) & M];
    s->vals[s->n & M] = v;
    s->h = s->h * TT_WINNOW_B + v - old * s->bk;
    s->n++;
    if (s->n < s->k)
        return 0;
    uint64_t pos = s->n - s->k; /* this k-gram's index */
    uint64_t fh = tt_winnow__mix(s->h);
    /* pop from the back every hash >= the new one: the rightmost minimum survives */
    while (s->dq_len && s->dqh[(s->dq_head + s->dq_len - 1) & M] >= fh)
        s->dq_len--;
    unsigned t = (s->dq_head + s->dq_len) & M;
    s->dqh[t] = fh;
    s->dqp[t] = pos;
    s->dq_len++;
    if (pos + 1 < s->w)
        return 0; /* the first window is not complete yet */
    uint64_t lo = pos + 1 - s->w;
    while (s->dqp[s->dq_head] < lo) {
        s->dq_head = (s->dq_head + 1) & M;
        s->dq_len--;
    }
    uint64_t mh = s->dqh[s->dq_head];
    /* robust tie-break: keep the previous pick while it is in the window and still minimal */
    if (s->has_last && s->last_pos >= lo && s->last_hash == mh)
        return 0;
    s->last_pos = s->dqp[s->dq_head];
    s->last_hash = mh;
    s->has_last = 1;
    out->hash = mh;
    out->pos = s->last_pos;
    return 1;
}

/* Fingerprints of a whole unit sequence (code points), appended to *fps (a growable array with
 * capacity *cap; free() it).  Returns 0 or TT_ENOMEM. */
int tt_winnow__all(tt_fp **fps, size_t *n, size_t *cap, const uint32_t *cps, size_t ncps,
                   unsigned k, unsigned w);

#endif
