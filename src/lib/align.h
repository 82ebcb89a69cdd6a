/* SPDX-License-Identifier: Apache-2.0 */
/*
 * align.h: word-level local alignment of a leak to a registered original, tolerant to OCR
 * and typing noise.  Shared by scan (exact spans, matched words), verify (classify every
 * stretch) and trace (read the variant at each slot).  Implemented by align.c.
 *
 * Both texts are tt_text models (text.h).  The result is a list of operations in order,
 * covering the aligned region of both texts; every op names word indices, so spans in bytes
 * come from the tt_word of either text.
 */
#ifndef TT_ALIGN_H
#define TT_ALIGN_H

#include "common.h"
#include "text.h"

enum tt_op_kind {
    TT_OP_MATCH = 0, /* same folded word */
    TT_OP_NOISY = 1, /* same word up to noise (a typo or OCR confusion; never a digit change) */
    TT_OP_SUBST = 2, /* a different word in the same place */
    TT_OP_INS = 3,   /* a word of the leak that is not in the original (a = UINT32_MAX) */
    TT_OP_DEL = 4,   /* a word of the original missing from the leak (b = UINT32_MAX) */
};

typedef struct tt_op {
    uint32_t a;    /* word index in the original, or UINT32_MAX */
    uint32_t b;    /* word index in the leak, or UINT32_MAX */
    uint8_t kind;  /* enum tt_op_kind */
} tt_op;

typedef struct tt_alignment {
    tt_op *ops;
    size_t nops;
    uint32_t a_start, a_end; /* aligned word range in the original, half-open */
    uint32_t b_start, b_end; /* aligned word range in the leak, half-open */
    size_t matched;          /* MATCH + NOISY ops */
    double score;            /* the local alignment score */
} tt_alignment;

/* Align leak to orig.  The hint ranges (word indices, half-open; pass 0 and nwords for no
 * hint) say where seeds were found, so the work stays near them on long texts.  A leak that
 * shares nothing gives an alignment with nops == 0.  Returns 0 or TT_ENOMEM. */
int tt_align__words(tt_alignment *out, const tt_text *orig, const tt_text *leak, uint32_t a_lo,
                    uint32_t a_hi, uint32_t b_lo, uint32_t b_hi, tt_err *err);
void tt_alignment__release(tt_alignment *al);

/* All disjoint local alignments of leak to orig, best first: the best one, then the best of
 * what is left of the leak on either side of it, and so on, keeping those with at least
 * min_matched matched words.  For a leak that quotes several passages of one document (in any
 * order).  *out is an array of *out_n alignments; free it with tt_alignments__free().
 * Returns 0 or TT_ENOMEM. */
int tt_align__regions(tt_alignment **out, size_t *out_n, const tt_text *orig, const tt_text *leak,
                      size_t min_matched, tt_err *err);
void tt_alignments__free(tt_alignment *al, size_t n);

/* How word i of text a relates to word j of text b: TT_OP_MATCH (same folded word),
 * TT_OP_NOISY (the same word up to a typo or OCR confusion) or TT_OP_SUBST.  NOISY needs an
 * (optimal string alignment: a transposition counts one) on folded units of at most 1 when
 * the shorter word has up to 7 units and 2 from 8 units, and is never granted when
 * the digits of the two words differ or when one is the negation or opposite of the other
 * (likely/unlikely, increase/decrease).  A protected word (tt_align__word_class() != 0:
 * negations, number and quantity words, units, months, pronouns, modal verbs) is noisy only
 * with one unit inserted inside it ("may"/"mfay") when the other word is not protected and
 * neither is a negation. */
int tt_align__relate(const tt_text *a, uint32_t i, const tt_text *b, uint32_t j);

/* Word classes whose change alters content (a bit set of TT_WC_*; 0 for other words). */
enum {
    TT_WC_NEGATION = 1u << 0, /* not, no, never, none, nor, cannot, don't, ... */
    TT_WC_NUMBER = 1u << 1,   /* has a digit, or a number word (seven, million, dozen) */
    TT_WC_QUANTITY = 1u << 2, /* all, some, most, few, more, less, every, ... */
    TT_WC_UNIT = 1u << 3,     /* km, kg, percent, dollars, hours, ... */
    TT_WC_DATE = 1u << 4,     /* a month or weekday name */
    TT_WC_PRONOUN = 1u << 5,  /* he, she, they, we, ... */
    TT_WC_MODAL = 1u << 6,    /* must, may, shall, should, will, can, ... */
};
unsigned tt_align__word_class(const tt_text *t, uint32_t w);
/* The folded units of word w as UTF-8 into buf (NUL-terminated, truncated to cap). */
size_t tt_align__word_folded(const tt_text *t, uint32_t w, char *buf, size_t cap);

#endif
