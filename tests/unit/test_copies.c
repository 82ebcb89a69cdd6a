/* SPDX-License-Identifier: Apache-2.0 */
/* test_copies.c: every issued copy stays on record (vault migration 2) and can be rebuilt
 * (variant table versions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "tardos.h"
#include "mark.h"
#include "slots.h"
#include "telltale/trace.h"
#include "telltale/vault.h"
#include "variants.h"
#include "vault_internal.h"
#include "vault_test_util.h"
#include "vault_test_db.h"

/* A vault whose copies table is migration 1's (UNIQUE(doc, recipient, channels)), with two
 * copies on record, is upgraded when opened: the rows survive with their ids, and a second
 * copy for the same document, recipient and channels can then be recorded. */
static void
v1_vault_upgrades_and_keeps_its_copies(void **state)
{
    (void)state;
    char dir[64], doc[24];
    tmpdir_make(dir);
    tt_vault *v = small_vault(dir, doc);
    /* back to the schema of migration 1, by hand */
    const char *v1 =
        UNDO_MIGRATIONS_6_TO_4
        "DROP INDEX IF EXISTS doc_index_version;" /* migration 3's (dropped by 8) */
        "DROP TABLE copies;"
        "CREATE TABLE copies(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(id),"
        " recipient INTEGER NOT NULL REFERENCES recipients(id), channels TEXT NOT NULL,"
        " params TEXT NOT NULL, sha256 TEXT NOT NULL, path TEXT, issued TEXT NOT NULL,"
        " UNIQUE(doc, recipient, channels));"
        "CREATE INDEX copies_recipient ON copies(recipient);"
        "INSERT INTO copies VALUES (7, 1, 1, 'lexical', '{\"collusion\":1}', 'aa', 'a.txt',"
        " '2024-01-01T00:00:00Z');"
        "INSERT INTO copies VALUES (9, 1, 2, 'lexical', '{\"collusion\":1}', 'bb', 'b.txt',"
        " '2024-01-01T00:00:00Z');"
        "PRAGMA user_version=1;";
    assert_int_equal(sqlite3_exec(tt_vault__db(v), v1, 0, 0, 0), SQLITE_OK);
    /* migration 1's constraint is there: a second lexical copy for Ana is refused */
    assert_int_not_equal(sqlite3_exec(tt_vault__db(v),
                                      "INSERT INTO copies VALUES (10, 1, 1, 'lexical', '{}', 'cc',"
                                      " 'c.txt', '2024-01-02T00:00:00Z')",
                                      0, 0, 0),
                         SQLITE_OK);
    tt_vault_free(v);

    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(count(v, "PRAGMA user_version"), 8);
    assert_int_equal(count(v, "SELECT count(*) FROM sqlite_master WHERE name = 'doc_index_version'"), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM copies"), 2);
    assert_int_equal(count(v, "SELECT count(*) FROM copies WHERE id = 7 AND recipient = 1 AND "
                              "sha256 = 'aa' AND params = '{\"collusion\":1}' AND path = 'a.txt'"),
                     1);
    assert_int_equal(count(v, "SELECT count(*) FROM copies WHERE id = 9 AND sha256 = 'bb'"), 1);
    /* another copy for Ana with the same channels (other params, other bytes): recorded */
    assert_int_equal(sqlite3_exec(tt_vault__db(v),
                                  "INSERT INTO copies(doc, recipient, channels, params, sha256,"
                                  " path, issued) VALUES (1, 1, 'lexical', '{\"collusion\":3}',"
                                  " 'cc', 'c.txt', '2024-01-02T00:00:00Z')",
                                  0, 0, 0),
                     SQLITE_OK);
    /* the same bytes twice are one copy */
    assert_int_not_equal(sqlite3_exec(tt_vault__db(v),
                                      "INSERT INTO copies(doc, recipient, channels, params, sha256,"
                                      " path, issued) VALUES (1, 1, 'lexical', '{}', 'aa', 'x.txt',"
                                      " '2024-01-03T00:00:00Z')",
                                      0, 0, 0),
                         SQLITE_OK);
    assert_int_equal(count(v, "SELECT count(*) FROM copies WHERE recipient = 1"), 2);
    assert_int_equal(count(v, "SELECT count(*) FROM sqlite_master WHERE name = 'copies_recipient'"),
                     1);
    tt_vault_free(v);
    /* opening again changes nothing */
    assert_int_equal(tt_vault_open(&v, dir), 0);
    assert_int_equal(count(v, "SELECT count(*) FROM copies"), 3);
    tt_vault_free(v);
    tmpdir_remove(dir);
}


/* A copy issued under variant table 1 (params without "table", as every copy before table
 * versions) is rebuilt with table 1's slots, though new copies use table 2; claiming table 2
 * for it fails instead of silently reading other slots. */
static void
copies_of_table_1_rebuild_with_table_1(void **state)
{
    (void)state;
    char dir[64], doc[256];
    tmpdir_make(dir);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init(&v, dir), 0);
    const char *text = "The camp holds eleven days of fuel. Two convoys leave on 18 March, and "
                       "the first convoy will carry the colour-coded drums in order to finalize "
                       "the transfer. We believe that the road stays open about 40 days.\n";
    file_write(doc, dir, "memo.txt", text, strlen(text));
    const char *paths[] = {doc};
    tt_doc_info info[1];
    memset(info, 0, sizeof info);
    assert_int_equal(tt_vault_add_files(v, paths, 1, NULL, info), 0);
    int64_t row = info[0].row;
    char *t;
    size_t n;
    assert_int_equal(tt_vault_doc_text(v, info[0].id, &t, &n), 0);
    tt_slots s1, s2;
    tt_slot_opts o1 = {.channels = TT_CH_LEXICAL, .table = 1}, o2 = {.channels = TT_CH_LEXICAL};
    assert_int_equal(tt_slots__find(&s1, t, n, &o1, NULL), 0);
    assert_int_equal(tt_slots__find(&s2, t, n, &o2, NULL), 0);
    assert_true(s2.n > s1.n && s1.n > 0);
    const unsigned char *key;
    assert_int_equal(tt_vault__mark_key(v, &key), 0);
    tt_tardos *c;
    assert_int_equal(tt_tardos__new(&c, key, row, s1.n, 1, 0, NULL), 0);
    char digest[65], params[512];
    tt_tardos__digest(c, digest);
    snprintf(params, sizeof params,
             "{\"canary\":[],\"code\":\"%s\",\"collusion\":1,\"cutoff\":0.0,\"exclude\":[],"
             "\"slots\":%zu,\"version\":1}",
             digest, s1.n);
    tt_mark m;
    assert_int_equal(tt_mark__open_params(&m, v, row, "lexical", params), 0);
    assert_int_equal(m.table, 1);
    assert_int_equal(m.slots.n, s1.n);
    for (size_t i = 0; i < s1.n; i++)
        assert_int_equal(m.slots.v[i].start, s1.v[i].start);
    tt_mark__release(&m);
    snprintf(params, sizeof params,
             "{\"canary\":[],\"code\":\"%s\",\"collusion\":1,\"cutoff\":0.0,\"exclude\":[],"
             "\"slots\":%zu,\"table\":2,\"version\":1}",
             digest, s1.n);
    assert_int_equal(tt_mark__open_params(&m, v, row, "lexical", params), TT_EFORMAT);
    snprintf(params, sizeof params,
             "{\"canary\":[],\"code\":\"%s\",\"collusion\":1,\"cutoff\":0.0,\"exclude\":[],"
             "\"slots\":%zu,\"table\":%u,\"version\":1}",
             digest, s1.n, TT_VARIANTS_TABLE_MAX + 1);
    assert_int_not_equal(tt_mark__open_params(&m, v, row, "lexical", params), 0);
    tt_tardos__free(c);
    tt_slots__release(&s1);
    tt_slots__release(&s2);
    free(t);
    tt_doc_info_release(&info[0]);
    tt_vault_free(v);
    tmpdir_remove(dir);
}

