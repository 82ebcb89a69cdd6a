/* SPDX-License-Identifier: Apache-2.0 */
/*
 * slots.c: the slot finder and the renderer (see slots.h).
 *
 * The finder tokenizes the base text into words with byte spans (letters and digits of any
 * script; an apostrophe or hyphen between two letters stays inside the word), marks
 * protected bytes (Markdown code, URLs, e-mail addresses), then runs the rules in priority
 * order: canary sentences, the word and phrase pairs and -ize/-ise stems of variants.c, the
 * structural punctuation rules, the character-style rules, and last the zero-width
 * characters of the unicode channel.  A slot is kept only where no earlier one took any of
 * its bytes, so slots never overlap.  Word rules never touch a capitalized word inside a
 * sentence (a name or defined term), an all-capital word, or a digit.
 * Workload: linear in the text times the table size (a few hundred entries): a 100-page
 * document takes milliseconds; it runs once per issue and once per trace.
 * Not good at: knowing grammar.  The structural rules look at a few neighbouring words, so
 * they stay conservative; the owner reviews the list with `telltale slots`.
 */
#define _GNU_SOURCE 1 /* FNM_CASEFOLD, memmem */
#include <ctype.h>
#include <fnmatch.h>

#include "slots.h"
#include "utf8.h"
#include "variants.h"

typedef struct tok {
    uint32_t start, end;
    char *low; /* ASCII-lowercased copy, NUL-terminated */
    uint8_t initial; /* first word of a sentence */
    uint8_t plain;   /* all lower case, or capitalized only because it starts a sentence */
    uint8_t alpha;   /* letters only (no digit) */
    uint8_t prot;    /* inside protected text */
} tok;

typedef struct finder {
    const char *t;
    size_t len;
    tok *tk;
    size_t ntk, captk;
    uint8_t *taken; /* per byte: 1 when a slot holds it */
    uint8_t *ins;   /* per position (len + 1): an insertion slot sits here */
    uint8_t *prot;  /* per byte: protected */
    tt_slots *out;
    const tt_slot_opts *opts;
    int apos_curly; /* the text prefers the typographic apostrophe */
    unsigned table;  /* variant table version */
    const char *gkey; /* table 3: group key of the slots being added (NULL: none) */
    int gswap;        /* swap the variants being added (dialect: variant 0 is American) */
    char **keys;      /* group keys seen; a slot's group holds its key's index + 1 until sorted */
    size_t nkeys, capkeys;
} finder;

/* ---- UTF-8 and character classes ---- */

/* The base text is a registered document's: valid UTF-8 (vault_docs.c sanitizes it), decoded with
 * tt_utf8__at(). */
static int
is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return isalnum((int)cp);
    if (cp == 0xA0 || cp == 0xAD || cp == 0xFEFF || cp == 0xFFFD)
        return 0;
    if (cp >= 0x2000 && cp <= 0x206F) /* general punctuation, spaces, zero-width */
        return 0;
    if (cp >= 0x3000 && cp <= 0x303F)
        return 0;
    if (cp >= 0xA1 && cp <= 0xBF) /* Latin-1 punctuation and signs */
        return 0;
    return 1;
}

static int
is_apos_at(const char *t, size_t len, size_t i, size_t *n)
{
    if (t[i] == '\'') {
        *n = 1;
        return 1;
    }
    if (i + 3 <= len && memcmp(t + i, "\xE2\x80\x99", 3) == 0) {
        *n = 3;
        return 1;
    }
    return 0;
}

/* ---- tokens ---- */

static int
tokenize(finder *f)
{
    const char *t = f->t;
    size_t len = f->len, i = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = tt_utf8__at(t, len, i, &n);
        if (!is_word_cp(cp)) {
            i += n;
            continue;
        }
        size_t start = i;
        i += n;
        for (;;) {
            if (i >= len)
                break;
            cp = tt_utf8__at(t, len, i, &n);
            if (is_word_cp(cp)) {
                i += n;
                continue;
            }
            /* an apostrophe or hyphen between two word characters stays inside */
            size_t an;
            int joiner = t[i] == '-' ? (an = 1, 1) : is_apos_at(t, len, i, &an);
            if (joiner && i + an < len) {
                size_t n2;
                uint32_t nx = tt_utf8__at(t, len, i + an, &n2);
                if (is_word_cp(nx)) {
                    i += an;
                    continue;
                }
            }
            break;
        }
        if (tt__grow(&f->tk, &f->captk, f->ntk + 1, sizeof *f->tk))
            return TT_ENOMEM;
        tok *k = &f->tk[f->ntk++];
        memset(k, 0, sizeof *k);
        k->start = (uint32_t)start;
        k->end = (uint32_t)i;
        k->low = malloc(i - start + 1);
        if (!k->low)
            return TT_ENOMEM;
        int upper = 0, lower = 0, digit = 0, first_upper = 0;
        for (size_t j = start; j < i; j++) {
            unsigned char c = (unsigned char)t[j];
            k->low[j - start] = (char)tolower(c);
            if (isupper(c)) {
                upper++;
                if (j == start)
                    first_upper = 1;
            } else if (islower(c)) {
                lower++;
            } else if (isdigit(c)) {
                digit++;
            }
        }
        k->low[i - start] = '\0';
        k->alpha = digit == 0;
        /* sentence start: first word, or after . ! ? : or a blank line or a list bullet */
        size_t p = f->ntk > 1 ? f->tk[f->ntk - 2].end : 0;
        int initial = f->ntk == 1, nl = 0;
        for (size_t j = p; j < start; j++) {
            char c = t[j];
            if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '#' ||
                c == '*')
                initial = 1;
            if (c == '\n' && ++nl >= 2)
                initial = 1;
        }
        k->initial = (uint8_t)initial;
        k->plain = digit == 0 && ((upper == 0) || (initial && first_upper && upper == 1));
        for (size_t j = start; j < i; j++)
            if (f->prot[j])
                k->prot = 1;
    }
    return 0;
}

/* Is there a paragraph break (a blank line) at byte i? */
static int
para_break(const char *t, size_t len, size_t i)
{
    if (t[i] != '\n')
        return 0;
    for (size_t j = i + 1; j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r' || t[j] == '\n');
         j++)
        if (t[j] == '\n')
            return 1;
    return 0;
}

/* Table 3: the words inside quotation marks are someone else's and stay as they are ("fellow
 * who", "among" in quoted speech).  An opening mark (“, ‘, or " after a space, a bracket or
 * the start, before a non-space) runs to its closing mark (”, ’ or " before a space,
 * punctuation or the end); without one, to the end of the paragraph.  The marks themselves
 * stay free (the quote style is a choice of the copy). */
static void
protect_quotations(finder *f)
{
    const char *t = f->t;
    size_t len = f->len;
    for (size_t i = 0; i < len; i++) {
        size_t n = 0;
        int kind = 0; /* 1: straight double, 2: curly double, 3: curly single */
        if (t[i] == '"')
            n = 1, kind = 1;
        else if (i + 3 <= len && memcmp(t + i, "\xE2\x80\x9C", 3) == 0)
            n = 3, kind = 2;
        else if (i + 3 <= len && memcmp(t + i, "\xE2\x80\x98", 3) == 0)
            n = 3, kind = 3;
        if (!kind)
            continue;
        int open = i == 0 || isspace((unsigned char)t[i - 1]) || t[i - 1] == '(' ||
                   t[i - 1] == '[' || t[i - 1] == '-' || (i >= 3 && ((unsigned char)t[i - 1] == 0x94 || (unsigned char)t[i - 1] == 0x93));
        if (kind == 1 && (!open || i + 1 >= len))
            continue;
        size_t j = i + n;
        for (; j < len; j++) {
            if (para_break(t, len, j))
                break;
            size_t cn = 0;
            if (kind == 1 && t[j] == '"')
                cn = 1;
            else if (kind == 2 && j + 3 <= len && memcmp(t + j, "\xE2\x80\x9D", 3) == 0)
                cn = 3;
            else if (kind == 3 && j + 3 <= len && memcmp(t + j, "\xE2\x80\x99", 3) == 0 &&
                     !(j + 3 < len && isalpha((unsigned char)t[j + 3])))
                cn = 3;
            if (cn && (kind != 1 || j + 1 >= len || isspace((unsigned char)t[j + 1]) ||
                       ispunct((unsigned char)t[j + 1])))
                break;
        }
        memset(f->prot + i + n, 1, j - (i + n));
        i = j;
    }
}

/* Protected bytes: fenced and inline Markdown code, URLs and e-mail addresses; table 3 also
 * quotations. */
static void
protect(finder *f)
{
    if (f->table >= 3)
        protect_quotations(f);
    const char *t = f->t;
    size_t len = f->len;
    int fenced = 0;
    for (size_t i = 0; i < len;) {
        size_t eol = i;
        while (eol < len && t[eol] != '\n')
            eol++;
        int fence = eol - i >= 3 && memcmp(t + i, "```", 3) == 0;
        int indented = eol > i && (t[i] == '\t' || (eol - i >= 4 && memcmp(t + i, "    ", 4) == 0));
        if (fence || fenced || (indented && 0))
            memset(f->prot + i, 1, eol - i);
        if (fence)
            fenced = !fenced;
        i = eol + 1;
    }
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '`') {
            size_t j = i + 1;
            while (j < len && t[j] != '`' && t[j] != '\n')
                j++;
            if (j < len && t[j] == '`') {
                memset(f->prot + i, 1, j + 1 - i);
                i = j;
            }
        }
    }
    for (size_t i = 0; i < len;) {
        if (isspace((unsigned char)t[i])) {
            i++;
            continue;
        }
        size_t j = i;
        int url = 0;
        while (j < len && !isspace((unsigned char)t[j])) {
            if (t[j] == '@' || (j + 3 <= len && memcmp(t + j, "://", 3) == 0) ||
                (j + 4 <= len && memcmp(t + j, "www.", 4) == 0) || t[j] == '<' || t[j] == '>' ||
                t[j] == '/' || t[j] == '\\' || t[j] == '_' || t[j] == '=' || t[j] == '|')
                url = 1;
            j++;
        }
        if (url)
            memset(f->prot + i, 1, j - i);
        /* table 2: command-line options ("--armor", "-v") are names */
        if (f->table >= 2 && t[i] == '-' && i + 1 < j && (t[i + 1] == '-' || isalpha((unsigned char)t[i + 1])))
            memset(f->prot + i, 1, j - i);
        i = j;
    }
}

/* ---- adding slots ---- */

static int
free_span(const finder *f, size_t s, size_t e)
{
    if (s == e)
        return !f->ins[s] && !(s > 0 && f->taken[s - 1]) && !(s < f->len && f->taken[s]) &&
               !(s < f->len && f->prot[s]);
    for (size_t i = s; i < e; i++)
        if (f->taken[i] || f->prot[i])
            return 0;
    for (size_t i = s + 1; i < e; i++)
        if (f->ins[i])
            return 0;
    return 1;
}

/* Table 3: the character-style rules are document-wide choices (one quote style, one dash
 * style, one e.g./a.m./thousands form per copy). */
static const char *
char_group(const finder *f, const char *rule)
{
    if (f->table < 3)
        return NULL;
    if (strcmp(rule, TT_RULE_DQUOTE) == 0 || strcmp(rule, TT_RULE_APOSTROPHE) == 0)
        return TT_GROUP_QUOTES;
    if (strcmp(rule, TT_RULE_EG_COMMA) == 0 || strcmp(rule, TT_RULE_THOUSANDS) == 0 || strcmp(rule, TT_RULE_AMPM) == 0 ||
        strcmp(rule, TT_RULE_DASH) == 0 || strcmp(rule, TT_RULE_ELLIPSIS) == 0)
        return rule;
    return NULL;
}

static int add_slot_n(finder *f, size_t s, size_t e, const char *const *v, const size_t *vl,
                      unsigned n, const char *rule, unsigned channel, int orig);

/* Add a slot replacing [s, e) with variants a / b; orig says which the text has. */
static int
add_slot(finder *f, size_t s, size_t e, const char *a, size_t alen, const char *b, size_t blen,
         const char *rule, unsigned channel, int orig)
{
    if (!free_span(f, s, e))
        return 0;
    if (alen == blen && memcmp(a, b, alen) == 0)
        return 0;
    const char *v[2] = {a, b};
    size_t vl[2] = {alen, blen};
    return add_slot_n(f, s, e, v, vl, 2, rule, channel, orig);
}

/* Add a slot replacing [s, e) with the n (2 .. TT_SLOT_MAXVAR) variants v; orig says which
 * the text has (2 for neither, binary slots only).  A slot of more than two variants is q-ary:
 * never in a group, its code symbol picks the variant. */
