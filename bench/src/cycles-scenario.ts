import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator } from '@syncemu/core';
import { formatMegabytes, formatRatio, formatTime, met, type Row } from './report.js';
import type { Context } from './scenarios.js';

/** Where the manual clock of every running data set starts (and was when it was seeded). */
const START = '2026-01-05T00:00:00Z';
/** Bump when the seeded jobs change: cached sets of another version are rebuilt. */
const GENERATOR_VERSION = 1;
/** Jobs per service principal: a tenant of many apps, each with a few provisioning jobs. */
const JOBS_PER_SERVICE_PRINCIPAL = 100;
const SEED_CHUNK = 10_000;

const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

/** A service principal's GUID from its index: 00000000-0000-4000-8000-00000000002a for 42. */
const spId = (index: number) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

/**
 * A file database of `jobs` running jobs (schedule Active, 100 a service principal, the SCIM
 * template), seeded through the product on a manual clock at START, so that every job's initial
 * cycle falls due at one instant (the case of issue 14). Cached in bench/.data/running-N.sqlite.
 */
export async function ensureRunning(jobs: number, cacheDir: string, log: (line: string) => void): Promise<{ path: string; megabytes: number }> {
  const path = join(cacheDir, `running-${jobs}.sqlite`);
  const stamp = `${path}.json`;
  const expected = JSON.stringify({ generator: GENERATOR_VERSION, jobs, start: START });
  if (existsSync(path) && existsSync(stamp) && readFileSync(stamp, 'utf8') === expected) return { path, megabytes: statSync(path).size / 1e6 };
  log(`seeding ${jobs.toLocaleString('en-US')} running jobs into ${path}…`);
  const started = performance.now();
  const building = `${path}.building`;
  for (const file of [building, `${building}-wal`, `${building}-shm`]) rmSync(file, { force: true });
  const emulator = createEmulator({ database: building, clock: { kind: 'manual', start: START } });
  for (let first = 0; first < jobs; first += SEED_CHUNK) {
    const servicePrincipals = [];
    for (let sp = first / JOBS_PER_SERVICE_PRINCIPAL; sp < Math.min(first + SEED_CHUNK, jobs) / JOBS_PER_SERVICE_PRINCIPAL; sp++) {
      servicePrincipals.push({
        id: spId(sp),
        jobs: Array.from({ length: JOBS_PER_SERVICE_PRINCIPAL }, (_, i) => ({ id: `scim.job-${sp}-${i}`, templateId: 'scim', schedule: { state: 'Active' } })),
      });
    }
    await emulator.seed({ servicePrincipals });
  }
  await emulator.close();
  renameSync(building, path);
  writeFileSync(stamp, expected);
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { path, megabytes: statSync(path).size / 1e6 };
}

interface Advance {
  readonly ms: number;
  readonly cycles: number;
  readonly rssBefore: number;
  readonly peak: number;
}

/** Advances a fresh copy of `path` by `duration` in a child process (cycles-child.ts). */
function advanceCopy(path: string, duration: string, tmp: string): Advance {
  const copy = join(tmp, 'running-copy.sqlite');
  for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(file, { force: true });
  copyFileSync(path, copy);
  const child = fileURLToPath(new URL('./cycles-child.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', child, copy, duration, START], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 3_600_000 });
  for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(file, { force: true });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Advance;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * 11. Jobs that live, at scale (issue 14): one simulated day over 1k, 10k, 100k (and 1M in the
 * full run) running jobs on a file database, as cost per job-day against the same at 1k; and
 * catching up a 30-day stop at 100k (10k with --quick), its time and peak memory against 10k's.
 */
