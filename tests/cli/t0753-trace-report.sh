#!/usr/bin/env bash
# The trace report an officer can forward (issue 13.5): each suspect's bound and copy (with
# its issue date), the document's title, when and from which vault (key id) it was made, the
# "evidence, not a verdict" caveat, an honest headline when nobody can be accused (how many
# more words) and no "threshold 0.00"; --sign writes a detached signature minisign accepts.
# Rendered in headless Chromium.
. "$(dirname "$0")/lib.sh"
[ -r /usr/share/common-licenses/GPL-3 ] || fail "missing /usr/share/common-licenses/GPL-3"
test_lazy_prereq MINISIGN 'command -v minisign'

test_expect_success 'a vault, a titled document, three copies' - <<'EOF'
cp /usr/share/common-licenses/GPL-3 gpl.txt
run 0 tt init
keyid=$(tt log --json | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["args"]["key_id"])')
run 0 tt add gpl.txt --title "Licence memo, draft 3" --json
gpl=$(json_field doc)
run 0 tt recipients add "Ana Lima" "Bo Brennan-Kowalczyk-Featherstonehaugh" Cy
run 0 tt issue "$gpl" --all --out copies
sed -n '100,400p' "copies/$gpl-ana-lima.txt" > leak.txt
sed -n '100,103p' "copies/$gpl-cy.txt" > short.txt
EOF

test_expect_success 'an accusation: bound, copy and date, title, time, key id, caveat' - <<'EOF'
run 1 tt trace leak.txt --html report.html --sign
[ -s report.html ] && [ -s report.html.minisig ] || fail "no report or no signature"
grep -q "Accused: Ana Lima (bound [0-9.e-]*)" report.html || fail "headline"
grep -q "Licence memo, draft 3" report.html || fail "document title"
grep -Eq "accused Ana Lima.*score [0-9.]+, bound [0-9.e-]+; copy [0-9]+ issued [0-9-]+T[0-9:]+Z" report.html || fail "suspect bound"
grep -Eq "made.*[0-9-]+T[0-9:]+Z" report.html || fail "time made"
grep -q "$keyid" report.html || fail "key id"
grep -q "Evidence, not a verdict" report.html || fail "caveat"
EOF

test_expect_success MINISIGN 'minisign -V accepts the signature, and refuses an edited report' - <<'EOF'
run 0 minisign -V -p "$TELLTALE_VAULT/vault.pub" -m report.html
expect_out "telltale trace report, made [0-9-]+T[0-9:]+Z, vault key $keyid"
sed 's/Ana Lima/Bo Brennan/' report.html > forged.html
cp report.html.minisig forged.html.minisig
run 1 minisign -V -p "$TELLTALE_VAULT/vault.pub" -m forged.html
EOF

test_expect_success 'nobody accused: words needed, no threshold 0.00' - <<'EOF'
run 0 tt trace short.txt --doc "$gpl" --html short.html
grep -Eq "Nobody can be accused: (about [0-9]+ more words like these are needed|no slot could be read in this text)" short.html || fail "honest headline"
! grep -q "threshold 0.00" short.html || fail "threshold 0.00 drawn"
EOF

test_expect_success 'usage: --sign needs --html' - <<'EOF'
run 2 tt trace leak.txt --sign
expect_err -- '--sign signs the --html report'
EOF

test_expect_success CHROMIUM 'chromium renders the report: bound, title, caveat, key id' - <<'EOF'
CHROMIUM=$(command -v chromium || command -v chromium-browser)
profile=$(mktemp -d)
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile")
timeout 120 "$CHROMIUM" "${flags[@]}" --dump-dom "file://$WORK/report.html" > dom.html 2>chromium.err ||
    { cat chromium.err; fail "chromium could not render the report"; }
rm -rf "$profile"
python3 - dom.html "$keyid" <<'P'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.skip = [], [], 0
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("style", "title"):
            self.skip += 1
    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self.skip -= 1
    def handle_data(self, d):
        if not self.skip:
            self.text.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
assert "script" not in p.tags
page = " ".join("".join(p.text).split())
for want in ("Accused: Ana Lima", "Licence memo, draft 3", "bound", "Evidence, not a verdict",
             sys.argv[2], "Bo Brennan-Kowalczyk-Featherstonehaugh"):
    assert want in page, (want, page[:3000])
P
EOF

test_expect_success MINISIGN 'verify and scan reports are signed too' - <<'EOF'
run 0 tt verify leak.txt --html v.html --sign
run 0 minisign -V -p "$TELLTALE_VAULT/vault.pub" -m v.html
expect_out "telltale verify report, made [0-9-]+T[0-9:]+Z, vault key $keyid"
run 1 tt scan leak.txt --html s.html --sign
run 0 minisign -V -p "$TELLTALE_VAULT/vault.pub" -m s.html
expect_out "telltale scan report, made [0-9-]+T[0-9:]+Z, vault key $keyid"
run 2 tt scan leak.txt --sign
expect_err -- '--sign signs the --html report'
run 2 tt verify leak.txt --sign
expect_err -- '--sign signs the --html report'
EOF
