import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createEmulator } from '@syncemu/core';
import { describeViolation, FuzzHarness, fuzzCase, FUZZ_FIXTURE, JOB_IDS_A, SP_A } from './support/robustness-fuzz-properties.js';

// `pnpm fuzz` runs the same properties over 100,000 cases (tests/fuzz-run.ts).
const CASES = 2000;
const SEED = 6;

test(`${CASES} fuzzed requests through handle(): no 5xx, no exception, Graph-shaped 4xx, a failed request changes nothing`, async () => {
  const harness = new FuzzHarness();
  try {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const violation = await harness.check(c);
        if (violation) throw new Error(describeViolation(violation));
      }),
      { numRuns: CASES, seed: SEED, endOnFailure: true },
    );
  } finally {
    await harness.close();
  }
  assert.is(harness.cases, CASES);
  // The generator reaches past the router and the parsers: reads, writes and every error family.
  const count = (status: number) => harness.statuses.get(status) ?? 0;
  assert.ok(count(200) > 80, `200: ${count(200)}`);
  assert.ok(count(201) + count(204) > 20, `201/204: ${count(201)}/${count(204)}`);
  for (const status of [400, 401, 403, 404, 405, 413, 414, 415]) assert.ok(count(status) > 0, `no ${status} among ${[...harness.statuses]}`);
});

const HTTP_CASES = 300;

test(`${HTTP_CASES} fuzzed requests as raw bytes over a socket: the HTTP server answers every one, never 5xx, 4xx Graph-shaped, failed ones change nothing`, async () => {
  const harness = new FuzzHarness();
  try {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const violation = await harness.check(c, 'http');
        if (violation) throw new Error(describeViolation(violation));
      }),
      { numRuns: HTTP_CASES, seed: SEED + 1, endOnFailure: true },
    );
  } finally {
    await harness.close();
  }
  assert.is(harness.cases, HTTP_CASES);
  assert.ok((harness.statuses.get(200) ?? 0) > 5);
});

const base = `/v1.0/servicePrincipals/${SP_A}/synchronization/jobs`;
const json = { 'content-type': 'application/json' };

async function seeded() {
  const emulator = createEmulator({ clock: 'manual', idSeed: 1 });
  await emulator.seed(FUZZ_FIXTURE);
  return emulator;
}

test('prototype keys in a body are unknown properties (400), change nothing and pollute nothing', async () => {
  const emulator = await seeded();
  const before = emulator.store.digest();
  const bodies = [
    '{"templateId":"scim","__proto__":{"templateId":"aws"}}',
    '{"templateId":"scim","constructor":{"prototype":{"polluted":true}}}',
    '{"schedule":{"__proto__":{"interval":"PT1M"}}}',
    '{"synchronizationJobSettings":[{"__proto__":{"polluted":true},"name":"x","value":"y"}]}',
  ];
  for (const [i, body] of bodies.entries()) {
    const res = await emulator.handle({ method: i < 2 ? 'POST' : 'PATCH', url: i < 2 ? base : `${base}/${JOB_IDS_A[0]}`, headers: json, body });
    assert.is(res.status, 400, body);
    assert.match(JSON.parse(res.body!).error.message, /Could not find a property named '(__proto__|constructor)'/);
  }
  assert.is(emulator.store.digest(), before);
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  await emulator.close();
});

test('a duplicate key in a body: the last one counts (as JSON.parse reads it), and it is checked like any value', async () => {
  const emulator = await seeded();
  const created = await emulator.handle({ method: 'POST', url: base, headers: json, body: '{"templateId":"nope","templateId":"aws"}' });
  assert.is(created.status, 201);
  assert.is(JSON.parse(created.body!).templateId, 'aws');
  const wrong = await emulator.handle({ method: 'POST', url: base, headers: json, body: '{"templateId":"scim","templateId":5}' });
  assert.is(wrong.status, 400);
  await emulator.close();
});

test('deep nesting, huge strings and lone surrogates in bodies get a 4xx or are stored as sent', async () => {
  const emulator = await seeded();
  const before = emulator.store.digest();
  for (const body of [`{"schedule":${'['.repeat(200_000)}${']'.repeat(200_000)}}`, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, `{"templateId":"${'x'.repeat(1024 * 1024)}"}`]) {
    const res = await emulator.handle({ method: 'POST', url: base, headers: json, body });
    assert.ok(res.status === 400 || res.status === 413, `${res.status} ${res.body?.slice(0, 200)}`);
  }
  assert.is(emulator.store.digest(), before);
  const settings = [{ name: 'lone \ud800 surrogate', value: 'nul \u0000 and 😀 and \u2028' }];
  const patched = await emulator.handle({ method: 'PATCH', url: `${base}/${encodeURIComponent(JOB_IDS_A[3]!)}`, headers: json, body: JSON.stringify({ synchronizationJobSettings: settings }) });
  assert.is(patched.status, 204);
  const read = await emulator.handle({ method: 'GET', url: `${base}/${encodeURIComponent(JOB_IDS_A[3]!)}?$select=synchronizationJobSettings` });
  assert.equal(JSON.parse(read.body!).synchronizationJobSettings, settings);
  await emulator.close();
});

