/**
 * `GET /_syncemu/servicePrincipals/{spId}/jobs/{jobId}/timeline` (decisions.md §11, the
 * workbench's `timeline`): the last 32 events of a job's life (actions, completed cycles, the
 * disablement a long quarantine brings), recorded with each change, and carried by reset,
 * snapshots and restore.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEmulator, type Emulator } from '@syncemu/core';
import { Api, assertGraphError, at, SP, START, withEmulator } from './support/lifecycle-support.js';

const OTHER = '0f0e0d0c-0b0a-4909-8807-060504030201';

async function timeline(api: Api, id: string, sp = api.sp): Promise<any> {
  const reply = await api.control('GET', `/servicePrincipals/${sp}/jobs/${encodeURIComponent(id)}/timeline`);
  assert.is(reply.status, 200, reply.text);
  return reply.body;
}

/** A completed cycle as the timeline shows it. */
function cycle(number: number, began: string, ended: string, fields: Record<string, unknown>) {
  return { number, at: ended, kind: 'cycle', cycle: 'incremental', began, result: 'succeeded', status: 'Active', quarantined: false, quarantineReason: null, exported: 0, skipped: 0, ...fields };
}

test('start, the initial cycle, a failure that quarantines, pause, restart: each an event, in order, with the run as the plan GET shows it', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    assert.equal(await timeline(api, id), { value: [], cycle: null, outcomes: [], default: { result: 'succeeded' } });

    await api.act(id, 'start');
    await emulator.clock.advance('PT3M'); // the initial cycle completes at 00:03
    await api.plan(id, [{ result: 'failed', quarantineReason: 'EncounteredQuarantineException' }, { result: 'entryLevelErrors' }]);
    await emulator.clock.advance('PT38M'); // the incremental cycle of 00:40-00:41 fails
    const start = { number: 0, at: START, kind: 'start', status: 'NotRun' };
    const initial = cycle(1, START, at(3), { cycle: 'initial', exported: 20 });
    const failure = cycle(2, at(40), at(41), { result: 'failed', status: 'Quarantine', quarantined: true, quarantineReason: 'EncounteredQuarantineException' });
    assert.equal(await timeline(api, id), {
      value: [start, initial, failure],
      // the retry: 40 minutes after the failure, an incremental cycle of one minute
      cycle: { kind: 'incremental', began: at(81), completes: at(82) },
      outcomes: [{ result: 'entryLevelErrors' }],
      default: { result: 'succeeded' },
    });
    // the timeline's run is the plan GET's
    const { value, ...run } = await timeline(api, id);
    assert.equal(run, await api.describePlan(id));

    await api.act(id, 'pause');
    await emulator.clock.advance('PT1H'); // paused: nothing more happens
    await api.act(id, 'restart', { criteria: { resetScope: 'QuarantineState, Watermark' } });
    assert.equal(await timeline(api, id), {
      value: [
        start,
        initial,
        failure,
        { number: 3, at: at(41), kind: 'pause', status: 'Paused' },
        { number: 4, at: at(101), kind: 'restart', status: 'NotRun', scope: ['Watermark', 'QuarantineState'] },
      ],
      cycle: { kind: 'initial', began: at(101), completes: at(104) },
      outcomes: [{ result: 'entryLevelErrors' }],
      default: { result: 'succeeded' },
    });
    // the new initial cycle ends with entry-level errors: 10 % escrowed keeps the job Active
    await emulator.clock.advance('PT3M');
    assert.equal((await timeline(api, id)).value.at(-1), cycle(5, at(101), at(104), { cycle: 'initial', result: 'entryLevelErrors', exported: 18 }));
  });
});

test('a day of uneventful cycles: the ones fast-forwarded are counted in `skipped` of the cycle that folds them', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    assert.is((await api.advance('P1D')).cyclesRun, 3);
    assert.equal((await timeline(api, id)).value, [
      { number: 0, at: START, kind: 'start', status: 'NotRun' },
      cycle(1, START, at(3), { cycle: 'initial', exported: 20 }),
      // then every 40 minutes the same cycle: the 33 of 00:40 … 22:00 fold into the one of 22:40
      cycle(2, at(22 * 60 + 40), at(22 * 60 + 41), { skipped: 33 }),
      cycle(3, at(23 * 60 + 20), at(23 * 60 + 21), {}),
    ]);
  });
});

