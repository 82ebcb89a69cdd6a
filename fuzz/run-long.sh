#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# fuzz/run-long.sh: the `make fuzz-long` campaign.  Builds every fuzz/fuzz_*.c target with
# clang and libFuzzer (AddressSanitizer and UndefinedBehaviorSanitizer, the library compiled
# once), runs each for FUZZ_SECONDS on its corpus in fuzz/corpus/<target> (new inputs go to
# build/fuzz/new-<target>, crashes to build/fuzz/crash-<target>/), and writes the result to
# bench/results/fuzz-long.md: per target the executions, exec/s, corpus size and crashes.
# Exits 1 when any target crashed or failed to build.
#   environment: CFLAGS_PKG (pkg-config --cflags), LIBS, VERSION, FUZZ_SECONDS (default 60),
#                FUZZ_OUT (default bench/results/fuzz-long.md), FUZZ_TARGETS (default: all)
set -u
# fontconfig's caches live as long as the process (tests/lsan.supp says why): without the
# suppressions libFuzzer's leak check takes the first input that lays out text for a leak
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
secs=${FUZZ_SECONDS:-60}
out=${FUZZ_OUT:-bench/results/fuzz-long.md}
B=build/fuzz
mkdir -p "$B/obj" "$(dirname "$out")"
CF="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DTT_VERSION=\"${VERSION:-0}\" -Iinclude -Isrc/lib ${CFLAGS_PKG:-}"
SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"

# The library once, not once per target.  The aligner's and the slot finder's inner loops
# compare words and code points of the input millions of times per run; tracing those
# comparisons (trace-cmp) costs two thirds of fuzz_trace's and fuzz_verify's time and guides
# nothing that matters there, so those two modules are built without it (coverage stays).
for c in src/lib/*.c; do
    o="$B/obj/$(basename "$c" .c).o"
    extra=""
    case "$c" in src/lib/align.c|src/lib/slots.c) extra="-fno-sanitize-coverage=trace-cmp" ;; esac
    if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ fuzz/run-long.sh -nt "$o" ] ||
       [ -n "$(find src/lib -name '*.h' -newer "$o" | head -1)" ]; then
        echo "  CC $c"
        # shellcheck disable=SC2086
        clang $CF $SAN $extra -c "$c" -o "$o" || exit 1
    fi
done
rm -f "$B/libtelltale-fuzz.a"
ar rcs "$B/libtelltale-fuzz.a" "$B"/obj/*.o || exit 1

rows=""
total_crashes=0
for f in fuzz/fuzz_*.c; do
    n=$(basename "$f" .c)
    case " ${FUZZ_TARGETS:-$n} " in *" $n "*) ;; *) continue ;; esac
    # shellcheck disable=SC2086
    if ! clang $CF -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -o "$B/$n" "$f" "$B/libtelltale-fuzz.a" ${LIBS:-}; then
        rows="$rows| $n | build failed | | | |\n"
        total_crashes=$((total_crashes + 1))
        continue
    fi
    mkdir -p "fuzz/corpus/$n" "$B/new-$n" "$B/crash-$n"
    echo "fuzzing $n for ${secs}s"
    log="$B/$n.log"
    # -fork keeps going after a crash would be nicer, but one crash is enough to act on.
    # the aligner's targets get shorter inputs: their cost grows with the product of the
    # two texts' words, and at 64 KiB a minute holds a few hundred executions
    case "$n" in fuzz_trace|fuzz_verify) maxlen=8192 ;; *) maxlen=65536 ;; esac
    "$B/$n" -max_total_time="$secs" -max_len="$maxlen" -print_final_stats=1 -timeout=25 \
        -rss_limit_mb=2048 -artifact_prefix="$B/crash-$n/" "$B/new-$n" "fuzz/corpus/$n" \
        >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    crashes=$(find "$B/crash-$n" -type f | wc -l)
    [ "$rc" != 0 ] && [ "$crashes" = 0 ] && crashes="1 (exit $rc, see $log)"
    [ "$rc" != 0 ] && total_crashes=$((total_crashes + 1))
    corpus=$(($(find "fuzz/corpus/$n" -type f | wc -l) + $(find "$B/new-$n" -type f | wc -l)))
    rows="$rows| $n | ${runs:-?} | ${rate:-?} | $corpus | $crashes |\n"
    tail -3 "$log"
done

{
    echo "# make fuzz-long"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src fuzz 2>/dev/null || echo ' (with uncommitted changes)'),"
    echo "$(clang --version | head -1), ${secs} s per target, libFuzzer with ASan + UBSan,"
    echo "-max_len=65536 (8192 for fuzz_trace and fuzz_verify), seeded with fuzz/corpus/<target>"
    echo "and what earlier runs on this machine kept in build/fuzz/new-<target>."
    echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; shared with other"
    echo "jobs, so exec/s are lower bounds, not the targets' speed on an idle core."
    echo
    echo "| target | executions | exec/s | corpus (kept + new) | crashes |"
    echo "|---|---|---|---|---|"
    printf "$rows"
    echo
    echo "Crashes: $total_crashes target(s) with a crash or failure."
} >"$out"
cat "$out"
[ "$total_crashes" = 0 ]
