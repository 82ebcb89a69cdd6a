/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bind.c: the records verify and trace rest on, bound to the signed audit log (bind.h).
 *
 * A record's digest is BLAKE2b-256 over the length-prefixed encoding of ("telltale record
 * v1", kind, then every column of its row in a fixed order, each as a type tag and its
 * bytes: NULL, an integer as 8 bytes big-endian, text or blob as its bytes).  Documents hash
 * their original bytes and text whole, so an edited text or a flipped byte of the original
 * changes the digest; a background batch hashes its sorted fingerprint hashes and their
 * count; the marking key is bound by its fingerprint, BLAKE2b-256("telltale mark key v1",
 * key), which reveals nothing of the key.  The entry that writes a record carries
 * ["kind", "key", "digest"] in its args' "bind" list, the entry that removes one carries
 * ["kind", "key"] in "unbind"; the last entry for a key says what the record must be.  A
 * batch "add" entry (an add call of several files) binds each document by the first two
 * items of its "docs" list, [id, digest, ...]: the same ("doc", id, digest), without
 * repeating the kind.
 *
 * Invariants: the truth is the signed chain, never a table beside it: a check knows, for each
 * key, the last word of a log whose chain (hashes, links) and signed head it verified, in a
 * sorted array, and recomputes each row's digest from the row itself.  That replay is cached
 * on the handle until the log grows, and, between commands, in binds.bin (the signed replay
 * state, FORMATS.md §3.5): the replay at entry S, signed by the vault's key together with S
 * and entry S's hash.  A command starts from it and walks only the entries after S: each must
 * link to the state's hash, and the last must be the signed head's, so the state plus those
 * entries is exactly the replay of the whole log.  Whoever replays writes the state again
 * when it is missing or the entries after it cost about 1/16 of reading it.  Workload at 100k
 * documents: reading and checking the state (5 MB: one BLAKE2b pass and one signature) and
 * the entries after it, instead of hashing 100k entries and parsing their bind lists with
 * jansson (0.5 s, bench/results/open.md); a full check (log --verify) reads every table once.
 *
 * Why a signed state, and not the alternatives.  (a) Replaying only entries after a checkpoint
 * needs the checkpoint's replay anyway: this is that, stored.  (b) Checking at use only the
 * rows a result rests on, with counts at open, still needs each row's last logged digest, and
 * finding it without the replay means trusting an unauthenticated index into the log, or
 * walking the chain from that entry to the head (O(log) again).  (c) A MAC keyed from the
 * secret key would need the secret key to read it; a signature needs only vault.pub.  The
 * secret key is needed to write it: a process that cannot read secret.key (or write the
 * directory) only replays the whole log every time.
 *
 * Against someone who can write vault.db (any SQL, any bytes of the file) but has not the
 * secret key, the checks on use find, as before: a row of any bound kind edited, inserted or
 * deleted (checked against the state's last word, or a later entry's); any entry after the
 * state edited, removed, reordered or added (the walk from S).  A log cut back to before S
 * with an older signed head of its own fails the walk from S, and the whole log is replayed,
 * which accepts it exactly as it did before binds.bin existed (a rollback).  They cannot make a
 * state: the signature covers every byte, and a state of another log (another vault with the
 * same key, or this vault before a restore) names an entry hash this chain does not reach.  If
 * they can also write the directory, they can delete binds.bin (the whole log is replayed) or
 * put back an older state of this same log (it is still a true replay of the entries up to
 * its S, and the walk covers the rest).  What they can do that a check on use no longer
 * notices: edit entries up to S in the table (hash columns kept or not).  No record's last word
 * changes (it is in the signed state), so no verdict, finding or accusation rests on the edit;
 * what it changes is what `log` prints for those entries and trace's count of earlier traces,
 * so log --verify and tt_vault_check() replay the whole log afresh, and the count walks the
 * whole chain (tt_audit__count_traces).  As before, a whole vault rolled back with its log is
 * consistent with itself.
 *
 * Not covered: the fingerprint index (doc_index, index.bin) is derived from the bound texts
 * and rebuilt from them; a whole vault rolled back to an older state (database and log
 * together) is consistent with its own log: compare the exported log head (docs/FORMATS.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "telltale/file.h"
#include "vault_internal.h"
#include "vault_handle.h"
#include "common.h"

/* One key's last word in the log. */
typedef struct bent {
    const char *key; /* "kind" US "key": malloc'd when owned, else inside the state file's bytes */
    size_t order;    /* position in the replay, for a stable last-wins sort */
    unsigned char digest[32];
    unsigned char live;  /* 0: the last entry removed it */
    unsigned char good;  /* the logged digest was 64 hex digits (no row matches one that is not) */
    unsigned char owned; /* key is malloc'd */
    unsigned seen;       /* stamp of the check that found its row */
} bent;

struct tt_binds {
    bent *e;
    size_t n, cap;
    int64_t seq;       /* the last entry replayed (0: none) */
    char hash[65];     /* its hash (hex), which the next entry must link to */
    unsigned long gen; /* the handle's log_gen when replayed: an append since makes it stale */
    unsigned stamp;
    unsigned char *file; /* the state file's bytes: keys of entries not owned point into it */
    int64_t file_seq;    /* the entry the state file on disk stands at (0: no usable file) */
    size_t file_bytes;   /* its size */
    size_t cost;         /* replay work since file_seq: bytes of bind lists read, and entries */
};

#define US "\x1f"

/* ---- digests ---- */

static void
put64(unsigned char out[8], uint64_t n)
{
    for (int i = 7; i >= 0; i--, n >>= 8)
        out[i] = (unsigned char)(n & 0xff);
}

static void
field(crypto_generichash_state *st, const void *p, size_t n)
{
    unsigned char len[8];
    put64(len, n);
    crypto_generichash_update(st, len, 8);
    if (n)
        crypto_generichash_update(st, p, n);
}

static void
digest_begin(crypto_generichash_state *st, const char *kind)
{
    static const char domain[] = "telltale record v1";
    crypto_generichash_init(st, NULL, 0, 32);
    field(st, domain, sizeof domain - 1);
    field(st, kind, strlen(kind));
}

static void
digest_end(crypto_generichash_state *st, char out[65])
{
    unsigned char h[32];
    crypto_generichash_final(st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* Columns 0..ncols-1 of the current row, each as a type tag and its value, then the
 * optional columns after them (the kind's query may end with some: "retired") only when
 * they are not NULL, so that adding one kept the digests of the rows that do not use it. */
static void
digest_row(sqlite3_stmt *q, int ncols, const char *kind, char out[65])
{
    crypto_generichash_state st;
    digest_begin(&st, kind);
    int all = sqlite3_column_count(q);
    for (int i = 0; i < all; i++) {
        int t = sqlite3_column_type(q, i);
        if (i >= ncols && t == SQLITE_NULL)
            continue;
        unsigned char tag = t == SQLITE_NULL      ? 'n'
                            : t == SQLITE_INTEGER ? 'i'
                            : t == SQLITE_FLOAT   ? 'f'
                            : t == SQLITE_BLOB    ? 'b'
                                                  : 't';
        field(&st, &tag, 1);
        if (t == SQLITE_INTEGER) {
            unsigned char b[8];
            put64(b, (uint64_t)sqlite3_column_int64(q, i));
            field(&st, b, 8);
        } else if (t != SQLITE_NULL) {
            const void *p = t == SQLITE_BLOB ? sqlite3_column_blob(q, i)
                                             : (const void *)sqlite3_column_text(q, i);
            field(&st, p, (size_t)sqlite3_column_bytes(q, i));
        }
    }
    digest_end(&st, out);
}

/* The row queries, one per kind: the hashed columns first, in this order (FORMATS.md). */
#define DOC_SQL                                                                                    \
    "SELECT d.id, d.doc_id, d.sha256, d.title, d.label, d.filename, d.media_type, d.original,"     \
    " d.text, d.words, d.added, d.retired FROM documents d"
#define DOC_COLS 11 /* then the optional d.retired */
#define REC_SQL "SELECT id, name, contact, unit, added, retired FROM recipients"
#define REC_COLS 5 /* then the optional retired */
#define COPY_SQL                                                                                   \
    "SELECT c.id, c.doc, d.doc_id, c.recipient, c.channels, c.params, c.sha256, c.issued"          \
    " FROM copies c LEFT JOIN documents d ON d.id = c.doc"
#define COPY_COLS 8
#define VETO_SQL                                                                                   \
    "SELECT v.doc, d.doc_id, v.pattern FROM vetoes v LEFT JOIN documents d ON d.id = v.doc"
#define VETO_COLS 3
#define BG_SQL "SELECT batch, hash FROM background"
#define FIND_SQL                                                                                   \
    "SELECT id, source, post, doc, leak_start, leak_end, doc_start, doc_end, matched_words,"       \
    " coverage, chance, fingerprint, time, json FROM findings"
#define FIND_COLS 14

static const char *
text_col(sqlite3_stmt *q, int i)
{
    const char *s = (const char *)sqlite3_column_text(q, i);
    return s ? s : "?";
}

void
tt_bind__copy_key(char out[48], const char *doc, int64_t id)
{
    snprintf(out, 48, "%s/%lld", doc, (long long)id);
}

char *
tt_bind__veto_key(const char *doc, const char *pattern)
{
    tt_buf b;
    tt_buf_init(&b);
    if (tt_buf_printf(&b, "%s\t%s", doc, pattern)) {
        tt_buf_release(&b);
        return NULL;
    }
    return tt_buf_detach(&b, NULL);
}

/* The key of the current row of a kind's query, into b (reset first). */
static int
row_key(tt_buf *b, const char *kind, sqlite3_stmt *q)
{
    b->len = 0;
    if (strcmp(kind, TT_BIND_DOC) == 0)
        return tt_buf_adds(b, text_col(q, 1));
    if (strcmp(kind, TT_BIND_RECIPIENT) == 0 || strcmp(kind, TT_BIND_FINDING) == 0)
        return tt_buf_printf(b, "%lld", (long long)sqlite3_column_int64(q, 0));
    if (strcmp(kind, TT_BIND_COPY) == 0)
        return tt_buf_printf(b, "%s/%lld", text_col(q, 2), (long long)sqlite3_column_int64(q, 0));
    return tt_buf_printf(b, "%s\t%s", text_col(q, 1), text_col(q, 2));
}

/* Digest of background batch `batch` from a statement over its hashes in order. */
static int
bg_digest(tt_vault *v, int64_t batch, char out[65], size_t *out_n)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v), BG_SQL " WHERE batch = ? ORDER BY hash", -1, &q,
                           NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the background");
    sqlite3_bind_int64(q, 1, batch);
    crypto_generichash_state st;
    digest_begin(&st, TT_BIND_BACKGROUND);
    size_t n = 0;
    int s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        unsigned char b[8];
        put64(b, (uint64_t)sqlite3_column_int64(q, 1));
        field(&st, b, 8);
        n++;
    }
    sqlite3_finalize(q);
    if (s != SQLITE_DONE)
        return tt_vault__dberr(v, "read the background");
    unsigned char c[8];
    put64(c, n);
    field(&st, c, 8);
    digest_end(&st, out);
    if (out_n)
        *out_n = n;
    return 0;
}

int
tt_bind__mark_key_fp(tt_vault *v, char out[65])
{
    const unsigned char *key;
    int rc = tt_vault__mark_key(v, &key);
    if (rc)
        return rc;
    static const char domain[] = "telltale mark key v1";
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    field(&st, domain, sizeof domain - 1);
    field(&st, key, 32);
    digest_end(&st, out);
    return 0;
}

int
tt_bind__digest(tt_vault *v, const char *kind, const char *key, char out[65])
{
    out[0] = '\0';
    if (strcmp(kind, TT_BIND_MARK_KEY) == 0)
        return tt_bind__mark_key_fp(v, out);
    if (strcmp(kind, TT_BIND_BACKGROUND) == 0) {
        size_t n;
        int rc = bg_digest(v, strtoll(key, NULL, 10), out, &n);
        if (rc == 0 && n == 0)
            rc = TT_ENOENT;
        return rc;
    }
    const char *sql;
    int ncols;
    char *a = NULL, *b = NULL;
    if (strcmp(kind, TT_BIND_DOC) == 0) {
        sql = DOC_SQL " WHERE d.doc_id = ?1";
        ncols = DOC_COLS;
    } else if (strcmp(kind, TT_BIND_RECIPIENT) == 0) {
        sql = REC_SQL " WHERE id = CAST(?1 AS INTEGER)";
        ncols = REC_COLS;
    } else if (strcmp(kind, TT_BIND_FINDING) == 0) {
        sql = FIND_SQL " WHERE id = CAST(?1 AS INTEGER)";
        ncols = FIND_COLS;
    } else if (strcmp(kind, TT_BIND_COPY) == 0) {
        const char *slash = strrchr(key, '/');
        sql = COPY_SQL " WHERE c.id = CAST(?1 AS INTEGER)";
        ncols = COPY_COLS;
        a = strdup(slash ? slash + 1 : "");
    } else if (strcmp(kind, TT_BIND_VETO) == 0) {
        const char *tab = strchr(key, '\t');
        sql = VETO_SQL " WHERE d.doc_id = ?1 AND v.pattern = ?2";
        ncols = VETO_COLS;
        a = tab ? strndup(key, (size_t)(tab - key)) : strdup(key);
        b = strdup(tab ? tab + 1 : "");
        if (!b) {
            free(a);
            a = NULL;
        }
    } else {
        return tt__error(tt_vault__err(v), TT_EINVAL, "no record kind '%s'", kind);
    }
    if ((strcmp(kind, TT_BIND_COPY) == 0 || strcmp(kind, TT_BIND_VETO) == 0) && !a)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    sqlite3_stmt *q = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(tt_vault__db(v), sql, -1, &q, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "read the vault");
        goto out;
    }
    sqlite3_bind_text(q, 1, a ? a : key, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW)
        digest_row(q, ncols, kind, out);
    else if (s == SQLITE_DONE)
        rc = TT_ENOENT;
    else
        rc = tt_vault__dberr(v, "read the vault");
out:
    sqlite3_finalize(q);
    free(a);
    free(b);
    return rc;
}

