/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.h: the fingerprint index: fingerprint -> (document, unit position), built from the
 * per-document fingerprint lists the vault keeps in doc_index (index.c) or, for tests and
 * benchmarks, straight from texts.  Read-only once built, so threads may share one.
 */
#ifndef TT_INDEX_H
#define TT_INDEX_H

#include "common.h"
#include "telltale/scan.h"
#include "winnow.h"
#include "scan_hotloop.h"

/* The algorithm's version: stored in each document's doc_index row; a document whose row has
 * another version gets a new row from tt_index_refresh() (version 4: an empty blob, the
 * fingerprints being computed from the text when the index is built). */
#define TT_INDEX_VERSION ((4u << 16) | (TT_WINNOW_K << 8) | TT_WINNOW_W)

/* A fingerprint present in more than this many registered documents is dropped (boilerplate
 * shared by many documents says nothing about which one leaked). */
#define TT_INDEX_MAX_DF 32

/* A fingerprint held by at most this many registered documents is full evidence: a hit of it
 * weighs 1 (scan.c; a cluster needs hits weighing 2). */
#define TT_INDEX_EVIDENCE_DF 2

/* How rare a fingerprint must be to make hits is judged against the vault: a fingerprint held
 * by df documents of a vault of N is evidence when df <= tt_index__evidence_df(N), the larger
 * of TT_INDEX_EVIDENCE_DF and N / TT_INDEX_EVIDENCE_SHARE (so a phrase held by one document in
 * TT_INDEX_EVIDENCE_SHARE or more is no evidence whatever the vault's size), at most
 * TT_INDEX_MAX_DF; and a hit of it weighs tt_index__evidence_weight (below).  Ordinary
 * language (the background model, bgmodel.h) is no evidence at any df. */
#define TT_INDEX_EVIDENCE_SHARE 5000

static inline uint32_t
tt_index__evidence_df(size_t ndocs)
{
    size_t d = ndocs / TT_INDEX_EVIDENCE_SHARE;
    if (d < TT_INDEX_EVIDENCE_DF)
        d = TT_INDEX_EVIDENCE_DF;
    return (uint32_t)(d < TT_INDEX_MAX_DF ? d : TT_INDEX_MAX_DF);
}

/* An entry of the table, 8 bytes: the hash's residue, the 32 bits right below the directory's
 * `bits` top bits (tt_index__residue), in the high half, and the global unit position of the
 * k-gram in the low half: tt_index.uoff[doc] + its unit index in the document, so that the
 * document is found by binary search over uoff (tt_index__doc).  The directory slot (chosen by
 * the top `bits` bits, tt_index__slot) and the residue keep bits + 32 bits of the hash's key
 * (tt_index__key) but one (a slot may hold two prefixes): two fingerprints that agree on
 * those and differ below share postings, which can only add a candidate that alignment then
 * rejects.
 * A vault's units must number less than 2^32 (TT_ELIMIT otherwise). */
typedef uint64_t tt_index_entry;

typedef struct tt_index_doc {
    int64_t row;   /* database row, or 0 for in-memory documents */
    char id[24];
    char *title;
    char *text;    /* in-memory documents only (owned), else NULL: read from the vault */
    size_t len;
    const uint8_t *ub; /* its unit bytes (tt_hotloop__ubyte), one per unit, in tt_index.ub */
    uint32_t nu;
} tt_index_doc;

