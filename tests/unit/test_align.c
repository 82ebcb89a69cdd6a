/* SPDX-License-Identifier: Apache-2.0 */
/* test_align.c: the word aligner: noise tolerance, digits never noise, spans, long texts,
 * several excerpts, and the op-list invariants checked against a reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "common.h"
#include "mini_text.h"

/* The op list is in order, contiguous in both texts, starts and ends on a matched pair, and
 * its summary fields agree with it. */
static void
check_invariants(const tt_alignment *al, const tt_text *a, const tt_text *b)
{
    if (al->nops == 0)
        return;
    uint32_t ea = al->a_start, eb = al->b_start;
    size_t matched = 0;
    for (size_t k = 0; k < al->nops; k++) {
        const tt_op *o = &al->ops[k];
        switch (o->kind) {
        case TT_OP_MATCH:
            assert_int_equal(a->words[o->a].hash, b->words[o->b].hash);
            /* fall through */
        case TT_OP_NOISY:
        case TT_OP_SUBST:
            assert_int_equal(o->a, ea++);
            assert_int_equal(o->b, eb++);
            assert_int_equal(tt_align__relate(a, o->a, b, o->b), o->kind);
            matched += o->kind != TT_OP_SUBST;
            break;
        case TT_OP_DEL:
            assert_int_equal(o->a, ea++);
            assert_int_equal(o->b, UINT32_MAX);
            break;
        case TT_OP_INS:
            assert_int_equal(o->a, UINT32_MAX);
            assert_int_equal(o->b, eb++);
            break;
        default:
            fail_msg("bad op kind %d", o->kind);
        }
    }
    assert_int_equal(ea, al->a_end);
    assert_int_equal(eb, al->b_end);
    assert_int_equal(matched, al->matched);
    assert_true(al->ops[0].kind == TT_OP_MATCH || al->ops[0].kind == TT_OP_NOISY);
    assert_true(al->ops[al->nops - 1].kind == TT_OP_MATCH ||
                al->ops[al->nops - 1].kind == TT_OP_NOISY);
}

static size_t
count_kind(const tt_alignment *al, int kind)
{
    size_t n = 0;
    for (size_t k = 0; k < al->nops; k++)
        n += al->ops[k].kind == kind;
    return n;
}

/* Align two strings built with the mini tokenizer. */
static void
align_strings(tt_alignment *al, tt_text *a, tt_text *b, const char *sa, const char *sb)
{
    mini_build(a, sa);
    mini_build(b, sb);
    tt_err e = {0};
    assert_int_equal(tt_align__words(al, a, b, 0, (uint32_t)a->nwords, 0, (uint32_t)b->nwords, &e), 0);
    check_invariants(al, a, b);
}

static const char *const memo =
    "The committee met on 12 March 2024 in Geneva to review the budget of the northern "
    "program. Director Helen Okafor reported that the program had spent 1200 dollars more "
    "than planned, and that the shelter would not open before the winter. The delegates "
    "agreed that the figures must be checked again by an independent auditor. Several members "
    "asked whether the transport contract could be renegotiated with the supplier in Lyon. "
    "The meeting closed at four in the afternoon after a short discussion of staffing.";

static void
identical_texts_align_fully(void **state)
{
    (void)state;
    tt_text a, b;
    tt_alignment al;
    align_strings(&al, &a, &b, memo, memo);
    assert_int_equal(al.a_start, 0);
    assert_int_equal(al.a_end, a.nwords);
    assert_int_equal(al.b_start, 0);
    assert_int_equal(al.b_end, b.nwords);
    assert_int_equal(count_kind(&al, TT_OP_MATCH), a.nwords);
    assert_int_equal(al.matched, a.nwords);
    tt_alignment__release(&al);
    tt_alignment__release(&al); /* releasing twice is harmless */
    mini_release(&a);
    mini_release(&b);
}

