/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.c: the fingerprint index.  Each registered document's doc_index row records the
 * algorithm version that indexed it; tt_index_refresh() writes a row for every document that
 * has none or an old version, so `add` only has to call it and a change of algorithm reindexes
 * by itself.  The fingerprints (normalize.c + winnow.c) and unit bytes are computed from the
 * documents' texts when the index is built (they were stored in the rows up to version 3,
 * which doubled the database).
 *
 * Loaded, the index is one array of 8-byte entries (index.h: the 32 bits of the hash's key
 * below the directory bits, and the k-gram's global unit position), a directory on the top
 * bits of the key with one slot per about 6 entries, and the documents' unit offsets, which
 * turn a global position back into document and position (through a directory of them built
 * on load, udir): a lookup is two or three cache misses, whatever the number of documents.
 * 8 bytes per kept fingerprint, a directory slot (4 bytes) per about 6, plus the scanner's
 * Bloom prefilter (scan_hotloop.h) of 10 bits per key it holds, and one unit byte per unit:
 * about 2.3 bytes of index per byte of registered prose (bench/results/index-size.md).
 *
 * Filters, so that boilerplate does not make every memo match every other: a fingerprint in
 * more than TT_INDEX_MAX_DF documents is dropped, and so is one found in the background table
 * (`telltale index --background FILES`).  The scanner's prefilter holds the fingerprints held
 * by at most tt_index__evidence_df(ndocs) documents (a bound that grows with the vault,
 * index.h) and not by the background model of ordinary language.  When the background table
 * is empty, it is seeded on first load from the BSD, GPL-2 and LGPL-2.1 texts in
 * /usr/share/common-licenses when they exist (the warranty disclaimers and clauses most often
 * copied into other texts); on a machine without them the table stays empty until the user
 * adds ordinary prose of their own, which is what a deployment should do anyway (its own
 * public reports, newsletters).
 *
 * The built index of a vault is cached in index.bin next to the database (index_cache.c) and
 * checked against the vault state (a generation counter in the meta table bumped here by every
 * refresh that indexes a document and every background addition, plus the doc_index and
 * background sizes) before it is trusted; otherwise it is rebuilt and rewritten.  The index
 * keeps every document's unit bytes (tt_hotloop__ubyte) for the scanner's pre-alignment
 * check.  When the seeding of an empty background adds nothing, it is not tried again until
 * the generation moves (meta 'background_seeded'): each try fingerprints every document.
 */
#include <jansson.h>
#include <sodium.h>
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

/* An entry while the index is built: the hash's key (tt_index__key), the document and the
 * unit position in it. */
typedef struct bentry {
    uint64_t key;
    uint32_t doc, pos;
} bentry;

/* The entries being built. */
typedef struct bentries {
    bentry *e;
    size_t n, cap;
} bentries;

static int
cmp_bentry(const void *a, const void *b)
{
    const bentry *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
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

/* Bits of Bloom filter per key it holds (tt_bloom: one word per key, three bits set):
 * bench/results/index-size.md measures the false positive rate. */
#define BLOOM_BITS_PER_KEY 10

/* A filter of nkeys keys, its words at w. */
static tt_bloom
bloom_at(uint64_t *w, size_t nkeys)
{
    tt_bloom b = {w, nkeys ? (nkeys * BLOOM_BITS_PER_KEY + 63) / 64 : 0};
    return b;
}

static int
cmp_raw(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sort the entries, drop the filtered ones, pack them (tt_index_entry), build the directory
 * and the two prefilters.  bg is sorted.  0, TT_ENOMEM or TT_ELIMIT (2^32 units or more). */
static int
finish_build(tt_index *ix, bentries *be, const uint64_t *bg, size_t nbg)
{
    if (ix->nub > UINT32_MAX)
        return TT_ELIMIT;
    ix->ev_df = tt_index__evidence_df(ix->ndocs);
    ix->uoff = malloc(sizeof *ix->uoff * (ix->ndocs + 1));
    if (!ix->uoff)
        return TT_ENOMEM;
    uint32_t off = 0;
    for (size_t d = 0; d < ix->ndocs; d++) {
        ix->uoff[d] = off;
        off += ix->docs[d].nu;
    }
    ix->uoff[ix->ndocs] = off;
    if (tt_index__link_units(ix))
        return TT_ENOMEM;
    bentry *e = be->e;
    size_t n = be->n;
    if (n > 1)
        qsort(e, n, sizeof *e, cmp_bentry);
    /* drop the filtered fingerprints (and any position past its document's units: none in
     * a row this build wrote); count the keys of each filter */
    size_t o = 0, nev = 0;
    const tt_bgmodel *model = tt_bgmodel__builtin();
    for (size_t i = 0; i < n;) {
        size_t j = i, df = 0;
        while (j < n && e[j].key == e[i].key) {
            if (j == i || e[j].doc != e[j - 1].doc)
                df++;
            j++;
        }
        uint64_t h = tt_index__unkey(e[i].key);
        if (df > TT_INDEX_MAX_DF)
            ix->dropped_df += j - i;
        else if (nbg && in_sorted(bg, nbg, h))
            ix->dropped_bg += j - i;
        else {
            size_t o0 = o;
            for (size_t q = i; q < j; q++)
                if (e[q].pos < ix->docs[e[q].doc].nu)
                    e[o++] = e[q];
            if (o > o0)
                nev += df <= ix->ev_df && !tt_bgmodel__test(model, h);
        }
        i = j;
    }
    n = o;
    /* the scanner's prefilter: the fingerprints few documents hold and ordinary language
     * (the background model, bgmodel.h) does not.  verify and trace look every fingerprint
     * up in the table: a filter of all of them (0.10 to 0.16 bytes per registered byte)
     * only spared those lookups, for one leak at a time */
    ix->bloom_ev = bloom_at(NULL, nev);
    if (!(ix->bloom_ev.w = calloc(ix->bloom_ev.nwords + 1, sizeof *ix->bloom_ev.w)))
        return TT_ENOMEM;
    for (size_t i = 0; i < n;) {
        size_t j = i, df = 0;
        while (j < n && e[j].key == e[i].key) {
            df += j == i || e[j].doc != e[j - 1].doc;
            j++;
        }
        uint64_t h = tt_index__unkey(e[i].key);
        if (df <= ix->ev_df && !tt_bgmodel__test(model, h))
            tt_bloom__add(&ix->bloom_ev, h);
        i = j;
    }
    /* pack, in place (entry i's 8 bytes go where entries i/2 .. were, already read), and
     * the directory */
    size_t nslots = tt_index__dir_slots(n);
    unsigned bits = tt_index__dir_bits(nslots);
    ix->bits = bits;
    ix->nslots = nslots;
    ix->dir = malloc(sizeof *ix->dir * (nslots + 1));
    if (!ix->dir)
        return TT_ENOMEM;
    tt_index_entry *pk = (tt_index_entry *)(void *)e;
    size_t slot = 0;
    int unsorted = 0;
    ix->dir[0] = 0;
    for (size_t i = 0; i < n; i++) {
        bentry x = e[i];
        size_t sl = tt_index__slot(ix, x.key);
        while (slot < sl)
            ix->dir[++slot] = (uint32_t)i;
        tt_index_entry y = (uint64_t)tt_index__residue(x.key, bits) << 32 |
                           (uint64_t)(ix->uoff[x.doc] + x.pos);
        /* two keys with one slot and residue: their postings interleave by position; and
         * the two prefixes a slot may hold interleave by residue */
        unsorted |= i && ix->dir[slot] < i && y < pk[i - 1];
        pk[i] = y;
    }
    while (slot < nslots)
        ix->dir[++slot] = (uint32_t)n;
    if (unsorted)
        for (size_t b = 0; b < nslots; b++)
            if (ix->dir[b + 1] - ix->dir[b] > 1)
                qsort(pk + ix->dir[b], ix->dir[b + 1] - ix->dir[b], sizeof *pk, cmp_raw);
    be->e = NULL;
    be->n = be->cap = 0;
    ix->e = pk;
    ix->n = n;
    if (n) {
        tt_index_entry *shrunk = realloc(pk, n * sizeof *pk);
        if (shrunk)
            ix->e = shrunk;
    } else {
        free(pk);
        ix->e = NULL;
    }
    return 0;
}

int
tt_index__link_units(tt_index *ix)
{
    /* slots of 2^ushift units, no more than there are documents: a lookup walks about one
     * document past its slot's */
    unsigned sh = 0;
    while (sh < 31 && (ix->nub >> sh) + 1 > (ix->ndocs ? ix->ndocs : 1))
        sh++;
    size_t nslots = (ix->nub >> sh) + 1;
    uint32_t *u = malloc(sizeof *u * nslots);
    if (!u)
        return TT_ENOMEM;
    uint32_t d = 0;
    for (size_t b = 0; b < nslots; b++) {
        uint64_t g = (uint64_t)b << sh;
        while (d + 1 < ix->ndocs && ix->uoff[d + 1] <= g)
            d++;
        u[b] = d;
    }
    ix->udir = u;
    ix->nudir = nslots;
    ix->ushift = sh;
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
add_doc_entries(bentries *be, uint32_t doc, const tt_fp *fps, size_t n)
{
    if (tt__grow(&be->e, &be->cap, be->n + n, sizeof *be->e))
        return TT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        bentry *e = &be->e[be->n++];
        e->key = tt_index__key(fps[i].hash);
        e->doc = doc;
        e->pos = fps[i].pos > UINT32_MAX ? UINT32_MAX : (uint32_t)fps[i].pos;
    }
    return 0;
}

/* A document's fingerprints and unit bytes through the scanner's one-pass loop
 * (scan_hotloop.c: the same selection and units as tt_index__fingerprints, about four times
 * faster; test_scan_hotloop.c compares them), buffers reused document to document. */
typedef struct docfp {
    tt_fpx *fx;
    size_t nfx, fxcap;
    uint8_t *ub;
    size_t ubcap, nub;
} docfp;

static int
docfp_run(docfp *f, const char *text, size_t len)
{
    f->nfx = f->nub = 0;
    return tt_hotloop__run_units(text, len, 0, NULL, &f->fx, &f->nfx, &f->fxcap, NULL, &f->ub,
                                 &f->ubcap, &f->nub);
}

static void
docfp_release(docfp *f)
{
    free(f->fx);
    free(f->ub);
}

static int
add_doc_fpx(bentries *be, uint32_t doc, const tt_fpx *fx, size_t n)
{
    if (tt__grow(&be->e, &be->cap, be->n + n, sizeof *be->e))
        return TT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        bentry *e = &be->e[be->n++];
        e->key = tt_index__key(fx[i].hash);
        e->doc = doc;
        e->pos = fx[i].pos > UINT32_MAX ? UINT32_MAX : (uint32_t)fx[i].pos;
    }
    return 0;
}

void
tt_index_free(tt_index *ix)
{
    if (!ix)
        return;
    if (ix->map) {
        /* titles, entries, directory, prefilter and units are in the map; texts are an
         * imported index's own (index_export.c) */
        for (size_t d = 0; d < ix->ndocs; d++)
            free(ix->docs[d].text);
        free(ix->docs);
        free(ix->udir);
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
    free(ix->uoff);
    free(ix->udir);
    free(ix->bloom_ev.w);
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
    out->memory = ix->n * sizeof *ix->e + (ix->nslots + 1) * sizeof *ix->dir +
                  (ix->ndocs + 1) * sizeof *ix->uoff +
                  ix->bloom_ev.nwords * sizeof *ix->bloom_ev.w +
                  ix->ndocs * sizeof *ix->docs + ix->nub;
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
    size_t nfps = 0, fcap = 0;
    bentries be = {0};
    docfp df = {0};
    uint64_t *bg = NULL;
    size_t bgn = 0;
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
        if (docfp_run(&df, docs[d].text, docs[d].len) ||
            add_doc_fpx(&be, (uint32_t)d, df.fx, df.nfx) || add_doc_units(ix, id, df.ub, df.nub))
            goto nomem;
    }
    link_doc_units(ix);
    docfp_release(&df);
    memset(&df, 0, sizeof df);
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
    int rc = finish_build(ix, &be, bg, bgn);
    if (rc == TT_ENOMEM)
        goto nomem;
    free(fps);
    free(bg);
    free(be.e);
    if (rc) {
        tt_index_free(ix);
        return tt__error(err, rc, "the index cannot hold 2^32 units or more of text");
    }
    *out = ix;
    return 0;
nomem:
    free(fps);
    free(bg);
    free(be.e);
    docfp_release(&df);
    tt_index_free(ix);
    return tt__error(err, TT_ENOMEM, "out of memory building the index");
}

int
tt_index__from_fps(tt_index **out, const uint32_t *nu, const tt_fp *const *fps,
                   const size_t *nfps, size_t ndocs, tt_err *err)
{
    *out = NULL;
    bentries be = {0};
    tt_index *ix = calloc(1, sizeof *ix);
    int rc = TT_ENOMEM;
    if (!ix || !(ix->docs = calloc(ndocs ? ndocs : 1, sizeof *ix->docs)))
        goto out;
    for (size_t d = 0; d < ndocs; d++) {
        tt_index_doc *doc = &ix->docs[ix->ndocs++];
        snprintf(doc->id, sizeof doc->id, "t%zu", d);
        doc->nu = nu[d];
        ix->nub += nu[d];
        if (add_doc_entries(&be, (uint32_t)d, fps[d], nfps[d]))
            goto out;
    }
    rc = finish_build(ix, &be, NULL, 0);
out:
    free(be.e);
    if (rc) {
        tt_index_free(ix);
        return tt__error(err, rc, rc == TT_ENOMEM
                                      ? "out of memory building the index"
                                      : "the index cannot hold 2^32 units or more of text");
    }
    *out = ix;
    return 0;
}

/* ---- the vault-backed index (its tables: index_store.c) ---- */

/* A document's doc_index blob (tt_index_store__refresh's encoder): empty since version 4,
 * whose fingerprints and unit bytes are computed from the document's text when the index is
 * built (docs/FORMATS.md); the row says the document was indexed by this version. */
static int
encode_doc(void *ctx, const char *text, size_t len, tt_buf *blob)
{
    (void)ctx;
    (void)text;
    (void)len;
    blob->len = 0;
    return 0;
}

int
tt_index_refresh(tt_vault *v, size_t *out_indexed)
{
    if (out_indexed)
        *out_indexed = 0;
    /* the common case, nothing to do, answered without a write transaction */
    if (tt_index_store__uptodate(v, TT_INDEX_VERSION))
        return 0;
    int rc = tt_vault__begin(v);
    if (rc)
        return rc;
    size_t done = 0;
    rc = tt_index_store__refresh(v, TT_INDEX_VERSION, encode_doc, v, &done);
    if (out_indexed)
        *out_indexed = done;
    if (!rc && done)
        rc = tt_index_store__bump(v);
    if (rc) {
        tt_vault__rollback(v);
        return rc;
    }
    return tt_vault__commit(v);
}

/* What hidden_by() measures, row by row. */
typedef struct hidden {
    const uint64_t *bg;
    size_t nbg;
    tt_background_result *r;
    tt_bloom bloom; /* of bg: the fingerprints worth a binary search */
    tt_fpx *fx;     /* a document's fingerprints that passed it, reused row to row */
    size_t fxcap;
} hidden;

static int
hidden_row(void *ctx, int64_t row, const char *id, const char *title, const char *text,
           size_t len)
{
    (void)row;
    (void)title;
    hidden *x = ctx;
    tt_background_result *r = x->r;
    size_t nf = 0, nfx = 0, hid = 0;
    if (tt_hotloop__run(text, len, 0, &x->bloom, &x->fx, &nfx, &x->fxcap, &nf))
        return TT_ENOMEM;
    for (size_t i = 0; i < nfx; i++) {
        uint64_t h = x->fx[i].hash;
        size_t lo = 0, hi = x->nbg;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (x->bg[mid] < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        hid += lo < x->nbg && x->bg[lo] == h;
    }
    r->suppressed += hid;
    /* the largest share: hid/nf > doc_hidden/doc_total */
    if (hid && (r->doc_total == 0 || hid * r->doc_total > r->doc_hidden * nf)) {
        snprintf(r->doc, sizeof r->doc, "%s", id);
        r->doc_hidden = hid;
        r->doc_total = nf;
    }
    return 0;
}

/* How much of each registered document the sorted hashes bg[0..nbg) would hide: the total
 * over all documents into r->suppressed, the document losing the largest share into r->doc. */
static int
hidden_by(tt_vault *v, const uint64_t *bg, size_t nbg, tt_background_result *r)
{
    hidden x = {bg, nbg, r, {NULL, 0}, NULL, 0};
    x.bloom.nwords = (nbg * 10 + 63) / 64;
    if (!(x.bloom.w = calloc(x.bloom.nwords + 1, sizeof *x.bloom.w)))
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory fingerprinting");
    for (size_t i = 0; i < nbg; i++)
        tt_bloom__add(&x.bloom, bg[i]);
    int rc = tt_index_store__each(v, hidden_row, &x);
    free(x.fx);
    free(x.bloom.w);
    if (rc == TT_ENOMEM)
        rc = tt__error(tt_vault__err(v), rc, "out of memory fingerprinting");
    return rc;
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
    json_t *binds = NULL;
    char *args = NULL;
    int rc, in_tx = 0;
    if (out)
        memset(out, 0, sizeof *out);
    if (tt_index__fingerprints(&fps, &n, &cap, text, len, NULL) ||
        (n && !(hs = malloc(n * sizeof *hs)))) {
        rc = tt__error(err, TT_ENOMEM, "out of memory fingerprinting");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        hs[i] = fps[i].hash;
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
        goto out;
    if (!opts->force && res.doc_total && res.doc_hidden * 2 > res.doc_total) {
        rc = tt__error(err, TT_EINVAL,
                       "'%s' would hide %zu of the %zu fingerprints of registered document %s: "
                       "that is the document, not ordinary prose (--force adds it anyway)",
                       source, res.doc_hidden, res.doc_total, res.doc);
        goto out;
    }
    if ((rc = tt_vault__begin(v)))
        goto out;
    in_tx = 1;
    /* the batch is the seq of the entry that logs it: unique and never reused */
    int64_t batch;
    if ((rc = tt_index_store__background_put(v, hs, nh, &batch, &res.added)))
        goto out;
    if (res.added && (rc = tt_index_store__bump(v)))
        goto out;
    /* the entry: what was read (name, SHA-256, fingerprints), what it hides, and the batch
     * bound to it (bind.h) */
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65], key[24];
    crypto_hash_sha256(h, (const unsigned char *)text, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(key, sizeof key, "%lld", (long long)batch);
    if (!(binds = json_array())) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    if (res.added && (rc = tt_bind__push(v, binds, TT_BIND_BACKGROUND, key)))
        goto out;
    json_t *a = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:b, s:O}", "file", source, "sha256",
                          hex, "fingerprints", (json_int_t)nh, "added", (json_int_t)res.added,
                          "suppressed", (json_int_t)res.suppressed, "batch", (json_int_t)batch,
                          "forced", opts->force != 0, "bind", binds);
    args = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(a);
    if (!args) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = tt_vault_log_append(v, "background", args)))
        goto out;
    in_tx = 0;
    rc = tt_vault__commit(v);
out:
    if (in_tx)
        tt_vault__rollback(v);
    json_decref(binds);
    free(args);
    free(fps);
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
    int have, tried = 0;
    int rc = tt_index_store__has_background(v, &have);
    if (!rc && !have)
        rc = tt_index_store__seeded(v, &tried);
    if (rc || have || tried)
        return rc;
    /* the licences whose disclaimers and clauses are most copied into other texts */
    static const char *files[] = {"/usr/share/common-licenses/BSD",
                                  "/usr/share/common-licenses/GPL-2",
                                  "/usr/share/common-licenses/LGPL-2.1"};
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
    /* nothing added (every licence refused, or none on this machine): not tried again
     * until the documents change (the generation moves), since each try fingerprints every
     * registered document.  Best effort: a vault we cannot write to only costs time. */
    if (!rc && !(rc = tt_index_store__has_background(v, &have)) && !have) {
        int r = tt_vault__begin(v);
        if (!r && (r = tt_index_store__mark_seeded(v)))
            tt_vault__rollback(v);
        else if (!r)
            r = tt_vault__commit(v);
        if (r)
            tt__error_clear(tt_vault__err(v));
    }
    return rc;
}

