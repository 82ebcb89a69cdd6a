/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tardos.c: the symmetric Tardos code, binary and q-ary, and its Chernoff bound (see tardos.h
 * for the construction; docs/parts/natural.md proves the bound for q-ary positions).
 * Invariants: the same marking key, document row, m, collusion, cutoff and arities give the
 * same thresholds, permutation and bits on every machine: the bias is computed
 * with IEEE-754 +, -, *, / only (C11 mode keeps the compiler from contracting to FMA), and
 * every bit is an integer comparison of a ChaCha20 word with a 64-bit threshold.
 * Workload: issuing draws m words per recipient (ChaCha20 runs at a few cycles per byte, so
 * 10,000 recipients x 2,000 slots is 160 MB of keystream, a fraction of a second); tracing
 * does the same for every recipient of the document, then bounds only the top scores.
 */
#include <math.h>
#include <sodium.h>

#include "tardos.h"

#define PI_D 3.14159265358979323846
#define TWO64 18446744073709551616.0

struct tt_tardos {
    size_t m;
    unsigned collusion;
    double cutoff;
    uint64_t *thr;    /* by code position */
    uint32_t *perm;   /* slot -> code position */
    unsigned char *bitkey; /* sodium_malloc'd, 32 bytes */
    unsigned char *qkey;   /* sodium_malloc'd, 32 bytes: the q-ary bias key (id 4) */
    unsigned char *ks;     /* keystream scratch, 8 * m bytes */
    unsigned law;
    uint8_t *arity;        /* by position; NULL while every position is binary */
    uint32_t *qoff;        /* by position: its first cumulative threshold in cum */
    uint64_t *cum;         /* C_1 .. C_{q-1} of each q-ary position */
    int arity_set;
};

double
tt_tardos__default_cutoff(unsigned collusion)
{
    return collusion <= 1 ? 0.0 : 1.0 / (300.0 * collusion);
}

/* sin(x) for x in [0, pi/2] by its Taylor series: only +, * and / so every IEEE-754 machine
 * computes the same bits (libm's sin may differ by an ulp between versions). */
static double
det_sin(double x)
{
    double x2 = x * x, term = x, sum = x;
    for (int k = 1; k <= 15; k++) {
        term = -term * x2 / (double)((2 * k) * (2 * k + 1));
        sum += term;
    }
    return sum;
}

