import { synchronizationJob } from '@syncemu/odata';
import { GraphError, badRequest } from '../errors/graph-error.js';
import { checkValue, isPlainObject, problemError } from '../payload/value-checker.js';
import { durationSeconds } from '@syncemu/store';
import type { KeyValuePair } from './job-document.js';

/** What a client may write to a job, checked. */
export interface JobWrite {
  readonly templateId?: string;
  readonly schedule?: { readonly interval?: string; readonly expiration?: string | null };
  readonly synchronizationJobSettings?: readonly KeyValuePair[];
}

const READ_ONLY_ON_CREATE = new Set(['id', 'status']);
const READ_ONLY_ON_UPDATE = new Set(['id', 'status', 'templateId']);

/**
 * Reads the body of a create (`POST …/jobs`) or update (`PATCH …/jobs/{id}`): only `templateId`
 * (create), `schedule.interval`, `schedule.expiration` and `synchronizationJobSettings` may be
 * written (decisions.md §3).
 * @throws GraphError 400 naming the first property that is wrong.
 */
export function readJobWrite(body: unknown, mode: 'create' | 'update'): JobWrite {
  if (!isPlainObject(body)) {
    throw badRequest(`The request body must be a JSON object (a microsoft.graph.synchronizationJob), not ${Array.isArray(body) ? 'an array' : 'a JSON ' + (body === null ? 'null' : typeof body)}.`);
  }
  const readOnly = mode === 'create' ? READ_ONLY_ON_CREATE : READ_ONLY_ON_UPDATE;
  for (const key of Object.keys(body)) {
    if (readOnly.has(key)) {
      throw badRequest(`The property '${key}' is read-only and cannot be set${mode === 'update' ? ' on an existing job' : ' when creating a job'}.`);
    }
  }
  const problem = checkValue(body, synchronizationJob, false);
  if (problem) throw problemError(problem);

  const schedule = body['schedule'];
  if (schedule === null) throw badRequest(`The property 'schedule' cannot be null; send the properties to change, e.g. {"schedule": {"interval": "PT20M"}}.`);
  if (isPlainObject(schedule) && 'state' in schedule) {
    throw badRequest(`The property 'schedule.state' cannot be written: it is changed only by the start and pause actions (POST …/jobs/{id}/start, POST …/jobs/{id}/pause).`);
  }
  const interval = isPlainObject(schedule) ? schedule['interval'] : undefined;
  if (typeof interval === 'string' && !((durationSeconds(interval) ?? 0) > 0)) {
    throw badRequest(`The property 'schedule.interval' must be a positive duration, such as 'PT40M'; '${interval}' is not.`);
  }
  const settings = body['synchronizationJobSettings'];
  if (settings === null) throw badRequest(`The property 'synchronizationJobSettings' cannot be null; send [] to remove every setting.`);
  const pairs = Array.isArray(settings) ? (settings as { name: string; value?: string | null }[]) : undefined;
  if (pairs) {
    const seen = new Set<string>();
    pairs.forEach((pair, i) => {
      if (pair.name === undefined) throw badRequest(`The property 'synchronizationJobSettings[${i}].name' is required.`);
      if (pair.name === '') throw badRequest(`The property 'synchronizationJobSettings[${i}].name' must not be empty.`);
      if (seen.has(pair.name)) throw badRequest(`The setting '${pair.name}' appears more than once in 'synchronizationJobSettings'.`);
      seen.add(pair.name);
    });
  }
  const templateId = body['templateId'];
  if (mode === 'create' && (templateId === undefined || templateId === null || templateId === '')) {
    throw new GraphError(400, 'BadRequest', `The property 'templateId' is required to create a synchronization job.`);
  }
  return {
    ...(typeof templateId === 'string' && { templateId }),
    ...(isPlainObject(schedule) && {
      schedule: {
        ...(typeof schedule['interval'] === 'string' && { interval: schedule['interval'] }),
        ...('expiration' in schedule && { expiration: schedule['expiration'] as string | null }),
      },
    }),
    ...(pairs && { synchronizationJobSettings: pairs.map((pair) => ({ name: pair.name, value: pair.value ?? null })) }),
  };
}

