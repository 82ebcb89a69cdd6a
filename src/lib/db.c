/* SPDX-License-Identifier: Apache-2.0 */
/*
 * db.c: the vault's database core: opening vault.db, the schema and its migrations,
 * nestable transactions, the error plumbing (tt_vault__dberr) and the handle's accessors that
 * every vault file shares.  It stands under the audit log (audit.c), the bound records
 * (bind.c) and the vault's init and open (vault.c), and calls none of them.
 *
 * Invariants: the schema version is PRAGMA user_version; migrations[i] takes version i to
 * i + 1, each in one transaction, so an old vault is upgraded when opened.  The database runs
 * in WAL mode with foreign keys on; a writer waits up to the busy timeout (5 s, or what the
 * caller set in tt_vault_open_options) for another process's lock, then fails with TT_EBUSY.  Readers are
 * never blocked by a writer (WAL).  The outermost transaction is BEGIN IMMEDIATE, inner ones
 * are savepoints.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "db.h"
#include "keys.h"
#include "vault_internal.h"
#include "vault_handle.h"

/* Migration 1 is the schema other modules rely on (docs/parts/vault.md); keep it exact and
 * add later changes as new entries (docs/FORMATS.md lists them). */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, doc_id TEXT UNIQUE NOT NULL,"
    " sha256 TEXT UNIQUE NOT NULL, title TEXT, label TEXT, filename TEXT,"
    " media_type TEXT NOT NULL, original BLOB NOT NULL, text TEXT NOT NULL,"
    " words INTEGER NOT NULL, added TEXT NOT NULL);"
    "CREATE TABLE recipients(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, contact TEXT,"
    " unit TEXT, added TEXT NOT NULL);"
    "CREATE TABLE copies(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(id),"
    " recipient INTEGER NOT NULL REFERENCES recipients(id), channels TEXT NOT NULL,"
    " params TEXT NOT NULL, sha256 TEXT NOT NULL, path TEXT, issued TEXT NOT NULL,"
    " UNIQUE(doc, recipient, channels));"
    "CREATE TABLE doc_index(doc INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
    " version INTEGER NOT NULL, fingerprints BLOB NOT NULL);"
    "CREATE TABLE background(hash INTEGER PRIMARY KEY);"
    "CREATE TABLE vetoes(doc INTEGER NOT NULL REFERENCES documents(id), pattern TEXT NOT NULL,"
    " UNIQUE(doc, pattern));"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL,"
    " action TEXT NOT NULL, args TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL,"
    " sig TEXT NOT NULL);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE INDEX copies_recipient ON copies(recipient);"
    "INSERT INTO meta(key, value) VALUES ('format', 'telltale-vault');",
    /* 1 -> 2: every issued copy stays on record.  Migration 1's UNIQUE(doc, recipient,
     * channels) let a re-issue with other params (collusion, exclusions, canaries) replace
     * the record of a copy already handed out; a copy is now identified by its bytes:
     * UNIQUE(doc, recipient, sha256).  SQLite cannot drop a constraint: the table is rebuilt
     * and its rows copied (ids kept). */
    "CREATE TABLE copies2(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(id),"
    " recipient INTEGER NOT NULL REFERENCES recipients(id), channels TEXT NOT NULL,"
    " params TEXT NOT NULL, sha256 TEXT NOT NULL, path TEXT, issued TEXT NOT NULL,"
    " UNIQUE(doc, recipient, sha256));"
    "INSERT OR IGNORE INTO copies2(id, doc, recipient, channels, params, sha256, path, issued)"
    " SELECT id, doc, recipient, channels, params, sha256, path, issued FROM copies ORDER BY id;"
    "DROP TABLE copies;"
    "ALTER TABLE copies2 RENAME TO copies;"
    "CREATE INDEX copies_recipient ON copies(recipient);"
    "CREATE INDEX copies_doc ON copies(doc);",
    /* 2 -> 3: an index of doc_index by version.  Every scan, verify and trace asks whether
     * each document is indexed at the current version; without it that question reads every
     * doc_index row (each carries its fingerprint blob: ~40 MB for 10,000 documents), with it
     * it reads a few index pages. */
    "CREATE INDEX IF NOT EXISTS doc_index_version ON doc_index(version);",
    /* 3 -> 4: records bound to the signed log (bind.c).  Each background row belongs to the
     * batch one logged `index --background` entry added, so a batch's digest can be checked
     * against that entry; rows from before are batch 0, bound by the "rebind" entry that
     * tt_vault_open() writes once for a vault upgraded from schema 3 or older. */
    "ALTER TABLE background ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX background_batch ON background(batch);",
    /* 4 -> 5 (casework): a document or a recipient can be retired: no longer issued, still
     * detected and traced.  NULL: active; else the UTC time of retirement.  The column is
     * bound (bind.c hashes it only when set, so rows of older vaults keep their digests). */
    "ALTER TABLE documents ADD COLUMN retired TEXT;"
    "ALTER TABLE recipients ADD COLUMN retired TEXT;",
    /* 5 -> 6 (watch): findings recorded by `watch` and `collect`, one row per (source, post,
     * document, spans): a post delivered twice (at-least-once delivery, a restarted worker)
     * records nothing new.  Each row is bound (bind.c, kind "finding", key its id) by the
     * "findings" entry that wrote it.  watch_cursors: where each watched source stopped (a
     * folder file's device, inode, byte offset and line), written in the transaction that
     * records the findings before it; a cursor is no evidence, so it is not bound.  IF NOT
     * EXISTS: a vault of the unmerged watch branch already has both tables. */
    "CREATE TABLE IF NOT EXISTS findings(id INTEGER PRIMARY KEY, source TEXT NOT NULL,"
    " post TEXT NOT NULL, doc TEXT NOT NULL, leak_start INTEGER NOT NULL,"
    " leak_end INTEGER NOT NULL, doc_start INTEGER NOT NULL, doc_end INTEGER NOT NULL,"
    " matched_words INTEGER NOT NULL, coverage REAL NOT NULL, chance REAL NOT NULL,"
    " fingerprint TEXT NOT NULL, time TEXT NOT NULL, json TEXT NOT NULL,"
    " UNIQUE(source, post, doc, leak_start, leak_end, doc_start, doc_end));"
    "CREATE INDEX IF NOT EXISTS findings_time ON findings(time);"
    "CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc);"
    "CREATE TABLE IF NOT EXISTS watch_cursors(source TEXT PRIMARY KEY, value TEXT NOT NULL,"
    " updated TEXT NOT NULL);",
    /* 6 -> 7 (vault size): documents without the UNIQUE index on sha256 (81 bytes a document,
     * 8% of the registered text): add finds a registered content by its id instead (an id
     * is "d" and a prefix of the SHA-256, vault_docs.c), in the write transaction.  Only an
     * empty table is rebuilt (DOCS_REBUILD_7, in tt_db__migrate): rebuilding a filled one
     * would rewrite every document, leave the file larger until `compact`, and need foreign
     * keys off, outside a transaction; such a vault keeps its index, which costs only space. */
    "",
    /* 7 -> 8 (vault size at 1,000 documents): every table and index takes at least one page
     * (16 KiB), so a vault that uses few features paid for all of them (21 pages, 0.35x the
     * text of 1,000 documents).  meta and watch_cursors, keyed by text, become WITHOUT ROWID
     * tables (their rows are the key's b-tree: no second index); and the indexes of tables
     * that hold nothing until a feature is used (findings, copies, background: LAZY_INDEXES)
     * are dropped while their table is empty (in tt_db__migrate) and made again with the
     * table's first row (tt_vault__lazy_indexes).  Queries are unchanged: an absent index of
     * an empty table changes no answer.  Rows are copied, so any vault can take it.  And the
     * index doc_index_version (migration 3) goes: since index version 4 a doc_index row holds
     * no fingerprints (a few bytes), so the index was as large as its table (147,456 bytes
     * each at 10,000 documents) and counting the rows of a version reads as much either way. */
    "DROP INDEX IF EXISTS doc_index_version;"
    "CREATE TABLE meta8(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "INSERT INTO meta8(key, value) SELECT key, value FROM meta;"
    "DROP TABLE meta;"
    "ALTER TABLE meta8 RENAME TO meta;"
    "CREATE TABLE watch_cursors8(source TEXT PRIMARY KEY, value TEXT NOT NULL,"
    " updated TEXT NOT NULL) WITHOUT ROWID;"
    "INSERT INTO watch_cursors8(source, value, updated)"
    " SELECT source, value, updated FROM watch_cursors;"
    "DROP TABLE watch_cursors;"
    "ALTER TABLE watch_cursors8 RENAME TO watch_cursors;",
};

