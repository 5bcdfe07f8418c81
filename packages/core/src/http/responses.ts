import { GraphError } from '../errors/graph-error.js';
import { inspect } from 'node:util';
import { errorDate } from '../clock/clock.js';
import type { EmulatorResponse } from './types.js';

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
/** The JSON content type when the client asked for Int64 values as strings. */
export const IEEE754_JSON_CONTENT_TYPE = JSON_CONTENT_TYPE.replace('IEEE754Compatible=false', 'IEEE754Compatible=true');

/** What every response of one request shares: its ids and the time it was answered. */
export interface ResponseContext {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly now: Date;
  /** `Accept: application/json;IEEE754Compatible=true`: Int64 values are written as strings, and the content type says so. */
  readonly ieee754Compatible?: boolean;
}

/**
 * What a handler answers, and what `handle()` returns: an {@link EmulatorResponse} whose body is
 * held as the handler built it, one text or a few pieces of one, and joined or encoded only when
 * `body` or `bytes` is read (then kept). A list page is built in pieces: as one string of 150-230 kB
 * it would be a fresh large-object allocation in V8 each time, whose pages fault on first touch
 * (docs/decisions/0008-list-bodies-in-pieces.md). `body`, `chunks` and `bytes` are getters of the
 * class, not own properties: an object literal with its own getters, tried for `{...reply}` to
 * copy them, made GC take 60% of a list request (V8 kept promoting their closures' contexts);
 * `JSON.stringify(reply)` (toJSON) and `util.inspect` show the body.
 */
export class Reply implements EmulatorResponse {
  #text: string | undefined;
  #chunks: readonly string[] | undefined;
  #bytes: Buffer | undefined;

  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    body?: string | readonly string[],
  ) {
    if (typeof body === 'string') this.#text = body;
    else if (body !== undefined) this.#chunks = body;
  }

  get body(): string | undefined {
    if (this.#text === undefined && this.#chunks !== undefined) this.#text = this.#chunks.join('');
    return this.#text;
  }

  get chunks(): readonly string[] | undefined {
    if (this.#chunks === undefined && this.#text !== undefined) this.#chunks = [this.#text];
    return this.#chunks;
  }

  get bytes(): Buffer | undefined {
    const text = this.body;
    if (this.#bytes === undefined && text !== undefined) this.#bytes = Buffer.from(text, 'utf8');
    return this.#bytes;
  }

  toJSON(): { status: number; headers: Record<string, string>; body?: string } {
    const body = this.body;
    return { status: this.status, headers: this.headers, ...(body !== undefined && { body }) };
  }

  [inspect.custom](): unknown {
    return this.toJSON();
  }
}

function baseHeaders(context: ResponseContext): Record<string, string> {
  return { 'request-id': context.requestId, 'client-request-id': context.clientRequestId, 'Cache-Control': 'private' };
}

/** A JSON response from JSON text that is already serialized. */
export function jsonReply(context: ResponseContext, status: number, body: string | readonly string[], headers: Record<string, string> = {}): Reply {
  const contentType = context.ieee754Compatible ? IEEE754_JSON_CONTENT_TYPE : JSON_CONTENT_TYPE;
  return new Reply(status, { ...baseHeaders(context), 'Content-Type': contentType, 'OData-Version': '4.0', ...headers }, body);
}

/** An XML document (`$metadata`). */
export function xmlReply(context: ResponseContext, status: number, body: string): Reply {
  return new Reply(status, { ...baseHeaders(context), 'Content-Type': 'application/xml;charset=utf-8', 'OData-Version': '4.0' }, body);
}

export function textReply(context: ResponseContext, status: number, body: string): Reply {
  return new Reply(status, { ...baseHeaders(context), 'Content-Type': 'text/plain;charset=utf-8', 'OData-Version': '4.0' }, body);
}

/** 204: no body, no content type. */
export function noContent(context: ResponseContext, headers: Record<string, string> = {}): Reply {
  return new Reply(204, { ...baseHeaders(context), ...headers });
}

/** The one place a GraphError becomes a response. */
export function errorReply(context: ResponseContext, error: GraphError): Reply {
  const { target, innerError } = error.extras;
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(target !== undefined && { target }),
      innerError: { date: errorDate(context.now), 'request-id': context.requestId, 'client-request-id': context.clientRequestId, ...innerError },
    },
  };
  return jsonReply(context, error.status, JSON.stringify(body), { ...error.headers });
}

/** `{"@odata.context": …` followed by the rest of a stored JSON object, without parsing it. */
export function withContext(contextUrl: string, objectJson: string): string {
  const rest = objectJson.slice(1).trimStart();
  return `{"@odata.context":${JSON.stringify(contextUrl)}${rest === '}' ? '' : ','}${rest}`;
}
