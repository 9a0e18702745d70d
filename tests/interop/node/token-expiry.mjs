// The official Sinch Node SDK recovers from an expired access token: one SinchClient
// gets a token, the server's sandbox clock moves past the token's lifetime, and the same
// client's next call is answered 401 `WWW-Authenticate: ... expired ...`; the SDK
// (@sinch/sdk-client, ApiFetchClient.sinchFetch) then clears its cached token, fetches
// a new one and retries the call once.
//
// The SDK's own proactive refresh (a minute before the JWT's `exp`) reads the real
// clock, which the sandbox does not move: the SDK sends the old token, and only the
// server's 401 makes it refresh. That is the path under test.
//
// Every HTTP request the SDK makes is recorded by wrapping the node-fetch it sends
// through (the sdk-client calls `require('node-fetch').default(...)`, looked up at each
// call); the wrapper passes everything through unchanged.
//
// Environment:
//   OPENTRUNK_BASE_URL     server root (API, token and sandbox host)
//   OPENTRUNK_ADMIN_TOKEN  the server's admin token, for POST /sandbox/clock:advance
//   SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET
//   OPENTRUNK_ADVANCE_SECONDS  how far to move the clock each time (default 3601)
//
// Prints one JSON summary on stdout: the steps, each with the requests the SDK made
// (method, path, status, which credential: "basic" or the index into `tokens`, and the
// response's WWW-Authenticate), the clock after each advance and every bearer token
// seen. Exits 1 when an SDK call failed (the summary then has `error` on that step).

import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { env, sinchClient, version } from './common.mjs';

const require = createRequire(import.meta.url);

const base = env('OPENTRUNK_BASE_URL').replace(/\/+$/, '');
const adminToken = env('OPENTRUNK_ADMIN_TOKEN');
const projectId = env('SINCH_PROJECT_ID');
const keyId = env('SINCH_KEY_ID');
const keySecret = env('SINCH_KEY_SECRET');
const advanceSeconds = Number(env('OPENTRUNK_ADVANCE_SECONDS', '3601'));
const run = randomBytes(4).toString('hex');

// --- the SDK's transport, recorded ----------------------------------------------------

// The node-fetch the sdk-client resolves, not one next to this script.
const nodeFetch = createRequire(require.resolve('@sinch/sdk-client'))('node-fetch');
const realFetch = nodeFetch.default;
if (typeof realFetch !== 'function') throw new Error("node-fetch has no default export to wrap");

const tokens = [];
let trace = [];

function headerOf(headers, name) {
  if (!headers) return null;
  if (typeof headers.get === 'function') return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : headers[key];
}

function credential(authorization) {
  if (!authorization) return null;
  if (authorization.startsWith('Basic ')) return 'basic';
  if (authorization.startsWith('Bearer ')) {
    const token = authorization.slice('Bearer '.length);
    if (!tokens.includes(token)) tokens.push(token);
    return tokens.indexOf(token);
  }
  return 'other';
}

nodeFetch.default = async (url, init = {}) => {
  const auth = credential(headerOf(init.headers, 'authorization'));
  const response = await realFetch(url, init);
  trace.push({
    method: (init.method ?? 'GET').toUpperCase(),
    path: new URL(String(url)).pathname,
    status: response.status,
    credential: auth,
    wwwAuthenticate: response.headers.get('www-authenticate'),
  });
  return response;
};

// --- steps ----------------------------------------------------------------------------

const sinch = sinchClient({ base, projectId, keyId, keySecret });
const est = sinch.elasticSipTrunking;

const steps = [];
const advances = [];

function describe(error) {
  const status = error?.statusCode ? ` (status ${error.statusCode})` : '';
  const data = error?.data ? ` ${error.data}` : '';
  return `${error?.constructor?.name}: ${error?.message}${status}${data}`;
}

async function step(name, call) {
  trace = [];
  const entry = { name, realNow: Math.floor(Date.now() / 1000) };
  steps.push(entry);
  try {
    entry.result = await call();
  } catch (error) {
    entry.error = describe(error);
    throw error;
  } finally {
    entry.requests = trace;
  }
}

// Moves the server's clock; global fetch (undici), so not in the SDK's trace.
async function advanceClock() {
  const response = await fetch(`${base}/sandbox/clock:advance`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ seconds: advanceSeconds }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST /sandbox/clock:advance: ${response.status} ${text}`);
  const clock = JSON.parse(text);
  advances.push({ afterStep: steps.length, now: clock.now, offsetSeconds: clock.offsetSeconds });
}

let failed = null;
try {
  await step('first call', async () => ({ trunks: (await est.sipTrunks.list()).data.length }));
  await advanceClock();
  await step('list after expiry', async () => ({ trunks: (await est.sipTrunks.list()).data.length }));
  await advanceClock();
  // A POST: the retry sends the same JSON body again.
  await step('create after expiry', async () => {
    const trunk = await est.sipTrunks.create({
      createSipTrunkRequestBody: { name: `expiry ${run}`, hostName: `expiry-${run}` },
    });
    return { id: trunk.id, hostName: trunk.hostName };
  });
  await advanceClock();
  // A file download goes through the same fetch-and-retry.
  await step('export after expiry', async () => {
    const exported = await est.calls.export({});
    return { fileName: exported.fileName, header: exported.data.split('\n')[0] };
  });
  await advanceClock();
  // Two calls at once with the expired token: both are retried, on one new token.
  await step('two calls at once after expiry', async () => {
    const [trunks, permissions] = await Promise.all([
      est.sipTrunks.list(),
      est.countryPermissions.list(),
    ]);
    return { trunks: trunks.data.length, countryPermissions: permissions.countryPermissions.length };
  });
} catch (error) {
  failed = describe(error);
  console.error(`FAILED ${failed}`);
  if (error?.stack) console.error(error.stack);
}

// --- summary --------------------------------------------------------------------------


function expiry(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).exp ?? null;
  } catch {
    return null;
  }
}

console.log(JSON.stringify({
  ok: failed === null,
  error: failed,
  sdk: {
    '@sinch/sdk-core': version('@sinch/sdk-core'),
    '@sinch/sdk-client': version('@sinch/sdk-client'),
    'node-fetch': version('node-fetch'),
  },
  node: process.version,
  advanceSeconds,
  steps,
  advances,
  tokens: tokens.map((value) => ({ value, exp: expiry(value) })),
}, null, 2));
process.exit(failed === null ? 0 : 1);
