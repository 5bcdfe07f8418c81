import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmulator, type Emulator, type EmulatorResponse } from '@syncemu/core';
import { readAllJobs, restoreDataset, type Dataset } from './data.js';
import { measure, summarize, type Budget, type Timing } from './measure.js';
import { load, type LoadResult } from './load.js';
import { startCeilingServer, startJsonServer, startSyncemu, watchMemory, residentSet } from './processes.js';
import { formatMegabytes, formatRate, formatRatio, formatTime, met, type Row } from './report.js';
import { openSqlite, type SqliteDatabase } from './sqlite.js';

export interface Budgets {
  /** Calls of a few µs (GET one job). */
  readonly micro: Budget;
  /** Calls of 0.05–5 ms (lists, creates, fresh emulators). */
  readonly normal: Budget;
  /** The load-everything-and-filter-in-JavaScript baseline (about a second a call). */
  readonly heavy: Budget;
}

export interface Context {
  readonly quick: boolean;
  /** The data set of scenarios 1, 2, 3, 5 and 9 (100k jobs; 10k with --quick). */
  readonly main: Dataset;
  /** 10k jobs: growth's small end, the HTTP comparison. */
  readonly small: Dataset;
  /** 1M jobs: growth's large end, memory (absent with --quick). */
  readonly big?: Dataset;
  readonly budgets: Budgets;
  /** autocannon seconds per measured run (5; 1 with --quick) and for the memory scenario (30; 3). */
  readonly httpSeconds: number;
  readonly memorySeconds: number;
  readonly tmp: string;
  /** bench/.data: data sets kept between runs. */
  readonly cacheDir: string;
  readonly log: (line: string) => void;
}

export const NESTED_FILTER = "status/code eq 'Quarantine' and status/countSuccessiveCompleteFailures ge 3";
export const TEMPLATE_FILTER = "templateId eq 'scim'";
export const CREATE_BODY = JSON.stringify({ templateId: 'scim' });

export const jobsPath = (spId: string) => `/v1.0/servicePrincipals/${spId}/synchronization/jobs`;
export const listUrl = (spId: string, filter: string) => `${jobsPath(spId)}?$filter=${encodeURIComponent(filter)}&$top=100`;
export const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

let sink = 0; // results flow here so no work is optimised away

export function expectStatus(response: EmulatorResponse, status: number, what: string): EmulatorResponse {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}: ${String(response.body).slice(0, 300)}`);
  return response;
}

export function ids(json: string): string[] {
  return (JSON.parse(json) as { value: { id: string }[] }).value.map((job) => job.id);
}

export function sameIds(product: readonly string[], baseline: readonly string[], what: string): void {
  if (product.length === 0 || product.join() !== baseline.join()) {
    throw new Error(`${what}: the product and the baseline return different rows (${product.length} vs ${baseline.length})`);
  }
}

/** Reads the schema the product created, to give baselines the same tables and indexes. */
function schemaSql(path: string): string {
  const db = openSqlite(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`select sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by rowid`).all() as { sql: string }[];
    return rows.map((row) => `${row.sql};`).join('\n');
  } finally {
    db.close();
  }
}

export const post = (emulator: Emulator, spId: string) => async () => {
  const response = await emulator.handle({ method: 'POST', url: jobsPath(spId), headers: { 'content-type': 'application/json' }, body: CREATE_BODY });
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${String(response.body)}`);
  sink += response.status;
};

/** A GET through handle(), its whole body read in the pieces it carries (what the server writes). */
export const get = (emulator: Emulator, url: string) => async () => {
  const response = await emulator.handle({ method: 'GET', url });
  if (response.status !== 200 || response.chunks === undefined) throw new Error(`GET answered ${response.status}`);
  for (const chunk of response.chunks) sink += chunk.length;
};

/** The same, then the body read as text too (a caller that wants a string: the bytes decoded once). */
const getText = (emulator: Emulator, url: string) => async () => {
  const response = await emulator.handle({ method: 'GET', url });
  sink += String(response.body).length;
};

function textNote(product: Timing, text: Timing, bytes: number): string {
  return ` The product's time is handle() answering with the page's ${Math.round(bytes / 1000)} kB body in pieces (\`response.chunks\`, each under 64 K characters); a caller that also reads \`response.body\` as text pays ${formatTime(text.median)} in all (${formatRatio(text.median / product.median)}), the join into one string that large being a fresh large-object allocation in V8, whose pages fault on first touch (bench/README.md).`;
}

