# npm folders of the project, each installed from its lock file into its own node_modules: deploy/npm (the MCP
# servers and clients the catalog offers and the tests run) and deploy/conformance (the official conformance suite
# and the Node 22 its CLI needs; tests only). Sourced by ./mcps; expects lib.sh.

npm_install() {
  local dir="$ROOT/${1:-deploy/npm}" what=${2:-"the MCP servers of deploy/npm"}
  [ -f "$dir/node_modules/.package-lock.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] && return 0
  command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer (apt-get install -y nodejs npm)"
  say "npm           installing $what (pinned by its lock file)"
  local log="$INFRA_LOGS/npm-$(basename "$dir").log"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 \
    || die "npm ci in ${dir#"$ROOT"/} failed: $(tail -n 10 "$log")"
}
