#!/usr/bin/env bash
# trace FILE#ID: one message of a Telegram export, one entry of a zip, traced by the id scan
# prints, names the recipient whose copy was posted; an id not in the source is an error.
. "$(dirname "$0")/lib.sh"
src=/usr/share/common-licenses/GPL-3
[ -r "$src" ] || skip_all "missing $src (base-files)"
cp "$src" gpl.txt

test_expect_success 'issue 8 copies' - <<'T'
run 0 tt init
run 0 tt add gpl.txt --json
doc=$(json_field doc)
{ echo name,contact,unit; for i in $(seq 1 8); do echo "Recipient $i,r$i@example.org,unit 1"; done; } > people.csv
run 0 tt recipients import people.csv
run 0 tt slots "$doc"
run 0 tt issue "$doc" --all --out copies
T

test_expect_success 'a message of a Telegram export, by its id' - <<'T'
mkdir -p tg
python3 - "copies/$doc-recipient-3.txt" "copies/$doc-recipient-5.txt" <<'P'
import json, sys
a, b = open(sys.argv[1]).read(), open(sys.argv[2]).read()
# whole copies: under variant table 3 a 6,000-byte excerpt of a licence holds too few code
# positions to accuse among eight copies
doc = {"name": "c", "type": "private_channel", "id": 42, "messages": [
  {"id": 4, "type": "message", "date": "2024-01-01T00:00:00", "from": "X", "text": b},
  {"id": 5, "type": "message", "date": "2024-01-01T00:01:00", "from": "Y", "text": a}]}
json.dump(doc, open("tg/result.json", "w"), indent=1)
P
run 1 tt --json trace 'tg/result.json#5'
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
acc = [s["recipient"] for s in j["suspects"] if s["accused"]]
assert acc == ["Recipient 3"], acc' "$WORK/out"
run 1 tt --json trace 'tg/result.json#4'
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
acc = [s["recipient"] for s in j["suspects"] if s["accused"]]
assert acc == ["Recipient 5"], acc' "$WORK/out"
T

test_expect_success 'an entry of a zip; a missing id' - <<'T'
python3 -c '
import zipfile, sys
with zipfile.ZipFile("leak.zip", "w") as z:
    z.write(sys.argv[1], "post/copy.txt")' "copies/$doc-recipient-6.txt"
run 1 tt --json trace 'leak.zip#post/copy.txt'
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
acc = [s["recipient"] for s in j["suspects"] if s["accused"]]
assert acc == ["Recipient 6"], acc' "$WORK/out"
run 2 tt trace 'leak.zip#nope.txt'
expect_err "cannot read 'leak.zip': no item 'nope.txt' in it"
T
