/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_html_report.c: the HTML writer never emits unescaped input.  The input is used as the
 * text, the title, the headline, facts, change strings and suspect names, with spans cut from
 * its first bytes, and as the bytes of a page image (behind a PNG signature) whose outlined
 * boxes come from its first bytes.  Properties: the output has no NUL and is valid UTF-8 without C0/C1
 * controls (but tab and line feed); every '<' starts one of the writer's own tags; and the
 * same report made from an input of the same length in which every byte is 'a' has exactly
 * as many '<', '>', '"' and '\'' characters: input can add none.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "telltale/report.h"
#include "telltale/verify.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tags[] = {
    "!DOCTYPE html>", "html", "head>", "meta ", "title>", "style>", "body>", "h1>",  "h2>",
    "p ",             "p>",   "table", "tr>",   "th>",   "td>",    "span ", "span>", "mark ",
    "mark>",          "div ", "div>",  "i>",    "svg ",  "svg>",  "text ",  "text>", "rect ", "line ",
    "footer>",        "h3>",  "image ",
};

static char *
make(const char *text, size_t n, char **out_html, size_t *out_len)
{
    /* strings: the input cut in four */
    size_t q = n / 4;
    char *parts[4];
    for (int k = 0; k < 4; k++) {
        size_t s = q * (size_t)k, e = k == 3 ? n : q * (size_t)(k + 1);
        parts[k] = malloc(e - s + 1);
        if (!parts[k])
            abort();
        memcpy(parts[k], text + s, e - s);
        parts[k][e - s] = '\0'; /* strings stop at a NUL, as C strings do */
    }
    tt_report_span spans[8];
    size_t ns = 0, pos = 0;
    for (size_t k = 0; k < 8 && k < n; k++) {
        size_t len = (unsigned char)text[k] % 16;
        if (pos + len > n)
            break;
        spans[ns].start = pos;
        spans[ns].end = (k % 6 == 5) ? pos : pos + len;
        spans[ns].kind = (int)(k % 6);
        spans[ns].original = parts[k % 4];
        spans[ns].note = parts[(k + 1) % 4];
        pos = spans[ns].end + (len & 3);
        ns++;
    }
    tt_change ch[2] = {
        {TT_CHANGE_ALTERED, "number", parts[0], parts[1], 0, 0, 0, 0},
        {TT_CHANGE_MISSING, "text", parts[2], parts[3], 0, 0, 0, 0},
    };
    tt_report_fact facts[2] = {{parts[0], parts[1]}, {parts[2], parts[3]}};
    tt_report_suspect sus[2] = {{parts[1], (double)n, 1}, {parts[2], -1.5, 0}};
    /* a page image: the input behind a PNG signature, boxes from its first bytes (mod 16, which
     * the markup-free twin keeps) */
    unsigned char *png = malloc(n + 8);
    if (!png)
        abort();
    memcpy(png, "\x89PNG\r\n\x1a\n", 8);
    memcpy(png + 8, text, n);
    int boxes[8];
    for (int k = 0; k < 8; k++)
        boxes[k] = (k < (int)n ? ((unsigned char)text[k] % 16) : k) * 20 - 20;
    tt_report_page page = {png, n + 8, 200, 300, boxes, 2, (unsigned)(n % 7)};
    tt_report rep = {parts[3], parts[0], 1, facts, 2, text, n, spans, ns, 1, ch, 2, sus, 2, 3.0, 0, NULL,
                     &page};
    if (tt_report_html(&rep, out_html, out_len) != 0)
        *out_html = NULL;
    free(png);
    for (int k = 0; k < 4; k++)
        free(parts[k]);
    return *out_html;
}

static void
count(const char *h, size_t n, size_t c[4])
{
    memset(c, 0, 4 * sizeof *c);
    for (size_t i = 0; i < n; i++) {
        c[0] += h[i] == '<';
        c[1] += h[i] == '>';
        c[2] += h[i] == '"';
        c[3] += h[i] == '\'';
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char *html = NULL, *plain = NULL;
    size_t len = 0, plen = 0;
    if (!make((const char *)data, size, &html, &len))
        return 0;
    if (memchr(html, '\0', len) || tt_utf8__check(html, len) != len) {
        size_t bad = tt_utf8__check(html, len);
        fprintf(stderr, "bad byte at %zu of %zu: [%.20s]\n", bad, len, html + (bad > 10 ? bad - 10 : 0));
        abort();
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)html[i];
        if (c < 0x20 && c != '\t' && c != '\n')
            abort();
        if (c == 0xc2 && i + 1 < len && (unsigned char)html[i + 1] < 0xa0)
            abort(); /* a C1 control */
        if (c == '<') {
            const char *t = html + i + 1 + (html[i + 1] == '/');
            int ok = 0;
            for (size_t k = 0; k < TT_ARRAY_LEN(tags) && !ok; k++)
                ok = strncmp(t, tags[k], strlen(tags[k])) == 0;
            if (!ok)
                abort();
        }
    }
    /* the same report from an input without any markup character */
    char *a = malloc(size + 1);
    if (!a)
        abort();
    for (size_t i = 0; i < size; i++)
        a[i] = (char)(i < 8 ? data[i] : 'a'); /* keep the span lengths */
    /* strings end at a NUL in the input: keep NULs where they are */
    for (size_t i = 8; i < size; i++)
        if (data[i] == 0)
            a[i] = 0;
    for (size_t i = 0; i < size && i < 8; i++)
        if (data[i] == '<' || data[i] == '>' || data[i] == '"' || data[i] == '\'' ||
            data[i] == '&')
            a[i] = (char)(data[i] + 0x40); /* a letter or '|' '~', the same value mod 16 */
    if (make(a, size, &plain, &plen)) {
        size_t c1[4], c2[4];
        count(html, len, c1);
        count(plain, plen, c2);
        if (memcmp(c1, c2, sizeof c1) != 0)
            abort();
        free(plain);
    }
    free(a);
    free(html);
    return 0;
}
