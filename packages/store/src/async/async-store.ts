import type { ListQuery, Selection } from '@syncemu/odata';
import type { CompileContext } from '../compile/filter-compiler.js';
import type { JobRow, ListPage, ListPageOptions } from '../repositories/job-repository.js';
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
  };
  readonly servicePrincipals: {
    get(id: string): Promise<ServicePrincipalRow | undefined>;
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
    /** A job's schema once a client replaced it; undefined: the template's. */
    schema(servicePrincipalId: string, jobId: string): Promise<string | undefined>;
    putSchema(servicePrincipalId: string, jobId: string, body: string): Promise<void>;
    deleteSchema(servicePrincipalId: string, jobId: string): Promise<void>;
  };
  readonly events: {
    record(servicePrincipalId: string, jobId: string, event: JobEventRow): Promise<void>;
    list(servicePrincipalId: string, jobId: string): Promise<JobEventRow[]>;
  };
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
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
  close(): Promise<void>;
}
