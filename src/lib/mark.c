/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mark.c: marked copies (issue.h): the per-document marking context (mark.h), the slot
 * review list, the veto list kept in the vault, and the issuer that renders, writes, signs
 * and records one copy per recipient.
 *
 * Invariants: a copy is a pure function of the marking key, the document, the params
 * recorded with it and the recipient's row id; the params hold everything else the copy
 * depends on, so trace can rebuild it.  All copies of one issuer land in one transaction
 * with one audit entry naming every recipient and the SHA-256 of their copy.  Files go
 * through tt_file_write (file.h: never half-written, never through a symlink, fsynced),
 * never over another file, and before the transaction commits: a crash leaves files with
 * no record (strays, found by tt_issue_strays in strays.c), never a record with no file.
 * Workload: slots and code are derived once per issuer; each copy then costs one keystream
 * of 8 bytes per slot, one render, one SHA-256, one signature and two file writes: 10,000
 * recipients take seconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "mark.h"
#include "print.h"
#include "telltale/file.h"
#include "variants.h"
#include "vault_internal.h"

/* Copies and their signatures are readable by the owner only: a copy names its recipient
 * by its bits, and a leaked copy is the evidence (telltale(1), FILES). */
#define TT_COPY_MODE 0600

/* ---- the marking context ---- */

static int
load_doc(tt_mark *m, tt_vault *v, int64_t row)
{
    m->row = row;
    return tt_vault__doc_body(v, row, m->doc, &m->markdown, &m->text, &m->len, &m->label);
}

static int
push_str(char ***arr, size_t *n, const char *s, size_t len)
{
    char **p = realloc(*arr, (*n + 1) * sizeof *p);
    if (!p)
        return TT_ENOMEM;
    *arr = p;
    p[*n] = strndup(s, len);
    if (!p[*n])
        return TT_ENOMEM;
    (*n)++;
    return 0;
}

/* Canary file: one pair a line, "ORIGINAL => ALTERNATIVE"; blank lines and # comments skipped. */
static int
load_canary(tt_mark *m, tt_vault *v, const char *path)
{
    char *data;
    size_t len;
    int rc = tt__read_file(tt_vault__err(v), path, &data, &len);
    if (rc)
        return rc;
    size_t lineno = 0;
    for (char *p = data; p < data + len;) {
        char *eol = memchr(p, '\n', (size_t)(data + len - p));
        if (!eol)
            eol = data + len;
        lineno++;
        char *e = eol;
        while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (p < e && *p != '#') {
            char *sep = NULL;
            for (char *q = p; q + 4 <= e; q++)
                if (memcmp(q, " => ", 4) == 0) {
                    sep = q;
                    break;
                }
            if (!sep || sep == p || sep + 4 >= e) {
                free(data);
                return tt__error(tt_vault__err(v), TT_EFORMAT,
                                 "cannot read '%s': line %zu is not 'ORIGINAL => ALTERNATIVE'",
                                 path, lineno);
            }
            if (push_str(&m->can_from, &m->ncan, p, (size_t)(sep - p)) ||
                push_str(&m->can_to, &(size_t){m->ncan - 1}, sep + 4, (size_t)(e - sep - 4))) {
                free(data);
                return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
            }
        }
        p = eol + 1;
    }
    free(data);
    return 0;
}

static int
find_slots(tt_mark *m, tt_vault *v)
{
    tt_slot_opts so = {
        .channels = m->channels,
        .exclude = (const char *const *)m->excl,
        .nexclude = m->nexcl,
        .canary_from = (const char *const *)m->can_from,
        .canary_to = (const char *const *)m->can_to,
        .ncanary = m->ncan,
        .table = m->table,
    };
    return tt_slots__find(&m->slots, m->text, m->len, &so, tt_vault__err(v));
}

