#!/usr/bin/env bash
# Recall of short excerpts with 5% noise when the noise leaves one fingerprint (issue 12): two
# 150-character excerpts, of the Mozilla Public Licence 2.0 and of the Apache licence,
# registered among three other licences, each with about 5% of its characters substituted,
# dropped or doubled (drawn once with a fixed seed and written here as they came out).  The
# errors fall so that one winnowed fingerprint of the excerpt survives: a single hit, which
# could not make a cluster of two, so both were missed before.  A hit held by one document
# whose exact match extends, across the noise, over 64 letters or more of both texts is now
# aligned as a cluster would be.  A sentence that shares only a phrase with the licence
# still gives no finding.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
for f in Apache-2.0 MPL-2.0 Artistic GFDL-1.3 MPL-1.1; do
    [ -r "$LIC/$f" ] || skip_all "no licence text $LIC/$f"
done
tr -s '[:space:]' ' ' < "$LIC/MPL-2.0" | grep -q "how they can obtain a copy of such Source Code" &&
    tr -s '[:space:]' ' ' < "$LIC/Apache-2.0" | grep -q "direction or management of such entity" ||
    skip_all "the licence texts are not those these excerpts were cut from"

printf '%s\n' 'I found this on a forum today: t informm recipients of the  Exeoutable Form how tey can btvin a copy of euch Sourze Code vorm by rgasonable meams in a  tymely manner, at a charge no  -- make of it what you will.' > mpl.txt
printf '%s\n' 'I found this on a forum today: eans (i) the power, direct or indirect, to cause thee direction or managementt of such stity, wether by contract or otherwise, or (ii) ownership offi -- make of it what you will.' > apache.txt
printf '%s\n' 'Our release notes: the installer now ships the Executable Form of the tool, and you can obtain a copy of the sources by reasonable means from the project page.' > phrase.txt

test_expect_success 'set up: five licences registered' - <<'EOT'
run 0 tt init
for f in Apache-2.0 MPL-2.0 Artistic GFDL-1.3 MPL-1.1; do
    run 0 tt add "$LIC/$f"
done
EOT

test_expect_success 'an excerpt of the MPL that makes one hit is found' - <<'EOT'
run 1 tt --json scan mpl.txt
expect_out '"title":"Mozilla Public License Version 2.0"'
expect_out '"hits":1,'
EOT

test_expect_success 'an excerpt of the Apache licence that makes one hit is found' - <<'EOT'
run 1 tt --json scan apache.txt
expect_out '"title":"Apache License"'
expect_out '"doc_text":"[^"]*direction or management of such entity'
EOT

test_expect_success 'a sentence sharing a phrase with the MPL is no finding' - <<'EOT'
run 0 tt --json scan phrase.txt
expect_no_out '"doc"'
EOT
