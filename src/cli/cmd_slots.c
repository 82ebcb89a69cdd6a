/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_slots.c: telltale slots (placeholder until its issue lands). */
#include "cli.h"

int
cmd_slots(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'slots' is not built yet");
}
