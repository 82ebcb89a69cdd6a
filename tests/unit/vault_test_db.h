/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_test_db.h: the unit tests' hands on a vault's database, below the typed accessors
 * (the store modules' handle, vault_handle.h): count rows, run SQL to tamper with them, build
 * the small vault the bind and copies tests start from, and undo the latest migrations to
 * make a vault of an older schema.  Include after cmocka.h.
 */
#ifndef TT_VAULT_TEST_DB_H
#define TT_VAULT_TEST_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "telltale/vault.h"
#include "vault_handle.h"
#include "vault_test_util.h"

/* The first column of the first row of query q, as an integer. */
static inline int64_t
count(tt_vault *v, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(tt_vault__db(v), q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* tt_vault_check on v: it must succeed; the problems go to *p, their count is returned. */
static inline size_t
problems(tt_vault *v, tt_vault_problem **p)
{
    size_t n = 99;
    assert_int_equal(tt_vault_check(v, p, &n), 0);
    return n;
}

/* Run the statements q, failing the test with SQLite's message when one fails. */
static inline void
sql(tt_vault *v, const char *q)
{
    char *err = NULL;
    if (sqlite3_exec(tt_vault__db(v), q, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", q, err);
}

/* A vault with one document (its id into doc_id) and two recipients, Ana and Ben, all
 * through the library. */
static inline tt_vault *
small_vault(const char *dir, char doc_id[24])
{
    tt_vault *v = NULL;
    char path[256];
    assert_int_equal(tt_vault_init(&v, dir), 0);
    const char *text = "The convoy leaves the depot at dawn and returns before dark.\n";
    file_write(path, dir, "memo.txt", text, strlen(text));
    const char *paths[] = {path};
    tt_doc_info info[1];
    memset(info, 0, sizeof info);
    assert_int_equal(tt_vault_add_files(v, paths, 1, NULL, info), 0);
    snprintf(doc_id, 24, "%s", info[0].id);
    tt_doc_info_release(&info[0]);
    assert_int_equal(tt_vault_recipient_add(v, "Ana", NULL, NULL, NULL), 0);
    assert_int_equal(tt_vault_recipient_add(v, "Ben", "ben@example.org", "Legal", NULL), 0);
    return v;
}

/* Undo migrations 6 (watch's findings and cursors), 5 (retired documents and recipients) and
 * 4 (background batches): with PRAGMA user_version=3 after it, a vault of schema 3. */
#define UNDO_MIGRATIONS_6_TO_4                                                                  \
    "DROP TABLE findings;"                                                                      \
    "DROP TABLE watch_cursors;"                                                                 \
    "ALTER TABLE documents DROP COLUMN retired;"                                                \
    "ALTER TABLE recipients DROP COLUMN retired;"                                               \
    "DROP INDEX IF EXISTS background_batch;"                                                    \
    "ALTER TABLE background DROP COLUMN batch;"

#endif
