/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testhooks.h: hooks that make the library reproducible or fallible for tests, and nothing
 * else.  Not in the public API (include/telltale/) and not exported by the shared library
 * (hidden visibility): only users of the static library reach them, that is the unit tests
 * (the CLI includes only include/telltale/).  The library reads no environment for them; a
 * hook is off until a test calls it.  Test keys are public API: tt_vault_init_options.
 */
#ifndef TT_TESTHOOKS_H
#define TT_TESTHOOKS_H

#include <stddef.h>

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

/* Batch "add" entries (vault_docs.c): from then on each holds at most n documents, so that a
 * test splits a call into several entries with a few files; 0 restores TT_LIMIT_ADD_ENTRY_DOCS. */
void tt__add_entry_docs(size_t n);

/* The JSON-lines reader's fast path for a top-level text string (jsonl.c, lift_text): 0 turns
 * it off, so every line goes through jansson whole, for tests comparing the two; 1 (the
 * default) on.  Returns how many lines took the fast path since the previous call (the count
 * is not thread-safe: for tests only). */
long tt__jsonl_fast(int on);

#endif
