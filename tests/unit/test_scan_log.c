/* SPDX-License-Identifier: Apache-2.0 */
/* test_scan_log.c: the library writes every audit entry (docs/ARCHITECTURE.md §7, the
 * logging layer).  tt_scan_log writes a scan run's entry as the command line wrote it before
 * the library did (paths, findings, redact only when set; a path that is not UTF-8 left
 * out), and it verifies; tt_verify_bytes logs its verification itself unless
 * told not to, once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "telltale/scan.h"
#include "telltale/vault.h"
#include "telltale/verify.h"
#include "vault_test_util.h"

/* The last entry's action and args. */
static void
last_entry(tt_vault *v, char action[32], char args[512])
{
    tt_log_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(tt_vault_log_list(v, &e, &n), 0);
    assert_true(n > 0);
    snprintf(action, 32, "%s", e[n - 1].action);
    snprintf(args, 512, "%s", e[n - 1].args);
    tt_log_entries_free(e, n);
}

static size_t
entries(tt_vault *v)
{
    tt_log_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(tt_vault_log_list(v, &e, &n), 0);
    tt_log_entries_free(e, n);
    return n;
}

static void
scan_entry_as_the_command_line_wrote_it(void **state)
{
    vault_fixture *f = *state;
    char action[32], args[512];
    const char *paths[] = {"leak.txt", "dir/post \"1\".html"};
    assert_int_equal(tt_scan_log(f->v, paths, 2, 3, 0), 0);
    last_entry(f->v, action, args);
    assert_string_equal(action, "scan");
    /* the log keeps args with their keys sorted (audit.c) */
    assert_string_equal(args,
                        "{\"findings\":3,\"paths\":[\"leak.txt\",\"dir/post \\\"1\\\".html\"]}");
    const char *one[] = {"-"};
    assert_int_equal(tt_scan_log(f->v, one, 1, 0, 1), 0);
    last_entry(f->v, action, args);
    assert_string_equal(args, "{\"findings\":0,\"paths\":[\"-\"],\"redact\":true}");
    /* not UTF-8: left out of the entry (JSON holds UTF-8 only), the rest kept */
    const char *bad[] = {"caf\xe9.txt", "ok.txt"};
    assert_int_equal(tt_scan_log(f->v, bad, 2, 1, 0), 0);
    last_entry(f->v, action, args);
    assert_string_equal(args, "{\"findings\":1,\"paths\":[\"ok.txt\"]}");
    assert_int_equal(tt_scan_log(f->v, NULL, 0, 0, 0), 0);
    last_entry(f->v, action, args);
    assert_string_equal(args, "{\"findings\":0,\"paths\":[]}");
    assert_int_equal(tt_vault_log_verify(f->v, NULL), 0);
}

static void
verify_logs_itself_once(void **state)
{
    vault_fixture *f = *state;
    char path[256], action[32], args[512];
    const char *text = "The convoy leaves the depot at dawn and returns before dark, every day.\n";
    file_write(path, f->dir, "memo.txt", text, strlen(text));
    const char *paths[] = {path};
    tt_doc_info info[1];
    memset(info, 0, sizeof info);
    assert_int_equal(tt_vault_add_files(f->v, paths, 1, NULL, info), 0);
    tt_doc_info_release(&info[0]);
    tt_verify_result *r = NULL;
    tt_verify_opts o = TT_VERIFY_OPTS_INIT;
    o.no_log = 1;
    /* the first load of the index seeds the background (logged); then nothing is logged */
    assert_int_equal(tt_verify_bytes(f->v, "quiet.txt", text, strlen(text), &o, &r), 0);
    tt_verify_result_free(r);
    size_t n0 = entries(f->v);
    assert_int_equal(tt_verify_bytes(f->v, "quiet.txt", text, strlen(text), &o, &r), 0);
    tt_verify_result_free(r);
    assert_int_equal(entries(f->v), n0);
    tt_verify_opts logged = TT_VERIFY_OPTS_INIT;
    assert_int_equal(tt_verify_bytes(f->v, "leak.txt", text, strlen(text), &logged, &r), 0);
    tt_verify_result_free(r);
    assert_int_equal(entries(f->v), n0 + 1);
    last_entry(f->v, action, args);
    assert_string_equal(action, "verify");
    assert_non_null(strstr(args, "\"file\":\"leak.txt\""));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(scan_entry_as_the_command_line_wrote_it,
                                        vault_fixture_setup, vault_fixture_teardown),
        cmocka_unit_test_setup_teardown(verify_logs_itself_once, vault_fixture_setup,
                                        vault_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
