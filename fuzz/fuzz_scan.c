/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_scan.c: the scanner never crashes, its findings lie within the input, and feeding the
 * input in chunks (sizes from the first byte) gives the findings of feeding it whole.  The
 * registered documents are a fixed set of sentences; the input is arbitrary bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "index.h"
#include "telltale/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *docs[] = {
    "The quarterly review of the northern pipeline found three welds below standard and the "
    "board decided to keep the findings from the partners until the end of the quarter.",
    "Совещание руководства состоялось в среду вечером в старом здании на набережной, и "
    "директор сообщил, что поставки оборудования задерживаются на три месяца.",
    "이번 회의에서는 북부 송유관 공사의 일정과 예산 문제를 논의하였다 현장 점검 결과 두 구간에서 "
    "용접 불량이 발견되었으며 장비 공급은 약 석 달 정도 늦어질 것으로 보인다",
};

static tt_index *ix;

static tt_finding *
scan(const char *p, size_t n, size_t chunk, size_t *out_n)
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ix) {
        tt_index_src src[3];
        for (int i = 0; i < 3; i++)
            src[i] = (tt_index_src){i == 0 ? "en" : i == 1 ? "ru" : "ko", NULL, docs[i],
                                    strlen(docs[i])};
        if (tt_index__from_texts(&ix, src, 3, NULL, 0, NULL))
            abort();
    }
    if (size == 0)
        return 0;
    size_t chunk = (size_t)data[0] % 37 + 1;
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    size_t n0, n1;
    tt_finding *f0 = scan(p, n, n ? n : 1, &n0);
    tt_finding *f1 = scan(p, n, chunk, &n1);
    if (n0 != n1)
        abort();
    for (size_t i = 0; i < n0; i++) {
        if (f0[i].leak_start >= f0[i].leak_end || f0[i].leak_end > n)
            abort();
        if (strcmp(f0[i].doc, f1[i].doc) || f0[i].leak_start != f1[i].leak_start ||
            f0[i].leak_end != f1[i].leak_end || f0[i].doc_start != f1[i].doc_start ||
            f0[i].matched_words != f1[i].matched_words)
            abort();
    }
    tt_findings_free(f0, n0);
    tt_findings_free(f1, n1);
    return 0;
}
