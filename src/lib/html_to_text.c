/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html_to_text.c: the HTML-to-text reducer declared in html_to_text.h.
 *
 * The input is first sanitized (utf8.h), so the walker below works on valid UTF-8 without NUL
 * bytes and everything it copies out is valid too.  The walker is a simplified form of the
 * WHATWG tokenizer: data, tag, comment, bogus comment, raw text (script, style, xmp, iframe,
 * noembed, noframes, plaintext) and RCDATA (title, textarea) states.  It builds no tree: block
 * structure only decides where line breaks go, which is all a text matcher needs.  Every state
 * moves forward through the input and each search (memchr, the end of a comment, the end tag of
 * a raw text element) starts where the previous one stopped, so the work is linear.
 * What it is not: a DOM.  Misnested tags, implied end tags and CSS display rules are ignored,
 * and text hidden with CSS is kept.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "html_to_text.h"
#include "utf8.h"

#include "html_entities.h"

/* The output side: white space and line breaks are held back until the next visible text, so
 * none lead, trail or pile up. */
typedef struct emitter {
    tt_buf *out;
    size_t base;  /* out->len when we started: only what we add counts */
    int space;    /* a space is pending */
    int brk;      /* a line break is pending: 1 "\n", 2 "\n\n" */
    int oneline;  /* breaks become spaces (titles) */
    int fail;     /* out of memory */
} emitter;

static void
pend_break(emitter *e, int level)
{
    if (e->oneline)
        e->space = 1;
    else if (level > e->brk)
        e->brk = level;
}

static int
is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Append visible bytes s[0..n), which hold no white space, after any pending separator. */
static void
put_word(emitter *e, const char *s, size_t n)
{
    if (e->fail || n == 0)
        return;
    if (e->out->len > e->base) {
        int rc = 0;
        if (e->brk)
            rc = tt_buf_add(e->out, "\n\n", (size_t)e->brk);
        else if (e->space)
            rc = tt_buf_addc(e->out, ' ');
        if (rc) {
            e->fail = 1;
            return;
        }
    }
    e->space = e->brk = 0;
    if (tt_buf_add(e->out, s, n))
        e->fail = 1;
}

/* Append text s[0..n), collapsing white space; in <pre>, a newline is a line break and two
 * or more (in one run of white space) an empty line. */
static void
put_text(emitter *e, const char *s, size_t n, int pre)
{
    size_t i = 0;
    int newlines = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (is_ws(c)) {
            if (pre && (c == '\n' || (c == '\r' && !(i + 1 < n && s[i + 1] == '\n'))))
                pend_break(e, ++newlines > 1 ? 2 : 1);
            else
                e->space = 1;
            i++;
            continue;
        }
        newlines = 0;
        size_t j = i + 1;
        while (j < n && !is_ws((unsigned char)s[j]))
            j++;
        put_word(e, s + i, j - i);
        i = j;
    }
}

/* windows-1252 for the C1 range, as the HTML standard reads &#128;..&#159;. */
static const uint16_t CP1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int
cmp_entity(const void *key, const void *elem)
{
    return strcmp(key, ((const struct html_entity *)elem)->name);
}

static const struct html_entity *
find_entity(const char *name)
{
    return bsearch(name, ENTITIES, TT_ARRAY_LEN(ENTITIES), sizeof ENTITIES[0], cmp_entity);
}

