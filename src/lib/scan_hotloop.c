/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_hotloop.c: the scanner's hot loop.  Bytes -> folded units -> rolling k-gram hash ->
 * winnowing -> prefilter, in two stages per block of BLK units:
 *
 *  - the byte stage folds ASCII into units: each byte by the 128-entry table of normalize.c,
 *    the "rn" -> "m" rule applied on the held-back unit exactly as tt_norm__run does it; by
 *    32-byte chunks with AVX2 (ascii_avx2: the fold by compares and one shuffle, units from
 *    bit masks) or byte by byte (the portable loop).  A byte >= 0x80 or a '|' (whose fold depends on its
 *    neighbours) hands the run of such bytes, plus one following plain ASCII byte of
 *    context, to tt_norm__run with the same carried state, so the units are by construction
 *    the general path's.  Each unit's code point goes into the block; with AVX2 a chunk's units
 *    are left-packed by shuffles, and their byte spans are not stored per unit but as one
 *    record per chunk (srec: its bit mask of units); the general path's units get a record
 *    each; a ring maps each unit to its record (urec).  A selected k-gram's span is rebuilt
 *    from the records only when it is output, which on the scanner's path is only for the few
 *    that pass the prefilter.
 *  - the hash and winnow stage (flush_block) selects the block's fingerprints: the stream's
 *    first k + w - 1 units, and everything on the portable path, through hash_units, a
 *    scalar loop whose state lives in registers and which keeps the window's rightmost
 *    minimum directly (one compare per unit; the window is searched only when the minimum
 *    leaves it); with AVX2 the rest through hash_avx2, which hashes four stripes of the block
 *    at once, takes every window's rightmost minimum branch-free (van Herk / Gil-Werman) and
 *    selects where that minimum changes (select_avx2; select_fast while no tie-break keeps a
 *    pick, the full robust tie-break otherwise).
 *
 * Every combination gives the same units, fingerprints (hash, position, byte span) and unit
 * bytes as the general path (tt_hotloop__ref: tt_norm__run + tt_winnow__push), checked by
 * tests/unit/test_scan_hotloop.c on real prose and adversarial input at every level of
 * tt_hotloop__simd.  Only fingerprints that pass the prefilter (a blocked Bloom filter of the
 * index, about 10 bits per indexed fingerprint) are kept, probed in batches with prefetch (with
 * AVX2, a hash_avx2 call's selections have their filter words fetched during the next call's
 * hashing and are tested after its window minima: the latency of a filter far larger than the
 * caches is hidden behind that work); the big table is probed later, only for those.  There is no AVX-512 path: the machine this was
 * written on has none to test it with.
 * Workload, English prose, per byte: AVX2 about 6.5 instructions in the byte stage and about
 * 19 in the hash and winnow stage with the prefilter tests (portable: about 42 and 42;
 * bench/results/hotloop.md, step D); per selected fingerprint (about 2/(w+1) of the units)
 * one Bloom word load.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scan_hotloop.h"
#include "normalize.h"
#include "winnow.h"
#include "common.h"

/* TT_HOTLOOP_PORTABLE builds the portable loops alone, as on a CPU other than x86-64 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(TT_HOTLOOP_PORTABLE)
#define FASTFP_X86 1
#include <immintrin.h>
#endif

#define UM 127
#define PIPE 0x7f

#if TT_WINNOW_K + TT_WINNOW_W > 126
#error "the unit ring is too small for k + w"
#endif


/* The reference path's state (tt_hotloop__ref): tt_winnow__push on the general path's units. */
typedef struct fstate {
    tt_winnow w;
    uint64_t us[UM + 1], ue[UM + 1]; /* byte spans of the last units */
    const tt_bloom *bloom;
    tt_fpx **out;
    size_t *n_out, *cap;
    uint8_t **ub;                    /* unit bytes by unit index, or NULL */
    size_t *ubcap;
    size_t nfp;
} fstate;

