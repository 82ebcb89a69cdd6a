# SPDX-License-Identifier: Apache-2.0
# lib.sh: helpers for the CLI tests.  Each test is `set -eu`, sources this, and runs the real
# binary ($TELLTALE) in a fresh temporary directory that is removed at exit.
#
# Named cases, as git's test-lib has them:
#
#   test_expect_success 'name' 'commands'            a case: "ok N - name" or "not ok N - name"
#   test_expect_success 'name' - <<'EOF'              the same, the commands read from a here-
#   commands                                         document (no quoting to escape)
#   EOF
#   test_expect_success PREREQ,... 'name' 'commands' skipped, and said so, without the prereqs
#   test_expect_failure 'name' 'commands'            a known breakage: counted as skipped while
#                                                    it fails, "# TODO ... vanished" once it passes
#   test_set_prereq NAME, test_lazy_prereq NAME 'commands', test_have_prereq NAME,...
#   skip_all 'reason'                                the whole script skipped, visibly
#
# A case's commands run under `set -e` in a subshell, so `fail`, a `run` with the wrong status
# or any failing command ends that case only; files it writes stay, and the shell variables and
# functions it sets are carried to the cases after it (as they would be without the subshell).
# Its output is shown only when it fails (or with TT_TEST_VERBOSE=1, or `bash tNNNN.sh -v`).
# At exit the script prints "1..N" and "# passed N, failed N, skipped N", and exits 1 when a
# case failed.  tests/run counts the "ok"/"not ok" lines; a script with no named cases (plain
# `run`/`expect_out`/`fail` calls at top level) still works and counts as one case by its exit
# status.  Commands outside any case that fail still stop the script, and count as a failure.
set -eu
: "${TELLTALE:?set TELLTALE to the telltale binary}"
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/telltale-cli.XXXXXX")
cd "$WORK"
export TELLTALE_VAULT="$WORK/vault"
unset NO_COLOR TELLTALE_TEST_KEY_SEED

_tt_n=0 _tt_pass=0 _tt_fail=0 _tt_skip=0 _tt_fixed=0
_tt_verbose=${TT_TEST_VERBOSE:-}
[ "${1:-}" = -v ] && _tt_verbose=1
declare -A _tt_prereq=() _tt_lazy=() _tt_snap=()

_tt_exit() {
    local rc=$?
    set +e
    if [ "$_tt_n" -gt 0 ]; then
        if [ "$rc" -ne 0 ]; then
            echo "# the script stopped outside a named case (exit $rc)"
        fi
        echo "1..$_tt_n"
        echo "# passed $_tt_pass, failed $_tt_fail, skipped $_tt_skip"
        [ "$_tt_fail" -gt 0 ] && rc=1
    fi
    cd /
    rm -rf "$WORK"
    exit "$rc"
}
trap _tt_exit EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_STATUS CMD...: run CMD, keep stdout in $WORK/out and stderr in $WORK/err,
# and fail unless it exits with EXPECTED_STATUS.
run() {
    local want=$1; shift
    local got=0
    "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
    if [ "$got" != "$want" ]; then
        echo "--- stdout"; cat "$WORK/out"; echo "--- stderr"; cat "$WORK/err"
        fail "'$*' exited $got, expected $want"
    fi
}
tt() { "$TELLTALE" "$@"; }

