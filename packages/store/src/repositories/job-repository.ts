import { sql } from 'kysely';
import { formatTypedExpr, type ListQuery, type Selection } from '@syncemu/odata';
import { compiledOnce, type Connection } from '../database/sqlite.js';
import { compileCount, ListPageCompiler, projection, type PageColumns } from '../compile/list-query-compiler.js';
import type { CompileContext } from '../compile/filter-compiler.js';
import { decodeSkipToken, encodeSkipToken } from '../compile/skip-token.js';
import { summarizePlan, type PlanSummary } from '../database/query-plan.js';

export interface JobRow {
  readonly id: string;
  readonly templateId: string;
  /** The job as Graph JSON text. */
  readonly body: string;
}

const STORED_ID = /^\{"id":"([^"\\]*)"/;

/**
 * A page row's job id: its own column under a `$select`, otherwise the `id` of the stored job it
 * is (stored jobs begin with it, as `serializeJob` writes the model's order; an id with escapes
 * is parsed).
 */
export function rowId(row: readonly unknown[], columns: PageColumns): string {
  if (columns.id !== undefined) return String(row[columns.id]);
  const body = String(row[columns.body]);
  const start = STORED_ID.exec(body);
  if (start) return start[1]!;
  const id = (JSON.parse(body) as { id?: unknown }).id;
  if (typeof id !== 'string') throw new Error('A stored job has no id.');
  return id;
}

export interface ListPageOptions {
  readonly pageSize: number;
  /** The raw `$orderby` text (or ''), which a skiptoken is bound to. */
  readonly ordering: string;
  readonly context: CompileContext;
}

/** How a list page runs: its SQL, and the engine's plan for it. */
export interface ListExplanation extends PlanSummary {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** SQLite: the detail lines of `EXPLAIN QUERY PLAN`, in order; PostgreSQL: its plan's nodes as lines (`summarizePostgresPlan`). */
  readonly plan: string[];
}

export interface ListPage {
  /** Each row's JSON text: the stored job, or the `$select`ed part of it. */
  readonly rows: readonly string[];
  /** The skiptoken of the next page, when one follows. */
  readonly nextSkipToken?: string;
  /** With `$count=true`: how many jobs match the filter, before paging. */
  readonly count?: number;
}

/** The synchronization jobs of all service principals. Reads and writes are synchronous. */
export class JobRepository {
  private readonly pages: ListPageCompiler;

  constructor(private readonly connection: Connection) {
    this.pages = new ListPageCompiler(connection.kysely);
  }

  insert(servicePrincipalId: string, job: JobRow): void {
    this.connection.run({ sql: this.sqlOf('insert', this.connection), parameters: [servicePrincipalId, job.id, job.templateId, job.body] });
  }

  /** Inserts or replaces by id (fixtures). */
  upsert(servicePrincipalId: string, job: JobRow): void {
    this.connection.run({ sql: this.sqlOf('upsert', this.connection), parameters: [servicePrincipalId, job.id, job.templateId, job.body] });
  }

  /** The job's JSON text (all of it, or the selected properties), or undefined. */
  get(servicePrincipalId: string, jobId: string, selection: Selection = '*'): string | undefined {
    // The whole job (every GET of one job, every read before a write) runs one SQL text, compiled
    // once: building and compiling it with Kysely on each call cost more than running it.
    const sqlText = selection === '*' ? (this.getWholeSql ??= this.compileGet('*', '', '').sql) : this.compileGet(selection, '', '').sql;
    const row = this.connection.first<{ body: string }>({ sql: sqlText, parameters: [servicePrincipalId, jobId] });
    return row?.body;
  }

  private getWholeSql: string | undefined;

  /** `select <projection> from jobs where service_principal_id = ? and id = ?`: parameters in that order. */
  private compileGet(selection: Selection, servicePrincipalId: string, jobId: string) {
    return this.connection.kysely
      .selectFrom('jobs')
      .select(projection(selection).as('body'))
      .where('jobs.service_principal_id', '=', servicePrincipalId)
      .where('jobs.id', '=', jobId)
      .compile();
  }

  exists(servicePrincipalId: string, jobId: string): boolean {
    return this.connection.first({ sql: this.sqlOf('exists', this.connection), parameters: [servicePrincipalId, jobId] }) !== undefined;
  }

