#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# NATS outages: the server down at start (a clear message, retries with growing waits, no
# busy loop; --retries gives up with exit 2), then up; then down midway and back on the
# same store: a message, backoff, and once it is back every post is scanned and acknowledged
# and every leak recorded once (a worker with the vault: findings recorded by the worker).
# The cases that need nats-server are skipped (and counted) without it.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-nats.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/GPL-2 ] || skip_all "no licence texts in $L"
test_have_prereq PYTHON3 || skip_all "needs python3"
T=(timeout 120 "$TELLTALE")

test_expect_success 'a vault, 600 posts with 10 planted leaks in two parts, a bad line in the second' - <<'EOF'
run 0 tt init
run 0 tt add $L/Apache-2.0
python3 "$TESTS_DIR/../bench/watch_posts.py" 600 10 11 posts.jsonl planted.txt $L/Apache-2.0 -- \
    $L/Artistic $L/LGPL-2.1 $L/GPL-2 $L/BSD
head -300 posts.jsonl > part1.jsonl
{ tail -n +301 posts.jsonl | head -100; echo '{"id": "bad", "text": '; tail -n +401 posts.jsonl; } > part2.jsonl
port=$(free_port)
url="nats://127.0.0.1:$port"
EOF

test_expect_success 'the server down at start: a clear message, growing waits, --retries 3 gives up with 2' - <<'EOF'
run 2 "${T[@]}" watch --nats "$url" --stream posts --retries 3
expect_err "cannot reach the NATS server at '$url': .*; retrying in 0.25 s"
expect_err "retrying in 0.50 s"
expect_err "gave up after 3 attempts"
[ "$(grep -c 'cannot reach' "$WORK/err")" = 3 ] || fail "expected exactly 3 attempts"
EOF

test_expect_success 'SIGTERM while waiting for an absent server: a clean stop, exit 0' - <<'EOF'
bg_run s "$TELLTALE" watch --nats "$url" --stream posts
waiting_s() { grep -q "retrying in" "$WORK/s.err"; }
wait_for 20 waiting_s || fail "no message while the server is down"
kill -TERM "$(bg_pid s)"
rc=$(bg_status s 30)
[ "$rc" = 0 ] || { cat "$WORK/s.err"; fail "watch exited $rc on SIGTERM while waiting for the server"; }
grep -q "stopped before the NATS server at '$url' could be reached" "$WORK/s.err" || { cat "$WORK/s.err"; fail "no stop message"; }
EOF

test_expect_success NATS 'a worker started while the server is down scans once it is up' - <<'EOF'
bg_run w "$TELLTALE" watch --nats "$url" --stream posts --batch 16 --ack-wait 2
waiting() { grep -q "retrying in" "$WORK/w.err"; }
wait_for 20 waiting || fail "no message while the server is down"
start_nats "$port" "$WORK/js"
run 0 "${T[@]}" publish --nats "$url" --stream posts part1.jsonl
have() { [ "$(grep -c . "$WORK/w.out")" -ge "$1" ]; }
first=$(awk '{print $1}' planted.txt | while read -r p; do grep -qx "{\"id\": \"$p\".*" part1.jsonl && echo "$p"; done | wc -l)
wait_for 60 have "$first" || { cat "$WORK/w.err"; fail "the worker did not scan the posts once the server was up"; }
EOF

test_expect_success NATS 'the server down midway: a message, the worker waits for it' - <<'EOF'
stop_nats
lost() { grep -q "lost the NATS server" "$WORK/w.err"; }
wait_for 20 lost || { cat "$WORK/w.err"; fail "no message when the server went down"; }
kill -0 "$(bg_pid w)" || fail "the worker died with the server"
EOF

test_expect_success NATS 'back on the same store: every post scanned and acknowledged' - <<'EOF'
start_nats "$port" "$WORK/js"
run 0 "${T[@]}" publish --nats "$url" --stream posts part2.jsonl
# each try's messages are kept (d.err): a try that does not yet see every post acknowledged
# may be the one that scanned the bad line, and the next case looks for its message
drained() {
    local rc=0
    "${T[@]}" watch --nats "$url" --stream posts --once --batch 16 --ack-wait 2 >/dev/null 2>"$WORK/d1.err" || rc=1
    cat "$WORK/d1.err" >>"$WORK/d.err"
    [ "$rc" = 0 ] && grep -q "acknowledged through 601, delivered [0-9]*, 0 pending, 0 awaiting ack" "$WORK/d1.err"
}
wait_for 60 drained || { cat "$WORK/d.err" "$WORK/w.err"; fail "not every post was acknowledged"; }
EOF

test_expect_success NATS 'SIGTERM stops the worker with status 0' - <<'EOF'
# a worker that ended on its own is a failure too: say how, with its messages (seen once
# under load as a bare "kill: No such process")
kill -TERM "$(bg_pid w)" 2>/dev/null ||
    { cat "$WORK/w.err"; fail "the worker had already exited, status $(cat "$WORK/w.rc" 2>/dev/null || echo unknown)"; }
rc=$(bg_status w 30)
[ "$rc" = 0 ] || { cat "$WORK/w.err"; fail "the worker exited $rc on SIGTERM"; }
EOF

test_expect_success NATS 'a message that is not a post is named by its stream sequence and skipped' - <<'EOF'
cat "$WORK/w.err" "$WORK/d.err" | grep -q "'nats:posts': message 401: not valid JSON" ||
    { cat "$WORK/w.err" "$WORK/d.err"; fail "the bad message was not reported"; }
EOF

test_expect_success NATS 'every leak recorded once across the outage, the log intact' - <<'EOF'
run 1 tt --json findings
python3 - "$WORK/out" planted.txt <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
planted = {l.split()[0] for l in open(sys.argv[2])}
keys = [(r["item"], r["doc"], json.dumps(r["spans"])) for r in rows]
assert len(keys) == len(set(keys)), "a finding recorded twice"
assert {r["item"] for r in rows} == planted, sorted({r["item"] for r in rows} ^ planted)
print("ok: %d leaks recorded once across the outage" % len(rows))
PY
run 0 tt log --verify
EOF
