// Recipe: syncemu in a vitest suite. Run in a project that installed @syncemu/core, vitest, msw and
// @microsoft/microsoft-graph-client: `npx vitest run`. (CI runs this file as it is: scripts/check-packages.mjs.)
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import graph from '@microsoft/microsoft-graph-client';
import { createEmulator, type Emulator } from '@syncemu/core';
import { graphClient, graphHandlers } from '@syncemu/core/testing';

const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const JOBS = `/servicePrincipals/${SP}/synchronization/jobs`;

describe('one emulator per test: a manual clock and planned outcomes', () => {
  let emulator: Emulator;
  beforeEach(() => {
    emulator = createEmulator({ clock: 'manual' }); // in memory: about a millisecond, nothing to clean up
  });
  afterEach(() => emulator.close());

  test('a job that fails three times is in quarantine', async () => {
    const client = graphClient(emulator);
    const job = await client.api(JOBS).post({ templateId: 'scim' });
    await client.api(`${JOBS}/${job.id}/start`).post({});
    await emulator.jobs.plan(SP, job.id, [{ result: 'failed', error: { code: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable', message: 'no', tenantActionable: true }, repeat: 3 }]);
    await emulator.clock.advance('PT2H'); // the initial cycle and the retries run, in order
    const status = (await client.api(`${JOBS}/${job.id}`).get()).status;
    expect(status.code).toBe('Quarantine');
    expect(status.countSuccessiveCompleteFailures).toBeGreaterThanOrEqual(1);
  });

  test('.top(2) pages: PageIterator sees every job once', async () => {
    const client = graphClient(emulator);
    for (let i = 0; i < 5; i++) await client.api(JOBS).post({ templateId: 'aws' });
    const ids: string[] = [];
    const first = await client.api(JOBS).top(2).get();
    await new graph.PageIterator(client, first, (job: { id: string }) => {
      ids.push(job.id);
      return true;
    }).iterate();
    expect(new Set(ids).size).toBe(5);
  });
});

describe('one emulator per file, code under test unchanged: MSW answers graph.microsoft.com', () => {
  const emulator = createEmulator();
  const server = setupServer();
  beforeAll(async () => {
    server.use(...(await graphHandlers(emulator)));
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(async () => {
    server.close();
    await emulator.close();
  });

  test('plain fetch against Graph, as the code under test does it', async () => {
    const created = await fetch(`https://graph.microsoft.com/v1.0${JOBS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer anything' },
      body: JSON.stringify({ templateId: 'scim' }),
    });
    expect(created.status).toBe(201);
    const list = await (await fetch(`https://graph.microsoft.com/beta${JOBS}?$filter=templateId eq 'scim'&$count=true`)).json();
    expect(list['@odata.count']).toBe(1);
  });
});
