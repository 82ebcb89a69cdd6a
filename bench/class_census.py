#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""class_census.py: how often real prose has each candidate slot class, measured before a rule
is built (docs/parts/natural.md, tables 6 and 7).

    python3 bench/class_census.py [--examples N] NAME=GLOB...

For each corpus (a glob of text files; .html files are reduced to text) one JSON line: files,
white-space words, and per class the count and the count per 100 words.  The patterns are
looser than a rule would be (a rule only refuses more places), so each figure is an upper
bound for its class.  Classes:
  adj-pair       two adjectives by suffix (-al, -ic, -ive, -ous, -ful, -able, -ible, -ary) and a
                 noun, after a determiner or preposition ("the primary and secondary servers")
  bare-nouns     two bare nouns after a preposition, noun endings as table 4, then the end of
                 the phrase ("on files and directories.")
  det-nouns      two determiner + one-word noun phrases, then the end ("the fonts or their
                 derivatives.")
  det-phrases    two determiner + 1-3 word phrases after a preposition or an object verb, then
                 punctuation or a verb of being ("to the ring road and the rail terminal.")
  det-phrases-strict  the same ending at punctuation, the preposition after a verb (-ed), a
                 comma or a function word
  as-well-as     "X as well as Y"
  gerunds        two -ing words after a preposition ("by modifying or distributing")
  approx         about / around / approximately / roughly before a number, guarded as
                 approx-word (slots.c) is
Candidates of table 7 (counted before it was built):
  intro-comma-2  a sentence opened by a preposition and one or two words ("In 2019, the",
                 "After the meeting, we"), then a comma and a clause start: the existing
                 intro-comma rule needs three words before the comma
  intro-bare     the same without the comma ("In 2019 the", "In this case we")
  intro-bare-num the same without the comma, the phrase a number or year ("In 2019 we")
  all-of         all / both / half + of + determiner ("all of the rights")
  all-det        all / both / half + determiner, no "of" ("all the rights")
  however-first  "However," opening a sentence
  however-mid    ", however," inside a sentence
  whether-or-not, in-order-to, so-as-to   for reference (tables 4 has them one way)
  that-verb      "VERB that" + a clause start, VERB a past or present form (-ed, -s) not in
                 tables 1-4's lists (which verbs, in the examples)
  percent        "N percent" / "N per cent" / "N%"
Nothing here is asserted.
"""
import collections
import glob
import html.parser
import json
import os
import re
import sys

FW = set("""the a an this that these those its their his her our your my all any such some each
every of for in on to with by from at as about into onto upon under over between among through
during without within against and or but nor not is are was were be been being will shall may
might can could would should must do does did has have had it they we you he she i which who
whom whose what when where while if than then so""".split())
PREP = set("""of for in on to with by from at about into onto upon under over between among
through during without within against via regarding concerning including toward towards
across""".split())
DET = set("the this these those its their his her our your all any such".split())
DETA = set("a an her his its our the their these this those your".split())
AFTER = set("are as at by for from in is of on shall to under was were will with within without".split())
AFTERA = set("are can could had has have is may might must shall should was were will would".split())
VERBS = set("""contain contains cover covers include includes need needs provide provides receive
receives require requires review reviews use uses""".split())
BLOCK = set("""afternoon april august beginning billion bronze day days december dinner eight eighth
eleven end evening february fifth five four fourth friday future gold high hour hours hundred
january july june large low lunch march may medium middle million minute minutes monday month
months morning night nine ninth noon november october one past present saturday september seven
seventh silver six sixth small sunday ten tenth thousand three thursday today tomorrow tuesday
two wednesday week weeks year years yesterday breakfast start stage stages step steps phase
phases round level levels""".split())
ADJSUF = ("al", "ic", "ive", "ous", "ful", "able", "ible", "ary", "ical")
ADJNOUN = set("""approval proposal rental individual material official original capital general
principal potential criminal professional arrival withdrawal removal terminal signal journal
animal hospital interval manual total rival festival metal crystal portal medal pedal petal
canal denial trial dial deal meal seal steal appeal reveal heal real ideal tutorial editorial
memorial rational tribal recital referral survival disposal refusal renewal dismissal burial
betrayal retrieval upheaval rehearsal perusal reversal ritual annual serial public music logic
topic traffic republic clinic mechanic critic magic graphic panic picnic tactic fabric rhetoric
arithmetic epic comic lyric tonic basic executive representative objective initiative
alternative detective relative native incentive directive archive motive explosive narrative
perspective collective adhesive derivative olive captive sedative additive preservative
locomotive operative table cable variable vegetable deliverable receivable payable stable fable
constable syllable timetable secretary library dictionary summary boundary salary glossary
beneficiary anniversary commentary documentary binary itinerary sanctuary vocabulary diary
canary mortuary luminary emissary adversary handful spoonful mouthful""".split())
NOT_GERUND = set("""thing string nothing something anything everything building meeting morning
evening during spring ceiling warning setting settings king ring wing sibling pudding wedding
bring swing sing sting offspring ending heading timing being opening feeling clothing""".split())
NUMW = set("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
ninety hundred thousand million dozen""".split())
APPROX_BEFORE = set("""after at before by during for from in into of over per than to under until
with within without add adds added cost costs costing hold holds held last lasts lasted reach
reaches reached take takes took taking total totals totalled totaled weigh weighs
weighed""".split())
NEG = set("a an any never no none not nothing".split())


