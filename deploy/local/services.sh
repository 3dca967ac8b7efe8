# The five services of the local stack, run as built fast-jars with logs under data/logs and PIDs under data/pids.
# One instance of each on its usual port (8080-8084), or with ./mcps up --replicas N, N instances of each on ports of
# their own behind the balancer (balancer.sh), which then holds the usual ports. Sourced by ./mcps; expects lib.sh.

# Instance i of a service (1..N) listens on the service's port + MCPS_REPLICA_PORT_STEP * i: 8181 and 8281 for
# identity with two replicas.
REPLICA_PORT_STEP="${MCPS_REPLICA_PORT_STEP:-100}"
# The replica count `up` chose, kept while the stack runs: status, down and the instance commands follow it.
LAYOUT_FILE="$RUN_DIR/replicas"
# How long `up` waits for an instance that is on its way out (SIGTERM sent) before it says so and gives up.
STOP_WAIT="${MCPS_STOP_WAIT:-60}"
# SIGTERM's grace period in ./mcps stop and down; SIGKILL after it.
STOP_TIMEOUT="${MCPS_STOP_TIMEOUT:-20}"
REPLICAS=1

module_of() { echo "$1-service"; }
port_of() {
  local entry
  for entry in $SERVICES; do [ "${entry%%:*}" = "$1" ] && echo "${entry##*:}"; done
  return 0
}
# MCPS_APPS_DIR: where the built modules are looked for (the acceptance suite runs copies, safe from rebuilds).
jar_of() { echo "${MCPS_APPS_DIR:-$ROOT}/$(module_of "$1")/target/quarkus-app/quarkus-run.jar"; }

# With one replica an instance is named like its service (pids/identity.pid, logs/identity.log, as always).
instance_name() { if [ "$REPLICAS" -le 1 ]; then echo "$1"; else echo "$1-$2"; fi; }
instance_port() { if [ "$REPLICAS" -le 1 ]; then port_of "$1"; else echo $(($(port_of "$1") + REPLICA_PORT_STEP * $2)); fi; }

# The PID-file names of every instance of svc found under pids/, whatever the layout that wrote them.
recorded_instances() {
  local f
  for f in "$PIDS/$1.pid" "$PIDS/$1"-[0-9]*.pid; do
    [ -f "$f" ] && basename "$f" .pid
  done
  return 0
}

any_instance_alive() {
  local entry inst
  for entry in $SERVICES; do
    for inst in $(recorded_instances "${entry%%:*}"); do pid_alive "$inst" && return 0; done
  done
  pid_alive haproxy
}

