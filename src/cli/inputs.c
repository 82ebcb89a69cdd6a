/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inputs.c: the inputs of a batch verify or trace (cli.h): files, folders (their files,
 * recursively, in name order), "-" for standard input, and FILE#ID for the post with id ID in
 * a JSON-lines FILE (the name `scan --jsonl` prints for a finding).
 *
 * A name that exists as a file is that file even when it holds a '#'; otherwise the part
 * after the last '#' is a post id.  Hidden entries and .minisig signatures inside a folder
 * are skipped (a folder of issued copies holds both).  Nothing here prints but
 * cli_input_read()'s failure line.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "telltale/scan.h"

static int
push(char ***v, size_t *n, size_t *cap, const char *s)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **p = realloc(*v, nc * sizeof *p);
        if (!p)
            return -1;
        *v = p;
        *cap = nc;
    }
    if (!((*v)[*n] = strdup(s)))
        return -1;
    (*n)++;
    return 0;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk(const char *dir, char ***v, size_t *n, size_t *cap, int depth)
{
    if (depth > 32) {
        errno = ELOOP;
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t nn = 0, nc = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || (l > 8 && strcmp(e->d_name + l - 8, ".minisig") == 0))
            continue;
        if (push(&names, &nn, &nc, e->d_name)) {
            rc = -1;
            break;
        }
    }
    closedir(d);
    if (nn)
        qsort(names, nn, sizeof *names, by_name);
    for (size_t i = 0; rc == 0 && i < nn; i++) {
        size_t l = strlen(dir) + strlen(names[i]) + 2;
        char *p = malloc(l);
        struct stat st;
        if (!p) {
            rc = -1;
            break;
        }
        snprintf(p, l, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            rc = walk(p, v, n, cap, depth + 1);
        else if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            rc = push(v, n, cap, p);
        free(p);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    return rc;
}

int
cli_inputs_expand(char *const *args, size_t nargs, char ***out, size_t *out_n)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    *out_n = 0;
    for (size_t i = 0; i < nargs; i++) {
        struct stat st;
        int rc;
        if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t before = n;
            rc = walk(args[i], &v, &n, &cap, 0);
            if (rc == 0 && n == before) {
                cli_inputs_free(v, n);
                return fail("'%s' holds no file to read", args[i]);
            }
        } else {
            rc = push(&v, &n, &cap, args[i]);
        }
        if (rc) {
            int e = errno;
            cli_inputs_free(v, n);
            return fail("cannot read '%s': %s", args[i], tt_errno_text(e));
        }
    }
    *out = v;
    *out_n = n;
    return 0;
}

void
cli_inputs_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}


int
cli_input_read(const char *name, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    struct stat st;
    const char *hash = strrchr(name, '#');
    if (hash && hash > name && hash[1] && stat(name, &st) != 0) {
        /* an item of any source the readers know (telltale/source.h), by the id scan prints */
        int rc = cli_read_item(name, out, out_len);
        if (rc == 1)
            return 0;
        if (rc != 0)
            return EXIT_TROUBLE;
    }
    if (cli_read_file(name, out, out_len) != 0)
        return cli_read_fail(name);
    return 0;
}

int
cli_input_is_item(const char *name)
{
    struct stat st;
    const char *hash = strrchr(name, '#');
    return hash && hash > name && hash[1] && stat(name, &st) != 0;
}
