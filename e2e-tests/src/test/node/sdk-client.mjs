// Drives an official MCP TypeScript client against MCPS.ONE: connect, tools/list, then each call of the plan.
// The plan comes as JSON in MCPS_E2E_PLAN: {url, transport: "http"|"sse", bearer, calls: [{tool, arguments}],
// progress: whether every call asks for progress, generation: "v1" (@modelcontextprotocol/sdk, stateful: initialize and a session; the default) or "v2"
// (@modelcontextprotocol/client pinned to 2026-07-28: no initialize, no session, a server's questions arrive as
// InputRequiredResults the client answers and retries), elicit: content to accept an elicitation with (declares
// the capability)}. One JSON object goes to stdout: {version, session, tools: [names], outcomes: [{tool, is_error,
// text, protocol_error, progress}]}.
// ESM ignores NODE_PATH, so the clients are imported from the project's pinned install by relative paths.
const plan = JSON.parse(process.env.MCPS_E2E_PLAN);
const npm = '../../../../deploy/npm/node_modules/@modelcontextprotocol';
const v2 = plan.generation === 'v2';
const requestInit = { headers: { Authorization: `Bearer ${plan.bearer}` } };
const url = new URL(plan.url);
const capabilities = plan.elicit ? { elicitation: {} } : {};
const answer = async () => ({ action: 'accept', content: plan.elicit });

let client;
let transport;
if (v2) {
  const { Client, StreamableHTTPClientTransport } = await import(`${npm}/client/dist/index.mjs`);
  client = new Client({ name: 'mcps-e2e-typescript-v2', version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  if (plan.elicit) client.setRequestHandler('elicitation/create', answer);
  transport = new StreamableHTTPClientTransport(url, { requestInit });
} else {
  const { Client } = await import(`${npm}/sdk/dist/esm/client/index.js`);
  const { StreamableHTTPClientTransport } = await import(`${npm}/sdk/dist/esm/client/streamableHttp.js`);
  const { SSEClientTransport } = await import(`${npm}/sdk/dist/esm/client/sse.js`);
  const { ElicitRequestSchema } = await import(`${npm}/sdk/dist/esm/types.js`);
  client = new Client({ name: 'mcps-e2e-typescript-sdk', version: '1.0.0' }, { capabilities });
  if (plan.elicit) client.setRequestHandler(ElicitRequestSchema, answer);
  transport = plan.transport === 'sse'
    ? new SSEClientTransport(url, { requestInit })
    : new StreamableHTTPClientTransport(url, { requestInit });
}
await client.connect(transport);

const tools = [];
let cursor;
do {
  const page = await client.listTools(cursor ? { cursor } : {});
  tools.push(...page.tools.map((t) => t.name));
  cursor = page.nextCursor;
} while (cursor);

const outcomes = [];
for (const call of plan.calls) {
  let progress = 0;
  const options = plan.progress ? { onprogress: () => { progress += 1; } } : undefined;
  try {
    const params = { name: call.tool, arguments: call.arguments };
    const result = v2 ? await client.callTool(params, options) : await client.callTool(params, undefined, options);
    const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
    outcomes.push({ tool: call.tool, is_error: result.isError === true, text, protocol_error: null, progress });
  } catch (e) {
    outcomes.push({ tool: call.tool, is_error: false, text: '', protocol_error: String(e?.message ?? e), progress });
  }
}
const version = v2 ? client.getNegotiatedProtocolVersion() : transport.protocolVersion ?? null;
const session = transport.sessionId ?? null;
await client.close();
process.stdout.write(JSON.stringify({ version, session, tools, outcomes }) + '\n');
