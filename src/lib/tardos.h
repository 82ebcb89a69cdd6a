/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tardos.h: the binary symmetric Tardos fingerprinting code (Tardos 2003; symmetric score of
 * Skoric, Katzenbeisser, Celik 2008) derived from the vault's marking key, and the
 * Chernoff bound that turns a score into a rigorous false-accusation probability.
 * Implemented by tardos.c.
 *
 * Keys: doc_key = KDF(mark_key, subkey id = document row, context "ttmark01"); from it, with
 * context "ttcode01": id 1 the bias key, id 2 the bit key, id 3 the permutation key.
 * Code position of slot s: perm[s], a keyed Fisher-Yates permutation of [0, m).
 * Bias of position i: p_i = sin^2(r), r uniform in [t', pi/2 - t'], t' = asin(sqrt(t)) (the
 * arcsine law with cutoff t), drawn from ChaCha20(bias key) word i; computed with +, -, *, /
 * only (no libm), then held as a 64-bit fixed-point threshold thr_i = floor(p_i * 2^64).
 * With collusion C = 1 every p_i is exactly 1/2 (thr = 2^63).
 * Recipient j's bit at position i: x_ji = [w_ji < thr_i], w_ji = 64-bit little-endian word i
 * of ChaCha20(bit key, nonce = j): a keyed PRF with random access by position.
 * Nothing per recipient is stored: their row id j is the whole of their codeword.
 *
 * q-ary positions (Skoric, Katzenbeisser, Celik 2008, q-ary symmetric score): a slot with
 * q >= 3 options (tt_tardos__set_arity) takes a symbol instead of a bit.  Its position gets a
 * bias vector (p_0 .. p_{q-1}) held as cumulative 64-bit thresholds C_1 < ... < C_{q-1}
 * (C_0 = 0, C_q = 2^64): uniform, C_k = floor(k 2^64 / q), where the binary law is p = 1/2
 * (collusion 1, or the discrete law for C <= 2); otherwise the symmetric Dirichlet law with
 * parameter 1/2 (the q-ary arcsine law) with every p_k >= t (t the cutoff, or
 * 1/(300 C) under the discrete law), drawn from ChaCha20(key id 4, nonce = position) by
 * rejection from the cube (a uniform point u of the unit ball; p_k = u_k^2 / |u|^2), with
 * +, -, *, / only.  Recipient j's symbol there is the number of k >= 1 with w_ji >= C_k, the
 * same word w_ji a binary position compares with its threshold.  Binary positions are
 * untouched: a code without q-ary slots is the code of before, bit for bit, digest included.
 */
#ifndef TT_TARDOS_H
#define TT_TARDOS_H

#include "common.h"

typedef struct tt_tardos tt_tardos;

/* The default cutoff for a collusion size: 1/(300 C) (Tardos), 0 for C = 1 (plain p = 1/2). */
double tt_tardos__default_cutoff(unsigned collusion);

/* Bias laws.  TT_LAW_ARCSINE: Tardos's arcsine density with cutoff t (and p = 1/2 for C = 1).
 * TT_LAW_DISCRETE: the discrete distributions of Nuida et al. (2009), the Gauss-Legendre
 * nodes mapped to [0, 1]: C <= 2 gives p = 1/2 everywhere; C = 3 or 4 gives p = (1 -+
 * 1/sqrt 3)/2 with probability 1/2 each (thresholds 3898255708540604107 and
 * 14548488365168947508 = floor(p 2^64), exact integers so every machine agrees); larger C
 * is refused (EINVAL).  The cutoff is ignored. */
enum { TT_LAW_ARCSINE = 0, TT_LAW_DISCRETE = 1 };

/* The law new copies use for a collusion size when no cutoff is given: discrete for C <= 4,
 * arcsine beyond. */
unsigned tt_tardos__default_law(unsigned collusion);

/* As tt_tardos__new, with the bias law. */
int tt_tardos__new_law(tt_tardos **out, const unsigned char *mark_key, int64_t doc_row, size_t m,
                     unsigned collusion, double cutoff, unsigned law, tt_err *err);

/* Build the code of one document: m positions, biases drawn for collusion (>= 1) and cutoff
 * t in [0, 0.5) by the arcsine law (TT_LAW_ARCSINE).  mark_key is the vault's 32-byte marking key (only read).  Returns 0,
 * TT_EINVAL or TT_ENOMEM; free with tt_tardos__free(). */
int tt_tardos__new(tt_tardos **out, const unsigned char *mark_key, int64_t doc_row, size_t m,
                 unsigned collusion, double cutoff, tt_err *err);
void tt_tardos__free(tt_tardos *c);

/* The largest q a slot may have (6 = the orders of three items). */
#define TT_TARDOS_MAXQ 6

