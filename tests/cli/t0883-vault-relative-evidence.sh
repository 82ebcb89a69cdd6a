#!/usr/bin/env bash
# Evidence judged against the vault's size (issue 12 item 3): a passage of the GNU FDL whose
# every fingerprint three registered documents hold (the passage's first half is in two other
# documents, its second half in two more; the 12 letters joining them, "See also below", are
# too short for a fingerprint of their own) but which, whole, only one document holds.  With
# five documents registered, a fingerprint three of them hold is no evidence (the bound is 2
# below 15,000 documents: tt_index__evidence_df), so there is no finding.  With 15,000 more
# documents of real prose (paragraphs of the copyright files under /usr/share/doc) the bound
# is 3: the passage is found, in the one document that holds it whole.  Before the bound grew
# with the vault (a fixed "at most 2 documents") it was never found.  At that size, the
# issue's template sentence and common phrase (t0860), each held by three documents, and a
# quote of nine words of the passage are still no finding.
. "$(dirname "$0")/lib.sh"
LIC=/usr/share/common-licenses
[ -r "$LIC/GFDL-1.3" ] || skip_all "no licence text $LIC/GFDL-1.3"
S1='A copy made in an otherwise Transparent file format whose markup, or absence of markup, has been arranged to thwart or discourage subsequent modification by readers is not Transparent.'
S3='Opaque formats include proprietary formats that can be read and edited only by proprietary word processors, SGML or XML for which the DTD and/or processing tools are not generally available, and the machine-generated HTML, PostScript or PDF produced by some word processors for output purposes only.'
for s in "$S1" "$S3"; do
    tr -s '[:space:]' ' ' < "$LIC/GFDL-1.3" | grep -qF "$s" ||
        skip_all "$LIC/GFDL-1.3 is not the text this passage was cut from"
done
S2='See also below.'
NFILL=15000
# filler: distinct paragraphs of 120-200 bytes of the machine's copyright files, none quoting
# the passage
cat /usr/share/doc/*/copyright 2>/dev/null | tr -s '[:space:]' ' ' | fold -s -w 200 |
    grep -aviE 'transparent|opaque|thwart|proprietary word|see also below' |
    awk 'length($0) > 120 && !seen[$0]++' | head -n "$NFILL" > filler.txt
[ "$(wc -l < filler.txt)" -eq "$NFILL" ] || skip_all "fewer than $NFILL paragraphs in /usr/share/doc/*/copyright"
mkdir fill
split -l 1 -a 5 -d filler.txt fill/p
printf '%s\n' "Section 1 of our handbook. $S1 $S2 $S3 Further rules follow in section 2." > whole.txt
printf '%s\n' "The first draft of the notice said: $S1 $S2 Nothing else was kept." > first-a.txt
printf '%s\n' "Release notes, version 3. $S1 $S2 The rest of this page is empty." > first-b.txt
printf '%s\n' "Reviewers asked what it means. $S2 $S3 That settled the question." > second-a.txt
printf '%s\n' "An older wording, for comparison. $S2 $S3 It was changed in 2019." > second-b.txt
printf '%s\n' "Seen on a mailing list today: $S1 $S2 $S3 -- does anyone know where this comes from?" > post.txt

test_expect_success 'five documents: a passage whose fingerprints three of them hold is no evidence' - <<'EOT'
run 0 tt init
run 0 tt add whole.txt first-a.txt first-b.txt second-a.txt second-b.txt
run 0 tt --json scan post.txt
expect_no_out '"doc"'
EOT

test_expect_success '15,005 documents: the passage is found in the one document holding it whole' - <<'EOT'
(cd fill && ls | xargs -n 1000 "$TELLTALE" add) > /dev/null || fail "adding the filler failed"
run 1 tt --json scan post.txt
expect_out '"title":"Section 1 of our handbook.*"leak_text":"[^"]*thwart[^"]*See also below\. Opaque formats'
expect_out '"doc_text":"[^"]*arranged to thwart[^"]*See also below\. Opaque formats include'
EOT

test_expect_success '15,008 documents: a template, a common phrase or a short quote held by three is no finding' - <<'EOT'
T_REG="The p-value of 0.92 is not below our threshold of 0.05, so we cannot reject the null hypothesis."
T_HAY="The p-value of 0.017 is not below our threshold of 0.01, so we cannot reject the null hypothesis."
PHRASE="Blank lines and lines beginning with a # character are ignored."
for n in 1 2 3; do
    printf 'Lab manual, part %s. We ran the test on sample %s. %s %s\n' "$n" "$n" "$T_REG" "$PHRASE" > "manual$n.txt"
done
run 0 tt add manual1.txt manual2.txt manual3.txt
printf 'For the June sample the result was different again. %s That is all.\n' "$T_HAY" > template.txt
printf 'In the notes on the configuration file we say: %s Nothing more.\n' "$PHRASE" > phrase.txt
printf 'Our wiki says a copy made in an otherwise Transparent file format is fine for drafts.\n' > short.txt
for f in template.txt phrase.txt short.txt; do
    run 0 tt --json scan "$f"
    expect_no_out '"doc"'
done
EOT
