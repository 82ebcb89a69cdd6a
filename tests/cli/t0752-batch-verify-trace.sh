#!/usr/bin/env bash
# Batch verify and trace (issue 13.4): several files, a folder, FILE#ID items of a JSON-lines
# file (the name scan prints), each with its own result; exit status 2 if any input failed,
# else 1 if any found something, else 0.  Standard input is "-" in trace as in verify.
. "$(dirname "$0")/lib.sh"
[ -r /usr/share/common-licenses/GPL-3 ] || fail "missing /usr/share/common-licenses/GPL-3"

test_expect_success 'a vault, a document, copies for three recipients' - <<'EOF'
cp /usr/share/common-licenses/GPL-3 gpl.txt
run 0 tt init
run 0 tt add gpl.txt --json
gpl=$(json_field doc)
run 0 tt recipients add Ana Bo Cy
run 0 tt issue "$gpl" --all --out copies
mkdir leaks
sed -n '100,400p' "copies/$gpl-ana.txt" > leaks/a-ana.txt
sed -n '100,400p' "copies/$gpl-cy.txt" > leaks/b-cy.txt
printf 'Only words about gardening and the weather, nothing registered at all, none.\n' > leaks/c-clean.txt
touch leaks/.hidden
python3 - "copies/$gpl-bo.txt" posts.jsonl <<'P'
import json, sys
copy = open(sys.argv[1], encoding="utf-8").read().splitlines()
posts = [{"id": "p-1", "text": "Nothing to see, only soup."},
         {"id": "p-2", "url": "https://example.org/p2", "text": "\n".join(copy[100:400])}]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for p in posts:
        f.write(json.dumps(p) + "\n")
P
EOF

test_expect_success 'trace several files: one result each, exit 1' - <<'EOF'
run 1 tt trace leaks/a-ana.txt leaks/b-cy.txt --doc "$gpl" --json
[ "$(wc -l < out)" = 2 ] || fail "two results"
expect_out '^\{"source":"leaks/a-ana.txt",.*"suspects":\[\{"recipient":"Ana",[^}]*"accused":true'
expect_out '^\{"source":"leaks/b-cy.txt",.*"suspects":\[\{"recipient":"Cy",[^}]*"accused":true'
EOF

test_expect_success 'trace a folder: its files in name order, hidden ones left out' - <<'EOF'
run 1 tt trace leaks
expect_out '^leaks/a-ana.txt: document '
expect_out '^leaks/b-cy.txt: document '
expect_out '^leaks/c-clean.txt: matches no registered document$'
expect_no_out 'hidden'
[ "$(grep -n '^leaks/' out | cut -d: -f2 | tr '\n' ' ')" = "leaks/a-ana.txt leaks/b-cy.txt leaks/c-clean.txt " ] || fail "order"
EOF

test_expect_success 'trace FILE#ID: the post scan names; a missing id fails alone' - <<'EOF'
run 1 tt trace "posts.jsonl#p-2" --json
expect_out '^\{"source":"posts.jsonl#p-2",.*"suspects":\[\{"recipient":"Bo",[^}]*"accused":true'
run 2 tt trace "posts.jsonl#p-9" leaks/a-ana.txt
expect_err "^telltale: cannot read 'posts.jsonl': no item 'p-9' in it$"
expect_out '^leaks/a-ana.txt: document '
EOF

test_expect_success 'only the clean file: exit 0; standard input is "-"' - <<'EOF'
run 0 tt trace leaks/c-clean.txt
run 0 tt trace - < leaks/c-clean.txt
expect_out '^-: matches no registered document$'
EOF

test_expect_success 'verify several inputs: one result each; a folder; FILE#ID' - <<'EOF'
run 0 tt verify leaks/a-ana.txt "posts.jsonl#p-2" --json
[ "$(wc -l < out)" = 2 ] || fail "two results"
expect_out '^\{"file":"leaks/a-ana.txt",.*"verdict":"authentic"'
expect_out '^\{"file":"posts.jsonl#p-2",.*"verdict":"authentic"'
sed '0,/ must /s// may /' leaks/b-cy.txt > leaks/b-cy.txt.tmp && mv leaks/b-cy.txt.tmp leaks/b-cy.txt
run 1 tt verify leaks --json
[ "$(wc -l < out)" = 3 ] || fail "three results"
expect_out '"file":"leaks/b-cy.txt",.*"verdict":"altered"'
expect_out '"file":"leaks/c-clean.txt",.*"verdict":"unrelated"'
run 2 tt verify leaks/a-ana.txt nonexistent.txt
expect_err "nonexistent.txt"
expect_out 'leaks/a-ana.txt'
run 2 tt verify leaks --html one.html
expect_err -- '--html applies to one input; 3 given'
[ ! -e one.html ] || fail "a report was written"
EOF

test_expect_success 'each verified input is logged' - <<'EOF'
run 0 tt log --json
[ "$(grep -c '"action":"verify"' out)" -ge 6 ] || fail "verify entries"
expect_out '"action":"verify","args":\{[^}]*"file":"posts.jsonl#p-2"'
run 0 tt log --verify
expect_out '^vault consistent with its log$'
EOF
