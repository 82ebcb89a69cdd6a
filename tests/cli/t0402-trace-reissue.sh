#!/usr/bin/env bash
# Every issued copy stays on record: re-issuing a document to a recipient with other options
# adds a copy (the first is not overwritten, and still names its holder when it leaks);
# re-issuing with the same options changes nothing.  Trace scores each copy; the bound counts
# copies.  A leak saved as a web page is traced from the text a reader saw.  Terminal tables
# pad names by display width.
. "$(dirname "$0")/lib.sh"
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt

test_expect_success 'a memo, five recipients, first copies' - <<'EOF'
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
run 0 tt recipients add Ana Ben "Ayşe Yılmaz" Dev Eli
ncopies() { sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT count(*) FROM copies"; }
accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }

run 0 tt issue "$doc" --all --channels lexical,unicode --out first
[ "$(ncopies)" = 5 ] || fail "5 copies expected, $(ncopies) on record"
sha_first=$(sha256sum "first/$doc-ana.txt" | cut -d' ' -f1)
cp "first/$doc-ana.txt" ana-first.txt
EOF

# the same options again: idempotent (same bytes, same rows)
test_expect_success 'the same options again change nothing' - <<'EOF'
run 0 tt issue "$doc" --all --channels lexical,unicode --out first
[ "$(ncopies)" = 5 ] || fail "re-issuing the same copies added rows: $(ncopies)"
EOF

# other options, same recipient and channels, same directory: a new copy, the first kept
test_expect_success 'other options add a copy, the first kept' - <<'EOF'
run 0 tt issue "$doc" --to Ana --channels lexical,unicode --collusion 3 --out first
[ "$(ncopies)" = 6 ] || fail "a re-issue with --collusion 3 should add a copy: $(ncopies)"
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT count(*) FROM copies WHERE sha256 = '$sha_first'")" = 1 ] ||
    fail "the first copy's record was overwritten"
[ "$(sha256sum "first/$doc-ana.txt" | cut -d' ' -f1)" = "$sha_first" ] ||
    fail "the first copy's file was overwritten"
ls first | grep -Eq "^$doc-ana-[0-9a-f]{8}\.txt$" || { ls first; fail "no separate file for the second copy"; }
EOF

# the first copy leaks: Ana is accused through that copy, and 6 copies count in the bound
test_expect_success 'the first copy leaks: Ana accused through it' - <<'EOF'
{ echo "Look:"; tr '\n' ' ' < ana-first.txt | cut -d' ' -f200-279; } > leak.txt
run 1 tt trace leak.txt --json
# (Ana's two codewords share the keystream and differ only in the biases, so her second copy
# may be accused beside the first; nobody else may be, and the leaked copy must lead)
[ "$(accused | tr ',' '\n' | sort -u)" = "Ana" ] ||
    { cat "$WORK/out"; fail "the first copy's leak accused '$(accused)'"; }
expect_out '"copies":6'
first_id=$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT id FROM copies WHERE sha256 = '$sha_first'")
python3 - "$WORK/out" "$first_id" <<'PY' || fail "suspects are not per copy"
import json, sys
j = json.load(open(sys.argv[1]))
ana = [s for s in j["suspects"] if s["recipient"] == "Ana"]
assert len(ana) == 2, ana
assert len({s["copy"] for s in ana}) == 2
assert j["suspects"][0]["copy"] == int(sys.argv[2]), (j["suspects"][0], sys.argv[2])
assert j["suspects"][0]["accused"]
assert all(s["issued"] for s in ana)
PY
EOF

# the human view says which of Ana's copies
test_expect_success 'the human view says which copy' - <<'EOF'
run 1 tt trace leak.txt
expect_out 'ACCUSED +Ana +score .*\(copy [0-9]+, issued '
EOF

# the second copy leaks: Ana again, through the other record
test_expect_success 'the second copy leaks: Ana again' - <<'EOF'
{ echo "Look:"; tr '\n' ' ' < "$(ls first/$doc-ana-*.txt | grep -v minisig)" | cut -d' ' -f200-279; } > leak2.txt
run 1 tt trace leak2.txt --json
# (Ana's first copy may be accused too: her two codewords share the keystream and differ only
# in the biases, so they are correlated; both are Ana's, and nobody else may be named)
[ "$(accused | tr ',' '\n' | sort -u)" = "Ana" ] ||
    { cat "$WORK/out"; fail "the second copy's leak accused '$(accused)'"; }
EOF

# a leak saved as a web page: tags and entities between the words
test_expect_success 'a leak saved as a web page is traced' - <<'EOF'
python3 - "first/$doc-dev.txt" > leak.html <<'PY'
import html, sys
words = open(sys.argv[1], encoding="utf-8").read().split(" ")[150:260]
body = " ".join(("<b>%s</b>" if i % 7 == 0 else "%s") % html.escape(w) for i, w in enumerate(words))
print("<!DOCTYPE html><html><head><title>forum</title><style>p{x:1}</style></head>"
      "<body><div class=post><p>" + body.replace("'", "&#39;") + "</p></div></body></html>")
PY
run 1 tt trace leak.html --json
[ "$(accused)" = "Dev" ] || { cat "$WORK/out"; fail "the HTML leak accused '$(accused)'"; }
run 1 tt trace leak.html --html leak-report.html
if grep -q '<b>' leak-report.html; then fail "the report shows the leak's HTML tags"; fi
EOF

# display-width padding: the columns after a non-ASCII name line up
test_expect_success 'display-width padding lines columns up' - <<'EOF'
run 0 tt recipients list
python3 - "$WORK/out" <<'PY' || fail "recipients list columns do not line up"
import sys, unicodedata
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
def col(line, word):
    i = line.index(word)
    return sum(0 if unicodedata.combining(c) else 1 for c in line[:i])
cols = {col(l, "-") for l in rows[1:]}
assert len(cols) == 1, rows
PY
run 1 tt trace leak.txt --top 10
python3 - "$WORK/out" <<'PY' || fail "trace columns do not line up"
import sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if "score" in l]
assert len({l.index("score") for l in rows}) == 1, rows
assert any("Yılmaz" in l for l in rows), rows
PY
EOF

# the log's human view shortens an issue to many recipients; --json keeps it whole
test_expect_success 'the log human view shortens an issue; --json keeps it whole' - <<'EOF'
run 0 tt log
expect_out 'issue +\{.*"copies":"\[5 items\]"'
python3 - "$WORK/out" <<'PY' || fail "a log line is too long for a terminal"
import sys
assert max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")) <= 160
PY
run 0 tt log --json
expect_out '"copies":\[\["Ana","[0-9a-f]{64}"\]'
EOF

# the trace report marks the slots that spoke, with a legend that says so
test_expect_success 'the trace report marks the slots that spoke' - <<'EOF'
run 1 tt trace leak.txt --html report.html
grep -q 'slot read, as in Ana' report.html || fail "the report's legend does not name the compared copy"
grep -q '<mark class="agree" title="[a-z-]*: read [01]"' report.html || fail "no read slot marked in the report"
grep -q 'altered</mark>' report.html && fail "the trace report uses verify's legend"
true
EOF
