/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.c: the fingerprint index.  Each registered document's fingerprints (normalize.c +
 * winnow.c) are stored in the vault's doc_index table with the algorithm version that made
 * them; tt_index_refresh() fingerprints every document that has no row or an old version, so
 * `add` only has to call it and a change of algorithm reindexes by itself.
 *
 * Loaded, the index is one array of (hash, document, position) entries sorted by hash, plus a
 * directory on the top bits of the hash with about one entry per slot: a lookup is two cache
 * misses, whatever the number of documents.  16 bytes per kept fingerprint, 4 per directory
 * slot, plus a blocked Bloom prefilter of about 8 bits per kept fingerprint (scan_hotloop.h) that
 * the scanner tests before touching the table; at the default density (about 2/(w+1) of the units) that is roughly 3-4 bytes of
 * index per byte of registered prose.
 *
 * Filters, so that boilerplate does not make every memo match every other: a fingerprint in
 * more than TT_INDEX_MAX_DF documents is dropped, and so is one found in the background table
 * (`telltale index --background FILES`).  When the background table is empty, it is seeded on
 * first load from the BSD, GPL-2 and LGPL-2.1 texts in /usr/share/common-licenses when they
 * exist (the warranty disclaimers and clauses most often copied into other texts); on a
 * machine without them the table stays empty until the user adds ordinary prose of their
 * own, which is what a deployment should do anyway (its own public reports, newsletters).
 *
 * The built index of a vault is cached in index.bin next to the database (index_cache.c) and
 * checked against the vault state (a generation counter in the meta table bumped here by every
 * refresh that indexes a document and every background addition, plus the doc_index and
 * background sizes) before it is trusted; otherwise it is rebuilt and rewritten.  Each row
 * also keeps the document's unit bytes (tt_hotloop__ubyte) for the scanner's pre-alignment
 * check.
 */
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bgmodel.h"
#include "bind.h"
#include "index.h"
#include "normalize.h"
#include "vault_internal.h"
#include "winnow.h"
#include "common.h"

int
tt_index__fingerprints(tt_fp **fps, size_t *n, size_t *cap, const char *text, size_t len,
                       tt_buf *units)
{
    tt_norm st;
    tt_norm__init(&st, 0);
    tt_winnow w;
    tt_winnow__init(&w, TT_WINNOW_K, TT_WINNOW_W);
    tt_nunit buf[1024];
    size_t pos = 0;
    for (;;) {
        size_t got;
        pos += tt_norm__run(&st, text + pos, len - pos, 1, buf, TT_ARRAY_LEN(buf), &got);
        for (size_t i = 0; i < got; i++) {
            tt_fp fp;
            if (units && tt_buf_addc(units, (char)tt_hotloop__ubyte(buf[i].cp)))
                return TT_ENOMEM;
            if (tt_winnow__push(&w, buf[i].cp, &fp)) {
                if (tt__grow(fps, cap, *n + 1, sizeof **fps))
                    return TT_ENOMEM;
                (*fps)[(*n)++] = fp;
            }
        }
        if (pos == len && !st.has_pend)
            break;
    }
    return 0;
}

int
tt_index__encode(tt_buf *out, const tt_fp *fps, size_t n, const uint8_t *ub, size_t nub)
{
    if (tt_buf_grow(out, 4 + n * 12 + nub))
        return TT_ENOMEM;
    unsigned char c[4];
    for (int j = 0; j < 4; j++)
        c[j] = (unsigned char)((uint32_t)n >> (8 * j));
    tt_buf_add(out, c, 4);
    for (size_t i = 0; i < n; i++) {
        unsigned char b[12];
        for (int j = 0; j < 8; j++)
            b[j] = (unsigned char)(fps[i].hash >> (8 * j));
        uint32_t p = fps[i].pos > UINT32_MAX ? UINT32_MAX : (uint32_t)fps[i].pos;
        for (int j = 0; j < 4; j++)
            b[8 + j] = (unsigned char)(p >> (8 * j));
        tt_buf_add(out, b, 12);
    }
    if (nub)
        tt_buf_add(out, ub, nub);
    return 0;
}

static uint64_t
get64(const unsigned char *b)
{
    uint64_t v = 0;
    for (int j = 7; j >= 0; j--)
        v = (v << 8) | b[j];
    return v;
}

