/**
 * Shared helpers of the lifecycle tests: a manual-clock emulator, a small Graph/control client
 * over any `fetch` (the emulator's own, or the global one against a listening server), and
 * instants relative to the clock's start.
 */
import * as assert from 'uvu/assert';
import { createEmulator, type Emulator, type EmulatorOptions } from '@syncemu/core';

export const SP = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
/** Where every manual clock of these tests starts. */
export const START = '2030-01-01T00:00:00.000Z';
export const NEVER = '0001-01-01T00:00:00Z';

/** The instant `minutes` after START (fractions allowed), as the emulator writes instants. */
export const at = (minutes: number, from = START): string => new Date(Date.parse(from) + Math.round(minutes * 60_000)).toISOString();
/** Minutes between two instants. */
export const minutesBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 60_000;

/** An in-memory emulator whose manual clock starts at START (or `start`). */
export async function manualEmulator(options: EmulatorOptions = {}, start = START): Promise<Emulator> {
  return await createEmulator({ clock: { kind: 'manual', start }, ...options });
}

/** Runs `body` with a new manual-clock emulator and its Api, and closes the emulator after. */
export async function withEmulator(body: (emulator: Emulator, api: Api) => Promise<void>, options: EmulatorOptions = {}): Promise<void> {
  const emulator = await manualEmulator(options);
  try {
    await body(emulator, Api.of(emulator));
  } finally {
    await emulator.close();
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body (undefined when empty). */
  readonly body: any;
}

/** The synchronizationError of the docs' quarantine example. */
export const SALESFORCE_ERROR = {
  code: 'SalesforceInvalidCredentials',
  message: 'Your Salesforce.com credentials are invalid. Please check your credentials and try again.',
  tenantActionable: true,
} as const;

/** The lastExecution real jobs show between start and the end of their first cycle. */
export const PLACEHOLDER_EXECUTION = {
  activityIdentifier: null,
  countEntitled: 0,
  countEntitledForProvisioning: 0,
  countEscrowed: 0,
  countEscrowedRaw: 0,
  countExported: 0,
  countExports: 0,
  countImported: 0,
  countImportedDeltas: 0,
  countImportedReferenceDeltas: 0,
  error: { code: 'None', message: '', tenantActionable: false },
  state: 'Failed',
  timeBegan: NEVER,
  timeEnded: NEVER,
};

/** Graph and `/_syncemu/` calls for one service principal over a fetch function. */
export class Api {
  constructor(
    readonly fetchFn: FetchLike,
    readonly origin = 'https://graph.microsoft.com',
    readonly sp = SP,
    readonly version: 'v1.0' | 'beta' = 'v1.0',
  ) {}

  static of(emulator: Emulator, sp = SP): Api {
    return new Api((input, init) => emulator.fetch(input, init), 'https://graph.microsoft.com', sp);
  }

  /** `…/servicePrincipals/{sp}/synchronization{path}` */
  url(path: string): string {
    return `${this.origin}/${this.version}/servicePrincipals/${this.sp}/synchronization${path}`;
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json', ...headers };
    }
    const response = await this.fetchFn(url, init);
    const text = await response.text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  /** A Graph call under `…/synchronization`. */
  graph(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> {
    return this.request(method, this.url(path), body, headers);
  }

  /** A control call under `/_syncemu`. */
  control(method: string, path: string, body?: unknown): Promise<Reply> {
    return this.request(method, `${this.origin}/_syncemu${path}`, body);
  }

  async createJob(templateId = 'scim', extra: Record<string, unknown> = {}): Promise<string> {
    const reply = await this.graph('POST', '/jobs', { templateId, ...extra });
    assert.is(reply.status, 201, reply.text);
    return reply.body.id as string;
  }

  async job(id: string): Promise<any> {
    const reply = await this.graph('GET', `/jobs/${encodeURIComponent(id)}`);
    assert.is(reply.status, 200, reply.text);
    return reply.body;
  }

  async status(id: string): Promise<any> {
    return (await this.job(id)).status;
  }

  /** POSTs an action and expects the documented 204 with no body. */
  async act(id: string, action: string, body?: unknown): Promise<void> {
    const reply = await this.graph('POST', `/jobs/${encodeURIComponent(id)}/${action}`, body);
    assert.is(reply.status, 204, `${action}: ${reply.text}`);
    assert.is(reply.text, '');
  }

  async now(): Promise<string> {
    const reply = await this.control('GET', '/clock');
    assert.is(reply.status, 200, reply.text);
    return reply.body.now as string;
  }

  async advance(duration: string): Promise<any> {
    const reply = await this.control('POST', '/clock/advance', { duration });
    assert.is(reply.status, 200, reply.text);
    return reply.body;
  }

  async setClock(now: string): Promise<any> {
    const reply = await this.control('POST', '/clock/set', { now });
    assert.is(reply.status, 200, reply.text);
    return reply.body;
  }

  async plan(id: string, outcomes: unknown[], fallback?: unknown): Promise<void> {
    const reply = await this.control('PUT', `/servicePrincipals/${this.sp}/jobs/${encodeURIComponent(id)}/plan`, {
      outcomes,
      ...(fallback !== undefined && { default: fallback }),
    });
    assert.is(reply.status, 204, reply.text);
  }

  async describePlan(id: string): Promise<any> {
    const reply = await this.control('GET', `/servicePrincipals/${this.sp}/jobs/${encodeURIComponent(id)}/plan`);
    assert.is(reply.status, 200, reply.text);
    return reply.body;
  }
}

/** Asserts a Graph error reply: status, code, and (optionally) a message pattern. */
export function assertGraphError(reply: Reply, status: number, code: string, message?: RegExp | string): void {
  assert.is(reply.status, status, reply.text);
  assert.type(reply.body?.error, 'object', reply.text);
  assert.is(reply.body.error.code, code, reply.text);
  if (message instanceof RegExp) assert.match(reply.body.error.message, message);
  else if (message !== undefined) assert.is(reply.body.error.message, message);
  assert.type(reply.body.error.innerError?.['request-id'], 'string');
}

/** A copy of an execution with its (random) activityIdentifier checked and replaced by '<id>'. */
export function withoutActivityId(execution: any): any {
  if (execution === null || execution === undefined) return execution;
  if (execution.activityIdentifier !== null) assert.match(execution.activityIdentifier, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return { ...execution, activityIdentifier: execution.activityIdentifier === null ? null : '<id>' };
}

/** A status with every execution's activityIdentifier normalised (see withoutActivityId). */
export function normaliseStatus(status: any): any {
  return {
    ...status,
    lastExecution: withoutActivityId(status.lastExecution),
    lastSuccessfulExecution: withoutActivityId(status.lastSuccessfulExecution),
    lastSuccessfulExecutionWithExports: withoutActivityId(status.lastSuccessfulExecutionWithExports),
  };
}
