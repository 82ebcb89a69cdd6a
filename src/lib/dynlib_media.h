/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dynlib_media.h: the functions of the media libraries telltale calls, as tables of pointers
 * filled at first use (dynlib.h).
 *
 * One X-macro list per library names every function extract.c and print.c call; each list
 * becomes a table (struct tt_dl_<lib>) whose members have the exact type of the function in
 * the library's own header (__typeof__), so a call through the table is checked as a direct
 * call would be.  Included last by extract.c and print.c, this header then defines each name
 * as its table member, so `pixDestroy(&p)` reads `(tt__dl_lept.pixDestroy)(&p)`.  A function
 * used but not listed here is a link error of the telltale program, which links none of
 * these libraries; a listed one the library lacks makes tt_dynlib__need() fail, naming it.
 * The caller must have called tt_dynlib__need() for the library before any of its functions.
 * dynlib.c, which fills the tables, defines TT_DYNLIB_IMPL to see the lists without the
 * redirections.
 */
#ifndef TT_DYNLIB_MEDIA_H
#define TT_DYNLIB_MEDIA_H

#include <stddef.h>
#include <stdio.h> /* jpeglib.h needs FILE and size_t first */

#include <cairo-pdf.h>
#include <cairo.h>
#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <pango/pango.h>
#include <pango/pangocairo.h>
#include <poppler.h>
#include <tesseract/capi.h>

#include "dynlib.h"

#define TT_DL_TESSERACT_FNS(X)                                                                     \
    X(TessBaseAPIClear)                                                                            \
    X(TessBaseAPICreate)                                                                           \
    X(TessBaseAPIDelete)                                                                           \
    X(TessBaseAPIEnd)                                                                              \
    X(TessBaseAPIGetIterator)                                                                      \
    X(TessBaseAPIInit3)                                                                            \
    X(TessBaseAPIRecognize)                                                                        \
    X(TessBaseAPISetImage2)                                                                        \
    X(TessBaseAPISetPageSegMode)                                                                   \
    X(TessBaseAPISetSourceResolution)                                                              \
    X(TessBaseAPISetVariable)                                                                      \
    X(TessDeleteText)                                                                              \
    X(TessPageIteratorBoundingBox)                                                                 \
    X(TessPageIteratorIsAtBeginningOf)                                                             \
    X(TessResultIteratorConfidence)                                                                \
    X(TessResultIteratorDelete)                                                                    \
    X(TessResultIteratorGetPageIterator)                                                           \
    X(TessResultIteratorGetUTF8Text)                                                               \
    X(TessResultIteratorNext)

#define TT_DL_LEPT_FNS(X)                                                                          \
    X(boxaDestroy)                                                                                 \
    X(boxaGetBoxGeometry)                                                                          \
    X(boxaGetCount)                                                                                \
    X(leptSetStderrHandler)                                                                        \
    X(lept_free)                                                                                   \
    X(numaAddNumber)                                                                               \
    X(numaCreate)                                                                                  \
    X(numaDestroy)                                                                                 \
    X(numaGetCount)                                                                                \
    X(numaGetMedian)                                                                               \
    X(pixAlphaBlendUniform)                                                                        \
    X(pixBackgroundNormSimple)                                                                     \
    X(pixClone)                                                                                    \
    X(pixConnCompBB)                                                                               \
    X(pixConvertTo8)                                                                               \
    X(pixCreate)                                                                                   \
    X(pixDeskew)                                                                                   \
    X(pixDestroy)                                                                                  \
    X(pixGetDepth)                                                                                 \
    X(pixGetHeight)                                                                                \
    X(pixGetSpp)                                                                                   \
    X(pixGetWidth)                                                                                 \
    X(pixGetXRes)                                                                                  \
    X(pixMedianFilter)                                                                             \
    X(pixReadHeaderMem)                                                                            \
    X(pixReadMemTiff)                                                                              \
    X(pixScale)                                                                                    \
    X(pixScaleGrayLI)                                                                              \
    X(pixScaleToGray)                                                                              \
    X(pixSetPixel)                                                                                 \
    X(pixSetResolution)                                                                            \
    X(pixThresholdToBinary)                                                                        \
    X(pixWriteMemPng)                                                                              \
    X(readHeaderMemTiff)                                                                           \
    X(setMsgSeverity)

