// Recipe: syncemu with node:test, no dependency but @syncemu/core (and the Graph client for the
// last test). Run: `node --test`. (CI runs this file as it is: scripts/check-packages.mjs.)
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator } from '@syncemu/core';
import { graphClient } from '@syncemu/core/testing';

const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const BASE = `https://graph.microsoft.com/v1.0/servicePrincipals/${SP}/synchronization`;
const json = (method, body) => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('one emulator for the file, a fresh one per test where it matters', () => {
  let shared;
  before(() => {
    shared = createEmulator({ clock: 'manual', idSeed: 1 }); // idSeed: the same job ids on every run
  });
  after(() => shared.close());

  test('create and read a job through emulator.fetch', async () => {
    const created = await shared.fetch(`${BASE}/jobs`, json('POST', { templateId: 'scim' }));
    assert.equal(created.status, 201);
    const job = await created.json();
    const read = await (await shared.fetch(`${BASE}/jobs/${job.id}?$select=id,status/code`)).json();
    assert.deepEqual(read.status, { code: 'Paused' });
  });

  describe('a clean emulator for each test', () => {
    let emulator;
    beforeEach(async (t) => {
      emulator = createEmulator({ clock: 'manual' });
      t.after?.(() => emulator.close());
    });

    test('a started job runs its initial cycle on the manual clock', async () => {
      const job = await (await emulator.fetch(`${BASE}/jobs`, json('POST', { templateId: 'scim' }))).json();
      await emulator.fetch(`${BASE}/jobs/${job.id}/start`, { method: 'POST' });
      await emulator.clock.advance('PT3M');
      const status = (await (await emulator.fetch(`${BASE}/jobs/${job.id}`)).json()).status;
      assert.equal(status.code, 'Active');
      assert.equal(status.lastExecution.state, 'Succeeded');
    });

    test('the Graph client in process, with a token the auth check accepts', async () => {
      const strict = createEmulator({ requireAuth: true });
      try {
        const client = graphClient(strict);
        const job = await client.api(`/servicePrincipals/${SP}/synchronization/jobs`).post({ templateId: 'aws' });
        assert.match(job.id, /^aws\./);
      } finally {
        await strict.close();
      }
    });
  });
});
