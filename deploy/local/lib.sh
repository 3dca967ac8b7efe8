# Shared settings and helpers of ./mcps. Everything the local stack writes lives under data/.

# PostgreSQL and Kafka always keep their state, logs and PIDs under data/. The services' logs, PIDs and secrets go
# under MCPS_RUN_DIR (default data/): the acceptance suite runs a second set of services beside a developer's.
DATA="$ROOT/data"
RUN_DIR="${MCPS_RUN_DIR:-$DATA}"
case "$RUN_DIR" in /*) ;; *) RUN_DIR="$ROOT/$RUN_DIR" ;; esac
LOGS="$RUN_DIR/logs"
PIDS="$RUN_DIR/pids"
INFRA_LOGS="$DATA/logs"
INFRA_PIDS="$DATA/pids"
mkdir -p "$LOGS" "$PIDS" "$INFRA_LOGS" "$INFRA_PIDS"

# Whether the admin password came from the caller (services.sh exports the one it uses to the services).
MCPS_ADMIN_PASSWORD_GIVEN="${MCPS_ADMIN_PASSWORD:+1}"

DB_HOST="${MCPS_DB_HOST:-127.0.0.1}"
DB_PORT="${MCPS_DB_PORT:-55432}"
DB_USER="${MCPS_DB_USER:-mcps}"
DB_PASSWORD="${MCPS_DB_PASSWORD:-mcps}"
DATABASES="mcps_identity mcps_tools mcps_proxy mcps_observability"

KAFKA_PORT="${MCPS_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${MCPS_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_BOOTSTRAP="${MCPS_KAFKA_BOOTSTRAP:-127.0.0.1:$KAFKA_PORT}"
KAFKA_HOST="${KAFKA_BOOTSTRAP%%:*}"
KAFKA_BOOTSTRAP_PORT="${KAFKA_BOOTSTRAP##*:}"
KAFKA_PORT="$KAFKA_BOOTSTRAP_PORT"

# name:port, in start order (identity first: the others verify its tokens).
SERVICES="identity:${MCPS_IDENTITY_PORT:-8081} tool:${MCPS_TOOL_PORT:-8082} mcp-proxy:${MCPS_MCP_PROXY_PORT:-8083} observability:${MCPS_OBSERVABILITY_PORT:-8084} gateway:${MCPS_GATEWAY_PORT:-8080}"

say() { printf '%s\n' "$*"; }
die() { printf 'mcps: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_port name host port seconds
wait_port() {
  local i
  for ((i = 0; i < $4 * 5; i++)); do
    port_open "$2" "$3" && return 0
    pid_alive "$1" || [ ! -f "$(pid_file "$1")" ] || return 1
    sleep 0.2
  done
  return 1
}

pid_file() {
  case "$1" in kafka) echo "$INFRA_PIDS/$1.pid" ;; *) echo "$PIDS/$1.pid" ;; esac
}

pid_alive() {
  local f; f=$(pid_file "$1")
  [ -f "$f" ] && proc_alive "$(cat "$f")"
}

# A process counts as gone once it exited, even if nobody reaped it yet (a zombie). Read from /proc without a fork:
# ./mcps stop polls it every 50 ms to time a stop.
proc_alive() {
  local stat
  if [ -d /proc/self ]; then
    read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
    stat=${stat##*) }
    [ "${stat:0:1}" != Z ]
  else
    stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [ -n "$stat" ] && [ "${stat:0:1}" != Z ]
  fi
}

descendants() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

# Stops the process recorded for name (and only it, with the processes it started): SIGTERM, then SIGKILL after
# STOP_TIMEOUT seconds, and says how long SIGTERM-to-exit took. Its children (a tool's MCP server processes) are
# waited for too, so nothing of ours outlives `down`. While it stops, pids/<name>.stopping (the time of the SIGTERM)
# tells a concurrent ./mcps up that the process is on its way out, not running.
stop_pid() {
  local f pid i tree p t0 elapsed killed="" deadline
  f=$(pid_file "$1")
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if proc_alive "$pid"; then
    tree=$(descendants "$pid")
    t0=$EPOCHREALTIME
    printf '%s\n' "$t0" > "${f%.pid}.stopping"
    kill -TERM "$pid" 2>/dev/null
    deadline=$((EPOCHSECONDS + ${STOP_TIMEOUT:-20}))
    while proc_alive "$pid" && [ "$EPOCHSECONDS" -lt "$deadline" ]; do sleep 0.05; done
    elapsed=$(elapsed_since "$t0")
    if proc_alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null
      killed=1
      while proc_alive "$pid"; do sleep 0.05; done
    fi
    for p in $tree; do
      for ((i = 0; i < 25; i++)); do proc_alive "$p" || break; sleep 0.2; done
      proc_alive "$p" && kill -KILL "$p" 2>/dev/null
    done
    if [ -n "$killed" ]; then
      printf '%-15s killed: still running %ss after SIGTERM, so SIGKILL\n' "$1" "$elapsed"
    else
      printf '%-15s stopped: SIGTERM to exit %ss\n' "$1" "$elapsed"
    fi
  fi
  rm -f "$f" "${f%.pid}.stopping"
}

# Seconds, to the hundredth, from an $EPOCHREALTIME value to now (whose decimal mark follows the locale).
elapsed_since() {
  local now=$EPOCHREALTIME
  awk -v a="${1/,/.}" -v b="${now/,/.}" 'BEGIN { printf "%.2f", b - a }'
}

status_line() { printf '%-15s %-22s %s\n' "$1" "$2" "$3"; }

require_tools() {
  command -v java >/dev/null || die "Java is missing: install a JDK 17 or newer (apt-get install -y openjdk-17-jdk-headless)"
  local v; v=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "Java $v is too old: MCPS.ONE needs 17 or newer"
  command -v mvn >/dev/null || die "Maven is missing: install it (apt-get install -y maven)"
}

# A secret generated once and kept under data/ (mode 600), unless the named environment variable gives it.
secret() {
  local name="$1" file="$RUN_DIR/secrets/$2"
  if [ -n "${!name:-}" ]; then printf '%s' "${!name}"; return; fi
  mkdir -p "$RUN_DIR/secrets"; chmod 700 "$RUN_DIR/secrets"
  [ -f "$file" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
  cat "$file"
}

# Installs a Debian package when its command is missing (a fresh machine): apt_install <command> <package> <why>.
apt_install() {
  local command=$1 package=$2 why=$3
  command -v "$command" >/dev/null && return 0
  say "$package is not installed; installing Debian's $package package: $why"
  [ "$(id -u)" = 0 ] || die "$package is missing and installing it needs root: apt-get install -y $package"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null || die "apt-get install $package failed"
}
