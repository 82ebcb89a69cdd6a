/* SPDX-License-Identifier: Apache-2.0 */
/* test_scan_hits.c: the grouping of a scan window's hits into clusters (scan_hits.c) against a
 * simple reference: the hits sorted in item order, those with no other hit of their document
 * within the gap dropped (the lone ones of fingerprints one document holds kept aside), the
 * rest sorted by (document, item position, document position) with qsort, clustered along the
 * diagonal, and sorted by (cluster, item position, document position).  Adversarial hit sets:
 * thousands of documents, one document repeating its phrases (more open clusters than the
 * limit), fingerprints at the same item position, hits given out of order, one hit, none.
 * With the evidence weights, the documents passed over must be exactly those none of whose
 * clusters the scanner would examine.  Positions beyond 32 bits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "index.h"
#include "scan_hits.h"
#include "telltale/limits.h"

#define GAP_UNITS 400 /* scan_hits.c's */
#define DIAG_STEP 8
#define DIAG_TOL 48

static uint64_t rng;

static uint32_t
rnd(uint32_t n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return n ? (uint32_t)((rng >> 33) % n) : 0;
}

/* ---- the reference ---- */

typedef struct ref {
    tt_hit *h; /* clusters' hits, cluster after cluster */
    size_t nh;
    tt_cluster *cl;
    size_t ncl;
    tt_hit *lone;
    size_t nlone;
} ref;

typedef struct rhit {
    tt_hit h;
    uint32_t fi;
    size_t idx; /* its place in item order */
} rhit;

static int
cmp_item(const void *a, const void *b)
{
    const rhit *x = a, *y = b;
    if (x->h.lpos != y->h.lpos)
        return x->h.lpos < y->h.lpos ? -1 : 1;
    if (x->h.doc != y->h.doc)
        return x->h.doc < y->h.doc ? -1 : 1;
    if (x->h.dpos != y->h.dpos)
        return x->h.dpos < y->h.dpos ? -1 : 1;
    return x->fi < y->fi ? -1 : x->fi > y->fi;
}

static int
cmp_doc(const void *a, const void *b)
{
    const rhit *x = a, *y = b;
    if (x->h.doc != y->h.doc)
        return x->h.doc < y->h.doc ? -1 : 1;
    return cmp_item(a, b);
}

static int
cmp_cid(const void *a, const void *b)
{
    const rhit *x = a, *y = b;
    if (x->h.cid != y->h.cid)
        return x->h.cid < y->h.cid ? -1 : 1;
    return cmp_item(a, b);
}

