#!/usr/bin/env bash
# Vault management (issue 13.1): docs, show, copies, retire, and recipients rename, update,
# retire, remove, show-with-copies.  Every change keeps `log --verify` consistent (the
# changed row's new digest is bound in the same entry), a rename made by SQL instead is
# still caught, a retired document or recipient is still traced, and a recipient who
# received copies is never removed.
. "$(dirname "$0")/lib.sh"
[ -r /usr/share/common-licenses/GPL-3 ] || fail "missing /usr/share/common-licenses/GPL-3"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed"
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/out" "$1"; }
consistent() {
    run 0 tt log --verify
    expect_out '^vault consistent with its log$'
}

test_expect_success 'a vault with two documents, four recipients, copies of one' - <<'EOF'
cp /usr/share/common-licenses/GPL-3 gpl.txt
cp /usr/share/common-licenses/Apache-2.0 apache.txt
run 0 tt init
run 0 tt add gpl.txt --title "GNU General Public License, version 3, the long title of it" --label legal --json
gpl=$(json doc)
run 0 tt add apache.txt --json
apache=$(json doc)
run 0 tt recipients add Ana Bo Cy
run 0 tt recipients add "  Di Long-Contact  " --contact "di.with.a.very.long.address@departments.example.org"
expect_out '^added recipient 4: Di Long-Contact$'
run 0 tt issue "$gpl" --all --out copies
consistent
EOF

test_expect_success 'docs lists id, title, label, words, added, copies' - <<'EOF'
run 0 tt docs
expect_out "^DOC +TITLE +LABEL +WORDS +ADDED +COPIES +STATE$"
expect_out "^$gpl +GNU General Public License, version… +legal +[0-9]+ +[0-9-]+ [0-9:]+ +4 +issued$"
expect_out "^$apache .* +0 +issued$"
run 0 tt docs --json
[ "$(wc -l < out)" = 2 ] || fail "two documents"
python3 - "$WORK/out" "$gpl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert set(rows[0]) == {"doc", "title", "label", "words", "added", "copies", "retired"}, rows[0]
assert rows[0]["doc"] == sys.argv[2] and rows[0]["copies"] == 4 and rows[0]["label"] == "legal"
assert rows[0]["retired"] is None and rows[1]["label"] is None and rows[1]["copies"] == 0
PY
EOF

test_expect_success 'show DOC by a short prefix: metadata, copies by recipient and date, slots' - <<'EOF'
run 0 tt show "${gpl:0:4}"
expect_out "^document +$gpl$"
expect_out '^label +legal$'
expect_out '^slots +[0-9]+ \([0-9.]+ per 100 words'
expect_out '^copies +4$'
expect_out '^  [0-9]+ +Ana +[0-9-]+T[0-9:]+Z +lexical$'
expect_out '^  [0-9]+ +Di Long-Contact +[0-9-]+T'
run 0 tt show "$gpl" --json
python3 -c '
import json,sys; j=json.load(open(sys.argv[1]))
assert [c["recipient"] for c in j["copies"]] == ["Ana","Bo","Cy","Di Long-Contact"], j
assert j["slots"] > 0 and j["sha256"] and j["retired"] is None' "$WORK/out"
run 2 tt show dffffffff
expect_err "no document 'dffffffff'"
run 2 tt show
expect_err 'say which document'
EOF

test_expect_success 'copies: all, of a document, of a recipient' - <<'EOF'
run 0 tt copies
[ "$(grep -c "^[0-9]" out)" = 4 ] || fail "four copies"
run 0 tt copies "$apache"
[ ! -s out ] || fail "no copies of apache"
run 0 tt copies --recipient Bo --json
[ "$(wc -l < out)" = 1 ] || fail "one copy for Bo"
expect_out "\"doc\":\"$gpl\""
expect_out '"recipient":"Bo"'
run 2 tt copies --recipient Nobody
expect_err "no recipient 'Nobody'"
EOF

test_expect_success 'recipients show lists the copies received; list fits long contacts' - <<'EOF'
run 0 tt recipients show Cy
expect_out '^copies +1$'
expect_out "^  [0-9]+ +$gpl +GNU General"
run 0 tt recipients list
expect_out '^4 +Di Long-Contact +di\.with\.a\.very\.long\.address@d… +- +1 +active$'
# every row of the table has its columns at the same place
python3 -c '
import sys
rows=[l.rstrip("\n") for l in open(sys.argv[1])]
cols=set(len(r) - len(r.lstrip()) for r in rows)
pos=set(r.index(" active") if " active" in r else -1 for r in rows[1:])
assert len(pos)==1, rows' "$WORK/out"
EOF

test_expect_success 'options after the subcommand: recipients show NAME --vault DIR' - <<'EOF'
cd /tmp
run 0 tt recipients show Ana --vault "$TELLTALE_VAULT"
expect_out '^name +Ana$'
cd "$WORK"
EOF

