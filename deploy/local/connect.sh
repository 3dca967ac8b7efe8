# ./mcps connect claude|cursor|vscode: logs in, creates a fresh API key and prints the MCP configuration for that
# client, pointing at the gateway's /mcp. Only the configuration goes to stdout (so it can be redirected into a file);
# prompts and hints go to stderr. Sourced by ./mcps; expects lib.sh.

# mcp-remote bridges Claude Desktop's stdio to Streamable HTTP; pinned like every npm package the project names.
CONNECT_MCP_REMOTE="mcp-remote@0.15.1"

connect_client() {
  local client=${1:-}
  case "$client" in
    claude|cursor|vscode) ;;
    *) die "usage: ./mcps connect claude|cursor|vscode" ;;
  esac
  command -v node >/dev/null || die "node is missing: install Node.js 20 or newer (apt-get install -y nodejs npm)"
  local url="${MCPS_GATEWAY_URL:-http://127.0.0.1:${MCPS_GATEWAY_PORT:-8080}}"
  local user="${MCPS_USER:-}" password="${MCPS_PASSWORD:-}"
  if [ -z "$user" ]; then read -r -p "MCPS.ONE user at $url: " user </dev/tty; fi
  if [ -z "$password" ]; then read -r -s -p "password for $user: " password </dev/tty; printf '\n' >&2; fi
  # Node's fetch keeps the password and the tokens off every command line (ps would show curl's arguments).
  CONNECT_CLIENT="$client" CONNECT_URL="${url%/}" CONNECT_USER="$user" CONNECT_PASSWORD="$password" \
    CONNECT_MCP_REMOTE="$CONNECT_MCP_REMOTE" CONNECT_PUBLIC_URL="${MCPS_PUBLIC_URL:-}" node --input-type=module -e "$(connect_script)"
}

connect_script() {
  cat <<'JS'
const { CONNECT_CLIENT: client, CONNECT_URL: base, CONNECT_USER: username, CONNECT_PASSWORD: password,
  CONNECT_MCP_REMOTE: mcpRemote, CONNECT_PUBLIC_URL: publicUrl } = process.env;
const fail = (what, detail) => { process.stderr.write(`mcps: ${what}: ${detail}\n`); process.exit(1); };
async function post(path, body, token) {
  let res;
  try {
    res = await fetch(base + path, { method: 'POST', body: JSON.stringify(body), headers: {
      'Content-Type': 'application/json', Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  } catch (e) {
    fail(`cannot reach ${base}`, `${e.cause?.message ?? e.message} (is the stack up? ./mcps up)`);
  }
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = {}; }
  if (!res.ok) fail(`POST ${path} answered ${res.status}`, json.detail ?? text);
  return json;
}
const login = await post('/api/v1/auth/login', { username, password });
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const key = await post('/api/v1/auth/api-keys', { name: `${client} (./mcps connect, ${stamp})` }, login.access_token);
const url = `${base}/mcp`;
const auth = `Bearer ${key.key}`;
const local = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
let config, where;
if (client === 'claude') {
  // Claude Desktop speaks stdio to local servers: mcp-remote bridges to Streamable HTTP. The header sits in env
  // because Claude Desktop on Windows splits arguments at spaces.
  const args = ['-y', mcpRemote, url, '--header', 'Authorization:${MCPS_AUTH_HEADER}'];
  if (url.startsWith('http:') && !local) args.push('--allow-http');
  config = { mcpServers: { 'mcps-one': { command: 'npx', args, env: { MCPS_AUTH_HEADER: auth } } } };
  where = 'claude_desktop_config.json (Claude Desktop: Settings > Developer > Edit Config), then restart Claude';
} else if (client === 'cursor') {
  config = { mcpServers: { 'mcps-one': { url, headers: { Authorization: auth } } } };
  where = '~/.cursor/mcp.json (all projects) or .cursor/mcp.json (this project)';
} else {
  config = { servers: { 'mcps-one': { type: 'http', url, headers: { Authorization: auth } } } };
  where = '.vscode/mcp.json of your workspace (or the user mcp.json: "MCP: Open User Configuration")';
}
process.stdout.write(JSON.stringify(config, null, 2) + '\n');
process.stderr.write(`\nPaste into ${where}.\nAPI key "${key.name}" (id ${key.id}, prefix ${key.prefix}) is shown `
  + `only here; revoke it with DELETE /api/v1/auth/api-keys/${key.id}.\n`);
// The same server by URL alone: the client finds the authorization server in the endpoint's OAuth metadata and
// signs the user in with a browser (identity-service's login and consent pages). No key to keep or revoke.
const oauthUrl = `${publicUrl || base}/mcp`;
let urlOnly;
if (client === 'claude') {
  const args = ['-y', mcpRemote, oauthUrl];
  if (oauthUrl.startsWith('http:') && !['localhost', '127.0.0.1', '[::1]'].includes(new URL(oauthUrl).hostname)) {
    args.push('--allow-http');
  }
  urlOnly = { mcpServers: { 'mcps-one': { command: 'npx', args } } };
} else if (client === 'cursor') {
  urlOnly = { mcpServers: { 'mcps-one': { url: oauthUrl } } };
} else {
  urlOnly = { servers: { 'mcps-one': { type: 'http', url: oauthUrl } } };
}
process.stderr.write(`\nOr by URL only, signing in with OAuth in your browser (no API key)`
  + (client === 'claude' ? `; Claude's custom connectors take just the URL ${oauthUrl} when it is public HTTPS` : '')
  + ':\n' + JSON.stringify(urlOnly, null, 2) + '\n');
JS
}