int
tt_mark__open(tt_mark *m, tt_vault *v, const char *doc, const tt_mark_opts *opts)
{
    memset(m, 0, sizeof *m);
    static const tt_mark_opts def = TT_MARK_OPTS_INIT;
    if (!opts)
        opts = &def;
    if (opts->version != TT_MARK_OPTS_VERSION)
        return tt__error(tt_vault__err(v), TT_EINVAL, "options of version %u: this telltale knows version %u", opts->version,
                         TT_MARK_OPTS_VERSION);
    int64_t row;
    int rc = tt_vault__doc_row(v, doc, &row);
    if (rc)
        return rc;
    if ((rc = load_doc(m, v, row)))
        goto fail;
    /* slots and issue rest on the text, the vetoes and the copies on record */
    if ((rc = tt_bind__check_doc(v, m->doc)))
        goto fail;
    if (opts->channels) {
        if (tt_slots__parse_channels(opts->channels, &m->channels)) {
            rc = tt__error(tt_vault__err(v), TT_EINVAL,
                           "unknown channel in '%s' (lexical, unicode, canary, layout)", opts->channels);
            goto fail;
        }
    } else {
        m->channels = TT_CH_LEXICAL;
    }
    /* the format: a printed copy keeps its words, not its invisible characters */
    if (opts->format && strcmp(opts->format, "pdf") == 0) {
        m->pdf = 1;
        if (m->channels & TT_CH_UNICODE) {
            rc = tt__error(tt_vault__err(v), TT_EINVAL,
                           "the unicode channel does not survive printing: a PDF copy carries "
                           "the lexical and canary channels only");
            goto fail;
        }
        /* and its word spaces (slots.h, print.c) */
        m->channels |= TT_CH_LAYOUT;
    } else if (opts->format && strcmp(opts->format, "txt") != 0) {
        rc = tt__error(tt_vault__err(v), TT_EINVAL, "unknown format '%s' (txt, pdf)",
                       opts->format);
        goto fail;
    } else if (m->channels & TT_CH_LAYOUT) {
        rc = tt__error(tt_vault__err(v), TT_EINVAL,
                       "the layout channel is for PDF copies (--format pdf)");
        goto fail;
    }
    if (opts->paper && (!m->pdf || tt_print__paper(opts->paper, &m->paper))) {
        rc = tt__error(tt_vault__err(v), TT_EINVAL,
                       m->pdf ? "unknown paper '%s' (a4, letter)"
                              : "paper '%s' is for PDF copies (--format pdf)",
                       opts->paper);
        goto fail;
    }
    m->table = TT_VARIANTS_TABLE;
    m->collusion = opts->collusion ? opts->collusion : 1;
    m->cutoff = opts->cutoff > 0 ? opts->cutoff : tt_tardos__default_cutoff(m->collusion);
    /* no cutoff given: Nuida's discrete law for 2..4 colluders (tardos.h), whose score terms
     * stay small; a cutoff asks for the arcsine law */
    m->law = opts->cutoff > 0 ? TT_LAW_ARCSINE : tt_tardos__default_law(m->collusion);
    if (m->law == TT_LAW_DISCRETE)
        m->cutoff = 0;
    if (m->collusion > 1000 || m->cutoff >= 0.5) {
        rc = tt__error(tt_vault__err(v), TT_EINVAL, "collusion must be 1..1000 and cutoff below 0.5");
        goto fail;
    }
    if ((m->channels & TT_CH_CANARY) && !opts->canary_path) {
        rc = tt__error(tt_vault__err(v), TT_EINVAL, "the canary channel needs a canary file");
        goto fail;
    }
    if (opts->canary_path && (rc = load_canary(m, v, opts->canary_path)))
        goto fail;
    if (opts->canary_path)
        m->channels |= TT_CH_CANARY;
    /* vetoes first, then the options */
    if ((rc = tt_vault__vetoes(v, row, &m->excl, &m->nexcl)))
        goto fail;
    for (size_t i = 0; i < opts->nexclude; i++)
        if (push_str(&m->excl, &m->nexcl, opts->exclude[i], strlen(opts->exclude[i]))) {
            rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
            goto fail;
        }
    if ((rc = find_slots(m, v)))
        goto fail;
    return 0;
fail:
    tt_mark__release(m);
    return rc;
}

