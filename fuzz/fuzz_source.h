/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_source.h: the property check shared by the fuzz targets of the source readers
 * (fuzz_source_*.c): each target has its own corpus of one format, and the format is
 * recognized by content, so one check serves every reader.  See the targets for the
 * properties.
 */
#ifndef TT_FUZZ_SOURCE_H
#define TT_FUZZ_SOURCE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/source.h"
#include "utf8.h"

typedef struct fuzz_seen {
    char *id;
    size_t len;
    uint64_t h;
} fuzz_seen;

static uint64_t
fuzz_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

/* Read every item of data; record up to cap of them in seen (ids owned). */
static size_t
fuzz_read(const uint8_t *data, size_t size, fuzz_seen *seen, size_t cap)
{
    tt_source *s = NULL;
    int rc = tt_source_open_mem(&s, NULL, data, size, NULL);
    if (rc) {
        if (rc != TT_ENOMEM)
            __builtin_trap();
        tt_source_free(s);
        return 0;
    }
    const tt_source_item *it;
    size_t n = 0;
    while ((rc = tt_source_next(s, &it)) == 1) {
        if (it->note) {
            if (it->text || !*it->note)
                __builtin_trap();
        } else {
            if (!it->text)
                __builtin_trap();
            if (strcmp(it->format, "text") != 0 || !it->partial) {
                if (strcmp(it->format, "text") != 0 &&
                    (strlen(it->text) != it->text_len ||
                     tt_utf8__check(it->text, it->text_len) != it->text_len))
                    __builtin_trap();
            }
        }
        if (n < cap) {
            seen[n].id = it->id ? strdup(it->id) : NULL;
            seen[n].len = it->text ? it->text_len : SIZE_MAX;
            seen[n].h = it->text ? fuzz_hash(it->text, it->text_len) : 0;
            n++;
        }
    }
    if (rc < 0 && rc != TT_ENOMEM)
        __builtin_trap();
    tt_source_free(s);
    return n;
}

static int
tt_fuzz_source(const uint8_t *data, size_t size)
{
    enum { CAP = 64 };
    fuzz_seen a[CAP], b[CAP];
    size_t na = fuzz_read(data, size, a, CAP), nb = fuzz_read(data, size, b, CAP);
    if (na != nb)
        __builtin_trap();
    for (size_t i = 0; i < na; i++) {
        if ((a[i].id == NULL) != (b[i].id == NULL) || (a[i].id && strcmp(a[i].id, b[i].id)) ||
            a[i].len != b[i].len || a[i].h != b[i].h)
            __builtin_trap();
    }
    /* the first item with an id and text is found by that id */
    for (size_t i = 0; i < na; i++) {
        if (!a[i].id || a[i].len == SIZE_MAX)
            continue;
        tt_source *s = NULL;
        if (tt_source_open_mem(&s, NULL, data, size, NULL) == 0) {
            const tt_source_item *it;
            int rc = tt_source_find(s, a[i].id, &it);
            if (rc == 0 || (rc == 1 && strcmp(it->id, a[i].id) != 0))
                __builtin_trap();
        }
        tt_source_free(s);
        break;
    }
    for (size_t i = 0; i < na; i++) {
        free(a[i].id);
        free(b[i].id);
    }
    return 0;
}

#endif
