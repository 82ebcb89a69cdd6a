/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.h: the vault's key files and minisign-compatible signatures.
 *
 * Files (see docs/parts/vault.md):
 *   secret.key  74 bytes: "Ed" || key id (8) || Ed25519 secret key (64, libsodium layout:
 *               seed || public key); mode 0600
 *   mark.key    32 random bytes, the marking key; mode 0600
 *   vault.pub   minisign public key: "untrusted comment: ..." line, then base64 of
 *               "Ed" || key id (8) || public key (32)
 * Secret files are created with O_CREAT|O_EXCL (never overwritten) and read into
 * sodium_malloc'd memory made read-only.
 *
 * A leaf: keys.c knows a directory and a tt_keys record, not the vault handle, the database
 * or the log; the vault (vault.c, db.c) keeps a tt_keys in its handle and passes its directory.
 */
#ifndef TT_KEYS_H
#define TT_KEYS_H

#include <stddef.h>

#include "common.h"

#define TT_KEYS_SECRET "secret.key"
#define TT_KEYS_MARK "mark.key"
#define TT_KEYS_PUB "vault.pub"

/* Loaded keys.  sk and mk are NULL until first use, then point to sodium_malloc'd read-only
 * memory that tt_keys__release() wipes. */
typedef struct tt_keys {
    unsigned char pk[32];   /* Ed25519 public key, from vault.pub */
    unsigned char keyid[8]; /* minisign key id (little-endian bytes as in the files) */
    char keyid_hex[17];     /* the key id as minisign prints it */
    unsigned char *sk;      /* 64-byte Ed25519 secret key, read-only, or NULL */
    unsigned char *mk;      /* 32-byte marking key, read-only, or NULL */
} tt_keys;

/* Generate the three key files in dir (which must exist).  TT_EEXIST if any exists; on
 * failure removes the files this call created.  Sets k->pk, k->keyid and k->keyid_hex.
 * With test_seed (test keys, never for real documents): the key id, the Ed25519 signing key
 * and the marking key are derived from BLAKE2b-256(test_seed) through crypto_kdf (subkeys 1,
 * 2, 3 of context "tt-testk") instead of drawn at random. */
int tt_keys__create(tt_keys *k, const char *dir, tt_err *err, const void *test_seed,
                    size_t test_seed_len);
/* Read dir/vault.pub into k->pk and k->keyid.  TT_EFORMAT when malformed. */
int tt_keys__load_public(tt_keys *k, const char *dir, tt_err *err);
/* Parse the text of a minisign public key file: 0 with its key id and key, or TT_EFORMAT. */
int tt_keys__parse_public(const char *data, size_t len, unsigned char keyid[8],
                          unsigned char pk[32]);
/* Load dir/secret.key (once) and check that it matches the public key loaded. */
int tt_keys__load_secret(tt_keys *k, const char *dir, tt_err *err);
/* The 32-byte marking key, loaded from dir/mark.key on first use; *out stays valid until
 * tt_keys__release(). */
int tt_keys__mark(tt_keys *k, const char *dir, tt_err *err, const unsigned char **out);
/* Ed25519 detached signature of msg with the secret key into sig[64]. */
int tt_keys__sign(tt_keys *k, const char *dir, tt_err *err, unsigned char sig[64],
                  const unsigned char *msg, size_t len);
/* 0 when sig[64] is the public key's signature of msg, else TT_ECRYPTO (no message set). */
int tt_keys__verify(const tt_keys *k, const unsigned char sig[64], const unsigned char *msg,
                    size_t len);
/* The text of a .minisig file for data (tt_vault_sign), malloc'd into *out. */
int tt_keys__minisign(tt_keys *k, const char *dir, tt_err *err, const void *data, size_t len,
                      const char *trusted_comment, char **out);
/* Check a .minisig text against data and the public key (tt_vault_sign_check). */
int tt_keys__minisign_check(const tt_keys *k, tt_err *err, const void *data, size_t len,
                            const char *sig_text);
/* Wipe and free the secret keys; the record is zeroed. */
void tt_keys__release(tt_keys *k);

#endif
