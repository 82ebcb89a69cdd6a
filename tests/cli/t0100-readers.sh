#!/usr/bin/env bash
# scan reads real sources, recognized by content: a Telegram Desktop export (result.json, text
# as a string or an entity array, attachments beside it), a DiscordChatExporter export, an
# mbox with base64 and quoted-printable parts, a .docx, an .odt, a zip of files, a .tar.gz,
# a WARC web archive, UTF-16 text and nested JSON lines; each finding names its item, author,
# date and url.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/Artistic ] || skip_all "no licence texts in $L"

# the leaked excerpt: a sentence of the Apache licence with typographic apostrophes
LEAK='Grant of Copyright License. Subject to the terms and conditions of this License, each Contributor hereby grants to You a perpetual, worldwide, non-exclusive, no-charge, royalty-free, irrevocable copyright license to reproduce, prepare Derivative Works of, publicly display'
export LEAK

test_expect_success 'register the Apache licence' - <<'T'
run 0 tt init
cp $L/Apache-2.0 apache.txt
run 0 tt add apache.txt
T

test_expect_success 'Telegram Desktop export: entity text, author, date, link, attachment' - <<'T'
mkdir -p tg/files tg/photos
printf '%s\n' "$LEAK" > tg/files/notes.txt
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00' > tg/photos/photo_1@01-01-2024_10-00-00.jpg
python3 - <<'P'
import json, os
leak = os.environ["LEAK"]
half = leak.index(" each ")
doc = {"name": "Leaks", "type": "private_supergroup", "id": 1234567890, "messages": [
  {"id": 7, "type": "message", "date": "2024-01-01T10:00:00", "date_unixtime": "1704103200",
   "from": "Alice", "from_id": "user1", "text": "hello", "text_entities": [{"type": "plain", "text": "hello"}]},
  {"id": 8, "type": "message", "date": "2024-01-01T10:05:00", "date_unixtime": "1704103500",
   "from": "Mallory", "from_id": "user2",
   "text": [leak[:half], {"type": "bold", "text": leak[half:]}],
   "text_entities": [{"type": "plain", "text": leak[:half]}, {"type": "bold", "text": leak[half:]}]},
  {"id": 9, "type": "message", "date": "2024-01-01T10:06:00", "date_unixtime": "1704103560",
   "from": "Mallory", "from_id": "user2", "file": "files/notes.txt", "text": ""},
  {"id": 10, "type": "message", "date": "2024-01-01T10:07:00", "date_unixtime": "1704103620",
   "from": "Mallory", "from_id": "user2", "photo": "photos/photo_1@01-01-2024_10-00-00.jpg",
   "width": 1, "height": 1, "text": ""},
  {"id": 11, "type": "message", "date": "2024-01-01T10:08:00", "from": "Eve",
   "file": "../../etc/passwd", "text": ""}]}
json.dump(doc, open("tg/result.json", "w"), ensure_ascii=False, indent=1)
P
run 1 tt --json scan tg/result.json
expect_out '"item":"8".*"author":"Mallory","date":"2024-01-01T10:05:00","url":"https://t.me/c/1234567890/8"'
expect_out '"item":"9".*"attachment":"files/notes.txt"'
expect_err "'tg/result.json'#10 photos/photo_1@01-01-2024_10-00-00.jpg: image attachment not read \(no image reader\)"
expect_err "'tg/result.json'#11 ../../etc/passwd: attachment not read \(outside the export's folder\)"
[ "$(grep -c '"doc"' "$WORK/out")" = 2 ] || fail "expected two findings"
run 1 tt scan tg/result.json
expect_out '^tg/result.json#8: '
expect_out 'by Mallory, 2024-01-01T10:05:00, https://t.me/c/1234567890/8'
T

test_expect_success 'a Telegram export scanned whole has no literal \n' - <<'T'
python3 -c 'import json,os; json.dump({"name":"x","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date":"2024-01-02T00:00:00","from":"A","text":os.environ["LEAK"].replace(". ", ".\n")}]}, open("tg2.json","w"), indent=1)'
run 1 tt --json scan tg2.json
expect_out '"item":"1"'
expect_no_out '\\\\n'
T

