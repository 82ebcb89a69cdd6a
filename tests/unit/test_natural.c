/* SPDX-License-Identifier: Apache-2.0 */
/* test_natural.c: the naturalness check (bench/natural.h) on real Debian prose: copies made
 * with variant table 3 and later (the current table) have no defect of any kind (spelling, dialect, quote style,
 * abbreviation form, change inside a quotation); table 2's copies of the same documents do,
 * so the check can fail. */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <sys/stat.h>

#include "natural.h"
#include "variants.h"

/* Check `copies` copies of every `step`-th file of the pattern with table `table`. */
static void
check_corpus(nat_dicts *d, const char *pattern, size_t step, unsigned table, unsigned copies,
             nat_counts *c, size_t *files, size_t *changed)
{
    glob_t g;
    if (glob(pattern, 0, NULL, &g) != 0)
        return;
    for (size_t f = 0; f < g.gl_pathc; f += step) {
        size_t len;
        char *t = nat_slurp(g.gl_pathv[f], (size_t)4 << 20, &len);
        if (!t)
            continue;
        tt_slots s;
        tt_slot_opts o = {.channels = TT_CH_LEXICAL, .table = table};
        assert_int_equal(tt_slots__find(&s, t, len, &o, NULL), 0);
        (*files)++;
        uint8_t *bits = malloc(s.n ? s.n : 1);
        assert_non_null(bits);
        uint64_t x = 0x2545F4914F6CDD1Du ^ (uint64_t)f;
        for (unsigned k = 0; k < copies; k++) {
            for (size_t i = 0; i < s.n; i++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                bits[i] = (uint8_t)(x % s.v[i].nvar); /* a bit; a q-ary slot: any variant */
                *changed += s.v[i].group == i && bits[i] != s.v[i].orig;
            }
            assert_int_equal(nat_check(d, t, len, &s, bits, c), 0);
        }
        free(bits);
        tt_slots__release(&s);
        free(t);
    }
    globfree(&g);
}

static void
table3_copies_of_debian_prose_have_no_defect(void **state)
{
    (void)state;
    nat_dicts d = {0};
    if (nat_open(&d)) {
        nat_close(&d);
        fail_msg("the en_US and en_GB hunspell dictionaries are missing (scripts/install-deps)");
    }
    static const struct {
        const char *pattern;
        size_t step;
    } corpora[] = {
        {"/usr/share/common-licenses/*", 1},
        {"/usr/share/doc/*/copyright", 24},
        {"/usr/share/doc/*/README*[!z]", 8},
    };
    nat_counts c3 = {0}, c2 = {0};
    size_t files = 0, changed = 0, files2 = 0, changed2 = 0;
    for (size_t k = 0; k < TT_ARRAY_LEN(corpora); k++) {
        check_corpus(&d, corpora[k].pattern, corpora[k].step, TT_VARIANTS_TABLE, 2, &c3, &files, &changed);
        check_corpus(&d, corpora[k].pattern, corpora[k].step, 2, 2, &c2, &files2, &changed2);
    }
    if (files < 10) {
        nat_close(&d);
        skip(); /* not a Debian system: no prose to check */
    }
    print_message("table %u: %zu files, %zu words of copy, %zu code bits changed; defects "
                  "spelling %zu dialect %zu quotes %zu abbreviations %zu quotation %zu\n",
                  TT_VARIANTS_TABLE, files, c3.words, changed, c3.spelling, c3.dialect, c3.quotes, c3.abbrev,
                  c3.quotation);
    print_message("table 2: defects spelling %zu dialect %zu quotes %zu abbreviations %zu "
                  "quotation %zu\n",
                  c2.spelling, c2.dialect, c2.quotes, c2.abbrev, c2.quotation);
    assert_true(changed > 100); /* the copies do differ from their originals */
    assert_int_equal(c3.spelling, 0);
    assert_int_equal(c3.dialect, 0);
    assert_int_equal(c3.quotes, 0);
    assert_int_equal(c3.abbrev, 0);
    assert_int_equal(c3.quotation, 0);
    /* the check sees what table 2 did */
    assert_true(c2.quotes > 0 && c2.dialect > 0 && c2.quotation > 0);
    nat_close(&d);
}

/* The checker itself on written cases: each defect kind is counted. */
static void
checker_counts_each_kind(void **state)
{
    (void)state;
    nat_dicts d = {0};
    if (nat_open(&d)) {
        nat_close(&d);
        fail_msg("the en_US and en_GB hunspell dictionaries are missing (scripts/install-deps)");
    }
    const char *t = "He said \"we will cooperate\" and \"the color is gray\". Mr. Smith and "
                    "Mr. Jones met at the center to finalize the plan.\n";
    tt_slots s;
    tt_slot_opts o2 = {.channels = TT_CH_LEXICAL, .table = 2};
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o2, NULL), 0);
    uint8_t *bits = calloc(s.n, 1);
    assert_non_null(bits);
    /* flip alternate slots: per-slot choices of table 2 */
    for (size_t i = 0; i < s.n; i++)
        bits[i] = (uint8_t)(i % 2 ? !s.v[i].orig : s.v[i].orig);
    nat_counts c = {0};
    assert_int_equal(nat_check(&d, t, strlen(t), &s, bits, &c), 0);
    assert_true(c.quotation > 0); /* "cooperate" -> "co-operate" inside the quotation */
    assert_true(c.quotes + c.abbrev + c.dialect > 0);
    free(bits);
    tt_slots__release(&s);
    nat_close(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checker_counts_each_kind),
        cmocka_unit_test(table3_copies_of_debian_prose_have_no_defect),
    };
    return cmocka_run_group_tests_name("natural", tests, NULL, NULL);
}
