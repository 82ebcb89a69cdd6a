/* SPDX-License-Identifier: Apache-2.0 */
/* test_utf8.c: the strict decoder and the sanitizer, on the malformed sequences of Unicode's
 * table 3-7 and Markus Kuhn's decoder test, with exact outputs and counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "utf8.h"

#define R "\xEF\xBF\xBD" /* U+FFFD */

/* Sanitize in (n bytes) and check the exact output and the count of replaced bytes. */
static void
expect_sanitized(const char *in, size_t n, const char *want, size_t want_rep)
{
    tt_buf b;
    tt_buf_init(&b);
    size_t rep = tt_utf8__sanitize(&b, in, n);
    assert_int_equal(rep, want_rep);
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    assert_int_equal(b.data[b.len], '\0');
    tt_buf_release(&b);
}
#define SAN(in, want, rep) expect_sanitized(in, sizeof(in) - 1, want, rep)

static void
valid_text_is_copied_unchanged(void **state)
{
    (void)state;
    SAN("", "", 0);
    SAN("plain ascii, a little longer than eight bytes",
        "plain ascii, a little longer than eight bytes", 0);
    SAN("Z\xC3\xBCrich \xCE\xB1 \xD0\x96 \xED\x95\x9C \xE6\xBC\xA2 \xF0\x9F\x98\x80",
        "Z\xC3\xBCrich \xCE\xB1 \xD0\x96 \xED\x95\x9C \xE6\xBC\xA2 \xF0\x9F\x98\x80", 0);
    /* the edges of each length class */
    SAN("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF",
        "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 0);
    /* U+D7FF and U+E000 sit just outside the surrogates */
    SAN("\xED\x9F\xBF\xEE\x80\x80", "\xED\x9F\xBF\xEE\x80\x80", 0);
    /* a real U+FFFD is valid and not counted */
    SAN(R, R, 0);
}

static void
malformed_bytes_are_replaced_one_each(void **state)
{
    (void)state;
    /* overlong '/' in two, three and four bytes */
    SAN("\xC0\xAF", R R, 2);
    SAN("\xE0\x80\xAF", R R R, 3);
    SAN("\xF0\x80\x80\xAF", R R R R, 4);
    SAN("\xC1\xBF", R R, 2);
    /* surrogates, alone and as a CESU-8 pair */
    SAN("\xED\xA0\x80", R R R, 3);
    SAN("\xED\xA0\xBD\xED\xB8\x80", R R R R R R, 6);
    /* above U+10FFFF, and bytes that never occur */
    SAN("\xF4\x90\x80\x80", R R R R, 4);
    SAN("\xF5\x80\x80\x80", R R R R, 4);
    SAN("\xFE\xFF", R R, 2);
    /* stray continuation bytes */
    SAN("a\x80" "b\xBF", "a" R "b" R, 2);
    /* truncated sequences do not swallow what follows */
    SAN("a\xE2\x82" "A", "a" R R "A", 2);
    SAN("\xF0\x9F\x98", R R R, 3);
    SAN("\xF0\x9F\x98" "\xF0\x9F\x98\x80", R R R "\xF0\x9F\x98\x80", 3);
    SAN("\xC3", R, 1);
}

static void
nul_bytes_are_replaced(void **state)
{
    (void)state;
    SAN("a\0b\0\0c", "a" R "b" R R "c", 3);
    /* in the middle of the eight-byte fast path */
    SAN("abcdefg\0hijklmno", "abcdefg" R "hijklmno", 1);
}

static void
sanitize_appends_and_is_idempotent(void **state)
{
    (void)state;
    tt_buf b, c;
    tt_buf_init(&b);
    tt_buf_init(&c);
    assert_int_equal(tt_buf_adds(&b, "keep:"), 0);
    assert_int_equal(tt_utf8__sanitize(&b, "x\xFFy", 3), 1);
    assert_string_equal(b.data, "keep:x" R "y");
    assert_int_equal(tt_utf8__sanitize(&c, b.data, b.len), 0);
    assert_string_equal(c.data, b.data);
    tt_buf_release(&b);
    tt_buf_release(&c);
}

static void
decode_reports_length_and_code_point(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(tt_utf8__decode((const unsigned char *)"A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(tt_utf8__decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(tt_utf8__decode((const unsigned char *)"\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(tt_utf8__decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    /* the length limit is respected: a complete sequence cut by len is malformed */
    assert_int_equal(tt_utf8__decode((const unsigned char *)"\xE2\x82\xAC", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(tt_utf8__decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(tt_utf8__decode((const unsigned char *)"", 1, &cp), 1);
    assert_int_equal(cp, 0);
    assert_int_equal(tt_utf8__decode((const unsigned char *)"x", 0, &cp), 0);
}

static void
check_finds_first_bad_byte(void **state)
{
    (void)state;
    assert_int_equal(tt_utf8__check("abc", 3), 3);
    assert_int_equal(tt_utf8__check("abc\xC3\xA9" "d\x80", 7), 6);
    assert_int_equal(tt_utf8__check("0123456789\0", 11), 10);
}

static void
encode_round_trips_and_refuses_surrogates(void **state)
{
    (void)state;
    char out[4];
    const uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < TT_ARRAY_LEN(cps); i++) {
        int n = tt_utf8__encode(out, cps[i]);
        uint32_t cp;
        assert_int_equal(tt_utf8__decode((unsigned char *)out, (size_t)n, &cp), n);
        assert_int_equal(cp, cps[i]);
    }
    assert_int_equal(tt_utf8__encode(out, 0xD800), 3);
    assert_memory_equal(out, R, 3);
    assert_int_equal(tt_utf8__encode(out, 0x110000), 3);
    assert_memory_equal(out, R, 3);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_text_is_copied_unchanged),
        cmocka_unit_test(malformed_bytes_are_replaced_one_each),
        cmocka_unit_test(nul_bytes_are_replaced),
        cmocka_unit_test(sanitize_appends_and_is_idempotent),
        cmocka_unit_test(decode_reports_length_and_code_point),
        cmocka_unit_test(check_finds_first_bad_byte),
        cmocka_unit_test(encode_round_trips_and_refuses_surrogates),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
