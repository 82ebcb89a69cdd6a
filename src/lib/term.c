/* SPDX-License-Identifier: Apache-2.0 */
/*
 * term.c: tt_terminal_text() (telltale.h), the one sanitizer for untrusted text printed to a
 * terminal: scanned passages, post ids, file names, titles, recipient names, audit log rows.
 * A leaked document or a post is written by whoever wants to mislead the investigator; an
 * escape sequence in it could rewrite the screen (ESC [ 2 J), fake a line of output, set the
 * window title or, through a bidi override, show text in another order than it is.  Every
 * such character becomes a visible escape; the rest of the text is copied unchanged, so
 * clean text prints exactly as before.  Decoding is utf8.c's, the predicates too.
 * Workload: short strings and passages of a few hundred bytes; linear.
 */
#include "common.h"
#include "telltale/telltale.h"
#include "telltale/utf8.h"
#include "utf8.h"

static int
is_space_break(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

char *
tt_terminal_text(const char *s, size_t len, int mode)
{
    tt_buf b;
    tt_buf_init(&b);
    const unsigned char *u = (const unsigned char *)s;
    int space = 0, nomem = 0;
    for (size_t i = 0; i < len && !nomem;) {
        uint32_t cp;
        int n = tt_utf8__decode(u + i, len - i, &cp);
        char esc[16];
        if (n < 1)
            n = 1;
        if (mode == TT_TERM_JSON) {
            if ((cp >= 0x80 && cp <= 0x9F) || tt_utf8_invisible(cp) || cp == 0x2028 ||
                cp == 0x2029) {
                if (cp > 0xFFFF)
                    snprintf(esc, sizeof esc, "\\u%04x\\u%04x",
                             (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
                             (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
                else
                    snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
                nomem |= tt_buf_adds(&b, esc);
            } else {
                nomem |= tt_buf_add(&b, s + i, (size_t)n);
            }
        } else if (cp == TT_UTF8_REPLACEMENT && n == 1) {
            snprintf(esc, sizeof esc, "\\x%02x", u[i]); /* a malformed byte */
            nomem |= tt_buf_adds(&b, esc);
            space = 0;
        } else if (mode == TT_TERM_PASSAGE && is_space_break(cp)) {
            if (!space)
                nomem |= tt_buf_addc(&b, ' ');
            space = 1;
        } else if (mode == TT_TERM_PASSAGE && tt_utf8_invisible(cp) &&
                   !tt_utf8__is_bidi_control(cp)) {
            /* dropped: shows nothing and moves nothing */
        } else if (cp < 0x20 || cp == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned)cp);
            nomem |= tt_buf_adds(&b, esc);
            space = 0;
        } else if ((cp >= 0x80 && cp <= 0x9F) || tt_utf8_invisible(cp) || cp == 0x2028 ||
                   cp == 0x2029) {
            snprintf(esc, sizeof esc, cp > 0xFFFF ? "\\U%08x" : "\\u%04x", (unsigned)cp);
            nomem |= tt_buf_adds(&b, esc);
            space = 0;
        } else {
            nomem |= tt_buf_add(&b, s + i, (size_t)n);
            space = 0;
        }
        i += (size_t)n;
    }
    if (nomem || tt_buf_grow(&b, 0)) {
        tt_buf_release(&b);
        return NULL;
    }
    return tt_buf_detach(&b, NULL);
}
