/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit.c: the audit log: an append-only, hash-chained, signed list of what was done to the
 * vault, and the signed head that makes truncation visible.
 *
 * Entry n: hash_n = BLAKE2b-256 of the length-prefixed encoding of ("telltale audit v1",
 * seq (8 bytes big-endian), time, user, action, args, prev), where prev = hash_{n-1} in hex
 * (64 zeros for the first); every field is preceded by its length as 8 bytes big-endian, so
 * no two different entries encode alike.  sig_n = Ed25519(hash_n) in hex.  The head, kept in
 * meta('log_head') as "SEQ HASH SIG", is the last seq and hash, signed over the encoding of
 * ("telltale audit head v1", seq, hash); it is rewritten in the same transaction as each
 * append, so deleting the last entries is caught too.
 *
 * Invariants: args are stored as canonical JSON (compact, keys sorted); an append first checks
 * that the last entry matches the signed head and refuses (TT_ETAMPER) otherwise, so telltale
 * never extends a log that was cut.  Verification reads the whole log once: O(entries).
 */
#include <jansson.h>
#include <pwd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keys.h"
#include "vault_internal.h"
#include "vault_handle.h"
#include "common.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static void
put_len(unsigned char out[8], uint64_t n)
{
    for (int i = 7; i >= 0; i--, n >>= 8)
        out[i] = (unsigned char)(n & 0xff);
}

static void
field(crypto_generichash_state *st, const void *p, size_t n)
{
    unsigned char len[8];
    put_len(len, n);
    crypto_generichash_update(st, len, 8);
    crypto_generichash_update(st, p, n);
}

/* The entry hash of docs/parts/vault.md, into out[32]. */
static void
entry_hash(unsigned char out[32], int64_t seq, const char *time, const char *user,
           const char *action, const char *args, const char *prev)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    static const char domain[] = "telltale audit v1";
    field(&st, domain, sizeof domain - 1);
    unsigned char s[8];
    put_len(s, (uint64_t)seq);
    field(&st, s, 8);
    field(&st, time, strlen(time));
    field(&st, user, strlen(user));
    field(&st, action, strlen(action));
    field(&st, args, strlen(args));
    field(&st, prev, strlen(prev));
    crypto_generichash_final(&st, out, 32);
}

/* The message the head signature covers, into out (length-prefixed like the entries). */
static size_t
head_message(unsigned char out[128], int64_t seq, const char *hash_hex)
{
    static const char domain[] = "telltale audit head v1";
    size_t n = 0;
    put_len(out + n, sizeof domain - 1);
    n += 8;
    memcpy(out + n, domain, sizeof domain - 1);
    n += sizeof domain - 1;
    put_len(out + n, 8);
    n += 8;
    put_len(out + n, (uint64_t)seq);
    n += 8;
    put_len(out + n, 64);
    n += 8;
    memcpy(out + n, hash_hex, 64);
    n += 64;
    return n;
}

static void
current_user(char *out, size_t n)
{
    struct passwd *pw = getpwuid(geteuid());
    /* the account, never $USER: the library reads no environment, and a log's user should
     * not be whatever the caller's environment says */
    if (pw && pw->pw_name && *pw->pw_name)
        snprintf(out, n, "%s", pw->pw_name);
    else
        snprintf(out, n, "uid:%lu", (unsigned long)geteuid());
}

static int
is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return 0;
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

typedef struct head {
    int present;
    int64_t seq;
    char hash[65];
    char sig[129];
} head;

static int
head_read(tt_vault *v, head *h)
{
    memset(h, 0, sizeof *h);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE key='log_head'", -1, &st,
                           NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the audit log");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        long long seq;
        h->present = s && sscanf(s, "%lld %64s %128s", &seq, h->hash, h->sig) == 3;
        h->seq = h->present ? seq : 0;
        if (!h->present)
            h->present = -1; /* there, but garbled */
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return tt_vault__dberr(v, "read the audit log");
    }
    sqlite3_finalize(st);
    return 0;
}

