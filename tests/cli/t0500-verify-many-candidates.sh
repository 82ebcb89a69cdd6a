#!/usr/bin/env bash
# Regression (issue 8, defect 1): verify of a long text with several candidate documents
# crashed (SIGSEGV in word_digits) because the leak's text model borrowed the result's
# buffer, which was freed when a later candidate's result replaced it.  The leak must be
# larger than malloc's mmap threshold for the plain build to crash; ASan catches any size.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
run 0 tt init
run 0 tt add "$L/MPL-2.0" "$L/Apache-2.0"
for i in 1 2 3 4; do cat "$L/MPL-2.0" "$L/GPL-3"; done > leak.txt
# MPL-2.0 and GPL-3 share passages, so verify reports MPL-2.0 altered (exit 1): a verdict,
# never a crash
run 1 tt verify leak.txt
expect_out "^leak.txt: altered \(document [0-9a-f]+ \"Mozilla Public License"
run 1 tt --json verify leak.txt
expect_out '"verdict": *"altered"'
# the same with Artistic as the second registered document
run 0 tt add "$L/Artistic"
for i in 1 2 3 4; do cat "$L/Artistic" "$L/MPL-2.0" "$L/GPL-3"; done > leak2.txt
run 1 tt verify leak2.txt
expect_out '^leak2.txt: altered'
