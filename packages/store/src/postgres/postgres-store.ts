import pg from 'pg';
import type { CompiledQuery } from 'kysely';
import { formatTypedExpr, type ListQuery } from '@syncemu/odata';
import type { CompileContext } from '../compile/filter-compiler.js';
import { compileCount, ListPageCompiler, projection } from '../compile/list-query-compiler.js';
import { decodeSkipToken, encodeSkipToken } from '../compile/skip-token.js';
import { JOB_EVENTS_KEPT } from '../database/migrations.js';
import { postgresCompiler } from '../database/postgres-compiler.js';
import { summarizePostgresPlan } from '../database/query-plan.js';
import type { AsyncRepositories, AsyncStore } from '../async/async-store.js';
import type { JobEventRow } from '../repositories/event-repository.js';
import { rowId, type ListExplanation, type ListPage, type ListPageOptions } from '../repositories/job-repository.js';
import { queryError, writeError } from './postgres-errors.js';
import { migratePostgres } from './postgres-schema-migration.js';
import { clearState, digestState, faultRuleRecords, sharedRecords, snapshotRecords, type Executor } from './postgres-state.js';

/** The advisory lock every write transaction holds ('wrt ' in ASCII). */
const WRITE_LOCK = 0x77727420;

/** The schema syncemu's tables and functions live in. */
const POSTGRES_SCHEMA = 'syncemu';

/**
 * Runs `work` on a client of the pool. While it is checked out, pg-pool listens to it no more: an
 * error of its connection (the server restarted, the backend was terminated) would be an
 * unhandled 'error' event that ends the process, so it is listened to here, and the client is
 * released as broken after a failure.
 */
async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient, broken: (error: Error) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client, onError);
  } finally {
    client.off('error', onError);
    // a client whose connection failed (or could not roll back) is not reused
    client.release(broken);
  }
}

/**
 * The store over PostgreSQL (`postgres://…`; docs/decisions/0022-postgresql-store-design.md):
 * `pg` runs the statements Kysely's PostgreSQL compiler and the store's filter compiler (its
 * PostgreSQL dialect) write. Migrates on open, under an advisory lock.
 * @example const store = await openPostgresStore('postgres://postgres@127.0.0.1:5432/syncemu');
 */
