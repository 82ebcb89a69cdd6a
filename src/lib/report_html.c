/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report_html.c: the self-contained HTML report (report.h).
 *
 * Invariants: everything not written by this file as a literal goes through esc(), which
 * emits valid UTF-8 in which '<', '>', '&', '"' and '\'' never appear (they become
 * references) and NUL, C0 and C1 controls other than tab and line breaks, and every byte of
 * invalid UTF-8, become U+FFFD.  Numbers are printed with "%.*f" into the SVG.  So the only
 * tags in the output are this file's own (fuzz/fuzz_html_report.c checks it).  Invisible
 * format characters (tt_utf8_invisible(): zero-width spaces and joiners, word joiner, bidi
 * marks, embeddings, overrides and isolates, soft hyphen, BOM, variation selectors, tags) are
 * dropped, so none can reorder what the reader sees
 * (the "Trojan Source" trick) or hide inside a word; the verify report says how many there
 * were (a marked copy has two in every word gap).  Showing each as a marker would be markup
 * that depends on input, which this file never writes.  The page has
 * a Content-Security-Policy that forbids scripts and every external load, as a second fence
 * (images only as data: URIs: the page image of a PDF or a photo, base64 of bytes checked to
 * be a PNG, its outlines numbers clipped to the image).
 * Workload: linear in the text; a 1 MB leak makes a report of a few MB.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "common.h"
#include "report_internal.h"
#include "telltale/report.h"
#include "telltale/verify.h"
#include "utf8.h"

size_t
tt_report__count_invisible(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = tt_utf8__decode((const unsigned char *)s + i, n - i, &cp);
        if (k <= 0)
            k = 1;
        else
            c += tt_utf8_invisible(cp) != 0;
        i += (size_t)k;
    }
    return c;
}

/* Escape s[0..n) for HTML text and attribute values. */
static int
esc(tt_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* copy a run of plain ASCII at once */
        size_t j = i;
        while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '&' && p[j] != '<' &&
               p[j] != '>' && p[j] != '"' && p[j] != '\'')
            j++;
        if (j > i && tt_buf_add(b, s + i, j - i) != 0)
            return TT_ENOMEM;
        i = j;
        if (i >= n)
            break;
        uint32_t cp;
        int k = tt_utf8__decode(p + i, n - i, &cp);
        if (k <= 0)
            k = 1;
        const char *rep = NULL;
        switch (cp) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\t':
        case '\n':
            break;
        case '\r':
            rep = ""; /* CR LF and lone CR: the LF (or nothing) stands */
            break;
        case 0x2028:
        case 0x2029:
            rep = "\n";
            break;
        default:
            if (tt_utf8_invisible(cp))
                rep = ""; /* dropped: see the file comment */
            else
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfffe || cp == 0xffff)
                cp = TT_UTF8_REPLACEMENT;
        }
        int rc;
        if (rep)
            rc = tt_buf_adds(b, rep);
        else if (cp == TT_UTF8_REPLACEMENT)
            rc = tt_buf_adds(b, "\xef\xbf\xbd");
        else
            rc = tt_buf_add(b, s + i, (size_t)k);
        if (rc != 0)
            return TT_ENOMEM;
        i += (size_t)k;
    }
    return 0;
}

static int
escs(tt_buf *b, const char *s)
{
    return s ? esc(b, s, strlen(s)) : 0;
}

static const char css[] =
    "body{font:15px/1.5 Georgia,'Times New Roman',serif;color:#111;background:#fff;"
    "max-width:60em;margin:2em auto;padding:0 1em}"
    "h1{font:bold 1.3em sans-serif;margin:0 0 .3em}h2{font:bold 1.05em sans-serif;"
    "border-bottom:1px solid #999;margin-top:1.6em}"
    ".headline{font:bold 1.15em sans-serif;padding:.5em .8em;border-left:6px solid #2a7d2a;"
    "background:#eef7ee}.headline.alarm{border-color:#b00;background:#fbeaea}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.25em .6em;"
    "text-align:left;vertical-align:top}th{background:#f0f0f0;font-family:sans-serif}"
    "table.facts th{width:12em}"
    ".leak{white-space:pre-wrap;word-wrap:break-word;overflow-wrap:anywhere;font:14px/1.6 "
    "'DejaVu Sans Mono',monospace;border:1px solid #ccc;padding:1em;background:#fcfcfc}"
    ".out{color:#777}.noise{border-bottom:1px dotted #999}"
    "mark.alt{background:#ffd24d;color:#000;font-weight:bold;text-decoration:underline}"
    ".was{color:#b00;font-weight:bold;font-size:.9em}"
    "mark.ins{background:#a8d8ff;color:#000}"
    ".lbl{font:bold .75em sans-serif;color:#fff;background:#555;padding:0 .3em;"
    "border-radius:3px;margin:0 .2em}.lbl.alt{background:#b00}.lbl.ins{background:#05a}"
    ".lbl.cut{background:#7a3d00}"
    ".miss{color:#7a3d00;text-decoration:line-through;background:#f3e4d4}"
    ".legend span{margin-right:1.2em}"
    "mark.agree{background:#bfe6b5;color:#000}mark.differ{background:#f5c0c0;color:#000}"
    "mark.read{background:#dfe3ea;color:#000}.unread{border-bottom:2px dashed #999}"
    "svg text{font:12px sans-serif}"
    "svg.page{display:block;max-width:100%;height:auto;border:1px solid #bbb;margin:.5em 0}"
    "svg.page rect{fill:#ffd24d;fill-opacity:.3;stroke:#d00;stroke-width:2}"
    "footer{margin-top:2em;color:#666;font:.85em sans-serif}"
    "@media print{body{margin:0;max-width:none;font-size:11pt}.leak{border:none;padding:0;"
    "background:none}mark.alt,mark.ins,.miss,.lbl{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}h2{break-after:avoid}tr,svg{break-inside:avoid}}";

