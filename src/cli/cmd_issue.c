/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_issue.c: telltale issue DOC (--to NAME)... | --all: write marked, signed copies. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "telltale/issue.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale issue DOC (--to NAME)... | --all [--out DIR] [--channels LIST]\n"
    "                      [--format txt|pdf] [--paper a4|letter] [--collusion C]\n"
    "                      [--cutoff T] [--exclude PATTERN]... [--canary FILE]\n"
    "       telltale issue --check [--out DIR]\n"
    "\n"
    "Write one marked copy of a registered document for each recipient: it reads the same\n"
    "but differs invisibly at the document's slots (see 'telltale slots'), each set by the\n"
    "recipient's codeword, derived from the vault's marking key and their id.  Each copy is\n"
    "written as DIR/DOC-NAME.txt (.md for a Markdown original) with a detached signature\n"
    "DIR/DOC-NAME.txt.minisig, which 'minisign -Vm FILE -p VAULT/vault.pub' verifies.  Copies\n"
    "are recorded in the vault and the audit log; the same key, document, options and\n"
    "recipient always give the same bytes.  Copies and signatures are created with mode\n"
    "0600; a file already at a copy's name that is not that copy (another vault's, a\n"
    "symlink) is never replaced: the copy gets its SHA-256 prefix added to its name.\n"
    "\n"
    "Files are written before the transaction that records them commits, so a killed run\n"
    "may leave copies with no record, or temporary files: every run names such strays in\n"
    "DIR on stderr, and --check lists them (and the vault's temporary files).\n"
    "\n"
    "Options:\n"
    "  --to NAME          a recipient (repeat for several)\n"
    "  --all              every recipient who is not retired\n"
    "  --out DIR          where to write (default: copies)\n"
    "  --channels LIST    lexical (default), unicode, canary, comma-separated\n"
    "  --format F         txt (default: .txt, or .md for a Markdown original) or pdf: the\n"
    "                     marked text as a print-ready PDF (DejaVu Sans 11 pt embedded, a\n"
    "                     header with the document's label and page numbers); the unicode\n"
    "                     channel does not survive printing and is refused with pdf\n"
    "  --paper P          a4 (default) or letter, for --format pdf\n"
    "  --collusion C      the coalition size the code is tuned for (default 1: every bit a\n"
    "                     fair coin; C = 2: fair coins too; C = 3, 4: the discrete biases of\n"
    "                     Nuida et al.; larger C: the arcsine law)\n"
    "  --cutoff T         use the arcsine law with this bias cutoff (default 1/(300 C))\n"
    "  --exclude PATTERN  drop slots matching PATTERN (rule name or variant glob)\n"
    "  --canary FILE      alternative wordings, one 'ORIGINAL => ALTERNATIVE' per line\n"
    "  --check            issue nothing: list the strays in DIR and in the vault, one\n"
    "                     'PATH: WHY' per line ({\"stray\": PATH, \"why\": WHY} with --json);\n"
    "                     exit 1 when there are some\n"
    "  --json             one object per copy: {\"doc\": ID, \"recipient\": NAME, \"path\": PATH,\n"
    "                     \"slots\": N}\n"
    "\n"
    "Exit status: 0 done, 1 --check found strays, 2 failure (then no copy is recorded).\n";

static void
print_stray(void *ud, const char *path, const char *why)
{
    const cli *c = ud;
    if (!c->json) {
        printf("%s: %s\n", path, why);
        return;
    }
    json_t *j = json_pack("{s:s, s:s}", "stray", path, "why", why);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (s)
        printf("%s\n", s);
    free(s);
    json_decref(j);
}

static void
warn_stray(void *ud, const char *path, const char *why)
{
    (void)ud;
    warn("stray '%s': %s (see 'telltale issue --check')", path, why);
}

/* issue --check: strays in the output folder and in the vault directory. */
static int
check(cli *c, tt_vault *v, const char *out_dir)
{
    size_t n = 0, m = 0;
    if (tt_issue_strays(v, out_dir, print_stray, c, &n) ||
        tt_issue_strays(v, tt_vault_dir(v), print_stray, c, &m))
        return fail("%s", tt_vault_errmsg(v));
    return n + m ? EXIT_FOUND : EXIT_NOTHING;
}

/* A test hook (the library reads no environment): TELLTALE_TEST_KILL_AFTER=K makes issue
 * kill itself with SIGKILL after its K-th copy, so tests/cli/t0541 can stop it between any
 * two copies, as a power cut would. */
static long
kill_after(void)
{
    const char *e = getenv("TELLTALE_TEST_KILL_AFTER");
    return e && *e ? strtol(e, NULL, 10) : 0;
}

