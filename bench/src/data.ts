import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_TEMPLATES, createEmulator } from '@syncemu/core';
import { openStore } from '@syncemu/store';
import { openSqlite, type SqliteDatabase } from './sqlite.js';

/** The service principal that holds every job of a data set. */
export const SERVICE_PRINCIPAL_ID = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';

/** Bump when the generated rows change: cached data sets of another version are rebuilt. */
const GENERATOR_VERSION = 1;

/**
 * What fraction of jobs is in which state. Quarantined jobs get 1 to 6 successive failures, so
 * about 3.3% of all jobs match `status/code eq 'Quarantine' and
 * status/countSuccessiveCompleteFailures ge 3`; each of the 12 built-in templates holds about 1/12.
 */
const STATES = [
  { state: 'new', weight: 0.3 },
  { state: 'active', weight: 0.5 },
  { state: 'initialCycle', weight: 0.05 },
  { state: 'pausedAfterRuns', weight: 0.1 },
  { state: 'quarantine', weight: 0.05 },
] as const;
type JobState = (typeof STATES)[number]['state'];

export interface Dataset {
  readonly jobs: number;
  readonly path: string;
  readonly servicePrincipalId: string;
  /** 1,024 ids of the set, spread at random over it (the same on every run). */
  readonly sampleIds: readonly string[];
  readonly built: boolean;
  readonly buildSeconds: number;
  readonly megabytes: number;
}

interface Meta {
  readonly generator: number;
  readonly jobs: number;
  readonly servicePrincipalId: string;
  readonly buildSeconds: number;
}

/** A job body as stored, cut around its id and its failure count so rows are made by concatenation. */
interface Archetype {
  readonly templateId: string;
  readonly state: JobState;
  readonly tenantHex: string;
  readonly head: string;
  readonly middle: string;
  readonly tail: string;
  readonly failures: number;
}

/** A small, seeded PRNG (mulberry32): the same data set on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guid(random: () => number): string {
  const hex = () => Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  const h = hex() + hex() + hex() + hex();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Real job bodies, made by the product itself: for each built-in template, one new job, one in its
 * initial cycle, one active after some cycles, one paused after cycles and one quarantined after
 * failed cycles (on a manual clock), read back as stored.
 */
export async function makeArchetypes(): Promise<Archetype[]> {
  const emulator = createEmulator({ clock: 'manual', idSeed: 20240501 });
  const sp = SERVICE_PRINCIPAL_ID;
  const base = `/v1.0/servicePrincipals/${sp}/synchronization/jobs`;
  const call = async (method: string, url: string, body?: unknown, expected = 204) => {
    const response = await emulator.handle({
      method,
      url,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (response.status !== expected) throw new Error(`archetypes: ${method} ${url} answered ${response.status}: ${String(response.body)}`);
    return response;
  };
  try {
    const jobs: { templateId: string; state: JobState; id: string }[] = [];
    for (const template of BUILT_IN_TEMPLATES) {
      for (const { state } of STATES) {
        const created = await call('POST', base, { templateId: template.id }, 201);
        jobs.push({ templateId: template.id, state, id: (JSON.parse(String(created.body)) as { id: string }).id });
      }
    }
    const failure = { result: 'failed', error: { code: 'SalesforceInvalidCredentials', message: 'Your credentials are invalid.', tenantActionable: true }, repeat: 20 } as const;
    for (const job of jobs) {
      if (job.state === 'active' || job.state === 'pausedAfterRuns' || job.state === 'quarantine') await call('POST', `${base}/${job.id}/start`);
      if (job.state === 'quarantine') await emulator.jobs.plan(sp, job.id, [{ result: 'succeeded' }, failure]);
    }
    await emulator.clock.advance('PT3M');
    await emulator.clock.advance('PT8H');
    for (const job of jobs) {
      if (job.state === 'pausedAfterRuns') await call('POST', `${base}/${job.id}/pause`);
      if (job.state === 'initialCycle') await call('POST', `${base}/${job.id}/start`);
    }
    return jobs.map((job) => {
      const body = emulator.store.jobs.get(sp, job.id);
      if (body === undefined) throw new Error(`archetypes: job ${job.id} vanished`);
      const parsed = JSON.parse(body) as { status: { code: string } };
      if (job.state === 'quarantine' && parsed.status.code !== 'Quarantine') {
        throw new Error(`archetypes: a job that failed 20 cycles is '${parsed.status.code}', not 'Quarantine'; update bench/src/data.ts to the lifecycle`);
      }
      return cut(job.templateId, job.state, job.id, body);
    });
  } finally {
    await emulator.close();
  }
}

function cut(templateId: string, state: JobState, id: string, body: string): Archetype {
  const idField = `"id":${JSON.stringify(id)}`;
  const at = body.indexOf(idField);
  if (at < 0) throw new Error(`archetypes: no id in ${body.slice(0, 80)}`);
  const head = body.slice(0, at + '"id":"'.length);
  const afterId = body.slice(at + idField.length - 1);
  const failures = /"countSuccessiveCompleteFailures":(\d+)/.exec(afterId);
  if (!failures) throw new Error(`archetypes: no countSuccessiveCompleteFailures in ${afterId.slice(0, 200)}`);
  const countAt = failures.index + '"countSuccessiveCompleteFailures":'.length;
  return {
    templateId,
    state,
    tenantHex: id.split('.')[1] ?? '',
    head,
    middle: afterId.slice(0, countAt),
    tail: afterId.slice(countAt + failures[1]!.length),
    failures: Number(failures[1]),
  };
}

/** Generates `count` rows (id, templateId, body) from the archetypes, seeded. */
export function* generateRows(archetypes: readonly Archetype[], count: number, seed = 1): Generator<{ id: string; templateId: string; body: string }> {
  const random = prng(seed);
  const templates = [...new Set(archetypes.map((a) => a.templateId))];
  const byKey = new Map(archetypes.map((a) => [`${a.templateId}/${a.state}`, a]));
  for (let i = 0; i < count; i++) {
    const templateId = templates[Math.floor(random() * templates.length)]!;
    let pick = random();
    let state: JobState = 'active';
    for (const entry of STATES) {
      if (pick < entry.weight) {
        state = entry.state;
        break;
      }
      pick -= entry.weight;
    }
    const archetype = byKey.get(`${templateId}/${state}`)!;
    const failures = state === 'quarantine' ? 1 + Math.floor(random() * 6) : archetype.failures;
    const id = `${templateId}.${archetype.tenantHex}.${guid(random)}`;
    yield { id, templateId, body: `${archetype.head}${id}${archetype.middle}${failures}${archetype.tail}` };
  }
}

/**
 * The data set of `jobs` jobs in a file database under `cacheDir`, built when missing or made by
 * another generator version. Building opens the schema through the product (`openStore`), then
 * inserts every row with one prepared statement in one transaction.
 */
export async function ensureDataset(jobs: number, cacheDir: string, log: (line: string) => void): Promise<Dataset> {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `jobs-${jobs}.sqlite`);
  const metaPath = join(cacheDir, `jobs-${jobs}.json`);
  let meta = readMeta(metaPath);
  let built = false;
  if (!(meta && meta.generator === GENERATOR_VERSION && existsSync(path) && restoreDataset(path, jobs))) {
    log(`building a data set of ${jobs.toLocaleString('en-US')} jobs…`);
    const started = performance.now();
    await build(jobs, cacheDir, path);
    meta = { generator: GENERATOR_VERSION, jobs, servicePrincipalId: SERVICE_PRINCIPAL_ID, buildSeconds: (performance.now() - started) / 1000 };
    writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n');
    built = true;
    log(`built ${path} in ${meta.buildSeconds.toFixed(1)} s (${(statSync(path).size / 1e6).toFixed(0)} MB)`);
  }
  return {
    jobs,
    path,
    servicePrincipalId: SERVICE_PRINCIPAL_ID,
    sampleIds: sampleIds(path, jobs),
    built,
    buildSeconds: meta.buildSeconds,
    megabytes: statSync(path).size / 1e6,
  };
}

function readMeta(path: string): Meta | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Meta;
  } catch {
    return undefined;
  }
}

