/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mini_text.h: a test-only ASCII tokenizer that builds tt_text models by hand, so the aligner
 * is tested independently of normalize.c: units are the ASCII letters and digits, lower-cased;
 * words are maximal runs of them; the hash is FNV-1a of the units.
 */
#ifndef TT_MINI_TEXT_H
#define TT_MINI_TEXT_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#if defined(__GNUC__)
#define MINI_UNUSED __attribute__((unused))
#else
#define MINI_UNUSED
#endif

MINI_UNUSED static void
mini_build(tt_text *t, const char *s)
{
    size_t n = strlen(s);
    memset(t, 0, sizeof *t);
    t->bytes = s;
    t->len = n;
    t->units = calloc(n + 1, sizeof *t->units);
    t->words = calloc(n / 2 + 2, sizeof *t->words);
    size_t p = 0;
    while (p < n) {
        while (p < n && !isalnum((unsigned char)s[p]))
            p++;
        if (p >= n)
            break;
        tt_word *w = &t->words[t->nwords++];
        w->start = (uint32_t)p;
        w->ustart = (uint32_t)t->nunits;
        w->hash = 1469598103934665603ull;
        if (isupper((unsigned char)s[p]))
            w->flags |= TT_WORD_UPPER;
        while (p < n && isalnum((unsigned char)s[p])) {
            unsigned char c = (unsigned char)tolower((unsigned char)s[p]);
            if (isdigit(c))
                w->flags |= TT_WORD_DIGIT;
            t->units[t->nunits++] = (tt_unit){c, (uint32_t)p, (uint32_t)p + 1};
            w->hash = (w->hash ^ c) * 1099511628211ull;
            p++;
        }
        w->end = (uint32_t)p;
        w->uend = (uint32_t)t->nunits;
    }
}

MINI_UNUSED static void
mini_release(tt_text *t)
{
    free(t->units);
    free(t->words);
    memset(t, 0, sizeof *t);
}

/* Read a whole file into a NUL-terminated string (the caller frees), or NULL. */
MINI_UNUSED static char *
mini_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += k;
        if (len + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    if (b)
        b[len] = '\0';
    return b;
}

/* A deterministic generator for noise. */
MINI_UNUSED static uint64_t
mini_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Copy s with about rate of its letters changed by typing noise (substitution, deletion,
 * insertion, transposition of lower-case letters; digits and capitals are left alone). */
MINI_UNUSED static char *
mini_noise(const char *s, double rate, uint64_t seed)
{
    size_t n = strlen(s);
    char *o = malloc(2 * n + 1);
    size_t k = 0;
    uint64_t st = seed | 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z' && (double)(mini_rand(&st) % 100000) / 100000.0 < rate) {
            switch (mini_rand(&st) % 4) {
            case 0:
                o[k++] = (char)('a' + mini_rand(&st) % 26);
                break;
            case 1:
                break;
            case 2:
                o[k++] = c;
                o[k++] = (char)('a' + mini_rand(&st) % 26);
                break;
            default:
                if (i + 1 < n && s[i + 1] >= 'a' && s[i + 1] <= 'z') {
                    o[k++] = s[i + 1];
                    o[k++] = c;
                    i++;
                } else {
                    o[k++] = c;
                }
            }
        } else {
            o[k++] = c;
        }
    }
    o[k] = '\0';
    return o;
}

#endif
