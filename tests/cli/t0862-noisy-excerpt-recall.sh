#!/usr/bin/env bash
# Recall of short excerpts with 5% noise (issue 12): two 150-character excerpts of the Artistic
# licence, registered among four other licences, each with about 5% of its characters
# substituted, dropped or doubled (drawn once with a fixed seed and written here as they came
# out).  Both were missed before: the noise drops or misspells the spaces between words
# ("youchoose", "ofthii", "THIPACKAGE"), which the word alignment took for different words,
# and puts two errors within three letters ("PROVIDED "ASxIS"", "harrge  fee"), which ended the
# letter-level extension of the hits, so the match verified too few letters for its chance.
# Unrelated text that shares words with the licence still gives no finding.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in Apache-2.0 MPL-2.0 Artistic GFDL-1.3 MPL-1.1; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
tr -s '[:space:]' ' ' < "$LIC/Artistic" | grep -q "You may charge any fee you choose for support of this" ||
    skip_all "$LIC/Artistic is not the text these excerpts were cut from"

printf '%s\n' 'I found this on a forum today:  ooa this Package. You may charge any feee youchoose for support ofthii Pacpage. Youmay not harrge  fee for this Package itselfw However, you may di -- make of it what you will.' > joined.txt
printf '%s\n' 'I found this on a forum today: specificpriot writen permission.10. THIPACKAGE Iv PROVIDED "ASxIS" AND  WITHOUT ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, WITHOUT hIMITATION,  -- make of it what you will.' > shouted.txt
printf '%s\n' 'Our package is provided as is. You may choose any support you like for this package, and you may charge what you choose; the fee is yours to set.' > unrelated.txt

test_expect_success 'set up: five licences registered' - <<'EOT'
run 0 tt init
for f in Apache-2.0 MPL-2.0 Artistic GFDL-1.3 MPL-1.1; do
    run 0 tt add "$LIC/$f"
done
EOT

test_expect_success 'an excerpt whose noise joins words is found, at its place' - <<'EOT'
run 1 tt --json scan joined.txt
expect_out '"title":"The \\"Artistic License\\"'
expect_out '"leak_start":3[0-9],'
EOT

test_expect_success 'an excerpt with errors two letters apart is found' - <<'EOT'
run 1 tt --json scan shouted.txt
expect_out '"title":"The \\"Artistic License\\"'
EOT

test_expect_success 'a paraphrase with the same words is no finding' - <<'EOT'
run 0 tt --json scan unrelated.txt
expect_no_out '"doc"'
EOT
