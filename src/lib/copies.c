/* SPDX-License-Identifier: Apache-2.0 */
/*
 * copies.c: the copies on record, read back for people: which copies of a document were
 * issued, to whom and when; which copies a recipient received (issue.h, tt_copy_list).
 *
 * A store module (vault_internal.h): every SQL statement on the copies table is here.  Copies
 * are recorded by the issuer (mark.c, through tt_copies__record) and never changed but for
 * the path of a copy issued again; verify finds a copy by its SHA-256, trace and the issuer
 * read a document's copies back (tt_copies__of_doc), strays asks whether a file's bytes are
 * on record.  tt_copy_list joins copies to their documents and recipients for people; a copy
 * whose recipient row is gone (which the vault refuses to do, vault_recipients.c) is listed
 * as "(removed)" rather than hidden.  Workload: a list for a person to read; 10,000 copies
 * are one pass.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/issue.h"
#include "vault_internal.h"
#include "vault_handle.h"
#include "common.h"

static char *
dup_col(sqlite3_stmt *st, int i, const char *dflt, int *oom)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (!s && !dflt)
        return NULL;
    char *r = strdup(s ? s : dflt);
    if (!r)
        *oom = 1;
    return r;
}

int
tt_copy_list(tt_vault *v, const char *doc, const char *recipient, tt_copy_info **out,
             size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    tt_err *err = tt_vault__err(v);
    int64_t drow = 0, rrow = 0;
    int rc;
    if (doc && (rc = tt_vault__doc_row(v, doc, &drow)))
        return rc;
    if (recipient) {
        tt_recipient r;
        if ((rc = tt_vault_recipient_find(v, recipient, &r)))
            return rc;
        rrow = r.id;
        tt_recipient_release(&r);
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v),
                           "SELECT c.id, d.doc_id, d.title, c.recipient, r.name, c.channels,"
                           " c.path, c.sha256, c.issued FROM copies c"
                           " JOIN documents d ON d.id = c.doc"
                           " LEFT JOIN recipients r ON r.id = c.recipient"
                           " WHERE (?1 = 0 OR c.doc = ?1) AND (?2 = 0 OR c.recipient = ?2)"
                           " ORDER BY c.id",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the copies");
    sqlite3_bind_int64(st, 1, drow);
    sqlite3_bind_int64(st, 2, rrow);
    tt_copy_info *c = NULL;
    size_t n = 0, cap = 0;
    int s, oom = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&c, &cap, n + 1, sizeof *c)) {
            oom = 1;
            break;
        }
        tt_copy_info *e = &c[n++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(st, 0);
        const char *t = (const char *)sqlite3_column_text(st, 1);
        snprintf(e->doc, sizeof e->doc, "%s", t ? t : "");
        e->title = dup_col(st, 2, "", &oom);
        e->recipient_id = sqlite3_column_int64(st, 3);
        e->recipient = dup_col(st, 4, "(removed)", &oom);
        e->channels = dup_col(st, 5, "", &oom);
        e->path = dup_col(st, 6, NULL, &oom);
        t = (const char *)sqlite3_column_text(st, 7);
        snprintf(e->sha256, sizeof e->sha256, "%s", t ? t : "");
        t = (const char *)sqlite3_column_text(st, 8);
        snprintf(e->issued, sizeof e->issued, "%s", t ? t : "");
        if (oom)
            break;
    }
    if (oom)
        rc = tt__error(err, TT_ENOMEM, "out of memory");
    else if (s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the copies");
    sqlite3_finalize(st);
    if (rc) {
        tt_copy_infos_free(c, n);
        return rc;
    }
    *out = c;
    *out_n = n;
    return 0;
}

void
tt_copy_infos_free(tt_copy_info *c, size_t n)
{
    if (!c)
        return;
    for (size_t i = 0; i < n; i++) {
        free(c[i].title);
        free(c[i].recipient);
        free(c[i].channels);
        free(c[i].path);
    }
    free(c);
}

void
tt_copies__free(tt_copy_rec *c, size_t n)
{
    if (!c)
        return;
    for (size_t i = 0; i < n; i++) {
        free(c[i].name);
        free(c[i].channels);
        free(c[i].params);
        free(c[i].path);
    }
    free(c);
}

int
tt_copies__of_doc(tt_vault *v, int64_t doc_row, tt_copy_rec **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v),
                           "SELECT c.id, c.recipient, r.name, c.channels, c.params, c.path,"
                           " c.sha256, c.issued FROM copies c"
                           " LEFT JOIN recipients r ON r.id = c.recipient"
                           " WHERE c.doc = ?1 ORDER BY c.id",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the copies");
    sqlite3_bind_int64(st, 1, doc_row);
    tt_copy_rec *c = NULL;
    size_t n = 0, cap = 0;
    int s, oom = 0, rc = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&c, &cap, n + 1, sizeof *c)) {
            oom = 1;
            break;
        }
        tt_copy_rec *e = &c[n++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(st, 0);
        e->recipient = sqlite3_column_int64(st, 1);
        e->name = dup_col(st, 2, NULL, &oom);
        e->channels = dup_col(st, 3, "", &oom);
        e->params = dup_col(st, 4, "", &oom);
        e->path = dup_col(st, 5, NULL, &oom);
        const char *t = (const char *)sqlite3_column_text(st, 6);
        snprintf(e->sha256, sizeof e->sha256, "%s", t ? t : "");
        t = (const char *)sqlite3_column_text(st, 7);
        snprintf(e->issued, sizeof e->issued, "%s", t ? t : "");
        if (oom)
            break;
    }
    if (oom)
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    else if (s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the copies");
    sqlite3_finalize(st);
    if (rc) {
        tt_copies__free(c, n);
        return rc;
    }
    *out = c;
    *out_n = n;
    return 0;
}

int
tt_copies__by_sha(tt_vault *v, const char *sha, int64_t *out_id, char doc[24], char **out_name)
{
    *out_id = 0;
    *out_name = NULL;
    doc[0] = '\0';
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT c.id, d.doc_id, r.name FROM copies c JOIN documents d ON d.id = c.doc"
                      " JOIN recipients r ON r.id = c.recipient WHERE c.sha256 = ?1"
                      " ORDER BY c.id LIMIT 1";
    if (sqlite3_prepare_v2(tt_vault__db(v), sql, -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "look up issued copies");
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(st, 1);
        const char *name = (const char *)sqlite3_column_text(st, 2);
        snprintf(doc, 24, "%s", d ? d : "");
        *out_name = strdup(name ? name : "");
        rc = *out_name ? 0 : tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        if (!rc)
            *out_id = sqlite3_column_int64(st, 0);
    } else if (rc == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = tt_vault__dberr(v, "look up issued copies");
    }
    sqlite3_finalize(st);
    return rc;
}

int
tt_copies__recorded(tt_vault *v, int64_t doc_row, const char *sha, int *out)
{
    *out = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v), "SELECT 1 FROM copies WHERE doc = ? AND sha256 = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the copies");
    sqlite3_bind_int64(st, 1, doc_row);
    sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    *out = s == SQLITE_ROW;
    sqlite3_finalize(st);
    return s == SQLITE_ROW || s == SQLITE_DONE ? 0 : tt_vault__dberr(v, "read the copies");
}

int
tt_copies__record(tt_vault *v, int64_t doc_row, int64_t recipient, const char *channels,
                  const char *params, const char *sha, const char *path, const char *issued,
                  int64_t *out_id)
{
    *out_id = 0;
    sqlite3 *db = tt_vault__db(v);
    sqlite3_stmt *st = NULL;
    int rc = tt_vault__lazy_indexes(v, "copies");
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO copies(doc, recipient, channels, params, sha256, path, "
                           "issued) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(doc, recipient, "
                           "sha256) DO UPDATE SET path = excluded.path",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "record the copy");
    sqlite3_bind_int64(st, 1, doc_row);
    sqlite3_bind_int64(st, 2, recipient);
    sqlite3_bind_text(st, 3, channels, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, params, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, issued, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : tt_vault__dberr(v, "record the copy");
    sqlite3_finalize(st);
    if (rc)
        return rc;
    /* the row's id (an upsert of a copy on record keeps the old row), to bind it */
    if (sqlite3_prepare_v2(db,
                           "SELECT id FROM copies WHERE doc = ? AND recipient = ? AND sha256 = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "record the copy");
    sqlite3_bind_int64(st, 1, doc_row);
    sqlite3_bind_int64(st, 2, recipient);
    sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
    *out_id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return *out_id ? 0 : tt_vault__dberr(v, "record the copy");
}
