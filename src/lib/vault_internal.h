/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_internal.h: what library modules (index, scan, verify, trace, issue) may use of the
 * vault beyond the public API: its error record, transactions, and the typed accessors of the
 * store modules.  The store modules (db.c, vault.c, audit.c, bind.c, vault_docs.c,
 * vault_recipients.c, copies.c, index_store.c, findings.c) alone hold the database handle and write SQL
 * (vault_handle.h); every other module asks them typed questions through the functions here,
 * and scripts/check-api fails the build when one names sqlite3 or holds an SQL statement.
 * The schema is owned by db.c (see docs/FORMATS.md).
 */
#ifndef TT_VAULT_INTERNAL_H
#define TT_VAULT_INTERNAL_H

#include <stdint.h>

#include "common.h"
#include "telltale/vault.h"

/* The error record of the handle, for tt__error(tt_vault__err(v), ...). */
tt_err *tt_vault__err(tt_vault *v);
/* The 32-byte marking key, loaded into sodium_malloc'd read-only memory on first use and
 * wiped when the vault is freed.  *out stays valid until tt_vault_free(). */
int tt_vault__mark_key(tt_vault *v, const unsigned char **out);
/* Transactions (nestable by depth count; only the outermost commits). */
int tt_vault__begin(tt_vault *v);
int tt_vault__commit(tt_vault *v);
void tt_vault__rollback(tt_vault *v);
/* Make the indexes of `table` (findings, copies or background) if they are not there: called
 * before a row is written to it (migration 8 leaves an empty table without them; db.c). */
int tt_vault__lazy_indexes(tt_vault *v, const char *table);
/* The database row id of a document id (or unique prefix). */
int tt_vault__doc_row(tt_vault *v, const char *id, int64_t *out_row);

/* ---- the audit log (audit.c) ---- */

/* How many `trace` entries of the log name document `doc` (*out_doc), and of those how many
 * carry text digest `sha256` (hex; *out_same), from a walk that verifies the whole chain and
 * its signed head (TT_ETAMPER when it does not). */
int tt_audit__count_traces(tt_vault *v, const char *doc, const char *sha256, int64_t *out_doc,
                           int64_t *out_same);

/* ---- documents (vault_docs.c) ---- */

/* The document at database row `row`, as marking needs it: its id into id[24], whether it is
 * Markdown, its extracted text (*text, NUL-terminated, *len bytes) and its label (or title
 * when it has none) into *label; the caller frees *text and *label.  TT_ENOENT for no such
 * row. */
int tt_vault__doc_body(tt_vault *v, int64_t row, char id[24], int *markdown, char **text,
                       size_t *len, char **label);
/* The row of the vault's document whose id, followed by '-', begins the file name `name`
 * (a copy's name, DOC-recipient.txt), into *out_row; 0 there when none. */
int tt_vault__doc_row_of_file(tt_vault *v, const char *name, int64_t *out_row);
/* The veto patterns of the document at row `row`, sorted, as a malloc'd array of malloc'd
 * strings (free each, then the array); *out is NULL when there are none. */
int tt_vault__vetoes(tt_vault *v, int64_t row, char ***out, size_t *out_n);
/* Add (add = 1) or remove the veto `pattern` of the document at row `row`; *out_changed is
 * 0 when there was nothing to do (adding one there already, removing one that is not). */
int tt_vault__veto_put(tt_vault *v, int64_t row, const char *pattern, int add,
                       int *out_changed);

/* ---- copies (copies.c) ---- */

/* One issued copy as the issuer and trace read it back. */
typedef struct tt_copy_rec {
    int64_t id;        /* copies.id */
    int64_t recipient; /* the recipient's row */
    char *name;        /* the recipient's name, NULL when its row is gone */
    char *channels;    /* channel names the copy was marked with */
    char *params;      /* the marking parameters (mark.c) */
    char *path;        /* where it was written, NULL when unknown */
    char sha256[65];
    char issued[32];
} tt_copy_rec;

/* Every copy of the document at row `doc_row`, oldest first; free with tt_copies__free(). */
int tt_copies__of_doc(tt_vault *v, int64_t doc_row, tt_copy_rec **out, size_t *out_n);
void tt_copies__free(tt_copy_rec *c, size_t n);
/* The first copy issued with SHA-256 `sha` (hex): its id into *out_id (0 when none), its
 * document's id into doc[24] and its recipient's name into *out_name (malloc'd). */
int tt_copies__by_sha(tt_vault *v, const char *sha, int64_t *out_id, char doc[24],
                      char **out_name);
/* 1 in *out when a copy of the document at row doc_row with SHA-256 `sha` is on record. */
int tt_copies__recorded(tt_vault *v, int64_t doc_row, const char *sha, int *out);
/* Record a copy (or, when this document, recipient and SHA-256 are on record, its new path)
 * and return its row id in *out_id.  Inside the caller's transaction. */
int tt_copies__record(tt_vault *v, int64_t doc_row, int64_t recipient, const char *channels,
                      const char *params, const char *sha, const char *path, const char *issued,
                      int64_t *out_id);

#endif