static inline int
push_unit(fstate *f, uint32_t cp, uint64_t start, uint64_t end)
{
    uint64_t u = f->w.n;
    f->us[u & UM] = start;
    f->ue[u & UM] = end;
    tt_fp fp;
    if (!tt_winnow__push(&f->w, cp, &fp))
        return 0;
    uint64_t fh = fp.hash, fpos = fp.pos;
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
fstate_init(fstate *f, const tt_bloom *bloom, tt_fpx **out, size_t *n, size_t *cap)
{
    memset(f, 0, sizeof *f);
    tt_winnow__init(&f->w, TT_WINNOW_K, TT_WINNOW_W);
    f->bloom = bloom;
    f->out = out;
    f->n_out = n;
    f->cap = cap;
}

int
tt_hotloop__run(const char *text, size_t len, uint64_t base, const tt_bloom *bloom,
               tt_fpx **out, size_t *n, size_t *cap, size_t *out_nfp)
{
    return tt_hotloop__run_units(text, len, base, bloom, out, n, cap, out_nfp, NULL, NULL, NULL);
}

/* ---- the fast path ---- */

#define BLK 2016          /* units folded before they are hashed and winnowed */
#define RM 4095           /* span record ring mask: two blocks, the k + w units before them, slack */
#define HM 15             /* k-gram hash ring mask: holds a window */
#define PEND 32           /* selections probed in the prefilter as one batch */
/* hash_avx2 tests a call's selections during the next call (see there), so a unit looked up
 * may be two blocks plus k + w units older than the newest, and ascii_avx2 writes up to 32
 * ring entries past its newest unit */
#if TT_WINNOW_W > HM + 1 || 2 * BLK + TT_WINNOW_K + TT_WINNOW_W + 33 > RM + 1
#error "the rings are too small for k + w"
#endif
/* The vector hash and winnow stage (hash_avx2): units kept before the block (its stripes
 * start k + w - 2 units back), slack after it (its last loads), units per call, steps per
 * stripe (a quarter of a call plus k + w - 2, rounded up to 4). */
#define CPH 32
#define CPAD 16
#define BBPAD 64          /* slack after the block's unit bytes (bb) for the 8-byte packed stores */
#define VCH 2048
#define VLM (VCH / 4)
#define VNR (VLM + TT_WINNOW_K + TT_WINNOW_W + 2)
#if TT_WINNOW_K + TT_WINNOW_W - 2 > CPH || VLM % 4 || BLK > VCH
#error "the vector stage's history is too short for k + w"
#endif

/* The byte spans of units, kept per run of units rather than per unit.  A record with mask
 * 0 is one unit, unit u0, of bytes [b0, b0 + ext) (the general path's units, the scalar loop's,
 * and the unit each 32-byte chunk holds back).  Otherwise it holds the units of a plain-ASCII
 * chunk at b0: the j-th set bit p of mask is unit u0 + j, of bytes [b0 + p, b0 + p + 1), one
 * more when bit p of ext is set (an "rn" read as "m").  Records come in unit order, each with at
 * least one unit; the span of a selected k-gram is looked up only when it is output (emit),
 * which on the scanner's path is only for the few that pass the prefilter.  urec maps each unit
 * to its record. */
typedef struct srec {
    uint64_t u0, b0;
    uint32_t mask, ext;
} srec;

/* The fast path's state: the unit block being filled (with the CPH units before it, which
 * hash_avx2's first stripe reads), and the hashing and winnowing state, with k and w fixed
 * at compile time.  hash_units keeps the window minimum directly: the rightmost
 * minimum of the window stays the rightmost minimum when a larger k-gram enters, becomes the
 * new k-gram when that one is smaller or equal, and only when it leaves the window is the
 * window (w hashes, a ring) searched again.  The rightmost minimum and the robust tie-break
 * are those of tt_winnow__push, so the selection is the same (test_scan_hotloop.c). */
typedef struct hstate {
    uint32_t cpbuf[CPH + BLK + CPAD]; /* the block's units at cp, the CPH units before it */
    uint32_t *cp;
    size_t nb;                       /* units in the block */
    uint64_t nrec;                   /* span records written so far (rec: see srec) */
    int pdep;                        /* sel_bit may use pdep */
    uint64_t n;                      /* units folded so far (the block's end) */
    uint64_t nh;                     /* units hashed so far (the block's start) */
    uint64_t h, bk;
    uint64_t vals[TT_WINNOW_RING];
    uint64_t hr[HM + 1];
    uint64_t cur_h, cur_p, last_h, last_p; /* last_p: UINT64_MAX before the first pick */
    const tt_bloom *bloom;
    /* selections whose filter word is being fetched: hash, unit; at most PEND from
     * hash_units, or the selections of one hash_avx2 call (at most VCH), tested during the
     * next call when there is a filter of words */
    uint64_t ph[VCH], pp[VCH];
    size_t npend;
    int vdrain;                      /* drain_avx2 tests them (AVX2, nwords < 2^32) */
    tt_fpx **out;
    size_t *n_out, *cap;
    size_t nfp;
    uint8_t **ub;
    size_t *ubcap;
    int hsimd; /* the hash and winnow stage: 0 hash_units, 1 hash_avx2 (past the warm-up) */
    /* hash_avx2's scratch, four stripes interleaved (see there) */
    uint64_t vt[4 * (TT_WINNOW_K + VNR)]; /* unit values by step; then the window minima */
    uint64_t vx[4 * VNR];                 /* k-gram hashes, sign bit flipped */
    uint64_t vsv[4 * VNR], vsp[4 * VNR];  /* suffix minima of the van Herk blocks */
    uint8_t ve[VLM + 64];                 /* bit l: stripe l's window minimum changed */
    uint8_t bb[BLK + BBPAD];              /* the block's unit bytes, when there is no *ub */
    srec rec[RM + 1];                     /* span records by record index & RM */
    /* unit u's record index & RM at urec[u & RM] (then 32 entries of slack for a chunk's
     * store).  Every unit looked up is at most two blocks plus k + w units older than the
     * newest (pending selections are tested by the end of the next hash and winnow call), so
     * neither its entry nor its record has been written over: each record holds a unit at
     * least. */
    uint16_t urec[RM + 1 + 32];
} hstate;

/* The bit position of the k-th (from 0) set bit of m (k < popcount(m)). */
static inline unsigned
select32(uint32_t m, unsigned k)
{
    unsigned p = 0;
    for (;;) {
        unsigned c = m & 0xffu; /* its bits, counted without a popcount instruction */
        c = c - ((c >> 1) & 0x55u);
        c = (c & 0x33u) + ((c >> 2) & 0x33u);
        c = (c + (c >> 4)) & 0x0fu;
        if (k < c)
            break;
        k -= c;
        m >>= 8;
        p += 8;
    }
    while (k--)
        m &= m - 1;
    return p + (unsigned)__builtin_ctz(m);
}

/* The bit position of the k-th (from 0) set bit of m: by one pdep where the CPU has a fast one
 * (f->pdep: BMI2, not AMD before Zen 3, whose pdep is microcoded; not on the portable level),
 * else select32.  The instruction is written out so this compiles without BMI2. */
static inline unsigned
sel_bit(const hstate *f, uint32_t m, unsigned k)
{
#ifdef FASTFP_X86
    if (f->pdep) {
        uint32_t d;
        __asm__("pdep %2, %1, %0" : "=r"(d) : "r"(1u << k), "r"(m));
        return (unsigned)__builtin_ctz(d);
    }
#else
    (void)f;
#endif
    return select32(m, k);
}

/* The byte span of unit u, held by record r. */
static inline void
rec_span(const hstate *f, const srec *r, uint64_t u, uint64_t *start, uint64_t *end)
{
    if (!r->mask) {
        *start = r->b0;
        *end = r->b0 + r->ext;
        return;
    }
    unsigned p = sel_bit(f, r->mask, (unsigned)(u - r->u0));
    *start = r->b0 + p;
    *end = r->b0 + p + 1 + ((r->ext >> p) & 1);
}

/* Output the selected k-gram at unit pos with hash h, with its byte span, from the records of
 * its first and last units. */
static inline int
emit(hstate *f, uint64_t h, uint64_t pos)
{
    if (*f->n_out == *f->cap && tt__grow(f->out, f->cap, *f->n_out + 1, sizeof **f->out))
        return TT_ENOMEM;
    tt_fpx *o = &(*f->out)[(*f->n_out)++];
    uint64_t e;
    o->hash = h;
    o->pos = pos;
    const uint64_t last = pos + TT_WINNOW_K - 1;
    rec_span(f, &f->rec[f->urec[pos & RM]], pos, &o->start, &e);
    rec_span(f, &f->rec[f->urec[last & RM]], last, &e, &o->end);
    return 0;
}

#ifdef FASTFP_X86
/* drain's tests four at a time, of the cnt (at most 32) pending selections from k0 on: the
 * words by a gather, the three bits by variable shifts; the same test as tt_bloom__test (the
 * word's index is the 32 middle bits of the hash times nwords, over 2^32: a 32 x 32 -> 64-bit
 * multiply while nwords < 2^32).  Bit k of *pass is set when selection k0 + k passes.  The
 * tests of the last cnt % 4 selections are left to the caller: returns the number tested. */
__attribute__((target("avx2"))) static size_t
drain_avx2(hstate *f, size_t k0, size_t cnt, uint32_t *pass)
{
    const tt_bloom *b = f->bloom;
    const __m256i nw = _mm256_set1_epi64x((long long)b->nwords);
    const __m256i m32 = _mm256_set1_epi64x(0xffffffffll), m63 = _mm256_set1_epi64x(63);
    const __m256i one = _mm256_set1_epi64x(1);
    size_t k = 0;
    uint32_t pm = 0;
#if PEND > 32
#error "drain_avx2's pass mask is too small"
#endif
    for (; k + 4 <= cnt; k += 4) {
        __m256i h = _mm256_loadu_si256((const __m256i *)(f->ph + k0 + k));
        __m256i idx = _mm256_srli_epi64(
            _mm256_mul_epu32(_mm256_and_si256(_mm256_srli_epi64(h, 20), m32), nw), 32);
        __m256i w = _mm256_i64gather_epi64((const long long *)b->w, idx, 8);
        __m256i m = _mm256_or_si256(
            _mm256_or_si256(_mm256_sllv_epi64(one, _mm256_and_si256(h, m63)),
                            _mm256_sllv_epi64(one, _mm256_and_si256(_mm256_srli_epi64(h, 6), m63))),
            _mm256_sllv_epi64(one, _mm256_and_si256(_mm256_srli_epi64(h, 12), m63)));
        __m256i ok = _mm256_cmpeq_epi64(_mm256_and_si256(w, m), m);
        pm |= (uint32_t)_mm256_movemask_pd(_mm256_castsi256_pd(ok)) << k;
    }
    *pass = pm;
    return k;
}
#endif

/* Test the pending selections against the prefilter, in order, and keep those that pass. */
static int
drain(hstate *f)
{
    const tt_bloom *bloom = f->bloom;
    for (size_t k0 = 0; k0 < f->npend; k0 += PEND) {
        const size_t cnt = TT_MIN((size_t)PEND, f->npend - k0);
        size_t k = 0;
#ifdef FASTFP_X86
        if (f->vdrain) {
            uint32_t pass;
            k = drain_avx2(f, k0, cnt, &pass);
            for (; pass; pass &= pass - 1) {
                size_t q = k0 + (unsigned)__builtin_ctz(pass);
                if (emit(f, f->ph[q], f->pp[q]))
                    return TT_ENOMEM;
            }
        }
#endif
        for (; k < cnt; k++) {
            if (!tt_bloom__test(bloom, f->ph[k0 + k]))
                continue;
            if (emit(f, f->ph[k0 + k], f->pp[k0 + k]))
                return TT_ENOMEM;
        }
    }
    f->npend = 0;
    return 0;
}

/* Hash and winnow units [i0, i1) of the block.  warm: the stream may still be in its first
 * k + w - 1 units (the first k-gram or the first window is not complete yet); the common
 * call, past them, has those tests compiled out.  A new selection needs a new rightmost
 * minimum: when the minimum is the last pick (cur_p == last_p; last_p starts at an
 * impossible position) the robust tie-break skips it without further tests. */
static inline int
hash_units(hstate *f, size_t i0, size_t i1, const int warm)
{
    uint64_t h = f->h, n = f->nh, cur_h = f->cur_h, cur_p = f->cur_p;
    uint64_t last_h = f->last_h, last_p = f->last_p;
    const uint64_t bk = f->bk;
    const tt_bloom *bloom = f->bloom;
    int rc = 0;
    for (size_t i = i0; i < i1; i++) {
        uint64_t v = tt_winnow__val(f->cp[i]);
        uint64_t old = f->vals[(n - TT_WINNOW_K) & (TT_WINNOW_RING - 1)];
        f->vals[n & (TT_WINNOW_RING - 1)] = v;
        h = h * TT_WINNOW_B + v - old * bk;
        n++;
        if (warm && n < TT_WINNOW_K)
            continue;
        uint64_t pos = n - TT_WINNOW_K;
        uint64_t x = tt_winnow__mix(h);
        f->hr[pos & HM] = x;
        if (x <= cur_h) {
            cur_h = x;
            cur_p = pos;
        } else if (cur_p + TT_WINNOW_W <= pos) {
            /* the minimum left the window: find the rightmost minimum of the window */
            uint64_t q0 = pos + 1 - TT_WINNOW_W;
            uint64_t bh = f->hr[q0 & HM], bp = q0;
            for (uint64_t q = q0 + 1; q <= pos; q++) {
                uint64_t y = f->hr[q & HM];
                int le = y <= bh;
                bh = le ? y : bh;
                bp = le ? q : bp;
            }
            cur_h = bh;
            cur_p = bp;
        }
        if (cur_p == last_p)
            continue; /* the last pick is still the window's minimum */
        if (warm && pos + 1 < TT_WINNOW_W)
            continue;
        if (last_p + TT_WINNOW_W > pos && last_p != UINT64_MAX && last_h == cur_h)
            continue; /* robust tie-break: keep the previous pick */
        last_p = cur_p;
        last_h = cur_h;
        f->nfp++;
        if (bloom) {
            if (!bloom->nwords)
                continue;
            /* probed in batches: the filter's word is fetched now, tested at the drain */
            __builtin_prefetch(tt_bloom__word(bloom, cur_h));
            f->ph[f->npend] = cur_h;
            f->pp[f->npend++] = cur_p;
            if (f->npend == PEND && (rc = drain(f)))
                break;
            continue;
        }
        if ((rc = emit(f, cur_h, cur_p)))
            break;
    }
    if (!rc && f->npend)
        rc = drain(f);
    f->h = h;
    f->nh = n;
    f->cur_h = cur_h;
    f->cur_p = cur_p;
    f->last_h = last_h;
    f->last_p = last_p;
    return rc;
}

#ifdef FASTFP_X86
/* a * c modulo 2^64, lane by lane, for a constant c given as its low and high 32 bits */
__attribute__((target("avx2"))) static inline __m256i
mul64c(__m256i a, __m256i cl, __m256i ch)
{
    __m256i lo = _mm256_mul_epu32(a, cl);
    __m256i x1 = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), cl);
    __m256i x2 = _mm256_mul_epu32(a, ch);
    return _mm256_add_epi64(lo, _mm256_slli_epi64(_mm256_add_epi64(x1, x2), 32));
}

