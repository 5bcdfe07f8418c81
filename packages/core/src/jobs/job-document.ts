import { synchronizationJob } from '@syncemu/odata';
import { inModelOrder } from '../payload/model-order.js';

/** A synchronizationJob as Graph JSON. Only the shape syncemu relies on is typed. */
export interface JobDocument {
  id: string;
  templateId: string;
  schedule: { expiration: string | null; interval: string; state: string };
  status: Record<string, unknown> & { code: string };
  synchronizationJobSettings: KeyValuePair[];
}

export interface KeyValuePair {
  name: string;
  value: string | null;
}

/** "Never" in Graph's non-nullable instants: `0001-01-01T00:00:00Z`. */
export const NEVER = '0001-01-01T00:00:00Z';

/** The interval of a new job (what real tenants show; the reference docs' TimeSpan.MaxValue is a doc artifact). */
export const DEFAULT_INTERVAL = 'PT40M';

/** The status of a job that was never started (graph-sync-api.md §3.2.2, real responses). */
export function initialStatus(): JobDocument['status'] {
  return {
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
}

export function initialSchedule(): JobDocument['schedule'] {
  return { expiration: null, interval: DEFAULT_INTERVAL, state: 'Disabled' };
}

/**
 * Template defaults merged with the client's settings by name: the client's value wins, the
 * template's order is kept, and the client's new names follow.
 */
export function mergeSettings(defaults: readonly KeyValuePair[], given: readonly KeyValuePair[] | undefined): KeyValuePair[] {
  const merged = defaults.map((pair) => ({ name: pair.name, value: pair.value }));
  for (const pair of given ?? []) {
    const existing = merged.find((item) => item.name === pair.name);
    if (existing) existing.value = pair.value;
    else merged.push({ name: pair.name, value: pair.value });
  }
  return merged;
}

/** The stored (and served) JSON of a job: properties in the model's order, annotations dropped. */
export function serializeJob(job: JobDocument): string {
  return JSON.stringify(inModelOrder(job, synchronizationJob));
}

/**
 * Fills what a fixture job leaves out with the values of a new job, property by property, down
 * through `schedule` and `status` (a fixture may give only `status.code`).
 */
export function withDefaults(given: Record<string, unknown>, defaults: JobDocument): JobDocument {
  const merged = deepMerge(defaults as unknown as Record<string, unknown>, given);
  return inModelOrder(merged, synchronizationJob) as JobDocument;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key.includes('@')) continue;
    const prior = out[key];
    out[key] =
      isObject(prior) && isObject(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

