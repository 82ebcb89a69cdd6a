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

/*
 * Allocation faults: after tt__fault_alloc(n, persist) with n >= 1, the nth allocation the
 * library makes from then on (malloc, calloc, realloc, strdup, strndup: common.h routes them
 * all through tt__fault_alloc_now) returns NULL, and with persist every one after it too;
 * tt__fault_alloc(0, 0) disarms.  tt__fault_alloc_seen() counts the allocations since the last
 * call, tt__fault_alloc_failed() those made to fail.  A test's own allocators (SQLite's
 * SQLITE_CONFIG_MALLOC, jansson's json_set_alloc_funcs) may ask tt__fault_alloc_now() too, so
 * that one count covers them all: "fail allocation k, for k = 1, 2, ... until the operation
 * succeeds with nothing failed".
 */
void tt__fault_alloc(long n, int persist);
long tt__fault_alloc_seen(void);
long tt__fault_alloc_failed(void);
/* Count one allocation: 1 when it must fail.  0 at once while disarmed. */
int tt__fault_alloc_now(void);

#endif
