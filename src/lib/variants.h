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

/*
 * Table versions.  A copy is a function of the slots its document had when it was issued, so
 * the table is never edited in place: every entry and word list carries the version that
 * added it (and, rarely, the last version that used it), and the slot finder is run with the
 * version recorded in the copy's params ("table", absent = 1).  New copies use
 * TT_VARIANTS_TABLE.  Version 1: the first release; version 2: more spelling, hyphenation,
 * -our/-or, -re/-er, -l-/-ll- and -ize/-ise stems, number words, day-month order, sentence
 * adverbs, wordy phrases, more reporting verbs and comma adverbs.  Version 3 (naturalness,
 * docs/parts/natural.md): the same entries, but document-wide choices are groups (one code
 * bit: quote, dash, ellipsis, number, date, title, serial-comma and e.g. style, one spelling
 * per word), no British/American switch at all, quotations are protected, forms hunspell
 * rejects are never produced, and the grammar guards of which/who -> that, contractions,
 * numbers and synonyms are stricter.  Version 4 (retype-surviving capacity,
 * docs/parts/natural.md): the order of two coordinated nouns, the place of "however",
 * and reading tolerant to typos (trace.c).  Version 5 (q-ary slots, docs/parts/natural.md): the
 * order of a list of three plain noun phrases, one slot of six variants.  Version 6: the word
 * of approximation before a number (about / around / approximately / roughly), one slot of
 * four variants.  Version 7 (docs/parts/natural.md): "all the" / "all of the" in both directions,
 * each place its own bit, and "that" inserted after a reporting verb before a subject pronoun
 * ("think we" / "think that we").
 */
#define TT_VARIANTS_TABLE 7u
/* The newest table this build can rebuild (copies may record any version up to it). */
#define TT_VARIANTS_TABLE_MAX 7u

enum {
    TT_VF_ONEWAY = 1u << 0,   /* only where the text has form a (b -> a would be unsafe) */
    TT_VF_INFORMAL = 1u << 1, /* only in informal text (contractions) */
    TT_VF_MIDCLAUSE = 1u << 2, /* not at a sentence start nor after a comma */
    TT_VF_COMMA = 1u << 3     /* only when the phrase is followed by a comma (sentence adverbs) */
};

/* A pair of phrases (lower case; words separated by one space) with the same meaning. */
typedef struct tt_variant_pair {
    const char *rule; /* rule name, for review and --exclude */
    const char *a, *b;
    unsigned flags;
    unsigned since, until; /* table versions using it: since..until (until 0: still in use) */
} tt_variant_pair;

extern const tt_variant_pair tt_variants__pairs[];
extern const size_t tt_variants__npairs;

/* Does table version `table` use an entry of versions since..until? */
#define TT_VARIANTS_IN(table, since, until) ((table) >= (since) && (!(until) || (table) <= (until)))

/* Stem rules: a stem (lower case) followed by either suffix of a pair is the same word in
 * two spellings: "organ" + ize/ise, "col" + our/or, "cent" + re/er, "trave" + led/lled. */
typedef struct tt_variant_stems {
    const char *rule;
    const char *const *stems;
    size_t nstems;
    const char *const (*suffixes)[2]; /* [i][0], [i][1]: the two spellings' endings */
    size_t nsuffixes;
    unsigned since;
} tt_variant_stems;

extern const tt_variant_stems tt_variants__stem_rules[];
extern const size_t tt_variants__nstem_rules;

/* Number words that may be written in digits ("three" -> "3", one way): 2..20 and the tens. */
extern const struct tt_variant_number {
    const char *word;
    unsigned value;
} tt_variants__numbers[];
extern const size_t tt_variants__nnumbers;
/* English month names (capitalized in text), for the day-month order rule. */
extern const char *const tt_variants__months[];
extern const size_t tt_variants__nmonths;

/* The value of a number word of the table (lower case), or 0. */
unsigned tt_variants__number_value(const char *w, size_t len);

