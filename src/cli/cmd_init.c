/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_init.c: telltale init (placeholder until its issue lands). */
#include "cli.h"

int
cmd_init(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'init' is not built yet");
}
