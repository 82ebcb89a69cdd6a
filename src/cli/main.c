/* SPDX-License-Identifier: Apache-2.0 */
/* main.c: the telltale program: global options, then one command from the table below. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct command {
    const char *name;
    cli_fn fn;
    const char *args;
    const char *summary;
} commands[] = {
    {"init", cmd_init, "", "create the vault and its keys"},
    {"add", cmd_add, "FILE... [--title T] [--label L]", "register documents"},
    {"recipients", cmd_recipients, "add NAME... | import FILE.csv | list | show NAME",
     "manage recipients"},
    {"slots", cmd_slots, "DOC", "review the places a copy may differ, and veto some"},
    {"issue", cmd_issue, "DOC (--to NAME)... | --all [--out DIR]", "write marked copies"},
    {"index", cmd_index, "--background FILE...", "teach the index what ordinary prose looks like"},
    {"scan", cmd_scan, "[PATH...|-] [--jsonl] [--redact]", "find excerpts of registered documents"},
    {"verify", cmd_verify, "FILE [--doc DOC]", "is a leak authentic? what was altered?"},
    {"trace", cmd_trace, "FILE [--doc DOC]", "who leaked it?"},
    {"log", cmd_log, "[--verify]", "show or verify the audit log"},
    {"docs", cmd_docs, "[--json]", "list the registered documents"},
    {"show", cmd_show, "DOC", "one document: its copies, by recipient and date, and its slots"},
    {"copies", cmd_copies, "[DOC] [--recipient NAME]", "list the copies issued"},
    {"retire", cmd_retire, "DOC", "stop issuing a document (it is still traced)"},
    {"compact", cmd_compact, "", "give back the space an upgraded vault keeps"},
    {"watch", cmd_watch, "(DIR | - | --nats URL --stream S)",
     "monitor continuously; findings into the vault"},
    {"findings", cmd_findings, "[--since T] [--doc DOC]", "findings recorded by watch"},
    {"export-index", cmd_export_index, "--out FILE", "the signed index for vault-less workers"},
    {"collect", cmd_collect, "--nats URL", "record the findings NATS workers publish"},
    {"publish", cmd_publish, "--nats URL --stream S [FILE]", "feed posts to a NATS stream"},
};

bool
cli_common_opts(cli *c, int *argc, char **argv)
{
    bool help = false;
    int j = 0;
    for (int i = 0; i < *argc; i++) {
        if (i > 0 && strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[j++] = argv[i++];
            break;
        }
        if (i > 0 && strcmp(argv[i], "--json") == 0)
            c->json = true;
        else if (i > 0 && strcmp(argv[i], "--vault") == 0 && i + 1 < *argc)
            c->vault_dir = argv[++i];
        else if (i > 0 && strncmp(argv[i], "--vault=", 8) == 0)
            c->vault_dir = argv[i] + 8;
        else if (i > 0 && (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0))
            help = true;
        else
            argv[j++] = argv[i];
    }
    *argc = j;
    argv[j] = NULL;
    return help;
}

static void
usage(FILE *f)
{
    fprintf(f, "usage: telltale [--vault DIR] COMMAND [OPTIONS] [ARGS]\n\n"
               "Find leaked documents, prove what was changed in them, name who leaked them.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOptions:\n"
               "  --vault DIR  the vault (default: $TELLTALE_VAULT, else ./.telltale)\n"
               "  --json       one JSON object per line on stdout (every command)\n"
               "  --help       help for telltale, or for a command\n"
               "  --version    print the version\n\n"
               "Exit status: 0 done and nothing found, 1 something found (a leak, an\n"
               "alteration, an accusation), 2 usage error or failure.\n"
               "See 'telltale COMMAND --help' and telltale(1).\n");
}

int
main(int argc, char **argv)
{
    /* Tesseract must run one thread per page worker (extract.h); its OpenMP runtime
     * (libgomp) would start up to 10 threads per recognizer, which on a small machine spend
     * more time fighting than reading.  libgomp reads OMP_THREAD_LIMIT once, when it is
     * loaded: that is when the library first loads Tesseract (dynlib.h), long after this, so
     * setting it here is enough (no library of this program loads libgomp at start).  If
     * that fails, carry on: only OCR is slower. */
    const char *omp = getenv("OMP_THREAD_LIMIT");
    if (!omp || strcmp(omp, "1") != 0)
        (void)setenv("OMP_THREAD_LIMIT", "1", 1);
    cli c = {0};
    c.busy_timeout_ms = -1;
    const char *env = getenv("TELLTALE_VAULT");
    c.vault_dir = env && *env ? env : ".telltale";
    c.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    c.progress = isatty(STDERR_FILENO);
    /* PDFs and images (telltale/extract.h): the library reads no environment, so the
     * Tesseract data directory comes from here. */
    const char *td = getenv("TESSDATA_PREFIX");
    c.xopts.tessdata = td && *td ? td : NULL;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    c.xopts.threads = ncpu > 0 && ncpu < 64 ? (unsigned)ncpu : 1;

    if (cli_limits_from_env())
        return EXIT_TROUBLE;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--vault") == 0) {
            if (i + 1 >= argc)
                return fail("--vault needs a directory");
            c.vault_dir = argv[++i];
        } else if (strncmp(argv[i], "--vault=", 8) == 0) {
            c.vault_dir = argv[i] + 8;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_NOTHING;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("telltale %s\n", tt_version());
            return EXIT_NOTHING;
        } else if (strcmp(argv[i], "--json") == 0) {
            c.json = true;
        } else {
            fprintf(stderr, "telltale: unknown option '%s'\n", cli_safe(argv[i]));
            usage(stderr);
            return EXIT_TROUBLE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_TROUBLE;
    }
    /* The library reads no environment: the CLI hands the busy timeout to every open.  A
     * person who set a wrong one wants to hear so, not wait 5 s instead of 60. */
    const char *busy = getenv("TELLTALE_BUSY_TIMEOUT_MS");
    if (busy && *busy) {
        char *end;
        errno = 0;
        long ms = strtol(busy, &end, 10);
        if (*end || errno || ms < 0 || ms > 3600000)
            return fail("TELLTALE_BUSY_TIMEOUT_MS must be a number of milliseconds from 0 to "
                        "3600000, not '%s'",
                        busy);
        c.busy_timeout_ms = (int)ms;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(argv[i], commands[k].name) == 0)
            return commands[k].fn(&c, argc - i, argv + i);
    fprintf(stderr, "telltale: unknown command '%s'\n", cli_safe(argv[i]));
    usage(stderr);
    return EXIT_TROUBLE;
}
