/**
 * Seeding (decisions.md §7) through `emulator.seed()`: service principals, their templates,
 * secrets and jobs; creation defaults for what a job leaves out; upsert by id; and invalid
 * fixtures rejected whole, with the JSON path of the first problem.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_TEMPLATES, FixtureError, FixtureJsonError, type Emulator } from '@syncemu/core';
import {
  graphError,
  internalErrors,
  jobIdPattern,
  jobPath,
  jobsPath,
  jsonRequest,
  newEmulator,
  newJobSchedule,
  newJobStatus,
  SP,
  SP2,
  storedJobIds,
} from './support/graph-harness.js';

const ORIGIN = 'https://graph.microsoft.com';
const TENANT = '0b5e2f0e-1c5a-4c7b-8a0e-1f2d3c4b5a69';
const TENANT_HEX = '0b5e2f0e1c5a4c7b8a0e1f2d3c4b5a69';
const APP_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const BUILT_IN_IDS = BUILT_IN_TEMPLATES.map((t) => t.id);

interface Job {
  id: string;
  templateId: string;
  schedule: Record<string, unknown>;
  status: Record<string, unknown>;
  synchronizationJobSettings: { name: string; value: string | null }[];
}

test('a job given without an id gets the same id every time: seeding the fixture again (in another emulator too) duplicates nothing', async () => {
  const first = newEmulator();
  const second = newEmulator();
  try {
    const withoutIds = { servicePrincipals: [{ id: SP, jobs: [{ templateId: 'scim' }, { templateId: 'aws' }, { templateId: 'scim', schedule: { interval: 'PT2H' } }] }] };
    await first.seed(withoutIds);
    const ids = await storedJobIds(first);
    assert.is(ids.length, 3);
    for (const id of ids) assert.match(id, /^(scim|aws)\.[0-9a-f]{32}\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const digest = first.store.digest();
    await first.seed(withoutIds);
    assert.equal(await storedJobIds(first), ids, 'no duplicates');
    assert.is(first.store.digest(), digest, 'nothing changed');
    await second.seed(withoutIds);
    assert.equal(await storedJobIds(second), ids, 'the same ids in another emulator');
    // each stays the job at its place: the second scim job keeps its own interval when seeded again
    const scims = ids.filter((id) => id.startsWith('scim.'));
    const intervals = await Promise.all(scims.map(async (id) => (await getJob(first, id)).schedule.interval));
    assert.equal([...intervals].sort(), ['PT2H', 'PT40M']);
    // another service principal's jobs at the same places get other ids
    await first.seed({ servicePrincipals: [{ id: SP2, jobs: [{ templateId: 'scim' }] }] });
    const other = await storedJobIds(first, SP2);
    assert.is(other.length, 1);
    assert.ok(!ids.includes(other[0]!));
  } finally {
    await first.close();
    await second.close();
  }
});

function fixture() {
  return {
    tenantId: TENANT,
    servicePrincipals: [
      {
        id: SP,
        appId: APP_ID,
        displayName: 'Contoso SCIM app',
        templates: [{ id: 'contosoScim', factoryTag: 'CustomSCIM', synchronizationJobSettings: [{ name: 'ContosoBatchSize', value: '50' }] }],
        secrets: [
          { key: 'SecretToken', value: 's3cr3t' },
          { key: 'BaseAddress', value: 'https://scim.contoso.test/v2' },
        ],
        jobs: [
          { templateId: 'scim', status: { code: 'Quarantine', countSuccessiveCompleteFailures: 4 } },
          { id: 'contoso-job-1', templateId: 'contosoScim', schedule: { interval: 'PT20M' } },
          {
            id: 'aws-job-1',
            templateId: 'aws',
            status: { code: 'Paused', lastExecution: { state: 'Succeeded', countExported: 7, timeBegan: '2024-04-12T08:00:00Z', timeEnded: '2024-04-12T08:05:00Z' } },
            synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '20' }],
          },
        ],
      },
      { id: SP2.toUpperCase() },
    ],
  };
}

async function getJob(emulator: Emulator, id: string, sp = SP): Promise<Job> {
  const res = await emulator.fetch(`${ORIGIN}${jobPath(id, 'v1.0', sp)}`);
  assert.is(res.status, 200, `GET job ${id}`);
  const { ['@odata.context']: _context, ...job } = (await res.json()) as Job & { '@odata.context': string };
  return job;
}

async function seedError(emulator: Emulator, input: unknown): Promise<FixtureError> {
  try {
    await emulator.seed(input);
  } catch (error) {
    assert.instance(error, FixtureError);
    return error as FixtureError;
  }
  throw new assert.Assertion({ message: 'seed() accepted an invalid fixture', operator: 'throws', expects: 'FixtureError', actual: 'nothing', generated: false });
}

test('seed() registers service principals, their templates and secrets, and jobs', async () => {
  const emulator = newEmulator({ servicePrincipals: 'registered' });
  try {
    const summary = await emulator.seed(fixture());
    assert.equal(summary, { servicePrincipals: 2, templates: 1, secrets: 2, jobs: 3 });
    assert.equal(emulator.store.servicePrincipals.get(SP), { id: SP, appId: APP_ID, displayName: 'Contoso SCIM app', registered: true });
    // Ids are stored lower-case, so the upper-case one in the fixture names the same service principal.
    assert.equal(emulator.store.servicePrincipals.get(SP2), { id: SP2, appId: null, displayName: null, registered: true });
    assert.equal(emulator.store.servicePrincipals.secrets(SP), [
      { key: 'BaseAddress', value: 'https://scim.contoso.test/v2' },
      { key: 'SecretToken', value: 's3cr3t' },
    ]);
    assert.equal(
      emulator.store.servicePrincipals.templates(SP).map((t) => t.id),
      ['contosoScim'],
    );
    assert.equal(emulator.store.servicePrincipals.templates(SP2), []);
    // Registered mode: both seeded service principals exist.
    assert.is((await emulator.fetch(`${ORIGIN}${jobsPath('v1.0', SP2)}`)).status, 200);
    const ids = await storedJobIds(emulator);
    assert.is(ids.length, 3);
    assert.equal(ids.slice(0, 2), ['aws-job-1', 'contoso-job-1']);
    assert.match(ids[2]!, jobIdPattern('scim', TENANT_HEX));
  } finally {
    await emulator.close();
  }
});

test('a seeded job gets the creation defaults for what it leaves out, down into status and schedule', async () => {
  const emulator = newEmulator();
  try {
    await emulator.seed(fixture());
    const ids = await storedJobIds(emulator);
    const quarantined = await getJob(emulator, ids[2]!);
    assert.equal(quarantined, {
      id: ids[2]!,
      templateId: 'scim',
      schedule: newJobSchedule(),
      status: { ...newJobStatus(), code: 'Quarantine', countSuccessiveCompleteFailures: 4 },
      synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    });
    const contoso = await getJob(emulator, 'contoso-job-1');
    assert.equal(contoso, {
      id: 'contoso-job-1',
      templateId: 'contosoScim',
      schedule: { expiration: null, interval: 'PT20M', state: 'Disabled' },
      status: newJobStatus(),
      synchronizationJobSettings: [{ name: 'ContosoBatchSize', value: '50' }],
    });
    const aws = await getJob(emulator, 'aws-job-1');
    // what the fixture left out of a non-nullable member gets its default (0 counts), as Graph always sends them
    assert.equal(aws.status['lastExecution'], {
      countEntitled: 0,
      countEntitledForProvisioning: 0,
      countEscrowed: 0,
      countEscrowedRaw: 0,
      countExported: 7,
      countExports: 0,
      countImported: 0,
      countImportedDeltas: 0,
      countImportedReferenceDeltas: 0,
      state: 'Succeeded',
      timeBegan: '2024-04-12T08:00:00Z',
      timeEnded: '2024-04-12T08:05:00Z',
    });
    assert.equal(aws.status, { ...newJobStatus(), lastExecution: aws.status['lastExecution'] });
    assert.equal(aws.synchronizationJobSettings, [{ name: 'QuarantineTooManyDeletesThreshold', value: '20' }]);
    // Seeded jobs are queryable like created ones.
    const res = await emulator.fetch(`${ORIGIN}${jobsPath()}?$filter=status/code eq 'Quarantine' and status/countSuccessiveCompleteFailures ge 4&$select=id`);
    assert.equal(((await res.json()) as { value: unknown[] }).value, [{ id: ids[2]! }]);
  } finally {
    await emulator.close();
  }
});

test("a fixture template becomes creatable on its service principal only, with its settings", async () => {
  const emulator = newEmulator();
  try {
    await emulator.seed(fixture());
    const res = await emulator.fetch(`${ORIGIN}${jobsPath('beta')}`, jsonRequest('POST', { templateId: 'contosoScim', synchronizationJobSettings: [{ name: 'Extra', value: '1' }] }));
    assert.is(res.status, 201);
    const job = (await res.json()) as Job;
    assert.match(job.id, jobIdPattern('contosoScim', TENANT_HEX));
    assert.equal(job.synchronizationJobSettings, [
      { name: 'ContosoBatchSize', value: '50' },
      { name: 'Extra', value: '1' },
    ]);
    await graphError(await emulator.fetch(`${ORIGIN}${jobsPath('v1.0', SP2)}`, jsonRequest('POST', { templateId: 'contosoScim' })), {
      status: 400,
      code: 'BadRequest',
      message: `The template 'contosoScim' is not offered by service principal '${SP2}'. Offered templates: ${BUILT_IN_IDS.join(', ')}.`,
    });
    await graphError(await emulator.fetch(`${ORIGIN}${jobsPath()}`, jsonRequest('POST', { templateId: 'nope' })), {
      status: 400,
      code: 'BadRequest',
      message: `The template 'nope' is not offered by service principal '${SP}'. Offered templates: ${[...BUILT_IN_IDS, 'contosoScim'].join(', ')}.`,
    });
  } finally {
    await emulator.close();
  }
});

test("the fixture's tenantId is used in generated ids (seeded and created later); the tenantId option wins over it", async () => {
  const emulator = newEmulator({ idSeed: 3 });
  try {
    await emulator.seed(fixture());
    const created = await emulator.fetch(`${ORIGIN}${jobsPath()}`, jsonRequest('POST', { templateId: 'slack' }));
    assert.match(((await created.json()) as Job).id, jobIdPattern('slack', TENANT_HEX));
  } finally {
    await emulator.close();
  }
  const optioned = newEmulator({ tenantId: '11111111-2222-4333-8444-555555555555' });
  try {
    await optioned.seed(fixture());
    const ids = await storedJobIds(optioned);
    assert.match(ids[2]!, jobIdPattern('scim', '11111111222243338444555555555555'));
    const created = await optioned.fetch(`${ORIGIN}${jobsPath()}`, jsonRequest('POST', { templateId: 'slack' }));
    assert.match(((await created.json()) as Job).id, jobIdPattern('slack', '11111111222243338444555555555555'));
  } finally {
    await optioned.close();
  }
});

test('seeding upserts by id: the same fixture twice changes nothing; a changed job is replaced, not duplicated', async () => {
  const emulator = newEmulator();
  try {
    const withIds = fixture();
    withIds.servicePrincipals[0]!.jobs = withIds.servicePrincipals[0]!.jobs!.slice(1); // only jobs with ids
    await emulator.seed(withIds);
    const digest = emulator.store.digest();
    assert.equal(await emulator.seed(withIds), { servicePrincipals: 2, templates: 1, secrets: 2, jobs: 2 });
    assert.is(emulator.store.digest(), digest);
    assert.equal(await storedJobIds(emulator), ['aws-job-1', 'contoso-job-1']);

    // Change a job, a secret and the display name: replaced in place.
    await emulator.seed({
      servicePrincipals: [
        {
          id: SP,
          displayName: 'Renamed',
          secrets: [{ key: 'SecretToken', value: 'rotated' }],
          jobs: [{ id: 'contoso-job-1', templateId: 'contosoScim', status: { code: 'Quarantine' } }],
        },
      ],
    });
    assert.equal(await storedJobIds(emulator), ['aws-job-1', 'contoso-job-1']);
    const job = await getJob(emulator, 'contoso-job-1');
    // The new document replaces the old one: what it leaves out gets creation defaults again.
    assert.equal(job.schedule, newJobSchedule());
    assert.equal(job.status, { ...newJobStatus(), code: 'Quarantine' });
    assert.is(emulator.store.servicePrincipals.get(SP)!.displayName, 'Renamed');
    assert.equal(emulator.store.servicePrincipals.secrets(SP), [
      { key: 'BaseAddress', value: 'https://scim.contoso.test/v2' },
      { key: 'SecretToken', value: 'rotated' },
    ]);
    // A job made through the API can be overwritten by a fixture with its id.
    const created = (await (await emulator.fetch(`${ORIGIN}${jobsPath()}`, jsonRequest('POST', { templateId: 'gsuite' }))).json()) as Job;
    await emulator.seed({ servicePrincipals: [{ id: SP, jobs: [{ id: created.id, templateId: 'gsuite', schedule: { interval: 'PT2H' } }] }] });
    assert.equal((await getJob(emulator, created.id)).schedule, { expiration: null, interval: 'PT2H', state: 'Disabled' });
    assert.is((await storedJobIds(emulator)).length, 3);
  } finally {
    await emulator.close();
  }
});

const INVALID: readonly { name: string; fixture: unknown; path: string; message: string }[] = [
  {
    name: 'a bad status code in the second job',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ templateId: 'scim' }, { templateId: 'scim', status: { code: 'Running' } }] }] },
    path: '$.servicePrincipals[0].jobs[1].status.code',
    message:
      "Invalid fixture at $.servicePrincipals[0].jobs[1].status.code: 'Running' is not a member of microsoft.graph.synchronizationStatusCode (NotConfigured, NotRun, Active, Paused, Quarantine).",
  },
  {
    name: 'a problem in the second service principal (the first is valid)',
    fixture: { servicePrincipals: [{ id: SP2, displayName: 'ok', jobs: [{ templateId: 'aws' }] }, { id: SP, jobs: [{ templateId: 'scim', schedule: { interval: 40 } }] }] },
    path: '$.servicePrincipals[1].jobs[0].schedule.interval',
    message: 'Invalid fixture at $.servicePrincipals[1].jobs[0].schedule.interval: must be of type Edm.Duration, but is an integer.',
  },
  {
    name: 'a template no one offers',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ templateId: 'nope' }] }] },
    path: '$.servicePrincipals[0].jobs[0].templateId',
    message: `Invalid fixture at $.servicePrincipals[0].jobs[0].templateId: 'nope' is not a template this service principal offers (${[...BUILT_IN_IDS, 'contosoScim'].join(', ')}).`,
  },
  {
    name: "a template of another service principal's fixture",
    fixture: { servicePrincipals: [{ id: SP2, jobs: [{ templateId: 'contosoScim' }] }] },
    path: '$.servicePrincipals[0].jobs[0].templateId',
    message: `Invalid fixture at $.servicePrincipals[0].jobs[0].templateId: 'contosoScim' is not a template this service principal offers (${BUILT_IN_IDS.join(', ')}).`,
  },
  {
    name: 'a job without templateId',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ id: 'x' }] }] },
    path: '$.servicePrincipals[0].jobs[0].templateId',
    message: "Invalid fixture at $.servicePrincipals[0].jobs[0].templateId: is required: the id of a built-in template or of one of this service principal's templates.",
  },
  {
    name: 'an unknown job property',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ templateId: 'scim', foo: 1 }] }] },
    path: '$.servicePrincipals[0].jobs[0].foo',
    message: 'Invalid fixture at $.servicePrincipals[0].jobs[0].foo: is not a property of microsoft.graph.synchronizationJob.',
  },
  {
    name: 'a deep wrong type',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ templateId: 'scim', status: { lastExecution: { countEntitled: 'x' } } }] }] },
    path: '$.servicePrincipals[0].jobs[0].status.lastExecution.countEntitled',
    message: 'Invalid fixture at $.servicePrincipals[0].jobs[0].status.lastExecution.countEntitled: must be of type Edm.Int64, but is a string.',
  },
  {
    name: 'a setting without a name',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ templateId: 'scim', synchronizationJobSettings: [{ name: 'a', value: '1' }, { value: '2' }] }] }] },
    path: '$.servicePrincipals[0].jobs[0].synchronizationJobSettings[1].name',
    message: 'Invalid fixture at $.servicePrincipals[0].jobs[0].synchronizationJobSettings[1].name: is required (a setting has a name and a value).',
  },
  {
    name: 'a template setting without a name',
    fixture: { servicePrincipals: [{ id: SP2, templates: [{ id: 'mine', synchronizationJobSettings: [{ value: '1' }] }] }] },
    path: '$.servicePrincipals[0].templates[0].synchronizationJobSettings[0].name',
    message: 'Invalid fixture at $.servicePrincipals[0].templates[0].synchronizationJobSettings[0].name: is required (a setting has a name and a value).',
  },
  {
    name: 'a duplicated job id',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ id: 'x', templateId: 'scim' }, { id: 'x', templateId: 'aws' }] }] },
    path: '$.servicePrincipals[0].jobs[1].id',
    message: "Invalid fixture at $.servicePrincipals[0].jobs[1].id: job 'x' appears twice.",
  },
  {
    name: 'a job id with a slash',
    fixture: { servicePrincipals: [{ id: SP, jobs: [{ id: 'a/b', templateId: 'scim' }] }] },
    path: '$.servicePrincipals[0].jobs[0].id',
    message: 'Invalid fixture at $.servicePrincipals[0].jobs[0].id: must be a non-empty job id without /, \\, ? or #.',
  },
  {
    name: 'a non-GUID service principal',
    fixture: { servicePrincipals: [{ id: 'abc' }] },
    path: '$.servicePrincipals[0].id',
    message: 'Invalid fixture at $.servicePrincipals[0].id: must be a GUID (the service principal object id).',
  },
  {
    name: 'the same service principal twice (case-insensitively)',
    fixture: { servicePrincipals: [{ id: SP }, { id: SP.toUpperCase() }] },
    path: '$.servicePrincipals[1].id',
    message: `Invalid fixture at $.servicePrincipals[1].id: service principal '${SP}' appears twice.`,
  },
  {
    name: 'a secret without a value',
    fixture: { servicePrincipals: [{ id: SP, secrets: [{ key: 'BaseAddress' }] }] },
    path: '$.servicePrincipals[0].secrets[0].value',
    message: 'Invalid fixture at $.servicePrincipals[0].secrets[0].value: must be a string.',
  },
  {
    name: 'a bad template id',
    fixture: { servicePrincipals: [{ id: SP, templates: [{ id: 'a b' }] }] },
    path: '$.servicePrincipals[0].templates[0].id',
    message: 'Invalid fixture at $.servicePrincipals[0].templates[0].id: must be a template id: 1 to 64 letters, digits, - or _.',
  },
  {
    name: 'a bad tenantId',
    fixture: { tenantId: 'contoso', servicePrincipals: [] },
    path: '$.tenantId',
    message: 'Invalid fixture at $.tenantId: must be a GUID.',
  },
  {
    name: 'servicePrincipals not an array',
    fixture: { servicePrincipals: {} },
    path: '$.servicePrincipals',
    message: 'Invalid fixture at $.servicePrincipals: must be an array, not an object.',
  },
  { name: 'no servicePrincipals', fixture: {}, path: '$.servicePrincipals', message: 'Invalid fixture at $.servicePrincipals: is required (an array, possibly empty).' },
  { name: 'an array', fixture: [], path: '$', message: 'Invalid fixture at $: a fixture must be a JSON object, not an array.' },
];

test('an invalid fixture is rejected whole, naming the JSON path of its first problem; nothing is written', async () => {
  const emulator = newEmulator();
  try {
    await emulator.seed(fixture());
    const digest = emulator.store.digest();
    const ids = await storedJobIds(emulator);
    for (const c of INVALID) {
      const error = await seedError(emulator, c.fixture);
      assert.is(error.path, c.path, c.name);
      assert.is(error.message, c.message, c.name);
      assert.is(emulator.store.digest(), digest, `${c.name}: the store changed`);
    }
    assert.equal(await storedJobIds(emulator), ids);
    assert.equal(await storedJobIds(emulator, SP2), []);
    // A valid fixture after all those still applies.
    assert.equal(await emulator.seed({ servicePrincipals: [{ id: SP2, jobs: [{ id: 'late', templateId: 'aws' }] }] }), {
      servicePrincipals: 1,
      templates: 0,
      secrets: 0,
      jobs: 1,
    });
    assert.equal(await storedJobIds(emulator, SP2), ['late']);
  } finally {
    await emulator.close();
  }
});

test('an invalid fixture on an empty store leaves it empty (no tenantId, no service principal)', async () => {
  const emulator = await newEmulator().ready;
  try {
    const digest = emulator.store.digest();
    const error = await seedError(emulator, { tenantId: TENANT, servicePrincipals: [{ id: SP, jobs: [{ templateId: 'scim' }] }, { id: SP2, jobs: [{ templateId: 'scim', status: { code: 'Running' } }] }] });
    assert.is(error.path, '$.servicePrincipals[1].jobs[0].status.code');
    assert.is(emulator.store.digest(), digest);
    assert.is(emulator.store.servicePrincipals.get(SP), undefined);
    assert.is(emulator.store.getSetting('tenantId'), undefined);
  } finally {
    await emulator.close();
  }
});

/** A fixture written to a file of its own, indented as people write them. */
function fixtureFile(value: unknown, text = JSON.stringify(value, null, 2)): string {
  const path = join(FILE_DIR, `fixture-${fileCount++}.json`);
  writeFileSync(path, text);
  return path;
}
const FILE_DIR = mkdtempSync(join(tmpdir(), 'syncemu-fixture-files-'));
let fileCount = 0;
test.after(() => rmSync(FILE_DIR, { recursive: true, force: true }));

