/* SPDX-License-Identifier: Apache-2.0 */
/* test_scan_extend.c: the pre-alignment check's extension of a match across small edits
 * (scan.c: extend, through tt_scan__extend) gives what a plain reference gives: the same
 * count of equal unit pairs and the same last item unit, for both directions, with and
 * without resync, on random unit strings of small alphabets (so that edits and skips are found
 * and compete), on copies with random edits and bursts, near and far from every bound
 * (the text ends and the item window [jlo, jhi)), and with units of weight 3 (>= 0xc0).  The
 * reference is the byte-by-byte loop extend was before it stopped testing bounds where no
 * bound is in reach and compared a skip's 8 units as one word. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "scan_hotloop.h"
#include "scan_internal.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* scan.c's constants */
enum { LOOK = 3, SKIP = 6, RLOOK = 8 };

static size_t
ref_extend(const uint8_t *A, int64_t na, int64_t i, const uint8_t *B, int64_t jlo, int64_t jhi,
           int64_t j, int step, int resync, int64_t *jlast)
{
    static const int8_t edits[][2] = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2},
                                      {2, 2}, {2, 0}, {0, 2}};
    size_t matched = 0;
    *jlast = j - step;
    for (;;) {
        while (i >= 0 && i < na && j >= jlo && j < jhi && A[i] == B[j]) {
            matched += tt_hotloop__uweight(A[i]);
            *jlast = j;
            i += step;
            j += step;
        }
        if (i < 0 || i >= na || j < jlo || j >= jhi)
            break;
        int found = 0;
        for (size_t e = 0; e < 8 && !found; e++) {
            int64_t ii = i + step * edits[e][0], jj = j + step * edits[e][1];
            int t = 0;
            for (; t < LOOK; t++) {
                int64_t a = ii + step * t, b = jj + step * t;
                if (a < 0 || a >= na || b < jlo || b >= jhi || A[a] != B[b])
                    break;
            }
            if (t == LOOK) {
                i = ii;
                j = jj;
                found = 1;
            }
        }
        for (int tot = 1; resync && tot <= 2 * SKIP && !found; tot++) {
            for (int di = tot > SKIP ? tot - SKIP : 0; di <= (tot < SKIP ? tot : SKIP) && !found;
                 di++) {
                int64_t ii = i + step * di, jj = j + step * (tot - di);
                int t = 0;
                for (; t < RLOOK; t++) {
                    int64_t a = ii + step * t, b = jj + step * t;
                    if (a < 0 || a >= na || b < jlo || b >= jhi || A[a] != B[b])
                        break;
                }
                if (t == RLOOK) {
                    i = ii;
                    j = jj;
                    found = 1;
                }
            }
        }
        if (!found)
            break;
    }
    return matched;
}

/* A random unit string of n units over q letters, with about one unit in 16 of weight 3 when
 * heavy (malloc'd to exactly n bytes, so that a read past either end is caught under ASan). */
static uint8_t *
rand_units(size_t n, unsigned q, int heavy)
{
    uint8_t *u = malloc(n ? n : 1);
    assert_non_null(u);
    for (size_t k = 0; k < n; k++)
        u[k] = heavy && rnd() % 16 == 0 ? (uint8_t)(0xc0 + rnd() % 4) : (uint8_t)('a' + rnd() % q);
    return u;
}

/* A copy of A[0..na) with edits at the given rate per mille (substitutions, drops, additions,
 * bursts of up to 7 units dropped or added on either side); map[k] is the copy's unit of A[k]
 * (or the one after it, where A[k] was dropped).  Exactly *nb bytes. */
static uint8_t *
edited(const uint8_t *A, size_t na, unsigned rate, unsigned q, size_t *nb, int64_t *map)
{
    uint8_t *B = malloc(3 * na + 16);
    assert_non_null(B);
    size_t n = 0;
    for (size_t k = 0; k < na; k++) {
        map[k] = (int64_t)n;
        if (rnd() % 1000 >= rate) {
            B[n++] = A[k];
            continue;
        }
        switch (rnd() % 5) {
        case 0: /* substitution */
            B[n++] = (uint8_t)('a' + rnd() % q);
            break;
        case 1: /* drop */
            break;
        case 2: /* addition */
            B[n++] = (uint8_t)('a' + rnd() % q);
            B[n++] = A[k];
            break;
        case 3: /* burst dropped */
            k += rnd() % 7;
            break;
        default: /* burst added */
            for (uint64_t t = 1 + rnd() % 7; t; t--)
                B[n++] = (uint8_t)('a' + rnd() % q);
            B[n++] = A[k];
            break;
        }
    }
    uint8_t *e = malloc(n ? n : 1);
    assert_non_null(e);
    memcpy(e, B, n);
    free(B);
    *nb = n;
    return e;
}

