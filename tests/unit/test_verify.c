/* SPDX-License-Identifier: Apache-2.0 */
/* test_verify.c: classification of leaks against an original: each alteration kind planted in
 * a fixture and in real prose (the GPL) is reported with its original, leaked text and spans;
 * clean and reformatted excerpts are authentic; unrelated prose is unrelated; typing noise is
 * not an alteration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "mini_text.h"
#include "telltale/verify.h"

static const char *const memo =
    "MEMORANDUM\n\n"
    "The committee met on 12 March 2024 in Geneva to review the budget of the northern\n"
    "program. Director Helen Okafor reported that the program had spent 1200 dollars more\n"
    "than planned, and that the shelter would not open before the winter. The delegates\n"
    "agreed that the figures must be checked again by an independent auditor. Several members\n"
    "asked whether the transport contract could be renegotiated with the supplier in Lyon.\n"
    "Questions may be sent by e-mail to the secretariat. The meeting closed at four in the\n"
    "afternoon after a short discussion of staffing.\n";

static tt_verify_result *
verify(const char *orig, const char *leak)
{
    tt_verify_result *r = NULL;
    assert_int_equal(tt_verify_text(orig, strlen(orig), leak, strlen(leak), "dtest", &r), 0);
    assert_non_null(r);
    /* the spans cut the leak into consecutive pieces */
    size_t pos = 0;
    for (size_t k = 0; k < r->nspans; k++) {
        assert_int_equal(r->spans[k].start, pos);
        assert_true(r->spans[k].end >= r->spans[k].start);
        if (r->spans[k].kind >= TT_SPAN_ALTERED)
            assert_true(r->spans[k].change < r->nchanges);
        pos = r->spans[k].end;
    }
    assert_int_equal(pos, r->leak_len);
    return r;
}

/* The leak with one substring replaced. */
static char *
replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    size_t n = strlen(s), nf = strlen(from), nt = strlen(to);
    char *o = malloc(n - nf + nt + 1);
    memcpy(o, s, (size_t)(p - s));
    memcpy(o + (p - s), to, nt);
    memcpy(o + (p - s) + nt, p + nf, n - (size_t)(p - s) - nf + 1);
    return o;
}

/* base with `from` replaced by `to`, verified against orig: an alteration, with a change. */
static void
assert_altered(const char *orig, const char *base, const char *from, const char *to)
{
    char *leak = replace(base, from, to);
    tt_verify_result *r = verify(orig, leak);
    assert_int_equal(r->verdict, TT_VERDICT_ALTERED);
    assert_true(r->nchanges >= 1);
    tt_verify_result_free(r);
    free(leak);
}

/* Exactly one change, of this kind and what, with these texts, and spans that point at them. */
static void
expect_one(const tt_verify_result *r, const char *orig, int kind, const char *what,
           const char *original, const char *leaked)
{
    if (r->nchanges != 1) {
        for (size_t k = 0; k < r->nchanges; k++)
            print_message("change %zu: %s %s '%s' -> '%s'\n", k,
                          tt_change_kind_name(r->changes[k].kind), r->changes[k].what,
                          r->changes[k].original, r->changes[k].leaked);
        fail_msg("expected one change, got %zu", r->nchanges);
    }
    const tt_change *c = &r->changes[0];
    assert_int_equal(r->verdict, TT_VERDICT_ALTERED);
    assert_string_equal(tt_verdict_name(r->verdict), "altered");
    assert_int_equal(c->kind, kind);
    assert_string_equal(c->what, what);
    assert_string_equal(c->original, original);
    assert_string_equal(c->leaked, leaked);
    assert_int_equal(c->orig_end - c->orig_start, strlen(original));
    assert_memory_equal(orig + c->orig_start, original, strlen(original));
    assert_int_equal(c->leak_end - c->leak_start, strlen(leaked));
    assert_memory_equal(r->leak + c->leak_start, leaked, strlen(leaked));
    /* and a span of the leak marks it */
    int want = kind == TT_CHANGE_INSERTED ? TT_SPAN_INSERTED
               : kind == TT_CHANGE_MISSING ? TT_SPAN_MISSING
                                           : (*leaked ? TT_SPAN_ALTERED : TT_SPAN_MISSING);
    size_t found = 0;
    for (size_t k = 0; k < r->nspans; k++)
        if (r->spans[k].change == 0 && r->spans[k].kind == want)
            found++;
    assert_true(found >= 1);
}