static int
add_slot_n(finder *f, size_t s, size_t e, const char *const *v, const size_t *vl, unsigned n,
           const char *rule, unsigned channel, int orig)
{
    if (n < 2 || n > TT_SLOT_MAXVAR || !free_span(f, s, e))
        return 0;
    const char *a = v[0], *b = v[1];
    size_t alen = vl[0], blen = vl[1];
    if (f->gswap) {
        const char *ta = a;
        size_t tl = alen;
        a = b;
        alen = blen;
        b = ta;
        blen = tl;
        if (orig != 2)
            orig = !orig;
    }
    uint32_t key = 0;
    const char *gkey = f->gkey ? f->gkey : char_group(f, rule);
    if (gkey && n == 2) {
        size_t k = 0;
        while (k < f->nkeys && strcmp(f->keys[k], gkey) != 0)
            k++;
        if (k == f->nkeys) {
            if (tt__grow(&f->keys, &f->capkeys, f->nkeys + 1, sizeof *f->keys))
                return TT_ENOMEM;
            if (!(f->keys[k] = strdup(gkey)))
                return TT_ENOMEM;
            f->nkeys++;
        }
        key = (uint32_t)k + 1;
    }
    const tt_slot_opts *o = f->opts;
    for (size_t k = 0; k < o->nexclude; k++) {
        const char *pat = o->exclude[k];
        int hit = fnmatch(pat, rule, FNM_CASEFOLD) == 0;
        for (unsigned j = 0; j < n && !hit; j++) {
            const char *vj = j == 0 ? a : j == 1 ? b : v[j];
            char *vs = strndup(vj, j == 0 ? alen : j == 1 ? blen : vl[j]);
            if (!vs)
                return TT_ENOMEM;
            hit = fnmatch(pat, vs, FNM_CASEFOLD) == 0;
            free(vs);
        }
        if (hit)
            return 0;
    }
    tt_slots *out = f->out;
    if (tt__grow(&out->v, &out->cap, out->n + 1, sizeof *out->v))
        return TT_ENOMEM;
    tt_slot *sl = &out->v[out->n];
    sl->start = (uint32_t)s;
    sl->end = (uint32_t)e;
    sl->voff[0] = (uint32_t)out->arena.len;
    sl->vlen[0] = (uint32_t)alen;
    if (tt_buf_add(&out->arena, a, alen) || tt_buf_addc(&out->arena, '\0'))
        return TT_ENOMEM;
    sl->voff[1] = (uint32_t)out->arena.len;
    sl->vlen[1] = (uint32_t)blen;
    if (tt_buf_add(&out->arena, b, blen) || tt_buf_addc(&out->arena, '\0'))
        return TT_ENOMEM;
    for (unsigned j = 2; j < n; j++) {
        sl = &out->v[out->n];
        sl->voff[j] = (uint32_t)out->arena.len;
        sl->vlen[j] = (uint32_t)vl[j];
        if (tt_buf_add(&out->arena, v[j], vl[j]) || tt_buf_addc(&out->arena, '\0'))
            return TT_ENOMEM;
    }
    sl->nvar = (uint8_t)n;
    sl->rule = rule;
    sl->channel = (uint8_t)channel;
    sl->orig = (uint8_t)orig;
    sl->group = key;
    out->n++;
    if (s == e)
        f->ins[s] = 1;
    else
        memset(f->taken + s, 1, e - s);
    return 0;
}

/* Replace [s, e) (which reads as `have`, form `side` of a pair) by the other form `other`
 * adapted to the case of the text (a capitalized sentence start stays capitalized). */
static int
add_pair_slot(finder *f, size_t s, size_t e, const char *other, int side, const char *rule)
{
    size_t olen = strlen(other);
    char buf[128];
    if (olen >= sizeof buf)
        return 0;
    memcpy(buf, other, olen + 1);
    /* typographic apostrophe in contractions when the text uses it */
    char big[256];
    size_t blen = 0;
    for (size_t i = 0; i < olen && blen + 4 < sizeof big; i++) {
        if (buf[i] == '\'' && f->apos_curly) {
            memcpy(big + blen, "\xE2\x80\x99", 3);
            blen += 3;
        } else {
            big[blen++] = buf[i];
        }
    }
    if (isupper((unsigned char)f->t[s]))
        big[0] = (char)toupper((unsigned char)big[0]);
    const char *have = f->t + s;
    if (side == 0)
        return add_slot(f, s, e, have, e - s, big, blen, rule, TT_CH_LEXICAL, 0);
    return add_slot(f, s, e, big, blen, have, e - s, rule, TT_CH_LEXICAL, 1);
}

/* Separator between tokens i and i + 1 is white space only (no punctuation); false when
 * token i is the last (a phrase cut short by the end of the text). */
static int
ws_between(const finder *f, size_t i)
{
    if (i + 1 >= f->ntk)
        return 0;
    for (size_t j = f->tk[i].end; j < f->tk[i + 1].start; j++)
        if (!isspace((unsigned char)f->t[j]))
            return 0;
    return f->tk[i].end < f->tk[i + 1].start;
}

/* Does the phrase (lower case, single spaces) match the tokens from i?  Returns the number
 * of tokens matched, 0 if not. */
static size_t
match_phrase(const finder *f, size_t i, const char *ph)
{
    size_t k = i;
    const char *p = ph;
    for (;;) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        if (k >= f->ntk)
            return 0;
        const tok *t = &f->tk[k];
        if (strlen(t->low) != wl || memcmp(t->low, p, wl) != 0)
            return 0;
        if (!t->plain || t->prot)
            return 0;
        if (k > i && !t->alpha)
            return 0;
        if (!sp)
            return k - i + 1;
        if (!ws_between(f, k))
            return 0;
        p = sp + 1;
        k++;
    }
}

static int
after_comma(const finder *f, size_t i)
{
    if (i == 0)
        return 1;
    for (size_t j = f->tk[i - 1].end; j < f->tk[i].start; j++)
        if (f->t[j] == ',' || f->t[j] == '(' || f->t[j] == ';')
            return 1;
    return 0;
}

static int
is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* After "a"/"an", a replacement must start with the same kind of sound, roughly: a vowel
 * letter or not ("an e-mail" / "an email" fits, "a sufficient" / "a enough" would not). */
static int
article_fits(const finder *f, size_t i, const char *other)
{
    if (i == 0 || !ws_between(f, i - 1))
        return 1;
    const char *prev = f->tk[i - 1].low;
    if (strcmp(prev, "a") != 0 && strcmp(prev, "an") != 0)
        return 1;
    return is_vowel(f->tk[i].low[0]) == is_vowel(other[0]);
}

static int tok_in(const finder *f, size_t i, const char *const *list, size_t n);
static int tok_is(const finder *f, size_t i, const char *w);

/* Set the group of the slots added next (table 3 only). */
static void
group(finder *f, const char *key, int swap)
{
    f->gkey = f->table >= 3 ? key : NULL;
    f->gswap = f->table >= 3 ? swap : 0;
}

/* Table 3: is the word or phrase tokens [i, i + n) free of a neighbour that makes it part of
 * a term ("supporting assistance", "sales assistance program"): the word before is a
 * function word (or there is punctuation or a sentence start), and the word after too. */
static int
function_neighbours(const finder *f, size_t i, size_t n)
{
    if (i > 0 && !f->tk[i].initial && ws_between(f, i - 1) &&
        !tok_in(f, i - 1, tt_variants__function_words, tt_variants__nfunction_words))
        return 0;
    size_t j = i + n;
    if (j < f->ntk && ws_between(f, j - 1) &&
        !tok_in(f, j, tt_variants__function_words, tt_variants__nfunction_words))
        return 0;
    return 1;
}

static const char *const participles[] = {
    "been", "got", "gotten", "had", "made", "seen", "done", "known", "gone", "taken", "given",
    "found", "heard", "read", "sent", "told", "left", "lost", "kept", "paid", "put", "set",
    "brought", "bought", "thought", "written", "chosen", "become", "come", "run", "begun",
    "shown", "grown", "drawn", "spent", "built", "held", "met", "won", "felt", "meant",
    "never", "always", "already", "just", "not", "all", "both", "also", "often", "ever",
};

/* Table 3: where a pair may fire so the copy stays grammatical and keeps its terms. */
static int
pair_natural(const finder *f, size_t i, size_t n, const tt_variant_pair *vp, const char *have)
{
    size_t last = i + n - 1;
    if (strcmp(vp->rule, "contraction") == 0) {
        const char *sp = strrchr(have, ' ');
        const char *lw = sp ? sp + 1 : have;
        if (strcmp(lw, "not") == 0 || strcmp(have, "cannot") == 0)
            return 1;
        /* "that is, the more ..." and "where it is." keep the full form: a contracted
         * auxiliary needs a word after it, with nothing but a space between */
        if (last + 1 >= f->ntk || !ws_between(f, last) || !f->tk[last + 1].plain ||
            !f->tk[last + 1].alpha || f->tk[last + 1].initial)
            return 0;
        if (strcmp(lw, "have") == 0) { /* "we've a car": only the auxiliary */
            const char *nx = f->tk[last + 1].low;
            size_t nl = strlen(nx);
            return tok_in(f, last + 1, participles, TT_ARRAY_LEN(participles)) ||
                   (nl > 3 && (strcmp(nx + nl - 2, "ed") == 0 || strcmp(nx + nl - 2, "en") == 0));
        }
        return 1;
    }
    if (strcmp(vp->rule, "synonym") == 0) {
        size_t wl = strlen(have);
        int adverb = (wl > 3 && strcmp(have + wl - 2, "ly") == 0) || strcmp(have, "almost") == 0 ||
                     strcmp(have, "perhaps") == 0;
        return adverb || function_neighbours(f, i, n);
    }
    return 1;
}

static int
not_word(const char *w)
{
    return tt_variants__in(tt_variants__not_words, tt_variants__nnot_words, w, strlen(w));
}

static int
is_gb_word(const char *w)
{
    return tt_variants__in(tt_variants__gb_words, tt_variants__ngb_words, w, strlen(w));
}

/* Table 4: the function-word pairs that are a style an editor keeps throughout ("toward" or
 * "towards", "firstly ... secondly" or "first ... second") stay one choice per copy; the
 * others may differ from place to place as they do in careful prose ("in order to" here,
 * "to" there; "for example" beside "for instance"), so each occurrence is its own bit. */
static int
fw_style(const char *a)
{
    static const char *const style[] = {"afterward", "among",  "anyone", "everyone", "firstly",
                                        "secondly",  "someone", "thirdly", "toward"};
    return tt_variants__in(style, TT_ARRAY_LEN(style), a, strlen(a));
}

static int
rule_pairs(finder *f, int informal)
{
    for (size_t i = 0; i < f->ntk; i++) {
        if (!f->tk[i].plain || f->tk[i].prot)
            continue;
        for (size_t r = 0; r < tt_variants__npairs; r++) {
            const tt_variant_pair *vp = &tt_variants__pairs[r];
            if ((vp->flags & TT_VF_INFORMAL) && !informal)
                continue;
            if (!TT_VARIANTS_IN(f->table, vp->since, vp->until))
                continue;
            for (int side = 0; side < 2; side++) {
                if (side == 1 && (vp->flags & TT_VF_ONEWAY))
                    continue;
                const char *have = side ? vp->b : vp->a, *other = side ? vp->a : vp->b;
                if (have[0] != f->tk[i].low[0])
                    continue;
                size_t n = match_phrase(f, i, have);
                if (!n)
                    continue;
                if ((vp->flags & TT_VF_MIDCLAUSE) && (f->tk[i].initial || after_comma(f, i)))
                    continue;
                /* "once upon a time", "upon which" stays; "upon" at a line's end too */
                if (strcmp(have, "upon") == 0 && i > 0 && strcmp(f->tk[i - 1].low, "once") == 0)
                    continue;
                if ((vp->flags & TT_VF_COMMA) &&
                    !(f->tk[i + n - 1].end < f->len && f->t[f->tk[i + n - 1].end] == ','))
                    continue;
                if (f->table >= 2 && !article_fits(f, i, other))
                    continue;
                /* table 6: "an approximately 5 per cent rise" never becomes "an about 5 per
                 * cent rise" (an adverb of degree after an article inside a noun phrase) */
                if (f->table >= 6 && strcmp(have, "approximately") == 0 && i > 0 &&
                    (tok_is(f, i - 1, "a") || tok_is(f, i - 1, "an")))
                    continue;
                char gk[160];
                if (f->table >= 3) {
                    if (!pair_natural(f, i, n, vp, have) || not_word(other))
                        continue;
                    int sp = strcmp(vp->rule, "spelling") == 0;
                    /* no dialect switch: measured, a copy switched to the other dialect
                     * keeps the words the table lacks ("color" beside "organisation") */
                    if (sp && (is_gb_word(vp->a) || is_gb_word(vp->b)))
                        continue;
                    if (sp || strcmp(vp->rule, "hyphenation") == 0 ||
                        (strcmp(vp->rule, "function-word") == 0 &&
                         (f->table < 4 || fw_style(vp->a)))) {
                        snprintf(gk, sizeof gk, "%s:%s", vp->rule, vp->a);
                        group(f, gk, 0);
                    }
                }
                int rc = add_pair_slot(f, f->tk[i].start, f->tk[i + n - 1].end, other, side,
                                       vp->rule);
                group(f, NULL, 0);
                if (rc)
                    return rc;
            }
        }
    }
    return 0;
}

static int
ends_with(const char *w, size_t wl, const char *suf, size_t *out_stem)
{
    size_t sl = strlen(suf);
    if (wl <= sl || memcmp(w + wl - sl, suf, sl) != 0)
        return 0;
    *out_stem = wl - sl;
    return 1;
}

/* Stem rules (variants.h): -ize/-ise, -our/-or, -re/-er, -l-/-ll-.  All four are spelling
 * dialects: table 3 has none of them (see rule_pairs). */
static int
rule_stems(finder *f)
{
    if (f->table >= 3)
        return 0;
    for (size_t i = 0; i < f->ntk; i++) {
        tok *k = &f->tk[i];
        if (!k->plain || k->prot || !k->alpha)
            continue;
        size_t wl = strlen(k->low);
        for (size_t r = 0; r < tt_variants__nstem_rules; r++) {
            const tt_variant_stems *sr = &tt_variants__stem_rules[r];
            if (f->table < sr->since)
                continue;
            for (size_t s = 0; s < sr->nsuffixes; s++) {
                for (int side = 0; side < 2; side++) {
                    size_t stem;
                    if (!ends_with(k->low, wl, sr->suffixes[s][side], &stem))
                        continue;
                    if (!tt_variants__in(sr->stems, sr->nstems, k->low, stem))
                        continue;
                    char other[96];
                    const char *suf = sr->suffixes[s][!side];
                    if (stem + strlen(suf) + 1 > sizeof other)
                        continue;
                    memcpy(other, k->low, stem);
                    memcpy(other + stem, suf, strlen(suf) + 1);
                    int rc = add_pair_slot(f, k->start, k->end, other, side, sr->rule);
                    if (rc)
                        return rc;
                }
            }
        }
    }
    return 0;
}

