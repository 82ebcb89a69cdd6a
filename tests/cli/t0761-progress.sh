#!/usr/bin/env bash
# Progress on a terminal (issue 13.6): scan, issue --all, and batch verify and trace draw one
# line on stderr (bytes, MB/s, items, inputs done of how many, time left) when stderr is a
# terminal, never when it is not, and never with --quiet.  `script` gives the commands a pty;
# TELLTALE_PROGRESS_AFTER_MS=0 (read by the command line only) shows the line at once instead
# of after a second, so no case depends on how fast the machine is.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -r $L/GPL-3 ] && [ -r $L/GPL-2 ] && [ -r $L/Apache-2.0 ] || skip_all "no licence texts in $L"
command -v script >/dev/null || skip_all "no script(1) (util-linux) for a pty"
export TELLTALE_PROGRESS_AFTER_MS=0

# pty CMD...: run the command with stdin, stdout and stderr on a pty; everything it wrote to
# the terminal is in $WORK/tty
pty() {
    local cmd= a
    for a in "$@"; do cmd+=" $(printf '%q' "$a")"; done
    script -qec "$cmd" /dev/null < /dev/null > "$WORK/tty" 2>&1 || true
}

test_expect_success 'a vault, a document, a large input' - <<'EOF'
run 0 tt init
cp $L/GPL-3 gpl.txt
run 0 tt add gpl.txt --json
gpl=$(json_field doc)
for i in $(seq 1 30); do cat $L/GPL-2 $L/Apache-2.0; done > big.txt
sed -n '100,300p' gpl.txt > leak.txt
EOF

test_expect_success 'scan on a terminal: bytes, rate, inputs, time left' - <<'EOF'
pty "$TELLTALE" scan big.txt leak.txt
grep -aq 'scan: [0-9.]* MB of [0-9.]* MB, [0-9.]* MB/s' tty || { cat -v tty; fail "no progress line"; }
grep -aEq 'of 2 inputs' tty || { cat -v tty; fail "no input count"; }
grep -aq 'finding' tty || { cat -v tty; fail "no summary"; }
EOF

test_expect_success 'scan of JSON lines on a terminal counts items' - <<'EOF'
python3 -c '
import json
t = open("leak.txt").read()
with open("posts.jsonl", "w") as f:
    for i in range(300):
        f.write(json.dumps({"id": i, "text": t if i == 150 else "nothing to see %d" % i}) + "\n")
'
pty "$TELLTALE" scan posts.jsonl
grep -aEq '[0-9]+ items' tty || { cat -v tty; fail "no item count"; }
EOF

test_expect_success 'scan --quiet, or stderr not a terminal: no progress line' - <<'EOF'
pty "$TELLTALE" scan --quiet big.txt leak.txt
! grep -aq 'MB/s' tty || { cat -v tty; fail "progress despite --quiet"; }
grep -aq 'finding' tty || fail "no summary"
script -qec "$(printf '%q ' "$TELLTALE" scan big.txt leak.txt) 2>$WORK/err.txt" /dev/null >/dev/null </dev/null || true
! grep -aq 'MB/s' err.txt || { cat -v err.txt; fail "progress into a file"; }
! grep -aq $'\r' err.txt || { cat -v err.txt; fail "carriage return into a file"; }
run 1 tt scan big.txt leak.txt
! grep -aq 'MB/s' err || fail "progress without a terminal"
EOF

test_expect_success 'issue --all, batch verify and trace on a terminal' - <<'EOF'
run 0 tt recipients add Ana Bo Cy
pty "$TELLTALE" issue "$gpl" --all --out copies
grep -aq 'issue: [0-9]* of 3 copies' tty || { cat -v tty; fail "issue: no progress"; }
[ -s "copies/$gpl-ana.txt" ] || fail "no copy"
pty "$TELLTALE" issue "$gpl" --all --out copies2 --quiet
! grep -aq 'of 3 copies' tty || { cat -v tty; fail "issue --quiet drew progress"; }
sed -n '100,400p' "copies/$gpl-ana.txt" > l1.txt
sed -n '100,400p' "copies/$gpl-bo.txt" > l2.txt
pty "$TELLTALE" verify l1.txt l2.txt
grep -aq 'verify: [0-9] of 2 inputs' tty || { cat -v tty; fail "verify: no progress"; }
grep -aq 'l1.txt: authentic' tty || { cat -v tty; fail "verify: no result"; }
pty "$TELLTALE" trace l1.txt l2.txt
grep -aq 'trace: [0-9] of 2 inputs' tty || { cat -v tty; fail "trace: no progress"; }
pty "$TELLTALE" trace --quiet l1.txt l2.txt
! grep -aq 'of 2 inputs' tty || { cat -v tty; fail "trace --quiet drew progress"; }
EOF

test_expect_success 'help lists --quiet' - <<'EOF'
for cmd in scan issue verify trace; do
    run 0 tt $cmd --help
    expect_out -- '--quiet'
done
EOF
