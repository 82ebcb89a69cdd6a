#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What watch records is what scan prints and what the signed log vouches for: a finding's JSON
# line from `watch -` is byte for byte the line `scan --json` prints for the same post (with
# the reader's author, date and url, and line-N for a post without an id); each recorded row
# is bound to the audit entry that wrote it, so a row edited, deleted or forged by SQL makes
# `findings` refuse and `log --verify` name it.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/Artistic ] || skip_all "no licence texts in $L"
test_have_prereq SQLITE3,PYTHON3 || skip_all "needs sqlite3 and python3"

test_expect_success 'a vault and posts with authors, dates, urls, and one without an id' - <<'EOF'
run 0 tt init
run 0 tt add $L/Apache-2.0
python3 - <<'PY'
import json
lic = open('/usr/share/common-licenses/Apache-2.0').read()
art = open('/usr/share/common-licenses/Artistic').read()
posts = [
    {"id": "p1", "text": art[:600]},
    {"id": "p2", "author": {"name": "Kim"}, "date": "2026-11-27T10:00:00Z",
     "url": "https://example.org/p2", "channel": "c1", "text": art[600:900] + lic[3000:3800]},
    {"id": 3, "from": "Lee", "timestamp": "1764237600", "text": lic[5000:5700]},
    {"text": "no id: " + lic[7000:7600]},
]
with open("posts.jsonl", "w") as f:
    for p in posts:
        f.write(json.dumps(p) + "\n")
PY
EOF

test_expect_success 'watch - prints and records the very lines scan --json prints' - <<'EOF'
run 1 tt --json scan --jsonl - < posts.jsonl
cp "$WORK/out" scan.out
[ "$(grep -c . scan.out)" = 3 ] || { cat scan.out; fail "scan found $(grep -c . scan.out), not 3"; }
grep -q '"author":"Kim","date":"2026-11-27T10:00:00Z","url":"https://example.org/p2"' scan.out ||
    { cat scan.out; fail "scan lacks the reader's fields"; }
grep -q '"item":"line-4"' scan.out || { cat scan.out; fail "scan lacks line-4"; }
run 0 tt --json watch - < posts.jsonl
cmp "$WORK/out" scan.out || { diff "$WORK/out" scan.out; fail "watch and scan differ"; }
run 1 tt --json findings
sed 's/,"recorded":"[^"]*"}$/}/' "$WORK/out" > findings.out
cmp findings.out scan.out || { diff findings.out scan.out; fail "recorded lines differ"; }
EOF

test_expect_success 'the findings audit entries bind each new row' - <<'EOF'
run 0 tt --json log
python3 - "$WORK/out" <<'PY'
import json, sys
e = [json.loads(l) for l in open(sys.argv[1])]
f = [x for x in e if x["action"] == "findings"]
assert f, e
b = [t for x in f for t in x["args"]["bind"]]
assert sorted(k for _, k, _ in b) == ["1", "2", "3"], b
assert all(kind == "finding" and len(d) == 64 for kind, _, d in b), b
PY
run 0 tt log --verify
expect_out "vault consistent with its log"
EOF

test_expect_success 'a finding edited by SQL: findings refuses, log --verify names it' - <<'EOF'
sqlite3 "$TELLTALE_VAULT/vault.db" "UPDATE findings SET doc_end = doc_end + 1 WHERE id = 2"
run 2 tt findings
expect_err "refusing to answer from a tampered vault: finding #2 was changed outside telltale"
run 1 tt log --verify
expect_out "inconsistent \(edited\): finding #2"
sqlite3 "$TELLTALE_VAULT/vault.db" "UPDATE findings SET doc_end = doc_end - 1 WHERE id = 2"
run 0 tt log --verify
run 1 tt findings
EOF

test_expect_success 'a finding deleted or forged by SQL: refused and named' - <<'EOF'
cp "$TELLTALE_VAULT/vault.db" saved.db
sqlite3 "$TELLTALE_VAULT/vault.db" "DELETE FROM findings WHERE id = 1"
run 2 tt --json findings
expect_err "finding #1 is in the signed audit log but gone from the vault"
run 1 tt log --verify
expect_out "inconsistent \(missing\): finding #1"
cp saved.db "$TELLTALE_VAULT/vault.db"
sqlite3 "$TELLTALE_VAULT/vault.db" "INSERT INTO findings SELECT 9, source, 'forged', doc,
    leak_start, leak_end, doc_start, doc_end, matched_words, coverage, chance, fingerprint,
    time, json FROM findings WHERE id = 1"
run 2 tt findings
expect_err "finding #9 is not in the signed audit log"
run 1 tt log --verify
expect_out "inconsistent \(unlogged\): finding #9"
EOF
