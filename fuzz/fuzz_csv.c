/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_csv.c: properties of the CSV reader and writer (csv.h).
 *   - reading never fails other than with TT_EFORMAT, whose message names a line
 *     ("line N: ..."), and the reader always reaches the end (it resumes after errors);
 *   - record line numbers never go down and never exceed the number of lines;
 *   - writing every record read and reading the result again gives the same records, field
 *     for field and byte for byte, without any error.
 * Aborts on any violation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tt_csv_reader r;
    tt_csv_record rec;
    tt_err err = {0};
    tt_buf enc, shape; /* shape: nfields then each field length, to compare the second pass */
    tt_buf_init(&enc);
    tt_buf_init(&shape);
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n' || (data[i] == '\r' && !(i + 1 < size && data[i + 1] == '\n')))
            lines++;

    tt_csv__init(&r, (const char *)data, size);
    size_t nrec = 0, last_line = 0, guard = 0;
    int rc;
    while ((rc = tt_csv__next(&r, &rec, &err)) != 0) {
        if (++guard > size + 2)
            __builtin_trap(); /* the reader must make progress */
        if (rc < 0) {
            if (rc != TT_EFORMAT || strncmp(err.msg, "line ", 5) != 0)
                __builtin_trap();
            continue;
        }
        if (rec.nfields == 0 || rec.line < last_line || rec.line > lines)
            __builtin_trap();
        last_line = rec.line;
        for (size_t i = 0; i < rec.nfields; i++)
            if (rec.fields[i][rec.lens[i]] != '\0')
                __builtin_trap();
        if (tt_csv__write_record(&enc, rec.fields, rec.lens, rec.nfields))
            abort();
        tt_buf_add(&shape, &rec.nfields, sizeof rec.nfields);
        for (size_t i = 0; i < rec.nfields; i++) {
            tt_buf_add(&shape, &rec.lens[i], sizeof rec.lens[i]);
            tt_buf_add(&shape, rec.fields[i], rec.lens[i]);
        }
        nrec++;
    }
    tt_csv__release(&r);

    tt_csv__init(&r, enc.data ? enc.data : "", enc.len);
    size_t off = 0, n2 = 0;
    while ((rc = tt_csv__next(&r, &rec, &err)) != 0) {
        if (rc < 0)
            __builtin_trap(); /* what the writer wrote must read back */
        if (off + sizeof rec.nfields > shape.len ||
            memcmp(shape.data + off, &rec.nfields, sizeof rec.nfields) != 0)
            __builtin_trap();
        off += sizeof rec.nfields;
        for (size_t i = 0; i < rec.nfields; i++) {
            if (off + sizeof rec.lens[i] + rec.lens[i] > shape.len ||
                memcmp(shape.data + off, &rec.lens[i], sizeof rec.lens[i]) != 0 ||
                memcmp(shape.data + off + sizeof rec.lens[i], rec.fields[i], rec.lens[i]) != 0)
                __builtin_trap();
            off += sizeof rec.lens[i] + rec.lens[i];
        }
        n2++;
    }
    if (n2 != nrec || off != shape.len)
        __builtin_trap();
    tt_csv__release(&r);
    tt_buf_release(&enc);
    tt_buf_release(&shape);
    return 0;
}
