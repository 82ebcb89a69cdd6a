/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_docs.c: registered documents: adding files, finding them by id, reading their text back.
 *
 * A document is its original bytes (kept exactly), its SHA-256, and the text telltale works
 * on: valid UTF-8 without NUL bytes (malformed bytes become U+FFFD, utf8.h), HTML reduced to
 * what a reader sees (html_to_text.h), Markdown kept as written.  Its short id is "d" + the
 * first 8 hex digits of the SHA-256, lengthened by 2 digits while another document holds it,
 * so an id never changes once given.  The same content is never registered twice.
 *
 * When the original bytes are the text's, byte for byte (most plain text), the row stores
 * them once: `original` holds an empty blob and every reader of the original (ORIGINAL_COL,
 * INFO_COLS) reads the text instead.  An empty file is never registered, so an empty
 * `original` always means "the text".
 *
 * A store module (vault_internal.h): every SQL statement on the documents and vetoes tables is
 * here; the issuer reads a document's text and vetoes through tt_vault__doc_body and
 * tt_vault__vetoes, and writes vetoes through tt_vault__veto_put.
 *
 * Invariants: tt_vault_add_files() reads and checks every file before it writes anything, and
 * writes all of them and their audit entries in one transaction: all or none.  A call that
 * writes one document logs one "add" entry naming it; a call that writes several logs one
 * batch entry per TT_LIMIT_ADD_ENTRY_DOCS of them (log_batch), which binds each row as a single
 * entry does in about a sixth of the bytes (bench/results/vault-size.md).
 * Workload: documents of up to some megabytes; each is read whole into memory.
 */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bind.h"
#include "extract_internal.h"
#include "html_to_text.h"
#include "telltale/limits.h"
#include "testhooks.h"
#include "utf8.h"
#include "vault_internal.h"
#include "vault_handle.h"
#include "common.h"

#define TITLE_MAX 80 /* code points */

static size_t entry_docs = TT_LIMIT_ADD_ENTRY_DOCS; /* tt__add_entry_docs */

void
tt__add_entry_docs(size_t n)
{
    entry_docs = n ? n : TT_LIMIT_ADD_ENTRY_DOCS;
}

/* One file, read and checked, waiting to be written. */
typedef struct pending {
    const char *path;
    const char *filename; /* within path */
    char *data;           /* original bytes */
    size_t len;
    const char *media_type;
    tt_buf text;
    size_t words;
    size_t replaced;
    char *title;
    char sha256[65];
} pending;

static const char *
base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

static size_t
count_words(const char *s, size_t n)
{
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (!space && !in)
            w++;
        in = !space;
    }
    return w;
}

