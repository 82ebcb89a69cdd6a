/* SPDX-License-Identifier: Apache-2.0 */
/* test_scan_hotloop.c: the scanner's fused ASCII loop (scan_hotloop.c) equals the general path
 * (tt_norm__run + tt_winnow__push) on random ASCII, on mixed UTF-8 with the characters whose
 * fold needs context ('|', "rn", ignorables), on random bytes and on real texts; every byte
 * stage (the portable scalar loop, AVX2 where the CPU has it) gives the same fingerprints,
 * spans and unit bytes on real prose and adversarial input; and the prefilter never rejects
 * an indexed fingerprint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "scan_hotloop.h"
#include "text.h"
#include "bgmodel.h"
#include "index.h"

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* fast == reference, fingerprint by fingerprint, at a given base offset */
static void
check_equal(const char *t, size_t n, uint64_t base)
{
    tt_fpx *a = NULL, *b = NULL;
    size_t na = 0, nb = 0, ca = 0, cb = 0, nfp = 0;
    assert_int_equal(tt_hotloop__run(t, n, base, NULL, &a, &na, &ca, &nfp), 0);
    assert_int_equal(tt_hotloop__ref(t, n, base, &b, &nb, &cb), 0);
    assert_int_equal(na, nb);
    assert_int_equal(nfp, nb);
    for (size_t i = 0; i < na; i++) {
        assert_true(a[i].hash == b[i].hash);
        assert_int_equal(a[i].pos, b[i].pos);
        assert_int_equal(a[i].start, b[i].start);
        assert_int_equal(a[i].end, b[i].end);
        assert_true(a[i].start >= base && a[i].end <= base + n && a[i].start < a[i].end);
    }
    free(a);
    free(b);
    /* with unit bytes: the same fingerprints, and one byte per unit of the text model */
    uint8_t *ub = NULL;
    size_t ubcap = 0, nu = 0, nc = 0;
    a = NULL;
    ca = 0;
    assert_int_equal(tt_hotloop__run_units(t, n, base, NULL, &a, &nc, &ca, NULL, &ub, &ubcap, &nu),
                     0);
    assert_int_equal(nc, nb);
    tt_text tx;
    assert_int_equal(tt_text__build(&tx, t, n, NULL), 0);
    assert_int_equal(nu, tx.nunits);
    for (size_t i = 0; i < nu; i++)
        assert_int_equal(ub[i], tt_hotloop__ubyte(tx.units[i].cp));
    tt_text__release(&tx);
    free(ub);
    free(a);
}

static void
random_ascii_equals_reference(void **state)
{
    (void)state;
    /* small alphabets make many ties in the window minima and many "rn" pairs */
    static const char *alpha[] = {"rn ", "ab", "rnmx |.", "abcdefghijklmnopqrstuvwxyz  ,.01|",
                                  "RrNnMm0O1lI| \n\t"};
    char buf[3000];
    for (int round = 0; round < 400; round++) {
        const char *al = alpha[round % 5];
        size_t na = strlen(al), n = rnd() % sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = al[rnd() % na];
        check_equal(buf, n, rnd() % 100000);
    }
    /* long runs cross the fast path's unit blocks; 2-letter alphabets tie at every step */
    static char big[40000];
    for (int round = 0; round < 12; round++) {
        const char *al = alpha[round % 5];
        size_t na = strlen(al), n = 5000 + rnd() % (sizeof big - 5000);
        for (size_t i = 0; i < n; i++)
            big[i] = al[rnd() % na];
        check_equal(big, n, rnd() % 100000);
    }
}

