#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""bench.py: the detection measurements of `make bench` (called by bench/run.sh).

Measures, on the corpora of corpus.py and the leak cases of noise.py:
  recall     the share of leak cases (excerpt of L characters at p% character noise, inside a
             post of unrelated prose) for which `telltale scan --jsonl` reports the document
             the excerpt came from, per cell of lengths x noise rates; also the share of cases
             with a finding of some other document (wrong_doc);
  false      findings of `telltale scan` on the unrelated haystack (no registered text in it by
             construction) with 10,000 documents registered, per 100 MB scanned;
  speed      `telltale scan --threads 1` on the haystack, best of 3 wall-clock runs, in MB/s of
             input, gross (including loading the index) and net (minus the best of 3 runs on a
             1 KB input); the peers in the same run on the same bytes: `rg -F -f phrases -j1`
             and Hyperscan (bench/peers/hyperscan.c, scan time only) with one exact phrase of
             about 40 characters per registered document;
  memory     peak resident memory (ru_maxrss of the scan process, from wait4) of a scan of a
             1 KB input, minus that of the same scan with an empty vault, per registered MB;
  peers      ssdeep and TLSH recall on the same cases (a subset per cell): the case counts as
             found when the best-scoring registered document is the right one and the score
             passes the tool's usual threshold (ssdeep: score > 0; TLSH: distance <= 100).
Writes bench/results/detect.json and prints a short summary on stderr.  No number here is a
test: nothing is asserted, figures are reported exactly as measured.

Environment: TELLTALE (binary), BENCH_WORK (default bench/work), BENCH_QUICK=1 (fewer trials),
BENCH_RESULTS (default bench/results), HYPERSCAN_BIN (the built peer, when libhs exists).
"""
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import noise  # noqa: E402
from corpus import norm_words, shingles  # noqa: E402

TELLTALE = os.environ.get("TELLTALE", os.path.join(HERE, "..", "build", "telltale"))
WORK = os.environ.get("BENCH_WORK", os.path.join(HERE, "work"))
RESULTS = os.environ.get("BENCH_RESULTS", os.path.join(HERE, "results"))
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
HSBIN = os.environ.get("HYPERSCAN_BIN", "")

LENGTHS = [50, 100, 150, 300, 600, 1000, 2000]
NOISES = [0, 1, 2, 3, 5]


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run(cmd, stdin=None, stdout=subprocess.PIPE, ok=(0,), env=None):
    """Run cmd; return (status, stdout bytes, stderr bytes, wall seconds, maxrss KiB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, env=env)
    out, err = p.communicate()
    _, status, ru = os.wait4(p.pid, 0) if p.returncode is None else (0, 0, None)
    wall = time.perf_counter() - t0
    rc = p.returncode
    rss = ru.ru_maxrss if ru else None
    return rc, out, err, wall, rss


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_rss(cmd, stdout=subprocess.DEVNULL):
    """Run cmd; return (status, stderr, wall seconds, peak RSS in KiB of cmd alone).
    The peak RSS cannot come from wait4 on a child of this process: Linux carries the
    high-water mark of the address space a child had before exec (a copy of this Python
    process, hundreds of MB once the cases are loaded) into the child's ru_maxrss, which is
    why the first harness reported the index as 0 MiB.  GNU time forks from its own small
    process, so the ru_maxrss it reports is the command's own."""
    rss_file = os.path.join(WORK, "run", f"rss.{os.getpid()}")
    full = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file, *cmd] if GNU_TIME else cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(full, stdout=stdout, stderr=subprocess.PIPE)
    err = p.stderr.read()
    p.wait()
    wall = time.perf_counter() - t0
    rss = None
    if GNU_TIME:
        try:
            with open(rss_file) as f:
                rss = int(f.read().strip().split("\n")[-1])
        except (OSError, ValueError):
            rss = None
    return p.returncode, err, wall, rss


def tt(vault, *args):
    return [TELLTALE, "--vault", vault, *args]


