#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Crash consistency: init, add, recipients import, issue and scan are killed with SIGKILL at
# varied points, ROUNDS times (default 55): at a random moment of a run (a sleep drawn from
# 0 to 60% of that command's measured time), or, for issue, through the CLI's test hook
# TELLTALE_TEST_KILL_AFTER=K after its K-th copy.  After every kill:
#   - the vault opens and `log --verify` passes;
#   - an import is all or nothing (no recipient count between before and after);
#   - every file in the output folder is either a recorded copy (its SHA-256 on record), the
#     signature of one, or named by `issue --check`, which also names every temporary file
#     left in the vault; every recorded copy in the folder holds the bytes on record;
#   - a killed init leaves either no vault (and init then succeeds, removing the dead one's
#     build directory) or a whole one.
# A stray left unreported, a vault that no longer opens or a half vault fails the test.
# TT_CRASH_SEED replays a run (the seed is printed); TT_CRASH_ROUNDS changes the count.
. "$(dirname "$0")/lib.sh"
seed=${TT_CRASH_SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$seed
rounds=${TT_CRASH_ROUNDS:-55}
echo "seed $seed, $rounds rounds"

cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
python3 - <<'PY'
import random
random.seed(7)
words = open("memo.txt").read().split()
print("name", file=open("base.csv", "w"))
with open("base.csv", "a") as f:
    for i in range(12):
        print("R%03d" % i, file=f)
for i in range(200):
    w = words[:]
    random.shuffle(w)
    open("doc%03d.txt" % i, "w").write("Paper %d. " % i + " ".join(w[:300]) + "\n")
    with open("names%03d.csv" % i, "w") as f:
        print("name", file=f)
        for j in range(5):
            print("N%03d-%d" % (i, j), file=f)
PY
run 0 tt recipients import base.csv
to=()
for i in $(seq 0 5); do to+=(--to "$(printf 'R%03d' "$i")"); done
mkdir O

ms_now() { date +%s%N | cut -c1-13; }
# time of one whole run of a command, in ms (at least 1)
timed() { local t0; t0=$(ms_now); "$@" >/dev/null 2>&1 || true; echo $(( $(ms_now) - t0 + 1 )); }
# Run a command in the background and SIGKILL it after a random part of max_ms; when it
# finished first (its exit status is not 137), run it again with half the time, down to no
# sleep at all, so every call ends in a kill at some point of the command's life.
kills=0
kill_within() {
    local max_ms=$1; shift
    [ "$1" = tt ] && set -- "$TELLTALE" "${@:2}"   # the process itself, not a subshell
    local try st ms pid
    for try in 1 2 3 4 5; do
        [ "$try" = 5 ] && max_ms=0
        exec "$@" >/dev/null 2>&1 &
        pid=$! ms=$(( RANDOM % (max_ms * 6 / 10 + 1) ))
        [ "$ms" = 0 ] || sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
        kill -9 "$pid" 2>/dev/null || true
        st=0
        wait "$pid" 2>/dev/null || st=$?
        if [ "$st" = 137 ]; then
            kills=$((kills + 1))
            return 0
        fi
        max_ms=$((max_ms / 2))
    done
}

# the measured durations (they also leave the vault with one more document and copies)
t_add=$(timed tt add doc199.txt)
t_import=$(timed tt recipients import names199.csv)
t_issue=$(timed tt issue "$doc" "${to[@]}" --out O --collusion 2)
t_scan=$(timed tt scan memo.txt)
t_init=$(timed tt --vault measure-init init)
echo "ms: add $t_add, import $t_import, issue $t_issue, scan $t_scan, init $t_init"

# The consistency check: every file in O and every temporary file in the vault is accounted
# for by a record or by name in `issue --check`.
check() {
    local what=$1
    run 0 tt log --verify
    local st=0
    tt issue --check --out O --json >check.out 2>check.err || st=$?
    [ "$st" -le 1 ] || { cat check.err; fail "$what: issue --check failed ($st)"; }
    strays=$((strays + $(wc -l <check.out)))
    python3 - "$TELLTALE_VAULT" "$what" <<'PY' || fail "$what: see above (seed $seed)"
import hashlib, json, os, re, sqlite3, sys
vault, what = sys.argv[1], sys.argv[2]
named = {json.loads(l)["stray"] for l in open("check.out") if l.strip()}
db = sqlite3.connect("file:%s/vault.db?mode=ro" % vault, uri=True)
recorded = {h for (h,) in db.execute("SELECT sha256 FROM copies")}
rows = list(db.execute("SELECT path, sha256 FROM copies WHERE path LIKE 'O/%'"))
temp = re.compile(r"^\..+\.tt-[0-9a-f]{12}\.tmp$")
def sha(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()
bad = []
for name in sorted(os.listdir("O")):
    p = "O/" + name
    if temp.match(name):
        ok = False
    elif name.endswith(".minisig"):
        base = p[: -len(".minisig")]
        ok = os.path.isfile(base) and sha(base) in recorded
    else:
        ok = sha(p) in recorded
    if not ok and p not in named:
        bad.append(p)
for name in os.listdir(vault):
    if temp.match(name) and "%s/%s" % (vault, name) not in named:
        bad.append(vault + "/" + name)
for p, h in rows:
    if not os.path.isfile(p) or sha(p) != h:
        print("%s: the recorded copy '%s' is missing or changed" % (what, p))
        sys.exit(1)
if bad:
    print("%s: strays not reported by issue --check: %s" % (what, ", ".join(bad)))
    sys.exit(1)
# the owner deletes the reported strays
for p in named:
    if os.path.lexists(p):
        os.unlink(p)
PY
}
nrec() { sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT count(*) FROM recipients"; }

hook_kills=0 min_strays=0 strays=0
for round in $(seq 1 "$rounds"); do
    case $((round % 5)) in
    0)  # init, killed at a random moment
        v="iv$round"
        kill_within "$t_init" tt --vault "$v" init
        if [ -e "$v" ]; then
            run 0 tt --vault "$v" log --verify
        else
            run 0 tt --vault "$v" init
            run 0 tt --vault "$v" log --verify
        fi
        ls -A | grep -q "^\.$v\.init-" && { ls -A; fail "init $round: a build directory was left"; }
        rm -rf "$v"
        ;;
    1)  # add
        kill_within "$t_add" tt add "$(printf 'doc%03d.txt' "$round")"
        check "add $round"
        ;;
    2)  # recipients import: all or nothing
        before=$(nrec)
        kill_within "$t_import" tt recipients import "$(printf 'names%03d.csv' "$round")"
        after=$(nrec)
        [ "$after" = "$before" ] || [ "$after" = $((before + 5)) ] ||
            fail "import $round: $before recipients before, $after after (seed $seed)"
        check "import $round"
        ;;
    3)  # issue a document never issued before, so every file it writes is new
        run 0 tt add "$(printf 'doc%03d.txt' $((100 + round)))" --json
        d=$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT doc_id FROM documents ORDER BY id DESC LIMIT 1")
        if [ $((round % 2)) = 1 ]; then
            k=$((1 + RANDOM % 6))
            st=0
            TELLTALE_TEST_KILL_AFTER=$k tt issue "$d" "${to[@]}" --out O >/dev/null 2>&1 || st=$?
            [ "$st" = 137 ] || fail "issue $round: the kill hook did not fire (exit $st)"
            hook_kills=$((hook_kills + 1)) kills=$((kills + 1)) min_strays=$((min_strays + k))
        else
            kill_within "$t_issue" tt issue "$d" "${to[@]}" --out O
        fi
        check "issue $round"
        ;;
    4)  # scan (rebuilds and writes index.bin after the adds)
        kill_within "$t_scan" tt scan memo.txt
        check "scan $round"
        ;;
    esac
done
# and the vault still works: one more of each, uninterrupted
run 0 tt add doc000.txt
run 0 tt issue "$doc" "${to[@]}" --out O --collusion 999
run 1 tt scan memo.txt
check final
run 0 tt issue --check --out O
echo "$kills kills ($hook_kills through the issue hook) in $rounds rounds, $strays strays named"
# a copy killed after its K-th copy leaves at least K copies with no record
[ "$strays" -ge "$min_strays" ] || fail "only $strays strays named, at least $min_strays were left"
[ "$rounds" -lt 50 ] || [ "$kills" -ge 50 ] || fail "only $kills of $rounds rounds killed a command"
