#!/usr/bin/env node
// Self-test for fixture-server.mjs: spawns it over stdio, plays the client, and
// exits non-zero if any check failed. It checks the wire behaviour the
// conformance scenarios (and mcp-proxy's InputRequiredResult translation) rely on,
// above all that server-to-client request ids equal the scenario's input keys.
//   node fixture-selftest.mjs [path/to/fixture-server.mjs]

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverPath = process.argv[2] ?? path.join(here, 'fixture-server.mjs');
const child = spawn(process.execPath, [serverPath], { stdio: ['pipe', 'pipe', 'pipe'] });
const stderr = [];
child.stderr.on('data', (d) => stderr.push(String(d)));

const responses = new Map();      // our id -> resolver
const serverRequests = [];        // unclaimed server-to-client requests
const requestWaiters = [];
const notifications = [];
let nextId = 1;

createInterface({ input: child.stdout }).on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.method && msg.id !== undefined) {
    const w = requestWaiters.findIndex((x) => x.pred(msg));
    if (w >= 0) requestWaiters.splice(w, 1)[0].resolve(msg); else serverRequests.push(msg);
  } else if (msg.method) notifications.push(msg);
  else responses.get(msg.id)?.(msg);
});

const write = (m) => child.stdin.write(JSON.stringify(m) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(p, ms, what) {
  return Promise.race([p, sleep(ms).then(() => { throw new Error(`timeout waiting for ${what}`); })]);
}

// Raw response (result or error) for one request.
function rpc(method, params) {
  const id = nextId++;
  const p = new Promise((resolve) => responses.set(id, resolve));
  write({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
  const done = withTimeout(p, 3000, `${method} response`);
  done.catch(() => {}); // a test that already failed may never await it
  return { id, done };
}
async function call(method, params) {
  const r = await rpc(method, params).done;
  if (r.error) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.result;
}

function nextServerRequest(pred = () => true, ms = 2000) {
  const i = serverRequests.findIndex(pred);
  if (i >= 0) return Promise.resolve(serverRequests.splice(i, 1)[0]);
  return withTimeout(new Promise((resolve) => requestWaiters.push({ pred, resolve })), ms, 'server-to-client request');
}
const answer = (id, result) => write({ jsonrpc: '2.0', id, result });
const answerError = (id, code, message) => write({ jsonrpc: '2.0', id, error: { code, message } });

let failures = 0, passes = 0;
function check(name, ok, detail) {
  if (ok) { passes++; console.log(`ok   ${name}`); } else { failures++; console.log(`FAIL ${name}${detail !== undefined ? `: ${JSON.stringify(detail)}` : ''}`); }
}
async function test(name, fn) {
  try { await fn(); } catch (e) { check(name, false, e.message); }
}
const textOf = (r) => (r?.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
const callTool = (name, args = {}, extra = {}) => call('tools/call', { name, arguments: args, ...extra });
const accept = (content) => ({ action: 'accept', content });
const sampled = (t) => ({ role: 'assistant', content: { type: 'text', text: t }, model: 'test-model', stopReason: 'endTurn' });
const ROOTS = { roots: [{ uri: 'file:///test/root', name: 'Test Root' }] };

const EXPECTED_TOOLS = [
  'test_simple_text', 'test_image_content', 'test_audio_content', 'test_embedded_resource', 'test_multiple_content_types',
  'test_tool_with_logging', 'test_tool_with_progress', 'test_error_handling', 'test_sampling', 'test_elicitation',
  'test_elicitation_sep1034_defaults', 'test_elicitation_sep1330_enums', 'json_schema_2020_12_tool',
  'test_input_required_result_elicitation', 'test_input_required_result_sampling', 'test_input_required_result_list_roots',
  'test_input_required_result_request_state', 'test_input_required_result_multiple_inputs', 'test_input_required_result_multi_round',
  'test_input_required_result_tampered_state', 'test_input_required_result_capabilities',
  'test_missing_capability', 'test_streaming_elicitation', 'test_logging_tool', 'test_trigger_tool_change', 'test_trigger_prompt_change',
];
const EXPECTED_PROMPTS = ['test_simple_prompt', 'test_prompt_with_arguments', 'test_prompt_with_embedded_resource', 'test_prompt_with_image', 'test_input_required_result_prompt'];

await test('initialize', async () => {
  const r = await call('initialize', { protocolVersion: '2025-11-25', capabilities: { sampling: {}, elicitation: {}, roots: {} }, clientInfo: { name: 'selftest', version: '1' } });
  check('initialize echoes 2025-11-25', r.protocolVersion === '2025-11-25', r.protocolVersion);
  check('capabilities declared', r.capabilities?.tools?.listChanged && r.capabilities?.resources?.subscribe && r.capabilities?.resources?.listChanged &&
    r.capabilities?.prompts?.listChanged && r.capabilities?.logging && r.capabilities?.completions, r.capabilities);
  write({ jsonrpc: '2.0', method: 'notifications/initialized' });
  for (const [asked, want] of [['2025-06-18', '2025-06-18'], ['2025-03-26', '2025-03-26'], ['2026-07-28', '2025-11-25'], ['1999-01-01', '2025-11-25']]) {
    const v = (await call('initialize', { protocolVersion: asked, capabilities: {}, clientInfo: { name: 'selftest', version: '1' } })).protocolVersion;
    check(`version ${asked} -> ${want}`, v === want, v);
  }
});

await test('ping', async () => check('ping returns {}', JSON.stringify(await call('ping')) === '{}'));

await test('lists', async () => {
  const tools = await call('tools/list');
  const names = tools.tools.map((t) => t.name);
  check('all scenario tools listed', EXPECTED_TOOLS.every((n) => names.includes(n)), EXPECTED_TOOLS.filter((n) => !names.includes(n)));
  check('tools well-formed (SEP-986 names, description, inputSchema)', tools.tools.every((t) => /^[A-Za-z0-9_./-]{1,64}$/.test(t.name) && t.description && t.inputSchema?.type === 'object'));
  check('tools/list caching hints', Number.isInteger(tools.ttlMs) && ['public', 'private'].includes(tools.cacheScope), tools);
  const js = tools.tools.find((t) => t.name === 'json_schema_2020_12_tool')?.inputSchema ?? {};
  check('2020-12 schema keywords kept', js.$schema === 'https://json-schema.org/draft/2020-12/schema' && js.$defs?.address?.$anchor &&
    js.additionalProperties === false && js.allOf?.[0]?.anyOf && js.if && js.then && js.else, js);
  const ch = tools.tools.find((t) => t.name === 'test_custom_headers')?.inputSchema?.properties;
  check('x-mcp-header string parameter', ch?.region?.type === 'string' && ch.region['x-mcp-header'] === 'Region', ch);
  const res = await call('resources/list');
  const uris = res.resources.map((r) => r.uri);
  check('resources listed', ['test://static-text', 'test://static-binary', 'test://watched-resource'].every((u) => uris.includes(u)) &&
    res.resources.every((r) => r.name && r.description) && res.ttlMs !== undefined, uris);
  const tpl = await call('resources/templates/list');
  check('template listed', tpl.resourceTemplates.some((t) => t.uriTemplate === 'test://template/{id}/data') && tpl.cacheScope, tpl);
  const prompts = await call('prompts/list');
  const pn = prompts.prompts.map((p) => p.name);
  check('all scenario prompts listed', EXPECTED_PROMPTS.every((n) => pn.includes(n)) && prompts.prompts.every((p) => p.description), pn);
});

await test('content tools', async () => {
  check('simple text', textOf(await callTool('test_simple_text')) === 'This is a simple text response for testing.');
  const img = (await callTool('test_image_content')).content[0];
  check('image png', img.type === 'image' && img.mimeType === 'image/png' && Buffer.from(img.data, 'base64').subarray(1, 4).toString() === 'PNG');
  const wav = (await callTool('test_audio_content')).content[0];
  check('audio wav', wav.type === 'audio' && wav.mimeType === 'audio/wav' && Buffer.from(wav.data, 'base64').subarray(8, 12).toString() === 'WAVE');
  const emb = (await callTool('test_embedded_resource')).content[0];
  check('embedded resource', emb.type === 'resource' && emb.resource.uri === 'test://embedded-resource' && emb.resource.mimeType === 'text/plain' && emb.resource.text);
  const mixed = (await callTool('test_multiple_content_types')).content.map((c) => c.type);
  check('mixed content', JSON.stringify(mixed) === '["text","image","resource"]', mixed);
  const err = await callTool('test_error_handling');
  check('error tool isError', err.isError === true && textOf(err).length > 0, err);
  const so = await callTool('test_structured_output');
  check('structured output', so.structuredContent?.status === 'ok');
  const unknown = await rpc('tools/call', { name: 'no_such_tool', arguments: {} }).done;
  check('unknown tool -> -32602', unknown.error?.code === -32602, unknown);
});

await test('progress', async () => {
  notifications.length = 0;
  await callTool('test_tool_with_progress', {}, { _meta: { progressToken: 'progress-test-1' } });
  const p = notifications.filter((n) => n.method === 'notifications/progress' && n.params.progressToken === 'progress-test-1').map((n) => n.params.progress);
  check('progress 0,50,100', JSON.stringify(p) === '[0,50,100]', p);
});

await test('logging', async () => {
  notifications.length = 0;
  await callTool('test_logging_tool');
  check('logs at info before any setLevel (a server default)',
    notifications.filter((n) => n.method === 'notifications/message').length === 1, notifications);
  notifications.length = 0;
  const bad = await rpc('logging/setLevel', { level: 'loud' }).done;
  check('invalid level -> -32602', bad.error?.code === -32602, bad);
  check('setLevel returns {}', JSON.stringify(await call('logging/setLevel', { level: 'debug' })) === '{}');
  notifications.length = 0;
  await callTool('test_tool_with_logging');
  const logs = notifications.filter((n) => n.method === 'notifications/message').map((n) => n.params.data);
  check('3 log messages', logs.length === 3 && logs[0] === 'Tool execution started', logs);
  await call('logging/setLevel', { level: 'error' });
  notifications.length = 0;
  await callTool('test_tool_with_logging');
  check('info filtered at level error', notifications.length === 0, notifications);
});

await test('resources', async () => {
  const t = (await call('resources/read', { uri: 'test://static-text' }));
  check('read static-text', t.contents[0].text === 'This is the content of the static text resource.' && t.contents[0].mimeType === 'text/plain' && t.cacheScope);
  const b = (await call('resources/read', { uri: 'test://static-binary' })).contents[0];
  check('read static-binary', b.mimeType === 'image/png' && b.blob);
  const d = (await call('resources/read', { uri: 'test://template/123/data' })).contents[0];
  check('read template', d.uri === 'test://template/123/data' && JSON.parse(d.text).id === '123' && d.mimeType === 'application/json', d);
  const nf = await rpc('resources/read', { uri: 'test://nonexistent-resource-for-conformance-testing' }).done;
  check('unknown resource -> -32002 with data.uri', nf.error?.code === -32002 && nf.error.data?.uri === 'test://nonexistent-resource-for-conformance-testing', nf);
  notifications.length = 0;
  check('subscribe returns {}', JSON.stringify(await call('resources/subscribe', { uri: 'test://watched-resource' })) === '{}');
  await sleep(250);
  check('resources/updated sent', notifications.some((n) => n.method === 'notifications/resources/updated' && n.params.uri === 'test://watched-resource'), notifications);
  check('unsubscribe returns {}', JSON.stringify(await call('resources/unsubscribe', { uri: 'test://watched-resource' })) === '{}');
});

await test('prompts and completion', async () => {
  check('simple prompt', (await call('prompts/get', { name: 'test_simple_prompt' })).messages[0].content.text === 'This is a simple prompt for testing.');
  const a = await call('prompts/get', { name: 'test_prompt_with_arguments', arguments: { arg1: 'hello', arg2: 'world' } });
  check('prompt with args', a.messages[0].content.text === "Prompt with arguments: arg1='hello', arg2='world'", a);
  const missing = await rpc('prompts/get', { name: 'test_prompt_with_arguments', arguments: { arg1: 'x' } }).done;
  check('missing prompt arg -> -32602', missing.error?.code === -32602);
  const e = await call('prompts/get', { name: 'test_prompt_with_embedded_resource', arguments: { resourceUri: 'test://example-resource' } });
  check('embedded resource prompt', e.messages[0].content.type === 'resource' && e.messages[0].content.resource.uri === 'test://example-resource');
  const i = await call('prompts/get', { name: 'test_prompt_with_image' });
  check('image prompt', i.messages[0].content.type === 'image' && i.messages[0].content.data && i.messages[1].content.type === 'text');
  const c = await call('completion/complete', { ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } });
  check('completion', JSON.stringify(c.completion.values) === '["paris","park","party"]', c);
  const c2 = await call('completion/complete', { ref: { type: 'ref/resource', uri: 'test://template/{id}/data' }, argument: { name: 'id', value: '1' } });
  check('template completion', c2.completion.values.includes('123'), c2);
});

await test('2025-11-25 sampling/elicitation tools', async () => {
  const s = rpc('tools/call', { name: 'test_sampling', arguments: { prompt: 'Test prompt for sampling' } });
  const sr = await nextServerRequest((m) => m.method === 'sampling/createMessage');
  check('sampling request shape', sr.params.messages[0].content.text === 'Test prompt for sampling' && sr.params.maxTokens === 100, sr);
  answer(sr.id, sampled('This is a test response from the client'));
  check('sampling result', textOf((await s.done).result) === 'LLM response: This is a test response from the client');
  const e = rpc('tools/call', { name: 'test_elicitation', arguments: { message: 'Please provide your information' } });
  const er = await nextServerRequest((m) => m.method === 'elicitation/create');
  check('elicitation request shape', er.params.message === 'Please provide your information' &&
    JSON.stringify(er.params.requestedSchema.required) === '["username","email"]', er);
  answer(er.id, accept({ username: 'testuser', email: 'test@example.com' }));
  check('elicitation result', textOf((await e.done).result).startsWith('User response: action=accept'));
  const d = rpc('tools/call', { name: 'test_elicitation_sep1034_defaults', arguments: {} });
  const dr = await nextServerRequest((m) => m.method === 'elicitation/create');
  const p = dr.params.requestedSchema.properties;
  check('sep1034 defaults', p.name.default === 'John Doe' && p.age.type === 'integer' && p.age.default === 30 && p.score.default === 95.5 &&
    p.status.default === 'active' && p.status.enum.includes('active') && p.verified.default === true, p);
  answer(dr.id, accept({ age: 25 }));
  check('sep1034 result', textOf((await d.done).result).startsWith('Elicitation completed: action=accept'));
  const n = rpc('tools/call', { name: 'test_elicitation_sep1330_enums', arguments: {} });
  const nr = await nextServerRequest((m) => m.method === 'elicitation/create');
  const q = nr.params.requestedSchema.properties;
  check('sep1330 enums', q.untitledSingle.enum && !q.untitledSingle.oneOf && q.titledSingle.oneOf.every((o) => o.const && o.title) &&
    q.legacyEnum.enumNames.length === q.legacyEnum.enum.length && q.untitledMulti.items.enum && q.titledMulti.items.anyOf.every((o) => o.const && o.title), q);
  answerError(nr.id, -32601, 'Method not found');
  check('elicitation refused -> isError result', (await n.done).result?.isError === true);
});

await test('input-required: elicitation key "user_name"', async () => {
  const c = rpc('tools/call', { name: 'test_input_required_result_elicitation', arguments: {} });
  const r = await nextServerRequest();
  check('id is "user_name"', r.id === 'user_name' && r.method === 'elicitation/create' && r.params.message === 'What is your name?' &&
    JSON.stringify(r.params.requestedSchema) === '{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}', r);
  answer('user_name', accept({ name: 'Alice' }));
  check('Hello, Alice!', textOf((await c.done).result) === 'Hello, Alice!');
});

await test('input-required: sampling and roots keys', async () => {
  const s = rpc('tools/call', { name: 'test_input_required_result_sampling', arguments: {} });
  const sr = await nextServerRequest();
  check('id "capital_question"', sr.id === 'capital_question' && sr.method === 'sampling/createMessage' && sr.params.maxTokens === 100 &&
    sr.params.messages[0].content.text === 'What is the capital of France?', sr);
  answer(sr.id, sampled('The capital of France is Paris.'));
  check('sampling result text', textOf((await s.done).result).includes('Paris'));
  const l = rpc('tools/call', { name: 'test_input_required_result_list_roots', arguments: {} });
  const lr = await nextServerRequest();
  check('id "client_roots"', lr.id === 'client_roots' && lr.method === 'roots/list', lr);
  answer(lr.id, ROOTS);
  check('roots result', textOf((await l.done).result).includes('file:///test/root'));
});

await test('input-required: request_state / tampered_state "confirm"', async () => {
  for (const [tool, word] of [['test_input_required_result_request_state', 'state-ok'], ['test_input_required_result_tampered_state', 'integrity-ok']]) {
    const c = rpc('tools/call', { name: tool, arguments: {} });
    const r = await nextServerRequest();
    check(`${tool}: id "confirm"`, r.id === 'confirm' && r.params.message === 'Please confirm' && r.params.requestedSchema.properties.ok.type === 'boolean', r);
    answer('confirm', accept({ ok: true }));
    check(`${tool}: result has ${word}`, textOf((await c.done).result).includes(word));
  }
});

await test('input-required: multiple_inputs sent concurrently', async () => {
  const c = rpc('tools/call', { name: 'test_input_required_result_multiple_inputs', arguments: {} });
  const got = [await nextServerRequest(), await nextServerRequest(), await nextServerRequest()];
  const byId = Object.fromEntries(got.map((m) => [m.id, m]));
  check('three requests before any answer', byId.user_name?.method === 'elicitation/create' && byId.greeting?.method === 'sampling/createMessage' &&
    byId.greeting.params.maxTokens === 50 && byId.client_roots?.method === 'roots/list', got.map((m) => m.id));
  answer('client_roots', ROOTS);
  answer('greeting', sampled('Hello there!'));
  answer('user_name', accept({ name: 'Alice' }));
  check('combined result', textOf((await c.done).result) === 'Name: Alice; Greeting: Hello there!; Roots: 1', (await c.done).result);
});

await test('input-required: multi_round step1 then step2', async () => {
  const c = rpc('tools/call', { name: 'test_input_required_result_multi_round', arguments: {} });
  const s1 = await nextServerRequest();
  check('step1 first', s1.id === 'step1' && s1.params.message === 'Step 1: What is your name?', s1);
  await sleep(100);
  check('step2 not sent before step1 answered', serverRequests.length === 0, serverRequests);
  answer('step1', accept({ name: 'Alice' }));
  const s2 = await nextServerRequest();
  check('step2 after', s2.id === 'step2' && s2.params.message === 'Step 2: What is your favorite color?', s2);
  answer('step2', accept({ color: 'blue' }));
  check('multi-round result', textOf((await c.done).result) === 'Multi-round complete for Alice who likes blue');
});

await test('input-required: capabilities', async () => {
  const c = rpc('tools/call', { name: 'test_input_required_result_capabilities', arguments: {} });
  const a = [await nextServerRequest(), await nextServerRequest()];
  const byId = Object.fromEntries(a.map((m) => [m.id, m]));
  check('elicit_input + sample_input concurrently', byId.elicit_input?.method === 'elicitation/create' && byId.sample_input?.method === 'sampling/createMessage', Object.keys(byId));
  answerError('elicit_input', -32601, 'Client does not support elicitation');
  answer('sample_input', sampled('ok'));
  check('uses what was answered', textOf((await c.done).result) === 'capabilities-ok: received sample_input; refused elicit_input', (await c.done).result);
});

await test('input-required: prompt "user_context"', async () => {
  const c = rpc('prompts/get', { name: 'test_input_required_result_prompt' });
  const r = await nextServerRequest();
  check('id "user_context"', r.id === 'user_context' && r.params.message === 'What context should the prompt use?', r);
  answer('user_context', accept({ context: 'test context' }));
  check('GetPromptResult', (await c.done).result.messages[0].content.text === 'Prompt with context: test context');
});

await test('input-required: concurrent calls get suffixed ids and the right answers', async () => {
  const a = rpc('tools/call', { name: 'test_input_required_result_elicitation', arguments: {} });
  const first = await nextServerRequest();
  const b = rpc('tools/call', { name: 'test_input_required_result_elicitation', arguments: {} });
  const second = await nextServerRequest();
  check('ids user_name and user_name#2', first.id === 'user_name' && second.id === 'user_name#2', [first.id, second.id]);
  answer('user_name#2', accept({ name: 'Bob' }));
  answer('user_name', accept({ name: 'Alice' }));
  check('each call got its own answer', textOf((await a.done).result) === 'Hello, Alice!' && textOf((await b.done).result) === 'Hello, Bob!');
});

await test('input-required: malformed answer is re-requested', async () => {
  const c = rpc('tools/call', { name: 'test_input_required_result_elicitation', arguments: {} });
  answer((await nextServerRequest()).id, 12345);
  const again = await nextServerRequest();
  check('re-asked with the same key', again.id === 'user_name', again);
  answer('user_name', accept({ name: 'Carol' }));
  check('completes after a valid answer', textOf((await c.done).result) === 'Hello, Carol!');
});

await test('cancellation frees the key', async () => {
  const c = rpc('tools/call', { name: 'test_input_required_result_elicitation', arguments: {} });
  const r = await nextServerRequest();
  write({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: c.id, reason: 'test' } });
  const late = await Promise.race([c.done.then(() => 'answered'), sleep(200).then(() => 'silent')]);
  check('no response after cancel', late === 'silent', late);
  const d = rpc('tools/call', { name: 'test_input_required_result_elicitation', arguments: {} });
  const r2 = await nextServerRequest();
  check('next call reuses "user_name"', r.id === 'user_name' && r2.id === 'user_name', r2.id);
  answer('user_name', accept({ name: 'Dan' }));
  check('and completes', textOf((await d.done).result) === 'Hello, Dan!');
});

await test('stateless diagnostics', async () => {
  const m = rpc('tools/call', { name: 'test_missing_capability', arguments: {} });
  answerError((await nextServerRequest((x) => x.method === 'sampling/createMessage')).id, -32601, 'no sampling');
  const mr = await m.done;
  check('missing capability -> -32021 {sampling:{}}', mr.error?.code === -32021 && typeof mr.error.data?.requiredCapabilities?.sampling === 'object', mr);
  const st = await callTool('test_streaming_elicitation');
  check('streaming tool completes', textOf(st) === 'Streaming complete');
  notifications.length = 0;
  const before = (await call('tools/list')).tools.find((t) => t.name === 'test_dynamic_tool').description;
  await callTool('test_trigger_tool_change');
  const after = (await call('tools/list')).tools.find((t) => t.name === 'test_dynamic_tool').description;
  check('tool list changed + notified', before !== after && notifications.some((n) => n.method === 'notifications/tools/list_changed'));
  await callTool('test_trigger_prompt_change');
  check('prompt list notified', notifications.some((n) => n.method === 'notifications/prompts/list_changed'));
});

await test('protocol errors', async () => {
  const u = await rpc('no/such/method').done;
  check('unknown method -> -32601', u.error?.code === -32601, u);
  const p = new Promise((resolve) => responses.set(null, resolve));
  child.stdin.write('{not json\n');
  check('parse error -> -32700', (await withTimeout(p, 1000, 'parse error')).error?.code === -32700);
});

check('no stray server-to-client requests left', serverRequests.length === 0, serverRequests);
child.stdin.end();
await sleep(100);
if (failures) console.log(`\nfixture stderr:\n${stderr.join('')}`);
console.log(`\n${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
