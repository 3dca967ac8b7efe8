#!/usr/bin/env bash
# Checks of ./mcps itself on a stack of its own (run dir data/stack-test, ports 29080-29084 and, with replicas,
# 29180-29284, databases *_stacktest, the running PostgreSQL and Kafka), never the developer's stack:
#   1. the admin login printed by ./mcps up logs in: after a first start with MCPS_ADMIN_PASSWORD, a later start
#      without it does not print the password generated into data/secrets/admin-password (which identity refuses);
#   2. ./mcps up run while a service is still stopping (SIGTERM sent, by ./mcps stop or by anyone) waits for it to
#      exit and starts it again, instead of calling it "already running";
#   3. with --replicas 2: the balancer routes around a killed instance, ./mcps start brings it back, and ./mcps
#      down leaves no process behind.
# Usage: deploy/local/tests/stack-test.sh [admin|stopping|replicas ...] (all three without arguments).
# Needs the built services (*/target/quarkus-app; copied, so rebuilds meanwhile do not matter) and takes minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
MCPS="${MCPS_UNDER_TEST:-$ROOT/mcps}"
RUN="$ROOT/data/stack-test"
BASE=29080

export MCPS_RUN_DIR="$RUN" MCPS_APPS_DIR="$RUN/apps" MCPS_SKIP_BUILD=1
export MCPS_GATEWAY_PORT=$BASE MCPS_IDENTITY_PORT=$((BASE + 1)) MCPS_TOOL_PORT=$((BASE + 2))
export MCPS_MCP_PROXY_PORT=$((BASE + 3)) MCPS_OBSERVABILITY_PORT=$((BASE + 4))
export MCPS_IDENTITY_DB=mcps_identity_stacktest MCPS_TOOL_DB=mcps_tools_stacktest
export MCPS_MCP_PROXY_DB=mcps_proxy_stacktest MCPS_OBSERVABILITY_DB=mcps_observability_stacktest
export MCPS_OBSERVABILITY_GROUP="observability-service-stacktest-$$" MCPS_OBSERVABILITY_OFFSET_RESET=latest
export MCPS_READY_TIMEOUT="${MCPS_READY_TIMEOUT:-600}" MCPS_GATEWAY_IDENTITY_TIMEOUT=60s
export QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=60S
export MCPS_MCP_ALLOWED_ORIGINS="http://localhost:$BASE,http://127.0.0.1:$BASE"
unset MCPS_ADMIN_PASSWORD MCPS_REPLICAS MCPS_SERVICE_SECRET MCPS_SECRETS_KEY
DB="${MCPS_DB_HOST:-127.0.0.1} ${MCPS_DB_PORT:-55432} ${MCPS_DB_USER:-mcps}"
FAILED=0

