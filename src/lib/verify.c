/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c: is a leak authentic, and what was altered (verify.h).
 *
 * The leak is aligned to the document (align.c, every disjoint passage of at least
 * MIN_PASSAGE matched words).  Inside each passage, the ops between two matched words form a
 * "stretch"; each stretch is classified:
 *   1. a marking variant or formatting when the two sides say the same thing: the same folded
 *      units once word breaks are ignored ("e-mail"/"email", "per cent"/"percent", "1,000"/
 *      "1000"), a phrase pair of the variant table (in order to/to, towards/toward, whilst/
 *      while, ...; matched with up to 3 shared words of context on either side), a number word
 *      and its digits (five/5), a day and month in either order;
 *   2. noise when the same, up to an edit distance of 1 (2 from 5 units) on the folded units
 *      of the whole stretch, with the same digits, no protected word (negation, number,
 *      quantity, unit, date, modal, pronoun: tt_align__word_class) and no name;
 *   3. otherwise a change: only leak words -> inserted, only document words -> missing,
 *      both -> altered.  A short insertion or cut (up to 3 words) holding a protected word is
 *      an alteration of that kind ("not" cut is a negation altered, not "missing text").
 *      What the change is about: negation > date > number > name > unit > quantity > modal
 *      > pronoun > word (text for long insertions and cuts).
 * A stretch whose leak side holds U+FFFD, a word OCR could not read (extract.h), is noise.
 * Noise and variants are never changes; a changed digit is always one.  The verdict is
 * unrelated when no passage was found, altered when there is a change, else authentic.
 *
 * Not good at: text added before the first or after the last aligned passage reads as
 * commentary ("outside"), not as an insertion; a passage moved elsewhere in the leak is
 * reported as a separate passage, not as a move.
 */
#include <ctype.h>
#include <sodium.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bind.h"
#include "align.h"
#include "common.h"
#include "scan_internal.h"
#include "extract_internal.h"
#include "html_to_text.h"
#include "slots.h"
#include "telltale/verify.h"
#include "text.h"
#include "utf8.h"
#include "variants.h"
#include "vault_internal.h"

enum { MIN_PASSAGE = 8, CONTEXT = 3, SHORT_EDIT = 3 };

/* ---- marking variants ---------------------------------------------------------------- */

