#!/usr/bin/env bash
# The built index is cached in the vault as index.bin: reused while nothing changed, rebuilt
# when a document or background prose is added, and never trusted when truncated, damaged or
# stale (the scan results are those of a fresh build every time).
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
[ -r "$LIC/Apache-2.0" ] && [ -r "$LIC/MPL-2.0" ] || skip_all "no licence texts (Apache-2.0, MPL-2.0) in $LIC"
ino() { stat -c %i "$TELLTALE_VAULT/index.bin"; }
head -c 3000 "$LIC/Apache-2.0" > a.txt
head -c 3000 "$LIC/MPL-2.0" > b.txt
sed -n 30,40p "$LIC/MPL-2.0" > b-excerpt.txt

test_expect_success 'a scan writes a private index.bin, reused while nothing changes' - <<'EOF'
run 0 tt init
run 0 tt add a.txt
run 1 tt scan a.txt
[ -f "$TELLTALE_VAULT/index.bin" ] || fail "no index.bin after a scan"
[ "$(stat -c %a "$TELLTALE_VAULT/index.bin")" = 600 ] || fail "index.bin is not private"
i1=$(ino)
run 1 tt scan a.txt
[ "$(ino)" = "$i1" ] || fail "index.bin rewritten although nothing changed"
EOF

# a new document: the cache is stale, rebuilt, and the new document is found
test_expect_success 'a new document: the cache is rebuilt' - <<'EOF'
run 0 tt scan b-excerpt.txt
cp "$TELLTALE_VAULT/index.bin" old.bin
run 0 tt add b.txt
run 1 tt --json scan b-excerpt.txt
expect_out '"doc":"'
[ "$(ino)" != "$i1" ] || fail "index.bin not rebuilt after add"
i2=$(ino)
EOF

# truncated, damaged, or garbage: rebuilt, same findings
test_expect_success 'truncated, damaged or garbage caches are rebuilt' - <<'EOF'
cp "$TELLTALE_VAULT/index.bin" good.bin
size=$(stat -c %s good.bin)
head -c $((size / 2)) good.bin > "$TELLTALE_VAULT/index.bin"
run 1 tt --json scan b-excerpt.txt
expect_out '"doc":"'
[ "$(stat -c %s "$TELLTALE_VAULT/index.bin")" = "$size" ] || fail "truncated cache not rebuilt"
cp good.bin "$TELLTALE_VAULT/index.bin"
# flip one byte in the middle (a fingerprint entry): the checksum catches it
printf '\xff' | dd of="$TELLTALE_VAULT/index.bin" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
cmp -s good.bin "$TELLTALE_VAULT/index.bin" && fail "the byte was not changed"
run 1 tt --json scan b-excerpt.txt
cmp -s good.bin "$TELLTALE_VAULT/index.bin" || fail "damaged cache not rebuilt"
head -c 100 /dev/urandom > "$TELLTALE_VAULT/index.bin"
run 1 tt scan a.txt
cmp -s good.bin "$TELLTALE_VAULT/index.bin" || fail "garbage cache not rebuilt"
EOF

# a whole, valid cache of an older vault state (before b was added) is not trusted
test_expect_success 'a valid cache of an older state is not trusted' - <<'EOF'
cp old.bin "$TELLTALE_VAULT/index.bin"
run 1 tt --json scan b-excerpt.txt
expect_out '"doc":"'
cmp -s good.bin "$TELLTALE_VAULT/index.bin" || fail "stale cache not rebuilt"
EOF

# background prose added: stale too; the excerpt is no longer evidence
test_expect_success 'background prose makes the cache stale' - <<'EOF'
i3=$(ino)
run 0 tt index --background b.txt --force
run 0 tt scan b-excerpt.txt
[ "$(ino)" != "$i3" ] || fail "index.bin not rebuilt after background"
EOF
