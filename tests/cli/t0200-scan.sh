#!/usr/bin/env bash
# scan finds noisy excerpts of registered documents in files, directories, stdin and JSON
# lines; --json, --redact, --baseline, --threads; bad input; the audit entry.
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] && [ -f $L/MPL-2.0 ] && [ -f $L/Artistic ] ||
    skip_all "no licence texts (Apache-2.0, MPL-2.0, Artistic) in $L"
DATA="$TESTS_DIR/data"

test_expect_success 'register Apache, Russian and Korean texts' - <<'EOF'
run 0 tt init
cp $L/Apache-2.0 apache.txt
cp "$DATA/ru.txt" ru.txt
cp "$DATA/ko.txt" ko.txt
run 0 tt add apache.txt ru.txt ko.txt
apache=$(tt --json add apache.txt | sed -n 's/.*"doc": *"\([^"]*\)".*/\1/p')
[ -n "$apache" ] || fail "no id for apache.txt"
EOF

# A post that quotes a sentence of the Apache licence, with typos and OCR confusions,
# between unrelated prose.
test_expect_success 'a noisy quote in a post is found' - <<'EOF'
mkdir -p posts/sub
{ head -c 1500 $L/Artistic; echo
  echo 'Grant of Copyright License. Subject to the terms and conditions of this Licensc, each'
  echo 'Contributor hereby grants to You a perpetual, wor1dwide, non-exclusive, no-charge,'
  echo 'royalty-free, irrevocable copyright 1icense to reproduce, prepare Derivative Works of'
  tail -c 1500 $L/Artistic; } > posts/sub/leak.txt
head -c 4000 $L/Artistic > posts/clean.txt

run 1 tt scan posts/sub/leak.txt
expect_out "posts/sub/leak.txt: $apache"
expect_out "words matched"
expect_out "Grant of Copyright License"
expect_err "1 finding in 1 input"
EOF

# the span maps back to the bytes of the leak
test_expect_success '--json spans map back to the bytes' - <<'EOF'
run 1 tt --json scan posts/sub/leak.txt
python3 - "$WORK/out" posts/sub/leak.txt apache.txt <<'PY'
import json, sys
f = json.loads(open(sys.argv[1]).readline())
for k in ("source", "item", "doc", "matched_words", "coverage", "spans", "fingerprint", "chance"):
    assert k in f, k
assert f["item"] is None and f["matched_words"] >= 20, f
s = f["spans"][0]
leak = open(sys.argv[2], "rb").read()[s["leak_start"]:s["leak_end"]].decode()
doc = open(sys.argv[3], "rb").read()[s["doc_start"]:s["doc_end"]].decode()
assert leak == f["leak_text"] and doc == f["doc_text"], (leak, doc)
assert leak.startswith("Grant of Copyright License") or leak.startswith("of Copyright"), leak
assert "Derivative Works" in leak and "Derivative Works" in doc
assert 0 < f["coverage"] < 0.1
PY
EOF

# unrelated prose: nothing, exit 0
test_expect_success 'unrelated prose: nothing, exit 0' - <<'EOF'
run 0 tt scan posts/clean.txt
expect_err "0 findings in 1 input"
EOF

# directories recursively, and the same output with 1 and 4 threads
test_expect_success 'directories recursively; 1 and 4 threads agree' - <<'EOF'
cp "$DATA/ko.txt" posts/sub/ko-copy.txt
run 1 tt --json scan --threads 1 posts
cp "$WORK/out" one.json
run 1 tt --json scan --threads 4 posts
cmp one.json "$WORK/out" || fail "--threads 4 differs from --threads 1"
[ "$(wc -l < one.json)" = 2 ] || { cat one.json; fail "expected 2 findings"; }
grep -q '"source":"posts/sub/ko-copy.txt"' one.json || fail "Hangul copy not found"
EOF

# --redact: ids, offsets, hashes; no registered or leaked text
test_expect_success '--redact shows no text' - <<'EOF'
run 1 tt scan --redact posts/sub/leak.txt
expect_out "$apache"
expect_no_out "Copyright|Contributor|Apache"
run 1 tt --json scan --redact posts/sub/leak.txt
expect_no_out "Copyright|Contributor|leak_text|doc_text|title"
expect_out '"fingerprint":"[0-9a-f]{16}"'
EOF

# --baseline: what was reported before is not reported again
test_expect_success '--baseline suppresses what was reported before' - <<'EOF'
tt --json scan posts >base.json || true
run 0 tt --json scan --baseline base.json posts
[ ! -s "$WORK/out" ] || fail "baseline did not suppress"
echo "Subject to the terms and conditions of this License, each Contributor hereby grants to You a perpetual, worldwide, non-exclusive, no-charge, royalty-free, irrevocable copyright license" > posts/new.txt
run 1 tt --json scan --baseline base.json posts
[ "$(wc -l < "$WORK/out")" = 1 ] || { cat "$WORK/out"; fail "expected one finding"; }
expect_out '"source":"posts/new.txt"'
EOF

# standard input, Cyrillic
test_expect_success 'standard input, Cyrillic' - <<'EOF'
sed -n 1,3p ru.txt | run 1 tt scan -
expect_out "^-: "
EOF

# JSON lines: ids, other fields carried, a bad line reported with its number, the rest scanned
test_expect_success 'JSON lines: ids, fields carried, a bad line reported' - <<'EOF'
{ echo '{"id": "p1", "text": "nothing to see here", "author": "x"}'
  echo '{"id": "p2", "text": '
  printf '{"id": "p3", "author": "mallory", "text": %s}\n' "$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' posts/sub/leak.txt)"
} > posts.jsonl
run 1 tt --json scan --jsonl posts.jsonl
expect_err "line 2"
expect_out '"item":"p3"'
expect_out '"fields":\{"author":"mallory"\}'
[ "$(wc -l < "$WORK/out")" = 1 ] || fail "expected one finding"
EOF

# binary files are skipped with a note; malformed UTF-8 is scanned
test_expect_success 'binary files skipped, malformed UTF-8 scanned' - <<'EOF'
printf 'abc\0def' > bin.dat
run 0 tt scan bin.dat
expect_err "skipping 'bin.dat': binary file"
{ printf '\xff\xfe'; cat posts/sub/leak.txt; printf '\xc3'; } > bad.txt
run 1 tt scan bad.txt
expect_out "bad.txt: $apache"
EOF

# a missing input: exit 2 unless something was found
test_expect_success 'a missing input: exit 2' - <<'EOF'
run 2 tt scan missing.txt
expect_err "cannot read 'missing.txt'"
EOF

# the audit log records scans
test_expect_success 'the audit log records scans' - <<'EOF'
run 0 tt --json log
expect_out '"action":"scan"'
expect_out '"findings":1'
EOF
