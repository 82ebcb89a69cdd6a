/* SPDX-License-Identifier: Apache-2.0 */
/* test_slots.c: the slot finder and renderer: expected slots on written sentences, nothing
 * touched that must not be (numbers, names, negations), exact round trips, vetoes, and the
 * same properties on real licence text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slots.h"
#include "variants.h"

static int
has_slot(const tt_slots *s, const char *rule, const char *v0, const char *v1)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i].rule, rule) != 0)
            continue;
        const char *a = tt_slots__variant(s, i, 0, NULL), *b = tt_slots__variant(s, i, 1, NULL);
        if ((!v0 || strcmp(a, v0) == 0) && (!v1 || strcmp(b, v1) == 0))
            return 1;
    }
    return 0;
}

static void
finds_expected_slots(void **state)
{
    (void)state;
    const char *t = "We will cooperate in order to finalize the e-mail, the report, and the memo. "
                    "Therefore, we said that the plan is sound. Send it toward the centre "
                    "which is open. The copy that you received is yours.";
    tt_slots s;
    /* table 2: every slot its own bit (table 3 ties the dialect's "finalize" and "centre") */
    tt_slot_opts o2 = {.table = 2};
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o2, NULL), 0);
    assert_true(has_slot(&s, "hyphenation", "cooperate", "co-operate"));
    assert_true(has_slot(&s, "function-word", "in order to", "to"));
    assert_true(has_slot(&s, "ize-ise", "finalize", "finalise"));
    assert_true(has_slot(&s, "hyphenation", "email", "e-mail"));
    assert_true(has_slot(&s, "serial-comma", ", ", " "));
    assert_true(has_slot(&s, "adverb-comma", ", ", " "));
    assert_true(has_slot(&s, "that-omission", " that", ""));
    assert_true(has_slot(&s, "function-word", "toward", "towards"));
    assert_true(has_slot(&s, "spelling", "center", "centre"));
    assert_true(has_slot(&s, "which-that", "which", "that"));
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.v[i].channel, TT_CH_LEXICAL);
        if (i)
            assert_true(s.v[i].start >= s.v[i - 1].end);
    }
    /* Rendering every slot as the text has it gives the text back, byte for byte. */
    uint8_t *bits = malloc(s.n);
    for (size_t i = 0; i < s.n; i++)
        bits[i] = s.v[i].orig;
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_slots__render(&b, t, strlen(t), &s, bits), 0);
    assert_string_equal(b.data, t);
    /* Flipping every slot changes the text at each slot. */
    for (size_t i = 0; i < s.n; i++)
        bits[i] = !s.v[i].orig;
    tt_buf_release(&b);
    assert_int_equal(tt_slots__render(&b, t, strlen(t), &s, bits), 0);
    assert_non_null(strstr(b.data, "co-operate to finalise the email, the report and the memo"));
    assert_non_null(strstr(b.data, "Therefore we said the plan"));
    tt_buf_release(&b);
    free(bits);
    tt_slots__release(&s);
}

static void
leaves_names_numbers_and_negations(void **state)
{
    (void)state;
    /* "Organization" and "Center" are capitalized inside a sentence: names, untouched. */
    const char *t = "The Acme Organization will not pay 1,500 dollars to the Center. "
                    "It is not 2,000 and never was; CENTER and COLOR stay.";
    tt_slots s;
    assert_int_equal(tt_slots__find(&s, t, strlen(t), NULL, NULL), 0);
    for (size_t i = 0; i < s.n; i++) {
        const char *a = tt_slots__variant(&s, i, 0, NULL), *b = tt_slots__variant(&s, i, 1, NULL);
        assert_null(strstr(a, "Organ"));
        assert_null(strstr(b, "Cent"));
        assert_null(strstr(a, "not"));
        assert_null(strstr(b, "not"));
        assert_null(strstr(a, "COLO"));
    }
    assert_true(has_slot(&s, "thousands-separator", ",", ""));
    tt_slots__release(&s);
    /* Contractions only in informal text. */
    const char *formal = "The licensee does not agree. It is final.";
    assert_int_equal(tt_slots__find(&s, formal, strlen(formal), NULL, NULL), 0);
    assert_false(has_slot(&s, "contraction", NULL, NULL));
    tt_slots__release(&s);
    const char *informal = "We don't know. It's late and we can't stay; it is not our call. "
                           "They're here.";
    assert_int_equal(tt_slots__find(&s, informal, strlen(informal), NULL, NULL), 0);
    assert_true(s.informal);
    assert_true(has_slot(&s, "contraction", "do not", "don't"));
    assert_true(has_slot(&s, "contraction", "it is", "it's"));
    tt_slots__release(&s);
}

static void
exclusions_remove_slots(void **state)
{
    (void)state;
    const char *t = "Send the e-mail toward the centre in order to organize it.";
    const char *ex[] = {"hyphenation", "*ise"};
    tt_slot_opts o = {.exclude = ex, .nexclude = 2};
    tt_slots s;
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o, NULL), 0);
    assert_false(has_slot(&s, "hyphenation", NULL, NULL));
    assert_false(has_slot(&s, "ize-ise", NULL, NULL));
    assert_true(has_slot(&s, "function-word", "toward", "towards"));
    tt_slots__release(&s);
}

static void
unicode_channel_is_dense_and_invisible(void **state)
{
    (void)state;
    const char *t = "the quick brown fox jumps over the lazy dog and then it runs away into the "
                    "deep dark forest where nobody will ever find it again";
    tt_slot_opts o = {.channels = TT_CH_UNICODE};
    tt_slots s;
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o, NULL), 0);
    size_t words = 1;
    for (const char *p = t; *p; p++)
        words += *p == ' ';
    assert_true(s.n * 100 >= 100 * words);
    uint8_t *bits = malloc(s.n);
    for (size_t i = 0; i < s.n; i++) {
        bits[i] = (uint8_t)(i * 7 % 3 == 0);
        assert_int_equal(s.v[i].orig, 2);
    }
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_slots__render(&b, t, strlen(t), &s, bits), 0);
    /* Removing the zero-width characters gives the text back. */
    tt_buf c;
    tt_buf_init(&c);
    for (size_t i = 0; i < b.len;) {
        if (i + 3 <= b.len && (memcmp(b.data + i, "\xE2\x81\xA0", 3) == 0 ||
                               memcmp(b.data + i, "\xE2\x80\x8B", 3) == 0)) {
            i += 3;
            continue;
        }
        tt_buf_addc(&c, b.data[i++]);
    }
    assert_string_equal(c.data, t);
    tt_buf_release(&b);
    tt_buf_release(&c);
    free(bits);
    tt_slots__release(&s);
}

