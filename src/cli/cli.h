/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h: what the telltale commands share: the global options, messages and exit codes.
 * The program uses only the public API in include/telltale/.
 *
 * Exit status (DESIGN.md §3): 0 done and nothing found, 1 done and something found,
 * 2 usage error or failure, with one line on stderr: "telltale: cannot read 'x': why".
 */
#ifndef TT_CLI_H
#define TT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "telltale/extract.h"
#include "telltale/telltale.h"
#include "telltale/vault.h"

enum { EXIT_NOTHING = 0, EXIT_FOUND = 1, EXIT_TROUBLE = 2 };

typedef struct cli {
    const char *vault_dir; /* --vault, TELLTALE_VAULT, or ".telltale" */
    bool json;             /* --json: one JSON object per line on stdout */
    bool color;            /* stdout is a terminal and NO_COLOR is unset */
    bool progress;         /* stderr is a terminal */
    tt_extract_opts xopts; /* PDFs and images: TESSDATA_PREFIX, page workers (main.c) */
} cli;

typedef int (*cli_fn)(cli *c, int argc, char **argv);

/* Print "telltale: msg" on stderr. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "telltale: msg" on stderr and return EXIT_TROUBLE, for `return fail(...)`. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error and the hint to run --help; returns EXIT_TROUBLE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Scan argv for the options every command takes (--json, --help) and remove them.
 * Returns true when --help was given (the caller prints its help and exits 0). */
bool cli_common_opts(cli *c, int *argc, char **argv);

/* Print s on stdout followed by spaces up to `width` terminal columns (at least none):
 * the "%-30s" of a table, counted in display columns rather than bytes (table.c). */
void cli_pad(const char *s, size_t width);

/* Open the vault at c->vault_dir into *out, with c->xopts for PDFs and images.  On failure
 * print the one-line reason, leave *out NULL and return EXIT_TROUBLE (for `return`); 0 on
 * success, the caller frees (io.c). */
int cli_open_vault(const cli *c, tt_vault **out);

/* Read the whole of path ("-" is standard input) into a malloc'd buffer *out, NUL-terminated
 * after *out_len bytes; the caller frees it. Returns 0, or -1 with errno set (io.c). */
int cli_read_file(const char *path, char **out, size_t *out_len);

/* Write len bytes of data to path, replacing it atomically and durably with mode 0600
 * (tt_file_write, telltale/file.h).  Returns 0, or -1 with errno set (io.c). */
int cli_write_file(const char *path, const void *data, size_t len);

/* The commands (one cmd_<name>.c each). */
int cmd_init(cli *c, int argc, char **argv);
int cmd_add(cli *c, int argc, char **argv);
int cmd_recipients(cli *c, int argc, char **argv);
int cmd_slots(cli *c, int argc, char **argv);
int cmd_issue(cli *c, int argc, char **argv);
int cmd_index(cli *c, int argc, char **argv);
int cmd_scan(cli *c, int argc, char **argv);
int cmd_verify(cli *c, int argc, char **argv);
int cmd_trace(cli *c, int argc, char **argv);
int cmd_log(cli *c, int argc, char **argv);

#endif
