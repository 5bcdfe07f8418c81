import BetterSqlite3 from 'better-sqlite3';
import type { Connection } from '../database/sqlite.js';
import { LATEST_SCHEMA_VERSION, OLDEST_RESTORABLE_VERSION } from '../database/migrations.js';
import { SYNCEMU_APPLICATION_ID } from '../database/open-database.js';

/** The emulator's state, parents before children (foreign keys): what reset empties and a snapshot holds. */
const STATE_TABLES = ['settings', 'service_principals', 'templates', 'secrets', 'jobs', 'job_runs', 'job_schemas', 'job_events'] as const;
/** Settings a snapshot file carries about itself; never copied back into the emulator. */
const SNAPSHOT_KEY = 'syncemu.snapshot';

/** Why a snapshot file cannot be restored. */
export class SnapshotFileError extends Error {
  override readonly name = 'SnapshotFileError';
}

/**
 * The emulator's state as a whole: emptied (all of it, or one service principal's), copied into a
 * file of its own with SQLite's `VACUUM INTO` (a consistent, compact database: a snapshot), and
 * copied back from one (`ATTACH`, then every table replaced in one transaction), through the
 * store's own connection, so that other processes on the same file see the change at once.
 */
export class StateRepository {
  constructor(private readonly connection: Connection) {}

  /**
   * Deletes a service principal and what it holds (templates, secrets, jobs with their runs,
   * schemas and events, by cascade); without one, every service principal and the settings. Run inside a
   * transaction of the caller's.
   */
  clear(servicePrincipalId?: string): void {
    const sqlite = this.connection.sqlite;
    this.connection.localWrites++;
    if (servicePrincipalId === undefined) {
      // children first, each table whole: SQLite then drops its pages at once (the truncate
      // optimization) rather than deleting 10k rows one by one through the cascades
      for (const table of [...STATE_TABLES].reverse()) sqlite.prepare(`delete from ${table}`).run();
    } else {
      sqlite.prepare('delete from service_principals where id = ?').run(servicePrincipalId);
    }
  }

  /** Copies the whole database into `path` (which must not exist), with `meta` kept inside it. */
  snapshot(path: string, meta: Readonly<Record<string, unknown>>): void {
    this.connection.sqlite.prepare('vacuum into ?').run(path);
    const copy = new BetterSqlite3(path);
    try {
      copy.prepare('insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value').run(SNAPSHOT_KEY, JSON.stringify(meta));
    } finally {
      copy.close();
    }
  }

  /** What `snapshot` kept in a snapshot file, or undefined when the file is not a syncemu snapshot. */
  static readMeta(path: string): Record<string, unknown> | undefined {
    let copy: BetterSqlite3.Database | undefined;
    try {
      copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
      const row = copy.prepare('select value from settings where key = ?').get(SNAPSHOT_KEY) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    } finally {
      copy?.close();
    }
  }

  /** Replaces every row of the emulator's tables with the snapshot file's, in one transaction. */
  restore(path: string): void {
    const sqlite = this.connection.sqlite;
    sqlite.prepare("attach database ? as snapshot").run(path);
    try {
      const applicationId = sqlite.pragma('snapshot.application_id', { simple: true });
      const version = sqlite.pragma('snapshot.user_version', { simple: true });
      if (applicationId !== SYNCEMU_APPLICATION_ID || typeof version !== 'number' || version < OLDEST_RESTORABLE_VERSION || version > LATEST_SCHEMA_VERSION) {
        throw new SnapshotFileError(`'${path}' is not a snapshot this syncemu version can restore (application_id ${String(applicationId)}, schema ${String(version)}; this build restores schemas ${OLDEST_RESTORABLE_VERSION} to ${LATEST_SCHEMA_VERSION}).`);
      }
      // whole tables replaced from a consistent copy, children after parents: nothing can dangle
      this.connection.withoutForeignKeys(() => this.copyFromSnapshot());
    } finally {
      sqlite.prepare('detach database snapshot').run();
    }
  }

  /** Every table of the emulator from the attached snapshot, in one transaction. */
  private copyFromSnapshot(): void {
    const sqlite = this.connection.sqlite;
    this.connection.transaction(() => {
      for (const table of [...STATE_TABLES].reverse()) sqlite.prepare(`delete from main.${table}`).run();
      for (const table of STATE_TABLES) {
        // a snapshot of an older schema lacks the tables added since (migrations' addsTables): they stay empty
        if (!sqlite.prepare(`select 1 from snapshot.sqlite_master where type = 'table' and name = ?`).get(table)) continue;
        // generated columns (jobs.status_code) are computed again, not copied
        const columns = (sqlite.prepare(`select name from pragma_table_xinfo(?, 'main') where hidden = 0`).all(table) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
        const skip = table === 'settings' ? ` where key <> '${SNAPSHOT_KEY}'` : '';
        sqlite.prepare(`insert into main.${table} (${columns}) select ${columns} from snapshot.${table}${skip}`).run();
      }
    });
  }

  /** How many jobs the emulator holds. */
  jobCount(): number {
    return (this.connection.sqlite.prepare('select count(*) as n from jobs').get() as { n: number }).n;
  }
}
