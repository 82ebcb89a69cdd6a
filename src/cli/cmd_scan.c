/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_scan.c: telltale scan: find excerpts of registered documents in files, directories,
 * standard input and JSON-lines streams of posts.
 *
 * Inputs are expanded first (directories recursively, entries sorted; each directory once,
 * by device and inode, so a symbolic link to a directory already seen, a loop among them
 * included, is skipped with a note), then scanned by
 * --threads workers, each with its own vault handle and scanner over one shared index; every
 * input's report is rendered into a buffer and printed in input order, so the output does not
 * depend on the number of threads.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "telltale/extract.h"
#include "telltale/report.h"
#include "telltale/scan.h"
#include "telltale/source.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale scan [PATH...|-] [--jsonl] [--text-field NAME] [--redact]\n"
    "                     [--baseline FILE] [--threads N] [--min-words N] [--min-chance P]\n"
    "                     [--html OUT.html [--sign]] [--quiet] [--json]\n\n"
    "Find excerpts of registered documents.  PATH may be a file, a directory (scanned\n"
    "recursively) or - for standard input (the default when no PATH is given).\n"
    "Formats are recognized by content: Telegram Desktop and DiscordChatExporter exports,\n"
    "JSON lines, mbox and .eml mail, .docx, .odt, zip, tar, gzip, WARC, UTF-16 text, plain\n"
    "text; each message, post or entry is reported under its id, author, date and url.\n\n"
    "Options:\n"
    "  --jsonl          read inputs as JSON lines whatever they look like, one post per\n"
    "                   line: {\"id\": ..., \"text\": ...}; other fields are carried into the\n"
    "                   findings; a bad line is reported with its number and the rest of\n"
    "                   the stream is still scanned\n"
    "  --text-field NAME  the JSON-lines member holding the text, dotted for nesting\n"
    "                   (message.text); default: text, then content, then message.text\n"
    "  --redact         print only document ids, offsets, lengths and hashes, never text\n"
    "  --baseline FILE  suppress findings already in FILE (an earlier --json output)\n"
    "  --threads N      scan with N threads (default: all cores); the output is the same;\n"
    "                   the threads share the inputs, one input (a file, a stream of\n"
    "                   posts) to a thread: split a large export to use more cores\n"
    "  --min-words N    fewest matched words of evidence for a finding (default 10); words\n"
    "                   of ordinary language (the background model) count in part only\n"
    "  --min-chance P   report a finding only when the chance of so strong a match between\n"
    "                   unrelated texts of that length is at most P (default 0.01; 1 reports\n"
    "                   every finding, whatever its chance)\n"
    "  --html OUT       also write the findings as a self-contained HTML report (each\n"
    "                   passage compared word by word with the document; with --redact\n"
    "                   no text at all)\n"
    "  --sign           also write OUT.html.minisig, the vault's signature of the report\n"
    "                   (minisign -V -p VAULT/vault.pub -m OUT.html checks it)\n"
    "  --quiet          no progress line (shown on a terminal when a scan lasts over a\n"
    "                   second: bytes, MB/s, items, inputs, time left)\n"
    "  --json           one JSON object per finding on stdout\n\n"
    "PDFs and images (PNG, JPEG, TIFF), also inside directories, are detected by content and\n"
    "their text is read (poppler, or Tesseract OCR).  Other binary files are skipped with a\n"
    "note; malformed UTF-8 is scanned with replacement.\n"
    "Exit status: 0 nothing found, 1 something found, 2 usage error or an input that could\n"
    "not be read (and nothing found).\n";

typedef struct input {
    char *path; /* "-" for standard input */
    char *out;  /* the rendered report */
    size_t out_len, out_cap;
    size_t findings;
    size_t bytes;
    int failed; /* could not be read */
    int done;   /* scanned; printed (and out, warn freed) once every earlier input is */
    char *warn; /* messages for stderr */
} input;

