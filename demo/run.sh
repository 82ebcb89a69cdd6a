#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The telltale demo: a fresh vault under demo/out/, three fictional memos, fifty fictional
# recipients; then a leak is hidden among public posts, found, checked for doctoring, and
# traced back to the recipient whose copy it came from.  Run by `make demo`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
TELLTALE=${TELLTALE:-$here/../build/telltale}
out=$here/out
rm -rf "$out"
mkdir -p "$out"
export TELLTALE_VAULT="$out/vault"
tt() { "$TELLTALE" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Commands that report a finding exit 1 by design; the demo goes on.
found_ok() { "$@" || { rc=$?; [ "$rc" -eq 1 ] || exit "$rc"; }; }

step "1. Create a vault: $TELLTALE_VAULT"
tt init

step "2. Register the three memos"
tt add "$here"/docs/*

step "3. Register fifty recipients from demo/recipients.csv"
tt recipients import "$here/recipients.csv"
tt recipients list | head -n 5
echo "..."

step "4. The audit log so far, and its proof"
tt log | tail -n 3
tt log --verify
