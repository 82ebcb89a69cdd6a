/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.h: strict UTF-8 decoding, encoding and sanitizing, for every input that enters telltale;
 * the one codec of the library (tt_utf8_decode() and tt_utf8_invisible(), the public part, are
 * in telltale/utf8.h).
 *
 * Well-formed means Unicode's table 3-7: no overlong forms, no surrogates (U+D800..DFFF), nothing
 * above U+10FFFF, no truncated sequence, no stray continuation byte.  Every byte that is not part
 * of a well-formed sequence becomes one U+FFFD (one replacement per bad byte, the rule text.h
 * uses, so byte offsets and replacement counts agree everywhere).  NUL bytes are well-formed
 * UTF-8, but text downstream is NUL-terminated, so the sanitizer replaces each NUL by U+FFFD as
 * well and counts it.  Workload: whole documents and posts; ASCII runs go 8 bytes at a time.
 */
#ifndef TT_UTF8_H
#define TT_UTF8_H

#include "common.h"
#include "telltale/utf8.h"

#define TT_UTF8_REPLACEMENT 0xFFFDu

/*
 * Decode the code point at s[0..len).  Returns the number of bytes consumed (1..4) and stores
 * the code point in *cp; on a malformed sequence consumes exactly one byte and stores U+FFFD.
 * A NUL byte decodes as U+0000 (it is well-formed).  len must be at least 1; with len == 0
 * returns 0 and stores U+FFFD.
 */
int tt_utf8__decode(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * tt_utf8__decode() for a walk by offset: the code point at s[i..len) (i < len), its length
 * in *n (a malformed byte is U+FFFD, length 1).
 */
uint32_t tt_utf8__at(const char *s, size_t len, size_t i, size_t *n);

/*
 * The same for a stream that may be cut inside a character: returns 0 (and stores U+FFFD)
 * when s[0..len) is a proper prefix of a well-formed sequence, so the caller waits for more
 * bytes; at the end of the stream it calls tt_utf8__decode(), which reads such a prefix as
 * one malformed byte.  Otherwise the same result as tt_utf8__decode().
 */
int tt_utf8__decode_part(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * Append s[0..len) to out with every malformed byte and every NUL byte replaced by U+FFFD
 * (EF BF BD).  Returns the number of bytes replaced, or SIZE_MAX when out of memory (out then
 * holds a prefix of the result).  The appended text is valid UTF-8 without NUL bytes, so
 * sanitizing it again changes nothing.
 */
size_t tt_utf8__sanitize(tt_buf *out, const char *s, size_t len);

/*
 * The offset of the first byte in s[0..len) that tt_utf8__sanitize() would replace (a
 * malformed byte or a NUL), or len when there is none: `tt_utf8__check(s, n) == n` means s is
 * clean UTF-8.
 */
size_t tt_utf8__check(const char *s, size_t len);

/*
 * Encode cp into out[0..4) and return its length (1..4).  A surrogate or a value above
 * U+10FFFF is encoded as U+FFFD.
 */
int tt_utf8__encode(char out[4], uint32_t cp);

/*
 * Unicode predicates for text shown to a person (tt_terminal_text(), term.c).
 * tt_utf8__is_bidi_control(): the characters that reorder a line as it is displayed: the
 * Arabic letter mark, LRM/RLM, the embeddings and overrides U+202A..202E and the isolates
 * U+2066..2069 ("Trojan Source", CVE-2021-42574).
 * Invisible characters are told by the public tt_utf8_invisible() (telltale/utf8.h), the one
 * predicate, which covers every bidi control too.
 */
int tt_utf8__is_bidi_control(uint32_t cp);

#endif
