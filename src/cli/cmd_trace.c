/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_trace.c: telltale trace FILE: who leaked it? */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/trace.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale trace FILE [--doc DOC] [--max-false P] [--top N] [--html OUT]\n"
    "\n"
    "Name the recipient whose marked copy a leaked text (FILE, or - for standard input)\n"
    "came from.  The document is detected (or given with --doc), the leak is aligned to it,\n"
    "each slot the leak covers is read as 0, 1 or unreadable (never guessed), and every\n"
    "recipient of a copy is scored with the symmetric Tardos score.\n"
    "\n"
    "A recipient is accused only when copies x bound <= P, where bound is a Chernoff bound\n"
    "on the chance that an innocent recipient scores as high: an innocent's copy is\n"
    "independent of the leak, so the bound holds whatever the leakers did, and the chance\n"
    "that anyone innocent is accused is at most P.\n"
    "\n"
    "Options:\n"
    "  --doc DOC        the document (id or unique prefix) instead of detecting it\n"
    "  --max-false P    total false-accusation probability (default 1e-6)\n"
    "  --top N          suspects to list besides the accused (default 10)\n"
    "  --html OUT       also write a self-contained HTML report (leak with the slots that\n"
    "                   spoke highlighted, and a chart of suspect scores)\n"
    "  --json           {\"doc\": ID, \"observed_slots\": N, \"covered_slots\": N, \"copies\": N,\n"
    "                   \"aligned_words\": N, \"words_needed\": N|null, \"suspects\":\n"
    "                   [{\"recipient\": NAME, \"score\": X, \"p_value\": P, \"threshold\": X,\n"
    "                   \"accused\": BOOL}]}, strongest first\n"
    "\n"
    "Exit status: 0 nobody accused, 1 someone accused, 2 failure.\n";

static int
read_all(const char *path, char **out, size_t *out_len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (!buf || bad) {
        free(buf);
        if (!bad)
            errno = ENOMEM;
        return -1;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

static void
esc(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(s[i], f);
        }
    }
}

static int
write_html(const char *path, const char *src, const char *text, size_t len, const tt_trace *t,
           double max_false)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>telltale trace</title>"
          "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
          "pre{white-space:pre-wrap;border:1px solid #ccc;padding:1em}"
          ".b0,.b1{background:#c8f0c8}.bu{background:#eee}.acc{color:#b00;font-weight:bold}"
          "table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd}"
          "</style></head><body>\n<h1>Trace of ",
          f);
    esc(f, src, strlen(src));
    fputs("</h1>\n", f);
    const char *doc = tt_trace_doc(t);
    if (!doc) {
        fputs("<p>The text matches no registered document.</p></body></html>\n", f);
        return fclose(f);
    }
    fprintf(f, "<p>Document <b>%s</b>; %zu copies on record; %zu aligned words; %zu slots "
               "covered, %zu read.  Accusation when copies &times; bound &le; %g.</p>\n",
            doc, tt_trace_copies(t), tt_trace_aligned_words(t), tt_trace_covered_slots(t),
            tt_trace_observed_slots(t), max_false);
    size_t ns = tt_trace_nsuspects(t);
    /* chart: -log10(copies x bound) per suspect, against -log10(max_false) */
    double lim = -log10(max_false), top = lim * 1.2;
    for (size_t i = 0; i < ns; i++) {
        tt_suspect s;
        tt_trace_suspect(t, i, &s);
        double v = s.p_value > 0 ? -log10(s.p_value * (double)tt_trace_copies(t)) : 300;
        if (v > top)
            top = v;
    }
    int bw = 36, h = 200, w = (int)ns * (bw + 8) + 60;
    fprintf(f, "<h2>Suspects</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
               "height=\"%d\" role=\"img\" aria-label=\"suspect evidence\">\n",
            w, h + 40);
    for (size_t i = 0; i < ns; i++) {
        tt_suspect s;
        tt_trace_suspect(t, i, &s);
        double v = s.p_value > 0 ? -log10(s.p_value * (double)tt_trace_copies(t)) : 300;
        if (v < 0)
            v = 0;
        int bh = (int)(h * v / top);
        fprintf(f, "<rect x=\"%zu\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>",
                50 + i * (size_t)(bw + 8), h - bh, bw, bh, s.accused ? "#b00" : "#88a");
        esc(f, s.recipient, strlen(s.recipient));
        fprintf(f, ": score %.2f</title></rect>\n", s.score);
    }
    int ly = h - (int)(h * lim / top);
    fprintf(f, "<line x1=\"40\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" "
               "stroke-dasharray=\"4\"/><text x=\"0\" y=\"%d\" font-size=\"10\">accuse</text>\n"
               "</svg>\n",
            w, ly, ly, ly - 2);
    fputs("<table><tr><th>recipient</th><th>score</th><th>bound</th><th>accused</th></tr>\n", f);
    for (size_t i = 0; i < ns; i++) {
        tt_suspect s;
        tt_trace_suspect(t, i, &s);
        fprintf(f, "<tr%s><td>", s.accused ? " class=\"acc\"" : "");
        esc(f, s.recipient, strlen(s.recipient));
        fprintf(f, "</td><td>%.2f</td><td>%.3g</td><td>%s</td></tr>\n", s.score, s.p_value,
                s.accused ? "yes" : "no");
    }
    fputs("</table>\n<h2>The leak, with the slots read (green) and unreadable (grey)</h2>\n<pre>", f);
    size_t at = 0, nr = tt_trace_nreadings(t);
    for (size_t i = 0; i < nr; i++) {
        tt_reading r;
        tt_trace_reading(t, i, &r);
        if (r.leak_end <= r.leak_start || r.leak_start < at || r.leak_end > len)
            continue;
        esc(f, text + at, r.leak_start - at);
        fprintf(f, "<span class=\"%s\" title=\"%s: %s\">", r.bit < 0 ? "bu" : r.bit ? "b1" : "b0",
                r.rule, r.bit < 0 ? "unreadable" : r.bit ? "1" : "0");
        esc(f, text + r.leak_start, r.leak_end - r.leak_start);
        fputs("</span>", f);
        at = r.leak_end;
    }
    esc(f, text + at, len - at);
    fputs("</pre>\n</body></html>\n", f);
    return fclose(f);
}

