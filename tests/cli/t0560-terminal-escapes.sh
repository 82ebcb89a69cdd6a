#!/usr/bin/env bash
# Untrusted strings never reach the terminal raw: escape sequences, C1 controls and bidi
# overrides in scanned text, post ids, file names, titles, recipient names and audit log
# rows are printed as visible escapes (\x1b, \u009b, \u202e) by scan, trace, verify,
# recipients, add and log; --json output stays JSON (its own escaping).
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] || { echo "skip: no licences"; exit 0; }

ESC=$'\033'
CSI=$'\xc2\x9b'       # U+009B, the one-byte CSI of C1
RLO=$'\xe2\x80\xae'   # U+202E RIGHT-TO-LEFT OVERRIDE
# raw: does the last run's stdout+stderr hold any of the dangerous characters?
raw() { cat "$WORK/out" "$WORK/err" | grep -q -e "$ESC" -e "$CSI" -e "$RLO"; }
no_raw() { ! raw || { cat -v "$WORK/out" "$WORK/err"; fail "$1: a control character reached the terminal"; }; }

run 0 tt init
# a document whose first line (its title) carries an escape sequence
{ printf 'Licence %s]0;pwned%s\\ title\n\n' "$ESC" "$ESC"; cat $L/Apache-2.0; } > "apache.txt"
run 0 tt add apache.txt
no_raw "add (title)"
expect_out 'Licence \\x1b\]0;pwned\\x1b\\ title'

# a leak: an excerpt with escape sequences, a C1 CSI and a bidi override inside, in a file
# whose name has an escape sequence too
name="leak${ESC}[2J${RLO}.txt"
{ echo 'Grant of Copyright License. Subject to the terms and conditions of this License, each'
  printf 'Contributor hereby %s[31mgrants%s[0m to You a perpetual, %sworldwide, non-exclusive,\n' "$ESC" "$ESC" "$CSI"
  printf 'no-charge, royalty-free, irrevocable copyright %slicense to reproduce, prepare\n' "$RLO"
  echo 'Derivative Works of, publicly display, publicly perform, sublicense, and distribute the'; } > "$name"

run 1 tt scan "$name"
no_raw "scan"
expect_out 'leak\\x1b\[2J\\u202e\.txt: d'
expect_out 'hereby \\x1b\[31mgrants\\x1b\[0m to You'
expect_out '\\u009bworldwide'
expect_out 'copyright \\u202elicense'

# JSON keeps the text exact, with every control and bidi character as a \u escape
run 1 tt --json scan "$name"
no_raw "scan --json"
expect_out '\\u001[bB]\[31mgrants'
expect_out 'copyright \\u202elicense'
python3 -c '
import json, sys
j = json.loads(open(sys.argv[1]).readline())
assert "\u202e" in j["leak_text"] and "\x1b[31m" in j["leak_text"], j["leak_text"]
' "$WORK/out" || fail "scan --json does not carry the exact text"

# a JSON-lines post whose id and text carry escape sequences; a bad line whose JSON error
# quotes the input goes to stderr made safe as well
printf '{"id": "p1\\u001b[2J\\u202e", "text": %s}\n{"id": 2, "text": "\033[5m x\n' \
  "$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$name")" > posts.jsonl
run 1 tt scan --jsonl posts.jsonl
no_raw "scan --jsonl"
expect_out 'posts\.jsonl#p1\\x1b\[2J\\u202e: d'
expect_err "posts\.jsonl': line 2"

# trace and verify of the same file name
run 0 tt trace "$name"
no_raw "trace"
expect_out 'leak\\x1b\[2J\\u202e\.txt: document'
run 1 tt verify "$name"
no_raw "verify"
expect_out 'leak\\x1b\[2J\\u202e\.txt: '

# error messages naming a file
run 2 tt verify "missing${ESC}]0;x${ESC}\\.txt"
no_raw "verify (missing file)"
expect_err 'missing\\x1b\]0;x\\x1b\\\.txt'

# recipients: add, list, show; a bidi override in a name is shown, not obeyed
# (the vault refuses control characters in recipient fields; a bidi override it takes)
run 2 tt recipients add "Eve${ESC}[8m"
no_raw "recipients add (refused)"
run 0 tt recipients add "Mallory${RLO}txt.exe" --unit "Ops${RLO}"
no_raw "recipients add"
expect_out 'Mallory\\u202etxt\.exe'
run 0 tt recipients list
no_raw "recipients list"
expect_out 'Mallory\\u202etxt\.exe +- +Ops\\u202e'
run 0 tt recipients show "Mallory${RLO}txt.exe"
no_raw "recipients show"

# the audit log: a row's args shown safe (JSON escapes C0, not the bidi override)
run 0 tt log
no_raw "log"
expect_out 'Mallory\\u202etxt\.exe|\\u202e'
