/* SPDX-License-Identifier: Apache-2.0 */
/*
 * finding_json.c: one finding as the JSON object `scan --json` prints, and its stable id.
 * scan, watch and collect all speak this one form, so a line a worker publishes reads the
 * same as a line scan prints, and `findings --json` gives back the very line recorded.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static uint64_t
fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    h ^= 0xff; /* field separator */
    h *= 0x100000001b3ull;
    return h;
}

void
cli_finding_id(char out[17], const tt_finding *f, const char *source, const char *item)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv(h, f->fingerprint, strlen(f->fingerprint));
    h = fnv(h, source, strlen(source));
    h = fnv(h, item ? item : "", item ? strlen(item) : 0);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

struct json_t *
cli_finding_json(const tt_finding *f, const char *id, const char *source, const char *item,
                 const tt_source_item *it, int redact)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "source", json_string(source));
    json_object_set_new(o, "item", item ? json_string(item) : json_null());
    if (it->format && strcmp(it->format, "text") != 0 && strcmp(it->format, "jsonl") != 0)
        json_object_set_new(o, "format", json_string(it->format));
    if (it->author && !redact)
        json_object_set_new(o, "author", json_string(it->author));
    if (it->date)
        json_object_set_new(o, "date", json_string(it->date));
    if (it->url && !redact)
        json_object_set_new(o, "url", json_string(it->url));
    if (it->attachment && !redact)
        json_object_set_new(o, "attachment", json_string(it->attachment));
    json_object_set_new(o, "doc", json_string(f->doc));
    if (!redact)
        json_object_set_new(o, "title", json_string(f->title));
    json_object_set_new(o, "matched_words", json_integer((json_int_t)f->matched_words));
    json_object_set_new(o, "doc_words", json_integer((json_int_t)f->doc_words));
    json_object_set_new(o, "coverage", json_real(f->coverage));
    json_object_set_new(o, "hits", json_integer((json_int_t)f->hits));
    json_object_set_new(o, "chance", json_real(f->chance));
    json_object_set_new(o, "fingerprint", json_string(id));
    json_t *sp = json_object();
    json_object_set_new(sp, "leak_start", json_integer((json_int_t)f->leak_start));
    json_object_set_new(sp, "leak_end", json_integer((json_int_t)f->leak_end));
    json_object_set_new(sp, "doc_start", json_integer((json_int_t)f->doc_start));
    json_object_set_new(sp, "doc_end", json_integer((json_int_t)f->doc_end));
    json_t *arr = json_array();
    json_array_append_new(arr, sp);
    json_object_set_new(o, "spans", arr);
    if (!redact) {
        json_object_set_new(o, "leak_text", json_string(f->leak_text));
        json_object_set_new(o, "doc_text", json_string(f->doc_text));
        if (it->fields) {
            json_t *x = json_loads(it->fields, 0, NULL);
            if (x)
                json_object_set_new(o, "fields", x);
        }
    }
    return o;
}
