/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.c: what the commands print to a terminal (cli.h).  Untrusted strings (scanned text,
 * post ids, file names, titles, recipient names, audit log rows) all go through the one
 * sanitizer, tt_terminal_text(), so none can send an escape sequence or a bidi override to
 * the terminal.  Table cells are padded by display width, not by bytes: printf's "%-30s"
 * counts bytes, so "Ayşe Yılmaz" (13 bytes, 11 columns) would end two columns short and
 * push the rest of its row out of line.  --json output is JSON either way; cli_json_dumps()
 * only spells the C1 and invisible characters jansson leaves raw as \u escapes.  The one-line
 * messages on stderr (warn, fail, usage_error) are made safe the same way.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/utf8.h"

enum { RING = 8 };

const char *
cli_safe(const char *s)
{
    static char *ring[RING];
    static size_t next;
    if (!s)
        return "(null)";
    char *t = tt_terminal_text(s, strlen(s), TT_TERM_NAME);
    if (!t)
        return "?"; /* out of memory: print nothing of the string rather than it raw */
    size_t k = next++ % RING;
    free(ring[k]);
    ring[k] = t;
    return t;
}

void
cli_put_safe(FILE *f, const char *s, size_t len, int mode)
{
    char *t = tt_terminal_text(s, len, mode);
    fputs(t ? t : "?", f);
    free(t);
}

void
cli_pad(const char *s, size_t width)
{
    const char *t = cli_safe(s);
    fputs(t, stdout);
    size_t w = tt_display_width(t);
    for (; w < width; w++)
        putchar(' ');
}

char *
cli_json_dumps(const json_t *j, size_t flags)
{
    char *s = json_dumps(j, flags);
    if (!s)
        return NULL;
    char *t = tt_terminal_text(s, strlen(s), TT_TERM_JSON);
    free(s);
    return t;
}

/* ---- messages on stderr (cli.h: warn, fail, usage_error) ---- */

/* Print the formatted message on stderr made safe for a terminal: it names files and
 * quotes input, which may hold escape sequences. */
static void
say(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!msg) {
        fputs("(out of memory)", stderr);
        return;
    }
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    cli_put_safe(stderr, msg, (size_t)n, TT_TERM_NAME);
    free(msg);
}

void
warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("telltale: ", stderr);
    say(fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int
fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("telltale: ", stderr);
    say(fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_TROUBLE;
}

int
usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "telltale %s: ", cmd);
    say(fmt, ap);
    fprintf(stderr, "\nTry 'telltale %s --help'.\n", cmd);
    va_end(ap);
    return EXIT_TROUBLE;
}

int
cli_number_opt(const char *cmd, const char *opt, const char *val, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = val ? strtol(val, &end, 10) : 0;
    if (!val || end == val || *end || errno || x < lo || x > hi)
        return usage_error(cmd, "%s needs a number from %ld to %ld, not '%s'", opt, lo, hi,
                           val ? val : "");
    *out = x;
    return 0;
}

void
cli_fit(const char *s, size_t width)
{
    const char *t = cli_safe(s);
    size_t w = tt_display_width(t);
    if (w <= width) {
        fputs(t, stdout);
        for (; w < width; w++)
            putchar(' ');
        return;
    }
    /* Clip to width - 1 columns where a character ends (never between a letter and its
     * accents) and end with an ellipsis */
    size_t bestw = 0;
    size_t best = tt_display_prefix(t, strlen(t), width ? width - 1 : 0, &bestw);
    fwrite(t, 1, best, stdout);
    fputs("\xe2\x80\xa6", stdout); /* U+2026 */
    for (bestw++; bestw < width; bestw++)
        putchar(' ');
}

void
cli_print_json(struct json_t *j)
{
    char *s = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
    if (s)
        printf("%s\n", s);
    free(s);
    json_decref(j);
}
