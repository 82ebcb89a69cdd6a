/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_verify.c: telltale verify: is a leak authentic, and what exactly was altered? */
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/report.h"
#include "telltale/utf8.h"
#include "telltale/vault.h"
#include "telltale/verify.h"

static const char help[] =
    "usage: telltale verify FILE... [--doc DOC] [--sig FILE.minisig] [--html OUT.html [--sign]]\n"
    "       [--quiet] [--json]\n"
    "\n"
    "Compare a leaked text with the registered document it comes from and say what was\n"
    "changed.  FILE is plain text, Markdown, HTML, a PDF or an image of a page (PNG, JPEG,\n"
    "TIFF; read by OCR, detected by content; '-' reads standard input), a folder (its\n"
    "files, recursively, in name order; hidden files and .minisig signatures left out) or\n"
    "FILE#ID, the item with id ID of a source (the name scan prints); each input\n"
    "is verified on its own and gets its own result.  The leak is\n"
    "aligned word by word to the document (found through the vault, or named with --doc) and\n"
    "every stretch is classified:\n"
    "  verbatim  the document's words, allowing for formatting, case, line breaks, quote and\n"
    "            dash style, zero-width characters, marking variants of issued copies\n"
    "            (e-mail/email, per cent/percent, in order to/to, five/5) and typing or OCR\n"
    "            noise (a typo in an ordinary word; a changed digit is never noise)\n"
    "  altered   a substitution that changes content: a number, a date, a name, a negation,\n"
    "            a unit, a quantity word, a modal verb, a pronoun or another word\n"
    "  inserted  text inside the matched passage that is not in the document\n"
    "  missing   document text cut from inside the matched passage\n"
    "Text before, after or between matched passages (commentary) is shown, not counted.\n"
    "The verdict is authentic, altered or unrelated (no registered document matches).\n"
    "When FILE is byte-identical to a copy the vault issued, verify names the copy and its\n"
    "recipient.  Every verification is recorded in the audit log.\n"
    "\n"
    "Options:\n"
    "  --doc DOC        compare with this document (an id or a unique prefix of one)\n"
    "  --sig FILE       check this minisign signature of FILE against the vault's key\n"
    "                   (one input only)\n"
    "  --html OUT       also write a self-contained HTML report (no scripts, prints well;\n"
    "                   one input only)\n"
    "  --sign           also write OUT.html.minisig, the vault's signature of the report\n"
    "                   (minisign -V -p VAULT/vault.pub -m OUT.html checks it)\n"
    "  --quiet          no progress line (shown on a terminal when the inputs take over\n"
    "                   a second: inputs done of how many, time left)\n"
    "  --json           one line: {\"file\": PATH, \"doc\": ID, \"verdict\": V, \"changes\":\n"
    "                   [{\"kind\", \"what\", \"original\", \"leaked\", \"leak_span\": [S, E],\n"
    "                   \"orig_span\": [S, E]}], \"words\", \"aligned_words\",\n"
    "                   \"matched_words\", \"noisy_words\", \"passages\", \"sha256\",\n"
    "                   \"copy\": {\"id\", \"recipient\"} or null, \"signature\": \"valid\" |\n"
    "                   \"invalid\" | null}; spans are byte offsets, half-open, into the\n"
    "                   verified text and the document's registered text\n"
    "\n"
    "Exit status: 0 authentic or unrelated, 1 altered (or the signature is invalid) in any\n"
    "input, 2 failure of any input (the others are still verified).\n";

/* Quoted text and names for a terminal, through the one sanitizer (tt_terminal_text()): a
 * leak can neither send escape sequences to the terminal nor, with a bidi override, make it
 * show other than it says; line breaks and white space runs show as one space and the
 * zero-width characters of a marked copy are dropped. */
static void
put_safe(FILE *f, const char *s, size_t n)
{
    cli_put_safe(f, s, n, TT_TERM_PASSAGE);
}

static void
put_safe_s(FILE *f, const char *s)
{
    put_safe(f, s, strlen(s));
}

/* Does a character start at t[i] (not a UTF-8 continuation byte)?  Context is counted in
 * characters; a zero-width one counts too, which only shortens the context a little. */
static bool
visible_at(const char *t, size_t len, size_t i)
{
    if (((unsigned char)t[i] & 0xc0) == 0x80)
        return false;
    uint32_t cp;
    tt_utf8_decode(&cp, t + i, len - i);
    return !tt_utf8_invisible(cp);
}

enum { CTX = 40 }; /* visible characters of context on each side */

