/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mark.h: one document's marking context, shared by slots review, issue and trace: its text,
 * its slots under a set of options, and its code.  The options that decide the slots and
 * the code (channels, exclusions including the vetoes in force, canary pairs, collusion,
 * cutoff) are recorded with every copy as the `params` JSON, so trace rebuilds exactly the
 * code a copy was made with, even after the vetoes change.  Implemented by mark.c.
 */
#ifndef TT_MARK_H
#define TT_MARK_H

#include "tardos.h"
#include "common.h"
#include "slots.h"
#include "telltale/issue.h"
#include "telltale/vault.h"

typedef struct tt_mark {
    int64_t row;        /* document row */
    char doc[24];       /* document id */
    int markdown;       /* copies are .md */
    int pdf;            /* copies are print-ready PDFs (print.h) */
    int paper;          /* TT_PAPER_* for pdf */
    char *label;        /* the document's label, else its title (a PDF copy's header) */
    char *text;         /* the document's text: the base of every copy */
    size_t len;
    unsigned channels;
    unsigned collusion;
    unsigned table;     /* variant table version (variants.h) the slots come from */
    double cutoff;
    unsigned law;       /* TT_LAW_* (tardos.h); params "law": "discrete", absent: arcsine */
    char **excl;        /* exclusions in force (vetoes, then options) */
    size_t nexcl;
    char **can_from, **can_to;
    size_t ncan;
    tt_slots slots;
    tt_tardos *code;      /* NULL until tt_mark__code() */
} tt_mark;

/* Build the context of document doc under opts (vetoes from the vault added to the
 * exclusions).  Errors on v. */
int tt_mark__open(tt_mark *m, tt_vault *v, const char *doc, const tt_mark_opts *opts);
/* Rebuild the context a copy was issued with, from its row's channels and params.  Checks
 * the slot count and code digest recorded there: TT_EFORMAT when they differ. */
int tt_mark__open_params(tt_mark *m, tt_vault *v, int64_t doc_row, const char *channels,
                         const char *params);
/* Derive the code (once). */
int tt_mark__code(tt_mark *m, tt_vault *v);
/* The params JSON recorded with each copy (malloc'd); needs the code. */
char *tt_mark__params(const tt_mark *m);
void tt_mark__release(tt_mark *m);

#endif
