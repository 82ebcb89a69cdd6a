#!/usr/bin/env bash
# telltale compact (issue 12, "vault on disk <= 4x the registered text"): an upgraded vault
# keeps the pages its old rows freed, and its 4 KiB pages, until it is compacted.  Here a vault
# made the old way (4 KiB pages, pages freed by SQL outside any telltale table) is compacted:
# 16 KiB pages, no free pages, a smaller file, the same records (log --verify consistent, the
# same findings and accusation), a `compact` entry in the log; with another process holding
# the vault it fails and changes nothing.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in GPL-3 Apache-2.0 GPL-2; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
command -v sqlite3 >/dev/null || skip_all "no sqlite3 (to make a vault of 4 KiB pages)"
q() { sqlite3 "$TELLTALE_VAULT/vault.db" "$1"; }
dbsize() { stat -c %s "$TELLTALE_VAULT/vault.db"; }
cp "$LIC/GPL-3" gpl.txt
cp "$LIC/Apache-2.0" apache.txt
cp "$LIC/GPL-2" gpl2.txt
sed -n '20,120p' apache.txt > apache-leak.txt

test_expect_success 'an old vault: 4 KiB pages, pages left free' - <<'EOT'
run 0 tt init
q "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM; PRAGMA journal_mode=WAL;" >/dev/null
run 0 tt add gpl.txt --json
gpl=$(json_field doc)
run 0 tt add apache.txt gpl2.txt
{ echo name; for i in 1 2 3 4; do echo "R$i"; done; } > people.csv
run 0 tt recipients import people.csv
run 0 tt issue "$gpl" --all --out copies
# pages freed as an upgrade frees them (rows rewritten smaller), here by a table of our own
q "CREATE TABLE junk(b); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400)
   INSERT INTO junk SELECT randomblob(3000) FROM c; DROP TABLE junk; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
[ "$(q 'PRAGMA page_size')" = 4096 ] || fail "the fixture is not in 4 KiB pages"
[ "$(q 'PRAGMA freelist_count')" -gt 200 ] || fail "the fixture has no free pages"
run 1 tt scan apache-leak.txt --json
grep -v '"elapsed' "$WORK/out" | sed 's/"[a-z_]*seconds":[0-9.e+-]*,\?//g' > scan-before.json
run 1 tt trace "copies/$gpl-r3.txt" --doc "$gpl" --json
expect_out '"suspects":\[\{"recipient":"R3",[^}]*"accused":true\}'
entries=$(q "SELECT count(*) FROM audit")
size0=$(dbsize)
EOT

test_expect_success 'another process holds the vault: refused, nothing changed' - <<'EOT'
python3 - "$TELLTALE_VAULT/vault.db" > holder.out 2>&1 <<'EOF' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM documents").fetchone()
print("open", flush=True)
for _ in range(300):
    if os.path.exists("release"):
        break
    time.sleep(0.1)
c.close()
EOF
holder=$!
for _ in $(seq 100); do grep -q open holder.out 2>/dev/null && break; sleep 0.1; done
grep -q open holder.out || fail "the holder did not open the vault"
run 2 tt compact
expect_err 'cannot compact the vault: .*another process has the vault open'
touch release
wait "$holder"
rm -f release
[ "$(q 'PRAGMA page_size')" = 4096 ] || fail "the page size changed although compact failed"
[ "$(q 'PRAGMA journal_mode')" = wal ] || fail "the vault was left out of WAL mode"
[ "$(q "SELECT count(*) FROM audit")" = "$entries" ] || fail "a failed compact was logged"
EOT

test_expect_success 'compact: 16 KiB pages, no free page, smaller, the same records' - <<'EOT'
run 0 tt compact --json
expect_out '"page_size_before":4096'
expect_out '"page_size":16384'
before=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes_before"])' "$WORK/out")
after=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes_after"])' "$WORK/out")
free=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["free_pages_before"])' "$WORK/out")
[ "$free" -gt 200 ] || fail "free pages before: $free"
[ "$after" -lt "$before" ] || fail "not smaller: $before -> $after bytes"
[ "$(dbsize)" -lt "$size0" ] || fail "vault.db did not shrink: $size0 -> $(dbsize)"
[ "$(q 'PRAGMA page_size')" = 16384 ] || fail "page size $(q 'PRAGMA page_size')"
[ "$(q 'PRAGMA freelist_count')" = 0 ] || fail "free pages left: $(q 'PRAGMA freelist_count')"
[ "$(q 'PRAGMA journal_mode')" = wal ] || fail "journal mode $(q 'PRAGMA journal_mode')"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'compact'")" = 1 ] || fail "no compact entry"
q "SELECT args FROM audit WHERE action = 'compact'" | grep -q '"page_size_before":4096' || fail "the entry lacks the old page size"
run 0 tt log --verify
expect_out '^vault consistent with its log$'
run 1 tt scan apache-leak.txt --json
grep -v '"elapsed' "$WORK/out" | sed 's/"[a-z_]*seconds":[0-9.e+-]*,\?//g' > scan-after.json
cmp -s scan-before.json scan-after.json || { diff scan-before.json scan-after.json; fail "the findings changed"; }
run 1 tt trace "copies/$gpl-r3.txt" --doc "$gpl" --json
expect_out '"suspects":\[\{"recipient":"R3",[^}]*"accused":true\}'
# text output, and a second run on a compact vault
run 0 tt compact
expect_out '^compacted vault.db: [0-9]+ bytes before, [0-9]+ after \(16384-byte pages, were 16384; 0 free pages given back\)$'
# the records are still held to the log
q "DELETE FROM copies WHERE id = (SELECT min(id) FROM copies)"
run 2 tt trace "copies/$gpl-r3.txt" --doc "$gpl"
expect_err 'refusing to answer from a tampered vault: copy #'
EOT

test_expect_success 'usage' - <<'EOT'
run 2 tt compact now
expect_err 'unexpected argument'
run 2 tt compact --fast
expect_err "unknown option '--fast'"
run 0 tt compact --help
expect_out '^usage: telltale compact'
EOT
