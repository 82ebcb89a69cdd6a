/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_handle.h: the tt_vault handle itself and its database, shared by the store modules
 * only (db.c, vault.c, audit.c, bind.c, vault_docs.c, vault_recipients.c, copies.c,
 * index_store.c; strays.c reads the key id).  Other library modules use vault_internal.h.
 *
 * Invariants: db is open for the life of the handle; depth counts open transactions (the
 * outermost is BEGIN IMMEDIATE, inner ones are savepoints); the keys are keys.c's record,
 * whose secret halves tt_vault_free() wipes; log_gen changes with every audit append, so a
 * cache of the replayed log (binds) knows it is stale.
 */
#ifndef TT_VAULT_HANDLE_H
#define TT_VAULT_HANDLE_H

#include <sqlite3.h>

#include "common.h"
#include "telltale/extract.h"
#include "keys.h"
#include "telltale/vault.h"

#define TT_VAULT_DB "vault.db"
#define TT_VAULT_SECRET TT_KEYS_SECRET
#define TT_VAULT_MARK TT_KEYS_MARK
#define TT_VAULT_PUB TT_KEYS_PUB

struct tt_vault {
    char *dir;
    sqlite3 *db;
    tt_err err;
    int depth;               /* open transactions */
    int busy_ms;             /* SQLite busy timeout (tt_vault_open_options) */
    tt_keys keys;            /* the vault's keys (keys.c) */
    unsigned long log_gen;   /* audit appends so far (audit.c) */
    struct tt_binds *binds;  /* the replayed bind lists of the log (bind.c), or NULL */
    tt_extract_opts xopts;   /* PDFs and images (tt_vault_set_extract); tessdata owned */
};

/* The database handle (owned by the vault); for the store modules only (vault_internal.h). */
sqlite3 *tt_vault__db(tt_vault *v);
/* Record the current SQLite error on v and return TT_EDB (or TT_EBUSY). */
int tt_vault__dberr(tt_vault *v, const char *what);
/* "dir/name", malloc'd, or NULL. */
char *tt_vault__path(const tt_vault *v, const char *name);
/* Current UTC time as ISO 8601 ("2024-05-01T12:00:00Z") into out[32]. */
void tt_vault__now(char out[32]);
/* Replay the audit log after entry from_seq, whose hash (hex) is from_hash (0 and NULL: the
 * whole log): check every entry's hash and its link to the one before (the first walked to
 * from_hash) and the signed head (not each entry's signature: the chain and the head prove
 * them), calling fn for each entry in order; fn's non-zero return stops the replay and is
 * returned.  TT_ETAMPER when the log does not verify.  On success *out_seq and out_hash (each
 * may be NULL) get the last entry's seq and hash, the signed head's. */
int tt_audit__replay(tt_vault *v, int64_t from_seq, const char *from_hash,
                     int (*fn)(void *ctx, int64_t seq, const char *action, const char *args),
                     void *ctx, int64_t *out_seq, char out_hash[65]);

#endif
