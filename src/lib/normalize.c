/* SPDX-License-Identifier: Apache-2.0 */
/*
 * normalize.c: the text model's normalizer (text.h, normalize.h): bytes -> folded units with
 * byte spans, and units -> words.
 *
 * The fold, applied to every code point (the same for registered documents and for leaks, so
 * it may lose information but never breaks a match):
 *   1. UTF-8 is decoded strictly (no overlongs, surrogates or values past U+10FFFF); each
 *      malformed byte is read as U+FFFD, which is a separator.
 *   2. Compatibility decomposition, case folding, accents and other marks stripped, default
 *      ignorable characters dropped (utf8proc NFKD + CASEFOLD + STRIPMARK + IGNORE).  Marks,
 *      format characters (soft hyphen, zero-width space/joiners, BOM) are *ignorable*: they
 *      make no unit and do not end a word, so "infor\u00ADmation" == "information".  Hangul
 *      syllables are kept whole (not split into jamo), and conjoining jamo are composed into
 *      syllables (decomposed Korean folds like precomposed Korean; see hangul_join).
 *   3. Confusables to Latin, looked up on the character itself before case folding (so a
 *      capital maps to the letter it looks like, which its small letter may not): Cyrillic
 *      А В Е К М Н О Р С Т У Х Ѕ І Ј Һ Ӏ Ԁ Ԛ Ԝ and а в е к м н о р с т у х ѕ і ј һ ӏ ԁ ԛ ԝ
 *      -> a b e k m h o p c t y x s i j h l d q w; Greek Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ -> a b e z
 *      h i k m n o p t y x and α β ε ζ η ι κ μ ν ο ρ τ υ χ ϲ Ϲ -> a b e z n i k u v o p t u x
 *      c c; Latin ı ɑ ɡ -> i a g.  The table is applied again to what decomposition yields.
 *   4. OCR pairs: digit 0 -> o, digit 1 -> l, '|' -> l when next to a letter or digit, and
 *      "rn" -> "m" inside a word (one unit spanning both letters).  Curly and straight quotes
 *      are both punctuation, hence both separators.
 *   5. What remains is a unit when it is a letter or a number (Unicode L*, N*); everything
 *      else (punctuation, symbols, white space, controls) is a separator.
 * Words are maximal runs of units between separators; each ideograph or kana character is a
 * word of its own (TT_NU_CJK); Hangul words are separated by spaces like Latin ones.
 *
 * Invariants: every step maps folded units to themselves (the fold is idempotent: normalizing
 * the folded unit string again gives it back, checked by tests and fuzz/fuzz_normalize.c);
 * unit spans are in order and lie within the input; the result does not depend on how a
 * stream is cut into chunks.  Workload: ASCII goes through a 128-entry table without any
 * utf8proc call; the Basic Multilingual Plane is folded once into a 512 KiB table on first
 * use; only astral characters call utf8proc per character.
 */
#include <pthread.h>
#include <utf8proc.h>

#include "common.h"
#include "normalize.h"
#include "text.h"
#include "utf8.h"

#define PIPE 0x7f

