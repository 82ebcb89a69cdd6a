/* SPDX-License-Identifier: Apache-2.0 */
/*
 * natsdl.c: loading libnats at first use (cli_natsdl.h).
 *
 * libnats is opened by the soname its development symlink named at build time (cli_sonames.h,
 * written by scripts/sonames), with RTLD_NOW so that a library missing one of its own
 * dependencies (OpenSSL, protobuf-c) fails here rather than at a later call, and RTLD_LOCAL
 * since every function is taken from its handle.  Every function of the list is looked up
 * before the library counts as loaded; a missing one fails it.  pthread_once runs the
 * loading once; its outcome, loaded or the reason it is not, is kept until the process ends:
 * the handle is never closed (libnats keeps threads and timers of its own running), and a
 * failure is not retried.
 */
#define CLI_NATSDL_IMPL
#include "cli_natsdl.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "cli.h"
#include "cli_nats.h"
#include "cli_sonames.h"

struct cli_nats_fns cli_nats_fn;

/* dlsym's void * becomes a function pointer by copying its bytes (POSIX guarantees they
 * have the same representation; ISO C has no conversion between them). */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers are not void *");

static const struct {
    const char *name;
    size_t off; /* of its member in cli_nats_fn */
} syms[] = {
#define SYM(f) {#f, offsetof(struct cli_nats_fns, f)},
    CLI_NATS_FNS(SYM)
#undef SYM
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;    /* 1 once the whole table is filled */
static char why[300]; /* else the reason */

/* The reason dlopen or dlsym gave, or fallback when it gave none. */
static void
keep_reason(const char *fallback)
{
    const char *e = dlerror();
    snprintf(why, sizeof why, "%s", e && *e ? e : fallback);
}

static void
load(void)
{
    (void)dlerror(); /* clear an old one */
    void *h = dlopen(TT_SONAME_NATS, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        keep_reason("cannot be opened");
        return;
    }
    for (size_t i = 0; i < sizeof syms / sizeof *syms; i++) {
        (void)dlerror();
        void *p = dlsym(h, syms[i].name);
        if (!p) {
            keep_reason("a function is missing");
            return; /* h stays open, as a loaded library would */
        }
        memcpy((char *)&cli_nats_fn + syms[i].off, &p, sizeof p);
    }
    loaded = 1;
}

int
nats_load(const char *task)
{
    pthread_once(&once, load);
    if (!loaded)
        return fail("%s needs %s: %s", task, TT_SONAME_NATS, why);
    return 0;
}
