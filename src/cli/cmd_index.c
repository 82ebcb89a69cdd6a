/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_index.c: telltale index: bring the fingerprint index up to date, show its size, and
 * teach it what ordinary prose looks like (--background). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "telltale/scan.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale index [--background FILE... [--force]] [--json]\n\n"
    "Fingerprint every registered document not yet indexed (or indexed by an older\n"
    "version), then report the size of the index.  With --background, the fingerprints\n"
    "of FILE... (ordinary prose: newsletters, licences, public reports) are stored as\n"
    "background: they never count as evidence, so boilerplate shared with the world does\n"
    "not make registered documents match.  When the background is empty, it is seeded\n"
    "from the BSD, GPL-2 and LGPL-2.1 texts in /usr/share/common-licenses.  Each file\n"
    "added is logged (name, SHA-256, fingerprints, how many fingerprints of registered\n"
    "documents it hides); a file that would hide more than half of one registered\n"
    "document's fingerprints is refused: it is that document, not ordinary prose.\n\n"
    "Options:\n"
    "  --background FILE...  add these files to the background\n"
    "  --force               add them even when they hide most of a registered document\n"
    "  --json                {\"docs\": N, \"indexed\": N, \"fingerprints\": N,\n"
    "                        \"dropped_common\": N, \"dropped_background\": N,\n"
    "                        \"memory\": BYTES, \"background_added\": N,\n"
    "                        \"background_suppressed\": N}\n\n"
    "Exit status: 0 done, 2 failure.\n";

int
cmd_index(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    int background = 0, nfiles = 0, force = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--background") == 0)
            background = 1;
        else if (strcmp(argv[i], "--force") == 0)
            force = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("index", "unknown option '%s'", argv[i]);
        else if (!background)
            return usage_error("index", "files are given after --background");
        else
            nfiles++;
    }
    if (background && nfiles == 0)
        return usage_error("index", "--background needs at least one file");
    if (force && !background)
        return usage_error("index", "--force goes with --background");
    tt_vault *v = NULL;
    if (cli_open_vault(c, &v))
        return EXIT_TROUBLE;
    int rc;
    size_t added = 0, suppressed = 0;
    for (int i = 1; i < argc && background; i++) {
        if (strcmp(argv[i], "--background") == 0 || strcmp(argv[i], "--force") == 0)
            continue;
        char *data;
        size_t len;
        tt_background_opts bo = {TT_BACKGROUND_OPTS_VERSION, argv[i], force};
        tt_background_result br;
        if (cli_read_file(argv[i], &data, &len)) {
            int e = errno;
            tt_vault_free(v);
            errno = e;
            return cli_read_fail(argv[i]);
        }
        rc = tt_index_background_add(v, data, len, &bo, &br);
        free(data);
        if (rc) {
            int r = fail("cannot add '%s' to the background: %s", argv[i], tt_vault_errmsg(v));
            tt_vault_free(v);
            return r;
        }
        added += br.added;
        suppressed += br.suppressed;
        if (br.suppressed && !c->json)
            printf("'%s' hides %zu fingerprints of registered documents (most of %s: %zu of "
                   "%zu)\n",
                   argv[i], br.suppressed, br.doc, br.doc_hidden, br.doc_total);
    }
    size_t indexed = 0;
    tt_index *ix = NULL;
    if ((rc = tt_index_refresh(v, &indexed)) || (rc = tt_index_open(&ix, v))) {
        int r = fail("cannot build the index: %s", tt_vault_errmsg(v));
        tt_vault_free(v);
        return r;
    }
    tt_index_stats st;
    tt_index_stats_get(ix, &st);
    if (c->json) {
        json_t *o = json_pack("{sIsIsIsIsIsIsIsI}", "docs", (json_int_t)st.docs, "indexed",
                              (json_int_t)indexed, "fingerprints", (json_int_t)st.fingerprints,
                              "dropped_common", (json_int_t)st.dropped_df, "dropped_background",
                              (json_int_t)st.dropped_bg, "memory", (json_int_t)st.memory,
                              "background_added", (json_int_t)added, "background_suppressed",
                              (json_int_t)suppressed);
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
    } else {
        if (background)
            printf("%zu new background fingerprints\n", added);
        printf("%zu documents (%zu indexed now), %zu fingerprints, %zu dropped as common to "
               "many documents, %zu as background; %.1f MB in memory\n",
               st.docs, indexed, st.fingerprints, st.dropped_df, st.dropped_bg,
               (double)st.memory / 1e6);
    }
    tt_index_free(ix);
    tt_vault_free(v);
    return EXIT_NOTHING;
}
