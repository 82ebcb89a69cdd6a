/* SPDX-License-Identifier: Apache-2.0 */
/* test_bind_batch.c: batch "add" entries (vault_docs.c, bind.c): an add call of several files
 * logs one entry per TT_ADD_ENTRY_DOCS documents, listing [id, digest, file, bytes, words] for
 * each, beside the single-document entries of older calls (main's format, still written for a
 * call that adds one file); every document of a batch is bound like one of a single entry: an
 * edited, deleted or inserted row, and an edited document inside the entry, are refused.  A
 * vault of schema 6 (main's, with the index on sha256) still opens and takes batches. */
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
#include "telltale/vault.h"
#include "testhooks.h"
#include "vault_internal.h"
#include "vault_test_util.h"
#include "vault_test_db.h"

enum { NB = 5 };

/* A vault with one document added alone (a single entry, as main writes it) and NB more added
 * in one call split into entries of at most 2 documents; ids into old_id and ids[]. */
static tt_vault *
batch_vault(const char *dir, char old_id[24], char ids[NB][24])
{
    tt_vault *v = small_vault(dir, old_id);
    char paths[NB][256];
    const char *pp[NB + 1];
    for (int i = 0; i < NB; i++) {
        char name[32], text[160];
        snprintf(name, sizeof name, "b%d.txt", i);
        snprintf(text, sizeof text,
                 "Batch memo %d: the convoy number %d leaves the northern depot at %d o'clock.\n",
                 i, i * 7 + 3, i + 4);
        file_write(paths[i], dir, name, text, strlen(text));
        pp[i] = paths[i];
    }
    /* the first again: a duplicate in the same call is not logged twice */
    pp[NB] = paths[0];
    tt_doc_info out[NB + 1];
    memset(out, 0, sizeof out);
    tt__add_entry_docs(2);
    assert_int_equal(tt_vault_add_files(v, pp, NB + 1, NULL, out), 0);
    tt__add_entry_docs(0);
    assert_true(out[NB].duplicate);
    for (int i = 0; i <= NB; i++) {
        if (i < NB)
            snprintf(ids[i], 24, "%s", out[i].id);
        tt_doc_info_release(&out[i]);
    }
    return v;
}

static void
reopen(tt_vault **v, const char *dir)
{
    tt_vault_free(*v);
    *v = NULL;
    assert_int_equal(tt_vault_open(v, dir), 0);
}

