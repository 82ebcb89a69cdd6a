/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_utf8.c: properties of the UTF-8 sanitizer and decoder (utf8.h).
 *   - tt_utf8__decode agrees, at every offset, with a naive reference decoder written
 *     differently (decode any 2..4 byte shape, then reject overlongs, surrogates, > U+10FFFF);
 *   - the sanitized text is clean (tt_utf8__check), has no NUL, is exactly 2 bytes longer per
 *     replaced byte, and sanitizing it again changes nothing and replaces nothing;
 *   - encoding a decoded code point gives back the bytes it came from.
 * Aborts on any violation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
ref_decode(const uint8_t *s, size_t len, uint32_t *cp)
{
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    *cp = 0xFFFD;
    uint8_t c = s[0];
    int n = c < 0x80             ? 1
            : (c & 0xE0) == 0xC0 ? 2
            : (c & 0xF0) == 0xE0 ? 3
            : (c & 0xF8) == 0xF0 ? 4
                                 : 0;
    if (n == 0)
        return 1;
    if (n == 1) {
        *cp = c;
        return 1;
    }
    if ((size_t)n > len)
        return 1;
    uint32_t v = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 1;
    *cp = v;
    return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t bad = 0;
    for (size_t i = 0; i < size;) {
        uint32_t a, b;
        int na = tt_utf8__decode(data + i, size - i, &a);
        int nb = ref_decode(data + i, size - i, &b);
        if (na != nb || a != b)
            __builtin_trap();
        int error = na == 1 && a == 0xFFFD; /* a well-formed U+FFFD takes 3 bytes */
        if (!error) {
            char enc[4];
            if (tt_utf8__encode(enc, a) != na || memcmp(enc, data + i, (size_t)na) != 0)
                __builtin_trap();
        }
        if (error || a == 0)
            bad++;
        i += (size_t)na;
    }
    tt_buf out, again;
    tt_buf_init(&out);
    tt_buf_init(&again);
    size_t rep = tt_utf8__sanitize(&out, (const char *)data, size);
    if (rep == SIZE_MAX)
        abort(); /* out of memory: not a finding, but stop */
    if (rep != bad || out.len != size + 2 * rep)
        __builtin_trap();
    if (tt_utf8__check(out.data, out.len) != out.len || memchr(out.data, 0, out.len))
        __builtin_trap();
    if (tt_utf8__check((const char *)data, size) != size && rep == 0)
        __builtin_trap();
    if (tt_utf8__sanitize(&again, out.data, out.len) != 0 || again.len != out.len ||
        memcmp(again.data, out.data, out.len) != 0)
        __builtin_trap();
    tt_buf_release(&out);
    tt_buf_release(&again);
    return 0;
}
