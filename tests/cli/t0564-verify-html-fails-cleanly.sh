#!/usr/bin/env bash
# verify --html into a place that cannot be written fails and changes nothing: no audit
# entry (it was written before the report failed).  trace --html and scan --html likewise.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] || { echo "skip: no licences"; exit 0; }
run 0 tt init
cp $L/Apache-2.0 apache.txt
run 0 tt add apache.txt
sed -n '60,70p' apache.txt > leak.txt
# the first load of the index seeds the background from the system's licences, logged as
# 'background' entries; that happens once, before the failures below are counted
run 1 tt scan leak.txt
n0=$(tt --json log | wc -l)
run 2 tt verify --html /nonexistent/x.html leak.txt
expect_err "^telltale: cannot write '/nonexistent/x.html': no such file or directory$"
[ "$(tt --json log | wc -l)" = "$n0" ] || fail "a failed verify wrote the audit log"
mkdir out.html
run 2 tt verify --html out.html leak.txt
[ "$(tt --json log | wc -l)" = "$n0" ] || fail "a failed verify wrote the audit log"
run 2 tt trace --html /nonexistent/x.html leak.txt
expect_err "^telltale: cannot write '/nonexistent/x.html': no such file or directory$"
[ "$(tt --json log | wc -l)" = "$n0" ] || fail "a failed trace wrote the audit log"
run 2 tt scan --html /nonexistent/x.html leak.txt
expect_err "^telltale: cannot write '/nonexistent/x.html': no such file or directory$"
[ "$(tt --json log | wc -l)" = "$n0" ] || fail "a failed scan wrote the audit log"
[ "$(tt log --verify >/dev/null; echo $?)" = 0 ] || fail "log does not verify"
# and a report that can be written is written, and verify is logged once
run 0 tt verify --html ok.html leak.txt
[ -s ok.html ] || fail "no report"
[ "$(tt --json log | wc -l)" = $((n0 + 1)) ] || fail "verify not logged exactly once"
tt --json log | tail -1 | grep -q '"action":"verify"' || fail "the last entry is not the verify"