test_expect_success 'DiscordChatExporter export: content, author, timestamp, message url' - <<'T'
mkdir -p dc/media
printf '%s\n' "$LEAK" > dc/media/leak.txt
python3 - <<'P'
import json, os
leak = os.environ["LEAK"]
doc = {"guild": {"id": "111", "name": "G", "iconUrl": ""},
       "channel": {"id": "222", "type": "GuildTextChat", "categoryId": "3", "category": "c", "name": "general", "topic": None},
       "dateRange": {"after": None, "before": None},
       "messages": [
  {"id": "900", "type": "Default", "timestamp": "2024-02-03T04:05:06.789+00:00", "timestampEdited": None,
   "isPinned": False, "content": "nothing here",
   "author": {"id": "5", "name": "bob", "discriminator": "0000", "nickname": "Bob", "isBot": False},
   "attachments": [], "embeds": [], "reactions": [], "mentions": []},
  {"id": "901", "type": "Default", "timestamp": "2024-02-03T04:06:00.000+00:00", "timestampEdited": None,
   "isPinned": False, "content": "look: " + leak,
   "author": {"id": "6", "name": "mallory", "discriminator": "0000", "nickname": "Mal", "isBot": False},
   "attachments": [{"id": "77", "url": "media/leak.txt", "fileName": "leak.txt", "fileSizeBytes": 300},
                   {"id": "78", "url": "https://cdn.discordapp.com/attachments/1/2/x.png", "fileName": "x.png", "fileSizeBytes": 3}],
   "embeds": [], "reactions": [], "mentions": []}],
  "messageCount": 2}
json.dump(doc, open("dc/export.json", "w"), indent=2)
P
run 1 tt --json scan dc/export.json
expect_out '"item":"901","format":"discord","author":"mallory","date":"2024-02-03T04:06:00.000\+00:00","url":"https://discord.com/channels/111/222/901"'
expect_out '"item":"901".*"attachment":"media/leak.txt"'
expect_err "attachment not read \(not in the export, only its url\)"
T

test_expect_success 'mbox with base64 and quoted-printable parts' - <<'T'
python3 - <<'P'
import os, mailbox, email.message, email.policy
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.application import MIMEApplication
from email import charset
leak = os.environ["LEAK"].replace("License,", "License\u2019s,")
box = mailbox.mbox("mail.mbox")
m1 = MIMEText("Just a note.\n", "plain", "utf-8")
m1["From"] = "Alice <alice@example.org>"; m1["Subject"] = "hi"; m1["Message-ID"] = "<a1@example.org>"
m1["Date"] = "Mon, 01 Jan 2024 10:00:00 +0000"
box.add(m1)
m2 = MIMEMultipart("mixed")
m2["From"] = "Mallory <mallory@example.org>"; m2["Subject"] = "fyi"; m2["Message-ID"] = "<qp1@example.org>"
m2["Date"] = "Tue, 02 Jan 2024 11:00:00 +0000"
qp = charset.Charset("utf-8"); qp.body_encoding = charset.QP
part = MIMEText(leak + "\n", "plain", qp)
m2.attach(part)
box.add(m2)
m3 = MIMEMultipart("mixed")
m3["From"] = "Trent <trent@example.org>"; m3["Subject"] = "doc"; m3["Message-ID"] = "<b64@example.org>"
m3["Date"] = "Wed, 03 Jan 2024 12:00:00 +0000"
m3.attach(MIMEText("see attached", "plain", "utf-8"))
att = MIMEApplication((leak + "\n").encode(), "octet-stream"); att.add_header("Content-Disposition", "attachment", filename="leak.txt")
m3.attach(att)
box.add(m3)
box.flush()
P
grep -q '=E2=80=99' mail.mbox || fail "no quoted-printable part"
grep -q 'Content-Transfer-Encoding: base64' mail.mbox || fail "no base64 part"
run 1 tt --json scan mail.mbox
expect_out '"item":"qp1@example.org","format":"mbox","author":"Mallory <mallory@example.org>","date":"Tue, 02 Jan 2024 11:00:00 \+0000"'
expect_out '"item":"b64@example.org".*"attachment":"leak.txt"'
expect_no_out '=E2=80=99'
T

test_expect_success 'docx and odt text' - <<'T'
python3 - <<'P'
import os, zipfile
leak = os.environ["LEAK"]
a, b = leak[:60], leak[60:]
body = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
 '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
 '<w:p><w:r><w:t>Quarterly notes</w:t></w:r></w:p>'
 '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>%s</w:t></w:r></w:p>'
 '</w:body></w:document>') % (a, b)
with zipfile.ZipFile("memo.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    z.writestr("word/document.xml", body)
odt = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
 '<text:p>%s<text:s/><text:span>%s</text:span></text:p></office:text></office:body></office:document-content>') % (a.rstrip(), b)
