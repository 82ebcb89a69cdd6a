/* SPDX-License-Identifier: Apache-2.0 */
/*
 * findings.c: the findings `watch` and `collect` keep in the vault, and the cursors of
 * watched sources (schema: the findings and watch_cursors tables, FORMATS.md §2).
 *
 * Invariants: a finding is one row per (source, post, document, leak span, document span);
 * recording it again is a no-op (INSERT OR IGNORE), which is what turns at-least-once
 * delivery into exactly-once records.  The rows, the audit entry naming the new ones and the
 * source's cursor are written in one transaction (tt_vault_log_append joins it), so the
 * vault never holds a finding the log does not, nor a cursor past a finding it lacks.  Each
 * new row is bound to that entry (bind.h, kind "finding", key the row's id): `findings` and
 * `log --verify` refuse a row edited, added or deleted outside telltale.
 * Workload: one small transaction per batch of posts; listing reads by the time index.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "common.h"
#include "telltale/watch.h"
#include "vault_handle.h"
#include "vault_internal.h"

static int
bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int
tt_findings_record(tt_vault *v, const tt_finding_row *rows, size_t n, const char *cursor_source,
                   const char *cursor_value, size_t *out_new)
{
    if (out_new)
        *out_new = 0;
    if ((n && !rows) || (cursor_source && !cursor_value))
        return tt__error(&v->err, TT_EINVAL, "findings: bad arguments");
    for (size_t i = 0; i < n; i++)
        if (!rows[i].source || !rows[i].post || !rows[i].json || !rows[i].doc[0])
            return tt__error(&v->err, TT_EINVAL, "a finding needs a source, a post, a "
                                                 "document and its JSON");
    sqlite3_stmt *ins = NULL, *cur = NULL;
    json_t *logged = json_array(), *binds = json_array();
    char *args = NULL;
    size_t added = 0;
    char now[32];
    tt_vault__now(now);
    int rc = logged && binds ? tt_vault__begin(v) : TT_ENOMEM;
    if (rc) {
        json_decref(logged);
        json_decref(binds);
        return rc == TT_ENOMEM ? tt__error(&v->err, rc, "out of memory") : rc;
    }
    if ((rc = tt_vault__lazy_indexes(v, "findings")))
        goto out;
    if (sqlite3_prepare_v2(v->db,
                           "INSERT OR IGNORE INTO findings(source, post, doc, leak_start,"
                           " leak_end, doc_start, doc_end, matched_words, coverage, chance,"
                           " fingerprint, time, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &ins, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "record findings");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const tt_finding_row *r = &rows[i];
        sqlite3_reset(ins);
        bind_text(ins, 1, r->source);
        bind_text(ins, 2, r->post);
        bind_text(ins, 3, r->doc);
        sqlite3_bind_int64(ins, 4, (sqlite3_int64)r->leak_start);
        sqlite3_bind_int64(ins, 5, (sqlite3_int64)r->leak_end);
        sqlite3_bind_int64(ins, 6, (sqlite3_int64)r->doc_start);
        sqlite3_bind_int64(ins, 7, (sqlite3_int64)r->doc_end);
        sqlite3_bind_int64(ins, 8, (sqlite3_int64)r->matched_words);
        sqlite3_bind_double(ins, 9, r->coverage);
        sqlite3_bind_double(ins, 10, r->chance);
        bind_text(ins, 11, r->fingerprint);
        bind_text(ins, 12, now);
        bind_text(ins, 13, r->json);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = tt_vault__dberr(v, "record findings");
            goto out;
        }
        if (sqlite3_changes(v->db) == 0)
            continue; /* recorded before: a redelivered post */
        added++;
        json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "source", r->source,
                              "post", r->post, "doc", r->doc, "leak_start",
                              (json_int_t)r->leak_start, "leak_end", (json_int_t)r->leak_end,
                              "doc_start", (json_int_t)r->doc_start, "doc_end",
                              (json_int_t)r->doc_end, "fingerprint", r->fingerprint);
        if (!o || json_array_append_new(logged, o)) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            goto out;
        }
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)sqlite3_last_insert_rowid(v->db));
        if ((rc = tt_bind__push(v, binds, TT_BIND_FINDING, key)))
            goto out;
    }
    if (cursor_source) {
        if (sqlite3_prepare_v2(v->db,
                               "INSERT INTO watch_cursors(source, value, updated) VALUES (?,?,?)"
                               " ON CONFLICT(source) DO UPDATE SET value=excluded.value,"
                               " updated=excluded.updated",
                               -1, &cur, NULL) != SQLITE_OK) {
            rc = tt_vault__dberr(v, "record the watch cursor");
            goto out;
        }
        bind_text(cur, 1, cursor_source);
        bind_text(cur, 2, cursor_value);
        bind_text(cur, 3, now);
        if (sqlite3_step(cur) != SQLITE_DONE) {
            rc = tt_vault__dberr(v, "record the watch cursor");
            goto out;
        }
    }
    if (added) {
        json_t *a = json_pack("{s:O, s:O}", "bind", binds, "findings", logged);
        args = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(a);
        if (!args) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = tt_vault_log_append(v, "findings", args)))
            goto out;
    }
    rc = tt_vault__commit(v);
