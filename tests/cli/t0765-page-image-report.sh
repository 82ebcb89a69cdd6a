#!/usr/bin/env bash
# Page-image HTML reports (issue 10.5): when the leak is a PDF or a photographed page, the
# scan and verify reports embed the page (a PNG as a data: URI, which the page's
# Content-Security-Policy admits and nothing else) with the matched words outlined from the
# word boxes; a redacted scan report and the report of a text leak hold no image.
. "$(dirname "$0")/lib.sh"
for t in pdftoppm convert; do
    command -v $t >/dev/null || fail "missing $t (poppler-utils, imagemagick)"
done

# check_page HTML MIN: the report has one page image, a PNG whose size is the SVG's, with at
# least MIN outlined words, all inside it
check_page() {
    python3 - "$1" "$2" <<'P'
import base64, re, struct, sys
h = open(sys.argv[1], encoding="utf-8").read()
assert "img-src data:" in h, "CSP does not admit the data: image"
svgs = re.findall(r'<svg class="page"[^>]*viewBox="0 0 (\d+) (\d+)"[^>]*><image width="(\d+)" height="(\d+)" href="data:image/png;base64,([A-Za-z0-9+/=]+)"/>(.*?)</svg>', h)
assert len(svgs) == 1, len(svgs)
w, hh, iw, ih, b64, rects = svgs[0]
png = base64.b64decode(b64)
assert png[:8] == b"\x89PNG\r\n\x1a\n"
pw, ph = struct.unpack(">II", png[16:24])
assert (pw, ph) == (int(w), int(hh)) == (int(iw), int(ih)), (pw, ph, w, hh)
boxes = re.findall(r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"/>', rects)
assert len(boxes) >= int(sys.argv[2]), len(boxes)
for x, y, bw, bh in boxes:
    assert int(x) + int(bw) <= pw and int(y) + int(bh) <= ph, (x, y, bw, bh)
print("page %dx%d, %d bytes of PNG, %d words outlined" % (pw, ph, len(png), len(boxes)))
P
}

test_expect_success 'a registered memo, its PDF copy and a photo of page 1' - <<'EOF'
run 0 tt init
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt add memo.txt --label "Depot memo" --json
doc=$(json_field doc)
run 0 tt recipients add Ana
run 0 tt issue "$doc" --to Ana --format pdf --out copies
cp copies/*.pdf copy.pdf
pdftoppm -r 150 -f 1 -l 1 -png copy.pdf page
convert page-1.png -rotate 1.5 -quality 85 photo.jpg
sed -n '1,60p' memo.txt > leak.txt
EOF

test_expect_success 'scan report of a photo: the page, the matched words outlined' - <<'EOF'
run 1 tt scan photo.jpg --html photo.html
check_page photo.html 100
EOF

test_expect_success 'scan report of a PDF: the page with most of the match' - <<'EOF'
run 1 tt scan copy.pdf --html pdf.html
check_page pdf.html 100
grep -q '<h3>Page [0-9] of the input, the matched words outlined' pdf.html || fail "no caption"
EOF

test_expect_success 'verify report of a photo: the page too' - <<'EOF'
run 0 tt verify photo.jpg --html v.html
check_page v.html 100
EOF

test_expect_success 'no image when redacted, none for a text leak' - <<'EOF'
run 1 tt scan photo.jpg --redact --html red.html
! grep -q 'data:image' red.html || fail "a page image in a redacted report"
run 1 tt scan leak.txt --html text.html
! grep -q '<svg class="page"' text.html || fail "a page image for a text leak"
run 0 tt verify leak.txt --html vt.html
! grep -q '<svg class="page"' vt.html || fail "a page image for a text leak (verify)"
EOF
