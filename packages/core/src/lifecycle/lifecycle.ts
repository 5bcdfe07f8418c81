import { durationSeconds, type AsyncRepositories, type AsyncStore, type RunRow } from '@syncemu/store';
import { resourceNotFound } from '../errors/graph-error.js';
import { serializeJob, type JobDocument } from '../jobs/job-document.js';
import type { IdGenerator } from '../ids/id-generator.js';
import { completeCycle, hasCompletedInitial, pause, restart, start, type RestartFlag, type Transition } from './job-state-machine.js';
import { DEFAULT_OUTCOME, takeOutcome, type CycleOutcome, type PlannedOutcome } from './outcomes.js';
import { CYCLE_SECONDS, parseRunState, type RunState } from './run-state.js';
import { actionEvent, cycleEvents, restartEvent, timelineEntry, type JobEvent } from './job-events.js';

export interface LifecycleParts {
  readonly store: AsyncStore;
  readonly ids: IdGenerator;
  /** The synchronizedEntryCountByType key of a job's template (`User to User`), read through `db`. */
  readonly entryType: (db: AsyncRepositories, servicePrincipalId: string, templateId: string) => Promise<string>;
  /**
   * Counts cycles completed (by any server of the emulator, on PostgreSQL); returns the count so
   * far. Undefined: this process's own count is the emulator's (SQLite).
   */
  readonly countCycles?: (completed: number) => Promise<number>;
  /** The emulator's clock as it stands now (ISO): cycles never run past it. */
  readonly currentTime: () => string | Promise<string>;
}

interface Loaded {
  readonly job: JobDocument;
  /** The job as stored (serialized already): what a save compares with. */
  readonly stored: string;
  readonly run: RunState;
  readonly dueAt: string | null;
}

/**
 * The job lifecycle over the store: actions, plans, and the cycles that fall due on the
 * emulator's clock. Every change to a job and its run is one transaction.
 */
export class Lifecycle {
  /** How many cycles this process has completed. */
  cyclesRun = 0;

  constructor(private readonly parts: LifecycleParts) {}

  /** How many cycles the emulator has completed (every server's, on PostgreSQL; for the control API's replies). */
  async cyclesCompleted(): Promise<number> {
    return this.parts.countCycles ? this.parts.countCycles(0) : this.cyclesRun;
  }

  /** A job and its run (`row`: the run already read, when the caller has it), read through `db`. */
  private async load(db: AsyncRepositories, servicePrincipalId: string, jobId: string, given?: RunRow): Promise<Loaded> {
    const row = given ?? (await db.runs.get(servicePrincipalId, jobId));
    const json = await db.jobs.get(servicePrincipalId, jobId);
    if (json === undefined) throw resourceNotFound(jobId);
    const job = JSON.parse(json) as JobDocument;
    const initialDone = hasCompletedInitial(job, undefined);
    return { job, stored: json, run: parseRunState(row?.state, initialDone), dueAt: row?.dueAt ?? null };
  }

  /**
   * Writes a transition: the job's body only when it changed from `stored` (its text as loaded),
   * its run, and the events it makes on the job's timeline (numbered on from the run's count).
   */
  private async save(tx: AsyncRepositories, servicePrincipalId: string, jobId: string, stored: string, transition: Transition, events: readonly JobEvent[] = []): Promise<void> {
    const body = serializeJob(transition.job);
    if (body !== stored) await tx.jobs.replaceBody(servicePrincipalId, jobId, body);
    let run = transition.run;
    if (events.length > 0) {
      let number = run.events;
      for (const { at, kind, detail } of events) await tx.events.record(servicePrincipalId, jobId, { number: number++, at, kind, detail: JSON.stringify(detail) });
      run = { ...run, events: number };
    }
    await tx.runs.put({ servicePrincipalId, jobId, dueAt: transition.dueAt, state: JSON.stringify(run) });
  }

  start(servicePrincipalId: string, jobId: string, now: Date): Promise<void> {
    return this.parts.store.transaction(async (tx) => {
      const { job, stored, run, dueAt } = await this.load(tx, servicePrincipalId, jobId);
      const transition = start(job, run, now, dueAt);
      await this.save(tx, servicePrincipalId, jobId, stored, transition, [actionEvent('start', now, transition)]);
    });
  }

  pause(servicePrincipalId: string, jobId: string, now: Date): Promise<void> {
    return this.parts.store.transaction(async (tx) => {
      const { job, stored, run } = await this.load(tx, servicePrincipalId, jobId);
      const transition = pause(job, run);
      await this.save(tx, servicePrincipalId, jobId, stored, transition, [actionEvent('pause', now, transition)]);
    });
  }

