#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""corpus.py: build the benchmark corpora of `make bench` from real prose that Debian packages
install (licences, copyright files, manuals, READMEs), never from generated word salad.

Two disjoint pools are built from disjoint sets of packages:
  registered pool: licences, /usr/share/doc/*/copyright, Debian policy, the GNU coding
      standards, the developer's reference, the Debian reference, maint-guide, Python's and
      Perl's manuals, git's manual, README/NEWS/FAQ/manual files under /usr/share/doc;
  unrelated pool: the Linux kernel documentation, PostgreSQL's and Django's manuals, Node.js
      API docs, the Debian Administrator's Handbook (en-US), the Linux man pages, fortunes,
      the GIMP and GnuCash manuals (English), Vim's help files, the Rust books.
Text is extracted per format (plain, gzip, HTML, reStructuredText, POD, Texinfo info, roff),
split into paragraphs, kept only when it reads as prose (mostly letters, at least 6 words, few
code symbols), and deduplicated: a paragraph seen before anywhere is dropped, and an unrelated
paragraph that shares any sentence of 50+ letters with the registered pool is dropped, so the
haystack contains no registered text (a finding there is a false finding, not a true one).

Registered paragraphs are packed into memo-sized documents (about 2 KB, split on paragraph
boundaries, wrapped at 72 columns) and shuffled with a fixed seed:
  work/reg/dNNNNNN.txt      every registered document
  work/reg10k.list          the first 10,000 (about 20 MB): the standard registered set
  work/large.list           all of them: the large registered set (as large as the pool is)
  work/unrelated.txt        the unrelated haystack: all unrelated prose, each paragraph once
  work/manifest.json        sources, sizes, counts, seed
Everything is deterministic for a given set of installed packages and seed.

Usage: corpus.py [--work DIR] [--seed N] [--force]
"""
import argparse
import glob
import gzip
import hashlib
import html.parser
import json
import os
import random
import re
import sys
import textwrap

# ---------------------------------------------------------------------------------------
# sources: (pool, label, glob pattern(s), format)

REGISTERED = [
    ("common-licenses", ["/usr/share/common-licenses/*"], "text"),
    ("copyright", ["/usr/share/doc/*/copyright"], "copyright"),
    ("debian-policy", ["/usr/share/doc/debian-policy/*.txt.gz"], "rst"),
    ("gnu-standards", ["/usr/share/info/standards.info.gz", "/usr/share/info/maintain.info.gz"], "info"),
    ("developers-reference", ["/usr/share/developers-reference/_sources/*.txt"], "rst"),
    ("debian-reference", ["/usr/share/debian-reference/*.en.html"], "html"),
    ("maint-guide", ["/usr/share/doc/maint-guide/*.en.txt.gz", "/usr/share/doc/maint-guide/html/*.en.html"], "html-or-text"),
    ("python3.11-doc", ["/usr/share/doc/python3.11/html/_sources/**/*.txt"], "rst"),
    ("perl-doc", ["/usr/share/perl/5.*/pod/*.pod"], "pod"),
    ("git-doc", ["/usr/share/doc/git-doc/*.txt", "/usr/share/doc/git-doc/**/*.txt"], "rst"),
    ("gnu-info", ["/usr/share/info/coreutils.info.gz", "/usr/share/info/gnupg.info*.gz",
                  "/usr/share/info/find.info*.gz", "/usr/share/info/bash.info.gz",
                  "/usr/share/info/sed.info.gz", "/usr/share/info/grep.info.gz",
                  "/usr/share/info/gettext.info.gz", "/usr/share/info/wget.info.gz",
                  "/usr/share/info/diffutils.info.gz"], "info"),
    ("doc-readmes", ["/usr/share/doc/*/README*", "/usr/share/doc/*/NEWS*", "/usr/share/doc/*/FAQ*",
                     "/usr/share/doc/*/*manual*", "/usr/share/doc/*/*.md.gz", "/usr/share/doc/*/*.txt.gz"],
     "text"),
]