out:
    if (rc)
        tt_vault__rollback(v);
    else if (out_new)
        *out_new = added;
    sqlite3_finalize(ins);
    sqlite3_finalize(cur);
    json_decref(logged);
    json_decref(binds);
    free(args);
    return rc;
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return strdup(s ? s : "");
}

int
tt_findings_list(tt_vault *v, const char *since, const char *doc, tt_finding_row **out,
                 size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    tt_doc_info d;
    memset(&d, 0, sizeof d);
    if (doc) {
        /* a registered document by id or prefix; a retired or unknown id still matches rows
         * recorded under exactly that id */
        if (tt_vault_doc_find(v, doc, &d) == 0)
            doc = d.id;
    }
    char docid[24];
    snprintf(docid, sizeof docid, "%s", doc ? doc : "");
    tt_doc_info_release(&d);
    sqlite3_stmt *st = NULL;
    tt_finding_row *rows = NULL;
    size_t n = 0, cap = 0;
    /* every finding against the signed log first: a row edited, forged or deleted outside
     * telltale makes the whole answer untrustworthy, not just that row */
    int rc = tt_bind__check_findings(v);
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT id, source, post, doc, leak_start, leak_end, doc_start,"
                           " doc_end, matched_words, coverage, chance, fingerprint, time, json"
                           " FROM findings WHERE (?1 IS NULL OR time >= ?1)"
                           " AND (?2 IS NULL OR doc = ?2) ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "read findings");
        goto out;
    }
    if (since)
        bind_text(st, 1, since);
    if (doc)
        bind_text(st, 2, docid);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&rows, &cap, n + 1, sizeof *rows)) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            goto out;
        }
        tt_finding_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        r->source = col_dup(st, 1);
        r->post = col_dup(st, 2);
        snprintf(r->doc, sizeof r->doc, "%s", (const char *)sqlite3_column_text(st, 3));
        r->leak_start = (uint64_t)sqlite3_column_int64(st, 4);
        r->leak_end = (uint64_t)sqlite3_column_int64(st, 5);
        r->doc_start = (uint64_t)sqlite3_column_int64(st, 6);
        r->doc_end = (uint64_t)sqlite3_column_int64(st, 7);
        r->matched_words = (size_t)sqlite3_column_int64(st, 8);
        r->coverage = sqlite3_column_double(st, 9);
        r->chance = sqlite3_column_double(st, 10);
        snprintf(r->fingerprint, sizeof r->fingerprint, "%s",
                 (const char *)sqlite3_column_text(st, 11));
        snprintf(r->time, sizeof r->time, "%s", (const char *)sqlite3_column_text(st, 12));
        r->json = col_dup(st, 13);
        if (!r->source || !r->post || !r->json) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read findings");
out:
    sqlite3_finalize(st);
    if (rc) {
        tt_finding_rows_free(rows, n);
        return rc;
    }
    *out = rows;
    *out_n = n;
    return 0;
}

void
tt_finding_rows_free(tt_finding_row *rows, size_t n)
{
    if (!rows)
        return;
    for (size_t i = 0; i < n; i++) {
        free(rows[i].source);
        free(rows[i].post);
        free(rows[i].json);
    }
    free(rows);
}

int
tt_watch_cursor_get(tt_vault *v, const char *source, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(v->db, "SELECT value FROM watch_cursors WHERE source = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the watch cursor");
    bind_text(st, 1, source);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *out = col_dup(st, 0);
        if (!*out)
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
    } else if (s != SQLITE_DONE) {
        rc = tt_vault__dberr(v, "read the watch cursor");
    }
    sqlite3_finalize(st);
    return rc;
}

int
tt_watch_log_run(tt_vault *v, const char *action, const char *source, unsigned long long posts,
                 unsigned long long findings, unsigned long long recorded)
{
    int collect = action && strcmp(action, "collect") == 0;
    if (!collect && (!action || strcmp(action, "watch") != 0 || !source))
        return tt__error(tt_vault__err(v), TT_EINVAL, "not a watch or collect run");
    json_t *a = collect ? json_pack("{s:I, s:I}", "received", (json_int_t)findings, "recorded",
                                    (json_int_t)recorded)
                        : json_pack("{s:s, s:I, s:I, s:I}", "source", source, "posts",
                                    (json_int_t)posts, "findings", (json_int_t)findings,
                                    "recorded", (json_int_t)recorded);
    char *as = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    if (!as)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    int rc = tt_vault_log_append(v, action, as);
    free(as);
    return rc;
}
