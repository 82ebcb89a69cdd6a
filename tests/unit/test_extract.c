/* SPDX-License-Identifier: Apache-2.0 */
/* test_extract.c: PDFs and images of pages into text (extract.h): sniffing by content, a
 * PDF's own text with word boxes, a scanned PDF read by OCR, PNG/JPEG/TIFF pages through the
 * clean-up and Tesseract, the same result with one or several page workers, the limits
 * checked before decoding, unreadable words and pages, and damaged input.  Pages are
 * rendered here with pango and cairo (DejaVu Serif) and written with cairo and leptonica. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "telltale/extract.h"

static const char TEXT[] = "The survey completed in March estimated that repairing the old "
                           "depot would cost 4.2 million, more than the new building.";
static const char *const ONE[] = {TEXT};
/* three pages under one running header, which is page furniture, not text */
static const char *const PAGES[] = {
    "Depot report, page 1\nThe survey completed in March estimated the cost of repairs.",
    "Depot report, page 2\nThe board therefore decided that the depot should move.",
    "Depot report, page 3\nThe lease has been signed for twenty years."};

typedef struct membuf {
    unsigned char *d;
    size_t n;
} membuf;

static cairo_status_t
mem_write(void *closure, const unsigned char *data, unsigned int length)
{
    membuf *m = closure;
    unsigned char *p = realloc(m->d, m->n + length);
    if (!p)
        return CAIRO_STATUS_WRITE_ERROR;
    memcpy(p + m->n, data, length);
    m->d = p;
    m->n += length;
    return CAIRO_STATUS_SUCCESS;
}

#define PAGE_W 320.0
#define PAGE_H 110.0

static void
draw(cairo_t *cr, const char *text)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, 20, 20);
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Serif 11");
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)((PAGE_W - 40) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_text(l, text, -1);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

/* A page image of text at dpi (RGB24). */
static cairo_surface_t *
raster(const char *text, double dpi)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(PAGE_W * dpi / 72),
                                                    (int)(PAGE_H * dpi / 72));
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, dpi / 72, dpi / 72);
    draw(cr, text);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

