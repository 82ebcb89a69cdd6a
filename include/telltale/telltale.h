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

/* Modes of tt_terminal_text(). */
enum {
    TT_TERM_NAME = 0,    /* a file name, post id, title, recipient name: one line, every
                          * invisible character shown */
    TT_TERM_PASSAGE = 1, /* quoted text: white space runs and line breaks become one space,
                          * zero-width characters (a marked copy has them) are dropped */
    TT_TERM_JSON = 2,    /* serialized JSON (jansson escapes C0 controls, not the rest):
                          * C1 controls and invisible format characters become \uXXXX
                          * escapes (a surrogate pair above U+FFFF); the JSON means the
                          * same, and shows the same in a terminal as in a file */
};

/* Make untrusted text (UTF-8, possibly malformed) safe to print on a terminal: nothing in it
 * can move the cursor, change colours, set the window title, ring the bell, or reorder the
 * line.  Control characters (C0 and DEL) become "\x1b"-style escapes, C1 controls
 * (U+0080..009F) and bidi controls (overrides, embeddings, isolates, marks) "\u202e"-style
 * escapes, and each malformed byte "\xff"; in TT_TERM_NAME mode every other invisible
 * format character (zero-width space and joiners, soft hyphen, BOM, tag characters) is
 * escaped too, so two names that look alike print differently.  A backslash is kept as is.
 * Returns a malloc'd NUL-terminated string the caller frees, or NULL when out of memory. */
TT_API char *tt_terminal_text(const char *s, size_t len, int mode);

#ifdef __cplusplus
}
#endif
#endif
