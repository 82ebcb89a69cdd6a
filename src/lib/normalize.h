/* SPDX-License-Identifier: Apache-2.0 */
/*
 * normalize.h: the streaming normalizer behind tt_text__build (text.h) and the scanner's hot
 * loop.  It turns bytes into "units": folded letters and digits, each with its byte span.
 *
 * The fold (documented in full in normalize.c) is a function of a code point and of at most
 * one neighbour on each side, and it resets at every separator, so the unit stream of a text
 * does not depend on how the text was cut into chunks: feeding a stream in pieces of any
 * size gives exactly the units of the whole.  Folding the folded units again changes nothing.
 */
#ifndef TT_NORMALIZE_H
#define TT_NORMALIZE_H

#include "common.h"

enum {
    TT_NU_WSTART = 1u << 0, /* the first unit of a word */
    TT_NU_CJK = 1u << 1,    /* an ideograph or kana: a word of its own */
    TT_NU_DIGIT = 1u << 2,  /* made from a decimal digit of the original */
    TT_NU_UPPER = 1u << 3,  /* made from an upper-case letter of the original */
};

/* One unit as the streaming normalizer produces it: 16 bytes. */
typedef struct tt_nunit {
    uint32_t cp;    /* folded code point */
    uint16_t flags; /* TT_NU_* */
    uint16_t len;   /* byte length of the span in the original */
    uint64_t start; /* absolute byte offset of the span */
} tt_nunit;

/* The carried state; zero it (or call tt_norm__init) before the first byte of a stream. */
typedef struct tt_norm {
    uint64_t off;    /* absolute offset of the next byte to be consumed */
    int in_word;     /* the last character consumed continues a word */
    int has_pend;    /* a unit is held back (it may be an 'r' that an 'n' turns into 'm') */
    tt_nunit pend;
    uint64_t replaced; /* malformed bytes read as U+FFFD so far */
} tt_norm;

void tt_norm__init(tt_norm *st, uint64_t base_offset);

/* The most units one call may need room for beyond its own output (see tt_norm__run). */
#define TT_NORM_SLACK 16

/* Normalize p[0..len), whose first byte is at absolute offset st->off, writing units to
 * out[0..cap).  Stops early when fewer than TT_NORM_SLACK slots are left, or (unless eof)
 * when the bytes at the end are an incomplete UTF-8 sequence or a character whose fold
 * depends on the next byte; the caller passes the unconsumed bytes again, followed by more.
 * With eof, everything is consumed (given room) and the held-back unit is flushed.
 * *out_n receives the number of units written; returns the number of bytes consumed. */
size_t tt_norm__run(tt_norm *st, const char *p, size_t len, int eof, tt_nunit *out, size_t cap,
                    size_t *out_n);

/* Fold one code point: writes up to 8 folded units to out and returns how many (0 for a
 * separator or an ignorable character).  *out_class receives TT_NU_CJK/DIGIT/UPPER bits and
 * bit 8 (TT_NORM_IGNORABLE) when the character is ignorable (it neither makes a unit nor ends
 * a word: soft hyphen, zero-width characters, combining marks).  Context rules (rn -> m,
 * '|' -> l) are not applied here. */
#define TT_NORM_IGNORABLE 0x100u
unsigned tt_norm__fold_cp(uint32_t cp, uint32_t out[8], unsigned *out_class);

/* The ASCII fold table: folded byte, or 0 for a separator; '|' is 0x7f (depends on context). */
extern const uint8_t tt_norm__ascii[128];

/* The 64-bit hash of a sequence of folded code points (equal sequences, equal hashes). */
static inline uint64_t
tt_norm__hash_step(uint64_t h, uint32_t cp)
{
    h ^= cp;
    h *= 0x100000001b3ull;
    return h;
}
#define TT_NORM_HASH_INIT 0xcbf29ce484222325ull
static inline uint64_t
tt_norm__hash_final(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

#endif
