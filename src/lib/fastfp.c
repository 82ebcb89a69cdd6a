/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fastfp.c: the scanner's hot loop.  Bytes -> folded units -> rolling k-gram hash ->
 * winnowing -> prefilter, fused into one pass for ASCII, the common case of scanned text:
 * each byte is folded by the 128-entry table of normalize.c, the "rn" -> "m" rule is applied
 * on the held-back unit exactly as tt_norm__run does it, and the unit goes straight into the
 * winnowing state (winnow.h), without the intermediate unit array of the general path.  A byte
 * >= 0x80 or a '|' (whose fold depends on its neighbours) hands the run of such bytes, plus
 * one following plain ASCII byte of context, to tt_norm__run with the same carried state, so
 * the result is by construction the general path's: tests/unit/test_fastfp.c checks equality
 * with tt_fastfp__ref on random ASCII, mixed UTF-8 and real texts.
 *
 * Only fingerprints that pass the prefilter (a blocked Bloom filter of the index, about 8 bits
 * per indexed fingerprint, so small enough to stay in cache) are kept; the big table is
 * probed later, only for those.  Unit byte spans are kept in a ring of 128 units (k + w - 1 <=
 * 125), enough to give every selected k-gram its byte span.
 * Workload: per ASCII byte one table load and a few branches; per unit one multiply-add, one
 * mix and an amortized O(1) deque step; per selected fingerprint (about 2/(w+1) of the
 * units) one Bloom word load.
 */
#include <stdlib.h>
#include <string.h>

#include "fastfp.h"
#include "normalize.h"
#include "winnow.h"
#include "common.h"

#define UM 127
#define PIPE 0x7f

#if TT_WINNOW_K + TT_WINNOW_W > 126
#error "the unit ring is too small for k + w"
#endif

#define DQ 32 /* deque ring: holds at most w + 1 entries */
#if TT_WINNOW_W + 1 > DQ
#error "the deque ring is too small for w"
#endif

typedef struct fstate {
    tt_winnow w;                     /* the general path's state (tt_fastfp__ref) */
    /* the fused path's winnowing state, the same algorithm as tt_winnow__push with k and w
     * fixed at compile time */
    uint64_t h, n, bk;
    uint64_t vals[TT_WINNOW_RING];
    uint64_t dqh[DQ], dqp[DQ];
    unsigned head, cnt;
    uint64_t last_pos, last_hash;
    int has_last, fused;
    uint64_t us[UM + 1], ue[UM + 1]; /* byte spans of the last units */
    const tt_bloom *bloom;
    tt_fpx **out;
    size_t *n_out, *cap;
    uint8_t **ub;                    /* unit bytes by unit index, or NULL */
    size_t *ubcap;
    size_t nfp;
} fstate;

/* tt_winnow__push with k = TT_WINNOW_K, w = TT_WINNOW_W: returns 1 and *fh, *fpos when a
 * fingerprint is selected.  Positions enter the window one at a time, so at most one deque
 * entry expires per step. */
static inline int
fused_push(fstate *f, uint32_t cp, uint64_t *fh, uint64_t *fpos)
{
    const unsigned M = TT_WINNOW_RING - 1;
    uint64_t v = tt_winnow__val(cp);
    uint64_t old = f->vals[(f->n - TT_WINNOW_K) & M];
    f->vals[f->n & M] = v;
    f->h = f->h * TT_WINNOW_B + v - old * f->bk;
    f->n++;
    if (f->n < TT_WINNOW_K)
        return 0;
    uint64_t pos = f->n - TT_WINNOW_K;
    uint64_t x = tt_winnow__mix(f->h);
    unsigned cnt = f->cnt, head = f->head;
    while (cnt && f->dqh[(head + cnt - 1) & (DQ - 1)] >= x)
        cnt--;
    f->dqh[(head + cnt) & (DQ - 1)] = x;
    f->dqp[(head + cnt) & (DQ - 1)] = pos;
    cnt++;
    if (pos + 1 < TT_WINNOW_W) {
        f->cnt = cnt;
        return 0;
    }
    uint64_t lo = pos + 1 - TT_WINNOW_W;
    if (f->dqp[head] < lo) {
        head = (head + 1) & (DQ - 1);
        cnt--;
    }
    f->cnt = cnt;
    f->head = head;
    uint64_t mh = f->dqh[head];
    if (f->has_last && f->last_pos >= lo && f->last_hash == mh)
        return 0;
    f->last_pos = f->dqp[head];
    f->last_hash = mh;
    f->has_last = 1;
    *fh = mh;
    *fpos = f->last_pos;
    return 1;
}

static inline int
push_unit(fstate *f, uint32_t cp, uint64_t start, uint64_t end)
{
    uint64_t u = f->fused ? f->n : f->w.n;
    f->us[u & UM] = start;
    f->ue[u & UM] = end;
    if (f->ub) {
        if (u >= *f->ubcap && tt__grow(f->ub, f->ubcap, (size_t)u + 1, 1))
            return TT_ENOMEM;
        (*f->ub)[u] = tt_fastfp__ubyte(cp);
    }
    uint64_t fh, fpos;
    if (f->fused) {
        if (!fused_push(f, cp, &fh, &fpos))
            return 0;
    } else {
        tt_fp fp;
        if (!tt_winnow__push(&f->w, cp, &fp))
            return 0;
        fh = fp.hash;
        fpos = fp.pos;
    }
    f->nfp++;
    if (f->bloom && (!f->bloom->nwords || !tt_bloom__test(f->bloom, fh)))
        return 0;
    if (*f->n_out == *f->cap && tt__grow(f->out, f->cap, *f->n_out + 1, sizeof **f->out))
        return TT_ENOMEM;
    tt_fpx *x = &(*f->out)[(*f->n_out)++];
    x->hash = fh;
    x->pos = fpos;
    x->start = f->us[fpos & UM];
    x->end = f->ue[(fpos + TT_WINNOW_K - 1) & UM];
    return 0;
}

