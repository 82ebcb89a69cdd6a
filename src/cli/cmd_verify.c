/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_verify.c: telltale verify (placeholder until its issue lands). */
#include "cli.h"

int
cmd_verify(cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    return fail("'verify' is not built yet");
}
