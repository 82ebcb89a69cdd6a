#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write the golden test's fixed leaks into tests/golden/inputs/ (run once; the outputs are
committed, and tests/golden/run reads only the committed files, never this script).

Noise comes from Debian's licence texts (/usr/share/common-licenses, copied here when first
made); the leaks are excerpts of the registered documents in inputs/docs/ retyped with typos,
a doctored figure, an inserted sentence.  Deterministic: fixed random seed.  Re-running it
changes the inputs, hence the expected outputs: run tests/golden/update afterwards.
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
IN = os.path.join(HERE, "inputs")
DOCS = os.path.join(IN, "docs")


def read(path):
    return open(path, encoding="utf-8").read()


def paragraphs(text):
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if len(p) > 120]


def noisy(text, rng, rate=0.02):
    out = []
    for ch in text:
        r = rng.random()
        if ch.isalpha() and r < rate / 3:
            out.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
        elif ch.isalpha() and r < 2 * rate / 3:
            pass
        elif ch.isalpha() and r < rate:
            out.append(ch + ch)
        else:
            out.append(ch)
    return "".join(out)


def words(path, start, n):
    w = read(path).split()
    return " ".join(w[start:start + n])


def main():
    rng = random.Random(20261127)
    noise_src = os.path.join(IN, "noise")
    pool = []
    for name in sorted(os.listdir(noise_src)):
        pool += paragraphs(read(os.path.join(noise_src, name)))
    fuel = os.path.join(DOCS, "fuel-resupply-memo.txt")
    acq = os.path.join(DOCS, "acquisition-memo.md")
    src = os.path.join(DOCS, "source-protection-memo.html")
    apache = os.path.join(DOCS, "Apache-2.0.txt")
    bsd = os.path.join(DOCS, "BSD.txt")
    gpl = os.path.join(DOCS, "GPL-3.txt")
    mpl = os.path.join(DOCS, "MPL-2.0.txt")
    leaks = {
        7: "saw this going round:\n\n" + re.sub(r"(.{1,50})(\s|$)", r"\1\n",
                                                 noisy(words(fuel, 180, 70).lower(), rng)),
        19: "Quoting the licence: " + noisy(words(apache, 400, 60), rng),
        23: noisy(words(acq, 120, 45), rng) + "\n\nand also\n\n" + words(bsd, 40, 50),
        31: "short quote, too short to count: " + words(gpl, 2000, 8),
        36: "from the html one: " + noisy(words(src, 150, 40), rng, 0.01),
    }
    users = ["harbour_watch", "k.lindqvist", "anon4417", "mapsandmore"]
    with open(os.path.join(IN, "posts.jsonl"), "w", encoding="utf-8") as f:
        for i in range(40):
            text = leaks.get(i) or " ".join(rng.choice(pool) for _ in range(rng.randint(1, 2)))
            f.write(json.dumps({"id": "post-%02d" % i, "user": rng.choice(users), "text": text},
                               ensure_ascii=False) + "\n")
    # verify: a doctored figure and an inserted sentence in the fuel memo's section 2-3
    body = read(fuel)
    body = body[body.index("2. Current position"):body.index("4. Costs")]
    body = body.replace("412,000", "112,000", 1)
    body = body.replace("In order to restore the reserve",
                        "The minister has been told nothing of this. In order to restore the "
                        "reserve", 1)
    open(os.path.join(IN, "leak-doctored.txt"), "w", encoding="utf-8").write(body)
    # verify: a retyped excerpt of the MPL, typos only (noise, not alterations)
    open(os.path.join(IN, "leak-typos.txt"), "w", encoding="utf-8").write(
        re.sub(r"(.{1,72})(\s|$)", r"\1\n", noisy(words(mpl, 900, 150), rng)))
    # verify: prose that is in no registered document
    open(os.path.join(IN, "unrelated.txt"), "w", encoding="utf-8").write(
        "\n\n".join(rng.sample(pool, 3)) + "\n")


if __name__ == "__main__":
    main()
