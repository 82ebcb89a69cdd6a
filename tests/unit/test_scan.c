/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_scan.c: the scanner on real prose: noisy excerpts are found at the right bytes in both
 * texts, unrelated prose is not, Hangul and Cyrillic texts are found, and the findings do not
 * depend on how the stream is chunked.  Also tt_detect__candidates.
 *
 * The prose is Debian's licence texts (/usr/share/common-licenses, from base-files; the
 * environment variable TT_TEST_LICENSES=DIR reads them from DIR instead).  Without them every
 * test here is skipped, and says why: cmocka counts the skips and tests/run shows them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "scan_internal.h"
#include "index.h"
#include "telltale/scan.h"

/* The path of licence text NAME (one of eight rotating buffers). */
static const char *
lic(const char *name)
{
    static char path[8][1024];
    static unsigned k;
    const char *dir = getenv("TT_TEST_LICENSES");
    char *p = path[k++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", dir && *dir ? dir : "/usr/share/common-licenses", name);
    return p;
}

/* Why the fixture is missing, for the skip message. */
static char missing[1100];

#define SKIP_WITHOUT_FIXTURE(f)                                                                  \
    do {                                                                                         \
        if (!(f)) {                                                                              \
            print_message("# skip: cannot read '%s'\n", missing);                                \
            skip();                                                                              \
        }                                                                                        \
    } while (0)

static const char *reg_names[] = {"Apache-2.0", "MPL-2.0", "GPL-3", "CC0-1.0", NULL, NULL};
static const char *reg_data[] = {NULL, NULL, NULL, NULL, "tests/data/ru.txt", "tests/data/ko.txt"};
static const char *ids[] = {"apache", "mpl", "gpl3", "cc0", "ru", "ko"};

typedef struct fixture {
    char *text[6];
    size_t len[6];
    char *unrelated;
    size_t ulen;
    tt_index *ix;
} fixture;

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int
setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    tt_index_src src[6];
    if (!f)
        return -1;
    *state = NULL;
    for (int i = 0; i < 7; i++) {
        const char *path = i == 6          ? lic("Artistic")
                           : reg_names[i] ? lic(reg_names[i])
                                          : reg_data[i];
        char **t = i == 6 ? &f->unrelated : &f->text[i];
        size_t *n = i == 6 ? &f->ulen : &f->len[i];
        if (tt__read_file(NULL, path, t, n) != 0) {
            snprintf(missing, sizeof missing, "%s", path);
            for (int j = 0; j < 6; j++)
                free(f->text[j]);
            free(f);
            return 0; /* every test skips, saying why */
        }
        if (i < 6)
            src[i] = (tt_index_src){ids[i], NULL, f->text[i], f->len[i]};
    }
    /* the background: classic licence disclaimers, as `telltale index` seeds it */
    const char *bgf[] = {lic("BSD"), lic("LGPL-2.1"), lic("GPL-2")};
    tt_index_src bg[3];
    char *bgt[3] = {0};
    size_t nbg = 0;
    for (int i = 0; i < 3; i++) {
        size_t n;
        if (tt__read_file(NULL, bgf[i], &bgt[i], &n) == 0)
            bg[nbg++] = (tt_index_src){"bg", NULL, bgt[i], n};
    }
    int rc = tt_index__from_texts(&f->ix, src, 6, bg, nbg, NULL);
    for (int i = 0; i < 3; i++)
        free(bgt[i]);
    if (rc != 0) {
        for (int j = 0; j < 6; j++)
            free(f->text[j]);
        free(f->unrelated);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture *f = *state;
    if (!f)
        return 0;
    for (int i = 0; i < 6; i++)
        free(f->text[i]);
    free(f->unrelated);
    tt_index_free(f->ix);
    free(f);
    return 0;
}

/* Copy s[0..n) with about rate of the ASCII letters substituted. */
static void
add_noisy(tt_buf *o, const char *s, size_t n, unsigned permille)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z' && rnd() % 1000 < permille)
            c = (char)('a' + (c - 'a' + 1 + (int)(rnd() % 25)) % 26);
        tt_buf_addc(o, c);
    }
}

static tt_finding *
scan_all(const fixture *f, const char *p, size_t n, size_t chunk, size_t *out_n)
{
    tt_scanner *s;
    assert_int_equal(tt_scanner_new(&s, NULL, f->ix, NULL), 0);
    for (size_t i = 0; i < n; i += chunk)
        assert_int_equal(tt_scanner_feed(s, p + i, TT_MIN(chunk, n - i)), 0);
    tt_finding *fs;
    assert_int_equal(tt_scanner_finish(s, &fs, out_n), 0);
    tt_scanner_free(s);
    return fs;
}

