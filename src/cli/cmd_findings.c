/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_findings.c: telltale findings (what watch and collect recorded) and telltale
 * export-index (the signed detection index for workers without a vault).
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/watch.h"

static const char findings_help[] =
    "usage: telltale findings [--since TIME] [--doc DOC] [--json]\n\n"
    "List the findings watch and collect recorded, oldest first: one per source, post,\n"
    "document and span, however often the post was delivered.\n\n"
    "Options:\n"
    "  --since TIME  only those recorded at or after TIME (UTC, ISO 8601: 2026-11-27 or\n"
    "                2026-11-27T18:00:00Z)\n"
    "  --doc DOC     only those of this document (an id or a unique prefix)\n"
    "  --json        one finding per line, as scan --json printed it, with \"recorded\"\n"
    "                (the time) added\n\n"
    "Exit status: 0 none, 1 some listed, 2 failure.\n";

/* A time prefix we can compare as text with the stored ISO 8601 UTC times. */
static int
valid_since(const char *s)
{
    static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
    size_t n = strlen(s);
    if (n < 4 || n > sizeof pat - 1)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
            return 0;
    }
    return 1;
}

int
cmd_findings(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(findings_help, stdout);
        return EXIT_NOTHING;
    }
    const char *since = NULL, *doc = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--since") == 0 || strcmp(argv[i], "--doc") == 0) {
            if (i + 1 >= argc || !*argv[i + 1])
                return usage_error("findings", "%s needs a value", argv[i]);
            if (argv[i][2] == 's')
                since = argv[++i];
            else
                doc = argv[++i];
        } else {
            return usage_error("findings", "unknown argument '%s'", argv[i]);
        }
    }
    if (since && !valid_since(since))
        return usage_error("findings", "--since needs a UTC time like 2026-11-27 or "
                                       "2026-11-27T18:00:00Z, not '%s'",
                           since);
    tt_vault *v;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    tt_finding_row *rows = NULL;
    size_t n = 0;
    if (tt_findings_list(v, since, doc, &rows, &n) != 0) {
        int r = fail("cannot list findings: %s", tt_vault_errmsg(v));
        tt_vault_free(v);
        return r;
    }
    for (size_t i = 0; i < n; i++) {
        const tt_finding_row *r = &rows[i];
        if (c->json) {
            /* the recorded line, with the time it was recorded */
            size_t l = strlen(r->json);
            if (l >= 2 && r->json[l - 1] == '}')
                printf("%.*s,\"recorded\":\"%s\"}\n", (int)(l - 1), r->json, r->time);
            else
                printf("%s\n", r->json);
            continue;
        }
        printf("%s  %s#%s  %s  %zu words, bytes %llu-%llu, chance %.1e, fingerprint %s\n",
               r->time, cli_safe(r->source), cli_safe(r->post), cli_safe(r->doc),
               r->matched_words, (unsigned long long)r->leak_start,
               (unsigned long long)r->leak_end, r->chance, r->fingerprint);
    }
    if (!c->json)
        fprintf(stderr, "telltale: %zu finding%s\n", n, n == 1 ? "" : "s");
    tt_finding_rows_free(rows, n);
    tt_vault_free(v);
    return n ? EXIT_FOUND : EXIT_NOTHING;
}

static const char export_help[] =
    "usage: telltale export-index --out FILE [--json]\n\n"
    "Write the detection index and the registered documents' texts to FILE (mode 0600,\n"
    "replaced atomically), signed with the vault's key, for workers that scan without a\n"
    "vault: 'telltale watch --index FILE --pubkey vault.pub ...'.  The file holds no key,\n"
    "but it holds the documents' text: keep it as confidential as the vault.  A worker\n"
    "refuses a file whose signature does not match vault.pub.\n\n"
    "Options:\n"
    "  --out FILE  where to write it\n"
    "  --json      print {\"path\": FILE, \"docs\": N, \"key_id\": ID}\n";

int
cmd_export_index(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(export_help, stdout);
        return EXIT_NOTHING;
    }
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0) {
            if (i + 1 >= argc || !*argv[i + 1])
                return usage_error("export-index", "--out needs a file name");
            out = argv[++i];
        } else {
            return usage_error("export-index", "unknown argument '%s'", argv[i]);
        }
    }
    if (!out)
        return usage_error("export-index", "--out FILE is required");
    if (cli_can_write(out) != 0)
        return fail("cannot write '%s': %s", out, tt_errno_text(errno));
    tt_vault *v;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    size_t docs = 0;
    int r = EXIT_NOTHING;
    if (tt_index_export(v, out, &docs) != 0) {
        r = fail("cannot export the index: %s", tt_vault_errmsg(v));
    } else {
        if (c->json) {
            json_t *o = json_pack("{s:s, s:I, s:s}", "path", out, "docs", (json_int_t)docs,
                                  "key_id", tt_vault_key_id(v));
            char *js = o ? cli_json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            if (js)
                printf("%s\n", js);
            free(js);
            json_decref(o);
        } else
            fprintf(stderr, "telltale: wrote '%s': %zu document%s, signed by key %s\n",
                    cli_safe(out), docs, docs == 1 ? "" : "s", tt_vault_key_id(v));
    }
    tt_vault_free(v);
    return r;
}