#define TT_DL_POPPLER_FNS(X)                                                                       \
    X(poppler_document_get_n_pages)                                                                \
    X(poppler_document_get_page)                                                                   \
    X(poppler_document_get_title)                                                                  \
    X(poppler_document_new_from_bytes)                                                             \
    X(poppler_error_quark)                                                                         \
    X(poppler_page_get_size)                                                                       \
    X(poppler_page_get_text)                                                                       \
    X(poppler_page_get_text_layout)                                                                \
    X(poppler_page_render_for_printing)

#define TT_DL_CAIRO_FNS(X)                                                                         \
    X(cairo_create)                                                                                \
    X(cairo_destroy)                                                                               \
    X(cairo_image_surface_create)                                                                  \
    X(cairo_image_surface_create_from_png_stream)                                                  \
    X(cairo_image_surface_get_data)                                                                \
    X(cairo_image_surface_get_format)                                                              \
    X(cairo_image_surface_get_height)                                                              \
    X(cairo_image_surface_get_stride)                                                              \
    X(cairo_image_surface_get_width)                                                               \
    X(cairo_move_to)                                                                               \
    X(cairo_paint)                                                                                 \
    X(cairo_pdf_surface_create_for_stream)                                                         \
    X(cairo_pdf_surface_set_metadata)                                                              \
    X(cairo_scale)                                                                                 \
    X(cairo_set_source_rgb)                                                                        \
    X(cairo_show_page)                                                                             \
    X(cairo_status)                                                                                \
    X(cairo_status_to_string)                                                                      \
    X(cairo_surface_destroy)                                                                       \
    X(cairo_surface_finish)                                                                        \
    X(cairo_surface_flush)                                                                         \
    X(cairo_surface_status)                                                                        \
    X(cairo_surface_write_to_png_stream)

#define TT_DL_PANGO_FNS(X)                                                                         \
    X(pango_font_description_free)                                                                 \
    X(pango_font_description_from_string)                                                          \
    X(pango_layout_get_extents)                                                                    \
    X(pango_layout_get_iter)                                                                       \
    X(pango_layout_get_line_readonly)                                                              \
    X(pango_layout_get_lines)                                                                      \
    X(pango_layout_get_size)                                                                       \
    X(pango_layout_iter_free)                                                                      \
    X(pango_layout_iter_get_baseline)                                                              \
    X(pango_layout_iter_get_line_extents)                                                          \
    X(pango_layout_iter_get_line_readonly)                                                         \
    X(pango_layout_iter_next_line)                                                                 \
    X(pango_layout_set_ellipsize)                                                                  \
    X(pango_layout_set_font_description)                                                           \
    X(pango_layout_set_height)                                                                     \
    X(pango_layout_set_text)                                                                       \
    X(pango_layout_set_width)                                                                      \
    X(pango_layout_set_wrap)

#define TT_DL_PANGOCAIRO_FNS(X)                                                                    \
    X(pango_cairo_create_layout)                                                                   \
    X(pango_cairo_show_layout_line)

#define TT_DL_JPEG_FNS(X)                                                                          \
    X(jpeg_CreateDecompress)                                                                       \
    X(jpeg_destroy_decompress)                                                                     \
    X(jpeg_finish_decompress)                                                                      \
    X(jpeg_mem_src)                                                                                \
    X(jpeg_read_header)                                                                            \
    X(jpeg_read_scanlines)                                                                         \
    X(jpeg_start_decompress)                                                                       \
    X(jpeg_std_error)

