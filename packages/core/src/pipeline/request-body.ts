import { payloadTooLarge, unreadablePayload, unsupportedMediaType } from '../errors/graph-error.js';
import { headerValue, MAX_BODY_BYTES, type EmulatorRequest } from '../http/types.js';

/** A value given as JSON (the in-process API) is a body; it is never serialized just to ask (it may be too deep to). */
export function hasBody(request: EmulatorRequest): boolean {
  const body = request.body;
  if (body !== undefined && body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) return true;
  return bodyText(request).trim() !== '';
}

/** The body as text (bytes decoded as UTF-8), '' without one or for a value given as JSON. */
export function bodyText(request: EmulatorRequest): string {
  const body = request.body;
  return typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder('utf-8', { fatal: false }).decode(body) : '';
}

/** The JSON body: 413 over the limit, 415 for another content type, 400 when it is not JSON. */
export function readJsonBody(request: EmulatorRequest): unknown {
  const body = request.body;
  if (body !== undefined && body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) return body;
  const text = bodyText(request);
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : 0;
  if (bytes > MAX_BODY_BYTES) throw payloadTooLarge(MAX_BODY_BYTES);
  const contentType = headerValue(request.headers, 'content-type');
  if (text.trim() !== '' && contentType !== undefined && !isJsonContentType(contentType)) throw unsupportedMediaType(contentType);
  if (text.trim() === '') throw unreadablePayload();
  try {
    return JSON.parse(text);
  } catch {
    throw unreadablePayload();
  }
}

export function isJsonContentType(contentType: string): boolean {
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}