/* The digits of t, with every number word of the table written as its digits. */
static void
numbers_of(tt_buf *out, const char *t, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (isdigit((unsigned char)t[i])) {
            tt_buf_addc(out, t[i++]);
            continue;
        }
        if (!isalpha((unsigned char)t[i])) {
            i++;
            continue;
        }
        size_t j = i;
        char w[32];
        while (j < n && isalpha((unsigned char)t[j])) {
            if (j - i < sizeof w - 1)
                w[j - i] = (char)tolower((unsigned char)t[j]);
            j++;
        }
        size_t wl = j - i < sizeof w - 1 ? j - i : sizeof w - 1;
        unsigned v = tt_variants__number_value(w, wl);
        if (v) {
            char d[16];
            snprintf(d, sizeof d, "%u", v);
            tt_buf_adds(out, d);
        }
        i = j;
    }
    tt_buf_addc(out, '\0');
    out->len--;
}

/* On a real licence, any assignment of bits keeps every digit, every capitalized word inside
 * a sentence, and every "not" and "no". */
static void
real_prose_keeps_what_matters(void **state)
{
    (void)state;
    char *t;
    size_t n;
    tt_err e = {0};
    if (tt__read_file(&e, "/usr/share/common-licenses/GPL-3", &t, &n) != 0) {
        print_message("# skip: cannot read /usr/share/common-licenses/GPL-3\n");
        skip();
        return;
    }
    tt_slots s;
    assert_int_equal(tt_slots__find(&s, t, n, NULL, NULL), 0);
    assert_true(s.n > 100);
    uint8_t *bits = malloc(s.n);
    for (size_t i = 0; i < s.n; i++)
        bits[i] = (uint8_t)((i * 2654435761u >> 7) & 1);
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_slots__render(&b, t, n, &s, bits), 0);
    /* numbers in order (a number word counts as its digits: "three" may become "3") */
    tt_buf d1, d2;
    tt_buf_init(&d1);
    tt_buf_init(&d2);
    numbers_of(&d1, t, n);
    numbers_of(&d2, b.data, b.len);
    assert_true(d1.len > 10);
    assert_string_equal(d1.data, d2.data);
    /* capitalized words and negations, counted */
    size_t caps[2] = {0}, negs[2] = {0};
    const char *txt[2] = {t, b.data};
    size_t lens[2] = {n, b.len};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < lens[k]; i++) {
            if (i > 0 && isalpha((unsigned char)txt[k][i - 1]))
                continue;
            if (i + 4 <= lens[k] && (memcmp(txt[k] + i, "not ", 4) == 0 ||
                                     memcmp(txt[k] + i, "no ", 3) == 0))
                negs[k]++;
            if (i >= 2 && txt[k][i - 1] == ' ' && isalpha((unsigned char)txt[k][i - 2]) &&
                isupper((unsigned char)txt[k][i]))
                caps[k]++;
        }
    }
    assert_int_equal(negs[0], negs[1]);
    /* lines are kept: a copy's line numbers are the original's */
    size_t nl[2] = {0};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < lens[k]; i++)
            nl[k] += txt[k][i] == '\n';
    assert_int_equal(nl[0], nl[1]);
    assert_int_equal(caps[0], caps[1]);
    tt_buf_release(&d1);
    tt_buf_release(&d2);
    tt_buf_release(&b);
    free(bits);
    free(t);
    tt_slots__release(&s);
}


/* Table 2's rules, each with the case it must refuse; table 1 (copies issued before) still
 * yields exactly table 1's slots. */
static void
table2_rules_and_their_refusals(void **state)
{
    (void)state;
    const char *t =
        "The camp holds eleven days of fuel and the convoy leaves on 18 March with three "
        "tankers. Between 18 and 24 March the two-day cycle holds, but not twenty two or two "
        "thirds. In addition, the rigour of the labelled litres is a favour we organised "
        "with about 40 trucks and no more than 12 drivers, for a sufficient reserve. "
        "Run it with --armor please. Anyone who has asked will receive it. Three posts report "
        "on 2 March 2024. Sites began to report more than five faults per day.";
    tt_slots s;
    tt_slot_opts o2 = {.table = 2};
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o2, NULL), 0);
    assert_int_equal(s.table, 2);
    assert_true(has_slot(&s, "number-digits", "eleven", "11"));
    assert_true(has_slot(&s, "number-digits", "three", "3"));
    assert_true(has_slot(&s, "number-digits", "two-day", "2-day"));
    assert_false(has_slot(&s, "number-digits", "twenty", NULL));  /* "twenty two" */
    assert_false(has_slot(&s, "number-digits", "two", NULL));     /* "two" next to numbers */
    assert_false(has_slot(&s, "number-digits", "Three", NULL));   /* sentence start */
    assert_true(has_slot(&s, "date-order", "18 March", "March 18"));
    assert_false(has_slot(&s, "date-order", "24 March", NULL));   /* "between 18 and 24" */
    assert_false(has_slot(&s, "date-order", "2 March", NULL));    /* a year follows */
    assert_true(has_slot(&s, "function-word", "In addition", "Additionally"));
    assert_true(has_slot(&s, "our-or", "rigour", "rigor"));
    assert_true(has_slot(&s, "spelling", "favor", "favour")); /* table 1 had it first */
    assert_true(has_slot(&s, "l-ll", "labelled", "labeled") || has_slot(&s, "spelling", "labeled", "labelled"));
    assert_true(has_slot(&s, "ize-ise", "organized", "organised"));
    assert_true(has_slot(&s, "re-er", "litres", "liters"));
    assert_true(has_slot(&s, "number-approx", "about", "around"));
    assert_true(has_slot(&s, "number-approx", "more than", "over")); /* "more than five" */
    assert_true(has_slot(&s, "who-that", "who", "that"));
    assert_true(has_slot(&s, "synonym", "began", "started"));
    assert_true(has_slot(&s, "function-word", "per day", "a day"));
    assert_false(has_slot(&s, "our-or", "armor", NULL)); /* a command-line option */
    for (size_t i = 0; i < s.n; i++) {
        size_t l0;
        const char *v0 = tt_slots__variant(&s, i, 0, &l0);
        if (strcmp(s.v[i].rule, "number-approx") == 0 && strncmp(v0, "more than", 9) == 0)
            assert_true(s.v[i].start > (uint32_t)(strstr(t, "no more than") - t) + 3);
    }
    tt_slots__release(&s);

    tt_slot_opts o1 = {.table = 1};
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o1, NULL), 0);
    assert_int_equal(s.table, 1);
    assert_false(has_slot(&s, "number-digits", NULL, NULL));
    assert_false(has_slot(&s, "date-order", NULL, NULL));
    assert_false(has_slot(&s, "our-or", NULL, NULL));
    assert_true(has_slot(&s, "function-word", NULL, NULL) || has_slot(&s, "adverb-comma", NULL, NULL));
    tt_slots__release(&s);

    tt_slot_opts o9 = {.table = TT_VARIANTS_TABLE_MAX + 1};
    tt_err e = {0};
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o9, &e), TT_EINVAL);
    tt_slots__release(&s);

    /* verify's view of the same pairs */
    assert_non_null(tt_variants__equivalent("three", 5, "3", 1));
    assert_null(tt_variants__equivalent("three", 5, "4", 1));
    assert_non_null(tt_variants__equivalent("18 March", 8, "March 18", 8));
    assert_null(tt_variants__equivalent("18 March", 8, "March 19", 8));
    assert_non_null(tt_variants__equivalent("colour", 6, "color", 5));
    assert_non_null(tt_variants__equivalent("travelled", 9, "traveled", 8));
    assert_non_null(tt_variants__equivalent("litres", 6, "liters", 6));
    assert_null(tt_variants__equivalent("humoral", 7, "humoural", 8));
    assert_non_null(tt_variants__equivalent("in spite of", 11, "despite", 7));
    assert_non_null(tt_variants__equivalent("about", 5, "around", 6));
    assert_non_null(tt_variants__equivalent("more than", 9, "over", 4));
    assert_non_null(tt_variants__equivalent("who", 3, "that", 4));
    assert_null(tt_variants__equivalent("about", 5, "over", 4));
}