/* A title from s[0..n): trimmed, at most TITLE_MAX code points, or NULL when empty. */
static char *
title_from(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    size_t cps = 0, cut = 0;
    while (cut < n && cps < TITLE_MAX) {
        cut++;
        while (cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut++;
        cps++;
    }
    if (cut == 0)
        return NULL;
    char *t = malloc(cut + 1);
    if (t) {
        memcpy(t, s, cut);
        t[cut] = '\0';
    }
    return t;
}

/* The first non-empty line of the text (Markdown: without its heading marks). */
static char *
first_line_title(const pending *p)
{
    const char *s = p->text.data;
    size_t n = p->text.len;
    while (n) {
        const char *nl = memchr(s, '\n', n);
        size_t len = nl ? (size_t)(nl - s) : n;
        const char *l = s;
        size_t ll = len;
        while (ll && (*l == ' ' || *l == '\t' || *l == '\r'))
            l++, ll--;
        if (strcmp(p->media_type, "text/markdown") == 0)
            while (ll && (*l == '#' || *l == ' ' || *l == '\t'))
                l++, ll--;
        char *t = title_from(l, ll);
        if (t)
            return t;
        if (!nl)
            break;
        s += len + 1;
        n -= len + 1;
    }
    return NULL;
}

static void
pending_release(pending *p)
{
    free(p->data);
    tt_buf_release(&p->text);
    free(p->title);
}

/* Read and check one file into p; nothing is written. */
static int
prepare(tt_vault *v, pending *p, const char *path, const tt_add_opts *opts)
{
    memset(p, 0, sizeof *p);
    p->path = path;
    p->filename = base_name(path);
    struct stat st;
    if (stat(path, &st) != 0)
        return tt__error(&v->err, errno == ENOENT ? TT_ENOENT : TT_EIO, "cannot add '%s': %s",
                         path, errno == ENOENT ? "no such file" : tt_errno_text(errno));
    if (S_ISDIR(st.st_mode))
        return tt__error(&v->err, TT_EINVAL, "cannot add '%s': is a directory", path);
    int rc = tt__read_file(&v->err, path, &p->data, &p->len);
    if (rc)
        return rc;
    if (p->len == 0)
        return tt__error(&v->err, TT_EEMPTY, "cannot add '%s': empty file", path);

    const char *ext = strrchr(p->filename, '.');
    ext = ext ? ext + 1 : "";
    tt_media media = tt_media_sniff(p->data, p->len); /* by content, never by name */
    if (media == TT_MEDIA_PDF)
        p->media_type = "application/pdf";
    else if (media != TT_MEDIA_TEXT)
        return tt__error(&v->err, TT_EFORMAT,
                         "cannot add '%s': a %s image is not a document (register its text or "
                         "a PDF; scan, verify and trace read images)",
                         path, tt_media_name(media));
    else if (tt_html__sniff(p->filename, p->data, p->len))
        p->media_type = "text/html";
    else if (strcasecmp(ext, "md") == 0 || strcasecmp(ext, "markdown") == 0)
        p->media_type = "text/markdown";
    else if (strcasecmp(ext, "txt") == 0 || strcasecmp(ext, "text") == 0 || *ext == '\0' ||
             !memchr(p->data, '\0', p->len))
        p->media_type = "text/plain";
    else
        return tt__error(&v->err, TT_EFORMAT, "cannot add '%s': not a text file", path);

    tt_buf clean;
    tt_buf_init(&clean);
    tt_extract *x = NULL;
    if (strcmp(p->media_type, "application/pdf") == 0) {
        /* a PDF is registered by its text (poppler; a scanned PDF by OCR) */
        if ((rc = tt_extract__read(&x, &v->err, tt_vault__extract_opts(v), "add", path, p->data,
                                   p->len)) != 0)
            return rc;
        size_t xl;
        const char *xt = tt_extract_text(x, &xl);
        p->replaced = tt_utf8__sanitize(&clean, xt, xl);
        /* its title metadata names it, unless --title does */
        const char *xtitle = tt_extract_title(x);
        if (!opts->title && xtitle && !(p->title = title_from(xtitle, strlen(xtitle)))) {
            tt_extract_free(x);
            tt_buf_release(&clean);
            return tt__error(&v->err, TT_ENOMEM, "out of memory");
        }
        tt_extract_free(x);
    } else {
        p->replaced = tt_utf8__sanitize(&clean, p->data, p->len);
    }
    if (p->replaced == SIZE_MAX) {
        tt_buf_release(&clean);
        return tt__error(&v->err, TT_ENOMEM, "cannot add '%s': out of memory", path);
    }
    const char *c = clean.data;
    size_t cn = clean.len;
    if (cn >= 3 && memcmp(c, "\xEF\xBB\xBF", 3) == 0)
        c += 3, cn -= 3;
    if (strcmp(p->media_type, "text/html") == 0) {
        rc = tt_html__to_text(&p->text, c, cn, &v->err);
        if (rc == 0 && !opts->title) {
            tt_buf t;
            tt_buf_init(&t);
            int got = tt_html__title(&t, c, cn);
            if (got < 0)
                rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            else if (got > 0 && !(p->title = title_from(t.data, t.len)) && t.len)
                rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            tt_buf_release(&t);
        }
    } else {
        rc = tt_buf_add(&p->text, c, cn) ? tt__error(&v->err, TT_ENOMEM, "out of memory") : 0;
    }
    tt_buf_release(&clean);
    if (rc)
        return rc;
    if (!p->text.data && tt_buf_grow(&p->text, 0))
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    p->words = count_words(p->text.data, p->text.len);
    if (p->words == 0)
        return tt__error(&v->err, TT_EEMPTY, "cannot add '%s': no text", path);

    if (opts->title)
        p->title = strdup(opts->title);
    else if (!p->title && !(p->title = first_line_title(p)))
        p->title = strdup(p->filename);
    if (!p->title)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");

    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)p->data, p->len);
    sodium_bin2hex(p->sha256, sizeof p->sha256, h, sizeof h);
    return 0;
}

