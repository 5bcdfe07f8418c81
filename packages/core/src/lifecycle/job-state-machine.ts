import { durationSeconds } from '@syncemu/store';
import { NEVER, type JobDocument } from '../jobs/job-document.js';
import {
  countsFor,
  DEFAULT_ENTRY_ERROR,
  DEFAULT_FAILURE,
  type CycleOutcome,
} from './outcomes.js';
import { CYCLE_SECONDS, MAX_RETRY_SECONDS, QUARANTINE_DISABLE_SECONDS, type RunState } from './run-state.js';

/** A job and its run after a transition, and when its next cycle completes (null: none). */
export interface Transition {
  readonly job: JobDocument;
  readonly run: RunState;
  readonly dueAt: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (instant: string) => Date.parse(instant);

/** The restart scope flags of synchronizationJobRestartScope (graph-sync-api.md §2.11). */
export const RESTART_FLAGS = ['None', 'ConnectorDataStore', 'Escrows', 'Watermark', 'QuarantineState', 'Full', 'ForceDeletes'] as const;
export type RestartFlag = (typeof RESTART_FLAGS)[number];
/** What the portal's "Restart provisioning" does, and what an empty scope means. */
export const DEFAULT_RESTART_SCOPE: readonly RestartFlag[] = ['QuarantineState', 'Watermark', 'Escrows'];

/** Whether the job has completed an initial cycle (from its run, or what a fixture says of it). */
export function hasCompletedInitial(job: JobDocument, run: RunState | undefined): boolean {
  if (run) return run.initialDone;
  return job.status.code === 'Active' || (job.status['lastSuccessfulExecution'] ?? null) !== null;
}

/** The schedule's interval, at least one incremental cycle long (a fixture may give `PT0S` or a negative one). */
function intervalSeconds(job: JobDocument): number {
  return Math.max(durationSeconds(job.schedule.interval) ?? 40 * 60, CYCLE_SECONDS.incremental);
}

/** The last instant a clock can show (Edm.DateTimeOffset ends with year 9999). */
const LAST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Begins a cycle of the run's kind at `at`. A cycle that would end after 9999-12-31 (a huge
 * interval, or a clock near the end) is never scheduled: no clock reaches it, and its ISO text
 * ('+010245-…') would sort before every real instant, so it would always look due.
 */
function begin(job: JobDocument, run: RunState, at: number): Transition {
  const due = at + CYCLE_SECONDS[run.kind] * 1000;
  if (!(due <= LAST_INSTANT_MS)) return { job, run: { ...run, began: null }, dueAt: null };
  const next: RunState = { ...run, began: iso(at) };
  return { job, run: next, dueAt: iso(due) };
}

/** The lastExecution real jobs show between start and the end of their first cycle. */
function placeholderExecution(): Record<string, unknown> {
  return {
    activityIdentifier: null,
    countEntitled: 0,
    countEntitledForProvisioning: 0,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: 0,
    countExports: 0,
    countImported: 0,
    countImportedDeltas: 0,
    countImportedReferenceDeltas: 0,
    error: { code: 'None', message: '', tenantActionable: false },
    state: 'Failed',
    timeBegan: NEVER,
    timeEnded: NEVER,
  };
}

/**
 * `start`: runs the job. From Paused it resumes (incremental, or the initial cycle if none has
 * completed); from Quarantine it lifts the quarantine; on a running job it changes nothing.
 */
export function start(job: JobDocument, run: RunState, now: Date, dueAt: string | null): Transition {
  const running = job.schedule.state === 'Active' && job.status.code !== 'Quarantine' && dueAt !== null;
  if (running) return { job, run, dueAt };
  const next = structuredClone(job);
  next.schedule.state = 'Active';
  next.status['quarantine'] = null;
  next.status.code = run.initialDone ? 'Active' : 'NotRun';
  if ((next.status['lastExecution'] ?? null) === null) next.status['lastExecution'] = placeholderExecution();
  if (next.status['troubleshootingUrl'] === null) next.status['troubleshootingUrl'] = '';
  return begin(next, { ...run, kind: run.initialDone ? run.kind : 'initial' }, now.getTime());
}

/** `pause`: stops cycles (the one in progress does not complete); state is kept. */
export function pause(job: JobDocument, run: RunState): Transition {
  const next = structuredClone(job);
  next.schedule.state = 'Paused';
  next.status.code = 'Paused';
  return { job: next, run: { ...run, began: null }, dueAt: null };
}

/**
 * `restart`: from any state, leaves the job running with a cycle beginning at once; each flag
 * of the scope clears what §2.11 says it clears.
 */
