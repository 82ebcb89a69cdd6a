#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/run.sh: `make bench`.  Installs the peers and the documentation packages the corpora
# come from (scripts/install-deps --bench, when root), builds the corpora if missing
# (bench/corpus.py into bench/work/, git-ignored), builds the Hyperscan peer when libhs is
# there, runs the detection measurements (bench/bench.py -> bench/results/detect.json), the
# trace bench ($TT_BUILD/bench/bench_trace, -> bench/results/trace.json), the scan bench
# ($TT_BUILD/bench/bench_scan, -> bench/results/scan.json) and the verify bench
# ($TT_BUILD/bench/bench_verify, -> bench/results/verify.json) and the naturalness check
# ($TT_BUILD/bench/bench_natural, -> bench/results/natural.jsonl, a JSON line per corpus)
# when they are built, the printed-copy bench (bench/print.py -> bench/results/print.md: PDF
# copies rasterized, degraded three ways, scanned, traced and verified), and writes
# bench/results/SUMMARY.md, and the scale test (bench/scale.py -> bench/results/scale.md: the
# growth curve at 1k-100k documents).  Figures are reported, never asserted.
#   BENCH_QUICK=1   a smoke run of about two minutes (fewer cases, no large set)
#   BENCH_WORK=DIR  where corpora and vaults go (default bench/work)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${TT_BUILD:=build/default}"
: "${TELLTALE:=$here/../build/telltale}"
: "${BENCH_WORK:=$here/work}"
: "${BENCH_RESULTS:=$here/results}"
export TELLTALE BENCH_WORK BENCH_RESULTS TT_BUILD
start=$(date +%s)

if [ "$(id -u)" = 0 ]; then
    "$here/../scripts/install-deps" --bench
else
    "$here/../scripts/install-deps" --bench --check || echo "bench: some peers are missing; their figures will be absent" >&2
fi

mkdir -p "$BENCH_WORK" "$BENCH_RESULTS"
want=$(sed -n 's/^CORPUS_VERSION = \([0-9]*\).*/\1/p' "$here/corpus.py")
have=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("corpus_version", 1))' \
    "$BENCH_WORK/manifest.json" 2>/dev/null || echo none)
if [ "$have" != "$want" ]; then
    echo "bench: building the corpora, version $want (was: $have; 25-40 minutes with the scale pool and the near-copy test)" >&2
    python3 "$here/corpus.py" --work "$BENCH_WORK" --force
fi

HYPERSCAN_BIN=""
if pkg-config --exists libhs 2>/dev/null; then
    HYPERSCAN_BIN="$BENCH_WORK/bench-hyperscan"
    # shellcheck disable=SC2046
    cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags libhs) -o "$HYPERSCAN_BIN" \
        "$here/peers/hyperscan.c" $(pkg-config --libs libhs)
fi
export HYPERSCAN_BIN

status=0
python3 "$here/bench.py" || status=$?

if [ "${BENCH_QUICK:-0}" != 0 ]; then sfx=-quick; else sfx=; fi

# --- bench block: scale test (bench/scale.py -> bench/results/scale.md + scale.json: 1k, 10k,
# 30k, 100k registered documents in one growing vault; not in quick runs) ---
if [ "${BENCH_QUICK:-0}" = 0 ] && [ -x "$TELLTALE" ]; then
    echo "bench: running bench/scale.py" >&2
    python3 "$here/scale.py" || { echo "bench: bench/scale.py failed" >&2; status=1; }
fi
# --- end bench block: scale test ---

# --- bench block: scan bench (bench_scan prints its JSON on stdout) ---
bin="$TT_BUILD/bench/bench_scan"
if [ -x "$bin" ]; then
    echo "bench: running $bin" >&2
    out="$BENCH_RESULTS/scan$sfx.json"
    BENCH_WORK="$BENCH_WORK" "$bin" >"$out.tmp" && mv "$out.tmp" "$out" || { echo "bench: $bin failed" >&2; rm -f "$out.tmp"; status=1; }
fi
# --- end bench block: scan bench ---

# --- bench block: trace bench (bench_trace writes the JSON file named by its argument) ---
bin="$TT_BUILD/bench/bench_trace"
if [ -x "$bin" ]; then
    echo "bench: running $bin" >&2
    out="$BENCH_RESULTS/trace$sfx.json"
    if [ -n "$sfx" ]; then targs=--quick; else targs=; fi
    # shellcheck disable=SC2086
    "$bin" "$out.tmp" $targs >/dev/null && mv "$out.tmp" "$out" || { echo "bench: $bin failed" >&2; rm -f "$out.tmp"; status=1; }
fi
# --- end bench block: trace bench ---

