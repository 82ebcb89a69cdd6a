/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_internal.h: helpers of report_html.c shared inside the library.
 */
#ifndef TT_REPORT_INTERNAL_H
#define TT_REPORT_INTERNAL_H

#include "common.h"

/* How many invisible format characters (tt_utf8_invisible()) s[0..n) holds (invalid UTF-8 is
 * skipped). */
size_t tt_report__count_invisible(const char *s, size_t n);

#endif
