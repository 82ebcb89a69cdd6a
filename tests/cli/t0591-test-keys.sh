#!/usr/bin/env bash
# TELLTALE_TEST_KEY_SEED: init derives the keys from the seed (same seed, same keys), warns,
# and the init log entry says "test_keys": true; without it the keys are random.
. "$(dirname "$0")/lib.sh"

test_expect_success 'init with a seed warns; same seed, same keys; no seed, random keys' '
    TELLTALE_TEST_KEY_SEED=seed-one run 0 tt --vault "$WORK/a" init
    expect_err "warning: TELLTALE_TEST_KEY_SEED is set: this vault gets TEST keys"
    TELLTALE_TEST_KEY_SEED=seed-one run 0 tt --vault "$WORK/b" init
    TELLTALE_TEST_KEY_SEED=seed-two run 0 tt --vault "$WORK/c" init
    run 0 tt --vault "$WORK/d" init
    [ ! -s "$WORK/err" ] || fail "init without a seed wrote to stderr"
    run 0 tt --vault "$WORK/e" init
    for f in secret.key mark.key vault.pub; do
        cmp -s "$WORK/a/$f" "$WORK/b/$f" || fail "same seed, different $f"
        ! cmp -s "$WORK/a/$f" "$WORK/c/$f" || fail "different seeds, same $f"
        ! cmp -s "$WORK/d/$f" "$WORK/e/$f" || fail "no seed, yet the same $f twice"
    done
'

test_expect_success 'the derived key pair is a real one' '
    # the secret key holds the public key of vault.pub
    [ "$(od -An -tx1 -j42 -N32 "$WORK/a/secret.key" | tr -d " \n")" = \
      "$(sed -n 2p "$WORK/a/vault.pub" | base64 -d | od -An -tx1 -j10 -N32 | tr -d " \n")" ] ||
        fail "secret.key does not hold vault.pub'"'"'s key"
'

test_expect_success 'the init log entry says test_keys, and only then' '
    run 0 tt --vault "$WORK/a" log
    expect_out "\"test_keys\":true"
    run 0 tt --vault "$WORK/a" log --verify
    run 0 tt --vault "$WORK/d" log
    expect_no_out test_keys
'

test_expect_success 'only init reads the seed' '
    TELLTALE_TEST_KEY_SEED=seed-one run 0 tt --vault "$WORK/d" log
    [ ! -s "$WORK/err" ] || fail "log read TELLTALE_TEST_KEY_SEED"
'

test_expect_success 'copies issued with test keys are signed' '
    printf "a memo of some length, enough words to register as a document here\n" >memo.txt
    run 0 tt --vault "$WORK/a" add memo.txt
    run 0 tt --vault "$WORK/a" recipients add "Ann Example"
    doc=$(tt --vault "$WORK/a" add --json memo.txt | sed "s/.*\"doc\":\"\([^\"]*\)\".*/\1/")
    run 0 tt --vault "$WORK/a" issue "$doc" --all --out copies
    [ -s copies/"$doc"-ann-example.txt.minisig ] || fail "no signature"
'

test_expect_success MINISIGN 'minisign verifies a copy signed with test keys' '
    run 0 minisign -Vm copies/"$doc"-ann-example.txt -p "$WORK/a/vault.pub"
'