int
tt_bind__push(tt_vault *v, json_t *binds, const char *kind, const char *key)
{
    char d[65];
    int rc = tt_bind__digest(v, kind, key, d);
    if (rc == TT_ENOENT)
        return tt__error(tt_vault__err(v), TT_EDB, "cannot bind %s '%s': no such record", kind,
                         key);
    if (rc)
        return rc;
    if (json_array_append_new(binds, json_pack("[sss]", kind, key, d)))
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    return 0;
}

/* ---- the replay ---- */

static void
binds_free(struct tt_binds *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        if (b->e[i].owned)
            free((char *)b->e[i].key);
    free(b->e);
    free(b->file);
    free(b);
}

void
tt_bind__forget(tt_vault *v)
{
    binds_free(v->binds);
    v->binds = NULL;
}

/* Hex digest s (64 digits) into out; 0 when it is not one. */
static int
digest_bin(unsigned char out[32], const char *s)
{
    size_t got = 0;
    const char *end = NULL;
    return strlen(s) == 64 && sodium_hex2bin(out, 32, s, 64, NULL, &got, &end) == 0 && got == 32 &&
           *end == '\0';
}

static int
push_key(struct tt_binds *b, const char *kind, const char *key, const char *d, int live)
{
    if (!kind || !key || !d)
        return 0; /* signed, so ours: an entry of another shape binds nothing */
    if (tt__grow(&b->e, &b->cap, b->n + 1, sizeof *b->e))
        return TT_ENOMEM;
    bent *e = &b->e[b->n];
    memset(e, 0, sizeof *e);
    size_t kl = strlen(kind), yl = strlen(key);
    char *k = malloc(kl + yl + 2);
    if (!k)
        return TT_ENOMEM;
    memcpy(k, kind, kl);
    k[kl] = US[0];
    memcpy(k + kl + 1, key, yl + 1);
    e->key = k;
    e->owned = 1;
    e->good = live && digest_bin(e->digest, d);
    e->live = (unsigned char)live;
    e->order = b->n++;
    return 0;
}