static const char *
kind_class(int kind)
{
    switch (kind) {
    case TT_CHANGE_ALTERED:
        return "alt";
    case TT_CHANGE_INSERTED:
        return "ins";
    default:
        return "cut";
    }
}

static int
write_changes(tt_buf *b, const tt_report *rep)
{
    int rc = 0;
    rc |= tt_buf_adds(b, "<h2>Changes</h2>\n");
    if (rep->nchanges == 0)
        return rc | tt_buf_adds(b, "<p>None: every aligned word of the text is the document's "
                                   "(up to formatting, marking variants and typing noise).</p>\n");
    rc |= tt_buf_adds(b, "<table class=\"changes\"><tr><th>#</th><th>change</th><th>about</th>"
                         "<th>original (document)</th><th>leaked (this text)</th>"
                         "<th>bytes in text</th></tr>\n");
    for (size_t k = 0; k < rep->nchanges && rc == 0; k++) {
        const tt_change *c = &rep->changes[k];
        rc |= tt_buf_printf(b, "<tr><td>%zu</td><td><span class=\"lbl %s\">%s</span></td><td>",
                            k + 1, kind_class(c->kind), tt_change_kind_name(c->kind));
        rc |= escs(b, c->what);
        rc |= tt_buf_adds(b, "</td><td>");
        rc |= *c->original ? escs(b, c->original) : tt_buf_adds(b, "<i>(nothing)</i>");
        rc |= tt_buf_adds(b, "</td><td>");
        rc |= *c->leaked ? escs(b, c->leaked) : tt_buf_adds(b, "<i>(nothing)</i>");
        rc |= tt_buf_printf(b, "</td><td>%zu&ndash;%zu</td></tr>\n", c->leak_start, c->leak_end);
    }
    return rc | tt_buf_adds(b, "</table>\n");
}

static int
write_legend(tt_buf *b)
{
    return tt_buf_adds(b, "<p class=\"legend\">"
                         "<span>plain: the document's words</span>"
                         "<span class=\"out\">grey: outside the matched passages</span>"
                         "<span><mark class=\"alt\">altered</mark><span class=\"was\"> "
                         "(was: original)</span></span>"
                         "<span><mark class=\"ins\">inserted</mark></span>"
                         "<span class=\"miss\">missing</span>"
                         "<span class=\"noise\">noise or variant</span></p>\n");
}

/* trace: the legend of the slots that spoke. */
static int
write_slot_legend(tt_buf *b, const tt_report *rep)
{
    int rc = tt_buf_adds(b, "<p class=\"legend\"><span>plain: words that carry no mark</span>");
    if (rep->slots_owner) {
        rc |= tt_buf_adds(b, "<span><mark class=\"agree\">slot read, as in ");
        rc |= escs(b, rep->slots_owner);
        rc |= tt_buf_adds(b, "'s copy</mark></span><span><mark class=\"differ\">slot read, "
                             "not as in ");
        rc |= escs(b, rep->slots_owner);
        rc |= tt_buf_adds(b, "'s copy</mark></span>");
    } else {
        rc |= tt_buf_adds(b, "<span><mark class=\"read\">slot read</mark></span>");
    }
    return rc | tt_buf_adds(b, "<span class=\"unread\">slot covered, unreadable (not used)</span>"
                               "<span>hover a slot for its rule and the bit read</span></p>\n");
}