struct tt_index {
    tt_index_entry *e; /* by directory slot, then ascending (residue, global position) */
    size_t n;
    uint32_t *dir;     /* dir[b] = first entry of the keys whose slot (tt_index__slot) is
                        * >= b; nslots + 1 */
    size_t nslots;     /* slots of the directory: about one per TT_INDEX_SLOT_LOAD entries
                        * (tt_index__dir_slots), any number, not a power of two */
    unsigned bits;     /* the key's top bits a slot is chosen by: the smallest 2^bits >= nslots */
    uint32_t *uoff;    /* uoff[d]: the global unit position of document d's first unit (its
                        * unit bytes' offset in ub); ndocs + 1, uoff[ndocs] = nub */
    uint32_t *udir;    /* udir[g >> ushift]: a document at or before the one holding global
                        * position g (built on load, about one slot per document) */
    size_t nudir;
    unsigned ushift;
    tt_bloom bloom_ev; /* the scanner's prefilter: the fingerprints held by at most ev_df
                        * documents and not by the background model (verify and trace use
                        * none: they look every fingerprint up) */
    uint32_t ev_df;    /* tt_index__evidence_df of the documents it was built with */
    tt_index_doc *docs;
    size_t ndocs;
    size_t dropped_df, dropped_bg; /* fingerprints dropped by the filters */
    uint8_t *ub;       /* every document's unit bytes, concatenated (at uoff[d]) */
    size_t nub, ubcap;
    void *map;         /* the mapped cache file (index.bin) e, dir, uoff, bloom_ev.w, ub and the
                        * titles point into, or NULL when they are malloc'd */
    size_t maplen;
    int from_cache;    /* 1 when loaded from the cache file */
};

/* The vault state a cached index was built from: compared on open. */
typedef struct tt_index_state {
    uint64_t gen;      /* meta 'index_generation', bumped when documents or background change */
    uint64_t rows, maxdoc, sumdoc, nbg; /* doc_index rows, their largest and summed ids, and
                                         * the background size */
} tt_index_state;

/* The cache file of a vault's built index: write it / map it if it matches state.  Load
 * returns 0 and *out, or TT_ENOENT when the file is missing, stale, truncated or damaged
 * (then the caller rebuilds). */
int tt_index__cache_write(const tt_index *ix, const char *path, const tt_index_state *st);
int tt_index__cache_load(tt_index **out, const char *path, const tt_index_state *st);
/* The bytes of the cache file of ix (malloc'd into *out), and the index of such bytes at
 * image[0..len), which lie inside the mapping map[0..maplen) that the index then owns
 * (munmap'd by tt_index_free; on failure the caller still owns it).  For the exported index
 * (index_export.c). */
int tt_index__cache_image(const tt_index *ix, const tt_index_state *st, unsigned char **out,
                          size_t *out_len);
int tt_index__cache_from(tt_index **out, void *map, size_t maplen, const void *image,
                         size_t len, const tt_index_state *st);

/* ---- the index's tables in the vault (index_store.c, a store module) ---- */

/* 1 when every document has a doc_index row made by `version` (answered without a write
 * transaction), 0 when not or when it cannot tell. */
int tt_index_store__uptodate(tt_vault *v, int version);
/* Give every document without a doc_index row of `version` one: encode(ctx, text, len, blob)
 * turns the document's text into the row's blob (a tt__error'd code stops it); the number of
 * rows written into *out_done.  Inside the caller's transaction. */
int tt_index_store__refresh(tt_vault *v, int version,
                            int (*encode)(void *ctx, const char *text, size_t len, tt_buf *blob),
                            void *ctx, size_t *out_done);
/* Call fn for each document that has a doc_index row, in document order: its row, id, title
 * (NULL when none) and text; fn's non-zero return stops the walk and is returned. */
int tt_index_store__each(tt_vault *v,
                         int (*fn)(void *ctx, int64_t row, const char *id, const char *title,
                                   const char *text, size_t len),
                         void *ctx);
/* Bump the generation that cached indexes are checked against (index_cache.c). */
int tt_index_store__bump(tt_vault *v);
/* 1 in *out when the seeding of an empty background (index.c) was tried at the current
 * index generation (meta 'background_seeded'); mark it so, inside the caller's transaction. */
int tt_index_store__seeded(tt_vault *v, int *out);
int tt_index_store__mark_seeded(tt_vault *v);
/* The vault state an index is built from (see tt_index_state). */
int tt_index_store__state(tt_vault *v, tt_index_state *out);
/* index.bin next to the vault's database, malloc'd; NULL for an in-memory database. */
char *tt_index_store__cache_path(tt_vault *v);
/* 1 in *out when the background table has a row. */
int tt_index_store__has_background(tt_vault *v, int *out);
/* Every background hash, in SQLite's (signed) order, malloc'd into *out. */
int tt_index_store__background(tt_vault *v, uint64_t **out, size_t *out_n);
/* Add the hashes hs[0..n) as one batch, numbered by the audit entry that will log it (the
 * next seq: unique and never reused) into *out_batch; the hashes that were new into
 * *out_added.  Inside the caller's transaction. */
