#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# "that" after a reporting verb before a subject pronoun (issue 11 item 2, variant table 7):
# "we think we should" / "we think that we should" is a slot of its own at each place, because a
# pronoun in the nominative is surely the subject of a clause; never before "it" or "you" (they
# can be objects: "know it well"), after an inverted verb ("No," said he), after a wh-word
# ("what you think they want"), before a pronoun with nothing after it, or inside quotation
# marks.  Eight copies: the forbidden places are unchanged in every copy, the allowed ones are
# slots whose form differs across the copies, and verify takes a copy for the original with
# variants.
. "$(dirname "$0")/lib.sh"

test_expect_success 'issue eight copies of a memo with reporting verbs' - <<'EOF'
cat > memo.txt <<'MEMO'
The committee believed they were right about the road. The driver said he would leave at
dawn, and we think we should follow him. The report states she was absent on Monday, and I
hope they return soon.

We know it well enough. I said you could go. "No," said he firmly. What you think they want
is clear to us. That is what I thought I did. The clerk wrote "we think we should stay" in
the log.
MEMO
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
issue_copies 8 lexical
EOF

test_expect_success 'the allowed places are slots, the forbidden ones none' - <<'EOF'
run 0 tt slots "$doc" --json
python3 - "$WORK/out" <<'PY'
import json, sys
slots = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ins = [s for s in slots if s["rule"] == "that-omission" and s["variants"][1] == " that "]
assert len(ins) == 5, ins
PY
EOF

test_expect_success 'no copy changes a forbidden place; the allowed ones differ across copies' - <<'EOF'
expect_places 8 <<'LIST'
keep know it well
keep said you could
keep said he firmly
keep think they want
keep thought I did.
keep we think we should stay
place believed (that )?they were
place said (that )?he would
place think (that )?we should follow
place states (that )?she was
place hope (that )?they return
LIST
# each place takes "that" with probability 1/2 in each copy: one form in all 8 copies at every
# one of the five places has a chance of (2 / 2^8)^5 = 3e-11 (the keys are random)
EOF

test_expect_success 'verify takes a copy for the original with variants' - <<'EOF'
expect_authentic "copies/$doc-recipient-3.txt" "copies/$doc-recipient-8.txt"
EOF