/* Two copies of document row (Ana's and Ben's) as an issue under an older variant table
 * wrote them, params as given and sha256 "a<tag>" / "b<tag>", bound to the log as that issue
 * bound them, or trace would rightly refuse them as rows written outside telltale (bind.c). */
static void
old_copies(tt_vault *v, int64_t row, const char *doc_id, const char *params, int64_t ana,
           int64_t ben, const char *tag)
{
    for (int k = 0; k < 2; k++) {
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "INSERT INTO copies(doc, recipient, channels, params, sha256, path, issued) "
                 "VALUES (%lld, %lld, 'lexical,unicode', '%s', '%s%s', 'x%d.txt', "
                 "'2024-01-01T00:00:00Z')",
                 (long long)row, (long long)(k ? ben : ana), params, k ? "b" : "a", tag, k);
        assert_int_equal(sqlite3_exec(tt_vault__db(v), sql, 0, 0, 0), SQLITE_OK);
    }
    json_t *binds = json_array();
    sqlite3_stmt *st;
    char q[128];
    snprintf(q, sizeof q, "SELECT id FROM copies WHERE sha256 IN ('a%s', 'b%s')", tag, tag);
    assert_int_equal(sqlite3_prepare_v2(tt_vault__db(v), q, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char ckey[48];
        tt_bind__copy_key(ckey, doc_id, sqlite3_column_int64(st, 0));
        assert_int_equal(tt_bind__push(v, binds, TT_BIND_COPY, ckey), 0);
    }
    sqlite3_finalize(st);
    assert_int_equal(json_array_size(binds), 2);
    json_t *args = json_pack("{s:s, s:o}", "doc", doc_id, "bind", binds);
    char *as = json_dumps(args, JSON_COMPACT | JSON_SORT_KEYS);
    assert_non_null(as);
    assert_int_equal(tt_vault_log_append(v, "issue", as), 0);
    free(as);
    json_decref(args);
}

