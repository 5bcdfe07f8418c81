/**
 * Run state survives a restart of a file database: the emulator (or a `syncemu serve` process)
 * stops, the clock moves on, and a new one completes the cycles that fell due meanwhile, in
 * order, each stamped with its own due time; plans survive too. A year's gap catches up quickly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@syncemu/core';
import { Api, at, manualEmulator, minutesBetween, SALESFORCE_ERROR, SP, START } from './support/lifecycle-support.js';
import { runCliProcess, startServerProcess } from './support/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'syncemu-lifecycle-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const newDatabase = () => join(dir, `run-${++counter}.sqlite`);

/** Opens the file database with a manual clock at `start`, runs `body`, and closes it. */
async function session<T>(database: string, start: string, body: (emulator: Emulator, api: Api) => Promise<T>): Promise<T> {
  const emulator = await manualEmulator({ database }, start);
  try {
    return await body(emulator, Api.of(emulator));
  } finally {
    await emulator.close();
  }
}

test('cycles that fell due while the emulator was closed complete on the first request, in order, at their own due times; plans survive', async () => {
  const db = newDatabase();
  const { id, other } = await session(db, START, async (emulator, api) => {
    const id = await api.createJob('scim');
    const other = await api.createJob('slack', { schedule: { interval: 'PT25M' } });
    await api.act(id, 'start');
    await api.act(other, 'start');
    await emulator.clock.advance('PT3M');
    await api.plan(id, [
      { result: 'succeeded', counts: { countImportedDeltas: 1, countExports: 1, countExported: 1 } }, // 00:40–00:41
      { result: 'entryLevelErrors' }, // 01:20–01:21
      { result: 'failed', error: SALESFORCE_ERROR }, // 02:00–02:01, retry at 02:41
      { result: 'succeeded', counts: { countExports: 2, countExported: 2 } }, // the retry, 02:41–02:42
      { result: 'failed', quarantineReason: 'TooManyDeletes' }, // 03:21–03:22, retry at 04:02
    ]);
    await emulator.clock.advance('PT7M');
    return { id, other };
  });

  // Two and a half hours later.
  await session(db, at(150), async (emulator, api) => {
    const pending = emulator.store.runs.get(SP, id);
    assert.is(pending?.dueAt, at(41), 'nothing has run before the first request');
    const status = await api.status(id);
    assert.is(status.code, 'Quarantine');
    assert.is(status.countSuccessiveCompleteFailures, 1);
    assert.is(status.lastExecution.timeBegan, at(120));
    assert.is(status.lastExecution.timeEnded, at(121));
    assert.equal(status.lastExecution.error, SALESFORCE_ERROR);
    assert.is(status.lastSuccessfulExecution.timeBegan, at(40));
    assert.is(status.lastSuccessfulExecution.countExported, 1);
    assert.is(status.lastSuccessfulExecutionWithExports.timeBegan, at(80));
    assert.is(status.lastSuccessfulExecutionWithExports.state, 'EntryLevelErrors');
    assert.equal(status.quarantine, { currentBegan: at(121), nextAttempt: at(161), reason: 'EncounteredQuarantineException', seriesBegan: at(121), seriesCount: 0, error: SALESFORCE_ERROR });
    assert.equal(status.synchronizedEntryCountByType.map((pair: { value: number }) => pair.value), [29]);
    assert.is(status.steadyStateLastAchievedTime, at(41));
    // What remains of the plan is still there.
    assert.equal(await api.describePlan(id), {
      cycle: { kind: 'incremental', began: at(161), completes: at(162) },
      outcomes: [{ result: 'succeeded', counts: { countExports: 2, countExported: 2 } }, { result: 'failed', quarantineReason: 'TooManyDeletes' }],
      default: { result: 'succeeded' },
    });
    // The other job, on its own 25-minute interval, caught up too (cycles at 00:25, 00:50, … 02:05).
    const second = await api.status(other);
    assert.is(second.lastExecution.timeBegan, at(125));
    assert.is(second.lastExecution.timeEnded, at(126));
    assert.is(second.steadyStateLastAchievedTime, at(126));
    assert.is(second.code, 'Active');
  });

  // And again at 05:00: the retry lifted the quarantine, the next failure quarantined, its retry lifted it.
  await session(db, at(300), async (_emulator, api) => {
    const status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.is(status.quarantine, null);
    assert.is(status.countSuccessiveCompleteFailures, 0);
    assert.is(status.lastExecution.timeBegan, at(282));
    assert.is(status.lastExecution.timeEnded, at(283));
    assert.is(status.lastSuccessfulExecutionWithExports.timeBegan, at(161));
    assert.is(status.lastSuccessfulExecutionWithExports.countExported, 2);
    assert.equal(status.synchronizedEntryCountByType.map((pair: { value: number }) => pair.value), [31]);
    // The TooManyDeletes series is over; its retry (04:02–04:03) began the normal schedule again.
    assert.is(minutesBetween(at(242), status.lastExecution.timeBegan), 40);
    assert.equal((await api.describePlan(id)).outcomes, []);
  });
});

