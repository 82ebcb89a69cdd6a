/* SPDX-License-Identifier: Apache-2.0 */
/* test_tardos.c: the Tardos code: determinism, key separation, the bias law, and the Chernoff
 * bound checked against the exact tail enumerated over every bit vector; q-ary slots: binary
 * slots unchanged, symbols following their bias vector, the bound against the exact q-ary
 * tail, and 100,000 simulated innocents per configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tardos.h"

static const unsigned char key_a[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char key_b[32] = "0123456789abcdef0123456789abcdeX";

static void
deterministic_and_distinct_per_recipient(void **state)
{
    (void)state;
    tt_tardos *c1, *c2;
    size_t m = 500;
    assert_int_equal(tt_tardos__new(&c1, key_a, 7, m, 3, tt_tardos__default_cutoff(3), NULL), 0);
    assert_int_equal(tt_tardos__new(&c2, key_a, 7, m, 3, tt_tardos__default_cutoff(3), NULL), 0);
    uint8_t *x1 = malloc(m), *x2 = malloc(m), *x3 = malloc(m);
    for (int64_t j = 1; j <= 20; j++) {
        tt_tardos__bits(c1, j, x1);
        tt_tardos__bits(c2, j, x2);
        assert_memory_equal(x1, x2, m);
        assert_int_equal(tt_tardos__threshold(c1, (size_t)j), tt_tardos__threshold(c2, (size_t)j));
    }
    char d1[65], d2[65];
    tt_tardos__digest(c1, d1);
    tt_tardos__digest(c2, d2);
    assert_string_equal(d1, d2);
    /* Two recipients' codewords differ in many places. */
    tt_tardos__bits(c1, 1, x1);
    tt_tardos__bits(c1, 2, x3);
    size_t diff = 0;
    for (size_t s = 0; s < m; s++)
        diff += x1[s] != x3[s];
    assert_true(diff > m / 10);
    /* The permutation is a permutation. */
    uint8_t *seen = calloc(m, 1);
    for (size_t s = 0; s < m; s++) {
        size_t p = tt_tardos__position(c1, s);
        assert_true(p < m);
        assert_false(seen[p]);
        seen[p] = 1;
    }
    free(seen);
    free(x1);
    free(x2);
    free(x3);
    tt_tardos__free(c1);
    tt_tardos__free(c2);
}

/* A copy of one document says nothing about another: with p = 1/2 the codewords of the same
 * recipient for two documents (or two vault keys) agree in about half the slots. */
static void
keys_separate_documents_and_vaults(void **state)
{
    (void)state;
    size_t m = 4000;
    tt_tardos *a, *b, *k;
    assert_int_equal(tt_tardos__new(&a, key_a, 1, m, 1, 0, NULL), 0);
    assert_int_equal(tt_tardos__new(&b, key_a, 2, m, 1, 0, NULL), 0);
    assert_int_equal(tt_tardos__new(&k, key_b, 1, m, 1, 0, NULL), 0);
    uint8_t *xa = malloc(m), *xb = malloc(m), *xk = malloc(m);
    tt_tardos__bits(a, 5, xa);
    tt_tardos__bits(b, 5, xb);
    tt_tardos__bits(k, 5, xk);
    size_t agree_doc = 0, agree_key = 0, ones = 0;
    for (size_t s = 0; s < m; s++) {
        agree_doc += xa[s] == xb[s];
        agree_key += xa[s] == xk[s];
        ones += xa[s];
        assert_int_equal(tt_tardos__threshold(a, s), UINT64_C(1) << 63);
    }
    /* 4 standard deviations of Binomial(4000, 1/2) is 126. */
    assert_in_range(agree_doc, 2000 - 126, 2000 + 126);
    assert_in_range(agree_key, 2000 - 126, 2000 + 126);
    assert_in_range(ones, 2000 - 126, 2000 + 126);
    free(xa);
    free(xb);
    free(xk);
    tt_tardos__free(a);
    tt_tardos__free(b);
    tt_tardos__free(k);
}

