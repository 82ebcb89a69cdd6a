/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_cache.c: the built index of a vault cached as one file, index.bin in the vault's
 * directory, mapped read-only on open so that opening a vault of 10,000 documents costs a
 * map and a checksum instead of decoding every fingerprint row and sorting them.
 *
 * Layout (native byte order and struct layout; the header says which, and a file written by
 * another build is simply rebuilt): a header (cache_hdr), then 8-byte aligned sections: the
 * entries (tt_index_entry, 8 bytes: residue and global unit position, ascending within each
 * directory slot), the directory (nslots + 1 u32), the documents' unit offsets (ndocs + 1
 * u32), the scanner's Bloom prefilter (the fingerprints of at most ev_df documents,
 * tt_index__evidence_df, and not ordinary language), one cache_doc record per document (16 bytes),
 * the documents' unit bytes, and their ids and titles (each ending in NUL).
 *
 * Invariants: the file is trusted only when its header matches this build (magic, byte order,
 * TT_INDEX_VERSION, k, w, record sizes), the header's own digest (BLAKE2b-128 of the header,
 * which holds the checksum of the rest) matches, its size is the one the header announces,
 * it was built from the vault state the caller sees now (tt_index_state: a generation counter
 * in the meta table, bumped by every change of documents or background, plus the count,
 * largest and summed ids of doc_index rows and the background size), every document record's
 * offsets are in range and its unit offsets agree with them (tt_index__doc relies on them),
 * and either (a) the whole file was checked before and has not changed since, or (b) it is
 * checked now: its checksum (BLAKE2b-256, libsodium's crypto_generichash) over everything
 * after the header, every directory slot in range, the entries ascending within each slot
 * and every global position below the unit total.  "Checked before and not changed since" is the stamp,
 * index.bin.verified next to it (0600): the file's device, inode, size, modification and
 * change times and header digest, written when index.bin is written and again after a full
 * check.  Any write to index.bin (cp, dd, an editor, a truncation) moves its change time,
 * which no user can set, so the stamp no longer matches and the full check runs.
 * Trade-off: damage that leaves size and change time alone (media errors below the file
 * system, or root setting the clock back) is no longer caught at open; it can only make a
 * scan miss or misplace evidence of the damaged entries, and the file is checked whole again
 * whenever it or its stamp is replaced.  Neither checksum is a defence against someone who can
 * write the vault directory (they are unkeyed); the signed log is (bind.h).  Any failure
 * means "rebuild", never a partly trusted file.  It is written to a temporary file in the
 * same directory with mode 0600 (it holds folded text of the registered documents, as
 * sensitive as the vault itself) and renamed over index.bin, so readers see the old file or
 * the new one, whole.  Workload on open: the header, the document records and the stamp
 * (16 bytes per document); the full check (a sequential read of about 2.3 bytes per
 * registered byte) only without a matching stamp.  The magic's last byte is the cache format
 * (7 since the evidence filter's bound grows with the vault), so a cache of an older format is
 * rebuilt.
 */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bgmodel.h"
#include "index.h"
#include "telltale/file.h"
#include "common.h"

#define CACHE_MAGIC "TTINDEX\x0a" /* 3: BLAKE2b checksum; 4: header digest, stamp; 5: the
                                   * background model's identity; 6: 8-byte entries, unit
                                   * offsets, prefilters sized by their keys; 7: the evidence
                                   * filter's bound grows with the vault (ev_df); 8: a
                                   * directory sized to the entries (nslots); 9: 16-byte
                                   * document records, ids with the titles; 10: no filter of
                                   * all fingerprints, only the evidence filter */
#define STAMP_MAGIC "TTIXOK\x00\x01"
#define HSUM_BYTES 16
#define CACHE_ENDIAN 0x01020304u

typedef struct cache_hdr {
    char magic[8];
    uint32_t endian, version, k, w;
    uint32_t bits, entry_size, doc_size, hdr_size;
    uint64_t gen, rows, maxdoc, sumdoc, nbg;
    uint64_t n, ndocs, nwords_ev, nub, titles, dropped_df, dropped_bg;
    uint64_t bgmodel; /* tt_bgmodel__id of the model the evidence filter left out */
    uint64_t ev_df;   /* the evidence filter's document frequency bound (tt_index.ev_df) */
    uint64_t nslots;  /* the directory's slots (tt_index__dir_slots of n) */
    uint64_t size; /* of the whole file */
    unsigned char sum[crypto_generichash_BYTES]; /* BLAKE2b-256 of the bytes after the header */
    unsigned char hsum[HSUM_BYTES]; /* BLAKE2b-128 of this header with hsum zeroed */
} cache_hdr;

/* index.bin.verified: the identity of an index.bin whose whole content was checked. */
typedef struct cache_stamp {
    char magic[8];
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
    unsigned char hsum[HSUM_BYTES];
} cache_stamp;

/* A document's record: its database row, the offset of its id in the strings (the id, NUL,
 * then the title, NUL) and its title's length.  Its units are the unit offsets' (uoff[d] to
 * uoff[d + 1]). */
typedef struct cache_doc {
    int64_t row;
    uint32_t str_off, title_len;
} cache_doc;

static size_t
al8(size_t x)
{
    return (x + 7) & ~(size_t)7;
}

/* The checksum: BLAKE2b-256 (libsodium's generic hash) of p[0..n). */
static void
checksum(unsigned char out[crypto_generichash_BYTES], const unsigned char *p, size_t n)
{
    crypto_generichash(out, crypto_generichash_BYTES, p, n, NULL, 0);
}

/* The header's digest: BLAKE2b-128 of the header with its hsum field zeroed. */
static void
header_sum(unsigned char out[HSUM_BYTES], const cache_hdr *h)
{
    cache_hdr c = *h;
    memset(c.hsum, 0, sizeof c.hsum);
    crypto_generichash(out, HSUM_BYTES, (const unsigned char *)&c, sizeof c, NULL, 0);
}

static char *
stamp_path(const char *path)
{
    size_t n = strlen(path);
    char *p = malloc(n + sizeof ".verified");
    if (p) {
        memcpy(p, path, n);
        memcpy(p + n, ".verified", sizeof ".verified");
    }
    return p;
}

static void
stamp_of(cache_stamp *k, const struct stat *sb, const unsigned char hsum[HSUM_BYTES])
{
    memset(k, 0, sizeof *k);
    memcpy(k->magic, STAMP_MAGIC, 8);
    k->dev = (uint64_t)sb->st_dev;
    k->ino = (uint64_t)sb->st_ino;
    k->size = (uint64_t)sb->st_size;
    k->mtime_s = (int64_t)sb->st_mtim.tv_sec;
    k->mtime_ns = (int64_t)sb->st_mtim.tv_nsec;
    k->ctime_s = (int64_t)sb->st_ctim.tv_sec;
    k->ctime_ns = (int64_t)sb->st_ctim.tv_nsec;
    memcpy(k->hsum, hsum, HSUM_BYTES);
}

/* Record that the file at path, as sb describes it, was checked whole.  Best effort: without
 * a stamp the next open checks the file whole again. */
static void
stamp_write(const char *path, const struct stat *sb, const unsigned char hsum[HSUM_BYTES])
{
    char *sp = stamp_path(path);
    if (!sp)
        return;
    cache_stamp k;
    stamp_of(&k, sb, hsum);
    (void)tt_file_write(sp, &k, sizeof k, 0600, TT_FILE_REPLACE);
    free(sp);
}

/* 1 when the stamp says the file sb describes, with this header digest, was checked whole. */
static int
stamp_matches(const char *path, const struct stat *sb, const unsigned char hsum[HSUM_BYTES])
{
    char *sp = stamp_path(path);
    if (!sp)
        return 0;
    int fd = open(sp, O_RDONLY | O_CLOEXEC);
    free(sp);
    if (fd < 0)
        return 0;
    cache_stamp have, want;
    ssize_t got = read(fd, &have, sizeof have);
    close(fd);
    stamp_of(&want, sb, hsum);
    return got == (ssize_t)sizeof have && memcmp(&have, &want, sizeof have) == 0;
}

typedef struct layout {
    size_t entries, dir, uoff, bloom, docs, ub, titles, end;
} layout;

static void
plan(layout *l, uint64_t n, uint64_t nslots, uint64_t nwords_ev, uint64_t ndocs, uint64_t nub,
     uint64_t titles)
{
    l->entries = al8(sizeof(cache_hdr));
    l->dir = al8(l->entries + n * sizeof(tt_index_entry));
    l->uoff = al8(l->dir + (nslots + 1) * sizeof(uint32_t));
    l->bloom = al8(l->uoff + (ndocs + 1) * sizeof(uint32_t));
    l->docs = al8(l->bloom + nwords_ev * sizeof(uint64_t)); /* bloom_ev */
    l->ub = al8(l->docs + ndocs * sizeof(cache_doc));
    l->titles = al8(l->ub + nub);
    l->end = al8(l->titles + titles);
}

int
tt_index__cache_image(const tt_index *ix, const tt_index_state *st, unsigned char **out,
                      size_t *out_len)
{
    uint64_t titles = 0; /* the strings: each document's id and title, each ending in NUL */
    for (size_t d = 0; d < ix->ndocs; d++)
        titles += strnlen(ix->docs[d].id, sizeof ix->docs[d].id - 1) + 1 +
                  strlen(ix->docs[d].title ? ix->docs[d].title : "") + 1;
    if (titles > UINT32_MAX)
        return TT_ELIMIT;
    layout l;
    plan(&l, ix->n, ix->nslots, ix->bloom_ev.nwords, ix->ndocs, ix->nub, titles);
    unsigned char *b = calloc(1, l.end);
    if (!b)
        return TT_ENOMEM;
    cache_hdr *h = (cache_hdr *)b;
    memcpy(h->magic, CACHE_MAGIC, 8);
    h->endian = CACHE_ENDIAN;
    h->version = TT_INDEX_VERSION;
    h->k = TT_WINNOW_K;
    h->w = TT_WINNOW_W;
    h->bits = ix->bits;
    h->entry_size = sizeof(tt_index_entry);
    h->doc_size = sizeof(cache_doc);
    h->hdr_size = sizeof(cache_hdr);
    h->gen = st->gen;
    h->rows = st->rows;
    h->maxdoc = st->maxdoc;
    h->sumdoc = st->sumdoc;
    h->nbg = st->nbg;
    h->n = ix->n;
    h->ndocs = ix->ndocs;
    h->nwords_ev = ix->bloom_ev.nwords;
    h->nub = ix->nub;
    h->titles = titles;
    h->dropped_df = ix->dropped_df;
    h->dropped_bg = ix->dropped_bg;
    h->bgmodel = tt_bgmodel__id(tt_bgmodel__builtin());
    h->ev_df = ix->ev_df;
    h->nslots = ix->nslots;
    h->size = l.end;
    if (ix->n)
        memcpy(b + l.entries, ix->e, ix->n * sizeof *ix->e);
    memcpy(b + l.dir, ix->dir, (ix->nslots + 1) * sizeof *ix->dir);
    memcpy(b + l.uoff, ix->uoff, (ix->ndocs + 1) * sizeof *ix->uoff);
    if (ix->bloom_ev.nwords)
        memcpy(b + l.bloom, ix->bloom_ev.w, ix->bloom_ev.nwords * sizeof *ix->bloom_ev.w);
    if (ix->nub)
        memcpy(b + l.ub, ix->ub, ix->nub);
    uint64_t toff = 0;
    for (size_t d = 0; d < ix->ndocs; d++) {
        const tt_index_doc *src = &ix->docs[d];
        cache_doc *cd = (cache_doc *)(b + l.docs) + d;
        cd->row = src->row;
        size_t il = strnlen(src->id, sizeof src->id - 1);
        cd->str_off = (uint32_t)toff;
        memcpy(b + l.titles + toff, src->id, il); /* (calloc'd: the NUL is there) */
        toff += il + 1;
        const char *t = src->title ? src->title : "";
        size_t tl = strlen(t);
        cd->title_len = (uint32_t)tl;
        memcpy(b + l.titles + toff, t, tl + 1);
        toff += tl + 1;
    }
    checksum(h->sum, b + sizeof *h, l.end - sizeof *h);
    header_sum(h->hsum, h);
    *out = b;
    *out_len = l.end;
    return 0;
}

int
tt_index__cache_write(const tt_index *ix, const char *path, const tt_index_state *st)
{
    unsigned char *b;
    size_t len;
    int rc = tt_index__cache_image(ix, st, &b, &len);
    if (rc)
        return rc;
    unsigned char hsum[HSUM_BYTES];
    memcpy(hsum, ((const cache_hdr *)b)->hsum, sizeof hsum);
    /* through the one writer: a temporary file next to it, fsync, renamed over it; then
     * the stamp of what was written (a file replaced in between has another header digest
     * or identity, so its stamp does not match and it is checked whole) */
    rc = tt_file_write(path, b, len, 0600, TT_FILE_REPLACE);
    free(b);
    struct stat sb;
    if (!rc && stat(path, &sb) == 0)
        stamp_write(path, &sb, hsum);
    return rc;
}

static int cache_parse(tt_index **out, void *map, size_t maplen, const void *image, size_t len,
                       const tt_index_state *st, int whole);

int
tt_index__cache_load(tt_index **out, const char *path, const tt_index_state *st)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return TT_ENOENT;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || (uint64_t)sb.st_size < sizeof(cache_hdr)) {
        close(fd);
        return TT_ENOENT;
    }
    size_t len = (size_t)sb.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return TT_ENOENT;
    /* checked whole before and unchanged since (the stamp names this header digest, which
     * cache_parse checks against the header), or checked whole now */
    const cache_hdr *mh = map;
    unsigned char hsum[HSUM_BYTES];
    memcpy(hsum, mh->hsum, sizeof hsum);
    int whole = !stamp_matches(path, &sb, hsum);
    int rc = cache_parse(out, map, len, map, len, st, whole);
    if (rc)
        munmap(map, len);
    else if (whole)
        stamp_write(path, &sb, hsum);
    return rc;
}

