/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_testkeys.c: test keys (tt_vault_init_options.test_key_seed, public API).  With a seed,
 * tt_vault_init_with derives the same key files every time (so a failing case built on a vault
 * reproduces), different seeds give different keys, the init log entry says "test_keys": true,
 * and the keys sign and verify like any others; without one, keys are random and the entry
 * says nothing; an options struct of another version is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/vault.h"
#include "vault_test_util.h"

/* The bytes of dir/name (at most 255), and how many. */
static size_t
slurp(const char *dir, const char *name, unsigned char out[256])
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(out, 1, 256, f);
    fclose(f);
    assert_true(n > 0 && n < 256);
    return n;
}

static int
same_file(const char *a, const char *b, const char *name)
{
    unsigned char x[256], y[256];
    size_t nx = slurp(a, name, x), ny = slurp(b, name, y);
    return nx == ny && memcmp(x, y, nx) == 0;
}

/* A new vault in dir/sub; its init log entry's args into args[256]. */
static void
new_vault(char out[128], const char *dir, const char *sub, const char *seed, char args[256])
{
    snprintf(out, 128, "%s/%s", dir, sub);
    tt_vault *v = NULL;
    tt_vault_init_options o = TT_VAULT_INIT_OPTIONS_INIT;
    o.test_key_seed = seed;
    o.test_key_seed_len = seed ? strlen(seed) : 0;
    assert_int_equal(tt_vault_init_with(&v, out, &o), 0);
    tt_log_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(tt_vault_log_list(v, &e, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].action, "init");
    snprintf(args, 256, "%s", e[0].args);
    tt_log_entries_free(e, n);
    /* the keys sign, and the signature checks */
    char *sig = NULL;
    assert_int_equal(tt_vault_sign(v, "memo", 4, NULL, &sig), 0);
    assert_int_equal(tt_vault_sign_check(v, "memo", 4, sig), 0);
    free(sig);
    tt_vault_free(v);
}

static void
a_seed_makes_the_keys_reproducible(void **state)
{
    (void)state;
    static const char *const files[] = {"secret.key", "mark.key", "vault.pub"};
    char dir[64], a[128], b[128], c[128], d[128], e[128], args[256];
    tmpdir_make(dir);

    new_vault(a, dir, "a", "seed one", args);
    assert_non_null(strstr(args, "\"test_keys\":true"));
    new_vault(b, dir, "b", "seed one", args);
    new_vault(c, dir, "c", "seed two", args);
    new_vault(d, dir, "d", NULL, args);
    assert_null(strstr(args, "test_keys"));
    new_vault(e, dir, "e", NULL, args);

    for (size_t i = 0; i < 3; i++) {
        assert_true(same_file(a, b, files[i]));   /* same seed, same keys */
        assert_false(same_file(a, c, files[i]));  /* another seed, other keys */
        assert_false(same_file(d, e, files[i]));  /* no seed: random */
        assert_false(same_file(a, d, files[i]));
    }
    tmpdir_remove(dir);
}

/* An options struct of another version is refused, and makes no vault. */
static void
another_options_version_is_refused(void **state)
{
    (void)state;
    char dir[64], path[128];
    tmpdir_make(dir);
    snprintf(path, sizeof path, "%s/v", dir);
    tt_vault_init_options o = TT_VAULT_INIT_OPTIONS_INIT;
    o.version = TT_VAULT_INIT_OPTIONS_VERSION + 1;
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_init_with(&v, path, &o), TT_EINVAL);
    assert_null(v);
    FILE *f = fopen(path, "r");
    assert_null(f);
    tmpdir_remove(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_seed_makes_the_keys_reproducible),
        cmocka_unit_test(another_options_version_is_refused),
    };
    return cmocka_run_group_tests_name("testkeys", tests, NULL, NULL);
}