int
cmd_trace(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    const char *file = NULL, *html = NULL;
    tt_trace_opts o = {0};
    o.max_false = 1e-6;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int needs = strcmp(a, "--doc") == 0 || strcmp(a, "--max-false") == 0 ||
                    strcmp(a, "--top") == 0 || strcmp(a, "--html") == 0;
        if (needs && i + 1 >= argc)
            return usage_error("trace", "%s needs a value", a);
        if (strcmp(a, "--doc") == 0) {
            o.doc = argv[++i];
        } else if (strcmp(a, "--html") == 0) {
            html = argv[++i];
        } else if (strcmp(a, "--max-false") == 0) {
            char *end;
            o.max_false = strtod(argv[++i], &end);
            if (*end || !(o.max_false > 0 && o.max_false < 1))
                return usage_error("trace", "--max-false needs a probability between 0 and 1");
        } else if (strcmp(a, "--top") == 0) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 1000000)
                return usage_error("trace", "--top needs a positive number");
            o.top = (size_t)n;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("trace", "unknown option '%s'", a);
        } else if (!file) {
            file = a;
        } else {
            return usage_error("trace", "unexpected argument '%s'", a);
        }
    }
    if (!file)
        return usage_error("trace", "which file? give FILE or -");
    char *text;
    size_t len;
    if (read_all(file, &text, &len) != 0)
        return fail("cannot read '%s': %s", file, strerror(errno));
    o.source = strcmp(file, "-") == 0 ? "(stdin)" : file;
    tt_vault *v = NULL;
    int rc = tt_vault_open(&v, c->vault_dir);
    if (rc) {
        int r = fail("%s", v ? tt_vault_errmsg(v) : tt_strerror(rc));
        tt_vault_free(v);
        free(text);
        return r;
    }
    tt_trace *t = NULL;
    int r = EXIT_NOTHING;
    if (tt_trace_run(v, text, len, &o, &t)) {
        r = fail("cannot trace '%s': %s", file, tt_vault_errmsg(v));
        goto out;
    }
    const char *doc = tt_trace_doc(t);
    size_t ns = tt_trace_nsuspects(t), need = tt_trace_words_needed(t);
    if (c->json) {
        json_t *sus = json_array();
        for (size_t i = 0; i < ns; i++) {
            tt_suspect s;
            tt_trace_suspect(t, i, &s);
            json_array_append_new(
                sus, json_pack("{s:s, s:f, s:f, s:o, s:b}", "recipient", s.recipient, "score",
                               s.score, "p_value", s.p_value, "threshold",
                               isfinite(s.threshold) ? json_real(s.threshold) : json_null(),
                               "accused", s.accused));
        }
        json_t *j = json_pack("{s:s, s:s?, s:I, s:I, s:I, s:I, s:o, s:o}", "source", o.source,
                              "doc", doc, "observed_slots", (json_int_t)tt_trace_observed_slots(t),
                              "covered_slots", (json_int_t)tt_trace_covered_slots(t), "copies",
                              (json_int_t)tt_trace_copies(t), "aligned_words",
                              (json_int_t)tt_trace_aligned_words(t), "words_needed",
                              need == SIZE_MAX ? json_null() : json_integer((json_int_t)need),
                              "suspects", sus);
        char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(j);
    } else if (!doc) {
        printf("%s: matches no registered document\n", o.source);
    } else if (tt_trace_copies(t) == 0) {
        printf("%s: document %s, but no copies of it were issued\n", o.source, doc);
    } else {
        printf("%s: document %s, %zu aligned words, %zu slots covered, %zu read, %zu copies\n",
               o.source, doc, tt_trace_aligned_words(t), tt_trace_covered_slots(t),
               tt_trace_observed_slots(t), tt_trace_copies(t));
        for (size_t i = 0; i < ns; i++) {
            tt_suspect s;
            tt_trace_suspect(t, i, &s);
            printf("  %-8s %-30s score %8.2f  bound %-10.3g\n", s.accused ? "ACCUSED" : "",
                   s.recipient, s.score, s.p_value);
        }
        if (tt_trace_accused(t) == 0) {
            if (need == SIZE_MAX)
                printf("nobody can be accused: no slot could be read in this text\n");
            else if (need == 0)
                printf("nobody can be accused, though enough slots were read to name a lone "
                       "leaker: no copy on record matches (an unmarked original, several "
                       "leakers mixing copies, or a copy from elsewhere)\n");
            else
                printf("nobody can be accused at %g; roughly %zu more words like these would "
                       "name a lone leaker\n",
                       o.max_false, need);
        }
    }
    if (html && write_html(html, o.source, text, len, t, o.max_false) != 0) {
        r = fail("cannot write '%s': %s", html, strerror(errno));
        goto out;
    }
    if (tt_trace_accused(t) > 0)
        r = EXIT_FOUND;
out:
    tt_trace_free(t);
    tt_vault_free(v);
    free(text);
    return r;
}
