#!/usr/bin/env bash
# A library loaded at first use (src/lib/dynlib.c) that cannot be loaded is an error that names
# it, never a crash, and the rest of the run goes on: a PDF, a page image, a printed copy, a
# zip or an e-mail that needs a missing library is refused with "... needs SONAME: REASON"
# (for a zip or an e-mail, a note on that input), while text is still read.  The
# library is made missing without touching the system: a directory on LD_LIBRARY_PATH holds
# a file of the same soname that is not a library, or (with a C compiler) a library of that
# soname without the functions telltale calls.  The sonames are the ones telltale asks the
# loader for, read from its own report (LD_DEBUG=libs).
. "$(dirname "$0")/lib.sh"
MKPAGE=${MKPAGE:-$(dirname "$TELLTALE")/tests/tools/mkpage}
[ -x "$MKPAGE" ] || fail "missing $MKPAGE (make $(dirname "$TELLTALE")/tests/tools/mkpage)"
test_lazy_prereq CC 'command -v cc >/dev/null'

. "$TESTS_DIR/cli/lib-loader.sh"

test_expect_success 'the sonames telltale loads for a PDF, OCR, printing, a zip and mail' - <<'EOF'
run 0 tt init
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt add memo.txt --json
doc=$(json_field doc)
run 0 tt recipients add Ana
sed -n '10,24p' memo.txt > part.txt
"$MKPAGE" pdf page.pdf < part.txt
sed -n '10,12p' memo.txt | "$MKPAGE" png page.png 100
so_pdf=$(asked poppler-glib tt scan page.pdf)
so_ocr=$(asked tesseract tt scan page.png)
so_print=$(asked pango-1.0 tt issue "$doc" --to Ana --format pdf --out copies)
python3 -c 'import zipfile; z = zipfile.ZipFile("part.zip", "w"); z.write("part.txt"); z.close()'
{ printf 'From: a@example.org\nSubject: memo\nMessage-ID: <m1@example.org>\n\n'; cat part.txt; } > part.eml
so_zip=$(asked archive tt scan part.zip)
so_mail=$(asked gmime-3.0 tt scan part.eml)
[ -n "$so_pdf" ] && [ -n "$so_ocr" ] && [ -n "$so_print" ] && [ -n "$so_zip" ] && [ -n "$so_mail" ] ||
    fail "sonames: '$so_pdf' '$so_ocr' '$so_print' '$so_zip' '$so_mail'"
EOF

test_expect_success 'no poppler: the PDF is refused naming it, the text file is still read' - <<'EOF'
fake "$so_pdf"
LD_LIBRARY_PATH="$WORK/fake" run 1 tt scan page.pdf part.txt
expect_err "^telltale: cannot read 'page.pdf': reading a PDF needs $(re "$so_pdf"): ."
expect_out "^part.txt: $doc "
before=$(vault_digest)
LD_LIBRARY_PATH="$WORK/fake" run 2 tt add page.pdf
expect_err "^telltale: cannot add 'page.pdf': reading a PDF needs $(re "$so_pdf"): ."
[ "$(vault_digest)" = "$before" ] || fail "the refused add changed the vault"
LD_LIBRARY_PATH="$WORK/fake" run 2 tt verify page.pdf
expect_err "reading a PDF needs $(re "$so_pdf"): ."
EOF

test_expect_success CC 'poppler without its functions: refused, naming the function' - <<'EOF'
rm -rf fake2 && mkdir fake2
printf 'int tt_not_poppler;\n' > empty.c
cc -shared -fPIC -Wl,-soname,"$so_pdf" -o "fake2/$so_pdf" empty.c
LD_LIBRARY_PATH="$WORK/fake2" run 2 tt verify page.pdf
expect_err "reading a PDF needs $(re "$so_pdf"): .*poppler_"
EOF

test_expect_success 'no Tesseract: a page image is refused naming it' - <<'EOF'
fake "$so_ocr"
LD_LIBRARY_PATH="$WORK/fake" run 1 tt scan page.png part.txt
expect_err "^telltale: cannot read 'page.png': OCR needs $(re "$so_ocr"): ."
expect_out "^part.txt: $doc "
EOF

test_expect_success 'no pango: a printed copy is refused naming it, a text copy is made' - <<'EOF'
fake "$so_print"
LD_LIBRARY_PATH="$WORK/fake" run 2 tt issue "$doc" --to Ana --format pdf --out copies2
expect_err "printing needs $(re "$so_print"): ."
LD_LIBRARY_PATH="$WORK/fake" run 0 tt issue "$doc" --to Ana --out copies3
ls copies3/* >/dev/null || fail "no text copy"
EOF

test_expect_success 'no libarchive, no GMime: the zip and the e-mail are notes naming them' - <<'EOF'
fake "$so_zip"
printf 'not a shared library\n' > "fake/$so_mail"
LD_LIBRARY_PATH="$WORK/fake" run 1 tt scan part.zip part.eml part.txt
expect_err "^telltale: 'part.zip': reading an archive needs $(re "$so_zip"): ."
expect_err "^telltale: 'part.eml': reading mail needs $(re "$so_mail"): ."
expect_out "^part.txt: $doc "
expect_no_out "^part.(zip|eml)"
EOF
