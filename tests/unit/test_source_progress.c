/* SPDX-License-Identifier: Apache-2.0 */
/* test_source_progress.c: the progress callback of tt_source_opts (version 2): over a plain
 * file read in pieces, JSON lines and a whole-read export, the bytes told only grow, come at
 * most once per 64 KiB and end at the file's size, which is also the total; a version-1
 * struct is still read (without progress), another version is refused; the report structs
 * (tt_report_item, tt_report_origin) refuse other versions too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/report.h"
#include "telltale/source.h"

typedef struct seen {
    uint64_t last, total;
    size_t calls;
    int backwards;
} seen;

static void
count(void *arg, uint64_t done, uint64_t total)
{
    seen *s = arg;
    if (done < s->last)
        s->backwards = 1;
    s->last = done;
    s->total = total;
    s->calls++;
}

/* Write data to a temporary file, read it as a source with progress, return what was told. */
static seen
read_with_progress(const char *data, size_t len, size_t *items)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    rewind(f);
    seen s = {0};
    tt_source_opts o = TT_SOURCE_OPTS_INIT;
    o.progress = count;
    o.progress_arg = &s;
    tt_source *src = NULL;
    assert_int_equal(tt_source_open_file(&src, "t", f, &o), 0);
    const tt_source_item *it;
    int rc;
    *items = 0;
    while ((rc = tt_source_next(src, &it)) == 1)
        *items += !it->partial;
    assert_int_equal(rc, 0);
    tt_source_free(src);
    fclose(f);
    return s;
}

static void
plain_text_told_to_the_end(void **state)
{
    (void)state;
    size_t len = (3u << 20) + 12345;
    char *d = malloc(len);
    assert_non_null(d);
    for (size_t i = 0; i < len; i++)
        d[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
    size_t items;
    seen s = read_with_progress(d, len, &items);
    assert_int_equal(items, 1);
    assert_false(s.backwards);
    assert_int_equal(s.last, len);
    assert_int_equal(s.total, len);
    assert_true(s.calls >= 2);
    assert_true(s.calls <= len / 65536 + 2);
    free(d);
}

static void
jsonl_told_to_the_end(void **state)
{
    (void)state;
    char *d = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&d, &len);
    for (int i = 0; i < 5000; i++)
        fprintf(m, "{\"id\": %d, \"text\": \"post number %d with some words in it\"}\n", i, i);
    fclose(m);
    size_t items;
    seen s = read_with_progress(d, len, &items);
    assert_int_equal(items, 5000);
    assert_false(s.backwards);
    assert_int_equal(s.last, len);
    assert_int_equal(s.total, len);
    free(d);
}

static void
whole_read_told_to_the_end(void **state)
{
    (void)state;
    char *d = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&d, &len);
    fputs("{\"name\": \"x\", \"type\": \"personal_chat\", \"id\": 1, \"messages\": [", m);
    for (int i = 0; i < 3000; i++)
        fprintf(m, "%s{\"id\": %d, \"type\": \"message\", \"date\": \"2024-01-01T00:00:00\", "
                   "\"from\": \"A\", \"text\": \"message %d\"}",
                i ? "," : "", i, i);
    fputs("]}\n", m);
    fclose(m);
    size_t items;
    seen s = read_with_progress(d, len, &items);
    assert_int_equal(items, 3000);
    assert_false(s.backwards);
    assert_int_equal(s.last, len);
    assert_int_equal(s.total, len);
    free(d);
}

static void
versions(void **state)
{
    (void)state;
    const char text[] = "some text";
    tt_source_opts o = TT_SOURCE_OPTS_INIT;
    tt_source *src = NULL;
    o.version = 1; /* a caller built before progress: still read */
    assert_int_equal(tt_source_open_mem(&src, NULL, text, sizeof text - 1, &o), 0);
    tt_source_free(src);
    src = NULL;
    o.version = 3;
    assert_int_equal(tt_source_open_mem(&src, NULL, text, sizeof text - 1, &o), TT_EINVAL);
    assert_non_null(strstr(tt_source_errmsg(src), "options of version 3"));
    tt_source_free(src);

    tt_scan_report *r = NULL;
    assert_int_equal(tt_scan_report_new(&r, 0), 0);
    tt_report_origin og = TT_REPORT_ORIGIN_INIT;
    og.made = "2026-01-01T00:00:00Z";
    assert_int_equal(tt_scan_report_set_origin(r, &og), 0);
    og.version = 0;
    assert_int_equal(tt_scan_report_set_origin(r, &og), TT_EINVAL);
    tt_report_item it = TT_REPORT_ITEM_INIT;
    it.version = 7;
    tt_finding f;
    memset(&f, 0, sizeof f);
    assert_int_equal(tt_scan_report_add_item(r, &it, &f, NULL), TT_EINVAL);
    char *html = NULL;
    assert_int_equal(tt_scan_report_html(r, 1, &html, NULL), 0);
    assert_non_null(strstr(html, "2026-01-01T00:00:00Z"));
    free(html);
    tt_scan_report_free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text_told_to_the_end),
        cmocka_unit_test(jsonl_told_to_the_end),
        cmocka_unit_test(whole_read_told_to_the_end),
        cmocka_unit_test(versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
