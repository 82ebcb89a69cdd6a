/* SPDX-License-Identifier: Apache-2.0 */
/*
 * io.c: what several commands did each in their own words (cli.h): open the vault and say
 * why not in one line, write an output file, and read a whole input file (or "-", standard input) into memory.
 * The buffer is NUL-terminated one past its length so text callers may treat it as a string;
 * a read error is never mistaken for end of file.  Output files go through the library's
 * one atomic writer, tt_file_write (telltale/file.h): never half-written, never written
 * through a symlink, mode 0600, fsynced.  Whole reads stop at the input
 * size limit (telltale/limits.h; TELLTALE_MAX_INPUT_MB sets it, cli_limits_from_env()).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "cli.h"
#include "telltale/file.h"
#include "telltale/limits.h"
#include "telltale/source.h"

int
cli_open_vault(const cli *c, tt_vault **out)
{
    *out = NULL;
    tt_vault *v = NULL;
    int rc = cli_vault_open(c, &v);
    if (rc) {
        /* The library's message names the vault directory and says why. */
        fail("%s", v ? tt_vault_errmsg(v) : tt_strerror(rc));
        tt_vault_free(v);
        return EXIT_TROUBLE;
    }
    if (tt_vault_set_extract(v, &c->xopts)) {
        fail("%s", tt_vault_errmsg(v));
        tt_vault_free(v);
        return EXIT_TROUBLE;
    }
    *out = v;
    return 0;
}

int
cli_vault_open(const cli *c, tt_vault **out)
{
    tt_vault_open_options o = TT_VAULT_OPEN_OPTIONS_INIT;
    o.busy_timeout_ms = c->busy_timeout_ms;
    return tt_vault_open_with(out, c->vault_dir, &o);
}

int
cli_limits_from_env(void)
{
    const char *e = getenv("TELLTALE_MAX_INPUT_MB");
    if (!e || !*e)
        return 0;
    char *end;
    errno = 0;
    unsigned long long mb = strtoull(e, &end, 10);
    if (errno || *end || e[0] == '-' || mb < 1 || mb > ((unsigned long long)SIZE_MAX >> 21))
        return fail("TELLTALE_MAX_INPUT_MB needs a whole number of MiB from 1, not '%s'", e);
    tt_limit_set_input((size_t)mb << 20);
    return 0;
}

int
cli_read_fail(const char *path)
{
    if (errno == EFBIG) {
        size_t lim = tt_limit_input();
        if (lim >= (1u << 20))
            return fail("cannot read '%s': too large (limit %zu MiB)", path, lim >> 20);
        return fail("cannot read '%s': too large (limit %zu bytes)", path, lim);
    }
    return fail("cannot read '%s': %s", path, tt_errno_text(errno));
}

int
cli_read_file(const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    size_t lim = tt_limit_input();
    struct stat st;
    /* a regular file over the limit is refused unread; a pipe or device is read until one
     * byte past it at most */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > lim) {
        if (f != stdin)
            fclose(f);
        errno = EFBIG;
        return -1;
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    int nomem = !buf, big = 0;
    while (buf) {
        if (len > lim) {
            big = 1;
            break;
        }
        if (cap - len < 2) {
            char *p = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!p) {
                nomem = 1;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t want = cap - len - 1;
        if (want > lim + 1 - len)
            want = lim + 1 - len;
        size_t n = fread(buf + len, 1, want, f);
        len += n;
        if (n == 0)
            break;
    }
    int bad = ferror(f);
    int saved = errno;
    if (f != stdin)
        fclose(f);
    if (nomem || bad || big) {
        free(buf);
        errno = big ? EFBIG : nomem ? ENOMEM : saved;
        return -1;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

int
cli_write_file(const char *path, const void *data, size_t len)
{
    /* the library's one writer (telltale/file.h): a temporary name, fsync, rename; a report
     * holds document text, so it is readable by the owner only */
    return tt_file_write(path, data, len, 0600, TT_FILE_REPLACE) == 0 ? 0 : -1;
}

void
cli_item_meta_free(cli_item_meta *m)
{
    free(m->author);
    free(m->date);
    free(m->url);
    free(m->attachment);
    memset(m, 0, sizeof *m);
}

int
cli_read_item(const char *arg, char **out, size_t *out_len, cli_item_meta *m)
{
    *out = NULL;
    *out_len = 0;
    struct stat st;
    const char *hash = strrchr(arg, '#');
    if (!hash || hash == arg || !hash[1] || stat(arg, &st) == 0)
        return 0;
    char *path = strndup(arg, (size_t)(hash - arg));
    if (!path)
        return fail("out of memory");
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(path);
        return 0;
    }
    tt_source *s = NULL;
    const tt_source_item *it;
    int rc = strcmp(path, "-") == 0 ? tt_source_open_file(&s, "-", stdin, NULL)
                                  : tt_source_open(&s, path, NULL);
    if (rc == 0)
        rc = tt_source_find(s, hash + 1, &it);
    int ret;
    if (rc < 0) {
        ret = fail("%s", tt_source_errmsg(s));
    } else if (rc == 0) {
        ret = fail("cannot read '%s': no item '%s' in it", path, hash + 1);
    } else if (!(*out = malloc(it->text_len + 1))) {
        ret = fail("out of memory");
    } else {
        memcpy(*out, it->text, it->text_len);
        (*out)[it->text_len] = '\0';
        *out_len = it->text_len;
        ret = 1;
        if (m) {
            m->author = it->author ? strdup(it->author) : NULL;
            m->date = it->date ? strdup(it->date) : NULL;
            m->url = it->url ? strdup(it->url) : NULL;
            m->attachment = it->attachment ? strdup(it->attachment) : NULL;
        }
    }
    tt_source_free(s);
    free(path);
    return ret;
}

int
cli_write_report(tt_vault *v, const char *path, const char *data, size_t len, int sign,
                 const char *what)
{
    char *sig = NULL;
    if (sign) {
        char now[32], comment[256];
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        snprintf(comment, sizeof comment, "telltale %s report, made %s, vault key %s", what, now,
                 tt_vault_key_id(v));
        if (tt_vault_sign(v, data, len, comment, &sig))
            return fail("cannot sign '%s': %s", path, tt_vault_errmsg(v));
    }
    int r = 0;
    if (cli_write_file(path, data, len) != 0) {
        r = fail("cannot write '%s': %s", path, tt_errno_text(errno));
    } else if (sig) {
        size_t pl = strlen(path) + sizeof ".minisig";
        char *sp = malloc(pl);
        if (!sp)
            r = fail("out of memory");
        else {
            snprintf(sp, pl, "%s.minisig", path);
            if (cli_write_file(sp, sig, strlen(sig)) != 0)
                r = fail("cannot write '%s': %s", sp, tt_errno_text(errno));
            free(sp);
        }
    }
    free(sig);
    return r;
}

void
cli_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