export async function openPostgresStore(url: string): Promise<AsyncStore> {
  // syncemu's tables live in a schema of their own, never beside a user's tables in `public`
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${POSTGRES_SCHEMA},public` });
  // a client that errors while idle (the server restarted) must not crash the process
  pool.on('error', () => undefined);
  // every client listened to for good, from its first moment: pg-pool drops its own listener when it
  // hands a released client to a waiting caller, before that caller can add one, and an error
  // arriving then (the backend terminated) would be unhandled and end the process
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await withClient(pool, migratePostgres);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = postgresCompiler();
  const pages = new ListPageCompiler(db);
  const repositoriesOf = (run: Executor): AsyncRepositories => {
    /**
     * A read by keys. PostgreSQL's text holds no NUL character (it refuses such a parameter), so a
     * key with one matches nothing stored: no rows, as SQLite answers, without asking (a refused
     * statement would also abort the transaction it runs in).
     */
    const rows = async <T>(query: CompiledQuery | { sql: string; parameters: readonly unknown[] }): Promise<T[]> => {
      if (query.parameters.some((parameter) => typeof parameter === 'string' && parameter.includes('\u0000'))) return [];
      return (await run.query({ text: query.sql, values: query.parameters as unknown[] })).rows as T[];
    };
    const arrays = async (query: CompiledQuery): Promise<unknown[][]> =>
      (await run.query({ text: query.sql, values: query.parameters as unknown[], rowMode: 'array' })).rows as unknown[][];
    /** Runs a write; text PostgreSQL cannot store in `what` (`a job's JSON`) is an UnstorableTextError. */
    const changed = async (query: CompiledQuery, what = 'text') => {
      // a delete by a key with a NUL character deletes nothing (no stored text holds one), as on SQLite
      if (/^delete /i.test(query.sql) && query.parameters.some((parameter) => typeof parameter === 'string' && parameter.includes('\u0000'))) return 0;
      try {
        return (await run.query({ text: query.sql, values: query.parameters as unknown[] })).rowCount ?? 0;
      } catch (error) {
        throw writeError(error, query.parameters, what);
      }
    };
    const postgres = (context: CompileContext): CompileContext => ({ ...context, dialect: 'postgres' });

    /** Runs a read of a list query; what the query computes out of range is a QueryEvaluationError. */
    const evaluating = async <T>(query: Parameters<typeof describe>[0], read: () => Promise<T>): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        throw queryError(error, () => describe(query));
      }
    };

    const count = (servicePrincipalId: string, query: Pick<ListQuery, 'filter'>, context: CompileContext) =>
      evaluating(query, async () => {
        const [row] = await arrays(compileCount(db, servicePrincipalId, query, postgres(context)));
        return Number(row?.[0] ?? 0);
      });

    /** A page's statement, its `$skiptoken` read (@throws SkipTokenError), as listPage runs it. */
    const compilePage = (servicePrincipalId: string, query: ListQuery, options: ListPageOptions) => {
      let filterKey: string | undefined;
      const filterFingerprint = () => (filterKey ??= query.filter ? formatTypedExpr(query.filter) : '');
      const after = query.skipToken === undefined ? undefined : decodeSkipToken(query.skipToken, options.ordering, query.orderBy.length, filterFingerprint());
      const { query: compiled, columns } = pages.compile({ servicePrincipalId, query, pageSize: options.pageSize, context: postgres(options.context), ...(after && { after }) });
      return { compiled, columns, filterFingerprint };
    };

    const listPage = async (servicePrincipalId: string, query: ListQuery, options: ListPageOptions): Promise<ListPage> => {
      const { compiled, columns, filterFingerprint } = compilePage(servicePrincipalId, query, options);
      const found = await evaluating(query, () => arrays(compiled));
      const more = found.length > options.pageSize;
      if (more) found.length = options.pageSize;
      const last = found.at(-1);
      let total: number | undefined;
      if (columns.count !== undefined) total = found[0] ? Number(found[0][columns.count]) : await count(servicePrincipalId, query, options.context);
      const nextSkipToken =
        more && last
          ? encodeSkipToken({ keys: columns.keys.map((column) => tokenKey(last[column])), id: rowId(last, columns) }, options.ordering, filterFingerprint())
          : undefined;
      return {
        rows: found.map((row) => String(row[columns.body])),
        ...(nextSkipToken !== undefined && { nextSkipToken }),
        ...(total !== undefined && { count: total }),
      };
    };

    /**
     * The page a list request with this query gets (its `$skiptoken` included): its SQL and
     * parameters, and PostgreSQL's plan (`EXPLAIN (FORMAT JSON)`, not run) as lines of text, the
     * indexes it uses and whether it reads the jobs table whole.
     */
    const explain = async (servicePrincipalId: string, query: ListQuery, options: ListPageOptions): Promise<ListExplanation> => {
      const { compiled } = compilePage(servicePrincipalId, query, options);
      // the planner folds constants: an overflow can show while planning
      const [row] = await evaluating(query, async () => (await run.query({ text: `explain (format json) ${compiled.sql}`, values: compiled.parameters as unknown[] })).rows as { 'QUERY PLAN': unknown }[]);
      const { lines, ...summary } = summarizePostgresPlan(row!['QUERY PLAN'], 'jobs');
      return { sql: compiled.sql, parameters: compiled.parameters, plan: lines, ...summary };
    };

    const upsertSecret = async (sp: string, key: string, value: string) => {
      await changed(db.insertInto('secrets').values({ service_principal_id: sp, key, value }).onConflict((oc) => oc.columns(['service_principal_id', 'key']).doUpdateSet({ value })).compile());
    };

    return {
      jobs: {
        insert: async (sp, job) => {
          await changed(db.insertInto('jobs').values({ service_principal_id: sp, id: job.id, template_id: job.templateId, body: job.body }).compile(), JOB_JSON);
        },
        upsert: async (sp, job) => {
          await changed(
            db
              .insertInto('jobs')
              .values({ service_principal_id: sp, id: job.id, template_id: job.templateId, body: job.body })
              .onConflict((oc) => oc.columns(['service_principal_id', 'id']).doUpdateSet((eb) => ({ template_id: eb.ref('excluded.template_id'), body: eb.ref('excluded.body') })))
              .compile(),
            JOB_JSON,
          );
        },
        get: async (sp, id, selection = '*') => {
          const [row] = await rows<{ body: string }>(
            db.selectFrom('jobs').select(projection(selection, 'postgres').as('body')).where('jobs.service_principal_id', '=', sp).where('jobs.id', '=', id).compile(),
          );
          return row?.body;
        },
        exists: async (sp, id) => (await rows(db.selectFrom('jobs').select('id').where('service_principal_id', '=', sp).where('id', '=', id).compile())).length > 0,
        replaceBody: async (sp, id, body) => (await changed(db.updateTable('jobs').set({ body }).where('service_principal_id', '=', sp).where('id', '=', id).compile(), JOB_JSON)) > 0,
        delete: async (sp, id) => (await changed(db.deleteFrom('jobs').where('service_principal_id', '=', sp).where('id', '=', id).compile())) > 0,
        listPage,
        count,
        explain,
      },
      servicePrincipals: {
        get: async (id) => {
          const [row] = await rows<{ id: string; app_id: string | null; display_name: string | null; registered: boolean }>(
            db.selectFrom('service_principals').select(['id', 'app_id', 'display_name', 'registered']).where('id', '=', id).compile(),
          );
          return row && { id: row.id, appId: row.app_id, displayName: row.display_name, registered: Boolean(row.registered) };
        },
        ids: async () => (await rows<{ id: string }>(db.selectFrom('service_principals').select('id').orderBy('id').compile())).map((row) => row.id),
        summaries: async () => {
          const found = await rows<{ id: string; app_id: string | null; display_name: string | null; jobs: string }>(
            db
              .selectFrom('service_principals as sp')
              .leftJoin('jobs as j', 'j.service_principal_id', 'sp.id')
              .select(['sp.id', 'sp.app_id', 'sp.display_name', (eb) => eb.fn.count<string>('j.seq').as('jobs')])
              .groupBy('sp.id')
              .orderBy('sp.id')
              .compile(),
          );
          return found.map((row) => ({ id: row.id, appId: row.app_id, displayName: row.display_name, jobs: Number(row.jobs) }));
        },
        ensure: async (id, createdAt) => {
          await changed(
            db
              .insertInto('service_principals')
              .values({ id, app_id: null, display_name: null, registered: false as never, created_at: createdAt })
              .onConflict((oc) => oc.column('id').doNothing())
              .compile(),
          );
        },
        upsert: async (row, createdAt) => {
          await changed(
            db
              .insertInto('service_principals')
              .values({ id: row.id, app_id: row.appId, display_name: row.displayName, registered: true as never, created_at: createdAt })
              .onConflict((oc) => oc.column('id').doUpdateSet({ app_id: row.appId, display_name: row.displayName, registered: true as never }))
              .compile(),
          );
        },
        upsertTemplate: async (sp, id, body) => {
          await changed(
            db.insertInto('templates').values({ service_principal_id: sp, id, body }).onConflict((oc) => oc.columns(['service_principal_id', 'id']).doUpdateSet({ body })).compile(),
            "a template's JSON",
          );
        },
        templates: async (sp) => rows<{ id: string; body: string }>(db.selectFrom('templates').select(['id', 'body']).where('service_principal_id', '=', sp).orderBy('id').compile()),
        upsertSecret,
        replaceSecrets: async (sp, secrets) => {
          await changed(db.deleteFrom('secrets').where('service_principal_id', '=', sp).compile());
          for (const { key, value } of secrets) await upsertSecret(sp, key, value);
        },
        secrets: async (sp) => rows<{ key: string; value: string }>(db.selectFrom('secrets').select(['key', 'value']).where('service_principal_id', '=', sp).orderBy('key').compile()),
      },
      runs: {
        get: async (sp, id) => {
          const [row] = await rows<{ due_at: string | null; state: string }>(
            db.selectFrom('job_runs').select(['due_at', 'state']).where('service_principal_id', '=', sp).where('job_id', '=', id).compile(),
          );
          return row && { servicePrincipalId: sp, jobId: id, dueAt: row.due_at, state: row.state };
        },
        put: async (row) => {
          await changed(
            db
              .insertInto('job_runs')
              .values({ service_principal_id: row.servicePrincipalId, job_id: row.jobId, due_at: row.dueAt, state: row.state })
              .onConflict((oc) => oc.columns(['service_principal_id', 'job_id']).doUpdateSet((eb) => ({ due_at: eb.ref('excluded.due_at'), state: eb.ref('excluded.state') })))
              .compile(),
          );
        },
        nextDue: async (until) => {
          const [row] = await rows<{ service_principal_id: string; job_id: string; due_at: string; state: string }>(
            db
              .selectFrom('job_runs')
              .select(['service_principal_id', 'job_id', 'due_at', 'state'])
              .where('due_at', 'is not', null)
              .where('due_at', '<=', until)
              .orderBy('due_at')
              .orderBy('service_principal_id')
              .orderBy('job_id')
              .limit(1)
              .compile(),
          );
          return row && { servicePrincipalId: row.service_principal_id, jobId: row.job_id, dueAt: row.due_at, state: row.state };
        },
        hasDue: async (until) =>
          (await rows(db.selectFrom('job_runs').select('job_id').where('due_at', 'is not', null).where('due_at', '<=', until).limit(1).compile())).length > 0,
        schema: async (sp, id) => (await rows<{ body: string }>(db.selectFrom('job_schemas').select('body').where('service_principal_id', '=', sp).where('job_id', '=', id).compile()))[0]?.body,
        putSchema: async (sp, id, body) => {
          await changed(
            db.insertInto('job_schemas').values({ service_principal_id: sp, job_id: id, body }).onConflict((oc) => oc.columns(['service_principal_id', 'job_id']).doUpdateSet({ body })).compile(),
            "a job schema's JSON",
          );
        },
        deleteSchema: async (sp, id) => {
          await changed(db.deleteFrom('job_schemas').where('service_principal_id', '=', sp).where('job_id', '=', id).compile());
        },
      },
      events: {
        record: async (sp, id, event: JobEventRow) => {
          const { number, at, kind, detail } = event;
          await changed(
            db
              .insertInto('job_events')
              .values({ service_principal_id: sp, job_id: id, slot: number % JOB_EVENTS_KEPT, number, at, kind, detail })
              .onConflict((oc) =>
                oc.columns(['service_principal_id', 'job_id', 'slot']).doUpdateSet((eb) => ({ number: eb.ref('excluded.number'), at: eb.ref('excluded.at'), kind: eb.ref('excluded.kind'), detail: eb.ref('excluded.detail') })),
              )
              .compile(),
          );
        },
        list: async (sp, id) =>
          rows<JobEventRow>(db.selectFrom('job_events').select(['number', 'at', 'kind', 'detail']).where('service_principal_id', '=', sp).where('job_id', '=', id).orderBy('number').compile()),
      },
      state: {
        clear: (sp) => clearState(run, sp),
        jobCount: async () => Number((await rows<{ n: string }>({ sql: 'select count(*) as n from jobs', parameters: [] }))[0]?.n ?? 0),
      },
      getSetting: async (key) => (await rows<{ value: string }>(db.selectFrom('settings').select('value').where('key', '=', key).compile()))[0]?.value,
      setSetting: async (key, value) => {
        await changed(db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).compile());
      },
    };
  };
  /**
   * Runs `work` on one client inside a transaction opened by `begin`: it commits when `work`
   * resolves and rolls back when it throws. The client `work` gets (and so the handle made of it)
   * refuses queries once the transaction ended.
   */
  const session = <T>(begin: string, work: (client: pg.ClientBase) => Promise<T>): Promise<T> =>
    withClient(pool, async (client, broken) => {
      let ended = false;
      const handle: pg.ClientBase = Object.create(client, {
        query: {
          value: (...args: Parameters<pg.ClientBase['query']>) => {
            if (ended) throw new Error('A transaction handle was used after its transaction ended.');
            return (client.query as (...a: unknown[]) => unknown).apply(client, args);
          },
        },
      }) as pg.ClientBase;
      await client.query(begin);
      try {
        const result = await work(handle);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((failed: Error) => broken(failed));
        throw error;
      } finally {
        ended = true;
      }
    });
  /**
   * One write transaction: one writer at a time, as SQLite's BEGIN IMMEDIATE (an advisory lock),
   * so nothing else writes between its statements.
   */
  const writing = <T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T> =>
    // BEGIN and the lock in one round trip (a simple query of two statements; the lock's key is ours, not a client's)
    session(`begin; select pg_advisory_xact_lock(${WRITE_LOCK})`, work);
  /**
   * A write transaction through a handle of the repositories. `work` must use `tx` only: a call of
   * the store itself from inside it waits for this transaction to end.
   */
  const transaction = <T>(work: (tx: AsyncRepositories) => Promise<T>): Promise<T> => writing((client) => work(repositoriesOf(client)));
  /** One consistent view of the state (a snapshot taken at its first statement), read only. */
  const reading = <T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T> => session('begin isolation level repeatable read read only', work);
  // reads run on the pool; a write alone is a transaction of one statement, under the same lock
  const reads = repositoriesOf(pool);
  const write =
    <A extends unknown[], R>(pick: (tx: AsyncRepositories) => (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      transaction((tx) => pick(tx)(...args));
  return {
    kind: 'postgres',
    jobs: {
      ...reads.jobs,
      insert: write((tx) => tx.jobs.insert),
      upsert: write((tx) => tx.jobs.upsert),
      replaceBody: write((tx) => tx.jobs.replaceBody),
      delete: write((tx) => tx.jobs.delete),
    },
    servicePrincipals: {
      ...reads.servicePrincipals,
      ensure: write((tx) => tx.servicePrincipals.ensure),
      upsert: write((tx) => tx.servicePrincipals.upsert),
      upsertTemplate: write((tx) => tx.servicePrincipals.upsertTemplate),
      upsertSecret: write((tx) => tx.servicePrincipals.upsertSecret),
      replaceSecrets: write((tx) => tx.servicePrincipals.replaceSecrets),
    },
    runs: {
      ...reads.runs,
      put: write((tx) => tx.runs.put),
      putSchema: write((tx) => tx.runs.putSchema),
      deleteSchema: write((tx) => tx.runs.deleteSchema),
    },
    events: { ...reads.events, record: write((tx) => tx.events.record) },
    getSetting: reads.getSetting,
    setSetting: write((tx) => tx.setSetting),
    state: { ...reads.state, clear: write((tx) => tx.state.clear) },
    transaction,
    // a reset on PostgreSQL is a transaction as any other: DELETE cascades, and the write lock keeps other writers out
    replaceState: transaction,
    read: (work) => reading((client) => work(repositoriesOf(client))),
    digest: () => reading(digestState),
    // lone statements on the pool, outside the write lock: servers call them while another holds it
    shared: sharedRecords(pool),
    poll: async (until) => {
      const { rows } = await pool.query<{ clock: string | null; faults: boolean; due: boolean; tenant: string | null }>(
        `select c.value as clock,
                exists (select 1 from fault_rules) as faults,
                (select value from settings where key = 'tenantId') as tenant,
                exists (select 1 from job_runs where due_at is not null and due_at <= coalesce($1::text collate "C", c.value)) as due
           from (select (select value from shared_records where key = 'clock') as value) c`,
        [until ?? null],
      );
      const row = rows[0]!;
      return { clock: row.clock ?? undefined, faults: row.faults, due: row.due, tenantId: row.tenant ?? undefined };
    },
    faultRules: faultRuleRecords(pool),
    snapshots: snapshotRecords(writing, pool),
    close: () => pool.end(),
  };
}

/** What a write of a job's body names when PostgreSQL cannot store its text. */
const JOB_JSON = "a job's JSON";

/** The options of a list query that compute values, as the client wrote them (for an error's message): `$filter=… and $orderby=…`. */
function describe(query: Partial<Pick<ListQuery, 'filter' | 'filterText' | 'orderBy' | 'orderByText'>>): string {
  const parts: string[] = [];
  if (query.filter) parts.push(`$filter=${query.filterText ?? formatTypedExpr(query.filter)}`);
  if (query.orderBy?.length) parts.push(`$orderby=${query.orderByText || query.orderBy.map((item) => `${formatTypedExpr(item.expr)}${item.descending ? ' desc' : ''}`).join(',')}`);
  // control characters shown as escapes (a NUL in a literal is one of the errors this describes)
  return parts.join(' and ').replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A sort key as a skiptoken keeps it: pg reads booleans as true/false, which a token holds as 1/0 (PostgreSQL reads '1' back as true). */
function tokenKey(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as string | number;
}