static int
dcmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* The biases follow the arcsine law cut off at t: P(p <= x) = (asin(sqrt x) - t')/(pi/2 - 2t'),
 * checked with a Kolmogorov-Smirnov distance; and recipients' bits follow their bias. */
static void
bias_follows_arcsine_law_with_cutoff(void **state)
{
    (void)state;
    size_t m = 20000;
    double t = tt_tardos__default_cutoff(3);
    assert_true(fabs(t - 1.0 / 900) < 1e-15);
    tt_tardos *c;
    assert_int_equal(tt_tardos__new(&c, key_a, 3, m, 3, t, NULL), 0);
    double *p = malloc(m * sizeof *p);
    for (size_t s = 0; s < m; s++) {
        p[s] = tt_tardos__bias(c, s);
        assert_true(p[s] >= t * (1 - 1e-9));
        assert_true(p[s] <= 1 - t * (1 - 1e-9));
    }
    qsort(p, m, sizeof *p, dcmp);
    double tp = asin(sqrt(t)), span = M_PI / 2 - 2 * tp, ks = 0;
    for (size_t i = 0; i < m; i++) {
        double f = (asin(sqrt(p[i])) - tp) / span;
        double d1 = fabs(f - (double)i / m), d2 = fabs(f - (double)(i + 1) / m);
        ks = fmax(ks, fmax(d1, d2));
    }
    /* The 99.9% critical value of the KS statistic is 1.95 / sqrt(m) = 0.0138. */
    assert_true(ks < 0.0138);
    /* Bits at the first 200 slots, over 2000 recipients, follow each slot's bias. */
    size_t nrec = 2000, cols = 200;
    double *ones = calloc(cols, sizeof *ones);
    uint8_t *x = malloc(m);
    for (int64_t j = 1; j <= (int64_t)nrec; j++) {
        tt_tardos__bits(c, j, x);
        for (size_t s = 0; s < cols; s++)
            ones[s] += x[s];
    }
    double chi = 0;
    for (size_t s = 0; s < cols; s++) {
        double q = tt_tardos__bias(c, s), e = q * nrec, v = nrec * q * (1 - q);
        chi += (ones[s] - e) * (ones[s] - e) / v;
    }
    /* chi-square with 200 degrees of freedom: the 99.99% point is about 287. */
    assert_true(chi < 287);
    free(ones);
    free(x);
    free(p);
    tt_tardos__free(c);
}

/* Drawing bits through a plan (only the keystream blocks needed) gives the same bits. */
static void
plan_bits_equal_full_bits(void **state)
{
    (void)state;
    size_t m = 3000;
    tt_tardos *c;
    assert_int_equal(tt_tardos__new(&c, key_a, 9, m, 2, tt_tardos__default_cutoff(2), NULL), 0);
    size_t want[] = {2999, 0, 17, 18, 19, 1500, 64, 65, 640, 2001, 7};
    size_t n = sizeof want / sizeof want[0];
    tt_code_plan p;
    assert_int_equal(tt_tardos__plan_init(&p, c, want, n), 0);
    uint8_t *full = malloc(m), got[16];
    for (int64_t j = 1; j < 300; j += 7) {
        tt_tardos__bits(c, j, full);
        tt_tardos__bits_plan(c, &p, j, got);
        for (size_t k = 0; k < n; k++)
            assert_int_equal(got[k], full[want[k]]);
    }
    tt_tardos__plan_release(&p);
    free(full);
    tt_tardos__free(c);
}

static void
terms_have_mean_zero(void **state)
{
    (void)state;
    for (double p = 0.01; p < 1; p += 0.07)
        for (uint8_t y = 0; y < 2; y++) {
            double mean = p * tt_tardos__term(p, y, 1) + (1 - p) * tt_tardos__term(p, y, 0);
            assert_true(fabs(mean) < 1e-12);
            assert_true(tt_tardos__term(p, y, y) > 0);
            assert_true(tt_tardos__term(p, y, !y) < 0);
        }
}

