# SPDX-License-Identifier: Apache-2.0
# lib-nats.sh: start and stop nats-server for the watch tests (sourced after lib.sh).
# Only 127.0.0.1, on a port picked free; every server (and every background process the test
# registers with bg_track) is killed by the EXIT trap, whatever happens.
BG_PIDS=""
bg_track() { BG_PIDS="$BG_PIDS $1"; }
bg_cleanup() {
    local rc=$? p
    for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null || true; done
    for p in $BG_PIDS; do wait "$p" 2>/dev/null || true; done
    if [ -n "${TT_KEEP_WORK:-}" ]; then
        echo "kept $WORK"
        exit "$rc"
    fi
    (exit "$rc") # lib.sh's exit: the closing lines of named cases, WORK removed
    _tt_exit
}
trap bg_cleanup EXIT

have_nats() { command -v nats-server >/dev/null 2>&1; }
# The cases that need a server say NATS: without nats-server each is skipped, and counted.
test_lazy_prereq NATS 'command -v nats-server'

# bg_run NAME CMD...: CMD in the background, its stdout appended to $WORK/NAME.out and its
# stderr to $WORK/NAME.err; its pid in $WORK/NAME.pid and, once it has exited, its status in
# $WORK/NAME.rc.  Its standard input is the caller's (a case's is /dev/null), not the
# /dev/null bash gives a background command.  A named case runs in a subshell, so a later
# case cannot `wait` for what an earlier one started: bg_pid and bg_status reach it through
# these files instead.
bg_run() {
    local name=$1 i; shift
    rm -f "$WORK/$name.pid" "$WORK/$name.rc"
    exec 9<&0
    (
        "$@" <&9 9<&- >>"$WORK/$name.out" 2>>"$WORK/$name.err" &
        echo $! >"$WORK/$name.pid.new"
        mv "$WORK/$name.pid.new" "$WORK/$name.pid"
        rc=0; wait $! || rc=$?
        echo "$rc" >"$WORK/$name.rc.new"
        mv "$WORK/$name.rc.new" "$WORK/$name.rc"
    ) >/dev/null 2>&1 &
    bg_track $!
    exec 9<&-
    for i in $(seq 100); do [ -f "$WORK/$name.pid" ] && break; sleep 0.05; done
    bg_track "$(bg_pid "$name")"
}
bg_pid() { cat "$WORK/$1.pid"; }
# bg_status NAME SECONDS: wait at most SECONDS for NAME to exit, then print its exit status;
# fails when it is still running.
bg_status() {
    wait_for "$2" test -f "$WORK/$1.rc" || { echo "$1 still running after $2 s" >&2; return 1; }
    cat "$WORK/$1.rc"
}
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# start_nats PORT STOREDIR: a JetStream server; sets NATS_PID and NATS_URL; waits (at most
# 10 s) until it accepts connections.
start_nats() {
    local port=$1 store=$2 i
    nats-server -js -a 127.0.0.1 -p "$port" -sd "$store" >>"$WORK/nats-$port.log" 2>&1 &
    NATS_PID=$!
    bg_track "$NATS_PID"
    NATS_URL="nats://127.0.0.1:$port"
    for i in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        kill -0 "$NATS_PID" 2>/dev/null || { cat "$WORK/nats-$port.log"; fail "nats-server exited"; }
        sleep 0.1
    done
    fail "nats-server did not listen on $port within 10 s"
}
stop_nats() {
    kill "$NATS_PID" 2>/dev/null || true
    local i
    for i in $(seq 100); do kill -0 "$NATS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$NATS_PID" 2>/dev/null || true
    wait "$NATS_PID" 2>/dev/null || true
}
# wait_for SECONDS CMD...: run CMD every 0.2 s until it succeeds, at most SECONDS.
wait_for() {
    local secs=$1 i; shift
    for i in $(seq $((secs * 5))); do "$@" && return 0; sleep 0.2; done
    return 1
}