typedef struct job {
    cli *c;
    const tt_index *ix;
    input *in;
    size_t n;
    size_t next;
    size_t done;
    size_t printed; /* inputs printed so far, in input order */
    pthread_mutex_t mu;
    int jsonl, redact;
    const char *text_field; /* --text-field */
    unsigned min_words;
    double max_chance; /* --min-chance, 0: the library's default */
    tt_scan_report *html; /* --html: findings collected under mu */
    char **baseline; /* sorted fingerprints */
    size_t nbaseline;
    cli_progress prog;
} job;

/* ---- small helpers ---- */

static int
add_input(input **v, size_t *n, size_t *cap, const char *path)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        input *p = realloc(*v, c * sizeof *p);
        if (!p)
            return -1;
        *v = p;
        *cap = c;
    }
    memset(&(*v)[*n], 0, sizeof **v);
    (*v)[*n].path = strdup(path);
    if (!(*v)[*n].path)
        return -1;
    (*n)++;
    return 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directories already expanded, by device and inode: a walk that follows symbolic links
 * must not enter one twice (two links to "." would otherwise expand without end). */
typedef struct visited {
    struct {
        dev_t dev;
        ino_t ino;
    } *v;
    size_t n, cap;
} visited;

/* 1 if (dev, ino) was seen (nothing added), 0 if it was added now, -1 out of memory. */
static int
seen_dir(visited *vs, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < vs->n; i++)
        if (vs->v[i].dev == dev && vs->v[i].ino == ino)
            return 1;
    if (vs->n == vs->cap) {
        size_t c = vs->cap ? vs->cap * 2 : 16;
        void *p = realloc(vs->v, c * sizeof *vs->v);
        if (!p)
            return -1;
        vs->v = p;
        vs->cap = c;
    }
    vs->v[vs->n].dev = dev;
    vs->v[vs->n].ino = ino;
    vs->n++;
    return 0;
}

/* Expand a directory recursively, in sorted order, each directory once. */
static int
expand(input **v, size_t *n, size_t *cap, const char *path, int top, visited *vs)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return add_input(v, n, cap, path);
    if (stat(path, &st) != 0) {
        if (top) {
            warn("cannot read '%s': %s", path, tt_errno_text(errno));
            return 1;
        }
        return 0;
    }
    if (!S_ISDIR(st.st_mode))
        return S_ISREG(st.st_mode) || top ? add_input(v, n, cap, path) : 0;
    int seen = seen_dir(vs, st.st_dev, st.st_ino);
    if (seen < 0)
        return -1;
    if (seen) {
        struct stat lst;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            warn("skipping '%s': a link to a directory already scanned", path);
        else if (top)
            warn("skipping '%s': a directory already scanned", path);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        warn("cannot read '%s': %s", path, tt_errno_text(errno));
        return 1;
    }
    char **names = NULL;
    size_t nn = 0, nc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (nn == nc) {
            nc = nc ? nc * 2 : 32;
            char **p = realloc(names, nc * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        names[nn] = malloc(l);
        if (!names[nn])
            break;
        snprintf(names[nn], l, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
                 e->d_name);
        nn++;
    }
    closedir(d);
    if (nn > 1)
        qsort(names, nn, sizeof *names, cmp_str);
    int bad = 0;
    for (size_t i = 0; i < nn; i++) {
        if (!bad)
            bad = expand(v, n, cap, names[i], 0, vs) < 0 ? -1 : 0;
        free(names[i]);
    }
    free(names);
    return bad;
}

static int
in_baseline(const job *j, const char *id)
{
    const char *key = id;
    return j->nbaseline &&
           bsearch(&key, j->baseline, j->nbaseline, sizeof *j->baseline, cmp_str) != NULL;
}

/* Append the formatted text (and a newline when nl) to the growable string *buf of *len
 * bytes in *cap.  Output and warnings are collected per input so that --threads N prints
 * exactly what one thread prints; the capacity doubles, so a report written a character at a
 * time costs linear time (growing by the exact length made it quadratic where realloc
 * moves, as under ASan); out of memory drops the text, never the rest of the scan. */
