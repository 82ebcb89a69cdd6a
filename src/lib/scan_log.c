/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_log.c: the audit entry of a scan run (tt_scan_log, telltale/scan.h).
 *
 * Every other action composes and appends its own entry inside the library call that does it
 * (add, issue, verify, trace, index --background, the recipients' and vetoes' changes).  A
 * scan is not one call: its caller drives scanners item by item, over threads and sources,
 * and only the caller knows when the run is over, so the library offers this one function to
 * record it and owns the entry's form ("scan": the paths given, the findings, "redact" when
 * the passages were withheld; the log keeps the keys sorted).  A path that is not UTF-8 is
 * left out of "paths" (JSON holds UTF-8 only), as the command line always did.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "telltale/scan.h"
#include "utf8.h"
#include "vault_internal.h"
#include "common.h"

int
tt_scan_log(tt_vault *v, const char *const *paths, size_t npaths, size_t findings, int redact)
{
    json_t *args = json_object(), *ps = json_array();
    char *as = NULL;
    int rc = 0;
    if (!args || !ps || json_object_set(args, "paths", ps) ||
        json_object_set_new(args, "findings", json_integer((json_int_t)findings)) ||
        (redact && json_object_set_new(args, "redact", json_true()))) {
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < npaths; i++) {
        json_t *p = json_string(paths[i]);
        size_t len = strlen(paths[i]);
        if (!p && tt_utf8__check(paths[i], len) != len)
            continue; /* JSON holds UTF-8 only: a name that is not is left out */
        if (!p || json_array_append_new(ps, p)) {
            rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (!(as = json_dumps(args, JSON_COMPACT))) {
        rc = tt__error(tt_vault__err(v), TT_ENOMEM, "out of memory");
        goto out;
    }
    rc = tt_vault_log_append(v, "scan", as);
out:
    free(as);
    json_decref(ps);
    json_decref(args);
    return rc;
}