/* The original bytes of a row: stored, or (an empty blob) the text's (FORMATS.md §2.1). */
#define ORIGINAL_COL "CASE WHEN length(original) = 0 THEN CAST(text AS BLOB) ELSE original END"

#define INFO_COLS                                                                              \
    "id, doc_id, sha256, title, label, filename, media_type,"                                  \
    " CASE WHEN length(original) = 0 THEN length(CAST(text AS BLOB)) ELSE length(original) END,"  \
    " words, added, retired, (SELECT count(*) FROM copies c WHERE c.doc = documents.id)"

static char *
col_dup(sqlite3_stmt *st, int i, int *oom)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (!s)
        return NULL;
    char *r = strdup(s);
    if (!r)
        *oom = 1;
    return r;
}

static int
info_fill(sqlite3_stmt *st, tt_doc_info *d)
{
    memset(d, 0, sizeof *d);
    int oom = 0;
    const char *s;
    d->row = sqlite3_column_int64(st, 0);
    s = (const char *)sqlite3_column_text(st, 1);
    snprintf(d->id, sizeof d->id, "%s", s ? s : "");
    s = (const char *)sqlite3_column_text(st, 2);
    snprintf(d->sha256, sizeof d->sha256, "%s", s ? s : "");
    d->title = col_dup(st, 3, &oom);
    d->label = col_dup(st, 4, &oom);
    d->filename = col_dup(st, 5, &oom);
    d->media_type = col_dup(st, 6, &oom);
    d->bytes = (size_t)sqlite3_column_int64(st, 7);
    d->words = (size_t)sqlite3_column_int64(st, 8);
    s = (const char *)sqlite3_column_text(st, 9);
    snprintf(d->added, sizeof d->added, "%s", s ? s : "");
    s = (const char *)sqlite3_column_text(st, 10);
    snprintf(d->retired, sizeof d->retired, "%s", s ? s : "");
    d->copies = (size_t)sqlite3_column_int64(st, 11);
    if (oom) {
        tt_doc_info_release(d);
        return TT_ENOMEM;
    }
    return 0;
}

/* Look a document up by its exact sha256; 1 found (into d), 0 not, or an error.  Through the
 * doc_id index: an id is "d" and the first 8, 10, ... hex digits of the SHA-256, so every
 * document with this content's id prefix has an id in ["d" + 8 digits, that + "g"), hex
 * digits all sorting below 'g' (a vault of schema 7 has no index on sha256, db.c). */
