/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract.c: PDFs and images of pages into the library's text model (telltale/extract.h).
 *
 * This module owns every use of poppler, leptonica and Tesseract for reading: sniffing,
 * the resource limits, the clean-up of a page image, OCR with word boxes and confidences,
 * and the assembly of the pages' text.  Work is per page: `threads` workers take the next
 * page in turn; each keeps one Tesseract instance; a PDF document is not thread-safe, so
 * its calls (text, layout, rendering) hold the job's lock while OCR runs outside it.
 * Pages are joined in order afterwards, so the result does not depend on the thread count.
 *
 * Silence: leptonica's messages are turned off (setMsgSeverity), Tesseract's go to
 * /dev/null (debug_file), poppler's are caught by a GLib log handler for its domain.
 * These are process-wide settings made once; nothing else in telltale uses these libraries.
 *
 * They are loaded at first use (dynlib.h): a PDF needs poppler, cairo and leptonica, an
 * image leptonica (and cairo to decode a PNG, libjpeg a JPEG); Tesseract is loaded by the
 * first page that needs OCR, so a PDF with its own text never loads it.
 */
#include <glib.h>
#include <math.h>
#include <glob.h>
#include <leptonica/allheaders.h>
#include <poppler.h>
#include <pthread.h>
#include <sys/stat.h>
#include <tesseract/capi.h>

#include <cairo.h>
#include <jpeglib.h>
#include <setjmp.h>

#include "common.h"
#include "extract_internal.h"
#include "telltale/extract.h"
#include "utf8.h"
/* last: the media libraries' functions become pointers loaded at first use (dynlib.h) */
#include "dynlib_media.h"

#define DEF_MAX_BYTES ((size_t)256 << 20)
#define DEF_MAX_PIXELS 64000000ull
#define DEF_MAX_PAGES 500u
#define DEF_WORD_CONF 50
#define DEF_PAGE_CONF 40
#define RENDER_DPI 300.0
#ifndef SMALL_INK
#define SMALL_INK 13 /* letters smaller than this (median ink height, pixels): scale up 2x */
#endif

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

struct tt_extract {
    tt_err err;
    tt_media media;
    tt_buf text;
    tt_xpage *pages;
    size_t npages;
    tt_xword *words;
    size_t nwords;
    char why[160];
    char *title; /* a PDF's title metadata, one line of UTF-8, or NULL */
    struct page_png {
        unsigned char *png;
        size_t len;
        int w, h;
    } *images; /* per page, with opts.page_image_max */
};

/* ---- sniffing ---- */

TT_API tt_media
tt_media_sniff(const void *data, size_t len)
{
    const unsigned char *d = data;
    if (!d)
        return TT_MEDIA_TEXT;
    if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return TT_MEDIA_PNG;
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return TT_MEDIA_JPEG;
    if (len >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
        return TT_MEDIA_TIFF;
    /* a PDF may have junk before its header; readers look in the first 1024 bytes */
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (d[i] == '%' && memcmp(d + i, "%PDF-", 5) == 0)
            return TT_MEDIA_PDF;
    return TT_MEDIA_TEXT;
}

TT_API const char *
tt_media_name(tt_media m)
{
    switch (m) {
    case TT_MEDIA_PDF:
        return "PDF";
    case TT_MEDIA_PNG:
        return "PNG";
    case TT_MEDIA_JPEG:
        return "JPEG";
    case TT_MEDIA_TIFF:
        return "TIFF";
    default:
        return "text";
    }
}

/* ---- process-wide quiet ---- */

static void
quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain, (void)level, (void)msg, (void)data;
}

static void
quiet_lept(const char *msg)
{
    (void)msg;
}

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void
make_quiet(void)
{
    setMsgSeverity(L_SEVERITY_NONE);
    leptSetStderrHandler(quiet_lept);
    g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                      quiet_log, NULL);
}

/* ---- options ---- */

typedef struct opts {
    char tessdata[4096]; /* resolved lazily, "" until needed */
    const char *tess_in;
    size_t max_bytes;
    uint64_t max_pixels;
    unsigned max_pages, threads;
    int word_conf, page_conf;
    size_t image_max; /* page_image_max */
} settings;

static void
opts_resolve(settings *o, const tt_extract_opts *in)
{
    static const tt_extract_opts none = {0};
    if (!in)
        in = &none;
    memset(o, 0, sizeof *o);
    o->tess_in = in->tessdata && *in->tessdata ? in->tessdata : NULL;
    o->max_bytes = in->max_bytes ? in->max_bytes : DEF_MAX_BYTES;
    o->max_pixels = in->max_pixels ? in->max_pixels : DEF_MAX_PIXELS;
    o->max_pages = in->max_pages ? in->max_pages : DEF_MAX_PAGES;
    o->threads = in->threads ? in->threads : 1;
    if (o->threads > 64)
        o->threads = 64;
    o->word_conf = in->min_word_conf > 0 ? in->min_word_conf : DEF_WORD_CONF;
    o->page_conf = in->min_page_conf > 0 ? in->min_page_conf : DEF_PAGE_CONF;
    o->image_max = in->page_image_max;
}