static const struct {
    const char *word;
    unsigned value;
} number_words[] = {
    {"zero", 0},    {"one", 1},      {"two", 2},       {"three", 3},    {"four", 4},
    {"five", 5},    {"six", 6},      {"seven", 7},     {"eight", 8},    {"nine", 9},
    {"ten", 10},    {"eleven", 11},  {"twelve", 12},   {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
    {"twenty", 20}, {"thirty", 30},  {"forty", 40},    {"fifty", 50},   {"sixty", 60},
    {"seventy", 70}, {"eighty", 80}, {"ninety", 90},   {"hundred", 100}, {"thousand", 1000},
};

/* ---- building the result -------------------------------------------------------------- */

typedef struct vctx {
    const tt_text *a, *b;  /* document, leak */
    tt_verify_result *r;
    size_t capch;
    uint8_t *wkind;        /* per leak word: enum tt_span_kind */
    size_t *wchange;       /* per leak word: change index or SIZE_MAX */
    /* missing markers: change index, placed after leak word `after` (SIZE_MAX: before all) */
    struct miss {
        size_t after, change;
    } *miss;
    size_t nmiss, capmiss;
    tt_slots lists;        /* the document's slots (list orders), found on first need */
    int have_lists;        /* 1: found; -1: the finder failed */
} vctx;

static char *
dup_utf8(const char *s, size_t n)
{
    tt_buf b;
    tt_buf_init(&b);
    if (tt_utf8__sanitize(&b, s, n) == SIZE_MAX || tt_buf_grow(&b, 0) != 0) {
        tt_buf_release(&b);
        return NULL;
    }
    return tt_buf_detach(&b, NULL);
}

static void
folded(const tt_text *t, uint32_t w, char *buf, size_t cap)
{
    tt_align__word_folded(t, w, buf, cap);
}

/*
 * The words t[w0..w1) as the variant table spells phrases (variants.h): each word as written
 * (format characters dropped; the folded form when it is not ASCII, so a confusable letter
 * reads as its Latin twin), joined by '-' or '\'' when only a hyphen or an apostrophe (any
 * style) stands between two words, else by a space.  Returns the length, or SIZE_MAX when it
 * does not fit in cap bytes.
 */
static size_t
phrase(const tt_text *t, uint32_t w0, uint32_t w1, char *out, size_t cap)
{
    size_t n = 0;
    for (uint32_t w = w0; w < w1; w++) {
        const tt_word *wd = &t->words[w];
        if (w > w0) {
            /* the separator: what is left of the gap once format characters are gone */
            uint32_t sep = 0;
            int count = 0;
            for (size_t i = t->words[w - 1].end, l; i < wd->start; i += l) {
                uint32_t cp = tt_utf8__at(t->bytes, t->len, i, &l);
                if (!tt_utf8_invisible(cp)) {
                    sep = cp;
                    count++;
                }
            }
            char c = ' ';
            if (count == 1 && (sep == '-' || sep == 0x2010 || sep == 0x2011))
                c = '-';
            else if (count == 1 && (sep == '\'' || sep == 0x2019))
                c = '\'';
            if (n + 1 >= cap)
                return SIZE_MAX;
            out[n++] = c;
        }
        size_t start = n;
        bool ascii = true;
        for (size_t i = wd->start, l; i < wd->end; i += l) {
            uint32_t cp = tt_utf8__at(t->bytes, t->len, i, &l);
            if (tt_utf8_invisible(cp))
                continue;
            if (cp >= 0x80) {
                ascii = false;
                break;
            }
            if (n + 1 >= cap)
                return SIZE_MAX;
            out[n++] = (char)cp;
        }
        if (!ascii) {
            n = start;
            char f[96];
            size_t fl = tt_align__word_folded(t, w, f, sizeof f);
            if (n + fl + 1 >= cap)
                return SIZE_MAX;
            memcpy(out + n, f, fl);
            n += fl;
        }
    }
    out[n] = '\0';
    return n;
}

static bool
word_is(const tt_text *t, uint32_t w, const char *s)
{
    char f[16];
    return phrase(t, w, w + 1, f, sizeof f) != SIZE_MAX && strcasecmp(f, s) == 0;
}

/*
 * Is the stretch a[ia0..ia1) / b[jb0..jb1) a marking variant of an issued copy?  The word
 * and phrase pairs and -ize/-ise stems come from the table issue uses
 * (tt_variants__equivalent(): one source of truth), tried with up to CONTEXT shared words on
 * either side ("for example" / "for instance" aligns as the stretch "example" / "instance");
 * the structural word rules of slots.c are checked here: a restrictive "which" written
 * "that" (TT_RULE_WHICH_THAT) and a conjunction "that" left out (TT_RULE_THAT_OMIT), or put
 * in before a subject pronoun (table 7).
 */
static bool
table_variant(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
              uint32_t jb1)
{
    if (ia1 - ia0 == 1 && jb1 - jb0 == 1 && word_is(a, ia0, "which") && word_is(b, jb0, "that"))
        return true;
    if (ia1 - ia0 == 1 && jb1 == jb0 && word_is(a, ia0, "that"))
        return true;
    /* table 7: "that" put in before a subject pronoun ("think we" / "think that we") */
    if (ia1 == ia0 && jb1 - jb0 == 1 && word_is(b, jb0, "that") && jb1 < b->nwords &&
        (word_is(b, jb1, "we") || word_is(b, jb1, "they") || word_is(b, jb1, "he") ||
         word_is(b, jb1, "she") || word_is(b, jb1, "i")))
        return true;
    char x[160], y[160];
    for (uint32_t p = 0; p <= CONTEXT && p <= ia0 && p <= jb0; p++) {
        if (p > 0 && a->words[ia0 - p].hash != b->words[jb0 - p].hash)
            break;
        for (uint32_t q = 0; q <= CONTEXT; q++) {
            if (ia1 + q > a->nwords || jb1 + q > b->nwords)
                break;
            if (q > 0 && a->words[ia1 + q - 1].hash != b->words[jb1 + q - 1].hash)
                break;
            size_t xl = phrase(a, ia0 - p, ia1 + q, x, sizeof x);
            size_t yl = phrase(b, jb0 - p, jb1 + q, y, sizeof y);
            if (xl == SIZE_MAX || yl == SIZE_MAX)
                return false;
            if (xl && yl && tt_variants__equivalent(x, xl, y, yl))
                return true;
        }
    }
    return false;
}

/* The value of a number word, or -1. */
static long
number_word_value(const tt_text *t, uint32_t w)
{
    char f[32];
    if (t->words[w].uend - t->words[w].ustart > 12)
        return -1;
    folded(t, w, f, sizeof f);
    for (size_t k = 0; k < TT_ARRAY_LEN(number_words); k++)
        if (strcmp(f, number_words[k].word) == 0)
            return number_words[k].value;
    return -1;
}

/* The value of a word made only of ASCII digits in the original, or -1. */
static long
digits_value(const tt_text *t, uint32_t w)
{
    const tt_word *wd = &t->words[w];
    if (wd->end - wd->start == 0 || wd->end - wd->start > 9)
        return -1;
    long v = 0;
    for (uint32_t p = wd->start; p < wd->end; p++) {
        if (t->bytes[p] < '0' || t->bytes[p] > '9')
            return -1;
        v = v * 10 + (t->bytes[p] - '0');
    }
    return v;
}

static bool
is_month(const tt_text *t, uint32_t w)
{
    return (tt_align__word_class(t, w) & TT_WC_DATE) != 0 && !(t->words[w].flags & TT_WORD_DIGIT);
}

/* Folded units of t[w0..w1) concatenated (word breaks ignored), up to cap units. */
static size_t
concat_units(const tt_text *t, uint32_t w0, uint32_t w1, uint32_t *out, size_t cap)
{
    size_t n = 0;
    for (uint32_t w = w0; w < w1; w++)
        for (uint32_t u = t->words[w].ustart; u < t->words[w].uend; u++) {
            if (n == cap)
                return cap + 1;
            out[n++] = t->units[u].cp;
        }
    return n;
}

static unsigned
osa(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    enum { M = 65 };
    unsigned d[M][M];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

/* Is word w the first of a sentence (or of a line, heading or the text)? */
static bool
sentence_initial(const tt_text *t, uint32_t w)
{
    size_t p = t->words[w].start;
    while (p > 0) {
        unsigned char c = (unsigned char)t->bytes[p - 1];
        if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' || c == '[' || c == '*' ||
            c == '_' || c == '#' || c == '>' || c >= 0x80) {
            p--;
            continue;
        }
        return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\r';
    }
    return true;
}

static bool
is_name(const tt_text *t, uint32_t w)
{
    return (t->words[w].flags & TT_WORD_UPPER) && !sentence_initial(t, w) &&
           !(t->words[w].flags & TT_WORD_DIGIT);
}

static void widen_number(const tt_text *t, size_t *s, size_t *e);

/* A number that reads as a date: next to a month name, a year, or joined to another number
 * by '/', '-' or '.' (12/03/2024). */
static bool
is_dateish(const tt_text *t, uint32_t w)
{
    if (is_month(t, w))
        return true;
    if (!(t->words[w].flags & TT_WORD_DIGIT))
        return false;
    long v = digits_value(t, w);
    if (v >= 1800 && v <= 2199 && t->words[w].end - t->words[w].start == 4)
        return true;
    for (int d = -1; d <= 1; d += 2) {
        int64_t n = (int64_t)w + d;
        if (n < 0 || (size_t)n >= t->nwords)
            continue;
        if (is_month(t, (uint32_t)n))
            return true;
        const tt_word *x = &t->words[d < 0 ? n : w], *y = &t->words[d < 0 ? w : n];
        if ((t->words[n].flags & TT_WORD_DIGIT) && y->start == x->end + 1) {
            char c = t->bytes[x->end];
            size_t s = t->words[w].start, e = t->words[w].end;
            widen_number(t, &s, &e);
            /* 12/03/2024, 12.03.2024, but not 600,000.5 (a grouped number) */
            if ((c == '/' || c == '-' || c == '.') && !memchr(t->bytes + s, ',', e - s))
                return true;
        }
    }
    return false;
}

/* Same words in another order, where the words are a day and a month (3 March / March 3). */
static bool
date_reorder(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
             uint32_t jb1)
{
    if (ia1 - ia0 != 2 || jb1 - jb0 != 2)
        return false;
    if (!(a->words[ia0].hash == b->words[jb0 + 1].hash && a->words[ia0 + 1].hash == b->words[jb0].hash))
        return false;
    return (is_month(a, ia0) && (a->words[ia0 + 1].flags & TT_WORD_DIGIT)) ||
           (is_month(a, ia0 + 1) && (a->words[ia0].flags & TT_WORD_DIGIT));
}

/* A number word and the same number in digits (five / 5). */
static bool
number_variant(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
               uint32_t jb1)
{
    if (ia1 - ia0 != 1 || jb1 - jb0 != 1)
        return false;
    long x = number_word_value(a, ia0), y = digits_value(b, jb0);
    if (x >= 0 && x == y)
        return true;
    x = digits_value(a, ia0);
    y = number_word_value(b, jb0);
    return y >= 0 && x == y;
}

/* Classes of the words t[w0..w1). */
static unsigned
classes(const tt_text *t, uint32_t w0, uint32_t w1, bool *name, bool *date, bool *digits)
{
    unsigned c = 0;
    for (uint32_t w = w0; w < w1; w++) {
        c |= tt_align__word_class(t, w);
        if (is_name(t, w) && !tt_align__word_class(t, w))
            *name = true;
        if (is_dateish(t, w))
            *date = true;
        if (t->words[w].flags & TT_WORD_DIGIT)
            *digits = true;
    }
    return c;
}

static bool
same_digits(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
            uint32_t jb1)
{
    tt_buf x, y;
    tt_buf_init(&x);
    tt_buf_init(&y);
    for (uint32_t w = ia0; w < ia1; w++)
        for (uint32_t p = a->words[w].start; p < a->words[w].end; p++)
            if (a->bytes[p] >= '0' && a->bytes[p] <= '9')
                tt_buf_addc(&x, a->bytes[p]);
    for (uint32_t w = jb0; w < jb1; w++)
        for (uint32_t p = b->words[w].start; p < b->words[w].end; p++)
            if (b->bytes[p] >= '0' && b->bytes[p] <= '9')
                tt_buf_addc(&y, b->bytes[p]);
    bool same = x.len == y.len && (x.len == 0 || memcmp(x.data, y.data, x.len) == 0);
    tt_buf_release(&x);
    tt_buf_release(&y);
    return same;
}

enum stretch_class { ST_VARIANT, ST_NOISE, ST_CHANGE };

/* One marking variant: the same folded units and digits (punctuation, spacing, thousands
 * separators), a pair of the variant table, a number word and its digits, a reordered date. */
static bool
one_variant(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
            uint32_t jb1)
{
    uint32_t ua[65], ub[65];
    size_t la = concat_units(a, ia0, ia1, ua, 64), lb = concat_units(b, jb0, jb1, ub, 64);
    if (la <= 64 && lb <= 64 && la == lb && memcmp(ua, ub, la * sizeof *ua) == 0 &&
        same_digits(a, ia0, ia1, b, jb0, jb1))
        return true;
    return table_variant(a, ia0, ia1, b, jb0, jb1) || number_variant(a, ia0, ia1, b, jb0, jb1) ||
           date_reorder(a, ia0, ia1, b, jb0, jb1);
}

/* Is the stretch a run of neighbouring variants and equal words?  A copy marks slots next to
 * each other ("about eleven" -> "around 11", "until 20 March" -> "till March 20"), which the
 * aligner hands over as one stretch; each piece must be a variant on its own.  Stretches are
 * a few words long (the budget bounds the search). */
static bool
composed_variant(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
                 uint32_t jb1, int depth)
{
    if (ia0 == ia1 && jb0 == jb1)
        return true;
    if (depth > 6 || (ia1 - ia0) + (jb1 - jb0) > 12)
        return false;
    if (depth > 0 && one_variant(a, ia0, ia1, b, jb0, jb1))
        return true; /* (at depth 0 the caller tried the whole stretch) */
    if (ia0 < ia1 && jb0 < jb1 && a->words[ia0].hash == b->words[jb0].hash &&
        same_digits(a, ia0, ia0 + 1, b, jb0, jb0 + 1) &&
        composed_variant(a, ia0 + 1, ia1, b, jb0 + 1, jb1, depth + 1))
        return true;
    for (uint32_t i = ia0; i <= ia1; i++) {
        for (uint32_t j = jb0; j <= jb1; j++) {
            if ((i == ia0 && j == jb0) || (i == ia1 && j == jb1))
                continue; /* an empty piece, or the whole stretch (tried by the caller) */
            if (one_variant(a, ia0, i, b, jb0, j) &&
                composed_variant(a, i, ia1, b, j, jb1, depth + 1))
                return true;
        }
    }
    return false;
}

/* Does the leak hold U+FFFD between the ends of words jb_before and jb_after (both
 * excluded)?  In text read from an image (extract.h) that stands for a word the OCR could
 * not read; a stretch holding one is unreadable, never an alteration.  (In typed text a
 * U+FFFD is a replaced byte: it cannot make a real change go unseen, since the change's own
 * words around it are still compared; only the stretch touching it is excused.) */
static bool
unreadable_between(const tt_text *b, uint32_t jb_before, uint32_t jb_after)
{
    size_t from = b->words[jb_before].end, to = b->words[jb_after].start;
    for (size_t i = from; i + 3 <= to; i++)
        if (memcmp(b->bytes + i, "\xEF\xBF\xBD", 3) == 0)
            return true;
    return false;
}

/* Variant table 4's coordination order ("the rules and protocols" / "the protocols and
 * rules"): the aligner keeps "and" and hands over each noun as a one-word stretch; either
 * is a variant when the other noun sits across the conjunction. */
static bool
coordination_swap(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
                  uint32_t jb1)
{
    if (ia1 - ia0 != 1 || jb1 - jb0 != 1)
        return false;
    for (int dir = 0; dir < 2; dir++) {
        /* dir 0: this is the first noun (conjunction after); dir 1: the second */
        uint32_t ic, jc, io, jo;
        if (dir == 0) {
            if (ia0 + 2 >= a->nwords || jb0 + 2 >= b->nwords)
                continue;
            ic = ia0 + 1, jc = jb0 + 1, io = ia0 + 2, jo = jb0 + 2;
        } else {
            if (ia0 < 2 || jb0 < 2)
                continue;
            ic = ia0 - 1, jc = jb0 - 1, io = ia0 - 2, jo = jb0 - 2;
        }
        if (a->words[ic].hash != b->words[jc].hash ||
            !(word_is(a, ic, "and") || word_is(a, ic, "or")))
            continue;
        if (a->words[ia0].hash == b->words[jo].hash && a->words[io].hash == b->words[jb0].hash)
            return true;
    }
    return false;
}

static int
classify(const tt_text *a, uint32_t ia0, uint32_t ia1, const tt_text *b, uint32_t jb0,
         uint32_t jb1, int *kind, const char **what)
{
    uint32_t ua[65], ub[65];
    size_t la = concat_units(a, ia0, ia1, ua, 64), lb = concat_units(b, jb0, jb1, ub, 64);
    bool digits_same = same_digits(a, ia0, ia1, b, jb0, jb1);
    if (la <= 64 && lb <= 64 && la == lb && memcmp(ua, ub, la * sizeof *ua) == 0 && digits_same)
        return ST_VARIANT;
    if (table_variant(a, ia0, ia1, b, jb0, jb1) || number_variant(a, ia0, ia1, b, jb0, jb1) ||
        date_reorder(a, ia0, ia1, b, jb0, jb1) || composed_variant(a, ia0, ia1, b, jb0, jb1, 0) ||
        coordination_swap(a, ia0, ia1, b, jb0, jb1))
        return ST_VARIANT;

    bool name = false, date = false, digits = false, date_b = false;
    unsigned c = classes(a, ia0, ia1, &name, &date, &digits) |
                 classes(b, jb0, jb1, &name, &date_b, &digits);
    if (ia1 == ia0)
        date = date_b; /* a date is what the original said; for an insertion, the leak */
    if (!c && !name && !digits && ia1 > ia0 && jb1 > jb0 && la <= 64 && lb <= 64) {
        size_t mn = la < lb ? la : lb;
        unsigned bound = mn >= 5 ? 2 : 1;
        if (osa(ua, la, ub, lb) <= bound)
            return ST_NOISE;
    }
    size_t n = (ia1 - ia0) + (jb1 - jb0);
    /* a dropped or doubled one-letter word ("a") is typing noise */
    if (n == 1 && !c && !digits) {
        const tt_word *w = ia1 > ia0 ? &a->words[ia0] : &b->words[jb0];
        if (w->uend - w->ustart == 1)
            return ST_NOISE;
    }
    if (ia1 == ia0)
        *kind = TT_CHANGE_INSERTED;
    else if (jb1 == jb0)
        *kind = TT_CHANGE_MISSING;
    else
        *kind = TT_CHANGE_ALTERED;
    if (*kind != TT_CHANGE_ALTERED && n <= SHORT_EDIT &&
        (c & (TT_WC_NEGATION | TT_WC_NUMBER | TT_WC_DATE | TT_WC_QUANTITY | TT_WC_UNIT) || digits))
        *kind = TT_CHANGE_ALTERED;
    if (*kind != TT_CHANGE_ALTERED)
        *what = "text"; /* a sentence or more added or cut */
    else if (c & TT_WC_NEGATION)
        *what = "negation";
    else if (date && (digits || (c & TT_WC_DATE)))
        *what = "date";
    else if ((c & TT_WC_NUMBER) || digits)
        *what = "number";
    else if (c & TT_WC_DATE)
        *what = "date";
    else if (name)
        *what = "name";
    else if (c & TT_WC_UNIT)
        *what = "unit";
    else if (c & TT_WC_QUANTITY)
        *what = "quantity";
    else if (c & TT_WC_MODAL)
        *what = "modal";
    else if (c & TT_WC_PRONOUN)
        *what = "pronoun";
    else
        *what = *kind == TT_CHANGE_ALTERED ? "word" : "text";
    return ST_CHANGE;
}

static bool
isdig(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Widen the non-empty byte span [*s, *e) of t to the whole number token it starts or ends
 * in: digits with their internal ',' and '.' separators ("412,000", "1.5"), a currency sign
 * right before ("$", "£", "€") and a percent sign or unit letters right after ("12%",
 * "40km"), so "412,000" -> "112,000" is reported as such, not as "412" -> "112".
 */
static void
widen_number(const tt_text *t, size_t *s, size_t *e)
{
    const char *b = t->bytes;
    size_t n = t->len;
    if (*e == *s) {
        /* an empty span next to a number (digits cut from or added to it): that number */
        if (*s > 0 && isdig(b[*s - 1]))
            (*s)--;
        else if (*e < n && isdig(b[*e]))
            (*e)++;
        else
            return;
    }
    if (isdig(b[*s])) {
        while (*s > 0 && (isdig(b[*s - 1]) || ((b[*s - 1] == ',' || b[*s - 1] == '.') &&
                                                 *s >= 2 && isdig(b[*s - 2]))))
            (*s)--;
        if (*s > 0 && b[*s - 1] == '$')
            (*s)--;
        else if (*s >= 2 && memcmp(b + *s - 2, "\xC2\xA3", 2) == 0)
            *s -= 2;
        else if (*s >= 3 && memcmp(b + *s - 3, "\xE2\x82\xAC", 3) == 0)
            *s -= 3;
    }
    if (isdig(b[*e - 1])) {
        while (*e < n && (isdig(b[*e]) ||
                          ((b[*e] == ',' || b[*e] == '.') && *e + 1 < n && isdig(b[*e + 1]))))
            (*e)++;
        if (*e < n && b[*e] == '%') {
            (*e)++;
        } else {
            size_t u = *e;
            while (u < n && u - *e < 4 && isalpha((unsigned char)b[u]))
                u++;
            if (u > *e && (u == n || !isalnum((unsigned char)b[u])))
                *e = u;
        }
    }
}

/* A word that can be part of a written date: a month name or a number of at most 4 digits. */
static bool
date_part(const tt_text *t, uint32_t w)
{
    if (is_month(t, w))
        return true;
    long v = digits_value(t, w);
    return v >= 0 && t->words[w].end - t->words[w].start <= 4;
}

/* Only spaces and at most one comma between words w and w + 1 (the same line). */
static bool
near(const tt_text *t, uint32_t w)
{
    uint32_t s = t->words[w].end, e = t->words[w + 1].start;
    int commas = 0;
    if (e - s > 3)
        return false;
    for (uint32_t p = s; p < e; p++) {
        if (t->bytes[p] == ',')
            commas++;
        else if (t->bytes[p] != ' ')
            return false;
    }
    return commas <= 1;
}

/* A date change is shown as the whole date: widen a[ia0..ia1) / b[jb0..jb1) over shared
 * neighbouring day, month and year words ("14 March 2024" -> "15 March 2024"). */
static void
widen_date(const tt_text *a, uint32_t *ia0, uint32_t *ia1, const tt_text *b, uint32_t *jb0,
           uint32_t *jb1)
{
    for (int k = 0; k < 2 && *ia0 > 0 && *jb0 > 0; k++) {
        uint32_t i = *ia0 - 1, j = *jb0 - 1;
        if (a->words[i].hash != b->words[j].hash || !date_part(a, i) || !near(a, i) ||
            !near(b, j))
            break;
        (*ia0)--;
        (*jb0)--;
    }
    for (int k = 0; k < 2 && *ia1 < a->nwords && *jb1 < b->nwords; k++) {
        uint32_t i = *ia1, j = *jb1;
        if (a->words[i].hash != b->words[j].hash || !date_part(a, i) || !near(a, i - 1) ||
            !near(b, j - 1))
            break;
        (*ia1)++;
        (*jb1)++;
    }
}

static int
add_change(vctx *x, int kind, const char *what, uint32_t ia0, uint32_t ia1, uint32_t jb0,
           uint32_t jb1, size_t orig_pos, size_t leak_pos)
{
    tt_verify_result *r = x->r;
    if (kind == TT_CHANGE_ALTERED && ia1 > ia0 && jb1 > jb0 && strcmp(what, "date") == 0)
        widen_date(x->a, &ia0, &ia1, x->b, &jb0, &jb1);
    size_t os, oe, ls, le;
    if (ia1 > ia0) {
        os = x->a->words[ia0].start;
        oe = x->a->words[ia1 - 1].end;
    } else {
        os = oe = orig_pos;
    }
    if (jb1 > jb0) {
        ls = x->b->words[jb0].start;
        le = x->b->words[jb1 - 1].end;
    } else {
        ls = le = leak_pos;
    }
    if (kind == TT_CHANGE_ALTERED) {
        widen_number(x->a, &os, &oe);
        widen_number(x->b, &ls, &le);
    }
    tt_change *c = NULL;
    size_t idx;
    if (r->nchanges > 0 && kind == TT_CHANGE_ALTERED &&
        r->changes[r->nchanges - 1].kind == TT_CHANGE_ALTERED &&
        r->changes[r->nchanges - 1].leak_end >= ls && r->changes[r->nchanges - 1].orig_end >= os) {
        /* two changes inside one number ("412,000" -> "112,900"): one change */
        idx = r->nchanges - 1;
        c = &r->changes[idx];
        c->orig_start = TT_MIN(c->orig_start, os);
        c->orig_end = TT_MAX(c->orig_end, oe);
        c->leak_start = TT_MIN(c->leak_start, ls);
        c->leak_end = TT_MAX(c->leak_end, le);
        free(c->original);
        free(c->leaked);
    } else {
        if (tt__grow(&r->changes, &x->capch, r->nchanges + 1, sizeof *r->changes) != 0)
            return TT_ENOMEM;
        idx = r->nchanges++;
        c = &r->changes[idx];
        memset(c, 0, sizeof *c);
        c->kind = kind;
        c->what = what;
        c->orig_start = os;
        c->orig_end = oe;
        c->leak_start = ls;
        c->leak_end = le;
    }
    c->original = dup_utf8(x->a->bytes + c->orig_start, c->orig_end - c->orig_start);
    c->leaked = dup_utf8(x->b->bytes + c->leak_start, c->leak_end - c->leak_start);
    if (!c->original || !c->leaked)
        return TT_ENOMEM;
    /* every leak word inside the reported span belongs to the change */
    for (uint32_t w = jb0; w < jb1; w++) {
        x->wkind[w] = kind == TT_CHANGE_INSERTED ? TT_SPAN_INSERTED : TT_SPAN_ALTERED;
        x->wchange[w] = idx;
    }
    if (c->leak_end > c->leak_start) {
        for (uint32_t w = jb0; w-- > 0 && x->b->words[w].start >= c->leak_start;) {
            x->wkind[w] = TT_SPAN_ALTERED;
            x->wchange[w] = idx;
        }
        for (uint32_t w = jb1; w < x->b->nwords && x->b->words[w].end <= c->leak_end; w++) {
            x->wkind[w] = TT_SPAN_ALTERED;
            x->wchange[w] = idx;
        }
    }
    if (jb1 == jb0) {
        if (tt__grow(&x->miss, &x->capmiss, x->nmiss + 1, sizeof *x->miss) != 0)
            return TT_ENOMEM;
        x->miss[x->nmiss].after = jb0 == 0 ? SIZE_MAX : jb0 - 1;
        x->miss[x->nmiss].change = idx;
        x->nmiss++;
    }
    return 0;
}

/* s[0..n) folded for comparison: ASCII lower case, each run of white space one space. */
static void
fold_ws(tt_buf *out, const char *s, size_t n)
{
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            sp = 1;
            continue;
        }
        if (sp && out->len)
            tt_buf_addc(out, ' ');
        sp = 0;
        tt_buf_addc(out, (char)tolower(c));
    }
}

/* Variant table 5's list order (slots.c): the finder's list-order slots of the document;
 * where the leak between the words around one holds one of its six orders (folded), mark
 * its document words (amark) and leak words (bmark): a stretch inside both is a variant.
 * Returns 0 or TT_ENOMEM. */
static int
list_orders(vctx *x, const tt_alignment *al, uint8_t *amark, uint8_t *bmark)
{
    const tt_text *a = x->a, *b = x->b;
    if (!x->have_lists) {
        tt_slot_opts o = {.channels = TT_CH_LEXICAL, .table = 5}; /* the list rule's table */
        x->have_lists = tt_slots__find(&x->lists, a->bytes, a->len, &o, NULL) == 0 ? 1 : -1;
    }
    if (x->have_lists < 0)
        return 0; /* no slots known: nothing is excused */
    const tt_slots sl = x->lists;
    uint32_t *map = malloc((a->nwords ? a->nwords : 1) * sizeof *map);
    size_t *row = NULL; /* the edit distance's scratch */
    tt_buf lf, vf, v;
    tt_buf_init(&lf);
    tt_buf_init(&vf);
    tt_buf_init(&v);
    int rc = 0;
    if (!map) {
        rc = TT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < a->nwords; i++)
        map[i] = UINT32_MAX;
    for (size_t k = 0; k < al->nops; k++)
        if ((al->ops[k].kind == TT_OP_MATCH || al->ops[k].kind == TT_OP_NOISY) &&
            al->ops[k].a < a->nwords && al->ops[k].b < b->nwords)
            map[al->ops[k].a] = al->ops[k].b;
    size_t w = 0;
    for (size_t i = 0; i < sl.n; i++) {
        const tt_slot *s = &sl.v[i];
        if (s->nvar <= 2)
            continue;
        while (w < a->nwords && a->words[w].start < s->start)
            w++;
        size_t ws = w, we = w;
        while (we < a->nwords && a->words[we].end <= s->end)
            we++;
        if (ws == 0 || we >= a->nwords || we == ws)
            continue;
        /* anchors: the nearest aligned words around the list, at most three words out (a
         * typo next to the list leaves its neighbour unaligned) */
        size_t la = ws - 1, ra = we;
        while (la > 0 && ws - la < 4 && map[la] == UINT32_MAX)
            la--;
        while (ra + 1 < a->nwords && ra - we < 3 && map[ra] == UINT32_MAX)
            ra++;
        uint32_t L = map[la], R = map[ra];
        if (L == UINT32_MAX || R == UINT32_MAX || L >= R)
            continue;
        lf.len = 0;
        fold_ws(&lf, b->bytes + b->words[L].end, b->words[R].start - b->words[L].end);
        if (lf.len > 2000)
            continue;
        size_t *nrow = realloc(row, 2 * (lf.len + 1) * sizeof *row);
        if (!nrow) {
            rc = TT_ENOMEM;
            goto out;
        }
        row = nrow;
        for (unsigned k = 0; k < s->nvar; k++) {
            size_t vl;
            const char *vs = tt_slots__variant(&sl, i, (int)k, &vl);
            v.len = vf.len = 0;
            size_t os = a->words[la].end, oe = a->words[ra].start;
            if (tt_buf_add(&v, a->bytes + os, s->start - os) || tt_buf_add(&v, vs, vl) ||
                tt_buf_add(&v, a->bytes + s->end, oe - s->end)) {
                rc = TT_ENOMEM;
                goto out;
            }
            fold_ws(&vf, v.data ? v.data : "", v.len);
            /* this order, give or take typing noise: one edit, one more per 20 letters (as
             * the trace reader allows) */
            size_t budget = TT_TYPO_BUDGET(lf.len);
            if (tt__edit_distance(vf.data ? vf.data : "", vf.len, lf.data ? lf.data : "",
                                  lf.len, budget, row) <= budget) {
                memset(amark + la + 1, 1, ra - la - 1);
                memset(bmark + L + 1, 1, R - L - 1);
                break;
            }
        }
    }
out:
    free(map);
    free(row);
    tt_buf_release(&lf);
    tt_buf_release(&vf);
    tt_buf_release(&v);
    return rc;
}

static bool
all_marked(const uint8_t *m, uint32_t i0, uint32_t i1)
{
    for (uint32_t i = i0; i < i1; i++)
        if (!m[i])
            return false;
    return true;
}

/* Classify the passages of one alignment. */
static int
walk(vctx *x, const tt_alignment *al)
{
    uint8_t *amark = NULL, *bmark = NULL; /* list orders (table 5), found on first need */
    int rc = 0;
    size_t k = 0;
    /* The leak word just before the next op, and the document word: for positions of
     * empty spans. */
    while (k < al->nops) {
        const tt_op *o = &al->ops[k];
        if (o->kind == TT_OP_MATCH || o->kind == TT_OP_NOISY) {
            /* (a word already in a change's span, as ",000" of "412,000", stays there) */
            if (x->wchange[o->b] == SIZE_MAX)
                x->wkind[o->b] = o->kind == TT_OP_MATCH ? TT_SPAN_VERBATIM : TT_SPAN_NOISE;
            x->r->matched_words++;
            x->r->noisy_words += o->kind == TT_OP_NOISY;
            k++;
            continue;
        }
        size_t e = k;
        uint32_t ia0 = UINT32_MAX, ia1 = 0, jb0 = UINT32_MAX, jb1 = 0;
        while (e < al->nops && al->ops[e].kind != TT_OP_MATCH && al->ops[e].kind != TT_OP_NOISY) {
            const tt_op *p = &al->ops[e];
            if (p->a != UINT32_MAX) {
                ia0 = TT_MIN(ia0, p->a);
                ia1 = TT_MAX(ia1, p->a + 1);
            }
            if (p->b != UINT32_MAX) {
                jb0 = TT_MIN(jb0, p->b);
                jb1 = TT_MAX(jb1, p->b + 1);
            }
            e++;
        }
        /* Ops before and after are matched pairs (an alignment starts and ends on one). */
        const tt_op *before = &al->ops[k - 1], *after = &al->ops[e];
        if (ia0 == UINT32_MAX)
            ia0 = ia1 = after->a;
        if (jb0 == UINT32_MAX)
            jb0 = jb1 = after->b;
        int kind = 0;
        const char *what = NULL;
        int cls = classify(x->a, ia0, ia1, x->b, jb0, jb1, &kind, &what);
        if (cls == ST_CHANGE) {
            /* a word split or joined next to a noisy word ("e-mail" / "email" aligns as a
             * cut "e" beside "mail" ~ "email"): try the stretch with its noisy neighbours */
            bool pn = before->kind == TT_OP_NOISY, an = after->kind == TT_OP_NOISY;
            if (pn || an) {
                int k2 = 0;
                const char *w2 = NULL;
                uint32_t xa0 = pn ? before->a : ia0, xb0 = pn ? before->b : jb0;
                uint32_t xa1 = an ? after->a + 1 : ia1, xb1 = an ? after->b + 1 : jb1;
                if (classify(x->a, xa0, xa1, x->b, xb0, xb1, &k2, &w2) != ST_CHANGE)
                    cls = ST_NOISE;
            }
        }
        if (cls == ST_CHANGE && unreadable_between(x->b, before->b, after->b))
            cls = ST_NOISE; /* OCR could not read a word there: nothing is known of it */
        if (cls == ST_CHANGE && (ia1 > ia0 || jb1 > jb0)) {
            /* a list of three in another order (variant table 5): the aligner may hand over
             * a moved item as words dropped here and inserted there; each side's words lie
             * inside a list whose leak text is one of its orders */
            if (!amark) {
                amark = calloc(x->a->nwords + 1, 1);
                bmark = calloc(x->b->nwords + 1, 1);
                if (!amark || !bmark || list_orders(x, al, amark, bmark) != 0) {
                    rc = TT_ENOMEM;
                    goto out;
                }
            }
            if (all_marked(amark, ia0, ia1) && all_marked(bmark, jb0, jb1))
                cls = ST_VARIANT;
        }
        if (cls != ST_CHANGE) {
            for (uint32_t w = jb0; w < jb1; w++)
                x->wkind[w] = TT_SPAN_NOISE;
            x->r->matched_words += jb1 - jb0;
            x->r->noisy_words += jb1 - jb0;
        } else {
            size_t opos = x->a->words[before->a].end, lpos = x->b->words[before->b].end;
            if (add_change(x, kind, what, ia0, ia1, jb0, jb1, opos, lpos) != 0) {
                rc = TT_ENOMEM;
                goto out;
            }
        }
        k = e;
    }
out:
    free(amark);
    free(bmark);
    return rc;
}

static int
add_span(tt_verify_result *r, size_t *cap, size_t start, size_t end, int kind, size_t change)
{
    if (r->nspans > 0) {
        tt_span *l = &r->spans[r->nspans - 1];
        if (l->kind == kind && l->change == change && l->end == start && kind != TT_SPAN_MISSING) {
            l->end = end;
            return 0;
        }
    }
    if (start == end && kind != TT_SPAN_MISSING)
        return 0;
    if (tt__grow(&r->spans, cap, r->nspans + 1, sizeof *r->spans) != 0)
        return TT_ENOMEM;
    r->spans[r->nspans++] = (tt_span){start, end, kind, change};
    return 0;
}

static int
cmp_miss(const void *p, const void *q)
{
    const struct miss *x = p, *y = q;
    size_t a = x->after == SIZE_MAX ? 0 : x->after + 1, b = y->after == SIZE_MAX ? 0 : y->after + 1;
    return a < b ? -1 : a > b ? 1 : (x->change > y->change) - (x->change < y->change);
}

/* Cut the leak into spans from the per-word kinds. */
static int
build_spans(vctx *x)
{
    tt_verify_result *r = x->r;
    const tt_text *b = x->b;
    size_t cap = 0, m = 0, pos = 0;
    if (x->nmiss > 1)
        qsort(x->miss, x->nmiss, sizeof *x->miss, cmp_miss);
    while (m < x->nmiss && x->miss[m].after == SIZE_MAX) {
        if (add_span(r, &cap, 0, 0, TT_SPAN_MISSING, x->miss[m].change) != 0)
            return TT_ENOMEM;
        m++;
    }
    for (size_t w = 0; w < b->nwords; w++) {
        const tt_word *wd = &b->words[w];
        /* the gap before this word */
        int gk = TT_SPAN_OUTSIDE;
        size_t gc = SIZE_MAX;
        if (w > 0 && x->wkind[w - 1] != TT_SPAN_OUTSIDE && x->wkind[w] != TT_SPAN_OUTSIDE) {
            if (x->wkind[w - 1] == x->wkind[w] && x->wchange[w - 1] == x->wchange[w]) {
                gk = x->wkind[w];
                gc = x->wchange[w];
            } else {
                gk = TT_SPAN_VERBATIM;
            }
        }
        if (add_span(r, &cap, pos, wd->start, gk, gc) != 0)
            return TT_ENOMEM;
        if (add_span(r, &cap, wd->start, wd->end, x->wkind[w], x->wchange[w]) != 0)
            return TT_ENOMEM;
        pos = wd->end;
        while (m < x->nmiss && x->miss[m].after == w) {
            if (add_span(r, &cap, pos, pos, TT_SPAN_MISSING, x->miss[m].change) != 0)
                return TT_ENOMEM;
            m++;
        }
    }
    if (add_span(r, &cap, pos, b->len, TT_SPAN_OUTSIDE, SIZE_MAX) != 0)
        return TT_ENOMEM;
    return 0;
}

static int
cmp_passage(const void *p, const void *q)
{
    const tt_alignment *x = p, *y = q;
    return (x->b_start > y->b_start) - (x->b_start < y->b_start);
}

/* Align and classify; the texts are built.  Fills r (whose leak is set). */
static int
verify_models(tt_verify_result *r, const tt_text *a, const tt_text *b)
{
    int rc = TT_ENOMEM;
    tt_err err = {0};
    tt_alignment *als = NULL;
    size_t nal = 0;
    vctx x = {.a = a, .b = b, .r = r};
    r->leak_words = b->nwords;
    x.wkind = calloc(b->nwords + 1, 1);
    x.wchange = malloc((b->nwords + 1) * sizeof *x.wchange);
    if (!x.wkind || !x.wchange)
        goto out;
    for (size_t w = 0; w < b->nwords; w++)
        x.wchange[w] = SIZE_MAX;
    size_t min = MIN_PASSAGE;
    if (b->nwords < MIN_PASSAGE)
        min = b->nwords < 3 ? 3 : b->nwords;
    if (tt_align__regions(&als, &nal, a, b, min, &err) != 0)
        goto out;
    /* Keep passages whose leak words are mostly matched: unrelated prose aligns in scraps. */
    size_t kept = 0;
    for (size_t k = 0; k < nal; k++) {
        size_t span = als[k].b_end - als[k].b_start;
        if (als[k].matched * 10 >= span * 6)
            als[kept++] = als[k];
        else
            tt_alignment__release(&als[k]);
    }
    nal = kept;
    /* in leak order, so changes come out in leak order */
    if (nal > 1)
        qsort(als, nal, sizeof *als, cmp_passage);
    r->orig_start = SIZE_MAX;
    for (size_t k = 0; k < nal; k++) {
        if (walk(&x, &als[k]) != 0)
            goto out;
        r->aligned_words += als[k].b_end - als[k].b_start;
        r->orig_start = TT_MIN(r->orig_start, (size_t)a->words[als[k].a_start].start);
        r->orig_end = TT_MAX(r->orig_end, (size_t)a->words[als[k].a_end - 1].end);
    }
    if (nal == 0)
        r->orig_start = 0;
    r->passages = nal;
    if (build_spans(&x) != 0)
        goto out;
    r->verdict = nal == 0 ? TT_VERDICT_UNRELATED
                          : r->nchanges > 0 ? TT_VERDICT_ALTERED : TT_VERDICT_AUTHENTIC;
    rc = 0;
out:
    tt_alignments__free(als, nal);
    free(x.wkind);
    free(x.wchange);
    free(x.miss);
    if (x.have_lists > 0)
        tt_slots__release(&x.lists);
    return rc;
}

static tt_verify_result *
result_new(const char *leak, size_t len)
{
    tt_verify_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->leak = malloc(len + 1);
    if (!r->leak) {
        free(r);
        return NULL;
    }
    memcpy(r->leak, leak, len);
    r->leak[len] = '\0';
    r->leak_len = len;
    return r;
}

TT_API int
tt_verify_text(const char *orig, size_t orig_len, const char *leak, size_t leak_len,
               const char *doc_id, tt_verify_result **out)
{
    *out = NULL;
    tt_err err = {0};
    tt_text a = {0}, b = {0};
    int rc = TT_ENOMEM;
    tt_verify_result *r = result_new(leak, leak_len);
    if (!r)
        return TT_ENOMEM;
    if (doc_id)
        snprintf(r->doc, sizeof r->doc, "%s", doc_id);
    if ((rc = tt_text__build(&a, orig, orig_len, &err)) != 0 ||
        (rc = tt_text__build(&b, r->leak, leak_len, &err)) != 0)
        goto out;
    rc = verify_models(r, &a, &b);
out:
    tt_text__release(&a);
    tt_text__release(&b);
    if (rc != 0) {
        tt_verify_result_free(r);
        return rc;
    }
    if (r->verdict == TT_VERDICT_UNRELATED)
        r->doc[0] = '\0';
    *out = r;
    return 0;
}

TT_API void
tt_verify_result_free(tt_verify_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->nchanges; k++) {
        free(r->changes[k].original);
        free(r->changes[k].leaked);
    }
    free(r->changes);
    free(r->spans);
    free(r->leak);
    free(r->doc_title);
    free(r->copy_recipient);
    free(r);
}