int
tt_mark__code(tt_mark *m, tt_vault *v)
{
    if (m->code)
        return 0;
    const unsigned char *key;
    int rc = tt_bind__check_mark_key(v);
    if (rc == 0)
        rc = tt_vault__mark_key(v, &key);
    if (rc)
        return rc;
    if ((rc = tt_tardos__new_law(&m->code, key, m->row, m->slots.n, m->collusion, m->cutoff,
                                 m->law, tt_vault__err(v))))
        return rc;
    /* q-ary slots (table 5) take symbols; a code without them is the binary code of before */
    uint8_t *q = malloc(m->slots.n ? m->slots.n : 1);
    if (!q)
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    else {
        tt_slots__arities(&m->slots, q);
        rc = tt_tardos__set_arity(m->code, q, tt_vault__err(v));
    }
    free(q);
    if (rc) {
        tt_tardos__free(m->code);
        m->code = NULL;
    }
    return rc;
}

char *
tt_mark__params(const tt_mark *m)
{
    json_t *o = json_object(), *ex = json_array(), *can = json_array();
    for (size_t i = 0; i < m->nexcl; i++)
        json_array_append_new(ex, json_string(m->excl[i]));
    for (size_t i = 0; i < m->ncan; i++)
        json_array_append_new(can, json_pack("[ss]", m->can_from[i], m->can_to[i]));
    char digest[65] = "";
    if (m->code)
        tt_tardos__digest(m->code, digest);
    json_object_set_new(o, "version", json_integer(1));
    json_object_set_new(o, "table", json_integer(m->table));
    json_object_set_new(o, "collusion", json_integer(m->collusion));
    json_object_set_new(o, "cutoff", json_real(m->cutoff));
    if (m->law == TT_LAW_DISCRETE && m->collusion >= 2)
        json_object_set_new(o, "law", json_string("discrete"));
    json_object_set_new(o, "exclude", ex);
    json_object_set_new(o, "canary", can);
    json_object_set_new(o, "slots", json_integer((json_int_t)m->slots.n));
    json_object_set_new(o, "code", json_string(digest));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(o);
    return s;
}

int
tt_mark__open_params(tt_mark *m, tt_vault *v, int64_t doc_row, const char *channels,
                     const char *params)
{
    memset(m, 0, sizeof *m);
    tt_err *err = tt_vault__err(v);
    int rc = load_doc(m, v, doc_row);
    if (rc)
        return rc;
    json_error_t je;
    json_t *o = json_loads(params, 0, &je), *ex, *can;
    json_int_t coll = 0, nslots = -1;
    double cutoff = -1;
    const char *digest = NULL;
    if (!o || json_unpack(o, "{s:I, s:F, s:o, s:o, s:I, s:s}", "collusion", &coll, "cutoff",
                          &cutoff, "exclude", &ex, "canary", &can, "slots", &nslots, "code",
                          &digest) != 0 ||
        !json_is_array(ex) || !json_is_array(can) || coll < 1 || tt_slots__parse_channels(channels, &m->channels)) {
        rc = tt__error(err, TT_EFORMAT, "the params of a copy of '%s' are malformed", m->doc);
        goto fail;
    }
    m->collusion = (unsigned)coll;
    m->cutoff = cutoff;
    /* copies issued before the discrete law have no "law": the arcsine law */
    json_t *lw = json_object_get(o, "law");
    m->law = TT_LAW_ARCSINE;
    if (lw) {
        if (!json_is_string(lw) || strcmp(json_string_value(lw), "discrete") != 0) {
            rc = tt__error(err, TT_EFORMAT, "the params of a copy of '%s' are malformed", m->doc);
            goto fail;
        }
        m->law = TT_LAW_DISCRETE;
    }
    /* copies issued before table versions were recorded used table 1 */
    json_t *tv = json_object_get(o, "table");
    m->table = tv ? (unsigned)json_integer_value(tv) : 1;
    if (tv && (!json_is_integer(tv) || json_integer_value(tv) < 1)) {
        rc = tt__error(err, TT_EFORMAT, "the params of a copy of '%s' are malformed", m->doc);
        goto fail;
    }
    size_t i;
    json_t *x;
    json_array_foreach(ex, i, x) {
        if (!json_is_string(x) ||
            push_str(&m->excl, &m->nexcl, json_string_value(x), strlen(json_string_value(x)))) {
            rc = tt__error(err, TT_EFORMAT, "the params of a copy of '%s' are malformed", m->doc);
            goto fail;
        }
    }
    json_array_foreach(can, i, x) {
        const char *a, *b;
        size_t k = m->ncan;
        if (json_unpack(x, "[ss]", &a, &b) || push_str(&m->can_from, &m->ncan, a, strlen(a)) ||
            push_str(&m->can_to, &k, b, strlen(b))) {
            rc = tt__error(err, TT_EFORMAT, "the params of a copy of '%s' are malformed", m->doc);
            goto fail;
        }
    }
    if ((rc = find_slots(m, v)) || (rc = tt_mark__code(m, v)))
        goto fail;
    char d[65];
    tt_tardos__digest(m->code, d);
    if ((json_int_t)m->slots.n != nslots || strcmp(d, digest) != 0) {
        rc = tt__error(err, TT_EFORMAT,
                       "cannot rebuild the code copies of '%s' were issued with (%zu slots now, "
                       "%lld then): was the software or the marking key changed?",
                       m->doc, m->slots.n, (long long)nslots);
        goto fail;
    }
    json_decref(o);
    return 0;
fail:
    json_decref(o);
    tt_mark__release(m);
    return rc;
}

