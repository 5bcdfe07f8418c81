import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './load.js';
import { startIngestCeiling, startSyncemu, watchMemory } from './processes.js';
import { formatMegabytes, formatRate, formatRatio, formatTime, met, type Row } from './report.js';
import type { Context } from './scenarios.js';

const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const JOBS_PER_SERVICE_PRINCIPAL = 100;
const spId = (index: number) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

/**
 * A fixture file of `jobs` jobs (100 a service principal, every fourth without an id, the rest
 * running or paused, some with settings), written once into bench/.data/fixture-N.json.
 */
async function ensureFixture(jobs: number, cacheDir: string, log: (line: string) => void): Promise<string> {
  const path = join(cacheDir, `fixture-${jobs}.v1.json`);
  if (existsSync(path)) return path;
  log(`writing a fixture of ${jobs.toLocaleString('en-US')} jobs to ${path}…`);
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write('{"tenantId":"0b5e2f0e-1c5a-4c7b-8a0e-1f2d3c4b5a69","servicePrincipals":[\n');
  for (let sp = 0; sp < jobs / JOBS_PER_SERVICE_PRINCIPAL; sp++) {
    const list = Array.from({ length: JOBS_PER_SERVICE_PRINCIPAL }, (_, i) =>
      JSON.stringify({
        ...(i % 4 !== 0 && { id: `scim.job-${sp}-${i}` }),
        templateId: 'scim',
        schedule: { state: i % 3 === 0 ? 'Disabled' : 'Active', interval: 'PT40M' },
        ...(i % 10 === 0 && { synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }] }),
      }),
    );
    await write(`${sp ? ',\n' : ''}{"id":"${spId(sp)}","displayName":"app ${sp}","jobs":[\n${list.join(',\n')}]}`);
  }
  await write(']}\n');
  await new Promise<void>((resolve) => out.end(() => resolve()));
  execFileSync('mv', [partial, path]);
  return path;
}

interface Seeding {
  readonly ms: number;
  readonly jobs: number;
  readonly peak: number;
}

function seedInChild(mode: 'stream' | 'whole', fixture: string, tmp: string): Seeding {
  const database = join(tmp, `ingest-${mode}.sqlite`);
  const clean = () => [database, `${database}-wal`, `${database}-shm`].forEach((file) => rmSync(file, { force: true }));
  clean();
  const child = fileURLToPath(new URL('./ingest-child.js', import.meta.url));
  const out = execFileSync(process.execPath, [child, mode, fixture, database], { encoding: 'utf8', timeout: 3_600_000 });
  clean();
  return JSON.parse(out.trim().split('\n').at(-1)!) as Seeding;
}

/**
 * 12. Ingest at scale (issue 14): a fixture file seeded as `syncemu seed` does (streamed), against
 * the same file read whole and seeded as a value; its peak memory at 1M jobs against 100k (flat
 * when streamed); and 100k jobs POSTed over HTTP to `syncemu serve`, against a bare node:http
 * server inserting each into SQLite.
 */
