/* SPDX-License-Identifier: Apache-2.0 */
/* test_vault.c: opening, schema, transactions, documents and recipients. */
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

#include "vault_internal.h"
#include "vault_test_util.h"
#include "vault_test_db.h"
#include "common.h"

static void
not_a_vault(void **state)
{
    (void)state;
    char dir[64];
    tmpdir_make(dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_open(&v, dir), TT_ENOTVAULT);
    char want[160];
    snprintf(want, sizeof want, "'%s' is not a telltale vault (run 'telltale init')", dir);
    assert_string_equal(tt_vault_errmsg(v), want);
    tt_vault_free(v);
    tt_vault_free(NULL);
    tmpdir_remove(dir);
}

static void
reopen_and_schema(void **state)
{
    vault_fixture *f = *state;
    assert_int_equal(count(f->v, "PRAGMA user_version"), 8);
    assert_int_equal(count(f->v, "PRAGMA foreign_keys"), 1);
    tt_vault *w = NULL;
    assert_int_equal(tt_vault_open(&w, f->dir), 0);
    assert_string_equal(tt_vault_dir(w), f->dir);
    assert_int_equal(strlen(tt_vault_key_id(w)), 16);
    assert_string_equal(tt_vault_key_id(w), tt_vault_key_id(f->v));
    tt_vault_free(w);

    /* A vault from a newer telltale is refused, not damaged. */
    assert_int_equal(sqlite3_exec(tt_vault__db(f->v), "PRAGMA user_version=99", 0, 0, 0), 0);
    assert_int_equal(tt_vault_open(&w, f->dir), TT_ENOTVAULT);
    assert_non_null(strstr(tt_vault_errmsg(w), "schema version 99"));
    tt_vault_free(w);
}

static void
nested_transactions(void **state)
{
    vault_fixture *f = *state;
    assert_int_equal(tt_vault__begin(f->v), 0);
    assert_int_equal(tt_vault_recipient_add(f->v, "Outer", NULL, NULL, NULL), 0);
    assert_int_equal(tt_vault__begin(f->v), 0);
    assert_int_equal(tt_vault_recipient_add(f->v, "Inner", NULL, NULL, NULL), 0);
    tt_vault__rollback(f->v);
    assert_int_equal(tt_vault__commit(f->v), 0);
    assert_int_equal(count(f->v, "SELECT count(*) FROM recipients WHERE name='Outer'"), 1);
    assert_int_equal(count(f->v, "SELECT count(*) FROM recipients WHERE name='Inner'"), 0);
    assert_int_equal(tt_vault_log_verify(f->v, NULL), 0);
}

static void
busy_database(void **state)
{
    vault_fixture *f = *state;
    /* the library reads no environment: this must not change the timeout */
    setenv("TELLTALE_BUSY_TIMEOUT_MS", "600000", 1);
    tt_vault_open_options o = TT_VAULT_OPEN_OPTIONS_INIT;
    o.busy_timeout_ms = 50;
    tt_vault *w = NULL;
    assert_int_equal(tt_vault_open_with(&w, f->dir, &o), 0);
    unsetenv("TELLTALE_BUSY_TIMEOUT_MS");
    o.version = 2;
    tt_vault *bad = NULL;
    assert_int_equal(tt_vault_open_with(&bad, f->dir, &o), TT_EINVAL);
    assert_null(bad);
    assert_int_equal(tt_vault__begin(f->v), 0);
    assert_int_equal(tt_vault_recipient_add(w, "Blocked", NULL, NULL, NULL), TT_EBUSY);
    assert_non_null(strstr(tt_vault_errmsg(w), "database is locked by another process"));
    /* Readers still read. */
    tt_recipient *r;
    size_t n;
    assert_int_equal(tt_vault_recipient_list(w, &r, &n), 0);
    tt_recipients_free(r, n);
    tt_vault__rollback(f->v);
    assert_int_equal(tt_vault_recipient_add(w, "Unblocked", NULL, NULL, NULL), 0);
    tt_vault_free(w);
}

