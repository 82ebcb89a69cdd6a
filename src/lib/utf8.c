/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.c: telltale's one UTF-8 codec: the strict decoder, the encoder, the sanitizer and the
 * invisible-character predicate (utf8.h; the public face is telltale/utf8.h).  No other file
 * decodes or encodes UTF-8 by hand; a hot loop may keep an ASCII fast path and call the
 * decoder for the rest (normalize.c, scan_hotloop.c).
 *
 * The decoder follows Unicode's table 3-7 byte by byte, so a malformed sequence is rejected at
 * its first byte and the next call resumes at the byte after it: "E2 82 41" gives U+FFFD,
 * U+FFFD, "A" (two replacements, one per bad byte) and never swallows the ASCII that follows a
 * truncated sequence.  The sanitizer copies well-formed runs in bulk and tests ASCII eight bytes
 * at a time; its work is linear in the input.
 */
#include <string.h>

#include "telltale/utf8.h"
#include "utf8.h"

static const char REPL[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/*
 * The table 3-7 walk both decoders share.  Returns the length (1..4) of the well-formed
 * sequence at s[0..len) with *cp set; 1 with U+FFFD when s[0] is malformed (every byte seen
 * so far is checked first, so a bad second byte is found even when the sequence is cut
 * short); 0 with U+FFFD when s[0..len) is a proper prefix of a well-formed sequence, so more
 * bytes may complete it.  len >= 1.
 */
static inline int
walk(const unsigned char *s, size_t len, uint32_t *cp)
{
    *cp = TT_UTF8_REPLACEMENT;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* The range the second byte must fall in depends on the lead byte (table 3-7). */
    unsigned lo = 0x80, hi = 0xBF;
    int n;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 1; /* C0, C1, F5..FF or a stray continuation byte */
    }
    if (len < 2)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 1;
    v = (v << 6) | (s[1] & 0x3F);
    for (int i = 2; i < n; i++) {
        if ((size_t)i >= len)
            return 0;
        if ((s[i] & 0xC0) != 0x80)
            return 1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

int
tt_utf8__decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0) {
        *cp = TT_UTF8_REPLACEMENT;
        return 0;
    }
    int n = walk(s, len, cp);
    return n ? n : 1; /* a truncated sequence at the end of the input is malformed */
}

int
tt_utf8__decode_part(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0) {
        *cp = TT_UTF8_REPLACEMENT;
        return 0;
    }
    return walk(s, len, cp);
}

uint32_t
tt_utf8__at(const char *s, size_t len, size_t i, size_t *n)
{
    uint32_t cp;
    *n = (size_t)tt_utf8__decode((const unsigned char *)s + i, len - i, &cp);
    return cp;
}

TT_API size_t
tt_utf8_decode(uint32_t *out, const char *s, size_t len)
{
    return (size_t)tt_utf8__decode((const unsigned char *)s, len, out);
}

TT_API int
tt_utf8_invisible(uint32_t cp)
{
    if (cp < 0xAD)
        return 0;
    if (cp < 0x2000)
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x180B && cp <= 0x180F);
    if (cp < 0x10000)
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
               (cp >= 0xFFF9 && cp <= 0xFFFB);
    return (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* Length of the run of ASCII bytes other than NUL at the start of p[0..len). */
static size_t
ascii_run(const unsigned char *p, size_t len)
{
    size_t i = 0;
    const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    while (i + 8 <= len) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        /* any byte with its top bit set, or any zero byte, ends the fast path */
        if ((v & high) || ((v - ones) & ~v & high))
            break;
        i += 8;
    }
    while (i < len && p[i] != 0 && p[i] < 0x80)
        i++;
    return i;
}

size_t
tt_utf8__check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        i += ascii_run(p + i, len - i);
        if (i >= len)
            break;
        uint32_t cp;
        int n = tt_utf8__decode(p + i, len - i, &cp);
        if (cp == 0 || (cp == TT_UTF8_REPLACEMENT && n == 1))
            return i;
        i += (size_t)n;
    }
    return len;
}

size_t
tt_utf8__sanitize(tt_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, start = 0, replaced = 0;
    if (tt_buf_grow(out, len))
        return SIZE_MAX;
    while (i < len) {
        i += ascii_run(p + i, len - i);
        if (i >= len)
            break;
        uint32_t cp;
        int n = tt_utf8__decode(p + i, len - i, &cp);
        if (cp != 0 && !(cp == TT_UTF8_REPLACEMENT && n == 1)) {
            i += (size_t)n; /* well-formed: stays in the current run */
            continue;
        }
        if (tt_buf_add(out, s + start, i - start) || tt_buf_add(out, REPL, sizeof REPL))
            return SIZE_MAX;
        replaced++;
        start = ++i;
    }
    if (tt_buf_add(out, s + start, len - start))
        return SIZE_MAX;
    return replaced;
}

int
tt_utf8__encode(char out[4], uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = TT_UTF8_REPLACEMENT;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int
tt_utf8__is_bidi_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

