/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_recipients.c: telltale recipients add | import | list | show. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale recipients add NAME... [--contact C] [--unit U] [--json]\n"
    "       telltale recipients import FILE.csv [--json]\n"
    "       telltale recipients list [--json]\n"
    "       telltale recipients show NAME [--json]\n"
    "\n"
    "The people who receive marked copies.  Each recipient's number (id) is their row of\n"
    "the fingerprinting code; recipients are never renumbered or removed.\n"
    "\n"
    "  add      add one or more recipients; names are unique.  If one name exists already,\n"
    "           none is added.  --contact and --unit apply to a single NAME.\n"
    "  import   add the recipients of a CSV file: name,contact,unit per line (RFC 4180\n"
    "           quoting; a first line whose first field is \"name\" is a header).  Names\n"
    "           present already are skipped and counted.  One transaction: a malformed\n"
    "           line (an unclosed quote, more than three fields) imports nothing.\n"
    "  list     every recipient, in id order\n"
    "  show     one recipient\n"
    "\n"
    "Options:\n"
    "  --json   add: {\"id\": N, \"name\": NAME}; import: {\"added\": N, \"skipped\": N};\n"
    "           list, show: {\"id\": N, \"name\": NAME, \"contact\": C, \"unit\": U}\n"
    "\n"
    "Exit status: 0 done, 2 failure (nothing was changed).\n";

static void
print_json(json_t *j)
{
    char *s = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
    if (s)
        printf("%s\n", s);
    free(s);
    json_decref(j);
}

static void
print_recipient(const cli *c, const tt_recipient *r)
{
    if (c->json)
        print_json(json_pack("{s:I, s:s, s:s?, s:s?}", "id", (json_int_t)r->id, "name", r->name,
                             "contact", r->contact, "unit", r->unit));
    else {
        printf("%-6lld ", (long long)r->id);
        cli_pad(r->name, 30);
        putchar(' ');
        cli_pad(r->contact ? r->contact : "-", 30);
        printf(" %s\n", cli_safe(r->unit ? r->unit : "-"));
    }
}

static int
do_add(cli *c, tt_vault *v, int argc, char **argv)
{
    const char *contact = NULL, *unit = NULL;
    const char **names = calloc((size_t)argc + 1, sizeof *names);
    if (!names)
        return fail("out of memory");
    size_t n = 0;
    int r = EXIT_NOTHING;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--contact") == 0 || strcmp(argv[i], "--unit") == 0) {
            if (i + 1 >= argc) {
                r = usage_error("recipients", "%s needs a value", argv[i]);
                goto out;
            }
            *(argv[i][2] == 'c' ? &contact : &unit) = argv[i + 1];
            i++;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            r = usage_error("recipients", "unknown option '%s'", argv[i]);
            goto out;
        } else {
            names[n++] = argv[i];
        }
    }
    if (n == 0) {
        r = usage_error("recipients", "add needs a NAME");
        goto out;
    }
    if (n > 1 && (contact || unit)) {
        r = usage_error("recipients", "--contact and --unit apply to one NAME");
        goto out;
    }
    /* All or none: check every name before adding the first. */
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < i; k++)
            if (strcmp(names[i], names[k]) == 0) {
                r = fail("recipient '%s' is given twice", names[i]);
                goto out;
            }
        tt_recipient rec;
        if (tt_vault_recipient_find(v, names[i], &rec) == 0) {
            tt_recipient_release(&rec);
            r = fail("recipient '%s' exists", names[i]);
            goto out;
        }
    }
    for (size_t i = 0; i < n; i++) {
        int64_t id;
        if (tt_vault_recipient_add(v, names[i], contact, unit, &id)) {
            r = fail("%s", tt_vault_errmsg(v));
            goto out;
        }
        if (c->json)
            print_json(json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", names[i]));
        else
            printf("added recipient %lld: %s\n", (long long)id, cli_safe(names[i]));
    }
out:
    free(names);
    return r;
}

int
cmd_recipients(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    if (argc < 2)
        return usage_error("recipients", "say add, import, list or show");
    const char *sub = argv[1];
    if (strcmp(sub, "add") != 0 && strcmp(sub, "import") != 0 && strcmp(sub, "list") != 0 &&
        strcmp(sub, "show") != 0)
        return usage_error("recipients", "unknown subcommand '%s'", sub);
    if (strcmp(sub, "import") == 0 && argc != 3)
        return usage_error("recipients", "import needs one FILE.csv");
    if (strcmp(sub, "show") == 0 && argc != 3)
        return usage_error("recipients", "show needs one NAME");
    if (strcmp(sub, "list") == 0 && argc != 2)
        return usage_error("recipients", "unexpected argument '%s'", argv[2]);

    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    int r = EXIT_NOTHING;
    if (strcmp(sub, "add") == 0) {
        r = do_add(c, v, argc - 2, argv + 2);
    } else if (strcmp(sub, "import") == 0) {
        size_t added, skipped;
        if (tt_vault_recipients_import(v, argv[2], &added, &skipped)) {
            r = fail("%s", tt_vault_errmsg(v));
        } else if (c->json) {
            print_json(json_pack("{s:s, s:I, s:I}", "file", argv[2], "added", (json_int_t)added,
                                 "skipped", (json_int_t)skipped));
        } else {
            printf("imported %zu recipient%s from '%s'", added, added == 1 ? "" : "s",
                   cli_safe(argv[2]));
            if (skipped)
                printf(" (%zu already present, skipped)", skipped);
            printf("\n");
        }
    } else if (strcmp(sub, "list") == 0) {
        tt_recipient *list;
        size_t n;
        if (tt_vault_recipient_list(v, &list, &n)) {
            r = fail("%s", tt_vault_errmsg(v));
        } else {
            if (!c->json && n)
                printf("%-6s %-30s %-30s %s\n", "ID", "NAME", "CONTACT", "UNIT");
            for (size_t i = 0; i < n; i++)
                print_recipient(c, &list[i]);
            tt_recipients_free(list, n);
        }
    } else {
        tt_recipient rec;
        if (tt_vault_recipient_find(v, argv[2], &rec)) {
            r = fail("%s", tt_vault_errmsg(v));
        } else {
            print_recipient(c, &rec);
            tt_recipient_release(&rec);
        }
    }
    tt_vault_free(v);
    return r;
}