static void
add_documents(void **state)
{
    vault_fixture *f = *state;
    char a[256], b[256], c[256];
    const char ta[] = "\n  Memorandum on the harbour budget  \nThe harbour budget rises by four "
                      "percent.\n";
    const char tb[] = "<html><head><title>Site &amp; plan</title></head><body><p>One two"
                      "</p><p>three</p></body></html>";
    file_write(a, f->dir, "memo.txt", ta, strlen(ta));
    file_write(b, f->dir, "plan.htm", tb, strlen(tb));
    file_write(c, f->dir, "again.txt", ta, strlen(ta));
    const char *paths[] = {a, b, c};
    tt_doc_info out[3] = {0};
    assert_int_equal(tt_vault_add_files(f->v, paths, 3, NULL, out), 0);

    unsigned char h[32];
    char hex[65], id[16];
    crypto_hash_sha256(h, (const unsigned char *)ta, strlen(ta));
    sodium_bin2hex(hex, sizeof hex, h, 32);
    snprintf(id, sizeof id, "d%.8s", hex);
    assert_string_equal(out[0].id, id);
    assert_string_equal(out[0].sha256, hex);
    assert_string_equal(out[0].title, "Memorandum on the harbour budget");
    assert_string_equal(out[0].media_type, "text/plain");
    assert_int_equal(out[0].words, 12);
    assert_int_equal(out[0].bytes, strlen(ta));
    assert_false(out[0].duplicate);
    assert_string_equal(out[1].title, "Site & plan");
    assert_string_equal(out[1].media_type, "text/html");
    assert_int_equal(out[1].words, 3);
    /* The same content within the same call is a duplicate of the first. */
    assert_true(out[2].duplicate);
    assert_string_equal(out[2].id, id);
    assert_int_equal(count(f->v, "SELECT count(*) FROM documents"), 2);
    /* Two documents written by one call: one batch entry lists both, the duplicate not. */
    assert_int_equal(count(f->v, "SELECT count(*) FROM audit WHERE action='add'"), 1);
    assert_int_equal(count(f->v, "SELECT json_array_length(args, '$.docs') FROM audit"
                                 " WHERE action='add'"),
                     2);

    /* Find by id and by prefix; read the text and the original back. */
    tt_doc_info d;
    assert_int_equal(tt_vault_doc_find(f->v, id, &d), 0);
    assert_string_equal(d.filename, "memo.txt");
    tt_doc_info_release(&d);
    char prefix[8];
    snprintf(prefix, sizeof prefix, "%.5s", id);
    assert_int_equal(tt_vault_doc_find(f->v, prefix, &d), 0);
    assert_string_equal(d.id, id);
    tt_doc_info_release(&d);
    assert_int_equal(tt_vault_doc_find(f->v, "d", &d), TT_EINVAL); /* ambiguous */
    assert_int_equal(tt_vault_doc_find(f->v, "dffffffff0", &d), TT_ENOENT);
    assert_int_equal(tt_vault_doc_find(f->v, "'; DROP", &d), TT_ENOENT);
    int64_t row;
    assert_int_equal(tt_vault__doc_row(f->v, id, &row), 0);
    assert_int_equal(row, out[0].row);
    char *text;
    size_t len;
    assert_int_equal(tt_vault_doc_text(f->v, out[1].id, &text, &len), 0);
    assert_string_equal(text, "One two\n\nthree");
    free(text);
    assert_int_equal(tt_vault_doc_original(f->v, id, &text, &len), 0);
    assert_int_equal(len, strlen(ta));
    assert_memory_equal(text, ta, len);
    free(text);
    /* A plain text whose bytes are its text is stored once: `original` is an empty blob,
     * read back as the text; the HTML one keeps its original bytes. */
    assert_int_equal(count(f->v, "SELECT count(*) FROM documents WHERE length(original) = 0"
                                 " AND typeof(original) = 'blob' AND media_type = 'text/plain'"),
                     1);
    assert_int_equal(tt_vault_doc_original(f->v, out[1].id, &text, &len), 0);
    assert_int_equal(len, strlen(tb));
    assert_memory_equal(text, tb, len);
    free(text);
    assert_int_equal(tt_vault_doc_find(f->v, id, &d), 0);
    assert_int_equal(d.bytes, strlen(ta));
    tt_doc_info_release(&d);
    assert_int_equal(tt_vault_doc_find(f->v, out[1].id, &d), 0);
    assert_int_equal(d.bytes, strlen(tb));
    tt_doc_info_release(&d);

    tt_doc_info *list;
    size_t n;
    assert_int_equal(tt_vault_doc_list(f->v, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].id, id);
    tt_doc_infos_free(list, n);
    for (int i = 0; i < 3; i++)
        tt_doc_info_release(&out[i]);
}

static void
add_is_all_or_none(void **state)
{
    vault_fixture *f = *state;
    char a[256], e[256], missing[256];
    file_write(a, f->dir, "good.txt", "some good words\n", 16);
    file_write(e, f->dir, "empty.txt", "", 0);
    snprintf(missing, sizeof missing, "%s/missing.txt", f->dir);
    tt_doc_info out[2] = {0};
    const char *p1[] = {a, e};
    assert_int_equal(tt_vault_add_files(f->v, p1, 2, NULL, out), TT_EEMPTY);
    assert_non_null(strstr(tt_vault_errmsg(f->v), "empty.txt': empty file"));
    const char *p2[] = {a, missing};
    assert_int_equal(tt_vault_add_files(f->v, p2, 2, NULL, out), TT_ENOENT);
    const char *p3[] = {a, f->dir};
    assert_int_equal(tt_vault_add_files(f->v, p3, 2, NULL, out), TT_EINVAL);
    assert_non_null(strstr(tt_vault_errmsg(f->v), "is a directory"));
    assert_int_equal(count(f->v, "SELECT count(*) FROM documents"), 0);
    assert_int_equal(count(f->v, "SELECT count(*) FROM audit"), 1);
}

