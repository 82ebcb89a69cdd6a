/* SPDX-License-Identifier: Apache-2.0 */
/*
 * align.c: word-level local alignment of a leak to a registered original (align.h).
 *
 * Method: seed, chain, fill.
 *   1. Seeds: every run of K = 3 words of the leak whose folded hashes equal a run of the
 *      original (a hash table over the original's word trigrams; trigrams occurring more than
 *      MAX_OCC times in the original are not used as seeds).  Seeds on one diagonal in
 *      consecutive positions merge into segments of exactly matching words.
 *   2. Chain: the best-scoring chain of segments increasing in both texts (sparse dynamic
 *      programming, each segment looking back at most LOOKBACK segments).  A segment scores
 *      S_MATCH per word; a jump between segments costs 2 per word skipped in both texts
 *      (room for substitutions) plus, when the jumps differ, an opening cost and a cost
 *      growing with the logarithm of the difference, so a dropped or inserted sentence, even
 *      a skipped page, is bridged when the leak goes on matching after it, while unrelated
 *      text on both sides is not.
 *   3. Fill: between consecutive segments a global alignment (Gotoh: match, noisy, subst,
 *      affine gaps) of the words in the gap; before the first and after the last segment an
 *      extension of at most EXT_WINDOW words with a free far end, which recovers words at the
 *      edges whose trigram was broken by noise.
 *   When no seed exists (a very short or very noisy leak) and the region is small, a full
 *   Smith-Waterman alignment with affine gaps is computed instead.
 *
 * Costs: O(n + m) to seed, O(S * LOOKBACK) to chain S segments, and the fills are bounded by
 * the products of the gap sizes (a gap region larger than MAX_CELLS is filled with deletions
 * then insertions).  No full n x m matrix is ever built for long texts, so a 5,000-word leak
 * against a 10,000-word original takes a few milliseconds.
 *
 * Invariants: ops are in order; a-indices and b-indices of the ops are each strictly
 * increasing and contiguous from a_start/b_start to a_end/b_end; the first and last op are
 * MATCH or NOISY.  Word relation: MATCH by equal folded hash; NOISY by tt_align__relate()
 * (never for a changed digit, a negation, or a protected word); else SUBST.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "common.h"
#include "utf8.h"

enum {
    K = 3,               /* words per seed */
    MAX_OCC = 24,        /* seeds occurring more often in the original are ignored */
    LOOKBACK = 400,      /* segments a segment looks back at when chaining */
    TOPN = 16,           /* and the best-scoring segments so far */
    EXT_WINDOW = 40,     /* words an edge extension may cover */
    MAX_CELLS = 4000000, /* largest gap region filled by dynamic programming */
    SW_MAX_CELLS = 1000000,
};

/* Scores (integers; a word pair or a gap word). */
enum {
    S_MATCH = 3,
    S_NOISY = 2,
    S_SUBST = -3,
    S_GAP_OPEN = -4, /* added once per gap, on top of S_GAP_EXT per word */
    S_GAP_EXT = -1,
};

#define NEG_INF (INT32_MIN / 4)

/* ---- word classes -------------------------------------------------------------------- */

static const char *const negations[] = {
    "not",    "no",     "never",  "none",    "nor",    "neither", "nothing", "nobody",
    "nowhere", "cannot", "cant",   "dont",    "doesnt", "didnt",   "isnt",    "arent",
    "wasnt",  "werent", "wont",   "wouldnt", "couldnt", "shouldnt", "hasnt",  "havent",
    "hadnt",  "mustnt", "neednt", "aint",    "without", "t",       "non",
};
static const char *const numbers[] = {
    "zero",     "one",      "two",     "three",   "four",     "five",     "six",
    "seven",    "eight",    "nine",    "ten",     "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen",  "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty",   "forty",    "fifty",   "sixty",   "seventy",  "eighty",   "ninety",
    "hundred",  "hundreds", "thousand", "thousands", "million", "millions", "billion",
    "billions", "trillion", "dozen",   "dozens",  "half",     "quarter",  "third",
    "first",    "second",   "fourth",  "fifth",   "once",     "twice",    "thrice",
    "double",   "triple",   "single",  "pair",    "couple",
};
static const char *const quantities[] = {
    "all",   "some",    "most",  "many",   "few",     "fewer",  "several", "every",
    "each",  "any",     "more",  "less",   "least",   "much",   "majority", "minority",
    "always", "often",  "rarely", "seldom", "sometimes", "usually", "only", "both",
    "either", "entire", "whole", "partial", "full",   "max",    "maximum", "min",
    "minimum", "increase", "decrease", "increased", "decreased", "higher", "lower",
    "above", "below",   "over",  "under",  "before",  "after",
};
static const char *const modals[] = {
    "must", "may", "might", "shall", "should", "will", "would", "can", "could",
};
static const char *const units[] = {
    "km",      "m",       "cm",     "mm",     "kg",     "g",       "mg",
    "l",       "ml",      "lb",     "lbs",    "oz",     "ft",      "mi",     "mph",
    "kmh",     "percent", "pct",    "cent",   "dollar", "dollars", "euro",   "euros",
    "pound",   "pounds",  "usd",    "eur",    "gbp",    "tons",    "ton",    "tonnes",
    "tonne",   "meter",   "meters", "metre",  "metres", "mile",    "miles",  "kilometers",
    "kilometres", "gram", "grams",  "kilograms", "liter", "liters", "litre", "litres",
    "second",  "seconds", "minute", "minutes", "hour",  "hours",   "day",    "days",
    "week",    "weeks",   "month",  "months", "year",   "years",   "mw",     "kw",
    "gw",      "kwh",     "mwh",    "v",      "kv",     "w",       "hz",
};
static const char *const dates[] = {
    "january", "february", "march",   "april",    "may",     "june",   "july",
    "august",  "september", "october", "november", "december", "jan",   "feb",
    "mar",     "apr",      "jun",     "jul",      "aug",     "sep",    "sept",
    "oct",     "nov",      "dec",     "monday",   "tuesday", "wednesday", "thursday",
    "friday",  "saturday", "sunday",  "today",    "tomorrow", "yesterday",
};
static const char *const pronouns[] = {
    "he",  "she", "him", "her",  "hers",  "his",   "they", "them", "their", "theirs",
    "we",  "us",  "our", "ours", "you",   "your",  "yours", "i",   "me",    "my",
    "mine", "it", "its",
};