static void
planted(const char *from, const char *to, int kind, const char *what, const char *original,
        const char *leaked)
{
    char *leak = replace(memo, from, to);
    tt_verify_result *r = verify(memo, leak);
    expect_one(r, memo, kind, what, original, leaked);
    assert_string_equal(r->doc, "dtest");
    tt_verify_result_free(r);
    free(leak);
}

static void
number_altered(void **state)
{
    (void)state;
    planted("spent 1200 dollars", "spent 12000 dollars", TT_CHANGE_ALTERED, "number", "1200",
            "12000");
    planted("at four in", "at five in", TT_CHANGE_ALTERED, "number", "four", "five");
}

/* A changed figure is reported as the whole number token, with its separators and sign. */
static void
whole_numbers(void **state)
{
    (void)state;
    static const char *const fuel =
        "Camp Tessaly holds 412,000 litres of diesel against a planned reserve of 600,000\n"
        "litres. Daily use over the past month has averaged 9,800 litres, which is 14% above\n"
        "the figure we used in the autumn. The four convoys will cost an estimated $1,250.50\n"
        "per tanker and leave the depot at the usual hour under escort of the third company.\n";
    struct {
        const char *from, *to, *original, *leaked;
    } cases[] = {
        {"412,000", "112,000", "412,000", "112,000"},
        {"412,000", "412,900", "412,000", "412,900"},
        {"412,000", "112,900", "412,000", "112,900"},
        {"9,800", "9,300", "9,800", "9,300"},
        {"14%", "19%", "14%", "19%"},
        {"$1,250.50", "$1,750.50", "$1,250.50", "$1,750.50"},
        {"600,000\n", "600,000.5\n", "600,000", "600,000.5"},
    };
    for (size_t k = 0; k < TT_ARRAY_LEN(cases); k++) {
        char *leak = replace(fuel, cases[k].from, cases[k].to);
        tt_verify_result *r = verify(fuel, leak);
        expect_one(r, fuel, TT_CHANGE_ALTERED, "number", cases[k].original, cases[k].leaked);
        tt_verify_result_free(r);
        free(leak);
    }
}

/* A typing slip in a protected word (two letters swapped, one doubled or dropped) is noise;
 * a slip that makes another common word is an alteration. */
static void
protected_typos(void **state)
{
    (void)state;
    static const char *const law =
        "The licensee shall keep the records for three years and you must not share them with\n"
        "any other party. The auditor will never be told the location of the archive, and no\n"
        "copy may leave the building before the end of the month without written consent.\n";
    static const char *const noise[][2] = {
        {"you must", "yuo must"}, {"shall keep", "sahll keep"}, {"shall keep", "shal keep"},
        {"will never", "wiill never"}, {"must not", "must nto"}, {"three years", "thre years"},
    };
    for (size_t k = 0; k < TT_ARRAY_LEN(noise); k++) {
        char *leak = replace(law, noise[k][0], noise[k][1]);
        tt_verify_result *r = verify(law, leak);
        if (r->nchanges)
            fail_msg("'%s' -> '%s' reported as %s '%s' -> '%s'", noise[k][0], noise[k][1],
                     r->changes[0].what, r->changes[0].original, r->changes[0].leaked);
        assert_int_equal(r->verdict, TT_VERDICT_AUTHENTIC);
        tt_verify_result_free(r);
        free(leak);
    }
    char *leak = replace(law, "three years", "there years");
    tt_verify_result *r = verify(law, leak);
    expect_one(r, law, TT_CHANGE_ALTERED, "number", "three", "there");
    tt_verify_result_free(r);
    free(leak);
    leak = replace(law, "will never be", "will ever be");
    r = verify(law, leak);
    expect_one(r, law, TT_CHANGE_ALTERED, "negation", "never", "ever");
    tt_verify_result_free(r);
    free(leak);
    leak = replace(law, "and no\ncopy", "and on\ncopy");
    r = verify(law, leak);
    expect_one(r, law, TT_CHANGE_ALTERED, "negation", "no", "on");
    tt_verify_result_free(r);
    free(leak);
}

