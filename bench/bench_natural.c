/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_natural.c: the naturalness check (bench/natural.h, docs/parts/natural.md) over real
 * prose: defects per 10,000 words of marked copy, per kind, per corpus.
 *
 *   build/default/bench/bench_natural [--table N] [--copies K] NAME=GLOB...
 *
 * Each NAME=GLOB is one corpus (files; .html/.htm reduced to text as `telltale add` does).
 * For every file, K copies (default 8) are rendered with the lexical slots of variant table N
 * (default the current one) and bits from a fixed pseudo-random sequence (as a p = 1/2 code
 * gives them), and each copy is checked against its original.  One JSON line per corpus:
 * files, words of copy checked, and each defect kind with its count and rate per 10,000
 * words.  NAT_SHOW=1 in the environment prints each defect to stderr.  Nothing is asserted
 * here (tests/unit/test_natural.c asserts zero on its documents).
 */
#define _GNU_SOURCE 1
#include <glob.h>
#include <stdint.h>
#include <sys/stat.h>

#include "html_to_text.h"
#include "natural.h"
#include "variants.h"

int
main(int argc, char **argv)
{
    unsigned table = 0, copies = 8;
    int first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "--table") == 0 && first + 1 < argc)
            table = (unsigned)atoi(argv[first + 1]), first += 2;
        else if (strcmp(argv[first], "--copies") == 0 && first + 1 < argc)
            copies = (unsigned)atoi(argv[first + 1]), first += 2;
        else {
            fprintf(stderr, "usage: bench_natural [--table N] [--copies K] NAME=GLOB...\n");
            return 2;
        }
    }
    nat_dicts d = {0};
    if (nat_open(&d)) {
        fprintf(stderr, "bench_natural: cannot open the en_US and en_GB hunspell dictionaries "
                        "(scripts/install-deps)\n");
        nat_close(&d);
        return 2;
    }
    int status = 0;
    for (int a = first; a < argc; a++) {
        const char *eq = strchr(argv[a], '=');
        if (!eq) {
            fprintf(stderr, "bench_natural: '%s' is not NAME=GLOB\n", argv[a]);
            status = 2;
            continue;
        }
        glob_t g;
        if (glob(eq + 1, 0, NULL, &g) != 0) {
            fprintf(stderr, "bench_natural: nothing matches '%s'\n", eq + 1);
            status = 2;
            continue;
        }
        nat_counts c = {0};
        size_t files = 0, slots = 0, bits_n = 0;
        for (size_t f = 0; f < g.gl_pathc; f++) {
            size_t len = 0;
            char *raw = nat_slurp(g.gl_pathv[f], (size_t)64 << 20, &len);
            if (!raw)
                continue;
            char *text = raw;
            size_t tl = len;
            size_t pl = strlen(g.gl_pathv[f]);
            tt_buf html;
            tt_buf_init(&html);
            if ((pl > 5 && strcmp(g.gl_pathv[f] + pl - 5, ".html") == 0) ||
                (pl > 4 && strcmp(g.gl_pathv[f] + pl - 4, ".htm") == 0)) {
                if (tt_html__to_text(&html, raw, len, NULL) == 0) {
                    text = html.data;
                    tl = html.len;
                }
            }
            tt_slots s;
            tt_slot_opts o = {.channels = TT_CH_LEXICAL, .table = table};
            if (tt_slots__find(&s, text, tl, &o, NULL) == 0) {
                files++;
                slots += s.n;
                bits_n += tt_slots__nbits(&s);
                uint8_t *bits = malloc(s.n ? s.n : 1);
                uint64_t x = 0x9E3779B97F4A7C15u ^ (uint64_t)f;
                for (unsigned k = 0; bits && k < copies; k++) {
                    for (size_t i = 0; i < s.n; i++) {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        bits[i] = (uint8_t)(x % s.v[i].nvar); /* a bit; a q-ary slot: any variant */
                    }
                    if (getenv("NAT_SHOW"))
                        fprintf(stderr, "-- %s copy %u\n", g.gl_pathv[f], k);
                    nat_check(&d, text, tl, &s, bits, &c);
                }
                free(bits);
                tt_slots__release(&s);
            }
            tt_buf_release(&html);
            free(raw);
        }
        globfree(&g);
        printf("{\"corpus\": \"%.*s\", \"table\": %u, \"files\": %zu, \"copies_per_file\": %u, "
               "\"lexical_slots\": %zu, \"code_bits\": %zu, \"words_checked\": %zu, "
               "\"per_10000_words\": {\"spelling\": %.2f, \"dialect\": %.2f, \"quotes\": %.2f, "
               "\"abbreviations\": %.2f, \"quotation\": %.2f}, \"counts\": {\"spelling\": %zu, "
               "\"dialect\": %zu, \"quotes\": %zu, \"abbreviations\": %zu, \"quotation\": %zu}}\n",
               (int)(eq - argv[a]), argv[a], table ? table : TT_VARIANTS_TABLE, files, copies,
               slots, bits_n, c.words, nat_rate(c.spelling, c.words), nat_rate(c.dialect, c.words),
               nat_rate(c.quotes, c.words), nat_rate(c.abbrev, c.words),
               nat_rate(c.quotation, c.words), c.spelling, c.dialect, c.quotes, c.abbrev,
               c.quotation);
        fflush(stdout);
    }
    nat_close(&d);
    return status;
}
