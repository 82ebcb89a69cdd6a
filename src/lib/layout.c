/* SPDX-License-Identifier: Apache-2.0 */
/*
 * layout.c: the layout channel read back from word boxes (layout.h).
 *
 * Three passes over the page's words: the leak's words and the original's are tied to the
 * word boxes (a box holds the aligned leak word that starts inside it); the boxes are cut
 * into lines where the extracted text has a line break; then each line with layout slots on
 * it is fitted and read.  The printed face's metrics of a word come from pango on the same
 * kind of surface the copy was printed on (print.c), so a reading compares like with like.
 * Workload: one pango layout per box of a line that holds a slot, a few milliseconds a page.
 */
#include <math.h>

#include "layout.h"
#include "print.h"

#define MARGIN (0.3 * TT_LAYOUT_SHIFT) /* points: nearer to the face's space is unreadable */
#define MIN_PAIRS 4                    /* measured pitches a line needs to be read */

typedef struct box {
    uint8_t aligned; /* holds a leak word aligned to the original */
    uint8_t have;    /* metrics computed */
    uint8_t ok;      /* readable, with metrics */
    double ink_x, ink_w, adv;
    size_t line;
} box;

typedef struct pitch {
    size_t b;      /* the pair (b - 1, b) */
    double P, Q;   /* observed (pixels) and printed (points) pitch */
    double xc, yc; /* where on the page (pixels) */
} pitch;

static void
metrics(tt_print_metrics *pm, const char *text, const tt_xword *w, box *b)
{
    if (b->have)
        return;
    b->have = 1;
    size_t n = w->end - w->start;
    const char *s = text + w->start;
    if (!w->readable || n == 0 || w->x1 <= w->x0)
        return;
    for (size_t i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)
            return;
    tt_print__word(pm, s, n, &b->ink_x, &b->ink_w, &b->adv);
    b->ok = b->ink_w > 0 && b->adv > 0;
}

/* Least squares y = a + b x + c z over the points (x, z) where w[i] is set; out[0..3). */
static int
fit_plane(const double *x, const double *z, const double *y, size_t n, double out[3])
{
    double A[3][4] = {{0}};
    for (size_t i = 0; i < n; i++) {
        double f[3] = {1, x[i], z[i]};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++)
                A[r][c] += f[r] * f[c];
            A[r][3] += f[r] * y[i];
        }
    }
    /* Gauss-Jordan with partial pivoting; a degenerate spread (one line, one column) keeps
     * the slopes at 0 */
    for (int c = 0; c < 3; c++) {
        int piv = c;
        for (int r = c + 1; r < 3; r++)
            if (fabs(A[r][c]) > fabs(A[piv][c]))
                piv = r;
        if (fabs(A[piv][c]) < 1e-9 * (fabs(A[0][0]) + 1)) {
            for (int k = 0; k < 4; k++)
                A[c][k] = k == c ? 1 : 0;
            continue;
        }
        if (piv != c)
            for (int k = 0; k < 4; k++) {
                double t = A[c][k];
                A[c][k] = A[piv][k];
                A[piv][k] = t;
            }
        for (int r = 0; r < 3; r++) {
            if (r == c || A[r][c] == 0)
                continue;
            double f = A[r][c] / A[c][c];
            for (int k = c; k < 4; k++)
                A[r][k] -= f * A[c][k];
        }
    }
    for (int c = 0; c < 3; c++)
        out[c] = A[c][3] / A[c][c];
    return 0;
}

/* One page's pitches pv[0..n): the scale (pixels per point) as a plane over the page, fitted
 * from every aligned pair (perspective makes it vary smoothly), then refitted once with each
 * read shift taken out; then each slot's residual in points. */
static int
read_page(const pitch *pv, size_t n, const long *slot_of, int8_t *bits, tt_layout_stats *st)
{
    if (n < MIN_PAIRS)
        return 0;
    double *x = malloc(n * sizeof *x), *z = malloc(n * sizeof *z), *y = malloc(n * sizeof *y),
           *e = malloc(n * sizeof *e);
    if (!x || !z || !y || !e) {
        free(x);
        free(z);
        free(y);
        free(e);
        return TT_ENOMEM;
    }
    double pl[3];
    for (size_t i = 0; i < n; i++) {
        x[i] = pv[i].xc;
        z[i] = pv[i].yc;
        y[i] = pv[i].P / pv[i].Q;
    }
    for (int pass = 0; pass < 2; pass++) {
        fit_plane(x, z, y, n, pl);
        for (size_t i = 0; i < n; i++) {
            double scale = pl[0] + pl[1] * x[i] + pl[2] * z[i];
            e[i] = scale > 0 ? pv[i].P / scale - pv[i].Q : NAN;
            /* the next pass: this pitch without the shift it seems to carry */
            double sh = e[i] > MARGIN ? TT_LAYOUT_SHIFT : e[i] < -MARGIN ? -TT_LAYOUT_SHIFT : 0;
            y[i] = pv[i].P / (pv[i].Q + sh);
        }
    }
    for (size_t i = 0; i < n; i++) {
        long s = slot_of[pv[i].b];
        if (s < 0 || !isfinite(e[i]))
            continue;
        st->measured++;
        if (e[i] > MARGIN && e[i] < 3 * TT_LAYOUT_SHIFT) {
            bits[s] = 1;
            st->read++;
        } else if (e[i] < -MARGIN && e[i] > -3 * TT_LAYOUT_SHIFT) {
            bits[s] = 0;
            st->read++;
        }
    }
    free(x);
    free(z);
    free(y);
    free(e);
    return 0;
}