def file_sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def read_list(name):
    with open(os.path.join(WORK, name)) as f:
        return [ln.strip() for ln in f if ln.strip()]


# ---------------------------------------------------------------------------------------
# vaults

def ensure_vault(tag, names):
    """A vault with names registered, reused when the corpus and the binary are unchanged.
    Returns (vault dir, {name: doc id}, info)."""
    vdir = os.path.join(WORK, f"vault-{tag}")
    stamp = hashlib.sha256((file_sha(os.path.join(WORK, "manifest.json")) + file_sha(TELLTALE)
                            + "\n".join(names)).encode()).hexdigest()
    meta_path = vdir + ".json"
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("stamp") == stamp and os.path.isdir(vdir):
            log(f"vault {tag}: reused ({len(names)} documents)")
            return vdir, meta["ids"], meta["info"]
    shutil.rmtree(vdir, ignore_errors=True)
    rc, out, err, _, _ = run(tt(vdir, "init"))
    if rc != 0:
        raise RuntimeError(f"telltale init failed: {err.decode(errors='replace').strip()}")
    ids, t_add, batch = {}, 0.0, 500
    for i in range(0, len(names), batch):
        part = names[i:i + batch]
        rc, out, err, wall, _ = run(tt(vdir, "add", "--json", *[os.path.join(WORK, "reg", n) for n in part]))
        t_add += wall
        if rc != 0:
            raise RuntimeError(f"telltale add failed: {err.decode(errors='replace').strip()}")
        lines = [json.loads(x) for x in out.decode().splitlines() if x.strip()]
        if len(lines) != len(part):
            raise RuntimeError(f"telltale add printed {len(lines)} lines for {len(part)} files")
        for n, obj in zip(part, lines):
            ids[os.path.basename(obj["file"]) if obj.get("file") else n] = obj["doc"]
        if (i // batch) % 4 == 0:
            log(f"vault {tag}: {i + len(part)}/{len(names)} added ({t_add:.0f} s)")
    nbytes = sum(os.path.getsize(os.path.join(WORK, "reg", n)) for n in names)
    info = {"docs": len(names), "bytes": nbytes, "add_s": round(t_add, 2),
            "add_mb_per_s": round(nbytes / 1e6 / t_add, 3) if t_add else None,
            "vault_bytes": sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(vdir) for f in fs)}
    with open(meta_path, "w") as f:
        json.dump({"stamp": stamp, "ids": ids, "info": info}, f)
    log(f"vault {tag}: {len(names)} documents, {nbytes / 1e6:.1f} MB, added in {t_add:.1f} s")
    return vdir, ids, info


def findings(out):
    res = []
    for line in out.decode(errors="replace").splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "doc" in obj:
            res.append(obj)
    return res


# ---------------------------------------------------------------------------------------
# recall

def make_cases(path, names, trials, trials_at, lengths, noises, seed=7):
    cases = noise.Cases(WORK, "reg10k.list", seed)
    cases.names = names
    truths = []
    with open(path, "w", encoding="utf-8") as out:
        for L in lengths:
            for p in noises:
                for t in range(trials_at.get(L, trials)):
                    post, truth = cases.make(L, p, t)
                    out.write(json.dumps(post, ensure_ascii=False) + "\n")
                    truths.append(truth)
    with open(path + ".truth", "w", encoding="utf-8") as f:
        for t in truths:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    return truths, cases


def cells_from(truths, found_ok, found_wrong, extra=None):
    cells = {}
    for t in truths:
        c = cells.setdefault((t["length"], t["noise"]), {"length": t["length"], "noise": t["noise"],
                                                         "trials": 0, "found": 0, "wrong_doc": 0,
                                                         "char_error_rate": 0.0})
        c["trials"] += 1
        c["found"] += 1 if t["id"] in found_ok else 0
        c["wrong_doc"] += 1 if t["id"] in found_wrong else 0
        c["char_error_rate"] += t["char_errors"] / max(1, t["excerpt_chars"])
        for k, ids in (extra or {}).items():
            c[k] = c.get(k, 0) + (1 if t["id"] in ids else 0)
    out = []
    for c in cells.values():
        c["recall"] = round(c["found"] / c["trials"], 4)
        c["char_error_rate"] = round(c["char_error_rate"] / c["trials"], 4)
        out.append(c)
    return sorted(out, key=lambda c: (c["length"], c["noise"]))


