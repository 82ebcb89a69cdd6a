#!/usr/bin/env bash
# init creates the database and keys with safe modes, and never overwrites them.
. "$(dirname "$0")/lib.sh"

# Before init, no command runs on the missing vault.
test_expect_success 'before init, no command runs on the missing vault' - <<'EOF'
run 2 tt log
expect_err "'$TELLTALE_VAULT' is not a telltale vault \(run 'telltale init'\)"
EOF

test_expect_success 'init creates the database and keys with safe modes' - <<'EOF'
run 0 tt init
expect_out "created vault '$TELLTALE_VAULT'"
for f in vault.db secret.key mark.key vault.pub; do
    [ -f "$TELLTALE_VAULT/$f" ] || fail "init did not create $f"
done
[ "$(stat -c %a "$TELLTALE_VAULT/secret.key")" = 600 ] || fail "secret.key mode $(stat -c %a "$TELLTALE_VAULT/secret.key")"
[ "$(stat -c %a "$TELLTALE_VAULT/mark.key")" = 600 ] || fail "mark.key mode $(stat -c %a "$TELLTALE_VAULT/mark.key")"
[ "$(stat -c %s "$TELLTALE_VAULT/secret.key")" = 74 ] || fail "secret.key size"
[ "$(stat -c %s "$TELLTALE_VAULT/mark.key")" = 32 ] || fail "mark.key size"
EOF

# vault.pub is a minisign public key: comment line, then base64 of "Ed" + 8 + 32 bytes,
# and the key id printed by init is the one in the file (minisign prints it little-endian).
test_expect_success 'vault.pub is a minisign public key with the printed key id' - <<'EOF'
head -n1 "$TELLTALE_VAULT/vault.pub" | grep -Eq '^untrusted comment: ' || fail "vault.pub comment line"
[ "$(sed -n 2p "$TELLTALE_VAULT/vault.pub" | base64 -d | wc -c)" = 42 ] || fail "vault.pub key length"
[ "$(sed -n 2p "$TELLTALE_VAULT/vault.pub" | base64 -d | head -c2)" = Ed ] || fail "vault.pub algorithm"
keyid=$(sed -n 2p "$TELLTALE_VAULT/vault.pub" | base64 -d | od -An -tx1 -j2 -N8 | tr -d ' \n' |
        sed 's/../& /g' | awk '{for (i = NF; i > 0; i--) printf "%s", toupper($i)}')
expect_out "key id $keyid"
EOF

# The database: WAL, schema version 6 (db.c migrations), the contract's tables.
test_expect_success 'the database is WAL, schema 6, with the contract tables' - <<'EOF'
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" 'PRAGMA user_version')" = 8 ] || fail "schema version"
tables=$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type='table' ORDER BY name)")
[ "$tables" = "audit background copies doc_index documents findings meta recipients vetoes watch_cursors" ] || fail "tables: $tables"
EOF

# init on an existing vault refuses, exit 2, and leaves every key byte as it was.
test_expect_success 'init on an existing vault refuses and changes nothing' - <<'EOF'
sums=$(cd "$TELLTALE_VAULT" && sha256sum secret.key mark.key vault.pub)
digest=$(vault_digest)
run 2 tt init
expect_err "is a telltale vault already: refusing to overwrite it"
[ "$(cd "$TELLTALE_VAULT" && sha256sum secret.key mark.key vault.pub)" = "$sums" ] || fail "keys changed"
[ "$(vault_digest)" = "$digest" ] || fail "vault changed"
EOF

# A directory holding only a key file (no database) is not overwritten either.
test_expect_success 'a directory holding only a key file is not overwritten' - <<'EOF'
mkdir other
echo keep > other/secret.key
run 2 tt --vault other init
expect_err "other/secret.key' exists: refusing to overwrite a key file"
[ "$(cat other/secret.key)" = keep ] || fail "secret.key overwritten"
[ ! -e other/vault.db ] && [ ! -e other/mark.key ] && [ ! -e other/vault.pub ] || fail "init left files behind"
EOF

# --json, and the init entry in the log.
test_expect_success 'init --json, and the init entry in the log' - <<'EOF'
run 0 tt --vault fresh init --json
expect_out '^\{"vault": ?"fresh", ?"public_key": ?"fresh/vault.pub", ?"key_id": ?"[0-9A-F]{16}"\}$'
run 0 tt --vault fresh log
expect_out '^1 +[0-9-]+T[0-9:]+Z +[^ ]+ +init +\{"key_id":"[0-9A-F]{16}","schema":8\}$'
EOF

# A vault whose secret key is readable by others is refused when it is needed for signing.
test_expect_success 'a secret key readable by others is refused for signing' - <<'EOF'
chmod 644 fresh/secret.key
echo "some words here" > w.txt
run 2 tt --vault fresh add w.txt
expect_err "secret.key' is readable by others \(mode 644\)"
chmod 600 fresh/secret.key
run 0 tt --vault fresh add w.txt
EOF

# A vault with a missing key file is reported as damaged.
test_expect_success 'a vault with a missing key file is damaged' - <<'EOF'
mv fresh/mark.key fresh/mark.key.bak
run 2 tt --vault fresh log
expect_err "vault 'fresh' is damaged: 'mark.key' is missing"
EOF

# A file that is not a database is not a vault.
test_expect_success 'a file that is not a database is not a vault' - <<'EOF'
mkdir junk && echo "not sqlite" > junk/vault.db && cp fresh/secret.key fresh/vault.pub junk/ && cp fresh/mark.key.bak junk/mark.key
run 2 tt --vault junk log
expect_err "junk"
EOF