/* Start of the context shown before position p: about CTX visible characters, at a space. */
static size_t
ctx_start(const char *t, size_t len, size_t p)
{
    size_t s = p;
    for (int seen = 0; s > 0 && seen < CTX; s--)
        seen += visible_at(t, len, s - 1);
    while (s > 0 && s < p && t[s - 1] != ' ' && t[s - 1] != '\n')
        s++;
    return s;
}

static size_t
ctx_end(const char *t, size_t len, size_t p)
{
    size_t e = p;
    for (int seen = 0; e < len && seen < CTX; e++)
        seen += visible_at(t, len, e);
    while (e < len && e > p && t[e] != ' ' && t[e] != '\n')
        e--;
    return e;
}

static void
print_text(cli *c, const char *file, const tt_verify_result *r)
{
    const char *red = c->color ? "\033[1;31m" : "", *green = c->color ? "\033[1;32m" : "";
    const char *bold = c->color ? "\033[1m" : "", *off = c->color ? "\033[0m" : "";
    printf("%s%s", bold, cli_safe(file));
    printf(": %s%s%s", r->verdict == TT_VERDICT_ALTERED ? red : "", tt_verdict_name(r->verdict),
           off);
    if (r->verdict != TT_VERDICT_UNRELATED) {
        printf(" (document %s", cli_safe(r->doc));
        if (r->doc_title)
            printf(" \"%s\"", cli_safe(r->doc_title));
        printf(")");
    }
    printf("\n");
    printf("  words: %zu in the text, %zu in %zu matched passage%s, %zu the same (%zu up to "
           "noise or a variant)\n",
           r->leak_words, r->aligned_words, r->passages, r->passages == 1 ? "" : "s",
           r->matched_words, r->noisy_words);
    if (r->copy_id) {
        printf("  byte-identical to copy #%lld issued to %s\n", (long long)r->copy_id,
               cli_safe(r->copy_recipient ? r->copy_recipient : "?"));
    }
    if (r->sig_checked)
        printf("  signature: %s%s%s\n", r->sig_valid ? green : red,
               r->sig_valid ? "valid (the vault's key)" : "INVALID", off);
    for (size_t k = 0; k < r->nchanges; k++) {
        const tt_change *ch = &r->changes[k];
        printf("\n  %zu. %s %s: ", k + 1, tt_change_kind_name(ch->kind), ch->what);
        if (ch->kind == TT_CHANGE_ALTERED) {
            printf("%s\"", red);
            put_safe_s(stdout, ch->original);
            printf("\"%s -> %s\"", off, green);
            put_safe_s(stdout, ch->leaked);
            printf("\"%s", off);
        } else if (ch->kind == TT_CHANGE_INSERTED) {
            printf("%s\"", green);
            put_safe_s(stdout, ch->leaked);
            printf("\"%s", off);
        } else {
            printf("%s\"", red);
            put_safe_s(stdout, ch->original);
            printf("\"%s", off);
        }
        printf("\n     leak bytes %zu-%zu, document bytes %zu-%zu\n     ", ch->leak_start,
               ch->leak_end, ch->orig_start, ch->orig_end);
        /* the diff view: the leak around the change, the original struck, the leak marked */
        size_t s = ctx_start(r->leak, r->leak_len, ch->leak_start);
        size_t e = ctx_end(r->leak, r->leak_len, ch->leak_end);
        printf("...");
        put_safe(stdout, r->leak + s, ch->leak_start - s);
        if (*ch->original) {
            printf("%s[-", red);
            put_safe_s(stdout, ch->original);
            printf("-]%s", off);
        }
        if (ch->leak_end > ch->leak_start) {
            printf("%s{+", green);
            put_safe(stdout, r->leak + ch->leak_start, ch->leak_end - ch->leak_start);
            printf("+}%s", off);
        }
        put_safe(stdout, r->leak + ch->leak_end, e - ch->leak_end);
        printf("...\n");
    }
}

