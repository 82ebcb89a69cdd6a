/* SPDX-License-Identifier: Apache-2.0 */
/* test_jsonl.c: the JSON-lines post reader: ids of each kind, extra fields, blank lines, error
 * records with line numbers for every kind of bad line, over-long lines, invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "jsonl.h"
#include "telltale/scan.h"
#include "testhooks.h"

/* Read every record of data (the text member field, or the default list when NULL) and render
 * it: "L:id=ID|text=T|extra=JSON;" or "L:ERR(msg);". */
static char *
render_field(const char *data, size_t len, size_t max_line, const char *field)
{
    FILE *f = fmemopen((void *)data, len, "r");
    assert_non_null(f);
    tt_jsonl_reader *r;
    tt_err err = {0};
    assert_int_equal(tt_jsonl__open(&r, f, max_line, &err), 0);
    assert_int_equal(tt_jsonl__set_field(r, field, &err), 0);
    tt_jsonl_post p;
    tt_jsonl__post_init(&p);
    tt_buf b;
    tt_buf_init(&b);
    int rc;
    while ((rc = tt_jsonl__next(r, &p, &err)) == 1) {
        if (p.error) {
            tt_buf_printf(&b, "%zu:ERR(%s);", p.line, p.msg);
            continue;
        }
        char *extra = json_dumps(p.extra, JSON_COMPACT | JSON_SORT_KEYS);
        tt_buf_printf(&b, "%zu:id=%s|text=%s|extra=%s", p.line, p.id ? p.id : "(null)", p.text,
                      extra);
        if (p.replaced)
            tt_buf_printf(&b, "|replaced=%zu", p.replaced);
        tt_buf_addc(&b, ';');
        free(extra);
    }
    assert_int_equal(rc, 0);
    tt_jsonl__post_release(&p);
    tt_jsonl__close(r);
    fclose(f);
    tt_buf_grow(&b, 0);
    return tt_buf_detach(&b, NULL);
}

static char *
render(const char *data, size_t len, size_t max_line)
{
    return render_field(data, len, max_line, NULL);
}

