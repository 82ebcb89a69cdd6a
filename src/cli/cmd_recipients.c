/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_recipients.c: telltale recipients add | import | list | show | rename | update |
 * retire | remove.  Every change is the library's (vault_recipients.c): logged and bound to the
 * audit log in one transaction.  A recipient who received copies is never removed: tracing
 * those copies needs their row; they are retired instead.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/issue.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale recipients add NAME... [--contact C] [--unit U] [--json]\n"
    "       telltale recipients import FILE.csv [--map COL=FIELD]... [--dry-run] [--json]\n"
    "       telltale recipients list [--json]\n"
    "       telltale recipients show NAME [--json]\n"
    "       telltale recipients rename NAME NEW-NAME [--json]\n"
    "       telltale recipients update NAME [--contact C] [--unit U] [--json]\n"
    "       telltale recipients retire NAME [--json]\n"
    "       telltale recipients remove NAME --force [--json]\n"
    "\n"
    "The people who receive marked copies.  Each recipient's number (id) is their row of\n"
    "the fingerprinting code; recipients are never renumbered.\n"
    "\n"
    "  add      add one or more recipients; names are unique.  If one name exists already,\n"
    "           none is added.  --contact and --unit apply to a single NAME.\n"
    "  import   add the recipients of a CSV file (RFC 4180 quoting).  Its first line is a\n"
    "           header naming the columns: name (required), contact or email, unit, in\n"
    "           any order, separated by ',', ';' or a tab (found in the header).  Names\n"
    "           present already are skipped and counted.  One transaction: anything\n"
    "           doubtful (no header, an unknown column, a line with another number of\n"
    "           fields, an empty name, a name like an e-mail address or a column name, a\n"
    "           name twice, a broken quote) imports nothing and names the line.\n"
    "  list     every recipient, in id order, with the copies each received\n"
    "  show     one recipient and the copies they received (document, title, date)\n"
    "  rename   give a recipient another name; their id, and so the attribution of\n"
    "           every copy they received, stays\n"
    "  update   change a recipient's --contact or --unit (an empty value clears it)\n"
    "  retire   issue no more copies to a recipient (an issue to all skips them, one\n"
    "           to them is refused); the copies they received are still traced to them\n"
    "  remove   delete a recipient who received no copy (needs --force; logged).  One who\n"
    "           received copies is refused: tracing those copies needs them; retire them\n"
    "\n"
    "Options:\n"
    "  --contact C  add, update: the recipient's contact (an e-mail address, a phone)\n"
    "  --unit U     add, update: the recipient's unit or team\n"
    "  --force      remove: really delete the recipient\n"    "  --map COL=FIELD  import: the header column COL holds FIELD (name, contact,\n"
    "               email, unit, or ignore); repeatable\n"
    "  --dry-run    import: check the file and print what would be added; change nothing\n"
    "  --json   add: {\"id\": N, \"name\": NAME}; import: {\"file\", \"added\", \"skipped\",\n"
    "           \"delimiter\", \"dry_run\", \"names\", \"present\"};\n"
    "           list, show: {\"id\", \"name\", \"contact\", \"unit\", \"added\", \"retired\",\n"
    "           \"copies\"} (show: \"copies\" is the list of {\"copy\", \"doc\", \"title\",\n"
    "           \"issued\"}); rename, update, retire, remove: the recipient as it is after\n"
    "           the change ({\"id\", \"name\", \"removed\": true} for remove)\n"
    "\n"
    "Exit status: 0 done, 2 failure (nothing was changed).\n";

static void
print_json(json_t *j)
{
    cli_print_json(j);
}

static json_t *
recipient_json(const tt_recipient *r)
{
    return json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s?, s:I}", "id", (json_int_t)r->id, "name",
                     r->name, "contact", r->contact, "unit", r->unit, "added", r->added,
                     "retired", r->retired[0] ? r->retired : NULL, "copies",
                     (json_int_t)r->copies);
}

