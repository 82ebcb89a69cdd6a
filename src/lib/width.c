/* SPDX-License-Identifier: Apache-2.0 */
/*
 * width.c: tt_display_width() (telltale.h), the terminal columns of a UTF-8 string, so the
 * command line can align tables of names such as "Ayşe Yılmaz" or "Nguyễn Thị Lan" (a byte
 * count pads them short).  Widths come from utf8proc (Unicode's East Asian Width and general
 * categories): combining marks and format characters take no column, wide characters two.
 * tt_display_prefix() cuts a string to a number of columns at a grapheme cluster boundary
 * (utf8proc's extended grapheme clusters), so a preview never ends in half a character.
 * Workload: linear in the string; called once per table cell.
 */
#include <utf8proc.h>

#include "common.h"
#include "telltale/telltale.h"
#include "utf8.h"

/* Columns of one code point: utf8proc's, except that the vowels and final consonants of
 * Hangul spelled in jamo (U+1160-U+11FF, U+D7B0-U+D7FF) join the leading consonant's two
 * columns, as terminals draw them (glibc's wcwidth() says 0; utf8proc says 1). */
static int
cp_width(uint32_t cp)
{
    if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff))
        return 0;
    return utf8proc_charwidth((utf8proc_int32_t)cp);
}

size_t
tt_display_width(const char *s)
{
    size_t w = 0, len = strlen(s);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = tt_utf8__decode(u + i, len - i, &cp);
        i += (size_t)(n > 0 ? n : 1);
        int cw = cp_width(cp);
        if (cw > 0)
            w += (size_t)cw;
    }
    return w;
}

size_t
tt_display_prefix(const char *s, size_t len, size_t cols, size_t *out_cols)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0, best = 0, bestw = 0;
    utf8proc_int32_t state = 0, prev = -1;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = tt_utf8__decode(u + i, len - i, &cp);
        if (n <= 0) {
            n = 1;
            cp = TT_UTF8_REPLACEMENT;
        }
        /* a cluster ends before cp: the prefix up to here is a candidate */
        if (prev >= 0 && utf8proc_grapheme_break_stateful(prev, (utf8proc_int32_t)cp, &state)) {
            best = i;
            bestw = w;
        }
        int cw = cp_width(cp);
        if (cw > 0)
            w += (size_t)cw;
        if (w > cols)
            break;
        prev = (utf8proc_int32_t)cp;
        i += (size_t)n;
        if (i == len) {
            best = len;
            bestw = w;
        }
    }
    if (out_cols)
        *out_cols = bestw;
    return best;
}
