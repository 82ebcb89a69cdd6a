/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_init.c: telltale init: create the vault directory, its database and its keys. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "telltale/vault.h"

static const char help[] =
    "usage: telltale [--vault DIR] init [--json]\n"
    "\n"
    "Create a vault: the directory DIR (default $TELLTALE_VAULT, else ./.telltale) with\n"
    "  vault.db    the database: documents, recipients, issued copies, index, audit log\n"
    "  secret.key  the Ed25519 signing key (mode 0600)\n"
    "  mark.key    the marking key that derives every recipient's code (mode 0600)\n"
    "  vault.pub   the public key in minisign's format: 'minisign -Vm FILE -p vault.pub'\n"
    "              checks what telltale signed\n"
    "An existing empty DIR is replaced by a private one (mode 0700, with a note when it\n"
    "was not).  Existing keys are never overwritten.  The vault is built beside DIR and renamed into\n"
    "place, so an interrupted init leaves no half vault; DIR must not exist or be empty.\n"
    "Keep a copy of vault.pub (and of the key id printed here) outside the vault: it is\n"
    "what proves the audit log and signatures.\n"
    "\n"
    "Options:\n"
    "  --json   print {\"vault\": DIR, \"public_key\": PATH, \"key_id\": ID}\n"
    "\n"
    "Exit status: 0 created, 2 failure (a vault, key files or other files already there,\n"
    "no permission).\n";

int
cmd_init(cli *c, int argc, char **argv)
{
    if (cli_common_opts(c, &argc, argv)) {
        fputs(help, stdout);
        return EXIT_NOTHING;
    }
    if (argc > 1)
        return usage_error("init", "unexpected argument '%s'", argv[1]);
    /* Test keys (tests only; see tt_vault_init_options): derived from a seed anyone can read,
     * so say so loudly; the vault's init log entry records "test_keys": true. */
    tt_vault_init_options opts = TT_VAULT_INIT_OPTIONS_INIT;
    const char *seed = getenv("TELLTALE_TEST_KEY_SEED");
    if (seed && *seed) {
        fprintf(stderr, "telltale: warning: TELLTALE_TEST_KEY_SEED is set: this vault gets TEST "
                        "keys derived from that seed, not secret keys; never use it for real "
                        "documents\n");
        opts.test_key_seed = seed;
        opts.test_key_seed_len = strlen(seed);
    }
    /* init makes an existing directory private (0700): say so when it was not */
    struct stat before;
    int existed = stat(c->vault_dir, &before) == 0 && S_ISDIR(before.st_mode);
    tt_vault *v = NULL;
    int rc = tt_vault_init_with(&v, c->vault_dir, &opts);
    if (rc) {
        int r = fail("%s", v ? tt_vault_errmsg(v) : tt_strerror(rc));
        tt_vault_free(v);
        return r;
    }
    if (existed && (before.st_mode & 077))
        warn("made '%s' private: mode 0700, was %04o", tt_vault_dir(v),
             (unsigned)(before.st_mode & 07777));
    char pub[4096];
    snprintf(pub, sizeof pub, "%s/vault.pub", tt_vault_dir(v));
    if (c->json) {
        json_t *j = json_pack("{s:s, s:s, s:s}", "vault", tt_vault_dir(v), "public_key", pub,
                              "key_id", tt_vault_key_id(v));
        char *s = j ? cli_json_dumps(j, JSON_COMPACT) : NULL;
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(j);
    } else {
        printf("created vault '%s'\n", cli_safe(tt_vault_dir(v)));
        printf("public key: %s (key id %s)\n", cli_safe(pub), tt_vault_key_id(v));
    }
    tt_vault_free(v);
    return EXIT_NOTHING;
}
