/* SPDX-License-Identifier: Apache-2.0 */
/*
 * natural.h: the naturalness check of marked copies (docs/parts/natural.md), shared by the
 * bench tool bench_natural.c and the unit test test_natural.c.  Header only; needs
 * libhunspell and the en_US and en_GB dictionaries (scripts/install-deps), which the library
 * itself never links.
 *
 * A copy is compared with its original; each defect kind is counted:
 *   - spelling: a word of a changed slot that neither en_US nor en_GB accepts, where every
 *     word of the original at that place is accepted by one of them;
 *   - dialect: the copy has American and British spellings (nat_word_dialect; counted as the
 *     smaller of the two numbers), beyond the mix the original already had;
 *   - quotes: straight and typographic double quotes, or straight and typographic
 *     apostrophes, in one copy, when the original had one style;
 *   - abbreviations: "Mr." and "Mr" (Mrs, Ms, Dr), "a.m." and "am" after a digit, "e.g.," and
 *     "e.g." / "i.e.," and "i.e." in one copy, when the original had one form;
 *   - quotation: a changed slot inside quotation marks of the original (found here
 *     independently of the slot finder: between “ and ”, or a pair of " in one paragraph).
 * Workload: one pass over the copy plus a dictionary look-up per word (hunspell: some
 * microseconds a word).
 */
#ifndef TT_BENCH_NATURAL_H
#define TT_BENCH_NATURAL_H

#include <ctype.h>
#include <hunspell.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "slots.h"

typedef struct nat_counts {
    size_t words; /* white-space words of the copies checked */
    size_t spelling, dialect, quotes, abbrev, quotation;
} nat_counts;

/* One cached word: what the dictionaries said of it (acc; -1 not asked yet) and its dialect
 * class (cls: 0 none, 1 American, 2 British; -1 not asked yet). */
typedef struct nat_word {
    char *w; /* NUL-terminated, as given to hunspell; NULL: an empty cell */
    signed char acc, cls;
} nat_word;

typedef struct nat_dicts {
    Hunhandle *us, *gb;
    nat_word *cache; /* open addressing, linear probing; a power of two cells */
    size_t ncache, capcache;
} nat_dicts;

static inline int
nat_open(nat_dicts *d)
{
    d->us = Hunspell_create("/usr/share/hunspell/en_US.aff", "/usr/share/hunspell/en_US.dic");
    d->gb = Hunspell_create("/usr/share/hunspell/en_GB.aff", "/usr/share/hunspell/en_GB.dic");
    if (!d->us || !d->gb)
        return -1;
    /* a missing dictionary file gives a handle that rejects everything */
    if (!Hunspell_spell(d->us, "the") || !Hunspell_spell(d->gb, "the"))
        return -1;
    return 0;
}

static inline void
nat_close(nat_dicts *d)
{
    for (size_t i = 0; i < d->capcache; i++)
        free(d->cache[i].w);
    free(d->cache);
    if (d->us)
        Hunspell_destroy(d->us);
    if (d->gb)
        Hunspell_destroy(d->gb);
}

/* The cache cell of the NUL-terminated word w (found, or the empty cell where it goes), or
 * NULL when the cache cannot grow.  The dictionaries answer each distinct word once: a
 * naturalness run looks up every word of every copy and of its original, and hunspell takes
 * some microseconds a word. */
