/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h: what the telltale commands share: the global options, messages and exit codes.
 * The program uses only the public API in include/telltale/.
 *
 * Exit status (telltale(1)): 0 done and nothing found, 1 done and something found,
 * 2 usage error or failure, with one line on stderr: "telltale: cannot read 'x': why".
 */
#ifndef TT_CLI_H
#define TT_CLI_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "telltale/extract.h"
#include "telltale/scan.h"
#include "telltale/source.h"
#include "telltale/telltale.h"
#include "telltale/vault.h"

enum { EXIT_NOTHING = 0, EXIT_FOUND = 1, EXIT_TROUBLE = 2 };

typedef struct cli {
    const char *vault_dir; /* --vault, TELLTALE_VAULT, or ".telltale" */
    bool json;             /* --json: one JSON object per line on stdout */
    int busy_timeout_ms;   /* TELLTALE_BUSY_TIMEOUT_MS, or -1: the library's default */
    bool color;            /* stdout is a terminal and NO_COLOR is unset */
    bool progress;         /* stderr is a terminal (a command's --quiet clears it) */
    tt_extract_opts xopts; /* PDFs and images: TESSDATA_PREFIX, page workers (main.c) */
} cli;

typedef int (*cli_fn)(cli *c, int argc, char **argv);

/* The progress line on stderr (progress.c): shown only when c->progress (stderr a terminal,
 * no --quiet) and the work has lasted a second; erased by cli_progress_clear() before other
 * output and by cli_progress_end().  Thread-safe. */
typedef struct cli_progress {
    pthread_mutex_t mu;
    int on, drawn;
    const char *what;    /* "scan" */
    const char *unit;    /* what the inputs are called ("inputs" when NULL) */
    size_t inputs, done; /* inputs to do (0: not counted) and done */
    size_t items;        /* items read (posts, messages, entries) */
    uint64_t bytes, total_bytes; /* read, and to read (0: not known) */
    double t0, last, after;
} cli_progress;
void cli_progress_start(cli_progress *p, const cli *c, const char *what, size_t inputs,
                        uint64_t total_bytes);
/* Count bytes read, items read and inputs done, and redraw when it is time. */
void cli_progress_add(cli_progress *p, uint64_t bytes, size_t items, size_t done);
void cli_progress_clear(cli_progress *p);
void cli_progress_end(cli_progress *p);
/* A tt_source_opts.progress callback: arg is a cli_progress_input, one per source read. */
typedef struct cli_progress_input {
    cli_progress *p;
    uint64_t last;
} cli_progress_input;
void cli_progress_source(void *arg, uint64_t done, uint64_t total);

/* For an HTML report of a PDF or an image read with page images kept: the page on which
 * most words overlapping the byte spans of the text (nspans pairs start, end, in order,
 * not overlapping) lie, as pg (borrowing x's PNG) with the boxes of those words in the PNG's
 * pixels in *boxes (malloc'd, the caller frees, also on failure).  0, or -1 when there is no
 * page image to show (pages.c). */
struct tt_report_page;
/* For the HTML report of input file: when it is a PDF or an image (not "-", not FILE#ID)
 * whose text, read again with page images kept (c->xopts), is text[0..len), the page of
 * cli_report_page() for spans; *x (the reading, tt_extract_free) and *boxes (free) are the
 * caller's also on failure.  0, or -1: no page to show. */
int cli_file_page(cli *c, const char *file, const char *text, size_t len, const uint64_t *spans,
                  size_t nspans, tt_extract **x, struct tt_report_page *pg, int **boxes);
int cli_report_page(const tt_extract *x, const uint64_t *spans, size_t nspans,
                    struct tt_report_page *pg, int **boxes);

/* Print "telltale: msg" on stderr.  The message is made safe for a terminal as a whole
 * (TT_TERM_NAME), so a file name or a library message quoting input cannot carry escape
 * sequences; warn, fail and usage_error all do this. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "telltale: msg" on stderr and return EXIT_TROUBLE, for `return fail(...)`. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error and the hint to run --help; returns EXIT_TROUBLE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The value val of option opt of command cmd as a whole decimal number from lo to hi, in
 * *out: 0, or a usage error ("--batch needs a number from 1 to 4096, not 'x'") and
 * EXIT_TROUBLE, *out unchanged. */
int cli_number_opt(const char *cmd, const char *opt, const char *val, long lo, long hi,
                   long *out);

/* Scan argv for the options every command takes (--json, --help, and --vault DIR, which may
 * also follow the command) and remove them.
 * Returns true when --help was given (the caller prints its help and exits 0). */
bool cli_common_opts(cli *c, int *argc, char **argv);

/* Print s (untrusted, sanitized as cli_safe() does) on stdout followed by spaces up to
 * `width` terminal columns (at least none): the "%-30s" of a table, counted in display
 * columns rather than bytes (table.c). */
void cli_pad(const char *s, size_t width);

/* cli_pad(), but a string wider than width is clipped at a character boundary and ends in
 * an ellipsis, so that a long name or contact keeps its table in line (table.c). */
void cli_fit(const char *s, size_t width);

/* Print j on stdout as one line (cli_json_dumps, JSON_COMPACT) and release it; nothing when
 * j is NULL (jansson out of memory). */
struct json_t;
void cli_print_json(struct json_t *j);

/* s made safe for a terminal (tt_terminal_text(), TT_TERM_NAME): for a file name, post id,
 * title or name inside printf.  The result lives in a ring of 8 buffers (valid until the
 * eighth next call), so a printf may take several; main thread only.  NULL gives "(null)". */
const char *cli_safe(const char *s);

/* Write s[0..len) to f made safe for a terminal, in mode TT_TERM_NAME or TT_TERM_PASSAGE. */
void cli_put_safe(FILE *f, const char *s, size_t len, int mode);

