/* SPDX-License-Identifier: Apache-2.0 */
/*
 * variants.c: the curated variant table of the lexical channel.
 *
 * Policy (what may enter this table): both forms must mean exactly the same in every
 * sentence where the rule fires; no entry changes a number, a name or a negation; capitalized
 * words inside a sentence (names, defined terms such as "License") and all-capital words are
 * never touched by slots.c; where only one direction is safe the entry is TT_VF_ONEWAY (the
 * slot exists only where the text has form a).  Spelling pairs are British/American or
 * hyphenation doublets that dictionaries list as the same word; function-word swaps are the
 * conservative few that style guides treat as pure style.  Contractions are used only in text
 * that already uses them (TT_VF_INFORMAL).  Anything doubtful stays out: a slot is worth
 * about one bit, a wrong meaning is worth a lawsuit.
 * Workload: read-only data; lookups are linear over a few hundred short strings.
 */
#include "variants.h"

#define P(a, b) {"spelling", a, b, 0}
#define H(a, b) {"hyphenation", a, b, 0}

const tt_variant_pair tt_variants__pairs[] = {
    /* hyphenation and compounding */
    H("email", "e-mail"), H("emails", "e-mails"), H("emailed", "e-mailed"),
    H("online", "on-line"), H("website", "web site"), H("websites", "web sites"),
    H("webpage", "web page"), H("webpages", "web pages"), H("database", "data base"),
    H("cooperate", "co-operate"), H("cooperates", "co-operates"),
    H("cooperated", "co-operated"), H("cooperating", "co-operating"),
    H("cooperation", "co-operation"), H("cooperative", "co-operative"),
    H("coordinate", "co-ordinate"), H("coordinates", "co-ordinates"),
    H("coordinated", "co-ordinated"), H("coordinating", "co-ordinating"),
    H("coordination", "co-ordination"), H("coordinator", "co-ordinator"),
    H("reuse", "re-use"), H("reused", "re-used"), H("reuses", "re-uses"),
    H("reusing", "re-using"), H("reusable", "re-usable"), H("preexisting", "pre-existing"),
    H("nonexclusive", "non-exclusive"), H("noncommercial", "non-commercial"),
    H("nonprofit", "non-profit"), H("sublicense", "sub-license"),
    H("sublicenses", "sub-licenses"), H("sublicensed", "sub-licensed"),
    H("sublicensing", "sub-licensing"), H("sublicensable", "sub-licensable"),
    H("worldwide", "world-wide"), H("percent", "per cent"), H("healthcare", "health care"),
    H("timeframe", "time frame"), H("decision-making", "decision making"),
    H("redistribute", "re-distribute"), H("redistributed", "re-distributed"),
    H("redistributing", "re-distributing"), H("redistribution", "re-distribution"),
    H("nonetheless", "none the less"), H("wide-ranging", "wide ranging"),
    H("email address", "e-mail address"), H("follow-up", "follow up"),
    H("third-party", "third party"), H("open-source", "open source"),
    H("full-time", "full time"), H("part-time", "part time"), H("long-term", "long term"),
    H("short-term", "short term"), H("real-time", "real time"), H("up-to-date", "up to date"),
    H("end-user", "end user"), H("end-users", "end users"), H("ebook", "e-book"),
    H("plugin", "plug-in"), H("plugins", "plug-ins"), H("backup", "back-up"),
    H("backups", "back-ups"), H("command-line", "command line"), H("filename", "file name"),
    H("filenames", "file names"), H("filesystem", "file system"),
    H("filesystems", "file systems"), H("username", "user name"), H("usernames", "user names"),
    H("homepage", "home page"), H("webserver", "web server"), H("timestamp", "time stamp"),
    H("timestamps", "time stamps"), H("runtime", "run-time"), H("keyword", "key word"),
    H("keywords", "key words"), H("dataset", "data set"), H("datasets", "data sets"),
    H("workaround", "work-around"), H("bugfix", "bug fix"), H("bugfixes", "bug fixes"),
    H("lowercase", "lower-case"), H("uppercase", "upper-case"),
    H("subdirectory", "sub-directory"), H("subdirectories", "sub-directories"),
    H("preinstalled", "pre-installed"), H("precompiled", "pre-compiled"),
    H("rebuild", "re-build"), H("reinstall", "re-install"), H("rerun", "re-run"),
    H("nonzero", "non-zero"), H("nonempty", "non-empty"), H("nonstandard", "non-standard"),
    H("multiuser", "multi-user"), H("cofounder", "co-founder"), H("coauthor", "co-author"),
    H("stand-alone", "standalone"), H("well-known", "well known"), H("mailing-list", "mailing list"),
    /* British and American spelling */
    P("focused", "focussed"), P("focusing", "focussing"), P("benefited", "benefitted"),
    P("benefiting", "benefitting"), P("judgment", "judgement"), P("judgments", "judgements"),
    P("acknowledgment", "acknowledgement"), P("acknowledgments", "acknowledgements"),
    P("analyze", "analyse"), P("analyzed", "analysed"), P("analyzing", "analysing"),
    P("catalog", "catalogue"), P("catalogs", "catalogues"), P("defense", "defence"),
    P("offense", "offence"), P("offenses", "offences"), P("fulfill", "fulfil"),
    P("fulfills", "fulfils"), P("fulfillment", "fulfilment"), P("enroll", "enrol"),
    P("enrollment", "enrolment"), P("installment", "instalment"),
    P("installments", "instalments"), P("willful", "wilful"), P("willfully", "wilfully"),
    P("skillful", "skilful"), P("gray", "grey"), P("aging", "ageing"),
    P("traveled", "travelled"), P("traveling", "travelling"), P("traveler", "traveller"),
    P("travelers", "travellers"), P("canceled", "cancelled"), P("canceling", "cancelling"),
    P("labeled", "labelled"), P("labeling", "labelling"), P("modeled", "modelled"),
    P("modeling", "modelling"), P("signaled", "signalled"), P("signaling", "signalling"),
    P("totaled", "totalled"), P("fueled", "fuelled"), P("leveled", "levelled"),
    P("channeled", "channelled"), P("counseling", "counselling"), P("center", "centre"),
    P("centers", "centres"), P("centered", "centred"), P("color", "colour"),
    P("colors", "colours"), P("colored", "coloured"), P("behavior", "behaviour"),
    P("behaviors", "behaviours"), P("behavioral", "behavioural"), P("favor", "favour"),
    P("favors", "favours"), P("favored", "favoured"), P("favorable", "favourable"),
    P("favorably", "favourably"), P("favorite", "favourite"), P("honor", "honour"),
    P("honors", "honours"), P("honored", "honoured"), P("honorable", "honourable"),
    P("labor", "labour"), P("neighbor", "neighbour"), P("neighbors", "neighbours"),
    P("neighboring", "neighbouring"), P("neighborhood", "neighbourhood"),
    P("endeavor", "endeavour"), P("endeavors", "endeavours"), P("endeavored", "endeavoured"),
    P("rumor", "rumour"), P("rumors", "rumours"), P("humor", "humour"),
    P("harbor", "harbour"), P("vigor", "vigour"), P("flavor", "flavour"),
    P("mold", "mould"), P("maneuver", "manoeuvre"), P("jewelry", "jewellery"),
    P("skeptical", "sceptical"), P("paralyze", "paralyse"), P("paralyzed", "paralysed"),
    P("burned", "burnt"), P("spelled", "spelt"),
    {"spelling", "learnt", "learned", TT_VF_ONEWAY},
    /* function words and set phrases */
    {"function-word", "toward", "towards", 0},
    {"function-word", "afterward", "afterwards", 0},
    {"function-word", "among", "amongst", 0},
    {"function-word", "whilst", "while", TT_VF_ONEWAY},
    {"function-word", "although", "though", TT_VF_ONEWAY},
    {"function-word", "upon", "on", TT_VF_ONEWAY},
    {"function-word", "in order to", "to", TT_VF_ONEWAY},
    {"function-word", "so as to", "to", TT_VF_ONEWAY},
    {"function-word", "whether or not", "whether", TT_VF_ONEWAY | TT_VF_MIDCLAUSE},
    {"function-word", "prior to", "before", TT_VF_ONEWAY},
    {"function-word", "with regard to", "regarding", TT_VF_ONEWAY},
    {"function-word", "in regard to", "regarding", TT_VF_ONEWAY},
    {"function-word", "anyone", "anybody", 0},
    {"function-word", "everyone", "everybody", 0},
    {"function-word", "someone", "somebody", 0},
    {"function-word", "make sure that", "make sure", TT_VF_ONEWAY},
    {"function-word", "provided that", "provided", TT_VF_ONEWAY | TT_VF_MIDCLAUSE},
    {"function-word", "in addition to", "besides", TT_VF_ONEWAY},
    {"function-word", "firstly", "first", TT_VF_ONEWAY},
    {"function-word", "secondly", "second", TT_VF_ONEWAY},
    {"function-word", "thirdly", "third", TT_VF_ONEWAY},
    {"function-word", "for example", "for instance", 0},
    /* contractions: only in text that already uses them */
    {"contraction", "do not", "don't", TT_VF_INFORMAL},
    {"contraction", "does not", "doesn't", TT_VF_INFORMAL},
    {"contraction", "did not", "didn't", TT_VF_INFORMAL},
    {"contraction", "is not", "isn't", TT_VF_INFORMAL},
    {"contraction", "are not", "aren't", TT_VF_INFORMAL},
    {"contraction", "was not", "wasn't", TT_VF_INFORMAL},
    {"contraction", "were not", "weren't", TT_VF_INFORMAL},
    {"contraction", "cannot", "can't", TT_VF_INFORMAL},
    {"contraction", "will not", "won't", TT_VF_INFORMAL},
    {"contraction", "would not", "wouldn't", TT_VF_INFORMAL},
    {"contraction", "should not", "shouldn't", TT_VF_INFORMAL},
    {"contraction", "could not", "couldn't", TT_VF_INFORMAL},
    {"contraction", "have not", "haven't", TT_VF_INFORMAL},
    {"contraction", "has not", "hasn't", TT_VF_INFORMAL},
    {"contraction", "it is", "it's", TT_VF_INFORMAL},
    {"contraction", "that is", "that's", TT_VF_INFORMAL},
    {"contraction", "there is", "there's", TT_VF_INFORMAL},
    {"contraction", "we are", "we're", TT_VF_INFORMAL},
    {"contraction", "they are", "they're", TT_VF_INFORMAL},
    {"contraction", "you are", "you're", TT_VF_INFORMAL},
    {"contraction", "we will", "we'll", TT_VF_INFORMAL},
    {"contraction", "we have", "we've", TT_VF_INFORMAL},
    {"contraction", "i am", "i'm", TT_VF_INFORMAL},
    {"contraction", "i have", "i've", TT_VF_INFORMAL},
    {"contraction", "i will", "i'll", TT_VF_INFORMAL},
};
const size_t tt_variants__npairs = TT_ARRAY_LEN(tt_variants__pairs);