static void
variants_are_recognized_for_verify(void **state)
{
    (void)state;
    assert_non_null(tt_variants__equivalent("anyone", 6, "Anybody", 7));
    assert_non_null(tt_variants__equivalent("in order\nto", 11, "to", 2));
    assert_non_null(tt_variants__equivalent("organisation", 12, "organization", 12));
    assert_null(tt_variants__equivalent("organisation", 12, "organism", 8));
    assert_null(tt_variants__equivalent("advise", 6, "advize", 6));
    assert_null(tt_variants__equivalent("not", 3, "", 0));
    assert_null(tt_variants__equivalent("1000", 4, "2000", 4));
}

/* Render t with the slots of table 3 and bits drawn from seed (one byte per slot, as the
 * code gives them; the renderer applies each group's first bit). */
static char *
render_seeded(const char *t, const tt_slots *s, unsigned seed)
{
    uint8_t *bits = malloc(s->n ? s->n : 1);
    for (size_t i = 0; i < s->n; i++) {
        seed = seed * 1103515245u + 12345u;
        bits[i] = (uint8_t)((seed >> 16) & 1);
    }
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_slots__render(&b, t, strlen(t), s, bits), 0);
    free(bits);
    assert_int_equal(tt_buf_addc(&b, '\0'), 0);
    return b.data;
}

static int
slot_inside(const tt_slots *s, size_t from, size_t to)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].start >= from && s->v[i].end <= to && s->v[i].channel == TT_CH_LEXICAL)
            return 1;
    return 0;
}

/* Issue 11's examples of unnatural copies, each refused by table 3 (table 2 produced them:
 * the assertions on table 2 show the test would catch the defect). */
static void
table3_examples_are_not_produced(void **state)
{
    (void)state;
    tt_slot_opts o2 = {.table = 2}, o3 = {.table = 3};
    tt_slots s;
    /* an interrogative "which" after a verb is no relative */
    const char *t1 = "Each time the manometer indicated which was greater, the valve moved.";
    assert_int_equal(tt_slots__find(&s, t1, strlen(t1), &o2, NULL), 0);
    assert_true(has_slot(&s, "which-that", "which", "that"));
    tt_slots__release(&s);
    assert_int_equal(tt_slots__find(&s, t1, strlen(t1), &o3, NULL), 0);
    assert_false(has_slot(&s, "which-that", NULL, NULL));
    tt_slots__release(&s);
    const char *t1b = "The valve which is open stays open.";
    assert_int_equal(tt_slots__find(&s, t1b, strlen(t1b), &o3, NULL), 0);
    assert_true(has_slot(&s, "which-that", "which", "that"));
    tt_slots__release(&s);

    /* "that is," never becomes "that's," (a contracted auxiliary needs a word after it) */
    const char *t2 = "We don't know. That is, the more they know, the less they say. "
                     "It isn't new and we can't stop. It is late.";
    assert_int_equal(tt_slots__find(&s, t2, strlen(t2), &o2, NULL), 0);
    assert_true(has_slot(&s, "contraction", "That is", NULL));
    tt_slots__release(&s);
    assert_int_equal(tt_slots__find(&s, t2, strlen(t2), &o3, NULL), 0);
    assert_false(has_slot(&s, "contraction", "That is", NULL));
    assert_true(has_slot(&s, "contraction", "It is", NULL)); /* "It is late" */
    tt_slots__release(&s);

    /* quoted speech stays as it was said */
    const char *t3 = "He said, \"The fellow who has come among us was kind, and so on.\" "
                     "The fellow who has come among them left.";
    size_t q0 = (size_t)(strchr(t3, '"') - t3) + 1, q1 = (size_t)(strrchr(t3, '"') - t3);
    assert_int_equal(tt_slots__find(&s, t3, strlen(t3), &o2, NULL), 0);
    assert_true(slot_inside(&s, q0, q1));
    tt_slots__release(&s);
    assert_int_equal(tt_slots__find(&s, t3, strlen(t3), &o3, NULL), 0);
    assert_false(slot_inside(&s, q0, q1));
    assert_true(has_slot(&s, "who-that", "who", "that")); /* outside: "The fellow who has" */
    /* and "among" never becomes "amongst" anywhere: en_US rejects it (table 3's not-words) */
    assert_false(has_slot(&s, "function-word", "among", "amongst"));
    tt_slots__release(&s);
    const char *t3b = "The notice reads \xE2\x80\x9Cwe will cooperate among ourselves\xE2\x80\x9D today.";
    assert_int_equal(tt_slots__find(&s, t3b, strlen(t3b), &o3, NULL), 0);
    assert_false(has_slot(&s, "hyphenation", NULL, NULL));
    assert_false(has_slot(&s, "function-word", NULL, NULL));
    tt_slots__release(&s);

    /* terms of art keep their words */
    const char *t4 = "The agency gave supporting assistance. The property sales assistance "
                     "program ended. We asked for assistance.";
    assert_int_equal(tt_slots__find(&s, t4, strlen(t4), &o2, NULL), 0);
    assert_true(has_slot(&s, "synonym", "assistance", "help"));
    tt_slots__release(&s);
    assert_int_equal(tt_slots__find(&s, t4, strlen(t4), &o3, NULL), 0);
    size_t nsyn = 0;
    for (size_t i = 0; i < s.n; i++)
        if (strcmp(s.v[i].rule, "synonym") == 0) {
            nsyn++;
            assert_true(s.v[i].start > (uint32_t)(strstr(t4, "for assistance") - t4));
        }
    assert_int_equal(nsyn, 1); /* "for assistance." only */
    tt_slots__release(&s);

    /* small numbers stay words */
    const char *t5 = "The city sent six attorneys representing the eight former policemen and "
                     "twelve clerks.";
    assert_int_equal(tt_slots__find(&s, t5, strlen(t5), &o2, NULL), 0);
    assert_true(has_slot(&s, "number-digits", "six", "6"));
    tt_slots__release(&s);
    assert_int_equal(tt_slots__find(&s, t5, strlen(t5), &o3, NULL), 0);
    assert_false(has_slot(&s, "number-digits", "six", NULL));
    assert_false(has_slot(&s, "number-digits", "eight", NULL));
    assert_true(has_slot(&s, "number-digits", "twelve", "12"));
    tt_slots__release(&s);
}

