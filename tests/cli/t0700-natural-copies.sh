#!/usr/bin/env bash
# Naturalness of marked copies (issue 11, variant table 3), end to end through `issue`: each
# unnatural form the issue reported is absent from every copy (quoted speech unchanged, an
# interrogative "which", "that is,", terms of art, small number words), every copy has one
# quote style and one title style, each copy still names its recipient, and a leaker who runs
# the public slot finder on their own copy and resets every slot it finds is still named.
. "$(dirname "$0")/lib.sh"
cat > memo.txt <<'MEMO'
The city sent six attorneys representing the eight former policemen to the hearing, and the
board called it "participation" in a statement that we don't dispute. Each time the manometer
indicated which was greater, the clerk wrote it down in the log. That is, the more they know,
the less they say, and it isn't clear why.

The fellow testified: "The fellow who came among us was kind, and we cooperate in order to
finalize the report." The agency gave supporting assistance for the season. The property sales
assistance program ended in the spring, and the committee agreed that the hearing should go on
for twelve more days. Mr. Speaker, Mr. Sam, and Mr. Democrat met in the morning. Therefore, we
said that the plan is sound. We believe that the road stays open, and we will report the
results to the board. The copy that you received is yours, and the report that we wrote is
final. In addition, the staff will cooperate with the "review board" on the schedule.
MEMO
run 0 tt init
run 0 tt add memo.txt --json
doc=$(json_field doc)
issue_copies 20 lexical,unicode
[ "$(sha256sum copies/*.txt | cut -d' ' -f1 | sort -u | wc -l)" -eq 20 ] || fail "copies are not all different"

# visible text of a copy: without the zero-width characters of the unicode channel
visible() { python3 -c 'import sys; sys.stdout.write(open(sys.argv[1], encoding="utf-8").read().replace("\u2060", "").replace("\u200b", ""))' "$1"; }
flat() { visible "$1" | tr '\n' ' ' | tr -s ' '; }
changed=0
for i in $(seq 1 20); do
    f="copies/$doc-recipient-$i.txt"
    t=$(flat "$f")
    for keep in 'The fellow who came among us was kind, and we cooperate in order to finalize the report.' \
                'six attorneys representing the eight former policemen' \
                'indicated which was greater' 'That is, the more they know' \
                'supporting assistance' 'property sales assistance program' '"review board"'; do
        case "$t" in *"$keep"*) ;; *) echo "$t"; fail "copy $i changed '$keep'" ;; esac
    done
    straight=0; curly=0
    case "$t" in *'"'*) straight=1 ;; esac
    case "$t" in *“*|*”*) curly=1 ;; esac
    [ $((straight + curly)) -eq 1 ] || fail "copy $i mixes quote styles"
    dot=0; nodot=0
    case "$t" in *"Mr. "*) dot=1 ;; esac
    case "$t" in *"Mr S"*|*"Mr D"*) nodot=1 ;; esac
    [ $((dot + nodot)) -eq 1 ] || fail "copy $i mixes 'Mr.' and 'Mr'"
    [ "$(visible "$f")" = "$(cat memo.txt)" ] || changed=$((changed + 1))
done
[ "$changed" -ge 15 ] || fail "only $changed of 20 copies differ visibly from the original"

accused() { python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(",".join(s["recipient"] for s in j["suspects"] if s["accused"]))' "$WORK/out"; }
for i in 1 7 13 20; do
    run 1 tt trace "copies/$doc-recipient-$i.txt" --doc "$doc" --json
    [ "$(accused)" = "Recipient $i" ] || { cat "$WORK/out"; fail "copy $i accused '$(accused)'"; }
done

# The leaker registers their copy in a vault of their own, lists its slots with the public
# finder and sets every slot to its first variant; the owner still names them.
leak="copies/$doc-recipient-5.txt"
mkdir leaker
TELLTALE_VAULT="$WORK/leaker/vault" run 0 tt init
TELLTALE_VAULT="$WORK/leaker/vault" run 0 tt add "$leak" --json
ldoc=$(json_field doc)
TELLTALE_VAULT="$WORK/leaker/vault" run 0 tt slots "$ldoc" --channels lexical,unicode --json
python3 - "$leak" "$WORK/out" reset.txt <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
slots = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
assert slots, "the finder found no slot in the copy"
out, at = [], 0
for s in sorted(slots, key=lambda s: (s["start"], s["end"])):
    out.append(data[at:s["start"]]); out.append(s["variants"][0].encode()); at = s["end"]
out.append(data[at:])
open(sys.argv[3], "wb").write(b"".join(out))
PY
cmp -s reset.txt "$leak" && fail "resetting the slots changed nothing"
run 1 tt trace reset.txt --doc "$doc" --json
[ "$(accused)" = "Recipient 5" ] || { cat "$WORK/out"; fail "the reset copy accused '$(accused)'"; }
echo ok
