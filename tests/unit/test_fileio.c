/* SPDX-License-Identifier: Apache-2.0 */
/* test_fileio.c: tt_file_write, the one file writer (telltale/file.h): replace and
 * no-replace, exact modes whatever the umask, a symlink at the name never followed (replaced,
 * or refused), no temporary file left on success or failure, and the temporary-name test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "telltale/file.h"

static char dir[64];

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/tt-fileio.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *de;
    char p[512];
    while (d && (de = readdir(d))) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || strcmp(de->d_name, "..") == 0))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static char *
path(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static char *
slurp(const char *p)
{
    static char b[256];
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    size_t n = fread(b, 1, sizeof b - 1, f);
    fclose(f);
    b[n] = '\0';
    return b;
}

/* entries of dir other than . and .. */
static int
entries(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)))
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static unsigned
mode_of(const char *p)
{
    struct stat st;
    assert_int_equal(lstat(p, &st), 0);
    return st.st_mode & 07777;
}

static void
replace_and_noreplace(void **state)
{
    (void)state;
    assert_int_equal(tt_file_write(path("a"), "one", 3, 0600, TT_FILE_REPLACE), 0);
    assert_string_equal(slurp(path("a")), "one");
    assert_int_equal(tt_file_write(path("a"), "two", 3, 0600, TT_FILE_REPLACE), 0);
    assert_string_equal(slurp(path("a")), "two");
    assert_int_equal(tt_file_write(path("a"), "three", 5, 0600, TT_FILE_NOREPLACE), TT_EEXIST);
    assert_int_equal(errno, EEXIST);
    assert_string_equal(slurp(path("a")), "two");
    assert_int_equal(tt_file_write(path("b"), "", 0, 0600, TT_FILE_NOREPLACE), 0);
    assert_string_equal(slurp(path("b")), "");
    assert_int_equal(entries(), 2); /* no temporary file stays */
}

static void
modes_are_exact(void **state)
{
    (void)state;
    mode_t old = umask(0);
    assert_int_equal(tt_file_write(path("open"), "x", 1, 0600, TT_FILE_REPLACE), 0);
    umask(077);
    assert_int_equal(tt_file_write(path("pub"), "x", 1, 0644, TT_FILE_NOREPLACE), 0);
    umask(old);
    assert_int_equal(mode_of(path("open")), 0600);
    assert_int_equal(mode_of(path("pub")), 0644);
}

static void
symlinks_are_never_followed(void **state)
{
    (void)state;
    assert_int_equal(tt_file_write(path("victim"), "keep", 4, 0600, TT_FILE_REPLACE), 0);
    assert_int_equal(symlink("victim", path("link")), 0);
    assert_int_equal(symlink("nowhere", path("dangling")), 0);
    /* no-replace refuses any name that is taken, a dangling symlink too */
    assert_int_equal(tt_file_write(path("link"), "evil", 4, 0600, TT_FILE_NOREPLACE), TT_EEXIST);
    assert_int_equal(tt_file_write(path("dangling"), "evil", 4, 0600, TT_FILE_NOREPLACE),
                     TT_EEXIST);
    assert_null(slurp(path("nowhere")));
    /* replace puts a file in the symlink's place; the target is untouched */
    assert_int_equal(tt_file_write(path("link"), "new", 3, 0600, TT_FILE_REPLACE), 0);
    assert_string_equal(slurp(path("victim")), "keep");
    struct stat st;
    assert_int_equal(lstat(path("link"), &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_string_equal(slurp(path("link")), "new");
    assert_int_equal(entries(), 3);
}

static void
failure_leaves_nothing(void **state)
{
    (void)state;
    assert_int_equal(mkdir(path("sub"), 0700), 0);
    /* renaming a file over a directory fails: the temporary file is removed */
    assert_int_equal(tt_file_write(path("sub"), "x", 1, 0600, TT_FILE_REPLACE), TT_EIO);
    assert_int_not_equal(errno, 0);
    assert_int_equal(tt_file_write(path("missing/x"), "x", 1, 0600, TT_FILE_REPLACE), TT_EIO);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(entries(), 1);
    rmdir(path("sub"));
}

static void
temporary_names(void **state)
{
    (void)state;
    assert_true(tt_file_is_temp(".a.txt.tt-0123456789ab.tmp"));
    assert_true(tt_file_is_temp(".index.bin.tt-ffffffffffff.tmp"));
    assert_false(tt_file_is_temp("a.txt.tt-0123456789ab.tmp"));   /* not hidden */
    assert_false(tt_file_is_temp(".a.txt.tt-0123456789AB.tmp"));  /* not ours */
    assert_false(tt_file_is_temp(".a.txt.tt-0123456789a.tmp"));   /* 11 digits */
    assert_false(tt_file_is_temp(".a.txt.tmp"));
    assert_false(tt_file_is_temp("a.txt.tmp"));
    assert_false(tt_file_is_temp(""));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(replace_and_noreplace, setup, teardown),
        cmocka_unit_test_setup_teardown(modes_are_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(symlinks_are_never_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(failure_leaves_nothing, setup, teardown),
        cmocka_unit_test(temporary_names),
    };
    return cmocka_run_group_tests_name("fileio", tests, NULL, NULL);
}
