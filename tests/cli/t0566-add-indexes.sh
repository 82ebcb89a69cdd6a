#!/usr/bin/env bash
# add indexes what it registers, as the manual says: index afterwards has nothing to do.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] || { echo "skip: no licences"; exit 0; }
run 0 tt init
cp $L/Apache-2.0 apache.txt
run 0 tt add apache.txt
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" 'SELECT count(*) FROM doc_index')" = 1 ] || fail "add did not index"
run 0 tt --json index
expect_out '"docs":1,"indexed":0,'
