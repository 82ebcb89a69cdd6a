#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Files issue writes: never through a planted symlink (at the old fixed temporary name, at
# the copy's name, at the signature's name), mode 0600 whatever the umask, never over
# another vault's copy when two vaults issue into one folder at the same time (each row's
# SHA-256 matches the bytes at its path), reports and exports through the same writer.
# And init: builds the vault beside its place, refuses a folder with other files in it.
. "$(dirname "$0")/lib.sh"
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
run 0 tt recipients add Ana Ben Cy
sha() { sha256sum "$1" | cut -d' ' -f1; }
db() { sqlite3 "$1/vault.db" "$2"; }

# --- planted symlinks: at the old fixed temporary name and at the final names
echo "victim bytes" > victim.txt
echo "victim two" > victim2.txt
victim_sum=$(sha victim.txt) victim2_sum=$(sha victim2.txt)
mkdir dst
ln -s ../victim.txt "dst/$doc-ana.txt.tmp"
ln -s ../victim.txt "dst/$doc-ben.txt"
ln -s ../victim2.txt "dst/$doc-cy.txt.minisig"
umask 000
run 0 tt issue "$doc" --all --out dst --json
umask 022
[ "$(sha victim.txt)" = "$victim_sum" ] || fail "issue wrote through a planted symlink into victim.txt"
[ "$(sha victim2.txt)" = "$victim2_sum" ] || fail "issue wrote through a planted symlink into victim2.txt"
[ -L "dst/$doc-ben.txt" ] || fail "the planted symlink at a copy's name was replaced"
[ -f "dst/$doc-cy.txt.minisig" ] && [ ! -L "dst/$doc-cy.txt.minisig" ] ||
    fail "the signature was not written as a file of its own"
# Ben's copy went to a name of its own, and every row's path holds that row's bytes
ben=$(db "$TELLTALE_VAULT" "SELECT c.path FROM copies c JOIN recipients r ON r.id = c.recipient WHERE r.name = 'Ben'")
case "$ben" in dst/"$doc"-ben-????????.txt) ;; *) fail "Ben's copy at '$ben'" ;; esac
db "$TELLTALE_VAULT" "SELECT path, sha256 FROM copies" | while IFS='|' read -r p h; do
    [ -f "$p" ] && [ ! -L "$p" ] || fail "recorded copy '$p' is not a file"
    [ "$(sha "$p")" = "$h" ] || fail "'$p' does not hold the bytes on record"
    [ -f "$p.minisig" ] || fail "'$p' has no signature"
done
# --- modes: 0600 for copies and signatures, even with umask 000
for f in dst/"$doc"-ana.txt dst/"$doc"-ana.txt.minisig "$ben" "$ben.minisig" dst/"$doc"-cy.txt.minisig; do
    [ "$(stat -c %a "$f")" = 600 ] || fail "'$f' has mode $(stat -c %a "$f"), not 600"
done
# no temporary file is left, and the folder is consistent
ls -a dst | grep -q '\.tt-' && { ls -a dst; fail "a temporary file was left"; }
run 0 tt issue --check --out dst
run 0 tt log --verify

# --- reports and exports: the one writer, 0600, through no symlink
ln -s ../victim.txt dst/report.html
run 0 tt log --export dst/log.jsonl
[ "$(stat -c %a dst/log.jsonl)" = 600 ] && [ "$(stat -c %a dst/log.jsonl.minisig)" = 600 ] ||
    fail "log --export files are not 0600"
cp "dst/$doc-ana.txt" leak.txt
run 0 tt verify leak.txt --html dst/report.html
[ "$(sha victim.txt)" = "$victim_sum" ] || fail "verify --html wrote through a symlink"
[ -f dst/report.html ] && [ ! -L dst/report.html ] && [ "$(stat -c %a dst/report.html)" = 600 ] ||
    fail "the report replaced no symlink, or is not 0600"

# --- two vaults issue into one folder at the same time (the same document: the same names)
run 0 tt --vault v2 init
run 0 tt --vault v2 add memo.txt
n=40
python3 -c "
import sys
print('name')
for i in range($n): print('R%03d' % i)" > many.csv
run 0 tt recipients import many.csv
run 0 tt --vault v2 recipients import many.csv
# one after the other (the second vault's copies must not replace the first's) ...
run 0 tt issue "$doc" --all --out seq
run 0 tt --vault v2 issue "$doc" --all --out seq
for v in "$TELLTALE_VAULT" v2; do
    db "$v" "SELECT path, sha256 FROM copies WHERE path LIKE 'seq/%'" | while IFS='|' read -r p h; do
        [ "$(sha "$p")" = "$h" ] || fail "$v: '$p' holds the other vault's bytes"
    done
    run 0 tt --vault "$v" issue --check --out seq
done
# ... and at the same time
mkdir shared
tt issue "$doc" --all --out shared >o1 2>e1 & p1=$!
tt --vault v2 issue "$doc" --all --out shared >o2 2>e2 & p2=$!
wait $p1 || { cat e1; fail "the first concurrent issue failed"; }
wait $p2 || { cat e2; fail "the second concurrent issue failed"; }
for v in "$TELLTALE_VAULT" v2; do
    want=$n
    [ "$v" = v2 ] || want=$((n + 3))
    rows=$(db "$v" "SELECT count(*) FROM copies WHERE path LIKE 'shared/%'")
    [ "$rows" = "$want" ] || fail "$v: $rows copies in shared/, expected $want"
    db "$v" "SELECT path, sha256 FROM copies WHERE path LIKE 'shared/%'" | while IFS='|' read -r p h; do
        [ "$(sha "$p")" = "$h" ] || fail "$v: '$p' holds the other vault's bytes"
    done
    run 0 tt --vault "$v" issue --check --out shared
done
files=$(ls shared | grep -c '\.txt$')
[ "$files" = $((2 * n + 3)) ] || fail "$files copy files in shared/, expected $((2 * n + 3))"

# --- strays: named by --check (exit 1) and by the next issue, never another vault's copy
sed 's/the/teh/' "seq/$doc-r000.txt" > "seq/$doc-zed.txt"
: > "seq/.$doc-r001.txt.tt-0123456789ab.tmp"
run 1 tt issue --check --out seq
expect_out "^seq/$doc-zed.txt: unsigned copy with no record"
expect_out "^seq/\.$doc-r001\.txt\.tt-0123456789ab\.tmp: temporary file of an interrupted write$"
[ "$(wc -l < "$WORK/out")" = 2 ] || { cat "$WORK/out"; fail "--check named more than the two strays"; }
run 1 tt --vault v2 issue --check --out seq --json
expect_out '^\{"stray": ?"seq/\.'"$doc"'-r001\.txt\.tt-0123456789ab\.tmp", ?"why": ?"temporary file of an interrupted write"\}$'
run 0 tt issue "$doc" --to Ana --out seq
expect_err "stray 'seq/$doc-zed.txt': unsigned copy with no record"
rm "seq/$doc-zed.txt" "seq/.$doc-r001.txt.tt-0123456789ab.tmp"
run 0 tt issue --check --out seq

# --- init: into an empty folder, not into one with other files; nothing left beside it
mkdir empty
run 0 tt --vault empty init
run 0 tt --vault empty log --verify
mkdir busy && echo x > busy/notes.txt
run 2 tt --vault busy init
expect_err "cannot create a vault in 'busy': it is not empty \(it holds 'notes.txt'\)"
[ "$(ls -A busy)" = notes.txt ] || fail "init left files in busy/"
ls -A | grep -q '\.init-' && { ls -A; fail "init left its build directory"; }
echo ok
