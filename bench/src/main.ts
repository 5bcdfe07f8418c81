#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--only KEYS] [--update-readme] [--check]`: builds (or reuses) the data
 * sets, runs every scenario of issues 3, 5, 13, 14 and 16, prints the table and writes it as JSON.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LATEST_SCHEMA_VERSION } from '@syncemu/store';
import { ensureDataset, type Dataset } from './data.js';
import { growthScenario, httpScenario, inProcessScenarios, memoryScenario, sinkValue, type Budgets, type Context } from './scenarios.js';
import { controlScenario } from './control-scenario.js';
import { cyclesScenario } from './cycles-scenario.js';
import { ingestScenario } from './ingest-scenario.js';
import { postgresScenario } from './postgres-scenario.js';
import { markdownNotes, markdownTable, replaceBetweenMarkers, writeJson, type Row } from './report.js';
import { openSqlite } from './sqlite.js';

const HELP = `Usage: pnpm bench [--quick] [--only KEYS] [--update-readme] [--check]

Runs syncemu's benchmark scenarios (issues 3, 5, 13, 14 and 16), each next to a baseline measured in
the same run, prints a table and writes it to bench/results/latest.json (latest-quick.json with
--quick; latest-only.json with --only, so a partial run never replaces a whole one).

  --quick          10k jobs instead of 100k, no 1M work, fewer samples, 1 s load runs (< 1 min)
  --only KEYS      comma-separated subset: get,list,nested,paging,create,fresh,growth,http,memory,control,cycles,ingest,postgres
  --update-readme  write the table into README.md between <!-- bench:start --> and <!-- bench:end -->
  --check          exit with status 1 when a target is missed
  -h, --help

Data sets are cached in bench/.data/ (a 1M-job database is about 2.7 GB and takes about 1-2 min
to build the first time). The postgres scenario starts a throwaway PostgreSQL 15 (initdb and pg_ctl
found as the tests find them: SYNCEMU_PG_BIN, PATH, Debian's). BENCH_NODE_FLAGS is passed to the
server processes (e.g. BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=bench/results').
`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'update-readme': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const KEYS = ['get', 'list', 'nested', 'paging', 'create', 'fresh', 'growth', 'http', 'memory', 'control', 'cycles', 'ingest', 'postgres'] as const;
const chosen = values.only?.split(',').map((key) => key.trim()).filter((key) => key !== '');
for (const key of chosen ?? []) {
  if (!(KEYS as readonly string[]).includes(key)) {
    process.stderr.write(`bench: unknown scenario '${key}'; one of ${KEYS.join(', ')}\n`);
    process.exit(2);
  }
}
const only = (key: string) => !chosen || chosen.includes(key);
const quick = values.quick;

const benchDir = fileURLToPath(new URL('../../', import.meta.url));
const repoDir = join(benchDir, '..');
const cacheDir = join(benchDir, '.data');
// a partial run (--only) never replaces the whole run's results
const resultsPath = join(benchDir, 'results', chosen ? 'latest-only.json' : quick ? 'latest-quick.json' : 'latest.json');
const started = performance.now();
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

const budgets: Budgets = quick
  ? {
      micro: { time: 150, iterations: 200, warmupTime: 100, warmupIterations: 50, rounds: 1 },
      normal: { time: 250, iterations: 30, warmupTime: 100, warmupIterations: 10, rounds: 1 },
      heavy: { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 1, rounds: 1 },
    }
  : {
      micro: { time: 1000, iterations: 1000, warmupTime: 500, warmupIterations: 200, rounds: 3 },
      normal: { time: 1000, iterations: 100, warmupTime: 300, warmupIterations: 20, rounds: 3 },
      heavy: { time: 0, iterations: 7, warmupTime: 0, warmupIterations: 1, rounds: 1 },
    };

