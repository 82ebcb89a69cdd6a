/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_priv.h: the tt_vault handle itself, shared by the vault's own files only (vault.c,
 * keys.c, audit.c, docs.c, recipients.c).  Other library modules use vault_internal.h.
 *
 * Invariants: db is open for the life of the handle; depth counts open transactions (the
 * outermost is BEGIN IMMEDIATE, inner ones are savepoints); sk and mk are NULL until first
 * use, then point to sodium_malloc'd read-only memory that tt_vault_free() wipes.
 */
#ifndef TT_VAULT_PRIV_H
#define TT_VAULT_PRIV_H

#include <sqlite3.h>

#include "common.h"
#include "telltale/extract.h"
#include "telltale/vault.h"

#define TT_VAULT_DB "vault.db"
#define TT_VAULT_SECRET "secret.key"
#define TT_VAULT_MARK "mark.key"
#define TT_VAULT_PUB "vault.pub"

struct tt_vault {
    char *dir;
    sqlite3 *db;
    tt_err err;
    int depth;               /* open transactions */
    unsigned char pk[32];    /* Ed25519 public key, from vault.pub */
    unsigned char keyid[8];  /* minisign key id (little-endian bytes as in the files) */
    char keyid_hex[17];      /* the key id as minisign prints it */
    unsigned char *sk;       /* 64-byte Ed25519 secret key, read-only, or NULL */
    unsigned char *mk;       /* 32-byte marking key, read-only, or NULL */
    struct tt_binds *binds;  /* the replayed bind lists of the log (bind.c), or NULL */
    tt_extract_opts xopts;   /* PDFs and images (tt_vault_set_extract); tessdata owned */
};

/* "dir/name", malloc'd, or NULL. */
char *tt_vault__path(const tt_vault *v, const char *name);
/* Current UTC time as ISO 8601 ("2024-05-01T12:00:00Z") into out[32]. */
void tt_vault__now(char out[32]);
/* Replay the audit log: check every entry's hash and link and the signed head (not each
 * entry's signature: the chain and the head prove them), calling fn for each entry in order;
 * fn's non-zero return stops the replay and is returned.  TT_ETAMPER when the log does not
 * verify. */
int tt_audit__replay(tt_vault *v,
                     int (*fn)(void *ctx, int64_t seq, const char *action, const char *args),
                     void *ctx);

#endif
