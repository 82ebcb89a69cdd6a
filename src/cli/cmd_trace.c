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

#define TT_ARRAY_LEN_(a) (sizeof(a) / sizeof((a)[0]))
#include "telltale/report.h"
#include "telltale/trace.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale trace FILE... [--doc DOC] [--max-false P] [--top N] [--html OUT [--sign]]\n"
    "       [--quiet]\n"
    "\n"
    "Name the recipient whose marked copy a leaked text came from.  Each FILE is a file, -\n"
    "for standard input, a folder (its files, recursively, in name order; hidden files and\n"
    ".minisig signatures left out) or FILE#ID, the post with id ID in a JSON-lines FILE (as\n"
    "scan names it); each is traced on its own and gets its own result.  The document is\n"
    "detected (or given with --doc), the leak is aligned to it,\n"
    "each slot the leak covers is read as 0, 1 or unreadable (never guessed), and every\n"
    "copy on record is scored with the symmetric Tardos score (a recipient given several\n"
    "copies, issued with different options, is scored once per copy).  An HTML leak (.html,\n"
    ".htm, or starting with <!doctype or <html) is reduced to the text a reader sees first;\n"
    "a PDF or an image of a page (PNG, JPEG, TIFF; detected by content) is read by poppler\n"
    "or Tesseract OCR, a word the OCR is unsure of being unreadable, never guessed.\n"
    "FILE#ID traces one item of a source: a message of a chat export, an entry of a zip,\n"
    "a mail by its Message-ID (the ids scan prints).\n"
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
    "                   spoke highlighted, a chart of suspect scores, each suspect's bound\n"
    "                   and copy, the document's title, when and from which vault it was\n"
    "                   made, what the evidence does not say, and for a PDF or a page\n"
    "                   image the page with the words whose slots were read); one input only\n"
    "  --sign           also write OUT.minisig, the vault's signature of the report\n"
    "                   (minisign -V -p VAULT/vault.pub -m OUT checks it)\n"
    "  --quiet          no progress line (shown on a terminal when the inputs take over\n"
    "                   a second: inputs done of how many, time left)\n"
    "  --json           {\"doc\": ID, \"observed_slots\": N, \"covered_slots\": N, \"copies\": N,\n"
    "                   \"aligned_words\": N, \"words_needed\": N|null, \"earlier_traces\": N,\n"
    "                   \"earlier_same_text\": N, \"suspects\":\n"
    "                   [{\"recipient\": NAME, \"copy\": ID, \"issued\": TIME, \"score\": X,\n"
    "                   \"p_value\": P, \"threshold\": X, \"accused\": BOOL}]}, strongest first;\n"
    "                   a PDF copy's layout channel adds \"layout\": {\"slots\": N, \"read\": N,\n"
    "                   \"agree\": N} (read from the word boxes; agree: as the first suspect's)\n"
    "\n"
    "Exit status: 0 nobody accused, 1 someone accused (in any input), 2 failure (of any\n"
    "input; the others are still traced).\n";

/* The HTML report, through the shared report writer (report.h): facts, the suspect chart
 * against the threshold, and the leak with the slots that spoke: read and as in the
 * strongest copy's bits, read and not, or covered but unreadable. */
enum { MAX_SUSPECT_FACTS = 10 };

static const char caveat[] =
    "Evidence, not a verdict: the bound is the chance that an innocent recipient scores this "
    "high, so an accusation is wrong with at most the stated probability; it says whose copy "
    "the text was made from, not who handed it on (a copy can be shared, stolen or "
    "forwarded). Keep the leak, this report and its signature, and hear the person.";

/* The windows of the slots read (or, when none was, of those covered), merged, as pairs of
 * byte offsets in order into *out (malloc'd); the boxes a page image outlines.  The count,
 * 0 when there is none or memory ran out. */