test('odd path segments: encoded slashes, dots, quotes, NUL, bad percent-encoding, very long ids get a Graph 4xx', async () => {
  const emulator = await seeded();
  const before = emulator.store.digest();
  const segments = ['%2F', 'a%2Fb', '..', '.', "'", '%00', 'a%00b', '%', '%zz', '%E0%A4%A', '%ED%A0%80', 'j'.repeat(15_000), `${JOB_IDS_A[0]}%00`];
  for (const segment of segments) {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await emulator.handle({ method, url: `${base}/${segment}`, headers: json, body: '{"schedule":{"interval":"PT1H"}}' });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${segment.slice(0, 20)}: ${res.status}`);
      assert.type(JSON.parse(res.body!).error.code, 'string');
    }
  }
  assert.is(emulator.store.digest(), before);
  await emulator.close();
});

test('regression: an action given a value too deep to serialize answers 400, not 500 (hasBody serialized the body to ask)', async () => {
  const emulator = await seeded();
  let deep: unknown = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const res = await emulator.handle({ method: 'POST', url: `${base}/${JOB_IDS_A[0]}/pause`, body: deep as object });
  assert.is(res.status, 400, res.body);
  assert.match(JSON.parse(res.body!).error.message, /must be a JSON object, not an array/);
  await emulator.close();
});

test('regression: the manual clock cannot be set or moved past 9999-12-31 (at +275760 it wrote error dates and timestamps no client parses)', async () => {
  const emulator = await seeded();
  const before = emulator.store.digest();
  const clockBefore = (await emulator.handle({ method: 'GET', url: '/_syncemu/clock' })).body;
  for (const [path, body] of [
    ['set', { now: '+275760-09-13T00:00:00.000Z' }],
    ['set', { now: '+010000-01-01T00:00:00Z' }],
    ['advance', { duration: 'P99999999D' }],
    ['advance', { duration: 'P3000000D' }],
  ] as const) {
    const res = await emulator.handle({ method: 'POST', url: `/_syncemu/clock/${path}`, headers: json, body: JSON.stringify(body) });
    assert.is(res.status, 400, `${path} ${JSON.stringify(body)}: ${res.body}`);
    assert.match(JSON.parse(res.body!).error.message, /between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z/);
    assert.match(JSON.parse(res.body!).error.innerError.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  }
  assert.is((await emulator.handle({ method: 'GET', url: '/_syncemu/clock' })).body?.replace(/"request-id".*/, ''), clockBefore?.replace(/"request-id".*/, ''));
  assert.is(emulator.store.digest(), before);
  const last = await emulator.handle({ method: 'POST', url: '/_syncemu/clock/set', headers: json, body: '{"now":"9999-12-31T23:59:59Z"}' });
  assert.is(last.status, 200);
  assert.throws(() => createEmulator({ clock: { kind: 'manual', start: '+275760-09-13T00:00:00.000Z' } }), /between 0001-01-01/);
  await emulator.close();
});

test('regression: a started job whose next cycle falls after 9999 does not take the emulator down (it looked due forever, then overflowed: every request 500)', async () => {
  for (const interval of ['P3000000D', 'P99999999D']) {
    const emulator = createEmulator({ clock: 'manual', idSeed: 2 });
    const created = await emulator.handle({ method: 'POST', url: base, headers: json, body: JSON.stringify({ templateId: 'scim', schedule: { interval } }) });
    assert.is(created.status, 201);
    const id = encodeURIComponent(JSON.parse(created.body!).id);
    assert.is((await emulator.handle({ method: 'POST', url: `${base}/${id}/start` })).status, 204);
    const advanced = await emulator.handle({ method: 'POST', url: '/_syncemu/clock/advance', headers: json, body: '{"duration":"PT4M"}' });
    assert.is(advanced.status, 200, advanced.body);
    assert.is(JSON.parse(advanced.body!).cyclesRun, 1, 'the initial cycle completes; no later one is scheduled');
    for (let i = 0; i < 3; i++) {
      const read = await emulator.handle({ method: 'GET', url: `${base}/${id}?$select=status` });
      assert.is(read.status, 200, read.body);
      assert.is(JSON.parse(read.body!).status.code, 'Active');
    }
    const far = await emulator.handle({ method: 'POST', url: '/_syncemu/clock/set', headers: json, body: '{"now":"9999-12-31T23:59:59Z"}' });
    assert.is(far.status, 200, far.body);
    assert.is(JSON.parse(far.body!).cyclesRun, 0);
    assert.is((await emulator.handle({ method: 'GET', url: base })).status, 200);
    await emulator.close();
  }
});

test.run();
