#!/usr/bin/env bash
# The trace HTML report of a PDF (or a photographed page) shows the page image, as scan's and
# verify's do, with the words whose slots were read outlined in it; a text leak's report shows
# no page; verify's report of the same PDF still shows its page with the matched words.
. "$(dirname "$0")/lib.sh"
for t in pdftotext python3; do
    command -v $t >/dev/null || fail "missing $t"
done

# page_boxes REPORT: "PAGE BOXES RECTS" of the page heading and the outlines drawn
page_boxes() {
    python3 - "$1" <<'P'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<h3>Page (\d+) of the input, the ([a-z ]+) outlined \((\d+)\)</h3>", h)
if not m:
    print("none"); sys.exit()
svg = h[m.end():h.index("</svg>", m.end())]
assert 'href="data:image/png;base64,iVBORw0KGgo' in svg, "no PNG in the page"
print(m.group(1), m.group(2).replace(" ", "_"), m.group(3), svg.count("<rect "))
P
}

test_expect_success 'a vault with a memo issued as PDF copies' - <<'EOF'
run 0 tt init
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt add memo.txt --json
doc=$(json_field doc)
run 0 tt recipients add Ana Bo Cy
run 0 tt issue "$doc" --all --format pdf
[ -f "copies/$doc-bo.pdf" ] || fail "no PDF copy for Bo"
cp "copies/$doc-bo.pdf" leak.pdf
EOF

test_expect_success 'trace --html of a PDF shows the page, slots outlined' - <<'EOF'
run 1 tt trace leak.pdf --html trace.html
expect_out 'ACCUSED +Bo'
read -r page what n rects <<<"$(page_boxes trace.html)"
[ "$page" != none ] && [ "$page" -ge 1 ] || fail "no page in the trace report ($page)"
[ "$what" = words_whose_slots_were_read ] || fail "heading says '$what'"
[ "$n" -gt 0 ] && [ "$n" = "$rects" ] || fail "$n boxes, $rects outlines"
EOF

test_expect_success 'trace --html of the same text as a text file shows no page' - <<'EOF'
pdftotext leak.pdf leak.txt
run 1 tt trace leak.txt --html text.html
[ "$(page_boxes text.html)" = none ] || fail "a page in a text leak's report"
EOF

test_expect_success 'verify --html of the PDF still shows its page' - <<'EOF'
run 0 tt verify leak.pdf --html verify.html
read -r page what n rects <<<"$(page_boxes verify.html)"
[ "$page" != none ] && [ "$what" = matched_words ] && [ "$n" -gt 0 ] ||
    fail "verify page: $page $what $n"
EOF
