/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_extract.h: the property check shared by the extract front ends' fuzz targets
 * (fuzz_extract_pdf.c, fuzz_extract_image.c), which differ only in the bytes they hand it.
 * On every input: no crash, no leak; a failure has a message; on success the text has no NUL
 * and ends in one, there is a page and no more readable pages than pages, every word's byte
 * span lies inside the text, in order, on a page that exists and among that page's words, a
 * readable word's bytes are never U+FFFD, every confidence is 0..100, and an empty text says
 * why, and a kept page image is a PNG within its byte limit and 1200 pixels wide.  Limits are small (4 pages, 2 million pixels, 1 MiB) so a scanned page stays cheap.
 * Aborts on any violation.
 */
#ifndef TT_FUZZ_EXTRACT_H
#define TT_FUZZ_EXTRACT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/extract.h"

static void
fuzz_extract_check(const uint8_t *data, size_t size)
{
    tt_extract_opts o = {0};
    o.max_pages = 4;
    o.max_pixels = 2000000;
    o.max_bytes = 1 << 20;
    o.page_image_max = 256 << 10; /* the page images a report shows */
    tt_extract *x = NULL;
    int rc = tt_extract_new(&x, data, size, &o);
    if (rc) {
        if (rc >= 0 || !x || !*tt_extract_errmsg(x))
            abort();
        tt_extract_free(x);
        return;
    }
    size_t len;
    const char *t = tt_extract_text(x, &len);
    if (!t || t[len] != '\0' || memchr(t, '\0', len))
        abort();
    size_t np = tt_extract_npages(x), prev = 0;
    if (np == 0 || tt_extract_readable_pages(x) > np)
        abort();
    for (size_t i = 0; i < tt_extract_nwords(x); i++) {
        const tt_xword *w = tt_extract_word(x, i);
        if (!w || w->start > w->end || w->end > len || w->start < prev || w->page >= np)
            abort();
        prev = w->end;
        const tt_xpage *p = tt_extract_page(x, w->page);
        if (i < p->first_word || i >= p->first_word + p->nwords)
            abort();
        if (w->readable && w->end - w->start == 3 && memcmp(t + w->start, "\xEF\xBF\xBD", 3) == 0)
            abort();
        if (w->conf < 0 || w->conf > 100)
            abort();
    }
    if (len == 0 && !*tt_extract_why_empty(x))
        abort();
    for (size_t i = 0; i < np; i++) {
        size_t pl = 0;
        int pw = 0, ph = 0;
        const unsigned char *png = tt_extract_page_png(x, i, &pl, &pw, &ph);
        if (png && (pl < 8 || pl > o.page_image_max || memcmp(png, "\x89PNG", 4) != 0 ||
                    pw <= 0 || ph <= 0 || pw > 1200))
            abort();
    }
    tt_extract_free(x);
}

#endif