size_t
tt_html__entity(const char *s, size_t len, char out[8], size_t *out_len)
{
    *out_len = 0;
    if (len < 2 || s[0] != '&')
        return 0;
    if (s[1] == '#') {
        size_t i = 2;
        int hex = 0;
        if (i < len && (s[i] == 'x' || s[i] == 'X')) {
            hex = 1;
            i++;
        }
        size_t d0 = i;
        uint32_t v = 0;
        for (; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            unsigned dv;
            if (c >= '0' && c <= '9')
                dv = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                dv = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                dv = c - 'A' + 10;
            else
                break;
            v = v * (hex ? 16 : 10) + dv;
            if (v > 0x10FFFF)
                v = 0x110000; /* stays out of range without overflowing */
        }
        if (i == d0)
            return 0; /* "&#" or "&#x" without digits is text */
        if (i < len && s[i] == ';')
            i++;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = TT_UTF8_REPLACEMENT;
        else if (v >= 0x80 && v <= 0x9F)
            v = CP1252[v - 0x80];
        *out_len = (size_t)tt_utf8__encode(out, v);
        return i;
    }
    /* A named reference: the longest name followed by ';', or else the longest legacy name
     * (those may go without the semicolon, as "&copy 2024"). */
    char name[40];
    size_t n = 0;
    while (1 + n < len && n < sizeof name - 1 && isalnum((unsigned char)s[1 + n])) {
        name[n] = s[1 + n];
        n++;
    }
    if (n == 0)
        return 0;
    const struct html_entity *ent = NULL;
    size_t used = 0;
    if (1 + n < len && s[1 + n] == ';') {
        name[n] = '\0';
        ent = find_entity(name);
        used = n + 2;
    }
    if (!ent) {
        /* legacy names are 2..6 characters */
        for (size_t k = TT_MIN(n, (size_t)6); k >= 2 && !ent; k--) {
            name[k] = '\0';
            const struct html_entity *c = find_entity(name);
            if (c && c->legacy) {
                ent = c;
                used = k + 1;
            }
        }
    }
    if (!ent)
        return 0;
    *out_len = strlen(ent->utf8);
    memcpy(out, ent->utf8, *out_len);
    return used;
}

/* Append text s[0..n) with character references decoded (RCDATA and ordinary text). */
static void
put_decoded(emitter *e, const char *s, size_t n, int pre)
{
    size_t i = 0, run = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        if (!amp)
            break;
        i = (size_t)(amp - s);
        char buf[8];
        size_t blen;
        size_t used = tt_html__entity(s + i, n - i, buf, &blen);
        if (used == 0) {
            i++;
            continue;
        }
        put_text(e, s + run, i - run, pre);
        put_text(e, buf, blen, pre);
        i += used;
        run = i;
    }
    put_text(e, s + run, n - run, pre);
}

enum { K_INLINE, K_SPACE, K_LINE, K_PARA };

/* How an element affects line breaks, by lower-case name. */
static int
block_kind(const char *name)
{
    static const char *const para[] = {
        "address", "article", "aside", "blockquote", "details", "dialog", "dl", "fieldset",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "listing",
        "plaintext", "xmp",
    };
    static const char *const line[] = {
        "body", "br", "caption", "center", "dd", "div", "dt", "figcaption", "head", "html",
        "legend", "li", "optgroup", "option", "summary", "tbody", "textarea", "tfoot", "thead",
        "tr", "title", "select", "frameset", "noscript",
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(para); i++)
        if (strcmp(name, para[i]) == 0)
            return K_PARA;
    for (size_t i = 0; i < TT_ARRAY_LEN(line); i++)
        if (strcmp(name, line[i]) == 0)
            return K_LINE;
    if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
        return K_SPACE;
    return K_INLINE;
}

/* Raw text elements: their content is not markup.  drop: the content is not shown;
 * rcdata: references are decoded in it. */
static const struct rawtext {
    const char *name;
    int drop;
    int rcdata;
} RAWTEXT[] = {
    {"script", 1, 0}, {"style", 1, 0},   {"iframe", 1, 0}, {"noembed", 1, 0},
    {"noframes", 1, 0}, {"xmp", 0, 0},   {"title", 1, 1},  {"textarea", 0, 1},
};

/* Where the appropriate end tag "</name" followed by white space, '/' or '>' starts in
 * p[from..n), or n when there is none. */
