import type { CycleOutcome, PlannedOutcome } from './outcomes.js';

/** A started job's simulated run, kept as JSON in `job_runs.state` (due time in its own column). */
export interface RunState {
  /** The kind of the cycle in progress, or of the next one. */
  kind: 'initial' | 'incremental';
  /** When the cycle in progress began; null when none is scheduled. */
  began: string | null;
  /** Outcomes for the next cycles, first first. */
  plan: PlannedOutcome[];
  /** What cycles do once the plan is used up (default: succeed). */
  defaultOutcome?: CycleOutcome;
  /** Whether an initial cycle has completed since the last watermark reset. */
  initialDone: boolean;
  /** Entries exported so far (synchronizedEntryCountByType). */
  exported: number;
  /** Failed entries held for retry (escrows). */
  escrows: number;
  /** How many events of the job's life were recorded so far: the next one's number (`job_events`). */
  events: number;
}

export function newRunState(initialDone: boolean): RunState {
  return { kind: initialDone ? 'incremental' : 'initial', began: null, plan: [], initialDone, exported: 0, escrows: 0, events: 0 };
}

export function parseRunState(text: string | undefined, initialDone: boolean): RunState {
  if (text === undefined) return newRunState(initialDone);
  return { ...newRunState(initialDone), ...(JSON.parse(text) as Partial<RunState>) };
}

/** How long a simulated cycle takes on the emulator's clock. */
export const CYCLE_SECONDS: Readonly<Record<RunState['kind'], number>> = { initial: 180, incremental: 60 };

/** Quarantined jobs retry less and less often, down to once a day (graph-sync-api.md §6.1). */
export const MAX_RETRY_SECONDS = 24 * 3600;

/** More than four weeks in quarantine disables a job. */
export const QUARANTINE_DISABLE_SECONDS = 28 * 24 * 3600;
