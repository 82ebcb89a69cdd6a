#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# watch --text-field NAME: posts whose text is under another member (dotted for nesting) are
# read as scan --jsonl --text-field reads them, from every source (standard input, a folder,
# NATS); without the option such posts are named as having no text and nothing is found; a
# post without the member is named and skipped, the rest scanned.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-nats.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/Artistic ] || skip_all "no licence texts in $L"
test_have_prereq PYTHON3 || skip_all "needs python3"

test_expect_success 'a vault, posts with their text under "msg.body", one without it' - <<'EOF'
run 0 tt init
run 0 tt add $L/Apache-2.0
python3 - <<'PY'
import json
lic = " ".join(open("/usr/share/common-licenses/Apache-2.0").read().split())
art = " ".join(open("/usr/share/common-licenses/Artistic").read().split())
posts = [
    {"id": "q1", "msg": {"body": art[:500]}},
    {"id": "q2", "msg": {"body": art[500:800] + " " + lic[3000:3700]}, "text": art[900:1300]},
    {"id": "q3", "text": lic[5000:5700]},
    {"id": "q4", "msg": {"body": lic[7000:7600]}},
]
with open("posts.jsonl", "w") as f:
    for p in posts:
        f.write(json.dumps(p) + "\n")
PY
EOF

test_expect_success 'watch - --text-field finds what scan --jsonl --text-field finds' - <<'EOF'
run 1 tt --json scan --jsonl --text-field msg.body - < posts.jsonl
cut -d, -f1-8 "$WORK/out" > scan.out
run 0 tt --json watch - --text-field msg.body < posts.jsonl
cut -d, -f1-8 "$WORK/out" > watch.out
cmp -s scan.out watch.out || { diff scan.out watch.out; fail "watch and scan differ"; }
grep -q '"item":"q2"' watch.out || { cat watch.out; fail "q2 not found under msg.body"; }
grep -q '"item":"q4"' watch.out || { cat watch.out; fail "q4 not found under msg.body"; }
! grep -q '"item":"q3"' watch.out || fail "q3's text member was read despite --text-field"
expect_err "line 3: no \"msg.body\" text"
EOF

test_expect_success 'without --text-field the member is not read' - <<'EOF'
run 0 tt --vault v2 init
run 0 tt --vault v2 add $L/Apache-2.0
run 0 tt --vault v2 --json watch - < posts.jsonl
! grep -q '"item":"q4"' "$WORK/out" || fail "q4 found without --text-field"
expect_err "line 1: no text"
EOF

test_expect_success 'watch DIR --text-field reads a folder stream the same way' - <<'EOF'
mkdir in
cp posts.jsonl in/p.jsonl
run 0 tt --vault v2 --json watch in --once --text-field msg.body
cut -d, -f1-8 "$WORK/out" | sed 's|"source":"in/p.jsonl"|"source":"-"|' > dir.out
cmp -s watch.out dir.out || { diff watch.out dir.out; fail "the folder source read other posts"; }
EOF

test_expect_success NATS 'watch --nats --text-field reads NATS messages the same way' - <<'EOF'
start_nats "$(free_port)" "$WORK/js"
run 0 timeout 60 "$TELLTALE" publish --nats "$NATS_URL" --stream posts posts.jsonl
run 0 tt --vault v3 init
run 0 tt --vault v3 add $L/Apache-2.0
run 0 timeout 60 "$TELLTALE" --vault v3 --json watch --nats "$NATS_URL" --stream posts --once \
    --text-field msg.body
grep -q '"item":"q4"' "$WORK/out" || { cat "$WORK/out" "$WORK/err"; fail "q4 not found over NATS"; }
grep -q '"item":"q2"' "$WORK/out" || { cat "$WORK/out"; fail "q2 not found over NATS"; }
! grep -q '"item":"q3"' "$WORK/out" || fail "q3 found over NATS"
expect_err "message 3: no \"msg.body\" text"
EOF

test_expect_success 'the option needs a member name' - <<'EOF'
run 2 tt watch - --text-field
expect_err "--text-field needs a value"
EOF
