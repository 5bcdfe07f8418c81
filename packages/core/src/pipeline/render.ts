import { ODataQueryError } from '@syncemu/odata';
import { isDatabaseUnavailable, QueryEvaluationError, QueryTooComplexError, SkipTokenError, UnstorableTextError } from '@syncemu/store';
import { GraphError, payloadTooLarge } from '../errors/graph-error.js';
import { FixtureError } from '../fixtures/fixture.js';
import { errorReply, type Reply, type ResponseContext } from '../http/responses.js';
import { MAX_BODY_BYTES } from '../http/types.js';
import { OutcomeError } from '../lifecycle/outcomes.js';
import { MAX_HEADER_BYTES, type MalformedStatus } from '../server/http-server.js';

/** Stage 6, render: what was thrown, as the Graph error a client gets; a bug of ours is reported and answered 500. */
export function renderError(response: ResponseContext, error: unknown, onInternalError: (error: unknown) => void): Reply {
  return errorReply(response, toGraphError(error, onInternalError));
}

function toGraphError(error: unknown, onInternalError: (error: unknown) => void): GraphError {
  if (error instanceof GraphError) return error;
  if (error instanceof ODataQueryError || error instanceof SkipTokenError || error instanceof QueryTooComplexError || error instanceof QueryEvaluationError || error instanceof UnstorableTextError || error instanceof FixtureError || error instanceof OutcomeError) {
    return new GraphError(400, 'BadRequest', error.message);
  }
  if (isDatabaseUnavailable(error)) {
    // PostgreSQL went away (restarted, the connection terminated): not a bug; a client may retry
    return new GraphError(503, 'serviceNotAvailable', `syncemu's database is not available right now (${(error as Error).message}); retry the request.`, { 'Retry-After': '1' });
  }
  onInternalError(error);
  return new GraphError(500, 'generalException', `syncemu failed to answer this request because of a bug of its own (${error instanceof Error ? error.name : 'error'}); please report it.`);
}

/** The 413 for a body over the limit, before it is read. */
export function tooLargeReply(response: ResponseContext): Reply {
  return errorReply(response, payloadTooLarge(MAX_BODY_BYTES));
}

/** The Graph error for bytes the HTTP parser refused before they became a request (the server answers it and closes). */
export function malformedReply(response: ResponseContext, status: MalformedStatus): Reply {
  const error =
    status === 431
      ? new GraphError(431, 'RequestHeaderFieldsTooLarge', `The request line and headers are larger than the ${MAX_HEADER_BYTES} bytes this service accepts.`)
      : status === 408
        ? new GraphError(408, 'RequestTimeout', 'The request did not arrive in time.')
        : status === 417
          ? new GraphError(417, 'ExpectationFailed', "The request's Expect header asks for something other than 100-continue, which is all this service supports.")
          : new GraphError(400, 'BadRequest', 'The request is not a valid HTTP/1.1 request.');
  return errorReply(response, error);
}
