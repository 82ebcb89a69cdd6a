#!/bin/bash
# The number options of watch, collect and publish (one parser, cli_number_opt): a value that
# is not a whole number in range is a usage error naming the option, the range and the value,
# before any vault or server is touched.  An empty value was once read as 0, so
# `publish --retries ''` meant "retry forever" against a server that is not there.
. "$(dirname "$0")/lib.sh"

test_expect_success 'publish --retries with an empty value is refused, not "forever"' - <<'EOF'
echo '{"id":"1","text":"x"}' > posts.jsonl
run 2 timeout 20 "$TELLTALE" publish --nats nats://127.0.0.1:1 --stream s --retries '' posts.jsonl
expect_err "^telltale publish: --retries needs a number from 0 to 1000000, not ''$"
EOF

test_expect_success 'collect: too large, negative and trailing garbage are refused' - <<'EOF'
run 2 timeout 20 "$TELLTALE" collect --nats nats://127.0.0.1:1 --retries 99999999999999999999
expect_err "^telltale collect: --retries needs a number from 0 to 1000000, not '99999999999999999999'$"
run 2 timeout 20 "$TELLTALE" collect --nats nats://127.0.0.1:1 --batch -3
expect_err "^telltale collect: --batch needs a number from 1 to 86400, not '-3'$"
run 2 timeout 20 "$TELLTALE" collect --nats nats://127.0.0.1:1 --ack-wait 5s
expect_err "^telltale collect: --ack-wait needs a number from 1 to 86400, not '5s'$"
EOF

test_expect_success 'watch: out of range and not a number are refused, with the hint' - <<'EOF'
mkdir in
run 2 timeout 20 "$TELLTALE" watch --min-words 0 in
expect_err "^telltale watch: --min-words needs a number from 1 to 1024, not '0'$"
expect_err "^Try 'telltale watch --help'.$"
run 2 timeout 20 "$TELLTALE" watch --batch x in
expect_err "^telltale watch: --batch needs a number from 1 to 4096, not 'x'$"
[ ! -e "$TELLTALE_VAULT" ] || fail "a usage error created the vault"
EOF
