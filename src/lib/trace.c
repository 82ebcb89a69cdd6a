/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trace.c: naming the leaker (trace.h).
 *
 * Steps: find the document (tt_detect__candidates, or the one given); align the leak to the
 * document's text (tt_align__words); group the copies on record by the params they were
 * issued with and, for each group, rebuild the slots and the code (mark.c) and read every
 * slot; score every recipient of the group over the slots read; bound each suspect's score.
 *
 * Reading a slot: slots sit between "solid" words of the original (words no slot touches).
 * The slots between two consecutive solid words L and R form a window; when both L and R are
 * aligned (MATCH or NOISY) to leak words L' < R', the leak bytes between L' and R' are
 * compared with the original bytes between L and R rendered with each of the 2^k
 * combinations of the window's k slots: first byte for byte, then (when nothing matched)
 * after folding case, white space, invisible characters (tt_utf8_invisible()) and typographic
 * quotes and dashes.
 * A slot is read as b when every matching combination sets it to b; anything else (no
 * match, disagreement, an anchor not aligned, k > 10) leaves it unreadable.  Nothing is
 * guessed, and whatever is read, the bound stays valid: it depends only on the biases of
 * the slots read, never on what an innocent's copy says there.
 *
 * Bound: for an innocent, x_i ~ Bernoulli(p_i) independently of the leak, so
 * P(S >= s) <= min_l exp(-l s) prod_i E exp(l g_i(x_i)) (tardos.c computes it exactly per slot).
 * Accuse when copies x bound <= max_false.
 * Workload: alignment is near-linear; scoring draws 8 bytes of keystream per slot per
 * recipient (10,000 x 2,000 in well under a second); bounds are computed for the top
 * suspects only.
 */
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <strings.h>

#include "bind.h"
#include "align.h"
#include "extract_internal.h"
#include "html_to_text.h"
#include "layout.h"
#include "tardos.h"
#include "scan_internal.h"
#include "mark.h"
#include "telltale/scan.h"
#include "telltale/trace.h"
#include "text.h"
#include "trace_internal.h"
#include "utf8.h"
#include "variants.h"
#include "vault_internal.h"

typedef struct suspect {
    char *name;
    double score, logp, thr;
    int accused;
    int64_t copy;   /* the copy's row */
    char issued[32];
} suspect;

typedef struct reading {
    size_t ls, le;
    int bit;
    int agrees; /* read, and as the strongest copy of its group has it: 1; read, not: 0; -1 */
    const char *rule;
} reading;

struct tt_trace {
    char doc[24];
    int has_doc;
    size_t copies, covered, observed, aligned_words, words_needed;
    size_t earlier, earlier_same; /* earlier traces of the document; of the same text */
    suspect *sus;
    size_t nsus, capsus;
    reading *rd;
    size_t nrd;
    tt_buf text; /* the text traced: the input, or an HTML input reduced to its text */
    char *rd_owner; /* the recipient of the copy the readings were compared with */
};

/* ---- canonical comparison ---- */

static void
canon(tt_buf *out, const char *s, size_t len)
{
    int space = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t n = (size_t)tt_utf8__decode((const unsigned char *)s + i, len - i, &cp);
        i += n; /* a malformed byte (U+FFFD, length 1) is copied as it is, below */
        if (tt_utf8_invisible(cp))
            continue;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
            cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
            cp == 0x3000) {
            space = 1;
            continue;
        }
        if (space && out->len)
            tt_buf_addc(out, ' ');
        space = 0;
        if (cp == 0x2018 || cp == 0x2019)
            tt_buf_addc(out, '\'');
        else if (cp == 0x201C || cp == 0x201D)
            tt_buf_addc(out, '"');
        else if (cp == 0x2013 || cp == 0x2014)
            tt_buf_addc(out, '-');
        else if (cp == '-' && i < len && s[i] == '-') {
            tt_buf_addc(out, '-');
            i++;
        } else if (cp == 0x2026)
            tt_buf_adds(out, "...");
        else if (cp < 0x80)
            tt_buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        else
            tt_buf_add(out, s + i - n, n);
    }
    if (space)
        tt_buf_addc(out, ' ');
}

/* ---- reading the slots of one group ---- */

#define MAX_WINDOW 10
/* The most renderings of one window (2^MAX_WINDOW: ten binary slots, or fewer with q-ary ones). */
#define MAX_COMBOS 1024u