/* One quote style, one title style, one spelling dialect per copy, whatever the bits (table
 * 3 switches no dialect at all). */
static void
table3_copies_are_consistent(void **state)
{
    (void)state;
    tt_slot_opts o2 = {.table = 2}, o3 = {.table = 3};
    const char *t = "The board called it \"participation\" and the mayor called it "
                    "\"the plan\" in \"good faith\". Mr. Speaker, Mr. Sam, and Mr. Democrat "
                    "met. The organization honors the liters of fuel, and the center "
                    "stays gray.\n";
    int mixed2 = 0;
    for (int table = 2; table <= 3; table++) {
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, t, strlen(t), table == 2 ? &o2 : &o3, NULL), 0);
        for (unsigned seed = 1; seed <= 64; seed++) {
            char *c = render_seeded(t, &s, seed);
            int straight = strchr(c, '"') != NULL, curly = strstr(c, "\xE2\x80\x9C") != NULL;
            int dot = strstr(c, "Mr. ") != NULL, nodot = strstr(c, "Mr ") != NULL;
            int us = strstr(c, "organization") || strstr(c, "honors") || strstr(c, "liters") ||
                     strstr(c, "center") || strstr(c, "gray");
            int gb = strstr(c, "organisation") || strstr(c, "honours") || strstr(c, "litres") ||
                     strstr(c, "centre") || strstr(c, "grey");
            int mixed = (straight && curly) || (dot && nodot) || (us && gb);
            if (table == 3)
                assert_false(mixed);
            else
                mixed2 |= mixed;
            free(c);
        }
        if (table == 3) {
            /* and each choice is still a slot: both forms occur over the seeds */
            assert_true(has_slot(&s, "double-quote-style", NULL, NULL));
            assert_true(has_slot(&s, "title-period", NULL, NULL));
            assert_true(tt_slots__nbits(&s) < s.n);
        }
        tt_slots__release(&s);
    }
    assert_true(mixed2);
    /* and a text that mixes the dialects already keeps its spellings: no dialect slot */
    const char *m = "The organization honours the centre.\n";
    tt_slots s;
    assert_int_equal(tt_slots__find(&s, m, strlen(m), &o3, NULL), 0);
    assert_false(has_slot(&s, "ize-ise", NULL, NULL));
    assert_false(has_slot(&s, "spelling", NULL, NULL));
    tt_slots__release(&s);
}

/* A trace reads a group as one observation: agreeing members give the bit, disagreeing
 * members none, and only the group's first slot carries it. */
/* Table 4: two coordinated nouns change places only where both are surely nouns and the
 * phrase ends after the second; table 3 never did it. */
static void
table4_coordination_order(void **state)
{
    (void)state;
    const char *t = "The firm reviewed the modification and distribution of the work. "
                    "Its rights and obligations are clear. Read the terms and conditions. "
                    "We met the red and blue teams. Keep the documentation and sources files. "
                    "Note the conditions, limitations and exclusions here.";
    tt_slots s;
    tt_slot_opts o3 = {.table = 3}, o4 = {.table = 4};
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o4, NULL), 0);
    assert_true(has_slot(&s, "coordination-order", "modification and distribution",
                         "distribution and modification"));
    assert_true(has_slot(&s, "coordination-order", "rights and obligations",
                         "obligations and rights"));
    size_t n = 0;
    for (size_t i = 0; i < s.n; i++)
        n += strcmp(s.v[i].rule, "coordination-order") == 0;
    /* not "terms and conditions" (a fixed order), "red and blue" (no noun ending), "sources
     * files" (the second word modifies the next), nor a list of three */
    assert_int_equal(n, 2);
    tt_slots__release(&s);
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o3, NULL), 0);
    for (size_t i = 0; i < s.n; i++)
        assert_string_not_equal(s.v[i].rule, "coordination-order");
    tt_slots__release(&s);
    /* table 4's reporting verbs: "stated that the" may lose its "that"; table 3 kept it */
    const char *r4 = "The committee stated that the plan was sound.";
    assert_int_equal(tt_slots__find(&s, r4, strlen(r4), &o4, NULL), 0);
    assert_true(has_slot(&s, "that-omission", " that", ""));
    tt_slots__release(&s);
    assert_int_equal(tt_slots__find(&s, r4, strlen(r4), &o3, NULL), 0);
    assert_false(has_slot(&s, "that-omission", " that", ""));
    tt_slots__release(&s);
    /* verify knows the swap for a variant, and only the swap */
    const char *r = tt_variants__equivalent("rules and protocols", 19, "Protocols and rules", 19);
    assert_non_null(r);
    assert_string_equal(r, "coordination-order");
    assert_null(tt_variants__equivalent("rules and protocols", 19, "protocols or rules", 18));
    assert_null(tt_variants__equivalent("rules and protocols", 19, "rules and protocols", 19));
    assert_null(tt_variants__equivalent("rules and protocols", 19, "protocols and rulez", 19));
}

static size_t
count_rule(const tt_slots *s, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += strcmp(s->v[i].rule, rule) == 0;
    return n;
}

