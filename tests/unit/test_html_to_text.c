/* SPDX-License-Identifier: Apache-2.0 */
/* test_html_to_text.c: HTML reduced to text: tags, comments, raw text elements, character references,
 * line breaks from block elements, white space, titles, and malformed or truncated input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "html_to_text.h"

static char *
text_of(const char *html, size_t len)
{
    tt_buf b;
    tt_buf_init(&b);
    tt_err err = {0};
    assert_int_equal(tt_html__to_text(&b, html, len, &err), 0);
    assert_non_null(b.data);
    return tt_buf_detach(&b, NULL);
}

#define EXPECT(in, want)                                                                           \
    do {                                                                                           \
        char *got_ = text_of(in, sizeof(in) - 1);                                                  \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static void
tags_and_comments_go(void **state)
{
    (void)state;
    EXPECT("", "");
    EXPECT("plain text", "plain text");
    EXPECT("a<b>bold</b> and <i class=\"x\">it</i>alic", "abold and italic");
    EXPECT("a<!-- <p>hidden</p> -->b", "ab");
    EXPECT("a<!-->b<!--->c", "abc");
    EXPECT("<!DOCTYPE html>a<?xml version=\"1.0\"?>b<![CDATA[x]]>c", "abc");
    /* a '>' inside a quoted attribute does not end the tag */
    EXPECT("<img alt=\"a > b\" src='x>y'>after", "after");
    EXPECT("<a href=foo>link</a>", "link");
}

static void
raw_text_elements(void **state)
{
    (void)state;
    EXPECT("x<script>if (a<b && c>d) document.write('<p>no</p>')</script>y", "xy");
    EXPECT("x<SCRIPT>a</scriptx></SCRIPT >y", "xy");
    EXPECT("x<style>p { color: red }</style>y", "xy");
    EXPECT("<head><title>T</title><meta charset=utf-8><style>s</style></head><body>body</body>",
           "body");
    EXPECT("<textarea>&lt;b&gt; kept</textarea>", "<b> kept");
    EXPECT("<xmp><b>&amp;</b></xmp>", "<b>&amp;</b>");
    EXPECT("a<plaintext><p>rest &amp; all", "a\n\n<p>rest &amp; all");
    EXPECT("x<iframe><p>fallback</p></iframe>y", "xy");
}

