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

/* A word space drawn wider (points > 0) or narrower than the font's: the layout channel
 * (slots.h).  at is the byte of the space in the text given to tt_print__pdf. */
typedef struct tt_print_shift {
    size_t at;
    double points;
} tt_print_shift;

/* Append the PDF of text[0..len) to out.  label may be NULL or empty (no label shown).
 * shifts[0..nshifts), sorted by at, widen or narrow single spaces; the lines are broken as
 * without them, so a shift moves only the words after it on its line.  A shift at a byte
 * that is not a space inside a line (the space became a line break) draws nothing.
 * Returns 0, or TT_ENOMEM / TT_EIO (cairo failed, or cairo or pango cannot be loaded:
 * dynlib.h) with err set. */
int tt_print__pdf(tt_buf *out, const char *text, size_t len, const char *label, int paper,
                  const tt_print_shift *shifts, size_t nshifts, tt_err *err);

/* The reference metrics of the printed face (layout.c reads the layout channel with them):
 * for word[0..len) set in the body font, its ink left edge and ink width, and its advance
 * (logical width), in points; and the advance of a space.  A handle keeps the font
 * machinery; tt_print__metrics_free(NULL) does nothing.  tt_print__metrics_new returns 0,
 * or TT_ENOMEM / TT_EIO (cairo or pango cannot be loaded, dynlib.h) with err set. */
typedef struct tt_print_metrics tt_print_metrics;
int tt_print__metrics_new(tt_print_metrics **out, tt_err *err);
void tt_print__metrics_free(tt_print_metrics *pm);
void tt_print__word(tt_print_metrics *pm, const char *word, size_t len, double *ink_x,
                    double *ink_w, double *advance);
double tt_print__space(const tt_print_metrics *pm);

#endif