/* emit, out of line (the loop that calls it keeps its registers) */
__attribute__((noinline)) static int
emit_call(hstate *f, uint64_t h, uint64_t pos)
{
    return emit(f, h, pos);
}

/* select_avx2's common case, one 64-window chunk of a stripe: while no robust tie-break keeps a
 * pick, last_p is the previous window's minimum, so a marked window's minimum (bit j of ev:
 * window j of r, a step of the stripe, whose step 0 is k-gram gl) is another k-gram, and
 * unless its hash equals the last pick's (a tie, rare) it is selected, without further tests.
 * Selects the marked windows in order until the first whose minimum's hash equals *last_h;
 * returns ev without the windows it selected (so with that one's bit, or 0).  With a filter of
 * words (bw) the selections are queued, tested during hash_avx2's next call; with no filter
 * (bw NULL) emitted.  *rc as emit's (then stops).  A function of its own, so that its state stays in
 * registers. */
__attribute__((noinline)) static uint64_t
select_fast(hstate *f, uint64_t ev, const uint64_t *r, const uint64_t *hx, uint64_t gl,
            uint64_t *last_p, uint64_t *last_h, int *rc)
{
    const uint64_t sign = 1ull << 63;
    const uint64_t *bw = f->bloom ? f->bloom->w : NULL;
    uint64_t lp = *last_p, lh = *last_h;
    size_t npend = f->npend, nsel = 0;
    if (bw) {
        /* queued only: hash_avx2's next call fetches their words and tests them */
        while (ev) {
            const uint64_t step = r[4 * (size_t)__builtin_ctzll(ev)], cand = gl + step;
            const uint64_t chh = hx[4 * step] ^ sign;
            if (chh == lh)
                break; /* perhaps a tie: the caller's full tests */
            ev &= ev - 1;
            lp = cand;
            lh = chh;
            nsel++;
            f->ph[npend] = chh;
            f->pp[npend++] = cand;
        }
    } else {
        while (ev) {
            const uint64_t step = r[4 * (size_t)__builtin_ctzll(ev)], cand = gl + step;
            const uint64_t chh = hx[4 * step] ^ sign;
            if (chh == lh)
                break;
            ev &= ev - 1;
            lp = cand;
            lh = chh;
            nsel++;
            if ((*rc = emit_call(f, chh, cand)))
                break;
        }
    }
    f->npend = npend;
    f->nfp += nsel;
    *last_p = lp;
    *last_h = lh;
    return ev;
}

