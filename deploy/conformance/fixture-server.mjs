#!/usr/bin/env node
// MCPS.ONE conformance fixture: a STDIO MCP server (stateful revisions 2025-03-26,
// 2025-06-18, 2025-11-25) that implements every tool, resource, template, prompt
// and completion named by the server scenarios of @modelcontextprotocol/conformance
// (0.2.0-alpha.12). tool-service runs it as a STDIO tool; mcp-proxy exposes it at
// /servers/conformance/mcp to both protocol generations, and the official suite is
// run against that URL. Plain Node >= 20, no dependencies:
//   node fixture-server.mjs        (newline-delimited JSON-RPC 2.0; logs on stderr)
//
// Why the server-to-client request ids look like words ("user_name", "step1", ...):
// the input-required-result-* scenarios target a 2026-07-28 server answering with
// InputRequiredResult {inputRequests: {<key>: {method, params}}, requestState}.
// This fixture stays stateful and never does that itself. mcp-proxy keeps the
// upstream call open, turns every server-to-client request sent during the call
// into one inputRequests entry KEYED BY THAT REQUEST'S JSON-RPC id, signs
// requestState itself, and answers the client's inputResponses back to us as the
// JSON-RPC responses to those ids. So the id IS the key the scenario expects.
// If an id is already pending (two concurrent calls of the same tool on one
// process), the next one gets a suffix: "user_name#2", "user_name#3", ... The
// proxy normally gives each stateless call its own upstream session, so in the
// conformance run the plain key is what goes out.
//
// Deliberate choices the proxy relies on:
// - A JSON-RPC error answer to elicitation/sampling/roots means "the client cannot
//   do that" (the proxy refuses undeclared capabilities on the client's behalf).
// - resources/read of an unknown URI: -32002 "Resource not found", data.uri (the
//   stateful spec's code; the proxy maps it to -32602 for 2026-07-28, SEP-2164).
// - Log notifications go out only after logging/setLevel, or when the request's
//   _meta carries io.modelcontextprotocol/logLevel (stateless "no log without
//   logLevel"); never by default.
// - Cacheable results carry ttlMs/cacheScope (SEP-2549); older clients ignore them.

import { createInterface } from 'node:readline';

const SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const META_LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
const CACHE_LIST = { ttlMs: 300000, cacheScope: 'public' };
const CACHE_READ = { ttlMs: 300000, cacheScope: 'private' };

// 1x1 red PNG.
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV_SILENCE = makeWav(8000, 800); // 0.1 s of 8 kHz 8-bit mono silence

function makeWav(rate, samples) {
  const b = Buffer.alloc(44 + samples);
  b.write('RIFF', 0); b.writeUInt32LE(36 + samples, 4); b.write('WAVE', 8);
  b.write('fmt ', 12); b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24); b.writeUInt32LE(rate, 28); b.writeUInt16LE(1, 32); b.writeUInt16LE(8, 34);
  b.write('data', 36); b.writeUInt32LE(samples, 40); b.fill(128, 44);
  return b.toString('base64');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (t) => ({ type: 'text', text: t });
const log = (...a) => process.stderr.write(`[fixture] ${a.join(' ')}\n`);
const send = (msg) => process.stdout.write(JSON.stringify(msg) + '\n');

class RpcError extends Error {
  constructor(code, message, data) { super(message); this.code = code; this.data = data; }
}

// ---------------------------------------------------------------- session state
// A server's own default until a client sets one: info. Whoever serves stateless clients in front of us (mcp-proxy)
// passes log messages only to those that asked for them.
let sessionLogLevel = 'info';
let generation = 0;          // bumped by the trigger tools so the lists really change
let watchedVersion = 0;
const subscriptions = new Set();
const inFlight = new Map();  // incoming request id (JSON) -> call context

// ------------------------------------------------- server-to-client requests
const pending = new Map();   // outgoing id -> { resolve, ctx }
let nextId = 1;

