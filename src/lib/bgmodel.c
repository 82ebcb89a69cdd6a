/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bgmodel.c: the background model of ordinary language built into the library (bgmodel.h).
 * The model file data/background/en.ttbg is assembled into the library's read-only data as
 * it is (the assembler's .incbin), so the library needs no data file at run time and the
 * model cannot go missing or be swapped under a vault; its identity is stored in index.bin.
 */
#include "bgmodel.h"
#include "winnow.h"

/* the model's bytes, between two symbols private to the library */
__asm__(".section .rodata\n"
        ".balign 64\n"
        ".globl tt_bgmodel__data\n"
        ".hidden tt_bgmodel__data\n"
        "tt_bgmodel__data:\n"
        ".incbin \"data/background/en.ttbg\"\n"
        ".globl tt_bgmodel__data_end\n"
        ".hidden tt_bgmodel__data_end\n"
        "tt_bgmodel__data_end:\n"
        ".previous\n");
extern const uint8_t tt_bgmodel__data[];
extern const uint8_t tt_bgmodel__data_end[];

int
tt_bgmodel__parse(tt_bgmodel *m, const uint8_t *p, size_t len)
{
    memset(m, 0, sizeof *m);
    if (len < TT_BGMODEL_HDR || memcmp(p, TT_BGMODEL_MAGIC, 8) != 0)
        return TT_EFORMAT;
    tt_bgmodel_hdr h;
    memcpy(h.magic, p, 8);
    h.k = tt__le32(p + 8);
    h.min_df = tt__le32(p + 12);
    h.nkeys = tt__le64(p + 16);
    h.seed = tt__le64(p + 24);
    h.block = tt__le32(p + 32);
    h.sources = tt__le32(p + 36);
    h.corpus_bytes = tt__le64(p + 40);
    if (h.k != TT_WINNOW_K || h.block == 0 || (len - TT_BGMODEL_HDR) / 3 != h.block ||
        (len - TT_BGMODEL_HDR) % 3 != 0)
        return TT_EFORMAT;
    m->h = h;
    m->slot = p + TT_BGMODEL_HDR;
    return 0;
}

const tt_bgmodel *
tt_bgmodel__builtin(void)
{
    /* parsed once per thread (a few loads): no state shared between threads */
    static const tt_bgmodel empty;
    static __thread tt_bgmodel m;
    if (m.slot)
        return &m;
    if (tt_bgmodel__parse(&m, tt_bgmodel__data,
                          (size_t)(tt_bgmodel__data_end - tt_bgmodel__data)) != 0)
        return &empty;
    return &m;
}

uint64_t
tt_bgmodel__id(const tt_bgmodel *m)
{
    if (!m->slot)
        return 0;
    return tt_bgmodel__hash(m->h.seed ^ m->h.nkeys ^ ((uint64_t)m->h.block << 32) ^ m->h.min_df,
                            m->h.corpus_bytes) | 1;
}