/* The fixture of the "old table still traces" tests: a vault holding `text` as one document,
 * recipients Ana and Ben, and the slots that an old table (a) and the next one (b) find in
 * it.  Each test checks what tells the two tables apart, then old_table_traces() issues the
 * two copies as table a wrote them and traces Ben's. */
typedef struct old_table {
    char dir[64];
    tt_vault *v;
    tt_doc_info info;
    int64_t ana, ben;
    char *t;
    size_t n;
    tt_slots a, b;
    unsigned table_a;
} old_table;

static void
old_table_open(old_table *k, const char *text, unsigned table_a, unsigned table_b)
{
    memset(k, 0, sizeof *k);
    char doc[256];
    tmpdir_make(k->dir);
    assert_int_equal(tt_vault_init(&k->v, k->dir), 0);
    file_write(doc, k->dir, "memo.txt", text, strlen(text));
    const char *paths[] = {doc};
    assert_int_equal(tt_vault_add_files(k->v, paths, 1, NULL, &k->info), 0);
    assert_int_equal(tt_vault_recipient_add(k->v, "Ana", NULL, NULL, &k->ana), 0);
    assert_int_equal(tt_vault_recipient_add(k->v, "Ben", NULL, NULL, &k->ben), 0);
    assert_int_equal(tt_vault_doc_text(k->v, k->info.id, &k->t, &k->n), 0);
    unsigned ch = TT_CH_LEXICAL | TT_CH_UNICODE;
    tt_slot_opts oa = {.channels = ch, .table = table_a}, ob = {.channels = ch, .table = table_b};
    assert_int_equal(tt_slots__find(&k->a, k->t, k->n, &oa, NULL), 0);
    assert_int_equal(tt_slots__find(&k->b, k->t, k->n, &ob, NULL), 0);
    k->table_a = table_a;
}

/* The code of slots s for the document (its arities set from table 5 on, as issue sets them);
 * its digest goes to digest[65]. */
static tt_tardos *
old_table_code(const old_table *k, const tt_slots *s, unsigned table, char digest[65])
{
    const unsigned char *key;
    assert_int_equal(tt_vault__mark_key(k->v, &key), 0);
    tt_tardos *c;
    assert_int_equal(tt_tardos__new(&c, key, k->info.row, s->n, 1, 0, NULL), 0);
    if (table >= 5) {
        uint8_t *q = malloc(s->n ? s->n : 1);
        assert_non_null(q);
        tt_slots__arities(s, q);
        assert_int_equal(tt_tardos__set_arity(c, q, NULL), 0);
        free(q);
    }
    tt_tardos__digest(c, digest);
    return c;
}