test_expect_success 'rename keeps the id and the attribution; the log stays consistent' - <<'EOF'
leak="copies/$gpl-cy.txt"
[ -f "$leak" ] || leak=$(ls copies/*cy*.txt | head -1)
run 0 tt recipients rename "Cy" "  Cyrus Ode "
expect_out '^renamed recipient 3: Cyrus Ode$'
consistent
run 1 tt trace "$leak" --doc "$gpl" --json
expect_out '"suspects":\[\{"recipient":"Cyrus Ode",[^}]*"accused":true\}'
run 0 tt log --json
expect_out '"action":"recipient-rename","args":\{"bind":\[\["recipient","3","[0-9a-f]{64}"\]\],"from":"Cy","id":3,"name":"Cyrus Ode"\}'
run 2 tt recipients rename "Cyrus Ode" Ana
expect_err "recipient 'Ana' exists"
run 2 tt recipients rename Nobody X
expect_err "no recipient 'Nobody'"
EOF

test_expect_success 'update sets and clears contact and unit; consistent' - <<'EOF'
run 0 tt recipients update Ana --contact ana@example.org --unit Legal --json
expect_out '"name":"Ana","contact":"ana@example.org","unit":"Legal"'
consistent
run 0 tt recipients update Ana --unit ""
expect_out '^updated recipient 1: Ana$'
run 0 tt recipients show Ana --json
expect_out '"unit":null'
consistent
run 2 tt recipients update Ana
expect_err 'update needs --contact or --unit'
EOF

test_expect_success 'a rename made by SQL behind the log is caught, and blocks later changes' - <<'EOF'
cp -a "$TELLTALE_VAULT" before-sql
sqlite3 "$TELLTALE_VAULT/vault.db" "UPDATE recipients SET name = 'Mallory' WHERE id = 2"
run 1 tt log --verify
expect_out '^inconsistent \(edited\): recipient #2 was changed outside telltale'
run 2 tt trace "copies/$(ls copies | grep -- '-bo\.' | head -1)" --doc "$gpl"
expect_err 'tampered'
run 2 tt recipients rename Mallory Bob
expect_err 'recipient #2'
rm -rf "$TELLTALE_VAULT"; mv before-sql "$TELLTALE_VAULT"
consistent
EOF

test_expect_success 'retire a recipient: skipped by issue --all, refused by --to, still traced' - <<'EOF'
run 0 tt recipients retire Bo
expect_out '^retired recipient 2: Bo$'
consistent
run 2 tt recipients retire Bo
expect_err 'retired already'
run 2 tt issue "$apache" --to Bo --out copies2
expect_err "recipient 'Bo' is retired"
run 0 tt issue "$apache" --all --out copies2 --json
[ "$(wc -l < out)" = 3 ] || fail "three copies, Bo skipped"
expect_no_out '"recipient":"Bo"'
run 1 tt trace "copies/$(ls copies | grep -- '-bo\.' | head -1)" --doc "$gpl" --json
expect_out '"suspects":\[\{"recipient":"Bo",[^}]*"accused":true\}'
run 0 tt recipients list --json
expect_out '"name":"Bo",.*"retired":"[0-9-]+T[0-9:]+Z"'
consistent
EOF

test_expect_success 'remove: needs --force, refused for a recipient with copies, logged' - <<'EOF'
run 0 tt recipients add Eve
d=$(vault_digest)
run 2 tt recipients remove Eve
expect_err 'add --force'
[ "$(vault_digest)" = "$d" ] || fail "remove without --force changed the vault"
run 2 tt recipients remove Ana --force
expect_err "recipient 'Ana' received 2 copies: tracing those needs them; retire them instead"
[ "$(vault_digest)" = "$d" ] || fail "a refused remove changed the vault"
run 0 tt recipients remove Eve --force
expect_out '^removed recipient Eve$'
run 2 tt recipients show Eve
consistent
run 0 tt log --json
expect_out '"action":"recipient-remove","args":\{"id":[0-9]+,"name":"Eve","unbind":\[\["recipient","[0-9]+"\]\]\}'
EOF

test_expect_success 'retire a document: issue refuses it, trace still names the recipient' - <<'EOF'
run 0 tt retire "${gpl:0:5}"
expect_out "^retired $gpl: GNU General"
consistent
run 2 tt retire "$gpl"
expect_err 'retired already'
run 2 tt issue "$gpl" --to Ana --out copies3
expect_err "document '$gpl' is retired"
run 0 tt docs --json
expect_out "\"doc\":\"$gpl\".*\"retired\":\"[0-9-]+T"
run 1 tt trace "copies/$(ls copies | grep -- '-ana\.' | head -1)" --doc "$gpl" --json
expect_out '"suspects":\[\{"recipient":"Ana",[^}]*"accused":true\}'
run 0 tt log --json
expect_out "\"action\":\"doc-retire\",\"args\":\\{\"bind\":\\[\\[\"doc\",\"$gpl\",\"[0-9a-f]{64}\"\\]\\],\"doc\":\"$gpl\""
EOF

test_expect_success 'a retirement undone by SQL is caught' - <<'EOF'
sqlite3 "$TELLTALE_VAULT/vault.db" "UPDATE documents SET retired = NULL WHERE doc_id = '$gpl'"
run 1 tt log --verify
expect_out "^inconsistent \\(edited\\): document $gpl"
EOF
