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
 */
#ifndef TT_KEYS_H
#define TT_KEYS_H

#include "vault_priv.h"

/* Generate the three key files in v->dir (which must exist).  TT_EEXIST if any exists; on
 * failure removes the files this call created.  Sets v->pk and v->keyid. */
int tt_keys__create(tt_vault *v);
/* Read vault.pub into v->pk and v->keyid.  TT_EFORMAT when malformed. */
int tt_keys__load_public(tt_vault *v);
/* Parse the text of a minisign public key file: 0 with its key id and key, or TT_EFORMAT. */
int tt_keys__parse_public(const char *data, size_t len, unsigned char keyid[8],
                          unsigned char pk[32]);
/* Load secret.key (once) and check that it matches vault.pub. */
int tt_keys__load_secret(tt_vault *v);
/* Ed25519 detached signature of msg with the vault's key into sig[64]. */
int tt_keys__sign(tt_vault *v, unsigned char sig[64], const unsigned char *msg, size_t len);
/* 0 when sig[64] is the vault key's signature of msg, else TT_ECRYPTO (no message set). */
int tt_keys__verify(const tt_vault *v, const unsigned char sig[64], const unsigned char *msg,
                    size_t len);

#endif
