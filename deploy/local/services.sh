# The five services of the local stack, run as built fast-jars with logs under data/logs and PIDs under data/pids.
# Sourced by ./mcps; expects lib.sh.

module_of() { echo "$1-service"; }
port_of() {
  local entry
  for entry in $SERVICES; do [ "${entry%%:*}" = "$1" ] && echo "${entry##*:}"; done
}
# MCPS_APPS_DIR: where the built modules are looked for (the acceptance suite runs copies, safe from rebuilds).
jar_of() { echo "${MCPS_APPS_DIR:-$ROOT}/$(module_of "$1")/target/quarkus-app/quarkus-run.jar"; }

# Builds when a jar is missing or any source is newer than it.
build_if_needed() {
  local svc port stale=""
  # MCPS_SKIP_BUILD: run the jars as they are (the acceptance suite tests what the reactor just packaged).
  if [ -n "${MCPS_SKIP_BUILD:-}" ]; then
    for entry in $SERVICES; do
      [ -f "$(jar_of "${entry%%:*}")" ] || die "$(jar_of "${entry%%:*}") is missing: build first (mvn -DskipTests install)"
    done
    return 0
  fi
  for entry in $SERVICES; do
    svc=${entry%%:*}
    local jar; jar=$(jar_of "$svc")
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/platform" "$ROOT/$(module_of "$svc")" "$ROOT/pom.xml" \
        -path '*/target' -prune -o -type f -newer "$jar" -print -quit)" ]; then
      stale="$stale $svc"
    fi
  done
  [ -z "$stale" ] && return 0
  say "build         building (changed:$stale); log in data/logs/build.log"
  (cd "$ROOT" && mvn -B -q -DskipTests -Dquarkus.analytics.disabled=true install) >"$INFRA_LOGS/build.log" 2>&1 \
    || die "the build failed: $(grep -E 'ERROR' "$INFRA_LOGS/build.log" | head -n 15)"
}

# The environment every service gets: where the stack is, and the secrets generated once under data/.
service_env() {
  export MCPS_DB_HOST="$DB_HOST" MCPS_DB_PORT="$DB_PORT" MCPS_DB_USER="$DB_USER" MCPS_DB_PASSWORD="$DB_PASSWORD"
  export MCPS_KAFKA_BOOTSTRAP="$KAFKA_BOOTSTRAP"
  export MCPS_DATA_DIR="$RUN_DIR"
  export MCPS_IDENTITY_URL="http://127.0.0.1:$(port_of identity)" MCPS_TOOL_URL="http://127.0.0.1:$(port_of tool)"
  export MCPS_MCP_PROXY_URL="http://127.0.0.1:$(port_of mcp-proxy)"
  export MCPS_OBSERVABILITY_URL="http://127.0.0.1:$(port_of observability)"
  export MCPS_GATEWAY_URL="http://127.0.0.1:$(port_of gateway)"
  export MCPS_JWKS_URL="$MCPS_IDENTITY_URL/.well-known/jwks.json"
  export MCPS_ADMIN_PASSWORD; MCPS_ADMIN_PASSWORD=$(secret MCPS_ADMIN_PASSWORD admin-password)
  export MCPS_SERVICE_SECRET; MCPS_SERVICE_SECRET=$(secret MCPS_SERVICE_SECRET service-secret)
  export MCPS_SECRETS_KEY; MCPS_SECRETS_KEY=$(secret MCPS_SECRETS_KEY secrets-key)
  export MCPS_NPM_PREFIX="$ROOT/deploy/npm"
  # The gateway reaches the services from a loopback address no other local process uses, and identity believes
  # X-Forwarded-For (the client's address in the audit log) from that address alone.
  export MCPS_GATEWAY_SOURCE_ADDRESS="${MCPS_GATEWAY_SOURCE_ADDRESS:-127.0.0.2}"
  export MCPS_TRUSTED_PROXIES="${MCPS_TRUSTED_PROXIES:-$MCPS_GATEWAY_SOURCE_ADDRESS}"
}

service_start() {
  local svc=$1 port=$2
  if pid_alive "$svc"; then
    say "$(printf '%-13s' "$svc") already running on :$port"
    return 0
  fi
  port_open 127.0.0.1 "$port" && die "port $port (for $svc) is taken by another program"
  # "nohup java … &" must be a simple command: with "cd && nohup java … &", $! would be the PID of a subshell and
  # ./mcps down would stop that subshell while the service ran on.
  (cd "$RUN_DIR" || exit 1; nohup java ${MCPS_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m} \
    -jar "$(jar_of "$svc")" >"$LOGS/$svc.log" 2>&1 & echo $! > "$PIDS/$svc.pid")
}

# Waits until every service answers ready; names the one that does not and shows its log.
services_wait_ready() {
  local deadline=$((SECONDS + ${MCPS_READY_TIMEOUT:-120})) svc port pending
  while :; do
    pending=""
    for entry in $SERVICES; do
      svc=${entry%%:*}; port=${entry##*:}
      pid_alive "$svc" || { tail -n 30 "$LOGS/$svc.log" >&2; die "$svc exited during start; its log is above (data/logs/$svc.log)"; }
      [ "$(ready_code "$port")" = 200 ] || pending="$pending $svc"
    done
    [ -z "$pending" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      for svc in $pending; do
        say "--- last lines of data/logs/$svc.log" >&2; tail -n 20 "$LOGS/$svc.log" >&2
      done
      die "not ready after ${MCPS_READY_TIMEOUT:-120}s:$pending"
    fi
    sleep 0.5
  done
}

ready_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/q/health/ready"; }

services_start() {
  service_env
  for entry in $SERVICES; do service_start "${entry%%:*}" "${entry##*:}"; done
  services_wait_ready
}

# The gateway goes first so nothing new comes in; the others stop side by side (each may need seconds to close its
# Kafka clients, and tool-service its MCP server processes); observability goes last, so their final events (tools
# stopping, sessions closing) are still ingested and none arrives while it stops (its database pool closes before
# its Kafka consumer, so a batch arriving then held its shutdown until the stop timeout).
services_stop() {
  local e svc
  stop_pid gateway
  for e in $SERVICES; do
    svc=${e%%:*}
    [ "$svc" = gateway ] || [ "$svc" = observability ] || stop_pid "$svc" &
  done
  wait
  stop_pid observability
}

services_status() {
  local svc port state
  for entry in $SERVICES; do
    svc=${entry%%:*}; port=${entry##*:}
    if pid_alive "$svc"; then
      [ "$(ready_code "$port")" = 200 ] && state="up (ready)" || state="running, not ready"
      state="$state, pid $(cat "$PIDS/$svc.pid")"
    else
      state="down"
    fi
    status_line "$svc" "127.0.0.1:$port" "$state"
  done
}
