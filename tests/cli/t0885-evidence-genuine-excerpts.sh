#!/usr/bin/env bash
# The rules of what is evidence (scan.c evidence_words: a phrase of 3+ words the passage
# already held counts nothing, a sorted list counts as one word; t0884) must not lose genuine
# excerpts: a 150-character excerpt of a registered memo with 5% noise (7 letters dropped,
# doubled or swapped) inside an unrelated post is found, and so is an excerpt of 12 lines of a
# registered C source file, whose words are mostly identifiers joined by
# underscores and arrows.  The texts are written for this test.
. "$(dirname "$0")/lib.sh"

cat > notebooks.txt <<'EOF'
Minutes of the archive committee, March meeting.

The archive committee met on the second Tuesday of March to review the
handling of field notebooks returned by survey teams. Several notebooks
had arrived with loose pages, water damage along the spine, and pencil
entries that had faded beyond easy reading. The committee agreed that
every returned notebook should be photographed page by page within a week
of its arrival, before any conservation work begins, so that the record
of what the surveyor actually wrote survives even if a later repair goes
wrong. Volunteers will log each notebook in the intake register with the
team name, the dates of the survey, and a short note on its condition.

Notebooks with mould must be sealed in a separate box and kept away from
the reading room until a conservator has examined them. The committee
also asked the librarian to draft a short guide for survey leaders on
packing notebooks for the journey home, since most of the damage seen
this year happened in transit rather than in the field.
EOF
# 146 characters of the memo with 7 edits: comittee, evrey, shuold, withn, arival
cat > notebooks-post.txt <<'EOF'
Overheard at the museum cafe, someone reading from a memo: "The comittee
agreed that evrey returned notebook shuold be photographed page by page
withn a week of its arival, before any conservation work begins" - is
that new?
EOF
cat > ring.c <<'EOF'
/* ring.c: a fixed-size ring buffer of log records for the sampler thread. */
#include <stdio.h>
#include <string.h>
#include "sampler.h"

static int
ring_push(struct ring *r, const struct log_record *rec)
{
    size_t next = (r->head + 1) % r->capacity;
    if (next == r->tail) {
        r->dropped_records++;
        return RING_E_FULL;
    }
    memcpy(&r->slots[r->head], rec, sizeof *rec);
    r->head = next;
    return 0;
}

static int
ring_pop(struct ring *r, struct log_record *out)
{
    if (r->tail == r->head)
        return RING_E_EMPTY;
    memcpy(out, &r->slots[r->tail], sizeof *out);
    r->tail = (r->tail + 1) % r->capacity;
    return 0;
}

int
sampler_flush(struct sampler *s, FILE *sink)
{
    struct log_record rec;
    size_t written = 0;
    while (ring_pop(&s->ring, &rec) == 0) {
        if (fprintf(sink, "%llu %s %d\n", (unsigned long long)rec.timestamp_ns,
                    rec.source_name, rec.severity_level) < 0)
            return SAMPLER_E_WRITE;
        written++;
    }
    s->total_flushed += written;
    return 0;
}
EOF
cat > ring-post.txt <<'EOF'
Can anyone tell me why this drops records under load? Our sampler does:

static int
ring_push(struct ring *r, const struct log_record *rec)
{
    size_t next = (r->head + 1) % r->capacity;
    if (next == r->tail) {
        r->dropped_records++;
        return RING_E_FULL;
    }
    memcpy(&r->slots[r->head], rec, sizeof *rec);
    r->head = next;
    return 0;
}

Thanks in advance.
EOF

test_expect_success 'a 150-character memo excerpt with 5% noise and twelve lines of C are found' - <<'EOT'
run 0 tt init
run 0 tt add notebooks.txt ring.c
run 1 tt --json scan notebooks-post.txt ring-post.txt
expect_out '"title":"Minutes of the archive committee, March meeting\.".*"leak_text":"The comittee[^"]*conservation work begins"'
expect_out '"title":"/\* ring\.c: a fixed-size ring buffer.*"leak_text":"[^"]*ring_push[^"]*r->head = next;'
EOT
