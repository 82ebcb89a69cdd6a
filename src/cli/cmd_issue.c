/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_issue.c: telltale issue (placeholder until its issue lands). */
#include "cli.h"

int
cmd_issue(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'issue' is not built yet");
}
