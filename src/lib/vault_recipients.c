/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_recipients.c: the people who receive marked copies: add one, import a CSV list, list, find.
 *
 * Invariants: names are unique (the schema says so); a recipient's row id is their row of the
 * fingerprinting code, so rows are never renumbered, and a row is deleted only when no copy
 * was issued to it (a recipient with copies is retired instead: tracing needs the row).
 * Rename, update, retire and remove each log the row's new digest (or its unbinding).  Every change is recorded in
 * the audit log in the same transaction, and an import is one transaction: a broken line
 * imports nothing.  Names are trimmed of surrounding white space and each inner run of
 * spaces is stored as one space (name_form), must be non-empty, valid UTF-8 and free of
 * control characters (they are printed in reports and accusations).  A name is looked up by
 * the same form, and matches a row stored before that rule with runs of spaces ("Bo   Trim"
 * is found as "Bo Trim"); such a row is left as it is (rows are bound to the signed log)
 * until it is renamed.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bind.h"
#include "csv.h"
#include "utf8.h"
#include "vault_internal.h"
#include "vault_handle.h"
#include "common.h"

/* A trimmed, malloc'd copy of s[0..n), or NULL when out of memory. */
static char *
trimmed(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

/* A name as it is stored and compared: trimmed, each inner run of spaces one space (a tab
 * inside stays, and check_field refuses it as a control character).  malloc'd; NULL when out
 * of memory. */
static char *
name_form(const char *s, size_t n)
{
    char *t = trimmed(s, n);
    if (!t)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; t[i]; i++) {
        if (t[i] == ' ' && t[o - 1] == ' ') /* o > 0: t is trimmed */
            continue;
        t[o++] = t[i];
    }
    t[o] = '\0';
    return t;
}

/* 0 when s is acceptable as a name, contact or unit; else a recorded TT_EINVAL.  where is
 * "" or "line N" (an import). */
static int
check_field(tt_vault *v, const char *what, const char *s, const char *where)
{
    size_t n = strlen(s);
    const char *pre = *where ? where : "recipient";
    const char *sep = *where ? ": " : " ";
    if (tt_utf8__check(s, n) != n)
        return tt__error(&v->err, TT_EINVAL, "%s%s%s is not valid UTF-8", pre, sep, what);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return tt__error(&v->err, TT_EINVAL, "%s%s%s holds a control character", pre, sep,
                             what);
    return 0;
}

