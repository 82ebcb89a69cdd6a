/* SPDX-License-Identifier: Apache-2.0 */
/* test_bind.c: records bound to the signed log (bind.c): tt_vault_check() on a vault changed
 * only through telltale, on each kind of edit, and the one "rebind" entry that binds the
 * records of a vault made before schema 4. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "telltale/vault.h"
#include "vault_internal.h"
#include "vault_test_util.h"
#include "vault_test_db.h"

static void
consistent_until_edited(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    tt_vault_problem *p = NULL;
    assert_int_equal(problems(v, &p), 0);
    assert_int_equal(tt_bind__check_doc(v, doc), 0);
    assert_int_equal(tt_bind__check_mark_key(v), 0);
    assert_int_equal(tt_bind__check_registry(v), 0);
    tt_vault_problems_free(p, 0);

    /* an edit of one column of one row: exactly that record, "edited" */
    sql(v, "UPDATE recipients SET unit = 'Finance' WHERE name = 'Ben'");
    assert_int_equal(problems(v, &p), 1);
    assert_string_equal(p[0].kind, "recipient");
    assert_string_equal(p[0].key, "2");
    assert_string_equal(p[0].problem, "edited");
    assert_non_null(strstr(p[0].message, "recipient #2 was changed outside telltale"));
    tt_vault_problems_free(p, 1);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "2"), TT_ETAMPER);
    assert_non_null(strstr(tt_vault_errmsg(v), "refusing to answer from a tampered vault"));
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), 0);
    sql(v, "UPDATE recipients SET unit = 'Legal' WHERE name = 'Ben'");
    assert_int_equal(problems(v, &p), 0);

    /* the same bytes stored as another type are another record */
    sql(v, "UPDATE documents SET title = CAST(title AS BLOB)");
    assert_int_equal(problems(v, &p), 1);
    assert_string_equal(p[0].kind, "doc");
    assert_string_equal(p[0].key, doc);
    tt_vault_problems_free(p, 1);
    assert_int_equal(tt_bind__check_doc(v, doc), TT_ETAMPER);
    sql(v, "UPDATE documents SET title = CAST(title AS TEXT)");
    assert_int_equal(problems(v, &p), 0);

    /* a row inserted, a row deleted */
    sql(v, "INSERT INTO recipients(name, added) VALUES ('Eve', '2024-01-01T00:00:00Z')");
    sql(v, "DELETE FROM recipients WHERE name = 'Ana'");
    assert_int_equal(problems(v, &p), 2);
    assert_string_equal(p[0].problem, "unlogged");
    assert_string_equal(p[0].key, "3");
    assert_string_equal(p[1].problem, "missing");
    assert_string_equal(p[1].key, "1");
    tt_vault_problems_free(p, 2);

    /* a log that does not verify vouches for nothing: the full check replays it whole */
    sql(v, "UPDATE audit SET user = 'mallory' WHERE seq = 2");
    size_t n = 7;
    assert_int_equal(tt_vault_check(v, &p, &n), TT_ETAMPER);
    assert_null(p);
    assert_int_equal(n, 0);
    /* a check on use starts from the signed replay state (binds.bin), which the full checks
     * above wrote at the last entry: the log's last word for every record is in it, signed,
     * so an edit of an entry before it changes no record a check rests on, and is the full
     * check's to report (test_bind_state.c); without the state, the whole log is replayed */
    char path[128];
    snprintf(path, sizeof path, "%s/binds.bin", dir);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "2"), 0);
    assert_int_equal(unlink(path), 0);
    tt_bind__forget(v);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "2"), TT_ETAMPER);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* Only the top-level bind lists of an entry count: the same text inside a string or a nested
 * object (arguments other modules log) binds nothing. */
static void
only_top_level_binds(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    const char *zero = "0000000000000000000000000000000000000000000000000000000000000000";
    char args[512];
    snprintf(args, sizeof args,
             "{\"a\": \"x\\\"bind\\\":[[\\\"recipient\\\",\\\"1\\\",\\\"%s\\\"]]\","
             " \"nested\": {\"bind\": [[\"recipient\", \"1\", \"%s\"]]},"
             " \"list\": [{\"unbind\": [[\"recipient\", \"2\"]]}]}",
             zero, zero);
    assert_int_equal(tt_vault_log_append(v, "scan", args), 0);
    tt_vault_problem *p = NULL;
    assert_int_equal(problems(v, &p), 0);
    /* a top-level list does count: recipient 1 is now expected to be something else */
    snprintf(args, sizeof args, "{\"bind\": [[\"recipient\", \"1\", \"%s\"]]}", zero);
    assert_int_equal(tt_vault_log_append(v, "test", args), 0);
    assert_int_equal(problems(v, &p), 1);
    assert_string_equal(p[0].key, "1");
    assert_string_equal(p[0].problem, "edited");
    tt_vault_problems_free(p, 1);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* Back to a vault of schema 3: a log of entries without bind lists (re-signed from scratch:
 * the fixture holds the key), the background without batches. */
static void
make_schema3(tt_vault *v)
{
    sql(v, "DELETE FROM audit; DELETE FROM meta WHERE key = 'log_head';");
    assert_int_equal(tt_vault_log_append(v, "init", "{\"key_id\":\"X\",\"schema\":3}"), 0);
    assert_int_equal(tt_vault_log_append(v, "add", "{\"doc\":\"d\"}"), 0);
    sql(v, "INSERT INTO background(hash) VALUES (11), (12);" UNDO_MIGRATIONS_6_TO_4
           "PRAGMA user_version=3;");
}

static void
old_vault_rebound_once(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    make_schema3(v);
    tt_vault_free(v);

    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(count(v, "PRAGMA user_version"), 8);
    assert_int_equal(count(v, "SELECT count(*) FROM audit WHERE action = 'rebind'"), 1);
    assert_int_equal(count(v, "SELECT max(seq) FROM audit WHERE action = 'rebind'"), 3);
    /* every record as it was: document, 2 recipients, background batch 0, the marking key */
    assert_int_equal(count(v, "SELECT json_array_length(args, '$.bind') FROM audit"
                              " WHERE action = 'rebind'"),
                     5);
    assert_int_equal(tt_vault_log_verify(v, NULL), 0);
    tt_vault_problem *p = NULL;
    assert_int_equal(problems(v, &p), 0);
    assert_int_equal(tt_bind__check_doc(v, doc), 0);
    tt_vault_free(v);

    /* opened again: bound already, nothing appended */
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM audit"), 3);
    sql(v, "UPDATE background SET hash = 13 WHERE hash = 12");
    assert_int_equal(problems(v, &p), 1);
    assert_string_equal(p[0].kind, "background");
    assert_string_equal(p[0].key, "0");
    tt_vault_problems_free(p, 1);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* An old vault whose log was tampered with is not rebound: binding it would vouch for
 * whatever the tamperer left. */
static void
tampered_old_vault_not_rebound(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    make_schema3(v);
    sql(v, "UPDATE audit SET args = '{\"doc\":\"e\"}' WHERE seq = 2");
    tt_vault_free(v);
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM audit WHERE action = 'rebind'"), 0);
    assert_int_equal(tt_vault_log_verify(v, NULL), TT_ETAMPER);
    assert_int_equal(tt_bind__check_doc(v, doc), TT_ETAMPER);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(consistent_until_edited),
        cmocka_unit_test(only_top_level_binds),
        cmocka_unit_test(old_vault_rebound_once),
        cmocka_unit_test(tampered_old_vault_not_rebound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
