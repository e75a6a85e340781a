// k6 load test of the checkout API (grafana/k6, pinned in .env as K6_VERSION; a plain ES module, no build step).
//
// From compose (results remote-written to Prometheus, shown on the Grafana dashboard "k6 load test", uid k6):
//   docker compose --profile load run --rm k6                          # steady 5 min, then a spike
//   docker compose --profile load run --rm -e SCENARIO=soak k6         # soak: 30 min at the steady rate
//   docker compose --profile load run --rm -e SCENARIO=steady -e RATE=20 -e STEADY_DURATION=2m k6
// With a local k6 against local services:
//   k6 run -e BASE_URL=http://localhost:8080 -e INVENTORY_URL=http://localhost:8081 deploy/load/k6/checkout.js
//
// Environment (k6 --env / -e, or the container's environment):
//   BASE_URL         checkout-service (default http://localhost:8080)
//   INVENTORY_URL    inventory-service, for the "browse products" requests; unset: no browsing
//   SCENARIO         default (steady, then spike) | steady | spike | soak
//   RATE             steady and soak iterations per second (default 10); the spike peaks at SPIKE_FACTOR x RATE
//   SPIKE_FACTOR     default 5
//   STEADY_DURATION  default 5m;  SOAK_DURATION default 30m
//   MIX              weights of the request kinds, as deploy/load/load.sh --mix (default below)
//
// Every request is tagged as synthetic: header X-Request-ID load-<run>-<n> (in the services' log lines as
// mdc.requestId), User-Agent observability-demo-load/1, customer load-<run>; and every k6 metric carries the
// tags synthetic="true", testid=<run> and scenario=<name>, so the dashboards can tell test traffic apart.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';

const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
const INVENTORY_URL = (__ENV.INVENTORY_URL || '').replace(/\/$/, '');
const SCENARIO = __ENV.SCENARIO || 'default';
const RATE = positive('RATE', 10);
const SPIKE_FACTOR = positive('SPIKE_FACTOR', 5);
const STEADY_DURATION = __ENV.STEADY_DURATION || '5m';
const SOAK_DURATION = __ENV.SOAK_DURATION || '30m';
const RUN_ID = __ENV.RUN_ID || Date.now().toString(36);
const MIX = parseMix(__ENV.MIX || 'browse=20,good=55,decline=8,oos=4,invalid=4,unknown=4,retry=5');

const USER_AGENT = 'observability-demo-load/1';
const GOOD_CARD = '4242424242424242';
const DECLINED_CARDS = ['4000000000000002', '4000000000009995'];
// In proportion to the seeded stock, one unit per order, so a 30 min soak does not sell out (LT-007 is the oos kind).
const GOOD_SKUS = ['CB-005', 'CB-005', 'CB-005', 'CB-005', 'CB-005', 'CB-005', 'MS-002', 'MS-002', 'KB-001', 'HS-004'];

// Designed answers are not failures: declines (402), out of stock (409), unknown product (422) and the invalid
// requests we send on purpose (400). A 503 (payment or inventory unavailable) and any other 5xx count in
// http_req_failed, which is the error rate the thresholds watch.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 400, 402, 409, 422));

function positive(name, fallback) {
  const value = Number(__ENV[name] || fallback);
  if (!(value > 0)) {
    throw new Error(`${name} must be a positive number, not ${__ENV[name]}`);
  }
  return value;
}

function parseMix(text) {
  const kinds = ['browse', 'good', 'decline', 'oos', 'invalid', 'unknown', 'retry'];
  const mix = [];
  let total = 0;
  for (const part of text.split(',')) {
    const [kind, weight] = part.trim().split('=');
    if (!kinds.includes(kind) || !(Number(weight) >= 0)) {
      throw new Error(`MIX takes kind=weight pairs of ${kinds.join(', ')}; '${part}' is not one`);
    }
    if (kind === 'browse' && !INVENTORY_URL) {
      continue; // inventory is not reachable: its share goes to the other kinds
    }
    total += Number(weight);
    mix.push({ kind, upTo: total });
  }
  if (total <= 0) {
    throw new Error('MIX: the weights add up to 0');
  }
  return { total, kinds: mix };
}

// The JSDoc types let an editor with @types/k6 check the options (k6 itself ignores them).
/** @type {import('k6/options').Scenario} */
const steady = {
  executor: 'constant-arrival-rate',
  rate: RATE,
  timeUnit: '1s',
  duration: STEADY_DURATION,
  preAllocatedVUs: 10,
  maxVUs: 100,
  exec: 'mixed',
};

/** @type {import('k6/options').Scenario} */
const spike = {
  executor: 'ramping-arrival-rate',
  startRate: RATE,
  timeUnit: '1s',
  preAllocatedVUs: 20,
  maxVUs: 300,
  stages: [
    { target: RATE * SPIKE_FACTOR, duration: '30s' },
    { target: RATE * SPIKE_FACTOR, duration: '1m' },
    { target: RATE, duration: '30s' },
  ],
  exec: 'mixed',
};

