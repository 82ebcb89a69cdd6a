#!/usr/bin/env bash
# A copy with one typo in a capitalised word is a copy, not a templated near-duplicate (issue
# 12).  The template comparison drops a match whose passages differ only in the slots of a
# template (numbers and names) with no long stretch between them; a name misspelt by one letter
# ("Yu" for "You") counted as such a slot, so a verbatim copy of 24-32 words of a licence with
# that one typo was not reported.  Two words one edit apart that hold a letter are now noise,
# not two values of a slot; two numbers one digit apart still are (t0860's p-values).
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in Apache-2.0 MPL-2.0 Artistic; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
tr -s '[:space:]' ' ' < "$LIC/MPL-2.0" | grep -q "and You must inform recipients of the Executable Form how" ||
    skip_all "$LIC/MPL-2.0 is not the text this excerpt was cut from"

printf '%s\n' 'Quoting from memory: such Covered Software must also be made available in Source Code Form, as described in Section 3.1, and Yu must inform recipients of the Executable Form how they can obtain a copy. End of quote.' > mpl.txt
printf '%s\n' 'Quoting from memory: ADVISED OF THE POSSIBILITY OF SUCH DAMAGE. You may add Your own attribution notices within Derivative Works that Yu distribute, alongside or as an addendum to the NOTICE text from the Work. End.' > apache.txt
TEMPLATE_REG="The p-value of 0.92 is not below our threshold of 0.05, so we cannot reject the null hypothesis."
TEMPLATE_HAY="The p-value of 0.93 is not below our threshold of 0.01, so we cannot reject the null hypothesis."
printf 'We ran the test on the March sample. %s\n' "$TEMPLATE_REG" > manual.txt
printf 'For the June sample the result was different again. %s That is all.\n' "$TEMPLATE_HAY" > template.txt

test_expect_success 'set up: three licences and a manual registered' - <<'EOT'
run 0 tt init
for f in Apache-2.0 MPL-2.0 Artistic; do
    run 0 tt add "$LIC/$f"
done
run 0 tt add manual.txt
EOT

test_expect_success 'an MPL passage with "Yu" for "You" is found' - <<'EOT'
run 1 tt --json scan mpl.txt
expect_out '"title":"Mozilla Public License Version 2.0"'
expect_out '"leak_text":"such Covered Software'
EOT

test_expect_success 'an Apache passage with "Yu" for "You" is found' - <<'EOT'
run 1 tt --json scan apache.txt
expect_out '"title":"Apache License"'
EOT

test_expect_success 'the template with numbers one digit apart is still no finding' - <<'EOT'
run 0 tt --json scan template.txt
expect_no_out '"doc"'
EOT