static void
print_json(const char *file, const tt_verify_result *r)
{
    json_t *changes = json_array();
    for (size_t k = 0; k < r->nchanges; k++) {
        const tt_change *ch = &r->changes[k];
        json_array_append_new(
            changes, json_pack("{s:s, s:s, s:s, s:s, s:[I,I], s:[I,I]}", "kind",
                               tt_change_kind_name(ch->kind), "what", ch->what, "original",
                               ch->original, "leaked", ch->leaked, "leak_span",
                               (json_int_t)ch->leak_start, (json_int_t)ch->leak_end, "orig_span",
                               (json_int_t)ch->orig_start, (json_int_t)ch->orig_end));
    }
    json_t *o = json_pack("{s:s%, s:o, s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:s}", "file", file,
                          strlen(file), "doc",
                          r->doc[0] ? json_string(r->doc) : json_null(), "verdict",
                          tt_verdict_name(r->verdict), "changes", changes, "words",
                          (json_int_t)r->leak_words, "aligned_words",
                          (json_int_t)r->aligned_words, "matched_words",
                          (json_int_t)r->matched_words, "noisy_words", (json_int_t)r->noisy_words,
                          "passages", (json_int_t)r->passages, "sha256", r->sha256);
    if (!o) {
        /* a file name that is not UTF-8: say so rather than print nothing */
        o = json_pack("{s:s, s:o, s:s, s:o}", "file", "(not UTF-8)", "doc",
                      r->doc[0] ? json_string(r->doc) : json_null(), "verdict",
                      tt_verdict_name(r->verdict), "changes", json_array());
    }
    if (r->copy_id)
        json_object_set_new(o, "copy", json_pack("{s:I, s:s}", "id", (json_int_t)r->copy_id,
                                                 "recipient",
                                                 r->copy_recipient ? r->copy_recipient : ""));
    else
        json_object_set_new(o, "copy", json_null());
    json_object_set_new(o, "signature",
                        r->sig_checked ? json_string(r->sig_valid ? "valid" : "invalid")
                                       : json_null());
    char *s = cli_json_dumps(o, JSON_COMPACT);
    if (s)
        printf("%s\n", s);
    free(s);
    json_decref(o);
}

/* For the report of a PDF or an image: read it again keeping its page images, and when
 * its text is the text verified, the page most of the aligned words are on (x, *boxes to
 * free).  0, or -1: no page to show (a text file, or the reading differs). */
static int
page_of(cli *c, const char *file, const tt_verify_result *r, tt_extract **x,
        tt_report_page *pg, int **boxes)
{
    *x = NULL;
    *boxes = NULL;
    /* the aligned passages: every span but the text outside them */
    uint64_t *sp = calloc(2 * r->nspans + 2, sizeof *sp);
    size_t ns = 0;
    for (size_t k = 0; sp && k < r->nspans; k++) {
        const tt_span *s = &r->spans[k];
        if (s->kind == TT_SPAN_OUTSIDE || s->end <= s->start)
            continue;
        if (ns && sp[2 * ns - 1] >= s->start) {
            if (s->end > sp[2 * ns - 1])
                sp[2 * ns - 1] = s->end;
        } else {
            sp[2 * ns] = s->start;
            sp[2 * ns + 1] = s->end;
            ns++;
        }
    }
    int rc = sp && ns ? cli_file_page(c, file, r->leak, r->leak_len, sp, ns, x, pg, boxes) : -1;
    free(sp);
    return rc;
}

/* Verify one input and print its result; EXIT_NOTHING, EXIT_FOUND or EXIT_TROUBLE. */
static int
verify_one(cli *c, tt_vault *v, const char *file, const char *doc, const char *sig,
           const char *html, int sign)
{
    /* the library logs the verification as it makes it (the report's place was checked
     * before: cli_can_write) */
    tt_verify_opts opts = TT_VERIFY_OPTS_INIT;
    opts.doc = doc;
    opts.sig = sig;
    tt_verify_result *r = NULL;
    int rc;
    cli_item_meta meta = {0};
    if (cli_input_is_item(file) || strcmp(file, "-") == 0) {
        /* an item of a source, or standard input: the command line reads it (the library
         * reads no standard input) and hands the bytes over */
        char *item = NULL;
        size_t ilen = 0;
        if (strcmp(file, "-") == 0 ? cli_read_file("-", &item, &ilen) != 0
                                   : cli_input_read_meta(file, &item, &ilen, &meta) != 0) {
            free(item);
            return strcmp(file, "-") == 0 ? cli_read_fail("-") : EXIT_TROUBLE;
        }
        rc = tt_verify_bytes(v, file, item, ilen, &opts, &r);
        free(item);
    } else {
        rc = tt_verify_file(v, file, &opts, &r);
    }
    if (rc) {
        cli_item_meta_free(&meta);
        return fail("%s", tt_vault_errmsg(v));
    }
    int ret = r->verdict == TT_VERDICT_ALTERED || (r->sig_checked && !r->sig_valid)
                  ? EXIT_FOUND
                  : EXIT_NOTHING;
    if (html) {
        char *out = NULL;
        size_t len = 0;
        char made[32];
        cli_now(made);
        tt_report_origin origin = TT_REPORT_ORIGIN_INIT;
        origin.made = made;
        origin.key_id = tt_vault_key_id(v);
        tt_report_item it = TT_REPORT_ITEM_INIT;
        it.source = strcmp(file, "-") == 0 ? "standard input" : file;
        it.author = meta.author;
        it.date = meta.date;
        it.url = meta.url;
        it.attachment = meta.attachment;
        tt_report_page pg;
        int *boxes = NULL;
        tt_extract *x = NULL;
        if (page_of(c, file, r, &x, &pg, &boxes) == 0)
            it.page = &pg;
        int hrc = tt_verify_report_html_item(r, &it, &origin, &out, &len);
        free(boxes);
        tt_extract_free(x);
        if (hrc != 0)
            ret = fail("cannot write '%s': out of memory", html);
        else if (cli_write_report(v, html, out, len, sign, "verify") != 0)
            ret = EXIT_TROUBLE;
        free(out);
        cli_item_meta_free(&meta);
        if (ret == EXIT_TROUBLE) {
            tt_verify_result_free(r);
            return ret;
        }
    }
    cli_item_meta_free(&meta);
    if (c->json)
        print_json(file, r);
    else
        print_text(c, file, r);
    tt_verify_result_free(r);
    return ret;
}

