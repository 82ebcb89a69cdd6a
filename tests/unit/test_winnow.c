/* SPDX-License-Identifier: Apache-2.0 */
/* test_winnow.c: winnowing and the index against brute-force references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "index.h"
#include "text.h"
#include "winnow.h"

/* The k-gram hash computed directly, without rolling. */
static uint64_t
kgram_hash(const uint32_t *u, unsigned k)
{
    uint64_t h = 0;
    for (unsigned i = 0; i < k; i++)
        h = h * TT_WINNOW_B + tt_winnow__val(u[i]);
    return tt_winnow__mix(h);
}

static tt_fp *
fingerprints(const uint32_t *u, size_t n, unsigned k, unsigned w, size_t *out_n)
{
    tt_fp *f = NULL;
    size_t nf = 0, cap = 0;
    assert_int_equal(tt_winnow__all(&f, &nf, &cap, u, n, k, w), 0);
    *out_n = nf;
    return f;
}

/* Every window of w k-grams has a selected k-gram holding its minimum hash, and every
 * selected hash is the true hash of its k-gram. */
static void
check_windows(const uint32_t *u, size_t n, unsigned k, unsigned w)
{
    size_t nf;
    tt_fp *f = fingerprints(u, n, k, w, &nf);
    for (size_t i = 0; i < nf; i++) {
        assert_true(f[i].pos + k <= n);
        assert_true(f[i].hash == kgram_hash(u + f[i].pos, k));
        if (i)
            assert_true(f[i].pos > f[i - 1].pos);
    }
    if (n < k)
        return;
    size_t ng = n - k + 1;
    for (size_t s = 0; s + w <= ng; s++) {
        uint64_t m = UINT64_MAX;
        for (size_t j = s; j < s + w; j++) {
            uint64_t h = kgram_hash(u + j, k);
            if (h < m)
                m = h;
        }
        int found = 0;
        for (size_t i = 0; i < nf && !found; i++)
            found = f[i].pos >= s && f[i].pos < s + w && f[i].hash == m;
        assert_true(found);
    }
    free(f);
}

/* Every maximal shared run of >= w+k-1 units between a and b yields a shared fingerprint
 * whose k-grams lie inside the run on both sides. */
static size_t
check_shared_runs(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, unsigned k,
                  unsigned w)
{
    size_t nfa, nfb, runs = 0;
    tt_fp *fa = fingerprints(a, na, k, w, &nfa);
    tt_fp *fb = fingerprints(b, nb, k, w, &nfb);
    size_t t = w + k - 1;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            if (i > 0 && j > 0 && a[i - 1] == b[j - 1])
                continue; /* not maximal on the left */
            size_t L = 0;
            while (i + L < na && j + L < nb && a[i + L] == b[j + L])
                L++;
            if (L < t)
                continue;
            runs++;
            int found = 0;
            for (size_t x = 0; x < nfa && !found; x++) {
                if (fa[x].pos < i || fa[x].pos + k > i + L)
                    continue;
                for (size_t y = 0; y < nfb && !found; y++)
                    found = fb[y].hash == fa[x].hash && fb[y].pos >= j && fb[y].pos + k <= j + L;
            }
            if (!found)
                print_message("run a[%zu] b[%zu] len %zu has no shared fingerprint\n", i, j, L);
            assert_true(found);
        }
    free(fa);
    free(fb);
    return runs;
}

static void
windows_hold_their_minimum(void **state)
{
    (void)state;
    srand(11);
    uint32_t u[600];
    for (int r = 0; r < 40; r++) {
        size_t n = (size_t)(rand() % 600);
        unsigned alpha = r % 3 == 0 ? 2 : 26; /* a tiny alphabet makes ties and repeats */
        for (size_t i = 0; i < n; i++)
            u[i] = 'a' + (uint32_t)(rand() % (int)alpha);
        check_windows(u, n, TT_WINNOW_K, TT_WINNOW_W);
        check_windows(u, n, 3, 4);
        check_windows(u, n, 1, 1);
    }
}