/* clang-format off */
const uint8_t tt_norm__ascii[128] = {
    ['0'] = 'o', ['1'] = 'l', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
    ['7'] = '7', ['8'] = '8', ['9'] = '9', ['|'] = PIPE,
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
    ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
    ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

static const struct { uint32_t from, to; } confusables[] = {
    {0x0131, 'i'}, {0x0251, 'a'}, {0x0261, 'g'}, {0x0391, 'a'}, {0x0392, 'b'}, {0x0395, 'e'},
    {0x0396, 'z'}, {0x0397, 'h'}, {0x0399, 'i'}, {0x039a, 'k'}, {0x039c, 'm'}, {0x039d, 'n'},
    {0x039f, 'o'}, {0x03a1, 'p'}, {0x03a4, 't'}, {0x03a5, 'y'}, {0x03a7, 'x'}, {0x03b1, 'a'},
    {0x03b2, 'b'}, {0x03b5, 'e'}, {0x03b6, 'z'}, {0x03b7, 'n'}, {0x03b9, 'i'}, {0x03ba, 'k'},
    {0x03bc, 'u'}, {0x03bd, 'v'}, {0x03bf, 'o'}, {0x03c1, 'p'}, {0x03c4, 't'}, {0x03c5, 'u'},
    {0x03c7, 'x'}, {0x03f2, 'c'}, {0x03f9, 'c'}, {0x0405, 's'}, {0x0406, 'i'}, {0x0408, 'j'},
    {0x0410, 'a'}, {0x0412, 'b'}, {0x0415, 'e'}, {0x041a, 'k'}, {0x041c, 'm'}, {0x041d, 'h'},
    {0x041e, 'o'}, {0x0420, 'p'}, {0x0421, 'c'}, {0x0422, 't'}, {0x0423, 'y'}, {0x0425, 'x'},
    {0x0430, 'a'}, {0x0432, 'b'}, {0x0435, 'e'}, {0x043a, 'k'}, {0x043c, 'm'}, {0x043d, 'h'},
    {0x043e, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0442, 't'}, {0x0443, 'y'}, {0x0445, 'x'},
    {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x04ba, 'h'}, {0x04bb, 'h'}, {0x04c0, 'l'},
    {0x04cf, 'l'}, {0x0500, 'd'}, {0x0501, 'd'}, {0x051a, 'q'}, {0x051b, 'q'}, {0x051c, 'w'},
    {0x051d, 'w'},
};
/* clang-format on */

static uint32_t
confusable(uint32_t c)
{
    size_t lo = 0, hi = TT_ARRAY_LEN(confusables);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (confusables[mid].from == c)
            return confusables[mid].to;
        if (confusables[mid].from < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return c;
}

static int
is_cjk(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30ff) ||   /* hiragana, katakana */
           (c >= 0x31f0 && c <= 0x31ff) ||   /* katakana phonetic extensions */
           (c >= 0x3400 && c <= 0x4dbf) ||   /* CJK extension A */
           (c >= 0x4e00 && c <= 0x9fff) ||   /* CJK unified ideographs */
           (c >= 0xf900 && c <= 0xfaff) ||   /* compatibility ideographs */
           (c >= 0x20000 && c <= 0x3134f);   /* extensions B..G */
}

static int
is_hangul_syllable(uint32_t c)
{
    return c >= 0xac00 && c <= 0xd7a3;
}

/* One round of the fold, without the second pass that makes it idempotent. */
static unsigned
fold_once(uint32_t cp, uint32_t out[8], unsigned *cls)
{
    unsigned n = 0;
    if (cp < 0x80) {
        uint8_t f = tt_norm__ascii[cp];
        if (f && f != PIPE)
            out[n++] = f;
        return n;
    }
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
        *cls |= TT_NU_UPPER;
    uint32_t look = confusable(cp);
    if (look != cp) {
        out[n++] = look;
        return n;
    }
    if (cat == UTF8PROC_CATEGORY_ND)
        *cls |= TT_NU_DIGIT;
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
        cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_CF) {
        *cls |= TT_NORM_IGNORABLE;
        return 0;
    }
    if (is_hangul_syllable(cp)) {
        out[n++] = cp;
        return n;
    }
    utf8proc_int32_t buf[32];
    int last = 0;
    utf8proc_ssize_t m = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, buf, 32,
        UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
            UTF8PROC_IGNORE, &last);
    if (m == 0) {
        *cls |= TT_NORM_IGNORABLE;
        return 0;
    }
    if (m < 0 || m > 32)
        return 0;
    for (utf8proc_ssize_t i = 0; i < m && n < 8; i++) {
        uint32_t c = confusable((uint32_t)buf[i]);
        if (c < 0x80) {
            uint8_t f = tt_norm__ascii[c];
            if (f && f != PIPE)
                out[n++] = f;
            continue;
        }
        utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
        if (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO)
            out[n++] = c;
        else if (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO)
            out[n++] = c;
    }
    return n;
}

/* The fold: one round, then a second over its output, so that every unit it yields is a
 * fixed point (checked over the whole BMP by the unit tests). */
