/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_docs.c: what is in the vault, git-style: telltale docs (list), show DOC (one
 * document, its copies, its slots), copies [DOC] [--recipient NAME], retire DOC.
 *
 * Read-only but for retire, which the library logs and binds (tt_vault_doc_retire).  A DOC
 * is its id or a unique prefix of it; output names the full id.  Every untrusted string
 * (titles, labels, names, paths) goes through cli_safe/cli_fit; --json prints one object per
 * line, with the keys the man page lists.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/issue.h"
#include "telltale/vault.h"

static json_t *
doc_json(const tt_doc_info *d)
{
    return json_pack("{s:s, s:s, s:s?, s:I, s:s, s:I, s:s?}", "doc", d->id, "title",
                     d->title ? d->title : "", "label", d->label, "words", (json_int_t)d->words,
                     "added", d->added, "copies", (json_int_t)d->copies, "retired",
                     d->retired[0] ? d->retired : NULL);
}

/* "2026-11-27T18:20:37Z" as "2026-11-27 18:20" for a table. */
static const char *
short_time(const char *iso)
{
    static char b[20];
    if (strlen(iso) < 16)
        return iso;
    snprintf(b, sizeof b, "%.10s %.5s", iso, iso + 11);
    return b;
}

static const char docs_help[] =
    "usage: telltale docs [--json]\n"
    "\n"
    "List the registered documents, oldest first: id, title, label, words, date added,\n"
    "copies issued, and whether the document is retired.\n"
    "\n"
    "Options:\n"
    "  --json   one object per document: {\"doc\", \"title\", \"label\", \"words\", \"added\",\n"
    "           \"copies\", \"retired\"} (label and retired null when unset)\n"
    "\n"
    "Exit status: 0 done, 2 failure.\n";

int
cmd_docs(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(docs_help, stdout);
        return EXIT_NOTHING;
    }
    if (argc > 1)
        return usage_error("docs", argv[1][0] == '-' ? "unknown option '%s'"
                                                     : "unexpected argument '%s'",
                           argv[1]);
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    tt_doc_info *d;
    size_t n;
    int r = EXIT_NOTHING;
    if (tt_vault_doc_list(v, &d, &n)) {
        r = fail("%s", tt_vault_errmsg(v));
        goto out;
    }
    if (!c->json && n)
        printf("%-11s %-36s %-12s %7s  %-16s %6s  %s\n", "DOC", "TITLE", "LABEL", "WORDS",
               "ADDED", "COPIES", "STATE");
    for (size_t i = 0; i < n; i++) {
        if (c->json) {
            cli_print_json(doc_json(&d[i]));
            continue;
        }
        printf("%-11s ", d[i].id);
        cli_fit(d[i].title ? d[i].title : "", 36);
        putchar(' ');
        cli_fit(d[i].label ? d[i].label : "-", 12);
        printf(" %7zu  %-16s %6zu  %s\n", d[i].words, short_time(d[i].added), d[i].copies,
               d[i].retired[0] ? "retired" : "issued");
    }
    tt_doc_infos_free(d, n);
out:
    tt_vault_free(v);
    return r;
}

static const char show_help[] =
    "usage: telltale show DOC [--json]\n"
    "\n"
    "One document: its metadata, the copies issued of it (by recipient, with their dates),\n"
    "and a summary of its slots (the places a copy may differ).  DOC is a document id or a\n"
    "unique prefix of one.\n"
    "\n"
    "Options:\n"
    "  --json   {\"doc\", \"title\", \"label\", \"filename\", \"media_type\", \"sha256\", \"bytes\",\n"
    "           \"words\", \"added\", \"retired\", \"slots\", \"copies\": [{\"copy\", \"recipient\",\n"
    "           \"issued\", \"channels\", \"sha256\", \"path\"}]}\n"
    "\n"
    "Exit status: 0 done, 2 failure (an unknown or ambiguous DOC).\n";

static json_t *
copy_json(const tt_copy_info *k)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s?}", "copy", (json_int_t)k->id,
                     "doc", k->doc, "title", k->title, "recipient", k->recipient, "recipient_id",
                     (json_int_t)k->recipient_id, "issued", k->issued, "channels", k->channels,
                     "sha256", k->sha256, "path", k->path);
}

