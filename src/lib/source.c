/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.c: the source reader of telltale/source.h: opening, recognizing a format by its
 * content, the queue of items, limits, and attachments.
 *
 * Two ways to read.  Plain text and JSON lines from a path or standard input are streamed:
 * the first 64 KiB are read to recognize the format and handed out first, the rest is read
 * as it is asked for, so memory does not grow with the input.  Every other format is read
 * whole (up to tt_limit_input() bytes) and its readers fill a queue of items at once; that
 * queue holds at most what the input expands to, which TT_LIMIT_SOURCE_EXPANDED bounds.
 * Recognition looks only at bytes, never at names (a name only tells the HTML reader that a
 * web page is one): magic numbers for containers, "WARC/1." for web archives, a header block
 * for mail, the shape of the JSON for chat exports.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html_to_text.h"
#include "telltale/extract.h"
#include "jsonl.h"
#include "source_internal.h"
#include "utf8.h"

#define PEEK 65536
#define STREAM_CHUNK ((size_t)1 << 20)

typedef struct qitem {
    char *id, *author, *date, *url, *attachment, *fields, *text, *note;
    const char *format;
    size_t text_len, line;
    int partial;
} qitem;

enum { MODE_QUEUE, MODE_TEXT, MODE_JSONL };

struct tt_source {
    tt_err err;
    char *name;
    char *dir; /* the folder attachments are relative to, or NULL */
    char *text_field;
    const char *format;
    int mode;
    qitem *q;
    size_t nq, capq, pos;
    qitem cur;
    FILE *f;
    int own_f;
    char *peek;
    size_t peek_len;
    int peek_given, eof;
    tt_jsonl_reader *jr;
    tt_jsonl_post jp;
    char *jfields;
    tt_source_item item; /* what tt_source_next() hands out */
    size_t expanded, entries;
    int limited;
    tt_source_progress_fn progress; /* opts version 2 */
    void *progress_arg;
    tt_extract_opts xopts; /* opts version 2: PDFs and images inside (tessdata owned) */
    uint64_t done, total, reported; /* bytes read, the input's size (0: unknown), last told */
};

/* Tell the caller how far reading has come: when another 64 KiB were read, or at the end. */
static void
tell(tt_source *s, uint64_t done, int end)
{
    if (done > s->done)
        s->done = done;
    if (!s->progress || (!end && s->done - s->reported < 65536) ||
        (end && s->reported == s->done && s->done))
        return;
    s->reported = s->done;
    s->progress(s->progress_arg, s->done, s->total);
}

