/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dynlib_mail.h: the functions of GMime that source_mail.c calls, as a table of pointers filled
 * at first use (dynlib.h; the scheme is dynlib_media.h's).  GLib and GObject stay linked: the
 * library calls them elsewhere, and they are cheap to load; GMime and what it brings (GIO,
 * GPGME) are loaded by the first e-mail or mbox read.
 */
#ifndef TT_DYNLIB_MAIL_H
#define TT_DYNLIB_MAIL_H

#include <gmime/gmime.h>

#include "dynlib.h"

#define TT_DL_GMIME_FNS(X)                                                                         \
    X(g_mime_content_type_is_type)                                                                 \
    X(g_mime_data_wrapper_write_to_stream)                                                         \
    X(g_mime_filter_charset_new)                                                                   \
    X(g_mime_init)                                                                                 \
    X(g_mime_message_get_from)                                                                     \
    X(g_mime_message_get_message_id)                                                               \
    X(g_mime_message_get_mime_part)                                                                \
    X(g_mime_message_get_subject)                                                                  \
    X(g_mime_message_part_get_message)                                                             \
    X(g_mime_message_part_get_type)                                                                \
    X(g_mime_multipart_get_count)                                                                  \
    X(g_mime_multipart_get_part)                                                                   \
    X(g_mime_multipart_get_type)                                                                   \
    X(g_mime_object_get_content_type)                                                              \
    X(g_mime_object_get_content_type_parameter)                                                    \
    X(g_mime_object_get_header)                                                                    \
    X(g_mime_object_get_type)                                                                      \
    X(g_mime_parser_construct_message)                                                             \
    X(g_mime_parser_eos)                                                                           \
    X(g_mime_parser_new_with_stream)                                                               \
    X(g_mime_parser_set_format)                                                                    \
    X(g_mime_part_get_content)                                                                     \
    X(g_mime_part_get_filename)                                                                    \
    X(g_mime_part_get_type)                                                                        \
    X(g_mime_stream_filter_add)                                                                    \
    X(g_mime_stream_filter_get_type)                                                               \
    X(g_mime_stream_filter_new)                                                                    \
    X(g_mime_stream_flush)                                                                         \
    X(g_mime_stream_mem_get_byte_array)                                                            \
    X(g_mime_stream_mem_get_type)                                                                  \
    X(g_mime_stream_mem_new)                                                                       \
    X(g_mime_stream_mem_new_with_buffer)                                                           \
    X(internet_address_list_length)                                                                \
    X(internet_address_list_to_string)

#define TT_DL_MEMBER(f) __typeof__(&f) f;
struct tt_dl_gmime {
    TT_DL_GMIME_FNS(TT_DL_MEMBER)
};
#undef TT_DL_MEMBER

extern struct tt_dl_gmime tt__dl_gmime;

/* The redirections (see dynlib_media.h). */
#ifndef TT_DYNLIB_IMPL
#define g_mime_content_type_is_type (tt__dl_gmime.g_mime_content_type_is_type)
#define g_mime_data_wrapper_write_to_stream (tt__dl_gmime.g_mime_data_wrapper_write_to_stream)
#define g_mime_filter_charset_new (tt__dl_gmime.g_mime_filter_charset_new)
#define g_mime_init (tt__dl_gmime.g_mime_init)
#define g_mime_message_get_from (tt__dl_gmime.g_mime_message_get_from)
#define g_mime_message_get_message_id (tt__dl_gmime.g_mime_message_get_message_id)
#define g_mime_message_get_mime_part (tt__dl_gmime.g_mime_message_get_mime_part)
#define g_mime_message_get_subject (tt__dl_gmime.g_mime_message_get_subject)
#define g_mime_message_part_get_message (tt__dl_gmime.g_mime_message_part_get_message)
#define g_mime_message_part_get_type (tt__dl_gmime.g_mime_message_part_get_type)
#define g_mime_multipart_get_count (tt__dl_gmime.g_mime_multipart_get_count)
#define g_mime_multipart_get_part (tt__dl_gmime.g_mime_multipart_get_part)
#define g_mime_multipart_get_type (tt__dl_gmime.g_mime_multipart_get_type)
#define g_mime_object_get_content_type (tt__dl_gmime.g_mime_object_get_content_type)
#define g_mime_object_get_content_type_parameter (tt__dl_gmime.g_mime_object_get_content_type_parameter)
#define g_mime_object_get_header (tt__dl_gmime.g_mime_object_get_header)
#define g_mime_object_get_type (tt__dl_gmime.g_mime_object_get_type)
#define g_mime_parser_construct_message (tt__dl_gmime.g_mime_parser_construct_message)
#define g_mime_parser_eos (tt__dl_gmime.g_mime_parser_eos)
#define g_mime_parser_new_with_stream (tt__dl_gmime.g_mime_parser_new_with_stream)
#define g_mime_parser_set_format (tt__dl_gmime.g_mime_parser_set_format)
#define g_mime_part_get_content (tt__dl_gmime.g_mime_part_get_content)
#define g_mime_part_get_filename (tt__dl_gmime.g_mime_part_get_filename)
#define g_mime_part_get_type (tt__dl_gmime.g_mime_part_get_type)
#define g_mime_stream_filter_add (tt__dl_gmime.g_mime_stream_filter_add)
#define g_mime_stream_filter_get_type (tt__dl_gmime.g_mime_stream_filter_get_type)
#define g_mime_stream_filter_new (tt__dl_gmime.g_mime_stream_filter_new)
#define g_mime_stream_flush (tt__dl_gmime.g_mime_stream_flush)
#define g_mime_stream_mem_get_byte_array (tt__dl_gmime.g_mime_stream_mem_get_byte_array)
#define g_mime_stream_mem_get_type (tt__dl_gmime.g_mime_stream_mem_get_type)
#define g_mime_stream_mem_new (tt__dl_gmime.g_mime_stream_mem_new)
#define g_mime_stream_mem_new_with_buffer (tt__dl_gmime.g_mime_stream_mem_new_with_buffer)
#define internet_address_list_length (tt__dl_gmime.internet_address_list_length)
#define internet_address_list_to_string (tt__dl_gmime.internet_address_list_to_string)
#endif /* TT_DYNLIB_IMPL */

#endif