#define TT_DL_MEMBER(f) __typeof__(&f) f;
struct tt_dl_tesseract {
    TT_DL_TESSERACT_FNS(TT_DL_MEMBER)
};
struct tt_dl_lept {
    TT_DL_LEPT_FNS(TT_DL_MEMBER)
};
struct tt_dl_poppler {
    TT_DL_POPPLER_FNS(TT_DL_MEMBER)
};
struct tt_dl_cairo {
    TT_DL_CAIRO_FNS(TT_DL_MEMBER)
};
struct tt_dl_pango {
    TT_DL_PANGO_FNS(TT_DL_MEMBER)
};
struct tt_dl_pangocairo {
    TT_DL_PANGOCAIRO_FNS(TT_DL_MEMBER)
};
struct tt_dl_jpeg {
    TT_DL_JPEG_FNS(TT_DL_MEMBER)
};
#undef TT_DL_MEMBER

extern struct tt_dl_tesseract tt__dl_tesseract;
extern struct tt_dl_lept tt__dl_lept;
extern struct tt_dl_poppler tt__dl_poppler;
extern struct tt_dl_cairo tt__dl_cairo;
extern struct tt_dl_pango tt__dl_pango;
extern struct tt_dl_pangocairo tt__dl_pangocairo;
extern struct tt_dl_jpeg tt__dl_jpeg;

/* The redirections: each name above, as its table member (one line each, kept in the lists'
 * order; a name missing here is a link error, one too many a compile error). */
