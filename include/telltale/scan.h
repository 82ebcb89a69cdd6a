/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan.h: finding excerpts of registered documents in arbitrary text.
 *
 * The fingerprint index (tt_index) is built from the vault's documents: tt_index_open()
 * first fingerprints every document that is new or was fingerprinted by an older version of
 * the algorithm (tt_index_refresh()), then loads all fingerprints into a compact sorted table.
 * A loaded index is read-only: threads may share one, each with its own scanner and its own
 * vault handle.
 *
 * A scanner reads one item (a file, a post) at a time: tt_scanner_feed() any number of times
 * with chunks of any size (the findings do not depend on the chunking), then
 * tt_scanner_finish(), which returns the item's findings and readies the scanner for the next
 * item.  Memory is bounded whatever the item's length: long items are scanned in overlapping
 * segments of TT_SCAN_SEGMENT bytes.
 */
#ifndef TELLTALE_SCAN_H
#define TELLTALE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"
#include "telltale/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tt_index tt_index;
typedef struct tt_scanner tt_scanner;

/* Fingerprint every document of v missing from the index or indexed by an older algorithm.
 * *out_indexed (may be NULL) receives how many were (re)indexed.  Errors are on v. */
TT_API int tt_index_refresh(tt_vault *v, size_t *out_indexed);

/* Options start from their _INIT macro; version says which fields the caller knows
 * (git-style): another version is TT_EINVAL. */
typedef struct tt_background_opts {
    unsigned version;   /* TT_BACKGROUND_OPTS_VERSION */
    const char *source; /* the input's name, for the audit log and messages (NULL: "-") */
    int force;          /* add it even when it would hide most of a registered document */
} tt_background_opts;
#define TT_BACKGROUND_OPTS_VERSION 1u
#define TT_BACKGROUND_OPTS_INIT {.version = TT_BACKGROUND_OPTS_VERSION}

typedef struct tt_background_result {
    size_t fingerprints; /* distinct fingerprints of the text */
    size_t added;        /* of those, new in the background */
    size_t suppressed;   /* fingerprints of registered documents the text matches (hidden) */
    char doc[24];        /* the registered document it hides the largest share of, or "" */
    size_t doc_hidden;   /* of that document's doc_total fingerprints */
    size_t doc_total;
} tt_background_result;

/* Teach the index what ordinary prose looks like: the fingerprints of text are stored in the
 * vault's background table and never count as evidence.  One audit entry ("background")
 * records the input's name and SHA-256, its fingerprint count, how many registered-document
 * fingerprints it hides, and binds the rows it added.  TT_EINVAL (nothing written) when the
 * text would hide more than half of one registered document's fingerprints, unless
 * opts->force.  opts and out may be NULL. */
TT_API int tt_index_background_add(tt_vault *v, const char *text, size_t len,
                                   const tt_background_opts *opts, tt_background_result *out);

/* Refresh, then load the index of v.  TT_ETAMPER when the documents or the background it is
 * built from do not match the signed audit log (docs/FORMATS.md §3.5).  Errors are on v. */
TT_API int tt_index_open(tt_index **out, tt_vault *v);
TT_API void tt_index_free(tt_index *ix);

typedef struct tt_index_stats {
    size_t docs;         /* registered documents in the index */
    size_t fingerprints; /* fingerprints kept */
    size_t dropped_df;   /* dropped: in too many documents */
    size_t dropped_bg;   /* dropped: in the background */
    size_t memory;       /* bytes of the loaded table */
} tt_index_stats;
TT_API void tt_index_stats_get(const tt_index *ix, tt_index_stats *out);

typedef struct tt_scan_opts {
    unsigned version;   /* TT_SCAN_OPTS_VERSION (1: the fields up to min_hits) */
    unsigned min_words; /* fewest matched words of evidence for a finding; 0: the default (10) */
    unsigned min_hits;  /* fewest fingerprint hits in one cluster; 0: the default (2) */
    /* version 2: the largest chance (tt_finding.chance) of a reported finding, in (0, 1];
     * 0: the default, TT_SCAN_CHANCE_DEFAULT; 1 reports findings whatever their chance */
    double max_chance;
} tt_scan_opts;
#define TT_SCAN_OPTS_VERSION 2u
#define TT_SCAN_CHANCE_DEFAULT 0.01
#define TT_SCAN_OPTS_INIT {.version = TT_SCAN_OPTS_VERSION}

