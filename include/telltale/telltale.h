/* SPDX-License-Identifier: Apache-2.0 */
/*
 * telltale.h: the umbrella header of libtelltale, and the error codes every module shares.
 *
 * libtelltale detects excerpts of registered documents in arbitrary text, tells what was
 * altered in a leak, and traces which recipient's marked copy it came from.  Every fallible
 * call returns 0 on success or a negative TT_E* code; the message that goes with it is kept
 * on the handle the call was made on (tt_vault_errmsg() and friends).  The library never
 * prints and never exits.  Handles are opaque; no SQLite, libsodium or utf8proc type appears
 * in a public header.
 */
#ifndef TELLTALE_TELLTALE_H
#define TELLTALE_TELLTALE_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(TT_STATIC)
#define TT_API __attribute__((visibility("default")))
#else
#define TT_API
#endif

/* Error codes: fallible calls return 0 or one of these (always negative). */
enum {
    TT_OK = 0,
    TT_EINVAL = -1,    /* a bad argument from the caller */
    TT_ENOMEM = -2,    /* out of memory */
    TT_EIO = -3,       /* a file could not be read or written */
    TT_ENOENT = -4,    /* a file, document or recipient does not exist */
    TT_EEXIST = -5,    /* it exists already (and was not overwritten) */
    TT_EFORMAT = -6,   /* input that does not parse: CSV, JSON, HTML, key file */
    TT_ENOTVAULT = -7, /* the directory is not a telltale vault */
    TT_EBUSY = -8,     /* the vault is locked by another process */
    TT_EDB = -9,       /* the database failed */
    TT_ECRYPTO = -10,  /* a signature or key check failed */
    TT_ETAMPER = -11,  /* the audit log or a signed object was changed */
    TT_EEMPTY = -12,   /* the input has no content */
    TT_ELIMIT = -13,   /* the input is over a resource limit (telltale/limits.h) */
};

/* A short lowercase description of an error code ("no such file"); never NULL. */
TT_API const char *tt_strerror(int code);

/* The C library's description of the system error errnum, with its first letter in lower
 * case as telltale's messages are ("no such file or directory"); never NULL.  The text lives
 * in a per-thread buffer, valid until the next call from the same thread. */
TT_API const char *tt_errno_text(int errnum);

/* The library's version, "MAJOR.MINOR.PATCH". */
TT_API const char *tt_version(void);

/* The number of terminal columns s (UTF-8, NUL-terminated) takes: combining marks and
 * zero-width characters take none, East Asian wide characters two, control characters none;
 * a malformed byte counts as one replacement character.  For aligning tables. */
TT_API size_t tt_display_width(const char *s);

#ifdef __cplusplus
}
#endif
#endif
