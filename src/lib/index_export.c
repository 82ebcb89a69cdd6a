/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_export.c: the detection index exported for workers without a vault
 * (`telltale export-index`, `watch --index`).
 *
 * Layout (native byte order, like index.bin; a file from another build is refused as such):
 *   [0, 64 KiB)        header: magic "TTEXPRT\x01", then u64 image offset (65536), image
 *                      length, texts offset, texts length, document count, file length;
 *                      zeros to 64 KiB so the image starts page-aligned
 *   image              exactly the bytes of an index.bin cache file (index_cache.c) built
 *                      with a zero vault state
 *   texts              8-aligned: per document, in the index's order, u64 length + the
 *                      extracted text (valid UTF-8), which scan needs to align a match
 *   trailer (74 bytes) "ED", the signing key's id (8), and the Ed25519 signature of the
 *                      BLAKE2b-512 hash of everything before the trailer (minisign's
 *                      prehashed form)
 *
 * Invariants: import reads the whole file into private memory first, then checks the key id
 * against the public key it was given and the signature over those very bytes, and only then
 * parses them (through the cache loader's own range checks): no byte is trusted before the
 * signature is, and a file changed on disk meanwhile cannot slip in.  The file holds the
 * registered texts (confidential) and no key.  Workload: one read and one hash on load.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "index.h"
#include "keys.h"
#include "telltale/file.h"
#include "telltale/watch.h"
#include "vault_internal.h"
#include "vault_handle.h"

#define EXPORT_MAGIC "TTEXPRT\x01"
#define EXPORT_HDR ((size_t)65536)
#define TRAILER 74

typedef struct export_hdr {
    char magic[8];
    uint64_t image_off, image_len, texts_off, texts_len, ndocs, size;
} export_hdr;

static size_t
al8(size_t x)
{
    return (x + 7) & ~(size_t)7;
}

static int
nomem(tt_vault *v)
{
    return tt__error(&v->err, TT_ENOMEM, "out of memory exporting the index");
}

int
tt_index_export(tt_vault *v, const char *path, size_t *out_docs)
{
    if (out_docs)
        *out_docs = 0;
    tt_index *ix = NULL;
    unsigned char *img = NULL;
    size_t imglen = 0;
    tt_buf f;
    tt_buf_init(&f);
    int rc = tt_index_open(&ix, v);
    if (rc)
        goto out;
    tt_index_state zero;
    memset(&zero, 0, sizeof zero);
    if ((rc = tt_index__cache_image(ix, &zero, &img, &imglen))) {
        rc = tt__error(&v->err, rc, "out of memory exporting the index");
        goto out;
    }
    export_hdr h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, EXPORT_MAGIC, 8);
    h.image_off = EXPORT_HDR;
    h.image_len = imglen;
    h.texts_off = al8(EXPORT_HDR + imglen);
    h.ndocs = ix->ndocs;
    if (tt_buf_grow(&f, h.texts_off) != 0) {
        rc = nomem(v);
        goto out;
    }
    memset(f.data, 0, h.texts_off);
    memcpy(f.data + EXPORT_HDR, img, imglen);
    f.len = h.texts_off;
    for (size_t d = 0; d < ix->ndocs; d++) {
        char *text = NULL;
        size_t len = 0;
        if ((rc = tt_vault_doc_text(v, ix->docs[d].id, &text, &len)))
            goto out;
        uint64_t l64 = len;
        rc = tt_buf_add(&f, &l64, sizeof l64);
        if (!rc)
            rc = tt_buf_add(&f, text, len);
        free(text);
        if (rc) {
            rc = nomem(v);
            goto out;
        }
    }
    h.texts_len = f.len - h.texts_off;
    h.size = f.len + TRAILER;
    memcpy(f.data, &h, sizeof h);
    unsigned char hash[crypto_generichash_BYTES_MAX], sig[64];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)f.data, f.len, NULL, 0);
    if ((rc = tt_keys__sign(&v->keys, v->dir, &v->err, sig, hash, sizeof hash)))
        goto out;
    if ((rc = tt_buf_add(&f, "ED", 2)) || (rc = tt_buf_add(&f, v->keys.keyid, 8)) ||
        (rc = tt_buf_add(&f, sig, 64))) {
        rc = nomem(v);
        goto out;
    }
    if ((rc = tt_file_write(path, f.data, f.len, 0600, TT_FILE_REPLACE))) {
        rc = tt__error(&v->err, rc, "cannot write '%s': %s", path,
                       rc == TT_ENOMEM ? "out of memory" : tt_errno_text(errno));
        goto out;
    }
    char args[64];
    snprintf(args, sizeof args, "{\"docs\":%zu}", ix->ndocs);
    if ((rc = tt_vault_log_append(v, "export-index", args)))
        goto out;
    if (out_docs)
        *out_docs = ix->ndocs;
    rc = 0;
out:
    tt_buf_release(&f);
    free(img);
    tt_index_free(ix);
    return rc;
}

static int
fail(char *err, size_t errlen, int code, const char *fmt, const char *path, const char *why)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, path, why);
    return code;
}