TT_API const char *
tt_verdict_name(int verdict)
{
    switch (verdict) {
    case TT_VERDICT_AUTHENTIC:
        return "authentic";
    case TT_VERDICT_ALTERED:
        return "altered";
    default:
        return "unrelated";
    }
}

TT_API const char *
tt_change_kind_name(int kind)
{
    switch (kind) {
    case TT_CHANGE_ALTERED:
        return "altered";
    case TT_CHANGE_INSERTED:
        return "inserted";
    default:
        return "missing";
    }
}

/* ---- with a vault ------------------------------------------------------------------- */

/* How many of the leak's word trigrams occur in text t: a cheap ranking of candidates. */
static size_t
shared_trigrams(const tt_text *t, const uint64_t *set, size_t setsz)
{
    size_t n = 0;
    for (size_t w = 0; w + 3 <= t->nwords; w++) {
        uint64_t h = t->words[w].hash * 31 + t->words[w + 1].hash * 7 + t->words[w + 2].hash;
        h |= 1;
        size_t s = (size_t)(h ^ (h >> 29)) & (setsz - 1);
        while (set[s] && set[s] != h)
            s = (s + 1) & (setsz - 1);
        if (set[s] == h)
            n++;
    }
    return n;
}

/*
 * Every registered document ranked by shared word trigrams with the leak: a pass over every
 * registered text, so used only when the index finds nothing and the vault is small (a leak
 * too short or too noisy for the fingerprints).
 */