/* Words after which "that" introducing a clause may be omitted (table 1; _2: added by 2). */
extern const char *const tt_variants__that_verbs[];
extern const size_t tt_variants__nthat_verbs;
extern const char *const tt_variants__that_verbs_2[];
extern const size_t tt_variants__nthat_verbs_2;
/* Table 4: verbs of reporting and finding. */
extern const char *const tt_variants__that_verbs_4[];
extern const size_t tt_variants__nthat_verbs_4;
/* Words that may follow such a "that" (so it is surely a conjunction, not a pronoun). */
extern const char *const tt_variants__clause_starts[];
extern const size_t tt_variants__nclause_starts;
/* Sentence adverbs whose following comma is optional ("Therefore, we" / "Therefore we"). */
extern const char *const tt_variants__comma_adverbs[];
extern const size_t tt_variants__ncomma_adverbs;
/* Added by table 2; a comma is inserted after them only before a pronoun or a definite
 * determiner (tt_variants__strict_starts), never before "many", "some", ... */
extern const char *const tt_variants__comma_adverbs_2[];
extern const size_t tt_variants__ncomma_adverbs_2;
extern const char *const tt_variants__strict_starts[];
extern const size_t tt_variants__nstrict_starts;
/* Sentence-initial words that open an introductory phrase or clause ("If ..., then"). */
extern const char *const tt_variants__intro_words[];
extern const size_t tt_variants__nintro_words;
/* Words after which "which" must stay (prepositions and the like: "in which"). */
extern const char *const tt_variants__which_keep[];
extern const size_t tt_variants__nwhich_keep;

/* Table 3: the British forms of the spelling pairs (the form the en_US hunspell dictionary
 * rejects and en_GB accepts, checked when the list was made): table 3 switches no dialect. */
extern const char *const tt_variants__gb_words[];
extern const size_t tt_variants__ngb_words;
/* Table 3: forms a copy never gets (hunspell rejects them, their pair's other form not). */
extern const char *const tt_variants__not_words[];
extern const size_t tt_variants__nnot_words;
/* Table 3: function words (determiners, pronouns, prepositions, auxiliaries, conjunctions):
 * the neighbours a synonym may have, so it is never part of a compound term. */
extern const char *const tt_variants__function_words[];
extern const size_t tt_variants__nfunction_words;
/* Table 3: determiners, for the "noun before which/who/that" guard. */
extern const char *const tt_variants__determiners[];
extern const size_t tt_variants__ndeterminers;

/* Is w (lower case, n bytes) in the sorted list? */
int tt_variants__in(const char *const *list, size_t n, const char *w, size_t len);

/* Are a and b (words separated by white space; case ignored) the two forms of a pair of the
 * table (any version), of a stem rule, a number word and its digits ("three"/"3"), or a day
 * and month in either order ("30 March"/"March 30")?  For verify: such a difference is a
 * marking variant, not an alteration.  Returns the rule name, or NULL. */
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
#define TT_RULE_OUR "our-or"
#define TT_RULE_RE "re-er"
#define TT_RULE_LL "l-ll"
#define TT_RULE_NUMBER "number-digits"
#define TT_RULE_DATE "date-order"
#define TT_RULE_WHO_THAT "who-that"
#define TT_RULE_APPROX "number-approx"
#define TT_RULE_ZW_BEFORE "zero-width-before-space"
#define TT_RULE_ZW_AFTER "zero-width-after-space"
#define TT_RULE_CANARY "canary"
#define TT_RULE_WORD_SPACE "word-space" /* layout channel: a PDF copy's word space narrowed or widened */
#define TT_RULE_CLAUSE_COMMA "clause-comma"
#define TT_RULE_TITLE "title-period"
#define TT_RULE_COORDINATION "coordination-order"
#define TT_RULE_LIST_ORDER "list-order" /* table 5: a q-ary slot, the six orders of three items */
#define TT_RULE_APPROX_WORD "approx-word" /* table 6: about / around / approximately / roughly N */
#define TT_RULE_ALL_OF "all-of" /* table 7: "all the" / "all of the" */

/* Group keys of table 3 (slots.h): every slot of one key takes one code bit. */
#define TT_GROUP_QUOTES "quote-style"

#endif