test('seedFile (a file read as it is applied) seeds what seed() of the same value does, and refuses every invalid case with the same message', async () => {
  const clock = { kind: 'manual', start: '2026-01-01T00:00:00Z' } as const;
  const byValue = newEmulator({ idSeed: 5, clock });
  const byFile = newEmulator({ idSeed: 5, clock });
  try {
    assert.equal(await byFile.seedFile(fixtureFile(fixture())), await byValue.seed(fixture()));
    assert.is(byFile.store.digest(), byValue.store.digest());
    const digest = byFile.store.digest();
    for (const c of INVALID) {
      const error = await byFile.seedFile(fixtureFile(c.fixture)).then(() => undefined, (e: unknown) => e);
      assert.instance(error, FixtureError, c.name);
      assert.is((error as FixtureError).message, c.message, c.name);
      assert.is(byFile.store.digest(), digest, `${c.name}: the store changed`);
    }
  } finally {
    await byValue.close();
    await byFile.close();
  }
});

test('seedFile takes members in any order (jobs before a service principal\'s id, servicePrincipals before tenantId) and thousands of jobs', async () => {
  const jobs = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? { templateId: 'scim' } : { id: `job-${i}`, templateId: i % 2 ? 'aws' : 'scim', schedule: { state: 'Active' } }));
  const value = { tenantId: TENANT, servicePrincipals: [{ id: SP, displayName: 'one', jobs }, { id: SP2, jobs: jobs.slice(0, 10) }] };
  // the same document, its members reordered: every service principal's jobs first, the tenant last
  const reordered = `{"servicePrincipals":[${value.servicePrincipals.map(({ id, jobs: list, ...rest }) => JSON.stringify({ jobs: list, ...rest, id })).join(',\n')}],\n"tenantId":"${TENANT}"}`;
  const byValue = newEmulator({ clock: { kind: 'manual', start: '2026-01-01T00:00:00Z' } });
  const byFile = newEmulator({ clock: { kind: 'manual', start: '2026-01-01T00:00:00Z' } });
  try {
    const summary = await byFile.seedFile(fixtureFile(undefined, reordered));
    assert.equal(summary, { servicePrincipals: 2, templates: 0, secrets: 0, jobs: 3010 });
    assert.equal(summary, await byValue.seed(value));
    assert.is(byFile.store.digest(), byValue.store.digest());
    const named = await (await byFile.fetch(`${ORIGIN}${jobsPath('v1.0', SP)}?$filter=${encodeURIComponent(`contains(id, '${TENANT_HEX}')`)}&$count=true&$top=1`)).json();
    assert.is(named['@odata.count'], 1000, 'jobs without an id are named with the tenant given after them');
  } finally {
    await byValue.close();
    await byFile.close();
  }
});

