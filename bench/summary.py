#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""summary.py: write bench/results/SUMMARY.md, a short human summary of the JSON results of
`make bench` (detect.json, or detect-quick.json when only a quick run exists; verify.json is
summarized, trace.json and scan.json are linked when present).  Only figures found in the JSON are shown.

Usage: summary.py RESULTS_DIR
"""
import json
import os
import sys


def pct(x):
    return "–" if x is None else f"{100 * x:.1f}%"


def grid(cells, lengths, noises):
    by = {(c["length"], c["noise"]): c for c in cells}
    rows = ["| chars \\ noise | " + " | ".join(f"{n}%" for n in noises) + " |",
            "|---|" + "---|" * len(noises)]
    for L in lengths:
        row = []
        for n in noises:
            c = by.get((L, n))
            row.append("–" if not c else f"{pct(c['recall'])} ({c['found']}/{c['trials']})")
        rows.append(f"| {L} | " + " | ".join(row) + " |")
    return "\n".join(rows)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    name = "detect.json" if os.path.exists(os.path.join(d, "detect.json")) else "detect-quick.json"
    path = os.path.join(d, name)
    out = ["# Benchmark summary", ""]
    if not os.path.exists(path):
        out.append("No detection results yet: run `make bench`.")
    else:
        with open(path) as f:
            r = json.load(f)
        c = r.get("corpus", {})
        out += [f"From `{name}`, run {r.get('date')} at commit {r.get('git')} on {r.get('machine', {}).get('cpu')} "
                f"({r.get('machine', {}).get('cores')} cores){' — QUICK run, few trials' if r.get('quick') else ''}.",
                "",
                "## Corpora",
                f"- registered: {c.get('reg10k_docs')} documents, {c.get('reg10k_bytes', 0) / 1e6:.1f} MB "
                f"(median {c.get('doc_bytes_median')} bytes); the whole registered pool: "
                f"{c.get('registered_docs')} documents, {c.get('registered_bytes', 0) / 1e6:.1f} MB",
                f"- unrelated haystack: {c.get('unrelated_bytes', 0) / 1e6:.1f} MB of distinct prose from "
                "other packages (no shared paragraph or 50-letter sentence)", ""]
        if "telltale_error" in r:
            out += [f"**telltale was not measured**: {r['telltale_error']}", ""]
        rec = r.get("recall")
        if rec:
            cells = rec["cells"]
            lengths = sorted({x["length"] for x in cells})
            noises = sorted({x["noise"] for x in cells})
            out += ["## Recall (right document found), telltale, 10k registered", "",
                    grid(cells, lengths, noises), ""]
            by = {(x["length"], x["noise"]): x for x in cells}
            for (L, n, tgt) in ((150, 2, 0.99), (150, 5, 0.95)):
                x = by.get((L, n))
                if x:
                    out.append(f"- {L} chars at {n}%: {pct(x['recall'])} (target {pct(tgt)}): "
                               f"{'met' if x['recall'] >= tgt else 'NOT met'}")
            l99 = rec.get("length_for_99pct", {})
            out.append("- shortest length from which recall stays ≥ 99%: " +
                       ", ".join(f"{n}% noise: {l99.get(str(n)) or 'not reached'}" for n in noises) +
                       " (commercial DLP partial match: ≥ 300 characters)")
            wrong = sum(x["wrong_doc"] for x in cells)
            out += [f"- leak cases with a finding of some other document: {wrong} of "
                    f"{sum(x['trials'] for x in cells)}", ""]
        ff = r.get("false_findings")
        if ff and "findings" in ff:
            out += ["## False findings", "",
                    f"{ff['findings']} findings in {ff['haystack_bytes'] / 1e6:.1f} MB of unrelated prose "
                    f"= {ff['per_100mb']} per 100 MB (target < 1).", ""]
        for tag, title in (("throughput_10k", "10k registered"), ("throughput_large", "large set")):
            t = r.get(tag)
            if not t:
                continue
            out += [f"## Throughput, single thread, {title}", "", "| scanner | MB/s | note |", "|---|---|---|"]
            tl = t.get("telltale", {})
            if "mb_per_s_net" in tl:
                out.append(f"| telltale scan | {tl['mb_per_s_net']} net ({tl['mb_per_s_gross']} gross) | "
                           f"load {tl['load_s']} s, peak RSS {tl['peak_rss_kib'] // 1024} MiB |")
            elif "error" in tl:
                out.append(f"| telltale scan | – | {tl['error']} |")
            if "rg" in t:
                out.append(f"| rg -F -f ({t.get('phrases')} phrases) | {t['rg']['mb_per_s']} | |")
            if "hyperscan" in t:
                h = t["hyperscan"]
                out.append(f"| Hyperscan ({h['patterns']} literals) | {h['mb_per_s']} | compile {h['compile_s']} s |")
            if "ratio_telltale_to_rg" in t:
                out.append(f"\nRatios: telltale/rg = {t['ratio_telltale_to_rg']}"
                           + (f", telltale/Hyperscan = {t['ratio_telltale_to_hyperscan']}" if "ratio_telltale_to_hyperscan" in t else ""))
            if "index_rss_mb_per_registered_mb" in tl:
                out.append(f"\nIndex memory: {tl['index_rss_kib'] // 1024} MiB resident for "
                           f"{r.get('registered' if tag == 'throughput_10k' else 'registered_large', {}).get('bytes', 0) / 1e6:.1f} MB "
                           f"registered = {tl['index_rss_mb_per_registered_mb']} MB per registered MB")
            out.append("")
        pr = r.get("peers_recall", {})
        for tool in ("ssdeep", "tlsh"):
            if tool in pr:
                cells = pr[tool]["cells"]
                lengths = sorted({x["length"] for x in cells})
                noises = sorted({x["noise"] for x in cells})
                out += [f"## Recall of {tool} on the same cases (subset), rule: {pr[tool]['rule']}", "",
                        grid(cells, lengths, noises), ""]
    vpath = os.path.join(d, "verify.json")
    if os.path.exists(vpath):
        with open(vpath) as f:
            v = json.load(f)
        out += ["## Verify", "",
                f"- {v['trials']} leaks of {v['leak_words']} words ({os.path.basename(v['text'])}), "
                f"{100 * v['noise_rate']:.0f}% typing noise, planted changes found: "
                f"{v['planted_found']}/{v['planted']} = {pct(v['recall'])} (target 100%); "
                "by kind: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in v["recall_by_kind"].items()),
                f"- false alterations from noise: {v['false_alteration_words']} of "
                f"{v['aligned_words']} aligned words = {100 * v['false_alteration_rate']:.2f}% (target < 1%)",
                f"- classification once the document is known: {v['classify_ms_median']} ms median per leak"]
        if "vault_verify_ms_median" in v:
            out += [f"- against {v.get('vault_docs')} registered documents: whole `verify` "
                    f"{v['vault_verify_ms_median']} ms (of which loading the index "
                    f"{v['index_load_ms_median']} ms); with the index loaded: candidates "
                    f"{v['candidates_ms_median']} ms + verify {v['verify_doc_known_ms_median']} ms "
                    f"= {v['verify_with_loaded_index_ms']:.1f} ms (target ≤ 100 ms)"]
        out.append("")
    for extra in ("trace.json", "scan.json", "verify.json"):
        if os.path.exists(os.path.join(d, extra)):
            out.append(f"See also `{extra}`.")
    with open(os.path.join(d, "SUMMARY.md"), "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