UNRELATED = [
    ("linux-doc", ["/usr/share/doc/linux-doc-*/Documentation/**/*.rst.gz",
                   "/usr/share/doc/linux-doc-*/Documentation/**/*.txt.gz"], "rst"),
    ("postgresql-doc", ["/usr/share/doc/postgresql-doc-*/html/*.html"], "html"),
    ("django-doc", ["/usr/share/doc/python-django-doc/html/**/*.html"], "html"),
    ("nodejs-doc", ["/usr/share/doc/nodejs/api/*.md.gz", "/usr/share/doc/nodejs/api/*.md"], "rst"),
    ("debian-handbook", ["/usr/share/doc/debian-handbook/html/en-US/*.html"], "html"),
    ("man-pages", ["/usr/share/man/man2/*.gz", "/usr/share/man/man3/*.gz", "/usr/share/man/man7/*.gz",
                   "/usr/share/man/man5/*.gz"], "roff"),
    ("fortunes", ["/usr/share/games/fortunes/*"], "fortune"),
    ("gimp-help-en", ["/usr/share/gimp/2.0/help/en/**/*.html"], "html"),
    ("gnucash-docs", ["/usr/share/doc/gnucash-docs/gnucash-guide-en/*.html",
                      "/usr/share/doc/gnucash-docs/gnucash-help-en/*.html"], "html"),
    ("vim-doc", ["/usr/share/vim/vim*/doc/*.txt"], "text"),
    ("rust-doc", ["/usr/share/doc/rust-doc/html/" + d + "/**/*.html"
                  for d in ("book", "rust-by-example", "reference", "rustc", "nomicon", "embedded-book",
                            "edition-guide", "rustdoc", "cargo")], "html"),
]

# Packages a skipped source comes from, for the manifest (installed by install-deps --bench).
DOC_MEMO_MIN, DOC_MEMO_TARGET, DOC_MEMO_MAX = 1000, 1800, 2600
REG10K = 10000


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return ""
    if b"\0" in data[:4096]:
        return ""
    return data.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------
# format extractors: each returns text whose paragraphs are separated by blank lines

class _HTML(html.parser.HTMLParser):
    SKIP = {"script", "style", "pre", "head", "title", "nav", "table"}
    BLOCK = {"p", "div", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "br", "blockquote",
             "section", "ul", "ol", "dl", "tr", "td", "th", "hr", "article", "aside"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data.replace("\n", " "))


def from_html(text):
    p = _HTML()
    try:
        p.feed(text)
        p.close()
    except Exception:  # malformed HTML: keep what was parsed
        pass
    return "".join(p.out)


def from_rst(text):
    out, in_literal = [], False
    for line in text.split("\n"):
        s = line.strip()
        if in_literal:
            if s and not line[:1].isspace():
                in_literal = False
            else:
                out.append("")
                continue
        if s.startswith(".. ") or s.startswith("::") or re.fullmatch(r"([=\-~^*+#`'\"_.:])\1{2,}", s):
            out.append("")
            if s.endswith("::"):
                in_literal = True
            continue
        if s.endswith("::"):
            in_literal = True
            line = line.rstrip()[:-1]
        if s.startswith("|") or s.startswith("+-") or s.startswith(">>>") or s.startswith("$ "):
            out.append("")
            continue
        line = re.sub(r":[a-z:]+:`([^`<]*)(<[^>]*>)?`", r"\1", line)
        line = re.sub(r"`+([^`]*?)`+_*", r"\1", line)
        line = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", line)
        out.append(line)
    return "\n".join(out)


def from_pod(text):
    out, verbatim = [], False
    for line in text.split("\n"):
        if line.startswith("="):
            out.append("")
            continue
        if line[:1] in (" ", "\t"):
            out.append("")
            continue
        line = re.sub(r"[A-Z]<<+ (.*?) >>+", r"\1", line)
        for _ in range(3):
            line = re.sub(r"[A-Z]<([^<>]*)>", lambda m: m.group(1).split("|")[0], line)
        out.append(line)
    _ = verbatim
    return "\n".join(out)


