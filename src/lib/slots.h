/* SPDX-License-Identifier: Apache-2.0 */
/*
 * slots.h: the places in a document where a marked copy may differ, each with exactly two
 * variants (one code bit).  Implemented by slots.c (the finder and the renderer) over the
 * rule table of variants.c.
 *
 * A slot replaces the bytes [start, end) of the base text (end == start: an insertion point)
 * by variant 0 or variant 1.  Slots are sorted by start and never overlap, and no two
 * insertion points share a position, so rendering is one left-to-right pass.  `orig` says
 * which variant the base text already has (2 when it has neither, as for the zero-width
 * characters of the unicode channel).
 *
 * Channels are bits so a caller can pick several.  Text channels carry their variants as
 * strings; the layout channel (PDF word-space shifts) adds slots whose variants are
 * positions rather than strings, read back from the word boxes of a page: the slot list,
 * the code (one bit per slot, whatever the channel) and the score do not change.
 */
#ifndef TT_SLOTS_H
#define TT_SLOTS_H

#include "common.h"

enum {
    TT_CH_LEXICAL = 1u << 0,
    TT_CH_UNICODE = 1u << 1,
    TT_CH_CANARY = 1u << 2,
    TT_CH_LAYOUT = 1u << 3, /* PDF copies: word spaces drawn narrower or wider (print.c) */
};

/* The layout channel: a slot is the single space between two words on a line of the text;
 * a PDF copy draws it TT_LAYOUT_SHIFT points narrower (variant 0) or wider (variant 1) than
 * the font's space (print.c), and a trace reads it back from the word boxes of a page
 * (layout.c).  Its variants are these names: the copy's text keeps the space itself, so
 * tt_slots__render() leaves a layout slot as the base text has it. */
#define TT_LAYOUT_SHIFT 0.5
#define TT_LAYOUT_NARROW "narrow space"
#define TT_LAYOUT_WIDE "wide space"

/* The most variants a slot may have (table 5: the six orders of a list of three). */
#define TT_SLOT_MAXVAR 6

typedef struct tt_slot {
    uint32_t start, end;        /* bytes of the base text this slot replaces */
    uint32_t voff[TT_SLOT_MAXVAR], vlen[TT_SLOT_MAXVAR]; /* the variants, in the arena */
    uint8_t nvar;               /* how many: 2, or 3..TT_SLOT_MAXVAR for a q-ary slot, whose
                                   code symbol (tardos.h) picks the variant */
    const char *rule;           /* rule name (static string) */
    uint8_t channel;            /* one TT_CH_* */
    uint8_t orig;               /* the variant the base text has: 0, 1, or 2 for neither (a
                                   q-ary slot: the index, always a real one) */
    uint32_t group;             /* the slot whose code bit this one takes (itself unless the
                                   slot belongs to a document-wide choice, table 3) */
} tt_slot;

typedef struct tt_slots {
    tt_slot *v;
    size_t n, cap;
    tt_buf arena;
    int informal; /* the text uses contractions, so contraction slots were allowed */
    unsigned table; /* the variant table version used (variants.h) */
} tt_slots;

typedef struct tt_slot_opts {
    unsigned channels;            /* TT_CH_* bits; 0 means TT_CH_LEXICAL */
    const char *const *exclude;   /* glob patterns: a slot whose rule name or either variant */
    size_t nexclude;              /*   matches one (case-insensitive) is dropped */
    const char *const *canary_from; /* canary channel: exact sentences of the text ... */
    const char *const *canary_to;   /*   ... and the owner's alternative wording */
    size_t ncanary;
    unsigned table; /* variant table version (variants.h); 0: the current TT_VARIANTS_TABLE */
} tt_slot_opts;

/* Find the slots of text[0..len) (UTF-8).  out is initialized here; release it with
 * tt_slots__release().  Returns 0, TT_ENOMEM or TT_EINVAL (len >= 4 GiB, or a table
 * version this build does not know). */
int tt_slots__find(tt_slots *out, const char *text, size_t len, const tt_slot_opts *opts,
                   tt_err *err);
void tt_slots__release(tt_slots *s);

/* Variant v (0 .. nvar-1) of slot i, and its length. */
const char *tt_slots__variant(const tt_slots *s, size_t i, int v, size_t *out_len);

/* Append to out the text with every slot i set to variant bits[group of i] (bits == NULL:
 * every slot keeps the base text; a binary slot takes variant 1 for any non-zero value, a
 * q-ary slot variant 0 for a value out of range).  Returns 0 or TT_ENOMEM. */
int tt_slots__render(tt_buf *out, const char *text, size_t len, const tt_slots *s,
                     const uint8_t *bits);

/* Groups (table 3): the slots of one document-wide choice (spelling dialect, quote style,
 * number style, one word's spelling, ...) all take the code bit of the group's first slot,
 * s->v[i].group, so a copy never mixes the two forms.  A trace reads a group as one
 * observation: bits[leader] = the value every read member agrees on (-1 when members
 * disagree or none was read), every other member -1.  The bound then counts each code
 * position at most once, as it must. */
void tt_slots__collapse(const tt_slots *s, int8_t *bits);
/* Number of code bits the slots carry (slots that lead their group). */
size_t tt_slots__nbits(const tt_slots *s);
/* The variant of slot i that the value v of its group selects (the renderer's rule). */
unsigned tt_slots__pick(const tt_slots *s, size_t i, unsigned v);
/* Every slot's number of options, out[i] = nvar (m bytes), for tt_tardos__set_arity. */
void tt_slots__arities(const tt_slots *s, uint8_t *out);

/* Parse a channel list "lexical,unicode,canary,layout" into TT_CH_* bits; -1 on an unknown name. */
int tt_slots__parse_channels(const char *list, unsigned *out);
/* "lexical,unicode" for bits (static storage). */
const char *tt_slots__channel_names(unsigned channels);
const char *tt_slots__channel_name(unsigned channel);

#endif
