/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract.h: the text of a PDF or an image of a page, with where each word stood.
 *
 * A leak is often not text: a PDF, a scan, a phone photo of a printed page, a screenshot.
 * tt_extract_new() turns such bytes into the one text model the rest of the library reads
 * (UTF-8 text; words separated by a space, lines by "\n", paragraphs and pages by "\n\n"),
 * and keeps for each word its page, its box in that page's pixels and how sure the reader
 * was of it.  What the input is comes from its first bytes, never from a file name
 * (tt_media_sniff): "%PDF-" within the first 1024 bytes, the PNG signature, FF D8 FF for
 * JPEG, "II*\0" or "MM\0*" for TIFF; anything else is text and is not handled here.
 *
 * PDFs are read with poppler: a page's own text and each character's box.  A page without
 * text (a scanned page) is rendered at 300 dpi (less when that would pass max_pixels) and
 * read as an image.  Images (PNG, JPEG, every page of a TIFF) are cleaned with leptonica
 * (grey, a small one scaled up 2x, 3x3 median filter, background flattened, deskewed,
 * binarized) and read by Tesseract (English), one Tesseract instance per worker thread,
 * pages shared among `threads` workers.  A word Tesseract is less than min_word_conf sure
 * of is unreadable: it stands in the text as U+FFFD, never as a guess, and its tt_xword says
 * readable = 0.  A page whose mean confidence is below min_page_conf, or with no words, is
 * unreadable as a whole: it adds no text and its tt_xpage says readable = 0.
 *
 * Limits, checked before any decoding: the input's size (max_bytes), the number of pages
 * (max_pages), and each page image's width x height from the file's header (max_pixels), so
 * a decompression bomb is refused without being unpacked.  An encrypted PDF that needs a
 * password, a truncated or damaged file, and an image over the limits are errors with a
 * one-line reason; a file with nothing readable in it is not an error: the result has no
 * text and tt_extract_readable_pages() is 0, and the caller says so.
 *
 * The library never reads the environment: the CLI reads TESSDATA_PREFIX and passes it as
 * `tessdata`, and sets OMP_THREAD_LIMIT=1 before any Tesseract starts (Tesseract's own
 * OpenMP threads would fight the page workers).  With tessdata NULL the library looks for
 * Debian's /usr/share/tesseract-ocr/VERSION/tessdata.  Neither poppler, leptonica nor
 * Tesseract prints anything through this module: their messages are silenced.
 */
#ifndef TELLTALE_EXTRACT_H
#define TELLTALE_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tt_media {
    TT_MEDIA_TEXT = 0, /* not a PDF and not an image: the caller reads it as text */
    TT_MEDIA_PDF,
    TT_MEDIA_PNG,
    TT_MEDIA_JPEG,
    TT_MEDIA_TIFF,
} tt_media;

/* What data[0..len) is, from its first bytes only. */
TT_API tt_media tt_media_sniff(const void *data, size_t len);

/* "text", "PDF", "PNG", "JPEG" or "TIFF". */
TT_API const char *tt_media_name(tt_media m);

/* Options; zero means the default given. */
typedef struct tt_extract_opts {
    const char *tessdata; /* directory holding eng.traineddata (or its parent); NULL: Debian's */
    size_t max_bytes;     /* largest input: 256 MiB */
    uint64_t max_pixels;  /* largest page image, width x height: 64,000,000 */
    unsigned max_pages;   /* most pages: 500 */
    unsigned threads;     /* OCR workers: 1 */
    int min_word_conf;    /* a word below this confidence (0-100) is unreadable: 50 */
    int min_page_conf;    /* a page whose mean word confidence is below this is unreadable: 40 */
} tt_extract_opts;

/* One page.  Boxes are in the pixels of the image that was read: for an image page the
 * cleaned image (scaled by `scale` from the input's pixels, deskewed), for a PDF text page
 * the page at 72 dpi (PDF points, origin top left). */
typedef struct tt_xpage {
    int width, height; /* of the coordinate space of the boxes */
    double scale;      /* box pixels per input pixel (1, or 2 for a small image) */
    int ocr;           /* 1: read by OCR; 0: the PDF's own text */
    int conf;          /* mean word confidence 0-100 (100 for a PDF's own text) */
    int readable;      /* 0: nothing on this page could be read */
    size_t first_word; /* its words are first_word .. first_word + nwords - 1 */
    size_t nwords;
} tt_xpage;

/* One word: its bytes in the text, its page and box, and whether it could be read. */
typedef struct tt_xword {
    size_t start, end;  /* byte span in tt_extract_text() */
    unsigned page;      /* 0-based */
    int x0, y0, x1, y1; /* box, x1 and y1 exclusive */
    int conf;           /* 0-100 */
    int readable;       /* 0: stands as U+FFFD in the text */
} tt_xword;

typedef struct tt_extract tt_extract;

/*
 * Read data[0..len), a PDF or an image (tt_media_sniff() is not TT_MEDIA_TEXT), into *out.
 * Returns 0, or TT_EFORMAT (not a PDF or image, damaged, encrypted), TT_EINVAL (over a
 * limit), TT_EIO (no Tesseract data), TT_ENOMEM.  On failure *out is still set when the
 * handle could be made, so tt_extract_errmsg() says why (a reason, without the file's name:
 * the caller names it); free it either way.  data is not kept after the call.
 */
TT_API int tt_extract_new(tt_extract **out, const void *data, size_t len,
                          const tt_extract_opts *opts);
TT_API const char *tt_extract_errmsg(const tt_extract *x);
TT_API void tt_extract_free(tt_extract *x);

TT_API tt_media tt_extract_media(const tt_extract *x);
/* The text, NUL-terminated, valid until tt_extract_free(); empty when nothing was readable. */
TT_API const char *tt_extract_text(const tt_extract *x, size_t *len);
TT_API size_t tt_extract_npages(const tt_extract *x);
TT_API size_t tt_extract_readable_pages(const tt_extract *x);
TT_API const tt_xpage *tt_extract_page(const tt_extract *x, size_t i);
TT_API size_t tt_extract_nwords(const tt_extract *x);
TT_API const tt_xword *tt_extract_word(const tt_extract *x, size_t i);

/* "nothing readable (3 pages, mean OCR confidence 21%)" and the like: one line saying why
 * a result has no text, for the caller's message.  Valid until tt_extract_free(). */
TT_API const char *tt_extract_why_empty(const tt_extract *x);

/*
 * The options the vault's commands (add, verify, trace) use when an input is a PDF or an
 * image.  Copied; the tessdata string too.  Returns 0 or TT_ENOMEM.
 */
typedef struct tt_vault tt_vault;
TT_API int tt_vault_set_extract(tt_vault *v, const tt_extract_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