static size_t
slot_windows(const tt_trace *t, size_t len, uint64_t **out)
{
    size_t nr = tt_trace_nreadings(t), n = 0;
    *out = NULL;
    uint64_t *w = calloc(2 * nr + 2, sizeof *w);
    if (!w)
        return 0;
    for (int pass = 0; pass < 2 && n == 0; pass++)
        for (size_t i = 0; i < nr; i++) {
            tt_reading r;
            tt_trace_reading(t, i, &r);
            if (r.leak_end <= r.leak_start || r.leak_end > len || (pass == 0 && r.bit < 0))
                continue;
            w[2 * n] = r.leak_start;
            w[2 * n + 1] = r.leak_end;
            n++;
        }
    /* in order, overlaps merged (cli_report_page walks them with the words) */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && w[2 * k] < w[2 * (k - 1)]; k--) {
            uint64_t a = w[2 * k], b = w[2 * k + 1];
            w[2 * k] = w[2 * (k - 1)];
            w[2 * k + 1] = w[2 * (k - 1) + 1];
            w[2 * (k - 1)] = a;
            w[2 * (k - 1) + 1] = b;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && w[2 * i] <= w[2 * m - 1]) {
            if (w[2 * i + 1] > w[2 * m - 1])
                w[2 * m - 1] = w[2 * i + 1];
        } else {
            w[2 * m] = w[2 * i];
            w[2 * m + 1] = w[2 * i + 1];
            m++;
        }
    }
    *out = w;
    return m;
}