typedef struct reader {
    const tt_mark *m;
    const tt_text *ot, *lt;
    const char *leak;
    uint32_t *map;     /* original word -> leak word, or UINT32_MAX */
    uint8_t *solid;    /* original word touches no slot */
    uint32_t *solids;  /* indices of solid words, in order */
    size_t nsolid;
} reader;

static int
word_overlaps(const tt_word *w, const tt_slot *s)
{
    if (s->end > s->start)
        return s->start < w->end && s->end > w->start;
    return w->start < s->start && s->start < w->end;
}

/* The last solid word ending at or before pos (or -1), and the first starting at or after. */
static long
solid_before(const reader *r, size_t pos)
{
    size_t lo = 0, hi = r->nsolid; /* first solid with end > pos */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->ot->words[r->solids[mid]].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? -1 : (long)r->solids[lo - 1];
}

static long
solid_after(const reader *r, size_t pos)
{
    size_t lo = 0, hi = r->nsolid;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->ot->words[r->solids[mid]].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == r->nsolid ? -1 : (long)r->solids[lo];
}

/* Combination `combo` of a window's slots, in mixed radix: slot j's variant is digit j, base
 * nvar (for binary slots, bit j of combo, as before q-ary slots existed). */
static unsigned
combo_digit(const tt_mark *m, const uint32_t *ix, size_t j, unsigned combo)
{
    for (size_t i = 0; i < j; i++)
        combo /= m->slots.v[ix[i]].nvar;
    return combo % m->slots.v[ix[j]].nvar;
}

static int
render_window(tt_buf *b, const tt_mark *m, size_t os, size_t oe, const uint32_t *ix, size_t k,
              unsigned combo)
{
    b->len = 0;
    size_t at = os;
    for (size_t j = 0; j < k; j++) {
        const tt_slot *s = &m->slots.v[ix[j]];
        if (tt_buf_add(b, m->text + at, s->start - at))
            return TT_ENOMEM;
        size_t vl;
        const char *v =
            tt_slots__variant(&m->slots, ix[j], (int)combo_digit(m, ix, j, combo), &vl);
        if (tt_buf_add(b, v, vl))
            return TT_ENOMEM;
        at = s->end;
    }
    if (tt_buf_add(b, m->text + at, oe - at))
        return TT_ENOMEM;
    if (!b->data && tt_buf_grow(b, 0))
        return TT_ENOMEM;
    return 0;
}

/* The most cells of edit-distance tables one window may fill (about 0.1 s of work). */
#define TYPO_WORK ((size_t)40 * 1000 * 1000)

/* Note that rendering `combo` matched: per slot, the variant seen first and whether every
 * match since agrees with it. */
static void
note_match(const tt_mark *m, const uint32_t *ix, size_t k, unsigned combo, unsigned nmatch,
           int *sym, int *same)
{
    for (size_t j = 0; j < k; j++) {
        int d = (int)combo_digit(m, ix, j, combo);
        if (nmatch == 0) {
            sym[j] = d;
            same[j] = 1;
        } else if (sym[j] != d) {
            same[j] = 0;
        }
    }
}

/* Read the text slots ix[0..k) sharing the window between solid words L and R; bits
 * receive 0, 1 (a q-ary slot: its variant, 0..nvar-1) or -1.  Returns 1 when the window is
 * covered by the leak.
 *
 * Three passes, each only when the one before matched no rendering: byte for byte; folded
 * (canon()); folded and within the typo budget of edit distance, where only the renderings
 * at the smallest distance d count: a slot is read when all of them agree on it, so a leak
 * as close to one form as to the other (a typo that could have made either) leaves the slot
 * unread, and a slot whose forms differ by more than the typos is still read.  A wrong
 * reading only lowers the leaker's score: the bound never depends on what was read. */
