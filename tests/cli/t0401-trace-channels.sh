#!/usr/bin/env bash
# Trace without --doc (the document is detected), the unicode channel on a 60-word pasted
# excerpt, vetoes, a collusion-tuned code, the HTML report, and the must-fail cases: a copy
# traced in another vault (another marking key) accuses nobody; unrelated text names no
# document.
. "$(dirname "$0")/lib.sh"
memo="$TESTS_DIR/data/trace-memo.txt"
cp "$memo" memo.txt

test_expect_success 'a memo and ten recipients' - <<'EOF'
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
run 0 tt recipients add Ana Ben Cleo Dev Eli Fay Gus Hal Ida Jon
EOF

test_expect_success '60 pasted words (unicode channel) name the copy, document detected' - <<'EOF'
accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }

# unicode channel: every word gap carries two slots
run 0 tt slots "$doc" --channels lexical,unicode --json
n_uni=$(grep -c '"channel":"unicode"' "$WORK/out")
[ "$n_uni" -ge 755 ] || fail "only $n_uni unicode slots for 755 words"
run 0 tt issue "$doc" --all --channels lexical,unicode --out uni
for who in Ana Dev Jon; do
    f="uni/$doc-$(echo "$who" | tr A-Z a-z).txt"
    # 60 words from the middle, pasted into another text
    { echo "Look what I found:"; tr '\n' ' ' < "$f" | cut -d' ' -f300-359; echo "... crazy."; } > paste.txt
    run 1 tt trace paste.txt --json
    expect_out "\"doc\":\"$doc\""
    [ "$(accused)" = "$who" ] || { cat "$WORK/out"; fail "60 pasted words of $who's copy accused '$(accused)'"; }
done
EOF

# the HTML report shows the accused and the chart
test_expect_success 'the HTML report shows the accused and the chart' - <<'EOF'
run 1 tt trace paste.txt --html report.html
grep -q '<svg' report.html || fail "no chart in the report"
grep -q 'Jon' report.html || fail "the report does not name the accused"
if grep -q '<script' report.html; then fail "the report has a script"; fi
EOF

# stripped of zero-width characters the paste reads only lexical slots: nobody accused
test_expect_success 'stripped of zero-width characters: nobody accused' - <<'EOF'
sed 's/\xE2\x81\xA0//g; s/\xE2\x80\x8B//g' paste.txt > stripped.txt
run 0 tt trace stripped.txt --json
[ -z "$(accused)" ] || fail "a stripped 60-word paste accused '$(accused)'"
EOF

# vetoes: a vetoed rule is gone from later reviews; copies issued before still trace
test_expect_success 'vetoes: gone from reviews, earlier copies still trace' - <<'EOF'
run 0 tt slots "$doc" --veto 'clause-comma'
run 0 tt slots "$doc" --vetoes
expect_out '^clause-comma$'
run 0 tt slots "$doc"
expect_no_out 'clause-comma'
run 1 tt trace "uni/$doc-ben.txt" --json
[ "$(accused)" = "Ben" ] || fail "after a veto, Ben's earlier copy accused '$(accused)'"
run 0 tt slots "$doc" --unveto 'clause-comma' --json
expect_out "^\\{\"doc\": ?\"$doc\", ?\"unvetoed\": ?true\\}$"
run 0 tt slots "$doc"
expect_out 'clause-comma'
EOF

# a code tuned for 3 colluders still names a lone leaker of a whole copy
test_expect_success 'a collusion-3 code names a lone leaker' - <<'EOF'
run 0 tt issue "$doc" --to Cleo --to Eli --channels lexical,unicode --collusion 3 --out c3
run 1 tt trace "c3/$doc-cleo.txt" --json
case "$(accused)" in Cleo|Cleo,*|*,Cleo) ;; *) cat "$WORK/out"; fail "collusion-3 copy accused '$(accused)'" ;; esac
case "$(accused)" in *Eli*|*Ana*|*Ben*) fail "collusion-3 copy accused an innocent: '$(accused)'" ;; esac
EOF

# must fail: the same document and recipients in another vault (another key): nobody accused
test_expect_success 'another vault key accuses nobody' - <<'EOF'
export TELLTALE_VAULT="$WORK/vault2"
run 0 tt init
run 0 tt add memo.txt
run 0 tt recipients add Ana Ben Cleo Dev Eli Fay Gus Hal Ida Jon
run 0 tt issue "$doc" --all --channels lexical,unicode --out other
run 0 tt trace "uni/$doc-ana.txt" --json
[ -z "$(accused)" ] || { cat "$WORK/out"; fail "another vault's key accused '$(accused)'"; }
expect_out '"observed_slots":[1-9][0-9]{2,}'
export TELLTALE_VAULT="$WORK/vault"
EOF

# unrelated text: no document, nobody accused
test_expect_success 'unrelated text: no document' - <<'EOF'
sed -n '1,80p' /usr/share/common-licenses/Apache-2.0 > unrelated.txt
run 0 tt trace unrelated.txt --json
expect_out '"doc":null'
EOF

# usage errors
test_expect_success 'usage errors' - <<'EOF'
run 2 tt trace
run 2 tt trace paste.txt --max-false 2
run 2 tt trace missing.txt
expect_err "cannot read 'missing.txt'"
run 2 tt issue "$doc"
run 2 tt issue nosuchdoc --all
run 2 tt issue "$doc" --to Nobody
expect_err "Nobody"
run 2 tt issue "$doc" --all --channels lexical,bogus
EOF
