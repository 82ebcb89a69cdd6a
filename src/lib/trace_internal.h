/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trace_internal.h: the slot reader of trace.c, for the bench and tests that simulate leaks
 * without a vault.
 */
#ifndef TT_TRACE_INTERNAL_H
#define TT_TRACE_INTERNAL_H

#include "align.h"
#include "mark.h"
#include "text.h"

/* Read every slot of m in the leak (text model lt of bytes leak, aligned to ot, the model of
 * m->text, by al): bits[s] = 0, 1 or -1 (unreadable); *covered counts the slots whose
 * window the alignment covers.  Returns 0 or TT_ENOMEM. */
int tt_trace__read(const tt_mark *m, const tt_text *ot, const tt_text *lt, const char *leak,
                   const tt_alignment *al, int8_t *bits, size_t *covered);

#endif
