/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dynlib.c: loading the libraries of media, mail and archives at first use (dynlib.h;
 * the tables: dynlib_media.h, dynlib_mail.h, dynlib_archive.h).
 *
 * Each library is opened by the soname its development symlink named at build time
 * (tt_sonames.h, written by scripts/sonames), with RTLD_NOW so that a library missing one of
 * its own dependencies fails here, not at a later call, and RTLD_LOCAL since every function
 * is taken from its handle.  Every function of the library's list is looked up before the
 * library counts as loaded; a missing one fails the library.  The outcome, loaded or the
 * reason it is not, is kept until the process ends: handles are never closed (nothing is
 * unloaded while a table may still point into it), and a failure is not retried.  One mutex
 * orders the loading; a caller reads a table only after its own tt_dynlib__need() returned
 * 0, which took that mutex after the table was written.
 */
#define TT_DYNLIB_IMPL
#include "dynlib_archive.h"
#include "dynlib_mail.h"
#include "dynlib_media.h"

#include <dlfcn.h>
#include <pthread.h>

#include "tt_sonames.h"

struct tt_dl_tesseract tt__dl_tesseract;
struct tt_dl_lept tt__dl_lept;
struct tt_dl_poppler tt__dl_poppler;
struct tt_dl_cairo tt__dl_cairo;
struct tt_dl_pango tt__dl_pango;
struct tt_dl_pangocairo tt__dl_pangocairo;
struct tt_dl_jpeg tt__dl_jpeg;
struct tt_dl_gmime tt__dl_gmime;
struct tt_dl_archive tt__dl_archive;
struct tt_dl_xml tt__dl_xml;

typedef struct sym {
    const char *name;
    size_t off; /* of its member in the table */
} sym;

/* dlsym's void * becomes a function pointer by copying its bytes (POSIX guarantees they
 * have the same representation; ISO C has no conversion between them). */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers are not void *");

#define SYM(f) {#f, offsetof(TT_DL_TABLE, f)},
#define TT_DL_TABLE struct tt_dl_tesseract
static const sym tesseract_syms[] = {TT_DL_TESSERACT_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_lept
static const sym lept_syms[] = {TT_DL_LEPT_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_poppler
static const sym poppler_syms[] = {TT_DL_POPPLER_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_cairo
static const sym cairo_syms[] = {TT_DL_CAIRO_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_pango
static const sym pango_syms[] = {TT_DL_PANGO_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_pangocairo
static const sym pangocairo_syms[] = {TT_DL_PANGOCAIRO_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_jpeg
static const sym jpeg_syms[] = {TT_DL_JPEG_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_gmime
static const sym gmime_syms[] = {TT_DL_GMIME_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_archive
static const sym archive_syms[] = {TT_DL_ARCHIVE_FNS(SYM)};
#undef TT_DL_TABLE
#define TT_DL_TABLE struct tt_dl_xml
static const sym xml_syms[] = {TT_DL_XML_FNS(SYM)};
#undef TT_DL_TABLE
#undef SYM

typedef struct lib {
    unsigned bit; /* TT_DL_* */
    const char *soname;
    void *table;
    const sym *syms;
    size_t nsyms;
    int state;      /* 0 not tried, 1 loaded, -1 failed (why says why) */
    char why[200];
} lib;

#define LIB(bit, soname, table, syms) {bit, soname, &table, syms, sizeof syms / sizeof *syms, 0, ""}
/* In the order of the TT_DL_* bits; a library before those that depend on it. */
static lib libs[] = {
    LIB(TT_DL_TESSERACT, TT_SONAME_TESSERACT, tt__dl_tesseract, tesseract_syms),
    LIB(TT_DL_LEPT, TT_SONAME_LEPT, tt__dl_lept, lept_syms),
    LIB(TT_DL_POPPLER, TT_SONAME_POPPLER, tt__dl_poppler, poppler_syms),
    LIB(TT_DL_CAIRO, TT_SONAME_CAIRO, tt__dl_cairo, cairo_syms),
    LIB(TT_DL_PANGO, TT_SONAME_PANGO, tt__dl_pango, pango_syms),
    LIB(TT_DL_PANGO, TT_SONAME_PANGOCAIRO, tt__dl_pangocairo, pangocairo_syms),
    LIB(TT_DL_JPEG, TT_SONAME_JPEG, tt__dl_jpeg, jpeg_syms),
    LIB(TT_DL_GMIME, TT_SONAME_GMIME, tt__dl_gmime, gmime_syms),
    LIB(TT_DL_ARCHIVE, TT_SONAME_ARCHIVE, tt__dl_archive, archive_syms),
    LIB(TT_DL_ARCHIVE, TT_SONAME_XML, tt__dl_xml, xml_syms),
};
#undef LIB

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

/* The reason dlopen or dlsym gave, or a fallback when it gave none. */
static void
keep_reason(lib *l, const char *fallback)
{
    const char *e = dlerror();
    snprintf(l->why, sizeof l->why, "%s", e && *e ? e : fallback);
}

/* Open l and fill its table; called once, under mu. */
static void
load(lib *l)
{
    (void)dlerror(); /* clear an old one */
    void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        keep_reason(l, "cannot be opened");
        l->state = -1;
        return;
    }
    for (size_t i = 0; i < l->nsyms; i++) {
        (void)dlerror();
        void *p = dlsym(h, l->syms[i].name);
        if (!p) {
            keep_reason(l, "a function is missing");
            l->state = -1;
            return; /* h stays open: other tables may share its dependencies */
        }
        memcpy((char *)l->table + l->syms[i].off, &p, sizeof p);
    }
    l->state = 1;
}

int
tt_dynlib__need(tt_err *err, const char *task, unsigned need)
{
    int rc = 0;
    pthread_mutex_lock(&mu);
    for (size_t i = 0; i < sizeof libs / sizeof *libs && rc == 0; i++) {
        lib *l = &libs[i];
        if (!(need & l->bit))
            continue;
        if (l->state == 0)
            load(l);
        if (l->state < 0)
            rc = tt__error(err, TT_EIO, "%s needs %s: %s", task, l->soname, l->why);
    }
    pthread_mutex_unlock(&mu);
    return rc;
}