static int
by_sha(tt_vault *v, const char *sha, tt_doc_info *d)
{
    sqlite3_stmt *st = NULL;
    char lo[16], hi[16];
    snprintf(lo, sizeof lo, "d%.8s", sha);
    snprintf(hi, sizeof hi, "d%.8sg", sha);
    if (sqlite3_prepare_v2(v->db,
                           "SELECT " INFO_COLS " FROM documents"
                           " WHERE doc_id >= ?1 AND doc_id < ?2 AND sha256 = ?3",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read documents");
    int rc = sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
                     sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
                     sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC) == SQLITE_OK
                 ? sqlite3_step(st)
                 : SQLITE_ERROR;
    int r;
    if (rc == SQLITE_ROW)
        r = info_fill(st, d) ? tt__error(&v->err, TT_ENOMEM, "out of memory") : 1;
    else if (rc == SQLITE_DONE)
        r = 0;
    else
        r = tt_vault__dberr(v, "read documents");
    sqlite3_finalize(st);
    return r;
}

static int
id_taken(tt_vault *v, const char *id, int *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "SELECT 1 FROM documents WHERE doc_id = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return tt_vault__dberr(v, "read documents");
    int rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) == SQLITE_OK ? sqlite3_step(st)
                                                                           : SQLITE_ERROR;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tt_vault__dberr(v, "read documents");
    *out = rc == SQLITE_ROW;
    return 0;
}

/* Write one prepared file's row (or find it registered); in a transaction.  The caller logs
 * it. */
static int
store(tt_vault *v, pending *p, const tt_add_opts *opts, tt_doc_info *out)
{
    int rc = by_sha(v, p->sha256, out);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        out->duplicate = 1;
        out->replaced = p->replaced;
        return 0;
    }
    char id[24];
    size_t idlen = 8;
    for (;;) {
        snprintf(id, sizeof id, "d%.*s", (int)idlen, p->sha256);
        int taken = 0;
        if ((rc = id_taken(v, id, &taken)))
            return rc;
        if (!taken)
            break;
        idlen += 2;
        if (idlen > 20) /* 80 bits of the hash collide: a different SHA-256 cannot share them */
            return tt__error(&v->err, TT_EDB, "cannot add '%s': no free document id", p->path);
    }
    char now[32];
    tt_vault__now(now);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "INSERT INTO documents(doc_id, sha256, title, label, filename,"
                           " media_type, original, text, words, added)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "add a document");
    /* A failed bind leaves its parameter NULL: a text over SQLite's length limit became a
     * "NOT NULL constraint failed" on step.  Every bind is checked; the first failure wins. */
    int b = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (b == SQLITE_OK)
        b = sqlite3_bind_text(st, 2, p->sha256, -1, SQLITE_STATIC);
    if (b == SQLITE_OK)
        b = sqlite3_bind_text(st, 3, p->title, -1, SQLITE_STATIC);
    if (b == SQLITE_OK && opts->label)
        b = sqlite3_bind_text(st, 4, opts->label, -1, SQLITE_STATIC);
    if (b == SQLITE_OK)
        b = sqlite3_bind_text(st, 5, p->filename, -1, SQLITE_STATIC);
    if (b == SQLITE_OK)
        b = sqlite3_bind_text(st, 6, p->media_type, -1, SQLITE_STATIC);
    /* the original once: an empty blob (not NULL) when it is the text, byte for byte */
    int same = p->len == p->text.len && memcmp(p->data, p->text.data, p->len) == 0;
    if (b == SQLITE_OK)
        b = same ? sqlite3_bind_zeroblob(st, 7, 0)
                 : sqlite3_bind_blob64(st, 7, p->data, p->len, SQLITE_STATIC);
    if (b == SQLITE_OK)
        b = sqlite3_bind_text64(st, 8, p->text.data, p->text.len, SQLITE_STATIC, SQLITE_UTF8);
    if (b == SQLITE_OK)
        b = sqlite3_bind_int64(st, 9, (sqlite3_int64)p->words);
    if (b == SQLITE_OK)
        b = sqlite3_bind_text(st, 10, now, -1, SQLITE_STATIC);
    if (b != SQLITE_OK) {
        sqlite3_finalize(st);
        if (b == SQLITE_TOOBIG)
            return tt__error(&v->err, TT_ELIMIT, "cannot add '%s': too big for the database",
                             p->path);
        return tt__error(&v->err, TT_EDB, "cannot add '%s': %s", p->path, sqlite3_errstr(b));
    }
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return tt_vault__dberr(v, "add a document");

    memset(out, 0, sizeof *out);
    out->row = sqlite3_last_insert_rowid(v->db);
    snprintf(out->id, sizeof out->id, "%s", id);
    snprintf(out->sha256, sizeof out->sha256, "%s", p->sha256);
    out->title = strdup(p->title);
    out->label = opts->label ? strdup(opts->label) : NULL;
    out->filename = strdup(p->filename);
    out->media_type = strdup(p->media_type);
    out->bytes = p->len;
    out->words = p->words;
    snprintf(out->added, sizeof out->added, "%s", now);
    out->replaced = p->replaced;
    if (!out->title || !out->filename || !out->media_type || (opts->label && !out->label))
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    return 0;
}