static void
free_strs(char **p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i]);
    free(p);
}

void
tt_mark__release(tt_mark *m)
{
    if (!m)
        return;
    free(m->text);
    free(m->label);
    free_strs(m->excl, m->nexcl);
    free_strs(m->can_from, m->ncan);
    free_strs(m->can_to, m->ncan);
    tt_slots__release(&m->slots);
    tt_tardos__free(m->code);
    memset(m, 0, sizeof *m);
}

/* ---- slot review ---- */

struct tt_slot_list {
    tt_mark m;
    size_t words;
    size_t *line; /* per slot: its line in the text (a PDF copy has a slot per word) */
};

int
tt_slot_list_new(tt_slot_list **out, tt_vault *v, const char *doc, const tt_mark_opts *opts)
{
    *out = NULL;
    tt_slot_list *l = calloc(1, sizeof *l);
    if (!l)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    int rc = tt_mark__open(&l->m, v, doc, opts);
    if (rc) {
        free(l);
        return rc;
    }
    int inword = 0;
    for (size_t i = 0; i < l->m.len; i++) {
        int sp = l->m.text[i] == ' ' || l->m.text[i] == '\n' || l->m.text[i] == '\t' ||
                 l->m.text[i] == '\r';
        if (!sp && !inword)
            l->words++;
        inword = !sp;
    }
    /* each slot's line, in one pass (slots are sorted by start) */
    l->line = malloc((l->m.slots.n ? l->m.slots.n : 1) * sizeof *l->line);
    if (!l->line) {
        tt_slot_list_free(l);
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    }
    size_t line = 1, at = 0;
    for (size_t i = 0; i < l->m.slots.n; i++) {
        for (; at < l->m.slots.v[i].start; at++)
            line += l->m.text[at] == '\n';
        l->line[i] = line;
    }
    *out = l;
    return 0;
}

size_t
tt_slot_list_count(const tt_slot_list *l)
{
    return l->m.slots.n;
}

size_t
tt_slot_list_words(const tt_slot_list *l)
{
    return l->words;
}

const char *
tt_slot_list_doc(const tt_slot_list *l)
{
    return l->m.doc;
}

void
tt_slot_list_get(const tt_slot_list *l, size_t i, tt_slot_info *out)
{
    const tt_slot *s = &l->m.slots.v[i];
    out->start = s->start;
    out->end = s->end;
    out->line = l->line[i];
    out->channel = tt_slots__channel_name(s->channel);
    out->rule = s->rule;
    out->variant[0] = tt_slots__variant(&l->m.slots, i, 0, NULL);
    out->variant[1] = tt_slots__variant(&l->m.slots, i, 1, NULL);
    out->orig = s->nvar == 2 && s->orig == 2 ? -1 : s->orig;
    out->nvariants = s->nvar;
}

const char *
tt_slot_list_variant(const tt_slot_list *l, size_t i, unsigned v)
{
    if (i >= l->m.slots.n || v >= l->m.slots.v[i].nvar)
        return NULL;
    return tt_slots__variant(&l->m.slots, i, (int)v, NULL);
}

void
tt_slot_list_free(tt_slot_list *l)
{
    if (!l)
        return;
    tt_mark__release(&l->m);
    free(l->line);
    free(l);
}

/* ---- vetoes ---- */

