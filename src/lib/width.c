/* SPDX-License-Identifier: Apache-2.0 */
/*
 * width.c: tt_display_width() (telltale.h), the terminal columns of a UTF-8 string, so the
 * command line can align tables of names such as "Ayşe Yılmaz" or "Nguyễn Thị Lan" (a byte
 * count pads them short).  Widths come from utf8proc (Unicode's East Asian Width and general
 * categories): combining marks and format characters take no column, wide characters two.
 * Workload: linear in the string; called once per table cell.
 */
#include <utf8proc.h>

#include "common.h"
#include "telltale/telltale.h"
#include "utf8.h"

size_t
tt_display_width(const char *s)
{
    size_t w = 0, len = strlen(s);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = tt_utf8__decode(u + i, len - i, &cp);
        i += (size_t)(n > 0 ? n : 1);
        int cw = utf8proc_charwidth((utf8proc_int32_t)cp);
        if (cw > 0)
            w += (size_t)cw;
    }
    return w;
}
