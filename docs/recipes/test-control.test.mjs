// Recipe: one syncemu server shared by a whole suite (as a suite in another language would use
// `npx syncemu serve`), each test starting clean with a reset of its own service principal, reading
// the journal to assert what it sent, and a fault rule that the Graph client's retry rides out.
// Run: `node --test`. (CI runs this file as it is: scripts/check-packages.mjs.)
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator } from '@syncemu/core';
import { graphClient } from '@syncemu/core/testing';

const SP = '0b0c0d0e-1111-4222-8333-444455556666';
const fixture = { servicePrincipals: [{ id: SP, jobs: [{ id: 'seeded', templateId: 'scim' }] }] };

describe('a shared server under test control', () => {
  let emulator;
  let server;
  const control = (method, path, body) =>
    fetch(`${server.url}/_syncemu${path}`, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const jobs = () => `${server.url}/v1.0/servicePrincipals/${SP}/synchronization/jobs`;

  before(async () => {
    emulator = createEmulator({ clock: 'manual', fixture });
    server = await emulator.listen({ port: 0 });
  });
  after(async () => {
    await server.close();
    await emulator.close();
  });
  beforeEach(async () => {
    assert.equal((await control('POST', '/reset', { servicePrincipalId: SP })).status, 204);
  });

  test('the code under test creates and starts one job; the journal shows exactly that', async () => {
    const created = await fetch(jobs(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"templateId":"scim"}' });
    const { id } = await created.json();
    await fetch(`${jobs()}/${id}/start`, { method: 'POST' });
    const query = new URLSearchParams({ $filter: `servicePrincipalId eq '${SP}' and method eq 'POST'`, $count: 'true' });
    const sent = await (await control('GET', `/requests?${query}`)).json();
    assert.equal(sent['@odata.count'], 2);
    assert.deepEqual(sent.value.map((entry) => [entry.status, entry.requestBody]), [[201, { templateId: 'scim' }], [204, null]]);
  });

  test('each test starts from the fixture, whatever the one before did', async () => {
    const listed = await (await fetch(`${jobs()}?$select=id`)).json();
    assert.deepEqual(listed.value, [{ id: 'seeded' }]);
  });

  test('a 429 with Retry-After: the Graph client retries and succeeds', async () => {
    const rule = await emulator.faults.add({ match: { method: 'GET', servicePrincipalId: SP }, respond: { status: 429, retryAfterSeconds: 1 }, times: 1 });
    const client = graphClient(emulator);
    const listed = await client.api(`/servicePrincipals/${SP}/synchronization/jobs`).get();
    assert.deepEqual(listed.value.map((job) => job.id), ['seeded']);
    const answered = await emulator.requests.list(`$filter=servicePrincipalId eq '${SP}' and method eq 'GET'`);
    assert.deepEqual(answered.value.map((entry) => [entry.status, entry.fault]), [[429, rule.id], [200, null]]);
  });

  test('snapshots: restore puts the state back exactly', async () => {
    const before = await (await fetch(jobs())).text();
    const taken = await (await control('POST', '/snapshots', { name: 'recipe' })).json();
    assert.equal(taken.jobs, 1);
    await fetch(`${jobs()}/seeded`, { method: 'DELETE' });
    assert.equal((await control('POST', '/snapshots/recipe/restore')).status, 204);
    assert.equal(await (await fetch(jobs())).text(), before);
    assert.equal((await control('POST', '/snapshots/nope/restore')).status, 404);
  });
});