/* The exact tail P(S >= s) of an innocent, over all 2^m bit vectors. */
static double
exact_tail(const tt_obs *o, size_t m, double s)
{
    double tail = 0;
    for (uint32_t v = 0; v < (1u << m); v++) {
        double pr = 1, sc = 0;
        for (size_t i = 0; i < m; i++) {
            uint8_t x = (v >> i) & 1;
            pr *= x ? o[i].p : 1 - o[i].p;
            sc += tt_tardos__term(o[i].p, o[i].y, x);
        }
        if (sc >= s - 1e-12)
            tail += pr;
    }
    return tail;
}

static void
chernoff_bound_dominates_exact_tail(void **state)
{
    (void)state;
    tt_obs o[16];
    uint64_t rng = 88172645463325252ull;
    size_t checked = 0;
    for (int trial = 0; trial < 60; trial++) {
        size_t m = 4 + (size_t)(trial % 13); /* 4..16 */
        for (size_t i = 0; i < m; i++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            double u = (double)(rng >> 11) / 9007199254740992.0;
            o[i].p = trial % 3 == 0 ? 0.5 : 0.02 + 0.96 * u;
            o[i].y = (rng >> 3) & 1;
        }
        /* Every score some bit vector reaches, and points between. */
        for (uint32_t v = 0; v < (1u << m); v += 1 + (1u << m) / 97) {
            double sc = 0;
            for (size_t i = 0; i < m; i++)
                sc += tt_tardos__term(o[i].p, o[i].y, (v >> i) & 1);
            for (int k = 0; k < 2; k++) {
                double s = k ? sc + 0.05 : sc;
                double ex = exact_tail(o, m, s);
                double lb = tt_tardos__log_bound(o, m, s);
                double b = exp(lb);
                assert_true(b >= ex * (1 - 1e-9));
                assert_true(b <= 1.0);
                checked++;
            }
        }
        /* The all-matching vector: its tail is the product of the matching probabilities. */
        double smax = 0, pmax = 1;
        for (size_t i = 0; i < m; i++) {
            smax += tt_tardos__term(o[i].p, o[i].y, o[i].y);
            pmax *= o[i].y ? o[i].p : 1 - o[i].p;
        }
        assert_true(exp(tt_tardos__log_bound(o, m, smax)) >= pmax * (1 - 1e-9));
        assert_true(isinf(tt_tardos__log_bound(o, m, smax + 1)));
    }
    assert_true(checked > 1000);
    /* Not a vacuous bound: 100 fair slots all matching bound to at most 2^-100 * e^small. */
    tt_obs f[100];
    for (size_t i = 0; i < 100; i++)
        f[i] = (tt_obs){0.5, (uint8_t)(i & 1)};
    assert_true(tt_tardos__log_bound(f, 100, 100) <= -100 * log(2) + 1e-6);
    /* Hoeffding for p = 1/2: P(S >= s) <= exp(-s^2 / 2m); Chernoff is at least as tight. */
    assert_true(tt_tardos__log_bound(f, 100, 40) <= -40.0 * 40 / 200 + 1e-9);
    assert_true(tt_tardos__log_bound(f, 100, 0) == 0);
    assert_true(tt_tardos__log_bound(f, 100, -3) == 0);
}

static void
threshold_score_matches_bound(void **state)
{
    (void)state;
    tt_obs o[300];
    for (size_t i = 0; i < 300; i++)
        o[i] = (tt_obs){0.05 + 0.9 * (double)i / 300, (uint8_t)(i % 3 == 0)};
    double target = log(1e-6 / 10000);
    double s = tt_tardos__threshold_score(o, 300, target);
    assert_true(isfinite(s));
    assert_true(tt_tardos__log_bound(o, 300, s) <= target);
    assert_true(tt_tardos__log_bound(o, 300, s * 0.99) > target);
    /* Too few slots: nobody can ever be accused. */
    assert_true(isinf(tt_tardos__threshold_score(o, 5, target)));
}

/* A whole copy read back scores smax, summed in slot order, while the bound groups slots by
 * bias and sums in another order.  Such a score must get (about) the all-matching bound, not
 * a vacuous 1: a regression in which the derivative, taken as -s + sum E[a], cancelled to
 * rounding noise and the minimiser stopped at a lambda where the bound was >= 1. */
