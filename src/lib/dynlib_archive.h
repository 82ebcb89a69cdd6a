/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dynlib_archive.h: the functions of libarchive and libxml2 that source_archive.c calls, as
 * tables of pointers filled at first use (dynlib.h; the scheme is dynlib_media.h's).  Both are
 * loaded by the first archive read (a zip, a tar, a DOCX or ODT, whose XML libxml2 parses).
 * xmlFree is a variable of libxml2 (a pointer to its free function): its member holds the
 * variable's address, and the name reads through it.
 */
#ifndef TT_DYNLIB_ARCHIVE_H
#define TT_DYNLIB_ARCHIVE_H

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "dynlib.h"

#define TT_DL_ARCHIVE_FNS(X)                                                                       \
    X(archive_entry_filetype)                                                                      \
    X(archive_entry_pathname)                                                                      \
    X(archive_entry_pathname_utf8)                                                                 \
    X(archive_error_string)                                                                        \
    X(archive_format)                                                                              \
    X(archive_read_data)                                                                           \
    X(archive_read_free)                                                                           \
    X(archive_read_new)                                                                            \
    X(archive_read_next_header)                                                                    \
    X(archive_read_open_memory)                                                                    \
    X(archive_read_support_filter_bzip2)                                                           \
    X(archive_read_support_filter_gzip)                                                            \
    X(archive_read_support_filter_xz)                                                              \
    X(archive_read_support_format_gnutar)                                                          \
    X(archive_read_support_format_raw)                                                             \
    X(archive_read_support_format_tar)                                                             \
    X(archive_read_support_format_zip)

#define TT_DL_XML_FNS(X)                                                                           \
    X(xmlDocGetRootElement)                                                                        \
    X(xmlFree)                                                                                     \
    X(xmlFreeDoc)                                                                                  \
    X(xmlGetProp)                                                                                  \
    X(xmlInitParser)                                                                               \
    X(xmlReadMemory)

#define TT_DL_MEMBER(f) __typeof__(&f) f;
struct tt_dl_archive {
    TT_DL_ARCHIVE_FNS(TT_DL_MEMBER)
};
struct tt_dl_xml {
    TT_DL_XML_FNS(TT_DL_MEMBER)
};
#undef TT_DL_MEMBER

extern struct tt_dl_archive tt__dl_archive;
extern struct tt_dl_xml tt__dl_xml;

/* The redirections (see dynlib_media.h). */
#ifndef TT_DYNLIB_IMPL
#define archive_entry_filetype (tt__dl_archive.archive_entry_filetype)
#define archive_entry_pathname (tt__dl_archive.archive_entry_pathname)
#define archive_entry_pathname_utf8 (tt__dl_archive.archive_entry_pathname_utf8)
#define archive_error_string (tt__dl_archive.archive_error_string)
#define archive_format (tt__dl_archive.archive_format)
#define archive_read_data (tt__dl_archive.archive_read_data)
#define archive_read_free (tt__dl_archive.archive_read_free)
#define archive_read_new (tt__dl_archive.archive_read_new)
#define archive_read_next_header (tt__dl_archive.archive_read_next_header)
#define archive_read_open_memory (tt__dl_archive.archive_read_open_memory)
#define archive_read_support_filter_bzip2 (tt__dl_archive.archive_read_support_filter_bzip2)
#define archive_read_support_filter_gzip (tt__dl_archive.archive_read_support_filter_gzip)
#define archive_read_support_filter_xz (tt__dl_archive.archive_read_support_filter_xz)
#define archive_read_support_format_gnutar (tt__dl_archive.archive_read_support_format_gnutar)
#define archive_read_support_format_raw (tt__dl_archive.archive_read_support_format_raw)
#define archive_read_support_format_tar (tt__dl_archive.archive_read_support_format_tar)
#define archive_read_support_format_zip (tt__dl_archive.archive_read_support_format_zip)
#define xmlDocGetRootElement (tt__dl_xml.xmlDocGetRootElement)
#define xmlFree (*tt__dl_xml.xmlFree) /* a variable: the table holds its address */
#define xmlFreeDoc (tt__dl_xml.xmlFreeDoc)
#define xmlGetProp (tt__dl_xml.xmlGetProp)
#define xmlInitParser (tt__dl_xml.xmlInitParser)
#define xmlReadMemory (tt__dl_xml.xmlReadMemory)
#endif /* TT_DYNLIB_IMPL */

#endif
