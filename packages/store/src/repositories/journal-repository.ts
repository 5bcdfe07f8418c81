import BetterSqlite3 from 'better-sqlite3';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { formatTypedExpr, type ListQuery } from '@syncemu/odata';
import { Connection } from '../database/sqlite.js';
import { registerFunctions } from '../database/sql-functions.js';
import { compileFilter, compileOrderKey, type FilterSource } from '../compile/filter-compiler.js';
import { afterPosition } from '../compile/list-query-compiler.js';
import { decodeSkipToken, encodeSkipToken } from '../compile/skip-token.js';

/**
 * A body as recorded: its text in the pieces it was answered in (a list page is a few pieces of up
 * to 60,000 characters; no piece is copied), and whether it is JSON. The journal keeps its first
 * {@link JOURNAL_BODY_BYTES} bytes: a longer body is kept cut, as text.
 */
export interface JournalBody {
  readonly pieces: readonly string[];
  /** The text is a whole JSON document (answered as that value, not as a string). */
  readonly json: boolean;
}

/** Bodies are kept up to this many bytes of UTF-8 (decisions.md §10). */
export const JOURNAL_BODY_BYTES = 64 * 1024;

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
 * How many answered requests wait, at most, before they are written in one transaction. Few: a
 * waiting entry holds its reply's pieces, and V8 pays for holding many (64 cost a list page more
 * than the writes saved).
 */
const FLUSH_EVERY = 8;

/** The pieces of a body that its first JOURNAL_BODY_BYTES bytes can lie in (a piece has at least as many bytes as characters). */
function kept(body: JournalBody | null): JournalBody | null {
  if (body === null) return null;
  let chars = 0;
  let count = 0;
  while (count < body.pieces.length && chars < JOURNAL_BODY_BYTES) chars += body.pieces[count++]!.length;
  return count === body.pieces.length ? body : { pieces: body.pieces.slice(0, count), json: false };
}

/** A body as it is written: text, or the first bytes of a longer one; `json` when it is whole JSON. */
interface StoredBody {
  readonly value: string | Buffer | null;
  readonly json: boolean;
}

/** Where the first bytes of a long body are written, reused (the insert copies them): one per body of an entry. */
const requestBuffer = Buffer.allocUnsafe(JOURNAL_BODY_BYTES);
const responseBuffer = Buffer.allocUnsafe(JOURNAL_BODY_BYTES);

/**
 * What is written for a body: its text when it fits in JOURNAL_BODY_BYTES, else its first
 * JOURNAL_BODY_BYTES bytes (no character cut in two) written into `buffer`, never joined into one
 * large string (nor a new buffer a request: both cost V8 more than the write), and no longer
 * JSON. The insert casts it to text.
 */
function bodyValue(body: JournalBody | null, buffer: Buffer): StoredBody {
  if (body === null) return { value: null, json: false };
  const { pieces } = body;
  let chars = 0;
  for (const piece of pieces) chars += piece.length;
  if (chars * 3 <= JOURNAL_BODY_BYTES) return { value: pieces.length === 1 ? pieces[0]! : pieces.join(''), json: body.json };
  let used = 0;
  let whole = true;
  for (const piece of pieces) {
    const written = buffer.write(piece, used); // whole characters only
    used += written;
    // a piece can have been cut only when less than a character's 4 bytes were left
    if (used > JOURNAL_BODY_BYTES - 4 && written < Buffer.byteLength(piece)) {
      whole = false;
      break;
    }
  }
  if (whole) return { value: buffer.toString('utf8', 0, used), json: body.json };
  return { value: buffer.subarray(0, used), json: false };
}

/**
 * syncemu's request journal (decisions.md §10): the last `size` answered requests, oldest first, in
 * a temporary SQLite database of its own (it is this process's record of what it answered, not
 * emulator state: writing it never touches the emulator's file). Queried with the OData engine:
 * `$filter` and `$orderby` compile to SQL over its columns, pages follow by keyset.
 */
export class JournalRepository {
  private readonly connection: Connection;
  private readonly insertStatement: BetterSqlite3.Statement;
  private readonly trimStatement: BetterSqlite3.Statement;

  constructor(readonly size: number) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`A journal size is a whole number, not ${size}.`);
    // a temporary database on disk (deleted on close): 10,000 bodies of up to 64 KiB stay out of
    // this process's memory, but for SQLite's page cache
    const sqlite = new BetterSqlite3('');
    // pages of 64 KiB: a cut body takes one overflow page, not sixteen (a third of its cost)
    sqlite.pragma('page_size = 65536');
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    registerFunctions(sqlite);
    sqlite.exec(`create table requests (
      id integer primary key autoincrement, time text not null, method text not null, url text not null, version text,
      service_principal_id text, job_id text, status integer not null, duration_ms real not null, fault text,
      request_body text, request_is_json integer not null, response_body text, response_is_json integer not null
    )`);
    sqlite.exec('create index requests_sp on requests (service_principal_id, id)');
    this.connection = new Connection(sqlite);
    this.insertStatement = sqlite.prepare(
      'insert into requests (id, time, method, url, version, service_principal_id, job_id, status, duration_ms, fault, request_body, request_is_json, response_body, response_is_json) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as text), ?, cast(? as text), ?)',
    );
    this.trimStatement = sqlite.prepare('delete from requests where id <= ?');
  }

  /**
   * Records an answered request; the oldest entry past the size is dropped. Entries wait in a
   * short list and are written FLUSH_EVERY at a time in one transaction (or when the journal is
   * read): an insert and a trim per request had doubled the cost of a GET.
   */
  record(entry: JournalRecord): void {
    if (this.size === 0) return;
    this.pending.push({ id: ++this.lastId, entry: { ...entry, requestBody: kept(entry.requestBody), responseBody: kept(entry.responseBody) } });
    if (this.pending.length >= Math.min(FLUSH_EVERY, this.size)) this.flush();
  }

  /** Entries recorded and not yet written, with the id each was given when its request was answered. */
  private pending: { readonly id: number; readonly entry: JournalRecord }[] = [];
  private lastId = 0;

  /** Writes the waiting entries (only the last `size` of them matter), then drops those past the size. */
  private flush(): void {
    if (this.pending.length === 0) return;
    const waiting = this.pending.length > this.size ? this.pending.slice(-this.size) : this.pending;
    this.pending = [];
    this.connection.sqlite.transaction(() => {
      for (const { id, entry } of waiting) {
        // each written before the next is made: the two share their buffers
        const request = bodyValue(entry.requestBody, requestBuffer);
        const response = bodyValue(entry.responseBody, responseBuffer);
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
          request.value,
          request.json ? 1 : 0,
          response.value,
          response.json ? 1 : 0,
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
