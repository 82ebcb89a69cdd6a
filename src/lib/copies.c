/* SPDX-License-Identifier: Apache-2.0 */
/*
 * copies.c: the copies on record, read back for people: which copies of a document were
 * issued, to whom and when; which copies a recipient received (issue.h, tt_copy_list).
 *
 * Read only: copies are written by mark.c (tt_issuer_copy) and never changed.  One query
 * joining copies to their documents and recipients; a copy whose recipient row is gone
 * (which the vault refuses to do, vault_recipients.c) is listed as "(removed)" rather than
 * hidden.  Workload: a list for a person to read; 10,000 copies are one pass.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/issue.h"
#include "vault_internal.h"
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
