/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.c: the one text model (text.h): a text's units and words, each with its byte span,
 * built by running the streaming normalizer (normalize.c) over the whole text once and
 * grouping its units into words with their hashes.  Owns tt_text__build and
 * tt_text__release; the fold itself is normalize.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "normalize.h"
#include "text.h"

int
tt_text__build(tt_text *out, const char *bytes, size_t len, tt_err *err)
{
    memset(out, 0, sizeof *out);
    out->bytes = bytes;
    out->len = len;
    if (len >= UINT32_MAX)
        return tt__error(err, TT_EINVAL, "text too long (%zu bytes)", len);
    size_t ucap = 0, wcap = 0, tcap = 4096;
    tt_nunit *tmp = malloc(sizeof *tmp * tcap);
    if (!tmp)
        goto nomem;
    tt_norm st;
    tt_norm__init(&st, 0);
    size_t pos = 0;
    tt_word *w = NULL;
    uint64_t h = TT_NORM_HASH_INIT;
    for (;;) {
        size_t got;
        size_t used = tt_norm__run(&st, bytes + pos, len - pos, 1, tmp, tcap, &got);
        pos += used;
        if (tt__grow(&out->units, &ucap, out->nunits + got, sizeof *out->units))
            goto nomem;
        for (size_t i = 0; i < got; i++) {
            const tt_nunit *nu = &tmp[i];
            uint32_t ui = (uint32_t)out->nunits++;
            out->units[ui].cp = nu->cp;
            out->units[ui].start = (uint32_t)nu->start;
            out->units[ui].end = (uint32_t)(nu->start + nu->len);
            if ((nu->flags & TT_NU_WSTART) || !w) {
                if (w)
                    w->hash = tt_norm__hash_final(h);
                if (tt__grow(&out->words, &wcap, out->nwords + 1, sizeof *out->words))
                    goto nomem;
                w = &out->words[out->nwords++];
                w->start = (uint32_t)nu->start;
                w->ustart = ui;
                w->flags = 0;
                if (nu->flags & TT_NU_UPPER)
                    w->flags |= TT_WORD_UPPER;
                if (nu->flags & TT_NU_CJK)
                    w->flags |= TT_WORD_CJK;
                h = TT_NORM_HASH_INIT;
            }
            if (nu->flags & TT_NU_DIGIT)
                w->flags |= TT_WORD_DIGIT;
            h = tt_norm__hash_step(h, nu->cp);
            w->end = out->units[ui].end;
            w->uend = ui + 1;
        }
        if (pos == len && !st.has_pend)
            break;
    }
    if (w)
        w->hash = tt_norm__hash_final(h);
    free(tmp);
    return 0;
nomem:
    free(tmp);
    tt_text__release(out);
    return tt__error(err, TT_ENOMEM, "out of memory normalizing %zu bytes", len);
}

void
tt_text__release(tt_text *t)
{
    if (!t)
        return;
    free(t->units);
    free(t->words);
    t->units = NULL;
    t->words = NULL;
    t->nunits = t->nwords = 0;
}
