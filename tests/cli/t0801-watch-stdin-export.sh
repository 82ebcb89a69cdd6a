#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# watch - (standard input), findings --since/--doc/--json, the audit entries, a post
# delivered twice recorded once; export-index and watch --index: a vault-less worker finds
# the same; a changed, truncated or foreign-signed index is refused; usage errors; SIGTERM on
# a blocked read exits 0.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-nats.sh"   # background process tracking only
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/MPL-2.0 ] && [ -f $L/Artistic ] || skip_all "no licence texts in $L"
test_have_prereq PYTHON3 || skip_all "needs python3"

test_expect_success 'a vault with two documents, 300 posts with 6 planted leaks and a bad line' - <<'EOF'
run 0 tt init
run 0 tt --json add $L/Apache-2.0
apache=$(sed -n 's/.*"doc": *"\([^"]*\)".*/\1/p' "$WORK/out")
run 0 tt --json add $L/MPL-2.0
mpl=$(sed -n 's/.*"doc": *"\([^"]*\)".*/\1/p' "$WORK/out")
python3 "$TESTS_DIR/../bench/watch_posts.py" 300 6 3 posts.jsonl planted.txt $L/Apache-2.0 $L/MPL-2.0 -- \
    $L/Artistic $L/LGPL-2.1 $L/GPL-2 $L/BSD
echo '{"id": "bad", "text": ' >> posts.jsonl
EOF

test_expect_success 'watch - scans standard input and names a bad line, the rest scanned' - <<'EOF'
run 0 tt --json watch - < posts.jsonl
expect_err "line 301: not valid JSON"
n=$(grep -c . "$WORK/out")
[ "$n" -ge 6 ] || fail "expected at least 6 findings, got $n"
cp "$WORK/out" first.out
EOF

test_expect_success 'the vault records each planted leak, the very line watch printed' - <<'EOF'
run 1 tt --json findings
[ "$(grep -c . "$WORK/out")" = "$n" ] || fail "printed $n findings, recorded $(grep -c . "$WORK/out")"
python3 - "$WORK/out" first.out planted.txt <<'PY'
import json, sys
rec = [json.loads(l) for l in open(sys.argv[1])]
printed = [json.loads(l) for l in open(sys.argv[2])]
planted = {l.split()[0] for l in open(sys.argv[3])}
assert {r["item"] for r in rec} == planted
for r, p in zip(rec, printed):
    r.pop("recorded")
    assert r == p, (r, p)   # the recorded line is the printed line
PY
EOF

test_expect_success 'the same posts delivered again record nothing new' - <<'EOF'
run 0 tt watch - < posts.jsonl
expect_err "watch stopped: 300 posts, $n findings \(0 new\)"
run 1 tt --json findings
[ "$(grep -c . "$WORK/out")" = "$n" ] || fail "a second delivery added findings"
EOF

test_expect_success 'findings --doc and --since filter, a time that is not UTC is refused' - <<'EOF'
run 1 tt findings --doc "$apache"
! grep -q " $mpl " "$WORK/out" || fail "--doc kept another document"
run 1 tt findings --since 2000-01-01
run 0 tt findings --since 2999-01-01
run 2 tt findings --since yesterday
expect_err "needs a UTC time"
EOF

test_expect_success 'the audit log has the watch runs and their findings, and verifies' - <<'EOF'
run 0 tt log
expect_out " findings "
expect_out " watch "
run 0 tt log --verify
EOF

test_expect_success 'export-index writes a signed index, mode 0600' - <<'EOF'
run 0 tt export-index --out idx.bin
expect_err "signed by key"
[ "$(stat -c %a idx.bin)" = 600 ] || fail "the exported index is not mode 0600"
cp "$TELLTALE_VAULT/vault.pub" pub
EOF

test_expect_success 'a worker without a vault finds the same with the exported index' - <<'EOF'
run 0 env TELLTALE_VAULT=/nonexistent "$TELLTALE" --json watch - --index idx.bin --pubkey pub < posts.jsonl
cut -d, -f1-12 first.out > a; cut -d, -f1-12 "$WORK/out" > b
cmp -s a b || { diff a b | head; fail "the exported index finds other findings"; }
EOF

test_expect_success 'an index with a changed byte or truncated is refused' - <<'EOF'
cp idx.bin changed.bin
printf 'X' | dd of=changed.bin bs=1 seek=70000 conv=notrunc 2>/dev/null
run 2 tt watch - --index changed.bin --pubkey pub < /dev/null
expect_err "cannot load 'changed.bin': the signature does not match"
head -c 80000 idx.bin > short.bin
run 2 tt watch - --index short.bin --pubkey pub < /dev/null
expect_err "cannot load 'short.bin'"
EOF

test_expect_success "an index checked with another vault's key, or a file that is no index or key, is refused" - <<'EOF'
run 0 tt --vault other init
run 2 tt watch - --index idx.bin --pubkey other/vault.pub < /dev/null
expect_err "signed by another vault's key"
run 2 tt watch - --index posts.jsonl --pubkey pub < /dev/null
expect_err "not an exported telltale index"
run 2 tt watch - --index idx.bin --pubkey posts.jsonl < /dev/null
expect_err "not a minisign public key"
EOF

test_expect_success 'usage errors of watch and export-index' - <<'EOF'
run 2 tt watch
expect_err "give a folder"
run 2 tt watch - --index idx.bin
expect_err "--index and --pubkey go together"
run 2 tt watch in --index idx.bin --pubkey pub
expect_err "a folder source needs the vault"
run 2 tt watch - --nats nats://127.0.0.1:1
expect_err "not two sources"
run 2 tt watch --nats nats://127.0.0.1:1
expect_err "needs --stream"
run 2 tt watch nonexistent-dir
expect_err "cannot watch 'nonexistent-dir'"
run 2 tt export-index
expect_err "--out FILE is required"
EOF

test_expect_success 'SIGTERM while blocked reading standard input: exit 0, every post sent scanned' - <<'EOF'
mkfifo fifo
"$TELLTALE" watch - <fifo >/dev/null 2>"$WORK/t.err" &
WP=$!
bg_track $WP
exec 7>fifo
head -3 posts.jsonl >&7
sleep 0.5
kill -TERM $WP
rc=0; wait $WP || rc=$?
exec 7>&-
[ "$rc" = 0 ] || { cat "$WORK/t.err"; fail "watch - exited $rc on SIGTERM"; }
grep -q "watch stopped: 3 posts" "$WORK/t.err" || { cat "$WORK/t.err"; fail "the 3 posts sent were not all scanned"; }
EOF
