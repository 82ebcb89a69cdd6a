#!/usr/bin/env bash
# scan --baseline DIR is refused (fopen() opens a directory; reading it then fails, which
# made an empty baseline and reported every finding again, silently).
. "$(dirname "$0")/lib.sh"
run 0 tt init
echo 'some text to scan' > x
mkdir base
before=$(tt --json log | wc -l)
run 2 tt scan x --baseline base
expect_err "^telltale: cannot read baseline 'base': is a directory$"
[ "$(wc -l < "$WORK/err")" = 1 ] || fail "more than one line on stderr"
[ "$(tt --json log | wc -l)" = "$before" ] || fail "a refused scan wrote the audit log"
# a baseline file still works
: > base.json
run 0 tt scan x --baseline base.json
