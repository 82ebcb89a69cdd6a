#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""noise.py: leak cases for the recall curve of `make bench`: excerpts of registered documents,
altered the way leaks are altered, and hidden inside a post of unrelated prose.

A case is made from one registered document (chosen by a seeded generator):
  1. an excerpt of about L characters cut at word boundaries (it starts after a white-space
     character and ends before one; its length is the first word end at or past L, so it is
     L plus at most one word);
  2. character noise at rate p: E = round(p * len(excerpt)) character errors, each one of
     substitution by a keyboard neighbour (25%), insertion (15%), deletion (15%), transposition
     of two neighbours (10%), an OCR confusion such as rn/m, l/1, O/0, e/c, cl/d, h/b (25%) or
     a dropped word (10%; it is charged its length plus one against E, so a dropped word never
     makes the character error rate exceed p by more than one word);
  3. format noise that leaves the characters alone but changes their layout: with probability
     1/2 the lines are re-flowed (joined and wrapped at a random width of 40-100 columns), with
     probability 3/10 the case changes (all upper, all lower, or one sentence in upper case);
  4. the post: 200-1,500 characters of unrelated prose before and 200-1,500 after, cut at word
     boundaries from the unrelated haystack, joined to the excerpt by a space or a blank line.
The post goes out as a JSON line {"id": ..., "text": ...} for `telltale scan --jsonl`; the id
records the truth: "L<len>-n<noise>-t<trial>-<docname>" (docname without .txt).  A sidecar
JSONL file carries the full truth (document, excerpt offsets, the noisy excerpt, the edits).

Usage: noise.py --work DIR --list reg10k.list --lengths 50,100 --noise 0,2 --trials 200
                [--trials-at 150=300] [--seed N] --out cases.jsonl
