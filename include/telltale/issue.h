/* SPDX-License-Identifier: Apache-2.0 */
/*
 * issue.h: marked copies.  Every recipient of a registered document gets a copy that reads
 * the same but differs at the document's slots (the places a copy may differ without
 * changing meaning), each set by one bit of the recipient's codeword in a Tardos code
 * derived from the vault's secret marking key.  Nothing per recipient is stored but their
 * row id; each copy is recorded in the vault (copies table, audit log) and signed.
 *
 * Errors are recorded on the vault handle: read them with tt_vault_errmsg().
 */
#ifndef TELLTALE_ISSUE_H
#define TELLTALE_ISSUE_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"
#include "telltale/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How copies are marked.  Start from TT_MARK_OPTS_INIT, then set what differs from the
 * defaults.  version says which fields the caller knows (git-style): another is TT_EINVAL. */
typedef struct tt_mark_opts {
    unsigned version;            /* TT_MARK_OPTS_VERSION */
    const char *channels;        /* "lexical" (NULL), "lexical,unicode", "...,canary" */
    const char *const *exclude;  /* glob patterns vetoing slots by rule name or variant */
    size_t nexclude;             /*   (added to the document's vetoes kept in the vault) */
    const char *canary_path;     /* canary channel: lines "ORIGINAL => ALTERNATIVE" */
    unsigned collusion;          /* coalition size the code is tuned for; 0 means 1 */
    double cutoff;               /* bias cutoff t; <= 0 means the default 1/(300 C) */
    const char *format;          /* copies as "txt" (NULL: .txt, or .md for Markdown) or "pdf" */
    const char *paper;           /* "pdf": "a4" (NULL) or "letter" */
} tt_mark_opts;
#define TT_MARK_OPTS_VERSION 1u
#define TT_MARK_OPTS_INIT {.version = TT_MARK_OPTS_VERSION}

/* ---- reviewing slots ---- */

typedef struct tt_slot_list tt_slot_list;

typedef struct tt_slot_info {
    size_t start, end;     /* byte span in the document's text */
    size_t line;           /* 1-based line of start */
    const char *channel;   /* "lexical", "unicode", "canary" */
    const char *rule;      /* rule name, usable with --exclude */
    const char *variant[2];/* the first two variants (NUL-terminated, owned by the list) */
    int orig;              /* which variant the text has: 0, 1, or -1 for neither (a slot of
                              more than two variants: its index) */
    unsigned nvariants;    /* 2, or up to 6 for a multi-variant slot (the orders of a list of
                              three): every one by tt_slot_list_variant() */
} tt_slot_info;

/* The slots of document doc under opts, after the vault's vetoes for doc.  Free the list
 * with tt_slot_list_free().  TT_ENOENT for an unknown document. */
TT_API int tt_slot_list_new(tt_slot_list **out, tt_vault *v, const char *doc,
                            const tt_mark_opts *opts);
TT_API size_t tt_slot_list_count(const tt_slot_list *l);
/* Words in the document's text (for slots per 100 words). */
TT_API size_t tt_slot_list_words(const tt_slot_list *l);
TT_API void tt_slot_list_get(const tt_slot_list *l, size_t i, tt_slot_info *out);
/* Variant v (< nvariants) of slot i (NUL-terminated, owned by the list); NULL when v is out of
 * range. */
TT_API const char *tt_slot_list_variant(const tt_slot_list *l, size_t i, unsigned v);
/* The document's id. */
TT_API const char *tt_slot_list_doc(const tt_slot_list *l);
TT_API void tt_slot_list_free(tt_slot_list *l);

/* The per-document veto list: glob patterns kept in the vault, applied to every later
 * issue and slot review of doc.  add is a no-op when the pattern is there already. */
TT_API int tt_veto_add(tt_vault *v, const char *doc, const char *pattern);
TT_API int tt_veto_remove(tt_vault *v, const char *doc, const char *pattern);
/* The patterns for doc; free with tt_vetoes_free(). */
TT_API int tt_veto_list(tt_vault *v, const char *doc, char ***out, size_t *out_n);
TT_API void tt_vetoes_free(char **p, size_t n);