static uint32_t
get32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int
cmp_entry(const void *a, const void *b)
{
    const tt_index_entry *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int
in_sorted(const uint64_t *s, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid] == h)
            return 1;
        if (s[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Sort the entries, drop the filtered ones, build the directory.  bg is sorted. */
static int
finish_build(tt_index *ix, const uint64_t *bg, size_t nbg)
{
    if (ix->n > 1)
        qsort(ix->e, ix->n, sizeof *ix->e, cmp_entry);
    size_t o = 0;
    for (size_t i = 0; i < ix->n;) {
        size_t j = i, df = 0;
        while (j < ix->n && ix->e[j].hash == ix->e[i].hash) {
            if (j == i || ix->e[j].doc != ix->e[j - 1].doc)
                df++;
            j++;
        }
        if (df > TT_INDEX_MAX_DF)
            ix->dropped_df += j - i;
        else if (nbg && in_sorted(bg, nbg, ix->e[i].hash))
            ix->dropped_bg += j - i;
        else {
            memmove(ix->e + o, ix->e + i, (j - i) * sizeof *ix->e);
            o += j - i;
        }
        i = j;
    }
    ix->n = o;
    for (size_t d = 0; d < ix->ndocs; d++)
        ix->docs[d].nfps = 0;
    for (size_t i = 0; i < ix->n; i++)
        ix->docs[ix->e[i].doc].nfps++;
    unsigned bits = 8;
    while (bits < 30 && ((size_t)1 << bits) < ix->n)
        bits++;
    ix->bits = bits;
    ix->dir = malloc(sizeof *ix->dir * (((size_t)1 << bits) + 1));
    if (!ix->dir)
        return TT_ENOMEM;
    /* the prefilter: one 64-bit word per 8 kept fingerprints, rounded up to a power of two */
    size_t nw = 1;
    while (nw * 8 < ix->n)
        nw <<= 1;
    ix->bloom.w = calloc(2 * nw, sizeof *ix->bloom.w); /* both filters, one allocation */
    if (!ix->bloom.w)
        return TT_ENOMEM;
    ix->bloom.nwords = ix->n ? nw : 0;
    ix->bloom.mask = nw - 1;
    ix->bloom_ev = ix->bloom;
    ix->bloom_ev.w = ix->bloom.w + nw;
    const tt_bgmodel *model = tt_bgmodel__builtin();
    for (size_t k = 0; k < ix->n;) {
        size_t j = k, df = 0;
        while (j < ix->n && ix->e[j].hash == ix->e[k].hash) {
            df += j == k || ix->e[j].doc != ix->e[j - 1].doc;
            j++;
        }
        tt_bloom__add(&ix->bloom, ix->e[k].hash);
        /* the scanner's filter: fingerprints few documents hold and ordinary language
         * (the background model, bgmodel.h) does not */
        if (df <= TT_INDEX_EVIDENCE_DF && !tt_bgmodel__test(model, ix->e[k].hash))
            tt_bloom__add(&ix->bloom_ev, ix->e[k].hash);
        k = j;
    }
    size_t i = 0;
    for (size_t b = 0; b <= ((size_t)1 << bits); b++) {
        while (i < ix->n && (ix->e[i].hash >> (64 - bits)) < b)
            i++;
        ix->dir[b] = (uint32_t)i;
    }
    return 0;
}

/* Append a document's unit bytes to the index's arena. */
static int
add_doc_units(tt_index *ix, tt_index_doc *doc, const uint8_t *ub, size_t n)
{
    if (n > UINT32_MAX)
        n = UINT32_MAX;
    if (tt__grow(&ix->ub, &ix->ubcap, ix->nub + n + 1, 1))
        return TT_ENOMEM;
    if (n)
        memcpy(ix->ub + ix->nub, ub, n);
    ix->nub += n;
    doc->nu = (uint32_t)n;
    return 0;
}

/* Point every document at its unit bytes (the arena no longer moves). */
static void
link_doc_units(tt_index *ix)
{
    size_t off = 0;
    for (size_t d = 0; d < ix->ndocs; d++) {
        ix->docs[d].ub = ix->ub ? ix->ub + off : NULL;
        off += ix->docs[d].nu;
    }
}

static int
add_doc_entries(tt_index *ix, size_t *cap, uint32_t doc, const tt_fp *fps, size_t n)
{
    if (tt__grow(&ix->e, cap, ix->n + n, sizeof *ix->e))
        return TT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        tt_index_entry *e = &ix->e[ix->n++];
        e->hash = fps[i].hash;
        e->doc = doc;
        e->pos = fps[i].pos > UINT32_MAX ? UINT32_MAX : (uint32_t)fps[i].pos;
    }
    return 0;
}

void
tt_index_free(tt_index *ix)
{
    if (!ix)
        return;
    if (ix->map) {
        free(ix->docs); /* titles, entries, directory, prefilter and units are in the map */
        munmap(ix->map, ix->maplen);
        free(ix);
        return;
    }
    for (size_t d = 0; d < ix->ndocs; d++) {
        free(ix->docs[d].title);
        free(ix->docs[d].text);
    }
    free(ix->docs);
    free(ix->e);
    free(ix->dir);
    free(ix->bloom.w);
    free(ix->ub);
    free(ix);
}

void
tt_index_stats_get(const tt_index *ix, tt_index_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!ix)
        return;
    out->docs = ix->ndocs;
    out->fingerprints = ix->n;
    out->dropped_df = ix->dropped_df;
    out->dropped_bg = ix->dropped_bg;
    out->memory = ix->n * sizeof *ix->e + ((((size_t)1 << ix->bits) + 1) * sizeof *ix->dir) +
                  2 * ix->bloom.nwords * sizeof *ix->bloom.w + ix->ndocs * sizeof *ix->docs +
                  ix->nub;
}