/* The text with its spans marked, in a <div class="leak">. */
static int
write_marked(tt_buf *b, const tt_report *rep)
{
    int rc = tt_buf_adds(b, "<div class=\"leak\">");
    size_t pos = 0;
    for (size_t k = 0; k < rep->nspans && rc == 0; k++) {
        const tt_report_span *s = &rep->spans[k];
        if (s->start > pos)
            rc |= esc(b, rep->text + pos, s->start - pos);
        const char *t = rep->text + s->start;
        size_t n = s->end - s->start;
        switch (s->kind) {
        case TT_SPAN_OUTSIDE:
            rc |= tt_buf_adds(b, "<span class=\"out\">");
            rc |= esc(b, t, n);
            rc |= tt_buf_adds(b, "</span>");
            break;
        case TT_SPAN_NOISE:
            rc |= tt_buf_adds(b, "<span class=\"noise\">");
            rc |= esc(b, t, n);
            rc |= tt_buf_adds(b, "</span>");
            break;
        case TT_SPAN_ALTERED:
            rc |= tt_buf_adds(b, "<mark class=\"alt\">");
            rc |= esc(b, t, n);
            if (s->original && *s->original) {
                rc |= tt_buf_adds(b, "</mark><span class=\"was\"> (was: ");
                rc |= escs(b, s->original);
                rc |= tt_buf_adds(b, ")</span>");
            } else {
                rc |= tt_buf_adds(b, "</mark><span class=\"was\"> (not in the document)</span>");
            }
            if (s->note) {
                rc |= tt_buf_adds(b, "<span class=\"lbl alt\">");
                rc |= escs(b, s->note);
                rc |= tt_buf_adds(b, "</span>");
            }
            break;
        case TT_SPAN_INSERTED:
            rc |= tt_buf_adds(b, "<span class=\"lbl ins\">inserted</span><mark class=\"ins\">");
            rc |= esc(b, t, n);
            rc |= tt_buf_adds(b, "</mark>");
            break;
        case TT_SPAN_MISSING:
            rc |= tt_buf_adds(b, "<span class=\"lbl cut\">missing</span><span class=\"miss\">");
            rc |= escs(b, s->original);
            rc |= tt_buf_adds(b, "</span>");
            break;
        case TT_REPORT_SLOT_AGREES:
        case TT_REPORT_SLOT_DIFFERS:
        case TT_REPORT_SLOT_READ:
        case TT_REPORT_SLOT_UNREADABLE: {
            static const char *const open[] = {"<mark class=\"agree\"", "<mark class=\"differ\"",
                                               "<mark class=\"read\"", "<span class=\"unread\""};
            int k2 = s->kind - TT_REPORT_SLOT_AGREES;
            rc |= tt_buf_adds(b, open[k2]);
            if (s->note) {
                rc |= tt_buf_adds(b, " title=\"");
                rc |= escs(b, s->note);
                rc |= tt_buf_adds(b, "\"");
            }
            rc |= tt_buf_adds(b, ">");
            rc |= esc(b, t, n);
            rc |= tt_buf_adds(b, k2 == 3 ? "</span>" : "</mark>");
            break;
        }
        default:
            rc |= esc(b, t, n);
        }
        pos = s->end;
    }
    if (rc == 0 && pos < rep->text_len)
        rc |= esc(b, rep->text + pos, rep->text_len - pos);
    return rc | tt_buf_adds(b, "</div>\n");
}

static int
write_text(tt_buf *b, const tt_report *rep)
{
    int rc = tt_buf_adds(b, "<h2>The text, marked</h2>\n");
    rc |= rep->slot_spans ? write_slot_legend(b, rep) : write_legend(b);
    return rc | write_marked(b, rep);
}

static int
write_chart(tt_buf *b, const tt_report *rep)
{
    /* LABEL: room right of the longest bar for its value and "accused" */
    enum { MAXBARS = 40, BAR = 22, LEFT = 170, WIDTH = 640, LABEL = 110 };
    size_t n = TT_MIN(rep->nsuspects, (size_t)MAXBARS);
    double lo = 0, hi = rep->threshold > 0 ? rep->threshold : 0;
    for (size_t k = 0; k < n; k++) {
        double s = rep->suspects[k].score;
        if (!isfinite(s))
            continue;
        lo = TT_MIN(lo, s);
        hi = TT_MAX(hi, s);
    }
    if (hi - lo <= 0)
        hi = lo + 1;
    hi += (hi - lo) * 0.08;
    double plot = WIDTH - LEFT - LABEL;
#define XPOS(v) (LEFT + ((v) - lo) / (hi - lo) * plot)
    int rc = 0;
    int height = (int)n * BAR + 40;
    rc |= tt_buf_adds(b, "<h2>Suspects</h2>\n");
    rc |= tt_buf_printf(b,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"suspect scores\">\n",
                        WIDTH, height, WIDTH, height);
    for (size_t k = 0; k < n && rc == 0; k++) {
        const tt_report_suspect *s = &rep->suspects[k];
        double v = isfinite(s->score) ? s->score : 0;
        double x0 = XPOS(TT_MIN(0.0, v)), x1 = XPOS(TT_MAX(0.0, v));
        int y = (int)k * BAR + 10;
        rc |= tt_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LEFT - 6, y + 15);
        rc |= escs(b, s->name);
        rc |= tt_buf_adds(b, "</text>");
        rc |= tt_buf_printf(b,
                            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                            "<text x=\"%.1f\" y=\"%d\">%.2f%s</text>\n",
                            x0, y + 3, x1 - x0 < 0.5 ? 0.5 : x1 - x0, BAR - 6,
                            s->accused ? "#b00" : "#7a8ca0", x1 + 4, y + 15, v,
                            s->accused ? " accused" : "");
    }
    /* no threshold (nobody can be accused whatever the score): no line, rather than a
     * "threshold 0.00" that every bar crosses */
    double tx = XPOS(rep->threshold);
    if (rep->threshold > 0)
        rc |= tt_buf_printf(b,
                            "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" "
                            "stroke-dasharray=\"5,3\"/><text x=\"%.1f\" y=\"%d\" "
                            "text-anchor=\"middle\">threshold %.2f</text>\n",
                            tx, tx, (int)n * BAR + 12, tx, (int)n * BAR + 30, rep->threshold);
