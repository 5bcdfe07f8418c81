/**
 * Simulated sync cycles on a manual clock, in-process: every status field after each cycle,
 * quarantine and its reduced-frequency retries up to disablement, entry-level errors, restart
 * with each resetScope flag, schema changes, and the checks on planned outcomes.
 * Everything runs on the emulator's clock; real time spent is milliseconds.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Emulator } from '@syncemu/core';
import {
  Api,
  assertGraphError,
  at,
  manualEmulator,
  minutesBetween,
  NEVER,
  normaliseStatus,
  PLACEHOLDER_EXECUTION,
  SALESFORCE_ERROR,
  SP,
  START,
  withoutActivityId,
  withEmulator,
} from './support/lifecycle-support.js';

type Counts = Partial<Record<(typeof COUNT_NAMES)[number], number>>;
const COUNT_NAMES = [
  'countEntitled',
  'countEntitledForProvisioning',
  'countEscrowed',
  'countEscrowedRaw',
  'countExported',
  'countExports',
  'countImported',
  'countImportedDeltas',
  'countImportedReferenceDeltas',
] as const;

/** A synchronizationTaskExecution as the emulator reports it (activityIdentifier normalised). */
function execution(began: string, ended: string, counts: Counts = {}, state = 'Succeeded', error: unknown = null) {
  const all = Object.fromEntries(COUNT_NAMES.map((name) => [name, counts[name] ?? 0]));
  return { activityIdentifier: '<id>', ...all, error, state, timeBegan: began, timeEnded: ended };
}

/** What an initial cycle does by default: 20 entries imported and exported. */
const INITIAL_COUNTS: Counts = { countEntitled: 20, countEntitledForProvisioning: 20, countImported: 20, countExports: 20, countExported: 20 };
/** What an entryLevelErrors outcome does by default on an incremental cycle. */
const ENTRY_ERROR_COUNTS: Counts = { countEntitled: 10, countEntitledForProvisioning: 10, countImported: 10, countExports: 10, countExported: 8, countEscrowed: 2, countEscrowedRaw: 2 };

const NEW_STATUS = {
  code: 'Paused',
  countSuccessiveCompleteFailures: 0,
  escrowsPruned: false,
  lastExecution: null,
  lastSuccessfulExecution: null,
  lastSuccessfulExecutionWithExports: null,
  progress: [],
  quarantine: null,
  steadyStateFirstAchievedTime: NEVER,
  steadyStateLastAchievedTime: NEVER,
  synchronizedEntryCountByType: [],
  troubleshootingUrl: null,
};

const ENTRY_TYPE = 'User to User';


/** The raw run state the emulator keeps for a job (escrows are not visible through Graph). */
function runState(emulator: Emulator, id: string): { kind: string; initialDone: boolean; escrows: number; exported: number; began: string | null } {
  const row = emulator.store.runs.get(SP, id);
  assert.ok(row, 'the job has a run');
  return JSON.parse(row.state);
}

// ---- the clock -------------------------------------------------------------------------------------

test('emulator.clock: now, advance and set (a Date or a string) move only forward; bad input throws ClockError', async () => {
  await withEmulator(async (emulator, api) => {
    assert.is(emulator.clock.kind, 'manual');
    assert.is(emulator.clock.now().toISOString(), START);
    assert.is((await emulator.clock.advance('PT1H30M')).toISOString(), at(90));
    assert.is((await emulator.clock.advance('P1DT2M3.5S')).toISOString(), at(24 * 60 + 92 + 3.5 / 60));
    assert.is((await emulator.clock.set(new Date(Date.parse(START) + 2 * 86_400_000))).toISOString(), at(2 * 24 * 60));
    assert.is((await emulator.clock.set('2030-01-03T00:00:00Z')).toISOString(), at(2 * 24 * 60), 'setting the same instant is fine');
    for (const move of [() => emulator.clock.advance('PT-5M'), () => emulator.clock.advance('-PT5M'), () => emulator.clock.advance('5 minutes'), () => emulator.clock.set('2030-01-01T00:00:00Z'), () => emulator.clock.set('soon')]) {
      let thrown: any;
      try {
        await move();
      } catch (error) {
        thrown = error;
      }
      assert.is(thrown?.name, 'ClockError');
    }
    assert.is(emulator.clock.now().toISOString(), at(2 * 24 * 60));
    // Every timestamp the emulator writes is the clock's: the job's error dates too.
    const reply = await api.graph('GET', '/jobs/scim.none');
    assert.is(reply.body.error.innerError.date, '2030-01-03T00:00:00');
  });
});

// ---- every status field after each cycle ---------------------------------------------------------

