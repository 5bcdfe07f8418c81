import BetterSqlite3 from 'better-sqlite3';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { formatTypedExpr, type ListQuery } from '@syncemu/odata';
import { Connection } from '../database/sqlite.js';
import { registerFunctions } from '../database/sql-functions.js';
import { compileFilter, compileOrderKey, type FilterSource } from '../compile/filter-compiler.js';
import { afterPosition } from '../compile/list-query-compiler.js';
import { decodeSkipToken, encodeSkipToken } from '../compile/skip-token.js';

/** A body as the journal keeps it: the text (cut to its first 64 KiB), and whether it is whole JSON. */
export interface JournalBody {
  readonly text: string;
  /** The text is a whole JSON document (answered as that value, not as a string). */
  readonly json: boolean;
}

/** One answered request, as recorded. */
export interface JournalRecord {
  readonly time: string;
  readonly method: string;
  readonly url: string;
  readonly version: string | null;
  readonly servicePrincipalId: string | null;
  readonly jobId: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly fault: string | null;
  readonly requestBody: JournalBody | null;
  readonly responseBody: JournalBody | null;
}

export interface JournalPage {
  /** Each entry's JSON text, in the order asked. */
  readonly rows: readonly string[];
  readonly nextSkipToken?: string;
  readonly count?: number;
}

/** Every property of an entry is a column: the filter reads no JSON. */
const SOURCE: FilterSource = {
  columns: {
    id: 'requests.id',
    time: 'requests.time',
    method: 'requests.method',
    url: 'requests.url',
    version: 'requests.version',
    servicePrincipalId: 'requests.service_principal_id',
    jobId: 'requests.job_id',
    status: 'requests.status',
    durationMs: 'requests.duration_ms',
    fault: 'requests.fault',
    requestBody: 'requests.request_body',
    responseBody: 'requests.response_body',
  },
};

const body = (column: string, flag: string) => `case when ${flag} then json(${column}) else ${column} end`;
/** An entry as JSON, built by SQLite from its columns (bodies spliced as values when they are JSON). */
const ENTRY = `json_object('id', id, 'time', time, 'method', method, 'url', url, 'version', version, 'servicePrincipalId', service_principal_id, 'jobId', job_id, 'status', status, 'durationMs', duration_ms, 'fault', fault, 'requestBody', ${body('request_body', 'request_is_json')}, 'responseBody', ${body('response_body', 'response_is_json')})`;

/**
 * syncemu's request journal (decisions.md §10): the last `size` answered requests, oldest first, in
 * an in-memory SQLite database of its own (it is this process's record of what it answered, not
 * emulator state: writing it never touches the emulator's file). Queried with the OData engine:
 * `$filter` and `$orderby` compile to SQL over its columns, pages follow by keyset.
 */
export class JournalRepository {
  private readonly connection: Connection;
  private readonly insertStatement: BetterSqlite3.Statement;
  private readonly trimStatement: BetterSqlite3.Statement;

