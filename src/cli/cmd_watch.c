/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE /* fopencookie */
/*
 * cmd_watch.c: telltale watch: a long-running scanner over a folder (inotify), standard
 * input (an endless JSON-lines stream) or a NATS JetStream stream (natsq.c); findings are
 * printed and recorded in the vault.
 *
 * Folder source.  Files whose name ends in .jsonl or .ndjson are streams of posts: each is
 * read from its cursor (device, inode, byte offset, line, and a hash of its first bytes, so
 * a replaced file, a truncated one or a new file on a reused inode starts again from 0) up
 * to its last complete line; the cursor moves in the transaction that records the findings
 * before it, so a watcher killed at any moment rereads at most the lines after the last
 * cursor, and their findings, already recorded, are not recorded twice (the vault keeps one
 * row per source, post, document and span).  Any other file is one post, scanned whole
 * when it is closed after writing or moved in, and again only when its size, time or first
 * bytes change.  Hidden files (a writer's temporary names) and symbolic links are never
 * read: a link would read a file twice or loop; subfolders are watched (each real folder
 * once, by device and inode).  Standard input: posts are scanned as they arrive; a restart
 * cannot resume a pipe, so there is no cursor.
 *
 * Signals: SIGTERM and SIGINT set watch_stop; every loop checks it between posts, so the
 * batch in hand is finished and recorded, and watch exits 0.  The status line (stderr a
 * terminal) and --metrics lines belong here, never in the library.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "telltale/scan.h"
#include "telltale/watch.h"
#include "cli_watch.h"
#include "cli_nats.h"

static const char help[] =
    "usage: telltale watch (DIR | - | --nats URL --stream S) [--index FILE --pubkey FILE]\n"
    "                      [--min-words N] [--text-field NAME] [--batch N] [--metrics SECONDS]\n"
    "                      [--once] [--json]\n\n"
    "Scan posts as they arrive and record every finding in the vault (see 'telltale\n"
    "findings').  Sources:\n"
    "  DIR   a folder: *.jsonl and *.ndjson files are streams of posts, read from where the\n"
    "        last run stopped (new lines as they are appended); any other file is one post,\n"
    "        scanned when written; subfolders too; hidden files and symlinks are skipped\n"
    "  -     standard input: JSON lines, one post per line, scanned as they arrive\n"
    "  --nats URL --stream S\n"
    "        a NATS JetStream stream: every worker with the same --consumer shares the\n"
    "        posts; a post is acknowledged only once its findings are durably stored\n\n"
    "Options:\n"
    "  --index FILE      scan with an exported index (telltale export-index) instead of\n"
    "                    the vault; the worker needs no vault and holds no key\n"
    "  --pubkey FILE     the exporting vault's vault.pub, to check --index's signature\n"
    "  --min-words N     fewest matched words for a finding (default 10)\n"
    "  --text-field NAME the JSON-lines member holding a post's text, dotted for nesting\n"
    "                    (default: text, then content, then message.text), as for scan\n"
    "  --batch N         NATS: posts fetched and in flight at once (default 64)\n"
    "  --consumer NAME   NATS: the durable consumer the workers share (default telltale)\n"
    "  --findings-subject SUBJ\n"
    "                    NATS: subject findings are published to (default\n"
    "                    telltale.findings); kept by the stream TELLTALE_FINDINGS\n"
    "  --ack-wait SECONDS\n"
    "                    NATS: a post not acknowledged this long goes to another worker\n"
    "                    (default 30; set when the consumer is created)\n"
    "  --retries N       NATS: connection attempts before giving up (default 0: forever,\n"
    "                    with backoff from 0.25 s to 8 s)\n"
    "  --metrics SECONDS print a JSON line of counters on stderr every SECONDS\n"
    "  --once            stop once the source has nothing new (folder: after one pass;\n"
    "                    NATS: when a fetch finds the stream empty)\n"
    "  --json            findings as JSON lines on stdout (the lines scan --json prints)\n\n"
    "SIGTERM or SIGINT: the batch in hand is finished and stored, then watch exits 0.\n"
    "Exit status: 0 stopped cleanly, 2 usage error or failure.\n";

/* ---- standard input ---- */