def noun(w):
    if len(w) < 5 or not w.isalpha() or not w.islower():
        return False
    for s in ("tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ance",
              "ances", "ence", "ences", "ship", "ships", "ism", "isms"):
        if w.endswith(s) and len(w) > len(s) + 1:
            return True
    return w.endswith("s") and w[-2] not in "sui" and w not in FW


def adj(w):
    return len(w) >= 5 and w.isalpha() and w.islower() and w.endswith(ADJSUF) and w not in ADJNOUN


def gerund(w):
    return len(w) >= 6 and w.isalpha() and w.islower() and w.endswith("ing") and w not in NOT_GERUND


def content(w):
    if not (w.isalpha() and w.islower() and len(w) >= 2):
        return False
    if (len(w) > 4 and (w.endswith("ly") or w.endswith("ed"))) or (len(w) > 5 and w.endswith("ing")):
        return False
    return w not in FW and w not in BLOCK


def is_number(w):
    return w[0].isdigit() or w.lower().split("-")[0] in NUMW


def ends(w):
    return w in ".,;:)!?"


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "pre", "code"):
            self.skip += 1
        if tag in ("p", "div", "li", "h1", "h2", "h3", "br", "tr"):
            self.out.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre", "code"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def read(path):
    t = open(path, errors="replace").read()
    if path.endswith((".html", ".htm")):
        p = Text()
        p.feed(t)
        t = "".join(p.out)
    return t


def item_ends(tk, i):
    """Ends (exclusive) of a determiner + 1..3 content words starting at i."""
    if i >= len(tk) or tk[i] not in DETA:
        return []
    out, j = [], i + 1
    while j < len(tk) and j - i <= 3 and content(tk[j]):
        j += 1
        out.append(j)
    return out