#ifndef TT_DYNLIB_IMPL
/* tesseract */
#define TessBaseAPIClear (tt__dl_tesseract.TessBaseAPIClear)
#define TessBaseAPICreate (tt__dl_tesseract.TessBaseAPICreate)
#define TessBaseAPIDelete (tt__dl_tesseract.TessBaseAPIDelete)
#define TessBaseAPIEnd (tt__dl_tesseract.TessBaseAPIEnd)
#define TessBaseAPIGetIterator (tt__dl_tesseract.TessBaseAPIGetIterator)
#define TessBaseAPIInit3 (tt__dl_tesseract.TessBaseAPIInit3)
#define TessBaseAPIRecognize (tt__dl_tesseract.TessBaseAPIRecognize)
#define TessBaseAPISetImage2 (tt__dl_tesseract.TessBaseAPISetImage2)
#define TessBaseAPISetPageSegMode (tt__dl_tesseract.TessBaseAPISetPageSegMode)
#define TessBaseAPISetSourceResolution (tt__dl_tesseract.TessBaseAPISetSourceResolution)
#define TessBaseAPISetVariable (tt__dl_tesseract.TessBaseAPISetVariable)
#define TessDeleteText (tt__dl_tesseract.TessDeleteText)
#define TessPageIteratorBoundingBox (tt__dl_tesseract.TessPageIteratorBoundingBox)
#define TessPageIteratorIsAtBeginningOf (tt__dl_tesseract.TessPageIteratorIsAtBeginningOf)
#define TessResultIteratorConfidence (tt__dl_tesseract.TessResultIteratorConfidence)
#define TessResultIteratorDelete (tt__dl_tesseract.TessResultIteratorDelete)
#define TessResultIteratorGetPageIterator (tt__dl_tesseract.TessResultIteratorGetPageIterator)
#define TessResultIteratorGetUTF8Text (tt__dl_tesseract.TessResultIteratorGetUTF8Text)
#define TessResultIteratorNext (tt__dl_tesseract.TessResultIteratorNext)
/* lept */
#define boxaDestroy (tt__dl_lept.boxaDestroy)
#define boxaGetBoxGeometry (tt__dl_lept.boxaGetBoxGeometry)
#define boxaGetCount (tt__dl_lept.boxaGetCount)
#define leptSetStderrHandler (tt__dl_lept.leptSetStderrHandler)
#define lept_free (tt__dl_lept.lept_free)
#define numaAddNumber (tt__dl_lept.numaAddNumber)
#define numaCreate (tt__dl_lept.numaCreate)
#define numaDestroy (tt__dl_lept.numaDestroy)
#define numaGetCount (tt__dl_lept.numaGetCount)
#define numaGetMedian (tt__dl_lept.numaGetMedian)
#define pixAlphaBlendUniform (tt__dl_lept.pixAlphaBlendUniform)
#define pixBackgroundNormSimple (tt__dl_lept.pixBackgroundNormSimple)
#define pixClone (tt__dl_lept.pixClone)
#define pixConnCompBB (tt__dl_lept.pixConnCompBB)
#define pixConvertTo8 (tt__dl_lept.pixConvertTo8)
#define pixCreate (tt__dl_lept.pixCreate)
#define pixDeskew (tt__dl_lept.pixDeskew)
#define pixDestroy (tt__dl_lept.pixDestroy)
#define pixGetDepth (tt__dl_lept.pixGetDepth)
#define pixGetHeight (tt__dl_lept.pixGetHeight)
#define pixGetSpp (tt__dl_lept.pixGetSpp)
#define pixGetWidth (tt__dl_lept.pixGetWidth)
#define pixGetXRes (tt__dl_lept.pixGetXRes)
#define pixMedianFilter (tt__dl_lept.pixMedianFilter)
#define pixReadHeaderMem (tt__dl_lept.pixReadHeaderMem)
#define pixReadMemTiff (tt__dl_lept.pixReadMemTiff)
#define pixScale (tt__dl_lept.pixScale)
#define pixScaleGrayLI (tt__dl_lept.pixScaleGrayLI)
#define pixScaleToGray (tt__dl_lept.pixScaleToGray)
#define pixSetPixel (tt__dl_lept.pixSetPixel)
#define pixSetResolution (tt__dl_lept.pixSetResolution)
#define pixThresholdToBinary (tt__dl_lept.pixThresholdToBinary)
#define pixWriteMemPng (tt__dl_lept.pixWriteMemPng)
#define readHeaderMemTiff (tt__dl_lept.readHeaderMemTiff)
#define setMsgSeverity (tt__dl_lept.setMsgSeverity)
/* poppler */
#define poppler_document_get_n_pages (tt__dl_poppler.poppler_document_get_n_pages)
#define poppler_document_get_page (tt__dl_poppler.poppler_document_get_page)
#define poppler_document_get_title (tt__dl_poppler.poppler_document_get_title)
#define poppler_document_new_from_bytes (tt__dl_poppler.poppler_document_new_from_bytes)
#define poppler_error_quark (tt__dl_poppler.poppler_error_quark)
#define poppler_page_get_size (tt__dl_poppler.poppler_page_get_size)
#define poppler_page_get_text (tt__dl_poppler.poppler_page_get_text)
#define poppler_page_get_text_layout (tt__dl_poppler.poppler_page_get_text_layout)
#define poppler_page_render_for_printing (tt__dl_poppler.poppler_page_render_for_printing)
/* cairo */
#define cairo_create (tt__dl_cairo.cairo_create)
#define cairo_destroy (tt__dl_cairo.cairo_destroy)
#define cairo_image_surface_create (tt__dl_cairo.cairo_image_surface_create)
#define cairo_image_surface_create_from_png_stream (tt__dl_cairo.cairo_image_surface_create_from_png_stream)
#define cairo_image_surface_get_data (tt__dl_cairo.cairo_image_surface_get_data)
#define cairo_image_surface_get_format (tt__dl_cairo.cairo_image_surface_get_format)
#define cairo_image_surface_get_height (tt__dl_cairo.cairo_image_surface_get_height)
#define cairo_image_surface_get_stride (tt__dl_cairo.cairo_image_surface_get_stride)
#define cairo_image_surface_get_width (tt__dl_cairo.cairo_image_surface_get_width)
#define cairo_move_to (tt__dl_cairo.cairo_move_to)
#define cairo_paint (tt__dl_cairo.cairo_paint)
#define cairo_pdf_surface_create_for_stream (tt__dl_cairo.cairo_pdf_surface_create_for_stream)
#define cairo_pdf_surface_set_metadata (tt__dl_cairo.cairo_pdf_surface_set_metadata)
#define cairo_scale (tt__dl_cairo.cairo_scale)
#define cairo_set_source_rgb (tt__dl_cairo.cairo_set_source_rgb)
#define cairo_show_page (tt__dl_cairo.cairo_show_page)
#define cairo_status (tt__dl_cairo.cairo_status)
#define cairo_status_to_string (tt__dl_cairo.cairo_status_to_string)
#define cairo_surface_destroy (tt__dl_cairo.cairo_surface_destroy)
#define cairo_surface_finish (tt__dl_cairo.cairo_surface_finish)
#define cairo_surface_flush (tt__dl_cairo.cairo_surface_flush)
#define cairo_surface_status (tt__dl_cairo.cairo_surface_status)
#define cairo_surface_write_to_png_stream (tt__dl_cairo.cairo_surface_write_to_png_stream)
/* pango */
#define pango_font_description_free (tt__dl_pango.pango_font_description_free)
#define pango_font_description_from_string (tt__dl_pango.pango_font_description_from_string)
#define pango_layout_get_extents (tt__dl_pango.pango_layout_get_extents)
#define pango_layout_get_iter (tt__dl_pango.pango_layout_get_iter)
#define pango_layout_get_line_readonly (tt__dl_pango.pango_layout_get_line_readonly)
#define pango_layout_get_lines (tt__dl_pango.pango_layout_get_lines)
#define pango_layout_get_size (tt__dl_pango.pango_layout_get_size)
#define pango_layout_iter_free (tt__dl_pango.pango_layout_iter_free)
#define pango_layout_iter_get_baseline (tt__dl_pango.pango_layout_iter_get_baseline)
#define pango_layout_iter_get_line_extents (tt__dl_pango.pango_layout_iter_get_line_extents)
#define pango_layout_iter_get_line_readonly (tt__dl_pango.pango_layout_iter_get_line_readonly)
#define pango_layout_iter_next_line (tt__dl_pango.pango_layout_iter_next_line)
#define pango_layout_set_ellipsize (tt__dl_pango.pango_layout_set_ellipsize)
#define pango_layout_set_font_description (tt__dl_pango.pango_layout_set_font_description)
#define pango_layout_set_height (tt__dl_pango.pango_layout_set_height)
#define pango_layout_set_text (tt__dl_pango.pango_layout_set_text)
#define pango_layout_set_width (tt__dl_pango.pango_layout_set_width)
#define pango_layout_set_wrap (tt__dl_pango.pango_layout_set_wrap)
/* pangocairo */
#define pango_cairo_create_layout (tt__dl_pangocairo.pango_cairo_create_layout)
#define pango_cairo_show_layout_line (tt__dl_pangocairo.pango_cairo_show_layout_line)
/* jpeg */
#define jpeg_CreateDecompress (tt__dl_jpeg.jpeg_CreateDecompress)
#define jpeg_destroy_decompress (tt__dl_jpeg.jpeg_destroy_decompress)
#define jpeg_finish_decompress (tt__dl_jpeg.jpeg_finish_decompress)
#define jpeg_mem_src (tt__dl_jpeg.jpeg_mem_src)
#define jpeg_read_header (tt__dl_jpeg.jpeg_read_header)
#define jpeg_read_scanlines (tt__dl_jpeg.jpeg_read_scanlines)
#define jpeg_start_decompress (tt__dl_jpeg.jpeg_start_decompress)
#define jpeg_std_error (tt__dl_jpeg.jpeg_std_error)
#endif /* TT_DYNLIB_IMPL */

#endif
