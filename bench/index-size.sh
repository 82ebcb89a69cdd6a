#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/index-size.sh: where a vault's bytes go (bench/results/index-size.md).  Builds a vault
# of the registered documents LIST names with each binary given (500 files per `add`, as
# bench.py does), then prints per binary: the registered bytes, vault.db by table (SQLite's
# dbstat), index.bin by section (from its header), the time of a rebuild of index.bin and of
# an open with a current one (a scan of the first 100 KB of HAYSTACK, 3 runs, alternating
# between the binaries), and whether the findings on HAYSTACK and on EXCERPTS (a file with
# registered text in it) are the same for every binary.
#   bench/index-size.sh LIST HAYSTACK EXCERPTS WORKDIR NAME=TELLTALE [NAME=TELLTALE ...]
# Needs sqlite3 (with dbstat) and python3.  Nothing is asserted.
set -eu
list=$1 hay=$2 ex=$3 work=$4
shift 4
mkdir -p "$work"
head -c 100000 "$hay" > "$work/hay100k.txt"
rm -f "$work"/part.*
split -l 500 "$list" "$work/part."
bytes=$(xargs cat < "$list" | wc -c)
echo "registered: $(wc -l < "$list") files, $bytes bytes"
for nb in "$@"; do
    name=${nb%%=*} bin=${nb#*=} v="$work/vault-${nb%%=*}"
    rm -rf "$v"
    "$bin" --vault "$v" init > /dev/null
    s=$(date +%s.%N)
    for p in "$work"/part.*; do xargs "$bin" --vault "$v" add --json < "$p" > /dev/null; done
    e=$(date +%s.%N)
    /usr/bin/time -f "%e %U %M" -o "$work/t.$name" "$bin" --vault "$v" scan --threads 1 "$work/hay100k.txt" > /dev/null 2>&1 || true
    echo "== $name: add $(echo "$e - $s" | bc) s; first open (rebuild) wall/user s, RSS KiB: $(cat "$work/t.$name")"
    db=$(stat -c %s "$v/vault.db") ib=$(stat -c %s "$v/index.bin")
    echo "vault.db $db, index.bin $ib, together $(echo "scale=3; ($db + $ib) / $bytes" | bc) x the text; index.bin $(echo "scale=3; $ib / $bytes" | bc) B per registered byte"
    sqlite3 "$v/vault.db" "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6" | sed 's/^/  table /'
    python3 - "$v/index.bin" <<'EOF'
import struct, sys
b = open(sys.argv[1], 'rb').read(256)
fmt = b[7]
u = struct.unpack('<8I', b[8:40])
bits, esize = u[4], u[5]
names = 'gen rows maxdoc sumdoc nbg n ndocs nwords nwords_ev nub titles'.split() if fmt >= 6 else \
        'gen rows maxdoc sumdoc nbg n ndocs nwords nub titles'.split()
d = dict(zip(names, struct.unpack('<%dQ' % len(names), b[40:40 + 8 * len(names)])))
ev = d.get('nwords_ev', d['nwords'])
print('  format %d: entries %d x %d B = %d; directory %d; unit offsets %d; bloom %d + evidence bloom %d; '
      'unit bytes %d; titles %d; document records %d' %
      (fmt, d['n'], esize, d['n'] * esize, ((1 << bits) + 1) * 4, (d['ndocs'] + 1) * 4 if fmt >= 6 else 0,
       d['nwords'] * 8, ev * 8, d['nub'], d['titles'], d['ndocs'] * u[6]))
EOF
done
for r in 1 2 3; do
    for nb in "$@"; do
        name=${nb%%=*} bin=${nb#*=} v="$work/vault-${nb%%=*}"
        /usr/bin/time -f "open with a current index.bin, $name run $r: %e s wall, %U s user, %M KiB" \
            "$bin" --vault "$v" scan --threads 1 "$work/hay100k.txt" 2>&1 > /dev/null | tail -1
    done
done
first=
for nb in "$@"; do
    name=${nb%%=*} bin=${nb#*=} v="$work/vault-${nb%%=*}"
    for f in "$hay" "$ex"; do
        "$bin" --vault "$v" scan --threads 1 --json "$f" > "$work/out.$name.$(basename "$f")" 2>/dev/null || true
    done
    n1=$(wc -l < "$work/out.$name.$(basename "$hay")") n2=$(wc -l < "$work/out.$name.$(basename "$ex")")
    echo "$name: findings on $(basename "$hay"): $n1, on $(basename "$ex"): $n2"
    if [ -z "$first" ]; then first=$name; else
        for f in "$hay" "$ex"; do
            cmp -s "$work/out.$first.$(basename "$f")" "$work/out.$name.$(basename "$f")" &&
                echo "$name: findings on $(basename "$f") identical to $first's" ||
                echo "$name: findings on $(basename "$f") DIFFER from $first's"
        done
    fi
done
