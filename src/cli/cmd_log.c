/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_log.c: telltale log: show, verify or export the audit log. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale log [--json]\n"
    "       telltale log --verify [--json]\n"
    "       telltale log --export FILE\n"
    "\n"
    "The audit log: every init, add, recipient change, issue, scan, verify and trace, in\n"
    "order, each entry hash-chained to the one before and signed with the vault's key, and\n"
    "a signed head that records the last entry.  Reading the log is not itself logged.\n"
    "Without --json, long arguments are shortened (lists of more than 3 items as\n"
    "\"[N items]\", then cut to 100 columns) and the digests of the records an entry\n"
    "wrote (its \"bind\" list, the second item of each of a batch add's \"docs\") are\n"
    "left out; --json shows every entry in full.\n"
    "\n"
    "Options:\n"
    "  --verify       recompute every hash and check every signature and the head; names\n"
    "                 the first bad entry: edited, deleted, reordered or truncated; then\n"
    "                 check every record trace and verify rest on (documents, recipients,\n"
    "                 copies, vetoes, background, the marking key) against the digest the\n"
    "                 log recorded for it, and name each one edited, deleted, or written\n"
    "                 outside telltale\n"
    "  --export FILE  write the log as JSON lines to FILE and a minisign signature to\n"
    "                 FILE.minisig; keep them outside the vault and check them with\n"
    "                 'minisign -Vm FILE -p vault.pub'\n"
    "  --json         entries as {\"seq\": N, \"time\": T, \"user\": U, \"action\": A,\n"
    "                 \"args\": {...}, \"prev\": HEX, \"hash\": HEX}; with --verify\n"
    "                 {\"intact\": BOOL, \"entries\": N, \"bad_seq\": N, \"problem\": TEXT,\n"
    "                 \"consistent\": BOOL, \"records\": [{\"kind\": K, \"key\": KEY,\n"
    "                 \"problem\": \"edited\"|\"unlogged\"|\"missing\"|\"unreadable\",\n"
    "                 \"message\": TEXT}]}\n"
    "\n"
    "Exit status: 0 shown, or intact and consistent; 1 (--verify) the log or a record was\n"
    "tampered with; 2 failure.\n";

static json_t *
entry_json(const tt_log_entry *e)
{
    json_t *args = json_loads(e->args, 0, NULL);
    if (!args)
        args = json_string(e->args); /* an edited row may hold anything: show it as text */
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s}", "seq", (json_int_t)e->seq, "time",
                     e->time, "user", e->user, "action", e->action, "args", args, "prev", e->prev,
                     "hash", e->hash);
}

static void
print_json(json_t *j, FILE *f)
{
    char *s = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
    if (s)
        fprintf(f, "%s\n", s);
    free(s);
    json_decref(j);
}

static int
do_verify(cli *c, tt_vault *v)
{
    tt_log_entry *e;
    size_t n;
    if (tt_vault_log_list(v, &e, &n))
        return fail("%s", tt_vault_errmsg(v));
    char head[65] = "";
    if (n)
        snprintf(head, sizeof head, "%s", e[n - 1].hash);
    tt_log_entries_free(e, n);
    int64_t bad = 0;
    int rc = tt_vault_log_verify(v, &bad);
    if (rc && rc != TT_ETAMPER)
        return fail("%s", tt_vault_errmsg(v));
    /* then the records against the log: only a log that verifies can vouch for them */
    tt_vault_problem *p = NULL;
    size_t np = 0;
    if (rc == 0 && tt_vault_check(v, &p, &np) != 0)
        return fail("cannot check the vault against its log: %s", tt_vault_errmsg(v));
    if (c->json) {
        json_t *probs = json_array();
        for (size_t i = 0; i < np; i++)
            json_array_append_new(probs, json_pack("{s:s, s:s, s:s, s:s}", "kind", p[i].kind,
                                                   "key", p[i].key, "problem", p[i].problem,
                                                   "message", p[i].message));
        if (rc)
            print_json(json_pack("{s:b, s:I, s:I, s:s, s:b, s:o}", "intact", 0, "entries",
                                 (json_int_t)n, "bad_seq", (json_int_t)bad, "problem",
                                 tt_vault_errmsg(v), "consistent", 0, "records", probs),
                       stdout);
        else
            print_json(json_pack("{s:b, s:I, s:s, s:s, s:b, s:o}", "intact", 1, "entries",
                                 (json_int_t)n, "head", head, "key_id", tt_vault_key_id(v),
                                 "consistent", np == 0, "records", probs),
                       stdout);
    } else if (rc) {
        printf("audit log tampered: %s\n", tt_vault_errmsg(v));
        printf("vault not checked against its log: the log itself does not verify\n");
    } else {
        printf("audit log intact: %zu entries\n", n);
        printf("last hash: %s\n", head);
        printf("signed by key id %s (compare with the id you recorded at init)\n",
               tt_vault_key_id(v));
        if (np == 0)
            printf("vault consistent with its log\n");
        for (size_t i = 0; i < np; i++)
            printf("inconsistent (%s): %s\n", p[i].problem, p[i].message);
    }
    tt_vault_problems_free(p, np);
    return rc || np ? EXIT_FOUND : EXIT_NOTHING;
}

