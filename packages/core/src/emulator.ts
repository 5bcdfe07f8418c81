import { randomUUID } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { formatTypedExpr, MAX_TOP, ODataQueryError, parseListQuery, type ListQuery } from '@syncemu/odata';
import { openStore, QueryTooComplexError, SkipTokenError, type Store } from '@syncemu/store';
import { controlledClock, createClock, type Clock, type ClockOption } from './clock/clock.js';
import { GraphError, payloadTooLarge, resourceNotFound, unreadablePayload, unsupportedMediaType, uriTooLong } from './errors/graph-error.js';
import { authorize } from './http/authorization.js';
import { wantsIeee754Compatible } from './payload/ieee754.js';
import { seedFixture, type SeedSummary } from './fixtures/seed.js';
import { FixtureError } from './fixtures/fixture.js';
import type { EmulatorParts, RoutedRequest } from './handlers/context.js';
import { DEFAULT_PAGE_SIZE } from './handlers/jobs-handler.js';
import { HANDLERS } from './handlers/handler-table.js';
import { CONTROL_PREFIX, controlRoute } from './handlers/control-handler.js';
import { BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS, ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS, RateLimiter } from './handlers/job-actions-handler.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { OutcomeError, readDefaultOutcome, readPlan, type CycleOutcome, type PlannedOutcome } from './lifecycle/outcomes.js';
import { entryTypeOf, templateOf } from './templates/template-lookup.js';
import { errorReply, type Reply, type ResponseContext } from './http/responses.js';
import { headerValue, MAX_BODY_BYTES, MAX_URL_BYTES, type EmulatorRequest, type EmulatorResponse } from './http/types.js';
import { createIdGenerator, isGuid } from './ids/id-generator.js';
import { checkMethod, matchRoute, type ResourceName } from './routing/route.js';
import { splitRequestUrl } from './routing/request-url.js';
import { matchServiceRoute } from './routing/service-route.js';
import { serviceResource } from './handlers/service-handler.js';
import { toEmulatorRequest, toFetchResponse } from './server/fetch-adapter.js';
import { MAX_HEADER_BYTES, startServer, type MalformedStatus, type RunningServer } from './server/http-server.js';
import { certificateDirectory, localCertificate } from './server/certificate.js';

/** Resources whose GET only reads (no handler of theirs writes): answered inside one read transaction. */
const READ_ONLY: ReadonlySet<ResourceName> = new Set<ResourceName>(['jobs', 'jobsCount', 'job']);

/**
 * The work that answers a routed request and what it needs of the store: nothing (static
 * documents), one read transaction with the due-cycle check, or the due cycles run first.
 */
type Target =
  | { readonly access: 'none'; run(): Reply }
  | { readonly access: 'read'; run(): Reply }
  | { readonly access: 'write'; run(): Promise<Reply> | Reply };

/**
 * The `node:diagnostics_channel` on which every emulator publishes each request it answered, as
 * `{ request, response }` ({@link ResponseMessage}): for tools that watch an emulator (the test
 * suite checks every payload against the CSDL). Costs nothing while no one subscribes.
 * @example
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe(RESPONSE_CHANNEL, (message) => console.log((message as ResponseMessage).response.status));
 */
export const RESPONSE_CHANNEL = 'syncemu:response';
const responses = channel(RESPONSE_CHANNEL);

/** What {@link RESPONSE_CHANNEL} carries. */
export interface ResponseMessage {
  readonly request: EmulatorRequest;
  readonly response: EmulatorResponse;
}

/** The tenant id used when neither the options nor a fixture give one. */
export const DEFAULT_TENANT_ID = '5c1b2e3f-8a7d-4f60-9b1e-2d4c6a8e0f13';

export interface EmulatorOptions {
  /** A SQLite file path, or `':memory:'` (the default). */
  readonly database?: string;
  /** `'system'` (default) or `'manual'` for tests that move time themselves. */
  readonly clock?: ClockOption;
  /** The tenant whose id appears in job ids; a fixture's `tenantId` applies when this is not set. */
  readonly tenantId?: string;
  /** Makes generated GUIDs (job ids) reproducible. */
  readonly idSeed?: number;
  /** `'auto'` (default): any GUID is a service principal. `'registered'`: only seeded ones exist. */
  readonly servicePrincipals?: 'auto' | 'registered';
  /**
   * Require `Authorization: Bearer <JWT>` (signature not checked): 401 without one, 403 for a
   * write whose token lacks Synchronization.ReadWrite.All in `scp` or `roles`. Default false.
   */
  readonly requireAuth?: boolean;
  /** Serve the `/_syncemu/` control routes (clock, plans); default true. Turn off for a server others reach. */
  readonly control?: boolean;
  /** Where to report bugs of syncemu's own (never client errors); default: console.error. */
  readonly onInternalError?: (error: unknown) => void;
}

