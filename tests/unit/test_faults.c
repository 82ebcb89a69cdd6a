/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_faults.c: what the public API does when memory runs out, in the library and in SQLite.
 * For each operation (open and verify the log, add a recipient, import recipients, add
 * documents, scan, verify a leak) it makes allocation k fail, for k = 1, 2, ... until the
 * operation succeeds with nothing failed, once with a single failure and once (every 5th k)
 * with every allocation from k on failing.  Each failed attempt must return TT_ENOMEM or TT_EDB
 * (SQLite's SQLITE_NOMEM), crash nothing, leak nothing (run under ASan: `make SANITIZE=address check`),
 * and leave the vault's committed content byte for byte as it was; an attempt that absorbs a
 * failure and succeeds must have done the whole operation.  Across all attempts both codes
 * must have been seen.
 *
 * How the allocations fail: the library's own (malloc, calloc, realloc, strdup, strndup) through
 * tt__fault_alloc() (testhooks.h), and SQLite's through SQLITE_CONFIG_MALLOC asking the same
 * counter, so "allocation k" counts both.  jansson's are not failed: jansson 2.14 does not
 * survive it (valgrind shows json_loads writing past a buffer after a failed allocation, it
 * aborts on an assertion when they keep failing, and json_dumps drops a key and reports
 * success), so the library cannot either; that is jansson's to fix.
 */
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
#include <unistd.h>

#include "telltale/scan.h"
#include "telltale/vault.h"
#include "telltale/verify.h"
#include "testhooks.h"
#include "vault_test_util.h"

/* ---- allocators that fail when the counter says so ---------------------------------------- */

static sqlite3_mem_methods sqlite_mem;

static void *
sq_malloc(int n)
{
    return tt__fault_alloc_now() ? NULL : sqlite_mem.xMalloc(n);
}

static void *
sq_realloc(void *p, int n)
{
    return tt__fault_alloc_now() ? NULL : sqlite_mem.xRealloc(p, n);
}

/* ---- the vault's committed content ----------------------------------------------------------- */

/* BLAKE2b of every row of every table of dir/vault.db, read through a connection of its own. */
static void
db_digest(const char *dir, unsigned char out[32])
{
    char path[256];
    snprintf(path, sizeof path, "%s/vault.db", dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    sqlite3_stmt *tables;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "ORDER BY name",
                                        -1, &tables, NULL),
                     SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char q[256];
        snprintf(q, sizeof q, "SELECT * FROM \"%s\"", name);
        crypto_generichash_update(&h, (const unsigned char *)q, strlen(q) + 1);
        sqlite3_stmt *rows;
        assert_int_equal(sqlite3_prepare_v2(db, q, -1, &rows, NULL), SQLITE_OK);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                unsigned char type = (unsigned char)sqlite3_column_type(rows, c);
                const void *b = sqlite3_column_blob(rows, c);
                size_t n = (size_t)sqlite3_column_bytes(rows, c);
                crypto_generichash_update(&h, &type, 1);
                crypto_generichash_update(&h, (const unsigned char *)&n, sizeof n);
                if (b)
                    crypto_generichash_update(&h, b, n);
            }
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    crypto_generichash_final(&h, out, 32);
}

static void
dir_copy(const char *from, const char *to)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
    assert_int_equal(system(cmd), 0);
}

/* ---- the fixture: a vault with a document and two recipients, and its pristine copy ---------- */

typedef struct fixture {
    char root[64];
    char dir[128];      /* the vault the operations run on */
    char pristine[128]; /* a copy of it as the setup left it */
    char memo[256], page[256], csv[256], leak[256];
    char *memo_text;
    size_t memo_len;
} fixture;

static fixture *fx;

static const char page_html[] =
    "<!DOCTYPE html><html><head><title>Harbour notes</title></head><body>"
    "<p>The harbour master asked for the new mooring fees to be published before the spring "
    "season, together with the list of berths reserved for the fishing cooperative.</p>"
    "<p>Nobody has yet answered the letter from the port authority about the dredging.</p>"
    "</body></html>";