/* ---- issuing ---- */

typedef struct tt_issuer tt_issuer;

typedef struct tt_issued {
    char doc[24];
    const char *recipient; /* owned by the issuer; valid until the next copy or free */
    const char *path;      /* the copy's path (its signature is path + ".minisig") */
    size_t slots;          /* slots in the copy */
    char sha256[65];       /* hex SHA-256 of the copy's bytes */
} tt_issued;

/* Prepare to issue copies of doc: find its slots, derive its code.  All copies made through
 * the issuer are recorded in one transaction, committed by tt_issuer_finish(). */
TT_API int tt_issuer_new(tt_issuer **out, tt_vault *v, const char *doc, const tt_mark_opts *opts);
/* Slots per copy. */
TT_API size_t tt_issuer_slots(const tt_issuer *is);
/* Write the copy for the named recipient into out_dir (created if missing): the marked text
 * (.txt, or .md for a Markdown original; with format "pdf" a print-ready .pdf of it: the
 * page size, one embedded font, a header with the document's label and page numbers; the
 * unicode channel, which printing loses, is refused) and its detached minisign signature
 * (.minisig);
 * record it.  Deterministic: the same key, document, options and recipient give the same
 * bytes.  Files are mode 0600 and never replace a file that is not this copy: when the name
 * is taken, the copy's SHA-256 prefix is added to it (out->path says where it went).
 * TT_ENOENT for an unknown recipient. */
TT_API int tt_issuer_copy(tt_issuer *is, const char *recipient, const char *out_dir,
                          tt_issued *out);
/* Commit the copies and their audit log entry. */
TT_API int tt_issuer_finish(tt_issuer *is);
/* Free the issuer; copies not finished are rolled back (their files stay on disk, as
 * strays that tt_issue_strays() reports). */
TT_API void tt_issuer_free(tt_issuer *is);

/* ---- the copies on record ---- */

typedef struct tt_copy_info {
    int64_t id;           /* the copy's row id */
    char doc[24];         /* the document's id */
    char *title;          /* the document's title */
    int64_t recipient_id; /* the recipient's row id */
    char *recipient;      /* the recipient's name ("(removed)" when the row is gone) */
    char *channels;       /* "lexical", "lexical,unicode", ... */
    char *path;           /* where it was written, or NULL */
    char sha256[65];      /* hex SHA-256 of the copy's bytes */
    char issued[32];      /* UTC time, ISO 8601 */
} tt_copy_info;

/* The copies on record, in issue order: of document doc (an id or a unique prefix) when not
 * NULL, to the recipient named recipient when not NULL (both: the copies of doc to them).
 * Free *out with tt_copy_infos_free().  TT_ENOENT for an unknown document or recipient. */
TT_API int tt_copy_list(tt_vault *v, const char *doc, const char *recipient, tt_copy_info **out,
                        size_t *out_n);
TT_API void tt_copy_infos_free(tt_copy_info *c, size_t n);

/* ---- consistency of an output folder ---- */

/* Called once per stray: path is dir/NAME, why says what it is ("temporary file of an
 * interrupted write", "copy with no record", ...). */
typedef void (*tt_stray_fn)(void *ud, const char *path, const char *why);

/* Find the files in dir (not recursing) that an interrupted telltale left behind: the
 * temporary files of tt_file_write(), marked copies of this vault's documents whose bytes
 * no copy on record has (a copy is written before its record commits, so a killed issue
 * leaves its files with no record), and their signatures.  Files signed by another vault's
 * key are not this vault's and are not reported; an unsigned copy is.  Calls fn for each
 * (may be NULL) and sets *out_n to their number.  Nothing is deleted.  A missing dir has
 * no strays. */
TT_API int tt_issue_strays(tt_vault *v, const char *dir, tt_stray_fn fn, void *ud,
                           size_t *out_n);

#ifdef __cplusplus
}
#endif
#endif