int
tt_index_import(tt_index **out, const char *path, const char *pubkey_text, char *err,
                size_t errlen)
{
    *out = NULL;
    unsigned char keyid[8], pk[32];
    if (sodium_init() < 0)
        return fail(err, errlen, TT_ENOMEM, "cannot load '%s': %s", path, "out of memory");
    if (!pubkey_text ||
        tt_keys__parse_public(pubkey_text, strlen(pubkey_text), keyid, pk) != 0)
        return fail(err, errlen, TT_EFORMAT, "cannot check '%s': %s", path,
                    "the public key is not a minisign public key");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(err, errlen, TT_EIO, "cannot read '%s': %s", path, tt_errno_text(errno));
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int e = errno;
        close(fd);
        return fail(err, errlen, TT_EIO, "cannot read '%s': %s", path,
                    S_ISDIR(sb.st_mode) ? "is a directory" : tt_errno_text(e));
    }
    size_t len = (size_t)sb.st_size;
    if (len < EXPORT_HDR + TRAILER) {
        close(fd);
        return fail(err, errlen, TT_EFORMAT, "cannot load '%s': %s", path,
                    "not an exported telltale index");
    }
    /* private anonymous memory the index can own (tt_index_free unmaps it) */
    unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        close(fd);
        return fail(err, errlen, TT_ENOMEM, "cannot load '%s': %s", path, "out of memory");
    }
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, m + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    int rc;
    tt_index *ix = NULL;
    export_hdr h;
    memcpy(&h, m, sizeof h);
    if (got != len) {
        rc = fail(err, errlen, TT_EIO, "cannot read '%s': %s", path, "the file changed size");
        goto out;
    }
    if (memcmp(h.magic, EXPORT_MAGIC, 8) != 0 || h.size != len) {
        rc = fail(err, errlen, TT_EFORMAT, "cannot load '%s': %s", path,
                  memcmp(h.magic, EXPORT_MAGIC, 8) != 0 ? "not an exported telltale index"
                                                         : "truncated or extended");
        goto out;
    }
    const unsigned char *t = m + len - TRAILER;
    if (t[0] != 'E' || t[1] != 'D') {
        rc = fail(err, errlen, TT_ECRYPTO, "cannot load '%s': %s", path, "no valid signature");
        goto out;
    }
    if (memcmp(t + 2, keyid, 8) != 0) {
        rc = fail(err, errlen, TT_ECRYPTO, "cannot load '%s': %s", path,
                  "signed by another vault's key");
        goto out;
    }
    unsigned char hash[crypto_generichash_BYTES_MAX];
    crypto_generichash(hash, sizeof hash, m, len - TRAILER, NULL, 0);
    if (crypto_sign_verify_detached(t + 10, hash, sizeof hash, pk) != 0) {
        rc = fail(err, errlen, TT_ECRYPTO, "cannot load '%s': %s", path,
                  "the signature does not match: the file was changed");
        goto out;
    }
    /* signed by the vault: now parse, still checking every range */
    if (h.image_off != EXPORT_HDR || h.image_len > len || h.texts_off > len ||
        h.texts_len > len || h.image_off + h.image_len > h.texts_off ||
        h.texts_off + h.texts_len != len - TRAILER) {
        rc = fail(err, errlen, TT_EFORMAT, "cannot load '%s': %s", path, "damaged layout");
        goto out;
    }
    mprotect(m, len, PROT_READ);
    tt_index_state zero;
    memset(&zero, 0, sizeof zero);
    rc = tt_index__cache_from(&ix, m, len, m + h.image_off, h.image_len, &zero);
    if (rc) {
        rc = fail(err, errlen, rc == TT_ENOMEM ? TT_ENOMEM : TT_EFORMAT,
                  "cannot load '%s': %s", path,
                  rc == TT_ENOMEM ? "out of memory"
                                  : "exported by another build of telltale (export it again)");
        goto out;
    }
    if (h.ndocs != ix->ndocs) {
        rc = fail(err, errlen, TT_EFORMAT, "cannot load '%s': %s", path, "damaged texts");
        goto out;
    }
    size_t p = h.texts_off, end = h.texts_off + h.texts_len;
    for (size_t d = 0; d < ix->ndocs; d++) {
        uint64_t l64;
        if (end - p < sizeof l64) {
            rc = fail(err, errlen, TT_EFORMAT, "cannot load '%s': %s", path, "damaged texts");
            goto out;
        }
        memcpy(&l64, m + p, sizeof l64);
        p += sizeof l64;
        if (l64 > end - p) {
            rc = fail(err, errlen, TT_EFORMAT, "cannot load '%s': %s", path, "damaged texts");
            goto out;
        }
        char *text = malloc((size_t)l64 + 1);
        if (!text) {
            rc = fail(err, errlen, TT_ENOMEM, "cannot load '%s': %s", path, "out of memory");
            goto out;
        }
        memcpy(text, m + p, (size_t)l64);
        text[l64] = '\0';
        ix->docs[d].text = text;
        ix->docs[d].len = (size_t)l64;
        p += (size_t)l64;
    }
    *out = ix;
    return 0;
out:
    if (ix)
        tt_index_free(ix); /* unmaps m */
    else
        munmap(m, len);
    return rc;
}
