#!/usr/bin/env bash
# recipients: add, import CSV, list, show; names are unique.
. "$(dirname "$0")/lib.sh"

test_expect_success 'add recipients, with --contact, --unit, --json' - <<'EOF'
run 0 tt init

run 0 tt recipients add "Ana Lima" "Bo Chen"
expect_out '^added recipient 1: Ana Lima$'
expect_out '^added recipient 2: Bo Chen$'
run 0 tt recipients add "Cy Ode" --contact cy@example.org --unit Legal --json
expect_out '^\{"id":3,"name":"Cy Ode"\}$'
EOF

# A taken name: exit 2, and with several names none is added.
test_expect_success 'a taken name: exit 2, none added' - <<'EOF'
digest=$(vault_digest)
run 2 tt recipients add "Dee Ray" "Ana Lima"
expect_err "^telltale: recipient 'Ana Lima' exists$"
[ "$(vault_digest)" = "$digest" ] || fail "vault changed"
run 2 tt recipients add "Dee Ray" --contact a --unit b "Eve"
expect_err "apply to one NAME"
EOF

# Import: header skipped, quoting per RFC 4180, names present already skipped and counted.
test_expect_success 'import CSV: header, RFC 4180 quoting, present names skipped' - <<'EOF'
printf 'name,contact,unit\r\n"Lee, Jr.",lee@example.org,"R&D, ""West"""\r\nMo,,\r\n"Ana Lima",x,y\r\nNia\r\n' > people.csv
run 0 tt recipients import people.csv
expect_out "^imported 3 recipients from 'people.csv' \(1 already present, skipped\)$"
run 0 tt recipients list --json
[ "$(wc -l < out)" = 6 ] || fail "expected 6 recipients"
expect_out '^\{"id":4,"name":"Lee, Jr.","contact":"lee@example.org","unit":"R&D, \\"West\\"","added":"[^"]+","retired":null,"copies":0\}$'
expect_out '^\{"id":5,"name":"Mo","contact":null,"unit":null,"added":"[^"]+","retired":null,"copies":0\}$'
expect_out '^\{"id":6,"name":"Nia","contact":null,"unit":null,"added":"[^"]+","retired":null,"copies":0\}$'
expect_out '^\{"id":1,"name":"Ana Lima","contact":null,"unit":null,"added":"[^"]+","retired":null,"copies":0\}$'
run 0 tt recipients show "Cy Ode"
expect_out '^recipient 3$'
expect_out '^name +Cy Ode$'
expect_out '^contact +cy@example.org$'
expect_out '^unit +Legal$'
expect_out '^copies +0$'
run 2 tt recipients show "Nobody"
expect_err "no recipient 'Nobody'"
EOF

# Without a header, the first line is a recipient.
test_expect_success 'without a header the import is refused, naming line 1' - <<'EOF'
printf 'Ola,ola@example.org,Ops\n' > nohead.csv
d=$(vault_digest)
run 2 tt recipients import nohead.csv --json
expect_err "^telltale: cannot import 'nohead.csv': line 1: unknown column 'Ola'"
[ "$(vault_digest)" = "$d" ] || fail "a refused import changed the vault"
EOF

# Each change is in the audit log.
test_expect_success 'each change is in the audit log' - <<'EOF'
run 0 tt log --json
expect_out '"action":"recipient-add","args":\{"bind":\[\["recipient","3","[0-9a-f]{64}"\]\],"contact":"cy@example.org","id":3,"name":"Cy Ode","unit":"Legal"\}'
expect_out '"action":"recipients-import","args":\{"added":3,"bind":\[(\["recipient","[4-6]","[0-9a-f]{64}"\],?){3}\],"file":"people.csv","names":\["Lee, Jr.","Mo","Nia"\],"skipped":1\}'
run 0 tt log --verify
expect_out '^audit log intact: 5 entries$'
EOF