static char *
dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

int
tt_index__from_texts(tt_index **out, const tt_index_src *docs, size_t n,
                     const tt_index_src *background, size_t nbg, tt_err *err)
{
    *out = NULL;
    tt_index *ix = calloc(1, sizeof *ix);
    tt_fp *fps = NULL;
    size_t nfps = 0, fcap = 0, ecap = 0;
    uint64_t *bg = NULL;
    size_t bgn = 0;
    tt_buf units;
    tt_buf_init(&units);
    if (!ix || !(ix->docs = calloc(n ? n : 1, sizeof *ix->docs)))
        goto nomem;
    for (size_t d = 0; d < n; d++) {
        tt_index_doc *id = &ix->docs[ix->ndocs++];
        snprintf(id->id, sizeof id->id, "%s", docs[d].id);
        id->title = dup_str(docs[d].title ? docs[d].title : docs[d].id);
        id->text = malloc(docs[d].len + 1);
        if (!id->title || !id->text)
            goto nomem;
        memcpy(id->text, docs[d].text, docs[d].len);
        id->text[docs[d].len] = '\0';
        id->len = docs[d].len;
        nfps = 0;
        units.len = 0;
        if (tt_index__fingerprints(&fps, &nfps, &fcap, docs[d].text, docs[d].len, &units) ||
            add_doc_entries(ix, &ecap, (uint32_t)d, fps, nfps) ||
            add_doc_units(ix, id, (const uint8_t *)units.data, units.len))
            goto nomem;
    }
    link_doc_units(ix);
    tt_buf_release(&units);
    nfps = 0;
    for (size_t b = 0; b < nbg; b++)
        if (tt_index__fingerprints(&fps, &nfps, &fcap, background[b].text, background[b].len,
                                   NULL))
            goto nomem;
    if (nfps) {
        bg = malloc(sizeof *bg * nfps);
        if (!bg)
            goto nomem;
        for (size_t i = 0; i < nfps; i++)
            bg[i] = fps[i].hash;
        qsort(bg, nfps, sizeof *bg, cmp_u64);
        bgn = nfps;
    }
    if (finish_build(ix, bg, bgn))
        goto nomem;
    free(fps);
    free(bg);
    *out = ix;
    return 0;
nomem:
    free(fps);
    free(bg);
    tt_buf_release(&units);
    tt_index_free(ix);
    return tt__error(err, TT_ENOMEM, "out of memory building the index");
}

/* ---- the vault-backed index ---- */

