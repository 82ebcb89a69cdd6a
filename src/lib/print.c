/* SPDX-License-Identifier: Apache-2.0 */
/*
 * print.c: a copy's text as a print-ready PDF (print.h).
 *
 * Two passes over one pango layout of the reflowed text: the first cuts its lines into pages
 * (a line goes to the next page when its bottom would pass the bottom margin), the second
 * draws each page's lines and its header, now that the page count is known.  Lines are
 * drawn one by one at their layout position, so what pango laid out is what is printed.
 * The layout channel's word spaces (slots.h) are applied between the two passes, to the
 * glyph widths of the spaces, after the lines were broken.  cairo, pango and pangocairo are
 * loaded by the first call that needs them (dynlib.h).
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <strings.h>

#include "print.h"
/* last: cairo's and pango's functions become pointers loaded at first use (dynlib.h) */
#include "dynlib_media.h"

#define MARGIN 72.0   /* points: one inch */
#define HEADER_Y 44.0 /* baseline of the header */
#define FONT "DejaVu Sans 11"
#define HEADER_FONT "DejaVu Sans 9"
#define PRINT_LIBS (TT_DL_CAIRO | TT_DL_PANGO)

int
tt_print__paper(const char *name, int *out)
{
    if (name && strcasecmp(name, "a4") == 0)
        *out = TT_PAPER_A4;
    else if (name && strcasecmp(name, "letter") == 0)
        *out = TT_PAPER_LETTER;
    else
        return TT_EINVAL;
    return 0;
}

/* Join the lines of hand-wrapped paragraphs (print.h).  Each shift's byte is moved to where
 * it lands in out (SIZE_MAX when its byte was dropped). */
static int
reflow(tt_buf *out, const char *s, size_t n, tt_print_shift *sh, size_t nsh)
{
    size_t ks = 0; /* next shift to place */
    size_t longest = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t chars = 0; /* characters, not bytes */
        for (size_t k = i; k < e; k++)
            chars += ((unsigned char)s[k] & 0xC0) != 0x80;
        longest = TT_MAX(longest, chars);
        i = e + 1;
    }
    size_t join = longest * 6 / 10;
    if (join < 30)
        join = 30;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t chars = 0;
        for (size_t k = i; k < e; k++)
            chars += ((unsigned char)s[k] & 0xC0) != 0x80;
        size_t end = e;
        while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
            end--;
        for (; ks < nsh && sh[ks].at < e; ks++)
            sh[ks].at = sh[ks].at >= i && sh[ks].at < end ? out->len + (sh[ks].at - i) : SIZE_MAX;
        if (tt_buf_add(out, s + i, end - i))
            return TT_ENOMEM;
        if (e < n) {
            /* the next line continues this paragraph when this one was wrapped by hand */
            size_t nx = e + 1;
            int next_blank = nx >= n || s[nx] == '\n';
            int next_item = nx < n && (s[nx] == '-' || s[nx] == '*' || s[nx] == '#' ||
                                       s[nx] == '>' || s[nx] == ' ' || s[nx] == '\t');
            if (chars >= join && end > i && !next_blank && !next_item) {
                if (tt_buf_addc(out, ' '))
                    return TT_ENOMEM;
            } else if (tt_buf_addc(out, '\n')) {
                return TT_ENOMEM;
            }
        }
        i = e + 1;
    }
    for (; ks < nsh; ks++)
        sh[ks].at = SIZE_MAX;
    return 0;
}

/* Draw each shifted space wider or narrower: the lines are already broken, so the glyph
 * widths can change without moving a line break (pango_layout_get_lines allows that). */
static void
apply_shifts(PangoLayout *l, const char *flow, const tt_print_shift *sh, size_t nsh)
{
    if (nsh == 0)
        return;
    for (GSList *ln = pango_layout_get_lines(l); ln; ln = ln->next) {
        PangoLayoutLine *line = ln->data;
        for (GSList *r = line->runs; r; r = r->next) {
            PangoGlyphItem *run = r->data;
            for (int g = 0; g < run->glyphs->num_glyphs; g++) {
                size_t at = (size_t)run->item->offset + (size_t)run->glyphs->log_clusters[g];
                if (flow[at] != ' ')
                    continue;
                size_t lo = 0, hi = nsh;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    if (sh[mid].at < at)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (lo < nsh && sh[lo].at == at)
                    run->glyphs->glyphs[g].geometry.width += (int)(sh[lo].points * PANGO_SCALE);
            }
        }
    }
}

static int
shift_cmp(const void *x, const void *y)
{
    const tt_print_shift *a = x, *b = y;
    return a->at < b->at ? -1 : a->at > b->at;
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return tt_buf_add(closure, data, length) ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
layout_new(cairo_t *cr, const char *font, const char *text, int len, double width)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, text, len);
    return l;
}

static void
header(cairo_t *cr, const char *label, int page, int pages, double pw)
{
    char num[64];
    snprintf(num, sizeof num, "page %d of %d", page, pages);
    if (label && *label) {
        PangoLayout *l = layout_new(cr, HEADER_FONT, label, -1, pw - 2 * MARGIN - 100);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(l, 0); /* one line */
        PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
        cairo_move_to(cr, MARGIN, HEADER_Y);
        if (line)
            pango_cairo_show_layout_line(cr, line);
        g_object_unref(l);
    }
    PangoLayout *l = layout_new(cr, HEADER_FONT, num, -1, 0);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    cairo_move_to(cr, pw - MARGIN - (double)w / PANGO_SCALE, HEADER_Y);
    if (line)
        pango_cairo_show_layout_line(cr, line);
    g_object_unref(l);
}