/* Issue Ana's and Ben's copies as table a wrote them (params with table a's code; when
 * b_digest_differs, the next table's code of the same text must have another digest),
 * check that the mark rebuilds table a's slots and arities, and trace Ben's copy: Ben
 * alone is accused.  Then free the fixture. */
static void
old_table_traces(old_table *k, int b_digest_differs)
{
    char digest[65], params[512], tag[4];
    tt_tardos *c = old_table_code(k, &k->a, k->table_a, digest);
    if (b_digest_differs) {
        char db[65];
        tt_tardos__free(old_table_code(k, &k->b, k->table_a + 1, db));
        assert_string_not_equal(db, digest);
    }
    snprintf(params, sizeof params,
             "{\"canary\":[],\"code\":\"%s\",\"collusion\":1,\"cutoff\":0.0,\"exclude\":[],"
             "\"slots\":%zu,\"table\":%u,\"version\":1}",
             digest, k->a.n, k->table_a);
    uint8_t *sym = malloc(k->a.n ? k->a.n : 1);
    assert_non_null(sym);
    assert_int_equal(tt_tardos__bits(c, k->ben, sym), 0);
    tt_buf leak;
    tt_buf_init(&leak);
    assert_int_equal(tt_slots__render(&leak, k->t, k->n, &k->a, sym), 0);
    snprintf(tag, sizeof tag, "%u", k->table_a);
    old_copies(k->v, k->info.row, k->info.id, params, k->ana, k->ben, tag);
    tt_mark m;
    assert_int_equal(tt_mark__open_params(&m, k->v, k->info.row, "lexical,unicode", params), 0);
    assert_int_equal(m.table, k->table_a);
    assert_int_equal(m.slots.n, k->a.n);
    for (size_t i = 0; i < m.slots.n; i++)
        assert_int_equal(tt_tardos__arity(m.code, i), tt_tardos__arity(c, i));
    tt_mark__release(&m);
    tt_trace *tr = NULL;
    tt_trace_opts to = TT_TRACE_OPTS_INIT;
    to.doc = k->info.id;
    assert_int_equal(tt_trace_run(k->v, leak.data, leak.len, &to, &tr), 0);
    assert_int_equal(tt_trace_accused(tr), 1);
    tt_suspect su;
    tt_trace_suspect(tr, 0, &su);
    assert_string_equal(su.recipient, "Ben");
    assert_true(su.accused);
    tt_trace_free(tr);
    tt_buf_release(&leak);
    free(sym);
    tt_tardos__free(c);
    tt_slots__release(&k->a);
    tt_slots__release(&k->b);
    free(k->t);
    tt_doc_info_release(&k->info);
    tt_vault_free(k->v);
    tmpdir_remove(k->dir);
}

/* A copy issued under variant table 2 (before table 3 grouped slots) is rebuilt with table
 * 2's slots and still names its recipient; table 3 finds other slots in the same text. */
static void
copies_of_table_2_still_trace(void **state)
{
    (void)state;
    old_table k;
    old_table_open(
        &k,
        "The city sent six attorneys representing the eight former policemen to the hearing. "
        "Each time the manometer indicated which was greater, the clerk wrote it down. The "
        "board called it \"participation\" and the mayor called it \"the plan\". Mr. Speaker, "
        "Mr. Sam, and Mr. Democrat met in order to finalize the report. Therefore, we said "
        "that the plan is sound, and the committee agreed that the hearing should continue "
        "for three more days before the vote.\n",
        2, 3);
    int differ = k.a.n != k.b.n;
    for (size_t i = 0; !differ && i < k.a.n; i++)
        differ = k.a.v[i].start != k.b.v[i].start || k.b.v[i].group != i;
    assert_true(differ);
    old_table_traces(&k, 0);
}

/* A copy issued under variant table 4 (binary slots only) is rebuilt with table 4's slots and
 * its binary code and still names its recipient; table 5 finds six-way list slots in the same
 * text, and its code (with their arities) has another digest. */
