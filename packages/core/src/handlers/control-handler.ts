import { GraphError, badRequest, resourceNotFound, segmentNotFound, methodNotAllowed } from '../errors/graph-error.js';
import { jsonReply, noContent, type Reply, type ResponseContext } from '../http/responses.js';
import { OutcomeError, readDefaultOutcome, readPlan } from '../lifecycle/outcomes.js';
import { describeJson, isPlainObject } from '../payload/value-checker.js';
import { isGuid } from '../ids/id-generator.js';
import type { Clock } from '../clock/clock.js';
import type { EmulatorParts } from './context.js';

/** The prefix of syncemu's own control routes: no Graph path starts with it. */
export const CONTROL_PREFIX = '/_syncemu/';

export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly json: () => unknown;
  readonly response: ResponseContext;
}

/**
 * `/_syncemu/…`: the emulator's clock and the outcome plans of jobs, over HTTP.
 * - `GET /_syncemu/clock` → `{now, kind}`
 * - `POST /_syncemu/clock/advance` `{"duration": "PT40M"}` → runs every cycle that falls due
 * - `POST /_syncemu/clock/set` `{"now": "2030-01-01T00:00:00Z"}`
 * - `GET|PUT /_syncemu/servicePrincipals/{spId}/jobs/{jobId}/plan` `{"outcomes": [...], "default": {...}}`
 */
export async function controlRoute(parts: EmulatorParts, clock: Clock, request: ControlRequest): Promise<Reply> {
  const segments = request.path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '').split('/').map(decodeSegment);
  const [first, second, third, fourth, fifth, sixth] = segments;
  if (first === 'clock' && third === undefined) {
    if (second === undefined) {
      if (request.method !== 'GET') throw methodNotAllowed(request.method, ['GET']);
      return clockReply(clock, request.response, 0);
    }
    if (second === 'advance' || second === 'set') {
      if (request.method !== 'POST') throw methodNotAllowed(request.method, ['POST']);
      const body = request.json();
      if (!isPlainObject(body)) throw badRequest(`The body must be a JSON object, not ${describeJson(body)}.`);
      if (clock.kind !== 'manual') throw new GraphError(409, 'Conflict', `This emulator runs on the system clock; start it with a manual clock (clock: 'manual', --clock manual) to move time.`);
      const before = parts.lifecycle.cyclesRun;
      try {
        if (second === 'advance') {
          if (typeof body['duration'] !== 'string') throw badRequest(`'duration' must be an ISO 8601 duration string such as "PT40M".`);
          await clock.advance(body['duration']);
        } else {
          if (typeof body['now'] !== 'string') throw badRequest(`'now' must be an ISO 8601 instant such as "2030-01-01T00:00:00Z".`);
          await clock.set(body['now']);
        }
      } catch (error) {
        if (error instanceof GraphError) throw error;
        throw badRequest((error as Error).message);
      }
      return clockReply(clock, request.response, parts.lifecycle.cyclesRun - before);
    }
  }
  if (first === 'servicePrincipals' && second !== undefined && third === 'jobs' && fourth !== undefined && fifth === 'plan' && sixth === undefined) {
    if (!isGuid(second)) throw badRequest(`Invalid object identifier '${second}'.`);
    const spId = second.toLowerCase();
    if (!parts.store.jobs.exists(spId, fourth)) throw resourceNotFound(fourth);
    if (request.method === 'GET') {
      return jsonReply(request.response, 200, JSON.stringify(parts.lifecycle.describe(spId, fourth)));
    }
    if (request.method !== 'PUT' && request.method !== 'POST') throw methodNotAllowed(request.method, ['GET', 'PUT']);
    const body = request.json();
    if (!isPlainObject(body)) throw badRequest(`The body must be {"outcomes": [...], "default": {...}}, not ${describeJson(body)}.`);
    for (const key of Object.keys(body)) if (key !== 'outcomes' && key !== 'default') throw badRequest(`'${key}' is not a property of a plan (outcomes, default).`);
    try {
      const outcomes = readPlan(body['outcomes'] ?? [], 'outcomes');
      const fallback = body['default'] === undefined ? undefined : readDefaultOutcome(body['default']);
      parts.lifecycle.plan(spId, fourth, outcomes, fallback);
    } catch (error) {
      if (error instanceof OutcomeError) throw badRequest(error.message);
      throw error;
    }
    return noContent(request.response);
  }
  throw segmentNotFound(request.path);
}

function clockReply(clock: Clock, response: ResponseContext, cyclesRun: number): Reply {
  return jsonReply(response, 200, JSON.stringify({ now: clock.now().toISOString(), kind: clock.kind, cyclesRun }));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`The path segment '${segment}' has malformed percent-encoding.`);
  }
}
