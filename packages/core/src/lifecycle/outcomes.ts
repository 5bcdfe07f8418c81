import { jobModel } from '@syncemu/odata';
import { checkValue, describeJson, isPlainObject, propertyPath, type JsonPath } from '../payload/value-checker.js';

/** The counters of a synchronizationTaskExecution a plan may set. */
export const COUNT_NAMES = [
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
export type CountName = (typeof COUNT_NAMES)[number];
export type Counts = Record<CountName, number>;

export interface SyncError {
  readonly code: string;
  readonly message: string;
  readonly tenantActionable: boolean;
}

/** What one simulated cycle does. Tests plan these per job (`emulator.jobs.plan`). */
export type CycleOutcome =
  | { readonly result: 'succeeded'; readonly counts?: Partial<Counts> }
  | { readonly result: 'entryLevelErrors'; readonly counts?: Partial<Counts>; readonly error?: SyncError }
  | { readonly result: 'failed'; readonly error?: SyncError; readonly quarantineReason?: string };

/** A plan entry: an outcome, optionally repeated. */
export type PlannedOutcome = CycleOutcome & { readonly repeat?: number };

export class OutcomeError extends Error {
  override readonly name = 'OutcomeError';
}

const RESULTS = ['succeeded', 'entryLevelErrors', 'failed'];

/**
 * Checks a plan (an array of outcomes) given by a test, a fixture or the control API.
 * @throws OutcomeError naming the first problem by its path (`[2].counts.countExported`).
 */
export function readPlan(input: unknown, what = 'plan'): PlannedOutcome[] {
  if (!Array.isArray(input)) throw new OutcomeError(`The ${what} must be an array of outcomes, not ${describeJson(input)}.`);
  return input.map((item, i) => readOutcome(item, [i], what));
}

export function readOutcome(input: unknown, path: JsonPath = [], what = 'outcome'): PlannedOutcome {
  const at = (suffix: JsonPath) => `${what}${propertyPath([...path, ...suffix]).replace(/^(?!\[)/, path.length || suffix.length ? '.' : '')}`;
  if (!isPlainObject(input)) throw new OutcomeError(`${at([])} must be an object such as {"result": "succeeded"}, not ${describeJson(input)}.`);
  for (const key of Object.keys(input)) {
    if (!['result', 'counts', 'error', 'quarantineReason', 'repeat'].includes(key)) throw new OutcomeError(`${at([key])} is not a property of an outcome (result, counts, error, quarantineReason, repeat).`);
  }
  const result = input['result'];
  if (typeof result !== 'string' || !RESULTS.includes(result)) throw new OutcomeError(`${at(['result'])} must be one of ${RESULTS.join(', ')}.`);
  const counts = input['counts'];
  if (counts !== undefined) {
    if (result === 'failed') throw new OutcomeError(`${at(['counts'])}: a failed cycle exports nothing; counts apply to succeeded and entryLevelErrors.`);
    if (!isPlainObject(counts)) throw new OutcomeError(`${at(['counts'])} must be an object of counters.`);
    for (const [name, value] of Object.entries(counts)) {
      if (!(COUNT_NAMES as readonly string[]).includes(name)) throw new OutcomeError(`${at(['counts', name])} is not a counter (${COUNT_NAMES.join(', ')}).`);
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new OutcomeError(`${at(['counts', name])} must be a non-negative integer.`);
    }
  }
  const error = input['error'];
  if (error !== undefined) {
    if (result === 'succeeded') throw new OutcomeError(`${at(['error'])}: a succeeded cycle has no error.`);
    const problem = checkValue(error, jobModel.synchronizationError, false);
    if (problem) throw new OutcomeError(`${at(['error', ...problem.path])} ${problem.message}.`);
    // tenantActionable is non-nullable, and an error without a code says nothing: both must be given.
    for (const name of ['code', 'tenantActionable']) {
      if (!Object.hasOwn(error as object, name)) throw new OutcomeError(`${at(['error', name])} is required: an error is {"code", "message", "tenantActionable"}.`);
    }
  }
  const reason = input['quarantineReason'];
  if (reason !== undefined) {
    if (result !== 'failed') throw new OutcomeError(`${at(['quarantineReason'])} applies to failed cycles only.`);
    if (typeof reason !== 'string' || !Object.hasOwn(jobModel.quarantineReason.members, reason)) {
      throw new OutcomeError(`${at(['quarantineReason'])} must be a quarantineReason (${Object.keys(jobModel.quarantineReason.members).join(', ')}).`);
    }
  }
  const repeat = input['repeat'];
  if (repeat !== undefined && (typeof repeat !== 'number' || !Number.isSafeInteger(repeat) || repeat < 1 || repeat > 100_000)) {
    throw new OutcomeError(`${at(['repeat'])} must be an integer from 1 to 100000.`);
  }
  return input as unknown as PlannedOutcome;
}

/** A default outcome: what every cycle does once the plan is used up (so `repeat` means nothing there). */
export function readDefaultOutcome(input: unknown, what = 'default'): CycleOutcome {
  const outcome = readOutcome(input, [], what);
  if (outcome.repeat !== undefined) throw new OutcomeError(`${what}.repeat means nothing in a default outcome: it applies to every cycle after the plan.`);
  return outcome;
}

/** Takes the next outcome off a plan: returns it and the plan that remains. */
export function takeOutcome(plan: readonly PlannedOutcome[], fallback: CycleOutcome): { outcome: CycleOutcome; rest: PlannedOutcome[] } {
  const [first, ...rest] = plan;
  if (!first) return { outcome: fallback, rest: [] };
  const { repeat, ...outcome } = first;
  if (repeat !== undefined && repeat > 1) return { outcome, rest: [{ ...outcome, repeat: repeat - 1 }, ...rest] };
  return { outcome, rest };
}

export const DEFAULT_OUTCOME: CycleOutcome = { result: 'succeeded' };

const zero = (): Counts => Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as Counts;

/** Small, realistic counters for an outcome that does not give its own. */
export function countsFor(outcome: CycleOutcome, initial: boolean): Counts {
  const counts = zero();
  if (outcome.result === 'failed') return counts;
  if (initial) {
    Object.assign(counts, { countEntitled: 20, countEntitledForProvisioning: 20, countImported: 20, countExports: 20, countExported: 20 });
  }
  if (outcome.result === 'entryLevelErrors') {
    Object.assign(counts, { countEntitled: Math.max(counts.countEntitled, 10), countEntitledForProvisioning: Math.max(counts.countEntitledForProvisioning, 10), countImported: Math.max(counts.countImported, 10), countExports: Math.max(counts.countExports, 10) });
    counts.countExported = counts.countExports - 2;
    counts.countEscrowed = 2;
    counts.countEscrowedRaw = 2;
  }
  return { ...counts, ...outcome.counts };
}

export const DEFAULT_FAILURE: SyncError = {
  code: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
  message: 'We are unable to connect to the target application: the credentials it was given were rejected. Check the credentials saved for this job.',
  tenantActionable: true,
};

export const DEFAULT_ENTRY_ERROR: SyncError = {
  code: 'SystemForCrossDomainIdentityManagementBadResponse',
  message: 'Some entries could not be exported; they will be retried (escrowed).',
  tenantActionable: true,
};
