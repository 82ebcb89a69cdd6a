/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.h: the library's UTF-8 decoder and its definition of an invisible character, for
 * programs that show telltale's input (a leak's text) and must read it as the library does.
 *
 * Decoding is strict (Unicode's table 3-7: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence, no stray continuation byte) and replaces one malformed
 * byte at a time, the rule every module of the library follows, so byte offsets agree.
 */
#ifndef TELLTALE_UTF8_H
#define TELLTALE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Decode the character at s[0..len).  Returns the number of bytes it takes (1..4) and
 * stores its code point in *out.  A malformed or truncated sequence takes exactly one byte
 * and stores U+FFFD, so a malformed byte is told from a real U+FFFD (three bytes) by the
 * length 1.  A NUL byte decodes as U+0000.  With len == 0 returns 0 and stores U+FFFD.
 */
TT_API size_t tt_utf8_decode(uint32_t *out, const char *s, size_t len);

/*
 * Is cp an invisible format character, one that shows nothing but can hide inside a word or
 * reorder what a reader sees ("Trojan Source")?  The soft hyphen U+00AD, combining grapheme
 * joiner U+034F, Arabic letter mark U+061C, Mongolian variation selectors and vowel
 * separator U+180B..U+180F, zero-width space, non-joiner and joiner, left-to-right and
 * right-to-left marks U+200B..U+200F, bidi embeddings and overrides U+202A..U+202E, word
 * joiner, invisible operators, bidi isolates and deprecated format characters
 * U+2060..U+206F, variation selectors U+FE00..U+FE0F, the BOM (zero-width no-break space)
 * U+FEFF, interlinear annotation U+FFF9..U+FFFB, tags U+E0000..U+E007F and variation
 * selectors supplement U+E0100..U+E01EF.  The unicode channel of a marked copy inserts two
 * of them (U+2060, U+200B).
 */
TT_API int tt_utf8_invisible(uint32_t cp);

#ifdef __cplusplus
}
#endif
#endif