function freeId(key) {
  if (key === undefined) {
    while (pending.has(`srv-${nextId}`)) nextId++;
    return `srv-${nextId++}`;
  }
  if (!pending.has(key)) return key;
  let n = 2;
  while (pending.has(`${key}#${n}`)) n++;
  return `${key}#${n}`;
}

// Resolves to {result} or {error}; never rejects, so callers decide what an
// error answer means for their scenario.
function ask(ctx, method, params, key) {
  const id = freeId(key);
  return new Promise((resolve) => {
    pending.set(id, { resolve, ctx });
    ctx.outgoing.add(id);
    send({ jsonrpc: '2.0', id, method, params });
  });
}

function onResponse(msg) {
  const p = pending.get(msg.id);
  if (!p) return log('response to unknown id', JSON.stringify(msg.id));
  pending.delete(msg.id);
  p.ctx.outgoing.delete(msg.id);
  p.resolve(msg.error ? { error: msg.error } : { result: msg.result });
}

function notify(method, params) { send({ jsonrpc: '2.0', method, params }); }

function sendLog(ctx, level, data) {
  const threshold = ctx.meta?.[META_LOG_LEVEL] ?? sessionLogLevel;
  if (!threshold || LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(threshold)) return;
  notify('notifications/message', { level, logger: 'conformance-fixture', data });
}

function progress(ctx, value, total, message) {
  if (ctx.progressToken === undefined) return;
  notify('notifications/progress', { progressToken: ctx.progressToken, progress: value, total, message });
}

// ----------------------------------------------------- answer validation
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

function validElicit(r) {
  return isObj(r) && ['accept', 'decline', 'cancel'].includes(r.action) &&
    (r.action !== 'accept' || r.content === undefined || isObj(r.content));
}
const validSample = (r) => isObj(r) && isObj(r.content);
const validRoots = (r) => isObj(r) && Array.isArray(r.roots);

// Asks until the answer is well-formed: a malformed inputResponse makes the
// proxy re-request the same key (what SEP-2322 recommends over a hard error);
// after three bad answers the call fails with -32602.
async function askValid(ctx, method, params, key, valid) {
  for (let attempt = 1; ; attempt++) {
    const answer = await ask(ctx, method, params, key);
    if (answer.error || valid(answer.result)) return answer;
    log(`malformed answer to ${method} (${key}), attempt ${attempt}`);
    if (attempt >= 3) throw new RpcError(-32602, `Invalid response to ${method}`, { key });
  }
}

const elicitParams = (message, properties, required) =>
  ({ message, requestedSchema: { type: 'object', properties, required } });
const sampleParams = (prompt, maxTokens) =>
  ({ messages: [{ role: 'user', content: text(prompt) }], maxTokens });

function elicitField(answer, field) {
  if (answer.error) return { refused: `client refused elicitation: ${answer.error.message}` };
  if (answer.result.action !== 'accept') return { refused: `user chose ${answer.result.action}` };
  return { value: answer.result.content?.[field] };
}
const sampleText = (answer) => answer.error
  ? `(sampling refused: ${answer.error.message})`
  : (answer.result.content.text ?? `[${answer.result.content.type}]`);
const rootsOf = (answer) => (answer.error ? [] : answer.result.roots);

// ------------------------------------------------------------------ tools
const EMPTY = { type: 'object', properties: {} };

const JSON_SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: { address: { $anchor: 'addressDef', type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

const SEP1034_SCHEMA = {
  name: { type: 'string', description: 'User name', default: 'John Doe' },
  age: { type: 'integer', description: 'User age', default: 30 },
  score: { type: 'number', description: 'User score', default: 95.5 },
  status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
  verified: { type: 'boolean', description: 'Verified user', default: true },
};

const SEP1330_SCHEMA = {
  untitledSingle: { type: 'string', description: 'Untitled single-select', enum: ['option1', 'option2', 'option3'] },
  titledSingle: {
    type: 'string', description: 'Titled single-select',
    oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }],
  },
  legacyEnum: {
    type: 'string', description: 'Legacy titled enum (deprecated enumNames)',
    enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'],
  },
  untitledMulti: { type: 'array', description: 'Untitled multi-select', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
  titledMulti: {
    type: 'array', description: 'Titled multi-select',
    items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] },
  },
};