int
cmd_show(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(show_help, stdout);
        return EXIT_NOTHING;
    }
    if (argc != 2 || argv[1][0] == '-')
        return argc > 1 && argv[1][0] == '-'
                   ? usage_error("show", "unknown option '%s'", argv[1])
                   : usage_error("show", "say which document: show DOC");
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    int r = EXIT_NOTHING;
    tt_doc_info d = {0};
    tt_copy_info *k = NULL;
    size_t nk = 0;
    tt_slot_list *sl = NULL;
    if (tt_vault_doc_find(v, argv[1], &d) || tt_copy_list(v, d.id, NULL, &k, &nk)) {
        r = fail("%s", tt_vault_errmsg(v));
        goto out;
    }
    size_t nslots = 0;
    int slots_ok = tt_slot_list_new(&sl, v, d.id, NULL) == 0;
    if (slots_ok)
        nslots = tt_slot_list_count(sl);
    if (c->json) {
        json_t *j = doc_json(&d), *arr = json_array();
        for (size_t i = 0; j && arr && i < nk; i++)
            json_array_append_new(arr, copy_json(&k[i]));
        if (j) {
            json_object_set_new(j, "filename", json_string(d.filename ? d.filename : ""));
            json_object_set_new(j, "media_type", json_string(d.media_type ? d.media_type : ""));
            json_object_set_new(j, "sha256", json_string(d.sha256));
            json_object_set_new(j, "bytes", json_integer((json_int_t)d.bytes));
            json_object_set_new(j, "slots", slots_ok ? json_integer((json_int_t)nslots)
                                                     : json_null());
            json_object_set_new(j, "copies", arr ? arr : json_null());
        } else {
            json_decref(arr);
        }
        cli_print_json(j);
        goto out;
    }
    printf("document  %s\n", d.id);
    printf("title     %s\n", cli_safe(d.title ? d.title : ""));
    printf("label     %s\n", cli_safe(d.label ? d.label : "-"));
    printf("file      %s (%s, %zu bytes)\n", cli_safe(d.filename ? d.filename : "-"),
           cli_safe(d.media_type ? d.media_type : "?"), d.bytes);
    printf("sha256    %s\n", d.sha256);
    printf("words     %zu\n", d.words);
    printf("added     %s\n", d.added);
    printf("state     %s%s\n", d.retired[0] ? "retired " : "issued", d.retired);
    if (slots_ok)
        printf("slots     %zu (%.1f per 100 words; 'telltale slots %s' lists them)\n", nslots,
               d.words ? 100.0 * (double)nslots / (double)d.words : 0.0, d.id);
    else
        printf("slots     unknown: %s\n", cli_safe(tt_vault_errmsg(v)));
    printf("copies    %zu\n", nk);
    if (nk) {
        printf("\n  %-6s %-30s %-20s %s\n", "COPY", "RECIPIENT", "ISSUED", "CHANNELS");
        for (size_t i = 0; i < nk; i++) {
            printf("  %-6lld ", (long long)k[i].id);
            cli_fit(k[i].recipient, 30);
            printf(" %-20s %s\n", k[i].issued, cli_safe(k[i].channels));
        }
    }
out:
    tt_slot_list_free(sl);
    tt_copy_infos_free(k, nk);
    tt_doc_info_release(&d);
    tt_vault_free(v);
    return r;
}

static const char copies_help[] =
    "usage: telltale copies [DOC] [--recipient NAME] [--json]\n"
    "\n"
    "List the copies on record, in issue order: all of them, those of DOC, those a\n"
    "recipient received, or those of DOC that a recipient received.\n"
    "\n"
    "Options:\n"
    "  --recipient NAME  only the copies NAME received\n"
    "  --json            one object per copy: {\"copy\", \"doc\", \"title\", \"recipient\",\n"
    "                    \"recipient_id\", \"issued\", \"channels\", \"sha256\", \"path\"}\n"
    "\n"
    "Exit status: 0 done, 2 failure (an unknown DOC or recipient).\n";

int
cmd_copies(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(copies_help, stdout);
        return EXIT_NOTHING;
    }
    const char *doc = NULL, *who = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--recipient") == 0) {
            if (i + 1 >= argc)
                return usage_error("copies", "--recipient needs a NAME");
            who = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("copies", "unknown option '%s'", argv[i]);
        } else if (doc) {
            return usage_error("copies", "unexpected argument '%s'", argv[i]);
        } else {
            doc = argv[i];
        }
    }
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    int r = EXIT_NOTHING;
    tt_copy_info *k = NULL;
    size_t n = 0;
    if (tt_copy_list(v, doc, who, &k, &n)) {
        r = fail("%s", tt_vault_errmsg(v));
        goto out;
    }
    if (!c->json && n)
        printf("%-6s %-11s %-30s %-20s %s\n", "COPY", "DOC", "RECIPIENT", "ISSUED", "PATH");
    for (size_t i = 0; i < n; i++) {
        if (c->json) {
            cli_print_json(copy_json(&k[i]));
            continue;
        }
        printf("%-6lld %-11s ", (long long)k[i].id, k[i].doc);
        cli_fit(k[i].recipient, 30);
        printf(" %-20s %s\n", k[i].issued, cli_safe(k[i].path ? k[i].path : "-"));
    }
out:
    tt_copy_infos_free(k, n);
    tt_vault_free(v);
    return r;
}

static const char retire_help[] =
    "usage: telltale retire DOC [--json]\n"
    "\n"
    "Stop issuing DOC: 'telltale issue' refuses it from now on, while scan, verify and\n"
    "trace still find it and trace its copies.  Logged in the audit log.  Nothing is\n"
    "deleted: a registered document stays in the vault, so its leaks can be traced.\n"
    "\n"
    "Options:\n"
    "  --json   {\"doc\", \"title\", \"retired\"}\n"
    "\n"
    "Exit status: 0 done, 2 failure (unknown DOC, retired already).\n";

int
cmd_retire(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(retire_help, stdout);
        return EXIT_NOTHING;
    }
    if (argc != 2 || argv[1][0] == '-')
        return argc > 1 && argv[1][0] == '-'
                   ? usage_error("retire", "unknown option '%s'", argv[1])
                   : usage_error("retire", "say which document: retire DOC");
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    int r = EXIT_NOTHING;
    tt_doc_info d;
    if (tt_vault_doc_retire(v, argv[1], &d)) {
        r = fail("cannot retire '%s': %s", argv[1], tt_vault_errmsg(v));
    } else {
        if (c->json)
            cli_print_json(json_pack("{s:s, s:s, s:s}", "doc", d.id, "title",
                                     d.title ? d.title : "", "retired", d.retired));
        else
            printf("retired %s: %s\n", d.id, cli_safe(d.title ? d.title : ""));
        tt_doc_info_release(&d);
    }
    tt_vault_free(v);
    return r;
}
