#!/usr/bin/env bash
# Records bound to the signed log: every record kind that trace or verify rests on is edited
# outside telltale (plain SQL, or the file itself), the audit log left intact.  Each time
# `log --verify` must exit 1 naming the record, and trace / verify / issue must refuse to
# answer from it (exit 2, "refusing to answer from a tampered vault"), never accuse someone
# else or nobody.  An untouched vault, and one changed only through telltale, stay
# "consistent with its log".
. "$(dirname "$0")/lib.sh"
for f in GPL-3 Apache-2.0; do
    [ -r "/usr/share/common-licenses/$f" ] || fail "missing /usr/share/common-licenses/$f"
done
command -v sqlite3 >/dev/null || fail "sqlite3 is needed"

cp /usr/share/common-licenses/GPL-3 gpl.txt
cp /usr/share/common-licenses/Apache-2.0 ch14.txt
# an HTML document: its original bytes hold a marker its text does not
{
    echo '<!doctype html><html><head><title>Memo</title></head><body>'
    echo '<p class="zqxoriginalmarker">'
    sed -n '1,60p' /usr/share/common-licenses/GPL-2
    echo '</p></body></html>'
} > memo.html
run 0 tt init
run 0 tt add gpl.txt --json
gpl=$(json_field doc)
run 0 tt add ch14.txt --json
ch14=$(json_field doc)
run 0 tt add memo.html --json
memo=$(json_field doc)
{ echo name,contact,unit; for i in 1 2 3 4 5; do echo "R$i,r$i@example.org,unit $i"; done; } > people.csv
run 0 tt recipients import people.csv
run 0 tt slots "$gpl" --veto "Free Software Foundation"
run 0 tt slots "$gpl" --veto "copyleft"
run 0 tt slots "$gpl" --unveto "copyleft"
run 0 tt issue "$gpl" --all --out copies
run 0 tt issue "$gpl" --to R2 --out copies-again   # the same copy again: same record, new path
leak="copies/$gpl-r3.txt"
sed -n '120,400p' "$leak" > excerpt.txt
sed -n '20,120p' ch14.txt > ch14-leak.txt
run 1 tt trace "$leak" --doc "$gpl" --json
expect_out '"suspects":\[\{"recipient":"R3",[^}]*"accused":true\}'
run 1 tt scan ch14-leak.txt

# untouched: consistent, and says so
run 0 tt log --verify
expect_out '^audit log intact: [0-9]+ entries$'
expect_out '^vault consistent with its log$'
run 0 tt log --verify --json
expect_out '"consistent":true,"records":\[\]'
cp -a "$TELLTALE_VAULT" base
rid3=$(sqlite3 base/vault.db "SELECT id FROM recipients WHERE name = 'R3'")
cid3=$(sqlite3 base/vault.db "SELECT c.id FROM copies c JOIN recipients r ON r.id = c.recipient WHERE r.name = 'R3'")

fresh() { rm -rf "$TELLTALE_VAULT"; cp -a base "$TELLTALE_VAULT"; }
sql() { sqlite3 "$TELLTALE_VAULT/vault.db" "$1"; }
# inconsistent KIND KEY PROBLEM MESSAGE (KEY a pattern on the JSON text): log --verify exits 1 and names the record, in text and JSON
inconsistent() {
    run 1 tt log --verify
    expect_out '^audit log intact: '
    expect_out "^inconsistent \\($3\\): $4"
    expect_no_out '^vault consistent'
    run 1 tt log --verify --json
    expect_out "\"consistent\":false,\"records\":\\[.*\\{\"kind\":\"$1\",\"key\":\"$2\",\"problem\":\"$3\""
}
refused() { expect_err "refusing to answer from a tampered vault: $1"; }

# 1. two recipients' names swapped: trace would accuse R4 with R3's copy
fresh
sql "UPDATE recipients SET name = 'tmp' WHERE name = 'R3';
     UPDATE recipients SET name = 'R3' WHERE name = 'R4';
     UPDATE recipients SET name = 'R4' WHERE name = 'tmp';"
inconsistent recipient "$rid3" edited "recipient #$rid3 was changed outside telltale"
run 2 tt trace "$leak" --doc "$gpl"
refused "recipient #[0-9]+ was changed"
expect_no_out 'ACCUSED'
run 2 tt trace excerpt.txt
refused "recipient #"
run 2 tt verify "$leak"
refused "recipient #"

# 2. the leaker's copy row pointed at someone else
fresh
sql "UPDATE copies SET recipient = (SELECT id FROM recipients WHERE name = 'R1') WHERE id = $cid3"
inconsistent copy "$gpl/$cid3" edited "copy #$cid3 of document $gpl was changed outside telltale"
run 2 tt trace "$leak" --doc "$gpl"
refused "copy #$cid3 of document $gpl was changed"
expect_no_out 'ACCUSED'
run 2 tt verify "$leak"
refused "copy #$cid3"

# 3. the leaker's copy row deleted: trace must not silently accuse nobody
fresh
sql "DELETE FROM copies WHERE id = $cid3"
inconsistent copy "$gpl/$cid3" missing "copy #$cid3 of document $gpl is in the signed audit log but gone"
run 2 tt trace "$leak" --doc "$gpl"
refused "copy #$cid3 of document $gpl is in the signed audit log but gone"
run 2 tt trace excerpt.txt
refused "copy #$cid3"

