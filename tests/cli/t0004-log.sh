#!/usr/bin/env bash
# The audit log: shown, verified, and every kind of tampering caught by log --verify.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a vault with documents and recipients' - <<'EOF'
run 0 tt init
cp /usr/share/common-licenses/BSD bsd.txt
cp /usr/share/common-licenses/MIT mit.txt 2>/dev/null || cp /usr/share/common-licenses/Artistic mit.txt
run 0 tt add bsd.txt
run 0 tt add mit.txt
run 0 tt recipients add Ana Bo Cy
run 0 tt recipients add Di
EOF

test_expect_success 'log and log --json show a hash-chained log' - <<'EOF'
run 0 tt log
[ "$(wc -l < out)" = 7 ] || fail "expected 7 entries"
expect_out "^1 .* init "
expect_out "^2 .* add .*\"filename\":\"bsd.txt\""
expect_out "^7 .* recipient-add .*\"name\":\"Di\""
run 0 tt log --json
expect_out '^\{"seq":1,"time":"[0-9-]+T[0-9:]+Z","user":"[^"]+","action":"init","args":\{"bind":\[\["mark_key","mark.key","[0-9a-f]{64}"\]\],"key_id":"[0-9A-F]{16}","schema":8\},"prev":"0{64}","hash":"[0-9a-f]{64}"\}$'
# Each entry's prev is the hash of the one before.
python3 - "$WORK/out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for a, b in zip(rows, rows[1:]):
    assert b["prev"] == a["hash"], (a["seq"], b["seq"])
    assert b["seq"] == a["seq"] + 1
PY
EOF

test_expect_success 'log --verify: intact' - <<'EOF'
run 0 tt log --verify
expect_out '^audit log intact: 7 entries$'
run 0 tt log --verify --json
expect_out '^\{"intact":true,"entries":7,"head":"[0-9a-f]{64}","key_id":"[0-9A-F]{16}","consistent":true,"records":\[\]\}$'
EOF

test_expect_success 'keep a pristine copy of the database' - <<'EOF'
DB="$TELLTALE_VAULT/vault.db"
cp "$DB" pristine.db
restore() { rm -f "$DB-wal" "$DB-shm"; cp pristine.db "$DB"; }
sq() { sqlite3 "$DB" "$1"; }
EOF

# Edited: one character of entry 3's arguments.
test_expect_success 'edited arguments are caught' - <<'EOF'
sq "UPDATE audit SET args = replace(args, 'Ana', 'Ann') WHERE seq = 4"
run 1 tt log --verify
expect_out '^audit log tampered: entry 4: hash mismatch \(edited\)$'
run 1 tt log --verify --json
expect_out '^\{"intact":false,"entries":7,"bad_seq":4,"problem":"entry 4: hash mismatch \(edited\)","consistent":false,"records":\[\]\}$'
restore
EOF

# Edited time or user are caught the same way.
test_expect_success 'an edited user is caught' - <<'EOF'
sq "UPDATE audit SET user = 'someone-else' WHERE seq = 2"
run 1 tt log --verify
expect_out 'entry 2: hash mismatch \(edited\)'
restore
EOF

# Edited, with the hash recomputed by the forger: the signature no longer matches.
test_expect_success 'an edit with its hash recomputed fails the signature' - <<'EOF'
python3 - "$DB" <<'PY'
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
seq, time, user, action, args, prev = db.execute(
    "SELECT seq, time, user, action, args, prev FROM audit WHERE seq = 5").fetchone()
args = args.replace("Bo", "Xo")
h = hashlib.blake2b(digest_size=32)
def field(b):
    h.update(struct.pack(">Q", len(b))); h.update(b)
field(b"telltale audit v1"); field(struct.pack(">Q", seq))
for s in (time, user, action, args, prev):
    field(s.encode())
new = h.hexdigest()
# The forger also fixes the next entry's link, so only the signature can tell.
db.execute("UPDATE audit SET args = ?, hash = ? WHERE seq = 5", (args, new))
db.execute("UPDATE audit SET prev = ? WHERE seq = 6", (new,))
db.commit()
PY
run 1 tt log --verify
expect_out '^audit log tampered: entry 5: bad signature$'
restore
EOF