/* The indexes of the tables that hold nothing until a feature is used (migration 8): made
 * with the table's first row (tt_vault__lazy_indexes), dropped by migration 8 while the table
 * is empty. */
static const struct {
    const char *table, *create, *drop;
} LAZY_INDEXES[] = {
    {"findings",
     "CREATE INDEX IF NOT EXISTS findings_time ON findings(time);"
     "CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc);",
     "DROP INDEX IF EXISTS findings_time; DROP INDEX IF EXISTS findings_doc;"},
    {"copies",
     "CREATE INDEX IF NOT EXISTS copies_recipient ON copies(recipient);"
     "CREATE INDEX IF NOT EXISTS copies_doc ON copies(doc);",
     "DROP INDEX IF EXISTS copies_recipient; DROP INDEX IF EXISTS copies_doc;"},
    {"background", "CREATE INDEX IF NOT EXISTS background_batch ON background(batch);",
     "DROP INDEX IF EXISTS background_batch;"},
};

/* Migration 6 -> 7 on a vault without documents: the table again, sha256 not UNIQUE. */
#define DOCS_REBUILD_7                                                                             \
    "CREATE TABLE documents7(id INTEGER PRIMARY KEY, doc_id TEXT UNIQUE NOT NULL,"                 \
    " sha256 TEXT NOT NULL, title TEXT, label TEXT, filename TEXT,"                                \
    " media_type TEXT NOT NULL, original BLOB NOT NULL, text TEXT NOT NULL,"                       \
    " words INTEGER NOT NULL, added TEXT NOT NULL, retired TEXT);"                                 \
    "DROP TABLE documents;"                                                                        \
    "ALTER TABLE documents7 RENAME TO documents;"

