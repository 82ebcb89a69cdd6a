/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_html.c: properties of the HTML-to-text reducer (html_to_text.h).
 *   - the text is valid UTF-8 without NUL, has no leading or trailing white space, no tab, CR
 *     or FF, no two spaces, no space beside a line break, no more than one empty line;
 *   - no tag leaks: when the input has no '&' (so no &lt;) and no element whose content is
 *     shown raw (xmp, plaintext, textarea), every '<' in the text comes from a '<' in the input
 *     that opens no tag (followed by something other than a letter, '!', '?' or '/'), or
 *     from a "</" or "<" at the very end;
 *   - the text is a fixed point: escaping it back into HTML ('&' -> &amp;, '<' -> &lt;, an
 *     empty line -> <p>, a line break -> <br>) and reducing again gives the same text;
 *   - the title, when there is one, is one line of valid UTF-8.
 * Aborts on any violation.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_to_text.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
contains_ci(const uint8_t *d, size_t n, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; i++)
        if (strncasecmp((const char *)d + i, w, wl) == 0)
            return 1;
    return 0;
}

static void
check_shape(const tt_buf *t)
{
    const char *s = t->data;
    size_t n = t->len;
    if (tt_utf8__check(s, n) != n)
        __builtin_trap();
    if (n && (s[0] == ' ' || s[0] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\n'))
        __builtin_trap();
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\r' || s[i] == '\f')
            __builtin_trap();
        if (i + 1 < n && s[i] == ' ' && (s[i + 1] == ' ' || s[i + 1] == '\n'))
            __builtin_trap();
        if (i + 1 < n && s[i] == '\n' && s[i + 1] == ' ')
            __builtin_trap();
        if (i + 2 < n && s[i] == '\n' && s[i + 1] == '\n' && s[i + 2] == '\n')
            __builtin_trap();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tt_buf text, esc, again, title;
    tt_buf_init(&text);
    tt_buf_init(&esc);
    tt_buf_init(&again);
    tt_buf_init(&title);
    tt_err err = {0};
    if (tt_html__to_text(&text, (const char *)data, size, &err))
        abort();
    if (!text.data)
        __builtin_trap(); /* NUL-terminated even when empty */
    check_shape(&text);

    if (!memchr(data, '&', size) && !contains_ci(data, size, "xmp") &&
        !contains_ci(data, size, "plaintext") && !contains_ci(data, size, "textarea")) {
        size_t allowed = 0, got = 0;
        for (size_t i = 0; i < size; i++) {
            if (data[i] != '<')
                continue;
            if (i + 1 == size || (i + 2 == size && data[i + 1] == '/'))
                allowed++;
            else if (!isalpha(data[i + 1]) && data[i + 1] != '!' && data[i + 1] != '?' &&
                     data[i + 1] != '/')
                allowed++;
        }
        for (size_t i = 0; i < text.len; i++)
            got += text.data[i] == '<';
        if (got > allowed)
            __builtin_trap();
    }

    for (size_t i = 0; i < text.len; i++) {
        char c = text.data[i];
        if (c == '&')
            tt_buf_adds(&esc, "&amp;");
        else if (c == '<')
            tt_buf_adds(&esc, "&lt;");
        else if (c == '\n' && i + 1 < text.len && text.data[i + 1] == '\n') {
            tt_buf_adds(&esc, "<p>");
            i++;
        } else if (c == '\n')
            tt_buf_adds(&esc, "<br>");
        else
            tt_buf_addc(&esc, c);
    }
    if (tt_html__to_text(&again, esc.data ? esc.data : "", esc.len, &err))
        abort();
    if (again.len != text.len || memcmp(again.data, text.data, text.len) != 0)
        __builtin_trap();

    int rc = tt_html__title(&title, (const char *)data, size);
    if (rc < 0)
        abort();
    if (rc == 1 && (title.len == 0 || memchr(title.data, '\n', title.len) ||
                    tt_utf8__check(title.data, title.len) != title.len))
        __builtin_trap();
    if (rc == 0 && title.len != 0)
        __builtin_trap();

    tt_buf_release(&text);
    tt_buf_release(&esc);
    tt_buf_release(&again);
    tt_buf_release(&title);
    return 0;
}
