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

#endif