static int
store_fingerprints(tt_vault *v, sqlite3_stmt *ins, int64_t row, const char *text, size_t len)
{
    tt_fp *fps = NULL;
    size_t n = 0, cap = 0;
    tt_buf b, units;
    tt_buf_init(&b);
    tt_buf_init(&units);
    int rc = tt_index__fingerprints(&fps, &n, &cap, text, len, &units);
    if (!rc)
        rc = tt_index__encode(&b, fps, n, (const uint8_t *)units.data, units.len);
    free(fps);
    tt_buf_release(&units);
    if (rc) {
        tt_buf_release(&b);
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory fingerprinting");
    }
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, row);
    sqlite3_bind_int64(ins, 2, TT_INDEX_VERSION);
    sqlite3_bind_blob(ins, 3, b.data ? b.data : "", (int)b.len, SQLITE_TRANSIENT);
    int s = sqlite3_step(ins);
    tt_buf_release(&b);
    if (s != SQLITE_DONE)
        return tt_vault__dberr(v, "store the index");
    return 0;
}

/* Bump the generation that cached indexes are checked against (index_cache.c). */
static int
bump_generation(tt_vault *v)
{
    if (sqlite3_exec(tt_vault__db(v),
                     "INSERT INTO meta(key, value) VALUES ('index_generation', '1') "
                     "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                     NULL, NULL, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "update the index generation");
    return 0;
}

/* The vault state an index is built from (see tt_index_state). */
static int
read_state(tt_vault *v, tt_index_state *st)
{
    memset(st, 0, sizeof *st);
    sqlite3 *db = tt_vault__db(v);
    sqlite3_stmt *q = NULL;
    int ok = sqlite3_prepare_v2(db,
                                "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                                "'index_generation'), (SELECT count(*) FROM doc_index), "
                                "(SELECT max(doc) FROM doc_index), (SELECT sum(doc) FROM "
                                "doc_index), (SELECT count(*) FROM background)",
                                -1, &q, NULL) == SQLITE_OK &&
             sqlite3_step(q) == SQLITE_ROW;
    if (ok) {
        st->gen = (uint64_t)sqlite3_column_int64(q, 0);
        st->rows = (uint64_t)sqlite3_column_int64(q, 1);
        st->maxdoc = (uint64_t)sqlite3_column_int64(q, 2);
        st->sumdoc = (uint64_t)sqlite3_column_int64(q, 3);
        st->nbg = (uint64_t)sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    return ok ? 0 : tt_vault__dberr(v, "read the index state");
}

/* index.bin next to the vault's database, malloc'd; NULL for an in-memory database. */
static char *
cache_path(tt_vault *v)
{
    const char *db = sqlite3_db_filename(tt_vault__db(v), "main");
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
tt_index_refresh(tt_vault *v, size_t *out_indexed)
{
    if (out_indexed)
        *out_indexed = 0;
    sqlite3 *db = tt_vault__db(v);
    sqlite3_stmt *sel = NULL, *ins = NULL;
    /* The common case, nothing to do, answered from indexes alone and without a write
     * transaction: doc_index rows are unique per document and cascade with it, so as many
     * rows at the current version as documents means every document is indexed. */
    int uptodate = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT (SELECT count(*) FROM documents) = (SELECT count(*) FROM "
                           "doc_index INDEXED BY doc_index_version WHERE version = ?1)",
                           -1, &sel, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(sel, 1, TT_INDEX_VERSION);
        uptodate = sqlite3_step(sel) == SQLITE_ROW && sqlite3_column_int(sel, 0) == 1;
    }
    sqlite3_finalize(sel);
    sel = NULL;
    if (uptodate)
        return 0;
    int rc = tt_vault__begin(v);
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(db,
                           "SELECT d.id, d.text FROM documents d LEFT JOIN doc_index i ON "
                           "i.doc = d.id WHERE i.doc IS NULL OR i.version <> ?1 ORDER BY d.id",
                           -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO doc_index(doc, version, fingerprints) "
                           "VALUES (?1, ?2, ?3)",
                           -1, &ins, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "read the index");
        goto out;
    }
    sqlite3_bind_int64(sel, 1, TT_INDEX_VERSION);
    int s;
    size_t done = 0;
    while ((s = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t row = sqlite3_column_int64(sel, 0);
        const char *text = (const char *)sqlite3_column_text(sel, 1);
        size_t len = (size_t)sqlite3_column_bytes(sel, 1);
        if ((rc = store_fingerprints(v, ins, row, text ? text : "", text ? len : 0)))
            goto out;
        done++;
    }
    if (out_indexed)
        *out_indexed = done;
    if (s != SQLITE_DONE) {
        rc = tt_vault__dberr(v, "read documents");
        goto out;
    }
    if (done)
        rc = bump_generation(v);
out:
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    if (rc) {
        tt_vault__rollback(v);
        return rc;
    }
    return tt_vault__commit(v);
}

/* How much of each registered document the sorted hashes bg[0..nbg) would hide: the total
 * over all documents into r->suppressed, the document losing the largest share into r->doc. */
static int
hidden_by(tt_vault *v, const uint64_t *bg, size_t nbg, tt_background_result *r)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(tt_vault__db(v),
                           "SELECT d.doc_id, i.fingerprints FROM doc_index i JOIN documents d"
                           " ON d.id = i.doc ORDER BY d.id",
                           -1, &st, NULL) != SQLITE_OK)
        return tt_vault__dberr(v, "read the index");
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *blob = sqlite3_column_blob(st, 1);
        size_t bytes = (size_t)sqlite3_column_bytes(st, 1);
        size_t nf = bytes >= 4 ? get32(blob) : 0, hid = 0;
        if (bytes < 4 || nf > (bytes - 4) / 12)
            continue; /* damaged: tt_index_open says so */
        for (size_t i = 0; i < nf; i++) {
            uint64_t h = get64(blob + 4 + 12 * i);
            size_t lo = 0, hi = nbg;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (bg[mid] < h)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            hid += lo < nbg && bg[lo] == h;
        }
        r->suppressed += hid;
        /* the largest share: hid/nf > doc_hidden/doc_total */
        if (hid && (r->doc_total == 0 || hid * r->doc_total > r->doc_hidden * nf)) {
            const char *id = (const char *)sqlite3_column_text(st, 0);
            snprintf(r->doc, sizeof r->doc, "%s", id ? id : "");
            r->doc_hidden = hid;
            r->doc_total = nf;
        }
    }
    sqlite3_finalize(st);
    return s == SQLITE_DONE ? 0 : tt_vault__dberr(v, "read the index");
}

