#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# q-ary slots end to end (issue 11, variant table 5): a memo whose lists of three plain noun
# phrases are six-way slots; twenty copies issued on the lexical channel; one copy retyped (2 %
# letter typos, white space re-flowed, re-wrapped) names its recipient, which the memo's one
# binary slot could never do alone; a leak with every list in the original order names nobody;
# the slot listing shows all six orders; verify takes each copy for the original with variants.
. "$(dirname "$0")/lib.sh"

test_expect_success 'issue twenty copies of a memo of lists' - <<'EOF'
cat > memo.txt <<'MEMO'
The regional office has finished its review of the warehouse lease. The report covers the
loading bays, the cold store and the office block. Each manager will receive the contact
sheet, the floor plan and the new badges. The budget provides for the trucks, the crates and
the fuel, and the finance team has approved it.

The tenants asked for the modification, distribution and translation of the handbook. We
wrote to the landlord, the insurer and the bank about the deposit. The new site needs the
alarm system, the fire doors and the water tanks. The contract includes the cleaning
clauses, the parking rules and the storage terms. Staff should bring their passes, their
keys and their phones.

The audit looked at the invoices, the receipts and the payroll. The council will pay for
the roads, the drains and the lights. The plan requires the consent, cooperation and
participation of every unit. The committee spoke with the drivers, the porters and the
clerks. The regional team will keep the ledgers, the maps and the files. We also met with
the architect, the surveyor and the engineer. The inspection covers the roof, the walls and
the windows.

The insurer asked about the pumps, the valves and the meters. Nothing was said about the
fees, the taxes or the charges. The auditors will check for the stamps, the seals and the
signatures. The loan covers the chairs, the desks and the cabinets. Please send the forms to
the clerk, the treasurer and the secretary. The depot needs the ramps, the pallets and the
forklifts. The fund pays for the paint, the glue and the timber. The survey says little
about the gardens, the paths and the fences. The guide includes the phone numbers, the
email addresses and the postal codes. The tenants complained about the noise, the dust and
the smell. The move will use the vans, the ropes and the blankets. The landlord is
responsible for the gutters, the chimneys and the drains.

Questions about the move may be sent to the office manager, who will reply within a week.
MEMO
# Keys from a fixed seed (the typos are seeded too): with fresh keys a retyped copy read 18 to
# 22 slots and scored 8 to 15 above its threshold, so a rare code could fail the case.
TELLTALE_TEST_KEY_SEED=t0404-qary run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
issue_copies 20 lexical
EOF

test_expect_success 'the lists are six-way slots, listed with every order' - <<'EOF'
run 0 tt slots "$doc" --json
python3 - "$WORK/out" <<'PY'
import json, re, sys
slots = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
lists = [s for s in slots if s["rule"] == "list-order"]
other = [s for s in slots if s["rule"] != "list-order"]
assert len(lists) >= 18, len(lists)
assert len(other) <= 2, other
for s in lists:
    assert len(s["variants"]) == 6 and len(set(s["variants"])) == 6 and s["orig"] == 0, s
    words = sorted(re.findall("[a-z]+", s["variants"][0]))
    assert all(sorted(re.findall("[a-z]+", v)) == words for v in s["variants"]), s
# the refused lists: a phrase after the last item, an -ing word, a verb not known to take a
# noun phrase
text = " ".join(open("memo.txt").read().split())
for refused in ("the landlord, the insurer and the bank", "the loading bays", "their passes"):
    assert not any(refused in " ".join(s["variants"][0].split()) for s in lists), refused
PY
run 0 tt slots "$doc"
grep -q "'the roads, the drains and the lights'.*'the lights, the drains and the roads'" "$WORK/out" ||
    fail "the text listing does not show the sixth order"
EOF

test_expect_success 'copies differ in their list orders' - <<'EOF'
python3 - "$doc" <<'PY'
import re, sys
doc = sys.argv[1]
orig = " ".join(open("memo.txt").read().split())
reordered = 0
seen = set()
for i in range(1, 21):
    t = " ".join(open(f"copies/{doc}-recipient-{i}.txt").read().split())
    seen.add(t)
    reordered += t.count("the roads, the drains and the lights") == 0
assert len(seen) == 20
# 5/6 of copies put this list in another order: at least 10 of 20
assert reordered >= 10, reordered
PY
EOF

test_expect_success 'verify takes every copy for the original with variants' - <<'EOF'
expect_authentic copies/*.txt
EOF

accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }

test_expect_success 'a retyped copy names its recipient' - <<'EOF'
for i in 9 16; do
    python3 - "copies/$doc-recipient-$i.txt" "retyped-$i.txt" "$i" <<'PY'
import random, sys, textwrap
random.seed(int(sys.argv[3]))
t = " ".join(open(sys.argv[1]).read().split())
t = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") if c.isalpha() and random.random() < 0.02
            else c for c in t)
open(sys.argv[2], "w").write(textwrap.fill(t, 66) + "\n")
PY
    run 1 tt trace "retyped-$i.txt" --doc "$doc" --json
    [ "$(accused)" = "Recipient $i" ] || { cat "$WORK/out"; fail "retyped copy $i accused '$(accused)'"; }
done
EOF

test_expect_success 'the original text, retyped, names nobody' - <<'EOF'
tr '\n' ' ' < memo.txt | fold -s -w 70 > plain.txt
run 0 tt trace plain.txt --doc "$doc" --json
[ -z "$(accused)" ] || fail "the original accused '$(accused)'"
EOF
