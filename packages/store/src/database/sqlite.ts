import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type { Database } from './tables.js';

/** The few better-sqlite3 members the store uses (as Kysely's SQLite dialect declares its own subset). */
export type SqliteDatabase = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/**
 * A query SQLite refuses to compile because of its own limits (expression depth 1,000, parser
 * stack): the request asked for too much, so it is the client's error (400), not a bug.
 */
export class QueryTooComplexError extends Error {
  override readonly name = 'QueryTooComplexError';
}

const SQLITE_LIMIT_MESSAGES = /Expression tree is too large|parser stack overflow|too many terms in compound SELECT|too many SQL variables|at most \d+ tables in a join/i;

function prepareWithinLimits(sqlite: SqliteDatabase, sqlText: string): Statement {
  try {
    return sqlite.prepare(sqlText);
  } catch (error) {
    if (error instanceof Error && SQLITE_LIMIT_MESSAGES.test(error.message)) {
      throw new QueryTooComplexError(`The query is too complex to run (${error.message}); use fewer or simpler conditions.`);
    }
    throw error;
  }
}

/**
 * The SQL texts of a repository's fixed statements, each built by Kysely and compiled the first
 * time it is asked for, then kept: its parameters are given at each call, in the order the builder
 * placed them (the values given to the builder are placeholders).
 * @example
 * const sqlOf = compiledOnce({ get: (db) => db.selectFrom('jobs').select('body').where('id', '=', '') });
 * connection.first({ sql: sqlOf('get', connection), parameters: [id] });
 */
export function compiledOnce<Key extends string>(builders: Record<Key, (db: Kysely<Database>) => Compilable>): (key: Key, connection: Connection) => string {
  const texts = new Map<Key, string>();
  return (key, connection) => {
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = builders[key](connection.kysely).compile().sql));
    return text;
  };
}

interface Compilable {
  compile(): CompiledQuery;
}

/**
 * One open SQLite connection: Kysely builds and compiles the SQL; statements run synchronously
 * through a cache of prepared statements, because better-sqlite3 is synchronous and preparing a
 * statement per call costs more than running it (docs/decisions/0002-sync-store-over-kysely.md).
 */
export class Connection {
  readonly kysely: Kysely<Database>;
  private readonly statements = new Map<string, Statement>();
  private readonly rawStatements = new Map<string, Statement>();

  constructor(readonly sqlite: SqliteDatabase) {
    this.kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }

  prepare(sqlText: string): Statement {
    return this.cached(this.statements, sqlText, false);
  }

  private cached(cache: Map<string, Statement>, sqlText: string, raw: boolean): Statement {
    let statement = cache.get(sqlText);
    if (!statement) {
      statement = prepareWithinLimits(this.sqlite, sqlText);
      if (raw) statement.raw(true);
      if (cache.size > 500) cache.clear(); // query shapes from $filter are unbounded
      cache.set(sqlText, statement);
    }
    return statement;
  }

  /** Every row as an array of its column values, in SELECT order (cheaper than an object a row). */
  values<Row extends readonly unknown[]>(query: Pick<CompiledQuery, 'sql' | 'parameters'>): Row[] {
    return this.cached(this.rawStatements, query.sql, true).all(...(query.parameters as unknown[])) as Row[];
  }

  all<Row>(query: Pick<CompiledQuery, 'sql' | 'parameters'>): Row[] {
    return this.prepare(query.sql).all(...(query.parameters as unknown[])) as Row[];
  }

  first<Row>(query: Pick<CompiledQuery, 'sql' | 'parameters'>): Row | undefined {
    return this.prepare(query.sql).get(...(query.parameters as unknown[])) as Row | undefined;
  }

  run(query: Pick<CompiledQuery, 'sql' | 'parameters'>): number {
    this.localWrites++;
    return this.prepare(query.sql).run(...(query.parameters as unknown[])).changes;
  }

  /** Runs `work` in one `BEGIN IMMEDIATE` transaction: all of it commits, or none of it. */
  transaction<T>(work: () => T): T {
    if (this.reading) throw new Error('A write transaction was begun inside a read snapshot.');
    this.localWrites++;
    return this.sqlite.transaction(work).immediate();
  }