#undef XPOS
    if (rep->nsuspects > n)
        rc |= tt_buf_printf(b, "<text x=\"%d\" y=\"%d\">(%zu more not shown)</text>\n", LEFT,
                            height - 2, rep->nsuspects - n);
    return rc | tt_buf_adds(b, "</svg>\n");
}

/* The page up to the headline. */
static int
write_head(tt_buf *b, const char *title, const char *headline, int alarm)
{
    int rc = 0;
    rc |= tt_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                         "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
    rc |= escs(b, title ? title : "telltale report");
    rc |= tt_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
    rc |= escs(b, title ? title : "telltale report");
    rc |= tt_buf_adds(b, "</h1>\n");
    if (headline) {
        rc |= tt_buf_printf(b, "<p class=\"headline%s\">", alarm ? " alarm" : "");
        rc |= escs(b, headline);
        rc |= tt_buf_adds(b, "</p>\n");
    }
    return rc;
}

/* 1 if s is an http or https address: the only kind shown as a link (never javascript:,
 * data: or file:). */
static int
web_address(const char *s)
{
    return s && (strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0);
}

/* The address as a link when web_address(), else as text; escaped either way. */
static int
write_url(tt_buf *b, const char *url)
{
    int rc = 0;
    if (!web_address(url))
        return escs(b, url);
    rc |= tt_buf_adds(b, "<a href=\"");
    rc |= escs(b, url);
    rc |= tt_buf_adds(b, "\" rel=\"noreferrer\">");
    rc |= escs(b, url);
    return rc | tt_buf_adds(b, "</a>");
}

/* A table of facts; a fact keyed "URL" is written by write_url(). */
/* The page image with the words of the boxes outlined (what: "matched words", or for a trace
 * "words whose slots were read"): an inline SVG holding the PNG as a data: URI (the only
 * image the page's Content-Security-Policy lets in) and one rectangle per box, clipped to the
 * image.  Nothing when the bytes are not a PNG or the size is absurd. */
static int
write_page(tt_buf *b, const tt_report_page *pg, const char *what)
{
    static const unsigned char magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!pg || !pg->png || pg->png_len < 8 || memcmp(pg->png, magic, 8) != 0 ||
        pg->width <= 0 || pg->height <= 0 || pg->width > 100000 || pg->height > 100000 ||
        pg->png_len > (SIZE_MAX - 1) / 4 * 3 - 4)
        return 0;
    int rc = 0;
    rc |= tt_buf_printf(b, "<h3>Page %u of the input, the %s outlined (%zu)</h3>\n",
                        pg->page + 1, what, pg->nboxes);
    rc |= tt_buf_printf(b,
                        "<svg class=\"page\" xmlns=\"http://www.w3.org/2000/svg\" "
                        "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">"
                        "<image width=\"%d\" height=\"%d\" href=\"data:image/png;base64,",
                        pg->width, pg->height, pg->width, pg->height, pg->width, pg->height);
    size_t blen = sodium_base64_ENCODED_LEN(pg->png_len, sodium_base64_VARIANT_ORIGINAL);
    if (rc == 0 && tt_buf_grow(b, blen) == 0) {
        sodium_bin2base64(b->data + b->len, blen, pg->png, pg->png_len,
                          sodium_base64_VARIANT_ORIGINAL);
        b->len += blen - 1; /* without its NUL */
    } else {
        rc = TT_ENOMEM;
    }
    rc |= tt_buf_adds(b, "\"/>");
    for (size_t k = 0; k < pg->nboxes && rc == 0; k++) {
        const int *q = pg->boxes + 4 * k;
        int x0 = q[0] < 0 ? 0 : q[0], y0 = q[1] < 0 ? 0 : q[1];
        int x1 = q[2] > pg->width ? pg->width : q[2], y1 = q[3] > pg->height ? pg->height : q[3];
        if (x1 <= x0 || y1 <= y0)
            continue;
        rc |= tt_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", x0, y0,
                            x1 - x0, y1 - y0);
    }
    return rc | tt_buf_adds(b, "</svg>\n");
}

static int
write_facts(tt_buf *b, const tt_report_fact *facts, size_t n)
{
    int rc = 0;
    if (!n)
        return 0;
    rc |= tt_buf_adds(b, "<table class=\"facts\">\n");
    for (size_t k = 0; k < n && rc == 0; k++) {
        rc |= tt_buf_adds(b, "<tr><th>");
        rc |= escs(b, facts[k].key);
        rc |= tt_buf_adds(b, "</th><td>");
        if (facts[k].key && strcmp(facts[k].key, "URL") == 0)
            rc |= write_url(b, facts[k].value);
        else
            rc |= escs(b, facts[k].value);
        rc |= tt_buf_adds(b, "</td></tr>\n");
    }
    return rc | tt_buf_adds(b, "</table>\n");
}