const elicitationSummary = (answer) => answer.error
  ? { content: [text(`Elicitation failed: ${answer.error.message}`)], isError: true }
  : { content: [text(`Elicitation completed: action=${answer.result.action}, content=${JSON.stringify(answer.result.content ?? {})}`)] };

// Each entry: description, inputSchema, optional outputSchema, run(args, ctx).
const TOOLS = {
  test_simple_text: { description: 'Returns simple text content', run: () => ({ content: [text('This is a simple text response for testing.')] }) },
  test_image_content: { description: 'Returns a 1x1 PNG image', run: () => ({ content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }] }) },
  test_audio_content: { description: 'Returns a short WAV clip', run: () => ({ content: [{ type: 'audio', data: WAV_SILENCE, mimeType: 'audio/wav' }] }) },
  test_embedded_resource: {
    description: 'Returns an embedded text resource',
    run: () => ({ content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }] }),
  },
  test_multiple_content_types: {
    description: 'Returns text, image and resource content',
    run: () => ({
      content: [
        text('Multiple content types test:'),
        { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) } },
      ],
    }),
  },
  test_tool_with_logging: {
    description: 'Sends three info log notifications while running',
    run: async (_a, ctx) => {
      sendLog(ctx, 'info', 'Tool execution started'); await sleep(50);
      sendLog(ctx, 'info', 'Tool processing data'); await sleep(50);
      sendLog(ctx, 'info', 'Tool execution completed');
      return { content: [text('Tool with logging executed successfully')] };
    },
  },
  test_tool_with_progress: {
    description: 'Reports progress 0, 50, 100 of 100',
    run: async (_a, ctx) => {
      for (const p of [0, 50, 100]) { progress(ctx, p, 100, `Completed step ${p} of 100`); if (p < 100) await sleep(50); }
      return { content: [text(`Progress reported for token ${JSON.stringify(ctx.progressToken ?? null)}`)] };
    },
  },
  test_error_handling: {
    description: 'Always fails with a tool execution error',
    run: () => ({ isError: true, content: [text('This tool intentionally returns an error for testing')] }),
  },
  test_structured_output: {
    description: 'Returns structuredContent matching its outputSchema',
    outputSchema: { type: 'object', properties: { status: { type: 'string' }, count: { type: 'integer' } }, required: ['status', 'count'] },
    run: () => ({ content: [text('{"status":"ok","count":3}')], structuredContent: { status: 'ok', count: 3 } }),
  },
  test_sampling: {
    description: 'Asks the client for an LLM completion of the prompt',
    inputSchema: { type: 'object', properties: { prompt: { type: 'string', description: 'Prompt for the LLM' } }, required: ['prompt'] },
    run: async (args, ctx) => {
      if (typeof args.prompt !== 'string') return { isError: true, content: [text('Argument "prompt" (string) is required')] };
      const a = await askValid(ctx, 'sampling/createMessage', sampleParams(args.prompt, 100), undefined, validSample);
      if (a.error) return { isError: true, content: [text(`Client does not support sampling: ${a.error.message}`)] };
      return { content: [text(`LLM response: ${sampleText(a)}`)] };
    },
  },
  test_elicitation: {
    description: 'Asks the user (elicitation) for a username and email',
    inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'Message to show the user' } }, required: ['message'] },
    run: async (args, ctx) => {
      if (typeof args.message !== 'string') return { isError: true, content: [text('Argument "message" (string) is required')] };
      const a = await askValid(ctx, 'elicitation/create', elicitParams(args.message, {
        username: { type: 'string', description: "User's response" },
        email: { type: 'string', description: "User's email address" },
      }, ['username', 'email']), undefined, validElicit);
      if (a.error) return { isError: true, content: [text(`Client does not support elicitation: ${a.error.message}`)] };
      return { content: [text(`User response: action=${a.result.action}, content=${JSON.stringify(a.result.content ?? {})}`)] };
    },
  },
  test_elicitation_sep1034_defaults: {
    description: 'Elicitation whose schema has defaults for every primitive type (SEP-1034)',
    run: async (_a, ctx) => elicitationSummary(await askValid(ctx, 'elicitation/create',
      elicitParams('Please review and update the form fields with defaults', SEP1034_SCHEMA, []), undefined, validElicit)),
  },
  test_elicitation_sep1330_enums: {
    description: 'Elicitation whose schema has all five enum variants (SEP-1330)',
    run: async (_a, ctx) => elicitationSummary(await askValid(ctx, 'elicitation/create',
      elicitParams('Please select options from the enum fields', SEP1330_SCHEMA, []), undefined, validElicit)),
  },
  json_schema_2020_12_tool: {
    description: 'Tool whose inputSchema uses JSON Schema 2020-12 keywords ($defs, $anchor, allOf/anyOf, if/then/else)',
    inputSchema: JSON_SCHEMA_2020_12,
    run: (args) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),
  },

  // ---- SEP-2322 (input-required-result-*): the ids below are the scenario keys.
  test_input_required_result_elicitation: {
    description: 'Elicits the user name (key "user_name") and greets them',
    run: async (_a, ctx) => {
      const a = await askValid(ctx, 'elicitation/create',
        elicitParams('What is your name?', { name: { type: 'string' } }, ['name']), 'user_name', validElicit);
      const f = elicitField(a, 'name');
      return { content: [text(f.refused ? `No name given (${f.refused})` : `Hello, ${f.value}!`)] };
    },
  },
  test_input_required_result_sampling: {
    description: 'Asks the client LLM (key "capital_question") for the capital of France',
    run: async (_a, ctx) => {
      const a = await askValid(ctx, 'sampling/createMessage',
        sampleParams('What is the capital of France?', 100), 'capital_question', validSample);
      return { content: [text(`Sampling result: ${sampleText(a)}`)] };
    },
  },
  test_input_required_result_list_roots: {
    description: 'Lists the client roots (key "client_roots")',
    run: async (_a, ctx) => {
      const roots = rootsOf(await askValid(ctx, 'roots/list', {}, 'client_roots', validRoots));
      return { content: [text(`Found ${roots.length} root(s): ${roots.map((r) => r.uri).join(', ')}`)] };
    },
  },
  test_input_required_result_request_state: {
    description: 'Asks for confirmation (key "confirm"); completes with "state-ok"',
    run: async (_a, ctx) => {
      const a = await askValid(ctx, 'elicitation/create',
        elicitParams('Please confirm', { ok: { type: 'boolean' } }, ['ok']), 'confirm', validElicit);
      const f = elicitField(a, 'ok');
      return { content: [text(f.refused ? `state-ok: resumed, but ${f.refused}` : `state-ok: requestState validated, ok=${f.value}`)] };
    },
  },
  test_input_required_result_multiple_inputs: {
    description: 'Sends elicitation "user_name", sampling "greeting" and roots/list "client_roots" at once',
    run: async (_a, ctx) => {
      const [name, greeting, roots] = await Promise.all([
        askValid(ctx, 'elicitation/create', elicitParams('What is your name?', { name: { type: 'string' } }, ['name']), 'user_name', validElicit),
        askValid(ctx, 'sampling/createMessage', sampleParams('Generate a greeting', 50), 'greeting', validSample),
        askValid(ctx, 'roots/list', {}, 'client_roots', validRoots),
      ]);
      const n = elicitField(name, 'name');
      return { content: [text(`Name: ${n.refused ? `(${n.refused})` : n.value}; Greeting: ${sampleText(greeting)}; Roots: ${rootsOf(roots).length}`)] };
    },
  },
  test_input_required_result_multi_round: {
    description: 'Asks "step1" (name), then after its answer "step2" (favorite color)',
    run: async (_a, ctx) => {
      const s1 = elicitField(await askValid(ctx, 'elicitation/create',
        elicitParams('Step 1: What is your name?', { name: { type: 'string' } }, ['name']), 'step1', validElicit), 'name');
      if (s1.refused) return { content: [text(`Multi-round stopped at step 1: ${s1.refused}`)] };
      const s2 = elicitField(await askValid(ctx, 'elicitation/create',
        elicitParams('Step 2: What is your favorite color?', { color: { type: 'string' } }, ['color']), 'step2', validElicit), 'color');
      if (s2.refused) return { content: [text(`Multi-round stopped at step 2 for ${s1.value}: ${s2.refused}`)] };
      return { content: [text(`Multi-round complete for ${s1.value} who likes ${s2.value}`)] };
    },
  },
  test_input_required_result_tampered_state: {
    description: 'Asks for confirmation (key "confirm"); the proxy signs and verifies requestState',
    run: async (_a, ctx) => {
      const f = elicitField(await askValid(ctx, 'elicitation/create',
        elicitParams('Please confirm', { ok: { type: 'boolean' } }, ['ok']), 'confirm', validElicit), 'ok');
      return { content: [text(f.refused ? `integrity-ok: resumed, but ${f.refused}` : `integrity-ok: state verified, ok=${f.value}`)] };
    },
  },
  test_input_required_result_capabilities: {
    description: 'Sends elicitation "elicit_input" and sampling "sample_input" at once; uses whatever the client can answer',
    run: async (_a, ctx) => {
      const [e, s] = await Promise.all([
        askValid(ctx, 'elicitation/create', elicitParams('Elicitation input', { value: { type: 'string' } }, ['value']), 'elicit_input', validElicit),
        askValid(ctx, 'sampling/createMessage', sampleParams('Sample request', 50), 'sample_input', validSample),
      ]);
      const got = [e.error ? null : 'elicit_input', s.error ? null : 'sample_input'].filter(Boolean);
      const refused = [e.error ? 'elicit_input' : null, s.error ? 'sample_input' : null].filter(Boolean);
      if (got.length === 0) return { content: [text('No supported capabilities declared')] };
      return { content: [text(`capabilities-ok: received ${got.join(',')}${refused.length ? `; refused ${refused.join(',')}` : ''}`)] };
    },
  },

  // ---- diagnostics used by server-stateless (SEP-2575) through the proxy.
  test_missing_capability: {
    description: 'Needs client sampling; fails with -32021 when the client cannot sample',
    run: async (_a, ctx) => {
      const a = await askValid(ctx, 'sampling/createMessage', sampleParams('Say "Success"', 10), undefined, validSample);
      if (a.error) throw new RpcError(-32021, 'MissingRequiredClientCapabilityError', { requiredCapabilities: { sampling: {} } });
      return { content: [text('Success')] };
    },
  },
  test_streaming_elicitation: {
    description: 'Streams progress notifications, then completes (no independent requests)',
    run: async (_a, ctx) => {
      progress(ctx, 50, 100, 'half way'); await sleep(20);
      progress(ctx, 100, 100, 'done');
      return { content: [text('Streaming complete')] };
    },
  },
  test_logging_tool: {
    description: 'Logs only when a log level was requested (logging/setLevel or _meta logLevel)',
    run: (_a, ctx) => {
      sendLog(ctx, 'info', 'test_logging_tool ran');
      return { content: [text('Logging tool complete')] };
    },
  },
  test_trigger_tool_change: {
    description: 'Changes the tool list and sends notifications/tools/list_changed',
    run: () => { generation++; notify('notifications/tools/list_changed', {}); return { content: [text(`tool list generation ${generation}`)] }; },
  },
  test_trigger_prompt_change: {
    description: 'Changes the prompt list and sends notifications/prompts/list_changed',
    run: () => { generation++; notify('notifications/prompts/list_changed', {}); return { content: [text(`prompt list generation ${generation}`)] }; },
  },
  // http-custom-header-server-validation (SEP-2243) needs a string parameter
  // mirrored into an Mcp-Param header; the proxy does the header checks.
  test_custom_headers: {
    description: 'Echoes arguments; region and priority are mirrored into Mcp-Param headers (x-mcp-header)',
    inputSchema: {
      type: 'object',
      properties: {
        region: { type: 'string', description: 'Plain ASCII string value', 'x-mcp-header': 'Region' },
        priority: { type: 'integer', description: 'Integer numeric value', 'x-mcp-header': 'Priority' },
        query: { type: 'string', description: 'Not mirrored into a header' },
      },
      required: ['region'],
    },
    run: (args) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),
  },
  test_dynamic_tool: {
    get description() { return `Tool whose description changes with each trigger (generation ${generation})`; },
    run: () => ({ content: [text(`generation ${generation}`)] }),
  },
};