  restart(servicePrincipalId: string, jobId: string, scope: ReadonlySet<RestartFlag>, now: Date): Promise<void> {
    return this.parts.store.transaction(async (tx) => {
      const { job, stored, run } = await this.load(tx, servicePrincipalId, jobId);
      const transition = restart(job, run, scope, now);
      await this.save(tx, servicePrincipalId, jobId, stored, transition, [restartEvent(now, scope, transition)]);
    });
  }

  /** Replaces the plan of a job's next cycles (and, when given, what follows it). */
  plan(servicePrincipalId: string, jobId: string, outcomes: readonly PlannedOutcome[], defaultOutcome?: CycleOutcome): Promise<void> {
    return this.parts.store.transaction(async (tx) => {
      const { job, stored, run, dueAt } = await this.load(tx, servicePrincipalId, jobId);
      const next: RunState = { ...run, plan: [...outcomes], ...(defaultOutcome !== undefined && { defaultOutcome }) };
      await this.save(tx, servicePrincipalId, jobId, stored, { job, run: next, dueAt });
    });
  }

  /** A schema change: the next cycle re-processes everything (an initial cycle). Inside the transaction `tx`. */
  async schemaChanged(tx: AsyncRepositories, servicePrincipalId: string, jobId: string): Promise<void> {
    const { job, stored, run, dueAt } = await this.load(tx, servicePrincipalId, jobId);
    // The scheduled cycle becomes an initial one, and lasts as long as one.
    const due = dueAt !== null && run.began !== null ? new Date(Date.parse(run.began) + CYCLE_SECONDS.initial * 1000).toISOString() : dueAt;
    await this.save(tx, servicePrincipalId, jobId, stored, { job, run: { ...run, kind: 'initial', initialDone: false }, dueAt: due });
  }

  /**
   * A job a fixture gave (`job`, just stored as `stored`): if it is running (`schedule.state`
   * Active and not quarantined past its disablement), its next cycle is scheduled from `now`. Call
   * inside the transaction `tx`.
   */
  async seeded(tx: AsyncRepositories, servicePrincipalId: string, job: JobDocument, stored: string, now: Date, plan: readonly PlannedOutcome[] | undefined, defaultOutcome: CycleOutcome | undefined): Promise<void> {
    const row = await tx.runs.get(servicePrincipalId, job.id);
    const run = parseRunState(row?.state, hasCompletedInitial(job, undefined));
    const nextRun: RunState = { ...run, ...(plan && { plan: [...plan] }), ...(defaultOutcome && { defaultOutcome }) };
    let dueAt: string | null = null;
    if (job.schedule.state === 'Active') {
      const quarantine = job.status['quarantine'] as { nextAttempt?: string } | null | undefined;
      const beginsAt = quarantine?.nextAttempt ? Math.max(Date.parse(quarantine.nextAttempt), now.getTime()) : now.getTime();
      nextRun.began = new Date(beginsAt).toISOString();
      dueAt = new Date(beginsAt + CYCLE_SECONDS[nextRun.kind] * 1000).toISOString();
    }
    await this.save(tx, servicePrincipalId, job.id, stored, { job, run: nextRun, dueAt });
  }

  /** Whether a cycle completes at or before `until` (what {@link runDue} would run), read through `db`. */
  hasDue(db: AsyncRepositories, until: Date): Promise<boolean> {
    return db.runs.hasDue(until.toISOString());
  }

