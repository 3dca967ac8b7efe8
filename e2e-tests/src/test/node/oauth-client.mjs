// An MCP client adding MCPS.ONE by its URL alone, as Claude, VS Code or Cursor do: the official TypeScript SDK's
// OAuth support discovers the authorization server from the endpoint's metadata, registers (Dynamic Client
// Registration, or a Client ID Metadata Document this script serves over HTTPS), and sends the user to the
// authorization URL, which headless Chromium (Debian's, driven by playwright-core) opens to sign in and consent on
// the real pages. Then: list and call tools, refresh the token, and, after the user revokes the grant, be refused.
// The plan comes as JSON in MCPS_E2E_OAUTH: {url, gateway, username, password, registration: "dcr"|"metadata-document",
// tls: {key, cert} (PEM files, for the metadata document), call: {tool, arguments}, screenshots: a folder or null,
// chromium: its path}. One JSON object goes to stdout.
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const plan = JSON.parse(process.env.MCPS_E2E_OAUTH);
const sdk = '../../../../deploy/npm/node_modules/@modelcontextprotocol/sdk/dist/esm';
const { Client } = await import(`${sdk}/client/index.js`);
const { StreamableHTTPClientTransport } = await import(`${sdk}/client/streamableHttp.js`);
const { UnauthorizedError, refreshAuthorization, discoverAuthorizationServerMetadata } =
  await import(`${sdk}/client/auth.js`);
const { chromium } = await import('../../../../deploy/browser/node_modules/playwright-core/index.mjs');

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const report = { steps: [] };
const step = (name, detail) => report.steps.push(detail === undefined ? name : `${name}: ${detail}`);

// The redirect target: a loopback listener, as native clients use (RFC 8252); any port is allowed for it.
let receive;
const redirected = new Promise((resolve) => { receive = resolve; });
const callback = createServer((req, res) => {
  const query = new URL(req.url, 'http://127.0.0.1').searchParams;
  res.end('You can close this window.');
  receive(Object.fromEntries(query));
});
const callbackPort = await listen(callback);
const redirectUrl = `http://127.0.0.1:${callbackPort}/callback`;
const clientMetadata = {
  client_name: 'MCPS.ONE e2e OAuth client',
  redirect_uris: [redirectUrl],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};

let metadataServer;
let clientMetadataUrl;
if (plan.registration === 'metadata-document') {
  metadataServer = createTlsServer({ key: readFileSync(plan.tls.key), cert: readFileSync(plan.tls.cert) },
    (req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ client_id: clientMetadataUrl, ...clientMetadata,
        redirect_uris: ['http://127.0.0.1/callback'] }));
    });
  const port = await listen(metadataServer);
  clientMetadataUrl = `https://127.0.0.1:${port}/oauth/client.json`;
}

