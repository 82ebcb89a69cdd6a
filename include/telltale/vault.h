/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault.h: the telltale vault: one directory holding an SQLite database (documents,
 * recipients, issued copies, the fingerprint index, the audit log) and the key files
 * (an Ed25519 signing key pair and a separate 32-byte marking key).
 *
 * Handles: tt_vault_init() and tt_vault_open() always set *out to a handle when memory
 * allows, even when they fail, so that tt_vault_errmsg() can say why; free it with
 * tt_vault_free() (which accepts NULL).  A handle is used by one thread at a time.
 *
 * Strings in the structs below are owned by the struct; the matching _release()/_free()
 * frees them.
 */
#ifndef TELLTALE_VAULT_H
#define TELLTALE_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tt_vault tt_vault;

/* Create a vault in dir (created if missing): database, signing key pair, marking key, and
 * the public key in minisign's format (vault.pub).  Refuses (TT_EEXIST) to overwrite keys. */
TT_API int tt_vault_init(tt_vault **out, const char *dir);

/* Options of tt_vault_init_with().  Set version to TT_VAULT_INIT_OPTIONS_VERSION (start from
 * TT_VAULT_INIT_OPTIONS_INIT): a later library that adds fields knows from it which ones the
 * caller set; another version is TT_EINVAL. */
typedef struct tt_vault_init_options {
    unsigned version;
    /* TEST KEYS, for reproducible tests only (the golden test): when test_key_seed is not
     * NULL, the key id, the signing key and the marking key are derived from
     * BLAKE2b-256(seed) instead of drawn at random, and the vault's init log entry records
     * "test_keys": true, which `telltale log` shows.  Anyone who knows the seed knows the
     * keys: never for real documents.  NULL (the default) draws secret keys. */
    const void *test_key_seed;
    size_t test_key_seed_len;
} tt_vault_init_options;
#define TT_VAULT_INIT_OPTIONS_VERSION 1u
#define TT_VAULT_INIT_OPTIONS_INIT {TT_VAULT_INIT_OPTIONS_VERSION, NULL, 0}

/* Options of tt_vault_open_with(), versioned like tt_vault_init_options. */
typedef struct tt_vault_open_options {
    unsigned version;
    /* How long a writer waits for another process's lock before TT_EBUSY, in milliseconds
     * from 0 to 3600000; -1 (the default) is 5000.  The library reads no environment: the
     * command line sets it from TELLTALE_BUSY_TIMEOUT_MS. */
    int busy_timeout_ms;
} tt_vault_open_options;
#define TT_VAULT_OPEN_OPTIONS_VERSION 1u
#define TT_VAULT_OPEN_OPTIONS_INIT {TT_VAULT_OPEN_OPTIONS_VERSION, -1}

/* tt_vault_open() with options (NULL: the defaults).  TT_EINVAL for another version or a
 * timeout out of range. */
TT_API int tt_vault_open_with(tt_vault **out, const char *dir, const tt_vault_open_options *opts);

/* tt_vault_init() with options (NULL: the defaults). */
TT_API int tt_vault_init_with(tt_vault **out, const char *dir, const tt_vault_init_options *opts);
/* Open an existing vault.  TT_ENOTVAULT when dir is not one; TT_EBUSY when another process
 * holds the database locked for longer than the busy timeout. */
TT_API int tt_vault_open(tt_vault **out, const char *dir);
TT_API void tt_vault_free(tt_vault *v);
/* The message of the last failed call on v; never NULL. */
TT_API const char *tt_vault_errmsg(const tt_vault *v);
TT_API const char *tt_vault_dir(const tt_vault *v);
/* The signing key's id as minisign prints it (16 upper-case hex digits). */
TT_API const char *tt_vault_key_id(const tt_vault *v);

/* ---- documents ---- */

typedef struct tt_doc_info {
    int64_t row;       /* database row id */
    char id[24];       /* short stable id, derived from the content hash */
    char sha256[65];   /* hex SHA-256 of the original bytes */
    char *title;       /* --title, else the first line or the file name */
    char *label;       /* --label, or NULL */
    char *filename;    /* the file name it was added from */
    char *media_type;  /* "text/plain", "text/markdown", "text/html" */
    size_t bytes;      /* size of the original */
    size_t words;      /* words in the extracted text */
    char added[32];    /* UTC time, ISO 8601 */
    int duplicate;     /* tt_vault_add_files: the content was registered already */
    size_t replaced;   /* tt_vault_add_files: malformed UTF-8 bytes replaced by U+FFFD */
    char retired[32];  /* UTC time it was retired (tt_vault_doc_retire), "" while issued */
    size_t copies;     /* copies issued (find, list) */
} tt_doc_info;

typedef struct tt_add_opts {
    const char *title; /* NULL: derive one */
    const char *label; /* NULL: none */
} tt_add_opts;