/* Findings from standard input are recorded in batches, each one durable transaction: a
 * transaction per post with findings (an fsync each) cost a fifth of the throughput of a
 * stream with a leak in every thousand posts.  A batch is recorded before a read that could
 * wait for input (nothing ready on the descriptor), at STDIN_BATCH findings, after
 * STDIN_BATCH_S seconds, and at the end or on SIGTERM, so a finding printed is recorded
 * before watch waits for the writer (only a writer stopping halfway through a line holds a
 * batch back until the line is finished or watch is stopped). */
#define STDIN_BATCH 256
#define STDIN_BATCH_S 1.0

static int
stdin_would_wait(void)
{
    struct pollfd pfd = {.fd = fileno(stdin), .events = POLLIN};
    return poll(&pfd, 1, 0) == 0;
}

static int
stdin_run(watcher *w)
{
    tt_post_reader *r;
    if (watch_posts_open(w, &r, stdin))
        return fail("out of memory");
    wrows rows = {0};
    const tt_post *p;
    int got = 0, rc = 0;
    double since = 0; /* when the oldest finding not yet recorded was found */
    /* a signal interrupts the blocking read (no SA_RESTART): the reader then reports a read
     * error or the end, and the loop ends on watch_stop */
    for (;;) {
        if (rows.n && (rows.n >= STDIN_BATCH || watch_now() - since >= STDIN_BATCH_S ||
                       stdin_would_wait()) &&
            watch_record(w, &rows, NULL, NULL)) {
            rc = EXIT_TROUBLE;
            break;
        }
        if (watch_stop || (got = tt_posts_next(r, &p)) != 1)
            break;
        if (p->error) {
            w->bad++;
            warn("'-': %s", p->msg);
            continue;
        }
        char num[32];
        snprintf(num, sizeof num, "line-%zu", p->line);
        size_t before = rows.n;
        if (watch_scan_post(w, "-", p->id ? p->id : num, p, &rows)) {
            rc = EXIT_TROUBLE;
            break;
        }
        if (before == 0 && rows.n)
            since = watch_now();
        watch_tick(w, 0);
    }
    if (rc == 0 && rows.n && watch_record(w, &rows, NULL, NULL))
        rc = EXIT_TROUBLE;
    if (rc == 0 && !watch_stop && got < 0)
        rc = fail("cannot read '-': %s", tt_posts_errmsg(r));
    tt_posts_close(r);
    wrows_free(&rows);
    return rc;
}

/* ---- folder ---- */

typedef struct dirw {
    int wd;
    char *path;
    dev_t dev;
    ino_t ino;
} dirw;

typedef struct folder {
    watcher *w;
    int ifd;
    dirw *d;
    size_t nd, cap;
    char **dirty; /* files to look at after this round of events */
    size_t ndirty, dcap;
    wrows rows;
} folder;

static int
is_stream_name(const char *path)
{
    size_t n = strlen(path);
    return (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) ||
           (n > 7 && strcmp(path + n - 7, ".ndjson") == 0);
}

static const char *
base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* FNV-1a of the first min(n, 256) bytes of the file: a file on a reused inode, or one
 * rewritten in place, has other first bytes than the one the cursor describes. */
static int
head_hash(int fd, uint64_t n, uint64_t *out)
{
    unsigned char b[256];
    size_t want = n < sizeof b ? (size_t)n : sizeof b;
    ssize_t got = pread(fd, b, want, 0);
    if (got < 0 || (size_t)got != want)
        return -1;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < want; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    *out = h;
    return 0;
}

/* A FILE reading fd from its current offset up to limit bytes in all: a stream piece ends
 * at the last complete line seen, whatever the writer adds meanwhile. */
typedef struct piece {
    int fd;
    uint64_t left;
    uint64_t lines; /* '\n' read: the cursor's line count moves by this */
} piece;