static void
date_altered(void **state)
{
    (void)state;
    planted("12 March 2024", "14 March 2024", TT_CHANGE_ALTERED, "date", "12 March 2024",
            "14 March 2024");
    planted("12 March 2024", "12 May 2024", TT_CHANGE_ALTERED, "date", "12 March 2024",
            "12 May 2024");
    planted("12 March 2024", "12 March 2023", TT_CHANGE_ALTERED, "date", "12 March 2024",
            "12 March 2023");
}

static void
name_altered(void **state)
{
    (void)state;
    planted("Helen Okafor", "Helen Mensah", TT_CHANGE_ALTERED, "name", "Okafor", "Mensah");
    planted("supplier in Lyon", "supplier in Marseille", TT_CHANGE_ALTERED, "name", "Lyon",
            "Marseille");
}

static void
negation_altered(void **state)
{
    (void)state;
    planted("would not open", "would open", TT_CHANGE_ALTERED, "negation", "not", "");
    planted("could be renegotiated", "could not be renegotiated", TT_CHANGE_ALTERED, "negation",
            "", "not");
    planted("would not open", "would never open", TT_CHANGE_ALTERED, "negation", "not", "never");
    planted("the figures must be", "the figures need not be", TT_CHANGE_ALTERED, "negation",
            "must", "need not");
}

static void
sentence_inserted(void **state)
{
    (void)state;
    planted("auditor. Several", "auditor. Nobody in the room objected to the secret payments "
                                "made last year. Several",
            TT_CHANGE_INSERTED, "text", "",
            "Nobody in the room objected to the secret payments made last year");
}

static void
sentence_dropped_reports_original(void **state)
{
    (void)state;
    char *leak = replace(memo, " The delegates\nagreed that the figures must be checked again by "
                               "an independent auditor.", "");
    tt_verify_result *r = verify(memo, leak);
    assert_int_equal(r->nchanges, 1);
    assert_int_equal(r->changes[0].kind, TT_CHANGE_MISSING);
    assert_string_equal(r->changes[0].original, "The delegates\nagreed that the figures must be "
                                                "checked again by an independent auditor");
    assert_string_equal(r->changes[0].leaked, "");
    /* the cut is placed right after "winter" in the leak */
    const char *w = strstr(leak, "winter");
    assert_int_equal(r->changes[0].leak_start, (size_t)(w - leak) + 6);
    tt_verify_result_free(r);
    free(leak);
}

static void
clean_and_reformatted_excerpts_are_authentic(void **state)
{
    (void)state;
    /* an excerpt with different line breaks, case, quotes, dashes, a zero-width space,
     * "e-mail" written "email" and "program" as "programme" */
    const char *leak =
        "Director Helen Okafor reported that the programme had spent 1200 dollars more than "
        "planned \xe2\x80\x94 and that the shelter would not open before the winter. THE "
        "DELEGATES agreed that the figures must be che\xe2\x80\x8b" "cked again by an "
        "independent auditor. Several members asked whether the transport contract could be "
        "renegotiated with the supplier in Lyon. Questions may be sent by email to the "
        "secretariat.";
    tt_verify_result *r = verify(memo, leak);
    for (size_t k = 0; k < r->nchanges; k++)
        print_message("unexpected change: %s '%s' -> '%s'\n", r->changes[k].what,
                      r->changes[k].original, r->changes[k].leaked);
    assert_int_equal(r->nchanges, 0);
    assert_int_equal(r->verdict, TT_VERDICT_AUTHENTIC);
    assert_int_equal(r->passages, 1);
    assert_int_equal(r->matched_words, r->leak_words);
    tt_verify_result_free(r);

    /* a quote inside commentary: the commentary is outside, not inserted */
    const char *post = "lol look at this leaked thing: \"the shelter would not open before the "
                       "winter. The delegates agreed that the figures must be checked again\" "
                       "wow unbelievable, share it everywhere";
    r = verify(memo, post);
    assert_int_equal(r->verdict, TT_VERDICT_AUTHENTIC);
    assert_int_equal(r->spans[0].kind, TT_SPAN_OUTSIDE);
    assert_int_equal(r->spans[r->nspans - 1].kind, TT_SPAN_OUTSIDE);
    tt_verify_result_free(r);
}

