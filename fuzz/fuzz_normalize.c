/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_normalize.c: the normalizer never crashes on any bytes, and keeps its two properties:
 * normalizing the folded unit string again gives it back (idempotence), and feeding the input
 * in chunks (sizes taken from the first byte) gives the units of the whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "normalize.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xc0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xe0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

static char *
folded(const tt_text *t, size_t *out_len)
{
    char *s = malloc(t->nunits * 4 + t->nwords + 1);
    if (!s)
        abort();
    size_t n = 0;
    for (size_t w = 0; w < t->nwords; w++) {
        if (w)
            s[n++] = ' ';
        for (uint32_t u = t->words[w].ustart; u < t->words[w].uend; u++)
            n += put_utf8(s + n, t->units[u].cp);
    }
    *out_len = n;
    return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t step = (size_t)(data[0] % 13) + 1;
    const char *in = (const char *)data + 1;
    size_t len = size - 1;
    tt_text t, t2;
    if (tt_text__build(&t, in, len, NULL) != 0)
        abort();
    for (size_t i = 0; i < t.nunits; i++)
        if (t.units[i].start >= t.units[i].end || t.units[i].end > len ||
            (i && t.units[i].start < t.units[i - 1].start))
            abort();
    size_t n, n2;
    char *s = folded(&t, &n);
    if (tt_text__build(&t2, s, n, NULL) != 0)
        abort();
    char *s2 = folded(&t2, &n2);
    if (n != n2 || memcmp(s, s2, n) != 0 || t.nwords != t2.nwords)
        abort();
    for (size_t w = 0; w < t.nwords; w++)
        if (t.words[w].hash != t2.words[w].hash)
            abort();
    /* chunking */
    tt_norm st;
    tt_norm__init(&st, 0);
    tt_nunit buf[40];
    size_t pos = 0, fed = 0, k = 0;
    for (;;) {
        fed = fed + step > len ? len : fed + step;
        int eof = fed == len;
        size_t got;
        pos += tt_norm__run(&st, in + pos, fed - pos, eof, buf, 40, &got);
        for (size_t i = 0; i < got; i++, k++)
            if (k >= t.nunits || buf[i].cp != t.units[k].cp || buf[i].start != t.units[k].start)
                abort();
        if (eof && pos == len && !st.has_pend)
            break;
    }
    if (k != t.nunits)
        abort();
    free(s);
    free(s2);
    tt_text__release(&t);
    tt_text__release(&t2);
    return 0;
}