static int
has_eng(const char *dir)
{
    char p[4200];
    struct stat st;
    int n = snprintf(p, sizeof p, "%s/eng.traineddata", dir);
    return n > 0 && (size_t)n < sizeof p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory holding eng.traineddata: the caller's (itself or its tessdata/), else the
 * newest Debian one.  Returns 0, or -1 when there is none. */
static int
find_tessdata(settings *o)
{
    if (o->tessdata[0])
        return 0;
    if (o->tess_in) {
        size_t l = strlen(o->tess_in);
        if (l < sizeof o->tessdata && has_eng(o->tess_in)) {
            memcpy(o->tessdata, o->tess_in, l + 1);
            return 0;
        }
        char p[sizeof o->tessdata];
        int n = snprintf(p, sizeof p, "%s/tessdata", o->tess_in);
        if (n > 0 && (size_t)n < sizeof p && has_eng(p)) {
            memcpy(o->tessdata, p, (size_t)n + 1);
            return 0;
        }
        return -1;
    }
    glob_t g;
    int found = -1;
    if (glob("/usr/share/tesseract-ocr/*/tessdata/eng.traineddata", 0, NULL, &g) == 0) {
        /* glob sorts: the last is the newest version */
        for (size_t i = g.gl_pathc; i-- > 0 && found < 0;) {
            const char *p = g.gl_pathv[i];
            size_t l = strlen(p) - strlen("/eng.traineddata");
            if (l < sizeof o->tessdata) {
                memcpy(o->tessdata, p, l);
                o->tessdata[l] = '\0';
                found = 0;
            }
        }
        globfree(&g);
    }
    return found;
}

/* ---- one page's result ---- */

typedef struct page {
    tt_buf text;
    tt_xword *words; /* start/end relative to text */
    size_t nwords, cap;
    tt_xpage info;
    int rc;
    char msg[200];
    unsigned char *png; /* the page image for a report (settings.image_max), or NULL */
    size_t png_len;
    int png_w, png_h;
} page;

static int
page_word(page *p, const char *w, size_t wl, int x0, int y0, int x1, int y1, int conf, int readable,
          const char *sep)
{
    if (p->text.len && tt_buf_adds(&p->text, sep))
        return TT_ENOMEM;
    if (tt__grow(&p->words, &p->cap, p->nwords + 1, sizeof *p->words))
        return TT_ENOMEM;
    tt_xword *x = &p->words[p->nwords];
    x->start = p->text.len;
    if (readable ? tt_buf_add(&p->text, w, wl) : tt_buf_adds(&p->text, REPLACEMENT))
        return TT_ENOMEM;
    x->end = p->text.len;
    x->x0 = x0, x->y0 = y0, x->x1 = x1, x->y1 = y1;
    x->conf = conf;
    x->readable = readable;
    p->nwords++;
    return 0;
}

static int page_fail(page *p, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int
page_fail(page *p, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->rc = rc;
    return rc;
}

/* ---- the job shared by the workers ---- */

typedef struct job {
    settings o;
    tt_media media;
    const l_uint8 *data;
    size_t len;
    PopplerDocument *doc; /* PDF only, used under mu */
    page *pages;
    size_t npages;
    size_t next;
    int stop; /* a page failed in a way that fails the whole input */
    pthread_mutex_t mu;
} job;

/* ---- image clean-up and OCR ---- */

/* Median filter, background flattened, deskewed, binarized: 8 bpp in, 1 bpp out or NULL. */
static PIX *
prepare(PIX *g)
{
    PIX *m = NULL, *n = NULL, *d = NULL, *b = NULL;
    m = pixMedianFilter(g, 3, 3);
    if (!m)
        goto out;
    n = pixBackgroundNormSimple(m, NULL, NULL);
    if (!n)
        goto out;
    d = pixDeskew(n, 0);
    if (!d)
        goto out;
    /* after flattening the background sits near 200 and ink well below it */
    b = pixThresholdToBinary(d, 140);
out:
    pixDestroy(&m);
    pixDestroy(&n);
    pixDestroy(&d);
    return b;
}

/* The median height of the ink's connected components in a 1 bpp image: about the height
 * of a lower-case letter when the image is text; 0 when there is no ink. */
static int
ink_height(PIX *b)
{
    BOXA *bx = pixConnCompBB(b, 8);
    NUMA *na = numaCreate(0);
    int h = 0;
    if (bx && na) {
        int n = boxaGetCount(bx);
        for (int i = 0; i < n; i++) {
            l_int32 x, y, w, bh;
            if (boxaGetBoxGeometry(bx, i, &x, &y, &w, &bh) == 0 && bh >= 3 && bh < 300)
                numaAddNumber(na, (l_float32)bh);
        }
        l_float32 med = 0;
        if (numaGetCount(na) > 0 && numaGetMedian(na, &med) == 0)
            h = (int)med;
    }
    boxaDestroy(&bx);
    numaDestroy(&na);
    return h;
}

/* Grey; cleaned (prepare); when the letters are small (a screenshot, a photo from afar:
 * median ink height under SMALL_INK pixels) the grey image is scaled up 2x first, which
 * measured brings 96 dpi text from misread words to clean ones.  Returns a new 1 bpp image
 * or NULL; *scale is the factor from the input's pixels. */
static PIX *
clean(PIX *in, double *scale)
{
    PIX *flat = NULL, *g = NULL, *s = NULL, *b = NULL;
    *scale = 1;
    if (pixGetSpp(in) == 4 && pixGetDepth(in) == 32)
        flat = pixAlphaBlendUniform(in, 0xffffff00);
    g = pixConvertTo8(flat ? flat : in, 0);
    if (!g)
        goto out;
    b = prepare(g);
    int h = b ? ink_height(b) : 0;
    if (b && h > 0 && h < SMALL_INK &&
        (uint64_t)pixGetWidth(g) * (uint64_t)pixGetHeight(g) * 4 <= DEF_MAX_PIXELS * 2) {
        s = pixScaleGrayLI(g, 2.0f, 2.0f);
        PIX *b2 = s ? prepare(s) : NULL;
        if (b2) {
            pixDestroy(&b);
            b = b2;
            *scale = 2;
        }
    }
out:
    pixDestroy(&flat);
    pixDestroy(&g);
    pixDestroy(&s);
    return b;
}

typedef struct worker {
    job *j;
    TessBaseAPI *api;
    int api_failed;
} worker;

static TessBaseAPI *
worker_api(worker *wk, page *p)
{
    if (wk->api || wk->api_failed)
        goto out;
    job *j = wk->j;
    tt_err e = {0};
    if (tt_dynlib__need(&e, "OCR", TT_DL_TESSERACT) != 0) {
        wk->api_failed = 1;
        page_fail(p, TT_EIO, "%s", tt__errmsg(&e));
        goto out;
    }
    pthread_mutex_lock(&j->mu);
    int found = find_tessdata(&j->o);
    pthread_mutex_unlock(&j->mu);
    if (found != 0) {
        wk->api_failed = 1;
        page_fail(p, TT_EIO,
                  "no Tesseract data for English (install tesseract-ocr-eng or set "
                  "TESSDATA_PREFIX)");
        goto out;
    }
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api) {
        wk->api_failed = 1;
        page_fail(p, TT_ENOMEM, "out of memory");
        goto out;
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, j->o.tessdata, "eng") != 0) {
        TessBaseAPIDelete(api);
        wk->api_failed = 1;
        page_fail(p, TT_EIO, "cannot start Tesseract with the data in '%s'", j->o.tessdata);
        goto out;
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    TessBaseAPISetPageSegMode(api, PSM_AUTO);
    wk->api = api;
out:
    if (wk->api_failed && !p->rc)
        page_fail(p, TT_EIO, "Tesseract is not available");
    return wk->api;
}

/* OCR the image pix (any depth) into p.  Returns 0 or an error recorded in p. */
/* ---- page images for reports ---- */

#define REPORT_WIDTH 1200 /* pixels across a kept page image, at most */

/* Keep the cleaned (1 bpp) page image c as a PNG of at most max bytes, at most REPORT_WIDTH
 * pixels wide (scaled to grey), halving the width until it fits; none when it never does. */
static void
keep_pix(page *p, PIX *c, size_t max)
{
    int w = pixGetWidth(c);
    double f = w > REPORT_WIDTH ? (double)REPORT_WIDTH / w : 1;
    for (int tries = 0; tries < 4; tries++, f /= 2) {
        PIX *s = f < 1 ? (pixGetDepth(c) == 1 ? pixScaleToGray(c, (l_float32)f)
                                              : pixScale(c, (l_float32)f, (l_float32)f))
                       : pixClone(c);
        if (!s)
            return;
        l_uint8 *data = NULL;
        size_t n = 0;
        int bad = pixWriteMemPng(&data, &n, s, 0) != 0;
        int sw = pixGetWidth(s), sh = pixGetHeight(s);
        pixDestroy(&s);
        if (!bad && n <= max && (p->png = malloc(n ? n : 1)) != NULL) {
            memcpy(p->png, data, n); /* leptonica's memory goes back to leptonica */
            p->png_len = n;
            p->png_w = sw;
            p->png_h = sh;
        }
        if (data)
            lept_free(data);
        if (bad || p->png)
            return;
    }
}

static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int length)
{
    return tt_buf_add(closure, data, length) ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* Keep a PDF page (its own text, boxes in points) rendered as a PNG of at most max bytes and
 * at most REPORT_WIDTH pixels wide, at a lower resolution if it does not fit.  Called with
 * the job's lock held. */
static void
keep_pdf_page(PopplerPage *pg, page *p, size_t max)
{
    double pw = 0, ph = 0;
    poppler_page_get_size(pg, &pw, &ph);
    if (!(pw > 0 && ph > 0 && pw < 1e5 && ph < 1e5))
        return;
    double f = REPORT_WIDTH / pw;
    if (f > 2)
        f = 2;
    for (int tries = 0; tries < 4; tries++, f /= 2) {
        int w = (int)(pw * f), h = (int)(ph * f);
        if (w < 8 || h < 8)
            return;
        cairo_surface_t *cs = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        if (cairo_surface_status(cs) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(cs);
            return;
        }
        cairo_t *cr = cairo_create(cs);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, f, f);
        poppler_page_render_for_printing(pg, cr);
        cairo_destroy(cr);
        tt_buf b;
        tt_buf_init(&b);
        int bad = cairo_surface_write_to_png_stream(cs, png_write, &b) != CAIRO_STATUS_SUCCESS;
        cairo_surface_destroy(cs);
        if (bad) {
            tt_buf_release(&b);
            return;
        }
        if (b.len <= max) {
            p->png_len = b.len;
            p->png = (unsigned char *)tt_buf_detach(&b, NULL);
            p->png_w = w;
            p->png_h = h;
            return;
        }
        tt_buf_release(&b);
    }
}

