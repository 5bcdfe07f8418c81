import { GraphError, badRequest, resourceNotFound, segmentNotFound, methodNotAllowed } from '../errors/graph-error.js';
import { jsonReply, noContent, type Reply, type ResponseContext } from '../http/responses.js';
import { OutcomeError, readDefaultOutcome, readPlan } from '../lifecycle/outcomes.js';
import { describeJson, isPlainObject } from '../payload/value-checker.js';
import { isGuid } from '../ids/id-generator.js';
import { ClockError, type Clock } from '../clock/clock.js';
import type { EmulatorParts } from './context.js';
import type { TestControl } from '../control/test-control.js';
import { explainList, jobTimeline, listServicePrincipals } from './inspect-handler.js';

/** The prefix of syncemu's own control routes: no Graph path starts with it. */
export const CONTROL_PREFIX = '/_syncemu/';

export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly origin: string;
  readonly json: () => unknown;
  readonly hasBody: () => boolean;
  readonly response: ResponseContext;
}

/**
 * `/_syncemu/…` over HTTP (decisions.md §10): the clock, the outcome plans of jobs, reset,
 * snapshots, the request journal and fault rules.
 * - `GET /_syncemu/clock` → `{now, kind}`; `POST …/clock/advance` `{"duration"}`; `POST …/clock/set` `{"now"}`
 * - `GET|PUT /_syncemu/servicePrincipals/{spId}/jobs/{jobId}/plan` `{"outcomes": [...], "default": {...}}`
 * - `POST /_syncemu/reset` (`{"servicePrincipalId"}` for one)
 * - `POST|GET /_syncemu/snapshots`, `POST …/snapshots/{name}/restore`, `DELETE …/snapshots/{name}`
 * - `GET|DELETE /_syncemu/requests`
 * - `POST|GET|DELETE /_syncemu/faults`, `GET|DELETE …/faults/{id}`
 * - what the workbench reads (inspect-handler.ts): `GET /_syncemu/servicePrincipals`,
 *   `GET /_syncemu/explain/{version}/servicePrincipals/{spId}/synchronization/jobs?{query}`,
 *   `GET /_syncemu/servicePrincipals/{spId}/jobs/{jobId}/timeline`
 */
export async function controlRoute(parts: EmulatorParts, clock: Clock, control: TestControl, request: ControlRequest): Promise<Reply> {
  const segments = request.path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '').split('/').map(decodeSegment);
  const [first, second, third, fourth, fifth, sixth] = segments;
  if (first === 'reset' || first === 'snapshots' || first === 'requests' || first === 'faults') return testControlRoute(control, request, segments);
  if (first === 'explain') return explainList(parts, request, `${CONTROL_PREFIX}explain`);
  if (first === 'servicePrincipals' && second === undefined) return listServicePrincipals(parts, request);
  if (first === 'servicePrincipals' && second !== undefined && third === 'jobs' && fourth !== undefined && fifth === 'timeline' && sixth === undefined) {
    return jobTimeline(parts, request, second, fourth);
  }
  if (first === 'clock' && third === undefined) {
    if (second === undefined) {
      if (request.method !== 'GET') throw methodNotAllowed(request.method, ['GET']);
      return clockReply(clock, request.response, 0, await parts.lifecycle.cyclesCompleted());
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
        // a time the clock refuses is the client's error; anything else (the store failing while
        // cycles ran) is not
        if (error instanceof ClockError) throw badRequest(error.message);
        throw error;
      }
      return clockReply(clock, request.response, parts.lifecycle.cyclesRun - before, await parts.lifecycle.cyclesCompleted());
    }
  }
  if (first === 'servicePrincipals' && second !== undefined && third === 'jobs' && fourth !== undefined && fifth === 'plan' && sixth === undefined) {
    if (!isGuid(second)) throw badRequest(`Invalid object identifier '${second}'.`);
    const spId = second.toLowerCase();
    if (!(await parts.db.jobs.exists(spId, fourth))) throw resourceNotFound(fourth);
    if (request.method === 'GET') {
      return jsonReply(request.response, 200, JSON.stringify(await parts.lifecycle.describe(parts.db, spId, fourth)));
    }
    if (request.method !== 'PUT' && request.method !== 'POST') throw methodNotAllowed(request.method, ['GET', 'PUT']);
    const body = request.json();
    if (!isPlainObject(body)) throw badRequest(`The body must be {"outcomes": [...], "default": {...}}, not ${describeJson(body)}.`);
    for (const key of Object.keys(body)) if (key !== 'outcomes' && key !== 'default') throw badRequest(`'${key}' is not a property of a plan (outcomes, default).`);
    try {
      const outcomes = readPlan(body['outcomes'] ?? [], 'outcomes');
      const fallback = body['default'] === undefined ? undefined : readDefaultOutcome(body['default']);
      await parts.lifecycle.plan(spId, fourth, outcomes, fallback);
    } catch (error) {
      if (error instanceof OutcomeError) throw badRequest(error.message);
      throw error;
    }
    return noContent(request.response);
  }
  throw segmentNotFound(request.path);
}