static int
read_window(const reader *r, const uint32_t *ix, size_t k, long L, long R, int8_t *bits,
            size_t *ls, size_t *le)
{
    for (size_t j = 0; j < k; j++)
        bits[ix[j]] = -1;
    if (L < 0 || R < 0 || r->map[L] == UINT32_MAX || r->map[R] == UINT32_MAX ||
        r->map[L] >= r->map[R])
        return 0;
    size_t os = r->ot->words[L].end, oe = r->ot->words[R].start;
    *ls = r->lt->words[r->map[L]].end;
    *le = r->lt->words[r->map[R]].start;
    unsigned ncombo = 1;
    for (size_t j = 0; j < k && ncombo <= MAX_COMBOS; j++)
        ncombo *= r->m->slots.v[ix[j]].nvar;
    if (k > MAX_WINDOW || ncombo > MAX_COMBOS || *le < *ls || *le - *ls > 4 * (oe - os) + 64)
        return 1;
    const char *lseg = r->leak + *ls;
    size_t llen = *le - *ls;
    tt_buf b, cl, cb;
    tt_buf_init(&b);
    tt_buf_init(&cl);
    tt_buf_init(&cb);
    unsigned nmatch = 0;
    int sym[MAX_WINDOW], same[MAX_WINDOW];
    size_t *row = NULL, *dist = NULL;
    for (int pass = 0; pass < 2 && nmatch == 0; pass++) {
        if (pass == 1) {
            canon(&cl, lseg, llen);
            if (!cl.data)
                tt_buf_grow(&cl, 0);
        }
        for (unsigned c = 0; c < ncombo; c++) {
            if (render_window(&b, r->m, os, oe, ix, k, c))
                goto out;
            int eq;
            if (pass == 0) {
                eq = b.len == llen && memcmp(b.data, lseg, llen) == 0;
            } else {
                cb.len = 0;
                canon(&cb, b.data, b.len);
                eq = cb.len == cl.len && (cb.len == 0 || memcmp(cb.data, cl.data, cb.len) == 0);
            }
            if (eq)
                note_match(r->m, ix, k, c, nmatch++, sym, same);
        }
    }
    /* pass 3: typos; bounded work (renderings x bytes x band), else the window stays
     * unread */
    if (nmatch == 0 && cl.len <= 4096 &&
        (size_t)ncombo * (cl.len + 1) * (2 * TT_TYPO_BUDGET(cl.len) + 1) <= TYPO_WORK) {
        size_t maxd = TT_TYPO_BUDGET(cl.len), dmin = maxd + 1;
        row = malloc(2 * (cl.len + 1) * sizeof *row);
        dist = malloc(ncombo * sizeof *dist);
        if (!row || !dist)
            goto out;
        for (unsigned c = 0; c < ncombo; c++) {
            dist[c] = maxd + 1;
            if (render_window(&b, r->m, os, oe, ix, k, c))
                goto out;
            cb.len = 0;
            canon(&cb, b.data, b.len);
            /* only distances up to the best so far matter */
            dist[c] = tt__edit_distance(cb.data ? cb.data : "", cb.len, cl.data ? cl.data : "",
                                    cl.len, dmin <= maxd ? dmin : maxd, row);
            if (dist[c] < dmin)
                dmin = dist[c];
        }
        for (unsigned c = 0; dmin <= maxd && c < ncombo; c++) {
            if (dist[c] == dmin)
                note_match(r->m, ix, k, c, nmatch++, sym, same);
        }
    }
    if (nmatch) {
        for (size_t j = 0; j < k; j++)
            if (same[j])
                bits[ix[j]] = (int8_t)sym[j];
    }
out:
    free(row);
    free(dist);
    tt_buf_release(&b);
    tt_buf_release(&cl);
    tt_buf_release(&cb);
    return 1;
}

static int
is_typography(const char *rule)
{
    return strcmp(rule, TT_RULE_DQUOTE) == 0 || strcmp(rule, TT_RULE_APOSTROPHE) == 0 ||
           strcmp(rule, TT_RULE_DASH) == 0 || strcmp(rule, TT_RULE_ELLIPSIS) == 0;
}

/* A leak without a single typographic quote, dash or ellipsis has lost its typography (it was
 * retyped, or passed through a plain-text filter): its straight quotes say nothing about the
 * copy, so the typography slots are unreadable rather than read as 0. */
static void
drop_lost_typography(const tt_mark *m, const char *leak, size_t len, int8_t *bits)
{
    for (size_t i = 0; i + 3 <= len; i++) {
        const unsigned char *u = (const unsigned char *)leak + i;
        if (u[0] == 0xE2 && u[1] == 0x80 &&
            (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x93 ||
             u[2] == 0x94 || u[2] == 0xA6))
            goto groups;
    }
    for (size_t s = 0; s < m->slots.n; s++)
        if (is_typography(m->slots.v[s].rule))
            bits[s] = -1;
groups:
    /* a document-wide choice (table 3) is one code bit: one observation at most */
    tt_slots__collapse(&m->slots, bits);
}

