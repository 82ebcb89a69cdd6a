#!/usr/bin/env bash
# Evidence that knows ordinary language (issue 12, item 2): the false findings of the issue,
# a sentence built from one template in two manuals (the numbers differ) and a common phrase
# of configuration manuals, produce no finding; an excerpt of 150 characters with 5% noise of
# a registered document still does.  The first two were findings before the background model,
# the template comparison and the chance threshold; --min-chance and --min-words change what
# is reported.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
[ -r "$LIC/Apache-2.0" ] && [ -r "$LIC/MPL-2.0" ] || skip_all "no licence texts (Apache-2.0, MPL-2.0) in $LIC"
command -v python3 >/dev/null || skip_all "no python3 (to add noise)"

TEMPLATE_REG="The p-value of 0.92 is not below our threshold of 0.05, so we cannot reject the null hypothesis."
TEMPLATE_HAY="The p-value of 0.017 is not below our threshold of 0.01, so we cannot reject the null hypothesis."
PHRASE="Blank lines and lines beginning with a # character are ignored."
LETTER_REG="Dear Margit Kallas, your order 48213 of 12 March has been shipped to the depot at Vantaa and should arrive within five working days of this notice."
LETTER_HAY="Dear Owen Tallis, your order 99107 of 30 June has been shipped to the depot at Ashby and should arrive within five working days of this notice."
{
    sed -n 1,12p "$LIC/MPL-2.0"
    printf '\nWe ran the test on the March sample. %s %s\n\n' "$TEMPLATE_REG" "$PHRASE"
    printf '%s\n\n' "$LETTER_REG"
    sed -n 40,52p "$LIC/MPL-2.0"
} > manual.txt
printf 'For the June sample the result was different again. %s That is all.\n' "$TEMPLATE_HAY" > template.txt
printf 'In the notes on the configuration file we say: %s Nothing more.\n' "$PHRASE" > phrase.txt
printf 'Forwarded without comment: %s Regards.\n' "$LETTER_HAY" > letter.txt
printf 'Forwarded without comment: %s Regards.\n' "$LETTER_REG" > letter-copy.txt
printf 'Field notes for the newsletter. %s %s That is all for this month.\n' "$TEMPLATE_HAY" "$PHRASE" > both.txt
# 150 characters of the Apache licence's grant of copyright, 5% of them substituted, dropped
# or doubled (a fixed seed), in a forum post
python3 - "$LIC/Apache-2.0" > excerpt.txt <<'P'
import random, re, sys
random.seed(12)
t = re.sub(r"\s+", " ", open(sys.argv[1]).read())
s = t.find("Grant of Copyright License") + 30
out = []
for c in t[s:s + 150]:
    r = random.random()
    if r < 0.05:
        k = random.randrange(3)
        out.append(random.choice("abcdefghijklmnopqrstuvwxyz") if k == 0 else "" if k == 1 else c + c)
    else:
        out.append(c)
print("I found this on a forum today: " + "".join(out) + " -- make of it what you will.")
P

test_expect_success 'set up: a manual with the template and the phrase, and a licence' - <<'EOF'
run 0 tt init
run 0 tt add manual.txt
run 0 tt add "$LIC/Apache-2.0"
EOF

test_expect_success 'a sentence of the same template with other numbers: no finding' - <<'EOF'
run 0 tt --json scan template.txt
expect_no_out '"doc"'
EOF

test_expect_success 'a common phrase of manuals: no finding' - <<'EOF'
run 0 tt --json scan phrase.txt
expect_no_out '"doc"'
EOF

test_expect_success 'the template and the phrase together: no finding' - <<'EOF'
run 0 tt --json scan both.txt
expect_no_out '"doc"'
EOF

test_expect_success 'a form letter filled in with other names and numbers: no finding' - <<'EOF'
run 0 tt --json scan letter.txt
expect_no_out '"doc"'
EOF

test_expect_success 'the same letter with its own names and numbers: found' - <<'EOF'
run 1 tt --json scan letter-copy.txt
expect_out '"leak_text":"Dear Margit Kallas'
EOF

test_expect_success 'a 150-character excerpt with 5% noise is found' - <<'EOF'
run 1 tt --json scan excerpt.txt
expect_out '"title":"Apache License"'
expect_out 'perpetual'
EOF

test_expect_success '--min-chance: a threshold below the finding'"'"'s chance hides it' - <<'EOF'
run 1 tt --json scan excerpt.txt
chance=$(sed -n 's/.*"chance":\([^,]*\),.*/\1/p' out | head -n 1)
[ -n "$chance" ] || fail "no chance in the finding"
below=$(python3 -c "print('%.3g' % ($chance / 10))")
run 0 tt --json scan --min-chance "$below" excerpt.txt
expect_no_out '"doc"'
run 1 tt --json scan --min-chance 1 excerpt.txt
expect_out '"title":"Apache License"'
EOF

test_expect_success '--min-words: more words of evidence than the excerpt holds hide it' - <<'EOF'
run 1 tt --json scan --min-words 10 excerpt.txt
run 0 tt --json scan --min-words 40 excerpt.txt
expect_no_out '"doc"'
EOF

test_expect_success '--min-chance refuses what is not a probability' - <<'EOF'
for bad in 0 -1 1.5 nan abc ""; do
    run 2 tt scan --min-chance "$bad" excerpt.txt
    expect_err 'min-chance'
done
run 2 tt scan excerpt.txt --min-chance
expect_err 'min-chance needs a value'
EOF