static void
mixed_utf8_equals_reference(void **state)
{
    (void)state;
    /* pieces: ASCII, Cyrillic and Greek lookalikes, Hangul, CJK, soft hyphen and zero-width
     * characters (ignorable inside a word, also between 'r' and 'n'), '|', malformed bytes */
    static const char *piece[] = {"r", "n", "rn", " ", "the ", "|", "1", "0", "\xc2\xad",
                                  "\xe2\x80\x8b", "\xd0\xb0", "\xd0\xa0", "\xce\xbf",
                                  "\xed\x95\x9c", "\xe4\xb8\xad", "\xff", "\xe2\x80\x9c",
                                  "\xc3\xa9", "m", "\xf0\x9f\x98\x80", "\xef\xbc\xa1", ".",
                                  "\xd0", "\xe4\xb8",
                                  /* conjoining jamo: leading, vowel, trailing (composed) */
                                  "\xe1\x84\x80", "\xe1\x85\xa1", "\xe1\x86\xa8"};
    char buf[4000];
    for (int round = 0; round < 600; round++) {
        size_t n = 0, want = rnd() % 3000;
        while (n + 8 < want) {
            const char *p = piece[rnd() % TT_ARRAY_LEN(piece)];
            size_t l = strlen(p);
            memcpy(buf + n, p, l);
            n += l;
        }
        check_equal(buf, n, rnd() % 1000);
    }
    /* random bytes */
    for (int round = 0; round < 200; round++) {
        size_t n = rnd() % 2000;
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(rnd() & (round & 1 ? 0xff : 0x7f));
        check_equal(buf, n, 0);
    }
}

static void
real_texts_equal_reference(void **state)
{
    (void)state;
    static const char *files[] = {"/usr/share/common-licenses/GPL-3",
                                  "/usr/share/common-licenses/Apache-2.0", "tests/data/ru.txt",
                                  "tests/data/ko.txt"};
    int seen = 0;
    for (size_t f = 0; f < TT_ARRAY_LEN(files); f++) {
        char *t;
        size_t n;
        if (tt__read_file(NULL, files[f], &t, &n))
            continue;
        seen++;
        check_equal(t, n, 0);
        /* windows starting anywhere, as the scanner's segments do */
        for (int r = 0; r < 20 && n > 10; r++) {
            size_t a = rnd() % n, b = a + rnd() % (n - a);
            check_equal(t + a, b - a, a);
        }
        free(t);
    }
    assert_true(seen >= 2);
}

/* The byte stages, scalar and AVX2 (when this CPU has it), give the same fingerprints, spans
 * and unit bytes, at every base offset.  level_seen counts the stages compared. */
static int stages_seen;

static void
check_stages(const char *t, size_t n, uint64_t base)
{
    tt_fpx *o[2] = {NULL, NULL};
    size_t no[2] = {0, 0}, co[2] = {0, 0}, nfp[2] = {0, 0}, nu[2] = {0, 0}, ubc[2] = {0, 0};
    uint8_t *ub[2] = {NULL, NULL};
    int lv[2];
    for (int m = 0; m < 2; m++) {
        lv[m] = tt_hotloop__simd(m);
        assert_int_equal(tt_hotloop__run_units(t, n, base, NULL, &o[m], &no[m], &co[m], &nfp[m],
                                              &ub[m], &ubc[m], &nu[m]),
                         0);
    }
    tt_hotloop__simd(-1);
    assert_int_equal(lv[0], 0);
    if (lv[1] > stages_seen)
        stages_seen = lv[1];
    assert_int_equal(no[0], no[1]);
    assert_int_equal(nfp[0], nfp[1]);
    assert_int_equal(nu[0], nu[1]);
    if (no[0])
        assert_memory_equal(o[0], o[1], no[0] * sizeof *o[0]);
    if (nu[0])
        assert_memory_equal(ub[0], ub[1], nu[0]);
    for (int m = 0; m < 2; m++) {
        free(o[m]);
        free(ub[m]);
    }
}

