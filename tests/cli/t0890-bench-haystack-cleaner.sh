#!/usr/bin/env bash
# The bench's haystack cleaner (bench/corpus.py, issue 12: "a haystack of other real prose with
# every paragraph sharing an 8-word shingle with a registered one removed, so every finding
# there is false").  Scanned as 4 KiB posts, the corpus-4 haystack gave 13 findings in 47.5 MB,
# and every one was a copy of registered text that the cleaner had let through:
#   - pod2man's \*(C`...\*(C' quotes were left in the text as "C`:utf8C'", which broke every
#     8-word shingle through them (IO::Socket(3perl) against perlfunc.pod);
#   - a sentence re-edited every few words shares no 8 words in a row (posix_fadvise(2)
#     against Python's os docs, fmemopen(3) against the registered text it repeats).
# The texts below are those documents' own lines (perl 5.36, man-pages 6.03, Python 3.11).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip_all "no python3"
BENCH="$TESTS_DIR/../bench"
[ -r "$BENCH/corpus.py" ] || skip_all "no bench/corpus.py"

py() { PYTHONPATH="$BENCH" python3 -c "$1"; }

cat > io-socket.3perl <<'EOT'
.SS "recv"
.IX Subsection "recv"
.PP
\&\fBNote:\fR In Perl v5.30 and newer, if the socket has been marked as \f(CW\*(C`:utf8\*(C'\fR,
\&\f(CW\*(C`recv\*(C'\fR will throw an exception. The \f(CW\*(C`:encoding(...)\*(C'\fR layer implicitly
introduces the \f(CW\*(C`:utf8\*(C'\fR layer. See \*(L"binmode\*(R" in perlfunc.
.PP
.Vb 2
\&    my $sock = IO::Socket::INET->new(PeerAddr => "localhost:5000");
\&    $sock->recv(my $data, 1024);
.Ve
EOT
cat > perlfunc.pod <<'EOT'
Note that if the socket has been marked as C<:utf8>, C<recv> will
throw an exception.  The C<:encoding(...)> layer implicitly introduces
the C<:utf8> layer.  See L<C<binmode>|/binmode FILEHANDLE, LAYER>.
EOT
cat > posix_fadvise.2 <<'EOT'
.SH DESCRIPTION
Programs can use
.BR posix_fadvise ()
to announce an intention to access
file data in a specific pattern in the future, thus allowing the kernel
to perform appropriate optimizations.
.PP
One can obtain a snapshot of which pages of a file are resident
in the buffer cache by opening a file, mapping it with
.BR mmap (2),
and then applying
.BR mincore (2)
to the mapping.
EOT
cat > os.rst <<'EOT'
   Announces an intention to access data in a specific pattern thus allowing
   the kernel to make optimizations.
   The advice applies to the region of the file specified by *fd* starting at
   *offset* and continuing for *len* bytes.
EOT

test_expect_success 'roff: pod2man quotes, fonts and examples leave no residue' - <<'EOT'
py '
import corpus
text = corpus.from_roff(open("io-socket.3perl").read())
paras = list(corpus.paragraphs(text))
want = ("Note: In Perl v5.30 and newer, if the socket has been marked as :utf8, recv will throw an "
        "exception. The :encoding(...) layer implicitly introduces the :utf8 layer. See binmode in perlfunc.")
assert paras == [want], paras
fad = list(corpus.paragraphs(corpus.from_roff(open("posix_fadvise.2").read())))
assert fad[0].startswith("Programs can use posix_fadvise() to announce an intention"), fad
assert fad[1].endswith("mapping it with mmap(2), and then applying mincore(2) to the mapping."), fad
'
EOT

test_expect_success 'a man page that repeats a registered POD paragraph shares its shingles' - <<'EOT'
py '
import corpus
reg = corpus.RegisteredText()
for p in corpus.paragraphs(corpus.from_pod(open("perlfunc.pod").read())):
    reg.add(p)
hay = list(corpus.paragraphs(corpus.from_roff(open("io-socket.3perl").read())))
assert reg.shares(hay[0]) == "shingle", reg.shares(hay[0])
'
EOT

test_expect_success 'a re-edited sentence is a near copy; other text of the same page is not' - <<'EOT'
py '
import corpus
reg = corpus.RegisteredText()
for p in corpus.paragraphs(corpus.from_rst(open("os.rst").read())):
    reg.add(p)
fad = list(corpus.paragraphs(corpus.from_roff(open("posix_fadvise.2").read())))
d = {}
assert reg.shares(fad[0], d) == "near", reg.shares(fad[0])
assert d["near"] >= corpus.NEAR_WORDS and d["registered"].startswith("Announces an intention"), d
assert reg.shares(fad[1]) is None, reg.shares(fad[1])
'
EOT

test_expect_success 'phrasing that many registered paragraphs hold is no evidence of a copy' - <<'EOT'
py '
import corpus
fad = list(corpus.paragraphs(corpus.from_roff(open("posix_fadvise.2").read())))[0]
def reg_of(n):
    reg = corpus.RegisteredText()
    for i in range(n):   # three of its 4-word sequences, in n paragraphs
        reg.add(f"Note {i}: we had an intention to access the disk, read it in a specific pattern "
                f"and slept, thus allowing the kernel some rest.")
    return reg
assert reg_of(1).shares(fad) == "near"
assert reg_of(corpus.NEAR_DF).shares(fad) == "near"
assert reg_of(corpus.NEAR_DF + 1).shares(fad) is None
'
EOT

test_expect_success 'a re-edit that adds and changes words between runs is a near copy' - <<'EOT'
py '
import corpus
reg = corpus.RegisteredText()
reg.add("The buffer is opened for appending. In this mode writes writes don'"'"'t implicitly add a "
        "NUL byte and seeks from the end of the buffer, as the documentation of the stream says.")
fm = ("In this mode, writes don'"'"'t implicitly add a terminating null byte, and is relative to the end "
      "of the buffer (the current end).")
d = {}
assert reg.shares(fm, d) == "near" and d["near"] >= corpus.NEAR_WORDS, (reg.shares(fm), d)
other = ("In this mode the application reads the whole file at once; the kernel keeps no state "
         "between calls and the buffer is freed at the end of the buffer list.")
assert reg.shares(other) is None, reg.shares(other)
'
EOT