/* Register n files in one transaction: all are added or none.  out (n entries, zeroed by
 * the caller) receives what was registered; an already registered content is not added
 * again and is reported with duplicate = 1.  Fails on a missing file, a directory, an empty
 * file (TT_EEMPTY), naming the file in the message. */
TT_API int tt_vault_add_files(tt_vault *v, const char *const *paths, size_t n,
                              const tt_add_opts *opts, tt_doc_info *out);
/* Find a document by its id (or a unique prefix of it). */
TT_API int tt_vault_doc_find(tt_vault *v, const char *id, tt_doc_info *out);
/* All documents, oldest first; free with tt_doc_infos_free(). */
TT_API int tt_vault_doc_list(tt_vault *v, tt_doc_info **out, size_t *out_n);
/* The extracted text of a document (valid UTF-8, NUL-terminated); the caller frees it. */
TT_API int tt_vault_doc_text(tt_vault *v, const char *id, char **out, size_t *out_len);
/* The original bytes of a document; the caller frees them. */
TT_API int tt_vault_doc_original(tt_vault *v, const char *id, char **out, size_t *out_len);
/* Retire document id (or a unique prefix): no more copies are issued of it (tt_issuer_new
 * refuses it), while scan, verify and trace still find and trace it.  Logged and bound in
 * one transaction; *out (may be NULL) receives the document as it is now.  TT_EEXIST when it
 * is retired already.  Nothing is ever deleted: a document stays in the vault for good. */
TT_API int tt_vault_doc_retire(tt_vault *v, const char *id, tt_doc_info *out);
TT_API void tt_doc_info_release(tt_doc_info *d);
TT_API void tt_doc_infos_free(tt_doc_info *d, size_t n);

/* ---- recipients ---- */

typedef struct tt_recipient {
    int64_t id; /* row id: the recipient's row of the fingerprinting code */
    char *name;
    char *contact;
    char *unit;
    char added[32];   /* UTC time, ISO 8601 */
    char retired[32]; /* UTC time of tt_vault_recipient_retire, "" while active */
    size_t copies;    /* copies issued to them */
} tt_recipient;

/* Add a recipient; TT_EEXIST when the name is taken.  out_id may be NULL. */
TT_API int tt_vault_recipient_add(tt_vault *v, const char *name, const char *contact,
                                  const char *unit, int64_t *out_id);
/* How to read a CSV list of recipients.  Start from TT_IMPORT_OPTS_INIT; version says which
 * fields the caller knows (git-style): another version is refused with TT_EINVAL. */
typedef struct tt_import_opts {
    unsigned version;       /* TT_IMPORT_OPTS_VERSION */
    const char *const *map; /* "COLUMN=FIELD": header column COLUMN (any case) holds FIELD, */
    size_t nmap;            /*   one of name, contact, email (= contact), unit, ignore */
    int dry_run;            /* check everything, report, change nothing */
} tt_import_opts;
#define TT_IMPORT_OPTS_VERSION 1u
#define TT_IMPORT_OPTS_INIT {.version = TT_IMPORT_OPTS_VERSION}

/* One recipient line of an import. */
typedef struct tt_import_line {
    size_t line;  /* 1-based line of the file */
    char *name;   /* trimmed */
    int present;  /* the name is in the vault already: skipped */
} tt_import_line;

typedef struct tt_import_report {
    char delimiter;         /* ',', ';' or '\t', found in the header line */
    int column[3];          /* 0-based column of name, contact, unit; -1: none */
    tt_import_line *lines;  /* every recipient line, in file order */
    size_t n;
    size_t added, skipped;  /* added (or, dry run, would be added); present already */
} tt_import_report;

/* Import a CSV file of recipients in one transaction: all lines or none.  The first line is
 * a header naming the columns: "name" (required), "contact" or "email", "unit", in any
 * order, separated by ',', ';' or a tab (the separator found there is used for the whole
 * file); opts->map names other columns.  Refused with TT_EFORMAT and a message naming the
 * file and the line: no header, an unknown or doubled column, a line with another number of
 * fields than the header, an empty name, a name that looks like an e-mail address or a
 * header word, a name given twice, a broken quote, control characters.  Names already in
 * the vault are skipped and counted.  *out (may be NULL) receives the report; release it
 * with tt_import_report_release().  With opts->dry_run nothing is written or logged; opts
 * NULL reads as TT_IMPORT_OPTS_INIT. */
TT_API int tt_vault_recipients_import_ex(tt_vault *v, const char *csv_path,
                                         const tt_import_opts *opts, tt_import_report *out);
TT_API void tt_import_report_release(tt_import_report *r);
/* tt_vault_recipients_import_ex() with no options, giving only the counts. */
TT_API int tt_vault_recipients_import(tt_vault *v, const char *csv_path, size_t *out_added,
                                      size_t *out_skipped);