static int
head_sig_ok(const tt_vault *v, const head *h)
{
    unsigned char msg[128], sig[64];
    if (h->present != 1 || !is_hex64(h->hash) || strlen(h->sig) != 128 ||
        sodium_hex2bin(sig, sizeof sig, h->sig, 128, NULL, NULL, NULL) != 0)
        return 0;
    size_t n = head_message(msg, h->seq, h->hash);
    return tt_keys__verify(&v->keys, sig, msg, n) == 0;
}

/* The last entry's seq and hash (0 and zeros when the log is empty). */
static int
last_entry(tt_vault *v, int64_t *seq, char hash[65])
{
    sqlite3_stmt *st = NULL;
    *seq = 0;
    snprintf(hash, 65, "%s", ZERO_HASH);
    if (sqlite3_prepare_v2(v->db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", -1,
                           &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the audit log");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        const char *h = (const char *)sqlite3_column_text(st, 1);
        snprintf(hash, 65, "%s", h ? h : "");
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return tt_vault__dberr(v, "read the audit log");
    }
    sqlite3_finalize(st);
    return 0;
}

static int
append(tt_vault *v, const char *action, const char *args)
{
    int64_t last;
    char prev[65];
    int rc = last_entry(v, &last, prev);
    if (rc)
        return rc;
    head h;
    if ((rc = head_read(v, &h)))
        return rc;
    int fresh = last == 0 && h.present == 0;
    if (!fresh && (!head_sig_ok(v, &h) || h.seq != last || strcmp(h.hash, prev) != 0))
        return tt__error(&v->err, TT_ETAMPER,
                         "the audit log does not match its signed head: refusing to extend it "
                         "(run 'telltale log --verify')");

    v->log_gen++; /* a replay of the log (bind.c) no longer covers all of it */
    int64_t seq = last + 1;
    char now[32], user[256];
    tt_vault__now(now);
    current_user(user, sizeof user);
    unsigned char hash[32], sig[64];
    entry_hash(hash, seq, now, user, action, args, prev);
    if ((rc = tt_keys__sign(&v->keys, v->dir, &v->err, sig, hash, sizeof hash)))
        return rc;
    char hash_hex[65], sig_hex[129];
    sodium_bin2hex(hash_hex, sizeof hash_hex, hash, sizeof hash);
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);

    unsigned char msg[128], hsig[64];
    size_t mlen = head_message(msg, seq, hash_hex);
    if ((rc = tt_keys__sign(&v->keys, v->dir, &v->err, hsig, msg, mlen)))
        return rc;
    char hsig_hex[129], head_val[256];
    sodium_bin2hex(hsig_hex, sizeof hsig_hex, hsig, sizeof hsig);
    snprintf(head_val, sizeof head_val, "%lld %s %s", (long long)seq, hash_hex, hsig_hex);

    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "INSERT INTO audit(seq, time, user, action, args, prev, hash, sig)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "write the audit log");
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, args, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, prev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, hash_hex, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, sig_hex, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return tt_vault__dberr(v, "write the audit log");
    if (sqlite3_prepare_v2(v->db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('log_head', ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "write the audit log");
    sqlite3_bind_text(st, 1, head_val, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return tt_vault__dberr(v, "write the audit log");
    return 0;
}

int
tt_vault_log_append(tt_vault *v, const char *action, const char *args_json)
{
    if (!action || !*action)
        return tt__error(&v->err, TT_EINVAL, "an audit entry needs an action");
    json_error_t jerr;
    json_t *j = json_loads(args_json ? args_json : "{}", JSON_REJECT_DUPLICATES, &jerr);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        return tt__error(&v->err, TT_EINVAL, "audit arguments for '%s' are not a JSON object",
                         action);
    }
    char *args = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    if (!args)
        return tt__error(&v->err, TT_ENOMEM, "out of memory");
    int rc = tt_vault__begin(v);
    if (rc == 0) {
        rc = append(v, action, args);
        if (rc)
            tt_vault__rollback(v);
        else
            rc = tt_vault__commit(v);
    }
    free(args);
    return rc;
}

static char *
dup_col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return strdup(s ? s : "");
}

int
tt_vault_log_list(tt_vault *v, tt_log_entry **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT seq, time, user, action, args, prev, hash FROM audit"
                           " ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the audit log");
    tt_log_entry *e = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&e, &cap, n + 1, sizeof *e)) {
            rc = SQLITE_NOMEM;
            break;
        }
        tt_log_entry *x = &e[n++];
        memset(x, 0, sizeof *x);
        x->seq = sqlite3_column_int64(st, 0);
        const char *s;
        s = (const char *)sqlite3_column_text(st, 1);
        snprintf(x->time, sizeof x->time, "%s", s ? s : "");
        x->user = dup_col(st, 2);
        x->action = dup_col(st, 3);
        x->args = dup_col(st, 4);
        s = (const char *)sqlite3_column_text(st, 5);
        snprintf(x->prev, sizeof x->prev, "%s", s ? s : "");
        s = (const char *)sqlite3_column_text(st, 6);
        snprintf(x->hash, sizeof x->hash, "%s", s ? s : "");
        if (!x->user || !x->action || !x->args) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        int err = rc == SQLITE_NOMEM ? tt__error(&v->err, TT_ENOMEM, "out of memory")
                                     : tt_vault__dberr(v, "read the audit log");
        sqlite3_finalize(st);
        tt_log_entries_free(e, n);
        return err;
    }
    sqlite3_finalize(st);
    *out = e;
    *out_n = n;
    return 0;
}