static void
unrelated_prose_is_unrelated(void **state)
{
    (void)state;
    const char *leak = "Quarterly sales of garden furniture rose sharply in coastal towns, "
                       "according to a survey of retailers published on Tuesday. Analysts said "
                       "the warm spring and a strong tourist season explained most of the rise.";
    tt_verify_result *r = verify(memo, leak);
    assert_int_equal(r->verdict, TT_VERDICT_UNRELATED);
    assert_string_equal(r->doc, "");
    assert_int_equal(r->nchanges, 0);
    tt_verify_result_free(r);
    /* empty and word-less leaks */
    r = verify(memo, "");
    assert_int_equal(r->verdict, TT_VERDICT_UNRELATED);
    tt_verify_result_free(r);
    r = verify(memo, "... --- !!!");
    assert_int_equal(r->verdict, TT_VERDICT_UNRELATED);
    tt_verify_result_free(r);
}

static void
several_changes_in_leak_order(void **state)
{
    (void)state;
    char *l1 = replace(memo, "spent 1200", "spent 2100");
    char *l2 = replace(l1, "Helen Okafor", "Helen Mensah");
    char *leak = replace(l2, "would not open", "would open");
    tt_verify_result *r = verify(memo, leak);
    assert_int_equal(r->nchanges, 3);
    assert_string_equal(r->changes[0].what, "name");
    assert_string_equal(r->changes[1].what, "number");
    assert_string_equal(r->changes[2].what, "negation");
    assert_true(r->changes[0].leak_start < r->changes[1].leak_start);
    assert_true(r->changes[1].leak_start < r->changes[2].leak_start);
    tt_verify_result_free(r);
    free(l1);
    free(l2);
    free(leak);
}

/* Real prose: the GPL.  A planted change in a long excerpt is found with its original; 2%
 * typing noise makes alterations of fewer than 1% of the aligned words. */
static void
gpl_planted_and_noise(void **state)
{
    (void)state;
    char *gpl = mini_slurp("/usr/share/common-licenses/GPL-3");
    if (!gpl) {
        print_message("# skip: cannot read /usr/share/common-licenses/GPL-3\n");
        skip();
    }
    const char *start = strstr(gpl, "  When we speak of free software");
    const char *end = strstr(gpl, "  The precise terms and conditions");
    assert_non_null(start);
    assert_non_null(end);
    char *excerpt = strndup(start, (size_t)(end - start));
    char *leak = replace(excerpt, "patents cannot be used", "patents can be used");
    tt_verify_result *r = verify(gpl, leak);
    expect_one(r, gpl, TT_CHANGE_ALTERED, "negation", "cannot", "can");
    tt_verify_result_free(r);
    free(leak);

    leak = replace(excerpt, "freedom, not\nprice", "freedom, not\ncost");
    r = verify(gpl, leak);
    expect_one(r, gpl, TT_CHANGE_ALTERED, "word", "price", "cost");
    tt_verify_result_free(r);
    free(leak);

    /* the whole license body, with 2% noise, in 5 different draws */
    const char *body = strstr(gpl, "                            Preamble");
    size_t words = 0, changed = 0;
    for (uint64_t seed = 1; seed <= 5; seed++) {
        char *noisy = mini_noise(body, 0.02, seed * 7919);
        r = verify(gpl, noisy);
        assert_int_equal(r->passages, 1);
        words += r->aligned_words;
        for (size_t k = 0; k < r->nchanges; k++) {
            /* count the leak words the change covers (at least one) */
            size_t n = 1;
            for (const char *p = r->changes[k].leaked; *p; p++)
                n += *p == ' ';
            changed += n;
        }
        if (seed == 1)
            for (size_t k = 0; k < r->nchanges && k < 12; k++)
                print_message("noise change: %s %s '%s' -> '%s'\n",
                              tt_change_kind_name(r->changes[k].kind), r->changes[k].what,
                              r->changes[k].original, r->changes[k].leaked);
        tt_verify_result_free(r);
        free(noisy);
    }
    print_message("2%% noise: %zu changed of %zu aligned words (%.3f%%)\n", changed, words,
                  100.0 * (double)changed / (double)words);
    assert_true(changed * 100 < words);
    free(excerpt);
    free(gpl);
}