log() { printf '\n=== %s\n' "$*"; }
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; FAILED=$((FAILED + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

psql_admin() {
  read -r host port user <<<"$DB"
  PGOPTIONS='-c client_min_messages=warning' PGPASSWORD="${MCPS_DB_PASSWORD:-mcps}" psql -h "$host" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

fresh_stack() {
  "$MCPS" down --keep-infra >/dev/null 2>&1 || true
  rm -rf "$RUN/secrets" "$RUN/logs" "$RUN/pids" "$RUN/keys" "$RUN/haproxy" "$RUN/replicas"
  local db
  for db in $MCPS_IDENTITY_DB $MCPS_TOOL_DB $MCPS_MCP_PROXY_DB $MCPS_OBSERVABILITY_DB; do
    psql_admin -c "drop database if exists $db with (force)" -c "create database $db" >/dev/null
  done
}

copy_apps() {
  local m
  rm -rf "$RUN/apps"
  for m in identity tool mcp-proxy observability gateway; do
    [ -f "$ROOT/$m-service/target/quarkus-app/quarkus-run.jar" ] || { echo "build first: $m-service"; exit 2; }
    mkdir -p "$RUN/apps/$m-service/target"
    cp -a "$ROOT/$m-service/target/quarkus-app" "$RUN/apps/$m-service/target/"
  done
}

up() { "$MCPS" up "$@" 2>&1 | tee "$RUN/up.out"; return "${PIPESTATUS[0]}"; }

login_code() {
  printf '{"username":"admin","password":"%s"}' "$1" | curl -s -o /dev/null -w '%{http_code}' --max-time 60 \
    -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$BASE/api/v1/auth/login"
}

our_processes() { pgrep -f -- "$RUN/" || true; }

test_admin() {
  log "admin password: first start with MCPS_ADMIN_PASSWORD, then one without"
  fresh_stack
  local first="first-$RANDOM$RANDOM" generated
  MCPS_ADMIN_PASSWORD=$first up >/dev/null
  check "the first start prints the password it was given" grep -q "admin / $first\$" "$RUN/up.out"
  check "... and says it logged in with it" grep -q "checked by logging in" "$RUN/up.out"
  "$MCPS" down --keep-infra >/dev/null
  up >/dev/null
  generated=$(cat "$RUN/secrets/admin-password")
  check "identity refuses the generated password (the premise)" [ "$(login_code "$generated")" = 401 ]
  check "the admin still logs in with the first password" [ "$(login_code "$first")" = 200 ]
  check "the second start does not print the generated password" bash -c "! grep -qF -- '$generated' '$RUN/up.out'"
  check "... it says the password was set earlier" grep -q "the password set earlier" "$RUN/up.out"
  check "... and where it came from" grep -q "created with the password from MCPS_ADMIN_PASSWORD" "$RUN/up.out"
  local refusal; refusal=$(cat "$RUN/secrets/admin-password.refused")
  up >/dev/null
  check "a third start (nothing to start) is as honest" bash -c "! grep -qF -- '$generated' '$RUN/up.out' && grep -q 'the password set earlier' '$RUN/up.out'"
  check "... without trying the refused password again (its refusal is remembered as it was)" \
    [ "$(cat "$RUN/secrets/admin-password.refused")" = "$refusal" ]
  MCPS_ADMIN_PASSWORD=$first up >/dev/null
  check "with the right password given again, it is printed" grep -q "admin / $first\$" "$RUN/up.out"
  "$MCPS" down --keep-infra >/dev/null
}

test_stopping() {
  log "up while a service is still stopping"
  fresh_stack
  up >/dev/null
  local old; old=$(cat "$RUN/pids/observability.pid")
  kill -TERM "$old"
  up >/dev/null || true
  check "up after a SIGTERM from elsewhere succeeds and restarts observability" \
    bash -c "[ -f '$RUN/pids/observability.pid' ] && [ \"\$(cat '$RUN/pids/observability.pid')\" != '$old' ]"
  check "... without calling the stopping process 'already running'" bash -c "! grep -q 'observability.*already running' '$RUN/up.out'"
  old=$(cat "$RUN/pids/tool.pid")
  "$MCPS" stop tool >"$RUN/stop.out" 2>&1 &
  local stopper=$!
  sleep 0.5
  up >/dev/null || true
  wait "$stopper" || true
  check "up during ./mcps stop waits for the exit, then starts tool again" \
    bash -c "grep -q 'tool .*still stopping' '$RUN/up.out' && [ \"\$(cat '$RUN/pids/tool.pid')\" != '$old' ]"
  check "./mcps stop printed the SIGTERM-to-exit time" grep -q "SIGTERM to exit" "$RUN/stop.out"
  "$MCPS" down --keep-infra >/dev/null
  check "down leaves no process of the stack" [ -z "$(our_processes)" ]
}

test_replicas() {
  log "two replicas behind the balancer"
  fresh_stack
  up --replicas 2 >/dev/null
  "$MCPS" status | tee "$RUN/status.out"
  check "status lists two ready instances of each service" [ "$(grep -c 'up (ready).*balancer: UP' "$RUN/status.out")" = 10 ]
  local password; password=$(cat "$RUN/secrets/admin-password")
  check "login through the balancer's gateway port" [ "$(login_code "$password")" = 200 ]
  local svc codes
  for svc in identity gateway; do
    "$MCPS" kill "$svc" 1
    codes=""
    for _ in 1 2 3 4 5 6; do codes="$codes $(login_code "$password")"; done
    check "with $svc-1 killed every login is answered (codes:$codes)" bash -c "[[ ! '$codes' =~ (5[0-9][0-9]|000) ]]"
    "$MCPS" start "$svc" 1 >/dev/null
  done
  "$MCPS" down --keep-infra >/dev/null
  check "down leaves no process of the stack" [ -z "$(our_processes)" ]
  check "... nor the balancer's socket" [ ! -e "$RUN/haproxy/stats.sock" ]
}

copy_apps
tests=("$@"); [ ${#tests[@]} -gt 0 ] || tests=(admin stopping replicas)
for t in "${tests[@]}"; do "test_$t"; done
"$MCPS" down --keep-infra >/dev/null 2>&1 || true
for db in $MCPS_IDENTITY_DB $MCPS_TOOL_DB $MCPS_MCP_PROXY_DB $MCPS_OBSERVABILITY_DB; do
  psql_admin -c "drop database if exists $db with (force)" >/dev/null
done
[ "$FAILED" = 0 ] && rm -rf "$RUN"
log "$FAILED failed"
[ "$FAILED" = 0 ]
