#!/usr/bin/env bash
# verify and marked copies (issue 4): every recipient's copy made by `telltale issue` with the
# lexical and unicode channels is authentic against its document (marking variants are never
# alterations), on the GPL-3 and on the demo memo; an excerpt of a marked copy with one figure
# changed is altered with exactly that one change, reported as the whole number.
. "$(dirname "$0")/lib.sh"
GPL=/usr/share/common-licenses/GPL-3
MEMO="$TESTS_DIR/../demo/docs/fuel-resupply-memo.txt"
[ -r "$GPL" ] || fail "missing $GPL"

test_expect_success 'issue lexical and unicode copies of GPL-3 and the memo' - <<'EOF'
run 0 tt init
run 0 tt --json add "$GPL" "$MEMO"
GDOC=$(sed -n 1p "$WORK/out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc"])')
MDOC=$(sed -n 2p "$WORK/out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc"])')
run 0 tt recipients add Ann Bob Cleo Dan Eve Fay
for d in "$GDOC" "$MDOC"; do
    run 0 tt issue "$d" --all --channels lexical,unicode --out copies
done
EOF

test_expect_success 'every marked copy verifies authentic, with and without --doc' - <<'EOF'
n=0
for f in copies/*.txt; do
    d=$(basename "$f" | cut -d- -f1)
    # the copies really differ from the document (else this test proves nothing)
    ! cmp -s "$f" "$([ "$d" = "$GDOC" ] && echo "$GPL" || echo "$MEMO")" || fail "$f is not marked"
    run 0 tt --json verify --doc "$d" "$f"
    python3 - "$WORK/out" "$f" "$([ "$d" = "$GDOC" ] && echo gpl || echo memo)" <<'P'
import json, sys
o = json.loads(open(sys.argv[1]).readline())
assert o["verdict"] == "authentic", (sys.argv[2], o["changes"][:3])
assert o["changes"] == [], o
# a GPL-3 copy always has word variants (seen, and forgiven); a memo copy may differ only in
# punctuation and invisible characters
assert sys.argv[3] != "gpl" or o["noisy_words"] > 0, o
P
    # and found without --doc (through the index, the copy's bytes are those of an issued copy)
    run 0 tt verify "$f"
    expect_out "authentic \(document $d"
    n=$((n + 1))
done
[ "$n" = 12 ] || fail "expected 12 copies, verified $n"
EOF

# an excerpt of Cleo's memo copy, one figure changed: altered, exactly that change
test_expect_success 'a marked excerpt with one figure changed: exactly that change' - <<'EOF'
python3 - copies/"$MDOC"-cleo.txt excerpt.txt <<'P'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
lines = t.split("\n")
s = next(k for k, l in enumerate(lines) if l.startswith("2."))
e = next(k for k, l in enumerate(lines) if l.startswith("3."))
x = "\n".join(lines[s:e])
# the figure, wherever the copy's variants put separators or invisible characters around it
i = x.index("412")
assert x[i:i + 7] in ("412,000", "412000"), x[i:i + 7]
x = x[:i] + "112" + x[i + 3:]
open(sys.argv[2], "w", encoding="utf-8").write(x)
P
run 1 tt --json verify excerpt.txt
python3 - "$WORK/out" excerpt.txt "$MDOC" "$MEMO" <<'P'
import json, sys
o = json.loads(open(sys.argv[1]).readline())
leak = open(sys.argv[2], "rb").read()
memo = open(sys.argv[4], "rb").read()
assert o["verdict"] == "altered" and o["doc"] == sys.argv[3], o
ch = o["changes"]
assert len(ch) == 1, ch
c = ch[0]
assert (c["kind"], c["what"]) == ("altered", "number"), c
assert c["original"] == "412,000", c
assert c["leaked"].replace(",", "") == "112000", c
s, e = c["leak_span"]
assert leak[s:e].decode() == c["leaked"], (leak[s:e], c)
s, e = c["orig_span"]
assert memo[s:e].decode() == c["original"], (memo[s:e], c)
print("marked excerpt: one change ok")
P
EOF

# the terminal view and the HTML report show no invisible character of the marked copy (nor a
# bidi override planted in the leak), and the report says they were there
test_expect_success 'no invisible character shown in the terminal or the HTML' - <<'EOF'
printf '\xe2\x80\xae hidden override\n' >> excerpt.txt
run 1 tt verify excerpt.txt --html excerpt.html
expect_out 'altered number: "412,000" -> "112,?000"'
python3 - "$WORK/out" excerpt.html excerpt.txt <<'P'
import re, sys
from html.parser import HTMLParser
inv = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
assert inv.search(open(sys.argv[3], encoding="utf-8").read()), "the excerpt has no invisible characters"
out = open(sys.argv[1], encoding="utf-8").read()
assert not inv.search(out), "terminal output has invisible characters: %r" % inv.findall(out)[:5]
assert "Camp Tessaly holds [-412,000-]" in out, out
html = open(sys.argv[2], encoding="utf-8").read()
assert not inv.search(html), "HTML has invisible characters"
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.text = []
    def handle_data(s, d): s.text.append(d)
p = P(); p.feed(html)
text = "".join(p.text)
assert re.search(r"Invisible characters\s*\d+ in the text", text), text[:2000]
assert re.search(r"112,?000 \(was: 412,000\)", text), text[:3000]
print("no invisible characters shown")
P
EOF
