#!/usr/bin/env bash
# vault.db is made with 16 KiB pages (issue 12, "vault on disk <= 4x the registered text"):
# with SQLite's default of 4 KiB, the documents rows of 1 to 4 KB left leaf pages 40% empty
# (bench/results/index-size.md).  A vault made before keeps its page size and stays usable.
. "$(dirname "$0")/lib.sh"
[ -r /usr/share/common-licenses/GPL-3 ] || skip_all "no licence text"
command -v sqlite3 >/dev/null || skip_all "no sqlite3 (to read the page size)"
q() { sqlite3 "$TELLTALE_VAULT/vault.db" "$1"; }

test_expect_success 'init makes vault.db with 16 KiB pages, in WAL mode' - <<'EOT'
run 0 tt init
[ "$(q 'PRAGMA page_size')" = 16384 ] || fail "page size $(q 'PRAGMA page_size')"
[ "$(q 'PRAGMA journal_mode')" = wal ] || fail "journal mode $(q 'PRAGMA journal_mode')"
run 0 tt add /usr/share/common-licenses/GPL-3
[ "$(q 'PRAGMA page_size')" = 16384 ] || fail "page size after add $(q 'PRAGMA page_size')"
run 0 tt log --verify
expect_out '^vault consistent with its log$'
EOT

test_expect_success 'a vault with 4 KiB pages is still read and written' - <<'EOT'
rm -rf "$TELLTALE_VAULT"
run 0 tt init
q 'PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM; PRAGMA journal_mode=WAL' > /dev/null
[ "$(q 'PRAGMA page_size')" = 4096 ] || fail "could not make a 4 KiB vault"
run 0 tt add /usr/share/common-licenses/GPL-3
run 0 tt docs
expect_out 'GNU GENERAL PUBLIC LICENSE'
[ "$(q 'PRAGMA page_size')" = 4096 ] || fail "the page size changed"
run 0 tt log --verify
expect_out '^vault consistent with its log$'
EOT