static void
bound_at_whole_copy_score_is_not_vacuous(void **state)
{
    (void)state;
    enum { M = 1252 };
    static tt_obs o[M];
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    for (int trial = 0; trial < 200; trial++) {
        double s = 0, logp = 0;
        for (size_t i = 0; i < M; i++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            /* arcsine law with cutoff t = 1/900, as a C = 3 code draws; a few distinct
             * values repeat, as biases do once the observed slots are grouped */
            double u = (double)((rng >> 11) % 64) / 64.0;
            double t = 1.0 / 900, r = asin(sqrt(t)), r2 = asin(sqrt(1 - t));
            double sn = sin(r + (r2 - r) * u);
            o[i].p = sn * sn;
            o[i].y = (rng >> 5) & 1;
            s += tt_tardos__term(o[i].p, o[i].y, o[i].y);
            logp += log(o[i].y ? o[i].p : 1 - o[i].p);
        }
        double lb = tt_tardos__log_bound(o, M, s);
        assert_true(lb >= logp - 1e-6 * -logp); /* never below the exact tail */
        assert_true(lb <= 0.5 * logp);          /* and nowhere near the vacuous bound */
    }
}

/* A perfect reading of a whole copy with a biased code (score = smax, summed in another
 * order than the bound sums it) must give the exact tail, the product of the probabilities
 * of the larger terms, not the trivial bound 1.  (Seen: a leaker's full copy, 1212 slots,
 * collusion 3, scored "bound 1" one time in eight.) */
static void
perfect_reading_gets_the_exact_tail(void **state)
{
    (void)state;
    enum { N = 1212 };
    tt_obs *obs = malloc(N * sizeof *obs);
    uint64_t r = 88172645463325252ull;
    for (int trial = 0; trial < 50; trial++) {
        double s = 0, lexact = 0;
        for (int i = 0; i < N; i++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            double u = (double)(r >> 11) / 9007199254740992.0;
            double p = 0.0011 + u * (1 - 2 * 0.0011);
            uint8_t y = (uint8_t)((r >> 3) & 1);
            obs[i] = (tt_obs){p, y};
            double t1 = tt_tardos__term(p, y, 1), t0 = tt_tardos__term(p, y, 0);
            lexact += log(t1 > t0 ? p : 1 - p);
        }
        for (int i = N - 1; i >= 0; i--) { /* the leaker: x = y everywhere */
            double t1 = tt_tardos__term(obs[i].p, obs[i].y, 1), t0 = tt_tardos__term(obs[i].p, obs[i].y, 0);
            s += t1 > t0 ? t1 : t0;
        }
        double lb = tt_tardos__log_bound(obs, N, s);
        assert_true(lb < -100);
        assert_true(fabs(lb - lexact) <= 1e-6 * fabs(lexact));
        assert_true(tt_tardos__threshold_score(obs, N, log(1e-10)) < s);
    }
    free(obs);
}

/* The discrete law (Nuida et al.) for 3 colluders: two biases (1 -+ 1/sqrt 3)/2, half of the
 * positions each; 2 colluders get p = 1/2; 5 are refused; the code differs from the arcsine
 * one; bits follow the bias; and the Chernoff bound with these biases dominates the exact
 * tail, enumerated over every bit vector. */