static void
print_header(void)
{
    printf("%-6s %-30s %-30s %-16s %6s  %s\n", "ID", "NAME", "CONTACT", "UNIT", "COPIES",
           "STATE");
}

static void
print_recipient(const cli *c, const tt_recipient *r)
{
    if (c->json) {
        print_json(recipient_json(r));
    } else {
        printf("%-6lld ", (long long)r->id);
        cli_fit(r->name, 30);
        putchar(' ');
        cli_fit(r->contact ? r->contact : "-", 30);
        putchar(' ');
        cli_fit(r->unit ? r->unit : "-", 16);
        printf(" %6zu  %s\n", r->copies, r->retired[0] ? "retired" : "active");
    }
}

/* recipients show: the recipient and the copies they received. */
static int
do_show(cli *c, tt_vault *v, const char *name)
{
    tt_recipient rec;
    tt_copy_info *k = NULL;
    size_t n = 0;
    if (tt_vault_recipient_find(v, name, &rec))
        return fail("%s", tt_vault_errmsg(v));
    int r = EXIT_NOTHING;
    if (tt_copy_list(v, NULL, rec.name, &k, &n)) {
        r = fail("%s", tt_vault_errmsg(v));
        goto out;
    }
    if (c->json) {
        json_t *j = recipient_json(&rec), *arr = json_array();
        for (size_t i = 0; j && arr && i < n; i++)
            json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "copy",
                                                 (json_int_t)k[i].id, "doc", k[i].doc, "title",
                                                 k[i].title, "issued", k[i].issued, "sha256",
                                                 k[i].sha256, "path", k[i].path));
        if (j)
            json_object_set_new(j, "copies", arr ? arr : json_null());
        else
            json_decref(arr);
        print_json(j);
        goto out;
    }
    printf("recipient %lld\n", (long long)rec.id);
    printf("name      %s\n", cli_safe(rec.name));
    printf("contact   %s\n", cli_safe(rec.contact ? rec.contact : "-"));
    printf("unit      %s\n", cli_safe(rec.unit ? rec.unit : "-"));
    printf("added     %s\n", rec.added);
    printf("state     %s%s\n", rec.retired[0] ? "retired " : "active", rec.retired);
    printf("copies    %zu\n", n);
    if (n)
        printf("\n  %-6s %-11s %-36s %s\n", "COPY", "DOC", "TITLE", "ISSUED");
    for (size_t i = 0; i < n; i++) {
        printf("  %-6lld %-11s ", (long long)k[i].id, k[i].doc);
        cli_fit(k[i].title, 36);
        printf(" %s\n", k[i].issued);
    }
out:
    tt_copy_infos_free(k, n);
    tt_recipient_release(&rec);
    return r;
}

/* After a change: print the recipient now (name is their name after it). */
static int
print_changed(cli *c, tt_vault *v, const char *verb, const char *name)
{
    tt_recipient rec;
    if (tt_vault_recipient_find(v, name, &rec))
        return fail("%s", tt_vault_errmsg(v));
    if (c->json)
        print_json(recipient_json(&rec));
    else
        printf("%s recipient %lld: %s\n", verb, (long long)rec.id, cli_safe(rec.name));
    tt_recipient_release(&rec);
    return EXIT_NOTHING;
}

/* A copy of name as the library stores it, for messages: trimmed, each inner run of spaces
 * one space. */
static char *
trim_dup(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *r = malloc(strlen(s) + 1);
    if (!r)
        return NULL;
    size_t n = 0;
    for (; *s; s++) {
        if (*s == ' ' && r[n - 1] == ' ') /* n > 0: leading blanks were skipped */
            continue;
        r[n++] = *s;
    }
    while (n && (r[n - 1] == ' ' || r[n - 1] == '\t'))
        n--;
    r[n] = '\0';
    return r;
}

