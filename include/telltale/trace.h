/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trace.h: who leaked it?  Given a leaked text, find the registered document it comes from,
 * align it to the original, read each slot the leak covers as 0, 1 or unreadable, and score
 * every recipient of a copy of that document with the symmetric Tardos score.
 *
 * The accusation rule is rigorous: an innocent recipient's bits are independent of the leak
 * (whatever the leakers did), so a Chernoff bound on an innocent's score, computed from the
 * observed slots and their biases alone, bounds the chance that an innocent scores as high.
 * A recipient is accused only when (number of copies) x bound <= max_false, so the chance
 * that anyone innocent is accused in this case is at most max_false.
 *
 * Errors are recorded on the vault handle (tt_vault_errmsg()).
 */
#ifndef TELLTALE_TRACE_H
#define TELLTALE_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"
#include "telltale/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Start from TT_TRACE_OPTS_INIT; version says which fields the caller knows (git-style):
 * another version is TT_EINVAL. */
typedef struct tt_trace_opts {
    unsigned version;  /* TT_TRACE_OPTS_VERSION */
    const char *doc;   /* the document (id or prefix); NULL: detect it */
    double max_false;  /* total false-accusation probability; <= 0 means 1e-6 */
    size_t top;        /* suspects to report besides the accused; 0 means 10 */
    const char *source;/* what the text is (a file name), for the audit log; may be NULL */
} tt_trace_opts;
#define TT_TRACE_OPTS_VERSION 1u
#define TT_TRACE_OPTS_INIT {.version = TT_TRACE_OPTS_VERSION}

typedef struct tt_trace tt_trace;

typedef struct tt_suspect {
    const char *recipient; /* owned by the trace */
    double score;          /* symmetric Tardos score over the observed slots */
    double p_value;        /* Chernoff bound on an innocent scoring this much */
    double threshold;      /* the score that accuses, for this recipient's copy */
    int accused;
    long long copy;        /* the copy's record: a recipient holding several copies (issued
                            * with different params) is scored once per copy */
    const char *issued;    /* when that copy was issued (UTC, ISO 8601); owned by the trace */
} tt_suspect;

/* One slot of the document as read in the leak. */
typedef struct tt_reading {
    size_t leak_start, leak_end; /* bytes of the leak the slot's window covers */
    int bit;                     /* 0, 1 (a slot of more variants: 0 .. 5), or -1 unreadable */
    const char *rule;
    int agrees;                  /* read as the copy of tt_trace_readings_owner() has it: 1;
                                  * read otherwise: 0; unreadable: -1 */
} tt_reading;

/* Trace text[0..len).  *out receives a result even when no document is found (then
 * tt_trace_doc() is NULL).  Returns 0, or a negative TT_E* with the message on v:
 * TT_EEMPTY when the text has no words at all (an empty or blank file), as verify. */
TT_API int tt_trace_run(tt_vault *v, const char *text, size_t len, const tt_trace_opts *opts,
                        tt_trace **out);
TT_API void tt_trace_free(tt_trace *t);

/* The text that was traced: the input itself, or for an HTML input (a .html/.htm source
 * name, or bytes starting with <!doctype or <html) the text a reader sees.  Reading offsets
 * (tt_reading) are into this text.  Owned by the trace. */
TT_API const char *tt_trace_text(const tt_trace *t, size_t *out_len);

/* The recipient of the strongest copy among those the readings belong to (the accused,
 * when someone is), whose bits tt_reading.agrees compares with; NULL when none. */
TT_API const char *tt_trace_readings_owner(const tt_trace *t);

/* The document id, or NULL when the text matches no registered document. */
TT_API const char *tt_trace_doc(const tt_trace *t);
/* Copies of the document on record (the n in n x bound). */
TT_API size_t tt_trace_copies(const tt_trace *t);
/* Slots whose window the aligned leak covers, and of those the ones read as 0 or 1. */
TT_API size_t tt_trace_covered_slots(const tt_trace *t);
TT_API size_t tt_trace_observed_slots(const tt_trace *t);
/* Words of the leak aligned to the document. */
TT_API size_t tt_trace_aligned_words(const tt_trace *t);
/* When nobody is accused: a rough estimate of how many more aligned words, at this leak's
 * rate of readable slots, would let a lone leaker be named (0 when someone is accused or
 * when the leak shows no readable slot at all, then SIZE_MAX). */
TT_API size_t tt_trace_words_needed(const tt_trace *t);
/* Traces of the same document the audit log held before this one (each a chance to accuse
 * an innocent: over these N traces and this one the chance that any named an innocent is at
 * most (N + 1) x max_false, the union bound), and in *same_text (when not NULL) how many of
 * them traced exactly this text (its SHA-256).  Recorded in this trace's audit entry as
 * "earlier_traces" and "earlier_same_text". */
TT_API size_t tt_trace_earlier_traces(const tt_trace *t, size_t *same_text);
TT_API size_t tt_trace_nsuspects(const tt_trace *t);
/* Suspects strongest first (smallest p_value). */
TT_API void tt_trace_suspect(const tt_trace *t, size_t i, tt_suspect *out);
TT_API size_t tt_trace_accused(const tt_trace *t);
/* The readings of the copy group with the most observed slots (for reports). */
TT_API size_t tt_trace_nreadings(const tt_trace *t);
TT_API void tt_trace_reading(const tt_trace *t, size_t i, tt_reading *out);

#ifdef __cplusplus
}
#endif
#endif