test('start, the initial cycle and incremental ones: every status field after each', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    assert.equal(await api.status(id), NEW_STATUS);
    const changes: Counts = { countEntitled: 25, countEntitledForProvisioning: 25, countImported: 5, countImportedDeltas: 5, countImportedReferenceDeltas: 1, countExports: 5, countExported: 5 };
    const customError = { code: 'SystemForCrossDomainIdentityManagementServiceIncompatible', message: 'The SCIM endpoint rejected 1 entry.', tenantActionable: false };
    await emulator.jobs.plan(SP, id, [
      { result: 'succeeded' }, // initial
      { result: 'succeeded' }, // nothing changed
      { result: 'succeeded', counts: changes },
      { result: 'entryLevelErrors' },
      { result: 'entryLevelErrors', counts: { countExports: 4, countExported: 3, countEscrowed: 1, countEscrowedRaw: 3 }, error: customError },
    ]);
    const ids = new Set<string>();
    const check = async (expected: Record<string, unknown>, label: string) => {
      const status = await api.status(id);
      for (const key of ['lastExecution', 'lastSuccessfulExecution', 'lastSuccessfulExecutionWithExports']) {
        if (status[key]?.activityIdentifier) ids.add(status[key].activityIdentifier);
      }
      assert.equal(normaliseStatus(status), { ...NEW_STATUS, ...expected }, label);
      assert.equal(Object.keys(status).sort(), Object.keys(NEW_STATUS).sort(), `${label}: every status property, none more`);
      return status;
    };

    await api.act(id, 'start');
    const notRun = { code: 'NotRun', lastExecution: PLACEHOLDER_EXECUTION, troubleshootingUrl: '' };
    await check(notRun, 'right after start');
    assert.is((await api.job(id)).schedule.state, 'Active');
    await emulator.clock.advance('PT2M59S');
    await check(notRun, 'the initial cycle takes three minutes');

    await emulator.clock.advance('PT1S');
    const initial = execution(START, at(3), INITIAL_COUNTS);
    const afterInitial = {
      code: 'Active',
      lastExecution: initial,
      lastSuccessfulExecution: initial,
      lastSuccessfulExecutionWithExports: initial,
      progress: [{ completedUnits: 20, progressObservationDateTime: at(3), totalUnits: 20, units: 'Entries' }],
      steadyStateFirstAchievedTime: at(3),
      steadyStateLastAchievedTime: at(3),
      synchronizedEntryCountByType: [{ key: ENTRY_TYPE, value: 20 }],
      troubleshootingUrl: '',
    };
    const s1 = await check(afterInitial, 'after the initial cycle');
    assert.is(s1.lastExecution.activityIdentifier, s1.lastSuccessfulExecution.activityIdentifier, 'one execution, reported three times');

    // The next cycle begins one interval (PT40M) after the initial one began.
    await emulator.clock.advance('PT37M');
    await check(afterInitial, 'at 00:40 the first incremental cycle is still running');
    await emulator.clock.advance('PT1M');
    const quiet = execution(at(40), at(41));
    const afterQuiet = { ...afterInitial, lastExecution: quiet, lastSuccessfulExecution: quiet, steadyStateLastAchievedTime: at(41) };
    await check(afterQuiet, 'after an incremental cycle with nothing to do');

    await emulator.clock.advance('PT40M');
    const changed = execution(at(80), at(81), changes);
    const afterChanges = {
      ...afterQuiet,
      lastExecution: changed,
      lastSuccessfulExecution: changed,
      lastSuccessfulExecutionWithExports: changed,
      steadyStateLastAchievedTime: at(81),
      synchronizedEntryCountByType: [{ key: ENTRY_TYPE, value: 25 }],
    };
    await check(afterChanges, 'after an incremental cycle that exported 5 entries');

    await emulator.clock.advance('PT40M');
    const s4 = await api.status(id);
    assert.is(s4.lastExecution.error.code, 'SystemForCrossDomainIdentityManagementBadResponse');
    assert.is(s4.lastExecution.error.tenantActionable, true);
    assert.type(s4.lastExecution.error.message, 'string');
    const escrowed = execution(at(120), at(121), ENTRY_ERROR_COUNTS, 'EntryLevelErrors', s4.lastExecution.error);
    const afterEscrows = {
      ...afterChanges,
      lastExecution: escrowed,
      // Not a success (it had errors) and not steady; it did export 8 entries.
      lastSuccessfulExecutionWithExports: escrowed,
      synchronizedEntryCountByType: [{ key: ENTRY_TYPE, value: 33 }],
    };
    await check(afterEscrows, 'after entry-level errors below the escrow threshold');

    await emulator.clock.advance('PT40M');
    const escrowed2 = execution(at(160), at(161), { ...ENTRY_ERROR_COUNTS, countExports: 4, countExported: 3, countEscrowed: 1, countEscrowedRaw: 3 }, 'EntryLevelErrors', customError);
    const afterEscrows2 = { ...afterEscrows, lastExecution: escrowed2, lastSuccessfulExecutionWithExports: escrowed2, synchronizedEntryCountByType: [{ key: ENTRY_TYPE, value: 36 }] };
    await check(afterEscrows2, 'after entry-level errors with given counts and error');

    await emulator.clock.advance('PT40M');
    const clean = execution(at(200), at(201));
    const afterClean = { ...afterEscrows2, lastExecution: clean, lastSuccessfulExecution: clean, steadyStateLastAchievedTime: at(201) };
    await check(afterClean, 'after the plan: the default outcome, success');

    // Ten hours later: every cycle due ran; the last began at 13:20.
    await emulator.clock.advance('PT10H');
    const last = execution(at(800), at(801));
    await check({ ...afterClean, lastExecution: last, lastSuccessfulExecution: last, steadyStateLastAchievedTime: at(801) }, 'ten hours on');
    assert.is(ids.size, 7, 'each cycle has its own activityIdentifier');
    assert.equal(await api.describePlan(id), { cycle: { kind: 'incremental', began: at(840), completes: at(841) }, outcomes: [], default: { result: 'succeeded' } });
  });
});

test('the interval is the job\'s own: PT20M cycles begin every 20 minutes', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('slack', { schedule: { interval: 'PT20M' } });
    await api.act(id, 'start');
    const began: string[] = [];
    for (let i = 0; i < 5; i++) {
      await api.advance('PT20M');
      began.push((await api.status(id)).lastExecution.timeBegan);
    }
    assert.equal(began, [START, at(20), at(40), at(60), at(80)]);
    assert.equal((await api.status(id)).synchronizedEntryCountByType.map((pair: { value: number }) => pair.value), [20]);
  });
});

test('a cycle never begins before the previous one ended: PT1M interval, 3-minute initial cycle', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    assert.is((await api.graph('PATCH', `/jobs/${id}`, { schedule: { interval: 'PT1M' } })).status, 204);
    await api.act(id, 'start');
    await emulator.clock.advance('PT5M');
    const status = await api.status(id);
    // initial 00:00–00:03, then 00:03–00:04, 00:04–00:05
    assert.is(status.lastExecution.timeBegan, at(4));
    assert.is(status.lastExecution.timeEnded, at(5));
  });
});

// ---- quarantine ------------------------------------------------------------------------------------

