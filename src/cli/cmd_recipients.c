/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_recipients.c: telltale recipients (placeholder until its issue lands). */
#include "cli.h"

int
cmd_recipients(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'recipients' is not built yet");
}