static void
hostile_bytes_do_not_break_spans(void **state)
{
    (void)state;
    /* NUL bytes and invalid UTF-8 inside the leak */
    static const char leak[] = "Director Helen Okafor reported that the program had spent "
                               "18\0\xff" "00 dollars more than planned, and that the shelter "
                               "would not open before the winter.";
    tt_verify_result *r = NULL;
    assert_int_equal(tt_verify_text(memo, strlen(memo), leak, sizeof leak - 1, NULL, &r), 0);
    assert_int_equal(r->verdict, TT_VERDICT_ALTERED);
    assert_int_equal(r->leak_len, sizeof leak - 1);
    for (size_t k = 0; k < r->nchanges; k++) {
        /* the texts are valid UTF-8 without NUL */
        assert_int_equal(strlen(r->changes[k].leaked) > 0, 1);
        for (const unsigned char *p = (const unsigned char *)r->changes[k].leaked; *p; p++)
            assert_true(*p != 0xff);
    }
    tt_verify_result_free(r);
    tt_verify_result_free(NULL);
}

/* Neighbouring marking variants arrive as one stretch ("about eleven" -> "around 11"): each
 * piece is a variant, so the whole is no alteration; a real change next to a variant still is. */
static void
neighbouring_variants_are_not_alterations(void **state)
{
    (void)state;
    const char *orig = "The forward posts are in a weaker position this week. Korven-1 and Korven-3 "
                       "each hold about eleven days of fuel, and the road stays open until 20 "
                       "March unless the weather turns before the end of the month.";
    char *a = replace(orig, "about eleven", "around 11");
    char *leak = replace(a, "until 20 March", "till March 20");
    tt_verify_result *r = verify(orig, leak);
    assert_int_equal(r->verdict, TT_VERDICT_AUTHENTIC);
    assert_int_equal(r->nchanges, 0);
    tt_verify_result_free(r);
    free(leak);
    free(a);
    a = replace(orig, "about eleven", "around 12");
    r = verify(orig, a);
    assert_int_equal(r->verdict, TT_VERDICT_ALTERED);
    assert_int_equal(r->nchanges, 1);
    assert_non_null(strstr(r->changes[0].leaked, "12"));
    assert_non_null(strstr(r->changes[0].original, "eleven"));
    tt_verify_result_free(r);
    free(a);
}

/* Variant table 5: a list of three in another of its six orders is a variant (also with a
 * typo in it), never an alteration; a list with an item changed still is one. */
static void
list_orders_are_variants(void **state)
{
    (void)state;
    const char *orig = "The audit team met in the spring at the head office. The audit looked at\n"
                       "the invoices, the receipts and the payroll. The council will pay for the\n"
                       "roads, the drains and the lights, and the staff will report in a week.\n";
    const char *const same[] = {
        "The audit team met in the spring at the head office. The audit looked at the payroll,\n"
        "the invoices and the receipts. The council will pay for the lights, the roads and the\n"
        "drains, and the staff will report in a week.\n",
        "The audit team met in the spring at the head office. The audit looked at the payroll,\n"
        "the invoices and the receipts. The council will pay for the lights, the roadz and the\n"
        "drains, and the staff will report in a week.\n",
    };
    for (size_t k = 0; k < 2; k++) {
        tt_verify_result *r = verify(orig, same[k]);
        if (r->nchanges)
            fail_msg("order %zu: %zu changes, first '%s' -> '%s'", k, r->nchanges,
                     r->changes[0].original, r->changes[0].leaked);
        assert_int_equal(r->verdict, TT_VERDICT_AUTHENTIC);
        tt_verify_result_free(r);
    }
    /* an item of two words moved across a line break: the aligner sees words inserted */
    const char *orig2 = "The regional office has finished its review of the lease. Each manager\n"
                        "will receive the contact\nsheet, the floor plan and the new badges. The\n"
                        "budget has been approved by the finance team of the regional office.\n";
    const char *moved = "The regional office has finished its review of the lease. Each manager\n"
                        "will receive the new\nbadges, the contact sheet and the floor plan. The\n"
                        "budget has been approved by the finance team of the regional office.\n";
    tt_verify_result *r2 = verify(orig2, moved);
    if (r2->nchanges)
        fail_msg("moved item: %zu changes, first '%s' -> '%s'", r2->nchanges,
                 r2->changes[0].original, r2->changes[0].leaked);
    tt_verify_result_free(r2);
    assert_altered(orig, same[0], "the invoices and", "the salaries and");
}

