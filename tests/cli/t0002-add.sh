#!/usr/bin/env bash
# add registers real documents: exact bytes, stable ids, titles, word counts, duplicates.
. "$(dirname "$0")/lib.sh"

test_expect_success 'register GPL-3 and Apache: ids, titles, word counts' - <<'EOF'
run 0 tt init

cp /usr/share/common-licenses/GPL-3 gpl3.txt
cp /usr/share/common-licenses/Apache-2.0 apache.txt
sha_g=$(sha256sum gpl3.txt | cut -c1-64)
sha_a=$(sha256sum apache.txt | cut -c1-64)

run 0 tt add gpl3.txt apache.txt --json
words_g=$(wc -w < gpl3.txt)
words_a=$(wc -w < apache.txt)
expect_out "^\{\"doc\":\"d${sha_g:0:8}\",\"title\":\"GNU GENERAL PUBLIC LICENSE\",\"words\":$words_g,\"duplicate\":false,\"sha256\":\"$sha_g\""
expect_out "^\{\"doc\":\"d${sha_a:0:8}\",\"title\":\"Apache License\",\"words\":$words_a,\"duplicate\":false"
EOF

# The original bytes are stored exactly (FORMATS.md 2.1: an empty `original` is the text's bytes).
test_expect_success 'the original bytes are stored exactly' - <<'EOF'
stored=$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT hex(CASE WHEN length(original) = 0 THEN CAST(text AS BLOB) ELSE original END) FROM documents WHERE doc_id='d${sha_g:0:8}'")
[ "$stored" = "$(od -An -tx1 -v gpl3.txt | tr -d ' \n' | tr a-f A-F)" ] || fail "original bytes differ"
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT sha256 FROM documents WHERE doc_id='d${sha_g:0:8}'")" = "$sha_g" ] || fail "sha256"
EOF

# The same content again (under another name) is a duplicate, not a second document.
test_expect_success 'the same content again is a duplicate' - <<'EOF'
cp gpl3.txt copy-of-gpl.txt
run 0 tt add copy-of-gpl.txt
expect_out "^d${sha_g:0:8}  already registered as \"GNU GENERAL PUBLIC LICENSE\""
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" 'SELECT count(*) FROM documents')" = 2 ] || fail "duplicate added"
run 0 tt add copy-of-gpl.txt --json
expect_out '"duplicate":true'
EOF

# HTML: media type, <title>, text without tags; sniffed without the extension too.
test_expect_success 'HTML: media type, title, text without tags' - <<'EOF'
cat > memo.html <<'HTML'
<!DOCTYPE html>
<html><head><title>Quarterly   &amp; Annual Plan</title><style>p { color: red }</style></head>
<body><h1>Plan</h1><p>The budget for <b>2025</b> is final.</p><script>var x = 1;</script></body></html>
HTML
cp memo.html memo-noext
sed -i 's/final/agreed/' memo-noext
run 0 tt add memo.html memo-noext --json
expect_out '"title":"Quarterly & Annual Plan","words":7,"duplicate":false,"sha256":"[0-9a-f]{64}","file":"memo.html","media_type":"text/html"'
expect_out '"file":"memo-noext","media_type":"text/html"'
id=$(grep memo.html out | sed 's/.*"doc":"\([^"]*\)".*/\1/')
text=$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT text FROM documents WHERE doc_id='$id'")
case "$text" in *"<b>"*|*"color"*|*"var x"*) fail "HTML not reduced to text: $text" ;; esac
case "$text" in *"The budget for 2025 is final."*) ;; *) fail "HTML text lost: $text" ;; esac
EOF

# Markdown: the heading without its marks; --title and --label.
test_expect_success 'Markdown heading, --title and --label' - <<'EOF'
printf '\n\n# Project Nightjar: field notes\n\nSome notes about the field.\n' > notes.md
run 0 tt add notes.md --json
expect_out '"title":"Project Nightjar: field notes","words":10,.*"media_type":"text/markdown"'
printf 'Only one line of plain words\n' > one.txt
run 0 tt add one.txt --title "Given title" --label SECRET --json
expect_out '"title":"Given title","words":6'
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT label FROM documents WHERE filename='one.txt'")" = SECRET ] || fail "label"
EOF

# A long first line is cut to 80 characters (code points, not bytes).
test_expect_success 'a long first line is cut to 80 code points' - <<'EOF'
python3 -c 'print("é" * 100); print("second line")' > long.txt
run 0 tt add long.txt --json
expect_out "\"title\":\"$(python3 -c 'print("é" * 80)')\""
EOF

# Malformed UTF-8 is registered with U+FFFD and a warning counting the bytes.
test_expect_success 'malformed UTF-8 is registered with U+FFFD and a warning' - <<'EOF'
printf 'caf\xe9 au lait \xff\xfe and more words\n' > latin1.txt
run 0 tt add latin1.txt --json
expect_out '"replaced":3'
expect_err "'latin1.txt': 3 malformed UTF-8 bytes read as U\+FFFD"
t=$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT text FROM documents WHERE filename='latin1.txt'")
[ "$t" = "$(printf 'caf\xef\xbf\xbd au lait \xef\xbf\xbd\xef\xbf\xbd and more words')" ] || fail "replacement text: $t"
EOF

# Human output names the id and words; every addition is in the audit log, duplicates are not.
test_expect_success 'human output, and every addition in the audit log' - <<'EOF'
echo "alpha beta gamma delta" > small.txt
run 0 tt add small.txt
expect_out '^d[0-9a-f]{8}  added "alpha beta gamma delta" \(4 words, small.txt\)$'
# a single entry names one document, a batch entry (an add of several files) lists its "docs"
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT sum(coalesce(json_array_length(args, '\$.docs'), 1))
     FROM audit WHERE action='add'")" = \
  "$(sqlite3 "$TELLTALE_VAULT/vault.db" 'SELECT count(*) FROM documents')" ] || fail "add entries"
run 0 tt log --verify
EOF
