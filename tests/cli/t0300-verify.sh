#!/usr/bin/env bash
# telltale verify: planted alterations are reported with original, leaked text and spans;
# a clean reformatted excerpt is authentic; unrelated prose is unrelated; the audit log
# records each verification; --doc, --sig and usage errors.
. "$(dirname "$0")/lib.sh"
MEMO="$TESTS_DIR/data/verify/memo.txt"

test_expect_success 'register the memo and Apache' - <<'EOF'
run 0 tt init
run 0 tt --json add "$MEMO" /usr/share/common-licenses/Apache-2.0
DOC=$(head -n1 "$WORK/out" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["doc"])')
EOF

# a clean excerpt, reflowed, in upper case in places, "e-mail" written "email"
test_expect_success 'a clean reformatted excerpt is authentic' - <<'EOF'
cat > clean.txt <<'T'
Director Helen Okafor reported that the programme had spent 1200 dollars more than planned --
and that the shelter would not open before the winter.  THE DELEGATES agreed that the figures
must be checked again by an independent auditor. Several members asked whether the transport
contract could be renegotiated with the supplier in Lyon. Questions may be sent by email to the
secretariat.
T
run 0 tt verify clean.txt
expect_out "clean.txt: authentic \(document $DOC"
run 0 tt --json verify clean.txt
python3 - "$WORK/out" "$DOC" <<'P'
import json, sys
o = json.loads(open(sys.argv[1]).readline())
assert o["verdict"] == "authentic", o
assert o["doc"] == sys.argv[2], o
assert o["changes"] == [], o
P
EOF

# planted: a number, a name, a negation, an inserted sentence, a dropped sentence
test_expect_success 'planted changes are reported with their spans' - <<'EOF'
sed -e 's/spent 1200 dollars/spent 12000 dollars/' -e 's/Helen Okafor/Helen Mensah/' \
    -e 's/would not open/would open/' \
    -e 's/independent auditor\./independent auditor. Nobody objected to the secret payments made last year./' \
    -e 's/^Questions may be sent by e-mail to the secretariat\. //' "$MEMO" > leak.txt
run 1 tt verify leak.txt
expect_out 'leak.txt: altered'
expect_out 'altered number: "1200" -> "12000"'
expect_out 'altered name: "Okafor" -> "Mensah"'
expect_out 'altered negation: "not" -> ""'
expect_out 'inserted text: "Nobody objected to the secret payments made last year"'
expect_out 'missing text: "Questions may be sent by e-mail to the secretariat"'
run 1 tt verify --json leak.txt
python3 - "$WORK/out" leak.txt "$MEMO" <<'P'
import json, sys
o = json.loads(open(sys.argv[1]).readline())
leak = open(sys.argv[2], "rb").read()
memo = open(sys.argv[3], "rb").read()
assert o["verdict"] == "altered"
ch = o["changes"]
kinds = [(c["kind"], c["what"]) for c in ch]
assert kinds == [("altered", "name"), ("altered", "number"), ("altered", "negation"),
                 ("inserted", "text"), ("missing", "text")], kinds
for c in ch:
    s, e = c["leak_span"]
    assert leak[s:e].decode() == c["leaked"], c
    s, e = c["orig_span"]
    assert memo[s:e].decode() == c["original"], c
print("json spans ok")
P
EOF

# unrelated prose
test_expect_success 'unrelated prose is unrelated' - <<'EOF'
sed -n '1,40p' /usr/share/common-licenses/MPL-2.0 > other.txt
run 0 tt verify other.txt
expect_out 'other.txt: unrelated'
run 0 tt --json verify other.txt
expect_out '"verdict":"unrelated"'
expect_out '"doc":null'
EOF

# --doc names the document; a wrong one makes the text unrelated to it
test_expect_success '--doc names the document' - <<'EOF'
run 1 tt verify --doc "$DOC" leak.txt
run 2 tt verify --doc dnothere leak.txt
expect_err "dnothere"
EOF

# standard input
test_expect_success 'standard input' - <<'EOF'
run 1 tt verify - < leak.txt
EOF

# every verification is in the audit log, and the log is whole
test_expect_success 'every verification is logged' - <<'EOF'
run 0 tt --json log
[ "$(grep -c '"verify"' "$WORK/out")" -ge 6 ] || fail "verify not logged"
run 0 tt log --verify
EOF

# usage errors
test_expect_success 'usage errors' - <<'EOF'
run 2 tt verify
expect_err 'no file given'
run 2 tt verify leak.txt other.txt --html two.html   # a report is of one input (batch: t0752)
run 2 tt verify --bogus leak.txt
expect_err "unknown option '--bogus'"
run 2 tt verify missing.txt
expect_err "missing.txt"
run 0 tt verify --help
expect_out '^usage: telltale verify'
: > empty.txt
run 2 tt verify empty.txt
expect_err "empty.txt"
EOF
