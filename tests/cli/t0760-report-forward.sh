#!/usr/bin/env bash
# Reports an officer can forward (issue 13.5): the scan report shows each finding's post url
# (a link only when it is http or https), author and date, carried from the Telegram reader,
# the summary links to each finding, and every report (scan, verify, trace) says when it was
# made and from which vault (the key id).  Rendered in headless Chromium: url, author, the
# bound of a trace report and a verify report's signature check show on the page.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -r $L/GPL-3 ] || skip_all "no licence texts in $L"

test_expect_success 'a vault, a document, copies, a Telegram export with a leaked copy' - <<'EOF'
run 0 tt init
keyid=$(tt log --json | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["args"]["key_id"])')
cp $L/GPL-3 gpl.txt
run 0 tt add gpl.txt --title "Licence memo" --json
gpl=$(json_field doc)
run 0 tt recipients add "Ana Lima" "Bo Brennan" Cy
run 0 tt issue "$gpl" --all --out copies
sed -n '100,400p' "copies/$gpl-ana-lima.txt" > leak.txt
mkdir tg
python3 - "$WORK/leak.txt" <<'P'
import json, sys
leak = open(sys.argv[1], encoding="utf-8").read()
doc = {"name": "Leaks", "type": "private_supergroup", "id": 1234567890, "messages": [
  {"id": 7, "type": "message", "date": "2024-01-01T10:00:00", "from": "Alice", "text": "hi"},
  {"id": 8, "type": "message", "date": "2024-01-01T10:05:00", "from": "Mallory <m@x>",
   "text": leak[:3000]},
  {"id": 9, "type": "message", "date": "2024-01-02T11:00:00", "from": "Trent",
   "text": leak[5000:8000]}]}
json.dump(doc, open("tg/result.json", "w"), ensure_ascii=False, indent=1)
P
EOF

test_expect_success 'scan report: url as a link, author, date, anchors, time made, key id' - <<'EOF'
run 1 tt scan tg/result.json --html scan.html --sign
[ -s scan.html.minisig ] || fail "no signature"
grep -q '<a href="https://t.me/c/1234567890/8" rel="noreferrer">https://t.me/c/1234567890/8</a>' scan.html || fail "url link"
grep -q 'Mallory &lt;m@x&gt;' scan.html || fail "author (escaped)"
grep -q '2024-01-01T10:05:00' scan.html || fail "date"
grep -q '2024-01-02T11:00:00' scan.html || fail "second date"
grep -q '<a href="#finding-1">1</a>' scan.html || fail "summary link 1"
grep -q '<a href="#finding-2">2</a>' scan.html || fail "summary link 2"
grep -q '<h2 id="finding-1">' scan.html || fail "anchor 1"
grep -q '<h2 id="finding-2">' scan.html || fail "anchor 2"
grep -Eq '<th>Made</th><td>[0-9-]+T[0-9:]+Z</td>' scan.html || fail "time made"
grep -q "<th>Vault key id</th><td>$keyid</td>" scan.html || fail "key id"
EOF

test_expect_success 'scan --redact: no author, no url, the date stays' - <<'EOF'
run 1 tt scan tg/result.json --redact --html red.html
! grep -q 'Mallory' red.html || fail "author in a redacted report"
! grep -q 't.me' red.html || fail "url in a redacted report"
grep -q '2024-01-01T10:05:00' red.html || fail "date"
EOF

test_expect_success 'a url that is not http(s) is text, never a link' - <<'EOF'
python3 - <<'P'
import json
leak = open("leak.txt", encoding="utf-8").read()[:3000]
for n, url in ((1, "javascript:alert(1)"), (2, "https://example.org/p?a=1&b=\"x\"")):
    open("d%d.json" % n, "w").write(json.dumps({"id": "p%d" % n, "url": url, "author": "A", "text": leak}) + "\n")
