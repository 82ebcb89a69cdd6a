#!/usr/bin/env bash
# init, add, recipients and log explain themselves without touching (or needing) a vault.
. "$(dirname "$0")/lib.sh"

test_expect_success 'init, add, recipients and log --help need no vault' - <<'EOF'
run 0 tt init --help
expect_out '^usage: telltale \[--vault DIR\] init'
expect_out 'never overwritten'
run 0 tt add --help
expect_out '^usage: telltale add FILE\.\.\. \[--title T\] \[--label L\] \[--json\]'
expect_out 'none is added'
run 0 tt recipients --help
expect_out '^usage: telltale recipients add NAME'
expect_out 'import FILE\.csv'
run 0 tt log --help
expect_out '^usage: telltale log'
expect_out -- '--verify'
expect_out 'Exit status: 0 shown, or intact and consistent; 1 \(--verify\) the log or a record was'
[ ! -e "$TELLTALE_VAULT" ] || fail "--help created the vault"
EOF
