/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_hits.c: a scan window's hits grouped per document into clusters (scan_hits.h; what a
 * cluster is for and how it is judged: scan.c).
 *
 * Workload: the hits of a window grow with the vault (a fingerprint of df documents makes df
 * hits, and the evidence bound lets fingerprints of up to 20 documents make hits in a vault
 * of 100,000: 8.5 times the hits of 10,000 on the same text, bench/results/hits.md).  So
 * nothing here compares hits with each other to sort them.  The hits come in item order; one
 * pass with a map of every document's group and last hit in this window (stamped with the
 * window, so it is never cleared; one read of it per hit, prefetched ahead) marks the hits
 * that have another of their document within GAP_UNITS (the others, two in three at 100,000
 * documents, cannot be in a cluster of two) and counts them per document, the documents are
 * sorted by a radix sort of their numbers (there are fewer documents than hits), and the hits
 * are moved, stably, to their document's place (a counting sort), which gives each document's
 * hits in item order.  A document whose hits cannot add up to the evidence the scanner asks
 * of a cluster is passed over before clustering: at 100,000 documents most documents with two
 * near hits hold two fingerprints other documents share too.  The clusters of a document are
 * laid out by a second counting sort, on the cluster.  Only the near hits are written out in
 * full (tt_hit, as they are moved to their document: the fingerprints' records are read in
 * item order there, not document by document); the collected ones are 16 bytes.  Every buffer
 * is kept for the next window.
 *
 * If the collected hits are not in item order (the fingerprints' positions ascending, and
 * within one position the documents and positions ascending; the scanner gives them so, a
 * winnowing selection being at a later unit than the one before), they are sorted first, so
 * the result is the same whatever the order.
 */
#include <stdlib.h>
#include <string.h>

#include "scan_hits.h"
#include "index.h"
#include "telltale/limits.h"

#define GAP_UNITS 400 /* hits further apart than this (in item units) start a new cluster */
#define DIAG_STEP 8   /* a hit this close to the cluster's diagonal moves it */
#define DIAG_TOL 48   /* allowed drift of the offset between hits of one cluster, units */

struct tt_hitgroup {
    uint32_t doc;
    uint32_t n;  /* its near hits */
    uint32_t at; /* where its next near hit goes in sorted */
};

#define MAP_AHEAD 16 /* hits whose document map entries are prefetched ahead (mark_near) */

struct tt_hitcl {       /* a cluster of the document being clustered */
    uint64_t last_lpos; /* its last hit's item position */
    int64_t last_diag;
    uint32_t n;
    uint32_t at; /* where its next hit goes in h */
};

void
tt_hits__release(tt_hits *w)
{
    if (!w)
        return;
    free(w->ph);
    free(w->df);
    free(w->h);
    free(w->cl);
    free(w->lone);
    free(w->dmap);
    free(w->g);
    free(w->key);
    free(w->key2);
    free(w->sorted);
    free(w->lc);
    free(w->open);
    memset(w, 0, sizeof *w);
}

static tt_hit
full_hit(const tt_phit *p, const tt_fpx *fx, const uint32_t *df)
{
    tt_hit h;
    h.doc = p->doc;
    h.dpos = p->dpos;
    h.lpos = fx[p->fi].pos;
    h.lbyte = fx[p->fi].start;
    h.lend = fx[p->fi].end;
    h.cid = 0;
    h.df = df[p->fi];
    return h;
}

/* The fallback order (item position, document, document position, fingerprint). */
typedef struct keyed {
    uint64_t pos;
    tt_phit p;
} keyed;

static int
cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    if (x->p.doc != y->p.doc)
        return x->p.doc < y->p.doc ? -1 : 1;
    if (x->p.dpos != y->p.dpos)
        return x->p.dpos < y->p.dpos ? -1 : 1;
    return x->p.fi < y->p.fi ? -1 : x->p.fi > y->p.fi;
}

static int
sort_item_order(tt_phit *ph, size_t n, const tt_fpx *fx)
{
    keyed *k = malloc(n * sizeof *k);
    if (!k)
        return TT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        k[i].pos = fx[ph[i].fi].pos;
        k[i].p = ph[i];
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < n; i++)
        ph[i] = k[i].p;
    free(k);
    return 0;
}