/* Excerpts of 200 bytes with 2% of letters changed, between two pieces of unrelated prose. */
static void
noisy_excerpts_are_found_at_the_right_bytes(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    int found = 0, tried = 0;
    tt_buf item;
    tt_buf_init(&item);
    for (int r = 0; r < 40; r++) {
        int d = (int)(rnd() % 4);
        size_t s = rnd() % (f->len[d] - 200);
        item.len = 0;
        size_t u0 = rnd() % (f->ulen - 2000);
        tt_buf_add(&item, f->unrelated + u0, 800);
        tt_buf_addc(&item, '\n');
        size_t i0 = item.len;
        add_noisy(&item, f->text[d] + s, 200, 20);
        size_t i1 = item.len;
        tt_buf_addc(&item, '\n');
        tt_buf_add(&item, f->unrelated + u0 + 1000, 800);
        size_t nf;
        tt_finding *fs = scan_all(f, item.data, item.len, item.len, &nf);
        tried++;
        for (size_t i = 0; i < nf; i++) {
            if (strcmp(fs[i].doc, ids[d]) != 0)
                continue;
            /* the spans lie inside the excerpt, in both texts, give or take one word */
            assert_true(fs[i].leak_start + 20 >= i0 && fs[i].leak_end <= i1 + 20);
            assert_true(fs[i].doc_start + 20 >= s && fs[i].doc_end <= s + 220);
            assert_true(fs[i].leak_end - fs[i].leak_start >= 100);
            assert_memory_equal(fs[i].leak_text, item.data + fs[i].leak_start,
                                fs[i].leak_end - fs[i].leak_start);
            assert_memory_equal(fs[i].doc_text, f->text[d] + fs[i].doc_start,
                                fs[i].doc_end - fs[i].doc_start);
            if (fs[i].matched_words < 12)
                print_message("only %zu words: %s\n", fs[i].matched_words, fs[i].leak_text);
            assert_true(fs[i].matched_words >= 12);
            /* 200 bytes copied into 1.8 KB of prose: chance cannot explain it */
            if (fs[i].chance >= 1e-3)
                print_message("chance %.3g: %s\n", fs[i].chance, fs[i].leak_text);
            assert_true(fs[i].chance > 0 && fs[i].chance < 1e-3);
            found++;
            break;
        }
        tt_findings_free(fs, nf);
    }
    tt_buf_release(&item);
    print_message("found %d of %d\n", found, tried);
    assert_true(found >= tried - 1);
}

/* Copy s[0..n) with noise: each ASCII letter, with probability permille/1000, substituted,
 * dropped or doubled (other characters are kept, so UTF-8 stays whole). */
static void
add_edits(tt_buf *o, const char *s, size_t n, unsigned permille)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(c >= 'a' && c <= 'z') || rnd() % 1000 >= permille) {
            tt_buf_addc(o, c);
            continue;
        }
        switch (rnd() % 3) {
        case 0: tt_buf_addc(o, (char)('a' + (c - 'a' + 1 + (int)(rnd() % 25)) % 26)); break;
        case 1: break;
        default: tt_buf_addc(o, c); tt_buf_addc(o, c);
        }
    }
}

static tt_finding *
scan_ext(const fixture *f, const char *p, size_t n, unsigned ext_min, size_t *out_n)
{
    tt_scanner *s;
    assert_int_equal(tt_scanner_new(&s, NULL, f->ix, NULL), 0);
    tt_scan__set_ext_min(s, ext_min);
    assert_int_equal(tt_scanner_feed(s, p, n), 0);
    tt_finding *fs;
    assert_int_equal(tt_scanner_finish(s, &fs, out_n), 0);
    tt_scanner_free(s);
    return fs;
}

/* The unit extension check that spares chance clusters the alignment must never lose a true
 * excerpt: excerpts of 100-400 bytes of the six registered texts (Latin, Cyrillic, Hangul)
 * with 0-6% of letters edited, in unrelated prose, give the same findings of their document
 * with the check as without it (every cluster aligned: the reference). */