async function build(jobs: number, cacheDir: string, finalPath: string): Promise<void> {
  const archetypes = await makeArchetypes();
  const workDir = join(cacheDir, `building-${process.pid}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const path = join(workDir, 'jobs.sqlite');
  try {
    // The schema, exactly as the product makes it (migrations, WAL, application id).
    const store = openStore(path);
    store.transaction(() => store.servicePrincipals.ensure(SERVICE_PRINCIPAL_ID, new Date().toISOString()));
    store.close();

    const db = openSqlite(path);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = -${Math.min(2_000_000, Math.max(64_000, jobs))}`); // KiB: the indexes stay in memory while they grow
    const insert = db.prepare('insert into jobs (seq, service_principal_id, id, template_id, body) values (?, ?, ?, ?, ?)');
    db.transaction(() => {
      let seq = 0;
      for (const row of generateRows(archetypes, jobs)) insert.run(++seq, SERVICE_PRINCIPAL_ID, row.id, row.templateId, row.body);
    })();
    db.pragma('journal_mode = WAL');
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(finalPath + suffix, { force: true });
    renameSync(path, finalPath);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Brings a cached data set back to its `jobs` rows (create scenarios add rows; they are removed by
 * their seq, which only grows). Returns false when the file is not what it should be.
 */
export function restoreDataset(path: string, jobs: number): boolean {
  let db: SqliteDatabase | undefined;
  try {
    db = openSqlite(path, { fileMustExist: true, timeout: 5000 });
    db.pragma('foreign_keys = ON');
    db.prepare('delete from jobs where seq > ?').run(jobs);
    const row = db.prepare('select count(*) as n, max(seq) as maxSeq from jobs where service_principal_id = ?').get(SERVICE_PRINCIPAL_ID) as { n: number; maxSeq: number };
    db.pragma('wal_checkpoint(TRUNCATE)');
    return row.n === jobs && row.maxSeq === jobs;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

function sampleIds(path: string, jobs: number): string[] {
  const db = openSqlite(path, { readonly: true, fileMustExist: true });
  try {
    const random = prng(99);
    const statement = db.prepare('select id from jobs where seq = ?');
    const ids: string[] = [];
    while (ids.length < 1024) {
      const row = statement.get(1 + Math.floor(random() * jobs)) as { id: string } | undefined;
      if (row) ids.push(row.id);
    }
    return ids;
  } finally {
    db.close();
  }
}

/** Every job of a data set as parsed JSON, in id order (json-server's db.json). */
export function readAllJobs(path: string): unknown[] {
  const db = openSqlite(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select body from jobs where service_principal_id = ? order by id').all(SERVICE_PRINCIPAL_ID) as { body: string }[]).map((row) =>
      JSON.parse(row.body),
    );
  } finally {
    db.close();
  }
}