test('a cycle in progress when the emulator closed completes at its due time after the restart', async () => {
  const db = newDatabase();
  const id = await session(db, START, async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await emulator.clock.advance('PT1M');
    return id;
  });
  await session(db, at(2), async (emulator, api) => {
    assert.is((await api.status(id)).code, 'NotRun');
    await emulator.clock.advance('PT1M');
    const status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.is(status.lastExecution.timeBegan, START);
    assert.is(status.lastExecution.timeEnded, at(3));
  });
});

test('paused and disabled jobs stay so across a restart; a pause survives a week', async () => {
  const db = newDatabase();
  const ids = await session(db, START, async (emulator, api) => {
    const paused = await api.createJob('scim');
    const disabled = await api.createJob('aws');
    for (const id of [paused, disabled]) await api.act(id, 'start');
    await emulator.jobs.plan(SP, disabled, [], { result: 'failed' });
    await emulator.clock.advance('PT3M');
    await api.act(paused, 'pause');
    await emulator.clock.advance('P30D');
    return { paused, disabled, pausedJob: await api.job(paused), disabledJob: await api.job(disabled) };
  });
  assert.is(ids.disabledJob.schedule.state, 'Disabled');
  await session(db, at(37 * 24 * 60), async (_emulator, api) => {
    assert.equal(await api.job(ids.paused), ids.pausedJob);
    assert.equal(await api.job(ids.disabled), ids.disabledJob);
    // Started again, the paused job resumes at once.
    await api.act(ids.paused, 'start');
    await api.advance('PT1M');
    const status = await api.status(ids.paused);
    assert.is(status.code, 'Active');
    assert.is(status.lastExecution.timeBegan, at(37 * 24 * 60));
  });
});

test('a year later, the first request catches up quickly: steady, planned and failing jobs', async () => {
  const db = newDatabase();
  const ids = await session(db, START, async (emulator, api) => {
    const steady = await api.createJob('scim');
    const planned = await api.createJob('gsuite');
    const failing = await api.createJob('SfSandboxOutDelta');
    for (const id of [steady, planned, failing]) await api.act(id, 'start');
    await emulator.jobs.plan(SP, planned, [{ result: 'succeeded' }, { result: 'succeeded', counts: { countExports: 3, countExported: 3 } }, { result: 'entryLevelErrors' }]);
    await emulator.jobs.plan(SP, failing, [{ result: 'succeeded' }], { result: 'failed', error: SALESFORCE_ERROR });
    await emulator.clock.advance('PT10M');
    return { steady, planned, failing };
  });
  const later = at(365 * 24 * 60 + 30); // 2031-01-01T00:30Z
  await session(db, later, async (_emulator, api) => {
    const started = performance.now();
    const steady = await api.status(ids.steady);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2000, `catching up a year took ${elapsed.toFixed(0)} ms`);
    // Cycles begin every 40 minutes from 00:00; 2031-01-01T00:00Z is one of them.
    const lastBegan = at(365 * 24 * 60);
    for (const status of [steady, await api.status(ids.planned)]) {
      assert.is(status.code, 'Active');
      assert.is(status.lastExecution.timeBegan, lastBegan);
      assert.is(status.lastExecution.timeEnded, at(1, lastBegan));
      assert.is(status.steadyStateLastAchievedTime, at(1, lastBegan));
      assert.is(status.steadyStateFirstAchievedTime, at(3));
    }
    const planned = await api.status(ids.planned);
    assert.is(planned.lastSuccessfulExecutionWithExports.timeBegan, at(80), 'the entry-level errors of 01:20 exported last');
    assert.equal(planned.synchronizedEntryCountByType.map((pair: { value: number }) => pair.value), [31]);
    const failing = await api.job(ids.failing);
    assert.is(failing.schedule.state, 'Disabled');
    assert.is(failing.status.code, 'Quarantine');
    const { quarantine } = failing.status;
    assert.is(quarantine.seriesBegan, at(41));
    const days = minutesBetween(quarantine.seriesBegan, failing.status.lastExecution.timeEnded) / 1440;
    assert.ok(days > 28 && days < 29.1, `disabled on the first failing retry after four weeks (${days.toFixed(2)} days)`);
    assert.is(failing.status.countSuccessiveCompleteFailures, quarantine.seriesCount + 1);
  });
});