# 4. mark.key replaced by another vault's (same format, other key)
fresh
(TELLTALE_VAULT="$WORK/other" "$TELLTALE" init >/dev/null)
cp "$WORK/other/mark.key" "$TELLTALE_VAULT/mark.key"
inconsistent mark_key mark.key edited "the marking key \\(mark.key\\) was changed outside telltale"
run 2 tt trace "$leak" --doc "$gpl"
refused "the marking key \\(mark.key\\) was changed"
expect_no_out 'ACCUSED'
run 2 tt issue "$gpl" --to R1 --out copies2
refused "the marking key"

# 5. documents.text edited: a genuine copy would come out "altered"
fresh
sql "UPDATE documents SET text = replace(text, 'Everyone is permitted', 'Nobody is permitted') WHERE doc_id = '$gpl'"
inconsistent doc "$gpl" edited "document $gpl was changed outside telltale"
run 2 tt verify "$leak"
refused "document $gpl was changed"
expect_no_out 'altered'
run 2 tt trace "$leak" --doc "$gpl"
refused "document $gpl"
run 2 tt slots "$gpl"
refused "document $gpl"

# 6. documents.original edited by SQL
fresh
sql "UPDATE documents SET original = CAST(replace(CAST(original AS TEXT), 'zqxoriginalmarker', 'zqxoriginalmarkes') AS BLOB) WHERE doc_id = '$memo'"
inconsistent doc "$memo" edited "document $memo was changed outside telltale"
run 2 tt verify memo.html
refused "document $memo"

# 7. bytes of the original flipped in the raw database file
fresh
sqlite3 "$TELLTALE_VAULT/vault.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
python3 - "$TELLTALE_VAULT/vault.db" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
i = b.find(b'zqxoriginalmarker')
assert i >= 0 and b.find(b'zqxoriginalmarker', i + 1) < 0, "marker not found exactly once"
b[i + 16] ^= 0x01
open(p, 'wb').write(bytes(b))
EOF
inconsistent doc "$memo" edited "document $memo was changed outside telltale"
run 2 tt verify memo.html
refused "document $memo"

# 8. copies.sha256 edited: verify would stop naming the copy
fresh
sql "UPDATE copies SET sha256 = '$(printf '0%.0s' $(seq 64))' WHERE id = $cid3"
inconsistent copy "$gpl/$cid3" edited "copy #$cid3 of document $gpl was changed"
run 2 tt verify "$leak"
refused "copy #$cid3 of document $gpl was changed"
expect_no_out 'authentic'

# 9. a veto inserted, and one deleted, by SQL
fresh
sql "INSERT INTO vetoes(doc, pattern) SELECT id, 'General Public' FROM documents WHERE doc_id = '$gpl'"
inconsistent veto "$gpl\\\\tGeneral Public" unlogged "veto 'General Public' of document $gpl is not in the signed audit log"
run 2 tt issue "$gpl" --to R1 --out copies2
refused "veto 'General Public' of document $gpl is not in the signed audit log"
run 2 tt trace "$leak" --doc "$gpl"
refused "veto 'General Public'"
fresh
sql "DELETE FROM vetoes WHERE pattern = 'Free Software Foundation'"
inconsistent veto "$gpl\\\\tFree Software Foundation" missing "veto 'Free Software Foundation' of document $gpl is in the signed audit log but gone"
run 2 tt slots "$gpl"
refused "veto 'Free Software Foundation'"

# 10. background rows inserted by SQL that hide a registered document: a leak of it must not
# come out "matches no registered document"
fresh
(TELLTALE_VAULT="$WORK/other" "$TELLTALE" index --background ch14.txt >/dev/null)
sql "ATTACH '$WORK/other/vault.db' AS o; INSERT OR IGNORE INTO background(hash, batch) SELECT hash, 999 FROM o.background;"
rm -f "$TELLTALE_VAULT/index.bin"
inconsistent background 999 unlogged "background batch 999 is not in the signed audit log"
run 2 tt trace ch14-leak.txt
refused "background batch 999"
run 2 tt verify ch14-leak.txt
refused "background batch 999"
run 2 tt scan ch14-leak.txt
refused "background batch 999"

# 11. a registered document deleted (with its index row): not "unrelated"
fresh
sql "DELETE FROM doc_index WHERE doc = (SELECT id FROM documents WHERE doc_id = '$ch14');
     DELETE FROM documents WHERE doc_id = '$ch14';"
rm -f "$TELLTALE_VAULT/index.bin"
inconsistent doc "$ch14" missing "document $ch14 is in the signed audit log but gone"
run 2 tt trace ch14-leak.txt
refused "document $ch14 is in the signed audit log but gone"
run 2 tt verify ch14-leak.txt
refused "document $ch14"
run 2 tt scan ch14-leak.txt
refused "document $ch14"

# 12. a recipient inserted by SQL
fresh
sql "INSERT INTO recipients(name, added) VALUES ('Mallory', '2024-01-01T00:00:00Z')"
inconsistent recipient "[0-9]+" unlogged "recipient #[0-9]+ is not in the signed audit log"

# the untouched copy still traces from the pristine vault (the fixture itself is sound)
fresh
run 1 tt trace "$leak" --doc "$gpl" --json
expect_out '"suspects":\[\{"recipient":"R3",[^}]*"accused":true\}'
echo "ok t0520"
