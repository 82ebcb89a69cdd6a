/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.h: self-contained HTML reports for verify, scan and trace.
 *
 * One HTML file with inline CSS and inline SVG: no script, no external resource (fonts,
 * images, style sheets; a page image is embedded as a data: URI, the only image source the
 * page's Content-Security-Policy admits), so it opens the same offline, in a mail client or a browser with
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
    /* a PDF or an image: the page with the matched words outlined, or NULL */
    const struct tt_report_page *page;
} tt_report;

/* Where a report comes from, for an officer who forwards it: when it was made (the caller's
 * clock, ISO 8601 UTC: the library reads none) and the vault's key id (tt_vault_key_id()).
 * Either may be NULL (not shown).  Options start from TT_REPORT_ORIGIN_INIT. */
typedef struct tt_report_origin {
    unsigned version;   /* TT_REPORT_ORIGIN_VERSION */
    const char *made;   /* "2026-11-27T18:20:37Z" */
    const char *key_id; /* the vault's key id */
} tt_report_origin;
#define TT_REPORT_ORIGIN_VERSION 1u
#define TT_REPORT_ORIGIN_INIT {.version = TT_REPORT_ORIGIN_VERSION}

/* A page image shown in a report, the words that matched outlined: a PNG (tt_extract_page_png())
 * and the boxes, in its pixels, of the matched words (four ints per box: x0, y0, x1, y1),
 * of page number `page` (0-based).  The report embeds the PNG as a data: URI; a redacted scan
 * report never shows it. */
typedef struct tt_report_page {
    const void *png;
    size_t png_len;
    int width, height; /* of the PNG */
    const int *boxes;  /* nboxes * 4 ints */
    size_t nboxes;
    unsigned page;
} tt_report_page;

/* The item a finding or a verified text was read from: the input, the item's id in it and
 * what the source says of it (telltale/source.h: author, date, url, attachment), each NULL
 * when unknown.  A url is shown as a link only when it is http or https.  Options start from
 * TT_REPORT_ITEM_INIT. */
typedef struct tt_report_item {
    unsigned version;       /* TT_REPORT_ITEM_VERSION */
    const char *source;     /* the input's name (a file name, "standard input") */
    const char *item;       /* the item's id in the source, or NULL */
    const char *author;
    const char *date;
    const char *url;
    const char *attachment; /* an attachment's path in the export, or NULL */
    const tt_report_page *page; /* a PDF or an image: the page the match is on, or NULL */
} tt_report_item;
#define TT_REPORT_ITEM_VERSION 1u
#define TT_REPORT_ITEM_INIT {.version = TT_REPORT_ITEM_VERSION}

/* Write the report as HTML into *out (NUL-terminated, the caller frees; *out_len may be NULL).
 * Returns 0, TT_EINVAL (a span out of range or out of order) or TT_ENOMEM. */
TT_API int tt_report_html(const tt_report *rep, char **out, size_t *out_len);

/* The HTML report of a verify result; source names the leak (a file name). */
TT_API int tt_verify_report_html(const tt_verify_result *r, const char *source, char **out,
                                 size_t *out_len);
/* The same with the item's metadata (it: NULL, or as for tt_verify_report_html() with
 * it->source) and the report's origin (NULL: not shown).  TT_EINVAL for an unknown version. */
TT_API int tt_verify_report_html_item(const tt_verify_result *r, const tt_report_item *it,
                                      const tt_report_origin *origin, char **out,
                                      size_t *out_len);

/*
 * The findings of a scan as one page: a summary table, then each finding with its source
 * and item (with the item's author, date and url when known; the summary links to each
 * finding), the document, matched words, coverage, chance score and byte spans, and (unless
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
/* The same with the item's metadata (author, date, url: shown in the summary and the
 * finding).  TT_EINVAL for an unknown version (the passage is freed). */
TT_API int tt_scan_report_add_item(tt_scan_report *r, const tt_report_item *it,
                                   const tt_finding *f, tt_verify_result *passage);
/* Say in the page when and from which vault the report was made (copied; NULL clears).
 * 0, TT_EINVAL (unknown version), TT_ENOMEM. */
TT_API int tt_scan_report_set_origin(tt_scan_report *r, const tt_report_origin *origin);
/* inputs: how many inputs were scanned (for the headline).  0, TT_ENOMEM. */
TT_API int tt_scan_report_html(const tt_scan_report *r, size_t inputs, char **out,
                               size_t *out_len);
TT_API void tt_scan_report_free(tt_scan_report *r);

#ifdef __cplusplus
}
#endif
#endif
