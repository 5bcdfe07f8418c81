/**
 * The job state machine (graph-sync-api.md §6.2 as refined by docs/decisions/0006) as a table:
 * every (state, action) pair, driven through HTTP (`emulator.fetch`, the clock and plans over the
 * `/_syncemu/` control routes). Each row checks the 204, the resulting schedule.state,
 * status.code and quarantine, and what the next cycle does.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Emulator } from '@syncemu/core';
import { Api, assertGraphError, at, manualEmulator, PLACEHOLDER_EXECUTION, SALESFORCE_ERROR, START } from './support/lifecycle-support.js';

type StateName = 'new' | 'notRun' | 'running' | 'paused' | 'quarantined' | 'disabled';
type Action = 'start' | 'pause' | 'restart' | 'delete';

interface Built {
  readonly emulator: Emulator;
  readonly api: Api;
  readonly id: string;
}

/** How each state is reached, with the clock where the table's action happens. */
const BUILD: Readonly<Record<StateName, (api: Api, id: string) => Promise<void>>> = {
  new: async () => {},
  notRun: async (api, id) => {
    await api.act(id, 'start');
  },
  running: async (api, id) => {
    await api.act(id, 'start');
    await api.advance('PT3M'); // the initial cycle completes at 00:03
  },
  paused: async (api, id) => {
    await BUILD.running(api, id);
    await api.act(id, 'pause');
  },
  quarantined: async (api, id) => {
    await BUILD.running(api, id);
    await api.plan(id, [{ result: 'failed', error: SALESFORCE_ERROR }]);
    await api.advance('PT38M'); // the incremental cycle of 00:40–00:41 fails
  },
  disabled: async (api, id) => {
    await BUILD.running(api, id);
    await api.plan(id, [], { result: 'failed', error: SALESFORCE_ERROR });
    await api.advance('P30D'); // every retry fails; one more than four weeks into the series disables the job
    await api.plan(id, [], { result: 'succeeded' }); // from here on, cycles succeed
  },
};

/** What each state looks like (checked before any action, so the table starts where it says). */
const LOOKS: Readonly<Record<StateName, { schedule: string; code: string; quarantined: boolean }>> = {
  new: { schedule: 'Disabled', code: 'Paused', quarantined: false },
  notRun: { schedule: 'Active', code: 'NotRun', quarantined: false },
  running: { schedule: 'Active', code: 'Active', quarantined: false },
  paused: { schedule: 'Paused', code: 'Paused', quarantined: false },
  quarantined: { schedule: 'Active', code: 'Quarantine', quarantined: true },
  disabled: { schedule: 'Disabled', code: 'Quarantine', quarantined: true },
};

/**
 * The next cycle after the action: none (nothing runs for a day), or one of a kind that begins
 * at once ('now') or at a given instant; `deleted` for delete.
 */
type Next = { readonly none: true } | { readonly kind: 'initial' | 'incremental'; readonly begins: 'now' | string } | { readonly deleted: true };

interface Row {
  readonly schedule?: string;
  readonly code?: string;
  /** Whether `status.quarantine` is still set after the action. */
  readonly quarantine?: 'cleared' | 'kept';
  readonly next: Next;
}

const NONE: Next = { none: true };
const DELETED: Row = { next: { deleted: true } };
const initialNow: Next = { kind: 'initial', begins: 'now' };
const incrementalNow: Next = { kind: 'incremental', begins: 'now' };

/** The table. */
const TABLE: Readonly<Record<StateName, Readonly<Record<Action, Row>>>> = {
  new: {
    start: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: initialNow },
    pause: { schedule: 'Paused', code: 'Paused', quarantine: 'cleared', next: NONE },
    restart: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: initialNow },
    delete: DELETED,
  },
  notRun: {
    // Start on a running job changes nothing: the initial cycle begun at 00:00 goes on.
    start: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: { kind: 'initial', begins: START } },
    pause: { schedule: 'Paused', code: 'Paused', quarantine: 'cleared', next: NONE },
    restart: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: initialNow },
    delete: DELETED,
  },
  running: {
    // No-op: the next incremental cycle still begins interval (40 min) after the last one began.
    start: { schedule: 'Active', code: 'Active', quarantine: 'cleared', next: { kind: 'incremental', begins: at(40) } },
    pause: { schedule: 'Paused', code: 'Paused', quarantine: 'cleared', next: NONE },
    restart: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: initialNow },
    delete: DELETED,
  },
  paused: {
    start: { schedule: 'Active', code: 'Active', quarantine: 'cleared', next: incrementalNow },
    pause: { schedule: 'Paused', code: 'Paused', quarantine: 'cleared', next: NONE },
    restart: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: initialNow },
    delete: DELETED,
  },
  quarantined: {
    start: { schedule: 'Active', code: 'Active', quarantine: 'cleared', next: incrementalNow },
    pause: { schedule: 'Paused', code: 'Paused', quarantine: 'kept', next: NONE },
    restart: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: initialNow },
    delete: DELETED,
  },
  disabled: {
    // graph-sync-api.md §6.2 proposes NotRun here; the job did complete its initial cycle, so
    // syncemu resumes it as Active (decision 0006: start resumes).
    start: { schedule: 'Active', code: 'Active', quarantine: 'cleared', next: incrementalNow },
    pause: { schedule: 'Paused', code: 'Paused', quarantine: 'kept', next: NONE },
    restart: { schedule: 'Active', code: 'NotRun', quarantine: 'cleared', next: initialNow },
    delete: DELETED,
  },
};

