/* SPDX-License-Identifier: Apache-2.0 */
/* test_keys.c: key files, the marking key, and minisign-format signatures (must-fail cases). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vault_internal.h"
#include "vault_test_util.h"
#include "common.h"

typedef struct fixture {
    char dir[64];
    char vdir[96];
    tt_vault *v;
} fixture;

static int
setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    tmpdir_make(f->dir);
    snprintf(f->vdir, sizeof f->vdir, "%s/v", f->dir);
    if (tt_vault_init(&f->v, f->vdir) != 0)
        return -1;
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture *f = *state;
    tt_vault_free(f->v);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

/* The public key, read from vault.pub independently of the library. */
static void
read_pub(const char *vdir, unsigned char keyid[8], unsigned char pk[32])
{
    char path[160], line1[256], line2[256];
    snprintf(path, sizeof path, "%s/vault.pub", vdir);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line1, sizeof line1, fp));
    assert_non_null(fgets(line2, sizeof line2, fp));
    fclose(fp);
    assert_memory_equal(line1, "untrusted comment: ", 19);
    unsigned char raw[42];
    size_t n;
    line2[strcspn(line2, "\n")] = '\0';
    assert_int_equal(sodium_base642bin(raw, sizeof raw, line2, strlen(line2), NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    assert_int_equal(n, 42);
    assert_memory_equal(raw, "Ed", 2);
    memcpy(keyid, raw + 2, 8);
    memcpy(pk, raw + 10, 32);
}

static void
key_files_have_safe_modes(void **state)
{
    fixture *f = *state;
    const char *names[] = {"secret.key", "mark.key"};
    for (int i = 0; i < 2; i++) {
        char p[160];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", f->vdir, names[i]);
        assert_int_equal(stat(p, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
    }
    /* A second init refuses and leaves the keys alone. */
    tt_vault *w = NULL;
    assert_int_equal(tt_vault_init(&w, f->vdir), TT_EEXIST);
    assert_non_null(strstr(tt_vault_errmsg(w), "refusing to overwrite"));
    tt_vault_free(w);
}

static void
mark_key_is_the_file(void **state)
{
    fixture *f = *state;
    const unsigned char *k1, *k2;
    assert_int_equal(tt_vault__mark_key(f->v, &k1), 0);
    assert_int_equal(tt_vault__mark_key(f->v, &k2), 0);
    assert_ptr_equal(k1, k2);
    char p[160];
    snprintf(p, sizeof p, "%s/mark.key", f->vdir);
    unsigned char file[33];
    FILE *fp = fopen(p, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(file, 1, sizeof file, fp), 32);
    fclose(fp);
    assert_memory_equal(k1, file, 32);
    static const unsigned char zero[32];
    assert_memory_not_equal(k1, zero, 32);
}

static void
signature_is_minisign_prehashed(void **state)
{
    fixture *f = *state;
    const char data[] = "The quick brown fox jumps over the lazy dog.\n";
    char *sig = NULL;
    assert_int_equal(tt_vault_sign(f->v, data, strlen(data), "file:fox.txt", &sig), 0);
    assert_int_equal(tt_vault_sign_check(f->v, data, strlen(data), sig), 0);

    /* Check the structure and the signature with libsodium directly, not through telltale. */
    unsigned char keyid[8], pk[32];
    read_pub(f->vdir, keyid, pk);
    char l1[256], l2[256], l3[256], l4[256];
    assert_int_equal(sscanf(sig, "%255[^\n]\n%255[^\n]\n%255[^\n]\n%255[^\n]\n", l1, l2, l3, l4),
                     4);
    assert_memory_equal(l1, "untrusted comment: ", 19);
    assert_string_equal(l3, "trusted comment: file:fox.txt");
    unsigned char raw[74], gsig[64];
    size_t n;
    assert_int_equal(sodium_base642bin(raw, sizeof raw, l2, strlen(l2), NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    assert_int_equal(n, 74);
    assert_memory_equal(raw, "ED", 2);
    assert_memory_equal(raw + 2, keyid, 8);
    unsigned char h[64];
    crypto_generichash(h, 64, (const unsigned char *)data, strlen(data), NULL, 0);
    assert_int_equal(crypto_sign_verify_detached(raw + 10, h, 64, pk), 0);
    assert_int_equal(sodium_base642bin(gsig, sizeof gsig, l4, strlen(l4), NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    unsigned char gm[64 + 13];
    memcpy(gm, raw + 10, 64);
    memcpy(gm + 64, "file:fox.txt", 12);
    assert_int_equal(crypto_sign_verify_detached(gsig, gm, 64 + 12, pk), 0);
    free(sig);
}

static void
forgeries_fail(void **state)
{
    fixture *f = *state;
    char data[] = "Payment of 40,000 EUR approved on 3 March.";
    char *sig = NULL;
    assert_int_equal(tt_vault_sign(f->v, data, strlen(data), "approved", &sig), 0);

    /* One changed byte of the data. */
    data[11] = '9';
    assert_int_equal(tt_vault_sign_check(f->v, data, strlen(data), sig), TT_ECRYPTO);
    assert_non_null(strstr(tt_vault_errmsg(f->v), "does not match the data"));
    data[11] = '4';
    assert_int_equal(tt_vault_sign_check(f->v, data, strlen(data), sig), 0);

    /* An edited trusted comment. */
    char *forged = strdup(sig);
    char *tc = strstr(forged, "approved");
    assert_non_null(tc);
    tc[0] = 'A';
    assert_int_equal(tt_vault_sign_check(f->v, data, strlen(data), forged), TT_ECRYPTO);
    assert_non_null(strstr(tt_vault_errmsg(f->v), "trusted comment"));
    free(forged);

    /* Garbage and truncation. */
    assert_int_equal(tt_vault_sign_check(f->v, data, strlen(data), "hello\n"), TT_ECRYPTO);
    char *cut = strdup(sig);
    cut[strlen(cut) / 2] = '\0';
    assert_int_equal(tt_vault_sign_check(f->v, data, strlen(data), cut), TT_ECRYPTO);
    free(cut);

    /* A signature by another vault's key. */
    char other[128];
    snprintf(other, sizeof other, "%s/other", f->dir);
    tt_vault *w = NULL;
    assert_int_equal(tt_vault_init(&w, other), 0);
    char *wsig = NULL;
    assert_int_equal(tt_vault_sign(w, data, strlen(data), "approved", &wsig), 0);
    assert_int_equal(tt_vault_sign_check(f->v, data, strlen(data), wsig), TT_ECRYPTO);
    assert_non_null(strstr(tt_vault_errmsg(f->v), "another key"));
    free(wsig);
    tt_vault_free(w);

    /* A trusted comment cannot hold a line break. */
    char *bad = NULL;
    assert_int_equal(tt_vault_sign(f->v, data, 3, "a\nb", &bad), TT_EINVAL);
    assert_null(bad);
    free(sig);
}

static void
swapped_secret_key_is_refused(void **state)
{
    fixture *f = *state;
    char other[128], src[160], dst[160], cmd[400];
    snprintf(other, sizeof other, "%s/other2", f->dir);
    tt_vault *w = NULL;
    assert_int_equal(tt_vault_init(&w, other), 0);
    tt_vault_free(w);
    snprintf(src, sizeof src, "%s/secret.key", other);
    snprintf(dst, sizeof dst, "%s/secret.key", f->vdir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, dst);
    assert_int_equal(system(cmd), 0);
    tt_vault *v = NULL;
    assert_int_equal(tt_vault_open(&v, f->vdir), 0);
    char *sig = NULL;
    assert_int_equal(tt_vault_sign(v, "x", 1, NULL, &sig), TT_ECRYPTO);
    assert_non_null(strstr(tt_vault_errmsg(v), "does not match"));
    /* Nor can it append to the audit log. */
    assert_int_equal(tt_vault_log_append(v, "test", NULL), TT_ECRYPTO);
    tt_vault_free(v);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(key_files_have_safe_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(mark_key_is_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(signature_is_minisign_prehashed, setup, teardown),
        cmocka_unit_test_setup_teardown(forgeries_fail, setup, teardown),
        cmocka_unit_test_setup_teardown(swapped_secret_key_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
