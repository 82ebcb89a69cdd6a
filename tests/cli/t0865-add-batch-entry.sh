#!/usr/bin/env bash
# Batch "add" entries (issue 12 item 4, "vault on disk <= 4x the registered text";
# FORMATS.md §3.1): an add call of several files logs one signed entry listing each document
# as [id, digest, file, bytes, words], beside the single-document entries of one-file calls
# (the format every earlier vault holds).  The documents of a batch are bound as those of
# single entries are: a row edited, deleted or inserted by SQL, and one document's digest
# edited inside the entry, are refused by the commands that rest on them and named by
# `log --verify`; `log` shows a batch without its digests.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in GPL-3 GPL-2 Apache-2.0 BSD; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
command -v sqlite3 >/dev/null || skip_all "no sqlite3 (to edit the vault's tables)"
q() { sqlite3 "$TELLTALE_VAULT/vault.db" "$1"; }
refused() { expect_err "refusing to answer from a tampered vault: $1"; }
cp "$LIC/BSD" bsd.txt
cp "$LIC/GPL-3" gpl.txt
cp "$LIC/GPL-2" gpl2.txt
cp "$LIC/Apache-2.0" apache.txt
sed -n '20,120p' apache.txt > apache-leak.txt
sed -n '30,130p' gpl2.txt > gpl2-leak.txt

test_expect_success 'one entry per add call of several files, after single entries' - <<'EOT'
run 0 tt init
run 0 tt add bsd.txt
run 0 tt scan apache-leak.txt   # nothing registered matches; writes the signed state
[ -f "$TELLTALE_VAULT/binds.bin" ] || fail "no binds.bin"
cp "$TELLTALE_VAULT/binds.bin" state-before-batch.bin
run 0 tt add gpl.txt gpl2.txt apache.txt bsd.txt --json
gpl=$(sed -n 1p out | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc"])')
gpl2=$(sed -n 2p out | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc"])')
apache=$(sed -n 3p out | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc"])')
[ "$(q "SELECT count(*) FROM audit WHERE action = 'add'")" = 2 ] || fail "not one entry per call"
[ "$(q "SELECT json_array_length(args, '\$.docs') FROM audit WHERE seq = (SELECT max(seq) FROM audit)")" = 3 ] ||
    fail "the batch does not list the 3 new documents (bsd.txt was registered)"
run 0 tt log
expect_out "^[0-9]+ .* add +\{\"docs\":\[\[\"$gpl\",\"gpl.txt\",[0-9]+,[0-9]+\],\[\"$gpl2\",\"gpl2.txt\","
expect_no_out '[0-9a-f]{64}'
run 0 tt log --json
expect_out "\"docs\":\[\[\"$gpl\",\"[0-9a-f]{64}\",\"gpl.txt\",35149,5644\],"
run 0 tt log --verify
expect_out '^vault consistent with its log$'
run 1 tt scan apache-leak.txt
expect_out "$apache"
cp -a "$TELLTALE_VAULT" base
EOT

fresh() { rm -rf "$TELLTALE_VAULT"; cp -a base "$TELLTALE_VAULT"; }

test_expect_success 'a row of a batch edited, deleted or inserted is refused' - <<'EOT'
fresh
q "UPDATE documents SET text = replace(text, 'Everyone is permitted', 'Nobody is permitted') WHERE doc_id = '$gpl'"
run 1 tt log --verify
expect_out "^inconsistent \(edited\): document $gpl was changed outside telltale"
run 2 tt trace gpl2-leak.txt --doc "$gpl"
refused "document $gpl was changed outside telltale"
fresh
q "DELETE FROM doc_index WHERE doc = (SELECT id FROM documents WHERE doc_id = '$gpl2');
   DELETE FROM documents WHERE doc_id = '$gpl2';"
rm -f "$TELLTALE_VAULT/index.bin"
run 2 tt scan gpl2-leak.txt
refused "document $gpl2 is in the signed audit log but gone"
run 1 tt log --verify
expect_out "^inconsistent \(missing\): document $gpl2 "
fresh
q "INSERT INTO documents(doc_id, sha256, title, label, filename, media_type, original, text, words, added)
   SELECT 'dfeedface', 'feedface' || substr(sha256, 9), title, label, filename, media_type, original,
   text || 'x', words, added FROM documents WHERE doc_id = '$apache'"
run 1 tt log --verify
expect_out "^inconsistent \(unlogged\): document dfeedface is not in the signed audit log"
run 2 tt trace apache-leak.txt --doc dfeedface
refused "document dfeedface is not in the signed audit log"
EOT

test_expect_success 'one document edited inside a batch entry is refused' - <<'EOT'
fresh
seq=$(q "SELECT max(seq) FROM audit WHERE action = 'add'")
old=$(q "SELECT json_extract(args, '\$.docs[1][1]') FROM audit WHERE seq = $seq")
[ ${#old} = 64 ] || fail "no digest for the second document"
q "UPDATE audit SET args = replace(args, '$old', '$(printf %064d 0)') WHERE seq = $seq"
run 1 tt log --verify
expect_out "^audit log tampered: .*$seq"
run 2 tt trace gpl2-leak.txt --doc "$gpl2"
expect_err "audit log does not verify"
# a signed state from before the batch: a command walks the edited entry and refuses
cp state-before-batch.bin "$TELLTALE_VAULT/binds.bin"
run 2 tt scan apache-leak.txt
expect_err "audit log does not verify"
# no state: the whole log is replayed
rm "$TELLTALE_VAULT/binds.bin"
run 2 tt scan apache-leak.txt
expect_err "audit log does not verify"
EOT