static ssize_t
piece_read(void *cookie, char *buf, size_t size)
{
    piece *p = cookie;
    if (p->left == 0)
        return 0;
    if (size > p->left)
        size = (size_t)p->left;
    ssize_t r;
    do
        r = read(p->fd, buf, size);
    while (r < 0 && errno == EINTR);
    if (r > 0) {
        p->left -= (uint64_t)r;
        for (ssize_t i = 0; i < r; i++)
            p->lines += buf[i] == '\n';
    }
    return r;
}

static int
piece_close(void *cookie)
{
    (void)cookie;
    return 0;
}

/* The offset just past the last '\n' in [from, size), or from when there is none. */
static uint64_t
last_line_end(int fd, uint64_t from, uint64_t size)
{
    char b[65536];
    uint64_t end = size;
    while (end > from) {
        size_t n = end - from < sizeof b ? (size_t)(end - from) : sizeof b;
        ssize_t got = pread(fd, b, n, (off_t)(end - n));
        if (got != (ssize_t)n)
            return from;
        for (size_t i = n; i > 0; i--)
            if (b[i - 1] == '\n')
                return end - n + i;
        end -= n;
    }
    return from;
}

typedef struct cursor {
    int kind; /* 's' stream, 't' text file */
    unsigned long long dev, ino, off, line, head, size;
    long long mtime;
} cursor;

static int
cursor_parse(const char *s, cursor *c)
{
    memset(c, 0, sizeof *c);
    char k;
    if (sscanf(s, "%c %llu %llu %llu %llu %llx %llu %lld", &k, &c->dev, &c->ino, &c->off,
               &c->line, &c->head, &c->size, &c->mtime) != 8)
        return -1;
    c->kind = k;
    return 0;
}

static void
cursor_format(char out[200], const cursor *c)
{
    snprintf(out, 200, "%c %llu %llu %llu %llu %llx %llu %lld", c->kind, c->dev, c->ino, c->off,
             c->line, c->head, c->size, c->mtime);
}

/* Read what is new in one file.  Returns 0, or -1 on a failure that stops the watcher
 * (the vault cannot be written); a file that cannot be read is reported and skipped. */