static int
load_nomem(tt_vault *v)
{
    return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory loading the index");
}

/* The index being built from the vault's rows (tt_index_open). */
typedef struct building {
    tt_vault *v;
    tt_index *ix;
    size_t dcap;
    bentries be;
    docfp df;
} building;

static int
build_row(void *ctx, int64_t row, const char *id, const char *title, const char *text,
          size_t len)
{
    building *b = ctx;
    tt_index *ix = b->ix;
    if (tt__grow(&ix->docs, &b->dcap, ix->ndocs + 1, sizeof *ix->docs))
        return load_nomem(b->v);
    tt_index_doc *doc = &ix->docs[ix->ndocs];
    memset(doc, 0, sizeof *doc);
    doc->row = row;
    snprintf(doc->id, sizeof doc->id, "%s", id);
    doc->title = dup_str(title ? title : doc->id);
    ix->ndocs++;
    if (!doc->title)
        return load_nomem(b->v);
    /* the document's fingerprints and unit bytes, from its (bound) text */
    if (docfp_run(&b->df, text, len) ||
        add_doc_fpx(&b->be, (uint32_t)(ix->ndocs - 1), b->df.fx, b->df.nfx) ||
        add_doc_units(ix, doc, b->df.ub, b->df.nub))
        return load_nomem(b->v);
    return 0;
}