async function build(state: StateName): Promise<Built> {
  const emulator = await manualEmulator();
  const api = Api.of(emulator);
  const id = await api.createJob('scim');
  await BUILD[state](api, id);
  return { emulator, api, id };
}

for (const state of Object.keys(LOOKS) as StateName[]) {
  test(`state ${state} is what the table assumes`, async () => {
    const { emulator, api, id } = await build(state);
    try {
      const job = await api.job(id);
      const looks = LOOKS[state];
      assert.is(job.schedule.state, looks.schedule);
      assert.is(job.status.code, looks.code);
      assert.is(job.status.quarantine !== null, looks.quarantined);
      if (looks.quarantined) {
        assert.is(job.status.quarantine.reason, 'EncounteredQuarantineException');
        assert.equal(job.status.quarantine.error, SALESFORCE_ERROR);
      }
      if (state === 'notRun') assert.equal(job.status.lastExecution, PLACEHOLDER_EXECUTION);
      if (state === 'new') assert.is(job.status.lastExecution, null);
      if (state === 'disabled') {
        // Disabled means no more retries: a further week changes nothing.
        const before = job.status.lastExecution;
        await api.advance('P7D');
        assert.equal((await api.status(id)).lastExecution, before);
      }
    } finally {
      await emulator.close();
    }
  });
}

for (const state of Object.keys(TABLE) as StateName[]) {
  for (const action of Object.keys(TABLE[state]) as Action[]) {
    const row = TABLE[state][action];
    test(`${state} × ${action}`, async () => {
      const { emulator, api, id } = await build(state);
      try {
        const actedAt = await api.now();
        const before = await api.job(id);
        if (action === 'delete') {
          const reply = await api.graph('DELETE', `/jobs/${id}`);
          assert.is(reply.status, 204, reply.text);
          assert.is(reply.text, '');
          await checkDeleted(emulator, api, id);
          return;
        }
        await api.act(id, action);
        const after = await api.job(id);
        assert.is(after.schedule.state, row.schedule, 'schedule.state');
        assert.is(after.status.code, row.code, 'status.code');
        if (row.quarantine === 'kept') assert.equal(after.status.quarantine, before.status.quarantine, 'quarantine kept as it was');
        else assert.is(after.status.quarantine, null, 'quarantine cleared');
        // Everything else about the job stays.
        assert.equal(after.schedule.interval, before.schedule.interval);
        assert.equal(after.synchronizationJobSettings, before.synchronizationJobSettings);
        assert.is(after.status.countSuccessiveCompleteFailures, before.status.countSuccessiveCompleteFailures);
        if (after.status.code === 'NotRun' && before.status.lastExecution === null) {
          assert.equal(after.status.lastExecution, PLACEHOLDER_EXECUTION, 'a job that never ran shows the placeholder execution');
        } else {
          assert.equal(after.status.lastExecution, before.status.lastExecution, 'the action itself runs no cycle');
        }
        if (after.schedule.state === 'Active') assert.is(after.status.troubleshootingUrl, '');
        await checkNext(api, id, row.next, actedAt, after);
      } finally {
        await emulator.close();
      }
    });
  }
}

async function checkNext(api: Api, id: string, next: Next, actedAt: string, after: any): Promise<void> {
  if ('none' in next) {
    await api.advance('P1D');
    const later = await api.job(id);
    assert.equal(later.status, after.status, 'no cycle ran in a day');
    assert.equal(later.schedule, after.schedule);
    return;
  }
  if ('deleted' in next) return;
  const began = next.begins === 'now' ? actedAt : next.begins;
  const ends = at(next.kind === 'initial' ? 3 : 1, began);
  // One second before it ends, the cycle has not completed.
  await api.setClock(at(-1 / 60, ends));
  assert.equal((await api.status(id)).lastExecution, after.status.lastExecution, 'the cycle is still running');
  await api.setClock(ends);
  const status = await api.status(id);
  assert.is(status.lastExecution.timeBegan, began);
  assert.is(status.lastExecution.timeEnded, ends);
  assert.is(status.lastExecution.state, 'Succeeded');
  assert.is(status.lastExecution.error, null);
  // An initial cycle (re)processes every entry; an incremental one of a steady job has nothing to do.
  assert.is(status.lastExecution.countImported, next.kind === 'initial' ? 20 : 0);
  assert.is(status.code, 'Active');
  assert.is(status.quarantine, null);
  assert.is(status.countSuccessiveCompleteFailures, 0);
  assert.equal(status.lastSuccessfulExecution, status.lastExecution);
  assert.is(status.steadyStateLastAchievedTime, ends);
  if (next.kind === 'initial') assert.equal(status.progress, [{ completedUnits: 20, progressObservationDateTime: ends, totalUnits: 20, units: 'Entries' }]);
  assert.is((await api.job(id)).schedule.state, 'Active');
  // And the job keeps running: the following cycle begins one interval (40 min) after this one began.
  await api.setClock(at(41, began));
  const following = await api.status(id);
  assert.is(following.lastExecution.timeBegan, at(40, began));
  assert.is(following.lastExecution.timeEnded, at(41, began));
}