/* Append one "add" entry and release its args. */
static int
append_add(tt_vault *v, json_t *j)
{
    char *args = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!args)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    int rc = tt_vault_log_append(v, "add", args);
    free(args);
    return rc;
}

/* The entry of a call that wrote one document: it binds the row as written (its text,
 * original bytes and every column) and names its metadata. */
static int
log_single(tt_vault *v, const pending *p, const tt_add_opts *opts, const tt_doc_info *d)
{
    json_t *binds = json_array();
    if (!binds)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    int rc = tt_bind__push(v, binds, TT_BIND_DOC, d->id);
    if (rc) {
        json_decref(binds);
        return rc;
    }
    return append_add(
        v, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:I, s:I, s:o}", "doc", d->id, "sha256",
                     p->sha256, "title", p->title, "filename", p->filename, "label", opts->label,
                     "media_type", p->media_type, "bytes", (json_int_t)p->len, "words",
                     (json_int_t)p->words, "bind", binds));
}

/* The entries of a call that wrote several documents: one per TT_LIMIT_ADD_ENTRY_DOCS
 * documents (and about TT_LIMIT_ADD_ENTRY_BYTES of args at most, telltale/limits.h), each
 * {"docs": [[id, digest, filename, bytes, words(, media type)], ...], "label": L (when
 * given), "media_type": M}: the digest binds the row as written, as a single entry's "bind"
 * triple does; a document's media type is given only when it is not the entry's M (its
 * first document's).  The title, SHA-256 and time are in the row the digest binds
 * (FORMATS.md §3.1). */
static int
log_batch(tt_vault *v, const pending *p, const tt_add_opts *opts, const tt_doc_info *d, size_t n)
{
    size_t i = 0;
    while (i < n) {
        json_t *docs = json_array();
        if (!docs)
            return tt__error(&v->err, TT_ENOMEM, "out of memory");
        const char *mt = NULL;
        size_t count = 0, bytes = 0;
        for (; i < n && count < entry_docs && bytes < TT_LIMIT_ADD_ENTRY_BYTES; i++) {
            if (d[i].duplicate)
                continue;
            char dg[65];
            int rc = tt_bind__digest(v, TT_BIND_DOC, d[i].id, dg);
            if (rc == TT_ENOENT)
                rc = tt__error(&v->err, TT_EDB, "cannot bind doc '%s': no such record", d[i].id);
            if (rc) {
                json_decref(docs);
                return rc;
            }
            if (!mt)
                mt = p[i].media_type;
            json_t *it = json_pack("[s, s, s, I, I]", d[i].id, dg, p[i].filename,
                                   (json_int_t)p[i].len, (json_int_t)p[i].words);
            if (it && strcmp(p[i].media_type, mt) != 0 &&
                json_array_append_new(it, json_string(p[i].media_type))) {
                json_decref(it);
                it = NULL;
            }
            /* an item's size in the args: its fields, their quotes and separators, and
             * JSON escapes of the file name (6 bytes at most for one byte) */
            bytes += strlen(d[i].id) + 64 + 6 * strlen(p[i].filename) + 6 * strlen(mt) + 64;
            if (!it || json_array_append_new(docs, it)) {
                json_decref(docs);
                return tt__error(&v->err, TT_ENOMEM, "out of memory");
            }
            count++;
        }
        if (!count) {
            json_decref(docs);
            break;
        }
        json_t *j = json_pack("{s:o, s:s}", "docs", docs, "media_type", mt);
        if (j && opts->label && json_object_set_new(j, "label", json_string(opts->label))) {
            json_decref(j);
            j = NULL;
        }
        int rc = append_add(v, j);
        if (rc)
            return rc;
    }
    return 0;
}

