#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Make the demo's investigation inputs, deterministically (fixed seed).

  make_inputs.py posts MEMO OUT.jsonl   300 public posts of ordinary prose (Debian's licence
                                        texts), one of which quotes ~70 words of MEMO retyped
                                        with typos, case changes and re-flowed lines
  make_inputs.py leak COPY OUT.txt      the body of a recipient's copy, as a leaker would
                                        paste it, with one figure changed (412,000 -> 112,000)
"""
import json
import random
import re
import sys

LICENCES = ["GPL-3", "Apache-2.0", "Artistic", "LGPL-2.1", "MPL-2.0", "GFDL-1.3", "BSD"]


def paragraphs(path):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return []
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if len(p) > 120]


def noisy(text, rng, rate=0.02):
    out = []
    letters = "abcdefghijklmnopqrstuvwxyz"
    for ch in text:
        r = rng.random()
        if ch.isalpha() and r < rate / 3:
            out.append(rng.choice(letters))  # a wrong key
        elif ch.isalpha() and r < 2 * rate / 3:
            pass  # a dropped letter
        elif ch.isalpha() and r < rate:
            out.append(ch + ch)  # a doubled letter
        else:
            out.append(ch)
    return "".join(out)


def posts(memo_path, out_path):
    rng = random.Random(20261126)
    pool = []
    for name in LICENCES:
        pool += paragraphs("/usr/share/common-licenses/" + name)
    if not pool:
        pool = ["Nothing to see here, just an ordinary post about the weather and the "
                "football results of the weekend, written by someone with time to spare."]
    memo = open(memo_path, encoding="utf-8").read()
    words = memo.split()
    start = len(words) // 3
    excerpt = " ".join(words[start:start + 70])
    # A retyped quotation: typos, lower case, lines broken at 50 columns.
    quoted = noisy(excerpt.lower(), rng)
    quoted = re.sub(r"(.{1,50})(\s|$)", r"\1\n", quoted)
    leak_at = 173
    users = ["harbour_watch", "k.lindqvist", "anon4417", "mapsandmore", "the_quartermaster"]
    with open(out_path, "w", encoding="utf-8") as f:
        for i in range(300):
            text = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 2)))
            if i == leak_at:
                text = "look what was posted in the group chat today:\n\n" + quoted + \
                       "\nanyone know if this is real?"
            f.write(json.dumps({"id": "post-%04d" % i, "user": rng.choice(users),
                                "text": text}, ensure_ascii=False) + "\n")
    print("wrote %s: 300 posts, one quoting the memo (post-%04d)" % (out_path, leak_at))


def leak(copy_path, out_path):
    text = open(copy_path, encoding="utf-8").read()
    body = text[text.index("1. Purpose"):] if "1. Purpose" in text else text
    if "412,000" not in body:
        sys.exit("make_inputs.py: the figure 412,000 is not in '%s'" % copy_path)
    body = body.replace("412,000", "112,000", 1)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(body)
    print("wrote %s: %d words of the copy, one figure changed" % (out_path, len(body.split())))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("posts", "leak"):
        sys.exit(__doc__)
    (posts if sys.argv[1] == "posts" else leak)(sys.argv[2], sys.argv[3])
