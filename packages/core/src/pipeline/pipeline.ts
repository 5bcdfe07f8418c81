import { channel } from 'node:diagnostics_channel';
import type { EmulatorCore } from '../emulator/core.js';
import { controlRoute } from '../handlers/control-handler.js';
import { HANDLERS } from '../handlers/handler-table.js';
import { serviceResource } from '../handlers/service-handler.js';
import { authorize } from '../http/authorization.js';
import type { Reply } from '../http/responses.js';
import type { EmulatorRequest, EmulatorResponse } from '../http/types.js';
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
 * documents or Graph), authorize, route, handle, render (an error as Graph's), publish.
 */
export function createPipeline(core: EmulatorCore, isClosed: () => boolean): Pipeline {
  const { control, requireAuth, onInternalError } = core.settings;

  async function answer(request: EmulatorRequest): Promise<Reply> {
    const response = responseContext(request, core.clock.now());
    try {
      checkLimits(request, isClosed());
      const located = locate(request, { control });
      switch (located.kind) {
        case 'service':
          return serviceResource(located.route, located.origin, response);
        case 'control':
          return await runWork(core, { readOnly: false, run: () => controlRoute(core.parts(), core.clock, { ...located, response }) });
        case 'graph': {
          if (requireAuth) authorize(request.headers, located.method);
          const routed = route(located, request, response);
          const handler = HANDLERS[routed.route.resource];
          return await runWork(core, { readOnly: routed.readOnly, run: () => handler(core.parts(), routed.request) });
        }
      }
    } catch (error) {
      return renderError(response, error, onInternalError);
    }
  }

  return {
    async handle(request) {
      const reply = await answer(request);
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