function machine(): Record<string, unknown> {
  const run = (command: string) => {
    try {
      return execSync(command, { cwd: repoDir, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trimEnd();
    } catch {
      return undefined;
    }
  };
  const db = openSqlite(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
    freeH: run('free -h'),
    node: process.version,
    sqlite,
    platform: `${platform()} ${release()}`,
    commit: run('git rev-parse --short HEAD'),
    dirty: run('git status --porcelain -- packages') ? 'uncommitted changes in packages/' : 'clean',
    schemaVersion: LATEST_SCHEMA_VERSION,
    pageFaultMicroseconds: pageFaultCost(),
  };
}

/**
 * What one minor page fault costs here (µs; best of 5 × 4,096 fresh pages; Linux only): every
 * JavaScript string of 128 KiB or more (a list page of 100 jobs) is a fresh mapping whose pages
 * fault on first touch, so this figure moves the list and HTTP scenarios.
 */
function pageFaultCost(): number | undefined {
  const faults = () => {
    try {
      return Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[7]);
    } catch {
      return NaN;
    }
  };
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const before = faults();
    const started = performance.now();
    const bytes = new Uint8Array(4096 * 4096);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
    const micros = (performance.now() - started) * 1000;
    const count = faults() - before;
    if (count > 1000) best = Math.min(best, micros / count);
  }
  return Number.isFinite(best) ? Math.round(best * 100) / 100 : undefined;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'syncemu-bench-'));
  try {
    const needsMain = KEYS.slice(0, 6).some(only) || only('postgres');
    const needsBig = !quick && (only('growth') || only('memory'));
    const small = await ensureDataset(10_000, cacheDir, log);
    const main: Dataset = quick || !needsMain ? small : await ensureDataset(100_000, cacheDir, log);
    const big = needsBig ? await ensureDataset(1_000_000, cacheDir, log) : undefined;
    const ctx: Context = {
      quick,
      main,
      small,
      ...(big && { big }),
      budgets,
      httpSeconds: quick ? 1 : 5,
      memorySeconds: quick ? 3 : 30,
      tmp,
      cacheDir,
      log,
    };
    const rows: Row[] = [];
    const gc = (globalThis as { gc?: () => void }).gc;
    rows.push(...(await inProcessScenarios(ctx, only)));
    gc?.();
    if (only('growth')) rows.push(...(await growthScenario(ctx)));
    gc?.();
    if (only('http')) rows.push(...(await httpScenario(ctx)));
    if (only('memory')) rows.push(...(await memoryScenario(ctx)));
    if (only('control')) rows.push(...(await controlScenario(ctx)));
    if (only('cycles')) rows.push(...(await cyclesScenario(ctx)));
    if (only('ingest')) rows.push(...(await ingestScenario(ctx)));
    if (only('postgres')) rows.push(...(await postgresScenario(ctx)));

    const order = (row: Row) => Number(/^(\d+)\./.exec(row.scenario)?.[1] ?? 99);
    rows.sort((a, b) => order(a) - order(b));
    const info = machine();
    const seconds = (performance.now() - started) / 1000;
    const table = markdownTable(rows);
    const header =
      `${quick ? 'Quick run (--quick: 10k jobs, no 1M work, fewer samples)' : 'Full run'}${chosen ? ` of ${chosen.join(', ')} only` : ''} of ${new Date().toISOString().slice(0, 10)}, ` +
      `commit ${String(info['commit'])} (${String(info['dirty'])}), ${seconds.toFixed(0)} s; ` +
      `${String(info['nproc'])} CPUs (${String(info['cpu'])}), ${String(info['memory'])}, Node ${process.version}, SQLite ${String(info['sqlite'])}` +
      (info['pageFaultMicroseconds'] === undefined ? '.' : `; a minor page fault costs ${String(info['pageFaultMicroseconds'])} µs here.`);
    process.stdout.write(`\n${header}\n\n${table}\n\n${markdownNotes(rows)}\n`);
    writeJson(resultsPath, {
      generatedAt: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      ...(chosen && { only: chosen }),
      seconds,
      machine: info,
      dataSets: [small, main, ...(big ? [big] : [])]
        .filter((d, i, all) => all.indexOf(d) === i)
        .map((d) => ({ jobs: d.jobs, megabytes: Math.round(d.megabytes), buildSeconds: Math.round(d.buildSeconds * 10) / 10, builtThisRun: d.built })),
      rows,
      sink: sinkValue(),
    });
    log(`wrote ${resultsPath}`);
    if (values['update-readme']) {
      const block = `${header}\n\n${table}\n\n${markdownNotes(rows)}\n\nMachine (\`nproc\`, \`free -h\`, \`node --version\`):\n\n\`\`\`\n${String(info['nproc'])}\n${String(info['freeH'] ?? '')}\n${process.version}\n\`\`\``;
      const path = join(repoDir, 'README.md');
      log(replaceBetweenMarkers(path, block) ? `updated ${path}` : `README.md has no <!-- bench:start --> / <!-- bench:end --> markers; not updated`);
    }
    const missed = rows.filter((row) => row.met === 'NO');
    if (missed.length > 0) log(`targets missed: ${missed.map((row) => row.id).join(', ')}`);
    if (values.check && missed.length > 0) process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
