#!/usr/bin/env bash
# Bounded memory (issue 12, item 4): scan streams its input in segments and never holds a
# whole file.  A one-line input of 160 MiB (real prose in Russian, Korean and English, no
# newline anywhere) is scanned with the address space capped at 150 MiB, less than the file
# itself, and the 300-character excerpt of a registered document hidden in its middle is
# still found, at its byte offset.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
DATA="$TESTS_DIR/data"
[ -r "$LIC/Apache-2.0" ] || skip_all "no licence text (Apache-2.0) in $LIC"
command -v python3 >/dev/null || skip_all "no python3 (to write the input)"
# The sanitizers reserve terabytes of address space, so `ulimit -v` cannot run them: skipped,
# visibly.
if { ldd "$TELLTALE" 2>/dev/null | grep -Eq 'lib(a|ub|t)san'; } ||
   { nm "$TELLTALE" 2>/dev/null | grep -q '__asan_init\|__ubsan_handle'; }; then
    skip_all "sanitized build: ulimit -v cannot cap it"
fi

python3 - "$LIC/Apache-2.0" "$DATA" > offset.txt <<'P'
import re, sys
lic, data = sys.argv[1], sys.argv[2]
hay = " ".join(re.sub(r"\s+", " ", open(data + "/" + f, encoding="utf-8").read())
               for f in ("ru.txt", "ko.txt", "trace-memo.txt")).encode() + b" "
text = re.sub(r"\s+", " ", open(lic).read())
s = text.find("Grant of Copyright License") + 30
ex = text[s:s + 300].encode()
target = 160 << 20
with open("line.txt", "wb") as f:
    n = 0
    while n < target // 2:
        f.write(hay)
        n += len(hay)
    f.write(b" ")
    print(n + 1)
    f.write(ex + b" ")
    n += len(ex) + 2
    while n < target:
        f.write(hay)
        n += len(hay)
P
[ "$(tr -cd '\n' < line.txt | wc -c)" = 0 ] || fail "the input has a newline"

test_expect_success 'set up: a vault with the licence' - <<'EOF'
run 0 tt init
run 0 tt add "$LIC/Apache-2.0"
EOF

test_expect_success 'a 160 MiB line scanned within 150 MiB of address space: the excerpt is found' - <<'EOF'
size=$(stat -c %s line.txt)
[ "$size" -gt $((150 << 20)) ] || fail "the input ($size bytes) is not larger than the cap"
( ulimit -v $((150 << 10)); timeout 600 "$TELLTALE" --json scan line.txt > out 2> err ) && rc=0 || rc=$?
[ "$rc" = 1 ] || { cat err; fail "scan exited $rc, expected 1 (findings)"; }
expect_out '"title":"Apache License"'
start=$(sed -n 's/.*"leak_start":\([0-9]*\).*/\1/p' out | head -n 1)
want=$(cat offset.txt)
[ -n "$start" ] && [ "$start" -ge "$want" ] && [ "$start" -lt $((want + 60)) ] ||
    fail "the finding starts at '$start', the excerpt at $want"
[ "$(grep -c '"doc":' out)" = 1 ] || fail "more than the one finding"
EOF