static void
character_references(void **state)
{
    (void)state;
    EXPECT("&amp; &lt; &gt; &quot; &apos;", "& < > \" '");
    EXPECT("a&nbsp;b", "a\xC2\xA0" "b");
    EXPECT("&ndash;&mdash;&lsquo;&rsquo;&ldquo;&rdquo;&hellip;",
           "\xE2\x80\x93\xE2\x80\x94\xE2\x80\x98\xE2\x80\x99\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\xA6");
    EXPECT("&copy;&reg;&euro;&eacute;&Eacute;&szlig;",
           "\xC2\xA9\xC2\xAE\xE2\x82\xAC\xC3\xA9\xC3\x89\xC3\x9F");
    EXPECT("&#65;&#x42;&#X43;&#68", "ABCD");
    /* the HTML rules for odd numbers: 0, surrogates, too big, and the C1 range */
    EXPECT("&#0;&#xD800;&#x110000;&#99999999999999999999;",
           "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT("&#150;&#x80;", "\xE2\x80\x93\xE2\x82\xAC");
    /* legacy names work without ';', others do not; unknown ones stay as written */
    EXPECT("&copy 2024 &amp", "\xC2\xA9 2024 &");
    EXPECT("&notit; &notin;", "\xC2\xACit; \xE2\x88\x89");
    EXPECT("&bogus; &hellip &; & &#; &#x;", "&bogus; &hellip &; & &#; &#x;");
    /* a reference that decodes to white space is white space */
    EXPECT("a&#32;&#9;&NewLine;b", "a b");
    EXPECT("AT&T", "AT&T");
}

static void
blocks_make_line_breaks(void **state)
{
    (void)state;
    EXPECT("<h1>Title</h1><p>One.</p><p>Two.</p>", "Title\n\nOne.\n\nTwo.");
    EXPECT("a<br>b<br/>c<BR />d", "a\nb\nc\nd");
    EXPECT("<ul><li>one</li><li>two<li>three</ul>after", "one\ntwo\nthree\n\nafter");
    EXPECT("<table><tr><td>a</td><td>b</td></tr><tr><th>c<th>d</table>", "a b\nc d");
    EXPECT("<div>x</div><div>y</div>", "x\ny");
    EXPECT("<p></p><p></p><div></div>z", "z");
    EXPECT("<pre>l1\n   l2\nl3</pre>", "l1\nl2\nl3");
    EXPECT("<pre>a\n\n\n\nb\r\n\r\nc</pre>", "a\n\nb\n\nc");
}

static void
white_space_collapses(void **state)
{
    (void)state;
    EXPECT("  lots \t of\r\n\n  space  ", "lots of space");
    EXPECT("<p>  a  </p>  <p>  b  </p>", "a\n\nb");
    EXPECT("a<span> </span>b", "a b");
}

static void
malformed_and_truncated(void **state)
{
    (void)state;
    EXPECT("a < b and c <= d, 1<2", "a < b and c <= d, 1<2");
    EXPECT("x<<i>y</i>", "x<y");
    EXPECT("a</ b>c</>d", "acd");
    EXPECT("end </", "end </");
    EXPECT("end <", "end <");
    /* cut off inside a tag, a quoted value, a comment or a script: the rest goes */
    EXPECT("text <a href=\"http://", "text");
    EXPECT("text <p", "text");
    EXPECT("text <!-- never closed <p>x", "text");
    EXPECT("text <script>never closed", "text");
    /* invalid UTF-8 and NUL become U+FFFD */
    EXPECT("caf\xC3\xA9 \xFF x\0y", "caf\xC3\xA9 \xEF\xBF\xBD x\xEF\xBF\xBDy");
}

static void
appends_after_existing_text(void **state)
{
    (void)state;
    tt_buf b;
    tt_buf_init(&b);
    tt_buf_adds(&b, "before|");
    assert_int_equal(tt_html__to_text(&b, "<p> x </p>", 10, NULL), 0);
    assert_string_equal(b.data, "before|x");
    tt_buf_release(&b);
}

static void
titles(void **state)
{
    (void)state;
    tt_buf b;
    tt_buf_init(&b);
    const char *h =
        "<html><head><title>  Memo &amp;\n Notes </title></head><body><title>two</title>";
    assert_int_equal(tt_html__title(&b, h, strlen(h)), 1);
    assert_string_equal(b.data, "Memo & Notes");
    b.len = 0;
    h = "<!-- <title>commented</title> --><script><title>no</title></script><p>none";
    assert_int_equal(tt_html__title(&b, h, strlen(h)), 0);
    assert_int_equal(b.len, 0);
    h = "<TITLE>cut off";
    assert_int_equal(tt_html__title(&b, h, strlen(h)), 1);
    assert_string_equal(b.data, "cut off");
    tt_buf_release(&b);
}

/*
 * Work is counted, not timed (no time limit is enforced on a test): this program defines
 * memchr, so html_to_text.c's calls to it (its searches for '<', '>', '-', a closing quote and '&' are
 * memchr calls) come here and add up the bytes each examined.  html_to_text.c promises that every
 * search starts where the last one stopped; code that searched again from an earlier place for
 * each of n unclosed constructs would count about n * n / 2 bytes here, and the assertion below
 * allows 4 per input byte.  What is not counted: the byte-by-byte loops over a tag's name and
 * attributes (they only move forward), so for "<a a" the text is what is checked.
 */
static size_t memchr_bytes;
static size_t memchr_calls;

void *
memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    memchr_calls++;
    for (size_t i = 0; i < n; i++)
        if (p[i] == (unsigned char)c) {
            memchr_bytes += i + 1;
            return (void *)(p + i);
        }
    memchr_bytes += n;
    return NULL;
}

/* The text of unit repeated n times after prefix, and the bytes memchr examined for it. */
static char *
text_of_repeated(const char *prefix, const char *unit, size_t n, size_t *searched)
{
    size_t pl = strlen(prefix), ul = strlen(unit), len = pl + ul * n;
    char *s = malloc(len + 1);
    assert_non_null(s);
    memcpy(s, prefix, pl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + pl + ul * i, unit, ul);
    s[len] = '\0';
    size_t before = memchr_bytes, calls = memchr_calls;
    char *t = text_of(s, len);
    *searched = memchr_bytes - before;
    assert_true(memchr_calls > calls); /* the interposition works: the count is real */
    free(s);
    return t;
}