static int
write_html(tt_vault *v, const char *path, int sign, const char *src, const char *text,
           size_t len, const tt_trace *t, double max_false, const cli_item_meta *meta,
           const tt_report_page *page)
{
    char title[512], headline[512], copies[32], aligned[32], covered[32], observed[32],
        maxf[96], need[64], made[32], doctitle[512] = "";
    char sfk[MAX_SUSPECT_FACTS][160], sfv[MAX_SUSPECT_FACTS][200];
    snprintf(title, sizeof title, "telltale trace: %s", src);
    const char *doc = tt_trace_doc(t);
    size_t ns = tt_trace_nsuspects(t), nacc = tt_trace_accused(t);
    tt_report_suspect *sus = calloc(ns ? ns : 1, sizeof *sus);
    size_t nr = tt_trace_nreadings(t);
    tt_report_span *spans = calloc(nr ? nr : 1, sizeof *spans);
    char (*notes)[48] = calloc(nr ? nr : 1, sizeof *notes);
    if (!sus || !spans || !notes) {
        free(sus);
        free(spans);
        free(notes);
        errno = ENOMEM;
        return -1;
    }
    size_t wn = tt_trace_words_needed(t);
    if (!doc)
        snprintf(headline, sizeof headline, "The text matches no registered document");
    else if (nacc) {
        tt_suspect s0;
        tt_trace_suspect(t, 0, &s0);
        snprintf(headline, sizeof headline, "Accused: %s%s (bound %.3g)", s0.recipient,
                 nacc > 1 ? " and others" : "", s0.p_value);
    } else if (tt_trace_copies(t) == 0)
        snprintf(headline, sizeof headline, "Nobody can be accused: no copies of it were issued");
    else if (wn == SIZE_MAX)
        snprintf(headline, sizeof headline,
                 "Nobody can be accused: no slot could be read in this text");
    else if (wn == 0)
        snprintf(headline, sizeof headline,
                 "Nobody can be accused: no copy on record matches what was read");
    else
        snprintf(headline, sizeof headline,
                 "Nobody can be accused: about %zu more words like these are needed", wn);
    if (doc) {
        tt_doc_info di;
        if (tt_vault_doc_find(v, doc, &di) == 0) {
            snprintf(doctitle, sizeof doctitle, "%s: %s", doc, di.title ? di.title : "");
            tt_doc_info_release(&di);
        }
    }
    cli_now(made);
    double threshold = 0;
    for (size_t i = 0; i < ns; i++) {
        tt_suspect s;
        tt_trace_suspect(t, i, &s);
        sus[i] = (tt_report_suspect){s.recipient, s.score, s.accused};
        if (i == 0 && isfinite(s.threshold))
            threshold = s.threshold;
    }
    size_t nsp = 0, last_end = 0;
    for (size_t i = 0; i < nr; i++) {
        tt_reading r;
        tt_trace_reading(t, i, &r);
        if (r.leak_end <= r.leak_start || r.leak_end > len || r.leak_start < last_end) {
            /* several slots in one window: the window shows as read if any was */
            if (nsp && r.leak_start == spans[nsp - 1].start && r.bit >= 0 &&
                spans[nsp - 1].kind == TT_REPORT_SLOT_UNREADABLE)
                spans[nsp - 1].kind = r.agrees < 0 ? TT_REPORT_SLOT_READ
                                      : r.agrees   ? TT_REPORT_SLOT_AGREES
                                                   : TT_REPORT_SLOT_DIFFERS;
            continue;
        }
        if (r.bit < 0)
            snprintf(notes[nsp], sizeof notes[nsp], "%s: unreadable", r.rule);
        else /* a bit, or the variant of a slot of several */
            snprintf(notes[nsp], sizeof notes[nsp], "%s: read %d", r.rule, r.bit);
        int kind = r.bit < 0 ? TT_REPORT_SLOT_UNREADABLE
                   : r.agrees < 0 ? TT_REPORT_SLOT_READ
                   : r.agrees ? TT_REPORT_SLOT_AGREES
                              : TT_REPORT_SLOT_DIFFERS;
        spans[nsp] = (tt_report_span){r.leak_start, r.leak_end, kind, NULL, notes[nsp]};
        last_end = r.leak_end;
        nsp++;
    }
    snprintf(copies, sizeof copies, "%zu", tt_trace_copies(t));
    snprintf(aligned, sizeof aligned, "%zu", tt_trace_aligned_words(t));
    snprintf(covered, sizeof covered, "%zu", tt_trace_covered_slots(t));
    snprintf(observed, sizeof observed, "%zu", tt_trace_observed_slots(t));
    snprintf(maxf, sizeof maxf, "%g (accuse when copies x bound is at most this)", max_false);
    if (wn == SIZE_MAX)
        snprintf(need, sizeof need, "unknown (no slot read)");
    else
        snprintf(need, sizeof need, "%zu", wn);
    tt_report_fact facts[13 + MAX_SUSPECT_FACTS + 1];
    size_t nf = 0;
    /* FILE#ID: what the source says of the post (an officer's takedown needs it) */
    if (meta->author)
        facts[nf++] = (tt_report_fact){"author", meta->author};
    if (meta->date)
        facts[nf++] = (tt_report_fact){"date", meta->date};
    if (meta->url)
        facts[nf++] = (tt_report_fact){"URL", meta->url};
    if (meta->attachment)
        facts[nf++] = (tt_report_fact){"attachment", meta->attachment};
    facts[nf++] = (tt_report_fact){"document", doc ? (doctitle[0] ? doctitle : doc) : "none"};
    facts[nf++] = (tt_report_fact){"made", made};
    facts[nf++] = (tt_report_fact){"vault key id", tt_vault_key_id(v)};
    if (doc) {
        facts[nf++] = (tt_report_fact){"copies on record", copies};
        facts[nf++] = (tt_report_fact){"aligned words", aligned};
        facts[nf++] = (tt_report_fact){"slots covered", covered};
        facts[nf++] = (tt_report_fact){"slots read", observed};
        facts[nf++] = (tt_report_fact){"max false accusation", maxf};
        if (!nacc)
            facts[nf++] = (tt_report_fact){"more words needed", need};
        /* each suspect with its bound and the copy scored: who, how sure, which copy */
        for (size_t i = 0; i < ns && i < MAX_SUSPECT_FACTS; i++) {
            tt_suspect s;
            tt_trace_suspect(t, i, &s);
            snprintf(sfk[i], sizeof sfk[i], "%s %s", s.accused ? "accused" : "suspect",
                     s.recipient);
            snprintf(sfv[i], sizeof sfv[i], "score %.2f, bound %.3g; copy %lld issued %s",
                     s.score, s.p_value, (long long)s.copy, s.issued);
            facts[nf++] = (tt_report_fact){sfk[i], sfv[i]};
        }
        facts[nf++] = (tt_report_fact){"caveat", caveat};
    }
    tt_report rep = {
        .title = title,
        .headline = headline,
        .alarm = nacc > 0,
        .facts = facts,
        .nfacts = nf,
        .text = text,
        .text_len = len,
        .spans = spans,
        .nspans = nsp,
        .suspects = sus,
        .nsuspects = ns,
        .threshold = threshold,
        .slot_spans = 1,
        .slots_owner = tt_trace_readings_owner(t),
        .page = page,
    };
    char *html = NULL;
    size_t hlen = 0;
    int rc = tt_report_html(&rep, &html, &hlen);
    free(sus);
    free(spans);
    free(notes);
    if (rc) {
        errno = rc == TT_ENOMEM ? ENOMEM : EINVAL;
        return -1;
    }
    rc = cli_write_report(v, path, html, hlen, sign, "trace");
    free(html);
    return rc ? EXIT_TROUBLE : 0;
}