export async function ingestScenario(ctx: Context): Promise<Row[]> {
  const size = ctx.quick ? 10_000 : 100_000;
  const rows: Row[] = [];
  const fixture = await ensureFixture(size, ctx.cacheDir, ctx.log);
  const megabytes = statSync(fixture).size / 1e6;
  ctx.log(`12. seeding a ${k(size)}-job fixture file (${megabytes.toFixed(0)} MB): streamed, and read whole`);
  const stream = seedInChild('stream', fixture, ctx.tmp);
  const whole = seedInChild('whole', fixture, ctx.tmp);
  if (stream.jobs !== size || whole.jobs !== size) throw new Error(`seeding: ${stream.jobs} and ${whole.jobs} jobs, not ${size}`);
  rows.push({
    id: 'ingest-seed',
    scenario: `12. seed a ${k(size)}-job fixture file (streamed)`,
    median: formatRate((size / stream.ms) * 1000, ' jobs/s'),
    p95: `${formatMegabytes(stream.peak)} peak`,
    baseline: `${formatRate((size / whole.ms) * 1000, ' jobs/s')} whole`,
    ratio: formatRatio(whole.ms / stream.ms),
    target: 'report',
    met: '—',
    note: `emulator.seedFile() (what \`syncemu seed\` and \`serve --seed\` run) of a ${megabytes.toFixed(0)} MB file of ${size.toLocaleString('en-US')} jobs (${JOBS_PER_SERVICE_PRINCIPAL} a service principal, a quarter without ids, two thirds running), in a process of its own, into a new file database: ${formatTime(stream.ms)}, peak resident set ${formatMegabytes(stream.peak)}. baseline: the same file read and JSON.parse-d whole, then emulator.seed(value): ${formatTime(whole.ms)}, peak ${formatMegabytes(whole.peak)}. ratio: the baseline's time over the streamed one's.`,
    raw: { stream, whole, megabytes },
  });

  if (!ctx.quick) {
    const big = await ensureFixture(1_000_000, ctx.cacheDir, ctx.log);
    ctx.log('12. seeding a 1M-job fixture file, streamed');
    const large = seedInChild('stream', big, ctx.tmp);
    if (large.jobs !== 1_000_000) throw new Error(`seeding 1M: ${large.jobs} jobs`);
    const ratio = large.peak / stream.peak;
    rows.push({
      id: 'ingest-seed-1m',
      scenario: '12. seed a 1M-job fixture file (streamed): peak memory',
      median: `${formatMegabytes(large.peak)} peak`,
      p95: formatRate((1_000_000 / large.ms) * 1000, ' jobs/s'),
      baseline: `${formatMegabytes(stream.peak)} at ${k(size)}`,
      ratio: formatRatio(ratio),
      target: '≤ 1.5×',
      met: met(ratio <= 1.5),
      note: `the same, 1,000,000 jobs (${(statSync(big).size / 1e6).toFixed(0)} MB file) in ${formatTime(large.ms)}: the peak resident set against the ${k(size)} file's. Flat: the file is read a megabyte at a time and one job is held at once (the whole file read at once would hold it and a million parsed jobs).`,
      raw: { large, ratio },
    });
  }

  const posts = size;
  ctx.log(`12. POSTing ${k(posts)} jobs over HTTP to syncemu serve, and to the floor server`);
  const results: Record<string, { rate: number; peak: number; p95: number }> = {};
  for (const which of ['syncemu', 'floor'] as const) {
    const database = join(ctx.tmp, `posts-${which}.sqlite`);
    const server = which === 'syncemu' ? await startSyncemu(database) : await startIngestCeiling(database);
    const memory = watchMemory(server.pid);
    try {
      const url = `${server.url}${which === 'syncemu' ? `/v1.0/servicePrincipals/${SP}/synchronization/jobs` : '/jobs'}`;
      const result = await load({ url, connections: 10, duration: 0, amount: posts, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ templateId: 'scim' }) });
      if (result.non2xx > 0 || result.errors > 0 || result.total !== posts) throw new Error(`${which}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.total} of ${posts}`);
      if (which === 'syncemu') {
        const counted = await (await fetch(`${url}/$count`)).text();
        if (Number(counted) !== posts) throw new Error(`syncemu holds ${counted} jobs after ${posts} POSTs`);
      }
      results[which] = { rate: result.requestsPerSecond, peak: memory.stop().peak, p95: result.latencyP95 };
    } finally {
      memory.stop();
      await server.stop();
      [database, `${database}-wal`, `${database}-shm`].forEach((file) => rmSync(file, { force: true }));
    }
  }
  const ours = results['syncemu']!;
  const floor = results['floor']!;
  rows.push({
    id: 'ingest-http',
    scenario: `12. POST ${k(posts)} jobs over HTTP to syncemu serve`,
    median: formatRate(ours.rate, ' req/s'),
    p95: `${formatMegabytes(ours.peak)} peak`,
    baseline: `${formatRate(floor.rate, ' req/s')} floor`,
    ratio: formatRatio(ours.rate / floor.rate),
    target: 'report',
    met: '—',
    note: `autocannon, 10 connections, exactly ${posts.toLocaleString('en-US')} POSTs of {"templateId":"scim"} to \`syncemu serve\` on a new file database (every one 201, then $count = ${posts.toLocaleString('en-US')}); latency p95 ${ours.p95} ms; peak resident set of the server ${formatMegabytes(ours.peak)}. baseline: a bare node:http server that parses each body and inserts a job row with one prepared statement into the same schema (no routing, checks or Graph payload): ${formatRate(floor.rate, ' req/s')}, peak ${formatMegabytes(floor.peak)}.`,
    raw: { syncemu: ours, floor },
  });
  return rows;
}
