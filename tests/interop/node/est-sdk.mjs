// The official Sinch Node SDK (@sinch/sdk-core 1.4.0) drives a running opentrunk server
// through every Elastic SIP Trunking method it has.
//
// Environment:
//   OPENTRUNK_BASE_URL   server root, e.g. http://127.0.0.1:8080 (API and token host)
//   SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET
//   OPENTRUNK_INTEROP_CALLS   optional: JSON file of the call records seeded into the
//                             server's database (see tests/interop/seed_calls.py);
//                             without it the calls section is skipped
//   OPENTRUNK_SIP_DOMAIN_SUFFIX   expected topLevelDomain (default pstn.sinch.com)
//
// Prints one JSON summary on stdout; exits 1 when any check failed (each failure is
// also printed on stderr with its section and message).

import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { EmptyResponseError, RequestFailedError, SinchClient } from '@sinch/sdk-core';
import { env, sinchClient, version } from './common.mjs';

const base = env('OPENTRUNK_BASE_URL').replace(/\/+$/, '');
const projectId = env('SINCH_PROJECT_ID');
const keyId = env('SINCH_KEY_ID');
const keySecret = env('SINCH_KEY_SECRET');
const tld = env('OPENTRUNK_SIP_DOMAIN_SUFFIX', 'pstn.sinch.com');
const callsFile = process.env.OPENTRUNK_INTEROP_CALLS || '';
// Names unique to this run, so the script also runs against a server with older data.
const run = randomBytes(4).toString('hex');

const sinch = sinchClient({ base, projectId, keyId, keySecret });

// --- method coverage ---------------------------------------------------------------
// Every public method of every EST API group, read from the installed package, so a
// method this script does not call is reported (and fails the run).

const GROUPS = [
  'sipTrunks', 'sipEndpoints', 'accessControlList', 'credentialLists',
  'countryPermissions', 'callBlockingRules', 'calls', 'projects',
];
const called = new Set();
const allMethods = [];
const est = {};
for (const group of GROUPS) {
  const api = sinch.elasticSipTrunking[group];
  if (!api) throw new Error(`the SDK has no elasticSipTrunking.${group}`);
  est[group] = {};
  const names = Object.getOwnPropertyNames(Object.getPrototypeOf(api))
    .filter((n) => n !== 'constructor' && typeof api[n] === 'function')
    .filter((n) => !['setHostname', 'getSinchClient'].includes(n));
  for (const name of names) {
    allMethods.push(`${group}.${name}`);
    est[group][name] = (...args) => {
      called.add(`${group}.${name}`);
      return api[name](...args);
    };
  }
}

// --- assertions ----------------------------------------------------------------------

let checks = 0;

class CheckFailed extends Error {}

function fail(message) {
  throw new CheckFailed(message);
}

