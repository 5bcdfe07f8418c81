import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '@syncemu/store';
import type { Dataset } from './data.js';
import { freePort } from './processes.js';
import { openSqlite } from './sqlite.js';

/**
 * A throwaway PostgreSQL for the bench: `initdb` into a temporary folder, `pg_ctl start` on a free
 * port with a socket folder of its own, trust authentication. Unlike the tests' (which turn
 * fsync and synchronous_commit off for speed), it runs with PostgreSQL's durable defaults: fsync,
 * synchronous_commit and full_page_writes on, so a create is acknowledged after its WAL is flushed,
 * as on a real server. As root, the server runs as the `postgres` user. The binaries are found (or
 * installed, as root with apt-get) by scripts/ensure-postgres.mjs, as the test runner does.
 */
export interface BenchPostgres {
  readonly url: string;
  readonly version: string;
  /** The settings it runs with (`show …`), for the JSON. */
  readonly settings: Record<string, string>;
  /** The postmaster's process id (its backends are its children). */
  readonly pid: number;
  stop(): void;
}

/** The folder of initdb and pg_ctl (SYNCEMU_PG_BIN, PATH, Debian's; installed with apt-get when missing and root). */
async function postgresBin(): Promise<string> {
  const script = new URL('../../../scripts/ensure-postgres.mjs', import.meta.url).href;
  const { ensurePostgres } = (await import(script)) as { ensurePostgres: () => string };
  return ensurePostgres();
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const bin = await postgresBin();
  const folder = mkdtempSync(join(tmpdir(), 'syncemu-bench-pg-'));
  const data = join(folder, 'data');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    const user = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const group = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(folder, user, group);
    chmodSync(folder, 0o700);
  }
  const run = (command: string, args: readonly string[]) => {
    const path = join(bin, command);
    const [file, argv] = asRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', [path, ...args].map(shellWord).join(' ')]] : [path, [...args]];
    const result = spawnSync(file, argv as string[], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stdout}${result.stderr}`);
  };
  let started = false;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      if (started) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  // a bench that fails half way leaves no server behind
  process.on('exit', stop);
  try {
    // --no-sync only skips initdb's own final flush; the server itself runs with the defaults
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    run('pg_ctl', ['-D', data, '-l', join(folder, 'log'), '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1`, '-w', 'start']);
    started = true;
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const settings: Record<string, string> = {};
      for (const name of ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_connections']) {
        settings[name] = ((await client.query<Record<string, string>>(`show ${name}`)).rows[0] ?? {})[name] ?? '';
      }
      if (settings['fsync'] !== 'on' || settings['synchronous_commit'] !== 'on') throw new Error(`the bench's PostgreSQL must be durable: fsync ${settings['fsync']}, synchronous_commit ${settings['synchronous_commit']}`);
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return { url, version: settings['server_version']!, settings, pid, stop };
    } finally {
      await client.end();
    }
  } catch (error) {
    stop();
    throw error;
  }
}

function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A data set copied into a PostgreSQL database. */
export interface PostgresDataset {
  readonly url: string;
  readonly jobs: number;
  /** The largest seq after the load: rows above it were created by a scenario (removed by {@link restorePostgresDataset}). */
  readonly maxSeq: number;
  readonly loadSeconds: number;
  /** The size of the jobs table with its TOAST and indexes (pg_total_relation_size). */
  readonly megabytes: number;
}

/**
 * Copies a SQLite data set (data.ts) into a new database `name` on `server`: the schema made by the
 * product (`openPostgresStore` migrates it), then its service principals and every job in seq order
 * (multi-row INSERTs of 1,000 rows through unnest; `doc` and `status_code` are generated by
 * PostgreSQL), in one transaction, then VACUUM ANALYZE and a CHECKPOINT.
 */