static void
vappend(char **buf, size_t *len, size_t *cap, int nl, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return;
    size_t need = *len + (size_t)n + 2;
    if (need > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < need)
            c *= 2;
        char *p = realloc(*buf, c);
        if (!p)
            return;
        *buf = p;
        *cap = c;
    }
    char *p = *buf;
    vsnprintf(p + *len, (size_t)n + 1, fmt, ap);
    *len += (size_t)n;
    if (nl)
        p[(*len)++] = '\n';
    p[*len] = '\0';
}

static void
append(char **buf, size_t *len, size_t *cap, int nl, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void
append(char **buf, size_t *len, size_t *cap, int nl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(buf, len, cap, nl, fmt, ap);
    va_end(ap);
}

static void
bprintf(input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
bprintf(input *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(&in->out, &in->out_len, &in->out_cap, 0, fmt, ap);
    va_end(ap);
}

static void
add_warn(input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
add_warn(input *in, const char *fmt, ...)
{
    /* the message names the input and may quote it (a post id, a JSON error near a token):
     * made safe for a terminal as one line */
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    size_t mlen = 0, mcap = 0;
    vappend(&msg, &mlen, &mcap, 0, fmt, ap);
    va_end(ap);
    char *t = msg ? tt_terminal_text(msg, mlen, TT_TERM_NAME) : NULL;
    free(msg);
    size_t len = in->warn ? strlen(in->warn) : 0, cap = in->warn ? len + 1 : 0;
    append(&in->warn, &len, &cap, 1, "%s", t ? t : "telltale: out of memory");
    free(t);
}

/* One line of the passage, made safe for a terminal (white space runs shown as one space,
 * escape sequences and bidi controls as visible escapes), cut to max columns where a
 * character ends (a Hangul syllable, a letter with its accents stay whole). */
static void
print_passage(input *in, const char *s, int color, size_t max)
{
    char *t = tt_terminal_text(s, strlen(s), TT_TERM_PASSAGE);
    const char *p = t ? t : "?";
    while (*p == ' ')
        p++;
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == ' ')
        n--;
    size_t fit = tt_display_prefix(p, n, max, NULL);
    int cut = fit < n;
    n = fit;
    while (cut && n > 0 && p[n - 1] == ' ')
        n--;
    bprintf(in, "    %s%.*s%s%s\n", color ? "\033[1;31m" : "", (int)n, p, cut ? " ..." : "",
            color ? "\033[0m" : "");
    free(t);
}

/* tt_terminal_text() of a NUL-terminated name, for the worker threads (cli_safe() is for
 * the main thread); the caller frees it.  NULL stays NULL. */
static char *
safe_dup(const char *s)
{
    if (!s)
        return NULL;
    char *t = tt_terminal_text(s, strlen(s), TT_TERM_NAME);
    return t ? t : strdup("?");
}

static void
report(job *j, input *in, const tt_finding *f, size_t nf, const char *item,
       const tt_source_item *it, const tt_extract *xp)
{
    for (size_t i = 0; i < nf; i++) {
        char id[17];
        cli_finding_id(id, &f[i], in->path, item);
        if (in_baseline(j, id))
            continue;
        in->findings++;
        if (j->html) {
            /* the report shows the passages compared word by word: verify's spans */
            tt_verify_result *cmp = NULL;
            const char *lt = f[i].leak_text ? f[i].leak_text : "";
            const char *dt = f[i].doc_text ? f[i].doc_text : "";
            int crc = j->redact ? 0
                                : tt_verify_text(dt, strlen(dt), lt, strlen(lt), f[i].doc, &cmp);
            pthread_mutex_lock(&j->mu);
            tt_finding g = f[i];
            memcpy(g.fingerprint, id, sizeof g.fingerprint); /* the id --json prints */
            tt_report_item ri = TT_REPORT_ITEM_INIT;
            ri.source = in->path;
            ri.item = item;
            ri.author = it->author;
            ri.date = it->date;
            ri.url = it->url;
            ri.attachment = it->attachment;
            /* a PDF or an image: the page, the matched words outlined */
            tt_report_page pg;
            int *boxes = NULL;
            uint64_t span[2] = {f[i].leak_start, f[i].leak_end};
            if (xp && !j->redact && cli_report_page(xp, span, 1, &pg, &boxes) == 0)
                ri.page = &pg;
            if (crc != 0 || tt_scan_report_add_item(j->html, &ri, &g, cmp) != 0)
                add_warn(in, "telltale: out of memory for the HTML report");
            pthread_mutex_unlock(&j->mu);
            free(boxes);
        }
        if (j->c->json) {
            json_t *o = cli_finding_json(&f[i], id, in->path, item, it, j->redact);
            char *s =
                cli_json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
            if (s)
                bprintf(in, "%s\n", s);
            free(s);
            json_decref(o);
            continue;
        }
        int col = j->c->color;
        char *path = safe_dup(in->path), *sitem = safe_dup(item), *doc = safe_dup(f[i].doc);
        bprintf(in, "%s%s%s%s%s: %s%s%s", col ? "\033[1m" : "", path ? path : "?",
                item ? "#" : "", sitem ? sitem : "", col ? "\033[0m" : "",
                col ? "\033[1;33m" : "", doc ? doc : "?", col ? "\033[0m" : "");
        free(path);
        free(sitem);
        free(doc);
        if (!j->redact) {
            char *title = safe_dup(f[i].title);
            bprintf(in, " \"%s\"", title ? title : "");
            free(title);
        }
        bprintf(in,
                ": %zu words matched (%.1f%% of the document), bytes %llu-%llu (length %llu), "
                "document bytes %llu-%llu, chance %.1e, fingerprint %s\n",
                f[i].matched_words, 100 * f[i].coverage, (unsigned long long)f[i].leak_start,
                (unsigned long long)f[i].leak_end,
                (unsigned long long)(f[i].leak_end - f[i].leak_start),
                (unsigned long long)f[i].doc_start, (unsigned long long)f[i].doc_end,
                f[i].chance, id);
        if (!j->redact && (it->author || it->date || it->url || it->attachment)) {
            char *au = safe_dup(it->author), *da = safe_dup(it->date), *ur = safe_dup(it->url),
                 *at = safe_dup(it->attachment);
            bprintf(in, "    %s%s%s%s%s%s%s%s\n", au ? "by " : "", au ? au : "",
                    da ? (au ? ", " : "") : "", da ? da : "", ur ? (au || da ? ", " : "") : "",
                    ur ? ur : "", at ? (au || da || ur ? ", attachment " : "attachment ") : "",
                    at ? at : "");
            free(au);
            free(da);
            free(ur);
            free(at);
        }
        if (!j->redact)
            print_passage(in, f[i].leak_text, col, 400);
    }
}

/* A PDF or an image (its first n bytes in head): read the whole file, up to the size limit,
 * take its text (telltale/extract.h; one page worker, since inputs are already scanned in
 * parallel) and scan that.  Returns 0, or -1 when it could not be read. */
static int
scan_media(job *j, tt_scanner *sc, input *in, FILE *f, const char *head, size_t n)
{
    tt_extract_opts xo = j->c->xopts;
    xo.threads = 1;
    if (j->html && !j->redact)
        xo.page_image_max = (size_t)1 << 20; /* the report shows the page */
    size_t limit = xo.max_bytes ? xo.max_bytes : (size_t)256 << 20;
    size_t cap = n * 2 + 65536, len = n;
    char *data = malloc(cap);
    tt_extract *x = NULL;
    tt_finding *fs;
    size_t nf, got;
    int rc = -1;
    if (!data) {
        add_warn(in, "telltale: cannot read '%s': out of memory", in->path);
        goto out;
    }
    memcpy(data, head, n);
    while ((got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len > limit) {
            add_warn(in, "telltale: cannot read '%s': the file is larger than %zu bytes", in->path,
                     limit);
            goto out;
        }
        if (len == cap) {
            char *p = realloc(data, cap * 2);
            if (!p) {
                add_warn(in, "telltale: cannot read '%s': out of memory", in->path);
                goto out;
            }
            data = p;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        add_warn(in, "telltale: cannot read '%s': %s", in->path, tt_errno_text(errno));
        goto out;
    }
    in->bytes = len;
    cli_progress_add(&j->prog, len, 0, 0);
    if (tt_extract_new(&x, data, len, &xo) != 0) {
        add_warn(in, "telltale: cannot read '%s': %s", in->path, tt_extract_errmsg(x));
        goto out;
    }
    size_t tl;
    const char *text = tt_extract_text(x, &tl);
    if (tl == 0) {
        add_warn(in, "telltale: cannot read '%s': %s", in->path, tt_extract_why_empty(x));
        goto out;
    }
    if (tt_scanner_feed(sc, text, tl) || tt_scanner_finish(sc, &fs, &nf)) {
        add_warn(in, "telltale: cannot scan '%s': %s", in->path, tt_scanner_errmsg(sc));
        goto out;
    }
    tt_source_item it = {.format = tt_media_name(tt_media_sniff(data, len))};
    report(j, in, fs, nf, NULL, &it, x);
    tt_findings_free(fs, nf);
    rc = 0;
out:
    if (rc) {
        /* leave the scanner ready for the next input */
        if (tt_scanner_finish(sc, &fs, &nf) == 0)
            tt_findings_free(fs, nf);
    }
    tt_extract_free(x);
    free(data);
    return rc;
}

/* Scan one input through the source readers (telltale/source.h): a plain file streamed in
 * pieces, every other format as items with their ids.  Returns 0, or -1 when it could not be
 * read. */
static int
scan_input(job *j, tt_scanner *sc, input *in)
{
    /* a PDF or an image of a page, by its first bytes: its text, read by poppler or OCR */
    if (strcmp(in->path, "-") != 0) {
        FILE *f = fopen(in->path, "rb");
        if (f) {
            char head[1024];
            size_t n = fread(head, 1, sizeof head, f);
            if (n > 0 && tt_media_sniff(head, n) != TT_MEDIA_TEXT) {
                int r = scan_media(j, sc, in, f, head, n);
                fclose(f);
                return r;
            }
            fclose(f);
        }
    }
    tt_source_opts so = TT_SOURCE_OPTS_INIT;
    so.jsonl = j->jsonl;
    so.text_field = j->text_field;
    cli_progress_input pi = {&j->prog, 0};
    so.progress = cli_progress_source;
    so.progress_arg = &pi;
    so.extract = &j->c->xopts; /* photos and PDFs attached to messages, entries of a zip */
    tt_source *src = NULL;
    int rc = 0;
    if (strcmp(in->path, "-") == 0 ? tt_source_open_file(&src, "-", stdin, &so)
                                    : tt_source_open(&src, in->path, &so)) {
        add_warn(in, "telltale: %s", tt_source_errmsg(src));
        tt_source_free(src);
        return -1;
    }
    const tt_source_item *it;
    tt_finding *fs;
    size_t nf;
    int got;
    while ((got = tt_source_next(src, &it)) == 1) {
        char num[32];
        const char *item = it->id;
        if (!item && it->line) {
            snprintf(num, sizeof num, "line-%zu", it->line);
            item = num;
        }
        if (it->note) {
            item = it->id; /* a bad JSON line's note names its line itself */
            if (!item && strcmp(it->note, "binary file") == 0)
                add_warn(in, "telltale: skipping '%s': binary file", in->path);
            else
                add_warn(in, "telltale: '%s'%s%s%s%s: %s", in->path, item ? "#" : "",
                         item ? item : "", it->attachment ? " " : "",
                         it->attachment ? it->attachment : "", it->note);
            continue;
        }
        in->bytes += it->text_len;
        if (tt_scanner_feed(sc, it->text, it->text_len)) {
            add_warn(in, "telltale: cannot scan '%s': %s", in->path, tt_scanner_errmsg(sc));
            rc = -1;
            break;
        }
        if (it->partial)
            continue;
        cli_progress_add(&j->prog, 0, 1, 0);
        if (tt_scanner_finish(sc, &fs, &nf)) {
            add_warn(in, "telltale: cannot scan '%s': %s", in->path, tt_scanner_errmsg(sc));
            rc = -1;
            break;
        }
        report(j, in, fs, nf, item, it, NULL);
        tt_findings_free(fs, nf);
        if (tt_scanner_warning(sc)) {
            if (item)
                add_warn(in, "telltale: '%s' (%s): %s", in->path, item, tt_scanner_warning(sc));
            else
                add_warn(in, "telltale: '%s': %s", in->path, tt_scanner_warning(sc));
        }
    }
    if (got < 0) {
        add_warn(in, "telltale: %s", tt_source_errmsg(src));
        rc = -1;
    }
    if (rc || got < 0) {
        /* an item cut short: what was fed is dropped, the scanner ready for the next input */
        if (tt_scanner_finish(sc, &fs, &nf) == 0)
            tt_findings_free(fs, nf);
    }
    tt_source_free(src);
    return rc;
}

/* Print the reports of the inputs scanned so far that every earlier input precedes, and free
 * them: output stays in input order, and memory holds only the reports of inputs finished
 * ahead of a slower earlier one, not of every input.  Called under j->mu. */
static void
flush_done(job *j)
{
    while (j->printed < j->n && j->in[j->printed].done) {
        input *in = &j->in[j->printed++];
        if (in->warn || in->out)
            cli_progress_clear(&j->prog);
        if (in->warn)
            fputs(in->warn, stderr);
        if (in->out)
            fwrite(in->out, 1, in->out_len, stdout);
        free(in->out);
        free(in->warn);
        in->out = in->warn = NULL;
    }
    fflush(stdout);
}

static void *
worker(void *arg)
{
    job *j = arg;
    tt_vault *v = NULL;
    tt_scanner *sc = NULL;
    /* Each worker has its own vault handle (a SQLite connection is not shared across
     * threads); if it cannot open one, its inputs fail with the reason rather than being
     * scanned against a half-open handle. */
    const char *why = "out of memory";
    int vrc = cli_vault_open(j->c, &v);
    tt_scan_opts o = TT_SCAN_OPTS_INIT;
    o.min_words = j->min_words;
    o.max_chance = j->max_chance;
    if (vrc)
        why = v ? tt_vault_errmsg(v) : tt_strerror(vrc);
    else if (tt_scanner_new(&sc, v, j->ix, &o))
        sc = NULL;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->mu);
        if (i >= j->n)
            break;
        if (!sc) {
            add_warn(&j->in[i], "telltale: cannot scan '%s': %s", j->in[i].path, why);
            j->in[i].failed = 1;
        } else if (scan_input(j, sc, &j->in[i]) < 0) {
            j->in[i].failed = 1;
        }
        pthread_mutex_lock(&j->mu);
        j->done++;
        j->in[i].done = 1;
        flush_done(j);
        pthread_mutex_unlock(&j->mu);
        cli_progress_add(&j->prog, 0, 0, 1);
    }
    tt_scanner_free(sc);
    tt_vault_free(v);
    return NULL;
}

static int
load_baseline(job *j, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return fail("cannot read '%s': %s", path, tt_errno_text(errno));
    struct stat st;
    int isdir = 0;
    if (fstat(fileno(f), &st) != 0 || (isdir = S_ISDIR(st.st_mode))) {
        /* fopen() opens a directory for reading; every read then fails with EISDIR, which
         * would make an empty baseline: every finding reported again, silently */
        int e = isdir ? EISDIR : errno;
        fclose(f);
        return fail("cannot read baseline '%s': %s", path, tt_errno_text(e));
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0, bc = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (len <= 1)
            continue;
        json_t *o = json_loads(line, 0, NULL);
        const char *fp = o ? json_string_value(json_object_get(o, "fingerprint")) : NULL;
        if (!fp) {
            json_decref(o);
            continue; /* not a finding (a summary line, or text output) */
        }
        if (j->nbaseline == bc) {
            bc = bc ? bc * 2 : 64;
            char **p = realloc(j->baseline, bc * sizeof *p);
            if (!p)
                break;
            j->baseline = p;
        }
        j->baseline[j->nbaseline++] = strdup(fp);
        json_decref(o);
    }
    free(line);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err)
        return fail("cannot read baseline '%s': %s", path, tt_errno_text(err));
    if (j->nbaseline > 1)
        qsort(j->baseline, j->nbaseline, sizeof *j->baseline, cmp_str);
    return 0;
}