static int
scan_all(tt_vault *v, const tt_text *leak, char (*ids)[24], size_t max, size_t *out_n)
{
    tt_doc_info *docs = NULL;
    size_t ndocs = 0, n = 0;
    size_t *score = NULL;
    uint64_t *set = NULL;
    size_t setsz = 16;
    int rc = tt_vault_doc_list(v, &docs, &ndocs);
    *out_n = 0;
    if (rc != 0)
        return rc;
    while (setsz < leak->nwords * 2 + 2)
        setsz <<= 1;
    set = calloc(setsz, sizeof *set);
    score = calloc(ndocs + 1, sizeof *score);
    if (!set || !score) {
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t w = 0; w + 3 <= leak->nwords; w++) {
        uint64_t h = leak->words[w].hash * 31 + leak->words[w + 1].hash * 7 + leak->words[w + 2].hash;
        h |= 1;
        size_t s = (size_t)(h ^ (h >> 29)) & (setsz - 1);
        while (set[s] && set[s] != h)
            s = (s + 1) & (setsz - 1);
        set[s] = h;
    }
    for (size_t d = 0; d < ndocs; d++) {
        char *text = NULL;
        size_t len = 0;
        tt_text t = {0};
        tt_err err = {0};
        if ((rc = tt_vault_doc_text(v, docs[d].id, &text, &len)) != 0)
            goto out;
        if (tt_text__build(&t, text, len, &err) != 0) {
            free(text);
            rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
            goto out;
        }
        score[d] = shared_trigrams(&t, set, setsz);
        tt_text__release(&t);
        free(text);
    }
    /* the best few with at least two shared trigrams */
    for (; n < max; n++) {
        size_t best = SIZE_MAX;
        for (size_t d = 0; d < ndocs; d++)
            if (score[d] >= 2 && (best == SIZE_MAX || score[d] > score[best]))
                best = d;
        if (best == SIZE_MAX)
            break;
        memcpy(ids[n], docs[best].id, sizeof ids[n]);
        score[best] = 0;
    }
    *out_n = n;
    rc = 0;
out:
    free(set);
    free(score);
    tt_doc_infos_free(docs, ndocs);
    return rc;
}

