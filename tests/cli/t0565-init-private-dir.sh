#!/usr/bin/env bash
# init into an existing directory open to others (0777) makes it private (0700) and says so;
# it kept 0777 silently, so anyone could replace the keys or the database.
. "$(dirname "$0")/lib.sh"
mkdir -m 0777 "$TELLTALE_VAULT"
chmod 0777 "$TELLTALE_VAULT"      # whatever the umask
run 0 tt init
expect_err "^telltale: made '.*vault' private: mode 0700, was 0777$"
[ "$(stat -c %a "$TELLTALE_VAULT")" = 700 ] || fail "mode is $(stat -c %a "$TELLTALE_VAULT")"
# a private directory: no note
rm -rf "$TELLTALE_VAULT"; mkdir -m 0700 "$TELLTALE_VAULT"
run 0 tt init
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "a note for a private directory"; }
# a new directory is created 0700
rm -rf "$TELLTALE_VAULT"
run 0 tt init
[ "$(stat -c %a "$TELLTALE_VAULT")" = 700 ] || fail "mode is $(stat -c %a "$TELLTALE_VAULT")"
# an existing vault is refused and its mode left alone
chmod 0750 "$TELLTALE_VAULT"
run 2 tt init
[ "$(stat -c %a "$TELLTALE_VAULT")" = 750 ] || fail "a refused init changed the mode"