static void
extension_check_never_drops_a_true_excerpt(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    tt_buf item;
    tt_buf_init(&item);
    size_t ref_found = 0, aligned_without = 0, aligned_with = 0;
    for (int r = 0; r < 300; r++) {
        int d = (int)(rnd() % 6);
        size_t len = 100 + rnd() % 300;
        if (f->len[d] < len + 10)
            continue;
        size_t s = rnd() % (f->len[d] - len);
        while (s > 0 && ((unsigned char)f->text[d][s] & 0xc0) == 0x80)
            s--;
        size_t e = s + len;
        while (e < f->len[d] && ((unsigned char)f->text[d][e] & 0xc0) == 0x80)
            e++;
        item.len = 0;
        size_t u0 = rnd() % (f->ulen - 2000);
        tt_buf_add(&item, f->unrelated + u0, 600);
        tt_buf_addc(&item, '\n');
        add_edits(&item, f->text[d] + s, e - s, (unsigned)(rnd() % 61));
        tt_buf_addc(&item, '\n');
        tt_buf_add(&item, f->unrelated + u0 + 1000, 600);
        size_t n0, n1;
        tt_finding *ref = scan_ext(f, item.data, item.len, 0, &n0);
        tt_finding *got = scan_ext(f, item.data, item.len, 40, &n1);
        for (size_t i = 0; i < n0; i++) {
            if (strcmp(ref[i].doc, ids[d]) != 0)
                continue;
            ref_found++;
            int same = 0;
            for (size_t j = 0; j < n1; j++)
                same |= !strcmp(got[j].doc, ref[i].doc) && got[j].leak_start == ref[i].leak_start &&
                        got[j].leak_end == ref[i].leak_end &&
                        got[j].matched_words == ref[i].matched_words;
            if (!same)
                print_message("lost (%s, %zu words): %s\n", ref[i].doc, ref[i].matched_words,
                              ref[i].leak_text);
            assert_true(same);
        }
        aligned_without += n0;
        aligned_with += n1;
        tt_findings_free(ref, n0);
        tt_findings_free(got, n1);
    }
    tt_buf_release(&item);
    print_message("%zu true findings kept (findings: %zu without the check, %zu with)\n",
                  ref_found, aligned_without, aligned_with);
    assert_true(ref_found >= 200);
}

/* A registered text scanned whole is one finding of itself covering all of it, even when the
 * text repeats its own phrases (hits on other diagonals must not cut it into pieces). */
static void
whole_documents_cover_themselves(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    for (int d = 0; d < 6; d++) {
        size_t nf;
        tt_finding *fs = scan_all(f, f->text[d], f->len[d], f->len[d], &nf);
        int own = 0;
        for (size_t i = 0; i < nf; i++) {
            if (strcmp(fs[i].doc, ids[d]) != 0)
                continue;
            own++;
            if (fs[i].coverage < 0.99)
                print_message("%s: coverage %.3f\n", ids[d], fs[i].coverage);
            assert_true(fs[i].coverage >= 0.99);
            assert_true(fs[i].doc_end - fs[i].doc_start >= f->len[d] * 98 / 100);
        }
        assert_int_equal(own, 1);
        tt_findings_free(fs, nf);
    }
}

static void
unrelated_prose_is_not_found(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    /* (MPL-1.1, GFDL and the GPL family share whole clauses with the registered licences:
     * true findings, see real_copying_between_licences_is_found) */
    const char *others[] = {lic("Artistic")};
    for (size_t k = 0; k < TT_ARRAY_LEN(others); k++) {
        char *t;
        size_t n;
        if (tt__read_file(NULL, others[k], &t, &n) != 0)
            continue;
        size_t nf;
        tt_finding *fs = scan_all(f, t, n, n, &nf);
        for (size_t i = 0; i < nf; i++)
            print_message("%s: %s %zu words: %.80s\n", others[k], fs[i].doc,
                          fs[i].matched_words, fs[i].leak_text);
        assert_int_equal(nf, 0);
        tt_findings_free(fs, nf);
        free(t);
    }
}

/* The GFDL 1.3 copied its termination clause from the GPL 3 word for word: a true finding. */
static void
real_copying_between_licences_is_found(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    char *t;
    size_t n;
    if (tt__read_file(NULL, lic("GFDL-1.3"), &t, &n) != 0) {
        print_message("# skip: cannot read '%s'\n", lic("GFDL-1.3"));
        skip();
    }
    size_t nf;
    tt_finding *fs = scan_all(f, t, n, n, &nf);
    int termination = 0;
    for (size_t i = 0; i < nf; i++)
        if (strcmp(fs[i].doc, "gpl3") == 0 && fs[i].matched_words >= 100 &&
            strstr(fs[i].leak_text, "reinstated permanently") &&
            strstr(fs[i].doc_text, "reinstated permanently"))
            termination = 1;
    assert_true(termination);
    tt_findings_free(fs, nf);
    free(t);
}