static int
setup(void **state)
{
    (void)state;
    fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    tmpdir_make(fx->root);
    snprintf(fx->dir, sizeof fx->dir, "%s/vault", fx->root);
    snprintf(fx->pristine, sizeof fx->pristine, "%s/pristine", fx->root);
    FILE *in = fopen("tests/data/trace-memo.txt", "rb");
    if (!in)
        return -1;
    fx->memo_text = calloc(1, 1 << 16);
    fx->memo_len = fx->memo_text ? fread(fx->memo_text, 1, (1 << 16) - 1, in) : 0;
    fclose(in);
    if (fx->memo_len < 1000)
        return -1;
    file_write(fx->memo, fx->root, "memo.txt", fx->memo_text, fx->memo_len);
    file_write(fx->page, fx->root, "page.html", page_html, sizeof page_html - 1);
    static const char csv[] = "name,contact,unit\n\"Lee, Jr.\",lee@example.org,Ops\nMo,,\nNia,,\n";
    file_write(fx->csv, fx->root, "people.csv", csv, sizeof csv - 1);
    /* the leak: the memo's middle with one figure changed */
    char *leak = strdup(fx->memo_text + fx->memo_len / 4);
    char *fig = leak ? strstr(leak, "1,350,000") : NULL;
    if (!fig)
        return -1;
    fig[0] = '7';
    file_write(fx->leak, fx->root, "leak.txt", leak, strlen(leak));
    free(leak);

    tt_vault *v = NULL;
    const char *paths[] = {fx->memo};
    tt_doc_info info[1];
    memset(info, 0, sizeof info);
    if (tt_vault_init(&v, fx->dir) || tt_vault_add_files(v, paths, 1, NULL, info) ||
        tt_vault_recipient_add(v, "Ana", NULL, NULL, NULL) ||
        tt_vault_recipient_add(v, "Ben", NULL, NULL, NULL))
        return -1;
    /* the index (fingerprints, background prose) built once, so that a scan writes nothing */
    tt_index *ix = NULL;
    if (tt_index_open(&ix, v))
        return -1;
    tt_index_free(ix);
    tt_doc_info_release(&info[0]);
    tt_vault_free(v);
    dir_copy(fx->dir, fx->pristine);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    tmpdir_remove(fx->root);
    free(fx->memo_text);
    free(fx);
    return 0;
}

/* ---- the loop ---------------------------------------------------------------------------- */

/* One attempt: open the vault, do the operation, check its effect when it succeeded, free
 * everything.  Returns the first nonzero TT_E* code, or 0. */
typedef int (*op_fn)(tt_vault *v, int check);

static int seen_enomem, seen_edb;
static char last_msg[600];

static int
attempt(op_fn op, int check)
{
    tt_vault *v = NULL;
    int rc = tt_vault_open(&v, fx->dir);
    if (rc == 0)
        rc = op(v, check);
    snprintf(last_msg, sizeof last_msg, "%s", v ? tt_vault_errmsg(v) : "");
    tt_vault_free(v);
    return rc;
}