static inline nat_word *
nat_cell(nat_dicts *d, const char *w)
{
    if (2 * (d->ncache + 1) > d->capcache) {
        size_t cap = d->capcache ? 2 * d->capcache : 4096;
        nat_word *nc = calloc(cap, sizeof *nc);
        if (!nc)
            return NULL;
        for (size_t i = 0; i < d->capcache; i++) {
            if (!d->cache[i].w)
                continue;
            uint64_t h = 1469598103934665603u;
            for (const char *c = d->cache[i].w; *c; c++)
                h = (h ^ (unsigned char)*c) * 1099511628211u;
            size_t j = (size_t)h & (cap - 1);
            while (nc[j].w)
                j = (j + 1) & (cap - 1);
            nc[j] = d->cache[i];
        }
        free(d->cache);
        d->cache = nc;
        d->capcache = cap;
    }
    uint64_t h = 1469598103934665603u;
    for (const char *c = w; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    size_t j = (size_t)h & (d->capcache - 1);
    while (d->cache[j].w && strcmp(d->cache[j].w, w) != 0)
        j = (j + 1) & (d->capcache - 1);
    if (!d->cache[j].w) {
        d->cache[j].w = strdup(w);
        if (!d->cache[j].w)
            return NULL;
        d->cache[j].acc = d->cache[j].cls = -1;
        d->ncache++;
    }
    return &d->cache[j];
}

/* The word w[0..n) as hunspell is given it, in buf (64 bytes): typographic apostrophes made
 * straight.  0 for a word hunspell cannot judge (non-ASCII, digits, one letter, too long). */
static inline int
nat_word_buf(const char *w, size_t n, char buf[64])
{
    size_t bl = 0;
    if (n < 2 || n >= 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (i + 3 <= n && memcmp(w + i, "\xE2\x80\x99", 3) == 0) {
            buf[bl++] = '\''; /* a typographic apostrophe: the dictionaries know ' */
            i += 2;
            continue;
        }
        if (!(isalpha(c) || c == '\''))
            return 0;
        buf[bl++] = (char)c;
    }
    buf[bl] = 0;
    return 1;
}

static inline int
nat_accept_buf(nat_dicts *d, const char *buf, nat_word *cell)
{
    if (cell && cell->acc >= 0)
        return cell->acc;
    int a = (Hunspell_spell(d->us, buf) ? 1 : 0) | (Hunspell_spell(d->gb, buf) ? 2 : 0);
    if (cell)
        cell->acc = (signed char)a;
    return a;
}

/* Which dictionaries accept the ASCII word w[0..n): bit 0 en_US, bit 1 en_GB; 3 for words
 * hunspell cannot judge (non-ASCII, digits, one letter). */
static inline int
nat_accept(nat_dicts *d, const char *w, size_t n)
{
    char buf[64];
    if (!nat_word_buf(w, n, buf))
        return 3;
    return nat_accept_buf(d, buf, nat_cell(d, buf));
}

/* Runs body with w, wn for each word of t[0..len): letters, and apostrophes (straight or
 * typographic) between letters; hyphens split. */
#define NAT_WORDS(t, len, body)                                                                    \
    do {                                                                                           \
        size_t nat_i_ = 0;                                                                         \
        while (nat_i_ < (len)) {                                                                   \
            while (nat_i_ < (len) && !isalpha((unsigned char)(t)[nat_i_]))                         \
                nat_i_++;                                                                          \
            size_t nat_s_ = nat_i_;                                                                \
            for (;;) {                                                                             \
                if (nat_i_ < (len) && isalpha((unsigned char)(t)[nat_i_]))                         \
                    nat_i_++;                                                                      \
                else if (nat_i_ + 1 < (len) && (t)[nat_i_] == '\'' &&                              \
                         isalpha((unsigned char)(t)[nat_i_ + 1]))                                  \
                    nat_i_++;                                                                      \
                else if (nat_i_ + 3 < (len) && memcmp((t) + nat_i_, "\xE2\x80\x99", 3) == 0 &&     \
                         nat_i_ > nat_s_ && isalpha((unsigned char)(t)[nat_i_ + 3]))               \
                    nat_i_ += 3;                                                                   \
                else                                                                               \
                    break;                                                                         \
            }                                                                                      \
            if (nat_i_ > nat_s_) {                                                                 \
                const char *w = (t) + nat_s_;                                                      \
                size_t wn = nat_i_ - nat_s_;                                                       \
                body;                                                                              \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* The dialect of a word: 1 American, 2 British, 0 neither.  A word is marked when one
 * dictionary accepts it, the other does not, and the other suggests for it a word the first
 * rejects ("favor": en_GB suggests "favour", which en_US rejects).  Words one dictionary
 * merely lacks ("licensors", "GPL", "https" are only in en_GB) are no dialect. */
static inline int
nat_word_dialect(nat_dicts *d, const char *w, size_t n)
{
    char buf[64];
    if (!nat_word_buf(w, n, buf) || !islower((unsigned char)w[0]))
        return 0;
    nat_word *cell = nat_cell(d, buf);
    if (cell && cell->cls >= 0)
        return cell->cls;
    int a = nat_accept_buf(d, buf, cell), cls = 0;
    if (a == 1 || a == 2) {
        Hunhandle *other = a == 1 ? d->gb : d->us, *self = a == 1 ? d->us : d->gb;
        char **sugg = NULL;
        int ns = Hunspell_suggest(other, &sugg, buf);
        for (int k = 0; k < ns; k++)
            if (islower((unsigned char)sugg[k][0]) && !strchr(sugg[k], ' ') &&
                !Hunspell_spell(self, sugg[k]))
                cls = a;
        Hunspell_free_list(other, &sugg, ns);
    }
    if (cell)
        cell->cls = (signed char)cls;
    return cls;
}

/* Dialect-marked words of t: American (*us) and British (*gb). */
static inline void
nat_dialect(nat_dicts *d, const char *t, size_t len, size_t *us, size_t *gb)
{
    *us = *gb = 0;
    NAT_WORDS(t, len, {
        int a = nat_word_dialect(d, w, wn);
        if (a == 1)
            (*us)++;
        else if (a == 2)
            (*gb)++;
    });
}

static inline int
nat_has(const char *t, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(t + i, needle, n) == 0)
            return 1;
    return 0;
}

/* Bit set of the styles t uses: 1 straight ", 2 curly double, 4 straight apostrophe in a
 * word, 8 curly apostrophe in a word. */
static inline unsigned
nat_quote_styles(const char *t, size_t len)
{
    unsigned m = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '"')
            m |= 1;
        if (i + 3 <= len && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
            ((unsigned char)t[i + 2] == 0x9C || (unsigned char)t[i + 2] == 0x9D))
            m |= 2;
        if (t[i] == '\'' && i > 0 && i + 1 < len && isalpha((unsigned char)t[i - 1]) &&
            isalpha((unsigned char)t[i + 1]))
            m |= 4;
        if (i + 3 <= len && memcmp(t + i, "\xE2\x80\x99", 3) == 0 && i > 0 && i + 3 < len &&
            isalpha((unsigned char)t[i - 1]) && isalpha((unsigned char)t[i + 3]))
            m |= 8;
    }
    return m;
}

/* Bit set of mixed abbreviation forms in t: 1 titles, 2 a.m./am, 4 e.g., 8 i.e. */
static inline unsigned
nat_abbrev_mixed(const char *t, size_t len)
{
    static const char *const titles[] = {"Mr", "Mrs", "Ms", "Dr"};
    unsigned m = 0;
    int dot = 0, nodot = 0, ampm_dot = 0, ampm = 0;
    for (size_t k = 0; k < 4; k++) {
        size_t n = strlen(titles[k]);
        for (size_t i = 0; i + n + 2 <= len; i++) {
            if (memcmp(t + i, titles[k], n) != 0 || (i > 0 && isalnum((unsigned char)t[i - 1])))
                continue;
            if (t[i + n] == '.' && t[i + n + 1] == ' ' && isupper((unsigned char)t[i + n + 2]))
                dot = 1;
            if (t[i + n] == ' ' && isupper((unsigned char)t[i + n + 1]))
                nodot = 1;
        }
    }
    for (size_t i = 1; i + 2 <= len; i++) {
        if (!isdigit((unsigned char)t[i - 1]) && !(t[i - 1] == ' ' && i >= 2 && isdigit((unsigned char)t[i - 2])))
            continue;
        if ((t[i] == 'a' || t[i] == 'p') && i + 4 <= len && memcmp(t + i + 1, ".m.", 3) == 0)
            ampm_dot = 1;
        else if ((t[i] == 'a' || t[i] == 'p') && t[i + 1] == 'm' &&
                 (i + 2 == len || !isalnum((unsigned char)t[i + 2])))
            ampm = 1;
    }
    if (dot && nodot)
        m |= 1;
    if (ampm_dot && ampm)
        m |= 2;
    if (nat_has(t, len, "e.g.,") && nat_has(t, len, "e.g. "))
        m |= 4;
    if (nat_has(t, len, "i.e.,") && nat_has(t, len, "i.e. "))
        m |= 8;
    return m;
}

/* A paragraph break at byte i: a newline followed by a blank line or by a line that is
 * only " ." (Debian's copyright format). */
static inline int
nat_para(const char *t, size_t len, size_t i)
{
    if (t[i] != '\n')
        return 0;
    size_t j = i + 1;
    while (j < len && (t[j] == ' ' || t[j] == '\t'))
        j++;
    if (j < len && t[j] == '.')
        j++;
    return j >= len || t[j] == '\n';
}

/* Per byte of the original: inside quotation marks (1) or not.  Typographic marks pair by
 * their shape; a straight " opens after a non-letter and before a non-space, and closes
 * after a non-space and before a non-letter; a paragraph break ends every quotation. */
static inline unsigned char *
nat_quoted(const char *t, size_t len)
{
    unsigned char *q = calloc(len + 1, 1);
    if (!q)
        return NULL;
    int in = 0; /* 0 outside, 1 inside straight, 2 inside typographic */
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        if (nat_para(t, len, i)) {
            in = 0;
            continue;
        }
        int curly_open = i + 3 <= len && memcmp(t + i, "\xE2\x80\x9C", 3) == 0;
        int curly_close = i + 3 <= len && memcmp(t + i, "\xE2\x80\x9D", 3) == 0;
        int straight = t[i] == '"';
        if (in == 0) {
            if (curly_open) {
                in = 2;
                from = i + 3;
            } else if (straight && (i == 0 || !isalnum((unsigned char)t[i - 1])) && i + 1 < len &&
                       !isspace((unsigned char)t[i + 1])) {
                in = 1;
                from = i + 1;
            }
        } else if ((in == 2 && curly_close) ||
                   (in == 1 && straight && i > 0 && !isspace((unsigned char)t[i - 1]) &&
                    (i + 1 >= len || !isalnum((unsigned char)t[i + 1])))) {
            memset(q + from, 1, i - from);
            in = 0;
        }
    }
    return q;
}

