#!/usr/bin/env bash
# The layout channel (issue 10.2 and 10.4): a PDF copy draws its word spaces narrow or wide
# by the recipient's code; a trace reads them back from the word boxes of a scan, a phone
# photo or a screenshot of a printed page, and they join the text slots in one score and one
# bound.  Render -> rasterize (pdftoppm) -> degrade (ImageMagick) -> trace, for several
# recipients; an unmarked printout and a page from another vault accuse nobody.  The pages are
# the top third of page 1 (about 110 words), so OCR stays short.
. "$(dirname "$0")/lib.sh"
test_lazy_prereq RASTER 'command -v pdftoppm && command -v convert'
accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }
layout_read() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
l = j.get("layout") or {}
print(l.get("read", 0), l.get("agree", 0))' "$WORK/out"; }
export OMP_THREAD_LIMIT=1
# the top of page 1 of PDF $1 as the image $3 degraded as kind $2
shoot() {
    case $2 in
    scan) # flatbed: 300 dpi, 0.6 degree skew, sensor noise, JPEG 85
        pdftoppm -r 300 -f 1 -l 1 -x 0 -y 0 -W 2480 -H 1300 -png "$1" raw
        convert raw-1.png -seed 3 -background white -rotate 0.6 -attenuate 0.3 +noise Gaussian \
            -quality 85 "jpeg:$3" ;;
    photo) # phone: 150 dpi, perspective, 3.5 degrees, blur, light falling off by a third, JPEG 60
        pdftoppm -r 150 -f 1 -l 1 -x 0 -y 0 -W 1240 -H 650 -png "$1" raw
        convert raw-1.png -seed 5 -background white -virtual-pixel white \
            -distort Perspective '0,0 10,6 1240,0 1225,0 0,650 0,650 1240,650 1240,640' \
            -rotate 3.5 -blur 0x0.8 \
            \( +clone -sparse-color Barycentric '0,0 gray(100%) %[fx:w],0 gray(67%)' \) \
            -compose multiply -composite -attenuate 0.4 +noise Gaussian -quality 60 "jpeg:$3" ;;
    screen) # a PDF viewer at 96 dpi, anti-aliased
        pdftoppm -r 96 -f 1 -l 1 -x 0 -y 0 -W 794 -H 416 -png "$1" raw
        mv raw-1.png "$3" ;;
    esac
    rm -f raw-1.png
}

test_expect_success 'a memo, four recipients, PDF copies with the layout channel' - <<'T'
# Keys from a fixed seed: with fresh random keys the copies' codes, and so the scores of the
# degraded pages below, change from run to run, and a photo read near the threshold made
# this script fail about one run in a few.
TELLTALE_TEST_KEY_SEED=t0610-layout run 0 tt init
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt add memo.txt --json
doc=$(json_field doc)
run 0 tt recipients add Ana Bo Cy Dee
run 0 tt slots "$doc" --format pdf
expect_out '^ +[0-9]+  layout +word-space +.narrow space. +.wide space.$'
expect_out "per 100 words: lexical [0-9.]+, unicode 0.0, canary 0.0, layout [0-9.]+\)$"
# a txt copy has no layout channel, and cannot be asked for one
run 0 tt slots "$doc"
expect_no_out 'layout'
run 2 tt slots "$doc" --channels lexical,layout
expect_err 'the layout channel is for PDF copies'
run 0 tt issue "$doc" --all --format pdf --out copies
# the layout slots drawn: two copies' word boxes differ on page 1, their words do not
pdftotext -f 1 -l 1 "copies/$doc-ana.pdf" a.txt
pdftotext -f 1 -l 1 "copies/$doc-cy.pdf" c.txt
pdftotext -bbox -f 1 -l 1 "copies/$doc-ana.pdf" a.html
pdftotext -bbox -f 1 -l 1 "copies/$doc-cy.pdf" c.html
! cmp -s a.html c.html || fail "two recipients' pages have the same word boxes"
T

test_expect_success 'the PDF copy itself: its layout slots read as its recipient has them' - <<'T'
run 1 tt trace "copies/$doc-dee.pdf" --json
[ "$(accused)" = Dee ] || { cat "$WORK/out"; fail "Dee's PDF accused '$(accused)'"; }
read n agree <<<"$(layout_read)"
[ "$n" -ge 200 ] && [ "$agree" -ge $((n * 7 / 10)) ] || { cat "$WORK/out"; fail "layout read $n, agree $agree"; }
T

for kind in scan photo screen; do
    for who in Ana Cy Dee; do
        test_expect_success RASTER "a $kind of ${who}'s page 1 names $who, from the layout slots" - <<T
slug=\$(echo $who | tr A-Z a-z)
shoot "copies/\$doc-\$slug.pdf" $kind leak-$kind-\$slug.img
run 1 tt trace leak-$kind-\$slug.img --json
[ "\$(accused)" = $who ] || { cat "\$WORK/out"; fail "$kind of $who accused '\$(accused)'"; }
# most of what is read agrees with the copy, and more is read than the text slots give
read n agree <<<"\$(layout_read)"
[ "\$n" -ge 25 ] && [ "\$agree" -ge \$((n * 9 / 10)) ] || { cat "\$WORK/out"; fail "layout read \$n, agree \$agree"; }
T
    done
done

test_expect_success RASTER 'an unmarked printout accuses nobody' - <<'T'
"$(dirname "$TELLTALE")/tests/tools/mkpage" pdf plain.pdf < memo.txt
shoot plain.pdf scan plain.jpg
run 0 tt trace plain.jpg --json
[ -z "$(accused)" ] || { cat "$WORK/out"; fail "an unmarked printout accused '$(accused)'"; }
T

test_expect_success RASTER 'a page printed from another vault (same document, same names) accuses nobody' - <<'T'
(
    export TELLTALE_VAULT="$WORK/other"
    run 0 tt init
    run 0 tt add memo.txt
    run 0 tt recipients add Ana Bo Cy Dee
    run 0 tt issue "$doc" --all --format pdf --out other-copies
)
cmp -s "other-copies/$doc-bo.pdf" "copies/$doc-bo.pdf" && fail "another vault made the same copy"
for kind in scan photo; do
    shoot "other-copies/$doc-bo.pdf" $kind other-$kind.img
    run 0 tt trace other-$kind.img --json
    [ -z "$(accused)" ] || { cat "$WORK/out"; fail "another vault's $kind accused '$(accused)'"; }
done
T