#define EXPECT(in, limit, want)                                                                    \
    do {                                                                                           \
        char *got_ = render(in, sizeof(in) - 1, limit);                                            \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static void
posts_with_ids_and_extra_fields(void **state)
{
    (void)state;
    EXPECT("{\"id\":\"p1\",\"text\":\"hello world\",\"user\":\"ana\",\"n\":3}\n"
           "{\"id\":42,\"text\":\"second\"}\n"
           "{\"text\":\"no id\"}\n"
           "{\"id\":null,\"text\":\"null id\"}\n"
           "{\"id\":-7,\"text\":\"negative\"}\n"
           "{\"id\":0.1,\"text\":\"real\"}\n"
           "{\"id\":1e300,\"text\":\"big\"}",
           0,
           "1:id=p1|text=hello world|extra={\"n\":3,\"user\":\"ana\"};"
           "2:id=42|text=second|extra={};"
           "3:id=(null)|text=no id|extra={};"
           "4:id=(null)|text=null id|extra={};"
           "5:id=-7|text=negative|extra={};"
           "6:id=0.1|text=real|extra={};"
           "7:id=1e+300|text=big|extra={};");
}

static void
blank_lines_crlf_and_bom(void **state)
{
    (void)state;
    EXPECT("\xEF\xBB\xBF{\"text\":\"a\"}\r\n\n   \t\r\n{\"text\":\"b\"}\n\n", 0,
           "1:id=(null)|text=a|extra={};4:id=(null)|text=b|extra={};");
    EXPECT("\n\n", 0, "");
}

static void
bad_lines_become_error_records(void **state)
{
    (void)state;
    EXPECT("{\"text\":\"ok\"}\n"
           "not json\n"
           "[1,2]\n"
           "{\"id\":\"x\"}\n"
           "{\"text\":5}\n"
           "{\"id\":true,\"text\":\"t\"}\n"
           "{\"text\":\"a\",\"text\":\"b\"}\n"
           "{\"text\":\"still read\"}\n",
           0,
           "1:id=(null)|text=ok|extra={};"
           "2:ERR(line 2: not valid JSON: '[' or '{' expected near 'not');"
           "3:ERR(line 3: not a JSON object);"
           "4:ERR(line 4: no text (\"text\", \"content\" or \"message.text\"; choose another "
           "with --text-field));"
           "5:ERR(line 5: no text (\"text\", \"content\" or \"message.text\"; choose another "
           "with --text-field));"
           "6:ERR(line 6: \"id\" is not a string or a number);"
           "7:ERR(line 7: not valid JSON: duplicate object key near '\"text\"');"
           "8:id=(null)|text=still read|extra={};");
}

static void
long_lines_are_skipped_not_loaded(void **state)
{
    (void)state;
    /* limit 32: the first line (40 bytes) is reported, the reader goes on */
    EXPECT("{\"text\":\"0123456789012345678901234567\"}\n{\"text\":\"short\"}\n", 32,
           "1:ERR(line 1: longer than 32 bytes, skipped);2:id=(null)|text=short|extra={};");
    /* a long line longer than the read buffer, without a final newline */
    size_t n = 200000;
    char *big = malloc(n + 32);
    assert_non_null(big);
    memcpy(big, "{\"text\":\"ok\"}\n{\"text\":\"", 23);
    memset(big + 23, 'x', n);
    memcpy(big + 23 + n, "\"}", 2);
    char *got = render(big, n + 25, 1000);
    assert_string_equal(
        got, "1:id=(null)|text=ok|extra={};2:ERR(line 2: longer than 1000 bytes, skipped);");
    free(got);
    got = render(big, n + 25, 0); /* the default limit takes it whole */
    assert_int_equal(strlen(got),
                     strlen("1:id=(null)|text=ok|extra={};2:id=(null)|text=|extra={};") + n);
    free(got);
    free(big);
}

static void
invalid_utf8_and_nul_are_replaced(void **state)
{
    (void)state;
    EXPECT("{\"id\":\"\xFF\",\"text\":\"caf\xC3\xA9 \xE2\x82\"}\n", 0,
           "1:id=\xEF\xBF\xBD|text=caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD|extra={}|replaced=3;");
    EXPECT("{\"text\":\"a\\u0000b\"}\n", 0, "1:id=(null)|text=a\xEF\xBF\xBD" "b|extra={};");
    EXPECT("{\"text\":\"\\ud83d\\ude00\"}\n", 0, "1:id=(null)|text=\xF0\x9F\x98\x80|extra={};");
}

static void
posts_on_a_pipe_come_out_at_once(void **state)
{
    (void)state;
    /* A live feed: the first post must come out while the writer still holds the pipe open.
     * A reader that waits for a full block would hang here; alarm() turns a hang into a
     * failure. */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    FILE *f = fdopen(fds[0], "r");
    assert_non_null(f);
    const char *first = "{\"id\":\"a\",\"text\":\"live\"}\n";
    assert_int_equal(write(fds[1], first, strlen(first)), (ssize_t)strlen(first));
    tt_jsonl_reader *r;
    tt_err err = {0};
    assert_int_equal(tt_jsonl__open(&r, f, 0, &err), 0);
    tt_jsonl_post p;
    tt_jsonl__post_init(&p);
    alarm(10);
    assert_int_equal(tt_jsonl__next(r, &p, &err), 1);
    alarm(0);
    assert_string_equal(p.text, "live");
    assert_string_equal(p.id, "a");
    const char *second = "{\"text\":\"later\"}";
    assert_int_equal(write(fds[1], second, strlen(second)), (ssize_t)strlen(second));
    close(fds[1]);
    assert_int_equal(tt_jsonl__next(r, &p, &err), 1);
    assert_string_equal(p.text, "later");
    assert_int_equal(p.line, 2);
    assert_int_equal(tt_jsonl__next(r, &p, &err), 0);
    tt_jsonl__post_release(&p);
    tt_jsonl__close(r);
    fclose(f);
}

/* The public reader (telltale/scan.h): the tt_post is the reader's own, handed out by pointer
 * (so it may grow without a version), with author, date and url taken from the other members,
 * and tt_posts_set_text_field() choosing the text member. */
static void
public_reader_owns_its_posts(void **state)
{
    (void)state;
    static const char data[] =
        "{\"id\": \"a\", \"author\": {\"name\": \"Kim\"}, \"date\": \"2026-11-27\", "
        "\"url\": \"https://example.org/a\", \"m\": {\"b\": \"under m.b\"}, \"text\": \"t\"}\n"
        "{\"id\": \"b\", \"text\": \"no m.b here\"}\n";
    FILE *f = fmemopen((void *)data, sizeof data - 1, "r");
    assert_non_null(f);
    tt_post_reader *r;
    assert_int_equal(tt_posts_open(&r, f), 0);
    assert_int_equal(tt_posts_set_text_field(r, "m.b"), 0);
    const tt_post *p = (const tt_post *)&r, *first;
    assert_int_equal(tt_posts_next(r, &p), 1);
    first = p;
    assert_int_equal(p->error, 0);
    assert_string_equal(p->id, "a");
    assert_string_equal(p->text, "under m.b");
    assert_string_equal(p->author, "Kim");
    assert_string_equal(p->date, "2026-11-27");
    assert_string_equal(p->url, "https://example.org/a");
    assert_int_equal(tt_posts_next(r, &p), 1);
    assert_ptr_equal(p, first); /* the reader's one struct, refilled */
    assert_int_equal(p->error, TT_EFORMAT);
    assert_non_null(strstr(p->msg, "line 2: no \"m.b\" text"));
    assert_int_equal(tt_posts_next(r, &p), 0);
    assert_null(p);
    tt_posts_close(r);
    fclose(f);
}

/* Render data with the fast path for the text string (jsonl.c, lift_text) and without it, and
 * require the same records; returns how many lines took the fast path. */
static long
same_both_ways(const char *data, size_t len, const char *field)
{
    tt__jsonl_fast(0);
    char *slow = render_field(data, len, 0, field);
    tt__jsonl_fast(1);
    char *fast = render_field(data, len, 0, field);
    long lifted = tt__jsonl_fast(1);
    if (strcmp(slow, fast) != 0)
        fail_msg("the two paths differ on\n%.*s\njansson: %s\nfast:    %s", (int)len, data, slow,
                 fast);
    free(slow);
    free(fast);
    return lifted;
}

/* The fast path gives what jansson gives, line by line: every escape, surrogate pairs and
 * lone surrogates, \u0000, control characters, keys with escapes, duplicates, text members
 * that are not strings or not at the top, numbers too large for an integer id, bad JSON after
 * the text; then a few thousand lines made by mutating such lines at random. */
static void
fast_path_gives_what_jansson_gives(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "{\"id\":\"p1\",\"text\":\"hello world\",\"user\":\"ana\",\"n\":3}",
        "{\"text\":\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t end\"}",
        "{\"text\":\"bmp \\u00e9\\u4e2d\\u0041 \\u00E9\"}",
        "{\"text\":\"pair \\ud83d\\ude00 ok\"}",
        "{\"text\":\"lone high \\ud83d end\"}",
        "{\"text\":\"lone high then other \\ud83d\\u0041\"}",
        "{\"text\":\"lone low \\ude00\"}",
        "{\"text\":\"nul \\u0000 inside\"}",
        "{\"text\":\"bad hex \\u12G4\"}",
        "{\"text\":\"short \\u12\"}",
        "{\"text\":\"bad escape \\x\"}",
        "{\"text\":\"raw\ttab\"}",
        "{\"text\":\"trailing backslash \\\\\"}",
        "{\"te\\u0078t\":\"key with an escape\"}",
        "{\"te\\u0078t\":\"a\",\"text\":\"b\"}",
        "{\"text\":\"a\",\"text\":\"b\"}",
        "{\"text\":\"a\",\"x\":1,\"x\":2}",
        "{\"text\":[\"entity \",{\"type\":\"bold\",\"text\":\"array\"}]}",
        "{\"text\":5,\"content\":\"falls to content\"}",
        "{\"content\":\"content only\"}",
        "{\"message\":{\"text\":\"nested only\"}}",
        "{\"meta\":{\"text\":\"not top\",\"q\":\"}{,\\\"\"},\"text\":\"top\"}",
        "{\"a\":[1,{\"b\":\"]\"},[\"text\"]],\"text\":\"after an array\"}",
        "{\"id\":123456789012345678901234,\"text\":\"big id\"}",
        "{\"text\":\"big id after\",\"id\":98765432109876543210}",
        "{\"id\":1e300,\"text\":\"real id\"}",
        "{\"id\":true,\"text\":\"bad id\"}",
        "{\"text\":\"\"}",
        "  {  \"text\"  :  \"spaces\"  ,  \"id\"  :  \"s\"  }  ",
        "{\"text\":\"garbage after\"} x",
        "{\"text\":\"unterminated}",
        "{\"text\":\"no close\"",
        "{\"text\":\"x\",}",
        "{\"text\":\"x\" \"y\":1}",
        "{\"x\":nul,\"text\":\"bad literal before\"}",
        "{\"text\":\"bad literal after\",\"x\":tru}",
        "{\"text\":\"deep\",\"x\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}",
        "{}",
        "[\"text\"]",
        "\"text\"",
        "{\"text\":\"caf\xc3\xa9 \xe2\x80\x94 utf-8\"}",
        "{\"text\":\"bad utf-8 \xff\xfe here\"}",
        "{\"text\":\"raw nul \0 here\"}",
    };
    tt_buf all;
    tt_buf_init(&all);
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        size_t n = strlen(lines[i]);
        if (strstr(lines[i], "raw nul"))
            n += strlen(lines[i] + n + 1) + 1; /* the rest after the NUL */
        assert_int_equal(tt_buf_add(&all, lines[i], n), 0);
        assert_int_equal(tt_buf_addc(&all, '\n'), 0);
        same_both_ways(lines[i], n, NULL);
        same_both_ways(lines[i], n, "text");
        same_both_ways(lines[i], n, "meta.text");
    }
    /* the plain lines did take the fast path (else this test would compare jansson with
     * itself) */
    long lifted = same_both_ways(all.data, all.len, NULL);
    assert_true(lifted >= 15);
    assert_int_equal(same_both_ways(lines[0], strlen(lines[0]), NULL), 1);
    assert_int_equal(same_both_ways(lines[1], strlen(lines[1]), NULL), 1);
    assert_int_equal(same_both_ways(lines[3], strlen(lines[3]), NULL), 1);

    /* mutations: each line with a byte replaced, inserted or deleted at random places, the
     * bytes drawn from those that matter to JSON */
    static const char alphabet[] = "\"\\{}[]:, \tu0dD8Ae\x01\xc3\xa9nrtx";
    unsigned seed = 12345;
    tt_buf m;
    tt_buf_init(&m);
    for (int round = 0; round < 3000; round++) {
        const char *src = lines[round % (sizeof lines / sizeof *lines)];
        size_t n = strlen(src);
        m.len = 0;
        assert_int_equal(tt_buf_add(&m, src, n), 0);
        int edits = 1 + round % 3;
        for (int k = 0; k < edits && m.len; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % m.len;
            seed = seed * 1103515245u + 12345u;
            char c = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
            seed = seed * 1103515245u + 12345u;
            switch ((seed >> 8) % 3) {
            case 0:
                m.data[at] = c;
                break;
            case 1:
                assert_int_equal(tt_buf_addc(&m, 0), 0);
                memmove(m.data + at + 1, m.data + at, m.len - at - 1);
                m.data[at] = c;
                break;
            default:
                memmove(m.data + at, m.data + at + 1, m.len - at - 1);
                m.len--;
            }
        }
        for (size_t j = 0; j < m.len; j++)
            if (m.data[j] == '\n')
                m.data[j] = ' ';
        same_both_ways(m.data, m.len, round % 5 == 0 ? "text" : NULL);
    }
    tt_buf_release(&m);
    tt_buf_release(&all);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(posts_with_ids_and_extra_fields),
        cmocka_unit_test(blank_lines_crlf_and_bom),
        cmocka_unit_test(bad_lines_become_error_records),
        cmocka_unit_test(long_lines_are_skipped_not_loaded),
        cmocka_unit_test(invalid_utf8_and_nul_are_replaced),
        cmocka_unit_test(posts_on_a_pipe_come_out_at_once),
        cmocka_unit_test(public_reader_owns_its_posts),
        cmocka_unit_test(fast_path_gives_what_jansson_gives),
    };
    return cmocka_run_group_tests_name("jsonl", tests, NULL, NULL);
}