static void
fault_loop(const char *what, op_fn op, int persist)
{
    unsigned char before[32], after[32];
    long k;
    dir_copy(fx->pristine, fx->dir);
    db_digest(fx->dir, before);
    /* every k when one allocation fails; every 5th when all from k on fail (those attempts
     * differ less from one k to the next, and the loop stays short under ASan) */
    /* TT_FAULT_TRACE=1 names each attempt on stderr first: the last one named is the one that
     * crashed; TT_FAULT_FROM=K starts there, to reproduce it under a debugger or valgrind */
    const char *trace = getenv("TT_FAULT_TRACE"), *from = getenv("TT_FAULT_FROM");
    for (k = from ? atol(from) : 1; k < 100000; k += persist ? 5 : 1) {
        if (trace && *trace == '1')
            fprintf(stderr, "# %s, allocation %ld failing%s\n", what, k, persist ? " on" : "");
        tt__fault_alloc(k, persist);
        int rc = attempt(op, 0);
        long failed = tt__fault_alloc_failed();
        tt__fault_alloc(0, 0);
        if (failed == 0) {
            assert_int_equal(rc, 0); /* nothing failed: it must work */
            break;
        }
        if (rc != 0) {
            if (rc != TT_ENOMEM && rc != TT_EDB)
                fail_msg("%s, allocation %ld failing%s: returned %d (%s), not TT_ENOMEM or TT_EDB",
                         what, k, persist ? " on" : "", rc, last_msg);
            seen_enomem |= rc == TT_ENOMEM;
            seen_edb |= rc == TT_EDB;
            db_digest(fx->dir, after);
            if (memcmp(before, after, 32) != 0)
                fail_msg("%s, allocation %ld failing%s: returned %d but the vault changed", what,
                         k, persist ? " on" : "", rc);
        } else {
            /* the failure was absorbed (an optional step): then all of it must have happened;
             * check it from a fresh handle, then start again from the pristine vault */
            tt_vault *v = NULL;
            assert_int_equal(tt_vault_open(&v, fx->dir), 0);
            assert_int_equal(op(v, 1), 0);
            tt_vault_free(v);
            dir_copy(fx->pristine, fx->dir);
        }
    }
    assert_true(k > 1); /* the operation allocates: the loop really failed something */
    print_message("# %s: works from allocation k = %ld on; %s\n", what, k,
                  persist ? "every 5th k, all allocations from k on made to fail"
                          : "each made to fail in turn");
    /* and the successful run did its work */
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_open(&v, fx->dir), 0);
    assert_int_equal(op(v, 1), 0);
    tt_vault_free(v);
}

/* ---- the operations ------------------------------------------------------------------------
 * Each does its work (check = 0) or, on a vault where it succeeded, checks that its effect is
 * there (check = 1, not under fault). */

static int
op_log_verify(tt_vault *v, int check)
{
    (void)check;
    int64_t bad = -1;
    int rc = tt_vault_log_verify(v, &bad);
    if (rc == 0)
        assert_int_equal(bad, 0);
    return rc;
}

static int
op_recipient_add(tt_vault *v, int check)
{
    if (check) {
        tt_recipient r = {0};
        assert_int_equal(tt_vault_recipient_find(v, "Zoë Example", &r), 0);
        assert_string_equal(r.contact, "zoe@example.org");
        assert_string_equal(r.unit, "Harbour");
        tt_recipient_release(&r);
        return 0;
    }
    int64_t id = 0;
    return tt_vault_recipient_add(v, "Zoë Example", "zoe@example.org", "Harbour", &id);
}

static int
op_recipients_import(tt_vault *v, int check)
{
    if (check) {
        tt_recipient *r = NULL;
        size_t n = 0;
        assert_int_equal(tt_vault_recipient_list(v, &r, &n), 0);
        assert_int_equal(n, 5);
        assert_string_equal(r[2].name, "Lee, Jr.");
        assert_string_equal(r[4].name, "Nia");
        tt_recipients_free(r, n);
        return 0;
    }
    size_t added = 0, skipped = 0;
    int rc = tt_vault_recipients_import(v, fx->csv, &added, &skipped);
    if (rc == 0)
        assert_int_equal(added, 3);
    return rc;
}

static int
op_add_files(tt_vault *v, int check)
{
    if (check) {
        tt_doc_info *d = NULL;
        size_t n = 0;
        assert_int_equal(tt_vault_doc_list(v, &d, &n), 0);
        assert_int_equal(n, 2);
        assert_string_equal(d[1].title, "Harbour notes");
        assert_string_equal(d[1].media_type, "text/html");
        char *t = NULL;
        size_t len = 0;
        assert_int_equal(tt_vault_doc_text(v, d[1].id, &t, &len), 0);
        assert_non_null(strstr(t, "reserved for the fishing cooperative."));
        free(t);
        tt_doc_infos_free(d, n);
        return 0;
    }
    const char *paths[] = {fx->page, fx->memo}; /* the memo: a duplicate */
    tt_doc_info info[2];
    memset(info, 0, sizeof info);
    int rc = tt_vault_add_files(v, paths, 2, NULL, info);
    if (rc == 0) {
        assert_false(info[0].duplicate);
        assert_true(info[1].duplicate);
    }
    tt_doc_info_release(&info[0]);
    tt_doc_info_release(&info[1]);
    return rc;
}

