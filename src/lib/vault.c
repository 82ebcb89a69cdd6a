/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault.c: the vault handle: creating and opening the directory, the SQLite database and its
 * schema migrations, transactions, and the error plumbing every vault file shares.
 *
 * Invariants: a directory is a vault when it holds vault.db (with meta.format =
 * 'telltale-vault'), secret.key, mark.key and vault.pub.  The schema version is PRAGMA
 * user_version; migrations[i] takes version i to i + 1, each in one transaction, so an old
 * vault is upgraded when opened.  The database runs in WAL mode with foreign keys on; a writer
 * waits up to the busy timeout (5 s, or TELLTALE_BUSY_TIMEOUT_MS) for another process's lock,
 * then fails with TT_EBUSY.  Readers are never blocked by a writer (WAL).  init builds the
 * whole vault in a directory beside the target and renames it into place, so a vault
 * directory is absent or complete (tt_vault_init).
 *
 * Workload: one handle per command; opening costs a few file reads and pragmas.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keys.h"
#include "vault_internal.h"
#include "vault_priv.h"
#include "common.h"
#include "telltale/file.h"

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
    /* ---- watch (lane `watch`, issue 14): renumbered at merge ----
     * findings recorded by `watch` and `collect`, one row per (source, post, document, span):
     * a post delivered twice (at-least-once delivery, a restarted worker) records nothing new.
     * watch_cursors: where each watched source stopped (a folder file's device, inode, byte
     * offset and line), written in the transaction that records the findings before it. */
    "CREATE TABLE IF NOT EXISTS findings(id INTEGER PRIMARY KEY, source TEXT NOT NULL, post TEXT NOT NULL,"
    " doc TEXT NOT NULL, leak_start INTEGER NOT NULL, leak_end INTEGER NOT NULL,"
    " doc_start INTEGER NOT NULL, doc_end INTEGER NOT NULL, matched_words INTEGER NOT NULL,"
    " coverage REAL NOT NULL, chance REAL NOT NULL, fingerprint TEXT NOT NULL,"
    " time TEXT NOT NULL, json TEXT NOT NULL,"
    " UNIQUE(source, post, doc, leak_start, leak_end, doc_start, doc_end));"
    "CREATE INDEX IF NOT EXISTS findings_time ON findings(time);"
    "CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc);"
    "CREATE TABLE IF NOT EXISTS watch_cursors(source TEXT PRIMARY KEY, value TEXT NOT NULL,"
    " updated TEXT NOT NULL);",
    /* ---- end of lane `watch` ---- */
};
#define SCHEMA_VERSION ((int)TT_ARRAY_LEN(migrations))

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

const char *
tt_vault_errmsg(const tt_vault *v)
{
    return v ? tt__errmsg(&v->err) : "out of memory";
}

const char *
tt_vault_dir(const tt_vault *v)
{
    return v->dir;
}