static int
write_foot(tt_buf *b)
{
    return tt_buf_printf(b, "<footer>Written by telltale %s. This report is self-contained: "
                            "no scripts, no external resources.</footer>\n</body>\n</html>\n",
                         tt_version());
}

TT_API int
tt_report_html(const tt_report *rep, char **out, size_t *out_len)
{
    *out = NULL;
    /* spans in order, inside the text */
    size_t pos = 0;
    for (size_t k = 0; k < rep->nspans; k++) {
        if (rep->spans[k].start < pos || rep->spans[k].end < rep->spans[k].start ||
            rep->spans[k].end > rep->text_len)
            return TT_EINVAL;
        pos = rep->spans[k].end;
    }
    tt_buf b;
    tt_buf_init(&b);
    int rc = 0;
    rc |= write_head(&b, rep->title, rep->headline, rep->alarm);
    rc |= write_facts(&b, rep->facts, rep->nfacts);
    if (rep->suspects && rc == 0)
        rc |= write_chart(&b, rep);
    if (rep->page && rc == 0)
        rc |= write_page(&b, rep->page,
                         rep->slot_spans ? "words whose slots were read" : "matched words");
    if (rep->show_changes && rc == 0)
        rc |= write_changes(&b, rep);
    if (rep->text && rc == 0)
        rc |= write_text(&b, rep);
    rc |= write_foot(&b);
    if (rc != 0) {
        tt_buf_release(&b);
        return TT_ENOMEM;
    }
    *out = tt_buf_detach(&b, out_len);
    return 0;
}

TT_API int
tt_verify_report_html(const tt_verify_result *r, const char *source, char **out,
                      size_t *out_len)
{
    tt_report_item it = TT_REPORT_ITEM_INIT;
    it.source = source;
    return tt_verify_report_html_item(r, &it, NULL, out, out_len);
}

TT_API int
tt_verify_report_html_item(const tt_verify_result *r, const tt_report_item *it,
                           const tt_report_origin *origin, char **out, size_t *out_len)
{
    char title[1100], headline[512], words[160], copy[256], doc[320], srcname[1024];
    tt_report_fact facts[18];
    size_t nf = 0;
    *out = NULL;
    if ((it && it->version != TT_REPORT_ITEM_VERSION) ||
        (origin && origin->version != TT_REPORT_ORIGIN_VERSION))
        return TT_EINVAL;
    const char *source = it ? it->source : NULL;
    if (source && it->item) {
        snprintf(srcname, sizeof srcname, "%s#%s", source, it->item);
        source = srcname;
    }
    tt_report_span *spans = calloc(r->nspans + 1, sizeof *spans);
    if (!spans)
        return TT_ENOMEM;
    snprintf(title, sizeof title, "telltale verify: %s", source ? source : "leak");
    switch (r->verdict) {
    case TT_VERDICT_ALTERED: {
        size_t na = 0, ni = 0, nm = 0;
        for (size_t k = 0; k < r->nchanges; k++) {
            na += r->changes[k].kind == TT_CHANGE_ALTERED;
            ni += r->changes[k].kind == TT_CHANGE_INSERTED;
            nm += r->changes[k].kind == TT_CHANGE_MISSING;
        }
        snprintf(headline, sizeof headline,
                 "ALTERED: %zu change%s to document %s (%zu altered, %zu inserted, %zu missing)",
                 r->nchanges, r->nchanges == 1 ? "" : "s", r->doc, na, ni, nm);
        break;
    }
    case TT_VERDICT_AUTHENTIC:
        snprintf(headline, sizeof headline,
                 "AUTHENTIC: the %zu aligned words are document %s's, unchanged",
                 r->aligned_words, r->doc);
        break;
    default:
        snprintf(headline, sizeof headline,
                 "UNRELATED: no registered document shares a passage with this text");
    }
    facts[nf++] = (tt_report_fact){"Text", source ? source : "leak"};
    if (it && it->author)
        facts[nf++] = (tt_report_fact){"Author", it->author};
    if (it && it->date)
        facts[nf++] = (tt_report_fact){"Date", it->date};
    if (it && it->url)
        facts[nf++] = (tt_report_fact){"URL", it->url};
    if (it && it->attachment)
        facts[nf++] = (tt_report_fact){"Attachment", it->attachment};
    if (r->doc[0]) {
        snprintf(doc, sizeof doc, "%s%s%s", r->doc, r->doc_title ? ": " : "",
                 r->doc_title ? r->doc_title : "");
        facts[nf++] = (tt_report_fact){"Document", doc};
    }
    facts[nf++] = (tt_report_fact){"Verdict", tt_verdict_name(r->verdict)};
    snprintf(words, sizeof words,
             "%zu in the text, %zu in %zu matched passage%s, %zu the same (%zu up to noise or a "
             "variant)",
             r->leak_words, r->aligned_words, r->passages, r->passages == 1 ? "" : "s",
             r->matched_words, r->noisy_words);
    facts[nf++] = (tt_report_fact){"Words", words};
    if (r->sha256[0]) {
        facts[nf++] = (tt_report_fact){"SHA-256", r->sha256};
        if (r->copy_id)
            snprintf(copy, sizeof copy, "byte-identical to copy #%lld issued to %s",
                     (long long)r->copy_id, r->copy_recipient ? r->copy_recipient : "?");
        else
            snprintf(copy, sizeof copy, "not byte-identical to any copy the vault issued");
        facts[nf++] = (tt_report_fact){"Issued copy", copy};
    }
    char invis[200];
    size_t ninv = tt_report__count_invisible(r->leak, r->leak_len);
    if (ninv) {
        snprintf(invis, sizeof invis,
                 "%zu in the text (zero-width, joiner, bidi control or soft hyphen: what a "
                 "marked copy carries), not shown",
                 ninv);
        facts[nf++] = (tt_report_fact){"Invisible characters", invis};
    }
    if (r->sig_checked)
        facts[nf++] = (tt_report_fact){
            "Signature", r->sig_valid ? "valid: signed by this vault's key"
                                      : "INVALID: not signed by this vault's key for these bytes"};
    if (origin && origin->made)
        facts[nf++] = (tt_report_fact){"Made", origin->made};
    if (origin && origin->key_id)
        facts[nf++] = (tt_report_fact){"Vault key id", origin->key_id};
    for (size_t k = 0; k < r->nspans; k++) {
        const tt_span *s = &r->spans[k];
        spans[k].start = s->start;
        spans[k].end = s->end;
        spans[k].kind = s->kind;
        if (s->change < r->nchanges) {
            spans[k].original = r->changes[s->change].original;
            spans[k].note = r->changes[s->change].what;
        }
    }
    tt_report rep = {
        .title = title,
        .headline = headline,
        .alarm = r->verdict == TT_VERDICT_ALTERED || (r->sig_checked && !r->sig_valid),
        .facts = facts,
        .nfacts = nf,
        .text = r->leak,
        .text_len = r->leak_len,
        .spans = spans,
        .nspans = r->nspans,
        .show_changes = r->verdict != TT_VERDICT_UNRELATED,
        .changes = r->changes,
        .nchanges = r->nchanges,
        .page = it ? it->page : NULL,
    };
    int rc = tt_report_html(&rep, out, out_len);
    free(spans);
    return rc;
}