/* Stems whose -ize and -ise forms are the same word (never advise, comprise, devise,
 * exercise, franchise, otherwise, promise, revise, supervise, surprise, advertise: those
 * have only one spelling and are not stems here). */
const char *const tt_variants__ize_stems[] = {
    "apolog",  "author",   "capital",  "categor",  "central",   "character", "civil",
    "commercial", "critic", "crystal", "custom",   "decentral", "digit",     "econom",
    "emphas",  "equal",    "familiar", "fertil",   "final",     "formal",    "general",
    "global",  "harmon",   "hospital", "industrial", "initial", "jeopard",   "legal",
    "legitim", "local",    "maxim",    "memor",    "minim",     "mobil",     "modern",
    "monet",   "neutral",  "normal",   "optim",    "organ",     "penal",     "personal",
    "polar",   "priorit",  "rational", "real",     "recogn",    "sanit",     "serial",
    "special", "stabil",   "standard", "steril",   "subsid",    "summar",    "symbol",
    "synchron", "token",   "util",     "visual",   "vandal",    "synthes",   "hypothes",
};
const size_t tt_variants__nize_stems = TT_ARRAY_LEN(tt_variants__ize_stems);

const char *const tt_variants__ize_suffixes[][2] = {
    {"ize", "ise"},         {"izes", "ises"},         {"ized", "ised"},
    {"izing", "ising"},     {"ization", "isation"},   {"izations", "isations"},
    {"izer", "iser"},       {"izers", "isers"},       {"izable", "isable"},
};
const size_t tt_variants__nize_suffixes = TT_ARRAY_LEN(tt_variants__ize_suffixes);

