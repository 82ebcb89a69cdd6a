#!/usr/bin/env bash
# A recipient's name is stored with each inner run of spaces as one space (add, import,
# rename), and looked up the same way: "Bo   Trim" is added as "Bo Trim", and `recipients
# rename|show|retire "Bo Trim"` (or with any spacing) find it.
. "$(dirname "$0")/lib.sh"

test_expect_success 'add stores one space and says so' - <<'EOF'
run 0 tt init
run 0 tt recipients add "Bo   Trim"
expect_out '^added recipient 1: Bo Trim$'
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT name FROM recipients")" = "Bo Trim" ] ||
    fail "stored name is not 'Bo Trim'"
EOF

test_expect_success 'the same name with other spacing is taken' - <<'EOF'
run 2 tt recipients add "Bo Trim"
expect_err "recipient 'Bo Trim' exists"
run 2 tt recipients add "Cy  Lu" "Cy Lu"
expect_err "given twice"
EOF

test_expect_success 'show, rename and retire find it by any spacing' - <<'EOF'
run 0 tt recipients show "Bo    Trim"
expect_out 'Bo Trim'
run 0 tt recipients rename "Bo Trim" "Bo  T.   Trim"
expect_out 'renamed recipient 1: Bo T. Trim'
run 0 tt recipients retire "Bo T.  Trim"
expect_out 'retired recipient 1: Bo T. Trim'
EOF

test_expect_success 'an import stores one space and skips a present name' - <<'EOF'
printf 'name,email\nEd    Lo,ed@example.org\nBo T. Trim,bo@example.org\n' > people.csv
run 0 tt recipients import people.csv
run 0 tt --json recipients list
grep -q '"name":"Ed Lo"' "$WORK/out" || { cat "$WORK/out"; fail "Ed Lo not stored with one space"; }
[ "$(grep -o '"name":"Bo T. Trim"' "$WORK/out" | wc -l)" = 1 ] || { cat "$WORK/out"; fail "Bo twice"; }
EOF
