/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mkpage: render text into the page files the print and photo tests read: a PDF with text,
 * a PDF of a scanned page (an image only), and PNG, JPEG and TIFF images, with pango and
 * cairo (DejaVu Serif) and leptonica.  Test input only; not installed.
 *
 *   mkpage FORMAT OUT [DPI] < TEXT        FORMAT: pdf | scanpdf | png | jpeg | tiff | tiff2
 *
 * The page is 360 points wide and as tall as the text (small pages keep the OCR tests
 * fast); images are rendered at DPI (default 200).  tiff2 writes the page twice, as a
 * two-page TIFF.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH_PT 360.0
#define MARGIN_PT 24.0

static PangoLayout *
layout_for(cairo_t *cr, const char *text)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Serif 11");
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)((WIDTH_PT - 2 * MARGIN_PT) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_text(l, text, -1);
    return l;
}

/* The page height in points for text. */
static double
height_for(const char *text)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
    cairo_t *cr = cairo_create(s);
    PangoLayout *l = layout_for(cr, text);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return (double)h / PANGO_SCALE + 2 * MARGIN_PT;
}

static void
draw(cairo_t *cr, const char *text)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, MARGIN_PT, MARGIN_PT);
    PangoLayout *l = layout_for(cr, text);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

static cairo_surface_t *
raster(const char *text, double dpi)
{
    double hp = height_for(text);
    int w = (int)(WIDTH_PT * dpi / 72), h = (int)(hp * dpi / 72);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, dpi / 72, dpi / 72);
    draw(cr, text);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static PIX *
to_pix(cairo_surface_t *s, double dpi)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    PIX *p = pixCreate(w, h, 8);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned v;
            memcpy(&v, d + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
            pixSetPixel(p, x, y,
                        (((v >> 16) & 255) * 299 + ((v >> 8) & 255) * 587 + (v & 255) * 114) /
                            1000);
        }
    pixSetResolution(p, (int)dpi, (int)dpi);
    return p;
}

static char *
read_all(FILE *f)
{
    size_t cap = 4096, len = 0, n;
    char *b = malloc(cap);
    while (b && (n = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2)
            b = realloc(b, cap *= 2);
    }
    if (b)
        b[len] = '\0';
    return b;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mkpage pdf|scanpdf|png|jpeg|tiff|tiff2 OUT [DPI] < TEXT\n");
        return 2;
    }
    const char *fmt = argv[1], *out = argv[2];
    double dpi = argc > 3 ? atof(argv[3]) : 200;
    if (!(dpi >= 30 && dpi <= 1200))
        dpi = 200;
    char *text = read_all(stdin);
    if (!text)
        return 2;
    setMsgSeverity(L_SEVERITY_NONE);
    int rc = 0;
    if (strcmp(fmt, "pdf") == 0 || strcmp(fmt, "scanpdf") == 0) {
        double hp = height_for(text);
        cairo_surface_t *pdf = cairo_pdf_surface_create(out, WIDTH_PT, hp);
        cairo_t *cr = cairo_create(pdf);
        if (strcmp(fmt, "pdf") == 0) {
            draw(cr, text);
        } else {
            cairo_surface_t *img = raster(text, dpi);
            cairo_scale(cr, 72 / dpi, 72 / dpi);
            cairo_set_source_surface(cr, img, 0, 0);
            cairo_paint(cr);
            cairo_surface_destroy(img);
        }
        cairo_show_page(cr);
        cairo_destroy(cr);
        cairo_surface_finish(pdf);
        rc = cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS;
        cairo_surface_destroy(pdf);
    } else if (strcmp(fmt, "png") == 0) {
        cairo_surface_t *img = raster(text, dpi);
        rc = cairo_surface_write_to_png(img, out) != CAIRO_STATUS_SUCCESS;
        cairo_surface_destroy(img);
    } else if (strcmp(fmt, "jpeg") == 0 || strcmp(fmt, "tiff") == 0 || strcmp(fmt, "tiff2") == 0) {
        cairo_surface_t *img = raster(text, dpi);
        PIX *p = to_pix(img, dpi);
        if (strcmp(fmt, "jpeg") == 0) {
            rc = pixWrite(out, p, IFF_JFIF_JPEG) != 0;
        } else {
            rc = pixWriteTiff(out, p, IFF_TIFF_LZW, "w") != 0;
            if (!rc && strcmp(fmt, "tiff2") == 0)
                rc = pixWriteTiff(out, p, IFF_TIFF_LZW, "a") != 0;
        }
        pixDestroy(&p);
        cairo_surface_destroy(img);
    } else {
        fprintf(stderr, "mkpage: unknown format '%s'\n", fmt);
        rc = 2;
    }
    free(text);
    if (rc == 1)
        fprintf(stderr, "mkpage: cannot write '%s'\n", out);
    return rc;
}
