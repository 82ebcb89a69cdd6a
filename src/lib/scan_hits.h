/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_hits.h: a scan window's index hits, grouped per document into clusters (scan_hits.c).
 * The scanner (scan.c) collects one compact record per posting of a looked-up fingerprint, in
 * item order, into a tt_hits; tt_hits__group drops the hits no other hit of their document is
 * near, groups the rest by document, and clusters each document's hits along a diagonal.  The
 * buffers are reused window after window (tt_hits__release frees them).
 */
#ifndef TT_SCAN_HITS_H
#define TT_SCAN_HITS_H

#include "common.h"
#include "scan_hotloop.h"

/* A hit: a fingerprint of the scanned window found at a position of a registered document. */
typedef struct tt_hit {
    uint32_t doc;
    uint32_t dpos;  /* unit index in the document */
    uint64_t lpos;  /* unit index in the segment */
    uint64_t lbyte; /* absolute byte offset of the k-gram's first unit */
    uint64_t lend;  /* absolute byte offset past its last unit */
    uint32_t cid;   /* its cluster */
    uint32_t df;    /* registered documents holding this fingerprint */
} tt_hit;

/* A hit as collected (16 bytes; the rest is its fingerprint's, fx[fi] and df[fi]). */
typedef struct tt_phit {
    uint32_t doc;
    uint32_t dpos;
    uint32_t fi; /* its fingerprint: fx[fi] */
    uint32_t gk; /* scratch of tt_hits__group */
} tt_phit;

/* Hits of one document in the same order and about the same offset (the diagonal). */
typedef struct tt_cluster {
    uint32_t doc;
    size_t first, count; /* its hits: tt_hits.h[first .. first + count), in item order */
    size_t nhits;        /* = count */
} tt_cluster;

typedef struct tt_hitgroup tt_hitgroup;
typedef struct tt_hitcl tt_hitcl;

typedef struct tt_hits {
    /* in: the collected hits, in item order (ascending fx[fi].pos; a fingerprint's hits in
     * ascending document, then position), and df[fi] for each fingerprint of a hit */
    tt_phit *ph;
    size_t nph, phcap;
    uint32_t *df;
    size_t dfcap;
    /* out of tt_hits__group */
    tt_hit *h; /* the clusters' hits, cluster after cluster */
    size_t nh, hcap;
    tt_cluster *cl; /* by document, then by the item position of their first hit */
    size_t ncl, clcap;
    tt_hit *lone; /* hits with no other hit of their document near, held by one document,
                   * in item order */
    size_t nlone, lonecap;
    size_t near; /* hits with another hit of their document near (the clustered ones,
                  * before documents that cannot make a cluster of weight are passed) */
    /* scratch */
    uint32_t *dmap; /* by document, 4 words: the window it was last seen in (gen), its group,
                     * its latest hit and that hit's item position (low 32 bits) */
    size_t dmapn;
    uint32_t gen;
    tt_hitgroup *g;
    size_t gcap;
    uint64_t *key, *key2;
    size_t keycap, key2cap;
    tt_hit *sorted; /* the near hits by document, in full */
    size_t sortedcap;
    tt_hitcl *lc;
    size_t lccap;
    size_t *open;
    size_t opencap;
} tt_hits;

/* Group the collected hits w->ph[0..nph) of fingerprints fx into w->cl / w->h:
 *  - a hit no other hit of its document precedes or follows within the clusters' gap is
 *    dropped (it can never be in a cluster of two); those of fingerprints one document holds
 *    go to w->lone when want_lone.  With min_hits < 2 nothing is dropped;
 *  - the others are grouped by document (ascending), each document's in item order (then
 *    ascending document position), and clustered: a hit joins, among its document's open
 *    clusters, the one whose diagonal is nearest its own if within the drift allowed, else it
 *    opens one (at most TT_LIMIT_OPEN_CLUSTERS open);
 *  - when weight is not NULL (weight[df] for df <= TT_INDEX_MAX_DF: a hit's evidence), a
 *    document whose hits together cannot make a cluster the scanner would examine (full hits,
 *    of weight 1, at fewer than min_hits item positions, and, with min_hits >= 2, a summed
 *    weight below min_hits and no hit of a fingerprint one document holds) gets no cluster:
 *    a cluster's hits are a subset of its document's, so no cluster of it could be examined.
 * The result is the same as sorting the hits by (document, item position, document
 * position), clustering, and sorting them by (cluster, item position, document position)
 * (test_scan_hits.c checks it against such a reference).  Documents are numbered below
 * ndocs (a map of ndocs entries is kept).  0, TT_ENOMEM, or TT_EINVAL for a document number
 * of ndocs or more. */
int tt_hits__group(tt_hits *w, const tt_fpx *fx, size_t ndocs, unsigned min_hits,
                   const double *weight, int want_lone);

/* Free w's buffers; w may be zeroed again. */
void tt_hits__release(tt_hits *w);

#endif
