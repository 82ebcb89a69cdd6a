/* SPDX-License-Identifier: Apache-2.0 */
/*
 * preflight.c: cli_can_write() (cli.h), the check a command makes on its output file before
 * it does work that leaves a trace (trace and scan record an audit log entry as they run):
 * a report that cannot be written then fails the command before anything is recorded,
 * rather than after.  A check, not a reservation: the file is neither created nor touched.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int
cli_can_write(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
    } else if (errno != ENOENT) {
        return -1;
    }
    /* the directory must take a new file (a writer replaces the file through one) */
    char *dir = strdup(path);
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    char *slash = strrchr(dir, '/');
    const char *d = ".";
    if (slash == dir)
        d = "/";
    else if (slash) {
        *slash = '\0';
        d = dir;
    }
    int rc = 0;
    if (stat(d, &st) != 0)
        rc = -1;
    else if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        rc = -1;
    } else if (access(d, W_OK | X_OK) != 0)
        rc = -1;
    free(dir);
    return rc;
}