/* hash_avx2's selection, in stream order, from the window minima (vt), k-gram hashes (vx) and
 * marks (ve) it left for units [nh, nh + m) in stripes of L.  The rightmost minimum of every
 * window past the warm-up was either selected or kept out by the tie-break (then cur_p !=
 * last_p, and the kept pick leaves the windows at window end last_p + w).  A function of its
 * own, so that its state stays in registers. */
__attribute__((target("avx2"), noinline)) static int
select_avx2(hstate *f, size_t m, size_t L)
{
    enum { K = TT_WINNOW_K, W = TT_WINNOW_W, D = TT_WINNOW_K + TT_WINNOW_W - 2 };
    const uint64_t sign = 1ull << 63, nh = f->nh;
    const uint64_t *vt = f->vt, *vx = f->vx;
    const uint8_t *ve = f->ve;
    uint64_t cur_p = f->cur_p, last_p = f->last_p, last_h = f->last_h;
    int tie = cur_p != last_p;
    uint64_t dl = last_p + W;
    const tt_bloom *bloom = f->bloom;
    const int probe = bloom && bloom->nwords;
    const int fastok = probe || !bloom; /* select_fast: a filter of words, or none */
    uint64_t *ph = f->ph, *pp = f->pp;
    size_t npend = f->npend, nfp = f->nfp;
    int rc = 0;
    for (size_t l = 0; l < 4 && l * L < m && !rc; l++) {
        const uint64_t *r = vt + l;  /* stripe l's minimum of window j at step r[4 j] */
        const uint64_t *hx = vx + l; /* stripe l's k-gram hash of step s at hx[4 s] */
        const size_t cnt = TT_MIN(L, m - l * L);
        const uint64_t gl = nh + l * L - D;        /* k-gram of step 0 of this stripe */
        const uint64_t e00 = nh - (K - 1) + l * L; /* window end of r[0] */
        /* bit l of each byte of ve to bit 7, 32 bytes per movemask */
        const __m128i sh = _mm_cvtsi32_si128(7 - (int)l);
        for (size_t j0 = 0; j0 < cnt && !rc; j0 += 64) {
            const size_t nbits = TT_MIN((size_t)64, cnt - j0);
            __m256i b0 = _mm256_sll_epi16(_mm256_loadu_si256((const __m256i *)(ve + j0)), sh);
            __m256i b1 = _mm256_sll_epi16(_mm256_loadu_si256((const __m256i *)(ve + j0 + 32)), sh);
            uint64_t ev = (uint64_t)(uint32_t)_mm256_movemask_epi8(b0) |
                          (uint64_t)(uint32_t)_mm256_movemask_epi8(b1) << 32;
            if (nbits < 64)
                ev &= (1ull << nbits) - 1;
            if (j0 == 0 && gl + r[0] == cur_p)
                ev &= ~1ull; /* the same minimum as the previous stripe's last window */
            const uint64_t e0 = e00 + j0;
            for (;;) {
                uint64_t e;
                if (!tie) {
                    /* the common case (see select_fast); then the window it stopped at */
                    if (fastok) {
                        f->nfp = nfp;
                        f->npend = npend;
                        ev = select_fast(f, ev, r + 4 * j0, hx, gl, &last_p, &last_h, &rc);
                        nfp = f->nfp;
                        npend = f->npend;
                        if (rc)
                            break;
                    }
                    if (!ev)
                        break;
                    e = e0 + (uint64_t)__builtin_ctzll(ev);
                    ev &= ev - 1;
                } else {
                    e = ev ? e0 + (uint64_t)__builtin_ctzll(ev) : UINT64_MAX;
                    if (e != UINT64_MAX)
                        ev &= ev - 1;
                    if (dl < e) {
                        if (dl >= e0 + nbits)
                            break;
                        if (e != UINT64_MAX)
                            ev |= 1ull << (e - e0); /* still to come */
                        e = dl;
                    }
                    if (e == UINT64_MAX)
                        break;
                }
                uint64_t cand = gl + r[4 * (e - e00)];
                if (cand == last_p)
                    continue;
                uint64_t chh = hx[4 * (cand - gl)] ^ sign;
                if (last_p + W > e && chh == last_h) {
                    tie = 1; /* robust tie-break: keep the previous pick */
                    dl = last_p + W;
                    continue;
                }
                tie = 0;
                last_p = cand;
                last_h = chh;
                nfp++;
                if (probe) {
                    ph[npend] = chh;
                    pp[npend++] = cand;
                    continue; /* tested in the next call (hash_avx2) */
                }
                if (!bloom && (rc = emit(f, chh, cand)))
                    break; /* (a filter of no words passes nothing) */
            }
        }
        cur_p = gl + r[4 * (cnt - 1)];
    }
    f->npend = npend;
    f->nfp = nfp;
    f->cur_p = cur_p;
    f->last_p = last_p;
    f->last_h = last_h;
    return rc;
}

/* AVX2: hash and winnow units [i0, i0 + m) of the block (m <= VCH), past the stream's warm-up,
 * selecting exactly what hash_units would.  The units are cut into four stripes of
 * L = ceil(m / 4), one per 64-bit lane; stripe l also reads the k + w - 2 units before it (of
 * the previous stripe, or of the history kept before the block), so each lane is a stream of
 * its own:
 *  - hash: tt_winnow__val is affine, v(cp) = C cp + V0 modulo 2^64, so the rolling hash
 *    h = h B + v(cp) - v(cp_old) B^k is h B + C cp - (C B^k) cp_old + V0 (1 - B^k): with
 *    cp < 2^32 each product by a constant is two 32 x 32 -> 64-bit multiplies (AVX2 has no
 *    64-bit multiply), h B two and a shift (B = 2^40 + 0x1b3), the mix's product three; the
 *    high halves' products are summed before one shift.  The
 *    stripes' units are loaded four at a time and transposed; the hash is the same number,
 *    modulo 2^64, as hash_units' and tt_winnow__push's.
 *  - window minima: van Herk / Gil-Werman over blocks of w k-grams: suffix minima backwards,
 *    prefix minima forwards, the window ending at s is min(suffix[s - w + 1], prefix[s]);
 *    ties go to the right (in each scan and in the combination), so each window gets its
 *    rightmost minimum, the one tt_winnow__push and hash_units keep.  Branch-free, unsigned
 *    64-bit compares as signed ones of the hashes with the sign bit flipped.
 *  - selection: the minima are transposed back to stream order; a window can select only
 *    where its rightmost minimum differs from the previous window's (a bit mask, by compares
 *    of neighbours), or where the pick that a robust tie-break kept leaves the window (a
 *    deadline, last_p + w): only those windows go through the tie-break, in order. */