static size_t
find_end_tag(const char *p, size_t n, size_t from, const char *name)
{
    size_t nl = strlen(name);
    size_t i = from;
    while (i < n) {
        const char *lt = memchr(p + i, '<', n - i);
        if (!lt)
            return n;
        i = (size_t)(lt - p);
        if (i + 2 + nl < n && p[i + 1] == '/' && strncasecmp(p + i + 2, name, nl) == 0) {
            unsigned char c = (unsigned char)p[i + 2 + nl];
            if (is_ws(c) || c == '/' || c == '>')
                return i;
        }
        i++;
    }
    return n;
}

/* Skip the attributes of a tag whose name ended at p[i]; returns the index after its '>', or
 * SIZE_MAX when the input ends inside the tag (the tag and the rest are then dropped, as a
 * browser drops them). */
static size_t
skip_attrs(const char *p, size_t n, size_t i)
{
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c == '>')
            return i + 1;
        if (c != '=') {
            i++;
            continue;
        }
        /* a value: skip white space, then a quoted value runs to its closing quote */
        i++;
        while (i < n && is_ws((unsigned char)p[i]))
            i++;
        if (i < n && (p[i] == '"' || p[i] == '\'')) {
            const char *q = memchr(p + i + 1, p[i], n - i - 1);
            if (!q)
                return SIZE_MAX;
            i = (size_t)(q - p) + 1;
        } else {
            /* unquoted: a '>' ends it and the tag, which the loop sees next */
            while (i < n && !is_ws((unsigned char)p[i]) && p[i] != '>')
                i++;
        }
    }
    return SIZE_MAX;
}

typedef struct walker {
    emitter e;
    int want_title; /* tt_html__title: emit only the first title's text, then stop */
    int found_title;
} walker;

static void
walk(walker *w, const char *p, size_t n)
{
    emitter *e = &w->e;
    int pre = 0; /* depth of <pre>/<listing> */
    size_t i = 0;
    while (i < n && !e->fail) {
        /* text up to the next '<' */
        const char *lt = memchr(p + i, '<', n - i);
        size_t stop = lt ? (size_t)(lt - p) : n;
        if (!w->want_title)
            put_decoded(e, p + i, stop - i, pre > 0);
        i = stop;
        if (i >= n)
            break;
        unsigned char c1 = i + 1 < n ? (unsigned char)p[i + 1] : 0;
        if (c1 == '!') {
            if (i + 3 < n && p[i + 2] == '-' && p[i + 3] == '-') {
                /* comment: up to "-->" (so "<!-->" is an empty one) */
                size_t j = i + 2;
                const char *end = NULL;
                while (j + 2 < n) {
                    const char *m = memchr(p + j, '-', n - j - 2);
                    if (!m)
                        break;
                    j = (size_t)(m - p);
                    if (p[j + 1] == '-' && p[j + 2] == '>') {
                        end = m;
                        break;
                    }
                    j++;
                }
                i = end ? (size_t)(end - p) + 3 : n;
            } else {
                const char *gt = memchr(p + i, '>', n - i); /* doctype, CDATA: bogus */
                i = gt ? (size_t)(gt - p) + 1 : n;
            }
            continue;
        }
        if (c1 == '?') {
            const char *gt = memchr(p + i, '>', n - i);
            i = gt ? (size_t)(gt - p) + 1 : n;
            continue;
        }
        int end_tag = c1 == '/';
        size_t ns = i + 1 + (size_t)end_tag;
        if (ns >= n || !isalpha((unsigned char)p[ns])) {
            if (end_tag && ns < n && p[ns] == '>') {
                i = ns + 1; /* "</>" is nothing */
                continue;
            }
            if (end_tag && ns < n) {
                const char *gt = memchr(p + ns, '>', n - ns); /* "</ x>": bogus comment */
                i = gt ? (size_t)(gt - p) + 1 : n;
                continue;
            }
            if (end_tag && ns >= n) {
                if (!w->want_title)
                    put_text(e, p + i, n - i, 0); /* "</" at the end is text */
                break;
            }
            if (!w->want_title)
                put_text(e, "<", 1, 0); /* a '<' that opens no tag is text */
            i++;
            continue;
        }
        /* A tag: its name, lower-cased (long names cannot matter, keep a prefix). */
        char name[16];
        size_t nl = 0, j = ns;
        while (j < n && !is_ws((unsigned char)p[j]) && p[j] != '/' && p[j] != '>') {
            if (nl < sizeof name - 1)
                name[nl++] = (char)tolower((unsigned char)p[j]);
            j++;
        }
        name[nl] = '\0';
        if (j - ns >= sizeof name - 1)
            name[0] = '\0'; /* truncated: no element we know */
        i = skip_attrs(p, n, j);
        if (i == SIZE_MAX)
            break; /* the input ended inside the tag */
        if (!w->want_title) {
            int k = block_kind(name);
            if (k == K_PARA)
                pend_break(e, 2);
            else if (k == K_LINE)
                pend_break(e, 1);
            else if (k == K_SPACE)
                e->space = 1;
        }
        if (strcmp(name, "pre") == 0 || strcmp(name, "listing") == 0) {
            pre += end_tag ? (pre > 0 ? -1 : 0) : 1;
            continue;
        }
        if (end_tag)
            continue;
        if (strcmp(name, "plaintext") == 0) {
            if (!w->want_title)
                put_text(e, p + i, n - i, pre > 0);
            break;
        }
        for (size_t r = 0; r < TT_ARRAY_LEN(RAWTEXT); r++) {
            if (strcmp(name, RAWTEXT[r].name) != 0)
                continue;
            size_t end = find_end_tag(p, n, i, name);
            int is_title = strcmp(name, "title") == 0;
            if (w->want_title ? is_title : !RAWTEXT[r].drop) {
                if (RAWTEXT[r].rcdata)
                    put_decoded(e, p + i, end - i, 0);
                else
                    put_text(e, p + i, end - i, 0);
            }
            if (w->want_title && is_title) {
                w->found_title = 1;
                return;
            }
            i = end; /* the end tag is read as a tag next */
            break;
        }
    }
}