static void
relate_rules(void **state)
{
    (void)state;
    /* pairs: original word, leaked word, expected relation */
    static const struct {
        const char *x, *y;
        int rel;
    } cases[] = {
        {"committee", "Committee", TT_OP_MATCH}, {"committee", "comittee", TT_OP_NOISY},
        {"committee", "commitete", TT_OP_NOISY}, {"independent", "indpendant", TT_OP_NOISY},
        {"budget", "budgte", TT_OP_NOISY},       {"budget", "bxdgyt", TT_OP_SUBST},
        {"the", "teh", TT_OP_NOISY},             {"the", "thw", TT_OP_NOISY},
        {"1200", "1300", TT_OP_SUBST},           {"1200", "12000", TT_OP_SUBST},
        {"2024", "2042", TT_OP_SUBST},           {"12th", "12tn", TT_OP_NOISY},
        {"likely", "unlikely", TT_OP_SUBST},     {"legal", "illegal", TT_OP_SUBST},
        {"increase", "decrease", TT_OP_SUBST},   {"majority", "minority", TT_OP_SUBST},
        {"not", "now", TT_OP_SUBST},             {"never", "ever", TT_OP_SUBST},
        {"million", "billion", TT_OP_SUBST},     {"three", "there", TT_OP_SUBST},
        {"must", "may", TT_OP_SUBST},            {"he", "she", TT_OP_SUBST},
        {"march", "match", TT_OP_SUBST},         {"shelter", "shelters", TT_OP_NOISY},
        {"program", "programm", TT_OP_NOISY},   {"towards", "toward", TT_OP_NOISY},
        {"auditor", "editor", TT_OP_SUBST},      {"no", "so", TT_OP_SUBST},
    };
    for (size_t k = 0; k < TT_ARRAY_LEN(cases); k++) {
        tt_text a, b;
        mini_build(&a, cases[k].x);
        mini_build(&b, cases[k].y);
        int got = tt_align__relate(&a, 0, &b, 0);
        if (got != cases[k].rel)
            fail_msg("relate(%s, %s) = %d, expected %d", cases[k].x, cases[k].y, got,
                     cases[k].rel);
        /* symmetric */
        assert_int_equal(tt_align__relate(&b, 0, &a, 0), got);
        mini_release(&a);
        mini_release(&b);
    }
}

/* Find the op aligning original word text x (first occurrence at or after byte from). */
static const tt_op *
op_at_orig(const tt_alignment *al, const tt_text *a, const char *x)
{
    const char *p = strstr(a->bytes, x);
    assert_non_null(p);
    uint32_t off = (uint32_t)(p - a->bytes);
    for (size_t k = 0; k < al->nops; k++)
        if (al->ops[k].a != UINT32_MAX && a->words[al->ops[k].a].start == off)
            return &al->ops[k];
    fail_msg("no op for '%s'", x);
    return NULL;
}

static void
typos_are_noisy_and_digits_are_substitutions(void **state)
{
    (void)state;
    const char *leak =
        "The comittee met on 12 March 2024 in Geneva to reveiw the budget of the northern "
        "program. Director Helen Okafor reported that the program had spent 1800 dollars more "
        "than planned, and that the shelter would not open before the winter. The delegates "
        "agreed that the figures must be checked again by an independant auditor.";
    tt_text a, b;
    tt_alignment al;
    align_strings(&al, &a, &b, memo, leak);
    assert_int_equal(al.a_start, 0);
    assert_int_equal(al.b_start, 0);
    assert_int_equal(al.b_end, b.nwords);
    assert_int_equal(count_kind(&al, TT_OP_NOISY), 3);
    assert_int_equal(count_kind(&al, TT_OP_SUBST), 1);
    assert_int_equal(count_kind(&al, TT_OP_INS) + count_kind(&al, TT_OP_DEL), 0);
    const tt_op *o = op_at_orig(&al, &a, "1200");
    assert_int_equal(o->kind, TT_OP_SUBST);
    /* spans: the leaked word is exactly "1800" */
    assert_int_equal(b.words[o->b].end - b.words[o->b].start, 4);
    assert_memory_equal(leak + b.words[o->b].start, "1800", 4);
    assert_int_equal(op_at_orig(&al, &a, "committee")->kind, TT_OP_NOISY);
    tt_alignment__release(&al);
    mini_release(&a);
    mini_release(&b);
}

