import { existsSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Connection } from './sqlite.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.js';
import { registerFunctions } from './sql-functions.js';

/** `PRAGMA application_id` of a syncemu database: "SYNC" in ASCII. */
export const SYNCEMU_APPLICATION_ID = 0x53594e43;

/** Why a database could not be opened; the file is left as it was. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/**
 * Opens (creating if needed) a syncemu database at `path`, or an in-memory one for `':memory:'`,
 * and brings its schema up to date. A file that is not a syncemu database, or one written by a
 * newer schema version, is refused before anything is written to it.
 */
export function openDatabase(path: string): Connection {
  const inMemory = path === ':memory:';
  if (!inMemory) inspectExistingFile(path);
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path, { timeout: 5000 });
  } catch (error) {
    throw new StoreOpenError(`Cannot open the database '${path}': ${(error as Error).message}.`);
  }
  try {
    if (!inMemory) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
    registerFunctions(sqlite);
    const connection = new Connection(sqlite);
    migrate(connection, path);
    return connection;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** Reads the header of an existing file read-only; throws if it is not ours to open. */
function inspectExistingFile(path: string): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new StoreOpenError(`Cannot open the database '${path}': it is a directory.`);
  if (statSync(path).size === 0) return;
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const applicationId = sqlite.pragma('application_id', { simple: true }) as number;
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    if (applicationId !== SYNCEMU_APPLICATION_ID) {
      const tables = (sqlite.prepare(`select count(*) as n from sqlite_master`).get() as { n: number }).n;
      if (applicationId !== 0 || tables > 0) {
        throw new StoreOpenError(
          `Cannot open '${path}': it is a SQLite database, but not a syncemu one (application_id ${applicationId}, ${tables} schema objects). It was left untouched.`,
        );
      }
    }
    checkVersion(path, version);
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(`Cannot open '${path}': it is not a syncemu database (${(error as Error).message}). It was left untouched.`);
  } finally {
    sqlite?.close();
  }
}

function checkVersion(path: string, version: number): void {
  if (version > LATEST_SCHEMA_VERSION) {
    throw new StoreOpenError(
      `Cannot open '${path}': it was written by a newer syncemu (schema version ${version}; this one knows versions up to ${LATEST_SCHEMA_VERSION}). Upgrade syncemu to open it. It was left untouched.`,
    );
  }
}

function migrate(connection: Connection, path: string): void {
  const { sqlite } = connection;
  const upToDate = () =>
    sqlite.pragma('user_version', { simple: true }) === LATEST_SCHEMA_VERSION &&
    sqlite.pragma('application_id', { simple: true }) === SYNCEMU_APPLICATION_ID;
  if (upToDate()) return; // opening a current database writes nothing to it
  connection.transaction(() => {
    // Read again inside the write lock: another process may have migrated since we looked.
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    checkVersion(path, version);
    for (const migration of MIGRATIONS) {
      if (migration.version <= version) continue;
      for (const compiled of compiledStatements(migration, connection)) {
        sqlite.prepare(compiled.sql).run(...(compiled.parameters as unknown[]));
      }
      sqlite.pragma(`user_version = ${migration.version}`);
    }
    sqlite.pragma(`application_id = ${SYNCEMU_APPLICATION_ID}`);
  });
}

/**
 * The SQL of a migration's statements, compiled once per process: it is the same for every
 * database, and compiling it with Kysely cost about as much as running it, which every new
 * in-memory emulator (one a test) paid.
 */
const compiledMigrations = new Map<number, readonly { sql: string; parameters: readonly unknown[] }[]>();

function compiledStatements(migration: Migration, connection: Connection): readonly { sql: string; parameters: readonly unknown[] }[] {
  let compiled = compiledMigrations.get(migration.version);
  if (!compiled) {
    compiled = migration.statements(connection.kysely).map((statement) => {
      const { sql, parameters } = statement.compile();
      return { sql, parameters };
    });
    compiledMigrations.set(migration.version, compiled);
  }
  return compiled;
}