export function restart(job: JobDocument, run: RunState, scope: ReadonlySet<RestartFlag>, now: Date): Transition {
  const flags = new Set(scope);
  if (flags.has('Full')) for (const flag of ['ConnectorDataStore', 'Escrows', 'Watermark', 'QuarantineState'] as const) flags.add(flag);
  const next = structuredClone(job);
  const nextRun: RunState = { ...run };
  const quarantine = next.status['quarantine'] as { reason?: string } | null | undefined;
  if (flags.has('QuarantineState') || (flags.has('ForceDeletes') && quarantine?.reason === 'TooManyDeletes') || flags.has('None')) {
    next.status['quarantine'] = null;
  } else if (quarantine) {
    // The quarantine stays, but its next attempt is the cycle that begins now, not the retry it had planned.
    next.status['quarantine'] = { ...quarantine, nextAttempt: now.toISOString() };
  }
  if (flags.has('Watermark')) {
    nextRun.initialDone = false;
    nextRun.kind = 'initial';
  }
  if (flags.has('Escrows')) nextRun.escrows = 0;
  if (flags.has('ConnectorDataStore')) {
    nextRun.exported = 0;
    next.status['synchronizedEntryCountByType'] = [];
  }
  next.schedule.state = 'Active';
  next.status.code = (next.status['quarantine'] ?? null) !== null ? 'Quarantine' : nextRun.initialDone ? 'Active' : 'NotRun';
  if ((next.status['lastExecution'] ?? null) === null) next.status['lastExecution'] = placeholderExecution();
  if (next.status['troubleshootingUrl'] === null) next.status['troubleshootingUrl'] = '';
  return begin(next, nextRun, now.getTime());
}

export interface CycleContext {
  /** When the cycle completes: its due time, not the clock's (cycles catch up in order). */
  readonly at: string;
  readonly outcome: CycleOutcome;
  readonly activityIdentifier: string;
  /** The key of synchronizedEntryCountByType, e.g. `User to User`. */
  readonly entryType: string;
}

/** Completes the cycle in progress with `outcome` and schedules the next one. */
export function completeCycle(job: JobDocument, run: RunState, { at, outcome, activityIdentifier, entryType }: CycleContext): Transition {
  const next = structuredClone(job);
  const status = next.status;
  const endedMs = ms(at);
  const began = run.began ?? at;
  const initial = run.kind === 'initial';
  const counts = countsFor(outcome, initial);
  const error = outcome.result === 'failed' ? (outcome.error ?? DEFAULT_FAILURE) : outcome.result === 'entryLevelErrors' ? (outcome.error ?? DEFAULT_ENTRY_ERROR) : null;
  const state = outcome.result === 'failed' ? 'Failed' : outcome.result === 'entryLevelErrors' ? 'EntryLevelErrors' : 'Succeeded';
  const execution = { activityIdentifier, ...counts, error, state, timeBegan: began, timeEnded: at };
  status['lastExecution'] = execution;
  const nextRun: RunState = { ...run, escrows: run.escrows + counts.countEscrowed };
  const interval = intervalSeconds(next);

  const quarantineReason =
    outcome.result === 'failed'
      ? (outcome.quarantineReason ?? 'EncounteredQuarantineException')
      : outcome.result === 'entryLevelErrors' && counts.countEscrowed > 0.4 * Math.max(counts.countExports, 1)
        ? 'EncounteredEscrowProportionThreshold'
        : undefined;

  if (quarantineReason !== undefined) {
    if (outcome.result === 'failed') status['countSuccessiveCompleteFailures'] = Number(status['countSuccessiveCompleteFailures'] ?? 0) + 1;
    // A fixture may give a partial quarantine: without a seriesBegan (or with "never", the default
    // the store fills in) a new series begins.
    const prior = status['quarantine'] as Record<string, unknown> | null | undefined;
    const began = prior?.['seriesBegan'];
    const priorBegan = typeof began === 'string' && !Number.isNaN(ms(began)) && ms(began) > ms(NEVER) ? began : undefined;
    const priorCount = prior?.['seriesCount'];
    const seriesCount = priorBegan === undefined ? 0 : typeof priorCount === 'number' && Number.isSafeInteger(priorCount) && priorCount >= 0 ? priorCount + 1 : 1;
    const seriesBegan = priorBegan ?? at;
    const retry = Math.min(interval * 2 ** seriesCount, MAX_RETRY_SECONDS);
    const nextAttempt = iso(endedMs + retry * 1000);
    status['quarantine'] = { currentBegan: at, nextAttempt, reason: quarantineReason, seriesBegan, seriesCount, error };
    status.code = 'Quarantine';
    if (endedMs - ms(seriesBegan) > QUARANTINE_DISABLE_SECONDS * 1000) {
      next.schedule.state = 'Disabled';
      return { job: next, run: { ...nextRun, began: null }, dueAt: null };
    }
    return begin(next, nextRun, ms(nextAttempt));
  }

  status['quarantine'] = null;
  status['countSuccessiveCompleteFailures'] = 0;
  status.code = 'Active';
  if (outcome.result === 'succeeded') {
    status['lastSuccessfulExecution'] = execution;
    if (status['steadyStateFirstAchievedTime'] === NEVER || status['steadyStateFirstAchievedTime'] === undefined) status['steadyStateFirstAchievedTime'] = at;
    status['steadyStateLastAchievedTime'] = at;
    nextRun.escrows = 0;
  }
  if (counts.countExported > 0) status['lastSuccessfulExecutionWithExports'] = execution;
  if (initial) {
    status['progress'] = [{ completedUnits: counts.countEntitled, progressObservationDateTime: at, totalUnits: counts.countEntitled, units: 'Entries' }];
  }
  // An initial cycle re-processes the entries already synchronized: they are not counted twice.
  nextRun.exported = initial ? Math.max(run.exported, counts.countExported) : run.exported + counts.countExported;
  status['synchronizedEntryCountByType'] = [{ key: entryType, value: nextRun.exported }];
  nextRun.initialDone = true;
  nextRun.kind = 'incremental';
  const nextBegin = Math.max(ms(began) + interval * 1000, endedMs);
  return begin(next, nextRun, nextBegin);
}
