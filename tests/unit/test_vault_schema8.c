/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vault_schema8.c: migration 8 (vault size, docs/FORMATS.md §2): a new vault has no
 * index of the tables a feature fills (findings, copies, background) until the table's first
 * row, no doc_index_version, and meta and watch_cursors keyed by their text (WITHOUT ROWID,
 * no second index); queries on the empty tables answer before the indexes exist; and a vault
 * of schema 7 (as every vault made before, here one with a finding on record) is migrated
 * keeping its rows, its log consistent, and the indexes of its tables that hold rows.
 */
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

#include "index.h"
#include "telltale/scan.h"
#include "telltale/vault.h"
#include "telltale/watch.h"
#include "vault_internal.h"
#include "vault_test_util.h"
#include "vault_test_db.h"

/* 1 when the schema has an object called name. */
static int
has(tt_vault *v, const char *name)
{
    char q[160];
    snprintf(q, sizeof q, "SELECT count(*) FROM sqlite_master WHERE name = '%s'", name);
    return (int)count(v, q);
}

static void
record_finding(tt_vault *v, const char *doc, const char *post)
{
    tt_finding_row r;
    memset(&r, 0, sizeof r);
    r.source = "feed";
    r.post = (char *)post;
    snprintf(r.doc, sizeof r.doc, "%s", doc);
    r.leak_end = r.doc_end = 10;
    r.matched_words = 9;
    snprintf(r.fingerprint, sizeof r.fingerprint, "00112233aabbccdd");
    r.json = "{}";
    size_t added = 0;
    assert_int_equal(tt_findings_record(v, &r, 1, "feed", "7", &added), 0);
    assert_int_equal(added, 1);
}

/* A new vault: the lazy indexes are absent, the tables answer, and each index appears with
 * its table's first row. */
