/* SPDX-License-Identifier: Apache-2.0 */
/* test_bind_state.c: the signed replay state of the log (binds.bin, bind.c) that lets a check on
 * use replay only the entries after it.  Each case fails if a part of the check is skipped: the
 * signature (a state whose bytes were changed, or one of another vault with the same key), the
 * binding to the log's chain (entries after the state, edited or forged), the rows checked
 * against it (deleted, edited, inserted), and the full check that still replays the whole
 * log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "common.h"
#include "telltale/vault.h"
#include "vault_internal.h"
#include "vault_test_util.h"
#include "vault_test_db.h"

#define HDR 64
#define REC 33
#define SIG 64

static void
state_path(char out[128], const char *dir)
{
    snprintf(out, 128, "%s/binds.bin", dir);
}

/* The whole file into a fresh buffer (*n its size); NULL when there is none. */
static unsigned char *
slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *b = malloc(1 << 20);
    assert_non_null(b);
    *n = fread(b, 1, 1 << 20, f);
    fclose(f);
    return b;
}

static void
spill(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The entry the state file of dir stands at (0: no file). */
static int64_t
state_seq(const char *dir)
{
    char path[128];
    size_t n = 0;
    state_path(path, dir);
    unsigned char *b = slurp(path, &n);
    int64_t seq = b && n >= HDR ? (int64_t)tt__le64(b + 8) : 0;
    free(b);
    return seq;
}

/* The record of key ("kind" US "key") in the state file's bytes: its index, or -1. */
static long
state_find(const unsigned char *b, size_t len, const char *key)
{
    uint64_t n = tt__le64(b + 48);
    const char *k = (const char *)b + HDR + n * REC, *end = (const char *)b + len - SIG;
    for (uint64_t i = 0; i < n && k < end; i++) {
        if (strcmp(k, key) == 0)
            return (long)i;
        k += strlen(k) + 1;
    }
    return -1;
}

/* A vault with a state file at its last entry, closed; reopened into *v. */
static void
vault_with_state(const char *dir, char doc[24], tt_vault **v)
{
    *v = small_vault(dir, doc);
    tt_vault_problem *p = NULL;
    size_t np = 9;
    assert_int_equal(tt_vault_check(*v, &p, &np), 0);
    assert_int_equal(np, 0);
    int64_t last = count(*v, "SELECT max(seq) FROM audit");
    assert_int_equal(state_seq(dir), last);
    tt_vault_free(*v);
    assert_int_equal(tt_vault_open(v, dir), 0);
}

/* Rows deleted, edited and inserted by SQL are found from the state as from the whole log. */
static void
rows_checked_against_state(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v;
    vault_with_state(dir, doc, &v);
    assert_int_equal(tt_bind__check_doc(v, doc), 0);
    assert_int_equal(tt_bind__check_registry(v), 0);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), 0);

    sql(v, "DELETE FROM recipients WHERE name = 'Ana'");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "recipient #1 is in the signed audit log but gone"));
    sql(v, "UPDATE recipients SET contact = 'x@example.org' WHERE name = 'Ben'");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "2"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "recipient #2 was changed outside telltale"));
    sql(v, "INSERT INTO recipients(name, added) VALUES ('Eve', '2024-01-01T00:00:00Z')");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "3"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "recipient #3 is not in the signed audit log"));
    sql(v, "UPDATE documents SET text = text || 'x'");
    assert_int_equal(tt_bind__check_doc(v, doc), TT_ETAMPER);
    sql(v, "DELETE FROM doc_index; DELETE FROM documents");
    assert_int_equal(tt_bind__check_registry(v), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "in the signed audit log but gone"));
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* A state whose bytes were changed keeps its signature no longer: it is not used.  Here the
 * record of recipient 1 is marked removed, and the row then deleted by SQL: trusting the
 * changed state would let the deletion pass. */
