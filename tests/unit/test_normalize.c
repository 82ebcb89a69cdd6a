/* SPDX-License-Identifier: Apache-2.0 */
/* test_normalize.c: the text model: folding, spans, words, idempotence, chunking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "normalize.h"
#include "utf8.h"
#include "text.h"

static size_t
put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xc0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xe0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* The folded unit string: each word's units, words separated by one space. */
static char *
folded(const tt_text *t, size_t *out_len)
{
    char *s = malloc(t->nunits * 4 + t->nwords + 1);
    size_t n = 0;
    for (size_t w = 0; w < t->nwords; w++) {
        if (w)
            s[n++] = ' ';
        for (uint32_t u = t->words[w].ustart; u < t->words[w].uend; u++)
            n += put_utf8(s + n, t->units[u].cp);
    }
    s[n] = '\0';
    *out_len = n;
    return s;
}

static char *
fold_str(const char *in)
{
    tt_text t;
    assert_int_equal(tt_text__build(&t, in, strlen(in), NULL), 0);
    size_t n;
    char *s = folded(&t, &n);
    tt_text__release(&t);
    return s;
}

#define ASSERT_FOLDS(in, want)                                                                     \
    do {                                                                                           \
        char *s_ = fold_str(in);                                                                   \
        assert_string_equal(s_, want);                                                             \
        free(s_);                                                                                  \
    } while (0)

static void
ascii_words_and_spans(void **state)
{
    (void)state;
    const char *in = "Hello, World! 42";
    tt_text t;
    assert_int_equal(tt_text__build(&t, in, strlen(in), NULL), 0);
    assert_int_equal(t.nwords, 3);
    assert_int_equal(t.nunits, 12);
    assert_int_equal(t.words[0].start, 0);
    assert_int_equal(t.words[0].end, 5);
    assert_int_equal(t.words[1].start, 7);
    assert_int_equal(t.words[1].end, 12);
    assert_int_equal(t.words[2].start, 14);
    assert_int_equal(t.words[2].end, 16);
    assert_true(t.words[0].flags & TT_WORD_UPPER);
    assert_false(t.words[0].flags & TT_WORD_DIGIT);
    assert_true(t.words[2].flags & TT_WORD_DIGIT);
    assert_int_equal(t.words[1].ustart, 5);
    assert_int_equal(t.words[1].uend, 10);
    assert_int_equal(t.units[5].cp, 'w');
    assert_int_equal(t.units[5].start, 7);
    assert_int_equal(t.units[5].end, 8);
    tt_text__release(&t);
    tt_text__release(&t); /* twice is harmless */
}

static void
folds_case_ocr_and_confusables(void **state)
{
    (void)state;
    ASSERT_FOLDS("MODERN modem", "modem modem");
    ASSERT_FOLDS("C0ntr0l 1ike |ike", "control like like");
    ASSERT_FOLDS("a | b", "a b");
    ASSERT_FOLDS("P\xd0\xb0yP\xd0\xb0l", "paypal");           /* Cyrillic а */
    ASSERT_FOLDS("\xce\x9f\xce\xa1\xce\x95\xce\x9d", "open"); /* Greek ΟΡΕΝ */
    ASSERT_FOLDS("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3", "abc"); /* fullwidth ＡＢＣ */
    ASSERT_FOLDS("r\xc3\xa9sum\xc3\xa9 na\xc3\xafve", "resume naive");
    ASSERT_FOLDS("infor\xc2\xadmation", "information"); /* soft hyphen */
    ASSERT_FOLDS("zero\xe2\x80\x8bwidth", "zerowidth");   /* zero-width space */
    ASSERT_FOLDS("\xe2\x80\x9cquoted\xe2\x80\x9d \"quoted\" don\xe2\x80\x99t don't",
                 "quoted quoted don t don t");
    ASSERT_FOLDS("Stra\xc3\x9f" "e", "strasse");
    ASSERT_FOLDS("\xef\xac\x81nal", "final"); /* ﬁ ligature */
}

