/* SPDX-License-Identifier: Apache-2.0 */
/*
 * limits.h: every resource limit of libtelltale, in one place.
 *
 * Each command answers hostile input (a huge or endless file, a pathological repetition, a
 * directory loop) within these bounds, with a clear message naming the input and the limit,
 * instead of growing without end.  telltale(1) documents them in its LIMITS section and
 * docs/ARCHITECTURE.md says where each is enforced.
 *
 * Only the input size can be changed (tt_limit_set_input(); the telltale program reads the
 * TELLTALE_MAX_INPUT_MB environment variable and calls it: the library never reads the
 * environment).  The others shape the detection itself and are fixed.
 */
#ifndef TELLTALE_LIMITS_H
#define TELLTALE_LIMITS_H

#include <stddef.h>

#include "telltale/telltale.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of one input read whole into memory (add, verify, trace, recipients import,
 * index --background, a signature or key file), in MiB, unless changed below.  A larger
 * regular file is refused before it is read; a pipe or device is read up to the limit and
 * then refused.  scan streams its inputs and needs no such limit. */
#define TT_LIMIT_INPUT_MIB_DEFAULT 64

/* Positions of one fingerprint in one registered document that make hits.  A k-gram a
 * document repeats more often (a table of "0.0 0.0 ...", a list w0..w99 over and over)
 * says nothing about where in the document an excerpt comes from; its hits are not made, so
 * hits grow linearly with the scanned text, never with text x repetitions. */
#define TT_LIMIT_FP_POSITIONS 16

/* Hits kept for one scanned window (scan) or one text (verify, trace candidates): 2^21,
 * about 80 MB.  Beyond it the rest of the window makes no hits and the item is reported as
 * partly examined. */
#define TT_LIMIT_HITS ((size_t)1 << 21)

/* Clusters of one document kept open at once while hits are grouped (scan_hits.c): a
 * hit is compared with at most this many, so grouping is linear in the hits. */
#define TT_LIMIT_OPEN_CLUSTERS 64

/* Findings reported for one item (a file, a post): beyond it the item is no longer
 * aligned and a warning says the findings were cut. */
#define TT_LIMIT_FINDINGS 1000

/* One audit entry of an `add` call of several files (a batch entry, docs/FORMATS.md §3.1):
 * at most this many documents, and no more once its items may exceed this many bytes of
 * args; a call adding more writes several entries, in its one transaction. */
#define TT_LIMIT_ADD_ENTRY_DOCS 1000
#define TT_LIMIT_ADD_ENTRY_BYTES ((size_t)1 << 20)

/* Readers of sources (telltale/source.h): bytes one source's containers (gzip, zip, tar, a
 * .docx) may expand to in all, entries read from one source, and how deep containers nest (a
 * zip in a zip is depth 2).  Beyond them a note says so and the rest is not read. */
#define TT_LIMIT_SOURCE_EXPANDED ((size_t)256 << 20)
#define TT_LIMIT_SOURCE_ENTRIES 10000
#define TT_LIMIT_SOURCE_DEPTH 3

/* Set the input size limit in bytes for the whole process (0: the default,
 * TT_LIMIT_INPUT_MIB_DEFAULT MiB).  Call it before starting threads. */
TT_API void tt_limit_set_input(size_t bytes);
/* The input size limit in bytes. */
TT_API size_t tt_limit_input(void);

#ifdef __cplusplus
}
#endif
#endif