static int
look_at(folder *fo, const char *path)
{
    watcher *w = fo->w;
    if (base_name(path)[0] == '.')
        return 0;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno != ENOENT && errno != ELOOP)
            warn("cannot read '%s': %s", path, tt_errno_text(errno));
        return 0; /* gone already, or a symlink */
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return 0;
    }
    int rc = 0;
    char *saved = NULL;
    if (tt_watch_cursor_get(w->v, path, &saved)) {
        close(fd);
        return fail("cannot read the cursor of '%s': %s", path, tt_vault_errmsg(w->v));
    }
    cursor old, cur;
    int have = saved && cursor_parse(saved, &old) == 0;
    free(saved);
    memset(&cur, 0, sizeof cur);
    cur.dev = (unsigned long long)st.st_dev;
    cur.ino = (unsigned long long)st.st_ino;
    cur.size = (unsigned long long)st.st_size;
    cur.mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    uint64_t h;
    if (is_stream_name(path)) {
        cur.kind = 's';
        /* the same file as the cursor's: same device and inode, not shorter, same head */
        if (have && old.kind == 's' && old.dev == cur.dev && old.ino == cur.ino &&
            old.off <= cur.size && head_hash(fd, old.off, &h) == 0 && h == old.head) {
            cur.off = old.off;
            cur.line = old.line;
        }
        uint64_t end = last_line_end(fd, cur.off, cur.size);
        if (end == cur.off) {
            close(fd);
            return 0; /* no new complete line */
        }
        if (lseek(fd, (off_t)cur.off, SEEK_SET) < 0) {
            warn("cannot read '%s': %s", path, tt_errno_text(errno));
            close(fd);
            return 0;
        }
        piece pc = {fd, end - cur.off, 0};
        cookie_io_functions_t io = {piece_read, NULL, NULL, piece_close};
        FILE *f = fopencookie(&pc, "r", io);
        tt_post_reader *r = NULL;
        if (!f || watch_posts_open(w, &r, f)) {
            if (f)
                fclose(f);
            close(fd);
            return fail("out of memory");
        }
        const tt_post *p;
        int got;
        while ((got = tt_posts_next(r, &p)) == 1) {
            if (p->error) {
                w->bad++;
                warn("'%s': line %llu: %s", path, cur.line + p->line, p->msg);
                continue;
            }
            char num[48];
            snprintf(num, sizeof num, "line-%llu", cur.line + p->line);
            if (watch_scan_post(w, path, p->id ? p->id : num, p, &fo->rows) ||
                (fo->rows.n && watch_record(w, &fo->rows, NULL, NULL))) {
                rc = -1;
                break;
            }
            watch_tick(w, 0);
            /* a stop request ends the piece here: the cursor stays where it was, so the
             * lines read since are read again next time (their findings are recorded) */
            if (watch_stop)
                break;
        }
        if (got < 0 && rc == 0)
            warn("cannot read '%s': %s", path, tt_posts_errmsg(r));
        tt_posts_close(r);
        fclose(f);
        if (rc == 0 && got == 0 && !watch_stop) {
            cur.off = end;
            cur.line += pc.lines;
            if (head_hash(fd, cur.off, &h) == 0) {
                cur.head = h;
                char cs[200];
                cursor_format(cs, &cur);
                rc = watch_record(w, &fo->rows, path, cs);
            }
        }
        close(fd);
        return rc;
    }
    /* a text file: one post, read whole when it changed */
    cur.kind = 't';
    if (head_hash(fd, cur.size, &h) != 0) {
        close(fd);
        return 0;
    }
    cur.head = h;
    if (have && old.kind == 't' && old.dev == cur.dev && old.ino == cur.ino &&
        old.size == cur.size && old.mtime == cur.mtime && old.head == cur.head) {
        close(fd);
        return 0;
    }
    char *buf = malloc(1 << 20);
    if (!buf) {
        close(fd);
        return fail("out of memory");
    }
    uint64_t total = 0;
    ssize_t n;
    int binary = 0;
    while ((n = read(fd, buf, 1 << 20)) > 0) {
        if (total == 0 && memchr(buf, '\0', (size_t)n < 8192 ? (size_t)n : 8192)) {
            binary = 1;
            break;
        }
        total += (uint64_t)n;
        if (tt_scanner_feed(w->sc, buf, (size_t)n)) {
            warn("cannot scan '%s': %s", path, tt_scanner_errmsg(w->sc));
            break;
        }
    }
    free(buf);
    close(fd);
    tt_finding *fs = NULL;
    size_t nf = 0;
    tt_scanner_finish(w->sc, &fs, &nf); /* ends the item whatever happened */
    if (binary || n < 0) {
        tt_findings_free(fs, nf);
        if (binary)
            warn("skipping '%s': binary file", path);
        else
            warn("cannot read '%s': %s", path, tt_errno_text(errno));
    } else {
        w->posts++;
        w->bytes += total;
        /* the findings of the file as scan reads a plain file (rescanning it as a post
         * would double the work) */
        tt_source_item it = {.format = "text"};
        if (watch_add_rows(w, path, NULL, &it, fs, nf, &fo->rows)) {
            tt_findings_free(fs, nf);
            return -1;
        }
        tt_findings_free(fs, nf);
        char cs[200];
        cursor_format(cs, &cur);
        rc = watch_record(w, &fo->rows, path, cs);
    }
    watch_tick(w, 0);
    return rc;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join(const char *dir, const char *name)
{
    size_t l = strlen(dir) + strlen(name) + 2;
    char *p = malloc(l);
    if (p)
        snprintf(p, l, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return p;
}

static int walk(folder *fo, const char *path, unsigned depth);

/* Watch a folder (each real folder once) and read what is in it, sorted by name. */
static int
add_dir(folder *fo, const char *path, unsigned depth)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    for (size_t i = 0; i < fo->nd; i++)
        if (fo->d[i].dev == st.st_dev && fo->d[i].ino == st.st_ino)
            return 0; /* seen: a bind mount or a second name */
    if (depth > 64) {
        warn("not watching '%s': folders nested deeper than 64", path);
        return 0;
    }
    int wd = inotify_add_watch(fo->ifd, path,
                               IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_CREATE |
                                   IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR |
                                   IN_DONT_FOLLOW);
    if (wd < 0) {
        warn("cannot watch '%s': %s", path, tt_errno_text(errno));
        return errno == ENOSPC ? -1 : 0;
    }
    if (fo->nd == fo->cap) {
        size_t c = fo->cap ? fo->cap * 2 : 16;
        dirw *p = realloc(fo->d, c * sizeof *p);
        if (!p)
            return fail("out of memory");
        fo->d = p;
        fo->cap = c;
    }
    fo->d[fo->nd].wd = wd;
    fo->d[fo->nd].path = strdup(path);
    fo->d[fo->nd].dev = st.st_dev;
    fo->d[fo->nd].ino = st.st_ino;
    if (!fo->d[fo->nd].path)
        return fail("out of memory");
    fo->nd++;
    return walk(fo, path, depth);
}

