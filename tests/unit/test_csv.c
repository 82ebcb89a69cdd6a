/* SPDX-License-Identifier: Apache-2.0 */
/* test_csv.c: the RFC 4180 reader (the RFC's own examples, quotes, line endings, the byte
 * order mark, error messages with line numbers, resuming after an error) and the writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "csv.h"

/* Read all of data and render it as "line:f1|f2;" per record, errors as "E(msg);". */
static char *
render(const char *data, size_t len)
{
    tt_csv_reader r;
    tt_csv_record rec;
    tt_err err = {0};
    tt_buf b;
    tt_buf_init(&b);
    tt_csv__init(&r, data, len);
    int rc;
    while ((rc = tt_csv__next(&r, &rec, &err)) != 0) {
        if (rc < 0) {
            assert_int_equal(rc, TT_EFORMAT);
            tt_buf_printf(&b, "E(%s);", err.msg);
            continue;
        }
        tt_buf_printf(&b, "%zu:", rec.line);
        for (size_t i = 0; i < rec.nfields; i++) {
            if (i)
                tt_buf_addc(&b, '|');
            tt_buf_add(&b, rec.fields[i], rec.lens[i]);
        }
        tt_buf_addc(&b, ';');
    }
    tt_csv__release(&r);
    tt_buf_grow(&b, 0);
    return tt_buf_detach(&b, NULL);
}

#define EXPECT(in, want)                                                                           \
    do {                                                                                           \
        char *got_ = render(in, sizeof(in) - 1);                                                   \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static void
rfc4180_examples(void **state)
{
    (void)state;
    /* RFC 4180 section 2, rules 1-7 */
    EXPECT("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n", "1:aaa|bbb|ccc;2:zzz|yyy|xxx;");
    EXPECT("aaa,bbb,ccc\r\nzzz,yyy,xxx", "1:aaa|bbb|ccc;2:zzz|yyy|xxx;");
    EXPECT("field_name,field_name,field_name\r\naaa,bbb,ccc\r\n",
           "1:field_name|field_name|field_name;2:aaa|bbb|ccc;");
    EXPECT("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx", "1:aaa|bbb|ccc;2:zzz|yyy|xxx;");
    EXPECT("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx", "1:aaa|b\r\nbb|ccc;3:zzz|yyy|xxx;");
    EXPECT("\"aaa\",\"b\"\"bb\",\"ccc\"", "1:aaa|b\"bb|ccc;");
}

static void
quotes_commas_and_empty_fields(void **state)
{
    (void)state;
    EXPECT("name,contact,unit\n\"Okafor, Chinedu\",c.okafor@example.org,Logistics\n",
           "1:name|contact|unit;2:Okafor, Chinedu|c.okafor@example.org|Logistics;");
    EXPECT(",,\n", "1:||;");
    EXPECT("\"\"\n", "1:;");
    EXPECT("a,\"\"\n", "1:a|;");
    EXPECT("\"\"\"\"\n", "1:\";");
    /* a quote inside an unquoted field is kept (lenient) */
    EXPECT("5\" disk,ok\n", "1:5\" disk|ok;");
    /* spaces are part of a field */
    EXPECT(" a , b \n", "1: a | b ;");
}

static void
line_endings_blank_lines_and_bom(void **state)
{
    (void)state;
    EXPECT("a\nb\r\nc\rd", "1:a;2:b;3:c;4:d;");
    EXPECT("\n\r\n\na\n\n\nb\r\n\r\n", "4:a;7:b;");
    EXPECT("\xEF\xBB\xBFname,unit\nA,B\n", "1:name|unit;2:A|B;");
    /* only a leading byte order mark is skipped */
    EXPECT("x\n\xEF\xBB\xBFy\n", "1:x;2:\xEF\xBB\xBFy;");
    EXPECT("", "");
    EXPECT("\n\n", "");
    /* line numbers keep counting through quoted line breaks */
    EXPECT("\"1\n2\n3\",x\nnext\n", "1:1\n2\n3|x;4:next;");
}

static void
broken_quotes_name_their_line(void **state)
{
    (void)state;
    EXPECT("a,b\nc,d\n\"open\nnever closed\n",
           "1:a|b;2:c|d;E(line 3: unterminated quoted field);");
    /* the error names the line where the broken field opened, after a quoted line break */
    EXPECT("a\n\"x\n\"\"y\",\"z\n", "1:a;E(line 3: unterminated quoted field);");
    /* text after a closing quote; the reader resumes on the next line */
    EXPECT("ok\n\"b\"c,d\nnext\n",
           "1:ok;E(line 2: unexpected 'c' after closing quote);3:next;");
    EXPECT("\"a\nb\"\x01\nz", "E(line 2: unexpected byte 0x01 after closing quote);3:z;");
}

static void
nul_bytes_are_data(void **state)
{
    (void)state;
    const char in[] = "a\0b,c\n";
    tt_csv_reader r;
    tt_csv_record rec;
    tt_csv__init(&r, in, sizeof in - 1);
    assert_int_equal(tt_csv__next(&r, &rec, NULL), 1);
    assert_int_equal(rec.nfields, 2);
    assert_int_equal(rec.lens[0], 3);
    assert_memory_equal(rec.fields[0], "a\0b", 4);
    assert_int_equal(tt_csv__next(&r, &rec, NULL), 0);
    tt_csv__release(&r);
}

static void
writer_quotes_what_needs_it(void **state)
{
    (void)state;
    const char *f[] = {"plain", "Okafor, Chinedu", "say \"hi\"", "two\nlines", "", "\xEF\xBB\xBFx"};
    size_t l[6];
    for (int i = 0; i < 6; i++)
        l[i] = strlen(f[i]);
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_csv__write_record(&b, f, l, 6), 0);
    assert_string_equal(b.data, "plain,\"Okafor, Chinedu\",\"say \"\"hi\"\"\",\"two\nlines\",,"
                                "\"\xEF\xBB\xBFx\"\r\n");
    const char *one[] = {""};
    size_t zero = 0;
    assert_int_equal(tt_csv__write_record(&b, one, &zero, 1), 0);
    char *got = render(b.data, b.len);
    assert_string_equal(got, "1:plain|Okafor, Chinedu|say \"hi\"|two\nlines||\xEF\xBB\xBFx;3:;");
    free(got);
    tt_buf_release(&b);
}

