#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""summary.py: write bench/results/SUMMARY.md, a short human summary of the JSON results of
`make bench` (detect.json, or detect-quick.json when only a quick run exists; verify.json is
summarized, trace.json and scan.json are linked when present; scale.json gives one row per
size).  Only figures found in the JSON are shown.

Usage: summary.py RESULTS_DIR
"""
import json
import os
import sys


def pct(x):
    return "–" if x is None else f"{100 * x:.1f}%"


def grid(cells, lengths, noises, fmt=None):
    fmt = fmt or (lambda c: f"{pct(c['recall'])} ({c['found']}/{c['trials']})")
    by = {(c["length"], c["noise"]): c for c in cells}
    rows = ["| chars \\ noise | " + " | ".join(f"{n}%" for n in noises) + " |",
            "|---|" + "---|" * len(noises)]
    for L in lengths:
        row = []
        for n in noises:
            c = by.get((L, n))
            row.append("–" if not c else fmt(c))
        rows.append(f"| {L} | " + " | ".join(row) + " |")
    return "\n".join(rows)


def threads_cell(t):
    """The threads measurement of a scale step: 'x1.85 at N = 2 (yes)'."""
    if not t:
        return "–"
    return f"x{t['speedup']} at N = {t['threads']} ({'yes' if t['identical'] else 'NO'})"


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
                (f"- unrelated haystack: {c.get('unrelated_bytes', 0) / 1e6:.1f} MB of distinct prose from "
                 "other packages, " + (f"after dropping {c['unrelated_dropped_paragraphs']} paragraphs "
                 f"({c['unrelated_dropped_bytes'] / 1e6:.1f} MB, "
                 f"{100 * c['unrelated_dropped_bytes'] / (c['unrelated_dropped_bytes'] + c['unrelated_bytes']):.1f}%) "
                 f"that share text with the whole registered pool: {c.get('cleaner')}; every finding "
                 "there is false by construction" if "unrelated_dropped_bytes" in c else
                 "(no shared paragraph or 50-letter sentence)")), ""]
        if "telltale_error" in r:
            out += [f"**telltale was not measured**: {r['telltale_error']}", ""]
        rec = r.get("recall")
        if rec:
            cells = rec["cells"]
            lengths = sorted({x["length"] for x in cells})
            noises = sorted({x["noise"] for x in cells})
            scored = "found_exact_doc" in cells[0]
            out += ["## Recall, telltale, 10k registered", ""]
            if scored:
                out += [f"Rule: {rec['rule']}.", "",
                        "### Found: a document holding the excerpt's text", "",
                        grid(cells, lengths, noises), ""]
            else:
                out += [grid(cells, lengths, noises), ""]
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
            if scored:
                nff = sum(x["false_findings"] for x in cells)
                out += [f"- leak cases with a finding whose matched registered text is not the excerpt's "
                        f"(real errors): {wrong} of {sum(x['trials'] for x in cells)} ({nff} findings)",
                        f"- leak cases with a true partial finding of another document (it shares a passage "
                        f"of the excerpt): {sum(x.get('partial_other_doc', 0) for x in cells)}", "",
                        "### Found: the exact document the excerpt was cut from (the old rule)", "",
                        grid(cells, lengths, noises,
                             lambda c: f"{pct(c['recall_exact_doc'])} ({c['found_exact_doc']}/{c['trials']})"), "",
                        "### Excerpts whose text ≥ 2 registered documents hold: found / such excerpts", "",
                        grid(cells, lengths, noises,
                             lambda c: f"{c['text_in_2plus_docs_found']}/{c['text_in_2plus_docs']}"), "",
                        "### Recall on excerpts whose text only one registered document holds", "",
                        grid(cells, lengths, noises, lambda c: pct(c["recall_text_in_1_doc"])), "",
                        "### False findings on leak posts (real errors): cases with a finding whose matched "
                        "registered text is not the excerpt's (findings)", "",
                        grid(cells, lengths, noises, lambda c: f"{c['wrong_doc']} ({c['false_findings']})"), ""]
                if "partial_other_doc" in cells[0]:
                    out += ["### True partial findings of other documents on leak posts: cases with a finding "
                            "of another document that shares a passage of the excerpt (findings)", "",
                            grid(cells, lengths, noises,
                                 lambda c: f"{c['partial_other_doc']} ({c['partial_findings']})"), ""]
            else:
                out += [f"- leak cases with a finding of some other document: {wrong} of "
                        f"{sum(x['trials'] for x in cells)}", ""]
        ff = r.get("false_findings")
        if ff and "findings" in ff:
            out += ["## False findings", "",
                    f"{ff['findings']} findings in {ff['haystack_bytes'] / 1e6:.1f} MB of unrelated prose "
                    f"scanned as one stream = {ff['per_100mb']} per 100 MB (target < 1); {ff.get('note', '')}.", ""]
            if "posts_findings" in ff:
                out += [f"The same bytes as posts of at most {ff.get('post_bytes')} bytes (`scan --jsonl`): "
                        f"{ff['posts_findings']} findings = {ff['posts_per_100mb']} per 100 MB.", ""]
            mw = [x.get("matched_words") for x in ff.get("sample", []) if x.get("matched_words") is not None]
            if mw:
                out += [f"Matched words of the first {len(mw)} findings: {', '.join(map(str, mw))}.", ""]
        fs = r.get("false_findings_same_sources")
        if fs and "findings" in fs:
            out += [f"On the {fs.get('docs')} registered-pool documents outside the 10k set "
                    f"({fs['haystack_bytes'] / 1e6:.1f} MB, same sources; shared text possible, not all false): "
                    f"{fs['findings']} findings = {fs['per_100mb']} per 100 MB.", ""]
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
            if "index_bytes_per_registered_byte" in tl:
                reg_b = r.get('registered' if tag == 'throughput_10k' else 'registered_large', {}).get('bytes', 0)
                out.append(f"\nIndex memory: {tl['index_rss_kib'] / 1024:.1f} MiB resident for "
                           f"{reg_b / 1e6:.1f} MB registered = {tl['index_bytes_per_registered_byte']} bytes per "
                           f"registered byte ({tl['index_bytes_per_registered_byte']:.2f} MB per registered MB; "
                           f"{tl['index_rss_method']}; 1-byte scan peak {tl['rss_index_loaded_kib'] // 1024} MiB, "
                           f"empty vault {tl['rss_empty_vault_kib'] // 1024} MiB)")
            out.append("")
        pr = r.get("peers_recall", {})
        for tool in ("ssdeep", "tlsh"):
            if tool in pr:
                cells = pr[tool]["cells"]
                lengths = sorted({x["length"] for x in cells})
                noises = sorted({x["noise"] for x in cells})
                out += [f"## Recall of {tool} on the same cases (subset), rule: {pr[tool]['rule']}", "",
                        grid(cells, lengths, noises), ""]
    quick = name.endswith("-quick.json")
    sfx = "-quick" if quick else ""
    sc = os.path.join(d, f"scan{sfx}.json")
    if os.path.exists(sc):
        try:
            with open(sc) as f:
                j = json.load(f)
            keys = ("k", "w", "docs", "registered_bytes", "haystack_bytes", "excerpt_chars", "noise", "excerpts",
                    "found", "recall", "false_findings", "false_per_100mb", "scan_seconds", "mb_per_s",
                    "index_bytes", "index_bytes_per_registered_byte", "build_seconds")
            shown = {k: j[k] for k in keys if k in j} or {k: v for k, v in j.items() if not isinstance(v, (list, dict))}
            out += [f"## Scan bench (`scan{sfx}.json`, bench_scan: in-memory index, no vault)", "",
                    ", ".join(f"{k} = {v}" for k, v in shown.items()), ""]
        except (OSError, ValueError) as e:
            out += [f"## Scan bench: `scan{sfx}.json` unreadable ({e})", ""]
    tr = os.path.join(d, f"trace{sfx}.json")
    if os.path.exists(tr):
        try:
            with open(tr) as f:
                j = json.load(f)
            out += [f"## Trace bench (`trace{sfx}.json`, bench_trace: {j.get('document')}, "
                    f"{j.get('recipients')} recipients, accusation when n x bound <= {j.get('max_false')}, "
                    f"{j.get('trials_per_point')} trials per point)", ""]
            def first_full(pts, key):
                return next((p["words"] for p in pts if p.get(key, 0) >= 1.0), None)

            for cfg in j.get("single_leaker", []):
                pts = cfg.get("points", [])
                w = first_full(pts, "named")
                out.append(f"- one leaker, {cfg.get('config')}: first named in every trial at "
                           f"{w if w is not None else 'never (in the range tried)'} words; innocents named: "
                           f"{sum(p.get('innocents_named', 0) for p in pts)}")
            tc = j.get("three_colluders") or {}
            for st in tc.get("strategies", []):
                pts = st.get("points", [])
                w = first_full(pts, "at_least_one_named")
                out.append(f"- {tc.get('collusion')} colluders, {st.get('strategy')}: at least one named in every trial first at "
                           f"{w if w is not None else 'never (in the range tried)'} words; innocents "
                           f"named: {sum(p.get('innocents_named', 0) for p in pts)}")
            for sim in j.get("innocent_simulation", []):
                thr = sim.get('threshold_score')
                thr = "none reachable (too few slots read to accuse anyone)" if thr in (None, -1, -1.0) else thr
                out.append(f"- {sim.get('innocents')} innocents, {sim.get('config')}: best innocent score "
                           f"{sim.get('best_innocent_score')} vs threshold {thr} "
                           f"(n x bound {sim.get('best_innocent_n_times_bound')}; never accused: "
                           f"{sim.get('never_below_threshold')})")
            for k in ("scoring_10000_recipients_2000_slots_seconds", "issue_10000_copies_seconds"):
                if k in j:
                    out.append(f"- {k.replace('_', ' ')}: {j[k]}")
            out.append("")
        except (OSError, ValueError) as e:
            out += [f"## Trace bench: `trace{sfx}.json` unreadable ({e})", ""]
    vpath = os.path.join(d, f"verify{sfx}.json")
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
    spath = os.path.join(d, "scale.json")
    if os.path.exists(spath):
        try:
            with open(spath) as f:
                sc = json.load(f)
            steps = sc.get("steps", [])
            out += ["## Scale (`scale.json`, `scale.md`)", "",
                    f"Measured {sc.get('date')} at {sc.get('git')}; sizes and counts exact, times "
                    "under the load the table in `scale.md` gives.", "",
                    "| documents | index B/B | vault / text | open net (s) | scan MB/s "
                    "(÷ Hyperscan) | false: stream / posts (per 100 MB) | threads 1 → N speed-up "
                    "(identical) | recall 2% | recall 5% |",
                    "|---|---|---|---|---|---|---|---|---|"]
            for st in steps:
                r = st.get("recall_150", {})
                out.append(
                    f"| {st['docs']:,} | {st.get('index_bytes_per_registered_byte')} | "
                    f"{st.get('vault_x_registered')}x | {st.get('open_net_s')} | "
                    f"{st.get('scan_mb_per_s_net')} ({st.get('ratio_telltale_to_hyperscan', '–')}) | "
                    f"{st.get('false_findings')} ({st.get('false_per_100mb')}) / "
                    f"{st.get('posts_false_findings', '–')} ({st.get('posts_false_per_100mb', '–')}) | "
                    f"{threads_cell(st.get('threads'))} | {pct(r.get('noise_2', {}).get('recall'))} | "
                    f"{pct(r.get('noise_5', {}).get('recall'))} |")
            out.append("")
        except (OSError, ValueError, KeyError, TypeError) as e:
            out += [f"## Scale: `scale.json` unreadable ({e})", ""]
    with open(os.path.join(d, "SUMMARY.md"), "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