static int
ocr(worker *wk, page *p, PIX *pix, int dpi)
{
    TessBaseAPI *api = worker_api(wk, p);
    if (!api)
        return p->rc;
    double scale;
    PIX *c = clean(pix, &scale);
    if (!c)
        return page_fail(p, TT_ENOMEM, "cannot clean up the page image (out of memory)");
    p->info.ocr = 1;
    p->info.scale = scale;
    p->info.width = pixGetWidth(c);
    p->info.height = pixGetHeight(c);
    if (wk->j->o.image_max)
        keep_pix(p, c, wk->j->o.image_max);
    TessBaseAPISetImage2(api, c);
    if (dpi > 0)
        TessBaseAPISetSourceResolution(api, (int)(dpi * scale));
    int rc = 0;
    if (TessBaseAPIRecognize(api, NULL) != 0) {
        rc = page_fail(p, TT_EFORMAT, "OCR failed on this page");
        goto out;
    }
    TessResultIterator *ri = TessBaseAPIGetIterator(api);
    long sum = 0;
    if (ri) {
        TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
        do {
            char *w = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
            if (!w)
                continue;
            size_t wl = strlen(w);
            int l = 0, t = 0, r = 0, b = 0;
            TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b);
            float cf = TessResultIteratorConfidence(ri, RIL_WORD);
            int conf = cf < 0 ? 0 : cf > 100 ? 100 : (int)(cf + 0.5f);
            const char *sep = TessPageIteratorIsAtBeginningOf(pi, RIL_PARA)       ? "\n\n"
                              : TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) ? "\n"
                                                                                  : " ";
            if (wl)
                rc = page_word(p, w, wl, l, t, r, b, conf, conf >= wk->j->o.word_conf, sep);
            if (wl)
                sum += conf;
            TessDeleteText(w);
            if (rc) {
                page_fail(p, rc, "out of memory");
                break;
            }
        } while (TessResultIteratorNext(ri, RIL_WORD));
        TessResultIteratorDelete(ri);
    }
    p->info.conf = p->nwords ? (int)(sum / (long)p->nwords) : 0;
    p->info.readable = p->nwords > 0 && p->info.conf >= wk->j->o.page_conf;