const soak = { ...steady, duration: SOAK_DURATION };

function scenarios() {
  switch (SCENARIO) {
    case 'default':
      // The spike starts when the steady phase ends.
      return { steady, spike: { ...spike, startTime: STEADY_DURATION } };
    case 'steady':
      return { steady };
    case 'spike':
      return { spike };
    case 'soak':
      return { soak };
    default:
      throw new Error(`SCENARIO must be default, steady, spike or soak, not ${SCENARIO}`);
  }
}

function thresholds(selected) {
  const result = {
    // The error budget: at most 5% of requests may fail (5xx, timeouts, connection errors).
    http_req_failed: ['rate<0.05'],
    // The latency SLO threshold of the services (500 ms): 95% of requests under it.
    http_req_duration: ['p(95)<500'],
    checks: ['rate>0.95'],
  };
  if (selected.spike) {
    // Under a 5x spike, some queueing is fine; more than 1 s at p95 is not.
    result['http_req_duration{scenario:spike}'] = ['p(95)<1000'];
  }
  return result;
}

const selected = scenarios();

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: selected,
  thresholds: thresholds(selected),
  tags: { synthetic: 'true', testid: RUN_ID },
  // Every tag becomes a Prometheus label. The default system tags include `url` (one series per order id
  // for GET /api/orders/<id>) and `error` (free text): keep the bounded ones only; `name` groups the URLs.
  systemTags: ['proto', 'status', 'method', 'name', 'group', 'check', 'error_code', 'scenario', 'expected_response'],
  userAgent: USER_AGENT,
  // p(95) and p(99) in the end-of-test summary, like the Prometheus output (K6_PROMETHEUS_RW_TREND_STATS).
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
};

function pick() {
  const r = Math.random() * MIX.total;
  return MIX.kinds.find((entry) => r < entry.upTo).kind;
}

function requestId(suffix) {
  return `load-${RUN_ID}-${exec.scenario.iterationInTest}${suffix || ''}`;
}

function params(kind, name, extraHeaders, suffix) {
  return {
    headers: Object.assign({
      'Content-Type': 'application/json',
      'X-Request-ID': requestId(suffix),
      'User-Agent': USER_AGENT,
    }, extraHeaders || {}),
    // `name` groups the URLs (one series per endpoint, not per order id); `kind` is the request's purpose.
    tags: { name, kind },
  };
}

function order(sku, quantity, cardNumber) {
  return JSON.stringify({ customerId: `load-${RUN_ID}`, items: [{ sku, quantity }], cardNumber });
}

function post(kind, body, expected, extraHeaders, suffix) {
  const res = http.post(`${BASE_URL}/api/checkout`, body, params(kind, 'POST /api/checkout', extraHeaders, suffix));
  // A 503 is the designed answer when payment or inventory is unavailable; it still counts in http_req_failed.
  check(res, { [`${kind}: ${expected} (or 503)`]: (r) => r.status === expected || r.status === 503 }, { kind });
  return res;
}

function viewOrder(res) {
  if (res.status !== 201) {
    return;
  }
  const orderId = res.json('orderId');
  const view = http.get(`${BASE_URL}/api/orders/${orderId}`, params('good', 'GET /api/orders/{id}', null, '.view'));
  check(view, { 'order: 200': (r) => r.status === 200 }, { kind: 'good' });
}

// One iteration: one request kind, drawn from MIX.
export function mixed() {
  const kind = pick();
  const sku = GOOD_SKUS[Math.floor(Math.random() * GOOD_SKUS.length)];
  switch (kind) {
    case 'browse': {
      const res = http.get(`${INVENTORY_URL}/api/products`, params('browse', 'GET /api/products'));
      check(res, { 'browse: 200': (r) => r.status === 200 }, { kind });
      break;
    }
    case 'good':
      viewOrder(post(kind, order(sku, 1, GOOD_CARD), 201));
      break;
    case 'decline':
      post(kind, order(sku, 1, DECLINED_CARDS[Math.floor(Math.random() * DECLINED_CARDS.length)]), 402);
      break;
    case 'oos':
      post(kind, order('LT-007', 100, GOOD_CARD), 409); // 25 in stock
      break;
    case 'invalid':
      post(kind, JSON.stringify({ customerId: `load-${RUN_ID}`, items: [{ sku, quantity: 0 }], cardNumber: '1234' }), 400);
      break;
    case 'unknown':
      post(kind, order('NOPE-404', 1, GOOD_CARD), 422);
      break;
    case 'retry': {
      // A client retrying with the same Idempotency-Key: the replay returns the first answer, charges nothing.
      const key = { 'Idempotency-Key': requestId() };
      const body = order(sku, 1, GOOD_CARD);
      const first = post(kind, body, 201, key);
      const replay = post(kind, body, 201, key, '.retry');
      if (first.status === 201) {
        check(replay, { 'retry: same order': (r) => r.status === 201 && r.json('orderId') === first.json('orderId') }, { kind });
      }
      break;
    }
  }
}

export default mixed;