/* json_dumps(j, flags) with C1 controls and invisible format characters written as \u
 * escapes (TT_TERM_JSON): the same JSON, safe on a terminal.  malloc'd, or NULL when out of
 * memory.  Thread-safe. */
struct json_t;
char *cli_json_dumps(const struct json_t *j, size_t flags);

/* Open the vault at c->vault_dir into *out, with c->xopts for PDFs and images.  On failure
 * print the one-line reason, leave *out NULL and return EXIT_TROUBLE (for `return`); 0 on
 * success, the caller frees (io.c). */
int cli_open_vault(const cli *c, tt_vault **out);
/* tt_vault_open_with() with the options the command line was given (the busy timeout). */
int cli_vault_open(const cli *c, tt_vault **out);

/* Read the whole of path ("-" is standard input) into a malloc'd buffer *out, NUL-terminated
 * after *out_len bytes; the caller frees it. Returns 0, or -1 with errno set: EFBIG when the
 * input is over tt_limit_input() bytes (io.c). */
int cli_read_file(const char *path, char **out, size_t *out_len);
/* Print why cli_read_file() failed for path ("too large (limit N MiB)" for EFBIG) and return
 * EXIT_TROUBLE. */
int cli_read_fail(const char *path);
/* FILE#ID: when arg is not itself a file but FILE before its last '#' is, read the text of
 * the item ID of that source (telltale/source.h: a message of an export, an entry of a zip)
 * into *out (malloc'd, NUL-terminated).  Returns 1 read, 0 when arg is not of that form
 * (read it as a file), or EXIT_TROUBLE after printing why (io.c). */
struct cli_item_meta;
int cli_read_item(const char *arg, char **out, size_t *out_len, struct cli_item_meta *m);
/* Apply TELLTALE_MAX_INPUT_MB (the input size limit, in MiB) if set.  Returns 0, or prints
 * why the value is bad and returns EXIT_TROUBLE. */
int cli_limits_from_env(void);

/* Write len bytes of data to path, replacing it atomically and durably with mode 0600
 * (tt_file_write, telltale/file.h).  Returns 0, or -1 with errno set (io.c). */
int cli_write_file(const char *path, const void *data, size_t len);

/* Write a report (HTML) to path like cli_write_file(); with sign, also path.minisig: the
 * vault's detached minisign signature of it, whose trusted comment says "telltale WHAT
 * report, made TIME, vault key KEYID" (`minisign -V -p VAULT/vault.pub -m path` checks it).
 * 0, or prints why and returns EXIT_TROUBLE (io.c). */
int cli_write_report(tt_vault *v, const char *path, const char *data, size_t len, int sign,
                     const char *what);
/* The UTC time now, ISO 8601 ("2026-11-27T18:20:37Z"). */
void cli_now(char out[32]);

/* Can path be written (it is not a directory, and its directory exists and takes new
 * files)?  0, or -1 with errno set (preflight.c).  For --html before the work is done. */
int cli_can_write(const char *path);

/* The inputs of a batch verify or trace (inputs.c): each argument is "-", a file, a folder
 * (its regular files, recursively, in name order, without hidden ones and .minisig files)
 * or FILE#ID (the post with id ID in the JSON-lines FILE).  *out is malloc'd, free it with
 * cli_inputs_free().  Prints why and returns EXIT_TROUBLE when a folder cannot be read. */
int cli_inputs_expand(char *const *args, size_t nargs, char ***out, size_t *out_n);
void cli_inputs_free(char **v, size_t n);
/* Read one input of cli_inputs_expand() whole, NUL-terminated (the text of the post for
 * FILE#ID).  0, or prints the failure and returns EXIT_TROUBLE. */
int cli_input_read(const char *name, char **out, size_t *out_len);
/* What the source says of an item read as FILE#ID (author, date, url, attachment; each
 * malloc'd or NULL), for the reports; cli_item_meta_free() releases them. */
typedef struct cli_item_meta {
    char *author, *date, *url, *attachment;
} cli_item_meta;
/* cli_input_read(), filling *m (zeroed first) when name is FILE#ID. */
int cli_input_read_meta(const char *name, char **out, size_t *out_len, cli_item_meta *m);
void cli_item_meta_free(cli_item_meta *m);
/* Is name a FILE#ID item (no file has the name as is)? */
int cli_input_is_item(const char *name);
/* A finding's stable id as scan prints it ("fingerprint"): the library's fingerprint
 * (document + normalized matched text), the source and the item (finding_json.c). */
void cli_finding_id(char out[17], const tt_finding *f, const char *source, const char *item);
/* The finding as the JSON object scan --json prints (a new reference, NULL when out of
 * memory): source, item (NULL: null), the reader's fields of it (format unless text or
 * jsonl, author, date, url, attachment), doc, title, words, coverage, hits, chance, the id,
 * spans; unless redact, the passages and the post's other fields (it->fields, a JSON
 * object).  Redaction drops author, url and attachment too. */
struct json_t *cli_finding_json(const tt_finding *f, const char *id, const char *source,
                                const char *item, const tt_source_item *it, int redact);

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
int cmd_docs(cli *c, int argc, char **argv);
int cmd_show(cli *c, int argc, char **argv);
int cmd_retire(cli *c, int argc, char **argv);
int cmd_compact(cli *c, int argc, char **argv);
int cmd_copies(cli *c, int argc, char **argv);
int cmd_watch(cli *c, int argc, char **argv);
int cmd_findings(cli *c, int argc, char **argv);
int cmd_export_index(cli *c, int argc, char **argv);
int cmd_collect(cli *c, int argc, char **argv);
int cmd_publish(cli *c, int argc, char **argv);

#endif
