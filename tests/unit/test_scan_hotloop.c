/* SPDX-License-Identifier: Apache-2.0 */
/* test_scan_hotloop.c: the scanner's fused ASCII loop (scan_hotloop.c) equals the general path
 * (tt_norm__run + tt_winnow__push) on random ASCII, on mixed UTF-8 with the characters whose
 * fold needs context ('|', "rn", ignorables), on random bytes and on real texts; every set of
 * stages (the portable scalar loops; the AVX2 byte stage; the AVX2 byte stage and hash and
 * winnow stage, where the CPU has AVX2) gives the same fingerprints, spans and unit bytes as
 * the others and as the reference (tt_hotloop__ref), on real prose (licences and
 * /usr/share/doc) and adversarial input (separators only, non-ASCII only, invalid UTF-8, one
 * 10 MB word, periodic text whose windows tie at every step, random mixtures, lengths around
 * the stages' block boundaries); that a prefilter keeps exactly the reference's survivors, also
 * where the window minima tie; and the prefilter never rejects an indexed fingerprint. */
#include <dirent.h>
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
#include "normalize.h"

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

/* The real prose every level is checked on (two of them at least must be readable). */
static const char *const real_texts[] = {"/usr/share/common-licenses/GPL-3",
                                         "/usr/share/common-licenses/Apache-2.0",
                                         "tests/data/ru.txt", "tests/data/ko.txt"};