/* Table 5: the order of a list of three plain noun phrases is one slot of six variants; each
 * renders the items in another order and nothing else; table 4 has no such slot, and a text
 * with one keeps its serial-comma style (no serial-comma slot). */
static void
list_order_is_a_six_way_slot(void **state)
{
    (void)state;
    static const struct {
        const char *text, *orders[6];
    } ok[] = {
        {"The board will review the removal contract, the new shelves and the storage plan.",
         {"the removal contract, the new shelves and the storage plan",
          "the removal contract, the storage plan and the new shelves",
          "the new shelves, the removal contract and the storage plan",
          "the new shelves, the storage plan and the removal contract",
          "the storage plan, the removal contract and the new shelves",
          "the storage plan, the new shelves and the removal contract"}},
        {"They asked for the modification, distribution and translation of the work.",
         {"modification, distribution and translation",
          "modification, translation and distribution",
          "distribution, modification and translation",
          "distribution, translation and modification",
          "translation, modification and distribution",
          "translation, distribution and modification"}},
        {"We paid for the trucks, the crates, and the fuel; the rest waits for a, b, and c.",
         {"the trucks, the crates, and the fuel", "the trucks, the fuel, and the crates",
          "the crates, the trucks, and the fuel", "the crates, the fuel, and the trucks",
          "the fuel, the trucks, and the crates", "the fuel, the crates, and the trucks"}},
    };
    for (size_t c = 0; c < TT_ARRAY_LEN(ok); c++) {
        const char *t = ok[c].text;
        tt_slots s;
        tt_slot_opts o4 = {.table = 4}, o5 = {.table = 5};
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o4, NULL), 0);
        assert_int_equal(count_rule(&s, TT_RULE_LIST_ORDER), 0);
        tt_slots__release(&s);
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o5, NULL), 0);
        assert_int_equal(s.table, 5);
        if (count_rule(&s, TT_RULE_LIST_ORDER) != 1)
            fail_msg("no list-order slot in: %s", t);
        assert_int_equal(count_rule(&s, TT_RULE_SERIAL_COMMA), 0);
        size_t li = 0;
        while (strcmp(s.v[li].rule, TT_RULE_LIST_ORDER) != 0)
            li++;
        assert_int_equal(s.v[li].nvar, 6);
        assert_int_equal(s.v[li].orig, 0);
        assert_int_equal(s.v[li].group, li);
        uint8_t *bits = malloc(s.n);
        for (unsigned v = 0; v < 6; v++) {
            assert_string_equal(tt_slots__variant(&s, li, (int)v, NULL), ok[c].orders[v]);
            for (size_t i = 0; i < s.n; i++)
                bits[i] = s.v[i].orig;
            bits[li] = (uint8_t)v;
            tt_buf b;
            tt_buf_init(&b);
            assert_int_equal(tt_slots__render(&b, t, strlen(t), &s, bits), 0);
            /* the text with the items in order v, nothing else changed */
            size_t pre = s.v[li].start, post = s.v[li].end;
            assert_int_equal(b.len, strlen(t));
            assert_memory_equal(b.data, t, pre);
            assert_memory_equal(b.data + pre, ok[c].orders[v], strlen(ok[c].orders[v]));
            assert_string_equal(b.data + pre + strlen(ok[c].orders[v]), t + post);
            tt_buf_release(&b);
        }
        free(bits);
        tt_slots__release(&s);
    }
}

/* Table 5's list order is never produced where the issue forbids a change or where the order
 * may carry meaning. */
static void
list_order_not_in_forbidden_places(void **state)
{
    (void)state;
    static const char *const no[] = {
        /* inside quotation marks */
        "He said \"we paid for the trucks, the crates and the fuel\" to them.",
        "He said \xE2\x80\x9Cwe paid for the trucks, the crates and the fuel\xE2\x80\x9D to them.",
        /* proper names, defined terms */
        "We wrote to the Licensor, the Licensee and the Contributor.",
        "We paid for the Trucks, the Crates and the Fuel.",
        "It covers the \"Program\", the \"Work\" and the \"Library\".",
        "We wrote to the Smith family, the Jones family and the Brown family.",
        /* fixed expressions */
        "The film is about the good, the bad and the ugly.",
        "He is one of the ready, the willing and the able.",
        /* sequence, rank and time order */
        "We paid first for the trucks, the crates and the fuel.",
        "We then paid for the trucks, the crates and the fuel.",
        "The sums went to the trucks, the crates and the fuel respectively.",
        "We met in the morning, the afternoon and the evening.",
        "Sizes are given for the small box, the medium box and the large box.",
        "The plan runs through the first stage, the middle stage and the final stage.",
        "Steps of the removal, the cleaning and the handover follow in that order.",
        /* numbered and legal enumerations, and/or */
        "We paid for (a) the trucks, (b) the crates and (c) the fuel.",
        "We paid for the trucks, the crates and/or the fuel.",
        "It applies to the modification, distribution and/or translation of the work.",
        /* clauses, not noun phrases */
        "We left when the wall cracks, the roof leaks and the floor sags.",
        "We left because the wall fell, the roof leaked and the floor sank.",
        "The trucks, the crates and the fuel were paid.",
        /* a phrase after the last item attaches to it alone */
        "We paid for the trucks, the crates and the fuel of the firm.",
        "It includes the removal contract, the new shelves and the storage that we need.",
        /* a longer list, the same item twice, two spaces inside an item */
        "We paid for the trucks, the crates, the tools and the fuel.",
        "We paid for the trucks, the trucks and the fuel.",
        "We paid for the trucks, the new  crates and the fuel.",
    };
    tt_slot_opts o5 = {.table = 5};
    for (size_t c = 0; c < TT_ARRAY_LEN(no); c++) {
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, no[c], strlen(no[c]), &o5, NULL), 0);
        if (count_rule(&s, TT_RULE_LIST_ORDER))
            fail_msg("list-order slot in: %s", no[c]);
        tt_slots__release(&s);
    }
    /* and the same sentence without the guard does have one (the cases can fail) */
    const char *yes = "We paid for the trucks, the crates and the fuel.";
    tt_slots s;
    assert_int_equal(tt_slots__find(&s, yes, strlen(yes), &o5, NULL), 0);
    assert_int_equal(count_rule(&s, TT_RULE_LIST_ORDER), 1);
    tt_slots__release(&s);
    /* a hard-wrapped list keeps one line break, at a space near where it was */
    const char *wrapped = "We paid for the trucks, the new\ncrates and the fuel.";
    assert_int_equal(tt_slots__find(&s, wrapped, strlen(wrapped), &o5, NULL), 0);
    assert_int_equal(count_rule(&s, TT_RULE_LIST_ORDER), 1);
    for (size_t i = 0; i < s.n; i++) {
        if (strcmp(s.v[i].rule, TT_RULE_LIST_ORDER) != 0)
            continue;
        for (int v = 0; v < 6; v++) {
            size_t vl;
            const char *x = tt_slots__variant(&s, i, v, &vl);
            assert_int_equal(vl, s.v[i].end - s.v[i].start);
            const char *nl = memchr(x, '\n', vl);
            assert_non_null(nl);
            assert_null(memchr(nl + 1, '\n', vl - (size_t)(nl + 1 - x)));
            size_t at = (size_t)(nl - x),
                   was = (size_t)(strchr(wrapped, '\n') - wrapped) - s.v[i].start;
            assert_true(at + 8 >= was && at <= was + 8);
        }
        assert_string_equal(tt_slots__variant(&s, i, 5, NULL),
                            "the fuel, the new\ncrates and the trucks");
    }
    tt_slots__release(&s);
}

