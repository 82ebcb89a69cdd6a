/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source_internal.h: what the per-format readers of telltale/source.h share.
 *
 * A reader gets bytes held wholly in memory and appends items to the source's queue through
 * tt_source__text() and tt_source__note(); a container hands each entry back to
 * tt_source__read(), which recognizes it again one level deeper.  Ids compose: an item `42`
 * of an entry `chat/result.json` is `chat/result.json:42`.  What a message knows (author, date,
 * url) is passed down as a tt_source_meta to the items read from its attachments.
 */
#ifndef TT_SOURCE_INTERNAL_H
#define TT_SOURCE_INTERNAL_H

#include "common.h"
#include "telltale/limits.h"
#include "telltale/source.h"

typedef struct tt_source_meta {
    const char *author, *date, *url;
    const char *attachment; /* the attachment's path, for its items */
} tt_source_meta;

/* Recognize data[0..len) and append its items.  base: the id its items are under (NULL at
 * the top), name: a file name for the HTML sniffer (may be NULL), depth: containers around
 * it.  0, or TT_ENOMEM (a malformed input gives a note item, never an error). */
int tt_source__read(tt_source *s, const char *base, const char *name, const char *data,
                    size_t len, int depth, const tt_source_meta *m);

/* Append a text item: text[0..len) made valid UTF-8 without NUL; format a static string.
 * id composes with base as above (either may be NULL).  0 or TT_ENOMEM. */
int tt_source__text(tt_source *s, const char *base, const char *id, const char *format,
                    const char *text, size_t len, const tt_source_meta *m);
/* Append a note item (nothing to scan: why).  0 or TT_ENOMEM. */
int tt_source__note(tt_source *s, const char *base, const char *id, const char *format,
                    const tt_source_meta *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* How many items were queued so far (the index the next one gets), and replace the text of
 * the queued item at that index (made valid UTF-8).  0 or TT_ENOMEM. */
size_t tt_source__queued(const tt_source *s);
int tt_source__set_text(tt_source *s, size_t at, const char *text, size_t len);
/* base:id, base, id or NULL, freshly allocated in *out (NULL stays NULL). 0 or TT_ENOMEM. */
int tt_source__id(char **out, const char *base, const char *id);

/* Count bytes expanded from containers and entries read; 0 when within the limits, else
 * TT_ELIMIT after appending the note that says which limit (once per source). */
int tt_source__charge(tt_source *s, const char *base, size_t bytes, size_t entries);

/* Read the attachment at the export-relative path rel (of the message with id base and meta
 * m) and append its items: text and every format above are read, an image gets a note.
 * Nothing happens without a folder to resolve it in (a source from standard input).  */
int tt_source__attachment(tt_source *s, const char *base, const char *rel,
                          const tt_source_meta *m, int depth);

/* The readers (source_json.c, source_mail.c, source_archive.c, source_warc.c). */
int tt_source__json(tt_source *s, const char *base, const char *data, size_t len, int depth,
                    const tt_source_meta *m);
int tt_source__jsonl_mem(tt_source *s, const char *base, const char *data, size_t len,
                         const tt_source_meta *m);
int tt_source__mail(tt_source *s, const char *base, const char *data, size_t len, int mbox,
                    int depth, const tt_source_meta *m);
int tt_source__archive(tt_source *s, const char *base, const char *name, const char *data,
                       size_t len, int depth, const tt_source_meta *m);
int tt_source__warc(tt_source *s, const char *base, const char *data, size_t len, int depth,
                    const tt_source_meta *m);
/* The text of an office document's XML part (docx: word/document.xml, odt: content.xml),
 * parsed without network, DTD or entity expansion.  0, TT_EFORMAT (not XML), TT_ENOMEM. */
int tt_source__xml_text(tt_buf *out, const char *xml, size_t len, int odt);

/* The text field option of the source (NULL: the default list). */
const char *tt_source__text_field(const tt_source *s);

#endif
