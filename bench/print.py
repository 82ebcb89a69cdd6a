#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""bench/print.py: printed copies, photographed (issue 10), measured end to end.

Pages of real prose (the first page of licence texts in /usr/share/common-licenses) are
issued by telltale as PDF copies to every recipient of a vault (10,000; 300 with --quick),
page 1 of a random recipient's copy is rasterized with pdftoppm and degraded with
ImageMagick in the three ways of the issue (flatbed scan, phone photo, screenshot), and the
image is given to the CLI:

- scan: is the right document found (hit rate per kind);
- trace: is the leaker the one accused (bound 1e-6 over all copies), is anyone else
  accused; the layout channel's slots on the page, read, and read as the leaker's copy has
  them; the CPU time of the trace (OCR, decoding, scoring, on one core: OMP_THREAD_LIMIT=1);
- verify: a page of the same document with one figure changed, printed by telltale from a
  scratch vault and degraded the same way: is it "altered", with the figure named.

Writes bench/results/print[-quick].json and .md.  Figures are reported, never asserted.
"""
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time

TT = os.environ.get("TELLTALE", "build/default/telltale")
WORK = os.path.join(os.environ.get("BENCH_WORK", "bench/work"), "print")
RESULTS = os.environ.get("BENCH_RESULTS", "bench/results")
QUICK = "--quick" in sys.argv or os.environ.get("BENCH_QUICK", "0") != "0"
# --reuse: keep a vault and copies a previous run left in WORK (issuing 10,000 PDF copies
# takes minutes); --trials N: pages per kind and document; --no-colluders
REUSE = "--reuse" in sys.argv
ARG_TRIALS = int(sys.argv[sys.argv.index("--trials") + 1]) if "--trials" in sys.argv else None
COLLUDERS = "--no-colluders" not in sys.argv
NREC = 300 if QUICK else 10000
TRIALS = 2 if QUICK else 8  # per kind and document
SOURCES = ["GPL-3", "Apache-2.0"] if not QUICK else ["GPL-3"]
COLL_REC = 100 if QUICK else 1000  # recipients of the long document (colluders)
COLL_TRIALS = 1 if QUICK else 3
if ARG_TRIALS:
    TRIALS = ARG_TRIALS
WORDS = 420  # about one A4 page of DejaVu Sans 11 pt
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")


def log(msg):
    print("print-bench: " + msg, file=sys.stderr, flush=True)


def sh(cmd, ok=(0,), vault=None):
    env = dict(ENV)
    if vault:
        env["TELLTALE_VAULT"] = vault
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if p.returncode not in ok:
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), p.returncode,
                                                   p.stderr.decode(errors="replace")[:400]))
    return p.stdout.decode(errors="replace"), p.returncode


def timed(cmd, vault, ok=(0, 1)):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out, rc = sh(cmd, ok=ok, vault=vault)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, rc, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def page_text(name):
    text = open("/usr/share/common-licenses/" + name, encoding="utf-8", errors="replace").read()
    out, n = [], 0
    for line in text.splitlines():
        out.append(line.rstrip())
        n += len(line.split())
        if n >= WORDS:
            break
    return "\n".join(out) + "\n"


def degrade(pdf, kind, rng, dest):
    """Page 1 of pdf, rasterized and degraded as kind; returns the image path."""
    base = dest + "-raw"
    seed = str(rng.randrange(1 << 30))
    if kind == "scan":  # flatbed: 300 dpi, skew under 1 degree, sensor noise, JPEG 85
        sh(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", pdf, base])
        skew = "%.2f" % rng.uniform(-0.9, 0.9)
        sh(["convert", base + "-1.png", "-seed", seed, "-background", "white", "-rotate", skew,
            "-attenuate", "0.3", "+noise", "Gaussian", "-quality", "85", "jpeg:" + dest])
    elif kind == "photo":  # phone: ~150 dpi, skew 2-5 degrees, perspective, blur, light, JPEG 60
        sh(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", pdf, base])
        skew = "%.2f" % (rng.choice((-1, 1)) * rng.uniform(2, 5))
        w, h = 1240, 1754
        d = rng.uniform(10, 25)
        persp = "0,0 %d,%d %d,0 %d,0 0,%d 0,%d %d,%d %d,%d" % (
            d, d * 0.6, w, w - d * 1.5, h, h, w, h, w, h - d)
        sh(["convert", base + "-1.png", "-seed", seed, "-background", "white",
            "-virtual-pixel", "white", "-distort", "Perspective", persp, "-rotate", skew,
            "-blur", "0x0.8", "(", "+clone", "-sparse-color", "Barycentric",
            "0,0 gray(100%) %[fx:w],0 gray(67%)", ")", "-compose", "multiply", "-composite",
            "-attenuate", "0.4", "+noise", "Gaussian", "-quality", "60", "jpeg:" + dest])
    else:  # screenshot of a PDF viewer: 96 dpi, anti-aliased
        sh(["pdftoppm", "-r", "96", "-f", "1", "-l", "1", "-png", pdf, base])
        shutil.copy(base + "-1.png", dest)
    os.remove(base + "-1.png")
    return dest


def colluder_trials(rng):
    """Three colluders photograph different pages of a long document; one trace of them all."""
    vault = os.path.join(WORK, "vault-colluders")
    sh([TT, "init"], vault=vault)
    out, _ = sh([TT, "add", "/usr/share/common-licenses/GPL-3", "--json"], vault=vault)
    doc = json.loads(out)["doc"]
    names = ["C%04d" % i for i in range(1, COLL_REC + 1)]
    sh([TT, "recipients", "add"] + names, vault=vault)
    cdir = os.path.join(WORK, "coll-copies")
    sh([TT, "issue", doc, "--all", "--format", "pdf", "--out", cdir], vault=vault)
    out, _ = sh(["pdfinfo", os.path.join(cdir, "%s-%s.pdf" % (doc, names[0].lower()))])
    pages = int(re.search(r"Pages:\s+(\d+)", out).group(1))
    res = {"pages_in_copy": pages, "recipients": COLL_REC, "by_pages": {}}
    for t in range(COLL_TRIALS):
        trio = rng.sample(names, 3)
        for k in (3, 6, 9):
            if k > pages:
                break
            imgs = []
            for pg in range(1, k + 1):
                who = trio[(pg - 1) % 3]
                pdf = os.path.join(cdir, "%s-%s.pdf" % (doc, who.lower()))
                base = os.path.join(WORK, "cpage")
                sh(["pdftoppm", "-r", "150", "-f", str(pg), "-l", str(pg), "-png", pdf, base])
                raw = [f for f in os.listdir(WORK) if f.startswith("cpage-")][0]
                img = os.path.join(WORK, "cpage%d.jpg" % pg)
                skew = "%.2f" % (rng.choice((-1, 1)) * rng.uniform(2, 5))
                sh(["convert", os.path.join(WORK, raw), "-seed", str(rng.randrange(1 << 30)),
                    "-background", "white", "-rotate", skew, "-blur", "0x0.8", "(", "+clone",
                    "-sparse-color", "Barycentric", "0,0 gray(100%) %[fx:w],0 gray(67%)", ")",
                    "-compose", "multiply", "-composite", "-attenuate", "0.4", "+noise",
                    "Gaussian", "-quality", "60", "jpeg:" + img])
                os.remove(os.path.join(WORK, raw))
                imgs.append(img)
            tif = os.path.join(WORK, "colluders.tif")
            sh(["convert"] + imgs + [tif])
            out, _ = sh([TT, "trace", tif, "--json"], ok=(0, 1), vault=vault)
            j = json.loads(out)
            acc = [s["recipient"] for s in j["suspects"] if s["accused"]]
            c = res["by_pages"].setdefault(str(k), {"trials": 0, "any_named": 0, "named": 0,
                                                    "innocents": 0})
            c["trials"] += 1
            c["any_named"] += any(a in trio for a in acc)
            c["named"] += sum(a in trio for a in acc)
            c["innocents"] += sum(a not in trio for a in acc)
            log("colluders %s, %d pages: accused %s, layout %s" % (trio, k, acc, j.get("layout")))
    return res


def main():
    for t in ("pdftoppm", "convert"):
        if not shutil.which(t):
            log("missing %s (poppler-utils, imagemagick): no print figures" % t)
            return 0
    vault = os.path.join(WORK, "vault")
    reuse = REUSE and os.path.exists(os.path.join(WORK, "issued.json"))
    if not reuse:
        shutil.rmtree(WORK, ignore_errors=True)
        os.makedirs(WORK)
        sh([TT, "init"], vault=vault)
    docs = {}
    for name in SOURCES:
        p = os.path.join(WORK, name + ".txt")
        if not reuse:
            open(p, "w").write(page_text(name))
        out, _ = sh([TT, "add", p, "--json"], vault=vault)
        docs[name] = json.loads(out)["doc"]
    names = ["R%05d" % i for i in range(1, NREC + 1)]
    issue_s = json.load(open(os.path.join(WORK, "issued.json"))) if reuse else {}
    if not reuse:
        for i in range(0, len(names), 2000):
            sh([TT, "recipients", "add"] + names[i:i + 2000], vault=vault)
    slots = {}
    for name, doc in docs.items():
        t0 = time.time()
        if not reuse:
            sh([TT, "issue", doc, "--all", "--format", "pdf", "--out",
                os.path.join(WORK, "copies")], vault=vault)
            issue_s[name] = time.time() - t0
            json.dump(issue_s, open(os.path.join(WORK, "issued.json"), "w"))
        out, _ = sh([TT, "slots", doc, "--format", "pdf", "--json"], vault=vault)
        rows = [json.loads(l) for l in out.splitlines() if l.strip()]
        slots[name] = {"layout": sum(r["channel"] == "layout" for r in rows),
                       "text": sum(r["channel"] != "layout" for r in rows)}
        log("%s: %d copies issued in %.0f s; slots %s" % (name, NREC, issue_s.get(name, 0),
                                                           slots[name]))
    # the forged page of each document: one figure changed, printed by telltale elsewhere
    forged = {}
    for name in docs:
        txt = open(os.path.join(WORK, name + ".txt")).read()
        m = re.search(r"\b(19|20)\d\d\b|\b\d+\.\d+\b", txt)
        if not m:
            continue
        new = str(int(m.group(0)) + 3) if "." not in m.group(0) else m.group(0).replace(".", ".9", 1)
        ftxt = txt[:m.start()] + new + txt[m.end():]
        fv = os.path.join(WORK, "forge-" + name)
        shutil.rmtree(fv, ignore_errors=True)
        shutil.rmtree(os.path.join(WORK, "forged-" + name), ignore_errors=True)
        sh([TT, "init"], vault=fv)
        fp = os.path.join(WORK, name + "-forged.txt")
        open(fp, "w").write(ftxt)
        out, _ = sh([TT, "add", fp, "--json"], vault=fv)
        fdoc = json.loads(out)["doc"]
        sh([TT, "recipients", "add", "Someone"], vault=fv)
        out, _ = sh([TT, "issue", fdoc, "--all", "--format", "pdf", "--json", "--out",
                     os.path.join(WORK, "forged-" + name)], vault=fv)
        forged[name] = (json.loads(out.splitlines()[0])["path"], m.group(0), new)

    rng = random.Random(20261127)
    kinds = ["scan", "photo", "screen"]
    res = {k: {"pages": 0, "scan_hit": 0, "named": 0, "innocents": 0, "layout_slots": [],
               "layout_read": [], "layout_agree": [], "observed": [], "trace_cpu": [],
               "verify": 0, "verify_named": 0, "verify_pages": 0} for k in kinds}
    for kind in kinds:
        for name, doc in docs.items():
            for t in range(TRIALS):
                who = rng.choice(names)
                pdf = os.path.join(WORK, "copies", "%s-%s.pdf" % (doc, who.lower()))
                img = degrade(pdf, kind, rng, os.path.join(WORK, "leak-%s.img" % kind))
                r = res[kind]
                r["pages"] += 1
                out, _ = sh([TT, "scan", img, "--json"], ok=(0, 1), vault=vault)
                hit = '"doc":"%s"' % doc in out.replace(" ", "")
                r["scan_hit"] += hit
                out, rc, cpu = timed([TT, "trace", img, "--json"], vault)
                j = json.loads(out)
                acc = [s["recipient"] for s in j["suspects"] if s["accused"]]
                r["named"] += acc == [who]
                r["innocents"] += sum(a != who for a in acc)
                lay = j.get("layout") or {}
                r["layout_read"].append(lay.get("read", 0))
                # agree counts readings as the strongest copy has them: the leaker's when
                # the leaker is first
                top = j["suspects"][0]["recipient"] if j["suspects"] else None
                r["layout_agree"].append(lay.get("agree", 0) if top == who else None)
                r["observed"].append(j.get("observed_slots", 0))
                r["trace_cpu"].append(cpu)
                log("%s %s %s: scan %s, accused %s, layout %s, %.1f s" % (
                    kind, name, who, hit, acc, lay, cpu))
            if name in forged and res[kind]["verify_pages"] < (1 if QUICK else 3):
                fpdf, old, new = forged[name]
                img = degrade(fpdf, kind, rng, os.path.join(WORK, "forged-%s.img" % kind))
                out, _ = sh([TT, "verify", img, "--json"], ok=(0, 1), vault=vault)
                j = json.loads(out)
                r = res[kind]
                r["verify_pages"] += 1
                r["verify"] += j.get("verdict") == "altered"
                r["verify_named"] += any(old in (c.get("original") or "") and
                                         new in (c.get("leaked") or "")
                                         for c in j.get("changes", []))
    colluders = colluder_trials(rng) if COLLUDERS else {}
    summary = {"quick": QUICK, "recipients": NREC, "documents": list(docs), "slots": slots,
               "issue_seconds": issue_s, "shift_points": 0.5, "kinds": {},
               "colluders": colluders}
    for kind, r in res.items():
        n = r["pages"]
        agree = [a for a in r["layout_agree"] if a is not None]
        reads = [rd for rd, a in zip(r["layout_read"], r["layout_agree"]) if a is not None]
        cpu = sorted(r["trace_cpu"])
        summary["kinds"][kind] = {
            "pages": n,
            "scan_hit_rate": r["scan_hit"] / n if n else None,
            "named_rate": r["named"] / n if n else None,
            "innocents_accused": r["innocents"],
            "layout_read_mean": sum(r["layout_read"]) / n if n else None,
            "layout_correct_mean": sum(agree) / len(agree) if agree else None,
            "layout_accuracy": sum(agree) / sum(reads) if reads and sum(reads) else None,
            "observed_mean": sum(r["observed"]) / n if n else None,
            "trace_cpu_median_s": cpu[len(cpu) // 2] if cpu else None,
            "trace_cpu_max_s": cpu[-1] if cpu else None,
            "verify_altered": "%d/%d" % (r["verify"], r["verify_pages"]),
            "verify_figure_named": "%d/%d" % (r["verify_named"], r["verify_pages"]),
        }
    sfx = "-quick" if QUICK else ""
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "print%s.json" % sfx), "w") as f:
        json.dump(summary, f, indent=1)
    lines = ["# Printed copies, photographed (issue 10): bench/print.py%s" % (" --quick" if QUICK else ""),
             "",
             "%d recipients, every one issued a PDF copy (A4, DejaVu Sans 11 pt) of each of %s "
             "(the first ~%d words of each licence text). Page 1 of a random recipient's copy, "
             "rasterized by pdftoppm and degraded by ImageMagick; %d pages per kind and document. "
             "Bound 1e-6 over all copies. CPU time of `telltale trace` on one core "
             "(OMP_THREAD_LIMIT=1): OCR, decoding and scoring. The machine: 2 cores shared "
             "with other jobs." % (NREC, ", ".join(docs), WORDS, TRIALS),
             "",
             "Slots per document (PDF copies): " + ", ".join(
                 "%s %d text + %d layout" % (n, s["text"], s["layout"]) for n, s in slots.items()),
             "",
             "| kind | pages | scan finds the document | leaker named | innocents accused | "
             "layout slots read per page | read as the leaker's copy | slots observed per page | "
             "trace CPU median (max) | verify: altered / figure named |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for kind, s in summary["kinds"].items():
        lines.append("| %s | %d | %.0f%% | %.0f%% | %d | %.0f | %s | %.0f | %.1f s (%.1f s) | %s / %s |" % (
            kind, s["pages"], 100 * s["scan_hit_rate"], 100 * s["named_rate"],
            s["innocents_accused"], s["layout_read_mean"],
            "%.1f%%" % (100 * s["layout_accuracy"]) if s["layout_accuracy"] is not None else "-",
            s["observed_mean"], s["trace_cpu_median_s"], s["trace_cpu_max_s"],
            s["verify_altered"], s["verify_figure_named"]))
    lines += ["",
              "Layout bits per page: the layout slots read on one page (column 6); each is one "
              "code bit, drawn as a word space 0.5 pt narrower or wider than the face's.",
              ""]
    if not colluders:
        lines.append("(colluders not measured in this run: --no-colluders)")
    else:
        lines += ["## Three colluders, each photographing different pages",
              "",
              "The whole GPL-3 (%d pages) issued as PDF copies to %d recipients (collusion "
              "parameter 1, the default); three colluders, pages 1..k of the leak taken in turn "
              "from each colluder's copy, each page degraded as a phone photo, all k pages in "
              "one multi-page TIFF traced at once." % (colluders.get("pages_in_copy", 0), COLL_REC),
              "",
              "| pages k | trials | at least one colluder named | colluders named (mean) | innocents accused |",
              "|---|---|---|---|---|"]
        for k, c in sorted(colluders.get("by_pages", {}).items(), key=lambda x: int(x[0])):
            lines.append("| %s | %d | %d | %.1f | %d |" % (k, c["trials"], c["any_named"],
                                                          c["named"] / c["trials"], c["innocents"]))
    lines.append("")
    with open(os.path.join(RESULTS, "print%s.md" % sfx), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