/* Read every file of a folder and watch its subfolders, in name order. */
static int
walk(folder *fo, const char *path, unsigned depth)
{
    DIR *d = opendir(path);
    if (!d) {
        warn("cannot read '%s': %s", path, tt_errno_text(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden (temporary) files */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) {
                rc = fail("out of memory");
                break;
            }
            names = p;
        }
        if (!(names[n] = join(path, e->d_name))) {
            rc = fail("out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && !watch_stop && lstat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = add_dir(fo, names[i], depth + 1);
            else if (S_ISREG(st.st_mode))
                rc = look_at(fo, names[i]);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static void
mark_dirty(folder *fo, char *path)
{
    for (size_t i = 0; i < fo->ndirty; i++)
        if (strcmp(fo->dirty[i], path) == 0) {
            free(path);
            return;
        }
    if (fo->ndirty == fo->dcap) {
        size_t c = fo->dcap ? fo->dcap * 2 : 16;
        char **p = realloc(fo->dirty, c * sizeof *p);
        if (!p) {
            free(path);
            return;
        }
        fo->dirty = p;
        fo->dcap = c;
    }
    fo->dirty[fo->ndirty++] = path;
}

static int
folder_run(watcher *w, const char *dir, int once)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return fail("cannot watch '%s': %s", dir, tt_errno_text(errno));
    if (!S_ISDIR(st.st_mode))
        return fail("cannot watch '%s': not a folder (give - for standard input)", dir);
    folder fo;
    memset(&fo, 0, sizeof fo);
    fo.w = w;
    fo.ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fo.ifd < 0)
        return fail("cannot watch '%s': %s", dir, tt_errno_text(errno));
    /* watch before reading, so nothing written between the two is missed */
    int rc = add_dir(&fo, dir, 0) ? EXIT_TROUBLE : 0;
    char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (rc == 0 && !once && !watch_stop) {
        struct pollfd pfd = {fo.ifd, POLLIN, 0};
        int pr = poll(&pfd, 1, 500);
        watch_tick(w, 0);
        if (pr <= 0)
            continue; /* a timeout, or a signal */
        int rescan = 0;
        for (;;) {
            ssize_t len = read(fo.ifd, buf, sizeof buf);
            if (len <= 0)
                break;
            for (char *p = buf; p < buf + len;) {
                struct inotify_event *ev = (struct inotify_event *)p;
                p += sizeof *ev + ev->len;
                if (ev->mask & IN_Q_OVERFLOW) {
                    rescan = 1;
                    continue;
                }
                const char *base = NULL;
                for (size_t i = 0; i < fo.nd; i++)
                    if (fo.d[i].wd == ev->wd)
                        base = fo.d[i].path;
                if (ev->mask & IN_IGNORED) {
                    /* the folder is gone: forget it so its name can be watched again */
                    for (size_t i = 0; i < fo.nd; i++)
                        if (fo.d[i].wd == ev->wd) {
                            free(fo.d[i].path);
                            fo.d[i] = fo.d[--fo.nd];
                            break;
                        }
                    continue;
                }
                if (!base || !ev->len || ev->name[0] == '.')
                    continue;
                char *path = join(base, ev->name);
                if (!path)
                    continue;
                if (ev->mask & IN_ISDIR) {
                    if (ev->mask & (IN_CREATE | IN_MOVED_TO))
                        rc = add_dir(&fo, path, 1) ? EXIT_TROUBLE : 0;
                    free(path);
                } else if ((ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) ||
                           ((ev->mask & (IN_MODIFY | IN_CREATE)) && is_stream_name(path))) {
                    mark_dirty(&fo, path);
                } else {
                    free(path);
                }
            }
        }
        if (rescan && rc == 0) {
            /* events were lost: look at every file again (cursors make it cheap) */
            for (size_t i = 0; i < fo.nd && rc == 0; i++)
                rc = walk(&fo, fo.d[i].path, 1) ? EXIT_TROUBLE : 0;
        }
        for (size_t i = 0; i < fo.ndirty; i++) {
            if (rc == 0 && !watch_stop && look_at(&fo, fo.dirty[i]))
                rc = EXIT_TROUBLE;
            free(fo.dirty[i]);
        }
        fo.ndirty = 0;
    }
    for (size_t i = 0; i < fo.ndirty; i++)
        free(fo.dirty[i]);
    free(fo.dirty);
    for (size_t i = 0; i < fo.nd; i++)
        free(fo.d[i].path);
    free(fo.d);
    close(fo.ifd);
    wrows_free(&fo.rows);
    return rc;
}

/* ---- the command ---- */

/* Load the exported index given by --index, checked with --pubkey. */
static int
load_exported(tt_index **ix, const char *path, const char *pubkey)
{
    char *pk = NULL;
    size_t pklen;
    if (cli_read_file(pubkey, &pk, &pklen) != 0)
        return fail("cannot read '%s': %s", pubkey, tt_errno_text(errno));
    char err[512];
    int rc = tt_index_import(ix, path, pk, err, sizeof err);
    free(pk);
    if (rc)
        return fail("%s", err);
    return 0;
}

int
cmd_watch(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    const char *src = NULL, *index = NULL, *pubkey = NULL, *text_field = NULL;
    nats_opts no = {NULL, NULL, "telltale", "telltale.findings", "TELLTALE_FINDINGS", 64, 0, 0, 30};
    long min_words = 10, x;
    double metrics = 0;
    int ended = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!ended && strcmp(a, "--") == 0) {
            ended = 1;
        } else if (!ended && strcmp(a, "--once") == 0) {
            no.once = 1;
        } else if (!ended && (strcmp(a, "--nats") == 0 || strcmp(a, "--stream") == 0 ||
                              strcmp(a, "--index") == 0 || strcmp(a, "--pubkey") == 0 ||
                              strcmp(a, "--consumer") == 0 ||
                              strcmp(a, "--text-field") == 0 ||
                              strcmp(a, "--findings-subject") == 0)) {
            if (!val || !*val)
                return usage_error("watch", "%s needs a value", a);
            i++;
            if (strcmp(a, "--nats") == 0)
                no.url = val;
            else if (strcmp(a, "--stream") == 0)
                no.stream = val;
            else if (strcmp(a, "--index") == 0)
                index = val;
            else if (strcmp(a, "--pubkey") == 0)
                pubkey = val;
            else if (strcmp(a, "--consumer") == 0)
                no.consumer = val;
            else if (strcmp(a, "--text-field") == 0)
                text_field = val;
            else
                no.findings_subject = val;
        } else if (!ended && strcmp(a, "--min-words") == 0) {
            if (cli_number_opt("watch", a, val, 1, 1024, &min_words))
                return EXIT_TROUBLE;
            i++;
        } else if (!ended && strcmp(a, "--batch") == 0) {
            if (cli_number_opt("watch", a, val, 1, 4096, &x))
                return EXIT_TROUBLE;
            no.batch = (unsigned)x;
            i++;
        } else if (!ended && strcmp(a, "--retries") == 0) {
            if (cli_number_opt("watch", a, val, 0, 1000000, &x))
                return EXIT_TROUBLE;
            no.max_retries = (unsigned)x;
            i++;
        } else if (!ended && strcmp(a, "--ack-wait") == 0) {
            if (cli_number_opt("watch", a, val, 1, 86400, &x))
                return EXIT_TROUBLE;
            no.ack_wait = (unsigned)x;
            i++;
        } else if (!ended && strcmp(a, "--metrics") == 0) {
            if (cli_number_opt("watch", a, val, 1, 86400, &x))
                return EXIT_TROUBLE;
            metrics = (double)x;
            i++;
        } else if (!ended && a[0] == '-' && a[1] != '\0') {
            return usage_error("watch", "unknown option '%s'", a);
        } else if (src) {
            return usage_error("watch", "one source at a time ('%s' and '%s')", src, a);
        } else {
            src = a;
        }
    }
    if (no.url && src)
        return usage_error("watch", "give a folder, - or --nats, not two sources");
    if (!no.url && !src)
        return usage_error("watch", "give a folder, - (standard input) or --nats URL");
    if (no.url && !no.stream)
        return usage_error("watch", "--nats needs --stream NAME");
    if (!no.url && no.stream)
        return usage_error("watch", "--stream needs --nats URL");
    if (!!index != !!pubkey)
        return usage_error("watch", "--index and --pubkey go together (the index is checked "
                                    "against the vault's public key)");
    if (index && src && strcmp(src, "-") != 0)
        return usage_error("watch", "a folder source needs the vault (it keeps where each "
                                    "file was read up to); --index is for - and --nats");

    watcher w;
    memset(&w, 0, sizeof w);
    w.c = c;
    w.min_words = (unsigned)min_words;
    w.text_field = text_field;
    w.metrics = metrics;
    w.lag = -1;
    int rc = 0;
    /* a missing libnats fails here, before the vault is opened or the run recorded */
    if (no.url && nats_load("watching over NATS"))
        return EXIT_TROUBLE;
    if (index) {
        if (load_exported(&w.ix, index, pubkey))
            return EXIT_TROUBLE;
    } else {
        if (cli_open_vault(c, &w.v))
            return EXIT_TROUBLE;
        if (tt_index_open(&w.ix, w.v) != 0) {
            rc = fail("cannot load the index: %s", tt_vault_errmsg(w.v));
            tt_vault_free(w.v);
            return rc;
        }
    }
    tt_scan_opts so = TT_SCAN_OPTS_INIT;
    so.min_words = w.min_words;
    if (tt_scanner_new(&w.sc, w.v, w.ix, &so) != 0) {
        tt_index_free(w.ix);
        tt_vault_free(w.v);
        return fail("out of memory");
    }
    watch_catch_signals();
    w.t0 = watch_now();
    if (no.url)
        rc = nats_watch(&w, &no);
    else if (strcmp(src, "-") == 0)
        rc = stdin_run(&w);
    else
        rc = folder_run(&w, src, no.once);
    watch_tick(&w, 1);
    if (w.status_shown)
        fputc('\n', stderr);
    if (w.v) {
        if (tt_watch_log_run(w.v, "watch",
                             no.url ? "nats" : strcmp(src, "-") == 0 ? "stdin" : "folder",
                             (unsigned long long)w.posts, (unsigned long long)w.findings,
                             (unsigned long long)w.recorded) != 0)
            warn("cannot write the audit log: %s", tt_vault_errmsg(w.v));
    }
    if (!c->json && w.v)
        fprintf(stderr, "telltale: watch stopped: %llu posts, %llu findings (%llu new)\n",
                (unsigned long long)w.posts, (unsigned long long)w.findings,
                (unsigned long long)w.recorded);
    else if (!c->json)
        fprintf(stderr, "telltale: watch stopped: %llu posts, %llu findings\n",
                (unsigned long long)w.posts, (unsigned long long)w.findings);
    if (!c->json && w.posts)
        fprintf(stderr, "telltale: %.3f s from start to the last post, %.0f posts/s, "
                        "%.2f MB/s\n",
                w.t_last - w.t0, (double)w.posts / (w.t_last - w.t0 > 1e-9 ? w.t_last - w.t0 : 1e-9),
                (double)w.bytes / 1e6 / (w.t_last - w.t0 > 1e-9 ? w.t_last - w.t0 : 1e-9));
    tt_scanner_free(w.sc);
    tt_index_free(w.ix);
    tt_vault_free(w.v);
    return rc;
}
