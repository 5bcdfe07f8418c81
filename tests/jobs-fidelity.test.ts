/**
 * Fidelity of the synchronizationJob CRUD and list surface to graph-sync-api.md and decisions.md,
 * found by an audit: times written with an offset are answered in UTC with `Z` (decisions.md §5),
 * a date that does not exist is a 400 and nothing is written (§6), and `$select` of an unknown
 * nested property names it and its type (§4).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { graphError, internalErrors, jobPath, jobsPath, jsonRequest, newEmulator, SP, VERSIONS } from './support/graph-harness.js';

const ORIGIN = 'https://graph.microsoft.com';

interface Job {
  id: string;
  schedule: { expiration: string | null; interval: string; state: string };
}

/** A UTC instant as decisions.md §5 writes times: ISO 8601, UTC, `Z`. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

for (const version of VERSIONS) {
  // decisions.md §5 (line 92): "Durations are ISO 8601 (`PT40M`); times are ISO 8601 UTC with `Z`."
  test(`${version}: schedule.expiration written with a zone offset comes back as the same instant in UTC with Z (create)`, async () => {
    const emulator = newEmulator();
    try {
      const given = '2030-01-01T01:00:00+02:00';
      const res = await emulator.fetch(ORIGIN + jobsPath(version), jsonRequest('POST', { templateId: 'scim', schedule: { expiration: given } }));
      assert.is(res.status, 201);
      const created = (await res.json()) as Job;
      const expiration = created.schedule.expiration ?? '';
      assert.match(expiration, UTC_INSTANT, `create answered expiration '${expiration}'`);
      assert.is(Date.parse(expiration), Date.parse(given));
      const got = (await (await emulator.fetch(ORIGIN + jobPath(created.id, version))).json()) as Job;
      assert.match(got.schedule.expiration ?? '', UTC_INSTANT, `GET answered expiration '${got.schedule.expiration}'`);
    } finally {
      await emulator.close();
    }
  });

  test(`${version}: schedule.expiration written with a zone offset comes back in UTC with Z (patch)`, async () => {
    const emulator = newEmulator();
    try {
      const created = (await (await emulator.fetch(ORIGIN + jobsPath(version), jsonRequest('POST', { templateId: 'scim' }))).json()) as Job;
      const given = '2031-06-01T00:00:00-05:00';
      const patched = await emulator.fetch(ORIGIN + jobPath(created.id, version), jsonRequest('PATCH', { schedule: { expiration: given } }));
      assert.is(patched.status, 204);
      const list = (await (await emulator.fetch(`${ORIGIN}${jobsPath(version)}?$select=schedule`)).json()) as { value: Job[] };
      const expiration = list.value[0]?.schedule.expiration ?? '';
      assert.match(expiration, UTC_INSTANT, `list answered expiration '${expiration}'`);
      assert.is(Date.parse(expiration), Date.parse(given));
    } finally {
      await emulator.close();
    }
  });
}

// decisions.md §6 (lines 94-95): "A request that is wrong gets a 4xx with the Graph error shape and a
// message that names what is wrong; nothing is written." (and §5 line 92: times are ISO 8601).
// syncemu refuses month 13 but stores and echoes February 30.
test('a schedule.expiration that is no real date (February 30) gets 400 naming the property, and nothing is written', async () => {
  const emulator = newEmulator();
  try {
    await graphError(
      await emulator.fetch(ORIGIN + jobsPath(), jsonRequest('POST', { templateId: 'scim', schedule: { expiration: '2030-02-30T00:00:00Z' } })),
      { status: 400, code: 'BadRequest', message: /schedule\.expiration/ },
    );
    const count = await emulator.fetch(`${ORIGIN}${jobsPath()}/$count`);
    assert.is(await count.text(), '0');
  } finally {
    await emulator.close();
  }
});

test('a PATCH setting schedule.expiration to February 30 gets 400 and leaves the job as it was', async () => {
  const emulator = newEmulator();
  try {
    const created = (await (await emulator.fetch(ORIGIN + jobsPath(), jsonRequest('POST', { templateId: 'scim' }))).json()) as Job;
    await graphError(
      await emulator.fetch(ORIGIN + jobPath(created.id), jsonRequest('PATCH', { schedule: { expiration: '2030-02-30T00:00:00Z' } })),
      { status: 400, code: 'BadRequest', message: /schedule\.expiration/ },
    );
    const got = (await (await emulator.fetch(ORIGIN + jobPath(created.id))).json()) as Job;
    assert.is(got.schedule.expiration, null);
  } finally {
    await emulator.close();
  }
});

// graph-sync-api.md §5.5 (lines 909-910): "`$count=true` → `@odata.count` (directory objects need
// `ConsistencyLevel: eventual`; count only on the first page)." decisions.md §4 does not override it.
for (const version of VERSIONS) {
  test(`${version}: $select with an unknown nested property names it and the nested type (list and get)`, async () => {
    const emulator = newEmulator();
    try {
      const created = (await (await emulator.fetch(ORIGIN + jobsPath(version), jsonRequest('POST', { templateId: 'scim' }))).json()) as Job;
      const expected = {
        status: 400,
        code: 'BadRequest',
        message: "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationSchedule'.",
      };
      // The same path in $filter already answers so:
      await graphError(await emulator.fetch(`${ORIGIN}${jobsPath(version)}?$filter=schedule/foo eq 'x'`), expected);
      await graphError(await emulator.fetch(`${ORIGIN}${jobsPath(version)}?$select=schedule/foo`), expected);
      await graphError(await emulator.fetch(`${ORIGIN}${jobPath(created.id, version)}?$select=schedule/foo`), expected);
    } finally {
      await emulator.close();
    }
  });
}

test('no request caused an internal error', () => {
  assert.equal(internalErrors, []);
});

test.run();
