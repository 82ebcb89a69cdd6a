#!/usr/bin/env bash
# A leak that its leaker edited (a figure changed, a name swapped) and retyped with letter
# noise is still found (issue 12).  Issue 12's last false findings on unrelated prose are
# re-edited copies of one source published twice (pandas' melt docstring copied into Dask,
# ferror(3) against S-Lang's manual); a rule dropping matches whose words differ "like a
# re-edit" was measured in the seventh session (bench/results/false-findings.md, lane ff7):
# those two keep no run of more than 5-6 words equal up to letter edits, but neither does this
# leak of 28 matched words: its longest such run is 6 words, and 7 whole words differ (520 for
# 340, Lindqvist for Okafor, and "si", "stie", "asekd", "taht", "dyas", two edits each).  So
# this case fails if a rule of that kind is made strict enough to drop those false findings.
# The texts are written for this test.
. "$(dirname "$0")/lib.sh"

cat > depot.txt <<'EOF2'
Quarterly note from the eastern depot, for the logistics board.

Stock at the eastern depot held steady through the quarter. The cold store
was emptied and cleaned in the second week of April, and the backup
generator was tested twice under full load without a fault. Deliveries
from the coastal supplier arrived late on four occasions, each time because
the ferry crossing was cancelled in high winds. The depot is to keep a
reserve of 340 litres of diesel on site from now on, Captain Okafor has
asked, so that the generator can run for three days if the ferry stops
again. The board is asked to approve the cost of a second storage tank,
which the depot manager estimates at a little under last year's figure.
Staff numbers are unchanged; two drivers will retire at the end of June.
EOF2
# 175 characters of the note: 340 -> 520, Okafor -> Lindqvist, and six typing slips (five
# pairs of letters swapped, one letter lost)
cat > depot-post.txt <<'EOF2'
A friend who drives for them forwarded this: "The depot si to keep a reserve of 520 litres of diesl on stie from now on, Captain Lindqvist has asekd, so taht the generator can run for three dyas if the ferry stops again." Make of it what you will.
EOF2

test_expect_success 'an excerpt with a changed figure, a swapped name and letter noise is found' - <<'EOT'
run 0 tt init
run 0 tt add depot.txt
run 1 tt --json scan depot-post.txt
expect_out '"title":"Quarterly note from the eastern depot, for the logistics board\."'
expect_out '"leak_text":"The depot si to keep a reserve of 520 litres of diesl on stie from now on, Captain Lindqvist has asekd, so taht the generator can run for three dyas if the ferry stops again"'
EOT
