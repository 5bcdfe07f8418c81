// Recipe: syncemu in a jest suite (ESM: run `NODE_OPTIONS=--experimental-vm-modules npx jest`;
// @syncemu/core is an ES module). (CI runs this file as it is: scripts/check-packages.mjs.)
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { createEmulator } from '@syncemu/core';
import { graphClient } from '@syncemu/core/testing';

const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const JOBS = `/servicePrincipals/${SP}/synchronization/jobs`;

describe('a fresh emulator per test', () => {
  let emulator;
  beforeEach(() => {
    emulator = createEmulator({ clock: 'manual' });
  });
  afterEach(() => emulator.close());

  test('planned outcomes: a run with entry-level errors, then success', async () => {
    const client = graphClient(emulator);
    const job = await client.api(JOBS).post({ templateId: 'scim' });
    await client.api(`${JOBS}/${job.id}/start`).post({});
    await emulator.jobs.plan(SP, job.id, [{ result: 'entryLevelErrors', counts: { countEscrowed: 2 } }], { result: 'succeeded' });
    await emulator.clock.advance('PT3M');
    expect((await client.api(`${JOBS}/${job.id}`).get()).status.lastExecution.state).toBe('EntryLevelErrors');
    await emulator.clock.advance('PT40M');
    expect((await client.api(`${JOBS}/${job.id}`).get()).status.lastExecution.state).toBe('Succeeded');
  });

  test('a 404 is a GraphError with Graph’s code', async () => {
    jest.setTimeout(10_000);
    const client = graphClient(emulator);
    await expect(client.api(`${JOBS}/scim.nope`).get()).rejects.toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });
});
