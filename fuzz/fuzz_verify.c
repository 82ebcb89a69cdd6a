/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_verify.c: verify on arbitrary text never crashes, and its result is consistent: the
 * spans cut the leak into consecutive pieces, every change's spans lie inside the texts and
 * its strings are the (sanitized) bytes of those spans, and the verdict agrees with the
 * changes.
 *
 * The original comes from the input, so the aligner's cost on repetitive or long originals is
 * explored too: everything before the first NUL byte is the original and the rest the leak.
 * An input without a NUL byte is a leak of the fixed memo below.  Workload: no vault, no
 * files; one alignment and one HTML report per input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "utf8.h"
#include "telltale/report.h"
#include "telltale/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char memo[] =
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
    const char *o = memo, *leak = (const char *)data;
    size_t olen = sizeof memo - 1;
    const char *nul = memchr(data, '\0', size);
    if (nul) {
        o = (const char *)data;
        olen = (size_t)(nul - o);
        leak = nul + 1;
        size -= olen + 1;
    }
    if (tt_verify_text(o, olen, leak, size, "dfuzz", &r) != 0)
        return 0; /* out of memory */
    if (r->leak_len != size || memcmp(r->leak, leak, size) != 0)
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
            c->orig_end > olen)
            abort();
        /* clean UTF-8 (the memo, and most fuzzed originals) is copied as is */
        size_t on = c->orig_end - c->orig_start;
        if (tt_utf8__check(o + c->orig_start, on) == on &&
            (strlen(c->original) != on || memcmp(c->original, o + c->orig_start, on) != 0))
            abort();
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