# --- bench block: capacity (bench_trace --needed: words needed retyped, 1e5 innocents per
# configuration; --survive: code bits a retyped whole copy keeps; docs/parts/natural.md) ---
bin="$TT_BUILD/bench/bench_trace"
if [ -x "$bin" ]; then
    echo "bench: running $bin --needed, --survive" >&2
    if [ -n "$sfx" ]; then ntrials=4; else ntrials=20; fi
    out="$BENCH_RESULTS/needed$sfx.jsonl"
    "$bin" "$out.tmp" --needed --trials "$ntrials" 2>/dev/null && mv "$out.tmp" "$out" ||
        { echo "bench: $bin --needed failed" >&2; rm -f "$out.tmp"; status=1; }
    out="$BENCH_RESULTS/survive$sfx.jsonl"
    "$bin" --survive licences='/usr/share/common-licenses/*' copyright='/usr/share/doc/*/copyright' \
        readme='/usr/share/doc/*/README*' memo=tests/data/trace-memo.txt \
        demo-memos='demo/docs/*-memo.[tm][xd]*' >"$out.tmp" && mv "$out.tmp" "$out" ||
        { echo "bench: $bin --survive failed" >&2; rm -f "$out.tmp"; status=1; }
    # q-ary slots at full size: 10,000 recipients and 1e5 innocents per configuration
    out="$BENCH_RESULTS/qary$sfx.jsonl"
    "$bin" "$out.tmp" --qary && mv "$out.tmp" "$out" ||
        { echo "bench: $bin --qary failed" >&2; rm -f "$out.tmp"; status=1; }
fi
# --- end bench block: capacity ---

# --- bench block: naturalness (bench_natural prints JSON lines; needs libhunspell) ---
bin="$TT_BUILD/bench/bench_natural"
if [ -x "$bin" ]; then
    echo "bench: running $bin" >&2
    out="$BENCH_RESULTS/natural$sfx.jsonl"
    if [ -n "$sfx" ]; then ncopies=1; else ncopies=4; fi
    { for t in 2 3 4 6 7; do
        "$bin" --table "$t" --copies "$ncopies" licences='/usr/share/common-licenses/*' \
            copyright='/usr/share/doc/*/copyright' readme='/usr/share/doc/*/README*[!z]' || exit 1
      done; } >"$out.tmp" && mv "$out.tmp" "$out" || { echo "bench: $bin failed" >&2; rm -f "$out.tmp"; status=1; }
fi
# --- end bench block: naturalness ---

# verify: quality on noisy GPL-3 leaks, and the whole of verify against the 10k vault (a copy of
# it with the GPL-3 added, so the corpus vault stays as bench.py built it)
bin="$TT_BUILD/bench/bench_verify"
if [ -x "$bin" ]; then
    echo "bench: running $bin" >&2
    vv=""
    if [ -d "$BENCH_WORK/vault-10k" ] && [ -r /usr/share/common-licenses/GPL-3 ]; then
        vv="$BENCH_WORK/vault-10k-verify"
        if [ ! -f "$vv/vault.db" ]; then
            rm -rf "$vv" && cp -r "$BENCH_WORK/vault-10k" "$vv" &&
                "$TELLTALE" --vault "$vv" add /usr/share/common-licenses/GPL-3 >/dev/null &&
                "$TELLTALE" --vault "$vv" index >/dev/null || { echo "bench: cannot prepare $vv" >&2; vv=""; }
        fi
    fi
    if [ "${BENCH_QUICK:-0}" != 0 ]; then out="$BENCH_RESULTS/verify-quick.json"; else out="$BENCH_RESULTS/verify.json"; fi
    BENCH_VAULT="$vv" "$bin" >"$out.tmp" && mv "$out.tmp" "$out" || { echo "bench: $bin failed" >&2; rm -f "$out.tmp"; status=1; }
fi

# watch (bench/watch.sh -> bench/results/watch.md): throughput against scan, and the
# kill-midway run (1,000,000 posts; 50,000 with BENCH_QUICK); needs nats-server
if command -v nats-server >/dev/null 2>&1; then
    echo "bench: running bench/watch.sh" >&2
    if [ "${BENCH_QUICK:-0}" != 0 ]; then
        WATCH_POSTS=${WATCH_POSTS:-50000} WATCH_THROUGHPUT_POSTS=${WATCH_THROUGHPUT_POSTS:-20000} \
            WATCH_OUT="$BENCH_RESULTS/watch-quick.md" "$here/watch.sh" >/dev/null || { echo "bench: watch.sh failed" >&2; status=1; }
    else
        "$here/watch.sh" >/dev/null || { echo "bench: watch.sh failed" >&2; status=1; }
    fi
fi
# --- bench block: printed copies photographed (bench/print.py -> bench/results/print.md) ---
echo "bench: running bench/print.py" >&2
python3 "$here/print.py" >/dev/null || { echo "bench: bench/print.py failed" >&2; status=1; }
# --- end bench block: printed copies ---

python3 "$here/summary.py" "$BENCH_RESULTS"
echo "bench: done in $(( $(date +%s) - start )) s; results in $BENCH_RESULTS" >&2
exit $status