int
tt_html__to_text(tt_buf *out, const char *html, size_t len, tt_err *err)
{
    tt_buf clean;
    tt_buf_init(&clean);
    if (tt_utf8__sanitize(&clean, html, len) == SIZE_MAX) {
        tt_buf_release(&clean);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    walker w = {.e = {.out = out, .base = out->len}};
    walk(&w, clean.data ? clean.data : "", clean.len);
    tt_buf_release(&clean);
    if (w.e.fail)
        return tt__error(err, TT_ENOMEM, "out of memory");
    if (tt_buf_grow(out, 0)) /* NUL-terminated even when nothing was added */
        return tt__error(err, TT_ENOMEM, "out of memory");
    return 0;
}

int
tt_html__title(tt_buf *out, const char *html, size_t len)
{
    tt_buf clean;
    tt_buf_init(&clean);
    if (tt_utf8__sanitize(&clean, html, len) == SIZE_MAX) {
        tt_buf_release(&clean);
        return TT_ENOMEM;
    }
    walker w = {.e = {.out = out, .base = out->len, .oneline = 1}, .want_title = 1};
    walk(&w, clean.data ? clean.data : "", clean.len);
    tt_buf_release(&clean);
    if (w.e.fail)
        return TT_ENOMEM;
    return out->len > w.e.base ? 1 : 0;
}

int
tt_html__sniff(const char *name, const char *d, size_t n)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
        return 1;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        d += 3, n -= 3;
    while (n && (*d == ' ' || *d == '\t' || *d == '\n' || *d == '\r' || *d == '\f' || *d == '\v'))
        d++, n--;
    return (n >= 9 && strncasecmp(d, "<!doctype", 9) == 0) ||
           (n >= 5 && strncasecmp(d, "<html", 5) == 0);
}
