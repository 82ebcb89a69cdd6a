/* SPDX-License-Identifier: Apache-2.0 */
/*
 * io.c: what several commands did each in their own words (cli.h): open the vault and say
 * why not in one line, write an output file, and read a whole input file (or "-", standard input) into memory.
 * The buffer is NUL-terminated one past its length so text callers may treat it as a string;
 * a read error is never mistaken for end of file.  Output files go through the library's
 * one atomic writer, tt_file_write (telltale/file.h): never half-written, never written
 * through a symlink, mode 0600, fsynced.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/file.h"

int
cli_open_vault(const cli *c, tt_vault **out)
{
    *out = NULL;
    tt_vault *v = NULL;
    int rc = tt_vault_open(&v, c->vault_dir);
    if (rc) {
        /* The library's message names the vault directory and says why. */
        fail("%s", v ? tt_vault_errmsg(v) : tt_strerror(rc));
        tt_vault_free(v);
        return EXIT_TROUBLE;
    }
    if (tt_vault_set_extract(v, &c->xopts)) {
        fail("%s", tt_vault_errmsg(v));
        tt_vault_free(v);
        return EXIT_TROUBLE;
    }
    *out = v;
    return 0;
}

int
cli_read_file(const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    int nomem = !buf;
    while (buf) {
        if (cap - len < 2) {
            char *p = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!p) {
                nomem = 1;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    int bad = ferror(f);
    int saved = errno;
    if (f != stdin)
        fclose(f);
    if (nomem || bad) {
        free(buf);
        errno = nomem ? ENOMEM : saved;
        return -1;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

int
cli_write_file(const char *path, const void *data, size_t len)
{
    /* the library's one writer (telltale/file.h): a temporary name, fsync, rename; a report
     * holds document text, so it is readable by the owner only */
    return tt_file_write(path, data, len, 0600, TT_FILE_REPLACE) == 0 ? 0 : -1;
}
