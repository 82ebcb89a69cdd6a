/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_limits.c: the resource limits of telltale/limits.h, at the library level: whole reads
 * stop at the input size limit (files, pipes), a document whose text is over SQLite's length
 * limit is refused with a message rather than a "NOT NULL constraint failed" (every bind is
 * checked), and a scanner's findings for one item stop at TT_LIMIT_FINDINGS with a warning
 * while a repetitive document costs linear work.
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

#include "common.h"
#include "scan_internal.h"
#include "index.h"
#include "telltale/limits.h"
#include "telltale/scan.h"
#include "vault_internal.h"
#include "vault_handle.h" /* the database, to tamper with rows */
#include "vault_test_util.h"

static void
read_file_limit(void **state)
{
    (void)state;
    char dir[64], path[256];
    tmpdir_make(dir);
    char *data = malloc(2000), *out = NULL;
    assert_non_null(data);
    memset(data, 'a', 2000);
    file_write(path, dir, "f.txt", data, 1001);
    size_t len = 0;
    tt_err err = {0};
    tt_limit_set_input(1000);
    assert_int_equal(tt_limit_input(), 1000);
    assert_int_equal(tt__read_file(&err, path, &out, &len), TT_ELIMIT);
    assert_null(out);
    assert_non_null(strstr(err.msg, "f.txt': too large (limit 1000 bytes)"));
    file_write(path, dir, "f.txt", data, 1000); /* exactly the limit: read */
    assert_int_equal(tt__read_file(&err, path, &out, &len), 0);
    assert_int_equal(len, 1000);
    free(out);
    /* a pipe has no size: read to one byte past the limit, then refused */
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    assert_int_equal(write(fd[1], data, 1500), 1500);
    close(fd[1]);
    out = NULL;
    assert_int_equal(tt__read_fd(&err, fd[0], "-", &out, &len), TT_ELIMIT);
    assert_null(out);
    assert_non_null(strstr(err.msg, "cannot read '-': too large"));
    close(fd[0]);
    tt_limit_set_input(0); /* the default again */
    assert_int_equal(tt_limit_input(), (size_t)TT_LIMIT_INPUT_MIB_DEFAULT << 20);
    free(data);
    tmpdir_remove(dir);
}

static void
add_over_sqlite_length(void **state)
{
    vault_fixture *f = *state;
    char path[256];
    char text[4000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
    file_write(path, f->dir, "long.txt", text, sizeof text);
    /* SQLite refuses a blob or text longer than this: the bind fails, and must be seen */
    sqlite3_limit(tt_vault__db(f->v), SQLITE_LIMIT_LENGTH, 1000);
    const char *paths[] = {path};
    tt_doc_info info[1] = {{0}};
    int rc = tt_vault_add_files(f->v, paths, 1, NULL, info);
    assert_int_equal(rc, TT_ELIMIT);
    assert_non_null(strstr(tt_vault_errmsg(f->v), "cannot add '"));
    assert_non_null(strstr(tt_vault_errmsg(f->v), "too big"));
    assert_null(strstr(tt_vault_errmsg(f->v), "NOT NULL"));
    tt_doc_info *docs = NULL;
    size_t n = 9;
    assert_int_equal(tt_vault_doc_list(f->v, &docs, &n), 0);
    assert_int_equal(n, 0);
    tt_doc_infos_free(docs, n);
}

static const char doc_text[] =
    "The committee reviewed the quarterly figures for the northern district and found that "
    "the spending on road repairs exceeded the approved budget by a wide margin, while the "
    "funds set aside for the new library were never released to the contractor.";

static void
findings_capped(void **state)
{
    (void)state;
    tt_index_src src = {"dfinding", "t", doc_text, sizeof doc_text - 1};
    tt_index *ix = NULL;
    assert_int_equal(tt_index__from_texts(&ix, &src, 1, NULL, 0, NULL), 0);
    tt_scanner *s = NULL;
    assert_int_equal(tt_scanner_new(&s, NULL, ix, NULL), 0);
    tt_buf b;
    tt_buf_init(&b);
    for (int i = 0; i < TT_LIMIT_FINDINGS + 50; i++)
        assert_int_equal(tt_buf_printf(&b, "%s\n-- %d --\n", doc_text, i), 0);
    assert_int_equal(tt_scanner_feed(s, b.data, b.len), 0);
    tt_finding *fs = NULL;
    size_t nf = 0;
    assert_int_equal(tt_scanner_finish(s, &fs, &nf), 0);
    assert_int_equal(nf, TT_LIMIT_FINDINGS);
    assert_non_null(tt_scanner_warning(s));
    assert_non_null(strstr(tt_scanner_warning(s), "findings (limit)"));
    tt_findings_free(fs, nf);
    /* the next item starts clean */
    assert_int_equal(tt_scanner_feed(s, doc_text, sizeof doc_text - 1), 0);
    assert_int_equal(tt_scanner_finish(s, &fs, &nf), 0);
    assert_int_equal(nf, 1);
    assert_null(tt_scanner_warning(s));
    tt_findings_free(fs, nf);
    tt_buf_release(&b);
    tt_scanner_free(s);
    tt_index_free(ix);
}

/* A document that repeats one k-gram 40,000 times, scanned against itself: before the limit
 * every scanned fingerprint made a hit at every position (16 M hits here, 10^10 for the
 * issue's 1 M-line file); now none, and nothing is found. */
static void
repetitive_document(void **state)
{
    (void)state;
    tt_buf d;
    tt_buf_init(&d);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(tt_buf_adds(&d, "0.0 "), 0);
    tt_index_src src = {"dzeros", "z", d.data, d.len};
    tt_index *ix = NULL;
    assert_int_equal(tt_index__from_texts(&ix, &src, 1, NULL, 0, NULL), 0);
    tt_scanner *s = NULL;
    assert_int_equal(tt_scanner_new(&s, NULL, ix, NULL), 0);
    assert_int_equal(tt_scanner_feed(s, d.data, d.len), 0);
    tt_finding *fs = NULL;
    size_t nf = 9;
    assert_int_equal(tt_scanner_finish(s, &fs, &nf), 0);
    assert_int_equal(nf, 0);
    tt_findings_free(fs, nf);
    tt_scan_counters c;
    tt_scan__counters(s, &c);
    assert_true(c.fingerprints > 1000);
    assert_int_equal(c.hits, 0); /* was fingerprints x positions */
    tt_scanner_free(s);
    tt_index_free(ix);
    tt_buf_release(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_file_limit),
        cmocka_unit_test_setup_teardown(add_over_sqlite_length, vault_fixture_setup,
                                        vault_fixture_teardown),
        cmocka_unit_test(findings_capped),
        cmocka_unit_test(repetitive_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