const char *
tt_vault_key_id(const tt_vault *v)
{
    return v->keyid_hex;
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

/* ---- opening ---- */

static int
busy_timeout_ms(void)
{
    const char *s = getenv("TELLTALE_BUSY_TIMEOUT_MS");
    if (s && *s) {
        char *end;
        long ms = strtol(s, &end, 10);
        if (*end == '\0' && ms >= 0 && ms <= 3600000)
            return (int)ms;
    }
    return 5000;
}

static int
handle_new(tt_vault **out, const char *dir)
{
    *out = NULL;
    if (sodium_init() < 0)
        return TT_ENOMEM;
    tt_vault *v = calloc(1, sizeof *v);
    if (!v)
        return TT_ENOMEM;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    v->dir = malloc(n + 1);
    if (!v->dir) {
        free(v);
        return TT_ENOMEM;
    }
    memcpy(v->dir, dir, n);
    v->dir[n] = '\0';
    *out = v;
    return 0;
}

static int
db_open(tt_vault *v, int flags)
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
    sqlite3_busy_timeout(v->db, busy_timeout_ms());
    if (sqlite3_exec(v->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "open the vault");
    return 0;
}

static int
user_version(tt_vault *v, int *out)
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

/* Bring the schema to SCHEMA_VERSION, one transaction per step. */
static int
migrate(tt_vault *v)
{
    int ver, rc;
    if ((rc = user_version(v, &ver)))
        return rc;
    if (ver > SCHEMA_VERSION)
        return tt__error(&v->err, TT_ENOTVAULT,
                         "vault '%s' has schema version %d; this telltale knows up to %d "
                         "(upgrade telltale)",
                         v->dir, ver, SCHEMA_VERSION);
    while (ver < SCHEMA_VERSION) {
        if ((rc = tt_vault__begin(v)))
            return rc;
        /* Re-read inside the write lock: another process may have migrated meanwhile. */
        if ((rc = user_version(v, &ver))) {
            tt_vault__rollback(v);
            return rc;
        }
        if (ver >= SCHEMA_VERSION) {
            tt_vault__rollback(v);
            break;
        }
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", ver + 1);
        if (sqlite3_exec(v->db, migrations[ver], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(v->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
            rc = tt_vault__dberr(v, "upgrade the vault schema");
            tt_vault__rollback(v);
            return rc;
        }
        if ((rc = tt_vault__commit(v)))
            return rc;
        ver++;
    }
    return 0;
}

static int
is_telltale_db(tt_vault *v)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE key='format'", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(st, 0);
        ok = s && strcmp((const char *)s, "telltale-vault") == 0;
    }
    sqlite3_finalize(st);
    return ok;
}

static int
exists(const char *dir, const char *name)
{
    tt_buf b;
    tt_buf_init(&b);
    if (tt_buf_printf(&b, "%s/%s", dir, name)) {
        tt_buf_release(&b);
        return 0;
    }
    struct stat st;
    int r = stat(b.data, &st) == 0 && S_ISREG(st.st_mode);
    tt_buf_release(&b);
    return r;
}

int
tt_vault_open(tt_vault **out, const char *dir)
{
    if (!dir)
        return TT_EINVAL;
    int rc = handle_new(out, dir);
    if (rc)
        return rc;
    tt_vault *v = *out;
    struct stat st;
    if (stat(v->dir, &st) != 0 || !S_ISDIR(st.st_mode) || !exists(v->dir, TT_VAULT_DB))
        return tt__error(&v->err, TT_ENOTVAULT,
                         "'%s' is not a telltale vault (run 'telltale init')", v->dir);
    static const char *const keys[] = {TT_VAULT_SECRET, TT_VAULT_MARK, TT_VAULT_PUB};
    for (size_t i = 0; i < TT_ARRAY_LEN(keys); i++)
        if (!exists(v->dir, keys[i]))
            return tt__error(&v->err, TT_ENOTVAULT, "vault '%s' is damaged: '%s' is missing",
                             v->dir, keys[i]);
    if ((rc = db_open(v, SQLITE_OPEN_READWRITE)))
        return rc;
    int ver;
    if ((rc = user_version(v, &ver)))
        return rc;
    if (ver == 0 || !is_telltale_db(v))
        return tt__error(&v->err, TT_ENOTVAULT,
                         "'%s' is not a telltale vault (run 'telltale init')", v->dir);
    if ((rc = migrate(v)))
        return rc;
    if ((rc = tt_keys__load_public(v)))
        return rc;
    tt__error_clear(&v->err);
    return 0;
}

/* The files a vault under construction may hold; nothing else is removed from one. */
static const char *const build_files[] = {TT_VAULT_DB,     "vault.db-wal", "vault.db-shm",
                                          "vault.db-journal", TT_VAULT_SECRET, TT_VAULT_MARK,
                                          TT_VAULT_PUB};

/* Remove a vault under construction: its known files, tt_file_write temporaries, then the
 * directory (which stays if anything else is in it). */
static void
remove_build(const char *dir)
{
    tt_buf b;
    tt_buf_init(&b);
    for (size_t i = 0; i < TT_ARRAY_LEN(build_files); i++) {
        b.len = 0;
        if (tt_buf_printf(&b, "%s/%s", dir, build_files[i]) == 0)
            unlink(b.data);
    }
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        b.len = 0;
        if (tt_file_is_temp(de->d_name) && tt_buf_printf(&b, "%s/%s", dir, de->d_name) == 0)
            unlink(b.data);
    }
    if (d)
        closedir(d);
    tt_buf_release(&b);
    rmdir(dir);
}