static int
push_entry(struct tt_binds *b, json_t *t, int live)
{
    return push_key(b, json_string_value(json_array_get(t, 0)),
                    json_string_value(json_array_get(t, 1)),
                    live ? json_string_value(json_array_get(t, 2)) : "", live);
}

/* The value of the top-level key `key` of the JSON object text s, or NULL.  Only the bind
 * lists are parsed: a whole `add` entry is mostly title and file name, an `issue` entry
 * names every recipient. */
static const char *
top_value(const char *s, const char *key)
{
    size_t kl = strlen(key);
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            const char *start = p + 1;
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (!*p)
                return NULL;
            /* a key of the outer object: "key" followed by ':' */
            if (depth == 1 && (size_t)(p - start) == kl && memcmp(start, key, kl) == 0 &&
                p[1] == ':')
                return p + 2;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        }
    }
    return NULL;
}

static int
push_list(struct tt_binds *b, const char *args, const char *key, int live)
{
    const char *p = top_value(args, key);
    if (!p)
        return 0;
    json_t *a = json_loadb(p, strlen(p), JSON_DISABLE_EOF_CHECK, NULL);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(a); i++)
        rc = push_entry(b, json_array_get(a, i), live);
    json_decref(a);
    return rc;
}

/* A batch "add" entry's "docs" list: [id, digest, ...] per document binds ("doc", id,
 * digest), as a single entry's triple does (vault_docs.c, FORMATS.md §3.1). */
static int
push_docs(struct tt_binds *b, const char *args)
{
    const char *p = top_value(args, "docs");
    json_t *a = json_loadb(p, strlen(p), JSON_DISABLE_EOF_CHECK, NULL);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(a); i++) {
        json_t *t = json_array_get(a, i);
        rc = push_key(b, TT_BIND_DOC, json_string_value(json_array_get(t, 0)),
                      json_string_value(json_array_get(t, 1)), 1);
    }
    json_decref(a);
    return rc;
}

#define ENTRY_COST 256 /* replay work of one entry, in bytes of bind list (hash, link, row) */

static int
replay_one(void *ctx, int64_t seq, const char *action, const char *args)
{
    struct tt_binds *b = ctx;
    (void)seq;
    b->cost += ENTRY_COST;
    if (action && strcmp(action, "add") == 0 && strstr(args, "\"docs\"") &&
        top_value(args, "docs")) {
        b->cost += strlen(args);
        return push_docs(b, args);
    }
    if (!strstr(args, "bind\""))
        return 0;
    b->cost += strlen(args);
    int rc = push_list(b, args, "bind", 1);
    return rc ? rc : push_list(b, args, "unbind", 0);
}

static int
bent_cmp(const void *a, const void *b)
{
    const bent *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int
last_seq(tt_vault *v, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(tt_vault__db(v), "SELECT max(seq) FROM audit", -1, &q, NULL) !=
            SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return tt_vault__dberr(v, "read the audit log");
    }
    *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return 0;
}

/* Bring b up to the signed head: walk the chain from b's entry (b->seq, b->hash: 0 for the
 * whole log), and merge the bind lists of the entries after it over b's, the last word for
 * each key winning. */