static bool
in_list(const char *w, const char *const *list, size_t n)
{
    /* called for every word pair the aligner weighs: the first letter rules out nearly all */
    for (size_t i = 0; i < n; i++)
        if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
            return true;
    return false;
}

size_t
tt_align__word_folded(const tt_text *t, uint32_t w, char *buf, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return 0;
    const tt_word *wd = &t->words[w];
    for (uint32_t u = wd->ustart; u < wd->uend; u++) {
        uint32_t cp = t->units[u].cp;
        char enc[4];
        size_t k = (size_t)tt_utf8__encode(enc, cp);
        if (n + k >= cap)
            break;
        memcpy(buf + n, enc, k);
        n += k;
    }
    buf[n] = '\0';
    return n;
}

/* The classes a word has by what it says (not by its digits). */
static unsigned
lexical_class(const tt_text *t, uint32_t w)
{
    char s[48];
    unsigned c = 0;
    if (t->words[w].uend - t->words[w].ustart >= sizeof s / 4)
        return c;
    tt_align__word_folded(t, w, s, sizeof s);
    if (strcmp(s, "t") == 0) {
        /* the "t" of "don't", "can't": a negation only right after a word ending in n with
         * one apostrophe between */
        if (w > 0 && t->words[w - 1].uend > t->words[w - 1].ustart &&
            t->units[t->words[w - 1].uend - 1].cp == 'n' &&
            t->words[w].start > t->words[w - 1].end &&
            t->words[w].start - t->words[w - 1].end <= 3)
            c |= TT_WC_NEGATION;
    } else if (in_list(s, negations, TT_ARRAY_LEN(negations))) {
        c |= TT_WC_NEGATION;
    }
    if (in_list(s, numbers, TT_ARRAY_LEN(numbers)))
        c |= TT_WC_NUMBER;
    if (in_list(s, quantities, TT_ARRAY_LEN(quantities)))
        c |= TT_WC_QUANTITY;
    if (in_list(s, units, TT_ARRAY_LEN(units)))
        c |= TT_WC_UNIT;
    if (in_list(s, dates, TT_ARRAY_LEN(dates)))
        c |= TT_WC_DATE;
    if (in_list(s, pronouns, TT_ARRAY_LEN(pronouns)))
        c |= TT_WC_PRONOUN;
    if (in_list(s, modals, TT_ARRAY_LEN(modals)))
        c |= TT_WC_MODAL;
    return c;
}

unsigned
tt_align__word_class(const tt_text *t, uint32_t w)
{
    return lexical_class(t, w) | (t->words[w].flags & TT_WORD_DIGIT ? TT_WC_NUMBER : 0);
}

/* ---- word relation ------------------------------------------------------------------- */

/* The ASCII digits of a word, read from the original bytes (folding may map 0 to o). */
static size_t
word_digits(const tt_text *t, uint32_t w, char *buf, size_t cap)
{
    size_t n = 0;
    for (uint32_t p = t->words[w].start; p < t->words[w].end && n + 1 < cap; p++)
        if (t->bytes[p] >= '0' && t->bytes[p] <= '9')
            buf[n++] = t->bytes[p];
    buf[n] = '\0';
    return n;
}

