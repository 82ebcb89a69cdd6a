/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.h: is a leaked text authentic, and what exactly was altered?
 *
 * tt_verify_file() reads a leak (plain text, Markdown or HTML), finds the registered document
 * it comes from (or uses the one named), aligns the two word by word, and classifies every
 * stretch of the leak:
 *   - verbatim: the same words, allowing for formatting, case, line breaks, punctuation and
 *     quote style, zero-width characters, marking variants of issued copies ("e-mail" /
 *     "email", "per cent" / "percent", "in order to" / "to", "five" / "5") and typing or OCR
 *     noise (a typo in an ordinary word; never a changed digit);
 *   - altered: a substitution that changes content (a number, a date, a name, a negation, a
 *     unit, a quantity word, a modal verb, a pronoun, or another word), reported as original
 *     -> leaked with the byte spans of both;
 *   - inserted: leak text inside the aligned range that is not in the document;
 *   - missing: document text cut from inside the aligned range.
 * Text of the leak before, after or between the aligned passages (commentary around a quote)
 * is "outside": shown, never counted as a change.  The verdict is authentic (no change),
 * altered (one change or more) or unrelated (no registered document shares a passage).
 *
 * Results are plain structs owned by the caller: free them with tt_verify_result_free().
 * Byte spans are half-open, into result->leak (the text that was verified, after HTML was
 * reduced to text) and into the document's registered text (tt_vault_doc_text()).
 */
#ifndef TELLTALE_VERIFY_H
#define TELLTALE_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"
#include "telltale/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

enum tt_verdict {
    TT_VERDICT_AUTHENTIC = 0,
    TT_VERDICT_ALTERED = 1,
    TT_VERDICT_UNRELATED = 2,
};

enum tt_change_kind {
    TT_CHANGE_ALTERED = 0,
    TT_CHANGE_INSERTED = 1,
    TT_CHANGE_MISSING = 2,
};

typedef struct tt_change {
    int kind;                     /* enum tt_change_kind */
    const char *what;             /* "number", "date", "name", "negation", "unit", "quantity",
                                     "modal", "pronoun", "word" or "text" (static string) */
    char *original;               /* the document's text of the stretch, valid UTF-8 */
    char *leaked;                 /* the leak's text of the stretch, valid UTF-8 ("" if missing) */
    size_t leak_start, leak_end;  /* span in the leak (empty for missing text) */
    size_t orig_start, orig_end;  /* span in the document's text (empty for inserted text) */
} tt_change;

/* The leak cut into consecutive spans, for reports. */
enum tt_span_kind {
    TT_SPAN_OUTSIDE = 0,  /* not part of an aligned passage (commentary, other text) */
    TT_SPAN_VERBATIM = 1, /* the document's words */
    TT_SPAN_NOISE = 2,    /* the document's words up to noise or a marking variant */
    TT_SPAN_ALTERED = 3,  /* change[change] replaced document text */
    TT_SPAN_INSERTED = 4, /* change[change] was inserted */
    TT_SPAN_MISSING = 5,  /* empty span: change[change] was cut here */
};

typedef struct tt_span {
    size_t start, end;
    int kind;      /* enum tt_span_kind */
    size_t change; /* index into changes for ALTERED, INSERTED, MISSING; else SIZE_MAX */
} tt_span;

typedef struct tt_verify_result {
    int verdict;          /* enum tt_verdict */
    char doc[24];         /* the document's id ("" when unrelated) */
    char *doc_title;      /* its title, or NULL */
    char *leak;           /* the verified text (NUL-terminated; may contain U+FFFD) */
    size_t leak_len;
    size_t leak_words;    /* words in the leak */
    size_t aligned_words; /* leak words inside aligned passages */
    size_t matched_words; /* leak words aligned to the same word (exactly or up to noise) */
    size_t noisy_words;   /* of those, words that differ by noise or a marking variant */
    size_t passages;      /* aligned passages */
    size_t orig_start, orig_end; /* span of the document the passages cover (first to last) */
    tt_change *changes;
    size_t nchanges;
    tt_span *spans;
    size_t nspans;
    /* Whole issued copies (tt_verify_file only). */
    char sha256[65];          /* hex SHA-256 of the leak file's bytes */
    int64_t copy_id;          /* a copy the vault issued with exactly these bytes, or 0 */
    char *copy_recipient;     /* its recipient's name, or NULL */
    int sig_checked;          /* a signature was given */
    int sig_valid;            /* and it verified against the vault's key */
} tt_verify_result;

/* Start from TT_VERIFY_OPTS_INIT; version says which fields the caller knows (git-style):
 * another version is TT_EINVAL. */
typedef struct tt_verify_opts {
    unsigned version;   /* TT_VERIFY_OPTS_VERSION */
    const char *doc;    /* a document id (or unique prefix); NULL: find the document */
    const char *sig;    /* text of a .minisig file to check against the leak's bytes, or NULL */
    int no_log;         /* do not record the verification in the audit log */
} tt_verify_opts;
#define TT_VERIFY_OPTS_VERSION 1u
#define TT_VERIFY_OPTS_INIT {.version = TT_VERIFY_OPTS_VERSION}

/* Verify the file at path against the vault.  On success *out is a result (any verdict); on
 * failure the message is tt_vault_errmsg(v).  Records an audit log entry "verify" with the
 * file's name, SHA-256, document, verdict and number of changes (unless opts->no_log). */
TT_API int tt_verify_file(tt_vault *v, const char *path, const tt_verify_opts *opts,
                          tt_verify_result **out);
/* tt_verify_file() on bytes the caller read (standard input, say): name is what messages and
 * the log call them; data is borrowed. */
TT_API int tt_verify_bytes(tt_vault *v, const char *name, const void *data, size_t len,
                           const tt_verify_opts *opts, tt_verify_result **out);

/* Record the audit log entry tt_verify_file() records, for a caller that passed no_log so as
 * to log only once its own output (a report file) is written: a verification that fails
 * leaves no trace in the log.  Returns 0 or a negative TT_E* with the message on v. */
TT_API int tt_verify_log(tt_vault *v, const char *path, const tt_verify_result *r);

/* Verify leak[0..leak_len) (any bytes) against the registered text orig[0..orig_len) of
 * one document, without a vault: what tt_verify_file() does after finding the document.
 * doc_id may be NULL.  Returns 0 or TT_ENOMEM (then *out is NULL). */
TT_API int tt_verify_text(const char *orig, size_t orig_len, const char *leak, size_t leak_len,
                          const char *doc_id, tt_verify_result **out);

TT_API void tt_verify_result_free(tt_verify_result *r);

/* "authentic", "altered", "unrelated"; "altered", "inserted", "missing". */
TT_API const char *tt_verdict_name(int verdict);
TT_API const char *tt_change_kind_name(int kind);

#ifdef __cplusplus
}
#endif
#endif