/* Free the inputs and the baseline. */
static void
release(job *j, input *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(in[i].path);
        free(in[i].out);
        free(in[i].warn);
    }
    free(in);
    for (size_t i = 0; i < j->nbaseline; i++)
        free(j->baseline[i]);
    free(j->baseline);
}

int
cmd_scan(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    job j;
    memset(&j, 0, sizeof j);
    j.c = c;
    j.min_words = 10;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    const char *baseline = NULL, *html = NULL;
    input *in = NULL;
    size_t n = 0, cap = 0;
    int bad = 0, ended = 0, sign = 0;
    int r = EXIT_NOTHING;
    visited vs = {0};
    for (int i = 1; i < argc && r == EXIT_NOTHING; i++) {
        const char *a = argv[i];
        if (!ended && strcmp(a, "--") == 0)
            ended = 1;
        else if (!ended && strcmp(a, "--jsonl") == 0)
            j.jsonl = 1;
        else if (!ended && strcmp(a, "--redact") == 0)
            j.redact = 1;
        else if (!ended && strcmp(a, "--sign") == 0)
            sign = 1;
        else if (!ended && strcmp(a, "--quiet") == 0)
            c->progress = false;
        else if (!ended && strcmp(a, "--text-field") == 0) {
            if (i + 1 >= argc || !*argv[i + 1])
                r = usage_error("scan", "--text-field needs a member name");
            else
                j.text_field = argv[++i];
        }
        else if (!ended && strcmp(a, "--html") == 0) {
            if (i + 1 >= argc || !*argv[i + 1])
                r = usage_error("scan", "--html needs a file name");
            else
                html = argv[++i];
        } else if (!ended && strcmp(a, "--min-chance") == 0) {
            char *end = NULL;
            double x = i + 1 < argc ? strtod(argv[i + 1], &end) : 0;
            if (i + 1 >= argc)
                r = usage_error("scan", "--min-chance needs a value");
            else if (end == argv[i + 1] || *end || !(x > 0 && x <= 1))
                r = usage_error("scan", "--min-chance needs a number above 0 and at most 1, "
                                        "not '%s'", argv[i + 1]);
            else
                j.max_chance = x;
            i++;
        } else if (!ended && (strcmp(a, "--baseline") == 0 || strcmp(a, "--threads") == 0 ||
                            strcmp(a, "--min-words") == 0)) {
            if (i + 1 >= argc) {
                r = usage_error("scan", "%s needs a value", a);
                break;
            }
            const char *val = argv[++i];
            if (a[2] == 'b') {
                baseline = val;
            } else {
                long x;
                if (cli_number_opt("scan", a, val, 1, 1024, &x))
                    r = EXIT_TROUBLE;
                else if (a[2] == 't')
                    threads = x;
                else
                    j.min_words = (unsigned)x;
            }
        } else if (!ended && a[0] == '-' && a[1] != '\0')
            r = usage_error("scan", "unknown option '%s'", a);
        else if (expand(&in, &n, &cap, a, 1, &vs))
            bad = 1;
    }
    free(vs.v);
    /* no input named and a terminal on standard input: say what it waits for, rather than
     * wait silently (a pipe or a file is read as before) */
    if (r == EXIT_NOTHING && n == 0 && !bad && isatty(STDIN_FILENO) && isatty(STDERR_FILENO))
        fprintf(stderr, "telltale scan: reading standard input (type or paste the text, then "
                        "Ctrl-D; give a PATH or a folder to scan files)\n");
    if (r == EXIT_NOTHING && n == 0 && !bad && add_input(&in, &n, &cap, "-"))
        r = fail("out of memory");
    if (threads < 1)
        threads = 1;
    if (r == EXIT_NOTHING && baseline && load_baseline(&j, baseline))
        r = EXIT_TROUBLE;
    /* a report that cannot be written fails before the scan is done and logged */
    if (r == EXIT_NOTHING && sign && !html)
        r = usage_error("scan", "--sign signs the --html report: give --html OUT");
    if (r == EXIT_NOTHING && html && cli_can_write(html) != 0)
        r = fail("cannot write '%s': %s", html, tt_errno_text(errno));
    if (r != EXIT_NOTHING) {
        /* a usage error or an unreadable baseline: nothing scanned, nothing logged */
        release(&j, in, n);
        return r;
    }

    tt_vault *v = NULL;
    if (cli_open_vault(c, &v)) {
        release(&j, in, n);
        return EXIT_TROUBLE;
    }
    tt_index *ix = NULL;
    if (tt_index_open(&ix, v) != 0) {
        r = fail("cannot load the index: %s", tt_vault_errmsg(v));
        tt_vault_free(v);
        release(&j, in, n);
        return r;
    }
    char made[32];
    cli_now(made);
    tt_report_origin origin = TT_REPORT_ORIGIN_INIT;
    origin.made = made;
    origin.key_id = tt_vault_key_id(v);
    if (html && (tt_scan_report_new(&j.html, j.redact) != 0 ||
                 tt_scan_report_set_origin(j.html, &origin) != 0)) {
        tt_scan_report_free(j.html);
        tt_index_free(ix);
        tt_vault_free(v);
        release(&j, in, n);
        return fail("out of memory");
    }
    j.ix = ix;
    j.in = in;
    j.n = n;
    pthread_mutex_init(&j.mu, NULL);
    uint64_t total = 0;
    int stream = 0; /* standard input: the total is not known */
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        stream |= strcmp(in[i].path, "-") == 0;
        if (!stream && stat(in[i].path, &st) == 0 && S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
    }
    cli_progress_start(&j.prog, c, "scan", n, stream ? 0 : total);
    size_t nt = (size_t)threads < n ? (size_t)threads : n;
    if (nt <= 1) {
        worker(&j);
    } else {
        pthread_t *t = calloc(nt, sizeof *t);
        size_t started = 0;
        for (size_t i = 0; t && i < nt; i++)
            if (pthread_create(&t[i], NULL, worker, &j) == 0)
                started++;
        if (started == 0)
            worker(&j);
        for (size_t i = 0; i < started; i++)
            pthread_join(t[i], NULL);
        free(t);
    }
    pthread_mutex_destroy(&j.mu);
    cli_progress_end(&j.prog);
    size_t findings = 0, failed = 0;
    const char **paths = calloc(n ? n : 1, sizeof *paths);
    for (size_t i = 0; i < n; i++) {
        findings += in[i].findings;
        failed += (size_t)in[i].failed;
        if (paths)
            paths[i] = in[i].path;
    }
    fflush(stdout);
    if (html) {
        char *page = NULL;
        size_t plen = 0;
        if (tt_scan_report_html(j.html, n, &page, &plen) != 0) {
            warn("cannot write '%s': out of memory", html);
            html = ""; /* failed: exit status 2 */
        } else if (cli_write_report(v, html, page, plen, sign, "scan") != 0) {
            html = ""; /* the reason is printed */
        }
        free(page);
        tt_scan_report_free(j.html);
    }
    if (!paths)
        warn("cannot write the audit log: out of memory");
    else if (tt_scan_log(v, paths, n, findings, j.redact) != 0)
        warn("cannot write the audit log: %s", tt_vault_errmsg(v));
    free(paths);
    if (!c->json)
        fprintf(stderr, "telltale: %zu finding%s in %zu input%s\n", findings,
                findings == 1 ? "" : "s", n, n == 1 ? "" : "s");
    release(&j, in, n);
    tt_index_free(ix);
    tt_vault_free(v);
    if (html && !*html)
        return EXIT_TROUBLE;
    if (findings)
        return EXIT_FOUND;
    return failed || bad ? EXIT_TROUBLE : EXIT_NOTHING;
}
