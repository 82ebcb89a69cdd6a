/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract_internal.h: how the library's own readers (add in vault_docs.c, verify.c, trace.c) take
 * a PDF or an image where they take text (extract.c), and the extract options a vault
 * handle carries (vault.c; set by tt_vault_set_extract).
 */
#ifndef TT_EXTRACT_INTERNAL_H
#define TT_EXTRACT_INTERNAL_H

#include "common.h"
#include "telltale/extract.h"
#include "telltale/vault.h"

/*
 * If data[0..len) is a PDF or an image, read it into *out (caller frees) and return 0;
 * if it is text, leave *out NULL and return 0.  A failure, and an input with nothing
 * readable (TT_EEMPTY), records "cannot VERB 'NAME': why" in err and returns the code.
 */
int tt_extract__read(tt_extract **out, tt_err *err, const tt_extract_opts *o, const char *verb,
                     const char *name, const void *data, size_t len);

/* The options set on v with tt_vault_set_extract (all defaults when never set). */
const tt_extract_opts *tt_vault__extract_opts(const tt_vault *v);

#endif
