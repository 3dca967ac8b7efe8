// A Streamable HTTP MCP server built on the official TypeScript SDK, for the proxy's tests: it shows at
// GET /stub/log what the proxy did to it (sessions opened and deleted, waits started and cancelled, roots
// notifications and the roots it then asked for); POST /stub/forget makes it forget every session, as a restarted
// server or an expired bridge session would, and POST /stub/refuse answers the next initialize 429 + Retry-After.
// POST /stub/disown?prefix=/x makes requests under /x answer 421 problem+json (a tool-service instance that no longer
// owns the tool), POST /stub/drop cuts every open connection (an instance that dies); GET /stub/log lists tools/call
// requests with their path under calls.
// Run: node scripted-upstream.cjs <sdk dist/cjs dir> ; PORT from the environment.
const http = require("node:http");
const { randomUUID } = require("node:crypto");
const sdk = process.argv[2];
const { Server } = require(`${sdk}/server/index.js`);
const { StreamableHTTPServerTransport } = require(`${sdk}/server/streamableHttp.js`);
const types = require(`${sdk}/types.js`);

const transports = new Map();
let refusals = 0;
const memory = new Map();
const log = { initialized: [], deleted: [], started: [], cancelled: [], roots_changed: [], roots_seen: [], subscribed: [],
  calls: [] };
// Paths whose requests are refused as a tool-service instance refuses a tool it does not own (POST /stub/disown).
const disowned = [];
const sockets = new Set();
const NOTE = "scripted://note";

const TOOLS = [
  { name: "whoami", description: "The upstream session id of the caller", inputSchema: { type: "object" } },
  { name: "remember", description: "Keeps a value in this session", inputSchema: { type: "object", properties: { value: { type: "string" } } } },
  { name: "recall", description: "The value this session kept", inputSchema: { type: "object" } },
  { name: "wait", description: "Waits ms milliseconds unless cancelled", inputSchema: { type: "object", properties: { ms: { type: "number" }, tag: { type: "string" } } } },
  { name: "roots", description: "Asks the client for its roots during the call", inputSchema: { type: "object" } },
  { name: "arguments", description: "Answers with the arguments it was given, as JSON", inputSchema: { type: "object" } },
];

const text = (value) => ({ content: [{ type: "text", text: String(value) }] });

function newServer() {
  const server = new Server({ name: "scripted", version: "1.0.0" },
    { capabilities: { tools: {}, resources: { subscribe: true } } });
  server.setRequestHandler(types.ListResourcesRequestSchema, async () => ({
    resources: [{ uri: NOTE, name: "note", mimeType: "text/plain" }],
  }));
  server.setRequestHandler(types.ReadResourceRequestSchema, async (request) => ({
    contents: [{ uri: request.params.uri, mimeType: "text/plain", text: "a note" }],
  }));
  // A subscriber hears of a change soon after it subscribed, on its session's GET stream.
  server.setRequestHandler(types.SubscribeRequestSchema, async (request) => {
    log.subscribed.push(request.params.uri);
    setTimeout(() => server.sendResourceUpdated({ uri: request.params.uri }).catch(() => {}), 300);
    return {};
  });
  server.setRequestHandler(types.ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(types.CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments || {};
    switch (request.params.name) {
      case "whoami":
        return text(extra.sessionId);
      case "arguments":
        return text(JSON.stringify(args));
      case "remember":
        memory.set(extra.sessionId, args.value);
        return text("kept");
      case "recall":
        return text(memory.has(extra.sessionId) ? memory.get(extra.sessionId) : "nothing");
      case "wait":
        log.started.push(args.tag);
        return await new Promise((resolve) => {
          const timer = setTimeout(() => resolve(text("waited")), args.ms || 1000);
          extra.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            log.cancelled.push({ session: extra.sessionId, request_id: extra.requestId, tag: args.tag,
              reason: String(extra.signal.reason) });
            resolve(text("cancelled"));
          });
        });
      case "roots":
        try {
          const answer = await extra.sendRequest({ method: "roots/list" }, types.ListRootsResultSchema);
          return text(JSON.stringify(answer.roots));
        } catch (e) {
          return { isError: true, content: [{ type: "text", text: `roots/list failed: ${e.message}` }] };
        }
      default:
        throw new Error(`unknown tool ${request.params.name}`);
    }
  });
  // Asked outside any call, so the request travels on the session's GET stream.
  server.setNotificationHandler(types.RootsListChangedNotificationSchema, async () => {
    const session = server.transport && server.transport.sessionId;
    log.roots_changed.push(session);
    try {
      const answer = await server.listRoots(undefined, { timeout: 10000 });
      log.roots_seen.push({ session, uris: answer.roots.map((r) => r.uri) });
    } catch (e) {
      log.roots_seen.push({ session, error: e.message });
    }
  });
  return server;
}

function sessionIdOf(req) {
  return req.headers["mcp-session-id"] || null;
}

function body(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function json(res, status, value) {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
}

http.createServer(async (req, res) => {
  try {
    if (req.url === "/stub/log") {
      return json(res, 200, log);
    }
    if (req.url === "/stub/forget") {
      transports.clear();
      return json(res, 200, {});
    }
    if (req.url === "/stub/refuse") {
      refusals++;
      return json(res, 200, {});
    }
    if (req.url.startsWith("/stub/disown?prefix=")) {
      disowned.push(decodeURIComponent(req.url.substring("/stub/disown?prefix=".length)));
      return json(res, 200, {});
    }
    if (req.url === "/stub/drop") {
      // As a dying instance: every open connection (calls in flight, streams) is cut.
      for (const socket of sockets) {
        if (socket !== req.socket) {
          socket.destroy();
        }
      }
      return json(res, 200, {});
    }
    if (disowned.some((prefix) => req.url.startsWith(prefix))) {
      res.writeHead(421, { "Content-Type": "application/problem+json" });
      return res.end(JSON.stringify({ status: 421, title: "Misdirected", detail: "Not the owner of this tool" }));
    }
    const sessionId = req.headers["mcp-session-id"];
    const text = req.method === "POST" ? await body(req) : "";
    const parsed = text ? JSON.parse(text) : undefined;
    if (parsed && parsed.method === "tools/call") {
      log.calls.push({ path: req.url, tool: parsed.params.name, session: sessionIdOf(req) });
    }
    if (sessionId) {
      const transport = transports.get(sessionId);
      if (!transport) {
        return json(res, 404, { jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null });
      }
      if (req.method === "DELETE") {
        log.deleted.push(sessionId);
        transports.delete(sessionId);
      }
      return await transport.handleRequest(req, res, parsed);
    }
    if (req.method !== "POST" || !parsed || parsed.method !== "initialize") {
      return json(res, 400, { jsonrpc: "2.0", error: { code: -32000, message: "No session" }, id: null });
    }
    if (refusals > 0) {
      // As tool-service's bridge answers at a per_session tool's max_instances.
      refusals--;
      res.writeHead(429, { "Content-Type": "application/problem+json", "Retry-After": "5" });
      return res.end(JSON.stringify({ status: 429, title: "Too many instances" }));
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports.set(id, transport);
        log.initialized.push(id);
      },
    });
    await newServer().connect(transport);
    await transport.handleRequest(req, res, parsed);
  } catch (e) {
    if (!res.headersSent) {
      json(res, 500, { error: String(e) });
    }
  }
}).on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
}).listen(Number(process.env.PORT), "127.0.0.1");