/* ---- scan ------------------------------------------------------------------------------ */

typedef struct scan_item {
    char *source, *item;        /* item may be NULL */
    char *author, *date, *url;  /* NULL when unknown (author and url dropped when redacted) */
    char *attachment;
    tt_report_page page; /* png and boxes owned; png NULL: none */
    size_t seq;
    tt_finding f; /* title, leak_text, doc_text owned (NULL when redacted) */
    tt_verify_result *passage; /* owned: the caller's comparison of the passages, or NULL */
} scan_item;

struct tt_scan_report {
    int redact;
    char *made, *key_id; /* tt_scan_report_set_origin() */
    scan_item *v;
    size_t n, cap;
};

TT_API int
tt_scan_report_new(tt_scan_report **out, int redact)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return TT_ENOMEM;
    (*out)->redact = redact != 0;
    return 0;
}

static char *
dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

TT_API int
tt_scan_report_set_origin(tt_scan_report *r, const tt_report_origin *origin)
{
    if (origin && origin->version != TT_REPORT_ORIGIN_VERSION)
        return TT_EINVAL;
    free(r->made);
    free(r->key_id);
    r->made = r->key_id = NULL;
    if (!origin)
        return 0;
    r->made = dup_or_null(origin->made);
    r->key_id = dup_or_null(origin->key_id);
    return (origin->made && !r->made) || (origin->key_id && !r->key_id) ? TT_ENOMEM : 0;
}

TT_API int
tt_scan_report_add(tt_scan_report *r, const char *source, const char *item, const tt_finding *f,
                   tt_verify_result *passage)
{
    tt_report_item it = TT_REPORT_ITEM_INIT;
    it.source = source;
    it.item = item;
    return tt_scan_report_add_item(r, &it, f, passage);
}

