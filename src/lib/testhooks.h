/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testhooks.h: hooks that make the library reproducible or fallible for tests, and nothing
 * else.  Not in the public API (include/telltale/) and not exported by the shared library
 * (hidden visibility): only users of the static library reach them, that is the unit tests
 * and the CLI.  The library reads no environment for them; a hook is off until a test calls it.
 */
#ifndef TT_TESTHOOKS_H
#define TT_TESTHOOKS_H

#include <stddef.h>

/*
 * Test keys (the golden test; reproducing a flaky case): after tt_keys__set_test_seed(seed,
 * len), tt_vault_init derives the key id, the Ed25519 signing key and the marking key from
 * BLAKE2b-256(seed) through crypto_kdf (subkeys 1, 2, 3 of context "tt-testk") instead of
 * drawing them at random, and records "test_keys": true in its init log entry, which
 * `telltale log` shows.  Anyone who knows the seed knows the keys: never for real documents.
 * NULL clears it.  The CLI sets it from TELLTALE_TEST_KEY_SEED (`init` only, with a warning).
 */
void tt_keys__set_test_seed(const void *seed, size_t len);
/* 1 while a test seed is set. */
int tt_keys__test_seeded(void);

#endif
