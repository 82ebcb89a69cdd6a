/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_jsonl.c: properties of the JSON-lines post reader (jsonl.h), with a 256-byte line limit
 * so the long-line path is exercised too.
 *   - every line that is not blank gives exactly one record (a post or an error record), with
 *     strictly increasing line numbers that match a count made here independently;
 *   - a post's text is valid UTF-8 without NUL (text_len == strlen), its id likewise, its extra
 *     fields an object without "text" or "id"; an error record has a message "line N: ...";
 *   - the reader never fails on the input itself (only TT_EIO/TT_ENOMEM may stop it);
 *   - the fast path for a top-level text string (jsonl.c, lift_text) gives the same records as
 *     jansson alone (tt__jsonl_fast(0)): error messages, ids, texts and extra fields.
 * Aborts on any violation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "testhooks.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LIMIT 256

/* Every record of data, rendered: "L:ERR(msg)" or "L:id|text|extra" (extra as sorted compact
 * JSON), with the fast path on or off, each record checked against the properties above and
 * the nexp line numbers expected; traps on a violation or when the reader fails. */
static char *
render(const uint8_t *data, size_t size, int fast, const size_t *expect, size_t nexp)
{
    tt__jsonl_fast(fast);
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        abort();
    tt_jsonl_reader *r;
    tt_err err = {0};
    if (tt_jsonl__open(&r, f, LIMIT, &err))
        abort();
    tt_jsonl_post p;
    tt_jsonl__post_init(&p);
    tt_buf b;
    tt_buf_init(&b);
    size_t got = 0;
    int rc;
    while ((rc = tt_jsonl__next(r, &p, &err)) == 1) {
        if (got >= nexp || p.line != expect[got])
            __builtin_trap();
        got++;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "line %zu: ", p.line);
        if (p.error) {
            if (p.error != TT_EFORMAT || strncmp(p.msg, prefix, strlen(prefix)) != 0 || p.text ||
                p.id || p.extra)
                __builtin_trap();
            tt_buf_printf(&b, "%zu:ERR(%s)\n", p.line, p.msg);
            continue;
        }
        if (!p.text || strlen(p.text) != p.text_len ||
            tt_utf8__check(p.text, p.text_len) != p.text_len)
            __builtin_trap();
        if (p.id && tt_utf8__check(p.id, strlen(p.id)) != strlen(p.id))
            __builtin_trap();
        if (!json_is_object(p.extra) || json_object_get(p.extra, "text") ||
            json_object_get(p.extra, "id"))
            __builtin_trap();
        char *extra = json_dumps(p.extra, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        tt_buf_printf(&b, "%zu:%s|", p.line, p.id ? p.id : "(none)");
        tt_buf_add(&b, p.text, p.text_len);
        tt_buf_printf(&b, "|%s|%zu\n", extra ? extra : "?", p.replaced);
        free(extra);
    }
    tt_jsonl__post_release(&p);
    tt_jsonl__close(r);
    fclose(f);
    tt__jsonl_fast(1);
    if (rc != 0 || got != nexp || tt_buf_grow(&b, 0))
        __builtin_trap();
    return tt_buf_detach(&b, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0; /* fmemopen cannot open an empty buffer */
    /* The expected records, counted independently: line numbers of non-blank lines. */
    size_t expect[4096], nexp = 0, line = 0;
    for (size_t i = 0; i < size;) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t end = nl ? (size_t)(nl - data) : size;
        line++;
        size_t s = i;
        if (line == 1 && end - s >= 3 && memcmp(data + s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        int blank = 1;
        if (end - i > LIMIT)
            blank = 0; /* too long: reported, whatever it holds */
        for (size_t j = s; j < end && blank; j++)
            if (!strchr(" \t\r\f\v", data[j]) || data[j] == 0)
                blank = 0;
        if (!blank) {
            if (nexp == sizeof expect / sizeof expect[0])
                return 0; /* too many lines for this check; not interesting */
            expect[nexp++] = line;
        }
        i = nl ? end + 1 : size;
    }

    char *slow = render(data, size, 0, expect, nexp), *fast = render(data, size, 1, expect, nexp);
    if (strcmp(slow, fast) != 0)
        __builtin_trap();
    free(slow);
    free(fast);
    return 0;
}