TT_API int
tt_scan_report_add_item(tt_scan_report *r, const tt_report_item *it, const tt_finding *f,
                        tt_verify_result *passage)
{
    if (it->version != TT_REPORT_ITEM_VERSION) {
        tt_verify_result_free(passage);
        return TT_EINVAL;
    }
    const char *source = it->source, *item = it->item;
    if (r->redact) {
        tt_verify_result_free(passage);
        passage = NULL;
    }
    if (tt__grow(&r->v, &r->cap, r->n + 1, sizeof *r->v) != 0) {
        tt_verify_result_free(passage);
        return TT_ENOMEM;
    }
    scan_item *x = &r->v[r->n];
    memset(x, 0, sizeof *x);
    x->passage = passage;
    x->f = *f;
    x->f.title = x->f.leak_text = x->f.doc_text = NULL;
    x->seq = r->n;
    x->source = strdup(source ? source : "");
    x->item = dup_or_null(item);
    x->date = dup_or_null(it->date);
    bool ok = x->source && (!item || x->item) && (!it->date || x->date);
    if (!r->redact && it->page && it->page->png && it->page->png_len) {
        /* the page image holds the leak's text: never in a redacted report */
        tt_report_page *pg = &x->page;
        *pg = *it->page;
        void *png = malloc(it->page->png_len);
        int *boxes = calloc(it->page->nboxes * 4 + 1, sizeof *boxes);
        if (png && boxes) {
            memcpy(png, it->page->png, it->page->png_len);
            if (it->page->nboxes)
                memcpy(boxes, it->page->boxes, it->page->nboxes * 4 * sizeof *boxes);
            pg->png = png;
            pg->boxes = boxes;
        } else {
            free(png);
            free(boxes);
            memset(pg, 0, sizeof *pg);
            ok = false;
        }
    }
    if (!r->redact) {
        x->author = dup_or_null(it->author);
        x->url = dup_or_null(it->url);
        x->attachment = dup_or_null(it->attachment);
        ok = ok && (!it->author || x->author) && (!it->url || x->url) &&
             (!it->attachment || x->attachment);
    }
    if (!r->redact) {
        x->f.title = dup_or_null(f->title);
        x->f.leak_text = dup_or_null(f->leak_text);
        x->f.doc_text = dup_or_null(f->doc_text);
        ok = ok && (!f->title || x->f.title) && (!f->leak_text || x->f.leak_text) &&
             (!f->doc_text || x->f.doc_text);
    }
    r->n++;
    return ok ? 0 : TT_ENOMEM;
}

TT_API void
tt_scan_report_free(tt_scan_report *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->n; k++) {
        free(r->v[k].source);
        free(r->v[k].item);
        free(r->v[k].author);
        free(r->v[k].date);
        free(r->v[k].url);
        free(r->v[k].attachment);
        free((void *)r->v[k].page.png);
        free((void *)r->v[k].page.boxes);
        free(r->v[k].f.title);
        free(r->v[k].f.leak_text);
        free(r->v[k].f.doc_text);
        tt_verify_result_free(r->v[k].passage);
    }
    free(r->v);
    free(r->made);
    free(r->key_id);
    free(r);
}

