/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_internal.h: helpers of report_html.c shared inside the library.
 */
#ifndef TT_REPORT_INTERNAL_H
#define TT_REPORT_INTERNAL_H

#include "common.h"

/* Is cp an invisible format character: zero-width space, non-joiner and joiner, word joiner
 * and the other invisible operators, bidi marks, embeddings, overrides and isolates, soft
 * hyphen, BOM, interlinear annotation?  (What the unicode channel of a marked copy inserts,
 * and what a hostile text uses to reorder or hide what a reader sees.) */
int tt_report__invisible(uint32_t cp);

/* How many such characters s[0..n) holds (invalid UTF-8 is skipped). */
size_t tt_report__count_invisible(const char *s, size_t n);

#endif