test('a fixture file that is not JSON is refused with the byte where it goes wrong, and writes nothing, even past its first jobs', async () => {
  const emulator = newEmulator();
  try {
    await emulator.seed(fixture());
    const digest = emulator.store.digest();
    const good = JSON.stringify({ servicePrincipals: [{ id: SP2, jobs: [{ id: 'a', templateId: 'scim' }, { id: 'b', templateId: 'scim' }] }] });
    const cases: [string, string, RegExp][] = [
      ['cut short', good.slice(0, -3), /ends inside a value|expected/],
      ['data after the object', `${good} {}`, /unexpected data after the fixture object at byte \d+/],
      ['a job that is not JSON', good.replace('{"id":"b"', '{"id":b'), /in the value at byte \d+/],
      ['a missing comma between jobs', good.replace('},{"id":"b"', '} {"id":"b"'), /expected ',' or '\]' at byte \d+/],
      ['a raw newline in a string', good.replace('"a"', '"a\nb"'), /control character inside a string at byte \d+/],
      ['empty', '', /expected a value at byte 0/],
    ];
    for (const [name, text, message] of cases) {
      const error = await emulator.seedFile(fixtureFile(undefined, text)).then(() => undefined, (e: unknown) => e);
      assert.instance(error, FixtureJsonError, name);
      assert.match((error as Error).message, message, name);
      assert.is(emulator.store.digest(), digest, `${name}: the store changed`);
    }
    await emulator.seedFile(fixtureFile(undefined, `\n ${good} \n`));
  } finally {
    await emulator.close();
  }
});