def census(text, c, ex, nex):
    def hit(k, s):
        c[k] += 1
        if len(ex[k]) < nex:
            ex[k].append(s)

    tk = [m.group(0) for m in re.finditer(r"[A-Za-z][A-Za-z'-]*|\d[\d.,]*\d|\d|[^\sA-Za-z\d]", text)]
    n = len(tk)
    for i in range(1, n - 3):
        a, b, cj, d, e = tk[i - 1], tk[i], tk[i + 1], tk[i + 2], tk[i + 3]
        if cj in ("and", "or"):
            if (a.lower() in DET or a in PREP) and adj(b) and adj(d) and b != d and e.isalpha() \
                    and e.islower() and e not in FW and not e.endswith("ly"):
                hit("adj-pair", " ".join(tk[i - 1:i + 4]))
            if a in PREP and noun(b) and noun(d) and b != d and (ends(e) or e in AFTER):
                hit("bare-nouns", " ".join(tk[i - 1:i + 4]))
            if a in PREP and gerund(b) and gerund(d) and b != d:
                hit("gerunds", " ".join(tk[i - 1:i + 4]))
        if i + 4 < n and cj in ("and", "or") and a.lower() in DET and d in DET:
            d2, e2 = tk[i + 3], tk[i + 4]
            if noun(b) and noun(d2) and (ends(e2) or e2 in AFTER):
                hit("det-nouns", " ".join(tk[i - 1:i + 5]))
        p = tk[i - 1]
        if p in PREP or p in VERBS:
            for e1 in item_ends(tk, i):
                if e1 < n and tk[e1] in ("and", "or"):
                    for e2 in item_ends(tk, e1 + 1):
                        nx = tk[e2] if e2 < n else "."
                        if ends(nx) or nx in AFTERA:
                            s = " ".join(tk[i - 1:e2 + 1])
                            hit("det-phrases", s)
                            pp = tk[i - 2] if i >= 2 else "."
                            if ends(nx) and (p in VERBS or pp in ".,;:" or pp.endswith("ed") or pp in FW):
                                hit("det-phrases-strict", pp + " " + s)
                            break
    for i in range(n - 1):
        w = tk[i].lower()
        if w not in ("about", "around", "approximately", "roughly") or not is_number(tk[i + 1]):
            continue
        p = tk[i - 1] if i > 0 else "."
        if p.lower() in NEG:
            continue
        m = re.fullmatch(r"\d{4}", tk[i + 1])
        if m and 1500 <= int(tk[i + 1]) <= 2099:
            continue
        if w in ("approximately", "roughly") or p.lower() in APPROX_BEFORE or p in ".(,:" \
                or tk[i][0].isupper():
            hit("approx", p + " " + tk[i] + " " + tk[i + 1])
    c["as-well-as"] += len(re.findall(r"\bas well as\b", text))
    census7(tk, text, hit, c)


INTRO_PREP = set("""in on at for during after before since by under within until throughout
following from over through with without among across beyond upon""".split())
PRON = set("we they it he she i you there".split())
CLAUSE = set("""the a an this these those it they we you he she i there all any some each every
our your their his her its such most many both one""".split())
ALLDET = set("the these those its their his her our your my this that".split())
ADV_PHRASES = set("""in addition|in particular|for example|for instance|of course|in practice|in
short|in summary|in general|at present|in fact|in other words|on the other hand|at the same
time|in any case|in that case|in this case|by default|in turn|to date|so far|as usual|in the
meantime|first of all|in the end|at first|at last|at the moment|for now|in contrast|by
contrast|on the whole|as a rule|in brief|in total|in principle|in theory|in reality|in most
cases|in some cases|in many cases|in both cases|in either case|in the past|in the future|as a
result""".replace("\n", " ").split("|"))
THAT_KNOWN = set("""said says say believe believes believed think thinks thought hope hopes hoped
feel feels felt know knows knew ensure ensures ensured realize realise expect expects expected
claim claims claimed confirm confirmed confirms announced mentioned assume assumes assumed
suppose understand understands understood agree agrees agreed decide decides decided suspect
suspects suspected remember remembers remembered recall recalled realized realised learned learnt
concluded insisted promised predicted argued admitted means meant found noted guess doubt hoping
believing knowing saying estimates stated states reported reports explained explains wrote writes
indicated indicates showed shows revealed reveals acknowledged acknowledges emphasized stressed
observed recognized determined declared asserted maintained contended testified replied answered
estimated discovered noticed conceded alleged recommended suggested demonstrated""".split())


