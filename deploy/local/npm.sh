# The MCP servers and clients from npm that the catalog offers and the tests run, installed from the lock file
# into deploy/npm/node_modules. Sourced by ./mcps; expects lib.sh.

npm_install() {
  local dir="$ROOT/deploy/npm"
  [ -f "$dir/node_modules/.package-lock.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] && return 0
  command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer (apt-get install -y nodejs npm)"
  say "npm           installing the MCP servers of deploy/npm (pinned by its lock file)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$INFRA_LOGS/npm.log" 2>&1 \
    || die "npm ci failed: $(tail -n 10 "$INFRA_LOGS/npm.log")"
}