const char *const tt_variants__that_verbs[] = {
    "said",   "says",    "say",      "believe", "believes", "believed", "think",
    "thinks", "thought", "hope",     "hopes",   "hoped",    "feel",     "feels",
    "felt",   "know",    "knows",    "knew",    "ensure",   "ensures",  "ensured",
    "realize", "realise", "expect",  "expects", "expected", "claim",    "claims",
    "claimed", "confirm", "confirmed", "confirms", "announced", "mentioned", "told us",
};
const size_t tt_variants__nthat_verbs = TT_ARRAY_LEN(tt_variants__that_verbs);

const char *const tt_variants__clause_starts[] = {
    "the",  "a",     "an",   "this", "these", "those", "it",    "they", "we",   "you",
    "he",   "she",   "i",    "there", "all",  "any",   "some",  "each", "every", "our",
    "your", "their", "his",  "her",  "its",   "such",  "most",  "many", "both", "one",
};
const size_t tt_variants__nclause_starts = TT_ARRAY_LEN(tt_variants__clause_starts);

const char *const tt_variants__comma_adverbs[] = {
    "therefore", "thus",      "moreover",  "furthermore", "additionally", "accordingly",
    "consequently", "finally", "meanwhile", "nevertheless", "nonetheless", "similarly",
    "likewise",  "hence",     "first",     "second",     "third",        "also",
    "indeed",    "instead",   "today",      "currently",    "unfortunately",
    "fortunately", "importantly", "in addition", "in particular", "for example",
    "for instance", "of course", "in practice", "in short", "in summary", "as a result",
    "in general", "at present", "in fact",
};
const size_t tt_variants__ncomma_adverbs = TT_ARRAY_LEN(tt_variants__comma_adverbs);