/* Insert one recipient and its audit entry; the caller holds a transaction. */
static int
insert(tt_vault *v, const char *name, const char *contact, const char *unit, int64_t *out_id)
{
    sqlite3_stmt *st = NULL;
    char now[32];
    tt_vault__now(now);
    if (sqlite3_prepare_v2(v->db,
                           "INSERT INTO recipients(name, contact, unit, added) VALUES (?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "add a recipient");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (contact && *contact)
        sqlite3_bind_text(st, 2, contact, -1, SQLITE_STATIC);
    if (unit && *unit)
        sqlite3_bind_text(st, 3, unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT)
        return tt__error(&v->err, TT_EEXIST, "recipient '%s' exists", name);
    if (rc != SQLITE_DONE)
        return tt_vault__dberr(v, "add a recipient");
    int64_t id = sqlite3_last_insert_rowid(v->db);
    if (out_id)
        *out_id = id;
    return 0;
}

static int lookup(tt_vault *v, const char *form, tt_recipient *out, int *found);

/* *out: 1 when a recipient's name has the form of name (name_form), else 0. */
static int
exists_name(tt_vault *v, const char *name, int *out)
{
    tt_recipient r;
    int rc = lookup(v, name, &r, out);
    if (rc == 0 && *out)
        tt_recipient_release(&r);
    return rc;
}

static char *
args_json(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

int
tt_vault_recipient_add(tt_vault *v, const char *name, const char *contact, const char *unit,
                       int64_t *out_id)
{
    if (!name)
        return tt__error(&v->err, TT_EINVAL, "a recipient needs a name");
    char *n = name_form(name, strlen(name));
    char *args = NULL;
    int rc, dup = 0;
    if (!n)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    if (!*n) {
        rc = tt__error(&v->err, TT_EINVAL, "a recipient needs a name");
        goto out;
    }
    if ((rc = check_field(v, "name", n, "")) ||
        (contact && (rc = check_field(v, "contact", contact, ""))) ||
        (unit && (rc = check_field(v, "unit", unit, ""))))
        goto out;
    int64_t id = 0;
    if ((rc = tt_vault__begin(v)))
        goto out;
    json_t *binds = NULL;
    char key[24];
    if ((rc = exists_name(v, n, &dup)) == 0 && dup)
        rc = tt__error(&v->err, TT_EEXIST, "recipient '%s' exists", n);
    if (rc == 0 && (rc = insert(v, n, contact, unit, &id)) == 0) {
        snprintf(key, sizeof key, "%lld", (long long)id);
        if (!(binds = json_array()))
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        else
            rc = tt_bind__push(v, binds, TT_BIND_RECIPIENT, key);
    }
    if (rc == 0) {
        args = args_json(json_pack("{s:s, s:I, s:s?, s:s?, s:O}", "name", n, "id", (json_int_t)id,
                                   "contact", contact && *contact ? contact : NULL, "unit",
                                   unit && *unit ? unit : NULL, "bind", binds));
        rc = args ? tt_vault_log_append(v, "recipient-add", args)
                  : tt__error(&v->err, TT_ENOMEM, "out of memory");
    }
    json_decref(binds);
    if (rc) {
        tt_vault__rollback(v);
        goto out;
    }
    if ((rc = tt_vault__commit(v)))
        goto out;
    if (out_id)
        *out_id = id;
out:
    free(args);
    free(n);
    return rc;
}

enum { F_NAME, F_CONTACT, F_UNIT, F_IGNORE, F_UNKNOWN };

/* The field a header word means: name, contact (also email, e-mail, mail), unit, ignore. */
static int
field_of(const char *w)
{
    static const struct {
        const char *w;
        int f;
    } t[] = {{"name", F_NAME},       {"contact", F_CONTACT}, {"email", F_CONTACT},
             {"e-mail", F_CONTACT},  {"mail", F_CONTACT},    {"unit", F_UNIT},
             {"ignore", F_IGNORE}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcasecmp(w, t[i].w) == 0)
            return t[i].f;
    return F_UNKNOWN;
}

static const char *const field_names[] = {"name", "contact", "unit"};

/* Map the header record's columns to fields into col[3]; a recorded TT_EFORMAT naming the
 * line for anything doubtful. */
static int
map_header(tt_vault *v, const char *path, const tt_csv_record *h, const tt_import_opts *o,
           int col[3], int **out_kind)
{
    int *kind = calloc(h->nfields ? h->nfields : 1, sizeof *kind);
    if (!kind)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    col[0] = col[1] = col[2] = -1;
    int rc = 0;
    for (size_t k = 0; !rc && o && k < o->nmap; k++) {
        const char *eq = strchr(o->map[k], '=');
        if (!eq || eq == o->map[k] || field_of(eq + 1) == F_UNKNOWN)
            rc = tt__error(&v->err, TT_EINVAL,
                           "bad mapping '%s': say COLUMN=FIELD, FIELD one of name, contact, "
                           "email, unit, ignore",
                           o->map[k]);
    }
    for (size_t i = 0; i < h->nfields && !rc; i++) {
        char *w = trimmed(h->fields[i], h->lens[i]);
        if (!w) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            break;
        }
        int f = F_UNKNOWN, mapped = 0;
        for (size_t k = 0; o && k < o->nmap; k++) {
            const char *eq = strchr(o->map[k], '=');
            size_t cl = eq ? (size_t)(eq - o->map[k]) : 0;
            if (eq && strlen(w) == cl && strncasecmp(w, o->map[k], cl) == 0) {
                f = field_of(eq + 1);
                mapped = 1;
            }
        }
        if (!mapped)
            f = field_of(w);
        if (f == F_UNKNOWN) {
            rc = tt__error(&v->err, TT_EFORMAT,
                           "cannot import '%s': line %zu: %s column '%s': the header must name "
                           "the columns name, contact (or email) and unit, or map it with --map "
                           "'%s=name|contact|unit|ignore'",
                           path, h->line, *w ? "unknown" : "unnamed", w, w);
        } else if (f != F_IGNORE && col[f] >= 0) {
            rc = tt__error(&v->err, TT_EFORMAT,
                           "cannot import '%s': line %zu: two columns are '%s' (%d and %zu)",
                           path, h->line, field_names[f], col[f] + 1, i + 1);
        } else if (f != F_IGNORE) {
            col[f] = (int)i;
        }
        kind[i] = f;
        free(w);
    }
    if (!rc && col[F_NAME] < 0)
        rc = tt__error(&v->err, TT_EFORMAT,
                       "cannot import '%s': line %zu: no 'name' column: the first line must be "
                       "a header naming the columns (name, contact or email, unit), or map one "
                       "with --map COLUMN=name",
                       path, h->line);
    if (rc) {
        free(kind);
        return rc;
    }
    *out_kind = kind;
    return 0;
}

/* A name no person has: one that reads as an e-mail address or as a header word (a header
 * imported as a person, columns swapped), or holds a ';' in a file not separated by them
 * (its lines split otherwise than its header). */
static const char *
doubtful_name(const char *name, char sep)
{
    if (strchr(name, '@'))
        return "looks like an e-mail address (are the columns right?)";
    if (sep != ';' && strchr(name, ';'))
        return "holds a ';' (is the file separated by semicolons, and its header not?)";
    int f = field_of(name);
    if (f != F_UNKNOWN && f != F_IGNORE)
        return "is a column name (a second header?)";
    return NULL;
}

void
tt_import_report_release(tt_import_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->lines[i].name);
    free(r->lines);
    r->lines = NULL;
    r->n = 0;
}

int
tt_vault_recipients_import_ex(tt_vault *v, const char *csv_path, const tt_import_opts *opts,
                              tt_import_report *out)
{
    tt_import_report rep;
    memset(&rep, 0, sizeof rep);
    rep.column[0] = rep.column[1] = rep.column[2] = -1;
    if (out)
        *out = rep;
    if (opts && opts->version != TT_IMPORT_OPTS_VERSION)
        return tt__error(&v->err, TT_EINVAL,
                         "options of version %u: this telltale knows version %u", opts->version,
                         TT_IMPORT_OPTS_VERSION);
    char *data;
    size_t len;
    int rc = tt__read_file(&v->err, csv_path, &data, &len);
    if (rc)
        return rc;
    tt_csv_reader r;
    tt_csv__init(&r, data, len);
    r.sep = rep.delimiter = tt_csv__sniff(data, len);
    tt_csv_record rec;
    json_t *names = json_array(), *binds = json_array();
    char *f[3] = {NULL, NULL, NULL}, *args = NULL;
    int *kind = NULL, began = 0;
    size_t ncols = 0, cap = 0;
    if (!names || !binds) {
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        goto out;
    }
    int got = tt_csv__next(&r, &rec, &v->err);
    if (got == 0) {
        rc = tt__error(&v->err, TT_EEMPTY, "cannot import '%s': the file is empty", csv_path);
        goto out;
    }
    if (got == 1)
        rc = map_header(v, csv_path, &rec, opts, rep.column, &kind);
    if (rc)
        goto out;
    ncols = got == 1 ? rec.nfields : 0;
    if ((rc = tt_vault__begin(v)))
        goto out;
    began = 1;
    while (got == 1 && (got = tt_csv__next(&r, &rec, &v->err)) == 1) {
        char where[64];
        snprintf(where, sizeof where, "line %zu", rec.line);
        /* fewer fields than the header: the missing ones are empty (a list of names) */
        if (rec.nfields > ncols) {
            rc = tt__error(&v->err, TT_EFORMAT,
                           "cannot import '%s': line %zu: %zu field%s, the header has %zu "
                           "(separator '%s')",
                           csv_path, rec.line, rec.nfields, rec.nfields == 1 ? "" : "s", ncols,
                           rep.delimiter == '\t' ? "\\t" : rep.delimiter == ';' ? ";" : ",");
            break;
        }
        for (size_t i = 0; i < rec.nfields; i++)
            if (memchr(rec.fields[i], '\0', rec.lens[i])) {
                rc = tt__error(&v->err, TT_EFORMAT, "cannot import '%s': line %zu: NUL byte",
                               csv_path, rec.line);
                break;
            }
        if (rc)
            break;
        for (int k = 0; k < 3; k++) {
            int c = rep.column[k];
            f[k] = c < 0 || (size_t)c >= rec.nfields ? strdup("")
                   : k == 0                          ? name_form(rec.fields[c], rec.lens[c])
                                                     : trimmed(rec.fields[c], rec.lens[c]);
            if (!f[k])
                rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        }
        if (rc)
            break;
        const char *why = doubtful_name(f[0], rep.delimiter);
        if (!*f[0]) {
            rc = tt__error(&v->err, TT_EFORMAT, "cannot import '%s': line %zu: empty name",
                           csv_path, rec.line);
            break;
        }
        if (why) {
            rc = tt__error(&v->err, TT_EFORMAT, "cannot import '%s': line %zu: name '%s' %s",
                           csv_path, rec.line, f[0], why);
            break;
        }
        if ((rc = check_field(v, "name", f[0], where)) ||
            (rc = check_field(v, "contact", f[1], where)) ||
            (rc = check_field(v, "unit", f[2], where))) {
            char msg[TT_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", v->err.msg);
            rc = tt__error(&v->err, TT_EFORMAT, "cannot import '%s': %s", csv_path, msg);
            break;
        }
        for (size_t i = 0; i < rep.n; i++)
            if (strcmp(rep.lines[i].name, f[0]) == 0) {
                rc = tt__error(&v->err, TT_EFORMAT,
                               "cannot import '%s': line %zu: name '%s' is on line %zu too",
                               csv_path, rec.line, f[0], rep.lines[i].line);
                break;
            }
        if (rc)
            break;
        int dup = 0;
        if ((rc = exists_name(v, f[0], &dup)))
            break;
        if (tt__grow(&rep.lines, &cap, rep.n + 1, sizeof *rep.lines)) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            break;
        }
        rep.lines[rep.n].line = rec.line;
        rep.lines[rep.n].name = f[0];
        rep.lines[rep.n].present = dup;
        rep.n++;
        f[0] = NULL;
        const char *name = rep.lines[rep.n - 1].name;
        if (dup) {
            rep.skipped++;
        } else {
            int64_t id;
            char key[24];
            if ((rc = insert(v, name, f[1], f[2], &id)))
                break;
            snprintf(key, sizeof key, "%lld", (long long)id);
            if ((rc = tt_bind__push(v, binds, TT_BIND_RECIPIENT, key)))
                break;
            if (json_array_append_new(names, json_string(name))) {
                rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
                break;
            }
            rep.added++;
        }
        for (int k = 0; k < 3; k++) {
            free(f[k]);
            f[k] = NULL;
        }
    }
    if (rc == 0 && got < 0) {
        char msg[TT_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", v->err.msg);
        rc = tt__error(&v->err, got, "cannot import '%s': %s", csv_path, msg);
    }
    if (rc == 0 && !(opts && opts->dry_run)) {
        args = args_json(json_pack("{s:s, s:I, s:I, s:O, s:O}", "file", csv_path, "added",
                                   (json_int_t)rep.added, "skipped", (json_int_t)rep.skipped,
                                   "names", names, "bind", binds));
        rc = args ? tt_vault_log_append(v, "recipients-import", args)
                  : tt__error(&v->err, TT_ENOMEM, "out of memory");
    }
out:
    if (began) {
        if (rc || (opts && opts->dry_run))
            tt_vault__rollback(v);
        else
            rc = tt_vault__commit(v);
    }
    if (rc == 0 && out)
        *out = rep;
    else
        tt_import_report_release(&rep);
    for (int k = 0; k < 3; k++)
        free(f[k]);
    free(kind);
    free(args);
    json_decref(names);
    json_decref(binds);
    tt_csv__release(&r);
    free(data);
    return rc;
}

int
tt_vault_recipients_import(tt_vault *v, const char *csv_path, size_t *out_added,
                           size_t *out_skipped)
{
    tt_import_report rep;
    int rc = tt_vault_recipients_import_ex(v, csv_path, NULL, &rep);
    if (out_added)
        *out_added = rc ? 0 : rep.added;
    if (out_skipped)
        *out_skipped = rc ? 0 : rep.skipped;
    if (rc == 0)
        tt_import_report_release(&rep);
    return rc;
}

#define REC_INFO                                                                               \
    "id, name, contact, unit, added, retired,"                                                 \
    " (SELECT count(*) FROM copies c WHERE c.recipient = recipients.id)"

static int
fill(sqlite3_stmt *st, tt_recipient *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    const char *s;
    s = (const char *)sqlite3_column_text(st, 1);
    r->name = strdup(s ? s : "");
    s = (const char *)sqlite3_column_text(st, 2);
    r->contact = s ? strdup(s) : NULL;
    s = (const char *)sqlite3_column_text(st, 3);
    r->unit = s ? strdup(s) : NULL;
    s = (const char *)sqlite3_column_text(st, 4);
    snprintf(r->added, sizeof r->added, "%s", s ? s : "");
    s = (const char *)sqlite3_column_text(st, 5);
    snprintf(r->retired, sizeof r->retired, "%s", s ? s : "");
    r->copies = (size_t)sqlite3_column_int64(st, 6);
    if (!r->name || (sqlite3_column_type(st, 2) != SQLITE_NULL && !r->contact) ||
        (sqlite3_column_type(st, 3) != SQLITE_NULL && !r->unit)) {
        tt_recipient_release(r);
        return TT_ENOMEM;
    }
    return 0;
}

/* The recipient whose name has the form form (a name_form result): the row stored with
 * exactly that name, else a row stored before names were collapsed whose name has runs of
 * spaces that collapse to form.  *found says whether one was; *out is filled when it was. */
static int
lookup(tt_vault *v, const char *form, tt_recipient *out, int *found)
{
    memset(out, 0, sizeof *out);
    *found = 0;
    sqlite3_stmt *st = NULL;
    char *f = NULL;
    int rc = 0, s;
    for (int pass = 0; pass < 2 && !*found; pass++) {
        const char *sql = pass == 0 ? "SELECT " REC_INFO " FROM recipients WHERE name = ?1"
                                    : "SELECT " REC_INFO " FROM recipients"
                                      " WHERE instr(name, '  ') > 0 ORDER BY id";
        if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK) {
            rc = tt_vault__dberr(v, "read recipients");
            goto out;
        }
        if (pass == 0)
            sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            if (pass == 1) {
                const char *name = (const char *)sqlite3_column_text(st, 1);
                free(f);
                if (!(f = name_form(name ? name : "", name ? strlen(name) : 0))) {
                    rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
                    goto out;
                }
                if (strcmp(f, form) != 0)
                    continue;
            }
            if (fill(st, out)) {
                rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
                goto out;
            }
            *found = 1;
            break;
        }
        if (!*found && s != SQLITE_DONE) {
            rc = tt_vault__dberr(v, "read recipients");
            goto out;
        }
        sqlite3_finalize(st);
        st = NULL;
    }
out:
    sqlite3_finalize(st);
    free(f);
    return rc;
}

