# SPDX-License-Identifier: Apache-2.0
# Helpers for the tests of libraries loaded at first use (t0867-t0869), sourced after
# lib.sh.  What a command loaded is read from the dynamic loader's own report
# (LD_DEBUG=libs), so a build that links a library it should load later fails them.

# traced STATUS CMD...: run CMD as `run` does, with the libraries the loader initialised
# (one "calling init: PATH" each) in $WORK/loaded, one file name a line
traced() {
    local want=$1
    shift
    rm -f "$WORK"/ld.*
    LD_DEBUG=libs LD_DEBUG_OUTPUT="$WORK/ld" run "$want" "$@"
    cat "$WORK"/ld.* | sed -n 's|.*calling init: .*/||p' | sort -u >"$WORK/loaded"
    # the report is real: a linked library is in it
    grep -q '^libsqlite3\.so' "$WORK/loaded" || { cat "$WORK"/ld.*; fail "no loader report"; }
}
# loaded NAME...: each lib<NAME>.so is in the last report
loaded() {
    for n in "$@"; do
        grep -q "^lib$n\.so" "$WORK/loaded" || fail "lib$n not loaded: $(tr '\n' ' ' <"$WORK/loaded")"
    done
}
# none_of PATTERN: no library matching the grep -E PATTERN (anchored at the file name's
# start) is in the last report
none_of() {
    ! grep -E "^$1" "$WORK/loaded" || fail "loaded: $(grep -E "^$1" "$WORK/loaded" | tr '\n' ' ')"
}
# asked NAME CMD...: the soname of lib<NAME> that CMD has the loader look for (empty if none)
asked() {
    local name=$1
    shift
    rm -f "$WORK"/ld.*
    LD_DEBUG=libs LD_DEBUG_OUTPUT="$WORK/ld" "$@" >/dev/null 2>&1 || true
    cat "$WORK"/ld.* | sed -n "s/.*find library=\(lib$name\.so[^ ]*\) .*/\1/p" | head -n 1
}
# fake SONAME [DIR]: DIR (default $WORK/fake) made anew, holding a file named SONAME that is
# not a library
fake() {
    local dir=${2:-$WORK/fake}
    rm -rf "$dir"
    mkdir "$dir"
    printf 'not a shared library\n' >"$dir/$1"
}
# re TEXT: TEXT as a grep -E pattern (its dots escaped)
re() { printf '%s' "${1//./\\.}"; }
