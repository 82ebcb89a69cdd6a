/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_add.c: telltale add: register documents (all the files given, or none). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/scan.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale add FILE... [--title T] [--label L] [--json]\n"
    "\n"
    "Register documents in the vault: their exact bytes, a hash of them, and their text.\n"
    "FILE is plain text (.txt), Markdown (.md) or HTML (.html, .htm; also sniffed from a\n"
    "leading <!doctype or <html) or PDF (detected by content; its text, a scanned page by\n"
    "OCR; images are refused).  Each gets a short stable id (\"d\" and 8 hex digits of its\n"
    "SHA-256) used by issue, verify and trace.  A content already registered is reported\n"
    "and not added twice.  Malformed UTF-8 is kept in the original and read as U+FFFD in\n"
    "the text (a warning says how many bytes).  All files are added in one transaction:\n"
    "if one cannot be read (missing, a directory, empty), none is added.\n"
    "\n"
    "Options:\n"
    "  --title T   the title (default: the HTML <title>, else the first non-empty line,\n"
    "              at most 80 characters, else the file name)\n"
    "  --label L   a free label, e.g. a classification\n"
    "  --json      one line per file: {\"doc\": ID, \"title\": T, \"words\": N,\n"
    "              \"duplicate\": BOOL, \"sha256\": HEX, \"file\": PATH, \"media_type\": TYPE,\n"
    "              \"replaced\": N}\n"
    "\n"
    "Exit status: 0 registered (or already registered), 2 failure: nothing was added.\n";

int
cmd_add(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    tt_add_opts opts = {NULL, NULL};
    const char **files = calloc((size_t)argc, sizeof *files);
    if (!files)
        return fail("out of memory");
    size_t n = 0;
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (!only_files && (strcmp(a, "--title") == 0 || strcmp(a, "--label") == 0)) {
            if (i + 1 >= argc) {
                free(files);
                return usage_error("add", "%s needs a value", a);
            }
            *(a[2] == 't' ? &opts.title : &opts.label) = argv[++i];
        } else if (!only_files && strncmp(a, "--title=", 8) == 0) {
            opts.title = a + 8;
        } else if (!only_files && strncmp(a, "--label=", 8) == 0) {
            opts.label = a + 8;
        } else if (!only_files && a[0] == '-' && a[1] != '\0') {
            free(files);
            return usage_error("add", "unknown option '%s'", a);
        } else {
            files[n++] = a;
        }
    }
    if (n == 0) {
        free(files);
        return usage_error("add", "no file given");
    }
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v)) {
        free(files);
        return EXIT_TROUBLE;
    }
    int rc;
    tt_doc_info *info = calloc(n, sizeof *info);
    if (!info) {
        tt_vault_free(v);
        free(files);
        return fail("out of memory");
    }
    rc = tt_vault_add_files(v, files, n, &opts, info);
    if (rc) {
        int r = fail("%s", tt_vault_errmsg(v));
        free(info);
        tt_vault_free(v);
        free(files);
        return r;
    }
    /* Index now, as the manual says, so the first scan does not pay for it (and a scan
     * with a read-only vault still finds the documents).  The documents are registered
     * whatever happens here: a failure is reported, and scan or index will retry. */
    if (tt_index_refresh(v, NULL) != 0)
        warn("registered, but cannot index yet: %s (scan and 'telltale index' retry)",
             tt_vault_errmsg(v));
    for (size_t i = 0; i < n; i++) {
        tt_doc_info *d = &info[i];
        if (d->replaced)
            warn("'%s': %zu malformed UTF-8 byte%s read as U+FFFD", files[i], d->replaced,
                 d->replaced == 1 ? "" : "s");
        if (c->json) {
            json_t *j = json_pack("{s:s, s:s, s:I, s:b, s:s, s:s, s:s, s:I}", "doc", d->id,
                                  "title", d->title ? d->title : "", "words",
                                  (json_int_t)d->words, "duplicate", d->duplicate, "sha256",
                                  d->sha256, "file", files[i], "media_type",
                                  d->media_type ? d->media_type : "", "replaced",
                                  (json_int_t)d->replaced);
            char *s = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
            if (s)
                printf("%s\n", s);
            free(s);
            json_decref(j);
        } else if (d->duplicate) {
            printf("%s  already registered as \"%s\" (%s)\n", d->id,
                   cli_safe(d->title ? d->title : ""), cli_safe(files[i]));
        } else {
            printf("%s  added \"%s\" (%zu words, %s)\n", d->id,
                   cli_safe(d->title ? d->title : ""), d->words, cli_safe(files[i]));
        }
    }
    tt_doc_infos_free(info, n);
    tt_vault_free(v);
    free(files);
    return EXIT_NOTHING;
}
