/* SPDX-License-Identifier: Apache-2.0 */
/* test_term.c: tt_terminal_text(), the sanitizer for untrusted text on a terminal: exact
 * outputs for controls, C1, bidi and invisible characters, malformed bytes, in each mode;
 * clean text unchanged; and no output ever holds a control or bidi character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "telltale/telltale.h"
#include "utf8.h"

static void
expect(const char *in, size_t n, int mode, const char *want)
{
    char *t = tt_terminal_text(in, n, mode);
    assert_non_null(t);
    assert_string_equal(t, want);
    free(t);
}
#define NAME(in, want) expect(in, sizeof(in) - 1, TT_TERM_NAME, want)
#define PASSAGE(in, want) expect(in, sizeof(in) - 1, TT_TERM_PASSAGE, want)
#define JSON(in, want) expect(in, sizeof(in) - 1, TT_TERM_JSON, want)

static void
clean_text_is_unchanged(void **state)
{
    (void)state;
    NAME("", "");
    NAME("report 2024.txt", "report 2024.txt");
    NAME("Ay\xC5\x9F" "e Y\xC4\xB1lmaz \xED\x95\x9C \xE6\xBC\xA2 \xF0\x9F\x98\x80",
         "Ay\xC5\x9F" "e Y\xC4\xB1lmaz \xED\x95\x9C \xE6\xBC\xA2 \xF0\x9F\x98\x80");
    NAME("back\\slash", "back\\slash");
    PASSAGE("one two", "one two");
    JSON("{\"a\":\"\xD0\x96\"}", "{\"a\":\"\xD0\x96\"}");
}

static void
controls_become_escapes(void **state)
{
    (void)state;
    NAME("a\033[2Jb", "a\\x1b[2Jb");
    NAME("bell\a tab\t nl\n del\x7f", "bell\\x07 tab\\x09 nl\\x0a del\\x7f");
    NAME("nul\0x", "nul\\x00x");
    NAME("csi\xC2\x9B" "31m", "csi\\u009b31m");       /* C1 CSI */
    NAME("nel\xC2\x85", "nel\\u0085");
    NAME("rlo\xE2\x80\xAEtxt", "rlo\\u202etxt");        /* bidi override */
    NAME("iso\xE2\x81\xA6x\xE2\x81\xA9", "iso\\u2066x\\u2069");
    NAME("z\xE2\x80\x8Bw", "z\\u200bw");                /* zero-width space: in a name, shown */
    NAME("tag\xF3\xA0\x80\x81", "tag\\U000e0001");      /* a tag character */
    NAME("ls\xE2\x80\xA8", "ls\\u2028");
    NAME("bad\xFF\xC0x", "bad\\xff\\xc0x");             /* malformed bytes */
    NAME("cut\xE2\x80", "cut\\xe2\\x80");
}

static void
passages_fold_space_and_drop_zero_width(void **state)
{
    (void)state;
    PASSAGE("a\n\n  b\tc\r\nd", "a b c d");
    PASSAGE("w\xE2\x81\xA0ord\xE2\x80\x8B", "word");   /* a marked copy's joiners */
    PASSAGE("x\xE2\x80\xAEy", "x\\u202ey");             /* bidi: never dropped unseen */
    PASSAGE("e\033[31mred", "e\\x1b[31mred");
    PASSAGE("p\xE2\x80\xA9q", "p q");
}

static void
json_escapes_only_what_jansson_leaves(void **state)
{
    (void)state;
    JSON("\"a\\u001b\xC2\x9B\xE2\x80\xAE\"", "\"a\\u001b\\u009b\\u202e\"");
    JSON("\"\xF3\xA0\x80\x81\"", "\"\\udb40\\udc01\"");
}

/* Whatever the bytes, the result holds no C0 control, DEL, C1 control, bidi control or
 * malformed UTF-8. */
static void
nothing_dangerous_survives(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int round = 0; round < 2000; round++) {
        unsigned char in[64];
        for (size_t i = 0; i < sizeof in; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            /* bias toward the interesting bytes */
            static const unsigned char pick[] = {0x1b, 0x9b, 0xc2, 0xe2, 0x80, 0xae, 0x8b,
                                                 0x81, 0xa6, 'a', ' ', '\n', 0x00, 0x7f, 0xff};
            in[i] = r % 3 ? pick[r % sizeof pick] : (unsigned char)r;
        }
        for (int mode = TT_TERM_NAME; mode <= TT_TERM_PASSAGE; mode++) {
            char *t = tt_terminal_text((const char *)in, sizeof in, mode);
            assert_non_null(t);
            size_t n = strlen(t);
            assert_int_equal(tt_utf8__check(t, n), n);
            for (size_t i = 0; i < n;) {
                uint32_t cp;
                int k = tt_utf8__decode((const unsigned char *)t + i, n - i, &cp);
                assert_true(cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f));
                assert_false(tt_utf8__is_bidi_control(cp));
                if (mode == TT_TERM_NAME)
                    assert_false(tt_utf8_invisible(cp));
                i += (size_t)k;
            }
            free(t);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_text_is_unchanged),
        cmocka_unit_test(controls_become_escapes),
        cmocka_unit_test(passages_fold_space_and_drop_zero_width),
        cmocka_unit_test(json_escapes_only_what_jansson_leaves),
        cmocka_unit_test(nothing_dangerous_survives),
    };
    return cmocka_run_group_tests_name("term", tests, NULL, NULL);
}
