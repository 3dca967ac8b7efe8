// Drives the official MCP TypeScript SDK client against MCPS.ONE: initialize, tools/list, then each call of the plan.
// The plan comes as JSON in MCPS_E2E_PLAN ({url, transport: "http"|"sse", bearer, calls: [{tool, arguments}]});
// one JSON object goes to stdout: {tools: [names], outcomes: [{tool, is_error, text, protocol_error}]}.
// ESM ignores NODE_PATH, so the SDK is imported from the project's pinned install by a relative path.
import { Client } from '../../../../deploy/npm/node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js';
import { StreamableHTTPClientTransport } from '../../../../deploy/npm/node_modules/@modelcontextprotocol/sdk/dist/esm/client/streamableHttp.js';
import { SSEClientTransport } from '../../../../deploy/npm/node_modules/@modelcontextprotocol/sdk/dist/esm/client/sse.js';

const plan = JSON.parse(process.env.MCPS_E2E_PLAN);
const requestInit = { headers: { Authorization: `Bearer ${plan.bearer}` } };
const url = new URL(plan.url);
const transport = plan.transport === 'sse'
  ? new SSEClientTransport(url, { requestInit })
  : new StreamableHTTPClientTransport(url, { requestInit });

const client = new Client({ name: 'mcps-e2e-typescript-sdk', version: '1.0.0' });
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
  try {
    const result = await client.callTool({ name: call.tool, arguments: call.arguments });
    const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
    outcomes.push({ tool: call.tool, is_error: result.isError === true, text, protocol_error: null });
  } catch (e) {
    outcomes.push({ tool: call.tool, is_error: false, text: '', protocol_error: String(e?.message ?? e) });
  }
}
await client.close();
process.stdout.write(JSON.stringify({ tools, outcomes }) + '\n');