int
cmd_issue(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    const char *doc = NULL, *out_dir = "copies";
    int all = 0, check_only = 0;
    tt_mark_opts o = TT_MARK_OPTS_INIT;
    const char **to = calloc((size_t)argc + 1, sizeof *to);
    const char **ex = calloc((size_t)argc + 1, sizeof *ex);
    size_t nto = 0;
    int r = EXIT_NOTHING;
    tt_vault *v = NULL;
    tt_issuer *is = NULL;
    tt_recipient *recs = NULL;
    size_t nrecs = 0;
    if (!to || !ex) {
        r = fail("out of memory");
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int needs = strcmp(a, "--to") == 0 || strcmp(a, "--out") == 0 ||
                    strcmp(a, "--channels") == 0 || strcmp(a, "--collusion") == 0 ||
                    strcmp(a, "--cutoff") == 0 || strcmp(a, "--exclude") == 0 ||
                    strcmp(a, "--canary") == 0 || strcmp(a, "--format") == 0 ||
                    strcmp(a, "--paper") == 0;
        if (needs && i + 1 >= argc) {
            r = usage_error("issue", "%s needs a value", a);
            goto out;
        }
        if (strcmp(a, "--to") == 0) {
            to[nto++] = argv[++i];
        } else if (strcmp(a, "--all") == 0) {
            all = 1;
        } else if (strcmp(a, "--check") == 0) {
            check_only = 1;
        } else if (strcmp(a, "--out") == 0) {
            out_dir = argv[++i];
        } else if (strcmp(a, "--channels") == 0) {
            o.channels = argv[++i];
        } else if (strcmp(a, "--exclude") == 0) {
            ex[o.nexclude++] = argv[++i];
        } else if (strcmp(a, "--canary") == 0) {
            o.canary_path = argv[++i];
        } else if (strcmp(a, "--format") == 0) {
            o.format = argv[++i];
            if (strcmp(o.format, "txt") != 0 && strcmp(o.format, "pdf") != 0) {
                r = usage_error("issue", "unknown format '%s' (txt, pdf)", o.format);
                goto out;
            }
        } else if (strcmp(a, "--paper") == 0) {
            o.paper = argv[++i];
            if (strcasecmp(o.paper, "a4") != 0 && strcasecmp(o.paper, "letter") != 0) {
                r = usage_error("issue", "unknown paper '%s' (a4, letter)", o.paper);
                goto out;
            }
        } else if (strcmp(a, "--collusion") == 0) {
            char *end;
            long cc = strtol(argv[++i], &end, 10);
            if (*end || cc < 1 || cc > 1000) {
                r = usage_error("issue", "--collusion needs a number from 1 to 1000");
                goto out;
            }
            o.collusion = (unsigned)cc;
        } else if (strcmp(a, "--cutoff") == 0) {
            char *end;
            o.cutoff = strtod(argv[++i], &end);
            if (*end || !(o.cutoff > 0 && o.cutoff < 0.5)) {
                r = usage_error("issue", "--cutoff needs a number between 0 and 0.5");
                goto out;
            }
        } else if (a[0] == '-' && a[1]) {
            r = usage_error("issue", "unknown option '%s'", a);
            goto out;
        } else if (!doc) {
            doc = a;
        } else {
            r = usage_error("issue", "unexpected argument '%s'", a);
            goto out;
        }
    }
    o.exclude = ex;
    if (check_only) {
        if (doc || all || nto) {
            r = usage_error("issue", "--check takes no document and no recipients");
            goto out;
        }
        if (!(r = cli_open_vault(c, &v)))
            r = check(c, v, out_dir);
        goto out;
    }
    if (!doc) {
        r = usage_error("issue", "which document? give its id");
        goto out;
    }
    if (o.paper && !(o.format && strcmp(o.format, "pdf") == 0)) {
        r = usage_error("issue", "--paper is for PDF copies (--format pdf)");
        goto out;
    }
    if (!all && nto == 0) {
        r = usage_error("issue", "say --to NAME or --all");
        goto out;
    }
    if (all && nto) {
        r = usage_error("issue", "--to and --all exclude each other");
        goto out;
    }
    if ((r = cli_open_vault(c, &v)))
        goto out;
    size_t nstray = 0;
    if (tt_issue_strays(v, out_dir, warn_stray, NULL, &nstray)) {
        r = fail("%s", tt_vault_errmsg(v));
        goto out;
    }
    long kill_k = kill_after();
    if (all) {
        if (tt_vault_recipient_list(v, &recs, &nrecs)) {
            r = fail("%s", tt_vault_errmsg(v));
            goto out;
        }
        if (nrecs == 0) {
            r = fail("the vault has no recipients: add some with 'telltale recipients add'");
            goto out;
        }
    }
    if (tt_issuer_new(&is, v, doc, &o)) {
        r = fail("cannot issue '%s': %s", doc, tt_vault_errmsg(v));
        goto out;
    }
    size_t n = all ? nrecs : nto;
    for (size_t i = 0; i < n; i++) {
        const char *name = all ? recs[i].name : to[i];
        if (all && recs[i].retired[0])
            continue; /* retired: no more copies (recipients retire) */
        tt_issued cp;
        if (tt_issuer_copy(is, name, out_dir, &cp)) {
            r = fail("cannot issue '%s' to '%s': %s", doc, name, tt_vault_errmsg(v));
            goto out;
        }
        if (c->json) {
            json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:s}", "doc", cp.doc, "recipient",
                                  cp.recipient, "path", cp.path, "slots", (json_int_t)cp.slots,
                                  "sha256", cp.sha256);
            char *s = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
            if (s)
                printf("%s\n", s);
            free(s);
            json_decref(j);
        } else {
            printf("%s  %s (%zu slots)\n", cli_safe(cp.path), cli_safe(cp.recipient), cp.slots);
        }
        if (kill_k > 0 && (long)i + 1 == kill_k) {
            fflush(stdout);
            raise(SIGKILL);
        }
        if (c->progress && n > 100 && i % 100 == 0)
            fprintf(stderr, "\rissued %zu of %zu", i, n);
    }
    if (c->progress && n > 100)
        fprintf(stderr, "\rissued %zu of %zu\n", n, n);
    if (tt_issuer_finish(is)) {
        r = fail("cannot record the copies of '%s': %s", doc, tt_vault_errmsg(v));
        goto out;
    }
    if (tt_issuer_slots(is) == 0)
        warn("'%s' has no slots under these options: every copy is identical", doc);
out:
    tt_issuer_free(is);
    tt_recipients_free(recs, nrecs);
    tt_vault_free(v);
    free(to);
    free(ex);
    return r;
}