  constructor(readonly size: number) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`A journal size is a whole number, not ${size}.`);
    const sqlite = new BetterSqlite3(':memory:');
    registerFunctions(sqlite);
    sqlite.exec(`create table requests (
      id integer primary key autoincrement, time text not null, method text not null, url text not null, version text,
      service_principal_id text, job_id text, status integer not null, duration_ms real not null, fault text,
      request_body text, request_is_json integer not null, response_body text, response_is_json integer not null
    )`);
    sqlite.exec('create index requests_sp on requests (service_principal_id, id)');
    this.connection = new Connection(sqlite);
    this.insertStatement = sqlite.prepare(
      'insert into requests (id, time, method, url, version, service_principal_id, job_id, status, duration_ms, fault, request_body, request_is_json, response_body, response_is_json) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.trimStatement = sqlite.prepare('delete from requests where id <= ?');
  }

  /**
   * Records an answered request; the oldest entry past the size is dropped. Entries wait in memory
   * and are written to SQLite, in one transaction, when the journal is next read: an insert (and
   * a trim) per request was most of the cost of a GET, and most entries are never read.
   */
  record(entry: JournalRecord): void {
    if (this.size === 0) return;
    this.pending.push({ id: ++this.lastId, entry });
    // the waiting entries are a ring of `size` too: the older half goes at once, not one by one
    if (this.pending.length >= 2 * this.size) this.pending = this.pending.slice(-this.size);
  }

  /** Entries recorded and not yet written, with the id each was given when its request was answered. */
  private pending: { readonly id: number; readonly entry: JournalRecord }[] = [];
  private lastId = 0;

  /** Writes the waiting entries (only the last `size` of them matter), then drops those past the size. */
  private flush(): void {
    if (this.pending.length === 0) return;
    const waiting = this.pending.slice(-this.size);
    this.pending = [];
    this.connection.sqlite.transaction(() => {
      for (const { id, entry } of waiting) {
        this.insertStatement.run(
          id,
          entry.time,
          entry.method,
          entry.url,
          entry.version,
          entry.servicePrincipalId,
          entry.jobId,
          entry.status,
          entry.durationMs,
          entry.fault,
          entry.requestBody?.text ?? null,
          entry.requestBody?.json ? 1 : 0,
          entry.responseBody?.text ?? null,
          entry.responseBody?.json ? 1 : 0,
        );
      }
      if (this.lastId > this.size) this.trimStatement.run(this.lastId - this.size);
    })();
  }

  /** One page of entries: `$filter`, `$orderby` (ties by id), `$skip`, keyset `$skiptoken`, `$count`. */
  list(query: ListQuery, { pageSize, now, servicePrincipalId }: { pageSize: number; now: string; servicePrincipalId?: string }): JournalPage {
    this.flush();
    const context = { now, source: SOURCE };
    const filterText = query.filter ? formatTypedExpr(query.filter) : '';
    const after = query.skipToken === undefined ? undefined : decodeSkipToken(query.skipToken, query.orderByText, query.orderBy.length, filterText);
    const keys = query.orderBy.map((item) => ({ sql: compileOrderKey(item.expr, context), descending: item.descending }));
    const conditions: RawBuilder<unknown>[] = [];
    if (servicePrincipalId !== undefined) conditions.push(sql`requests.service_principal_id = ${servicePrincipalId}`);
    if (query.filter) conditions.push(compileFilter(query.filter, context));
    const matching = conditions.length === 0 ? sql`1` : sql.join(conditions, sql` and `);
    const where = after ? sql`${matching} and ${afterPosition(keys, { keys: after.keys, id: after.id }, sql`requests.id`) as RawBuilder<SqlBool>}` : matching;
    const orderBy = sql.join([...keys.map((key) => sql`${key.sql} ${sql.raw(key.descending ? 'desc' : 'asc')}`), sql`requests.id asc`]);
    const keyColumns = keys.map((key, i) => sql`${key.sql} as ${sql.id(`__key${i}`)}`);
    const offset = query.skip !== undefined && !after ? sql` offset ${query.skip}` : sql``;
    const compiled = sql`select ${sql.raw(ENTRY)} as entry, requests.id as id${keyColumns.length ? sql`, ${sql.join(keyColumns)}` : sql``} from requests where ${where} order by ${orderBy} limit ${pageSize + 1}${offset}`.compile(this.connection.kysely);
    const rows = this.connection.values<(string | number | null)[]>(compiled);
    const more = rows.length > pageSize;
    if (more) rows.length = pageSize;
    const last = rows.at(-1);
    const count = query.count
      ? Number(this.connection.first<{ n: number }>(sql`select count(*) as n from requests where ${matching}`.compile(this.connection.kysely))?.n ?? 0)
      : undefined;
    const nextSkipToken = more && last ? encodeSkipToken({ keys: keys.map((_, i) => last[2 + i] ?? null), id: String(last[1]) }, query.orderByText, filterText) : undefined;
    return { rows: rows.map((row) => String(row[0])), ...(nextSkipToken !== undefined && { nextSkipToken }), ...(count !== undefined && { count }) };
  }

  /** Empties the journal, or drops one service principal's entries. */
  clear(servicePrincipalId?: string): void {
    if (servicePrincipalId === undefined) {
      this.pending = [];
      this.connection.sqlite.exec('delete from requests');
      return;
    }
    this.flush();
    this.connection.sqlite.prepare('delete from requests where service_principal_id = ?').run(servicePrincipalId);
  }

  close(): void {
    this.connection.close();
  }
}