static int trace_one(cli *c, tt_vault *v, const char *file, const tt_trace_opts *opts,
                     const char *html, int sign);

int
cmd_trace(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    const char *html = NULL;
    int sign = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return fail("out of memory");
    tt_trace_opts o = TT_TRACE_OPTS_INIT;
    o.max_false = 1e-6;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int needs = strcmp(a, "--doc") == 0 || strcmp(a, "--max-false") == 0 ||
                    strcmp(a, "--top") == 0 || strcmp(a, "--html") == 0;
        if (needs && i + 1 >= argc) {
            free(files);
            return usage_error("trace", "%s needs a value", a);
        }
        if (strcmp(a, "--sign") == 0) {
            sign = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            c->progress = false;
        } else if (strcmp(a, "--doc") == 0) {
            o.doc = argv[++i];
        } else if (strcmp(a, "--html") == 0) {
            html = argv[++i];
        } else if (strcmp(a, "--max-false") == 0) {
            char *end;
            o.max_false = strtod(argv[++i], &end);
            if (*end || !(o.max_false > 0 && o.max_false < 1)) {
                free(files);
                return usage_error("trace", "--max-false needs a probability between 0 and 1");
            }
        } else if (strcmp(a, "--top") == 0) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 1000000) {
                free(files);
                return usage_error("trace", "--top needs a positive number");
            }
            o.top = (size_t)n;
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return usage_error("trace", "unknown option '%s'", a);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    int r = EXIT_NOTHING;
    char **inputs = NULL;
    size_t ninputs = 0;
    tt_vault *v = NULL;
    if (nfiles == 0)
        r = usage_error("trace", "which file? give FILE..., a folder, FILE#ID or -");
    else if (html && !*html)
        r = usage_error("trace", "--html needs a file name");
    else if (cli_inputs_expand(files, nfiles, &inputs, &ninputs))
        r = EXIT_TROUBLE;
    else if (sign && !html)
        r = usage_error("trace", "--sign signs the --html report: give --html OUT");
    else if (html && ninputs > 1)
        r = usage_error("trace", "--html writes the report of one input; %zu given", ninputs);
    /* trace records itself in the audit log: a report that cannot be written fails first */
    else if (html && cli_can_write(html) != 0)
        r = fail("cannot write '%s': %s", html, tt_errno_text(errno));
    else if (cli_open_vault(c, &v))
        r = EXIT_TROUBLE;
    int found = 0, trouble = 0;
    cli_progress prog;
    cli_progress_start(&prog, c, "trace", ninputs, 0);
    for (size_t i = 0; v && i < ninputs; i++) {
        cli_progress_clear(&prog);
        int one = trace_one(c, v, inputs[i], &o, html, sign);
        found |= one == EXIT_FOUND;
        trouble |= one == EXIT_TROUBLE;
        fflush(stdout);
        cli_progress_add(&prog, 0, 0, 1);
    }
    cli_progress_end(&prog);
    if (v)
        r = trouble ? EXIT_TROUBLE : found ? EXIT_FOUND : EXIT_NOTHING;
    tt_vault_free(v);
    cli_inputs_free(inputs, ninputs);
    free(files);
    return r;
}