static int
read_slots(reader *r, const tt_alignment *al, int8_t *bits, reading *rd, size_t *covered)
{
    const tt_mark *m = r->m;
    size_t nw = r->ot->nwords;
    r->map = malloc((nw ? nw : 1) * sizeof *r->map);
    r->solid = malloc(nw ? nw : 1);
    r->solids = malloc((nw ? nw : 1) * sizeof *r->solids);
    if (!r->map || !r->solid || !r->solids)
        return TT_ENOMEM;
    for (size_t i = 0; i < nw; i++) {
        r->map[i] = UINT32_MAX;
        r->solid[i] = 1;
    }
    for (size_t i = 0; i < al->nops; i++) {
        const tt_op *op = &al->ops[i];
        if ((op->kind == TT_OP_MATCH || op->kind == TT_OP_NOISY) && op->a < nw &&
            op->b < r->lt->nwords)
            r->map[op->a] = op->b;
    }
    /* words touched by a slot are not solid (both lists are sorted by position) */
    size_t w = 0;
    for (size_t i = 0; i < m->slots.n; i++) {
        const tt_slot *s = &m->slots.v[i];
        while (w < nw && r->ot->words[w].end <= s->start)
            w++;
        for (size_t j = w; j < nw && r->ot->words[j].start <= s->end; j++)
            if (word_overlaps(&r->ot->words[j], s))
                r->solid[j] = 0;
    }
    r->nsolid = 0;
    for (size_t i = 0; i < nw; i++)
        if (r->solid[i])
            r->solids[r->nsolid++] = (uint32_t)i;
    *covered = 0;
    /* the text slots, read from the words; a layout slot is read from word boxes, when the
     * leak has them (layout.c), so here it stays unread and out of the windows */
    uint32_t *ix = malloc((m->slots.n ? m->slots.n : 1) * sizeof *ix);
    if (!ix)
        return TT_ENOMEM;
    size_t nix = 0;
    size_t wl = 0;
    for (size_t i = 0; i < m->slots.n; i++) {
        if (m->slots.v[i].channel == TT_CH_LAYOUT) {
            bits[i] = -1;
            if (rd) {
                /* its place in the leak: the space between its two words, when aligned */
                while (wl < nw && r->ot->words[wl].end <= m->slots.v[i].start)
                    wl++;
                rd[i].ls = rd[i].le = 0;
                if (wl > 0 && wl < nw && r->map[wl - 1] != UINT32_MAX &&
                    r->map[wl] != UINT32_MAX && r->map[wl - 1] < r->map[wl]) {
                    rd[i].ls = r->lt->words[r->map[wl - 1]].end;
                    rd[i].le = r->lt->words[r->map[wl]].start;
                }
                rd[i].bit = -1;
                rd[i].rule = m->slots.v[i].rule;
            }
        } else {
            ix[nix++] = (uint32_t)i;
        }
    }
    for (size_t i = 0; i < nix;) {
        long L = solid_before(r, m->slots.v[ix[i]].start),
             R = solid_after(r, m->slots.v[ix[i]].end);
        size_t k = 1;
        while (i + k < nix && solid_before(r, m->slots.v[ix[i + k]].start) == L &&
               solid_after(r, m->slots.v[ix[i + k]].end) == R)
            k++;
        size_t ls = 0, le = 0;
        int cov = read_window(r, ix + i, k, L, R, bits, &ls, &le);
        for (size_t j = 0; j < k; j++) {
            if (rd) {
                rd[ix[i + j]].ls = ls;
                rd[ix[i + j]].le = le;
                rd[ix[i + j]].bit = bits[ix[i + j]];
                rd[ix[i + j]].rule = m->slots.v[ix[i + j]].rule;
            }
            if (cov)
                (*covered)++;
        }
        i += k;
    }
    free(ix);
    return 0;
}

int
tt_trace__read(const tt_mark *m, const tt_text *ot, const tt_text *lt, const char *leak,
               const tt_alignment *al, int8_t *bits, size_t *covered)
{
    reader r = {.m = m, .ot = ot, .lt = lt, .leak = leak};
    int rc = read_slots(&r, al, bits, NULL, covered);
    if (!rc)
        drop_lost_typography(m, leak, lt->len, bits);
    free(r.map);
    free(r.solid);
    free(r.solids);
    return rc;
}

/* ---- scoring ---- */

typedef tt_copy_rec copyrow; /* copies.c; rows without a recipient are left out */

