/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault.c: the vault handle's top: creating (init) and opening the vault directory, freeing
 * the handle, its public accessors, signatures and compaction (tt_vault_compact: VACUUM into
 * 16 KiB pages, for a vault an upgrade left with freed or 4 KiB pages).  It stands on the
 * database core (db.c), the keys (keys.c), the audit log (audit.c) and the bound records
 * (bind.c); none of them calls back into it.
 *
 * Invariants: a directory is a vault when it holds vault.db (with meta.format =
 * 'telltale-vault'), secret.key, mark.key and vault.pub.  Opening upgrades an old schema
 * (db.c).  init builds the whole vault in a directory beside the target and renames it into
 * place, so a vault directory is absent or complete (tt_vault_init).
 *
 * Workload: one handle per command; opening costs a few file reads and pragmas; compaction
 * rewrites the whole database once (SQLite's VACUUM: one transaction).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "db.h"
#include "fileio.h"
#include "keys.h"
#include "vault_internal.h"
#include "vault_handle.h"
#include "common.h"
#include "extract_internal.h"
#include "telltale/file.h"

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
    return v->keys.keyid_hex;
}

/* ---- opening ---- */

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
    v->busy_ms = 5000;
    *out = v;
    return 0;
}

/* dir/name is a regular file (the path on the stack: no allocation to fail). */
static int
exists(const char *dir, const char *name)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path)
        return 0;
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
tt_vault_open(tt_vault **out, const char *dir)
{
    return tt_vault_open_with(out, dir, NULL);
}