P
run 1 tt scan d1.json --jsonl --html d1.html
! grep -q 'href="javascript' d1.html || fail "javascript: link"
grep -q 'javascript:alert(1)' d1.html || fail "the url not shown as text"
run 1 tt scan d2.json --jsonl --html d2.html
grep -q '<a href="https://example.org/p?a=1&amp;b=&quot;x&quot;"' d2.html || fail "url not escaped"
EOF

test_expect_success 'verify and trace reports say when and from which vault' - <<'EOF'
run 0 tt verify leak.txt --html v.html
grep -Eq '<th>Made</th><td>[0-9-]+T[0-9:]+Z</td>' v.html || fail "verify: time made"
grep -q "<th>Vault key id</th><td>$keyid</td>" v.html || fail "verify: key id"
run 1 tt trace leak.txt --html t.html
grep -Eq 'made.*[0-9-]+T[0-9:]+Z' t.html || fail "trace: time made"
grep -q "$keyid" t.html || fail "trace: key id"
sig=$(ls copies/"$gpl"-ana-lima.txt.minisig 2>/dev/null || true)
[ -n "$sig" ] || fail "no signature beside the issued copy"
run 0 tt verify "copies/$gpl-ana-lima.txt" --sig "$sig" --html vs.html
grep -q 'valid: signed by this vault' vs.html || fail "verify: signature"
EOF

test_expect_success 'verify and trace of FILE#ID: the post author, date and url in the report' - <<'EOF'
run 0 tt verify "tg/result.json#8" --html v8.html
grep -q '<th>Author</th><td>Mallory &lt;m@x&gt;</td>' v8.html || fail "verify: author"
grep -q '<th>Date</th><td>2024-01-01T10:05:00</td>' v8.html || fail "verify: date"
grep -q '<a href="https://t.me/c/1234567890/8" rel="noreferrer">' v8.html || fail "verify: url"
run 0 tt trace "tg/result.json#8" --html t8.html
grep -q '<th>author</th><td>Mallory &lt;m@x&gt;</td>' t8.html || fail "trace: author"
grep -q '<a href="https://t.me/c/1234567890/8" rel="noreferrer">' t8.html || fail "trace: url"
EOF

test_expect_success CHROMIUM 'chromium shows url, author, date, bound, signature, key id' - <<'EOF'
CHROMIUM=$(command -v chromium || command -v chromium-browser)
for f in scan t vs; do
    profile=$(mktemp -d)
    flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
           --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile")
    timeout 120 "$CHROMIUM" "${flags[@]}" --dump-dom "file://$WORK/$f.html" > $f.dom 2>chromium.err ||
        { cat chromium.err; fail "chromium could not render $f.html"; }
    rm -rf "$profile"
done
python3 - "$keyid" <<'P'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.skip, self.links, self.ids = [], [], 0, [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "a":
            self.links.append(a.get("href"))
        if "id" in a:
            self.ids.append(a["id"])
        if tag in ("style", "title"):
            self.skip += 1
    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self.skip -= 1
    def handle_data(self, d):
        if not self.skip:
            self.text.append(d)
def page(name):
    p = P()
    p.feed(open(name, encoding="utf-8").read())
    assert "script" not in p.tags, name
    return p, " ".join("".join(p.text).split())
key = sys.argv[1]
p, text = page("scan.dom")
for want in ("https://t.me/c/1234567890/8", "Mallory <m@x>", "2024-01-01T10:05:00", "Trent",
             "Vault key id", key, "Made"):
    assert want in text, ("scan", want, text[:2000])
assert "https://t.me/c/1234567890/8" in p.links, p.links
for l in p.links:
    if l.startswith("#"):
        assert l[1:] in p.ids, ("dangling anchor", l, p.ids)
assert "#finding-1" in p.links and "#finding-2" in p.links, p.links
p, text = page("t.dom")
for want in ("Accused: Ana Lima", "bound", key):
    assert want in text, ("trace", want, text[:2000])
p, text = page("vs.dom")
for want in ("valid: signed by this vault's key", key, "Made"):
    assert want in text, ("verify", want, text[:2000])
print("chromium: url, author, date, anchors, bound, signature and key id shown")
P
EOF
