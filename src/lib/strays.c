/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strays.c: tt_issue_strays(), the consistency check of an output folder.  The issuer
 * writes each copy and its signature (through tt_file_write) before the transaction that
 * records them commits, so a kill or power cut between the two leaves complete files with
 * no record; tt_file_write leaves at most a temporary file.  This finds both, by name, so
 * `telltale issue` can report them on the next run and `telltale issue --check` on demand.
 *
 * Rules, per entry of the folder (not recursing): a tt_file_write temporary name is a
 * stray; a regular file named DOC-*.txt, DOC-*.md or DOC-*.pdf, DOC one of this vault's
 * documents, is a recorded copy when some copy of DOC on record has its SHA-256, and a stray when not,
 * unless its .minisig names another key id (another vault's copy in a shared folder); the
 * .minisig of a stray copy, and a .minisig whose copy is gone, are strays too.  Symlinks
 * and other non-regular files are never opened.  Nothing is deleted: a stray may be
 * evidence, and only the owner knows.  Workload: one read and one SHA-256 per copy file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "telltale/file.h"
#include "telltale/issue.h"
#include "vault_internal.h"
#include "vault_handle.h"

#define SIG_EXT ".minisig"
#define MAX_COPY_BYTES (64u << 20)

static int
ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), e = strlen(end);
    return n >= e && strcmp(s + n - e, end) == 0;
}

/* Read a regular file (never through a symlink) of at most MAX_COPY_BYTES. */
static int
read_regular(const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    char *b = NULL;
    int rc = -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_COPY_BYTES)
        goto out;
    size_t n = (size_t)st.st_size, got = 0;
    if (!(b = malloc(n + 1)))
        goto out;
    while (got < n) {
        ssize_t r = read(fd, b + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    b[got] = '\0';
    *out = b;
    *out_len = got;
    b = NULL;
    rc = 0;
out:
    free(b);
    close(fd);
    return rc;
}

/* The document row into *out when name is DOC-....txt/.md/.pdf for one of this vault's
 * documents, else 0 there. */
static int
copy_doc(tt_vault *v, const char *name, int64_t *out)
{
    *out = 0;
    if (!ends_with(name, ".txt") && !ends_with(name, ".md") && !ends_with(name, ".pdf"))
        return 0;
    return tt_vault__doc_row_of_file(v, name, out);
}

/* 1 when the signature file at path is signed by a key other than this vault's. */
static int
foreign_sig(const tt_vault *v, const char *path)
{
    char *s;
    size_t n;
    if (read_regular(path, &s, &n) != 0)
        return 0;
    int foreign = 0;
    const char *nl = strchr(s, '\n');
    if (nl) {
        const char *b = nl + 1, *e = strchr(b, '\n');
        size_t bl = e ? (size_t)(e - b) : strlen(b);
        unsigned char bin[74];
        size_t got = 0;
        if (sodium_base642bin(bin, sizeof bin, b, bl, NULL, &got, NULL,
                              sodium_base64_VARIANT_ORIGINAL) == 0 &&
            got == sizeof bin)
            foreign = memcmp(bin + 2, v->keys.keyid, 8) != 0;
    }
    free(s);
    return foreign;
}

int
tt_issue_strays(tt_vault *v, const char *dir, tt_stray_fn fn, void *ud, size_t *out_n)
{
    tt_err *err = tt_vault__err(v);
    *out_n = 0;
    if (sodium_init() < 0)
        return tt__error(err, TT_ECRYPTO, "cannot initialize libsodium");
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            return 0;
        return tt__error(err, TT_EIO, "cannot read '%s': %s", dir, tt_errno_text(errno));
    }
    tt_buf p;
    tt_buf_init(&p);
    int rc = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d))) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        p.len = 0;
        if (tt_buf_printf(&p, "%s/%s", dir, name)) {
            rc = tt__error(err, TT_ENOMEM, "out of memory");
            goto out;
        }
        const char *why = NULL;
        struct stat st;
        if (tt_file_is_temp(name)) {
            why = "temporary file of an interrupted write";
        } else if (ends_with(name, SIG_EXT)) {
            /* judged with its copy; alone, it is a stray when it names a copy of ours */
            size_t bl = p.len - strlen(SIG_EXT);
            p.data[bl] = '\0';
            int gone = lstat(p.data, &st) != 0 && errno == ENOENT;
            char *base = strrchr(p.data, '/') + 1;
            int64_t doc;
            rc = copy_doc(v, base, &doc);
            p.data[bl] = SIG_EXT[0];
            if (rc)
                goto out;
            int ours = doc != 0;
            if (gone && ours && !foreign_sig(v, p.data))
                why = "signature whose copy is gone";
        } else if (lstat(p.data, &st) == 0 && S_ISREG(st.st_mode)) {
            int64_t doc;
            if ((rc = copy_doc(v, name, &doc)))
                goto out;
            char *data = NULL;
            size_t len = 0;
            if (doc && read_regular(p.data, &data, &len) == 0) {
                unsigned char h[crypto_hash_sha256_BYTES];
                char hex[2 * sizeof h + 1];
                crypto_hash_sha256(h, (const unsigned char *)data, len);
                sodium_bin2hex(hex, sizeof hex, h, sizeof h);
                free(data);
                int recorded;
                if ((rc = tt_copies__recorded(v, doc, hex, &recorded)))
                    goto out;
                if (!recorded) {
                    if (tt_buf_printf(&p, "%s", SIG_EXT)) {
                        rc = tt__error(err, TT_ENOMEM, "out of memory");
                        goto out;
                    }
                    int has_sig = lstat(p.data, &st) == 0;
                    int foreign = has_sig && foreign_sig(v, p.data);
                    if (has_sig && !foreign) {
                        if (fn)
                            fn(ud, p.data, "signature of a copy with no record");
                        (*out_n)++;
                    }
                    p.len -= strlen(SIG_EXT);
                    p.data[p.len] = '\0';
                    if (!foreign)
                        why = has_sig ? "copy with no record (an interrupted issue?)"
                                      : "unsigned copy with no record (an interrupted issue?)";
                }
            }
        }
        if (why) {
            if (fn)
                fn(ud, p.data, why);
            (*out_n)++;
        }
        errno = 0;
    }
    if (errno)
        rc = tt__error(err, TT_EIO, "cannot read '%s': %s", dir, tt_errno_text(errno));
out:
    tt_buf_release(&p);
    closedir(d);
    return rc;
}
