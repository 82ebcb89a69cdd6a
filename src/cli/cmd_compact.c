/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_compact.c: telltale compact: give back the space an upgraded vault's database keeps. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale compact [--json]\n"
    "\n"
    "Rewrite the vault's database without the space it keeps free, in 16 KiB pages.  A\n"
    "vault upgraded from an older telltale keeps the pages its old rows freed (index\n"
    "fingerprints, texts stored twice) and, when made before 16 KiB pages, its 4 KiB\n"
    "ones, until this runs; a vault made by this version rarely gains much.  No record\n"
    "changes: the database is rewritten by SQLite in one transaction, so after a crash it\n"
    "is as it was or compacted.  It needs free disk space about the database's size, and,\n"
    "to change the page size, the vault to itself (no other telltale running on it).\n"
    "Logged in the audit log.\n"
    "\n"
    "Options:\n"
    "  --json   {\"bytes_before\", \"bytes_after\", \"page_size_before\", \"page_size\",\n"
    "           \"free_pages_before\"}\n"
    "\n"
    "Exit status: 0 done, 2 failure (the vault busy, the disk full).\n";

int
cmd_compact(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    if (argc > 1)
        return usage_error("compact",
                           argv[1][0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'",
                           argv[1]);
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    int r = EXIT_NOTHING;
    tt_vault_compact_info ci;
    if (tt_vault_compact(v, &ci)) {
        r = fail("cannot compact the vault: %s", tt_vault_errmsg(v));
    } else if (c->json) {
        cli_print_json(
            json_pack("{s:I, s:I, s:I, s:I, s:I}", "bytes_before", (json_int_t)ci.bytes_before,
                      "bytes_after", (json_int_t)ci.bytes_after, "page_size_before",
                      (json_int_t)ci.page_size_before, "page_size", (json_int_t)ci.page_size,
                      "free_pages_before", (json_int_t)ci.free_pages_before));
    } else {
        printf("compacted vault.db: %lld bytes before, %lld after (%lld-byte pages, were "
               "%lld; %lld free pages given back)\n",
               (long long)ci.bytes_before, (long long)ci.bytes_after, (long long)ci.page_size,
               (long long)ci.page_size_before, (long long)ci.free_pages_before);
    }
    tt_vault_free(v);
    return r;
}
