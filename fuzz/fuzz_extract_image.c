/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_extract_image.c: the image front end (extract.h): PNG, JPEG and TIFF headers and
 * decoders, the pixel limit, leptonica's clean-up and Tesseract, on any bytes.  The first
 * byte picks the signature put in front of the rest (0: the input as it is, 1: PNG, 2: JPEG,
 * 3: TIFF little-endian, 4: TIFF big-endian), so mutations land inside the decoders.
 * Properties: those of fuzz_extract_pdf.c (no crash, no leak, a failure has a message, word
 * spans inside the text and in order, a readable word is never U+FFFD); limits are small
 * (2 million pixels, 4 pages).  Aborts on any violation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const uint8_t *data, size_t size)
{
    tt_extract_opts o = {0};
    o.max_pages = 4;
    o.max_pixels = 2000000;
    o.max_bytes = 1 << 20;
    tt_extract *x = NULL;
    int rc = tt_extract_new(&x, data, size, &o);
    if (rc) {
        if (rc >= 0 || !x || !*tt_extract_errmsg(x))
            abort();
        tt_extract_free(x);
        return;
    }
    size_t len, prev = 0;
    const char *t = tt_extract_text(x, &len);
    if (!t || t[len] != '\0' || memchr(t, '\0', len))
        abort();
    size_t np = tt_extract_npages(x);
    if (np == 0 || tt_extract_readable_pages(x) > np)
        abort();
    for (size_t i = 0; i < tt_extract_nwords(x); i++) {
        const tt_xword *w = tt_extract_word(x, i);
        if (!w || w->start > w->end || w->end > len || w->start < prev || w->page >= np)
            abort();
        prev = w->end;
        if (w->readable && w->end - w->start == 3 && memcmp(t + w->start, "\xEF\xBF\xBD", 3) == 0)
            abort();
        if (w->conf < 0 || w->conf > 100)
            abort();
    }
    tt_extract_free(x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        const char *sig;
        size_t n;
    } sigs[] = {{"", 0}, {"\x89PNG\r\n\x1a\n", 8}, {"\xFF\xD8\xFF", 3}, {"II*\0", 4}, {"MM\0*", 4}};
    if (size == 0)
        return 0;
    size_t k = data[0] % 5;
    uint8_t *d = malloc(size - 1 + sigs[k].n + 1);
    if (!d)
        return 0;
    memcpy(d, sigs[k].sig, sigs[k].n);
    memcpy(d + sigs[k].n, data + 1, size - 1);
    check(d, sigs[k].n + size - 1);
    free(d);
    return 0;
}
