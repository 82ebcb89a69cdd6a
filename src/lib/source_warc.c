/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source_warc.c: WARC web archives (ISO 28500, WARC/1.0 and WARC/1.1), for source.c.
 *
 * A record is a version line, header lines up to an empty line, a block of Content-Length
 * bytes and two CRLFs.  "response" records hold an HTTP response: its headers are dropped, a
 * chunked body is de-chunked, and the body is recognized like any input (a gzip body is
 * expanded, a page reduced to its text, by name or by content).  "resource" and "conversion"
 * records hold the content itself.  Other records (request, metadata, warcinfo, revisit) have
 * nothing a reader saw.  An item is under the record's WARC-Record-ID (the uuid without
 * "<urn:uuid:" and ">"), with WARC-Target-URI as its url and WARC-Date as its date.  A
 * .warc.gz (gzip per record) comes here through the gzip reader.  A record whose length runs
 * past the end, or headers that do not parse, end the archive with a note.
 */
#include <stdlib.h>
#include <string.h>

#include "source_internal.h"

/* The value of header name in the header block h[0..n), copied into out; 0 when absent. */
static int
header(const char *h, size_t n, const char *name, char *out, size_t cap)
{
    size_t k = strlen(name);
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(h + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - h) : n;
        if (e - i > k && h[i + k] == ':' && strncasecmp(h + i, name, k) == 0) {
            size_t v = i + k + 1;
            while (v < e && (h[v] == ' ' || h[v] == '\t'))
                v++;
            size_t w = e;
            while (w > v && (h[w - 1] == '\r' || h[w - 1] == ' '))
                w--;
            size_t len = w - v < cap - 1 ? w - v : cap - 1;
            memcpy(out, h + v, len);
            out[len] = '\0';
            return 1;
        }
        i = e + 1;
    }
    return 0;
}

/* The end of a header block starting at d[i]: the index after its empty line, or 0. */
static size_t
block_end(const char *d, size_t n, size_t i)
{
    for (size_t k = i; k + 1 < n; k++) {
        if (d[k] == '\n' && d[k + 1] == '\n')
            return k + 2;
        if (d[k] == '\n' && k + 2 < n && d[k + 1] == '\r' && d[k + 2] == '\n')
            return k + 3;
    }
    return 0;
}

/* De-chunk an HTTP/1.1 chunked body into out; stops at a malformed chunk. */
static int
dechunk(tt_buf *out, const char *d, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char *end;
        unsigned long long k = strtoull(d + i, &end, 16);
        const char *nl = memchr(d + i, '\n', n - i);
        if (!nl || end == d + i || k == 0)
            break;
        i = (size_t)(nl - d) + 1;
        if (k > n - i)
            k = n - i;
        if (tt_buf_add(out, d + i, (size_t)k))
            return TT_ENOMEM;
        i += (size_t)k;
        while (i < n && (d[i] == '\r' || d[i] == '\n'))
            i++;
    }
    return 0;
}

static int
record(tt_source *s, const char *base, const char *h, size_t hn, const char *b, size_t bn,
       int depth, const tt_source_meta *pm)
{
    char type[64] = "", rid[256] = "", uri[2048] = "", date[64] = "", ct[256] = "";
    header(h, hn, "WARC-Type", type, sizeof type);
    header(h, hn, "WARC-Record-ID", rid, sizeof rid);
    header(h, hn, "WARC-Target-URI", uri, sizeof uri);
    header(h, hn, "WARC-Date", date, sizeof date);
    header(h, hn, "Content-Type", ct, sizeof ct);
    int response = strcmp(type, "response") == 0;
    if (!response && strcmp(type, "resource") != 0 && strcmp(type, "conversion") != 0)
        return 0;
    char *id = rid;
    if (strncmp(id, "<urn:uuid:", 10) == 0) {
        id += 10;
        char *gt = strchr(id, '>');
        if (gt)
            *gt = '\0';
    } else if (*id == '<') {
        id++;
        char *gt = strchr(id, '>');
        if (gt)
            *gt = '\0';
    }
    tt_source_meta m = pm ? *pm : (tt_source_meta){0};
    m.url = *uri ? uri : NULL;
    m.date = *date ? date : NULL;
    char *full;
    if (tt_source__id(&full, base, *id ? id : NULL))
        return TT_ENOMEM;
    tt_buf body;
    tt_buf_init(&body);
    int rc = 0;
    const char *d = b;
    size_t n = bn;
    char name[2048];
    snprintf(name, sizeof name, "%s", uri);
    char *q = strpbrk(name, "?#");
    if (q)
        *q = '\0';
    if (response && strstr(ct, "application/http")) {
        size_t e = block_end(b, bn, 0);
        if (!e) {
            rc = tt_source__note(s, full, NULL, "warc", &m, "HTTP response without headers");
            goto out;
        }
        char te[64] = "", hct[256] = "";
        header(b, e, "Transfer-Encoding", te, sizeof te);
        header(b, e, "Content-Type", hct, sizeof hct);
        d = b + e;
        n = bn - e;
        if (strstr(te, "chunked")) {
            if ((rc = dechunk(&body, d, n)))
                goto out;
            d = body.data ? body.data : "";
            n = body.len;
        }
        if (strstr(hct, "text/html") && !strstr(name, ".htm"))
            snprintf(name, sizeof name, "page.html"); /* tells the HTML sniffer */
    }
    rc = tt_source__read(s, full, name, d, n, depth, &m);
out:
    tt_buf_release(&body);
    free(full);
    return rc;
}

int
tt_source__warc(tt_source *s, const char *base, const char *data, size_t len, int depth,
                const tt_source_meta *m)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    int rc = 0;
    while (i < len && !rc) {
        while (i < len && (data[i] == '\r' || data[i] == '\n'))
            i++;
        if (i >= len)
            break;
        if (len - i < 7 || memcmp(data + i, "WARC/1.", 7) != 0)
            return tt_source__note(s, base, NULL, "warc", m,
                                   "not a WARC record at byte %zu: the rest is not read", i);
        size_t e = block_end(data, len, i);
        char cl[32] = "";
        if (!e || !header(data + i, e - i, "Content-Length", cl, sizeof cl))
            return tt_source__note(s, base, NULL, "warc", m,
                                   "WARC record at byte %zu without headers or length", i);
        char *end;
        unsigned long long k = strtoull(cl, &end, 10);
        if (*end || k > len - e)
            return tt_source__note(s, base, NULL, "warc", m,
                                   "WARC record at byte %zu runs past the end", i);
        if ((rc = tt_source__charge(s, base, 0, 1)))
            break;
        rc = record(s, base, data + i, e - i, data + e, (size_t)k, depth, m);
        i = e + (size_t)k;
    }
    return rc == TT_ELIMIT ? 0 : rc;
}
