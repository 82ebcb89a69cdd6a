/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonl.c: the JSON-lines post reader declared in jsonl.h.
 *
 * A line is read through stdio into a 64 KiB chunk and gathered in a tt_buf until its newline,
 * unless it outgrows the limit, in which case the reader stops keeping its bytes and only looks
 * for the newline.  Each line is sanitized (utf8.h) and then parsed by jansson, with
 * JSON_ALLOW_NUL so a \u0000 in a string does not cost the whole post (it is replaced instead).
 * A number too large for a json_int_t (a 20-digit post id from some platform) does not cost
 * the line either: it is parsed again with integers read as reals, and the id keeps the exact
 * digits the line spelled (raw_id() finds them).
 *
 * The usual post is a few short members and one long text string, and jansson reads a string
 * a character at a time (about half of a posts scan's time went there).  So when the text
 * member is a top-level string, lift_text() decodes it here and jansson parses the line with
 * that string emptied; anything else (a text member that is not a top-level string, a lone
 * surrogate, a control character or a bad escape in the text, a lifted line jansson refuses,
 * such as one with a duplicate member) goes the whole line through jansson as before, so
 * every post, id, extra field and error record is the same either way (test_jsonl and
 * fuzz_jsonl compare the two paths).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <string.h>

#include "jsonl.h"
#include "testhooks.h"
#include "utf8.h"

#define CHUNK 65536

struct tt_jsonl_reader {
    FILE *f;
    size_t max_line;
    char *chunk; /* bytes of the current line not yet kept in raw */
    size_t line; /* number of the last line handed out */
    tt_buf raw;  /* the current line */
    tt_buf clean;
    tt_buf lifted; /* the line with its text string emptied (lift_text) */
    const char *pre; /* bytes read before f (tt_jsonl__prefix), not owned */
    size_t pre_len, pre_pos;
    char *field;     /* the text member ("message.text"), or NULL for the default list */
    uint64_t bytes;  /* consumed so far */
};

uint64_t
tt_jsonl__bytes(const tt_jsonl_reader *r)
{
    return r->bytes;
}

void
tt_jsonl__prefix(tt_jsonl_reader *r, const char *data, size_t len)
{
    r->pre = data;
    r->pre_len = len;
    r->pre_pos = 0;
}

int
tt_jsonl__set_field(tt_jsonl_reader *r, const char *field, tt_err *err)
{
    free(r->field);
    r->field = NULL;
    if (field && !(r->field = strdup(field)))
        return tt__error(err, TT_ENOMEM, "out of memory");
    return 0;
}

int
tt_jsonl__open(tt_jsonl_reader **out, FILE *f, size_t max_line, tt_err *err)
{
    *out = NULL;
    tt_jsonl_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->chunk = malloc(CHUNK))) {
        free(r);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    r->f = f;
    r->max_line = max_line ? max_line : TT_JSONL_MAX_LINE;
    tt_buf_init(&r->raw);
    tt_buf_init(&r->clean);
    tt_buf_init(&r->lifted);
    *out = r;
    return 0;
}

void
tt_jsonl__close(tt_jsonl_reader *r)
{
    if (!r)
        return;
    free(r->chunk);
    free(r->field);
    tt_buf_release(&r->raw);
    tt_buf_release(&r->clean);
    tt_buf_release(&r->lifted);
    free(r);
}

void
tt_jsonl__post_init(tt_jsonl_post *p)
{
    memset(p, 0, sizeof *p);
}

void
tt_jsonl__post_release(tt_jsonl_post *p)
{
    free(p->id);
    free(p->text);
    if (p->extra)
        json_decref(p->extra);
    tt_jsonl__post_init(p);
}

/* Keep chunk[0..n) as part of the current line, unless the line has outgrown the limit, in
 * which case drop what was kept (the memory goes back now, not at the end of the line). */
static int
keep(tt_jsonl_reader *r, size_t n, int *too_long)
{
    if (*too_long || n == 0)
        return 0;
    if (r->raw.len + n > r->max_line) {
        *too_long = 1;
        tt_buf_release(&r->raw);
        return 0;
    }
    return tt_buf_add(&r->raw, r->chunk, n);
}

/* Gather the next line into r->raw (without its newline).  Returns 1 with a line (*too_long
 * set when it exceeded the limit and was dropped), 0 at the end, TT_EIO or TT_ENOMEM.
 * Byte by byte through stdio rather than fread() of whole blocks, so that a post arriving on a
 * pipe is handed out as soon as its newline is there, not when 64 KiB have piled up. */