static void
dropped_and_inserted_sentences(void **state)
{
    (void)state;
    /* Drop the sentence "The delegates agreed ... auditor." and insert a new one. */
    const char *leak =
        "Director Helen Okafor reported that the program had spent 1200 dollars more "
        "than planned, and that the shelter would not open before the winter. Several members "
        "asked whether the transport contract could be renegotiated with the supplier in Lyon. "
        "Nobody in the room objected to the secret payments made last year. "
        "The meeting closed at four in the afternoon after a short discussion of staffing.";
    tt_text a, b;
    tt_alignment al;
    align_strings(&al, &a, &b, memo, leak);
    size_t ndel = count_kind(&al, TT_OP_DEL), nins = count_kind(&al, TT_OP_INS);
    /* "The delegates agreed that the figures must be checked again by an independent
     * auditor" is 14 words; the inserted sentence is 12 words. */
    assert_int_equal(ndel, 14);
    assert_int_equal(nins, 12);
    assert_int_equal(count_kind(&al, TT_OP_SUBST), 0);
    /* the deleted words are exactly that sentence, in one run */
    const char *s = strstr(memo, "The delegates");
    size_t k = 0;
    while (al.ops[k].kind != TT_OP_DEL)
        k++;
    assert_int_equal(a.words[al.ops[k].a].start, (uint32_t)(s - memo));
    for (size_t q = 0; q < 14; q++)
        assert_int_equal(al.ops[k + q].kind, TT_OP_DEL);
    assert_memory_equal(memo + a.words[al.ops[k + 13].a].start, "auditor", 7);
    const char *ins = strstr(leak, "Nobody");
    while (al.ops[k].kind != TT_OP_INS)
        k++;
    assert_int_equal(b.words[al.ops[k].b].start, (uint32_t)(ins - leak));
    assert_int_equal(al.a_end, a.nwords);
    assert_int_equal(al.b_end, b.nwords);
    tt_alignment__release(&al);
    mini_release(&a);
    mini_release(&b);
}

static void
excerpt_inside_unrelated_text(void **state)
{
    (void)state;
    const char *leak =
        "Posted yesterday on a forum about gardening and weather in the mountains: "
        "the delegates agreed that the figures must be checked again by an independent auditor. "
        "Several members asked whether the transport contract could be renegotiated "
        "-- anyway, my tomatoes are doing fine this year, thanks for asking everyone.";
    tt_text a, b;
    tt_alignment al;
    align_strings(&al, &a, &b, memo, leak);
    assert_int_equal(b.words[al.b_start].start, (uint32_t)(strstr(leak, "the delegates") - leak));
    assert_int_equal(b.words[al.b_end - 1].end,
                     (uint32_t)(strstr(leak, "renegotiated") - leak + strlen("renegotiated")));
    assert_int_equal(a.words[al.a_start].start, (uint32_t)(strstr(memo, "The delegates") - memo));
    assert_int_equal(al.matched, 14 + 10);
    assert_int_equal(al.nops, 24);
    tt_alignment__release(&al);
    mini_release(&a);
    mini_release(&b);
}

static void
unrelated_texts_share_little(void **state)
{
    (void)state;
    const char *leak = "Quarterly sales of garden furniture rose sharply in coastal towns, "
                       "according to a survey of retailers published on Tuesday.";
    tt_text a, b;
    tt_alignment al;
    align_strings(&al, &a, &b, memo, leak);
    assert_true(al.matched <= 3);
    tt_alignment__release(&al);
    mini_release(&a);
    mini_release(&b);
    /* and nothing at all in common */
    align_strings(&al, &a, &b, "alpha beta gamma", "red green blue yellow");
    assert_int_equal(al.nops, 0);
    assert_int_equal(al.matched, 0);
    tt_alignment__release(&al);
    mini_release(&a);
    mini_release(&b);
    /* empty texts */
    align_strings(&al, &a, &b, "", "delta");
    assert_int_equal(al.nops, 0);
    tt_alignment__release(&al);
    mini_release(&a);
    mini_release(&b);
}

static void
short_noisy_leak_without_seeds(void **state)
{
    (void)state;
    /* every trigram is broken by a typo, so the local fallback must find it */
    const char *leak = "Directr Helen Okafr reportd that teh progrm had spnt";
    tt_text a, b;
    tt_alignment al;
    align_strings(&al, &a, &b, memo, leak);
    assert_int_equal(a.words[al.a_start].start, (uint32_t)(strstr(memo, "Director") - memo));
    assert_true(al.matched >= 8);
    tt_alignment__release(&al);
    mini_release(&a);
    mini_release(&b);
}

