/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv.h: an RFC 4180 record reader over a buffer in memory (recipient lists and the like).
 *
 * Accepted: fields separated by commas (or the reader's sep: ';' or a tab); a field in double quotes may hold commas, line breaks
 * and "" (one quote); records end at CRLF, LF or a lone CR; the last record may lack a line
 * break; a UTF-8 byte order mark at the very start is skipped; empty lines are skipped (so a
 * record made of one empty field must be written `""`).  Lenient where real files differ from
 * the RFC: a quote inside an unquoted field (`5" disk`) is an ordinary character, and records
 * may have different numbers of fields (the caller checks the count it wants).
 * Rejected with TT_EFORMAT and a message naming the line: a quoted field that never closes
 * ("line 7: unterminated quoted field", the line where the field opened) and a character other
 * than a comma or a line break after a closing quote ("line 3: unexpected 'x' after closing
 * quote").  After an error the reader resumes at the next line, so a caller may go on.
 * Workload: one pass over the buffer; memory is one record's worth of field bytes.
 */
#ifndef TT_CSV_H
#define TT_CSV_H

#include "common.h"

/* One record.  fields[i] points at lens[i] bytes followed by a NUL (a field may itself hold NUL
 * bytes; trust lens).  Everything belongs to the reader and stays valid until the next call to
 * tt_csv__next() or tt_csv__release(). */
typedef struct tt_csv_record {
    size_t nfields;
    const char **fields;
    const size_t *lens;
    size_t line; /* 1-based line on which the record starts */
} tt_csv_record;

typedef struct tt_csv_reader {
    const char *data; /* borrowed: keep alive while reading */
    size_t len;
    size_t pos;
    size_t line; /* line of data[pos] */
    char sep;    /* the field separator: ',' unless the caller sets another after init */
    tt_buf bytes; /* field bytes of the current record, each followed by a NUL */
    size_t *offs, *lens;
    const char **ptrs;
    size_t cap;
} tt_csv_reader;

/* Start reading data[0..len).  The reader borrows data.  Never fails. */
void tt_csv__init(tt_csv_reader *r, const char *data, size_t len);
/* The separator the first non-empty line of data uses, outside quotes: ';' or '\t' when it
 * holds more of them than commas, else ','.  For a header line ("name;email;unit"). */
char tt_csv__sniff(const char *data, size_t len);
/* Free what the reader holds; a released reader may be initialized again. */
void tt_csv__release(tt_csv_reader *r);

/*
 * Read the next record into *out.  Returns 1 with a record, 0 at the end of the data,
 * TT_EFORMAT for a broken quote (message in err: "line N: ..."), or TT_ENOMEM.
 */
int tt_csv__next(tt_csv_reader *r, tt_csv_record *out, tt_err *err);

/*
 * Append one record to out in RFC 4180 form, ending with CRLF: a field is quoted when it holds
 * a comma, a quote, CR, LF, starts with a byte order mark, or (for a record of one field) is
 * empty.  Returns 0 or TT_ENOMEM.
 * Reading what this writes gives back the same fields.
 */
int tt_csv__write_record(tt_buf *out, const char *const *fields, const size_t *lens,
                         size_t nfields);

#endif
