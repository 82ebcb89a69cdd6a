#!/usr/bin/env bash
# Resource limits (issue 8, defect 4): every input read whole stops at the input size limit
# with "too large (limit N MiB)"; repetitive text costs linear work; a directory walk enters
# each directory once; an item's findings stop at TT_LIMIT_FINDINGS with a warning; and under
# a capped address space (ulimit -v) a command fails with a clear message, never a crash or
# an OOM kill.  Inputs are scaled down from the issue's reproducers to keep this fast.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses

# The sanitizers reserve terabytes of address space, so `ulimit -v` cannot run them: those
# cases are skipped, visibly.
sanitized=0
if { ldd "$TELLTALE" 2>/dev/null | grep -Eq 'lib(a|ub|t)san'; } ||
   { nm "$TELLTALE" 2>/dev/null | grep -q '__asan_init\|__ubsan_handle'; }; then
    sanitized=1
fi
# capped KB CMD...: run CMD with its address space capped at KB kilobytes (in a subshell).
capped() { local kb=$1; shift; ( ulimit -v "$kb"; "$@" ); }
# Hang guard: a walk or scan that never ends fails the test instead of stalling the suite.
guard() { timeout 300 "$@"; }

run 0 tt init
run 0 tt add "$L/MPL-2.0"
doc=$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT doc_id FROM documents LIMIT 1")

# bad PATTERN CMD...: exit 2, the message on stderr, the vault unchanged.
bad() {
    local pattern=$1; shift
    local before; before=$(vault_digest)
    run 2 "$@"
    expect_err "$pattern"
    [ "$(vault_digest)" = "$before" ] || fail "'$*' changed the vault"
}

# ---- the input size limit: regular files refused unread, endless ones cut at the limit
for i in $(seq 64); do cat "$L/GPL-3"; done > two-mib.txt # 64 x 35 KB: over 2 MiB
export TELLTALE_MAX_INPUT_MB=1
bad "^telltale: cannot read 'two-mib.txt': too large \(limit 1 MiB\)$" tt add two-mib.txt
bad "^telltale: cannot read '/dev/zero': too large \(limit 1 MiB\)$" tt add /dev/zero
bad "^telltale: cannot read 'two-mib.txt': too large \(limit 1 MiB\)$" tt verify two-mib.txt
bad "^telltale: cannot read '-': too large \(limit 1 MiB\)$" tt verify - < /dev/zero
bad "^telltale: cannot read 'two-mib.txt': too large \(limit 1 MiB\)$" tt trace two-mib.txt
bad "^telltale: cannot read '-': too large \(limit 1 MiB\)$" tt trace - < /dev/zero
bad "^telltale: cannot read '/dev/zero': too large \(limit 1 MiB\)$" tt recipients import /dev/zero
bad "^telltale: cannot read 'two-mib.txt': too large \(limit 1 MiB\)$" tt index --background two-mib.txt
bad "^telltale: cannot read '/dev/zero': too large \(limit 1 MiB\)$" tt verify --sig /dev/zero "$L/MPL-2.0"
# scan streams: no input size limit, the same file is scanned
run 1 tt scan two-mib.txt
unset TELLTALE_MAX_INPUT_MB
# under the limit all is as before
run 0 tt add two-mib.txt
for v in 0 -1 x 1.5; do
    run 2 env TELLTALE_MAX_INPUT_MB=$v "$TELLTALE" log
    expect_err "^telltale: TELLTALE_MAX_INPUT_MB needs a whole number of MiB from 1, not '$v'$"
done

# ---- a directory with two links to itself: each directory once, each file once
mkdir loop
cp "$L/MPL-2.0" loop/leak.txt
ln -s . loop/l1
ln -s . loop/l2
ln -s ../loop loop/back
run 1 guard "$TELLTALE" scan loop
expect_err "skipping 'loop/l1': a link to a directory already scanned"
expect_err "skipping 'loop/l2': a link to a directory already scanned"
expect_err "1 finding in 1 input$"
[ "$(grep -c '^loop/leak.txt: ' "$WORK/out")" = 1 ] || fail "leak.txt not reported exactly once"
# one self-link: the file once, not once per level of loop/self/self/...
rm loop/l1 loop/l2 loop/back
ln -s . loop/self
run 1 guard "$TELLTALE" scan loop
expect_err "1 finding in 1 input$"

