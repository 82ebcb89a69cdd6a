/* SPDX-License-Identifier: Apache-2.0 */
/* test_source.c: the source readers (telltale/source.h) over bytes in memory: UTF-16 with
 * surrogate pairs and a stray BOM before UTF-8, Telegram entity arrays and whole-account ids,
 * tt_source_find(), the nesting limit on zips in zips, no entity expansion in office XML, a
 * truncated WARC record, quoted-printable mail.  Zips are written here with libarchive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "telltale/source.h"

/* Render every item of data: "id|format|text;" or "id|format|!note;" (id "-" when none). */
static char *
render(const char *data, size_t len)
{
    tt_source *s = NULL;
    assert_int_equal(tt_source_open_mem(&s, NULL, data, len, NULL), 0);
    tt_buf b;
    tt_buf_init(&b);
    const tt_source_item *it;
    int rc;
    while ((rc = tt_source_next(s, &it)) == 1) {
        if (it->note)
            assert_int_equal(tt_buf_printf(&b, "%s|%s|!%s;", it->id ? it->id : "-", it->format,
                                           it->note),
                             0);
        else
            assert_int_equal(tt_buf_printf(&b, "%s|%s|%.*s;", it->id ? it->id : "-", it->format,
                                           (int)it->text_len, it->text),
                             0);
    }
    assert_int_equal(rc, 0);
    tt_source_free(s);
    assert_int_equal(tt_buf_grow(&b, 0), 0);
    return tt_buf_detach(&b, NULL);
}

/* A zip of one entry, written by libarchive into a malloc'd buffer. */
static char *
zip1(const char *name, const void *data, size_t len, size_t *out_len)
{
    size_t cap = len + 4096;
    char *buf = malloc(cap);
    assert_non_null(buf);
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    assert_int_equal(archive_write_open_memory(a, buf, cap, out_len), ARCHIVE_OK);
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    return buf;
}

static void
utf16_with_surrogates_and_stray_bom(void **state)
{
    (void)state;
    /* FF FE, "a", U+1F600 as D83D DE00, "b" */
    static const char le[] = "\xFF\xFE" "a\0" "\x3D\xD8\x00\xDE" "b\0";
    char *r = render(le, sizeof le - 1);
    assert_string_equal(r, "-|text|a\xF0\x9F\x98\x80" "b;");
    free(r);
    /* an unpaired surrogate becomes U+FFFD; big-endian */
    static const char be[] = "\xFE\xFF" "\0x" "\xD8\x00" "\0y";
    r = render(be, sizeof be - 1);
    assert_string_equal(r, "-|text|x\xEF\xBF\xBDy;");
    free(r);
    /* FF FE before UTF-8 text is not UTF-16 */
    static const char stray[] = "\xFF\xFEplain words here";
    r = render(stray, sizeof stray - 1);
    assert_string_equal(r, "-|text|\xFF\xFEplain words here;");
    free(r);
}

static void
telegram_entities_and_accounts(void **state)
{
    (void)state;
    static const char one[] =
        "{\n \"name\": \"c\", \"type\": \"personal_chat\", \"id\": 9,\n \"messages\": [\n"
        "  {\"id\": 1, \"type\": \"message\", \"date\": \"d\", \"from\": \"A\", \"text\": "
        "[\"x \", {\"type\": \"bold\", \"text\": \"y\"}, \" z\"]},\n"
        "  {\"id\": 2, \"type\": \"service\", \"date\": \"d\", \"actor\": \"B\", \"text\": \"\"}\n"
        " ]\n}\n";
    char *r = render(one, sizeof one - 1);
    assert_string_equal(r, "1|telegram|x y z;");
    free(r);
    static const char all[] =
        "{\n \"chats\": {\"list\": [\n"
        "  {\"name\": \"a\", \"type\": \"public_channel\", \"id\": 5, \"messages\": "
        "[{\"id\": 3, \"type\": \"message\", \"date\": \"d\", \"text\": \"t1\"}]},\n"
        "  {\"name\": \"b\", \"type\": \"personal_chat\", \"id\": 6, \"messages\": "
        "[{\"id\": 3, \"type\": \"message\", \"date\": \"d\", \"text\": \"t2\"}]}\n"
        " ]}\n}\n";
    r = render(all, sizeof all - 1);
    assert_string_equal(r, "5/3|telegram|t1;6/3|telegram|t2;");
    free(r);
    /* find one message by id, with its url */
    tt_source *s = NULL;
    assert_int_equal(tt_source_open_mem(&s, NULL, all, sizeof all - 1, NULL), 0);
    const tt_source_item *it;
    assert_int_equal(tt_source_find(s, "5/3", &it), 1);
    assert_string_equal(it->text, "t1");
    assert_string_equal(it->url, "https://t.me/c/5/3");
    tt_source_free(s);
    assert_int_equal(tt_source_open_mem(&s, NULL, all, sizeof all - 1, NULL), 0);
    assert_int_equal(tt_source_find(s, "7/3", &it), 0);
    assert_null(it);
    tt_source_free(s);
    /* the reader owns the item it hands out: one struct, refilled, NULL at the end */
    assert_int_equal(tt_source_open_mem(&s, NULL, all, sizeof all - 1, NULL), 0);
    const tt_source_item *first = NULL;
    assert_int_equal(tt_source_next(s, &first), 1);
    assert_string_equal(first->id, "5/3");
    assert_int_equal(tt_source_next(s, &it), 1);
    assert_ptr_equal(it, first);
    assert_string_equal(it->id, "6/3");
    assert_string_equal(it->text, "t2");
    assert_int_equal(tt_source_next(s, &it), 0);
    assert_null(it);
    tt_source_free(s);
}

