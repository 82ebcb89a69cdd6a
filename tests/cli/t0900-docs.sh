#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The man page is true to the program: every command that 'telltale --help' lists has a
# section '.SS "telltale CMD"' in docs/telltale.1 with an exit status; every long option that
# 'telltale CMD --help' shows appears in that section (or, for --json, --help, --vault and
# --version, in GLOBAL OPTIONS); every long option the section names is one the command's help
# shows (no documented option that does not exist); and the page renders without warnings.
. "$(dirname "$0")/lib.sh"
MAN="$TESTS_DIR/../docs/telltale.1"
[ -f "$MAN" ] || fail "no man page at $MAN"

# The man source as plain text: roff's \- is a hyphen, font escapes go.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$MAN" >"$WORK/man.txt"

# section NAME: the lines of a .SS or .SH section, up to the next .SS or .SH.
section() {
    awk -v want="$1" '
        /^\.S[SH] / { t = $0; sub(/^\.S[SH] +/, "", t); gsub(/"/, "", t); on = (t == want); next }
        on' "$WORK/man.txt"
}
# long_opts FILE: the distinct long options in FILE (a bare "--" is not one).
long_opts() { grep -o -- '--[a-z][a-z-]*' "$1" | sed 's/-*$//' | sort -u; }
global="--help --json --vault --version"
is_global() { case " $global " in *" $1 "*) return 0 ;; esac; return 1; }

test_expect_success 'GLOBAL OPTIONS and every section exist' - <<'EOF'
section "GLOBAL OPTIONS" >"$WORK/global.txt"
for o in $global; do
    grep -Eq -- "$o([^a-z-]|$)" "$WORK/global.txt" || fail "GLOBAL OPTIONS lacks $o"
done
for s in NAME SYNOPSIS DESCRIPTION COMMANDS ENVIRONMENT FILES "EXIT STATUS" "JSON OUTPUT" \
         EXAMPLES SECURITY "SEE ALSO"; do
    grep -Eq "^\.SH \"?$s\"?\$" "$MAN" || fail "the man page has no $s section"
done
EOF

# The commands, from the program's own help: the lines between "Commands:" and a blank line.
test_expect_success 'every command has a section matching its --help options' - <<'EOF'
run 0 tt --help
awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' "$WORK/out" >"$WORK/cmds"
ncmds=$(wc -l <"$WORK/cmds")
[ "$ncmds" -ge 10 ] || fail "telltale --help lists $ncmds commands, expected at least 10"
for o in $(long_opts "$WORK/out"); do
    grep -Eq -- "$o([^a-z-]|$)" "$WORK/global.txt" || fail "telltale --help shows $o, GLOBAL OPTIONS lacks it"
done

checked=0 unbuilt=""
while read -r cmd; do
    section "telltale $cmd" >"$WORK/sec.txt"
    [ -s "$WORK/sec.txt" ] || fail "no section '.SS \"telltale $cmd\"' in the man page"
    grep -q 'Exit status:' "$WORK/sec.txt" || fail "the section for '$cmd' gives no exit status"
    grep -Eq "^\.SS \"telltale $cmd\"" "$MAN" || fail "no .SS heading for '$cmd'"
    rc=0
    tt "$cmd" --help >"$WORK/help" 2>"$WORK/err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        # A command still a placeholder on this branch says so; anything else is a failure.
        grep -q 'is not built yet' "$WORK/err" || { cat "$WORK/err"; fail "'telltale $cmd --help' exited $rc"; }
        unbuilt="$unbuilt $cmd"
        continue
    fi
    grep -q "^usage: telltale" "$WORK/help" || fail "'telltale $cmd --help' has no usage line"
    # Every option the help shows is documented in the command's section.
    for o in $(long_opts "$WORK/help"); do
        if grep -Eq -- "$o([^a-z-]|$)" "$WORK/sec.txt"; then continue; fi
        is_global "$o" && continue
        fail "'telltale $cmd --help' shows $o; the man page's section for '$cmd' does not"
    done
    # Every option the section names exists in the help (or is global, or is the "--" marker).
    for o in $(long_opts "$WORK/sec.txt"); do
        is_global "$o" && continue
        grep -Eq -- "$o([^a-z-]|$)" "$WORK/help" && continue
        fail "the man page's section for '$cmd' names $o; 'telltale $cmd --help' does not"
    done
    checked=$((checked + 1))
done <"$WORK/cmds"
[ -z "$unbuilt" ] && [ "$checked" -ne "$ncmds" ] && fail "checked $checked of $ncmds commands"
if [ -n "$unbuilt" ]; then echo "note: not built on this branch, options not checked:$unbuilt"; fi
EOF

# It renders without warnings.
test_expect_success 'the page renders without warnings' - <<'EOF'
rendered=0
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
    MANWIDTH=80 man --warnings -l "$MAN" >"$WORK/render" 2>"$WORK/warn" || { cat "$WORK/warn"; fail "man -l failed"; }
    [ ! -s "$WORK/warn" ] || { cat "$WORK/warn"; fail "man --warnings reports problems"; }
    grep -q 'telltale' "$WORK/render" || fail "man -l rendered nothing"
    rendered=1
fi
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$MAN" 2>"$WORK/warn" || { cat "$WORK/warn"; fail "groff failed"; }
    [ ! -s "$WORK/warn" ] || { cat "$WORK/warn"; fail "groff -ww reports problems"; }
    rendered=1
fi
[ "$rendered" -eq 1 ] || echo "note: neither man nor groff installed; rendering not checked"
echo "ok: $ncmds commands, $checked checked against their --help"
EOF
