/* SPDX-License-Identifier: Apache-2.0 */
/*
 * common.h: what every library module shares and no user of the library sees: the error
 * record kept on each handle, a growable byte buffer, and small helpers.
 *
 * Errors: a handle embeds a tt_err; tt__error() formats the message into it and returns the
 * code, so a function says `return tt__error(&h->err, TT_EIO, "cannot read '%s'", path);`.
 * Messages are lowercase, without a full stop, and name the input.
 */
#ifndef TT_COMMON_H
#define TT_COMMON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#include "telltale/telltale.h"
#include "banned.h"

#define TT_ERRMSG_MAX 512

typedef struct tt_err {
    int code;
    char msg[TT_ERRMSG_MAX];
} tt_err;

/* Record code and message in err (which may be NULL) and return code. */
int tt__error(tt_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Forget the last error. */
void tt__error_clear(tt_err *err);
/* The message, or the code's description when no message was recorded. */
const char *tt__errmsg(const tt_err *err);

/*
 * tt_buf: a growable byte buffer, always NUL-terminated once anything was added.
 * tt_buf_init() zeroes it; tt_buf_release() frees it and leaves it empty; tt_buf_detach()
 * hands the bytes to the caller (free() them) and leaves the buffer empty.
 * The append functions return 0 or TT_ENOMEM.
 */
typedef struct tt_buf {
    char *data;
    size_t len;
    size_t cap;
} tt_buf;

void tt_buf_init(tt_buf *b);
void tt_buf_release(tt_buf *b);
char *tt_buf_detach(tt_buf *b, size_t *out_len);
int tt_buf_grow(tt_buf *b, size_t extra);
int tt_buf_add(tt_buf *b, const void *p, size_t n);
int tt_buf_adds(tt_buf *b, const char *s);
int tt_buf_addc(tt_buf *b, char c);
int tt_buf_printf(tt_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Read a whole file into *out (NUL-terminated, caller frees).  Refuses directories, and
 * input over tt_limit_input() bytes with TT_ELIMIT: "cannot read 'x': too large (limit N MiB)". */
int tt__read_file(tt_err *err, const char *path, char **out, size_t *out_len);
/* The same from an open descriptor (not closed); path names it in messages ("-" for standard
 * input). */
int tt__read_fd(tt_err *err, int fd, const char *path, char **out, size_t *out_len);
/* Record the "too large" error for path and return TT_ELIMIT. */
int tt__too_large(tt_err *err, const char *path);

/* Grow an array of n elements of size sz to hold at least need elements (amortized doubling). */
int tt__grow(void *pptr, size_t *cap, size_t need, size_t sz);

/*
 * Every allocation of the library goes through these wrappers (the macros below redirect the
 * standard names in every file that includes this header), so that a test can make the Nth one
 * fail: see tt__fault_alloc() in testhooks.h.  Disarmed, each is one relaxed atomic load and the
 * standard call.  free() is not wrapped.
 */
void *tt__malloc(size_t n);
void *tt__calloc(size_t k, size_t n);
void *tt__realloc(void *p, size_t n);
char *tt__strdup(const char *s);
char *tt__strndup(const char *s, size_t n);
#define malloc(n) tt__malloc(n)
#define calloc(k, n) tt__calloc(k, n)
#define realloc(p, n) tt__realloc(p, n)
#define strdup(s) tt__strdup(s)
#define strndup(s, n) tt__strndup(s, n)

/* Edit distance (insertions, deletions, substitutions) of a and b when it is at most maxd,
 * else maxd + 1; row holds 2 * (bl + 1) entries (scratch).  For short texts: the trace
 * reader's and verify's comparisons of a rendering with typed text. */
size_t tt__edit_distance(const char *a, size_t al, const char *b, size_t bl, size_t maxd,
                         size_t *row);
/* The typo budget of a typed text of n bytes: one edit, and one more per 20 bytes (a retyped
 * leak has about one typo per 50 letters). */
#define TT_TYPO_BUDGET(n) (1 + (n) / 20)

#define TT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define TT_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TT_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Little-endian integers of the vault's own binary files (binds.bin, the background model):
 * the same bytes on every machine. */
static inline uint32_t
tt__le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t
tt__le64(const unsigned char *p)
{
    return (uint64_t)tt__le32(p) | (uint64_t)tt__le32(p + 4) << 32;
}

static inline void
tt__put_le64(unsigned char *p, uint64_t x)
{
    for (int i = 0; i < 8; i++, x >>= 8)
        p[i] = (unsigned char)(x & 0xff);
}

#endif
