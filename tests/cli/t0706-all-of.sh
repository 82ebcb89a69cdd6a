#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# "all the" / "all of the" (issue 11 item 2, variant table 7): each place is a slot of its own,
# in both directions, where "all" is surely the determiner's; never in the idioms "all the
# same", "all the more", "all the while", after a pronoun whose "all" it is ("give them all
# the keys"), after "at", "after", "of", or a clause-opening "For", before a pronoun ("all of
# her and"), or inside quotation marks.  Eight copies: the forbidden places are unchanged in
# every copy, the allowed ones are slots whose form differs across the copies, and verify
# takes a copy for the original with variants.
. "$(dirname "$0")/lib.sh"

test_expect_success 'issue eight copies of a memo with "all the" and "all of the"' - <<'EOF'
cat > memo.txt <<'MEMO'
The auditors checked all the invoices and all of the receipts before the meeting. All the
staff agreed to keep all its records for five years, and the board read all of these notes
with care.

It worked all the same in the end. That makes it all the more important. Give them all the
keys before noon. It is not at all the same. For all the talk, nothing changed. I love all of
her and her work. The clerk said "keep all the receipts" to the driver.
MEMO
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
issue_copies 8 lexical
EOF

test_expect_success 'the allowed places are all-of slots, the forbidden ones none' - <<'EOF'
run 0 tt slots "$doc" --json
python3 - "$WORK/out" <<'PY'
import json, sys
slots = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
allof = [s for s in slots if s["rule"] == "all-of"]
got = sorted((s["variants"][0], s["variants"][1]) for s in allof)
assert got == [(" ", " of "), (" ", " of "), (" ", " of "), (" of", ""), (" of", "")], got
PY
EOF

test_expect_success 'no copy changes a forbidden place; the allowed ones differ across copies' - <<'EOF'
expect_places 8 <<'LIST'
keep all the same
keep all the more
keep them all the keys
keep at all the same
keep For all the talk
keep all of her and
keep keep all the receipts
place checked all (of )?the invoices
place and all (of )?the receipts
place All (of )?the staff
place keep all (of )?its records
place read all (of )?these notes
LIST
# each place takes "of" with probability 1/2 in each copy: one form in all 8 copies at every
# one of the five places has a chance of (2 / 2^8)^5 = 3e-11 (the keys are random)
EOF

test_expect_success 'verify takes a copy for the original with variants' - <<'EOF'
expect_authentic "copies/$doc-recipient-3.txt" "copies/$doc-recipient-8.txt"
EOF
