#!/usr/bin/env bash
# CSV import that cannot pollute the recipients (issue 13.2): a header is required and mapped
# by name, in any order; the separator is found in the header (',' ';' tab); --map names
# other columns; --dry-run changes nothing; anything doubtful imports nothing and names the
# line.  The two files of the report: a ';' file (its header was imported as a person) and
# an "email,name" file (people named 'email' and 'z@x').
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 is needed"
names() { sqlite3 "$TELLTALE_VAULT/vault.db" "SELECT name FROM recipients ORDER BY id" | tr '\n' '|'; }

test_expect_success 'a vault' 'run 0 tt init'

test_expect_success 'a ;-separated file: header mapped, no person named after it' - <<'EOF'
printf 'name;email;unit\nAna Lima;ana@example.org;Ops\n"Bo; Jr";bo@example.org;Legal\n' > semi.csv
run 0 tt recipients import semi.csv --json
expect_out '"added":2,"skipped":0,"delimiter":";"'
[ "$(names)" = "Ana Lima|Bo; Jr|" ] || fail "got $(names)"
run 0 tt recipients show "Ana Lima" --json
expect_out '"contact":"ana@example.org","unit":"Ops"'
EOF

test_expect_success 'an email,name file: columns by name, not position' - <<'EOF'
printf 'email,name\nz@x,Zoe Park\ncy@example.org,Cy Ode\n' > swapped.csv
run 0 tt recipients import swapped.csv
expect_out "^imported 2 recipients from 'swapped.csv'$"
run 0 tt recipients show "Zoe Park" --json
expect_out '"name":"Zoe Park","contact":"z@x"'
run 2 tt recipients show email
run 2 tt recipients show z@x
EOF

test_expect_success 'a tab-separated file, upper-case header, unit first' - <<'EOF'
printf 'UNIT\tName\tContact\nOps\tDi Fox\tdi@example.org\n' > tab.tsv
run 0 tt recipients import tab.tsv --json
expect_out '"delimiter":"tab"'
run 0 tt recipients show "Di Fox" --json
expect_out '"contact":"di@example.org","unit":"Ops"'
EOF

test_expect_success '--map names other columns; ignore leaves one out' - <<'EOF'
printf 'Nachname,Abteilung,Telefon\nEda Kaya,IT,555\n' > de.csv
d=$(vault_digest)
run 2 tt recipients import de.csv
expect_err "^telltale: cannot import 'de.csv': line 1: unknown column 'Nachname'.*--map"
[ "$(vault_digest)" = "$d" ] || fail "changed"
run 0 tt recipients import de.csv --map Nachname=name --map abteilung=unit --map Telefon=ignore
run 0 tt recipients show "Eda Kaya" --json
expect_out '"contact":null,"unit":"IT"'
run 2 tt recipients import de.csv --map Nachname=surname
expect_err "bad mapping 'Nachname=surname'"
EOF

test_expect_success '--dry-run prints what would change and changes nothing' - <<'EOF'
printf 'name,contact\nAna Lima,x\nFay Moss,fay@example.org\n' > dry.csv
d=$(vault_digest)
run 0 tt recipients import dry.csv --dry-run
expect_out '^line 2: present, skip Ana Lima$'
expect_out '^line 3: would add Fay Moss$'
expect_out "^dry run: would import 1 recipient from 'dry.csv' \(separator ','\), 1 already present; nothing was changed$"
[ "$(vault_digest)" = "$d" ] || fail "a dry run changed the vault"
run 0 tt recipients import dry.csv --dry-run --json
expect_out '"added":1,"skipped":1,.*"dry_run":true,"names":\["Fay Moss"\],"present":\["Ana Lima"\]'
run 0 tt log --verify
expect_out '^vault consistent with its log$'
EOF

# doubtful FILE-CONTENT LINE-MESSAGE: refused, the vault unchanged, the line named
doubtful() {
    printf "$1" > bad.csv
    local d; d=$(vault_digest)
    run 2 tt recipients import bad.csv
    expect_err "^telltale: cannot import 'bad.csv': $2"
    [ "$(vault_digest)" = "$d" ] || fail "a refused import changed the vault"
}
test_expect_success 'anything doubtful imports nothing and names the line' - <<'EOF'
doubtful 'Gus,gus@example.org\n' "line 1: unknown column 'Gus'"
doubtful 'contact,unit\nx,y\n' "line 1: no 'name' column"
doubtful 'name,email,mail\nGus,a,b\n' "line 1: two columns are 'contact' \(2 and 3\)"
doubtful 'name,contact\nGus,g@x\nHal,h@x,extra\n' "line 3: 3 fields, the header has 2"
doubtful 'name,contact\nGus,g@x\nname,contact\n' "line 3: name 'name' is a column name"
doubtful 'contact,name\nGus,hal@example.org\n' "line 2: name 'hal@example.org' looks like an e-mail address"
doubtful 'name,contact,unit\nGus;g@x;Ops\n' "line 2: name 'Gus;g@x;Ops' looks like an e-mail"
doubtful 'name,contact,unit\nGus;;Ops\n' "line 2: name 'Gus;;Ops' holds a ';'"
doubtful 'name\nGus\nHal\nGus\n' "line 4: name 'Gus' is on line 2 too"
doubtful 'name\nGus\n\n  \n' "line 4: empty name"
doubtful '' "the file is empty"
EOF
