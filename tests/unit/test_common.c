/* SPDX-License-Identifier: Apache-2.0 */
/* test_common.c: byte buffers, error records and file reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static void
buf_appends_and_detaches(void **state)
{
    (void)state;
    tt_buf b;
    tt_buf_init(&b);
    assert_int_equal(tt_buf_adds(&b, "abc"), 0);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(tt_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(strncmp(b.data, "abc0,1,2,", 9), 0);
    assert_int_equal(b.data[b.len], '\0');
    size_t n;
    char *s = tt_buf_detach(&b, &n);
    assert_int_equal(strlen(s), n);
    assert_null(b.data);
    free(s);
    tt_buf_release(&b); /* releasing an empty buffer is a no-op */
}

static void
error_keeps_message(void **state)
{
    (void)state;
    tt_err e = {0};
    assert_int_equal(tt__error(&e, TT_EIO, "cannot read '%s'", "x"), TT_EIO);
    assert_string_equal(tt__errmsg(&e), "cannot read 'x'");
    tt__error_clear(&e);
    assert_string_equal(tt__errmsg(&e), "success");
    assert_int_equal(tt__error(NULL, TT_EINVAL, "ignored"), TT_EINVAL);
}

static void
read_file_refuses_directories_and_missing(void **state)
{
    (void)state;
    tt_err e = {0};
    char *data;
    size_t n;
    assert_int_equal(tt__read_file(&e, "/", &data, &n), TT_EINVAL);
    assert_non_null(strstr(e.msg, "is a directory"));
    assert_int_equal(tt__read_file(&e, "/nonexistent/file", &data, &n), TT_ENOENT);
    char path[] = "/tmp/tt-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "hello\0world", 11), 11);
    close(fd);
    assert_int_equal(tt__read_file(&e, path, &data, &n), 0);
    assert_int_equal(n, 11);
    assert_memory_equal(data, "hello\0world", 11);
    free(data);
    unlink(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_appends_and_detaches),
        cmocka_unit_test(error_keeps_message),
        cmocka_unit_test(read_file_refuses_directories_and_missing),
    };
    return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
