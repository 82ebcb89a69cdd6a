#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""scale.py: the scale test of `make bench` (issue 12 item 5): how every figure grows with the
number of registered documents, at 1k, 10k, 30k and 100k documents of real prose.

The documents are the prefixes of work/scale.list (corpus.py: every registered paragraph of
the standard pool and of the scale pool, cut into documents of 0.6-1.7 KB, shuffled with a fixed
seed), so each size holds the smaller ones.  One vault grows through the sizes with the real
`telltale add --json` path (1,000 files per call, as a registering clerk's batches would be),
then `telltale index` (fingerprints anything not yet indexed) and a first scan of a 1-byte file
(which writes index.bin, the cached index).  At each size:
  add          wall seconds of the add calls of this step and in all, and the peak RSS of the
               largest add call (GNU time %M of the telltale process);
  index        `telltale index` wall seconds and peak RSS, the first scan's (index.bin written),
               index.bin bytes, bytes per registered byte;
  vault        bytes on disk: vault.db (+ its -wal/-shm) + index.bin + binds.bin (the signed
               replay state of the log), and that as a multiple of
               the registered text;
  open         best of 3 wall seconds of `scan --threads 1` of a 1-byte file: opening the vault
               and mapping the index (and the process start), with its peak RSS; and the best of
               3 of `telltale --version` (the process start alone: the binary loads many shared
               libraries), and the difference;
  scan         `scan --threads 1 --json` of the unrelated haystack (work/unrelated.txt: no
               paragraph shares an 8-word shingle or a 40-unit run with any registered one),
               best of 3 wall seconds, MB/s gross and net of the open time, peak RSS; in the
               same step the peers on the same bytes: `rg -F -j1 -c -f PHRASES` and Hyperscan
               (bench/peers/hyperscan.c, scan time only) with 3 literals of about 40 characters
               per registered document;
  false        findings of that scan (each one false by construction), per 100 MB; and of the
               same haystack cut into posts of at most 4 KiB at paragraph boundaries
               (`scan --jsonl`, as a feed of posts would come: a finding's chance is judged
               within its post), per 100 MB; every false finding (stream and posts) is kept in
               scale.json with both texts, for a reader;
  threads      the haystack cut into 16 files at paragraph boundaries, scanned by `scan --threads
               1` and `--threads N` (N = the machine's cores), alternating, best of 3 each: the
               speed-up and whether the two outputs are byte-identical (scan prints every input's
               report in input order, whatever the number of threads); the CPU seconds (user +
               system) of each run too, so that a speed-up below N can be told apart: the same
               work done on fewer free cores (other jobs' load) or more work per thread;
  recall       150- and 300-character excerpts at 2% and 5% noise inside posts of unrelated
               prose (noise.py), cut from the first 1,000 documents so that every size holds them, and
               kept only when their text only one document of the largest size holds (no other
               document holds >= 80% of the excerpt's 5-word shingles): the same cases at every
               size; found = a finding of the document the excerpt was cut from.
Figures are reported, never asserted.  Writes bench/results/scale.json and scale.md.

Environment: TELLTALE, BENCH_WORK, BENCH_RESULTS, HYPERSCAN_BIN (as bench.py);
SCALE_SIZES (default 1000,10000,30000,100000; sizes the pool cannot fill are named, and the
whole pool is measured in their place); SCALE_TRIALS (cases per length and noise rate before the
held-by-one filter, default 400); SCALE_LENGTHS (excerpt lengths, default 150,300);
SCALE_THREADS (N of the threads measurement, default the number of cores).
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import noise  # noqa: E402
from corpus import norm_words, shingles  # noqa: E402

WORK, RESULTS, TELLTALE, HSBIN = bench.WORK, bench.RESULTS, bench.TELLTALE, bench.HSBIN
SDIR = os.path.join(WORK, "scale")
SIZES = [int(x) for x in os.environ.get("SCALE_SIZES", "1000,10000,30000,100000").split(",") if x]
TRIALS = int(os.environ.get("SCALE_TRIALS", "400"))
NOISES = (2, 5)
LENGTHS = [int(x) for x in os.environ.get("SCALE_LENGTHS", "150,300").split(",") if x]
CASE_DOCS = 1000
ADD_BATCH = 1000
POST_BYTES, PARTS = bench.POST_BYTES, bench.PARTS
THREADS = int(os.environ.get("SCALE_THREADS", "0")) or os.cpu_count() or 1
log = bench.log


def load():
    with open(os.path.join("/proc/loadavg")) as f:
        return f.read().split()[0]


def timed(cmd, stdout=subprocess.PIPE):
    """Run cmd under GNU time: (status, stdout bytes, stderr bytes, wall s, peak RSS KiB)."""
    rss_file = os.path.join(WORK, "run", f"scale-rss.{os.getpid()}")
    full = [bench.GNU_TIME, "-q", "-f", "%M", "-o", rss_file, *cmd] if bench.GNU_TIME else cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=stdout, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t0
    rss = None
    if bench.GNU_TIME:
        try:
            with open(rss_file) as f:
                rss = int(f.read().strip().split("\n")[-1])
        except (OSError, ValueError):
            pass
    return p.returncode, p.stdout, p.stderr, wall, rss


def best(n, cmd):
    """Best of n runs by wall time: (status, stdout of the first run, wall, peak RSS max)."""
    first, wall, rss, rc = None, None, 0, 0
    for _ in range(n):
        rc, out, err, w, r = timed(cmd)
        if rc not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd[:4])} failed ({rc}): {err.decode(errors='replace').strip()[:300]}")
        first = out if first is None else first
        wall = w if wall is None else min(wall, w)
        rss = max(rss, r or 0)
    return rc, first, wall, rss


def vault_bytes(vdir):
    parts = {}
    for f in os.listdir(vdir):
        p = os.path.join(vdir, f)
        if os.path.isfile(p) and (f.startswith("vault.db") or f in ("index.bin", "binds.bin")):
            parts[f] = os.path.getsize(p)
    every = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(vdir) for f in fs)
    return parts, every


def phrases3(names, path):
    """Three exact phrases of about 40 characters per document (a quarter, half and three
    quarters of the way through its long lines), cut at word boundaries inside one line."""
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for name in names:
            with open(os.path.join(SDIR, name), encoding="utf-8") as f:
                lines = [ln for ln in f.read().split("\n") if len(ln) >= 45]
            for pos in sorted({len(lines) // 4, len(lines) // 2, 3 * len(lines) // 4}):
                if pos >= len(lines):
                    continue
                phrase = ""
                for w in lines[pos].split(" ")[1:]:
                    phrase = f"{phrase} {w}" if phrase else w
                    if len(phrase) >= 38:
                        break
                if len(phrase) >= 20:
                    out.write(phrase + "\n")
                    n += 1
    return n


def false_list(fs):
    """Every false finding with what a reader needs to judge it."""
    return [{k: f.get(k) for k in ("source", "item", "doc", "title", "matched_words", "hits", "chance",
                                   "leak_text", "doc_text") if k in f} for f in fs]


def threads_run(vdir, parts_dir, nbytes):
    """scan --threads 1 and --threads THREADS of the PARTS files, alternating, best of 3 each."""
    files = sorted(os.path.join(parts_dir, f) for f in os.listdir(parts_dir))
    walls, cpus, outs = {1: [], THREADS: []}, {1: [], THREADS: []}, {}
    for _ in range(3):
        for n in (1, THREADS):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            rc, out, err, w, _ = timed(bench.tt(vdir, "scan", "--threads", str(n), "--json", *files))
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[n].append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
            if rc not in (0, 1):
                raise RuntimeError(f"scan --threads {n} failed ({rc}): {err.decode(errors='replace').strip()[:300]}")
            walls[n].append(w)
            outs.setdefault(n, out)
            if out != outs[n]:
                outs[n] = None      # not even the same as itself
    b1, bn = min(walls[1]), min(walls[THREADS])
    return {"threads": THREADS, "files": len(files), "bytes": nbytes,
            "best_s_1": round(b1, 3), "best_s_n": round(bn, 3),
            "mb_per_s_1": round(nbytes / 1e6 / b1, 1), "mb_per_s_n": round(nbytes / 1e6 / bn, 1),
            "speedup": round(b1 / bn, 2), "efficiency": round(b1 / bn / THREADS, 2),
            "walls_1": [round(w, 3) for w in walls[1]], "walls_n": [round(w, 3) for w in walls[THREADS]],
            "cpu_s_1": [round(c, 3) for c in cpus[1]], "cpu_s_n": [round(c, 3) for c in cpus[THREADS]],
            "findings": len(bench.findings(outs[1] or b"")),
            "identical": outs[1] is not None and outs[1] == outs[THREADS]}


class ScaleCases(noise.Cases):
    def doc(self, name):
        if name not in self._docs:
            with open(os.path.join(SDIR, name), encoding="utf-8") as f:
                self._docs[name] = f.read()
        return self._docs[name]


def make_cases(all_names, largest):
    """The leak cases, filtered to excerpts whose text only their own document holds among the
    first `largest` documents; written once, the same file at every size."""
    cases = ScaleCases(WORK, "scale.list", 7)
    cases.names = all_names[:CASE_DOCS]
    truths, posts = [], {}
    for length in LENGTHS:      # a case's generator depends on its length: 150's cases stay the same
        for p in NOISES:
            for t in range(TRIALS):
                post, truth = cases.make(length, p, t)
                truths.append(truth)
                posts[truth["id"]] = post
    want = {t["id"]: shingles(norm_words(cases.doc(t["doc"])[t["doc_start"]:t["doc_end"]]), bench.SHINGLE)
            for t in truths}
    every = set().union(*want.values())
    holders = {}
    t0 = time.perf_counter()
    for n in all_names[:largest]:
        with open(os.path.join(SDIR, n), encoding="utf-8") as f:
            for sh in shingles(norm_words(f.read()), bench.SHINGLE) & every:
                holders.setdefault(sh, set()).add(n)
    kept, dropped = [], 0
    for t in truths:
        shs = want[t["id"]]
        count = {}
        for sh in shs:
            for n in holders.get(sh, ()):
                count[n] = count.get(n, 0) + 1
        others = [n for n, k in count.items() if n != t["doc"] and k >= bench.CONTAINS * len(shs)]
        if others or not shs:
            dropped += 1
        else:
            kept.append(t)
    log(f"scale: {len(kept)} of {len(truths)} cases held by one document of {largest} "
        f"({time.perf_counter() - t0:.0f} s)")
    path = os.path.join(WORK, "run", "scale-cases.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for t in kept:
            f.write(json.dumps(posts[t["id"]], ensure_ascii=False) + "\n")
    return path, kept, dropped


def recall(vdir, ids, path, truths):
    rc, out, err, wall, rss = timed(bench.tt(vdir, "scan", "--jsonl", "--json", "--threads", "2", path))
    if rc not in (0, 1):
        raise RuntimeError(f"scan --jsonl failed ({rc}): {err.decode(errors='replace').strip()[:300]}")
    name_of = {str(v): k for k, v in ids.items()}
    truth = {t["id"]: t for t in truths}
    found, other = set(), {}
    for f in bench.findings(out):
        item = f.get("item")
        if item not in truth:
            continue
        if name_of.get(str(f["doc"])) == truth[item]["doc"]:
            found.add(item)
        else:
            other[item] = other.get(item, 0) + 1
    out = {}
    for length in LENGTHS:
        res = {}
        for p in NOISES:
            ts = [t for t in truths if t["noise"] == p and t["length"] == length]
            k = sum(t["id"] in found for t in ts)
            res[f"noise_{p}"] = {"cases": len(ts), "found": k, "recall": round(k / len(ts), 4) if ts else None,
                                 "cases_with_other_doc_finding": sum(t["id"] in other for t in ts),
                                 "other_doc_findings": sum(other.get(t["id"], 0) for t in ts)}
        res["scan_s"] = round(wall, 2)      # one scan for all lengths
        out[f"recall_{length}"] = res
    return out


def main():
    os.makedirs(os.path.join(WORK, "run"), exist_ok=True)
    with open(os.path.join(WORK, "manifest.json")) as f:
        manifest = json.load(f)
    names = bench.read_list("scale.list")
    sizes = [n for n in SIZES if n <= len(names)]
    skipped = [n for n in SIZES if n > len(names)]
    if skipped and (not sizes or len(names) > sizes[-1]):
        sizes.append(len(names))   # the whole pool stands in for the sizes it cannot fill
    if skipped:
        log(f"scale: the pool has {len(names)} documents; sizes {skipped} replaced by the whole pool")
    if not sizes:
        log("scale: nothing to measure")
        return 1
    hay = os.path.join(WORK, "unrelated.txt")
    hay_bytes = os.path.getsize(hay)
    posts_dir = os.path.join(WORK, "run", "hay-posts")
    nposts = bench.haystack_posts(hay, posts_dir)
    post_files = sorted(os.path.join(posts_dir, f) for f in os.listdir(posts_dir))
    parts_dir = os.path.join(WORK, "run", "hay-parts")
    bench.haystack_parts(hay, parts_dir)
    log(f"scale: haystack {hay_bytes / 1e6:.1f} MB, {nposts} posts of <= {POST_BYTES} bytes, "
        f"{PARTS} parts for the threads run")
    tiny = os.path.join(WORK, "run", "one-byte.txt")
    with open(tiny, "w") as f:
        f.write("a")
    res = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "git": subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True,
                                 text=True).stdout.strip(),
           "machine": {"cpu": next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo")
                                    if ln.startswith("model name")), ""), "cores": os.cpu_count()},
           "pool": {"docs": len(names), "bytes": manifest.get("scale_bytes"),
                    "doc_bytes_median": manifest.get("scale_doc_bytes_median"),
                    "packages": manifest.get("scale_packages"),
                    "sources": [s for s in manifest["sources"] if s["pool"] in ("registered", "scale")]},
           "haystack_bytes": hay_bytes, "haystack_posts": nposts, "post_bytes": POST_BYTES,
           "haystack_sources": [s for s in manifest["sources"] if s["pool"] == "unrelated"],
           "haystack_cleaner": manifest.get("cleaner"), "corpus_version": manifest.get("corpus_version"),
           "sizes_skipped": skipped, "steps": []}

    cases_path, truths, dropped = make_cases(names, sizes[-1])
    res["recall_cases"] = {"lengths": LENGTHS, "noise_pct": list(NOISES), "drawn_per_noise": TRIALS,
                           "from_first_docs": CASE_DOCS, "kept": len(truths),
                           "kept_per_length": {str(n): sum(t["length"] == n for t in truths) for n in LENGTHS},
                           "dropped_text_in_2plus_docs": dropped}

    vdir = os.path.join(WORK, "vault-scale")
    shutil.rmtree(vdir, ignore_errors=True)
    rc, _, err, _, _ = timed(bench.tt(vdir, "init"))
    if rc != 0:
        raise RuntimeError(f"telltale init failed: {err.decode(errors='replace').strip()}")
    ids, have, add_total = {}, 0, 0.0
    for size in sizes:
        step = {"docs": size, "load_before": load()}
        part = names[have:size]
        t_add, rss_add, nbytes_step = 0.0, 0, 0
        for i in range(0, len(part), ADD_BATCH):
            chunk = part[i:i + ADD_BATCH]
            rc, out, err, wall, rss = timed(bench.tt(vdir, "add", "--json", *[os.path.join(SDIR, n) for n in chunk]))
            if rc != 0:
                raise RuntimeError(f"telltale add failed: {err.decode(errors='replace').strip()[:300]}")
            lines = [json.loads(x) for x in out.decode().splitlines() if x.strip()]
            if len(lines) != len(chunk):
                raise RuntimeError(f"telltale add printed {len(lines)} lines for {len(chunk)} files")
            for n, obj in zip(chunk, lines):
                ids[n] = obj["doc"]
            t_add += wall
            rss_add = max(rss_add, rss or 0)
        add_total += t_add
        have = size
        reg_bytes = sum(os.path.getsize(os.path.join(SDIR, n)) for n in names[:size])
        step.update({"registered_bytes": reg_bytes, "add_s_step": round(t_add, 2), "add_docs_step": len(part),
                     "add_s_total": round(add_total, 2), "add_peak_rss_kib": rss_add,
                     "add_mb_per_s_step": round(sum(os.path.getsize(os.path.join(SDIR, n)) for n in part)
                                                / 1e6 / t_add, 2) if t_add else None})
        rc, out, err, wall, rss = timed(bench.tt(vdir, "index"))
        if rc != 0:
            raise RuntimeError(f"telltale index failed: {err.decode(errors='replace').strip()[:300]}")
        step.update({"index_s": round(wall, 2), "index_peak_rss_kib": rss})
        # the first scan after the adds writes index.bin (the cached, mapped index)
        rc, _, err, wall, rss = timed(bench.tt(vdir, "scan", "--threads", "1", "--json", tiny))
        if rc not in (0, 1):
            raise RuntimeError(f"telltale scan failed: {err.decode(errors='replace').strip()[:300]}")
        step.update({"first_open_s": round(wall, 2), "first_open_peak_rss_kib": rss})
        parts, every = vault_bytes(vdir)
        idx = parts.get("index.bin", 0)
        db = sum(v for k, v in parts.items() if k.startswith("vault.db"))
        bb = parts.get("binds.bin", 0)
        step.update({"index_bin_bytes": idx, "index_bytes_per_registered_byte": round(idx / reg_bytes, 3),
                     "vault_db_bytes": db, "binds_bin_bytes": bb, "vault_bytes": db + idx + bb,
                     "vault_dir_bytes": every, "vault_x_registered": round((db + idx + bb) / reg_bytes, 2)})
        _, _, w_open, rss_open = best(3, bench.tt(vdir, "scan", "--threads", "1", "--json", tiny))
        _, _, w_start, _ = best(3, [TELLTALE, "--version"])
        step.update({"open_s": round(w_open, 4), "open_peak_rss_kib": rss_open, "start_s": round(w_start, 4),
                     "open_net_s": round(w_open - w_start, 4)})
        step["load_scan"] = load()
        _, out, w_scan, rss_scan = best(3, bench.tt(vdir, "scan", "--threads", "1", "--json", hay))
        fs = bench.findings(out)
        step.update({"scan_best_s": round(w_scan, 3), "scan_mb_per_s_gross": round(hay_bytes / 1e6 / w_scan, 1),
                     "scan_mb_per_s_net": round(hay_bytes / 1e6 / max(1e-9, w_scan - w_open), 1),
                     "scan_peak_rss_kib": rss_scan, "false_findings": len(fs),
                     "false_per_100mb": round(len(fs) / (hay_bytes / 1e8), 2),
                     "false_list": false_list(fs)})
        rc, out, err, w_posts, _ = timed(bench.tt(vdir, "scan", "--jsonl", "--json", "--threads", str(THREADS),
                                                  *post_files))
        if rc not in (0, 1):
            raise RuntimeError(f"scan --jsonl of the posts failed ({rc}): {err.decode(errors='replace').strip()[:300]}")
        fp = bench.findings(out)
        step.update({"posts_false_findings": len(fp), "posts_false_per_100mb": round(len(fp) / (hay_bytes / 1e8), 2),
                     "posts_scan_s": round(w_posts, 2), "posts_false_list": false_list(fp)})
        step["load_threads"] = load()
        step["threads"] = threads_run(vdir, parts_dir, hay_bytes)
        phrases = os.path.join(WORK, "run", f"scale-phrases-{size}.txt")
        step["peer_phrases"] = phrases3(names[:size], phrases)
        if shutil.which("rg"):
            _, _, w_rg, _ = best(3, ["rg", "-F", "-j1", "-c", "-f", phrases, hay])
            step["rg_mb_per_s"] = round(hay_bytes / 1e6 / w_rg, 1)
            step["ratio_telltale_to_rg"] = round(step["scan_mb_per_s_net"] / step["rg_mb_per_s"], 2)
        if HSBIN and os.path.exists(HSBIN):
            rc, out, err, _, _ = timed([HSBIN, phrases, hay, "3"])
            if rc == 0:
                hs = json.loads(out)
                step["hyperscan"] = hs
                if hs.get("mb_per_s"):
                    step["ratio_telltale_to_hyperscan"] = round(step["scan_mb_per_s_net"] / hs["mb_per_s"], 2)
        step.update(recall(vdir, ids, cases_path, truths))
        step["load_after"] = load()
        res["steps"].append(step)
        r = step[f"recall_{LENGTHS[0]}"]
        log(f"scale {size}: {reg_bytes / 1e6:.1f} MB, add {t_add:.1f} s, index.bin {idx / 1e6:.1f} MB, "
            f"vault {(db + idx) / 1e6:.1f} MB ({step['vault_x_registered']}x), open {w_open:.3f} s, "
            f"scan {step['scan_mb_per_s_net']} MB/s (rg {step.get('rg_mb_per_s')}, hs "
            f"{step.get('hyperscan', {}).get('mb_per_s')}), false {len(fs)} (posts {len(fp)}), "
            f"threads 1->{THREADS} x{step['threads']['speedup']} identical {step['threads']['identical']}, recall "
            f"{r['noise_2']['found']}/{r['noise_2']['cases']} {r['noise_5']['found']}/{r['noise_5']['cases']}")
        with open(os.path.join(RESULTS, "scale.json"), "w") as f:  # after every step: a partial run counts
            json.dump(res, f, indent=1)
    write_md(res)
    return 0


