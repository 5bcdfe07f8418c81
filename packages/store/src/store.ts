import { createHash } from 'node:crypto';
import type { Connection } from './database/sqlite.js';
import { openDatabase } from './database/open-database.js';
import { JobRepository } from './repositories/job-repository.js';
import { ServicePrincipalRepository } from './repositories/service-principal-repository.js';
import { RunRepository } from './repositories/run-repository.js';
import { EventRepository } from './repositories/event-repository.js';
import { StateRepository } from './repositories/state-repository.js';

export interface Store {
  readonly path: string;
  readonly jobs: JobRepository;
  readonly servicePrincipals: ServicePrincipalRepository;
  readonly runs: RunRepository;
  /** The last events of each job's life (a ring a job). */
  readonly events: EventRepository;
  /** The state as a whole: reset, snapshots. */
  readonly state: StateRepository;
  /** Emulator-wide settings stored in the database (`tenantId`...). */
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
  /** Runs `work` as one transaction (BEGIN IMMEDIATE): every write in it lands, or none does. */
  transaction<T>(work: () => T): T;
  /** A write transaction begun by hand (BEGIN IMMEDIATE), for callers that await inside it: end it with {@link endWrite}. */
  beginWrite(): void;
  /** Commits (true) or rolls back (false) what {@link beginWrite} began. */
  endWrite(commit: boolean): void;
  /** A read transaction begun by hand, for callers that await inside it: end it with {@link endRead}. */
  beginRead(): void;
  endRead(): void;
  /** Foreign keys on or off (outside any transaction), for work that empties whole tables. */
  foreignKeys(on: boolean): void;
  /** Runs `work`, which must only read, in one read transaction (one consistent view). */
  read<T>(work: () => T): T;
  /**
   * Runs `work` with foreign keys off (outside any transaction: SQLite ignores the pragma inside
   * one), for work that empties whole tables, children first (reset), so SQLite truncates them.
   */
  withoutForeignKeys<T>(work: () => T): T;
  /** A SHA-256 of every row of every table, to show that a request changed nothing. */
  digest(): string;
  close(): void;
}

/**
 * Opens a syncemu store on a file (created if missing; WAL) or `':memory:'`.
 * @example
 * const store = openStore(':memory:');
 * store.transaction(() => store.servicePrincipals.ensure(spId, new Date().toISOString()));
 */
export function openStore(path: string): Store {
  const connection = openDatabase(path);
  return {
    path,
    jobs: new JobRepository(connection),
    servicePrincipals: new ServicePrincipalRepository(connection),
    runs: new RunRepository(connection),
    events: new EventRepository(connection),
    state: new StateRepository(connection),
    getSetting: (key) =>
      connection.first<{ value: string }>(connection.kysely.selectFrom('settings').select('value').where('key', '=', key).compile())?.value,
    setSetting: (key, value) => {
      connection.run(
        connection.kysely
          .insertInto('settings')
          .values({ key, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .compile(),
      );
    },
    transaction: (work) => connection.transaction(work),
    beginWrite: () => connection.beginWrite(),
    endWrite: (commit) => connection.endWrite(commit),
    read: (work) => connection.read(work),
    beginRead: () => connection.beginRead(),
    endRead: () => connection.endRead(),
    foreignKeys: (on) => connection.foreignKeys(on),
    withoutForeignKeys: (work) => connection.withoutForeignKeys(work),
    digest: () => digest(connection),
    close: () => connection.close(),
  };
}

function digest(connection: Connection): string {
  const hash = createHash('sha256');
  const tables = connection.sqlite
    .prepare(`select name, sql like '%without rowid%' as withoutRowid from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
    .all() as { name: string; withoutRowid: number }[];
  for (const { name, withoutRowid } of tables) {
    hash.update(`table ${name}\n`);
    // Table names come from sqlite_master, never from a request. A table without rowid is read in
    // the order of its primary key (its own b-tree's order).
    for (const row of connection.sqlite.prepare(`select * from "${name}"${withoutRowid ? '' : ' order by rowid'}`).iterate()) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