int tt_index_store__background_put(tt_vault *v, const uint64_t *hs, size_t n, int64_t *out_batch,
                                   size_t *out_added);

/* Fingerprints of a text (normalize + winnow), appended to a growable array; when units is
 * not NULL, the unit bytes (tt_hotloop__ubyte) of the text are appended to it.  0 or
 * TT_ENOMEM. */
int tt_index__fingerprints(tt_fp **fps, size_t *n, size_t *cap, const char *text, size_t len,
                           tt_buf *units);

/* An in-memory document for tt_index__from_texts(). */
typedef struct tt_index_src {
    const char *id;
    const char *title;
    const char *text;
    size_t len;
} tt_index_src;

/* Build an index of in-memory texts (copied), with the fingerprints of the background texts
 * removed.  For tests, benchmarks and the quality measurements. */
int tt_index__from_texts(tt_index **out, const tt_index_src *docs, size_t n,
                         const tt_index_src *background, size_t nbg, tt_err *err);

/* The key a hash is filed under: the hash times an odd constant, a bijection whose top bits
 * are evenly spread (a winnowing selection is a window minimum, so the top bits of the hash
 * itself crowd towards 0), and back. */
static inline uint64_t
tt_index__key(uint64_t h)
{
    return h * 0x9e3779b97f4a7c15ull;
}

static inline uint64_t
tt_index__unkey(uint64_t key)
{
    return key * 0xf1de83e19937733dull; /* the inverse of the constant modulo 2^64 */
}

/* The directory of n entries: about one slot per TT_INDEX_SLOT_LOAD entries (at least 256, at
 * most 2^30), sized to the entries rather than rounded to a power of two (which left 4 to 8
 * entries per slot, so up to twice the directory for the same entries: 0.135 bytes per
 * registered byte at 1,000 documents against 0.108 at 10,000, bench/results/vault-size.md). */
#define TT_INDEX_SLOT_LOAD 6

static inline size_t
tt_index__dir_slots(size_t n)
{
    size_t s = (n + TT_INDEX_SLOT_LOAD - 1) / TT_INDEX_SLOT_LOAD;
    if (s < 256)
        s = 256;
    return s < ((size_t)1 << 30) ? s : (size_t)1 << 30;
}

/* The key bits a directory of nslots slots is chosen by: the smallest 2^bits >= nslots (8 to
 * 30). */
static inline unsigned
tt_index__dir_bits(size_t nslots)
{
    unsigned bits = 8;
    while (bits < 30 && ((size_t)1 << bits) < nslots)
        bits++;
    return bits;
}

/* The directory slot of a key: its top `bits` bits scaled to the slots, prefix * nslots /
 * 2^bits (monotone in the key, and below nslots; as 2^(bits-1) < nslots <= 2^bits, a slot
 * holds the keys of one or two prefixes). */
static inline size_t
tt_index__slot(const tt_index *ix, uint64_t key)
{
    return (size_t)(((key >> (64 - ix->bits)) * (uint64_t)ix->nslots) >> ix->bits);
}

/* The residue of a key under a directory of `bits` bits: the 32 bits below them. */
static inline uint32_t
tt_index__residue(uint64_t key, unsigned bits)
{
    return (uint32_t)((key << bits) >> 32);
}

/* The global unit position of an entry. */
static inline uint32_t
tt_index__gpos(tt_index_entry e)
{
    return (uint32_t)e;
}

/* The document holding global unit position g: the last d with uoff[d] <= g
 * (documents without units share their successor's offset and hold no position), walked to
 * from the slot of udir that g falls in. */