int
tt_print__pdf(tt_buf *out, const char *text, size_t len, const char *label, int paper,
              const tt_print_shift *shifts, size_t nshifts, tt_err *err)
{
    double pw = paper == TT_PAPER_LETTER ? 612.0 : 595.276;
    double ph = paper == TT_PAPER_LETTER ? 792.0 : 841.89;
    double cw = pw - 2 * MARGIN, ch = ph - 2 * MARGIN;
    tt_buf flow;
    tt_buf_init(&flow);
    int *starts = NULL; /* per page: the layout y (Pango units) of its first line's top */
    size_t npages = 0, cap = 0;
    int rc = 0;
    if (len > INT32_MAX / 2)
        return tt__error(err, TT_EINVAL, "the text is too long to print");
    if ((rc = tt_dynlib__need(err, "printing", PRINT_LIBS)) != 0)
        return rc;
    tt_print_shift *sh = nshifts ? malloc(nshifts * sizeof *sh) : NULL;
    if (nshifts && !sh)
        return tt__error(err, TT_ENOMEM, "out of memory");
    if (nshifts)
        memcpy(sh, shifts, nshifts * sizeof *sh);
    if (reflow(&flow, text, len, sh, nshifts) || tt_buf_addc(&flow, '\0')) {
        free(sh);
        tt_buf_release(&flow);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    if (nshifts)
        qsort(sh, nshifts, sizeof *sh, shift_cmp); /* dropped ones (SIZE_MAX) last */
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(to_buf, out, pw, ph);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "telltale");
    if (label && *label)
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, label);
    cairo_t *cr = cairo_create(pdf);
    PangoLayout *l = layout_new(cr, FONT, flow.data, (int)(flow.len - 1), cw);
    apply_shifts(l, flow.data, sh, nshifts);

    /* pass 1: pages */
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int page_top = 0;
    do {
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        if (npages == 0 || (double)(lr.y + lr.height - page_top) / PANGO_SCALE > ch) {
            if (tt__grow(&starts, &cap, npages + 1, sizeof *starts)) {
                rc = tt__error(err, TT_ENOMEM, "out of memory");
                break;
            }
            page_top = npages == 0 ? 0 : lr.y;
            starts[npages++] = page_top;
        }
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);

    /* pass 2: draw */
    if (rc == 0) {
        size_t page = 0;
        it = pango_layout_get_iter(l);
        cairo_set_source_rgb(cr, 0, 0, 0);
        header(cr, label, 1, (int)npages, pw);
        do {
            PangoRectangle lr;
            pango_layout_iter_get_line_extents(it, NULL, &lr);
            while (page + 1 < npages && lr.y >= starts[page + 1]) {
                cairo_show_page(cr);
                page++;
                header(cr, label, (int)page + 1, (int)npages, pw);
            }
            int base = pango_layout_iter_get_baseline(it);
            cairo_move_to(cr, MARGIN + (double)lr.x / PANGO_SCALE,
                          MARGIN + (double)(base - starts[page]) / PANGO_SCALE);
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        cairo_show_page(cr);
    }
    g_object_unref(l);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    cairo_status_t st = cairo_surface_status(pdf);
    cairo_surface_destroy(pdf);
    if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
        rc = tt__error(err, st == CAIRO_STATUS_NO_MEMORY ? TT_ENOMEM : TT_EIO,
                       "cannot make the PDF: %s", cairo_status_to_string(st));
    free(starts);
    free(sh);
    tt_buf_release(&flow);
    return rc;
}

static cairo_status_t
to_nowhere(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

struct tt_print_metrics {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoLayout *layout;
    double space;
};

/* The same surface kind and font as tt_print__pdf, so the metrics are the printed ones
 * (a PDF surface: no hinting, no rounding to pixels). */
int
tt_print__metrics_new(tt_print_metrics **out, tt_err *err)
{
    *out = NULL;
    int rc = tt_dynlib__need(err, "reading the layout channel", PRINT_LIBS);
    if (rc)
        return rc;
    tt_print_metrics *pm = calloc(1, sizeof *pm);
    if (!pm)
        return tt__error(err, TT_ENOMEM, "out of memory");
    pm->surface = cairo_pdf_surface_create_for_stream(to_nowhere, NULL, 595.276, 841.89);
    pm->cr = cairo_create(pm->surface);
    pm->layout = layout_new(pm->cr, FONT, " ", 1, 0);
    if (cairo_status(pm->cr) != CAIRO_STATUS_SUCCESS || !pm->layout) {
        tt_print__metrics_free(pm);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    PangoRectangle lg;
    pango_layout_get_extents(pm->layout, NULL, &lg);
    pm->space = (double)lg.width / PANGO_SCALE;
    *out = pm;
    return 0;
}

void
tt_print__metrics_free(tt_print_metrics *pm)
{
    if (!pm)
        return;
    if (pm->layout)
        g_object_unref(pm->layout);
    cairo_destroy(pm->cr);
    cairo_surface_finish(pm->surface);
    cairo_surface_destroy(pm->surface);
    free(pm);
}

void
tt_print__word(tt_print_metrics *pm, const char *word, size_t len, double *ink_x,
               double *ink_w, double *advance)
{
    PangoRectangle ink, lg;
    pango_layout_set_text(pm->layout, word, (int)len);
    pango_layout_get_extents(pm->layout, &ink, &lg);
    *ink_x = (double)ink.x / PANGO_SCALE;
    *ink_w = (double)ink.width / PANGO_SCALE;
    *advance = (double)lg.width / PANGO_SCALE;
}

double
tt_print__space(const tt_print_metrics *pm)
{
    return pm->space;
}
