/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_log.c: telltale log (placeholder until its issue lands). */
#include "cli.h"

int
cmd_log(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'log' is not built yet");
}
