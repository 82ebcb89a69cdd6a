#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# watch - records its findings in batches (one durable transaction and one audit entry for
# many posts, not one per post with a finding), yet a finding is in the vault before watch
# waits for more input, and a SIGTERM records what was found.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-nats.sh"   # background processes and wait_for only
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/Artistic ] || skip_all "no licence texts in $L"
test_have_prereq PYTHON3 || skip_all "needs python3"

test_expect_success 'a vault, 400 posts with 8 planted leaks' - <<'EOF'
run 0 tt init
run 0 tt add $L/Apache-2.0
python3 "$TESTS_DIR/../bench/watch_posts.py" 400 8 21 posts.jsonl planted.txt $L/Apache-2.0 -- \
    $L/Artistic $L/LGPL-2.1 $L/GPL-2 $L/BSD
EOF

test_expect_success 'posts read at once: every leak recorded, in one audit entry' - <<'EOF'
run 0 tt --json watch - < posts.jsonl
n=$(grep -c . "$WORK/out")
[ "$n" -ge 8 ] || fail "expected at least 8 findings, got $n"
run 1 tt --json findings
[ "$(grep -c . "$WORK/out")" = "$n" ] || fail "printed $n findings, recorded $(grep -c . "$WORK/out")"
run 0 tt log
[ "$(grep -c '  findings  ' "$WORK/out")" = 1 ] || { cat "$WORK/out"; fail "expected one findings entry for the run"; }
run 0 tt log --verify
EOF

test_expect_success 'a finding is recorded before watch waits for more input; SIGTERM records the rest' - <<'EOF'
run 0 tt --vault v2 init
run 0 tt --vault v2 add $L/Apache-2.0
mkfifo fifo
exec 7<>fifo   # opened for writing first: opening it to read then does not block
bg_run w "$TELLTALE" --vault v2 --json watch - <fifo
first=$(head -1 planted.txt | cut -d' ' -f1)
grep "\"id\": \"$first\"" posts.jsonl >&7
recorded() { "$TELLTALE" --vault v2 --json findings 2>/dev/null | grep -q "\"item\":\"$first\""; }
wait_for 30 recorded || { cat "$WORK/w.err"; fail "the finding was not recorded while watch waited"; }
kill -0 "$(bg_pid w)" || fail "watch ended early"
second=$(sed -n 2p planted.txt | cut -d' ' -f1)
grep "\"id\": \"$second\"" posts.jsonl >&7
printed() { grep -q "\"item\":\"$second\"" "$WORK/w.out"; }
wait_for 30 printed || { cat "$WORK/w.err"; fail "the second post was not scanned"; }
kill -TERM "$(bg_pid w)"
rc=$(bg_status w 30)
exec 7>&-
[ "$rc" = 0 ] || { cat "$WORK/w.err"; fail "watch exited $rc on SIGTERM"; }
run 1 tt --vault v2 --json findings
expect_out "\"item\":\"$second\""
EOF