static void
discrete_law_for_small_coalitions(void **state)
{
    (void)state;
    size_t m = 20000;
    tt_tardos *c, *a, *h, *bad;
    assert_int_equal(tt_tardos__new_law(&c, key_a, 3, m, 3, 0, TT_LAW_DISCRETE, NULL), 0);
    assert_int_equal(tt_tardos__new_law(&h, key_a, 3, m, 2, 0, TT_LAW_DISCRETE, NULL), 0);
    assert_int_equal(tt_tardos__new(&a, key_a, 3, m, 3, tt_tardos__default_cutoff(3), NULL), 0);
    assert_int_equal(tt_tardos__new_law(&bad, key_a, 3, m, 5, 0, TT_LAW_DISCRETE, NULL), TT_EINVAL);
    assert_null(bad);
    assert_int_equal(tt_tardos__default_law(1), TT_LAW_ARCSINE);
    assert_int_equal(tt_tardos__default_law(3), TT_LAW_DISCRETE);
    assert_int_equal(tt_tardos__default_law(5), TT_LAW_ARCSINE);
    double q = (1 - 1 / sqrt(3.0)) / 2;
    size_t low = 0;
    for (size_t s = 0; s < m; s++) {
        double p = tt_tardos__bias(c, s);
        assert_true(fabs(p - q) < 1e-15 || fabs(p - (1 - q)) < 1e-15);
        low += p < 0.5;
        assert_true(tt_tardos__threshold(h, s) == UINT64_C(1) << 63);
    }
    /* binomial(20000, 1/2): 4.4 standard deviations is 311 */
    assert_true(low > m / 2 - 311 && low < m / 2 + 311);
    char d1[65], d2[65];
    tt_tardos__digest(c, d1);
    tt_tardos__digest(a, d2);
    assert_string_not_equal(d1, d2);
    uint8_t *x = malloc(m);
    double ones = 0, expect = 0;
    for (int64_t j = 1; j <= 200; j++) {
        tt_tardos__bits(c, j, x);
        for (size_t s = 0; s < 500; s++) {
            ones += x[s];
            expect += tt_tardos__bias(c, s);
        }
    }
    /* 100,000 bits, variance at most 100000/4: 5 standard deviations is 791 */
    assert_true(fabs(ones - expect) < 791);
    free(x);
    tt_obs o[16];
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    size_t checked = 0;
    for (int trial = 0; trial < 40; trial++) {
        size_t n = 4 + (size_t)(trial % 13);
        for (size_t i = 0; i < n; i++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            o[i].p = tt_tardos__bias(c, (size_t)(rng % m));
            o[i].y = (rng >> 7) & 1;
        }
        for (uint32_t v = 0; v < (1u << n); v += 1 + (1u << n) / 97) {
            double sc = 0;
            for (size_t i = 0; i < n; i++)
                sc += tt_tardos__term(o[i].p, o[i].y, (v >> i) & 1);
            double ex = exact_tail(o, n, sc);
            double b = exp(tt_tardos__log_bound(o, n, sc));
            assert_true(b >= ex * (1 - 1e-9));
            assert_true(b <= 1.0);
            checked++;
        }
    }
    assert_true(checked > 500);
    tt_tardos__free(c);
    tt_tardos__free(h);
    tt_tardos__free(a);
}

/* ---- q-ary slots ---- */

static void
arities(uint8_t *q, size_t m)
{
    for (size_t s = 0; s < m; s++)
        q[s] = s % 3 == 0 ? 6 : s % 7 == 1 ? 3 : 2;
}

/* A code whose slots are all binary is the code of before, bit for bit, digest included; a
 * code with q-ary slots keeps every binary slot's bit and bias. */