function show(value) {
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function eq(actual, expected, what) {
  checks += 1;
  const same = actual instanceof Date && expected instanceof Date
    ? actual.getTime() === expected.getTime()
    : Object.is(actual, expected);
  if (!same) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function deepEq(actual, expected, what) {
  checks += 1;
  if (show(actual) !== show(expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function ok(condition, what) {
  checks += 1;
  if (!condition) fail(what);
}

function isDate(value, what) {
  checks += 1;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    fail(`${what}: expected a Date parsed by the SDK, got ${show(value)}`);
  }
}

function isId(value, what) {
  checks += 1;
  if (typeof value !== 'string' || !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(value)) {
    fail(`${what}: expected a 26-character ULID, got ${show(value)}`);
  }
}

function sameIds(actual, expected, what) {
  deepEq([...actual].sort(), [...expected].sort(), what);
}

// The call fails with the SDK's RequestFailedError carrying `status` and an error body:
// Sinch's {code, status, message} for the EST API, {error, error_description} (OAuth2)
// for the token endpoint.
async function rejects(promise, status, what, shape = 'est') {
  checks += 1;
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof RequestFailedError)) {
      fail(`${what}: expected the SDK's RequestFailedError, got ${error?.constructor?.name}: ${error?.message}`);
    }
    if (error.statusCode !== status) {
      fail(`${what}: expected status ${status}, got ${error.statusCode} (${error.data})`);
    }
    const body = JSON.parse(error.data);
    if (shape === 'oauth') {
      ok(typeof body.error === 'string', `${what}: OAuth2 error body, got ${error.data}`);
      return body;
    }
    eq(body.code, status, `${what}: error body code`);
    ok(typeof body.status === 'string' && typeof body.message === 'string',
      `${what}: error body has status and message, got ${error.data}`);
    return body;
  }
  fail(`${what}: expected an error with status ${status}, but the call succeeded`);
}

// Each id of `created` is seen exactly once while iterating `iterable`.
async function seenOnce(iterable, created, idOf, what) {
  const counts = new Map(created.map((id) => [id, 0]));
  let total = 0;
  for await (const item of iterable) {
    total += 1;
    const id = idOf(item);
    if (counts.has(id)) counts.set(id, counts.get(id) + 1);
  }
  for (const [id, count] of counts) eq(count, 1, `${what}: times ${id} was seen`);
  return total;
}

// Follows pages with PageResult.nextPage(); returns the pages' item lists.
async function pagesOf(firstPage) {
  const pages = [];
  let page = await firstPage;
  pages.push(page.data);
  while (page.hasNextPage) {
    page = await page.nextPage();
    pages.push(page.data);
    if (pages.length > 100) fail('more than 100 pages: hasNextPage never became false');
  }
  return pages;
}

async function plainFetch(method, path, body) {
  const response = await fetch(`${base}/v1/projects/${projectId}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') || '').includes('json');
  return { status: response.status, body: json && text ? JSON.parse(text) : text || undefined };
}

function checkTrunk(trunk, want, what) {
  isId(trunk.id, `${what}.id`);
  eq(trunk.name, want.name, `${what}.name`);
  eq(trunk.hostName, want.hostName, `${what}.hostName`);
  eq(trunk.topLevelDomain, tld, `${what}.topLevelDomain`);
  eq(trunk.domain, `${want.hostName}.${tld}`, `${what}.domain`);
  eq(trunk.callsPerSecond, 1, `${what}.callsPerSecond`);
  eq(trunk.enableCallerName, want.enableCallerName ?? false, `${what}.enableCallerName`);
  eq(trunk.projectId, projectId, `${what}.projectId`);
  isDate(trunk.createTime, `${what}.createTime`);
}

const trunkNo = { n: 0 };
async function newTrunk(label, extra = {}) {
  trunkNo.n += 1;
  const body = { name: `interop ${label}`, hostName: `it-${run}-${label}-${trunkNo.n}`, ...extra };
  const trunk = await est.sipTrunks.create({ createSipTrunkRequestBody: body });
  checkTrunk(trunk, body, `created trunk ${label}`);
  eq(trunk.updateTime, null, `created trunk ${label}.updateTime`);
  return trunk;
}

const PASSWORD = 'Interop-Passw0rd';

async function newCredentialList(label, usernames) {
  return est.credentialLists.create({
    createCredentialListRequestBody: {
      name: `interop ${label}`,
      credentials: usernames.map((username) => ({ username, password: PASSWORD })),
    },
  });
}

async function newAcl(label, ipAddress = '15.15.15.15') {
  return est.accessControlList.create({
    createAccessControlListBody: {
      name: `interop ${label}`,
      ipRanges: [{ description: `${label} range`, ipAddress }],
    },
  });
}

// --- sections --------------------------------------------------------------------------

const sections = [];
function section(name, body) {
  sections.push({ name, body });
}

section('sipTrunks', async () => {
  const body = { name: 'Friendly trunk', hostName: `it-${run}-main`, enableCallerName: true };
  const trunk = await est.sipTrunks.create({ createSipTrunkRequestBody: body });
  checkTrunk(trunk, body, 'create');
  eq(trunk.updateTime, null, 'create.updateTime');

  const fetched = await est.sipTrunks.get({ sipTrunkId: trunk.id });
  checkTrunk(fetched, body, 'get');
  eq(fetched.createTime, trunk.createTime, 'get.createTime');
  eq(fetched.updateTime, null, 'get.updateTime');

  const unfiltered = await est.sipTrunks.list();
  ok(unfiltered.data.some((t) => t.id === trunk.id), 'list() without arguments has the trunk');
  const byDomain = await est.sipTrunks.list({ domain: trunk.domain });
  deepEq(byDomain.data.map((t) => t.id), [trunk.id], 'list({domain}) ids');
  eq(byDomain.hasNextPage, false, 'list({domain}).hasNextPage');

  const changed = { name: 'Renamed trunk', hostName: `it-${run}-renamed`, enableCallerName: false };
  const updated = await est.sipTrunks.update({ sipTrunkId: trunk.id, updateSipTrunkRequestBody: changed });
  checkTrunk(updated, changed, 'update');
  eq(updated.id, trunk.id, 'update.id');
  isDate(updated.updateTime, 'update.updateTime');
  ok(updated.updateTime >= updated.createTime, 'update.updateTime is not before createTime');
  const reread = await est.sipTrunks.get({ sipTrunkId: trunk.id });
  eq(reread.updateTime, updated.updateTime, 'get after update.updateTime');

  // Auto-pagination: 7 more trunks, pages of 3, followed by the async iterator and by
  // nextPage(); every id exactly once.
  const extra = [];
  for (let i = 0; i < 7; i += 1) extra.push((await newTrunk('page')).id);
  const created = [trunk.id, ...extra];
  const total = await seenOnce(est.sipTrunks.list({ size: 3 }), created, (t) => t.id, 'for await sipTrunks.list({size: 3})');
  const first = await est.sipTrunks.list({ size: 3 });
  eq(first.data.length, 3, 'sipTrunks.list({size: 3}) first page size');
  eq(first.hasNextPage, true, 'sipTrunks.list({size: 3}).hasNextPage');
  const pages = await pagesOf(first);
  ok(pages.length >= 3, `nextPage() followed ${pages.length} pages, expected at least 3`);
  eq(pages.flat().length, total, 'items over nextPage() pages equal items over the iterator');
  sameIds(pages.flat().map((t) => t.id).filter((id) => created.includes(id)), created, 'ids over nextPage()');

  // Links: access control lists.
  const acl = await newAcl('trunk-link');
  const linked = await est.sipTrunks.addAccessControlList({
    trunkId: trunk.id,
    addAccessControlListToTrunkRequestBody: { accessControlListIds: [acl.id] },
  });
  deepEq(linked, { accessControlListIds: [acl.id] }, 'addAccessControlList response');
  const aclLinks = await est.sipTrunks.listAccessControlLists({ trunkId: trunk.id });
  deepEq(aclLinks.data, [acl.id], 'listAccessControlLists data');
  const unlinked = await est.sipTrunks.deleteAccessControlList({ trunkId: trunk.id, accessControlListId: acl.id });
  deepEq(unlinked, {}, 'deleteAccessControlList result');
  deepEq((await est.sipTrunks.listAccessControlLists({ trunkId: trunk.id })).data, [], 'listAccessControlLists after delete');
  deepEq(await est.sipTrunks.addAccessControlList({ trunkId: trunk.id, addAccessControlListToTrunkRequestBody: { accessControlListIds: [] } }),
    {}, 'addAccessControlList with no ids: an empty object');

  // Links: credential lists (add, list, bulk replace, remove).
  const one = await newCredentialList('trunk-one', [`one${run}`]);
  const two = await newCredentialList('trunk-two', [`two${run}`]);
  const added = await est.sipTrunks.addCredentialLists({
    trunkId: trunk.id,
    addCredentialListIdsToTrunkRequestBody: { credentialListIds: [one.id] },
  });
  deepEq(added, { credentialListIds: [one.id] }, 'addCredentialLists response');
  let lists = await est.sipTrunks.listCredentialLists({ trunkId: trunk.id });
  deepEq(lists.data.map((l) => l.id), [one.id], 'listCredentialLists ids');
  eq(lists.data[0].name, 'interop trunk-one', 'listCredentialLists[0].name');
  deepEq(lists.data[0].credentials.map((c) => c.username), [`one${run}`], 'listCredentialLists[0].credentials');
  isDate(lists.data[0].createTime, 'listCredentialLists[0].createTime');
  const replaced = await est.sipTrunks.updateCredentialLists({
    trunkId: trunk.id,
    updateCredentialListIdsForTrunkRequestBody: { credentialListIds: [two.id] },
  });
  deepEq(replaced, { credentialListIds: [two.id] }, 'updateCredentialLists response');
  lists = await est.sipTrunks.listCredentialLists({ trunkId: trunk.id, sort: ['name,(descending)'] });
  deepEq(lists.data.map((l) => l.id), [two.id], 'listCredentialLists after bulk replace');
  // Without a body the SDK sends a bare [] (the OpenAPI document's form): detach all.
  await est.sipTrunks.addCredentialLists({ trunkId: trunk.id, addCredentialListIdsToTrunkRequestBody: { credentialListIds: [one.id] } });
  deepEq(await est.sipTrunks.updateCredentialLists({ trunkId: trunk.id }), { credentialListIds: [] }, 'updateCredentialLists without a body');
  deepEq((await est.sipTrunks.listCredentialLists({ trunkId: trunk.id })).data, [], 'listCredentialLists after bulk replace with []');
  await est.sipTrunks.addCredentialLists({ trunkId: trunk.id, addCredentialListIdsToTrunkRequestBody: { credentialListIds: [two.id] } });
  deepEq(await est.sipTrunks.deleteCredentialList({ trunkId: trunk.id, credentialListId: two.id }), {}, 'deleteCredentialList result');
  deepEq((await est.sipTrunks.listCredentialLists({ trunkId: trunk.id })).data, [], 'listCredentialLists after delete');

  // A trunk with an assigned number cannot be deleted (plain fetch: SDK 1.4.0 has no
  // phone-number resource); the SDK surfaces the 400.
  const number = `+1555${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
  const assigned = await plainFetch('POST', '/phoneNumbers', { sipTrunkId: trunk.id, phoneNumber: number });
  ok(assigned.status === 200 || assigned.status === 201, `assign ${number}: status ${assigned.status} ${show(assigned.body)}`);
  await rejects(est.sipTrunks.delete({ sipTrunkId: trunk.id }), 400, 'delete trunk with a phone number');
  const unassigned = await plainFetch('POST', '/phoneNumbers', { sipTrunkId: '', phoneNumber: number });
  ok(unassigned.status < 300, `unassign ${number}: status ${unassigned.status}`);

  deepEq(await est.sipTrunks.delete({ sipTrunkId: trunk.id }), {}, 'delete result');
  const missing = await rejects(est.sipTrunks.get({ sipTrunkId: trunk.id }), 404, 'get deleted trunk');
  eq(missing.status, 'NOT_FOUND', 'get deleted trunk: error status');
  await rejects(est.sipTrunks.update({ sipTrunkId: trunk.id, updateSipTrunkRequestBody: changed }), 404, 'update deleted trunk');
  await rejects(est.sipTrunks.delete({ sipTrunkId: trunk.id }), 404, 'delete deleted trunk');
  await rejects(est.sipTrunks.create({ createSipTrunkRequestBody: { name: 'x', hostName: 'not a host!' } }), 400, 'create with a bad hostName');

  for (const id of extra) await est.sipTrunks.delete({ sipTrunkId: id });
  await est.accessControlList.delete({ id: acl.id });
  await est.credentialLists.delete({ id: one.id });
  await est.credentialLists.delete({ id: two.id });
});

section('sipEndpoints', async () => {
  const trunk = await newTrunk('endpoints');
  const credentials = await newCredentialList('endpoints', [`reg${run}`]);

  const staticBody = { name: 'Capsule Corp Endpoint', address: '127.0.0.1', priority: 2 };
  const endpoint = await est.sipEndpoints.create({ sipTrunkId: trunk.id, createSipEndpointRequestBody: staticBody });
  isId(endpoint.id, 'static.id');
  eq(endpoint.sipTrunkId, trunk.id, 'static.sipTrunkId');
  eq(endpoint.name, staticBody.name, 'static.name');
  eq(endpoint.address, '127.0.0.1', 'static.address');
  eq(endpoint.port, 5060, 'static.port default');
  eq(endpoint.transport, 'UDP', 'static.transport default');
  eq(endpoint.priority, 2, 'static.priority');
  eq(endpoint.enabled, true, 'static.enabled default');
  isDate(endpoint.createTime, 'static.createTime');
  eq(endpoint.updateTime, null, 'static.updateTime');

  const registeredBody = { name: 'Registered PBX', isRegistered: true, credentialUsername: `reg${run}`, priority: 1 };
  const registered = await est.sipEndpoints.create({ sipTrunkId: trunk.id, createSipEndpointRequestBody: registeredBody });
  isId(registered.id, 'registered.id');
  eq(registered.isRegistered, true, 'registered.isRegistered');
  eq(registered.credentialUsername, `reg${run}`, 'registered.credentialUsername');
  eq(registered.transport, 'UDP', 'registered.transport default');
  eq(registered.enabled, true, 'registered.enabled default');
  eq(registered.priority, 1, 'registered.priority');
  eq(registered.updateTime, null, 'registered.updateTime');
  const unknownUser = await rejects(
    est.sipEndpoints.create({ sipTrunkId: trunk.id, createSipEndpointRequestBody: { ...registeredBody, credentialUsername: `nobody${run}` } }),
    404, 'registered endpoint with an unknown credentialUsername');
  ok(show(unknownUser).includes('CREDENTIAL_NOT_FOUND'), `unknown credentialUsername reason: ${show(unknownUser)}`);

  const fetched = await est.sipEndpoints.get({ sipTrunkId: trunk.id, sipEndpointId: endpoint.id });
  eq(fetched.id, endpoint.id, 'get.id');
  eq(fetched.createTime, endpoint.createTime, 'get.createTime');

  const listed = await est.sipEndpoints.list({ sipTrunkId: trunk.id });
  sameIds(listed.data.map((e) => e.id), [endpoint.id, registered.id], 'list ids');
  eq(listed.hasNextPage, false, 'list.hasNextPage');
  const paged = await est.sipEndpoints.list({ sipTrunkId: trunk.id, size: 1 });
  eq(paged.data.length, 1, 'list({size: 1}) page size');
  eq(paged.hasNextPage, true, 'list({size: 1}).hasNextPage');
  await seenOnce(est.sipEndpoints.list({ sipTrunkId: trunk.id, size: 1 }), [endpoint.id, registered.id], (e) => e.id, 'for await sipEndpoints.list({size: 1})');

  const change = { name: 'Moved endpoint', address: 'pbx.example.com', port: 5080, transport: 'TCP', priority: 3, enabled: false };
  const updated = await est.sipEndpoints.update({ sipTrunkId: trunk.id, sipEndpointId: endpoint.id, updateSipEndpointRequestBody: change });
  eq(updated.name, change.name, 'update.name');
  eq(updated.address, 'pbx.example.com', 'update.address');
  eq(updated.port, 5080, 'update.port');
  eq(updated.transport, 'TCP', 'update.transport');
  eq(updated.priority, 3, 'update.priority');
  eq(updated.enabled, false, 'update.enabled');
  isDate(updated.updateTime, 'update.updateTime');
  eq(updated.createTime, endpoint.createTime, 'update keeps createTime');

  const reRegistered = await est.sipEndpoints.update({
    sipTrunkId: trunk.id,
    sipEndpointId: registered.id,
    updateSipEndpointRequestBody: { ...registeredBody, priority: 4, transport: 'TLS' },
  });
  eq(reRegistered.isRegistered, true, 'update registered.isRegistered');
  eq(reRegistered.credentialUsername, `reg${run}`, 'update registered.credentialUsername');
  eq(reRegistered.priority, 4, 'update registered.priority');
  eq(reRegistered.transport, 'TLS', 'update registered.transport');
  isDate(reRegistered.updateTime, 'update registered.updateTime');
  // The SDK type still carries the deprecated spelling credentialUserName.
  const legacy = await est.sipEndpoints.create({
    sipTrunkId: trunk.id,
    createSipEndpointRequestBody: { name: 'Legacy spelling', isRegistered: true, credentialUserName: `reg${run}`, priority: 5 },
  });
  eq(legacy.credentialUsername, `reg${run}`, 'create with credentialUserName.credentialUsername');
  await est.sipEndpoints.delete({ sipTrunkId: trunk.id, sipEndpointId: legacy.id });

  // The credential list is referenced by the registered endpoint: not deletable yet.
  await rejects(est.credentialLists.delete({ id: credentials.id }), 400, 'delete a credential list an endpoint uses');

  deepEq(await est.sipEndpoints.delete({ sipTrunkId: trunk.id, sipEndpointId: endpoint.id }), {}, 'delete result');
  await rejects(est.sipEndpoints.get({ sipTrunkId: trunk.id, sipEndpointId: endpoint.id }), 404, 'get deleted endpoint');
  await rejects(est.sipEndpoints.list({ sipTrunkId: `01${'0'.repeat(24)}` }), 404, 'list endpoints of an unknown trunk');
  await est.sipEndpoints.delete({ sipTrunkId: trunk.id, sipEndpointId: registered.id });
  await est.credentialLists.delete({ id: credentials.id });
  await est.sipTrunks.delete({ sipTrunkId: trunk.id });
});

section('accessControlList', async () => {
  const acl = await est.accessControlList.create({
    createAccessControlListBody: {
      name: 'My Access Control List',
      ipRanges: [{ description: 'Location 1', ipAddress: '15.15.15.15' }],
    },
  });
  isId(acl.id, 'create.id');
  eq(acl.name, 'My Access Control List', 'create.name');
  eq(acl.enabled, true, 'create.enabled default');
  eq(acl.projectId, projectId, 'create.projectId');
  isDate(acl.createTime, 'create.createTime');
  eq(acl.updateTime, null, 'create.updateTime');
  eq(acl.ipRanges.length, 1, 'create.ipRanges length');
  const range = acl.ipRanges[0];
  isId(range.id, 'create.ipRanges[0].id');
  eq(range.ipAddress, '15.15.15.15', 'create.ipRanges[0].ipAddress');
  eq(range.range, 32, 'create.ipRanges[0].range default');
  eq(range.description, 'Location 1', 'create.ipRanges[0].description');
  eq(range.accessControlListId, acl.id, 'create.ipRanges[0].accessControlListId');
  eq(range.projectId, projectId, 'create.ipRanges[0].projectId');
  isDate(range.createTime, 'create.ipRanges[0].createTime');
  eq(range.updateTime, null, 'create.ipRanges[0].updateTime');

  const fetched = await est.accessControlList.get({ id: acl.id });
  eq(fetched.id, acl.id, 'get.id');
  deepEq(fetched.ipRanges.map((r) => r.id), [range.id], 'get.ipRanges ids');

  // Auto-pagination over 7 more ACLs with pages of 2.
  const extra = [];
  for (let i = 0; i < 7; i += 1) extra.push((await newAcl(`page ${i}`, `10.0.${i}.0`)).id);
  const created = [acl.id, ...extra];
  await seenOnce(est.accessControlList.list({ size: 2 }), created, (a) => a.id, 'for await accessControlList.list({size: 2})');
  const pages = await pagesOf(est.accessControlList.list({ size: 2 }));
  ok(pages.length >= 4, `accessControlList.list({size: 2}) gave ${pages.length} pages, expected at least 4`);
  ok(pages.slice(0, -1).every((p) => p.length === 2), 'every page but the last is full');

  const updated = await est.accessControlList.update({
    id: acl.id,
    updateAccessControlListRequestBody: { name: 'Renamed ACL', enabled: false },
  });
  eq(updated.name, 'Renamed ACL', 'update.name');
  eq(updated.enabled, false, 'update.enabled');
  isDate(updated.updateTime, 'update.updateTime');
  deepEq(updated.ipRanges.map((r) => r.id), [range.id], 'update without ipRanges keeps the ranges');

  // ipRanges given to update replace every range of the list.
  const replacedRanges = await est.accessControlList.update({
    id: acl.id,
    updateAccessControlListRequestBody: { name: 'Renamed ACL', enabled: true, ipRanges: [{ ipAddress: '16.16.16.0', range: 28 }] },
  });
  eq(replacedRanges.enabled, true, 'update with ipRanges.enabled');
  deepEq(replacedRanges.ipRanges.map((r) => [r.ipAddress, r.range]), [['16.16.16.0', 28]], 'update with ipRanges replaces the ranges');
  const range2 = replacedRanges.ipRanges[0];
  isId(range2.id, 'update with ipRanges: new range id');

  const added = await est.accessControlList.addIpRange({
    accessControlListId: acl.id,
    addIpRangeRequestBody: { description: 'Office', ipAddress: '192.168.10.0', range: 24 },
  });
  isId(added.id, 'addIpRange.id');
  eq(added.ipAddress, '192.168.10.0', 'addIpRange.ipAddress');
  eq(added.range, 24, 'addIpRange.range');
  eq(added.accessControlListId, acl.id, 'addIpRange.accessControlListId');
  eq(added.updateTime, null, 'addIpRange.updateTime');
  await rejects(
    est.accessControlList.addIpRange({ accessControlListId: acl.id, addIpRangeRequestBody: { ipAddress: 'not-an-ip' } }),
    400, 'addIpRange with a bad address');

  const ranges = await est.accessControlList.listIpRanges({ accessControlListId: acl.id });
  sameIds(ranges.data.map((r) => r.id), [range2.id, added.id], 'listIpRanges ids');
  await seenOnce(est.accessControlList.listIpRanges({ accessControlListId: acl.id, size: 1 }), [range2.id, added.id], (r) => r.id, 'for await listIpRanges({size: 1})');

  const changedRange = await est.accessControlList.updateIpRange({
    accessControlListId: acl.id,
    ipRangeId: added.id,
    updateIpRangeRequestBody: { description: 'Office 2', ipAddress: '192.168.20.0', range: 25 },
  });
  eq(changedRange.id, added.id, 'updateIpRange.id');
  eq(changedRange.ipAddress, '192.168.20.0', 'updateIpRange.ipAddress');
  eq(changedRange.range, 25, 'updateIpRange.range');
  eq(changedRange.description, 'Office 2', 'updateIpRange.description');
  isDate(changedRange.updateTime, 'updateIpRange.updateTime');
  deepEq(await est.accessControlList.deleteIpRange({ accessControlListId: acl.id, ipRangeId: added.id }), {}, 'deleteIpRange result');
  deepEq((await est.accessControlList.listIpRanges({ accessControlListId: acl.id })).data.map((r) => r.id), [range2.id], 'listIpRanges after delete');
  await rejects(est.accessControlList.deleteIpRange({ accessControlListId: acl.id, ipRangeId: added.id }), 404, 'delete a deleted ip range');

  // Trunk links through the ACL API's aliases, and the trunks of an ACL.
  const trunk = await newTrunk('acl');
  const linked = await est.accessControlList.addToTrunk({
    trunkId: trunk.id,
    addAccessControlListToTrunkRequestBody: { accessControlListIds: [acl.id, extra[0]] },
  });
  sameIds(linked.accessControlListIds, [acl.id, extra[0]], 'addToTrunk response');
  const forTrunk = await est.accessControlList.listForTrunk({ trunkId: trunk.id });
  sameIds(forTrunk.data, [acl.id, extra[0]], 'listForTrunk data');
  await seenOnce(est.accessControlList.listForTrunk({ trunkId: trunk.id, size: 1 }), [acl.id, extra[0]], (id) => id, 'for await listForTrunk({size: 1})');
  // SDK 1.4.0 has no accessControlList.listTrunks (1.5.0 adds it): plain fetch.
  const trunks = await plainFetch('GET', `/accessControlLists/${acl.id}/trunks`);
  eq(trunks.status, 200, 'GET /accessControlLists/{id}/trunks status');
  deepEq(trunks.body.trunks.map((t) => t.id), [trunk.id], 'GET /accessControlLists/{id}/trunks ids');
  deepEq(await est.accessControlList.deleteFromTrunk({ trunkId: trunk.id, accessControlListId: acl.id }), {}, 'deleteFromTrunk result');
  deepEq((await est.accessControlList.listForTrunk({ trunkId: trunk.id })).data, [extra[0]], 'listForTrunk after deleteFromTrunk');
  deepEq((await plainFetch('GET', `/accessControlLists/${acl.id}/trunks`)).body.trunks, [], 'ACL trunks after deleteFromTrunk');

  deepEq(await est.accessControlList.delete({ id: acl.id }), {}, 'delete result');
  await rejects(est.accessControlList.get({ id: acl.id }), 404, 'get deleted ACL');
  await rejects(est.accessControlList.listIpRanges({ accessControlListId: acl.id }), 404, 'listIpRanges of a deleted ACL');
  await est.sipTrunks.delete({ sipTrunkId: trunk.id });
  for (const id of extra) await est.accessControlList.delete({ id });
});

section('credentialLists', async () => {
  const created = await est.credentialLists.create({
    createCredentialListRequestBody: {
      name: 'Multi credentials list',
      credentials: [
        { username: `User01${run}`, password: 'SecurePassword!234' },
        { username: `User02${run}`, password: 'SecurePassword!234' },
      ],
    },
  });
  isId(created.id, 'create.id');
  eq(created.name, 'Multi credentials list', 'create.name');
  eq(created.projectId, projectId, 'create.projectId');
  isDate(created.createTime, 'create.createTime');
  eq(created.updateTime, null, 'create.updateTime');
  deepEq(created.credentials.map((c) => c.username), [`User01${run}`, `User02${run}`], 'create.credentials usernames');
  created.credentials.forEach((c, i) => {
    isId(c.id, `create.credentials[${i}].id`);
    ok(!('password' in c), `create.credentials[${i}] carries no password`);
  });
  await rejects(
    est.credentialLists.create({ createCredentialListRequestBody: { name: 'weak', credentials: [{ username: `weak${run}`, password: 'short' }] } }),
    400, 'create with a password that fails the policy');

  const fetched = await est.credentialLists.get({ id: created.id });
  eq(fetched.id, created.id, 'get.id');
  deepEq(fetched.credentials, created.credentials, 'get.credentials');

  const extra = [];
  for (let i = 0; i < 4; i += 1) extra.push((await newCredentialList(`page ${i}`, [`page${i}${run}`])).id);
  await seenOnce(est.credentialLists.list({ size: 2 }), [created.id, ...extra], (l) => l.id, 'for await credentialLists.list({size: 2})');

  const updated = await est.credentialLists.update({ id: created.id, updateCredentialListRequestBody: { name: 'Renamed list' } });
  eq(updated.name, 'Renamed list', 'update.name');
  isDate(updated.updateTime, 'update.updateTime');
  eq(updated.credentials.length, 2, 'update without credentials keeps them');

  const credential = await est.credentialLists.updateCredential({
    id: created.id,
    username: `User01${run}`,
    updateCredentialPasswordRequestBody: { password: 'AnotherPassw0rd' },
  });
  eq(credential.username, `User01${run}`, 'updateCredential.username');
  eq(credential.id, created.credentials[0].id, 'updateCredential.id');
  ok(!('password' in credential), 'updateCredential carries no password');
  await rejects(
    est.credentialLists.updateCredential({ id: created.id, username: `User01${run}`, updateCredentialPasswordRequestBody: { password: 'weak' } }),
    400, 'updateCredential with a weak password');
  deepEq(await est.credentialLists.deleteCredential({ id: created.id, username: `User02${run}` }), {}, 'deleteCredential result');
  deepEq((await est.credentialLists.get({ id: created.id })).credentials.map((c) => c.username), [`User01${run}`], 'credentials after deleteCredential');
  await rejects(est.credentialLists.deleteCredential({ id: created.id, username: `User02${run}` }), 404, 'delete a deleted credential');

  const trunk = await newTrunk('credentials');
  await est.sipTrunks.addCredentialLists({ trunkId: trunk.id, addCredentialListIdsToTrunkRequestBody: { credentialListIds: [created.id] } });
  const trunks = await est.credentialLists.listTrunks({ id: created.id });
  deepEq(trunks.data.map((t) => t.id), [trunk.id], 'listTrunks ids');
  checkTrunk(trunks.data[0], { name: trunk.name, hostName: trunk.hostName }, 'listTrunks[0]');
  await rejects(est.credentialLists.delete({ id: created.id }), 400, 'delete a credential list attached to a trunk');
  await est.sipTrunks.deleteCredentialList({ trunkId: trunk.id, credentialListId: created.id });
  deepEq((await est.credentialLists.listTrunks({ id: created.id })).data, [], 'listTrunks after unlinking');

  deepEq(await est.credentialLists.delete({ id: created.id }), {}, 'delete result');
  await rejects(est.credentialLists.get({ id: created.id }), 404, 'get deleted credential list');
  await est.sipTrunks.delete({ sipTrunkId: trunk.id });
  for (const id of extra) await est.credentialLists.delete({ id });
});

section('countryPermissions', async () => {
  const listed = await est.countryPermissions.list();
  ok(Array.isArray(listed.countryPermissions), `list().countryPermissions is an array, got ${show(listed)}`);
  ok(listed.countryPermissions.length > 50, `list() has ${listed.countryPermissions.length} countries, expected more than 50`);
  const us = listed.countryPermissions.find((c) => c.isoCode === 'US');
  ok(us !== undefined, 'list() has US');
  eq(us.enabled, true, 'US enabled by default');
  deepEq(us.countryDialingCodes, ['+1'], 'US countryDialingCodes');

  const se = await est.countryPermissions.get({ isoCode: 'SE' });
  eq(se.isoCode, 'SE', 'get(SE).isoCode');
  eq(se.name, 'Sweden', 'get(SE).name');
  eq(se.continent, 'Europe', 'get(SE).continent');
  deepEq(se.countryDialingCodes, ['+46'], 'get(SE).countryDialingCodes');
  eq(se.enabled, false, 'get(SE).enabled default');

  const enabled = await est.countryPermissions.update({ isoCode: 'SE', updateCountryPermissionRequestBody: { enabled: true } });
  eq(enabled.isoCode, 'SE', 'update(SE).isoCode');
  eq(enabled.enabled, true, 'update(SE).enabled');
  eq((await est.countryPermissions.get({ isoCode: 'SE' })).enabled, true, 'get(SE) after update');
  await est.countryPermissions.update({ isoCode: 'SE', updateCountryPermissionRequestBody: { enabled: false } });
  eq((await est.countryPermissions.get({ isoCode: 'SE' })).enabled, false, 'get(SE) after restoring');
  await rejects(est.countryPermissions.get({ isoCode: 'XX' }), 404, 'get an unknown country');
});

section('callBlockingRules', async () => {
  const rule = await est.callBlockingRules.create({
    createCallBlockingRuleRequestBody: { name: `Block calls from US ${run}`, direction: 'INBOUND', callerCountry: 'US', callerMatch: '123' },
  });
  isId(rule.id, 'create.id');
  eq(rule.name, `Block calls from US ${run}`, 'create.name');
  eq(rule.direction, 'inbound', 'create.direction (lowercase)');
  eq(rule.callerCountry, 'US', 'create.callerCountry');
  eq(rule.callerMatch, '123', 'create.callerMatch');
  eq(rule.calleeCountry ?? null, null, 'create.calleeCountry');
  eq(rule.calleeMatch ?? null, null, 'create.calleeMatch');
  eq(rule.projectId, projectId, 'create.projectId');
  isDate(rule.createTime, 'create.createTime');
  eq(rule.updateTime, null, 'create.updateTime');

  const second = await est.callBlockingRules.create({
    createCallBlockingRuleRequestBody: { name: `Block premium ${run}`, direction: 'outbound', calleeCountry: 'se', calleeMatch: '+46900' },
  });
  eq(second.direction, 'outbound', 'create lowercase input.direction');
  eq(second.calleeCountry, 'SE', 'create.calleeCountry normalised');
  await rejects(
    est.callBlockingRules.create({ createCallBlockingRuleRequestBody: { direction: 'SIDEWAYS' } }),
    400, 'create with a bad direction');

  const listed = await est.callBlockingRules.list({ sort: ['name,(descending)'] });
  const ours = listed.data.filter((r) => [rule.id, second.id].includes(r.id)).map((r) => r.id);
  deepEq(ours, [second.id, rule.id], 'list({sort: name descending}) order');
  await seenOnce(est.callBlockingRules.list({ size: 1 }), [rule.id, second.id], (r) => r.id, 'for await callBlockingRules.list({size: 1})');

  const updated = await est.callBlockingRules.update({
    id: rule.id,
    updateCallBlockingRuleRequestBody: { name: 'Outbound now', direction: 'OUTBOUND', calleeCountry: 'GB', calleeMatch: '44' },
  });
  eq(updated.id, rule.id, 'update.id');
  eq(updated.direction, 'outbound', 'update.direction (lowercase)');
  eq(updated.calleeCountry, 'GB', 'update.calleeCountry');
  eq(updated.callerCountry ?? null, null, 'update replaces callerCountry');
  isDate(updated.updateTime, 'update.updateTime');

  deepEq(await est.callBlockingRules.delete({ id: rule.id }), {}, 'delete result');
  const after = [];
  for await (const r of est.callBlockingRules.list({ size: 50 })) after.push(r.id);
  ok(!after.includes(rule.id) && after.includes(second.id), 'list after delete has only the remaining rule');
  await rejects(est.callBlockingRules.delete({ id: rule.id }), 404, 'delete a deleted rule');
  await rejects(est.callBlockingRules.update({ id: rule.id, updateCallBlockingRuleRequestBody: { direction: 'INBOUND' } }), 404, 'update a deleted rule');
  await est.callBlockingRules.delete({ id: second.id });
});

section('calls', async () => {
  if (!callsFile) return 'skipped: no OPENTRUNK_INTEROP_CALLS';
  const seeded = JSON.parse(readFileSync(callsFile, 'utf8'));
  const trunkId = seeded.trunkId;
  const records = seeded.calls;
  const byId = new Map(records.map((c) => [c.callId, c]));
  const idsWhere = (predicate) => records.filter(predicate).map((c) => c.callId);
  const recent = (c) => Date.now() - Date.parse(c.createTime) < 24 * 3600 * 1000;

  async function all(request) {
    const ids = [];
    for await (const call of est.calls.find(request)) ids.push(call.callId);
    return ids;
  }

  // No date filter: the last 24 hours.
  const everything = await all({ trunkId });
  sameIds(everything, idsWhere(recent), 'find({trunkId}) (default window)');

  const first = (await est.calls.find({ trunkId, size: 100 })).data;
  const newest = first[0];
  const want = byId.get(newest.callId);
  ok(want !== undefined, `find returned an unknown call ${newest.callId}`);
  eq(newest.callId, records.filter(recent).sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime))[0].callId, 'find: newest first');
  eq(newest.direction, want.direction.toLowerCase(), 'call.direction (lowercase)');
  eq(newest.callResult, want.callResult, 'call.callResult');
  eq(newest.from, want.from, 'call.from');
  eq(newest.to, want.to, 'call.to');
  eq(newest.trunkId, trunkId, 'call.trunkId');
  eq(newest.projectId, projectId, 'call.projectId');
  isDate(newest.createTime, 'call.createTime');
  eq(newest.createTime.getTime(), Date.parse(want.createTime), 'call.createTime value');
  isDate(newest.answerTime, 'call.answerTime');
  isDate(newest.endTime, 'call.endTime');
  eq(newest.durationSeconds, want.durationSeconds, 'call.durationSeconds');
  eq(newest.billingDurationSeconds, want.billingDurationSeconds, 'call.billingDurationSeconds');
  deepEq(newest.pricePerMinute, { currencyCode: 'USD', amount: want.pricePerMinute }, 'call.pricePerMinute');
  eq(typeof newest.price.amount, 'number', 'call.price.amount is a number');
  eq(newest.price.amount, want.price, 'call.price.amount');

  // Without arguments: every call of the project in the last 24 hours.
  const anywhere = [];
  for await (const call of est.calls.find()) anywhere.push(call.callId);
  ok(idsWhere(recent).every((id) => anywhere.includes(id)), 'find() has every recent call');
  ok(anywhere.includes(seeded.otherTrunkCallId), 'find() has the call of the other trunk');
  deepEq(await all({ trunkId: seeded.otherTrunkId }), [seeded.otherTrunkCallId], 'find({trunkId: other trunk})');

  // Filters: callResult, direction (both cases), from/to prefixes with a '+' the SDK
  // does not encode, a date range given as Dates and as strings, a whole day.
  sameIds(await all({ trunkId, callResult: 'COMPLETED' }), idsWhere((c) => recent(c) && c.callResult === 'COMPLETED'), 'find({callResult: COMPLETED})');
  sameIds(await all({ trunkId, direction: 'INBOUND' }), idsWhere((c) => recent(c) && c.direction === 'INBOUND'), 'find({direction: INBOUND})');
  sameIds(await all({ trunkId, direction: 'outbound', callResult: 'COMPLETED' }),
    idsWhere((c) => recent(c) && c.direction === 'OUTBOUND' && c.callResult === 'COMPLETED'), 'find({direction: outbound, callResult})');
  sameIds(await all({ trunkId, from: '+1781' }), idsWhere((c) => recent(c) && c.from.startsWith('+1781')), 'find({from: +1781})');
  sameIds(await all({ trunkId, to: '+4420' }), idsWhere((c) => recent(c) && c.to.startsWith('+4420')), 'find({to: +4420})');

  const from = new Date(Date.now() - 72 * 3600 * 1000);
  const to = new Date(Date.now() + 3600 * 1000);
  const inRange = (c) => Date.parse(c.createTime) >= from.getTime() - 1000 && Date.parse(c.createTime) <= to.getTime();
  sameIds(await all({ trunkId, createTimeRange: { from, to } }), idsWhere(inRange), 'find({createTimeRange: Dates})');
  const older = records.find((c) => !recent(c));
  ok(older !== undefined, 'the seed has a call older than a day');
  const olderTime = new Date(older.createTime);
  sameIds(await all({ trunkId, createTimeRange: { from: new Date(olderTime.getTime() - 1000).toISOString().slice(0, 19), to: new Date(olderTime.getTime() + 1000).toISOString().slice(0, 19) } }),
    [older.callId], 'find({createTimeRange: zone-less strings})');
  // The SDK's own examples: `from: '2024-02-01'` + `to: '2024-02-29'` is all of February,
  // so a partial upper bound includes the whole period it names.
  const olderDay = older.createTime.slice(0, 10);
  const sameDay = idsWhere((c) => c.createTime.slice(0, 10) === olderDay);
  sameIds(await all({ trunkId, createTimeRange: { from: olderDay, to: olderDay } }), sameDay, 'find({createTimeRange: {from: day, to: same day}})');
  sameIds(await all({ trunkId, createTimeRange: { from: { date: olderTime, unit: 'day' }, to: { date: olderTime, unit: 'day' } } }),
    sameDay, 'find({createTimeRange: {from, to} as {date, unit: day}})');
  // A Date bound is sent truncated to the second: the call made in that second is in.
  const newestRecent = records.filter(recent).sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime))[0];
  const cut = new Date(Date.parse(newestRecent.createTime) + 500);
  ok((await all({ trunkId, createTimeRange: { to: cut } })).includes(newestRecent.callId), 'find({createTimeRange: {to: Date}}) includes the call of that second');
  sameIds(await all({ trunkId, createTime: older.createTime }),
    idsWhere((c) => c.createTime.slice(0, 10) === older.createTime.slice(0, 10)), 'find({createTime: a day})');
  sameIds(await all({ trunkId, createTimeRange: { from: { date: olderTime, unit: 'hour' } }, callResult: older.callResult }),
    idsWhere((c) => Date.parse(c.createTime) >= Math.floor(olderTime.getTime() / 3600000) * 3600000 && c.callResult === older.callResult),
    'find({createTimeRange: {from: {date, unit: hour}}})');

  // Pagination across several pages of calls.
  const pages = await pagesOf(est.calls.find({ trunkId, size: 2 }));
  ok(pages.length >= 3, `calls.find({size: 2}) gave ${pages.length} pages, expected at least 3`);
  sameIds(pages.flat().map((c) => c.callId), idsWhere(recent), 'calls over nextPage()');
  await rejects(est.calls.find({ trunkId, callResult: 'EXPLODED' }), 400, 'find with an unknown callResult');

  // Export: CSV text and the file name from Content-Disposition.
  const exported = await est.calls.export({ trunkId, createTimeRange: { from, to } });
  eq(exported.fileName, 'EST_call_records.csv', 'export.fileName');
  const lines = exported.data.trim().split('\n');
  ok(lines[0].startsWith('"Timestamp","Call Id"'), `export header: ${lines[0]}`);
  eq(lines.length, 1 + idsWhere(inRange).length, 'export rows');
  for (const id of idsWhere(inRange)) ok(exported.data.includes(`"${id}"`), `export has ${id}`);
  const named = await est.calls.export({ trunkId, direction: 'INBOUND', fileName: `calls-${run}`, emergencyOnly: 'false', hasChildren: 'false' });
  eq(named.fileName, `calls-${run}.csv`, 'export({fileName}).fileName');
  eq(named.data.trim().split('\n').length, 1 + idsWhere((c) => recent(c) && c.direction === 'INBOUND').length, 'export({direction: INBOUND}) rows');
  ok(named.data.includes('"INBOUND"') && !named.data.includes('"OUTBOUND"'), 'export({direction: INBOUND}) has only inbound calls');
  return undefined;
});