static int
read_line(tt_jsonl_reader *r, int *too_long, tt_err *err)
{
    r->raw.len = 0;
    *too_long = 0;
    size_t n = 0;
    int c, any = 0, nomem = 0;
    if (r->f)
        flockfile(r->f);
    for (;;) {
        if (r->pre_pos < r->pre_len)
            c = (unsigned char)r->pre[r->pre_pos++];
        else if (!r->f || (c = getc_unlocked(r->f)) == EOF)
            break;
        any = 1;
        r->bytes++;
        if (c == '\n')
            break;
        r->chunk[n++] = (char)c;
        if (n == CHUNK) {
            nomem |= keep(r, n, too_long);
            n = 0;
        }
    }
    int ioerr = r->f && c == EOF && ferror(r->f);
    if (r->f)
        funlockfile(r->f);
    nomem |= keep(r, n, too_long);
    if (nomem)
        return tt__error(err, TT_ENOMEM, "out of memory");
    if (ioerr)
        return tt__error(err, TT_EIO, "cannot read line %zu: %s", r->line + 1, tt_errno_text(errno));
    return any;
}

static int
blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

static int
bad_line(tt_jsonl_post *out, const char *fmt, const char *detail)
{
    out->error = TT_EFORMAT;
    snprintf(out->msg, sizeof out->msg, fmt, out->line, detail);
    return 1;
}

/* Skip the JSON string starting at s[i] == '"'; returns the index after its closing quote,
 * or n. */
static size_t
skip_string(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return n;
}

static size_t
skip_space(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* Skip the member value starting at s[i]: the index of the ',' or '}' after it at depth 0,
 * or n. */
static size_t
skip_value(const char *s, size_t n, size_t i)
{
    int depth = 0;
    while (i < n) {
        char c = s[i];
        if (c == '"') {
            i = skip_string(s, n, i);
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && depth > 0)
            depth--;
        else if ((c == ',' || c == '}') && depth == 0)
            break;
        i++;
    }
    return i;
}

/* tt__jsonl_fast: readers may run in several threads at once, so both are atomic (relaxed:
 * nothing else is ordered by them) */
static atomic_int fast_path = 1;
static atomic_long fast_lines; /* lines lift_text took */

long
tt__jsonl_fast(int on)
{
    atomic_store_explicit(&fast_path, on, memory_order_relaxed);
    return atomic_exchange_explicit(&fast_lines, 0, memory_order_relaxed);
}

static int
hex4(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return 0;
        v = v << 4 | d;
    }
    *out = v;
    return 1;
}

/* Decode the body s[0..n) of a JSON string (valid UTF-8, quotes excluded) into out as jansson
 * does with JSON_ALLOW_NUL: 1, or 0 where jansson would refuse it (the caller then leaves the
 * line to jansson), or -1 out of memory. */
static int
decode_string(tt_buf *out, const char *s, size_t n)
{
    size_t a = 0;
    while (a < n) {
        size_t e = a;
        while (e < n && s[e] != '\\' && (unsigned char)s[e] >= 0x20)
            e++;
        if (tt_buf_add(out, s + a, e - a))
            return -1;
        if (e == n)
            return 1;
        if (s[e] != '\\' || e + 1 == n)
            return 0; /* a control character, or a backslash the closing quote ends */
        a = e + 2;
        char c;
        switch (s[e + 1]) {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            if (n - e < 6 || !hex4(s + e + 2, &cp) || (cp >= 0xDC00 && cp <= 0xDFFF))
                return 0;
            a = e + 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* a pair, or jansson refuses the line */
                if (n - a < 6 || s[a] != '\\' || s[a + 1] != 'u' || !hex4(s + a + 2, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                a += 6;
            }
            char u[4];
            int len = tt_utf8__encode(u, cp);
            if (tt_buf_add(out, u, (size_t)len))
                return -1;
            continue;
        }
        default:
            return 0;
        }
        if (tt_buf_addc(out, c))
            return -1;
    }
    return 1;
}

/* The fast path (see the top of this file): when the text member (r->field without a dot, or
 * "text") is a top-level string of the object r->clean, decode it into tb and parse the line
 * with it emptied into *obj (*big as in tt_jsonl__next).  1 done; 0 not this way (tb and *obj
 * as they were: the caller parses the whole line); -1 out of memory. */
