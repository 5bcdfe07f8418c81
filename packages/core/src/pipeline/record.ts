import type { JournalBody, JournalRecord } from '@syncemu/store';
import { CONTROL_PREFIX } from '../handlers/control-handler.js';
import { headerValue, type EmulatorRequest, type EmulatorResponse } from '../http/types.js';
import { isGuid } from '../ids/id-generator.js';
import { isJsonContentType } from './request-body.js';

/** What the URL of a request addresses, read from its path alone (also for requests refused before routing). */
export interface RequestTarget {
  /** Path and query as received, without the origin. */
  readonly url: string;
  readonly control: boolean;
  readonly version: string | null;
  /** The path after the version segment (what fault rules match), '' without a version. */
  readonly pathAfterVersion: string;
  readonly servicePrincipalId: string | null;
  readonly jobId: string | null;
}

/** Reads the target of a request URL: never throws, whatever the URL holds. */
export function requestTarget(rawUrl: string): RequestTarget {
  const url = rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '').map(decode);
  const control = path.startsWith(CONTROL_PREFIX) || path === CONTROL_PREFIX.slice(0, -1);
  const first = segments[0]?.toLowerCase();
  const version = first === 'v1.0' || first === 'beta' ? first : null;
  const rest = version === null ? [] : segments.slice(1);
  const sp = rest[0]?.toLowerCase() === 'serviceprincipals' && rest[1] !== undefined && isGuid(rest[1]) ? rest[1].toLowerCase() : null;
  const job = sp !== null && rest[2]?.toLowerCase() === 'synchronization' && rest[3]?.toLowerCase() === 'jobs' ? rest[4] : undefined;
  const jobId = job === undefined || job === '$count' || job.toLowerCase() === 'validatecredentials' ? null : job;
  return { url, control, version, pathAfterVersion: version === null ? '' : `/${rest.join('/')}`, servicePrincipalId: sp, jobId };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The journal entry of an answered request. */
export function journalRecord(request: EmulatorRequest, response: EmulatorResponse, target: RequestTarget, at: Date, durationMs: number, fault: string | null): JournalRecord {
  return {
    time: at.toISOString(),
    method: request.method.toUpperCase(),
    url: target.url,
    version: target.version,
    servicePrincipalId: target.servicePrincipalId,
    jobId: target.jobId,
    status: response.status,
    durationMs: Math.round(durationMs * 1000) / 1000,
    fault,
    requestBody: requestBody(request),
    responseBody: responseBody(response),
  };
}

function requestBody(request: EmulatorRequest): JournalBody | null {
  const body = request.body;
  if (body === undefined || body === null) return null;
  let text: string;
  let json = false;
  if (typeof body === 'object' && !(body instanceof Uint8Array)) {
    // a value given in process: its JSON (a value too deep to serialize is kept as a note)
    try {
      text = JSON.stringify(body);
      json = true;
    } catch {
      return { pieces: ['(a value that does not serialize as JSON)'], json: false };
    }
  } else {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
    if (text === '') return null;
    const type = headerValue(request.headers, 'content-type');
    json = type !== undefined && isJsonContentType(type) && isJson(text);
  }
  return { pieces: [text], json };
}

/** The reply's pieces as they are (the journal keeps what it needs of them, without joining them). */
function responseBody(response: EmulatorResponse): JournalBody | null {
  const pieces = response.chunks;
  if (pieces === undefined || pieces.length === 0 || (pieces.length === 1 && pieces[0] === '')) return null;
  return { pieces, json: (response.headers['Content-Type'] ?? '').startsWith('application/json') };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