/* One entry per 2 documents, each listing its documents once; all bound and consistent. */
static void
entries_list_each_document(void **state)
{
    (void)state;
    char dir[64], old_id[24], ids[NB][24];
    tmpdir_make(dir);
    tt_vault *v = batch_vault(dir, old_id, ids);
    /* the single entry of the first call, then 3 batch entries (2 + 2 + 1) */
    assert_int_equal(count(v, "SELECT count(*) FROM audit WHERE action = 'add'"), 4);
    assert_int_equal(count(v, "SELECT count(*) FROM audit WHERE action = 'add'"
                              " AND json_type(args, '$.bind') = 'array'"),
                     1);
    assert_int_equal(count(v, "SELECT sum(json_array_length(args, '$.docs')) FROM audit"
                              " WHERE action = 'add'"),
                     NB);
    /* no field repeated, no nulls: the media type once, no label when none was given */
    assert_int_equal(count(v, "SELECT count(*) FROM audit WHERE action = 'add'"
                              " AND json_type(args, '$.docs') = 'array'"
                              " AND json_extract(args, '$.media_type') = 'text/plain'"
                              " AND json_type(args, '$.label') IS NULL"
                              " AND instr(args, 'null') = 0"),
                     3);
    assert_int_equal(count(v, "SELECT count(*) FROM audit, json_each(audit.args, '$.docs') d"
                              " WHERE json_array_length(d.value) = 5"
                              " AND length(json_extract(d.value, '$[1]')) = 64"),
                     NB);
    tt_vault_problem *p = NULL;
    assert_int_equal(problems(v, &p), 0);
    int64_t bad = -1;
    assert_int_equal(tt_vault_log_verify(v, &bad), 0);
    for (int i = 0; i < NB; i++)
        assert_int_equal(tt_bind__check_doc(v, ids[i]), 0);
    assert_int_equal(tt_bind__check_registry(v), 0);
    /* and from the signed replay state of a later command */
    reopen(&v, dir);
    assert_int_equal(tt_bind__check_registry(v), 0);
    char bb[128];
    snprintf(bb, sizeof bb, "%s/binds.bin", dir);
    assert_int_equal(access(bb, F_OK), 0);
    reopen(&v, dir);
    for (int i = 0; i < NB; i++)
        assert_int_equal(tt_bind__check_doc(v, ids[i]), 0);
    /* a later batch adds to the same vault */
    char path2[2][256];
    file_write(path2[0], dir, "c0.txt", "A later note on the depot.\n", 27);
    file_write(path2[1], dir, "c1.txt", "Another later note, on the convoy.\n", 35);
    const char *pp[] = {path2[0], path2[1]};
    tt_doc_info out[2];
    memset(out, 0, sizeof out);
    assert_int_equal(tt_vault_add_files(v, pp, 2, NULL, out), 0);
    assert_int_equal(tt_bind__check_doc(v, out[1].id), 0);
    tt_doc_info_release(&out[0]);
    tt_doc_info_release(&out[1]);
    assert_int_equal(problems(v, &p), 0);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* The one problem tt_vault_check reports: kind doc, key id, the problem's name. */
static void
one_problem(tt_vault *v, const char *id, const char *what)
{
    tt_vault_problem *p = NULL;
    assert_int_equal(problems(v, &p), 1);
    assert_string_equal(p[0].kind, "doc");
    assert_string_equal(p[0].key, id);
    assert_string_equal(p[0].problem, what);
    tt_vault_problems_free(p, 1);
}

/* A row of a batch edited, deleted, or one inserted beside them: each refused. */
static void
rows_of_a_batch_are_bound(void **state)
{
    (void)state;
    char dir[64], old_id[24], ids[NB][24], q[512];
    for (int round = 0; round < 3; round++) {
        tmpdir_make(dir);
        tt_vault *v = batch_vault(dir, old_id, ids);
        /* from the signed replay state too: a command after the batch wrote binds.bin */
        reopen(&v, dir);
        assert_int_equal(tt_bind__check_registry(v), 0);
        reopen(&v, dir);
        if (round == 0) {
            snprintf(q, sizeof q,
                     "UPDATE documents SET text = replace(text, 'northern', 'southern')"
                     " WHERE doc_id = '%s'",
                     ids[3]);
            sql(v, q);
            assert_int_equal(tt_bind__check_doc(v, ids[3]), TT_ETAMPER);
            assert_non_null(strstr(tt_vault_errmsg(v), "refusing to answer from a tampered"));
            assert_int_equal(tt_bind__check_doc(v, ids[2]), 0);
            one_problem(v, ids[3], "edited");
        } else if (round == 1) {
            snprintf(q, sizeof q, "DELETE FROM documents WHERE doc_id = '%s'", ids[1]);
            sql(v, q);
            assert_int_equal(tt_bind__check_registry(v), TT_ETAMPER);
            assert_non_null(strstr(tt_vault_errmsg(v), ids[1]));
            one_problem(v, ids[1], "missing");
        } else {
            snprintf(q, sizeof q,
                     "INSERT INTO documents(doc_id, sha256, title, label, filename, media_type,"
                     " original, text, words, added) SELECT 'dfeedface', 'feedface' ||"
                     " substr(sha256, 9), title, label, filename, media_type, original,"
                     " text || 'x', words, added FROM documents WHERE doc_id = '%s'",
                     ids[4]);
            sql(v, q);
            assert_int_equal(tt_bind__check_doc(v, "dfeedface"), TT_ETAMPER);
            one_problem(v, "dfeedface", "unlogged");
        }
        tt_vault_free(v);
        tmpdir_remove(dir);
    }
}

/* One document's digest edited inside a batch entry (the row edited to match it, or not):
 * the log no longer verifies, and a check on use refuses. */
static void
edited_batch_entry_refused(void **state)
{
    (void)state;
    char dir[64], old_id[24], ids[NB][24], q[768];
    for (int state_before = 0; state_before < 2; state_before++) {
        tmpdir_make(dir);
        tt_vault *v;
        if (state_before) {
            /* binds.bin written before the batch: the walk from it reads the edited entry */
            char first[24];
            v = small_vault(dir, first);
            assert_int_equal(tt_bind__check_registry(v), 0);
            tt_vault_free(v);
            v = NULL;
            char p2[3][256];
            file_write(p2[0], dir, "e0.txt", "The first of three memos on the depot.\n", 39);
            file_write(p2[1], dir, "e1.txt", "The second of three memos on the convoy.\n", 41);
            file_write(p2[2], dir, "e2.txt", "The third of three memos, on the harbour.\n", 42);
            const char *pp[] = {p2[0], p2[1], p2[2]};
            tt_doc_info out[3];
            memset(out, 0, sizeof out);
            assert_int_equal(tt_vault_open(&v, dir), 0);
            assert_int_equal(tt_vault_add_files(v, pp, 3, NULL, out), 0);
            for (int i = 0; i < 3; i++) {
                snprintf(ids[i], 24, "%s", out[i].id);
                tt_doc_info_release(&out[i]);
            }
        } else {
            v = batch_vault(dir, old_id, ids);
        }
        char want[65];
        assert_int_equal(tt_bind__digest(v, TT_BIND_DOC, ids[1], want), 0);
        /* the entry now names the digest of the row edited (every 'o' a '0') */
        snprintf(q, sizeof q,
                 "UPDATE documents SET text = replace(text, 'o', '0') WHERE doc_id = '%s'", ids[1]);
        sql(v, q);
        char forged[65];
        assert_int_equal(tt_bind__digest(v, TT_BIND_DOC, ids[1], forged), 0);
        assert_string_not_equal(forged, want);
        snprintf(q, sizeof q, "UPDATE audit SET args = replace(args, '%s', '%s')", want, forged);
        sql(v, q);
        reopen(&v, dir);
        int64_t bad = 0;
        assert_int_equal(tt_vault_log_verify(v, &bad), TT_ETAMPER);
        assert_true(bad > 0);
        /* the first bad entry is the batch entry that holds the edited digest */
        snprintf(q, sizeof q, "SELECT count(*) FROM audit WHERE seq = %lld AND action = 'add'"
                 " AND instr(args, '%s') > 0", (long long)bad, forged);
        assert_int_equal(count(v, q), 1);
        if (state_before) {
            /* the entry is after the signed state: an ordinary check walks it and refuses */
            assert_int_equal(tt_bind__check_doc(v, ids[1]), TT_ETAMPER);
            assert_non_null(strstr(tt_vault_errmsg(v), "audit log does not verify"));
        }
        tt_vault_free(v);
        tmpdir_remove(dir);
    }
}

/* Indexes of the documents table. */
static int
doc_indexes(tt_vault *v)
{
    return count(v, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                    " AND tbl_name = 'documents'");
}

/* A new vault has no index on sha256 (migration 7 rebuilt its empty table); a vault of schema
 * 6 with documents (main's, one single entry each) keeps its index, and both find a content
 * already registered, take batch adds, and stay consistent with their log. */
static void
schema6_vault_takes_batches(void **state)
{
    (void)state;
    char dir[64], doc[24], q[256];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    assert_int_equal(count(v, "PRAGMA user_version"), 8);
    assert_int_equal(doc_indexes(v), 1); /* doc_id's */
    /* back to schema 6: documents with UNIQUE(sha256), as every vault made before */
    sql(v, "CREATE TABLE d6(id INTEGER PRIMARY KEY, doc_id TEXT UNIQUE NOT NULL,"
           " sha256 TEXT UNIQUE NOT NULL, title TEXT, label TEXT, filename TEXT,"
           " media_type TEXT NOT NULL, original BLOB NOT NULL, text TEXT NOT NULL,"
           " words INTEGER NOT NULL, added TEXT NOT NULL, retired TEXT);"
           "INSERT INTO d6 SELECT id, doc_id, sha256, title, label, filename, media_type,"
           " original, text, words, added, retired FROM documents;"
           "DROP TABLE documents; ALTER TABLE d6 RENAME TO documents; PRAGMA user_version=6;");
    reopen(&v, dir);
    assert_int_equal(count(v, "PRAGMA user_version"), 8);
    assert_int_equal(doc_indexes(v), 2); /* kept: the table was not empty */
    for (int round = 0; round < 2; round++) {
        char p2[3][256];
        char name[16], text[96];
        for (int i = 0; i < 2; i++) {
            snprintf(name, sizeof name, "r%d%d.txt", round, i);
            snprintf(text, sizeof text, "Round %d, memo %d: the depot closes early today.\n",
                     round, i);
            file_write(p2[i], dir, name, text, strlen(text));
        }
        /* the content of the first document again */
        const char *memo = "The convoy leaves the depot at dawn and returns before dark.\n";
        file_write(p2[2], dir, "memo-again.txt", memo, strlen(memo));
        const char *pp[] = {p2[0], p2[1], p2[2]};
        tt_doc_info out[3];
        memset(out, 0, sizeof out);
        assert_int_equal(tt_vault_add_files(v, pp, 3, NULL, out), 0);
        assert_false(out[0].duplicate);
        assert_false(out[1].duplicate);
        assert_true(out[2].duplicate);
        assert_string_equal(out[2].id, doc);
        for (int i = 0; i < 3; i++)
            tt_doc_info_release(&out[i]);
        assert_int_equal(count(v, "SELECT count(*) FROM documents"), 3);
        tt_vault_problem *p = NULL;
        assert_int_equal(problems(v, &p), 0);
        assert_int_equal(tt_vault_log_verify(v, NULL), 0);
        /* then the same in a new vault, without the index */
        tt_vault_free(v);
        tmpdir_remove(dir);
        if (round == 0) {
            tmpdir_make(dir);
            v = small_vault(dir, doc);
            snprintf(q, sizeof q, "SELECT count(*) FROM documents WHERE doc_id = '%s'", doc);
            assert_int_equal(count(v, q), 1);
            assert_int_equal(doc_indexes(v), 1);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entries_list_each_document),
        cmocka_unit_test(rows_of_a_batch_are_bound),
        cmocka_unit_test(edited_batch_entry_refused),
        cmocka_unit_test(schema6_vault_takes_batches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
