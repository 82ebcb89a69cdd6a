#!/usr/bin/env bash
# The signed replay state of the audit log, binds.bin (issue 12, "opening a 100k-document vault
# <= 0.2 s"; FORMATS.md §3.5): a command checks the vault's rows against the state and the log
# entries after it instead of replaying the whole log.  These cases fail if that check is
# skipped or trusts too much: rows edited, inserted or deleted by SQL are refused with the
# state current, stale, damaged or taken from another vault; an entry after the state edited
# breaks the chain; an entry before it edited is still named by `log --verify`, and trace
# (whose count of earlier traces reads the entries) refuses.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in GPL-3 Apache-2.0; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
command -v sqlite3 >/dev/null || skip_all "no sqlite3 (to edit the vault's tables)"
q() { sqlite3 "$TELLTALE_VAULT/vault.db" "$1"; }
# the entry the state stands at (0: no state)
state_seq() {
    python3 -c 'import sys,os
p = sys.argv[1]
print(int.from_bytes(open(p, "rb").read()[8:16], "little") if os.path.exists(p) else 0)' "$TELLTALE_VAULT/binds.bin"
}
refused() { expect_err "refusing to answer from a tampered vault: $1"; }
cp "$LIC/GPL-3" gpl.txt
cp "$LIC/Apache-2.0" apache.txt
sed -n '20,120p' apache.txt > apache-leak.txt

test_expect_success 'a command writes the state at the head, private; a current one is kept' - <<'EOT'
run 0 tt init
run 0 tt add gpl.txt --json
gpl=$(json_field doc)
run 0 tt add apache.txt --json
apache=$(json_field doc)
{ echo name; for i in 1 2 3 4; do echo "R$i"; done; } > people.csv
run 0 tt recipients import people.csv
run 0 tt issue "$gpl" --all --out copies
run 1 tt scan apache-leak.txt
[ -f "$TELLTALE_VAULT/binds.bin" ] || fail "no binds.bin after a scan"
[ "$(stat -c %a "$TELLTALE_VAULT/binds.bin")" = 600 ] || fail "binds.bin is not private"
[ "$(state_seq)" -gt 0 ] || fail "the state stands at no entry"
[ "$(state_seq)" -le "$(q "SELECT max(seq) FROM audit")" ] || fail "the state is ahead of the log"
# the full check replays the whole log, and leaves the state at its head
run 0 tt log --verify
expect_out '^vault consistent with its log$'
[ "$(state_seq)" = "$(q "SELECT max(seq) FROM audit")" ] || fail "log --verify left the state behind"
ino=$(stat -c %i "$TELLTALE_VAULT/binds.bin")
run 1 tt trace "copies/$gpl-r3.txt" --doc "$gpl"
expect_out 'ACCUSED'
run 0 tt docs
[ "$(stat -c %i "$TELLTALE_VAULT/binds.bin")" = "$ino" ] || fail "a current state was rewritten"
cp -a "$TELLTALE_VAULT" base
EOT

fresh() { rm -rf "$TELLTALE_VAULT"; cp -a base "$TELLTALE_VAULT"; }

test_expect_success 'rows changed by SQL are refused with the state current' - <<'EOT'
fresh
[ "$(state_seq)" -gt 0 ] || fail "the fixture has no state"
q "DELETE FROM doc_index WHERE doc = (SELECT id FROM documents WHERE doc_id = '$apache');
   DELETE FROM documents WHERE doc_id = '$apache';"
rm -f "$TELLTALE_VAULT/index.bin"
run 2 tt scan apache-leak.txt
refused "document $apache is in the signed audit log but gone"
fresh
q "UPDATE documents SET text = replace(text, 'Everyone is permitted', 'Nobody is permitted') WHERE doc_id = '$gpl'"
run 2 tt verify "copies/$gpl-r2.txt"
refused "document $gpl was changed outside telltale"
fresh
q "UPDATE recipients SET name = 'tmp' WHERE name = 'R3';
   UPDATE recipients SET name = 'R3' WHERE name = 'R4';
   UPDATE recipients SET name = 'R4' WHERE name = 'tmp';"
run 2 tt trace "copies/$gpl-r3.txt" --doc "$gpl"
refused "recipient #[0-9]+ was changed"
expect_no_out 'ACCUSED'
EOT

