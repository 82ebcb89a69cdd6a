/* SPDX-License-Identifier: Apache-2.0 */
/* test_findings.c: recorded findings (findings.c): a finding recorded twice is one row, the
 * audit entry names only the new ones and joins the same transaction, the cursor moves with
 * them, a failed batch leaves neither rows, nor entry, nor cursor, and a row edited, forged or
 * deleted outside telltale is refused by the listing and named by the full check (bind.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/vault.h"
#include "telltale/watch.h"
#include "vault_handle.h"
#include "vault_internal.h"
#include "vault_test_util.h"

static int64_t
count(tt_vault *v, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(tt_vault__db(v), q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static tt_finding_row
row(const char *post, uint64_t start)
{
    tt_finding_row r;
    memset(&r, 0, sizeof r);
    r.source = (char *)"nats:posts";
    r.post = (char *)post;
    snprintf(r.doc, sizeof r.doc, "d1234");
    r.leak_start = start;
    r.leak_end = start + 100;
    r.doc_start = 10;
    r.doc_end = 110;
    r.matched_words = 20;
    r.coverage = 0.5;
    r.chance = 1e-20;
    snprintf(r.fingerprint, sizeof r.fingerprint, "0123456789abcdef");
    r.json = (char *)"{\"doc\":\"d1234\"}";
    return r;
}

static void
recorded_once_with_audit_and_cursor(void **state)
{
    (void)state;
    char dir[64];
    tmpdir_make(dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init(&v, dir), 0);
    int64_t entries = count(v, "SELECT count(*) FROM audit");
    tt_finding_row rows[2] = {row("p1", 0), row("p2", 50)};
    size_t added = 99;
    assert_int_equal(tt_findings_record(v, rows, 2, "in/a.jsonl", "s 1 2 3", &added), 0);
    assert_int_equal(added, 2);
    assert_int_equal(count(v, "SELECT count(*) FROM findings"), 2);
    assert_int_equal(count(v, "SELECT count(*) FROM audit"), entries + 1);
    char *cur = NULL;
    assert_int_equal(tt_watch_cursor_get(v, "in/a.jsonl", &cur), 0);
    assert_string_equal(cur, "s 1 2 3");
    free(cur);
    /* again, with one new row: only it is added, only it is in the new audit entry */
    tt_finding_row again[2] = {row("p2", 50), row("p3", 0)};
    assert_int_equal(tt_findings_record(v, again, 2, "in/a.jsonl", "s 1 2 9", &added), 0);
    assert_int_equal(added, 1);
    assert_int_equal(count(v, "SELECT count(*) FROM findings"), 3);
    assert_int_equal(count(v, "SELECT count(*) FROM audit"), entries + 2);
    assert_int_equal(count(v, "SELECT count(*) FROM audit WHERE seq = (SELECT max(seq) FROM audit)"
                              " AND args LIKE '%p3%' AND args NOT LIKE '%p2%'"),
                     1);
    /* nothing new: no audit entry, the cursor still moves */
    assert_int_equal(tt_findings_record(v, again, 2, "in/a.jsonl", "s 1 2 10", &added), 0);
    assert_int_equal(added, 0);
    assert_int_equal(count(v, "SELECT count(*) FROM audit"), entries + 2);
    assert_int_equal(tt_watch_cursor_get(v, "in/a.jsonl", &cur), 0);
    assert_string_equal(cur, "s 1 2 10");
    free(cur);
    /* the same span of another post, or another span of the same post, is another finding */
    tt_finding_row other[2] = {row("p9", 0), row("p1", 1)};
    assert_int_equal(tt_findings_record(v, other, 2, NULL, NULL, &added), 0);
    assert_int_equal(added, 2);
    /* listing: all, by document, by time */
    tt_finding_row *list = NULL;
    size_t n = 0;
    assert_int_equal(tt_findings_list(v, NULL, NULL, &list, &n), 0);
    assert_int_equal(n, 5);
    assert_string_equal(list[0].post, "p1");
    assert_string_equal(list[0].json, "{\"doc\":\"d1234\"}");
    tt_finding_rows_free(list, n);
    assert_int_equal(tt_findings_list(v, NULL, "dnone", &list, &n), 0);
    assert_int_equal(n, 0);
    tt_finding_rows_free(list, n);
    assert_int_equal(tt_findings_list(v, "2999", NULL, &list, &n), 0);
    assert_int_equal(n, 0);
    tt_finding_rows_free(list, n);
    assert_int_equal(tt_vault_log_verify(v, NULL), 0);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

