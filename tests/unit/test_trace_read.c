/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_trace_read.c: the slot reader of trace.c on leaks with typos (variant table 4, issue 11
 * item 2): a slot whose forms differ by more than the typos is still read, a typo that leaves
 * the leak as close to one form as to the other leaves the slot unread, and nothing read is
 * ever wrong.  Marking contexts are built without a vault (as the bench and the fuzz target
 * do).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "mark.h"
#include "slots.h"
#include "tardos.h"
#include "text.h"
#include "trace_internal.h"

static const char text[] =
    "The board reviewed the modification and distribution of the program in order to decide\n"
    "the budget. The director said that the staff will help, and the members agreed that the\n"
    "plan is sound. The committee will meet in order to approve the request next week.\n";

typedef struct marked {
    tt_mark m;
    tt_text t;
} marked;

static void
mark_open(marked *k)
{
    static const unsigned char key[32] = {9, 8, 7};
    memset(k, 0, sizeof *k);
    tt_slot_opts so = {.channels = TT_CH_LEXICAL};
    k->m.text = (char *)text;
    k->m.len = sizeof text - 1;
    k->m.row = 1;
    k->m.channels = so.channels;
    k->m.collusion = 1;
    assert_int_equal(tt_slots__find(&k->m.slots, text, sizeof text - 1, &so, NULL), 0);
    assert_int_equal(tt_tardos__new(&k->m.code, key, 1, k->m.slots.n, 1, 0, NULL), 0);
    assert_int_equal(tt_text__build(&k->t, text, sizeof text - 1, NULL), 0);
}

static void
mark_close(marked *k)
{
    tt_slots__release(&k->m.slots);
    tt_tardos__free(k->m.code);
    tt_text__release(&k->t);
}

/* Read leak with the slots of k; bits out. */
static void
read_leak(const marked *k, const char *leak, int8_t *bits)
{
    tt_text lt;
    tt_alignment al;
    size_t cov;
    assert_int_equal(tt_text__build(&lt, leak, strlen(leak), NULL), 0);
    assert_int_equal(tt_align__words(&al, &k->t, &lt, 0, (uint32_t)k->t.nwords, 0,
                                     (uint32_t)lt.nwords, NULL),
                     0);
    assert_int_equal(tt_trace__read(&k->m, &k->t, &lt, leak, &al, bits, &cov), 0);
    tt_alignment__release(&al);
    tt_text__release(&lt);
}

static size_t
slot_of(const marked *k, const char *rule)
{
    for (size_t i = 0; i < k->m.slots.n; i++)
        if (strcmp(k->m.slots.v[i].rule, rule) == 0)
            return i;
    fail_msg("no %s slot", rule);
    return 0;
}

/* Render with every slot at variant v, then apply one edit: replace the first occurrence of
 * `from` by `to`. */
static char *
copy_with(const marked *k, const uint8_t *bits, const char *from, const char *to)
{
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_slots__render(&b, text, sizeof text - 1, &k->m.slots, bits), 0);
    size_t n;
    char *c = tt_buf_detach(&b, &n);
    if (from) {
        char *p = strstr(c, from);
        assert_non_null(p);
        size_t fl = strlen(from), tl = strlen(to);
        char *o = malloc(n - fl + tl + 1);
        memcpy(o, c, (size_t)(p - c));
        memcpy(o + (p - c), to, tl);
        memcpy(o + (p - c) + tl, p + fl, n - (size_t)(p - c) - fl + 1);
        free(c);
        c = o;
    }
    return c;
}

static void
typos_leave_distant_forms_readable(void **state)
{
    (void)state;
    marked k;
    mark_open(&k);
    size_t co = slot_of(&k, "coordination-order"), fw = slot_of(&k, "function-word");
    size_t n = k.m.slots.n;
    uint8_t *ones = calloc(n, 1);
    int8_t *bits = malloc(n);
    for (size_t i = 0; i < n; i++)
        ones[i] = 1;
    /* every slot at variant 1, one letter typo inside the coordination and one next to "to" */
    char *leak = copy_with(&k, ones, "modification", "modifcation");
    read_leak(&k, leak, bits);
    assert_int_equal(bits[co], 1);
    free(leak);
    leak = copy_with(&k, ones, "program to", "progrm to");
    read_leak(&k, leak, bits);
    assert_int_equal(bits[fw], 1);
    /* nothing read is wrong, typos or not */
    for (size_t i = 0; i < n; i++)
        assert_true(bits[i] < 0 || bits[i] == 1);
    free(leak);
    /* the same at variant 0 */
    uint8_t *zeros = calloc(n, 1);
    leak = copy_with(&k, zeros, "distribution", "distributoin");
    read_leak(&k, leak, bits);
    assert_int_equal(bits[co], 0);
    for (size_t i = 0; i < n; i++)
        assert_true(bits[i] < 0 || bits[i] == 0);
    free(leak);
    free(zeros);
    free(ones);
    free(bits);
    mark_close(&k);
}

static void
a_typo_as_close_to_both_forms_is_unreadable(void **state)
{
    (void)state;
    marked k;
    mark_open(&k);
    size_t that = slot_of(&k, "that-omission");
    size_t n = k.m.slots.n;
    uint8_t *zeros = calloc(n, 1);
    int8_t *bits = malloc(n);
    /* "said that the" typed as "said tht the": one edit from "said that the", three from
     * "said the": read as 0 */
    char *leak = copy_with(&k, zeros, "said that the", "said tht the");
    read_leak(&k, leak, bits);
    assert_int_equal(bits[that], 0);
    free(leak);
    /* "help, and the" typed as "help. and the": one edit from the comma ("help, and") and
     * one from its absence ("help and"): the clause comma stays unread */
    size_t comma = slot_of(&k, "clause-comma");
    leak = copy_with(&k, zeros, "help, and", "help. and");
    read_leak(&k, leak, bits);
    assert_int_equal(bits[comma], -1);
    assert_int_equal(bits[that], 0);
    free(leak);
    free(zeros);
    free(bits);
    mark_close(&k);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typos_leave_distant_forms_readable),
        cmocka_unit_test(a_typo_as_close_to_both_forms_is_unreadable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
