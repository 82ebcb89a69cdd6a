#!/usr/bin/env bash
# scan --html: a self-contained report of the findings (source, item, document, matched words,
# coverage, chance, the passage compared word by word with the document, a changed figure
# shown beside its original); the same numbers as --json; --redact leaves no registered text
# (no title, no passage) in the page; an empty scan still writes a page; usage errors.
. "$(dirname "$0")/lib.sh"
GPL=/usr/share/common-licenses/GPL-3
MEMO="$TESTS_DIR/../demo/docs/fuel-resupply-memo.txt"
[ -r "$GPL" ] || fail "missing $GPL"

test_expect_success 'register the memo and GPL-3' - <<'EOF'
run 0 tt init
run 0 tt --json add "$MEMO" "$GPL"
MDOC=$(sed -n 1p "$WORK/out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc"])')
EOF

# posts: unrelated chatter, and one post quoting the memo with a typo and a changed figure,
# the quote carrying markup characters
test_expect_success 'scan --html, --redact and an empty scan write reports' - <<'EOF'
python3 - "$MEMO" posts.jsonl <<'P'
import json, sys
memo = open(sys.argv[1], encoding="utf-8").read()
s = memo.index("Camp Tessaly holds")
quote = memo[s:s + 700].replace("412,000", "112,000").replace("diesel", "deisel")
quote = quote.replace("against a planned", "against <\"a\"> planned")
posts = [{"id": "p-1", "text": "Lovely weather in the hills today, the river is high."},
         {"id": "p-<2>", "text": "Look at this <script>alert(1)</script> leak: " + quote,
          "user": "someone"},
         {"id": "p-3", "text": "Nothing to see here, only a recipe for bread and soup."}]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for p in posts:
        f.write(json.dumps(p) + "\n")
P
run 1 tt scan --jsonl posts.jsonl --html report.html --json
cp "$WORK/out" findings.json
run 1 tt scan --jsonl posts.jsonl --redact --html redacted.html
printf 'Only words about gardening and the weather, nothing from any registered document at all.\n' > clean.txt
run 0 tt scan clean.txt --html none.html
EOF

test_expect_success 'the reports say what --json says; redacted shows no text' - <<'EOF'
python3 - report.html redacted.html none.html findings.json "$MEMO" "$MDOC" <<'P'
import json, re, sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.tags, self.stack = [], [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
    def handle_data(self, d):
        self.text.append(d)

def parse(path):
    raw = open(path, encoding="utf-8").read()
    p = Page(); p.feed(raw); p.close()
    return raw, p, re.sub(r"\s+", " ", " ".join(p.text))

rep, memo, doc = sys.argv[1:4], open(sys.argv[5], encoding="utf-8").read(), sys.argv[6]
f = json.loads(open(sys.argv[4]).readline())
raw, p, text = parse(sys.argv[1])
assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags, p.tags
assert "FOUND: 1 excerpt of registered documents in 1 input" in text, text[:300]
assert "Source posts.jsonl" in text and "Item p-<2>" in text, text[:1500]
assert "Document %s: MINISTRY OF DEFENCE" % doc in text, text[:1500]
assert "Matched words %d" % f["matched_words"] in text, (f["matched_words"], text[:1500])
assert "Coverage %.1f%% of the document's" % (100 * f["coverage"]) in text, text[:1500]
assert "Finding fingerprint %s" % f["fingerprint"] in text
sp = f["spans"][0]
assert "Bytes in the item %d\u2013%d" % (sp["leak_start"], sp["leak_end"]) in text, (sp, re.findall(r"Bytes in the item [^(]*", text))
# the changed figure is marked beside its original; the typo is not a change
assert re.search(r"112,000 \(was: 412,000\) ?number", text), text
assert "(1 change)" in text, text
assert "<script" not in raw and '<"a">' not in raw and "&lt;&quot;a&quot;&gt;" in raw
assert "p-<2>" not in raw and "p-&lt;2&gt;" in raw

# redacted: no title, no sentence of the document, no text of the post
raw, p, text = parse(sys.argv[2])
assert "FOUND: 1 excerpt" in text and "Redacted" in text, text[:500]
assert doc in text
assert "MINISTRY" not in text and "Tessaly" not in raw and "litres" not in raw, text
words = re.findall(r"\w+", memo)
page = re.findall(r"\w+", text)
grams = {" ".join(page[i:i + 5]) for i in range(len(page) - 4)}
leaked = [" ".join(words[i:i + 5]) for i in range(len(words) - 4) if " ".join(words[i:i + 5]) in grams]
assert not leaked, leaked[:3]

raw, p, text = parse(sys.argv[3])
assert "Nothing found: no excerpt of a registered document in 1 input" in text, text
print("scan html ok")
P
EOF

test_expect_success 'usage errors' - <<'EOF'
run 2 tt scan clean.txt --html
expect_err "--html needs a file name"
run 2 tt scan clean.txt --html /nonexistent/dir/x.html
expect_err "cannot write '/nonexistent/dir/x.html'"
EOF
