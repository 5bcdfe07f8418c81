import type { AsyncStore, Store } from '@syncemu/store';
import { createClock, type Clock } from './clock/clock.js';
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
import { createPipeline, type Pipeline } from './pipeline/pipeline.js';
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
  explain(servicePrincipalId: string, queryString: string, options?: { version?: 'v1.0' | 'beta' }): Promise<QueryExplanation>;
  /** Loads a fixture (decisions.md §7); all or nothing. */
  seed(fixture: unknown): Promise<SeedSummary>;
  /**
   * Loads a fixture file (JSON), read piece by piece as it is applied: a file of a million jobs
   * holds one job in memory at a time. All or nothing, as `seed`.
   */
  seedFile(path: string): Promise<SeedSummary>;
  /**
   * Settles when the emulator is ready: its store open (a PostgreSQL one connected and migrated)
   * and the startup fixture applied; rejects with the reason it cannot start. Every method waits
   * for it; await it to learn of a bad startup fixture or an unreachable database at once.
   */
  readonly ready: Promise<Emulator>;
  /** What the startup fixture (the `fixture` or `fixtureFile` option) seeded; undefined without one (or before `ready`). */
  readonly startupSeed: SeedSummary | undefined;
  /** The emulator's clock; on a manual clock `advance` and `set` complete every cycle that falls due, in order. */
  readonly clock: Clock;
  /** Outcome control for tests: what the next cycles of a job do, then what they do by default. */
  readonly jobs: {
    plan(servicePrincipalId: string, jobId: string, outcomes: readonly PlannedOutcome[], defaultOutcome?: CycleOutcome): Promise<void>;
  };
  /**
   * The underlying SQLite store, synchronous (for tests and tools, between requests). On
   * PostgreSQL there is none: reading it throws; use {@link database}.
   */
  readonly store: Store;
  /** The store the emulator answers from, SQLite or PostgreSQL, every call a promise (after `ready`). */
  readonly database: AsyncStore;
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
  const settings = readOptions(options);
  // before `ready` the clock reads the one the options describe: the core's own, underneath
  const early = createClock(settings.clock);
  const { sqlite, ready } = EmulatorCore.create(settings, early);
  const servers = new Set<RunningServer>();
  let closed = false;
  let opened: { core: EmulatorCore; control: TestControl; pipeline: Pipeline } | undefined;
  // the requests being answered: close() waits for them before it closes the store and the journal
  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(answer: Promise<T>): Promise<T> => {
    inFlight.add(answer);
    void answer.then(
      () => inFlight.delete(answer),
      () => inFlight.delete(answer),
    );
    return answer;
  };
  const opening = ready.then((core) => {
    const control = new TestControl(core);
    const pipeline = createPipeline(core, control, () => closed);
    opened = { core, control, pipeline: { ...pipeline, handle: (request) => tracked(pipeline.handle(request)) } };
    return opened;
  });
  // a failed start is reported by `ready` and by every call; never an unhandled rejection
  opening.catch(() => undefined);
  const open = async () => opened ?? (await opening);
  const clock: Clock = {
    get kind() {
      return early.kind;
    },
    now: () => (opened ? opened.core.clock.now() : early.now()),
    advance: async (duration) => (await open()).core.clock.advance(duration),
    set: async (date) => (await open()).core.clock.set(date),
  };

  const emulator: Emulator = {
    ready: opening.then(() => emulator),
    handle(request) {
      return opened ? opened.pipeline.handle(request) : opening.then((ready) => ready.pipeline.handle(request));
    },
    async fetch(input, init) {
      const { pipeline } = opened ?? (await opening);
      const quick = plainRequest(input, init);
      if (quick !== undefined) return toFetchResponse(await pipeline.handle(quick));
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const plain = await toEmulatorRequest(request);
      if ('status' in plain) return toFetchResponse(await pipeline.tooLarge(plain.status, request.headers.get('client-request-id') ?? undefined));
      return toFetchResponse(await pipeline.handle(plain));
    },
    async listen({ port = 0, host = '127.0.0.1', https = false } = {}) {
      const { pipeline } = await open();
      const tls = https === false ? undefined : https === true ? await localCertificate(certificateDirectory(settings.database)) : https;
      const server = await startServer(pipeline, { port, host, ...(tls && { tls }) });
      servers.add(server);
      return server;
    },
    async explain(servicePrincipalId, queryString, { version = 'v1.0' } = {}) {
      const { core } = await open();
      await core.refresh();
      return explainListQuery(core.store, core.clock.now(), servicePrincipalId, queryString, version);
    },
    async seed(fixture) {
      return (await open()).core.seed(fixture);
    },
    async seedFile(path) {
      return (await open()).core.seedFile(path);
    },
    get startupSeed() {
      return opened?.core.startupSeed;
    },
    jobs: {
      async plan(servicePrincipalId, jobId, outcomes, defaultOutcome) {
        const { core } = await open();
        await core.refresh();
        await core.lifecycle.runDue(core.clock.now());
        const spId = servicePrincipalId.toLowerCase();
        if (!(await core.store.jobs.exists(spId, jobId))) throw resourceNotFound(jobId);
        await core.lifecycle.plan(spId, jobId, readPlan(outcomes), defaultOutcome === undefined ? undefined : readDefaultOutcome(defaultOutcome));
      },
    },
    clock,
    get store(): Store {
      if (!sqlite) throw new Error(`emulator.store is the SQLite store; this emulator keeps its state in PostgreSQL: use emulator.database.`);
      // before the startup fixture is in, the store is not the emulator's state yet
      if (!opened) throw new Error('emulator.store is there once the emulator is ready: await emulator.ready first.');
      return sqlite;
    },
    get database(): AsyncStore {
      if (!opened) throw new Error('emulator.database is there once the emulator is ready: await emulator.ready first.');
      return opened.core.store;
    },
    async reset(options) {
      const { core, control } = await open();
      await core.refresh();
      await control.reset(options);
    },
    async snapshot(name) {
      const { core, control } = await open();
      await core.refresh();
      return control.snapshot(name);
    },
    async restore(name) {
      await (await open()).control.restore(name);
    },
    snapshots: {
      async list() {
        return (await open()).control.listSnapshots();
      },
      async delete(name) {
        await (await open()).control.deleteSnapshot(name);
      },
    },
    requests: {
      async list(query = '') {
        return JSON.parse(await (await open()).control.requests(query, '/_syncemu/requests')) as RequestsPage;
      },
      async clear() {
        await (await open()).control.clearRequests();
      },
    },
    faults: {
      async add(rule) {
        const { control } = await open();
        const added = await control.addFault(rule);
        return { ...added, remove: async () => void (await control.removeFault(added.id)) };
      },
      async list() {
        return (await open()).control.listFaults();
      },
      async clear() {
        await (await open()).control.clearFaults();
      },
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...servers].map((server) => server.close()));
      // an emulator that never started has nothing left open
      const started = await opening.catch(() => undefined);
      // requests already past the door finish (new ones get 503); then the store closes
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await started?.core.close();
    },
  };
  return emulator;
}
