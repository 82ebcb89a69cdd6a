#!/usr/bin/env bash
# A marked copy is found by scan as surely as the original (issue 4): whole copies with the
# lexical and unicode channels, and a pasted excerpt of one inside an unrelated post.
. "$(dirname "$0")/lib.sh"
memo="$TESTS_DIR/../demo/docs/fuel-resupply-memo.txt"

test_expect_success 'a memo and five marked copies' - <<'EOF'
run 0 tt init
run 0 tt add "$memo" --json
doc=$(json_field doc)
run 0 tt recipients add Ana Ben Cleo Dev Eli
run 0 tt issue "$doc" --all --channels lexical,unicode --out copies

field() { python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(" ".join(str(r[sys.argv[2]]) for r in rows))' "$WORK/out" "$1"; }
EOF

# The original, and each whole copy: one finding, the right document, nearly all of it.
test_expect_success 'the original and each whole copy are found nearly whole' - <<'EOF'
run 1 tt scan "$memo" --json
[ "$(field doc)" = "$doc" ] || fail "original: found '$(field doc)'"
orig_cov=$(field coverage)
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= 0.85 else 1)' "$orig_cov" ||
    fail "the original itself: coverage $orig_cov < 0.85"
for name in ana ben cleo dev eli; do
    copy="copies/$doc-$name.txt"
    [ -s "$copy" ] || fail "no copy $copy"
    cmp -s "$copy" "$memo" && fail "copy $copy is not marked"
    run 1 tt scan "$copy" --json
    [ "$(field doc)" = "$doc" ] || fail "$copy: found '$(field doc)'"
    # marking changes about one word in ten (lexical slots); the copy must still align nearly whole
    python3 -c 'import sys; c, o = map(float, sys.argv[1:]); sys.exit(0 if c >= o - 0.15 else 1)' \
        "$(field coverage)" "$orig_cov" || fail "$copy: coverage $(field coverage), original $orig_cov"
done
EOF

# About 60 words pasted from the middle of a copy into an unrelated post.
test_expect_success '60 words of a copy pasted in a post are found' - <<'EOF'
python3 - "copies/$doc-cleo.txt" > post.txt <<'PY'
import sys
words = open(sys.argv[1], encoding="utf-8").read().split(" ")
mid = len(words) // 2
print("Saw this on a forum today, no idea where it comes from. " + " ".join(words[mid:mid + 60])
      + " Anyway, the weather is nice and the match starts at eight.")
PY
run 1 tt scan post.txt --json
[ "$(field doc)" = "$doc" ] || fail "excerpt in a post: found '$(field doc)'"
EOF

# Unrelated prose finds nothing.
test_expect_success 'unrelated prose finds nothing' - <<'EOF'
head -c 3000 /usr/share/common-licenses/Apache-2.0 > other.txt
run 0 tt scan other.txt --json
[ ! -s "$WORK/out" ] || fail "unrelated text: $(cat "$WORK/out")"
EOF