# The layout of the running stack (for status, down, kill, stop, start): what up recorded, else one replica.
load_layout() {
  REPLICAS=1
  if [ -f "$LAYOUT_FILE" ]; then
    read -r REPLICAS REPLICA_PORT_STEP < "$LAYOUT_FILE" || true
  fi
  [[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || REPLICAS=1
}

# up's replica count: --replicas N, else MCPS_REPLICAS, else that of the stack still running, else 1. A running
# stack is not reshaped under its users: another count needs ./mcps down first.
choose_layout() {
  local requested=$1 running=""
  if any_instance_alive; then
    # A stack started by an older ./mcps has no layout file: one replica.
    running=1
    [ -f "$LAYOUT_FILE" ] && read -r running REPLICA_PORT_STEP < "$LAYOUT_FILE"
  fi
  if [ -z "$requested" ]; then requested=${running:-1}; fi
  [[ "$requested" =~ ^[1-9][0-9]*$ ]] || die "--replicas takes a whole number from 1 (got '$requested')"
  if [ -n "$running" ] && [ "$running" != "$requested" ]; then
    die "this stack runs with $running replicas; stop it (./mcps down --keep-infra) before starting it with $requested"
  fi
  REPLICAS=$requested
  printf '%s %s\n' "$REPLICAS" "$REPLICA_PORT_STEP" > "$LAYOUT_FILE"
}

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
  # With replicas these are the balancer's ports: any request may land on any instance.
  export MCPS_IDENTITY_URL="http://127.0.0.1:$(port_of identity)" MCPS_TOOL_URL="http://127.0.0.1:$(port_of tool)"
  export MCPS_MCP_PROXY_URL="http://127.0.0.1:$(port_of mcp-proxy)"
  export MCPS_OBSERVABILITY_URL="http://127.0.0.1:$(port_of observability)"
  export MCPS_GATEWAY_URL="http://127.0.0.1:$(port_of gateway)"
  # What MCP clients are told the endpoints are (OAuth resource URIs, the authorization server's issuer): behind an
  # Ingress or a TLS proxy, set it to the address users reach.
  export MCPS_PUBLIC_URL="${MCPS_PUBLIC_URL:-http://localhost:$(port_of gateway)}"
  export MCPS_JWKS_URL="$MCPS_IDENTITY_URL/.well-known/jwks.json"
  export MCPS_ADMIN_PASSWORD; MCPS_ADMIN_PASSWORD=$(secret MCPS_ADMIN_PASSWORD admin-password)
  export MCPS_SERVICE_SECRET; MCPS_SERVICE_SECRET=$(secret MCPS_SERVICE_SECRET service-secret)
  export MCPS_SECRETS_KEY; MCPS_SECRETS_KEY=$(secret MCPS_SECRETS_KEY secrets-key)
  export MCPS_NPM_PREFIX="$ROOT/deploy/npm"
  # The gateway reaches the services from a loopback address no other local process uses, and identity believes
  # X-Forwarded-For (the client's address in the audit log) from that address alone; with replicas also from the
  # balancer's (balancer.sh), which appends the address of whoever connected to it.
  export MCPS_GATEWAY_SOURCE_ADDRESS="${MCPS_GATEWAY_SOURCE_ADDRESS:-127.0.0.2}"
  if [ "$REPLICAS" -le 1 ]; then
    export MCPS_TRUSTED_PROXIES="${MCPS_TRUSTED_PROXIES:-$MCPS_GATEWAY_SOURCE_ADDRESS}"
  else
    export MCPS_TRUSTED_PROXIES="${MCPS_TRUSTED_PROXIES:-$MCPS_GATEWAY_SOURCE_ADDRESS,$BALANCER_SOURCE_ADDRESS}"
  fi
}

# The settings of one instance behind the balancer (exported in the subshell that starts it): its id, its port, on
# loopback only (the balancer holds the public ports), tool-service's bridge at its own address (mcp-proxy calls a
# tool's owner directly, not any instance), and the gateway believing the client address the balancer sets.
instance_env() {
  local svc=$1 i=$2 port=$3
  [ "$REPLICAS" -le 1 ] && return 0
  export MCPS_INSTANCE_ID; MCPS_INSTANCE_ID=$(instance_id "$svc" "$i")
  export QUARKUS_HTTP_PORT="$port"
  export MCPS_LISTEN_HOST=127.0.0.1 MCPS_GATEWAY_LISTEN_HOST=127.0.0.1
  [ "$svc" = tool ] && export MCPS_TOOL_BRIDGE_BASE_URL="http://127.0.0.1:$port"
  [ "$svc" = gateway ] && export MCPS_BEHIND_PROXY=true
  return 0
}

# <service>-<i>, and for a stack with a run dir of its own also that dir's name (tool-2-e2e): per-instance Kafka
# consumer groups take the id, and stacks side by side on one broker must not share a group.
instance_id() {
  if [ "$RUN_DIR" = "$DATA" ]; then echo "$1-$2"; else echo "$1-$2-$(basename "$RUN_DIR")"; fi
}

# Seconds since the stop of inst began (its marker, written by stop_pid), or nothing when none is under way.
stopping_since() {
  local f="$PIDS/$1.stopping" t
  [ -f "$f" ] || return 0
  read -r t < "$f" || return 0
  echo $((EPOCHSECONDS - ${t%%[.,]*}))
}

# Waits (bounded) for an instance that is alive but not ready: a stop under way (our marker, or a SIGTERM from
# elsewhere: readiness is DOWN from the first moment of a shutdown) ends with its exit, a start with it ready.
# Returns 0 when it exited (start it anew), 1 when it runs.
settle_instance() {
  local inst=$1 port=$2 deadline=$((SECONDS + STOP_WAIT)) said=""
  while pid_alive "$inst"; do
    if [ ! -f "$PIDS/$inst.stopping" ] && [ "$(ready_code "$port")" = 200 ]; then return 1; fi
    if [ -z "$said" ]; then
      if [ -f "$PIDS/$inst.stopping" ]; then
        say "$(printf '%-15s' "$inst") still stopping (SIGTERM $(stopping_since "$inst")s ago); waiting for it to exit"
      else
        say "$(printf '%-15s' "$inst") running, not ready (starting or stopping); waiting"
      fi
      said=1
    fi
    if [ $SECONDS -ge $deadline ]; then
      [ -f "$PIDS/$inst.stopping" ] && die "$inst (pid $(cat "$(pid_file "$inst")")) is still stopping after" \
        "${STOP_WAIT}s; wait, or end it with ./mcps kill ${inst%-[0-9]*} ${inst##*-}"
      return 1
    fi
    sleep 0.2
  done
  rm -f "$(pid_file "$inst")" "$PIDS/$inst.stopping"
  [ -n "$said" ] && say "$(printf '%-15s' "$inst") exited; starting it again"
  return 0
}

# Starts instance i of svc unless it runs; STARTED collects what this run started.
service_start() {
  local svc=$1 i=$2 inst port
  inst=$(instance_name "$svc" "$i"); port=$(instance_port "$svc" "$i")
  if pid_alive "$inst" && ! settle_instance "$inst" "$port"; then
    say "$(printf '%-15s' "$inst") already running on :$port"
    return 0
  fi
  rm -f "$PIDS/$inst.stopping"
  port_open 127.0.0.1 "$port" && die "port $port (for $inst) is taken by another program"
  # The last run's log stays beside the new one: what an instance did before it was stopped or killed is the
  # interesting part after a restart.
  [ -f "$LOGS/$inst.log" ] && mv -f "$LOGS/$inst.log" "$LOGS/$inst.previous.log"
  # "nohup java … &" must be a simple command: with "cd && nohup java … &", $! would be the PID of a subshell and
  # ./mcps down would stop that subshell while the service ran on.
  (cd "$RUN_DIR" || exit 1; instance_env "$svc" "$i" "$port"
    nohup java ${MCPS_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m} \
    -jar "$(jar_of "$svc")" >"$LOGS/$inst.log" 2>&1 & echo $! > "$PIDS/$inst.pid")
  STARTED="${STARTED:-} $inst"
}

# Waits until every named instance ("svc:i") answers ready; names the one that does not and shows its log.
instances_wait_ready() {
  local deadline=$((SECONDS + ${MCPS_READY_TIMEOUT:-120})) item inst port pending log
  while :; do
    pending=""
    for item in "$@"; do
      inst=$(instance_name "${item%%:*}" "${item##*:}"); port=$(instance_port "${item%%:*}" "${item##*:}")
      log="${LOGS#$ROOT/}/$inst.log"
      pid_alive "$inst" || { tail -n 30 "$LOGS/$inst.log" >&2; die "$inst exited during start; its log is above ($log)"; }
      [ "$(ready_code "$port")" = 200 ] || pending="$pending $inst"
    done
    [ -z "$pending" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      for inst in $pending; do
        say "--- last lines of ${LOGS#$ROOT/}/$inst.log" >&2; tail -n 20 "$LOGS/$inst.log" >&2
      done
      die "not ready after ${MCPS_READY_TIMEOUT:-120}s:$pending"
    fi
    sleep 0.5
  done
}

ready_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/q/health/ready"; }

# One replica: the five start side by side (identity first). Replicas: the balancer, then instance 1 of every
# service, ready, then the others: a first start creates a service's schema and files (identity's key pair under
# the shared data dir) once, not in a race between its instances.
services_start() {
  local entry i items
  service_env
  [ "$REPLICAS" -gt 1 ] && balancer_start
  for ((i = 1; i <= REPLICAS; i++)); do
    items=""
    for entry in $SERVICES; do
      service_start "${entry%%:*}" "$i"
      items="$items ${entry%%:*}:$i"
    done
    # shellcheck disable=SC2086
    instances_wait_ready $items
  done
  if [ "$REPLICAS" -gt 1 ]; then
    # shellcheck disable=SC2046
    balancer_wait_up $(all_instances)
  fi
}

all_instances() {
  local entry i
  for entry in $SERVICES; do
    for ((i = 1; i <= REPLICAS; i++)); do instance_name "${entry%%:*}" "$i"; done
  done
}

# The gateway goes first so nothing new comes in; the others stop side by side (each may need seconds to close its
# Kafka clients, and tool-service its MCP server processes); observability goes last, so their final events (tools
# stopping, sessions closing) are still ingested and none arrives while it stops (its database pool closes before
# its Kafka consumer, so a batch arriving then held its shutdown until the stop timeout). The balancer goes after
# them all: the services call each other through it while they stop. Every instance found under pids/ is stopped,
# whatever layout started it.
services_stop() {
  local e svc inst
  for inst in $(recorded_instances gateway); do stop_pid "$inst" & done
  wait
  for e in $SERVICES; do
    svc=${e%%:*}
    [ "$svc" = gateway ] || [ "$svc" = observability ] && continue
    for inst in $(recorded_instances "$svc"); do stop_pid "$inst" & done
  done
  wait
  for inst in $(recorded_instances observability); do stop_pid "$inst" & done
  wait
  balancer_stop
  rm -f "$LAYOUT_FILE"
}

services_status() {
  local entry svc i inst port state view
  for entry in $SERVICES; do
    svc=${entry%%:*}
    for ((i = 1; i <= REPLICAS; i++)); do
      inst=$(instance_name "$svc" "$i"); port=$(instance_port "$svc" "$i")
      if pid_alive "$inst"; then
        [ "$(ready_code "$port")" = 200 ] && state="up (ready)" || state="running, not ready"
        [ -f "$PIDS/$inst.stopping" ] && state="stopping (SIGTERM $(stopping_since "$inst")s ago)"
        state="$state, pid $(cat "$(pid_file "$inst")")"
      else
        state="down"
      fi
      if [ "$REPLICAS" -gt 1 ]; then
        view=$(balancer_view "$inst")
        state="$state; balancer: ${view:-?}"
      fi
      status_line "$inst" "127.0.0.1:$port" "$state"
    done
  done
  balancer_status
}

# ./mcps kill|stop|start <service> [i]: one instance, for tests of crashes and rolling restarts.
instance_arg() {
  local svc=${1:-} i=${2:-1}
  svc=${svc%-service}
  [ -n "$(port_of "$svc")" ] || die "no service named '${1:-}' (identity, tool, mcp-proxy, observability, gateway)"
  [[ "$i" =~ ^[1-9][0-9]*$ ]] && [ "$i" -le "$REPLICAS" ] || die "instance '$i' of $svc: this stack has $REPLICAS (1..$REPLICAS)"
  INST_SVC=$svc INST_I=$i
  INST=$(instance_name "$svc" "$i")
}

# SIGKILL, as a crash or a lost pod: the JVM and every process it started (a tool's MCP servers) die at once.
instance_kill() {
  load_layout; instance_arg "$@"
  local f pid tree p
  f=$(pid_file "$INST")
  pid_alive "$INST" || die "$INST is not running"
  pid=$(cat "$f")
  tree=$(descendants "$pid")
  # shellcheck disable=SC2086
  kill -KILL "$pid" $tree 2>/dev/null || true
  for p in "$pid" $tree; do
    while proc_alive "$p"; do sleep 0.05; done
  done
  rm -f "$f" "$PIDS/$INST.stopping"
  say "$(printf '%-15s' "$INST") killed (SIGKILL, pid $pid${tree:+ and its $(wc -w <<<"$tree") child processes})"
}

instance_stop() {
  load_layout; instance_arg "$@"
  pid_alive "$INST" || die "$INST is not running"
  stop_pid "$INST"
}

instance_start() {
  load_layout; instance_arg "$@"
  service_env
  STARTED=""
  service_start "$INST_SVC" "$INST_I"
  instances_wait_ready "$INST_SVC:$INST_I"
  [ "$REPLICAS" -gt 1 ] && balancer_wait_up "$INST"
  say "$(printf '%-15s' "$INST") ready on :$(instance_port "$INST_SVC" "$INST_I")"
}