/* Table 6: the word of approximation before a number is one slot of four variants (the
 * text's word first, then the others in the order about, around, approximately, roughly); each
 * renders that word and nothing else; table 5 has no such slot. */
static void
approx_word_is_a_four_way_slot(void **state)
{
    (void)state;
    static const struct {
        const char *text, *word, *v[4];
    } ok[] = {
        {"The depot will hold about 520,000 litres.", "about",
         {"about", "around", "approximately", "roughly"}},
        {"The move took roughly five weeks.", "roughly",
         {"roughly", "about", "around", "approximately"}},
        {"Prices rose by approximately 3 per cent.", "approximately",
         {"approximately", "about", "around", "roughly"}},
        {"We waited. About 60 per cent of sales are abroad.", "About",
         {"About", "Around", "Approximately", "Roughly"}},
        {"The fund (around 30 million) is closed.", "around",
         {"around", "about", "approximately", "roughly"}},
        {"It lasts for about twelve days.", "about",
         {"about", "around", "approximately", "roughly"}},
    };
    tt_slot_opts o5 = {.table = 5}, o6 = {.table = 6};
    for (size_t c = 0; c < TT_ARRAY_LEN(ok); c++) {
        const char *t = ok[c].text;
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o5, NULL), 0);
        assert_int_equal(count_rule(&s, TT_RULE_APPROX_WORD), 0);
        tt_slots__release(&s);
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o6, NULL), 0);
        assert_int_equal(s.table, 6);
        if (count_rule(&s, TT_RULE_APPROX_WORD) != 1)
            fail_msg("no approx-word slot in: %s", t);
        size_t li = 0;
        while (strcmp(s.v[li].rule, TT_RULE_APPROX_WORD) != 0)
            li++;
        assert_int_equal(s.v[li].nvar, 4);
        assert_int_equal(s.v[li].orig, 0);
        assert_int_equal(s.v[li].group, li);
        size_t pre = s.v[li].start, post = s.v[li].end;
        assert_memory_equal(t + pre, ok[c].word, strlen(ok[c].word));
        assert_int_equal(post - pre, strlen(ok[c].word));
        uint8_t *sym = malloc(s.n);
        for (unsigned v = 0; v < 4; v++) {
            assert_string_equal(tt_slots__variant(&s, li, (int)v, NULL), ok[c].v[v]);
            for (size_t i = 0; i < s.n; i++)
                sym[i] = s.v[i].orig;
            sym[li] = (uint8_t)v;
            tt_buf b;
            tt_buf_init(&b);
            assert_int_equal(tt_slots__render(&b, t, strlen(t), &s, sym), 0);
            assert_memory_equal(b.data, t, pre);
            assert_memory_equal(b.data + pre, ok[c].v[v], strlen(ok[c].v[v]));
            assert_string_equal(b.data + pre + strlen(ok[c].v[v]), t + post);
            tt_buf_release(&b);
        }
        free(sym);
        tt_slots__release(&s);
    }
}

/* Table 6: where "about" or "around" can be a preposition, or the word of approximation is
 * not free to change, there is no approx-word slot. */
static void
approx_word_not_in_forbidden_places(void **state)
{
    (void)state;
    static const char *const no[] = {
        /* a preposition of topic or place, not an adverb on the number */
        "We wrote a report about 40 soldiers.",
        "The film is about two brothers.",
        "They walked around 3 blocks of the town.",
        "I worry about one thing only.",
        /* negation, and an article whose form depends on the next word */
        "The cost is not about 40 pounds.",
        "It was not roughly 40 pounds.",
        "There was an approximately 5 per cent rise.",
        "There was a roughly 5 per cent rise.",
        /* a year */
        "The house was built around 1850.",
        "It was published in approximately 1925.",
        /* quotations, names, capitals inside a sentence */
        "He said \"it will hold about 40 litres\" to us.",
        "He said \xE2\x80\x9Cit costs roughly 40 pounds\xE2\x80\x9D to us.",
        "We met at the About 40 Club.",
        /* no number after it, or not after one space */
        "We talked for about an hour.",
        "It costs roughly  40 pounds.",
    };
    tt_slot_opts o6 = {.table = 6};
    for (size_t c = 0; c < TT_ARRAY_LEN(no); c++) {
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, no[c], strlen(no[c]), &o6, NULL), 0);
        if (count_rule(&s, TT_RULE_APPROX_WORD))
            fail_msg("approx-word slot in: %s", no[c]);
        tt_slots__release(&s);
    }
    /* nor does any other rule change the word there: table 5 made "about" -> "around" before
     * any number ("a report around 40 soldiers") and "approximately" -> "about" after an
     * article ("an about 5 per cent rise") */
    static const struct {
        const char *text, *word;
    } untouched[] = {
        {"We wrote a report about 40 soldiers.", "about"},
        {"The film is about two brothers.", "about"},
        {"There was an approximately 5 per cent rise.", "approximately"},
    };
    for (size_t c = 0; c < TT_ARRAY_LEN(untouched); c++) {
        const char *t = untouched[c].text;
        size_t at = (size_t)(strstr(t, untouched[c].word) - t);
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o6, NULL), 0);
        for (size_t i = 0; i < s.n; i++)
            if (s.v[i].start <= at && s.v[i].end > at)
                fail_msg("a %s slot on '%s' in: %s", s.v[i].rule, untouched[c].word, t);
        tt_slots__release(&s);
    }
    /* the same words where the guards allow them do have one (the cases can fail) */
    static const char *const yes[] = {
        "It costs roughly 40 pounds.",
        "We wrote a report of about 40 pages.",
        "The house was built for around 1,850 pounds.",
        "The rise was approximately 5 per cent.",
    };
    for (size_t c = 0; c < TT_ARRAY_LEN(yes); c++) {
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, yes[c], strlen(yes[c]), &o6, NULL), 0);
        if (count_rule(&s, TT_RULE_APPROX_WORD) != 1)
            fail_msg("no approx-word slot in: %s", yes[c]);
        tt_slots__release(&s);
    }
}

