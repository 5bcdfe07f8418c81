import { randomUUID } from 'node:crypto';
import { GraphError, uriTooLong } from '../errors/graph-error.js';
import type { ResponseContext } from '../http/responses.js';
import { headerValue, MAX_URL_BYTES, type EmulatorRequest } from '../http/types.js';
import { wantsIeee754Compatible } from '../payload/ieee754.js';

/** Stage 1, read: what every response of this request shares (its ids, its time, its JSON flavour). */
export function responseContext(request: Pick<EmulatorRequest, 'headers'>, now: Date): ResponseContext {
  const requestId = randomUUID();
  return {
    requestId,
    clientRequestId: headerValue(request.headers, 'client-request-id') || requestId,
    now,
    ieee754Compatible: wantsIeee754Compatible(request.headers),
  };
}

/** Stage 1, limit: a closed emulator answers 503; a path and query over 16 KiB get 414. */
export function checkLimits(request: EmulatorRequest, closed: boolean): void {
  if (closed) throw new GraphError(503, 'serviceNotAvailable', 'The emulator has been closed.');
  // the limit is on the path and query (what a client writes after the host), not the origin too
  if (Buffer.byteLength(request.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')) > MAX_URL_BYTES) throw uriTooLong(MAX_URL_BYTES);
}
