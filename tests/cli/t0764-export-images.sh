#!/usr/bin/env bash
# Photos and PDFs attached to messages in chat exports (issue 13.3): a registered document,
# printed by telltale to PDF and rasterized as a photographed page, posted as a Telegram
# export's `photo` and as a Discord export's attachment, is read through the image path
# (OCR) and found under its message with the message's id, author, date and url and the
# attachment's path; `file` holding a PDF too.  The export's folder is a fence: a symbolic
# link that leads outside, a path with "..", a FIFO and an unsupported image give a note each,
# and the rest of the export is still read.
. "$(dirname "$0")/lib.sh"
for t in pdftoppm convert; do
    command -v $t >/dev/null || fail "missing $t (poppler-utils, imagemagick)"
done

test_expect_success 'a registered memo, printed to PDF and photographed' - <<'EOF'
run 0 tt init
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
run 0 tt add memo.txt --label "Depot memo" --json
doc=$(json_field doc)
run 0 tt recipients add Ana
run 0 tt issue "$doc" --to Ana --format pdf --out copies
pdf=$(ls copies/*.pdf)
mkdir -p tg/photos tg/files dc/media outside
pdftoppm -r 150 -f 1 -l 1 -png "$pdf" page
convert page-1.png -rotate 1.5 -quality 85 tg/photos/photo_1@01-01-2024_10-00-00.jpg
cp "$pdf" tg/files/memo.pdf
cp page-1.png dc/media/scan.png
sed -n '1,40p' memo.txt > outside/secret.txt
ln -s ../../outside/secret.txt tg/files/link.txt
ln -s ../../outside/nothing.txt tg/files/dangling.txt
mkfifo tg/files/pipe.txt
printf 'GIF89a\x01\x00\x01\x00\x00\x00\x00;' > tg/photos/anim.gif
python3 - <<'P'
import json
msgs = [
  {"id": 20, "type": "message", "date": "2024-01-01T10:00:00", "from": "Alice", "text": "morning"},
  {"id": 21, "type": "message", "date": "2024-01-01T10:07:00", "from": "Mallory",
   "photo": "photos/photo_1@01-01-2024_10-00-00.jpg", "width": 1240, "height": 1754, "text": ""},
  {"id": 22, "type": "message", "date": "2024-01-01T10:08:00", "from": "Mallory",
   "file": "files/memo.pdf", "text": "the whole thing"},
  {"id": 23, "type": "message", "date": "2024-01-01T10:09:00", "from": "Eve", "file": "files/link.txt", "text": ""},
  {"id": 27, "type": "message", "date": "2024-01-01T10:13:00", "from": "Eve", "file": "files/dangling.txt", "text": ""},
  {"id": 24, "type": "message", "date": "2024-01-01T10:10:00", "from": "Eve", "file": "files/pipe.txt", "text": ""},
  {"id": 25, "type": "message", "date": "2024-01-01T10:11:00", "from": "Eve", "photo": "photos/anim.gif", "text": ""},
  {"id": 26, "type": "message", "date": "2024-01-01T10:12:00", "from": "Eve", "file": "../outside/secret.txt", "text": ""},
]
json.dump({"name": "Depot", "type": "private_supergroup", "id": 777000111, "messages": msgs},
          open("tg/result.json", "w"), indent=1)
d = {"guild": {"id": "42", "name": "G"}, "channel": {"id": "99", "name": "leaks"},
     "messages": [{"id": "5001", "timestamp": "2024-02-02T08:00:00+00:00",
                   "author": {"id": "1", "name": "mallory"}, "content": "",
                   "attachments": [{"id": "9", "url": "media/scan.png", "fileName": "scan.png"}]}]}
json.dump(d, open("dc/export.json", "w"), indent=1)
P
EOF

test_expect_success 'Telegram: the photographed page is found under its message' - <<'EOF'
run 1 tt --json scan tg/result.json
python3 - "$WORK/out" "$doc" <<'P'
import json, sys
fs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
doc = sys.argv[2]
photo = [f for f in fs if f["item"] == "21"]
assert photo, fs
f = photo[0]
assert f["doc"] == doc, f
assert f["author"] == "Mallory" and f["date"] == "2024-01-01T10:07:00", f
assert f["url"] == "https://t.me/c/777000111/21", f
assert f["attachment"] == "photos/photo_1@01-01-2024_10-00-00.jpg", f
assert f["matched_words"] >= 30, f
pdf = [f for f in fs if f["item"] == "22" and f.get("attachment") == "files/memo.pdf"]
assert pdf and pdf[0]["doc"] == doc, fs
assert not [f for f in fs if f["item"] in ("23", "24", "25", "26", "27")], fs
print("photo: %d words, pdf: %d words" % (f["matched_words"], pdf[0]["matched_words"]))
P
expect_err "'tg/result.json'#23 files/link.txt: attachment not read \(a link that leads outside the export's folder\)"
expect_err "'tg/result.json'#27 files/dangling.txt: attachment not read \(no such file or directory\)"
expect_err "'tg/result.json'#24 files/pipe.txt: attachment not read \(not a regular file\)"
expect_err "'tg/result.json'#25 photos/anim.gif: GIF image not read \(PDF, PNG, JPEG and TIFF are read\)"
expect_err "'tg/result.json'#26 ../outside/secret.txt: attachment not read \(outside the export's folder\)"
EOF

test_expect_success 'Discord: an attached scan is found under its message' - <<'EOF'
run 1 tt --json scan dc/export.json
expect_out '"item":"5001".*"author":"mallory","date":"2024-02-02T08:00:00\+00:00","url":"https://discord.com/channels/42/99/5001","attachment":"media/scan.png"'
expect_out "\"doc\":\"$doc\""
EOF

test_expect_success 'verify FILE#ID and the HTML report name the message of the photo' - <<'EOF'
run 0 tt verify "tg/result.json#21"
expect_out "authentic|altered"
run 1 tt scan tg/result.json --html r.html
grep -q 'https://t.me/c/777000111/21' r.html || fail "no url in the report"
grep -q 'photos/photo_1@01-01-2024_10-00-00.jpg' r.html || fail "no attachment in the report"
EOF