int
tt_vault_recipient_find(tt_vault *v, const char *name, tt_recipient *out)
{
    memset(out, 0, sizeof *out);
    char *n = name_form(name ? name : "", name ? strlen(name) : 0);
    if (!n)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    int found = 0;
    int rc = lookup(v, n, out, &found);
    if (rc == 0 && !found)
        rc = tt__error(&v->err, TT_ENOENT, "no recipient '%s'", n);
    free(n);
    return rc;
}

int
tt_vault_recipient_list(tt_vault *v, tt_recipient **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "SELECT " REC_INFO " FROM recipients ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read recipients");
    tt_recipient *r = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&r, &cap, n + 1, sizeof *r) || fill(st, &r[n])) {
            rc = SQLITE_NOMEM;
            break;
        }
        n++;
    }
    if (rc != SQLITE_DONE) {
        int e = rc == SQLITE_NOMEM ? tt__error(&v->err, TT_ENOMEM, "out of memory")
                                   : tt_vault__dberr(v, "read recipients");
        sqlite3_finalize(st);
        tt_recipients_free(r, n);
        return e;
    }
    sqlite3_finalize(st);
    *out = r;
    *out_n = n;
    return 0;
}

/* Run sql (binding ?1, ?3, ?4 the texts a1, a3, a4 or NULL, ?2 the row id) and log action with args obj plus the
 * row's bind ("bind" with its new digest, or "unbind" when the row is gone), all in one
 * transaction.  Steals obj. */