/* Render t with every slot as the text has it except the one slot of `rule` covering byte
 * `at` of t, which takes its other variant; fails unless there is exactly one such slot. */
static char *
flip_one(const char *t, const tt_slots *s, const char *rule, size_t at)
{
    size_t li = s->n;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].rule, rule) == 0 && s->v[i].start <= at && s->v[i].end >= at) {
            if (li != s->n)
                fail_msg("two %s slots at byte %zu of: %s", rule, at, t);
            li = i;
        }
    if (li == s->n)
        fail_msg("no %s slot at byte %zu of: %s", rule, at, t);
    assert_int_equal(s->v[li].nvar, 2);
    assert_int_equal(s->v[li].group, li); /* each place its own bit */
    uint8_t *sym = malloc(s->n);
    assert_non_null(sym);
    for (size_t i = 0; i < s->n; i++)
        sym[i] = s->v[i].orig == 2 ? 0 : s->v[i].orig;
    sym[li] = (uint8_t)!s->v[li].orig;
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_slots__render(&b, t, strlen(t), s, sym), 0);
    free(sym);
    char *r = strndup((const char *)b.data, b.len);
    tt_buf_release(&b);
    return r;
}

/* Table 7: "all the" / "all of the" both ways, each place one bit of its own; table 6 only
 * took "of" out. */
static void
all_of_is_a_slot_both_ways(void **state)
{
    (void)state;
    static const struct {
        const char *text, *at, *flipped;
        int t6; /* table 6 had the slot (the one-way pair "all of the" -> "all the") */
    } ok[] = {
        {"Preserve all the copyright notices.", "all", "Preserve all of the copyright notices.", 0},
        {"Preserve all of the copyright notices.", "all", "Preserve all the copyright notices.", 1},
        {"All the staff agreed.", "All", "All of the staff agreed.", 0},
        {"All of these simple steps help.", "All", "All these simple steps help.", 1},
        {"We read all its files and all of their notes.", "all its",
         "We read all of its files and all of their notes.", 0},
        {"We read all its files and all of their notes.", "all of",
         "We read all its files and all their notes.", 1},
        {"It deletes all\nthe orphaned packages.", "all", "It deletes all of\nthe orphaned packages.", 0},
        {"Not all the tests pass.", "all", "Not all of the tests pass.", 0},
    };
    tt_slot_opts o6 = {.table = 6}, o7 = {.table = 7};
    for (size_t c = 0; c < TT_ARRAY_LEN(ok); c++) {
        const char *t = ok[c].text;
        size_t at = (size_t)(strstr(t, ok[c].at) - t) + 3;
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o6, NULL), 0);
        assert_int_equal(count_rule(&s, TT_RULE_ALL_OF), 0);
        int had = 0;
        for (size_t i = 0; i < s.n; i++)
            had |= s.v[i].start <= at && s.v[i].end > at && strcmp(s.v[i].rule, "function-word") == 0;
        if (had != ok[c].t6)
            fail_msg("table 6 %s a slot at '%s' in: %s", had ? "has" : "has no", ok[c].at, t);
        tt_slots__release(&s);
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o7, NULL), 0);
        assert_int_equal(s.table, 7);
        char *r = flip_one(t, &s, TT_RULE_ALL_OF, at);
        assert_string_equal(r, ok[c].flipped);
        free(r);
        tt_slots__release(&s);
    }
}

/* Table 7: no all-of slot where "all" belongs to an idiom or a pronoun, or "all of her" is a
 * person; each case has a twin the rule does take, so the list can fail. */
static void
all_of_not_in_forbidden_places(void **state)
{
    (void)state;
    static const struct {
        const char *no, *yes;
    } cases[] = {
        /* idioms */
        {"It worked all the same in the end.", "It worked for all the staff in the end."},
        {"That makes it all the more important.", "That makes all the tests important."},
        {"He sang all the while we ate.", "He sang all the songs we knew."},
        {"It does not apply all the way down.", "It does not apply all the rules down."},
        /* the legal formula */
        {"You grant any and all of the rights herein.", "You keep the code and all of the rights herein."},
        /* "all" belongs to a pronoun before it */
        {"Give them all the keys today.", "Give the guards all the keys today."},
        {"We told you all the facts.", "We told the board all the facts."},
        /* other idioms with the word before */
        {"It is not at all the same.", "It is not all the tests."},
        {"It is, after all the work, done.", "It is, with all the work, done."},
        {"For all the talk, nothing changed.", "We paid for all the work, nothing more."},
        {"It rained. Yet, for all the talk, nothing changed.", "With all the talk, nothing changed."},
        {"Of all the places, this one.", "In all the places, this one."},
        /* a pronoun, not a noun phrase: the whole person, "all of this is" */
        {"I love all of her and her work.", "I love all of her books and her work."},
        {"We need all of this to work.", "We need all of this code to work."},
        /* quotations, names and capitals inside a sentence, protected text */
        {"He said \"keep all the receipts\" to us.", "He said to keep all the receipts for us."},
        {"He said \xE2\x80\x9C" "keep all of the receipts\xE2\x80\x9D to us.",
         "He said to keep all of the receipts for us."},
        {"We met at the All The Rage Club.", "We met all the club members."},
        /* two spaces: not a phrase of single spaces */
        {"Preserve all of  the notices.", "Preserve all of the notices."},
    };
    tt_slot_opts o7 = {.table = 7};
    for (size_t c = 0; c < TT_ARRAY_LEN(cases); c++) {
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, cases[c].no, strlen(cases[c].no), &o7, NULL), 0);
        if (count_rule(&s, TT_RULE_ALL_OF))
            fail_msg("all-of slot in: %s", cases[c].no);
        tt_slots__release(&s);
        assert_int_equal(tt_slots__find(&s, cases[c].yes, strlen(cases[c].yes), &o7, NULL), 0);
        if (count_rule(&s, TT_RULE_ALL_OF) != 1)
            fail_msg("no all-of slot in: %s", cases[c].yes);
        tt_slots__release(&s);
    }
}

