// The official v2 TypeScript client (@modelcontextprotocol/client) pinned to MCP 2026-07-28, for the proxy's tests:
// connects (server/discover, no initialize), lists the tools, calls one, and prints what it saw as one JSON line.
// Run: node v2-client.cjs <folder holding node_modules> <url> <bearer token> <tool> <arguments as JSON>
const path = require("node:path");
const { createRequire } = require("node:module");
const [root, url, token, tool, args] = process.argv.slice(2);
const load = createRequire(path.join(path.resolve(root), "package.json"));
const { Client, StreamableHTTPClientTransport } = load("@modelcontextprotocol/client");

(async () => {
  const client = new Client({ name: "v2-test", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } });
  const transport = new StreamableHTTPClientTransport(new URL(url),
    { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  const tools = await client.listTools();
  const result = await client.callTool({ name: tool, arguments: JSON.parse(args) });
  console.log(JSON.stringify({
    version: client.getNegotiatedProtocolVersion(),
    session: transport.sessionId ?? null,
    tools: tools.tools.map((t) => t.name),
    text: result.content.map((c) => c.text).join(""),
  }));
  await client.close();
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
