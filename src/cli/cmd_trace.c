/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_trace.c: telltale trace (placeholder until its issue lands). */
#include "cli.h"

int
cmd_trace(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'trace' is not built yet");
}