def census7(tk, text, hit, c):
    n = len(tk)
    for i in range(n - 3):
        w = tk[i]
        start = i == 0 or tk[i - 1] in (".", "!", "?", ":")
        if start and w[0].isupper() and w.lower() in INTRO_PREP:
            # phrase of 1-2 words: a number, or determiner + noun, or a content word
            for ln in (1, 2):
                ph = tk[i + 1:i + 1 + ln]
                if len(ph) < ln or i + 1 + ln >= n:
                    break
                if not all((x.isalpha() and x.islower() and not x.endswith("ing")) or x[0].isdigit()
                           for x in ph):
                    break
                if " ".join([w.lower()] + ph) in ADV_PHRASES:
                    break
                nx = tk[i + 1 + ln]
                if nx == "," and i + 2 + ln < n and tk[i + 2 + ln] in CLAUSE:
                    hit("intro-comma-2", " ".join(tk[i:i + 3 + ln]))
                    break
                if nx in CLAUSE and ph[-1] not in CLAUSE and ph[-1] not in FW:
                    hit("intro-bare", " ".join(tk[i:i + 2 + ln]))
                    if ln == 1 and ph[0][0].isdigit() and nx in PRON | {"the"}:
                        hit("intro-bare-num", " ".join(tk[i:i + 2 + ln]))
                    break
        lw = w.lower()
        if lw in ("all", "both", "half"):
            if tk[i + 1] == "of" and tk[i + 2] in ALLDET - {"this", "that"}:
                hit("all-of", " ".join(tk[i - 1:i + 4]))
            elif tk[i + 1] in ALLDET - {"this", "that"} and (i == 0 or tk[i - 1].lower() != "at"):
                hit("all-det", " ".join(tk[i - 1:i + 3]))
        if w == "However" and tk[i + 1] == "," and (i == 0 or tk[i - 1] in ".!?"):
            hit("however-first", " ".join(tk[i:i + 4]))
        if w == "however" and tk[i - 1] == "," and tk[i + 1] == ",":
            hit("however-mid", " ".join(tk[i - 3:i + 3]))
        if tk[i + 1] == "that" and tk[i + 2] in CLAUSE and w.isalpha() and w.islower() and \
                (w.endswith("ed") or (w.endswith("s") and not w.endswith("ss"))) and \
                w not in THAT_KNOWN and w not in FW:
            hit("that-verb", w)
    low = text.lower()
    c["whether-or-not"] += len(re.findall(r"\bwhether or not\b", low))
    c["in-order-to"] += len(re.findall(r"\bin order to\b", low))
    c["so-as-to"] += len(re.findall(r"\bso as to\b", low))
    c["percent"] += len(re.findall(r"\d\s*(?:%|percent\b|per cent\b)", low))


def main():
    nex, corpora = 0, []
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--examples":
            nex = int(args.pop(0))
        elif "=" in a:
            name, pat = a.split("=", 1)
            corpora.append((name, pat))
        else:
            sys.exit("usage: class_census.py [--examples N] NAME=GLOB...")
    for name, pat in corpora:
        files = sorted(f for f in glob.glob(pat) if os.path.isfile(f) and not f.endswith(".gz"))
        c, ex, words = collections.Counter(), collections.defaultdict(list), 0
        for f in files:
            t = read(f)
            words += len(t.split())
            census(t, c, ex, nex)
        classes = ("adj-pair", "bare-nouns", "det-nouns", "det-phrases", "det-phrases-strict",
                   "as-well-as", "gerunds", "approx", "intro-comma-2", "intro-bare",
                   "intro-bare-num", "all-of", "all-det", "however-first", "however-mid",
                   "whether-or-not", "in-order-to", "so-as-to", "that-verb", "percent")
        row = {"corpus": name, "files": len(files), "words": words,
               "per_100": {k: round(100 * c[k] / words, 4) if words else 0 for k in classes},
               "count": {k: c[k] for k in classes}}
        if nex:
            row["examples"] = ex
        print(json.dumps(row))


if __name__ == "__main__":
    main()