test('a syncemu serve --clock manual process stopped and started again on the same file catches up when its clock moves', async () => {
  const db = newDatabase();
  const first = await startServerProcess(['--db', db, '--clock', 'manual']);
  let id: string;
  let began: string;
  try {
    const api = new Api(fetch, first.url);
    id = await api.createJob('scim');
    assert.is((await api.control('GET', '/clock')).body.kind, 'manual');
    await api.act(id, 'start');
    await api.advance('PT3M');
    await api.plan(id, [{ result: 'entryLevelErrors' }, { result: 'failed', error: SALESFORCE_ERROR }], { result: 'succeeded', counts: { countImportedDeltas: 1 } });
    const status = await api.status(id);
    assert.is(status.code, 'Active');
    began = status.lastExecution.timeBegan;
  } finally {
    assert.is(await first.stop('SIGTERM'), 0);
  }

  const second = await startServerProcess(['--db', db, '--clock', 'manual']);
  try {
    const api = new Api(fetch, second.url);
    // A new process's manual clock starts at the real time; move it five hours past the first cycle.
    const moved = await api.setClock(at(300, began));
    assert.ok(moved.cyclesRun >= 3, `the due cycles ran as the clock moved (${moved.cyclesRun})`);
    const status = await api.status(id);
    // 00:40 entry-level errors, 01:20 failure (its retry at 02:01 succeeds), then 02:41, 03:21, 04:01, 04:41.
    assert.is(status.code, 'Active');
    assert.is(status.quarantine, null);
    assert.is(status.lastSuccessfulExecutionWithExports.timeBegan, at(40, began));
    assert.is(status.lastSuccessfulExecutionWithExports.state, 'EntryLevelErrors');
    assert.is(status.lastExecution.timeBegan, at(281, began));
    assert.is(status.lastExecution.countImportedDeltas, 1, 'the default outcome survived the restart');
    assert.equal((await api.describePlan(id)).outcomes, []);
  } finally {
    assert.is(await second.stop('SIGINT'), 0);
  }
});

test('ninety days of cycles with entry-level errors (no fast-forward) complete one by one, none skipped or repeated: 3,240 cycles', async () => {
  const emulator = await manualEmulator({ database: newDatabase() }, START);
  try {
    const api = Api.of(emulator);
    const id = await api.createJob('scim');
    await api.plan(id, [], { result: 'entryLevelErrors' });
    await api.act(id, 'start');
    const moved = await api.control('POST', '/clock/advance', { duration: 'P90D' });
    assert.is(moved.status, 200, moved.text);
    // the initial cycle (00:00-00:03), then one every 40 minutes: the 3,239th begins at 23:20 on day 90
    assert.is(moved.body.cyclesRun, 3240);
    const status = await api.status(id);
    assert.is(status.lastExecution.timeBegan, at(89 * 1440 + 1400));
    assert.is(status.lastExecution.state, 'EntryLevelErrors');
    assert.is(status.countSuccessiveCompleteFailures, 0);
  } finally {
    await emulator.close();
  }
});

test('two emulators on one file: a cycle the other one scheduled completes when this clock passes it (the due check sees writes of other connections)', async () => {
  const db = newDatabase();
  const writer = await manualEmulator({ database: db }, START);
  const reader = await manualEmulator({ database: db }, at(60));
  try {
    const readerApi = Api.of(reader);
    // the reader asks first, with nothing scheduled anywhere: it keeps "nothing is due"
    assert.equal((await readerApi.graph('GET', '/jobs')).body.value, []);
    const writerApi = Api.of(writer);
    const id = await writerApi.createJob('scim');
    await writerApi.act(id, 'start'); // the initial cycle is due at 00:03 on the writer's clock
    // the reader's clock is at 01:00: its next request completes that cycle and the incremental one of 00:40
    const status = await readerApi.status(id);
    assert.is(status.code, 'Active');
    assert.is(status.lastExecution.timeBegan, at(40));
    // and the writer, whose clock is still at 00:00, sees the same committed state
    assert.is((await writerApi.status(id)).lastExecution.timeBegan, at(40));
  } finally {
    await writer.close();
    await reader.close();
  }
});

test('syncemu serve --clock manual --clock-start starts the clock there, so a run over HTTP is the same every time', async () => {
  const server = await startServerProcess(['--db', ':memory:', '--clock', 'manual', '--clock-start', '2025-01-01T00:00:00Z']);
  try {
    const api = new Api(fetch, server.url);
    assert.equal((await api.control('GET', '/clock')).body, { now: '2025-01-01T00:00:00.000Z', kind: 'manual', cyclesRun: 0, cyclesCompleted: 0 });
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await api.advance('PT3M');
    const status = await api.status(id);
    assert.is(status.code, 'Active');
    assert.is(status.lastExecution.timeBegan, '2025-01-01T00:00:00.000Z');
  } finally {
    assert.is(await server.stop('SIGTERM'), 0);
  }
  for (const [args, message] of [
    [['--clock-start', '2025-01-01T00:00:00Z'], /--clock-start applies to the manual clock/],
    [['--clock', 'manual', '--clock-start', 'yesterday'], /--clock-start must be an ISO 8601 instant with its offset, such as 2025-01-01T00:00:00Z, not 'yesterday'/],
    [['--clock', 'manual', '--clock-start', '2025-01-01T00:00:00'], /must be an ISO 8601 instant with its offset/],
    [['--clock', 'manual', '--clock-start', '2025-02-30T00:00:00Z'], /not '2025-02-30T00:00:00Z'/],
    [['--clock', 'manual', '--clock-start', '2025-01-01T24:30:00Z'], /not '2025-01-01T24:30:00Z'/],
  ] as const) {
    const result = await runCliProcess(['serve', '--db', ':memory:', '--port', '0', ...args]);
    assert.is.not(result.code, 0, args.join(' '));
    assert.match(result.stderr, message);
  }
});

test.run();
