/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fileio.c: tt_file_write(), the one routine through which telltale writes every file
 * (file.h states the contract): a fresh temporary name in the target's directory opened
 * with O_CREAT|O_EXCL|O_NOFOLLOW, a full write, fsync of the file, rename (replace) or link
 * (no-replace) onto the name, fsync of the directory.
 *
 * Invariants: the final name is only ever changed by rename() or link(), which never follow
 * a symlink at the new name, so a planted symlink cannot redirect a write; the temporary
 * name has 48 random bits and is opened exclusively, so two writers never share one, and a
 * planted file or symlink at a guessed temporary name makes the open fail (another name is
 * tried), never followed.  No-replace uses link(), which fails when anything has the name;
 * on a file system without hard links it falls back to renameat2(RENAME_NOREPLACE) (Linux).
 * Workload: one call per file; the two fsyncs dominate (milliseconds on a disk, which is
 * the price of a copy that survives a power cut).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "fileio.h"
#include "common.h"
#include "telltale/file.h"

#define TEMP_TAG ".tt-"
#define TEMP_HEX 12
#define TEMP_END ".tmp"
#define TEMP_BASE_MAX 200 /* keeps ".NAME.tt-XXXXXXXXXXXX.tmp" under NAME_MAX */

static int
write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* fsync the directory holding a name, so a rename or link in it is durable. */
int
tt_file__sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    if (fd < 0)
        return -1;
    /* Some file systems refuse fsync on a directory; that is not a failed write. */
    int rc = fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP ? -1 : 0;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static int
link_noreplace(const char *from, const char *to)
{
    if (link(from, to) == 0)
        return 0;
    if (errno == EEXIST)
        return -1;
#if defined(__linux__) && defined(SYS_renameat2)
    int e = errno;
    if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EMLINK || e == ENOSYS) {
        /* RENAME_NOREPLACE is 1 */
        if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1u) == 0)
            return 1; /* moved: the temporary name is gone */
        if (errno == EINVAL || errno == ENOSYS)
            errno = e;
    }
#endif
    return -1;
}

int
tt_file_write(const char *path, const void *data, size_t len, unsigned mode, unsigned flags)
{
    if (!path || !*path || (len && !data)) {
        errno = EINVAL;
        return TT_EINVAL;
    }
    if (sodium_init() < 0) {
        errno = EIO;
        return TT_EIO;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        errno = EISDIR;
        return TT_EIO;
    }
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    char *dir = malloc(dlen + 2);
    size_t tcap = dlen + strlen(base) + 64;
    char *tmp = malloc(tcap);
    int rc = TT_EIO, fd = -1, e = 0;
    if (!dir || !tmp) {
        rc = TT_ENOMEM;
        e = ENOMEM;
        goto out;
    }
    if (!slash)
        snprintf(dir, dlen + 2, ".");
    else if (dlen == 0)
        snprintf(dir, dlen + 2, "/");
    else
        snprintf(dir, dlen + 2, "%.*s", (int)dlen, path);
    int blen = (int)strlen(base);
    if (blen > TEMP_BASE_MAX)
        blen = TEMP_BASE_MAX;
    for (int tries = 0; fd < 0 && tries < 16; tries++) {
        unsigned char r[TEMP_HEX / 2];
        char hex[TEMP_HEX + 1];
        randombytes_buf(r, sizeof r);
        sodium_bin2hex(hex, sizeof hex, r, sizeof r);
        snprintf(tmp, tcap, "%.*s%s.%.*s" TEMP_TAG "%s" TEMP_END, (int)dlen, path,
                 slash ? "/" : "", blen, base, hex);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            e = errno;
            goto out;
        }
    }
    if (fd < 0) {
        e = EEXIST;
        goto out;
    }
    /* exactly mode: the umask may not widen or narrow it */
    if (fchmod(fd, (mode_t)mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        e = errno;
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) != 0) {
        e = errno;
        unlink(tmp);
        goto out;
    }
    if (flags & TT_FILE_NOREPLACE) {
        int l = link_noreplace(tmp, path);
        if (l < 0) {
            e = errno;
            unlink(tmp);
            if (e == EEXIST)
                rc = TT_EEXIST;
            goto out;
        }
        if (l == 0)
            unlink(tmp);
    } else if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        goto out;
    }
    if (tt_file__sync_dir(dir) != 0) {
        e = errno;
        goto out;
    }
    rc = 0;
out:
    free(dir);
    free(tmp);
    if (rc)
        errno = e ? e : EIO;
    return rc;
}

int
tt_file_is_temp(const char *name)
{
    size_t n = strlen(name), tl = strlen(TEMP_TAG), el = strlen(TEMP_END);
    if (n < 2 + tl + TEMP_HEX + el || name[0] != '.')
        return 0;
    if (memcmp(name + n - el, TEMP_END, el) != 0)
        return 0;
    const char *hex = name + n - el - TEMP_HEX;
    for (int i = 0; i < TEMP_HEX; i++)
        if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
            return 0;
    return memcmp(hex - tl, TEMP_TAG, tl) == 0;
}
