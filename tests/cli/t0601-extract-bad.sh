#!/usr/bin/env bash
# Bad PDFs and images: a truncated PDF, an encrypted one, an image with absurd dimensions, a
# decompression bomb, an empty page, a photo of something else, damaged PNG, JPEG and TIFF
# files.  scan, verify, trace and add each give one clear line (or an honest "nothing
# readable"), exit 2, never crash, and leave the vault as it was.
. "$(dirname "$0")/lib.sh"
MKPAGE=${MKPAGE:-$(dirname "$TELLTALE")/tests/tools/mkpage}
[ -x "$MKPAGE" ] || fail "missing $MKPAGE"
run 0 tt init
head -n 24 "$TESTS_DIR/data/trace-memo.txt" > memo.txt
run 0 tt add memo.txt
run 0 tt recipients add Ana

python3 - <<'PY'
import struct, zlib
def png(w, h, data):
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0))
            + chunk(b'IDAT', data) + chunk(b'IEND', b''))
# the header claims 100000 x 100000 pixels
open('absurd.png', 'wb').write(png(100000, 100000, zlib.compress(b'\0' * 100)))
# a real 12000 x 12000 white image: 144 million pixels from ~170 KB
c = zlib.compressobj(9)
open('bomb.png', 'wb').write(png(12000, 12000, c.compress((b'\0' + b'\xff' * 12000) * 12000) + c.flush()))
# an empty white page
c = zlib.compressobj(9)
open('blank.png', 'wb').write(png(600, 800, c.compress((b'\0' + b'\xff' * 600) * 800) + c.flush()))
# a PDF whose standard security handler needs a password (random O and U entries)
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
        b'<< /Filter /Standard /V 1 /R 2 /O <' + b'11' * 32 + b'> /U <' + b'22' * 32 + b'> /P -4 >>']
pdf, offs = b'%PDF-1.4\n', []
for i, o in enumerate(objs):
    offs.append(len(pdf))
    pdf += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
x = len(pdf)
pdf += b'xref\n0 5\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % o for o in offs)
pdf += (b'trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<' + b'ab' * 16 + b'> <'
        + b'ab' * 16 + b'>] >>\nstartxref\n%d\n%%%%EOF\n' % x)
open('encrypted.pdf', 'wb').write(pdf)
PY
"$MKPAGE" pdf page.pdf < memo.txt
"$MKPAGE" png page.png 150 < memo.txt
"$MKPAGE" tiff page.tif 150 < memo.txt
head -c 3000 page.pdf > truncated.pdf
head -c 8000 page.png > truncated.png
head -c 5000 page.tif > truncated.tif
printf '%%PDF-1.7\nnot really\n' > tiny.pdf
printf 'II*\0this is no tiff' > junk.tif
printf '\xff\xd8\xffthis is no jpeg' > junk.jpg
# a photo of something else: noise, blurred
convert -size 500x400 xc:gray50 -seed 3 -attenuate 2 +noise Random -blur 0x2 -quality 80 jpeg:other.jpg

# bad PATTERN CMD...: exit 2, exactly one line on stderr matching PATTERN, vault unchanged
bad() {
    local pattern=$1; shift
    local before; before=$(vault_digest)
    run 2 "$@"
    expect_err "$pattern"
    [ "$(wc -l < "$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "'$*': not one line on stderr"; }
    [ "$(vault_digest)" = "$before" ] || fail "'$*' changed the vault"
}
for cmd in verify trace; do
    bad "^telltale: .*'truncated.pdf': damaged or truncated PDF" tt $cmd truncated.pdf
    bad "^telltale: .*'tiny.pdf': damaged or truncated PDF" tt $cmd tiny.pdf
    bad "^telltale: .*'encrypted.pdf': encrypted PDF: it needs a password$" tt $cmd encrypted.pdf
    bad "^telltale: .*'absurd.png': the image is too large \(100000 x 100000 pixels; the limit is 64000000\)$" tt $cmd absurd.png
    bad "^telltale: .*'bomb.png': the image is too large \(12000 x 12000 pixels" tt $cmd bomb.png
    bad "^telltale: .*'blank.png': nothing readable \(1 page, no words found\)$" tt $cmd blank.png
    bad "^telltale: .*'other.jpg': nothing readable" tt $cmd other.jpg
    bad "^telltale: .*'truncated.png': damaged PNG image$" tt $cmd truncated.png
    bad "^telltale: .*'truncated.tif': damaged TIFF image$" tt $cmd truncated.tif
    bad "^telltale: .*'junk.tif': damaged TIFF image$" tt $cmd junk.tif
    bad "^telltale: .*'junk.jpg': damaged JPEG image$" tt $cmd junk.jpg
done
bad "^telltale: cannot add 'truncated.pdf': damaged or truncated PDF" tt add truncated.pdf
bad "^telltale: cannot add 'encrypted.pdf': encrypted PDF: it needs a password$" tt add encrypted.pdf
bad "^telltale: cannot add 'page.png': a PNG image is not a document" tt add page.png

# scan goes on past a bad file: one line for each, the good page still found, exit 1
mkdir mixed
cp truncated.pdf encrypted.pdf bomb.png blank.png junk.jpg page.tif mixed/
run 1 tt scan mixed
expect_out "^mixed/page.tif: "
[ "$(grep -c "^telltale: cannot read 'mixed/" "$WORK/err")" = 5 ] || { cat "$WORK/err"; fail "scan: not one line per bad file"; }
rm mixed/page.tif
run 2 tt scan mixed

# limits: a page needs Tesseract's data; a wrong TESSDATA_PREFIX is named, not a crash
TESSDATA_PREFIX=$WORK/nowhere run 2 tt verify page.png
expect_err "^telltale: cannot read 'page.png': no Tesseract data for English"

# a word OCR could not read (U+FFFD, extract.h) is not an alteration; a changed figure is
printf '%s\n' "$(sed -n '10,20p' memo.txt)" | sed 's/repairing/\xef\xbf\xbd/' > unread.txt
run 0 tt verify unread.txt --json
grep -q '"verdict":"authentic"' "$WORK/out" || { cat "$WORK/out"; fail "an unreadable word was an alteration"; }
sed -n '10,20p' memo.txt | sed 's/4\.2/5.2/' > changed.txt
run 1 tt verify changed.txt --json
grep -q '"original":"4.2","leaked":"5.2"' "$WORK/out" || { cat "$WORK/out"; fail "a changed figure was not reported"; }
