/**
 * Checks every JSON payload that any emulator in this process answers against Microsoft's CSDL of
 * its version (tests/support/csdl-validator.ts), through the emulators' `syncemu:response`
 * diagnostics channel: `scripts/run-tests.mjs` imports it before the suites run and fails the run
 * when a payload does not conform, so a new property or a typo anywhere in a tested path is caught
 * without each test asking.
 */
import { subscribe } from 'node:diagnostics_channel';
import { RESPONSE_CHANNEL, type ResponseMessage } from '@syncemu/core';
import { checkPayload, type ApiVersion } from './csdl-validator.js';

export interface Violation {
  readonly message: string;
  /** The first request whose payload broke the rule, and how many did. */
  readonly example: string;
  count: number;
}

const found = new Map<string, Violation>();
let checked = 0;

/** The payloads that did not conform, one entry per distinct problem. */
export function violations(): readonly Violation[] {
  return [...found.values()];
}

/** How many payloads were checked. */
export function checkedPayloads(): number {
  return checked;
}

/** The version a request URL addresses, or undefined for paths outside Graph (`/`, `/_syncemu/…`). */
function versionOf(url: string): ApiVersion | undefined {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const segment = /^\/([^/?#]*)/.exec(path)?.[1]?.toLowerCase();
  return segment === 'v1.0' || segment === 'beta' ? segment : undefined;
}

/** Checks one answered request (exported for the observer's own test). */
export function observe({ request, response }: ResponseMessage): readonly string[] {
  const version = versionOf(request.url);
  const type = response.headers['Content-Type'] ?? '';
  if (version === undefined || !type.startsWith('application/json') || response.body === undefined || response.body === '') return [];
  let payload: unknown;
  try {
    payload = JSON.parse(response.body);
  } catch {
    return [`the body is not JSON although the content type is ${type}`];
  }
  checked++;
  return checkPayload(version, payload, { ieee754Compatible: /IEEE754Compatible=true/i.test(type) });
}

subscribe(RESPONSE_CHANNEL, (message) => {
  const { request, response } = message as ResponseMessage;
  for (const problem of observe(message as ResponseMessage)) {
    const key = `${versionOf(request.url)} ${problem.replace(/\[\d+\]/g, '[i]')}`;
    const seen = found.get(key);
    if (seen) seen.count++;
    else found.set(key, { message: `${versionOf(request.url)}: ${problem}`, example: `${request.method} ${request.url} → ${response.status}`, count: 1 });
  }
});