test_expect_success 'with the state stale, damaged, missing or from another vault' - <<'EOT'
# stale: entries after it (a recipient added) are walked, and their rows checked
fresh
at=$(state_seq)
run 0 tt recipients add Mallory
[ "$(state_seq)" = "$at" ] || fail "a small append rewrote the state"
q "UPDATE recipients SET contact = 'm@example.org' WHERE name = 'Mallory'"
run 2 tt issue "$gpl" --to Mallory --out copies2
refused "recipient #[0-9]+ was changed outside telltale"
run 1 tt log --verify
expect_out "inconsistent \\(edited\\): recipient #"
# damaged: the record of the first copy marked removed (its signature kept), and that copy's row
# deleted: trusting the changed state would let the deletion pass
fresh
cid=$(q "SELECT min(id) FROM copies")
python3 - "$TELLTALE_VAULT/binds.bin" "copy"$'\x1f'"$gpl/$cid" <<'EOF'
import sys
p, key = sys.argv[1], sys.argv[2].encode()
b = bytearray(open(p, 'rb').read())
n = int.from_bytes(b[48:56], 'little')
keys = bytes(b[64 + 33 * n:len(b) - 64]).split(b'\0')[:n]
i = keys.index(key)
assert b[64 + 33 * i + 32] & 1
b[64 + 33 * i + 32] &= 0xfe
open(p, 'wb').write(bytes(b))
EOF
q "DELETE FROM copies WHERE id = $cid"
run 2 tt trace "copies/$gpl-r3.txt" --doc "$gpl"
refused "copy #$cid of document $gpl is in the signed audit log but gone"
expect_no_out 'ACCUSED'
# missing, and a directory in its place: the whole log is replayed
fresh
rm "$TELLTALE_VAULT/binds.bin"
q "DELETE FROM copies WHERE id = (SELECT min(id) FROM copies)"
run 2 tt trace "copies/$gpl-r3.txt" --doc "$gpl"
refused "copy #[0-9]+ of document $gpl is in the signed audit log but gone"
fresh
rm "$TELLTALE_VAULT/binds.bin"; mkdir "$TELLTALE_VAULT/binds.bin"
run 1 tt scan apache-leak.txt
q "DELETE FROM copies WHERE id = (SELECT min(id) FROM copies)"
run 2 tt trace "copies/$gpl-r3.txt" --doc "$gpl"
refused "copy #"
# another vault's state (its own key): not used; this vault's rows are still checked
fresh
(TELLTALE_VAULT="$WORK/other" "$TELLTALE" init >/dev/null && TELLTALE_VAULT="$WORK/other" "$TELLTALE" add gpl.txt >/dev/null && TELLTALE_VAULT="$WORK/other" "$TELLTALE" log --verify >/dev/null)
[ -f "$WORK/other/binds.bin" ] || fail "the other vault has no state"
cp "$WORK/other/binds.bin" "$TELLTALE_VAULT/binds.bin"
q "INSERT INTO recipients(name, added) VALUES ('Eve', '2024-01-01T00:00:00Z')"
run 1 tt log --verify
expect_out "inconsistent \\(unlogged\\): recipient #"
# and a command that replayed the whole log wrote this vault's state again
cmp -s "$WORK/other/binds.bin" "$TELLTALE_VAULT/binds.bin" && fail "the other vault's state was kept"
run 1 tt scan apache-leak.txt
EOT

test_expect_success 'log entries edited: after the state, refused; before it, named by log --verify' - <<'EOT'
fresh
run 0 tt recipients add Mallory
q "UPDATE audit SET user = 'mallory' WHERE seq = (SELECT max(seq) FROM audit)"
run 2 tt scan apache-leak.txt
expect_err 'the audit log does not verify'
fresh
q "UPDATE audit SET args = replace(args, '\"R2\"', '\"R9\"') WHERE action = 'recipients-import'"
[ "$(q "SELECT count(*) FROM audit WHERE args LIKE '%\"R9\"%'")" = 1 ] || fail "the entry was not edited"
# no record's last word changed (it is in the signed state): a scan still answers
run 1 tt scan apache-leak.txt
run 1 tt log --verify
expect_out '^audit log tampered: entry [0-9]+: hash mismatch \(edited\)'
# trace counts earlier traces from the entries themselves: it walks the whole chain
run 2 tt trace "copies/$gpl-r3.txt" --doc "$gpl"
expect_err 'the audit log does not verify'
expect_no_out 'ACCUSED'
EOT