TT_API int tt_vault_recipient_find(tt_vault *v, const char *name, tt_recipient *out);
/* All recipients in id order; free with tt_recipients_free(). */
TT_API int tt_vault_recipient_list(tt_vault *v, tt_recipient **out, size_t *out_n);
/* Change recipient name: new_name (NULL: keep; trimmed, unique), contact and unit (NULL:
 * keep, "": clear).  The row id, and so the code row and every copy's attribution, stays.
 * Logged with the row's new digest in one transaction.  TT_ENOENT for an unknown name,
 * TT_EEXIST when new_name is taken, TT_EINVAL for a bad value or nothing to change. */
TT_API int tt_vault_recipient_update(tt_vault *v, const char *name, const char *new_name,
                                     const char *contact, const char *unit);
/* Retire recipient name: no more copies are issued to them (tt_issuer_copy refuses), while
 * the copies they received are still traced to them.  TT_EEXIST when retired already. */
TT_API int tt_vault_recipient_retire(tt_vault *v, const char *name);
/* Remove recipient name for good (the log keeps the removal).  Refused (TT_EINVAL) when
 * they received a copy: tracing that copy needs them; retire them instead. */
TT_API int tt_vault_recipient_remove(tt_vault *v, const char *name);
TT_API void tt_recipient_release(tt_recipient *r);
TT_API void tt_recipients_free(tt_recipient *r, size_t n);

/* ---- audit log ---- */

typedef struct tt_log_entry {
    int64_t seq;
    char time[32];  /* UTC, ISO 8601 */
    char *user;     /* the OS user */
    char *action;   /* "init", "add", "scan", ... */
    char *args;     /* the arguments as a JSON object */
    char prev[65];  /* hex hash of the previous entry (64 zeros for the first) */
    char hash[65];  /* hex hash of this entry */
} tt_log_entry;

/* Append a signed, hash-chained entry.  args_json is a JSON object (NULL: {}). */
TT_API int tt_vault_log_append(tt_vault *v, const char *action, const char *args_json);
TT_API int tt_vault_log_list(tt_vault *v, tt_log_entry **out, size_t *out_n);
/* Check the whole chain, every hash and every signature.  0 when whole; TT_ETAMPER with
 * *out_bad_seq set to the first bad entry (and the message saying what is wrong). */
TT_API int tt_vault_log_verify(tt_vault *v, int64_t *out_bad_seq);
TT_API void tt_log_entries_free(tt_log_entry *e, size_t n);

/* One record that does not match what the signed log says was written (tt_vault_check). */
typedef struct tt_vault_problem {
    char kind[16];       /* "doc", "recipient", "copy", "veto", "background", "mark_key",
                          * "finding" */
    char *key;           /* the record: a document id, a row id, "DOC/COPY", "DOC<TAB>PATTERN" */
    const char *problem; /* "edited", "unlogged" (no entry wrote it), "missing" (logged, and
                          * gone without an entry removing it), "unreadable" */
    char *message;       /* one line naming the record and the problem */
} tt_vault_problem;

/* Check every record verify and trace rest on against the replayed audit log: each row's
 * digest must equal the one in the last signed entry that wrote it, each logged record must
 * be there.  One pass over the log and one over each table.  0 with *out_n problems (zero:
 * the vault is consistent with its log); TT_ETAMPER when the log itself does not verify.
 * Free *out with tt_vault_problems_free(). */
TT_API int tt_vault_check(tt_vault *v, tt_vault_problem **out, size_t *out_n);
TT_API void tt_vault_problems_free(tt_vault_problem *p, size_t n);

/* ---- compaction ---- */

/* What tt_vault_compact() did: sizes are of vault.db and its -wal file, in bytes. */
typedef struct tt_vault_compact_info {
    int64_t bytes_before, bytes_after;
    int64_t page_size_before, page_size; /* 16384 after it */
    int64_t free_pages_before;           /* pages SQLite held free (none after it) */
} tt_vault_compact_info;

/* Rewrite vault.db without its free pages and in 16 KiB pages, as init makes them (SQLite's
 * VACUUM, one transaction: after a crash the file is as it was or compacted), then log a
 * "compact" entry.  An upgraded vault keeps the pages its old rows freed (index fingerprints,
 * twice-stored texts) and, made before 16 KiB pages, its 4 KiB ones, until this runs.  No record
 * changes.  TT_EBUSY when the page size must change and another process has the vault open. */
TT_API int tt_vault_compact(tt_vault *v, tt_vault_compact_info *out);

/* ---- signatures (minisign's format) ---- */

/* Sign data with the vault's Ed25519 key; *out receives the text of a .minisig file
 * (prehashed "ED" signature with a trusted comment), which the caller frees. */
TT_API int tt_vault_sign(tt_vault *v, const void *data, size_t len, const char *trusted_comment,
                         char **out);
/* Check a .minisig text against data and the vault's public key: 0 or TT_ECRYPTO. */
TT_API int tt_vault_sign_check(tt_vault *v, const void *data, size_t len, const char *sig_text);

#ifdef __cplusplus
}
#endif
#endif