static int
veto_exec(tt_vault *v, const char *doc, const char *pattern, const char *action)
{
    tt_doc_info di;
    int rc = tt_vault_doc_find(v, doc, &di);
    if (rc)
        return rc;
    int64_t row = di.row;
    char id[24];
    snprintf(id, sizeof id, "%s", di.id);
    tt_doc_info_release(&di);
    if (!pattern || !*pattern)
        return tt__error(tt_vault__err(v), TT_EINVAL, "an empty veto pattern");
    char *key = tt_bind__veto_key(id, pattern);
    json_t *bl = json_array();
    if (!key || !bl) {
        free(key);
        json_decref(bl);
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    }
    if ((rc = tt_vault__begin(v))) {
        free(key);
        json_decref(bl);
        return rc;
    }
    /* a veto binds its row; removing one unbinds it */
    int adding = strcmp(action, "veto") == 0, changed = 0;
    if ((rc = tt_vault__veto_put(v, row, pattern, adding, &changed)))
        goto fail;
    if (!changed) {
        /* nothing changed: adding one there already is a no-op, nothing logged; removing
         * one that is not there is an error, not a "removed" */
        rc = adding ? 0
                    : tt__error(tt_vault__err(v), TT_ENOENT, "document %s has no veto '%s'", id,
                                pattern);
        free(key);
        json_decref(bl);
        tt_vault__rollback(v);
        return rc;
    }
    if (adding)
        rc = tt_bind__push(v, bl, TT_BIND_VETO, key);
    else if (json_array_append_new(bl, json_pack("[ss]", TT_BIND_VETO, key)))
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    if (rc)
        goto fail;
    json_t *a = json_pack("{s:s, s:s, s:O}", "doc", id, "pattern", pattern,
                          adding ? "bind" : "unbind", bl);
    char *js = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    rc = js ? tt_vault_log_append(v, action, js)
            : tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    free(js);
    if (rc)
        goto fail;
    free(key);
    json_decref(bl);
    return tt_vault__commit(v);
fail:
    free(key);
    json_decref(bl);
    tt_vault__rollback(v);
    return rc;
}

int
tt_veto_add(tt_vault *v, const char *doc, const char *pattern)
{
    return veto_exec(v, doc, pattern, "veto");
}

int
tt_veto_remove(tt_vault *v, const char *doc, const char *pattern)
{
    return veto_exec(v, doc, pattern, "unveto");
}

int
tt_veto_list(tt_vault *v, const char *doc, char ***out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    int64_t row;
    int rc = tt_vault__doc_row(v, doc, &row);
    if (rc)
        return rc;
    return tt_vault__vetoes(v, row, out, out_n);
}

void
tt_vetoes_free(char **p, size_t n)
{
    free_strs(p, n);
}

/* ---- issuing ---- */

struct tt_issuer {
    tt_vault *v;
    tt_mark m;
    char *params;
    uint8_t *bits;
    tt_buf out;
    char *path;
    char *name;
    json_t *log;     /* [[recipient, sha256], ...] for the audit entry */
    json_t *binds;   /* [["copy", "DOC/ID", digest], ...] for the audit entry (bind.h) */
    json_t *paths;   /* path -> recipient id, of this document's copies (clash check) */
    int in_tx;
    char issued[32];
};

