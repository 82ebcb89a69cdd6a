#!/usr/bin/env bash
# verify --html: a leak full of hostile bytes (<script>, quotes, NUL, invalid UTF-8, control
# characters) gives a well-formed, inert report that shows the altered number beside its
# original: checked with python3's html.parser and by rendering in headless Chromium.
. "$(dirname "$0")/lib.sh"
MEMO="$TESTS_DIR/data/verify/memo.txt"

test_expect_success 'a hostile leak gives a report and a clean terminal' - <<'EOF'
run 0 tt init
run 0 tt add "$MEMO"

{
    printf '<script>alert("pwned")</script> "quoted" & '\''single'\'' \0 NUL \xff\xfe bad \x1b[31m esc\n'
    sed -e 's/spent 1200 dollars/spent 12000 dollars/' \
        -e 's/Helen Okafor/Helen <img src=x onerror=alert(1)> Okafor/' "$MEMO"
    printf '\n<b onmouseover="x()">tail</b> \xc0\xaf </body></html>\n'
} > hostile.txt
run 1 tt verify --html report.html hostile.txt
[ -s report.html ] || fail "no report written"
expect_out 'altered number: "1200" -> "12000"'
# the terminal output carries no escape character from the leak
if grep -q $'\x1b' "$WORK/out"; then fail "escape sequence passed to the terminal"; fi
EOF

test_expect_success 'the report is well-formed, inert, and shows the change' - <<'EOF'
python3 - report.html <<'P'
import sys
from html.parser import HTMLParser
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")            # valid UTF-8, or this raises
assert "\0" not in text
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.stack, self.text, self.attrs = [], [], [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [a for a, _ in attrs]
        if tag not in ("meta", "br", "line", "rect", "img", "input"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-8:])
        self.stack.pop()
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(text)
p.close()
assert not p.stack, p.stack
assert "script" not in p.tags, "a script element"
assert "img" not in p.tags and "b" not in p.tags, p.tags
assert not any(a.startswith("on") for a in p.attrs), p.attrs
assert "src" not in p.attrs and "href" not in p.attrs
body = "".join(p.text)
assert "12000 (was: 1200)" in body, "altered number not shown beside its original"
assert '<script>alert("pwned")</script>' in body     # shown as text, inert
assert "\ufffd" in body                               # NUL and bad bytes replaced
print("html.parser: well-formed, inert, shows 12000 (was: 1200)")
P
EOF

# Render it in a real browser.
test_expect_success CHROMIUM 'chromium renders the report' - <<'EOF'
CHROMIUM=$(command -v chromium || command -v chromium-browser)
profile=$(mktemp -d)
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile")
timeout 120 "$CHROMIUM" "${flags[@]}" --dump-dom "file://$WORK/report.html" > dom.html 2>chromium.err ||
    { cat chromium.err; fail "chromium could not render the report"; }
timeout 120 "$CHROMIUM" "${flags[@]}" --window-size=1000,1400 --screenshot="$WORK/report.png" \
    "file://$WORK/report.html" >/dev/null 2>>chromium.err ||
    { cat chromium.err; fail "chromium could not take a screenshot"; }
rm -rf "$profile"
[ -s report.png ] || fail "no screenshot"
head -c 8 report.png | od -An -tx1 | grep -q '89 50 4e 47' || fail "screenshot is not a PNG"
python3 - dom.html <<'P'
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
assert "script" not in p.tags, "the rendered page has a script element"
assert "img" not in p.tags
page = " ".join("".join(p.text).split())
assert "12000 (was: 1200)" in page, page[:2000]
assert "ALTERED" in page
assert "Mensah" not in page
print("chromium: rendered; page text shows 12000 (was: 1200); no script element")
P
EOF
