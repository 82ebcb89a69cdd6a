#!/usr/bin/env bash
# The compact index: index.bin of format 10 (8-byte entries since format 6; the evidence
# filter's bound grows with the vault since 7; a directory sized to its entries since 8;
# 16-byte document records since 9; only the evidence filter since 10) and doc_index rows of version 4 that carry no
# fingerprints (the index is built from the registered texts).  An index.bin of an older
# format is rebuilt once, a doc_index row of an older version rewritten once, and the seeding
# of an empty background that every licence refuses is not retried at every open.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in Apache-2.0 MPL-2.0 BSD GPL-2 LGPL-2.1; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
command -v sqlite3 >/dev/null || skip_all "no sqlite3 (to read the vault's tables)"
V() { echo "$TELLTALE_VAULT/$1"; }
ino() { stat -c %i "$(V index.bin)"; }
magic() { printf '%s%03d' "$(head -c 7 "$(V index.bin)")" "$(head -c 8 "$(V index.bin)" | tail -c 1 | od -An -tu1 | tr -d ' ')"; }
q() { sqlite3 "$(V vault.db)" "$1"; }
head -c 3000 "$LIC/Apache-2.0" > a.txt
head -c 3000 "$LIC/MPL-2.0" > b.txt
sed -n 30,40p "$LIC/MPL-2.0" > b-excerpt.txt
# (4 << 16) | (k = 13 << 8) | w = 10
VERSION=265482

test_expect_success 'index.bin is of format 10; doc_index rows hold no fingerprints' - <<'EOF'
run 0 tt init
run 0 tt add a.txt b.txt
run 1 tt --json scan b-excerpt.txt
expect_out '"doc":"'
[ "$(magic)" = 'TTINDEX010' ] || fail "index.bin magic is $(magic)"
[ "$(q 'SELECT count(*), sum(length(fingerprints)), min(version), max(version) FROM doc_index')" = "2|0|$VERSION|$VERSION" ] ||
    fail "doc_index rows: $(q 'SELECT doc, version, length(fingerprints) FROM doc_index')"
EOF

test_expect_success 'an index.bin of format 9 is rebuilt, once' - <<'EOF'
cp "$(V index.bin)" good.bin
printf '\011' | dd of="$(V index.bin)" bs=1 seek=7 conv=notrunc 2>/dev/null
[ "$(magic)" = 'TTINDEX009' ] || fail "the magic was not changed"
i1=$(ino)
run 1 tt --json scan b-excerpt.txt
expect_out '"doc":"'
[ "$(magic)" = 'TTINDEX010' ] || fail "index.bin of format 9 not rebuilt"
[ "$(ino)" != "$i1" ] || fail "index.bin not rewritten"
cmp -s good.bin "$(V index.bin)" || fail "the rebuilt index.bin differs from the first build"
i2=$(ino)
run 1 tt --json scan b-excerpt.txt
[ "$(ino)" = "$i2" ] || fail "index.bin rebuilt a second time"
EOF

test_expect_success 'doc_index rows of version 3 are rewritten without their fingerprints' - <<'EOF'
q "UPDATE doc_index SET version = 199946, fingerprints = zeroblob(100)"
run 1 tt --json scan b-excerpt.txt
expect_out '"doc":"'
[ "$(q 'SELECT count(*), sum(length(fingerprints)), min(version) FROM doc_index')" = "2|0|$VERSION" ] ||
    fail "doc_index rows not rewritten: $(q 'SELECT doc, version, length(fingerprints) FROM doc_index')"
EOF

test_expect_success 'licences that would hide registered documents: the seeding is tried once per generation' - <<'EOF'
export TELLTALE_VAULT="$WORK/lic"
run 0 tt init
cp "$LIC/BSD" bsd.txt; cp "$LIC/GPL-2" gpl2.txt; cp "$LIC/LGPL-2.1" lgpl.txt
run 0 tt add bsd.txt gpl2.txt lgpl.txt
run 0 tt scan a.txt
[ "$(q 'SELECT count(*) FROM background')" = 0 ] || fail "a licence went into the background"
g1=$(q "SELECT value FROM meta WHERE key = 'index_generation'")
[ -n "$g1" ] || fail "no index generation"
[ "$(q "SELECT value FROM meta WHERE key = 'background_seeded'")" = "$g1" ] ||
    fail "the seeding was not marked as tried at generation $g1"
run 0 tt add a.txt
run 1 tt scan a.txt
g2=$(q "SELECT value FROM meta WHERE key = 'index_generation'")
[ "$g2" != "$g1" ] || fail "adding a document did not move the generation"
[ "$(q "SELECT value FROM meta WHERE key = 'background_seeded'")" = "$g2" ] ||
    fail "the seeding was not tried again at the new generation"
run 0 tt log --verify
EOF
