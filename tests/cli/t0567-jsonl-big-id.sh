#!/usr/bin/env bash
# A JSON-lines post whose id is an integer too large for 64 bits is scanned, with the id's
# digits as written (the whole line was rejected as "too big integer").
. "$(dirname "$0")/lib.sh"
L=/usr/share/common-licenses
[ -f $L/Apache-2.0 ] || { echo "skip: no licences"; exit 0; }
run 0 tt init
cp $L/Apache-2.0 apache.txt
run 0 tt add apache.txt
text=$(sed -n '60,66p' apache.txt | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')
{ echo "{\"id\": 123456789012345678901234567890, \"text\": $text}"
  echo "{\"id\": -98765432109876543210, \"views\": 99999999999999999999999, \"text\": $text}"
  echo "{\"id\": 42, \"text\": $text}"; } > posts.jsonl
run 1 tt scan --jsonl posts.jsonl
expect_out '^posts\.jsonl#123456789012345678901234567890: '
expect_out '^posts\.jsonl#-98765432109876543210: '
expect_out '^posts\.jsonl#42: '
[ "$(wc -l < "$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "a line was rejected"; }
expect_err '^telltale: 3 findings in 1 input$'
run 1 tt --json scan --jsonl posts.jsonl
expect_out '"item":"123456789012345678901234567890"'