static void
scripts(void **state)
{
    (void)state;
    /* Cyrillic: folds to Latin lookalikes where there are some, keeps the rest */
    char *s = fold_str("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80!");
    assert_string_equal(s, "\xd0\xbfp\xd0\xb8" "bet m\xd0\xb8p");
    free(s);
    /* Hangul: syllables kept whole, words split at spaces */
    const char *ko = "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94 "
                     "\xec\x84\xb8\xea\xb3\x84";
    tt_text t;
    assert_int_equal(tt_text__build(&t, ko, strlen(ko), NULL), 0);
    assert_int_equal(t.nwords, 2);
    assert_int_equal(t.nunits, 7);
    assert_int_equal(t.units[0].cp, 0xc548);
    assert_int_equal(t.words[1].start, 16);
    tt_text__release(&t);
    /* CJK: every ideograph and kana is a word */
    const char *ja = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86"; /* 日本語のテ */
    assert_int_equal(tt_text__build(&t, ja, strlen(ja), NULL), 0);
    assert_int_equal(t.nwords, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_true(t.words[i].flags & TT_WORD_CJK);
        assert_int_equal(t.words[i].start, 3 * i);
        assert_int_equal(t.words[i].end, 3 * i + 3);
    }
    tt_text__release(&t);
    /* CJK mixed with Latin: the Latin run stays one word */
    assert_int_equal(tt_text__build(&t, "abc\xe6\x97\xa5" "def", 9, NULL), 0);
    assert_int_equal(t.nwords, 3);
    tt_text__release(&t);
}

static void
rn_span_covers_both_letters(void **state)
{
    (void)state;
    tt_text t;
    assert_int_equal(tt_text__build(&t, "Turn", 4, NULL), 0);
    assert_int_equal(t.nunits, 3);
    assert_int_equal(t.units[2].cp, 'm');
    assert_int_equal(t.units[2].start, 2);
    assert_int_equal(t.units[2].end, 4);
    assert_int_equal(t.words[0].end, 4);
    tt_text__release(&t);
    ASSERT_FOLDS("r n rrn", "r n rm");
}

static void
malformed_utf8_never_stops(void **state)
{
    (void)state;
    const char in[] = "\xff\xfe" "ab\xc3(\xed\xa0\x80z\xe2\x82";
    tt_text t;
    assert_int_equal(tt_text__build(&t, in, sizeof in - 1, NULL), 0);
    assert_int_equal(t.nunits, 3);
    assert_int_equal(t.nwords, 2);
    assert_int_equal(t.units[0].start, 2);
    assert_int_equal(t.units[2].cp, 'z');
    assert_int_equal(t.units[2].start, 9);
    tt_text__release(&t);
    assert_int_equal(tt_text__build(&t, "", 0, NULL), 0);
    assert_int_equal(t.nunits, 0);
    assert_int_equal(t.nwords, 0);
    tt_text__release(&t);
}

static void
words_hash_by_folded_content(void **state)
{
    (void)state;
    tt_text t;
    const char *in = "Modern MODEM modem moder";
    assert_int_equal(tt_text__build(&t, in, strlen(in), NULL), 0);
    assert_int_equal(t.nwords, 4);
    assert_true(t.words[0].hash == t.words[1].hash);
    assert_true(t.words[1].hash == t.words[2].hash);
    assert_true(t.words[2].hash != t.words[3].hash);
    tt_text__release(&t);
}

