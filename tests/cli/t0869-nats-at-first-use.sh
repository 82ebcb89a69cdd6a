#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# libnats, the NATS client, is loaded at first use (src/cli/natsdl.c; issue 12 item 4, cheap
# opening): --version, --help and the text commands (init, add, scan of a text file) never
# load it, nor what it brings in (OpenSSL's libssl and libcrypto, protobuf-c); `publish` and
# `watch --nats` load it and work.  What was loaded is read from the dynamic loader's own
# report (LD_DEBUG=libs), so the test fails on a build that links libnats.
# When it cannot be loaded (a file of its soname that is not a library first on
# LD_LIBRARY_PATH, or, with a C compiler, a library of that soname without its functions),
# `watch --nats`, `collect` and `publish` fail with exit status 2 and "telltale: TASK needs
# SONAME: REASON" before they open the vault (nothing recorded), never a crash, and the
# other commands run as before.  The soname is the
# one telltale asks the loader for, read from its report.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-nats.sh"
test_have_prereq PYTHON3 || skip_all "needs python3"
test_lazy_prereq CC 'command -v cc >/dev/null'
T=(timeout 60 "$TELLTALE")

NATSLIBS='lib(nats|ssl|crypto|protobuf-c)\.so'
. "$TESTS_DIR/cli/lib-loader.sh"
# no_nats: neither libnats nor what it brings in was in the last report
no_nats() { none_of "$NATSLIBS"; }

test_expect_success '--version, --help, init, add and a text scan load no libnats' - <<'EOF'
traced 0 tt --version
no_nats
traced 0 tt --help
no_nats
traced 0 tt init
no_nats
cp "$TESTS_DIR/data/trace-memo.txt" memo.txt
traced 0 tt add memo.txt --json
no_nats
doc=$(json_field doc)
sed -n '10,24p' memo.txt > part.txt
traced 1 tt scan part.txt
expect_out "^part.txt: $doc "
no_nats
python3 - part.txt > posts.jsonl <<'PY'
import json, sys
print(json.dumps({"id": "p1", "text": "nothing to see here"}))
print(json.dumps({"id": "p2", "text": open(sys.argv[1]).read()}))
PY
EOF

test_expect_success NATS 'publish and watch --nats load libnats, and the leak is found' - <<'EOF'
start_nats "$(free_port)" "$WORK/js"
traced 0 "${T[@]}" --json publish --nats "$NATS_URL" --stream posts posts.jsonl
expect_out '"published":2'
grep -q '^libnats\.so' "$WORK/loaded" || fail "publish did not load libnats: $(tr '\n' ' ' <"$WORK/loaded")"
traced 0 "${T[@]}" --json watch --nats "$NATS_URL" --stream posts --once
grep -q '^libnats\.so' "$WORK/loaded" || fail "watch did not load libnats: $(tr '\n' ' ' <"$WORK/loaded")"
python3 - "$WORK/out" "$doc" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert [(r["item"], r["doc"]) for r in rows] == [("p2", sys.argv[2])], rows
PY
expect_err "acknowledged through 2, delivered 2, 0 pending, 0 awaiting ack"
EOF

test_expect_success 'the soname telltale loads for NATS' - <<'EOF'
so=$(asked nats "$TELLTALE" publish --nats nats://127.0.0.1:1 --stream posts --retries 1 /dev/null)
[ -n "$so" ] || fail "telltale asked the loader for no libnats"
echo "soname: $so"
EOF

test_expect_success 'no libnats: watch --nats, collect and publish fail naming it, exit 2' - <<'EOF'
fake "$so"
url=nats://127.0.0.1:1
run 0 tt --json log
cp "$WORK/out" log-before
LD_LIBRARY_PATH="$WORK/fake" run 2 "${T[@]}" watch --nats "$url" --stream posts --retries 1
expect_err "^telltale: watching over NATS needs $(re "$so"): ."
! grep -q 'index' "$WORK/err" || fail "watch loaded the index before finding libnats missing"
LD_LIBRARY_PATH="$WORK/fake" run 2 "${T[@]}" collect --nats "$url" --retries 1
expect_err "^telltale: collecting over NATS needs $(re "$so"): ."
# both failed before opening the vault: no run of theirs in the audit log
run 0 tt --json log
cmp -s log-before "$WORK/out" || { diff log-before "$WORK/out"; fail "a run without libnats was recorded"; }
LD_LIBRARY_PATH="$WORK/fake" run 2 "${T[@]}" publish --nats "$url" --stream posts --retries 1 posts.jsonl
expect_err "^telltale: publishing to NATS needs $(re "$so"): ."
! grep -q 'cannot reach' "$WORK/err" || fail "publish tried the server without libnats"
EOF

test_expect_success 'no libnats: the other commands run as before' - <<'EOF'
LD_LIBRARY_PATH="$WORK/fake" run 0 tt --version
LD_LIBRARY_PATH="$WORK/fake" run 1 tt scan part.txt
expect_out "^part.txt: $doc "
printf '%s\n' '{"id": "s1", "text": "nothing"}' > one.jsonl
LD_LIBRARY_PATH="$WORK/fake" run 0 tt watch - < one.jsonl
EOF

test_expect_success CC 'libnats without its functions: refused, naming the function' - <<'EOF'
mkdir fake2
printf 'int tt_not_nats;\n' > empty.c
cc -shared -fPIC -Wl,-soname,"$so" -o "fake2/$so" empty.c
LD_LIBRARY_PATH="$WORK/fake2" run 2 "${T[@]}" publish --nats nats://127.0.0.1:1 --stream posts posts.jsonl
expect_err "^telltale: publishing to NATS needs $(re "$so"): .*undefined symbol: [a-zA-Z_]+"
EOF