__attribute__((target("avx2"))) static int
hash_avx2(hstate *f, size_t i0, size_t m)
{
    enum { K = TT_WINNOW_K, W = TT_WINNOW_W, D = TT_WINNOW_K + TT_WINNOW_W - 2 };
    const size_t L = (m + 3) / 4;
    const size_t NS = L + W - 1;        /* k-gram hashes per stripe */
    const size_t NR = (L + D + 3) & ~(size_t)3; /* steps per stripe, rounded up */
    const uint64_t nh = f->nh;          /* stream index of unit i0 */
    const uint64_t sign = 1ull << 63;
    /* the constants of winnow.h, taken from its functions: v(cp) = C cp + V0 */
    const uint64_t V0 = tt_winnow__val(0), C = tt_winnow__val(1) - V0;
    uint64_t g = 0, bp = 1;
    for (int j = 0; j < K; j++, bp *= TT_WINNOW_B)
        g += bp;
    const uint64_t BK = f->bk, CK = C * BK, K1 = V0 - V0 * BK, MX = 0x94d049bb133111ebull;
#define LO32(x) _mm256_set1_epi64x((long long)((x) & 0xffffffffu))
#define HI32(x) _mm256_set1_epi64x((long long)((x) >> 32))
    const __m256i bl = LO32(TT_WINNOW_B), bh = HI32(TT_WINNOW_B);
    const __m256i cl = LO32(C), ch = HI32(C), kl = LO32(CK), kh = HI32(CK);
    const __m256i ml = LO32(MX), mh = HI32(MX);
#undef LO32
#undef HI32
    const __m256i k1 = _mm256_set1_epi64x((long long)K1);
    const __m256i sg = _mm256_set1_epi64x((long long)sign);
    (void)bh;
    uint64_t *vt = f->vt, *vx = f->vx, *vsv = f->vsv, *vsp = f->vsp;
    /* stripe l reads the units from block index i0 + l L - D on (CPH >= D of them before
     * the block are kept, and CPAD after it are slack) */
    const uint32_t *c0 = f->cp + i0 - D;

    /* hashes: vt[K + t] holds the stripes' units at step t, vt[t] (zero before) their units
     * k steps earlier; vx[s] the hash of the k-gram ending at step s + k - 1.  The rolling
     * hash h = h B + v(cp) - v(cp_old) B^k = h B + C cp - C B^k cp_old + V0 (1 - B^k), with
     * cp < 2^32, so each product by a constant is two 32 x 32 -> 64-bit multiplies; it starts
     * as the hash of k units of code point 0, which the k first steps roll out. */
    memset(vt, 0, sizeof(uint64_t) * 4 * K);
    /* the previous call's selections: their filter words are fetched a few per step
     * of this loop, spread over its work rather than in a burst (which fills the CPU's miss
     * buffers when the filter is far larger than the caches), and tested after the minima */
    const size_t npre = f->npend;
    const uint64_t *bw = npre ? f->bloom->w : NULL;
    const uint64_t bnw = npre ? (uint64_t)f->bloom->nwords : 0;
    size_t pj = 0;
#define PREFETCH_PENDING(q)                                                                   \
    __builtin_prefetch(bw + (size_t)((((f->ph[q] >> 20) & 0xffffffffull) * bnw) >> 32))
    __m256i P = _mm256_set1_epi64x((long long)(V0 * g));
    for (size_t t = 0; t < NR; t += 4) {
        if (pj < npre) {
            const size_t pe = TT_MIN(pj + 4, npre);
            for (; pj < pe; pj++)
                PREFETCH_PENDING(pj);
        }
        __m128i r0 = _mm_loadu_si128((const __m128i *)(c0 + t));
        __m128i r1 = _mm_loadu_si128((const __m128i *)(c0 + L + t));
        __m128i r2 = _mm_loadu_si128((const __m128i *)(c0 + 2 * L + t));
        __m128i r3 = _mm_loadu_si128((const __m128i *)(c0 + 3 * L + t));
        __m128i a0 = _mm_unpacklo_epi32(r0, r1), a1 = _mm_unpackhi_epi32(r0, r1);
        __m128i a2 = _mm_unpacklo_epi32(r2, r3), a3 = _mm_unpackhi_epi32(r2, r3);
        __m128i q[4] = {_mm_unpacklo_epi64(a0, a2), _mm_unpackhi_epi64(a0, a2),
                        _mm_unpacklo_epi64(a1, a3), _mm_unpackhi_epi64(a1, a3)};
#pragma GCC unroll 4
        for (int j = 0; j < 4; j++) {
            size_t s = t + (size_t)j;
            __m256i tn = _mm256_cvtepu32_epi64(q[j]);
            _mm256_storeu_si256((__m256i *)(vt + 4 * (K + s)), tn);
            __m256i to = _mm256_loadu_si256((const __m256i *)(vt + 4 * s));
            /* P B + C tn - C B^k to + K1, the products of 64 x 32 bits summed by halves:
             * the low halves' full products, and the high halves' low 32 bits shifted up
             * once.  X = C tn - C B^k to + K1 does not depend on P; P B, on the chain from
             * one step to the next, is P_lo b + ((P_hi b + (P << 8)) << 32) with B = 2^40 + b:
             * 7 operations deep instead of 10 with X summed into it */
#if TT_WINNOW_B >> 32 == 0x100
            __m256i X = _mm256_add_epi64(
                _mm256_add_epi64(_mm256_sub_epi64(_mm256_mul_epu32(tn, cl), _mm256_mul_epu32(to, kl)), k1),
                _mm256_slli_epi64(_mm256_sub_epi64(_mm256_mul_epu32(tn, ch), _mm256_mul_epu32(to, kh)), 32));
            __m256i pl = _mm256_add_epi64(_mm256_mul_epu32(P, bl), X);
            __asm__("" : "+x"(pl)); /* kept as written: the compiler would move X's add last */
            __m256i phi = _mm256_slli_epi64(_mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(P, 32), bl),
                                                             _mm256_slli_epi64(P, 8)),
                                            32);
            P = _mm256_add_epi64(pl, phi);
#else
            __m256i lo = _mm256_add_epi64(
                _mm256_sub_epi64(_mm256_add_epi64(_mm256_mul_epu32(P, bl), _mm256_mul_epu32(tn, cl)),
                                 _mm256_mul_epu32(to, kl)),
                k1);
            __m256i hi = _mm256_sub_epi64(
                _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(P, 32), bl),
                                 _mm256_mul_epu32(tn, ch)),
                _mm256_mul_epu32(to, kh));
            P = _mm256_add_epi64(lo, _mm256_slli_epi64(_mm256_add_epi64(hi, _mm256_mul_epu32(P, bh)), 32));