function listTools() {
  return Object.entries(TOOLS).map(([name, t]) => ({
    name, description: t.description, inputSchema: t.inputSchema ?? EMPTY,
    ...(t.outputSchema ? { outputSchema: t.outputSchema } : {}),
  }));
}

async function callTool(params, ctx) {
  const tool = TOOLS[params?.name];
  if (!tool) throw new RpcError(-32602, `Unknown tool: ${params?.name}`);
  return tool.run(isObj(params.arguments) ? params.arguments : {}, ctx);
}

// -------------------------------------------------------------- resources
const STATIC_RESOURCES = {
  'test://static-text': {
    name: 'static-text', description: 'A static text resource', mimeType: 'text/plain',
    read: (uri) => ({ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }),
  },
  'test://static-binary': {
    name: 'static-binary', description: 'A static binary resource (1x1 PNG)', mimeType: 'image/png',
    read: (uri) => ({ uri, mimeType: 'image/png', blob: PNG_1X1 }),
  },
  'test://watched-resource': {
    name: 'watched-resource', description: 'A resource that announces updates to subscribers', mimeType: 'text/plain',
    read: (uri) => ({ uri, mimeType: 'text/plain', text: `Watched resource content, version ${watchedVersion}` }),
  },
};
const TEMPLATE = /^test:\/\/template\/([^/]+)\/data$/;

