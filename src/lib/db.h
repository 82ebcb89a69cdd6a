/* SPDX-License-Identifier: Apache-2.0 */
/*
 * db.h: what the vault's init and open (vault.c) use of the database core (db.c) beyond
 * vault_internal.h: opening vault.db, reading and migrating its schema.
 */
#ifndef TT_DB_H
#define TT_DB_H

#include "vault_handle.h"

/* The schema version this telltale writes (the number of migrations). */
int tt_db__schema(void);
/* Open v->dir/vault.db with SQLite flags (foreign keys on, the busy timeout set). */
int tt_db__open(tt_vault *v, int flags);
/* PRAGMA user_version into *out. */
int tt_db__user_version(tt_vault *v, int *out);
/* Bring the schema to tt_db__schema(), one transaction per step; TT_ENOTVAULT for a newer
 * schema. */
int tt_db__migrate(tt_vault *v);
/* 1 when meta says this is a telltale vault, 0 when not, or a TT_E* code when it could not
 * be read (out of memory is not "not a vault"). */
int tt_db__is_vault(tt_vault *v);

#endif
