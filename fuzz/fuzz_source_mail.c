/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_source_mail.c: properties of the source reader for mbox and .eml messages (source_mail.c), over tt_source_open_mem():
 *   - opening and reading never fail on the input itself (only TT_ENOMEM may stop it);
 *   - every item is either a note (a message, no text) or text that is valid UTF-8 without
 *     NUL (text_len == strlen) unless it is a piece of a streamed plain file;
 *   - reading the same bytes twice gives the same items (ids and texts), and
 *     tt_source_find() of an item's id finds an item with that id.
 * Aborts on any violation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return tt_fuzz_source(data, size);
}
