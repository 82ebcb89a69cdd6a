/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pages.c: the page image an HTML report shows when the leak is a PDF or an image (cli.h,
 * cli_report_page): of the pages tt_extract read, the one on which most of the matched words
 * lie, with the boxes of those words scaled into the pixels of the PNG it kept
 * (tt_extract_opts.page_image_max).  The report draws them (report.h, tt_report_page).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/extract.h"
#include "telltale/report.h"

int
cli_report_page(const tt_extract *x, const uint64_t *spans, size_t nspans, tt_report_page *pg,
                int **boxes)
{
    *boxes = NULL;
    size_t np = tt_extract_npages(x), nw = tt_extract_nwords(x), best = SIZE_MAX, bestn = 0;
    if (!np || !nspans)
        return -1;
    size_t *count = calloc(np, sizeof *count);
    if (!count)
        return -1;
    /* a word is matched when it overlaps a span (spans in order: a merge walk) */
    size_t s = 0;
    for (size_t i = 0; i < nw; i++) {
        const tt_xword *w = tt_extract_word(x, i);
        if (!w->readable || w->end <= w->start || w->page >= np)
            continue;
        while (s < nspans && spans[2 * s + 1] <= w->start)
            s++;
        if (s < nspans && spans[2 * s] < w->end)
            count[w->page]++;
        else if (s >= nspans)
            break;
    }
    for (size_t p = 0; p < np; p++)
        if (count[p] > bestn && tt_extract_page_png(x, p, NULL, NULL, NULL)) {
            best = p;
            bestn = count[p];
        }
    free(count);
    if (best == SIZE_MAX)
        return -1;
    const tt_xpage *page = tt_extract_page(x, best);
    memset(pg, 0, sizeof *pg);
    pg->png = tt_extract_page_png(x, best, &pg->png_len, &pg->width, &pg->height);
    pg->page = (unsigned)best;
    if (!(*boxes = calloc(bestn * 4 + 1, sizeof **boxes)))
        return -1;
    double fx = page->width > 0 ? (double)pg->width / page->width : 1;
    double fy = page->height > 0 ? (double)pg->height / page->height : 1;
    s = 0;
    for (size_t i = page->first_word; i < page->first_word + page->nwords && i < nw; i++) {
        const tt_xword *w = tt_extract_word(x, i);
        if (!w->readable || w->end <= w->start)
            continue;
        while (s < nspans && spans[2 * s + 1] <= w->start)
            s++;
        if (s >= nspans || spans[2 * s] >= w->end || pg->nboxes >= bestn)
            continue;
        int *q = *boxes + 4 * pg->nboxes++;
        q[0] = (int)(w->x0 * fx);
        q[1] = (int)(w->y0 * fy);
        q[2] = (int)(w->x1 * fx + 0.999);
        q[3] = (int)(w->y1 * fy + 0.999);
    }
    pg->boxes = *boxes;
    return 0;
}

int
cli_file_page(cli *c, const char *file, const char *text, size_t len, const uint64_t *spans,
              size_t nspans, tt_extract **x, tt_report_page *pg, int **boxes)
{
    *x = NULL;
    *boxes = NULL;
    if (!nspans || strcmp(file, "-") == 0 || cli_input_is_item(file))
        return -1;
    char head[16];
    FILE *f = fopen(file, "rb");
    size_t n = f ? fread(head, 1, sizeof head, f) : 0;
    if (f)
        fclose(f);
    if (!n || tt_media_sniff(head, n) == TT_MEDIA_TEXT)
        return -1;
    char *data = NULL;
    size_t dlen = 0;
    if (cli_read_file(file, &data, &dlen) != 0) {
        free(data);
        return -1;
    }
    tt_extract_opts xo = c->xopts;
    xo.page_image_max = (size_t)1 << 20;
    int rc = tt_extract_new(x, data, dlen, &xo);
    free(data);
    size_t tl = 0;
    const char *t = rc == 0 ? tt_extract_text(*x, &tl) : NULL;
    if (!t || tl != len || memcmp(t, text, tl) != 0)
        return -1;
    return cli_report_page(*x, spans, nspans, pg, boxes);
}
