/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_trace.c: trace on arbitrary text never crashes and never accuses.  A vault is made
 * once in a temporary directory (the memo below, 20 recipients, copies issued on the
 * lexical and unicode channels); each input is traced with the document given (so the
 * aligner and the slot reader see it however unrelated it is) and detected.  Arbitrary
 * text is no recipient's copy: an accusation would be a false one, so it aborts.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "telltale/issue.h"
#include "telltale/trace.h"
#include "telltale/vault.h"

static const char memo[] =
    "The committee met on Tuesday in order to review the budget, the staffing plan, and the\n"
    "schedule for the coming year. Therefore, we agreed that the new office should open in\n"
    "the spring. The director said that the move toward the centre of town is the right\n"
    "choice, and we expect that the staff will cooperate with the e-mail instructions which\n"
    "are sent each week. If you have questions, you should contact the office manager.\n"
    "In addition, the committee will organize a meeting amongst the team leaders whilst the\n"
    "move takes place. Everyone should check the online calendar, and anyone who cannot\n"
    "attend should tell the secretary. The copy that you received is confidential; do not\n"
    "forward it. Finally, we thank everyone for their focus on the work, the patience, and\n"
    "the good humour shown during a difficult year.\n";

static tt_vault *vault;
static char dir[64];
static char doc[24];

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static void
cleanup(void)
{
    tt_vault_free(vault);
    if (dir[0])
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/tt-fuzz-trace-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
    char vdir[128], path[128], out[128];
    snprintf(vdir, sizeof vdir, "%s/vault", dir);
    snprintf(path, sizeof path, "%s/memo.txt", dir);
    snprintf(out, sizeof out, "%s/copies", dir);
    FILE *f = fopen(path, "w");
    if (!f || fwrite(memo, 1, sizeof memo - 1, f) != sizeof memo - 1 || fclose(f) != 0)
        abort();
    if (tt_vault_init(&vault, vdir) != 0)
        abort();
    const char *paths[] = {path};
    tt_doc_info info = {0};
    if (tt_vault_add_files(vault, paths, 1, NULL, &info) != 0)
        abort();
    snprintf(doc, sizeof doc, "%s", info.id);
    tt_doc_info_release(&info);
    tt_issuer *is = NULL;
    tt_mark_opts o = {.channels = "lexical,unicode"};
    if (tt_issuer_new(&is, vault, doc, &o) != 0)
        abort();
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "Recipient %d", i);
        tt_issued cp;
        if (tt_vault_recipient_add(vault, name, NULL, NULL, NULL) != 0 ||
            tt_issuer_copy(is, name, out, &cp) != 0)
            abort();
    }
    if (tt_issuer_finish(is) != 0)
        abort();
    tt_issuer_free(is);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!vault)
        setup();
    for (int with_doc = 0; with_doc < 2; with_doc++) {
        tt_trace_opts o = {.doc = with_doc ? doc : NULL};
        tt_trace *t = NULL;
        if (tt_trace_run(vault, (const char *)data, size, &o, &t) == 0) {
            if (tt_trace_accused(t) != 0) {
                fprintf(stderr, "fuzz_trace: arbitrary text accused someone\n");
                abort();
            }
            for (size_t i = 0; i < tt_trace_nsuspects(t); i++) {
                tt_suspect s;
                tt_trace_suspect(t, i, &s);
                if (!(s.p_value >= 0 && s.p_value <= 1))
                    abort();
            }
        }
        tt_trace_free(t);
    }
    return 0;
}
