#!/usr/bin/env bash
# The golden test (tests/golden/run): scan, verify, trace, issue and log outputs on fixed
# inputs with test keys, byte for byte as in tests/golden/expected/.
. "$(dirname "$0")/lib.sh"

test_expect_success 'outputs are byte for byte the expected ones' '
    run 0 "$TESTS_DIR/golden/run"
    expect_out "outputs identical to tests/golden/expected"
'

test_expect_success 'one changed byte in a copy is caught' '
    cp -R "$TESTS_DIR/golden" "$WORK/golden"
    f=$(ls "$WORK/golden/expected/copies/" | head -n1)
    printf x >>"$WORK/golden/expected/copies/$f"
    run 1 "$WORK/golden/run"
    expect_err "outputs differ from tests/golden/expected"
    expect_err "copies/$f"
'

test_expect_success 'one changed score is caught' '
    rm -rf "$WORK/golden"
    cp -R "$TESTS_DIR/golden" "$WORK/golden"
    # the first score of the file, whatever it is today, made one that no trace gives
    sed -i "0,/\"score\":[0-9.]*/s//\"score\":99999.0/" "$WORK/golden/expected/trace-leak-copy3.txt.json"
    ! cmp -s "$WORK/golden/expected/trace-leak-copy3.txt.json" \
        "$TESTS_DIR/golden/expected/trace-leak-copy3.txt.json" || fail "the score to change is gone"
    run 1 "$WORK/golden/run"
    expect_err "\"score\":99999.0"
'