static inline uint32_t
tt_index__doc(const tt_index *ix, uint32_t g)
{
    size_t b = g >> ix->ushift;
    uint32_t d = ix->udir[b < ix->nudir ? b : ix->nudir - 1]; /* (a damaged entry's g >= nub) */
    /* the first two steps without branches (most lookups take one or two: a branch on it
     * was mispredicted at about every lookup), then the rare rest one by one; uoff has
     * ndocs + 1 entries, so uoff[d + 1] is read only for d < ndocs */
    d += (d + 1 < ix->ndocs) & (ix->uoff[d + 1] <= g);
    d += (d + 1 < ix->ndocs) & (ix->uoff[d + 1] <= g);
    while (d + 1 < ix->ndocs && ix->uoff[d + 1] <= g)
        d++;
    return d;
}

/* Build ix->udir from ix->uoff (on every build and load).  0 or TT_ENOMEM. */
int tt_index__link_units(tt_index *ix);

/* An index of ndocs documents given by their unit counts nu[d] and fingerprints fps[d][0..
 * nfps[d]) only (no text, no unit bytes; positions past a document's units are dropped): for
 * the tests of the packing (residue collisions, positions at the 32-bit limit).  TT_ELIMIT
 * when the units number 2^32 or more. */
int tt_index__from_fps(tt_index **out, const uint32_t *nu, const tt_fp *const *fps,
                       const size_t *nfps, size_t ndocs, tt_err *err);

/* Touch what tt_index__lookup(ix, h) will read, so that it is cached by then: stage 0 its
 * directory slot; stage 1, once that slot is cached, the first and last of its entries.  A
 * scanner looks up fingerprints in batches, each stage over a whole batch ahead of the
 * lookups, so the cache misses of a batch overlap.  These are loads, not prefetch
 * instructions: on the machine this was measured on (AMD EPYC, a VM), prefetches of the
 * mapped index.bin were mostly lost (a prefetch that misses the TLB may be dropped), and
 * the lookups missed the cache as before (bench/results/hotloop.md, step B). */
static inline void
tt_index__prefetch(const tt_index *ix, uint64_t h, int stage)
{
    size_t b = tt_index__slot(ix, tt_index__key(h));
    uint64_t t = ix->dir[b];
    if (stage == 1) {
        uint32_t lo = ix->dir[b], hi = ix->dir[b + 1];
        t = lo < hi ? ix->e[lo] ^ ix->e[hi - 1] : 0; /* an empty slot has no entry to touch */
    }
    __asm__ volatile("" : : "r"(t)); /* keeps the load */
}

/* The entries with hash h's key's directory slot and residue: *out_first and the count (0 when
 * none), in ascending global position, so grouped by document.  In a slot of more than 16
 * entries both ends are found by binary search: a fingerprint one document repeats thousands
 * of times has thousands of entries, and walking them on every lookup made scanning
 * repetitive text quadratic. */
static inline size_t
tt_index__lookup(const tt_index *ix, uint64_t h, const tt_index_entry **out_first)
{
    uint64_t k = tt_index__key(h);
    size_t b = tt_index__slot(ix, k);
    uint64_t key = (uint64_t)tt_index__residue(k, ix->bits) << 32;
    uint32_t lo = ix->dir[b], hi = ix->dir[b + 1];
    if (hi - lo <= 16) {
        /* the common slot, a few entries: counted without branches (a binary search over
         * them mispredicts a branch at nearly every step) */
        uint32_t i = lo, j;
        for (uint32_t q = lo; q < hi; q++)
            i += ix->e[q] < key; /* sorted: i is the first entry >= key */
        j = i;
        for (uint32_t q = i; q < hi; q++)
            j += (ix->e[q] >> 32) == (key >> 32); /* those with the residue follow it */
        *out_first = ix->e + i;
        return j - i;
    }
    while (lo < hi) { /* first entry >= key */
        uint32_t mid = lo + (hi - lo) / 2;
        if (ix->e[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t i = lo, j = i;
    hi = ix->dir[b + 1];
    if (j < hi && (ix->e[j] >> 32) == (key >> 32)) {
        j++;
        if (j < hi && (ix->e[j] >> 32) == (key >> 32)) { /* more than one: first entry > key */
            while (j < hi) {
                uint32_t mid = j + (hi - j) / 2;
                if ((ix->e[mid] >> 32) == (key >> 32))
                    j = mid + 1;
                else
                    hi = mid;
            }
        }
    }
    *out_first = ix->e + i;
    return j - i;
}

#endif
