/* SPDX-License-Identifier: Apache-2.0 */
/* test_utf8.c: the strict decoder and the sanitizer, on the malformed sequences of Unicode's
 * table 3-7 and Markus Kuhn's decoder test, with exact outputs and counts; the codec against
 * copies of the decoders it replaced; the invisible-character predicate, case by case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "telltale/utf8.h"
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

static void
decode_part_waits_for_a_cut_character(void **state)
{
    (void)state;
    uint32_t cp;
    const unsigned char *euro = (const unsigned char *)"\xE2\x82\xAC";
    assert_int_equal(tt_utf8__decode_part(euro, 1, &cp), 0);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(tt_utf8__decode_part(euro, 2, &cp), 0);
    assert_int_equal(tt_utf8__decode_part(euro, 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\xF0\x9F\x98", 3, &cp), 0);
    /* a byte that can never complete a sequence is malformed at once, cut or not */
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\xE2\x41", 2, &cp), 1);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\xE0\x9F", 2, &cp), 1);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\xED\xA0", 2, &cp), 1);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\xF4\x90", 2, &cp), 1);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\xF5", 1, &cp), 1);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\xC1", 1, &cp), 1);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"\x80", 1, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(tt_utf8__decode_part((const unsigned char *)"x", 0, &cp), 0);
}

static void
public_decode_is_the_codec(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(tt_utf8_decode(&cp, "\xC3\xA9!", 3), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(tt_utf8_decode(&cp, "\xEF\xBF\xBD", 3), 3); /* a real U+FFFD */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(tt_utf8_decode(&cp, "\xC0\xAF", 2), 1); /* an overlong '/' */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(tt_utf8_decode(&cp, "\xF0\x9F\x98", 3), 1);
    assert_int_equal(tt_utf8_decode(&cp, "", 0), 0);
    assert_int_equal(cp, 0xFFFD);
    size_t n;
    assert_int_equal(tt_utf8__at("a\xE2\x82\xAC\x80", 5, 1, &n), 0x20AC);
    assert_int_equal(n, 3);
    assert_int_equal(tt_utf8__at("a\xE2\x82\xAC\x80", 5, 4, &n), 0xFFFD);
    assert_int_equal(n, 1);
}

/*
 * The decoders the codec replaced, copied here as they were (the stream decoder of
 * normalize.c, the strict test of cmd_verify.c's terminal printer, the lax ones of slots.c,
 * verify.c and trace.c), so the test shows where the codec decodes as they did.
 */
static size_t
old_normalize(const uint8_t *p, size_t len, int eof, uint32_t *cp, int *bad)
{
    uint8_t c = p[0];
    size_t need;
    uint32_t v, min;
    *bad = 0;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        need = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 4, v = c & 0x07, min = 0x10000;
    } else {
        goto bad;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= len) {
            if (!eof)
                return 0;
            goto bad;
        }
        if ((p[i] & 0xc0) != 0x80)
            goto bad;
        v = (v << 6) | (p[i] & 0x3f);
        if (i == 1) {
            if (need == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f)))
                goto bad;
            if (need == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f)))
                goto bad;
        }
    }
    if (v < min)
        goto bad;
    *cp = v;
    return need;
bad:
    *cp = 0xfffd;
    *bad = 1;
    return 1;
}

/* cmd_verify.c put_safe(): the length of the character at p[0..n) it printed, 0 for '?' */
static size_t
old_put_safe(const unsigned char *p, size_t n, uint32_t *out)
{
    unsigned char c = p[0];
    size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    bool ok = len > 0 && len <= n;
    for (size_t k = 1; ok && k < len; k++)
        ok = (p[k] & 0xc0) == 0x80;
    if (ok && len == 2 && c == 0xc2 && p[1] < 0xa0)
        ok = false;
    if (ok && len == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)))
        ok = false;
    if (ok && len == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90)))
        ok = false;
    if (!ok)
        return 0;
    uint32_t cp = c & (0x7f >> len);
    for (size_t k = 1; k < len; k++)
        cp = cp << 6 | (p[k] & 0x3f);
    *out = cp;
    return len;
}

/* slots.c decode() (verify.c next_cp() differed only for malformed bytes) */
static uint32_t
old_slots(const unsigned char *u, size_t left, size_t *out_n)
{
    if (u[0] < 0x80) {
        *out_n = 1;
        return u[0];
    }
    int n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    if ((size_t)n > left || n == 1) {
        *out_n = 1;
        return 0xFFFD;
    }
    uint32_t cp = u[0] & (0x7F >> n);
    for (int k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *out_n = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (u[k] & 0x3F);
    }
    *out_n = (size_t)n;
    return cp;
}