static int space_sep(const finder *f, size_t i);

static int
tok_is(const finder *f, size_t i, const char *w)
{
    return i < f->ntk && strcmp(f->tk[i].low, w) == 0;
}

static int
tok_in(const finder *f, size_t i, const char *const *list, size_t n)
{
    return i < f->ntk && tt_variants__in(list, n, f->tk[i].low, strlen(f->tk[i].low));
}

/* Drop "that" (token i) with one of the single spaces around it, never a line break, so the
 * copy keeps the lines of the original. */
static int
add_that_slot(finder *f, size_t i)
{
    size_t s, e;
    if (space_sep(f, i - 1)) {
        s = f->tk[i - 1].end;
        e = f->tk[i].end;
    } else if (space_sep(f, i)) {
        s = f->tk[i].start;
        e = f->tk[i + 1].start;
    } else {
        return 0;
    }
    return add_slot(f, s, e, f->t + s, e - s, "", 0, TT_RULE_THAT_OMIT, TT_CH_LEXICAL, 0);
}

/* Table 7: "think we should" / "think that we should".  The verb is one of the lists
 * rule_that takes "that" from, and the word after it a subject pronoun (we, they, he, she,
 * I): a pronoun in the nominative is the subject of a clause, never the verb's object, so the
 * "that" can only be the conjunction ("it" and "you" are refused: "know it well", "told you
 * so").  Refused: a verb at a sentence start or after a comma or a quotation mark ("'No,' said
 * he": inverted), a wh-word in the three words before the verb ("what you think they want"
 * would read "what you think that they want"), and a pronoun not followed by a word after
 * one space ("said he, too,", "knew she.").  "that" goes in with single spaces, so lines keep their breaks. */