def mib(kib):
    return f"{kib / 1024:.0f}" if kib else "-"


def write_md(res):
    rows = [("registered documents", lambda s: f"{s['docs']:,}"),
            ("registered text (MB)", lambda s: f"{s['registered_bytes'] / 1e6:.1f}"),
            ("add, this step (s)", lambda s: f"{s['add_s_step']:.1f} ({s['add_docs_step']:,} docs)"),
            ("add, in all (s)", lambda s: f"{s['add_s_total']:.1f}"),
            ("peak RSS adding (MiB)", lambda s: mib(s["add_peak_rss_kib"])),
            ("`telltale index` (s)", lambda s: f"{s['index_s']:.1f}"),
            ("peak RSS indexing (MiB)", lambda s: mib(s["index_peak_rss_kib"])),
            ("first scan after adding: writes index.bin (s)", lambda s: f"{s['first_open_s']:.2f}"),
            ("peak RSS of that first scan (MiB)", lambda s: mib(s["first_open_peak_rss_kib"])),
            ("index.bin (bytes)", lambda s: f"{s['index_bin_bytes']:,}"),
            ("index.bin per registered byte", lambda s: f"{s['index_bytes_per_registered_byte']}"),
            ("vault on disk, db + index.bin + binds.bin (bytes)", lambda s: f"{s['vault_bytes']:,}"),
            ("vault / registered text", lambda s: f"{s['vault_x_registered']}x"),
            ("scan of a 1-byte file: open vault + index, best of 3 (s)", lambda s: f"{s['open_s']:.3f}"),
            ("`telltale --version`, best of 3 (s): process start", lambda s: f"{s['start_s']:.3f}"),
            ("open net of process start (s)", lambda s: f"{s['open_net_s']:.3f}"),
            ("peak RSS open (MiB)", lambda s: mib(s["open_peak_rss_kib"])),
            ("scan MB/s, 1 thread, net of open", lambda s: f"{s['scan_mb_per_s_net']}"),
            ("rg -F, 3 phrases/doc (MB/s)", lambda s: f"{s.get('rg_mb_per_s', '-')}"),
            ("Hyperscan, 3 literals/doc (MB/s)", lambda s: f"{s.get('hyperscan', {}).get('mb_per_s', '-')}"),
            ("telltale / rg", lambda s: f"{s.get('ratio_telltale_to_rg', '-')}"),
            ("telltale / Hyperscan", lambda s: f"{s.get('ratio_telltale_to_hyperscan', '-')}"),
            ("peak RSS scanning (MiB)", lambda s: mib(s["scan_peak_rss_kib"])),
            ("false findings, one stream (per 100 MB)", lambda s: f"{s['false_findings']} ({s['false_per_100mb']})"),
            ("false findings, as 4 KiB posts (per 100 MB)",
             lambda s: f"{s['posts_false_findings']} ({s['posts_false_per_100mb']})" if "posts_false_findings" in s else "-"),
            ("scan, 16 files: MB/s 1 thread / N threads", lambda s: "{mb_per_s_1} / {mb_per_s_n} (N = {threads})".format(
                **s["threads"]) if "threads" in s else "-"),
            ("CPU s (user + sys) of the 3 runs: 1 thread / N threads", lambda s: "{} / {}".format(
                ", ".join(f"{c:.1f}" for c in s["threads"]["cpu_s_1"]),
                ", ".join(f"{c:.1f}" for c in s["threads"]["cpu_s_n"])) if "cpu_s_1" in s.get("threads", {}) else "-"),
            ("scan, 16 files, 1 thread: MB per CPU second (best of 3; load-independent, includes the open)",
             lambda s: f"{s['threads']['bytes'] / 1e6 / min(s['threads']['cpu_s_1']):.1f}"
             if min(s.get("threads", {}).get("cpu_s_1") or [0]) > 0 else "-"),
            ("speed-up N threads / 1 (efficiency); outputs identical", lambda s: "{speedup}x ({efficiency}); {same}".format(
                same="yes" if s["threads"]["identical"] else "NO", **s["threads"]) if "threads" in s else "-"),
            *[(f"recall {n} chars, {p}% noise", lambda s, n=n, p=p: "{found}/{cases} ({r:.1f}%)".format(
                r=100 * s[f"recall_{n}"][f"noise_{p}"]["recall"], **s[f"recall_{n}"][f"noise_{p}"])
               if f"recall_{n}" in s else "-")
              for n in res["recall_cases"].get("lengths", [150]) for p in NOISES],
            ("load average before / at scan / at threads / after",
             lambda s: f"{s['load_before']} / {s['load_scan']} / {s.get('load_threads', '-')} / {s['load_after']}")]
    steps = res["steps"]
    out = ["# Scale test: the growth curve (issue 12 item 5)", "",
           f"Measured {res['date']} at commit {res['git']} by `bench/scale.py` (`make bench`, or "
           f"`python3 bench/scale.py` once `bench/corpus.py` has built `bench/work/`), on "
           f"{res['machine']['cpu']} ({res['machine']['cores']} cores, shared with other jobs: the load "
           "average is given per size; sizes and counts are exact, times are not). Raw figures: "
           "`scale.json`.", "",
           "| | " + " | ".join(f"{s['docs'] // 1000}k" if s["docs"] % 1000 == 0 else f"{s['docs']:,}"
                               for s in steps) + " |",
           "|---|" + "---|" * len(steps)]
    for label, fn in rows:
        out.append(f"| {label} | " + " | ".join(fn(s) for s in steps) + " |")
    rc = res["recall_cases"]
    pool = res["pool"]
    out += ["", f"- pool: {pool['docs']:,} documents, {pool['bytes'] / 1e6:.1f} MB (median "
                f"{pool['doc_bytes_median']} bytes); haystack {res['haystack_bytes'] / 1e6:.1f} MB of unrelated prose "
                f"({res.get('haystack_posts', 0):,} posts of at most {res.get('post_bytes')} bytes), "
                "none of it sharing an 8-word shingle or a 40-unit run with any registered paragraph, "
                "nor a re-edited copy of one (corpus.py's cleaner).",
            f"- recall cases: {rc['drawn_per_noise']} per length and noise rate drawn from the first "
            f"{rc['from_first_docs']:,} documents, {rc['kept']} kept ("
            + ", ".join(f"{k} of {n} characters" for n, k in rc.get("kept_per_length", {}).items())
            + f"; text held by that document only among the largest size; "
            f"{rc['dropped_text_in_2plus_docs']} dropped), the same at every size."]
    if res["sizes_skipped"]:
        out.append(f"- sizes the pool cannot fill: {res['sizes_skipped']}; the last column is the whole pool "
                   f"({pool['docs']:,} documents)")
    with open(os.path.join(RESULTS, "scale.md"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    sys.exit(main())