function readResource(uri) {
  if (STATIC_RESOURCES[uri]) return STATIC_RESOURCES[uri].read(uri);
  const m = typeof uri === 'string' && uri.match(TEMPLATE);
  if (m) {
    const id = decodeURIComponent(m[1]);
    return { uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) };
  }
  throw new RpcError(-32002, 'Resource not found', { uri });
}

function subscribe(uri) {
  readResource(uri); // unknown URIs get the same not-found error as a read
  subscriptions.add(uri);
  // Give the subscriber one real update soon after, so clients can see the notification.
  setTimeout(() => {
    if (!subscriptions.has(uri)) return;
    watchedVersion++;
    notify('notifications/resources/updated', { uri });
  }, 100);
}

// ---------------------------------------------------------------- prompts
const PROMPTS = {
  test_simple_prompt: {
    description: 'A simple prompt without arguments',
    get: () => ({ messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }] }),
  },
  test_prompt_with_arguments: {
    description: 'A prompt with two required arguments',
    arguments: [{ name: 'arg1', description: 'First test argument', required: true }, { name: 'arg2', description: 'Second test argument', required: true }],
    get: (a) => ({ messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${a.arg1}', arg2='${a.arg2}'`) }] }),
  },
  test_prompt_with_embedded_resource: {
    description: 'A prompt that embeds a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
    get: (a) => ({
      messages: [
        { role: 'user', content: { type: 'resource', resource: { uri: a.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
        { role: 'user', content: text('Please process the embedded resource above.') },
      ],
    }),
  },
  test_prompt_with_image: {
    description: 'A prompt with image content',
    get: () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: PNG_1X1, mimeType: 'image/png' } },
        { role: 'user', content: text('Please analyze the image above.') },
      ],
    }),
  },
  test_input_required_result_prompt: {
    description: 'A prompt that first elicits its context (key "user_context")',
    get: async (_a, ctx) => {
      const f = elicitField(await askValid(ctx, 'elicitation/create',
        elicitParams('What context should the prompt use?', { context: { type: 'string' } }, ['context']), 'user_context', validElicit), 'context');
      return { messages: [{ role: 'user', content: text(f.refused ? `Prompt without context (${f.refused})` : `Prompt with context: ${f.value}`) }] };
    },
  },
  test_dynamic_prompt: {
    get description() { return `Prompt whose description changes with each trigger (generation ${generation})`; },
    get: () => ({ messages: [{ role: 'user', content: text(`generation ${generation}`) }] }),
  },
};