/* Sort key[0..n) by their top 32 bits (distinct), least significant byte first. */
static void
sort_by_doc(uint64_t *key, uint64_t *tmp, size_t n, uint32_t maxdoc)
{
    if (n < 32) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && key[j - 1] > key[j]; j--) {
                uint64_t t = key[j];
                key[j] = key[j - 1];
                key[j - 1] = t;
            }
        return;
    }
    for (unsigned shift = 32; shift < 64 && (shift == 32 || (maxdoc >> (shift - 32)) != 0);
         shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((key[i] >> shift) & 0xff) + 1]++;
        for (unsigned b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            tmp[count[(key[i] >> shift) & 0xff]++] = key[i];
        memcpy(key, tmp, n * sizeof *key);
    }
}

/* Whether the hits h[0..m) of one document (item order) could make a cluster the scanner
 * examines: the test scan.c applies to a cluster, applied to all of them (the weights of a
 * subset, summed in the same order, are no larger). */
static int
could_cluster(const tt_hit *h, size_t m, const double *weight, unsigned min_hits)
{
    double ev = 0, best = 0;
    size_t full = 0;
    int one = 0;
    for (size_t i = 0; i <= m; i++) {
        if (i == m || (i && h[i].lpos != h[i - 1].lpos)) {
            ev += best;
            full += best >= 1.0;
            best = 0;
            if (i == m)
                break;
        }
        uint32_t d = h[i].df;
        best = TT_MAX(best, weight[TT_MIN(d, (uint32_t)TT_INDEX_MAX_DF)]);
        one |= d == 1;
    }
    if (full >= min_hits)
        return 1;
    return min_hits >= 2 && (ev + 1e-9 >= (double)min_hits || one);
}

/* Cluster the hits p[0..m) of one document (item order; their cid is scratch here) and
 * append the clusters to w->cl and their hits to w->h. */
static int
cluster_doc(tt_hits *w, tt_hit *p, size_t m, uint32_t doc)
{
    size_t nc = 0, nopen = 0;
    for (size_t k = 0; k < m; k++) {
        uint64_t lpos = p[k].lpos;
        int64_t diag = (int64_t)p[k].dpos - (int64_t)lpos;
        size_t best = SIZE_MAX;
        int64_t bestdd = INT64_MAX;
        size_t o = 0;
        for (size_t c = 0; c < nopen; c++) {
            const tt_hitcl *cl = &w->lc[w->open[c]];
            uint64_t gap = lpos - cl->last_lpos;
            if (gap > GAP_UNITS)
                continue; /* closed for good: hits come in item order */
            w->open[o++] = w->open[c];
            int64_t dd = diag > cl->last_diag ? diag - cl->last_diag : cl->last_diag - diag;
            if (dd <= DIAG_TOL + (int64_t)(gap / 4) && dd < bestdd) {
                best = w->open[c];
                bestdd = dd;
            }
        }
        nopen = o;
        if (best == SIZE_MAX && nopen >= TT_LIMIT_OPEN_CLUSTERS) {
            /* close the open cluster whose last hit is oldest (open is in opening order, not
             * last-hit order: look) */
            size_t old = 0;
            for (size_t c = 1; c < nopen; c++)
                if (w->lc[w->open[c]].last_lpos < w->lc[w->open[old]].last_lpos)
                    old = c;
            w->open[old] = w->open[--nopen];
        }
        if (best == SIZE_MAX) {
            if ((nc == w->lccap && tt__grow(&w->lc, &w->lccap, nc + 1, sizeof *w->lc)) ||
                (nopen == w->opencap &&
                 tt__grow(&w->open, &w->opencap, nopen + 1, sizeof *w->open)))
                return TT_ENOMEM;
            best = nc++;
            w->lc[best].n = 0;
            w->open[nopen++] = best;
        }
        tt_hitcl *cl = &w->lc[best];
        /* the reference diagonal follows the slow drift of noise (a few units per edit) but
         * not a jump: a phrase the document repeats nearby gives hits a few dozen units off
         * the diagonal, which join but must not pull the cluster off it */
        int64_t dd = diag > cl->last_diag ? diag - cl->last_diag : cl->last_diag - diag;
        if (cl->n == 0 || dd <= DIAG_STEP)
            cl->last_diag = diag;
        cl->n++;
        cl->last_lpos = lpos;
        p[k].cid = (uint32_t)best;
    }
    /* lay the clusters out one after the other, each in item order (a stable counting sort
     * on the cluster) */
    if ((w->ncl + nc > w->clcap && tt__grow(&w->cl, &w->clcap, w->ncl + nc, sizeof *w->cl)) ||
        (w->nh + m > w->hcap && tt__grow(&w->h, &w->hcap, w->nh + m, sizeof *w->h)))
        return TT_ENOMEM;
    size_t at = w->nh;
    for (size_t c = 0; c < nc; c++) {
        tt_cluster *o = &w->cl[w->ncl + c];
        o->doc = doc;
        o->first = at;
        o->count = o->nhits = w->lc[c].n;
        w->lc[c].at = (uint32_t)(at - w->nh);
        at += w->lc[c].n;
    }
    for (size_t k = 0; k < m; k++) {
        tt_hitcl *cl = &w->lc[p[k].cid];
        tt_hit *h = &w->h[w->nh + cl->at++];
        *h = p[k];
        h->cid = (uint32_t)(w->ncl + p[k].cid);
    }
    w->ncl += nc;
    w->nh += m;
    return 0;
}