# ---- pathological repetition, registered and scanned, verified and traced
python3 -c "print('0.0 ' * 20000)" > zeros.txt
awk 'BEGIN { for (i = 0; i < 100000; i++) print "w" (i % 100) }' > lines.txt
run 0 tt add zeros.txt lines.txt
for f in zeros.txt lines.txt; do
    run 0 guard "$TELLTALE" scan "$f"
    run 0 guard "$TELLTALE" verify "$f"
    expect_out "^$f: unrelated"
    run 0 guard "$TELLTALE" trace "$f"
done
# a registered document quoted inside repetitive text is still found
{ cat zeros.txt; cat "$L/MPL-2.0"; cat lines.txt; } > mixed.txt
run 1 guard "$TELLTALE" scan mixed.txt
expect_out "^mixed.txt: $doc "

# ---- findings per item: capped, with a warning, the exit status still "found"
head -c 600 "$L/Apache-2.0" | tail -c 400 > short.txt
run 0 tt add short.txt
for i in $(seq 1100); do cat short.txt; echo "--- $i"; done > many.txt
run 1 tt scan many.txt
expect_err "^telltale: 'many.txt': stopped at 1000 findings \(limit\): the rest of the input was not examined$"
expect_err "1000 findings in 1 input$"
run 1 tt --json scan many.txt
[ "$(wc -l < "$WORK/out")" = 1000 ] || fail "--json: not 1000 findings"
# a JSON-lines post is an item of its own
python3 - <<'PY' > many.jsonl
import json
t = open("many.txt").read()
print(json.dumps({"id": "big", "text": t}))
print(json.dumps({"id": "small", "text": open("short.txt").read()}))
PY
run 1 tt scan --jsonl many.jsonl
expect_err "^telltale: 'many.jsonl' \(big\): stopped at 1000 findings"
expect_out "^many.jsonl#small: "

# ---- a capped address space: a clear message, never a crash or an OOM kill
if [ "$sanitized" = 1 ]; then
    echo "skip: ulimit -v cases (sanitized binary: ASan cannot run with a capped address space)"
else
    capped 300000 "$TELLTALE" add /dev/zero >out 2>err && fail "add /dev/zero succeeded"
    grep -Eq "^telltale: cannot read '/dev/zero': (too large \(limit 64 MiB\)|out of memory)$" err ||
        { cat err; fail "add /dev/zero under ulimit -v: no clear message"; }
    capped 300000 "$TELLTALE" verify - < /dev/zero >out 2>err && fail "verify /dev/zero succeeded"
    grep -Eq "^telltale: cannot read '-': (too large \(limit 64 MiB\)|out of memory)$" err ||
        { cat err; fail "verify /dev/zero under ulimit -v: no clear message"; }
    capped 300000 "$TELLTALE" recipients import /dev/zero >out 2>err && fail "import succeeded"
    grep -Eq "^telltale: cannot read '/dev/zero': (too large \(limit 64 MiB\)|out of memory)$" err ||
        { cat err; fail "recipients import /dev/zero under ulimit -v: no clear message"; }
    # the repetitive documents and the many findings fit in a small address space
    for f in zeros.txt lines.txt; do
        got=0; capped 300000 "$TELLTALE" --vault "$TELLTALE_VAULT" scan --threads 1 "$f" \
            >out 2>err || got=$?
        [ "$got" = 0 ] || { cat err; fail "scan $f under ulimit -v exited $got"; }
        got=0; capped 300000 "$TELLTALE" verify "$f" >out 2>err || got=$?
        [ "$got" = 0 ] || { cat err; fail "verify $f under ulimit -v exited $got"; }
    done
    got=0; capped 300000 "$TELLTALE" scan --threads 1 many.txt >out 2>err || got=$?
    [ "$got" = 1 ] || { cat err; fail "scan many.txt under ulimit -v exited $got"; }
fi
echo "ok"