test('repeated failures: quarantine, retries less and less often (capped at a day), disabled after four weeks', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('SfSandboxOutDelta');
    await api.act(id, 'start');
    await emulator.clock.advance('PT3M');
    const initial = (await api.status(id)).lastExecution;
    await emulator.jobs.plan(SP, id, [{ result: 'failed', error: SALESFORCE_ERROR, repeat: 1000 }]);
    const started = performance.now();

    await emulator.clock.advance('PT38M'); // the cycle of 00:40–00:41 fails
    let job = await api.job(id);
    const seriesBegan = at(41);
    assert.is(job.schedule.state, 'Active');
    assert.equal(normaliseStatus(job.status), {
      ...NEW_STATUS,
      code: 'Quarantine',
      countSuccessiveCompleteFailures: 1,
      lastExecution: execution(at(40), at(41), {}, 'Failed', SALESFORCE_ERROR),
      lastSuccessfulExecution: withoutActivityId(initial),
      lastSuccessfulExecutionWithExports: withoutActivityId(initial),
      progress: [{ completedUnits: 20, progressObservationDateTime: at(3), totalUnits: 20, units: 'Entries' }],
      quarantine: { currentBegan: seriesBegan, nextAttempt: at(81), reason: 'EncounteredQuarantineException', seriesBegan, seriesCount: 0, error: SALESFORCE_ERROR },
      steadyStateFirstAchievedTime: at(3),
      steadyStateLastAchievedTime: at(3),
      synchronizedEntryCountByType: job.status.synchronizedEntryCountByType,
      troubleshootingUrl: '',
    });
    assert.equal(job.status.synchronizedEntryCountByType.map((pair: { value: number }) => pair.value), [20]);
    assert.match(job.status.synchronizedEntryCountByType[0].key, /^\w+ to \w+$/);

    // Follow each retry: it begins at nextAttempt and (incremental) ends a minute later.
    const spacings: number[] = [minutesBetween(job.status.quarantine.currentBegan, job.status.quarantine.nextAttempt)];
    let previous = job.status.quarantine;
    let retries = 0;
    while (job.schedule.state === 'Active') {
      const retryEnds = at(1, previous.nextAttempt);
      await emulator.clock.set(at(-1 / 60, retryEnds));
      assert.equal((await api.status(id)).quarantine, previous, 'nothing happens before the retry completes');
      await emulator.clock.set(retryEnds);
      job = await api.job(id);
      retries++;
      const q = job.status.quarantine;
      assert.is(job.status.code, 'Quarantine');
      assert.is(job.status.lastExecution.timeBegan, previous.nextAttempt);
      assert.is(job.status.lastExecution.timeEnded, retryEnds);
      assert.is(job.status.lastExecution.state, 'Failed');
      assert.equal(job.status.lastExecution.error, SALESFORCE_ERROR);
      assert.is(job.status.countSuccessiveCompleteFailures, retries + 1);
      assert.is(q.seriesBegan, seriesBegan);
      assert.is(q.seriesCount, retries);
      assert.is(q.currentBegan, retryEnds);
      assert.is(q.reason, 'EncounteredQuarantineException');
      assert.equal(q.error, SALESFORCE_ERROR);
      assert.equal(job.status.lastSuccessfulExecution, initial, 'failures never touch the last success');
      spacings.push(minutesBetween(q.currentBegan, q.nextAttempt));
      const intoSeries = Date.parse(retryEnds) - Date.parse(seriesBegan);
      if (job.schedule.state === 'Disabled') {
        assert.ok(intoSeries > 28 * 86_400_000, 'disabled only after more than four weeks in quarantine');
      } else {
        assert.ok(intoSeries <= 28 * 86_400_000, 'still retrying within four weeks');
      }
      previous = q;
      assert.ok(retries < 100, 'the series ends');
    }
    // 40 min × 2^n: 40, 80, 160, 320, 640, 1280, then once a day.
    assert.equal(spacings, spacings.map((_, n) => Math.min(40 * 2 ** n, 1440)));
    assert.equal(spacings.slice(0, 7), [40, 80, 160, 320, 640, 1280, 1440]);
    assert.ok(spacings.filter((minutes) => minutes === 1440).length >= 20, 'daily retries for most of the four weeks');
    assert.is(job.schedule.state, 'Disabled');
    assert.is(job.status.code, 'Quarantine');

    // Disabled: no more cycles, however long we wait.
    const frozen = await api.job(id);
    const advanced = await api.advance('P60D');
    assert.is(advanced.cyclesRun, 0);
    assert.equal(await api.job(id), frozen);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5000, `stepping through four weeks of quarantine took ${elapsed.toFixed(0)} ms of real time`);
  });
});

test('the same weeks in one advance (well under a second of real time) end exactly where stepping through them ends', async () => {
  const finalStatus = async (step: boolean) => {
    const emulator = await manualEmulator({ idSeed: 7 });
    const api = Api.of(emulator);
    try {
      const id = await api.createJob('scim');
      await emulator.jobs.plan(SP, id, [{ result: 'succeeded' }], { result: 'failed', error: SALESFORCE_ERROR });
      await api.act(id, 'start');
      if (step) for (let day = 0; day < 40; day++) await emulator.clock.advance('P1D');
      else {
        const started = performance.now();
        await emulator.clock.advance('P40D');
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 1000, `four weeks of quarantine and retries took ${elapsed.toFixed(0)} ms of real time`);
      }
      return normaliseStatus(await api.status(id));
    } finally {
      await emulator.close();
    }
  };
  const stepped = await finalStatus(true);
  assert.equal(await finalStatus(false), stepped);
  assert.is(stepped.code, 'Quarantine');
  assert.ok(stepped.quarantine.seriesCount > 25);
});

test('a failing initial cycle: quarantined before ever running; retries are initial cycles; success makes it Active', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await emulator.jobs.plan(SP, id, [{ result: 'failed', error: SALESFORCE_ERROR }]);
    await api.act(id, 'start');
    await emulator.clock.advance('PT3M');
    let status = await api.status(id);
    assert.is(status.code, 'Quarantine');
    assert.equal(withoutActivityId(status.lastExecution), execution(START, at(3), {}, 'Failed', SALESFORCE_ERROR));
    assert.is(status.lastSuccessfulExecution, null);
    assert.is(status.lastSuccessfulExecutionWithExports, null);
    assert.equal(status.progress, []);
    assert.is(status.steadyStateFirstAchievedTime, NEVER);
    assert.equal(status.synchronizedEntryCountByType, []);
    assert.equal(status.quarantine, { currentBegan: at(3), nextAttempt: at(43), reason: 'EncounteredQuarantineException', seriesBegan: at(3), seriesCount: 0, error: SALESFORCE_ERROR });
    // The retry is the initial cycle again: 00:43–00:46.
    await emulator.clock.advance('PT42M59S');
    assert.is((await api.status(id)).code, 'Quarantine');
    await emulator.clock.advance('PT1S');
    status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.is(status.quarantine, null);
    assert.is(status.countSuccessiveCompleteFailures, 0);
    assert.equal(withoutActivityId(status.lastExecution), execution(at(43), at(46), INITIAL_COUNTS));
    assert.is(status.steadyStateFirstAchievedTime, at(46));
    assert.equal(status.progress, [{ completedUnits: 20, progressObservationDateTime: at(46), totalUnits: 20, units: 'Entries' }]);
  });
});