static void
zips_nest_three_deep_at_most(void **state)
{
    (void)state;
    size_t n1, n2, n3, n4;
    char *z1 = zip1("t.txt", "deep text", 9, &n1);
    char *z2 = zip1("1.zip", z1, n1, &n2);
    char *z3 = zip1("2.zip", z2, n2, &n3);
    char *r = render(z3, n3);
    assert_string_equal(r, "2.zip:1.zip:t.txt|text|deep text;");
    free(r);
    char *z4 = zip1("3.zip", z3, n3, &n4);
    r = render(z4, n4);
    assert_string_equal(r, "3.zip:2.zip:1.zip|limit|!a container nested more than 3 deep "
                           "(limit): not read;");
    free(r);
    free(z1);
    free(z2);
    free(z3);
    free(z4);
}

static void
office_xml_entities_not_expanded(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e \"EXPANDED\">"
        "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>one&e;&x;</w:t><w:tab/>"
        "<w:t>two</w:t></w:r></w:p><w:p><w:r><w:delText>gone</w:delText><w:t>three</w:t>"
        "</w:r></w:p></w:body></w:document>";
    size_t n;
    char *z = zip1("word/document.xml", xml, sizeof xml - 1, &n);
    char *r = render(z, n);
    assert_string_equal(r, "-|docx|one\ttwo\nthree\n;");
    free(r);
    free(z);
}

static void
warc_truncated_record_noted(void **state)
{
    (void)state;
    static const char w[] = "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:ab>\r\n"
                            "WARC-Target-URI: https://x/y.txt\r\nContent-Length: 5\r\n\r\n"
                            "hello\r\n\r\n"
                            "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 99\r\n\r\nshort";
    char *r = render(w, sizeof w - 1);
    assert_string_equal(r, "ab|text|hello;-|warc|!WARC record at byte 126 runs past the end;");
    free(r);
}

static void
mail_quoted_printable_and_base64(void **state)
{
    (void)state;
    static const char m[] = "From: A <a@x>\r\nSubject: s\r\nMessage-ID: <m1@x>\r\n"
                            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
                            "--B\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                            "Island=E2=80=99s soft=\r\nbreak\r\n"
                            "--B\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
                            "Content-Transfer-Encoding: base64\r\n\r\nY2Fm6Q==\r\n--B--\r\n";
    char *r = render(m, sizeof m - 1);
    assert_string_equal(r, "m1@x|eml|Subject: s\n\nIsland\xE2\x80\x99s softbreak\n\ncaf\xC3\xA9;");
    free(r);
}

/* a Telegram-style array that is not all text leaves nothing behind for the next field */
static void
jsonl_fields_in_order(void **state)
{
    (void)state;
    static const char j[] = "{\"text\": [\"a\", 5], \"content\": \"b\"}\n"
                            "{\"message\": {\"text\": [\"c\", {\"type\": \"bold\", \"text\": \"d\"}]}}\n"
                            "{\"id\": 7, \"text\": \"e\"}\n";
    char *r = render(j, sizeof j - 1);
    assert_string_equal(r, "-|jsonl|b;-|jsonl|cd;7|jsonl|e;");
    free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf16_with_surrogates_and_stray_bom),
        cmocka_unit_test(telegram_entities_and_accounts),
        cmocka_unit_test(zips_nest_three_deep_at_most),
        cmocka_unit_test(office_xml_entities_not_expanded),
        cmocka_unit_test(warc_truncated_record_noted),
        cmocka_unit_test(mail_quoted_printable_and_base64),
        cmocka_unit_test(jsonl_fields_in_order),
    };
    return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