/* Mark the hits with another hit of their document within GAP_UNITS ("near": a hit joins
 * only a cluster whose last hit is at most that far before it) and count them per document
 * (w->g, ng of them, by first appearance); 0 when check is set and the hits turn out not to be
 * in item order, -1 at a document number of ndocs or more.
 * The document map holds, for each document, the window (gen) it was last seen in, its group
 * then, and its latest hit and that hit's item position, so it is never cleared between
 * windows, and a hit reads one entry of it (prefetched MAP_AHEAD hits ahead: at 100,000
 * documents the map is 1.6 MB and the hits land anywhere in it); the group is touched only by
 * a near hit. */
static inline __attribute__((always_inline)) int
mark_near_(tt_hits *w, const tt_fpx *fx, size_t ndocs, const uint32_t all, const int check,
           size_t *out_ng)
{
    /* (the buffers and the count in locals: the stores through p, q and m would otherwise
     * make the compiler reload them, w->near at every hit; the flags constant in each copy,
     * below, and the previous hit read back rather than kept: fewer registers, fewer
     * spills) */
    size_t ng = 0, n = w->nph, near = 0;
    uint32_t gen = ++w->gen;
    uint64_t ppos = 0;
    tt_phit *ph = w->ph;
    uint32_t *dmap = w->dmap;
    tt_hitgroup *gs = w->g;
    w->near = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + MAP_AHEAD < n) /* (a prefetch of a bad document's entry does no harm) */
            __builtin_prefetch(&dmap[4 * (size_t)ph[i + MAP_AHEAD].doc]);
        tt_phit *p = &ph[i];
        uint32_t doc = p->doc;
        uint64_t pos = fx[p->fi].pos;
        if (check && i &&
            (pos < ppos ||
             (pos == ppos && (doc < p[-1].doc || (doc == p[-1].doc && p->dpos <= p[-1].dpos)))))
            return 0;
        if (doc >= ndocs)
            return -1;
        ppos = pos;
        uint32_t *m = &dmap[4 * (size_t)doc];
        if (m[0] != gen) {
            m[0] = gen;
            m[1] = (uint32_t)ng;
            m[2] = (uint32_t)i;
            m[3] = (uint32_t)pos;
            gs[ng].doc = doc;
            gs[ng].n = all;
            near += all;
            p->gk = (uint32_t)ng << 1 | all;
            ng++;
            continue;
        }
        uint32_t gi = m[1], gk = gi << 1 | all;
        /* (the map keeps the low 32 bits of the position: the whole one is looked at when
         * they are near) */
        if (!all && (uint32_t)pos - m[3] <= GAP_UNITS &&
            pos - fx[ph[m[2]].fi].pos <= GAP_UNITS) {
            tt_phit *q = &ph[m[2]];
            uint32_t add = 1 + !(q->gk & 1);
            q->gk |= 1;
            gk |= 1;
            gs[gi].n += add;
            near += add;
        } else if (all) {
            gs[gi].n++;
            near++;
        }
        p->gk = gk;
        m[2] = (uint32_t)i;
        m[3] = (uint32_t)pos;
    }
    w->near = near;
    *out_ng = ng;
    return 1;
}

static int
mark_near(tt_hits *w, const tt_fpx *fx, size_t ndocs, unsigned min_hits, int check,
          size_t *out_ng)
{
    if (min_hits < 2)
        return check ? mark_near_(w, fx, ndocs, 1, 1, out_ng)
                     : mark_near_(w, fx, ndocs, 1, 0, out_ng);
    return check ? mark_near_(w, fx, ndocs, 0, 1, out_ng) : mark_near_(w, fx, ndocs, 0, 0, out_ng);
}

