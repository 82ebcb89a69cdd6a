/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.h: self-contained HTML reports for verify, scan and trace.
 *
 * One HTML file with inline CSS and inline SVG: no script, no external resource (fonts,
 * images, style sheets), so it opens the same offline, in a mail client or a browser with
 * scripts disabled, and prints well (@media print).  Every byte of input (leak text, titles,
 * names, notes) is escaped: & < > " ' become references, NUL and other control characters
 * (except tab and line breaks) and invalid UTF-8 become U+FFFD, so no input can open a tag.
 *
 * The caller describes the report in a tt_report struct (borrowed strings, nothing owned);
 * tt_report_html() writes it.  tt_verify_report_html() fills one from a verify result;
 * a tt_scan_report collects the findings of a scan and writes them as one page.
 */
#ifndef TELLTALE_REPORT_H
#define TELLTALE_REPORT_H

#include <stddef.h>

#include "telltale/scan.h"
#include "telltale/telltale.h"
#include "telltale/verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A marked stretch of the text shown: kind is enum tt_span_kind (verify.h); for ALTERED the
 * original is shown beside it, for MISSING (an empty span) the cut text. */
typedef struct tt_report_span {
    size_t start, end;    /* bytes of text */
    int kind;             /* enum tt_span_kind */
    const char *original; /* ALTERED, MISSING: the document's text; else NULL */
    const char *note;     /* a short label ("number", "name"), or NULL */
} tt_report_span;

/* Span kinds of a trace report (beside enum tt_span_kind): a slot that was read, as the
 * compared copy has it or not, read with no copy to compare, or covered but unreadable. */
enum tt_report_slot_kind {
    TT_REPORT_SLOT_AGREES = 16,
    TT_REPORT_SLOT_DIFFERS = 17,
    TT_REPORT_SLOT_READ = 18,
    TT_REPORT_SLOT_UNREADABLE = 19,
};

/* One row of a table of facts ("document", "verdict", ...). */
typedef struct tt_report_fact {
    const char *key, *value;
} tt_report_fact;

/* One bar of the suspect chart (trace). */
typedef struct tt_report_suspect {
    const char *name;
    double score;
    int accused;
} tt_report_suspect;

typedef struct tt_report {
    const char *title;    /* "telltale verify: leak.txt" */
    const char *headline; /* one sentence: the answer ("Altered: 2 changes") */
    int alarm;            /* headline in the alarm colour */
    const tt_report_fact *facts;
    size_t nfacts;
    /* the text with its marked spans (spans in order, not overlapping; bytes outside any
     * span are shown plain) */
    const char *text;
    size_t text_len;
    const tt_report_span *spans;
    size_t nspans;
    /* a table of changes, original -> leaked (shown when show_changes, even if empty) */
    int show_changes;
    const tt_change *changes;
    size_t nchanges;
    /* trace: scores of suspects against the threshold, drawn as a bar chart */
    const tt_report_suspect *suspects;
    size_t nsuspects;
    double threshold;
    /* trace: the text's spans are slots (enum tt_report_slot_kind), compared with the copy
     * of slots_owner (NULL: nobody's); the legend says so */
    int slot_spans;
    const char *slots_owner;
} tt_report;

/* Write the report as HTML into *out (NUL-terminated, the caller frees; *out_len may be NULL).
 * Returns 0, TT_EINVAL (a span out of range or out of order) or TT_ENOMEM. */
TT_API int tt_report_html(const tt_report *rep, char **out, size_t *out_len);

/* The HTML report of a verify result; source names the leak (a file name). */
TT_API int tt_verify_report_html(const tt_verify_result *r, const char *source, char **out,
                                 size_t *out_len);

/*
 * The findings of a scan as one page: a summary table, then each finding with its source
 * and item, the document, matched words, coverage, chance score and byte spans, and (unless
 * redacted) the matched passage of the item with every word compared to the document's
 * passage (the same marks as verify: noise or variant, altered with the original, inserted,
 * missing) beside the document's passage.  Redacted (the scan --redact contract): no title,
 * no text of the item or of the document, only ids, numbers, offsets and fingerprints.
 * tt_scan_report_add() copies what it needs (the finding stays the caller's); it is not
 * thread-safe: callers that scan in threads add under their own lock.  Findings are shown
 * grouped by source, in the order they were added within a source.
 */
typedef struct tt_scan_report tt_scan_report;
TT_API int tt_scan_report_new(tt_scan_report **out, int redact);
/* passage: the finding's passage compared with the document's (tt_verify_text of
 * f->leak_text against f->doc_text), which the report takes over and frees, also on failure;
 * NULL shows no passage (a redacted report ignores it).  The renderer runs no analysis. */
TT_API int tt_scan_report_add(tt_scan_report *r, const char *source, const char *item,
                              const tt_finding *f, tt_verify_result *passage);
/* inputs: how many inputs were scanned (for the headline).  0, TT_ENOMEM. */
TT_API int tt_scan_report_html(const tt_scan_report *r, size_t inputs, char **out,
                               size_t *out_len);
TT_API void tt_scan_report_free(tt_scan_report *r);

#ifdef __cplusplus
}
#endif
#endif