static void
indexes_made_with_the_first_row(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    assert_int_equal(count(v, "PRAGMA user_version"), 8);
    static const char *const absent[] = {"findings_time",
                                         "findings_doc",
                                         "copies_recipient",
                                         "copies_doc",
                                         "background_batch",
                                         "doc_index_version",
                                         "sqlite_autoindex_meta_1",
                                         "sqlite_autoindex_watch_cursors_1"};
    for (size_t i = 0; i < TT_ARRAY_LEN(absent); i++)
        if (has(v, absent[i]))
            fail_msg("a new vault has %s", absent[i]);
    assert_int_equal(count(v, "SELECT count(*) FROM sqlite_master WHERE name IN ('meta',"
                              " 'watch_cursors') AND sql LIKE '%WITHOUT ROWID'"),
                     2);
    /* queries on the empty tables, before their indexes exist */
    tt_finding_row *rows = NULL;
    size_t n = 99;
    assert_int_equal(tt_findings_list(v, "2000", doc, &rows, &n), 0);
    assert_int_equal(n, 0);
    tt_finding_rows_free(rows, n);
    assert_int_equal(count(v, "SELECT count(*) FROM copies WHERE recipient = 1"), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM background WHERE batch = 3"), 0);
    char *cur = NULL;
    assert_int_equal(tt_watch_cursor_get(v, "feed", &cur), 0);
    assert_null(cur);
    /* every document indexed: answered without doc_index_version */
    assert_int_equal(tt_index_store__uptodate(v, TT_INDEX_VERSION), 0);
    size_t indexed = 0;
    assert_int_equal(tt_index_refresh(v, &indexed), 0);
    assert_int_equal(indexed, 1);
    assert_int_equal(tt_index_store__uptodate(v, TT_INDEX_VERSION), 1);
    /* the first finding makes the findings' indexes, and only those */
    record_finding(v, doc, "p1");
    assert_int_equal(has(v, "findings_time") + has(v, "findings_doc"), 2);
    assert_int_equal(has(v, "copies_recipient") + has(v, "background_batch"), 0);
    assert_int_equal(tt_findings_list(v, NULL, doc, &rows, &n), 0);
    assert_int_equal(n, 1);
    tt_finding_rows_free(rows, n);
    assert_int_equal(tt_watch_cursor_get(v, "feed", &cur), 0);
    assert_string_equal(cur, "7");
    free(cur);
    /* a copy, a background batch */
    int64_t id = 0;
    assert_int_equal(tt_vault__begin(v), 0);
    assert_int_equal(tt_copies__record(v, 1, 1, "lexical", "{}", "aa", "a.txt",
                                       "2026-01-01T00:00:00Z", &id),
                     0);
    assert_int_equal(tt_vault__commit(v), 0);
    assert_true(id > 0);
    assert_int_equal(has(v, "copies_recipient") + has(v, "copies_doc"), 2);
    uint64_t hs[] = {11, 12};
    int64_t batch = 0;
    size_t added = 0;
    assert_int_equal(tt_vault__begin(v), 0);
    assert_int_equal(tt_index_store__background_put(v, hs, 2, &batch, &added), 0);
    assert_int_equal(tt_vault__commit(v), 0);
    assert_int_equal(added, 2);
    assert_int_equal(has(v, "background_batch"), 1);
    /* reopened: nothing dropped again */
    tt_vault_free(v);
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(has(v, "findings_time") + has(v, "copies_doc") + has(v, "background_batch"),
                     3);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* A vault of schema 7 (meta and watch_cursors with rowids and their own index, every index
 * there), with a finding and a cursor on record: migrated to 8 when opened, rows kept, the
 * log consistent; the findings' indexes kept (their table holds a row), the others dropped. */
static void
schema7_vault_migrated(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    record_finding(v, doc, "p1");
    size_t indexed = 0;
    assert_int_equal(tt_index_refresh(v, &indexed), 0);
    int64_t meta_rows = count(v, "SELECT count(*) FROM meta");
    assert_true(meta_rows >= 2);
    /* back to schema 7, as migrations 1 to 7 left every vault */
    sql(v, "CREATE TABLE m7(key TEXT PRIMARY KEY, value TEXT);"
           "INSERT INTO m7 SELECT key, value FROM meta; DROP TABLE meta;"
           "ALTER TABLE m7 RENAME TO meta;"
           "CREATE TABLE w7(source TEXT PRIMARY KEY, value TEXT NOT NULL, updated TEXT NOT NULL);"
           "INSERT INTO w7 SELECT source, value, updated FROM watch_cursors;"
           "DROP TABLE watch_cursors; ALTER TABLE w7 RENAME TO watch_cursors;"
           "CREATE INDEX IF NOT EXISTS copies_recipient ON copies(recipient);"
           "CREATE INDEX IF NOT EXISTS copies_doc ON copies(doc);"
           "CREATE INDEX IF NOT EXISTS doc_index_version ON doc_index(version);"
           "CREATE INDEX IF NOT EXISTS background_batch ON background(batch);"
           "PRAGMA user_version=7;");
    assert_int_equal(has(v, "sqlite_autoindex_meta_1") + has(v, "doc_index_version"), 2);
    tt_vault_free(v);
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(count(v, "PRAGMA user_version"), 8);
    assert_int_equal(count(v, "SELECT count(*) FROM meta"), meta_rows);
    assert_int_equal(count(v, "SELECT count(*) FROM sqlite_master WHERE name IN ('meta',"
                              " 'watch_cursors') AND sql LIKE '%WITHOUT ROWID'"),
                     2);
    assert_int_equal(has(v, "sqlite_autoindex_meta_1") + has(v, "sqlite_autoindex_watch_cursors_1"),
                     0);
    assert_int_equal(has(v, "findings_time") + has(v, "findings_doc"), 2);
    assert_int_equal(has(v, "copies_recipient") + has(v, "copies_doc") +
                         has(v, "background_batch") + has(v, "doc_index_version"),
                     0);
    char *cur = NULL;
    assert_int_equal(tt_watch_cursor_get(v, "feed", &cur), 0);
    assert_string_equal(cur, "7");
    free(cur);
    tt_finding_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(tt_findings_list(v, NULL, doc, &rows, &n), 0);
    assert_int_equal(n, 1);
    tt_finding_rows_free(rows, n);
    tt_vault_problem *p = NULL;
    assert_int_equal(problems(v, &p), 0);
    assert_int_equal(tt_vault_log_verify(v, NULL), 0);
    assert_int_equal(tt_index_store__uptodate(v, TT_INDEX_VERSION), 1);
    /* it goes on: another finding, a document */
    record_finding(v, doc, "p2");
    assert_int_equal(tt_findings_list(v, NULL, NULL, &rows, &n), 0);
    assert_int_equal(n, 2);
    tt_finding_rows_free(rows, n);
    char path[256];
    const char *text = "A second memo: the depot closes early on the last day of the month.\n";
    file_write(path, dir, "memo2.txt", text, strlen(text));
    const char *paths[] = {path};
    tt_doc_info info[1];
    memset(info, 0, sizeof info);
    assert_int_equal(tt_vault_add_files(v, paths, 1, NULL, info), 0);
    tt_doc_info_release(&info[0]);
    assert_int_equal(problems(v, &p), 0);
    assert_int_equal(tt_vault_log_verify(v, NULL), 0);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(indexes_made_with_the_first_row),
        cmocka_unit_test(schema7_vault_migrated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
