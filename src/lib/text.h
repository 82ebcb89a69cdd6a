/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h: the one text model every part speaks (docs/ARCHITECTURE.md §2).
 *
 * A tt_text holds the original bytes (borrowed, not copied) and two token sequences that both
 * know their byte spans in the original:
 *   - units: the normalized letters and digits used for hashing (NFKD, case folded, accents
 *     stripped, confusables and OCR pairs folded, punctuation and white space dropped; the
 *     fold is normalize.c's, documented there);
 *   - words: maximal runs of units between separators (each CJK ideograph is a word of its
 *     own), used by alignment, verify and trace.
 * Byte spans are half-open [start, end).  Invalid UTF-8 is read as U+FFFD, one per bad byte,
 * and never stops the build.  Implemented by text.c (on the normalizer of normalize.c).
 */
#ifndef TT_TEXT_H
#define TT_TEXT_H

#include "common.h"

typedef struct tt_unit {
    uint32_t cp;    /* the folded code point */
    uint32_t start; /* byte span in the original */
    uint32_t end;
} tt_unit;

enum {
    TT_WORD_DIGIT = 1u << 0,  /* contains a decimal digit in the original */
    TT_WORD_UPPER = 1u << 1,  /* starts with an upper-case letter in the original */
    TT_WORD_CJK = 1u << 2,    /* a single ideograph */
};

typedef struct tt_word {
    uint32_t start, end;   /* byte span in the original */
    uint32_t ustart, uend; /* span in units[] */
    uint64_t hash;         /* hash of the folded units: equal words have equal hashes */
    uint32_t flags;        /* TT_WORD_* */
} tt_word;

typedef struct tt_text {
    const char *bytes; /* the original, borrowed */
    size_t len;
    tt_unit *units;
    size_t nunits;
    tt_word *words;
    size_t nwords;
} tt_text;

/* Build the model of bytes[0..len).  Returns 0, TT_ENOMEM or TT_EINVAL (len >= 4 GiB).
 * The text borrows bytes: keep them alive while the text is used. */
int tt_text__build(tt_text *out, const char *bytes, size_t len, tt_err *err);
void tt_text__release(tt_text *t);

#endif
