/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_scan.c: the scanner never crashes, its findings lie within the input, and feeding the
 * input in chunks (sizes from the first byte) gives the findings of feeding it whole.
 *
 * The registered documents come from the input itself, so the fuzzer reaches the paths whose
 * cost depends on the documents (repeated words, a haystack that quotes a document many
 * times over, hits piling up at one position): after the first byte, everything up to the
 * first NUL byte is registered, cut into up to four documents at \x01 bytes, and the rest is
 * the haystack.  An input without a NUL byte is scanned against three fixed sentences
 * (English, Russian, Korean).  Workload: one in-memory index per input, no vault.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "index.h"
#include "telltale/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *fixed[] = {
    "The quarterly review of the northern pipeline found three welds below standard and the "
    "board decided to keep the findings from the partners until the end of the quarter.",
    "Совещание руководства состоялось в среду вечером в старом здании на набережной, и "
    "директор сообщил, что поставки оборудования задерживаются на три месяца.",
    "이번 회의에서는 북부 송유관 공사의 일정과 예산 문제를 논의하였다 현장 점검 결과 두 구간에서 "
    "용접 불량이 발견되었으며 장비 공급은 약 석 달 정도 늦어질 것으로 보인다",
};

static tt_index *fixed_ix;

static tt_finding *
scan(const tt_index *ix, const char *p, size_t n, size_t chunk, size_t *out_n)
{
    tt_scanner *s;
    if (tt_scanner_new(&s, NULL, ix, NULL))
        abort();
    for (size_t i = 0; i < n; i += chunk)
        if (tt_scanner_feed(s, p + i, n - i < chunk ? n - i : chunk))
            abort();
    tt_finding *f;
    if (tt_scanner_finish(s, &f, out_n))
        abort();
    tt_scanner_free(s);
    return f;
}

/* The index of the documents before the first NUL of p[0..n), or the fixed one; *hay is set
 * to the haystack.  Returns the index to free, or NULL when the fixed one is used. */
static tt_index *
index_of(const char *p, size_t n, const char **hay, size_t *hay_len, const tt_index **ix)
{
    const char *nul = memchr(p, '\0', n);
    if (!nul) {
        if (!fixed_ix) {
            tt_index_src src[3];
            for (int i = 0; i < 3; i++)
                src[i] = (tt_index_src){i == 0 ? "en" : i == 1 ? "ru" : "ko", NULL, fixed[i],
                                        strlen(fixed[i])};
            if (tt_index__from_texts(&fixed_ix, src, 3, NULL, 0, NULL))
                abort();
        }
        *hay = p;
        *hay_len = n;
        *ix = fixed_ix;
        return NULL;
    }
    static const char *ids[] = {"d0", "d1", "d2", "d3"};
    tt_index_src src[4];
    size_t nd = 0;
    const char *s = p;
    while (nd < 4) {
        const char *e = memchr(s, '\x01', (size_t)(nul - s));
        if (!e || nd == 3)
            e = nul;
        src[nd] = (tt_index_src){ids[nd], NULL, s, (size_t)(e - s)};
        nd++;
        if (e == nul)
            break;
        s = e + 1;
    }
    tt_index *own = NULL;
    if (tt_index__from_texts(&own, src, nd, NULL, 0, NULL))
        abort();
    *hay = nul + 1;
    *hay_len = n - (size_t)(nul + 1 - p);
    *ix = own;
    return own;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 1 << 16)
        return 0;
    size_t chunk = (size_t)data[0] % 37 + 1;
    const char *hay;
    size_t n;
    const tt_index *ix;
    tt_index *own = index_of((const char *)data + 1, size - 1, &hay, &n, &ix);
    size_t n0, n1;
    tt_finding *f0 = scan(ix, hay, n, n ? n : 1, &n0);
    tt_finding *f1 = scan(ix, hay, n, chunk, &n1);
    if (n0 != n1)
        abort();
    for (size_t i = 0; i < n0; i++) {
        if (f0[i].leak_start >= f0[i].leak_end || f0[i].leak_end > n)
            abort();
        if (f0[i].matched_words == 0 || !(f0[i].coverage >= 0 && f0[i].coverage <= 1))
            abort();
        if (strcmp(f0[i].doc, f1[i].doc) || f0[i].leak_start != f1[i].leak_start ||
            f0[i].leak_end != f1[i].leak_end || f0[i].doc_start != f1[i].doc_start ||
            f0[i].matched_words != f1[i].matched_words)
            abort();
    }
    tt_findings_free(f0, n0);
    tt_findings_free(f1, n1);
    tt_index_free(own);
    return 0;
}