static void
stages_agree(void **state)
{
    (void)state;
    stages_seen = 0;
    /* real prose, whole and in windows starting anywhere */
    static const char *files[] = {"/usr/share/common-licenses/GPL-3",
                                  "/usr/share/common-licenses/Apache-2.0", "tests/data/ru.txt",
                                  "tests/data/ko.txt"};
    int seen = 0;
    for (size_t f = 0; f < TT_ARRAY_LEN(files); f++) {
        char *t;
        size_t n;
        if (tt__read_file(NULL, files[f], &t, &n))
            continue;
        seen++;
        check_stages(t, n, 0);
        for (int r = 0; r < 40 && n > 10; r++) {
            size_t a = rnd() % n, b = a + rnd() % (n - a);
            check_stages(t + a, b - a, a + 7);
        }
        free(t);
    }
    assert_true(seen >= 2);
    /* adversarial: all separators, all non-ASCII, invalid UTF-8, '|' everywhere, "rn" across
     * every chunk boundary, and mixtures of them with plain ASCII at every alignment */
    size_t big = 1 << 16;
    char *b = malloc(big);
    assert_non_null(b);
    memset(b, ' ', big);
    check_stages(b, big, 0);
    for (size_t i = 0; i + 2 <= big; i += 2) { /* U+00E9, two bytes */
        b[i] = (char)0xc3;
        b[i + 1] = (char)0xa9;
    }
    check_stages(b, big, 0);
    for (size_t i = 0; i < big; i++) /* invalid UTF-8: bytes >= 0x80 at random */
        b[i] = (char)(0x80 | (rnd() & 0x7f));
    check_stages(b, big, 0);
    static const char *pat[] = {"rn", "rrn", "r n", "|", "rn|rn", "Rn", "rN0l1", "a\xc3\xa9rn",
                                "\xe2\x80\x8brn", "mrnrnrnr"};
    for (size_t pi = 0; pi < TT_ARRAY_LEN(pat); pi++) {
        size_t pl = strlen(pat[pi]);
        for (size_t i = 0; i < big; i++)
            b[i] = pat[pi][i % pl];
        for (size_t off = 0; off < 33; off++)
            check_stages(b + off, 4096 - off, off);
    }
    for (int round = 0; round < 200; round++) { /* plain ASCII with rare specials */
        size_t n = rnd() % 4096;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd() % 100;
            b[i] = r < 1 ? (char)(0x80 | (rnd() & 0x7f)) : r < 2 ? '|' : r < 18 ? ' ' :
                   r < 30 ? (r & 1 ? 'r' : 'n') : (char)('a' + rnd() % 26);
        }
        check_stages(b, n, rnd() % 1000);
    }
    free(b);
    /* one word of 10 MB */
    size_t wn = 10u << 20;
    char *w = malloc(wn);
    assert_non_null(w);
    for (size_t i = 0; i < wn; i++)
        w[i] = "abcdefghijklmnopqrstuvwxyz"[rnd() % 26];
    check_stages(w, wn, 0);
    free(w);
    print_message("# byte stages compared: scalar%s\n", stages_seen >= 1 ? " and AVX2" : " only");
}

/* The scanner's prefilter (bloom_ev) passes every fingerprint held by at most
 * TT_INDEX_EVIDENCE_DF documents that is not ordinary language (the background model,
 * bgmodel.h), and rejects most of those held by more. */