export interface Emulator {
  /** Answers one request given as plain data. */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** Answers a Fetch API request: use it as `fetch` in a Graph client, MSW handler or test. */
  fetch(request: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Serves over HTTP (node:http); port 0 takes a free port. */
  /**
   * Serves over HTTP (node:http); port 0 takes a free port. `https: true` serves TLS with a
   * self-signed certificate for localhost, 127.0.0.1 and ::1, made on first use and kept beside a
   * file database (else in the user's cache folder, `~/.cache/syncemu`); its PEM is
   * `server.certificatePath`, for NODE_EXTRA_CA_CERTS. `https: { cert, key }` (PEM) brings one.
   */
  listen(options?: ListenOptions): Promise<RunningServer>;
  /**
   * How a list query runs: the checked query (its filter as an S-expression), the SQL of the
   * first page with its parameters, and SQLite's plan.
   * @throws ODataQueryError (message, position) for a query a list request would refuse with 400.
   */
  explain(servicePrincipalId: string, queryString: string, options?: { version?: 'v1.0' | 'beta' }): QueryExplanation;
  /** Loads a fixture (decisions.md §7); all or nothing. */
  seed(fixture: unknown): Promise<SeedSummary>;
  /** The emulator's clock; on a manual clock `advance` and `set` complete every cycle that falls due, in order. */
  readonly clock: Clock;
  /** Outcome control for tests: what the next cycles of a job do, then what they do by default. */
  readonly jobs: {
    plan(servicePrincipalId: string, jobId: string, outcomes: readonly PlannedOutcome[], defaultOutcome?: CycleOutcome): Promise<void>;
  };
  /** The underlying store (for tests and tools). */
  readonly store: Store;
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly port?: number;
  /** The address to bind; 127.0.0.1 unless said. */
  readonly host?: string;
  /** `true`: TLS with syncemu's own certificate for localhost; `{ cert, key }`: TLS with this PEM pair. */
  readonly https?: boolean | { readonly cert: string; readonly key: string; readonly certPath?: string };
}

export interface QueryExplanation {
  readonly query: ListQuery;
  /** The checked `$filter`, fully parenthesised with types. */
  readonly filter?: string;
  readonly orderBy: readonly string[];
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly plan: readonly string[];
}

export class EmulatorOptionError extends Error {
  override readonly name = 'EmulatorOptionError';
}

/**
 * Refuses a `database` that names a server (`postgres://…`, any `scheme://`): SQLite would make a
 * file (and the CLI a folder tree) named after the URL. decisions.md §13: a PostgreSQL store comes
 * later; until then every URL is this error.
 */
export function checkDatabaseOption(database: unknown): asserts database is string {
  if (typeof database !== 'string' || database === '') throw new EmulatorOptionError(`database must be a file path or ':memory:', not ${JSON.stringify(database)}.`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(database)?.[1];
  if (scheme !== undefined) {
    const postgres = /^postgres(ql)?$/i.test(scheme);
    throw new EmulatorOptionError(
      `database '${database}' is a ${scheme}:// URL; syncemu keeps its state in SQLite: give a file path (such as ./data/syncemu.sqlite) or ':memory:'${postgres ? ' (a PostgreSQL store is planned, not built yet)' : ''}.`,
    );
  }
}

/**
 * Creates an emulator of the Graph synchronization API over a SQLite store.
 * @example
 * const emulator = createEmulator({ clock: 'manual' });
 * const res = await emulator.fetch(`https://graph.microsoft.com/v1.0/servicePrincipals/${spId}/synchronization/jobs`);
 */
export function createEmulator({
  database = ':memory:',
  clock: clockOption = 'system',
  tenantId,
  idSeed,
  servicePrincipals = 'auto',
  control = true,
  requireAuth = false,
  onInternalError = (error) => console.error('syncemu: internal error', error),
}: EmulatorOptions = {}): Emulator {
  if (tenantId !== undefined && !isGuid(tenantId)) throw new EmulatorOptionError(`tenantId must be a GUID, not '${tenantId}'.`);
  if (servicePrincipals !== 'auto' && servicePrincipals !== 'registered') {
    throw new EmulatorOptionError(`servicePrincipals must be 'auto' or 'registered', not '${String(servicePrincipals)}'.`);
  }
  if (idSeed !== undefined && !Number.isInteger(idSeed)) throw new EmulatorOptionError(`idSeed must be an integer, not '${idSeed}'.`);
  checkDatabaseOption(database);
  const baseClock = createClock(clockOption);
  const store = openStore(database);
  const ids = createIdGenerator(idSeed);
  // The tenant of job ids: read once; a fixture that sets one resets it.
  let cachedTenantHex: string | undefined;
  const tenantHex = () => (cachedTenantHex ??= (tenantId ?? store.getSetting('tenantId') ?? DEFAULT_TENANT_ID).replaceAll('-', '').toLowerCase());
  const servers = new Set<RunningServer>();
  let closed = false;

  const lifecycle = new Lifecycle({
    store,
    ids,
    entryType: (spId, templateId) => entryTypeOf(templateOf(store, spId, templateId)),
  });
  const onDemandLimiter = new RateLimiter(ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS);
  const bulkUploadLimiter = new RateLimiter(BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS);
  const parts = (): EmulatorParts => ({ store, clock, ids, tenantHex: tenantHex(), servicePrincipals, lifecycle, onDemandLimiter, bulkUploadLimiter });
  const clock = controlledClock(baseClock, (until) => lifecycle.runDue(until));

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const reply = await answer(request);
    if (responses.hasSubscribers) responses.publish({ request, response: reply } satisfies ResponseMessage);
    return reply;
  }

  async function answer(request: EmulatorRequest): Promise<Reply> {
    const context: ResponseContext = {
      requestId: randomUUID(),
      clientRequestId: headerValue(request.headers, 'client-request-id') ?? '',
      now: clock.now(),
      ieee754Compatible: wantsIeee754Compatible(request.headers),
    };
    const response: ResponseContext = { ...context, clientRequestId: context.clientRequestId || context.requestId };
    try {
      if (closed) throw new GraphError(503, 'serviceNotAvailable', 'The emulator has been closed.');
      // the limit is on the path and query (what a client writes after the host), not the origin too
      if (Buffer.byteLength(request.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')) > MAX_URL_BYTES) throw uriTooLong(MAX_URL_BYTES);
      const target = dispatch(request, response);
      if (target.access === 'none') return target.run();
      const now = clock.now();
      if (target.access === 'read') {
        // Reads of jobs run in one read transaction with the check for due cycles; only when one is
        // due does the request leave it to run the cycles first.
        const reply = store.read(() => (lifecycle.hasDue(now) ? undefined : target.run()));
        if (reply) return reply;
      }
      // Cycles that fell due (also while the process was down) complete before anything is read.
      lifecycle.runDue(now);
      return await target.run();
    } catch (error) {
      return errorReply(response, toGraphError(error, onInternalError));
    }
  }

  /** Routes a request (throwing its 4xx for an unknown route or method) to the work that answers it. */
  function dispatch(request: EmulatorRequest, response: ResponseContext): Target {
    const method = request.method.toUpperCase();
    const { origin, path, query } = splitRequestUrl(request.url, request.headers);
    let parsed: { value: unknown } | undefined;
    const json = () => (parsed ??= { value: readJsonBody(request) }).value;
    if (path.startsWith(CONTROL_PREFIX) || path === CONTROL_PREFIX.slice(0, -1)) {
      if (!control) throw new GraphError(404, 'Request_ResourceNotFound', `The control routes (${CONTROL_PREFIX}) are turned off on this emulator.`);
      return { access: 'write', run: () => controlRoute(parts(), clock, { method, path, json, response }) };
    }
    // the service root, service documents and $metadata: static, and anonymous as in Graph
    const service = matchServiceRoute(method, path);
    if (service) return { access: 'none', run: () => serviceResource(service, origin, response) };
    if (requireAuth) authorize(request.headers, method);
    const route = matchRoute(method, path);
    checkMethod(route, method);
    const routed: RoutedRequest = {
      method,
      route,
      query,
      headers: request.headers,
      origin,
      response,
      json,
      hasBody: () => hasBody(request),
    };
    const handler = HANDLERS[route.resource];
    return method === 'GET' && READ_ONLY.has(route.resource) ? { access: 'read', run: () => handler(parts(), routed) } : { access: 'write', run: () => handler(parts(), routed) };
  }

  const emulator: Emulator = {
    handle,
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const plain = await toEmulatorRequest(request);
      if ('status' in plain) return toFetchResponse(await handleTooLarge(plain.status, request.headers.get('client-request-id') ?? undefined));
      return toFetchResponse(await handle(plain));
    },
    async listen({ port = 0, host = '127.0.0.1', https = false } = {}) {
      const tls = https === false ? undefined : https === true ? await localCertificate(certificateDirectory(database)) : https;
      const server = await startServer({ handle, tooLarge: handleTooLarge, malformed: handleMalformed }, { port, host, ...(tls && { tls }) });
      servers.add(server);
      return server;
    },
    explain(servicePrincipalId, queryString, { version = 'v1.0' } = {}) {
      const query = parseListQuery(queryString.replace(/^\?/, ''), { dollarOptional: version === 'beta' });
      const pageSize = Math.min(query.top ?? DEFAULT_PAGE_SIZE, MAX_TOP);
      const plan = store.jobs.explain(servicePrincipalId.toLowerCase(), query, {
        pageSize,
        ordering: query.orderByText,
        context: { now: clock.now().toISOString() },
      });
      return {
        query,
        ...(query.filter && { filter: formatTypedExpr(query.filter) }),
        orderBy: query.orderBy.map((item) => `${formatTypedExpr(item.expr)} ${item.descending ? 'desc' : 'asc'}`),
        ...plan,
      };
    },
    async seed(fixture) {
      lifecycle.runDue(clock.now());
      cachedTenantHex = undefined;
      try {
        return seedFixture({ store, ids, tenantHex: () => tenantHex(), now: () => clock.now(), lifecycle }, fixture);
      } finally {
        cachedTenantHex = undefined;
      }
    },
    jobs: {
      async plan(servicePrincipalId, jobId, outcomes, defaultOutcome) {
        lifecycle.runDue(clock.now());
        const spId = servicePrincipalId.toLowerCase();
        if (!store.jobs.exists(spId, jobId)) throw resourceNotFound(jobId);
        lifecycle.plan(spId, jobId, readPlan(outcomes), defaultOutcome === undefined ? undefined : readDefaultOutcome(defaultOutcome));
      },
    },
    clock,
    store,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...servers].map((server) => server.close()));
      store.close();
    },
  };

  /** The 413 for a body over the limit, before it is read. */
  async function handleTooLarge(_status: 413, clientRequestId?: string): Promise<EmulatorResponse> {
    const context: ResponseContext = { requestId: randomUUID(), clientRequestId: clientRequestId ?? '', now: clock.now() };
    return errorReply({ ...context, clientRequestId: context.clientRequestId || context.requestId }, payloadTooLarge(MAX_BODY_BYTES));
  }

  /** The Graph error for bytes the HTTP parser refused before they became a request (the server answers it and closes). */
  function handleMalformed(status: MalformedStatus): EmulatorResponse {
    const context: ResponseContext = { requestId: randomUUID(), clientRequestId: '', now: clock.now() };
    const error =
      status === 431
        ? new GraphError(431, 'RequestHeaderFieldsTooLarge', `The request line and headers are larger than the ${MAX_HEADER_BYTES} bytes this service accepts.`)
        : status === 408
          ? new GraphError(408, 'RequestTimeout', 'The request did not arrive in time.')
          : status === 417
            ? new GraphError(417, 'ExpectationFailed', "The request's Expect header asks for something other than 100-continue, which is all this service supports.")
            : new GraphError(400, 'BadRequest', 'The request is not a valid HTTP/1.1 request.');
    return errorReply({ ...context, clientRequestId: context.requestId }, error);
  }

  return emulator;
}

function toGraphError(error: unknown, onInternalError: (error: unknown) => void): GraphError {
  if (error instanceof GraphError) return error;
  if (error instanceof ODataQueryError || error instanceof SkipTokenError || error instanceof QueryTooComplexError || error instanceof FixtureError || error instanceof OutcomeError) {
    return new GraphError(400, 'BadRequest', error.message);
  }
  onInternalError(error);
  return new GraphError(500, 'generalException', `syncemu failed to answer this request because of a bug of its own (${error instanceof Error ? error.name : 'error'}); please report it.`);
}

/** A value given as JSON (the in-process API) is a body; it is never serialized just to ask (it may be too deep to). */
function hasBody(request: EmulatorRequest): boolean {
  const body = request.body;
  if (body !== undefined && body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) return true;
  return bodyText(request).trim() !== '';
}

function bodyText(request: EmulatorRequest): string {
  const body = request.body;
  return typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder('utf-8', { fatal: false }).decode(body) : '';
}

function readJsonBody(request: EmulatorRequest): unknown {
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

function isJsonContentType(contentType: string): boolean {
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}
