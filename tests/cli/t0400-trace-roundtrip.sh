#!/usr/bin/env bash
# Round trip on real prose: each of 50 recipients' copies of the GPL-3, traced whole and as a
# 1,500-word excerpt, names that recipient and nobody else; the unmarked original accuses
# nobody; copies are deterministic and signed so that minisign verifies them.
. "$(dirname "$0")/lib.sh"
src=/usr/share/common-licenses/GPL-3
[ -r "$src" ] || fail "missing $src (base-files)"
cp "$src" gpl.txt

test_expect_success 'issue 50 copies of GPL-3, all different' - <<'EOF'
run 0 tt init
run 0 tt add gpl.txt --json
doc=$(json_field doc)
{ echo name,contact,unit; for i in $(seq 1 50); do echo "Recipient $i,r$i@example.org,unit $((i % 5))"; done; } > people.csv
run 0 tt recipients import people.csv

run 0 tt slots "$doc"
expect_out "slots in $doc"
run 0 tt issue "$doc" --all --out copies --json
[ "$(wc -l < "$WORK/out")" -eq 50 ] || fail "expected 50 copies"
expect_out '"slots":[0-9]+'
[ "$(ls copies/*.txt | wc -l)" -eq 50 ] || fail "expected 50 files"
[ "$(sha256sum copies/*.txt | cut -d' ' -f1 | sort -u | wc -l)" -eq 50 ] || fail "copies are not all different"
EOF

# deterministic: issuing again gives the same bytes
test_expect_success 'issuing again gives the same bytes' - <<'EOF'
cp "copies/$doc-recipient-7.txt" first7.txt
run 0 tt issue "$doc" --to "Recipient 7" --out copies
cmp -s first7.txt "copies/$doc-recipient-7.txt" || fail "issue is not deterministic"
EOF

test_expect_success 'each copy and its excerpt accuse exactly its recipient' - <<'EOF'
accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }

for i in $(seq 1 50); do
    f="copies/$doc-recipient-$i.txt"
    run 1 tt trace "$f" --doc "$doc" --json
    [ "$(accused)" = "Recipient $i" ] || { cat "$WORK/out"; fail "whole copy $i accused '$(accused)'"; }
    sed -n '200,500p' "$f" > excerpt.txt
    run 1 tt trace excerpt.txt --doc "$doc" --json
    [ "$(accused)" = "Recipient $i" ] || { cat "$WORK/out"; fail "excerpt of copy $i accused '$(accused)'"; }
done
EOF

# the text form names the accused and exits 1
test_expect_success 'the text form names the accused' - <<'EOF'
run 1 tt trace "copies/$doc-recipient-3.txt" --doc "$doc"
expect_out 'ACCUSED +Recipient 3 '
EOF

# must fail: the unmarked original accuses nobody
test_expect_success 'the unmarked original accuses nobody' - <<'EOF'
run 0 tt trace gpl.txt --doc "$doc" --json
[ -z "$(accused)" ] || fail "the original accused '$(accused)'"
expect_out '"observed_slots":[1-9]'
EOF

# must fail: a short excerpt cannot accuse (too few slots), and says how much more is needed
test_expect_success 'a short excerpt cannot accuse, and says how much more is needed' - <<'EOF'
# (21 lines: variant table 3 has fewer slots than table 2, and 11 lines held none)
sed -n '300,320p' "copies/$doc-recipient-5.txt" > short.txt
run 0 tt trace short.txt --doc "$doc"
expect_out 'more words'
EOF

# signatures: minisign verifies a copy and rejects an edited one
test_expect_success MINISIGN 'minisign verifies a copy and rejects an edited one' - <<'EOF'
if command -v minisign >/dev/null; then
    f="copies/$doc-recipient-9.txt"
    minisign -Vm "$f" -p "$TELLTALE_VAULT/vault.pub" >/dev/null || fail "minisign rejects a copy"
    sed 's/software/Software/' "$f" > edited.txt
    cp "$f.minisig" edited.txt.minisig
    if minisign -Vm edited.txt -p "$TELLTALE_VAULT/vault.pub" >/dev/null 2>&1; then
        fail "minisign accepts an edited copy"
    fi
fi
EOF

# the audit log records the issues and the traces, and stays whole
test_expect_success 'the audit log records issues and traces' - <<'EOF'
run 0 tt log --json
expect_out '"action":"issue"'
expect_out '"action":"trace"'
run 0 tt log --verify
EOF