static int
lift_text(tt_jsonl_reader *r, tt_buf *tb, json_t **obj, int *big)
{
    const char *key = r->field ? r->field : "text";
    if (!atomic_load_explicit(&fast_path, memory_order_relaxed) || strchr(key, '.') ||
        !r->clean.data)
        return 0;
    size_t klen = strlen(key);
    const char *s = r->clean.data;
    size_t n = r->clean.len, vs = 0, ve = 0;
    size_t i = skip_space(s, n, 0);
    if (i >= n || s[i] != '{')
        return 0;
    for (i++;;) {
        i = skip_space(s, n, i);
        if (i >= n || s[i] != '"')
            return 0;
        /* (a key spelled with an escape is not taken for the text member: if it is that name,
         * jansson refuses the lifted line as a duplicate, or finds it on the slow path) */
        size_t ke = skip_string(s, n, i);
        if (ke >= n)
            return 0; /* not closed, or closing the line: not an object either way */
        int is_text = ke - 2 - i == klen && memcmp(s + i + 1, key, klen) == 0;
        i = skip_space(s, n, ke);
        if (i >= n || s[i] != ':')
            return 0;
        i = skip_space(s, n, i + 1);
        if (is_text) {
            /* (twice: jansson refuses the lifted line, JSON_REJECT_DUPLICATES) */
            if (i >= n || s[i] != '"' || (ve = skip_string(s, n, i)) >= n)
                return 0; /* not a string, or not closed before the line's end */
            vs = i;
            i = ve;
        } else {
            i = skip_value(s, n, i);
        }
        i = skip_space(s, n, i);
        if (i >= n)
            return 0;
        if (s[i] == '}')
            break;
        if (s[i] != ',')
            return 0;
        i++;
    }
    if (!ve)
        return 0;
    size_t tb0 = tb->len;
    int d = decode_string(tb, s + vs + 1, ve - vs - 2);
    if (d <= 0) {
        tb->len = tb0;
        return d;
    }
    tt_buf *l = &r->lifted;
    l->len = 0;
    if (tt_buf_add(l, s, vs + 1) || tt_buf_add(l, s + ve - 1, n - (ve - 1)))
        return -1;
    json_error_t jerr;
    json_t *o = json_loadb(l->data, l->len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &jerr);
    int b = 0;
    if (!o && json_error_code(&jerr) == json_error_numeric_overflow) {
        o = json_loadb(l->data, l->len,
                       JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &jerr);
        b = 1;
    }
    if (!json_is_object(o)) { /* (the whole line says why, as before) */
        json_decref(o);
        tb->len = tb0;
        return 0;
    }
    *obj = o;
    *big = b;
    atomic_fetch_add_explicit(&fast_lines, 1, memory_order_relaxed);
    return 1;
}

/* The number the top-level member "id" of the JSON object s[0..n) (which jansson parsed)
 * spells, copied into out (cap bytes); false when the id is not a plain number literal or
 * does not fit. */
static int
raw_id(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = skip_space(s, n, 0);
    if (i >= n || s[i] != '{')
        return 0;
    i++;
    for (;;) {
        i = skip_space(s, n, i);
        if (i >= n || s[i] != '"')
            return 0;
        size_t k = i, ke = skip_string(s, n, i);
        int is_id = ke - k == 4 && memcmp(s + k, "\"id\"", 4) == 0;
        i = skip_space(s, n, ke);
        if (i >= n || s[i] != ':')
            return 0;
        i = skip_space(s, n, i + 1);
        size_t v = i;
        i = skip_value(s, n, i);
        if (is_id) {
            size_t e = v;
            while (e < i && (s[e] == '-' || (s[e] >= '0' && s[e] <= '9')))
                e++;
            if (e == v || skip_space(s, n, e) != i || e - v >= cap)
                return 0;
            memcpy(out, s + v, e - v);
            out[e - v] = '\0';
            return 1;
        }
        if (i >= n || s[i] == '}')
            return 0;
        i++;
    }
}

json_t *
tt_jsonl__member(json_t *obj, const char *path)
{
    char key[256];
    while (json_is_object(obj)) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        obj = json_object_get(obj, key);
        if (!dot)
            return obj;
        path = dot + 1;
    }
    return NULL;
}

static const char *
jstr(json_t *o, const char *path)
{
    json_t *v = o ? tt_jsonl__member(o, path) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

void
tt_jsonl__meta(json_t *extra, const char **author, const char **date, const char **url)
{
    *author = jstr(extra, "author");
    if (!*author)
        *author = jstr(extra, "author.name");
    if (!*author)
        *author = jstr(extra, "from");
    *date = jstr(extra, "date");
    if (!*date)
        *date = jstr(extra, "timestamp");
    *url = jstr(extra, "url");
}

int
tt_jsonl__text_of(tt_buf *out, json_t *v)
{
    if (json_is_string(v))
        return tt_buf_add(out, json_string_value(v), json_string_length(v)) ? -1 : 1;
    if (!json_is_array(v))
        return 0;
    /* Telegram's entity array: plain strings and {"type": "bold", "text": "..."} pieces */
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        json_t *t = json_is_object(e) ? json_object_get(e, "text") : e;
        if (json_is_string(t) && tt_buf_add(out, json_string_value(t), json_string_length(t)))
            return -1;
        else if (!json_is_string(t))
            return 0;
    }
    return 1;
}