#endif
            __m256i h = _mm256_xor_si256(P, _mm256_srli_epi64(P, 31));
            h = mul64c(h, ml, mh);
            h = _mm256_xor_si256(h, _mm256_srli_epi64(h, 29));
            if (s + 1 >= K)
                _mm256_storeu_si256((__m256i *)(vx + 4 * (s + 1 - K)), _mm256_xor_si256(h, sg));
        }
    }

    /* suffix minima of the van Herk blocks [b0, b0 + w) that hold a window's start (< L):
     * backwards, a strictly smaller hash takes over, so ties keep the rightmost.  Every such
     * block is whole (b0 + w - 1 <= L + w - 2 = NS - 1), so its loop has a fixed count */
    const __m256i one = _mm256_set1_epi64x(1);
    for (size_t b0 = 0; b0 < L; b0 += W) {
        size_t s = b0 + W - 1;
        __m256i bv = _mm256_loadu_si256((const __m256i *)(vx + 4 * s));
        __m256i spos = _mm256_set1_epi64x((long long)s), bpos = spos;
        _mm256_storeu_si256((__m256i *)(vsv + 4 * s), bv);
        _mm256_storeu_si256((__m256i *)(vsp + 4 * s), bpos);
#pragma GCC unroll 16
        for (int k = 1; k < W; k++) {
            s--;
            __m256i x = _mm256_loadu_si256((const __m256i *)(vx + 4 * s));
            __m256i lt = _mm256_cmpgt_epi64(bv, x);
            spos = _mm256_sub_epi64(spos, one); /* s in every lane */
            bv = _mm256_blendv_epi8(bv, x, lt);
            bpos = _mm256_blendv_epi8(bpos, spos, lt);
            _mm256_storeu_si256((__m256i *)(vsv + 4 * s), bv);
            _mm256_storeu_si256((__m256i *)(vsp + 4 * s), bpos);
        }
    }
    /* prefix minima forwards (an equal hash takes over), and the window ending at s: the
     * suffix part wins only when strictly smaller.  Window minima, as steps of their stripe
     * (stripe l's step-0 k-gram is at nh + l L - D), go to vt[4 j + l], j = s - w + 1; bit l
     * of ve[j] is set when stripe l's minimum differs from its previous window's (at j = 0
     * always: the window before is the previous stripe's, settled in select_avx2).  By van
     * Herk blocks of w k-gram hashes [b0, b0 + w): the prefix starts afresh at b0; the first
     * block holds the end of the first window only (NS >= w), every later k-gram ends one */
    uint8_t *ve = f->ve;
    {
        __m256i rprev = _mm256_set1_epi64x(-1), pv, pp, ps;
#define PREFIX_STEP(s)                                                                        \
    do {                                                                                      \
        __m256i x_ = _mm256_loadu_si256((const __m256i *)(vx + 4 * (s)));                     \
        ps = _mm256_add_epi64(ps, one);                                                       \
        __m256i gt_ = _mm256_cmpgt_epi64(x_, pv);                                             \
        pv = _mm256_blendv_epi8(x_, pv, gt_);                                                 \
        pp = _mm256_blendv_epi8(ps, pp, gt_);                                                 \
    } while (0)
#define WINDOW(j)                                                                             \
    do {                                                                                      \
        __m256i a_ = _mm256_loadu_si256((const __m256i *)(vsv + 4 * (j)));                    \
        __m256i ap_ = _mm256_loadu_si256((const __m256i *)(vsp + 4 * (j)));                   \
        __m256i r_ = _mm256_blendv_epi8(pp, ap_, _mm256_cmpgt_epi64(pv, a_));                 \
        _mm256_storeu_si256((__m256i *)(vt + 4 * (j)), r_);                                   \
        unsigned eq_ = (unsigned)_mm256_movemask_pd(                                          \
            _mm256_castsi256_pd(_mm256_cmpeq_epi64(r_, rprev)));                              \
        ve[j] = (uint8_t)(eq_ ^ 15u);                                                         \
        rprev = r_;                                                                           \
    } while (0)
        ps = pp = _mm256_setzero_si256();
        pv = _mm256_loadu_si256((const __m256i *)vx);
        for (size_t s = 1; s < W; s++)
            PREFIX_STEP(s);
        WINDOW(0);
        size_t b0 = W;
        for (; b0 + W <= NS; b0 += W) { /* whole blocks: a fixed count */
            ps = pp = _mm256_set1_epi64x((long long)b0);
            pv = _mm256_loadu_si256((const __m256i *)(vx + 4 * b0));
            WINDOW(b0 + 1 - W);
#pragma GCC unroll 16
            for (int k = 1; k < W; k++) {
                PREFIX_STEP(b0 + (size_t)k);
                WINDOW(b0 + (size_t)k + 1 - W);
            }
        }
        if (b0 < NS) { /* the last, partial block */
            ps = pp = _mm256_set1_epi64x((long long)b0);
            pv = _mm256_loadu_si256((const __m256i *)(vx + 4 * b0));
            WINDOW(b0 + 1 - W);
            for (size_t s = b0 + 1; s < NS; s++) {
                PREFIX_STEP(s);
                WINDOW(s + 1 - W);
            }
        }
#undef PREFIX_STEP
#undef WINDOW
    }
    memset(ve + L, 0, 64);

    for (; pj < npre; pj++)
        PREFETCH_PENDING(pj);
#undef PREFETCH_PENDING
    int rc = npre ? drain(f) : 0;
    if (!rc)
        rc = select_avx2(f, m, L);
    f->nh = nh + m;
    return rc;
}
#endif

/* Hash and winnow the block: the stream's first k + w - 1 units through the warm loop, the
 * rest through hash_units or hash_avx2; then keep its last CPH units before the next block. */
static int
flush_block(hstate *f)
{
    size_t i = 0, nb = f->nb;
    int rc = 0;
    if (f->nh < TT_WINNOW_K + TT_WINNOW_W) {
        i = (size_t)(TT_WINNOW_K + TT_WINNOW_W - f->nh);
        if (i > nb)
            i = nb;
        rc = hash_units(f, 0, i, 1);
    }
#ifdef FASTFP_X86
    if (f->hsimd)
        for (size_t m; !rc && i < nb; i += m) {
            m = TT_MIN(nb - i, (size_t)VCH);
            rc = hash_avx2(f, i, m);
        }
#endif
    if (!rc && i < nb)
        rc = hash_units(f, i, nb, 0);
    memmove(f->cpbuf, f->cpbuf + nb, CPH * sizeof *f->cpbuf);
    f->nb = 0;
    return rc;
}

static inline int
add_unit(hstate *f, uint32_t cp, uint64_t start, uint64_t end)
{
    uint64_t u = f->n++;
    f->urec[u & RM] = (uint16_t)(f->nrec & RM);
    srec *r = &f->rec[f->nrec++ & RM];
    r->u0 = u;
    r->b0 = start;
    r->mask = 0;
    r->ext = (uint32_t)(end - start);
    if (f->ub) {
        if (u >= *f->ubcap && tt__grow(f->ub, f->ubcap, (size_t)u + 1, 1))
            return TT_ENOMEM;
        (*f->ub)[u] = tt_hotloop__ubyte(cp);
    }
    f->cp[f->nb++] = cp;
    return f->nb == BLK ? flush_block(f) : 0;
}

/* ---- runtime dispatch ---- */

/* The stages in effect: 0 the scalar loops, 1 the AVX2 byte stage, 2 the AVX2 byte stage and
 * hash and winnow stage; -1 until first use (then detected). */
static int simd_level = -1;

static int
simd_detect(void)
{
#ifdef FASTFP_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
        __builtin_cpu_supports("bmi"))
        return 2;
