/**
 * Shared helpers of the end-to-end tests that talk Graph to an emulator: one way to build an
 * emulator, to send JSON, to reach it through `emulator.fetch()` or a real HTTP listener, and to
 * check the full Graph error shape.
 */
import * as assert from 'uvu/assert';
import { createEmulator, DEFAULT_TENANT_ID, type Emulator, type EmulatorOptions } from '@syncemu/core';

/** Two service principal object ids (lower-case GUIDs, as syncemu stores them). */
export const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
export const SP2 = '2f1e0d9c-8b7a-4c6d-9e5f-403122334455';

export const VERSIONS = ['v1.0', 'beta'] as const;
export type Version = (typeof VERSIONS)[number];

/** decisions.md §5. */
export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A version-4 GUID as syncemu generates them (also with `idSeed`). */
export const GENERATED_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const ERROR_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
export const DEFAULT_TENANT_HEX = DEFAULT_TENANT_ID.replaceAll('-', '');

/** `{templateId}.{tenant hex}.{guid}` as a pattern. */
export function jobIdPattern(templateId: string, tenantHex = DEFAULT_TENANT_HEX): RegExp {
  return new RegExp(`^${templateId}\\.${tenantHex}\\.${GENERATED_GUID.source.slice(1, -1)}$`);
}

/** An in-memory emulator; internal errors fail the test that caused them (they also answer 500). */
export function newEmulator(options: EmulatorOptions = {}): Emulator {
  return createEmulator({
    onInternalError: (error) => {
      internalErrors.push(error);
    },
    ...options,
  });
}

/** Internal errors reported by emulators made by `newEmulator` (a test may assert it is empty). */
export const internalErrors: unknown[] = [];

/** A Fetch `RequestInit` with a JSON body (a string is sent as it is). */
export function jsonRequest(method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  };
}

/** `/v1.0/servicePrincipals/{sp}/synchronization/jobs` */
export function jobsPath(version: Version = 'v1.0', servicePrincipalId = SP): string {
  return `/${version}/servicePrincipals/${servicePrincipalId}/synchronization/jobs`;
}

export function jobPath(jobId: string, version: Version = 'v1.0', servicePrincipalId = SP): string {
  return `${jobsPath(version, servicePrincipalId)}/${encodeURIComponent(jobId)}`;
}