static void
changed_state_not_trusted(void **state)
{
    (void)state;
    char dir[64], doc[24], path[128];
    tmpdir_make(dir);
    tt_vault *v;
    vault_with_state(dir, doc, &v);
    tt_vault_free(v);
    state_path(path, dir);
    size_t n = 0;
    unsigned char *b = slurp(path, &n);
    assert_non_null(b);
    static const char key[] = {'r', 'e', 'c', 'i', 'p', 'i', 'e', 'n', 't', 0x1f, '1', 0};
    long i = state_find(b, n, key);
    assert_true(i >= 0);
    assert_int_equal(b[HDR + (size_t)i * REC + 32] & 1, 1);
    b[HDR + (size_t)i * REC + 32] &= (unsigned char)~1u;
    spill(path, b, n);

    assert_int_equal(tt_vault_open(&v, dir), 0);
    sql(v, "DELETE FROM recipients WHERE name = 'Ana'");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "recipient #1 is in the signed audit log but gone"));
    tt_vault_free(v);

    /* cut short, or garbage: the whole log is replayed, and the deletion still found */
    spill(path, b, n / 2);
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), TT_ETAMPER);
    tt_vault_free(v);
    memset(b, 0x5a, n);
    spill(path, b, n);
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), TT_ETAMPER);
    tt_vault_free(v);
    free(b);
    tmpdir_remove(dir);
}

/* Two vaults with the same (test) key: B's state is signed by the key A checks with, but it
 * stands at an entry of B's log, which A's chain does not reach.  A's rows made to look like
 * B's (a recipient B has and A never logged) are still found. */
static void
state_of_another_log_not_used(void **state)
{
    (void)state;
    char da[64], db[64], pa[128], pb[128];
    tmpdir_make(da);
    tmpdir_make(db);
    tt_vault_init_options o = TT_VAULT_INIT_OPTIONS_INIT;
    o.test_key_seed = "bind state";
    o.test_key_seed_len = 10;
    tt_vault *a, *b;
    assert_int_equal(tt_vault_init_with(&a, da, &o), 0);
    assert_int_equal(tt_vault_init_with(&b, db, &o), 0);
    assert_int_equal(tt_vault_recipient_add(a, "Ana", NULL, NULL, NULL), 0);
    assert_int_equal(tt_vault_recipient_add(b, "Ana", NULL, NULL, NULL), 0);
    assert_int_equal(tt_vault_recipient_add(b, "Eve", NULL, NULL, NULL), 0);
    tt_vault_problem *p = NULL;
    size_t np = 9;
    assert_int_equal(tt_vault_check(a, &p, &np), 0);
    assert_int_equal(tt_vault_check(b, &p, &np), 0);
    tt_vault_free(b);
    state_path(pa, da);
    state_path(pb, db);
    size_t n = 0;
    unsigned char *bytes = slurp(pb, &n);
    assert_non_null(bytes);
    spill(pa, bytes, n);
    free(bytes);
    tt_vault_free(a);

    assert_int_equal(tt_vault_open(&a, da), 0);
    sql(a, "INSERT INTO recipients(name, added) VALUES ('Eve', '2024-01-01T00:00:00Z')");
    assert_int_equal(tt_bind__check(a, TT_BIND_RECIPIENT, "2"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(a), "recipient #2 is not in the signed audit log"));
    tt_vault_free(a);
    tmpdir_remove(da);
    tmpdir_remove(db);
}

/* Entries appended after the state are replayed on top of it, and checked: a record they bind
 * is held to its last word, an edit of one of them breaks the chain, an entry added by SQL
 * is not covered by the signed head. */