/* For each adversarial input: the expected text, and memchr work at most 4 bytes per input
 * byte, the same at 100,000 and 200,000 repetitions (linear, not merely fast). */
static void
large_input_is_linear(void **state)
{
    (void)state;
    static const struct {
        const char *prefix, *unit, *want;
    } cases[] = {
        {"", "<a a", ""},           /* unclosed tags with attributes */
        {"<scri", "</sc", ""},      /* "<scri</sc</sc...": one unclosed tag */
        {"<script>", "</sc", ""},   /* raw text whose end tag never comes */
        {"", "<!--", ""},           /* comment openers, never closed */
        {"", "<!-- -", ""},         /* dashes that never make "-->" */
        {"", "<a b=\"", ""},        /* an attribute quote never closed */
        {"x", "&amp", NULL},        /* references without ';' */
        {"", "<x>y", NULL},         /* many small tags around text */
    };
    for (size_t c = 0; c < TT_ARRAY_LEN(cases); c++) {
        size_t n = 100000, w1, w2;
        size_t len1 = strlen(cases[c].prefix) + strlen(cases[c].unit) * n;
        char *t1 = text_of_repeated(cases[c].prefix, cases[c].unit, n, &w1);
        char *t2 = text_of_repeated(cases[c].prefix, cases[c].unit, 2 * n, &w2);
        if (cases[c].want) {
            assert_string_equal(t1, cases[c].want);
            assert_string_equal(t2, cases[c].want);
        } else {
            assert_true(strlen(t2) > strlen(t1)); /* text kept, and more of it */
        }
        print_message("# %s%s x %zu: memchr examined %zu then %zu bytes\n", cases[c].prefix,
                      cases[c].unit, n, w1, w2);
        assert_true(w1 <= 4 * len1);
        assert_true(w2 <= 4 * 2 * len1);
        free(t1);
        free(t2);
    }
}

/* The counter itself: a search that restarts from the beginning n times is caught. */
static void
the_work_counter_sees_quadratic_search(void **state)
{
    (void)state;
    size_t n = 2000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, 'a', n);
    s[n] = '\0';
    size_t before = memchr_bytes;
    for (size_t i = 0; i < n; i++) /* the quadratic pattern: search again from the start */
        assert_null(memchr(s, '>', n));
    assert_true(memchr_bytes - before >= n * n);
    assert_false(memchr_bytes - before <= 4 * n); /* what large_input_is_linear would reject */
    free(s);
}

/* The one sniffer add, verify and trace share: every case one of their three sniffers took. */
static void
sniffs_html_by_name_or_first_bytes(void **state)
{
    (void)state;
    assert_true(tt_html__sniff("page.html", "plain", 5));
    assert_true(tt_html__sniff("dir/PAGE.HTM", "plain", 5));
    assert_true(tt_html__sniff(NULL, "<!DOCTYPE html><p>x", 19));
    assert_true(tt_html__sniff("-", "  \r\n\t<html lang=en>", 20));
    assert_true(tt_html__sniff(NULL, "\xEF\xBB\xBF<!doctype html>", 18)); /* BOM: add, trace */
    assert_true(tt_html__sniff("leak.txt", "\f\v<HTML>", 8));             /* isspace: verify */
    assert_false(tt_html__sniff("notes.txt", "plain text", 10));
    assert_false(tt_html__sniff("page.html.txt", "<p>a paragraph</p>", 18));
    assert_false(tt_html__sniff(NULL, "<htm", 4));
    assert_false(tt_html__sniff(NULL, "x <html>", 8));
    assert_false(tt_html__sniff("dir.html/notes", "", 0));
    assert_false(tt_html__sniff(NULL, "\xEF\xBB\xBF\xEF\xBB\xBF<html>", 12)); /* one BOM */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_and_comments_go),
        cmocka_unit_test(raw_text_elements),
        cmocka_unit_test(character_references),
        cmocka_unit_test(blocks_make_line_breaks),
        cmocka_unit_test(white_space_collapses),
        cmocka_unit_test(malformed_and_truncated),
        cmocka_unit_test(appends_after_existing_text),
        cmocka_unit_test(titles),
        cmocka_unit_test(large_input_is_linear),
        cmocka_unit_test(sniffs_html_by_name_or_first_bytes),
        cmocka_unit_test(the_work_counter_sees_quadratic_search),
    };
    return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