int
cmd_verify(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    const char *doc = NULL, *sig_path = NULL, *html = NULL;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return fail("out of memory");
    bool only_files = false;
    int r = EXIT_NOTHING, sign = 0;
    for (int i = 1; i < argc && r == EXIT_NOTHING; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!only_files && strcmp(a, "--") == 0) {
            only_files = true;
            continue;
        }
        if (!only_files && strcmp(a, "--sign") == 0) {
            sign = 1;
            continue;
        }
        if (!only_files && strcmp(a, "--quiet") == 0) {
            c->progress = false;
            continue;
        }
        if (!only_files && strcmp(a, "--doc") == 0)
            slot = &doc;
        else if (!only_files && strcmp(a, "--sig") == 0)
            slot = &sig_path;
        else if (!only_files && strcmp(a, "--html") == 0)
            slot = &html;
        if (slot) {
            if (i + 1 >= argc)
                r = usage_error("verify", "%s needs a value", a);
            else
                *slot = argv[++i];
        } else if (!only_files && strncmp(a, "--doc=", 6) == 0) {
            doc = a + 6;
        } else if (!only_files && strncmp(a, "--sig=", 6) == 0) {
            sig_path = a + 6;
        } else if (!only_files && strncmp(a, "--html=", 7) == 0) {
            html = a + 7;
        } else if (!only_files && a[0] == '-' && a[1] != '\0') {
            r = usage_error("verify", "unknown option '%s'", a);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    char **inputs = NULL, *sig = NULL;
    size_t ninputs = 0;
    tt_vault *v = NULL;
    if (r != EXIT_NOTHING)
        ;
    else if (nfiles == 0)
        r = usage_error("verify", "no file given");
    else if (html && !*html)
        r = usage_error("verify", "--html needs a file name");
    else if (cli_inputs_expand(files, nfiles, &inputs, &ninputs))
        r = EXIT_TROUBLE;
    else if (sign && !html)
        r = usage_error("verify", "--sign signs the --html report: give --html OUT");
    else if ((html || sig_path) && ninputs > 1)
        r = usage_error("verify", "%s applies to one input; %zu given",
                        html ? "--html" : "--sig", ninputs);
    /* verify records itself in the audit log: a report that cannot be written fails first */
    else if (html && cli_can_write(html) != 0)
        r = fail("cannot write '%s': %s", html, tt_errno_text(errno));
    else if (sig_path) {
        /* Whole file: a signature cut at a fixed buffer size would fail as "forged". */
        size_t siglen;
        if (cli_read_file(sig_path, &sig, &siglen) != 0)
            r = cli_read_fail(sig_path);
    }
    if (r == EXIT_NOTHING && cli_open_vault(c, &v))
        r = EXIT_TROUBLE;
    int found = 0, trouble = 0;
    cli_progress prog;
    cli_progress_start(&prog, c, "verify", ninputs, 0);
    for (size_t i = 0; v && i < ninputs; i++) {
        cli_progress_clear(&prog);
        int one = verify_one(c, v, inputs[i], doc, sig, html, sign);
        found |= one == EXIT_FOUND;
        trouble |= one == EXIT_TROUBLE;
        fflush(stdout);
        cli_progress_add(&prog, 0, 0, 1);
    }
    cli_progress_end(&prog);
    if (v)
        r = trouble ? EXIT_TROUBLE : found ? EXIT_FOUND : EXIT_NOTHING;
    tt_vault_free(v);
    free(sig);
    cli_inputs_free(inputs, ninputs);
    free(files);
    return r;
}
