/* SPDX-License-Identifier: Apache-2.0 */
/*
 * print.h: a copy's text laid out as a print-ready PDF (cairo + pango), for issue --format
 * pdf.  Implemented by print.c, which owns every use of cairo and pango for writing.
 *
 * The page: A4 or US Letter, one-inch margins, DejaVu Sans 11 pt (fonts-dejavu-core; chosen
 * for OCR: a sans face with distinct I, l and 1, O and 0, and open word spaces), embedded as
 * a subset; a header on every page with the document's label at the left and "page N of M"
 * at the right, in 9 pt.  The text is reflowed: the lines of a paragraph that was wrapped by
 * hand (a line at least 60% as long as the longest line) are joined, short lines (an address
 * block, a heading) and empty lines are kept.  The bytes depend only on the inputs and the
 * installed fonts: the PDF's creation date is fixed (2000-01-01) rather than the clock's.
 */
#ifndef TT_PRINT_H
#define TT_PRINT_H

#include "common.h"

enum { TT_PAPER_A4 = 0, TT_PAPER_LETTER = 1 };

/* Parse "a4" or "letter" (case does not matter) into *out.  Returns 0 or TT_EINVAL. */
int tt_print__paper(const char *name, int *out);

/* Append the PDF of text[0..len) to out.  label may be NULL or empty (no label shown).
 * Returns 0, or TT_ENOMEM / TT_EIO (cairo failed) with err set. */
int tt_print__pdf(tt_buf *out, const char *text, size_t len, const char *label, int paper,
                  tt_err *err);

#endif