static void
failed_batch_leaves_nothing(void **state)
{
    (void)state;
    char dir[64];
    tmpdir_make(dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init(&v, dir), 0);
    int64_t entries = count(v, "SELECT count(*) FROM audit");
    /* the second row is bad: the first, the entry and the cursor are not written either */
    tt_finding_row rows[2] = {row("p1", 0), row("p2", 0)};
    rows[1].json = NULL;
    assert_int_equal(tt_findings_record(v, rows, 2, "src", "c", NULL), TT_EINVAL);
    /* a database failure midway rolls the whole batch back */
    assert_int_equal(sqlite3_exec(tt_vault__db(v),
                                  "CREATE TRIGGER no_p2 BEFORE INSERT ON findings"
                                  " WHEN NEW.post = 'p2' BEGIN SELECT RAISE(ABORT, 'no'); END",
                                  0, 0, 0),
                     SQLITE_OK);
    rows[1].json = (char *)"{}";
    assert_int_equal(tt_findings_record(v, rows, 2, "src", "c", NULL), TT_EDB);
    assert_int_equal(count(v, "SELECT count(*) FROM findings"), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM watch_cursors"), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM audit"), entries);
    char *cur = (char *)"x";
    assert_int_equal(tt_watch_cursor_get(v, "src", &cur), 0);
    assert_null(cur);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

static void
exec_ok(tt_vault *v, const char *q)
{
    assert_int_equal(sqlite3_exec(tt_vault__db(v), q, 0, 0, 0), SQLITE_OK);
}

/* The full check's one problem, as "KIND KEY PROBLEM", or "" when consistent. */
static void
only_problem(tt_vault *v, const char *want)
{
    tt_vault_problem *p = NULL;
    size_t n = 0;
    assert_int_equal(tt_vault_check(v, &p, &n), 0);
    char got[128] = "";
    if (n)
        snprintf(got, sizeof got, "%s %s %s", p[0].kind, p[0].key, p[0].problem);
    assert_int_equal(n, want[0] ? 1 : 0);
    assert_string_equal(got, want);
    tt_vault_problems_free(p, n);
}

static void
list_refused(tt_vault *v)
{
    tt_finding_row *list = NULL;
    size_t n = 9;
    assert_int_equal(tt_findings_list(v, NULL, NULL, &list, &n), TT_ETAMPER);
    assert_null(list);
    assert_int_equal(n, 0);
    assert_non_null(strstr(tt_vault_errmsg(v), "finding #"));
}

static void
rows_bound_to_the_log(void **state)
{
    (void)state;
    char dir[64];
    tmpdir_make(dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init(&v, dir), 0);
    tt_finding_row rows[2] = {row("p1", 0), row("p2", 50)};
    assert_int_equal(tt_findings_record(v, rows, 2, NULL, NULL, NULL), 0);
    /* the entry binds both rows */
    assert_int_equal(count(v, "SELECT json_array_length(args, '$.bind') FROM audit"
                              " WHERE action = 'findings'"),
                     2);
    only_problem(v, "");
    tt_finding_row *list = NULL;
    size_t n = 0;
    assert_int_equal(tt_findings_list(v, NULL, NULL, &list, &n), 0);
    assert_int_equal(n, 2);
    tt_finding_rows_free(list, n);

    /* a chance made smaller by SQL: edited */
    exec_ok(v, "UPDATE findings SET chance = 1e-30 WHERE post = 'p1'");
    only_problem(v, "finding 1 edited");
    list_refused(v);
    exec_ok(v, "UPDATE findings SET chance = 1e-20 WHERE post = 'p1'");
    only_problem(v, "");
    /* the recorded line rewritten: edited */
    exec_ok(v, "UPDATE findings SET json = '{}' WHERE post = 'p2'");
    only_problem(v, "finding 2 edited");
    list_refused(v);
    exec_ok(v, "UPDATE findings SET json = '{\"doc\":\"d1234\"}' WHERE post = 'p2'");
    only_problem(v, "");
    /* a finding hidden by deleting its row: missing */
    exec_ok(v, "DELETE FROM findings WHERE post = 'p2'");
    only_problem(v, "finding 2 missing");
    list_refused(v);
    /* a forged row: unlogged (the deleted one is still missing) */
    exec_ok(v, "INSERT INTO findings SELECT 7, source, 'forged', doc, leak_start, leak_end,"
               " doc_start, doc_end, matched_words, coverage, chance, fingerprint, time, json"
               " FROM findings WHERE id = 1");
    tt_vault_problem *p = NULL;
    assert_int_equal(tt_vault_check(v, &p, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].kind, "finding");
    assert_string_equal(p[0].key, "7");
    assert_string_equal(p[0].problem, "unlogged");
    assert_string_equal(p[1].key, "2");
    assert_string_equal(p[1].problem, "missing");
    tt_vault_problems_free(p, n);
    list_refused(v);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recorded_once_with_audit_and_cursor),
        cmocka_unit_test(failed_batch_leaves_nothing),
        cmocka_unit_test(rows_bound_to_the_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
