/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_scan.c: telltale scan (placeholder until its issue lands). */
#include "cli.h"

int
cmd_scan(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'scan' is not built yet");
}