int
tt_layout__read(const tt_mark *m, const tt_text *ot, const tt_text *lt, const uint32_t *map,
                const tt_extract *x, int8_t *bits, tt_layout_stats *st, tt_err *err)
{
    memset(st, 0, sizeof *st);
    size_t nx = tt_extract_nwords(x), tl;
    const char *text = tt_extract_text(x, &tl);
    size_t nlayout = 0;
    for (size_t s = 0; s < m->slots.n; s++)
        nlayout += m->slots.v[s].channel == TT_CH_LAYOUT;
    if (nx < 2 || nlayout == 0)
        return 0;
    int rc = 0;
    tt_print_metrics *pm = NULL;
    size_t *xw = malloc((lt->nwords ? lt->nwords : 1) * sizeof *xw);
    box *bx = calloc(nx, sizeof *bx);
    long *slot_of = malloc(nx * sizeof *slot_of);
    pitch *pv = malloc(nx * sizeof *pv);
    if (!xw || !bx || !slot_of || !pv) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = tt_print__metrics_new(&pm, err)) != 0)
        goto out;
    /* leak word -> the box it starts in (boxes are in text order) */
    for (size_t j = 0, i = 0; j < lt->nwords; j++) {
        xw[j] = SIZE_MAX;
        while (i < nx && tt_extract_word(x, i)->end <= lt->words[j].start)
            i++;
        if (i < nx && tt_extract_word(x, i)->start <= lt->words[j].start)
            xw[j] = i;
    }
    for (size_t w = 0; w < ot->nwords; w++)
        if (map[w] != UINT32_MAX && xw[map[w]] != SIZE_MAX)
            bx[xw[map[w]]].aligned = 1;
    /* lines: a break in the text, or another page */
    for (size_t i = 0; i < nx; i++) {
        slot_of[i] = -1;
        if (i == 0) {
            bx[i].line = 0;
            continue;
        }
        const tt_xword *p = tt_extract_word(x, i - 1), *q = tt_extract_word(x, i);
        int brk = p->page != q->page || q->x0 <= p->x0;
        for (size_t k = p->end; !brk && k < q->start; k++)
            brk = text[k] == '\n';
        bx[i].line = bx[i - 1].line + (size_t)brk;
    }
    /* each layout slot: the boxes of the words on either side of its space */
    size_t w = 0;
    for (size_t s = 0; s < m->slots.n; s++) {
        const tt_slot *sl = &m->slots.v[s];
        if (sl->channel != TT_CH_LAYOUT)
            continue;
        while (w < ot->nwords && ot->words[w].end <= sl->start)
            w++;
        /* words w - 1 (ends before the space) and w (starts after it) */
        if (w == 0 || w >= ot->nwords)
            continue;
        uint32_t A = (uint32_t)w - 1, B = (uint32_t)w;
        if (map[A] == UINT32_MAX || map[B] == UINT32_MAX)
            continue;
        size_t xa = xw[map[A]], xb = xw[map[B]];
        if (xa == SIZE_MAX || xb != xa + 1 || bx[xa].line != bx[xb].line)
            continue;
        slot_of[xb] = (long)s;
    }
    /* every aligned pair of neighbours on a line, page by page: fitted and read */
    double space = tt_print__space(pm);
    size_t n = 0;
    for (size_t b = 1; b <= nx; b++) {
        if (b == nx || tt_extract_word(x, b)->page != tt_extract_word(x, b - 1)->page) {
            if ((rc = read_page(pv, n, slot_of, bits, st))) {
                rc = tt__error(err, rc, "out of memory");
                goto out;
            }
            n = 0;
            continue;
        }
        if (bx[b].line != bx[b - 1].line || !bx[b].aligned || !bx[b - 1].aligned)
            continue;
        const tt_xword *p = tt_extract_word(x, b - 1), *q = tt_extract_word(x, b);
        metrics(pm, text, p, &bx[b - 1]);
        metrics(pm, text, q, &bx[b]);
        if (!bx[b - 1].ok || !bx[b].ok)
            continue;
        const box *bp = &bx[b - 1], *bq = &bx[b];
        double Q = bp->adv + space + bq->ink_x - bp->ink_x + (bq->ink_w - bp->ink_w) / 2;
        double P = ((double)(q->x0 - p->x0) + (double)(q->x1 - p->x1)) / 2;
        if (Q <= 0 || P <= 0)
            continue;
        pv[n++] = (pitch){b, P, Q, (double)(p->x0 + q->x1) / 2,
                          (double)(p->y0 + p->y1 + q->y0 + q->y1) / 4};
    }
out:
    tt_print__metrics_free(pm);
    free(xw);
    free(bx);
    free(slot_of);
    free(pv);
    return rc;
}
