#!/usr/bin/env bash
# Bad input: one clear line, exit 2, and the vault exactly as it was.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a vault with a document and a recipient' - <<'EOF'
run 0 tt init
cp /usr/share/common-licenses/GPL-2 good.txt
run 0 tt add good.txt
run 0 tt recipients add Ana
EOF

# bad EXPECTED_STDERR_PATTERN CMD...: exit 2, one line on stderr, vault unchanged.
test_expect_success 'bad files to add: one line, exit 2, vault unchanged' - <<'EOF'
bad() {
    local pattern=$1; shift
    local before; before=$(vault_digest)
    run 2 "$@"
    expect_err "$pattern"
    [ "$(wc -l < "$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "'$*': not one line on stderr"; }
    [ "$(vault_digest)" = "$before" ] || fail "'$*' changed the vault"
}

bad "^telltale: cannot add 'missing.txt': no such file$" tt add missing.txt
mkdir adir
bad "^telltale: cannot add 'adir': is a directory$" tt add adir
: > empty.txt
bad "^telltale: cannot add 'empty.txt': empty file$" tt add empty.txt
printf ' \n\t\n' > blank.txt
bad "^telltale: cannot add 'blank.txt': no text$" tt add blank.txt
printf '%%PDF-1.4\n...' > doc.pdf
bad "^telltale: cannot add 'doc.pdf': damaged or truncated PDF \(PDF document is damaged\)$" tt add doc.pdf
run 2 tt add
expect_err "^telltale add: no file given$"
EOF

# Several files where one is bad: none is added (the good ones neither).
test_expect_success 'several files with one bad: none added' - <<'EOF'
cp /usr/share/common-licenses/LGPL-2.1 lgpl.txt
bad "^telltale: cannot add 'empty.txt': empty file$" tt add lgpl.txt empty.txt
bad "^telltale: cannot add 'nothere': no such file$" tt add lgpl.txt nothere
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT count(*) FROM documents WHERE filename = 'lgpl.txt'")" = 0 ] || fail "partial add"
EOF

# CSV with a broken quote: the file and line named, nothing imported.
test_expect_success 'a broken CSV names file and line, imports nothing' - <<'EOF'
printf 'name,contact,unit\nBo,bo@example.org,Ops\n"Cy,cy@example.org,Legal\nDi,,\n' > broken.csv
bad "^telltale: cannot import 'broken.csv': line 3: unterminated quoted field$" tt recipients import broken.csv
printf 'name,contact,unit\nBo,,\n"Cy"x,,\n' > junk.csv
bad "^telltale: cannot import 'junk.csv': line 3: unexpected 'x' after closing quote$" tt recipients import junk.csv
printf 'name,contact,unit\nBo,a,b,c\n' > wide.csv
bad "^telltale: cannot import 'wide.csv': line 2: 4 fields, the header has 3 \(separator ','\)$" tt recipients import wide.csv
printf 'name,contact,unit\nBo,,\n,x,y\n' > noname.csv
bad "^telltale: cannot import 'noname.csv': line 3: empty name$" tt recipients import noname.csv
bad "^telltale: cannot read 'none.csv': no such file or directory$" tt recipients import none.csv
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT count(*) FROM recipients")" = 1 ] || fail "partial import"
EOF

# A name that is taken; a name with a control character.
test_expect_success 'a taken name; a control character in a name' - <<'EOF'
bad "^telltale: recipient 'Ana' exists$" tt recipients add Ana
bad "^telltale: recipient name holds a control character$" tt recipients add "$(printf 'Zed\tX')"
EOF

# Not a vault.
test_expect_success 'not a vault' - <<'EOF'
mkdir plain
bad "^telltale: 'plain' is not a telltale vault \(run 'telltale init'\)$" tt --vault plain add good.txt
bad "^telltale: 'nowhere' is not a telltale vault \(run 'telltale init'\)$" tt --vault nowhere recipients list
EOF

# Usage errors.
test_expect_success 'usage errors' - <<'EOF'
run 2 tt recipients frob
expect_err "unknown subcommand 'frob'"
run 2 tt add --bogus good.txt
expect_err "unknown option '--bogus'"
run 2 tt log --frob
expect_err "unexpected argument '--frob'"
EOF

# A database locked by another process: the writer gives up after the busy timeout with a
# clear message (TELLTALE_BUSY_TIMEOUT_MS keeps the wait short here).
test_expect_success 'a locked database: writers give up clearly, readers go on' - <<'EOF'
python3 - "$TELLTALE_VAULT/vault.db" "$WORK/locked" <<'PY' &
import sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO meta(key, value) VALUES ('lock-test', 'x')")
open(sys.argv[2], "w").close()
time.sleep(30)
PY
holder=$!
for _ in $(seq 100); do [ -e "$WORK/locked" ] && break; sleep 0.1; done
[ -e "$WORK/locked" ] || fail "lock holder did not start"
export TELLTALE_BUSY_TIMEOUT_MS=300
run 2 tt add lgpl.txt
expect_err "^telltale: cannot write to the vault: database is locked by another process$"
run 2 tt recipients add Bo
expect_err "database is locked by another process"
# Readers are not blocked (WAL): the log can still be read and verified.
run 0 tt log --verify
kill "$holder"; wait "$holder" 2>/dev/null || true
unset TELLTALE_BUSY_TIMEOUT_MS
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT count(*) FROM meta WHERE key = 'lock-test'")" = 0 ] || fail "lock holder committed"
[ "$(sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT count(*) FROM documents WHERE filename = 'lgpl.txt'")" = 0 ] || fail "added while locked"
run 0 tt add lgpl.txt
run 0 tt log --verify
expect_out '^audit log intact: 4 entries$'
EOF
