/* SPDX-License-Identifier: Apache-2.0 */
/* test_display_prefix.c: tt_display_prefix() (telltale.h) cuts at a grapheme cluster boundary
 * within a number of columns: Hangul syllables (two columns each) and Hangul spelled in jamo,
 * a letter with its combining accents, an emoji ZWJ sequence, malformed bytes, zero columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "telltale/telltale.h"

static size_t
cut(const char *s, size_t cols, size_t *w)
{
    return tt_display_prefix(s, strlen(s), cols, w);
}

static void
hangul(void **state)
{
    (void)state;
    size_t w;
    const char *s = "\xea\xb0\x80\xeb\x82\x98\xeb\x8b\xa4"; /* 가나다: 3 x 3 bytes, 2 columns */
    assert_int_equal(cut(s, 6, &w), 9);
    assert_int_equal(w, 6);
    assert_int_equal(cut(s, 5, &w), 6);
    assert_int_equal(w, 4);
    assert_int_equal(cut(s, 1, &w), 0);
    assert_int_equal(w, 0);
    /* 한 spelled in jamo (U+1112 U+1161 U+11AB), then 국 (U+1100 U+116E U+11A8) */
    const char *j = "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8";
    assert_int_equal(cut(j, 3, &w), 9); /* the first syllable whole, never a lone consonant */
    assert_int_equal(w, 2);
    assert_int_equal(cut(j, 4, &w), 18);
}

static void
accents_and_emoji(void **state)
{
    (void)state;
    size_t w;
    /* "e" U+0302 U+0303 "n": one column for the accented letter */
    const char *e = "Nguye\xcc\x82\xcc\x83n";
    assert_int_equal(cut(e, 5, &w), 9);
    assert_int_equal(w, 5);
    assert_int_equal(cut(e, 4, &w), 4); /* before the e, not between e and its accents */
    /* family emoji: man ZWJ woman ZWJ girl, then "x" */
    const char *f = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7x";
    size_t all = strlen(f);
    size_t got = cut(f, 100, &w);
    assert_int_equal(got, all);
    got = cut(f, w - 1, NULL);
    assert_int_equal(got, all - 1); /* the sequence whole, "x" left out */
}

static void
edges(void **state)
{
    (void)state;
    size_t w = 99;
    assert_int_equal(tt_display_prefix("", 0, 10, &w), 0);
    assert_int_equal(w, 0);
    assert_int_equal(cut("abc", 0, &w), 0);
    assert_int_equal(cut("ab\xff" "cd", 10, &w), 5); /* a malformed byte counts as a character */
    assert_int_equal(cut("ab\xe2\x82", 10, &w), 4); /* a truncated sequence at the end */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hangul),
        cmocka_unit_test(accents_and_emoji),
        cmocka_unit_test(edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