static void
qary_leaves_binary_slots_unchanged(void **state)
{
    (void)state;
    size_t m = 700;
    unsigned coll[3] = {1, 3, 3}, law[3] = {TT_LAW_ARCSINE, TT_LAW_ARCSINE, TT_LAW_DISCRETE};
    uint8_t *q = malloc(m), *two = malloc(m), *x0 = malloc(m), *x1 = malloc(m), *x2 = malloc(m),
            *xp = malloc(m);
    arities(q, m);
    memset(two, 2, m);
    for (int k = 0; k < 3; k++) {
        double cut = law[k] == TT_LAW_ARCSINE ? tt_tardos__default_cutoff(coll[k]) : 0;
        tt_tardos *c0, *c1, *c2;
        assert_int_equal(tt_tardos__new_law(&c0, key_a, 9, m, coll[k], cut, law[k], NULL), 0);
        assert_int_equal(tt_tardos__new_law(&c1, key_a, 9, m, coll[k], cut, law[k], NULL), 0);
        assert_int_equal(tt_tardos__new_law(&c2, key_a, 9, m, coll[k], cut, law[k], NULL), 0);
        assert_int_equal(tt_tardos__set_arity(c1, two, NULL), 0);
        assert_int_equal(tt_tardos__set_arity(c2, q, NULL), 0);
        assert_int_equal(tt_tardos__set_arity(c2, q, NULL), TT_EINVAL);
        char d0[65], d1[65], d2[65];
        tt_tardos__digest(c0, d0);
        tt_tardos__digest(c1, d1);
        tt_tardos__digest(c2, d2);
        assert_string_equal(d0, d1);
        assert_string_not_equal(d0, d2);
        size_t *all = malloc(m * sizeof *all);
        for (size_t s = 0; s < m; s++)
            all[s] = s;
        tt_code_plan plan;
        assert_int_equal(tt_tardos__plan_init(&plan, c2, all, m), 0);
        size_t symbols_seen[TT_TARDOS_MAXQ] = {0};
        for (int64_t j = 1; j <= 60; j++) {
            tt_tardos__bits(c0, j, x0);
            tt_tardos__bits(c1, j, x1);
            tt_tardos__bits(c2, j, x2);
            tt_tardos__bits_plan(c2, &plan, j, xp);
            assert_memory_equal(x0, x1, m);
            assert_memory_equal(x2, xp, m);
            for (size_t s = 0; s < m; s++) {
                assert_int_equal(tt_tardos__arity(c2, s), q[s]);
                assert_true(x2[s] < q[s]);
                if (q[s] == 2)
                    assert_int_equal(x2[s], x0[s]);
                else
                    symbols_seen[x2[s]]++;
            }
        }
        for (int y = 0; y < TT_TARDOS_MAXQ; y++)
            assert_true(symbols_seen[y] > 0);
        for (size_t s = 0; s < m; s++) {
            if (q[s] == 2) {
                assert_true(tt_tardos__bias(c2, s) == tt_tardos__bias(c0, s));
                assert_true(tt_tardos__symbol_bias(c2, s, 1) == tt_tardos__bias(c0, s));
                continue;
            }
            double sum = 0;
            for (unsigned y = 0; y < q[s]; y++) {
                double p = tt_tardos__symbol_bias(c2, s, y);
                assert_true(p > 0 && p < 1);
                if (coll[k] == 1)
                    assert_true(fabs(p - 1.0 / q[s]) < 1e-15);
                else
                    assert_true(p >= tt_tardos__default_cutoff(coll[k]) * (1 - 1e-9));
                sum += p;
            }
            assert_true(fabs(sum - 1) < 1e-12);
        }
        tt_tardos__plan_release(&plan);
        free(all);
        tt_tardos__free(c0);
        tt_tardos__free(c1);
        tt_tardos__free(c2);
    }
    uint8_t big[4] = {2, 7, 2, 2};
    tt_tardos *c;
    assert_int_equal(tt_tardos__new(&c, key_a, 9, 4, 1, 0, NULL), 0);
    assert_int_equal(tt_tardos__set_arity(c, big, NULL), TT_EINVAL);
    tt_tardos__free(c);
    free(q);
    free(two);
    free(x0);
    free(x1);
    free(x2);
    free(xp);
}

/* Every q-ary symbol follows its slot's bias vector: observed frequencies over many
 * recipients within 5 standard deviations of p_y, for the uniform and the Dirichlet law. */