out:
    TessBaseAPIClear(api);
    pixDestroy(&c);
    return rc;
}

/* ---- images ---- */

static const char *
too_large(page *p, const job *j, long w, long h)
{
    if (w <= 0 || h <= 0) {
        page_fail(p, TT_EFORMAT, "the image has no pixels (%ld x %ld)", w, h);
        return p->msg;
    }
    if ((uint64_t)w * (uint64_t)h > j->o.max_pixels) {
        page_fail(p, TT_EINVAL, "the image is too large (%ld x %ld pixels; the limit is %llu)", w,
                  h, (unsigned long long)j->o.max_pixels);
        return p->msg;
    }
    return NULL;
}

/* ---- quiet decoders ----
 * leptonica decodes PNG and JPEG through libpng's and libjpeg's default handlers, which
 * print to stderr; so those two are decoded here with handlers that stay silent: PNG by
 * cairo, JPEG by libjpeg with an error manager that only records.  Both give 8 bpp grey. */

typedef struct memread {
    const unsigned char *d;
    size_t n, at;
} memread;

static cairo_status_t
png_read(void *closure, unsigned char *data, unsigned int length)
{
    memread *m = closure;
    if (m->n - m->at < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, m->d + m->at, length);
    m->at += length;
    return CAIRO_STATUS_SUCCESS;
}

static PIX *
decode_png(const unsigned char *d, size_t n)
{
    memread m = {d, n, 0};
    cairo_surface_t *cs = cairo_image_surface_create_from_png_stream(png_read, &m);
    PIX *pix = NULL;
    if (cairo_surface_status(cs) != CAIRO_STATUS_SUCCESS)
        goto out;
    cairo_format_t f = cairo_image_surface_get_format(cs);
    int w = cairo_image_surface_get_width(cs), h = cairo_image_surface_get_height(cs);
    int stride = cairo_image_surface_get_stride(cs);
    const unsigned char *src = cairo_image_surface_get_data(cs);
    if (!src || w <= 0 || h <= 0 || !(pix = pixCreate(w, h, 8)))
        goto out;
    for (int y = 0; y < h; y++) {
        const unsigned char *row = src + (size_t)y * (size_t)stride;
        for (int x = 0; x < w; x++) {
            unsigned v;
            if (f == CAIRO_FORMAT_A8) {
                v = 255u - row[x]; /* ink where opaque, on white */
            } else if (f == CAIRO_FORMAT_A1) {
                v = (row[x / 8] >> (x % 8)) & 1 ? 0 : 255;
            } else {
                uint32_t p;
                memcpy(&p, row + 4 * (size_t)x, 4);
                unsigned r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
                unsigned a = f == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
                /* premultiplied: over white adds the transparent share of white */
                r += 255 - a, g += 255 - a, b += 255 - a;
                v = (r * 299 + g * 587 + b * 114) / 1000;
                if (v > 255)
                    v = 255;
            }
            pixSetPixel(pix, x, y, v);
        }
    }
out:
    cairo_surface_destroy(cs);
    return pix;
}

typedef struct jerr {
    struct jpeg_error_mgr mgr;
    jmp_buf jb;
} jerr;

static void
jpeg_fail(j_common_ptr c)
{
    longjmp(((jerr *)(void *)c->err)->jb, 1);
}

static void
jpeg_quiet(j_common_ptr c)
{
    (void)c;
}

static void
jpeg_quiet_level(j_common_ptr c, int level)
{
    (void)c, (void)level;
}

/* Decode a JPEG to grey, refusing one over the pixel limit before its pixels are decoded. */
static PIX *
decode_jpeg(page *p, const job *j, int *dpi)
{
    struct jpeg_decompress_struct ci;
    jerr e;
    PIX *volatile pix = NULL;
    JSAMPLE *volatile line = NULL;
    memset(&ci, 0, sizeof ci);
    ci.err = jpeg_std_error(&e.mgr);
    e.mgr.error_exit = jpeg_fail;
    e.mgr.output_message = jpeg_quiet;
    e.mgr.emit_message = jpeg_quiet_level;
    if (setjmp(e.jb)) {
        pixDestroy((PIX **)&pix);
        if (!p->rc)
            page_fail(p, TT_EFORMAT, "damaged JPEG image");
        goto out;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, j->data, (unsigned long)j->len);
    jpeg_read_header(&ci, TRUE);
    if (too_large(p, j, (long)ci.image_width, (long)ci.image_height))
        goto out;
    if (ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK) {
        page_fail(p, TT_EFORMAT, "CMYK JPEG images are not supported");
        goto out;
    }
    ci.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&ci);
    if (ci.output_components != 1) {
        page_fail(p, TT_EFORMAT, "damaged JPEG image");
        goto out;
    }
    int w = (int)ci.output_width, h = (int)ci.output_height;
    pix = pixCreate(w, h, 8);
    line = malloc((size_t)w);
    if (!pix || !line) {
        page_fail(p, TT_ENOMEM, "out of memory");
        goto out;
    }
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW rows[1] = {line};
        int y = (int)ci.output_scanline;
        if (jpeg_read_scanlines(&ci, rows, 1) != 1)
            break;
        for (int x = 0; x < w; x++)
            pixSetPixel(pix, x, y, line[x]);
    }
    if (ci.density_unit == 1 && ci.X_density > 0)
        *dpi = ci.X_density;
    else if (ci.density_unit == 2 && ci.X_density > 0)
        *dpi = (int)(ci.X_density * 2.54 + 0.5);
    jpeg_finish_decompress(&ci);
out:
    jpeg_destroy_decompress(&ci);
    free(line);
    if (p->rc)
        pixDestroy((PIX **)&pix);
    return pix;
}