test('a fixtureFile is the startup fixture: seeded at start, applied again by a reset (whole, or one service principal)', async () => {
  const path = fixtureFile({ servicePrincipals: [{ id: SP, jobs: [{ id: 'x', templateId: 'scim' }] }, { id: SP2, jobs: [{ id: 'y', templateId: 'aws' }] }] });
  const emulator = newEmulator({ fixtureFile: path });
  try {
    assert.is(await emulator.ready, emulator);
    assert.equal(emulator.startupSeed, { servicePrincipals: 2, templates: 0, secrets: 0, jobs: 2 });
    assert.is((await emulator.fetch(`${ORIGIN}${jobsPath('v1.0', SP)}`, jsonRequest('POST', { templateId: 'aws' }))).status, 201);
    assert.is((await emulator.fetch(`${ORIGIN}${jobPath('y', 'v1.0', SP2)}`, { method: 'DELETE' })).status, 204);
    await emulator.reset({ servicePrincipalId: SP });
    assert.equal(await storedJobIds(emulator), ['x']);
    assert.equal(await storedJobIds(emulator, SP2), []);
    await emulator.reset();
    assert.equal(await storedJobIds(emulator, SP2), ['y']);
  } finally {
    await emulator.close();
  }
});

test('no request caused an internal error', () => {
  assert.equal(internalErrors, []);
});

test.run();