/* Table 7: "that" goes in after a reporting verb before a subject pronoun ("think we" /
 * "think that we"), each place its own bit; table 6 had no such slot. */
static void
that_goes_in_before_a_subject_pronoun(void **state)
{
    (void)state;
    static const struct {
        const char *text, *at, *flipped;
    } ok[] = {
        {"We think we should go.", "think", "We think that we should go."},
        {"The committee believed they were right.", "believed",
         "The committee believed that they were right."},
        {"Later I said I would help.", "said", "Later I said that I would help."},
        {"The report states he was absent.", "states", "The report states that he was absent."},
        {"We hope she stops soon.", "hope", "We hope that she stops soon."},
    };
    tt_slot_opts o6 = {.table = 6}, o7 = {.table = 7};
    for (size_t c = 0; c < TT_ARRAY_LEN(ok); c++) {
        const char *t = ok[c].text;
        size_t at = (size_t)(strstr(t, ok[c].at) - t) + strlen(ok[c].at);
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o6, NULL), 0);
        assert_int_equal(count_rule(&s, TT_RULE_THAT_OMIT), 0);
        tt_slots__release(&s);
        assert_int_equal(tt_slots__find(&s, t, strlen(t), &o7, NULL), 0);
        char *r = flip_one(t, &s, TT_RULE_THAT_OMIT, at);
        assert_string_equal(r, ok[c].flipped);
        free(r);
        tt_slots__release(&s);
    }
}

/* Table 7: no "that" goes in where the pronoun may be an object, the verb is inverted after
 * a quotation, a wh-word would make "that" awkward, or nothing follows the pronoun; each case
 * has a twin the rule does take. */
static void
that_insert_not_in_forbidden_places(void **state)
{
    (void)state;
    static const struct {
        const char *no, *yes;
    } cases[] = {
        /* "it" and "you" can be objects */
        {"We know it well enough.", "We know we did well enough."},
        {"I said you could go.", "I said we could go."},
        /* inverted after a quotation or a comma, or at a sentence start */
        {"\"No,\" said he firmly.", "Later he said he would go."},
        {"It is late, said she quietly.", "It is late and she said she would go."},
        {"Said he would come, then left.", "Tom said he would come, then left."},
        /* a wh-word before the verb */
        {"What you think they want is clear.", "You think they want it."},
        {"That is how we think we work.", "We think we work well."},
        /* nothing, or punctuation, after the pronoun; two spaces */
        {"That is what I thought I did.", "I thought I did well."},
        {"I knew she.", "I knew she left."},
        {"So said he. Then we left.", "So he said he would leave."},
        {"We think  we should go.", "We think we should go."},
        /* quotations */
        {"He wrote \"we think we should go\" in the memo.", "He wrote we should go in the memo."},
    };
    tt_slot_opts o7 = {.table = 7};
    for (size_t c = 0; c < TT_ARRAY_LEN(cases); c++) {
        tt_slots s;
        assert_int_equal(tt_slots__find(&s, cases[c].no, strlen(cases[c].no), &o7, NULL), 0);
        for (size_t i = 0; i < s.n; i++)
            if (strcmp(s.v[i].rule, TT_RULE_THAT_OMIT) == 0 && s.v[i].vlen[1] == 6)
                fail_msg("that-insertion slot in: %s", cases[c].no);
        tt_slots__release(&s);
        assert_int_equal(tt_slots__find(&s, cases[c].yes, strlen(cases[c].yes), &o7, NULL), 0);
        size_t ins = 0;
        for (size_t i = 0; i < s.n; i++)
            ins += strcmp(s.v[i].rule, TT_RULE_THAT_OMIT) == 0 && s.v[i].vlen[1] == 6;
        if (ins != 1)
            fail_msg("%zu that-insertion slots in: %s", ins, cases[c].yes);
        tt_slots__release(&s);
    }
}

static void
groups_collapse_to_one_reading(void **state)
{
    (void)state;
    tt_slot_opts o3 = {.table = 3};
    const char *t = "Mr. Smith met Mr. Jones and Mr. Brown.";
    tt_slots s;
    assert_int_equal(tt_slots__find(&s, t, strlen(t), &o3, NULL), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(tt_slots__nbits(&s), 1);
    int8_t b[3] = {-1, 1, 1};
    tt_slots__collapse(&s, b);
    assert_int_equal(b[0], 1);
    assert_int_equal(b[1], -1);
    assert_int_equal(b[2], -1);
    int8_t c[3] = {0, 1, -1};
    tt_slots__collapse(&s, c);
    assert_int_equal(c[0], -1);
    assert_int_equal(c[1], -1);
    assert_int_equal(c[2], -1);
    tt_slots__release(&s);
}

static void
channel_names_parse(void **state)
{
    (void)state;
    unsigned ch;
    assert_int_equal(tt_slots__parse_channels("lexical,unicode", &ch), 0);
    assert_int_equal(ch, TT_CH_LEXICAL | TT_CH_UNICODE);
    assert_string_equal(tt_slots__channel_names(ch), "lexical,unicode");
    assert_int_equal(tt_slots__parse_channels("lexical,bogus", &ch), -1);
    assert_int_equal(tt_slots__parse_channels("", &ch), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_expected_slots),
        cmocka_unit_test(leaves_names_numbers_and_negations),
        cmocka_unit_test(exclusions_remove_slots),
        cmocka_unit_test(unicode_channel_is_dense_and_invisible),
        cmocka_unit_test(real_prose_keeps_what_matters),
        cmocka_unit_test(variants_are_recognized_for_verify),
        cmocka_unit_test(table2_rules_and_their_refusals),
        cmocka_unit_test(table3_examples_are_not_produced),
        cmocka_unit_test(table3_copies_are_consistent),
        cmocka_unit_test(table4_coordination_order),
        cmocka_unit_test(groups_collapse_to_one_reading),
        cmocka_unit_test(list_order_is_a_six_way_slot),
        cmocka_unit_test(list_order_not_in_forbidden_places),
        cmocka_unit_test(approx_word_is_a_four_way_slot),
        cmocka_unit_test(approx_word_not_in_forbidden_places),
        cmocka_unit_test(all_of_is_a_slot_both_ways),
        cmocka_unit_test(all_of_not_in_forbidden_places),
        cmocka_unit_test(that_goes_in_before_a_subject_pronoun),
        cmocka_unit_test(that_insert_not_in_forbidden_places),
        cmocka_unit_test(channel_names_parse),
    };
    return cmocka_run_group_tests_name("slots", tests, NULL, NULL);
}