static int
cmp_scan_item(const void *p, const void *q)
{
    const scan_item *x = *(const scan_item *const *)p, *y = *(const scan_item *const *)q;
    int c = strcmp(x->source, y->source);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The item's passage compared word by word with the document's: verify's spans, as the
 * caller computed them (tt_scan_report_add). */
static int
write_passage(tt_buf *b, const scan_item *x)
{
    const char *doc = x->f.doc_text ? x->f.doc_text : "";
    const tt_verify_result *v = x->passage;
    int rc = 0;
    tt_report_span *spans = calloc(v->nspans + 1, sizeof *spans);
    if (!spans)
        return TT_ENOMEM;
    for (size_t k = 0; k < v->nspans; k++) {
        const tt_span *s = &v->spans[k];
        spans[k] = (tt_report_span){s->start, s->end, s->kind, NULL, NULL};
        if (s->change < v->nchanges) {
            spans[k].original = v->changes[s->change].original;
            spans[k].note = v->changes[s->change].what;
        }
    }
    tt_report rep = {.text = v->leak, .text_len = v->leak_len, .spans = spans,
                     .nspans = v->nspans};
    rc |= tt_buf_printf(b, "<h3>The matched passage of the item, compared with the document "
                           "(%zu change%s)</h3>\n",
                        v->nchanges, v->nchanges == 1 ? "" : "s");
    rc |= write_marked(b, &rep);
    rc |= tt_buf_adds(b, "<h3>The document's passage</h3>\n<div class=\"leak doc\">");
    rc |= escs(b, doc);
    rc |= tt_buf_adds(b, "</div>\n");
    free(spans);
    return rc ? TT_ENOMEM : 0;
}

TT_API int
tt_scan_report_html(const tt_scan_report *r, size_t inputs, char **out, size_t *out_len)
{
    *out = NULL;
    char headline[200];
    const scan_item **order = calloc(r->n + 1, sizeof *order);
    if (!order)
        return TT_ENOMEM;
    for (size_t k = 0; k < r->n; k++)
        order[k] = &r->v[k];
    if (r->n > 1)
        qsort(order, r->n, sizeof *order, cmp_scan_item);
    if (r->n)
        snprintf(headline, sizeof headline,
                 "FOUND: %zu excerpt%s of registered documents in %zu input%s", r->n,
                 r->n == 1 ? "" : "s", inputs, inputs == 1 ? "" : "s");
    else
        snprintf(headline, sizeof headline,
                 "Nothing found: no excerpt of a registered document in %zu input%s", inputs,
                 inputs == 1 ? "" : "s");
    tt_buf b;
    tt_buf_init(&b);
    int rc = write_head(&b, "telltale scan", headline, r->n > 0);
    {
        tt_report_fact of[2];
        size_t no = 0;
        if (r->made)
            of[no++] = (tt_report_fact){"Made", r->made};
        if (r->key_id)
            of[no++] = (tt_report_fact){"Vault key id", r->key_id};
        rc |= write_facts(&b, of, no);
    }
    if (r->redact)
        rc |= tt_buf_adds(&b, "<p>Redacted: this report holds no text of the scanned items "
                              "or of the registered documents, only ids, offsets, lengths, "
                              "scores and fingerprints.</p>\n");
    if (r->n) {
        rc |= tt_buf_adds(&b, "<h2>Findings</h2>\n<table class=\"findings\"><tr><th>#</th>"
                              "<th>source</th><th>item</th><th>author</th><th>date</th>"
                              "<th>document</th><th>matched words</th><th>coverage</th>"
                              "<th>chance</th></tr>\n");
        for (size_t k = 0; k < r->n && rc == 0; k++) {
            const scan_item *x = order[k];
            rc |= tt_buf_printf(&b, "<tr><td><a href=\"#finding-%zu\">%zu</a></td><td>", k + 1,
                                k + 1);
            rc |= escs(&b, x->source);
            rc |= tt_buf_adds(&b, "</td><td>");
            rc |= x->item ? escs(&b, x->item) : tt_buf_adds(&b, "&ndash;");
            rc |= tt_buf_adds(&b, "</td><td>");
            rc |= x->author ? escs(&b, x->author) : tt_buf_adds(&b, "&ndash;");
            rc |= tt_buf_adds(&b, "</td><td>");
            rc |= x->date ? escs(&b, x->date) : tt_buf_adds(&b, "&ndash;");
            rc |= tt_buf_adds(&b, "</td><td>");
            rc |= escs(&b, x->f.doc);
            rc |= tt_buf_printf(&b, "</td><td>%zu</td><td>%.1f%%</td><td>%.1e</td></tr>\n",
                                x->f.matched_words, 100 * x->f.coverage, x->f.chance);
        }
        rc |= tt_buf_adds(&b, "</table>\n");
        if (!r->redact)
            rc |= write_legend(&b);
    }
    for (size_t k = 0; k < r->n && rc == 0; k++) {
        const scan_item *x = order[k];
        char words[96], cov[96], chance[64], hits[32], lspan[96], dspan[96], doc[320];
        tt_report_fact facts[16];
        size_t nf = 0;
        facts[nf++] = (tt_report_fact){"Source", x->source};
        if (x->item)
            facts[nf++] = (tt_report_fact){"Item", x->item};
        if (x->author)
            facts[nf++] = (tt_report_fact){"Author", x->author};
        if (x->date)
            facts[nf++] = (tt_report_fact){"Date", x->date};
        if (x->url)
            facts[nf++] = (tt_report_fact){"URL", x->url};
        if (x->attachment)
            facts[nf++] = (tt_report_fact){"Attachment", x->attachment};
        snprintf(doc, sizeof doc, "%s%s%s", x->f.doc, x->f.title ? ": " : "",
                 x->f.title ? x->f.title : "");
        facts[nf++] = (tt_report_fact){"Document", doc};
        snprintf(words, sizeof words, "%zu", x->f.matched_words);
        facts[nf++] = (tt_report_fact){"Matched words", words};
        snprintf(cov, sizeof cov, "%.1f%% of the document's %zu words", 100 * x->f.coverage,
                 x->f.doc_words);
        facts[nf++] = (tt_report_fact){"Coverage", cov};
        snprintf(chance, sizeof chance, "%.2e (so strong a match between unrelated texts)",
                 x->f.chance);
        facts[nf++] = (tt_report_fact){"Chance", chance};
        snprintf(hits, sizeof hits, "%zu", x->f.hits);
        facts[nf++] = (tt_report_fact){"Fingerprint hits", hits};
        snprintf(lspan, sizeof lspan, "%llu\xE2\x80\x93%llu (%llu bytes)",
                 (unsigned long long)x->f.leak_start, (unsigned long long)x->f.leak_end,
                 (unsigned long long)(x->f.leak_end - x->f.leak_start));
        facts[nf++] = (tt_report_fact){"Bytes in the item", lspan};
        snprintf(dspan, sizeof dspan, "%llu\xE2\x80\x93%llu", (unsigned long long)x->f.doc_start,
                 (unsigned long long)x->f.doc_end);
        facts[nf++] = (tt_report_fact){"Bytes in the document", dspan};
        facts[nf++] = (tt_report_fact){"Finding fingerprint", x->f.fingerprint};
        rc |= tt_buf_printf(&b, "<h2 id=\"finding-%zu\">Finding %zu</h2>\n", k + 1, k + 1);
        rc |= write_facts(&b, facts, nf);
        if (!r->redact && x->page.png && rc == 0)
            rc = write_page(&b, &x->page, "matched words");
        if (!r->redact && x->passage && rc == 0)
            rc = write_passage(&b, x);
    }
    rc |= write_foot(&b);
    free(order);
    if (rc != 0) {
        tt_buf_release(&b);
        return TT_ENOMEM;
    }
    *out = tt_buf_detach(&b, out_len);
    return 0;
}