int
tt_index_background_add(tt_vault *v, const char *text, size_t len,
                        const tt_background_opts *opts, tt_background_result *out)
{
    static const tt_background_opts none = TT_BACKGROUND_OPTS_INIT;
    tt_background_result res;
    memset(&res, 0, sizeof res);
    if (!opts)
        opts = &none;
    if (opts->version != TT_BACKGROUND_OPTS_VERSION)
        return tt__error(tt_vault__err(v), TT_EINVAL, "options of version %u: this telltale knows version %u", opts->version,
                         TT_BACKGROUND_OPTS_VERSION);
    const char *source = opts->source ? opts->source : "-";
    tt_err *err = tt_vault__err(v);
    tt_fp *fps = NULL;
    uint64_t *hs = NULL;
    size_t n = 0, cap = 0, nh = 0;
    sqlite3_stmt *ins = NULL;
    json_t *binds = NULL;
    char *args = NULL;
    int rc;
    if (out)
        memset(out, 0, sizeof *out);
    if (tt_index__fingerprints(&fps, &n, &cap, text, len, NULL))
        return tt__error(err, TT_ENOMEM, "out of memory fingerprinting");
    if (n && !(hs = malloc(n * sizeof *hs))) {
        free(fps);
        return tt__error(err, TT_ENOMEM, "out of memory fingerprinting");
    }
    for (size_t i = 0; i < n; i++)
        hs[i] = fps[i].hash;
    free(fps);
    if (n > 1)
        qsort(hs, n, sizeof *hs, cmp_u64);
    for (size_t i = 0; i < n; i++)
        if (nh == 0 || hs[nh - 1] != hs[i])
            hs[nh++] = hs[i];
    res.fingerprints = nh;
    /* Background hides what it matches, so a background file that is most of a registered
     * document blinds detection of that document: refuse it unless forced.  Boilerplate a
     * document shares with the world (a licence clause) is a small share and goes in. */
    if ((rc = tt_index_refresh(v, NULL)) || (rc = hidden_by(v, hs, nh, &res)))
        goto done;
    if (!opts->force && res.doc_total && res.doc_hidden * 2 > res.doc_total) {
        rc = tt__error(err, TT_EINVAL,
                       "'%s' would hide %zu of the %zu fingerprints of registered document %s: "
                       "that is the document, not ordinary prose (--force adds it anyway)",
                       source, res.doc_hidden, res.doc_total, res.doc);
        goto done;
    }
    if ((rc = tt_vault__begin(v)))
        goto done;
    /* the batch is the seq of the entry that logs it: unique and never reused */
    sqlite3 *db = tt_vault__db(v);
    int64_t batch = 0;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(seq), 0) + 1 FROM audit", -1, &ins, NULL) ==
            SQLITE_OK &&
        sqlite3_step(ins) == SQLITE_ROW)
        batch = sqlite3_column_int64(ins, 0);
    sqlite3_finalize(ins);
    ins = NULL;
    if (batch == 0 ||
        sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO background(hash, batch) VALUES (?1, ?2)",
                           -1, &ins, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "store the background");
        goto fail;
    }
    for (size_t i = 0; i < nh; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)hs[i]);
        sqlite3_bind_int64(ins, 2, batch);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = tt_vault__dberr(v, "store the background");
            goto fail;
        }
        res.added += (size_t)sqlite3_changes(db);
    }
    if (res.added && (rc = bump_generation(v)))
        goto fail;
    /* the entry: what was read (name, SHA-256, fingerprints), what it hides, and the batch
     * bound to it (bind.h) */
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65], key[24];
    crypto_hash_sha256(h, (const unsigned char *)text, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(key, sizeof key, "%lld", (long long)batch);
    if (!(binds = json_array())) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto fail;
    }
    if (res.added && (rc = tt_bind__push(v, binds, TT_BIND_BACKGROUND, key)))
        goto fail;
    json_t *a = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:b, s:O}", "file", source, "sha256",
                          hex, "fingerprints", (json_int_t)nh, "added", (json_int_t)res.added,
                          "suppressed", (json_int_t)res.suppressed, "batch", (json_int_t)batch,
                          "forced", opts->force != 0, "bind", binds);
    args = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(a);
    if (!args) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = tt_vault_log_append(v, "background", args)))
        goto fail;
    sqlite3_finalize(ins);
    ins = NULL;
    rc = tt_vault__commit(v);
    goto done;
