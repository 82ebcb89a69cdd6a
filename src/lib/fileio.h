/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fileio.h: what the library's own files use of fileio.c beyond telltale/file.h.
 */
#ifndef TT_FILEIO_H
#define TT_FILEIO_H

/* fsync the directory dir, so a rename or link in it is durable; a file system that refuses
 * fsync on a directory is not an error.  0, or -1 with errno set. */
int tt_file__sync_dir(const char *dir);

#endif
