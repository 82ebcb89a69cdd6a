#!/usr/bin/env bash
# index --background is logged and cannot silently blind detection: a background file that is
# most of a registered document is refused (naming it) unless --force; every file added is an
# audit entry with its name, SHA-256, fingerprint count and how much of the registered
# documents it hides, and its rows are bound to that entry.
. "$(dirname "$0")/lib.sh"
for f in Apache-2.0 GPL-3 MPL-2.0; do
    [ -r "/usr/share/common-licenses/$f" ] || fail "missing /usr/share/common-licenses/$f"
done
cp /usr/share/common-licenses/Apache-2.0 ch14.txt
cp /usr/share/common-licenses/GPL-3 gpl.txt
cp /usr/share/common-licenses/MPL-2.0 prose.txt
sed -n '20,120p' ch14.txt > leak.txt
run 0 tt init
run 0 tt add ch14.txt --json
ch14=$(json_field doc)
run 0 tt add gpl.txt
run 1 tt scan leak.txt
expect_out "$ch14"

# the registered chapter as background: refused, nothing written, detection intact
before=$(vault_digest)
run 2 tt index --background ch14.txt
expect_err "cannot add 'ch14.txt' to the background: 'ch14.txt' would hide [0-9]+ of the [0-9]+ fingerprints of registered document $ch14"
expect_err -- '--force'
[ "$(vault_digest)" = "$before" ] || fail "a refused background file changed the vault"
run 1 tt scan leak.txt
expect_out "$ch14"
run 0 tt trace leak.txt --json
expect_out "\"doc\":\"$ch14\""

# ordinary prose: added and logged with what it was
sha=$(sha256sum prose.txt | cut -d' ' -f1)
run 0 tt index --background prose.txt --json
expect_out '"background_added":[1-9][0-9]*,'
run 0 tt log --json
expect_out "\"action\":\"background\",\"args\":\\{\"added\":[1-9][0-9]*,\"batch\":[0-9]+,\"bind\":\\[\\[\"background\",\"[0-9]+\",\"[0-9a-f]{64}\"\\]\\],\"file\":\"prose.txt\",\"fingerprints\":[1-9][0-9]*,\"forced\":false,\"sha256\":\"$sha\",\"suppressed\":[0-9]+\\}"
run 0 tt log
expect_out '^[0-9]+ .* background +\{"added":[1-9].*"file":"prose.txt"'
run 0 tt log --verify
expect_out '^vault consistent with its log$'

# forced: it goes in, says how much it hides, and the entry records both
run 0 tt index --background ch14.txt --force
expect_out "'ch14.txt' hides [1-9][0-9]* fingerprints of registered documents \\(most of $ch14: "
run 0 tt log --json
expect_out '"file":"ch14.txt","fingerprints":[1-9][0-9]*,"forced":true,"sha256":"[0-9a-f]{64}","suppressed":[1-9]'
run 0 tt log --verify
expect_out '^vault consistent with its log$'
# the forced background now hides the chapter: the user asked for it, and the log shows it
run 0 tt scan leak.txt

# a background row removed by SQL is named (the batch no longer matches its entry)
sqlite3 "$TELLTALE_VAULT/vault.db" "DELETE FROM background WHERE rowid IN (SELECT rowid FROM background ORDER BY batch DESC LIMIT 1)"
run 1 tt log --verify
expect_out '^inconsistent \(edited\): background batch [0-9]+ was changed outside telltale'

run 2 tt index --force
expect_err -- '--force goes with --background'
echo "ok t0521"
