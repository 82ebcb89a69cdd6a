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

#define P(a, b) {"spelling", a, b, 0, 1, 0}
#define H(a, b) {"hyphenation", a, b, 0, 1, 0}
/* Added by table 2. */
#define P2(a, b) {"spelling", a, b, 0, 2, 0}
#define P2W(a, b) {"spelling", a, b, TT_VF_ONEWAY, 2, 0}
#define H2(a, b) {"hyphenation", a, b, 0, 2, 0}
#define H2W(a, b) {"hyphenation", a, b, TT_VF_ONEWAY, 2, 0}
#define F2(a, b, fl) {"function-word", a, b, fl, 2, 0}
#define F26(a, b) {"function-word", a, b, TT_VF_ONEWAY, 2, 6}
#define W2(a, b) {"wordy-phrase", a, b, TT_VF_ONEWAY, 2, 0}
#define S2(a, b, fl) {"synonym", a, b, fl, 2, 0}

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
    P("burned", "burnt"), {"spelling", "spelled", "spelt", 0, 1, 1},
    {"spelling", "learnt", "learned", TT_VF_ONEWAY, 1, 0},
    /* function words and set phrases */
    {"function-word", "toward", "towards", 0, 1, 0},
    {"function-word", "afterward", "afterwards", 0, 1, 0},
    {"function-word", "among", "amongst", 0, 1, 0},
    {"function-word", "whilst", "while", TT_VF_ONEWAY, 1, 0},
    {"function-word", "although", "though", TT_VF_ONEWAY, 1, 0},
    {"function-word", "upon", "on", TT_VF_ONEWAY, 1, 0},
    {"function-word", "in order to", "to", TT_VF_ONEWAY, 1, 0},
    {"function-word", "so as to", "to", TT_VF_ONEWAY, 1, 0},
    {"function-word", "whether or not", "whether", TT_VF_ONEWAY | TT_VF_MIDCLAUSE, 1, 0},
    {"function-word", "prior to", "before", TT_VF_ONEWAY, 1, 0},
    {"function-word", "with regard to", "regarding", TT_VF_ONEWAY, 1, 0},
    {"function-word", "in regard to", "regarding", TT_VF_ONEWAY, 1, 0},
    {"function-word", "anyone", "anybody", 0, 1, 0},
    {"function-word", "everyone", "everybody", 0, 1, 0},
    {"function-word", "someone", "somebody", 0, 1, 0},
    {"function-word", "make sure that", "make sure", TT_VF_ONEWAY, 1, 0},
    {"function-word", "provided that", "provided", TT_VF_ONEWAY | TT_VF_MIDCLAUSE, 1, 0},
    {"function-word", "in addition to", "besides", TT_VF_ONEWAY, 1, 0},
    {"function-word", "firstly", "first", TT_VF_ONEWAY, 1, 0},
    {"function-word", "secondly", "second", TT_VF_ONEWAY, 1, 0},
    {"function-word", "thirdly", "third", TT_VF_ONEWAY, 1, 0},
    {"function-word", "for example", "for instance", 0, 1, 0},
    /* contractions: only in text that already uses them */
    {"contraction", "do not", "don't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "does not", "doesn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "did not", "didn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "is not", "isn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "are not", "aren't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "was not", "wasn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "were not", "weren't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "cannot", "can't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "will not", "won't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "would not", "wouldn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "should not", "shouldn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "could not", "couldn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "have not", "haven't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "has not", "hasn't", TT_VF_INFORMAL, 1, 0},
    {"contraction", "it is", "it's", TT_VF_INFORMAL, 1, 0},
    {"contraction", "that is", "that's", TT_VF_INFORMAL, 1, 0},
    {"contraction", "there is", "there's", TT_VF_INFORMAL, 1, 0},
    {"contraction", "we are", "we're", TT_VF_INFORMAL, 1, 0},
    {"contraction", "they are", "they're", TT_VF_INFORMAL, 1, 0},
    {"contraction", "you are", "you're", TT_VF_INFORMAL, 1, 0},
    {"contraction", "we will", "we'll", TT_VF_INFORMAL, 1, 0},
    {"contraction", "we have", "we've", TT_VF_INFORMAL, 1, 0},
    {"contraction", "i am", "i'm", TT_VF_INFORMAL, 1, 0},
    {"contraction", "i have", "i've", TT_VF_INFORMAL, 1, 0},
    {"contraction", "i will", "i'll", TT_VF_INFORMAL, 1, 0},

    /* ---- table 2 ---- */
    /* hyphenation and compounding: both forms listed by dictionaries or in common use for
     * the same word; technical names (man-db, non-free, git-log) are never here */
    H2("read-only", "read only"), H2("top-level", "top level"), H2("low-level", "low level"),
    H2("high-level", "high level"), H2("higher-level", "higher level"),
    H2("lower-level", "lower level"), H2("built-in", "builtin"), H2("built-ins", "builtins"),
    H2("start-up", "startup"), H2("clean-up", "cleanup"), H2("front-end", "frontend"),
    H2("front-ends", "frontends"), H2("back-end", "backend"), H2("back-ends", "backends"),
    H2("meta-data", "metadata"), H2("byte-code", "bytecode"), H2("multi-line", "multiline"),
    H2("multi-byte", "multibyte"), H2("multi-threaded", "multithreaded"),
    H2("non-blocking", "nonblocking"), H2("non-existent", "nonexistent"),
    H2("non-negative", "nonnegative"), H2("non-trivial", "nontrivial"),
    H2("non-interactive", "noninteractive"), H2("thread-safe", "threadsafe"),
    H2("hard-coded", "hardcoded"), H2("auto-generated", "autogenerated"),
    H2("side-effect", "side effect"), H2("side-effects", "side effects"),
    H2("human-readable", "human readable"), H2("case-insensitive", "case insensitive"),
    H2("case-sensitive", "case sensitive"), H2("general-purpose", "general purpose"),
    H2("set-up", "setup"), H2("hand-over", "handover"), H2("take-over", "takeover"),
    H2("stand-by", "standby"), H2("break-down", "breakdown"), H2("pick-up", "pickup"),
    H2("check-list", "checklist"), H2("work-flow", "workflow"), H2("life-cycle", "lifecycle"),
    H2("trade-off", "tradeoff"), H2("trade-offs", "tradeoffs"), H2("wild-card", "wildcard"),
    H2("wild-cards", "wildcards"), H2("sub-section", "subsection"),
    H2("sub-sections", "subsections"), H2("sub-paragraph", "subparagraph"),
    H2("sub-system", "subsystem"), H2("sub-systems", "subsystems"),
    H2("sub-command", "subcommand"), H2("sub-commands", "subcommands"),
    H2("co-worker", "coworker"), H2("co-workers", "coworkers"), H2("co-exist", "coexist"),
    H2("re-enter", "reenter"), H2("re-establish", "reestablish"),
    H2("re-examine", "reexamine"), H2("re-evaluate", "reevaluate"),
    H2("re-entrant", "reentrant"), H2("pre-processor", "preprocessor"),
    H2("pre-processing", "preprocessing"), H2("post-processing", "postprocessing"),
    H2("man page", "manpage"), H2("man pages", "manpages"), H2("code base", "codebase"),
    H2("pathname", "path name"), H2("pathnames", "path names"), H2("fall-back", "fallback"),
    H2("roll-back", "rollback"), H2("look-up", "lookup"), H2("log-in", "login"),
    H2("on-screen", "onscreen"), H2("well-defined", "well defined"),
    H2("well-documented", "well documented"), H2("well-established", "well established"),
    H2("well-suited", "well suited"), H2("well-tested", "well tested"),
    H2("out-of-date", "out of date"), H2("time-out", "timeout"), H2("time-outs", "timeouts"),
    H2("short-cut", "shortcut"), H2("short-cuts", "shortcuts"), H2("day-to-day", "day to day"),
    H2("long-standing", "longstanding"), H2W("wide-spread", "widespread"),
    H2("co-exists", "coexists"), H2("cross-check", "crosscheck"),
    H2("no-one", "no one"), H2("make-up", "makeup"), H2("break-through", "breakthrough"),
    /* British and American spelling, and the older and newer forms of a few verbs */
    P2W("spelled", "spelt"), P2W("licence", "license"), P2W("licences", "licenses"),
    P2W("sublicence", "sublicense"), P2W("practise", "practice"), P2("practised", "practiced"),
    P2("practising", "practicing"), P2("pretence", "pretense"), P2W("programme", "program"),
    P2W("programmes", "programs"), P2W("dialogue", "dialog"), P2W("dialogues", "dialogs"),
    P2W("analogue", "analog"), P2W("tyre", "tire"), P2W("tyres", "tires"), P2W("kerb", "curb"),
    P2W("storey", "story"), P2W("storeys", "stories"), P2("aluminium", "aluminum"),
    P2("artefact", "artifact"), P2("artefacts", "artifacts"), P2("sceptic", "skeptic"),
    P2("sceptics", "skeptics"), P2("scepticism", "skepticism"), P2("sceptically", "skeptically"),
    P2("plough", "plow"), P2("ploughed", "plowed"), P2("sulphur", "sulfur"),
    P2("moustache", "mustache"), P2("pyjamas", "pajamas"), P2("cosy", "cozy"),
    P2("greyed", "grayed"), P2("greyish", "grayish"), P2W("enquire", "inquire"),
    P2W("enquires", "inquires"), P2W("enquired", "inquired"), P2W("enquiry", "inquiry"),
    P2W("enquiries", "inquiries"), P2W("despatch", "dispatch"), P2W("despatched", "dispatched"),
    P2("instil", "instill"), P2("instils", "instills"), P2("distil", "distill"),
    P2("distils", "distills"), P2("enthral", "enthrall"), P2("appal", "appall"),
    P2("appals", "appalls"), P2("enrols", "enrolls"),  P2("skilfully", "skillfully"),
    P2("counsellor", "counselor"), P2("counsellors", "counselors"),
    P2("marvellous", "marvelous"), P2("marvellously", "marvelously"), P2("woollen", "woolen"),
    P2("jeweller", "jeweler"), P2("jewellers", "jewelers"), P2("defences", "defenses"),
    P2("defenceless", "defenseless"), P2W("metre", "meter"), P2W("metres", "meters"),
    P2("kilometre", "kilometer"), P2("kilometres", "kilometers"),
    P2("centimetre", "centimeter"), P2("centimetres", "centimeters"),
    P2("millimetre", "millimeter"), P2("millimetres", "millimeters"),
    P2("manoeuvres", "maneuvers"), P2("manoeuvred", "maneuvered"),
    P2("manoeuvring", "maneuvering"), P2("encyclopaedia", "encyclopedia"),
    P2W("mediaeval", "medieval"), P2("paediatric", "pediatric"),
    P2("anaesthetic", "anesthetic"), P2("abridgement", "abridgment"),
    P2("lodgement", "lodgment"), P2("focusses", "focuses"), P2("combatting", "combating"),
    P2("dreamt", "dreamed"), P2("leapt", "leaped"), P2("knelt", "kneeled"),
    P2("spoilt", "spoiled"), P2("spilt", "spilled"), P2("dwelt", "dwelled"),
    P2W("smelled", "smelt"), P2("analyzer", "analyser"), P2("analyzers", "analysers"),
    P2("catalyze", "catalyse"), P2("catalyzed", "catalysed"), 
    P2("paralyzing", "paralysing"), P2("cataloged", "catalogued"),
    P2("cataloging", "cataloguing"), 
    P2("judgemental", "judgmental"), P2("amidst", "amid"), P2W("onwards", "onward"),
    P2W("anymore", "any more"), P2W("alright", "all right"), P2W("for ever", "forever"),
    /* function words and set phrases; "of" after all/both adds nothing */
    /* "all of the" -> "all the" up to table 6; table 7's rule all-of (slots.c) takes both
     * directions with its own guards */
    F26("all of the", "all the"), F26("all of these", "all these"),
    F26("all of those", "all those"), F26("all of this", "all this"),
    F26("all of its", "all its"), F26("all of their", "all their"),
    F26("all of our", "all our"), F26("all of your", "all your"),
    F26("all of his", "all his"), F26("all of her", "all her"),
    F26("all of my", "all my"), F2("both of the", "both the", TT_VF_ONEWAY),
    F2("both of these", "both these", TT_VF_ONEWAY), F2("outside of", "outside", TT_VF_ONEWAY),
    F2("inside of", "inside", TT_VF_ONEWAY), F2("off of", "off", TT_VF_ONEWAY),
    F2("in spite of", "despite", 0), F2("in order that", "so that", TT_VF_ONEWAY),
    F2("as to whether", "whether", TT_VF_ONEWAY), F2("with respect to", "regarding", TT_VF_ONEWAY),
    F2("in respect of", "regarding", TT_VF_ONEWAY), F2("at present", "currently", TT_VF_ONEWAY),
    F2("moreover", "furthermore", 0), F2("nevertheless", "nonetheless", 0),
    F2("in addition", "additionally", TT_VF_COMMA), F2("as a result", "consequently", TT_VF_COMMA),
    F2("similarly", "likewise", TT_VF_COMMA), F2("in general", "generally", TT_VF_COMMA),
    F2("in the meantime", "meanwhile", TT_VF_COMMA), F2("in short", "in brief", TT_VF_COMMA),
    F2("to begin with", "to start with", 0),
    /* wordy phrases and their plain forms (one way: the plain form never becomes wordy) */
    W2("in the event that", "if"), W2("due to the fact that", "because"),
    W2("owing to the fact that", "because"), W2("in spite of the fact that", "although"),
    W2("despite the fact that", "although"), W2("at the present time", "now"),
    W2("at this point in time", "now"), W2("on a daily basis", "daily"),
    W2("on a weekly basis", "weekly"), W2("on a monthly basis", "monthly"),
    W2("on a regular basis", "regularly"), W2("in the near future", "soon"),
    W2("for the purpose of", "for"), W2("in the course of", "during"),
    W2("with the exception of", "except"), W2("a large number of", "many"),
    W2("in excess of", "more than"), W2("subsequent to", "after"), W2("each and every", "every"),
    W2("until such time as", "until"), W2("in lieu of", "instead of"), W2("by means of", "by"),
    W2("at all times", "always"), W2("in close proximity to", "near"),
    W2("in the absence of", "without"), W2("with a view to", "to"),
    /* synonyms: only where both words have one meaning in running prose and the same part of
     * speech (forms that double as nouns, "the beginning", "a purchase", are not here) */
    S2("begin", "start", TT_VF_ONEWAY), S2("begins", "starts", TT_VF_ONEWAY),
    S2("began", "started", TT_VF_ONEWAY), S2("begun", "started", TT_VF_ONEWAY),
    S2("commence", "start", TT_VF_ONEWAY), S2("commences", "starts", TT_VF_ONEWAY),
    S2("commenced", "started", TT_VF_ONEWAY), S2("commencing", "starting", TT_VF_ONEWAY),
    S2("assist", "help", TT_VF_ONEWAY), S2("assists", "helps", TT_VF_ONEWAY),
    S2("assisted", "helped", TT_VF_ONEWAY), S2("assisting", "helping", TT_VF_ONEWAY),
    S2("assistance", "help", TT_VF_ONEWAY), S2("purchased", "bought", TT_VF_ONEWAY),
    S2("numerous", "many", TT_VF_ONEWAY), S2("frequently", "often", TT_VF_ONEWAY),
    S2("almost", "nearly", TT_VF_ONEWAY), S2("perhaps", "maybe", 0),
    S2("approximately", "about", TT_VF_ONEWAY), S2("until", "till", TT_VF_ONEWAY | TT_VF_MIDCLAUSE),
    F2("per day", "a day", TT_VF_ONEWAY), F2("per week", "a week", TT_VF_ONEWAY),
    F2("per month", "a month", TT_VF_ONEWAY), F2("per year", "a year", TT_VF_ONEWAY),
    F2("per hour", "an hour", TT_VF_ONEWAY),
};
const size_t tt_variants__npairs = TT_ARRAY_LEN(tt_variants__pairs);

