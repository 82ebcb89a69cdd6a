#!/usr/bin/env bash
# add of a PDF takes the PDF's title metadata as the document's title when --title is not
# given (issue 10.5): a PDF telltale printed with a label, a hand-made PDF whose Info title is
# UTF-16 with a line break (made one line), a PDF with no title (the first line, as before),
# and --title, which wins.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -r $L/GPL-3 ] || skip_all "no licence texts in $L"

# mkpdf OUT TITLE-HEX|- LINE...: a one-page PDF (Helvetica) with the lines as its text and an
# Info dictionary whose Title is the UTF-16BE hex string given (- for no title)
mkpdf() {
    python3 - "$@" <<'P'
import sys
out, title, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
def esc(s): return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
content = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join("(%s) '" % esc(l) for l in lines) + " ET"
objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    "<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
]
if title != "-":
    objs.append("<< /Title <FEFF%s> /Producer (test) >>" % title)
pdf = b"%PDF-1.4\n"
offs = []
for i, o in enumerate(objs):
    offs.append(len(pdf))
    pdf += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode("latin-1")
x = len(pdf)
pdf += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
for o in offs:
    pdf += ("%010d 00000 n \n" % o).encode()
info = " /Info %d 0 R" % len(objs) if title != "-" else ""
pdf += ("trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, info, x)).encode()
open(out, "wb").write(pdf)
P
}
hex16() { python3 -c 'import sys; print(sys.argv[1].encode("utf-16-be").hex().upper())' "$1"; }

LINES=("The committee met on Tuesday to review the northern depot budget." "Welding faults were found in two sections of the pipeline and supply" "of equipment will be delayed by about three months, the report says.")

test_expect_success 'a vault' 'run 0 tt init'

test_expect_success 'a PDF printed by telltale with a label: its title' - <<'EOF'
cp $L/GPL-3 gpl.txt
run 0 tt add gpl.txt --label "Licence memo Q3" --json
doc=$(json_field doc)
run 0 tt recipients add Ana
run 0 tt issue "$doc" --to Ana --format pdf --out copies
pdf=$(ls copies/*.pdf)
if command -v pdfinfo >/dev/null; then
    pdfinfo "$pdf" | grep -q '^Title: *Licence memo Q3$' || fail "the printed PDF has no title"
fi
export TELLTALE_VAULT="$WORK/v2"
run 0 tt init
run 0 tt add "$pdf" --json
expect_out '"title":"Licence memo Q3"'
export TELLTALE_VAULT="$WORK/vault"
EOF

test_expect_success 'a UTF-16 title with a line break becomes one line' - <<'EOF'
mkpdf t1.pdf "$(hex16 $'Bericht \u00fcber die Werft\n  Entwurf 2')" "${LINES[@]}"
run 0 tt add t1.pdf --json
expect_out '"title":"Bericht über die Werft Entwurf 2"'
run 0 tt docs
expect_out 'Bericht über die Werft Entwurf 2'
EOF

test_expect_success 'no title: the first line; --title wins over the metadata' - <<'EOF'
mkpdf t2.pdf - "Second memo: the harbour works" "${LINES[@]:1}"
run 0 tt add t2.pdf --json
expect_out '"title":"Second memo: the harbour works"'
mkpdf t3.pdf "$(hex16 'Metadata title')" "Third memo on the quarry" "${LINES[@]:1}"
run 0 tt add t3.pdf --title "Given title" --json
expect_out '"title":"Given title"'
mkpdf t4.pdf "$(hex16 '   ')" "Fourth memo about the bridge" "${LINES[@]:1}"
run 0 tt add t4.pdf --json
expect_out '"title":"Fourth memo about the bridge"'
EOF
