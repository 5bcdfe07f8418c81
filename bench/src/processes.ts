import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** A server running in a child process. */
export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Extra node flags for the servers the bench starts, e.g. BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=bench/results'. */
function nodeFlags(): string[] {
  return (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '');
}

/** The `syncemu` CLI of the workspace (packages/core/dist/src/cli.js). */
export function syncemuCli(): string {
  return join(dirname(require.resolve('@syncemu/core')), 'cli.js');
}

/** `syncemu serve --db PATH --port 0`, ready when it prints its URL. */
export async function startSyncemu(database: string): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeFlags(), syncemuCli(), 'serve', '--db', database, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return childServer(child, await announcedUrl(child, 'syncemu serve', /syncemu listening on (http:\/\/\S+)/));
}

/** The ceiling server (ceiling-server.ts) over a JSON array of row texts. */
export async function startCeilingServer(rowsFile: string): Promise<ChildServer> {
  const script = new URL('./ceiling-server.js', import.meta.url);
  const child = spawn(process.execPath, [...nodeFlags(), fileURLToPath(script), rowsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  return childServer(child, await announcedUrl(child, 'the ceiling server', /listening on (http:\/\/\S+)/));
}

/** The ingest floor (ingest-ceiling-server.ts) over a new database at `database`. */
export async function startIngestCeiling(database: string): Promise<ChildServer> {
  const script = new URL('./ingest-ceiling-server.js', import.meta.url);
  const child = spawn(process.execPath, [...nodeFlags(), fileURLToPath(script), database], { stdio: ['ignore', 'pipe', 'pipe'] });
  return childServer(child, await announcedUrl(child, 'the ingest floor server', /listening on (http:\/\/\S+)/));
}

function announcedUrl(child: ChildProcess, name: string, pattern: RegExp): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`${name} did not listen within 60 s:\n${output}`)), 60_000).unref();
  });
}

/** json-server 0.17.4 over a db.json (a bench dev dependency), as its CLI runs it; --quiet turns off its per-request log. */
export async function startJsonServer(dbJson: string): Promise<ChildServer> {
  const bin = join(dirname(require.resolve('json-server/package.json')), 'lib', 'cli', 'bin.js');
  const version = (JSON.parse(readFileSync(join(dirname(require.resolve('json-server/package.json')), 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== '0.17.4') throw new Error(`json-server ${version} is installed; the bench compares against 0.17.4`);
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags(), bin, dbJson, '--port', String(port), '--host', '127.0.0.1', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`json-server exited (${child.exitCode}):\n${stderr}`);
    try {
      const response = await fetch(`${url}/jobs?_limit=1`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`json-server did not answer within 60 s:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return childServer(child, url);
}

function childServer(child: ChildProcess, url: string): ChildServer {
  return {
    url,
    pid: child.pid!,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in bytes: now and at its peak (Linux /proc; `ps` elsewhere, peak = max seen). */
export function residentSet(pid: number): { rss: number; peak?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib('VmRSS'), peak: kib('VmHWM') };
  } catch {
    return { rss: NaN };
  }
}

/** Polls the resident set of a process every `intervalMs` until stopped. */
export function watchMemory(pid: number, intervalMs = 100): { stop(): { samples: number[]; peak: number } } {
  const samples: number[] = [];
  let peak = 0;
  const take = () => {
    const { rss, peak: hwm } = residentSet(pid);
    if (Number.isFinite(rss)) samples.push(rss);
    peak = Math.max(peak, rss || 0, hwm ?? 0);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      take();
      clearInterval(timer);
      return { samples, peak };
    },
  };
}

let clockTicks: number | undefined;

/** Clock ticks a second (`getconf CLK_TCK`, the unit of /proc/<pid>/stat's CPU times). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** The fields of /proc/<pid>/stat after the command's name (field 3 is [0]). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc; NaN elsewhere). */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return NaN;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/**
 * CPU seconds used so far by a process and its children, those that ended included (PostgreSQL's
 * postmaster and its backends: the kernel adds a child's times to its parent's when it is reaped).
 */
export function treeCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return NaN;
  let ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = statFields(Number(entry));
    if (child && Number(child[1]) === pid) ticks += Number(child[11]) + Number(child[12]) + Number(child[13]) + Number(child[14]);
  }
  return ticks / ticksPerSecond();
}
