/**
 * What the async core must keep from the synchronous one (decision 0023): requests that run side
 * by side in one process (Promise.all over emulator.fetch, as test suites and MSW handlers do)
 * interleave at every await, and must still answer as if one ran after the other. Each test was a
 * defect found by review, with the race it reproduces.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEmulator, type Emulator } from '@syncemu/core';

const SP = '11111111-2222-4333-8444-555555555555';
const GRAPH = 'https://graph.microsoft.com';
const JOBS = `${GRAPH}/v1.0/servicePrincipals/${SP}/synchronization/jobs`;
const CONTROL = `${GRAPH}/_syncemu`;

async function call(emulator: Emulator, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await emulator.fetch(url, { method, ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

test('a schema PUT or a discover racing a DELETE of its job: 404 (was a 500 from the foreign key)', async () => {
  const emulator = await createEmulator({ clock: 'manual', onInternalError: (error) => assert.unreachable(String(error)) }).ready;
  try {
    for (let round = 0; round < 5; round++) {
      const job = (await call(emulator, 'POST', JOBS, { templateId: 'scim' })).body;
      const schema = (await call(emulator, 'GET', `${JOBS}/${job.id}/schema`)).body;
      delete schema['@odata.context'];
      const [put, deleted] = await Promise.all([call(emulator, 'PUT', `${JOBS}/${job.id}/schema`, schema), call(emulator, 'DELETE', `${JOBS}/${job.id}`)]);
      assert.is(deleted.status, 204);
      assert.ok([204, 404].includes(put.status), `PUT schema ${put.status}`);
      const other = (await call(emulator, 'POST', JOBS, { templateId: 'scim' })).body;
      const [discover, gone] = await Promise.all([call(emulator, 'POST', `${JOBS}/${other.id}/schema/directories/${schema.directories[0].id}/discover`), call(emulator, 'DELETE', `${JOBS}/${other.id}`)]);
      assert.is(gone.status, 204);
      assert.ok([200, 404].includes(discover.status), `discover ${discover.status}`);
    }
  } finally {
    await emulator.close();
  }
});

test('registered mode: a create or a secrets PUT racing a reset of its service principal does not bring it back', async () => {
  const fixture = { servicePrincipals: [{ id: SP, jobs: [] }] };
  const emulator = await createEmulator({ clock: 'manual', servicePrincipals: 'registered' }).ready;
  try {
    for (const write of [() => call(emulator, 'POST', JOBS, { templateId: 'scim' }), () => call(emulator, 'PUT', `${GRAPH}/v1.0/servicePrincipals/${SP}/synchronization/secrets`, { value: [{ key: 'BaseAddress', value: 'https://x' }] })]) {
      await emulator.seed(fixture);
      const [written, reset] = await Promise.all([write(), call(emulator, 'POST', `${CONTROL}/reset`, { servicePrincipalId: SP })]);
      assert.is(reset.status, 204);
      assert.ok([201, 204, 404].includes(written.status), `${written.status}`);
      // the reset removed the registered service principal (no startup fixture): whatever ran first, it stays gone
      assert.is((await call(emulator, 'GET', JOBS)).status, 404);
      assert.equal((await call(emulator, 'GET', `${CONTROL}/servicePrincipals`)).body.value, []);
    }
  } finally {
    await emulator.close();
  }
});

test('the manual clock moved twice at once moves by both (in process and through the control route)', async () => {
  const emulator = await createEmulator({ clock: { kind: 'manual', start: '2030-01-01T00:00:00Z' } }).ready;
  try {
    await Promise.all([emulator.clock.advance('PT2H'), emulator.clock.advance('PT1H')]);
    assert.is(emulator.clock.now().toISOString(), '2030-01-01T03:00:00.000Z');
    const replies = await Promise.all([call(emulator, 'POST', `${CONTROL}/clock/advance`, { duration: 'PT2H' }), call(emulator, 'POST', `${CONTROL}/clock/advance`, { duration: 'PT1H' })]);
    assert.equal(replies.map((reply) => reply.status), [200, 200]);
    assert.is(emulator.clock.now().toISOString(), '2030-01-01T06:00:00.000Z');
  } finally {
    await emulator.close();
  }
});

test('a restore racing a request: no cycle runs on the restored state past the restored clock', async () => {
  const emulator = await createEmulator({ clock: { kind: 'manual', start: '2030-01-01T00:00:00Z' } }).ready;
  const ticks = async (n: number) => {
    for (let i = 0; i < n; i++) await null;
  };
  try {
    const job = (await call(emulator, 'POST', JOBS, { templateId: 'scim' })).body;
    await call(emulator, 'POST', `${JOBS}/${job.id}/start`);
    await emulator.snapshot('started');
    for (let delay = 0; delay < 60; delay++) {
      await emulator.clock.advance('PT10H');
      // the GET reads the clock (10 hours on) a few microtasks before or after the restore puts it back
      const [restored, read] = await Promise.all([call(emulator, 'POST', `${CONTROL}/snapshots/started/restore`), ticks(delay).then(() => call(emulator, 'GET', `${JOBS}/${job.id}`))]);
      assert.equal([restored.status, read.status], [204, 200]);
      const timeline = (await call(emulator, 'GET', `${CONTROL}/servicePrincipals/${SP}/jobs/${job.id}/timeline`)).body;
      assert.is(emulator.clock.now().toISOString(), '2030-01-01T00:00:00.000Z');
      assert.is(timeline.value.length, 1, `delay ${delay}: ${JSON.stringify(timeline.value.map((event: { kind: string; at: string }) => `${event.kind} ${event.at}`))}`);
    }
  } finally {
    await emulator.close();
  }
});

test('close() with requests in flight: every one is answered, nothing is left pending or crashes', async () => {
  const emulator = await createEmulator({ clock: 'manual' }).ready;
  const job = (await call(emulator, 'POST', JOBS, { templateId: 'scim' })).body;
  const inFlight = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? call(emulator, 'POST', JOBS, { templateId: 'scim' }) : call(emulator, 'GET', `${JOBS}/${job.id}`)));
  await emulator.close();
  const settled = await Promise.allSettled(inFlight);
  assert.equal(settled.map((result) => result.status), Array(30).fill('fulfilled'));
  for (const result of settled) assert.ok([200, 201, 503].includes((result as PromiseFulfilledResult<{ status: number }>).value.status));
});

test.run();