export const TRANSPORTS = ['fetch', 'http'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

/** One way to reach an emulator: `call` takes a path (with query) or an absolute URL. */
export interface Transport {
  readonly kind: TransportKind;
  /** The origin requests use: `https://graph.microsoft.com` through fetch(), the listener's URL over HTTP. */
  readonly origin: string;
  call(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The same requests, through `emulator.fetch()` (no socket) or the global fetch against `listen({port: 0})`. */
export async function openTransport(emulator: Emulator, kind: TransportKind): Promise<Transport> {
  const absolute = (origin: string, pathOrUrl: string) => (/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : origin + pathOrUrl);
  if (kind === 'fetch') {
    const origin = 'https://graph.microsoft.com';
    return { kind, origin, call: (p, init) => emulator.fetch(absolute(origin, p), init), close: async () => {} };
  }
  const server = await emulator.listen({ port: 0 });
  return { kind, origin: server.url, call: (p, init) => fetch(absolute(server.url, p), init), close: () => server.close() };
}

/** Runs `work` with a fresh emulator reached through `kind`, and closes both whatever happens. */
export async function withTransport<T>(
  kind: TransportKind,
  options: EmulatorOptions,
  work: (transport: Transport, emulator: Emulator) => Promise<T>,
): Promise<T> {
  const emulator = newEmulator(options);
  const transport = await openTransport(emulator, kind);
  try {
    return await work(transport, emulator);
  } finally {
    await transport.close();
    await emulator.close();
  }
}

/** Checks the headers every JSON answer carries (decisions.md §5); returns the request-id. */
export function assertJsonHeaders(res: Response, clientRequestId?: string): string {
  assert.is(res.headers.get('content-type'), JSON_CONTENT_TYPE);
  assert.is(res.headers.get('odata-version'), '4.0');
  return assertRequestIds(res, clientRequestId);
}

/** request-id is a new GUID; client-request-id echoes the client's, else repeats request-id. */
export function assertRequestIds(res: Response, clientRequestId?: string): string {
  const requestId = res.headers.get('request-id');
  assert.ok(requestId !== null && GUID.test(requestId), `request-id should be a GUID, got ${requestId}`);
  assert.is(res.headers.get('client-request-id'), clientRequestId ?? requestId);
  return requestId!;
}

/** A 204: no body, no content type, the request ids. */
export async function assertNoContent(res: Response, clientRequestId?: string): Promise<void> {
  assert.is(res.status, 204);
  assert.is(res.headers.get('content-type'), null);
  assert.is(res.headers.get('odata-version'), null);
  assert.is(await res.text(), '');
  assertRequestIds(res, clientRequestId);
}

export interface ExpectedGraphError {
  readonly status: number;
  readonly code: string;
  /** Exact text, or a pattern for messages that contain ids. */
  readonly message: string | RegExp;
  /** The client-request-id the request sent (else it must equal the request-id). */
  readonly clientRequestId?: string;
  /** The exact `innerError.date` (with a manual clock). */
  readonly date?: string;
}

export interface GraphErrorBody {
  error: { code: string; message: string; innerError: { date: string; 'request-id': string; 'client-request-id': string } };
}

/**
 * Asserts the full Graph error of decisions.md §5: status, headers, exactly the keys
 * `error.{code,message,innerError{date,request-id,client-request-id}}`, the ids matching the headers.
 */
export async function graphError(res: Response, expected: ExpectedGraphError): Promise<GraphErrorBody> {
  const text = await res.text();
  assert.is(res.status, expected.status, `status (body: ${text})`);
  const requestId = assertJsonHeaders(res, expected.clientRequestId);
  const body = JSON.parse(text) as GraphErrorBody;
  assert.equal(Object.keys(body), ['error']);
  assert.equal(Object.keys(body.error), ['code', 'message', 'innerError']);
  assert.is(body.error.code, expected.code);
  if (typeof expected.message === 'string') assert.is(body.error.message, expected.message);
  else assert.match(body.error.message, expected.message);
  const inner = body.error.innerError;
  assert.equal(Object.keys(inner), ['date', 'request-id', 'client-request-id']);
  assert.match(inner.date, ERROR_DATE);
  if (expected.date !== undefined) assert.is(inner.date, expected.date);
  assert.is(inner['request-id'], requestId);
  assert.is(inner['client-request-id'], expected.clientRequestId ?? requestId);
  return body;
}

/** The ids of every job of a service principal, straight from the store's list (one big page). */
export async function storedJobIds(emulator: Emulator, servicePrincipalId = SP): Promise<string[]> {
  const res = await emulator.fetch(`https://graph.microsoft.com/v1.0/servicePrincipals/${servicePrincipalId}/synchronization/jobs?$select=id&$top=999`);
  assert.is(res.status, 200);
  const body = (await res.json()) as { value: { id: string }[]; '@odata.nextLink'?: string };
  assert.is(body['@odata.nextLink'], undefined);
  return body.value.map((job) => job.id);
}

/** The status of a newly created job (decisions.md §3, graph-sync-api.md §3.2.2). */
export function newJobStatus(): Record<string, unknown> {
  return {
    code: 'Paused',
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    progress: [],
    quarantine: null,
    steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
    steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
    synchronizedEntryCountByType: [],
    troubleshootingUrl: null,
  };
}

export function newJobSchedule(): Record<string, unknown> {
  return { expiration: null, interval: 'PT40M', state: 'Disabled' };
}

/** `https://host/v1.0/$metadata#servicePrincipals('{sp}')/synchronization/jobs` */
export function collectionContext(origin: string, version: Version, servicePrincipalId = SP, select?: string): string {
  return `${origin}/${version}/$metadata#servicePrincipals('${servicePrincipalId}')/synchronization/jobs${select === undefined ? '' : `(${select})`}`;
}

export function entityContext(origin: string, version: Version, servicePrincipalId = SP, select?: string): string {
  return `${collectionContext(origin, version, servicePrincipalId, select)}/$entity`;
}
