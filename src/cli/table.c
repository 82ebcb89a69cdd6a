/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.c: padding table cells by display width (cli.h), not by bytes: printf's "%-30s"
 * counts bytes, so "Ayşe Yılmaz" (13 bytes, 11 columns) would end two columns short and
 * push the rest of its row out of line.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
cli_pad(const char *s, size_t width)
{
    fputs(s, stdout);
    size_t w = tt_display_width(s);
    for (; w < width; w++)
        putchar(' ');
}