static int
rule_that_insert(finder *f)
{
    static const char *const subj[] = {"we", "they", "he", "she", "i"};
    static const char *const wh[] = {"what", "who", "whom", "which", "where", "how", "when",
                                     "why", "whatever", "whoever"};
    for (size_t i = 1; i + 2 < f->ntk; i++) {
        const tok *v = &f->tk[i], *p = &f->tk[i + 1], *w = &f->tk[i + 2];
        if (!v->plain || v->initial || v->prot || p->prot || p->initial || w->prot)
            continue;
        if (!(tok_in(f, i, tt_variants__that_verbs, tt_variants__nthat_verbs) ||
              tok_in(f, i, tt_variants__that_verbs_2, tt_variants__nthat_verbs_2) ||
              tok_in(f, i, tt_variants__that_verbs_4, tt_variants__nthat_verbs_4)))
            continue;
        if (!tok_in(f, i + 1, subj, TT_ARRAY_LEN(subj)) || !space_sep(f, i) ||
            !space_sep(f, i + 1))
            continue;
        /* "I" is the one capital allowed: the pronoun */
        if (!p->plain && strcmp(p->low, "i") != 0)
            continue;
        if (!ws_between(f, i - 1))
            continue;
        int skip = 0;
        for (size_t k = i >= 3 ? i - 3 : 0; k < i && !skip; k++)
            skip = tok_in(f, k, wh, TT_ARRAY_LEN(wh));
        if (skip)
            continue;
        size_t s = v->end, e = p->start;
        int rc = add_slot(f, s, e, " ", 1, " that ", 6, TT_RULE_THAT_OMIT, TT_CH_LEXICAL, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* "said that the" / "said the" (only the conjunction, only before a clause start). */
static int
rule_that(finder *f)
{
    for (size_t i = 1; i + 1 < f->ntk; i++) {
        if (!tok_is(f, i, "that") || !f->tk[i].plain || f->tk[i].initial)
            continue;
        if (!(tok_in(f, i - 1, tt_variants__that_verbs, tt_variants__nthat_verbs) ||
              (f->table >= 2 &&
               tok_in(f, i - 1, tt_variants__that_verbs_2, tt_variants__nthat_verbs_2)) ||
              (f->table >= 4 &&
               tok_in(f, i - 1, tt_variants__that_verbs_4, tt_variants__nthat_verbs_4))) ||
            !f->tk[i - 1].plain || !ws_between(f, i - 1) || !ws_between(f, i))
            continue;
        if (!tok_in(f, i + 1, tt_variants__clause_starts, tt_variants__nclause_starts) ||
            !f->tk[i + 1].plain)
            continue;
        int rc = add_that_slot(f, i);
        if (rc)
            return rc;
    }
    return f->table >= 7 ? rule_that_insert(f) : 0;
}

static int
has_digit(const tok *k)
{
    return !k->alpha;
}

static const char *const number_next_no[] = {
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "half",  "halves",
    "third",   "thirds",   "quarter", "quarters", "fifths", "sixths", "sevenths", "eighths",
    "ninths",  "tenths",   "point",
};

/* "three posts" -> "3 posts" (one way: a digit may be a label, "Section 3").  Not at a
 * sentence start, not next to another number ("twenty two", "two 40-litre drums", "two
 * hundred"), not before a fraction word ("two thirds"), not joined to anything but spaces
 * and plain punctuation. */
static int
rule_numbers(finder *f)
{
    for (size_t i = 0; i < f->ntk; i++) {
        const tok *k = &f->tk[i];
        if (!k->plain || k->prot || !k->alpha || k->initial)
            continue;
        size_t wl = strlen(k->low);
        const char *hy = memchr(k->low, '-', wl);
        unsigned v = tt_variants__number_value(k->low, hy ? (size_t)(hy - k->low) : wl);
        if (!v)
            continue;
        /* table 3: "six attorneys" stays (style guides spell out one to nine) */
        if (f->table >= 3 && v < 10)
            continue;
        if (hy) {
            /* "two-day" -> "2-day": not "twenty-two", "two-thirds", "two-and-a-half" */
            const char *rest = hy + 1;
            const char *e2 = strchr(rest, '-');
            size_t rl = e2 ? (size_t)(e2 - rest) : strlen(rest);
            if (tt_variants__number_value(rest, rl) || strncmp(rest, "and", rl) == 0 ||
                tt_variants__in(number_next_no, TT_ARRAY_LEN(number_next_no), rest, rl) ||
                (rl > 2 && memcmp(rest + rl - 2, "th", 2) == 0) || strncmp(rest, "one", rl) == 0)
                continue;
        }
        if (k->start > 0 && !isspace((unsigned char)f->t[k->start - 1]) && f->t[k->start - 1] != '(')
            continue;
        if (k->end < f->len && !isspace((unsigned char)f->t[k->end]) &&
            !strchr(",;:.)!?", f->t[k->end]))
            continue;
        if (i > 0 && (has_digit(&f->tk[i - 1]) ||
                      tt_variants__number_value(f->tk[i - 1].low, strlen(f->tk[i - 1].low)) ||
                      tok_in(f, i - 1, number_next_no, TT_ARRAY_LEN(number_next_no))))
            continue;
        if (i + 1 < f->ntk && (has_digit(&f->tk[i + 1]) ||
                               tt_variants__number_value(f->tk[i + 1].low,
                                                         strlen(f->tk[i + 1].low)) ||
                               tok_in(f, i + 1, number_next_no, TT_ARRAY_LEN(number_next_no)) ||
                               tok_is(f, i + 1, "and") || tok_is(f, i + 1, "or")))
            continue;
        char d[96];
        int dl = snprintf(d, sizeof d, "%u%.*s", v, hy ? (int)(k->end - k->start - (size_t)(hy - k->low)) : 0,
                          hy ? f->t + k->start + (hy - k->low) : "");
        if (dl <= 0 || (size_t)dl >= sizeof d)
            continue;
        group(f, "number-style", 0);
        int rc = add_slot(f, k->start, k->end, f->t + k->start, k->end - k->start, d,
                          (size_t)dl, TT_RULE_NUMBER, TT_CH_LEXICAL, 0);
        group(f, NULL, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* Is token i a number (digits, or a number word of the table)? */
static int
is_number_tok(const finder *f, size_t i)
{
    if (i >= f->ntk)
        return 0;
    const tok *k = &f->tk[i];
    if (!k->alpha)
        return isdigit((unsigned char)f->t[k->start]);
    return tt_variants__number_value(k->low, strlen(k->low)) != 0;
}

/* Before a number: "about 40" -> "around 40", "more than 40" -> "over 40" (one way; never
 * after a negation or "any": "no more than 40"). */
static int
rule_about(finder *f)
{
    static const char *const neg[] = {"no", "not", "any", "nothing", "none", "never"};
    for (size_t i = 0; i + 1 < f->ntk; i++) {
        const tok *k = &f->tk[i];
        if (!k->plain || k->prot)
            continue;
        size_t n = 0;
        const char *to = NULL, *rule = TT_RULE_APPROX;
        if (tok_is(f, i, "about") && ws_between(f, i)) {
            /* table 6: "about" is left alone where approx-word did not take it, because it
             * may be a preposition there ("a report about 40 soldiers" is not "around") */
            if (f->table >= 6)
                continue;
            n = 1;
            to = "around";
        } else if (tok_is(f, i, "more") && tok_is(f, i + 1, "than") && ws_between(f, i) &&
                   i + 2 < f->ntk && ws_between(f, i + 1) && f->tk[i + 1].plain) {
            n = 2;
            to = "over";
        }
        if (!n || !is_number_tok(f, i + n))
            continue;
        if (i > 0 && tok_in(f, i - 1, neg, TT_ARRAY_LEN(neg)))
            continue;
        int rc = add_pair_slot(f, k->start, f->tk[i + n - 1].end, to, 0, rule);
        if (rc)
            return rc;
    }
    return 0;
}

/* Table 6: the word of approximation before a number, one q-ary slot of four variants
 * (log2 4 = 2 bits): "about 40" / "around 40" / "approximately 40" / "roughly 40", the text's
 * word first.  Each is an adverb of degree on the number there, and the four mean the same
 * (docs/parts/natural.md has the reasons).  Guards:
 *   - "about" and "around" are also prepositions ("a report about 40 soldiers", "walked
 *     around 3 blocks"), so they count only where a preposition cannot be: right after a
 *     preposition ("for about 10 minutes", "by about 3 per cent"), after a verb of quantity
 *     whose object is an amount ("cost", "hold", "take", "add", "reach", "weigh", ...), at a
 *     sentence start, or after "(", "," or ":"; "approximately" and "roughly" are only
 *     adverbs, so a number after them is enough;
 *   - never after a negation or "any" ("no more than", "not about 3"), never after "a"/"an"
 *     (the article depends on the next word: "an approximately", "a roughly");
 *   - not before a year (a four-digit number from 1500 to 2099: "roughly 1850" reads oddly);
 *   - the number follows after one space or line break; as every rule, not in quotations, names, capitals
 *     inside a sentence or protected text. */
static int one_ws(const finder *f, size_t i);

static int
rule_approx(finder *f)
{
    static const char *const words[] = {"about", "around", "approximately", "roughly"};
    static const char *const neg[] = {"a", "an", "any", "never", "no", "none", "not", "nothing"};
    static const char *const before[] = {
        /* prepositions */
        "after", "at", "before", "by", "during", "for", "from", "in", "into", "of", "over",
        "per", "than", "to", "under", "until", "with", "within", "without",
        /* verbs whose object here is an amount */
        "add", "adds", "added", "cost", "costs", "costing", "hold", "holds", "held", "last",
        "lasts", "lasted", "reach", "reaches", "reached", "take", "takes", "took", "taking",
        "total", "totals", "totalled", "totaled", "weigh", "weighs", "weighed"};
    for (size_t i = 0; i + 1 < f->ntk; i++) {
        const tok *k = &f->tk[i];
        if (!k->plain || k->prot || !one_ws(f, i) || !is_number_tok(f, i + 1) ||
            f->tk[i + 1].prot)
            continue;
        int w = -1;
        for (int j = 0; j < 4; j++)
            if (tok_is(f, i, words[j]))
                w = j;
        if (w < 0)
            continue;
        if (i > 0 && tok_in(f, i - 1, neg, TT_ARRAY_LEN(neg)) && ws_between(f, i - 1))
            continue;
        if (w < 2 && !k->initial) {
            const char *gap = f->t + (i > 0 ? f->tk[i - 1].end : 0);
            size_t gl = k->start - (i > 0 ? f->tk[i - 1].end : 0);
            int punct = memchr(gap, '(', gl) || memchr(gap, ',', gl) || memchr(gap, ':', gl);
            if (!punct && !(i > 0 && ws_between(f, i - 1) && f->tk[i - 1].plain &&
                            tok_in(f, i - 1, before, TT_ARRAY_LEN(before))))
                continue;
        }
        /* a year */
        const tok *n = &f->tk[i + 1];
        if (!n->alpha && n->end - n->start == 4) {
            unsigned y = 0;
            for (uint32_t j = n->start; j < n->end; j++)
                y = y * 10 + (unsigned)(f->t[j] - '0');
            if (y >= 1500 && y <= 2099 &&
                !(n->end < f->len && (f->t[n->end] == '.' || f->t[n->end] == ',') &&
                  n->end + 1 < f->len && isdigit((unsigned char)f->t[n->end + 1])))
                continue;
        }
        char vb[4][16];
        const char *v[4];
        size_t vl[4];
        int up = isupper((unsigned char)f->t[k->start]);
        for (int j = 0, o = 1; j < 4; j++) {
            int slot = j == w ? 0 : o++;
            size_t l = strlen(words[j]);
            memcpy(vb[slot], words[j], l + 1);
            if (up)
                vb[slot][0] = (char)toupper((unsigned char)vb[slot][0]);
            v[slot] = vb[slot];
            vl[slot] = l;
        }
        v[0] = f->t + k->start; /* the text's own bytes */
        int rc = add_slot_n(f, k->start, k->end, v, vl, 4, TT_RULE_APPROX_WORD, TT_CH_LEXICAL, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* Table 7: "all the files" / "all of the files", each place its own bit ("of" after "all"
 * before a determiner adds nothing; careful prose has both, often in one paragraph).  Tables
 * 2-6 had only the one-way pair "all of the" -> "all the" (variants.c); this rule takes both
 * directions, with guards:
 *   - "all" then one space (or one line break) then a determiner (the, these, those, this,
 *     its, their, our, your, his, her, my), or "all of" and one, with single spaces;
 *   - after the determiner a plain word that is not a function word: "all of her" is the
 *     whole person, "all of this is" a pronoun ("all of her books", "all of this code" are
 *     noun phrases);
 *   - never before "same", "more", "less", "better", "worse", "while", "way", ... ("all the
 *     same", "all the more", "all the while", "all the way down" are idioms of their own),
 *     nor in the formula "any and all of the rights";
 *   - never after an object pronoun ("give them all the keys": "all" is the pronoun's, not
 *     the noun's; "them all of the keys" would change that), nor after "at", "after", "of",
 *     "above", "once", nor after "for" opening a clause ("not at all the", "after all the",
 *     "For all the talk, ...", "of all the places" and "once and for all" belong to other
 *     idioms);
 *   - as every rule: not in quotations, names (a capitalized "All" inside a sentence),
 *     protected text. */
static int
rule_all_of(finder *f)
{
    static const char *const dets[] = {"the", "these", "those", "this", "its", "their",
                                       "our", "your", "his", "her", "my"};
    static const char *const before_no[] = {"at", "after", "of", "above", "once",
                                            "them", "us", "you", "it", "him", "her", "me",
                                            "we", "they", "i"};
    static const char *const idioms[] = {"same", "more", "less", "better", "worse", "while",
                                         "fewer", "greater", "sooner", "rage", "most", "least",
                                         "further", "easier", "harder", "way"};
    for (size_t i = 0; i + 2 < f->ntk; i++) {
        const tok *a = &f->tk[i];
        if (!tok_is(f, i, "all") || !a->plain || a->prot)
            continue;
        size_t d = tok_is(f, i + 1, "of") ? i + 2 : i + 1;
        if (d + 1 >= f->ntk || !tok_in(f, d, dets, TT_ARRAY_LEN(dets)) || !f->tk[d].plain ||
            f->tk[d].prot || f->tk[d].initial || f->tk[i + 1].prot || f->tk[i + 1].initial)
            continue;
        const tok *n = &f->tk[d + 1];
        if (!n->plain || !n->alpha || n->prot || n->initial || !ws_between(f, d) ||
            tok_in(f, d + 1, tt_variants__function_words, tt_variants__nfunction_words) ||
            tok_in(f, d + 1, idioms, TT_ARRAY_LEN(idioms)))
            continue;
        if (i > 0 && !a->initial && ws_between(f, i - 1) &&
            tok_in(f, i - 1, before_no, TT_ARRAY_LEN(before_no)))
            continue;
        /* the legal formula "any and all of the rights" (and "one and all") keeps its "of" */
        if (i > 1 && tok_is(f, i - 1, "and") && ws_between(f, i - 1) && ws_between(f, i - 2) &&
            (tok_is(f, i - 2, "any") || tok_is(f, i - 2, "one")))
            continue;
        /* concessive "For all the talk, ..." (a clause start), not "paid for all the work" */
        if (i > 0 && !a->initial && ws_between(f, i - 1) && tok_is(f, i - 1, "for") &&
            (f->tk[i - 1].initial || after_comma(f, i - 1)))
            continue;
        int rc;
        if (d == i + 1) {
            /* "all the": " of" goes in after "all" */
            if (!one_ws(f, i))
                continue;
            size_t s = a->end, e = f->tk[d].start;
            char nv[8];
            nv[0] = ' ';
            nv[1] = 'o';
            nv[2] = 'f';
            nv[3] = f->t[s];
            rc = add_slot(f, s, e, f->t + s, 1, nv, 4, TT_RULE_ALL_OF, TT_CH_LEXICAL, 0);
        } else {
            /* "all of the": " of" comes out, keeping the separator after it */
            if (!space_sep(f, i) || !one_ws(f, i + 1))
                continue;
            size_t s = a->end, e = f->tk[i + 1].end;
            rc = add_slot(f, s, e, f->t + s, e - s, "", 0, TT_RULE_ALL_OF, TT_CH_LEXICAL, 0);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* "30 March" -> "March 30" (one way: in "in March 30 soldiers" the number is not a day).
 * No year after the month (that would need a comma: "March 30, 2024"), no number in the two
 * words before ("between 18 and 24 March"). */
static int
rule_dates(finder *f)
{
    for (size_t i = 0; i + 1 < f->ntk; i++) {
        const tok *d = &f->tk[i], *m = &f->tk[i + 1];
        size_t dl = d->end - d->start;
        if (d->alpha || d->prot || m->prot || dl > 2 || f->t[d->start] == '0')
            continue;
        unsigned day = 0;
        int digits = 1;
        for (size_t j = d->start; j < d->end; j++) {
            if (!isdigit((unsigned char)f->t[j]))
                digits = 0;
            else
                day = day * 10 + (unsigned)(f->t[j] - '0');
        }
        if (!digits || day < 1 || day > 31 || !space_sep(f, i))
            continue;
        size_t ml = m->end - m->start;
        if (!isupper((unsigned char)f->t[m->start]) ||
            !tt_variants__in(tt_variants__months, tt_variants__nmonths, m->low, ml))
            continue;
        int ok = 1;
        for (size_t j = m->start + 1; j < m->end; j++)
            if (!islower((unsigned char)f->t[j]))
                ok = 0;
        if (d->start > 0 && !isspace((unsigned char)f->t[d->start - 1]) && f->t[d->start - 1] != '(')
            ok = 0;
        if (m->end < f->len && !isspace((unsigned char)f->t[m->end]) &&
            !strchr(",;:.)!?", f->t[m->end]))
            ok = 0;
        if (i + 2 < f->ntk && has_digit(&f->tk[i + 2])) {
            int near = 1;
            for (size_t j = m->end; j < f->tk[i + 2].start; j++)
                if (!isspace((unsigned char)f->t[j]) && f->t[j] != ',')
                    near = 0;
            if (near)
                ok = 0;
        }
        for (size_t b = 1; b <= 2 && b <= i; b++)
            if (has_digit(&f->tk[i - b]))
                ok = 0;
        if (!ok)
            continue;
        char v[32];
        if (ml + 1 + dl >= sizeof v)
            continue;
        memcpy(v, f->t + m->start, ml);
        v[ml] = ' ';
        memcpy(v + ml + 1, f->t + d->start, dl);
        group(f, "date-order", 0);
        int rc = add_slot(f, d->start, m->end, f->t + d->start, m->end - d->start, v,
                          ml + 1 + dl, TT_RULE_DATE, TT_CH_LEXICAL, 0);
        group(f, NULL, 0);
        if (rc)
            return rc;
    }
    return 0;
}

static const char *const which_next[] = {
    "is",   "are",   "was",  "were", "has",  "have",  "had",   "may",  "might", "can",
    "could", "must", "will", "would", "shall", "should", "do", "does", "did",   "you",
    "we",   "they",  "i",    "he",   "she",  "it",    "the",   "a",    "an",    "this",
    "these", "those", "your", "our", "their", "his",  "her",   "its",  "contains",
    "includes", "allows", "provides", "means", "makes", "applies", "gives", "requires",
    "covers", "describes", "uses", "accompanies", "follows", "permits", "states",
};

static int comma_sep(const finder *f, size_t i);

static const char *const subjects[] = {"you", "we", "they", "i", "he", "she"};

/* Table 3: is token i - 1 surely a noun heading a relative clause at token i?  Only "the
 * house which", a determiner right before it: "the manometer indicated which was greater"
 * is a question ("which" there asks), and "indicated" is no noun. */
static int
noun_before(const finder *f, size_t i)
{
    if (f->table < 3)
        return 1;
    if (i < 2 || f->tk[i - 1].initial || !ws_between(f, i - 2))
        return 0;
    if (!tok_in(f, i - 2, tt_variants__determiners, tt_variants__ndeterminers))
        return 0;
    const char *w = f->tk[i - 1].low;
    size_t wl = strlen(w);
    return !(wl > 2 && (strcmp(w + wl - 2, "ly") == 0 || strcmp(w + wl - 2, "ed") == 0));
}

/* An object relative "that" before a subject pronoun may go: "the copy that you received"
 * / "the copy you received".  Never after a verb of being, a preposition or a conjunction
 * ("so that", "now that", "such that", "is that"). */
static int
rule_that_relative(finder *f)
{
    for (size_t i = 1; i + 1 < f->ntk; i++) {
        if (!tok_is(f, i, "that") || !f->tk[i].plain || f->tk[i].initial)
            continue;
        if (!ws_between(f, i - 1) || !ws_between(f, i))
            continue;
        const tok *pv = &f->tk[i - 1];
        if (!pv->alpha || !pv->plain ||
            tok_in(f, i - 1, tt_variants__which_keep, tt_variants__nwhich_keep))
            continue;
        if (!tok_in(f, i + 1, subjects, TT_ARRAY_LEN(subjects)) || !f->tk[i + 1].plain)
            continue;
        if (!noun_before(f, i))
            continue;
        int rc = add_that_slot(f, i);
        if (rc)
            return rc;
    }
    return 0;
}

/* The comma joining two clauses: ", and we" / " and we" (removal only). */
static int
rule_clause_comma(finder *f)
{
    static const char *const conj[] = {"and", "but", "so", "yet", "or"};
    size_t nconj = f->table >= 2 ? 5 : 4; /* table 2 adds "or" */
    for (size_t i = 1; i + 1 < f->ntk; i++) {
        if (!tok_in(f, i, conj, nconj) || !f->tk[i].plain || f->tk[i].initial)
            continue;
        if (!comma_sep(f, i - 1) || !ws_between(f, i) || !f->tk[i - 1].plain)
            continue;
        if (!tok_in(f, i + 1, tt_variants__clause_starts, tt_variants__nclause_starts) ||
            !f->tk[i + 1].plain)
            continue;
        size_t s = f->tk[i - 1].end, e = f->tk[i].start;
        int rc = add_slot(f, s, e, f->t + s, e - s, f->t + s + 1, 1, TT_RULE_CLAUSE_COMMA, TT_CH_LEXICAL, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* "Mr." / "Mr" before a name. */
static int
rule_titles(finder *f)
{
    static const char *const titles[] = {"mr", "mrs", "ms", "dr"};
    for (size_t i = 0; i + 1 < f->ntk; i++) {
        if (!tok_in(f, i, titles, TT_ARRAY_LEN(titles)) || !isupper((unsigned char)f->t[f->tk[i].start]))
            continue;
        size_t s = f->tk[i].end, e = f->tk[i + 1].start;
        if (!isupper((unsigned char)f->t[e]))
            continue;
        int rc = 0;
        group(f, TT_RULE_TITLE, 0);
        if (e == s + 2 && f->t[s] == '.' && f->t[s + 1] == ' ')
            rc = add_slot(f, s, s + 1, ".", 1, "", 0, TT_RULE_TITLE, TT_CH_LEXICAL, 0);
        else if (e == s + 1 && f->t[s] == ' ')
            rc = add_slot(f, s, s, ".", 1, "", 0, TT_RULE_TITLE, TT_CH_LEXICAL, 1);
        group(f, NULL, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* Restrictive "which" (no comma before) may read "that" instead. */
static int
rule_which(finder *f)
{
    for (size_t i = 1; i + 1 < f->ntk; i++) {
        int who = f->table >= 2 && tok_is(f, i, "who"); /* table 2: "anyone who" / "anyone that" */
        if (!(tok_is(f, i, "which") || who) || f->tk[i].initial || !f->tk[i].plain)
            continue;
        if (!ws_between(f, i - 1) || !ws_between(f, i))
            continue;
        const tok *pv = &f->tk[i - 1];
        if (!pv->alpha || !pv->plain ||
            tok_in(f, i - 1, tt_variants__which_keep, tt_variants__nwhich_keep))
            continue;
        if (!tok_in(f, i + 1, which_next, TT_ARRAY_LEN(which_next)))
            continue;
        if (!noun_before(f, i))
            continue;
        int rc = add_slot(f, f->tk[i].start, f->tk[i].end, f->t + f->tk[i].start,
                          f->tk[i].end - f->tk[i].start, "that", 4,
                          who ? TT_RULE_WHO_THAT : TT_RULE_WHICH_THAT, TT_CH_LEXICAL, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* The separator after token i is exactly ", " (comma and one space or one newline). */
static int
comma_sep(const finder *f, size_t i)
{
    if (i + 1 >= f->ntk)
        return 0;
    size_t s = f->tk[i].end, e = f->tk[i + 1].start;
    return e == s + 2 && f->t[s] == ',' && (f->t[s + 1] == ' ' || f->t[s + 1] == '\n');
}

static int
space_sep(const finder *f, size_t i)
{
    if (i + 1 >= f->ntk)
        return 0;
    size_t s = f->tk[i].end, e = f->tk[i + 1].start;
    return e == s + 1 && f->t[s] == ' ';
}

/* "Therefore, we" / "Therefore we"; "In addition, the" / "In addition the".  Table 2 tries
 * its phrases of several words first, then table 1's list, then its single words; a comma
 * is inserted after a table 2 adverb only before a pronoun or a definite determiner. */
static int
rule_adverb_comma(finder *f)
{
    const char *const *lists[3];
    size_t lens[3];
    int strict[3];
    int nl = 0;
    size_t nmulti = 0;
    if (f->table >= 2)
        while (nmulti < tt_variants__ncomma_adverbs_2 &&
               strchr(tt_variants__comma_adverbs_2[nmulti], ' '))
            nmulti++;
    if (nmulti) {
        lists[nl] = tt_variants__comma_adverbs_2;
        lens[nl] = nmulti;
        strict[nl++] = 1;
    }
    lists[nl] = tt_variants__comma_adverbs;
    lens[nl] = tt_variants__ncomma_adverbs;
    strict[nl++] = 0;
    if (f->table >= 2) {
        lists[nl] = tt_variants__comma_adverbs_2 + nmulti;
        lens[nl] = tt_variants__ncomma_adverbs_2 - nmulti;
        strict[nl++] = 1;
    }
    for (size_t i = 0; i < f->ntk; i++) {
        if (!f->tk[i].initial || !f->tk[i].plain)
            continue;
        int done = 0;
        for (int l = 0; l < nl && !done; l++) {
            for (size_t r = 0; r < lens[l]; r++) {
                size_t n = match_phrase(f, i, lists[l][r]);
                if (!n)
                    continue;
                done = 1;
                size_t last = i + n - 1;
                if (last + 1 >= f->ntk || !f->tk[last + 1].plain || f->tk[last + 1].initial)
                    break;
                size_t s = f->tk[last].end, e = f->tk[last + 1].start;
                int rc = 0;
                if (comma_sep(f, last))
                    rc = add_slot(f, s, e, f->t + s, e - s, f->t + s + 1, 1,
                                  TT_RULE_ADVERB_COMMA, TT_CH_LEXICAL, 0);
                else if (space_sep(f, last) &&
                         (strict[l] ? tok_in(f, last + 1, tt_variants__strict_starts,
                                             tt_variants__nstrict_starts)
                                    : tok_in(f, last + 1, tt_variants__clause_starts,
                                             tt_variants__nclause_starts)))
                    rc = add_slot(f, s, e, ", ", 2, " ", 1, TT_RULE_ADVERB_COMMA,
                                  TT_CH_LEXICAL, 1);
                if (rc)
                    return rc;
                break;
            }
        }
    }
    return 0;
}

static const char *const after_intro_no[] = {
    "and", "or", "but", "nor", "which", "who", "whom", "whose", "whether", "except",
    "including", "such", "not", "no", "as", "if", "unless", "provided", "where", "when",
    "so", "because", "although", "that", "than", "respectively", "etc", "e", "i",
};

/* "If you agree, you may" / "If you agree you may": the first comma after an introductory
 * word, 3 to 15 words in, with no punctuation before it. */
static int
rule_intro_comma(finder *f)
{
    for (size_t i = 0; i < f->ntk; i++) {
        if (!f->tk[i].initial || !f->tk[i].plain ||
            !tok_in(f, i, tt_variants__intro_words, tt_variants__nintro_words))
            continue;
        if (tok_in(f, i, tt_variants__comma_adverbs, tt_variants__ncomma_adverbs))
            continue;
        for (size_t j = i; j + 1 < f->ntk && j < i + 15; j++) {
            if (comma_sep(f, j)) {
                if (j >= i + 2 && f->tk[j + 1].plain && !f->tk[j + 1].initial && f->tk[j + 1].alpha &&
                    !tok_in(f, j + 1, after_intro_no, TT_ARRAY_LEN(after_intro_no)) &&
                    (tok_in(f, j + 1, tt_variants__clause_starts, tt_variants__nclause_starts) ||
                     tok_is(f, j + 1, "then"))) {
                    size_t s = f->tk[j].end, e = f->tk[j + 1].start;
                    int rc = add_slot(f, s, e, f->t + s, e - s, f->t + s + 1, 1, TT_RULE_INTRO_COMMA,
                                      TT_CH_LEXICAL, 0);
                    if (rc)
                        return rc;
                }
                break;
            }
            if (!ws_between(f, j) || f->tk[j + 1].initial)
                break;
        }
    }
    return 0;
}

static const char *const before_list[] = {"the", "a", "an", "of", "for", "to", "in", "and",
                                          "or", "with", "by", "on", "from", "any", "all",
                                          "its", "their", "your", "our", "his", "her"};

/* Serial comma: "a, b, and c" / "a, b and c". */
static int
rule_serial_comma(finder *f)
{
    for (size_t i = 1; i + 1 < f->ntk; i++) {
        if (!(tok_is(f, i, "and") || tok_is(f, i, "or")) || !f->tk[i].plain ||
            f->tk[i].initial || !f->tk[i + 1].alpha || !ws_between(f, i))
            continue;
        size_t w = i - 1; /* the item before "and" */
        if (!f->tk[w].plain || f->tk[w].initial)
            continue;
        if (comma_sep(f, w)) {
            /* an earlier list comma within 6 words, no other punctuation in between */
            int list = 0;
            for (size_t j = w; j > 0 && j + 6 > w; j--) {
                if (f->tk[j].initial)
                    break;
                if (comma_sep(f, j - 1)) {
                    list = 1;
                    break;
                }
                if (!ws_between(f, j - 1))
                    break;
            }
            if (!list)
                continue;
            size_t s = f->tk[w].end, e = f->tk[i].start;
            group(f, TT_RULE_SERIAL_COMMA, 0);
            int rc = add_slot(f, s, e, f->t + s, e - s, f->t + s + 1, 1, TT_RULE_SERIAL_COMMA,
                              TT_CH_LEXICAL, 0);
            group(f, NULL, 0);
            if (rc)
                return rc;
        } else if (space_sep(f, w) && w >= 2 && comma_sep(f, w - 1)) {
            /* "w1, w2 and w3": single lower-case words, and w1 opens the list */
            size_t w1 = w - 1;
            if (!f->tk[w].alpha || !f->tk[w1].alpha || !f->tk[w1].plain || f->tk[w1].initial ||
                !f->tk[i + 1].plain)
                continue;
            if (!(comma_sep(f, w1 - 1) ||
                  (ws_between(f, w1 - 1) && tok_in(f, w1 - 1, before_list, TT_ARRAY_LEN(before_list)))))
                continue;
            size_t s = f->tk[w].end;
            group(f, TT_RULE_SERIAL_COMMA, 0);
            int rc = add_slot(f, s, s + 1, ", ", 2, " ", 1, TT_RULE_SERIAL_COMMA, TT_CH_LEXICAL, 1);
            group(f, NULL, 0);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Table 4: is token i surely a common noun by its ending (-tion, -ment, -ness, -ity, ...)?
 * Only plain lower-case words of letters, five letters or more. */
static int
noun_by_suffix(const finder *f, size_t i)
{
    static const char *const suf[] = {"tion", "tions", "sion", "sions", "ment", "ments", "ness",
                                      "ity",  "ities", "ance", "ances", "ence", "ences", "ship",
                                      "ships", "ism",  "isms"};
    if (i >= f->ntk)
        return 0;
    const tok *k = &f->tk[i];
    if (!k->plain || k->prot || !k->alpha || k->initial || isupper((unsigned char)f->t[k->start]))
        return 0;
    size_t wl = strlen(k->low);
    if (wl < 5 || memchr(k->low, '-', wl) || memchr(k->low, '\'', wl) ||
        (unsigned char)k->low[0] >= 0x80)
        return 0;
    for (size_t j = 0; j < TT_ARRAY_LEN(suf); j++) {
        size_t sl = strlen(suf[j]);
        if (wl > sl + 1 && memcmp(k->low + wl - sl, suf[j], sl) == 0)
            return 1;
    }
    /* a plural after a determiner ("the rights and obligations"): -s, not -ss, -us, -is,
     * -ous, and no word of the function list ("this", "its") */
    if (k->low[wl - 1] == 's' && wl >= 5 && !strchr("su", k->low[wl - 2]) &&
        !(k->low[wl - 2] == 'i') &&
        !tok_in(f, i, tt_variants__function_words, tt_variants__nfunction_words))
        return 1;
    return 0;
}

/* Table 4: pairs whose order is fixed in the language ("terms and conditions"). */
static const char *const fixed_pairs[] = {
    "arts crafts",        "bells whistles",   "brothers sisters", "checks balances",
    "dos don'ts",         "friends family",   "goods services",   "ifs buts",
    "ladies gentlemen",   "names addresses",  "nuts bolts",       "odds ends",
    "pros cons",          "rules regulations", "sons daughters",  "stars stripes",
    "terms conditions",   "thanks regards",   "ups downs",        "ways means",
    "years months",       "questions answers", "comments suggestions", "bugs fixes",
};

static int
fixed_pair(const finder *f, size_t a, size_t b)
{
    char key[160];
    int n = snprintf(key, sizeof key, "%s %s", f->tk[a].low, f->tk[b].low);
    if (n <= 0 || (size_t)n >= sizeof key)
        return 1;
    for (size_t j = 0; j < TT_ARRAY_LEN(fixed_pairs); j++)
        if (strcmp(key, fixed_pairs[j]) == 0)
            return 1;
    n = snprintf(key, sizeof key, "%s %s", f->tk[b].low, f->tk[a].low);
    for (size_t j = 0; j < TT_ARRAY_LEN(fixed_pairs); j++)
        if (strcmp(key, fixed_pairs[j]) == 0)
            return 1;
    return 0;
}

/* Table 4: the order of two coordinated nouns: "the modification and distribution of" /
 * "the distribution and modification of".  Only where both are surely nouns (a determiner
 * before, a noun ending on both), the conjunction is a bare "and" or "or" between single
 * spaces, and what follows the second noun ends the phrase (punctuation, a preposition or a
 * verb of being), so neither word modifies the next; never inside a list ("a, b and c": the
 * serial-comma rule's place), never the same word twice, never a pair that is a fixed
 * order of the language (none of those has two such noun endings). */
static int
rule_coordination(finder *f)
{
    static const char *const dets[] = {"all",   "any",   "her",   "his",  "its",   "our",
                                       "such",  "the",   "their", "these", "this", "those",
                                       "your"};
    static const char *const after[] = {"are", "as", "at", "by", "for", "from", "in", "is",
                                        "of", "on", "shall", "to", "under", "was", "were",
                                        "will", "with", "within", "without"};
    for (size_t i = 1; i + 3 < f->ntk + 1 && i + 2 < f->ntk; i++) {
        size_t d = i - 1, c = i + 1, w2 = i + 2;
        if (!tok_in(f, d, dets, TT_ARRAY_LEN(dets)) || !ws_between(f, d))
            continue;
        if (!(tok_is(f, c, "and") || tok_is(f, c, "or")) || !f->tk[c].plain || f->tk[c].prot)
            continue;
        if (!ws_between(f, i) || !ws_between(f, c))
            continue;
        if (!noun_by_suffix(f, i) || !noun_by_suffix(f, w2) ||
            strcmp(f->tk[i].low, f->tk[w2].low) == 0 || fixed_pair(f, i, w2))
            continue;
        /* in a list: "of x, the y and z" is fine; "the x, y and z" is not two items */
        if (d > 0 && comma_sep(f, d - 1) && !f->tk[d].initial)
            continue;
        /* the end of the phrase: punctuation (not a hyphen or an apostrophe), the end, or a
         * preposition / verb of being after one space */
        size_t e2 = f->tk[w2].end;
        int ends = 0;
        if (e2 >= f->len) {
            ends = 1;
        } else if (strchr(".,;:)!?", f->t[e2])) {
            ends = 1;
        } else if (w2 + 1 < f->ntk && ws_between(f, w2) &&
                   tok_in(f, w2 + 1, after, TT_ARRAY_LEN(after))) {
            ends = 1;
        }
        if (!ends)
            continue;
        size_t s = f->tk[i].start, e = e2;
        tt_buf v;
        tt_buf_init(&v);
        int rc = tt_buf_add(&v, f->t + f->tk[w2].start, f->tk[w2].end - f->tk[w2].start) ||
                 tt_buf_add(&v, f->t + f->tk[i].end, f->tk[w2].start - f->tk[i].end) ||
                 tt_buf_add(&v, f->t + s, f->tk[i].end - s);
        if (!rc)
            rc = add_slot(f, s, e, f->t + s, e - s, v.data, v.len, TT_RULE_COORDINATION,
                          TT_CH_LEXICAL, 0);
        else
            rc = TT_ENOMEM;
        tt_buf_release(&v);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- table 5: the order of a list of three (a q-ary slot) ---- */

/* Words that make an order meaningful, anywhere in the sentence of a list: sequence and rank
 * ("first", "then", "respectively", "in that order"), or that mark it as a fixed formula. */
static const char *const list_sentence_block[] = {
    "after",     "afterwards", "before",   "chronological", "earlier", "eventually", "finally",
    "first",     "firstly",    "followed", "following",     "former",  "last",       "lastly",
    "later",     "latter",     "next",     "order",         "ordered", "precede",    "preceded",
    "preceding", "priority",   "rank",     "ranked",        "respective", "respectively",
    "second",    "secondly",   "sequence", "sequential",    "subsequently", "then", "third",
    "thirdly",   "until",
};

/* Words never inside an item: time, size, rank and number words, whose lists often run in an
 * order (past, present and future; small, medium and large; gold, silver and bronze). */
static const char *const list_item_block[] = {
    "afternoon", "april",   "august",  "beginning", "billion", "bronze",   "day",      "days",
    "december",  "dinner",  "eight",   "eighth",    "eleven",  "end",      "evening",  "february",
    "fifth",     "five",    "four",    "fourth",    "friday",  "future",   "gold",     "high",
    "hour",      "hours",   "hundred", "january",   "july",    "june",     "large",    "low",
    "lunch",     "march",   "may",     "medium",    "middle",  "million",  "minute",   "minutes",
    "monday",    "month",   "months",  "morning",   "night",   "nine",     "ninth",    "noon",
    "november",  "october", "one",     "past",      "present", "saturday", "september", "seven",
    "seventh",   "silver",  "six",     "sixth",     "small",   "sunday",   "ten",      "tenth",
    "thousand",  "three",   "thursday", "today",    "tomorrow", "tuesday", "two",      "wednesday",
    "week",      "weeks",   "year",    "years",     "yesterday", "breakfast", "start", "stage",
    "stages",    "step",    "steps",   "phase",     "phases",  "round",    "level",    "levels",
};

/* Irregular past forms: a "noun phrase" ending in one of these is a clause ("the wall fell"). */
static const char *const list_past_verbs[] = {
    "ate",   "became", "began", "bit",   "blew",  "broke", "brought", "built", "bought",
    "came",  "caught", "chose", "did",   "drew",  "drank", "drove",   "fell",  "felt",
    "fled",  "flew",   "forgot", "found", "froze", "gave", "got",     "grew",  "had",
    "heard", "held",   "hid",   "hit",   "hung",  "kept",  "knew",    "laid",  "lay",
    "led",   "left",   "lent",  "lost",  "made",  "meant", "met",     "paid",  "quit",
    "ran",   "rang",   "rose",  "said",  "sang",  "sank",  "sat",     "saw",   "sent",
    "set",   "shook",  "shot",  "shut",  "slept", "slid",  "sold",    "spent", "spoke",
    "split", "spread", "stole", "stood", "struck", "swam", "swore",   "took",  "taught",
    "tore",  "thought", "threw", "told", "understood", "went", "woke", "won",  "wore",
    "wrote",
};

/* Items of three that are fixed expressions in any order of writing ("ready, willing and
 * able"); sorted words joined by spaces. */
static const char *const list_fixed[] = {
    "able ready willing",       "barrel lock stock",     "blood sweat tears",
    "book bell candle",         "charity faith hope",    "delivered sealed signed",
    "hook line sinker",         "hop jump skip",         "look listen stop",
    "blue red white",           "recycle reduce reuse",  "bad good ugly",
    "song wine women",          "dark handsome tall",    "liberty life pursuit",
};

/* Is token i a content word an item may hold: plain lower-case letters, not protected, not a
 * function word, adverb, participle, past verb or a blocked word? */
static int
list_word(const finder *f, size_t i)
{
    if (i >= f->ntk)
        return 0;
    const tok *k = &f->tk[i];
    if (!k->plain || k->prot || !k->alpha || k->initial || isupper((unsigned char)f->t[k->start]))
        return 0;
    size_t wl = strlen(k->low);
    if (wl < 2 || memchr(k->low, '-', wl) || memchr(k->low, '\'', wl) ||
        (unsigned char)k->low[0] >= 0x80)
        return 0;
    if ((wl > 4 &&
         (memcmp(k->low + wl - 2, "ly", 2) == 0 || memcmp(k->low + wl - 2, "ed", 2) == 0)) ||
        (wl > 5 && memcmp(k->low + wl - 3, "ing", 3) == 0))
        return 0;
    return !tok_in(f, i, tt_variants__function_words, tt_variants__nfunction_words) &&
           !tok_in(f, i, list_item_block, TT_ARRAY_LEN(list_item_block)) &&
           !tok_in(f, i, list_past_verbs, TT_ARRAY_LEN(list_past_verbs));
}

/* The tokens of the sentence holding token i: none of them may be a sequence word. */
static int
list_sentence_ok(const finder *f, size_t i)
{
    size_t a = i, b = i;
    while (a > 0 && i - a < 60 && !f->tk[a].initial) {
        const char *gap = f->t + f->tk[a - 1].end;
        size_t gl = f->tk[a].start - f->tk[a - 1].end;
        if (memchr(gap, '.', gl) || memchr(gap, ';', gl) || memchr(gap, ':', gl) ||
            memchr(gap, '?', gl) || memchr(gap, '!', gl))
            break;
        a--;
    }
    while (b + 1 < f->ntk && b - i < 60 && !f->tk[b + 1].initial) {
        const char *gap = f->t + f->tk[b].end;
        size_t gl = f->tk[b + 1].start - f->tk[b].end;
        if (memchr(gap, '.', gl) || memchr(gap, ';', gl) || memchr(gap, ':', gl) ||
            memchr(gap, '?', gl) || memchr(gap, '!', gl) || memchr(gap, '/', gl))
            break;
        b++;
    }
    for (size_t j = a; j <= b; j++)
        if (tok_in(f, j, list_sentence_block, TT_ARRAY_LEN(list_sentence_block)))
            return 0;
    return 1;
}

static int
cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Items [is[k], ie[k]) of tokens, k < 3: distinct, not a fixed formula (by their last words). */
static int
list_items_ok(const finder *f, const size_t *is, const size_t *ie)
{
    for (int a = 0; a < 3; a++)
        for (int b = a + 1; b < 3; b++) {
            size_t la = f->tk[ie[a] - 1].end - f->tk[is[a]].start,
                   lb = f->tk[ie[b] - 1].end - f->tk[is[b]].start;
            if (la == lb && memcmp(f->t + f->tk[is[a]].start, f->t + f->tk[is[b]].start, la) == 0)
                return 0;
        }
    const char *w[3] = {f->tk[ie[0] - 1].low, f->tk[ie[1] - 1].low, f->tk[ie[2] - 1].low};
    qsort(w, 3, sizeof *w, cmp_str);
    char key[200];
    int n = snprintf(key, sizeof key, "%s %s %s", w[0], w[1], w[2]);
    if (n <= 0 || (size_t)n >= sizeof key)
        return 0;
    for (size_t j = 0; j < TT_ARRAY_LEN(list_fixed); j++)
        if (strcmp(key, list_fixed[j]) == 0)
            return 0;
    return 1;
}

/* One white-space character between tokens i and i + 1: a space, or the line break of a
 * hard-wrapped text. */
static int
one_ws(const finder *f, size_t i)
{
    if (i + 1 >= f->ntk)
        return 0;
    size_t s = f->tk[i].end, e = f->tk[i + 1].start;
    return e == s + 1 && (f->t[s] == ' ' || f->t[s] == '\n');
}

/* Add the slot of the items [is[k], ie[k]) (token ranges): its six variants are the orders
 * of the items, the separators (", ", ", and ", " or ") staying where they are; variant 0 is
 * the text's order.  A hard-wrapped list keeps its line breaks where they were, each moved to
 * the nearest space of the reordered text (every order has the same length), so the lines
 * stay as long as they were, give or take a word. */
static int
add_list_slot(finder *f, const size_t *is, const size_t *ie)
{
    static const int perm[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                   {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    size_t st[3], en[3];
    for (int k = 0; k < 3; k++) {
        st[k] = f->tk[is[k]].start;
        en[k] = f->tk[ie[k] - 1].end;
    }
    size_t s0 = st[0], len = en[2] - st[0];
    tt_buf b[6];
    const char *v[6];
    size_t vl[6];
    int rc = 0;
    for (int p = 0; p < 6; p++) {
        tt_buf_init(&b[p]);
        for (int k = 0; k < 3 && !rc; k++) {
            int it = perm[p][k];
            rc |= tt_buf_add(&b[p], f->t + st[it], en[it] - st[it]);
            if (k < 2)
                rc |= tt_buf_add(&b[p], f->t + en[k], st[k + 1] - en[k]);
        }
        if (!rc && p > 0 && b[p].len == len) {
            char *d = b[p].data;
            for (size_t j = 0; j < len; j++)
                if (d[j] == '\n')
                    d[j] = ' ';
            for (size_t j = 0; j < len; j++) {
                if (f->t[s0 + j] != '\n')
                    continue;
                for (size_t r = 0; r < len; r++) { /* the nearest space, left first */
                    if (j >= r && d[j - r] == ' ') {
                        d[j - r] = '\n';
                        break;
                    }
                    if (j + r < len && d[j + r] == ' ') {
                        d[j + r] = '\n';
                        break;
                    }
                }
            }
        }
        v[p] = b[p].data;
        vl[p] = b[p].len;
    }
    if (rc)
        rc = TT_ENOMEM;
    else
        rc = add_slot_n(f, st[0], en[2], v, vl, 6, TT_RULE_LIST_ORDER, TT_CH_LEXICAL, 0);
    for (int p = 0; p < 6; p++)
        tt_buf_release(&b[p]);
    return rc;
}

/* Where a list of three ends: punctuation (not a hyphen, an apostrophe or a slash), the end
 * of the text, or one space and a word of the list `after`. */
static int
list_end_ok(const finder *f, size_t last, const char *const *after, size_t nafter)
{
    size_t e = f->tk[last].end;
    if (e >= f->len)
        return 1;
    if (strchr(".,;:)!?", f->t[e]))
        return !(f->t[e] == '.' && e + 1 < f->len && isalnum((unsigned char)f->t[e + 1]));
    return last + 1 < f->ntk && one_ws(f, last) && tok_in(f, last + 1, after, nafter);
}

static int
is_and_or(const finder *f, size_t i)
{
    return i < f->ntk && (tok_is(f, i, "and") || tok_is(f, i, "or")) && f->tk[i].plain &&
           !f->tk[i].prot && !f->tk[i].initial;
}

/* Table 5: the order of three coordinated noun phrases, one q-ary slot (six orders, log2 6 =
 * 2.58 bits).  Only where every item is surely a plain noun phrase and the order says
 * nothing (docs/parts/natural.md has the reasons):
 *   (a) "of the contract, the shelving and the storage.": each item a determiner and one to
 *       three content words (no function word, adverb, -ed/-ing form, past verb, number,
 *       time, size or rank word), the list right after a preposition or a verb that takes a
 *       noun phrase and never a clause ("includes", "receive"), so the items are its
 *       objects, never clauses; after the last item punctuation or a verb of being /
 *       modal (never a preposition, which would attach to the last item only);
 *   (b) "the modification, distribution and translation of": one determiner and three nouns
 *       by their endings (the coordination-order rule's test), then punctuation, a
 *       preposition or a verb of being (the phrase after is shared by all three);
 * the items separated by ", " and ", and" / " and" / ", or" / " or" with single spaces; the
 * list not part of a longer one; no item twice, no fixed formula ("ready, willing and
 * able"); no word of sequence or rank anywhere in the sentence ("first", "then",
 * "respectively", "followed", "order"); and, as every rule, not in quotations, names or
 * capitals. */
static int
rule_list_order(finder *f)
{
    static const char *const dets_a[] = {"a",   "an",    "her",  "his",   "its",  "our",
                                         "the", "their", "these", "this", "those", "your"};
    static const char *const dets_b[] = {"all",   "any",   "her",   "his",  "its",   "our",
                                         "such",  "the",   "their", "these", "this", "those",
                                         "your"};
    static const char *const preps[] = {"about",    "against", "among",  "at",      "between",
                                        "by",       "for",     "from",   "in",      "including",
                                        "into",     "like",    "of",     "on",      "over",
                                        "through",  "to",      "under",  "with",    "within",
                                        "without",
                                        /* verbs whose object is a noun phrase, never a
                                         * clause */
                                        "contain",  "contains", "cover",  "covers",  "include",
                                        "includes", "need",     "needs",  "provide", "provides",
                                        "receive",  "receives", "require", "requires", "review",
                                        "reviews",  "use",      "uses"};
    static const char *const after_a[] = {"are",   "can",  "could", "had",   "has",  "have",
                                          "is",    "may",  "might", "must",  "shall", "should",
                                          "was",   "were", "will",  "would"};
    static const char *const after_b[] = {"are",   "as",   "at",    "by",    "can",   "for",
                                          "from",  "in",   "is",    "may",   "must",  "of",
                                          "on",    "shall", "should", "to",  "under", "was",
                                          "were",  "will", "with",  "within", "without", "would"};
    for (size_t i = 1; i + 6 < f->ntk; i++) {
        size_t is[3], ie[3];
        /* (a): preposition, then determiner + 1..3 content words, three times */
        if (tok_in(f, i, dets_a, TT_ARRAY_LEN(dets_a)) && f->tk[i].plain && !f->tk[i].initial &&
            !f->tk[i].prot && tok_in(f, i - 1, preps, TT_ARRAY_LEN(preps)) &&
            f->tk[i - 1].plain && one_ws(f, i - 1) &&
            !(i >= 2 && comma_sep(f, i - 2))) {
            size_t at = i;
            int ok = 1;
            for (int k = 0; k < 3 && ok; k++) {
                if (!tok_in(f, at, dets_a, TT_ARRAY_LEN(dets_a)) || !f->tk[at].plain ||
                    f->tk[at].initial || f->tk[at].prot || !one_ws(f, at)) {
                    ok = 0;
                    break;
                }
                is[k] = at;
                size_t w = at + 1, n = 0;
                int found = 0;
                while (n < 3 && list_word(f, w)) {
                    n++;
                    /* item 1 ends at ", "; item 2 at ", and" or " and" (or "or"); item 3 at
                     * the end of the phrase */
                    if (k == 0 ? comma_sep(f, w)
                        : k == 1 ? (comma_sep(f, w) || one_ws(f, w)) && is_and_or(f, w + 1) &&
                                       one_ws(f, w + 1)
                                 : list_end_ok(f, w, after_a, TT_ARRAY_LEN(after_a))) {
                        found = 1;
                        break;
                    }
                    if (!one_ws(f, w))
                        break;
                    w++;
                }
                if (!found) {
                    ok = 0;
                    break;
                }
                ie[k] = w + 1;
                at = k == 1 ? w + 2 : w + 1;
            }
            if (ok && list_items_ok(f, is, ie) && list_sentence_ok(f, i)) {
                int rc = add_list_slot(f, is, ie);
                if (rc)
                    return rc;
                i = ie[2];
                continue;
            }
        }
        /* (b): determiner, noun, noun, and/or, noun */
        if (tok_in(f, i - 1, dets_b, TT_ARRAY_LEN(dets_b)) && ws_between(f, i - 1) &&
            !f->tk[i - 1].prot && !(i >= 2 && comma_sep(f, i - 2)) && noun_by_suffix(f, i) &&
            comma_sep(f, i) && noun_by_suffix(f, i + 1)) {
            size_t c = comma_sep(f, i + 1) || one_ws(f, i + 1) ? i + 2 : SIZE_MAX;
            if (c != SIZE_MAX && is_and_or(f, c) && one_ws(f, c) && noun_by_suffix(f, c + 1) &&
                list_end_ok(f, c + 1, after_b, TT_ARRAY_LEN(after_b))) {
                is[0] = i, ie[0] = i + 1;
                is[1] = i + 1, ie[1] = i + 2;
                is[2] = c + 1, ie[2] = c + 2;
                if (list_items_ok(f, is, ie) && list_sentence_ok(f, i)) {
                    int rc = add_list_slot(f, is, ie);
                    if (rc)
                        return rc;
                    i = c + 1;
                }
            }
        }
    }
    return 0;
}

/* Byte-pattern rules: "e.g." comma, thousands separators, a.m./am, dashes, ellipses,
 * quotes and apostrophes. */
static int
rule_chars(finder *f)
{
    const char *t = f->t;
    size_t len = f->len;
    int rc = 0;
    for (size_t i = 0; i < len && !rc; i++) {
        unsigned char c = (unsigned char)t[i];
        /* e.g. / i.e. followed by a word: comma or not */
        if (i + 4 <= len && (memcmp(t + i, "e.g.", 4) == 0 || memcmp(t + i, "i.e.", 4) == 0) &&
            (i == 0 || !isalnum((unsigned char)t[i - 1]))) {
            size_t j = i + 4;
            if (j + 2 < len && t[j] == ',' && t[j + 1] == ' ' && islower((unsigned char)t[j + 2]))
                rc = add_slot(f, j, j + 2, ", ", 2, " ", 1, TT_RULE_EG_COMMA, TT_CH_LEXICAL, 0);
            else if (j + 1 < len && t[j] == ' ' && islower((unsigned char)t[j + 1]))
                rc = add_slot(f, j, j + 1, ", ", 2, " ", 1, TT_RULE_EG_COMMA, TT_CH_LEXICAL, 1);
            i += 3;
            continue;
        }
        /* 1,000 -> 1000 (one way: 1000 may be a year) */
        if (c == ',' && i >= 1 && i + 3 < len + 0 && isdigit((unsigned char)t[i - 1]) &&
            (i < 2 || !(isdigit((unsigned char)t[i - 2]) || t[i - 2] == ',' || t[i - 2] == '.')) &&
            i + 3 < len + 1 && isdigit((unsigned char)t[i + 1]) &&
            isdigit((unsigned char)t[i + 2]) && isdigit((unsigned char)t[i + 3]) &&
            (i + 4 >= len || !(isdigit((unsigned char)t[i + 4]) ||
                               ((t[i + 4] == ',' || t[i + 4] == '.') && i + 5 < len &&
                                isdigit((unsigned char)t[i + 5]))))) {
            rc = add_slot(f, i, i + 1, ",", 1, "", 0, TT_RULE_THOUSANDS, TT_CH_LEXICAL, 0);
            continue;
        }
        /* 9 am / 9 a.m. */
        if (isdigit(c) && i + 3 < len) {
            size_t j = i + 1;
            if (t[j] == ' ')
                j++;
            if (j + 2 <= len && (t[j] == 'a' || t[j] == 'p') && t[j + 1] == 'm' &&
                (j + 2 == len || !isalnum((unsigned char)t[j + 2]))) {
                char v[5] = {t[j], '.', 'm', '.', 0};
                if (!(j + 2 < len && t[j + 2] == '.'))
                    rc = add_slot(f, j, j + 2, v, 4, t + j, 2, TT_RULE_AMPM, TT_CH_LEXICAL, 1);
            } else if (j + 4 <= len && (t[j] == 'a' || t[j] == 'p') && t[j + 1] == '.' &&
                       t[j + 2] == 'm' && t[j + 3] == '.' &&
                       j + 5 < len && t[j + 4] == ' ' && islower((unsigned char)t[j + 5])) {
                char v1[2] = {t[j], 'm'};
                rc = add_slot(f, j, j + 4, t + j, 4, v1, 2, TT_RULE_AMPM, TT_CH_LEXICAL, 0);
            }
            continue;
        }
        /* dashes: " -- " / " — ", and " - " / " – " between words */
        if (c == ' ' && i + 3 < len && t[i + 1] == '-' && t[i + 2] == '-' && t[i + 3] == ' ') {
            rc = add_slot(f, i + 1, i + 3, "--", 2, "\xE2\x80\x94", 3, TT_RULE_DASH, TT_CH_LEXICAL, 0);
            i += 2;
            continue;
        }
        if (c == ' ' && i + 4 < len && memcmp(t + i + 1, "\xE2\x80\x94 ", 4) == 0) {
            rc = add_slot(f, i + 1, i + 4, "--", 2, "\xE2\x80\x94", 3, TT_RULE_DASH, TT_CH_LEXICAL, 1);
            i += 3;
            continue;
        }
        if (c == ' ' && i + 2 < len && t[i + 1] == '-' && t[i + 2] == ' ' && i > 0 &&
            isalnum((unsigned char)t[i - 1]) && i + 3 < len && isalpha((unsigned char)t[i + 3])) {
            rc = add_slot(f, i + 1, i + 2, "-", 1, "\xE2\x80\x93", 3, TT_RULE_DASH, TT_CH_LEXICAL, 0);
            continue;
        }
        if (c == ' ' && i + 4 < len && memcmp(t + i + 1, "\xE2\x80\x93 ", 4) == 0) {
            rc = add_slot(f, i + 1, i + 4, "-", 1, "\xE2\x80\x93", 3, TT_RULE_DASH, TT_CH_LEXICAL, 1);
            continue;
        }
        /* ellipsis */
        if (c == '.' && i + 3 <= len && memcmp(t + i, "...", 3) == 0 &&
            (i == 0 || t[i - 1] != '.') && (i + 3 == len || t[i + 3] != '.')) {
            rc = add_slot(f, i, i + 3, "...", 3, "\xE2\x80\xA6", 3, TT_RULE_ELLIPSIS, TT_CH_LEXICAL, 0);
            i += 2;
            continue;
        }
        if (i + 3 <= len && memcmp(t + i, "\xE2\x80\xA6", 3) == 0) {
            rc = add_slot(f, i, i + 3, "...", 3, "\xE2\x80\xA6", 3, TT_RULE_ELLIPSIS, TT_CH_LEXICAL, 1);
            i += 2;
            continue;
        }
        /* apostrophe between letters */
        size_t an;
        if (i > 0 && is_apos_at(t, len, i, &an) && i + an < len &&
            isalpha((unsigned char)t[i - 1]) && isalpha((unsigned char)t[i + an])) {
            rc = add_slot(f, i, i + an, "'", 1, "\xE2\x80\x99", 3, TT_RULE_APOSTROPHE,
                          TT_CH_LEXICAL, an == 1 ? 0 : 1);
            i += an - 1;
            continue;
        }
        /* double quotes: straight or typographic, opening or closing by context */
        if (c == '"' || (i + 3 <= len && (memcmp(t + i, "\xE2\x80\x9C", 3) == 0 ||
                                          memcmp(t + i, "\xE2\x80\x9D", 3) == 0))) {
            size_t n = c == '"' ? 1 : 3;
            int open = i == 0 || isspace((unsigned char)t[i - 1]) || t[i - 1] == '(' ||
                       t[i - 1] == '[';
            int close = i + n >= len || isspace((unsigned char)t[i + n]) ||
                        ispunct((unsigned char)t[i + n]);
            if (open != close) {
                const char *curly = open ? "\xE2\x80\x9C" : "\xE2\x80\x9D";
                if (n == 1 || memcmp(t + i, curly, 3) == 0)
                    rc = add_slot(f, i, i + n, "\"", 1, curly, 3, TT_RULE_DQUOTE, TT_CH_LEXICAL,
                                  n == 1 ? 0 : 1);
            }
            i += n - 1;
            continue;
        }
    }
    return rc;
}

/* Canary: the owner's sentences, found verbatim. */
static int
rule_canary(finder *f)
{
    const tt_slot_opts *o = f->opts;
    for (size_t k = 0; k < o->ncanary; k++) {
        const char *from = o->canary_from[k], *to = o->canary_to[k];
        size_t fl = strlen(from);
        if (!fl)
            continue;
        for (const char *p = f->t; (size_t)(p - f->t) + fl <= f->len;) {
            const char *hit = memmem(p, f->len - (size_t)(p - f->t), from, fl);
            if (!hit)
                break;
            size_t s = (size_t)(hit - f->t);
            int rc = add_slot(f, s, s + fl, from, fl, to, strlen(to), TT_RULE_CANARY,
                              TT_CH_CANARY, 0);
            if (rc)
                return rc;
            p = hit + fl;
        }
    }
    return 0;
}

/* Unicode: a zero-width character before and after each single space between two words:
 * WORD JOINER U+2060 for 0, ZERO WIDTH SPACE U+200B for 1.  The base text has neither. */
static int
rule_unicode(finder *f)
{
    static const char wj[] = "\xE2\x81\xA0", zw[] = "\xE2\x80\x8B";
    for (size_t i = 0; i + 1 < f->ntk; i++) {
        if (!space_sep(f, i) || f->tk[i].prot || f->tk[i + 1].prot)
            continue;
        size_t s = f->tk[i].end;
        if (f->taken[s] || (s > 0 && f->taken[s - 1]) || (s + 1 < f->len && f->taken[s + 1]))
            continue;
        int rc = add_slot(f, s, s, wj, 3, zw, 3, TT_RULE_ZW_BEFORE, TT_CH_UNICODE, 2);
        if (!rc)
            rc = add_slot(f, s + 1, s + 1, wj, 3, zw, 3, TT_RULE_ZW_AFTER, TT_CH_UNICODE, 2);
        if (rc)
            return rc;
    }
    return 0;
}

/* Layout (PDF copies, print.c): the single space between two words on one line of the text,
 * drawn narrower (variant 0) or wider (variant 1) by TT_LAYOUT_SHIFT.  The base text has
 * neither; the text of a copy keeps its space, so the variants are names, not strings. */
static int
rule_layout(finder *f)
{
    for (size_t i = 0; i + 1 < f->ntk; i++) {
        size_t s = f->tk[i + 1].start;
        if (s == 0 || f->t[s - 1] != ' ' || f->tk[i].prot || f->tk[i + 1].prot)
            continue;
        /* one space after the word or its punctuation, no other white space before it */
        size_t p = s - 1;
        if (p == 0 || f->t[p - 1] == ' ' || f->t[p - 1] == '\n' || f->t[p - 1] == '\t' ||
            f->t[p - 1] == '\r')
            continue;
        int rc = add_slot(f, p, p + 1, TT_LAYOUT_NARROW, strlen(TT_LAYOUT_NARROW),
                          TT_LAYOUT_WIDE, strlen(TT_LAYOUT_WIDE), TT_RULE_WORD_SPACE,
                          TT_CH_LAYOUT, 2);
        if (rc)
            return rc;
    }
    return 0;
}

static int
detect_informal(const finder *f, int *out_curly)
{
    size_t contractions = 0, curly = 0, straight = 0;
    static const char *const ends[] = {"n't", "'re", "'ll", "'ve", "'m", "'d"};
    for (size_t i = 0; i < f->ntk; i++) {
        const tok *k = &f->tk[i];
        size_t wl = strlen(k->low);
        for (size_t j = 0; j + 2 < wl + 1 && j < wl; j++) {
            if (k->low[j] == '\'')
                straight++;
            else if (j + 3 <= wl && memcmp(k->low + j, "\xE2\x80\x99", 3) == 0)
                curly++;
        }
        /* normalize a typographic apostrophe for the test below */
        char tmp[64];
        size_t tl = 0;
        for (size_t j = 0; j < wl && tl + 1 < sizeof tmp; j++) {
            if (j + 3 <= wl && memcmp(k->low + j, "\xE2\x80\x99", 3) == 0) {
                tmp[tl++] = '\'';
                j += 2;
            } else {
                tmp[tl++] = k->low[j];
            }
        }
        tmp[tl] = 0;
        for (size_t e = 0; e < TT_ARRAY_LEN(ends); e++) {
            size_t el = strlen(ends[e]);
            if (tl > el && memcmp(tmp + tl - el, ends[e], el) == 0)
                contractions++;
        }
        if (strcmp(tmp, "it's") == 0 || strcmp(tmp, "that's") == 0 || strcmp(tmp, "there's") == 0)
            contractions++;
    }
    *out_curly = curly > straight;
    /* informal: at least 2 contractions and one per 400 words */
    return contractions >= 2 && contractions * 400 >= f->ntk;
}

/* Table 3: the quote style is one choice only when every quotation mark and apostrophe of
 * the text has a slot; otherwise a copy would mix the styles ("students' “views”"), so the
 * quote-style slots go. */
static void
quotes_all_or_none(finder *f)
{
    size_t marks = 0, slotted = 0;
    for (size_t i = 0; i < f->len; i++) {
        const unsigned char *u = (const unsigned char *)f->t + i;
        if (u[0] == '"' || u[0] == '\'' ||
            (i + 3 <= f->len && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9F))
            marks++;
    }
    for (size_t k = 0; k < f->out->n; k++)
        if (strcmp(f->out->v[k].rule, TT_RULE_DQUOTE) == 0 || strcmp(f->out->v[k].rule, TT_RULE_APOSTROPHE) == 0)
            slotted++;
    if (slotted == marks)
        return;
    size_t w = 0;
    for (size_t k = 0; k < f->out->n; k++) {
        tt_slot *sl = &f->out->v[k];
        if (strcmp(sl->rule, TT_RULE_DQUOTE) == 0 || strcmp(sl->rule, TT_RULE_APOSTROPHE) == 0) {
            memset(f->taken + sl->start, 0, sl->end - sl->start);
            continue;
        }
        f->out->v[w++] = *sl;
    }
    f->out->n = w;
}

static size_t
count_of(const char *t, size_t len, const char *needle)
{
    size_t n = 0, nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        if (memcmp(t + i, needle, nl) == 0)
            n++;
    return n;
}

/* Drop the slots of rule unless there are `want` of them (every occurrence of the form has a
 * slot): a copy changing some would mix the forms. */
static void
rule_all_or_none(finder *f, const char *rule, size_t want)
{
    size_t have = 0;
    for (size_t k = 0; k < f->out->n; k++)
        have += strcmp(f->out->v[k].rule, rule) == 0;
    if (have == want)
        return;
    size_t w = 0;
    for (size_t k = 0; k < f->out->n; k++) {
        tt_slot *sl = &f->out->v[k];
        if (strcmp(sl->rule, rule) == 0) {
            memset(f->taken + sl->start, 0, sl->end - sl->start);
            if (sl->start == sl->end)
                f->ins[sl->start] = 0;
            continue;
        }
        f->out->v[w++] = *sl;
    }
    f->out->n = w;
}

/* Table 3: the style rules are document-wide choices; each keeps its slots only when every
 * occurrence of its forms has one ("e.g.," before a capital stays, so no "e.g." slot may
 * drop its comma elsewhere). */
static void
styles_all_or_none(finder *f)
{
    const char *t = f->t;
    size_t len = f->len, eg = 0, titles = 0, ampm = 0, thousands = 0;
    for (size_t i = 0; i + 4 <= len; i++)
        if ((memcmp(t + i, "e.g.", 4) == 0 || memcmp(t + i, "i.e.", 4) == 0) &&
            (i == 0 || !isalnum((unsigned char)t[i - 1])))
            eg++;
    static const char *const tl[] = {"mr", "mrs", "ms", "dr"};
    for (size_t i = 0; i < f->ntk; i++)
        if (tok_in(f, i, tl, TT_ARRAY_LEN(tl)) && isupper((unsigned char)t[f->tk[i].start]))
            titles++;
    for (size_t i = 1; i + 2 <= len; i++) {
        size_t j = i;
        if (!isdigit((unsigned char)t[i - 1]))
            continue;
        if (t[j] == ' ')
            j++;
        if (j + 2 <= len && (t[j] == 'a' || t[j] == 'p') &&
            (t[j + 1] == 'm' || (t[j + 1] == '.' && j + 2 < len && t[j + 2] == 'm')) &&
            (j + 2 == len || !isalpha((unsigned char)t[j + 2]) || t[j + 1] == '.'))
            ampm++;
    }
    for (size_t i = 1; i + 3 < len; i++)
        if (t[i] == ',' && isdigit((unsigned char)t[i - 1]) && isdigit((unsigned char)t[i + 1]) &&
            isdigit((unsigned char)t[i + 2]) && isdigit((unsigned char)t[i + 3]))
            thousands++;
    rule_all_or_none(f, TT_RULE_EG_COMMA, eg);
    rule_all_or_none(f, TT_RULE_TITLE, titles);
    rule_all_or_none(f, TT_RULE_AMPM, ampm);
    rule_all_or_none(f, TT_RULE_THOUSANDS, thousands);
    rule_all_or_none(f, TT_RULE_ELLIPSIS, count_of(t, len, "...") + count_of(t, len, "\xE2\x80\xA6"));
    rule_all_or_none(f, TT_RULE_DASH, count_of(t, len, "--") + count_of(t, len, "\xE2\x80\x94") +
                                          count_of(t, len, " - ") + count_of(t, len, "\xE2\x80\x93"));
}

/* After sorting: each slot's group becomes the index of the first slot of its key. */
static int
resolve_groups(finder *f)
{
    tt_slots *out = f->out;
    uint32_t *lead = malloc((f->nkeys ? f->nkeys : 1) * sizeof *lead);
    if (!lead)
        return TT_ENOMEM;
    for (size_t k = 0; k < f->nkeys; k++)
        lead[k] = UINT32_MAX;
    for (size_t i = 0; i < out->n; i++) {
        uint32_t key = out->v[i].group;
        if (!key) {
            out->v[i].group = (uint32_t)i;
            continue;
        }
        if (lead[key - 1] == UINT32_MAX)
            lead[key - 1] = (uint32_t)i;
        out->v[i].group = lead[key - 1];
    }
    free(lead);
    return 0;
}

void
tt_slots__collapse(const tt_slots *s, int8_t *bits)
{
    for (size_t i = 0; i < s->n; i++) {
        size_t g = s->v[i].group;
        if (g == i || bits[i] < 0)
            continue;
        /* g < i: the leader was visited; fold member i into it */
        if (bits[g] == -2) {
            /* the group disagrees already */
        } else if (bits[g] < 0) {
            bits[g] = bits[i];
        } else if (bits[g] != bits[i]) {
            bits[g] = -2;
        }
        bits[i] = -1;
    }
    for (size_t i = 0; i < s->n; i++)
        if (bits[i] == -2)
            bits[i] = -1;
}

size_t
tt_slots__nbits(const tt_slots *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->v[i].group == i;
    return n;
}

static int
slot_cmp(const void *x, const void *y)
{
    const tt_slot *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->end > a->start) - (b->end > b->start); /* insertion first */
}

int
tt_slots__find(tt_slots *out, const char *text, size_t len, const tt_slot_opts *opts,
               tt_err *err)
{
    memset(out, 0, sizeof *out);
    tt_buf_init(&out->arena);
    if (len >= UINT32_MAX)
        return tt__error(err, TT_EINVAL, "text too long for slots (4 GiB or more)");
    tt_slot_opts def = {0};
    if (!opts)
        opts = &def;
    unsigned ch = opts->channels ? opts->channels : TT_CH_LEXICAL;
    unsigned table = opts->table ? opts->table : TT_VARIANTS_TABLE;
    if (table > TT_VARIANTS_TABLE_MAX)
        return tt__error(err, TT_EINVAL,
                         "variant table %u is newer than this build knows (%u): upgrade telltale",
                         table, TT_VARIANTS_TABLE_MAX);
    out->table = table;
    finder f = {0};
    f.table = table;
    f.t = text;
    f.len = len;
    f.out = out;
    f.opts = opts;
    f.taken = calloc(len + 1, 1);
    f.ins = calloc(len + 1, 1);
    f.prot = calloc(len + 1, 1);
    int rc = 0;
    if (!f.taken || !f.ins || !f.prot) {
        rc = TT_ENOMEM;
        goto out;
    }
    protect(&f);
    if ((rc = tokenize(&f)))
        goto out;
    int curly = 0;
    out->informal = detect_informal(&f, &curly);
    f.apos_curly = curly;
    if ((ch & TT_CH_CANARY) && (rc = rule_canary(&f)))
        goto out;
    if (ch & TT_CH_LEXICAL) {
        if ((table >= 6 && (rc = rule_approx(&f))) || (table >= 7 && (rc = rule_all_of(&f))) ||
            (rc = rule_pairs(&f, out->informal)) ||
            (rc = rule_stems(&f)) ||
            (table >= 2 && ((rc = rule_dates(&f)) || (rc = rule_numbers(&f)) || (rc = rule_about(&f)))) || (rc = rule_that(&f)) ||
            (rc = rule_which(&f)) || (rc = rule_that_relative(&f)) ||
            (table >= 4 && (rc = rule_coordination(&f))) ||
            (table >= 5 && (rc = rule_list_order(&f))) ||
            (rc = rule_serial_comma(&f)) || (rc = rule_clause_comma(&f)) || (rc = rule_titles(&f)) || (rc = rule_adverb_comma(&f)) ||
            (rc = rule_intro_comma(&f)) ||
            (rc = rule_chars(&f)))
            goto out;
        if (table >= 3) {
            quotes_all_or_none(&f);
            styles_all_or_none(&f);
        }
        /* table 5: a list whose order is a slot keeps its serial comma as the text has it, so
         * no list of the copy may change its own: the serial-comma style stays the text's */
        if (table >= 5) {
            size_t lists = 0;
            for (size_t k = 0; k < out->n; k++)
                lists += strcmp(out->v[k].rule, TT_RULE_LIST_ORDER) == 0;
            if (lists)
                rule_all_or_none(&f, TT_RULE_SERIAL_COMMA, 0);
        }
    }
    if ((ch & TT_CH_UNICODE) && (rc = rule_unicode(&f)))
        goto out;
    if ((ch & TT_CH_LAYOUT) && (rc = rule_layout(&f)))
        goto out;
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, slot_cmp);
    if ((rc = resolve_groups(&f)))
        goto out;
out:
    for (size_t i = 0; i < f.nkeys; i++)
        free(f.keys[i]);
    free(f.keys);
    for (size_t i = 0; i < f.ntk; i++)
        free(f.tk[i].low);
    free(f.tk);
    free(f.taken);
    free(f.ins);
    free(f.prot);
    if (rc) {
        tt_slots__release(out);
        return tt__error(err, rc, "out of memory finding slots");
    }
    return 0;
}

void
tt_slots__release(tt_slots *s)
{
    if (!s)
        return;
    free(s->v);
    tt_buf_release(&s->arena);
    memset(s, 0, sizeof *s);
}

const char *
tt_slots__variant(const tt_slots *s, size_t i, int v, size_t *out_len)
{
    if (out_len)
        *out_len = s->v[i].vlen[v];
    return s->arena.data + s->v[i].voff[v];
}

int
tt_slots__render(tt_buf *out, const char *text, size_t len, const tt_slots *s,
                 const uint8_t *bits)
{
    size_t at = 0;
    for (size_t i = 0; i < s->n; i++) {
        const tt_slot *sl = &s->v[i];
        if (tt_buf_add(out, text + at, sl->start - at))
            return TT_ENOMEM;
        if (bits && sl->channel != TT_CH_LAYOUT) { /* a layout slot is drawn, not written */
            size_t vl;
            const char *v =
                tt_slots__variant(s, i, (int)tt_slots__pick(s, i, bits[sl->group]), &vl);
            if (tt_buf_add(out, v, vl))
                return TT_ENOMEM;
        } else if (tt_buf_add(out, text + sl->start, sl->end - sl->start)) {
            return TT_ENOMEM;
        }
        at = sl->end;
    }
    return tt_buf_add(out, text + at, len - at);
}

unsigned
tt_slots__pick(const tt_slots *s, size_t i, unsigned v)
{
    unsigned n = s->v[i].nvar;
    if (n <= 2)
        return v ? 1 : 0;
    return v < n ? v : 0;
}

void
tt_slots__arities(const tt_slots *s, uint8_t *out)
{
    for (size_t i = 0; i < s->n; i++)
        out[i] = s->v[i].nvar;
}

static const char *const channel_names[] = {"lexical", "unicode", "canary", "layout"};

const char *
tt_slots__channel_name(unsigned channel)
{
    for (unsigned i = 0; i < 4; i++)
        if (channel == (1u << i))
            return channel_names[i];
    return "unknown";
}

int
tt_slots__parse_channels(const char *list, unsigned *out)
{
    unsigned ch = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        unsigned bit = 0;
        for (unsigned i = 0; i < 4; i++)
            if (strlen(channel_names[i]) == n && memcmp(channel_names[i], p, n) == 0)
                bit = 1u << i;
        if (!bit)
            return -1;
        ch |= bit;
        p += n + (e ? 1 : 0);
    }
    if (!ch)
        return -1;
    *out = ch;
    return 0;
}

const char *
tt_slots__channel_names(unsigned channels)
{
    static const char *const combos[16] = {
        "",
        "lexical",
        "unicode",
        "lexical,unicode",
        "canary",
        "lexical,canary",
        "unicode,canary",
        "lexical,unicode,canary",
        "layout",
        "lexical,layout",
        "unicode,layout",
        "lexical,unicode,layout",
        "canary,layout",
        "lexical,canary,layout",
        "unicode,canary,layout",
        "lexical,unicode,canary,layout",
    };
    return combos[channels & 15];
}
