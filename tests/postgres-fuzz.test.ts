/**
 * The robustness properties of tests/robustness-fuzz (no 5xx, no exception, Graph-shaped 4xx, a
 * failed request changes nothing: the store's digest is the same after it) for an emulator over
 * PostgreSQL, where text PostgreSQL cannot hold (NUL, lone surrogates) and arithmetic past a
 * double's range meet the database rather than SQLite. `pnpm fuzz` runs the SQLite ones long.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createEmulator } from '@syncemu/core';
import { describeViolation, FuzzHarness, fuzzCase, FUZZ_FIXTURE, JOB_IDS_A, SP_A } from './support/robustness-fuzz-properties.js';
import { createDatabase, startPostgres, type Postgres } from './support/postgres.js';

const CASES = Number(process.env['SYNCEMU_PG_FUZZ_CASES'] ?? 600);
const SEED = Number(process.env['SYNCEMU_SEED'] ?? 16);

let postgres: Postgres | undefined;
let databases = 0;

async function newDatabase(): Promise<string> {
  postgres ??= await startPostgres();
  return createDatabase(postgres, `fuzz_${++databases}`);
}

test.after(async () => {
  await postgres?.stop();
});

test(`${CASES} fuzzed requests to an emulator over PostgreSQL: no 5xx, no exception, Graph-shaped 4xx, a failed request changes nothing`, async () => {
  const harness = new FuzzHarness({ database: newDatabase, recycleEvery: 300 });
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
  const count = (status: number) => harness.statuses.get(status) ?? 0;
  assert.ok(count(200) > 20, `200: ${count(200)}`);
  for (const status of [400, 404]) assert.ok(count(status) > 0, `no ${status} among ${[...harness.statuses]}`);
});

test('text PostgreSQL cannot hold: a key with NUL matches nothing (404, as on SQLite), a body with NUL or a lone surrogate is a 400 naming it; nothing changes', async () => {
  const internal: unknown[] = [];
  const emulator = await createEmulator({ database: await newDatabase(), clock: 'manual', onInternalError: (error) => internal.push(error) }).ready;
  try {
    await emulator.seed(FUZZ_FIXTURE);
    const before = await emulator.database.digest();
    const base = `https://graph.microsoft.com/v1.0/servicePrincipals/${SP_A}/synchronization`;
    const call = async (method: string, path: string, body?: string) => {
      const res = await emulator.fetch(`${base}${path}`, { method, ...(body !== undefined && { body, headers: { 'content-type': 'application/json' } }) });
      return { status: res.status, text: await res.text() };
    };
    for (const [method, path] of [['GET', '/jobs/a%00b'], ['DELETE', '/jobs/a%00b'], ['POST', '/jobs/a%00b/start'], ['GET', '/jobs/a%00b/schema'], ['PATCH', '/jobs/a%00b'], ['GET', '/templates/a%00']] as const) {
      const reply = await call(method, path, method === 'PATCH' ? '{"schedule":{"interval":"PT1H"}}' : undefined);
      assert.is(reply.status, 404, `${method} ${path}: ${reply.text}`);
    }
    for (const value of ['a\\u0000b', 'a\\ud800b']) {
      const patched = await call('PATCH', `/jobs/${encodeURIComponent(JOB_IDS_A[0]!)}`, `{"synchronizationJobSettings":[{"name":"x","value":"${value}"}]}`);
      assert.is(patched.status, 400, patched.text);
      assert.match(patched.text, value.includes('0000') ? /cannot store the character \\\\u0000 in a job's JSON/ : /cannot store the lone surrogate \\\\ud800/);
    }
    // a secret is text, not JSON: NUL is refused; a lone surrogate becomes U+FFFD in UTF-8 on both stores
    const secrets = await call('PUT', '/secrets', '{"value":[{"key":"BaseAddress","value":"a\\u0000b"}]}');
    assert.is(secrets.status, 400, secrets.text);
    assert.match(secrets.text, /cannot store the character \\\\u0000/);
    const overflow = await call('GET', `/jobs?$filter=${encodeURIComponent('status/countSuccessiveCompleteFailures add 1e308 mul 1e308 gt 0')}`);
    assert.is(overflow.status, 400, overflow.text);
    assert.match(overflow.text, /out of range/);
    assert.is(await emulator.database.digest(), before, 'nothing changed');
    assert.equal(internal, []);
  } finally {
    await emulator.close();
  }
});

test.run();