void
tt_log_entries_free(tt_log_entry *e, size_t n)
{
    if (!e)
        return;
    for (size_t i = 0; i < n; i++) {
        free(e[i].user);
        free(e[i].action);
        free(e[i].args);
    }
    free(e);
}

static const char *
col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* The one walk of the hash chain, in order: each entry's link to the one before and its
 * hash, with check_sigs also its signature, then the signed head against the last entry.
 * The walk starts after entry from_seq, whose hash from_hash (hex) the first entry walked must
 * link to (0 and 64 zeros: the whole log); a caller that starts later vouches for the entries
 * up to from_seq itself (bind.c: a signed replay state).  fn (may be NULL) is called for each
 * entry that checked; its non-zero return stops the walk and is returned.  TT_ETAMPER says
 * what broke where, with *bad_seq the first entry that cannot be trusted.  On success
 * last_hash (NULL, or 65 bytes) gets the hash of the last entry, the signed head's.  Without
 * check_sigs the chain and the head prove every entry (each hash covers the one before, the
 * head's signature covers the last), so the entries' own signatures add nothing to a log that
 * verifies; log --verify checks them all the same, to name an entry whose signature alone
 * was forged. */
static int
walk(tt_vault *v, int check_sigs, int64_t from_seq, const char *from_hash,
     int (*fn)(void *ctx, int64_t seq, const char *action, const char *args), void *ctx,
     int64_t *bad_seq, int64_t *last_seq, char *last_hash)
{
    *bad_seq = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(v->db,
                           "SELECT seq, time, user, action, args, prev, hash, sig FROM audit"
                           " WHERE seq > ?1 ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the audit log");
    sqlite3_bind_int64(st, 1, from_seq);
    int64_t expect = from_seq + 1;
    char prev[65];
    snprintf(prev, sizeof prev, "%s", from_hash);
    int rc, result = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(st, 0);
        const char *hash_hex = col(st, 6), *sig_hex = col(st, 7);
        /* The link first: a deleted or moved entry breaks it at the first entry after. */
        if (seq != expect || strcmp(col(st, 5), prev) != 0) {
            result = tt__error(&v->err, TT_ETAMPER,
                               "entry %lld: previous hash mismatch (deleted or reordered)",
                               (long long)seq);
            *bad_seq = seq;
            break;
        }
        unsigned char hash[32], sig[64];
        entry_hash(hash, seq, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5));
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
        if (strcmp(hex, hash_hex) != 0) {
            result = tt__error(&v->err, TT_ETAMPER, "entry %lld: hash mismatch (edited)",
                               (long long)seq);
            *bad_seq = seq;
            break;
        }
        if (check_sigs &&
            (strlen(sig_hex) != 128 ||
             sodium_hex2bin(sig, sizeof sig, sig_hex, 128, NULL, NULL, NULL) != 0 ||
             tt_keys__verify(&v->keys, sig, hash, sizeof hash) != 0)) {
            result = tt__error(&v->err, TT_ETAMPER, "entry %lld: bad signature", (long long)seq);
            *bad_seq = seq;
            break;
        }
        if (fn && (result = fn(ctx, seq, col(st, 3), col(st, 4))))
            break;
        snprintf(prev, sizeof prev, "%s", hash_hex);
        expect = seq + 1;
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = tt_vault__dberr(v, "read the audit log");
    sqlite3_finalize(st);
    if (result)
        return result;

    int64_t last = expect - 1;
    head h;
    if ((rc = head_read(v, &h)))
        return rc;
    if (h.present == 0) {
        *bad_seq = last + 1;
        return tt__error(&v->err, TT_ETAMPER,
                         last ? "log head missing: the log may be truncated after entry %lld"
                              : "audit log is empty: truncated after entry %lld",
                         (long long)last);
    }
    if (!head_sig_ok(v, &h)) {
        *bad_seq = last + 1;
        return tt__error(&v->err, TT_ETAMPER, "log head: bad signature");
    }
    if (h.seq > last) {
        *bad_seq = last + 1;
        return tt__error(&v->err, TT_ETAMPER, "log truncated after entry %lld", (long long)last);
    }
    if (h.seq < last) {
        *bad_seq = h.seq + 1;
        return tt__error(&v->err, TT_ETAMPER, "entry %lld: not covered by the signed log head",
                         (long long)(h.seq + 1));
    }
    if (strcmp(h.hash, prev) != 0) {
        *bad_seq = last;
        return tt__error(&v->err, TT_ETAMPER, "entry %lld: does not match the signed log head",
                         (long long)last);
    }
    if (last_seq)
        *last_seq = last;
    if (last_hash)
        memcpy(last_hash, prev, 65);
    return 0;
}

