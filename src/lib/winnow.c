/* SPDX-License-Identifier: Apache-2.0 */
/*
 * winnow.c: fingerprints of normalized text by winnowing (Schleimer, Wilkerson, Aiken,
 * "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003).
 *
 * Every k consecutive units (a k-gram) get a 64-bit hash from a polynomial rolling hash
 * (Rabin-Karp modulo 2^64, unit values spread by a multiplicative hash, the result mixed by a
 * 64-bit finalizer so that minima are uniformly placed).  Of every window of w consecutive
 * k-gram hashes the minimum is selected, with the robust tie-break of the paper: when the
 * window's minimum equals the previously selected hash and that k-gram is still inside the
 * window, nothing new is selected; otherwise the rightmost minimal k-gram is.  Hence:
 *
 *   Guarantee: two unit streams that share a run of at least t = w + k - 1 units share at
 *   least one selected fingerprint (the run holds a whole window, and both sides select a
 *   k-gram of that window whose hash is the window's minimum).  Checked against a
 *   brute-force reference in tests/unit/test_winnow.c.
 *
 * Density: about 2/(w+1) of the k-grams are selected.  The choice of k and w (winnow.h) was
 * made by measurement on real prose (Debian licence texts and package documentation, excerpts
 * with 2-5% character noise; see docs/parts/detect.md for the numbers): k is short enough that
 * at 5% character noise most 150-character excerpts still hold several intact k-grams and
 * long enough that chance matches of k-grams between unrelated prose are rare once the
 * background and document-frequency filters of the index remove common phrases.
 * Workload: one multiply-add, one mix and an amortized O(1) deque step per unit.
 */
#include "common.h"
#include "winnow.h"

void
tt_winnow__init(tt_winnow *s, unsigned k, unsigned w)
{
    memset(s, 0, sizeof *s);
    if (k < 1)
        k = 1;
    if (k > TT_WINNOW_KMAX)
        k = TT_WINNOW_KMAX;
    if (w < 1)
        w = 1;
    if (w > TT_WINNOW_WMAX)
        w = TT_WINNOW_WMAX;
    s->k = k;
    s->w = w;
    uint64_t bk = 1;
    for (unsigned i = 0; i < k; i++)
        bk *= TT_WINNOW_B;
    s->bk = bk;
}

int
tt_winnow__all(tt_fp **fps, size_t *n, size_t *cap, const uint32_t *cps, size_t ncps,
               unsigned k, unsigned w)
{
    tt_winnow s;
    tt_winnow__init(&s, k, w);
    for (size_t i = 0; i < ncps; i++) {
        tt_fp fp;
        if (tt_winnow__push(&s, cps[i], &fp)) {
            if (tt__grow(fps, cap, *n + 1, sizeof **fps))
                return TT_ENOMEM;
            (*fps)[(*n)++] = fp;
        }
    }
    return 0;
}