int
tt_db__schema(void)
{
    return (int)TT_ARRAY_LEN(migrations);
}
#define TT_DB_SCHEMA tt_db__schema()

int
tt_vault__dberr(tt_vault *v, const char *what)
{
    int rc = sqlite3_errcode(v->db);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return tt__error(&v->err, TT_EBUSY, "cannot %s: database is locked by another process",
                         what);
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        return tt__error(&v->err, TT_ENOTVAULT, "cannot %s: '%s/" TT_VAULT_DB "': %s", what,
                         v->dir, sqlite3_errmsg(v->db));
    return tt__error(&v->err, TT_EDB, "cannot %s: %s", what, sqlite3_errmsg(v->db));
}

sqlite3 *
tt_vault__db(tt_vault *v)
{
    return v->db;
}

tt_err *
tt_vault__err(tt_vault *v)
{
    return &v->err;
}
char *
tt_vault__path(const tt_vault *v, const char *name)
{
    tt_buf b;
    tt_buf_init(&b);
    if (tt_buf_printf(&b, "%s/%s", v->dir, name)) {
        tt_buf_release(&b);
        return NULL;
    }
    return tt_buf_detach(&b, NULL);
}

void
tt_vault__now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- transactions ---- */

int
tt_vault__begin(tt_vault *v)
{
    char sql[48];
    if (v->depth == 0)
        snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT tt_%d", v->depth);
    if (sqlite3_exec(v->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "write to the vault");
    v->depth++;
    return 0;
}

int
tt_vault__commit(tt_vault *v)
{
    if (v->depth <= 0)
        return tt__error(&v->err, TT_EINVAL, "commit without a transaction");
    char sql[48];
    if (v->depth == 1)
        snprintf(sql, sizeof sql, "COMMIT");
    else
        snprintf(sql, sizeof sql, "RELEASE tt_%d", v->depth - 1);
    if (sqlite3_exec(v->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        int rc = tt_vault__dberr(v, "commit to the vault");
        tt_vault__rollback(v);
        return rc;
    }
    v->depth--;
    return 0;
}

void
tt_vault__rollback(tt_vault *v)
{
    if (v->depth <= 0)
        return;
    char sql[64];
    if (v->depth == 1)
        snprintf(sql, sizeof sql, "ROLLBACK");
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO tt_%d; RELEASE tt_%d", v->depth - 1,
                 v->depth - 1);
    /* Keep the message of the failure that led here: the rollback's own error is secondary. */
    sqlite3_exec(v->db, sql, NULL, NULL, NULL);
    v->depth--;
}

int
tt_db__open(tt_vault *v, int flags)
{
    char *path = tt_vault__path(v, TT_VAULT_DB);
    if (!path)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    int rc = sqlite3_open_v2(path, &v->db, flags | SQLITE_OPEN_FULLMUTEX, NULL);
    free(path);
    if (rc != SQLITE_OK) {
        if (!v->db)
            return tt__error(&v->err, TT_ENOMEM, "out of memory");
        return tt__error(&v->err, TT_EDB, "cannot open '%s/" TT_VAULT_DB "': %s", v->dir,
                         sqlite3_errmsg(v->db));
    }
    sqlite3_extended_result_codes(v->db, 0);
    sqlite3_busy_timeout(v->db, v->busy_ms);
    if (sqlite3_exec(v->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "open the vault");
    return 0;
}

int
tt_db__user_version(tt_vault *v, int *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "open the vault");
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return tt_vault__dberr(v, "open the vault");
    }
    *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* 1 into *out when table t (documents, or one of LAZY_INDEXES) has no row. */
static int
table_empty(tt_vault *v, const char *t, int *out)
{
    char q[96];
    snprintf(q, sizeof q, "SELECT NOT EXISTS(SELECT 1 FROM %s)", t);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, q, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return tt_vault__dberr(v, "upgrade the vault schema");
    }
    *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* Migration 7 -> 8's part that depends on the rows: drop the lazy indexes of empty tables. */
static int
drop_lazy_indexes(tt_vault *v)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(LAZY_INDEXES); i++) {
        int empty = 0, rc = table_empty(v, LAZY_INDEXES[i].table, &empty);
        if (rc)
            return rc;
        if (empty && sqlite3_exec(v->db, LAZY_INDEXES[i].drop, NULL, NULL, NULL) != SQLITE_OK)
            return tt_vault__dberr(v, "upgrade the vault schema");
    }
    return 0;
}

