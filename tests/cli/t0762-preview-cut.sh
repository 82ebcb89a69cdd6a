#!/usr/bin/env bash
# The passage scan prints under a finding is cut to a number of terminal columns where a
# character ends (issue 13.6, "a Korean preview is cut mid-character"): real Korean text is
# cut between whole syllables, valid UTF-8, within 400 columns (not 400 bytes, which showed a
# Korean passage at two thirds of the width); a Vietnamese leak in decomposed form (NFD: each
# letter followed by its accents) is never cut between a letter and its accents; the
# recipients table clips a long decomposed name the same way.
. "$(dirname "$0")/lib.sh"
DATA="$TESTS_DIR/data"
[ -r "$DATA/ko.txt" ] || fail "missing $DATA/ko.txt"

test_expect_success 'a vault with a Korean and a Vietnamese document' - <<'EOF'
run 0 tt init
python3 - "$DATA/ko.txt" <<'P'
import sys
ko = open(sys.argv[1], encoding="utf-8").read().strip()
more = ("대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다. "
        "국가는 법률이 정하는 바에 의하여 재외국민을 보호할 의무를 진다. 대한민국의 영토는 한반도와 "
        "그 부속도서로 한다. 대한민국은 국제평화의 유지에 노력하고 침략적 전쟁을 부인한다. 공무원은 "
        "국민전체에 대한 봉사자이며, 국민에 대하여 책임을 진다. 정당의 설립은 자유이며, 복수정당제는 보장된다.")
open("ko-doc.txt", "w", encoding="utf-8").write(ko + " " + more + "\n")
vi = ("Tất cả mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm và quyền lợi. "
      "Mọi con người đều được tạo hóa ban cho lý trí và lương tâm và cần phải đối xử với nhau "
      "trong tình bằng hữu. Mọi người đều được hưởng những quyền tự do ghi trong Bản Tuyên ngôn "
      "này mà không có bất kỳ sự phân biệt nào về chủng tộc, màu da, giới tính, ngôn ngữ, tôn "
      "giáo, quan điểm chính trị hay quan điểm khác, nguồn gốc dân tộc hay xã hội, tài sản, "
      "nơi sinh hay các địa vị khác. Mọi người đều có quyền được sống, được tự do và an toàn cá nhân. "
      "Không ai bị bắt làm nô lệ hay bị cưỡng bức làm việc như nô lệ.")
open("vi-doc.txt", "w", encoding="utf-8").write(vi + "\n")
import unicodedata
open("vi-leak.txt", "w", encoding="utf-8").write(unicodedata.normalize("NFD", vi) + "\n")
P
run 0 tt add ko-doc.txt vi-doc.txt
EOF

# check_preview FILE: the passage line of the scan output in out is cut where a character
# ends, within 400 columns, and is a prefix of FILE's text with white space collapsed
check_preview() {
    python3 - "$WORK/out" "$1" <<'P'
import sys, unicodedata
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")          # valid UTF-8, or this fails
lines = [l for l in text.split("\n") if l.startswith("    ")]
assert len(lines) == 1, lines
shown = lines[0][4:]
assert shown.endswith(" ..."), shown[-20:]
shown = shown[:-4]
src = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
assert src.startswith(shown), (shown[-30:],)
rest = src[len(shown):]
nxt = rest[0]
# the next character starts a new character as a reader sees it: no mark, no jamo vowel
assert unicodedata.combining(nxt) == 0 and not ("\u1160" <= nxt <= "\u11ff"), repr(shown[-3:] + "|" + rest[:3])
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
w = width(shown)
assert w <= 400, w
assert w > 360, ("cut far short of 400 columns", w, len(shown.encode()))
print("cut at", w, "columns,", len(shown.encode()), "bytes, before", repr(rest[:2]))
P
}

test_expect_success 'a Korean passage is cut between syllables, by columns' - <<'EOF'
cp ko-doc.txt ko-leak.txt
run 1 tt scan ko-leak.txt
check_preview ko-leak.txt
EOF

test_expect_success 'a decomposed Vietnamese passage keeps each letter with its accents' - <<'EOF'
run 1 tt scan vi-leak.txt
check_preview vi-leak.txt
EOF

test_expect_success 'the recipients table clips a decomposed name between letters' - <<'EOF'
name=$(python3 -c 'import unicodedata; print(unicodedata.normalize("NFD", "Nguyễn Thị Phương Thảo Trần Lê Hoàng Việt Dũng"))')
run 0 tt recipients add "$name"
run 0 tt recipients list
python3 - "$WORK/out" <<'P'
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    if "\u2026" in line:
        before = line[line.index("Nguy"):line.index("\u2026")]
        full = unicodedata.normalize("NFD", "Nguyễn Thị Phương Thảo Trần Lê Hoàng Việt Dũng")
        assert full.startswith(before), before
        nxt = full[len(before)]
        assert unicodedata.combining(nxt) == 0, repr(before[-2:] + "|" + nxt)
        break
else:
    raise SystemExit("the long name was not clipped: " + open(sys.argv[1]).read())
P
EOF