def from_info(text):
    out = []
    for line in text.split("\n"):
        if "\x1f" in line or line.startswith("File: ") or line.startswith("* ") or line.startswith("   "):
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def from_roff(text):
    out = []
    for line in text.split("\n"):
        if line.startswith(".") or line.startswith("'"):
            if line.startswith((".PP", ".LP", ".P ", ".SH", ".SS", ".TP", ".IP", ".nf", ".fi", ".EX")):
                out.append("")
            continue
        line = re.sub(r"\\f[BIRP]|\\f\(..|\\f\[[A-Z]*\]", "", line)
        line = re.sub(r"\\[-e&|^]", lambda m: "-" if m.group(0) == "\\-" else "", line)
        line = re.sub(r"\\\(..|\\\[[a-z]+\]|\\\*.", "", line)
        out.append(line)
    return "\n".join(out)


def from_copyright(text):
    out = []
    for line in text.split("\n"):
        if line.strip() == ".":
            out.append("")
        elif re.match(r"^[A-Za-z-]+:", line):
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def from_fortune(text):
    return text.replace("\n%\n", "\n\n")


def extract(path, fmt):
    text = read_bytes(path)
    if not text:
        return ""
    if fmt == "html-or-text":
        fmt = "html" if path.endswith(".html") else "text"
    if fmt == "text" and (path.endswith(".md.gz") or path.endswith(".md")):
        fmt = "rst"
    return {"html": from_html, "rst": from_rst, "pod": from_pod, "info": from_info, "roff": from_roff,
            "copyright": from_copyright, "fortune": from_fortune, "text": lambda t: t}[fmt](text)


# ---------------------------------------------------------------------------------------
# paragraphs and the prose filter

_WS = re.compile(r"\s+")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_CODEY = re.compile(r"[{}\[\]<>=;$@#\\|~^]")


def paragraphs(text):
    for block in re.split(r"\n\s*\n", text):
        p = _WS.sub(" ", block).strip()
        if p:
            yield p


def is_prose(p):
    if len(p) < 60:
        return False
    words = p.split(" ")
    if len(words) < 8:
        return False
    letters = sum(c.isalpha() for c in p)
    if letters < 0.62 * len(p):
        return False
    ascii_letters = sum(("a" <= c <= "z") or ("A" <= c <= "Z") for c in p)
    if ascii_letters < 0.9 * letters:
        return False
    if len(_CODEY.findall(p)) > 0.025 * len(p):
        return False
    long_words = sum(len(w) > 25 for w in words)
    if long_words > 0.05 * len(words):
        return False
    avg = letters / len(words)
    return 3.0 <= avg <= 9.0


def key(s):
    return hashlib.blake2b(re.sub(r"[^a-z0-9]", "", s.lower()).encode(), digest_size=12).digest()


def sentence_keys(p):
    for s in _SENT.split(p):
        letters = re.sub(r"[^a-z]", "", s.lower())
        if len(letters) >= 50:
            yield hashlib.blake2b(letters.encode(), digest_size=12).digest()


def source_files(patterns):
    files = set()
    for pat in patterns:
        for f in glob.glob(pat, recursive=True):
            if os.path.isfile(f) and not os.path.islink(f):
                files.add(f)
    return sorted(files)


def collect(pool, seen, reg_sentences, manifest, exclude):
    """Yield (label, path, [paragraphs]) for one pool, updating the dedup sets."""
    for label, patterns, fmt in pool:
        files = [f for f in source_files(patterns) if f not in exclude]
        exclude.update(files)
        nfiles, nbytes, npar = 0, 0, 0
        for path in files:
            try:
                text = extract(path, fmt)
            except OSError:
                continue
            keep = []
            for p in paragraphs(text):
                if not is_prose(p):
                    continue
                k = key(p)
                if k in seen:
                    continue
                seen.add(k)
                sks = list(sentence_keys(p))
                if reg_sentences is not None and manifest["_phase"] == "registered":
                    reg_sentences.update(sks)
                elif reg_sentences is not None and any(s in reg_sentences for s in sks):
                    continue
                keep.append(p)
            if keep:
                nfiles += 1
                npar += len(keep)
                nbytes += sum(len(p.encode()) + 2 for p in keep)
                yield label, path, keep
        manifest["sources"].append({"pool": manifest["_phase"], "source": label, "files": nfiles,
                                    "paragraphs": npar, "bytes": nbytes})
        print(f"corpus: {manifest['_phase']:10s} {label:22s} {nfiles:6d} files {nbytes / 1e6:8.2f} MB",
              file=sys.stderr)