static void
several_excerpts_out_of_order(void **state)
{
    (void)state;
    const char *leak =
        "First they wrote: Several members asked whether the transport contract could be "
        "renegotiated with the supplier in Lyon. Unrelated chatter follows here for a while "
        "about the football results and the weather on the coast this weekend, nothing more. "
        "Then: Director Helen Okafor reported that the program had spent 1200 dollars more "
        "than planned.";
    tt_text a, b;
    mini_build(&a, memo);
    mini_build(&b, leak);
    tt_alignment *als;
    size_t n;
    tt_err e = {0};
    assert_int_equal(tt_align__regions(&als, &n, &a, &b, 5, &e), 0);
    assert_int_equal(n, 2);
    for (size_t k = 0; k < n; k++)
        check_invariants(&als[k], &a, &b);
    assert_true(als[0].score >= als[1].score);
    /* one region is "Several ... Lyon" (15 words), the other "Director ... planned" (14) */
    size_t m0 = als[0].matched, m1 = als[1].matched;
    print_message("regions: %zu words [%u,%u) and %zu words [%u,%u)\n", m0, als[0].b_start,
                  als[0].b_end, m1, als[1].b_start, als[1].b_end);
    assert_int_equal(m0, 15);
    assert_int_equal(m1, 14);
    assert_int_equal(b.words[als[0].b_start].start, (uint32_t)(strstr(leak, "Several") - leak));
    assert_int_equal(b.words[als[1].b_start].start, (uint32_t)(strstr(leak, "Director") - leak));
    assert_true(als[0].b_end <= als[1].b_start || als[1].b_end <= als[0].b_start);
    tt_alignments__free(als, n);
    tt_alignments__free(NULL, 0);
    mini_release(&a);
    mini_release(&b);
}

/* Real prose: a 5,000-word stretch of the GPL with 2% typing noise aligns to it nearly whole,
 * and no digit is ever taken for noise. */
static void
long_leak_with_noise(void **state)
{
    (void)state;
    char *gpl = mini_slurp("/usr/share/common-licenses/GPL-3");
    if (!gpl) {
        print_message("# skip: cannot read /usr/share/common-licenses/GPL-3\n");
        skip();
    }
    tt_text a, b;
    mini_build(&a, gpl);
    assert_true(a.nwords > 5000);
    /* the leak: words 300..5300 of the GPL, noised */
    size_t from = a.words[300].start, to = a.words[5300].start;
    char *excerpt = strndup(gpl + from, to - from);
    char *leak = mini_noise(excerpt, 0.02, 42);
    mini_build(&b, leak);
    tt_alignment al;
    tt_err e = {0};
    assert_int_equal(tt_align__words(&al, &a, &b, 0, (uint32_t)a.nwords, 0, (uint32_t)b.nwords, &e), 0);
    check_invariants(&al, &a, &b);
    assert_true(al.a_start <= 301 && al.a_end >= 5298);
    assert_true(al.b_start <= 1 && al.b_end + 2 >= b.nwords);
    size_t nsub = count_kind(&al, TT_OP_SUBST), nnoisy = count_kind(&al, TT_OP_NOISY);
    size_t nindel = count_kind(&al, TT_OP_INS) + count_kind(&al, TT_OP_DEL);
    print_message("long leak: %zu words, %zu matched, %zu noisy, %zu subst, %zu indel\n",
                  b.nwords, al.matched, nnoisy, nsub, nindel);
    assert_true(al.matched >= b.nwords * 97 / 100);
    assert_true(nnoisy > 50); /* the noise was there, and it was recognized */
    /* every aligned pair of words with digits has the same digits */
    for (size_t k = 0; k < al.nops; k++) {
        const tt_op *o = &al.ops[k];
        if (o->kind == TT_OP_NOISY)
            assert_false((a.words[o->a].flags | b.words[o->b].flags) & TT_WORD_DIGIT &&
                         a.words[o->a].hash != b.words[o->b].hash &&
                         strspn(gpl + a.words[o->a].start, "0123456789") !=
                             strspn(leak + b.words[o->b].start, "0123456789"));
    }
    tt_alignment__release(&al);
    mini_release(&b);
    free(leak);
    free(excerpt);
    mini_release(&a);
    free(gpl);
}

/* Against a reference: on random pairs of excerpts with noise, planted substitutions and
 * deletions, every op list is valid and the aligner's score is close to the optimal local
 * alignment score (computed by a plain quadratic Smith-Waterman, match 3, noisy 2, subst -3,
 * gap -4 - 1 per word). */