/* Trace one input and print its result; EXIT_NOTHING, EXIT_FOUND or EXIT_TROUBLE. */
static int
trace_one(cli *c, tt_vault *v, const char *file, const tt_trace_opts *opts, const char *html,
          int sign)
{
    tt_trace_opts o = *opts;
    char *text;
    size_t len;
    cli_item_meta meta;
    if (cli_input_read_meta(file, &text, &len, &meta) != 0)
        return EXIT_TROUBLE;
    o.source = file;
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
                sus, json_pack("{s:s, s:I, s:s, s:f, s:f, s:o, s:b}", "recipient", s.recipient,
                               "copy", (json_int_t)s.copy, "issued", s.issued, "score",
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
        size_t same = 0, earlier = tt_trace_earlier_traces(t, &same);
        if (j && doc) {
            json_object_set_new(j, "earlier_traces", json_integer((json_int_t)earlier));
            json_object_set_new(j, "earlier_same_text", json_integer((json_int_t)same));
        }
        /* the layout channel of a PDF copy: its slots read from word boxes, and how many
         * of those agree with the strongest copy */
        size_t nl = 0, lread = 0, lagree = 0;
        for (size_t i = 0; i < tt_trace_nreadings(t); i++) {
            tt_reading rdg;
            tt_trace_reading(t, i, &rdg);
            if (!rdg.rule || strcmp(rdg.rule, "word-space") != 0)
                continue;
            nl++;
            lread += rdg.bit >= 0;
            lagree += rdg.bit >= 0 && rdg.agrees == 1;
        }
        if (j && nl)
            json_object_set_new(j, "layout",
                                json_pack("{s:I, s:I, s:I}", "slots", (json_int_t)nl, "read",
                                          (json_int_t)lread, "agree", (json_int_t)lagree));
        char *s = j ? cli_json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(j);
    } else if (!doc) {
        printf("%s: matches no registered document\n", cli_safe(o.source));
    } else if (tt_trace_copies(t) == 0) {
        printf("%s: document %s, but no copies of it were issued\n", cli_safe(o.source),
               cli_safe(doc));
    } else {
        printf("%s: document %s, %zu aligned words, %zu slots covered, %zu read, %zu copies\n",
               cli_safe(o.source), cli_safe(doc), tt_trace_aligned_words(t),
               tt_trace_covered_slots(t),
               tt_trace_observed_slots(t), tt_trace_copies(t));
        for (size_t i = 0; i < ns; i++) {
            tt_suspect s;
            tt_trace_suspect(t, i, &s);
            /* a recipient holding several copies is scored per copy: say which one */
            int several = 0;
            for (size_t k = 0; k < ns && !several; k++) {
                tt_suspect o2;
                tt_trace_suspect(t, k, &o2);
                several = k != i && strcmp(o2.recipient, s.recipient) == 0;
            }
            printf("  %-8s ", s.accused ? "ACCUSED" : "");
            cli_pad(s.recipient, 30);
            printf(" score %8.2f  bound %-10.3g", s.score, s.p_value);
            if (several)
                printf("  (copy %lld, issued %s)", s.copy, cli_safe(s.issued));
            putchar('\n');
        }
        size_t same = 0, earlier = tt_trace_earlier_traces(t, &same);
        if (earlier)
            printf("trace %zu of document %s (%zu before of this very text): over all of them "
                   "the chance that any accused an innocent is at most %zu x %g\n",
                   earlier + 1, cli_safe(doc), same, earlier + 1, o.max_false);
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
    size_t tlen;
    const char *traced = tt_trace_text(t, &tlen); /* an HTML leak: its text */
    if (html) {
        /* a PDF or a photographed page: the page with the words whose slots were read */
        uint64_t *win = NULL;
        size_t nwin = slot_windows(t, tlen, &win);
        tt_report_page pg;
        tt_extract *x = NULL;
        int *boxes = NULL;
        int shown = cli_file_page(c, file, traced, tlen, win, nwin, &x, &pg, &boxes) == 0;
        free(win);
        int w = write_html(v, html, sign, o.source, traced, tlen, t, o.max_false, &meta,
                           shown ? &pg : NULL);
        free(boxes);
        tt_extract_free(x);
        if (w < 0)
            r = fail("cannot write '%s': %s", html, tt_errno_text(errno));
        if (w) {
            r = EXIT_TROUBLE;
            goto out;
        }
    }
    if (tt_trace_accused(t) > 0)
        r = EXIT_FOUND;
out:
    tt_trace_free(t);
    free(text);
    cli_item_meta_free(&meta);
    return r;
}