static int
change(tt_vault *v, int64_t id, const char *sql, const char *a1, const char *a3, const char *a4,
       const char *action, json_t *obj, int removed)
{
    char key[24], *args = NULL;
    snprintf(key, sizeof key, "%lld", (long long)id);
    json_t *binds = json_array();
    int rc = tt_vault__begin(v), in_tx = rc == 0;
    if (rc)
        goto out;
    if (!obj || !binds) {
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        goto out;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "change a recipient");
        goto out;
    }
    if (a1)
        sqlite3_bind_text(st, 1, a1, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    if (a3)
        sqlite3_bind_text(st, 3, a3, -1, SQLITE_STATIC);
    if (a4)
        sqlite3_bind_text(st, 4, a4, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    if (s == SQLITE_CONSTRAINT) {
        rc = tt__error(&v->err, TT_EEXIST, "recipient '%s' exists", a1 ? a1 : "");
        goto out;
    }
    if (s != SQLITE_DONE) {
        rc = tt_vault__dberr(v, "change a recipient");
        goto out;
    }
    if (removed) {
        if (json_array_append_new(binds, json_pack("[ss]", TT_BIND_RECIPIENT, key)))
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
    } else {
        rc = tt_bind__push(v, binds, TT_BIND_RECIPIENT, key);
    }
    if (rc)
        goto out;
    if (json_object_set_new(obj, "id", json_integer((json_int_t)id)) ||
        json_object_set(obj, removed ? "unbind" : "bind", binds)) {
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        goto out;
    }
    args = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    rc = args ? tt_vault_log_append(v, action, args)
              : tt__error(&v->err, TT_ENOMEM, "out of memory");
    if (rc)
        goto out;
    in_tx = 0;
    rc = tt_vault__commit(v);
out:
    if (in_tx)
        tt_vault__rollback(v);
    free(args);
    json_decref(obj);
    json_decref(binds);
    return rc;
}

/* Find name for a change: its row must match the signed log first, so that a change never
 * launders an edit made behind the log's back into a signed record. */
static int
find_bound(tt_vault *v, const char *name, tt_recipient *out)
{
    int rc = tt_vault_recipient_find(v, name, out);
    if (rc)
        return rc;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)out->id);
    if ((rc = tt_bind__check(v, TT_BIND_RECIPIENT, key)))
        tt_recipient_release(out);
    return rc;
}

