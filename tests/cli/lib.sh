# SPDX-License-Identifier: Apache-2.0
# lib.sh: helpers for the CLI tests.  Each test is `set -eu`, sources this, and runs the real
# binary ($TELLTALE) in a fresh temporary directory that is removed at exit.
set -eu
: "${TELLTALE:?set TELLTALE to the telltale binary}"
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/telltale-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export TELLTALE_VAULT="$WORK/vault"
unset NO_COLOR

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_STATUS CMD...: run CMD, keep stdout in $WORK/out and stderr in $WORK/err,
# and fail unless it exits with EXPECTED_STATUS.
run() {
    local want=$1; shift
    local got=0
    "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
    if [ "$got" != "$want" ]; then
        echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"
        fail "'$*' exited $got, expected $want"
    fi
}
tt() { "$TELLTALE" "$@"; }

# expect_out / expect_err PATTERN: the last run's stdout / stderr matches the grep -E pattern.
expect_out() { grep -Eq -- "$1" "$WORK/out" || { cat "$WORK/out"; fail "stdout lacks /$1/"; }; }
expect_err() { grep -Eq -- "$1" "$WORK/err" || { cat "$WORK/err"; fail "stderr lacks /$1/"; }; }
expect_no_out() { ! grep -Eq -- "$1" "$WORK/out" || { cat "$WORK/out"; fail "stdout has /$1/"; }; }
# A digest of the vault's database content, to prove a failed command changed nothing.
vault_digest() { sqlite3 "$TELLTALE_VAULT/vault.db" .dump 2>/dev/null | sha256sum | cut -d' ' -f1; }
