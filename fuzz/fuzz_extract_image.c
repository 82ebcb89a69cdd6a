/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_extract_image.c: the image front end (extract.h): PNG, JPEG and TIFF headers and
 * decoders, the pixel limit, leptonica's clean-up and Tesseract, on any bytes.  The first
 * byte picks the signature put in front of the rest (0: the input as it is, 1: PNG, 2: JPEG,
 * 3: TIFF little-endian, 4: TIFF big-endian), so mutations land inside the decoders.
 * Properties: fuzz_extract.h's (no crash, no leak, a failure has a message, word spans
 * inside the text and in order, a readable word is never U+FFFD, ...), with its small limits
 * (2 million pixels, 4 pages).  Aborts on any violation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        const char *sig;
        size_t n;
    } sigs[] = {{"", 0}, {"\x89PNG\r\n\x1a\n", 8}, {"\xFF\xD8\xFF", 3}, {"II*\0", 4}, {"MM\0*", 4}};
    if (size == 0)
        return 0;
    size_t k = data[0] % 5;
    uint8_t *d = malloc(size - 1 + sigs[k].n + 1);
    if (!d)
        return 0;
    memcpy(d, sigs[k].sig, sigs[k].n);
    memcpy(d + sigs[k].n, data + 1, size - 1);
    fuzz_extract_check(d, sigs[k].n + size - 1);
    free(d);
    return 0;
}