test('a success after failures lifts the quarantine; a later failure begins a new series', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await emulator.jobs.plan(SP, id, [
      { result: 'succeeded' },
      { result: 'failed', error: SALESFORCE_ERROR, repeat: 3 },
      { result: 'succeeded', counts: { countExports: 2, countExported: 2, countImportedDeltas: 2 } },
      { result: 'failed', quarantineReason: 'TooManyDeletes' },
    ]);
    await api.act(id, 'start');
    // initial 00:03; failures at 00:41 (next 01:21), 01:22 (next 02:42), 02:43 (next 05:23)
    await emulator.clock.set(at(163));
    let status = await api.status(id);
    assert.is(status.countSuccessiveCompleteFailures, 3);
    assert.equal(status.quarantine, { currentBegan: at(163), nextAttempt: at(323), reason: 'EncounteredQuarantineException', seriesBegan: at(41), seriesCount: 2, error: SALESFORCE_ERROR });
    assert.equal(await api.describePlan(id), {
      cycle: { kind: 'incremental', began: at(323), completes: at(324) },
      outcomes: [{ result: 'succeeded', counts: { countExports: 2, countExported: 2, countImportedDeltas: 2 } }, { result: 'failed', quarantineReason: 'TooManyDeletes' }],
      default: { result: 'succeeded' },
    });
    await emulator.clock.set(at(324));
    status = await api.status(id);
    const success = execution(at(323), at(324), { countExports: 2, countExported: 2, countImportedDeltas: 2 });
    assert.is(status.code, 'Active');
    assert.is(status.quarantine, null);
    assert.is(status.countSuccessiveCompleteFailures, 0);
    assert.equal(withoutActivityId(status.lastExecution), success);
    assert.equal(withoutActivityId(status.lastSuccessfulExecution), success);
    assert.equal(withoutActivityId(status.lastSuccessfulExecutionWithExports), success);
    assert.is(status.steadyStateLastAchievedTime, at(324));
    assert.equal(status.synchronizedEntryCountByType, [{ key: ENTRY_TYPE, value: 22 }]);
    assert.is((await api.job(id)).schedule.state, 'Active');
    // Back to the normal schedule: the next cycle begins 40 minutes after the successful one began.
    await emulator.clock.set(at(364));
    status = await api.status(id);
    assert.equal(status.quarantine, { currentBegan: at(364), nextAttempt: at(404), reason: 'TooManyDeletes', seriesBegan: at(364), seriesCount: 0, error: status.lastExecution.error });
    assert.is(status.lastExecution.timeBegan, at(363));
    assert.is(status.countSuccessiveCompleteFailures, 1);
    assert.type(status.lastExecution.error.code, 'string');
    assert.is.not(status.lastExecution.error.code, 'None');
  });
});

test('fixture edge cases never stop the clock: a partial quarantine, a zero or negative interval', async () => {
  await withEmulator(async (emulator, api) => {
    // A quarantine without seriesBegan/seriesCount: the next failure begins a series.
    await emulator.seed({
      servicePrincipals: [
        {
          id: SP,
          jobs: [
            {
              id: 'scim.partial',
              templateId: 'scim',
              schedule: { state: 'Active', interval: 'PT40M' },
              status: { code: 'Quarantine', quarantine: { reason: 'Unknown' } },
              '@syncemu.defaultOutcome': { result: 'failed', error: SALESFORCE_ERROR },
            },
          ],
        },
      ],
    });
    await emulator.clock.advance('PT5M');
    const quarantine = (await api.status('scim.partial')).quarantine;
    assert.equal(quarantine, { currentBegan: at(3), nextAttempt: at(43), reason: 'EncounteredQuarantineException', seriesBegan: at(3), seriesCount: 0, error: SALESFORCE_ERROR });
    // Create and PATCH refuse a non-positive interval; should a fixture give one, cycles still move forward.
    for (const interval of ['PT0S', '-PT5M']) {
      const id = `scim.interval${interval}`;
      let refused: unknown;
      try {
        await emulator.seed({ servicePrincipals: [{ id: SP, jobs: [{ id, templateId: 'scim', schedule: { state: 'Active', interval }, '@syncemu.defaultOutcome': { result: 'failed' } }] }] });
      } catch (error) {
        refused = error;
      }
      if (refused) {
        assert.match((refused as Error).message, /interval/);
        continue;
      }
      await emulator.clock.advance('P30D');
      const job = await api.job(id);
      assert.is(job.schedule.state, 'Disabled', `${interval}: four weeks of retries, then disabled`);
      const { seriesBegan, currentBegan } = job.status.quarantine;
      assert.ok(Date.parse(currentBegan) > Date.parse(seriesBegan), 'time moved forward');
    }
  });
});

// ---- entry-level errors --------------------------------------------------------------------------

