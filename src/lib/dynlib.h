/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dynlib.h: the libraries of media, mail and archives, loaded at first use (dynlib.c).
 *
 * Tesseract, leptonica, poppler-glib, cairo, pango, pangocairo, libjpeg, GMime, libarchive and
 * libxml2 are not linked into the telltale program or libtelltale.so.0: with what they bring
 * in they were 92 of its 105 shared objects, whose relocation cost every start (a scan of a
 * text file, --version, each test), although only reading a PDF or an image (extract.c),
 * printing a copy (print.c), reading mail (source_mail.c) and archives (source_archive.c) use
 * them.  Those modules include dynlib_media.h, dynlib_mail.h or dynlib_archive.h after the
 * libraries' headers; it turns each function they call into a pointer in a table that
 * tt_dynlib__need() fills with dlopen() and dlsym() the first time a caller needs the library.  Call sites do not
 * change.  A library that cannot be loaded (not installed, the wrong version) is an error
 * naming it, never a crash; the answer is kept for the life of the process, so a failure is
 * reported again without a new attempt, and a loaded library is never unloaded.
 */
#ifndef TT_DYNLIB_H
#define TT_DYNLIB_H

#include "common.h"

/* One bit per library; the sonames are read at build time (scripts/sonames). */
enum {
    TT_DL_TESSERACT = 1u << 0,
    TT_DL_LEPT = 1u << 1,
    TT_DL_POPPLER = 1u << 2,
    TT_DL_CAIRO = 1u << 3,
    TT_DL_PANGO = 1u << 4, /* pango, then pangocairo */
    TT_DL_JPEG = 1u << 5,
    TT_DL_GMIME = 1u << 6,
    TT_DL_ARCHIVE = 1u << 7, /* libarchive, then libxml2 */
};

/*
 * Make sure every library in the mask libs (TT_DL_* bits) is loaded, in the enum's order,
 * loading those not yet tried.  Returns 0, or TT_EIO with err set to "TASK needs SONAME:
 * REASON" for the first one that cannot be loaded or lacks a function telltale calls
 * (task says what needed it, e.g. "reading a PDF").  Thread-safe; the tables the call
 * filled may be read by the calling thread once it returns 0.
 */
int tt_dynlib__need(tt_err *err, const char *task, unsigned libs);

#endif
