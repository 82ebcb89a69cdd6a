/* SPDX-License-Identifier: Apache-2.0 */
/* test_page_png.c: the page images tt_extract keeps for reports (tt_extract_opts.
 * page_image_max, tt_extract_page_png()): none unless asked; a PNG at most 1200 pixels wide
 * whose size matches the page's box space in proportion; under a small byte limit a smaller
 * image or none, never one over the limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "telltale/extract.h"

/* A one-page PDF with a line of Helvetica text (poppler rebuilds the missing xref). */
static const char pdf[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
    "4 0 R >> >> /Contents 5 0 R >> endobj\n"
    "4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
    "5 0 obj << /Length 88 >> stream\n"
    "BT /F1 14 Tf 60 760 Td (The depot moves to Harlow Ridge before the end of June.) Tj ET\n"
    "endstream endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";

static void
kept_only_when_asked(void **state)
{
    (void)state;
    tt_extract *x = NULL;
    tt_extract_opts o = {0};
    assert_int_equal(tt_extract_new(&x, pdf, sizeof pdf - 1, &o), 0);
    assert_int_equal(tt_extract_npages(x), 1);
    assert_null(tt_extract_page_png(x, 0, NULL, NULL, NULL));
    tt_extract_free(x);

    o.page_image_max = 1 << 20;
    assert_int_equal(tt_extract_new(&x, pdf, sizeof pdf - 1, &o), 0);
    size_t len = 0;
    int w = 0, h = 0;
    const unsigned char *png = tt_extract_page_png(x, 0, &len, &w, &h);
    assert_non_null(png);
    assert_true(len > 8 && len <= (1u << 20));
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    assert_true(w > 0 && w <= 1200);
    const tt_xpage *pg = tt_extract_page(x, 0);
    /* the same proportions as the page's box space (595 x 842 points) */
    double r = (double)w / h, rp = (double)pg->width / pg->height;
    assert_true(r > rp * 0.98 && r < rp * 1.02);
    assert_null(tt_extract_page_png(x, 1, NULL, NULL, NULL));
    tt_extract_free(x);
}

static void
small_limit(void **state)
{
    (void)state;
    tt_extract *x = NULL;
    tt_extract_opts o = {0};
    o.page_image_max = 1 << 20;
    assert_int_equal(tt_extract_new(&x, pdf, sizeof pdf - 1, &o), 0);
    size_t big = 0;
    int wbig = 0;
    assert_non_null(tt_extract_page_png(x, 0, &big, &wbig, NULL));
    tt_extract_free(x);

    o.page_image_max = big - 1;
    assert_int_equal(tt_extract_new(&x, pdf, sizeof pdf - 1, &o), 0);
    size_t len = 0;
    int w = 0;
    const void *png = tt_extract_page_png(x, 0, &len, &w, NULL);
    if (png) {
        assert_true(len <= big - 1);
        assert_true(w < wbig);
    }
    tt_extract_free(x);

    o.page_image_max = 16; /* no PNG is that small */
    assert_int_equal(tt_extract_new(&x, pdf, sizeof pdf - 1, &o), 0);
    assert_null(tt_extract_page_png(x, 0, NULL, NULL, NULL));
    tt_extract_free(x);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kept_only_when_asked),
        cmocka_unit_test(small_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