int
tt_index__cache_from(tt_index **out, void *map, size_t maplen, const void *image, size_t len,
                     const tt_index_state *st)
{
    return cache_parse(out, map, maplen, image, len, st, 1);
}

static int
cache_parse(tt_index **out, void *map, size_t maplen, const void *image, size_t len,
            const tt_index_state *st, int whole)
{
    *out = NULL;
    if (len < sizeof(cache_hdr))
        return TT_ENOENT;
    const unsigned char *b = image;
    cache_hdr h;
    memcpy(&h, b, sizeof h);
    layout l;
    tt_index *ix = NULL;
    int rc = TT_ENOENT; /* stale, until every check has passed */
    if (memcmp(h.magic, CACHE_MAGIC, 8) != 0 || h.endian != CACHE_ENDIAN ||
        h.version != TT_INDEX_VERSION || h.k != TT_WINNOW_K || h.w != TT_WINNOW_W ||
        h.entry_size != sizeof(tt_index_entry) || h.doc_size != sizeof(cache_doc) ||
        h.hdr_size != sizeof(cache_hdr) || h.size != len || h.gen != st->gen ||
        h.rows != st->rows || h.maxdoc != st->maxdoc || h.sumdoc != st->sumdoc ||
        h.nbg != st->nbg || h.bgmodel != tt_bgmodel__id(tt_bgmodel__builtin()) ||
        h.ev_df != tt_index__evidence_df(h.ndocs) || h.n > UINT32_MAX ||
        h.nslots != tt_index__dir_slots(h.n) || h.bits != tt_index__dir_bits(h.nslots) ||
        h.ndocs > UINT32_MAX || h.n > len || h.ndocs > len || h.nwords_ev > len || h.nub > len || h.nub > UINT32_MAX || h.titles > len)
        goto out;
    unsigned char hsum[HSUM_BYTES];
    header_sum(hsum, &h);
    if (sodium_memcmp(hsum, h.hsum, sizeof hsum) != 0)
        goto out;
    plan(&l, h.n, h.nslots, h.nwords_ev, h.ndocs, h.nub, h.titles);
    if (l.end != len)
        goto out;
    if (whole) {
        unsigned char sum[crypto_generichash_BYTES];
        checksum(sum, b + sizeof h, len - sizeof h);
        if (sodium_memcmp(sum, h.sum, sizeof sum) != 0)
            goto out;
    }
    ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->docs = calloc(h.ndocs ? h.ndocs : 1, sizeof *ix->docs))) {
        rc = TT_ENOMEM;
        goto out;
    }
    ix->map = map;
    ix->maplen = maplen;
    ix->from_cache = 1;
    ix->e = (tt_index_entry *)(b + l.entries);
    ix->n = h.n;
    ix->bits = h.bits;
    ix->nslots = h.nslots;
    ix->dir = (uint32_t *)(b + l.dir);
    ix->uoff = (uint32_t *)(b + l.uoff);
    ix->bloom_ev.w = (uint64_t *)(b + l.bloom);
    ix->bloom_ev.nwords = h.nwords_ev;
    ix->ev_df = (uint32_t)h.ev_df;
    ix->ub = (uint8_t *)(b + l.ub);
    ix->nub = h.nub;
    ix->ndocs = h.ndocs;
    ix->dropped_df = h.dropped_df;
    ix->dropped_bg = h.dropped_bg;
    /* every offset and number in range, so no lookup can leave the mapping (checked with
     * the checksum: a stamped file is the one that passed) */
    size_t nslots = h.nslots + 1;
    for (size_t i = 0; whole && i < nslots; i++)
        if (ix->dir[i] > h.n || (i && ix->dir[i] < ix->dir[i - 1]))
            goto out;
    if (whole && ix->dir[nslots - 1] != h.n)
        goto out;
    /* entries ascending within each slot, every position inside the units */
    for (size_t b2 = 0; whole && b2 + 1 < nslots; b2++)
        for (size_t i = ix->dir[b2]; i < ix->dir[b2 + 1]; i++)
            if (tt_index__gpos(ix->e[i]) >= h.nub || (i > ix->dir[b2] && ix->e[i] < ix->e[i - 1]))
                goto out;
    /* the unit offsets: ascending from 0 to nub, each document's the one its record names
     * (checked at every open: tt_index__doc relies on them) */
    if (ix->uoff[0] != 0 || ix->uoff[h.ndocs] != h.nub)
        goto out;
    const char *titles = (const char *)(b + l.titles);
    for (size_t d = 0; d < h.ndocs; d++) {
        const cache_doc *cd = (const cache_doc *)(b + l.docs) + d;
        tt_index_doc *doc = &ix->docs[d];
        if (ix->uoff[d + 1] < ix->uoff[d] || cd->str_off >= h.titles)
            goto out;
        /* the id: NUL within its 24 bytes and the strings; then the title */
        size_t room = h.titles - cd->str_off;
        const char *id = titles + cd->str_off, *nul = memchr(id, 0, TT_MIN(room, sizeof doc->id));
        if (!nul)
            goto out;
        size_t toff = cd->str_off + (size_t)(nul - id) + 1;
        if (toff >= h.titles || cd->title_len >= h.titles - toff || titles[toff + cd->title_len])
            goto out;
        doc->row = cd->row;
        memcpy(doc->id, id, (size_t)(nul - id) + 1);
        doc->title = (char *)(titles + toff);
        doc->ub = ix->ub + ix->uoff[d];
        doc->nu = ix->uoff[d + 1] - ix->uoff[d];
    }
    if (tt_index__link_units(ix)) {
        rc = TT_ENOMEM;
        goto out;
    }
    *out = ix;
    return 0;
out:
    if (ix) {
        free(ix->docs);
        free(ix->udir);
        free(ix);
    }
    return rc;
}
