/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_store.c: the fingerprint index's tables in the vault: doc_index (one row per
 * document: the algorithm version that indexed it; its blob is empty since version 4, the
 * fingerprints being computed from the document's text when the index is built), background (hashes hidden from every document, in batches numbered by the audit entry
 * that logged them) and the meta row 'index_generation' that index.bin is checked against.
 *
 * A store module (vault_internal.h): index.c decides what goes into these rows and reads
 * them back through the functions here (index.h), and never names SQLite.  The blob's layout
 * is index.c's (docs/FORMATS.md); this file moves it as bytes.  Workload: a refresh writes
 * one row per new document; an open without a current index.bin reads every document's text
 * once.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "vault_internal.h"
#include "vault_handle.h"
#include "common.h"

int
tt_index_store__uptodate(tt_vault *v, int version)
{
    /* doc_index rows are unique per document and cascade with it, so as many rows at the
     * current version as documents means every document is indexed */
    sqlite3_stmt *st = NULL;
    int yes = 0;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT (SELECT count(*) FROM documents) = (SELECT count(*) FROM "
                           "doc_index WHERE version = ?1)",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, version);
        yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    }
    sqlite3_finalize(st);
    return yes;
}

int
tt_index_store__refresh(tt_vault *v, int version,
                        int (*encode)(void *ctx, const char *text, size_t len, tt_buf *blob),
                        void *ctx, size_t *out_done)
{
    *out_done = 0;
    sqlite3_stmt *sel = NULL, *ins = NULL;
    tt_buf b;
    tt_buf_init(&b);
    int rc = 0, s;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT d.id, d.text FROM documents d LEFT JOIN doc_index i ON "
                           "i.doc = d.id WHERE i.doc IS NULL OR i.version <> ?1 ORDER BY d.id",
                           -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(v->db,
                           "INSERT OR REPLACE INTO doc_index(doc, version, fingerprints) "
                           "VALUES (?1, ?2, ?3)",
                           -1, &ins, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "read the index");
        goto out;
    }
    sqlite3_bind_int64(sel, 1, version);
    while ((s = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t row = sqlite3_column_int64(sel, 0);
        const char *text = (const char *)sqlite3_column_text(sel, 1);
        size_t len = (size_t)sqlite3_column_bytes(sel, 1);
        b.len = 0;
        if ((rc = encode(ctx, text ? text : "", text ? len : 0, &b)))
            goto out;
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, row);
        sqlite3_bind_int64(ins, 2, version);
        sqlite3_bind_blob(ins, 3, b.data ? b.data : "", (int)b.len, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = tt_vault__dberr(v, "store the index");
            goto out;
        }
        (*out_done)++;
    }
    if (s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read documents");
out:
    tt_buf_release(&b);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    return rc;
}

int
tt_index_store__each(tt_vault *v,
                     int (*fn)(void *ctx, int64_t row, const char *id, const char *title,
                               const char *text, size_t len),
                     void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT d.id, d.doc_id, d.title, d.text FROM documents d "
                           "JOIN doc_index i ON i.doc = d.id ORDER BY d.id",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the index");
    int s, rc = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 1);
        const char *title = (const char *)sqlite3_column_text(st, 2);
        const char *text = (const char *)sqlite3_column_text(st, 3);
        size_t len = text ? (size_t)sqlite3_column_bytes(st, 3) : 0;
        if ((rc = fn(ctx, sqlite3_column_int64(st, 0), id ? id : "", title, text ? text : "",
                     len)))
            break;
    }
    if (!rc && s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the index");
    sqlite3_finalize(st);
    return rc;
}