#endif
    return 0;
}

/* A fast pdep: BMI2, on a CPU other than AMD's Zen 1 and 2 (microcoded there: its time grows
 * with the mask's bits).  Cached. */
static int
pdep_fast(void)
{
    static int fast = -1;
    int v = __atomic_load_n(&fast, __ATOMIC_RELAXED);
    if (v < 0) {
        v = 0;
#ifdef FASTFP_X86
        __builtin_cpu_init();
        v = __builtin_cpu_supports("bmi2") && !__builtin_cpu_is("znver1") &&
            !__builtin_cpu_is("znver2");
#endif
        __atomic_store_n(&fast, v, __ATOMIC_RELAXED);
    }
    return v;
}

int
tt_hotloop__simd(int want)
{
    int have = simd_detect();
    int lv = want < 0 ? have : want < have ? want : have;
    __atomic_store_n(&simd_level, lv, __ATOMIC_RELAXED);
    return lv;
}

static int
simd_get(void)
{
    int lv = __atomic_load_n(&simd_level, __ATOMIC_RELAXED);
    if (lv < 0) {
        lv = simd_detect();
        __atomic_store_n(&simd_level, lv, __ATOMIC_RELAXED);
    }
    return lv;
}

/* The normalizer's carried state while in the ASCII loop (see tt_hotloop__run_units). */
typedef struct astate {
    int in_word, has_pend;
    uint32_t pcp;
    uint64_t pstart, pend_end;
    size_t refused; /* ascii_avx2: the first byte >= 0x80 or '|' it stopped at, else SIZE_MAX */
} astate;

#ifdef FASTFP_X86
/* The left-packing shuffles: entry m lists the set bits of m, lowest first (then zeros). */
static uint64_t packtab[256];
static pthread_once_t pack_once = PTHREAD_ONCE_INIT;

static void
pack_build(void)
{
    for (unsigned m = 0; m < 256; m++) {
        uint64_t e = 0;
        unsigned k = 0;
        for (unsigned b = 0; b < 8; b++)
            if (m >> b & 1)
                e |= (uint64_t)b << (8 * k++);
        for (; k < 8; k++)
            e |= 0x80ull << (8 * k); /* shuffles a zero in */
        packtab[m] = e;
    }
}

/* AVX2: fold the plain-ASCII 32-byte chunks from p[i] on (no byte >= 0x80, no '|') into
 * units, stopping before the first chunk that is not plain or would pass len.  Per chunk: the
 * fold of the 128-entry table by its rule (letters by compares, digits by one shuffle of the
 * table's row); bit masks of unit bytes, of 'r' and of 'n';
 * an 'n' right after an 'r' (in a word: the 'r' is a unit byte) is absorbed into it as 'm',
 * the rule of tt_norm__run.  The unit held back from the chunk before (pending) goes out first,
 * with a record of its own; then the chunk's unit bytes are left-packed, 8 bytes at a time by a
 * shuffle of packtab, and stored as they are into the unit bytes (*ub at the stream's unit
 * index, or the block's bb) and widened into the block's code points; an absorbing 'r' is
 * patched to 'm' in both; and one record (srec) gives the spans of all the chunk's units but the last, which is held back
 * in turn.  So the units, spans and order are those of the scalar loop.  Room for a chunk is
 * made before it, and *ub was grown to len + BBPAD.  Returns the new i; *rc as add_unit's. */
__attribute__((target("avx2,popcnt,bmi"))) static size_t
ascii_avx2(hstate *f, const uint8_t *p, size_t i, size_t len, uint64_t base, astate *a, int *rc)
{
    /* the fold table's row of '0' .. '?' (digits and the 6 signs after them) */
    const __m256i row3 =
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(tt_norm__ascii + 0x30)));
    const __m256i c20 = _mm256_set1_epi8(0x20), c60 = _mm256_set1_epi8(0x60);
    const __m256i c7b = _mm256_set1_epi8(0x7b), cf0 = _mm256_set1_epi8((char)0xf0);
    const __m256i c30 = _mm256_set1_epi8(0x30), pipe = _mm256_set1_epi8('|');
    const __m256i zero = _mm256_setzero_si256();
    const __m256i cr = _mm256_set1_epi8('r'), cn = _mm256_set1_epi8('n');
    /* the state in locals: the stores through bytes could alias anything */
    int in_word = a->in_word, has_pend = a->has_pend;
    uint32_t pcp = a->pcp;
    uint64_t pstart = a->pstart, pend_end = a->pend_end;
    srec *rec = f->rec;
    uint16_t *urec = f->urec;
    uint64_t nrec = f->nrec;
    uint32_t *cpb = f->cp;
    uint8_t *ubp = f->ub ? *f->ub : NULL; /* grown to len + BBPAD by the caller: units <= bytes */
    size_t nb = f->nb;
    uint64_t u = f->n;
    int lrc = *rc; /* in a local: the stores through bytes could alias *rc */
    a->refused = SIZE_MAX;
    while (i + 32 <= len && !lrc) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(p + i));
        const uint32_t bad = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(x, _mm256_cmpeq_epi8(x, pipe)));
        if (bad) {
            a->refused = i + (size_t)__builtin_ctz(bad);
            break; /* a byte >= 0x80 or a '|': the scalar loop takes it */
        }
        /* the fold of tt_norm__ascii (all bytes below 0x80 here, so signed compares do): a
         * letter to lower case (x | 0x20 in 'a' .. 'z'), the bytes 0x30 .. 0x3f by the table's
         * row (the shuffle reads their low nibble), every other byte to 0 (test_scan_hotloop:
         * ascii_fold_rule checks that the table is so) */
        const __m256i lx = _mm256_or_si256(x, c20);
        const __m256i letter =
            _mm256_and_si256(_mm256_cmpgt_epi8(lx, c60), _mm256_cmpgt_epi8(c7b, lx));
        const __m256i inrow3 = _mm256_cmpeq_epi8(_mm256_and_si256(x, cf0), c30);
        __m256i fv = _mm256_or_si256(_mm256_and_si256(letter, lx),
                                     _mm256_and_si256(inrow3, _mm256_shuffle_epi8(row3, x)));
        uint32_t nz = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(fv, zero));
        uint32_t isr = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(fv, cr));
        uint32_t isn = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(fv, cn));
        uint64_t at = base + i;
        uint32_t rprev = has_pend && pcp == 'r' && in_word && at + 1 - pstart <= 0xffff;
        uint32_t absorb = isn & ((isr << 1) | rprev);
        uint32_t units = nz & ~absorb;
        if (absorb & 1) {
            pcp = 'm';
            pend_end = at + 1;
        }
        in_word = (int)(nz >> 31);
        i += 32;
        if (!units)
            continue;
        if (nb + 33 > BLK) {
            f->nb = nb;
            f->n = u;
            f->nrec = nrec;
            if ((lrc = flush_block(f)))
                break;
            nb = 0;
        }
        uint8_t *dst = ubp ? ubp + u : f->bb + nb;
        uint32_t *cpo = cpb + nb;
        /* the held-back unit is complete once the chunk has a unit: it goes out first */
        if (has_pend) {
            urec[u & RM] = (uint16_t)(nrec & RM);
            srec *r = &rec[nrec++ & RM];
            r->u0 = u;
            r->b0 = pstart;
            r->mask = 0;
            r->ext = (uint32_t)(pend_end - pstart);
            *dst++ = tt_hotloop__ubyte(pcp); /* it may come from the general path */
            *cpo++ = pcp;
            nb++;
            u++;
        }
        /* left-pack the unit bytes (an ASCII unit's byte is its code point), 8 bytes at a
         * time, straight from the register into the unit bytes and, widened, into the code
         * points: each group's store starts where the last one's units end, so the zeros a
         * group shuffles in past its units are overwritten by the next group's (or lie past
         * the chunk's units, in the slack).  Nothing is read back from a packed buffer, which
         * would wait for its stores (a wide load over several narrower stores cannot be
         * forwarded) */
        const __m128i half[2] = {_mm256_castsi256_si128(fv), _mm256_extracti128_si256(fv, 1)};
        unsigned pc = 0;
