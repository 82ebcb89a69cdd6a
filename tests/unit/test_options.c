/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_options.c: every public options struct carries a version (git-style): a caller that
 * starts from the _INIT macro gets the defaults, and a struct of another version (a caller
 * built against another telltale, or one that never set it) is refused with TT_EINVAL and a
 * message naming both versions, before anything is read or written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/issue.h"
#include "telltale/scan.h"
#include "telltale/trace.h"
#include "telltale/vault.h"
#include "telltale/verify.h"
#include "vault_test_util.h"

static const char memo[] = "The quarterly review of the northern depot found that the loading "
                           "bays were used at half their capacity during the winter months.";

static void
names_both_versions(tt_vault *v)
{
    assert_non_null(strstr(tt_vault_errmsg(v), "options of version 0: this telltale knows "
                                               "version 1"));
}

static void
another_version_is_refused(void **state)
{
    (void)state;
    char dir[64], path[128];
    tmpdir_make(dir);
    snprintf(path, sizeof path, "%s/v", dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init(&v, path), 0);

    tt_index *ix = NULL;
    assert_int_equal(tt_index_open(&ix, v), 0);
    tt_log_entry *e = NULL;
    size_t before = 0, n = 0;
    assert_int_equal(tt_vault_log_list(v, &e, &before), 0);
    tt_log_entries_free(e, before);

    tt_verify_opts vo = TT_VERIFY_OPTS_INIT;
    vo.no_log = 1;
    tt_verify_result *r = NULL;
    assert_int_equal(tt_verify_bytes(v, "leak", memo, strlen(memo), &vo, &r), 0);
    tt_verify_result_free(r);
    vo.version = 0;
    r = NULL;
    assert_int_equal(tt_verify_bytes(v, "leak", memo, strlen(memo), &vo, &r), TT_EINVAL);
    assert_null(r);
    names_both_versions(v);

    tt_trace_opts to = TT_TRACE_OPTS_INIT;
    to.version = 0;
    tt_trace *t = NULL;
    assert_int_equal(tt_trace_run(v, memo, strlen(memo), &to, &t), TT_EINVAL);
    assert_null(t);
    names_both_versions(v);

    tt_mark_opts mo = TT_MARK_OPTS_INIT;
    mo.version = 0;
    tt_slot_list *l = NULL;
    assert_int_equal(tt_slot_list_new(&l, v, "0000", &mo), TT_EINVAL);
    names_both_versions(v);

    tt_background_opts bo = TT_BACKGROUND_OPTS_INIT;
    bo.version = 0;
    tt_background_result br;
    memset(&br, 0, sizeof br);
    assert_int_equal(tt_index_background_add(v, memo, strlen(memo), &bo, &br), TT_EINVAL);
    names_both_versions(v);

    /* recipients import: refused before the file is read (it does not even exist) */
    tt_import_opts io = TT_IMPORT_OPTS_INIT;
    io.version = 0;
    tt_import_report ir;
    assert_int_equal(tt_vault_recipients_import_ex(v, "/nonexistent/people.csv", &io, &ir),
                     TT_EINVAL);
    assert_int_equal(ir.n, 0);
    names_both_versions(v);
    io.version = TT_IMPORT_OPTS_VERSION;
    assert_int_equal(tt_vault_recipients_import_ex(v, "/nonexistent/people.csv", &io, &ir),
                     TT_ENOENT);

    tt_scan_opts so = TT_SCAN_OPTS_INIT;
    tt_scanner *sc = NULL;
    assert_int_equal(tt_scanner_new(&sc, v, ix, &so), 0);
    tt_scanner_free(sc);
    so.version = 0;
    sc = NULL;
    assert_int_equal(tt_scanner_new(&sc, v, ix, &so), TT_EINVAL);
    assert_null(sc);
    assert_non_null(strstr(tt_vault_errmsg(v), "options of version 0: this telltale knows "
                                               "version 2"));
    /* version 1 (before max_chance) is still understood */
    so.version = 1;
    so.max_chance = 5; /* not read in version 1 */
    assert_int_equal(tt_scanner_new(&sc, v, ix, &so), 0);
    tt_scanner_free(sc);
    sc = NULL;
    so.version = TT_SCAN_OPTS_VERSION;
    assert_int_equal(tt_scanner_new(&sc, v, ix, &so), TT_EINVAL); /* not a probability */
    assert_null(sc);
    so.max_chance = -0.5;
    assert_int_equal(tt_scanner_new(&sc, v, ix, &so), TT_EINVAL);
    assert_null(sc);
    tt_index_free(ix);

    /* nothing refused was logged */
    assert_int_equal(tt_vault_log_list(v, &e, &n), 0);
    assert_int_equal(n, before);
    tt_log_entries_free(e, n);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(another_version_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
