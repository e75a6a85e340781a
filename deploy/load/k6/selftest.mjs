// Checks deploy/load/k6/checkout.js without k6 (CI has no k6): `node deploy/load/k6/selftest.mjs`.
//
// k6 runs scripts in its own JavaScript engine, with its own modules (k6, k6/http, k6/execution) and globals
// (__ENV). Node can still load the script as an ES module when those modules are replaced by small stand-ins
// that record what the script asks for. This checks what a syntax check cannot: the options k6 would read for
// every SCENARIO (executors, exec functions, thresholds, tags) and the requests one iteration sends (URLs,
// bodies, tagging headers), for each request kind. It does not prove k6 accepts every option: that needs k6.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'k6-selftest-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

// ---------------------------------------------------------------- stand-ins for the k6 modules
const k6 = path.join(work, 'node_modules', 'k6');
fs.mkdirSync(k6, { recursive: true });
fs.writeFileSync(path.join(k6, 'package.json'), JSON.stringify({
  name: 'k6', type: 'module',
  exports: { '.': './index.js', './http': './http.js', './execution': './execution.js' },
}));
fs.writeFileSync(path.join(k6, 'index.js'), `
export function check(value, sets, tags) {
  for (const [name, fn] of Object.entries(sets)) globalThis.k6stub.checks.push({ name, ok: fn(value), tags });
  return true;
}
export default { check };`);
fs.writeFileSync(path.join(k6, 'http.js'), `
function request(method, url, body, params) {
  const sent = { method, url, body, params: params || {} };
  globalThis.k6stub.requests.push(sent);
  return globalThis.k6stub.respond(sent);
}
export function get(url, params) { return request('GET', url, null, params); }
export function post(url, body, params) { return request('POST', url, body, params); }
export function expectedStatuses(...statuses) { return { expectedStatuses: statuses }; }
export function setResponseCallback(callback) { globalThis.k6stub.responseCallback = callback; }
export default { get, post, expectedStatuses, setResponseCallback };`);
fs.writeFileSync(path.join(k6, 'execution.js'), `
export default { get scenario() { return { iterationInTest: globalThis.k6stub.iteration }; } };`);
const script = path.join(work, 'checkout.mjs');
fs.copyFileSync(path.join(here, 'checkout.js'), script);

// What the services answer, per request (the designed status of each kind).
function respond(sent) {
  const body = sent.body ? JSON.parse(sent.body) : null;
  let status = 200;
  if (sent.method === 'POST') {
    const item = body.items[0];
    if (item.quantity < 1 || !/^\d{16}$/.test(body.cardNumber)) status = 400;
    else if (item.sku === 'NOPE-404') status = 422;
    else if (item.sku === 'LT-007') status = 409;
    else if (body.cardNumber !== '4242424242424242') status = 402;
    else status = 201;
  }
  const json = { orderId: 'order-' + (sent.params.headers['Idempotency-Key'] || sent.params.headers['X-Request-ID']) };
  return { status, json: (key) => (key ? json[key] : json) };
}

let loaded = 0;
async function load(env) {
  globalThis.__ENV = env;
  globalThis.k6stub = { requests: [], checks: [], iteration: 0, respond };
  return import(pathToFileURL(script).href + '?' + (loaded++)); // a fresh module instance per environment
}

// ---------------------------------------------------------------- options, per SCENARIO
const EXECUTORS = ['shared-iterations', 'per-vu-iterations', 'constant-vus', 'ramping-vus',
  'constant-arrival-rate', 'ramping-arrival-rate']; // k6 v2.2.0 (externally-controlled was removed in v2)
const BUILTIN_METRICS = ['http_req_failed', 'http_req_duration', 'checks', 'http_reqs', 'iterations'];