/* recipients import FILE.csv [--map COL=FIELD]... [--dry-run] */
static int
do_import(cli *c, tt_vault *v, int argc, char **argv)
{
    const char *file = NULL;
    const char **map = calloc((size_t)argc + 1, sizeof *map);
    tt_import_opts o = TT_IMPORT_OPTS_INIT;
    if (!map)
        return fail("out of memory");
    int r = EXIT_NOTHING;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0) {
            o.dry_run = 1;
        } else if (strcmp(argv[i], "--map") == 0) {
            if (i + 1 >= argc || !strchr(argv[i + 1], '=')) {
                r = usage_error("recipients", "--map needs COLUMN=FIELD");
                goto out;
            }
            map[o.nmap++] = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            r = usage_error("recipients", "unknown option '%s' for import", argv[i]);
            goto out;
        } else if (file) {
            r = usage_error("recipients", "import needs one FILE.csv");
            goto out;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        r = usage_error("recipients", "import needs one FILE.csv");
        goto out;
    }
    o.map = map;
    tt_import_report rep;
    if (tt_vault_recipients_import_ex(v, file, &o, &rep)) {
        r = fail("%s", tt_vault_errmsg(v));
        goto out;
    }
    const char *sep = rep.delimiter == '\t' ? "tab" : rep.delimiter == ';' ? ";" : ",";
    if (c->json) {
        json_t *j = json_pack("{s:s, s:I, s:I, s:s, s:b}", "file", file, "added",
                              (json_int_t)rep.added, "skipped", (json_int_t)rep.skipped,
                              "delimiter", sep, "dry_run", o.dry_run);
        json_t *names = json_array(), *present = json_array();
        for (size_t i = 0; names && present && i < rep.n; i++)
            json_array_append_new(rep.lines[i].present ? present : names,
                                  json_string(rep.lines[i].name));
        if (j && names && present) {
            json_object_set_new(j, "names", names);
            json_object_set_new(j, "present", present);
        } else {
            json_decref(names);
            json_decref(present);
        }
        print_json(j);
    } else if (o.dry_run) {
        for (size_t i = 0; i < rep.n; i++)
            printf("line %zu: %s %s\n", rep.lines[i].line,
                   rep.lines[i].present ? "present, skip" : "would add",
                   cli_safe(rep.lines[i].name));
        printf("dry run: would import %zu recipient%s from '%s' (separator '%s'), %zu "
               "already present; nothing was changed\n",
               rep.added, rep.added == 1 ? "" : "s", cli_safe(file), sep, rep.skipped);
    } else {
        printf("imported %zu recipient%s from '%s'", rep.added, rep.added == 1 ? "" : "s",
               cli_safe(file));
        if (rep.skipped)
            printf(" (%zu already present, skipped)", rep.skipped);
        printf("\n");
    }
    tt_import_report_release(&rep);
out:
    free(map);
    return r;
}