static int
copy_cmp(const void *x, const void *y)
{
    const copyrow *a = x, *b = y;
    int c = strcmp(a->channels, b->channels);
    if (c)
        return c;
    c = strcmp(a->params, b->params);
    if (c)
        return c;
    return a->recipient < b->recipient ? -1 : a->recipient > b->recipient;
}

static int
add_suspect(tt_trace *t, const copyrow *c, double score, double logp, double thr, int accused)
{
    const char *name = c->name;
    if (tt__grow(&t->sus, &t->capsus, t->nsus + 1, sizeof *t->sus))
        return TT_ENOMEM;
    suspect *s = &t->sus[t->nsus];
    s->name = strdup(name);
    if (!s->name)
        return TT_ENOMEM;
    s->score = score;
    s->logp = logp;
    s->thr = thr;
    s->accused = accused;
    s->copy = c->id;
    snprintf(s->issued, sizeof s->issued, "%s", c->issued);
    t->nsus++;
    return 0;
}

typedef struct scored {
    double score;
    size_t idx;
} scored;

static int
scored_cmp(const void *x, const void *y)
{
    const scored *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int
sus_cmp(const void *x, const void *y)
{
    const suspect *a = x, *b = y;
    if (a->logp != b->logp)
        return a->logp < b->logp ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Score the copies rows[0..n) (one params group). */
static int
score_group(tt_trace *t, tt_vault *v, const tt_mark *m, const int8_t *bits, const copyrow *rows,
            size_t n, double log_target, size_t top, size_t *out_obs_len, size_t *out_best)
{
    tt_err *err = tt_vault__err(v);
    size_t ms = m->slots.n, no = 0;
    tt_obs *obs = malloc((ms ? ms : 1) * sizeof *obs);
    size_t *oi = malloc((ms ? ms : 1) * sizeof *oi);
    double *t1 = malloc((ms ? ms : 1) * sizeof *t1), *t0 = malloc((ms ? ms : 1) * sizeof *t0);
    uint8_t *x = malloc(ms ? ms : 1), *want = malloc(ms ? ms : 1);
    scored *sc = malloc((n ? n : 1) * sizeof *sc);
    int rc = 0;
    if (!obs || !oi || !t1 || !t0 || !x || !want || !sc) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t s = 0; s < ms; s++) {
        if (bits[s] < 0)
            continue;
        /* t1: the term of a recipient whose value there is the one read (want), t0: of any
         * other (tardos.h: binary slots score exactly as before) */
        uint8_t y = (uint8_t)bits[s];
        tt_tardos__observe(m->code, s, y, &obs[no], &t1[no], &t0[no]);
        want[no] = y;
        oi[no++] = s;
    }
    *out_obs_len = no;
    tt_code_plan plan;
    if (tt_tardos__plan_init(&plan, m->code, oi, no)) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < n; j++) {
        tt_tardos__bits_plan(m->code, &plan, rows[j].recipient, x);
        double s = 0;
        for (size_t q = 0; q < no; q++)
            s += x[q] == want[q] ? t1[q] : t0[q];
        sc[j] = (scored){s, j};
    }
    tt_tardos__plan_release(&plan);
    qsort(sc, n, sizeof *sc, scored_cmp);
    *out_best = n ? sc[0].idx : SIZE_MAX;
    double thr = no ? tt_tardos__threshold_score(obs, no, log_target) : INFINITY;
    for (size_t j = 0; j < n; j++) {
        int must = isfinite(thr) && sc[j].score >= thr * (1 - 1e-9);
        if (j >= top && !must)
            break;
        double lp = no ? tt_tardos__log_bound(obs, no, sc[j].score) : 0;
        int accused = lp <= log_target;
        if ((rc = add_suspect(t, &rows[sc[j].idx], sc[j].score, lp, thr, accused))) {
            rc = tt__error(err, TT_ENOMEM, "out of memory");
            goto out;
        }
    }
    /* how many more words for a lone leaker: replicate the observed slots k times until a
     * perfect reading of the leaker's bits (score = smax) would reach the threshold */
    if (no) {
        double smax = 0;
        for (size_t q = 0; q < no; q++)
            smax += t1[q] > t0[q] ? t1[q] : t0[q];
        if (smax >= thr) {
            t->words_needed = 0;
        } else {
            size_t k = 2;
            for (; k <= 4096 && k * no <= 2000000; k *= 2) {
                tt_obs *rep = malloc(k * no * sizeof *rep);
                if (!rep)
                    break;
                for (size_t r = 0; r < k; r++)
                    memcpy(rep + r * no, obs, no * sizeof *obs);
                double th = tt_tardos__threshold_score(rep, k * no, log_target);
                free(rep);
                if (k * smax >= th)
                    break;
            }
            size_t need = t->aligned_words * k;
            if (need > t->aligned_words && (t->words_needed == SIZE_MAX ||
                                            need - t->aligned_words < t->words_needed))
                t->words_needed = need - t->aligned_words;
        }
    }
out:
    free(obs);
    free(oi);
    free(t1);
    free(t0);
    free(x);
    free(want);
    free(sc);
    return rc;
}