static void
qary_symbols_follow_the_bias_vector(void **state)
{
    (void)state;
    size_t m = 60, nrec = 4000;
    uint8_t q[60], x[60];
    for (size_t s = 0; s < m; s++)
        q[s] = (uint8_t)(3 + s % 4);
    for (int k = 0; k < 2; k++) {
        tt_tardos *c;
        assert_int_equal(tt_tardos__new(&c, key_b, 4, m, k ? 3 : 1, k ? 1.0 / 900 : 0, NULL), 0);
        assert_int_equal(tt_tardos__set_arity(c, q, NULL), 0);
        static size_t cnt[60][TT_TARDOS_MAXQ];
        memset(cnt, 0, sizeof cnt);
        for (size_t j = 0; j < nrec; j++) {
            tt_tardos__bits(c, (int64_t)j + 1, x);
            for (size_t s = 0; s < m; s++)
                cnt[s][x[s]]++;
        }
        double spread = 0;
        for (size_t s = 0; s < m; s++) {
            for (unsigned y = 0; y < q[s]; y++) {
                double p = tt_tardos__symbol_bias(c, s, y), e = p * nrec;
                assert_true(fabs((double)cnt[s][y] - e) <= 5 * sqrt(e * (1 - p)) + 1);
                spread += fabs(p - 1.0 / q[s]);
            }
        }
        /* the Dirichlet law is not the uniform one */
        if (k)
            assert_true(spread > 1);
        else
            assert_true(spread < 1e-12);
        tt_tardos__free(c);
    }
}

/* The q-ary score at a slot read as y is the binary term of [x = y] with bias p_y, so the
 * Chernoff bound over {p_y, 1} must dominate the exact tail of the q-ary score, enumerated
 * over every symbol vector of a few slots. */
static void
qary_bound_dominates_exact_tail(void **state)
{
    (void)state;
    size_t m = 64;
    uint8_t q[64];
    for (size_t s = 0; s < m; s++)
        q[s] = (uint8_t)(3 + s % 4);
    tt_tardos *c;
    assert_int_equal(tt_tardos__new(&c, key_a, 11, m, 3, 1.0 / 900, NULL), 0);
    assert_int_equal(tt_tardos__set_arity(c, q, NULL), 0);
    uint64_t rng = 0x2545F4914F6CDD1Dull;
    size_t checked = 0;
    for (int trial = 0; trial < 12; trial++) {
        size_t n = 3 + (size_t)(trial % 4), sl[6];
        unsigned y[6];
        tt_obs o[6];
        for (size_t i = 0; i < n; i++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            sl[i] = (size_t)(rng % m);
            y[i] = (unsigned)((rng >> 20) % q[sl[i]]);
            o[i] = (tt_obs){tt_tardos__symbol_bias(c, sl[i], y[i]), 1};
        }
        /* every symbol vector: its probability and score */
        size_t total = 1;
        for (size_t i = 0; i < n; i++)
            total *= q[sl[i]];
        double *sc = malloc(total * sizeof *sc), *pr = malloc(total * sizeof *pr);
        for (size_t v = 0; v < total; v++) {
            size_t r = v;
            sc[v] = 0;
            pr[v] = 1;
            for (size_t i = 0; i < n; i++) {
                unsigned x = (unsigned)(r % q[sl[i]]);
                r /= q[sl[i]];
                pr[v] *= tt_tardos__symbol_bias(c, sl[i], x);
                sc[v] += tt_tardos__term(o[i].p, 1, x == y[i]);
            }
        }
        for (size_t v = 0; v < total; v += 1 + total / 200) {
            double tail = 0;
            for (size_t u = 0; u < total; u++)
                if (sc[u] >= sc[v] - 1e-12)
                    tail += pr[u];
            double b = exp(tt_tardos__log_bound(o, n, sc[v]));
            assert_true(b >= tail * (1 - 1e-9));
            checked++;
        }
        free(sc);
        free(pr);
    }
    assert_true(checked > 300);
    tt_tardos__free(c);
}

/* 100,000 innocent recipients scored over the slots of one leak (q-ary and binary mixed,
 * the leaker's symbols read at 60 % of the slots): their scores have mean 0 and variance 1
 * per read slot, and none reaches the accusation threshold at 10^-6 per recipient (the bound
 * also holds at 10^-2, where innocents do come near: at most 1 % of them above it, with
 * room for chance); the leaker does reach it. */