async function checkDeleted(emulator: Emulator, api: Api, id: string): Promise<void> {
  assertGraphError(await api.graph('GET', `/jobs/${id}`), 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const list = await api.graph('GET', '/jobs');
  assert.equal(list.body.value, []);
  // Its run and plan went with it: nothing is due, a day passes quietly, and every action is a 404.
  assert.is(emulator.store.runs.get(api.sp, id), undefined);
  assertGraphError(await api.control('GET', `/servicePrincipals/${api.sp}/jobs/${id}/plan`), 404, 'Request_ResourceNotFound');
  const advanced = await api.advance('P1D');
  assert.is(advanced.cyclesRun, 0);
  for (const action of ['start', 'pause', 'restart']) {
    assertGraphError(await api.graph('POST', `/jobs/${id}/${action}`), 404, 'Request_ResourceNotFound');
  }
  assertGraphError(await api.graph('DELETE', `/jobs/${id}`), 404, 'Request_ResourceNotFound');
}

test('a deleted job re-seeded under the same id starts afresh: no run, no plan, no schema of its own', async () => {
  const emulator = await manualEmulator();
  const api = Api.of(emulator);
  try {
    const id = 'scim.0123456789abcdef0123456789abcdef.00000000-0000-4000-8000-000000000001';
    await emulator.seed({ servicePrincipals: [{ id: api.sp, jobs: [{ id, templateId: 'scim' }] }] });
    await api.act(id, 'start');
    await api.plan(id, [{ result: 'failed' }], { result: 'entryLevelErrors' });
    const schema = (await api.graph('GET', `/jobs/${id}/schema`)).body;
    delete schema['@odata.context'];
    schema.synchronizationRules[0].name = 'RENAMED';
    assert.is((await api.graph('PUT', `/jobs/${id}/schema`, schema)).status, 204);
    assert.is((await api.graph('DELETE', `/jobs/${id}`)).status, 204);
    await emulator.seed({ servicePrincipals: [{ id: api.sp, jobs: [{ id, templateId: 'scim' }] }] });
    const job = await api.job(id);
    assert.is(job.schedule.state, 'Disabled');
    assert.is(job.status.code, 'Paused');
    const plan = await api.describePlan(id);
    assert.equal(plan, { cycle: null, outcomes: [], default: { result: 'succeeded' } });
    assert.is.not((await api.graph('GET', `/jobs/${id}/schema`)).body.synchronizationRules[0].name, 'RENAMED');
  } finally {
    await emulator.close();
  }
});

test('repeated actions are idempotent: start twice, pause twice, restart twice', async () => {
  const emulator = await manualEmulator();
  const api = Api.of(emulator);
  try {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await api.advance('PT1M');
    await api.act(id, 'start'); // the initial cycle begun at 00:00 is not restarted
    await api.advance('PT2M');
    let status = await api.status(id);
    assert.is(status.lastExecution.timeBegan, START);
    assert.is(status.lastExecution.timeEnded, at(3));
    await api.act(id, 'pause');
    await api.act(id, 'pause');
    assert.is((await api.job(id)).schedule.state, 'Paused');
    await api.act(id, 'restart');
    await api.advance('PT1M');
    await api.act(id, 'restart'); // a second restart begins the initial cycle again, now
    await api.advance('PT3M');
    status = await api.status(id);
    assert.is(status.lastExecution.timeBegan, at(4));
    assert.is(status.lastExecution.timeEnded, at(7));
    assert.is(status.code, 'Active');
  } finally {
    await emulator.close();
  }
});

test('actions take no parameters but restart\'s criteria: unknown ones are 400s that change nothing', async () => {
  const emulator = await manualEmulator();
  const api = Api.of(emulator);
  try {
    const id = await api.createJob('scim');
    assertGraphError(await api.graph('POST', `/jobs/${id}/start`, { now: true }), 400, 'BadRequest', /'now' is not a parameter of the start action/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/pause`, { x: 1 }), 400, 'BadRequest', /'x' is not a parameter of the pause action/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, { scope: 'Full' }), 400, 'BadRequest', /'scope' is not a parameter of the restart action; its parameters are criteria/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/start`, '[]'), 400, 'BadRequest', /must be a JSON object/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/start`, '{', { 'content-type': 'application/json' }), 400, 'BadRequest', /Unable to read JSON request payload/);
    const job = await api.job(id);
    assert.is(job.schedule.state, 'Disabled');
    assert.is(job.status.code, 'Paused');
    // An empty JSON object is as good as no body.
    await api.act(id, 'start', {});
    assert.is((await api.job(id)).status.code, 'NotRun');
  } finally {
    await emulator.close();
  }
});

test.run();
