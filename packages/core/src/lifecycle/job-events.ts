import type { JobEventRow } from '@syncemu/store';
import type { JobDocument } from '../jobs/job-document.js';
import { RESTART_FLAGS, type RestartFlag, type Transition } from './job-state-machine.js';
import type { CycleOutcome } from './outcomes.js';
import type { RunState } from './run-state.js';

/** What the timeline says of an action: the job's `status.code` after it. */
export interface ActionDetail {
  readonly status: string;
}

/** What the timeline says of a completed cycle. */
export interface CycleDetail {
  /** Which cycle completed. */
  readonly cycle: RunState['kind'];
  /** When it began (it completed at the event's `at`). */
  readonly began: string;
  readonly result: CycleOutcome['result'];
  /** The job's `status.code` after it. */
  readonly status: string;
  readonly quarantined: boolean;
  readonly quarantineReason: string | null;
  /** `countExported` of the cycle. */
  readonly exported: number;
  /** How many uneventful cycles before it were folded into it (catching up a long stop). */
  readonly skipped: number;
}

/**
 * What a cycle's detail is unless its row says otherwise: a row leaves these out (most cycles are
 * uneventful), which keeps rows of the WITHOUT ROWID table small (SQLite keeps whole rows in its
 * b-tree's interior pages too) and the cost of recording a cycle low.
 */
const CYCLE_DEFAULTS = { quarantined: false, quarantineReason: null, exported: 0, skipped: 0 } as const;

/** One event of a job's life, as the lifecycle records it (`detail` becomes the row's JSON). */
export type JobEvent =
  | { readonly at: string; readonly kind: 'start' | 'pause'; readonly detail: ActionDetail }
  | { readonly at: string; readonly kind: 'restart'; readonly detail: ActionDetail & { readonly scope: readonly RestartFlag[] } }
  | { readonly at: string; readonly kind: 'cycle'; readonly detail: CycleDetail }
  | { readonly at: string; readonly kind: 'disabled'; readonly detail: { readonly quarantineReason: string | null; readonly seriesBegan: string | null } };

interface Quarantine {
  readonly reason?: string;
  readonly seriesBegan?: string;
}

const quarantineOf = (job: JobDocument) => (job.status['quarantine'] ?? null) as Quarantine | null;

/** `start` or `pause`, done at `at`, as it left the job. */
export function actionEvent(kind: 'start' | 'pause', at: Date, after: Transition): JobEvent {
  return { at: at.toISOString(), kind, detail: { status: after.job.status.code } };
}

/** `restart` with its scope (the flags in their documented order). */
export function restartEvent(at: Date, scope: ReadonlySet<RestartFlag>, after: Transition): JobEvent {
  return { at: at.toISOString(), kind: 'restart', detail: { status: after.job.status.code, scope: RESTART_FLAGS.filter((flag) => scope.has(flag)) } };
}

/**
 * The events of a completed cycle: the cycle, and `disabled` when it ended a quarantine of more
 * than four weeks (the state machine then disables the job).
 * @param before the job as the cycle found it; `run` the run it completed (its kind and start)
 */
export function cycleEvents(before: JobDocument, run: RunState, at: string, outcome: CycleOutcome, skipped: number, after: Transition): JobEvent[] {
  const quarantine = quarantineOf(after.job);
  const execution = after.job.status['lastExecution'] as { countExported?: number } | null | undefined;
  const exported = execution?.countExported ?? 0;
  const cycle: JobEvent = {
    at,
    kind: 'cycle',
    detail: {
      cycle: run.kind,
      began: run.began ?? at,
      result: outcome.result,
      status: after.job.status.code,
      ...(quarantine !== null && { quarantined: true, quarantineReason: quarantine.reason ?? null }),
      ...(exported !== 0 && { exported }),
      ...(skipped !== 0 && { skipped }),
    } as CycleDetail,
  };
  if (after.job.schedule.state !== 'Disabled' || before.schedule.state === 'Disabled') return [cycle];
  return [cycle, { at, kind: 'disabled', detail: { quarantineReason: quarantine?.reason ?? null, seriesBegan: quarantine?.seriesBegan ?? null } }];
}

/** A stored event as the timeline shows it: number, time and kind, then its detail's fields (a cycle's all of them). */
export function timelineEntry(row: JobEventRow): Record<string, unknown> {
  const detail = JSON.parse(row.detail) as Record<string, unknown>;
  if (row.kind !== 'cycle') return { number: row.number, at: row.at, kind: row.kind, ...detail };
  const { cycle, began, result, status, quarantined, quarantineReason, exported, skipped }: Record<string, unknown> = { ...CYCLE_DEFAULTS, ...detail };
  return { number: row.number, at: row.at, kind: row.kind, cycle, began, result, status, quarantined, quarantineReason, exported, skipped };
}
