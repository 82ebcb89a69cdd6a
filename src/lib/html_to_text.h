/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html_to_text.h: HTML reduced to the text a reader sees, for scanning web pages and HTML documents.
 *
 * What goes: tags, comments, doctype and processing instructions, and the content of <script>,
 * <style>, <title> (see tt_html__title), <iframe>, <noembed> and <noframes>; so nothing of a
 * <head> is shown but stray text (which a browser shows too).  What stays: text, with character
 * references decoded (every numeric one, with the HTML rules: 0, surrogates and values above
 * U+10FFFF become U+FFFD, 0x80-0x9F are read as windows-1252; named ones from the full HTML5
 * table of 2,125 names, the 106 legacy ones also without ';'; a name not in the table is left
 * as written), the content of <textarea>, <xmp> and <plaintext> as text, and white space
 * collapsed to one space (U+00A0 from &nbsp; is kept, not collapsed).
 * Block elements (p, div, br, li, h1-h6, tr, table, blockquote, pre, ...) end lines: a
 * paragraph-like element leaves an empty line ("\n\n"), a line-like one a single "\n"; table
 * cells are separated by a space; inside <pre> line breaks are kept (a run of them gives one
 * empty line).  The output has no leading or trailing white space, no space next to a line
 * break, never more than one empty line, and is valid UTF-8 without NUL bytes (malformed input
 * bytes become U+FFFD, as utf8.h does).
 * Malformed or truncated HTML never fails: it is read the way a browser's tokenizer reads it
 * (a tag or comment cut off by the end of the input is dropped).  Work is linear in the input.
 */
#ifndef TT_HTML_TO_TEXT_H
#define TT_HTML_TO_TEXT_H

#include "common.h"

/* Append the readable text of html[0..len) to out.  Returns 0 or TT_ENOMEM (err set). */
int tt_html__to_text(tt_buf *out, const char *html, size_t len, tt_err *err);

/*
 * Is this input HTML?  Yes when name (a path or file name; may be NULL) ends in ".html" or
 * ".htm", or when d[0..n), after one UTF-8 BOM and any ASCII white space (space, tab, line
 * feed, carriage return, form feed, vertical tab), begins with "<!doctype" or "<html" (case
 * does not matter either way).  The one sniffer add, verify and trace share, so a page is
 * read as a reader saw it wherever it enters.
 */
int tt_html__sniff(const char *name, const char *d, size_t n);

/*
 * Append the text of the first <title> element of html[0..len) to out, references decoded and
 * white space collapsed (one line).  Returns 1 when there was a non-empty title, 0 when none
 * (out unchanged), TT_ENOMEM when out of memory.
 */
int tt_html__title(tt_buf *out, const char *html, size_t len);

/*
 * Decode the character reference at s[0..len), where s[0] == '&', with the HTML rules above.
 * Stores its UTF-8 form (1 to 8 bytes: a few named references are two code points) in out and
 * its length in *out_len, and returns the number of input bytes it took (the ';' included when
 * present); returns 0 when s starts no reference this decoder knows (the '&' is then text).
 */
size_t tt_html__entity(const char *s, size_t len, char out[8], size_t *out_len);

#endif