int
tt_vault_add_files(tt_vault *v, const char *const *paths, size_t n, const tt_add_opts *opts,
                   tt_doc_info *out)
{
    static const tt_add_opts none = {NULL, NULL};
    if (!opts)
        opts = &none;
    if (opts->title && (!*opts->title || strpbrk(opts->title, "\r\n") ||
                        tt_utf8__check(opts->title, strlen(opts->title)) != strlen(opts->title)))
        return tt__error(&v->err, TT_EINVAL, "a title must be one line of UTF-8 text");
    if (opts->label && tt_utf8__check(opts->label, strlen(opts->label)) != strlen(opts->label))
        return tt__error(&v->err, TT_EINVAL, "a label must be UTF-8 text");
    pending *p = calloc(n ? n : 1, sizeof *p);
    if (!p)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    int rc = 0;
    size_t i;
    for (i = 0; i < n && rc == 0; i++)
        rc = prepare(v, &p[i], paths[i], opts);
    if (rc)
        goto out;
    if ((rc = tt_vault__begin(v)))
        goto out;
    size_t wrote = 0, one = 0;
    for (i = 0; i < n && rc == 0; i++) {
        rc = store(v, &p[i], opts, &out[i]);
        if (rc == 0 && !out[i].duplicate) {
            one = i;
            wrote++;
        }
    }
    /* one document: the single entry of old; several: batch entries (FORMATS.md §3.1) */
    if (rc == 0 && wrote == 1)
        rc = log_single(v, &p[one], opts, &out[one]);
    else if (rc == 0 && wrote > 1)
        rc = log_batch(v, p, opts, out, n);
    if (rc) {
        tt_vault__rollback(v);
        for (size_t k = 0; k < n; k++)
            tt_doc_info_release(&out[k]);
        goto out;
    }
    if ((rc = tt_vault__commit(v)))
        for (size_t k = 0; k < n; k++)
            tt_doc_info_release(&out[k]);
out:
    for (i = 0; i < n; i++)
        pending_release(&p[i]);
    free(p);
    return rc;
}

/* The statement's single matching document for id (exact, else a unique prefix). */
static int
find_stmt(tt_vault *v, const char *cols, const char *id, sqlite3_stmt **out)
{
    *out = NULL;
    size_t n = strlen(id);
    if (n == 0 || n > 22 || strspn(id, "d0123456789abcdef") != n)
        return tt__error(&v->err, TT_ENOENT, "no document '%s'", id);
    char sql[512];
    for (int exact = 1; exact >= 0; exact--) {
        snprintf(sql, sizeof sql, "SELECT %s FROM documents WHERE %s LIMIT 2", cols,
                 exact ? "doc_id = ?1" : "substr(doc_id, 1, length(?1)) = ?1");
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK)
            return tt_vault__dberr(v, "read documents");
        int rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT) == SQLITE_OK
                     ? sqlite3_step(st)
                     : SQLITE_ERROR;
        if (rc == SQLITE_ROW) {
            /* Check uniqueness with a second statement, then rewind this one. */
            int rc2 = sqlite3_step(st);
            if (rc2 == SQLITE_ROW) {
                sqlite3_finalize(st);
                return tt__error(&v->err, TT_EINVAL, "document id '%s' is ambiguous", id);
            }
            sqlite3_reset(st);
            if (sqlite3_step(st) != SQLITE_ROW) {
                sqlite3_finalize(st);
                return tt_vault__dberr(v, "read documents");
            }
            *out = st;
            return 0;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return tt_vault__dberr(v, "read documents");
    }
    return tt__error(&v->err, TT_ENOENT, "no document '%s'", id);
}

