/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_internal.h: what verify and trace use of the detector: which registered documents a text
 * matches, best first.  Implemented in scan.c.
 */
#ifndef TT_SCAN_INTERNAL_H
#define TT_SCAN_INTERNAL_H

#include "common.h"
#include "telltale/scan.h"
#include "telltale/vault.h"

typedef struct tt_candidate {
    char doc[24];       /* document id */
    int64_t row;        /* its database row (0 for in-memory indexes) */
    size_t hits;        /* fingerprints of the text found in the document */
    size_t best_hits;   /* hits in the largest consistent cluster (same order, same offset) */
    uint64_t leak_start, leak_end; /* byte span of that cluster in the text */
} tt_candidate;

/* The registered documents text[0..len) shares fingerprints with, ordered by best_hits then
 * hits (descending), then id; only documents with best_hits >= 2 are listed.  Loads the index
 * of v (refreshing it first).  *out is malloc'd (free() it), *out_n its length.  Errors on v. */
int tt_detect__candidates(tt_vault *v, const char *text, size_t len, tt_candidate **out,
                          size_t *out_n);
/* The same with an index already loaded (v unused, may be NULL). */
int tt_detect__candidates_ix(const tt_index *ix, const char *text, size_t len,
                             tt_candidate **out, size_t *out_n, tt_err *err);

/* Scanner internals for tests and benchmarks. */
typedef struct tt_scan_counters {
    size_t fingerprints; /* selected fingerprints scanned */
    size_t hits;         /* hits kept for clustering */
    size_t clusters;     /* clusters with min_hits distinct item positions */
    size_t verified;     /* of those, clusters that passed the unit extension check */
    size_t aligned;      /* word alignments run */
    size_t templated;    /* alignments dropped as templated near-duplicates */
    size_t common;       /* ... for too few words of evidence (ordinary language, identifiers,
                          * repeats, sorted lists: evidence_words) */
    size_t unlikely;     /* ... for a chance above the threshold */
    size_t vhist[33];    /* clusters by verified letters / 8 (the last: 256 or more) */
    size_t fhist[33];    /* findings by verified letters / 8 */
    size_t lhist[33];    /* lone hits held by one document, by verified letters / 8 */
    size_t lfhist[33];   /* findings of lone hits by verified letters / 8 */
} tt_scan_counters;
void tt_scan__counters(const tt_scanner *s, tt_scan_counters *out);
/* The fewest verified units (see scan.c) a cluster needs to be aligned; 0 disables the
 * check (for tests comparing with and without it). */
void tt_scan__set_ext_min(tt_scanner *s, unsigned units);
/* The pre-alignment check's extension of a match across small edits (scan.c: extend), for the
 * test that holds it to a plain reference. */
size_t tt_scan__extend(const uint8_t *A, int64_t na, int64_t i, const uint8_t *B, int64_t jlo,
                       int64_t jhi, int64_t j, int step, int resync, int64_t *jlast);

#endif