SHINGLE = 5          # words per shingle of the containment test
CONTAINS = 0.8       # a document contains an excerpt when it holds >= 80% of its shingles


def containing_docs(names, truths, cases):
    """{case id: set of registered document names holding >= 80% of the excerpt's normalized
    5-word shingles, taken from the excerpt before noise}.  The truth document always holds
    100%; a second one means the excerpt's text occurs in several registered documents
    (licence clauses, font lists, boilerplate)."""
    want = {}
    for t in truths:
        ex = cases.doc(t["doc"])[t["doc_start"]:t["doc_end"]]
        want[t["id"]] = shingles(norm_words(ex), SHINGLE)
    every = set().union(*want.values()) if want else set()
    holders = {}
    for n in names:
        with open(os.path.join(WORK, "reg", n), encoding="utf-8") as f:
            for sh in shingles(norm_words(f.read()), SHINGLE) & every:
                holders.setdefault(sh, []).append(n)
    out = {}
    for cid, shs in want.items():
        count = {}
        for sh in shs:
            for n in holders.get(sh, ()):
                count[n] = count.get(n, 0) + 1
        need = CONTAINS * len(shs)
        out[cid] = {n for n, k in count.items() if k >= need}
    return out, want


PART = 0.5           # a finding's matched registered text is part of the excerpt when >= 50% of
                     # its 5-word shingles are shingles of the excerpt (before noise)


def recall_telltale(vdir, ids, cases_path, truths, contains, want):
    """Scores every finding of the scan of the leak cases.  A finding of document X in case c:
    exact   X is the document the excerpt was cut from;
    right   X contains the excerpt's source text (contains[c], which holds the exact one), so a
            finding of another registered copy of the same text counts: the text did leak
            from X as much as from the truth document, the leak cases cannot tell them apart;
    partial X does not hold the whole excerpt, but the registered text the finding matched
            (its doc_text) is part of the excerpt (>= 50% of its 5-word shingles are the
            excerpt's): another registered document shares a passage with the excerpt (perlfunc
            paragraphs repeated across the Perl manuals, licence sections), a true partial match;
    wrong   neither: a real error (the surroundings come from the cleaned haystack, so nothing
            else in the post is registered text)."""
    rc, out, err, wall, _ = run(tt(vdir, "scan", "--jsonl", "--json", cases_path))
    if rc not in (0, 1):
        raise RuntimeError(f"telltale scan --jsonl failed ({rc}): {err.decode(errors='replace').strip()[:300]}")
    name_of = {str(v): k for k, v in ids.items()}
    truth = {t["id"]: t for t in truths}
    exact, right, partial, wrong, wrong_n, partial_n = set(), set(), set(), set(), {}, {}
    for f in findings(out):
        item = f.get("item")
        if item not in truth:
            continue
        name = name_of.get(str(f["doc"]))
        if name is None:  # a background or unknown document
            name = next((n for d, n in name_of.items() if str(f["doc"]).startswith(d)), None)
        if name == truth[item]["doc"]:
            exact.add(item)
            right.add(item)
        elif name is not None and name in contains[item]:
            right.add(item)
        else:
            got = shingles(norm_words(f.get("doc_text") or ""), SHINGLE)
            if got and len(got & want[item]) >= PART * len(got):
                partial.add(item)
                partial_n[item] = partial_n.get(item, 0) + 1
            else:
                wrong.add(item)
                wrong_n[item] = wrong_n.get(item, 0) + 1
    multi = {cid for cid, docs in contains.items() if len(docs) >= 2}
    multi_found = multi & right
    cells = cells_from(truths, right, wrong, {"found_exact_doc": exact, "text_in_2plus_docs": multi,
                                              "text_in_2plus_docs_found": multi_found,
                                              "partial_other_doc": partial})
    by_cell, by_cell_p = {}, {}
    for t in truths:
        k = (t["length"], t["noise"])
        by_cell[k] = by_cell.get(k, 0) + wrong_n.get(t["id"], 0)
        by_cell_p[k] = by_cell_p.get(k, 0) + partial_n.get(t["id"], 0)
    for c in cells:
        c["recall_exact_doc"] = round(c["found_exact_doc"] / c["trials"], 4)
        c["false_findings"] = by_cell[(c["length"], c["noise"])]
        c["partial_findings"] = by_cell_p[(c["length"], c["noise"])]
        single = c["trials"] - c["text_in_2plus_docs"]
        c["recall_text_in_1_doc"] = round((c["found"] - c["text_in_2plus_docs_found"]) / single, 4) if single else None
    nbytes = os.path.getsize(cases_path)
    return {"cells": cells, "scan_s": round(wall, 2), "cases_bytes": nbytes,
            "rule": (f"found = a finding of a document holding >= {int(CONTAINS * 100)}% of the excerpt's "
                     f"normalized {SHINGLE}-word shingles (before noise), the truth document or another "
                     "copy of the same text; found_exact_doc = the truth document itself; "
                     "text_in_2plus_docs = excerpts whose text >= 2 registered documents hold; "
                     "partial_other_doc = cases with a finding of another document whose matched text "
                     f"is part of the excerpt (>= {int(PART * 100)}% of its 5-word shingles; "
                     "partial_findings: how many), a true partial match; "
                     "wrong_doc = cases with a finding of a document whose matched text is not the "
                     "excerpt's (false_findings: how many such findings), a real error")}


