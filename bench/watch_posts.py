#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# watch_posts.py: JSON-lines posts of real prose for the watch tests, demo-watch and the watch
# bench, some with a planted excerpt of a registered document.
#   watch_posts.py N K SEED OUT.jsonl PLANTED.txt LEAKSRC... -- FILLER...
# Writes N posts {"id": "pI", "text": ...} (about 300-700 bytes of FILLER prose each); K of
# them, chosen by SEED, also carry a 500-800 byte excerpt of one LEAKSRC file (in turn).
# PLANTED.txt lists "ID SRCINDEX", one planted post per line, sorted by id.
import json, random, sys

n, k, seed, out, planted = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rest = sys.argv[6:]
sep = rest.index("--")
leaks = [open(p, encoding="utf-8", errors="replace").read() for p in rest[:sep]]
filler = " ".join(open(p, encoding="utf-8", errors="replace").read() for p in rest[sep + 1:])
filler = " ".join(filler.split())
rng = random.Random(seed)
chosen = sorted(rng.sample(range(n), k))
which = {p: i % len(leaks) for i, p in enumerate(chosen)}
f = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")
for i in range(n):
    a = rng.randrange(0, max(1, len(filler) - 800))
    text = filler[a:a + rng.randrange(300, 700)]
    if i in which:
        src = leaks[which[i]]
        # from the body (the first 70%): licence appendices and disclaimers are
        # boilerplate that the index rightly ignores
        b = rng.randrange(0, max(1, int(len(src) * 0.7) - 800))
        text = text + "\n\n" + " ".join(src[b:b + rng.randrange(500, 800)].split())
    f.write(json.dumps({"id": "p%d" % i, "text": text}) + "\n")
f.flush()
with open(planted, "w") as f:
    for p in sorted(chosen, key=lambda x: "p%d" % x):
        f.write("p%d %d\n" % (p, which[p]))