async function getPrompt(params, ctx) {
  const p = PROMPTS[params?.name];
  if (!p) throw new RpcError(-32602, `Unknown prompt: ${params?.name}`);
  const args = isObj(params.arguments) ? params.arguments : {};
  const missing = (p.arguments ?? []).filter((d) => d.required && typeof args[d.name] !== 'string').map((d) => d.name);
  if (missing.length) throw new RpcError(-32602, `Missing required argument(s): ${missing.join(', ')}`);
  return { description: p.description, ...(await p.get(args, ctx)) };
}

// ------------------------------------------------------------- completion
const COMPLETIONS = {
  'ref/prompt:test_prompt_with_arguments:arg1': ['paris', 'park', 'party', 'test', 'testValue1'],
  'ref/prompt:test_prompt_with_arguments:arg2': ['world', 'wonder', 'testValue2'],
  'ref/prompt:test_prompt_with_embedded_resource:resourceUri': ['test://example-resource', 'test://static-text'],
  'ref/resource:test://template/{id}/data:id': ['1', '2', '3', '123'],
};

function complete(params) {
  const ref = params?.ref ?? {};
  const refName = ref.type === 'ref/resource' ? ref.uri : ref.name;
  const all = COMPLETIONS[`${ref.type}:${refName}:${params?.argument?.name}`] ?? [];
  const prefix = String(params?.argument?.value ?? '').toLowerCase();
  const values = all.filter((v) => v.toLowerCase().startsWith(prefix));
  return { completion: { values, total: values.length, hasMore: false } };
}