int
tt_index_store__bump(tt_vault *v)
{
    if (sqlite3_exec(v->db,
                     "INSERT INTO meta(key, value) VALUES ('index_generation', '1') "
                     "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                     NULL, NULL, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "update the index generation");
    return 0;
}

int
tt_index_store__seeded(tt_vault *v, int *out)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT EXISTS(SELECT 1 FROM meta s JOIN meta g ON s.key = "
                           "'background_seeded' AND g.key = 'index_generation' AND s.value = "
                           "g.value)",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the index generation");
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

int
tt_index_store__mark_seeded(tt_vault *v)
{
    if (sqlite3_exec(v->db,
                     "INSERT INTO meta(key, value) SELECT 'background_seeded', coalesce((SELECT "
                     "value FROM meta WHERE key = 'index_generation'), '0') ON CONFLICT(key) DO "
                     "UPDATE SET value = excluded.value",
                     NULL, NULL, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "update the index generation");
    return 0;
}

int
tt_index_store__state(tt_vault *v, tt_index_state *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_prepare_v2(v->db,
                                "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                                "'index_generation'), (SELECT count(*) FROM doc_index), "
                                "(SELECT max(doc) FROM doc_index), (SELECT sum(doc) FROM "
                                "doc_index), (SELECT count(*) FROM background)",
                                -1, &q, NULL) == SQLITE_OK &&
             sqlite3_step(q) == SQLITE_ROW;
    if (ok) {
        out->gen = (uint64_t)sqlite3_column_int64(q, 0);
        out->rows = (uint64_t)sqlite3_column_int64(q, 1);
        out->maxdoc = (uint64_t)sqlite3_column_int64(q, 2);
        out->sumdoc = (uint64_t)sqlite3_column_int64(q, 3);
        out->nbg = (uint64_t)sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    return ok ? 0 : tt_vault__dberr(v, "read the index state");
}

char *
tt_index_store__cache_path(tt_vault *v)
{
    const char *db = sqlite3_db_filename(v->db, "main");
    if (!db || !*db)
        return NULL;
    const char *slash = strrchr(db, '/');
    size_t dl = slash ? (size_t)(slash - db) + 1 : 0;
    char *p = malloc(dl + sizeof "index.bin");
    if (p) {
        memcpy(p, db, dl);
        memcpy(p + dl, "index.bin", sizeof "index.bin");
    }
    return p;
}

int
tt_index_store__has_background(tt_vault *v, int *out)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(v->db, "SELECT EXISTS(SELECT 1 FROM background)", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

int
tt_index_store__background(tt_vault *v, uint64_t **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "SELECT hash FROM background ORDER BY hash", -1, &st, NULL) !=
        SQLITE_OK)
        return tt_vault__dberr(v, "read the background");
    uint64_t *bg = NULL;
    size_t n = 0, cap = 0;
    int s, rc = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&bg, &cap, n + 1, sizeof *bg)) {
            rc = TT_ENOMEM;
            break;
        }
        bg[n++] = (uint64_t)sqlite3_column_int64(st, 0);
    }
    if (rc)
        rc = tt__error(&v->err, rc, "out of memory loading the index");
    else if (s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the background");
    sqlite3_finalize(st);
    if (rc) {
        free(bg);
        return rc;
    }
    *out = bg;
    *out_n = n;
    return 0;
}

int
tt_index_store__background_put(tt_vault *v, const uint64_t *hs, size_t n, int64_t *out_batch,
                               size_t *out_added)
{
    *out_batch = 0;
    *out_added = 0;
    sqlite3_stmt *st = NULL;
    int64_t batch = 0;
    int rc = 0;
    if (sqlite3_prepare_v2(v->db, "SELECT coalesce(max(seq), 0) + 1 FROM audit", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        batch = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (batch && (rc = tt_vault__lazy_indexes(v, "background")))
        goto out;
    if (batch == 0 ||
        sqlite3_prepare_v2(v->db, "INSERT OR IGNORE INTO background(hash, batch) VALUES (?1, ?2)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "store the background");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)hs[i]);
        sqlite3_bind_int64(st, 2, batch);
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = tt_vault__dberr(v, "store the background");
            goto out;
        }
        *out_added += (size_t)sqlite3_changes(v->db);
    }
    *out_batch = batch;
out:
    sqlite3_finalize(st);
    return rc;
}