static void
copies_of_table_4_still_trace(void **state)
{
    (void)state;
    old_table k;
    old_table_open(
        &k,
        "The city sent six attorneys representing the eight former policemen to the hearing. "
        "The audit looked at the invoices, the receipts and the payroll. The council will pay "
        "for the roads, the drains and the lights. We wrote to the landlord about the deposit, "
        "and the board asked for the modification, distribution and translation of the rules. "
        "Mr. Speaker, Mr. Sam, and Mr. Democrat met in order to finalize the report. Therefore, "
        "we said that the plan is sound, and the committee agreed that the hearing should "
        "continue for three more days before the vote.\n",
        4, 5);
    size_t lists = 0;
    for (size_t i = 0; i < k.b.n; i++)
        lists += k.b.v[i].nvar == 6;
    for (size_t i = 0; i < k.a.n; i++)
        assert_int_equal(k.a.v[i].nvar, 2);
    assert_true(lists >= 2);
    old_table_traces(&k, 1);
}

/* A copy issued under variant table 5 (six-way list slots, binary slots elsewhere) is rebuilt
 * with table 5's slots and code and still names its recipient; table 6 finds four-way
 * approx-word slots in the same text, and its code has another digest. */
static void
copies_of_table_5_still_trace(void **state)
{
    (void)state;
    old_table k;
    old_table_open(
        &k,
        "The city sent six attorneys representing the eight former policemen to the hearing. "
        "The audit looked at the invoices, the receipts and the payroll. The council will pay "
        "for the roads, the drains and the lights. The depot will hold about 520,000 litres, "
        "enough for roughly five weeks, and the convoys cost approximately 40,000 crowns each. "
        "Mr. Speaker, Mr. Sam, and Mr. Democrat met in order to finalize the report. Therefore, "
        "we said that the plan is sound, and the committee agreed that the hearing should "
        "continue for three more days before the vote.\n",
        5, 6);
    size_t lists = 0, approx = 0;
    for (size_t i = 0; i < k.a.n; i++) {
        lists += k.a.v[i].nvar == 6;
        assert_true(k.a.v[i].nvar == 2 || k.a.v[i].nvar == 6);
    }
    for (size_t i = 0; i < k.b.n; i++)
        approx += k.b.v[i].nvar == 4;
    assert_true(lists >= 2);
    assert_int_equal(approx, 3);
    old_table_traces(&k, 1);
}

/* A copy issued under variant table 6 is rebuilt with table 6's slots and code and still names
 * its recipient; table 7 finds all-of and that slots in the same text, and its code has another
 * digest. */
static void
copies_of_table_6_still_trace(void **state)
{
    (void)state;
    old_table k;
    old_table_open(
        &k,
        "The city sent six attorneys representing the eight former policemen to the hearing. "
        "The audit looked at the invoices, the receipts and the payroll. The council will pay "
        "for the roads, the drains and the lights. The depot will hold about 520,000 litres, "
        "enough for roughly five weeks, and the convoys cost approximately 40,000 crowns each. "
        "Mr. Speaker, Mr. Sam, and Mr. Democrat met in order to finalize the report. Therefore, "
        "we said that the plan is sound, and the committee agreed that the hearing should "
        "continue for three more days before the vote. The auditors checked all the invoices "
        "and all of the receipts, and we think we should keep all its records.\n",
        6, 7);
    size_t allof6 = 0, allof7 = 0, approx = 0;
    for (size_t i = 0; i < k.a.n; i++) {
        allof6 += strcmp(k.a.v[i].rule, TT_RULE_ALL_OF) == 0;
        approx += k.a.v[i].nvar == 4;
    }
    for (size_t i = 0; i < k.b.n; i++)
        allof7 += strcmp(k.b.v[i].rule, TT_RULE_ALL_OF) == 0;
    assert_int_equal(allof6, 0);
    assert_int_equal(allof7, 3);
    assert_int_equal(approx, 3);
    assert_true(k.b.n > k.a.n);
    old_table_traces(&k, 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v1_vault_upgrades_and_keeps_its_copies),
        cmocka_unit_test(copies_of_table_1_rebuild_with_table_1),
        cmocka_unit_test(copies_of_table_2_still_trace),
        cmocka_unit_test(copies_of_table_4_still_trace),
        cmocka_unit_test(copies_of_table_5_still_trace),
        cmocka_unit_test(copies_of_table_6_still_trace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