static void
shared_runs_are_found_random(void **state)
{
    (void)state;
    srand(5);
    uint32_t a[400], b[400];
    size_t runs = 0;
    for (int r = 0; r < 60; r++) {
        unsigned alpha = r % 4 == 0 ? 2 : 20;
        size_t na = 100 + (size_t)(rand() % 300), nb = 100 + (size_t)(rand() % 300);
        for (size_t i = 0; i < na; i++)
            a[i] = 'a' + (uint32_t)(rand() % (int)alpha);
        for (size_t i = 0; i < nb; i++)
            b[i] = 'a' + (uint32_t)(rand() % (int)alpha);
        /* plant shared runs of various lengths */
        for (int p = 0; p < 3; p++) {
            size_t L = 10 + (size_t)(rand() % 60);
            if (L > na || L > nb)
                continue;
            size_t i = (size_t)rand() % (na - L + 1), j = (size_t)rand() % (nb - L + 1);
            memcpy(b + j, a + i, L * sizeof *a);
        }
        runs += check_shared_runs(a, na, b, nb, TT_WINNOW_K, TT_WINNOW_W);
        runs += check_shared_runs(a, na, b, nb, 4, 3);
    }
    assert_true(runs > 50); /* the test did test something */
}

static uint32_t *
units_of(const char *s, size_t *n)
{
    tt_text t;
    assert_int_equal(tt_text__build(&t, s, strlen(s), NULL), 0);
    uint32_t *u = malloc(sizeof *u * (t.nunits + 1));
    for (size_t i = 0; i < t.nunits; i++)
        u[i] = t.units[i].cp;
    *n = t.nunits;
    tt_text__release(&t);
    return u;
}

static void
shared_runs_are_found_real(void **state)
{
    (void)state;
    char *gpl;
    size_t len;
    if (tt__read_file(NULL, "/usr/share/common-licenses/GPL-3", &gpl, &len) != 0) {
        print_message("# skip: cannot read /usr/share/common-licenses/GPL-3\n");
        skip();
    }
    /* two excerpts of real prose that overlap in part, with an edit in the middle */
    size_t na, nb;
    gpl[4000] = '\0';
    uint32_t *a = units_of(gpl + 1000, &na);
    char *copy = strdup(gpl + 2000);
    copy[800] = 'X';
    uint32_t *b = units_of(copy, &nb);
    size_t runs = check_shared_runs(a, na, b, nb, TT_WINNOW_K, TT_WINNOW_W);
    assert_true(runs >= 2);
    free(a);
    free(b);
    free(copy);
    free(gpl);
}

/* Every fingerprint of every document is found in the index at its position, and a
 * fingerprint in the background is not. */
static void
index_finds_every_fingerprint(void **state)
{
    (void)state;
    static const char *texts[] = {
        "The quarterly review of the northern pipeline found three welds below standard.",
        "Minutes of the board: the merger talks with Halvorsen are suspended until March.",
        "Personnel file: the candidate speaks four languages and holds a pilot licence.",
    };
    tt_index_src src[3];
    for (int i = 0; i < 3; i++) {
        src[i].id = i == 0 ? "d1" : i == 1 ? "d2" : "d3";
        src[i].title = NULL;
        src[i].text = texts[i];
        src[i].len = strlen(texts[i]);
    }
    tt_index *ix;
    assert_int_equal(tt_index__from_texts(&ix, src, 3, NULL, 0, NULL), 0);
    size_t total = 0;
    for (int d = 0; d < 3; d++) {
        tt_fp *f = NULL;
        size_t n = 0, cap = 0;
        assert_int_equal(tt_index__fingerprints(&f, &n, &cap, texts[d], strlen(texts[d]), NULL), 0);
        assert_true(n > 3);
        for (size_t i = 0; i < n; i++) {
            const tt_index_entry *e;
            size_t m = tt_index__lookup(ix, f[i].hash, &e);
            int found = 0;
            for (size_t j = 0; j < m; j++)
                found |= tt_index__doc(ix, tt_index__gpos(e[j])) == (uint32_t)d &&
                         tt_index__gpos(e[j]) - ix->uoff[d] == f[i].pos;
            assert_true(found);
        }
        total += n;
        free(f);
    }
    assert_int_equal(ix->n, total);
    const tt_index_entry *e;
    assert_int_equal(tt_index__lookup(ix, 12345, &e), 0);
    tt_index_free(ix);
    /* with the second text as background, its fingerprints are gone */
    assert_int_equal(tt_index__from_texts(&ix, src, 3, &src[1], 1, NULL), 0);
    assert_true(ix->dropped_bg > 0);
    size_t per_doc[3] = {0, 0, 0};
    for (size_t i = 0; i < ix->n; i++)
        per_doc[tt_index__doc(ix, tt_index__gpos(ix->e[i]))]++;
    assert_int_equal(per_doc[1], 0);
    assert_true(per_doc[0] > 0);
    tt_index_free(ix);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(windows_hold_their_minimum),
        cmocka_unit_test(shared_runs_are_found_random),
        cmocka_unit_test(shared_runs_are_found_real),
        cmocka_unit_test(index_finds_every_fingerprint),
    };
    return cmocka_run_group_tests_name("winnow", tests, NULL, NULL);
}
