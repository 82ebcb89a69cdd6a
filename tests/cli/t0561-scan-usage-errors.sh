#!/usr/bin/env bash
# scan's usage errors exit 2 with one message, scan nothing and log nothing, and free what
# they allocated: the sanitizer build (detect_leaks=1) fails this test on a leak.
. "$(dirname "$0")/lib.sh"
run 0 tt init
echo 'some text to scan' > x
before=$(tt --json log | wc -l)
run 2 tt scan x --threads 0
expect_err "^telltale scan: --threads needs a number from 1 to 1024, not '0'$"
run 2 tt scan x y --min-words abc
expect_err "^telltale scan: --min-words needs a number"
run 2 tt scan x --bogus
expect_err "^telltale scan: unknown option '--bogus'$"
run 2 tt scan x --threads
expect_err "^telltale scan: --threads needs a value$"
run 2 tt scan x --html ''
expect_err "^telltale scan: --html needs a file name$"
run 2 tt scan x --baseline missing.json
expect_err "^telltale: cannot read 'missing.json': no such file or directory$"
[ "$(tt --json log | wc -l)" = "$before" ] || fail "a usage error wrote the audit log"
