#!/usr/bin/env bash
# A TELLTALE_BUSY_TIMEOUT_MS that is not a number from 0 to 3600000 is refused with a
# message, before any command runs (it was ignored: the default 5 s applied silently).
. "$(dirname "$0")/lib.sh"
for bad in abc 5s -1 3600001 99999999999999999999; do
    TELLTALE_BUSY_TIMEOUT_MS=$bad run 2 tt init
    expect_err "^telltale: TELLTALE_BUSY_TIMEOUT_MS must be a number of milliseconds from 0 to 3600000, not '$bad'$"
    [ ! -e "$TELLTALE_VAULT" ] || fail "init ran with TELLTALE_BUSY_TIMEOUT_MS=$bad"
done
TELLTALE_BUSY_TIMEOUT_MS=0 run 0 tt init
TELLTALE_BUSY_TIMEOUT_MS=3600000 run 0 tt log
TELLTALE_BUSY_TIMEOUT_MS= run 0 tt log     # empty: the default