static double
reference_sw(const tt_text *a, const tt_text *b)
{
    size_t n = a->nwords, m = b->nwords;
    double *M = calloc((n + 1) * (m + 1), sizeof *M), *X = calloc((n + 1) * (m + 1), sizeof *X),
           *Y = calloc((n + 1) * (m + 1), sizeof *Y);
    double best = 0, ninf = -1e18;
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            size_t c = i * (m + 1) + j;
            if (i == 0 || j == 0) {
                M[c] = X[c] = Y[c] = ninf;
                continue;
            }
            size_t d = (i - 1) * (m + 1) + (j - 1), u = (i - 1) * (m + 1) + j, l = i * (m + 1) + j - 1;
            int rel = tt_align__relate(a, (uint32_t)(i - 1), b, (uint32_t)(j - 1));
            double s = rel == TT_OP_MATCH ? 3 : rel == TT_OP_NOISY ? 2 : -3;
            double p = TT_MAX(TT_MAX(M[d], X[d]), TT_MAX(Y[d], 0));
            M[c] = p + s;
            X[c] = TT_MAX(TT_MAX(M[u] - 5, X[u] - 1), Y[u] - 5);
            Y[c] = TT_MAX(TT_MAX(M[l] - 5, Y[l] - 1), X[l] - 5);
            if (M[c] > best)
                best = M[c];
        }
    free(M);
    free(X);
    free(Y);
    return best;
}

static void
close_to_reference_on_random_leaks(void **state)
{
    (void)state;
    char *gpl = mini_slurp("/usr/share/common-licenses/GPL-3");
    if (!gpl) {
        print_message("# skip: cannot read /usr/share/common-licenses/GPL-3\n");
        skip();
    }
    tt_text a;
    mini_build(&a, gpl);
    uint64_t seed = 7;
    double worst = 1.0;
    for (int round = 0; round < 25; round++) {
        size_t w0 = mini_rand(&seed) % (a.nwords - 400), len = 40 + mini_rand(&seed) % 200;
        /* build the leak: the excerpt with a sentence-sized hole and noise */
        size_t hole = w0 + len / 3, hole_len = mini_rand(&seed) % 20;
        tt_buf lb;
        tt_buf_init(&lb);
        tt_buf_add(&lb, gpl + a.words[w0].start, a.words[hole].start - a.words[w0].start);
        tt_buf_adds(&lb, " ");
        tt_buf_add(&lb, gpl + a.words[hole + hole_len].start,
                   a.words[w0 + len].start - a.words[hole + hole_len].start);
        char *leak = mini_noise(lb.data, 0.03, seed);
        tt_buf_release(&lb);
        /* an orig window around it, so the reference stays cheap */
        size_t o0 = w0 > 100 ? w0 - 100 : 0, o1 = TT_MIN(a.nwords, w0 + len + 100);
        char *orig = strndup(gpl + a.words[o0].start, a.words[o1 - 1].end - a.words[o0].start);
        tt_text oa, b;
        mini_build(&oa, orig);
        mini_build(&b, leak);
        tt_alignment al;
        tt_err e = {0};
        assert_int_equal(tt_align__words(&al, &oa, &b, 0, (uint32_t)oa.nwords, 0, (uint32_t)b.nwords, &e), 0);
        check_invariants(&al, &oa, &b);
        double ref = reference_sw(&oa, &b);
        assert_true(al.score <= ref + 1e-9);
        if (ref > 0 && al.score / ref < worst)
            worst = al.score / ref;
        tt_alignment__release(&al);
        mini_release(&oa);
        mini_release(&b);
        free(orig);
        free(leak);
    }
    print_message("worst score ratio to the optimal local alignment: %.3f\n", worst);
    assert_true(worst >= 0.95);
    mini_release(&a);
    free(gpl);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_texts_align_fully),
        cmocka_unit_test(relate_rules),
        cmocka_unit_test(typos_are_noisy_and_digits_are_substitutions),
        cmocka_unit_test(dropped_and_inserted_sentences),
        cmocka_unit_test(excerpt_inside_unrelated_text),
        cmocka_unit_test(unrelated_texts_share_little),
        cmocka_unit_test(short_noisy_leak_without_seeds),
        cmocka_unit_test(several_excerpts_out_of_order),
        cmocka_unit_test(long_leak_with_noise),
        cmocka_unit_test(close_to_reference_on_random_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
