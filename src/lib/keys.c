/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.c: the vault's key files, the marking key, and signatures in minisign's format.
 *
 * Invariants: secret files (secret.key, mark.key) are created through tt_file_write's
 * no-replace mode (whole, fsynced, linked into place only if the name is free) with mode
 * 0600 and never overwritten; their bytes live only in sodium_malloc'd memory, made read-only
 * after loading and wiped by tt_vault_free(); stack copies are wiped with sodium_memzero.  The
 * secret key is checked against vault.pub when loaded, so a swapped key file is caught before
 * it signs anything.
 *
 * Signatures (minisign 0.11 compatible, checked by `minisign -V` in the CLI tests): "ED"
 * (prehashed) = Ed25519 over BLAKE2b-512 of the data; the global signature is Ed25519 over
 * signature || trusted comment.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keys.h"
#include "telltale/file.h"
#include "common.h"

#define SECRET_LEN (2 + 8 + crypto_sign_SECRETKEYBYTES)
#define PUB_LEN (2 + 8 + crypto_sign_PUBLICKEYBYTES)
#define SIG_LEN (2 + 8 + crypto_sign_BYTES)

/* Create dir/name with mode and data, never over an existing file: written whole under a
 * temporary name, fsynced, then linked to its name only if nothing has it (file.h), so a
 * key file is never half-written and never replaced.  0 or a recorded error. */
/* "dir/name", malloc'd, or NULL. */
static char *
key_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int
create_file(const char *dir, tt_err *err, const char *name, mode_t mode, const void *data,
            size_t len)
{
    char *path = key_path(dir, name);
    if (!path)
        return tt__error(err, TT_ENOMEM, "out of memory");
    int rc = tt_file_write(path, data, len, (unsigned)mode, TT_FILE_NOREPLACE);
    if (rc == TT_EEXIST)
        rc = tt__error(err, TT_EEXIST, "'%s' exists: refusing to overwrite a key file", path);
    else if (rc)
        rc = tt__error(err, rc, "cannot create '%s': %s", path, tt_errno_text(errno));
    free(path);
    return rc;
}

static void
remove_file(const char *dir, const char *name)
{
    char *path = key_path(dir, name);
    if (path)
        unlink(path);
    free(path);
}

static void
keyid_hex(char out[17], const unsigned char keyid[8])
{
    for (int i = 0; i < 8; i++)
        snprintf(out + 2 * i, 3, "%02X", keyid[7 - i]);
}

/* Test keys: key id, signing key and marking key derived from the seed, each under its own
 * KDF subkey id. */
static void
derive_test_keys(const void *seed, size_t seed_len, unsigned char keyid[8],
                 unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                 unsigned char sk[crypto_sign_SECRETKEYBYTES], unsigned char mark[32])
{
    unsigned char test_seed[32], sub[32];
    crypto_generichash(test_seed, sizeof test_seed, seed, seed_len, NULL, 0);
    crypto_kdf_derive_from_key(sub, 16, 1, "tt-testk", test_seed);
    memcpy(keyid, sub, 8);
    crypto_kdf_derive_from_key(sub, 32, 2, "tt-testk", test_seed);
    crypto_sign_seed_keypair(pk, sk, sub);
    crypto_kdf_derive_from_key(mark, 32, 3, "tt-testk", test_seed);
    sodium_memzero(sub, sizeof sub);
    sodium_memzero(test_seed, sizeof test_seed);
}