int
tt_vault_doc_find(tt_vault *v, const char *id, tt_doc_info *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int rc = find_stmt(v, INFO_COLS, id, &st);
    if (rc)
        return rc;
    rc = info_fill(st, out) ? tt__error(&v->err, TT_ENOMEM, "out of memory") : 0;
    sqlite3_finalize(st);
    return rc;
}

int
tt_vault__doc_row(tt_vault *v, const char *id, int64_t *out_row)
{
    sqlite3_stmt *st;
    int rc = find_stmt(v, "id", id, &st);
    if (rc)
        return rc;
    *out_row = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return 0;
}

static int
doc_blob(tt_vault *v, const char *col, const char *id, char **out, size_t *out_len)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    sqlite3_stmt *st;
    int rc = find_stmt(v, col, id, &st);
    if (rc)
        return rc;
    const void *p = sqlite3_column_blob(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    char *r = malloc(n + 1);
    if (!r) {
        sqlite3_finalize(st);
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    }
    if (n)
        memcpy(r, p, n);
    r[n] = '\0';
    sqlite3_finalize(st);
    *out = r;
    if (out_len)
        *out_len = n;
    return 0;
}

int
tt_vault_doc_text(tt_vault *v, const char *id, char **out, size_t *out_len)
{
    return doc_blob(v, "text", id, out, out_len);
}

int
tt_vault_doc_original(tt_vault *v, const char *id, char **out, size_t *out_len)
{
    return doc_blob(v, ORIGINAL_COL, id, out, out_len);
}

int
tt_vault__doc_body(tt_vault *v, int64_t row, char id[24], int *markdown, char **text,
                   size_t *len, char **label)
{
    *text = NULL;
    *label = NULL;
    *len = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT doc_id, media_type, text, coalesce(label, title) FROM "
                           "documents WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the document");
    sqlite3_bind_int64(st, 1, row);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
            return tt__error(&v->err, TT_ENOENT, "no document with row %lld", (long long)row);
        return tt_vault__dberr(v, "read the document");
    }
    const char *i = (const char *)sqlite3_column_text(st, 0);
    const char *mt = (const char *)sqlite3_column_text(st, 1);
    const char *t = (const char *)sqlite3_column_text(st, 2);
    size_t n = (size_t)sqlite3_column_bytes(st, 2);
    const char *l = (const char *)sqlite3_column_text(st, 3);
    snprintf(id, 24, "%s", i ? i : "");
    *markdown = mt && strcmp(mt, "text/markdown") == 0;
    *label = strdup(l ? l : "");
    *text = malloc(n + 1);
    rc = 0;
    if (!*text || !*label) {
        free(*text);
        free(*label);
        *text = *label = NULL;
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
    } else {
        if (n)
            memcpy(*text, t, n);
        (*text)[n] = '\0';
        *len = n;
    }
    sqlite3_finalize(st);
    return rc;
}

int
tt_vault__doc_row_of_file(tt_vault *v, const char *name, int64_t *out_row)
{
    *out_row = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT id FROM documents WHERE substr(?1, 1, length(doc_id) + 1) = "
                           "doc_id || '-'",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the documents");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *out_row = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s == SQLITE_ROW || s == SQLITE_DONE ? 0 : tt_vault__dberr(v, "read the documents");
}

int
tt_vault__vetoes(tt_vault *v, int64_t row, char ***out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "SELECT pattern FROM vetoes WHERE doc = ? ORDER BY pattern", -1,
                           &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the vetoes");
    sqlite3_bind_int64(st, 1, row);
    char **p = NULL;
    size_t n = 0, cap = 0;
    int s, rc = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (tt__grow(&p, &cap, n + 1, sizeof *p) || !(p[n] = strdup(t ? t : ""))) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            break;
        }
        n++;
    }
    if (!rc && s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the vetoes");
    sqlite3_finalize(st);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(p[i]);
        free(p);
        return rc;
    }
    *out = p;
    *out_n = n;
    return 0;
}

