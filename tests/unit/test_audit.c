/* SPDX-License-Identifier: Apache-2.0 */
/* test_audit.c: the hash-chained, signed audit log: its encoding, and every tampering caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vault_internal.h"
#include "vault_test_util.h"
#include "vault_test_db.h"
#include "common.h"

static int
setup(void **state)
{
    if (vault_fixture_setup(state) != 0)
        return -1;
    vault_fixture *f = *state;
    /* init wrote entry 1; add 5 more. */
    char args[64];
    for (int i = 2; i <= 6; i++) {
        snprintf(args, sizeof args, "{\"n\": %d, \"who\": \"tester\"}", i);
        if (tt_vault_log_append(f->v, "test", args) != 0)
            return -1;
    }
    return 0;
}

static void
put(crypto_generichash_state *st, const void *p, size_t n)
{
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
    crypto_generichash_update(st, len, 8);
    crypto_generichash_update(st, p, n);
}

/* The documented encoding, computed here independently of audit.c. */
static void
expected_hash(char out[65], const tt_log_entry *e)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    put(&st, "telltale audit v1", 17);
    unsigned char seq[8];
    for (int i = 0; i < 8; i++)
        seq[i] = (unsigned char)((uint64_t)e->seq >> (56 - 8 * i));
    put(&st, seq, 8);
    put(&st, e->time, strlen(e->time));
    put(&st, e->user, strlen(e->user));
    put(&st, e->action, strlen(e->action));
    put(&st, e->args, strlen(e->args));
    put(&st, e->prev, strlen(e->prev));
    unsigned char h[32];
    crypto_generichash_final(&st, h, 32);
    sodium_bin2hex(out, 65, h, 32);
}

static void
chain_and_encoding(void **state)
{
    vault_fixture *f = *state;
    tt_log_entry *e;
    size_t n;
    assert_int_equal(tt_vault_log_list(f->v, &e, &n), 0);
    assert_int_equal(n, 6);
    assert_string_equal(e[0].action, "init");
    assert_string_equal(e[0].prev,
                        "0000000000000000000000000000000000000000000000000000000000000000");
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(e[i].seq, (int64_t)i + 1);
        char h[65];
        expected_hash(h, &e[i]);
        assert_string_equal(h, e[i].hash);
        if (i)
            assert_string_equal(e[i].prev, e[i - 1].hash);
        assert_int_equal(strlen(e[i].time), 20); /* 2024-05-01T12:00:00Z */
        assert_int_equal(e[i].time[19], 'Z');
    }
    /* Arguments are stored canonically: compact, keys sorted. */
    assert_string_equal(e[1].args, "{\"n\":2,\"who\":\"tester\"}");
    tt_log_entries_free(e, n);
    int64_t bad = -1;
    assert_int_equal(tt_vault_log_verify(f->v, &bad), 0);
    assert_int_equal(bad, 0);
}

static void
bad_arguments_rejected(void **state)
{
    vault_fixture *f = *state;
    assert_int_equal(tt_vault_log_append(f->v, "x", "[1,2]"), TT_EINVAL);
    assert_int_equal(tt_vault_log_append(f->v, "x", "{not json"), TT_EINVAL);
    assert_int_equal(tt_vault_log_append(f->v, "", "{}"), TT_EINVAL);
    assert_int_equal(tt_vault_log_verify(f->v, NULL), 0);
}

static void
rolled_back_append_leaves_nothing(void **state)
{
    vault_fixture *f = *state;
    assert_int_equal(tt_vault__begin(f->v), 0);
    assert_int_equal(tt_vault_log_append(f->v, "doomed", NULL), 0);
    tt_vault__rollback(f->v);
    tt_log_entry *e;
    size_t n;
    assert_int_equal(tt_vault_log_list(f->v, &e, &n), 0);
    assert_int_equal(n, 6);
    tt_log_entries_free(e, n);
    assert_int_equal(tt_vault_log_verify(f->v, NULL), 0);
    assert_int_equal(tt_vault_log_append(f->v, "kept", NULL), 0);
    assert_int_equal(tt_vault_log_verify(f->v, NULL), 0);
}

static void
expect_tamper(tt_vault *v, int64_t seq, const char *msg)
{
    int64_t bad = 0;
    assert_int_equal(tt_vault_log_verify(v, &bad), TT_ETAMPER);
    assert_int_equal(bad, seq);
    assert_string_equal(tt_vault_errmsg(v), msg);
}

static void
edited_entry(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "UPDATE audit SET args = '{\"n\":3,\"who\":\"tester \"}' WHERE seq = 3");
    expect_tamper(f->v, 3, "entry 3: hash mismatch (edited)");
}

static void
edited_time(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "UPDATE audit SET time = '2000-01-01T00:00:00Z' WHERE seq = 5");
    expect_tamper(f->v, 5, "entry 5: hash mismatch (edited)");
}

static void
rehashed_entry_has_bad_signature(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "UPDATE audit SET action = 'forged' WHERE seq = 4");
    tt_log_entry *e;
    size_t n;
    assert_int_equal(tt_vault_log_list(f->v, &e, &n), 0);
    char h[65], q[256];
    expected_hash(h, &e[3]);
    tt_log_entries_free(e, n);
    snprintf(q, sizeof q, "UPDATE audit SET hash = '%s' WHERE seq = 4;"
                          "UPDATE audit SET prev = '%s' WHERE seq = 5", h, h);
    sql(f->v, q);
    expect_tamper(f->v, 4, "entry 4: bad signature");
}

static void
deleted_middle(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "DELETE FROM audit WHERE seq = 3");
    expect_tamper(f->v, 4, "entry 4: previous hash mismatch (deleted or reordered)");
}

static void
deleted_last(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "DELETE FROM audit WHERE seq = 6");
    expect_tamper(f->v, 6, "log truncated after entry 5");
    /* The log is not extended past the cut. */
    assert_int_equal(tt_vault_log_append(f->v, "after", NULL), TT_ETAMPER);
}

static void
deleted_everything(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "DELETE FROM audit; DELETE FROM meta WHERE key = 'log_head'");
    expect_tamper(f->v, 1, "audit log is empty: truncated after entry 0");
}

static void
reordered(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "UPDATE audit SET seq = 100 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5;"
              "UPDATE audit SET seq = 5 WHERE seq = 100");
    expect_tamper(f->v, 4, "entry 4: previous hash mismatch (deleted or reordered)");
}

static void
forged_head(void **state)
{
    vault_fixture *f = *state;
    sql(f->v, "UPDATE meta SET value = '5' || substr(value, 2) WHERE key = 'log_head'");
    expect_tamper(f->v, 7, "log head: bad signature");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, vault_fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(chain_and_encoding), T(bad_arguments_rejected), T(rolled_back_append_leaves_nothing),
        T(edited_entry),       T(edited_time),            T(rehashed_entry_has_bad_signature),
        T(deleted_middle),     T(deleted_last),           T(deleted_everything),
        T(reordered),          T(forged_head),
    };
    return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