const char *const tt_variants__intro_words[] = {
    "if",     "when",   "unless", "although", "once",  "where",  "while",   "after",
    "before", "upon",   "in",     "on",       "for",   "during", "under",   "as",
    "since",  "notwithstanding", "except", "with", "without", "by", "because", "subject",
    "to",     "until",  "whenever", "wherever", "whether", "at", "from", "following",
    "regardless", "despite", "given", "within", "after", "through", "throughout",
};
const size_t tt_variants__nintro_words = TT_ARRAY_LEN(tt_variants__intro_words);

const char *const tt_variants__which_keep[] = {
    "in",      "of",     "on",     "to",      "by",      "for",     "from",    "with",
    "at",      "under",  "upon",   "through", "during",  "into",    "over",    "about",
    "against", "between", "without", "after", "before",  "via",     "within",  "among",
    "amongst", "beyond", "across", "behind",  "below",   "above",   "toward",  "towards",
    "throughout", "despite", "regarding", "concerning", "including", "except", "than",
    "that",    "and",    "or",     "but",     "nor",     "whether", "which",   "as",
    "like",    "until",  "till",   "since",   "because", "if",      "unless",  "upto",
    "beside",  "besides", "near",  "onto",    "off",     "out",     "per",     "versus",
    "whereby", "wherein", "whereas", "is",    "was",     "be",      "know",    "decide",
    "determine", "choose", "chose", "see",    "ask",     "asked",   "tell",    "told",
    "show",    "shows",   "explain", "explains", "specify", "specifies", "indicate",
    "indicates", "say",   "says",  "said",    "wonder",  "matter",  "matters", "clear",
    "unclear", "sure",    "unsure", "know",   "knows",   "depending", "depends", "identify",
    "so",      "such",    "now",   "given",   "provided", "assuming", "are",    "were",
    "been",    "being",   "am",    "not",     "only",    "all",     "this",    "those",
    "these",   "it",      "do",    "does",    "did",     "why",     "how",     "what",
};
const size_t tt_variants__nwhich_keep = TT_ARRAY_LEN(tt_variants__which_keep);

int
tt_variants__in(const char *const *list, size_t n, const char *w, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return 1;
    return 0;
}

/* Lower-case a, runs of white space as one space, trimmed, into out (cap bytes); 0 if too long. */
static size_t
squash(const char *a, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            sp = k > 0;
            continue;
        }
        if (sp) {
            if (k + 1 >= cap)
                return 0;
            out[k++] = ' ';
            sp = 0;
        }
        if (k + 1 >= cap)
            return 0;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[k] = '\0';
    return k;
}

const char *
tt_variants__equivalent(const char *a, size_t alen, const char *b, size_t blen)
{
    char x[128], y[128];
    size_t xl = squash(a, alen, x, sizeof x), yl = squash(b, blen, y, sizeof y);
    if (!xl || !yl)
        return NULL;
    for (size_t i = 0; i < tt_variants__npairs; i++) {
        const tt_variant_pair *p = &tt_variants__pairs[i];
        if ((strcmp(p->a, x) == 0 && strcmp(p->b, y) == 0) ||
            (strcmp(p->a, y) == 0 && strcmp(p->b, x) == 0))
            return p->rule;
    }
    for (size_t s = 0; s < tt_variants__nize_suffixes; s++) {
        for (int side = 0; side < 2; side++) {
            const char *sx = tt_variants__ize_suffixes[s][side];
            const char *sy = tt_variants__ize_suffixes[s][!side];
            size_t lx = strlen(sx), ly = strlen(sy);
            if (xl <= lx || yl <= ly || xl - lx != yl - ly)
                continue;
            size_t stem = xl - lx;
            if (memcmp(x, y, stem) != 0 || strcmp(x + stem, sx) != 0 || strcmp(y + stem, sy) != 0)
                continue;
            if (tt_variants__in(tt_variants__ize_stems, tt_variants__nize_stems, x, stem))
                return "ize-ise";
        }
    }
    return NULL;
}