def split_long(p):
    if len(p) <= DOC_MEMO_MAX:
        return [p]
    parts, cur = [], ""
    for s in _SENT.split(p):
        if cur and len(cur) + 1 + len(s) > DOC_MEMO_TARGET:
            parts.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}" if cur else s
    if cur:
        parts.append(cur)
    out = []
    for q in parts:  # a "sentence" longer than a memo: cut at word boundaries
        while len(q) > DOC_MEMO_MAX:
            cut = q.rfind(" ", 0, DOC_MEMO_TARGET)
            cut = cut if cut > 0 else DOC_MEMO_TARGET
            out.append(q[:cut])
            q = q[cut:].lstrip()
        out.append(q)
    return out


def memos(paras):
    """Pack one file's paragraphs into memos of about 2 KB, on paragraph boundaries."""
    buf, size = [], 0
    for p in paras:
        for q in split_long(p):
            if buf and size + len(q) > DOC_MEMO_MAX:
                if size >= DOC_MEMO_MIN:
                    yield buf
                buf, size = [], 0
            buf.append(q)
            size += len(q) + 2
            if size >= DOC_MEMO_TARGET:
                yield buf
                buf, size = [], 0
    if size >= DOC_MEMO_MIN:
        yield buf


def render(buf):
    return "\n\n".join(textwrap.fill(p, width=72, break_long_words=False, break_on_hyphens=False)
                       for p in buf) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"))
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    man_path = os.path.join(a.work, "manifest.json")
    if os.path.exists(man_path) and not a.force:
        print(f"corpus: {man_path} exists (use --force to rebuild)", file=sys.stderr)
        return 0
    os.makedirs(os.path.join(a.work, "reg"), exist_ok=True)
    for f in glob.glob(os.path.join(a.work, "reg", "*.txt")):
        os.unlink(f)

    manifest = {"seed": a.seed, "sources": [], "_phase": "registered"}
    seen, reg_sentences, exclude = set(), set(), set()
    docs = []
    for _label, _path, paras in collect(REGISTERED, seen, reg_sentences, manifest, exclude):
        docs.extend(render(b) for b in memos(paras))
    manifest["_phase"] = "unrelated"
    unrelated_bytes = 0
    with open(os.path.join(a.work, "unrelated.txt.tmp"), "w", encoding="utf-8") as hay:
        for _label, _path, paras in collect(UNRELATED, seen, reg_sentences, manifest, exclude):
            for p in paras:
                t = textwrap.fill(p, width=72, break_long_words=False, break_on_hyphens=False) + "\n\n"
                hay.write(t)
                unrelated_bytes += len(t.encode())
    os.replace(os.path.join(a.work, "unrelated.txt.tmp"), os.path.join(a.work, "unrelated.txt"))

    rng = random.Random(a.seed)
    rng.shuffle(docs)
    names = []
    for i, d in enumerate(docs):
        name = f"d{i:06d}.txt"
        with open(os.path.join(a.work, "reg", name), "w", encoding="utf-8") as f:
            f.write(d)
        names.append(name)
    n10k = min(REG10K, len(names))
    with open(os.path.join(a.work, "reg10k.list"), "w") as f:
        f.write("".join(n + "\n" for n in names[:n10k]))
    with open(os.path.join(a.work, "large.list"), "w") as f:
        f.write("".join(n + "\n" for n in names))
    sizes = [len(d.encode()) for d in docs]
    del manifest["_phase"]
    manifest.update({
        "registered_docs": len(docs),
        "registered_bytes": sum(sizes),
        "reg10k_docs": n10k,
        "reg10k_bytes": sum(sizes[:n10k]),
        "doc_bytes_min": min(sizes) if sizes else 0,
        "doc_bytes_median": sorted(sizes)[len(sizes) // 2] if sizes else 0,
        "doc_bytes_max": max(sizes) if sizes else 0,
        "unrelated_bytes": unrelated_bytes,
    })
    with open(man_path, "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"corpus: {len(docs)} registered documents ({sum(sizes) / 1e6:.1f} MB; first {n10k}: "
          f"{sum(sizes[:n10k]) / 1e6:.1f} MB), unrelated haystack {unrelated_bytes / 1e6:.1f} MB",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