int
tt_keys__create(tt_keys *k, const char *dir, tt_err *err, const void *test_seed,
                size_t test_seed_len)
{
    int rc = 0;
    tt_buf text;
    tt_buf_init(&text);
    unsigned char *sec = sodium_malloc(SECRET_LEN);
    unsigned char *mark = sodium_malloc(32);
    if (!sec || !mark) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    sec[0] = 'E';
    sec[1] = 'd';
    if (test_seed) {
        derive_test_keys(test_seed, test_seed_len, sec + 2, pk, sec + 10, mark);
    } else {
        randombytes_buf(sec + 2, 8);
        crypto_sign_keypair(pk, sec + 10);
        crypto_kdf_keygen(mark);
    }

    unsigned char pub[PUB_LEN];
    pub[0] = 'E';
    pub[1] = 'd';
    memcpy(pub + 2, sec + 2, 8);
    memcpy(pub + 10, pk, sizeof pk);
    char b64[sodium_base64_ENCODED_LEN(PUB_LEN, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, pub, sizeof pub, sodium_base64_VARIANT_ORIGINAL);
    char hex[17];
    keyid_hex(hex, sec + 2);
    if (tt_buf_printf(&text, "untrusted comment: minisign public key %s\n%s\n", hex, b64)) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }

    if ((rc = create_file(dir, err, TT_KEYS_SECRET, 0600, sec, SECRET_LEN)))
        goto out;
    if ((rc = create_file(dir, err, TT_KEYS_MARK, 0600, mark, 32))) {
        remove_file(dir, TT_KEYS_SECRET);
        goto out;
    }
    if ((rc = create_file(dir, err, TT_KEYS_PUB, 0644, text.data, text.len))) {
        remove_file(dir, TT_KEYS_SECRET);
        remove_file(dir, TT_KEYS_MARK);
        goto out;
    }
    memcpy(k->pk, pk, sizeof pk);
    memcpy(k->keyid, sec + 2, 8);
    keyid_hex(k->keyid_hex, k->keyid);
out:
    tt_buf_release(&text);
    sodium_free(sec); /* wipes */
    sodium_free(mark);
    return rc;
}

