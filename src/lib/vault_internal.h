/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_internal.h: what library modules (index, scan, trace, issue) may use of the vault
 * beyond the public API.  The schema is owned by vault.c (see docs/FORMATS.md).
 */
#ifndef TT_VAULT_INTERNAL_H
#define TT_VAULT_INTERNAL_H

#include <sqlite3.h>

#include "common.h"
#include "telltale/vault.h"

/* The database handle (owned by the vault). */
sqlite3 *tt_vault__db(tt_vault *v);
/* The error record of the handle, for tt__error(tt_vault__err(v), ...). */
tt_err *tt_vault__err(tt_vault *v);
/* Record the current SQLite error on v and return TT_EDB (or TT_EBUSY). */
int tt_vault__dberr(tt_vault *v, const char *what);
/* The 32-byte marking key, loaded into sodium_malloc'd read-only memory on first use and
 * wiped when the vault is freed.  *out stays valid until tt_vault_free(). */
int tt_vault__mark_key(tt_vault *v, const unsigned char **out);
/* Transactions (nestable by depth count; only the outermost commits). */
int tt_vault__begin(tt_vault *v);
int tt_vault__commit(tt_vault *v);
void tt_vault__rollback(tt_vault *v);
/* The database row id of a document id (or unique prefix). */
int tt_vault__doc_row(tt_vault *v, const char *id, int64_t *out_row);

#endif