/* extend == the reference from (i, j), both directions, with and without resync, over the whole
 * window and a random narrower one; returns the pairs matched (forward, with resync, whole) */
static size_t
compare_at(const uint8_t *A, int64_t na, const uint8_t *B, int64_t nb, int64_t i, int64_t j)
{
    size_t got = 0;
    for (int w = 0; w < 2; w++) {
        int64_t jlo = 0, jhi = nb;
        if (w) {
            jlo = (int64_t)(rnd() % (uint64_t)(nb + 1));
            jhi = jlo + (int64_t)(rnd() % (uint64_t)(nb - jlo + 1));
        }
        for (int step = -1; step <= 1; step += 2)
            for (int resync = 0; resync < 2; resync++) {
                int64_t l1 = -7, l2 = -9;
                size_t m1 = tt_scan__extend(A, na, i, B, jlo, jhi, j, step, resync, &l1);
                size_t m2 = ref_extend(A, na, i, B, jlo, jhi, j, step, resync, &l2);
                assert_int_equal(m1, m2);
                assert_int_equal(l1, l2);
                if (!w && step > 0 && resync)
                    got = m1;
            }
    }
    return got;
}

/* copies with edits, from corresponding units and from starts a little off them */
static void
edited_copies_equal_reference(void **state)
{
    (void)state;
    size_t sum0 = 0, sum1 = 0;
    for (int rep = 0; rep < 400; rep++) {
        size_t na = rep % 4 == 0 ? rnd() % 40 : 200 + rnd() % 800;
        unsigned q = 2 + (unsigned)(rnd() % 24);
        unsigned rate = (unsigned)(rnd() % 120);
        uint8_t *A = rand_units(na, q, rep % 3 == 0);
        int64_t *map = malloc(sizeof *map * (na + 1));
        assert_non_null(map);
        size_t nb;
        uint8_t *B = edited(A, na, rate, q, &nb, map);
        for (int s = 0; s < 24 && na; s++) {
            int64_t i = (int64_t)(rnd() % na);
            int64_t j = map[i] + (rnd() % 4 == 0 ? (int64_t)(rnd() % 5) - 2 : 0);
            sum1 += compare_at(A, (int64_t)na, B, (int64_t)nb, i, j);
            /* at and past every end */
            compare_at(A, (int64_t)na, B, (int64_t)nb, (int64_t)(rnd() % 3) - 1, j);
            compare_at(A, (int64_t)na, B, (int64_t)nb, i, (int64_t)nb - (int64_t)(rnd() % 3));
            compare_at(A, (int64_t)na, B, (int64_t)nb, (int64_t)na - (int64_t)(rnd() % 3), j);
            int64_t l;
            sum0 += tt_scan__extend(A, (int64_t)na, i, B, 0, (int64_t)nb, j, 1, 0, &l);
        }
        free(map);
        free(A);
        free(B);
    }
    /* the inputs make the searches work: long extensions, which resync lengthens */
    assert_true(sum0 > 100000);
    assert_true(sum1 > sum0 + sum0 / 10);
}

/* unrelated strings over small alphabets (chance agreements of every length), and a string
 * against itself shifted (every skip ties with others: the order of the search decides) */
static void
random_and_periodic_equal_reference(void **state)
{
    (void)state;
    for (int rep = 0; rep < 300; rep++) {
        size_t na = 1 + rnd() % 300, nb = 1 + rnd() % 300;
        unsigned q = 1 + (unsigned)(rnd() % 4);
        uint8_t *A = rand_units(na, q, rep % 2), *B = rand_units(nb, q, rep % 2);
        if (rep % 3 == 0) {
            /* periodic: period p on both sides, B a shifted copy with a few changes */
            unsigned p = 1 + (unsigned)(rnd() % 9);
            for (size_t k = 0; k < na; k++)
                A[k] = (uint8_t)('a' + (k % p) % 26);
            for (size_t k = 0; k < nb; k++)
                B[k] = rnd() % 40 ? (uint8_t)('a' + ((k + rep) % p) % 26) : (uint8_t)'z';
        }
        for (int s = 0; s < 16; s++)
            compare_at(A, (int64_t)na, B, (int64_t)nb, (int64_t)(rnd() % (na + 2)) - 1,
                       (int64_t)(rnd() % (nb + 2)) - 1);
        free(A);
        free(B);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edited_copies_equal_reference),
        cmocka_unit_test(random_and_periodic_equal_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
