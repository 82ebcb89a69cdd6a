/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_scan.c: throughput and quality of the detector on real prose, without a vault.
 *
 *   bench_scan --docs LIST --haystack FILE --out RESULT.json
 *              [--excerpts N] [--len CHARS] [--noise RATE] [--seed S] [--max-docs N]
 *              [--background DIR] [--min-words N] [--min-hits N] [--ext-min LETTERS]
 *              [--min-chance P] [--hay-items BYTES] [--case-docs N]
 *
 * LIST is a file naming one registered document per line (or a single text file).  The
 * haystack is unrelated prose.  The program registers the documents in an in-memory index,
 * scans the haystack as one stream (throughput, false findings per 100 MB), then hides N noisy
 * excerpts of LEN characters, each in its own item between two pieces of haystack, and counts
 * how many are found at the right place (recall).  Noise: each character is, with probability
 * RATE, substituted, deleted, doubled, or replaced by an OCR confusion (m->rn, l->1, o->0,
 * e->c).  Results go to RESULT.json; a summary line to stdout.  Never run as a timed test.
 * Without --background DIR, the background is what telltale seeds an empty one with (BSD,
 * GPL-2, LGPL-2.1 from /usr/share/common-licenses).  Run with no arguments and BENCH_WORK set
 * (bench/run.sh), it measures the bench corpora: reg10k.list registered, unrelated.txt as the
 * haystack, 400 excerpts of 150 characters at 2% noise, and prints the JSON to stdout.
 * Also printed (stderr): the clusters, unit-verified clusters and alignments per MB of
 * haystack, and histograms of the verified letters of clusters (and of those that became
 * findings) on the haystack and on the excerpts, which the chance calibration of scan.c rests
 * on.  --ext-min sets the verified-letters threshold (0: align every cluster); with
 * BENCH_MISSES=1 every missed excerpt is printed with its hit and cluster counts and the
 * document frequency of each of its fingerprints.  --case-docs N cuts the excerpts from the
 * first N documents only, so that runs at several --max-docs sizes (N at most the smallest)
 * scan the same excerpts in the same posts, as bench/scale.py does.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scan_internal.h"
#include "index.h"
#include "bgmodel.h"
#include "telltale/scan.h"
#include "common.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void
noisy(tt_buf *o, const char *s, size_t n, double rate)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((double)(rnd() % 1000000) / 1e6 >= rate || (unsigned char)c >= 0x80) {
            tt_buf_addc(o, c);
            continue;
        }
        switch (rnd() % 4) {
        case 0: tt_buf_addc(o, letters[rnd() % 26]); break;
        case 1: break;
        case 2: tt_buf_addc(o, c); tt_buf_addc(o, c); break;
        default:
            if (c == 'm') tt_buf_adds(o, "rn");
            else if (c == 'l') tt_buf_addc(o, '1');
            else if (c == 'o') tt_buf_addc(o, '0');
            else if (c == 'e') tt_buf_addc(o, 'c');
            else tt_buf_addc(o, letters[rnd() % 26]);
        }
    }
}

/* Whether the text of an excerpt is held by its source document only, as the recall
 * targets count excerpts ("whose text only one registered document holds"): the source has a
 * cluster of the clean excerpt's fingerprints (tt_detect__candidates_ix, which applies no
 * document-frequency rule) and no other document has one at least half as large.  An excerpt
 * of text the background or many documents share (font coverage lists, licence clauses) is
 * not: it cannot say which document leaked. */
static int
held_by_one(const tt_index *ix, const char *text, size_t len, const char *id)
{
    tt_candidate *c = NULL;
    size_t nc = 0, own = 0, other = 0;
    tt_err err = {0};
    if (tt_detect__candidates_ix(ix, text, len, &c, &nc, &err))
        return 0;
    for (size_t i = 0; i < nc; i++) {
        if (!strcmp(c[i].doc, id))
            own = TT_MAX(own, c[i].best_hits);
        else
            other = TT_MAX(other, c[i].best_hits);
    }
    free(c);
    return own > 0 && 2 * other < own;
}

