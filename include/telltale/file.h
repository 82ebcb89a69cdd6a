/* SPDX-License-Identifier: Apache-2.0 */
/*
 * file.h: the one way telltale writes a file.  Every file the library and the program write
 * (marked copies, signatures, index.bin, key files, vault.pub, log exports, HTML reports)
 * goes through tt_file_write(), so they share one durability contract:
 *
 *   1. the bytes go to a fresh temporary file in the same directory, named
 *      ".NAME.tt-XXXXXXXXXXXX.tmp", created with O_CREAT|O_EXCL|O_NOFOLLOW (a planted file or
 *      symlink at that name is never opened, never followed) and then given exactly `mode`;
 *   2. the temporary file is written in full and fsync()ed;
 *   3. it is renamed over NAME (TT_FILE_REPLACE: a symlink at NAME is replaced, never
 *      followed), or linked to NAME only if nothing is there (TT_FILE_NOREPLACE: TT_EEXIST,
 *      and NAME is left as it was, when anything, even a dangling symlink, has that name);
 *   4. the directory is fsync()ed, so the new name survives a power cut.
 *
 * A crash leaves NAME either as it was or complete, never half-written; at worst a
 * temporary file stays behind, which tt_file_is_temp() recognises by its name.
 */
#ifndef TELLTALE_FILE_H
#define TELLTALE_FILE_H

#include <stddef.h>

#include "telltale/telltale.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags of tt_file_write(). */
enum {
    TT_FILE_REPLACE = 0,   /* replace whatever is at path (a file or a symlink, not followed) */
    TT_FILE_NOREPLACE = 1, /* leave an existing path alone and return TT_EEXIST */
};

/* Write len bytes of data to path atomically and durably (the contract above), with
 * permission bits exactly `mode` (the umask does not apply: 0600 stays 0600).  Returns 0,
 * TT_EEXIST (TT_FILE_NOREPLACE and path exists), TT_ENOMEM, or TT_EIO; on failure errno
 * tells why and no temporary file is left behind. */
TT_API int tt_file_write(const char *path, const void *data, size_t len, unsigned mode,
                         unsigned flags);

/* 1 when name (a file name without directory) is one of tt_file_write()'s temporary names:
 * a leftover of a write that was interrupted (killed, power cut), safe to delete when no
 * telltale process is running. */
TT_API int tt_file_is_temp(const char *name);

#ifdef __cplusplus
}
#endif
#endif
