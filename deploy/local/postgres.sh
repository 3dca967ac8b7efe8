# PostgreSQL of the local stack: an external server named by MCPS_DB_* if set, else a project-local cluster under
# data/postgres made with Debian's binaries. Sourced by ./mcps; expects lib.sh.

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

pg_install() {
  [ -n "$(pg_bindir)" ] && return 0
  say "PostgreSQL is not installed; installing Debian's postgresql package"
  [ "$(id -u)" = 0 ] || die "PostgreSQL is missing and installing it needs root: apt-get install -y postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || die "apt-get install postgresql failed"
}

# How PostgreSQL's binaries run, since initdb and postgres refuse root: as the caller when it is not root; as the
# `postgres` user when it can reach data/ (a checkout under /root usually is not reachable); else in a user
# namespace of its own (unshare -U), where root's files are the cluster owner's. An existing cluster keeps its way.
pg_choose_runas() {
  local data="$DATA/postgres"
  if [ "$(id -u)" != 0 ]; then
    PG_RUNAS=self
  elif [ -d "$data" ]; then
    [ "$(stat -c %U "$data")" = postgres ] && PG_RUNAS=postgres || PG_RUNAS=unshare
  elif id postgres >/dev/null 2>&1 && runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
    PG_RUNAS=postgres
  else
    PG_RUNAS=unshare
  fi
}

pg_as_owner() {
  case "$PG_RUNAS" in
    postgres) runuser -u postgres -- "$@" ;;
    unshare) unshare -U -- "$@" ;;
    *) "$@" ;;
  esac
}

pg_external() { [ -n "${MCPS_DB_HOST:-}" ]; }

pg_psql() {
  PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -v ON_ERROR_STOP=1 -qtA "$@"
}

pg_start() {
  if pg_external; then
    port_open "$DB_HOST" "$DB_PORT" || die "PostgreSQL at $DB_HOST:$DB_PORT (MCPS_DB_HOST) does not answer"
  else
    pg_start_local
  fi
  pg_create_databases
}

pg_start_local() {
  local data="$DATA/postgres"
  if [ -f "$data/postmaster.pid" ] && port_open 127.0.0.1 "$DB_PORT"; then
    say "postgres      already running on 127.0.0.1:$DB_PORT"
    return 0
  fi
  port_open 127.0.0.1 "$DB_PORT" && die "port $DB_PORT is taken by another program; set MCPS_DB_PORT or stop it"
  pg_install
  pg_choose_runas
  local bin; bin=$(pg_bindir)
  mkdir -p "$data" "$INFRA_LOGS"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "postgres      creating a cluster in data/postgres"
    local pwfile; pwfile=$(mktemp)
    printf '%s\n' "$DB_PASSWORD" > "$pwfile"
    chmod 0700 "$data"
    if [ "$PG_RUNAS" = postgres ]; then chown -R postgres "$data" "$pwfile"; fi
    pg_as_owner "$bin/initdb" -D "$data" -U "$DB_USER" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 \
      --locale=C.UTF-8 >"$INFRA_LOGS/postgres-init.log" 2>&1 || { rm -f "$pwfile"; die "initdb failed: $(tail -n 5 "$INFRA_LOGS/postgres-init.log")"; }
    rm -f "$pwfile"
  fi
  if [ "$PG_RUNAS" = postgres ]; then touch "$INFRA_LOGS/postgres.log"; chown postgres "$INFRA_LOGS/postgres.log"; fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$INFRA_LOGS/postgres.log" -w -t 60 \
    -o "-p $DB_PORT -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=300 -c fsync=${MCPS_DB_FSYNC:-on}" \
    start >/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$INFRA_LOGS/postgres.log")"
  say "postgres      started on 127.0.0.1:$DB_PORT (data/postgres)"
}

# The services' databases (and the tests'), and those a stack of its own names with MCPS_<SERVICE>_DB.
pg_create_databases() {
  local db existing name
  existing=$(pg_psql -d postgres -c "select datname from pg_database") || die "cannot connect to PostgreSQL as $DB_USER"
  for db in $DATABASES; do
    for name in "$db" "${db}_test"; do
      grep -qx "$name" <<<"$existing" || pg_psql -d postgres -c "create database $name" >/dev/null
    done
  done
  for name in ${MCPS_IDENTITY_DB:-} ${MCPS_TOOL_DB:-} ${MCPS_MCP_PROXY_DB:-} ${MCPS_OBSERVABILITY_DB:-}; do
    [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "not a database name PostgreSQL takes unquoted: '$name'"
    grep -qx "$name" <<<"$existing" || pg_psql -d postgres -c "create database $name" >/dev/null
  done
}

pg_stop() {
  pg_external && return 0
  local data="$DATA/postgres"
  [ -f "$data/postmaster.pid" ] || return 0
  pg_choose_runas
  pg_as_owner "$(pg_bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 && say "postgres      stopped"
}

pg_status() {
  if port_open "$DB_HOST" "$DB_PORT"; then
    status_line postgres "$DB_HOST:$DB_PORT" up
  else
    status_line postgres "$DB_HOST:$DB_PORT" down
  fi
}