/* The document frequency of each fingerprint of text[0..len) the index holds, in text order
 * ("3" or "3b" when the background model holds it; "-" for one the index does not hold), for
 * the printout of a missed excerpt. */
static void
df_profile(const tt_index *ix, const char *text, size_t len, char *out, size_t cap)
{
    tt_fp *fps = NULL;
    size_t n = 0, fcap = 0, o = 0;
    out[0] = '\0';
    if (tt_index__fingerprints(&fps, &n, &fcap, text, len, NULL))
        return;
    for (size_t i = 0; i < n && o + 8 < cap; i++) {
        const tt_index_entry *e;
        size_t m = tt_index__lookup(ix, fps[i].hash, &e);
        size_t df = 0;
        uint32_t last = UINT32_MAX;
        for (size_t j = 0; j < m; j++) {
            uint32_t d = tt_index__doc(ix, tt_index__gpos(e[j]));
            df += d != last;
            last = d;
        }
        int w = m ? snprintf(out + o, cap - o, "%s%zu%s", o ? " " : "", df,
                             tt_bgmodel__test(tt_bgmodel__builtin(), fps[i].hash) ? "b" : "")
                  : snprintf(out + o, cap - o, "%s-", o ? " " : "");
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
    }
    free(fps);
}

int
main(int argc, char **argv)
{
    const char *docs = NULL, *hay = NULL, *out = NULL, *bgdir = NULL;
    unsigned min_words = 0, min_hits = 0;
    double max_chance = 0;
    size_t hay_items = 0;
    long ext_min = -1;
    size_t nex = 200, exlen = 150, maxdocs = 100000, casedocs = 0;
    double rate = 0.02;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--docs")) docs = argv[i + 1];
        else if (!strcmp(argv[i], "--haystack")) hay = argv[i + 1];
        else if (!strcmp(argv[i], "--out")) out = argv[i + 1];
        else if (!strcmp(argv[i], "--excerpts")) nex = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--len")) exlen = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--noise")) rate = strtod(argv[i + 1], NULL);
        else if (!strcmp(argv[i], "--seed")) rng = strtoull(argv[i + 1], NULL, 10) | 1;
        else if (!strcmp(argv[i], "--max-docs")) maxdocs = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--background")) bgdir = argv[i + 1];
        else if (!strcmp(argv[i], "--min-words")) min_words = (unsigned)strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--ext-min")) ext_min = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--min-hits")) min_hits = (unsigned)strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--min-chance")) max_chance = strtod(argv[i + 1], NULL);
        else if (!strcmp(argv[i], "--hay-items")) hay_items = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--case-docs")) casedocs = strtoul(argv[i + 1], NULL, 10);
    }
    char defdocs[1024], defhay[1024], defbg[1024];
    int to_stdout = 0;
    const char *work = getenv("BENCH_WORK");
    if (argc == 1 && work) {
        /* called by bench/run.sh: the bench corpora (bench/corpus.py), 2% noise; the JSON goes
         * to stdout */
        snprintf(defdocs, sizeof defdocs, "%s/reg10k.list", work);
        snprintf(defhay, sizeof defhay, "%s/unrelated.txt", work);
        snprintf(defbg, sizeof defbg, "%s/background", work);
        docs = defdocs;
        hay = defhay;
        if (access(defbg, R_OK) == 0)
            bgdir = defbg;
        nex = 400;
        to_stdout = 1;
    }
    if (!docs || !hay) {
        if (argc == 1) {
            /* called by bench/run.sh without corpora: say so in the results, do not fail */
            printf("{\"skipped\": \"bench_scan needs --docs LIST --haystack FILE\"}\n");
            return 0;
        }
        fprintf(stderr, "usage: bench_scan --docs LIST --haystack FILE [--out JSON] ...\n");
        return 2;
    }
    char *list, *hs;
    size_t llen, hlen;
    tt_err err = {0};
    if (tt__read_file(&err, docs, &list, &llen) || tt__read_file(&err, hay, &hs, &hlen)) {
        fprintf(stderr, "bench_scan: %s\n", tt__errmsg(&err));
        return 2;
    }
    /* a list of paths, or a single document */
    tt_index_src *src = NULL;
    size_t n = 0, cap = 0, regbytes = 0;
    /* a list: every line names a file (relative paths are relative to the list's directory) */
    size_t ll = strlen(docs);
    int is_list = ll > 5 && !strcmp(docs + ll - 5, ".list");
    char ldir[1024];
    snprintf(ldir, sizeof ldir, "%s", docs);
    char *slash = strrchr(ldir, '/');
    if (slash)
        slash[1] = '\0';
    else
        ldir[0] = '\0';
    char *save = NULL;
    for (char *line = is_list ? strtok_r(list, "\n", &save) : NULL; line && n < maxdocs;
         line = strtok_r(NULL, "\n", &save)) {
        char *d;
        size_t dl;
        char lpath[2048];
        snprintf(lpath, sizeof lpath, "%s%s", line[0] == '/' ? "" : ldir, line);
        if (line[0] != '/' && access(lpath, R_OK) != 0) /* bench/corpus.py keeps them in reg/ */
            snprintf(lpath, sizeof lpath, "%sreg/%s", ldir, line);
        if (tt__read_file(NULL, lpath, &d, &dl) || dl == 0)
            continue;
        tt__grow(&src, &cap, n + 1, sizeof *src);
        char *id = malloc(24);
        snprintf(id, 24, "d%zu", n);
        src[n++] = (tt_index_src){id, line, d, dl};
        regbytes += dl;
    }
    if (!is_list) {
        tt__grow(&src, &cap, 1, sizeof *src);
        src[n++] = (tt_index_src){"d0", docs, list, llen};
        regbytes = llen;
    }
    /* background: every regular file of a directory */
    tt_index_src *bg = NULL;
    size_t nbg = 0, bgcap = 0;
    if (bgdir) {
        DIR *dd = opendir(bgdir);
        struct dirent *de;
        while (dd && (de = readdir(dd)) != NULL) {
            char path[1024];
            char *d;
            size_t dl;
            int pl = snprintf(path, sizeof path, "%s/%s", bgdir, de->d_name);
            if (pl < 0 || (size_t)pl >= sizeof path || de->d_name[0] == '.' ||
                tt__read_file(NULL, path, &d, &dl))
                continue;
            tt__grow(&bg, &bgcap, nbg + 1, sizeof *bg);
            bg[nbg++] = (tt_index_src){"bg", NULL, d, dl};
        }
        if (dd)
            closedir(dd);
    } else {
        /* what `telltale` seeds an empty background with (index.c) */
        static const char *seed[] = {"/usr/share/common-licenses/BSD",
                                     "/usr/share/common-licenses/GPL-2",
                                     "/usr/share/common-licenses/LGPL-2.1"};
        for (size_t i = 0; i < TT_ARRAY_LEN(seed); i++) {
            char *d;
            size_t dl;
            if (tt__read_file(NULL, seed[i], &d, &dl))
                continue;
            tt__grow(&bg, &bgcap, nbg + 1, sizeof *bg);
            bg[nbg++] = (tt_index_src){"bg", NULL, d, dl};
        }
    }
    double t0 = now();
    tt_index *ix;
    if (tt_index__from_texts(&ix, src, n, bg, nbg, &err)) {
        fprintf(stderr, "bench_scan: %s\n", tt__errmsg(&err));
        return 2;
    }
    double tbuild = now() - t0;
    tt_index_stats st;
    tt_index_stats_get(ix, &st);
    tt_scanner *sc;
    tt_scan_opts so = {TT_SCAN_OPTS_VERSION, min_words, min_hits, max_chance};
    tt_scanner_new(&sc, NULL, ix, &so);
    if (ext_min >= 0)
        tt_scan__set_ext_min(sc, (unsigned)ext_min);
    /* throughput and false findings over the haystack: one stream, or (--hay-items BYTES)
     * items of that size, as posts or pages would be (a finding's chance grows with its item) */
    t0 = now();
    tt_finding *f = NULL;
    size_t nf = 0, false_found = 0;
    size_t step = hay_items ? hay_items : (size_t)1 << 20;
    for (size_t off = 0; off < hlen; off += step) {
        tt_scanner_feed(sc, hs + off, TT_MIN(step, hlen - off));
        if (hay_items || off + step >= hlen) {
            tt_finding *g;
            size_t ng;
            tt_scanner_finish(sc, &g, &ng);
            false_found += ng;
            for (size_t i = 0; i < ng; i++)
                fprintf(stderr, "false finding: %s words=%zu hits=%zu chance=%.3g: %.300s\n"
                                "  registered: %.300s\n",
                        g[i].doc, g[i].matched_words, g[i].hits, g[i].chance, g[i].leak_text,
                        g[i].doc_text);
            if (ng) {
                tt_findings_free(f, nf);
                f = g, nf = ng;
            } else
                tt_findings_free(g, ng);
        }
    }
    double tscan = now() - t0;
    tt_scan_counters cn;
    tt_scan__counters(sc, &cn);
    tt_findings_free(f, nf);
    fprintf(stderr, "haystack: %zu false findings; not reported: %zu templated, %zu ordinary "
                    "language, %zu above the chance threshold\n",
            false_found, cn.templated, cn.common, cn.unlikely);
    fprintf(stderr, "fingerprints %zu; verified letters of clusters (haystack): ", cn.fingerprints);
    for (int b = 0; b < 33; b++)
        if (cn.vhist[b])
            fprintf(stderr, " %d:%zu/%zu", b * 8, cn.vhist[b], cn.fhist[b]);
    fprintf(stderr, "\n");
    fprintf(stderr, "verified letters of lone hits held by one document (haystack): ");
    for (int b = 0; b < 33; b++)
        if (cn.lhist[b])
            fprintf(stderr, " %d:%zu/%zu", b * 8, cn.lhist[b], cn.lfhist[b]);
    fprintf(stderr, "\n");
    /* recall */
    size_t found = 0, tried = 0, found1 = 0, tried1 = 0; /* 1: held by one document */
    tt_buf item, ex;
    tt_buf_init(&item);
    tt_buf_init(&ex);
    for (size_t e = 0; e < nex && n; e++) {
        const tt_index_src *d = &src[rnd() % (casedocs && casedocs < n ? casedocs : n)];
        if (d->len < exlen + 10)
            continue;
        size_t s = rnd() % (d->len - exlen);
        while (s > 0 && (unsigned char)d->text[s] >= 0x80 && ((unsigned char)d->text[s] & 0xc0) == 0x80)
            s--;
        item.len = 0;
        ex.len = 0;
        size_t h0 = rnd() % (hlen - 4000);
        tt_buf_add(&item, hs + h0, 1000);
        tt_buf_addc(&item, '\n');
        size_t ins0 = item.len;
        noisy(&item, d->text + s, exlen, rate);
        size_t ins1 = item.len;
        tt_buf_addc(&item, '\n');
        tt_buf_add(&item, hs + h0 + 2000, 1000);
        tried++;
        int one = held_by_one(ix, d->text + s, exlen, d->id);
        tried1 += (size_t)one;
        tt_scan_counters c0, c1;
        tt_scan__counters(sc, &c0);
        tt_scanner_feed(sc, item.data, item.len);
        tt_scanner_finish(sc, &f, &nf);
        int ok = 0;
        for (size_t i = 0; i < nf; i++)
            if (!strcmp(f[i].doc, d->id) && f[i].leak_start < ins1 && f[i].leak_end > ins0)
                ok = 1;
        found += ok;
        found1 += (size_t)(ok && one);
        if (!ok && getenv("BENCH_MISSES")) {
            tt_scan__counters(sc, &c1);
            for (size_t i = ins0; i < ins1; i++)
                if (item.data[i] == '\n')
                    item.data[i] = ' ';
            char dfs[512];
            df_profile(ix, &item.data[ins0], ins1 - ins0, dfs, sizeof dfs);
            fprintf(stderr, "miss %s%s: hits %zu clusters %zu verified %zu aligned %zu findings %zu "
                            "df [%s]: %.*s\n",
                    d->id, one ? "" : " (not one doc)", c1.hits - c0.hits, c1.clusters - c0.clusters,
                    c1.verified - c0.verified, c1.aligned - c0.aligned, nf, dfs, (int)(ins1 - ins0),
                    item.data + ins0);
        }
        tt_findings_free(f, nf);
    }
    double recall = tried ? (double)found / (double)tried : 0;
    double recall1 = tried1 ? (double)found1 / (double)tried1 : 0;
    tt_scan_counters cn2;
    tt_scan__counters(sc, &cn2);
    fprintf(stderr, "verified letters of clusters (excerpts): ");
    for (int b = 0; b < 33; b++)
        if (cn2.vhist[b] - cn.vhist[b])
            fprintf(stderr, " %d:%zu/%zu", b * 8, cn2.vhist[b] - cn.vhist[b],
                    cn2.fhist[b] - cn.fhist[b]);
    fprintf(stderr, "\n");
    fprintf(stderr, "verified letters of lone hits held by one document (excerpts): ");
    for (int b = 0; b < 33; b++)
        if (cn2.lhist[b] - cn.lhist[b])
            fprintf(stderr, " %d:%zu/%zu", b * 8, cn2.lhist[b] - cn.lhist[b],
                    cn2.lfhist[b] - cn.lfhist[b]);
    fprintf(stderr, "\n");
    double mbps = (double)hlen / 1e6 / tscan;
    double fp100 = (double)false_found * 100e6 / (double)hlen;
    fprintf(to_stdout ? stderr : stdout, "k=%d w=%d docs=%zu reg=%.1fMB fps=%zu mem=%.1fMB (%.2f/regMB) build=%.2fs | "
           "hay=%.1fMB %.1f MB/s false=%zu (%.2f/100MB) | recall(len=%zu noise=%.3f)=%.4f (%zu/%zu)"
           " | per MB: hits %.0f clusters %.0f verified %.0f aligned %.0f"
           " | text in 1 doc: recall %.4f (%zu/%zu)\n",
           TT_WINNOW_K, TT_WINNOW_W, n, regbytes / 1e6, st.fingerprints, st.memory / 1e6,
           (double)st.memory / (double)(regbytes ? regbytes : 1), tbuild, hlen / 1e6, mbps,
           false_found, fp100, exlen, rate, recall, found, tried, cn.hits * 1e6 / (double)hlen,
           cn.clusters * 1e6 / (double)hlen, cn.verified * 1e6 / (double)hlen,
           cn.aligned * 1e6 / (double)hlen, recall1, found1, tried1);
    if (out || to_stdout) {
        FILE *o = to_stdout ? stdout : fopen(out, "w");
        if (o) {
            fprintf(o,
                    "{\"k\": %d, \"w\": %d, \"docs\": %zu, \"registered_bytes\": %zu, "
                    "\"fingerprints\": %zu, \"index_bytes\": %zu, \"index_bytes_per_registered_byte\": %.3f, "
                    "\"build_seconds\": %.3f, \"haystack_bytes\": %zu, \"scan_seconds\": %.3f, "
                    "\"mb_per_s\": %.1f, \"false_findings\": %zu, \"false_per_100mb\": %.3f, "
                    "\"excerpt_chars\": %zu, \"noise\": %.4f, \"excerpts\": %zu, \"found\": %zu, "
                    "\"recall\": %.4f, \"excerpts_text_in_1_doc\": %zu, \"found_text_in_1_doc\": %zu, "
                    "\"recall_text_in_1_doc\": %.4f, \"clusters_per_mb\": %.1f, \"aligned_per_mb\": %.1f}\n",
                    TT_WINNOW_K, TT_WINNOW_W, n, regbytes, st.fingerprints, st.memory,
                    (double)st.memory / (double)(regbytes ? regbytes : 1), tbuild, hlen, tscan,
                    mbps, false_found, fp100, exlen, rate, tried, found, recall, tried1, found1,
                    recall1, cn.clusters * 1e6 / (double)hlen, cn.aligned * 1e6 / (double)hlen);
            if (o != stdout)
                fclose(o);
        }
    }
    tt_buf_release(&item);
    tt_buf_release(&ex);
    tt_scanner_free(sc);
    tt_index_free(ix);
    return 0;
}