static void
image_page(worker *wk, size_t i)
{
    job *j = wk->j;
    page *p = &j->pages[i];
    l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0, fmt = 0, res = 0;
    PIX *pix = NULL;
    int dpi = 0;
    if (j->media == TT_MEDIA_JPEG) {
        /* its own header check comes before any pixel is decoded */
        if (!(pix = decode_jpeg(p, j, &dpi)))
            return;
    } else {
        /* the header's width and height, checked before decoding */
        int bad = j->media == TT_MEDIA_TIFF
                      ? readHeaderMemTiff(j->data, j->len, (l_int32)i, &w, &h, &bps, &spp, &res,
                                          &cmap, &fmt) != 0
                      : pixReadHeaderMem(j->data, j->len, &fmt, &w, &h, &bps, &spp, &cmap) != 0;
        if (bad) {
            page_fail(p, TT_EFORMAT, "damaged %s image", tt_media_name(j->media));
            return;
        }
        if (too_large(p, j, w, h))
            return;
        pix = j->media == TT_MEDIA_TIFF ? pixReadMemTiff(j->data, j->len, (l_int32)i)
                                        : decode_png(j->data, j->len);
        if (pix && (pixGetWidth(pix) != w || pixGetHeight(pix) != h))
            pixDestroy(&pix);
        if (!pix) {
            page_fail(p, TT_EFORMAT, "damaged %s image", tt_media_name(j->media));
            return;
        }
        if (j->media == TT_MEDIA_TIFF)
            dpi = pixGetXRes(pix);
    }
    ocr(wk, p, pix, dpi > 30 && dpi < 2400 ? dpi : 0);
    pixDestroy(&pix);
}

/* ---- PDF pages ---- */

static int
is_space(gunichar c)
{
    return g_unichar_isspace(c) || c == 0xA0;
}

/* The page's own text, word by word with boxes from the character layout.  Called with
 * the job's lock held.  Returns 1 when the page has text, 0 when it must be read by OCR. */
static int
pdf_text_page(PopplerPage *pg, page *p)
{
    char *t = poppler_page_get_text(pg);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    int has = 0;
    if (!t)
        goto out;
    for (const char *s = t; *s; s = g_utf8_next_char(s))
        if (!is_space(g_utf8_get_char_validated(s, -1))) {
            has = 1;
            break;
        }
    if (!has)
        goto out;
    if (!g_utf8_validate(t, -1, NULL)) {
        /* poppler gives UTF-8; if not, no boxes, but still the text */
        has = 1;
    } else if (!poppler_page_get_text_layout(pg, &rects, &nrects)) {
        rects = NULL, nrects = 0;
    }
    double pw = 0, ph = 0;
    poppler_page_get_size(pg, &pw, &ph);
    p->info.width = (int)(pw + 0.5);
    p->info.height = (int)(ph + 0.5);
    p->info.scale = 1;
    p->info.conf = 100;
    p->info.readable = 1;
    const char *s = t;
    size_t ci = 0; /* character index into rects */
    int newlines = 0;
    while (*s) {
        gunichar c = g_utf8_get_char_validated(s, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            s++;
            ci++;
            continue;
        }
        if (is_space(c)) {
            if (c == '\n')
                newlines++;
            s = g_utf8_next_char(s);
            ci++;
            continue;
        }
        const char *w0 = s;
        size_t c0 = ci;
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        while (*s) {
            gunichar d = g_utf8_get_char_validated(s, -1);
            if (d == (gunichar)-1 || d == (gunichar)-2 || is_space(d))
                break;
            if (ci < nrects) {
                PopplerRectangle *r = &rects[ci];
                x0 = TT_MIN(x0, TT_MIN(r->x1, r->x2));
                x1 = TT_MAX(x1, TT_MAX(r->x1, r->x2));
                y0 = TT_MIN(y0, TT_MIN(r->y1, r->y2));
                y1 = TT_MAX(y1, TT_MAX(r->y1, r->y2));
            }
            s = g_utf8_next_char(s);
            ci++;
        }
        if (ci == c0 || x1 < x0)
            x0 = y0 = x1 = y1 = 0;
        const char *sep = p->text.len == 0 ? "" : newlines >= 2 ? "\n\n" : newlines ? "\n" : " ";
        newlines = 0;
        if (page_word(p, w0, (size_t)(s - w0), (int)x0, (int)y0, (int)(x1 + 0.999),
                      (int)(y1 + 0.999), 100, 1, sep)) {
            page_fail(p, TT_ENOMEM, "out of memory");
            break;
        }
    }
out:
    g_free(rects);
    g_free(t);
    return has;
}

/* Render a page without text to a grey image for OCR.  Called with the lock held. */
static PIX *
pdf_render(job *j, PopplerPage *pg, page *p, int *dpi_out)
{
    double pw = 0, ph = 0;
    poppler_page_get_size(pg, &pw, &ph);
    if (!(pw > 0 && ph > 0 && pw < 1e5 && ph < 1e5)) {
        page_fail(p, TT_EFORMAT, "page size %.0f x %.0f points is not a page", pw, ph);
        return NULL;
    }
    double dpi = RENDER_DPI;
    double px = pw * dpi / 72 * (ph * dpi / 72);
    if (px > (double)j->o.max_pixels)
        dpi *= sqrt((double)j->o.max_pixels / px);
    int w = (int)(pw * dpi / 72), h = (int)(ph * dpi / 72);
    if (w < 16 || h < 16) {
        page_fail(p, TT_EINVAL, "page too large to render within the pixel limit");
        return NULL;
    }
    cairo_surface_t *cs = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    PIX *pix = NULL;
    if (cairo_surface_status(cs) != CAIRO_STATUS_SUCCESS) {
        page_fail(p, TT_ENOMEM, "out of memory rendering the page");
        goto out;
    }
    cairo_t *cr = cairo_create(cs);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72, dpi / 72);
    poppler_page_render_for_printing(pg, cr);
    cairo_destroy(cr);
    cairo_surface_flush(cs);
    pix = pixCreate(w, h, 8);
    if (!pix) {
        page_fail(p, TT_ENOMEM, "out of memory rendering the page");
        goto out;
    }
    const unsigned char *src = cairo_image_surface_get_data(cs);
    int stride = cairo_image_surface_get_stride(cs);
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(src + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = row[x];
            unsigned r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
            pixSetPixel(pix, x, y, (r * 299 + g * 587 + b * 114) / 1000);
        }
    }
    pixSetResolution(pix, (int)dpi, (int)dpi);
    *dpi_out = (int)dpi;
