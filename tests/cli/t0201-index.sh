#!/usr/bin/env bash
# index fingerprints every registered document once, reports its size, and --background
# makes shared prose stop counting as evidence.
. "$(dirname "$0")/lib.sh"
DATA="$TESTS_DIR/data"

test_expect_success 'index fingerprints each document once' - <<'EOF'
run 0 tt init
cp "$DATA/ru.txt" ru.txt
run 0 tt add ru.txt
run 0 tt --json index
expect_out '"docs":1,"indexed":0,'    # add indexed it already (t0566)
run 0 tt --json index
expect_out '"docs":1,"indexed":0,'    # nothing new: nothing reindexed
fps=$(sed -n 's/.*"fingerprints":\([0-9]*\).*/\1/p' "$WORK/out")
[ "$fps" -gt 20 ] || fail "too few fingerprints: $fps"
EOF

# a document with an old algorithm version is reindexed by itself
test_expect_success 'an old algorithm version is reindexed' - <<'EOF'
sqlite3 "$TELLTALE_VAULT/vault.db" "UPDATE doc_index SET version = 1"
run 0 tt --json index
expect_out '"indexed":1,'
EOF

# the text is found; once it is background, it no longer is
test_expect_success 'background prose stops counting as evidence' - <<'EOF'
run 1 tt scan ru.txt
run 0 tt index --background ru.txt --force
expect_out "new background fingerprints"
run 0 tt --json index
expect_out '"fingerprints":0,'
run 0 tt scan ru.txt
EOF

test_expect_success 'usage errors and help' - <<'EOF'
run 2 tt index --background
expect_err "needs at least one file"
run 2 tt index --background missing.txt
expect_err "cannot read 'missing.txt'"
run 2 tt index extra
run 0 tt index --help
expect_out "usage: telltale index"
EOF
