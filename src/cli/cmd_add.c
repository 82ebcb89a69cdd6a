/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_add.c: telltale add (placeholder until its issue lands). */
#include "cli.h"

int
cmd_add(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'add' is not built yet");
}
