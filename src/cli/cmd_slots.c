/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_slots.c: telltale slots DOC: review the places a marked copy may differ, and veto some. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/issue.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale slots DOC [--channels LIST] [--exclude PATTERN]... [--canary FILE]\n"
    "                      [--format txt|pdf]\n"
    "       telltale slots DOC --veto PATTERN | --unveto PATTERN | --vetoes\n"
    "\n"
    "List every slot of a registered document: each place where a marked copy may differ\n"
    "from the original without changing its meaning, with its two variants, so the owner\n"
    "can review them before issuing copies.  The variant the document has is marked '*'.\n"
    "\n"
    "Options:\n"
    "  --channels LIST    lexical (default), unicode (zero-width characters around spaces;\n"
    "                     survives copy-paste only), canary (needs --canary); comma-separated\n"
    "  --exclude PATTERN  drop slots whose rule name or either variant matches the shell\n"
    "                     glob PATTERN (case-insensitive); may be repeated\n"
    "  --canary FILE      owner-written alternative wordings, one per line:\n"
    "                     ORIGINAL SENTENCE => ALTERNATIVE SENTENCE\n"
    "  --format F         the slots of txt copies (default) or of pdf copies (issue --format\n"
    "                     pdf: printing loses the unicode channel, which is refused there,\n"
    "                     and adds the layout channel: word spaces drawn narrow or wide)\n"
    "  --veto PATTERN     add PATTERN to the document's veto list kept in the vault: later\n"
    "                     slot reviews and issues drop what it matches\n"
    "  --unveto PATTERN   remove PATTERN from the veto list\n"
    "  --vetoes           print the veto list\n"
    "  --json             one object per slot: {\"doc\": ID, \"line\": N, \"start\": B, \"end\": B,\n"
    "                     \"channel\": C, \"rule\": R, \"variants\": [V0, V1], \"orig\": 0|1|null}\n"
    "\n"
    "Rules: spelling, hyphenation, function-word, synonym, contraction (informal text only),\n"
    "ize-ise, our-or, re-er, l-ll, serial-comma, clause-comma, intro-comma, adverb-comma,\n"
    "that-omission (\"said that the\" / \"said the\"; \"think we\" / \"think that we\"),\n"
    "which-that, who-that, eg-comma, thousands-separator, number-digits (five/5),\n"
    "number-approx, date-order, am-pm, title-period, coordination-order (\"the modification\n"
    "and distribution\" / \"the distribution and modification\"), list-order (a list of three\n"
    "noun phrases, six orders), approx-word (about / around / approximately / roughly before\n"
    "a number, four variants), all-of (\"all the\" / \"all of the\"), dash-style, ellipsis,\n"
    "double-quote-style, apostrophe-style; unicode: zero-width-before-space,\n"
    "zero-width-after-space; canary.  No rule changes the value of a number, a name or a\n"
    "negation.\n"
    "\n"
    "Exit status: 0 done, 2 failure.\n";

/* Print a variant with invisible characters made visible: the two of the unicode channel
 * by name, the rest through the terminal sanitizer (cli_put_safe()). */
static void
show(const char *s)
{
    putchar('\'');
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        const char *name = NULL;
        size_t n = 1;
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)
            name = "<WJ>", n = 3;
        else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x8B)
            name = "<ZWSP>", n = 3;
        else if (*p == '\n')
            name = "\\n";
        if (name) {
            cli_put_safe(stdout, run, (size_t)((const char *)p - run), TT_TERM_NAME);
            fputs(name, stdout);
            run = (const char *)p + n;
        }
        p += n;
    }
    cli_put_safe(stdout, run, strlen(run), TT_TERM_NAME);
    putchar('\'');
}

