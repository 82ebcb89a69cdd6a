/* SPDX-License-Identifier: Apache-2.0 */
/*
 * variants.h: the curated table of meaning-preserving alternatives the lexical channel may
 * use (variants.c), and the names of the structural rules slots.c applies.  The table is
 * data: an owner can read it (`telltale slots DOC` shows every use) and veto any rule by
 * name (`--exclude RULE`).
 */
#ifndef TT_VARIANTS_H
#define TT_VARIANTS_H

#include "common.h"

enum {
    TT_VF_ONEWAY = 1u << 0,   /* only where the text has form a (b -> a would be unsafe) */
    TT_VF_INFORMAL = 1u << 1, /* only in informal text (contractions) */
    TT_VF_MIDCLAUSE = 1u << 2 /* not at a sentence start nor after a comma */
};

/* A pair of phrases (lower case; words separated by one space) with the same meaning. */
typedef struct tt_variant_pair {
    const char *rule; /* rule name, for review and --exclude */
    const char *a, *b;
    unsigned flags;
} tt_variant_pair;

extern const tt_variant_pair tt_variants__pairs[];
extern const size_t tt_variants__npairs;

/* -ize/-ise (and -yze/-yse) stems: "organ" + {ize, ise, ization, isation, ...}. */
extern const char *const tt_variants__ize_stems[];
extern const size_t tt_variants__nize_stems;
/* Suffix pairs for those stems: [i][0] the z form, [i][1] the s form. */
extern const char *const tt_variants__ize_suffixes[][2];
extern const size_t tt_variants__nize_suffixes;

/* Words after which "that" introducing a clause may be omitted. */
extern const char *const tt_variants__that_verbs[];
extern const size_t tt_variants__nthat_verbs;
/* Words that may follow such a "that" (so it is surely a conjunction, not a pronoun). */
extern const char *const tt_variants__clause_starts[];
extern const size_t tt_variants__nclause_starts;
/* Sentence adverbs whose following comma is optional ("Therefore, we" / "Therefore we"). */
extern const char *const tt_variants__comma_adverbs[];
extern const size_t tt_variants__ncomma_adverbs;
/* Sentence-initial words that open an introductory phrase or clause ("If ..., then"). */
extern const char *const tt_variants__intro_words[];
extern const size_t tt_variants__nintro_words;
/* Words after which "which" must stay (prepositions and the like: "in which"). */
extern const char *const tt_variants__which_keep[];
extern const size_t tt_variants__nwhich_keep;

/* Is w (lower case, n bytes) in the sorted list? */
int tt_variants__in(const char *const *list, size_t n, const char *w, size_t len);

/* Are a and b (words separated by white space; case ignored) the two forms of a pair of the
 * table or of an -ize/-ise stem?  For verify: such a difference is a marking variant, not an
 * alteration.  Returns the rule name, or NULL. */
const char *tt_variants__equivalent(const char *a, size_t alen, const char *b, size_t blen);

/* Structural rule names (slots.c), for review and --exclude. */
#define TT_RULE_SERIAL_COMMA "serial-comma"
#define TT_RULE_INTRO_COMMA "intro-comma"
#define TT_RULE_ADVERB_COMMA "adverb-comma"
#define TT_RULE_THAT_OMIT "that-omission"
#define TT_RULE_WHICH_THAT "which-that"
#define TT_RULE_EG_COMMA "eg-comma"
#define TT_RULE_THOUSANDS "thousands-separator"
#define TT_RULE_AMPM "am-pm"
#define TT_RULE_DASH "dash-style"
#define TT_RULE_ELLIPSIS "ellipsis"
#define TT_RULE_DQUOTE "double-quote-style"
#define TT_RULE_APOSTROPHE "apostrophe-style"
#define TT_RULE_IZE "ize-ise"
#define TT_RULE_ZW_BEFORE "zero-width-before-space"
#define TT_RULE_ZW_AFTER "zero-width-after-space"
#define TT_RULE_CANARY "canary"
#define TT_RULE_CLAUSE_COMMA "clause-comma"
#define TT_RULE_TITLE "title-period"

#endif