static int
catch_up(tt_vault *v, struct tt_binds *b)
{
    struct tt_binds d = {0};
    int64_t seq = 0;
    char hash[65];
    int rc = tt_audit__replay(v, b->seq, b->seq ? b->hash : NULL, replay_one, &d, &seq, hash);
    if (rc == TT_ENOMEM)
        rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
    if (rc)
        goto out;
    if (d.n > 1)
        qsort(d.e, d.n, sizeof *d.e, bent_cmp);
    /* the last word for each key of the new entries */
    size_t w = 0;
    for (size_t r = 0; r < d.n; r++) {
        if (w && strcmp(d.e[w - 1].key, d.e[r].key) == 0) {
            free((char *)d.e[w - 1].key);
            d.e[w - 1] = d.e[r];
        } else {
            d.e[w++] = d.e[r];
        }
    }
    d.n = w;
    /* merged over b's (both sorted, keys unique) */
    if (d.n) {
        bent *m = malloc((b->n + d.n) * sizeof *m);
        if (!m) {
            rc = tt__error(&v->err, TT_ENOMEM, "out of memory");
            goto out;
        }
        size_t i = 0, j = 0, k = 0;
        while (i < b->n || j < d.n) {
            int c = i == b->n ? 1 : j == d.n ? -1 : strcmp(b->e[i].key, d.e[j].key);
            if (c < 0) {
                m[k++] = b->e[i++];
            } else {
                if (c == 0) {
                    if (b->e[i].owned)
                        free((char *)b->e[i].key);
                    i++;
                }
                m[k++] = d.e[j++];
            }
        }
        free(b->e);
        b->e = m;
        b->n = b->cap = k;
        d.n = 0;
    }
    b->seq = seq;
    memcpy(b->hash, hash, sizeof b->hash);
    b->cost += d.cost;
out:
    for (size_t i = 0; i < d.n; i++)
        free((char *)d.e[i].key);
    free(d.e);
    return rc;
}

/* ---- the signed replay state (binds.bin) ---- */

/* binds.bin in the vault's directory: the replay at one entry of the log, so that a command
 * replays only the entries after it.  Layout, integers little-endian:
 *   magic "TTBINDS\x01" (8), seq (u64: the entry it stands at), that entry's hash (32),
 *   n (u64: keys), kbytes (u64: bytes of the keys' section),
 *   n records of 33 bytes: the logged digest (32), flags (1: live, 2: the digest is good),
 *   the keys' section: n keys ("kind" US "key"), each ending in NUL, in strictly ascending
 *   byte order,
 *   the signature (64): Ed25519 by the vault's key of "telltale bind state v1" followed by
 *   BLAKE2b-256 of every byte before it.
 * It is trusted only whole: the signature checks with the vault's public key, the layout is
 * exact, the keys ascend, and the log still reaches its entry (catch_up walks from its hash
 * to the signed head).  Anything else means "replay the whole log", never an error. */
#define STATE_FILE "binds.bin"
#define STATE_MAGIC "TTBINDS\x01"
#define STATE_HDR 64
#define STATE_REC 33
#define STATE_SIG 64
#define STATE_DOMAIN "telltale bind state v1"
#define STATE_MIN_SAVE 65536 /* replay work worth a rewrite of a small state file */

/* The message the state's signature covers, into msg (returns its length). */
static size_t
state_message(unsigned char msg[sizeof STATE_DOMAIN - 1 + 32], const unsigned char *p, size_t n)
{
    memcpy(msg, STATE_DOMAIN, sizeof STATE_DOMAIN - 1);
    crypto_generichash(msg + sizeof STATE_DOMAIN - 1, 32, p, n, NULL, 0);
    return sizeof STATE_DOMAIN - 1 + 32;
}

/* The file's bytes, whole, into a fresh buffer; NULL when it cannot be read. */
static unsigned char *
slurp(const char *path, size_t *out_len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    struct stat st;
    unsigned char *buf = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < STATE_HDR + STATE_SIG ||
        (uint64_t)st.st_size > (uint64_t)SIZE_MAX / 2 || !(buf = malloc((size_t)st.st_size)))
        goto fail;
    size_t have = 0, len = (size_t)st.st_size;
    while (have < len) {
        ssize_t r = read(fd, buf + have, len - have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto fail;
        have += (size_t)r;
    }
    close(fd);
    *out_len = len;
    return buf;
fail:
    free(buf);
    close(fd);
    return NULL;
}

/* The signed state of v's directory, or NULL (none, unreadable, not whole, not signed by the
 * vault's key: the caller replays the whole log). */
static struct tt_binds *
state_load(tt_vault *v)
{
    char *path = tt_vault__path(v, STATE_FILE);
    size_t len = 0;
    unsigned char *buf = path ? slurp(path, &len) : NULL;
    free(path);
    struct tt_binds *b = NULL;
    if (!buf || memcmp(buf, STATE_MAGIC, 8) != 0)
        goto fail;
    uint64_t seq = tt__le64(buf + 8), n = tt__le64(buf + 48), kb = tt__le64(buf + 56);
    size_t body = len - STATE_HDR - STATE_SIG;
    if (seq == 0 || seq > INT64_MAX || n > body / STATE_REC || kb != body - n * STATE_REC ||
        (n > 0) != (kb > 0))
        goto fail;
    unsigned char msg[sizeof STATE_DOMAIN - 1 + 32];
    size_t ml = state_message(msg, buf, len - STATE_SIG);
    if (tt_keys__verify(&v->keys, buf + len - STATE_SIG, msg, ml) != 0)
        goto fail;
    if (!(b = calloc(1, sizeof *b)) || (n && !(b->e = malloc(n * sizeof *b->e))))
        goto fail;
    const unsigned char *rec = buf + STATE_HDR;
    const char *k = (const char *)rec + n * STATE_REC, *end = k + kb;
    for (size_t i = 0; i < n; i++, rec += STATE_REC) {
        const char *z = memchr(k, '\0', (size_t)(end - k));
        if (!z || (i && strcmp(b->e[i - 1].key, k) >= 0))
            goto fail;
        bent *e = &b->e[i];
        memset(e, 0, sizeof *e);
        e->key = k;
        memcpy(e->digest, rec, 32);
        e->live = rec[32] & 1;
        e->good = (rec[32] >> 1) & 1;
        e->order = i;
        k = z + 1;
    }
    if (k != end)
        goto fail;
    b->n = b->cap = n;
    b->seq = (int64_t)seq;
    sodium_bin2hex(b->hash, sizeof b->hash, buf + 16, 32);
    b->file = buf;
    b->file_seq = b->seq;
    b->file_bytes = len;
    return b;
fail:
    if (b) {
        free(b->e);
        free(b);
    }
    free(buf);
    return NULL;
}