static void
demo_recipients_parse(void **state)
{
    (void)state;
    char *data;
    size_t len;
    tt_err err = {0};
    assert_int_equal(tt__read_file(&err, "demo/recipients.csv", &data, &len), 0);
    tt_csv_reader r;
    tt_csv_record rec;
    tt_csv__init(&r, data, len);
    size_t n = 0;
    int rc;
    while ((rc = tt_csv__next(&r, &rec, &err)) == 1) {
        assert_int_equal(rec.nfields, 3);
        assert_int_equal(rec.line, n + 1);
        if (n == 0) {
            assert_string_equal(rec.fields[0], "name");
            assert_string_equal(rec.fields[2], "unit");
        }
        if (n == 1) {
            assert_string_equal(rec.fields[0], "Okafor, Chinedu");
            assert_string_equal(rec.fields[1], "chinedu.okafor@example.org");
        }
        n++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, 51); /* the header and 50 people */
    tt_csv__release(&r);
    free(data);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc4180_examples),
        cmocka_unit_test(quotes_commas_and_empty_fields),
        cmocka_unit_test(line_endings_blank_lines_and_bom),
        cmocka_unit_test(broken_quotes_name_their_line),
        cmocka_unit_test(nul_bytes_are_data),
        cmocka_unit_test(writer_quotes_what_needs_it),
        cmocka_unit_test(demo_recipients_parse),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