/** `cyclesRun`: completed by this call; `cyclesCompleted`: by this emulator since it started (what a page polls to see cycles complete). */
function clockReply(clock: Clock, response: ResponseContext, cyclesRun: number, cyclesCompleted: number): Reply {
  return jsonReply(response, 200, JSON.stringify({ now: clock.now().toISOString(), kind: clock.kind, cyclesRun, cyclesCompleted }));
}

/** reset, snapshots, requests and faults (the routes of the test-control issue). */
async function testControlRoute(control: TestControl, request: ControlRequest, segments: readonly string[]): Promise<Reply> {
  const { method, response } = request;
  const [first, second, third, fourth] = segments;
  const allow = (...methods: string[]) => {
    if (!methods.includes(method)) throw methodNotAllowed(method, methods);
  };
  const body = (): Record<string, unknown> => {
    const value = request.json();
    if (!isPlainObject(value)) throw badRequest(`The body must be a JSON object, not ${describeJson(value)}.`);
    return value;
  };
  if (first === 'reset' && second === undefined) {
    allow('POST');
    const options = request.hasBody() ? body() : {};
    for (const key of Object.keys(options)) if (key !== 'servicePrincipalId') throw badRequest(`'${key}' is not an option of reset (servicePrincipalId).`);
    await control.reset('servicePrincipalId' in options ? { servicePrincipalId: options['servicePrincipalId'] } : {});
    return noContent(response);
  }
  if (first === 'snapshots') {
    if (second === undefined) {
      allow('GET', 'POST');
      if (method === 'GET') return jsonReply(response, 200, JSON.stringify({ value: await control.listSnapshots() }));
      const options = body();
      for (const key of Object.keys(options)) if (key !== 'name') throw badRequest(`'${key}' is not a field of a snapshot (name).`);
      return jsonReply(response, 201, JSON.stringify(await control.snapshot(options['name'])));
    }
    if (third === undefined) {
      allow('DELETE');
      await control.deleteSnapshot(second);
      return noContent(response);
    }
    if (third === 'restore' && fourth === undefined) {
      allow('POST');
      await control.restore(second);
      return noContent(response);
    }
  }
  if (first === 'requests' && second === undefined) {
    allow('GET', 'DELETE');
    if (method === 'DELETE') {
      await control.clearRequests();
      return noContent(response);
    }
    return jsonReply(response, 200, await control.requests(request.query, `${request.origin}${CONTROL_PREFIX}requests`));
  }
  if (first === 'faults') {
    if (second === undefined) {
      allow('GET', 'POST', 'DELETE');
      if (method === 'GET') return jsonReply(response, 200, JSON.stringify({ value: await control.listFaults() }));
      if (method === 'DELETE') {
        await control.clearFaults();
        return noContent(response);
      }
      return jsonReply(response, 201, JSON.stringify(await control.addFault(request.json())));
    }
    if (third === undefined) {
      allow('GET', 'DELETE');
      if (method === 'GET') {
        const rule = (await control.listFaults()).find((candidate) => candidate.id === second);
        if (!rule) throw new GraphError(404, 'Request_ResourceNotFound', `There is no fault rule '${second}'.`);
        return jsonReply(response, 200, JSON.stringify(rule));
      }
      if (!(await control.removeFault(second))) throw new GraphError(404, 'Request_ResourceNotFound', `There is no fault rule '${second}'.`);
      return noContent(response);
    }
  }
  throw segmentNotFound(request.path);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`The path segment '${segment}' has malformed percent-encoding.`);
  }
}