Also importable: make_case(), Cases.
"""
import argparse
import json
import os
import random
import re
import sys
import textwrap

KEYBOARD = {}
_rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
for r, row in enumerate(_rows):
    for i, ch in enumerate(row):
        near = set()
        for dr in (-1, 0, 1):
            if 0 <= r + dr < len(_rows):
                other = _rows[r + dr]
                for di in (-1, 0, 1):
                    j = i + di
                    if 0 <= j < len(other) and other[j] != ch:
                        near.add(other[j])
        KEYBOARD[ch] = "".join(sorted(near))

OCR = [("rn", "m"), ("m", "rn"), ("l", "1"), ("1", "l"), ("I", "l"), ("l", "I"), ("O", "0"),
       ("0", "O"), ("o", "0"), ("e", "c"), ("c", "e"), ("cl", "d"), ("d", "cl"), ("h", "b"),
       ("b", "h"), ("vv", "w"), ("w", "vv"), ("S", "5"), ("5", "S"), ("B", "8"), ("i", "l"),
       ("u", "v"), ("n", "ri"), ("a", "o"), ("t", "f"), (",", "."), ("f", "t")]

KINDS = [("sub", 25), ("ins", 15), ("del", 15), ("swap", 10), ("ocr", 25), ("drop", 10)]


def _pick_kind(rng):
    x = rng.randrange(100)
    for k, w in KINDS:
        if x < w:
            return k
        x -= w
    return KINDS[-1][0]


def _neighbour(rng, ch):
    lo = ch.lower()
    if lo in KEYBOARD:
        n = rng.choice(KEYBOARD[lo])
        return n.upper() if ch.isupper() else n
    if ch.isdigit():
        return str((int(ch) + rng.choice((1, 9))) % 10)
    return rng.choice("etaoinshr")


def add_noise(rng, text, rate):
    """Return (noisy text, list of edits) with round(rate * len) character errors."""
    budget = round(rate * len(text))
    edits = []
    s = list(text)
    while budget > 0 and len(s) > 2:
        kind = _pick_kind(rng)
        i = rng.randrange(len(s))
        if kind == "drop":
            # the word around i, if it is a word and not the only one left
            if not s[i].isalnum():
                continue
            a = i
            while a > 0 and not s[a - 1].isspace():
                a -= 1
            b = i
            while b < len(s) and not s[b].isspace():
                b += 1
            cost = b - a + 1
            if cost > budget + 3 or (a == 0 and b == len(s)):
                kind = "sub"
            else:
                end = b + 1 if b < len(s) else b
                edits.append(("drop", a, "".join(s[a:end])))
                del s[a:end]
                budget -= cost
                continue
        if kind == "ocr":
            joined = "".join(s[i:i + 12])
            done = False
            for src, dst in rng.sample(OCR, len(OCR)):
                k = joined.find(src)
                if k >= 0:
                    s[i + k:i + k + len(src)] = list(dst)
                    edits.append(("ocr", i + k, f"{src}>{dst}"))
                    done = True
                    break
            if done:
                budget -= 1
                continue
            kind = "sub"
        if kind == "sub":
            old = s[i]
            s[i] = _neighbour(rng, old) if not old.isspace() else rng.choice("etaoin")
            edits.append(("sub", i, f"{old}>{s[i]}"))
        elif kind == "ins":
            ch = _neighbour(rng, s[i]) if s[i].isalpha() else rng.choice("etaoinshrd")
            s.insert(i, ch)
            edits.append(("ins", i, ch))
        elif kind == "del":
            edits.append(("del", i, s[i]))
            del s[i]
        elif kind == "swap":
            if i + 1 >= len(s) or s[i] == s[i + 1]:
                continue
            s[i], s[i + 1] = s[i + 1], s[i]
            edits.append(("swap", i, s[i + 1] + s[i]))
        budget -= 1
    return "".join(s), edits


def format_noise(rng, text):
    fmt = []
    if rng.random() < 0.5:
        width = rng.randint(40, 100)
        text = textwrap.fill(re.sub(r"\s+", " ", text).strip(), width=width, break_long_words=False,
                             break_on_hyphens=False)
        fmt.append(f"reflow{width}")
    if rng.random() < 0.3:
        c = rng.randrange(3)
        if c == 0:
            text, tag = text.upper(), "upper"
        elif c == 1:
            text, tag = text.lower(), "lower"
        else:
            parts = re.split(r"(?<=[.!?])(\s+)", text)
            j = rng.randrange(0, len(parts), 2) if len(parts) > 1 else 0
            parts[j] = parts[j].upper()
            text, tag = "".join(parts), "upper-sentence"
        fmt.append(tag)
    return text, fmt


def cut_excerpt(rng, doc, length):
    """An excerpt of about length characters at word boundaries, or None if doc is too short."""
    starts = [0] + [m.end() for m in re.finditer(r"\s+", doc)]
    starts = [s for s in starts if s + length <= len(doc.rstrip())]
    if not starts:
        return None
    a = rng.choice(starts)
    m = re.compile(r"\s").search(doc, a + length)
    b = m.start() if m else len(doc.rstrip())
    if b - a > length + 40:  # one very long token: cut there anyway
        b = a + length
    return a, b


def cut_window(rng, hay, length):
    """About length characters of hay starting and ending at word boundaries."""
    a = rng.randrange(0, max(1, len(hay) - length - 200))
    m = re.compile(r"\s").search(hay, a)
    a = m.end() if m else a
    m = re.compile(r"\s").search(hay, a + length)
    b = m.start() if m else min(len(hay), a + length)
    return re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", hay[a:b]).strip()


class Cases:
    def __init__(self, work, list_name, seed):
        self.work = work
        with open(os.path.join(work, list_name)) as f:
            self.names = [ln.strip() for ln in f if ln.strip()]
        with open(os.path.join(work, "unrelated.txt"), encoding="utf-8") as f:
            self.hay = f.read()
        self.seed = seed
        self._docs = {}

    def doc(self, name):
        if name not in self._docs:
            with open(os.path.join(self.work, "reg", name), encoding="utf-8") as f:
                self._docs[name] = f.read()
        return self._docs[name]

    def make(self, length, noise_pct, trial):
        # one generator per case, so a cell does not change when another cell's count does
        rng = random.Random(f"{self.seed}/{length}/{noise_pct}/{trial}")
        while True:
            name = rng.choice(self.names)
            doc = self.doc(name)
            cut = cut_excerpt(rng, doc, length)
            if cut:
                break
        a, b = cut
        excerpt = doc[a:b]
        noisy, edits = add_noise(rng, excerpt, noise_pct / 100.0)
        noisy, fmt = format_noise(rng, noisy)
        pre = cut_window(rng, self.hay, rng.randint(200, 1500))
        post = cut_window(rng, self.hay, rng.randint(200, 1500))
        j1 = rng.choice((" ", "\n\n", "\n"))
        j2 = rng.choice((" ", "\n\n", "\n"))
        text = pre + j1 + noisy + j2 + post
        cid = f"L{length}-n{noise_pct}-t{trial:04d}-{name[:-4]}"
        truth = {"id": cid, "doc": name, "length": length, "noise": noise_pct, "trial": trial,
                 "doc_start": a, "doc_end": b, "excerpt_chars": b - a,
                 "char_errors": sum(len(e[2]) + 1 if e[0] == "drop" else 1 for e in edits),
                 "edits": edits, "format": fmt, "post_start": len(pre) + len(j1),
                 "post_end": len(pre) + len(j1) + len(noisy), "text_chars": len(text)}
        return {"id": cid, "text": text}, truth


def parse_counts(s):
    out = {}
    for part in filter(None, (s or "").split(",")):
        k, v = part.split("=")
        out[int(k)] = int(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--list", default="reg10k.list")
    ap.add_argument("--lengths", default="50,100,150,300,600,1000,2000")
    ap.add_argument("--noise", default="0,1,2,3,5", help="character error rates in percent")
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--trials-at", default="150=300", help="LENGTH=TRIALS overrides, comma-separated")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    cases = Cases(a.work, a.list, a.seed)
    over = parse_counts(a.trials_at)
    n = 0
    with open(a.out, "w", encoding="utf-8") as out, open(a.out + ".truth", "w", encoding="utf-8") as tr:
        for length in map(int, a.lengths.split(",")):
            for noise in map(int, a.noise.split(",")):
                for t in range(over.get(length, a.trials)):
                    post, truth = cases.make(length, noise, t)
                    out.write(json.dumps(post, ensure_ascii=False) + "\n")
                    tr.write(json.dumps(truth, ensure_ascii=False) + "\n")
                    n += 1
    print(f"noise: {n} cases in {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