def length_for(cells, noise_pct, target=0.99):
    """The shortest length from which on every longer length at this noise reaches target."""
    ls = sorted((c["length"], c["recall"]) for c in cells if c["noise"] == noise_pct)
    best = None
    for L, r in reversed(ls):
        if r >= target:
            best = L
        else:
            break
    return best


# ---------------------------------------------------------------------------------------
# peers: ssdeep and TLSH on the same cases

def peers_recall(tag_dir, names, truths, cases_by_id, contains=None):
    """ssdeep and TLSH; a case counts as found when the best document holds the excerpt's text
    (contains, as for telltale; the truth document when contains is None)."""
    res = {}

    def right(cid, doc):
        return doc in contains[cid] if contains and cid in contains else doc == cid.split("-")[-1] + ".txt"

    reg_dir = os.path.join(WORK, "reg")
    posts = os.path.join(tag_dir, "posts")
    shutil.rmtree(posts, ignore_errors=True)
    os.makedirs(posts)
    for t in truths:
        with open(os.path.join(posts, t["id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write(cases_by_id[t["id"]])
    listfile = os.path.join(tag_dir, "reg.paths")
    with open(listfile, "w") as f:
        f.write("".join(os.path.join(reg_dir, n) + "\n" for n in names))

    if shutil.which("ssdeep"):
        sig = os.path.join(tag_dir, "reg.ssdeep")
        t0 = time.perf_counter()
        with open(sig, "wb") as out:
            paths = [os.path.join(reg_dir, n) for n in names]
            for i in range(0, len(paths), 2000):
                r = subprocess.run(["ssdeep", "-s", "-c", *paths[i:i + 2000]], stdout=subprocess.PIPE, check=False)
                lines = r.stdout.split(b"\n")
                out.write(b"\n".join(lines if i == 0 else lines[1:]))
        rc, out, err, wall, _ = run(["ssdeep", "-s", "-c", "-m", sig, "-r", posts])
        best = {}
        for line in out.decode(errors="replace").splitlines():
            # "post","doc",score   (-c: CSV; -m: post matches known)
            m = re.match(r'^"?([^",]+)"?,"?([^",]+)"?,(\d+)$', line.strip())
            if not m:
                m = re.match(r"^(\S+) matches \S+:(\S+) \((\d+)\)$", line.strip())
            if not m:
                continue
            pid = os.path.basename(m.group(1))[:-4]
            doc = os.path.basename(m.group(2))
            sc = int(m.group(3))
            if sc > best.get(pid, ("", -1))[1]:
                best[pid] = (doc, sc)
        ok = {p for p, (d, s) in best.items() if s > 0 and right(p, d)}
        wrong = {p for p, (d, s) in best.items() if s > 0 and p not in ok}
        res["ssdeep"] = {"rule": "best-scoring registered document holds the excerpt's text, score > 0",
                         "seconds": round(time.perf_counter() - t0, 1),
                         "cells": cells_from(truths, ok, wrong)}
        log(f"ssdeep: {len(ok)}/{len(truths)} cases found")

    if shutil.which("tlsh"):
        t0 = time.perf_counter()
        reg_list = os.path.join(tag_dir, "reg.tlsh")
        # tlsh -r DIR hashes a directory; the registered set is a subset: link it into one
        sub = os.path.join(tag_dir, "regset")
        shutil.rmtree(sub, ignore_errors=True)
        os.makedirs(sub)
        for n in names:
            os.symlink(os.path.join(reg_dir, n), os.path.join(sub, n))
        with open(reg_list, "wb") as out:
            subprocess.run(["tlsh", "-r", sub], stdout=out, stderr=subprocess.DEVNULL, check=False)
        ok, wrong = set(), set()
        for t in truths:
            rc, out, err, wall, _ = run(["tlsh", "-c", os.path.join(posts, t["id"] + ".txt"), "-l", reg_list,
                                         "-T", "100"])
            best = None
            for line in out.decode(errors="replace").splitlines():
                parts = line.split("\t")
                if len(parts) >= 2:
                    try:
                        d = int(parts[-1].strip())
                    except ValueError:
                        continue
                    doc = os.path.basename(parts[-2].strip()) if len(parts) >= 3 else os.path.basename(parts[0])
                    if best is None or d < best[1]:
                        best = (doc, d)
            if best and best[1] <= 100:
                if right(t["id"], best[0]):
                    ok.add(t["id"])
                else:
                    wrong.add(t["id"])
        res["tlsh"] = {"rule": "nearest registered document holds the excerpt's text, distance <= 100",
                       "seconds": round(time.perf_counter() - t0, 1),
                       "cells": cells_from(truths, ok, wrong)}
        log(f"tlsh: {len(ok)}/{len(truths)} cases found")
    return res


# ---------------------------------------------------------------------------------------
# throughput, false findings, memory

def phrases_for(names, path):
    """One exact phrase of about 40 characters per document, cut at word boundaries inside
    one line of the document (so it occurs verbatim in it)."""
    with open(path, "w", encoding="utf-8") as out:
        for n in names:
            with open(os.path.join(WORK, "reg", n), encoding="utf-8") as f:
                lines = [ln for ln in f.read().split("\n") if len(ln) >= 45]
            if not lines:
                continue
            ln = lines[len(lines) // 2]
            words = ln.split(" ")
            phrase = ""
            for w in words[1:]:
                phrase = f"{phrase} {w}" if phrase else w
                if len(phrase) >= 38:
                    break
            if len(phrase) >= 20:  # an empty pattern would match every line in rg -f
                out.write(phrase + "\n")


def best_of(n, cmd, stdout=subprocess.DEVNULL):
    best = None
    for _ in range(n):
        rc, err, wall, rss = run_rss(cmd, stdout=stdout)
        if best is None or wall < best[1]:
            best = (rc, wall, rss, err)
    return best


def throughput(vdir, info, hay, phrases, empty_vault):
    res = {}
    hay_bytes = os.path.getsize(hay)
    tiny = os.path.join(WORK, "run", "one-byte.txt")
    with open(tiny, "w", encoding="utf-8") as f:
        f.write("a")
    rc, wall, rss, err = best_of(3, tt(vdir, "scan", "--threads", "1", "--json", hay))
    if rc not in (0, 1):
        res["telltale"] = {"error": err.decode(errors="replace").strip()[:300]}
    else:
        rc0, load, rss_load, _ = best_of(3, tt(vdir, "scan", "--threads", "1", "--json", tiny))
        e = {}
        if empty_vault:
            _, _, rss_e, _ = best_of(1, tt(empty_vault, "scan", "--threads", "1", "--json", tiny))
            e = {"rss_empty_vault_kib": rss_e}
        res["telltale"] = {"bytes": hay_bytes, "best_wall_s": round(wall, 3), "load_s": round(load, 3),
                           "mb_per_s_gross": round(hay_bytes / 1e6 / wall, 1),
                           "mb_per_s_net": round(hay_bytes / 1e6 / max(1e-9, wall - load), 1),
                           "peak_rss_kib": rss, "rss_index_loaded_kib": rss_load, **e}
        if empty_vault and rss_load and e.get("rss_empty_vault_kib"):
            idx_kib = rss_load - e["rss_empty_vault_kib"]
            res["telltale"]["index_rss_kib"] = idx_kib
            res["telltale"]["index_bytes_per_registered_byte"] = round(idx_kib * 1024 / info["bytes"], 3)
            res["telltale"]["index_rss_method"] = (
                "peak RSS (GNU time %M) of `scan --threads 1` of a 1-byte file with this vault "
                "minus the same with an empty vault (background licences only)")
    if shutil.which("rg"):
        rc, wall, rss, err = best_of(3, ["rg", "-F", "-j1", "-c", "-f", phrases, hay])
        res["rg"] = {"cmd": "rg -F -j1 -c -f PHRASES HAYSTACK", "best_wall_s": round(wall, 3),
                     "mb_per_s": round(hay_bytes / 1e6 / wall, 1), "status": rc,
                     "version": subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.split("\n")[0]}
    if HSBIN and os.path.exists(HSBIN):
        rc, out, err, wall, _ = run([HSBIN, phrases, hay, "3"])
        if rc == 0:
            res["hyperscan"] = json.loads(out)
    with open(phrases) as f:
        res["phrases"] = sum(1 for _ in f)
    tl = res.get("telltale", {}).get("mb_per_s_net")
    if tl:
        if "rg" in res:
            res["ratio_telltale_to_rg"] = round(tl / res["rg"]["mb_per_s"], 2)
        if "hyperscan" in res:
            res["ratio_telltale_to_hyperscan"] = round(tl / res["hyperscan"]["mb_per_s"], 2)
    return res


POST_BYTES = 4096   # the haystack as posts: at most 4 KiB each, cut at paragraph boundaries
PARTS = 16          # ... spread over this many JSON-lines files (or the stream cut into as many)


def haystack_blocks(hay, limit):
    """The haystack's paragraphs packed in order into blocks of at most `limit` bytes (a
    paragraph longer than that alone, cut at line breaks)."""
    with open(hay, encoding="utf-8") as f:
        paras = [p for p in f.read().split("\n\n") if p.strip()]
    buf, size = [], 0
    for p in paras:
        pieces = [p]
        if len(p.encode()) + 2 > limit:
            pieces, cur = [], ""
            for ln in p.split("\n"):
                if cur and len((cur + ln).encode()) + 3 > limit:
                    pieces.append(cur)
                    cur = ""
                cur = f"{cur}\n{ln}" if cur else ln
            pieces.append(cur)
        for q in pieces:
            n = len(q.encode()) + 2
            if buf and size + n > limit:
                yield "\n\n".join(buf) + "\n"
                buf, size = [], 0
            buf.append(q)
            size += n
    if buf:
        yield "\n\n".join(buf) + "\n"


def haystack_posts(hay, out_dir):
    """The haystack as posts of at most POST_BYTES, {"id", "text"} JSON lines for `scan
    --jsonl`, spread round-robin over PARTS files (so that threads have inputs to share)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    outs = [open(os.path.join(out_dir, f"posts-{i:02d}.jsonl"), "w", encoding="utf-8") for i in range(PARTS)]
    n = 0
    for n, text in enumerate(haystack_blocks(hay, POST_BYTES)):
        outs[n % PARTS].write(json.dumps({"id": f"p{n:07d}", "text": text}, ensure_ascii=False) + "\n")
    for f in outs:
        f.close()
    return n + 1


def haystack_parts(hay, out_dir):
    """The haystack cut into PARTS files of about equal size at paragraph boundaries."""
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    limit = os.path.getsize(hay) // PARTS + 1
    for i, text in enumerate(haystack_blocks(hay, limit)):
        with open(os.path.join(out_dir, f"part-{i:02d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
    return len(os.listdir(out_dir))


NOTE_HAY = ("every finding here is false: no haystack paragraph shares an 8-word shingle or a run of "
            "40 units (normalized like the detector) with any document of the whole registered pool "
            "(corpus.py)")
NOTE_REM = ("documents of the registered pool left out of the 10k set: no paragraph is shared with "
            "the registered documents, but a sentence may be (licence variants, reworded manual "
            "text), so a finding here may be a true partial match: look at the sample")


def false_findings(vdir, hay, note=NOTE_HAY, posts_dir=None):
    """Findings of `scan` on hay (every one false by construction), as one stream, and with
    posts_dir (haystack_posts) as the same bytes cut into posts of at most POST_BYTES."""
    rc, out, err, wall, _ = run(tt(vdir, "scan", "--threads", "2", "--json", hay))
    if rc not in (0, 1):
        return {"error": err.decode(errors="replace").strip()[:300]}
    fs = findings(out)
    nbytes = os.path.getsize(hay)
    keys = ("source", "item", "doc", "matched_words", "hits", "chance", "coverage", "leak_text", "doc_text")
    sample = [{k: f.get(k) for k in keys if k in f} for f in fs[:20]]
    res = {"haystack_bytes": nbytes, "findings": len(fs),
           "per_100mb": round(len(fs) / (nbytes / 1e8), 2), "sample": sample,
           "note": note}
    if posts_dir:
        files = sorted(os.path.join(posts_dir, f) for f in os.listdir(posts_dir))
        rc, out, err, wall, _ = run(tt(vdir, "scan", "--threads", "2", "--jsonl", "--json", *files))
        if rc not in (0, 1):
            res["posts_error"] = err.decode(errors="replace").strip()[:300]
        else:
            fp = findings(out)
            res.update({"posts_findings": len(fp), "posts_per_100mb": round(len(fp) / (nbytes / 1e8), 2),
                        "post_bytes": POST_BYTES, "posts_list": [{k: f.get(k) for k in keys if k in f} for f in fp]})
    return res


# ---------------------------------------------------------------------------------------

def main():
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(WORK, "manifest.json")) as f:
        manifest = json.load(f)
    res = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "quick": QUICK,
           "machine": {"cpu": next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo")
                                    if ln.startswith("model name")), platform.processor()),
                       "cores": os.cpu_count()},
           "git": subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True,
                                 text=True).stdout.strip(),
           "corpus": {k: v for k, v in manifest.items()}}
    reg10k = read_list("reg10k.list")
    large = read_list("large.list")
    hay = os.path.join(WORK, "unrelated.txt")
    tmp = os.path.join(WORK, "run")
    os.makedirs(tmp, exist_ok=True)

    # peers that need no telltale first, so they are measured even if scan is not built
    phrases = os.path.join(tmp, "phrases-10k.txt")
    phrases_for(reg10k, phrases)

    trials = 40 if QUICK else 200
    trials_at = {150: 60} if QUICK else {150: 300}
    lengths = [50, 150, 300, 1000] if QUICK else LENGTHS
    cases_path = os.path.join(tmp, "cases.jsonl")
    truths, cases = make_cases(cases_path, reg10k, trials, trials_at, lengths, NOISES)
    log(f"{len(truths)} leak cases, {os.path.getsize(cases_path) / 1e6:.1f} MB")
    with open(cases_path, encoding="utf-8") as f:
        texts = {json.loads(x)["id"]: json.loads(x)["text"] for x in f}

    contains = None
    try:
        vdir, ids, info = ensure_vault("10k", reg10k)
        res["registered"] = info
        empty = os.path.join(WORK, "vault-empty")
        if not os.path.isdir(empty):
            run(tt(empty, "init"))
        log("recall: scanning the leak cases")
        t0 = time.perf_counter()
        contains, want = containing_docs(reg10k, truths, cases)
        log(f"containment: {sum(len(v) >= 2 for v in contains.values())} of {len(truths)} excerpts "
            f"occur in >= 2 registered documents ({time.perf_counter() - t0:.0f} s)")
        res["recall"] = recall_telltale(vdir, ids, cases_path, truths, contains, want)
        cells = res["recall"]["cells"]
        res["recall"]["length_for_99pct"] = {str(p): length_for(cells, p) for p in NOISES}
        log("false findings: scanning the haystack")
        posts_dir = os.path.join(tmp, "hay-posts")
        haystack_posts(hay, posts_dir)
        res["false_findings"] = false_findings(vdir, hay, posts_dir=posts_dir)
        rest = large[len(reg10k):]
        if rest:
            # the registered pool's documents not in the 10k set: same sources and topics as the
            # registered ones (licences, manuals of the same packages), but no shared paragraph
            rem = os.path.join(tmp, "remainder.txt")
            with open(rem, "w", encoding="utf-8") as f:
                for n in rest:
                    with open(os.path.join(WORK, "reg", n), encoding="utf-8") as g:
                        f.write(g.read() + "\n")
            res["false_findings_same_sources"] = false_findings(vdir, rem, NOTE_REM)
            res["false_findings_same_sources"]["docs"] = len(rest)
        log("throughput: telltale, rg, hyperscan")
        res["throughput_10k"] = throughput(vdir, info, hay, phrases, empty)
    except (RuntimeError, OSError, KeyError, ValueError) as e:
        res["telltale_error"] = str(e)
        log(f"telltale not measured: {e}")
        res["throughput_10k"] = {}
        # the peers' speed on their own
        if shutil.which("rg"):
            rc, wall, rss, err = best_of(3, ["rg", "-F", "-j1", "-c", "-f", phrases, hay])
            res["throughput_10k"]["rg"] = {"mb_per_s": round(os.path.getsize(hay) / 1e6 / wall, 1)}
        with open(phrases) as f:
            res["throughput_10k"]["phrases"] = sum(1 for _ in f)
        if HSBIN and os.path.exists(HSBIN):
            rc, out, err, wall, _ = run([HSBIN, phrases, hay, "3"])
            if rc == 0:
                res["throughput_10k"]["hyperscan"] = json.loads(out)

    # peers' recall: a subset of the cases per cell
    per_cell = 20 if QUICK else 60
    seen, subset = {}, []
    for t in truths:
        k = (t["length"], t["noise"])
        if seen.get(k, 0) < per_cell:
            seen[k] = seen.get(k, 0) + 1
            subset.append(t)
    log(f"peers: ssdeep and TLSH on {len(subset)} cases")
    res["peers_recall"] = peers_recall(tmp, reg10k, subset, texts, contains)

    if not QUICK and len(large) > len(reg10k) and "telltale_error" not in res:
        try:
            vdir_l, ids_l, info_l = ensure_vault("large", large)
            res["registered_large"] = info_l
            phrases_l = os.path.join(tmp, "phrases-large.txt")
            phrases_for(large, phrases_l)
            res["throughput_large"] = throughput(vdir_l, info_l, hay, phrases_l, os.path.join(WORK, "vault-empty"))
        except (RuntimeError, OSError, KeyError, ValueError) as e:
            res["large_error"] = str(e)

    out = os.path.join(RESULTS, "detect-quick.json" if QUICK else "detect.json")
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
