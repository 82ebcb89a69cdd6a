#!/usr/bin/env bash
# PDF copies (issue 10.1): issue --format pdf writes a print-ready PDF per recipient (A4 or
# Letter, one embedded font, a header with the label and page numbers), deterministic and
# signed like every copy; its text keeps the lexical channel and its word spaces carry the
# layout channel (verify names the copy, trace the recipient, also from a rasterized,
# photographed page); the unicode channel is refused.
. "$(dirname "$0")/lib.sh"
for t in pdfinfo pdffonts pdftotext pdftoppm convert; do
    command -v $t >/dev/null || fail "missing $t (poppler-utils, imagemagick)"
done
accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }

run 0 tt init
# the whole memo (755 words): variant table 3 gives its 368-word first half too few code
# positions to accuse among three copies
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt add memo.txt --label "CONFIDENTIAL depot memo" --json
doc=$(json_field doc)
run 0 tt recipients add Ana Bo Cy

# slots of a PDF copy: the lexical channel; the unicode channel is refused, the vault unchanged
run 0 tt slots "$doc" --format pdf --json
expect_out '"channel":"lexical"'
before=$(vault_digest)
run 2 tt issue "$doc" --all --format pdf --channels lexical,unicode
expect_err "the unicode channel does not survive printing"
run 2 tt slots "$doc" --format pdf --channels unicode
expect_err "the unicode channel does not survive printing"
run 2 tt issue "$doc" --all --paper letter
expect_err "^telltale issue: --paper is for PDF copies"
run 2 tt issue "$doc" --all --format docx
expect_err "^telltale issue: unknown format 'docx' \(txt, pdf\)$"
run 2 tt issue "$doc" --all --format pdf --paper a3
expect_err "^telltale issue: unknown paper 'a3' \(a4, letter\)$"
[ "$(vault_digest)" = "$before" ] || fail "a refused issue changed the vault"
[ ! -e copies ] || fail "a refused issue wrote files"

run 0 tt issue "$doc" --all --format pdf --json
[ "$(grep -c '"path":"copies/'"$doc"'-[a-z]*\.pdf"' "$WORK/out")" = 3 ] || { cat "$WORK/out"; fail "expected 3 .pdf paths"; }
f=copies/$doc-bo.pdf
pdfinfo "$f" > info.txt
grep -q '^Page size: *595.276 x 841.89 pts (A4)' info.txt || { cat info.txt; fail "not A4"; }
grep -q '^Title: *CONFIDENTIAL depot memo$' info.txt || { cat info.txt; fail "no title"; }
pages=$(sed -n 's/^Pages: *//p' info.txt)
[ "$pages" -ge 2 ] || fail "expected at least 2 pages, got $pages"
# one font, embedded
[ "$(pdffonts "$f" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u)" = DejaVuSans ] ||
    { pdffonts "$f"; fail "not one embedded DejaVu Sans"; }
[ "$(pdffonts "$f" | tail -n +3 | awk '$(NF-4) != "yes"' | wc -l)" = 0 ] || fail "a font is not embedded"
# the header on every page
pdftotext -layout "$f" - > text.txt
[ "$(grep -c "CONFIDENTIAL depot memo *page [0-9] of $pages" text.txt)" = "$pages" ] || { cat text.txt; fail "header missing"; }
# deterministic, signed
run 0 tt issue "$doc" --to Bo --format pdf --out again
cmp -s "$f" "again/$doc-bo.pdf" || fail "PDF copies are not deterministic"
if command -v minisign >/dev/null; then
    minisign -Vm "$f" -p "$TELLTALE_VAULT/vault.pub" >/dev/null || fail "minisign rejects a PDF copy"
fi
# Letter
run 0 tt issue "$doc" --to Cy --format pdf --paper letter --out letter
pdfinfo "letter/$doc-cy.pdf" | grep -q '^Page size: *612 x 792 pts (letter)' || fail "not Letter"

# verify: the copy is authentic and is Bo's (the running header is not text inserted)
run 0 tt verify "$f" --json
grep -q '"verdict":"authentic"' "$WORK/out" || { cat "$WORK/out"; fail "a PDF copy is not authentic"; }
grep -q '"recipient":"Bo"' "$WORK/out" || { cat "$WORK/out"; fail "verify did not name Bo's copy"; }
# trace: the PDF names Bo
run 1 tt trace "$f" --json
[ "$(accused)" = Bo ] || { cat "$WORK/out"; fail "Bo's PDF accused '$(accused)'"; }
# page 1 rasterized at 150 dpi and photographed: the slots read on it are Bo's (OCR may
# leave some unread, and may at worst flip one), Bo first; one page of the lexical channel
# alone is too few slots to accuse anyone
pdftoppm -r 150 -f 1 -l 1 -png "$f" page
convert page-1.png -seed 4 -background white -rotate 2.5 -blur 0x0.8 \
    \( +clone -sparse-color Barycentric '0,0 gray(100%) %[fx:w],0 gray(67%)' \) \
    -compose multiply -composite -attenuate 0.4 +noise Gaussian -quality 60 jpeg:photo.jpg
# (its lexical slots alone are too few to accuse; with the layout channel's word spaces,
# read from the word boxes, the one page names Bo and nobody else: t0610 has more)
run 1 tt trace photo.jpg --json
python3 - "$WORK/out" <<'PY' || fail "the photographed page did not read as Bo's"
import json, sys
j = json.load(open(sys.argv[1]))
s = j["suspects"]
assert j["observed_slots"] >= 50, j
assert s[0]["recipient"] == "Bo" and s[0]["accused"], j
assert not any(x["accused"] for x in s[1:]), j
assert j["layout"]["read"] >= 40 and j["layout"]["agree"] >= 0.85 * j["layout"]["read"], j
PY

# a PDF copy whose bytes no record has is a stray
head -c 2000 "$f" > "copies/$doc-zed.pdf"
run 1 tt issue --check
expect_out "copies/$doc-zed.pdf: "
