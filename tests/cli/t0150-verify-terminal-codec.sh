#!/usr/bin/env bash
# telltale verify's terminal output reads the leak with the library's codec and invisible
# predicate through the one terminal sanitizer (tt_terminal_text): malformed UTF-8 prints as
# a visible \xNN escape byte by byte, also a sequence behind a lead byte F5..FF (which an
# earlier decoder read as a three-byte character and printed raw), and tag characters
# (U+E0000..E007F, invisible) are dropped, not printed.
. "$(dirname "$0")/lib.sh"
MEMO="$TESTS_DIR/data/verify/memo.txt"
run 0 tt init
run 0 tt add "$MEMO"

# the name replaced by bytes that are not UTF-8, and by a name carrying tag characters
sed -e 's/Helen Okafor/Helen \xF5\x80\x80x/' "$MEMO" > bad.txt
run 1 tt verify bad.txt
expect_out 'Helen \\xf5\\x80\\x80\[-Okafor-\]\{\+x\+\}'
if LC_ALL=C grep -q $'\xF5' "$WORK/out"; then fail "raw F5 byte printed"; fi

sed -e 's/Helen Okafor/Helen Mens\xF3\xA0\x81\x81ah/' "$MEMO" > tag.txt
run 1 tt verify tag.txt
expect_out 'altered name: "Okafor" -> "Mensah"'
if LC_ALL=C grep -q $'\xF3\xA0' "$WORK/out"; then fail "tag character printed"; fi
echo ok