// --------------------------------------------------------------- dispatch
const HANDLERS = {
  initialize: (p) => {
    const requested = p?.protocolVersion;
    const protocolVersion = SUPPORTED_VERSIONS.includes(requested) ? requested : SUPPORTED_VERSIONS[0];
    log(`initialize from ${p?.clientInfo?.name ?? '?'}: requested ${requested}, answering ${protocolVersion}`);
    return {
      protocolVersion,
      capabilities: { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, logging: {}, completions: {} },
      serverInfo: { name: 'mcps-conformance-fixture', title: 'MCPS.ONE conformance fixture', version: '1.0.0' },
      instructions: 'Test fixture for the MCP conformance suite; every tool, resource and prompt is synthetic.',
    };
  },
  ping: () => ({}),
  'logging/setLevel': (p) => {
    if (!LOG_LEVELS.includes(p?.level)) throw new RpcError(-32602, `Invalid log level: ${p?.level}`);
    sessionLogLevel = p.level;
    return {};
  },
  'tools/list': () => ({ tools: listTools(), ...CACHE_LIST }),
  'tools/call': callTool,
  'resources/list': () => ({
    resources: Object.entries(STATIC_RESOURCES).map(([uri, r]) => ({ uri, name: r.name, description: r.description, mimeType: r.mimeType })),
    ...CACHE_LIST,
  }),
  'resources/templates/list': () => ({
    resourceTemplates: [{ uriTemplate: 'test://template/{id}/data', name: 'template-data', description: 'JSON data for any id', mimeType: 'application/json' }],
    ...CACHE_LIST,
  }),
  'resources/read': (p) => ({ contents: [readResource(p?.uri)], ...CACHE_READ }),
  'resources/subscribe': (p) => { subscribe(p?.uri); return {}; },
  'resources/unsubscribe': (p) => { subscriptions.delete(p?.uri); return {}; },
  'prompts/list': () => ({
    prompts: Object.entries(PROMPTS).map(([name, p]) => ({ name, description: p.description, ...(p.arguments ? { arguments: p.arguments } : {}) })),
    ...CACHE_LIST,
  }),
  'prompts/get': getPrompt,
  'completion/complete': complete,
};