unsigned
tt_norm__fold_cp(uint32_t cp, uint32_t out[8], unsigned *out_class)
{
    uint32_t a[8];
    unsigned cls = 0;
    unsigned na = fold_once(cp, a, &cls);
    unsigned n = 0;
    for (unsigned i = 0; i < na && n < 8; i++) {
        uint32_t b[8];
        unsigned ignored = 0;
        unsigned nb = fold_once(a[i], b, &ignored);
        for (unsigned j = 0; j < nb && n < 8; j++)
            out[n++] = b[j];
    }
    if (n == 1 && is_cjk(out[0]))
        cls |= TT_NU_CJK;
    if (n > 0)
        cls &= ~TT_NORM_IGNORABLE;
    *out_class = cls;
    return n;
}

/* The BMP table: per code point, up to two folded units and the class bits.
 * bits 0-20 first unit, 21-41 second, 42-43 count (3 = more: fold again), 44-52 class.
 * Built a page of 256 code points at a time, when a code point of the page is first folded
 * (the whole table costs about 40 M instructions; prose in one script touches a few pages),
 * under a lock, and published with release ordering: a reader sees a page whole or not at
 * all.  A page that cannot be allocated is not cached (the slow fold serves it). */
static uint64_t *bmp_page[256];
static pthread_mutex_t bmp_lock = PTHREAD_MUTEX_INITIALIZER;

static const uint64_t *
bmp_build(uint32_t page)
{
    pthread_mutex_lock(&bmp_lock);
    uint64_t *t = __atomic_load_n(&bmp_page[page], __ATOMIC_ACQUIRE);
    if (!t && (t = malloc(sizeof *t * 256)) != NULL) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t out[8];
            unsigned cls;
            unsigned n = tt_norm__fold_cp(page << 8 | i, out, &cls);
            uint64_t e = (uint64_t)cls << 44;
            if (n > 2)
                e |= 3ull << 42;
            else {
                e |= (uint64_t)n << 42;
                if (n > 0)
                    e |= out[0];
                if (n > 1)
                    e |= (uint64_t)out[1] << 21;
            }
            t[i] = e;
        }
        __atomic_store_n(&bmp_page[page], t, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&bmp_lock);
    return t;
}

static unsigned
fold_fast(uint32_t cp, uint32_t out[8], unsigned *cls)
{
    if (cp < 0x10000) {
        const uint64_t *pg = __atomic_load_n(&bmp_page[cp >> 8], __ATOMIC_ACQUIRE);
        if (!pg)
            pg = bmp_build(cp >> 8);
        if (pg) {
            uint64_t e = pg[cp & 0xff];
            unsigned n = (unsigned)(e >> 42) & 3;
            if (n < 3) {
                *cls = (unsigned)(e >> 44) & 0x1ff;
                out[0] = (uint32_t)e & 0x1fffff;
                out[1] = (uint32_t)(e >> 21) & 0x1fffff;
                return n;
            }
        }
    }
    return tt_norm__fold_cp(cp, out, cls);
}

void
tt_norm__init(tt_norm *st, uint64_t base_offset)
{
    memset(st, 0, sizeof *st);
    st->off = base_offset;
}

/* Unicode's algorithmic Hangul composition (chapter 3.12), applied to folded units: a
 * leading jamo (U+1100..U+1112) followed in the same word by a vowel jamo (U+1161..U+1175)
 * becomes the LV syllable, and an LV syllable followed by a trailing jamo (U+11A8..U+11C2)
 * the LVT syllable, S = 0xAC00 + ((L - 0x1100) * 21 + (V - 0x1161)) * 28 + (T - 0x11A7).
 * So decomposed Korean (NFD, as macOS and some editors write it) gives the units of
 * precomposed Korean.  Working on units, not code points, keeps the fold idempotent: jamo
 * separated only by ignorables join too, so the folded string never holds a joinable pair.
 * Returns 1 when cp was merged into the held-back unit. */
static inline int
hangul_join(tt_norm *st, uint32_t cp, unsigned flags, uint64_t start, unsigned len)
{
    if (!st->has_pend || (flags & TT_NU_WSTART) || start + len - st->pend.start > 0xffff)
        return 0;
    uint32_t p = st->pend.cp, s;
    if (cp >= 0x1161 && cp <= 0x1175 && p >= 0x1100 && p <= 0x1112)
        s = 0xac00 + ((p - 0x1100) * 21 + (cp - 0x1161)) * 28;
    else if (cp >= 0x11a8 && cp <= 0x11c2 && p >= 0xac00 && p <= 0xd7a3 && (p - 0xac00) % 28 == 0)
        s = p + (cp - 0x11a7);
    else
        return 0;
    st->pend.cp = s;
    st->pend.len = (uint16_t)(start + len - st->pend.start);
    return 1;
}

