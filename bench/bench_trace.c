/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_trace.c: how much leaked text names a leaker, and that innocents are never named.
 *
 *   build/default/bench/bench_trace [OUT.json] [--quick]     (default bench/results/trace.json)
 *   build/default/bench/bench_trace OUT.json --colluders [--quick]   (the bias laws compared)
 *   build/default/bench/bench_trace OUT.jsonl --needed [--trials T] [--lone]   (words needed,
 *                                      retyped: lone leaker, spell-checked, colluders; --lone:
 *                                      the lone leaker with collusion 1 only; 1e5 innocents)
 *   --table N (any mode): variant table N for every marking context (before/after runs)
 *   build/default/bench/bench_trace --survive NAME=GLOB...   (code bits a retyped whole copy
 *                                                             keeps, JSON lines on stdout)
 *   build/default/bench/bench_trace OUT.jsonl --qary   (q-ary slots at full size: 10,000
 *                                      recipients, 100,000 innocents per configuration)
 *
 * Base document: the GPL-3 (/usr/share/common-licenses/GPL-3), 5,600 words of real prose.
 * Every experiment uses the real pipeline below the vault: the slot finder, the code from a
 * random marking key, rendering, the text model, the word aligner, the slot reader and the
 * Chernoff bound; 10,000 recipients; accusation when 10,000 x bound <= 1e-6.
 *   1. one leaker, copy-pasted excerpts (lexical + unicode channels) of L words;
 *   2. one leaker, retyped excerpts (lexical channel alone): 2% character typos, 5% of words
 *      with their case changed, lines re-wrapped, typography typed plainly (' " -- ...); on
 *      the GPL-3 and on memo prose (the demo's text memos and the test memo, 1,900 words);
 *   3. three colluders mixing their copies (interleave, majority, minority, erase every slot
 *      where they differ) with a code tuned for C = 3, pasted excerpts of L words;
 *   4. 100,000 innocent recipients (never issued, the real PRF) scored on the slots read in
 *      one leak of each configuration: the largest innocent score's bound must stay above
 *      the accusation threshold;
 *   5. slots per 100 words per channel on real prose (licences, the demo and test memos,
 *      Debian copyright files; bench_density.c measures any corpus, per rule);
 *   6. scoring 10,000 recipients x 2,000 observed slots, one core; issuing to 10,000.
 * Results are written as JSON; nothing here is asserted.
 */
#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "align.h"
#include "tardos.h"
#include "variants.h"
#include "mark.h"
#include "slots.h"
#include "telltale/issue.h"
#include "telltale/vault.h"
#include "text.h"
#include "trace_internal.h"

#define NREC 10000
#define MAX_FALSE 1e-6

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t
rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static double
unif(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static unsigned char key[32];

/* A marking context without a vault. */
static void make_mark_law(tt_mark *m, const char *text, size_t len, unsigned channels,
                          unsigned collusion, unsigned law);

/* --table N: the variant table of every marking context (0: the current one) */
static unsigned bench_table;

static void
make_mark(tt_mark *m, const char *text, size_t len, unsigned channels, unsigned collusion)
{
    make_mark_law(m, text, len, channels, collusion, TT_LAW_ARCSINE);
}

static void
make_mark_law(tt_mark *m, const char *text, size_t len, unsigned channels, unsigned collusion,
              unsigned law)
{
    memset(m, 0, sizeof *m);
    m->text = malloc(len + 1);
    memcpy(m->text, text, len);
    m->text[len] = 0;
    m->len = len;
    m->row = 1;
    m->channels = channels;
    m->collusion = collusion;
    m->cutoff = law == TT_LAW_DISCRETE ? 0 : tt_tardos__default_cutoff(collusion);
    m->law = law;
    tt_slot_opts so = {.channels = channels, .table = bench_table};
    uint8_t *q = NULL;
    if (tt_slots__find(&m->slots, m->text, len, &so, NULL) ||
        tt_tardos__new_law(&m->code, key, 1, m->slots.n, collusion, m->cutoff, law, NULL) ||
        !(q = malloc(m->slots.n ? m->slots.n : 1))) {
        fprintf(stderr, "bench_trace: cannot build the marking context\n");
        exit(2);
    }
    m->table = m->slots.table;
    /* q-ary slots take symbols, as mark.c builds the code */
    tt_slots__arities(&m->slots, q);
    if (tt_tardos__set_arity(m->code, q, NULL)) {
        fprintf(stderr, "bench_trace: cannot build the marking context\n");
        exit(2);
    }
    free(q);
}

static char *
render_bits(const tt_mark *m, const uint8_t *bits, size_t *out_len)
{
    tt_buf b;
    tt_buf_init(&b);
    tt_slots__render(&b, m->text, m->len, &m->slots, bits);
    return tt_buf_detach(&b, out_len);
}

/* The bytes of L whitespace-separated words starting at a random word. */
static char *
excerpt(const char *t, size_t len, size_t L, size_t *out_len)
{
    size_t nw = 0, cap = 1024;
    size_t *ws = malloc(cap * sizeof *ws), *we = malloc(cap * sizeof *we);
    for (size_t i = 0; i < len;) {
        while (i < len && isspace((unsigned char)t[i]))
            i++;
        if (i >= len)
            break;
        if (nw == cap) {
            cap *= 2;
            ws = realloc(ws, cap * sizeof *ws);
            we = realloc(we, cap * sizeof *we);
        }
        ws[nw] = i;
        while (i < len && !isspace((unsigned char)t[i]))
            i++;
        we[nw++] = i;
    }
    if (L > nw)
        L = nw;
    size_t s = (size_t)(unif() * (double)(nw - L + 1));
    if (s > nw - L)
        s = nw - L;
    size_t a = ws[s], e = we[s + L - 1];
    char *out = malloc(e - a + 1);
    memcpy(out, t + a, e - a);
    out[e - a] = 0;
    *out_len = e - a;
    free(ws);
    free(we);
    return out;
}

/* A typist who keeps the words: typography typed plainly, no zero-width characters, 2%
 * letter typos, 5% of words with their case flipped, lines re-wrapped. */
static double typo_rate = 0.02; /* --needed: 0 after a spell checker */
static int lower_all = 0;       /* --needed: the whole leak lower-cased */

static char *
retype(const char *t, size_t len, size_t *out_len)
{
    tt_buf b;
    tt_buf_init(&b);
    size_t words_on_line = 0, wrap = 8 + rnd() % 7;
    int at_word_start = 1, flip = 0;
    for (size_t i = 0; i < len;) {
        const unsigned char *u = (const unsigned char *)t + i;
        if (i + 3 <= len && u[0] == 0xE2 && u[1] == 0x80) {
            const char *rep = NULL;
            switch (u[2]) {
            case 0x98: case 0x99: rep = "'"; break;
            case 0x9C: case 0x9D: rep = "\""; break;
            case 0x93: rep = "-"; break;
            case 0x94: rep = "--"; break;
            case 0xA6: rep = "..."; break;
            case 0x8B: case 0x8C: case 0x8D: rep = ""; break;
            }
            if (rep) {
                tt_buf_adds(&b, rep);
                i += 3;
                continue;
            }
        }
        if (i + 3 <= len && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0xA0) {
            i += 3;
            continue;
        }
        char c = t[i++];
        if (isspace((unsigned char)c)) {
            while (i < len && isspace((unsigned char)t[i]))
                i++;
            if (++words_on_line >= wrap) {
                tt_buf_addc(&b, '\n');
                words_on_line = 0;
                wrap = 8 + rnd() % 7;
            } else {
                tt_buf_addc(&b, ' ');
            }
            at_word_start = 1;
            continue;
        }
        if (at_word_start) {
            flip = unif() < 0.05;
            at_word_start = 0;
            if (flip && isalpha((unsigned char)c))
                c = isupper((unsigned char)c) ? (char)tolower((unsigned char)c)
                                              : (char)toupper((unsigned char)c);
        }
        if (lower_all)
            c = (char)tolower((unsigned char)c);
        if (isalpha((unsigned char)c) && unif() < typo_rate) {
            switch (rnd() % 4) {
            case 0: tt_buf_addc(&b, (char)('a' + rnd() % 26)); break; /* substitute */
            case 1: break;                                            /* delete */
            case 2: tt_buf_addc(&b, c); tt_buf_addc(&b, (char)('a' + rnd() % 26)); break;
            default: /* transpose with the next letter */
                if (i < len && isalpha((unsigned char)t[i])) {
                    tt_buf_addc(&b, t[i]);
                    tt_buf_addc(&b, c);
                    i++;
                } else {
                    tt_buf_addc(&b, c);
                }
            }
            continue;
        }
        tt_buf_addc(&b, c);
    }
    return tt_buf_detach(&b, out_len);
}

typedef struct outcome {
    size_t observed, covered;
    int leaker_named; /* at least one guilty named */
    size_t innocents_named;
    double best_innocent_nbound; /* n x bound of the strongest innocent */
} outcome;

/* Read the leak, score NREC recipients (ids 1..NREC), decide.  guilty[0..ng). */
static outcome
judge(const tt_mark *m, const tt_text *ot, const char *leak, size_t llen, const int64_t *guilty,
      size_t ng, int erase_differing, int8_t *bits_out, tt_obs **obs_out, size_t **oi_out,
      size_t *no_out)
{
    outcome r = {0};
    tt_text lt;
    tt_alignment al;
    tt_text__build(&lt, leak, llen, NULL);
    tt_align__words(&al, ot, &lt, 0, (uint32_t)ot->nwords, 0, (uint32_t)lt.nwords, NULL);
    size_t ms = m->slots.n;
    int8_t *bits = malloc(ms ? ms : 1);
    tt_trace__read(m, ot, &lt, leak, &al, bits, &r.covered);
    if (erase_differing && ng > 1) {
        uint8_t *x = malloc(ms), *x2 = malloc(ms);
        tt_tardos__bits(m->code, guilty[0], x);
        for (size_t g = 1; g < ng; g++) {
            tt_tardos__bits(m->code, guilty[g], x2);
            for (size_t s = 0; s < ms; s++)
                if (x[s] != x2[s])
                    bits[s] = -1;
        }
        free(x);
        free(x2);
    }
    size_t no = 0;
    tt_obs *obs = malloc((ms ? ms : 1) * sizeof *obs);
    /* oi[0..no): the slots read; oi[no + q]: the value read at oi[q] (a bit, or a q-ary
     * slot's symbol) */
    size_t *oi = malloc((ms ? 2 * ms : 1) * sizeof *oi);
    uint8_t *want = malloc(ms ? ms : 1);
    double *t1 = malloc((ms ? ms : 1) * sizeof *t1), *t0 = malloc((ms ? ms : 1) * sizeof *t0);
    for (size_t s = 0; s < ms; s++) {
        if (bits[s] < 0)
            continue;
        want[no] = (uint8_t)bits[s];
        tt_tardos__observe(m->code, s, want[no], &obs[no], &t1[no], &t0[no]);
        oi[no++] = s;
    }
    for (size_t q = 0; q < no; q++)
        oi[no + q] = want[q];
    r.observed = no;
    double target = log(MAX_FALSE / NREC);
    double thr = no ? tt_tardos__threshold_score(obs, no, target) : INFINITY;
    tt_code_plan plan;
    tt_tardos__plan_init(&plan, m->code, oi, no);
    uint8_t *x = malloc(no ? no : 1);
    double best_innocent = -INFINITY;
    for (int64_t j = 1; j <= NREC; j++) {
        tt_tardos__bits_plan(m->code, &plan, j, x);
        double sc = 0;
        for (size_t q = 0; q < no; q++)
            sc += x[q] == want[q] ? t1[q] : t0[q];
        int guilty_j = 0;
        for (size_t g = 0; g < ng; g++)
            guilty_j |= guilty[g] == j;
        int acc = isfinite(thr) && sc >= thr * (1 - 1e-9) && tt_tardos__log_bound(obs, no, sc) <= target;
        if (guilty_j) {
            r.leaker_named |= acc;
        } else {
            r.innocents_named += acc;
            if (sc > best_innocent)
                best_innocent = sc;
        }
    }
    r.best_innocent_nbound = no ? NREC * exp(tt_tardos__log_bound(obs, no, best_innocent)) : NREC;
    if (r.best_innocent_nbound > 1)
        r.best_innocent_nbound = 1;
    tt_tardos__plan_release(&plan);
    if (bits_out)
        memcpy(bits_out, bits, ms);
    if (obs_out) {
        *obs_out = obs;
        *oi_out = oi;
        *no_out = no;
    } else {
        free(obs);
        free(oi);
    }
    free(x);
    free(want);
    free(t1);
    free(t0);
    free(bits);
    tt_text__release(&lt);
    tt_alignment__release(&al);
    return r;
}

/* 100,000 innocents (ids never issued) on the slots of one leak: the smallest n x bound. */
static void
innocents(FILE *out, const char *name, const tt_mark *m, const tt_obs *obs, const size_t *oi,
          size_t no, int last)
{
    const int64_t N = 100000;
    double target = log(MAX_FALSE / NREC);
    tt_code_plan plan;
    tt_tardos__plan_init(&plan, m->code, oi, no);
    uint8_t *x = malloc(no ? no : 1);
    double *t1 = malloc((no ? no : 1) * sizeof *t1), *t0 = malloc((no ? no : 1) * sizeof *t0);
    tt_obs o;
    for (size_t q = 0; q < no; q++)
        tt_tardos__observe(m->code, oi[q], (uint8_t)oi[no + q], &o, &t1[q], &t0[q]);
    double best = -INFINITY;
    for (int64_t j = 1000001; j < 1000001 + N; j++) {
        tt_tardos__bits_plan(m->code, &plan, j, x);
        double sc = 0;
        for (size_t q = 0; q < no; q++)
            sc += x[q] == (uint8_t)oi[no + q] ? t1[q] : t0[q];
        if (sc > best)
            best = sc;
    }
    double lb = no ? tt_tardos__log_bound(obs, no, best) : 0;
    double thr = no ? tt_tardos__threshold_score(obs, no, target) : INFINITY;
    fprintf(out,
            "    {\"config\": \"%s\", \"innocents\": %lld, \"observed_slots\": %zu, "
            "\"best_innocent_score\": %.3f, \"threshold_score\": %.3f, "
            "\"best_innocent_n_times_bound\": %.3g, \"never_below_threshold\": %s}%s\n",
            name, (long long)N, no, best, isfinite(thr) ? thr : -1.0, fmin(1, NREC * exp(lb)),
            lb > target ? "true" : "false", last ? "" : ",");
    fprintf(stderr, "innocents %s: best score %.2f, threshold %.2f, n x bound %.3g\n", name, best,
            thr, NREC * exp(lb));
    tt_tardos__plan_release(&plan);
    free(x);
    free(t1);
    free(t0);
}

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

static void
density(FILE *out, const char *name, const char *pattern, int last)
{
    glob_t g;
    size_t words = 0, lex = 0, lex_robust = 0, uni = 0, files = 0;
    if (glob(pattern, 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++) {
            char *t;
            size_t n;
            tt_err e = {0};
            struct stat st;
            if (stat(g.gl_pathv[i], &st) || !S_ISREG(st.st_mode) ||
                tt__read_file(&e, g.gl_pathv[i], &t, &n))
                continue;
            tt_slots s;
            tt_slot_opts o = {.channels = TT_CH_LEXICAL | TT_CH_UNICODE};
            if (tt_slots__find(&s, t, n, &o, NULL) == 0) {
                files++;
                words += count_words(t, n);
                for (size_t k = 0; k < s.n; k++) {
                    if (s.v[k].channel == TT_CH_UNICODE) {
                        uni++;
                    } else {
                        lex++;
                        lex_robust += !typographic(s.v[k].rule);
                    }
                }
                tt_slots__release(&s);
            }
            free(t);
        }
        globfree(&g);
    }
    double w = words ? (double)words : 1;
    fprintf(out,
            "    {\"corpus\": \"%s\", \"files\": %zu, \"words\": %zu, \"lexical_per_100\": %.2f, "
            "\"lexical_without_typography_per_100\": %.2f, \"unicode_per_100\": %.2f}%s\n",
            name, files, words, 100 * lex / w, 100 * lex_robust / w, 100 * uni / w,
            last ? "" : ",");
    fprintf(stderr, "density %s: %zu words, lexical %.2f (%.2f without typography), unicode %.2f\n",
            name, words, 100 * lex / w, 100 * lex_robust / w, 100 * uni / w);
}

/* --colluders: the bias laws side by side on three colluders (and one leaker), the lexical
 * and unicode channels (enough code positions to compare the laws at these lengths; the
 * lexical channel alone names no coalition on the GPL-3 within its 5,600 words under any
 * law), pasted excerpts of the GPL-3: the code for C = 1 (p = 1/2), the arcsine law
 * with cutoff 1/900 (tables before the discrete law) and the discrete law of Nuida et al. */
static void
colluders_only(FILE *out, const char *doc, size_t dlen, int quick)
{
    static const struct {
        const char *name;
        unsigned collusion, law;
    } laws[] = {{"p=1/2 (collusion 1)", 1, TT_LAW_ARCSINE},
                {"arcsine, cutoff 1/900 (collusion 3, before)", 3, TT_LAW_ARCSINE},
                {"discrete, Nuida et al. (collusion 3, now)", 3, TT_LAW_DISCRETE}};
    static const char *const strat[] = {"lone leaker", "majority", "alternating sentences",
                                        "minority"};
    size_t lens[] = {100, 200, 400, 800, 1600, 0};
    size_t ct = quick ? 3 : 6;
    fprintf(out, "{\"document\": \"GPL-3\", \"channels\": \"lexical,unicode\", \"pasted\": true, "
                 "\"recipients\": %d, \"max_false\": %g, \"trials_per_point\": %zu, "
                 "\"laws\": [\n", NREC, MAX_FALSE, ct);
    for (size_t li = 0; li < 3; li++) {
        tt_mark m;
        make_mark_law(&m, doc, dlen, TT_CH_LEXICAL | TT_CH_UNICODE, laws[li].collusion,
                      laws[li].law);
        tt_text ot;
        tt_text__build(&ot, m.text, m.len, NULL);
        uint8_t *xs[3], *y = malloc(m.slots.n ? m.slots.n : 1);
        for (int k = 0; k < 3; k++)
            xs[k] = malloc(m.slots.n ? m.slots.n : 1);
        fprintf(out, "  {\"law\": \"%s\", \"slots\": %zu, \"strategies\": [\n", laws[li].name,
                m.slots.n);
        for (size_t si = 0; si < 4; si++) {
            fprintf(out, "    {\"strategy\": \"%s\", \"points\": [", strat[si]);
            for (size_t k = 0; lens[k]; k++) {
                size_t L = lens[k], ok = 0, bad = 0;
                for (size_t t = 0; t < ct; t++) {
                    int64_t g[3];
                    size_t ng = si == 0 ? 1 : 3;
                    for (size_t q = 0; q < ng; q++) {
                        g[q] = 1 + (int64_t)(rnd() % NREC);
                        for (size_t r = 0; r < q; r++)
                            if (g[r] == g[q])
                                g[q] = 1 + (g[q] % NREC);
                        tt_tardos__bits(m.code, g[q], xs[q]);
                    }
                    /* sentence index of each slot, for the alternating strategy */
                    size_t sent = 0, at = 0;
                    for (size_t s = 0; s < m.slots.n; s++) {
                        for (; at < m.slots.v[s].start; at++)
                            if (m.text[at] == '.' || m.text[at] == '\n')
                                sent += m.text[at] == '.';
                        int sum = ng == 3 ? xs[0][s] + xs[1][s] + xs[2][s] : 0;
                        switch (si) {
                        case 0: y[s] = xs[0][s]; break;
                        case 1: y[s] = sum >= 2; break;
                        case 2: y[s] = xs[sent % 3][s]; break;
                        default: y[s] = sum == 0 || sum == 3 ? xs[0][s] : sum == 1; break;
                        }
                    }
                    size_t cl, el;
                    /* the renderer applies each group's first bit: do the same here */
                    char *copy = render_bits(&m, y, &cl);
                    char *ex = excerpt(copy, cl, L, &el);
                    outcome o = judge(&m, &ot, ex, el, g, ng, 0, NULL, NULL, NULL, NULL);
                    ok += o.leaker_named;
                    bad += o.innocents_named;
                    free(ex);
                    free(copy);
                }
                fprintf(out, "%s{\"words\": %zu, \"named\": %.2f, \"innocents_named\": %zu}",
                        k ? ", " : "", L, (double)ok / ct, bad);
                fprintf(stderr, "%s / %s / %zu words: named %zu/%zu, innocents %zu\n",
                        laws[li].name, strat[si], L, ok, ct, bad);
            }
            fprintf(out, "]}%s\n", si < 3 ? "," : "");
        }
        fprintf(out, "  ]}%s\n", li < 2 ? "," : "");
        free(y);
        for (int k = 0; k < 3; k++)
            free(xs[k]);
        tt_text__release(&ot);
        tt_mark__release(&m);
    }
    fprintf(out, "]}\n");
}

/* --survive GLOB...: the code bits a retyped leak of a whole document keeps.  For each file,
 * one copy (lexical channel, a random recipient) is retyped whole (typos, case, re-wrapped,
 * typography typed plainly), read, and folded by groups; per 100 white-space words: slots
 * of the document, code bits (group leaders), code bits read, and bits read wrongly. */
static void
survive_only(FILE *out, int argc, char **argv, int first)
{
    for (int a = first; a < argc; a++) {
        const char *name = argv[a], *eq = strchr(argv[a], '=');
        const char *pattern = eq ? eq + 1 : argv[a];
        glob_t g;
        size_t words = 0, slots = 0, nbits = 0, read = 0, wrong = 0, files = 0, lists = 0;
        double info = 0, info_read = 0; /* log2 of the options of each code position */
        if (glob(pattern, 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++) {
                char *t;
                size_t n;
                tt_err e = {0};
                struct stat st;
                if (stat(g.gl_pathv[i], &st) || !S_ISREG(st.st_mode) || st.st_size > 2000000 ||
                    tt__read_file(&e, g.gl_pathv[i], &t, &n))
                    continue;
                tt_mark m;
                make_mark(&m, t, n, TT_CH_LEXICAL, 1);
                free(t);
                files++;
                words += count_words(m.text, m.len);
                slots += m.slots.n;
                nbits += tt_slots__nbits(&m.slots);
                for (size_t k = 0; k < m.slots.n; k++) {
                    lists += m.slots.v[k].nvar > 2;
                    if (m.slots.v[k].group == k)
                        info += log2(m.slots.v[k].nvar);
                }
                if (m.slots.n) {
                    int64_t j = 1 + (int64_t)(rnd() % NREC);
                    uint8_t *x = malloc(m.slots.n);
                    int8_t *bits = malloc(m.slots.n);
                    tt_tardos__bits(m.code, j, x);
                    size_t cl, rl, cov;
                    char *copy = render_bits(&m, x, &cl);
                    char *leak = retype(copy, cl, &rl);
                    tt_text ot, lt;
                    tt_alignment al;
                    tt_text__build(&ot, m.text, m.len, NULL);
                    tt_text__build(&lt, leak, rl, NULL);
                    tt_align__words(&al, &ot, &lt, 0, (uint32_t)ot.nwords, 0, (uint32_t)lt.nwords,
                                    NULL);
                    tt_trace__read(&m, &ot, &lt, leak, &al, bits, &cov);
                    for (size_t k = 0; k < m.slots.n; k++) {
                        if (bits[k] < 0)
                            continue;
                        read++;
                        info_read += log2(m.slots.v[k].nvar);
                        wrong += (uint8_t)bits[k] != x[m.slots.v[k].group];
                    }
                    tt_alignment__release(&al);
                    tt_text__release(&ot);
                    tt_text__release(&lt);
                    free(copy);
                    free(leak);
                    free(x);
                    free(bits);
                }
                tt_mark__release(&m);
            }
            globfree(&g);
        }
        double w = words ? (double)words : 1;
        fprintf(out,
                "{\"corpus\": \"%.*s\", \"files\": %zu, \"words\": %zu, \"slots_per_100\": %.2f, "
                "\"code_bits_per_100\": %.2f, \"retyped_bits_read_per_100\": %.2f, "
                "\"retyped_bits_wrong_per_100\": %.3f, \"table\": %u, "
                "\"multi_variant_slots_per_100\": %.3f, \"code_information_bits_per_100\": %.3f, "
                "\"retyped_information_bits_read_per_100\": %.3f}\n",
                eq ? (int)(eq - name) : (int)strlen(name), name, files, words, 100 * slots / w,
                100 * nbits / w, 100 * read / w, 100 * wrong / w,
                bench_table ? bench_table : TT_VARIANTS_TABLE, 100 * lists / w, 100 * info / w,
                100 * info_read / w);
        fflush(out);
    }
}

/* --needed: words needed to name a lone leaker, and colluders, retyped, lexical channel
 * alone, among NREC recipients at NREC x bound <= MAX_FALSE; T trials per length.  Each
 * configuration ends with 100,000 innocents scored on the slots of one leak of its longest
 * length.  JSON lines on stdout. */
static void
needed_only(FILE *out, const char *gpl, size_t glen, const char *memo, size_t mlen, size_t T,
            int lone)
{
    static const struct {
        const char *name;
        int memo;
        unsigned collusion, law;
        int strategy; /* 0 lone, 1 majority of 3, 2 alternating sentences (3), 3 two alternating */
        int spell;    /* spell-checked and lower-cased */
    } cfg[] = {
        {"GPL-3, lone leaker, collusion 1 (fair coins)", 0, 1, TT_LAW_ARCSINE, 0, 0},
        {"GPL-3, lone leaker, spell-checked and lower-cased, collusion 1", 0, 1, TT_LAW_ARCSINE, 0, 1},
        {"GPL-3, lone leaker, collusion 3 (discrete law)", 0, 3, TT_LAW_DISCRETE, 0, 0},
        {"memo prose, lone leaker, collusion 1", 1, 1, TT_LAW_ARCSINE, 0, 0},
        {"memo prose, lone leaker, spell-checked and lower-cased, collusion 1", 1, 1, TT_LAW_ARCSINE, 0, 1},
        {"memo prose, lone leaker, collusion 3 (discrete law)", 1, 3, TT_LAW_DISCRETE, 0, 0},
        {"GPL-3, three colluders majority, collusion 3", 0, 3, TT_LAW_DISCRETE, 1, 0},
        {"GPL-3, three colluders alternating sentences, collusion 3", 0, 3, TT_LAW_DISCRETE, 2, 0},
        {"GPL-3, two colluders alternating sentences, collusion 2", 0, 2, TT_LAW_DISCRETE, 3, 0},
    };
    static const size_t glens[] = {400, 800, 1200, 1600, 2000, 3000, 4000, 5000, 0};
    static const size_t mlens[] = {200, 400, 600, 800, 1000, 1200, 1500, 1800, 0};
    for (size_t c = 0; c < TT_ARRAY_LEN(cfg); c++) {
        if (lone && (cfg[c].strategy != 0 || cfg[c].collusion != 1))
            continue;
        tt_mark m;
        if (cfg[c].memo)
            make_mark_law(&m, memo, mlen, TT_CH_LEXICAL, cfg[c].collusion, cfg[c].law);
        else
            make_mark_law(&m, gpl, glen, TT_CH_LEXICAL, cfg[c].collusion, cfg[c].law);
        tt_text ot;
        tt_text__build(&ot, m.text, m.len, NULL);
        size_t ms = m.slots.n ? m.slots.n : 1;
        uint8_t *xs[3], *y = malloc(ms);
        for (int k = 0; k < 3; k++)
            xs[k] = malloc(ms);
        typo_rate = cfg[c].spell ? 0 : 0.02;
        lower_all = cfg[c].spell;
        const size_t *lens = cfg[c].memo ? mlens : glens;
        size_t ng = cfg[c].strategy == 0 ? 1 : cfg[c].strategy == 3 ? 2 : 3;
        size_t first90 = 0, first100 = 0, innocents_named = 0;
        tt_obs *kobs = NULL;
        size_t *koi = NULL, kno = 0;
        fprintf(out, "{\"config\": \"%s\", \"slots\": %zu, \"code_bits\": %zu, \"trials\": %zu, \"points\": [",
                cfg[c].name, m.slots.n, tt_slots__nbits(&m.slots), T);
        for (size_t li = 0; lens[li]; li++) {
            size_t L = lens[li], ok = 0, obs = 0;
            for (size_t t = 0; t < T; t++) {
                int64_t g[3];
                for (size_t q = 0; q < ng; q++) {
                    g[q] = 1 + (int64_t)(rnd() % NREC);
                    for (size_t r = 0; r < q; r++)
                        if (g[r] == g[q])
                            g[q] = 1 + (g[q] % NREC);
                    tt_tardos__bits(m.code, g[q], xs[q]);
                }
                size_t sent = 0, at = 0;
                for (size_t s = 0; s < m.slots.n; s++) {
                    for (; at < m.slots.v[s].start; at++)
                        sent += m.text[at] == '.';
                    switch (cfg[c].strategy) {
                    case 0: y[s] = xs[0][s]; break;
                    /* the value two of three share (a bit: the majority) */
                    case 1:
                        y[s] = xs[0][s] == xs[1][s] || xs[0][s] == xs[2][s] ? xs[0][s] : xs[1][s];
                        break;
                    case 2: y[s] = xs[sent % 3][s]; break;
                    default: y[s] = xs[sent % 2][s]; break;
                    }
                }
                size_t cl, el, rl;
                char *copy = render_bits(&m, y, &cl);
                char *ex = excerpt(copy, cl, L, &el);
                char *leak = retype(ex, el, &rl);
                int keep = lens[li + 1] == 0 && t == 0;
                outcome o = judge(&m, &ot, leak, rl, g, ng, 0, NULL, keep ? &kobs : NULL,
                                  keep ? &koi : NULL, keep ? &kno : NULL);
                ok += o.leaker_named && o.innocents_named == 0;
                innocents_named += o.innocents_named;
                obs += o.observed;
                free(leak);
                free(ex);
                free(copy);
            }
            if (!first90 && ok * 10 >= T * 9)
                first90 = L;
            if (!first100 && ok == T)
                first100 = L;
            fprintf(out, "%s{\"words\": %zu, \"named\": %.2f, \"mean_bits_read\": %.1f}",
                    li ? ", " : "", L, (double)ok / T, (double)obs / T);
            fprintf(stderr, "%s: %zu words: %zu/%zu named, %.1f bits read\n", cfg[c].name, L, ok,
                    T, (double)obs / T);
        }
        fprintf(out, "], \"words_for_90_percent\": %zu, \"words_for_all\": %zu, "
                     "\"innocents_named_in_trials\": %zu, \"innocent_simulation\": ",
                first90, first100, innocents_named);
        /* innocents() writes an indented line: keep this one JSON line */
        char *ib = NULL;
        size_t ibl = 0;
        FILE *mf = open_memstream(&ib, &ibl);
        innocents(mf ? mf : stderr, cfg[c].name, &m, kobs, koi, kno, 1);
        if (mf)
            fclose(mf);
        while (ibl && (ib[ibl - 1] == '\n' || ib[ibl - 1] == ' '))
            ib[--ibl] = 0;
        fprintf(out, "[%s]}\n", ib ? ib + strspn(ib, " ") : "");
        free(ib);
        fflush(out);
        free(kobs);
        free(koi);
        free(y);
        for (int k = 0; k < 3; k++)
            free(xs[k]);
        tt_text__release(&ot);
        tt_mark__release(&m);
    }
}

/* q-ary slots at full size (docs/parts/natural.md): a code of 3,000 slots, every third one
 * six-ary and every seventh three-ary, under each bias law; a leaker's values read at R
 * random slots; 10,000 recipients scored (the leaker among them) and 100,000 innocents
 * (never issued): how many innocents reach the accusation threshold (must be 0), the
 * smallest 10,000 x bound among them, and whether the leaker is named.  One JSON line per
 * configuration. */
static void
qary_only(FILE *out)
{
    const size_t m = 3000;
    const int64_t N = 100000;
    static const struct {
        const char *name;
        unsigned coll, law;
        double cut;
    } cfg[] = {{"uniform (collusion 1)", 1, TT_LAW_ARCSINE, 0},
               {"q-ary arcsine, cutoff 1/900 (collusion 3)", 3, TT_LAW_ARCSINE, 1.0 / 900},
               {"discrete law (collusion 3): q-ary arcsine, cutoff 1/900", 3, TT_LAW_DISCRETE, 0}};
    static const size_t reads[] = {30, 60, 120, 1500};
    uint8_t *q = malloc(m), *lx = malloc(m), *x = malloc(m), *want = malloc(m);
    size_t *oi = malloc(m * sizeof *oi);
    tt_obs *obs = malloc(m * sizeof *obs);
    double *t1 = malloc(m * sizeof *t1), *t0 = malloc(m * sizeof *t0);
    for (size_t s = 0; s < m; s++)
        q[s] = s % 3 == 0 ? 6 : s % 7 == 0 ? 3 : 2;
    for (size_t c = 0; c < TT_ARRAY_LEN(cfg); c++) {
        tt_tardos *code;
        if (tt_tardos__new_law(&code, key, 77, m, cfg[c].coll, cfg[c].cut, cfg[c].law, NULL) ||
            tt_tardos__set_arity(code, q, NULL))
            continue;
        for (size_t r = 0; r < TT_ARRAY_LEN(reads); r++) {
            int64_t leaker = 1 + (int64_t)(rnd() % NREC);
            tt_tardos__bits(code, leaker, lx);
            /* R distinct random slots */
            size_t no = 0;
            for (size_t s = 0; s < m; s++)
                if (rnd() % (m - s) < reads[r] - no) {
                    want[no] = lx[s];
                    tt_tardos__observe(code, s, lx[s], &obs[no], &t1[no], &t0[no]);
                    oi[no++] = s;
                }
            size_t qa = 0;
            for (size_t k = 0; k < no; k++)
                qa += q[oi[k]] > 2;
            double target = log(MAX_FALSE / NREC);
            double thr = tt_tardos__threshold_score(obs, no, target);
            tt_code_plan plan;
            tt_tardos__plan_init(&plan, code, oi, no);
            int named = 0;
            size_t innocents_named = 0;
            for (int64_t j = 1; j <= NREC; j++) {
                tt_tardos__bits_plan(code, &plan, j, x);
                double sc = 0;
                for (size_t k = 0; k < no; k++)
                    sc += x[k] == want[k] ? t1[k] : t0[k];
                int acc = isfinite(thr) && sc >= thr * (1 - 1e-9) &&
                          tt_tardos__log_bound(obs, no, sc) <= target;
                if (j == leaker)
                    named = acc;
                else
                    innocents_named += acc;
            }
            double best = -INFINITY, sum = 0, sum2 = 0;
            size_t above = 0;
            for (int64_t j = 1000001; j < 1000001 + N; j++) {
                tt_tardos__bits_plan(code, &plan, j, x);
                double sc = 0;
                for (size_t k = 0; k < no; k++)
                    sc += x[k] == want[k] ? t1[k] : t0[k];
                sum += sc;
                sum2 += sc * sc;
                if (sc > best)
                    best = sc;
                above += isfinite(thr) && sc >= thr * (1 - 1e-9);
            }
            tt_tardos__plan_release(&plan);
            double mean = sum / (double)N, var = sum2 / (double)N - mean * mean;
            double lb = tt_tardos__log_bound(obs, no, best);
            fprintf(out,
                    "{\"qary\": \"%s\", \"slots\": %zu, \"read\": %zu, \"read_qary\": %zu, "
                    "\"recipients\": %d, \"leaker_named\": %s, \"innocents_named\": %zu, "
                    "\"innocents_simulated\": %lld, \"innocents_at_or_above_threshold\": %zu, "
                    "\"innocent_mean_per_read\": %.4f, \"innocent_variance_per_read\": %.4f, "
                    "\"best_innocent_score\": %.3f, \"threshold_score\": %.3f, "
                    "\"best_innocent_n_times_bound\": %.3g}\n",
                    cfg[c].name, m, no, qa, NREC, named ? "true" : "false", innocents_named,
                    (long long)N, above, mean / (double)no, var / (double)no, best,
                    isfinite(thr) ? thr : -1.0, fmin(1, NREC * exp(lb)));
            fflush(out);
        }
        tt_tardos__free(code);
    }
    free(q);
    free(lx);
    free(x);
    free(want);
    free(oi);
    free(obs);
    free(t1);
    free(t0);
}

int
main(int argc, char **argv)
{
    const char *out_path = "bench/results/trace.json";
    int quick = 0, colluders = 0;
    /* --table N anywhere: the variant table of every marking context */
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--table") == 0) {
            bench_table = (unsigned)strtoul(argv[i + 1], NULL, 10);
            for (int j = i; j + 2 <= argc; j++)
                argv[j] = argv[j + 2 < argc ? j + 2 : argc];
            argc -= 2;
            break;
        }
    }
    if (argc > 1 && strcmp(argv[1], "--survive") == 0) {
        if (sodium_init() < 0)
            return 2;
        randombytes_buf(key, sizeof key);
        survive_only(stdout, argc, argv, 2);
        return 0;
    }
    int needed = 0, qary = 0, lone = 0;
    size_t needed_trials = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--needed") == 0)
            needed = 1;
        else if (strcmp(argv[i], "--qary") == 0)
            qary = 1;
        else if (strcmp(argv[i], "--lone") == 0)
            lone = 1;
        else if (strcmp(argv[i], "--trials") == 0 && i + 1 < argc)
            needed_trials = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--colluders") == 0)
            colluders = 1;
        else
            out_path = argv[i];
    }
    if (sodium_init() < 0)
        return 2;
    randombytes_buf(key, sizeof key);
    char *doc;
    size_t dlen;
    tt_err e = {0};
    if (tt__read_file(&e, "/usr/share/common-licenses/GPL-3", &doc, &dlen)) {
        fprintf(stderr, "bench_trace: %s\n", e.msg);
        return 2;
    }
    FILE *out = fopen(out_path, "w");
    if (!out) {
        fprintf(stderr, "bench_trace: cannot write '%s'\n", out_path);
        return 2;
    }
    if (qary) {
        qary_only(out);
        fclose(out);
        free(doc);
        return 0;
    }
    if (colluders) {
        colluders_only(out, doc, dlen, quick);
        fclose(out);
        free(doc);
        return 0;
    }
    /* memo prose: the demo's two text memos and the test memo, one after another */
    tt_buf memo;
    tt_buf_init(&memo);
    static const char *const memo_files[] = {"demo/docs/fuel-resupply-memo.txt",
                                             "demo/docs/acquisition-memo.md",
                                             "tests/data/trace-memo.txt"};
    for (size_t k = 0; k < 3; k++) {
        char *t;
        size_t n;
        if (tt__read_file(&e, memo_files[k], &t, &n)) {
            fprintf(stderr, "bench_trace: %s (run from the source tree)\n", e.msg);
            return 2;
        }
        tt_buf_add(&memo, t, n);
        tt_buf_adds(&memo, "\n\n");
        free(t);
    }
    if (needed) {
        needed_only(out, doc, dlen, memo.data, memo.len, needed_trials, lone);
        fclose(out);
        tt_buf_release(&memo);
        free(doc);
        return 0;
    }
    size_t trials = quick ? 4 : 12;
    fprintf(out, "{\n  \"document\": \"GPL-3\", \"document_words\": %zu, \"recipients\": %d, "
                 "\"max_false\": %g, \"trials_per_point\": %zu,\n",
            count_words(doc, dlen), NREC, MAX_FALSE, trials);

    /* 1 and 2: one leaker */
    struct {
        const char *name;
        unsigned channels;
        int retyped;
        int memo; /* the memo prose instead of the GPL-3 */
        size_t lens[12];
    } single[] = {
        {"pasted, lexical+unicode", TT_CH_LEXICAL | TT_CH_UNICODE, 0, 0, {10, 15, 20, 25, 30, 40, 60, 80, 0}},
        {"retyped, lexical", TT_CH_LEXICAL, 1, 0, {200, 400, 800, 1200, 1600, 2000, 2500, 3000, 4000, 0}},
        {"pasted, lexical", TT_CH_LEXICAL, 0, 0, {200, 400, 800, 1200, 1600, 2000, 3000, 0}},
        {"retyped, lexical, memo prose (3 memos)", TT_CH_LEXICAL, 1, 1, {200, 400, 600, 800, 1000, 1200, 1500, 1800, 0}},
    };
    enum { NSINGLE = 4 };
    tt_obs *keep_obs[NSINGLE] = {0};
    size_t *keep_oi[NSINGLE] = {0}, keep_no[NSINGLE] = {0};
    tt_mark marks[NSINGLE];
    fprintf(out, "  \"single_leaker\": [\n");
    for (size_t c = 0; c < NSINGLE; c++) {
        tt_mark *m = &marks[c];
        if (single[c].memo)
            make_mark(m, memo.data, memo.len, single[c].channels, 1);
        else
            make_mark(m, doc, dlen, single[c].channels, 1);
        tt_text ot;
        tt_text__build(&ot, m->text, m->len, NULL);
        uint8_t *x = malloc(m->slots.n);
        size_t first_ok = 0;
        fprintf(out, "    {\"config\": \"%s\", \"document_words\": %zu, \"slots\": %zu, "
                     "\"points\": [\n",
                single[c].name, count_words(m->text, m->len), m->slots.n);
        for (size_t li = 0; single[c].lens[li]; li++) {
            size_t L = single[c].lens[li], ok = 0, bad = 0, obs_sum = 0;
            for (size_t t = 0; t < trials; t++) {
                int64_t j = 1 + (int64_t)(rnd() % NREC);
                tt_tardos__bits(m->code, j, x);
                size_t cl, el, rl;
                char *copy = render_bits(m, x, &cl);
                char *ex = excerpt(copy, cl, L, &el);
                char *leak = single[c].retyped ? retype(ex, el, &rl) : (rl = el, ex);
                int keep = t == 0 && ((c == 0 && L == 60) || (c == 1 && L == 2000) ||
                                      (c == 2 && L == 800));
                outcome o = judge(m, &ot, leak, rl, &j, 1, 0, NULL, keep ? &keep_obs[c] : NULL,
                                  keep ? &keep_oi[c] : NULL, keep ? &keep_no[c] : NULL);
                ok += o.leaker_named && o.innocents_named == 0;
                bad += o.innocents_named;
                obs_sum += o.observed;
                if (leak != ex)
                    free(leak);
                free(ex);
                free(copy);
            }
            if (ok == trials && !first_ok)
                first_ok = L;
            fprintf(out, "      {\"words\": %zu, \"named\": %.3f, \"innocents_named\": %zu, "
                         "\"mean_observed_slots\": %.1f}%s\n",
                    L, (double)ok / trials, bad, (double)obs_sum / trials,
                    single[c].lens[li + 1] ? "," : "");
            fprintf(stderr, "%s: %zu words: named %zu/%zu, innocents %zu, observed %.1f\n",
                    single[c].name, L, ok, trials, bad, (double)obs_sum / trials);
        }
        fprintf(out, "    ], \"words_needed\": %zu}%s\n", first_ok, c + 1 < NSINGLE ? "," : "");
        free(x);
        tt_text__release(&ot);
    }
    fprintf(out, "  ],\n");

    /* 3: three colluders, C = 3 code, pasted */
    tt_mark m3;
    make_mark(&m3, doc, dlen, TT_CH_LEXICAL | TT_CH_UNICODE, 3);
    tt_text ot3;
    tt_text__build(&ot3, m3.text, m3.len, NULL);
    static const char *const strat[] = {"interleave", "majority", "minority", "erase-differing"};
    size_t clens[] = {50, 100, 200, 400, 800, 1600, 0};
    tt_obs *col_obs = NULL;
    size_t *col_oi = NULL, col_no = 0;
    fprintf(out, "  \"three_colluders\": {\"collusion\": 3, \"cutoff\": %.6f, \"slots\": %zu, "
                 "\"strategies\": [\n",
            m3.cutoff, m3.slots.n);
    uint8_t *xs[3], *y = malloc(m3.slots.n);
    for (int k = 0; k < 3; k++)
        xs[k] = malloc(m3.slots.n);
    for (size_t si = 0; si < 4; si++) {
        fprintf(out, "    {\"strategy\": \"%s\", \"points\": [\n", strat[si]);
        for (size_t li = 0; clens[li]; li++) {
            size_t L = clens[li], ok = 0, bad = 0, obs_sum = 0;
            size_t ct = quick ? 3 : 8;
            for (size_t t = 0; t < ct; t++) {
                int64_t g[3];
                for (int k = 0; k < 3; k++) {
                    g[k] = 1 + (int64_t)(rnd() % NREC);
                    for (int q = 0; q < k; q++)
                        if (g[q] == g[k])
                            g[k] = 1 + (g[k] % NREC);
                    tt_tardos__bits(m3.code, g[k], xs[k]);
                }
                for (size_t s = 0; s < m3.slots.n; s++) {
                    int sum = xs[0][s] + xs[1][s] + xs[2][s];
                    switch (si) {
                    case 0: y[s] = xs[(m3.slots.v[s].start / 600) % 3][s]; break;
                    /* the value two of three share (a bit: the majority) */
                    case 1:
                        y[s] = xs[0][s] == xs[1][s] || xs[0][s] == xs[2][s] ? xs[0][s] : xs[1][s];
                        break;
                    case 2: y[s] = sum == 0 || sum == 3 ? xs[0][s] : sum == 1; break;
                    default: y[s] = xs[0][s];
                    }
                }
                size_t cl, el;
                char *copy = render_bits(&m3, y, &cl);
                char *ex = excerpt(copy, cl, L, &el);
                int keep = si == 1 && L == 1600 && t == 0;
                outcome o = judge(&m3, &ot3, ex, el, g, 3, si == 3, NULL, keep ? &col_obs : NULL,
                                  keep ? &col_oi : NULL, keep ? &col_no : NULL);
                ok += o.leaker_named;
                bad += o.innocents_named;
                obs_sum += o.observed;
                free(ex);
                free(copy);
            }
            fprintf(out, "      {\"words\": %zu, \"at_least_one_named\": %.3f, "
                         "\"innocents_named\": %zu, \"mean_observed_slots\": %.1f}%s\n",
                    L, (double)ok / ct, bad, (double)obs_sum / ct, clens[li + 1] ? "," : "");
            fprintf(stderr, "colluders %s: %zu words: named %zu/%zu, innocents %zu, observed %.1f\n",
                    strat[si], L, ok, ct, bad, (double)obs_sum / ct);
        }
        fprintf(out, "    ]}%s\n", si < 3 ? "," : "");
    }
    fprintf(out, "  ]},\n");

    /* 4: innocents */
    fprintf(out, "  \"innocent_simulation\": [\n");
    innocents(out, "pasted 60 words, lexical+unicode, C=1", &marks[0], keep_obs[0], keep_oi[0],
              keep_no[0], 0);
    innocents(out, "retyped 2000 words, lexical, C=1", &marks[1], keep_obs[1], keep_oi[1],
              keep_no[1], 0);
    innocents(out, "pasted 800 words, lexical, C=1", &marks[2], keep_obs[2], keep_oi[2],
              keep_no[2], 0);
    innocents(out, "3 colluders majority 1600 words, lexical+unicode, C=3", &m3, col_obs, col_oi,
              col_no, 1);
    fprintf(out, "  ],\n");

    /* 5: density */
    fprintf(out, "  \"slots_per_100_words\": [\n");
    density(out, "/usr/share/common-licenses/*", "/usr/share/common-licenses/*", 0);
    density(out, "demo memos (.txt, .md)", "demo/docs/*-memo.[tm][xd]*", 0);
    density(out, "tests/data/trace-memo.txt", "tests/data/trace-memo.txt", 0);
    density(out, "/usr/share/doc/*/copyright", "/usr/share/doc/*/copyright", 1);
    fprintf(out, "  ],\n");

    /* 6: timing */
    {
        tt_tardos *c;
        size_t m = 2000;
        tt_tardos__new(&c, key, 7, m, 1, 0, NULL);
        tt_obs *obs = malloc(m * sizeof *obs);
        size_t *oi = malloc(m * sizeof *oi);
        double *t1 = malloc(m * sizeof *t1), *t0 = malloc(m * sizeof *t0);
        for (size_t s = 0; s < m; s++) {
            obs[s] = (tt_obs){0.5, (uint8_t)(rnd() & 1)};
            oi[s] = s;
            t1[s] = tt_tardos__term(0.5, obs[s].y, 1);
            t0[s] = tt_tardos__term(0.5, obs[s].y, 0);
        }
        double t_start = now();
        tt_code_plan plan;
        tt_tardos__plan_init(&plan, c, oi, m);
        uint8_t *x = malloc(m);
        double best = -1e300;
        for (int64_t j = 1; j <= NREC; j++) {
            tt_tardos__bits_plan(c, &plan, j, x);
            double sc = 0;
            for (size_t q = 0; q < m; q++)
                sc += x[q] ? t1[q] : t0[q];
            if (sc > best)
                best = sc;
        }
        double thr = tt_tardos__threshold_score(obs, m, log(MAX_FALSE / NREC));
        double lb = tt_tardos__log_bound(obs, m, best);
        double t_score = now() - t_start;
        fprintf(out, "  \"scoring_10000_recipients_2000_slots_seconds\": %.3f,\n", t_score);
        fprintf(stderr, "scoring 10000 x 2000: %.3f s (threshold %.1f, best %.1f, bound %.3g)\n",
                t_score, thr, best, exp(lb));
        /* the PRF choice: ChaCha20 keystream vs one SipHash (crypto_shorthash) per bit */
        unsigned char sk[crypto_shorthash_KEYBYTES] = {1}, in[16], h[8];
        double t_sip = now();
        unsigned acc = 0;
        for (int64_t j = 1; j <= 1000; j++)
            for (size_t s = 0; s < m; s++) {
                memcpy(in, &j, 8);
                uint64_t ss = s;
                memcpy(in + 8, &ss, 8);
                crypto_shorthash(h, in, sizeof in, sk);
                acc += h[0] & 1;
            }
        t_sip = (now() - t_sip) * (NREC / 1000.0);
        fprintf(out, "  \"siphash_per_bit_10000_x_2000_seconds_estimated\": %.3f,\n", t_sip);
        fprintf(stderr, "siphash per bit: %.3f s (estimate; acc %u)\n", t_sip, acc);
        tt_tardos__plan_release(&plan);
        tt_tardos__free(c);
        free(obs);
        free(oi);
        free(t1);
        free(t0);
        free(x);
    }
    /* issuing to 10,000 recipients through the vault (files, signatures, records) */
    {
        char dir[] = "/tmp/tt-bench-trace-XXXXXX";
        if (mkdtemp(dir)) {
            char vdir[64], csv[64], gpl[64], cdir[64], cmd[160];
            snprintf(vdir, sizeof vdir, "%s/vault", dir);
            snprintf(csv, sizeof csv, "%s/r.csv", dir);
            snprintf(gpl, sizeof gpl, "%s/gpl.txt", dir);
            snprintf(cdir, sizeof cdir, "%s/copies", dir);
            FILE *f = fopen(csv, "w"), *g = fopen(gpl, "w");
            fputs("name,contact,unit\n", f);
            for (int i = 1; i <= NREC; i++)
                fprintf(f, "Recipient %d,r%d@example.org,unit\n", i, i);
            fwrite(doc, 1, dlen, g);
            fclose(f);
            fclose(g);
            tt_vault *v = NULL;
            const char *paths[] = {gpl};
            tt_doc_info di = {0};
            size_t added, skipped;
            if (tt_vault_init(&v, vdir) == 0 && tt_vault_add_files(v, paths, 1, NULL, &di) == 0 &&
                tt_vault_recipients_import(v, csv, &added, &skipped) == 0) {
                tt_recipient *rs;
                size_t nr;
                tt_vault_recipient_list(v, &rs, &nr);
                double t0i = now();
                tt_issuer *is = NULL;
                int okk = tt_issuer_new(&is, v, di.id, NULL) == 0;
                for (size_t i = 0; okk && i < nr; i++) {
                    tt_issued cp;
                    okk = tt_issuer_copy(is, rs[i].name, cdir, &cp) == 0;
                }
                okk = okk && tt_issuer_finish(is) == 0;
                double ti = now() - t0i;
                tt_issuer_free(is);
                fprintf(out, "  \"issue_10000_copies_seconds\": %.2f,\n", okk ? ti : -1.0);
                fprintf(stderr, "issue 10000 copies: %.2f s (%s)\n", ti, okk ? "ok" : tt_vault_errmsg(v));
                tt_recipients_free(rs, nr);
            }
            tt_doc_info_release(&di);
            tt_vault_free(v);
            snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
            if (system(cmd) != 0)
                fprintf(stderr, "bench_trace: cannot remove %s\n", dir);
        }
    }
    fprintf(out, "  \"quick\": %s\n}\n", quick ? "true" : "false");
    fclose(out);
    for (int c = 0; c < NSINGLE; c++) {
        free(keep_obs[c]);
        free(keep_oi[c]);
        tt_mark__release(&marks[c]);
    }
    free(col_obs);
    free(col_oi);
    for (int k = 0; k < 3; k++)
        free(xs[k]);
    free(y);
    tt_buf_release(&memo);
    tt_text__release(&ot3);
    tt_mark__release(&m3);
    free(doc);
    return 0;
}
