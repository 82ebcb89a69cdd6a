/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_recipient_names.c: a recipient's name is stored with each inner run of spaces as one
 * space (add, import, rename) and looked up the same way; a vault written before that rule,
 * whose row keeps "Bo   Trim" (bound to the signed log as it is), is still found as "Bo Trim",
 * and the row is not rewritten by a lookup (its bind still checks) until it is renamed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "telltale/vault.h"
#include "vault_test_db.h"

static void
stored_and_looked_up_collapsed(void **state)
{
    (void)state;
    char dir[64], path[128];
    tmpdir_make(dir);
    snprintf(path, sizeof path, "%s/v", dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init(&v, path), 0);
    int64_t id = 0;
    assert_int_equal(tt_vault_recipient_add(v, "  Bo   Trim ", NULL, NULL, &id), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM recipients WHERE name = 'Bo Trim'"), 1);
    tt_recipient r;
    assert_int_equal(tt_vault_recipient_find(v, "Bo  Trim", &r), 0);
    assert_int_equal(r.id, id);
    assert_string_equal(r.name, "Bo Trim");
    tt_recipient_release(&r);
    /* the same name with other spacing is the same recipient */
    assert_int_equal(tt_vault_recipient_add(v, "Bo Trim", NULL, NULL, NULL), TT_EEXIST);
    assert_int_equal(tt_vault_recipient_add(v, "Di   Fox", NULL, NULL, NULL), 0);
    assert_int_equal(tt_vault_recipient_update(v, "Di Fox", "Bo    Trim", NULL, NULL), TT_EEXIST);
    assert_int_equal(tt_vault_recipient_update(v, "Di Fox", "Di  Fox   Jr", NULL, NULL), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM recipients WHERE name = 'Di Fox Jr'"), 1);
    /* an import stores the collapsed name and knows it is present */
    char csv[256];
    const char *text = "name,email\nBo     Trim,bo@example.org\nEd   Lo,ed@example.org\n";
    file_write(csv, dir, "people.csv", text, strlen(text));
    size_t added = 0, skipped = 0;
    assert_int_equal(tt_vault_recipients_import(v, csv, &added, &skipped), 0);
    assert_int_equal(added, 1);
    assert_int_equal(skipped, 1);
    assert_int_equal(count(v, "SELECT count(*) FROM recipients WHERE name = 'Ed Lo'"), 1);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

static void
old_row_with_runs_is_found_not_rewritten(void **state)
{
    (void)state;
    char dir[64], path[128];
    tmpdir_make(dir);
    snprintf(path, sizeof path, "%s/v", dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init(&v, path), 0);
    int64_t id = 0;
    assert_int_equal(tt_vault_recipient_add(v, "Bo Trim", NULL, NULL, &id), 0);
    /* a vault of an earlier telltale: the row keeps the runs, and the log binds it so */
    sql(v, "UPDATE recipients SET name = 'Bo   Trim'");
    json_t *binds = json_array();
    assert_non_null(binds);
    assert_int_equal(tt_bind__push(v, binds, TT_BIND_RECIPIENT, "1"), 0);
    json_t *args = json_pack("{s:s, s:I, s:O}", "name", "Bo   Trim", "id", (json_int_t)id,
                             "bind", binds);
    char *js = json_dumps(args, JSON_COMPACT | JSON_SORT_KEYS);
    assert_int_equal(tt_vault_log_append(v, "recipient-add", js), 0);
    free(js);
    json_decref(args);
    json_decref(binds);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), 0);

    tt_recipient r;
    assert_int_equal(tt_vault_recipient_find(v, "Bo Trim", &r), 0);
    assert_int_equal(r.id, id);
    assert_string_equal(r.name, "Bo   Trim");
    tt_recipient_release(&r);
    assert_int_equal(tt_vault_recipient_find(v, " Bo  Trim", &r), 0);
    tt_recipient_release(&r);
    assert_int_equal(tt_vault_recipient_find(v, "Bo Trimm", &r), TT_ENOENT);
    assert_string_equal(tt_vault_errmsg(v), "no recipient 'Bo Trimm'");
    /* found, and left as it is: no silent rewrite, its bind still holds */
    assert_int_equal(count(v, "SELECT count(*) FROM recipients WHERE name = 'Bo   Trim'"), 1);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), 0);
    /* nobody else can take its name */
    assert_int_equal(tt_vault_recipient_add(v, "Bo Trim", NULL, NULL, NULL), TT_EEXIST);
    /* an update reaches it; a rename to the collapsed form is a logged change */
    assert_int_equal(tt_vault_recipient_update(v, "Bo Trim", NULL, "bo@example.org", NULL), 0);
    assert_int_equal(tt_vault_recipient_update(v, "Bo Trim", "Bo Trim", NULL, NULL), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM recipients WHERE name = 'Bo Trim'"), 1);
    assert_int_equal(tt_bind__check(v, TT_BIND_RECIPIENT, "1"), 0);
    assert_int_equal(tt_vault_recipient_update(v, "Bo Trim", "Bo Trim", NULL, NULL), TT_EINVAL);
    assert_int_equal(tt_vault_recipient_retire(v, "Bo   Trim"), 0);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stored_and_looked_up_collapsed),
        cmocka_unit_test(old_row_with_runs_is_found_not_rewritten),
    };
    return cmocka_run_group_tests_name("recipient_names", tests, NULL, NULL);
}