# Deleted from the middle.
test_expect_success 'an entry deleted from the middle is caught' - <<'EOF'
sq "DELETE FROM audit WHERE seq = 3"
run 1 tt log --verify
expect_out '^audit log tampered: entry 4: previous hash mismatch \(deleted or reordered\)$'
restore
EOF

# Deleted first entry.
test_expect_success 'the first entry deleted is caught' - <<'EOF'
sq "DELETE FROM audit WHERE seq = 1"
run 1 tt log --verify
expect_out 'entry 2: previous hash mismatch \(deleted or reordered\)'
restore
EOF

# Deleted last entry (truncation): only the signed head can tell.
test_expect_success 'the last entry deleted: truncation caught, and a cut log not extended' - <<'EOF'
sq "DELETE FROM audit WHERE seq = 7"
run 1 tt log --verify
expect_out '^audit log tampered: log truncated after entry 6$'
# ... and telltale refuses to extend a cut log.
run 2 tt recipients add Eve
expect_err "the audit log does not match its signed head: refusing to extend it"
restore
EOF

# Deleted the last two entries and the head too.
test_expect_success 'the last two entries and the head deleted are caught' - <<'EOF'
sq "DELETE FROM audit WHERE seq >= 6; DELETE FROM meta WHERE key = 'log_head'"
run 1 tt log --verify
expect_out 'log head missing: the log may be truncated after entry 5'
restore
EOF

# Reordered: entries 3 and 4 swap places.
test_expect_success 'two entries reordered are caught' - <<'EOF'
sq "UPDATE audit SET seq = 100 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 100"
run 1 tt log --verify
expect_out '^audit log tampered: entry 3: previous hash mismatch \(deleted or reordered\)$'
restore
EOF

# A signature copied from another entry.
test_expect_success 'a signature copied from another entry is caught' - <<'EOF'
sq "UPDATE audit SET sig = (SELECT sig FROM audit WHERE seq = 2) WHERE seq = 6"
run 1 tt log --verify
expect_out 'entry 6: bad signature'
restore
EOF

# A forged head (pointing at an earlier entry, signature kept).
test_expect_success 'a forged head is caught' - <<'EOF'
sq "UPDATE meta SET value = '5' || substr(value, 2) WHERE key = 'log_head'"
run 1 tt log --verify
expect_out 'log head: bad signature'
restore
EOF

# A vault whose key pair was replaced by another vault's cannot vouch for this log.
test_expect_success 'another vault key cannot vouch for this log' - <<'EOF'
run 0 tt --vault other init
cp "$TELLTALE_VAULT/vault.pub" vault.pub.mine
cp other/vault.pub "$TELLTALE_VAULT/vault.pub"
run 1 tt log --verify
expect_out 'entry 1: bad signature'
cp vault.pub.mine "$TELLTALE_VAULT/vault.pub"
run 0 tt --vault other log --verify
EOF

# Untouched, it is whole again, and new entries keep it whole.
test_expect_success 'untouched it is whole, and new entries keep it whole' - <<'EOF'
run 0 tt log --verify
expect_out '^audit log intact: 7 entries$'
run 0 tt recipients add Eve
run 0 tt log --verify
expect_out '^audit log intact: 8 entries$'
EOF

# Export: JSON lines plus a minisign signature that the real minisign accepts, and rejects
# once a byte changes.
test_expect_success 'export: JSON lines whose signature minisign checks' - <<'EOF'
run 0 tt log --export audit.jsonl
[ "$(wc -l < audit.jsonl)" = 8 ] || fail "export lines"
run 0 minisign -Vm audit.jsonl -p "$TELLTALE_VAULT/vault.pub"
expect_out 'Signature and comment signature verified'
expect_out 'Trusted comment: telltale audit log: 8 entries, last hash [0-9a-f]{64}'
sed -i 's/"Eve"/"Eva"/' audit.jsonl
run 1 minisign -Vm audit.jsonl -p "$TELLTALE_VAULT/vault.pub"
# minisign against another vault's key: refused.
sed -i 's/"Eva"/"Eve"/' audit.jsonl
run 0 minisign -Vm audit.jsonl -p "$TELLTALE_VAULT/vault.pub"
run 1 minisign -Vm audit.jsonl -p other/vault.pub
EOF