export async function loadPostgresDataset(server: BenchPostgres, name: string, dataset: Dataset): Promise<PostgresDataset> {
  const started = performance.now();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  const store = await openPostgresStore(url);
  await store.close();

  const reader = openSqlite(dataset.path, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: url, options: '-c search_path=syncemu' });
  await client.connect();
  try {
    await client.query('begin');
    const principals = reader.prepare('select id, app_id, display_name, registered, created_at from service_principals order by id').all() as {
      id: string;
      app_id: string | null;
      display_name: string | null;
      registered: number;
      created_at: string;
    }[];
    for (const sp of principals) {
      await client.query('insert into service_principals (id, app_id, display_name, registered, created_at) values ($1, $2, $3, $4, $5)', [
        sp.id,
        sp.app_id,
        sp.display_name,
        sp.registered !== 0,
        sp.created_at,
      ]);
    }
    const batch = reader.prepare('select service_principal_id, id, template_id, body from jobs where seq > ? and seq <= ? order by seq');
    const insert = {
      name: 'bench-load-jobs',
      text: 'insert into jobs (service_principal_id, id, template_id, body) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])',
    };
    const size = 1000;
    for (let from = 0; from < dataset.jobs; from += size) {
      const rows = batch.all(from, from + size) as { service_principal_id: string; id: string; template_id: string; body: string }[];
      await client.query({
        ...insert,
        values: [rows.map((row) => row.service_principal_id), rows.map((row) => row.id), rows.map((row) => row.template_id), rows.map((row) => row.body)],
      });
    }
    await client.query('commit');
    // statistics for the planner, and the loaded pages written out now rather than during a measurement
    await client.query('vacuum analyze');
    await client.query('checkpoint');
    const stats = (await client.query<{ n: string; max_seq: string; bytes: string }>(`select count(*) as n, max(seq) as max_seq, pg_total_relation_size('jobs') as bytes from jobs`)).rows[0]!;
    if (Number(stats.n) !== dataset.jobs) throw new Error(`PostgreSQL holds ${stats.n} jobs after loading ${dataset.jobs}`);
    return { url, jobs: dataset.jobs, maxSeq: Number(stats.max_seq), loadSeconds: (performance.now() - started) / 1000, megabytes: Number(stats.bytes) / 1e6 };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
    reader.close();
  }
}

/**
 * Removes the jobs scenarios created (seq above the loaded ones; their runs, schemas and events
 * cascade), then vacuums and checkpoints. `check` (default) then requires exactly the loaded jobs:
 * turn it off while servers may still be committing the last creates of a load run.
 */
export async function restorePostgresDataset(data: PostgresDataset, { check = true } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: data.url, options: '-c search_path=syncemu' });
  await client.connect();
  try {
    await client.query('delete from jobs where seq > $1', [data.maxSeq]);
    const { n } = (await client.query<{ n: string }>('select count(*) as n from jobs')).rows[0]!;
    if (check && Number(n) !== data.jobs) throw new Error(`PostgreSQL holds ${n} jobs after the restore, not ${data.jobs}`);
    await client.query('vacuum analyze jobs');
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
}

type Query = (...args: unknown[]) => unknown;

/** A statement the product sent: its text, and whether it was a named (prepared once, planned once) statement. */
export interface SentStatement {
  readonly sql: string;
  readonly named: boolean;
}

/**
 * The statements `work` sends to PostgreSQL from this process (each one round trip: pg sends a
 * statement's Parse, Bind, Execute and Sync together, and a text of several statements as one
 * simple query), counted by wrapping pg.Client's query while it runs: the store's `pg` is the
 * same module as the bench's.
 */
export async function countStatements(work: () => Promise<unknown>): Promise<SentStatement[]> {
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  const seen: SentStatement[] = [];
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; name?: string };
    const sql = typeof first === 'string' ? first : String(first.text);
    seen.push({ sql: sql.replace(/\s+/g, ' ').trim(), named: typeof first === 'object' && first.name !== undefined });
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return seen;
}
