import { channel } from 'node:diagnostics_channel';
import type { EmulatorCore } from '../emulator/core.js';
import { controlRoute } from '../handlers/control-handler.js';
import { HANDLERS } from '../handlers/handler-table.js';
import { serviceResource } from '../handlers/service-handler.js';
import { wantsHtml, workbenchAsset, workbenchPage } from '../workbench/workbench-assets.js';
import { authorize } from '../http/authorization.js';
import { errorReply, type Reply, type ResponseContext } from '../http/responses.js';
import { GraphError } from '../errors/graph-error.js';
import { defaultFaultCode, defaultFaultMessage, type FaultRule } from '../control/fault-rules.js';
import type { TestControl } from '../control/test-control.js';
import { journalRecord, requestTarget, type RequestTarget } from './record.js';
import type { EmulatorRequest, EmulatorResponse } from '../http/types.js';
import type { RequestPoll } from '@syncemu/store';
import type { MalformedStatus } from '../server/http-server.js';
import { checkLimits, responseContext } from './limits.js';
import { malformedReply, renderError, tooLargeReply } from './render.js';
import { locate, route } from './route.js';
import { runWork } from './run.js';

/**
 * The `node:diagnostics_channel` on which every emulator publishes each request it answered, as
 * `{ request, response }` ({@link ResponseMessage}): for tools that watch an emulator (the test
 * suite checks every payload against the CSDL). Costs nothing while no one subscribes.
 * @example
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe(RESPONSE_CHANNEL, (message) => console.log((message as ResponseMessage).response.status));
 */
export const RESPONSE_CHANNEL = 'syncemu:response';
const responses = channel(RESPONSE_CHANNEL);

/** What {@link RESPONSE_CHANNEL} carries. */
export interface ResponseMessage {
  readonly request: EmulatorRequest;
  readonly response: EmulatorResponse;
}

export interface Pipeline {
  /** Answers one request. */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** The 413 for a body over the limit, before it is read. */
  tooLarge(status: 413, clientRequestId?: string): Promise<EmulatorResponse>;
  /** The answer to bytes the HTTP parser refused. */
  malformed(status: MalformedStatus): EmulatorResponse;
}

/**
 * The path of a request, stage by stage: read (its context) and limit, locate (control, service
 * documents or Graph), authorize, fault (a rule of the test's answers instead), route, handle,
 * render (an error as Graph's), record (the journal) and publish.
 */
export function createPipeline(core: EmulatorCore, control: TestControl, isClosed: () => boolean): Pipeline {
  const { control: controlOn, requireAuth, onInternalError } = core.settings;

  async function answer(request: EmulatorRequest, target: RequestTarget, response: ResponseContext, polled: RequestPoll | undefined): Promise<{ reply: Reply; fault: string | null }> {
    let fault: string | null = null;
    try {
      checkLimits(request, isClosed());
      const located = locate(request, { control: controlOn });
      if (located.kind === 'workbench') return { reply: workbenchAsset(located.method, located.path, response), fault };
      // a browser at `/` gets the workbench (when the control routes it is made of are on), like its
      // files never answered by a fault rule; JSON clients get the base URLs
      const page = located.kind === 'service' && located.route.kind === 'root' && controlOn && wantsHtml(request.headers) ? workbenchPage(response) : undefined;
      if (page) return { reply: page, fault };
      if (located.kind === 'control') {
        return { reply: await runWork(core, { readOnly: false, run: (parts) => controlRoute(parts, core.clock, control, { ...located, response }) }, polled), fault };
      }
      if (located.kind === 'graph' && requireAuth) authorize(request.headers, located.method);
      // on PostgreSQL the poll said whether any rule exists: none, and no rule is asked for
      const taken = polled && !polled.faults ? undefined : core.faults.take(request.method, target.pathAfterVersion, target.servicePrincipalId ?? undefined);
      const rule = taken && (await taken);
      if (rule) {
        fault = rule.id;
        if (rule.delayMs) await delay(rule.delayMs);
        if (rule.respond) return { reply: faultReply(response, rule), fault };
      }
      if (located.kind === 'service') return { reply: serviceResource(located.route, located.origin, response), fault };
      const routed = route(located, request, response);
      const handler = HANDLERS[routed.route.resource];
      return { reply: await runWork(core, { readOnly: routed.readOnly, run: (parts) => handler(parts, routed.request) }, polled), fault };
    } catch (error) {
      return { reply: renderError(response, error, onInternalError), fault };
    }
  }

  return {
    async handle(request) {
      const started = performance.now();
      // PostgreSQL: the shared clock, fault rules and due cycles, read first in one round trip
      const polling = core.poll();
      let polled: RequestPoll | undefined;
      try {
        polled = polling && (await polling);
      } catch (error) {
        return renderError(responseContext(request, core.clock.now()), error, onInternalError);
      }
      const at = core.clock.now();
      const response = responseContext(request, at);
      const target = requestTarget(request.url);
      const { reply, fault } = await answer(request, target, response, polled);
      // with no journal (journalSize 0) no entry is made: its bodies are decoded and checked as JSON
      if (!target.control && core.journal.size > 0) core.journal.record(journalRecord(request, reply, target, at, performance.now() - started, fault));
      if (responses.hasSubscribers) responses.publish({ request, response: reply } satisfies ResponseMessage);
      return reply;
    },
    async tooLarge(_status, clientRequestId) {
      return tooLargeReply(responseContext({ headers: clientRequestId ? { 'client-request-id': clientRequestId } : undefined }, core.clock.now()));
    },
    malformed(status) {
      return malformedReply(responseContext({}, core.clock.now()), status);
    },
  };
}

/** A fault rule's answer: a Graph error of its status and code, with Retry-After and its headers; nothing is written. */
function faultReply(response: ResponseContext, rule: FaultRule): Reply {
  const respond = rule.respond!;
  const headers: Record<string, string> = { ...respond.headers, ...(respond.retryAfterSeconds !== undefined && { 'Retry-After': String(respond.retryAfterSeconds) }) };
  const error = new GraphError(respond.status, respond.code ?? defaultFaultCode(respond.status), respond.message ?? defaultFaultMessage(rule, respond.status), headers);
  return errorReply(response, error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
