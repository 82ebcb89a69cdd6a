#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/watch.sh (`make bench-watch`): the numbers of `telltale watch`.
#   1. one machine, one worker: posts/s and MB/s of `scan --threads 1 --jsonl`, `watch -`
#      (standard input, vault) and `watch --nats` (one vault-less worker) on the same posts,
#      and of as many NATS workers as there are cores;
#   2. WATCH_POSTS posts (default 1,000,000) of real prose with WATCH_LEAKS planted leaks
#      (default 100), published to a local nats-server, WATCH_WORKERS workers (default 3)
#      and a collector; one worker killed with SIGKILL midway and restarted; checks that
#      every leak is recorded exactly once and acknowledged = published; total time.
# Writes bench/results/watch.md (or WATCH_OUT).  Figures are reported, never asserted (the machine is
# shared); the exactly-once check is a check and fails the run.
#   WATCH_THROUGHPUT_POSTS  posts for part 1 (default 100000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
TELLTALE=${TELLTALE:-$here/../build/telltale}
N=${WATCH_POSTS:-1000000}
K=${WATCH_LEAKS:-100}
NW=${WATCH_WORKERS:-3}
NT=${WATCH_THROUGHPUT_POSTS:-100000}
work=${BENCH_WORK:-$here/work}/watch
results=${BENCH_RESULTS:-$here/results}
command -v nats-server >/dev/null || { echo "bench-watch: nats-server is not installed" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work" "$results"
export TELLTALE_VAULT="$work/vault"
pids=""
cleanup() { for p in $pids; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
now() { date +%s.%N; }
L=/usr/share/common-licenses
relnotes=(/usr/share/doc/git/RelNotes/*.txt)
[ -f "${relnotes[0]}" ] || relnotes=()
filler=($L/Artistic $L/LGPL-2.1 $L/GPL-2 $L/BSD "${relnotes[@]:0:200}")
leaksrc=($L/Apache-2.0 $L/MPL-2.0 "$here/../demo/docs/fuel-resupply-memo.txt" "$here/../demo/docs/acquisition-memo.md")

"$TELLTALE" init >/dev/null
"$TELLTALE" add "${leaksrc[@]}" "$here/../demo/docs/source-protection-memo.html" >/dev/null
"$TELLTALE" export-index --out "$work/index.bin" 2>/dev/null
cp "$TELLTALE_VAULT/vault.pub" "$work/vault.pub"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="nats://127.0.0.1:$port"
nats-server -js -a 127.0.0.1 -p "$port" -sd "$work/js" >"$work/nats.log" 2>&1 &
pids="$pids $!"
for i in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
cores=$(nproc)
worker() {  # worker STREAM ONCE LOG: a vault-less worker in the background; pid in $wp
    TELLTALE_VAULT=/nonexistent "$TELLTALE" watch --nats "$url" --stream "$1" $2 \
        --index "$work/index.bin" --pubkey "$work/vault.pub" --batch 256 --ack-wait 10 \
        >/dev/null 2>>"$3" &
    wp=$!
    pids="$pids $wp"
}

# ---- 1. throughput on the same posts ----
python3 "$here/watch_posts.py" "$NT" 10 1 "$work/t.jsonl" "$work/t-planted.txt" \
    "${leaksrc[@]}" -- "${filler[@]}"
bytes=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1])))' "$work/t.jsonl")
rate() { python3 -c "import sys; n,b,t=float(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print('%.0f posts/s, %.1f MB/s (%.2f s)' % (n/t, b/t/1e6, t))" "$NT" "$bytes" "$1"; }
secs() { python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
t0=$(now); "$TELLTALE" scan --threads 1 --jsonl "$work/t.jsonl" >/dev/null 2>&1 || true; t1=$(now)
scan_s=$(secs "$t0" "$t1")
t0=$(now); "$TELLTALE" watch - <"$work/t.jsonl" >/dev/null 2>"$work/stdin.log"; t1=$(now)
stdin_s=$(secs "$t0" "$t1")
"$TELLTALE" publish --nats "$url" --stream tput1 "$work/t.jsonl" 2>/dev/null
# a --once worker waits 1 s for more before it stops: time it to its last post instead
active() { sed -n 's/.*: \([0-9.]*\) s from start to the last post.*/\1/p' "$1" | sort -n | tail -1; }
: >"$work/tput1.log"
worker tput1 --once "$work/tput1.log"; wait "$wp"
nats1_s=$(active "$work/tput1.log")
"$TELLTALE" publish --nats "$url" --stream tputn "$work/t.jsonl" 2>/dev/null
ws=""
: >"$work/tputn.log"
for i in $(seq "$cores"); do worker tputn --once "$work/tputn.log"; ws="$ws $wp"; done
wait $ws
natsn_s=$(active "$work/tputn.log")
ratio() { python3 -c "import sys; print('%.0f%%' % (100 * float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

# ---- 2. N posts, K leaks, NW workers, one killed midway ----
python3 "$here/watch_posts.py" "$N" "$K" 2026 "$work/big.jsonl" "$work/big-planted.txt" \
    "${leaksrc[@]}" -- "${filler[@]}"
T0=$(now)
"$TELLTALE" --json publish --nats "$url" --stream posts "$work/big.jsonl" >"$work/publish.json" 2>/dev/null
T1=$(now)
"$TELLTALE" collect --nats "$url" --batch 256 >/dev/null 2>"$work/collect.log" &
cp=$!; pids="$pids $cp"
declare -a W
for i in $(seq "$NW"); do worker posts "" "$work/w$i.log"; W[$i]=$wp; done
# midway: half the run time the single-worker rate predicts for NW workers, at least 1 s
mid=$(python3 -c "import sys; print(max(1.0, float(sys.argv[1]) * float(sys.argv[2]) / float(sys.argv[3]) / float(sys.argv[4]) / 2))" "$nats1_s" "$N" "$NT" "$NW")
sleep "$mid"
kill -9 "${W[1]}"; wait "${W[1]}" 2>/dev/null || true
killed_at=$(secs "$T1" "$(now)")
worker posts "" "$work/w1.log"; W[1]=$wp
# drained: nothing pending, nothing awaiting an ack
for i in $(seq 7200); do  # at most 2 hours
    TELLTALE_VAULT=/nonexistent "$TELLTALE" watch --nats "$url" --stream posts --once \
        --index "$work/index.bin" --pubkey "$work/vault.pub" --batch 256 >/dev/null 2>"$work/drain.log" || true
    grep -q "acknowledged through $N, delivered [0-9]*, 0 pending, 0 awaiting ack" "$work/drain.log" && break
    if grep -q "cannot" "$work/drain.log"; then cat "$work/drain.log" >&2; exit 2; fi
    sleep 1
done
T2=$(now)
for i in $(seq "$NW"); do kill -TERM "${W[$i]}"; done
for i in $(seq "$NW"); do wait "${W[$i]}" || true; done
for i in $(seq 600); do
    "$TELLTALE" collect --nats "$url" --once 2>"$work/collect-check.log" >/dev/null || true
    grep -q " 0 pending, 0 awaiting ack" "$work/collect-check.log" && break
    sleep 0.5
done
kill -TERM "$cp"; wait "$cp" || true
T3=$(now)
check=$({ "$TELLTALE" --json findings || true; } | python3 -c '
import json, sys
rows = [r for r in map(json.loads, sys.stdin) if r["source"] == "nats:posts"]
planted = {l.split()[0] for l in open(sys.argv[1])}
keys = [(r["item"], r["doc"], json.dumps(r["spans"])) for r in rows]
dup = len(keys) - len(set(keys))
got = {r["item"] for r in rows}
print("%d leaks planted, %d found, %d missing, %d posts with unplanted findings, %d recorded twice" % (
    len(planted), len(got & planted), len(planted - got), len(got - planted), dup))
sys.exit(0 if not dup and got >= planted else 1)' "$work/big-planted.txt") && ok=yes || ok=no
acked=$(grep -o "acknowledged through [0-9]*, delivered [0-9]*, [0-9]* pending, [0-9]* awaiting ack, [0-9]* redelivered" "$work/drain.log" | tail -1)
published=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["published"])' "$work/publish.json")

{
echo "# watch: throughput and the kill-midway run"
echo
echo "Produced by \`make bench-watch\` (bench/watch.sh) on $(date -u +%Y-%m-%d), $cores cores"
echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), machine shared with other jobs:"
echo "figures are indicative.  Posts: real prose (Debian licence texts and git release notes),"
echo "300-700 bytes each, generated by bench/watch_posts.py; registered: 5 documents."
echo
echo "## One machine, $NT posts ($((bytes / 1000000)) MB of text)"
echo
echo "| run | rate | vs scan --threads 1 |"
echo "|---|---|---|"
echo "| scan --threads 1 --jsonl | $(rate "$scan_s") | 100% |"
echo "| watch - (stdin, vault) | $(rate "$stdin_s") | $(ratio "$scan_s" "$stdin_s") |"
echo "| watch --nats, 1 worker (--index) | $(rate "$nats1_s") | $(ratio "$scan_s" "$nats1_s") |"
echo "| watch --nats, $cores workers | $(rate "$natsn_s") | $(ratio "$scan_s" "$natsn_s") |"
echo
echo "## $N posts, $K planted leaks, $NW workers, one killed with SIGKILL midway"
echo
echo "- published: $published posts in $(secs "$T0" "$T1") s"
echo "- worker 1 killed with SIGKILL at $killed_at s into the run and restarted"
echo "- consumer at the end: $acked"
echo "- findings: $check"
echo "- scanned and acknowledged in $(secs "$T1" "$T2") s; with the collector drained: $(secs "$T1" "$T3") s"
echo "- exactly once and nothing lost: $ok"
} >"${WATCH_OUT:-$results/watch.md}"
cat "${WATCH_OUT:-$results/watch.md}"
[ "$ok" = yes ] && [ "$published" = "$N" ] && grep -q "acknowledged through $N, .* 0 pending, 0 awaiting ack" "$work/drain.log"
