import { GraphError } from '../errors/graph-error.js';
import { errorDate } from '../clock/clock.js';

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** What every response of one request shares: its ids and the time it was answered. */
export interface ResponseContext {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly now: Date;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

function baseHeaders(context: ResponseContext): Record<string, string> {
  return { 'request-id': context.requestId, 'client-request-id': context.clientRequestId, 'Cache-Control': 'private' };
}

/** A JSON response from JSON text that is already serialized. */
export function jsonReply(context: ResponseContext, status: number, body: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { ...baseHeaders(context), 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0', ...headers },
    body,
  };
}

export function textReply(context: ResponseContext, status: number, body: string): Reply {
  return { status, headers: { ...baseHeaders(context), 'Content-Type': 'text/plain;charset=utf-8', 'OData-Version': '4.0' }, body };
}

/** 204: no body, no content type. */
export function noContent(context: ResponseContext, headers: Record<string, string> = {}): Reply {
  return { status: 204, headers: { ...baseHeaders(context), ...headers } };
}

/** The one place a GraphError becomes a response. */
export function errorReply(context: ResponseContext, error: GraphError): Reply {
  const body = {
    error: {
      code: error.code,
      message: error.message,
      innerError: { date: errorDate(context.now), 'request-id': context.requestId, 'client-request-id': context.clientRequestId },
    },
  };
  return jsonReply(context, error.status, JSON.stringify(body), { ...error.headers });
}

/** `{"@odata.context": …` followed by the rest of a stored JSON object, without parsing it. */
export function withContext(contextUrl: string, objectJson: string): string {
  const rest = objectJson.slice(1).trimStart();
  return `{"@odata.context":${JSON.stringify(contextUrl)}${rest === '}' ? '' : ','}${rest}`;
}