int
tt_issuer_new(tt_issuer **out, tt_vault *v, const char *doc, const tt_mark_opts *opts)
{
    *out = NULL;
    if (sodium_init() < 0)
        return tt__error(tt_vault__err(v), TT_ECRYPTO, "cannot initialize libsodium");
    tt_issuer *is = calloc(1, sizeof *is);
    if (!is)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    is->v = v;
    tt_buf_init(&is->out);
    tt_doc_info di;
    int rc = tt_vault_doc_find(v, doc, &di);
    if (rc == 0 && di.retired[0])
        rc = tt__error(tt_vault__err(v), TT_EINVAL, "document '%s' is retired (%s)", di.id,
                       di.retired);
    tt_doc_info_release(&di);
    if (rc == 0)
        rc = tt_mark__open(&is->m, v, doc, opts);
    if (rc) {
        free(is);
        return rc;
    }
    if ((rc = tt_mark__code(&is->m, v)))
        goto fail;
    is->params = tt_mark__params(&is->m);
    is->bits = malloc(is->m.slots.n ? is->m.slots.n : 1);
    is->log = json_array();
    is->binds = json_array();
    is->paths = json_object();
    if (!is->params || !is->bits || !is->log || !is->binds || !is->paths) {
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        goto fail;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(is->issued, sizeof is->issued, "%Y-%m-%dT%H:%M:%SZ", &tm);
    tt_copy_rec *cs = NULL;
    size_t ncs = 0;
    if ((rc = tt_copies__of_doc(v, is->m.row, &cs, &ncs)))
        goto fail;
    for (size_t i = 0; i < ncs; i++)
        if (cs[i].path)
            json_object_set_new(is->paths, cs[i].path,
                                json_pack("[Is]", (json_int_t)cs[i].recipient, cs[i].sha256));
    tt_copies__free(cs, ncs);
    if ((rc = tt_vault__begin(v)))
        goto fail;
    is->in_tx = 1;
    *out = is;
    return 0;
fail:
    tt_issuer_free(is);
    return rc;
}

size_t
tt_issuer_slots(const tt_issuer *is)
{
    return is->m.slots.n;
}

static int
mkdirs(const char *dir)
{
    char *p = strdup(dir);
    if (!p)
        return -1;
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *q = '/';
    }
    int rc = mkdir(p, 0700) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

/* 1 when path is a regular file (not a symlink) holding exactly len bytes of data. */
static int
holds(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    int same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == len;
    unsigned char buf[65536];
    size_t off = 0;
    while (same && off < len) {
        size_t want = len - off < sizeof buf ? len - off : sizeof buf;
        ssize_t r = read(fd, buf, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || memcmp(buf, (const char *)data + off, (size_t)r) != 0)
            same = 0;
        else
            off += (size_t)r;
    }
    close(fd);
    return same;
}

/* Write the copy at *path without ever replacing a file that is not this very copy: when
 * something else has the name (another vault's copy issued into the same folder, a planted
 * symlink, a stray of an interrupted run with other bytes), the copy goes to the name with
 * the first 8, then 16, then all 64 hex digits of its SHA-256 added.  A file there with the
 * same bytes is this copy already (issued before, or left by an interrupted run) and is
 * kept.  *path may be replaced by the name used. */
static int
write_copy(tt_err *err, char **path, const void *data, size_t len, const char *sha256)
{
    static const int tag[] = {0, 8, 16, 64};
    char *base = *path;
    const char *dot = strrchr(base, '.');
    const char *sl = strrchr(base, '/');
    size_t stem = dot && (!sl || dot > sl) ? (size_t)(dot - base) : strlen(base);
    /* a name that carries this copy's 8-digit tag already gets the longer tags instead */
    if (stem > 9 && base[stem - 9] == '-' && strncmp(base + stem - 8, sha256, 8) == 0)
        stem -= 9;
    for (size_t i = 0; i < TT_ARRAY_LEN(tag); i++) {
        char *p = base;
        if (tag[i]) {
            size_t n = strlen(base) + 80;
            if (!(p = malloc(n)))
                return tt__error(err, TT_ENOMEM, "out of memory");
            snprintf(p, n, "%.*s-%.*s%s", (int)stem, base, tag[i], sha256, base + stem);
        }
        int rc = tt_file_write(p, data, len, TT_COPY_MODE, TT_FILE_NOREPLACE);
        if (rc == TT_EEXIST && holds(p, data, len))
            rc = 0;
        if (rc == 0) {
            if (p != base) {
                free(base);
                *path = p;
            }
            return 0;
        }
        int e = errno;
        if (rc != TT_EEXIST) {
            rc = tt__error(err, rc, "cannot write '%s': %s", p, tt_errno_text(e));
            if (p != base)
                free(p);
            return rc;
        }
        if (p != base)
            free(p);
    }
    return tt__error(err, TT_EEXIST, "cannot write '%s': other files have its name", base);
}

/* A file-name-safe form of a recipient name: lower-case ASCII letters and digits, runs of
 * anything else as one '-'. */
static void
slug(const char *name, char *out, size_t cap)
{
    size_t n = 0;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 2 < cap; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
            out[n++] = (char)*p;
            dash = 0;
        } else if (*p >= 'A' && *p <= 'Z') {
            out[n++] = (char)(*p - 'A' + 'a');
            dash = 0;
        } else if (!dash && n > 0) {
            out[n++] = '-';
            dash = 1;
        }
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
}