int
cmd_slots(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    const char *doc = NULL, *veto = NULL, *unveto = NULL;
    int list_vetoes = 0;
    tt_mark_opts o = TT_MARK_OPTS_INIT;
    const char **ex = calloc((size_t)argc + 1, sizeof *ex);
    if (!ex)
        return fail("out of memory");
    int r = EXIT_NOTHING;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int needs = strcmp(a, "--channels") == 0 || strcmp(a, "--exclude") == 0 ||
                    strcmp(a, "--canary") == 0 || strcmp(a, "--veto") == 0 ||
                    strcmp(a, "--unveto") == 0 || strcmp(a, "--format") == 0;
        if (needs && i + 1 >= argc) {
            r = usage_error("slots", "%s needs a value", a);
            goto out;
        }
        if (strcmp(a, "--channels") == 0)
            o.channels = argv[++i];
        else if (strcmp(a, "--exclude") == 0)
            ex[o.nexclude++] = argv[++i];
        else if (strcmp(a, "--canary") == 0)
            o.canary_path = argv[++i];
        else if (strcmp(a, "--format") == 0) {
            o.format = argv[++i];
            if (strcmp(o.format, "txt") != 0 && strcmp(o.format, "pdf") != 0) {
                r = usage_error("slots", "unknown format '%s' (txt, pdf)", o.format);
                goto out;
            }
        } else if (strcmp(a, "--veto") == 0)
            veto = argv[++i];
        else if (strcmp(a, "--unveto") == 0)
            unveto = argv[++i];
        else if (strcmp(a, "--vetoes") == 0)
            list_vetoes = 1;
        else if (a[0] == '-' && a[1]) {
            r = usage_error("slots", "unknown option '%s'", a);
            goto out;
        } else if (!doc)
            doc = a;
        else {
            r = usage_error("slots", "unexpected argument '%s'", a);
            goto out;
        }
    }
    o.exclude = ex;
    if (!doc) {
        r = usage_error("slots", "which document? give its id");
        goto out;
    }
    tt_vault *v = NULL;
    if ((r = cli_open_vault(c, &v)))
        goto out;
    /* messages name the full id, as the log does, not the prefix typed */
    char fullid[24];
    tt_doc_info di;
    if (tt_vault_doc_find(v, doc, &di) == 0) {
        snprintf(fullid, sizeof fullid, "%s", di.id);
        tt_doc_info_release(&di);
        doc = fullid;
    }
    if (veto || unveto) {
        if ((veto ? tt_veto_add(v, doc, veto) : tt_veto_remove(v, doc, unveto)) != 0)
            r = fail("%s", tt_vault_errmsg(v));
        else if (c->json) {
            /* through jansson: the id is the user's argument and must be escaped */
            json_t *j = json_pack("{s:s, s:b}", "doc", doc, veto ? "vetoed" : "unvetoed", 1);
            char *js = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
            if (js)
                puts(js);
            else
                r = fail("out of memory");
            free(js);
            json_decref(j);
        }
        else
            printf("%s '%s' for %s\n", veto ? "vetoed" : "removed veto",
                   cli_safe(veto ? veto : unveto), cli_safe(doc));
        tt_vault_free(v);
        goto out;
    }
    if (list_vetoes) {
        char **p;
        size_t n;
        if (tt_veto_list(v, doc, &p, &n) != 0) {
            r = fail("%s", tt_vault_errmsg(v));
        } else {
            for (size_t i = 0; i < n; i++) {
                if (c->json) {
                    json_t *j = json_pack("{s:s, s:s}", "doc", doc, "veto", p[i]);
                    char *s = cli_json_dumps(j, JSON_COMPACT);
                    printf("%s\n", s);
                    free(s);
                    json_decref(j);
                } else {
                    printf("%s\n", cli_safe(p[i]));
                }
            }
            tt_vetoes_free(p, n);
        }
        tt_vault_free(v);
        goto out;
    }
    tt_slot_list *l = NULL;
    if (tt_slot_list_new(&l, v, doc, &o) != 0) {
        r = fail("%s", tt_vault_errmsg(v));
        tt_vault_free(v);
        goto out;
    }
    size_t n = tt_slot_list_count(l), words = tt_slot_list_words(l);
    size_t per[4] = {0};
    for (size_t i = 0; i < n; i++) {
        tt_slot_info s;
        tt_slot_list_get(l, i, &s);
        per[strcmp(s.channel, "lexical") == 0   ? 0
            : strcmp(s.channel, "unicode") == 0 ? 1
            : strcmp(s.channel, "canary") == 0  ? 2
                                                : 3]++;
        if (c->json) {
            json_t *vs = json_array();
            for (unsigned k = 0; vs && k < s.nvariants; k++)
                json_array_append_new(vs, json_string(tt_slot_list_variant(l, i, k)));
            json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:o, s:o}", "doc",
                                  tt_slot_list_doc(l), "line", (json_int_t)s.line, "start",
                                  (json_int_t)s.start, "end", (json_int_t)s.end, "channel",
                                  s.channel, "rule", s.rule, "variants", vs, "orig",
                                  s.orig < 0 ? json_null() : json_integer(s.orig));
            char *js = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
            if (js)
                printf("%s\n", js);
            free(js);
            json_decref(j);
        } else {
            printf("%5zu  %-8s %-22s %s", s.line, s.channel, s.rule, s.orig == 0 ? "*" : " ");
            show(s.variant[0]);
            printf("  %s", s.orig == 1 ? "*" : " ");
            show(s.variant[1]);
            for (unsigned k = 2; k < s.nvariants; k++) {
                printf("  %s", s.orig == (int)k ? "*" : " ");
                show(tt_slot_list_variant(l, i, k));
            }
            putchar('\n');
        }
    }
    if (!c->json && per[3])
        fprintf(stdout, "%zu slots in %s (%zu words; per 100 words: lexical %.1f, unicode %.1f, "
                        "canary %.1f, layout %.1f)\n",
                n, tt_slot_list_doc(l), words, words ? 100.0 * per[0] / words : 0,
                words ? 100.0 * per[1] / words : 0, words ? 100.0 * per[2] / words : 0,
                words ? 100.0 * per[3] / words : 0);
    else if (!c->json)
        fprintf(stdout, "%zu slots in %s (%zu words; per 100 words: lexical %.1f, unicode %.1f, "
                        "canary %.1f)\n",
                n, tt_slot_list_doc(l), words, words ? 100.0 * per[0] / words : 0,
                words ? 100.0 * per[1] / words : 0, words ? 100.0 * per[2] / words : 0);
    tt_slot_list_free(l);
    tt_vault_free(v);
out:
    free(ex);
    return r;
}
