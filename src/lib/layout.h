/* SPDX-License-Identifier: Apache-2.0 */
/*
 * layout.h: reading the layout channel (slots.h: word spaces drawn narrow or wide in a PDF
 * copy) from the word boxes of a page: a PDF's own text or the OCR of a scan, a photo or a
 * screenshot (extract.h).  Implemented by layout.c; used by trace.c.
 *
 * A slot is the space between two words of the original.  It is read where both words were
 * aligned (the leak's words to the original's), each is one whole readable word box, and the
 * two boxes are neighbours on one line of the page.  Its reading is relative, so scale,
 * rotation (the boxes are of the deskewed page), perspective and light cancel out: the pitch
 * of the two boxes (the mean of their left-to-left and right-to-right distances, so ink that
 * spreads or thins under blur and binarization cancels too) against the pitch the printed
 * face gives the same two words (print.h, tt_print__word), over the scale in pixels per
 * point, fitted as a plane a + b x + c y over the page from every aligned pair of
 * neighbours (a few hundred on a page) and refitted once with the shifts read taken out.
 * What is left is the shift: wider than the face's space by more than 0.15 pt reads 1,
 * narrower reads 0, anything nearer (or beyond three shifts: a misread box) is unreadable
 * and never guessed; so is every slot of a page with fewer than four measured pitches.
 */
#ifndef TT_LAYOUT_H
#define TT_LAYOUT_H

#include "common.h"
#include "mark.h"
#include "telltale/extract.h"
#include "text.h"

/* The reading: how many layout slots were measured, and of those how many read 0 or 1. */
typedef struct tt_layout_stats {
    size_t measured, read;
} tt_layout_stats;

/* Read the layout slots of m from the word boxes of x.  ot is the original (m->text), lt the
 * leak, x->text's; map[w] is the leak word aligned to original word w (UINT32_MAX: none).
 * bits[s] is set to 0 or 1 for the layout slots read and left alone for the others.
 * Returns 0 or TT_ENOMEM (err set). */
int tt_layout__read(const tt_mark *m, const tt_text *ot, const tt_text *lt, const uint32_t *map,
                    const tt_extract *x, int8_t *bits, tt_layout_stats *st, tt_err *err);

#endif