int
tt_issuer_copy(tt_issuer *is, const char *recipient, const char *out_dir, tt_issued *out)
{
    tt_vault *v = is->v;
    tt_err *err = tt_vault__err(v);
    memset(out, 0, sizeof *out);
    if (!is->in_tx)
        return tt__error(err, TT_EINVAL, "the issuer was finished already");
    tt_recipient r;
    int rc = tt_vault_recipient_find(v, recipient, &r);
    if (rc)
        return rc;
    free(is->name);
    is->name = r.name;
    r.name = NULL;
    int64_t rid = r.id;
    if (r.retired[0])
        rc = tt__error(err, TT_EINVAL, "recipient '%s' is retired (%s)", is->name, r.retired);
    tt_recipient_release(&r);
    if (rc)
        return rc;
    char rkey[24];
    snprintf(rkey, sizeof rkey, "%lld", (long long)rid);
    if ((rc = tt_bind__check(v, TT_BIND_RECIPIENT, rkey)))
        return rc;

    if ((rc = tt_tardos__bits(is->m.code, rid, is->bits)))
        return tt__error(err, rc, "out of memory");
    is->out.len = 0;
    if (tt_slots__render(&is->out, is->m.text, is->m.len, &is->m.slots, is->bits))
        return tt__error(err, TT_ENOMEM, "out of memory");
    if (is->m.pdf) {
        /* the copy is the marked text printed (print.h), its layout slots drawn narrow or
         * wide: where each one's space landed in the marked text */
        tt_buf pdf;
        tt_buf_init(&pdf);
        tt_print_shift *sh = NULL;
        size_t nsh = 0, capsh = 0;
        long delta = 0;
        for (size_t i = 0; i < is->m.slots.n; i++) {
            const tt_slot *s = &is->m.slots.v[i];
            unsigned bit = tt_slots__pick(&is->m.slots, i, is->bits[s->group]);
            if (s->channel == TT_CH_LAYOUT) {
                if (tt__grow(&sh, &capsh, nsh + 1, sizeof *sh)) {
                    free(sh);
                    return tt__error(err, TT_ENOMEM, "out of memory");
                }
                sh[nsh].at = (size_t)((long)s->start + delta);
                sh[nsh++].points = bit ? TT_LAYOUT_SHIFT : -TT_LAYOUT_SHIFT;
            } else {
                delta += (long)s->vlen[bit] - (long)(s->end - s->start);
            }
        }
        rc = tt_print__pdf(&pdf, is->out.data, is->out.len, is->m.label, is->m.paper, sh, nsh,
                           err);
        free(sh);
        if (rc) {
            tt_buf_release(&pdf);
            return rc;
        }
        tt_buf_release(&is->out);
        is->out = pdf;
    }

    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)is->out.data, is->out.len);
    sodium_bin2hex(out->sha256, sizeof out->sha256, h, sizeof h);

    /* path: DIR/DOC-slug.EXT, with the row id added when another recipient has that name,
     * and the first 8 hex digits of the copy's SHA-256 when that recipient's file there is
     * another copy on record (re-issued with other params: both copies stay) */
    char sl[96];
    slug(is->name, sl, sizeof sl);
    const char *ext = is->m.pdf ? "pdf" : is->m.markdown ? "md" : "txt";
    size_t plen = strlen(out_dir) + strlen(is->m.doc) + strlen(sl) + 48;
    char *path = malloc(plen);
    if (!path)
        return tt__error(err, TT_ENOMEM, "out of memory");
    snprintf(path, plen, "%s/%s-%s.%s", out_dir, is->m.doc, sl[0] ? sl : "recipient", ext);
    json_t *owner = json_object_get(is->paths, path);
    if ((owner && json_integer_value(json_array_get(owner, 0)) != rid) || !sl[0]) {
        snprintf(path, plen, "%s/%s-%s-%lld.%s", out_dir, is->m.doc, sl[0] ? sl : "recipient",
                 (long long)rid, ext);
        owner = json_object_get(is->paths, path);
    }
    if (owner && strcmp(json_string_value(json_array_get(owner, 1)), out->sha256) != 0) {
        char *dot = strrchr(path, '.');
        snprintf(dot, plen - (size_t)(dot - path), "-%.8s.%s", out->sha256, ext);
    }
    free(is->path);
    is->path = path;

    if (mkdirs(out_dir) != 0)
        return tt__error(err, TT_EIO, "cannot create '%s': %s", out_dir, tt_errno_text(errno));
    if ((rc = write_copy(err, &is->path, is->out.data, is->out.len, out->sha256)))
        return rc;
    path = is->path;
    json_object_set_new(is->paths, path, json_pack("[Is]", (json_int_t)rid, out->sha256));
    char tc[160];
    snprintf(tc, sizeof tc, "telltale copy of %s, sha256:%s", is->m.doc, out->sha256);
    char *sig = NULL;
    if ((rc = tt_vault_sign(v, is->out.data, is->out.len, tc, &sig)))
        return rc;
    size_t splen = strlen(path) + 10;
    char *sigpath = malloc(splen);
    if (!sigpath) {
        free(sig);
        return tt__error(err, TT_ENOMEM, "out of memory");
    }
    snprintf(sigpath, splen, "%s.minisig", path);
    /* the copy's name is this copy's now, so its signature may replace what is there */
    int wrc = tt_file_write(sigpath, sig, strlen(sig), TT_COPY_MODE, TT_FILE_REPLACE);
    int e = errno;
    free(sig);
    if (wrc != 0) {
        rc = tt__error(err, wrc, "cannot write '%s': %s", sigpath, tt_errno_text(e));
        free(sigpath);
        return rc;
    }
    free(sigpath);

    int64_t cid;
    if ((rc = tt_copies__record(v, is->m.row, rid, tt_slots__channel_names(is->m.channels),
                                is->params, out->sha256, path, is->issued, &cid)))
        return rc;
    char ckey[48];
    tt_bind__copy_key(ckey, is->m.doc, cid);
    if ((rc = tt_bind__push(v, is->binds, TT_BIND_COPY, ckey)))
        return rc;
    json_array_append_new(is->log, json_pack("[ss]", is->name, out->sha256));
    snprintf(out->doc, sizeof out->doc, "%s", is->m.doc);
    out->recipient = is->name;
    out->path = is->path;
    out->slots = is->m.slots.n;
    return 0;
}