/* parent directory and last component of a path without trailing slashes */
static int
split_path(const char *path, char **parent, const char **base)
{
    const char *sl = strrchr(path, '/');
    *base = sl ? sl + 1 : path;
    size_t n = sl ? (sl == path ? 1 : (size_t)(sl - path)) : 1;
    if (!(*parent = malloc(n + 1)))
        return TT_ENOMEM;
    memcpy(*parent, sl ? path : ".", n);
    (*parent)[n] = '\0';
    return 0;
}

/* Remove what an init killed before it finished left in parent: ".BASE.init-PID-XXXXXX"
 * directories whose process is gone (a live one may be another init at work). */
static void
remove_stale_builds(const char *parent, const char *base)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    tt_buf pre, p;
    tt_buf_init(&pre);
    tt_buf_init(&p);
    if (tt_buf_printf(&pre, ".%s.init-", base) == 0) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (strncmp(de->d_name, pre.data, pre.len) != 0)
                continue;
            char *end;
            long pid = strtol(de->d_name + pre.len, &end, 10);
            if (pid <= 0 || *end != '-' || strlen(end) != 7)
                continue;
            if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
                continue;
            p.len = 0;
            if (tt_buf_printf(&p, "%s/%s", parent, de->d_name) == 0)
                remove_build(p.data);
        }
    }
    closedir(d);
    tt_buf_release(&pre);
    tt_buf_release(&p);
}

/* Why an existing directory cannot become a vault: 0 when it is empty. */
static int
check_target(tt_vault *v)
{
    struct stat st;
    if (stat(v->dir, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        return tt__error(&v->err, TT_EIO, "cannot create '%s': %s", v->dir,
                         tt_errno_text(errno));
    }
    if (!S_ISDIR(st.st_mode))
        return tt__error(&v->err, TT_EINVAL, "cannot create a vault in '%s': not a directory",
                         v->dir);
    if (exists(v->dir, TT_VAULT_DB))
        return tt__error(&v->err, TT_EEXIST,
                         "'%s' is a telltale vault already: refusing to overwrite it", v->dir);
    DIR *d = opendir(v->dir);
    if (!d)
        return tt__error(&v->err, TT_EIO, "cannot read '%s': %s", v->dir, tt_errno_text(errno));
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        const char *n = de->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
            continue;
        if (strcmp(n, TT_VAULT_SECRET) == 0 || strcmp(n, TT_VAULT_MARK) == 0 ||
            strcmp(n, TT_VAULT_PUB) == 0)
            rc = tt__error(&v->err, TT_EEXIST, "'%s/%s' exists: refusing to overwrite a key file",
                           v->dir, n);
        else
            rc = tt__error(&v->err, TT_EEXIST,
                           "cannot create a vault in '%s': it is not empty (it holds '%s')",
                           v->dir, n);
    }
    closedir(d);
    return rc;
}

/* fsync a directory (durable names); file systems that refuse it are not an error. */
static int
sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP ? -1 : 0;
    close(fd);
    return rc;
}

/* Init builds the whole vault (keys, database, first log entry) in a fresh directory beside
 * the target, ".NAME.init-PID-XXXXXX", and renames it into place: a vault directory either
 * does not exist or is complete, so an init killed at any moment never leaves a half vault
 * that blocks the next init; the next init removes the dead one's leftovers. */