export function timingRaw(timing: Timing): Record<string, number> {
  return { medianMs: timing.median, p95Ms: timing.p95, meanMs: timing.mean, samples: timing.samples };
}

/** Scenarios 1, 2, 3, 5 and 9: in-process against the main file database. */
export async function inProcessScenarios(ctx: Context, only: (key: string) => boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const { main, budgets } = ctx;
  const sp = main.servicePrincipalId;
  const size = k(main.jobs);
  const emulator = createEmulator({ database: main.path });
  // The list scenarios measure the query path against hand-written SQL: without the request
  // journal, whose own cost (keeping 64 KiB of every answer) has a row of its own after scenario 2.
  const quiet = createEmulator({ database: main.path, journalSize: 0 });
  const reader = openSqlite(main.path, { readonly: true, fileMustExist: true });
  try {
    if (only('get')) {
      ctx.log(`1. GET one job at ${size}`);
      const floorStatement = reader.prepare('select body from jobs where service_principal_id = ? and id = ?');
      const sample = main.sampleIds;
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      const first = expectStatus(await emulator.handle({ method: 'GET', url: `${jobsPath(sp)}/${sample[0]}` }), 200, 'GET one job');
      const firstBody = String(first.body);
      if (!firstBody.includes(sample[0]!)) throw new Error('GET one job returned another job');
      const timings = await measure(
        [
          {
            name: 'floor',
            async: false,
            fn: () => {
              const row = floorStatement.get(sp, sample[a++ & 1023]) as { body: string };
              sink += JSON.stringify(JSON.parse(row.body)).length;
            },
          },
          { name: 'handle', async: true, fn: () => get(emulator, `${jobsPath(sp)}/${sample[b++ & 1023]}`)() },
          {
            name: 'fetch',
            async: true,
            fn: async () => {
              const response = await emulator.fetch(`https://graph.microsoft.com${jobsPath(sp)}/${sample[c++ & 1023]}`);
              sink += (await response.text()).length;
            },
          },
          {
            // a bare Fetch round trip of the same size: a Request made, a Response of the same body
            // and headers made and read; what any fetch() adapter pays besides handle()
            name: 'roundtrip',
            async: true,
            fn: async () => {
              const request = new Request(`https://graph.microsoft.com${jobsPath(sp)}/${sample[d++ & 1023]}`);
              const response = new Response(firstBody, { status: 200, headers: first.headers });
              sink += (await response.text()).length + request.url.length;
            },
          },
        ],
        budgets.micro,
      );
      const floor = timings.get('floor')!;
      const handle = timings.get('handle')!;
      const fetchTiming = timings.get('fetch')!;
      const roundtrip = timings.get('roundtrip')!;
      const fetchFloor = handle.median + roundtrip.median;
      rows.push({
        id: 'get-one-handle',
        scenario: `1. GET one job, handle() (${size})`,
        median: formatTime(handle.median),
        p95: formatTime(handle.p95),
        baseline: `${formatTime(floor.median)} floor`,
        ratio: formatRatio(handle.median / floor.median),
        target: '≤ 3×',
        met: met(handle.median / floor.median <= 3),
        note: `floor: one prepared better-sqlite3 statement reading the same row (by service principal and id) plus JSON.parse and JSON.stringify of it; the same 1,024 random ids in turn.`,
        raw: { product: timingRaw(handle), baseline: timingRaw(floor), ratio: handle.median / floor.median, limit: 3 },
      });
      rows.push({
        id: 'get-one-fetch',
        scenario: `1. GET one job, fetch() (${size})`,
        median: formatTime(fetchTiming.median),
        p95: formatTime(fetchTiming.p95),
        baseline: `${formatTime(fetchFloor)} handle + round trip`,
        ratio: formatRatio(fetchTiming.median / fetchFloor),
        target: '≤ 1.25×',
        met: met(fetchTiming.median / fetchFloor <= 1.25),
        note: `fetch(url) of the same ids, its text read, against handle() (${formatTime(handle.median)}) plus a bare Fetch round trip (${formatTime(roundtrip.median)}: new Request(url), new Response(the same body, the same headers), its text read), what any fetch() adapter pays besides handle(); ${formatRatio(fetchTiming.median / floor.median)} the floor of the row above.`,
        raw: { product: timingRaw(fetchTiming), handle: timingRaw(handle), roundtrip: timingRaw(roundtrip), ratio: fetchTiming.median / fetchFloor, limit: 1.25 },
      });
    }

    if (only('list')) {
      ctx.log(`2. list with an indexed filter at ${size}`);
      const url = listUrl(sp, TEMPLATE_FILTER);
      const statement = reader.prepare('select body from jobs where service_principal_id = ? and template_id = ? order by id limit 100');
      const baseline = () => statement.all(sp, 'scim') as { body: string }[];
      sameIds(ids(String(expectStatus(await quiet.handle({ method: 'GET', url }), 200, 'list').body)), baseline().map((row) => (JSON.parse(row.body) as { id: string }).id), 'list templateId');
      const bytes = (await quiet.handle({ method: 'GET', url })).bytes!.byteLength;
      const timings = await measure(
        [
          { name: 'handle', async: true, fn: get(quiet, url) },
          { name: 'sql', async: false, fn: () => (sink += baseline().length) },
        ],
        budgets.normal,
      );
      const product = timings.get('handle')!;
      const sql = timings.get('sql')!;
      // measured on its own: its large strings would leave the heap in another state for the tasks after it
      const text = (await measure([{ name: 'handle+text', async: true, fn: getText(quiet, url) }], budgets.normal)).get('handle+text')!;
      rows.push({
        id: 'list-indexed',
        scenario: `2. $filter=templateId eq 'scim'&$top=100 (${size})`,
        median: formatTime(product.median),
        p95: formatTime(product.p95),
        baseline: `${formatTime(sql.median)} SQL`,
        ratio: formatRatio(product.median / sql.median),
        target: '≤ 2×',
        met: met(product.median / sql.median <= 2),
        note: `handle() of an emulator with the request journal off (journalSize 0; the next row measures it on). baseline: \`select body from jobs where service_principal_id = ? and template_id = ? order by id limit 100\` (index jobs_sp_template), prepared once, the same 100 rows.` + textNote(product, text, bytes),
        raw: { product: timingRaw(product), baseline: timingRaw(sql), ratio: product.median / sql.median, limit: 2, handleWithText: timingRaw(text), responseBytes: bytes },
      });
      const journaled = (await measure([{ name: 'journaled', async: true, fn: get(emulator, url) }], budgets.normal)).get('journaled')!;
      rows.push({
        id: 'list-indexed-journal',
        scenario: `2. the same with the request journal on (the default)`,
        median: formatTime(journaled.median),
        p95: formatTime(journaled.p95),
        baseline: `${formatTime(product.median)} off`,
        ratio: formatRatio(journaled.median / product.median),
        target: 'report',
        met: '—',
        note: `scenario 2's request through an emulator with the request journal on (journalSize 10,000, the default), against the same with journalSize 0: what keeping every answer's first 64 KiB (decisions.md §10) costs a list page of ${Math.round(bytes / 1000)} kB, written to the journal's temporary SQLite file eight requests at a time (decision 0016). ${formatRatio(journaled.median / sql.median)} the hand-written SQL.`,
        raw: { journaled: timingRaw(journaled), off: timingRaw(product), ratio: journaled.median / product.median },
      });
    }

    if (only('nested')) {
      ctx.log(`3. list with a nested filter at ${size}`);
      const url = listUrl(sp, NESTED_FILTER);
      const statement = reader.prepare(
        `select body from jobs where service_principal_id = ? and status_code = ? and json_extract(body, '$.status.countSuccessiveCompleteFailures') >= ? order by id limit 100`,
      );
      const sqlBaseline = () => statement.all(sp, 'Quarantine', 3) as { body: string }[];
      const everything = reader.prepare('select body from jobs where service_principal_id = ?');
      const jsBaseline = () => {
        const jobs = (everything.all(sp) as { body: string }[]).map((row) => JSON.parse(row.body) as { id: string; status: { code: string; countSuccessiveCompleteFailures: number } });
        const matching = jobs.filter((job) => job.status.code === 'Quarantine' && job.status.countSuccessiveCompleteFailures >= 3);
        matching.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        return matching.slice(0, 100);
      };
      const productIds = ids(String(expectStatus(await quiet.handle({ method: 'GET', url }), 200, 'nested list').body));
      sameIds(productIds, sqlBaseline().map((row) => (JSON.parse(row.body) as { id: string }).id), 'nested filter vs SQL');
      sameIds(productIds, jsBaseline().map((job) => job.id), 'nested filter vs JavaScript');
      const count = (reader.prepare(`select count(*) as n from jobs where status_code = 'Quarantine' and json_extract(body, '$.status.countSuccessiveCompleteFailures') >= 3`).get() as { n: number }).n;
      const bytes = (await quiet.handle({ method: 'GET', url })).bytes!.byteLength;
      const timings = await measure(
        [
          { name: 'handle', async: true, fn: get(quiet, url) },
          { name: 'sql', async: false, fn: () => (sink += sqlBaseline().length) },
        ],
        budgets.normal,
      );
      // measured on its own: its large strings would leave the heap in another state for the tasks after it
      const text = (await measure([{ name: 'handle+text', async: true, fn: getText(quiet, url) }], budgets.normal)).get('handle+text')!;
      const js = (await measure([{ name: 'js', async: false, fn: () => (sink += jsBaseline().length) }], budgets.heavy)).get('js')!;
      const product = timings.get('handle')!;
      const sql = timings.get('sql')!;
      rows.push({
        id: 'list-nested-sql',
        scenario: `3. nested filter, vs SQL (${size})`,
        median: formatTime(product.median),
        p95: formatTime(product.p95),
        baseline: `${formatTime(sql.median)} SQL`,
        ratio: formatRatio(product.median / sql.median),
        target: '≤ 1.5×',
        met: met(product.median / sql.median <= 1.5),
        note: `\`$filter=${NESTED_FILTER}&$top=100\`; ${count.toLocaleString('en-US')} jobs match (${((100 * count) / main.jobs).toFixed(1)}%); the journal off, as in scenario 2. baseline: \`… where service_principal_id = ? and status_code = ? and json_extract(body, '$.status.countSuccessiveCompleteFailures') >= ? order by id limit 100\`, prepared once.` + textNote(product, text, bytes),
        raw: { product: timingRaw(product), baseline: timingRaw(sql), ratio: product.median / sql.median, limit: 1.5, matching: count, handleWithText: timingRaw(text), responseBytes: bytes },
      });
      rows.push({
        id: 'list-nested-js',
        scenario: `3. nested filter, vs load all + filter in JS (${size})`,
        median: formatTime(product.median),
        p95: formatTime(product.p95),
        baseline: `${formatTime(js.median)} JS`,
        ratio: `${formatRatio(js.median / product.median)} faster`,
        target: '≥ 100× faster',
        met: met(js.median / product.median >= 100),
        note: 'baseline: every job of the service principal read (one prepared statement) and JSON.parse-d, filtered and sorted by id in JavaScript, first 100 kept.',
        raw: { product: timingRaw(product), baseline: timingRaw(js), speedup: js.median / product.median, limit: 100 },
      });
    }

    if (only('paging')) {
      ctx.log(`9. nextLink walk over ${size}`);
      const firstUrl = jobsPath(sp);
      let url: string | undefined = firstUrl;
      let lastUrl = firstUrl;
      let pages = 0;
      const seen = new Set<string>();
      while (url !== undefined) {
        const page = JSON.parse(String(expectStatus(await quiet.handle({ method: 'GET', url }), 200, 'walk').body)) as { value: { id: string }[]; '@odata.nextLink'?: string };
        for (const job of page.value) seen.add(job.id);
        pages++;
        lastUrl = url;
        url = page['@odata.nextLink'];
      }
      if (seen.size !== main.jobs) throw new Error(`the nextLink walk saw ${seen.size} jobs of ${main.jobs}`);
      const timings = await measure(
        [
          { name: 'first', async: true, fn: get(quiet, firstUrl) },
          { name: 'last', async: true, fn: get(quiet, lastUrl) },
        ],
        budgets.normal,
      );
      const first = timings.get('first')!;
      const last = timings.get('last')!;
      rows.push({
        id: 'paging-last-vs-first',
        scenario: `9. last page of a nextLink walk (${size})`,
        median: formatTime(last.median),
        p95: formatTime(last.p95),
        baseline: `${formatTime(first.median)} first page`,
        ratio: formatRatio(last.median / first.median),
        target: '≤ 1.5×',
        met: met(last.median / first.median <= 1.5),
        note: `GET …/jobs (100 a page) followed by its @odata.nextLink to the end: ${pages.toLocaleString('en-US')} pages, every one of the ${seen.size.toLocaleString('en-US')} jobs exactly once; page ${pages.toLocaleString('en-US')} timed against page 1.`,
        raw: { product: timingRaw(last), baseline: timingRaw(first), ratio: last.median / first.median, limit: 1.5, pages },
      });
    }

    if (only('create')) {
      ctx.log(`5. create on a file database (${size}) and on :memory:`);
      const memory = createEmulator();
      const schema = schemaSql(main.path);
      const template = String(expectStatus(await memory.handle({ method: 'POST', url: jobsPath(sp), headers: { 'content-type': 'application/json' }, body: CREATE_BODY }), 201, 'create').body);
      const newJobBody = JSON.stringify({ ...(JSON.parse(template) as Record<string, unknown>), '@odata.context': undefined });
      const writer = openSqlite(main.path, { fileMustExist: true, timeout: 5000 });
      writer.pragma('synchronous = NORMAL'); // as the store opens it
      const memoryDb = openSqlite(':memory:');
      memoryDb.exec(schema);
      memoryDb.prepare(`insert into service_principals (id, registered, created_at) values (?, 0, ?)`).run(sp, new Date().toISOString());
      const rawInsert = (db: SqliteDatabase) => {
        const insert = db.prepare('insert into jobs (service_principal_id, id, template_id, body) values (?, ?, ?, ?)');
        let n = 0;
        const once = db.transaction((id: string) => insert.run(sp, id, 'scim', newJobBody.replace(/"id":"[^"]*"/, `"id":"${id}"`))).immediate;
        return () => {
          once(`scim.bench.${process.pid}.${++n}`);
        };
      };
      try {
        const timings = await measure(
          [
            { name: 'file', async: true, fn: post(emulator, sp) },
            { name: 'file-sql', async: false, fn: rawInsert(writer) },
            { name: 'memory', async: true, fn: post(memory, sp) },
            { name: 'memory-sql', async: false, fn: rawInsert(memoryDb) },
          ],
          budgets.normal,
        );
        for (const [kind, label] of [
          ['file', `file, ${size}`],
          ['memory', ':memory:'],
        ] as const) {
          const product = timings.get(kind)!;
          const sql = timings.get(`${kind}-sql`)!;
          rows.push({
            id: `create-${kind}`,
            scenario: `5. create, handle() (${label})`,
            median: formatTime(product.median),
            p95: formatTime(product.p95),
            baseline: `${formatTime(sql.median)} INSERT`,
            ratio: formatRatio(product.median / sql.median),
            target: 'report',
            met: '—',
            note: `${formatRate(1000 / product.median, ' writes/s')} (1 / median; the hand-written INSERT: ${formatRate(1000 / sql.median, ' writes/s')}). POST {"templateId":"scim"}, answered 201 after its transaction committed${kind === 'file' ? ' (WAL, synchronous=NORMAL, as the store opens files)' : ''}. baseline: one prepared INSERT of a new job's row in its own BEGIN IMMEDIATE transaction, same schema.`,
            raw: { product: timingRaw(product), baseline: timingRaw(sql), writesPerSecond: 1000 / product.median, ratio: product.median / sql.median },
          });
        }
      } finally {
        writer.close();
        memoryDb.close();
        await memory.close();
      }
    }
  } finally {
    reader.close();
    await emulator.close();
    await quiet.close();
    restoreDataset(main.path, main.jobs);
  }

  if (only('fresh')) {
    ctx.log('6. a fresh in-memory emulator');
    const schema = schemaSql(main.path);
    const sp = main.servicePrincipalId;
    const timings = await measure(
      [
        {
          name: 'emulator',
          async: true,
          fn: async () => {
            const emulator = createEmulator();
            await post(emulator, sp)();
            await emulator.close();
          },
        },
        {
          name: 'sqlite',
          async: false,
          fn: () => {
            const db = openSqlite(':memory:');
            db.exec(schema);
            db.prepare(`insert into service_principals (id, registered, created_at) values (?, 0, ?)`).run(sp, '2025-01-01T00:00:00Z');
            db.prepare('insert into jobs (service_principal_id, id, template_id, body) values (?, ?, ?, ?)').run(sp, 'scim.x', 'scim', '{"id":"scim.x"}');
            db.close();
          },
        },
      ],
      budgets.normal,
    );
    const product = timings.get('emulator')!;
    const floor = timings.get('sqlite')!;
    const perSecond = 1000 / product.median;
    rows.push({
      id: 'fresh-emulator',
      scenario: '6. fresh in-memory emulator (create, migrate, first request, close)',
      median: formatTime(product.median),
      p95: formatTime(product.p95),
      baseline: `${formatTime(floor.median)} bare SQLite`,
      ratio: formatRatio(product.median / floor.median),
      target: '≥ 500/s',
      met: met(perSecond >= 500),
      note: `${formatRate(perSecond)} one after another (1 / median). createEmulator(), POST a job through handle(), close(). baseline: open a bare better-sqlite3 :memory: database, create the same schema from its SQL text, insert a row, close.`,
      raw: { product: timingRaw(product), baseline: timingRaw(floor), perSecond, limit: 500 },
    });
  }
  return rows;
}

/** Scenario 4: the indexed list and create at 10k and at 1M jobs. */
export async function growthScenario(ctx: Context): Promise<Row[]> {
  if (!ctx.big) {
    return ['list', 'create'].map((what) => ({
      id: `growth-${what}`,
      scenario: `4. growth: ${what === 'list' ? 'indexed list' : 'create'}, 1M vs 10k`,
      median: '—',
      p95: '—',
      baseline: '—',
      ratio: '—',
      target: '≤ 1.5×',
      met: 'skipped' as const,
      note: 'skipped by --quick (needs the 1M-job database).',
    }));
  }
  const { small, big } = ctx;
  ctx.log(`4. growth: ${k(small.jobs)} vs ${k(big.jobs)}`);
  const smallEmulator = createEmulator({ database: small.path });
  const bigEmulator = createEmulator({ database: big.path });
  const rows: Row[] = [];
  try {
    const url = listUrl(small.servicePrincipalId, TEMPLATE_FILTER);
    for (const emulator of [smallEmulator, bigEmulator]) expectStatus(await emulator.handle({ method: 'GET', url }), 200, 'growth list');
    // Lists first: the jobs the creates add (new, small bodies, random ids) would change which 100 jobs a list returns.
    const lists = await measure(
      [
        { name: 'list-small', async: true, fn: get(smallEmulator, url) },
        { name: 'list-big', async: true, fn: get(bigEmulator, url) },
      ],
      ctx.budgets.normal,
    );
    const creates = await measure(
      [
        { name: 'create-small', async: true, fn: post(smallEmulator, small.servicePrincipalId) },
        { name: 'create-big', async: true, fn: post(bigEmulator, big.servicePrincipalId) },
      ],
      ctx.budgets.normal,
    );
    const timings = new Map([...lists, ...creates]);
    for (const what of ['list', 'create'] as const) {
      const at10k = timings.get(`${what}-small`)!;
      const at1M = timings.get(`${what}-big`)!;
      rows.push({
        id: `growth-${what}`,
        scenario: `4. growth: ${what === 'list' ? 'indexed list (scenario 2)' : 'create (scenario 5)'}, ${k(big.jobs)} vs ${k(small.jobs)}`,
        median: formatTime(at1M.median),
        p95: formatTime(at1M.p95),
        baseline: `${formatTime(at10k.median)} at ${k(small.jobs)}`,
        ratio: formatRatio(at1M.median / at10k.median),
        target: '≤ 1.5×',
        met: met(at1M.median / at10k.median <= 1.5),
        note: `handle() on two file databases of ${small.jobs.toLocaleString('en-US')} and ${big.jobs.toLocaleString('en-US')} jobs (${Math.round(small.megabytes).toLocaleString('en-US')} MB and ${Math.round(big.megabytes).toLocaleString('en-US')} MB), measured in alternating rounds.`,
        raw: { product: timingRaw(at1M), baseline: timingRaw(at10k), ratio: at1M.median / at10k.median, limit: 1.5 },
      });
    }
  } finally {
    await smallEmulator.close();
    await bigEmulator.close();
    restoreDataset(small.path, small.jobs);
    restoreDataset(big.path, big.jobs);
  }
  return rows;
}

/** Scenario 7: `syncemu serve` against json-server 0.17.4, both over the same 10k jobs, under autocannon. */
export async function httpScenario(ctx: Context): Promise<Row[]> {
  const { small } = ctx;
  const sp = small.servicePrincipalId;
  ctx.log(`7. HTTP: syncemu serve vs json-server 0.17.4 (${k(small.jobs)} jobs, autocannon 10 connections, ${ctx.httpSeconds} s a run)`);
  const dbCopy = join(ctx.tmp, 'http-jobs.sqlite');
  copyFileSync(small.path, dbCopy);
  const dbJson = join(ctx.tmp, 'db.json');
  writeFileSync(dbJson, JSON.stringify({ jobs: readAllJobs(small.path) }));

  const syncemuList = `${jobsPath(sp)}?$filter=${encodeURIComponent(TEMPLATE_FILTER)}&$top=100`;
  const jsonServerList = '/jobs?templateId=scim&_limit=100';
  const postHeaders = { 'content-type': 'application/json' };
  const connections = 10;
  const warmup = ctx.quick ? 0.5 : 1;

  const run = async (url: string, path: string, method: 'GET' | 'POST') => {
    const options = { url: url + path, connections, method, ...(method === 'POST' && { headers: postHeaders, body: CREATE_BODY }) };
    await load({ ...options, duration: warmup });
    const result = await load({ ...options, duration: ctx.httpSeconds });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${method} ${url}${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return result;
  };

  const results: Record<string, LoadResult> = {};
  const syncemu = await startSyncemu(dbCopy);
  try {
    const listed = (await (await fetch(syncemu.url + syncemuList)).json()) as { value: { id: string }[] };
    results['syncemu-list'] = await run(syncemu.url, syncemuList, 'GET');
    results['syncemu-create'] = await run(syncemu.url, jobsPath(sp), 'POST');
    const jsonServer = await startJsonServer(dbJson);
    try {
      const peerListed = (await (await fetch(jsonServer.url + jsonServerList)).json()) as { id: string }[];
      sameIds(
        listed.value.map((job) => job.id),
        peerListed.map((job) => job.id),
        'syncemu and json-server lists',
      );
      results['json-server-list'] = await run(jsonServer.url, jsonServerList, 'GET');
      results['json-server-create'] = await run(jsonServer.url, '/jobs', 'POST');
    } finally {
      await jsonServer.stop();
    }
  } finally {
    await syncemu.stop();
  }

  // The ceiling: the same 100 stored rows joined into one text per request by a bare node:http server.
  const rowsFile = join(ctx.tmp, 'ceiling-rows.json');
  const reader = openSqlite(small.path, { readonly: true, fileMustExist: true });
  try {
    const listedRows = reader.prepare('select body from jobs where service_principal_id = ? and template_id = ? order by id limit 100').all(sp, 'scim') as { body: string }[];
    writeFileSync(rowsFile, JSON.stringify(listedRows.map((row) => row.body)));
  } finally {
    reader.close();
  }
  const ceiling = await startCeilingServer(rowsFile);
  try {
    results['ceiling-list'] = await run(ceiling.url, '/', 'GET');
  } finally {
    await ceiling.stop();
  }

  const rows: Row[] = [];
  for (const [what, limit, label] of [
    ['create', 100, `POST create`],
    ['list', 10, `GET templateId eq, 100 rows`],
  ] as const) {
    const ours = results[`syncemu-${what}`]!;
    const peer = results[`json-server-${what}`]!;
    // json-server may complete no write at all in a short run: then its rate is below 1 per run.
    const peerRate = peer.total > 0 ? peer.requestsPerSecond : 1 / ctx.httpSeconds;
    const ratio = ours.requestsPerSecond / peerRate;
    rows.push({
      id: `http-${what}`,
      scenario: `7. HTTP ${label}: syncemu serve vs json-server (${k(small.jobs)})`,
      median: formatRate(ours.requestsPerSecond, ' req/s'),
      p95: `${ours.latencyP95} ms latency`,
      baseline: peer.total > 0 ? `${peer.requestsPerSecond.toFixed(peer.requestsPerSecond < 10 ? 1 : 0)} req/s` : `< ${peerRate.toFixed(1)} req/s (none in ${ctx.httpSeconds} s)`,
      ratio: `${peer.total > 0 ? '' : '> '}${formatRatio(ratio)}`,
      target: `≥ ${limit}×`,
      met: met(ratio >= limit),
      note:
        `autocannon, ${connections} connections, ${ctx.httpSeconds} s after a ${warmup} s warm-up, each server alone in its own process over the same ${small.jobs.toLocaleString('en-US')} jobs ` +
        `(syncemu: a copy of the file database; json-server: db.json, the same bodies in id order). ` +
        (what === 'create'
          ? `Both get POST ${CREATE_BODY}; json-server 0.17.4 rewrites its whole db.json on every write. `
          : `syncemu: \`$filter=templateId eq 'scim'&$top=100\`; json-server: \`?templateId=scim&_limit=100\`; the same 100 jobs. `) +
        `syncemu ${formatRate(ours.requestsPerSecond, ' req/s')} (latency p50 ${ours.latencyP50} ms, p95 ${ours.latencyP95} ms, ${ours.megabytesPerSecond.toFixed(0)} MB/s); ` +
        `json-server ${formatRate(peer.requestsPerSecond, ' req/s')} (latency p50 ${peer.latencyP50} ms, p95 ${peer.latencyP95} ms, ${peer.megabytesPerSecond.toFixed(1)} MB/s).` +
        (what === 'list'
          ? ` Ceiling, same load: a bare node:http server that only joins the same 100 stored rows into one text per request (no routing, no SQL) answers ${formatRate(results['ceiling-list']!.requestsPerSecond, ' req/s')}, ${formatRatio(results['ceiling-list']!.requestsPerSecond / peer.requestsPerSecond)} json-server.`
          : ''),
      raw: { syncemu: ours, jsonServer: peer, ratio, limit, ...(what === 'list' && { ceiling: results['ceiling-list'] }) },
    });
  }
  return rows;
}

/** Scenario 8: peak resident set of `syncemu serve` over the 1M-job database, answering list queries. */
export async function memoryScenario(ctx: Context): Promise<Row[]> {
  const data = ctx.big ?? ctx.small;
  const sp = data.servicePrincipalId;
  ctx.log(`8. memory: syncemu serve over ${k(data.jobs)} jobs, list queries for ${ctx.memorySeconds} s`);
  const server = await startSyncemu(data.path);
  try {
    const base = jobsPath(sp);
    const second = (await (await fetch(`${server.url}${base}`)).json()) as { '@odata.nextLink': string };
    const idle = residentSet(server.pid);
    const templates = ['scim', 'customappsso', 'Azure2Azure', 'AD2AADProvisioning', 'AD2AADPasswordHash', 'API2AAD', 'BoxOutDelta', 'SfSandboxOutDelta', 'gsuite', 'aws', 'slack', 'gitHubEnterpriseCloud'];
    const queries = [
      ...templates.map((t) => `$filter=${encodeURIComponent(`templateId eq '${t}'`)}&$top=100`),
      `$filter=${encodeURIComponent(NESTED_FILTER)}&$top=100`,
      `$filter=${encodeURIComponent("status/code eq 'Active'")}`,
      `$filter=${encodeURIComponent("templateId eq 'slack'")}&$count=true&$top=10`,
      `$select=id,status&$top=200`,
      new URL(second['@odata.nextLink']).search.slice(1),
      '',
    ];
    const requests = queries.map((query) => ({ method: 'GET', path: query === '' ? base : `${base}?${query}` }));
    for (const request of requests) {
      const response = await fetch(server.url + request.path);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`memory scenario: ${request.path} answered ${response.status}`);
    }
    const watch = watchMemory(server.pid);
    const result = await load({ url: server.url, connections: 10, duration: ctx.memorySeconds, requests });
    const { samples, peak } = watch.stop();
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`memory scenario: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    const rss = summarize(samples);
    const limit = 200 * 1024 * 1024;
    return [
      {
        id: 'memory-peak-rss',
        scenario: `8. memory: serve over ${k(data.jobs)} jobs, list queries ${ctx.memorySeconds} s`,
        median: formatMegabytes(rss.median),
        p95: formatMegabytes(rss.p95),
        baseline: `${formatMegabytes(idle.rss)} idle`,
        ratio: `peak ${formatMegabytes(peak)}`,
        target: 'peak ≤ 200 MB',
        met: met(peak <= limit),
        note:
          `resident set of the \`syncemu serve\` process (${Math.round(data.megabytes).toLocaleString('en-US')} MB database file), sampled every 100 ms; peak = the kernel's high-water mark (VmHWM). ` +
          `autocannon, 10 connections cycling through ${requests.length} list queries (each template, the nested filter, status/code, $count, $select, a nextLink page, the first page): ` +
          `${formatRate(result.requestsPerSecond, ' req/s')}, latency p50 ${result.latencyP50} ms, p95 ${result.latencyP95} ms.` +
          (ctx.big ? '' : ' (--quick: the 10k database, not 1M.)'),
        raw: { rssMedian: rss.median, rssP95: rss.p95, idle: idle.rss, peak, limit, load: result },
      },
    ];
  } finally {
    await server.stop();
  }
}

export function sinkValue(): number {
  return sink;
}

/** Feeds a result of another module's tasks into the sink. */
export function addToSink(value: number): void {
  sink += value;
}
