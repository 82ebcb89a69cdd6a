#!/usr/bin/env bash
# A document whose original bytes are its text, byte for byte, is stored once (issue 12,
# "vault on disk <= 4x the registered text"): `original` holds an empty blob and readers take
# the text.  Documents whose text differs (HTML, a BOM, malformed UTF-8) keep their original
# bytes.  What users see is unchanged (size, SHA-256, verify), and the row stays bound to the
# signed log: an edited text of such a row, or its empty original filled in, is named by
# `log --verify`.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in GPL-3 Apache-2.0; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
command -v sqlite3 >/dev/null || skip_all "no sqlite3 (to read and edit the vault's tables)"
q() { sqlite3 "$TELLTALE_VAULT/vault.db" "$1"; }
cp "$LIC/GPL-3" plain.txt
{ printf '\357\273\277'; head -c 4000 "$LIC/Apache-2.0"; } > bom.txt
{ head -c 3000 "$LIC/Apache-2.0" | tail -c 2000; printf 'bad \377 byte\n'; } > bad.txt
{
    echo '<!doctype html><html><head><title>Memo</title></head><body><p>'
    sed -n '1,40p' "$LIC/GPL-2"
    echo '</p></body></html>'
} > memo.html

test_expect_success 'a plain text is stored once, the others whole' - <<'EOT'
run 0 tt init
run 0 tt add plain.txt --json
plain=$(json_field doc)
run 0 tt add bom.txt bad.txt memo.html
[ "$(q "SELECT typeof(original), length(original) FROM documents WHERE doc_id = '$plain'")" = "blob|0" ] ||
    fail "plain.txt: original stored as $(q "SELECT typeof(original), length(original) FROM documents WHERE doc_id = '$plain'")"
for f in bom.txt bad.txt memo.html; do
    [ "$(q "SELECT count(*) FROM documents WHERE filename = '$f' AND length(original) = $(stat -c %s "$f")")" = 1 ] ||
        fail "$f: original not kept whole"
done
# the text of plain.txt is there once, byte for byte
q "SELECT writefile('$WORK/text.out', CAST(text AS BLOB)) FROM documents WHERE doc_id = '$plain'" > /dev/null
cmp -s text.out plain.txt || fail "the stored text is not plain.txt"
EOT

test_expect_success 'size and SHA-256 are those of the original' - <<'EOT'
plain=$(q "SELECT doc_id FROM documents WHERE filename = 'plain.txt'")
sum=$(sha256sum plain.txt | cut -d' ' -f1)
run 0 tt --json show "$plain"
expect_out "\"sha256\":\"$sum\""
expect_out "\"bytes\":$(stat -c %s plain.txt),"
run 0 tt show "$plain"
expect_out "^file      plain.txt \\(text/plain, $(stat -c %s plain.txt) bytes\\)$"
for f in bom.txt bad.txt memo.html; do
    d=$(q "SELECT doc_id FROM documents WHERE filename = '$f'")
    run 0 tt --json show "$d"
    expect_out "\"sha256\":\"$(sha256sum "$f" | cut -d' ' -f1)\""
    expect_out "\"bytes\":$(stat -c %s "$f"),"
done
run 0 tt log --verify
expect_out '^vault consistent with its log$'
EOT

test_expect_success 'an edited text of a row stored once is named by log --verify' - <<'EOT'
plain=$(q "SELECT doc_id FROM documents WHERE filename = 'plain.txt'")
cp -a "$TELLTALE_VAULT" base
q "UPDATE documents SET text = replace(text, 'Everyone is permitted', 'Nobody is permitted') WHERE doc_id = '$plain'"
[ "$(q "SELECT length(original) FROM documents WHERE doc_id = '$plain'")" = 0 ] || fail "original not empty"
run 1 tt log --verify
expect_out "^inconsistent \\(edited\\): document $plain was changed outside telltale"
expect_no_out '^vault consistent'
run 1 tt log --verify --json
expect_out "\\{\"kind\":\"doc\",\"key\":\"$plain\",\"problem\":\"edited\""
run 2 tt verify plain.txt
expect_err "refusing to answer from a tampered vault: document $plain"
EOT

test_expect_success 'an empty original filled in with the same bytes is named too' - <<'EOT'
plain=$(q "SELECT doc_id FROM documents WHERE filename = 'plain.txt'")
rm -rf "$TELLTALE_VAULT"
cp -a base "$TELLTALE_VAULT"
run 0 tt log --verify
q "UPDATE documents SET original = CAST(text AS BLOB) WHERE doc_id = '$plain'"
run 1 tt log --verify
expect_out "^inconsistent \\(edited\\): document $plain was changed outside telltale"
EOT
