#!/usr/bin/env bash
# tests/run and lib.sh count what they run: named cases one by one ("ok N - name"), skips
# visibly (prereqs, skip_all, cmocka's skip()), old-style scripts as one case, failures in and
# outside cases; the closing line stays "total: N passed, N failed, N skipped".
. "$(dirname "$0")/lib.sh"

BUILD=$(dirname "$TELLTALE")
test_lazy_prereq TEST_SCAN '[ -x "$BUILD/tests/test_scan" ]'

# A copy of the runner and lib.sh, with scripts of every kind.
test_expect_success 'set up a tree of sample scripts' '
    mkdir -p tree/tests/cli tree/build/tests
    cp "$TESTS_DIR/run" tree/tests/run
    cp "$TESTS_DIR/cli/lib.sh" tree/tests/cli/lib.sh
    head="#!/usr/bin/env bash
. \"\$(dirname \"\$0\")/lib.sh\""
    printf "%s\n%s\n" "$head" "run 0 true" >tree/tests/cli/t0001-old-pass.sh
    printf "%s\n%s\n" "$head" "run 0 false" >tree/tests/cli/t0002-old-fail.sh
    cat >tree/tests/cli/t0003-named.sh <<-SH
	$head
	test_lazy_prereq NEVER "false"
	test_expect_success "first passes" "x=1; run 0 true"
	test_expect_success "second sees x" "[ \"\\\$x\" = 1 ]"
	test_expect_success "third fails" "echo why it failed; run 0 false"
	test_expect_success NEVER "fourth needs NEVER" "true"
	test_expect_failure "fifth is a known breakage" "false"
	SH
    cat >tree/tests/cli/t0004-skip-all.sh <<-SH
	$head
	skip_all "no widget here"
	SH
    cat >tree/tests/cli/t0005-stops-outside.sh <<-SH
	$head
	test_expect_success "passes" "true"
	false
	test_expect_success "never reached" "true"
	SH
'

test_expect_success 'each named case is reported with its name and number' '
    run 1 env TELLTALE="$TELLTALE" bash tree/tests/cli/t0003-named.sh
    expect_out "^ok 1 - first passes$"
    expect_out "^ok 2 - second sees x$"
    expect_out "^not ok 3 - third fails$"
    expect_out "^#   why it failed$"
    expect_out "^ok 4 - fourth needs NEVER # skip \(missing NEVER\)$"
    expect_out "^not ok 5 - fifth is a known breakage # TODO known breakage$"
    expect_out "^1\.\.5$"
    expect_out "^# passed 2, failed 1, skipped 2$"
'

test_expect_success 'tests/run counts cases, skips and old-style scripts' '
    run 1 env TT_BUILD="$WORK/tree/build" TELLTALE="$TELLTALE" tree/tests/run cli
    # t0001: 1 passed; t0002: 1 failed; t0003: 2 passed 1 failed 2 skipped; t0004: 1 skipped;
    # t0005: 1 passed, and 1 failed for stopping outside a case
    expect_out "^cli: 4 passed, 3 failed, 3 skipped$"
    expect_out "^total: 4 passed, 3 failed, 3 skipped$"
    expect_out "^SKIP tests/cli/t0004-skip-all.sh: no widget here$"
    expect_out "^SKIP tests/cli/t0003-named.sh: ok 4 - fourth needs NEVER # skip"
    expect_out "^FAIL tests/cli/t0002-old-fail.sh \(exit 1\):"
    expect_out "^FAIL tests/cli/t0003-named.sh \(exit 1\):"
    expect_out "^not ok 3 - third fails$"
    expect_out "^FAIL tests/cli/t0005-stops-outside.sh \(exit 1\):"
    expect_out "^# the script stopped outside a named case \(exit 1\)$"
'

test_expect_success 'the report is the same whether tests run one or four at a time' '
    run 1 env TT_JOBS=1 TT_BUILD="$WORK/tree/build" TELLTALE="$TELLTALE" tree/tests/run cli
    mv out one-at-a-time
    run 1 env TT_JOBS=4 TT_BUILD="$WORK/tree/build" TELLTALE="$TELLTALE" tree/tests/run cli
    diff -u one-at-a-time out || fail "the report depends on TT_JOBS"
'

# Two scripts that each wait for the other: they pass only when they run side by side.  Two
# that start NATS servers (they name lib-nats.sh) must never overlap.
test_expect_success 'tests run side by side, but never two NATS scripts at once' '
    mkdir -p side/tests/cli side/build
    cp "$TESTS_DIR/run" side/tests/run
    for n in 1 2; do
        me=$([ $n = 1 ] && echo a || echo b) other=$([ $n = 1 ] && echo b || echo a)
        printf "%s\n" "#!/usr/bin/env bash" "touch $WORK/side/$me" \
            "for i in \$(seq 30); do [ -e $WORK/side/$other ] && exit 0; sleep 0.1; done" \
            "exit 1" >side/tests/cli/t000$n-meet-$me.sh
        printf "%s\n" "#!/usr/bin/env bash" "# sources lib-nats.sh" \
            "mkdir $WORK/side/nats-busy || exit 1" "sleep 0.5" "rmdir $WORK/side/nats-busy" \
            >side/tests/cli/t001$n-nats-$me.sh
    done
    run 0 env TT_JOBS=4 TT_BUILD="$WORK/side/build" TELLTALE="$TELLTALE" side/tests/run cli
    expect_out "^total: 4 passed, 0 failed, 0 skipped$"
    rm side/a side/b
    run 1 env TT_JOBS=1 TT_BUILD="$WORK/side/build" TELLTALE="$TELLTALE" side/tests/run cli
    expect_out "^FAIL tests/cli/t0001-meet-a.sh \(exit 1\):"
'

test_expect_success 'all passing: exit 0' '
    rm tree/tests/cli/t0002-old-fail.sh tree/tests/cli/t0003-named.sh tree/tests/cli/t0005-stops-outside.sh
    run 0 env TT_BUILD="$WORK/tree/build" TELLTALE="$TELLTALE" tree/tests/run cli
    expect_out "^total: 1 passed, 0 failed, 1 skipped$"
'

test_expect_success TEST_SCAN 'cmocka skips are counted and say why (no licence texts)' '
    mkdir -p tree/tests/unit
    : >tree/tests/unit/test_scan.c
    ln -s "$BUILD/tests/test_scan" tree/build/tests/test_scan
    run 0 env TT_BUILD="$WORK/tree/build" TT_TEST_LICENSES=/nonexistent tree/tests/run unit
    expect_out "^unit: 0 passed, 0 failed, 8 skipped$"
    expect_out "^SKIP test_scan: 8 skipped: .*noisy_excerpts_are_found_at_the_right_bytes"
    expect_out "# skip: cannot read .?/nonexistent/Apache-2.0"
    expect_out "^total: 0 passed, 0 failed, 8 skipped$"
'

test_expect_success TEST_SCAN 'a unit test binary without its source (renamed, removed) is not run' '
    ln -s "$BUILD/tests/test_scan" tree/build/tests/test_gone
    run 0 env TT_BUILD="$WORK/tree/build" TT_TEST_LICENSES=/nonexistent tree/tests/run unit
    expect_out "^unit: 0 passed, 0 failed, 8 skipped$"
    expect_no_out "test_gone"
    rm tree/build/tests/test_gone
'