int
tt_vault_recipient_update(tt_vault *v, const char *name, const char *new_name,
                          const char *contact, const char *unit)
{
    tt_recipient r;
    char *nn = NULL, *c = NULL, *u = NULL;
    int rc = find_bound(v, name, &r);
    if (rc)
        return rc;
    if (new_name) {
        nn = name_form(new_name, strlen(new_name));
        if (nn && !*nn) {
            rc = tt__error(&v->err, TT_EINVAL, "a recipient needs a name");
            goto out;
        }
    }
    if (contact)
        c = trimmed(contact, strlen(contact));
    if (unit)
        u = trimmed(unit, strlen(unit));
    if ((new_name && !nn) || (contact && !c) || (unit && !u)) {
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
        goto out;
    }
    if ((nn && (rc = check_field(v, "name", nn, ""))) ||
        (c && (rc = check_field(v, "contact", c, ""))) ||
        (u && (rc = check_field(v, "unit", u, ""))))
        goto out;
    if ((!nn || strcmp(nn, r.name) == 0) && !c && !u) {
        rc = tt__error(&v->err, TT_EINVAL, "nothing to change for recipient '%s'", r.name);
        goto out;
    }
    if (nn && strcmp(nn, r.name) != 0) { /* the new name is another recipient's */
        tt_recipient o;
        int dup = 0;
        if ((rc = lookup(v, nn, &o, &dup)))
            goto out;
        if (dup) {
            dup = o.id != r.id;
            tt_recipient_release(&o);
        }
        if (dup) {
            rc = tt__error(&v->err, TT_EEXIST, "recipient '%s' exists", nn);
            goto out;
        }
    }
    /* a rename and an update are two entries in one transaction */
    if ((rc = tt_vault__begin(v)))
        goto out;
    if (nn && strcmp(nn, r.name) != 0)
        rc = change(v, r.id, "UPDATE recipients SET name = ?1 WHERE id = ?2", nn, NULL, NULL,
                    "recipient-rename", json_pack("{s:s, s:s}", "from", r.name, "name", nn), 0);
    if (rc == 0 && (c || u)) {
        json_t *o = json_pack("{s:s}", "name", nn ? nn : r.name);
        if (o && c)
            json_object_set_new(o, "contact", *c ? json_string(c) : json_null());
        if (o && u)
            json_object_set_new(o, "unit", *u ? json_string(u) : json_null());
        rc = change(v, r.id,
                    "UPDATE recipients SET"
                    " contact = CASE WHEN ?3 IS NULL THEN contact ELSE nullif(?3, '') END,"
                    " unit = CASE WHEN ?4 IS NULL THEN unit ELSE nullif(?4, '') END"
                    " WHERE id = ?2",
                    NULL, c, u, "recipient-update", o, 0);
    }
    if (rc)
        tt_vault__rollback(v);
    else
        rc = tt_vault__commit(v);
out:
    free(nn);
    free(c);
    free(u);
    tt_recipient_release(&r);
    return rc;
}