  /**
   * An open-ended write transaction (`BEGIN IMMEDIATE`), for a caller that awaits between its
   * statements (the async store) and so cannot use {@link transaction}; it must end it with
   * {@link endWrite} and keep every other statement out meanwhile.
   */
  beginWrite(): void {
    if (this.reading || this.sqlite.inTransaction) throw new Error('A write transaction was begun inside another transaction.');
    this.localWrites++;
    (this.beginImmediate ??= this.sqlite.prepare('BEGIN IMMEDIATE')).run();
  }

  private beginImmediate: Statement | undefined;
  private rollback: Statement | undefined;

  /** Commits (or, with `commit` false, rolls back) what {@link beginWrite} began. */
  endWrite(commit: boolean): void {
    if (!this.sqlite.inTransaction) return;
    (commit ? (this.commit ??= this.sqlite.prepare('COMMIT')) : (this.rollback ??= this.sqlite.prepare('ROLLBACK'))).run();
  }

  /**
   * Writes through this connection so far (statements and transactions, counted before they
   * run): with {@link dataVersion}, what tells whether something read earlier may have changed.
   */
  localWrites = 0;

  /**
   * SQLite's `PRAGMA data_version`: it changes when another connection (another process) commits,
   * never for this connection's own writes. Inside a read transaction it costs no more than a
   * function call.
   */
  dataVersion(): number {
    return (this.dataVersionStatement ??= this.sqlite.prepare('PRAGMA data_version').pluck()).get() as number;
  }

  private dataVersionStatement: Statement | undefined;

  /**
   * Runs `work`, which only reads, in one read transaction: every statement sees the same
   * committed state, and the transaction is begun once rather than once a statement (a GET's
   * due-cycle check, service principal lookup and page were three). Synchronous, so no other
   * request's statements interleave.
   */
  read<T>(work: () => T): T {
    if (this.reading || this.sqlite.inTransaction) return work();
    (this.begin ??= this.sqlite.prepare('BEGIN')).run();
    this.reading = true;
    try {
      return work();
    } finally {
      this.reading = false;
      try {
        (this.commit ??= this.sqlite.prepare('COMMIT')).run();
      } finally {
        // a read transaction that could not end is rolled back, never left open under later writes
        if (this.sqlite.inTransaction) this.sqlite.prepare('ROLLBACK').run();
      }
    }
  }

  /** A read transaction begun by hand (for a caller that awaits inside it); end it with {@link endRead}. */
  beginRead(): void {
    if (this.reading || this.sqlite.inTransaction) throw new Error('A read transaction was begun inside another transaction.');
    (this.begin ??= this.sqlite.prepare('BEGIN')).run();
    this.reading = true;
  }

  /** Ends what {@link beginRead} began. */
  endRead(): void {
    this.reading = false;
    if (!this.sqlite.inTransaction) return;
    try {
      (this.commit ??= this.sqlite.prepare('COMMIT')).run();
    } finally {
      if (this.sqlite.inTransaction) this.sqlite.prepare('ROLLBACK').run();
    }
  }

  /** Turns foreign keys on or off (outside any transaction: SQLite ignores the pragma inside one). */
  foreignKeys(on: boolean): void {
    this.sqlite.pragma(`foreign_keys = ${on ? 'ON' : 'OFF'}`);
  }

  /**
   * Runs `work` with foreign keys off (outside any transaction: SQLite ignores the pragma inside
   * one), for work that replaces or empties whole tables, children first, so that SQLite
   * truncates them instead of cascading row by row.
   */
  withoutForeignKeys<T>(work: () => T): T {
    this.sqlite.pragma('foreign_keys = OFF');
    try {
      return work();
    } finally {
      this.sqlite.pragma('foreign_keys = ON');
    }
  }

  private reading = false;
  private begin: Statement | undefined;
  private commit: Statement | undefined;

  close(): void {
    this.statements.clear();
    this.rawStatements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}