static int
op_scan(tt_vault *v, int check)
{
    (void)check;
    tt_index *ix = NULL;
    tt_scanner *s = NULL;
    tt_finding *f = NULL;
    size_t n = 0;
    int rc = tt_index_open(&ix, v);
    if (rc == 0)
        rc = tt_scanner_new(&s, v, ix, NULL);
    if (rc == 0)
        rc = tt_scanner_feed(s, "a post: ", 8);
    if (rc == 0)
        rc = tt_scanner_feed(s, fx->memo_text + fx->memo_len / 3, fx->memo_len / 3);
    if (rc == 0)
        rc = tt_scanner_finish(s, &f, &n);
    if (rc == 0) {
        assert_int_equal(n, 1);
        assert_true(f[0].matched_words >= 20);
    }
    tt_findings_free(f, n);
    tt_scanner_free(s);
    tt_index_free(ix);
    return rc;
}

static int
op_verify(tt_vault *v, int check)
{
    if (check) { /* the verification is in the log */
        tt_log_entry *e = NULL;
        size_t n = 0;
        assert_int_equal(tt_vault_log_list(v, &e, &n), 0);
        assert_true(n >= 1);
        assert_string_equal(e[n - 1].action, "verify");
        tt_log_entries_free(e, n);
        return 0;
    }
    tt_verify_result *r = NULL;
    tt_verify_opts o = TT_VERIFY_OPTS_INIT;
    int rc = tt_verify_file(v, fx->leak, &o, &r);
    if (rc == 0) {
        assert_int_equal(r->verdict, TT_VERDICT_ALTERED);
        assert_true(r->nchanges >= 1);
    }
    tt_verify_result_free(r);
    return rc;
}

#define FAULT_TEST(name, what)                                                                   \
    static void name##_under_faults(void **state)                                                \
    {                                                                                            \
        (void)state;                                                                             \
        fault_loop(what, name, 0);                                                               \
        fault_loop(what, name, 1);                                                               \
    }
FAULT_TEST(op_log_verify, "open and verify the log")
FAULT_TEST(op_recipient_add, "add a recipient")
FAULT_TEST(op_recipients_import, "import recipients")
FAULT_TEST(op_add_files, "add documents")
FAULT_TEST(op_scan, "scan")
FAULT_TEST(op_verify, "verify a leak")

/* Run last: over all the loops above, both codes were returned. */
static void
both_codes_were_seen(void **state)
{
    (void)state;
    assert_true(seen_enomem);
    assert_true(seen_edb);

}

/* The hook itself: the nth allocation fails, only it (or, persisting, every later one), and
 * disarmed nothing fails. */
static void
the_hook_fails_the_nth_allocation(void **state)
{
    (void)state;
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_open(&v, fx->dir), 0);
    tt__fault_alloc(1, 0);
    assert_int_equal(tt_vault_recipient_add(v, "Hook Test", NULL, NULL, NULL), TT_ENOMEM);
    assert_int_equal(tt__fault_alloc_failed(), 1);
    long seen = tt__fault_alloc_seen();
    assert_true(seen >= 1);
    tt__fault_alloc(0, 0);
    assert_int_equal(tt_vault_recipient_add(v, "Hook Test", NULL, NULL, NULL), 0);
    assert_int_equal(tt__fault_alloc_seen(), 0); /* disarmed: not even counted */
    tt_vault_free(v);
}

int
main(void)
{
    /* before SQLite initializes: its allocations ask the counter too */
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK)
        return 1;
    sqlite3_mem_methods m = sqlite_mem;
    m.xMalloc = sq_malloc;
    m.xRealloc = sq_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(op_log_verify_under_faults),
        cmocka_unit_test(op_recipient_add_under_faults),
        cmocka_unit_test(op_recipients_import_under_faults),
        cmocka_unit_test(op_add_files_under_faults),
        cmocka_unit_test(op_scan_under_faults),
        cmocka_unit_test(op_verify_under_faults),
        cmocka_unit_test(both_codes_were_seen),
        cmocka_unit_test(the_hook_fails_the_nth_allocation),
    };
    return cmocka_run_group_tests_name("faults", tests, setup, teardown);
}
