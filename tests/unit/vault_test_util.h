/* SPDX-License-Identifier: Apache-2.0 */
/* vault_test_util.h: temporary directories and files for the vault's unit tests. */
#ifndef TT_VAULT_TEST_UTIL_H
#define TT_VAULT_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "telltale/vault.h"

/* A fresh temporary directory; its path is written into dir[64]. */
static inline void
tmpdir_make(char dir[64])
{
    snprintf(dir, 64, "/tmp/tt-unit-XXXXXX");
    if (!mkdtemp(dir))
        abort();
}

static inline void
tmpdir_remove(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        abort();
}

/* Write n bytes to dir/name; the full path goes to out[256]. */
static inline void
file_write(char out[256], const char *dir, const char *name, const void *data, size_t n)
{
    snprintf(out, 256, "%s/%s", dir, name);
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
        abort();
}

/* A fresh vault in a fresh temporary directory, for cmocka setup/teardown. */
typedef struct vault_fixture {
    char dir[64];
    tt_vault *v;
} vault_fixture;

static inline int
vault_fixture_setup(void **state)
{
    vault_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    tmpdir_make(f->dir);
    if (tt_vault_init(&f->v, f->dir) != 0)
        return -1;
    *state = f;
    return 0;
}

static inline int
vault_fixture_teardown(void **state)
{
    vault_fixture *f = *state;
    tt_vault_free(f->v);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

#endif