int
tt_vault_init(tt_vault **out, const char *dir)
{
    if (!dir)
        return TT_EINVAL;
    int rc = handle_new(out, dir);
    if (rc)
        return rc;
    tt_vault *v = *out;
    char *final = v->dir, *parent = NULL, *build = NULL;
    const char *base;
    int built = 0;
    if ((rc = check_target(v)))
        return rc;
    if (split_path(final, &parent, &base)) {
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        goto out;
    }
    remove_stale_builds(parent, base);
    size_t bl = strlen(final) + 64;
    if (!(build = malloc(bl))) {
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(build, bl, "%s/.%s.init-%ld-XXXXXX", parent, base, (long)getpid());
    if (!mkdtemp(build)) {
        rc = tt__error(&v->err, TT_EIO, "cannot create '%s': %s", final, tt_errno_text(errno));
        goto out;
    }
    built = 1;
    v->dir = build;
    if ((rc = tt_keys__create(v)))
        goto out;
    /* vault.db is created 0600 before SQLite opens it (its -wal and -shm take its mode) */
    char *dbpath = tt_vault__path(v, TT_VAULT_DB);
    int fd = dbpath ? open(dbpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)
                    : -1;
    if (fd < 0) {
        rc = dbpath ? tt__error(&v->err, TT_EIO, "cannot create '%s': %s", dbpath,
                                tt_errno_text(errno))
                    : tt__error(&v->err, TT_ENOMEM, "out of memory");
        free(dbpath);
        goto out;
    }
    close(fd);
    free(dbpath);
    if ((rc = db_open(v, SQLITE_OPEN_READWRITE)))
        goto out;
    if (sqlite3_exec(v->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "create the vault");
        goto out;
    }
    if ((rc = migrate(v)))
        goto out;
    char args[96];
    snprintf(args, sizeof args, "{\"key_id\":\"%s\",\"schema\":%d}", v->keyid_hex,
             SCHEMA_VERSION);
    if ((rc = tt_vault_log_append(v, "init", args)))
        goto out;
    /* closing the only connection checkpoints the WAL into vault.db and syncs it */
    if (sqlite3_close(v->db) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "create the vault");
        goto out;
    }
    v->db = NULL;
    if (sync_dir(build) != 0) {
        rc = tt__error(&v->err, TT_EIO, "cannot create '%s': %s", final, tt_errno_text(errno));
        goto out;
    }
    /* the commit point: replaces nothing but an empty directory */
    if (rename(build, final) != 0) {
        int e = errno;
        rc = e == EEXIST || e == ENOTEMPTY
                 ? tt__error(&v->err, TT_EEXIST,
                             "cannot create a vault in '%s': something was created there "
                             "meanwhile",
                             final)
                 : tt__error(&v->err, TT_EIO, "cannot create '%s': %s", final, tt_errno_text(e));
        goto out;
    }
    built = 0;
    v->dir = final;
    if (sync_dir(parent) != 0) {
        rc = tt__error(&v->err, TT_EIO, "cannot create '%s': %s", final, tt_errno_text(errno));
        goto out;
    }
    if ((rc = db_open(v, SQLITE_OPEN_READWRITE)))
        goto out;
    tt__error_clear(&v->err);
out:
    if (v->db && built) {
        sqlite3_close_v2(v->db);
        v->db = NULL;
    }
    if (built)
        remove_build(build);
    v->dir = final;
    free(build);
    free(parent);
    return rc;
}

void
tt_vault_free(tt_vault *v)
{
    if (!v)
        return;
    while (v->depth > 0)
        tt_vault__rollback(v);
    if (v->db)
        sqlite3_close_v2(v->db);
    /* sodium_free wipes the memory before releasing it. */
    if (v->sk)
        sodium_free(v->sk);
    if (v->mk)
        sodium_free(v->mk);
    sodium_memzero(v->pk, sizeof v->pk);
    free(v->dir);
    free(v);
}