/* Variant table 6: any of the four words of approximation before a number is a variant of
 * any other ("about 40" / "roughly 40"), never an alteration; the number changed still is one. */
static void
approximators_are_variants(void **state)
{
    (void)state;
    const char *orig = "The new depot will hold about 520,000 litres of fuel, enough for roughly\n"
                       "five weeks at the current rate. The convoys cost approximately 40,000\n"
                       "crowns each, and the escort adds around 12 per cent to that figure.\n";
    const char *const words[][4] = {{"about 520", "around 520", "approximately 520", "roughly 520"},
                                    {"roughly\nfive", "about\nfive", "around\nfive",
                                     "approximately\nfive"},
                                    {"approximately 40", "roughly 40", "about 40", "around 40"},
                                    {"around 12", "approximately 12", "roughly 12", "about 12"}};
    for (int v = 1; v < 4; v++) {
        char *leak = strdup(orig);
        for (size_t k = 0; k < 4; k++) {
            char *n = replace(leak, words[k][0], words[k][v]);
            free(leak);
            leak = n;
        }
        assert_null(strstr(leak, words[0][0]));
        tt_verify_result *r = verify(orig, leak);
        if (r->nchanges)
            fail_msg("variant %d: %zu changes, first '%s' -> '%s'", v, r->nchanges,
                     r->changes[0].original, r->changes[0].leaked);
        assert_int_equal(r->verdict, TT_VERDICT_AUTHENTIC);
        tt_verify_result_free(r);
        free(leak);
    }
    assert_altered(orig, orig, "about 520,000", "roughly 620,000");
}

/* Table 7: "all the" / "all of the" and "think we" / "think that we" are variants, in
 * either direction, and a copy holding them is the original with variants; a real change
 * next to them still is an alteration. */
static void
all_of_and_that_are_variants(void **state)
{
    (void)state;
    const char *orig = "The auditors checked all the invoices and all of the receipts before the\n"
                       "meeting. The committee believed they were right, and we think that we\n"
                       "should keep all its records for five years.\n";
    const char *const pairs[][2] = {{"all the invoices", "all of the invoices"},
                                    {"all of the receipts", "all the receipts"},
                                    {"believed they", "believed that they"},
                                    {"think that we", "think we"},
                                    {"all its records", "all of its records"}};
    for (size_t k = 0; k < TT_ARRAY_LEN(pairs); k++) {
        char *leak = replace(orig, pairs[k][0], pairs[k][1]);
        assert_non_null(strstr(leak, pairs[k][1]));
        tt_verify_result *r = verify(orig, leak);
        if (r->nchanges)
            fail_msg("'%s' -> '%s': %zu changes, first '%s' -> '%s'", pairs[k][0], pairs[k][1],
                     r->nchanges, r->changes[0].original, r->changes[0].leaked);
        assert_int_equal(r->verdict, TT_VERDICT_AUTHENTIC);
        tt_verify_result_free(r);
        free(leak);
    }
    assert_altered(orig, orig, "all of the receipts", "all of the refunds");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(number_altered),
        cmocka_unit_test(whole_numbers),
        cmocka_unit_test(protected_typos),
        cmocka_unit_test(date_altered),
        cmocka_unit_test(name_altered),
        cmocka_unit_test(negation_altered),
        cmocka_unit_test(sentence_inserted),
        cmocka_unit_test(sentence_dropped_reports_original),
        cmocka_unit_test(clean_and_reformatted_excerpts_are_authentic),
        cmocka_unit_test(unrelated_prose_is_unrelated),
        cmocka_unit_test(several_changes_in_leak_order),
        cmocka_unit_test(gpl_planted_and_noise),
        cmocka_unit_test(hostile_bytes_do_not_break_spans),
        cmocka_unit_test(list_orders_are_variants),
        cmocka_unit_test(approximators_are_variants),
        cmocka_unit_test(all_of_and_that_are_variants),
        cmocka_unit_test(neighbouring_variants_are_not_alterations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