/* Write b as the signed state when the file on disk is missing or stale by enough replay work
 * (a rewrite costs about what reading the file does).  Best effort: a vault directory that
 * cannot be written or a secret key that cannot be read only costs the next command time. */
static void
state_save(tt_vault *v, struct tt_binds *b)
{
    /* not inside a transaction: an entry it appended may yet be rolled back (a state of it
     * would only be useless: no log that commits another entry links to its hash) */
    if (b->seq <= 0 || b->file_seq == b->seq || v->depth > 0)
        return;
    size_t want = b->file_bytes / 16;
    if (b->file_seq > 0 && b->cost < (want > STATE_MIN_SAVE ? want : STATE_MIN_SAVE))
        return;
    size_t kb = 0;
    for (size_t i = 0; i < b->n; i++)
        kb += strlen(b->e[i].key) + 1;
    size_t len = STATE_HDR + b->n * STATE_REC + kb + STATE_SIG;
    unsigned char *buf = malloc(len);
    char *path = tt_vault__path(v, STATE_FILE);
    if (!buf || !path)
        goto out;
    memcpy(buf, STATE_MAGIC, 8);
    tt__put_le64(buf + 8, (uint64_t)b->seq);
    size_t got = 0;
    if (sodium_hex2bin(buf + 16, 32, b->hash, 64, NULL, &got, NULL) != 0 || got != 32)
        goto out;
    tt__put_le64(buf + 48, b->n);
    tt__put_le64(buf + 56, kb);
    unsigned char *rec = buf + STATE_HDR;
    char *k = (char *)rec + b->n * STATE_REC;
    for (size_t i = 0; i < b->n; i++, rec += STATE_REC) {
        memcpy(rec, b->e[i].digest, 32);
        rec[32] = (unsigned char)(b->e[i].live | b->e[i].good << 1);
        size_t l = strlen(b->e[i].key) + 1;
        memcpy(k, b->e[i].key, l);
        k += l;
    }
    unsigned char msg[sizeof STATE_DOMAIN - 1 + 32];
    size_t ml = state_message(msg, buf, len - STATE_SIG);
    tt_err saved = v->err;
    if (tt_keys__sign(&v->keys, v->dir, &v->err, buf + len - STATE_SIG, msg, ml) == 0 &&
        tt_file_write(path, buf, len, 0600, TT_FILE_REPLACE) == 0) {
        b->file_seq = b->seq;
        b->file_bytes = len;
        b->cost = 0;
    }
    v->err = saved;
out:
    free(buf);
    free(path);
}

/* The replayed log, from the handle's cache when the log has not grown since, else brought up
 * to the signed head from the handle's cache, or from the signed state file, or (fresh, or
 * when neither reaches the head) from the first entry.  A cached replay stays true even if
 * the log is edited later: it is what the signed chain said when it verified (log --verify
 * and tt_vault_check() replay the whole log afresh). */
static int
binds_get_(tt_vault *v, int fresh, struct tt_binds **out)
{
    int64_t seq;
    int rc = last_seq(v, &seq);
    if (rc)
        return rc;
    if (!fresh && v->binds && v->binds->seq == seq && v->binds->gen == v->log_gen) {
        *out = v->binds;
        return 0;
    }
    struct tt_binds *b = NULL;
    if (fresh) {
        tt_bind__forget(v);
    } else {
        b = v->binds; /* brought up to the head below, or freed */
        v->binds = NULL;
        if (!b)
            b = state_load(v);
    }
    if (b) {
        rc = catch_up(v, b);
        if (rc && rc != TT_ETAMPER) {
            binds_free(b);
            return rc;
        }
        if (rc) {
            /* not on this chain (another copy of the vault, a database put back from a
             * backup) or the chain broke after it: the whole log says which */
            binds_free(b);
            b = NULL;
            tt__error_clear(&v->err);
        }
    }
    if (!b) {
        if (!(b = calloc(1, sizeof *b)))
            return tt__error(&v->err, TT_ENOMEM, "out of memory");
        /* the state file on disk, if any, is not this replay's starting point */
        b->file_seq = -1;
        if ((rc = catch_up(v, b))) {
            binds_free(b);
            return rc;
        }
    }
    b->gen = v->log_gen;
    v->binds = b;
    state_save(v, b);
    *out = b;
    return 0;
}

static int
binds_get(tt_vault *v, struct tt_binds **out)
{
    return binds_get_(v, 0, out);
}

