import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL for tests: `initdb` into a temporary folder, `pg_ctl start` on a free
 * port with a socket folder of its own, trust authentication, fsync off; `stop()` stops it
 * (immediate) and removes the folder. As root, the server runs as the `postgres` user
 * (PostgreSQL refuses to run as root). The binaries: SYNCEMU_PG_BIN, then PATH, then Debian's.
 */
export interface Postgres {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const DEBIAN_BIN = '/usr/lib/postgresql/15/bin';

function binary(name: string): string {
  const folder = process.env['SYNCEMU_PG_BIN'];
  if (folder) return join(folder, name);
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  if (existsSync(join(DEBIAN_BIN, name))) return join(DEBIAN_BIN, name);
  throw new Error(`PostgreSQL's ${name} was not found: install PostgreSQL 15 (Debian: apt-get install -y postgresql) or set SYNCEMU_PG_BIN to the folder of its binaries.`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<Postgres> {
  const folder = mkdtempSync(join(tmpdir(), 'syncemu-pg-'));
  const data = join(folder, 'data');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const group = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(folder, Number(ids), Number(group));
    chmodSync(folder, 0o700);
  }
  const run = (command: string, args: readonly string[]) => {
    const [file, argv] = asRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map(shellWord).join(' ')]] : [command, [...args]];
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
      if (started) run(binary('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  // a test process that ends without stop() (a failure, an uncaught error) leaves no server behind
  process.on('exit', stop);
  try {
    // the C locale: one every system has (the tests' texts compare with COLLATE "C" anyway)
    run(binary('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    run(binary('pg_ctl'), ['-D', data, '-l', join(folder, 'log'), '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, '-w', 'start']);
    started = true;
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop: async () => stop() };
  } catch (error) {
    stop();
    throw error;
  }
}

function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A new, empty database `name` on `server`: its URL (each suite, or each emulator, gets one of its own). */
export async function createDatabase(server: Postgres, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return server.url.replace(/\/postgres$/, `/${name}`);
}