int
tt_index_open(tt_index **out, tt_vault *v)
{
    *out = NULL;
    building b = {.v = v};
    uint64_t *bg = NULL;
    size_t nbg = 0;
    char *cpath = NULL;
    tt_index_state state;
    int rc = seed_background(v);
    /* what the index is built from: every registered document and the background, as the
     * signed log recorded them (bind.h), so a forged background or a deleted document
     * cannot make a leak look unrelated to scan, verify or trace */
    if (!rc)
        rc = tt_bind__check_registry(v);
    if (!rc)
        rc = tt_index_refresh(v, NULL);
    if (!rc)
        rc = tt_index_store__state(v, &state);
    if (rc)
        goto out;
    if ((cpath = tt_index_store__cache_path(v))) {
        rc = tt_index__cache_load(out, cpath, &state);
        if (rc == 0)
            goto out;
        if (rc == TT_ENOMEM) {
            rc = load_nomem(v);
            goto out;
        }
        rc = 0; /* missing or stale: build it */
    }
    if (!(b.ix = calloc(1, sizeof *b.ix))) {
        rc = load_nomem(v);
        goto out;
    }
    if ((rc = tt_index_store__each(v, build_row, &b)) ||
        (rc = tt_index_store__background(v, &bg, &nbg)))
        goto out;
    if (nbg > 1)
        qsort(bg, nbg, sizeof *bg, cmp_u64); /* SQLite orders them as signed */
    link_doc_units(b.ix);
    if ((rc = finish_build(b.ix, &b.be, bg, nbg))) {
        rc = rc == TT_ENOMEM ? load_nomem(v)
                             : tt__error(tt_vault__err(v), rc,
                                         "the index cannot hold 2^32 units or more of text");
        goto out;
    }
    /* cache it for the next open; a vault directory we cannot write to only costs time */
    if (cpath)
        (void)tt_index__cache_write(b.ix, cpath, &state);
    *out = b.ix;
    b.ix = NULL;
out:
    free(cpath);
    free(bg);
    free(b.be.e);
    docfp_release(&b.df);
    tt_index_free(b.ix);
    return rc;
}
