#!/usr/bin/env bash
# Korean written as conjoining jamo (NFD: each syllable as leading + vowel (+ trailing) jamo,
# as macOS often writes it) is the same text as precomposed Korean (NFC): scan finds a leak of
# a registered Korean document in either form, alone or inside English prose, with the same
# matched words and spans in the document; verify calls the NFD copy authentic; a document
# registered in NFD is found by an NFC leak.
. "$(dirname "$0")/lib.sh"
DATA="$TESTS_DIR/data"
[ -r "$DATA/ko.txt" ] || fail "missing $DATA/ko.txt"

test_expect_success 'a vault with a Korean document, and its NFD forms' - <<'EOF'
run 0 tt init
python3 - "$DATA/ko.txt" <<'P'
import sys, unicodedata
ko = open(sys.argv[1], encoding="utf-8").read()
nfd = unicodedata.normalize("NFD", ko)
assert nfd != ko and any("\u1100" <= c <= "\u11ff" for c in nfd)
open("ko.txt", "w", encoding="utf-8").write(ko)
open("ko-nfd.txt", "w", encoding="utf-8").write(nfd)
en = "The minutes below were posted by an anonymous account on the forum last night. "
open("post-nfd.txt", "w", encoding="utf-8").write(en * 3 + "\n" + nfd.strip() + "\n" + en * 2)
other = ("대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다. "
         "국가는 법률이 정하는 바에 의하여 재외국민을 보호할 의무를 진다. 대한민국의 영토는 한반도와 "
         "그 부속도서로 한다. 대한민국은 국제평화의 유지에 노력하고 침략적 전쟁을 부인한다.")
open("other-nfd.txt", "w", encoding="utf-8").write(unicodedata.normalize("NFD", other) + "\n")
open("other-leak.txt", "w", encoding="utf-8").write(other + "\n")
P
run 0 tt add ko.txt
run 0 tt --json add other-nfd.txt
EOF

# words FILE: "matched_words doc_start doc_end" of the first finding in FILE (scan --json)
words() {
    python3 - "$1" <<'P'
import json, sys
f = json.loads(open(sys.argv[1], encoding="utf-8").readline())
print(f["matched_words"], f["spans"][0]["doc_start"], f["spans"][0]["doc_end"])
P
}

test_expect_success 'scan finds the NFD copy as it finds the NFC one' - <<'EOF'
run 1 tt --json scan ko.txt
cp "$WORK/out" nfc.json
run 1 tt --json scan ko-nfd.txt
cp "$WORK/out" nfd.json
[ "$(wc -l < nfd.json)" = 1 ] || { cat nfd.json; fail "expected one finding"; }
[ "$(words nfc.json)" = "$(words nfd.json)" ] || fail "NFC $(words nfc.json) but NFD $(words nfd.json)"
grep -q '"matched_words":47' nfd.json || { cat nfd.json; fail "not all 47 words matched"; }
EOF

test_expect_success 'scan finds NFD Korean inside English prose' - <<'EOF'
run 1 tt --json scan --threads 1 post-nfd.txt
grep -q '"matched_words":47' "$WORK/out" || { cat "$WORK/out"; fail "not all 47 words matched"; }
EOF

test_expect_success 'verify calls the NFD copy authentic' - <<'EOF'
run 0 tt verify ko-nfd.txt
expect_out '^ko-nfd.txt: authentic'
run 0 tt --json verify ko-nfd.txt
grep -q '"verdict":"authentic"' "$WORK/out" || { cat "$WORK/out"; fail "not authentic"; }
EOF

test_expect_success 'a document registered in NFD is found by an NFC leak' - <<'EOF'
run 1 tt scan other-leak.txt
expect_out 'other-nfd.txt|words matched'
run 0 tt verify other-leak.txt
expect_out 'authentic'
EOF
