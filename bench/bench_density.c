/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_density.c: lexical slots per 100 words on real prose, per corpus and per rule, and the
 * slots of one rule in context for review.
 *
 *   build/default/bench/bench_density [--table N] [--rules] [--show RULE] [--max N] NAME=GLOB...
 *
 * Each NAME=GLOB is one corpus (a glob of files; .html/.htm files are reduced to text first,
 * as `telltale add` does).  For each corpus one JSON line: files, words (white-space words),
 * lexical slots per 100 words, the same without the typography rules (quote, apostrophe, dash
 * and ellipsis style, which a retyped leak loses), and with --rules the count of every rule.
 * --show RULE prints every slot of that rule (or whose variant matches RULE) with 40 bytes of
 * context either side, up to --max (default 200), so a reviewer can read what the table does
 * to real text.  --table N uses variant table N (variants.h; default the current one), to
 * compare versions.  Nothing here is asserted.
 */
#define _GNU_SOURCE 1
#include <ctype.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "html_to_text.h"
#include "slots.h"
#include "variants.h"

static size_t
count_words(const char *t, size_t len)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = isspace((unsigned char)t[i]);
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

static int
typographic(const char *rule)
{
    return strcmp(rule, "double-quote-style") == 0 || strcmp(rule, "apostrophe-style") == 0 ||
           strcmp(rule, "dash-style") == 0 || strcmp(rule, "ellipsis") == 0;
}

typedef struct rule_count {
    const char *rule;
    size_t n;
} rule_count;

static void
put_context(const char *t, size_t len, size_t s, size_t e)
{
    size_t a = s > 40 ? s - 40 : 0, b = e + 40 < len ? e + 40 : len;
    for (size_t i = a; i < b; i++) {
        if (i == s)
            fputs("[[", stdout);
        if (i == e)
            fputs("]]", stdout);
        putchar(t[i] == '\n' ? ' ' : t[i]);
    }
    if (e == b)
        fputs("]]", stdout);
}

int
main(int argc, char **argv)
{
    int rules = 0;
    unsigned table = 0;
    const char *show = NULL;
    size_t max_show = 200, shown = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--rules") == 0) {
            rules = 1;
        } else if (strcmp(argv[a], "--show") == 0 && a + 1 < argc) {
            show = argv[++a];
        } else if (strcmp(argv[a], "--table") == 0 && a + 1 < argc) {
            table = (unsigned)strtoul(argv[++a], NULL, 10);
        } else if (strcmp(argv[a], "--max") == 0 && a + 1 < argc) {
            max_show = strtoul(argv[++a], NULL, 10);
        } else if (strchr(argv[a], '=')) {
            char *name = argv[a], *pat = strchr(name, '=');
            *pat++ = '\0';
            glob_t g;
            size_t files = 0, words = 0, lex = 0, robust = 0;
            rule_count rc[64];
            size_t nrc = 0;
            if (glob(pat, 0, NULL, &g) != 0) {
                fprintf(stderr, "bench_density: no files match '%s'\n", pat);
                continue;
            }
            for (size_t i = 0; i < g.gl_pathc; i++) {
                struct stat st;
                char *raw;
                size_t n;
                tt_err e = {0};
                if (stat(g.gl_pathv[i], &st) || !S_ISREG(st.st_mode) ||
                    tt__read_file(&e, g.gl_pathv[i], &raw, &n))
                    continue;
                tt_buf text;
                tt_buf_init(&text);
                const char *dot = strrchr(g.gl_pathv[i], '.');
                if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)) {
                    if (tt_html__to_text(&text, raw, n, NULL)) {
                        free(raw);
                        continue;
                    }
                } else if (tt_buf_add(&text, raw, n)) {
                    free(raw);
                    continue;
                }
                free(raw);
                tt_slots s;
                tt_slot_opts o = {.channels = TT_CH_LEXICAL, .table = table};
                if (tt_slots__find(&s, text.data ? text.data : "", text.len, &o, NULL) == 0) {
                    files++;
                    words += count_words(text.data, text.len);
                    for (size_t k = 0; k < s.n; k++) {
                        const tt_slot *sl = &s.v[k];
                        lex++;
                        robust += !typographic(sl->rule);
                        size_t r = 0;
                        while (r < nrc && strcmp(rc[r].rule, sl->rule) != 0)
                            r++;
                        if (r == nrc && nrc < 64)
                            rc[nrc++] = (rule_count){sl->rule, 0};
                        if (r < nrc)
                            rc[r].n++;
                        if (show && shown < max_show) {
                            size_t l0, l1;
                            const char *v0 = tt_slots__variant(&s, k, 0, &l0);
                            const char *v1 = tt_slots__variant(&s, k, 1, &l1);
                            if (strcmp(sl->rule, show) == 0 || fnmatch(show, v0, FNM_CASEFOLD) == 0 ||
                                fnmatch(show, v1, FNM_CASEFOLD) == 0) {
                                printf("%s: %.*s | %.*s :: ", sl->rule, (int)l0, v0, (int)l1, v1);
                                put_context(text.data, text.len, sl->start, sl->end);
                                putchar('\n');
                                shown++;
                            }
                        }
                    }
                    tt_slots__release(&s);
                }
                tt_buf_release(&text);
            }
            globfree(&g);
            double w = words ? (double)words : 1;
            printf("{\"table\": %u, \"corpus\": \"%s\", \"files\": %zu, \"words\": %zu, \"lexical_per_100\": %.2f, "
                   "\"lexical_without_typography_per_100\": %.2f",
                   table ? table : TT_VARIANTS_TABLE, name, files, words, 100 * lex / w, 100 * robust / w);
            if (rules) {
                printf(", \"rules\": {");
                for (size_t r = 0; r < nrc; r++)
                    printf("%s\"%s\": %.3f", r ? ", " : "", rc[r].rule, 100 * rc[r].n / w);
                printf("}");
            }
            printf("}\n");
        } else {
            fprintf(stderr,
                    "usage: bench_density [--rules] [--show RULE|GLOB] [--max N] NAME=GLOB...\n");
            return 2;
        }
    }
    return 0;
}