  /**
   * Completes, in order of their due times, every cycle due at or before `until`, each as of its
   * own due time. Returns how many ran.
   */
  async runDue(until: Date): Promise<number> {
    const { store } = this.parts;
    const limit = until.toISOString();
    // Resolving a template is costly (the catalog's schemas are copied): once per job template per call.
    const entryTypes = new Map<string, string>();
    const entryType = async (tx: AsyncRepositories, spId: string, templateId: string) => {
      const key = `${spId}/${templateId}`;
      let value = entryTypes.get(key);
      if (value === undefined) entryTypes.set(key, (value = await this.parts.entryType(tx, spId, templateId)));
      return value;
    };
    let ran = 0;
    for (;;) {
      // A read first: most requests find nothing due and must not take the write lock.
      if (!(await store.runs.hasDue(limit))) return ran;
      // Cycles complete in batches, one transaction each: beginning and committing a transaction
      // per cycle was half the cost of catching up after a long stop. A batch ends after
      // CYCLES_PER_TRANSACTION cycles or BATCH_MILLISECONDS, so another process never waits long
      // for the write lock.
      // On PostgreSQL the write lock makes this batch the only one running among every server:
      // each due cycle, read again under it, runs exactly once.
      const done = await store.transaction(async (tx) => {
        // never past the clock as it stands under the lock: a reset or restore may have put it
        // back since `until` was read (it moves the clock first, then replaces the state)
        const now = await this.parts.currentTime();
        const bound = now < limit ? now : limit;
        const started = performance.now();
        let completed = 0;
        while (completed < CYCLES_PER_TRANSACTION && performance.now() - started < BATCH_MILLISECONDS) {
          const row = await tx.runs.nextDue(bound);
          if (!row || row.dueAt === null) break;
          const { job, stored, run } = await this.load(tx, row.servicePrincipalId, row.jobId, row);
          const forwarded = fastForward(job, run, row.dueAt, bound);
          const { outcome, rest } = takeOutcome(forwarded.run.plan, forwarded.run.defaultOutcome ?? DEFAULT_OUTCOME);
          const transition = completeCycle(job, { ...forwarded.run, plan: rest }, {
            at: forwarded.dueAt,
            outcome,
            activityIdentifier: this.parts.ids.guid(),
            entryType: await entryType(tx, row.servicePrincipalId, job.templateId),
          });
          await this.save(tx, row.servicePrincipalId, row.jobId, stored, transition, cycleEvents(job, forwarded.run, forwarded.dueAt, outcome, forwarded.skipped, transition));
          completed++;
        }
        return completed;
      });
      if (done === 0) return ran;
      ran += done;
      this.cyclesRun += done;
      await this.parts.countCycles?.(done);
    }
  }

  /** A job's run as the control API shows it: the cycle in progress, the plan, the default. */
  async describe(db: AsyncRepositories, servicePrincipalId: string, jobId: string): Promise<Record<string, unknown>> {
    const { run, dueAt } = await this.load(db, servicePrincipalId, jobId);
    return {
      cycle: dueAt === null ? null : { kind: run.kind, began: run.began, completes: dueAt },
      outcomes: run.plan,
      default: run.defaultOutcome ?? DEFAULT_OUTCOME,
    };
  }

  /** A job's timeline: its kept events, oldest first, then what {@link describe} says of its run. */
  async timeline(db: AsyncRepositories, servicePrincipalId: string, jobId: string): Promise<Record<string, unknown>> {
    const described = await this.describe(db, servicePrincipalId, jobId);
    return { value: (await db.events.list(servicePrincipalId, jobId)).map(timelineEntry), ...described };
  }
}

/** At most this many cycles complete in one write transaction… */
const CYCLES_PER_TRANSACTION = 500;
/** …and for at most this long, so another process waiting for the write lock waits little. */
const BATCH_MILLISECONDS = 50;

/**
 * A steady job with nothing planned repeats the same uneventful cycle: skip straight to the last
 * one due before `until`, so catching up a year of 40-minute cycles costs one cycle, not 13,000.
 */
function fastForward(job: JobDocument, run: RunState, dueAt: string, until: string): { run: RunState; dueAt: string; skipped: number } {
  const uneventful =
    run.plan.length === 0 &&
    run.kind === 'incremental' &&
    (job.status['quarantine'] ?? null) === null &&
    isPlainSuccess(run.defaultOutcome ?? DEFAULT_OUTCOME) &&
    run.began !== null;
  if (!uneventful) return { run, dueAt, skipped: 0 };
  const step = (Date.parse(dueAt) - Date.parse(run.began!)) > 0 ? intervalMs(job) : 0;
  if (step <= 0) return { run, dueAt, skipped: 0 };
  const cycles = Math.floor((Date.parse(until) - Date.parse(dueAt)) / step);
  if (cycles < 2) return { run, dueAt, skipped: 0 };
  const shift = (cycles - 1) * step;
  return { run: { ...run, began: new Date(Date.parse(run.began!) + shift).toISOString() }, dueAt: new Date(Date.parse(dueAt) + shift).toISOString(), skipped: cycles - 1 };
}

function isPlainSuccess(outcome: CycleOutcome): boolean {
  return outcome.result === 'succeeded' && (outcome.counts === undefined || Object.values(outcome.counts).every((value) => value === 0 || value === undefined));
}

function intervalMs(job: JobDocument): number {
  const seconds = durationSeconds(job.schedule.interval) ?? 0;
  return Math.max(seconds * 1000, CYCLE_SECONDS.incremental * 1000);
}