section('auth', async () => {
  // A wrong secret: the token request fails and the SDK surfaces the 401.
  const stranger = new SinchClient({
    projectId, keyId, keySecret: `${keySecret}-wrong`,
    elasticSipTrunkingHostname: base, authHostname: base, logger: null,
  });
  await rejects(stranger.elasticSipTrunking.sipTrunks.get({ sipTrunkId: `01${'0'.repeat(24)}` }), 401, 'a call with a wrong key secret', 'oauth');
  // Another project's path with this key: refused.
  const elsewhere = new SinchClient({
    projectId: `interop-${run}-not-mine`, keyId, keySecret,
    elasticSipTrunkingHostname: base, authHostname: base, logger: null,
  });
  const refused = elsewhere.elasticSipTrunking.countryPermissions.list();
  checks += 1;
  try {
    await refused;
    fail('a call on a project the key does not own succeeded');
  } catch (error) {
    if (error instanceof CheckFailed) throw error;
    ok(error instanceof RequestFailedError && [403, 404].includes(error.statusCode),
      `a call on a project the key does not own: expected 403 or 404, got ${error.statusCode ?? error.message}`);
  }
});

section('projects', async () => {
  const other = `interop-${run}-sub`;
  const added = await est.projects.add({ addProjectsRequestBody: { projectIds: [other, projectId] } });
  deepEq(added.addedProjects, [other], 'add: only the unknown project is added');
  const again = await est.projects.add({ addProjectsRequestBody: { projectIds: [other] } });
  deepEq(again.addedProjects ?? [], [], 'add again: already known, nothing added');
  await rejects(est.projects.add({ addProjectsRequestBody: { projectIds: [] } }), 400, 'add no projects');

  // The key may now act on the added project, and export its calls with its own.
  const sub = new SinchClient({
    projectId: other, keyId, keySecret,
    elasticSipTrunkingHostname: base, authHostname: base, logger: null,
  });
  const subTrunk = await sub.elasticSipTrunking.sipTrunks.create({
    createSipTrunkRequestBody: { name: 'sub-project trunk', hostName: `it-${run}-sub` },
  });
  eq(subTrunk.projectId, other, 'a trunk created in the added project: projectId');
  await sub.elasticSipTrunking.sipTrunks.delete({ sipTrunkId: subTrunk.id });
  const both = await est.calls.export({ projectIds: other });
  ok(both.data.startsWith('"Timestamp"'), 'export({projectIds: added project}) is CSV');
  // SDK 1.4.0 drops the status of a failed export (EmptyResponseError "No response
  // received"); the status itself is checked with plain fetch.
  const stranger = `interop-${run}-never-added`;
  checks += 1;
  try {
    await est.calls.export({ projectIds: stranger });
    fail('export({projectIds: a project never added}) succeeded');
  } catch (error) {
    if (error instanceof CheckFailed) throw error;
    ok(error instanceof EmptyResponseError, `export of a project never added: expected the SDK's EmptyResponseError, got ${error?.constructor?.name}`);
  }
  eq((await plainFetch('GET', `/calls/export?projectIds=${stranger}`)).status, 403, 'GET /calls/export?projectIds=<never added> status');
});