const expected = { default: ['steady', 'spike'], steady: ['steady'], spike: ['spike'], soak: ['soak'] };
for (const [scenario, names] of Object.entries(expected)) {
  const module = await load({ SCENARIO: scenario, BASE_URL: 'http://checkout-service:8080' });
  const { options } = module;
  assert.deepEqual(Object.keys(options.scenarios), names, `SCENARIO=${scenario}`);
  for (const [name, config] of Object.entries(options.scenarios)) {
    assert.ok(EXECUTORS.includes(config.executor), `${name}: unknown executor ${config.executor}`);
    assert.equal(typeof module[config.exec], 'function', `${name}: exec ${config.exec} is not an exported function`);
    assert.ok(config.maxVUs >= config.preAllocatedVUs, `${name}: maxVUs < preAllocatedVUs`);
    assert.match(config.timeUnit, /^\d+[smh]$/);
    if (config.executor === 'constant-arrival-rate') assert.match(config.duration, /^\d+[smh]$/);
    if (config.executor === 'ramping-arrival-rate') assert.ok(config.stages.length > 0 && config.stages.every((s) => s.target > 0));
  }
  if (scenario === 'default') assert.equal(options.scenarios.spike.startTime, options.scenarios.steady.duration);
  if (scenario === 'soak') assert.equal(options.scenarios.soak.duration, '30m');
  for (const [metric, rules] of Object.entries(options.thresholds)) {
    assert.ok(BUILTIN_METRICS.includes(metric.replace(/\{.*\}$/, '')), `threshold on unknown metric ${metric}`);
    for (const rule of rules) assert.match(rule, /^(rate|p\(\d+\)|avg|med|min|max|count)\s*[<>]=?\s*[\d.]+$/);
  }
  assert.deepEqual(Object.keys(options.thresholds).slice(0, 3), ['http_req_failed', 'http_req_duration', 'checks']);
  assert.equal(options.tags.synthetic, 'true');
  assert.ok(options.systemTags.includes('scenario') && options.systemTags.includes('status'));
  assert.ok(!options.systemTags.includes('url') && !options.systemTags.includes('error'), 'unbounded tags become labels');
  assert.equal(typeof module.default, 'function');
}
await assert.rejects(load({ SCENARIO: 'nope' }), /SCENARIO must be/);
await assert.rejects(load({ MIX: 'good=1,bogus=2' }), /MIX takes/);

// ---------------------------------------------------------------- what the iterations send
{
  const module = await load({ BASE_URL: 'http://checkout-service:8080/', INVENTORY_URL: 'http://inventory-service:8081', RUN_ID: 'selftest' });
  const stub = globalThis.k6stub;
  assert.deepEqual(stub.responseCallback.expectedStatuses, [{ min: 200, max: 299 }, 400, 402, 409, 422]);
  for (let i = 0; i < 2000; i++) {
    stub.iteration = i;
    module.mixed();
  }
  const kinds = new Set();
  for (const sent of stub.requests) {
    const { headers, tags } = sent.params;
    kinds.add(tags.kind);
    assert.match(headers['X-Request-ID'], /^load-selftest-\d+(\.retry|\.view)?$/);
    assert.equal(headers['User-Agent'], 'observability-demo-load/1');
    assert.ok(['POST /api/checkout', 'GET /api/orders/{id}', 'GET /api/products'].includes(tags.name), tags.name);
    assert.match(sent.url, /^http:\/\/(checkout-service:8080\/api\/(checkout|orders\/order-\S+)|inventory-service:8081\/api\/products)$/);
    if (sent.method === 'POST') assert.equal(JSON.parse(sent.body).customerId, 'load-selftest');
  }
  assert.deepEqual([...kinds].sort(), ['browse', 'decline', 'good', 'invalid', 'oos', 'retry', 'unknown']);
  const failed = stub.checks.filter((c) => !c.ok);
  assert.deepEqual(failed, [], 'every designed answer passes its check');
  const retries = stub.requests.filter((r) => r.params.headers['Idempotency-Key']);
  assert.ok(retries.length > 0 && retries.length % 2 === 0, 'a retry sends the same Idempotency-Key twice');
}

// Without INVENTORY_URL (k6 on the host, where inventory is not published) there is no browsing.
{
  const module = await load({ RUN_ID: 'selftest' });
  for (let i = 0; i < 300; i++) module.mixed();
  assert.ok(globalThis.k6stub.requests.every((r) => r.url.startsWith('http://localhost:8080/api/')));
}

console.log('deploy/load/k6/checkout.js: options for default/steady/spike/soak and the requests of every kind are as intended');