static void
entries_after_state(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v;
    vault_with_state(dir, doc, &v);
    int64_t at = state_seq(dir);
    assert_int_equal(tt_vault_recipient_add(v, "Cy", NULL, "Ops", NULL), 0);
    assert_int_equal(tt_vault_recipient_retire(v, "Ben"), 0);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "3"), 0);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "2"), 0);
    /* a little replay work: the file is not rewritten for it */
    assert_int_equal(state_seq(dir), at);
    tt_vault_free(v);

    assert_int_equal(tt_vault_open(&v, dir), 0);
    sql(v, "UPDATE recipients SET unit = 'Legal' WHERE name = 'Cy'");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "3"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "recipient #3 was changed outside telltale"));
    sql(v, "UPDATE recipients SET unit = 'Ops' WHERE name = 'Cy'");
    /* Ben's retirement is the last word: the row put back as it was before it is an edit */
    sql(v, "UPDATE recipients SET retired = NULL WHERE name = 'Ben'");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "2"), TT_ETAMPER);
    tt_vault_free(v);

    assert_int_equal(tt_vault_open(&v, dir), 0);
    char q[128];
    snprintf(q, sizeof q, "UPDATE audit SET user = 'mallory' WHERE seq = %lld", (long long)at + 1);
    sql(v, q);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "the audit log does not verify"));
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* An entry inserted by SQL after the signed head, whether or not the state stands at the head. */
static void
entry_beyond_head(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v;
    vault_with_state(dir, doc, &v);
    sql(v, "INSERT INTO audit(seq, time, user, action, args, prev, hash, sig)"
           " SELECT seq + 1, time, user, 'test', '{\"bind\":[]}', hash, hash, sig FROM audit"
           " WHERE seq = (SELECT max(seq) FROM audit)");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "the audit log does not verify"));
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* What the state leaves to the full check: an entry before it edited changes no record's last
 * word (they are in the signed state), so checks on use still answer; log --verify, the full
 * check and trace's count of earlier traces (which reads the entries) read the whole chain
 * and report it. */
static void
entry_before_state_left_to_full_check(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v;
    vault_with_state(dir, doc, &v);
    sql(v, "UPDATE audit SET args = replace(args, 'Ana', 'Ann') WHERE action = 'recipient-add'");
    assert_true(count(v, "SELECT changes()") >= 1);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), 0);
    assert_int_equal(tt_vault_log_verify(v, NULL), TT_ETAMPER);
    tt_vault_problem *p = NULL;
    size_t np = 9;
    assert_int_equal(tt_vault_check(v, &p, &np), TT_ETAMPER);
    int64_t n1, n2;
    assert_int_equal(tt_audit__count_traces(v, doc, "00", &n1, &n2), TT_ETAMPER);
    /* and the rows are still held to the signed state */
    sql(v, "UPDATE recipients SET name = 'Ann' WHERE name = 'Ana'");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), TT_ETAMPER);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* Enough replay work after the state rewrites it at the head, and the rewritten state is
 * the log's last word: a record bound after the old state is checked from the new one. */
static void
state_rewritten_after_enough_work(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v;
    vault_with_state(dir, doc, &v);
    int64_t at = state_seq(dir);
    assert_int_equal(tt_vault_recipient_add(v, "Cy", NULL, NULL, NULL), 0);
    for (int i = 0; i < 300; i++)
        assert_int_equal(tt_vault_log_append(v, "note", "{\"n\":1}"), 0);
    int64_t last = count(v, "SELECT max(seq) FROM audit");
    tt_vault_free(v);
    assert_int_equal(state_seq(dir), at);
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "3"), 0);
    assert_int_equal(state_seq(dir), last);
    tt_vault_free(v);
    /* the new state holds Cy: a deleted row is missing, with no entry after the state */
    assert_int_equal(tt_vault_open(&v, dir), 0);
    sql(v, "DELETE FROM recipients WHERE name = 'Cy'");
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "3"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "recipient #3 is in the signed audit log but gone"));
    tt_vault_free(v);
    tmpdir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_checked_against_state),
        cmocka_unit_test(changed_state_not_trusted),
        cmocka_unit_test(state_of_another_log_not_used),
        cmocka_unit_test(entries_after_state),
        cmocka_unit_test(entry_beyond_head),
        cmocka_unit_test(entry_before_state_left_to_full_check),
        cmocka_unit_test(state_rewritten_after_enough_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
