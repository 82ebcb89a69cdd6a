#!/usr/bin/env bash
# The libraries of media, mail and archives are loaded at first use (src/lib/dynlib.c; issue
# 12 item 4, cheap opening): --version, --help and the text commands (init, add, scan, verify
# of text files) never load Tesseract, leptonica, poppler, cairo, pango, libjpeg, GMime,
# libarchive or libxml2; reading a PDF loads poppler, cairo and leptonica but not Tesseract
# when the PDF has its own text; a page image loads Tesseract and is still read by OCR;
# printing a copy to PDF loads cairo and pango; a zip loads libarchive and libxml2, an e-mail
# GMime, and each is still read.
# Without OMP_THREAD_LIMIT in its environment the program starts once (it used to start itself
# again to set it before libgomp was loaded) and OCR still runs with the limit 1.
# What was loaded is read from the dynamic loader's own report (LD_DEBUG=libs), so the test
# does not depend on how telltale is built, and fails on a build that links these libraries.
. "$(dirname "$0")/lib.sh"
MKPAGE=${MKPAGE:-$(dirname "$TELLTALE")/tests/tools/mkpage}
[ -x "$MKPAGE" ] || fail "missing $MKPAGE (make $(dirname "$TELLTALE")/tests/tools/mkpage)"

MEDIA='lib(tesseract|lept|leptonica|poppler-glib|poppler|cairo|pango-1\.0|pangocairo-1\.0|jpeg|gmime-3\.0|archive|xml2)\.so'
. "$TESTS_DIR/cli/lib-loader.sh"
# none_loaded: no media library in the last report
none_loaded() { none_of "$MEDIA"; }
# not_loaded NAME...: no lib<NAME>.so in the last report
not_loaded() {
    for n in "$@"; do
        ! grep -q "^lib$n\.so" "$WORK/loaded" || fail "lib$n loaded"
    done
}

test_expect_success '--version and --help load no media library' - <<'EOF'
traced 0 tt --version
none_loaded
traced 0 tt --help
none_loaded
EOF

test_expect_success 'init, add, scan and verify of text load no media library' - <<'EOF'
traced 0 tt init
none_loaded
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
traced 0 tt add memo.txt --json
none_loaded
doc=$(json_field doc)
sed -n '10,24p' memo.txt > part.txt
traced 1 tt scan part.txt
expect_out "^part.txt: $doc "
none_loaded
printf 'x' > one.txt
traced 0 tt scan one.txt
none_loaded
traced 0 tt verify part.txt --json
grep -q '"verdict":"authentic"' "$WORK/out" || { cat "$WORK/out"; fail "part.txt not authentic"; }
none_loaded
EOF

test_expect_success 'a PDF with text loads poppler, cairo and leptonica, not Tesseract' - <<'EOF'
"$MKPAGE" pdf page.pdf < part.txt
traced 1 tt scan page.pdf
expect_out "^page.pdf: $doc "
loaded poppler-glib cairo lept
not_loaded tesseract
EOF

test_expect_success 'a page image loads Tesseract and is read by OCR' - <<'EOF'
"$MKPAGE" png page.png 150 < part.txt
traced 1 tt scan page.png
expect_out "^page.png: $doc "
loaded tesseract lept cairo
EOF

test_expect_success 'printing a copy to PDF loads cairo and pango, not Tesseract or poppler' - <<'EOF'
run 0 tt recipients add Ana
traced 0 tt issue "$doc" --to Ana --format pdf --out copies
ls copies/*.pdf >/dev/null || fail "no PDF copy"
loaded cairo pango-1.0 pangocairo-1.0
not_loaded tesseract poppler-glib
EOF

test_expect_success 'a zip loads libarchive and libxml2, an e-mail GMime, and both are read' - <<'EOF'
python3 -c 'import zipfile; z = zipfile.ZipFile("part.zip", "w"); z.write("part.txt"); z.close()'
traced 1 tt scan part.zip
expect_out "^part.zip#part.txt: $doc "
loaded archive xml2
not_loaded gmime-3.0 tesseract poppler-glib cairo
{ printf 'From: a@example.org\nSubject: memo\nMessage-ID: <m1@example.org>\n'
  printf 'Content-Type: text/plain; charset=utf-8\n\n'; cat part.txt; } > part.eml
traced 1 tt scan part.eml
expect_out "^part.eml#m1@example.org: $doc "
loaded gmime-3.0
not_loaded archive tesseract poppler-glib cairo
EOF

# OMP_THREAD_LIMIT (main.c): libgomp, which reads it when it is loaded, now comes in with
# Tesseract at first use, so the program sets it and no longer starts itself a second time.
test_expect_success 'without OMP_THREAD_LIMIT the program starts once' - <<'EOF'
rm -f "$WORK"/ld.*
env -u OMP_THREAD_LIMIT LD_DEBUG=libs LD_DEBUG_OUTPUT="$WORK/ld" "$TELLTALE" --version >/dev/null
n=$(cat "$WORK"/ld.* | grep -c 'calling init: .*/libc\.so')
[ "$n" = 1 ] || fail "libc initialised $n times: the program started $n times"
EOF

test_expect_success 'without OMP_THREAD_LIMIT, OCR runs with a limit of 1' - <<'EOF'
sed -n '10,12p' memo.txt | "$MKPAGE" png small.png 100
env -u OMP_THREAD_LIMIT OMP_DISPLAY_ENV=true "$TELLTALE" scan small.png >"$WORK/out" 2>"$WORK/err" || true
expect_err "OMP_THREAD_LIMIT = '1'"
EOF
