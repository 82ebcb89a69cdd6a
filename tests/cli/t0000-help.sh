#!/usr/bin/env bash
# The program explains itself and rejects what it does not know.
. "$(dirname "$0")/lib.sh"

test_expect_success '--help and --version' - <<'EOF'
run 0 tt --help
expect_out '^usage: telltale'
expect_out 'scan'
run 0 tt --version
expect_out '^telltale [0-9]+\.[0-9]+\.[0-9]+$'
EOF

test_expect_success 'unknown commands and options are rejected' - <<'EOF'
run 2 tt frobnicate
expect_err "unknown command 'frobnicate'"
run 2 tt
run 2 tt --bogus
expect_err "unknown option '--bogus'"
EOF
