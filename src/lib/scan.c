/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan.c: the scanner: a stream of bytes -> units (normalize.c) -> fingerprints (winnow.c)
 * -> index hits (index.c) -> clusters per document -> word alignment -> findings.
 *
 * The hot loop is scan_hotloop.c: bytes -> units -> winnowed fingerprints in one pass for ASCII,
 * with a cache-resident Bloom prefilter of the index, so only fingerprints that are probably
 * registered probe the big table.  A fingerprint held by more registered documents than the
 * index's evidence bound (ev_df: 2, or one document in TT_INDEX_EVIDENCE_SHARE of a larger
 * vault, index.h) makes no hit (a phrase several documents share is no evidence that any one
 * of them leaked; measured on the bench corpora it halves the false findings at no recall
 * cost), and a hit with no other hit of its document within GAP_UNITS (scan_hits.c) is
 * dropped before clustering (it could never join a cluster of two).  A hit weighs 1 when at most
 * TT_INDEX_EVIDENCE_DF documents hold its fingerprint, less when more do (evidence_weights):
 * as documents are added, an excerpt's fingerprints come to be shared by more of them, and a
 * fixed bound of 2 lost excerpts that a few documents share phrases with.
 *
 * A match rests on one fingerprint only when its match runs on over many letters: hits are
 * grouped per document into clusters that keep the same order and about the same offset (the
 * diagonal), a cluster needs full hits (weight 1) at min_hits distinct item positions (or,
 * for a cluster whose hits weigh min_hits in all and for a lone hit of a fingerprint one
 * document holds, with or without such hits beside it, LONE_MIN_UNITS verified letters: noise
 * can leave an excerpt one fingerprint, chance extends a lone hit less far than a cluster,
 * and text a few documents share is re-edited in other packages more often than rare text; a
 * cluster of full hits is judged on the letters they verify, for the same reason), must
 * verify at least EXT_MIN_UNITS letters by extending its hits over the units of both texts
 * (verified_units: chance clusters of common phrases stop a few letters past their k-gram,
 * real excerpts run on to their next burst of errors), and then a banded word-level local
 * alignment of the document against the item around the cluster must confirm at least
 * min_words matched words.  The alignment (Smith-Waterman on word hashes; equal words +2,
 * words equal up to one or two edits +1, a short word one edit off -1, other words -3, gaps
 * -3, two words joined by noise against one +2, so a stretch must be mostly equal words to
 * score) gives the exact spans in both texts and the matched word count.
 *
 * Streaming: an item is cut into segments at fixed absolute offsets (TT_SCAN_SEGMENT), each
 * scanned with TT_SCAN_OVERLAP bytes of context on both sides; a finding belongs to the
 * segment where it starts.  Segments depend only on offsets, never on how the bytes were fed,
 * so findings do not depend on the chunking, and memory stays bounded by about
 * SEGMENT + 2 * OVERLAP bytes of text whatever the item's length.  Excerpts longer than the
 * overlap inside items longer than a segment may be reported in pieces.
 *
 * Limits (telltale/limits.h): a document's fingerprint makes hits at no more than
 * TT_LIMIT_FP_POSITIONS of its positions (a k-gram a document repeats more often is skipped
 * for that document), a window keeps at most TT_LIMIT_HITS hits, a hit is compared with at
 * most TT_LIMIT_OPEN_CLUSTERS open clusters, and an item gets at most TT_LIMIT_FINDINGS
 * findings; so the work is linear in the scanned bytes whatever their repetition, and
 * tt_scanner_warning() says when an item hit a limit.
 *
 * The chance score (chance_of) is calibrated on unrelated prose: it is the probability that
 * text unrelated to the registered documents, as long as the scanned item, holds a cluster
 * whose hits extend to at least as many verified letters as this finding's.  See chance_of for
 * the derivation and the measurement it rests on.  A finding is reported only when its chance
 * is at most tt_scan_opts.max_chance (TT_SCAN_CHANCE_DEFAULT); since it depends only on the
 * verified letters and the fingerprints scanned, a cluster whose chance is already above it
 * is not aligned at all.
 *
 * Ordinary language is no evidence (bgmodel.h): a fingerprint of the background model makes no
 * hit, and a finding's matched words are discounted by the share of its document passage's
 * k-grams the model holds before min_words is applied, and the matched words counted are the
 * words of evidence (evidence_words: a phrase the passage repeats counts once, a sorted list
 * counts as one word).  A match whose two passages differ only
 * in numbers and names, in at least one slot, with no stretch between slots of 2 * min_words
 * equal words, is a sentence built from one template (two manuals' "the p-value of 0.92 is not
 * below our threshold of 0.05 ..."), not a copy: not reported.  Two words one edit apart
 * that hold a letter ("Yu" / "You") are noise, not two values of a slot.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scan_internal.h"
#include "bgmodel.h"
#include "scan_hits.h"
#include "scan_hotloop.h"
#include "vault_internal.h"
#include "index.h"
#include "normalize.h"
#include "text.h"
#include "utf8.h"
#include "winnow.h"
#include "common.h"
#include "telltale/limits.h"

#define MARGIN_BYTES 300   /* item context around a cluster given to the alignment */
#define MARGIN_WORDS 40    /* document context around a cluster given to the alignment */
#define BAND 32            /* half-width of the alignment band, words */
#define LOOKUP_BATCH 16    /* fingerprints whose index slots are prefetched together */
#define LONE_AHEAD 8       /* lone hits whose document units are prefetched ahead */
#define MISS 3             /* alignment: a different word */
#define GAP 3              /* alignment: a word on one side only */
#define DOC_CACHE 32
#define MERGE_BYTES 64     /* findings of one document this close in both texts are one */
#define EXT_LOOK 3         /* units that must agree after an edit for an extension to go on */
#define RESYNC_SKIP 6      /* extension: most units skipped on one side across a burst of errors */
#define RESYNC_LOOK 8      /* units that must agree after such a skip (8: one 64-bit word) */
#define EXT_REACH (RESYNC_SKIP + RESYNC_LOOK) /* pairs within which no bound needs testing */
#if RESYNC_LOOK != 8 || EXT_LOOK != 3
#error "extend compares an edit's EXT_LOOK units one by one, a skip's RESYNC_LOOK as a 64-bit word"
#endif
#define EXT_MIN_UNITS 40   /* fewest verified units for a cluster to be aligned (see verify) */
#define LONE_MIN_UNITS 64  /* fewest verified units for a lone hit to be aligned (scan_window) */
#define LONE_PRE_UNITS 32  /* ... verified without resync, for the lone hit to be examined */
#define GROUPS (TT_INDEX_MAX_DF + 1) /* documents of one fingerprint's postings kept at hand */

typedef tt_hit hit;

typedef struct cached_doc {
    int used;
    uint32_t doc;
    char *text;    /* owned unless borrowed from the index */
    int owned;
    tt_text t;
} cached_doc;

struct tt_scanner {
    tt_err err;
    tt_vault *v;
    const tt_index *ix;
    unsigned min_words, min_hits;
    double max_chance;   /* findings with a larger chance are not reported */
    tt_buf seg;          /* the bytes of the current window */
    uint64_t seg_base;   /* absolute offset of seg.data[0] */
    uint64_t fed;        /* bytes of the item fed so far */
    uint64_t next_seg;   /* index of the next segment to scan */
    tt_finding *f;
    size_t nf, fcap;
    tt_hits hw;          /* the window's hits, clusters and lone hits (scan_hits.h) */
    hit *fh;             /* a cluster's full hits (scan_window) */
    size_t fhcap;
    tt_fpx *fx;          /* the fingerprints that passed the prefilter */
    size_t fxcap;
    uint8_t *ub;         /* the window's unit bytes (tt_hotloop__ubyte), by unit index */
    size_t ubcap, nub;
    unsigned ext_min;    /* EXT_MIN_UNITS, or 0: no check */
    double weight[TT_INDEX_MAX_DF + 1]; /* a hit's evidence by its df (evidence_weights) */
    int hits_cut;        /* this item: a window had more than TT_LIMIT_HITS hits */
    int findings_cut;    /* this item: more than TT_LIMIT_FINDINGS findings */
    char warning[200];   /* the last finished item's limit note, or "" */
    tt_scan_counters cnt;
    cached_doc cache[DOC_CACHE];
    unsigned cache_next;
};

/* ---- hits ---- */

/* The end of the postings of e[j]'s document in e[j..m) (ascending global position, so
 * grouped by document), and that document into *doc (when doc is not NULL: the last
 * posting's end needs no document).  Inlined in collect_hits' loop over a fingerprint's
 * documents: a hit costs little more than this. */
static inline size_t
doc_group_end(const tt_index *ix, const tt_index_entry *e, size_t j, size_t m, uint32_t *doc)
{
    if (!doc && j + 1 >= m)
        return m;
    uint32_t d = tt_index__doc(ix, tt_index__gpos(e[j]));
    uint32_t end = ix->uoff[d + 1];
    if (doc)
        *doc = d;
    size_t lo = j + 1, hi = m;
    if (__builtin_expect(lo >= m || tt_index__gpos(e[lo]) >= end, 1))
        return lo; /* the common case: one position */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tt_index__gpos(e[mid]) < end)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Fingerprint p[0..len) (absolute offset base) in one pass (scan_hotloop.c), then probe the table
 * for the fingerprints that passed the prefilter (*fx, *out_nfx of them), collecting their
 * hits into w (tt_hits__group then groups them).  *out_nfp gets the number of fingerprints.
 * A document's postings of one fingerprint make hits only when there are at most
 * TT_LIMIT_FP_POSITIONS of them (so hits are at most that many per fingerprint and document,
 * not text x repetitions), and at most TT_LIMIT_HITS hits are kept (*cut is set then). */
static int
collect_hits(const tt_index *ix, const char *p, size_t len, uint64_t base, tt_hits *w,
             size_t *out_nfp, tt_fpx **fx, size_t *out_nfx, size_t *fxcap, uint32_t max_df,
             uint8_t **ub, size_t *ubcap, size_t *nub, int *cut)
{
    size_t nfx = 0;
    struct {
        size_t j, g;
        uint32_t doc;
    } grp[GROUPS];
    w->nph = 0;
    *out_nfx = 0;
    /* the scanner's filter passes only fingerprints it could make a hit of; verify and trace
     * (max_df above the evidence bound) look every fingerprint up */
    const tt_bloom *bloom = max_df <= ix->ev_df ? &ix->bloom_ev : NULL;
    int rc = tt_hotloop__run_units(p, len, base, bloom, fx, &nfx, fxcap, out_nfp, ub, ubcap, nub);
    if (rc)
        return rc;
    *out_nfx = nfx;
    if (nfx > UINT32_MAX || tt__grow(&w->df, &w->dfcap, nfx, sizeof *w->df))
        return TT_ENOMEM;
    /* the scanner's hits: no fingerprint of ordinary language (the evidence filter left them
     * out; this drops those that passed it by a false positive) */
    const tt_bgmodel *model = max_df <= ix->ev_df ? tt_bgmodel__builtin() : NULL;
    for (size_t i = 0; i < nfx; i++) {
        /* in batches of LOOKUP_BATCH, pipelined: before batch n is looked up, the directory
         * slots (and the model's slots) of batch n + 2 are prefetched, and the entries of batch
         * n + 1 (whose slots were prefetched a batch ago), so the cache misses overlap with
         * each other and with the lookups instead of following one another */
        if (i % LOOKUP_BATCH == 0) {
            for (size_t q = i == 0 ? 0 : i + 2 * LOOKUP_BATCH;
                 q < TT_MIN(nfx, i + 3 * LOOKUP_BATCH); q++) {
                tt_index__prefetch(ix, (*fx)[q].hash, 0);
                if (model)
                    tt_bgmodel__prefetch(model, (*fx)[q].hash);
            }
            for (size_t q = i == 0 ? 0 : i + LOOKUP_BATCH;
                 q < TT_MIN(nfx, i + 2 * LOOKUP_BATCH); q++)
                tt_index__prefetch(ix, (*fx)[q].hash, 1);
        }
        const tt_fpx *x = &(*fx)[i];
        const tt_index_entry *e;
        size_t m = tt_index__lookup(ix, x->hash, &e);
        /* (the model is asked only about a fingerprint the table holds) */
        if (m == 0 || (model && tt_bgmodel__test(model, x->hash)))
            continue;
        /* postings are sorted by document: count documents by groups, each found by binary
         * search, so a fingerprint a document repeats 10,000 times costs a few steps, not
         * 10,000 (the walk was quadratic on repetitive text) */
        uint32_t df = 0, doc, ng = 0;
        /* room for every posting at once (most fingerprints have one per document) */
        if (w->nph + m > w->phcap && tt__grow(&w->ph, &w->phcap, w->nph + m, sizeof *w->ph))
            return TT_ENOMEM;
        if (w->nph + m <= TT_LIMIT_HITS) {
            /* the common case, far from the limit: the hits are written as the documents are
             * found, and taken back if more than max_df documents turn out to hold it (the
             * evidence filter passes few such) */
            tt_phit *ph = w->ph; /* (in locals: the stores through h would reload them) */
            size_t nph = w->nph;
            for (size_t j = 0, g; j < m; j = g) {
                if (++df > max_df)
                    break;
                g = doc_group_end(ix, e, j, m, &doc);
                if (g - j > TT_LIMIT_FP_POSITIONS)
                    continue; /* repeated all over the document: says nothing about where */
                uint32_t u0 = ix->uoff[doc];
                for (size_t q = j; q < g; q++) {
                    tt_phit *h = &ph[nph++];
                    h->doc = doc;
                    h->dpos = tt_index__gpos(e[q]) - u0;
                    h->fi = (uint32_t)i;
                }
            }
            if (df <= max_df) { /* else a phrase several documents share: no evidence */
                w->nph = nph;
                w->df[i] = df;
            }
            continue;
        }
        /* near the limit: the documents are counted first, and the limit looked at per
         * document.  The groups are kept (at most GROUPS: no fingerprint of more than
         * TT_INDEX_MAX_DF documents is indexed, though two may share postings), so each
         * document is found once */
        size_t j0 = 0;
        for (; j0 < m && df <= max_df && ng < GROUPS; df++, ng++) {
            size_t g = doc_group_end(ix, e, j0, m, &doc);
            grp[ng].j = j0;
            grp[ng].g = g;
            grp[ng].doc = doc;
            j0 = g;
        }
        for (size_t j = j0; j < m && df <= max_df; j = doc_group_end(ix, e, j, m, NULL))
            df++;
        if (df > max_df)
            continue; /* a phrase several documents share: no evidence of any one of them */
        w->df[i] = df;
        for (size_t k = 0, j, g; k < ng || j0 < m; k++) {
            if (k < ng) {
                j = grp[k].j;
                g = grp[k].g;
                doc = grp[k].doc;
            } else { /* past GROUPS (postings shared by two fingerprints) */
                j = j0;
                g = j0 = doc_group_end(ix, e, j0, m, &doc);
            }
            if (g - j > TT_LIMIT_FP_POSITIONS)
                continue; /* repeated all over the document: says nothing about where */
            if (w->nph + (g - j) > TT_LIMIT_HITS) {
                *cut = 1;
                return 0;
            }
            uint32_t u0 = ix->uoff[doc];
            for (size_t q = j; q < g; q++) {
                tt_phit *h = &w->ph[w->nph++];
                h->doc = doc;
                h->dpos = tt_index__gpos(e[q]) - u0;
                h->fi = (uint32_t)i;
            }
        }
    }
    return 0;
}

/* ---- documents ---- */

static int
doc_model(tt_scanner *s, uint32_t d, const tt_text **out)
{
    for (unsigned i = 0; i < DOC_CACHE; i++)
        if (s->cache[i].used && s->cache[i].doc == d) {
            *out = &s->cache[i].t;
            return 0;
        }
    cached_doc *c = &s->cache[s->cache_next];
    s->cache_next = (s->cache_next + 1) % DOC_CACHE;
    if (c->used) {
        tt_text__release(&c->t);
        if (c->owned)
            free(c->text);
        c->used = 0;
    }
    const tt_index_doc *doc = &s->ix->docs[d];
    char *text;
    size_t len;
    if (doc->text) {
        text = doc->text;
        len = doc->len;
        c->owned = 0;
    } else {
        if (!s->v)
            return tt__error(&s->err, TT_EINVAL, "no vault to read document %s from", doc->id);
        int rc = tt_vault_doc_text(s->v, doc->id, &text, &len);
        if (rc)
            return tt__error(&s->err, rc, "cannot read document %s: %s", doc->id,
                             tt_vault_errmsg(s->v));
        c->owned = 1;
    }
    int rc = tt_text__build(&c->t, text, len, &s->err);
    if (rc) {
        if (c->owned)
            free(text);
        return rc;
    }
    c->text = text;
    c->doc = d;
    c->used = 1;
    *out = &c->t;
    return 0;
}

/* The word holding unit u (or the first word after it). */
static uint32_t
word_of_unit(const tt_text *t, uint64_t u)
{
    size_t lo = 0, hi = t->nwords;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->words[mid].uend <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

static uint32_t
word_of_byte(const tt_text *t, uint64_t b)
{
    size_t lo = 0, hi = t->nwords;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->words[mid].end <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* ---- alignment ---- */

/* Whether the units ua[0..la) and ub[0..lb) are at most maxd edits apart (maxd <= 2, la and
 * lb <= 40). */
static int
units_near(const tt_unit *ua, uint32_t la, const tt_unit *ub, uint32_t lb, unsigned maxd)
{
    if ((la > lb ? la - lb : lb - la) > maxd)
        return 0;
    unsigned prev[41], cur[41];
    for (uint32_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (uint32_t i = 1; i <= la; i++) {
        cur[0] = i;
        unsigned rowmin = cur[0];
        for (uint32_t j = 1; j <= lb; j++) {
            unsigned cost = ua[i - 1].cp != ub[j - 1].cp;
            unsigned v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > maxd)
            return 0;
        memcpy(prev, cur, sizeof(unsigned) * (lb + 1));
    }
    return prev[lb] <= maxd;
}

/* Equal up to noise: both at least 4 units, no digits involved, edit distance <= 1 (<= 2 from
 * 8 units on). */
static int
noisy_equal(const tt_text *a, const tt_word *x, const tt_text *b, const tt_word *y)
{
    uint32_t la = x->uend - x->ustart, lb = y->uend - y->ustart;
    if (la < 4 || lb < 4 || la > 40 || lb > 40 || ((x->flags | y->flags) & TT_WORD_DIGIT))
        return 0;
    return units_near(a->units + x->ustart, la, b->units + y->ustart, lb,
                      TT_MIN(la, lb) >= 8 ? 2 : 1);
}

/* A short word (at most 4 units) misspelt by one edit ("the" / "thc", "of" / "f"): no match, but
 * a smaller penalty than a different word, so that noise in the short words of a passage does
 * not cut its alignment into pieces.  No digits. */
static int
short_near(const tt_text *a, const tt_word *x, const tt_text *b, const tt_word *y)
{
    uint32_t la = x->uend - x->ustart, lb = y->uend - y->ustart;
    if (TT_MIN(la, lb) < 1 || TT_MAX(la, lb) < 2 || TT_MAX(la, lb) > 4 ||
        ((x->flags | y->flags) & TT_WORD_DIGIT))
        return 0;
    return units_near(a->units + x->ustart, la, b->units + y->ustart, lb, 1);
}

/* Two adjacent words of one text written as one word of the other up to noise (the space
 * between them dropped or misspelt: "of the" / "ofthe", "explicit Xkb" / "explicitnXkb"):
 * x0, x1 consecutive words of t, y a word of u.  At least 4 units in all, no digits, edit
 * distance <= 1 (<= 2 from 8 units on). */
static int
joined_equal(const tt_text *t, const tt_word *x0, const tt_text *u, const tt_word *y)
{
    const tt_word *x1 = x0 + 1;
    uint32_t la = x1->uend - x0->ustart, lb = y->uend - y->ustart;
    unsigned maxd = TT_MIN(la, lb) >= 8 ? 2 : 1;
    /* each part longer than the edits allowed: else a short word dropped ("a setUpClass" /
     * "setUpClass") would pass for a join */
    if (la < 4 || lb < 4 || la > 40 || lb > 40 || x0->uend - x0->ustart <= maxd ||
        x1->uend - x1->ustart <= maxd || ((x0->flags | x1->flags | y->flags) & TT_WORD_DIGIT))
        return 0;
    return units_near(t->units + x0->ustart, la, u->units + y->ustart, lb, maxd);
}

typedef struct aligned {
    uint32_t a0, a1, b0, b1; /* word ranges, half-open */
    size_t matched;
    int score;
    size_t slots;    /* aligned pairs that differ in a number or a name (a template's slots) */
    size_t others;   /* other differences: differing or noisy-equal words, words on one side */
    size_t run;      /* the longest run of equal words with no slot in it */
} aligned;

/* A word a template fills in: one holding a digit, or a name (upper-case initial). */
static int
slot_word(const tt_word *w)
{
    return (w->flags & (TT_WORD_DIGIT | TT_WORD_UPPER)) != 0;
}

/* Two different words that fill the same slot of a template: two numbers, or two names (a
 * name misspelt by noise is equal up to noise and never gets here). */
static int
slot_pair(const tt_word *x, const tt_word *y)
{
    return ((x->flags & y->flags) & (TT_WORD_DIGIT | TT_WORD_UPPER)) != 0;
}

/* Two words of a template's slots (slot_pair) that are rather one word misspelt by noise: one
 * edit apart, unless neither holds a letter (0.05 / 0.01 is two values of a slot; a letter in a
 * number, y22058 / 722058, or a name one letter off, Grz / Graz, is noise). */
static int
noise_pair(const tt_text *a, const tt_word *x, const tt_text *b, const tt_word *y)
{
    uint32_t la = x->uend - x->ustart, lb = y->uend - y->ustart;
    if (la > 40 || lb > 40 || !units_near(a->units + x->ustart, la, b->units + y->ustart, lb, 1))
        return 0;
    /* the original bytes: the units fold 0 and 1 into o and l */
    int letter = 0;
    for (uint32_t i = x->start; i < x->end && !letter; i++)
        letter = isalpha((unsigned char)a->bytes[i]) != 0;
    for (uint32_t i = y->start; i < y->end && !letter; i++)
        letter = isalpha((unsigned char)b->bytes[i]) != 0;
    return letter;
}

/* A bag-of-letters signature of a word: one edit changes at most two bits, so words more
 * than 2 * (allowed edits) bits apart cannot be equal up to noise. */
static uint32_t
word_sig(const tt_text *t, const tt_word *w)
{
    uint32_t s = 0;
    for (uint32_t u = w->ustart; u < w->uend; u++)
        s |= 1u << (t->units[u].cp & 31);
    return s;
}

static int
popcount32(uint32_t x)
{
    /* branch-free (SWAR): the band tests it in every cell */
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (int)((((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24);
}

/* Banded local alignment of doc words [alo, ahi) against item words [blo, bhi) along the
 * diagonal b = a + off.  Besides one word against one, two adjacent words of one side may
 * match one word of the other (joined_equal: a space lost or misspelt), scored as two
 * noisy-equal words.  mw (NULL, or ahi - alo bytes) gets, per document word, how many of the
 * matched words it gave (0, 1, or 2 for one word matched by two item words), so that
 * out->matched is their sum.  */
static int
band_align(const tt_text *A, uint32_t alo, uint32_t ahi, const tt_text *B, uint32_t blo,
           uint32_t bhi, int64_t off, aligned *out, uint8_t *mw)
{
    memset(out, 0, sizeof *out);
    if (mw)
        memset(mw, 0, ahi - alo);
    size_t n = ahi - alo, W = 2 * BAND + 1;
    if (n == 0 || bhi <= blo)
        return 0;
    uint8_t *dir = malloc(n * W);
    int *pprev = malloc(sizeof(int) * (W + 2)), *prev = malloc(sizeof(int) * (W + 2)),
        *cur = malloc(sizeof(int) * (W + 2));
    uint32_t *sa = malloc(sizeof *sa * n), *sb = malloc(sizeof *sb * (bhi - blo));
    if (!dir || !pprev || !prev || !cur || !sa || !sb) {
        free(dir);
        free(pprev);
        free(prev);
        free(cur);
        free(sa);
        free(sb);
        return TT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        sa[i] = word_sig(A, &A->words[alo + i]);
    for (uint32_t j = blo; j < bhi; j++)
        sb[j - blo] = word_sig(B, &B->words[j]);
    for (size_t c = 0; c < W + 2; c++)
        pprev[c] = prev[c] = 0;
    int best = 0;
    size_t bi = 0, bc = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t jlo = (int64_t)(alo + i) + off - BAND; /* item word at band column 0 */
        for (size_t c = 0; c < W; c++) {
            int64_t j = jlo + (int64_t)c;
            int v = 0;
            uint8_t d = 0;
            if (j >= (int64_t)blo && j < (int64_t)bhi) {
                const tt_word *x = &A->words[alo + i], *y = &B->words[j];
                int sc = x->hash == y->hash ? 2
                         : popcount32(sa[i] ^ sb[j - blo]) <= 4 && noisy_equal(A, x, B, y) ? 1
                         : popcount32(sa[i] ^ sb[j - blo]) <= 2 && short_near(A, x, B, y) ? -1
                                                                                       : -MISS;
                /* previous row, same column = (i-1, j-1); previous row, column c+1 = (i-1, j) */
                int dg = (i > 0 ? prev[c] : 0) + sc;
                int up = (i > 0 && c + 1 < W ? prev[c + 1] : 0) - GAP;
                int lf = (c > 0 ? cur[c - 1] : 0) - GAP;
                if (dg > v)
                    v = dg, d = 1;
                if (up > v)
                    v = up, d = 2;
                if (lf > v)
                    v = lf, d = 3;
                if (d == 1 && sc < 0 && (i == 0 || prev[c] == 0))
                    v = 0, d = 0; /* never start on a mismatch */
                if (sc < 2) {
                    /* doc words i-1, i as item word j: from (i-2, j-1), row i-2, column c+1 */
                    uint32_t ly = y->uend - y->ustart, lx = x->uend - x->ustart;
                    if (i > 0 && lx + (x - 1)->uend - (x - 1)->ustart <= ly + 2 &&
                        ly <= lx + (x - 1)->uend - (x - 1)->ustart + 2 &&
                        popcount32((sa[i - 1] | sa[i]) ^ sb[j - blo]) <= 4 &&
                        joined_equal(A, x - 1, B, y)) {
                        int jn = (i > 1 && c + 1 < W ? pprev[c + 1] : 0) + 2;
                        if (jn > v)
                            v = jn, d = 4;
                    }
                    /* doc word i as item words j-1, j: from (i-1, j-2), row i-1, column c-1 */
                    if (j > (int64_t)blo && ly + (y - 1)->uend - (y - 1)->ustart <= lx + 2 &&
                        lx <= ly + (y - 1)->uend - (y - 1)->ustart + 2 &&
                        popcount32((sb[j - 1 - blo] | sb[j - blo]) ^ sa[i]) <= 4 &&
                        joined_equal(B, y - 1, A, x)) {
                        int sp = (i > 0 && c > 0 ? prev[c - 1] : 0) + 2;
                        if (sp > v)
                            v = sp, d = 5;
                    }
                }
            }
            cur[c] = v;
            dir[i * W + c] = d;
            if (v > best)
                best = v, bi = i, bc = c;
        }
        int *t = pprev;
        pprev = prev;
        prev = cur;
        cur = t;
    }
    if (best > 0) {
        size_t i = bi, c = bc, matched = 0, run = 0;
        uint32_t a1 = (uint32_t)(alo + bi + 1);
        uint32_t b1 = (uint32_t)((int64_t)(alo + bi) + off - BAND + (int64_t)bc + 1);
        uint32_t a0 = a1, b0 = b1;
        for (;;) {
            uint8_t d = dir[i * W + c];
            int64_t j = (int64_t)(alo + i) + off - BAND + (int64_t)c;
            if (d == 0)
                break;
            if (d == 1) {
                const tt_word *x = &A->words[alo + i], *y = &B->words[j];
                if (x->hash == y->hash) {
                    matched++;
                    if (mw)
                        mw[i] = 1;
                    if (++run > out->run)
                        out->run = run;
                } else {
                    if (noisy_equal(A, x, B, y)) {
                        matched++, out->others++;
                        if (mw)
                            mw[i] = 1;
                    } else if (slot_pair(x, y) && !noise_pair(A, x, B, y))
                        out->slots++;
                    else
                        out->others++;
                    run = 0;
                }
                a0 = (uint32_t)(alo + i);
                b0 = (uint32_t)j;
                if (i == 0)
                    break;
                i--;
            } else if (d == 2) {
                a0 = (uint32_t)(alo + i);
                out->others += !slot_word(&A->words[alo + i]);
                run = 0;
                if (i == 0)
                    break;
                i--;
                c++;
            } else if (d == 3) {
                b0 = (uint32_t)j;
                out->others += !slot_word(&B->words[j]);
                run = 0;
                if (c == 0)
                    break;
                c--;
            } else if (d == 4) {
                /* two doc words joined in one item word */
                a0 = (uint32_t)(alo + i - 1);
                b0 = (uint32_t)j;
                matched += 2;
                if (mw)
                    mw[i - 1] = mw[i] = 1;
                out->others++;
                run = 0;
                if (i < 2 || c + 1 >= W)
                    break; /* it started the alignment */
                i -= 2;
                c++;
            } else {
                /* one doc word split in two item words */
                a0 = (uint32_t)(alo + i);
                b0 = (uint32_t)(j - 1);
                matched += 2;
                if (mw)
                    mw[i] = 2;
                out->others++;
                run = 0;
                if (i == 0 || c == 0)
                    break; /* it started the alignment */
                i--;
                c--;
            }
        }
        out->a0 = a0;
        out->a1 = a1;
        out->b0 = b0;
        out->b1 = b1;
        out->matched = matched;
        out->score = best;
    }
    free(dir);
    free(pprev);
    free(prev);
    free(cur);
    free(sa);
    free(sb);
    return 0;
}

/* ---- findings ---- */

static char *
copy_text(const char *p, size_t n)
{
    tt_buf b;
    tt_buf_init(&b);
    if (tt_utf8__sanitize(&b, p, n) == SIZE_MAX || tt_buf_grow(&b, 0)) {
        tt_buf_release(&b);
        return NULL;
    }
    return tt_buf_detach(&b, NULL);
}

static void
finding_release(tt_finding *f)
{
    free(f->title);
    free(f->leak_text);
    free(f->doc_text);
    memset(f, 0, sizeof *f);
}

void
tt_findings_free(tt_finding *f, size_t n)
{
    if (!f)
        return;
    for (size_t i = 0; i < n; i++)
        finding_release(&f[i]);
    free(f);
}

/* Align one cluster and, if it holds, append a finding.  seg/seg_len/seg_base: the window. */
/* The chance of a finding.  Model: chance clusters (two or more hits of one document on one
 * diagonal) arise in unrelated text at a rate per scanned fingerprint, and their verified
 * length V (verified_units: letters of the item that extend the hits' exact k-grams across
 * small edits) has a tail that falls exponentially.  Both were measured with bench_scan on
 * the bench corpora (10,000 registered documents, 19.2 MB, 2,507,513 indexed fingerprints;
 * 46.8 MB of unrelated prose from other Debian packages, 7,100,415 fingerprints scanned,
 * 48,516 chance clusters): 1,542 clusters reached V >= 40 letters (2.17e-4 per fingerprint)
 * and 14 reached V >= 96, an e-fold every 11.9 letters; below 40 letters the rate is that of
 * all clusters (6.8e-3 per fingerprint).  (The measured tail flattens beyond about 100 letters
 * because the haystack still shares some real passages with the registered documents; the
 * exponential extrapolation ignores them, so very long findings get a very small chance.)
 * The rate scales with the size of the index (more registered fingerprints, more chance hits),
 * so for an item with n scanned fingerprints the expected number of chance clusters reaching
 * V is m = n * r(V) * (indexed / 2,507,513), and the chance of at least one is
 * 1 - exp(-m) (Poisson).  Measured again with the background model in place
 * (bench/results/chance-recalibration.md), chance clusters are rarer at 10,000 documents and
 * grow about as the square root of the index: these constants are pessimistic there, and
 * are kept so, because the recalibrated chance let back findings of real text re-edited in
 * two packages (which no chance model judges) for about one point of recall. */
static double
chance_of(const tt_index *ix, size_t nfp, size_t v)
{
    double r = v < 40 ? 6.8e-3 : 2.17e-4 * exp(-((double)v - 40.0) / 11.9);
    double m = (double)(nfp ? nfp : 1) * r * ((double)ix->n / 2507513.0);
    return m > 40 ? 1.0 : -expm1(-m);
}

/* The share of the k-grams of words [w0, w1) of t that the background model of ordinary
 * language holds (bgmodel.h). */
static double
common_share(const tt_text *t, uint32_t w0, uint32_t w1)
{
    const tt_bgmodel *m = tt_bgmodel__builtin();
    tt_winnow w;
    tt_winnow__init(&w, TT_WINNOW_K, 1); /* a window of one: every k-gram */
    size_t n = 0, in = 0;
    if (w1 <= w0)
        return 0;
    for (uint32_t u = t->words[w0].ustart; u < t->words[w1 - 1].uend; u++) {
        tt_fp fp;
        if (tt_winnow__push(&w, t->units[u].cp, &fp)) {
            n++;
            in += (size_t)tt_bgmodel__test(m, fp.hash);
        }
    }
    return n ? (double)in / (double)n : 0;
}

/* Whether a list separator (a comma or a semicolon) stands between words w - 1 and w of t. */
static int
list_gap(const tt_text *t, uint32_t w)
{
    for (uint32_t b = t->words[w - 1].end; b < t->words[w].start; b++)
        if (t->bytes[b] == ',' || t->bytes[b] == ';')
            return 1;
    return 0;
}

/* Words x and y of t compared by their folded units (the order of a sorted list). */
static int
word_cmp(const tt_text *t, const tt_word *x, const tt_word *y)
{
    uint32_t lx = x->uend - x->ustart, ly = y->uend - y->ustart;
    for (uint32_t i = 0; i < lx && i < ly; i++) {
        uint32_t a = t->units[x->ustart + i].cp, b = t->units[y->ustart + i].cp;
        if (a != b)
            return a < b ? -1 : 1;
    }
    return lx < ly ? -1 : lx > ly;
}

enum { EV_SORTED = 1, EV_RUN_START = 2, EV_REPEAT = 4 };

/* The words of evidence of a match: the matched words of the document passage [a0, a1) of t
 * (mw: per word of the passage, the matched words band_align credits it with), each counted
 * once per choice its writer made (docs/ARCHITECTURE.md §4, "What is evidence"):
 *   - a word of a phrase of REPEAT_GRAM or more words that the passage already held counts
 *     nothing: an API reference repeats its own template ("Returns true if ...; otherwise
 *     returns false.  Returns true if ..."), and another reference repeats the same, so the
 *     repeats are no more evidence than the first time (two constants that share their
 *     prefix, V4L2_BUF_TYPE_META_CAPTURE and V4L2_BUF_TYPE_META_OUTPUT, are such a repeat);
 *   - the words of a sorted list (SORTED_RUN or more words, each after the one before in
 *     alphabetical order and separated from it by a comma or a semicolon) count as one in
 *     all: the order of an alphabetical list of names (strcat, strchr, strcmp, ...) is the
 *     sort's, not the writer's, and two lists of one library's names agree by construction.
 * Returns SIZE_MAX when out of memory. */
#define SORTED_RUN 6
#define REPEAT_GRAM 3
static size_t
evidence_words(const tt_text *t, uint32_t a0, uint32_t a1, const uint8_t *mw)
{
    size_t n = a1 > a0 ? a1 - a0 : 0, cap = 16, ev = 0;
    while (cap < 2 * n)
        cap *= 2;
    uint8_t *fl = calloc(n ? n : 1, 1);
    uint64_t *tab = calloc(cap, sizeof *tab);
    if (!fl || !tab) {
        free(fl);
        free(tab);
        return SIZE_MAX;
    }
    /* sorted lists */
    size_t rs = 0;
    for (size_t i = 1; i <= n; i++) {
        if (i < n && word_cmp(t, &t->words[a0 + i - 1], &t->words[a0 + i]) < 0 &&
            list_gap(t, a0 + (uint32_t)i))
            continue;
        if (i - rs >= SORTED_RUN) {
            for (size_t k = rs; k < i; k++)
                fl[k] |= EV_SORTED;
            fl[rs] |= EV_RUN_START;
        }
        rs = i;
    }
    /* repeated phrases: every word of a REPEAT_GRAM-gram met before in the passage */
    for (size_t i = REPEAT_GRAM - 1; i < n; i++) {
        uint64_t g = 0x9e3779b97f4a7c15ULL;
        for (size_t k = i + 1 - REPEAT_GRAM; k <= i; k++)
            g = (g ^ t->words[a0 + k].hash) * 0x100000001b3ULL;
        g |= 1; /* 0 marks an empty slot */
        size_t at = (size_t)(g ^ (g >> 29)) & (cap - 1);
        while (tab[at] && tab[at] != g)
            at = (at + 1) & (cap - 1);
        if (tab[at] == g)
            for (size_t k = i + 1 - REPEAT_GRAM; k <= i; k++)
                fl[k] |= EV_REPEAT;
        tab[at] = g;
    }
    int run_counted = 0;
    for (size_t i = 0; i < n; i++) {
        if (fl[i] & EV_RUN_START)
            run_counted = 0;
        if (!mw[i] || (fl[i] & EV_REPEAT) || ((fl[i] & EV_SORTED) && run_counted))
            continue;
        ev += mw[i];
        run_counted |= (fl[i] & EV_SORTED) != 0;
    }
    free(fl);
    free(tab);
    return ev;
}

static int
confirm(tt_scanner *s, const hit *h, size_t nh, const char *seg, size_t seg_len,
        uint64_t seg_base, size_t nfp, size_t vu, uint64_t own_lo, uint64_t own_hi)
{
    const tt_text *A = NULL;
    int rc = doc_model(s, h[0].doc, &A);
    if (rc)
        return rc;
    /* the item region around the cluster */
    uint64_t lb0 = h[0].lbyte, lb1 = h[0].lend;
    uint32_t dp0 = h[0].dpos, dp1 = h[0].dpos;
    for (size_t i = 0; i < nh; i++) {
        lb0 = TT_MIN(lb0, h[i].lbyte);
        lb1 = TT_MAX(lb1, h[i].lend);
        dp0 = TT_MIN(dp0, h[i].dpos);
        dp1 = TT_MAX(dp1, h[i].dpos);
    }
    uint64_t r0 = lb0 - seg_base > MARGIN_BYTES ? lb0 - MARGIN_BYTES : seg_base;
    uint64_t r1 = TT_MIN(lb1 + MARGIN_BYTES, seg_base + seg_len);
    while (r0 > seg_base && ((unsigned char)seg[r0 - seg_base] & 0xc0) == 0x80)
        r0--;
    tt_text B;
    rc = tt_text__build(&B, seg + (r0 - seg_base), (size_t)(r1 - r0), &s->err);
    if (rc)
        return rc;
    /* word windows and the diagonal (item word - document word) */
    uint32_t aw0 = word_of_unit(A, dp0), aw1 = word_of_unit(A, dp1 + TT_WINNOW_K - 1) + 1;
    aw0 = aw0 > MARGIN_WORDS ? aw0 - MARGIN_WORDS : 0;
    aw1 = (uint32_t)TT_MIN((size_t)aw1 + MARGIN_WORDS, A->nwords);
    int64_t diags[64];
    size_t nd = 0;
    for (size_t i = 0; i < nh && nd < 64; i++) {
        uint32_t aw = word_of_unit(A, h[i].dpos);
        uint32_t bw = word_of_byte(&B, h[i].lbyte - r0);
        diags[nd++] = (int64_t)bw - (int64_t)aw;
    }
    /* the median diagonal */
    for (size_t i = 1; i < nd; i++)
        for (size_t j = i; j > 0 && diags[j - 1] > diags[j]; j--) {
            int64_t t = diags[j];
            diags[j] = diags[j - 1];
            diags[j - 1] = t;
        }
    int64_t off = nd ? diags[nd / 2] : 0;
    aligned al;
    s->cnt.aligned++;
    uint8_t *mw = malloc(aw1 > aw0 ? aw1 - aw0 : 1);
    rc = mw ? band_align(A, aw0, aw1, &B, 0, (uint32_t)B.nwords, off, &al, mw) : TT_ENOMEM;
    if (rc) {
        free(mw);
        tt_text__release(&B);
        return tt__error(&s->err, rc, "out of memory aligning");
    }
    if (al.matched < s->min_words || al.b1 <= al.b0) {
        free(mw);
        tt_text__release(&B);
        return 0;
    }
    /* the words of evidence (evidence_words): repeats and sorted lists weigh less than their
     * words */
    size_t words = evidence_words(A, al.a0, al.a1, mw + (al.a0 - aw0));
    free(mw);
    if (words == SIZE_MAX) {
        tt_text__release(&B);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    uint64_t ls = r0 + B.words[al.b0].start, le = r0 + B.words[al.b1 - 1].end;
    if (ls < own_lo || ls >= own_hi) {
        tt_text__release(&B);
        return 0; /* another segment reports it */
    }
    /* a templated near-duplicate, not a copy: the two passages differ only in numbers and
     * names, in at least one slot, and no stretch between slots is long enough to be evidence
     * by itself (two findings' worth of words) */
    if (al.slots && !al.others && al.run < 2 * (size_t)s->min_words) {
        s->cnt.templated++;
        tt_text__release(&B);
        return 0;
    }
    /* ordinary language carries no evidence: the words of evidence count in proportion to
     * the document passage's k-grams the background model does not hold */
    double common = common_share(A, al.a0, al.a1);
    size_t evidence = words - (size_t)((double)words * common + 0.5);
    if (evidence < s->min_words) {
        s->cnt.common++;
        tt_text__release(&B);
        return 0;
    }
    double chance = chance_of(s->ix, nfp, vu);
    if (chance > s->max_chance) {
        s->cnt.unlikely++;
        tt_text__release(&B);
        return 0;
    }
    /* the same document and overlapping item span: keep the stronger */
    for (size_t i = 0; i < s->nf; i++) {
        tt_finding *o = &s->f[i];
        if (strcmp(o->doc, s->ix->docs[h[0].doc].id) == 0 && ls < o->leak_end &&
            o->leak_start < le) {
            if (o->matched_words >= al.matched) {
                tt_text__release(&B);
                return 0;
            }
            finding_release(o);
            s->f[i] = s->f[--s->nf];
            break;
        }
    }
    /* the continuation of an earlier finding of the same document, in both texts (a whole
     * document whose middle is background prose, making no hits, gives two clusters): one
     * finding.  Only within the window, whose bytes are at hand. */
    uint64_t ds = A->words[al.a0].start, de = A->words[al.a1 - 1].end;
    size_t prev_matched = 0, prev_hits = 0;
    char prev_fp[17] = "";
    for (size_t i = 0; i < s->nf; i++) {
        tt_finding *o = &s->f[i];
        if (strcmp(o->doc, s->ix->docs[h[0].doc].id) == 0 && o->leak_end <= ls &&
            ls - o->leak_end <= MERGE_BYTES && o->doc_end <= ds && ds - o->doc_end <= MERGE_BYTES &&
            o->leak_start >= seg_base) {
            ls = o->leak_start;
            ds = o->doc_start;
            prev_matched = o->matched_words;
            prev_hits = o->hits;
            memcpy(prev_fp, o->fingerprint, sizeof prev_fp);
            finding_release(o);
            s->f[i] = s->f[--s->nf];
            break;
        }
    }
    if (tt__grow(&s->f, &s->fcap, s->nf + 1, sizeof *s->f)) {
        tt_text__release(&B);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    tt_finding *f = &s->f[s->nf];
    memset(f, 0, sizeof *f);
    const tt_index_doc *doc = &s->ix->docs[h[0].doc];
    snprintf(f->doc, sizeof f->doc, "%s", doc->id);
    f->leak_start = ls;
    f->leak_end = le;
    f->doc_start = ds;
    f->doc_end = de;
    f->matched_words = al.matched + prev_matched;
    f->doc_words = A->nwords;
    f->coverage = A->nwords ? (double)f->matched_words / (double)A->nwords : 0;
    if (f->coverage > 1)
        f->coverage = 1;
    f->hits = nh + prev_hits;
    f->chance = chance;
    uint64_t fh = TT_NORM_HASH_INIT;
    for (const char *c = prev_fp; *c; c++)
        fh = tt_norm__hash_step(fh, (unsigned char)*c);
    for (const char *c = doc->id; *c; c++)
        fh = tt_norm__hash_step(fh, (unsigned char)*c);
    fh = tt_norm__hash_step(fh, 0);
    for (uint32_t u = B.words[al.b0].ustart; u < B.words[al.b1 - 1].uend; u++)
        fh = tt_norm__hash_step(fh, B.units[u].cp);
    snprintf(f->fingerprint, sizeof f->fingerprint, "%016llx",
             (unsigned long long)tt_norm__hash_final(fh));
    f->title = copy_text(doc->title, strlen(doc->title));
    f->leak_text = copy_text(seg + (ls - seg_base), (size_t)(le - ls));
    f->doc_text = copy_text(A->bytes + f->doc_start, (size_t)(f->doc_end - f->doc_start));
    tt_text__release(&B);
    if (!f->title || !f->leak_text || !f->doc_text) {
        finding_release(f);
        return tt__error(&s->err, TT_ENOMEM, "out of memory");
    }
    s->nf++;
    return 0;
}

/* ---- the pre-alignment check ---- */

/* Extend a match of the document's units A[0..na) with the item's units B[0..nb) from A[i],
 * B[j] (the first pair not yet compared) one unit at a time in direction step (+1 or -1),
 * across edits: at a mismatch, the first of a few small edits (one or two units substituted,
 * dropped or added on either side) after which EXT_LOOK units agree is taken, else, with
 * resync, the smallest skip of up to RESYNC_SKIP units on each side after which RESYNC_LOOK
 * units agree (a burst of errors: two edits within EXT_LOOK units), else the extension
 * ends.  B is not read at or beyond the limit jlim (exclusive, in the direction of
 * travel).  Returns the number of equal unit pairs passed; *jlast gets the last item unit
 * reached.  Units are weighed by tt_hotloop__uweight (a Hangul syllable or an ideograph
 * counts as three letters). */
static size_t
extend(const uint8_t *A, int64_t na, int64_t i, const uint8_t *B, int64_t jlo, int64_t jhi,
       int64_t j, int step, int resync, int64_t *jlast)
{
    static const int8_t edits[][2] = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2},
                                      {2, 2}, {2, 0}, {0, 2}};
    size_t matched = 0;
    *jlast = j - step;
    for (;;) {
        /* r: the pairs (A[i + step t], B[j + step t]) before a bound on either side; every read
         * below is one of them, so within r no bound needs testing */
        int64_t r = 0;
        if (i >= 0 && i < na && j >= jlo && j < jhi)
            r = step > 0 ? TT_MIN(na - i, jhi - j) : TT_MIN(i + 1, j - jlo + 1);
        int64_t k = 0;
        while (k < r && A[i + step * k] == B[j + step * k]) {
            matched += tt_hotloop__uweight(A[i + step * k]);
            k++;
        }
        if (k) {
            i += step * k;
            j += step * k;
            *jlast = j - step;
        }
        if (k == r)
            break; /* at a bound */
        r -= k;    /* A[i] != B[j] */
        int found = 0;
        if (r < EXT_REACH) {
            /* near a bound: each read tested */
            for (size_t e = 0; e < TT_ARRAY_LEN(edits) && !found; e++) {
                int64_t ii = i + step * edits[e][0], jj = j + step * edits[e][1];
                int t = 0;
                for (; t < EXT_LOOK; t++) {
                    int64_t a = ii + step * t, b = jj + step * t;
                    if (a < 0 || a >= na || b < jlo || b >= jhi || A[a] != B[b])
                        break;
                }
                if (t == EXT_LOOK) {
                    i = ii;
                    j = jj;
                    found = 1;
                }
            }
            for (int tot = 1; resync && tot <= 2 * RESYNC_SKIP && !found; tot++) {
                for (int di = TT_MAX(0, tot - RESYNC_SKIP);
                     di <= TT_MIN(tot, RESYNC_SKIP) && !found; di++) {
                    int64_t ii = i + step * di, jj = j + step * (tot - di);
                    int t = 0;
                    for (; t < RESYNC_LOOK; t++) {
                        int64_t a = ii + step * t, b = jj + step * t;
                        if (a < 0 || a >= na || b < jlo || b >= jhi || A[a] != B[b])
                            break;
                    }
                    if (t == RESYNC_LOOK) {
                        i = ii;
                        j = jj;
                        found = 1;
                    }
                }
            }
        } else {
            /* the same searches, in the same order, with no bound in reach: an edit's EXT_LOOK
             * pairs compared directly, a skip's RESYNC_LOOK pairs as two 8-byte runs (the
             * run of RESYNC_LOOK units from A[i + step di] on in the direction of travel) */
            int64_t back = step > 0 ? 0 : RESYNC_LOOK - 1;
            /* ua[d], ub[d]: A[i + step d], B[j + step d] */
            uint8_t ua[5], ub[5];
            for (int d = 0; d < 5; d++) {
                ua[d] = A[i + step * d];
                ub[d] = B[j + step * d];
            }
#pragma GCC unroll 8
            for (size_t e = 0; e < TT_ARRAY_LEN(edits); e++) {
                const int ea = edits[e][0], eb = edits[e][1];
                if (ua[ea] == ub[eb] && ua[ea + 1] == ub[eb + 1] && ua[ea + 2] == ub[eb + 2]) {
                    i += step * ea;
                    j += step * eb;
                    found = 1;
                    break;
                }
            }
            if (resync && !found) {
                /* wa[d], wb[d]: the RESYNC_LOOK units from A[i + step d], B[j + step d] */
                uint64_t wa[RESYNC_SKIP + 1], wb[RESYNC_SKIP + 1];
                for (int d = 0; d <= RESYNC_SKIP; d++) {
                    memcpy(&wa[d], A + i + step * d - back, RESYNC_LOOK);
                    memcpy(&wb[d], B + j + step * d - back, RESYNC_LOOK);
                }
                /* fewest skipped first, then fewest on the document's side (as above) */
#pragma GCC unroll 16
                for (int tot = 1; tot <= 2 * RESYNC_SKIP && !found; tot++)
#pragma GCC unroll 8
                    for (int di = 0; di <= RESYNC_SKIP; di++)
                        if (di <= tot && tot - di <= RESYNC_SKIP && wa[di] == wb[tot - di]) {
                            i += step * di;
                            j += step * (tot - di);
                            found = 1;
                            break;
                        }
            }
        }
        if (!found)
            break;
    }
    return matched;
}

size_t
tt_scan__extend(const uint8_t *A, int64_t na, int64_t i, const uint8_t *B, int64_t jlo,
                int64_t jhi, int64_t j, int step, int resync, int64_t *jlast)
{
    return extend(A, na, i, B, jlo, jhi, j, step, resync, jlast);
}

/* The units (letters) of a cluster verified by extension: from each hit not already inside an extended
 * stretch, the exact k-gram match is extended both ways across small edits (extend()), and the
 * equal unit pairs passed are summed.  A common phrase two documents share by chance extends
 * a few units beyond its k-gram; a real excerpt extends to its next burst of errors, so a
 * 150-character excerpt at 5% noise verifies most of its units.  Since the word alignment
 * needs min_words matched words, a cluster that verifies fewer units than such a run could
 * hold is spared it. */
static size_t
verified_units(tt_scanner *s, const hit *h, size_t nh, int resync)
{
    /* the document's units through uoff (docs[doc].ub and .nu say the same, but docs is 80
     * bytes a document: at 100,000 documents a lone hit's record was a cache miss of its own,
     * where uoff, 4 bytes a document, is mostly cached by the lookups) */
    const tt_index *ix = s->ix;
    uint32_t doc = h[0].doc;
    const uint8_t *A = ix->ub ? ix->ub + ix->uoff[doc] : NULL, *B = s->ub;
    int64_t na = ix->uoff[doc + 1] - ix->uoff[doc], nb = (int64_t)s->nub;
    if (!A)
        return SIZE_MAX; /* no units to check against: let the alignment decide */
    size_t total = 0;
    int64_t covered = -1; /* the last item unit already counted */
    for (size_t x = 0; x < nh; x++) {
        int64_t a = h[x].dpos, b = (int64_t)h[x].lpos;
        if (b + TT_WINNOW_K - 1 <= covered || a + TT_WINNOW_K > na || b + TT_WINNOW_K > nb)
            continue;
        int64_t left, right;
        size_t m = 0;
        for (int64_t u = a; u < a + TT_WINNOW_K; u++)
            m += tt_hotloop__uweight(A[u]);
        m += extend(A, na, a - 1, B, covered + 1, nb, b - 1, -1, resync, &left);
        m += extend(A, na, a + TT_WINNOW_K, B, covered + 1, nb, b + TT_WINNOW_K, 1, resync,
                    &right);
        if (right < b + TT_WINNOW_K - 1)
            right = b + TT_WINNOW_K - 1;
        total += m;
        covered = right;
    }
    return total;
}

void
tt_scan__counters(const tt_scanner *s, tt_scan_counters *out)
{
    *out = s->cnt;
}

void
tt_scan__set_ext_min(tt_scanner *s, unsigned units)
{
    s->ext_min = units;
}

/* Scan the window seg[0..len) at absolute offset base; report findings starting in
 * [own_lo, own_hi). */
static int
scan_window(tt_scanner *s, const char *seg, size_t len, uint64_t base, uint64_t own_lo,
            uint64_t own_hi)
{
    size_t nfp, nfx;
    if (s->findings_cut)
        return 0; /* the item has all the findings it may have: the rest is not examined */
    int rc = collect_hits(s->ix, seg, len, base, &s->hw, &nfp, &s->fx, &nfx, &s->fxcap,
                          s->ix->ev_df, &s->ub, &s->ubcap, &s->nub, &s->hits_cut);
    /* clusters only of documents whose hits could make one this loop examines */
    if (!rc)
        rc = tt_hits__group(&s->hw, s->fx, s->ix->ndocs, s->min_hits, s->weight, 1);
    if (rc)
        return tt__error(&s->err, rc, "out of memory scanning");
    s->cnt.fingerprints += nfp;
    s->cnt.hits += s->hw.near;
    const tt_cluster *cl = s->hw.cl;
    size_t ncl = s->hw.ncl;
    for (size_t c = 0; c < ncl && !rc; c++) {
        const hit *h = s->hw.h + cl[c].first;
        /* its evidence: the weight of each distinct item position (its hits' largest), summed
         * (hits come in item order), and the positions of full weight (a fingerprint at most
         * TT_INDEX_EVIDENCE_DF documents hold) */
        double ev = 0, best = 0;
        size_t full = 0;
        int one = 0; /* a hit of a fingerprint one document holds */
        for (size_t i = 0; i <= cl[c].count; i++) {
            if (i == cl[c].count || (i && h[i].lpos != h[i - 1].lpos)) {
                ev += best;
                full += best >= 1.0;
                best = 0;
                if (i == cl[c].count)
                    break;
            }
            best = TT_MAX(best, s->weight[TT_MIN(h[i].df, (uint32_t)TT_INDEX_MAX_DF)]);
            one |= h[i].df == 1;
        }
        size_t vu;
        if (full < s->min_hits) {
            /* short of full hits, but hits of fingerprints a few documents share make up the
             * weight of min_hits, or it holds a hit of a fingerprint one document holds (a lone
             * hit beside such hits): judged as a lone hit is, below */
            if (s->min_hits < 2 || !(ev + 1e-9 >= (double)s->min_hits || one))
                continue;
            vu = verified_units(s, h, cl[c].count, 0);
            if (vu >= LONE_PRE_UNITS)
                vu = verified_units(s, h, cl[c].count, 1);
            s->cnt.lhist[TT_MIN(vu / 8, (size_t)32)]++;
            if (vu < LONE_MIN_UNITS)
                continue;
        } else {
            /* the letters the full hits verify: fingerprints several documents share would
             * lengthen a match of text re-edited in several packages, not only a leak */
            const hit *fh = h;
            size_t nfh = cl[c].count;
            if (full < cl[c].count) {
                if (tt__grow(&s->fh, &s->fhcap, cl[c].count, sizeof *s->fh)) {
                    rc = tt__error(&s->err, TT_ENOMEM, "out of memory scanning");
                    break;
                }
                nfh = 0;
                for (size_t i = 0; i < cl[c].count; i++)
                    if (h[i].df <= TT_INDEX_EVIDENCE_DF)
                        s->fh[nfh++] = h[i];
                fh = s->fh;
            }
            s->cnt.clusters++;
            vu = verified_units(s, fh, nfh, 1);
            s->cnt.vhist[TT_MIN(vu / 8, (size_t)32)]++;
            if (vu < s->ext_min)
                continue; /* chance: the hits do not extend into one long similar run */
        }
        if (s->nf >= TT_LIMIT_FINDINGS) {
            s->findings_cut = 1; /* enough for one item: no more alignments */
            break;
        }
        s->cnt.verified++;
        if (chance_of(s->ix, nfp, vu) > s->max_chance) {
            s->cnt.unlikely++; /* confirm would align it and then drop it for its chance */
            continue;
        }
        size_t before = s->nf;
        rc = confirm(s, h, cl[c].count, seg, len, base, nfp, vu, own_lo, own_hi);
        if (s->nf > before)
            s->cnt.fhist[TT_MIN(vu / 8, (size_t)32)]++;
    }
    /* the lone hits of fingerprints one document holds (collect_hits keeps them aside): noise
     * can leave a short excerpt one fingerprint.  On unrelated prose a lone hit extends less
     * far than a cluster does (bench/results/recall-5pct.md: none to 48 letters in 23.7 MB,
     * against 80 clusters), so chance_of, the clusters' rate, is a pessimistic chance for it */
    const hit *lone = s->hw.lone;
    size_t nlone = s->hw.nlone;
    for (size_t i = 0; i < nlone && !rc; i++) {
        /* each lone hit reads a random document's offsets and units: fetched ahead, the
         * offsets 2 LONE_AHEAD hits on, the units around the hit LONE_AHEAD hits on (its
         * offsets were fetched LONE_AHEAD hits ago), so the misses overlap with the work */
        if (i + 2 * LONE_AHEAD < nlone)
            __builtin_prefetch(&s->ix->uoff[lone[i + 2 * LONE_AHEAD].doc]);
        if (i + LONE_AHEAD < nlone) {
            const hit *q = &lone[i + LONE_AHEAD];
            const uint32_t *uo = &s->ix->uoff[q->doc];
            uint32_t nu = uo[1] - uo[0];
            if (s->ix->ub && q->dpos < nu) {
                const uint8_t *ub = s->ix->ub + uo[0];
                __builtin_prefetch(ub + q->dpos);
                __builtin_prefetch(ub + TT_MIN(q->dpos + 2 * TT_WINNOW_K, nu - 1));
            }
        }
        /* most lone hits are chance and end a few letters past their k-gram: the cheap
         * extension (no resync) first */
        size_t vu = verified_units(s, &lone[i], 1, 0);
        if (vu >= LONE_PRE_UNITS)
            vu = verified_units(s, &lone[i], 1, 1);
        s->cnt.lhist[TT_MIN(vu / 8, (size_t)32)]++;
        if (vu < LONE_MIN_UNITS)
            continue;
        if (s->nf >= TT_LIMIT_FINDINGS) {
            s->findings_cut = 1;
            break;
        }
        if (chance_of(s->ix, nfp, vu) > s->max_chance) {
            s->cnt.unlikely++;
            continue;
        }
        size_t before = s->nf;
        rc = confirm(s, &lone[i], 1, seg, len, base, nfp, vu, own_lo, own_hi);
        if (s->nf > before)
            s->cnt.lfhist[TT_MIN(vu / 8, (size_t)32)]++;
    }
    return rc;
}

/* ---- the public scanner ---- */

/* The evidence of a hit by the number df of registered documents holding its fingerprint, in
 * a vault of n documents: 1 up to TT_INDEX_EVIDENCE_DF, then what the fingerprint tells about
 * which document it came from, log(n / df), relative to what a fingerprint of
 * TT_INDEX_EVIDENCE_DF documents tells, log(n / TT_INDEX_EVIDENCE_DF) (0 beyond the index's
 * evidence bound ev_df, whose fingerprints make no hit). */
static void
evidence_weights(double *w, const tt_index *ix)
{
    double n = (double)ix->ndocs, full = log(n / TT_INDEX_EVIDENCE_DF);
    for (uint32_t df = 0; df <= TT_INDEX_MAX_DF; df++)
        w[df] = df <= TT_INDEX_EVIDENCE_DF ? 1.0
                : df > ix->ev_df || full <= 0 ? 0.0
                : log(n / (double)df) / full;
}

int
tt_scanner_new(tt_scanner **out, tt_vault *v, const tt_index *ix, const tt_scan_opts *opts)
{
    *out = NULL;
    if (!ix)
        return TT_EINVAL;
    if (opts && (opts->version < 1 || opts->version > TT_SCAN_OPTS_VERSION))
        return tt__error(tt_vault__err(v), TT_EINVAL, "options of version %u: this telltale knows version %u", opts->version,
                         TT_SCAN_OPTS_VERSION);
    double max_chance = opts && opts->version >= 2 ? opts->max_chance : 0;
    if (!(max_chance >= 0 && max_chance <= 1)) /* NaN too */
        return tt__error(tt_vault__err(v), TT_EINVAL, "the chance threshold must be in (0, 1]");
    tt_scanner *s = calloc(1, sizeof *s);
    if (!s)
        return TT_ENOMEM;
    s->v = v;
    s->ix = ix;
    s->min_words = opts && opts->min_words ? opts->min_words : 10;
    s->min_hits = opts && opts->min_hits ? opts->min_hits : 2;
    s->max_chance = max_chance > 0 ? max_chance : TT_SCAN_CHANCE_DEFAULT;
    s->ext_min = EXT_MIN_UNITS;
    evidence_weights(s->weight, ix);
    tt_buf_init(&s->seg);
    *out = s;
    return 0;
}

void
tt_scanner_free(tt_scanner *s)
{
    if (!s)
        return;
    tt_buf_release(&s->seg);
    tt_findings_free(s->f, s->nf);
    tt_hits__release(&s->hw);
    free(s->fh);
    free(s->fx);
    free(s->ub);
    for (unsigned i = 0; i < DOC_CACHE; i++)
        if (s->cache[i].used) {
            tt_text__release(&s->cache[i].t);
            if (s->cache[i].owned)
                free(s->cache[i].text);
        }
    free(s);
}

const char *
tt_scanner_errmsg(const tt_scanner *s)
{
    return s ? tt__errmsg(&s->err) : "out of memory";
}

/* Scan segment j of the current item: it owns [jS, (j+1)S) and sees OVERLAP more on both
 * sides (the caller made sure those bytes are buffered, or that the item ended). */
static int
scan_segment(tt_scanner *s, uint64_t j, int last)
{
    uint64_t own_lo = j * TT_SCAN_SEGMENT;
    uint64_t own_hi = last ? UINT64_MAX : own_lo + TT_SCAN_SEGMENT;
    uint64_t w0 = own_lo > TT_SCAN_OVERLAP ? own_lo - TT_SCAN_OVERLAP : 0;
    uint64_t w1 = last ? s->fed : TT_MIN(s->fed, own_hi + TT_SCAN_OVERLAP);
    if (w0 < s->seg_base)
        w0 = s->seg_base;
    if (!s->seg.data) /* nothing was fed: no pointer arithmetic on NULL */
        return scan_window(s, "", 0, w0, own_lo, own_hi);
    return scan_window(s, s->seg.data + (w0 - s->seg_base), (size_t)(w1 - w0), w0, own_lo,
                       own_hi);
}

const char *
tt_scanner_warning(const tt_scanner *s)
{
    return s && s->warning[0] ? s->warning : NULL;
}

int
tt_scanner_feed(tt_scanner *s, const void *bytes, size_t len)
{
    const char *p = bytes;
    if (s->fed == 0)
        s->warning[0] = '\0'; /* a new item */
    while (len) {
        /* buffer at most up to the end of the next segment's window */
        uint64_t need_end = (s->next_seg + 1) * TT_SCAN_SEGMENT + TT_SCAN_OVERLAP;
        size_t take = (size_t)TT_MIN((uint64_t)len, need_end - s->fed);
        if (tt_buf_add(&s->seg, p, take))
            return tt__error(&s->err, TT_ENOMEM, "out of memory buffering the input");
        s->fed += take;
        p += take;
        len -= take;
        if (s->fed == need_end && len > 0) {
            /* more follows: segment next_seg is complete */
            int rc = scan_segment(s, s->next_seg, 0);
            if (rc)
                return rc;
            s->next_seg++;
            uint64_t keep = s->next_seg * TT_SCAN_SEGMENT - TT_SCAN_OVERLAP;
            size_t drop = (size_t)(keep - s->seg_base);
            memmove(s->seg.data, s->seg.data + drop, s->seg.len - drop);
            s->seg.len -= drop;
            s->seg_base = keep;
        }
    }
    return 0;
}

static int
cmp_finding(const void *a, const void *b)
{
    const tt_finding *x = a, *y = b;
    if (x->leak_start != y->leak_start)
        return x->leak_start < y->leak_start ? -1 : 1;
    return strcmp(x->doc, y->doc);
}

int
tt_scanner_finish(tt_scanner *s, tt_finding **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    int rc = 0;
    if (s->fed > 0 || s->next_seg == 0)
        rc = scan_segment(s, s->next_seg, 1);
    s->warning[0] = '\0';
    if (s->findings_cut)
        snprintf(s->warning, sizeof s->warning,
                 "stopped at %d findings (limit): the rest of the input was not examined",
                 TT_LIMIT_FINDINGS);
    else if (s->hits_cut)
        snprintf(s->warning, sizeof s->warning,
                 "more than %zu fingerprint hits in one %zu MiB stretch: part of the input was "
                 "not examined (limit)",
                 TT_LIMIT_HITS, TT_SCAN_SEGMENT >> 20);
    s->findings_cut = s->hits_cut = 0;
    if (!rc) {
        if (s->nf > 1)
            qsort(s->f, s->nf, sizeof *s->f, cmp_finding);
        *out = s->f;
        *out_n = s->nf;
        s->f = NULL;
        s->nf = s->fcap = 0;
    }
    tt_buf_release(&s->seg);
    s->seg_base = s->fed = s->next_seg = 0;
    return rc;
}

/* ---- candidates for verify and trace ---- */

static int
cmp_cand(const void *a, const void *b)
{
    const tt_candidate *x = a, *y = b;
    if (x->best_hits != y->best_hits)
        return x->best_hits > y->best_hits ? -1 : 1;
    if (x->hits != y->hits)
        return x->hits > y->hits ? -1 : 1;
    return strcmp(x->doc, y->doc);
}

int
tt_detect__candidates_ix(const tt_index *ix, const char *text, size_t len, tt_candidate **out,
                         size_t *out_n, tt_err *err)
{
    *out = NULL;
    *out_n = 0;
    tt_hits w;
    memset(&w, 0, sizeof w);
    size_t nfp, nfx, n = 0, cap = 0, fxcap = 0;
    tt_fpx *fx = NULL;
    tt_candidate *c = NULL;
    int cut = 0; /* past TT_LIMIT_HITS the candidates rest on the hits of the first part */
    int rc = collect_hits(ix, text, len, 0, &w, &nfp, &fx, &nfx, &fxcap, UINT32_MAX, NULL, NULL,
                          NULL, &cut);
    /* verify/trace: every hit counts */
    if (!rc)
        rc = tt_hits__group(&w, fx, ix->ndocs, 2, NULL, 0);
    free(fx);
    for (size_t i = 0; !rc && i < w.ncl; i++) {
        const tt_cluster *cl = &w.cl[i];
        /* clusters come by document: a document seen before is the last one */
        size_t k = n;
        if (n && c[n - 1].row == (int64_t)cl->doc)
            k = n - 1;
        if (k == n) {
            if (tt__grow(&c, &cap, n + 1, sizeof *c)) {
                rc = TT_ENOMEM;
                break;
            }
            memset(&c[n], 0, sizeof c[n]);
            c[n].row = (int64_t)cl->doc; /* the index slot, for now */
            n++;
        }
        c[k].hits += cl->nhits;
        if (cl->nhits > c[k].best_hits) {
            c[k].best_hits = cl->nhits;
            const hit *h = w.h + cl->first;
            c[k].leak_start = h[0].lbyte;
            c[k].leak_end = h[0].lend;
            for (size_t j = 0; j < cl->count; j++) {
                c[k].leak_start = TT_MIN(c[k].leak_start, h[j].lbyte);
                c[k].leak_end = TT_MAX(c[k].leak_end, h[j].lend);
            }
        }
    }
    tt_hits__release(&w);
    if (rc) {
        free(c);
        return tt__error(err, rc, "out of memory finding candidates");
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].best_hits < 2)
            continue;
        const tt_index_doc *d = &ix->docs[c[i].row];
        c[o] = c[i];
        snprintf(c[o].doc, sizeof c[o].doc, "%s", d->id);
        c[o].row = d->row;
        o++;
    }
    if (o > 1)
        qsort(c, o, sizeof *c, cmp_cand);
    if (o == 0) {
        free(c);
        c = NULL;
    }
    *out = c;
    *out_n = o;
    return 0;
}

int
tt_detect__candidates(tt_vault *v, const char *text, size_t len, tt_candidate **out,
                      size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    tt_index *ix;
    int rc = tt_index_open(&ix, v);
    if (rc)
        return rc;
    rc = tt_detect__candidates_ix(ix, text, len, out, out_n, tt_vault__err(v));
    tt_index_free(ix);
    return rc;
}
