/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source_archive.c: containers and office documents, for source.c.
 *
 * libarchive reads zip and tar (each under gzip, bzip2 or xz or bare) and a bare gzip, bzip2 or
 * xz stream (its one entry named after the source without the suffix).  Every regular entry is
 * read into memory, charged against TT_LIMIT_SOURCE_EXPANDED and TT_LIMIT_SOURCE_ENTRIES, and
 * recognized again one level deeper; its items are under the entry's path.  A zip holding
 * word/document.xml is a .docx and one holding content.xml with an OpenDocument text mimetype
 * an .odt: its text is one item.  libxml2 parses their XML with XML_PARSE_NONET and without
 * XML_PARSE_NOENT or XML_PARSE_DTDLOAD, so no network, no external DTD, no entity expansion.
 * Both libraries are loaded by the first archive read (dynlib.h); when they cannot be, the
 * input is a note naming the library.
 */
#include <pthread.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "source_internal.h"
/* last: libarchive's and libxml2's functions become pointers loaded at first use (dynlib.h) */
#include "dynlib_archive.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
    xmlInitParser();
}

/* The readable text of an office XML tree: text runs, with tabs, line breaks and a newline
 * after each paragraph or heading.  docx keeps only w:t runs (not deleted text, not field
 * instructions); odt every text node, with text:s giving its count of spaces. */
static int
walk(tt_buf *out, xmlNode *n, int odt, int in_t, int depth)
{
    if (depth > 256)
        return 0; /* deeper than any document: ignored, not recursed */
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if ((odt || in_t) && n->content &&
                tt_buf_adds(out, (const char *)n->content))
                return TT_ENOMEM;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        int rc = 0;
        if (strcmp(name, "tab") == 0)
            rc = tt_buf_addc(out, '\t');
        else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0 ||
                 strcmp(name, "line-break") == 0)
            rc = tt_buf_addc(out, '\n');
        else if (odt && strcmp(name, "s") == 0) {
            xmlChar *c = xmlGetProp(n, (const xmlChar *)"c");
            long k = c ? strtol((const char *)c, NULL, 10) : 1;
            xmlFree(c);
            for (long i = 0; i < (k < 1 ? 1 : k > 1000 ? 1000 : k) && !rc; i++)
                rc = tt_buf_addc(out, ' ');
        } else if (!odt && (strcmp(name, "delText") == 0 || strcmp(name, "instrText") == 0))
            continue;
        if (rc)
            return TT_ENOMEM;
        if (walk(out, n->children, odt, in_t || strcmp(name, "t") == 0, depth + 1))
            return TT_ENOMEM;
        if ((strcmp(name, "p") == 0 || strcmp(name, "h") == 0) && tt_buf_addc(out, '\n'))
            return TT_ENOMEM;
    }
    return 0;
}

int
tt_source__xml_text(tt_buf *out, const char *xml, size_t len, int odt)
{
    pthread_once(&xml_once, xml_init);
    if (len > (size_t)INT32_MAX)
        return TT_EFORMAT;
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "part.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return TT_EFORMAT;
    int rc = walk(out, xmlDocGetRootElement(doc), odt, 0, 0);
    xmlFreeDoc(doc);
    return rc;
}

typedef struct entry {
    char *path;
    char *data;
    size_t len;
} entry;

static void
entries_free(entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].path);
        free(e[i].data);
    }
    free(e);
}

static const entry *
find(const entry *e, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].path, path) == 0)
            return &e[i];
    return NULL;
}

/* The name of a bare compressed stream's one entry: the source's name without .gz and its
 * folder ("notes.txt.gz" -> "notes.txt"). */
static char *
raw_name(const char *name)
{
    const char *b = name ? strrchr(name, '/') : NULL;
    b = b ? b + 1 : name ? name : "data";
    size_t n = strlen(b);
    static const char *const sfx[] = {".gz", ".bz2", ".xz", ".tgz"};
    for (size_t i = 0; i < 4; i++) {
        size_t k = strlen(sfx[i]);
        if (n > k && strcmp(b + n - k, sfx[i]) == 0) {
            n -= k;
            break;
        }
    }
    return strndup(b, n);
}