static void
reference(ref *r, const tt_phit *ph, size_t n, const tt_fpx *fx, const uint32_t *df,
          unsigned min_hits)
{
    memset(r, 0, sizeof *r);
    rhit *a = calloc(n + 1, sizeof *a);
    int *near = calloc(n + 1, sizeof *near);
    assert_non_null(a);
    assert_non_null(near);
    for (size_t i = 0; i < n; i++) {
        a[i].h.doc = ph[i].doc;
        a[i].h.dpos = ph[i].dpos;
        a[i].h.lpos = fx[ph[i].fi].pos;
        a[i].h.lbyte = fx[ph[i].fi].start;
        a[i].h.lend = fx[ph[i].fi].end;
        a[i].h.df = df[ph[i].fi];
        a[i].fi = ph[i].fi;
    }
    qsort(a, n, sizeof *a, cmp_item);
    for (size_t i = 0; i < n; i++)
        a[i].idx = i;
    /* near: another hit of the document within the gap (its neighbours in item order) */
    rhit *b = calloc(n + 1, sizeof *b);
    assert_non_null(b);
    memcpy(b, a, n * sizeof *a);
    qsort(b, n, sizeof *b, cmp_doc);
    for (size_t i = 0; i < n; i++) {
        int nb =
            (i > 0 && b[i - 1].h.doc == b[i].h.doc && b[i].h.lpos - b[i - 1].h.lpos <= GAP_UNITS) ||
            (i + 1 < n && b[i + 1].h.doc == b[i].h.doc &&
             b[i + 1].h.lpos - b[i].h.lpos <= GAP_UNITS);
        near[b[i].idx] = min_hits < 2 || nb;
    }
    r->lone = calloc(n + 1, sizeof *r->lone);
    assert_non_null(r->lone);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (near[i])
            b[k++] = a[i];
        else if (a[i].h.df == 1)
            r->lone[r->nlone++] = a[i].h;
    }
    qsort(b, k, sizeof *b, cmp_doc);
    /* cluster */
    r->cl = calloc(k + 1, sizeof *r->cl);
    assert_non_null(r->cl);
    uint64_t *last_lpos = calloc(k + 1, sizeof *last_lpos);
    int64_t *last_diag = calloc(k + 1, sizeof *last_diag);
    size_t *open = calloc(k + 1, sizeof *open), ncl = 0;
    assert_true(last_lpos && last_diag && open);
    for (size_t i = 0; i < k;) {
        size_t j = i, nopen = 0;
        while (j < k && b[j].h.doc == b[i].h.doc)
            j++;
        for (size_t q = i; q < j; q++) {
            int64_t diag = (int64_t)b[q].h.dpos - (int64_t)b[q].h.lpos;
            size_t best = SIZE_MAX, o = 0;
            int64_t bestdd = INT64_MAX;
            for (size_t c = 0; c < nopen; c++) {
                uint64_t gap = b[q].h.lpos - last_lpos[open[c]];
                if (gap > GAP_UNITS)
                    continue;
                open[o++] = open[c];
                int64_t dd = llabs(diag - last_diag[open[c]]);
                if (dd <= DIAG_TOL + (int64_t)(gap / 4) && dd < bestdd) {
                    best = open[c];
                    bestdd = dd;
                }
            }
            nopen = o;
            if (best == SIZE_MAX && nopen >= TT_LIMIT_OPEN_CLUSTERS) {
                size_t old = 0;
                for (size_t c = 1; c < nopen; c++)
                    if (last_lpos[open[c]] < last_lpos[open[old]])
                        old = c;
                open[old] = open[--nopen];
            }
            if (best == SIZE_MAX) {
                best = ncl++;
                r->cl[best].doc = b[q].h.doc;
                r->cl[best].nhits = 0;
                open[nopen++] = best;
            }
            if (r->cl[best].nhits == 0 || llabs(diag - last_diag[best]) <= DIAG_STEP)
                last_diag[best] = diag;
            r->cl[best].nhits++;
            last_lpos[best] = b[q].h.lpos;
            b[q].h.cid = (uint32_t)best;
        }
        i = j;
    }
    qsort(b, k, sizeof *b, cmp_cid);
    r->h = calloc(k + 1, sizeof *r->h);
    assert_non_null(r->h);
    for (size_t i = 0; i < k; i++)
        r->h[i] = b[i].h;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && b[j].h.cid == b[i].h.cid)
            j++;
        r->cl[b[i].h.cid].first = i;
        r->cl[b[i].h.cid].count = j - i;
        i = j;
    }
    r->nh = k;
    r->ncl = ncl;
    free(a);
    free(b);
    free(near);
    free(last_lpos);
    free(last_diag);
    free(open);
}

static void
ref_release(ref *r)
{
    free(r->h);
    free(r->cl);
    free(r->lone);
}

/* scan.c's test of a cluster: full hits at min_hits positions, or (min_hits >= 2) a weight of
 * min_hits in all or a hit of a fingerprint one document holds */
static int
examined(const tt_hit *h, size_t n, const double *weight, unsigned min_hits)
{
    double ev = 0, best = 0;
    size_t full = 0;
    int one = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || (i && h[i].lpos != h[i - 1].lpos)) {
            ev += best;
            full += best >= 1.0;
            best = 0;
            if (i == n)
                break;
        }
        best = TT_MAX(best, weight[TT_MIN(h[i].df, (uint32_t)TT_INDEX_MAX_DF)]);
        one |= h[i].df == 1;
    }
    return full >= min_hits || (min_hits >= 2 && (ev + 1e-9 >= (double)min_hits || one));
}

