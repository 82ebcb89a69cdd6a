/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bind.h: records bound to the signed audit log (bind.c).  Every row that verify or trace
 * rests on (documents, recipients, copies, vetoes, background batches, the marking key, the
 * findings watch records) has
 * a digest; the audit entry that writes or changes it carries ["kind", "key", "digest"] in
 * its "bind" list (or ["kind", "key"] in "unbind" when it removes it), so the signed chain
 * says what each record must be.  These functions compute digests for writers and check
 * records against a replay of the log for readers.  Used by the vault's own files and by
 * mark.c, trace.c, verify.c, index.c and findings.c.
 */
#ifndef TT_BIND_H
#define TT_BIND_H

#include <jansson.h>
#include <stdint.h>

#include "telltale/vault.h"

/* Record kinds (the first element of a bind triple). */
#define TT_BIND_DOC "doc"
#define TT_BIND_RECIPIENT "recipient"
#define TT_BIND_COPY "copy"
#define TT_BIND_VETO "veto"
#define TT_BIND_BACKGROUND "background"
#define TT_BIND_MARK_KEY "mark_key"
#define TT_BIND_FINDING "finding" /* a row of findings (watch, collect), key: its id */

/* Key of a copy record: "DOC/ID" (DOC the document id, ID the copy's row id), into out[48]. */
void tt_bind__copy_key(char out[48], const char *doc, int64_t id);
/* Key of a veto record: "DOC<TAB>PATTERN", malloc'd (NULL when out of memory). */
char *tt_bind__veto_key(const char *doc, const char *pattern);

/* The digest (64 hex digits) of the record kind/key as the vault holds it now, into out.
 * TT_ENOENT (not recorded on v) when there is no such record. */
int tt_bind__digest(tt_vault *v, const char *kind, const char *key, char out[65]);
/* Append [kind, key, digest-of-the-record-now] to the JSON array binds. */
int tt_bind__push(tt_vault *v, json_t *binds, const char *kind, const char *key);
/* The fingerprint of the marking key (public: BLAKE2b of a domain and the key), out[65]. */
int tt_bind__mark_key_fp(tt_vault *v, char out[65]);

/* Checks on use: 0 when the records match the signed log, TT_ETAMPER naming the first record
 * that does not (or an error of reading).  Each replays the log once per change of it. */
/* One record kind/key. */
int tt_bind__check(tt_vault *v, const char *kind, const char *key);
/* The document doc (id), its copies (both ways: every copy row is logged, every logged copy
 * is there), the recipients of those copies, and its vetoes. */
int tt_bind__check_doc(tt_vault *v, const char *doc);
/* The marking key file. */
int tt_bind__check_mark_key(tt_vault *v);
/* Before searching the index for the document a leak comes from: the background batches,
 * and every logged document still registered (a deleted document or a forged background
 * cannot make a leak look unrelated, or make another document its best match). */
int tt_bind__check_registry(tt_vault *v);

/* Every findings row against the log, both ways (an edited, forged or deleted finding), before
 * `findings` answers (findings.c). */
int tt_bind__check_findings(tt_vault *v);

/* A vault upgraded from before schema 4: unless the log binds records already, append one
 * "rebind" entry binding every record as it is now (it cannot prove the past; FORMATS.md).
 * A log that does not verify is left as it is.  Called by tt_vault_open(). */
int tt_bind__rebind(tt_vault *v);

/* The cached replay on the handle (vault_handle.h); freed by tt_vault_free and by every
 * append to the log. */
void tt_bind__forget(tt_vault *v);

#endif