enum { SCAN_ALL_MAX_DOCS = 200 };

/* The registered documents the leak may come from, best first, into ids (up to max): the
 * index's candidates (tt_detect__candidates), else a full pass over a small vault. */
static int
find_candidates(tt_vault *v, const char *text, size_t len, const tt_text *leak, char (*ids)[24],
                size_t max, size_t *out_n)
{
    tt_candidate *c = NULL;
    size_t n = 0;
    *out_n = 0;
    int rc = tt_detect__candidates(v, text, len, &c, &n);
    if (rc != 0)
        return rc;
    for (size_t k = 0; k < n && k < max; k++)
        memcpy(ids[k], c[k].doc, sizeof ids[k]);
    *out_n = TT_MIN(n, max);
    free(c);
    if (*out_n > 0)
        return 0;
    tt_doc_info *docs = NULL;
    size_t ndocs = 0;
    if ((rc = tt_vault_doc_list(v, &docs, &ndocs)) != 0)
        return rc;
    tt_doc_infos_free(docs, ndocs);
    return ndocs <= SCAN_ALL_MAX_DOCS ? scan_all(v, leak, ids, max, out_n) : 0;
}

static int
log_verify(tt_vault *v, const char *path, const tt_verify_result *r)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "file", path, "sha256", r->sha256,
                          "doc", r->doc, "verdict", tt_verdict_name(r->verdict), "changes",
                          (json_int_t)r->nchanges, "words", (json_int_t)r->leak_words);
    if (!o)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    if (r->copy_id)
        json_object_set_new(o, "copy", json_integer(r->copy_id));
    if (r->sig_checked)
        json_object_set_new(o, "signature", json_string(r->sig_valid ? "valid" : "invalid"));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (!s)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    int rc = tt_vault_log_append(v, "verify", s);
    free(s);
    return rc;
}