/* A PDF: the text itself (scanned = 0) or an image of it (scanned = 1). */
static membuf
make_pdf(const char *text, int scanned)
{
    membuf m = {0};
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(mem_write, &m, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(pdf);
    if (scanned) {
        cairo_surface_t *img = raster(text, 200);
        cairo_scale(cr, 72.0 / 200, 72.0 / 200);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_surface_destroy(img);
    } else {
        draw(cr, text);
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(pdf);
    return m;
}

static membuf
make_png(const char *text, double dpi)
{
    membuf m = {0};
    cairo_surface_t *s = raster(text, dpi);
    assert_int_equal(cairo_surface_write_to_png_stream(s, mem_write, &m), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return m;
}

static PIX *
grey_page(const char *text, double dpi)
{
    cairo_surface_t *s = raster(text, dpi);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    PIX *p = pixCreate(w, h, 8);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            pixSetPixel(p, x, y, d[(size_t)y * (size_t)stride + 4 * (size_t)x + 1]);
    cairo_surface_destroy(s);
    return p;
}

/* A JPEG of text, or a TIFF of pages: page i shows texts[i] (texts[0] when texts has one). */
static membuf
make_pix(const char *const *texts, double dpi, int format, int pages)
{
    PIX *p = grey_page(texts[0], dpi);
    membuf m = {0};
    if (format == IFF_JFIF_JPEG) {
        assert_int_equal(pixWriteMem(&m.d, &m.n, p, IFF_JFIF_JPEG), 0);
    } else {
        PIXA *pa = pixaCreate(pages);
        pixaAddPix(pa, p, L_COPY);
        for (int i = 1; i < pages; i++)
            pixaAddPix(pa, grey_page(texts[i], dpi), L_INSERT);
        /* leptonica's multipage writer goes through a file */
        char path[] = "/tmp/tt-test-extract-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        assert_int_equal(pixaWriteMultipageTiff(path, pa), 0);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        m.n = (size_t)ftell(f);
        rewind(f);
        m.d = malloc(m.n);
        assert_int_equal(fread(m.d, 1, m.n, f), m.n);
        fclose(f);
        unlink(path);
        pixaDestroy(&pa);
    }
    pixDestroy(&p);
    return m;
}

/* The words of s, one space between them. */
static char *
words_of(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t') {
            space = o != out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static tt_extract *
extract_ok(const membuf *m, const tt_extract_opts *o)
{
    tt_extract *x = NULL;
    int rc = tt_extract_new(&x, m->d, m->n, o);
    if (rc)
        fail_msg("extract failed: %s", tt_extract_errmsg(x));
    return x;
}

/* Every word's span lies in the text, in order, and its bytes are the word. */
static void
check_words(const tt_extract *x)
{
    size_t len, prev = 0;
    const char *t = tt_extract_text(x, &len);
    for (size_t i = 0; i < tt_extract_nwords(x); i++) {
        const tt_xword *w = tt_extract_word(x, i);
        assert_true(w->start >= prev && w->end <= len && w->start < w->end);
        prev = w->end;
        for (size_t k = w->start; k < w->end; k++)
            assert_false(t[k] == ' ' || t[k] == '\n');
        const tt_xpage *p = tt_extract_page(x, w->page);
        assert_true(w->x0 >= 0 && w->x1 <= p->width + 1 && w->x0 < w->x1);
        assert_true(w->y0 >= 0 && w->y1 <= p->height + 1 && w->y0 < w->y1);
    }
}

static void
sniffs_by_content(void **state)
{
    (void)state;
    assert_int_equal(tt_media_sniff("%PDF-1.7\n", 9), TT_MEDIA_PDF);
    assert_int_equal(tt_media_sniff("junk before\n%PDF-1.4", 20), TT_MEDIA_PDF);
    assert_int_equal(tt_media_sniff("\x89PNG\r\n\x1a\n....", 12), TT_MEDIA_PNG);
    assert_int_equal(tt_media_sniff("\xFF\xD8\xFF\xE0", 4), TT_MEDIA_JPEG);
    assert_int_equal(tt_media_sniff("II*\0", 4), TT_MEDIA_TIFF);
    assert_int_equal(tt_media_sniff("MM\0*", 4), TT_MEDIA_TIFF);
    assert_int_equal(tt_media_sniff("plain text about a PDF", 22), TT_MEDIA_TEXT);
    assert_int_equal(tt_media_sniff("\x89PNG", 4), TT_MEDIA_TEXT); /* cut short */
    assert_int_equal(tt_media_sniff(NULL, 0), TT_MEDIA_TEXT);
    /* past the first 1024 bytes a "%PDF-" is text that mentions one */
    char big[1100];
    memset(big, 'a', sizeof big);
    memcpy(big + 1050, "%PDF-", 5);
    assert_int_equal(tt_media_sniff(big, sizeof big), TT_MEDIA_TEXT);
    tt_extract *x = NULL;
    assert_int_equal(tt_extract_new(&x, "just text", 9, NULL), TT_EFORMAT);
    assert_string_equal(tt_extract_errmsg(x), "not a PDF or an image");
    tt_extract_free(x);
    tt_extract_free(NULL);
}

static void
pdf_text_with_boxes(void **state)
{
    (void)state;
    membuf m = make_pdf(TEXT, 0);
    tt_extract *x = extract_ok(&m, NULL);
    assert_int_equal(tt_extract_media(x), TT_MEDIA_PDF);
    assert_int_equal(tt_extract_npages(x), 1);
    const tt_xpage *p = tt_extract_page(x, 0);
    assert_int_equal(p->ocr, 0);
    assert_int_equal(p->conf, 100);
    assert_int_equal(p->width, (int)PAGE_W);
    char *w = words_of(tt_extract_text(x, NULL));
    assert_string_equal(w, TEXT);
    free(w);
    assert_int_equal(tt_extract_nwords(x), 20);
    check_words(x);
    /* words run left to right on a line, and the second line is below the first */
    const tt_xword *a = tt_extract_word(x, 0), *b = tt_extract_word(x, 1);
    assert_true(a->x1 <= b->x0 && a->y0 < b->y1 && b->y0 < a->y1);
    const tt_xword *last = tt_extract_word(x, tt_extract_nwords(x) - 1);
    assert_true(last->y0 > a->y1);
    tt_extract_free(x);
    free(m.d);
}

static void
scanned_pdf_falls_back_to_ocr(void **state)
{
    (void)state;
    membuf m = make_pdf(TEXT, 1);
    tt_extract *x = extract_ok(&m, NULL);
    const tt_xpage *p = tt_extract_page(x, 0);
    assert_int_equal(p->ocr, 1);
    assert_true(p->readable);
    assert_true(p->conf >= 80);
    char *w = words_of(tt_extract_text(x, NULL));
    assert_string_equal(w, TEXT);
    free(w);
    check_words(x);
    tt_extract_free(x);
    free(m.d);
}

static void
images_are_read(void **state)
{
    (void)state;
    membuf pages[3] = {make_png(TEXT, 150), make_pix(ONE, 200, IFF_JFIF_JPEG, 1),
                       make_png(TEXT, 96)};
    for (int i = 0; i < 3; i++) {
        tt_extract *x = extract_ok(&pages[i], NULL);
        assert_int_equal(tt_extract_npages(x), 1);
        assert_int_equal(tt_extract_readable_pages(x), 1);
        char *w = words_of(tt_extract_text(x, NULL));
        assert_string_equal(w, TEXT);
        free(w);
        check_words(x);
        /* the 96 dpi screenshot has small letters: read at twice its size */
        assert_true(tt_extract_page(x, 0)->scale == (i == 2 ? 2.0 : 1.0));
        tt_extract_free(x);
        free(pages[i].d);
    }
}

static void
tiff_pages_same_with_any_workers(void **state)
{
    (void)state;
    membuf m = make_pix(PAGES, 150, IFF_TIFF_LZW, 3);
    tt_extract_opts one = {0}, three = {0};
    three.threads = 3;
    tt_extract *x = extract_ok(&m, &one), *y = extract_ok(&m, &three);
    assert_int_equal(tt_extract_media(x), TT_MEDIA_TIFF);
    assert_int_equal(tt_extract_npages(x), 3);
    size_t lx, ly;
    const char *tx = tt_extract_text(x, &lx), *ty = tt_extract_text(y, &ly);
    assert_int_equal(lx, ly);
    assert_memory_equal(tx, ty, lx);
    assert_int_equal(tt_extract_nwords(x), tt_extract_nwords(y));
    check_words(x);
    /* the running header is gone; the pages are joined by an empty line, in order */
    assert_null(strstr(tx, "Depot report"));
    char *w = words_of(tx);
    assert_string_equal(w, "The survey completed in March estimated the cost of repairs. The "
                           "board therefore decided that the depot should move. The lease has "
                           "been signed for twenty years.");
    free(w);
    assert_non_null(strstr(tx, "repairs.\n\nThe board"));
    assert_int_equal(tt_extract_word(x, 10)->page, 1);
    assert_int_equal(tt_extract_page(x, 2)->nwords, 8);
    /* more pages than allowed: refused before any is read */
    tt_extract_opts two = {0};
    two.max_pages = 2;
    tt_extract *z = NULL;
    assert_int_equal(tt_extract_new(&z, m.d, m.n, &two), TT_EINVAL);
    assert_string_equal(tt_extract_errmsg(z), "the TIFF image has more than 2 pages");
    tt_extract_free(z);
    tt_extract_free(x);
    tt_extract_free(y);
    free(m.d);
}

static void
limits_before_decoding(void **state)
{
    (void)state;
    membuf png = make_png(TEXT, 150), jpg = make_pix(ONE, 150, IFF_JFIF_JPEG, 1);
    tt_extract_opts small = {0};
    small.max_pixels = 1000;
    tt_extract *x = NULL;
    assert_int_equal(tt_extract_new(&x, png.d, png.n, &small), TT_EINVAL);
    assert_string_equal(tt_extract_errmsg(x),
                        "the image is too large (666 x 229 pixels; the limit is 1000)");
    tt_extract_free(x);
    assert_int_equal(tt_extract_new(&x, jpg.d, jpg.n, &small), TT_EINVAL);
    assert_non_null(strstr(tt_extract_errmsg(x), "the image is too large"));
    tt_extract_free(x);
    small.max_pixels = 0;
    small.max_bytes = 100;
    assert_int_equal(tt_extract_new(&x, png.d, png.n, &small), TT_EINVAL);
    assert_non_null(strstr(tt_extract_errmsg(x), "the file is too large"));
    tt_extract_free(x);
    /* a rendered PDF page is scaled down to the limit, not refused */
    membuf pdf = make_pdf(TEXT, 1);
    small.max_bytes = 0;
    small.max_pixels = 1500000;
    x = extract_ok(&pdf, &small);
    const tt_xpage *p = tt_extract_page(x, 0);
    assert_true((double)p->width * p->height / (p->scale * p->scale) <= 1500000.0);
    tt_extract_free(x);
    free(png.d);
    free(jpg.d);
    free(pdf.d);
}

static void
unreadable_words_and_pages(void **state)
{
    (void)state;
    membuf m = make_png(TEXT, 150);
    /* nothing is sure enough: every word stands as U+FFFD, none is guessed */
    tt_extract_opts strict = {0};
    strict.min_word_conf = 100;
    strict.min_page_conf = 1;
    tt_extract *x = extract_ok(&m, &strict);
    size_t len;
    const char *t = tt_extract_text(x, &len);
    size_t unread = 0;
    for (size_t i = 0; i < tt_extract_nwords(x); i++) {
        const tt_xword *w = tt_extract_word(x, i);
        if (!w->readable) {
            assert_int_equal(w->end - w->start, 3);
            assert_memory_equal(t + w->start, "\xEF\xBF\xBD", 3);
            unread++;
        }
    }
    assert_true(unread >= tt_extract_nwords(x) / 2);
    assert_null(strstr(t, "survey"));
    tt_extract_free(x);
    /* a page that cannot be read adds no text and says so */
    strict.min_word_conf = 0;
    strict.min_page_conf = 100;
    x = extract_ok(&m, &strict);
    assert_int_equal(tt_extract_readable_pages(x), 0);
    tt_extract_text(x, &len);
    assert_int_equal(len, 0);
    assert_non_null(strstr(tt_extract_why_empty(x), "nothing readable (1 page, mean OCR"));
    tt_extract_free(x);
    free(m.d);
    /* a blank page: no words at all */
    membuf blank = make_png("", 100);
    x = extract_ok(&blank, NULL);
    assert_string_equal(tt_extract_why_empty(x), "nothing readable (1 page, no words found)");
    tt_extract_free(x);
    free(blank.d);
}

static void
damaged_input(void **state)
{
    (void)state;
    membuf pdf = make_pdf(TEXT, 0), png = make_png(TEXT, 100),
           tif = make_pix(ONE, 100, IFF_TIFF_LZW, 1);
    struct {
        const membuf *m;
        size_t keep;
        const char *why;
    } cases[] = {
        {&pdf, 400, "damaged or truncated PDF"}, {&png, 300, "damaged PNG image"},
        {&png, 40, "damaged PNG image"},         {&tif, 200, "damaged TIFF image"},
        {&tif, 9, "damaged TIFF image"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        tt_extract *x = NULL;
        int rc = tt_extract_new(&x, cases[i].m->d, cases[i].keep, NULL);
        assert_int_equal(rc, TT_EFORMAT);
        assert_non_null(strstr(tt_extract_errmsg(x), cases[i].why));
        tt_extract_free(x);
    }
    /* every cut of the JPEG either fails with a reason or reads what is there */
    membuf jpg = make_pix(ONE, 100, IFF_JFIF_JPEG, 1);
    for (size_t keep = 3; keep < jpg.n; keep += jpg.n / 5) {
        tt_extract *x = NULL;
        int rc = tt_extract_new(&x, jpg.d, keep, NULL);
        assert_true(rc == 0 || (rc == TT_EFORMAT && *tt_extract_errmsg(x)));
        tt_extract_free(x);
    }
    /* Tesseract's data missing: a clear reason */
    tt_extract_opts o = {0};
    o.tessdata = "/nonexistent/tessdata";
    tt_extract *x = NULL;
    assert_int_equal(tt_extract_new(&x, png.d, png.n, &o), TT_EIO);
    assert_non_null(strstr(tt_extract_errmsg(x), "no Tesseract data for English"));
    tt_extract_free(x);
    free(pdf.d);
    free(png.d);
    free(tif.d);
    free(jpg.d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sniffs_by_content),
        cmocka_unit_test(pdf_text_with_boxes),
        cmocka_unit_test(scanned_pdf_falls_back_to_ocr),
        cmocka_unit_test(images_are_read),
        cmocka_unit_test(tiff_pages_same_with_any_workers),
        cmocka_unit_test(limits_before_decoding),
        cmocka_unit_test(unreadable_words_and_pages),
        cmocka_unit_test(damaged_input),
    };
    return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
