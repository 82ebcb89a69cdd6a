#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# watch DIR: a stream file appended while watched (a line written in two halves), a file
# replaced by rename, a file removed and written again, a subfolder, a text file, symlink
# loops and a symlink to a watched file: every post read once, every leak recorded once;
# a restart reads nothing again; SIGTERM exits 0; a watcher killed with SIGKILL midway and
# restarted records every finding exactly once.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-nats.sh"   # background processes and wait_for only
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/Artistic ] || skip_all "no licence texts in $L"
test_have_prereq PYTHON3 || skip_all "needs python3"

test_expect_success 'a vault, and a folder with a stream of three posts' - <<'EOF'
run 0 tt init
run 0 tt add $L/Apache-2.0
post() {  # post ID LEAK(0|1): one JSON line of Artistic prose, with an Apache excerpt if LEAK
    python3 - "$1" "$2" <<'PY'
import json, sys, zlib
pid, leak = sys.argv[1], sys.argv[2] == "1"
art = " ".join(open("/usr/share/common-licenses/Artistic").read().split())
lic = " ".join(open("/usr/share/common-licenses/Apache-2.0").read().split())
h = zlib.crc32(pid.encode())
text = art[h % 3000:h % 3000 + 400]
if leak:
    a = 1500 + h % 4000
    text += " " + lic[a:a + 600]
print(json.dumps({"id": pid, "text": text}))
PY
}
count() { grep -c "\"item\":\"$1\"" "$WORK/w.out" || true; }
seen() { [ "$(count "$1")" -ge 1 ]; }
mkdir -p in
{ post a1 0; post a2 1; post a3 0; } > in/a.jsonl
EOF

test_expect_success 'watch DIR reads the posts already there' - <<'EOF'
bg_run w "$TELLTALE" --json watch in
wait_for 30 seen a2 || { cat "$WORK/w.err"; fail "the first pass did not find a2"; }
EOF

test_expect_success 'a post appended while watched, one line written in two halves, is read' - <<'EOF'
line=$(post a5 1)
{ post a4 0; printf '%s' "${line:0:100}"; } >> in/a.jsonl
sleep 0.5
printf '%s\n' "${line:100}" >> in/a.jsonl
wait_for 30 seen a5 || { cat "$WORK/w.err"; fail "an appended post was not read"; }
EOF

test_expect_success 'a file replaced by rename (a new inode, the same name) is read' - <<'EOF'
{ post b1 1; post b2 0; } > in/.a.tmp
mv in/.a.tmp in/a.jsonl
wait_for 30 seen b1 || { cat "$WORK/w.err"; fail "a replaced file was not read"; }
EOF

test_expect_success 'a file removed and written again under its name is read' - <<'EOF'
rm in/a.jsonl
post c1 1 > in/a.jsonl   # the inode may be reused
wait_for 30 seen c1 || { cat "$WORK/w.err"; fail "a file written after removal was not read"; }
EOF

test_expect_success 'symlink loops, a link to the folder and a link to a watched file are not followed' - <<'EOF'
ln -s loop2 in/loop1
ln -s loop1 in/loop2
ln -s . in/self
ln -s a.jsonl in/alias.jsonl
# a file in a new subfolder, written after the links: once it is read, so were they, if at all
mkdir in/sub
post d1 1 > in/sub/d.jsonl
wait_for 30 seen d1 || { cat "$WORK/w.err"; fail "a file in a new subfolder was not read"; }
sleep 1   # let any read through a link (a bug) show up
! grep -q 'alias.jsonl\|loop\|self' "$WORK/w.out" || { cat "$WORK/w.out"; fail "a symlink was read"; }
kill -0 "$(bg_pid w)" || { cat "$WORK/w.err"; fail "the watcher died"; }
EOF

test_expect_success 'a text file is one post, read when closed' - <<'EOF'
python3 -c "
art = open('/usr/share/common-licenses/Artistic').read()
lic = open('/usr/share/common-licenses/Apache-2.0').read()
open('in/e.txt', 'w').write(art[:800] + lic[6000:6700])"
seen_e() { grep -q '"source":"in/e.txt"' "$WORK/w.out"; }
wait_for 30 seen_e || { cat "$WORK/w.err"; fail "a text file was not read"; }
sleep 1   # let any second read (a bug) show up
EOF

test_expect_success 'SIGTERM stops the watcher with status 0' - <<'EOF'
kill -TERM "$(bg_pid w)"
rc=$(bg_status w 30)
[ "$rc" = 0 ] || { cat "$WORK/w.err"; fail "watch exited $rc on SIGTERM"; }
EOF

test_expect_success 'every post was read once: each leak printed once and recorded once' - <<'EOF'
for p in a2 a5 b1 c1 d1; do
    [ "$(count $p)" = 1 ] || { cat "$WORK/w.out"; fail "post $p printed $(count $p) times"; }
done
n=$(grep -c . "$WORK/w.out")
[ "$n" = 6 ] || { cat "$WORK/w.out"; fail "expected 6 findings printed, got $n"; }
run 1 tt --json findings
[ "$(grep -c . "$WORK/out")" = 6 ] || { cat "$WORK/out"; fail "expected 6 recorded findings"; }
expect_out '"recorded":"'
EOF

test_expect_success 'a restart reads nothing again' - <<'EOF'
run 0 tt --json watch in --once
[ ! -s "$WORK/out" ] || { cat "$WORK/out"; fail "a restart read posts again"; }
run 0 tt log --verify
EOF

test_expect_success 'a watcher killed with SIGKILL midway: the restart records every finding once' - <<'EOF'
python3 "$TESTS_DIR/../bench/watch_posts.py" 3000 15 7 in/big.jsonl planted.txt $L/Apache-2.0 -- \
    $L/Artistic $L/LGPL-2.1 $L/GPL-2 $L/BSD
bg_run k "$TELLTALE" watch in
sleep "0.$((RANDOM % 9 + 1))"
kill -9 "$(bg_pid k)"
bg_status k 10 >/dev/null
run 0 tt watch in --once
run 1 tt --json findings
python3 - "$WORK/out" planted.txt <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if '"in/big.jsonl"' in l]
planted = {l.split()[0] for l in open(sys.argv[2])}
keys = [(r["item"], r["doc"], json.dumps(r["spans"])) for r in rows]
assert len(keys) == len(set(keys)), "a finding recorded twice"
assert {r["item"] for r in rows} == planted, sorted({r["item"] for r in rows} ^ planted)
print("ok: %d leaks in big.jsonl recorded once" % len(rows))
PY
run 0 tt log --verify
EOF