/* trace.c canon(): two- and three-byte characters decoded, every other byte taken alone */
static uint32_t
old_trace(const unsigned char *s, size_t len, size_t *out_n)
{
    unsigned char c = s[0];
    if (c >= 0xC0 && c < 0xE0 && 1 < len) {
        *out_n = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c >= 0xE0 && c < 0xF0 && 2 < len) {
        *out_n = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *out_n = 1;
    return c;
}

static void
every_character_decodes_as_the_old_decoders_did(void **state)
{
    (void)state;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        unsigned char b[8] = {0};
        int n = tt_utf8__encode((char *)b, c);
        b[n] = 'x'; /* a following byte, as in running text */
        uint32_t cp, ocp;
        int bad;
        size_t on;
        assert_int_equal(tt_utf8__decode(b, (size_t)n + 1, &cp), n);
        assert_int_equal(cp, c);
        assert_int_equal(old_normalize(b, (size_t)n + 1, 1, &ocp, &bad), (size_t)n);
        assert_int_equal(ocp, c);
        /* cut short inside a stream: both wait for more */
        if (n > 1) {
            assert_int_equal(tt_utf8__decode_part(b, (size_t)n - 1, &cp), 0);
            assert_int_equal(old_normalize(b, (size_t)n - 1, 0, &ocp, &bad), 0);
        }
        ocp = old_slots(b, (size_t)n + 1, &on);
        assert_int_equal(on, (size_t)n);
        assert_int_equal(ocp, c);
        if (c >= 0x80 && c < 0xA0) {
            assert_int_equal(old_put_safe(b, (size_t)n + 1, &ocp), 0); /* C1: printed '?' */
        } else if (c >= 0x80) {
            assert_int_equal(old_put_safe(b, (size_t)n + 1, &ocp), (size_t)n);
            assert_int_equal(ocp, c);
        }
        ocp = old_trace(b, (size_t)n + 1, &on);
        if (n <= 3) {
            assert_int_equal(on, (size_t)n);
            assert_int_equal(ocp, c);
        }
    }
}

/* Every sequence of up to three bytes, and four-byte ones over the bytes that matter: the
 * codec agrees exactly with normalize.c's old stream decoder (the scan path), at the end of
 * the input and in the middle of a stream, and with cmd_verify.c's old strict test except
 * for the leads F5..FF, which that one read as three-byte leads and printed raw. */
static void
malformed_input_decodes_as_normalize_did(void **state)
{
    (void)state;
    static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                         0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF4, 0xFF};
    for (uint32_t x = 0; x < (1u << 24); x++) {
        unsigned char b[4] = {(unsigned char)(x >> 16), (unsigned char)(x >> 8), (unsigned char)x,
                              0};
        for (size_t len = 1; len <= 3; len++) {
            if (len < 3 && (x & 0xFFFF) != 0)
                continue;
            unsigned char s[4] = {0};
            memcpy(s, b, len);
            uint32_t cp, ocp, pcp = 0;
            int bad;
            int n = tt_utf8__decode(s, len, &cp);
            assert_int_equal(old_normalize(s, len, 1, &ocp, &bad), (size_t)n);
            assert_int_equal(ocp, cp);
            assert_int_equal(old_normalize(s, len, 0, &ocp, &bad),
                             (size_t)tt_utf8__decode_part(s, len, &cp));
            size_t pn = old_put_safe(s, len, &pcp);
            if (s[0] >= 0x80 && s[0] < 0xF5 && !(n == 2 && cp < 0xA0))
                assert_int_equal(pn, n == 1 ? 0 : (size_t)n);
        }
    }
    for (int lead = 0xF0; lead <= 0xFF; lead++)
        for (size_t i = 0; i < sizeof edge; i++)
            for (size_t j = 0; j < sizeof edge; j++)
                for (size_t k = 0; k < sizeof edge; k++) {
                    unsigned char s[4] = {(unsigned char)lead, edge[i], edge[j], edge[k]};
                    uint32_t cp, ocp;
                    int bad;
                    int n = tt_utf8__decode(s, 4, &cp);
                    assert_int_equal(old_normalize(s, 4, 1, &ocp, &bad), (size_t)n);
                    assert_int_equal(ocp, cp);
                }
}

static void
invisible_is_the_union_of_the_old_definitions(void **state)
{
    (void)state;
    /* report_html.c and cmd_verify.c (the same list) */
    static const uint32_t report[] = {
        0x00AD, 0x034F, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A,
        0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066,
        0x2067, 0x2068, 0x2069, 0x206A, 0x206F, 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB};
    /* trace.c canon() */
    static const uint32_t trace[] = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD};
    /* added: variation selectors (Mongolian, standard, supplement) and tags */
    static const uint32_t added[] = {0x180B,  0x180C,  0x180D,  0x180F,  0xFE00,  0xFE0E, 0xFE0F,
                                     0xE0001, 0xE0020, 0xE0041, 0xE007F, 0xE0100, 0xE01EF};
    static const uint32_t visible[] = {
        0,      ' ',    'a',    0x7F,    0x85,    0xA0,    0xAC,    0xAE,    0x034E,
        0x0350, 0x061B, 0x180A, 0x1810,  0x200A,  0x2010,  0x2011,  0x2028,  0x2029,
        0x2027, 0x202F, 0x205F, 0x2070,  0x3000,  0xFDFF,  0xFE10,  0xFEFE,  0xFF00,
        0xFFF8, 0xFFFC, 0xFFFD, 0xDFFFF, 0xE0080, 0xE00FF, 0xE01F0, 0x10FFFF};
    for (size_t i = 0; i < TT_ARRAY_LEN(report); i++)
        assert_true(tt_utf8_invisible(report[i]));
    for (size_t i = 0; i < TT_ARRAY_LEN(trace); i++)
        assert_true(tt_utf8_invisible(trace[i]));
    for (size_t i = 0; i < TT_ARRAY_LEN(added); i++)
        assert_true(tt_utf8_invisible(added[i]));
    for (size_t i = 0; i < TT_ARRAY_LEN(visible); i++)
        assert_false(tt_utf8_invisible(visible[i]));
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
        cmocka_unit_test(decode_part_waits_for_a_cut_character),
        cmocka_unit_test(public_decode_is_the_codec),
        cmocka_unit_test(every_character_decodes_as_the_old_decoders_did),
        cmocka_unit_test(malformed_input_decodes_as_normalize_did),
        cmocka_unit_test(invisible_is_the_union_of_the_old_definitions),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
