#!/usr/bin/env bash
# trace of an empty or blank file fails (exit 2, nothing logged), as verify does; it said
# "matches no registered document" and exited 0.
. "$(dirname "$0")/lib.sh"
run 0 tt init
: > empty.txt
printf ' \n\t\n' > blank.txt
printf '... -- !!\n' > punct.txt
n0=$(tt --json log | wc -l)
for f in empty.txt blank.txt punct.txt; do
    run 2 tt trace $f
    expect_err "^telltale: cannot trace '$f': no words in it$"
    run 2 tt verify $f
    expect_err "^telltale: cannot verify '$f': no words in it$"
done
run 2 tt trace - < empty.txt
expect_err "^telltale: cannot trace '-': no words in it$"
[ "$(tt --json log | wc -l)" = "$n0" ] || fail "a failed trace wrote the audit log"