/* The copies of the document at row `row` whose recipient is on record, oldest first. */
static int
load_copies(tt_vault *v, int64_t row, copyrow **out, size_t *out_n)
{
    int rc = tt_copies__of_doc(v, row, out, out_n);
    if (rc)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < *out_n; i++) {
        copyrow *c = &(*out)[i];
        if (c->name) {
            (*out)[k++] = *c;
        } else {
            free(c->channels);
            free(c->params);
            free(c->path);
        }
    }
    *out_n = k;
    return 0;
}

/* Earlier traces of the same document in the audit log, and of those the ones of the same
 * text (digest): a "need N more words" answer invites a second try with more of the leak, and
 * each try is one more chance to accuse an innocent (issue 11 item 4). */
static int
count_earlier(tt_vault *v, tt_trace *t, const char *hex)
{
    t->earlier = t->earlier_same = 0;
    if (!t->has_doc)
        return 0;
    int64_t n = 0, same = 0;
    int rc = tt_audit__count_traces(v, t->doc, hex, &n, &same);
    if (rc)
        return rc;
    t->earlier = (size_t)n;
    t->earlier_same = (size_t)same;
    return 0;
}

static int
log_trace(tt_vault *v, tt_trace *t, const tt_trace_opts *o, const char *text, size_t len)
{
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)text, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    int rc = count_earlier(v, t, hex);
    if (rc)
        return rc;
    json_t *acc = json_array();
    for (size_t i = 0; i < t->nsus; i++)
        if (t->sus[i].accused)
            json_array_append_new(acc, json_string(t->sus[i].name));
    json_t *a = json_pack("{s:s?, s:s, s:s?, s:I, s:I, s:f, s:o}", "source", o->source, "sha256",
                          hex, "doc", t->has_doc ? t->doc : NULL, "observed_slots",
                          (json_int_t)t->observed, "copies", (json_int_t)t->copies, "max_false",
                          o->max_false > 0 ? o->max_false : 1e-6, "accused", acc);
    if (a && t->has_doc) {
        json_object_set_new(a, "earlier_traces", json_integer((json_int_t)t->earlier));
        json_object_set_new(a, "earlier_same_text", json_integer((json_int_t)t->earlier_same));
    }
    char *js = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    if (!js)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    rc = tt_vault_log_append(v, "trace", js);
    free(js);
    return rc;
}

