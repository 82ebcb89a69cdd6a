#!/usr/bin/env bash
# Rough edges of issue 13.6: slots --veto names the full document id, --unveto of a pattern
# that is not there fails instead of printing "removed" (and logs nothing), a veto given
# twice logs once, every rule slots prints is listed in its help, scan with no input on a
# terminal says what it waits for, names are echoed trimmed.
. "$(dirname "$0")/lib.sh"
[ -r /usr/share/common-licenses/GPL-3 ] || fail "missing /usr/share/common-licenses/GPL-3"

test_expect_success 'a vault and a document' - <<'EOF'
cp /usr/share/common-licenses/GPL-3 gpl.txt
run 0 tt init
run 0 tt add gpl.txt --json
gpl=$(json_field doc)
EOF

test_expect_success 'slots --veto by a prefix names the full id' - <<'EOF'
run 0 tt slots "${gpl:0:4}" --veto "serial-comma"
expect_out "^vetoed 'serial-comma' for $gpl$"
run 0 tt slots "${gpl:0:4}" --veto "serial-comma" --json
expect_out "\"doc\":\"$gpl\""
EOF

test_expect_success 'a veto given twice is logged once; unveto of a missing pattern fails' - <<'EOF'
run 0 tt log --json
[ "$(grep -c '"action":"veto"' out)" = 1 ] || fail "the second veto was logged"
n=$(tt log --json | wc -l)
run 2 tt slots "$gpl" --unveto nonexist
expect_err "document $gpl has no veto 'nonexist'"
expect_no_out removed
[ "$(tt log --json | wc -l)" = "$n" ] || fail "a failed unveto was logged"
run 0 tt slots "$gpl" --unveto serial-comma
expect_out "^removed veto 'serial-comma' for $gpl$"
run 0 tt log --verify
expect_out '^vault consistent with its log$'
EOF

test_expect_success 'every rule slots prints is in its help' - <<'EOF'
run 0 tt slots "$gpl" --channels lexical,unicode --json
python3 -c 'import json,sys; print("\n".join(sorted({json.loads(l)["rule"] for l in open(sys.argv[1])})))' "$WORK/out" > rules.txt
[ -s rules.txt ] || fail "no rules"
tt slots --help > help.txt
while read -r rule; do
    grep -q -- "$rule" help.txt || fail "rule '$rule' is not in slots --help"
done < rules.txt
EOF

test_expect_success 'bash completion: commands, options from --help, document ids' - <<'EOF'
mkdir -p bin && ln -sf "$TELLTALE" bin/telltale
PATH="$WORK/bin:$PATH" bash -c '
. "$1/../contrib/telltale.bash"
COMP_WORDS=(telltale re); COMP_CWORD=1; _telltale; printf "%s\n" "${COMPREPLY[@]}" > c1
COMP_WORDS=(telltale recipients ""); COMP_CWORD=2; _telltale; printf "%s\n" "${COMPREPLY[@]}" > c2
COMP_WORDS=(telltale recipients import x.csv --d); COMP_CWORD=4; _telltale; printf "%s\n" "${COMPREPLY[@]}" > c3
COMP_WORDS=(telltale show ""); COMP_CWORD=2; _telltale; printf "%s\n" "${COMPREPLY[@]}" > c4
' _ "$TESTS_DIR"
grep -qx recipients c1 && grep -qx retire c1 || fail "commands: $(cat c1)"
grep -qx rename c2 && grep -qx remove c2 || fail "subcommands: $(cat c2)"
grep -qx -- --dry-run c3 || fail "options: $(cat c3)"
grep -qx "$gpl" c4 || fail "document ids: $(cat c4)"
EOF

test_expect_success 'scan with no input on a terminal says it reads standard input' - <<'EOF'
python3 - "$TELLTALE" <<'P'
import os, pty, select, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "scan"])
out = b""
while b"reading standard input" not in out:
    r, _, _ = select.select([fd], [], [], 60)
    if not r:
        break
    try:
        out += os.read(fd, 4096)
    except OSError:
        break
os.write(fd, b"\x04")
try:
    while os.read(fd, 4096):
        pass
except OSError:
    pass
_, st = os.waitpid(pid, 0)
assert b"reading standard input" in out, out
assert os.WEXITSTATUS(st) in (0, 2), st
P
EOF