static bent *
lookup(struct tt_binds *b, const char *kind, const char *key)
{
    size_t lo = 0, hi = b->n, kl = strlen(kind);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = b->e[mid].key;
        int c = strncmp(k, kind, kl);
        if (c == 0)
            c = (unsigned char)k[kl] - (unsigned char)US[0];
        if (c == 0)
            c = strcmp(k + kl + 1, key);
        if (c == 0)
            return &b->e[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The first entry whose key starts with kind US prefix. */
static size_t
lower_bound(struct tt_binds *b, const char *full)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(b->e[mid].key, full) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A read transaction around a check, unless the caller holds one: one snapshot, and one lock
 * instead of one per statement (10,000 rows).  1 when begun here. */
static int
read_begin(tt_vault *v)
{
    return v->depth == 0 && sqlite3_exec(v->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
read_end(tt_vault *v, int began)
{
    if (began)
        sqlite3_exec(v->db, "COMMIT", NULL, NULL, NULL);
}

/* ---- problems ---- */

enum { P_EDITED, P_UNLOGGED, P_MISSING, P_UNREADABLE };
static const char *const problem_names[] = {"edited", "unlogged", "missing", "unreadable"};
static const char *const problem_text[] = {
    "was changed outside telltale: it differs from what the signed audit log recorded",
    "is not in the signed audit log: it was written outside telltale",
    "is in the signed audit log but gone from the vault: deleted outside telltale",
    "cannot be read to check it against the signed audit log",
};

/* "document d1", "copy 5 of document d1", ... into b. */
static int
describe(tt_buf *b, const char *kind, const char *key)
{
    b->len = 0;
    if (strcmp(kind, TT_BIND_DOC) == 0)
        return tt_buf_printf(b, "document %s", key);
    if (strcmp(kind, TT_BIND_RECIPIENT) == 0)
        return tt_buf_printf(b, "recipient #%s", key);
    if (strcmp(kind, TT_BIND_FINDING) == 0)
        return tt_buf_printf(b, "finding #%s", key);
    if (strcmp(kind, TT_BIND_COPY) == 0) {
        const char *slash = strrchr(key, '/');
        return tt_buf_printf(b, "copy #%s of document %.*s", slash ? slash + 1 : key,
                             (int)(slash ? (size_t)(slash - key) : 0), key);
    }
    if (strcmp(kind, TT_BIND_VETO) == 0) {
        const char *tab = strchr(key, '\t');
        return tt_buf_printf(b, "veto '%s' of document %.*s", tab ? tab + 1 : key,
                             (int)(tab ? (size_t)(tab - key) : 0), key);
    }
    if (strcmp(kind, TT_BIND_BACKGROUND) == 0)
        return tt_buf_printf(b, "background batch %s", key);
    if (strcmp(kind, TT_BIND_MARK_KEY) == 0)
        return tt_buf_printf(b, "the marking key (%s)", key);
    return tt_buf_printf(b, "%s %s", kind, key);
}

/* A check on use found problem p with kind/key: record it on v, return TT_ETAMPER. */
static int
refuse(tt_vault *v, const char *kind, const char *key, int p)
{
    tt_buf b;
    tt_buf_init(&b);
    int oom = describe(&b, kind, key);
    int rc = tt__error(tt_vault__err(v), TT_ETAMPER,
                       "refusing to answer from a tampered vault: %s %s (run 'telltale log "
                       "--verify')",
                       oom ? kind : b.data, problem_text[p]);
    tt_buf_release(&b);
    return rc;
}

/* Compare the row's digest d (NULL: no row) with the log's last word for kind/key; -1 when
 * they agree, else the problem. */
static int
judge(struct tt_binds *b, const char *kind, const char *key, const char *d)
{
    bent *e = lookup(b, kind, key);
    if (e)
        e->seen = b->stamp;
    if (!d)
        return e && e->live ? P_MISSING : -1;
    if (!e || !e->live)
        return P_UNLOGGED;
    unsigned char raw[32];
    return e->good && digest_bin(raw, d) && sodium_memcmp(e->digest, raw, 32) == 0 ? -1 : P_EDITED;
}

static int
check_one(tt_vault *v, struct tt_binds *b, const char *kind, const char *key)
{
    char d[65];
    int rc = tt_bind__digest(v, kind, key, d);
    if (rc && rc != TT_ENOENT)
        return rc;
    int p = judge(b, kind, key, rc == TT_ENOENT ? NULL : d);
    return p < 0 ? 0 : refuse(v, kind, key, p);
}

/* Every row of sql (the kind's query with a WHERE on ?1 = doc) and every logged record of
 * the kind under prefix "DOC<sep>", both ways.  rids collects recipient ids (copies). */
static int
check_rows(tt_vault *v, struct tt_binds *b, const char *kind, const char *sql, int ncols,
           const char *doc, char sep, int64_t **rids, size_t *nrids)
{
    sqlite3_stmt *q = NULL;
    tt_buf key;
    tt_buf_init(&key);
    size_t rcap = 0;
    int rc = 0, s;
    b->stamp++;
    if (sqlite3_prepare_v2(tt_vault__db(v), sql, -1, &q, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the vault");
    sqlite3_bind_text(q, 1, doc, -1, SQLITE_STATIC);
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        char d[65];
        if (row_key(&key, kind, q)) {
            rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
            break;
        }
        digest_row(q, ncols, kind, d);
        int p = judge(b, kind, key.data, d);
        if (p >= 0) {
            rc = refuse(v, kind, key.data, p);
            break;
        }
        if (rids) {
            if (tt__grow(rids, &rcap, *nrids + 1, sizeof **rids)) {
                rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
                break;
            }
            (*rids)[(*nrids)++] = sqlite3_column_int64(q, 3);
        }
    }
    sqlite3_finalize(q);
    if (rc == 0 && s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the vault");
    if (rc == 0) {
        key.len = 0;
        if (tt_buf_printf(&key, "%s" US "%s%c", kind, doc, sep)) {
            rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        } else {
            for (size_t i = lower_bound(b, key.data);
                 i < b->n && strncmp(b->e[i].key, key.data, key.len) == 0; i++)
                if (b->e[i].live && b->e[i].seen != b->stamp) {
                    rc = refuse(v, kind, b->e[i].key + strlen(kind) + 1, P_MISSING);
                    break;
                }
        }
    }
    tt_buf_release(&key);
    return rc;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int
tt_bind__check(tt_vault *v, const char *kind, const char *key)
{
    struct tt_binds *b;
    int rc = binds_get(v, &b);
    if (rc)
        return rc;
    b->stamp++;
    return check_one(v, b, kind, key);
}

static int
check_doc(tt_vault *v, const char *doc);

int
tt_bind__check_doc(tt_vault *v, const char *doc)
{
    int began = read_begin(v);
    int rc = check_doc(v, doc);
    read_end(v, began);
    return rc;
}

static int
check_doc(tt_vault *v, const char *doc)
{
    struct tt_binds *b;
    int rc = binds_get(v, &b);
    if (rc)
        return rc;
    b->stamp++;
    if ((rc = check_one(v, b, TT_BIND_DOC, doc)))
        return rc;
    int64_t *rids = NULL;
    size_t nr = 0;
    rc = check_rows(v, b, TT_BIND_COPY, COPY_SQL " WHERE d.doc_id = ?1", COPY_COLS, doc, '/', &rids,
                    &nr);
    if (!rc)
        rc = check_rows(v, b, TT_BIND_VETO, VETO_SQL " WHERE d.doc_id = ?1", VETO_COLS, doc, '\t',
                        NULL, NULL);
    if (!rc && nr > 1)
        qsort(rids, nr, sizeof *rids, cmp_i64);
    /* the recipients of those copies: one statement for all (10,000 copies, 10,000 rows) */
    sqlite3_stmt *q = NULL;
    if (!rc && nr &&
        sqlite3_prepare_v2(tt_vault__db(v), REC_SQL " WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
        rc = tt_vault__dberr(v, "read recipients");
    for (size_t i = 0; !rc && i < nr; i++) {
        if (i && rids[i] == rids[i - 1])
            continue;
        char key[24], d[65];
        snprintf(key, sizeof key, "%lld", (long long)rids[i]);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, rids[i]);
        int s = sqlite3_step(q);
        if (s == SQLITE_ROW)
            digest_row(q, REC_COLS, TT_BIND_RECIPIENT, d);
        else if (s != SQLITE_DONE) {
            rc = tt_vault__dberr(v, "read recipients");
            break;
        }
        int p = judge(b, TT_BIND_RECIPIENT, key, s == SQLITE_ROW ? d : NULL);
        if (p >= 0)
            rc = refuse(v, TT_BIND_RECIPIENT, key, p);
    }
    sqlite3_finalize(q);
    free(rids);
    return rc;
}

int
tt_bind__check_mark_key(tt_vault *v)
{
    struct tt_binds *b;
    int rc = binds_get(v, &b);
    if (rc)
        return rc;
    char d[65];
    if ((rc = tt_bind__mark_key_fp(v, d)))
        return rc;
    int p = judge(b, TT_BIND_MARK_KEY, TT_VAULT_MARK, d);
    return p < 0 ? 0 : refuse(v, TT_BIND_MARK_KEY, TT_VAULT_MARK, p);
}

/* Every background batch in the table, and every one logged, both ways. */
static int each_bg_batch(tt_vault *v, struct tt_binds *b, tt_vault_problem **probs, size_t *np,
                         size_t *pcap);
static int each_logged_missing(tt_vault *v, struct tt_binds *b, const char *kind,
                               tt_vault_problem **probs, size_t *np, size_t *pcap);

static int
check_registry(tt_vault *v);

int
tt_bind__check_registry(tt_vault *v)
{
    int began = read_begin(v);
    int rc = check_registry(v);
    read_end(v, began);
    return rc;
}

static int
check_registry(tt_vault *v)
{
    struct tt_binds *b;
    int rc = binds_get(v, &b);
    if (rc)
        return rc;
    b->stamp++;
    if ((rc = each_bg_batch(v, b, NULL, NULL, NULL)))
        return rc;
    /* every logged document is still registered (its row: the full digest is checked when a
     * document is used).  The ids come in the order of their unique index, the byte order of
     * the replay's keys, so one merge pass finds them; an id out of that order is looked up. */
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v), "SELECT doc_id FROM documents ORDER BY doc_id", -1, &q,
                           NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read documents");
    static const char prefix[] = TT_BIND_DOC US;
    const size_t pl = sizeof prefix - 1;
    size_t j = lower_bound(b, prefix);
    tt_buf last;
    tt_buf_init(&last);
    int s, oom = 0;
    while (!oom && (s = sqlite3_step(q)) == SQLITE_ROW) {
        const char *id = text_col(q, 0);
        bent *e = NULL;
        if (last.len && strcmp(id, last.data) <= 0) {
            e = lookup(b, TT_BIND_DOC, id);
        } else {
            while (j < b->n && strncmp(b->e[j].key, prefix, pl) == 0 &&
                   strcmp(b->e[j].key + pl, id) < 0)
                j++;
            if (j < b->n && strncmp(b->e[j].key, prefix, pl) == 0 &&
                strcmp(b->e[j].key + pl, id) == 0)
                e = &b->e[j];
            last.len = 0;
            oom = tt_buf_adds(&last, id) || tt_buf_addc(&last, '\0');
        }
        if (e)
            e->seen = b->stamp;
    }
    sqlite3_finalize(q);
    tt_buf_release(&last);
    if (oom)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    if (s != SQLITE_DONE)
        return tt_vault__dberr(v, "read documents");
    return each_logged_missing(v, b, TT_BIND_DOC, NULL, NULL, NULL);
}

static int
check_table(tt_vault *v, struct tt_binds *b, const char *kind, const char *sql, int ncols,
            tt_vault_problem **probs, size_t *np, size_t *pcap);

int
tt_bind__check_findings(tt_vault *v)
{
    int began = read_begin(v);
    struct tt_binds *b;
    int rc = binds_get(v, &b);
    if (rc == 0) {
        b->stamp++;
        rc = check_table(v, b, TT_BIND_FINDING, FIND_SQL, FIND_COLS, NULL, NULL, NULL);
    }
    read_end(v, began);
    return rc;
}

/* ---- the full check ---- */

/* Record problem p on the list, or (probs NULL: a check on use) refuse. */
static int
report(tt_vault *v, tt_vault_problem **probs, size_t *np, size_t *pcap, const char *kind,
       const char *key, int p)
{
    if (!probs)
        return refuse(v, kind, key, p);
    if (tt__grow(probs, pcap, *np + 1, sizeof **probs))
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    tt_vault_problem *x = &(*probs)[*np];
    memset(x, 0, sizeof *x);
    snprintf(x->kind, sizeof x->kind, "%s", kind);
    x->problem = problem_names[p];
    tt_buf d;
    tt_buf_init(&d);
    int oom = describe(&d, kind, key) || tt_buf_printf(&d, " %s", problem_text[p]);
    x->key = strdup(key);
    x->message = oom ? NULL : tt_buf_detach(&d, NULL);
    tt_buf_release(&d);
    (*np)++;
    if (!x->key || !x->message)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    return 0;
}

static int
each_bg_batch(tt_vault *v, struct tt_binds *b, tt_vault_problem **probs, size_t *np, size_t *pcap)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v), "SELECT DISTINCT batch FROM background ORDER BY batch",
                           -1, &q, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the background");
    int rc = 0, s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        char key[24], d[65];
        snprintf(key, sizeof key, "%lld", (long long)sqlite3_column_int64(q, 0));
        if ((rc = bg_digest(v, sqlite3_column_int64(q, 0), d, NULL)))
            break;
        int p = judge(b, TT_BIND_BACKGROUND, key, d);
        if (p >= 0 && (rc = report(v, probs, np, pcap, TT_BIND_BACKGROUND, key, p)))
            break;
    }
    sqlite3_finalize(q);
    if (rc == 0 && s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the background");
    return rc ? rc : each_logged_missing(v, b, TT_BIND_BACKGROUND, probs, np, pcap);
}

/* Every live logged record of kind not seen in this pass is missing. */
static int
each_logged_missing(tt_vault *v, struct tt_binds *b, const char *kind, tt_vault_problem **probs,
                    size_t *np, size_t *pcap)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%s" US, kind);
    size_t pl = strlen(prefix);
    for (size_t i = lower_bound(b, prefix); i < b->n && strncmp(b->e[i].key, prefix, pl) == 0;
         i++) {
        if (!b->e[i].live || b->e[i].seen == b->stamp)
            continue;
        int rc = report(v, probs, np, pcap, kind, b->e[i].key + pl, P_MISSING);
        if (rc)
            return rc;
    }
    return 0;
}

static int
check_table(tt_vault *v, struct tt_binds *b, const char *kind, const char *sql, int ncols,
            tt_vault_problem **probs, size_t *np, size_t *pcap)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v), sql, -1, &q, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the vault");
    tt_buf key;
    tt_buf_init(&key);
    int rc = 0, s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        char d[65];
        if (row_key(&key, kind, q)) {
            rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
            break;
        }
        digest_row(q, ncols, kind, d);
        int p = judge(b, kind, key.data, d);
        if (p >= 0 && (rc = report(v, probs, np, pcap, kind, key.data, p)))
            break;
    }
    sqlite3_finalize(q);
    tt_buf_release(&key);
    if (rc == 0 && s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the vault");
    return rc ? rc : each_logged_missing(v, b, kind, probs, np, pcap);
}

static int
vault_check(tt_vault *v, tt_vault_problem **out, size_t *out_n);

int
tt_vault_check(tt_vault *v, tt_vault_problem **out, size_t *out_n)
{
    int began = read_begin(v);
    int rc = vault_check(v, out, out_n);
    read_end(v, began);
    return rc;
}

static int
vault_check(tt_vault *v, tt_vault_problem **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    /* a fresh replay of the whole log: the full check also answers whether the log verifies
     * now, from its first entry */
    struct tt_binds *b;
    int rc = binds_get_(v, 1, &b);
    if (rc)
        return rc;
    b->stamp++;
    tt_vault_problem *p = NULL;
    size_t n = 0, cap = 0;
    if ((rc = check_table(v, b, TT_BIND_DOC, DOC_SQL, DOC_COLS, &p, &n, &cap)) ||
        (rc = check_table(v, b, TT_BIND_RECIPIENT, REC_SQL, REC_COLS, &p, &n, &cap)) ||
        (rc = check_table(v, b, TT_BIND_COPY, COPY_SQL, COPY_COLS, &p, &n, &cap)) ||
        (rc = check_table(v, b, TT_BIND_VETO, VETO_SQL, VETO_COLS, &p, &n, &cap)) ||
        (rc = check_table(v, b, TT_BIND_FINDING, FIND_SQL, FIND_COLS, &p, &n, &cap)) ||
        (rc = each_bg_batch(v, b, &p, &n, &cap)))
        goto fail;
    char d[65];
    int krc = tt_bind__mark_key_fp(v, d);
    if (krc == TT_ENOMEM) {
        rc = krc;
        goto fail;
    }
    int kp = krc ? P_UNREADABLE : judge(b, TT_BIND_MARK_KEY, TT_VAULT_MARK, d);
    if (kp >= 0 && (rc = report(v, &p, &n, &cap, TT_BIND_MARK_KEY, TT_VAULT_MARK, kp)))
        goto fail;
    if ((rc = each_logged_missing(v, b, TT_BIND_MARK_KEY, &p, &n, &cap)))
        goto fail;
    tt__error_clear(tt_vault__err(v));
    *out = p;
    *out_n = n;
    return 0;
fail:
    tt_vault_problems_free(p, n);
    return rc;
}

void
tt_vault_problems_free(tt_vault_problem *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++) {
        free(p[i].key);
        free(p[i].message);
    }
    free(p);
}

/* ---- vaults from before schema 4 ---- */

/* Push a bind for every row of sql's first column as key (an integer or text). */
static int
push_all(tt_vault *v, json_t *binds, const char *kind, const char *sql)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v), sql, -1, &q, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the vault");
    int rc = 0, s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        char *key = strdup(text_col(q, 0));
        rc = key ? tt_bind__push(v, binds, kind, key)
                 : tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        free(key);
        if (rc)
            break;
    }
    sqlite3_finalize(q);
    if (rc == 0 && s != SQLITE_DONE)
        rc = tt_vault__dberr(v, "read the vault");
    return rc;
}