const store = {};
let authorizationUrl;
const provider = {
  get redirectUrl() { return redirectUrl; },
  clientMetadataUrl,
  get clientMetadata() { return clientMetadata; },
  clientInformation: () => store.client,
  saveClientInformation: (info) => { store.client = info; },
  tokens: () => store.tokens,
  saveTokens: (tokens) => { store.tokens = tokens; },
  redirectToAuthorization: (url) => { authorizationUrl = url; },
  saveCodeVerifier: (verifier) => { store.verifier = verifier; },
  codeVerifier: () => store.verifier,
};
const url = new URL(plan.url);
const connect = async () => {
  const client = new Client({ name: 'mcps-e2e-oauth', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await client.connect(transport);
  return { client, transport };
};

let connected;
try {
  connected = await connect();
  throw new Error('the endpoint answered without asking for authorization');
} catch (e) {
  if (!(e instanceof UnauthorizedError)) throw e;
}
step('redirected to authorization', authorizationUrl && new URL(authorizationUrl).pathname);
report.client_id = store.client?.client_id;
report.authorization = Object.fromEntries(new URL(authorizationUrl).searchParams);

// The user's part, in a real browser: sign in, look at what the client asks, allow.
const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
  await page.goto(authorizationUrl.toString());
  if (plan.screenshots) mkdirSync(plan.screenshots, { recursive: true });
  if (plan.screenshots) await page.screenshot({ path: join(plan.screenshots, 'oauth-login.png') });
  report.login_page = await page.textContent('body');
  await page.fill('input[name=username]', plan.username);
  await page.fill('input[name=password]', plan.password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  await page.waitForSelector('button[value=approve]', { timeout: 60000 }).catch(async (e) => {
    throw new Error(`no consent page after signing in (${e.message}); the browser shows ${page.url()}: `
      + (await page.textContent('body'))?.replace(/\s+/g, ' ').trim());
  });
  if (plan.screenshots) await page.screenshot({ path: join(plan.screenshots, 'oauth-consent.png') });
  report.consent_page = await page.textContent('body');
  await page.click('button[value=approve]');
  const answer = await redirected;
  report.redirect = { has_code: Boolean(answer.code), state_kept: answer.state === report.authorization.state,
    iss: answer.iss ?? null, error: answer.error ?? null };
  step('consented');
  await connected?.transport?.close?.();
  // finishAuth exchanges the code (with the PKCE verifier) for tokens, which the provider keeps.
  const pending = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await pending.finishAuth(answer.code);
} finally {
  await browser.close();
}
const claims = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
report.token = { aud: claims(store.tokens.access_token).aud, scope: claims(store.tokens.access_token).scope,
  client_id: claims(store.tokens.access_token).client_id, has_refresh_token: Boolean(store.tokens.refresh_token) };

connected = await connect();
const listed = await connected.client.listTools();
report.tools = listed.tools.map((t) => t.name);
const result = await connected.client.callTool({ name: plan.call.tool, arguments: plan.call.arguments });
report.call_text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
await connected.client.close();

// A refresh, as a client does when its access token expires: a new pair, the old refresh token spent.
const asMetadata = await discoverAuthorizationServerMetadata(new URL(plan.gateway));
const before = store.tokens;
store.tokens = await refreshAuthorization(new URL(plan.gateway), { metadata: asMetadata,
  clientInformation: store.client, refreshToken: before.refresh_token, resource: new URL(report.token.aud) });
report.refreshed = { new_access_token: store.tokens.access_token !== before.access_token,
  new_refresh_token: store.tokens.refresh_token !== before.refresh_token };
connected = await connect();
report.tools_after_refresh = (await connected.client.listTools()).tools.length;
await connected.client.close();

// The user withdraws the client's access (the platform's REST API, signed in with the password).
const login = await (await fetch(`${plan.gateway}/api/v1/auth/login`, { method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: plan.username, password: plan.password }) })).json();
const auth = { Authorization: `Bearer ${login.access_token}` };
const grants = await (await fetch(`${plan.gateway}/api/v1/auth/oauth/grants`, { headers: auth })).json();
const grant = (grants.items ?? grants).find((g) => g.client_id === report.client_id);
report.grant_listed = Boolean(grant);
const revoked = await fetch(`${plan.gateway}/api/v1/auth/oauth/grants/${grant?.id}`, { method: 'DELETE', headers: auth });
report.grant_revoke_status = revoked.status;
// Refused once the revocation reached the gateway and mcp-proxy (Kafka): the same token, and its refresh token.
report.after_revoke = 'allowed';
for (let i = 0; i < 50 && report.after_revoke === 'allowed'; i++) {
  const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${store.tokens.access_token}`,
    'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25',
    capabilities: {}, clientInfo: { name: 'revoked', version: '1' } } }) });
  if (res.status === 401) report.after_revoke = 'refused';
  else await new Promise((r) => setTimeout(r, 200));
}
try {
  await refreshAuthorization(new URL(plan.gateway), { metadata: asMetadata, clientInformation: store.client,
    refreshToken: store.tokens.refresh_token, resource: new URL(report.token.aud) });
  report.refresh_after_revoke = 'allowed';
} catch (e) {
  report.refresh_after_revoke = `refused: ${e.message}`;
}
callback.close();
metadataServer?.close();
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(0);
