/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_extract_pdf.c: the PDF front end (extract.h) on any bytes that begin like a PDF.
 * Properties: fuzz_extract.h's (no crash, no leak, a failure has a message, word spans
 * inside the text and in order, a readable word is never U+FFFD, ...), with its small limits.
 * Aborts on any violation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* make every input a PDF to the sniffer, so the fuzzer spends its time inside poppler */
    uint8_t *d = malloc(size + 5);
    if (!d)
        return 0;
    memcpy(d, "%PDF-", 5);
    memcpy(d + 5, data, size);
    fuzz_extract_check(size >= 5 && memcmp(data, "%PDF-", 5) == 0 ? data : d,
          size >= 5 && memcmp(data, "%PDF-", 5) == 0 ? size : size + 5);
    free(d);
    return 0;
}