test('entryLevelErrors: up to 40 % escrowed keeps the job Active; more quarantines it (EncounteredEscrowProportionThreshold)', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await emulator.jobs.plan(SP, id, [
      { result: 'entryLevelErrors' }, // the initial cycle: 20 exports, 2 escrowed
      { result: 'entryLevelErrors', counts: { countExports: 10, countExported: 6, countEscrowed: 4, countEscrowedRaw: 4 } }, // exactly 40 %
      { result: 'entryLevelErrors', counts: { countExports: 10, countExported: 5, countEscrowed: 5, countEscrowedRaw: 5 } }, // 50 %
      { result: 'entryLevelErrors', counts: { countExports: 10, countExported: 9, countEscrowed: 1, countEscrowedRaw: 1 } }, // 10 %: fixed
      { result: 'entryLevelErrors', counts: { countExports: 0, countExported: 0, countEscrowed: 1, countEscrowedRaw: 1 } }, // nothing to export, yet an escrow
    ]);
    await api.act(id, 'start');
    await emulator.clock.advance('PT3M');
    let status = await api.status(id);
    assert.is(status.code, 'Active', 'an initial cycle with entry-level errors completes it');
    assert.equal(withoutActivityId(status.lastExecution), execution(START, at(3), { ...INITIAL_COUNTS, countExported: 18, countEscrowed: 2, countEscrowedRaw: 2 }, 'EntryLevelErrors', status.lastExecution.error));
    assert.is(status.lastSuccessfulExecution, null, 'a run with errors is not a success');
    assert.equal(status.lastSuccessfulExecutionWithExports, status.lastExecution);
    assert.is(status.steadyStateFirstAchievedTime, NEVER, 'steady state is not reached with escrows pending');
    assert.equal(status.progress, [{ completedUnits: 20, progressObservationDateTime: at(3), totalUnits: 20, units: 'Entries' }]);
    assert.equal(status.synchronizedEntryCountByType, [{ key: ENTRY_TYPE, value: 18 }]);
    assert.is(runState(emulator, id).escrows, 2);

    await emulator.clock.set(at(41));
    status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.is(status.quarantine, null);
    assert.is(status.lastExecution.countEscrowed, 4);
    assert.is(runState(emulator, id).escrows, 6, 'escrows accumulate until a clean cycle');

    await emulator.clock.set(at(81));
    status = await api.status(id);
    assert.is(status.code, 'Quarantine');
    assert.is(status.countSuccessiveCompleteFailures, 0, 'entry-level errors are not complete failures');
    assert.is(status.lastExecution.state, 'EntryLevelErrors');
    assert.equal(status.quarantine, {
      currentBegan: at(81),
      nextAttempt: at(121),
      reason: 'EncounteredEscrowProportionThreshold',
      seriesBegan: at(81),
      seriesCount: 0,
      error: status.lastExecution.error,
    });
    assert.is(status.quarantine.error.code, 'SystemForCrossDomainIdentityManagementBadResponse');

    // The retry at 02:01 has 10 % escrowed: below the threshold, the quarantine lifts.
    await emulator.clock.set(at(122));
    status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.is(status.quarantine, null);
    assert.is(status.lastExecution.timeBegan, at(121));

    // No exports expected, one escrow: above any proportion.
    await emulator.clock.set(at(162));
    status = await api.status(id);
    assert.is(status.code, 'Quarantine');
    assert.is(status.quarantine.reason, 'EncounteredEscrowProportionThreshold');
  });
});

// ---- restart with each resetScope flag -------------------------------------------------------------

interface ScopeCase {
  readonly body: unknown;
  readonly label: string;
  readonly quarantine: 'cleared' | 'kept';
  readonly code: string;
  /** synchronizedEntryCountByType right after the restart: kept (28) or cleared ([]). */
  readonly entries: 'kept' | 'cleared';
  readonly escrows: 'kept' | 'cleared';
  readonly next: 'initial' | 'incremental';
  /** synchronizedEntryCountByType's value after that next (successful) cycle. */
  readonly entriesAfter: number;
}

const scopeCase = (label: string, body: unknown, rest: Omit<ScopeCase, 'label' | 'body'>): ScopeCase => ({ label, body, ...rest });
const criteria = (resetScope: unknown) => ({ criteria: { resetScope } });

const SCOPE_CASES: readonly ScopeCase[] = [
  scopeCase('None', criteria('None'), { quarantine: 'cleared', code: 'Active', entries: 'kept', escrows: 'kept', next: 'incremental', entriesAfter: 28 }),
  scopeCase('ConnectorDataStore', criteria('ConnectorDataStore'), { quarantine: 'kept', code: 'Quarantine', entries: 'cleared', escrows: 'kept', next: 'incremental', entriesAfter: 0 }),
  scopeCase('Escrows', criteria('Escrows'), { quarantine: 'kept', code: 'Quarantine', entries: 'kept', escrows: 'cleared', next: 'incremental', entriesAfter: 28 }),
  scopeCase('Watermark', criteria('Watermark'), { quarantine: 'kept', code: 'Quarantine', entries: 'kept', escrows: 'kept', next: 'initial', entriesAfter: 28 }),
  scopeCase('QuarantineState', criteria('QuarantineState'), { quarantine: 'cleared', code: 'Active', entries: 'kept', escrows: 'kept', next: 'incremental', entriesAfter: 28 }),
  scopeCase('Full', criteria('Full'), { quarantine: 'cleared', code: 'NotRun', entries: 'cleared', escrows: 'cleared', next: 'initial', entriesAfter: 20 }),
  scopeCase('ForceDeletes (quarantined for another reason)', criteria('ForceDeletes'), { quarantine: 'kept', code: 'Quarantine', entries: 'kept', escrows: 'kept', next: 'incremental', entriesAfter: 28 }),
  scopeCase('no body', undefined, { quarantine: 'cleared', code: 'NotRun', entries: 'kept', escrows: 'cleared', next: 'initial', entriesAfter: 28 }),
  scopeCase('{}', {}, { quarantine: 'cleared', code: 'NotRun', entries: 'kept', escrows: 'cleared', next: 'initial', entriesAfter: 28 }),
  scopeCase('criteria null', { criteria: null }, { quarantine: 'cleared', code: 'NotRun', entries: 'kept', escrows: 'cleared', next: 'initial', entriesAfter: 28 }),
  scopeCase('criteria {}', { criteria: {} }, { quarantine: 'cleared', code: 'NotRun', entries: 'kept', escrows: 'cleared', next: 'initial', entriesAfter: 28 }),
  scopeCase('resetScope ""', criteria(''), { quarantine: 'cleared', code: 'NotRun', entries: 'kept', escrows: 'cleared', next: 'initial', entriesAfter: 28 }),
  scopeCase('resetScope null', criteria(null), { quarantine: 'cleared', code: 'NotRun', entries: 'kept', escrows: 'cleared', next: 'initial', entriesAfter: 28 }),
  scopeCase('the documented "Watermark, Escrows, QuarantineState"', criteria('Watermark, Escrows, QuarantineState'), { quarantine: 'cleared', code: 'NotRun', entries: 'kept', escrows: 'cleared', next: 'initial', entriesAfter: 28 }),
  scopeCase('names in any case, without spaces', criteria('escrows,QUARANTINESTATE'), { quarantine: 'cleared', code: 'Active', entries: 'kept', escrows: 'cleared', next: 'incremental', entriesAfter: 28 }),
  scopeCase('ConnectorDataStore, Watermark', criteria('ConnectorDataStore, Watermark'), { quarantine: 'kept', code: 'Quarantine', entries: 'cleared', escrows: 'kept', next: 'initial', entriesAfter: 20 }),
];

/**
 * A job with something for every flag to clear: 20 entries from the initial cycle and 8 more
 * from entry-level errors (2 escrows held), then a failure: quarantined at 01:21.
 */