typedef struct tt_finding {
    char doc[24];            /* the registered document's id */
    char *title;             /* its title (owned) */
    uint64_t leak_start;     /* matched span in the scanned item, bytes, half-open */
    uint64_t leak_end;
    uint64_t doc_start;      /* matched span in the document's text, bytes, half-open */
    uint64_t doc_end;
    size_t matched_words;    /* words aligned as equal or equal up to noise */
    size_t doc_words;        /* words in the document */
    double coverage;         /* matched_words / doc_words */
    size_t hits;             /* fingerprints shared in the cluster */
    double chance;           /* estimated chance of so strong a match between unrelated texts
                              * (at most tt_scan_opts.max_chance) */
    char fingerprint[17];    /* stable hex id of the finding: doc + normalized matched text */
    char *leak_text;         /* the matched passage of the item (owned, valid UTF-8) */
    char *doc_text;          /* the matched passage of the document (owned, valid UTF-8) */
} tt_finding;

#define TT_SCAN_SEGMENT ((size_t)8 << 20)
#define TT_SCAN_OVERLAP ((size_t)256 << 10)

/* A scanner over ix, reading document texts from v when it needs them (v may be NULL for an
 * index built from in-memory texts).  opts may be NULL.  0, TT_ENOMEM. */
TT_API int tt_scanner_new(tt_scanner **out, tt_vault *v, const tt_index *ix,
                          const tt_scan_opts *opts);
TT_API void tt_scanner_free(tt_scanner *s);
TT_API const char *tt_scanner_errmsg(const tt_scanner *s);
/* Feed the next bytes of the current item. */
TT_API int tt_scanner_feed(tt_scanner *s, const void *bytes, size_t len);
/* End the current item: *out receives its findings, ordered by position in the item (free
 * with tt_findings_free()), and the scanner is ready for the next item. */
TT_API int tt_scanner_finish(tt_scanner *s, tt_finding **out, size_t *out_n);
/* After tt_scanner_finish(): NULL, or a note that the item just finished hit a limit of
 * telltale/limits.h (too many findings, too many hits) and was only partly examined.  Valid
 * until the next item is fed. */
TT_API const char *tt_scanner_warning(const tt_scanner *s);
TT_API void tt_findings_free(tt_finding *f, size_t n);

/* Record the audit log entry of a scan run, once, when the run is over: action "scan" with
 * the paths the run was given (paths[0..npaths), as the user named them), the number of
 * findings, and "redact": true when the passages were withheld from the output.  A scan is
 * driven item by item by its caller (tt_scanner_feed/finish, over threads), so this is the
 * call that closes it; every other action logs itself inside the call that does it.  A
 * program that scans (telltale scan, a watch loop after each batch) calls it once per run.
 * 0, or a negative TT_E* with the message on v. */
TT_API int tt_scan_log(tt_vault *v, const char *const *paths, size_t npaths, size_t findings,
                       int redact);

/* ---- JSON-lines streams of posts (scan --jsonl, watch) ---- */

typedef struct tt_post_reader tt_post_reader;

/* A post as the reader hands it out.  The struct belongs to the reader: a caller never
 * allocates one, copies one by value or takes its size, since later versions may add
 * members at its end (as author, date and url were added) without another entry point. */
typedef struct tt_post {
    size_t line;        /* 1-based line number */
    int error;          /* 0, or TT_EFORMAT when the line is not a post (see msg) */
    const char *msg;    /* for an error: "line 12: not valid JSON: ..." */
    const char *id;     /* the post's id as a string, or NULL */
    const char *text;   /* valid UTF-8, NUL-terminated; NULL for an error */
    size_t text_len;
    const char *extra;  /* the other fields as a compact JSON object ("{}" when none) */
    const char *author; /* from the other fields as the source readers take them (source.h): */
    const char *date;   /* "author"/"author.name"/"from", "date"/"timestamp", "url"; each */
    const char *url;    /* NULL when absent */
} tt_post;

/* Read posts from f (a FILE *, passed as void * so this header needs no stdio; not closed). */
TT_API int tt_posts_open(tt_post_reader **out, void *f);
/* Take each post's text from field (dotted for nesting: "message.text"; NULL: the default)
 * instead of the first of "text", "content" and "message.text" present, as the text_field of
 * tt_source_opts does; a line without it is an error post.  Call before the first
 * tt_posts_next().  0, or TT_ENOMEM (message from tt_posts_errmsg()). */
TT_API int tt_posts_set_text_field(tt_post_reader *r, const char *field);
/* The next post: 1 with *out pointing at the reader's tt_post (valid, with its strings, until
 * the next call or the close), 0 at the end, or a negative code when the stream cannot be
 * read (message from tt_posts_errmsg()); *out is NULL but for 1. */
TT_API int tt_posts_next(tt_post_reader *r, const tt_post **out);
TT_API const char *tt_posts_errmsg(const tt_post_reader *r);
TT_API void tt_posts_close(tt_post_reader *r);

#ifdef __cplusplus
}
#endif
#endif