out:
    cairo_surface_destroy(cs);
    return pix;
}

static void
pdf_page(worker *wk, size_t i)
{
    job *j = wk->j;
    page *p = &j->pages[i];
    PIX *pix = NULL;
    int dpi = 0;
    pthread_mutex_lock(&j->mu);
    PopplerPage *pg = poppler_document_get_page(j->doc, (int)i);
    if (!pg)
        page_fail(p, TT_EFORMAT, "damaged PDF (page %zu cannot be read)", i + 1);
    else if (!pdf_text_page(pg, p) && !p->rc)
        pix = pdf_render(j, pg, p, &dpi);
    else if (!p->rc && j->o.image_max)
        keep_pdf_page(pg, p, j->o.image_max);
    if (pg)
        g_object_unref(pg);
    pthread_mutex_unlock(&j->mu);
    if (pix)
        ocr(wk, p, pix, dpi);
    pixDestroy(&pix);
}

static void *
work(void *arg)
{
    worker *wk = arg;
    job *j = wk->j;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        size_t i = j->stop ? j->npages : j->next++;
        pthread_mutex_unlock(&j->mu);
        if (i >= j->npages)
            break;
        if (j->media == TT_MEDIA_PDF)
            pdf_page(wk, i);
        else
            image_page(wk, i);
        if (j->pages[i].rc) {
            pthread_mutex_lock(&j->mu);
            j->stop = 1;
            pthread_mutex_unlock(&j->mu);
        }
    }
    if (wk->api) {
        TessBaseAPIEnd(wk->api);
        TessBaseAPIDelete(wk->api);
    }
    return NULL;
}

/* ---- assembly ---- */

/* The first (head) or last line of a page's text, digits left out: a running header or
 * footer ("Report - page 3 of 9") gives the same key on every page.  Empty when the line
 * is empty or longer than 200 bytes. */
static void
line_key(const page *p, int head, char key[256], size_t *cut_from, size_t *cut_to)
{
    const char *t = p->text.data;
    size_t n = p->text.len, a, b;
    key[0] = '\0';
    if (!n)
        return;
    if (head) {
        a = 0;
        b = 0;
        while (b < n && t[b] != '\n')
            b++;
        *cut_from = 0;
        size_t e = b;
        while (e < n && t[e] == '\n')
            e++;
        *cut_to = e;
    } else {
        b = n;
        a = n;
        while (a > 0 && t[a - 1] != '\n')
            a--;
        size_t s0 = a;
        while (s0 > 0 && t[s0 - 1] == '\n')
            s0--;
        *cut_from = s0;
        *cut_to = n;
    }
    if (b - a > 200)
        return;
    size_t k = 0;
    for (size_t i = a; i < b; i++)
        if (t[i] < '0' || t[i] > '9')
            key[k++] = t[i];
    key[k] = '\0';
}

/* Cut page text bytes [from, to) and the words in them. */
static void
page_cut(page *p, size_t from, size_t to)
{
    size_t w = 0;
    for (size_t i = 0; i < p->nwords; i++) {
        tt_xword x = p->words[i];
        if (x.end > from && x.start < to)
            continue;
        if (x.start >= to) {
            x.start -= to - from;
            x.end -= to - from;
        }
        p->words[w++] = x;
    }
    p->nwords = w;
    memmove(p->text.data + from, p->text.data + to, p->text.len - to);
    p->text.len -= to - from;
    p->text.data[p->text.len] = '\0';
}

/* Running headers and footers (a first or last line repeated, digits aside, on at least
 * half of two or more readable pages) are page furniture, not the document's text: cut
 * them, up to two lines at the top and two at the bottom, so that a page break does not
 * read as text inserted into the document (a printed copy's header, print.h). */
static void
strip_furniture(job *j)
{
    size_t readable = 0;
    for (size_t i = 0; i < j->npages; i++)
        readable += j->pages[i].info.readable && j->pages[i].text.len;
    if (readable < 2)
        return;
    for (int round = 0; round < 4; round++) {
        int head = round % 2 == 0;
        for (size_t i = 0; i < j->npages; i++) {
            page *p = &j->pages[i];
            char key[256];
            size_t f, t;
            line_key(p, head, key, &f, &t);
            if (!p->info.readable || !key[0])
                continue;
            size_t same = 0;
            for (size_t k = 0; k < j->npages; k++) {
                char other[256];
                size_t f2, t2;
                line_key(&j->pages[k], head, other, &f2, &t2);
                same += j->pages[k].info.readable && strcmp(key, other) == 0;
            }
            if (same < 2 || same * 2 < readable)
                continue;
            /* cut it from every page that has it */
            for (size_t k = 0; k < j->npages; k++) {
                char other[256];
                size_t f2, t2;
                line_key(&j->pages[k], head, other, &f2, &t2);
                if (j->pages[k].info.readable && strcmp(key, other) == 0)
                    page_cut(&j->pages[k], f2, t2);
            }
            break;
        }
    }
}