int
tt_issuer_finish(tt_issuer *is)
{
    tt_vault *v = is->v;
    if (!is->in_tx)
        return tt__error(tt_vault__err(v), TT_EINVAL, "the issuer was finished already");
    json_t *a = json_pack("{s:s, s:s, s:I, s:f, s:I, s:O, s:O}", "doc", is->m.doc, "channels",
                          tt_slots__channel_names(is->m.channels), "collusion",
                          (json_int_t)is->m.collusion, "cutoff", is->m.cutoff, "slots",
                          (json_int_t)is->m.slots.n, "copies", is->log, "bind", is->binds);
    /* the bias law of the code (issue 11 item 4): "fair" (p = 1/2), "discrete" (Nuida et
     * al.) or "arcsine" (Tardos, with the cutoff above); and the variant table */
    if (a) {
        const char *law = is->m.collusion <= 1 ? "fair"
                          : is->m.law == TT_LAW_DISCRETE ? (is->m.collusion <= 2 ? "fair" : "discrete")
                                                         : "arcsine";
        json_object_set_new(a, "law", json_string(law));
        json_object_set_new(a, "table", json_integer((json_int_t)is->m.table));
    }
    char *js = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    if (!js)
        return tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
    int rc = tt_vault_log_append(v, "issue", js);
    free(js);
    if (rc)
        return rc;
    rc = tt_vault__commit(v);
    is->in_tx = 0;
    return rc;
}

void
tt_issuer_free(tt_issuer *is)
{
    if (!is)
        return;
    if (is->in_tx)
        tt_vault__rollback(is->v);
    tt_mark__release(&is->m);
    free(is->params);
    free(is->bits);
    tt_buf_release(&is->out);
    free(is->path);
    free(is->name);
    json_decref(is->log);
    json_decref(is->binds);
    json_decref(is->paths);
    free(is);
}