/* Hand one folded unit on, holding it back one step so that "r" + "n" in a word can become
 * "m". */
static inline void
emit(tt_norm *st, tt_nunit *out, size_t *n, uint32_t cp, unsigned flags, uint64_t start,
     unsigned len)
{
    if (st->has_pend) {
        if (cp == 'n' && st->pend.cp == 'r' && !(flags & TT_NU_WSTART) &&
            start + len - st->pend.start <= 0xffff) {
            st->pend.cp = 'm';
            st->pend.len = (uint16_t)(start + len - st->pend.start);
            return;
        }
        out[(*n)++] = st->pend;
    }
    st->pend.cp = cp;
    st->pend.flags = (uint16_t)flags;
    st->pend.len = (uint16_t)len;
    st->pend.start = start;
    st->has_pend = 1;
}

size_t
tt_norm__run(tt_norm *st, const char *src, size_t len, int eof, tt_nunit *out, size_t cap,
             size_t *out_n)
{
    const uint8_t *p = (const uint8_t *)src;
    size_t i = 0, n = 0;
    while (i < len && n + TT_NORM_SLACK <= cap) {
        uint8_t c = p[i];
        if (c < 0x80) {
            uint8_t f = tt_norm__ascii[c];
            if (f == 0) {
                st->in_word = 0;
                i++;
                continue;
            }
            if (f == PIPE) {
                int next_alnum;
                if (i + 1 < len) {
                    uint8_t d = p[i + 1];
                    next_alnum = d < 0x80 && tt_norm__ascii[d] && tt_norm__ascii[d] != PIPE;
                } else if (eof) {
                    next_alnum = 0;
                } else {
                    break; /* need the next byte */
                }
                if (!st->in_word && !next_alnum) {
                    i++;
                    continue;
                }
                f = 'l';
            }
            unsigned flags = st->in_word ? 0 : TT_NU_WSTART;
            if (c <= '9' && c >= '0')
                flags |= TT_NU_DIGIT;
            else if (c >= 'A' && c <= 'Z')
                flags |= TT_NU_UPPER;
            emit(st, out, &n, f, flags, st->off + i, 1);
            st->in_word = 1;
            i++;
            continue;
        }
        /* a character cut by the end of this chunk waits for the next one (utf8.h) */
        uint32_t cp;
        size_t cl = (size_t)(eof ? tt_utf8__decode(p + i, len - i, &cp)
                                 : tt_utf8__decode_part(p + i, len - i, &cp));
        if (cl == 0)
            break;
        if (cl == 1 && cp == TT_UTF8_REPLACEMENT) { /* a malformed byte */
            st->replaced++;
            st->in_word = 0;
            i += cl;
            continue;
        }
        uint32_t u[8];
        unsigned cls;
        unsigned k = fold_fast(cp, u, &cls);
        if (k == 0) {
            if (!(cls & TT_NORM_IGNORABLE))
                st->in_word = 0;
            i += cl;
            continue;
        }
        unsigned flags = cls & (TT_NU_DIGIT | TT_NU_UPPER);
        for (unsigned j = 0; j < k; j++) {
            /* Each ideograph or kana is a word, also when a compatibility character
             * decomposes into several ("\u330D" -> four katakana): the folded string must
             * segment as its source did (idempotence, found by fuzz_normalize). */
            int cjk = (cls & TT_NU_CJK) || (k > 1 && is_cjk(u[j]));
            unsigned f = flags | (cjk ? TT_NU_CJK : 0);
            if (!st->in_word || cjk)
                f |= TT_NU_WSTART;
            if (!hangul_join(st, u[j], f, st->off + i, (unsigned)cl))
                emit(st, out, &n, u[j], f, st->off + i, (unsigned)cl);
            flags &= ~(unsigned)TT_NU_UPPER;
            st->in_word = !cjk;
        }
        i += cl;
    }
    st->off += i;
    if (eof && i == len && st->has_pend && n < cap) {
        out[n++] = st->pend;
        st->has_pend = 0;
    }
    *out_n = n;
    return i;
}