static int
assemble(tt_extract *x, job *j)
{
    strip_furniture(j);
    size_t total = 0;
    for (size_t i = 0; i < j->npages; i++)
        total += j->pages[i].nwords;
    x->pages = calloc(j->npages ? j->npages : 1, sizeof *x->pages);
    x->words = calloc(total ? total : 1, sizeof *x->words);
    if (!x->pages || !x->words)
        return TT_ENOMEM;
    x->npages = j->npages;
    if (j->o.image_max) {
        if (!(x->images = calloc(j->npages ? j->npages : 1, sizeof *x->images)))
            return TT_ENOMEM;
        for (size_t i = 0; i < j->npages; i++) {
            page *p = &j->pages[i];
            x->images[i] = (struct page_png){p->png, p->png_len, p->png_w, p->png_h};
            p->png = NULL;
        }
    }
    long confsum = 0;
    size_t ocrpages = 0;
    for (size_t i = 0; i < j->npages; i++) {
        page *p = &j->pages[i];
        x->pages[i] = p->info;
        x->pages[i].first_word = x->nwords;
        x->pages[i].nwords = p->nwords;
        if (p->info.ocr) {
            confsum += p->info.conf;
            ocrpages++;
        }
        size_t base = 0;
        if (p->info.readable && p->text.len) {
            if (x->text.len && tt_buf_adds(&x->text, "\n\n"))
                return TT_ENOMEM;
            base = x->text.len;
            if (tt_buf_add(&x->text, p->text.data, p->text.len))
                return TT_ENOMEM;
        }
        for (size_t k = 0; k < p->nwords; k++) {
            tt_xword w = p->words[k];
            w.page = (unsigned)i;
            if (p->info.readable) {
                w.start += base;
                w.end += base;
            } else {
                w.start = w.end = x->text.len; /* not in the text */
                w.readable = 0;
            }
            x->words[x->nwords++] = w;
        }
    }
    if (tt_buf_grow(&x->text, 0))
        return TT_ENOMEM;
    x->text.data[x->text.len] = '\0';
    if (ocrpages && total == 0)
        snprintf(x->why, sizeof x->why, "nothing readable (%zu page%s, no words found)", j->npages,
                 j->npages == 1 ? "" : "s");
    else if (ocrpages)
        snprintf(x->why, sizeof x->why, "nothing readable (%zu page%s, mean OCR confidence %ld%%)",
                 j->npages, j->npages == 1 ? "" : "s", confsum / (long)ocrpages);
    else
        snprintf(x->why, sizeof x->why, "nothing readable (%zu page%s without text)", j->npages,
                 j->npages == 1 ? "" : "s");
    return 0;
}

static int
count_tiff_pages(job *j, tt_extract *x)
{
    size_t n = 0;
    for (;;) {
        l_int32 w, h, bps, spp, res, cmap, fmt;
        if (readHeaderMemTiff(j->data, j->len, (l_int32)n, &w, &h, &bps, &spp, &res, &cmap, &fmt) !=
            0)
            break;
        if (++n > j->o.max_pages)
            return tt__error(&x->err, TT_EINVAL, "the TIFF image has more than %u pages",
                             j->o.max_pages);
    }
    if (n == 0)
        return tt__error(&x->err, TT_EFORMAT, "damaged TIFF image");
    j->npages = n;
    return 0;
}

/* Keep the PDF's title as one line of valid UTF-8: line breaks, tabs and other controls
 * become spaces, runs of spaces one, the ends trimmed; an empty title is none.  0 or
 * TT_ENOMEM. */
static int
pdf_title(tt_extract *x, const char *t)
{
    tt_buf clean, line;
    tt_buf_init(&clean);
    tt_buf_init(&line);
    int rc = 0;
    if (tt_utf8__sanitize(&clean, t, strlen(t)) == SIZE_MAX)
        rc = TT_ENOMEM;
    for (size_t i = 0; rc == 0 && i < clean.len; i++) {
        char c = clean.data[i];
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = ' ';
        if (c == ' ' && (line.len == 0 || line.data[line.len - 1] == ' '))
            continue;
        rc = tt_buf_add(&line, &c, 1) ? TT_ENOMEM : 0;
    }
    while (rc == 0 && line.len && line.data[line.len - 1] == ' ')
        line.len--;
    if (rc == 0 && line.len) {
        x->title = strndup(line.data, line.len);
        rc = x->title ? 0 : TT_ENOMEM;
    }
    tt_buf_release(&clean);
    tt_buf_release(&line);
    return rc;
}

static int
open_pdf(job *j, tt_extract *x, GBytes **bytes)
{
    GError *ge = NULL;
    *bytes = g_bytes_new_static(j->data, j->len);
    j->doc = poppler_document_new_from_bytes(*bytes, NULL, &ge);
    if (!j->doc) {
        int enc = ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED;
        int rc = enc ? tt__error(&x->err, TT_EFORMAT, "encrypted PDF: it needs a password")
                     : tt__error(&x->err, TT_EFORMAT, "damaged or truncated PDF (%s)",
                                 ge && ge->message ? ge->message : "cannot be opened");
        if (ge)
            g_error_free(ge);
        return rc;
    }
    gchar *title = poppler_document_get_title(j->doc);
    if (title && pdf_title(x, title) != 0) {
        g_free(title);
        return tt__error(&x->err, TT_ENOMEM, "out of memory");
    }
    g_free(title);
    int n = poppler_document_get_n_pages(j->doc);
    if (n <= 0)
        return tt__error(&x->err, TT_EFORMAT, "the PDF has no pages");
    if ((unsigned)n > j->o.max_pages)
        return tt__error(&x->err, TT_EINVAL, "the PDF has %d pages; the limit is %u", n,
                         j->o.max_pages);
    j->npages = (size_t)n;
    return 0;
}

/* The libraries reading media m needs before its first page (OCR loads Tesseract when a page
 * needs it, so a PDF with its own text never does).  0 or TT_EIO, naming the library. */
static int
need_libs(tt_extract *x, tt_media m)
{
    char task[64];
    unsigned libs = m == TT_MEDIA_PDF    ? TT_DL_POPPLER | TT_DL_CAIRO | TT_DL_LEPT
                    : m == TT_MEDIA_PNG  ? TT_DL_LEPT | TT_DL_CAIRO
                    : m == TT_MEDIA_JPEG ? TT_DL_LEPT | TT_DL_JPEG
                                         : TT_DL_LEPT;
    snprintf(task, sizeof task, "reading a %s%s", tt_media_name(m),
             m == TT_MEDIA_PDF ? "" : " image");
    return tt_dynlib__need(&x->err, task, libs);
}

