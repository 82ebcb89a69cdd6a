/* SPDX-License-Identifier: Apache-2.0 */
/*
 * posts.c: the public face of the JSON-lines post reader (jsonl.h) for `telltale scan
 * --jsonl`: the same records, with the extra fields handed out as compact JSON text so no
 * jansson type crosses the public API.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "jsonl.h"
#include "telltale/scan.h"
#include "common.h"

struct tt_post_reader {
    tt_jsonl_reader *r;
    tt_jsonl_post p;
    char *extra;
    tt_post post; /* handed out by tt_posts_next(): never the caller's, so it may grow */
    tt_err err;
};

int
tt_posts_open(tt_post_reader **out, void *f)
{
    *out = NULL;
    tt_post_reader *r = calloc(1, sizeof *r);
    if (!r)
        return TT_ENOMEM;
    tt_jsonl__post_init(&r->p);
    int rc = tt_jsonl__open(&r->r, f, 0, &r->err);
    if (rc) {
        free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int
tt_posts_set_text_field(tt_post_reader *r, const char *field)
{
    return tt_jsonl__set_field(r->r, field, &r->err);
}

int
tt_posts_next(tt_post_reader *r, const tt_post **res)
{
    *res = NULL;
    tt_post *out = &r->post;
    memset(out, 0, sizeof *out);
    free(r->extra);
    r->extra = NULL;
    int rc = tt_jsonl__next(r->r, &r->p, &r->err);
    if (rc <= 0)
        return rc;
    out->line = r->p.line;
    out->error = r->p.error;
    *res = out;
    if (r->p.error) {
        out->msg = r->p.msg;
        return 1;
    }
    out->id = r->p.id;
    out->text = r->p.text;
    out->text_len = r->p.text_len;
    tt_jsonl__meta(r->p.extra, &out->author, &out->date, &out->url);
    r->extra = r->p.extra ? json_dumps(r->p.extra, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    out->extra = r->extra ? r->extra : "{}";
    return 1;
}

const char *
tt_posts_errmsg(const tt_post_reader *r)
{
    return r ? tt__errmsg(&r->err) : "out of memory";
}

void
tt_posts_close(tt_post_reader *r)
{
    if (!r)
        return;
    tt_jsonl__post_release(&r->p);
    tt_jsonl__close(r->r);
    free(r->extra);
    free(r);
}