static int
is_bound(tt_vault *v, int *out)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v),
                           /* entry 1 first: a vault made at schema 4 needs no scan */
                           "SELECT CASE WHEN EXISTS(SELECT 1 FROM audit WHERE seq = 1 AND"
                           " action = 'init' AND instr(args, '\"bind\"') > 0) THEN 1"
                           " ELSE EXISTS(SELECT 1 FROM audit WHERE action = 'rebind') END",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return tt_vault__dberr(v, "read the audit log");
    }
    *out = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return 0;
}

int
tt_bind__rebind(tt_vault *v)
{
    int bound, rc = is_bound(v, &bound);
    if (rc || bound)
        return rc;
    if ((rc = tt_vault__begin(v)))
        return rc;
    json_t *binds = NULL;
    char *args = NULL;
    if ((rc = is_bound(v, &bound)) || bound)
        goto out; /* another process did it meanwhile */
    /* A log that does not verify is not extended: log --verify reports it, and every record
     * stays unbound, so trace and verify refuse to answer from it. */
    if (tt_vault_log_verify(v, NULL) != 0) {
        tt__error_clear(tt_vault__err(v));
        goto out;
    }
    if (!(binds = json_array())) {
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = push_all(v, binds, TT_BIND_DOC, "SELECT doc_id FROM documents ORDER BY id")) ||
        (rc = push_all(v, binds, TT_BIND_RECIPIENT, "SELECT id FROM recipients ORDER BY id")) ||
        (rc = push_all(v, binds, TT_BIND_COPY,
                       "SELECT d.doc_id || '/' || c.id FROM copies c JOIN documents d"
                       " ON d.id = c.doc ORDER BY c.id")) ||
        (rc = push_all(v, binds, TT_BIND_VETO,
                       "SELECT d.doc_id || char(9) || v.pattern FROM vetoes v JOIN documents d"
                       " ON d.id = v.doc ORDER BY v.doc, v.pattern")) ||
        (rc = push_all(v, binds, TT_BIND_BACKGROUND,
                       "SELECT DISTINCT batch FROM background ORDER BY batch")) ||
        (rc = push_all(v, binds, TT_BIND_FINDING, "SELECT id FROM findings ORDER BY id")) ||
        (rc = tt_bind__push(v, binds, TT_BIND_MARK_KEY, TT_VAULT_MARK)))
        goto out;
    json_t *a = json_pack("{s:i, s:s, s:O}", "schema", 4, "note",
                          "records present when the vault was upgraded: bound from now on, "
                          "not proven for the time before",
                          "bind", binds);
    args = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(a);
    rc = args ? tt_vault_log_append(v, "rebind", args)
              : tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
out:
    json_decref(binds);
    free(args);
    if (rc) {
        tt_vault__rollback(v);
        return rc;
    }
    return tt_vault__commit(v);
}
