import type { ListQuery, Selection } from '@syncemu/odata';
import type { CompileContext } from '../compile/filter-compiler.js';
import type { JobRow, ListExplanation, ListPage, ListPageOptions } from '../repositories/job-repository.js';
import type { RunRow } from '../repositories/run-repository.js';
import type { JobEventRow } from '../repositories/event-repository.js';
import type { ServicePrincipalRow, ServicePrincipalSummary } from '../repositories/service-principal-repository.js';

/**
 * The store as the core will use it once it no longer assumes synchronous storage
 * (docs/decisions/0022-postgresql-store-design.md, stage 3): the same repositories as the
 * synchronous SQLite store, every call a promise, and writes grouped by an explicit transaction
 * handle. Two implementations: {@link openSqliteAsyncStore} over the SQLite store, and
 * `openPostgresStore` over PostgreSQL. tests/store-contract runs one suite against both.
 */
export interface AsyncRepositories {
  readonly jobs: {
    insert(servicePrincipalId: string, job: JobRow): Promise<void>;
    upsert(servicePrincipalId: string, job: JobRow): Promise<void>;
    /** The job's JSON text (all of it, or the selected properties), or undefined. */
    get(servicePrincipalId: string, jobId: string, selection?: Selection): Promise<string | undefined>;
    exists(servicePrincipalId: string, jobId: string): Promise<boolean>;
    replaceBody(servicePrincipalId: string, jobId: string, body: string): Promise<boolean>;
    delete(servicePrincipalId: string, jobId: string): Promise<boolean>;
    /** One page of a list query. @throws SkipTokenError for a token not made for this query. */
    listPage(servicePrincipalId: string, query: ListQuery, options: ListPageOptions): Promise<ListPage>;
    count(servicePrincipalId: string, query: Pick<ListQuery, 'filter'>, context: CompileContext): Promise<number>;
    /** How the first page of a list query runs: its SQL, parameters and the engine's plan, summarized. */
    explain(servicePrincipalId: string, query: ListQuery, options: ListPageOptions): Promise<ListExplanation>;
  };
  readonly servicePrincipals: {
    get(id: string): Promise<ServicePrincipalRow | undefined>;
    /** Every service principal's id, in order. */
    ids(): Promise<string[]>;
    summaries(): Promise<ServicePrincipalSummary[]>;
    ensure(id: string, createdAt: string): Promise<void>;
    upsert(row: { id: string; appId: string | null; displayName: string | null }, createdAt: string): Promise<void>;
    upsertTemplate(servicePrincipalId: string, id: string, body: string): Promise<void>;
    /** The fixture templates of a service principal, by id. */
    templates(servicePrincipalId: string): Promise<{ id: string; body: string }[]>;
    upsertSecret(servicePrincipalId: string, key: string, value: string): Promise<void>;
    /** Replaces the whole secret set of a service principal (call inside a transaction). */
    replaceSecrets(servicePrincipalId: string, secrets: readonly { key: string; value: string }[]): Promise<void>;
    secrets(servicePrincipalId: string): Promise<{ key: string; value: string }[]>;
  };
  readonly runs: {
    get(servicePrincipalId: string, jobId: string): Promise<RunRow | undefined>;
    put(row: RunRow): Promise<void>;
    /** The run whose cycle completes first, at or before `until`; ties by service principal and job. */
    nextDue(until: string): Promise<RunRow | undefined>;
    /** Whether a cycle completes at or before `until` (what `nextDue` would find). */
    hasDue(until: string): Promise<boolean>;
    /** A job's schema once a client replaced it; undefined: the template's. */
    schema(servicePrincipalId: string, jobId: string): Promise<string | undefined>;
    putSchema(servicePrincipalId: string, jobId: string, body: string): Promise<void>;
    deleteSchema(servicePrincipalId: string, jobId: string): Promise<void>;
  };
  readonly events: {
    record(servicePrincipalId: string, jobId: string, event: JobEventRow): Promise<void>;
    list(servicePrincipalId: string, jobId: string): Promise<JobEventRow[]>;
  };
  /** The state as a whole (reset, snapshots). */
  readonly state: {
    /**
     * Deletes a service principal and what it holds (templates, secrets, jobs with their runs,
     * schemas and events); without one, every service principal and the settings. Call inside a
     * transaction ({@link AsyncStore.replaceState} for the whole state).
     */
    clear(servicePrincipalId?: string): Promise<void>;
    /** How many jobs the store holds. */
    jobCount(): Promise<number>;
  };
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

/**
 * Records many servers of one emulator share (PostgreSQL only; decision 0022 §5), which neither
 * reset nor snapshots touch: the clock, counters.
 */
export interface SharedRecords {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` unless `key` has one already; returns the value kept (this one or the earlier). */
  setIfAbsent(key: string, value: string): Promise<string>;
  /** Adds `n` to the counter `key` (0 when absent); returns its new value. */
  increment(key: string, n: number): Promise<number>;
  /**
   * Replaces `key`'s value by `next(current)` atomically (the row locked while `next` runs: two
   * servers updating at once apply one after the other); returns the value stored. A throw of
   * `next` changes nothing and is thrown.
   */
  update(key: string, next: (current: string | undefined) => string): Promise<string>;
}

/** What {@link AsyncStore.poll} answers. */
export interface RequestPoll {
  readonly clock: string | undefined;
  readonly faults: boolean;
  readonly due: boolean;
  /** The `tenantId` setting (a fixture seeded through any server may have set it). */
  readonly tenantId: string | undefined;
}

/** A fault rule as stored: its JSON as the core checked it. */
export interface StoredFaultRule {
  readonly id: number;
  readonly servicePrincipalId: string | null;
  /** The rule's JSON (the core's `FaultRule` without id and remaining). */
  readonly rule: string;
  /** Uses left; null: every request. */
  readonly remaining: number | null;
}

/** The fault rules of an emulator shared by its servers (PostgreSQL only). */
export interface FaultRuleRecords {
  /** Adds a rule; returns its id (increasing: creation order). */
  add(servicePrincipalId: string | null, rule: string, remaining: number | null): Promise<number>;
  /** Every rule, in creation order. */
  list(): Promise<StoredFaultRule[]>;
  /** Counts one use of rule `id`, atomically: false when it has none left (another server spent it) or is gone. */
  spend(id: number): Promise<boolean>;
  remove(id: number): Promise<boolean>;
  /** Removes every rule, or those of one service principal. */
  clear(servicePrincipalId?: string): Promise<void>;
}

/** Named copies of the state kept in the database itself (PostgreSQL only; SQLite's are files). */
export interface SnapshotRecords {
  /** Copies every state table into snapshot `name`, replacing one of that name, with `meta` (JSON text) kept beside it; one transaction. */
  create(name: string, meta: string): Promise<void>;
  /** Every snapshot's name and meta. */
  list(): Promise<{ name: string; meta: string }[]>;
  /** Puts snapshot `name`'s state back in place of the whole state, in one transaction; its meta, or undefined when there is none. */
  restore(name: string): Promise<string | undefined>;
  delete(name: string): Promise<boolean>;
}

export interface AsyncStore extends AsyncRepositories {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Runs `work` as one transaction through `tx`: every write in it lands, or none does (a throw
   * rolls back). One write transaction at a time, and a write outside one waits for it: nothing
   * else writes between its statements. `work` must use `tx` only (a call of the store itself
   * waits for the transaction to end: a deadlock); `tx` refuses calls once its transaction ended.
   */
  transaction<T>(work: (tx: AsyncRepositories) => Promise<T>): Promise<T>;
  /** A transaction that may empty whole tables (reset): on SQLite run with foreign keys off, children emptied first. */
  replaceState<T>(work: (tx: AsyncRepositories) => Promise<T>): Promise<T>;
  /** Runs `work`, which only reads, on one consistent view of the state (a read transaction). */
  read<T>(work: (tx: AsyncRepositories) => Promise<T>): Promise<T>;
  /** A SHA-256 of every row of the state, to show that a request changed nothing. */
  digest(): Promise<string>;
  /** PostgreSQL: the records its servers share (undefined on SQLite, whose one process keeps them in memory). */
  readonly shared?: SharedRecords;
  /**
   * PostgreSQL: what a request must know before its work, in one round trip: the shared manual
   * clock (`clock` record), whether any fault rule exists, whether a cycle is due at `until` (at
   * the clock record when `until` is undefined), and the tenant of new job ids.
   */
  poll?(until: string | undefined): Promise<RequestPoll>;
  readonly faultRules?: FaultRuleRecords;
  readonly snapshots?: SnapshotRecords;
  close(): Promise<void>;
}