with zipfile.ZipFile("memo.odt", "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    z.writestr("content.xml", odt)
P
run 1 tt --json scan memo.docx memo.odt
expect_out '"source":"memo.docx","item":null,"format":"docx"'
expect_out '"source":"memo.odt","item":null,"format":"odt"'
T

test_expect_success 'a zip of files, a tar.gz, a gzip, UTF-16' - <<'T'
python3 - <<'P'
import os, zipfile, tarfile, gzip, io
leak = os.environ["LEAK"]
with zipfile.ZipFile("bundle.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("readme.txt", "nothing")
    z.writestr("drafts/leak.txt", "intro\n" + leak + "\n")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as y:
        y.writestr("deep.txt", leak)
    z.writestr("inner.zip", inner.getvalue())
with tarfile.open("bundle.tar.gz", "w:gz") as t:
    data = (leak + "\n").encode()
    ti = tarfile.TarInfo("x/leak.txt"); ti.size = len(data)
    t.addfile(ti, io.BytesIO(data))
with gzip.open("leak.txt.gz", "wb") as g:
    g.write(leak.encode())
open("utf16.txt", "wb").write(("Приложение\n" + leak).encode("utf-16"))
P
run 1 tt --json scan bundle.zip bundle.tar.gz leak.txt.gz utf16.txt
expect_out '"source":"bundle.zip","item":"drafts/leak.txt"'
expect_out '"source":"bundle.zip","item":"inner.zip:deep.txt"'
expect_out '"source":"bundle.tar.gz","item":"x/leak.txt"'
expect_out '"source":"leak.txt.gz","item":"leak.txt"'
expect_out '"source":"utf16.txt","item":null'
T

test_expect_success 'a WARC web archive holding a leaked page' - <<'T'
python3 - <<'P'
import os
leak = os.environ["LEAK"]
def rec(typ, rid, uri, ctype, block):
    h = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2024-03-04T05:06:07Z\r\n"
         "WARC-Target-URI: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n") % (typ, rid, uri, ctype, len(block))
    return h.encode() + block + b"\r\n\r\n"
page = ("<!doctype html><html><head><title>t</title></head><body><p>%s</p></body></html>" % leak.replace(",", "&#44;", 1)).encode()
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(page) + page
req = b"GET /post HTTP/1.1\r\nHost: paste.example\r\n\r\n"
info = b"software: hand\r\n"
out = rec("warcinfo", "00000000-0000-0000-0000-000000000000", "", "application/warc-fields", info)
out += rec("request", "11111111-1111-1111-1111-111111111111", "https://paste.example/post", "application/http; msgtype=request", req)
out += rec("response", "22222222-2222-2222-2222-222222222222", "https://paste.example/post", "application/http; msgtype=response", http)
open("crawl.warc", "wb").write(out)
P
run 1 tt --json scan crawl.warc
expect_out '"item":"22222222-2222-2222-2222-222222222222","format":"html","date":"2024-03-04T05:06:07Z","url":"https://paste.example/post"'
[ "$(grep -c '"doc"' "$WORK/out")" = 1 ] || fail "expected one finding"
gzip -k crawl.warc
run 1 tt --json scan crawl.warc.gz
expect_out '"item":"crawl.warc:22222222-2222-2222-2222-222222222222"'
T

test_expect_success 'JSON lines: nested message.text, content, --text-field' - <<'T'
python3 - <<'P'
import json, os
leak = os.environ["LEAK"]
with open("nested.jsonl", "w") as f:
    f.write(json.dumps({"id": "n1", "message": {"text": leak}}) + "\n")
    f.write(json.dumps({"id": "n2", "content": leak, "author": "z"}) + "\n")
    f.write(json.dumps({"id": "n3", "body": {"value": leak}}) + "\n")
P
run 1 tt --json scan nested.jsonl
expect_out '"item":"n1"'
expect_out '"item":"n2","author":"z"'
expect_err "line 3: no text"
run 1 tt --json scan --text-field body.value nested.jsonl
expect_out '"item":"n3"'
expect_err 'line 1: no "body.value" text'
T

test_expect_success 'a zip bomb stops at the expansion limit with a note' - <<'T'
python3 - <<'P'
import zipfile
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(3):
        with z.open("zeros%d.txt" % i, "w") as w:
            chunk = b"a" * (1 << 20)
            for _ in range(100):
                w.write(chunk)
P
run 0 tt scan bomb.zip
expect_err "expands to more than 256 MiB \(limit\): the rest is not read"
T