static void
qary_innocents_never_accused(void **state)
{
    (void)state;
    size_t m = 240, ninno = 100000;
    uint8_t q[240];
    for (size_t s = 0; s < m; s++)
        q[s] = s % 2 ? 6 : s % 4 == 0 ? 3 : 2;
    unsigned coll[3] = {1, 3, 3}, law[3] = {TT_LAW_ARCSINE, TT_LAW_ARCSINE, TT_LAW_DISCRETE};
    for (int k = 0; k < 3; k++) {
        double cut = law[k] == TT_LAW_ARCSINE ? tt_tardos__default_cutoff(coll[k]) : 0;
        tt_tardos *c;
        assert_int_equal(tt_tardos__new_law(&c, key_b, 21, m, coll[k], cut, law[k], NULL), 0);
        assert_int_equal(tt_tardos__set_arity(c, q, NULL), 0);
        uint8_t lx[240], x[240], want[240];
        tt_tardos__bits(c, 424242, lx);
        size_t idx[240], n = 0;
        tt_obs o[240];
        double t1[240], t0[240];
        uint64_t rng = 0x9E3779B97F4A7C15ull + (uint64_t)k;
        for (size_t s = 0; s < m; s++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            if (rng % 10 >= 6)
                continue;
            uint8_t y = lx[s];
            if (q[s] > 2) {
                double p = tt_tardos__symbol_bias(c, s, y);
                o[n] = (tt_obs){p, 1};
                t1[n] = tt_tardos__term(p, 1, 1);
                t0[n] = tt_tardos__term(p, 1, 0);
            } else {
                double p = tt_tardos__bias(c, s);
                o[n] = (tt_obs){p, y};
                t1[n] = tt_tardos__term(p, y, y);
                t0[n] = tt_tardos__term(p, y, !y);
            }
            want[n] = y;
            idx[n++] = s;
        }
        double thr6 = tt_tardos__threshold_score(o, n, log(1e-6));
        double thr2 = tt_tardos__threshold_score(o, n, log(1e-2));
        tt_code_plan plan;
        assert_int_equal(tt_tardos__plan_init(&plan, c, idx, n), 0);
        double sum = 0, sum2 = 0, best = -INFINITY;
        size_t above2 = 0;
        for (size_t j = 0; j < ninno; j++) {
            tt_tardos__bits_plan(c, &plan, (int64_t)(1000000 + j), x);
            double sc = 0;
            for (size_t i = 0; i < n; i++)
                sc += x[i] == want[i] ? t1[i] : t0[i];
            sum += sc;
            sum2 += sc * sc;
            if (sc > best)
                best = sc;
            above2 += sc >= thr2;
        }
        tt_tardos__bits_plan(c, &plan, 424242, x);
        double lsc = 0;
        for (size_t i = 0; i < n; i++)
            lsc += x[i] == want[i] ? t1[i] : t0[i];
        tt_tardos__plan_release(&plan);
        double mean = sum / ninno, var = sum2 / ninno - mean * mean;
        /* mean 0, variance n (each term: mean 0, variance 1) */
        assert_true(fabs(mean) < 5 * sqrt((double)n / ninno));
        assert_true(fabs(var / n - 1) < 0.05);
        assert_true(isfinite(thr6));
        assert_true(best < thr6);
        assert_true(above2 <= ninno / 100 + 5 * sqrt(ninno / 100.0));
        assert_true(lsc >= thr6);
        tt_tardos__free(c);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deterministic_and_distinct_per_recipient),
        cmocka_unit_test(keys_separate_documents_and_vaults),
        cmocka_unit_test(bias_follows_arcsine_law_with_cutoff),
        cmocka_unit_test(plan_bits_equal_full_bits),
        cmocka_unit_test(terms_have_mean_zero),
        cmocka_unit_test(chernoff_bound_dominates_exact_tail),
        cmocka_unit_test(threshold_score_matches_bound),
        cmocka_unit_test(bound_at_whole_copy_score_is_not_vacuous),
        cmocka_unit_test(perfect_reading_gets_the_exact_tail),
        cmocka_unit_test(discrete_law_for_small_coalitions),
        cmocka_unit_test(qary_leaves_binary_slots_unchanged),
        cmocka_unit_test(qary_symbols_follow_the_bias_vector),
        cmocka_unit_test(qary_bound_dominates_exact_tail),
        cmocka_unit_test(qary_innocents_never_accused),
    };
    return cmocka_run_group_tests_name("code", tests, NULL, NULL);
}