async function quarantinedWithEscrows(emulator: Emulator, api: Api, reason?: string): Promise<string> {
  const id = await api.createJob('scim');
  await emulator.jobs.plan(SP, id, [
    { result: 'succeeded' },
    { result: 'entryLevelErrors' },
    { result: 'failed', error: SALESFORCE_ERROR, ...(reason !== undefined && { quarantineReason: reason }) },
  ]);
  await api.act(id, 'start');
  await emulator.clock.set(at(90));
  const status = await api.status(id);
  assert.is(status.code, 'Quarantine');
  assert.equal(status.synchronizedEntryCountByType, [{ key: ENTRY_TYPE, value: 28 }]);
  assert.is(runState(emulator, id).escrows, 2);
  return id;
}

for (const scope of SCOPE_CASES) {
  test(`restart with ${scope.label}`, async () => {
    await withEmulator(async (emulator, api) => {
      const id = await quarantinedWithEscrows(emulator, api);
      const before = await api.job(id);
      const reply = await api.graph('POST', `/jobs/${id}/restart`, scope.body);
      assert.is(reply.status, 204, reply.text);
      const job = await api.job(id);
      const run = runState(emulator, id);
      assert.is(job.schedule.state, 'Active', 'restart always leaves the job running');
      assert.is(job.status.code, scope.code);
      if (scope.quarantine === 'kept') {
        // kept, but its next attempt is the cycle the restart began, not the retry planned before
        assert.ok(before.status.quarantine.nextAttempt > at(90), before.status.quarantine.nextAttempt);
        assert.equal(job.status.quarantine, { ...before.status.quarantine, nextAttempt: at(90) });
      }
      else assert.is(job.status.quarantine, null);
      assert.equal(job.status.synchronizedEntryCountByType, scope.entries === 'kept' ? [{ key: ENTRY_TYPE, value: 28 }] : []);
      assert.is(run.escrows, scope.escrows === 'kept' ? 2 : 0);
      assert.is(run.kind, scope.next);
      assert.is(run.initialDone, scope.next === 'incremental');
      assert.is(run.began, at(90), 'a cycle begins at once');
      // Nothing else changes until that cycle completes.
      assert.equal(job.status.lastExecution, before.status.lastExecution);
      assert.equal(job.status.lastSuccessfulExecution, before.status.lastSuccessfulExecution);
      assert.is(job.status.countSuccessiveCompleteFailures, 1);
      // The cycle (default outcome: success) completes after 3 or 1 minutes and lifts any quarantine.
      await emulator.clock.set(at(scope.next === 'initial' ? 93 : 91));
      const status = await api.status(id);
      assert.is(status.lastExecution.timeBegan, at(90));
      assert.is(status.lastExecution.countImported, scope.next === 'initial' ? 20 : 0);
      assert.is(status.code, 'Active');
      assert.is(status.quarantine, null);
      assert.is(status.countSuccessiveCompleteFailures, 0);
      assert.equal(status.synchronizedEntryCountByType, [{ key: ENTRY_TYPE, value: scope.entriesAfter }]);
      if (scope.next === 'initial') assert.equal(status.progress, [{ completedUnits: 20, progressObservationDateTime: at(93), totalUnits: 20, units: 'Entries' }]);
      else assert.equal(status.progress, before.status.progress);
    });
  });
}

test('restart with ForceDeletes lifts a TooManyDeletes quarantine (only that one)', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await quarantinedWithEscrows(emulator, api, 'TooManyDeletes');
    assert.is((await api.status(id)).quarantine.reason, 'TooManyDeletes');
    await api.act(id, 'restart', criteria('ForceDeletes'));
    const job = await api.job(id);
    assert.is(job.status.quarantine, null);
    assert.is(job.status.code, 'Active');
    assert.is(runState(emulator, id).escrows, 2);
  });
});

test('restart of a running job with Watermark: NotRun until the new initial cycle completes', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await emulator.clock.advance('PT10M');
    const before = await api.status(id);
    await api.act(id, 'restart', criteria('Watermark'));
    let status = await api.status(id);
    assert.is(status.code, 'NotRun');
    assert.equal(status.lastExecution, before.lastExecution, 'the last execution stays until the new cycle completes');
    assert.is(status.steadyStateFirstAchievedTime, at(3));
    await emulator.clock.advance('PT3M');
    status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.equal(withoutActivityId(status.lastExecution), execution(at(10), at(13), INITIAL_COUNTS));
    assert.is(status.steadyStateFirstAchievedTime, at(3), 'the first steady state stays the first');
    assert.is(status.steadyStateLastAchievedTime, at(13));
    assert.equal(status.synchronizedEntryCountByType, [{ key: ENTRY_TYPE, value: 20 }], 're-processed entries are not counted twice');
  });
});

test('restart\'s resetScope must name synchronizationJobRestartScope flags; a bad one is a 400 that changes nothing', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await quarantinedWithEscrows(emulator, api);
    const before = await api.job(id);
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, criteria('Watermark, Everything')), 400, 'BadRequest', /^'Everything' is not a member of microsoft\.graph\.synchronizationJobRestartScope \(None, ConnectorDataStore, Escrows, Watermark, QuarantineState, Full, ForceDeletes\)\.$/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, criteria('Watermark,,Escrows')), 400, 'BadRequest', /'' is not a member/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, criteria(15)), 400, 'BadRequest', /'criteria\.resetScope' must be a string of flag names/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, criteria(['Full'])), 400, 'BadRequest', /'criteria\.resetScope' must be a string/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, { criteria: 'Full' }), 400, 'BadRequest', /'criteria' must be a synchronizationJobRestartCriteria object/);
    assertGraphError(await api.graph('POST', `/jobs/${id}/restart`, { criteria: { scope: 'Full' } }), 400, 'BadRequest', "Could not find a property named 'scope' on type 'microsoft.graph.synchronizationJobRestartCriteria'.");
    assert.equal(await api.job(id), before);
    assert.is(runState(emulator, id).escrows, 2);
  });
});

// ---- schema changes --------------------------------------------------------------------------------