static void
real_texts_equal_reference(void **state)
{
    (void)state;
    int seen = 0;
    for (size_t f = 0; f < TT_ARRAY_LEN(real_texts); f++) {
        char *t;
        size_t n;
        if (tt__read_file(NULL, real_texts[f], &t, &n))
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

/* Every set of stages (tt_hotloop__simd levels 0, 1, 2, those this CPU has) gives the same
 * fingerprints, spans and unit bytes, at every base offset, and the same fingerprints as the
 * reference; with a prefilter, the same survivors.  stages_seen: the highest level compared. */
static int stages_seen;

static void
check_stages(const char *t, size_t n, uint64_t base)
{
    enum { NL = 3 };
    tt_fpx *o[NL] = {NULL, NULL, NULL}, *r = NULL;
    size_t no[NL] = {0}, co[NL] = {0}, nfp[NL] = {0}, nu[NL] = {0}, ubc[NL] = {0}, nr = 0, cr = 0;
    uint8_t *ub[NL] = {NULL, NULL, NULL};
    int lv[NL];
    for (int m = 0; m < NL; m++) {
        lv[m] = tt_hotloop__simd(m);
        assert_int_equal(tt_hotloop__run_units(t, n, base, NULL, &o[m], &no[m], &co[m], &nfp[m],
                                              &ub[m], &ubc[m], &nu[m]),
                         0);
    }
    tt_hotloop__simd(-1);
    assert_int_equal(lv[0], 0);
    for (int m = 1; m < NL; m++) {
        if (lv[m] > stages_seen)
            stages_seen = lv[m];
        assert_int_equal(no[0], no[m]);
        assert_int_equal(nfp[0], nfp[m]);
        assert_int_equal(nu[0], nu[m]);
        if (no[0])
            assert_memory_equal(o[0], o[m], no[0] * sizeof *o[0]);
        if (nu[0])
            assert_memory_equal(ub[0], ub[m], nu[0]);
    }
    assert_int_equal(tt_hotloop__ref(t, n, base, &r, &nr, &cr), 0);
    assert_int_equal(nr, no[0]);
    if (nr)
        assert_memory_equal(r, o[0], nr * sizeof *r);
    for (int m = 0; m < NL; m++) {
        free(o[m]);
        free(ub[m]);
    }
    free(r);
}

/* Stages with a prefilter that passes a part of the fingerprints (batched probes): the same
 * survivors in the same order at every level. */
static void
check_stages_bloom(const char *t, size_t n)
{
    /* a filter of every other fingerprint of the text */
    tt_fpx *o[3] = {NULL, NULL, NULL};
    size_t no[3] = {0}, co[3] = {0}, nfp[3] = {0};
    assert_int_equal(tt_hotloop__ref(t, n, 0, &o[0], &no[0], &co[0]), 0);
    tt_bloom bl = {NULL, 4096};
    bl.w = calloc(bl.nwords, sizeof *bl.w);
    assert_non_null(bl.w);
    for (size_t i = 0; i < no[0]; i += 2)
        tt_bloom__add(&bl, o[0][i].hash);
    free(o[0]);
    o[0] = NULL;
    no[0] = co[0] = 0;
    for (int m = 0; m < 3; m++) {
        tt_hotloop__simd(m);
        assert_int_equal(tt_hotloop__run(t, n, 0, &bl, &o[m], &no[m], &co[m], &nfp[m]), 0);
    }
    tt_hotloop__simd(-1);
    free(bl.w);
    assert_true(no[0] > 0 && no[0] < nfp[0]);
    for (int m = 1; m < 3; m++) {
        assert_int_equal(nfp[0], nfp[m]);
        assert_int_equal(no[0], no[m]);
        assert_memory_equal(o[0], o[m], no[0] * sizeof *o[0]);
    }
    for (int m = 0; m < 3; m++)
        free(o[m]);
}

/* A prefilter that passes one fingerprint in `every` (spans are rebuilt from the span records
 * only for the survivors, so between two of them the record ring wraps many times): at every
 * level the survivors are exactly the reference's fingerprints the filter holds, spans and
 * all. */
static void
check_sparse_survivors(const char *t, size_t n, uint64_t base, size_t every)
{
    tt_fpx *r = NULL;
    size_t nr = 0, cr = 0;
    assert_int_equal(tt_hotloop__ref(t, n, base, &r, &nr, &cr), 0);
    tt_bloom bl = {NULL, 1u << 16};
    bl.w = calloc(bl.nwords, sizeof *bl.w);
    assert_non_null(bl.w);
    for (size_t i = TT_MIN(every / 2, nr / 2); i < nr; i += every)
        tt_bloom__add(&bl, r[i].hash);
    /* what the filter passes, in the reference's order */
    size_t nk = 0;
    for (size_t i = 0; i < nr; i++)
        if (tt_bloom__test(&bl, r[i].hash))
            r[nk++] = r[i];
    assert_true(nk > 0);
    for (int m = 0; m < 3; m++) {
        tt_fpx *o = NULL;
        size_t no = 0, co = 0, nfp = 0;
        tt_hotloop__simd(m);
        assert_int_equal(tt_hotloop__run(t, n, base, &bl, &o, &no, &co, &nfp), 0);
        assert_int_equal(nfp, nr);
        assert_int_equal(no, nk);
        assert_memory_equal(o, r, nk * sizeof *o);
        free(o);
    }
    tt_hotloop__simd(-1);
    free(bl.w);
    free(r);
}

/* Ties in the window minima (equal hashes of a repeated k-gram) with a prefilter: the robust
 * tie-break's path while selections are queued for the filter (select_fast hands a window whose
 * minimum's hash equals the last pick's to the full tests).  Random strings of small alphabets
 * and periodic strings with a few changes, with filters passing from about 1 in 2 to 1 in 12 of
 * the reference's fingerprints: every level gives exactly the reference's survivors. */
static void
ties_with_prefilter(void **state)
{
    (void)state;
    static const char *alpha[] = {"ab", "rn ", "aab", "abc ", "xy"};
    static char buf[24000];
    for (int round = 0; round < 30; round++) {
        size_t n = 2000 + rnd() % (sizeof buf - 2000);
        if (round % 2) {
            const char *al = alpha[(round / 2) % TT_ARRAY_LEN(alpha)];
            size_t na = strlen(al);
            for (size_t i = 0; i < n; i++)
                buf[i] = al[rnd() % na];
        } else {
            size_t per = 1 + (size_t)round / 2;
            for (size_t i = 0; i < n; i++)
                buf[i] = (char)('a' + (i % per) % 26);
            for (int c = 0; c < 4; c++)
                buf[rnd() % n] = 'z';
        }
        check_sparse_survivors(buf, n, rnd() % 1000, 2 + (size_t)(round % 3) * (round % 2 ? 1 : 5));
    }
}

/* Units of the general path only (Cyrillic words: a span record per unit, the most the rings
 * ever hold), over several blocks, with filters passing about 1 in 2 to 1 in 5: the AVX2
 * level tests a call's selections during the next call, when another block's units and
 * records have been written, so a k-gram that starts before its block must still find its
 * records (scan_hotloop.c: 2 BLK + k + w + 33 <= RM + 1).  Every level gives the reference's
 * survivors, spans and all. */
static void
deferred_tests_general_units(void **state)
{
    (void)state;
    static char buf[64000];
    for (int round = 0; round < 6; round++) {
        size_t n = 0;
        while (n + 40 < sizeof buf - (size_t)round * 7000) {
            size_t len = 2 + rnd() % 9;
            for (size_t i = 0; i < len; i++) {
                unsigned cp = 0x430 + (unsigned)(rnd() % (round % 2 ? 32 : 4)); /* а .. я */
                buf[n++] = (char)(0xc0 | (cp >> 6));
                buf[n++] = (char)(0x80 | (cp & 0x3f));
            }
            buf[n++] = round % 3 ? ' ' : '\n';
        }
        check_sparse_survivors(buf, n, rnd() % 1000, 2 + (size_t)round % 4);
    }
}

/* Real prose from /usr/share/doc: the copyright files of the installed packages, in name
 * order, concatenated up to about max bytes.  *out NULL when there are none. */
static void
read_doc_prose(char **out, size_t *outn, size_t max)
{
    *out = NULL;
    *outn = 0;
    struct dirent **ent;
    int ne = scandir("/usr/share/doc", &ent, NULL, alphasort);
    if (ne < 0)
        return;
    char *acc = NULL;
    size_t n = 0;
    for (int i = 0; i < ne; i++) {
        char path[600];
        char *t;
        size_t tn;
        snprintf(path, sizeof path, "/usr/share/doc/%s/copyright", ent[i]->d_name);
        if (n < max && !tt__read_file(NULL, path, &t, &tn)) {
            char *g = realloc(acc, n + tn + 1);
            assert_non_null(g);
            acc = g;
            memcpy(acc + n, t, tn);
            n += tn;
            free(t);
        }
        free(ent[i]);
    }
    free(ent);
    *out = acc;
    *outn = n;
}

static void
stages_agree(void **state)
{
    (void)state;
    stages_seen = 0;
    /* real prose, whole and in windows starting anywhere */
    int seen = 0;
    for (size_t f = 0; f < TT_ARRAY_LEN(real_texts); f++) {
        char *t;
        size_t n;
        if (tt__read_file(NULL, real_texts[f], &t, &n))
            continue;
        seen++;
        check_stages(t, n, 0);
        check_sparse_survivors(t, n, 5, 40);
        for (int r = 0; r < 40 && n > 10; r++) {
            size_t a = rnd() % n, b = a + rnd() % (n - a);
            check_stages(t + a, b - a, a + 7);
        }
        free(t);
    }
    assert_true(seen >= 2);
    char *d;
    size_t dn;
    read_doc_prose(&d, &dn, 4u << 20);
    if (d) {
        check_stages(d, dn, 0);
        check_stages_bloom(d, dn);
        check_sparse_survivors(d, dn, 3, 20000);
        check_sparse_survivors(d, dn, 0, 301);
        for (int r = 0; r < 40 && dn > 10; r++) {
            size_t a = rnd() % dn, b = a + rnd() % TT_MIN(dn - a, (size_t)200000);
            check_stages(d + a, b - a, a);
        }
        free(d);
    } else {
        print_message("# no /usr/share/doc/*/copyright: doc prose not compared\n");
    }
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
    /* periodic words: with a period under k every k-gram repeats, so windows tie at every
     * step and the robust tie-break decides every selection; some with a space now and then */
    for (size_t per = 1; per <= 2 * 23 + 3; per++) {
        for (size_t i = 0; i < 20000; i++)
            b[i] = (char)('a' + (i % per) % 26);
        check_stages(b, 20000, 0);
        for (size_t i = 0; i < 20000; i++)
            b[i] = i % 997 == 0 ? ' ' : (char)('a' + (i % per) % 26);
        check_stages(b, 20000, per);
    }
    /* one word of every length around the stages' boundaries: the warm-up (k + w units), the
     * vector stage's calls (1024 units) and the unit blocks (2048) */
    for (size_t i = 0; i < 20000; i++) /* no 'r': one unit per byte */
        b[i] = "abcdefghijklmnopqstuvwxyz"[rnd() % 25];
    static const size_t edge[] = {0, 23, 1024, 2048, 3072, 4096, 6144, 8192};
    for (size_t e = 0; e < TT_ARRAY_LEN(edge); e++)
        for (size_t dd = 0; dd < 2 * 23 + 8; dd++) {
            if (edge[e] + dd < 27)
                continue;
            check_stages(b, edge[e] + dd - 27, 0);
        }
    for (size_t n = 1; n < 3000; n += 1 + rnd() % 7)
        check_stages(b, n, 0);
    /* random mixtures of words, separators, non-ASCII and invalid bytes, long enough for the
     * vector stage's stripes */
    for (int round = 0; round < 60; round++) {
        size_t n = 2000 + rnd() % 30000;
        int mix = round % 4;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd() % 100;
            b[i] = mix == 0   ? (char)("ab "[rnd() % 3])
                   : r < 15   ? ' '
                   : r < 15 + 5 * (uint64_t)mix ? (char)(0x80 | (rnd() & 0x7f))
                                                : (char)('a' + rnd() % (mix == 1 ? 3 : 26));
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
    print_message("# stages compared: scalar%s%s\n", stages_seen >= 1 ? ", AVX2 bytes" : " only",
                  stages_seen >= 2 ? ", AVX2 bytes + AVX2 hash and winnow" : "");
}

/* What makes the scanner's overlapping segments (scan.c, TT_SCAN_OVERLAP) safe without carried
 * winnow state: a window of a text, fingerprinted on its own from any byte, selects exactly
 * the whole text's fingerprints (hash and byte span) away from its two ends, at every level;
 * only the first and last k + w - 1 units (and a unit cut by the window's edge) can differ.
 * So a fingerprint that straddles a segment boundary is in both windows (the overlap is far
 * larger than the margin), never lost, and findings are counted once by the segment where
 * they start. */
static void
windows_select_the_whole_texts_fingerprints(void **state)
{
    (void)state;
    char *t;
    size_t n;
    assert_int_equal(tt__read_file(NULL, "/usr/share/common-licenses/GPL-3", &t, &n), 0);
    const size_t margin = 400; /* bytes: well over k + w units of this prose */
    for (int lv = 0; lv < 3; lv++) {
        tt_hotloop__simd(lv);
        tt_fpx *all = NULL;
        size_t nall = 0, call = 0;
        assert_int_equal(tt_hotloop__run(t, n, 0, NULL, &all, &nall, &call, NULL), 0);
        for (int r = 0; r < 40; r++) {
            size_t a = rnd() % (n / 2), b = a + 3 * margin + rnd() % (n - a - 3 * margin);
            tt_fpx *wf = NULL;
            size_t nw = 0, cw = 0;
            assert_int_equal(tt_hotloop__run(t + a, b - a, a, NULL, &wf, &nw, &cw, NULL), 0);
            size_t i = 0, j = 0, same = 0;
            for (;;) {
                while (i < nall && (all[i].start < a + margin || all[i].end > b - margin))
                    i++;
                while (j < nw && (wf[j].start < a + margin || wf[j].end > b - margin))
                    j++;
                if (i == nall || j == nw)
                    break;
                assert_true(all[i].hash == wf[j].hash);
                assert_int_equal(all[i].start, wf[j].start);
                assert_int_equal(all[i].end, wf[j].end);
                i++, j++, same++;
            }
            for (; i < nall; i++) /* nothing left on either side inside the margins */
                assert_false(all[i].start >= a + margin && all[i].end <= b - margin);
            for (; j < nw; j++)
                assert_false(wf[j].start >= a + margin && wf[j].end <= b - margin);
            assert_true(same > 0);
            free(wf);
        }
        free(all);
    }
    tt_hotloop__simd(-1);
    free(t);
}

/* The scanner's prefilter (bloom_ev) passes every fingerprint held by at most ev_df
 * (tt_index__evidence_df: 2 for four documents) documents that is not ordinary language (the background model,
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
    assert_int_equal(ix->ev_df, TT_INDEX_EVIDENCE_DF);
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
        if (df >= 1 && df <= ix->ev_df &&
            !tt_bgmodel__test(tt_bgmodel__builtin(), all[i].hash)) {
            rare++;
            assert_true(j < nev && ev[j].pos == all[i].pos && ev[j].hash == all[i].hash);
        } else if (df >= 1 && df <= ix->ev_df)
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

/* Every fingerprint of a registered text passes a prefilter of them (built as the index
 * builds its evidence filter: 10 bits per key) and is found in the index. */
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
    tt_fpx *a = NULL;
    size_t na = 0, ca = 0, nfp = 0;
    assert_int_equal(tt_hotloop__run(t, n, 0, NULL, &a, &na, &ca, &nfp), 0);
    assert_true(na > 0);
    tt_bloom all = {NULL, (na * 10 + 63) / 64};
    all.w = calloc(all.nwords + 1, sizeof *all.w);
    assert_non_null(all.w);
    for (size_t i = 0; i < na; i++)
        tt_bloom__add(&all, a[i].hash);
    free(a);
    a = NULL;
    na = ca = 0;
    assert_int_equal(tt_hotloop__run(t, n, 0, &all, &a, &na, &ca, &nfp), 0);
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
    assert_int_equal(tt_hotloop__run(other, sizeof other, 0, &all, &a, &nb, &ca, &nfp), 0);
    assert_true(nfp > 1000);
    assert_true(nb * 10 < nfp);
    free(a);
    free(all.w);
    tt_index_free(ix);
    free(t);
}

/* The AVX2 byte stage folds ASCII by a rule, not by the whole table: a letter to lower case,
 * '0' .. '?' by the table's row, every other byte (but '|', which the stage hands to the
 * general path) to 0.  The table must follow that rule. */
static void
ascii_fold_rule(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 128; c++) {
        if (c == '|')
            continue;
        unsigned lc = c | 0x20;
        unsigned want = lc >= 'a' && lc <= 'z' ? lc : (c & 0xf0) == 0x30 ? tt_norm__ascii[c] : 0;
        assert_int_equal(tt_norm__ascii[c], want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ascii_fold_rule),
        cmocka_unit_test(random_ascii_equals_reference),
        cmocka_unit_test(mixed_utf8_equals_reference),
        cmocka_unit_test(real_texts_equal_reference),
        cmocka_unit_test(stages_agree),
        cmocka_unit_test(windows_select_the_whole_texts_fingerprints),
        cmocka_unit_test(prefilter_keeps_indexed_fingerprints),
        cmocka_unit_test(evidence_prefilter_keeps_rare_fingerprints),
        cmocka_unit_test(ties_with_prefilter),
        cmocka_unit_test(deferred_tests_general_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