fail:
    tt_vault__rollback(v);
done:
    sqlite3_finalize(ins);
    json_decref(binds);
    free(args);
    free(hs);
    if (rc == 0 && out)
        *out = res;
    return rc;
}

/* Seed an empty background table from the system's licence texts, once.  A licence that is
 * most of a registered document is left out (it would hide that document). */
static int
seed_background(tt_vault *v)
{
    sqlite3 *db = tt_vault__db(v);
    sqlite3_stmt *st = NULL;
    int have = 0;
    if (sqlite3_prepare_v2(db, "SELECT EXISTS(SELECT 1 FROM background)", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        have = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (have)
        return 0;
    /* the licences whose disclaimers and clauses are most copied into other texts */
    static const char *files[] = {"/usr/share/common-licenses/BSD",
                                  "/usr/share/common-licenses/GPL-2",
                                  "/usr/share/common-licenses/LGPL-2.1"};
    int rc = 0;
    for (size_t i = 0; !rc && i < TT_ARRAY_LEN(files); i++) {
        char *data;
        size_t len;
        if (tt__read_file(NULL, files[i], &data, &len) != 0)
            continue; /* not on this machine */
        tt_background_opts o = {TT_BACKGROUND_OPTS_VERSION, files[i], 0};
        rc = tt_index_background_add(v, data, len, &o, NULL);
        free(data);
        if (rc == TT_EINVAL) {
            tt__error_clear(tt_vault__err(v));
            rc = 0;
        }
    }
    return rc;
}

int
tt_index_open(tt_index **out, tt_vault *v)
{
    *out = NULL;
    int rc = seed_background(v);
    /* what the index is built from: every registered document and the background, as the
     * signed log recorded them (bind.h), so a forged background or a deleted document
     * cannot make a leak look unrelated to scan, verify or trace */
    if (!rc)
        rc = tt_bind__check_registry(v);
    if (!rc)
        rc = tt_index_refresh(v, NULL);
    tt_index_state state;
    if (!rc)
        rc = read_state(v, &state);
    if (rc)
        return rc;
    char *cpath = cache_path(v);
    if (cpath) {
        rc = tt_index__cache_load(out, cpath, &state);
        if (rc == 0) {
            free(cpath);
            return 0;
        }
        if (rc == TT_ENOMEM) {
            free(cpath);
            return tt__error(tt_vault__err(v), rc, "out of memory loading the index");
        }
        rc = 0; /* missing or stale: build it */
    }
    sqlite3 *db = tt_vault__db(v);
    sqlite3_stmt *st = NULL;
    tt_index *ix = calloc(1, sizeof *ix);
    size_t dcap = 0, ecap = 0, bcap = 0, nbg = 0;
    uint64_t *bg = NULL;
    tt_fp *fps = NULL;
    size_t fcap = 0;
    if (!ix)
        goto nomem;
    if (sqlite3_prepare_v2(db,
                           "SELECT d.id, d.doc_id, d.title, i.fingerprints FROM documents d "
                           "JOIN doc_index i ON i.doc = d.id ORDER BY d.id",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = tt_vault__dberr(v, "read the index");
        goto fail;
    }
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&ix->docs, &dcap, ix->ndocs + 1, sizeof *ix->docs))
            goto nomem;
        tt_index_doc *doc = &ix->docs[ix->ndocs];
        memset(doc, 0, sizeof *doc);
        doc->row = sqlite3_column_int64(st, 0);
        snprintf(doc->id, sizeof doc->id, "%s", (const char *)sqlite3_column_text(st, 1));
        const char *title = (const char *)sqlite3_column_text(st, 2);
        doc->title = dup_str(title ? title : doc->id);
        ix->ndocs++;
        if (!doc->title)
            goto nomem;
        const unsigned char *blob = sqlite3_column_blob(st, 3);
        size_t bytes = (size_t)sqlite3_column_bytes(st, 3);
        size_t nf = bytes >= 4 ? get32(blob) : 0;
        if (bytes < 4 || nf > (bytes - 4) / 12) {
            rc = tt__error(tt_vault__err(v), TT_EDB,
                           "the index row of document %s is damaged", doc->id);
            goto fail;
        }
        if (tt__grow(&fps, &fcap, nf ? nf : 1, sizeof *fps))
            goto nomem;
        for (size_t i = 0; i < nf; i++) {
            fps[i].hash = get64(blob + 4 + 12 * i);
            fps[i].pos = get32(blob + 4 + 12 * i + 8);
        }
        if (add_doc_entries(ix, &ecap, (uint32_t)(ix->ndocs - 1), fps, nf) ||
            add_doc_units(ix, doc, blob + 4 + 12 * nf, bytes - 4 - 12 * nf))
            goto nomem;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (s != SQLITE_DONE) {
        rc = tt_vault__dberr(v, "read the index");
        goto fail;
    }
    if (sqlite3_prepare_v2(db, "SELECT hash FROM background ORDER BY hash", -1, &st, NULL) !=
        SQLITE_OK) {
        rc = tt_vault__dberr(v, "read the background");
        goto fail;
    }
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (tt__grow(&bg, &bcap, nbg + 1, sizeof *bg))
            goto nomem;
        bg[nbg++] = (uint64_t)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (nbg > 1)
        qsort(bg, nbg, sizeof *bg, cmp_u64); /* SQLite orders them as signed */
    link_doc_units(ix);
    if (finish_build(ix, bg, nbg))
        goto nomem;
    free(bg);
    free(fps);
    /* cache it for the next open; a vault directory we cannot write to only costs time */
    if (cpath)
        (void)tt_index__cache_write(ix, cpath, &state);
    free(cpath);
    *out = ix;
    return 0;
nomem:
    rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory loading the index");
fail:
    free(cpath);
    sqlite3_finalize(st);
    free(bg);
    free(fps);
    tt_index_free(ix);
    return rc;
}