int
tt_vault_open_with(tt_vault **out, const char *dir, const tt_vault_open_options *opts)
{
    *out = NULL;
    if (!dir || (opts && (opts->version != TT_VAULT_OPEN_OPTIONS_VERSION ||
                          opts->busy_timeout_ms < -1 || opts->busy_timeout_ms > 3600000)))
        return TT_EINVAL;
    int rc = handle_new(out, dir);
    if (rc)
        return rc;
    tt_vault *v = *out;
    if (opts && opts->busy_timeout_ms >= 0)
        v->busy_ms = opts->busy_timeout_ms;
    struct stat st;
    if (stat(v->dir, &st) != 0 || !S_ISDIR(st.st_mode) || !exists(v->dir, TT_VAULT_DB))
        return tt__error(&v->err, TT_ENOTVAULT,
                         "'%s' is not a telltale vault (run 'telltale init')", v->dir);
    static const char *const keys[] = {TT_VAULT_SECRET, TT_VAULT_MARK, TT_VAULT_PUB};
    for (size_t i = 0; i < TT_ARRAY_LEN(keys); i++)
        if (!exists(v->dir, keys[i]))
            return tt__error(&v->err, TT_ENOTVAULT, "vault '%s' is damaged: '%s' is missing",
                             v->dir, keys[i]);
    if ((rc = tt_db__open(v, SQLITE_OPEN_READWRITE)))
        return rc;
    int ver;
    if ((rc = tt_db__user_version(v, &ver)))
        return rc;
    int is_tt = ver == 0 ? 0 : tt_db__is_vault(v);
    if (is_tt < 0)
        return is_tt;
    if (!is_tt)
        return tt__error(&v->err, TT_ENOTVAULT,
                         "'%s' is not a telltale vault (run 'telltale init')", v->dir);
    if ((rc = tt_db__migrate(v)))
        return rc;
    if ((rc = tt_keys__load_public(&v->keys, v->dir, &v->err)))
        return rc;
    if ((rc = tt_bind__rebind(v)))
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

/* Init builds the whole vault (keys, database, first log entry) in a fresh directory beside
 * the target, ".NAME.init-PID-XXXXXX", and renames it into place: a vault directory either
 * does not exist or is complete, so an init killed at any moment never leaves a half vault
 * that blocks the next init; the next init removes the dead one's leftovers. */
int
tt_vault_init(tt_vault **out, const char *dir)
{
    return tt_vault_init_with(out, dir, NULL);
}

int
tt_vault_init_with(tt_vault **out, const char *dir, const tt_vault_init_options *opts)
{
    *out = NULL;
    if (!dir || (opts && opts->version != TT_VAULT_INIT_OPTIONS_VERSION))
        return TT_EINVAL;
    const void *seed = opts ? opts->test_key_seed : NULL;
    size_t seed_len = opts ? opts->test_key_seed_len : 0;
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
    if ((rc = tt_keys__create(&v->keys, v->dir, &v->err, seed, seed_len)))
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
    if ((rc = tt_db__open(v, SQLITE_OPEN_READWRITE)))
        goto out;
    /* 16 KiB pages (before WAL, while the file is empty): documents rows of 1 to 4 KB left
     * 4 KiB pages 40% empty (one row per page); bench/results/index-size.md */
    if (sqlite3_exec(v->db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL", NULL, NULL,
                     NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "create the vault");
        goto out;
    }
    if ((rc = tt_db__migrate(v)))
        goto out;
    /* the init entry binds the marking key: a replaced mark.key is caught (bind.c) */
    char fp[65], args[320];
    if ((rc = tt_bind__mark_key_fp(v, fp)))
        goto out;
    snprintf(args, sizeof args,
             "{\"key_id\":\"%s\",\"schema\":%d,"
             "\"bind\":[[\"" TT_BIND_MARK_KEY "\",\"" TT_VAULT_MARK "\",\"%s\"]]%s}",
             v->keys.keyid_hex, tt_db__schema(), fp, seed ? ",\"test_keys\":true" : "");
    if ((rc = tt_vault_log_append(v, "init", args)))
        goto out;
    /* closing the only connection checkpoints the WAL into vault.db and syncs it */
    if (sqlite3_close(v->db) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "create the vault");
        goto out;
    }
    v->db = NULL;
    if (tt_file__sync_dir(build) != 0) {
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
    if (tt_file__sync_dir(parent) != 0) {
        rc = tt__error(&v->err, TT_EIO, "cannot create '%s': %s", final, tt_errno_text(errno));
        goto out;
    }
    if ((rc = tt_db__open(v, SQLITE_OPEN_READWRITE)))
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
    tt_bind__forget(v);
    if (v->db)
        sqlite3_close_v2(v->db);
    tt_keys__release(&v->keys);
    free((char *)v->xopts.tessdata);
    free(v->dir);
    free(v);
}

TT_API int
tt_vault_set_extract(tt_vault *v, const tt_extract_opts *opts)
{
    static const tt_extract_opts none = {0};
    char *td = NULL;
    if (!opts)
        opts = &none;
    if (opts->tessdata && !(td = strdup(opts->tessdata)))
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    free((char *)v->xopts.tessdata);
    v->xopts = *opts;
    v->xopts.tessdata = td;
    return 0;
}

const tt_extract_opts *
tt_vault__extract_opts(const tt_vault *v)
{
    return &v->xopts;
}

int
tt_vault_sign(tt_vault *v, const void *data, size_t len, const char *trusted_comment,
              char **out)
{
    return tt_keys__minisign(&v->keys, v->dir, &v->err, data, len, trusted_comment, out);
}

int
tt_vault_sign_check(tt_vault *v, const void *data, size_t len, const char *sig_text)
{
    return tt_keys__minisign_check(&v->keys, &v->err, data, len, sig_text);
}

/* ---- compaction ---- */

#define TT_VAULT_PAGE_SIZE 16384 /* as init makes them */

/* Bytes of vault.db and its -wal file now. */
static int64_t
db_bytes(const tt_vault *v)
{
    int64_t n = 0;
    static const char *const names[] = {TT_VAULT_DB, "vault.db-wal"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *p = tt_vault__path(v, names[i]);
        struct stat st;
        if (p && stat(p, &st) == 0)
            n += (int64_t)st.st_size;
        free(p);
    }
    return n;
}

/* The first column of pragma q as an integer (-1 when it cannot be read). */
static int64_t
pragma_int(tt_vault *v, const char *q)
{
    sqlite3_stmt *st = NULL;
    int64_t x = -1;
    if (sqlite3_prepare_v2(v->db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        x = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return x;
}

/* Set the journal mode; 0 when the database is in it afterwards. */
static int
journal_mode(tt_vault *v, const char *mode)
{
    char q[48];
    snprintf(q, sizeof q, "PRAGMA journal_mode=%s", mode);
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(v->db, q, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        ok = m && strcasecmp(m, mode) == 0;
    }
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

int
tt_vault_compact(tt_vault *v, tt_vault_compact_info *out)
{
    memset(out, 0, sizeof *out);
    if (v->depth > 0)
        return tt__error(&v->err, TT_EINVAL, "cannot compact the vault inside a transaction");
    (void)sqlite3_exec(v->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    out->bytes_before = db_bytes(v);
    out->page_size_before = pragma_int(v, "PRAGMA page_size");
    out->free_pages_before = pragma_int(v, "PRAGMA freelist_count");
    int rc = 0;
    if (out->page_size_before != TT_VAULT_PAGE_SIZE) {
        /* a new page size needs the rollback journal: WAL keeps the old one.  Only a
         * connection that has the database to itself may leave WAL mode. */
        if (journal_mode(v, "delete") != 0) {
            (void)journal_mode(v, "wal");
            return tt__error(&v->err, TT_EBUSY,
                             "cannot compact '%s': another process has the vault open (the "
                             "page size changes only while no other telltale runs)",
                             v->dir);
        }
        char q[64];
        snprintf(q, sizeof q, "PRAGMA page_size=%d", TT_VAULT_PAGE_SIZE);
        if (sqlite3_exec(v->db, q, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(v->db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
            rc = tt_vault__dberr(v, "compact the vault");
        if (journal_mode(v, "wal") != 0 && rc == 0)
            rc = tt_vault__dberr(v, "compact the vault");
    } else if (sqlite3_exec(v->db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "compact the vault");
    }
    if (rc)
        return rc;
    (void)sqlite3_exec(v->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    out->page_size = pragma_int(v, "PRAGMA page_size");
    char args[256];
    snprintf(args, sizeof args,
             "{\"bytes_before\":%lld,\"page_size_before\":%lld,\"free_pages_before\":%lld,"
             "\"page_size\":%lld}",
             (long long)out->bytes_before, (long long)out->page_size_before,
             (long long)out->free_pages_before, (long long)out->page_size);
    if ((rc = tt_vault_log_append(v, "compact", args)))
        return rc;
    (void)sqlite3_exec(v->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    out->bytes_after = db_bytes(v);
    tt__error_clear(&v->err);
    return 0;
}