/* Check one copy: the original t, its slots s and the bits the copy was rendered with (the
 * renderer's group rule applies: a slot shows bits[group]).  Adds to c. */
static inline int
nat_check(nat_dicts *d, const char *t, size_t len, const tt_slots *s, const uint8_t *bits,
          nat_counts *c)
{
    tt_buf copy;
    tt_buf_init(&copy);
    if (tt_slots__render(&copy, t, len, s, bits)) {
        tt_buf_release(&copy);
        return -1;
    }
    unsigned char *quoted = nat_quoted(t, len);
    if (!quoted) {
        tt_buf_release(&copy);
        return -1;
    }
    const char *k = copy.data;
    size_t kl = copy.len;
    int in = 0;
    for (size_t i = 0; i < kl; i++) {
        int sp = isspace((unsigned char)k[i]);
        if (!sp && !in)
            c->words++;
        in = !sp;
    }
    /* changed slots: spelling and quotation */
    for (size_t i = 0; i < s->n; i++) {
        const tt_slot *sl = &s->v[i];
        if (sl->channel != TT_CH_LEXICAL)
            continue;
        size_t vl;
        const char *v =
            tt_slots__variant(s, i, (int)tt_slots__pick(s, i, bits[sl->group]), &vl);
        if (vl == sl->end - sl->start && memcmp(v, t + sl->start, vl) == 0)
            continue;
        int inq = 0;
        if (sl->end > sl->start) {
            for (size_t b = sl->start; b < sl->end; b++)
                inq |= quoted[b];
        } else {
            inq = sl->start > 0 && sl->start < len && quoted[sl->start - 1] && quoted[sl->start];
        }
        if (inq) {
            c->quotation++;
            if (getenv("NAT_SHOW"))
                fprintf(stderr, "quotation: %.*s\n", (int)(sl->end - sl->start + 20),
                        t + (sl->start > 20 ? sl->start - 20 : 0));
        }
        /* the words around the slot, in the original and as rendered */
        size_t os = sl->start, oe = sl->end;
        while (os > 0 && isalpha((unsigned char)t[os - 1]))
            os--;
        while (oe < len && isalpha((unsigned char)t[oe]))
            oe++;
        char rw[512];
        size_t rl = 0;
        if ((sl->start - os) + vl + (oe - sl->end) >= sizeof rw)
            continue;
        memcpy(rw, t + os, sl->start - os);
        rl = sl->start - os;
        memcpy(rw + rl, v, vl);
        rl += vl;
        memcpy(rw + rl, t + sl->end, oe - sl->end);
        rl += oe - sl->end;
        if (getenv("NAT_SHOW")) {
            size_t od = 0, cd = 0;
            NAT_WORDS(t + os, oe - os, { od += nat_word_dialect(d, w, wn) != 0; });
            NAT_WORDS(rw, rl, { cd += nat_word_dialect(d, w, wn) != 0; });
            if (cd > od)
                fprintf(stderr, "dialect word: %.*s -> %.*s\n", (int)(oe - os), t + os, (int)rl, rw);
        }
        int orig_ok = 1;
        NAT_WORDS(t + os, oe - os, {
            if (!nat_accept(d, w, wn))
                orig_ok = 0;
        });
        if (!orig_ok)
            continue;
        NAT_WORDS(rw, rl, {
            if (!nat_accept(d, w, wn)) {
                c->spelling++;
                if (getenv("NAT_SHOW"))
                    fprintf(stderr, "spelling: %.*s\n", (int)wn, w);
            }
        });
    }
    /* document-wide: dialect, quote styles, abbreviations */
    size_t ous, ogb, cus, cgb;
    nat_dialect(d, t, len, &ous, &ogb);
    nat_dialect(d, k, kl, &cus, &cgb);
    size_t om = ous < ogb ? ous : ogb, cm = cus < cgb ? cus : cgb;
    if (cm > om) {
        c->dialect += cm - om;
        if (getenv("NAT_SHOW"))
            fprintf(stderr, "dialect: copy has %zu US-only and %zu GB-only words (original %zu, %zu)\n",
                    cus, cgb, ous, ogb);
    }
    unsigned oq = nat_quote_styles(t, len), cq = nat_quote_styles(k, kl);
    if ((cq & 3) == 3 && (oq & 3) != 3)
        c->quotes++;
    if ((cq & 12) == 12 && (oq & 12) != 12)
        c->quotes++;
    unsigned oa = nat_abbrev_mixed(t, len), ca = nat_abbrev_mixed(k, kl);
    for (unsigned b = 1; b <= 8; b <<= 1)
        if ((ca & b) && !(oa & b)) {
            c->abbrev++;
            if (getenv("NAT_SHOW"))
                fprintf(stderr, "abbreviation: mixed forms (kind %u)\n", b);
        }
    free(quoted);
    tt_buf_release(&copy);
    return 0;
}

/* Defects per 10,000 words of copy. */
/* The regular file at path, whole and NUL-terminated (malloc'd, length into *out_len), or
 * NULL when it cannot be read or is larger than max bytes: the corpora's documents. */
static inline char *
nat_slurp(const char *path, size_t max, size_t *out_len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    if (fstat(fileno(fp), &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
        fclose(fp);
        return NULL;
    }
    char *b = malloc((size_t)st.st_size + 1);
    size_t n = b ? fread(b, 1, (size_t)st.st_size, fp) : 0;
    fclose(fp);
    if (!b)
        return NULL;
    b[n] = 0;
    *out_len = n;
    return b;
}

static inline double
nat_rate(size_t n, size_t words)
{
    return words ? 1e4 * (double)n / (double)words : 0;
}

#endif