int
tt_keys__parse_public(const char *data, size_t len, unsigned char keyid[8],
                      unsigned char pk[32])
{
    /* Line 1: "untrusted comment: ..."; line 2: base64 of Ed || key id || public key. */
    const char *nl = memchr(data, '\n', len);
    unsigned char pub[PUB_LEN];
    size_t got = 0;
    if (len < 19 || strncmp(data, "untrusted comment: ", 19) != 0 || !nl)
        return TT_EFORMAT;
    const char *b = nl + 1;
    size_t blen = len - (size_t)(b - data);
    while (blen && (b[blen - 1] == '\n' || b[blen - 1] == '\r'))
        blen--;
    if (sodium_base642bin(pub, sizeof pub, b, blen, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != PUB_LEN || pub[0] != 'E' || pub[1] != 'd')
        return TT_EFORMAT;
    memcpy(keyid, pub + 2, 8);
    memcpy(pk, pub + 10, 32);
    return 0;
}

int
tt_keys__load_public(tt_keys *k, const char *dir, tt_err *err)
{
    char *path = key_path(dir, TT_KEYS_PUB);
    if (!path)
        return tt__error(err, TT_ENOMEM, "out of memory");
    char *data;
    size_t len;
    int rc = tt__read_file(err, path, &data, &len);
    if (rc) {
        free(path);
        return rc;
    }
    rc = tt_keys__parse_public(data, len, k->keyid, k->pk);
    if (rc == 0)
        keyid_hex(k->keyid_hex, k->keyid);
    else
        tt__error(err, rc, "'%s' is not a minisign public key", path);
    free(data);
    free(path);
    return rc;
}

/* Read exactly n bytes of a secret file into fresh sodium_malloc'd read-only memory. */
static int
load_secret_file(const char *dir, tt_err *err, const char *name, size_t n, unsigned char **out)
{
    *out = NULL;
    char *path = key_path(dir, name);
    if (!path)
        return tt__error(err, TT_ENOMEM, "out of memory");
    int rc = 0;
    unsigned char *buf = sodium_malloc(n + 1);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (!buf) {
        rc = tt__error(err, TT_ENOMEM, "out of memory");
        goto out;
    }
    if (fd < 0) {
        rc = tt__error(err, errno == ENOENT ? TT_ENOTVAULT : TT_EIO, "cannot read '%s': %s",
                       path, tt_errno_text(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = tt__error(err, TT_EIO, "cannot read '%s': not a regular file", path);
        goto out;
    }
    if (st.st_mode & 0077) {
        rc = tt__error(err, TT_ECRYPTO,
                       "'%s' is readable by others (mode %03o): run 'chmod 600 %s'", path,
                       (unsigned)(st.st_mode & 0777), path);
        goto out;
    }
    size_t have = 0;
    while (have < n + 1) { /* one byte more than expected, to catch a longer file */
        ssize_t r = read(fd, buf + have, n + 1 - have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = tt__error(err, TT_EIO, "cannot read '%s': %s", path, tt_errno_text(errno));
            goto out;
        }
        if (r == 0)
            break;
        have += (size_t)r;
    }
    if (have != n) {
        rc = tt__error(err, TT_EFORMAT, "'%s' is not a telltale key file (wrong size)",
                       path);
        goto out;
    }
    sodium_mprotect_readonly(buf);
    *out = buf;
    buf = NULL;
out:
    if (fd >= 0)
        close(fd);
    if (buf)
        sodium_free(buf);
    free(path);
    return rc;
}

int
tt_keys__load_secret(tt_keys *k, const char *dir, tt_err *err)
{
    if (k->sk)
        return 0;
    unsigned char *sec;
    int rc = load_secret_file(dir, err, TT_KEYS_SECRET, SECRET_LEN, &sec);
    if (rc)
        return rc;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, sec + 10);
    if (sec[0] != 'E' || sec[1] != 'd' || sodium_memcmp(sec + 2, k->keyid, 8) != 0 ||
        sodium_memcmp(pk, k->pk, sizeof pk) != 0) {
        sodium_free(sec);
        return tt__error(err, TT_ECRYPTO,
                         "'%s/" TT_KEYS_SECRET "' does not match '%s/" TT_KEYS_PUB "'", dir,
                         dir);
    }
    /* Keep only the 64-byte libsodium secret key. */
    unsigned char *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
    if (!sk) {
        sodium_free(sec);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    memcpy(sk, sec + 10, crypto_sign_SECRETKEYBYTES);
    sodium_free(sec);
    sodium_mprotect_readonly(sk);
    k->sk = sk;
    return 0;
}

int
tt_keys__mark(tt_keys *k, const char *dir, tt_err *err, const unsigned char **out)
{
    *out = NULL;
    if (!k->mk) {
        int rc = load_secret_file(dir, err, TT_KEYS_MARK, 32, &k->mk);
        if (rc)
            return rc;
    }
    *out = k->mk;
    return 0;
}

int
tt_keys__sign(tt_keys *k, const char *dir, tt_err *err, unsigned char sig[64],
              const unsigned char *msg, size_t len)
{
    int rc = tt_keys__load_secret(k, dir, err);
    if (rc)
        return rc;
    crypto_sign_detached(sig, NULL, msg, len, k->sk);
    return 0;
}

int
tt_keys__verify(const tt_keys *k, const unsigned char sig[64], const unsigned char *msg,
                size_t len)
{
    return crypto_sign_verify_detached(sig, msg, len, k->pk) == 0 ? 0 : TT_ECRYPTO;
}

void
tt_keys__release(tt_keys *k)
{
    /* sodium_free wipes the memory before releasing it. */
    if (k->sk)
        sodium_free(k->sk);
    if (k->mk)
        sodium_free(k->mk);
    sodium_memzero(k, sizeof *k);
}

/* ---- minisign signatures ---- */

int
tt_keys__minisign(tt_keys *k, const char *dir, tt_err *err, const void *data, size_t len,
                  const char *trusted_comment, char **out)
{
    *out = NULL;
    char tc_default[64];
    if (!trusted_comment) {
        snprintf(tc_default, sizeof tc_default, "timestamp:%lld", (long long)time(NULL));
        trusted_comment = tc_default;
    }
    if (strpbrk(trusted_comment, "\r\n"))
        return tt__error(err, TT_EINVAL, "a trusted comment cannot hold a line break");
    int rc = tt_keys__load_secret(k, dir, err);
    if (rc)
        return rc;

    unsigned char hash[crypto_generichash_BYTES_MAX];
    crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
    unsigned char sig[SIG_LEN];
    sig[0] = 'E';
    sig[1] = 'D';
    memcpy(sig + 2, k->keyid, 8);
    crypto_sign_detached(sig + 10, NULL, hash, sizeof hash, k->sk);

    size_t tclen = strlen(trusted_comment);
    unsigned char *gmsg = malloc(crypto_sign_BYTES + tclen);
    if (!gmsg)
        return tt__error(err, TT_ENOMEM, "out of memory");
    memcpy(gmsg, sig + 10, crypto_sign_BYTES);
    memcpy(gmsg + crypto_sign_BYTES, trusted_comment, tclen);
    unsigned char gsig[crypto_sign_BYTES];
    crypto_sign_detached(gsig, NULL, gmsg, crypto_sign_BYTES + tclen, k->sk);
    free(gmsg);

    char b64sig[sodium_base64_ENCODED_LEN(SIG_LEN, sodium_base64_VARIANT_ORIGINAL)];
    char b64g[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64sig, sizeof b64sig, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(b64g, sizeof b64g, gsig, sizeof gsig, sodium_base64_VARIANT_ORIGINAL);
    char hex[17];
    keyid_hex(hex, k->keyid);
    tt_buf b;
    tt_buf_init(&b);
    if (tt_buf_printf(&b,
                      "untrusted comment: signature from telltale vault key %s\n%s\n"
                      "trusted comment: %s\n%s\n",
                      hex, b64sig, trusted_comment, b64g)) {
        tt_buf_release(&b);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    *out = tt_buf_detach(&b, NULL);
    return 0;
}

/* The next line of s (without its line break) into [*line, *line + *n); false at the end. */
static int
next_line(const char **s, const char **line, size_t *n)
{
    if (!**s)
        return 0;
    const char *e = strchr(*s, '\n');
    size_t len = e ? (size_t)(e - *s) : strlen(*s);
    *line = *s;
    *n = len;
    if (len && (*s)[len - 1] == '\r')
        (*n)--;
    *s += len + (e ? 1 : 0);
    return 1;
}

int
tt_keys__minisign_check(const tt_keys *k, tt_err *err, const void *data, size_t len,
                        const char *sig_text)
{
    const char *s = sig_text, *l1, *l2, *l3, *l4;
    size_t n1, n2, n3, n4;
    unsigned char sig[SIG_LEN], gsig[crypto_sign_BYTES];
    size_t got;
    if (!next_line(&s, &l1, &n1) || !next_line(&s, &l2, &n2) || !next_line(&s, &l3, &n3) ||
        !next_line(&s, &l4, &n4) || n1 < 19 || strncmp(l1, "untrusted comment: ", 19) != 0 ||
        n3 < 17 || strncmp(l3, "trusted comment: ", 17) != 0 ||
        sodium_base642bin(sig, sizeof sig, l2, n2, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != SIG_LEN ||
        sodium_base642bin(gsig, sizeof gsig, l4, n4, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != crypto_sign_BYTES)
        return tt__error(err, TT_ECRYPTO, "malformed signature: not a minisign signature");
    if (memcmp(sig + 2, k->keyid, 8) != 0)
        return tt__error(err, TT_ECRYPTO, "signature was made by another key");
    int ok;
    if (sig[0] == 'E' && sig[1] == 'D') {
        unsigned char hash[crypto_generichash_BYTES_MAX];
        crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
        ok = crypto_sign_verify_detached(sig + 10, hash, sizeof hash, k->pk) == 0;
    } else if (sig[0] == 'E' && sig[1] == 'd') { /* minisign's legacy, non-prehashed form */
        ok = crypto_sign_verify_detached(sig + 10, data, len, k->pk) == 0;
    } else {
        return tt__error(err, TT_ECRYPTO, "unsupported signature algorithm");
    }
    if (!ok)
        return tt__error(err, TT_ECRYPTO, "signature does not match the data");
    const char *tc = l3 + 17;
    size_t tclen = n3 - 17;
    unsigned char *gmsg = malloc(crypto_sign_BYTES + tclen);
    if (!gmsg)
        return tt__error(err, TT_ENOMEM, "out of memory");
    memcpy(gmsg, sig + 10, crypto_sign_BYTES);
    memcpy(gmsg + crypto_sign_BYTES, tc, tclen);
    ok = crypto_sign_verify_detached(gsig, gmsg, crypto_sign_BYTES + tclen, k->pk) == 0;
    free(gmsg);
    if (!ok)
        return tt__error(err, TT_ECRYPTO, "trusted comment signature does not match");
    return 0;
}