/* Make slot s a q-ary position when q[s] >= 3 (q[s] <= 2: binary, as before), for every
 * slot s < m.  Call once, right after construction, before bits or digest.  Returns 0,
 * TT_EINVAL (q[s] > TT_TARDOS_MAXQ, or called twice) or TT_ENOMEM. */
int tt_tardos__set_arity(tt_tardos *c, const uint8_t *q, tt_err *err);
/* The number of symbols of slot s (2 for a binary slot). */
unsigned tt_tardos__arity(const tt_tardos *c, size_t s);
/* The probability p_y of symbol y at slot s: for a binary slot, p_1 = bias, p_0 = 1 - bias. */
double tt_tardos__symbol_bias(const tt_tardos *c, size_t s, unsigned y);

/* The fixed-point threshold and the bias (thr / 2^64) of the position slot s maps to. */
uint64_t tt_tardos__threshold(const tt_tardos *c, size_t s);
double tt_tardos__bias(const tt_tardos *c, size_t s);
/* The code position of slot s. */
size_t tt_tardos__position(const tt_tardos *c, size_t s);
/* Hex BLAKE2b-128 of all thresholds in slot order (65 bytes with NUL): recorded with each
 * copy so a trace on another machine can prove it rebuilt the same code. */
void tt_tardos__digest(const tt_tardos *c, char out[65]);

/* Recipient j's bits for every slot: out[s] in {0, 1} (a q-ary slot: its symbol, 0..q-1),
 * m bytes.  Uses scratch space of 8 * m bytes held by c (so one code is used by one thread
 * at a time).  Returns 0 or TT_ENOMEM. */
int tt_tardos__bits(tt_tardos *c, int64_t recipient, uint8_t *out);

/* A plan to draw many recipients' bits at the same few slots: only the keystream blocks
 * holding those slots' code positions are generated (a 60-word excerpt of a long document
 * reads a few hundred of its thousands of slots). */
typedef struct tt_code_plan {
    size_t n;
    uint32_t *pos;   /* code positions, ascending */
    uint32_t *idx;   /* index in the caller's slot list of each */
    uint64_t *thr;
    uint8_t *q;      /* arity of each (NULL when the code has no q-ary position) */
    uint32_t *qoff;  /* where each q-ary position's cumulative thresholds start */
    unsigned char *scratch;
    size_t scratch_len;
} tt_code_plan;

int tt_tardos__plan_init(tt_code_plan *p, const tt_tardos *c, const size_t *slots, size_t n);
void tt_tardos__plan_release(tt_code_plan *p);
/* Recipient j's bits (symbols at q-ary slots) at the plan's slots, out[k] for the caller's
 * slot k. */
void tt_tardos__bits_plan(const tt_tardos *c, tt_code_plan *p, int64_t recipient, uint8_t *out);

/* ---- scoring ---- */

/* One observed slot: its bias p in (0, 1) and the leaked bit y.  A q-ary slot read as symbol
 * y is observed as {p_y, 1}: its term is the binary term of the indicator [x = y], whose
 * law for an innocent is Bernoulli(p_y) (docs/parts/natural.md proves the bound). */
typedef struct tt_obs {
    double p;
    uint8_t y;
} tt_obs;

/* The symmetric Tardos score term of bit x at an observed slot: +sqrt((1-p)/p) when
 * x = y = 1, +sqrt(p/(1-p)) when x = y = 0, -sqrt(p/(1-p)) when x = 0 != y, -sqrt((1-p)/p)
 * when x = 1 != y.  Its mean over x ~ Bernoulli(p) is 0. */
double tt_tardos__term(double p, uint8_t y, uint8_t x);

/* The observation of slot s read as y (a bit, or a q-ary slot's symbol): *o for the bound,
 * and the score terms of a recipient whose value at s is y (*match) or anything else
 * (*other).  A binary slot gives {p, y} and term(p, y, y), term(p, y, !y), exactly the terms
 * of before; a q-ary slot gives {p_y, 1} and term(p_y, 1, 1), term(p_y, 1, 0). */
void tt_tardos__observe(const tt_tardos *c, size_t s, uint8_t y, tt_obs *o, double *match,
                        double *other);

/* The natural log of the Chernoff bound on P(S >= s) for an innocent recipient, whose bits
 * are independent Bernoulli(p_i) whatever the leak holds:
 *   min over lambda >= 0 of  -lambda s + sum_i log(p_i e^{lambda g_i(1)} + (1-p_i) e^{lambda g_i(0)}).
 * 0 (a bound of 1) when s <= 0; -INFINITY when s exceeds the largest reachable score. */
double tt_tardos__log_bound(const tt_obs *obs, size_t n, double s);

/* The smallest score s with log_bound(s) <= log_target (log_target < 0), found by bisection:
 * the accusation threshold.  INFINITY when no reachable score is that unlikely. */
double tt_tardos__threshold_score(const tt_obs *obs, size_t n, double log_target);

#endif
