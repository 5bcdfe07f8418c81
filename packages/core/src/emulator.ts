import type { Store } from '@syncemu/store';
import type { Clock } from './clock/clock.js';
import { resourceNotFound } from './errors/graph-error.js';
import type { SeedSummary } from './fixtures/seed.js';
import { explainListQuery, type QueryExplanation } from './query/explain-query.js';
import { readDefaultOutcome, readPlan, type CycleOutcome, type PlannedOutcome } from './lifecycle/outcomes.js';
import type { EmulatorRequest, EmulatorResponse } from './http/types.js';
import { plainRequest, toEmulatorRequest, toFetchResponse } from './server/fetch-adapter.js';
import { startServer, type RunningServer } from './server/http-server.js';
import { certificateDirectory, localCertificate } from './server/certificate.js';
import { EmulatorCore } from './emulator/core.js';
import { readOptions, type EmulatorOptions } from './emulator/options.js';
import { createPipeline } from './pipeline/pipeline.js';
import { TestControl, type RequestsPage } from './control/test-control.js';
import type { FaultRule, FaultRuleInput } from './control/fault-rules.js';
import type { SnapshotSummary } from './control/snapshots.js';

export { DEFAULT_TENANT_ID } from './emulator/core.js';
export { checkDatabaseOption, EmulatorOptionError, type EmulatorOptions } from './emulator/options.js';
export { RESPONSE_CHANNEL, type ResponseMessage } from './pipeline/pipeline.js';
export type { JournalEntry, RequestsPage } from './control/test-control.js';
export type { FaultMatch, FaultResponse, FaultRule, FaultRuleInput } from './control/fault-rules.js';
export type { SnapshotSummary } from './control/snapshots.js';
export type { QueryExplanation } from './query/explain-query.js';

export interface Emulator {
  /** Answers one request given as plain data. */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** Answers a Fetch API request: use it as `fetch` in a Graph client, MSW handler or test. */
  fetch(request: Request | string | URL, init?: RequestInit): Promise<Response>;
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
  /**
   * Loads a fixture file (JSON), read piece by piece as it is applied: a file of a million jobs
   * holds one job in memory at a time. All or nothing, as `seed`.
   */
  seedFile(path: string): Promise<SeedSummary>;
  /** What the startup fixture (the `fixture` or `fixtureFile` option) seeded; undefined without one. */
  readonly startupSeed: SeedSummary | undefined;
  /** The emulator's clock; on a manual clock `advance` and `set` complete every cycle that falls due, in order. */
  readonly clock: Clock;
  /** Outcome control for tests: what the next cycles of a job do, then what they do by default. */
  readonly jobs: {
    plan(servicePrincipalId: string, jobId: string, outcomes: readonly PlannedOutcome[], defaultOutcome?: CycleOutcome): Promise<void>;
  };
  /** The underlying store (for tests and tools). */
  readonly store: Store;
  /**
   * Back to the state right after start: the startup `fixture` applied again, a manual clock at its
   * start, journal and fault rules emptied, snapshots kept. `{ servicePrincipalId }`: only that
   * service principal (its jobs, runs, plans, schemas, secrets, journal entries and fault rules).
   */
  reset(options?: { servicePrincipalId?: string }): Promise<void>;
  /** Takes (or replaces) a named snapshot of jobs, runs, plans, schemas, secrets and the clock. */
  snapshot(name: string): Promise<SnapshotSummary>;
  /** Puts a snapshot's state and clock back, as many times as wanted. */
  restore(name: string): Promise<void>;
  readonly snapshots: {
    list(): Promise<SnapshotSummary[]>;
    delete(name: string): Promise<void>;
  };
  /** The request journal: what the code under test sent, and what it got. */
  readonly requests: {
    /**
     * A page of entries, oldest first: `$filter`, `$orderby`, `$top` (page size), `$count`; a
     * returned `@odata.nextLink` given back here is the next page.
     * @example await emulator.requests.list("$filter=method eq 'POST' and endswith(url, '/start')&$count=true")
     */
    list(query?: string): Promise<RequestsPage>;
    clear(): Promise<void>;
  };
  /** Fault rules: matching requests get the rule's answer (or delay) instead, and nothing is written. */
  readonly faults: {
    add(rule: FaultRuleInput): Promise<FaultRule & { remove(): Promise<void> }>;
    list(): Promise<FaultRule[]>;
    clear(): Promise<void>;
  };
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly port?: number;
  /** The address to bind; 127.0.0.1 unless said. */
  readonly host?: string;
  /** `true`: TLS with syncemu's own certificate for localhost; `{ cert, key }`: TLS with this PEM pair. */
  readonly https?: boolean | { readonly cert: string; readonly key: string; readonly certPath?: string };
}

/**
 * Creates an emulator of the Graph synchronization API over a SQLite store: its state (the core),
 * the request pipeline that answers from it, and the ways in (handle, fetch, listen) and the test
 * controls around them.
 * @example
 * const emulator = createEmulator({ clock: 'manual' });
 * const res = await emulator.fetch(`https://graph.microsoft.com/v1.0/servicePrincipals/${spId}/synchronization/jobs`);
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const core = new EmulatorCore(readOptions(options));
  const { store, clock, lifecycle } = core;
  const servers = new Set<RunningServer>();
  let closed = false;
  const control = new TestControl(core);
  const pipeline = createPipeline(core, control, () => closed);

  return {
    handle: pipeline.handle,
    async fetch(input, init) {
      const quick = plainRequest(input, init);
      if (quick !== undefined) return toFetchResponse(await pipeline.handle(quick));
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const plain = await toEmulatorRequest(request);
      if ('status' in plain) return toFetchResponse(await pipeline.tooLarge(plain.status, request.headers.get('client-request-id') ?? undefined));
      return toFetchResponse(await pipeline.handle(plain));
    },
    async listen({ port = 0, host = '127.0.0.1', https = false } = {}) {
      const tls = https === false ? undefined : https === true ? await localCertificate(certificateDirectory(core.settings.database)) : https;
      const server = await startServer(pipeline, { port, host, ...(tls && { tls }) });
      servers.add(server);
      return server;
    },
    explain(servicePrincipalId, queryString, { version = 'v1.0' } = {}) {
      return explainListQuery(store, clock.now(), servicePrincipalId, queryString, version);
    },
    async seed(fixture) {
      return core.seed(fixture);
    },
    async seedFile(path) {
      return core.seedFile(path);
    },
    startupSeed: core.startupSeed,
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
    async reset(options) {
      control.reset(options);
    },
    async snapshot(name) {
      return control.snapshot(name);
    },
    async restore(name) {
      control.restore(name);
    },
    snapshots: {
      async list() {
        return control.listSnapshots();
      },
      async delete(name) {
        control.deleteSnapshot(name);
      },
    },
    requests: {
      async list(query = '') {
        return JSON.parse(control.requests(query, '/_syncemu/requests')) as RequestsPage;
      },
      async clear() {
        control.clearRequests();
      },
    },
    faults: {
      async add(rule) {
        const added = control.addFault(rule);
        return { ...added, remove: async () => void control.removeFault(added.id) };
      },
      async list() {
        return control.listFaults();
      },
      async clear() {
        control.clearFaults();
      },
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...servers].map((server) => server.close()));
      core.close();
    },
  };
}
