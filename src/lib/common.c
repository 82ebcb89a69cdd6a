/* SPDX-License-Identifier: Apache-2.0 */
/* common.c: error records, byte buffers, file reading and the bounded edit distance shared
 * by every module. */
#include "common.h"
#include "telltale/limits.h"

#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testhooks.h"

const char *
tt_strerror(int code)
{
    switch (code) {
    case TT_OK: return "success";
    case TT_EINVAL: return "invalid argument";
    case TT_ENOMEM: return "out of memory";
    case TT_EIO: return "input/output error";
    case TT_ENOENT: return "no such file or object";
    case TT_EEXIST: return "already exists";
    case TT_EFORMAT: return "malformed input";
    case TT_ENOTVAULT: return "not a telltale vault";
    case TT_EBUSY: return "vault is locked by another process";
    case TT_EDB: return "database error";
    case TT_ECRYPTO: return "cryptographic check failed";
    case TT_ETAMPER: return "tampering detected";
    case TT_EEMPTY: return "empty input";
    case TT_ELIMIT: return "over a resource limit";
    default: return "unknown error";
    }
}

const char *
tt_errno_text(int errnum)
{
    static _Thread_local char buf[160];
    if (strerror_r(errnum, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "error %d", errnum);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

const char *
tt_version(void)
{
    return TT_VERSION;
}

int
tt__error(tt_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void
tt__error_clear(tt_err *err)
{
    if (err) {
        err->code = 0;
        err->msg[0] = '\0';
    }
}

const char *
tt__errmsg(const tt_err *err)
{
    if (!err)
        return "no handle";
    if (err->msg[0])
        return err->msg;
    return tt_strerror(err->code);
}

void
tt_buf_init(tt_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void
tt_buf_release(tt_buf *b)
{
    free(b->data);
    tt_buf_init(b);
}

char *
tt_buf_detach(tt_buf *b, size_t *out_len)
{
    char *p = b->data;
    if (!p && tt_buf_grow(b, 0) == 0)
        p = b->data;
    if (out_len)
        *out_len = b->len;
    tt_buf_init(b);
    return p;
}

int
tt_buf_grow(tt_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return TT_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return TT_ENOMEM;
    if (!b->data)
        p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return 0;
}

int
tt_buf_add(tt_buf *b, const void *p, size_t n)
{
    if (tt_buf_grow(b, n))
        return TT_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int
tt_buf_adds(tt_buf *b, const char *s)
{
    return tt_buf_add(b, s, strlen(s));
}

int
tt_buf_addc(tt_buf *b, char c)
{
    return tt_buf_add(b, &c, 1);
}

int
tt_buf_printf(tt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return TT_EINVAL;
    if ((size_t)n < sizeof tmp)
        return tt_buf_add(b, tmp, (size_t)n);
    if (tt_buf_grow(b, (size_t)n))
        return TT_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

static atomic_size_t input_limit;

void
tt_limit_set_input(size_t bytes)
{
    atomic_store_explicit(&input_limit, bytes, memory_order_relaxed);
}

size_t
tt_limit_input(void)
{
    size_t n = atomic_load_explicit(&input_limit, memory_order_relaxed);
    return n ? n : (size_t)TT_LIMIT_INPUT_MIB_DEFAULT << 20;
}

int
tt__too_large(tt_err *err, const char *path)
{
    size_t lim = tt_limit_input();
    if (lim >= (1u << 20))
        return tt__error(err, TT_ELIMIT, "cannot read '%s': too large (limit %zu MiB)", path,
                         lim >> 20);
    return tt__error(err, TT_ELIMIT, "cannot read '%s': too large (limit %zu bytes)", path, lim);
}

int
tt__read_fd(tt_err *err, int fd, const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    size_t lim = tt_limit_input();
    struct stat st;
    if (fstat(fd, &st) != 0)
        return tt__error(err, TT_EIO, "cannot read '%s': %s", path, tt_errno_text(errno));
    if (S_ISDIR(st.st_mode))
        return tt__error(err, TT_EINVAL, "cannot read '%s': is a directory", path);
    /* A regular file over the limit is refused unread; anything else (a pipe, a device, a
     * file still growing) is read until one byte past the limit at most. */
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > lim)
        return tt__too_large(err, path);
    tt_buf b;
    tt_buf_init(&b);
    size_t want = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    for (;;) {
        if (b.len > lim) {
            tt_buf_release(&b);
            return tt__too_large(err, path);
        }
        size_t room = TT_MIN(want, lim + 1 - b.len);
        if (tt_buf_grow(&b, room)) {
            tt_buf_release(&b);
            return tt__error(err, TT_ENOMEM, "cannot read '%s': out of memory", path);
        }
        ssize_t n = read(fd, b.data + b.len, TT_MIN(room, b.cap - b.len - 1));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            tt_buf_release(&b);
            return tt__error(err, TT_EIO, "cannot read '%s': %s", path, tt_errno_text(e));
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        b.data[b.len] = '\0';
        want = 65536;
    }
    *out = tt_buf_detach(&b, out_len);
    if (!*out)
        return tt__error(err, TT_ENOMEM, "cannot read '%s': out of memory", path);
    return 0;
}

int
tt__read_file(tt_err *err, const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return tt__error(err, errno == ENOENT ? TT_ENOENT : TT_EIO, "cannot read '%s': %s", path,
                         tt_errno_text(errno));
    int rc = tt__read_fd(err, fd, path, out, out_len);
    close(fd);
    return rc;
}

int
tt__grow(void *pptr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / sz)
            return TT_ENOMEM;
        c *= 2;
    }
    void **pp = pptr;
    void *p = realloc(*pp, c * sz);
    if (!p)
        return TT_ENOMEM;
    *pp = p;
    *cap = c;
    return 0;
}

/* ---- allocation, and its fault injection (testhooks.h) ---- */

static atomic_int fault_armed;      /* 0: the wrappers only allocate */
static atomic_long fault_at;        /* fail the allocation with this ordinal (1-based) */
static atomic_int fault_persist;    /* and every one after it */
static atomic_long fault_seen;      /* allocations since tt__fault_alloc() */
static atomic_long fault_failed;    /* allocations made to fail */

void
tt__fault_alloc(long n, int persist)
{
    atomic_store(&fault_armed, 0);
    atomic_store(&fault_seen, 0);
    atomic_store(&fault_failed, 0);
    atomic_store(&fault_at, n > 0 ? n : 0);
    atomic_store(&fault_persist, persist);
    atomic_store(&fault_armed, n > 0);
}

long
tt__fault_alloc_seen(void)
{
    return atomic_load(&fault_seen);
}

long
tt__fault_alloc_failed(void)
{
    return atomic_load(&fault_failed);
}

int
tt__fault_alloc_now(void)
{
    if (!atomic_load_explicit(&fault_armed, memory_order_relaxed))
        return 0;
    long k = atomic_fetch_add(&fault_seen, 1) + 1, at = atomic_load(&fault_at);
    if (k == at || (k > at && atomic_load(&fault_persist))) {
        atomic_fetch_add(&fault_failed, 1);
        return 1;
    }
    return 0;
}

/* The parenthesized names call the C library itself, not the macros of common.h. */
void *
tt__malloc(size_t n)
{
    return tt__fault_alloc_now() ? NULL : (malloc)(n);
}

void *
tt__calloc(size_t k, size_t n)
{
    return tt__fault_alloc_now() ? NULL : (calloc)(k, n);
}

void *
tt__realloc(void *p, size_t n)
{
    return tt__fault_alloc_now() ? NULL : (realloc)(p, n);
}

char *
tt__strdup(const char *s)
{
    return tt__fault_alloc_now() ? NULL : (strdup)(s);
}

char *
tt__strndup(const char *s, size_t n)
{
    return tt__fault_alloc_now() ? NULL : (strndup)(s, n);
}

/* The band |i - j| <= maxd of the dynamic programme, two rows of row. */
size_t
tt__edit_distance(const char *a, size_t al, const char *b, size_t bl, size_t maxd, size_t *row)
{
    size_t big = maxd + 1;
    if ((al > bl ? al - bl : bl - al) > maxd)
        return big;
    size_t *prev = row, *cur = row + bl + 1;
    for (size_t j = 0; j <= bl; j++)
        prev[j] = j <= maxd ? j : big;
    for (size_t i = 1; i <= al; i++) {
        size_t lo = i > maxd ? i - maxd : 0, hi = i + maxd < bl ? i + maxd : bl, best = big;
        for (size_t j = lo > 0 ? lo - 1 : 0; j <= hi + 1 && j <= bl; j++)
            cur[j] = big;
        if (lo == 0)
            cur[0] = i <= maxd ? i : big;
        for (size_t j = lo > 1 ? lo : 1; j <= hi; j++) {
            size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d > big ? big : d;
        }
        for (size_t j = lo; j <= hi; j++)
            if (cur[j] < best)
                best = cur[j];
        if (best > maxd)
            return big;
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[bl] > big ? big : prev[bl];
}