  /** Replaces the stored JSON of an existing job; false when there is no such job. */
  replaceBody(servicePrincipalId: string, jobId: string, body: string): boolean {
    return this.connection.run({ sql: this.sqlOf('replaceBody', this.connection), parameters: [body, servicePrincipalId, jobId] }) > 0;
  }

  /** Statements every write, simulated cycle or action runs, compiled once (parameters: in the order shown). */
  private readonly sqlOf = compiledOnce({
    insert: (db) => db.insertInto('jobs').values({ service_principal_id: '', id: '', template_id: '', body: '' }),
    upsert: (db) =>
      db
        .insertInto('jobs')
        .values({ service_principal_id: '', id: '', template_id: '', body: '' })
        .onConflict((oc) => oc.columns(['service_principal_id', 'id']).doUpdateSet((eb) => ({ template_id: eb.ref('excluded.template_id'), body: eb.ref('excluded.body') }))),
    exists: (db) => db.selectFrom('jobs').select(sql`1`.as('one')).where('service_principal_id', '=', '').where('id', '=', ''),
    replaceBody: (db) => db.updateTable('jobs').set({ body: '' }).where('service_principal_id', '=', '').where('id', '=', ''),
  });

  delete(servicePrincipalId: string, jobId: string): boolean {
    const db = this.connection.kysely;
    return this.connection.run(db.deleteFrom('jobs').where('service_principal_id', '=', servicePrincipalId).where('id', '=', jobId).compile()) > 0;
  }

  /** One page of a list query, in one statement. @throws SkipTokenError for a token not made for this query. */
  listPage(servicePrincipalId: string, query: ListQuery, options: ListPageOptions): ListPage {
    const { compiled, columns, filterFingerprint } = this.compilePage(servicePrincipalId, query, options);
    const rows = this.connection.values<(string | number | null)[]>(compiled);
    const more = rows.length > options.pageSize;
    if (more) rows.length = options.pageSize;
    const last = rows.at(-1);
    let count: number | undefined;
    if (columns.count !== undefined) count = rows[0] ? Number(rows[0][columns.count]) : this.count(servicePrincipalId, query, options.context);
    const nextSkipToken =
      more && last
        ? encodeSkipToken({ keys: columns.keys.map((column) => last[column] ?? null), id: rowId(last, columns) }, options.ordering, filterFingerprint())
        : undefined;
    return {
      rows: rows.map((row) => String(row[columns.body])),
      ...(nextSkipToken !== undefined && { nextSkipToken }),
      ...(count !== undefined && { count }),
    };
  }

  count(servicePrincipalId: string, query: Pick<ListQuery, 'filter'>, context: CompileContext): number {
    const row = this.connection.first<{ n: number }>(compileCount(this.connection.kysely, servicePrincipalId, query, context));
    return row?.n ?? 0;
  }

  /**
   * The statement of one page: its `$skiptoken` read (a token is bound to its `$filter` as well as
   * its `$orderby`, in canonical form: spelling does not matter) and the SQL compiled.
   * @throws SkipTokenError for a token not made for this query.
   */
  private compilePage(servicePrincipalId: string, query: ListQuery, options: ListPageOptions) {
    // the filter's canonical form, made only when a token is read or made
    let filterKey: string | undefined;
    const filterFingerprint = () => (filterKey ??= query.filter ? formatTypedExpr(query.filter) : '');
    const after = query.skipToken === undefined ? undefined : decodeSkipToken(query.skipToken, options.ordering, query.orderBy.length, filterFingerprint());
    const { query: compiled, columns } = this.pages.compile({
      servicePrincipalId,
      query,
      pageSize: options.pageSize,
      context: options.context,
      ...(after && { after }),
    });
    return { compiled, columns, filterFingerprint };
  }

  /**
   * The SQL and parameters of the page a list request with this query gets (its `$skiptoken`
   * included), SQLite's plan for it, the indexes that plan uses and whether it reads every job.
   * @throws SkipTokenError, QueryTooComplexError as the list request would.
   */
  explain(servicePrincipalId: string, query: ListQuery, options: ListPageOptions): ListExplanation {
    const { compiled } = this.compilePage(servicePrincipalId, query, options);
    const plan = this.connection.all<{ detail: string }>({ sql: `explain query plan ${compiled.sql}`, parameters: compiled.parameters }).map((row) => row.detail);
    return { sql: compiled.sql, parameters: compiled.parameters, plan, ...summarizePlan(plan, 'jobs') };
  }
}