# expect_out / expect_err PATTERN: the last run's stdout / stderr matches the grep -E pattern.
expect_out() { grep -Eq -- "$1" "$WORK/out" || { cat "$WORK/out"; fail "stdout lacks /$1/"; }; }
expect_err() { grep -Eq -- "$1" "$WORK/err" || { cat "$WORK/err"; fail "stderr lacks /$1/"; }; }
expect_no_out() { ! grep -Eq -- "$1" "$WORK/out" || { cat "$WORK/out"; fail "stdout has /$1/"; }; }
# json_field NAME: member NAME of the JSON object the last run printed ($WORK/out).
json_field() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/out" "$1"
}
# issue_copies N CHANNELS: import N recipients ("Recipient 1" ...) and issue each a copy of
# $doc with CHANNELS into copies/, failing unless N copies were written.
issue_copies() {
    local n=$1 i
    { echo name,contact,unit; for i in $(seq 1 "$n"); do echo "Recipient $i,r$i@example.org,unit"; done; } \
        > people.csv
    run 0 tt recipients import people.csv
    run 0 tt issue "$doc" --all --out copies --channels "$2"
    [ "$(ls copies/*.txt | wc -l)" -eq "$n" ] || fail "expected $n copies"
}
# expect_authentic FILE...: verify takes each file for the original (verdict "authentic").
expect_authentic() {
    local f
    for f in "$@"; do
        tt verify "$f" --json > "$WORK/verify.json" 2>/dev/null || true
        python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["verdict"] != "authentic")' \
            "$WORK/verify.json" || { cat "$WORK/verify.json"; fail "$f does not verify as authentic"; }
    done
}
# expect_places N: the copies copies/$doc-recipient-1..N.txt (white space folded) against a
# list read from standard input, one per line: "keep TEXT" stands in every copy as written;
# "place REGEX" (group 1 the optional words) matches in every copy; and at least one place
# takes both forms across the copies.
expect_places() {
    python3 -c '
import re, sys
doc, n = sys.argv[1], int(sys.argv[2])
keep, places = [], []
for line in sys.stdin.read().splitlines():
    kind, _, arg = line.strip().partition(" ")
    if kind == "keep": keep.append(arg)
    elif kind == "place": places.append(arg)
    elif kind: sys.exit("expect_places: bad line %r" % line)
assert keep and places, "expect_places: nothing to check"
seen = [set() for _ in places]
for i in range(1, n + 1):
    t = " ".join(open(f"copies/{doc}-recipient-{i}.txt").read().split())
    for k in keep:
        assert k in t, (i, k)
    for p, s in zip(places, seen):
        m = re.search(p, t)
        assert m, (i, p, t)
        s.add(m.group(1))
assert any(len(s) == 2 for s in seen), seen
' "$doc" "$1"
}
# A digest of the vault's database content, to prove a failed command changed nothing.
vault_digest() { sqlite3 "$TELLTALE_VAULT/vault.db" .dump 2>/dev/null | sha256sum | cut -d' ' -f1; }

# ---- prerequisites ------------------------------------------------------------------------

test_set_prereq() { _tt_prereq[$1]=1; }
# test_lazy_prereq NAME 'commands': NAME holds when the commands succeed (run once, on demand).
test_lazy_prereq() { _tt_lazy[$1]=$2; }
# test_have_prereq NAME[,NAME...]: all hold; "!NAME" holds when NAME does not.
test_have_prereq() {
    local p neg IFS=,
    for p in $1; do
        neg=
        case "$p" in !*) neg=1 p=${p#!} ;; esac
        if [ -z "${_tt_prereq[$p]+x}" ]; then
            if [ -n "${_tt_lazy[$p]+x}" ] && (set -e; eval "${_tt_lazy[$p]}") >/dev/null 2>&1; then
                _tt_prereq[$p]=1
            else
                _tt_prereq[$p]=0
            fi
        fi
        if [ -n "$neg" ]; then
            [ "${_tt_prereq[$p]}" = 0 ] || return 1
        else
            [ "${_tt_prereq[$p]}" = 1 ] || return 1
        fi
    done
}
test_lazy_prereq LICENSES '[ -r /usr/share/common-licenses/Apache-2.0 ] && [ -r /usr/share/common-licenses/GPL-3 ]'
test_lazy_prereq MINISIGN 'command -v minisign'
test_lazy_prereq PYTHON3 'command -v python3'
test_lazy_prereq SQLITE3 'command -v sqlite3'
test_lazy_prereq CHROMIUM 'command -v chromium || command -v chromium-browser'

# skip_all 'reason': skip the whole script (before any case), visibly.
skip_all() {
    [ "$_tt_n" -eq 0 ] || fail "skip_all after $_tt_n cases"
    echo "1..0 # SKIP $1"
    trap - EXIT
    cd /
    rm -rf "$WORK"
    exit 0
}

# ---- cases ----------------------------------------------------------------------------------