test('a schema PUT makes the next cycle an initial one (three minutes, every entry re-processed)', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await emulator.clock.advance('PT10M');
    const schema = (await api.graph('GET', `/jobs/${id}/schema`)).body;
    delete schema['@odata.context'];
    schema.synchronizationRules[0].objectMappings[0].attributeMappings.pop();
    assert.is((await api.graph('PUT', `/jobs/${id}/schema`, schema)).status, 204);
    // The job keeps its status code; the cycle it had scheduled (00:40) is now an initial one.
    assert.is((await api.status(id)).code, 'Active');
    assert.equal(await api.describePlan(id), { cycle: { kind: 'initial', began: at(40), completes: at(43) }, outcomes: [], default: { result: 'succeeded' } });
    await emulator.clock.set(at(42));
    assert.is((await api.status(id)).lastExecution.timeBegan, START);
    await emulator.clock.set(at(43));
    let status = await api.status(id);
    assert.equal(withoutActivityId(status.lastExecution), execution(at(40), at(43), INITIAL_COUNTS));
    assert.equal(status.progress, [{ completedUnits: 20, progressObservationDateTime: at(43), totalUnits: 20, units: 'Entries' }]);
    assert.equal(status.synchronizedEntryCountByType, [{ key: ENTRY_TYPE, value: 20 }]);
    // …and the one after is incremental again.
    await emulator.clock.set(at(81));
    status = await api.status(id);
    assert.equal(withoutActivityId(status.lastExecution), execution(at(80), at(81)));

    // DELETE (reset to the template's) does the same; so does a PUT on a paused job, seen at start.
    assert.is((await api.graph('DELETE', `/jobs/${id}/schema`)).status, 204);
    await emulator.clock.set(at(123));
    assert.equal(withoutActivityId((await api.status(id)).lastExecution), execution(at(120), at(123), INITIAL_COUNTS));
    await api.act(id, 'pause');
    assert.is((await api.graph('PUT', `/jobs/${id}/schema`, schema)).status, 204);
    await api.act(id, 'start');
    assert.is((await api.status(id)).code, 'NotRun', 'resumed, but the initial cycle after the schema change has not completed');
    await emulator.clock.advance('PT3M');
    status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.equal(withoutActivityId(status.lastExecution), execution(at(123), at(126), INITIAL_COUNTS));
  });
});

test('a rejected schema PUT changes nothing: the next cycle stays incremental', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await emulator.clock.advance('PT10M');
    assert.is((await api.graph('PUT', `/jobs/${id}/schema`, { directories: 'none' })).status, 400);
    assert.equal((await api.describePlan(id)).cycle, { kind: 'incremental', began: at(40), completes: at(41) });
  });
});

// ---- plans: order, repeat, fixtures, and what they refuse ----------------------------------------------

test('a plan is taken in order, repeat counts down, then the default applies; GET shows what remains', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await api.plan(id, [{ result: 'succeeded' }, { result: 'entryLevelErrors', repeat: 2 }, { result: 'failed' }], { result: 'succeeded', counts: { countImportedDeltas: 1 } });
    const states: string[] = [];
    // 00:03 initial, 00:41, 01:21, 02:01 (fails: retry at 02:41), 02:42
    const ends = [3, 41, 81, 121, 162];
    for (let i = 0; i < ends.length; i++) {
      await emulator.clock.set(at(ends[i]!));
      states.push((await api.status(id)).lastExecution.state);
      if (i === 1) assert.equal((await api.describePlan(id)).outcomes, [{ result: 'entryLevelErrors', repeat: 1 }, { result: 'failed' }]);
    }
    assert.equal(states, ['Succeeded', 'EntryLevelErrors', 'EntryLevelErrors', 'Failed', 'Succeeded']);
    assert.is((await api.status(id)).lastExecution.countImportedDeltas, 1);
    // PUT without outcomes clears the plan; without default keeps the default.
    await api.plan(id, [{ result: 'failed' }]);
    await api.plan(id, []);
    const plan = await api.describePlan(id);
    assert.equal(plan.outcomes, []);
    assert.equal(plan.default, { result: 'succeeded', counts: { countImportedDeltas: 1 } });
  });
});

test('fixture jobs carry their plan and default outcome (@syncemu.plan, @syncemu.defaultOutcome)', async () => {
  await withEmulator(async (emulator, api) => {
    const id = 'scim.fixture.running';
    await emulator.seed({
      servicePrincipals: [
        {
          id: SP,
          jobs: [
            {
              id,
              templateId: 'scim',
              schedule: { state: 'Active', interval: 'PT40M', expiration: null },
              '@syncemu.plan': [{ result: 'failed', error: SALESFORCE_ERROR }],
              '@syncemu.defaultOutcome': { result: 'entryLevelErrors' },
            },
          ],
        },
      ],
    });
    const job = await api.job(id);
    assert.not.ok('@syncemu.plan' in job, 'the annotations are not part of the job');
    assert.equal(await api.describePlan(id), { cycle: { kind: 'initial', began: START, completes: at(3) }, outcomes: [{ result: 'failed', error: SALESFORCE_ERROR }], default: { result: 'entryLevelErrors' } });
    await emulator.clock.advance('PT3M');
    assert.is((await api.status(id)).code, 'Quarantine');
    await emulator.clock.advance('PT43M');
    assert.is((await api.status(id)).lastExecution.state, 'EntryLevelErrors');
    // A fixture with a bad plan is refused whole.
    let refused: unknown;
    try {
      await emulator.seed({ servicePrincipals: [{ id: SP, jobs: [{ id: 'scim.fixture.bad', templateId: 'scim', '@syncemu.plan': [{ result: 'nope' }] }] }] });
    } catch (error) {
      refused = error;
    }
    assert.instance(refused, Error);
    assert.match((refused as Error).message, /result must be one of succeeded, entryLevelErrors, failed/);
    assertGraphError(await api.graph('GET', '/jobs/scim.fixture.bad'), 404, 'Request_ResourceNotFound');
  });
});

