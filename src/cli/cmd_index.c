/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_index.c: telltale index (placeholder until its issue lands). */
#include "cli.h"

int
cmd_index(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'index' is not built yet");
}
