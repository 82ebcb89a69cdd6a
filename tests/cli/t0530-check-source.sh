#!/usr/bin/env bash
# scripts/check-source (run by make check through scripts/check-api) holds the walls it
# claims: SQLite and SQL only in the store modules, one cleanup label per function.  It
# passes on this tree and fails, naming the file, on a copy with each wall broken.
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$TESTS_DIR/.." && pwd)
check() { bash "$SRC/scripts/check-source" "$@"; }

test_expect_success 'the tree as it is passes' '
    run 0 check "$SRC"
    expect_out "SQL only in the store modules"
'

test_expect_success 'set up a copy of the sources' '
    mkdir -p tree/src
    cp -r "$SRC/src/lib" "$SRC/src/cli" tree/src/
    run 0 check tree
'

test_expect_success 'a sqlite3 call in an analysis module fails the check' '
    cp tree/src/lib/verify.c verify.c.orig
    printf "static int f(void *db) { return sqlite3_changes(db); }\n" >>tree/src/lib/verify.c
    run 1 check tree
    expect_err "src/lib/verify.c:[0-9]+:.*sqlite3_changes"
    cp verify.c.orig tree/src/lib/verify.c
'

test_expect_success 'an SQL statement in a string outside the store fails it' '
    cp tree/src/lib/trace.c trace.c.orig
    printf "static const char *q = \"SELECT id FROM copies\";\n" >>tree/src/lib/trace.c
    run 1 check tree
    expect_err "src/lib/trace.c:[0-9]+:.*SELECT id FROM copies"
    cp trace.c.orig tree/src/lib/trace.c
'

test_expect_success 'the same in a comment, or SQL in a store module, passes' '
    printf "/* SELECT id FROM copies; sqlite3_step */\n// DELETE FROM vetoes\n" >>tree/src/lib/scan.c
    printf "static const char *q2 = \"SELECT 1 FROM copies\";\n" >>tree/src/lib/copies.c
    run 0 check tree
'

test_expect_success 'a second cleanup label in a function fails the check' '
    cat >>tree/src/lib/utf8.c <<-C
	int
	two_labels(int x)
	{
	    if (x)
	        goto fail;
	    goto out;
	fail:
	    x = 0;
	out:
	    return x;
	}
	C
    run 1 check tree
    expect_err "src/lib/utf8.c:[0-9]+: two_labels has 2 labels: fail out"
'