test('four weeks of failures: every retry a cycle event, then `disabled`; the ring keeps the last 32, oldest first', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await emulator.jobs.plan(SP, id, [{ result: 'succeeded' }], { result: 'failed', quarantineReason: 'EncounteredEscrowProportionThreshold' });
    await api.act(id, 'start');
    await emulator.clock.advance('P40D');
    const { value } = await timeline(api, id);
    assert.is(value.length, 32);
    const last = value.at(-1);
    const total = last.number + 1;
    assert.ok(total > 32, `${total} events`);
    assert.equal(value.map((event: { number: number }) => event.number), Array.from({ length: 32 }, (_, i) => total - 32 + i));
    const job = await api.job(id);
    assert.is(job.schedule.state, 'Disabled');
    const quarantine = job.status.quarantine;
    assert.equal(last, { number: total - 1, at: quarantine.currentBegan, kind: 'disabled', quarantineReason: 'EncounteredEscrowProportionThreshold', seriesBegan: quarantine.seriesBegan });
    const finalCycle = value.at(-2);
    assert.equal(finalCycle, cycle(total - 2, job.status.lastExecution.timeBegan, quarantine.currentBegan, { result: 'failed', status: 'Quarantine', quarantined: true, quarantineReason: 'EncounteredEscrowProportionThreshold' }));
    assert.ok(value.slice(0, -1).every((event: { kind: string; result: string }) => event.kind === 'cycle' && event.result === 'failed'));
    // disabled: no more events
    await emulator.clock.advance('P10D');
    assert.is((await timeline(api, id)).value.at(-1).number, total - 1);
  });
});

test('the ring over HTTP: 40 actions keep the last 32, in order', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    for (let i = 0; i < 20; i++) {
      await api.act(id, 'start');
      await api.act(id, 'pause');
    }
    const { value } = await timeline(api, id);
    assert.equal(
      value.map((event: { number: number; kind: string }) => `${event.number} ${event.kind}`),
      Array.from({ length: 32 }, (_, i) => `${8 + i} ${(8 + i) % 2 === 0 ? 'start' : 'pause'}`),
    );
    assert.equal(value[0], { number: 8, at: START, kind: 'start', status: 'NotRun' });
  });
});

test('bad requests: a malformed id is a 400, an unknown job a 404, another method a 405; none writes', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    const digest = emulator.store.digest();
    assertGraphError(await api.control('GET', `/servicePrincipals/not-a-guid/jobs/${id}/timeline`), 400, 'Request_BadRequest', "Invalid object identifier 'not-a-guid'.");
    assertGraphError(
      await api.control('GET', `/servicePrincipals/${SP}/jobs/scim.none/timeline`),
      404,
      'Request_ResourceNotFound',
      "Resource 'scim.none' does not exist or one of its queried reference-property objects are not present.",
    );
    assertGraphError(await api.control('GET', `/servicePrincipals/${OTHER}/jobs/${id}/timeline`), 404, 'Request_ResourceNotFound');
    const post = await api.control('POST', `/servicePrincipals/${SP}/jobs/${id}/timeline`, {});
    assertGraphError(post, 405, 'Request_BadRequest');
    assert.is(post.headers.get('allow'), 'GET');
    assertGraphError(await api.control('DELETE', `/servicePrincipals/${SP}/jobs/${id}/timeline`), 405, 'Request_BadRequest');
    // the upper-case id is the same service principal
    assert.is((await api.control('GET', `/servicePrincipals/${SP.toUpperCase()}/jobs/${id}/timeline`)).status, 200);
    assert.is(emulator.store.digest(), digest);
  });
});