int
tt_jsonl__next(tt_jsonl_reader *r, tt_jsonl_post *out, tt_err *err)
{
    tt_jsonl__post_release(out);
    int too_long, rc;
    const char *s;
    size_t n;
    for (;;) {
        rc = read_line(r, &too_long, err);
        if (rc <= 0)
            return rc;
        r->line++;
        if (too_long)
            break;
        s = r->raw.data ? r->raw.data : "";
        n = r->raw.len;
        if (r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        if (!blank(s, n))
            break;
    }
    out->line = r->line;
    if (too_long) {
        out->error = TT_EFORMAT;
        snprintf(out->msg, sizeof out->msg, "line %zu: longer than %zu bytes, skipped", out->line,
                 r->max_line);
        return 1;
    }
    r->clean.len = 0;
    size_t rep = tt_utf8__sanitize(&r->clean, s, n);
    if (rep == SIZE_MAX)
        return tt__error(err, TT_ENOMEM, "out of memory");
    out->replaced = rep;

    static const char *const defaults[] = {"text", "content", "message.text"};
    tt_buf tb;
    tt_buf_init(&tb);
    const char *top = NULL; /* the member to drop from extra: a top-level text field */
    int found = 0, big = 0;
    json_t *obj = NULL;
    json_error_t jerr;
    found = lift_text(r, &tb, &obj, &big);
    if (found < 0)
        goto nomem;
    if (found) {
        top = r->field ? r->field : "text";
        goto text_found;
    }
    obj = json_loadb(r->clean.data, r->clean.len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &jerr);
    if (!obj && json_error_code(&jerr) == json_error_numeric_overflow) {
        obj = json_loadb(r->clean.data, r->clean.len,
                         JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &jerr);
        big = 1;
    }
    if (!obj) {
        tt_buf_release(&tb);
        return bad_line(out, "line %zu: not valid JSON: %s", jerr.text);
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        tt_buf_release(&tb);
        return bad_line(out, "line %zu: not a JSON object%s", "");
    }
    if (r->field) {
        found = tt_jsonl__text_of(&tb, tt_jsonl__member(obj, r->field));
        top = r->field;
    } else {
        for (size_t i = 0; i < sizeof defaults / sizeof *defaults && !found; i++) {
            tb.len = 0; /* an entity array that turned out not to be text left pieces */
            found = tt_jsonl__text_of(&tb, tt_jsonl__member(obj, defaults[i]));
            top = defaults[i];
        }
    }
    if (found < 0)
        goto nomem;
    if (!found) {
        json_decref(obj);
        tt_buf_release(&tb);
        if (r->field)
            return bad_line(out, "line %zu: no \"%s\" text", r->field);
        return bad_line(out, "line %zu: no text%s",
                        " (\"text\", \"content\" or \"message.text\"; choose another with "
                        "--text-field)");
    }
text_found:;
    json_t *id = json_object_get(obj, "id");
    char num[128];
    const char *idstr = NULL;
    if (big && json_is_real(id) && raw_id(r->clean.data, r->clean.len, num, sizeof num)) {
        idstr = num; /* an integer id spelled out digit for digit */
    } else if (json_is_string(id)) {
        idstr = json_string_value(id);
    } else if (json_is_integer(id)) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        idstr = num;
    } else if (json_is_real(id)) {
        /* the shortest form that reads back as the same double: 1.5, not 1.50000000000000000 */
        double v = json_real_value(id);
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(num, sizeof num, "%.*g", prec, v);
            if (strtod(num, NULL) == v)
                break;
        }
        idstr = num;
    } else if (id && !json_is_null(id)) {
        json_decref(obj);
        tt_buf_release(&tb);
        return bad_line(out, "line %zu: \"id\" is not a string or a number%s", "");
    }
    /* a \u0000 decoded into the text (or an id) would cut it short downstream */
    {
        tt_buf clean;
        tt_buf_init(&clean);
        size_t trep = tt_utf8__sanitize(&clean, tb.data ? tb.data : "", tb.len);
        tt_buf_release(&tb);
        if (trep == SIZE_MAX || tt_buf_grow(&clean, 0)) {
            tt_buf_release(&clean);
            goto nomem;
        }
        out->text = tt_buf_detach(&clean, &out->text_len);
    }
    if (idstr) {
        size_t idlen = json_is_string(id) ? json_string_length(id) : strlen(idstr);
        if (tt_utf8__sanitize(&tb, idstr, idlen) == SIZE_MAX || tt_buf_grow(&tb, 0))
            goto nomem;
        out->id = tt_buf_detach(&tb, NULL);
    }
    if (!strchr(top, '.'))
        json_object_del(obj, top);
    json_object_del(obj, "id");
    out->extra = obj;
    return 1;
nomem:
    tt_buf_release(&tb);
    json_decref(obj);
    tt_jsonl__post_release(out);
    return tt__error(err, TT_ENOMEM, "out of memory");
}