#pragma GCC unroll 4
        for (int g = 0; g < 4; g++) {
            unsigned m8 = (units >> (8 * g)) & 0xffu;
            /* packtab indexes the group's 8 bytes; the odd groups are the upper 8 of a half
             * (an index 0x80, a zero, stays >= 0x80) */
            __m128i sh = _mm_cvtsi64_si128(
                (long long)(packtab[m8] + ((g & 1) ? 0x0808080808080808ull : 0)));
            __m128i pv = _mm_shuffle_epi8(half[g >> 1], sh);
            _mm_storel_epi64((__m128i *)(dst + pc), pv);
            _mm256_storeu_si256((__m256i *)(cpo + pc), _mm256_cvtepu8_epi32(pv));
            pc += (unsigned)_mm_popcnt_u32(m8);
        }
        const uint32_t ab = (absorb >> 1) & units; /* bit j: the unit at j absorbs j + 1 */
        for (uint32_t t = ab; t; t &= t - 1) { /* "rn" read as "m" */
            unsigned q = (unsigned)_mm_popcnt_u32(units & ((1u << __builtin_ctz(t)) - 1));
            dst[q] = 'm';
            cpo[q] = 'm';
        }
        /* the last unit is held back (an 'n' may follow it in the next chunk) */
        const unsigned last = 31u - (unsigned)__builtin_clz(units);
        const uint32_t rest = units & ~(1u << last);
        if (rest) {
            /* the record of units u .. u + pc - 2, stored for 32 (those after them are
             * written again before they are read; past the ring's end, also from its start) */
            const __m256i ri = _mm256_set1_epi16((short)(nrec & RM));
            _mm256_storeu_si256((__m256i *)(urec + (u & RM)), ri);
            _mm256_storeu_si256((__m256i *)(urec + (u & RM) + 16), ri);
            if ((u & RM) + 32 > RM + 1) {
                _mm256_storeu_si256((__m256i *)urec, ri);
                _mm256_storeu_si256((__m256i *)(urec + 16), ri);
            }
            srec *r = &rec[nrec++ & RM];
            r->u0 = u;
            r->b0 = at;
            r->mask = rest;
            r->ext = ab & rest;
        }
        has_pend = 1;
        pcp = dst[pc - 1];
        pstart = at + last;
        pend_end = at + last + 1 + ((ab >> last) & 1);
        nb += pc - 1;
        u += pc - 1;
    }
    *rc = lrc;
    f->nb = nb;
    f->n = u;
    f->nrec = nrec;
    a->in_word = in_word;
    a->has_pend = has_pend;
    a->pcp = pcp;
    a->pstart = pstart;
    a->pend_end = pend_end;
    return i;
}
#endif

int
tt_hotloop__run_units(const char *text, size_t len, uint64_t base, const tt_bloom *bloom,
                     tt_fpx **out, size_t *n, size_t *cap, size_t *out_nfp, uint8_t **ub,
                     size_t *ubcap, size_t *nunits)
{
    hstate *f = malloc(sizeof *f);
    if (!f)
        return TT_ENOMEM;
    memset(f, 0, offsetof(hstate, n)); /* the block, the records' counters */
    f->cp = f->cpbuf + CPH;
    memset(f->vals, 0, sizeof f->vals);
    f->n = f->nh = 0;
    f->h = 0;
    f->cur_h = UINT64_MAX;
    f->cur_p = 0;
    f->last_h = 0;
    f->last_p = UINT64_MAX;
    f->nfp = 0;
    f->npend = 0;
    tt_winnow w0;
    tt_winnow__init(&w0, TT_WINNOW_K, TT_WINNOW_W);
    f->bk = w0.bk;
    f->bloom = bloom;
    f->out = out;
    f->n_out = n;
    f->cap = cap;
    f->ub = ub;
    f->ubcap = ubcap;
    if (ub && *ubcap < len + BBPAD && tt__grow(ub, ubcap, len + BBPAD, 1)) {
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
    const int simd = simd_get();
    f->hsimd = simd >= 2;
    f->pdep = simd >= 1 && pdep_fast();
    f->vdrain = simd >= 2 && bloom && bloom->nwords && bloom->nwords <= 0xffffffffu;
#ifdef FASTFP_X86
    if (simd)
        pthread_once(&pack_once, pack_build);
#endif
#ifdef FASTFP_X86
    /* after a chunk the AVX2 stage refused, the scalar loop's up to and with the byte it
     * refused (which the general path takes, with the run of such bytes after it) */
    size_t scalar_until = 0;
#endif
    while (i < len && !rc) {
#ifdef FASTFP_X86
        if (simd && i >= scalar_until && i + 32 <= len) {
            astate a = {in_word, has_pend, pcp, pstart, pend_end, SIZE_MAX};
            size_t ni = ascii_avx2(f, p, i, len, base, &a, &rc);
            in_word = a.in_word;
            has_pend = a.has_pend;
            pcp = a.pcp;
            pstart = a.pstart;
            pend_end = a.pend_end;
            scalar_until = a.refused == SIZE_MAX ? ni + 32 : a.refused + 1;
            i = ni;
            if (rc || i >= len)
                break;
        }
#endif
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
                        rc = add_unit(f, pcp, pstart, pend_end);
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
            for (size_t k = 0; k < got && !rc; k++)
                rc = add_unit(f, buf[k].cp, buf[k].start, buf[k].start + buf[k].len);
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
        rc = add_unit(f, pcp, pstart, pend_end);
    if (!rc)
        rc = flush_block(f);
    if (!rc && f->npend) { /* the last hash_avx2 call's selections */
        for (size_t k = 0; k < f->npend; k++)
            __builtin_prefetch(tt_bloom__word(bloom, f->ph[k]));
        rc = drain(f);
    }
    if (out_nfp)
        *out_nfp = f->nfp;
    if (nunits)
        *nunits = (size_t)f->n;
    free(f);
    return rc;
}

int
tt_hotloop__ref(const char *text, size_t len, uint64_t base, tt_fpx **out, size_t *n,
               size_t *cap)
{
    fstate *f = malloc(sizeof *f);
    if (!f)
        return TT_ENOMEM;
    fstate_init(f, NULL, out, n, cap);
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
