/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_verify.c: verify on arbitrary text never crashes, and its result is consistent: the
 * spans cut the leak into consecutive pieces, every change's spans lie inside the texts and
 * its strings are the (sanitized) bytes of those spans, and the verdict agrees with the
 * changes.  The original is a fixed memo built into the target.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "telltale/report.h"
#include "telltale/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char orig[] =
    "The committee met on 12 March 2024 in Geneva to review the budget of the northern "
    "program. Director Helen Okafor reported that the program had spent 1200 dollars more "
    "than planned, and that the shelter would not open before the winter. The delegates "
    "agreed that the figures must be checked again by an independent auditor. Several members "
    "asked whether the transport contract could be renegotiated with the supplier in Lyon. "
    "Questions may be sent by e-mail to the secretariat. The meeting closed at four in the "
    "afternoon after a short discussion of staffing.";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tt_verify_result *r = NULL;
    if (size > 1 << 16)
        return 0;
    if (tt_verify_text(orig, sizeof orig - 1, (const char *)data, size, "dfuzz", &r) != 0)
        return 0; /* out of memory */
    if (r->leak_len != size || memcmp(r->leak, data, size) != 0)
        abort();
    size_t pos = 0;
    for (size_t k = 0; k < r->nspans; k++) {
        const tt_span *s = &r->spans[k];
        if (s->start != pos || s->end < s->start || s->end > size)
            abort();
        if (s->kind >= TT_SPAN_ALTERED && s->change >= r->nchanges)
            abort();
        if (s->kind == TT_SPAN_MISSING && s->end != s->start)
            abort();
        pos = s->end;
    }
    if (pos != size)
        abort();
    for (size_t k = 0; k < r->nchanges; k++) {
        const tt_change *c = &r->changes[k];
        if (c->leak_end < c->leak_start || c->leak_end > size || c->orig_end < c->orig_start ||
            c->orig_end > sizeof orig - 1)
            abort();
        if (strlen(c->original) != c->orig_end - c->orig_start ||
            memcmp(c->original, orig + c->orig_start, strlen(c->original)) != 0)
            abort(); /* the memo is ASCII: its text is copied as is */
        if ((c->leak_end == c->leak_start) != (*c->leaked == '\0'))
            abort();
        if (k > 0 && c->leak_start < r->changes[k - 1].leak_start)
            abort();
    }
    if ((r->verdict == TT_VERDICT_ALTERED) != (r->nchanges > 0))
        abort();
    if (r->verdict == TT_VERDICT_UNRELATED && r->passages != 0)
        abort();
    if (r->matched_words > r->aligned_words || r->aligned_words > r->leak_words)
        abort();
    /* and its report is written */
    char *html = NULL;
    size_t len = 0;
    if (tt_verify_report_html(r, "fuzz", &html, &len) == 0) {
        if (memchr(html, '\0', len))
            abort();
        free(html);
    }
    tt_verify_result_free(r);
    return 0;
}