static void
same_hit(const tt_hit *x, const tt_hit *y)
{
    assert_int_equal(x->doc, y->doc);
    assert_int_equal(x->dpos, y->dpos);
    assert_int_equal(x->lpos, y->lpos);
    assert_int_equal(x->lbyte, y->lbyte);
    assert_int_equal(x->lend, y->lend);
    assert_int_equal(x->df, y->df);
}

static void
same_cluster(const tt_hits *w, size_t i, const ref *r, size_t j)
{
    assert_int_equal(w->cl[i].doc, r->cl[j].doc);
    assert_int_equal(w->cl[i].count, r->cl[j].count);
    assert_int_equal(w->cl[i].nhits, r->cl[j].count);
    for (size_t k = 0; k < r->cl[j].count; k++) {
        const tt_hit *x = &w->h[w->cl[i].first + k];
        same_hit(x, &r->h[r->cl[j].first + k]);
        assert_int_equal(x->cid, i);
    }
}

/* Group w's collected hits (w->ph, w->df) and compare with the reference, without weights and
 * with them. */
static void
check(tt_hits *w, const tt_fpx *fx, size_t ndocs, unsigned min_hits)
{
    static double weight[TT_INDEX_MAX_DF + 1];
    for (uint32_t d = 0; d <= TT_INDEX_MAX_DF; d++)
        weight[d] = d <= 2 ? 1.0 : log(100000.0 / d) / log(100000.0 / 2);
    size_t n = w->nph;
    tt_phit *saved = malloc((n + 1) * sizeof *saved);
    assert_non_null(saved);
    if (n)
        memcpy(saved, w->ph, n * sizeof *saved);
    ref r;
    reference(&r, saved, n, fx, w->df, min_hits);

    assert_int_equal(tt_hits__group(w, fx, ndocs, min_hits, NULL, 1), 0);
    assert_int_equal(w->ncl, r.ncl);
    assert_int_equal(w->nh, r.nh);
    assert_int_equal(w->near, r.nh);
    for (size_t i = 0; i < r.ncl; i++)
        same_cluster(w, i, &r, i);
    assert_int_equal(w->nlone, r.nlone);
    for (size_t i = 0; i < r.nlone; i++)
        same_hit(&w->lone[i], &r.lone[i]);

    /* with the weights: the clusters of the documents kept, in the same order, and every
     * cluster the scanner would examine among them */
    if (n)
        memcpy(w->ph, saved, n * sizeof *saved);
    w->nph = n;
    assert_int_equal(tt_hits__group(w, fx, ndocs, min_hits, weight, 0), 0);
    assert_int_equal(w->nlone, 0);
    assert_int_equal(w->near, r.nh);
    size_t i = 0, examined_ref = 0, examined_new = 0;
    for (size_t j = 0; j < r.ncl; j++) {
        int ex = examined(r.h + r.cl[j].first, r.cl[j].count, weight, min_hits);
        examined_ref += (size_t)ex;
        if (i < w->ncl && w->cl[i].doc == r.cl[j].doc) {
            same_cluster(w, i, &r, j);
            examined_new +=
                (size_t)examined(w->h + w->cl[i].first, w->cl[i].count, weight, min_hits);
            i++;
        } else {
            assert_false(ex); /* a document passed over had no cluster to examine */
        }
    }
    assert_int_equal(i, w->ncl);
    assert_int_equal(examined_new, examined_ref);
    ref_release(&r);
    free(saved);
}

static void
add(tt_hits *w, uint32_t doc, uint32_t dpos, uint32_t fi)
{
    assert_int_equal(tt__grow(&w->ph, &w->phcap, w->nph + 1, sizeof *w->ph), 0);
    w->ph[w->nph].doc = doc;
    w->ph[w->nph].dpos = dpos;
    w->ph[w->nph].fi = fi;
    w->ph[w->nph].gk = 0xdeadbeef;
    w->nph++;
}

/* nfx fingerprints at strictly rising positions, about step apart (or, with dup, some at the
 * position of the one before), each held by up to maxdocs documents of ndocs (some of them
 * "sources" that hold the window's text along one diagonal), up to maxrep positions each. */