/* asin(sqrt(t)) for t in [0, 1) by bisection on det_sin: deterministic too. */
static double
det_asin_sqrt(double t)
{
    double lo = 0, hi = PI_D / 2;
    for (int i = 0; i < 80; i++) {
        double mid = (lo + hi) / 2, s = det_sin(mid);
        if (s * s < t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static uint64_t
load64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static int
subkey(unsigned char out[32], uint64_t id, const char ctx[8], const unsigned char key[32])
{
    return crypto_kdf_derive_from_key(out, 32, id, ctx, key);
}

unsigned
tt_tardos__default_law(unsigned collusion)
{
    return collusion >= 2 && collusion <= 4 ? TT_LAW_DISCRETE : TT_LAW_ARCSINE;
}

int
tt_tardos__new(tt_tardos **out, const unsigned char *mark_key, int64_t doc_row, size_t m,
             unsigned collusion, double cutoff, tt_err *err)
{
    return tt_tardos__new_law(out, mark_key, doc_row, m, collusion, cutoff, TT_LAW_ARCSINE, err);
}

int
tt_tardos__new_law(tt_tardos **out, const unsigned char *mark_key, int64_t doc_row, size_t m,
                 unsigned collusion, double cutoff, unsigned law, tt_err *err)
{
    *out = NULL;
    if (!mark_key || doc_row < 0 || collusion < 1 || !(cutoff >= 0 && cutoff < 0.5) ||
        m > UINT32_MAX || law > TT_LAW_DISCRETE || (law == TT_LAW_DISCRETE && collusion > 4))
        return tt__error(err, TT_EINVAL, "invalid code parameters");
    if (sodium_init() < 0)
        return tt__error(err, TT_ECRYPTO, "cannot initialize libsodium");
    tt_tardos *c = calloc(1, sizeof *c);
    unsigned char *dk = sodium_malloc(32 * 4);
    if (!c || !dk) {
        free(c);
        sodium_free(dk);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    c->m = m;
    c->collusion = collusion;
    c->cutoff = cutoff;
    c->law = law;
    c->thr = malloc((m ? m : 1) * sizeof *c->thr);
    c->perm = malloc((m ? m : 1) * sizeof *c->perm);
    c->ks = malloc((m ? m : 1) * 8);
    c->bitkey = sodium_malloc(32);
    c->qkey = sodium_malloc(32);
    unsigned char *bias_ks = malloc((m ? m : 1) * 8);
    int rc = 0;
    if (!c->thr || !c->perm || !c->ks || !c->bitkey || !c->qkey || !bias_ks) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    unsigned char *doc_key = dk, *bias_key = dk + 32, *perm_key = dk + 64;
    if (subkey(doc_key, (uint64_t)doc_row, "ttmark01", mark_key) ||
        subkey(bias_key, 1, "ttcode01", doc_key) || subkey(c->bitkey, 2, "ttcode01", doc_key) ||
        subkey(perm_key, 3, "ttcode01", doc_key) || subkey(c->qkey, 4, "ttcode01", doc_key)) {
        rc = tt__error(err, TT_ECRYPTO, "cannot derive the document's code key");
        goto out;
    }
    static const unsigned char zero_nonce[crypto_stream_chacha20_NONCEBYTES];

    /* Biases. */
    if (collusion <= 1 || (law == TT_LAW_DISCRETE && collusion <= 2)) {
        for (size_t i = 0; i < m; i++)
            c->thr[i] = UINT64_C(1) << 63;
    } else if (law == TT_LAW_DISCRETE) {
        /* Nuida et al., C = 3, 4: p = (1 -+ 1/sqrt 3) / 2, each with probability 1/2, chosen
         * by the top bit of bias word i */
        crypto_stream_chacha20(bias_ks, m * 8, zero_nonce, bias_key);
        for (size_t i = 0; i < m; i++)
            c->thr[i] = load64(bias_ks + 8 * i) >> 63 ? UINT64_C(14548488365168947508)
                                                        : UINT64_C(3898255708540604107);
    } else {
        crypto_stream_chacha20(bias_ks, m * 8, zero_nonce, bias_key);
        double tp = det_asin_sqrt(cutoff);
        double span = PI_D / 2 - 2 * tp;
        for (size_t i = 0; i < m; i++) {
            double u = (double)(load64(bias_ks + 8 * i) >> 11) * (1.0 / 9007199254740992.0);
            double s = det_sin(tp + u * span);
            double p = s * s;
            double d = p * TWO64;
            c->thr[i] = d >= TWO64 ? UINT64_MAX : d < 1 ? 1 : (uint64_t)d;
        }
    }

    /* Slot -> position: keyed Fisher-Yates, unbiased bounded draws (rejection). */
    for (size_t i = 0; i < m; i++)
        c->perm[i] = (uint32_t)i;
    if (m > 1) {
        unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {1};
        crypto_stream_chacha20(bias_ks, m * 8, nonce, perm_key);
        size_t used = 0;
        uint64_t extra_ctr = 0;
        for (size_t i = m - 1; i > 0; i--) {
            uint64_t bound = (uint64_t)i + 1, lim = UINT64_MAX - UINT64_MAX % bound, r;
            for (;;) {
                if (used < m) {
                    r = load64(bias_ks + 8 * used++);
                } else { /* out of words (vanishingly rare): draw more */
                    unsigned char w[8];
                    unsigned char n2[crypto_stream_chacha20_NONCEBYTES] = {2};
                    crypto_stream_chacha20_xor_ic(w, (const unsigned char *)"\0\0\0\0\0\0\0\0",
                                                  8, n2, extra_ctr++, perm_key);
                    r = load64(w);
                }
                if (r < lim)
                    break;
            }
            size_t j = (size_t)(r % bound);
            uint32_t t = c->perm[i];
            c->perm[i] = c->perm[j];
            c->perm[j] = t;
        }
    }
out:
    sodium_free(dk);
    free(bias_ks);
    if (rc) {
        tt_tardos__free(c);
        return rc;
    }
    *out = c;
    return 0;
}

void
tt_tardos__free(tt_tardos *c)
{
    if (!c)
        return;
    free(c->thr);
    free(c->perm);
    if (c->ks)
        sodium_memzero(c->ks, c->m * 8);
    free(c->ks);
    sodium_free(c->bitkey);
    sodium_free(c->qkey);
    free(c->arity);
    free(c->qoff);
    free(c->cum);
    free(c);
}

/* floor(k 2^64 / q) for 0 < k < q, exactly, in 64-bit integers. */
static uint64_t
uniform_cut(unsigned k, unsigned q)
{
    uint64_t whole = UINT64_MAX / q, rem = UINT64_MAX % q + 1; /* 2^64 = whole q + rem */
    if (rem == q) {
        whole++;
        rem = 0;
    }
    return whole * k + (rem * k) / q;
}

/* The cumulative thresholds cum[0 .. q-2] = C_1 .. C_{q-1} of q-ary position pos. */
static void
qary_bias(const tt_tardos *c, uint32_t pos, unsigned q, uint64_t *cum)
{
    double t = c->law == TT_LAW_ARCSINE ? c->cutoff : tt_tardos__default_cutoff(c->collusion);
    int uniform = c->collusion <= 1 || (c->law == TT_LAW_DISCRETE && c->collusion <= 2) ||
                  !(t * q < 1);
    double p[TT_TARDOS_MAXQ];
    if (!uniform) {
        /* a uniform point of the unit ball of R^q by rejection from the cube: its squared
         * coordinates over its squared norm are Dirichlet(1/2, ..., 1/2) */
        unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {0}, blk[64];
        for (int k = 0; k < 4; k++)
            nonce[k] = (unsigned char)(pos >> (8 * k));
        nonce[7] = 0x71; /* apart from every recipient's nonce of the bit key, and another key */
        int ok = 0;
        for (uint64_t ctr = 0; ctr < 4096 && !ok; ctr++) {
            memset(blk, 0, sizeof blk);
            crypto_stream_chacha20_xor_ic(blk, blk, sizeof blk, nonce, ctr, c->qkey);
            double u[TT_TARDOS_MAXQ], r2 = 0;
            for (unsigned k = 0; k < q; k++) {
                u[k] = (double)(load64(blk + 8 * k) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
                r2 += u[k] * u[k];
            }
            if (r2 > 1.0 || r2 < 1e-12)
                continue;
            for (unsigned k = 0; k < q; k++)
                p[k] = t + (1.0 - q * t) * (u[k] * u[k] / r2);
            ok = 1;
        }
        if (!ok) /* 4096 rejections in a row: never seen; fall back, deterministically */
            uniform = 1;
    }
    if (uniform) {
        for (unsigned k = 1; k < q; k++)
            cum[k - 1] = uniform_cut(k, q);
        return;
    }
    double sum = 0;
    uint64_t prev = 0;
    for (unsigned k = 1; k < q; k++) {
        sum += p[k - 1];
        double d = sum * TWO64;
        uint64_t v = d >= TWO64 ? UINT64_MAX : (uint64_t)d;
        /* strictly increasing, and room for every later symbol: each p_k > 0 */
        if (v <= prev)
            v = prev + 1;
        if (v > UINT64_MAX - (q - 1 - k))
            v = UINT64_MAX - (q - 1 - k);
        cum[k - 1] = prev = v;
    }
}

int
tt_tardos__set_arity(tt_tardos *c, const uint8_t *q, tt_err *err)
{
    if (c->arity_set)
        return tt__error(err, TT_EINVAL, "the code's arities were set already");
    size_t nq = 0, ncum = 0;
    for (size_t s = 0; s < c->m; s++) {
        if (q[s] > TT_TARDOS_MAXQ)
            return tt__error(err, TT_EINVAL, "a slot has %u options (at most %d)", q[s],
                             TT_TARDOS_MAXQ);
        if (q[s] > 2) {
            nq++;
            ncum += q[s] - 1u;
        }
    }
    c->arity_set = 1;
    if (!nq)
        return 0;
    c->arity = calloc(c->m, 1);
    c->qoff = calloc(c->m, sizeof *c->qoff);
    c->cum = malloc(ncum * sizeof *c->cum);
    if (!c->arity || !c->qoff || !c->cum || ncum > UINT32_MAX) {
        free(c->arity);
        free(c->qoff);
        free(c->cum);
        c->arity = NULL;
        c->qoff = NULL;
        c->cum = NULL;
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    size_t at = 0;
    for (size_t s = 0; s < c->m; s++) {
        uint32_t pos = c->perm[s];
        c->arity[pos] = q[s] > 2 ? q[s] : 2;
        if (q[s] > 2) {
            c->qoff[pos] = (uint32_t)at;
            qary_bias(c, pos, q[s], c->cum + at);
            at += q[s] - 1u;
        }
    }
    return 0;
}

unsigned
tt_tardos__arity(const tt_tardos *c, size_t s)
{
    return c->arity ? c->arity[c->perm[s]] : 2;
}

/* The symbol of word w at q-ary position pos. */
static uint8_t
qary_symbol(const tt_tardos *c, uint32_t pos, uint64_t w)
{
    const uint64_t *cum = c->cum + c->qoff[pos];
    uint8_t y = 0;
    for (unsigned k = 1; k < c->arity[pos]; k++)
        y += w >= cum[k - 1];
    return y;
}

double
tt_tardos__symbol_bias(const tt_tardos *c, size_t s, unsigned y)
{
    uint32_t pos = c->perm[s];
    if (!c->arity || c->arity[pos] <= 2) {
        double p = (double)c->thr[pos] / TWO64;
        return y ? p : 1 - p;
    }
    unsigned q = c->arity[pos];
    const uint64_t *cum = c->cum + c->qoff[pos];
    uint64_t lo = y ? cum[y - 1] : 0;
    if (y + 1 >= q) /* 2^64 - lo */
        return ((double)(UINT64_MAX - lo) + 1.0) / TWO64;
    return (double)(cum[y] - lo) / TWO64;
}

size_t
tt_tardos__position(const tt_tardos *c, size_t s)
{
    return c->perm[s];
}

uint64_t
tt_tardos__threshold(const tt_tardos *c, size_t s)
{
    return c->thr[c->perm[s]];
}

double
tt_tardos__bias(const tt_tardos *c, size_t s)
{
    return (double)tt_tardos__threshold(c, s) / TWO64;
}

void
tt_tardos__digest(const tt_tardos *c, char out[65])
{
    crypto_generichash_state st;
    unsigned char h[16], w[8];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    for (size_t s = 0; s < c->m; s++) {
        uint64_t t = tt_tardos__threshold(c, s);
        for (int k = 0; k < 8; k++)
            w[k] = (unsigned char)(t >> (8 * k));
        crypto_generichash_update(&st, w, 8);
    }
    /* q-ary slots (none in a code of before, whose digest is therefore unchanged): slot,
     * arity and cumulative thresholds */
    for (size_t s = 0; c->arity && s < c->m; s++) {
        uint32_t pos = c->perm[s];
        if (c->arity[pos] <= 2)
            continue;
        unsigned char hd[5] = {(unsigned char)s, (unsigned char)(s >> 8),
                               (unsigned char)(s >> 16), (unsigned char)(s >> 24), c->arity[pos]};
        crypto_generichash_update(&st, hd, sizeof hd);
        for (unsigned k = 0; k + 1 < c->arity[pos]; k++) {
            uint64_t t = c->cum[c->qoff[pos] + k];
            for (int b = 0; b < 8; b++)
                w[b] = (unsigned char)(t >> (8 * b));
            crypto_generichash_update(&st, w, 8);
        }
    }
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

int
tt_tardos__bits(tt_tardos *c, int64_t recipient, uint8_t *out)
{
    unsigned char nonce[crypto_stream_chacha20_NONCEBYTES];
    uint64_t j = (uint64_t)recipient;
    for (int k = 0; k < 8; k++)
        nonce[k] = (unsigned char)(j >> (8 * k));
    if (c->m == 0)
        return 0;
    crypto_stream_chacha20(c->ks, c->m * 8, nonce, c->bitkey);
    for (size_t s = 0; s < c->m; s++) {
        uint32_t pos = c->perm[s];
        uint64_t w = load64(c->ks + 8 * (size_t)pos);
        out[s] = c->arity && c->arity[pos] > 2 ? qary_symbol(c, pos, w) : w < c->thr[pos];
    }
    return 0;
}

typedef struct pos_idx {
    uint32_t pos, idx;
} pos_idx;

static int
pos_cmp(const void *x, const void *y)
{
    const pos_idx *a = x, *b = y;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int
tt_tardos__plan_init(tt_code_plan *p, const tt_tardos *c, const size_t *slots, size_t n)
{
    memset(p, 0, sizeof *p);
    pos_idx *tmp = malloc((n ? n : 1) * sizeof *tmp);
    p->pos = malloc((n ? n : 1) * sizeof *p->pos);
    p->idx = malloc((n ? n : 1) * sizeof *p->idx);
    p->thr = malloc((n ? n : 1) * sizeof *p->thr);
    if (c->arity) {
        p->q = malloc(n ? n : 1);
        p->qoff = malloc((n ? n : 1) * sizeof *p->qoff);
    }
    if (!tmp || !p->pos || !p->idx || !p->thr || (c->arity && (!p->q || !p->qoff))) {
        free(tmp);
        tt_tardos__plan_release(p);
        return TT_ENOMEM;
    }
    for (size_t k = 0; k < n; k++)
        tmp[k] = (pos_idx){c->perm[slots[k]], (uint32_t)k};
    qsort(tmp, n, sizeof *tmp, pos_cmp);
    size_t maxrun = 0;
    for (size_t k = 0; k < n; k++) {
        p->pos[k] = tmp[k].pos;
        p->idx[k] = tmp[k].idx;
        p->thr[k] = c->thr[tmp[k].pos];
        if (p->q) {
            p->q[k] = c->arity[tmp[k].pos];
            p->qoff[k] = c->qoff[tmp[k].pos];
        }
    }
    /* the longest run of blocks generated at once (blocks of 8 positions; runs break at a
     * gap of more than one block) */
    for (size_t k = 0; k < n;) {
        size_t e = k + 1;
        while (e < n && p->pos[e] / 8 <= p->pos[e - 1] / 8 + 2)
            e++;
        size_t blocks = p->pos[e - 1] / 8 - p->pos[k] / 8 + 1;
        if (blocks > maxrun)
            maxrun = blocks;
        k = e;
    }
    free(tmp);
    p->n = n;
    p->scratch_len = maxrun * 64;
    p->scratch = calloc(maxrun ? maxrun * 64 : 1, 1);
    if (!p->scratch) {
        tt_tardos__plan_release(p);
        return TT_ENOMEM;
    }
    return 0;
}

void
tt_tardos__plan_release(tt_code_plan *p)
{
    if (!p)
        return;
    free(p->pos);
    free(p->idx);
    free(p->thr);
    free(p->q);
    free(p->qoff);
    free(p->scratch);
    memset(p, 0, sizeof *p);
}

void
tt_tardos__bits_plan(const tt_tardos *c, tt_code_plan *p, int64_t recipient, uint8_t *out)
{
    unsigned char nonce[crypto_stream_chacha20_NONCEBYTES];
    uint64_t j = (uint64_t)recipient;
    for (int k = 0; k < 8; k++)
        nonce[k] = (unsigned char)(j >> (8 * k));
    for (size_t k = 0; k < p->n;) {
        size_t e = k + 1;
        while (e < p->n && p->pos[e] / 8 <= p->pos[e - 1] / 8 + 2)
            e++;
        uint64_t b0 = p->pos[k] / 8, b1 = p->pos[e - 1] / 8;
        size_t len = (size_t)(b1 - b0 + 1) * 64;
        memset(p->scratch, 0, len);
        crypto_stream_chacha20_xor_ic(p->scratch, p->scratch, len, nonce, b0, c->bitkey);
        for (size_t q = k; q < e; q++) {
            size_t off = (size_t)(p->pos[q] - b0 * 8) * 8;
            uint64_t w = load64(p->scratch + off);
            out[p->idx[q]] = p->q && p->q[q] > 2 ? qary_symbol(c, p->pos[q], w) : w < p->thr[q];
        }
        k = e;
    }
}

/* ---- scoring ---- */

double
tt_tardos__term(double p, uint8_t y, uint8_t x)
{
    double a = sqrt((1 - p) / p), b = sqrt(p / (1 - p));
    if (y)
        return x ? a : -b;
    return x ? -a : b;
}

void
tt_tardos__observe(const tt_tardos *c, size_t s, uint8_t y, tt_obs *o, double *match,
                   double *other)
{
    if (tt_tardos__arity(c, s) > 2) {
        double p = tt_tardos__symbol_bias(c, s, y);
        *o = (tt_obs){p, 1};
        *match = tt_tardos__term(p, 1, 1);
        *other = tt_tardos__term(p, 1, 0);
    } else {
        double p = tt_tardos__bias(c, s);
        y = y ? 1 : 0;
        *o = (tt_obs){p, y};
        *match = tt_tardos__term(p, y, y);
        *other = tt_tardos__term(p, y, !y);
    }
}

/* Observed slots grouped by (p, y): with C = 1 there are only two groups. */
typedef struct group {
    double p, a1, a0; /* bias, term for x = 1, term for x = 0 */
    double w;         /* how many slots */
} group;

static int
obs_cmp(const void *x, const void *y)
{
    const tt_obs *a = x, *b = y;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    return (int)a->y - (int)b->y;
}

static group *
make_groups(const tt_obs *obs, size_t n, size_t *out_ng)
{
    tt_obs *tmp = malloc((n ? n : 1) * sizeof *tmp);
    group *g = malloc((n ? n : 1) * sizeof *g);
    if (!tmp || !g) {
        free(tmp);
        free(g);
        return NULL;
    }
    memcpy(tmp, obs, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, obs_cmp);
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        if (ng && g[ng - 1].p == tmp[i].p && g[ng - 1].a1 == tt_tardos__term(tmp[i].p, tmp[i].y, 1)) {
            g[ng - 1].w += 1;
            continue;
        }
        g[ng].p = tmp[i].p;
        g[ng].a1 = tt_tardos__term(tmp[i].p, tmp[i].y, 1);
        g[ng].a0 = tt_tardos__term(tmp[i].p, tmp[i].y, 0);
        g[ng].w = 1;
        ng++;
    }
    free(tmp);
    *out_ng = ng;
    return g;
}

/* f(lambda) = -lambda s + sum log M_i(lambda), and its derivative. */
static double smax_of(const group *g, size_t ng);

/* Written as lambda (smax - s) + sum log(M_i e^{-lambda h_i}) so that a huge lambda near
 * s = smax does not cancel two huge terms. */
static void
eval(const group *g, size_t ng, double s, double lam, double *f, double *df)
{
    double d = smax_of(g, ng) - s;
    /* Scores summed in another order may pass smax by an ulp: never let that tighten. */
    if (d < 0)
        d = 0;
    /* The derivative is taken of this same expression, not as -s + sum E[a]: when s lies
     * within rounding of smax the two differ, and a derivative that never turns positive
     * would drive lambda to 2^60, where lambda * d (d a rounding residue) swamps the bound. */
    double sum = lam * d, dsum = d;
    for (size_t i = 0; i < ng; i++) {
        double h = g[i].a1 > g[i].a0 ? g[i].a1 : g[i].a0;
        double e1 = g[i].p * exp(lam * (g[i].a1 - h));
        double e0 = (1 - g[i].p) * exp(lam * (g[i].a0 - h));
        double m = e1 + e0;
        sum += g[i].w * log(m);
        dsum += g[i].w * ((g[i].a1 - h) * e1 + (g[i].a0 - h) * e0) / m;
    }
    *f = sum;
    if (df)
        *df = dsum;
}

static double
smax_of(const group *g, size_t ng)
{
    double s = 0;
    for (size_t i = 0; i < ng; i++)
        s += g[i].w * (g[i].a1 > g[i].a0 ? g[i].a1 : g[i].a0);
    return s;
}

static double
log_bound_groups(const group *g, size_t ng, double s)
{
    if (!(s > 0))
        return 0;
    double smax = smax_of(g, ng);
    if (s > smax + 1e-9 * (1 + smax))
        return -INFINITY;
    /* Within the smallest step of smax, S >= s means every slot took its larger term: the
     * tail is exactly the product of those probabilities.  (The Chernoff minimum is then at
     * lambda = infinity, where lambda (smax - s) would blow up any rounding of smax - s.) */
    double gap = INFINITY, lexact = 0;
    for (size_t i = 0; i < ng; i++) {
        double h = g[i].a1 > g[i].a0 ? g[i].a1 : g[i].a0;
        double lo_t = g[i].a1 > g[i].a0 ? g[i].a0 : g[i].a1;
        if (h - lo_t < gap)
            gap = h - lo_t;
        lexact += g[i].w * log(g[i].a1 > g[i].a0 ? g[i].p : 1 - g[i].p);
    }
    if (s > smax - gap / 2)
        return lexact;
    double f, df, lo = 0, hi = 1;
    /* f is convex with f'(0) = -s < 0: bracket the root of f' and bisect.  Any lambda gives a
     * valid bound, so stopping early only loosens it. */
    for (int i = 0; i < 60; i++) {
        eval(g, ng, s, hi, &f, &df);
        if (df > 0)
            break;
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 80 && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2;
        eval(g, ng, s, mid, &f, &df);
        if (df > 0)
            hi = mid;
        else
            lo = mid;
    }
    double best, f2;
    eval(g, ng, s, lo, &best, NULL);
    eval(g, ng, s, hi, &f2, NULL);
    if (f2 < best)
        best = f2;
    return best < 0 ? best : 0;
}

double
tt_tardos__log_bound(const tt_obs *obs, size_t n, double s)
{
    size_t ng;
    group *g = make_groups(obs, n, &ng);
    if (!g)
        return 0; /* out of memory: the trivial bound, never an accusation */
    double r = log_bound_groups(g, ng, s);
    free(g);
    return r;
}

double
tt_tardos__threshold_score(const tt_obs *obs, size_t n, double log_target)
{
    size_t ng;
    group *g = make_groups(obs, n, &ng);
    if (!g)
        return INFINITY;
    double smax = smax_of(g, ng), r;
    if (!(smax > 0) || log_bound_groups(g, ng, smax) > log_target) {
        r = INFINITY;
    } else {
        double lo = 0, hi = smax;
        for (int i = 0; i < 64; i++) {
            double mid = (lo + hi) / 2;
            if (log_bound_groups(g, ng, mid) <= log_target)
                hi = mid;
            else
                lo = mid;
        }
        r = hi;
    }
    free(g);
    return r;
}
