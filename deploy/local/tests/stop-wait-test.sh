#!/usr/bin/env bash
# Fast check (seconds, no services) of how ./mcps up treats an instance that is on its way out: a stand-in process
# that takes 3 s to exit after SIGTERM, under a run dir of its own. `up` must wait for its exit and then start it
# anew (settle_instance returns 0), whether ./mcps stop sent the SIGTERM (its marker says so) or someone else did
# (the process is alive but not ready); and must say so, never "already running".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
export MCPS_RUN_DIR="$ROOT/data/stop-wait-test"
rm -rf "$MCPS_RUN_DIR"
source "$ROOT/deploy/local/lib.sh"
source "$ROOT/deploy/local/services.sh"
FAILED=0
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; FAILED=$((FAILED + 1)); }

# A process that ignores nothing: on SIGTERM it needs 3 s to finish, like a service draining its requests.
slow_stopper() {
  nohup bash -c 'trap "sleep 3; exit 0" TERM; while :; do sleep 0.1; done' >/dev/null 2>&1 &
  echo $! > "$PIDS/$1.pid"
}
# No port answers: the stand-in is never "ready", as a service is not once its shutdown began.
PORT=1

slow_stopper probe-1
sleep 0.3
stop_pid probe-1 > "$MCPS_RUN_DIR/stop.out" &
sleep 0.5
t0=$SECONDS
if out=$(settle_instance probe-1 "$PORT"); then
  [ ! -f "$PIDS/probe-1.pid" ] && pass "after ./mcps stop: waited $((SECONDS - t0))s for the exit, then free to start" \
    || fail "the PID file of the exited process is left"
else
  fail "after ./mcps stop: settle_instance says it still runs"
fi
grep -q "still stopping" <<<"$out" && pass "said: $(head -n 1 <<<"$out" | tr -s ' ')" || fail "did not say it is stopping: $out"
wait
grep -q "SIGTERM to exit" "$MCPS_RUN_DIR/stop.out" && pass "stop printed: $(tr -s ' ' < "$MCPS_RUN_DIR/stop.out")" \
  || fail "stop printed: $(cat "$MCPS_RUN_DIR/stop.out")"

slow_stopper probe-2
sleep 0.3
kill -TERM "$(cat "$PIDS/probe-2.pid")"
sleep 0.5
t0=$SECONDS
if out=$(settle_instance probe-2 "$PORT"); then
  pass "after a SIGTERM from elsewhere: waited $((SECONDS - t0))s for the exit, then free to start"
else
  fail "after a SIGTERM from elsewhere: settle_instance says it still runs"
fi
grep -q "already running" <<<"$out" && fail "called it already running" || pass "said: $(head -n 1 <<<"$out" | tr -s ' ')"

MCPS_STOP_WAIT=1 STOP_WAIT=1
slow_stopper probe-3
sleep 0.3
printf '%s\n' "$EPOCHREALTIME" > "$PIDS/probe-3.stopping"
if out=$( (settle_instance probe-3 "$PORT") 2>&1); then
  fail "a stop that outlasts MCPS_STOP_WAIT was not reported"
else
  grep -q "still stopping after 1s" <<<"$out" && pass "a stop outlasting the wait is reported: $(tail -n 1 <<<"$out")" \
    || fail "unexpected: $out"
fi
kill -KILL "$(cat "$PIDS/probe-3.pid")" 2>/dev/null || true
rm -rf "$MCPS_RUN_DIR"
printf '%s failed\n' "$FAILED"
[ "$FAILED" = 0 ]