static tt_fpx *
gen(tt_hits *w, size_t nfx, uint32_t ndocs, uint32_t maxdocs, uint32_t maxrep, uint32_t step,
    int dup)
{
    tt_fpx *fx = calloc(nfx, sizeof *fx);
    assert_non_null(fx);
    assert_int_equal(tt__grow(&w->df, &w->dfcap, nfx, sizeof *w->df), 0);
    w->nph = 0;
    uint64_t pos = 0;
    for (size_t i = 0; i < nfx; i++) {
        if (!(dup && i && rnd(4) == 0))
            pos += 1 + rnd(i % 50 == 0 ? 900 : step);
        fx[i].pos = pos;
        fx[i].start = pos * 6 + 3;
        fx[i].end = fx[i].start + 60 + rnd(20);
        uint32_t k = 1 + rnd(maxdocs), last = 0;
        for (uint32_t q = 0; q < k; q++) {
            uint32_t lo = q ? last + 1 : 0;
            if (lo >= ndocs)
                break;
            uint32_t doc = lo + rnd(TT_MIN(ndocs - lo, 2 * ndocs / k + 1));
            if (doc >= ndocs)
                doc = ndocs - 1;
            last = doc;
            uint32_t nrep = 1 + rnd(maxrep), dpos = 0;
            for (uint32_t r = 0; r < nrep; r++) {
                /* on a diagonal for one document in 8, else anywhere; rising */
                uint32_t want = doc % 8 == 0 ? (uint32_t)pos + doc % 1000 + rnd(9) : rnd(100000);
                dpos = r == 0 ? want : dpos + 1 + rnd(3000);
                add(w, doc, dpos, (uint32_t)i);
            }
        }
        w->df[i] = rnd(4) == 0 ? 1 : k + rnd(20);
    }
    return fx;
}

static void
many_documents(void **state)
{
    (void)state;
    tt_hits w;
    memset(&w, 0, sizeof w);
    rng = 1;
    for (int round = 0; round < 4; round++) {
        uint32_t ndocs = round == 3 ? 100000 : 3000;
        tt_fpx *fx = gen(&w, 4000, ndocs, round == 0 ? 3 : 20, 2, 120, 0);
        check(&w, fx, ndocs, 2);
        free(fx);
    }
    tt_hits__release(&w);
}

static void
one_document(void **state)
{
    (void)state;
    tt_hits w;
    memset(&w, 0, sizeof w);
    rng = 7;
    /* one document repeating its phrases: more open clusters than TT_LIMIT_OPEN_CLUSTERS */
    tt_fpx *fx = gen(&w, 3000, 1, 1, 16, 30, 0);
    check(&w, fx, 1, 2);
    check(&w, fx, 1, 1); /* min_hits 1: nothing dropped */
    free(fx);
    tt_hits__release(&w);
}

static void
duplicate_positions_and_disorder(void **state)
{
    (void)state;
    tt_hits w;
    memset(&w, 0, sizeof w);
    rng = 11;
    for (int round = 0; round < 3; round++) {
        tt_fpx *fx = gen(&w, 2000, 500, 6, 3, 120, 1);
        if (round == 1) /* given backwards */
            for (size_t i = 0, j = w.nph - 1; i < j; i++, j--) {
                tt_phit t = w.ph[i];
                w.ph[i] = w.ph[j];
                w.ph[j] = t;
            }
        if (round == 2) /* shuffled, with exact duplicates */
            for (size_t i = w.nph; i-- > 1;) {
                size_t j = rnd((uint32_t)i + 1);
                tt_phit t = w.ph[i];
                w.ph[i] = w.ph[j];
                w.ph[j] = i % 3 ? t : w.ph[i];
            }
        check(&w, fx, 500, 2);
        free(fx);
    }
    tt_hits__release(&w);
}