static int
do_export(tt_vault *v, const char *path)
{
    tt_log_entry *e;
    size_t n;
    if (tt_vault_log_list(v, &e, &n))
        return fail("%s", tt_vault_errmsg(v));
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        tt_log_entries_free(e, n);
        return fail("out of memory");
    }
    for (size_t i = 0; i < n; i++)
        print_json(entry_json(&e[i]), mem);
    fclose(mem);
    char comment[160];
    snprintf(comment, sizeof comment, "telltale audit log: %zu entries, last hash %s", n,
             n ? e[n - 1].hash : "none");
    tt_log_entries_free(e, n);
    int r = EXIT_NOTHING;
    char *sig = NULL;
    char sigpath[4096];
    snprintf(sigpath, sizeof sigpath, "%s.minisig", path);
    if (tt_vault_sign(v, text, len, comment, &sig)) {
        r = fail("%s", tt_vault_errmsg(v));
        goto out;
    }
    if (cli_write_file(path, text, len) != 0) {
        r = fail("cannot write '%s': %s", path, tt_errno_text(errno));
        goto out;
    }
    if (cli_write_file(sigpath, sig, strlen(sig)) != 0) {
        r = fail("cannot write '%s': %s", sigpath, tt_errno_text(errno));
        goto out;
    }
    fprintf(stderr, "telltale: wrote '%s' and '%s'\n", path, sigpath);
out:
    free(sig);
    free(text);
    return r;
}

enum { ARGS_MAX = 100 }; /* display columns of args in the human view */

/* The args of an entry for a terminal: arrays of more than 3 items shown as "[N items]" (an
 * issue to 50 recipients lists 50 names and hashes), then cut to ARGS_MAX columns with
 * "...".  --json shows everything. */
static void
print_human(const tt_log_entry *e)
{
    printf("%-5lld %s  ", (long long)e->seq, cli_safe(e->time));
    cli_pad(e->user, 12);
    putchar(' ');
    cli_pad(e->action, 18);
    putchar(' ');
    json_t *args = json_loads(e->args, 0, NULL);
    char *shown = NULL;
    if (json_is_object(args)) {
        const char *k;
        json_t *val;
        /* record digests (bind lists) are for log --verify; --json shows them */
        json_object_del(args, "bind");
        json_object_del(args, "unbind");
        /* a batch add's documents are [id, digest, file, bytes, words(, type)]: the same */
        json_t *docs = strcmp(e->action, "add") == 0 ? json_object_get(args, "docs") : NULL;
        size_t i;
        json_t *doc;
        json_array_foreach(docs, i, doc) json_array_remove(doc, 1);
        json_object_foreach(args, k, val) {
            if (json_is_array(val) && json_array_size(val) > 3) {
                char note[48];
                snprintf(note, sizeof note, "[%zu items]", json_array_size(val));
                json_object_set_new(args, k, json_string(note));
            }
        }
        shown = json_dumps(args, JSON_COMPACT | JSON_SORT_KEYS);
    }
    json_decref(args);
    /* JSON escapes C0 controls but not C1 or bidi controls, and an edited row is shown as
     * it is: made safe for a terminal either way */
    const char *s = cli_safe(shown ? shown : e->args);
    if (tt_display_width(s) <= ARGS_MAX) {
        printf("%s\n", s);
    } else {
        /* cut where a character ends, counting columns */
        size_t cut = tt_display_prefix(s, strlen(s), ARGS_MAX - 3, NULL);
        printf("%.*s...\n", (int)cut, s);
    }
    free(shown);
}

int
cmd_log(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    int verify = 0;
    const char *export = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verify") == 0)
            verify = 1;
        else if (strcmp(argv[i], "--export") == 0 && i + 1 < argc)
            export = argv[++i];
        else if (strcmp(argv[i], "--export") == 0)
            return usage_error("log", "--export needs a FILE");
        else
            return usage_error("log", "unexpected argument '%s'", argv[i]);
    }
    if (verify && export)
        return usage_error("log", "--verify and --export do not go together");
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    int r = EXIT_NOTHING;
    if (verify) {
        r = do_verify(c, v);
    } else if (export) {
        r = do_export(v, export);
    } else {
        tt_log_entry *e;
        size_t n;
        if (tt_vault_log_list(v, &e, &n)) {
            r = fail("%s", tt_vault_errmsg(v));
        } else {
            for (size_t i = 0; i < n; i++) {
                if (c->json)
                    print_json(entry_json(&e[i]), stdout);
                else
                    print_human(&e[i]);
            }
            tt_log_entries_free(e, n);
        }
    }
    tt_vault_free(v);
    return r;
}