/* Does one word read as the other with a negating or opposite prefix or suffix? */
static bool
opposite(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    static const char *const pre[] = {"un", "in", "im", "il", "ir", "non", "dis", "a", "anti", "mis"};
    static const char *const swap[][2] = {
        {"in", "de"},   {"in", "ex"},   {"im", "ex"},     {"max", "min"},  {"maj", "min"},
        {"up", "down"}, {"in", "out"},  {"over", "under"}, {"pre", "post"}, {"inc", "dec"},
        {"ac", "re"},   {"en", "dis"},  {"pro", "anti"},  {"super", "sub"}, {"inter", "intra"},
    };
    if (la > lb) {
        const uint32_t *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    /* b = prefix + a, or b = a + "nt" / "n" + "t" */
    for (size_t i = 0; i < TT_ARRAY_LEN(pre); i++) {
        size_t pl = strlen(pre[i]);
        if (lb != la + pl)
            continue;
        bool ok = true;
        for (size_t k = 0; k < pl && ok; k++)
            ok = b[k] == (uint32_t)(unsigned char)pre[i][k];
        for (size_t k = 0; k < la && ok; k++)
            ok = b[pl + k] == a[k];
        if (ok)
            return true;
    }
    if (lb == la + 2 && b[la] == 'n' && b[la + 1] == 't' && memcmp(a, b, la * sizeof *a) == 0)
        return true;
    if (lb == la + 1 && b[la] == 'n' && memcmp(a, b, la * sizeof *a) == 0)
        return true; /* do / don (don't split at the apostrophe) */
    /* a = P1 + X, b = P2 + X (either way round), X at least 3 units */
    for (int pass = 0; pass < 2; pass++) {
        const uint32_t *x = pass ? b : a, *y = pass ? a : b;
        size_t lx = pass ? lb : la, ly = pass ? la : lb;
        for (size_t i = 0; i < TT_ARRAY_LEN(swap); i++) {
            size_t p1 = strlen(swap[i][0]), p2 = strlen(swap[i][1]);
            for (int dir = 0; dir < 2; dir++) {
                const char *s1 = swap[i][dir], *s2 = swap[i][!dir];
                size_t l1 = dir ? p2 : p1, l2 = dir ? p1 : p2;
                if (lx < l1 + 3 || ly < l2 + 3 || lx - l1 != ly - l2)
                    continue;
                bool ok = true;
                for (size_t k = 0; k < l1 && ok; k++)
                    ok = x[k] == (uint32_t)(unsigned char)s1[k];
                for (size_t k = 0; k < l2 && ok; k++)
                    ok = y[k] == (uint32_t)(unsigned char)s2[k];
                for (size_t k = 0; k < lx - l1 && ok; k++)
                    ok = x[l1 + k] == y[l2 + k];
                if (ok)
                    return true;
            }
        }
    }
    return false;
}

/* Optimal string alignment distance of a and b, or bound + 1 when it exceeds bound. */
static unsigned
osa_bounded(const uint32_t *a, size_t la, const uint32_t *b, size_t lb, unsigned bound)
{
    enum { MAXL = 64 };
    if (la > MAXL || lb > MAXL)
        return bound + 1;
    if ((la > lb ? la - lb : lb - la) > bound)
        return bound + 1;
    unsigned d0[MAXL + 1], d1[MAXL + 1], d2[MAXL + 1];
    unsigned *pp = d0, *p = d1, *c = d2;
    for (size_t j = 0; j <= lb; j++)
        p[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        c[0] = (unsigned)i;
        unsigned rowmin = c[0];
        for (size_t j = 1; j <= lb; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = p[j - 1] + cost;
            if (p[j] + 1 < v)
                v = p[j] + 1;
            if (c[j - 1] + 1 < v)
                v = c[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > bound)
            return bound + 1;
        unsigned *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[lb];
}

/* Is long (ll = ls + 1 units) short with one unit inserted, not first nor last? */
static bool
inner_insertion(const uint32_t *sh, size_t ls, const uint32_t *lo, size_t ll)
{
    if (ll != ls + 1 || lo[0] != sh[0] || lo[ll - 1] != sh[ls - 1])
        return false;
    size_t k = 0;
    while (k < ls && sh[k] == lo[k])
        k++;
    return memcmp(sh + k, lo + k + 1, (ls - k) * sizeof *sh) == 0;
}

/* Is b a from a typing slip: two adjacent letters swapped, one letter doubled, or one
 * letter dropped? */
static bool
slip(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    size_t k = 0;
    if (la == lb) {
        while (k < la && a[k] == b[k])
            k++;
        return k + 1 < la && a[k] == b[k + 1] && a[k + 1] == b[k] &&
               memcmp(a + k + 2, b + k + 2, (la - k - 2) * sizeof *a) == 0;
    }
    if (la + 1 == lb) { /* doubled: b has one more letter, a copy of its neighbour */
        while (k < la && a[k] == b[k])
            k++;
        return k > 0 && b[k] == b[k - 1] &&
               memcmp(a + k, b + k + 1, (la - k) * sizeof *a) == 0;
    }
    if (lb + 1 == la) { /* dropped */
        while (k < lb && a[k] == b[k])
            k++;
        return memcmp(a + k + 1, b + k, (lb - k) * sizeof *a) == 0;
    }
    return false;
}

/* Common words that one such slip makes of a protected word ("there" of "three", "ever" of
 * "never", "arch" of "march", "for" of "four"): a leak that has them says something else.
 * Found by generating every slip of the protected words above and keeping those that occur
 * as words in real prose (the licences and documentation under /usr/share), by hand. */
static const char *const slip_words[] = {
    "air",   "an",    "ant",   "arch",  "bellow", "blow",  "booth", "cat",   "cold",
    "cot",   "deceased", "dot", "ear",  "ears",  "east",  "even",  "ever",  "for",
    "fort",  "forth", "hall",  "hem",   "heirs", "hey",   "hi",    "hole",  "ill",
    "in",    "is",    "last",  "lest",  "lite",  "litter", "man",  "mere",  "noting",
    "on",    "or",    "ore",   "par",   "pond",  "ram",   "seen",  "set",   "the",
    "thee",  "there", "thy",   "tis",   "toady", "tone",  "tones", "tow",   "tree",
    "very",  "want",  "wee",   "wold",  "won",   "ton",   "to",    "us",
};

static bool
slip_word(const tt_text *t, uint32_t w)
{
    char s[16];
    if (t->words[w].uend - t->words[w].ustart > 8)
        return false;
    tt_align__word_folded(t, w, s, sizeof s);
    return in_list(s, slip_words, TT_ARRAY_LEN(slip_words));
}

int
tt_align__relate(const tt_text *ta, uint32_t i, const tt_text *tb, uint32_t j)
{
    const tt_word *a = &ta->words[i], *b = &tb->words[j];
    if (a->hash == b->hash)
        return TT_OP_MATCH;
    size_t la = a->uend - a->ustart, lb = b->uend - b->ustart;
    size_t mn = la < lb ? la : lb;
    if (mn == 0 || la > 64 || lb > 64)
        return TT_OP_SUBST;
    unsigned bound = mn >= 8 ? 2 : 1;
    if ((la > lb ? la - lb : lb - la) > bound)
        return TT_OP_SUBST;
    if ((a->flags | b->flags) & TT_WORD_DIGIT) {
        char da[80], db[80];
        word_digits(ta, i, da, sizeof da);
        word_digits(tb, j, db, sizeof db);
        if (strcmp(da, db) != 0)
            return TT_OP_SUBST;
    }
    uint32_t ua[64], ub[64];
    for (size_t k = 0; k < la; k++)
        ua[k] = ta->units[a->ustart + k].cp;
    for (size_t k = 0; k < lb; k++)
        ub[k] = tb->units[b->ustart + k].cp;
    /* Every NOISY below (a slip, an inner insertion, or the bounded distance) is within
     * `bound` edits: words further apart are SUBST whatever their class, and most pairs the
     * aligner weighs are, so they skip the word lists (which cost more than the distance). */
    if (osa_bounded(ua, la, ub, lb, bound) > bound)
        return TT_OP_SUBST;
    unsigned ca = lexical_class(ta, i), cb = lexical_class(tb, j);
    if (ca || cb) {
        /* A protected word is noisy only with a typing slip the other word shows (two
         * adjacent letters swapped, a letter doubled or dropped: "yuo", "sahll", "shal"; or,
         * not for a negation, one letter typed inside it: "mfay"), when both have at least 3
         * letters (a two-letter word only doubled: "iit") and the other word is neither
         * protected nor a common word such a slip makes of a protected one: never
         * "three"/"there", "never"/"ever", "no"/"on". */
        if ((ca && cb) || mn < 2 || slip_word(ca ? tb : ta, ca ? j : i))
            return TT_OP_SUBST;
        if (mn == 2) /* a two-letter word: only a doubled letter ("iit") is a slip */
            return la != lb && (la == 2 ? slip(ua, la, ub, lb) : slip(ub, lb, ua, la)) &&
                           (la == 2 ? ub[1] == ub[2] || ub[0] == ub[1]
                                    : ua[1] == ua[2] || ua[0] == ua[1])
                       ? TT_OP_NOISY
                       : TT_OP_SUBST;
        if (slip(ua, la, ub, lb))
            return TT_OP_NOISY;
        if (((ca | cb) & TT_WC_NEGATION) || la == lb)
            return TT_OP_SUBST;
        return inner_insertion(la < lb ? ua : ub, mn, la < lb ? ub : ua, mn + 1) ? TT_OP_NOISY
                                                                               : TT_OP_SUBST;
    }
    if (opposite(ua, la, ub, lb))
        return TT_OP_SUBST;
    return osa_bounded(ua, la, ub, lb, bound) <= bound ? TT_OP_NOISY : TT_OP_SUBST;
}

static int
pair_score(int rel)
{
    return rel == TT_OP_MATCH ? S_MATCH : rel == TT_OP_NOISY ? S_NOISY : S_SUBST;
}

/* ---- op list ------------------------------------------------------------------------- */

typedef struct oplist {
    tt_op *v;
    size_t n, cap;
} oplist;

static int
op_push(oplist *l, uint32_t a, uint32_t b, int kind)
{
    if (tt__grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) != 0)
        return TT_ENOMEM;
    l->v[l->n].a = a;
    l->v[l->n].b = b;
    l->v[l->n].kind = (uint8_t)kind;
    l->n++;
    return 0;
}

/* ---- dynamic programming over a region ----------------------------------------------- */

enum dp_mode {
    DP_GLOBAL,   /* from (0,0) to (la,lb) */
    DP_FREE_END, /* from (0,0), ending anywhere (on a word pair) or nowhere */
    DP_LOCAL,    /* Smith-Waterman */
};

/* Traceback byte per cell: bits 0-1 where M came from (0 M, 1 X, 2 Y, 3 start), bits 2-3
 * where X came from, bits 4-5 where Y came from. */
enum { FROM_M = 0, FROM_X = 1, FROM_Y = 2, FROM_START = 3 };

typedef struct region {
    const tt_text *a, *b;
    uint32_t a0, b0; /* first word of the region */
    uint32_t la, lb; /* words in the region */
    bool rev;        /* walk both texts backwards from a0 + la - 1, b0 + lb - 1 */
} region;

static uint32_t
ra(const region *r, uint32_t i)
{
    return r->rev ? r->a0 + r->la - 1 - i : r->a0 + i;
}

static uint32_t
rb(const region *r, uint32_t j)
{
    return r->rev ? r->b0 + r->lb - 1 - j : r->b0 + j;
}

static int32_t
max3(int32_t x, int32_t y, int32_t z, int *arg)
{
    int32_t m = x;
    *arg = FROM_M;
    if (y > m) {
        m = y;
        *arg = FROM_X;
    }
    if (z > m) {
        m = z;
        *arg = FROM_Y;
    }
    return m;
}

/* Align the region; append its ops (in forward text order) to out.  Returns 0 or TT_ENOMEM.
 * For DP_FREE_END and DP_LOCAL only the chosen part is emitted. */
static int
dp_fill(oplist *out, const region *r, enum dp_mode mode)
{
    size_t la = r->la, lb = r->lb, W = lb + 1;
    int rc = TT_ENOMEM;
    if (la == 0 || lb == 0) {
        if (mode != DP_GLOBAL)
            return 0;
        for (uint32_t i = 0; i < la; i++)
            if (op_push(out, ra(r, r->rev ? la - 1 - i : i), UINT32_MAX, TT_OP_DEL) != 0)
                return TT_ENOMEM;
        for (uint32_t j = 0; j < lb; j++)
            if (op_push(out, UINT32_MAX, rb(r, r->rev ? lb - 1 - j : j), TT_OP_INS) != 0)
                return TT_ENOMEM;
        return 0;
    }
    if ((la + 1) * W > (mode == DP_LOCAL ? SW_MAX_CELLS : MAX_CELLS)) {
        if (mode != DP_GLOBAL)
            return 0;
        /* Too large to fill: deletions then insertions, honest about not knowing more. */
        region z = *r;
        z.lb = 0;
        if (dp_fill(out, &z, DP_GLOBAL) != 0)
            return TT_ENOMEM;
        z = *r;
        z.la = 0;
        z.a0 = r->a0 + r->la;
        return dp_fill(out, &z, DP_GLOBAL);
    }
    uint8_t *tb = malloc((la + 1) * W);
    int32_t *rows = malloc(6 * W * sizeof *rows);
    tt_op *rev = NULL;
    if (!tb || !rows)
        goto out;
    int32_t *Mp = rows, *Xp = rows + W, *Yp = rows + 2 * W;
    int32_t *Mc = rows + 3 * W, *Xc = rows + 4 * W, *Yc = rows + 5 * W;
    const int32_t open = S_GAP_OPEN + S_GAP_EXT, ext = S_GAP_EXT;
    bool global_like = mode != DP_LOCAL;

    /* row 0 */
    Mp[0] = global_like ? 0 : NEG_INF;
    Xp[0] = Yp[0] = NEG_INF;
    tb[0] = FROM_START;
    for (size_t j = 1; j <= lb; j++) {
        Mp[j] = NEG_INF;
        Xp[j] = NEG_INF;
        Yp[j] = global_like ? open + (int32_t)(j - 1) * ext : NEG_INF;
        tb[j] = (uint8_t)((j == 1 ? FROM_M : FROM_Y) << 4);
    }
    int32_t best = global_like ? 0 : NEG_INF;
    size_t bi = 0, bj = 0;
    for (size_t i = 1; i <= la; i++) {
        uint8_t *trow = tb + i * W;
        Mc[0] = NEG_INF;
        Yc[0] = NEG_INF;
        Xc[0] = global_like ? open + (int32_t)(i - 1) * ext : NEG_INF;
        trow[0] = (uint8_t)((i == 1 ? FROM_M : FROM_X) << 2);
        uint32_t ai = ra(r, (uint32_t)(i - 1));
        for (size_t j = 1; j <= lb; j++) {
            int arg, argx, argy;
            int32_t d = max3(Mp[j - 1], Xp[j - 1], Yp[j - 1], &arg);
            if (mode == DP_LOCAL && d < 0) {
                d = 0;
                arg = FROM_START;
            }
            int32_t s = pair_score(tt_align__relate(r->a, ai, r->b, rb(r, (uint32_t)(j - 1))));
            Mc[j] = d <= NEG_INF ? NEG_INF : d + s;
            /* X: consume a word of a (deletion) */
            int32_t x = max3(Mp[j] + open, Xp[j] + ext, Yp[j] + open, &argx);
            Xc[j] = x < NEG_INF ? NEG_INF : x;
            int32_t y = max3(Mc[j - 1] + open, Xc[j - 1] + open, Yc[j - 1] + ext, &argy);
            /* Y from M is argy FROM_M, from X is FROM_X, from Y is FROM_Y (max3 order). */
            Yc[j] = y < NEG_INF ? NEG_INF : y;
            trow[j] = (uint8_t)(arg | (argx << 2) | (argy << 4));
            if (mode != DP_GLOBAL && Mc[j] > best) {
                best = Mc[j];
                bi = i;
                bj = j;
            }
        }
        int32_t *t;
        t = Mp, Mp = Mc, Mc = t;
        t = Xp, Xp = Xc, Xc = t;
        t = Yp, Yp = Yc, Yc = t;
    }
    int state;
    if (mode == DP_GLOBAL) {
        bi = la;
        bj = lb;
        max3(Mp[lb], Xp[lb], Yp[lb], &state);
    } else {
        if (bi == 0) { /* nothing worth aligning */
            rc = 0;
            goto out;
        }
        state = FROM_M;
    }
    /* Trace back; ops come out last first. */
    size_t nrev = 0, caprev = la + lb + 2;
    rev = malloc(caprev * sizeof *rev);
    if (!rev)
        goto out;
    size_t i = bi, j = bj;
    while (i > 0 || j > 0) {
        uint8_t t = tb[i * W + j];
        if (state == FROM_M) {
            if (i == 0 || j == 0)
                break; /* (0,0) start, reached only in global-like modes */
            int rel = tt_align__relate(r->a, ra(r, (uint32_t)(i - 1)), r->b, rb(r, (uint32_t)(j - 1)));
            rev[nrev].a = ra(r, (uint32_t)(i - 1));
            rev[nrev].b = rb(r, (uint32_t)(j - 1));
            rev[nrev++].kind = (uint8_t)rel;
            int from = t & 3;
            i--;
            j--;
            if (from == FROM_START)
                break;
            state = from;
        } else if (state == FROM_X) {
            rev[nrev].a = ra(r, (uint32_t)(i - 1));
            rev[nrev].b = UINT32_MAX;
            rev[nrev++].kind = TT_OP_DEL;
            state = (t >> 2) & 3;
            i--;
        } else {
            rev[nrev].a = UINT32_MAX;
            rev[nrev].b = rb(r, (uint32_t)(j - 1));
            rev[nrev++].kind = TT_OP_INS;
            state = (t >> 4) & 3;
            j--;
        }
    }
    /* rev holds ops from the far end back to the start of the walk; in a reversed region the
     * walk ran backwards through the texts, so rev is already in forward text order. */
    for (size_t k = 0; k < nrev; k++) {
        const tt_op *o = r->rev ? &rev[k] : &rev[nrev - 1 - k];
        if (op_push(out, o->a, o->b, o->kind) != 0)
            goto out;
    }
    rc = 0;
out:
    free(tb);
    free(rows);
    free(rev);
    return rc;
}

/* ---- seeds and segments -------------------------------------------------------------- */

typedef struct seg {
    uint32_t i, j, len; /* words i..i+len of a equal words j..j+len of b */
    uint32_t trim;      /* words cut from the start when chained after prev */
    int32_t prev;
    double score;
} seg;

static uint64_t
kgram(const tt_text *t, uint32_t p, uint32_t k)
{
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (uint32_t q = 0; q < k; q++) {
        h ^= t->words[p + q].hash + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdull;
    }
    return h ^ (h >> 31);
}

static bool
kgram_equal(const tt_text *a, uint32_t i, const tt_text *b, uint32_t j, uint32_t k)
{
    for (uint32_t q = 0; q < k; q++)
        if (a->words[i + q].hash != b->words[j + q].hash)
            return false;
    return true;
}

typedef struct run {
    uint32_t seg;    /* index into the segment array */
    uint32_t last_i; /* i of its last seed */
} run;

static double
gap_cost(uint32_t gi, uint32_t gj)
{
    if (gi == 0 && gj == 0)
        return 0;
    uint32_t m = gi < gj ? gi : gj, x = gi > gj ? gi - gj : gj - gi;
    double c = 2.0 * m;
    if (x)
        c += 4.0 + 3.0 * log2(1.0 + x);
    return c;
}

/* Find the segments of exact k-word matches in the ranges.  *out (caller frees) gets them
 * ordered by their start in b. */
static int
find_segments(seg **out, size_t *out_n, const tt_text *a, const tt_text *b, uint32_t a_lo,
              uint32_t a_hi, uint32_t b_lo, uint32_t b_hi, uint32_t k)
{
    int rc = TT_ENOMEM;
    seg *segs = NULL;
    size_t nseg = 0, capseg = 0;
    uint32_t na = a_hi - a_lo, ngram = na - k + 1;
    size_t tabsz = 16;
    while (tabsz < (size_t)ngram * 2)
        tabsz <<= 1;
    uint32_t *head = malloc(tabsz * sizeof *head);
    uint32_t *next = malloc((size_t)ngram * sizeof *next);
    uint32_t *count = calloc(tabsz, sizeof *count);
    uint64_t *key = malloc(tabsz * sizeof *key);
    run *prevrun = malloc(MAX_OCC * sizeof *prevrun), *currun = malloc(MAX_OCC * sizeof *currun);
    if (!head || !next || !count || !key || !prevrun || !currun)
        goto out;
    for (size_t s = 0; s < tabsz; s++)
        head[s] = UINT32_MAX;
    /* Insert in descending position so each chain lists positions in ascending order. */
    for (uint32_t p = ngram; p-- > 0;) {
        uint64_t h = kgram(a, a_lo + p, k);
        size_t s = (size_t)h & (tabsz - 1);
        while (head[s] != UINT32_MAX && key[s] != h)
            s = (s + 1) & (tabsz - 1);
        key[s] = h;
        next[p] = head[s];
        head[s] = p;
        count[s]++;
    }
    size_t nprev = 0, ncur = 0;
    for (uint32_t j = b_lo; j + k <= b_hi; j++) {
        ncur = 0;
        uint64_t h = kgram(b, j, k);
        size_t s = (size_t)h & (tabsz - 1);
        while (head[s] != UINT32_MAX && key[s] != h)
            s = (s + 1) & (tabsz - 1);
        if (head[s] != UINT32_MAX && count[s] <= MAX_OCC) {
            for (uint32_t p = head[s]; p != UINT32_MAX; p = next[p]) {
                uint32_t i = a_lo + p;
                if (!kgram_equal(a, i, b, j, k))
                    continue;
                size_t found = SIZE_MAX;
                for (size_t q = 0; q < nprev; q++)
                    if (prevrun[q].last_i + 1 == i) {
                        found = q;
                        break;
                    }
                if (ncur == MAX_OCC)
                    break;
                if (found != SIZE_MAX) {
                    segs[prevrun[found].seg].len++;
                    currun[ncur].seg = prevrun[found].seg;
                } else {
                    if (tt__grow(&segs, &capseg, nseg + 1, sizeof *segs) != 0)
                        goto out;
                    segs[nseg] = (seg){.i = i, .j = j, .len = k, .prev = -1};
                    currun[ncur].seg = (uint32_t)nseg++;
                }
                currun[ncur++].last_i = i;
            }
        }
        run *t = prevrun;
        prevrun = currun;
        currun = t;
        nprev = ncur;
    }
    *out = segs;
    *out_n = nseg;
    segs = NULL;
    rc = 0;
out:
    free(segs);
    free(head);
    free(next);
    free(count);
    free(key);
    free(prevrun);
    free(currun);
    return rc;
}

/* ---- the alignment ------------------------------------------------------------------- */

void
tt_alignment__release(tt_alignment *al)
{
    if (!al)
        return;
    free(al->ops);
    memset(al, 0, sizeof *al);
}

/* Trim non-matching ops at both ends and compute the summary fields. */
static void
finish(tt_alignment *al, oplist *l)
{
    size_t s = 0, e = l->n;
    while (s < e && l->v[s].kind != TT_OP_MATCH && l->v[s].kind != TT_OP_NOISY)
        s++;
    while (e > s && l->v[e - 1].kind != TT_OP_MATCH && l->v[e - 1].kind != TT_OP_NOISY)
        e--;
    memset(al, 0, sizeof *al);
    if (s == e) {
        free(l->v);
        return;
    }
    memmove(l->v, l->v + s, (e - s) * sizeof *l->v);
    al->ops = l->v;
    al->nops = e - s;
    al->a_start = al->b_start = UINT32_MAX;
    double score = 0;
    bool in_gap_a = false, in_gap_b = false;
    for (size_t k = 0; k < al->nops; k++) {
        const tt_op *o = &al->ops[k];
        if (o->a != UINT32_MAX) {
            if (al->a_start == UINT32_MAX)
                al->a_start = o->a;
            al->a_end = o->a + 1;
        }
        if (o->b != UINT32_MAX) {
            if (al->b_start == UINT32_MAX)
                al->b_start = o->b;
            al->b_end = o->b + 1;
        }
        switch (o->kind) {
        case TT_OP_MATCH:
        case TT_OP_NOISY:
            al->matched++;
            score += pair_score(o->kind);
            in_gap_a = in_gap_b = false;
            break;
        case TT_OP_SUBST:
            score += S_SUBST;
            in_gap_a = in_gap_b = false;
            break;
        case TT_OP_DEL:
            score += S_GAP_EXT + (in_gap_a ? 0 : S_GAP_OPEN);
            in_gap_a = true;
            in_gap_b = false;
            break;
        default:
            score += S_GAP_EXT + (in_gap_b ? 0 : S_GAP_OPEN);
            in_gap_b = true;
            in_gap_a = false;
            break;
        }
    }
    al->score = score;
}

int
tt_align__words(tt_alignment *out, const tt_text *orig, const tt_text *leak, uint32_t a_lo,
                uint32_t a_hi, uint32_t b_lo, uint32_t b_hi, tt_err *err)
{
    memset(out, 0, sizeof *out);
    if (a_hi > orig->nwords)
        a_hi = (uint32_t)orig->nwords;
    if (b_hi > leak->nwords)
        b_hi = (uint32_t)leak->nwords;
    if (a_lo >= a_hi || b_lo >= b_hi)
        return 0;
    uint32_t na = a_hi - a_lo, nb = b_hi - b_lo;
    uint32_t k = TT_MIN((uint32_t)K, TT_MIN(na, nb));
    seg *segs = NULL;
    size_t *chain = NULL;
    size_t nseg = 0;
    oplist l = {0};
    if (find_segments(&segs, &nseg, orig, leak, a_lo, a_hi, b_lo, b_hi, k) != 0)
        goto nomem;

    if (nseg == 0) {
        /* No seed: a short or very noisy leak.  Full local alignment when small enough. */
        region r = {orig, leak, a_lo, b_lo, na, nb, false};
        if (dp_fill(&l, &r, DP_LOCAL) != 0)
            goto nomem;
        free(segs);
        finish(out, &l);
        return 0;
    }

    /* Chain.  Each segment looks back at the LOOKBACK segments before it and at the TOPN
     * best-scoring segments so far: in repetitive text (a licence's list of alternatives)
     * a common trigram starts a segment on many diagonals at every word, so the window alone
     * can lose sight of the true predecessor a few dozen words back. */
    size_t best = 0, ntop = 0;
    size_t top[TOPN];
    for (size_t t = 0; t < nseg; t++) {
        seg *st = &segs[t];
        st->score = (double)S_MATCH * st->len;
        st->prev = -1;
        st->trim = 0;
        size_t from = t > LOOKBACK ? t - LOOKBACK : 0;
        for (size_t q = 0; q < ntop + (t - from); q++) {
            size_t s = q < ntop ? top[q] : from + (q - ntop);
            if (q < ntop && s >= from)
                continue; /* in the window: seen there */
            const seg *ss = &segs[s];
            if (ss->i >= st->i || ss->j >= st->j)
                continue;
            uint32_t ie = ss->i + ss->len, je = ss->j + ss->len, d = 0;
            if (ie > st->i)
                d = ie - st->i;
            if (je > st->j && je - st->j > d)
                d = je - st->j;
            if (d >= st->len)
                continue;
            double c = ss->score + (double)S_MATCH * (st->len - d) -
                       gap_cost(st->i + d - ie, st->j + d - je);
            if (c > st->score) {
                st->score = c;
                st->prev = (int32_t)s;
                st->trim = d;
            }
        }
        if (st->score > segs[best].score)
            best = t;
        /* keep the TOPN best scores seen so far */
        if (ntop < TOPN) {
            top[ntop++] = t;
        } else {
            size_t lo = 0;
            for (size_t q = 1; q < TOPN; q++)
                if (segs[top[q]].score < segs[top[lo]].score)
                    lo = q;
            if (st->score > segs[top[lo]].score)
                top[lo] = t;
        }
    }
    /* Collect the chain, first segment first. */
    size_t nchain = 0;
    for (int32_t s = (int32_t)best; s >= 0; s = segs[s].prev)
        nchain++;
    chain = malloc(nchain * sizeof *chain);
    if (!chain)
        goto nomem;
    {
        size_t c = nchain;
        for (int32_t s = (int32_t)best; s >= 0; s = segs[s].prev)
            chain[--c] = (size_t)s;
    }
    for (size_t c = 0; c < nchain; c++) {
        const seg *sg = &segs[chain[c]];
        uint32_t i0 = sg->i + sg->trim, j0 = sg->j + sg->trim, len = sg->len - sg->trim;
        region r = {orig, leak, 0, 0, 0, 0, false};
        if (c == 0) {
            /* extend backwards from the first segment */
            uint32_t ea = TT_MIN((uint32_t)EXT_WINDOW, i0 - a_lo);
            uint32_t eb = TT_MIN((uint32_t)EXT_WINDOW, j0 - b_lo);
            r = (region){orig, leak, i0 - ea, j0 - eb, ea, eb, true};
            if (dp_fill(&l, &r, DP_FREE_END) != 0)
                goto nomem;
        } else {
            const seg *pv = &segs[chain[c - 1]];
            uint32_t pie = pv->i + pv->len, pje = pv->j + pv->len;
            r = (region){orig, leak, pie, pje, i0 - pie, j0 - pje, false};
            if (dp_fill(&l, &r, DP_GLOBAL) != 0)
                goto nomem;
        }
        for (uint32_t q = 0; q < len; q++)
            if (op_push(&l, i0 + q, j0 + q, TT_OP_MATCH) != 0)
                goto nomem;
        if (c + 1 == nchain) {
            uint32_t ie = i0 + len, je = j0 + len;
            uint32_t ea = TT_MIN((uint32_t)EXT_WINDOW, a_hi - ie);
            uint32_t eb = TT_MIN((uint32_t)EXT_WINDOW, b_hi - je);
            r = (region){orig, leak, ie, je, ea, eb, false};
            if (dp_fill(&l, &r, DP_FREE_END) != 0)
                goto nomem;
        }
    }
    free(chain);
    free(segs);
    finish(out, &l);
    return 0;

nomem:
    free(chain);
    free(segs);
    free(l.v);
    memset(out, 0, sizeof *out);
    return tt__error(err, TT_ENOMEM, "out of memory aligning texts");
}

void
tt_alignments__free(tt_alignment *al, size_t n)
{
    if (!al)
        return;
    for (size_t k = 0; k < n; k++)
        tt_alignment__release(&al[k]);
    free(al);
}

int
tt_align__regions(tt_alignment **out, size_t *out_n, const tt_text *orig, const tt_text *leak,
                  size_t min_matched, tt_err *err)
{
    /* A work list of leak ranges still to align; each alignment splits its range in two. */
    typedef struct {
        uint32_t lo, hi;
    } span;
    span *todo = NULL;
    size_t ntodo = 0, captodo = 0, n = 0, cap = 0;
    int rc = 0;
    tt_alignment *res = NULL;
    *out = NULL;
    *out_n = 0;
    if (min_matched < 1)
        min_matched = 1;
    if (tt__grow(&todo, &captodo, 1, sizeof *todo) != 0) {
        rc = tt__error(err, TT_ENOMEM, "out of memory aligning texts");
        goto fail;
    }
    todo[ntodo++] = (span){0, (uint32_t)leak->nwords};
    while (ntodo > 0) {
        span sp = todo[--ntodo];
        if (sp.hi - sp.lo < min_matched)
            continue;
        tt_alignment al;
        rc = tt_align__words(&al, orig, leak, 0, (uint32_t)orig->nwords, sp.lo, sp.hi, err);
        if (rc != 0)
            goto fail;
        if (al.matched < min_matched) {
            tt_alignment__release(&al);
            continue;
        }
        if (tt__grow(&res, &cap, n + 1, sizeof *res) != 0 ||
            tt__grow(&todo, &captodo, ntodo + 2, sizeof *todo) != 0) {
            tt_alignment__release(&al);
            rc = tt__error(err, TT_ENOMEM, "out of memory aligning texts");
            goto fail;
        }
        todo[ntodo++] = (span){sp.lo, al.b_start};
        todo[ntodo++] = (span){al.b_end, sp.hi};
        res[n++] = al;
    }
    /* best first */
    for (size_t x = 1; x < n; x++)
        for (size_t y = x; y > 0 && res[y].score > res[y - 1].score; y--) {
            tt_alignment t = res[y];
            res[y] = res[y - 1];
            res[y - 1] = t;
        }
    free(todo);
    *out = res;
    *out_n = n;
    return 0;
fail:
    free(todo);
    tt_alignments__free(res, n);
    return rc;
}