export async function cyclesScenario(ctx: Context): Promise<Row[]> {
  const sizes = ctx.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
  const runsOf = (n: number) => (n <= 1_000 ? 5 : n <= 10_000 ? 3 : 1);
  const days = new Map<number, Advance & { runs: number }>();
  const sets = new Map<number, { path: string; megabytes: number }>();
  for (const n of sizes) {
    const set = await ensureRunning(n, ctx.cacheDir, ctx.log);
    sets.set(n, set);
    ctx.log(`11. a simulated day over ${k(n)} running jobs (${runsOf(n)} run${runsOf(n) > 1 ? 's' : ''})`);
    const runs = Array.from({ length: runsOf(n) }, () => advanceCopy(set.path, 'P1D', ctx.tmp));
    const ms = median(runs.map((run) => run.ms));
    days.set(n, { ...runs.find((run) => run.ms === ms)!, runs: runs.length });
  }
  const base = days.get(1_000)!;
  const perJob = (n: number) => days.get(n)!.ms / n;
  const rows: Row[] = sizes.map((n) => {
    const day = days.get(n)!;
    const ratio = perJob(n) / perJob(1_000);
    const target = n === 1_000 ? 'baseline' : n >= 1_000_000 ? '≤ 2×' : '≤ 1.5×';
    return {
      id: `cycles-day-${k(n)}`,
      scenario: `11. a simulated day per running job, ${k(n)} (file)`,
      median: formatTime(perJob(n)),
      p95: formatTime(day.ms),
      baseline: `${formatTime(perJob(1_000))} at 1k`,
      ratio: formatRatio(ratio),
      target,
      met: n === 1_000 ? '—' : met(ratio <= (n >= 1_000_000 ? 2 : 1.5)),
      note: `clock.advance('P1D') over ${n.toLocaleString('en-US')} jobs started at one instant (their initial cycles all due together), ${JOBS_PER_SERVICE_PRINCIPAL} a service principal, on a copy of a ${sets.get(n)!.megabytes.toFixed(0)} MB file database, in a process of its own after a warm-up (median of ${day.runs}): ${day.cycles.toLocaleString('en-US')} cycles in ${formatTime(day.ms)} (the p95 column: the whole day), ${(day.cycles / n).toFixed(1)} a job; cost per job-day against the same at 1k.`,
      raw: { jobs: n, perJobMs: perJob(n), dayMs: day.ms, cycles: day.cycles, ratio },
    };
  });

  const catchUpSize = ctx.quick ? 10_000 : 100_000;
  ctx.log(`11. catching up a 30-day stop over ${k(catchUpSize)} running jobs (and 10k)`);
  const small = advanceCopy(sets.get(10_000)!.path, 'P30D', ctx.tmp);
  const large = catchUpSize === 10_000 ? small : advanceCopy(sets.get(catchUpSize)!.path, 'P30D', ctx.tmp);
  const growth = (run: Advance) => Math.max(run.peak - run.rssBefore, 0);
  const memoryRatio = growth(large) / Math.max(growth(small), 1);
  rows.push({
    id: 'cycles-catch-up',
    scenario: `11. catch up a 30-day stop, ${k(catchUpSize)} running jobs (file)`,
    median: formatTime(large.ms),
    p95: `+${formatMegabytes(growth(large))} peak`,
    baseline: `+${formatMegabytes(growth(small))} at 10k`,
    ratio: formatRatio(memoryRatio),
    target: 'memory ≤ 1.5×',
    met: met(memoryRatio <= 1.5 || growth(large) < 32 * 1024 * 1024),
    note: `clock.advance('P30D') over ${catchUpSize.toLocaleString('en-US')} running jobs: ${large.cycles.toLocaleString('en-US')} cycles (each job's initial cycle, then its incremental ones, uneventful runs fast-forwarded) in ${formatTime(large.ms)}; the process's resident set grew by ${formatMegabytes(growth(large))} at its peak (VmHWM over VmRSS before), against ${formatMegabytes(growth(small))} for 10k jobs (${formatTime(small.ms)}): memory flat in the number of jobs (met also under 32 MB).`,
    raw: { large, small, memoryRatio },
  });
  return rows;
}
