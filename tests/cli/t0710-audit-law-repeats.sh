#!/usr/bin/env bash
# Issue 11 item 4: the issue entry of the audit log records the bias law of the code ("fair",
# "discrete", "arcsine") and the variant table; every trace entry counts the traces of the
# same document before it ("earlier_traces") and those of the very same text
# ("earlier_same_text"), and the trace says the union bound over all of them.
. "$(dirname "$0")/lib.sh"
src=/usr/share/common-licenses/GPL-3
[ -r "$src" ] || fail "missing $src (base-files)"
cp "$src" gpl.txt
run 0 tt init
run 0 tt add gpl.txt --json
doc=$(json_field doc)
for i in 1 2 3; do run 0 tt recipients add "R$i"; done
run 0 tt issue "$doc" --to R1 --out c1
run 0 tt issue "$doc" --to R2 --out c3 --collusion 3
run 0 tt issue "$doc" --to R3 --out arc --collusion 3 --cutoff 0.002
run 0 tt log --json
python3 - "$WORK/out" <<'PY' || fail "issue entries: $(cat "$WORK/out")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
entries = lines[0] if len(lines) == 1 and isinstance(lines[0], list) else lines
issues = [e for e in entries if e.get("action") == "issue"]
laws = [e["args"]["law"] for e in issues]
assert laws == ["fair", "discrete", "arcsine"], laws
assert all(e["args"]["table"] >= 4 for e in issues), issues
PY

head -c 6000 "c1/$doc-r1.txt" > leak.txt
head -c 3000 "c1/$doc-r1.txt" > other.txt
run_any() { "$@" >"$WORK/out" 2>"$WORK/err" || true; }
run_any tt trace leak.txt --doc "$doc" --json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["earlier_traces"] == 0 and j["earlier_same_text"] == 0, j' "$WORK/out" || fail "first trace: $(cat "$WORK/out")"
run_any tt trace leak.txt --doc "$doc"
grep -q "trace 2 of document $doc (1 before of this very text): over all of them the chance that any accused an innocent is at most 2 x 1e-06" "$WORK/out" || fail "second trace: $(cat "$WORK/out")"
run_any tt trace other.txt --doc "$doc" --json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["earlier_traces"] == 2 and j["earlier_same_text"] == 0, j' "$WORK/out" || fail "third trace: $(cat "$WORK/out")"
run 0 tt log --json
python3 - "$WORK/out" <<'PY' || fail "trace entries: $(cat "$WORK/out")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
entries = lines[0] if len(lines) == 1 and isinstance(lines[0], list) else lines
traces = [e["args"] for e in entries if e.get("action") == "trace"]
assert [(t["earlier_traces"], t["earlier_same_text"]) for t in traces] == [(0, 0), (1, 1), (2, 0)], traces
PY
echo ok