static void
hangul_and_cyrillic_are_found(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    for (int d = 4; d < 6; d++) {
        tt_buf item;
        tt_buf_init(&item);
        tt_buf_adds(&item, "Forwarded from a channel:\n");
        size_t i0 = item.len;
        /* the middle 60% of the text */
        size_t a = f->len[d] / 5, b = f->len[d] * 4 / 5;
        while (((unsigned char)f->text[d][a] & 0xc0) == 0x80)
            a++;
        while (((unsigned char)f->text[d][b] & 0xc0) == 0x80)
            b++;
        tt_buf_add(&item, f->text[d] + a, b - a);
        tt_buf_adds(&item, "\nend of post\n");
        size_t nf;
        tt_finding *fs = scan_all(f, item.data, item.len, 64, &nf);
        assert_int_equal(nf, 1);
        assert_string_equal(fs[0].doc, ids[d]);
        assert_true(fs[0].leak_start >= i0 && fs[0].leak_start < i0 + 12);
        assert_true(fs[0].doc_start >= a && fs[0].doc_start < a + 12);
        assert_memory_equal(fs[0].doc_text, f->text[d] + fs[0].doc_start,
                            fs[0].doc_end - fs[0].doc_start);
        tt_findings_free(fs, nf);
        tt_buf_release(&item);
    }
}

static void
chunking_does_not_change_findings(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    tt_buf item;
    tt_buf_init(&item);
    for (int d = 0; d < 6; d++) {
        tt_buf_add(&item, f->unrelated + 300 * (size_t)d, 700);
        add_noisy(&item, f->text[d] + f->len[d] / 3, 300, 30);
    }
    size_t n0;
    tt_finding *f0 = scan_all(f, item.data, item.len, item.len, &n0);
    assert_true(n0 >= 5);
    static const size_t chunks[] = {1, 2, 3, 7, 64, 1000, 4093};
    for (size_t c = 0; c < TT_ARRAY_LEN(chunks); c++) {
        size_t n1;
        tt_finding *f1 = scan_all(f, item.data, item.len, chunks[c], &n1);
        assert_int_equal(n0, n1);
        for (size_t i = 0; i < n0; i++) {
            assert_string_equal(f0[i].doc, f1[i].doc);
            assert_true(f0[i].leak_start == f1[i].leak_start);
            assert_true(f0[i].leak_end == f1[i].leak_end);
            assert_true(f0[i].doc_start == f1[i].doc_start);
            assert_int_equal(f0[i].matched_words, f1[i].matched_words);
            assert_string_equal(f0[i].fingerprint, f1[i].fingerprint);
        }
        tt_findings_free(f1, n1);
    }
    tt_findings_free(f0, n0);
    tt_buf_release(&item);
}

static void
candidates_rank_the_source_first(void **state)
{
    fixture *f = *state;
    SKIP_WITHOUT_FIXTURE(f);
    tt_buf item;
    tt_buf_init(&item);
    add_noisy(&item, f->text[1] + 5000, 1500, 20); /* MPL */
    tt_buf_add(&item, f->text[0] + 3000, 200);     /* and a little Apache */
    tt_candidate *c;
    size_t n;
    assert_int_equal(tt_detect__candidates_ix(f->ix, item.data, item.len, &c, &n, NULL), 0);
    assert_true(n >= 2);
    assert_string_equal(c[0].doc, "mpl");
    assert_string_equal(c[1].doc, "apache");
    assert_true(c[0].best_hits > c[1].best_hits);
    free(c);
    tt_buf_release(&item);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(noisy_excerpts_are_found_at_the_right_bytes),
        cmocka_unit_test(unrelated_prose_is_not_found),
        cmocka_unit_test(whole_documents_cover_themselves),
        cmocka_unit_test(extension_check_never_drops_a_true_excerpt),
        cmocka_unit_test(real_copying_between_licences_is_found),
        cmocka_unit_test(hangul_and_cyrillic_are_found),
        cmocka_unit_test(chunking_does_not_change_findings),
        cmocka_unit_test(candidates_rank_the_source_first),
    };
    return cmocka_run_group_tests_name("scan", tests, setup, teardown);
}