int
tt_vault_log_verify(tt_vault *v, int64_t *out_bad_seq)
{
    int64_t bad;
    int rc = walk(v, 1, 0, ZERO_HASH, NULL, NULL, &bad, NULL, NULL);
    if (out_bad_seq)
        *out_bad_seq = bad;
    if (rc == 0)
        tt__error_clear(&v->err);
    return rc;
}

int
tt_audit__replay(tt_vault *v, int64_t from_seq, const char *from_hash,
                 int (*fn)(void *ctx, int64_t seq, const char *action, const char *args),
                 void *ctx, int64_t *out_seq, char out_hash[65])
{
    /* runs before every trace and verify: the chain and the head, not each signature */
    int64_t bad;
    if (!from_hash || from_seq <= 0) {
        from_seq = 0;
        from_hash = ZERO_HASH;
    }
    int rc = walk(v, 0, from_seq, from_hash, fn, ctx, &bad, out_seq, out_hash);
    if (rc == TT_ETAMPER)
        return tt__error(&v->err, TT_ETAMPER,
                         "the audit log does not verify (run 'telltale log --verify')");
    return rc;
}

typedef struct traces {
    const char *doc, *sha256;
    int64_t n, same;
} traces;

static int
count_one(void *ctx, int64_t seq, const char *action, const char *args)
{
    traces *t = ctx;
    (void)seq;
    if (strcmp(action, "trace") != 0)
        return 0;
    json_t *j = json_loads(args, 0, NULL);
    const char *d = j ? json_string_value(json_object_get(j, "doc")) : NULL;
    const char *h = j ? json_string_value(json_object_get(j, "sha256")) : NULL;
    if (d && strcmp(d, t->doc) == 0) {
        t->n++;
        t->same += h && strcmp(h, t->sha256) == 0;
    }
    json_decref(j);
    return 0;
}

int
tt_audit__count_traces(tt_vault *v, const char *doc, const char *sha256, int64_t *out_doc,
                       int64_t *out_same)
{
    /* a walk of the whole chain: the bind checks may start from a signed replay state
     * (bind.c) and vouch for the entries before it only as far as their bind lists go, while
     * this count reads the entries themselves */
    traces t = {.doc = doc, .sha256 = sha256};
    *out_doc = *out_same = 0;
    int rc = tt_audit__replay(v, 0, NULL, count_one, &t, NULL, NULL);
    if (rc)
        return rc;
    *out_doc = t.n;
    *out_same = t.same;
    return 0;
}