/* rename, update, retire, remove. */
static int
do_change(cli *c, tt_vault *v, const char *sub, int argc, char **argv)
{
    const char *contact = NULL, *unit = NULL, *args[2] = {NULL, NULL};
    int nargs = 0, force = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(sub, "update") == 0 &&
            (strcmp(argv[i], "--contact") == 0 || strcmp(argv[i], "--unit") == 0)) {
            if (i + 1 >= argc)
                return usage_error("recipients", "%s needs a value", argv[i]);
            *(argv[i][2] == 'c' ? &contact : &unit) = argv[i + 1];
            i++;
        } else if (strcmp(sub, "remove") == 0 && strcmp(argv[i], "--force") == 0) {
            force = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return usage_error("recipients", "unknown option '%s' for %s", argv[i], sub);
        } else if (nargs < 2) {
            args[nargs++] = argv[i];
        } else {
            return usage_error("recipients", "unexpected argument '%s'", argv[i]);
        }
    }
    int want = strcmp(sub, "rename") == 0 ? 2 : 1;
    if (nargs != want)
        return usage_error("recipients", want == 2 ? "rename needs NAME and NEW-NAME"
                                                   : "%s needs one NAME", sub);
    if (strcmp(sub, "update") == 0 && !contact && !unit)
        return usage_error("recipients", "update needs --contact or --unit");
    if (strcmp(sub, "remove") == 0 && !force)
        return usage_error("recipients", "remove deletes '%s' for good: add --force (or "
                                         "'recipients retire' to keep them on record)",
                           args[0]);
    int rc;
    if (strcmp(sub, "rename") == 0)
        rc = tt_vault_recipient_update(v, args[0], args[1], NULL, NULL);
    else if (strcmp(sub, "update") == 0)
        rc = tt_vault_recipient_update(v, args[0], NULL, contact, unit);
    else if (strcmp(sub, "retire") == 0)
        rc = tt_vault_recipient_retire(v, args[0]);
    else
        rc = tt_vault_recipient_remove(v, args[0]);
    if (rc)
        return fail("cannot %s '%s': %s", sub, args[0], tt_vault_errmsg(v));
    char *now = trim_dup(strcmp(sub, "rename") == 0 ? args[1] : args[0]);
    if (!now)
        return fail("out of memory");
    int r = EXIT_NOTHING;
    if (strcmp(sub, "remove") == 0) {
        if (c->json)
            print_json(json_pack("{s:s, s:b}", "name", now, "removed", 1));
        else
            printf("removed recipient %s\n", cli_safe(now));
    } else {
        r = print_changed(c, v,
                          strcmp(sub, "rename") == 0   ? "renamed"
                          : strcmp(sub, "update") == 0 ? "updated"
                                                       : "retired",
                          now);
    }
    free(now);
    return r;
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
        for (size_t k = 0; k < i && r == EXIT_NOTHING; k++) {
            char *a = trim_dup(names[i]), *b = trim_dup(names[k]);
            if (!a || !b)
                r = fail("out of memory");
            else if (strcmp(a, b) == 0)
                r = fail("recipient '%s' is given twice", a);
            free(a);
            free(b);
        }
        if (r != EXIT_NOTHING)
            goto out;
        tt_recipient rec;
        if (tt_vault_recipient_find(v, names[i], &rec) == 0) {
            r = fail("recipient '%s' exists", cli_safe(rec.name));
            tt_recipient_release(&rec);
            goto out;
        }
    }
    for (size_t i = 0; i < n; i++) {
        int64_t id;
        if (tt_vault_recipient_add(v, names[i], contact, unit, &id)) {
            r = fail("%s", tt_vault_errmsg(v));
            goto out;
        }
        char *t = trim_dup(names[i]);
        if (!t) {
            r = fail("out of memory");
            goto out;
        }
        if (c->json)
            print_json(json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", t));
        else
            printf("added recipient %lld: %s\n", (long long)id, cli_safe(t));
        free(t);
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
    static const char *const subs[] = {"add",    "import", "list",   "show",
                                       "rename", "update", "retire", "remove"};
    if (argc < 2)
        return usage_error("recipients",
                           "say add, import, list, show, rename, update, retire or remove");
    const char *sub = argv[1];
    int known = 0;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        known |= strcmp(sub, subs[i]) == 0;
    if (!known)
        return usage_error("recipients", "unknown subcommand '%s'", sub);
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
    } else if (strcmp(sub, "rename") == 0 || strcmp(sub, "update") == 0 ||
               strcmp(sub, "retire") == 0 || strcmp(sub, "remove") == 0) {
        r = do_change(c, v, sub, argc - 2, argv + 2);
    } else if (strcmp(sub, "import") == 0) {
        r = do_import(c, v, argc - 2, argv + 2);
    } else if (strcmp(sub, "list") == 0) {
        tt_recipient *list;
        size_t n;
        if (tt_vault_recipient_list(v, &list, &n)) {
            r = fail("%s", tt_vault_errmsg(v));
        } else {
            if (!c->json && n)
                print_header();
            for (size_t i = 0; i < n; i++)
                print_recipient(c, &list[i]);
            tt_recipients_free(list, n);
        }
    } else {
        r = do_show(c, v, argv[2]);
    }
    tt_vault_free(v);
    return r;
}