/** An emulator with a startup fixture: a running job in each of two service principals. */
function fixtureEmulator(): Emulator {
  return createEmulator({
    clock: { kind: 'manual', start: START },
    fixture: {
      servicePrincipals: [
        { id: SP, jobs: [{ id: 'scim.mine', templateId: 'scim', schedule: { state: 'Active' } }] },
        { id: OTHER, jobs: [{ id: 'scim.theirs', templateId: 'scim', schedule: { state: 'Active' } }] },
      ],
    },
  });
}

test('reset empties the events (all of them, or one service principal\'s); snapshot and restore carry them', async () => {
  const emulator = fixtureEmulator();
  try {
    const fetchFn = (input: string, init?: RequestInit) => emulator.fetch(input, init);
    const mine = new Api(fetchFn, 'https://graph.microsoft.com', SP);
    const theirs = new Api(fetchFn, 'https://graph.microsoft.com', OTHER);
    await mine.advance('PT3M');
    await mine.act('scim.mine', 'pause');
    const taken = await timeline(mine, 'scim.mine');
    assert.equal(taken.value, [cycle(0, START, at(3), { cycle: 'initial', exported: 20 }), { number: 1, at: at(3), kind: 'pause', status: 'Paused' }]);
    assert.is((await mine.control('POST', '/snapshots', { name: 'paused' })).status, 201);

    await mine.act('scim.mine', 'start');
    await mine.advance('PT2H');
    assert.equal((await timeline(mine, 'scim.mine')).value.map((event: { kind: string }) => event.kind), ['cycle', 'pause', 'start', 'cycle', 'cycle']);
    assert.is((await mine.control('POST', '/snapshots/paused/restore')).status, 204);
    assert.equal(await timeline(mine, 'scim.mine'), taken);
    // numbering goes on from the restored count
    await mine.act('scim.mine', 'start');
    assert.equal((await timeline(mine, 'scim.mine')).value.at(-1), { number: 2, at: at(3), kind: 'start', status: 'Active' });

    // reset of one service principal: its jobs come back from the fixture without events; the other's keep theirs
    const theirsBefore = await timeline(theirs, 'scim.theirs');
    assert.is(theirsBefore.value.length, 1);
    assert.is((await mine.control('POST', '/reset', { servicePrincipalId: SP })).status, 204);
    assert.equal((await timeline(mine, 'scim.mine')).value, []);
    assert.equal(await timeline(theirs, 'scim.theirs'), theirsBefore);

    // reset of everything: none left anywhere, and numbering begins again at 0
    await mine.act('scim.mine', 'pause');
    await emulator.reset();
    assert.equal((await timeline(mine, 'scim.mine')).value, []);
    assert.equal((await timeline(theirs, 'scim.theirs')).value, []);
    await mine.act('scim.mine', 'pause');
    assert.equal((await timeline(mine, 'scim.mine')).value, [{ number: 0, at: START, kind: 'pause', status: 'Paused' }]);
    // a deleted job takes its events along
    assert.is((await mine.graph('DELETE', '/jobs/scim.mine')).status, 204);
    assertGraphError(await mine.control('GET', `/servicePrincipals/${SP}/jobs/scim.mine/timeline`), 404, 'Request_ResourceNotFound');
  } finally {
    await emulator.close();
  }
});

test('an action refused (unknown job) records nothing, and an action and its event are one transaction', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    const before = await timeline(api, id);
    assertGraphError(await api.graph('POST', '/jobs/scim.none/start'), 404, 'Request_ResourceNotFound');
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, { criteria: { resetScope: 'Nope' } }), 400, 'BadRequest');
    assert.equal(await timeline(api, id), before);
    // a failing write inside the action leaves neither the event nor the change
    const store = emulator.store;
    const record = store.events.record;
    store.events.record = () => {
      throw new Error('disk full');
    };
    try {
      const reply = await api.graph('POST', `/jobs/${id}/pause`);
      assert.is(reply.status, 500, reply.text);
    } finally {
      store.events.record = record;
    }
    assert.equal(await timeline(api, id), before);
    assert.is((await api.status(id)).code, 'NotRun');
  }, { onInternalError: () => {} });
});

test.run();