TT_API int
tt_extract_new(tt_extract **out, const void *data, size_t len, const tt_extract_opts *opts)
{
    *out = NULL;
    tt_extract *x = calloc(1, sizeof *x);
    if (!x)
        return TT_ENOMEM;
    tt_buf_init(&x->text);
    *out = x;
    job j;
    memset(&j, 0, sizeof j);
    opts_resolve(&j.o, opts);
    pthread_mutex_init(&j.mu, NULL);
    GBytes *bytes = NULL;
    worker *wk = NULL;
    pthread_t *th = NULL;
    int rc = 0;
    x->media = j.media = tt_media_sniff(data, len);
    j.data = data;
    j.len = len;
    if (j.media == TT_MEDIA_TEXT) {
        rc = tt__error(&x->err, TT_EFORMAT, "not a PDF or an image");
        goto out;
    }
    if (len > j.o.max_bytes) {
        rc = tt__error(&x->err, TT_EINVAL, "the file is too large (%zu bytes; the limit is %zu)",
                       len, j.o.max_bytes);
        goto out;
    }
    if ((rc = need_libs(x, j.media)) != 0)
        goto out;
    pthread_once(&quiet_once, make_quiet);
    if (j.media == TT_MEDIA_PDF)
        rc = open_pdf(&j, x, &bytes);
    else if (j.media == TT_MEDIA_TIFF)
        rc = count_tiff_pages(&j, x);
    else
        j.npages = 1;
    if (rc)
        goto out;
    j.pages = calloc(j.npages, sizeof *j.pages);
    size_t nth = TT_MIN((size_t)j.o.threads, j.npages);
    wk = calloc(nth, sizeof *wk);
    th = calloc(nth, sizeof *th);
    if (!j.pages || !wk || !th) {
        rc = tt__error(&x->err, TT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < j.npages; i++)
        tt_buf_init(&j.pages[i].text);
    size_t started = 0;
    for (size_t i = 0; i < nth; i++) {
        wk[i].j = &j;
        if (i == 0)
            continue; /* the calling thread is worker 0 */
        if (pthread_create(&th[i], NULL, work, &wk[i]) != 0)
            break;
        started = i;
    }
    work(&wk[0]);
    for (size_t i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    for (size_t i = 0; i < j.npages; i++)
        if (j.pages[i].rc) {
            page *p = &j.pages[i];
            rc = j.npages > 1 ? tt__error(&x->err, p->rc, "page %zu: %s", i + 1, p->msg)
                              : tt__error(&x->err, p->rc, "%s", p->msg);
            goto out;
        }
    if (assemble(x, &j))
        rc = tt__error(&x->err, TT_ENOMEM, "out of memory");
out:
    if (j.pages)
        for (size_t i = 0; i < j.npages; i++) {
            tt_buf_release(&j.pages[i].text);
            free(j.pages[i].words);
            free(j.pages[i].png);
        }
    free(j.pages);
    free(wk);
    free(th);
    if (j.doc)
        g_object_unref(j.doc);
    if (bytes)
        g_bytes_unref(bytes);
    pthread_mutex_destroy(&j.mu);
    if (rc == 0 && !x->text.data && tt_buf_grow(&x->text, 0) == 0)
        x->text.data[0] = '\0';
    return rc;
}

TT_API const char *
tt_extract_errmsg(const tt_extract *x)
{
    return x ? tt__errmsg(&x->err) : "out of memory";
}

TT_API void
tt_extract_free(tt_extract *x)
{
    if (!x)
        return;
    tt_buf_release(&x->text);
    free(x->pages);
    free(x->words);
    free(x->title);
    if (x->images)
        for (size_t i = 0; i < x->npages; i++)
            free(x->images[i].png);
    free(x->images);
    free(x);
}

TT_API const void *
tt_extract_page_png(const tt_extract *x, size_t i, size_t *len, int *width, int *height)
{
    if (!x->images || i >= x->npages || !x->images[i].png)
        return NULL;
    if (len)
        *len = x->images[i].len;
    if (width)
        *width = x->images[i].w;
    if (height)
        *height = x->images[i].h;
    return x->images[i].png;
}

TT_API const char *
tt_extract_title(const tt_extract *x)
{
    return x->title;
}

TT_API tt_media
tt_extract_media(const tt_extract *x)
{
    return x->media;
}

TT_API const char *
tt_extract_text(const tt_extract *x, size_t *len)
{
    if (len)
        *len = x->text.len;
    return x->text.data ? x->text.data : "";
}

TT_API size_t
tt_extract_npages(const tt_extract *x)
{
    return x->npages;
}

TT_API size_t
tt_extract_readable_pages(const tt_extract *x)
{
    size_t n = 0;
    for (size_t i = 0; i < x->npages; i++)
        n += x->pages[i].readable != 0;
    return n;
}

TT_API const tt_xpage *
tt_extract_page(const tt_extract *x, size_t i)
{
    return i < x->npages ? &x->pages[i] : NULL;
}

TT_API size_t
tt_extract_nwords(const tt_extract *x)
{
    return x->nwords;
}

TT_API const tt_xword *
tt_extract_word(const tt_extract *x, size_t i)
{
    return i < x->nwords ? &x->words[i] : NULL;
}

TT_API const char *
tt_extract_why_empty(const tt_extract *x)
{
    return x->why[0] ? x->why : "nothing readable";
}

/* ---- for the library's readers: add, verify, trace ---- */

int
tt_extract__read(tt_extract **out, tt_err *err, const tt_extract_opts *o, const char *verb,
                 const char *name, const void *data, size_t len)
{
    *out = NULL;
    if (tt_media_sniff(data, len) == TT_MEDIA_TEXT)
        return 0;
    tt_extract *x = NULL;
    int rc = tt_extract_new(&x, data, len, o);
    if (rc) {
        rc = tt__error(err, rc, "cannot %s '%s': %s", verb, name, tt_extract_errmsg(x));
        tt_extract_free(x);
        return rc;
    }
    if (x->text.len == 0) {
        rc = tt__error(err, TT_EEMPTY, "cannot %s '%s': %s", verb, name, tt_extract_why_empty(x));
        tt_extract_free(x);
        return rc;
    }
    *out = x;
    return 0;
}