static void
evidence_prefilter_keeps_rare_fingerprints(void **state)
{
    (void)state;
    char *g, *a;
    size_t gn, an;
    if (tt__read_file(NULL, "/usr/share/common-licenses/GPL-3", &g, &gn) ||
        tt__read_file(NULL, "/usr/share/common-licenses/Apache-2.0", &a, &an)) {
        print_message("# skip: cannot read /usr/share/common-licenses/GPL-3 or Apache-2.0\n");
        skip();
    }
    tt_index_src src[4] = {{"g1", "g", g, gn}, {"g2", "g", g, gn}, {"g3", "g", g, gn},
                           {"a", "a", a, an}};
    tt_index *ix;
    tt_err err = {0};
    assert_int_equal(tt_index__from_texts(&ix, src, 4, NULL, 0, &err), 0);
    tt_fpx *all = NULL, *ev = NULL;
    size_t nall = 0, call = 0, nev = 0, cev = 0, nfp = 0;
    assert_int_equal(tt_hotloop__run(a, an, 0, NULL, &all, &nall, &call, &nfp), 0);
    assert_int_equal(tt_hotloop__run(a, an, 0, &ix->bloom_ev, &ev, &nev, &cev, &nfp), 0);
    size_t rare = 0, common = 0, j = 0;
    for (size_t i = 0; i < nall; i++) {
        const tt_index_entry *e;
        size_t m = tt_index__lookup(ix, all[i].hash, &e), df = 0;
        for (size_t k = 0; k < m; k++)
            df += k == 0 || tt_index__doc(ix, tt_index__gpos(e[k])) !=
                                tt_index__doc(ix, tt_index__gpos(e[k - 1]));
        while (j < nev && ev[j].pos < all[i].pos)
            j++;
        if (df >= 1 && df <= TT_INDEX_EVIDENCE_DF &&
            !tt_bgmodel__test(tt_bgmodel__builtin(), all[i].hash)) {
            rare++;
            assert_true(j < nev && ev[j].pos == all[i].pos && ev[j].hash == all[i].hash);
        } else if (df >= 1 && df <= TT_INDEX_EVIDENCE_DF)
            common++;
    }
    assert_true(rare > 100);
    assert_true(common > 10); /* the licence's ordinary language: left out of the filter */
    /* GPL-3 is held by three documents: its fingerprints pass only as false positives */
    free(ev);
    ev = NULL;
    cev = nev = 0;
    assert_int_equal(tt_hotloop__run(g, gn, 0, &ix->bloom_ev, &ev, &nev, &cev, &nfp), 0);
    assert_true(nfp > 1000);
    assert_true(nev * 10 < nfp);
    free(all);
    free(ev);
    tt_index_free(ix);
    free(g);
    free(a);
}

/* Every fingerprint of a registered text passes the index's prefilter and is found. */
static void
prefilter_keeps_indexed_fingerprints(void **state)
{
    (void)state;
    char *t;
    size_t n;
    assert_int_equal(tt__read_file(NULL, "/usr/share/common-licenses/GPL-3", &t, &n), 0);
    tt_index_src src = {"d1", "gpl", t, n};
    tt_index *ix;
    tt_err err = {0};
    assert_int_equal(tt_index__from_texts(&ix, &src, 1, NULL, 0, &err), 0);
    assert_true(ix->bloom.nwords > 0);
    tt_fpx *a = NULL;
    size_t na = 0, ca = 0, nfp = 0;
    assert_int_equal(tt_hotloop__run(t, n, 0, &ix->bloom, &a, &na, &ca, &nfp), 0);
    assert_int_equal(na, nfp); /* all of them are indexed, so all pass */
    for (size_t i = 0; i < na; i++) {
        const tt_index_entry *e;
        assert_true(tt_index__lookup(ix, a[i].hash, &e) > 0);
    }
    /* unrelated text: most fingerprints are rejected by the prefilter alone */
    char other[20000];
    for (size_t i = 0; i < sizeof other; i++)
        other[i] = "abcdefghij klmnopqrstuvwxyz"[rnd() % 27];
    size_t nb = 0;
    free(a);
    a = NULL;
    ca = 0;
    assert_int_equal(tt_hotloop__run(other, sizeof other, 0, &ix->bloom, &a, &nb, &ca, &nfp), 0);
    assert_true(nfp > 1000);
    assert_true(nb * 10 < nfp);
    free(a);
    tt_index_free(ix);
    free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_ascii_equals_reference),
        cmocka_unit_test(mixed_utf8_equals_reference),
        cmocka_unit_test(real_texts_equal_reference),
        cmocka_unit_test(stages_agree),
        cmocka_unit_test(prefilter_keeps_indexed_fingerprints),
        cmocka_unit_test(evidence_prefilter_keeps_rare_fingerprints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