// --- run -----------------------------------------------------------------------------

const results = [];
const failures = [];
for (const { name, body } of sections) {
  const started = Date.now();
  const before = checks;
  try {
    const note = await body();
    results.push({ name, ok: true, checks: checks - before, ms: Date.now() - started, ...(note ? { note } : {}) });
  } catch (error) {
    const message = error instanceof CheckFailed
      ? error.message
      : `${error?.constructor?.name}: ${error?.message}${error?.data ? ` ${error.data}` : ''}`;
    results.push({ name, ok: false, checks: checks - before, ms: Date.now() - started, error: message });
    failures.push(`[${name}] ${message}`);
    console.error(`FAILED [${name}] ${message}`);
    if (!(error instanceof CheckFailed) && error?.stack) console.error(error.stack);
  }
}

const skipped = results.filter((r) => r.note).map((r) => r.name);
const notCalled = allMethods.filter((m) => !called.has(m) && !skipped.some((s) => m.startsWith(`${s}.`)));
if (notCalled.length) {
  failures.push(`methods never called: ${notCalled.join(', ')}`);
  console.error(`FAILED methods never called: ${notCalled.join(', ')}`);
}

const summary = {
  ok: failures.length === 0,
  sdk: {
    '@sinch/sdk-core': version('@sinch/sdk-core'),
    '@sinch/elastic-sip-trunking': version('@sinch/elastic-sip-trunking'),
    '@sinch/sdk-client': version('@sinch/sdk-client'),
  },
  node: process.version,
  checks,
  methods: { total: allMethods.length, called: [...called].sort(), notCalled },
  sections: results,
  failures,
};
console.log(JSON.stringify(summary, null, 2));
process.exitCode = failures.length === 0 ? 0 : 1;
