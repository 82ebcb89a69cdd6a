#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# NATS JetStream, exactly-once findings: 2,000 posts of real prose with 20 planted leaks,
# three vault-less workers sharing one consumer, a collector next to the vault; workers and
# the collector are killed with SIGKILL at random moments and restarted.  Every planted leak
# is recorded exactly once, nothing else is, every post is acknowledged (acknowledged =
# published), the audit log is whole.  Without nats-server every case is skipped (counted).
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-nats.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/MPL-2.0 ] && [ -f $L/GPL-2 ] && [ -f $L/LGPL-2.1 ] || skip_all "no licence texts in $L"
test_have_prereq PYTHON3 || skip_all "needs python3"
T=(timeout 120 "$TELLTALE")

test_expect_success NATS 'a vault, its exported index, 2,000 posts with 20 planted leaks' - <<'EOF'
run 0 tt init
run 0 tt add $L/Apache-2.0 $L/MPL-2.0
run 0 tt export-index --out idx.bin
cp "$TELLTALE_VAULT/vault.pub" pub
seed=$((RANDOM))
echo "seed $seed"
python3 "$TESTS_DIR/../bench/watch_posts.py" 2000 20 "$seed" posts.jsonl planted.txt \
    $L/Apache-2.0 $L/MPL-2.0 -- $L/Artistic $L/LGPL-2.1 $L/GPL-2 $L/BSD
EOF

test_expect_success NATS 'a JetStream server, the posts published' - <<'EOF'
start_nats "$(free_port)" "$WORK/js"
run 0 "${T[@]}" --json publish --nats "$NATS_URL" --stream posts posts.jsonl
expect_out '"published":2000'
EOF

test_expect_success NATS 'three workers and a collector, killed with SIGKILL at random moments and restarted' - <<'EOF'
worker() {  # worker N: a vault-less worker in the background, named wN
    # not under timeout(1): the kill must reach telltale itself; the EXIT trap kills it
    bg_run "w$1" env TELLTALE_VAULT=/nonexistent "$TELLTALE" watch --nats "$NATS_URL" \
        --stream posts --index idx.bin --pubkey pub --batch 8 --ack-wait 2
}
collector() { bg_run c "$TELLTALE" collect --nats "$NATS_URL" --batch 4 --ack-wait 2; }
worker 1; worker 2; worker 3; collector
for k in 1 2 3 4; do
    sleep "0.$((RANDOM % 9 + 1))"
    if [ "$k" = 3 ]; then v=c; else v=w$((RANDOM % 3 + 1)); fi
    kill -9 "$(bg_pid $v)" 2>/dev/null || true
    bg_status $v 10 >/dev/null
    echo "killed $v"
    if [ $v = c ]; then collector; else worker "${v#w}"; fi
done
EOF

test_expect_success NATS 'the posts stream is drained: every post acknowledged' - <<'EOF'
# a --once worker sees nothing pending and nothing awaiting an ack (bounded: 90 s)
drained() {
    TELLTALE_VAULT=/nonexistent "${T[@]}" watch --nats "$NATS_URL" --stream posts --once \
        --index idx.bin --pubkey pub --batch 8 --ack-wait 2 >>"$WORK/w0.out" 2>"$WORK/w0.err" || return 1
    grep -q "acknowledged through 2000, delivered [0-9]*, 0 pending, 0 awaiting ack" "$WORK/w0.err"
}
wait_for 90 drained || { cat "$WORK/w0.err"; fail "the posts stream was not drained"; }
EOF

test_expect_success NATS 'SIGTERM: each worker finishes its batch and exits 0' - <<'EOF'
for n in 1 2 3; do kill -TERM "$(bg_pid w$n)"; done
for n in 1 2 3; do
    rc=$(bg_status w$n 30)
    [ "$rc" = 0 ] || { cat "$WORK/w$n.err"; fail "worker $n exited $rc on SIGTERM"; }
done
total=$(cat "$WORK"/w*.err | sed -n 's/.*watch stopped: \([0-9]*\) posts.*/\1/p' | awk '{s+=$1} END {print s+0}')
echo "posts scanned by the workers that stopped cleanly: $total"
EOF

test_expect_success NATS 'the collector exits 0 on SIGTERM; what a killed one left is redelivered' - <<'EOF'
kill -TERM "$(bg_pid c)"
rc=$(bg_status c 30)
[ "$rc" = 0 ] || { cat "$WORK/c.err"; fail "the collector exited $rc on SIGTERM"; }
collected() {
    "${T[@]}" collect --nats "$NATS_URL" --once --ack-wait 2 >/dev/null 2>"$WORK/c0.err" || return 1
    grep -q "0 pending, 0 awaiting ack" "$WORK/c0.err"
}
wait_for 60 collected || { cat "$WORK/c0.err"; fail "the findings stream was not drained"; }
EOF

test_expect_success NATS 'every planted leak recorded exactly once, nothing else' - <<'EOF'
run 1 tt --json findings
python3 - "$WORK/out" planted.txt <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
planted = {l.split()[0] for l in open(sys.argv[2])}
key = lambda r: (r["item"], r["doc"], json.dumps(r["spans"]))
keys = [key(r) for r in rows]
dups = {k for k in keys if keys.count(k) > 1}
assert not dups, "recorded twice: %s" % sorted(dups)
got = {r["item"] for r in rows}
assert got == planted, "missing %s, unexpected %s" % (sorted(planted - got), sorted(got - planted))
assert all(r["source"] == "nats:posts" for r in rows)
print("ok: %d planted leaks, %d findings, each recorded once" % (len(planted), len(rows)))
PY
EOF

test_expect_success NATS 'the audit log is intact' - <<'EOF'
run 0 tt log --verify
expect_out "audit log intact"
EOF
