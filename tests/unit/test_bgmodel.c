/* SPDX-License-Identifier: Apache-2.0 */
/* test_bgmodel.c: the background model of ordinary language built into the library
 * (bgmodel.h): it parses, holds the k-grams of common phrasing and few of anything else, and
 * a damaged or foreign model is refused rather than read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "bgmodel.h"
#include "normalize.h"
#include "winnow.h"
#include "common.h"

/* The share of the k-grams of text the model holds. */
static double
share(const tt_bgmodel *m, const char *text)
{
    tt_norm st;
    tt_norm__init(&st, 0);
    tt_winnow w;
    tt_winnow__init(&w, TT_WINNOW_K, 1);
    tt_nunit buf[512];
    size_t got, n = 0, in = 0;
    tt_norm__run(&st, text, strlen(text), 1, buf, TT_ARRAY_LEN(buf), &got);
    assert_true(got < TT_ARRAY_LEN(buf));
    for (size_t i = 0; i < got; i++) {
        tt_fp fp;
        if (tt_winnow__push(&w, buf[i].cp, &fp)) {
            n++;
            in += (size_t)tt_bgmodel__test(m, fp.hash);
        }
    }
    assert_true(n > 0);
    return (double)in / (double)n;
}

static void
builtin_parses(void **state)
{
    (void)state;
    const tt_bgmodel *m = tt_bgmodel__builtin();
    assert_non_null(m->slot);
    assert_int_equal(m->h.k, TT_WINNOW_K);
    assert_true(m->h.nkeys > 100000);  /* a real corpus, not a stub */
    assert_true(m->h.sources > 100);
    assert_true(m->h.min_df >= 2);
    assert_true(tt_bgmodel__id(m) != 0);
}

static void
common_phrasing_is_in_it(void **state)
{
    (void)state;
    const tt_bgmodel *m = tt_bgmodel__builtin();
    /* phrases many manuals and dictionaries share */
    assert_true(share(m, "This program is distributed in the hope that it will be useful") > 0.5);
    assert_true(share(m, "Blank lines and lines beginning with a # character are ignored.") > 0.5);
}

static void
other_text_is_not(void **state)
{
    (void)state;
    const tt_bgmodel *m = tt_bgmodel__builtin();
    /* 20,000 random k-grams: the filter's false positive rate is 1/256 */
    uint64_t x = 0x9e3779b97f4a7c15ull;
    size_t in = 0, n = 20000;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        in += (size_t)tt_bgmodel__test(m, x);
    }
    assert_true(in < n / 100);
    /* a memo's own wording */
    assert_true(share(m, "Quarterly zinc procurement for the Tallinn depot slipped twice after "
                         "Margit's audit flagged the Vantaa invoices.") < 0.1);
}

static void
damaged_models_are_refused(void **state)
{
    (void)state;
    const tt_bgmodel *b = tt_bgmodel__builtin();
    size_t len = TT_BGMODEL_HDR + (size_t)3 * b->h.block;
    const uint8_t *p = b->slot - TT_BGMODEL_HDR;
    uint8_t *c = malloc(len);
    assert_non_null(c);
    memcpy(c, p, len);
    tt_bgmodel m;
    assert_int_equal(tt_bgmodel__parse(&m, c, len), 0);
    assert_int_equal(tt_bgmodel__parse(&m, c, len - 1), TT_EFORMAT); /* truncated */
    assert_null(m.slot);
    assert_int_equal(tt_bgmodel__parse(&m, c, 10), TT_EFORMAT);
    c[8] ^= 1; /* another k */
    assert_int_equal(tt_bgmodel__parse(&m, c, len), TT_EFORMAT);
    c[8] ^= 1;
    c[0] = 'X'; /* not a model */
    assert_int_equal(tt_bgmodel__parse(&m, c, len), TT_EFORMAT);
    assert_int_equal(tt_bgmodel__id(&m), 0); /* an empty model holds nothing */
    assert_int_equal(tt_bgmodel__test(&m, 12345), 0);
    free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_parses),
        cmocka_unit_test(common_phrasing_is_in_it),
        cmocka_unit_test(other_text_is_not),
        cmocka_unit_test(damaged_models_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
