#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The watch demo (`make demo-watch`): a local nats-server (127.0.0.1, a free port, stopped
# on exit), a vault with the three demo memos, 5,000 public posts of real prose (Debian's
# licence texts) of which 6 quote a memo, published to a JetStream stream; two vault-less
# workers (the signed exported index, no key) split the stream, a collector records their
# findings in the vault; then the findings.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
TELLTALE=${TELLTALE:-$here/../build/telltale}
command -v nats-server >/dev/null || { echo "demo-watch: nats-server is not installed (scripts/install-deps)" >&2; exit 2; }
out=$here/out-watch
rm -rf "$out"
mkdir -p "$out"
export TELLTALE_VAULT="$out/vault"
tt() { "$TELLTALE" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

step "1. A vault with the three memos, and the signed index for workers without a vault"
tt init >/dev/null
tt add "$here"/docs/*
tt export-index --out "$out/index.bin"
cp "$TELLTALE_VAULT/vault.pub" "$out/vault.pub"

step "2. A local NATS server with JetStream"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="nats://127.0.0.1:$port"
nats-server -js -a 127.0.0.1 -p "$port" -sd "$out/jetstream" >"$out/nats-server.log" 2>&1 &
pids="$pids $!"
for i in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
echo "nats-server on $url (log: demo/out-watch/nats-server.log)"

step "3. Feed 5,000 posts (6 quote a memo) into the stream 'posts'"
L=/usr/share/common-licenses
python3 "$here/../bench/watch_posts.py" 5000 6 2026 "$out/posts.jsonl" "$out/planted.txt" \
    "$here/docs/fuel-resupply-memo.txt" "$here/docs/acquisition-memo.md" -- \
    $L/Artistic $L/LGPL-2.1 $L/GPL-2 $L/BSD
tt publish --nats "$url" --stream posts "$out/posts.jsonl"
echo "planted in: $(awk '{print $1}' "$out/planted.txt" | tr '\n' ' ')"

step "4. Two workers (no vault, no key) and a collector next to the vault"
for w in 1 2; do
    # "$TELLTALE", not the tt function: a signal must reach telltale, not a subshell
    TELLTALE_VAULT=/nonexistent "$TELLTALE" watch --nats "$url" --stream posts --once \
        --index "$out/index.bin" --pubkey "$out/vault.pub" \
        >"$out/worker$w.out" 2>"$out/worker$w.err" &
    eval "w$w=\$!"
    pids="$pids $!"
done
"$TELLTALE" collect --nats "$url" 2>"$out/collect.err" &
c=$!
pids="$pids $c"
wait "$w1" "$w2"
for w in 1 2; do grep "watch stopped" "$out/worker$w.err" | sed "s/^telltale:/worker $w:/"; done
grep "acknowledged through" "$out/worker2.err" | sed 's/^telltale: //'
# the collector has recorded everything when its consumer has nothing pending
for i in $(seq 100); do
    "$TELLTALE" collect --nats "$url" --once 2>"$out/collect-check.err" || true
    grep -q " 0 pending, 0 awaiting ack" "$out/collect-check.err" && break
    sleep 0.2
done
kill -TERM "$c"; wait "$c" || true
grep "collect stopped" "$out/collect.err" | sed 's/^telltale: //'

step "5. The findings in the vault"
tt findings || true
tt log | tail -n 4
tt log --verify