/** Bad outcomes, with what the message says (after the `outcomes` / `plan` prefix). */
const BAD_OUTCOMES: readonly [string, unknown, RegExp][] = [
  ['a result that is not one', [{ result: 'exploded' }], /^\[0\]\.result must be one of succeeded, entryLevelErrors, failed\.$/],
  ['no result', [{}], /^\[0\]\.result must be one of/],
  ['a bad second outcome', [{ result: 'succeeded' }, { result: 'Succeeded' }], /^\[1\]\.result must be one of/],
  ['a negative count', [{ result: 'succeeded', counts: { countExported: -1 } }], /^\[0\]\.counts\.countExported must be a non-negative integer\.$/],
  ['a fractional count', [{ result: 'entryLevelErrors', counts: { countEscrowed: 1.5 } }], /^\[0\]\.counts\.countEscrowed must be a non-negative integer\.$/],
  ['a string count', [{ result: 'succeeded', counts: { countExported: '5' } }], /^\[0\]\.counts\.countExported must be a non-negative integer\.$/],
  ['an unknown counter', [{ result: 'succeeded', counts: { countDeleted: 1 } }], /^\[0\]\.counts\.countDeleted is not a counter \(countEntitled, /],
  ['counts that are not an object', [{ result: 'succeeded', counts: [1] }], /^\[0\]\.counts must be an object of counters\.$/],
  ['counts on a failed cycle', [{ result: 'failed', counts: { countExported: 1 } }], /^\[0\]\.counts: a failed cycle exports nothing/],
  ['an error on a succeeded cycle', [{ result: 'succeeded', error: SALESFORCE_ERROR }], /^\[0\]\.error: a succeeded cycle has no error\.$/],
  ['an error that is a string', [{ result: 'failed', error: 'SalesforceInvalidCredentials' }], /^\[0\]\.error must be of type microsoft\.graph\.synchronizationError/],
  ['an error code that is a number', [{ result: 'failed', error: { ...SALESFORCE_ERROR, code: 401 } }], /^\[0\]\.error\.code must be of type Edm\.String/],
  ['an error with an unknown property', [{ result: 'failed', error: { ...SALESFORCE_ERROR, retry: true } }], /^\[0\]\.error\.retry is not a property of microsoft\.graph\.synchronizationError\.$/],
  ['an error without tenantActionable', [{ result: 'failed', error: { code: 'X', message: 'y' } }], /^\[0\]\.error\.tenantActionable is required/],
  ['an error without a code', [{ result: 'entryLevelErrors', error: { message: 'y', tenantActionable: false } }], /^\[0\]\.error\.code is required/],
  ['a quarantineReason on a success', [{ result: 'succeeded', quarantineReason: 'TooManyDeletes' }], /^\[0\]\.quarantineReason applies to failed cycles only\.$/],
  ['an unknown quarantineReason', [{ result: 'failed', quarantineReason: 'Bored' }], /^\[0\]\.quarantineReason must be a quarantineReason \(EncounteredBaseEscrowThreshold, /],
  ['repeat 0', [{ result: 'succeeded', repeat: 0 }], /^\[0\]\.repeat must be an integer from 1 to 100000\.$/],
  ['repeat 1.5', [{ result: 'succeeded', repeat: 1.5 }], /^\[0\]\.repeat must be an integer from 1 to 100000\.$/],
  ['an unknown property', [{ result: 'succeeded', delay: 'PT1M' }], /^\[0\]\.delay is not a property of an outcome \(result, counts, error, quarantineReason, repeat\)\.$/],
  ['an outcome that is not an object', ['succeeded'], /^\[0\] must be an object such as \{"result": "succeeded"\}/],
];

for (const [label, outcomes, message] of BAD_OUTCOMES) {
  test(`a plan with ${label}: 400 over the control route, OutcomeError from emulator.jobs.plan, nothing changed`, async () => {
    await withEmulator(async (emulator, api) => {
      const id = await api.createJob('scim');
      await api.plan(id, [{ result: 'failed' }], { result: 'entryLevelErrors' });
      const before = await api.describePlan(id);
      const url = `/servicePrincipals/${SP}/jobs/${id}/plan`;
      const reply = await api.control('PUT', url, { outcomes });
      assertGraphError(reply, 400, 'BadRequest', new RegExp(`^outcomes${message.source.slice(1)}`));
      let thrown: any;
      try {
        await emulator.jobs.plan(SP, id, outcomes as never);
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown, 'emulator.jobs.plan throws');
      assert.is(thrown.name, 'OutcomeError');
      assert.match(thrown.message, new RegExp(`^plan${message.source.slice(1)}`));
      assert.equal(await api.describePlan(id), before);
    });
  });
}

test('other refusals of the plan route and of emulator.jobs.plan', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    const url = `/servicePrincipals/${SP}/jobs/${id}/plan`;
    assertGraphError(await api.control('PUT', url, { outcomes: 'fail' }), 400, 'BadRequest', 'The outcomes must be an array of outcomes, not a string.');
    assertGraphError(await api.control('PUT', url, { outcomes: [], default: { result: 'never' } }), 400, 'BadRequest', 'default.result must be one of succeeded, entryLevelErrors, failed.');
    assertGraphError(await api.control('PUT', url, { outcomes: [], next: [] }), 400, 'BadRequest', "'next' is not a property of a plan (outcomes, default).");
    assertGraphError(await api.control('PUT', url, [{ result: 'failed' }]), 400, 'BadRequest', 'The body must be {"outcomes": [...], "default": {...}}, not an array.');
    assertGraphError(await api.control('PUT', url, '{"outcomes": ['), 400, 'BadRequest', /Unable to read JSON request payload/);
    assertGraphError(await api.control('DELETE', url), 405, 'Request_BadRequest');
    assertGraphError(await api.control('PUT', `/servicePrincipals/${SP}/jobs/scim.nope/plan`, { outcomes: [] }), 404, 'Request_ResourceNotFound', /Resource 'scim\.nope' does not exist/);
    assertGraphError(await api.control('GET', `/servicePrincipals/not-a-guid/jobs/${id}/plan`), 400, 'BadRequest', "Invalid object identifier 'not-a-guid'.");
    let thrown: any;
    try {
      await emulator.jobs.plan(SP, id, [], { result: 'failed', counts: { countExported: 1 } } as never);
    } catch (error) {
      thrown = error;
    }
    assert.is(thrown?.name, 'OutcomeError');
    assert.match(thrown.message, /^default\.counts: a failed cycle exports nothing/);
    thrown = undefined;
    try {
      await emulator.jobs.plan(SP, 'scim.nope', []);
    } catch (error) {
      thrown = error;
    }
    assert.is(thrown?.name, 'GraphError');
    assert.is(thrown.status, 404);
    assert.is(thrown.code, 'Request_ResourceNotFound');
    // The service principal id is case-insensitive in-process too.
    await emulator.jobs.plan(SP.toUpperCase(), id, [{ result: 'failed' }]);
    assert.equal((await api.describePlan(id)).outcomes, [{ result: 'failed' }]);
  });
});

test.run();