static void
few_hits(void **state)
{
    (void)state;
    tt_hits w;
    memset(&w, 0, sizeof w);
    tt_fpx fx[8];
    static const uint64_t pos[8] = {5, 700, 701, 1000, 1010, 1020, 1500, 1510};
    static const uint32_t df[8] = {1, 3, 1, 3, 3, 3, 2, 2};
    assert_int_equal(tt__grow(&w.df, &w.dfcap, 8, sizeof *w.df), 0);
    for (size_t i = 0; i < 8; i++) {
        fx[i].hash = i;
        fx[i].pos = pos[i];
        fx[i].start = 2 * pos[i];
        fx[i].end = 2 * pos[i] + 30;
        w.df[i] = df[i];
    }
    check(&w, fx, 30, 2); /* none */
    add(&w, 4, 100, 0);
    check(&w, fx, 30, 2); /* one: lone */
    w.nph = 0;
    add(&w, 4, 100, 0);
    add(&w, 4, 900, 1); /* too far: two lone hits, one of a shared fingerprint */
    add(&w, 9, 3, 1);
    add(&w, 9, 4, 2); /* near: a cluster of a shared and a rare fingerprint */
    /* three hits of fingerprints 3 documents hold weigh 2.88: examined; two weigh 1.92: the
     * document is passed over; two full hits: examined */
    for (uint32_t i = 3; i < 6; i++) {
        add(&w, 20, (uint32_t)pos[i] + 1000, i);
        if (i < 5)
            add(&w, 21, (uint32_t)pos[i] + 2000, i);
    }
    add(&w, 22, 7, 6);
    add(&w, 22, 17, 7);
    check(&w, fx, 30, 2);
    assert_int_equal(w.ncl, 3); /* with the weights: documents 9, 20 and 22 */
    assert_int_equal(w.cl[0].doc, 9);
    assert_int_equal(w.cl[1].doc, 20);
    assert_int_equal(w.cl[2].doc, 22);
    /* a document number beyond the map is refused */
    w.nph = 0;
    add(&w, 30, 0, 0);
    assert_int_equal(tt_hits__group(&w, fx, 30, 2, NULL, 1), TT_EINVAL);
    tt_hits__release(&w);
    tt_hits__release(&w); /* released twice: a no-op */
}

/* The document map keeps the low 32 bits of a document's last hit position (scan_hits.c,
 * mark_near): hits 2^32 units apart, or 2^32 + a few, are not near, however their low bits
 * agree; hits a few units apart across a 2^32 boundary are. */
static void
positions_past_32_bits(void **state)
{
    (void)state;
    tt_hits w;
    memset(&w, 0, sizeof w);
    static const uint64_t pos[6] = {100,
                                    ((uint64_t)1 << 32) + 50, /* low bits 50: near 100 */
                                    ((uint64_t)1 << 32) + 120,
                                    ((uint64_t)2 << 32) - 5,
                                    ((uint64_t)2 << 32) + 3, /* 8 after the one before */
                                    ((uint64_t)3 << 32) + 3};
    tt_fpx fx[6];
    assert_int_equal(tt__grow(&w.df, &w.dfcap, 6, sizeof *w.df), 0);
    for (size_t i = 0; i < 6; i++) {
        fx[i].hash = i;
        fx[i].pos = pos[i];
        fx[i].start = 2 * pos[i];
        fx[i].end = 2 * pos[i] + 30;
        w.df[i] = 1;
    }
    add(&w, 3, 10, 0);
    add(&w, 3, 20, 1);
    add(&w, 5, 40, 2);
    add(&w, 3, 30, 3);
    add(&w, 3, 38, 4);
    add(&w, 3, 38, 5);
    check(&w, fx, 8, 2);
    /* with the weights: document 3's hits at 2^33 - 5 and 2^33 + 3 only are near */
    assert_int_equal(w.ncl, 1);
    assert_int_equal(w.cl[0].doc, 3);
    assert_int_equal(w.cl[0].count, 2);
    assert_int_equal(w.h[w.cl[0].first].lpos, pos[3]);
    tt_hits__release(&w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_documents),
        cmocka_unit_test(one_document),
        cmocka_unit_test(duplicate_positions_and_disorder),
        cmocka_unit_test(few_hits),
        cmocka_unit_test(positions_past_32_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