int
tt_trace_run(tt_vault *v, const char *raw, size_t rawlen, const tt_trace_opts *opts,
             tt_trace **out)
{
    *out = NULL;
    static const tt_trace_opts def = TT_TRACE_OPTS_INIT;
    tt_trace_opts o = opts ? *opts : def;
    if (o.version != TT_TRACE_OPTS_VERSION)
        return tt__error(tt_vault__err(v), TT_EINVAL, "options of version %u: this telltale knows version %u", o.version,
                         TT_TRACE_OPTS_VERSION);
    double max_false = o.max_false > 0 ? o.max_false : 1e-6;
    size_t top = o.top ? o.top : 10;
    tt_err *err = tt_vault__err(v);
    tt_trace *t = calloc(1, sizeof *t);
    if (!t)
        return tt__error(err, TT_ENOMEM, "out of memory");
    t->words_needed = SIZE_MAX;
    tt_buf_init(&t->text);
    /* a PDF or an image of a page is read as its text (extract.c); a leak saved as a web
     * page as the text a reader saw, as `add` reads one */
    tt_extract *page = NULL;
    int rc = tt_extract__read(&page, err, tt_vault__extract_opts(v), "read",
                              o.source ? o.source : "input", raw, rawlen);
    if (rc) {
        tt_trace_free(t);
        return rc;
    }
    if (page) {
        /* kept for its word boxes: the layout channel is read from them (layout.h) */
        size_t xl;
        const char *xt = tt_extract_text(page, &xl);
        rc = tt_buf_add(&t->text, xt, xl);
    } else {
        rc = tt_html__sniff(opts ? opts->source : NULL, raw, rawlen)
                 ? tt_html__to_text(&t->text, raw, rawlen, err)
                 : tt_buf_add(&t->text, raw, rawlen);
    }
    if (rc || tt_buf_addc(&t->text, '\0')) {
        tt_extract_free(page);
        tt_trace_free(t);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    t->text.len--;
    const char *text = t->text.data;
    size_t len = t->text.len;
    int64_t row = 0;
    char *orig = NULL;
    size_t olen = 0;
    tt_text ot = {0}, lt = {0};
    tt_alignment al = {0};
    copyrow *rows = NULL;
    size_t nrows = 0;
    int8_t *bits = NULL;
    reading *rd = NULL;

    /* nothing to trace is a failure, as for verify (and nothing is logged) */
    if ((rc = tt_text__build(&lt, text, len, err)))
        goto out;
    if (lt.nwords == 0) {
        rc = tt__error(err, TT_EEMPTY, "no words in it");
        goto out;
    }
    if (o.doc) {
        tt_doc_info di = {0};
        if ((rc = tt_vault_doc_find(v, o.doc, &di)))
            goto out;
        snprintf(t->doc, sizeof t->doc, "%s", di.id);
        row = di.row;
        tt_doc_info_release(&di);
    } else {
        tt_candidate *c = NULL;
        size_t nc = 0;
        size_t indexed;
        /* what the search rests on: every registered document, and the background */
        if ((rc = tt_bind__check_registry(v)) || (rc = tt_index_refresh(v, &indexed)) ||
            (rc = tt_detect__candidates(v, text, len, &c, &nc)))
            goto out;
        if (nc) {
            snprintf(t->doc, sizeof t->doc, "%s", c[0].doc);
            row = c[0].row;
        }
        free(c);
        if (!nc)
            goto out;
        if (row <= 0 && (rc = tt_vault__doc_row(v, t->doc, &row)))
            goto out;
    }
    t->has_doc = 1;
    /* the document, its copies and their recipients must be what the signed log recorded:
     * an accusation never rests on a row edited outside telltale */
    if ((rc = tt_bind__check_doc(v, t->doc)))
        goto out;
    if ((rc = tt_vault_doc_text(v, t->doc, &orig, &olen)))
        goto out;
    if ((rc = tt_text__build(&ot, orig, olen, err)))
        goto out;
    if ((rc = tt_align__words(&al, &ot, &lt, 0, (uint32_t)ot.nwords, 0, (uint32_t)lt.nwords, err)))
        goto out;
    t->aligned_words = al.matched;
    if ((rc = load_copies(v, row, &rows, &nrows)))
        goto out;
    t->copies = nrows;
    if (nrows == 0)
        goto out;
    qsort(rows, nrows, sizeof *rows, copy_cmp);
    double log_target = log(max_false / (double)nrows);
    for (size_t g = 0; g < nrows;) {
        size_t e = g + 1;
        while (e < nrows && strcmp(rows[e].channels, rows[g].channels) == 0 &&
               strcmp(rows[e].params, rows[g].params) == 0)
            e++;
        tt_mark m;
        if ((rc = tt_mark__open_params(&m, v, row, rows[g].channels, rows[g].params)))
            goto out;
        free(bits);
        bits = malloc(m.slots.n ? m.slots.n : 1);
        reading *grd = calloc(m.slots.n ? m.slots.n : 1, sizeof *grd);
        if (!bits || !grd) {
            free(grd);
            tt_mark__release(&m);
            rc = tt__error(err, TT_ENOMEM, "out of memory");
            goto out;
        }
        reader r = {.m = &m, .ot = &ot, .lt = &lt, .leak = text};
        size_t covered = 0, nobs = 0;
        rc = read_slots(&r, &al, bits, grd, &covered);
        tt_layout_stats lst = {0};
        if (!rc && page && (m.channels & TT_CH_LAYOUT))
            rc = tt_layout__read(&m, &ot, &lt, r.map, page, bits, &lst, err);
        free(r.map);
        free(r.solid);
        free(r.solids);
        if (!rc) {
            drop_lost_typography(&m, text, len, bits);
            for (size_t s = 0; s < m.slots.n; s++)
                grd[s].bit = bits[s];
        }
        if (rc) {
            free(grd);
            tt_mark__release(&m);
            rc = tt__error(err, TT_ENOMEM, "out of memory");
            goto out;
        }
        size_t best = SIZE_MAX;
        rc = score_group(t, v, &m, bits, rows + g, e - g, log_target, top, &nobs, &best);
        if (!rc && nobs >= t->observed) {
            t->observed = nobs;
            t->covered = covered;
            /* which readings agree with the strongest copy of this group (for the report) */
            uint8_t *x = best != SIZE_MAX ? malloc(m.slots.n ? m.slots.n : 1) : NULL;
            if (x && tt_tardos__bits(m.code, rows[g + best].recipient, x) == 0) {
                for (size_t q = 0; q < m.slots.n; q++)
                    grd[q].agrees = bits[q] < 0 ? -1 : x[q] == (uint8_t)bits[q];
                free(t->rd_owner);
                t->rd_owner = strdup(rows[g + best].name);
            } else {
                for (size_t q = 0; q < m.slots.n; q++)
                    grd[q].agrees = -1;
            }
            free(x);
            free(rd);
            rd = grd;
            t->nrd = m.slots.n;
            grd = NULL;
        }
        free(grd);
        tt_mark__release(&m);
        if (rc)
            goto out;
        g = e;
    }
    qsort(t->sus, t->nsus, sizeof *t->sus, sus_cmp);
    /* keep the accused and the top others */
    {
        size_t keep = 0, others = 0;
        for (size_t i = 0; i < t->nsus; i++) {
            if (t->sus[i].accused || others++ < top)
                t->sus[keep++] = t->sus[i];
            else
                free(t->sus[i].name);
        }
        t->nsus = keep;
    }
    for (size_t i = 0; i < t->nsus; i++)
        if (t->sus[i].accused)
            t->words_needed = 0;
    t->rd = rd;
    rd = NULL;
out:
    /* a finished trace is logged, also one that found no document or no copy */
    if (rc == 0)
        rc = log_trace(v, t, &o, raw, rawlen);
    free(orig);
    free(rd);
    tt_extract_free(page);
    tt_text__release(&ot);
    tt_text__release(&lt);
    tt_alignment__release(&al);
    tt_copies__free(rows, nrows);
    free(bits);
    if (rc) {
        tt_trace_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void
tt_trace_free(tt_trace *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nsus; i++)
        free(t->sus[i].name);
    free(t->sus);
    free(t->rd);
    tt_buf_release(&t->text);
    free(t->rd_owner);
    free(t);
}

const char *
tt_trace_readings_owner(const tt_trace *t)
{
    return t->rd_owner;
}

const char *
tt_trace_text(const tt_trace *t, size_t *out_len)
{
    if (out_len)
        *out_len = t->text.len;
    return t->text.data ? t->text.data : "";
}

const char *
tt_trace_doc(const tt_trace *t)
{
    return t->has_doc ? t->doc : NULL;
}

size_t
tt_trace_copies(const tt_trace *t)
{
    return t->copies;
}

size_t
tt_trace_covered_slots(const tt_trace *t)
{
    return t->covered;
}

size_t
tt_trace_observed_slots(const tt_trace *t)
{
    return t->observed;
}

size_t
tt_trace_aligned_words(const tt_trace *t)
{
    return t->aligned_words;
}

size_t
tt_trace_words_needed(const tt_trace *t)
{
    return t->words_needed;
}

size_t
tt_trace_earlier_traces(const tt_trace *t, size_t *same_text)
{
    if (same_text)
        *same_text = t->earlier_same;
    return t->earlier;
}

size_t
tt_trace_nsuspects(const tt_trace *t)
{
    return t->nsus;
}

void
tt_trace_suspect(const tt_trace *t, size_t i, tt_suspect *out)
{
    const suspect *s = &t->sus[i];
    out->recipient = s->name;
    out->score = s->score;
    out->p_value = exp(s->logp);
    out->threshold = s->thr;
    out->accused = s->accused;
    out->copy = (long long)s->copy;
    out->issued = s->issued;
}

size_t
tt_trace_accused(const tt_trace *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nsus; i++)
        n += t->sus[i].accused != 0;
    return n;
}

size_t
tt_trace_nreadings(const tt_trace *t)
{
    return t->nrd;
}

void
tt_trace_reading(const tt_trace *t, size_t i, tt_reading *out)
{
    out->leak_start = t->rd[i].ls;
    out->leak_end = t->rd[i].le;
    out->bit = t->rd[i].bit;
    out->rule = t->rd[i].rule;
    out->agrees = t->rd[i].agrees;
}
