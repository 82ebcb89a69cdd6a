#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The word of approximation before a number (issue 11 item 2, variant table 6): "about /
# around / approximately / roughly 40" is one four-way slot where the word is surely an adverb
# on the number; never where "about" or "around" can be a preposition ("a report about 40
# soldiers", "walked around 3 blocks"), after a negation or an article, before a year, or
# inside quotation marks.  Eight copies: the forbidden places are unchanged in every copy,
# the allowed ones take more than one word across copies, and verify takes a copy for the
# original with variants.
. "$(dirname "$0")/lib.sh"

test_expect_success 'issue eight copies of a memo with approximate figures' - <<'EOF'
cat > memo.txt <<'MEMO'
The depot will hold about 520,000 litres of diesel, enough for roughly five weeks at the
current rate. The convoys cost approximately 40,000 crowns each, and the escort adds around
12 per cent to that figure. About 60 per cent of the fuel goes to the forward posts.

We wrote a report about 40 soldiers who served at the post. The patrol walked around 3
blocks of the old town. The cost is not about 40 crowns. There was an approximately 5 per
cent rise in the price. The store was built around 1850 and rebuilt later. The driver said
"we carried about 90 drums" to the inspector.
MEMO
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
issue_copies 8 lexical
EOF

test_expect_success 'the allowed places are four-way slots, the forbidden ones no slot' - <<'EOF'
run 0 tt slots "$doc" --json
python3 - "$WORK/out" <<'PY'
import json, sys
slots = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
approx = [s for s in slots if s["rule"] == "approx-word"]
got = sorted(s["variants"][0] for s in approx)
assert got == ["About", "about", "approximately", "around", "roughly"], got
for s in approx:
    assert len(s["variants"]) == 4 and s["orig"] == 0, s
    assert sorted(v.lower() for v in s["variants"]) == ["about", "approximately", "around",
                                                        "roughly"], s
PY
EOF

test_expect_success 'no copy changes a forbidden place; the slots take every word' - <<'EOF'
python3 - "$doc" <<'PY'
import re, sys
doc = sys.argv[1]
keep = ["a report about 40 soldiers", "walked around 3 blocks", "is not about 40 crowns",
        "an approximately 5", "built around 1850", 'we carried about 90 drums']
words = {}
for i in range(1, 9):
    t = " ".join(open(f"copies/{doc}-recipient-{i}.txt").read().split())
    for k in keep:
        assert k in t, (i, k)
    m = re.search(r"hold (\w+) 520,000", t)
    assert m and m.group(1) in ("about", "around", "approximately", "roughly"), t
    words[m.group(1)] = words.get(m.group(1), 0) + 1
# each of the four words is drawn with probability 1/4: one word in all 8 copies has a
# chance of 4 * (1/4)^8 = 0.00006 (the keys are random)
assert len(words) >= 2, words
PY
EOF

test_expect_success 'verify takes a copy for the original with variants' - <<'EOF'
expect_authentic "copies/$doc-recipient-8.txt"
EOF