async function onRequest(msg) {
  const key = JSON.stringify(msg.id);
  const params = isObj(msg.params) ? msg.params : {};
  const ctx = { id: msg.id, meta: params._meta, progressToken: params._meta?.progressToken, outgoing: new Set(), cancelled: false };
  inFlight.set(key, ctx);
  try {
    const handler = HANDLERS[msg.method];
    if (!handler) throw new RpcError(-32601, `Method not found: ${msg.method}`);
    const result = await handler(params, ctx);
    if (!ctx.cancelled) send({ jsonrpc: '2.0', id: msg.id, result });
  } catch (e) {
    if (!(e instanceof RpcError)) log(`internal error in ${msg.method}:`, e?.stack ?? e);
    const error = e instanceof RpcError
      ? { code: e.code, message: e.message, ...(e.data !== undefined ? { data: e.data } : {}) }
      : { code: -32603, message: `Internal error: ${e?.message ?? e}` };
    if (!ctx.cancelled) send({ jsonrpc: '2.0', id: msg.id, error });
  } finally {
    inFlight.delete(key);
    exitWhenIdle();
  }
}

function onNotification(msg) {
  if (msg.method === 'notifications/cancelled') {
    const ctx = inFlight.get(JSON.stringify(msg.params?.requestId));
    if (!ctx) return;
    ctx.cancelled = true;
    // Free the keys of the abandoned call so a retry can reuse them unsuffixed.
    for (const id of ctx.outgoing) {
      const p = pending.get(id);
      pending.delete(id);
      p?.resolve({ error: { code: -32800, message: 'Request cancelled' } });
    }
    ctx.outgoing.clear();
  }
  // notifications/initialized, roots/list_changed, progress: nothing to do.
}

function onLine(line) {
  if (!line.trim()) return;
  let msg;
  try { msg = JSON.parse(line); } catch {
    return send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
  }
  if (!isObj(msg) || msg.jsonrpc !== '2.0') {
    return send({ jsonrpc: '2.0', id: msg?.id ?? null, error: { code: -32600, message: 'Invalid Request' } });
  }
  if (typeof msg.method === 'string') {
    if (msg.id === undefined || msg.id === null) return onNotification(msg);
    return void onRequest(msg);
  }
  if (msg.id !== undefined && ('result' in msg || 'error' in msg)) return onResponse(msg);
  send({ jsonrpc: '2.0', id: msg.id ?? null, error: { code: -32600, message: 'Invalid Request' } });
}

// On EOF, let calls that are already computing finish (briefly) before exiting.
let closing = false;
const exitWhenIdle = () => { if (closing && inFlight.size === 0) process.exit(0); };
createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', onLine).on('close', () => {
  log('stdin closed, exiting');
  closing = true;
  exitWhenIdle();
  setTimeout(() => process.exit(0), 2000).unref();
});
process.stdout.on('error', (e) => { log('stdout error:', e.message); process.exit(0); });
log(`started (pid ${process.pid}), protocol versions ${SUPPORTED_VERSIONS.join(', ')}`);