TT_API int
tt_verify_log(tt_vault *v, const char *path, const tt_verify_result *r)
{
    return log_verify(v, path, r);
}

static int
oom(tt_vault *v, const char *path)
{
    return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory verifying '%s'", path);
}

TT_API int
tt_verify_file(tt_vault *v, const char *path, const tt_verify_opts *opts, tt_verify_result **out)
{
    char *raw = NULL;
    size_t rawlen = 0;
    *out = NULL;
    int rc = tt__read_file(tt_vault__err(v), path, &raw, &rawlen);
    if (rc == 0)
        rc = tt_verify_bytes(v, path, raw, rawlen, opts, out);
    free(raw);
    return rc;
}

TT_API int
tt_verify_bytes(tt_vault *v, const char *path, const void *data, size_t rawlen,
                const tt_verify_opts *opts, tt_verify_result **out)
{
    static const tt_verify_opts none = TT_VERIFY_OPTS_INIT;
    const char *raw = data;
    char *orig = NULL;
    size_t origlen = 0;
    tt_buf text;
    tt_text leak = {0};
    tt_err err = {0};
    tt_verify_result *r = NULL;
    char copy_doc[24] = "";
    int rc, brc = 0;
    *out = NULL;
    if (!opts)
        opts = &none;
    tt_buf_init(&text);
    if (opts->version != TT_VERIFY_OPTS_VERSION)
        return tt__error(tt_vault__err(v), TT_EINVAL, "options of version %u: this telltale knows version %u", opts->version,
                         TT_VERIFY_OPTS_VERSION);
    tt_extract *x = NULL;
    if ((rc = tt_extract__read(&x, tt_vault__err(v), tt_vault__extract_opts(v), "read", path, raw,
                               rawlen)) != 0)
        goto out;
    if (x) {
        /* a PDF or an image of a page: its text (extract.c); the copy is still found and
         * its signature checked by the file's own bytes */
        size_t xl;
        const char *xt = tt_extract_text(x, &xl);
        rc = tt_buf_add(&text, xt, xl);
        tt_extract_free(x);
        if (rc || (rc = tt_buf_grow(&text, 0)) != 0) {
            rc = oom(v, path);
            goto out;
        }
    } else if (tt_html__sniff(path, raw, rawlen)) {
        if ((rc = tt_html__to_text(&text, raw, rawlen, &err)) != 0) {
            rc = tt__error(tt_vault__err(v), rc, "cannot read '%s': %s", path, tt__errmsg(&err));
            goto out;
        }
        if ((rc = tt_buf_grow(&text, 0)) != 0) {
            rc = oom(v, path);
            goto out;
        }
    } else if ((rc = tt_buf_add(&text, raw, rawlen)) != 0 || (rc = tt_buf_grow(&text, 0)) != 0) {
        rc = oom(v, path);
        goto out;
    }
    r = result_new(text.data, text.len);
    if (!r) {
        rc = oom(v, path);
        goto out;
    }

    /* whole issued copy, signature */
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)raw, rawlen);
    sodium_bin2hex(r->sha256, sizeof r->sha256, h, sizeof h);
    /* a copy the vault issued with these exact bytes: its id, document and recipient */
    if ((rc = tt_copies__by_sha(v, r->sha256, &r->copy_id, copy_doc, &r->copy_recipient)))
        goto out;
    if (opts->sig) {
        r->sig_checked = 1;
        r->sig_valid = tt_vault_sign_check(v, raw, rawlen, opts->sig) == 0;
    }

    /* The model borrows text.data, which lives to the end: r->leak does not (a better
     * candidate's result replaces r below and the old one is freed with its leak). */
    if ((rc = tt_text__build(&leak, text.data, text.len, &err)) != 0) {
        rc = tt__error(tt_vault__err(v), rc, "cannot read '%s': %s", path, tt__errmsg(&err));
        goto out;
    }
    if (leak.nwords == 0) {
        rc = tt__error(tt_vault__err(v), TT_EEMPTY, "cannot verify '%s': no words in it", path);
        goto out;
    }
    char ids[3][24];
    size_t nids = 0;
    if (opts->doc) {
        tt_doc_info d = {0};
        if ((rc = tt_vault_doc_find(v, opts->doc, &d)) != 0)
            goto out;
        memcpy(ids[0], d.id, sizeof ids[0]);
        tt_doc_info_release(&d);
        nids = 1;
    } else if (copy_doc[0]) {
        memcpy(ids[0], copy_doc, sizeof ids[0]);
        nids = 1;
    } else if ((brc = tt_bind__check_registry(v)) == 0 &&
               (rc = find_candidates(v, r->leak, r->leak_len, &leak, ids, 3, &nids)) != 0) {
        goto out; /* the search rests on every registered document and the background */
    }
    /* answer only from records the signed log vouches for (bind.h): the copy named, and each
     * candidate document with its copies */
    if (brc == 0 && copy_doc[0])
        brc = tt_bind__check_doc(v, copy_doc);
    for (size_t c = 0; c < nids && brc == 0; c++)
        brc = tt_bind__check_doc(v, ids[c]);
    if (brc != 0) {
        char msg[TT_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", tt_vault_errmsg(v));
        rc = tt__error(tt_vault__err(v), brc, "cannot verify '%s': %s", path, msg);
        goto out;
    }
    /* Align against each candidate; keep the one whose passages match most leak words. */
    r->verdict = TT_VERDICT_UNRELATED;
    for (size_t c = 0; c < nids; c++) {
        tt_text a = {0};
        if ((rc = tt_vault_doc_text(v, ids[c], &orig, &origlen)) != 0)
            goto out;
        tt_verify_result *cand = result_new(r->leak, r->leak_len);
        if (!cand || tt_text__build(&a, orig, origlen, &err) != 0 ||
            verify_models(cand, &a, &leak) != 0) {
            tt_text__release(&a);
            tt_verify_result_free(cand);
            rc = oom(v, path);
            goto out;
        }
        tt_text__release(&a);
        free(orig);
        orig = NULL;
        if (cand->verdict != TT_VERDICT_UNRELATED &&
            (r->verdict == TT_VERDICT_UNRELATED || cand->matched_words > r->matched_words)) {
            /* move the classification over, keep the copy and signature findings */
            tt_verify_result keep = *r;
            *r = *cand;
            memcpy(r->doc, ids[c], sizeof r->doc);
            memcpy(r->sha256, keep.sha256, sizeof r->sha256);
            r->copy_id = keep.copy_id;
            r->copy_recipient = keep.copy_recipient;
            r->sig_checked = keep.sig_checked;
            r->sig_valid = keep.sig_valid;
            keep.copy_recipient = NULL;
            /* r keeps its own copy of the leak: the leak's text model points into it */
            char *own = keep.leak;
            keep.leak = r->leak;
            r->leak = own;
            *cand = keep;
        }
        tt_verify_result_free(cand);
    }
    if (r->verdict == TT_VERDICT_UNRELATED) {
        /* an unrelated result still cuts the leak into one outside span, for reports */
        tt_verify_result *u = NULL;
        if (tt_verify_text("", 0, r->leak, r->leak_len, NULL, &u) != 0) {
            rc = oom(v, path);
            goto out;
        }
        free(r->spans);
        r->spans = u->spans;
        r->nspans = u->nspans;
        r->leak_words = u->leak_words;
        u->spans = NULL;
        u->nspans = 0;
        tt_verify_result_free(u);
        r->doc[0] = '\0';
    } else {
        tt_doc_info d = {0};
        if (tt_vault_doc_find(v, r->doc, &d) == 0) {
            r->doc_title = d.title ? strdup(d.title) : NULL;
            tt_doc_info_release(&d);
        }
    }
    if (!opts->no_log && (rc = log_verify(v, path, r)) != 0)
        goto out;
    *out = r;
    r = NULL;
    rc = 0;
out:
    tt_text__release(&leak);
    tt_buf_release(&text);
    free(orig);
    tt_verify_result_free(r);
    return rc;
}
