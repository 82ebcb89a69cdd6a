/* SPDX-License-Identifier: Apache-2.0 */
/*
 * watch.h: continuous monitoring: the findings the vault keeps, the cursors of watched
 * sources, and the exported detection index that lets a worker scan without a vault.
 *
 * Findings are recorded exactly once: a row is identified by (source, post, document, both
 * spans), so recording the same finding again (a post delivered twice, a worker restarted
 * after a kill) adds nothing.  tt_findings_record() writes the rows, an audit entry naming
 * the new ones, and optionally a source's cursor, in one transaction: after a crash either
 * all of it is in the vault or none, so a restarted watcher that resumes from the cursor
 * neither loses nor doubles a finding.  The entry binds each new row (its digest), so the
 * record of what was found cannot be edited or pruned unnoticed (tt_vault_check).
 *
 * The exported index (tt_index_export / tt_index_import) is the read-only detection index
 * plus the registered documents' texts (needed to align a match), signed with the vault's
 * Ed25519 key.  It holds no key: a worker given it can find leaks, not mark or trace copies.
 * It is as confidential as the documents themselves (mode 0600).
 */
#ifndef TELLTALE_WATCH_H
#define TELLTALE_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/scan.h"
#include "telltale/telltale.h"
#include "telltale/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One recorded finding.  Strings are owned by the row (tt_finding_rows_free) when it comes
 * from tt_findings_list(); for tt_findings_record() they are the caller's. */
typedef struct tt_finding_row {
    int64_t id;            /* row id (set by tt_findings_list) */
    char *source;          /* the watched source: a file path, "-", "nats:STREAM" */
    char *post;            /* the post's id in its source */
    char doc[24];          /* the registered document */
    uint64_t leak_start, leak_end, doc_start, doc_end; /* the spans, bytes, half-open */
    size_t matched_words;
    double coverage;
    double chance;
    char fingerprint[17];  /* as scan --json prints it */
    char time[32];         /* when recorded, UTC ISO 8601 (set by the library) */
    char *json;            /* the finding as one line of scan --json */
} tt_finding_row;

/* Record n findings, an audit entry "findings" listing those that were new (none when no
 * row is new), and, when cursor_source is not NULL, set that source's cursor to
 * cursor_value: all in one transaction.  *out_new (may be NULL) receives how many rows were
 * new.  0, TT_EINVAL, TT_EBUSY, TT_EDB, TT_ENOMEM; the message is on v. */
TT_API int tt_findings_record(tt_vault *v, const tt_finding_row *rows, size_t n,
                              const char *cursor_source, const char *cursor_value,
                              size_t *out_new);

/* The findings recorded at or after since (ISO 8601 UTC, a prefix such as "2026-11-27" is
 * fine; NULL: all) of document doc (an id or a unique prefix; NULL: all), oldest first.
 * Every row is first checked against the signed audit log (each is bound by the entry that
 * recorded it): TT_ETAMPER, listing nothing, when a row was edited, added or deleted outside
 * telltale.  Free with tt_finding_rows_free(). */
TT_API int tt_findings_list(tt_vault *v, const char *since, const char *doc,
                            tt_finding_row **out, size_t *out_n);
TT_API void tt_finding_rows_free(tt_finding_row *rows, size_t n);

/* The cursor of a watched source: *out is a malloc'd copy, or NULL when none was set. */
TT_API int tt_watch_cursor_get(tt_vault *v, const char *source, char **out);

/* Write the audit entry that closes a run of `telltale watch` (action "watch": the source
 * kind "folder", "stdin" or "nats", the posts read, the findings seen and the new ones
 * recorded) or of `telltale collect` (action "collect": findings received and recorded; posts
 * and source are not logged).  The library composes the entry, as it does for every action. */
TT_API int tt_watch_log_run(tt_vault *v, const char *action, const char *source,
                            unsigned long long posts, unsigned long long findings,
                            unsigned long long recorded);

/* ---- the exported detection index ---- */

/* Write the index of v (tt_index_open) and the texts of its documents to path (mode 0600,
 * replaced atomically), signed with the vault's key, and log it ("export-index", with the
 * number of documents).  *out_docs (may be NULL) receives how many documents it holds.
 * Errors are on v. */
TT_API int tt_index_export(tt_vault *v, const char *path, size_t *out_docs);

/* Load an exported index after checking its signature against the public key in
 * pubkey_text (the text of the exporting vault's vault.pub, minisign's format).  The index
 * is standalone: scanners over it take v = NULL.  On failure *out is NULL and err (at least
 * 256 bytes) holds the reason: TT_EIO, TT_EFORMAT (not an exported index, or one from
 * another build), TT_ECRYPTO (signature missing, wrong or by another key), TT_ENOMEM. */
TT_API int tt_index_import(tt_index **out, const char *path, const char *pubkey_text,
                           char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
