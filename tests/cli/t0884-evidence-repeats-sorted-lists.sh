#!/usr/bin/env bash
# What is evidence (issue 12: "< 1 false finding per 100 MB of unrelated real prose"): three
# classes of false findings the bench's haystack of real manuals gave as 4 KiB posts, each a
# match of 11-15 words between two unrelated texts that only share names or a template.  The
# texts below are paraphrased minimal examples of each, not the packages' own lines.
#   - constants: a V4L2 ioctl page and strace's NEWS name the same two constants; split at
#     their underscores they were 11 "words", and the second repeats "V4L2 BUF TYPE META" of
#     the first.  A phrase of 3+ words the passage already held counts nothing (scan.c
#     evidence_words).
#   - a sorted list: two lists of the C library's string functions in alphabetical order agree
#     on their order because both are sorted.  A sorted list (6+ words in alphabetical order,
#     separated by commas) counts as one word.
#   - a repeated template: Node.js's util and a DOM reference both repeat "Returns true if the
#     ...; otherwise returns false" once per method: the repeat rule again.
# Each was a finding before these rules (checked against the build before them); none is now.
# t0885 checks that genuine excerpts of prose and of code are still found.
. "$(dirname "$0")/lib.sh"

cat > v4l2-news.txt <<'EOF'
Release notes for the tracer, version 5.18. The tracer now decodes the
metadata buffer types V4L2_BUF_TYPE_META_CAPTURE, V4L2_BUF_TYPE_META_OUTPUT,
and the capability flags that the video device ioctls return. It also
prints the names of more socket options and of the new mount attributes,
and the test suite runs on two more architectures.
EOF
cat > v4l2-post.txt <<'EOF'
To stream metadata, an application sets the type field of the format
structure to V4L2_BUF_TYPE_META_CAPTURE or to V4L2_BUF_TYPE_META_OUTPUT and
fills in the data format and the buffer size before it requests buffers.
EOF
cat > strings-ref.txt <<'EOF'
Conformance notes. The library provides the character class functions
isalnum, isalpha, iscntrl, isdigit, isgraph, islower, isprint, ispunct,
and the string functions strcat, strchr, strcmp, strcoll, strcpy, strcspn,
strerror, strftime, strlen, strncat, strncmp, strncpy, strpbrk, strrchr,
strspn, strstr, strtod, as the standard requires of a hosted
implementation, and nothing more.
EOF
cat > strings-post.txt <<'EOF'
Which of these may a signal handler call? None of the functions strcat,
strchr, strcmp, strcpy, strcspn, strlen, strncat, strncmp, strncpy,
strnlen, strpbrk, strrchr, strspn, strstr, strtok is listed as safe.
EOF
cat > dom-ref.txt <<'EOF'
Node tests. These methods look at the kind of a node. Returns true if the
node is an element; otherwise returns false. Returns true if the node is a
processing instruction; otherwise returns false. Returns true if the node
is a comment; otherwise returns false. See also the section on documents.
EOF
cat > util-post.txt <<'EOF'
Type checks (deprecated). Returns true if the given object is a boolean.
Otherwise, returns false. Returns true if the given object is null or
undefined. Otherwise, returns false. Returns true if the given object is
a number. Otherwise, returns false. Use typeof instead.
EOF

test_expect_success 'constants, sorted lists and a repeated template shared with registered texts are no finding' - <<'EOT'
run 0 tt init
run 0 tt add v4l2-news.txt strings-ref.txt dom-ref.txt
run 0 tt --json scan v4l2-post.txt strings-post.txt util-post.txt
expect_no_out '"doc"'
EOT

test_expect_success 'the registered texts themselves are still found' - <<'EOT'
run 1 tt --json scan v4l2-news.txt strings-ref.txt dom-ref.txt
[ "$(grep -c '"doc"' "$WORK/out")" -eq 3 ] || { cat "$WORK/out"; fail "want 3 findings"; }
EOT