int
tt_vault_recipient_retire(tt_vault *v, const char *name)
{
    tt_recipient r;
    int rc = find_bound(v, name, &r);
    if (rc)
        return rc;
    if (r.retired[0]) {
        rc = tt__error(&v->err, TT_EEXIST, "recipient '%s' is retired already (%s)", r.name,
                       r.retired);
    } else {
        char now[32];
        tt_vault__now(now);
        rc = change(v, r.id, "UPDATE recipients SET retired = ?1 WHERE id = ?2", now, NULL,
                    NULL, "recipient-retire", json_pack("{s:s, s:s}", "name", r.name, "retired", now),
                    0);
    }
    tt_recipient_release(&r);
    return rc;
}

int
tt_vault_recipient_remove(tt_vault *v, const char *name)
{
    tt_recipient r;
    int rc = find_bound(v, name, &r);
    if (rc)
        return rc;
    if (r.copies) {
        rc = tt__error(&v->err, TT_EINVAL,
                       "recipient '%s' received %zu cop%s: tracing %s needs them; retire them "
                       "instead",
                       r.name, r.copies, r.copies == 1 ? "y" : "ies",
                       r.copies == 1 ? "it" : "those");
    } else {
        rc = change(v, r.id, "DELETE FROM recipients WHERE id = ?2", NULL, NULL, NULL,
                    "recipient-remove", json_pack("{s:s}", "name", r.name), 1);
    }
    tt_recipient_release(&r);
    return rc;
}

void
tt_recipient_release(tt_recipient *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->contact);
    free(r->unit);
    r->name = r->contact = r->unit = NULL;
}

void
tt_recipients_free(tt_recipient *r, size_t n)
{
    if (!r)
        return;
    for (size_t i = 0; i < n; i++)
        tt_recipient_release(&r[i]);
    free(r);
}