# Variables whose change a case must not carry over.
_tt_private() {
    case "$1" in
    _tt_* | BASH* | FUNCNAME | LINENO | RANDOM | SRANDOM | SECONDS | EPOCH* | PIPESTATUS | _ | \
        SHLVL | OLDPWD | PWD | COLUMNS | LINES | HISTCMD | OPTIND | OPTARG | OPTERR | COMP* | \
        GROUPS | PPID | UID | EUID | SHELLOPTS | DIRSTACK | IFS | PS4 | WORK | TESTS_DIR)
        return 0 ;;
    esac
    return 1
}
# In the parent before a case: remember every variable and function.
_tt_snapshot() {
    local _tt_v
    _tt_snap=()
    for _tt_v in $(compgen -v); do
        _tt_private "$_tt_v" || _tt_snap[$_tt_v]=${!_tt_v@A}
    done
    for _tt_v in $(compgen -A function); do _tt_snap["()$_tt_v"]=1; done
}
# In the case's subshell at its end: write what it set or changed, for the parent to source.
_tt_save_state() {
    local _tt_v _tt_a _tt_s
    set +eu
    for _tt_v in $(compgen -v); do
        _tt_private "$_tt_v" && continue
        _tt_a=${!_tt_v@a}
        case "$_tt_a" in *r*) continue ;; esac
        case "$_tt_a" in
        *[aA]*) _tt_s=$(declare -p "$_tt_v") ;;
        *) _tt_s=${!_tt_v@A}
           [ "$_tt_s" != "${_tt_snap[$_tt_v]-}" ] || continue ;;
        esac
        # declare in the parent's function would make a local: -g keeps it global
        case "$_tt_s" in "declare "*) _tt_s="declare -g ${_tt_s#declare }" ;; esac
        printf '%s\n' "$_tt_s"
    done
    for _tt_v in $(compgen -A function); do
        [ -n "${_tt_snap["()$_tt_v"]+x}" ] || declare -f "$_tt_v"
    done
}

_tt_case() { # KIND PREREQ NAME BODY (every local is _tt_: see _tt_private)
    local _tt_kind=$1 _tt_pre=$2 _tt_name=$3 _tt_body=$4 _tt_rc
    if [ "$_tt_body" = - ]; then _tt_body=$(cat); fi
    _tt_n=$((_tt_n + 1))
    if [ -n "$_tt_pre" ] && ! test_have_prereq "$_tt_pre"; then
        _tt_skip=$((_tt_skip + 1))
        echo "ok $_tt_n - $_tt_name # skip (missing $_tt_pre)"
        return 0
    fi
    _tt_snapshot
    rm -f "$WORK/.case-state"
    set +e
    (
        trap '_tt_save_state >"$WORK/.case-state" 2>/dev/null' EXIT
        set -e
        eval "$_tt_body"
    ) >"$WORK/.case-log" 2>&1 </dev/null
    _tt_rc=$?
    set -e
    # shellcheck disable=SC1091
    if [ -f "$WORK/.case-state" ]; then . "$WORK/.case-state"; fi
    if [ "$_tt_kind" = failure ]; then
        if [ "$_tt_rc" -eq 0 ]; then
            _tt_pass=$((_tt_pass + 1)) _tt_fixed=$((_tt_fixed + 1))
            echo "ok $_tt_n - $_tt_name # TODO known breakage vanished"
        else
            _tt_skip=$((_tt_skip + 1))
            echo "not ok $_tt_n - $_tt_name # TODO known breakage"
        fi
    elif [ "$_tt_rc" -eq 0 ]; then
        _tt_pass=$((_tt_pass + 1))
        echo "ok $_tt_n - $_tt_name"
    else
        _tt_fail=$((_tt_fail + 1))
        echo "not ok $_tt_n - $_tt_name"
    fi
    if [ -n "$_tt_verbose" ] || { [ "$_tt_rc" -ne 0 ] && [ "$_tt_kind" = success ]; }; then
        sed 's/^/#   /' "$WORK/.case-log"
        [ "$_tt_rc" -eq 0 ] || echo "#   (the case exited $_tt_rc)"
    fi
    rm -f "$WORK/.case-log" "$WORK/.case-state"
}

test_expect_success() {
    case $# in
    2) _tt_case success "" "$1" "$2" ;;
    3) _tt_case success "$1" "$2" "$3" ;;
    *) fail "test_expect_success [PREREQ] 'name' 'commands': $# arguments" ;;
    esac
}
test_expect_failure() {
    case $# in
    2) _tt_case failure "" "$1" "$2" ;;
    3) _tt_case failure "$1" "$2" "$3" ;;
    *) fail "test_expect_failure [PREREQ] 'name' 'commands': $# arguments" ;;
    esac
}