int
tt_vault__lazy_indexes(tt_vault *v, const char *table)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(LAZY_INDEXES); i++)
        if (strcmp(LAZY_INDEXES[i].table, table) == 0) {
            if (sqlite3_exec(v->db, LAZY_INDEXES[i].create, NULL, NULL, NULL) != SQLITE_OK)
                return tt_vault__dberr(v, "index the vault");
            return 0;
        }
    return tt__error(&v->err, TT_EINVAL, "no lazy indexes for table '%s'", table);
}

/* Bring the schema to TT_DB_SCHEMA, one transaction per step. */
int
tt_db__migrate(tt_vault *v)
{
    int ver, rc;
    if ((rc = tt_db__user_version(v, &ver)))
        return rc;
    if (ver > TT_DB_SCHEMA)
        return tt__error(&v->err, TT_ENOTVAULT,
                         "vault '%s' has schema version %d; this telltale knows up to %d "
                         "(upgrade telltale)",
                         v->dir, ver, TT_DB_SCHEMA);
    while (ver < TT_DB_SCHEMA) {
        if ((rc = tt_vault__begin(v)))
            return rc;
        /* Re-read inside the write lock: another process may have migrated meanwhile. */
        if ((rc = tt_db__user_version(v, &ver))) {
            tt_vault__rollback(v);
            return rc;
        }
        if (ver >= TT_DB_SCHEMA) {
            tt_vault__rollback(v);
            break;
        }
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", ver + 1);
        int empty = 0;
        if (ver == 6 && (rc = table_empty(v, "documents", &empty))) {
            tt_vault__rollback(v);
            return rc;
        }
        if (sqlite3_exec(v->db, migrations[ver], NULL, NULL, NULL) != SQLITE_OK ||
            (empty && sqlite3_exec(v->db, DOCS_REBUILD_7, NULL, NULL, NULL) != SQLITE_OK) ||
            sqlite3_exec(v->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
            rc = tt_vault__dberr(v, "upgrade the vault schema");
            tt_vault__rollback(v);
            return rc;
        }
        if (ver == 7 && (rc = drop_lazy_indexes(v))) {
            tt_vault__rollback(v);
            return rc;
        }
        if ((rc = tt_vault__commit(v)))
            return rc;
        ver++;
    }
    return 0;
}

/* 1 when the database says it is a telltale vault, 0 when not, or a TT_E* code when it could
 * not be read (out of memory is not "not a vault"). */
int
tt_db__is_vault(tt_vault *v)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;
    int rc = sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE key='format'", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(st, 0);
        if (!s && sqlite3_errcode(v->db) == SQLITE_NOMEM)
            ok = tt__error(&v->err, TT_ENOMEM, "out of memory");
        else
            ok = s && strcmp((const char *)s, "telltale-vault") == 0;
    } else if (rc == SQLITE_NOMEM) {
        ok = tt_vault__dberr(v, "open the vault");
    }
    sqlite3_finalize(st);
    return ok;
}

int
tt_vault__mark_key(tt_vault *v, const unsigned char **out)
{
    return tt_keys__mark(&v->keys, v->dir, &v->err, out);
}