int
tt_vault__veto_put(tt_vault *v, int64_t row, const char *pattern, int add, int *out_changed)
{
    *out_changed = 0;
    sqlite3_stmt *st = NULL;
    const char *sql = add ? "INSERT OR IGNORE INTO vetoes(doc, pattern) VALUES (?, ?)"
                          : "DELETE FROM vetoes WHERE doc = ? AND pattern = ?";
    if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "write the vetoes");
    sqlite3_bind_int64(st, 1, row);
    sqlite3_bind_text(st, 2, pattern, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : tt_vault__dberr(v, "write the vetoes");
    sqlite3_finalize(st);
    if (!rc)
        *out_changed = sqlite3_changes(v->db) != 0;
    return rc;
}

int
tt_vault_doc_list(tt_vault *v, tt_doc_info **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "SELECT " INFO_COLS " FROM documents ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read documents");
    tt_doc_info *d = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&d, &cap, n + 1, sizeof *d) || info_fill(st, &d[n])) {
            rc = SQLITE_NOMEM;
            break;
        }
        n++;
    }
    if (rc != SQLITE_DONE) {
        int e = rc == SQLITE_NOMEM ? tt__error(&v->err, TT_ENOMEM, "out of memory")
                                   : tt_vault__dberr(v, "read documents");
        sqlite3_finalize(st);
        tt_doc_infos_free(d, n);
        return e;
    }
    sqlite3_finalize(st);
    *out = d;
    *out_n = n;
    return 0;
}

int
tt_vault_doc_retire(tt_vault *v, const char *id, tt_doc_info *out)
{
    tt_doc_info d;
    if (out)
        memset(out, 0, sizeof *out);
    int rc = tt_vault_doc_find(v, id, &d);
    if (rc)
        return rc;
    json_t *binds = NULL;
    char *args = NULL;
    if (d.retired[0]) {
        rc = tt__error(&v->err, TT_EEXIST, "document '%s' is retired already (%s)", d.id,
                       d.retired);
        goto out;
    }
    if ((rc = tt_bind__check(v, TT_BIND_DOC, d.id)))
        goto out;
    char now[32];
    tt_vault__now(now);
    if ((rc = tt_vault__begin(v)))
        goto out;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "UPDATE documents SET retired = ? WHERE id = ?", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "retire a document");
    } else {
        sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, d.row);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = tt_vault__dberr(v, "retire a document");
        sqlite3_finalize(st);
    }
    if (rc == 0 && !(binds = json_array()))
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
    if (rc == 0)
        rc = tt_bind__push(v, binds, TT_BIND_DOC, d.id);
    if (rc == 0) {
        json_t *j = json_pack("{s:s, s:s, s:O}", "doc", d.id, "retired", now, "bind", binds);
        args = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(j);
        rc = args ? tt_vault_log_append(v, "doc-retire", args)
                  : tt__error(&v->err, TT_ENOMEM, "out of memory");
    }
    if (rc) {
        tt_vault__rollback(v);
        goto out;
    }
    if ((rc = tt_vault__commit(v)))
        goto out;
    if (out)
        rc = tt_vault_doc_find(v, d.id, out);
out:
    free(args);
    json_decref(binds);
    tt_doc_info_release(&d);
    return rc;
}

void
tt_doc_info_release(tt_doc_info *d)
{
    if (!d)
        return;
    free(d->title);
    free(d->label);
    free(d->filename);
    free(d->media_type);
    d->title = d->label = d->filename = d->media_type = NULL;
}

void
tt_doc_infos_free(tt_doc_info *d, size_t n)
{
    if (!d)
        return;
    for (size_t i = 0; i < n; i++)
        tt_doc_info_release(&d[i]);
    free(d);
}