/* Every unit the fold yields for a BMP code point folds to itself. */
static void
fold_is_idempotent_over_bmp(void **state)
{
    (void)state;
    size_t bad = 0;
    for (uint32_t cp = 0; cp < 0x30000; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;
        uint32_t u[8], v[8];
        unsigned cls, cls2;
        unsigned n = tt_norm__fold_cp(cp, u, &cls);
        for (unsigned i = 0; i < n; i++) {
            unsigned m = tt_norm__fold_cp(u[i], v, &cls2);
            if (m != 1 || v[0] != u[i]) {
                if (bad++ < 5)
                    print_message("U+%04X -> U+%04X is not a fixed point\n", cp, u[i]);
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* The streaming normalizer folds through a table of the BMP built a page at a time, on first
 * use: every BMP code point, alone and pages visited in a scattered order, gives the units
 * tt_norm__fold_cp gives ('|', whose fold depends on its neighbours, aside; where the fold
 * gives several units the stream may compose them, so only that it gives some is checked). */
static void
bmp_pages_fold_as_fold_cp(void **state)
{
    (void)state;
    size_t bad = 0, seen = 0;
    for (uint32_t k = 0; k < 256; k++) {
        uint32_t page = (k * 167u) & 0xffu; /* 167 is odd: every page once, out of order */
        for (uint32_t lo = 0; lo < 256; lo++) {
            uint32_t cp = page << 8 | lo;
            if ((cp >= 0xd800 && cp <= 0xdfff) || cp == '|' || cp == 0)
                continue;
            char b[4];
            int bl = tt_utf8__encode(b, cp);
            assert_true(bl > 0);
            tt_norm st;
            tt_norm__init(&st, 0);
            tt_nunit out[64];
            size_t got;
            assert_int_equal(tt_norm__run(&st, b, (size_t)bl, 1, out, TT_ARRAY_LEN(out), &got),
                             (size_t)bl);
            uint32_t u[8];
            unsigned cls;
            unsigned n = tt_norm__fold_cp(cp, u, &cls);
            /* several units may be composed (conjoining jamo): compared as single units */
            int same = n > 1 ? got >= 1 : got == n && (n == 0 || out[0].cp == u[0]);
            if (!same && bad++ < 5)
                print_message("U+%04X: %zu units, fold_cp %u\n", cp, got, n);
            seen++;
        }
    }
    assert_true(seen > 60000);
    assert_int_equal(bad, 0);
}

static void
check_idempotent(const char *in, size_t len)
{
    tt_text t, t2;
    assert_int_equal(tt_text__build(&t, in, len, NULL), 0);
    size_t n;
    char *s = folded(&t, &n);
    assert_int_equal(tt_text__build(&t2, s, n, NULL), 0);
    size_t n2;
    char *s2 = folded(&t2, &n2);
    assert_int_equal(t.nunits, t2.nunits);
    assert_int_equal(t.nwords, t2.nwords);
    assert_int_equal(n, n2);
    assert_memory_equal(s, s2, n);
    for (size_t w = 0; w < t.nwords; w++)
        assert_true(t.words[w].hash == t2.words[w].hash);
    free(s);
    free(s2);
    tt_text__release(&t);
    tt_text__release(&t2);
}

/* Feed in chunks of pseudo-random sizes and compare with the whole. */
static void
check_chunking(const char *in, size_t len, unsigned seed)
{
    tt_text t;
    assert_int_equal(tt_text__build(&t, in, len, NULL), 0);
    tt_norm st;
    tt_norm__init(&st, 0);
    tt_nunit buf[64];
    size_t pos = 0, fed = 0, k = 0;
    srand(seed);
    for (;;) {
        size_t want = fed + (size_t)(rand() % 9);
        if (want > len)
            want = len;
        fed = want;
        int eof = fed == len;
        size_t got;
        size_t used = tt_norm__run(&st, in + pos, fed - pos, eof, buf, TT_ARRAY_LEN(buf), &got);
        pos += used;
        for (size_t i = 0; i < got; i++, k++) {
            assert_true(k < t.nunits);
            assert_int_equal(buf[i].cp, t.units[k].cp);
            assert_int_equal(buf[i].start, t.units[k].start);
            assert_int_equal(buf[i].start + buf[i].len, t.units[k].end);
        }
        if (eof && pos == len && !st.has_pend)
            break;
    }
    assert_int_equal(k, t.nunits);
    tt_text__release(&t);
}

static const char *samples[] = {
    "Hello, World! The quick brown fox jumps over the lazy dog; modern |ike 10 rnrn r|n",
    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80 \xce\x91\xce\xb8\xce"
    "\xae\xce\xbd\xce\xb1 \xec\x95\x88\xeb\x85\x95 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xf0\xa0\x80"
    "\x80 \xef\xac\x81 Stra\xc3\x9f" "e \xe2\x91\xb4 \xe3\x8e\x89 \xef\xb7\xba x",
    "\xff\xfe\xc3(\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82 abc\x00" "def",
};

static void
idempotent_and_chunkable_on_samples(void **state)
{
    (void)state;
    for (size_t i = 0; i < TT_ARRAY_LEN(samples); i++) {
        size_t len = i == 2 ? 21 : strlen(samples[i]); /* samples[2] holds a NUL */
        check_idempotent(samples[i], len);
        for (unsigned s = 1; s < 20; s++)
            check_chunking(samples[i], len, s);
    }
}

static void
idempotent_and_chunkable_on_random_bytes(void **state)
{
    (void)state;
    srand(7);
    char buf[512];
    static const char alpha[] = "rn|l10 aZ\xc3\xa9\xd0\xb0\xe6\x97\xa5\xc2\xad\xff.";
    for (int r = 0; r < 300; r++) {
        size_t len = (size_t)(rand() % (int)sizeof buf);
        for (size_t i = 0; i < len; i++)
            buf[i] = r % 2 ? (char)(rand() & 0xff) : alpha[rand() % (int)(sizeof alpha - 1)];
        check_idempotent(buf, len);
        check_chunking(buf, len, (unsigned)r);
    }
}

/* Decomposed Korean (conjoining jamo, NFD) folds to the units of precomposed Korean (NFC):
 * same code points, same words and word hashes, each unit spanning its whole jamo sequence. */
static size_t
hangul_nfd(const char *in, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        const uint8_t *p = (const uint8_t *)in + i;
        uint32_t c = 0;
        if (i + 2 < len && (p[0] & 0xf0) == 0xe0)
            c = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
        if (c >= 0xac00 && c <= 0xd7a3) {
            uint32_t s = c - 0xac00;
            o += put_utf8(out + o, 0x1100 + s / (21 * 28));
            o += put_utf8(out + o, 0x1161 + (s % (21 * 28)) / 28);
            if (s % 28)
                o += put_utf8(out + o, 0x11a7 + s % 28);
            i += 3;
        } else {
            out[o++] = in[i++];
        }
    }
    return o;
}

static void
check_nfd_like_nfc(const char *nfc, size_t len)
{
    char *nfd = malloc(len * 3 + 1);
    size_t dlen = hangul_nfd(nfc, len, nfd);
    tt_text a, b;
    assert_int_equal(tt_text__build(&a, nfc, len, NULL), 0);
    assert_int_equal(tt_text__build(&b, nfd, dlen, NULL), 0);
    assert_int_equal(a.nunits, b.nunits);
    assert_int_equal(a.nwords, b.nwords);
    for (size_t u = 0; u < a.nunits; u++)
        assert_int_equal(a.units[u].cp, b.units[u].cp);
    for (size_t w = 0; w < a.nwords; w++)
        assert_true(a.words[w].hash == b.words[w].hash);
    if (dlen > len)
        assert_true(b.units[b.nunits - 1].end > a.units[a.nunits - 1].end);
    check_idempotent(nfd, dlen);
    for (unsigned s = 1; s < 5; s++)
        check_chunking(nfd, dlen, s);
    tt_text__release(&a);
    tt_text__release(&b);
    free(nfd);
}

static void
hangul_jamo_compose(void **state)
{
    (void)state;
    /* 한 = U+1112 U+1161 U+11AB, 국 = U+1100 U+116E U+11A8: "한국" */
    ASSERT_FOLDS("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8",
                 "\xed\x95\x9c\xea\xb5\xad");
    /* LV then LVT, and the jamo of 가 with a trailing jamo after a zero-width space */
    ASSERT_FOLDS("\xe1\x84\x80\xe1\x85\xa1\xe2\x80\x8b\xe1\x86\xa8", "\xea\xb0\x81"); /* 각 */
    /* a lone leading or vowel jamo stays as it is; a space ends the syllable */
    ASSERT_FOLDS("\xe1\x84\x80 \xe1\x85\xa1", "\xe1\x84\x80 \xe1\x85\xa1");
    const char *ko = "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94 "
                     "\xec\x84\xb8\xea\xb3\x84";
    check_nfd_like_nfc(ko, strlen(ko));
    char *t;
    size_t n;
    assert_int_equal(tt__read_file(NULL, "tests/data/ko.txt", &t, &n), 0);
    check_nfd_like_nfc(t, n);
    free(t);
}

static void
idempotent_and_chunkable_on_real_prose(void **state)
{
    (void)state;
    const char *dir = "/usr/share/common-licenses";
    DIR *d = opendir(dir);
    if (!d) {
        print_message("# skip: cannot open /usr/share/common-licenses\n");
        skip();
    }
    struct dirent *e;
    int done = 0;
    while ((e = readdir(d)) != NULL && done < 6) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *data;
        size_t len;
        if (tt__read_file(NULL, path, &data, &len) != 0)
            continue;
        check_idempotent(data, len);
        check_chunking(data, len, (unsigned)done);
        free(data);
        done++;
    }
    closedir(d);
    assert_true(done > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ascii_words_and_spans),
        cmocka_unit_test(folds_case_ocr_and_confusables),
        cmocka_unit_test(scripts),
        cmocka_unit_test(rn_span_covers_both_letters),
        cmocka_unit_test(malformed_utf8_never_stops),
        cmocka_unit_test(words_hash_by_folded_content),
        cmocka_unit_test(fold_is_idempotent_over_bmp),
        cmocka_unit_test(bmp_pages_fold_as_fold_cp),
        cmocka_unit_test(idempotent_and_chunkable_on_samples),
        cmocka_unit_test(idempotent_and_chunkable_on_random_bytes),
        cmocka_unit_test(idempotent_and_chunkable_on_real_prose),
        cmocka_unit_test(hangul_jamo_compose),
    };
    return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