static int
push_units(fstate *f, const tt_nunit *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (push_unit(f, u[i].cp, u[i].start, u[i].start + u[i].len))
            return TT_ENOMEM;
    return 0;
}

static void
fstate_init(fstate *f, int fused, const tt_bloom *bloom, tt_fpx **out, size_t *n, size_t *cap)
{
    memset(f, 0, sizeof *f);
    tt_winnow__init(&f->w, TT_WINNOW_K, TT_WINNOW_W);
    f->bk = f->w.bk;
    f->fused = fused;
    f->bloom = bloom;
    f->out = out;
    f->n_out = n;
    f->cap = cap;
}

int
tt_fastfp__run(const char *text, size_t len, uint64_t base, const tt_bloom *bloom,
               tt_fpx **out, size_t *n, size_t *cap, size_t *out_nfp)
{
    return tt_fastfp__run_units(text, len, base, bloom, out, n, cap, out_nfp, NULL, NULL, NULL);
}

int
tt_fastfp__run_units(const char *text, size_t len, uint64_t base, const tt_bloom *bloom,
                     tt_fpx **out, size_t *n, size_t *cap, size_t *out_nfp, uint8_t **ub,
                     size_t *ubcap, size_t *nunits)
{
    fstate *f = malloc(sizeof *f);
    if (!f)
        return TT_ENOMEM;
    fstate_init(f, 1, bloom, out, n, cap);
    f->ub = ub;
    f->ubcap = ubcap;
    if (ub && *ubcap < len + 1 && tt__grow(ub, ubcap, len + 1, 1)) {
        free(f);
        return TT_ENOMEM;
    }
    const uint8_t *p = (const uint8_t *)text;
    const uint8_t *tab = tt_norm__ascii;
    tt_norm st;
    tt_norm__init(&st, base);
    /* the normalizer's carried state, held in locals while in the ASCII loop */
    int in_word = 0, has_pend = 0;
    uint32_t pcp = 0;
    uint64_t pstart = 0, pend_end = 0;
    tt_nunit buf[256];
    int rc = 0;
    size_t i = 0;
    while (i < len && !rc) {
        uint8_t c = p[i];
        if (c < 0x80) {
            uint8_t fc = tab[c];
            if (fc == 0) {
                in_word = 0;
                i++;
                continue;
            }
            if (fc != PIPE) {
                uint64_t at = base + i;
                if (has_pend && fc == 'n' && pcp == 'r' && in_word && at + 1 - pstart <= 0xffff) {
                    pcp = 'm';
                    pend_end = at + 1;
                } else {
                    if (has_pend)
                        rc = push_unit(f, pcp, pstart, pend_end);
                    pcp = fc;
                    pstart = at;
                    pend_end = at + 1;
                    has_pend = 1;
                }
                in_word = 1;
                i++;
                continue;
            }
        }
        /* the general path: a run of non-ASCII bytes and '|', plus one plain ASCII byte */
        size_t j = i;
        while (j < len && (p[j] >= 0x80 || p[j] == '|'))
            j++;
        if (j < len)
            j++;
        int eof = j == len;
        st.off = base + i;
        st.in_word = in_word;
        st.has_pend = has_pend;
        if (has_pend) {
            st.pend.cp = pcp;
            st.pend.start = pstart;
            st.pend.len = (uint16_t)(pend_end - pstart);
            st.pend.flags = 0; /* flags are not used by winnowing */
        }
        while (i < j && !rc) {
            size_t got;
            size_t used = tt_norm__run(&st, text + i, j - i, eof, buf, TT_ARRAY_LEN(buf), &got);
            rc = push_units(f, buf, got);
            i += used;
            if (used == 0 && got == 0)
                break; /* cannot happen: the slice ends on a plain byte or at eof */
        }
        if (i < j) {
            rc = rc ? rc : TT_EINVAL;
            break;
        }
        in_word = st.in_word;
        has_pend = st.has_pend;
        if (has_pend) {
            pcp = st.pend.cp;
            pstart = st.pend.start;
            pend_end = st.pend.start + st.pend.len;
        }
    }
    if (!rc && has_pend)
        rc = push_unit(f, pcp, pstart, pend_end);
    if (out_nfp)
        *out_nfp = f->nfp;
    if (nunits)
        *nunits = (size_t)f->n;
    free(f);
    return rc;
}

int
tt_fastfp__ref(const char *text, size_t len, uint64_t base, tt_fpx **out, size_t *n,
               size_t *cap)
{
    fstate *f = malloc(sizeof *f);
    if (!f)
        return TT_ENOMEM;
    fstate_init(f, 0, NULL, out, n, cap);
    tt_norm st;
    tt_norm__init(&st, base);
    tt_nunit buf[1024];
    size_t pos = 0;
    int rc = 0;
    for (;;) {
        size_t got;
        pos += tt_norm__run(&st, text + pos, len - pos, 1, buf, TT_ARRAY_LEN(buf), &got);
        if ((rc = push_units(f, buf, got)))
            break;
        if (pos == len && !st.has_pend)
            break;
    }
    free(f);
    return rc;
}