/* Stems whose -ize and -ise forms are the same word (never advise, comprise, devise,
 * exercise, franchise, otherwise, promise, revise, supervise, surprise, advertise: those
 * have only one spelling and are not stems here). */
static const char *const ize_stems[] = {
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

static const char *const ize_suffixes[][2] = {
    {"ize", "ise"},         {"izes", "ises"},         {"ized", "ised"},
    {"izing", "ising"},     {"ization", "isation"},   {"izations", "isations"},
    {"izer", "iser"},       {"izers", "isers"},       {"izable", "isable"},
};

/* Added by table 2 (checked against the words that have only one spelling, above). */
static const char *const ize_stems_2[] = {
    "agon",     "alphabet", "amort",    "antagon",  "anesthet", "bapt",     "brutal",
    "canon",    "carbon",   "colon",    "computer", "conceptual", "contextual", "crystall",
    "deserial", "disorgan", "dramat",   "energ",    "epitom",   "eulog",    "evangel",
    "external", "fantas",   "fossil",   "galvan",   "human",    "hybrid",   "ideal",
    "idol",     "immortal", "immun",    "individual", "institutional", "internal",
    "international", "item", "liberal", "magnet",   "marginal", "material", "mechan",
    "mesmer",   "metabol",  "militar",  "miniatur", "monopol",  "moral",    "national",
    "natural",  "ostrac",   "oxid",     "parameter", "parametr", "patron",  "philosoph",
    "plagiar",  "politic",  "popular",  "pressur",  "privat",   "proselyt", "public",
    "pulver",   "random",   "regular",  "reinitial", "reorgan", "revital",  "revolution",
    "romantic", "satir",    "scandal",  "scrutin",  "sensit",   "sermon",   "social",
    "solemn",   "stigmat",  "sympath",  "tantal",   "terror",   "theor",    "tranquil",
    "trivial",  "tyrann",   "unauthor", "uninitial", "unreal",  "unrecogn", "urban",
    "verbal",   "victim",   "virtual",  "vulcan",   "western",  "annual",   "criminal",
    "demoral",  "destabil", "italic",   "motor",    "nasal",    "cannibal", "compartmental",
};

/* -our/-or: "col" + our/or, ours/ors, oured/ored, ...  Not "-oural" (humoral is another
 * word), not "-ous" (humorous, vigorous: one spelling), not "-ary" (honorary). */
static const char *const our_stems[] = {
    "arm",    "ard",   "behavi", "cand",  "clam",   "col",   "demean", "endeav", "fav",
    "ferv",   "flav",  "harb",   "hon",   "hum",    "lab",   "neighb", "od",     "parl",
    "ranc",   "rig",   "rum",    "sav",   "savi",   "splend", "succ",  "tum",    "val",
    "vap",    "vig",
};
static const char *const our_suffixes[][2] = {
    {"our", "or"},       {"ours", "ors"},       {"oured", "ored"},   {"ouring", "oring"},
    {"ourable", "orable"}, {"ourably", "orably"}, {"ourite", "orite"}, {"ourites", "orites"},
    {"ourful", "orful"}, {"ourless", "orless"}, {"ourer", "orer"},   {"ourers", "orers"},
    {"ourist", "orist"}, {"ourhood", "orhood"}, {"ourhoods", "orhoods"}, {"ourly", "orly"},
    {"oury", "ory"},
};

/* -re/-er: "cent" + re/er, res/ers, red/ered, ring/ering.  Not "met" (a meter measures). */
static const char *const re_stems[] = {
    "cent", "theat", "fib", "calib", "lust", "somb", "meag", "sab", "scept", "spect", "lit",
};
static const char *const re_suffixes[][2] = {
    {"re", "er"}, {"res", "ers"}, {"red", "ered"}, {"ring", "ering"},
};

/* -l-/-ll- before a suffix: "trave" + led/lled, ling/lling, ler/ller, lers/llers. */
static const char *const ll_stems[] = {
    "cance", "channe", "counse", "dia",   "due",   "equa",  "fue",   "funne", "grove", "jewe",
    "journa", "labe",  "leve",   "libe",  "marsha", "marve", "mode",  "pane",  "peda",  "penci",
    "quarre", "refue", "riva",   "shove", "signa", "snorke", "stenci", "swive", "tota", "towe",
    "trave", "tunne", "unrave",
};
static const char *const ll_suffixes[][2] = {
    {"led", "lled"}, {"ling", "lling"}, {"ler", "ller"}, {"lers", "llers"},
};

const tt_variant_stems tt_variants__stem_rules[] = {
    {TT_RULE_IZE, ize_stems, TT_ARRAY_LEN(ize_stems), ize_suffixes, TT_ARRAY_LEN(ize_suffixes), 1},
    {TT_RULE_IZE, ize_stems_2, TT_ARRAY_LEN(ize_stems_2), ize_suffixes, TT_ARRAY_LEN(ize_suffixes), 2},
    {TT_RULE_OUR, our_stems, TT_ARRAY_LEN(our_stems), our_suffixes, TT_ARRAY_LEN(our_suffixes), 2},
    {TT_RULE_RE, re_stems, TT_ARRAY_LEN(re_stems), re_suffixes, TT_ARRAY_LEN(re_suffixes), 2},
    {TT_RULE_LL, ll_stems, TT_ARRAY_LEN(ll_stems), ll_suffixes, TT_ARRAY_LEN(ll_suffixes), 2},
};
const size_t tt_variants__nstem_rules = TT_ARRAY_LEN(tt_variants__stem_rules);

/* "one" is a pronoun too ("no one", "the one"), "zero" an idiom ("zero tolerance"). */
const struct tt_variant_number tt_variants__numbers[] = {
    {"two", 2},       {"three", 3},     {"four", 4},     {"five", 5},       {"six", 6},
    {"seven", 7},     {"eight", 8},     {"nine", 9},     {"ten", 10},       {"eleven", 11},
    {"twelve", 12},   {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},  {"sixteen", 16},
    {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},  {"thirty", 30},
    {"forty", 40},    {"fifty", 50},    {"sixty", 60},   {"seventy", 70},   {"eighty", 80},
    {"ninety", 90},
};
const size_t tt_variants__nnumbers = TT_ARRAY_LEN(tt_variants__numbers);

const char *const tt_variants__months[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};
const size_t tt_variants__nmonths = TT_ARRAY_LEN(tt_variants__months);

unsigned
tt_variants__number_value(const char *w, size_t len)
{
    for (size_t i = 0; i < tt_variants__nnumbers; i++)
        if (strlen(tt_variants__numbers[i].word) == len &&
            memcmp(tt_variants__numbers[i].word, w, len) == 0)
            return tt_variants__numbers[i].value;
    return 0;
}

const char *const tt_variants__that_verbs[] = {
    "said",   "says",    "say",      "believe", "believes", "believed", "think",
    "thinks", "thought", "hope",     "hopes",   "hoped",    "feel",     "feels",
    "felt",   "know",    "knows",    "knew",    "ensure",   "ensures",  "ensured",
    "realize", "realise", "expect",  "expects", "expected", "claim",    "claims",
    "claimed", "confirm", "confirmed", "confirms", "announced", "mentioned", "told us",
};
const size_t tt_variants__nthat_verbs = TT_ARRAY_LEN(tt_variants__that_verbs);

/* Table 2: verbs of thinking and deciding that take a clause; not the verbs whose object is
 * a person ("warned", "told", "informed": "warned the ..." would read as its object). */
const char *const tt_variants__that_verbs_2[] = {
    "assume",  "assumes",  "assumed",   "suppose",   "understand", "understands", "understood",
    "agree",   "agrees",   "agreed",    "decide",    "decides",    "decided",     "suspect",
    "suspects", "suspected", "remember", "remembers", "remembered", "recall",     "recalled",
    "realized", "realised", "learned",  "learnt",    "concluded",  "insisted",    "promised",
    "predicted", "argued", "admitted",  "means",     "meant",      "found",       "noted",
    "guess",   "doubt",    "hoping",    "believing", "knowing",    "saying",      "estimates",
};
const size_t tt_variants__nthat_verbs_2 = TT_ARRAY_LEN(tt_variants__that_verbs_2);

/* Table 4: verbs of reporting and finding, as in reports and minutes ("the committee stated
 * that the" / "stated the"); still not the verbs whose object is a person, nor "added",
 * "checked", "noted" forms that read as a thing done to the noun ("check the file exists"). */
const char *const tt_variants__that_verbs_4[] = {
    "stated",     "states",     "reported",  "reports",     "explained",  "explains",
    "wrote",      "writes",     "indicated", "indicates",   "showed",     "shows",
    "revealed",   "reveals",    "acknowledged", "acknowledges", "emphasized", "stressed",
    "observed",   "recognized", "determined", "declared",   "asserted",   "maintained",
    "contended",  "testified",  "replied",   "answered",    "estimated",  "discovered",
    "noticed",    "conceded",   "alleged",   "recommended", "suggested",  "demonstrated",
};
const size_t tt_variants__nthat_verbs_4 = TT_ARRAY_LEN(tt_variants__that_verbs_4);

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

/* Table 2: phrases of several words first (they are matched before the single words). */
const char *const tt_variants__comma_adverbs_2[] = {
    "in other words", "on the other hand", "at the same time", "in any case", "in that case",
    "in this case", "by default", "in turn", "to date", "so far", "as usual",
    "in the meantime", "first of all", "in the end", "at first",
    "at last", "at the moment", "for now", "in contrast", "by contrast", "on the whole",
    "as a rule", "in brief", "in total", "in principle", "in theory", "in reality",
    "in most cases", "in some cases", "in many cases", "in both cases", "in either case",
    "if so", "if possible", "if necessary", "where possible", "where necessary",
    "in the past", "in the future", "this year", "last year", "next year", "this week",
    "last week", "next week", "this morning",
    "then", "later", "next", "again", "otherwise", "overall", "eventually",
    "ultimately", "initially", "originally", "previously", "recently", "subsequently",
    "afterwards", "afterward", "lastly", "generally", "usually", "typically", "normally",
    "ideally", "alternatively", "specifically", "conversely", "hopefully", "notably",
    "luckily", "sadly", "clearly", "obviously", "essentially", "basically", "admittedly",
    "surprisingly", "incidentally", "thereafter", "anyway", "yesterday", "tomorrow",
    "tonight", "regardless", "frankly", "interestingly", "understandably",
    "presumably", "apparently", "evidently", "theoretically", "historically",
    "traditionally", "personally", "occasionally", "sometimes", "often", "soon",
};
const size_t tt_variants__ncomma_adverbs_2 = TT_ARRAY_LEN(tt_variants__comma_adverbs_2);

const char *const tt_variants__strict_starts[] = {
    "the", "this", "these", "those", "it", "they", "we", "you", "he", "she", "i", "there",
    "our", "your", "their", "his", "her", "its",
};
const size_t tt_variants__nstrict_starts = TT_ARRAY_LEN(tt_variants__strict_starts);

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

/* Table 3: the British form of each spelling pair whose two forms hunspell's en_US and en_GB
 * dictionaries tell apart (en_US rejects this one).  Pairs not listed here (burned/burnt,
 * leapt/leaped, smelled/smelt, dreamt and the like are accepted by both) are one word's
 * spelling, kept consistent per word but not part of the dialect choice. */
const char *const tt_variants__gb_words[] = {
    "abridgement", "acknowledgement", "acknowledgements", "ageing", "aluminium", "amidst",
    "anaesthetic", "analogue", "analyse", "analysed", "analyser", "analysers", "analysing",
    "appal", "appals", "artefact", "artefacts", "behaviour", "behavioural", "behaviours",
    "benefitted", "benefitting", "cancelled", "cancelling", "catalogue", "catalogued",
    "catalogues", "cataloguing", "catalyse", "catalysed", "centimetre", "centimetres",
    "centre", "centred", "centres", "channelled", "colour", "coloured", "colours",
    "combatting", "cosy", "counselling", "counsellor", "counsellors", "defence", "defenceless",
    "defences", "despatch", "despatched", "dialogue", "dialogues", "dreamt", "encyclopaedia",
    "endeavour", "endeavoured", "endeavours", "enquire", "enquired", "enquires", "enquiries",
    "enquiry", "enrol", "enrolment", "enrols", "enthral", "favour", "favourable", "favourably",
    "favoured", "favourite", "favours", "flavour", "focussed", "focusses", "focussing",
    "fuelled", "fulfil", "fulfilment", "fulfils", "grey", "greyed", "greyish", "harbour",
    "honour", "honourable", "honoured", "honours", "humour", "instalment", "instalments",
    "instil", "instils", "jeweller", "jewellers", "jewellery", "judgement", "judgemental",
    "judgements", "kerb", "kilometre", "kilometres", "labelled", "labelling", "labour",
    "learnt", "levelled", "licence", "licences", "lodgement", "manoeuvre", "manoeuvred",
    "manoeuvres", "manoeuvring", "marvellous", "marvellously", "mediaeval", "metre", "metres",
    "millimetre", "millimetres", "modelled", "modelling", "mould", "moustache", "neighbour",
    "neighbourhood", "neighbouring", "neighbours", "offence", "offences", "onwards",
    "paediatric", "paralyse", "paralysed", "paralysing", "plough", "ploughed", "practise",
    "practised", "practising", "pretence", "programme", "programmes", "pyjamas", "rumour",
    "rumours", "sceptic", "sceptical", "sceptically", "scepticism", "sceptics", "signalled",
    "signalling", "skilful", "skilfully", "spelt", "spilt", "spoilt", "storey", "storeys", "sulphur",
    "totalled", "travelled", "traveller", "travellers", "travelling", "tyre", "tyres",
    "vigour", "wilful", "wilfully", "woollen",
};
const size_t tt_variants__ngb_words = TT_ARRAY_LEN(tt_variants__gb_words);

/* Table 3: forms a copy never gets (the finder keeps them where the text has them): every
 * form of a pair that some hunspell dictionary (en_US, en_GB) rejects while it accepts the
 * pair's other form, or that only one dictionary accepts while the other form is not
 * accepted by exactly that one, so a copy never has a word a dictionary that took the
 * original would refuse ("manpages", "co-ordinated", "nonzero" for en_GB, "amidst" for en_US)
 * nor a new word of one dialect ("amongst", "pre-compiled").  Generated
 * from the pairs with libhunspell when table 3 was made (docs/parts/natural.md). */
const char *const tt_variants__not_words[] = {
    "abridgement", "abridgment", "acknowledgement", "acknowledgements", "ageing", "aging",
    "aluminium", "aluminum", "amidst", "amongst", "anaesthetic", "analog", "analyse",
    "analysed", "analyser", "analysers", "analysing", "analyze", "analyzed", "analyzer",
    "analyzers", "analyzing", "anesthetic", "anymore", "appal", "appall", "appalls", "appals",
    "artefact", "artefacts", "artifact", "artifacts", "autogenerated", "backend", "backends",
    "behavior", "behavioral", "behaviors", "behaviour", "behavioural", "behaviours",
    "benefitted", "benefitting", "bugfix", "bugfixes", "builtin", "builtins", "canceled",
    "canceling", "cancelled", "cancelling", "catalog", "cataloged", "cataloging", "catalogs",
    "catalogue", "catalogued", "catalogues", "cataloguing", "catalyse", "catalysed",
    "catalyze", "catalyzed", "center", "centered", "centers", "centimeter", "centimeters",
    "centimetre", "centimetres", "centre", "centred", "centres", "channeled", "channelled",
    "cleanup", "co-ordinated", "co-ordinating", "co-ordinator", "coauthor", "codebase",
    "cofounder", "color", "colored", "colors", "colour", "coloured", "colours", "combatting",
    "cosy", "counseling", "counselling", "counsellor", "counsellors", "counselor",
    "counselors", "coworker", "coworkers", "cozy", "crosscheck", "defence", "defenceless",
    "defences", "defense", "defenseless", "defenses", "despatch", "despatched", "dialog",
    "dialogs", "distil", "distill", "distills", "distils", "dreamt", "dwelled", "ebook",
    "encyclopaedia", "endeavor", "endeavored", "endeavors", "endeavour", "endeavoured",
    "endeavours", "enquire", "enquired", "enquires", "enquiries", "enquiry", "enrol", "enroll",
    "enrollment", "enrolls", "enrolment", "enrols", "enthral", "enthrall", "favor",
    "favorable", "favorably", "favored", "favorite", "favors", "favour", "favourable",
    "favourably", "favoured", "favourite", "favours", "filesystem", "filesystems", "flavor",
    "flavour", "focussed", "focusses", "focussing", "frontend", "frontends", "fueled",
    "fuelled", "fulfil", "fulfill", "fulfillment", "fulfills", "fulfilment", "fulfils",
    "grayed", "grayish", "grey", "greyed", "greyish", "harbor", "harbour", "hardcoded",
    "honor", "honorable", "honored", "honors", "honour", "honourable", "honoured", "honours",
    "humor", "humour", "installment", "installments", "instalment", "instalments", "instil",
    "instill", "instills", "instils", "jeweler", "jewelers", "jeweller", "jewellers",
    "jewellery", "jewelry", "judgement", "judgemental", "judgements", "kerb", "kilometer",
    "kilometers", "kilometre", "kilometres", "kneeled", "labeled", "labeling", "labelled",
    "labelling", "labor", "labour", "learnt", "leveled", "levelled", "licence", "licences",
    "lifecycle", "lodgement", "lodgment", "longstanding", "maneuver", "maneuvered",
    "maneuvering", "maneuvers", "manoeuvre", "manoeuvred", "manoeuvres", "manoeuvring",
    "manpage", "manpages", "marvellous", "marvellously", "marvelous", "marvelously",
    "mediaeval", "metre", "metres", "millimeter", "millimeters", "millimetre", "millimetres",
    "modeled", "modeling", "modelled", "modelling", "mold", "mould", "moustache", "multibyte",
    "multiline", "multithreaded", "multiuser", "mustache", "neighbor", "neighborhood",
    "neighboring", "neighbors", "neighbour", "neighbourhood", "neighbouring", "neighbours",
    "nonblocking", "noncommercial", "nonempty", "nonexclusive", "nonexistent",
    "noninteractive", "nonnegative", "nonprofit", "nonstandard", "nontrivial", "nonzero",
    "offence", "offences", "offense", "offenses", "onscreen", "onwards", "paediatric",
    "pajamas", "paralyse", "paralysed", "paralysing", "paralyze", "paralyzed", "paralyzing",
    "pathnames", "pediatric", "plough", "ploughed", "plow", "plowed", "plugin", "plugins",
    "postprocessing", "practiced", "practicing", "practise", "practised", "practising",
    "pre-compiled", "pre-existing", "pre-installed", "pre-processing", "pre-processor",
    "precompiled", "preexisting", "preinstalled", "preprocessing", "preprocessor", "pretence",
    "pretense", "programme", "programmes", "pyjamas", "reenter", "reentrant", "reestablish",
    "reexamine", "rumor", "rumors", "rumour", "rumours", "sceptic", "sceptical", "sceptically",
    "scepticism", "sceptics", "signaled", "signaling", "signalled", "signalling", "skeptic",
    "skeptical", "skeptically", "skepticism", "skeptics", "skilful", "skilfully", "skillful",
    "skillfully", "spelt", "spilt", "spoilt", "standalone", "storey", "storeys", "subcommand",
    "subcommands", "sublicence", "sublicensable", "sublicense", "sublicensed", "sublicenses",
    "sublicensing", "sulfur", "sulphur", "threadsafe", "timeframe", "totaled", "totalled",
    "trade-offs", "tradeoff", "tradeoffs", "traveled", "traveler", "travelers", "traveling",
    "travelled", "traveller", "travellers", "travelling", "tyre", "tyres", "vigor", "vigour",
    "webpages", "webserver", "wilful", "wilfully", "willful", "willfully", "woolen", "woollen",
};
const size_t tt_variants__nnot_words = TT_ARRAY_LEN(tt_variants__not_words);

const char *const tt_variants__function_words[] = {
    "the", "a", "an", "this", "that", "these", "those", "each", "every", "any", "some", "no",
    "all", "both", "its", "their", "our", "your", "his", "her", "my", "i", "you", "he", "she",
    "it", "we", "they", "them", "us", "him", "me", "of", "to", "in", "on", "at", "by", "for",
    "from", "with", "into", "onto", "upon", "about", "over", "under", "after", "before",
    "during", "without", "within", "through", "between", "among", "against", "and", "or",
    "but", "nor", "so", "yet", "is", "are", "was", "were", "be", "been", "being", "has",
    "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could",
    "may", "might", "must", "not", "who", "which", "whom", "whose", "when", "where", "if",
    "as", "than", "then", "also", "further", "more", "much", "such",
};
const size_t tt_variants__nfunction_words = TT_ARRAY_LEN(tt_variants__function_words);

const char *const tt_variants__determiners[] = {
    "the", "a", "an", "this", "that", "these", "those", "each", "every", "any", "some", "no",
    "its", "their", "our", "your", "his", "her", "my", "another", "either", "neither",
};
const size_t tt_variants__ndeterminers = TT_ARRAY_LEN(tt_variants__determiners);

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
    for (size_t r = 0; r < tt_variants__nstem_rules; r++) {
        const tt_variant_stems *sr = &tt_variants__stem_rules[r];
        for (size_t s = 0; s < sr->nsuffixes; s++) {
            for (int side = 0; side < 2; side++) {
                const char *sx = sr->suffixes[s][side], *sy = sr->suffixes[s][!side];
                size_t lx = strlen(sx), ly = strlen(sy);
                if (xl <= lx || yl <= ly || xl - lx != yl - ly)
                    continue;
                size_t stem = xl - lx;
                if (memcmp(x, y, stem) != 0 || strcmp(x + stem, sx) != 0 ||
                    strcmp(y + stem, sy) != 0)
                    continue;
                if (tt_variants__in(sr->stems, sr->nstems, x, stem))
                    return sr->rule;
            }
        }
    }
    /* the structural word swaps of slots.c (context checked there, not here) */
    static const char *const swaps[][3] = {
        {"about", "around", TT_RULE_APPROX}, {"more than", "over", TT_RULE_APPROX},
        /* table 6: the four words of approximation before a number */
        {"about", "roughly", TT_RULE_APPROX_WORD}, {"around", "approximately", TT_RULE_APPROX_WORD},
        {"around", "roughly", TT_RULE_APPROX_WORD}, {"approximately", "roughly", TT_RULE_APPROX_WORD},
        {"which", "that", TT_RULE_WHICH_THAT}, {"who", "that", TT_RULE_WHO_THAT},
    };
    for (size_t k = 0; k < TT_ARRAY_LEN(swaps); k++)
        if ((strcmp(x, swaps[k][0]) == 0 && strcmp(y, swaps[k][1]) == 0) ||
            (strcmp(y, swaps[k][0]) == 0 && strcmp(x, swaps[k][1]) == 0))
            return swaps[k][2];
    /* table 4: two coordinated words in either order ("rules and protocols") */
    {
        const char *c1 = memchr(x, ' ', xl), *c2 = memchr(y, ' ', yl);
        if (c1 && c2 && xl == yl) {
            const char *e1 = memchr(c1 + 1, ' ', xl - (size_t)(c1 + 1 - x));
            const char *e2 = memchr(c2 + 1, ' ', yl - (size_t)(c2 + 1 - y));
            if (e1 && e2 && !memchr(e1 + 1, ' ', xl - (size_t)(e1 + 1 - x))) {
                size_t w1 = (size_t)(c1 - x), cl = (size_t)(e1 - c1 - 1);
                size_t w2 = xl - (size_t)(e1 + 1 - x);
                int conj = (cl == 3 && memcmp(c1 + 1, "and", 3) == 0) ||
                           (cl == 2 && memcmp(c1 + 1, "or", 2) == 0);
                if (conj && w1 != 0 && (size_t)(c2 - y) == w2 && memcmp(y, e1 + 1, w2) == 0 &&
                    memcmp(e2 + 1, x, w1) == 0 && memcmp(c2, c1, cl + 2) == 0 &&
                    memcmp(x, y, xl) != 0)
                    return TT_RULE_COORDINATION;
            }
        }
    }
    /* a number word and its digits */
    for (int side = 0; side < 2; side++) {
        const char *w = side ? y : x, *d = side ? x : y;
        size_t wl = side ? yl : xl, dl = side ? xl : yl;
        unsigned v = tt_variants__number_value(w, wl), dv = 0;
        if (!v || dl > 2)
            continue;
        size_t k = 0;
        while (k < dl && d[k] >= '0' && d[k] <= '9')
            dv = dv * 10 + (unsigned)(d[k++] - '0');
        if (k == dl && dv == v)
            return TT_RULE_NUMBER;
    }
    /* "30 march" / "march 30" */
    const char *sp1 = memchr(x, ' ', xl), *sp2 = memchr(y, ' ', yl);
    if (sp1 && sp2 && xl == yl && !memchr(sp1 + 1, ' ', xl - (size_t)(sp1 - x) - 1)) {
        size_t h1 = (size_t)(sp1 - x), h2 = (size_t)(sp2 - y);
        if (h1 + h2 + 1 == xl && memcmp(x, y + h2 + 1, h1) == 0 &&
            memcmp(y, x + h1 + 1, h2) == 0) {
            const char *day = x[0] >= '0' && x[0] <= '9' ? x : y;
            size_t dl = day == x ? h1 : h2;
            const char *mon = day == x ? x + h1 + 1 : y + h2 + 1;
            size_t ml = xl - dl - 1;
            unsigned dv = 0;
            size_t k = 0;
            while (k < dl && day[k] >= '0' && day[k] <= '9')
                dv = dv * 10 + (unsigned)(day[k++] - '0');
            if (k == dl && dl <= 2 && dv >= 1 && dv <= 31 &&
                tt_variants__in(tt_variants__months, tt_variants__nmonths, mon, ml))
                return TT_RULE_DATE;
        }
    }
    return NULL;
}
