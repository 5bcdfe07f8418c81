/**
 * `GET /_syncemu/servicePrincipals` (decisions.md §11, the workbench's `service-principal`): every
 * service principal the store holds, registered by a fixture or created on first write, in id
 * order, with its number of jobs (counted by SQLite).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEmulator } from '@syncemu/core';
import { Api, assertGraphError, START } from './support/lifecycle-support.js';

const FIRST = '0a0a0a0a-0000-4000-8000-000000000001';
const REGISTERED = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const EMPTY = 'ffffffff-0000-4000-8000-000000000000';
const AUTO = 'a0a0a0a0-0000-4000-8000-0000000000aa';
const APP_ID = '11111111-2222-4333-8444-555555555555';

test('every service principal, in id order, with its job count: registered (with app id and name), empty, and created on first write', async () => {
  const emulator = createEmulator({
    clock: { kind: 'manual', start: START },
    fixture: {
      servicePrincipals: [
        { id: REGISTERED, appId: APP_ID, displayName: 'Contoso SCIM', jobs: [{ id: 'scim.a', templateId: 'scim' }, { id: 'aws.b', templateId: 'aws' }] },
        { id: EMPTY },
        { id: FIRST.toUpperCase(), jobs: [{ id: 'scim.c', templateId: 'scim' }] },
      ],
    },
  });
  try {
    const api = new Api((input, init) => emulator.fetch(input, init), 'https://graph.microsoft.com', AUTO);
    const list = async () => {
      const reply = await api.control('GET', '/servicePrincipals');
      assert.is(reply.status, 200, reply.text);
      return reply.body;
    };
    assert.equal(await list(), {
      value: [
        { id: FIRST, appId: null, displayName: null, jobs: 1 },
        { id: REGISTERED, appId: APP_ID, displayName: 'Contoso SCIM', jobs: 2 },
        { id: EMPTY, appId: null, displayName: null, jobs: 0 },
      ],
    });
    // a list of an unknown service principal writes nothing; a create makes it
    assert.is((await api.graph('GET', '/jobs')).status, 200);
    assert.is((await list()).value.length, 3);
    await api.createJob('scim');
    const id = await api.createJob('gsuite');
    assert.equal((await list()).value.map((sp: { id: string; jobs: number }) => [sp.id, sp.jobs]), [[FIRST, 1], [REGISTERED, 2], [AUTO, 2], [EMPTY, 0]]);
    assert.is((await api.graph('DELETE', `/jobs/${encodeURIComponent(id)}`)).status, 204);
    assert.equal((await list()).value[2], { id: AUTO, appId: null, displayName: null, jobs: 1 });
    // a trailing slash is the same route; other methods are 405 with Allow: GET, and write nothing
    assert.equal(await api.control('GET', '/servicePrincipals/').then((reply) => reply.body), await list());
    const digest = emulator.store.digest();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const reply = await api.control(method, '/servicePrincipals', method === 'DELETE' ? undefined : { id: AUTO });
      assertGraphError(reply, 405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed on this resource; allowed: GET.`);
      assert.is(reply.headers.get('allow'), 'GET');
    }
    assert.is(emulator.store.digest(), digest);
    // after a reset: the startup fixture's again
    await emulator.reset();
    assert.equal((await list()).value.map((sp: { id: string }) => sp.id), [FIRST, REGISTERED, EMPTY]);
  } finally {
    await emulator.close();
  }
});

test('an emulator with no service principal lists none', async () => {
  const emulator = createEmulator();
  try {
    const reply = await Api.of(emulator).control('GET', '/servicePrincipals');
    assert.is(reply.status, 200);
    assert.is(reply.text, '{"value":[]}');
  } finally {
    await emulator.close();
  }
});

test('9,900 jobs over 100 service principals: counted in SQL, in a few milliseconds', async () => {
  const emulator = createEmulator();
  try {
    const sp = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    await emulator.seed({
      servicePrincipals: Array.from({ length: 100 }, (_, i) => ({ id: sp(i), jobs: Array.from({ length: i * 2 }, (_, j) => ({ id: `scim.${j}`, templateId: 'scim' })) })),
    });
    const api = Api.of(emulator);
    await api.control('GET', '/servicePrincipals');
    const started = performance.now();
    const reply = await api.control('GET', '/servicePrincipals');
    const elapsed = performance.now() - started;
    assert.equal(reply.body.value.map((row: { jobs: number }) => row.jobs), Array.from({ length: 100 }, (_, i) => i * 2));
    assert.ok(elapsed < 100, `${elapsed.toFixed(1)} ms`);
    assert.ok(emulator.store.servicePrincipals.summariesPlan().every((line) => !/^SCAN j\b/.test(line)));
  } finally {
    await emulator.close();
  }
});

test.run();