static void
malformed_utf8_and_title_options(void **state)
{
    vault_fixture *f = *state;
    char a[256];
    const char raw[] = "r\xe9sum\xe9 of the case\x00 file\n";
    file_write(a, f->dir, "latin1.txt", raw, sizeof raw - 1);
    const char *p[] = {a};
    tt_doc_info out[1] = {0};
    tt_add_opts o = {"Chosen", "RESTRICTED"};
    assert_int_equal(tt_vault_add_files(f->v, p, 1, &o, out), 0);
    assert_int_equal(out[0].replaced, 3); /* two bad bytes and a NUL */
    assert_string_equal(out[0].title, "Chosen");
    assert_string_equal(out[0].label, "RESTRICTED");
    char *text;
    size_t len;
    assert_int_equal(tt_vault_doc_text(f->v, out[0].id, &text, &len), 0);
    assert_string_equal(text, "r\xef\xbf\xbdsum\xef\xbf\xbd of the case\xef\xbf\xbd file\n");
    free(text);
    tt_doc_info_release(&out[0]);
}

static void
id_collision_lengthens(void **state)
{
    vault_fixture *f = *state;
    char a[256];
    const char body[] = "A document whose short id is already taken.\n";
    file_write(a, f->dir, "taken.txt", body, strlen(body));
    unsigned char h[32];
    char hex[65], q[512];
    crypto_hash_sha256(h, (const unsigned char *)body, strlen(body));
    sodium_bin2hex(hex, sizeof hex, h, 32);
    /* Another content that happens to share the first 8 hex digits. */
    snprintf(q, sizeof q,
             "INSERT INTO documents(doc_id, sha256, media_type, original, text, words, added)"
             " VALUES ('d%.8s', '%.8sffffffff', 'text/plain', x'00', 'x', 1, 'now')",
             hex, hex);
    assert_int_equal(sqlite3_exec(tt_vault__db(f->v), q, 0, 0, 0), SQLITE_OK);
    const char *p[] = {a};
    tt_doc_info out[1] = {0};
    assert_int_equal(tt_vault_add_files(f->v, p, 1, NULL, out), 0);
    char want[16];
    snprintf(want, sizeof want, "d%.10s", hex);
    assert_string_equal(out[0].id, want);
    tt_doc_info_release(&out[0]);
}

static void
recipients(void **state)
{
    vault_fixture *f = *state;
    int64_t id;
    assert_int_equal(tt_vault_recipient_add(f->v, "  Ana Lima ", "ana@example.org", "Legal", &id),
                     0);
    assert_int_equal(id, 1);
    assert_int_equal(tt_vault_recipient_add(f->v, "Ana Lima", NULL, NULL, NULL), TT_EEXIST);
    assert_string_equal(tt_vault_errmsg(f->v), "recipient 'Ana Lima' exists");
    assert_int_equal(tt_vault_recipient_add(f->v, "", NULL, NULL, NULL), TT_EINVAL);
    assert_int_equal(tt_vault_recipient_add(f->v, "Bad\xff", NULL, NULL, NULL), TT_EINVAL);

    char csv[256];
    const char good[] = "name,contact,unit\n\"Bo, Jr\",,Ops\nAna Lima,x,y\nCy\n";
    file_write(csv, f->dir, "r.csv", good, strlen(good));
    size_t added, skipped;
    assert_int_equal(tt_vault_recipients_import(f->v, csv, &added, &skipped), 0);
    assert_int_equal(added, 2);
    assert_int_equal(skipped, 1);

    const char broken[] = "name,contact,unit\nDi,,\nEd,,\n\"Fay,,\n";
    file_write(csv, f->dir, "broken.csv", broken, strlen(broken));
    assert_int_equal(tt_vault_recipients_import(f->v, csv, &added, &skipped), TT_EFORMAT);
    char want[400];
    snprintf(want, sizeof want, "cannot import '%s': line 4: unterminated quoted field", csv);
    assert_string_equal(tt_vault_errmsg(f->v), want);

    tt_recipient *r;
    size_t n;
    assert_int_equal(tt_vault_recipient_list(f->v, &r, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].name, "Ana Lima");
    assert_string_equal(r[0].contact, "ana@example.org");
    assert_string_equal(r[1].name, "Bo, Jr");
    assert_null(r[1].contact);
    assert_string_equal(r[1].unit, "Ops");
    assert_string_equal(r[2].name, "Cy");
    assert_int_equal(r[2].id, 3);
    tt_recipients_free(r, n);
    tt_recipient one;
    assert_int_equal(tt_vault_recipient_find(f->v, "Cy", &one), 0);
    assert_int_equal(one.id, 3);
    tt_recipient_release(&one);
    assert_int_equal(tt_vault_recipient_find(f->v, "Di", &one), TT_ENOENT);
    assert_int_equal(tt_vault_log_verify(f->v, NULL), 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, vault_fixture_setup, vault_fixture_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(not_a_vault),
        T(reopen_and_schema),
        T(nested_transactions),
        T(busy_database),
        T(add_documents),
        T(add_is_all_or_none),
        T(malformed_utf8_and_title_options),
        T(id_collision_lengthens),
        T(recipients),
    };
    return cmocka_run_group_tests_name("vault", tests, NULL, NULL);
}