/* A map of ndocs documents (w->dmap, 4 words each) whose stamps are all below the next
 * ++w->gen.  0 or TT_ENOMEM. */
static int
doc_map(tt_hits *w, size_t ndocs)
{
    if (ndocs > SIZE_MAX / 16)
        return TT_ENOMEM;
    if (w->dmapn < ndocs) {
        free(w->dmap);
        w->dmap = calloc(ndocs, 4 * sizeof *w->dmap);
        if (!w->dmap) {
            w->dmapn = 0;
            return TT_ENOMEM;
        }
        w->dmapn = ndocs;
        w->gen = 0;
    }
    if (w->gen >= UINT32_MAX - 1) { /* the stamps wrap: start again */
        memset(w->dmap, 0, w->dmapn * 4 * sizeof *w->dmap);
        w->gen = 0;
    }
    return 0;
}

int
tt_hits__group(tt_hits *w, const tt_fpx *fx, size_t ndocs, unsigned min_hits, const double *weight,
               int want_lone)
{
    size_t n = w->nph;
    w->nh = w->ncl = w->nlone = w->near = 0;
    if (n == 0)
        return 0;
    if (n > UINT32_MAX / 2)
        return TT_ENOMEM; /* group << 1 and hit numbers must fit 32 bits (TT_LIMIT_HITS is less) */
    if (doc_map(w, ndocs) || tt__grow(&w->g, &w->gcap, n, sizeof *w->g))
        return TT_ENOMEM;
    size_t ng = 0;
    int ok = mark_near(w, fx, ndocs, min_hits, 1, &ng);
    if (ok == 0) {
        if (sort_item_order(w->ph, n, fx) || doc_map(w, ndocs))
            return TT_ENOMEM;
        ok = mark_near(w, fx, ndocs, min_hits, 0, &ng);
    }
    if (ok < 0)
        return TT_EINVAL;
    /* the documents with near hits, in ascending order */
    size_t nk = 0;
    uint32_t maxdoc = 0;
    /* (the clusters' hits and the clusters number at most the near hits: sized once) */
    if (tt__grow(&w->key, &w->keycap, ng, sizeof *w->key) ||
        tt__grow(&w->key2, &w->key2cap, ng, sizeof *w->key2) ||
        tt__grow(&w->sorted, &w->sortedcap, w->near, sizeof *w->sorted) ||
        tt__grow(&w->h, &w->hcap, w->near, sizeof *w->h) ||
        tt__grow(&w->cl, &w->clcap, w->near, sizeof *w->cl))
        return TT_ENOMEM;
    for (size_t gi = 0; gi < ng; gi++)
        if (w->g[gi].n) {
            w->key[nk++] = (uint64_t)w->g[gi].doc << 32 | gi;
            maxdoc = TT_MAX(maxdoc, w->g[gi].doc);
        }
    sort_by_doc(w->key, w->key2, nk, maxdoc);
    uint32_t at = 0;
    for (size_t q = 0; q < nk; q++) {
        tt_hitgroup *g = &w->g[(uint32_t)w->key[q]];
        g->at = at;
        at += g->n;
    }
    /* each document's near hits together, in item order (a stable counting sort); the hits
     * no other is near, of fingerprints one document holds, are lone hits (scan.c checks
     * them one by one) */
    {
        /* (in locals: the stores of the records would make the compiler reload them) */
        const tt_phit *ph = w->ph;
        const uint32_t *df = w->df;
        tt_hit *sorted = w->sorted;
        tt_hitgroup *gs = w->g;
        for (size_t i = 0; i < n; i++) {
            const tt_phit *p = &ph[i];
            if (p->gk & 1) /* (written out in full here, where fx and df are read in order) */
                sorted[gs[p->gk >> 1].at++] = full_hit(p, fx, df);
            else if (want_lone && df[p->fi] == 1) {
                if (w->nlone == w->lonecap &&
                    tt__grow(&w->lone, &w->lonecap, w->nlone + 1, sizeof *w->lone))
                    return TT_ENOMEM;
                w->lone[w->nlone++] = full_hit(p, fx, df);
            }
        }
    }
    for (size_t q = 0, start = 0; q < nk; q++) {
        const tt_hitgroup *g = &w->g[(uint32_t)w->key[q]];
        tt_hit *p = w->sorted + start;
        start += g->n;
        if (weight && !could_cluster(p, g->n, weight, min_hits))
            continue;
        int rc = cluster_doc(w, p, g->n, g->doc);
        if (rc)
            return rc;
    }
    return 0;
}
