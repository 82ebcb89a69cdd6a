/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv.c: the RFC 4180 reader and writer declared in csv.h.
 *
 * The reader is a small state machine that copies each field's bytes (quotes undone) into one
 * buffer per record, then hands out pointers into it.  Fields are stored as offsets while the
 * buffer grows, and turned into pointers only once the record is complete, so a realloc never
 * leaves a dangling field.  Line numbers count LF, CRLF and lone CR as one break each.
 */
#include <string.h>

#include "csv.h"

void
tt_csv__init(tt_csv_reader *r, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->data = data;
    r->len = len;
    r->line = 1;
    r->sep = ',';
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
}

char
tt_csv__sniff(const char *data, size_t len)
{
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (data[i] == '\n' || data[i] == '\r')) /* empty lines are skipped */
        i++;
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (; i < len; i++) {
        char c = data[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            comma += c == ',', semi += c == ';', tab += c == '\t';
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

void
tt_csv__release(tt_csv_reader *r)
{
    tt_buf_release(&r->bytes);
    free(r->offs);
    free(r->lens);
    free(r->ptrs);
    r->offs = r->lens = NULL;
    r->ptrs = NULL;
    r->cap = 0;
}

/* Close the current field: record where it started and how long it is. */
static int
end_field(tt_csv_reader *r, size_t *nf, size_t start)
{
    if (*nf == r->cap) {
        size_t cap = r->cap, c2 = r->cap;
        if (tt__grow(&r->offs, &cap, *nf + 1, sizeof *r->offs) ||
            tt__grow(&r->lens, &c2, *nf + 1, sizeof *r->lens))
            return TT_ENOMEM;
        size_t c3 = r->cap;
        if (tt__grow(&r->ptrs, &c3, *nf + 1, sizeof *r->ptrs))
            return TT_ENOMEM;
        r->cap = TT_MIN(cap, TT_MIN(c2, c3));
    }
    r->offs[*nf] = start;
    r->lens[*nf] = r->bytes.len - start;
    ++*nf;
    return tt_buf_addc(&r->bytes, '\0');
}

/* Skip past the end of the current line (for resuming after an error). */
static void
skip_line(tt_csv_reader *r)
{
    while (r->pos < r->len) {
        char c = r->data[r->pos++];
        if (c == '\n' || c == '\r') {
            if (c == '\r' && r->pos < r->len && r->data[r->pos] == '\n')
                r->pos++;
            r->line++;
            return;
        }
    }
}

int
tt_csv__next(tt_csv_reader *r, tt_csv_record *out, tt_err *err)
{
    const char *d = r->data;
    size_t n = r->len;
    memset(out, 0, sizeof *out);

    /* Skip empty lines between records. */
    while (r->pos < n && (d[r->pos] == '\n' || d[r->pos] == '\r')) {
        if (d[r->pos] == '\r' && r->pos + 1 < n && d[r->pos + 1] == '\n')
            r->pos++;
        r->pos++;
        r->line++;
    }
    if (r->pos >= n)
        return 0;

    r->bytes.len = 0;
    if (r->bytes.data)
        r->bytes.data[0] = '\0';
    size_t nf = 0, start = 0;
    size_t rec_line = r->line;
    int rc;
    for (;;) {
        /* At the start of a field. */
        start = r->bytes.len;
        if (r->pos < n && d[r->pos] == '"') {
            size_t open_line = r->line;
            r->pos++;
            for (;;) {
                if (r->pos >= n) {
                    r->pos = n;
                    return tt__error(err, TT_EFORMAT, "line %zu: unterminated quoted field",
                                     open_line);
                }
                const char *q = memchr(d + r->pos, '"', n - r->pos);
                size_t stop = q ? (size_t)(q - d) : n;
                /* Count the line breaks inside the quoted run. */
                for (size_t i = r->pos; i < stop; i++)
                    if (d[i] == '\n' || (d[i] == '\r' && !(i + 1 < n && d[i + 1] == '\n')))
                        r->line++;
                if (tt_buf_add(&r->bytes, d + r->pos, stop - r->pos))
                    return tt__error(err, TT_ENOMEM, "out of memory");
                r->pos = stop;
                if (!q)
                    continue; /* reports the unterminated field */
                r->pos++;
                if (r->pos < n && d[r->pos] == '"') { /* "" is one quote */
                    if (tt_buf_addc(&r->bytes, '"'))
                        return tt__error(err, TT_ENOMEM, "out of memory");
                    r->pos++;
                    continue;
                }
                break;
            }
            if (r->pos < n && d[r->pos] != r->sep && d[r->pos] != '\n' && d[r->pos] != '\r') {
                unsigned char c = (unsigned char)d[r->pos];
                size_t line = r->line;
                skip_line(r);
                if (c >= 0x20 && c < 0x7F)
                    return tt__error(err, TT_EFORMAT,
                                     "line %zu: unexpected '%c' after closing quote", line, c);
                return tt__error(err, TT_EFORMAT,
                                 "line %zu: unexpected byte 0x%02x after closing quote", line, c);
            }
        } else {
            size_t i = r->pos;
            while (i < n && d[i] != r->sep && d[i] != '\n' && d[i] != '\r')
                i++;
            if (tt_buf_add(&r->bytes, d + r->pos, i - r->pos))
                return tt__error(err, TT_ENOMEM, "out of memory");
            r->pos = i;
        }
        if ((rc = end_field(r, &nf, start)) < 0)
            return tt__error(err, rc, "out of memory");
        if (r->pos >= n)
            break;
        char c = d[r->pos++];
        if (c == r->sep)
            continue;
        /* a line break ends the record */
        if (c == '\r' && r->pos < n && d[r->pos] == '\n')
            r->pos++;
        r->line++;
        break;
    }
    for (size_t i = 0; i < nf; i++)
        r->ptrs[i] = r->bytes.data + r->offs[i];
    out->nfields = nf;
    out->fields = r->ptrs;
    out->lens = r->lens;
    out->line = rec_line;
    return 1;
}

int
tt_csv__write_record(tt_buf *out, const char *const *fields, const size_t *lens, size_t nfields)
{
    for (size_t i = 0; i < nfields; i++) {
        const char *f = fields[i];
        size_t len = lens[i];
        /* quoted when empty and alone (an empty line is skipped), or starting with a byte
         * order mark (which a reader skips at the start of the data) */
        int quote = (nfields == 1 && len == 0) || (len >= 3 && memcmp(f, "\xEF\xBB\xBF", 3) == 0);
        for (size_t j = 0; j < len && !quote; j++)
            if (f[j] == ',' || f[j] == '"' || f[j] == '\r' || f[j] == '\n')
                quote = 1;
        if (i && tt_buf_addc(out, ','))
            return TT_ENOMEM;
        if (!quote) {
            if (tt_buf_add(out, f, len))
                return TT_ENOMEM;
            continue;
        }
        if (tt_buf_addc(out, '"'))
            return TT_ENOMEM;
        size_t s = 0;
        for (size_t j = 0; j < len; j++) {
            if (f[j] != '"')
                continue;
            if (tt_buf_add(out, f + s, j + 1 - s) || tt_buf_addc(out, '"'))
                return TT_ENOMEM;
            s = j + 1;
        }
        if (tt_buf_add(out, f + s, len - s) || tt_buf_addc(out, '"'))
            return TT_ENOMEM;
    }
    return tt_buf_add(out, "\r\n", 2);
}