int
tt_source__archive(tt_source *s, const char *base, const char *name, const char *data,
                   size_t len, int depth, const tt_source_meta *m)
{
    tt_err err = {0};
    if (tt_dynlib__need(&err, "reading an archive", TT_DL_ARCHIVE) != 0)
        return tt_source__note(s, base, NULL, "archive", m, "%s", tt__errmsg(&err));
    struct archive *a = archive_read_new();
    if (!a)
        return TT_ENOMEM;
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_raw(a);
    entry *e = NULL;
    size_t ne = 0, cap = 0;
    int rc = 0, raw = 0, broken = 0;
    const char *fmt = "archive";
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
        rc = tt_source__note(s, base, NULL, "archive", m, "not a readable archive: %s",
                             archive_error_string(a) ? archive_error_string(a) : "unknown");
        goto out;
    }
    struct archive_entry *ae;
    int r;
    while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
        if (!raw && archive_entry_filetype(ae) != AE_IFREG)
            continue;
        if ((rc = tt_source__charge(s, base, 0, 1)))
            goto out;
        const char *p = archive_entry_pathname_utf8(ae);
        if (!p)
            p = archive_entry_pathname(ae);
        char *path = raw ? raw_name(name) : strdup(p ? p : "?");
        if (!path || tt__grow(&e, &cap, ne + 1, sizeof *e)) {
            free(path);
            rc = TT_ENOMEM;
            goto out;
        }
        tt_buf b;
        tt_buf_init(&b);
        char chunk[65536];
        la_ssize_t got;
        while ((got = archive_read_data(a, chunk, sizeof chunk)) > 0) {
            if ((rc = tt_source__charge(s, base, (size_t)got, 0)) || tt_buf_add(&b, chunk, (size_t)got)) {
                tt_buf_release(&b);
                free(path);
                rc = rc ? rc : TT_ENOMEM;
                goto out;
            }
        }
        if (got < 0) {
            rc = tt_source__note(s, base, path, "archive", m, "entry not read: %s",
                                 archive_error_string(a) ? archive_error_string(a) : "unknown");
            tt_buf_release(&b);
            free(path);
            if (rc)
                goto out;
            continue;
        }
        e[ne].path = path;
        e[ne].len = b.len;
        if (tt_buf_grow(&b, 0)) {
            tt_buf_release(&b);
            rc = TT_ENOMEM;
            goto out;
        }
        e[ne++].data = tt_buf_detach(&b, NULL);
        if (raw)
            break;
    }
    if (r != ARCHIVE_EOF && r != ARCHIVE_OK && r != ARCHIVE_WARN)
        broken = 1;

    const entry *doc = find(e, ne, "word/document.xml");
    const entry *mt = find(e, ne, "mimetype");
    const entry *odt = find(e, ne, "content.xml");
    int is_odt = odt && mt && mt->len >= 39 &&
                 memcmp(mt->data, "application/vnd.oasis.opendocument.text", 39) == 0;
    if (doc || is_odt) {
        fmt = doc ? "docx" : "odt";
        tt_buf t;
        tt_buf_init(&t);
        int x = tt_source__xml_text(&t, doc ? doc->data : odt->data, doc ? doc->len : odt->len,
                                    !doc);
        if (x == TT_ENOMEM)
            rc = TT_ENOMEM;
        else if (x)
            rc = tt_source__note(s, base, NULL, fmt, m, "%s: its XML does not parse", fmt);
        else
            rc = tt_source__text(s, base, NULL, fmt, t.data ? t.data : "", t.len, m);
        tt_buf_release(&t);
        goto out;
    }
    for (size_t i = 0; i < ne && !rc; i++) {
        char *id;
        if (tt_source__id(&id, base, e[i].path)) {
            rc = TT_ENOMEM;
            break;
        }
        rc = tt_source__read(s, id, e[i].path, e[i].data, e[i].len, depth, m);
        free(id);
        free(e[i].data);
        e[i].data = NULL;
    }
    if (!rc && broken)
        rc = tt_source__note(s, base, NULL, "archive", m, "archive damaged: %s",
                             archive_error_string(a) ? archive_error_string(a) : "unknown");
out:
    (void)fmt;
    archive_read_free(a);
    entries_free(e, ne);
    return rc == TT_ELIMIT ? 0 : rc;
}
