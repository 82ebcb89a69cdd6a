/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.h: reading the places leaks are found (chat exports, mail, office documents, archives,
 * web archives) as items of text to scan, verify or trace.
 *
 * A source is opened from a path (or "-" for standard input) or from bytes in memory; its format
 * is recognized by content, never by name: gzip, bzip2, xz, zip and tar containers (entries read
 * in turn, each recognized again), .docx and .odt documents (zips with word/document.xml or
 * content.xml), WARC web archives, mbox mailboxes and single messages (.eml, MIME decoded), a
 * Telegram Desktop export (result.json), a DiscordChatExporter export, JSON lines, UTF-16 text
 * with a byte order mark, and plain text.  docs/FORMATS.md §6 describes each.
 *
 * Each item carries what locates it in the source: an id ("42" for message 42, the entry's
 * path inside a zip, "entry:42" for a message of an export inside a zip), and when the format
 * knows them its author, date and url.  A message's attachments follow it as items of their
 * own, with the message's id, author, date and url and the attachment's path.  A PDF or an
 * image (PNG, JPEG, TIFF) met inside a source, as an attachment or an entry, is read through
 * telltale/extract.h (poppler, or OCR of a photographed page): its text is the item's.  An
 * attachment is read only from inside the export's folder: a path with "..", an absolute
 * path, a symbolic link that leads outside and anything but a regular file give a note.
 *
 * Bounds (telltale/limits.h, docs/telltale.1 LIMITS): a source that must be read whole is
 * read up to tt_limit_input() bytes; what containers expand to stops at
 * TT_LIMIT_SOURCE_EXPANDED bytes per source and TT_LIMIT_SOURCE_ENTRIES entries; containers
 * nest at most TT_LIMIT_SOURCE_DEPTH deep.  Hitting a bound gives a note item naming it, and
 * the rest of the source is still read where that is possible.  XML is parsed without network
 * access, without DTD loading and without entity expansion.
 *
 * Plain text and JSON lines are streamed: a plain file of any length comes as items of at most
 * 1 MiB with `partial` set on all but the last, and a JSON-lines post is handed out as soon as
 * its line is read (a pipe need not end first).
 */
#ifndef TELLTALE_SOURCE_H
#define TELLTALE_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "telltale/telltale.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tt_source tt_source;

/* Progress of reading a source, for a caller that shows it (the library draws nothing and
 * looks at no terminal): done bytes of the input read so far, total its size (0 when not
 * known: a pipe).  Called from the thread that calls tt_source_open*() or tt_source_next(),
 * once per 64 KiB read at most and once at the end of the input. */
typedef void (*tt_source_progress_fn)(void *arg, uint64_t done, uint64_t total);

/* Options start from TT_SOURCE_OPTS_INIT; version says which fields the caller knows
 * (1: up to text_field, 2: progress too); another version is TT_EINVAL. */
#define TT_SOURCE_OPTS_VERSION 2
typedef struct tt_source_opts {
    unsigned version;       /* TT_SOURCE_OPTS_VERSION */
    int jsonl;              /* read as JSON lines whatever the content looks like */
    const char *text_field; /* JSON lines: the text member, dotted for nesting ("message.text");
                             * NULL: "text", then "content", then "message.text" */
    /* version 2 */
    tt_source_progress_fn progress; /* NULL: none */
    void *progress_arg;
    /* how PDFs and images found inside a source (attachments of an export, entries of a
     * container) are read (telltale/extract.h; copied): NULL: the defaults */
    const struct tt_extract_opts *extract;
} tt_source_opts;
#define TT_SOURCE_OPTS_INIT {.version = TT_SOURCE_OPTS_VERSION}

typedef struct tt_source_item {
    const char *id;         /* the item's id in the source, or NULL (a whole plain file) */
    const char *author;     /* NULL when the format does not say */
    const char *date;       /* as the source writes it (ISO 8601 for the chat exports) */
    const char *url;        /* a link to the item, when the format gives one */
    const char *format;     /* "text", "jsonl", "telegram", "discord", "mbox", "eml", "docx",
                             * "odt", "warc", "attachment", ... */
    const char *attachment; /* an attachment item: the attachment's path; else NULL */
    const char *fields;     /* JSON lines: the other members as a compact JSON object */
    const char *text;       /* valid UTF-8 without NUL, NUL-terminated; NULL for a note */
    size_t text_len;
    int partial;            /* more text of the same item follows in the next item */
    size_t line;            /* JSON lines: the line number; else 0 */
    const char *note;       /* NULL, or why this item has nothing to scan: "line 3: not valid
                             * JSON: ...", "binary file", "GIF image not read (...)",
                             * "attachment not read (not a regular file)", a limit reached */
} tt_source_item;

/* Open the source at path ("-": standard input) with opts (NULL: the defaults).  Reads enough
 * to recognize the format; a format read whole is read now.  0, or TT_EIO, TT_ELIMIT,
 * TT_ENOMEM, TT_EINVAL (an unknown opts version) with the message on *out
 * (tt_source_errmsg(); *out is then still to be freed).  */
TT_API int tt_source_open(tt_source **out, const char *path, const tt_source_opts *opts);

/* The same over an open stream f (borrowed: read, never closed), named name in messages and
 * as the base of relative attachment paths.  Standard input is read this way: the library
 * never touches it by itself, so tt_source_open(out, "-", ...) is TT_EINVAL. */
TT_API int tt_source_open_file(tt_source **out, const char *name, FILE *f,
                               const tt_source_opts *opts);

/* The same over data[0..len) (copied), named name in messages and as the base of relative
 * attachment paths (NULL: "-", and attachments are not read). */
TT_API int tt_source_open_mem(tt_source **out, const char *name, const void *data, size_t len,
                              const tt_source_opts *opts);

/* The next item: 1 with *out pointing at the reader's tt_source_item (valid, with its strings,
 * until the next call or the free; the reader owns it, so the struct may grow in later
 * versions without breaking programs built against this header), 0 at the end (*out NULL), or
 * a negative code when reading failed (message from tt_source_errmsg()). */
TT_API int tt_source_next(tt_source *s, const tt_source_item **out);

/* Read on to the first item whose id is id and that has text (attachments of that message
 * included by the next calls): 1 found (*out as tt_source_next() gives it), 0 not in the
 * source, or a negative code.  For `verify FILE#ID` and `trace FILE#ID`. */
TT_API int tt_source_find(tt_source *s, const char *id, const tt_source_item **out);

/* The format the source was recognized as ("telegram", "zip", "text", ...). */
TT_API const char *tt_source_format(const tt_source *s);
TT_API const char *tt_source_errmsg(const tt_source *s);
TT_API void tt_source_free(tt_source *s);

#ifdef __cplusplus
}
#endif
#endif
