import { GraphError } from '../errors/graph-error.js';
import { errorDate } from '../clock/clock.js';
import type { EmulatorResponse } from './types.js';

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** What every response of one request shares: its ids and the time it was answered. */
export interface ResponseContext {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly now: Date;
}

/**
 * What a handler answers, and what `handle()` returns: an {@link EmulatorResponse} in plain data
 * whose body is held as the handler built it, one text or a few pieces of one; `body`, `chunks` and
 * `bytes` are its own enumerable getters (so `{...reply}` and `structuredClone(reply)` carry them),
 * joining or encoding only when read, then keeping the result. A list page is built in pieces: as
 * one string of 150-230 kB it would be a fresh large-object allocation in V8 each time, whose pages
 * fault on first touch (docs/decisions/0008-list-bodies-in-pieces.md).
 */
export type Reply = EmulatorResponse;

export function reply(status: number, headers: Record<string, string>, built?: string | readonly string[]): Reply {
  let text = typeof built === 'string' ? built : undefined;
  let chunks = typeof built === 'string' ? undefined : built;
  let bytes: Buffer | undefined;
  const body = (): string | undefined => {
    if (text === undefined && chunks !== undefined) text = chunks.join('');
    return text;
  };
  return {
    status,
    headers,
    get body(): string | undefined {
      return body();
    },
    get chunks(): readonly string[] | undefined {
      if (chunks === undefined && text !== undefined) chunks = [text];
      return chunks;
    },
    get bytes(): Buffer | undefined {
      if (bytes === undefined && built !== undefined) bytes = Buffer.from(body()!, 'utf8');
      return bytes;
    },
  };
}

function baseHeaders(context: ResponseContext): Record<string, string> {
  return { 'request-id': context.requestId, 'client-request-id': context.clientRequestId, 'Cache-Control': 'private' };
}

/** A JSON response from JSON text that is already serialized. */
export function jsonReply(context: ResponseContext, status: number, body: string | readonly string[], headers: Record<string, string> = {}): Reply {
  return reply(status, { ...baseHeaders(context), 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0', ...headers }, body);
}

export function textReply(context: ResponseContext, status: number, body: string): Reply {
  return reply(status, { ...baseHeaders(context), 'Content-Type': 'text/plain;charset=utf-8', 'OData-Version': '4.0' }, body);
}

/** 204: no body, no content type. */
export function noContent(context: ResponseContext, headers: Record<string, string> = {}): Reply {
  return reply(204, { ...baseHeaders(context), ...headers });
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