/* The size of the file behind f when it is a regular file, else 0. */
static uint64_t
file_size(FILE *f)
{
    struct stat st;
    return f && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

static void
qitem_release(qitem *it)
{
    free(it->id);
    free(it->author);
    free(it->date);
    free(it->url);
    free(it->attachment);
    free(it->fields);
    free(it->text);
    free(it->note);
    memset(it, 0, sizeof *it);
}

const char *
tt_source__text_field(const tt_source *s)
{
    return s->text_field;
}

int
tt_source__id(char **out, const char *base, const char *id)
{
    *out = NULL;
    if (!base && !id)
        return 0;
    tt_buf b;
    tt_buf_init(&b);
    if (tt_buf_printf(&b, "%s%s%s", base ? base : "", base && id ? ":" : "", id ? id : "") ||
        tt_buf_grow(&b, 0)) {
        tt_buf_release(&b);
        return TT_ENOMEM;
    }
    *out = tt_buf_detach(&b, NULL);
    return 0;
}

static int
dup_or_null(char **out, const char *s)
{
    *out = NULL;
    return s && !(*out = strdup(s)) ? TT_ENOMEM : 0;
}

static int
push(tt_source *s, qitem *it)
{
    if (tt__grow(&s->q, &s->capq, s->nq + 1, sizeof *s->q)) {
        qitem_release(it);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    s->q[s->nq++] = *it;
    return 0;
}

static int
meta_item(qitem *it, const char *base, const char *id, const char *format,
          const tt_source_meta *m)
{
    memset(it, 0, sizeof *it);
    it->format = format;
    if (tt_source__id(&it->id, base, id))
        return TT_ENOMEM;
    if (m && (dup_or_null(&it->author, m->author) || dup_or_null(&it->date, m->date) ||
              dup_or_null(&it->url, m->url) || dup_or_null(&it->attachment, m->attachment)))
        return TT_ENOMEM;
    return 0;
}

int
tt_source__text(tt_source *s, const char *base, const char *id, const char *format,
                const char *text, size_t len, const tt_source_meta *m)
{
    qitem it;
    tt_buf b;
    tt_buf_init(&b);
    if (meta_item(&it, base, id, format, m) || tt_utf8__sanitize(&b, text, len) == SIZE_MAX ||
        tt_buf_grow(&b, 0)) {
        tt_buf_release(&b);
        qitem_release(&it);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    it.text = tt_buf_detach(&b, &it.text_len);
    return push(s, &it);
}

size_t
tt_source__queued(const tt_source *s)
{
    return s->nq;
}

int
tt_source__set_text(tt_source *s, size_t at, const char *text, size_t len)
{
    tt_buf b;
    tt_buf_init(&b);
    if (tt_utf8__sanitize(&b, text, len) == SIZE_MAX || tt_buf_grow(&b, 0)) {
        tt_buf_release(&b);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    free(s->q[at].text);
    s->q[at].text = tt_buf_detach(&b, &s->q[at].text_len);
    return 0;
}

int
tt_source__note(tt_source *s, const char *base, const char *id, const char *format,
                const tt_source_meta *m, const char *fmt, ...)
{
    qitem it;
    tt_buf b;
    tt_buf_init(&b);
    char msg[TT_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (meta_item(&it, base, id, format, m) || tt_utf8__sanitize(&b, msg, strlen(msg)) == SIZE_MAX ||
        tt_buf_grow(&b, 0)) {
        tt_buf_release(&b);
        qitem_release(&it);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    it.note = tt_buf_detach(&b, NULL);
    return push(s, &it);
}

int
tt_source__charge(tt_source *s, const char *base, size_t bytes, size_t entries)
{
    if (s->limited)
        return TT_ELIMIT;
    s->expanded += bytes;
    s->entries += entries;
    if (s->expanded > TT_LIMIT_SOURCE_EXPANDED) {
        s->limited = 1;
        int rc = tt_source__note(s, base, NULL, "limit", NULL,
                                 "expands to more than %zu MiB (limit): the rest is not read",
                                 TT_LIMIT_SOURCE_EXPANDED >> 20);
        return rc ? rc : TT_ELIMIT;
    }
    if (s->entries > TT_LIMIT_SOURCE_ENTRIES) {
        s->limited = 1;
        int rc = tt_source__note(s, base, NULL, "limit", NULL,
                                 "more than %d entries (limit): the rest is not read",
                                 TT_LIMIT_SOURCE_ENTRIES);
        return rc ? rc : TT_ELIMIT;
    }
    return 0;
}

/* ---- recognizing a format ---- */

enum kind {
    K_TEXT,
    K_BINARY,
    K_IMAGE,
    K_UTF16LE,
    K_UTF16BE,
    K_ARCHIVE,
    K_WARC,
    K_MBOX,
    K_EML,
    K_JSON_DOC,
    K_JSONL,
    K_JSON_UNSURE, /* a JSON first line longer than what was looked at */
};

static int
starts(const char *d, size_t n, const char *magic, size_t m)
{
    return n >= m && memcmp(d, magic, m) == 0;
}

/* An image format an image reader would take, or NULL. */
static const char *
image_kind(const char *d, size_t n)
{
    if (starts(d, n, "\xFF\xD8\xFF", 3))
        return "JPEG";
    if (starts(d, n, "\x89PNG\r\n\x1a\n", 8))
        return "PNG";
    if (starts(d, n, "GIF87a", 6) || starts(d, n, "GIF89a", 6))
        return "GIF";
    if (n >= 12 && starts(d, n, "RIFF", 4) && memcmp(d + 8, "WEBP", 4) == 0)
        return "WebP";
    if (starts(d, n, "II*\0", 4) || starts(d, n, "MM\0*", 4))
        return "TIFF";
    if (starts(d, n, "BM", 2) && n > 26)
        return "BMP";
    if (starts(d, n, "%PDF-", 5))
        return "PDF";
    return NULL;
}

/* A mail header line at d: a field name of letters, digits and '-', then ':'. */
static int
header_line(const char *d, size_t n)
{
    size_t i = 0;
    while (i < n && ((d[i] >= 'A' && d[i] <= 'Z') || (d[i] >= 'a' && d[i] <= 'z') ||
                     (d[i] >= '0' && d[i] <= '9') || d[i] == '-'))
        i++;
    return i > 0 && i < n && d[i] == ':';
}

/* A message: its first lines are a header block naming at least two of the usual fields. */
static int
looks_mail(const char *d, size_t n)
{
    static const char *const known[] = {"from:", "to:", "subject:", "date:", "message-id:",
                                        "mime-version:", "received:", "return-path:",
                                        "content-type:", "delivered-to:", "reply-to:"};
    if (!header_line(d, n))
        return 0;
    int hits = 0;
    for (size_t i = 0; i < n && i < PEEK;) {
        const char *nl = memchr(d + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - d) : n;
        if (e == i || (e == i + 1 && d[i] == '\r'))
            break; /* the end of the header block */
        if (d[i] != ' ' && d[i] != '\t') {
            if (!header_line(d + i, e - i))
                return 0;
            for (size_t k = 0; k < sizeof known / sizeof *known; k++)
                if (e - i >= strlen(known[k]) && strncasecmp(d + i, known[k], strlen(known[k])) == 0)
                    hits++;
        }
        i = e + 1;
    }
    return hits >= 2;
}

/* JSON: a document (an export) or lines.  A first line that is a whole object on its own is
 * JSON lines unless it is an export written on one line (it has "messages"). */
static enum kind
json_kind(const char *d, size_t n, int eof)
{
    size_t i = 0;
    while (i < n && strchr(" \t\r\n", d[i]))
        i++;
    if (d[i] == '[')
        return K_JSON_DOC;
    const char *nl = memchr(d + i, '\n', n - i);
    if (!nl && !eof)
        return K_JSON_UNSURE;
    size_t e = nl ? (size_t)(nl - d) : n;
    json_t *o = json_loadb(d + i, e - i, JSON_DECODE_INT_AS_REAL, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return K_JSON_DOC; /* pretty-printed: the first line is not a whole value */
    }
    enum kind k = json_is_array(json_object_get(o, "messages")) ||
                          json_is_object(json_object_get(o, "chats"))
                      ? K_JSON_DOC
                      : K_JSONL;
    json_decref(o);
    return k;
}

/* The first byte after a UTF-8 BOM and white space, or 0. */
static char
first_char(const char *d, size_t n)
{
    size_t i = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && strchr(" \t\r\n", d[i]))
        i++;
    return i < n ? d[i] : 0;
}

static enum kind
sniff(const char *d, size_t n, int eof)
{
    if (starts(d, n, "\xFF\xFE", 2) || starts(d, n, "\xFE\xFF", 2)) {
        /* a BOM, and what follows is no UTF-8 text: NUL bytes (Latin script) or invalid UTF-8
         * (other scripts); a stray FF FE before UTF-8 text stays text */
        size_t k = n - 2 < 4096 ? n - 2 : 4096;
        if (memchr(d + 2, '\0', k) || tt_utf8__check(d + 2, k) + 3 < k)
            return d[0] == '\xFF' ? K_UTF16LE : K_UTF16BE;
    }
    if (starts(d, n, "\x1f\x8b", 2) || starts(d, n, "BZh", 3) ||
        starts(d, n, "\xFD" "7zXZ\0", 6) || starts(d, n, "PK\x03\x04", 4) ||
        starts(d, n, "PK\x05\x06", 4) || (n >= 262 && memcmp(d + 257, "ustar", 5) == 0))
        return K_ARCHIVE;
    const char *img = image_kind(d, n);
    if (img)
        return K_IMAGE;
    size_t b = starts(d, n, "\xEF\xBB\xBF", 3) ? 3 : 0;
    if (starts(d + b, n - b, "WARC/1.", 7))
        return K_WARC;
    if (memchr(d, '\0', n < 8192 ? n : 8192))
        return K_BINARY;
    if (starts(d + b, n - b, "From ", 5)) {
        const char *nl = memchr(d + b, '\n', n - b);
        if (nl && header_line(nl + 1, n - (size_t)(nl + 1 - d)))
            return K_MBOX;
    }
    if (looks_mail(d + b, n - b))
        return K_EML;
    size_t i = b;
    while (i < n && strchr(" \t\r\n", d[i]))
        i++;
    if (i < n && (d[i] == '{' || d[i] == '['))
        return json_kind(d + i, n - i, eof);
    return K_TEXT;
}

/* UTF-16 with a byte order mark to UTF-8 (unpaired surrogates become U+FFFD). */
static int
from_utf16(tt_buf *out, const unsigned char *d, size_t n, int be)
{
    for (size_t i = 2; i + 1 < n; i += 2) {
        uint32_t u = be ? (uint32_t)d[i] << 8 | d[i + 1] : (uint32_t)d[i + 1] << 8 | d[i];
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t v = be ? (uint32_t)d[i + 2] << 8 | d[i + 3] : (uint32_t)d[i + 3] << 8 | d[i + 2];
            if (v >= 0xDC00 && v <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
                i += 2;
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            u = 0xFFFD;
        }
        char enc[4];
        int k = tt_utf8__encode(enc, u);
        if (tt_buf_add(out, enc, (size_t)k))
            return TT_ENOMEM;
    }
    return 0;
}

/* A PDF or an image inside the source (an attachment, an entry): its text, read by poppler or
 * OCR (extract.c), as a text item under base with m; a note when it cannot be read. */
static int
read_image(tt_source *s, const char *base, const char *kind, const char *data, size_t len,
           const tt_source_meta *m)
{
    const char *what = m && m->attachment ? "attachment" : "image";
    if (tt_media_sniff(data, len) == TT_MEDIA_TEXT)
        return tt_source__note(s, base, NULL, what, m,
                               "%s image not read (PDF, PNG, JPEG and TIFF are read)", kind);
    tt_extract *x = NULL;
    int rc = tt_extract_new(&x, data, len, &s->xopts);
    if (rc == TT_ENOMEM) {
        tt_extract_free(x);
        return tt__error(&s->err, rc, "out of memory");
    }
    size_t tl = 0;
    const char *text = rc == 0 ? tt_extract_text(x, &tl) : NULL;
    if (rc != 0)
        rc = tt_source__note(s, base, NULL, what, m, "%s %s not read: %s", kind,
                             m && m->attachment ? "attachment" : "image", tt_extract_errmsg(x));
    else if (tl == 0)
        rc = tt_source__note(s, base, NULL, what, m, "%s %s: %s", kind,
                             m && m->attachment ? "attachment" : "image", tt_extract_why_empty(x));
    else
        rc = tt_source__text(s, base, NULL, what, text, tl, m);
    tt_extract_free(x);
    return rc;
}

int
tt_source__read(tt_source *s, const char *base, const char *name, const char *data, size_t len,
                int depth, const tt_source_meta *m)
{
    enum kind k = sniff(data, len, 1);
    const char *img;
    int rc = 0;
    switch (k) {
    case K_UTF16LE:
    case K_UTF16BE: {
        tt_buf b;
        tt_buf_init(&b);
        rc = from_utf16(&b, (const unsigned char *)data, len, k == K_UTF16BE);
        if (!rc)
            rc = tt_source__read(s, base, name, b.data ? b.data : "", b.len, depth, m);
        tt_buf_release(&b);
        return rc == TT_ENOMEM ? tt__error(&s->err, rc, "out of memory") : rc;
    }
    case K_ARCHIVE:
        if (depth >= TT_LIMIT_SOURCE_DEPTH)
            return tt_source__note(s, base, NULL, "limit", m,
                                   "a container nested more than %d deep (limit): not read",
                                   TT_LIMIT_SOURCE_DEPTH);
        return tt_source__archive(s, base, name, data, len, depth + 1, m);
    case K_WARC:
        return tt_source__warc(s, base, data, len, depth, m);
    case K_MBOX:
    case K_EML:
        return tt_source__mail(s, base, data, len, k == K_MBOX, depth, m);
    case K_JSON_DOC:
    case K_JSON_UNSURE:
        return tt_source__json(s, base, data, len, depth, m);
    case K_JSONL:
        return tt_source__jsonl_mem(s, base, data, len, m);
    case K_IMAGE:
        img = image_kind(data, len);
        return read_image(s, base, img, data, len, m);
    case K_BINARY:
        return tt_source__note(s, base, NULL, "binary", m, "binary file");
    case K_TEXT:
        break;
    }
    const char *fmt = m && m->attachment ? "attachment" : "text";
    if (tt_html__sniff(name, data, len)) {
        tt_buf b;
        tt_buf_init(&b);
        rc = tt_html__to_text(&b, data, len, &s->err);
        if (!rc)
            rc = tt_source__text(s, base, NULL, "html", b.data ? b.data : "", b.len, m);
        tt_buf_release(&b);
        return rc;
    }
    return tt_source__text(s, base, NULL, fmt, data, len, m);
}

/* ---- attachments ---- */

/* rel is a path inside the export's folder: relative, without "..", without NUL. */
static int
inside(const char *rel)
{
    if (!*rel || rel[0] == '/')
        return 0;
    for (const char *p = rel; p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p = slash ? slash + 1 : NULL;
    }
    return 1;
}

int
tt_source__attachment(tt_source *s, const char *base, const char *rel, const tt_source_meta *m,
                      int depth)
{
    tt_source_meta am = m ? *m : (tt_source_meta){0};
    am.attachment = rel;
    if (!s->dir)
        return tt_source__note(s, base, NULL, "attachment", &am,
                               "attachment not read (no folder to find it in)");
    if (!inside(rel))
        return tt_source__note(s, base, NULL, "attachment", &am,
                               "attachment not read (outside the export's folder)");
    tt_buf p;
    tt_buf_init(&p);
    if (tt_buf_printf(&p, "%s/%s", s->dir, rel) || tt_buf_grow(&p, 0)) {
        tt_buf_release(&p);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    /* the file the path leads to, links followed, must lie inside the export's folder (a
     * link in the export to ~/.ssh is not read) and be a regular file (not a pipe that
     * blocks or a device that never ends) */
    char *real = realpath(p.data, NULL);
    int err = errno;
    char *rdir = real ? realpath(s->dir, NULL) : NULL;
    if (real && !rdir)
        err = errno;
    tt_buf_release(&p);
    const char *why = NULL;
    int rc = 0;
    if (!real || !rdir) {
        if (err == ENOMEM)
            rc = TT_ENOMEM;
        else
            why = tt_errno_text(err);
    } else {
        size_t dl = strlen(rdir);
        if (!(strncmp(real, rdir, dl) == 0 && (real[dl] == '/' || (dl == 1 && rdir[0] == '/'))))
            why = "a link that leads outside the export's folder";
    }
    int fd = -1;
    struct stat st;
    if (!why && !rc) {
        fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            why = tt_errno_text(errno);
        else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
            why = "not a regular file";
    }
    char *data = NULL;
    size_t len = 0;
    tt_err e = {0};
    if (!why && !rc) {
        rc = tt__read_fd(&e, fd, rel, &data, &len);
        if (rc && rc != TT_ENOMEM) {
            why = tt__errmsg(&e);
            rc = 0;
        }
    }
    if (fd >= 0)
        close(fd);
    free(real);
    free(rdir);
    if (rc == TT_ENOMEM)
        return tt__error(&s->err, rc, "out of memory");
    if (why) {
        char msg[TT_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", why); /* why may point into e */
        return tt_source__note(s, base, NULL, "attachment", &am, "attachment not read (%s)",
                               msg);
    }
    if ((rc = tt_source__charge(s, base, len, 1)) != 0) {
        free(data);
        return rc;
    }
    am.attachment = rel;
    rc = tt_source__read(s, base, rel, data, len, depth, &am);
    free(data);
    return rc;
}

/* ---- opening ---- */

static int
setup(tt_source **out, const char *name, const tt_source_opts *opts)
{
    tt_source *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return TT_ENOMEM;
    tt_jsonl__post_init(&s->jp);
    s->format = "text";
    if (opts && opts->version != 1 && opts->version != 2) {
        s->name = strdup("-");
        return tt__error(&s->err, TT_EINVAL,
                         "options of version %u: this telltale knows versions 1 and 2",
                         opts->version);
    }
    if (opts && opts->version >= 2) {
        s->progress = opts->progress;
        s->progress_arg = opts->progress_arg;
        if (opts->extract) {
            s->xopts = *opts->extract;
            s->xopts.tessdata = NULL;
            if (opts->extract->tessdata && !(s->xopts.tessdata = strdup(opts->extract->tessdata)))
                return tt__error(&s->err, TT_ENOMEM, "out of memory");
        }
    }
    if (!(s->name = strdup(name ? name : "-")))
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    if (opts && opts->text_field && !(s->text_field = strdup(opts->text_field)))
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    if (name && strcmp(name, "-") != 0) {
        const char *slash = strrchr(name, '/');
        s->dir = slash ? strndup(name, (size_t)(slash - name) + (slash == name)) : strdup(".");
        if (!s->dir)
            return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    return 0;
}

static const char *
kind_format(enum kind k)
{
    switch (k) {
    case K_ARCHIVE: return "archive";
    case K_WARC: return "warc";
    case K_MBOX: return "mbox";
    case K_EML: return "eml";
    case K_JSON_DOC: case K_JSON_UNSURE: return "json";
    case K_JSONL: return "jsonl";
    case K_UTF16LE: case K_UTF16BE: return "utf-16";
    case K_IMAGE: return "image";
    case K_BINARY: return "binary";
    case K_TEXT: break;
    }
    return "text";
}

/* Read the whole input (the peek first) and fill the queue. */
static int
read_whole(tt_source *s)
{
    tt_buf b;
    tt_buf_init(&b);
    int rc = 0;
    size_t limit = tt_limit_input();
    if (tt_buf_add(&b, s->peek, s->peek_len))
        goto nomem;
    char chunk[65536];
    size_t n;
    while (s->f && (n = fread(chunk, 1, sizeof chunk, s->f)) > 0) {
        if (b.len + n > limit) {
            tt_buf_release(&b);
            return tt__error(&s->err, TT_ELIMIT,
                             "cannot read '%s': too large (limit %zu MiB)", s->name, limit >> 20);
        }
        if (tt_buf_add(&b, chunk, n))
            goto nomem;
        tell(s, b.len, 0);
    }
    tell(s, b.len, 1);
    if (s->f && ferror(s->f)) {
        tt_buf_release(&b);
        return tt__error(&s->err, TT_EIO, "cannot read '%s': %s", s->name,
                         tt_errno_text(errno));
    }
    s->mode = MODE_QUEUE;
    rc = tt_source__read(s, NULL, s->name, b.data ? b.data : "", b.len, 0, NULL);
    tt_buf_release(&b);
    if (rc == TT_ENOMEM)
        return tt__error(&s->err, rc, "out of memory");
    return rc == TT_ELIMIT ? 0 : rc;
nomem:
    tt_buf_release(&b);
    return tt__error(&s->err, TT_ENOMEM, "out of memory");
}

static int
start(tt_source *s, const tt_source_opts *opts)
{
    int jsonl = opts && opts->jsonl;
    enum kind k = s->peek_len ? sniff(s->peek, s->peek_len, s->eof) : K_TEXT;
    if (jsonl)
        k = K_JSONL;
    s->format = kind_format(k);
    if (k == K_JSONL) {
        s->mode = MODE_JSONL;
        int rc = tt_jsonl__open(&s->jr, s->f, 0, &s->err);
        if (!rc)
            rc = tt_jsonl__set_field(s->jr, s->text_field, &s->err);
        if (!rc)
            tt_jsonl__prefix(s->jr, s->peek, s->peek_len);
        return rc;
    }
    if (k == K_TEXT) {
        s->mode = MODE_TEXT;
        return 0;
    }
    return read_whole(s);
}

static int peek_file(tt_source *s, const char *path, const tt_source_opts *opts);

int
tt_source_open(tt_source **out, const char *path, const tt_source_opts *opts)
{
    int rc = setup(out, path, opts);
    if (rc)
        return rc;
    tt_source *s = *out;
    /* the library reads no standard input: the caller hands it in (tt_source_open_file) */
    if (strcmp(path, "-") == 0)
        return tt__error(&s->err, TT_EINVAL, "cannot read '-': open standard input with "
                                             "tt_source_open_file()");
    s->f = fopen(path, "rb");
    if (!s->f)
        return tt__error(&s->err, TT_EIO, "cannot read '%s': %s", path, tt_errno_text(errno));
    s->own_f = 1;
    s->total = file_size(s->f);
    return peek_file(s, path, opts);
}

int
tt_source_open_file(tt_source **out, const char *name, FILE *f, const tt_source_opts *opts)
{
    int rc = setup(out, name, opts);
    if (rc)
        return rc;
    (*out)->f = f; /* borrowed: not closed by tt_source_free() */
    (*out)->total = file_size(f);
    return peek_file(*out, name, opts);
}

/* Peek at the first bytes of s->f and recognize the format. */
static int
peek_file(tt_source *s, const char *path, const tt_source_opts *opts)
{
    if (!(s->peek = malloc(PEEK)))
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    /* read(2), not fread(): on a pipe, JSON lines must be recognized (and their first post
     * handed out) as soon as the first line is complete, not when 64 KiB have arrived.  The
     * FILE has buffered nothing yet, so reading it on from here loses no byte. */
    int fd = fileno(s->f);
    while (s->peek_len < PEEK) {
        ssize_t n = read(fd, s->peek + s->peek_len, PEEK - s->peek_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return tt__error(&s->err, TT_EIO, "cannot read '%s': %s", path, tt_errno_text(errno));
        if (n == 0) {
            s->eof = 1;
            break;
        }
        s->peek_len += (size_t)n;
        tell(s, s->peek_len, 0);
        if ((opts && opts->jsonl) || (first_char(s->peek, s->peek_len) == '{' &&
                                      memchr(s->peek, '\n', s->peek_len)))
            break; /* JSON lines, or a JSON document that json_kind() can tell from its line */
    }
    return start(s, opts);
}

int
tt_source_open_mem(tt_source **out, const char *name, const void *data, size_t len,
                   const tt_source_opts *opts)
{
    int rc = setup(out, name, opts);
    if (rc)
        return rc;
    tt_source *s = *out;
    if (!(s->peek = malloc(len ? len : 1)))
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    if (len)
        memcpy(s->peek, data, len);
    s->peek_len = len;
    s->eof = 1;
    s->total = len;
    tell(s, len, 0);
    return start(s, opts);
}

/* ---- reading ---- */

static void
hand_out(const qitem *it, tt_source_item *out)
{
    out->id = it->id;
    out->author = it->author;
    out->date = it->date;
    out->url = it->url;
    out->format = it->format;
    out->attachment = it->attachment;
    out->fields = it->fields;
    out->text = it->text;
    out->text_len = it->text_len;
    out->partial = it->partial;
    out->line = it->line;
    out->note = it->note;
}

static int
next_jsonl(tt_source *s, tt_source_item *out)
{
    free(s->jfields);
    s->jfields = NULL;
    int rc = tt_jsonl__next(s->jr, &s->jp, &s->err);
    tell(s, tt_jsonl__bytes(s->jr), rc == 0);
    if (rc <= 0)
        return rc;
    out->format = "jsonl";
    out->line = s->jp.line;
    if (s->jp.error) {
        out->note = s->jp.msg;
        return 1;
    }
    out->id = s->jp.id;
    out->text = s->jp.text;
    out->text_len = s->jp.text_len;
    json_t *x = s->jp.extra;
    tt_jsonl__meta(x, &out->author, &out->date, &out->url);
    s->jfields = x ? json_dumps(x, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    out->fields = s->jfields ? s->jfields : "{}";
    return 1;
}

static int
next_text(tt_source *s, tt_source_item *out)
{
    qitem_release(&s->cur);
    out->format = "text";
    if (!s->peek_given) {
        s->peek_given = 1;
        if (s->peek_len && memchr(s->peek, '\0', s->peek_len < 8192 ? s->peek_len : 8192)) {
            out->note = "binary file";
            return 1;
        }
        out->text = s->peek;
        out->text_len = s->peek_len;
        out->partial = !s->eof;
        tell(s, s->peek_len, s->eof);
        if (s->peek_len || s->eof)
            return 1;
    }
    if (s->eof || !s->f)
        return 0;
    if (!(s->cur.text = malloc(STREAM_CHUNK)))
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    size_t n = fread(s->cur.text, 1, STREAM_CHUNK, s->f);
    if (n < STREAM_CHUNK) {
        if (ferror(s->f))
            return tt__error(&s->err, TT_EIO, "cannot read '%s': %s", s->name,
                             tt_errno_text(errno));
        s->eof = 1;
    }
    tell(s, s->done + n, s->eof);
    out->text = s->cur.text;
    out->text_len = n;
    out->partial = !s->eof;
    return 1;
}

static int
next_item(tt_source *s, tt_source_item *out)
{
    memset(out, 0, sizeof *out);
    if (s->mode == MODE_JSONL)
        return next_jsonl(s, out);
    if (s->mode == MODE_TEXT)
        return next_text(s, out);
    qitem_release(&s->cur);
    if (s->pos >= s->nq)
        return 0;
    s->cur = s->q[s->pos];
    memset(&s->q[s->pos++], 0, sizeof *s->q);
    hand_out(&s->cur, out);
    return 1;
}

int
tt_source_next(tt_source *s, const tt_source_item **out)
{
    *out = NULL;
    int rc = next_item(s, &s->item);
    if (rc == 1)
        *out = &s->item;
    return rc;
}

int
tt_source_find(tt_source *s, const char *id, const tt_source_item **out)
{
    int rc;
    while ((rc = tt_source_next(s, out)) == 1)
        if ((*out)->id && (*out)->text && strcmp((*out)->id, id) == 0)
            return 1;
    *out = NULL;
    return rc;
}

const char *
tt_source_format(const tt_source *s)
{
    return s ? s->format : "text";
}

const char *
tt_source_errmsg(const tt_source *s)
{
    return s ? tt__errmsg(&s->err) : "out of memory";
}

void
tt_source_free(tt_source *s)
{
    if (!s)
        return;
    for (size_t i = s->pos; i < s->nq; i++)
        qitem_release(&s->q[i]);
    free(s->q);
    qitem_release(&s->cur);
    tt_jsonl__post_release(&s->jp);
    tt_jsonl__close(s->jr);
    free(s->jfields);
    if (s->own_f && s->f)
        fclose(s->f);
    free(s->peek);
    free(s->name);
    free(s->dir);
    free(s->text_field);
    free((char *)s->xopts.tessdata);
    free(s);
}
