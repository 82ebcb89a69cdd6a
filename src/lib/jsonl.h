/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonl.h: a reader for JSON-lines streams of posts (`telltale scan --jsonl`).
 *
 * Each line is one JSON object: {"id": "..." or a number (optional), "text": "..." (required;
 * or "content", or "message": {"text": ...}, or the member tt_jsonl__set_field() names; a
 * string or an array of Telegram text entities), any other fields}.  Blank lines (only white space) are skipped; a CRLF ending is accepted; a
 * byte order mark before the first line is skipped.  Invalid UTF-8 in a line is replaced by
 * U+FFFD before parsing (counted in `replaced`), and so is a \u0000 in the text, so the text
 * handed out is valid UTF-8 without NUL bytes.
 * A line that is not a post (not JSON, not an object, no "text" string, an "id" that is not a
 * string, a number or null, or longer than the line limit) does not stop the stream: it comes
 * back as an error record with its line number and a message, and the next call reads on.
 * Memory per line is bounded by the limit: a longer line is skipped in chunks, never held whole.
 * Workload: streams of any length, read once, front to back.
 */
#ifndef TT_JSONL_H
#define TT_JSONL_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "common.h"

#define TT_JSONL_MAX_LINE ((size_t)64 << 20) /* 64 MiB: the default line limit */

/* One line's worth.  All of it belongs to the post: tt_jsonl__next() and tt_jsonl__post_release()
 * free what it held before. */
typedef struct tt_jsonl_post {
    size_t line;     /* 1-based line number in the stream */
    int error;       /* 0 for a post; TT_EFORMAT when the line was not one (see msg) */
    char msg[TT_ERRMSG_MAX]; /* for an error record: "line 12: not valid JSON: ..." */
    char *id;        /* the id as a string (numbers converted), or NULL when absent or null */
    char *text;      /* the text, NUL-terminated, valid UTF-8; NULL in an error record */
    size_t text_len;
    json_t *extra;   /* the other fields, a JSON object (maybe empty); NULL in an error record */
    size_t replaced; /* bytes replaced by U+FFFD in this line */
} tt_jsonl_post;

typedef struct tt_jsonl_reader tt_jsonl_reader;

/* Read posts from f (not closed by the reader), with lines of at most max_line bytes (0 means
 * TT_JSONL_MAX_LINE).  Returns 0 or TT_ENOMEM. */
int tt_jsonl__open(tt_jsonl_reader **out, FILE *f, size_t max_line, tt_err *err);
void tt_jsonl__close(tt_jsonl_reader *r);

/* Read data[0..len) (not copied: it must outlive the reader) before f; f may then be NULL,
 * for a stream held wholly in memory. */
void tt_jsonl__prefix(tt_jsonl_reader *r, const char *data, size_t len);

/* Take the text from field (dotted for nesting: "message.text") instead of the first of
 * "text", "content" and "message.text" present.  0 or TT_ENOMEM. */
int tt_jsonl__set_field(tt_jsonl_reader *r, const char *field, tt_err *err);

/* The member at a dotted path of obj, or NULL. */
json_t *tt_jsonl__member(json_t *obj, const char *path);

/* A post's author, date and url from its other members (extra, may be NULL): "author", else
 * "author.name", else "from"; "date", else "timestamp"; "url".  Each NULL when absent or not
 * a string; the strings are extra's.  The one rule for every reader of JSON lines (source.c,
 * posts.c), so scan and watch report the same fields. */
void tt_jsonl__meta(json_t *extra, const char **author, const char **date, const char **url);

/* Append the text of v to out: a string, or an array of strings and {"text": ...} objects
 * (Telegram's entities).  1 when v was text, 0 when not, -1 out of memory. */
int tt_jsonl__text_of(tt_buf *out, json_t *v);

/* Zero a post before its first use. */
void tt_jsonl__post_init(tt_jsonl_post *p);
void tt_jsonl__post_release(tt_jsonl_post *p);

/*
 * Read the next line that is not blank.  Returns 1 with a post or an error record in *out (check
 * out->error), 0 at the end of the stream, TT_EIO when the stream cannot be read or TT_ENOMEM
 * (message in err).  *out must have been initialized; what it held is released first.
 */
int tt_jsonl__next(tt_jsonl_reader *r, tt_jsonl_post *out, tt_err *err);
/* Bytes of the stream consumed so far (the prefix included). */
uint64_t tt_jsonl__bytes(const tt_jsonl_reader *r);

#endif
