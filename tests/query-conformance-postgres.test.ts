/**
 * The OData corpus (tests/conformance/cases.ts) on PostgreSQL: every list and `$count` case's
 * filter, order, `$top`/`$skip`, `$count` and keyset walk, compiled by the store's compiler in its
 * PostgreSQL dialect from the same checked tree, run against a real PostgreSQL 15 holding the same
 * stored job documents, must give the ids (in order, when the case says) and counts SQLite gives.
 * `$select` pages must hold the members, in order, and values SQLite's projection gives. Stage 2 of
 * docs/decisions/0022-postgresql-store-design.md: the PostgreSQL store itself (and the HTTP surface
 * on it) is not built yet.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { MAX_TOP, parseListQuery } from '@syncemu/odata';
import { compileCount, compileListPage, openPostgresStore, postgresCompiler, summarizePostgresPlan, type AsyncStore, type ListPageRequest } from '@syncemu/store';
import type { ListQuery } from '@syncemu/odata';

type CompiledQuery = ReturnType<typeof compileCount>;
import { cases, type Case, type CountCase, type ListCase } from './conformance/cases.js';
import fc from 'fast-check';
import { render } from './conformance/expression.js';
import { ALL_IDS, JOBS, NOW, OTHER_JOBS, SP, SP_OTHER } from './conformance/jobs-fixture.js';
import { referenceQuery } from './conformance/reference-evaluator.js';
import { filterArb, orderByArb } from './support/query-arbitraries.js';
import { encodeQuery, internalErrors, newQueryEmulator, seededEmulator } from './support/query-http.js';
import { caseUrl, check as checkCase, label } from './support/conformance-check.js';
import { FIXTURE } from './conformance/jobs-fixture.js';
import { startPostgres, type Postgres } from './support/postgres.js';

const isError = (c: Case) => 'error' in c;
const isList = (c: Case): c is ListCase => !isError(c) && !('path' in c);
const isCount = (c: Case): c is CountCase => 'path' in c && c.path === 'count' && !isError(c);

const postgresSql = postgresCompiler();

/** The service principal of the plan test's 20,000 other jobs. */
const FILLER = '00000000-0000-4000-8000-00000000f111';

let server: Postgres;
let client: pg.Client;
let emulator: Awaited<ReturnType<typeof seededEmulator>>;
let store: AsyncStore;

test.before(async () => {
  server = await startPostgres();
  // the schema the PostgreSQL store keeps its tables and functions in
  client = new pg.Client({ connectionString: server.url, options: '-c search_path=syncemu,public' });
  await client.connect();
  // the schema as the PostgreSQL store migrates it
  store = await openPostgresStore(server.url);
  for (const sp of [SP, SP_OTHER, FILLER]) await client.query(`insert into service_principals (id, registered, created_at) values ($1, true, '2025-01-01T00:00:00Z')`, [sp]);
  // the job documents exactly as the SQLite store keeps them
  emulator = await seededEmulator();
  for (const [sp, ids] of [[SP, ALL_IDS], [SP_OTHER, OTHER_JOBS.map((job) => job.id)]] as const) {
    for (const id of ids) {
      const body = emulator.store.jobs.get(sp, id)!;
      await client.query('insert into jobs (service_principal_id, id, template_id, body) values ($1, $2, $3, $4)', [sp, id, (JSON.parse(body) as { templateId: string }).templateId, body]);
    }
  }
});

test.after(async () => {
  await store?.close();
  await emulator?.close();
  await client?.end();
  await server?.stop();
});

async function run(query: CompiledQuery): Promise<unknown[][]> {
  const result = await client.query({ text: query.sql, values: query.parameters as unknown[], rowMode: 'array' });
  return result.rows as unknown[][];
}

/** One case on PostgreSQL; returns what differs from the case's expectation ('' when nothing). */
async function check(c: ListCase): Promise<string> {
  const parsed = parseListQuery(encodeQuery(c.query));
  const query = parsed;
  const pageSize = Math.min(query.top ?? 100, MAX_TOP);
  const request: ListPageRequest = { servicePrincipalId: SP, query, pageSize, context: { now: NOW, dialect: 'postgres' } };
  const got: string[] = [];
  const bodies: string[] = [];
  let count: number | undefined;
  let after: ListPageRequest['after'];
  for (let pages = 0; ; pages++) {
    if (pages > ALL_IDS.length + 1) return 'the walk does not end';
    const { query: compiled, columns } = compileListPage(postgresSql, { ...request, ...(after && { after }) });
    const rows = await run(compiled);
    const page = rows.slice(0, pageSize);
    bodies.push(...page.map((row) => String(row[columns.body])));
    got.push(...page.map((row) => String(columns.id === undefined ? (JSON.parse(String(row[columns.body])) as { id: string }).id : row[columns.id])));
    if (columns.count !== undefined && pages === 0) count = Number(rows[0]?.[columns.count] ?? (await countOf(c.query)));
    // `$top=0` is an empty page, never followed
    if (c.walk === undefined || rows.length <= pageSize || pageSize === 0) {
      if (c.walk === undefined && rows.length > pageSize && pageSize > 0) return `more than a page of ${pageSize}: a walk was not expected`;
      break;
    }
    const last = page[page.length - 1]!;
    after = { keys: columns.keys.map((index) => (last[index] ?? null) as string | number | null), id: got[got.length - 1]! };
  }
  if (c.keys !== undefined) {
    // `$select`: byte for byte SQLite's projection (the same members, order, values and spacing)
    const sqlite = await Promise.all(got.map(async (id) => (await emulator.store.jobs.get(SP, id, parsed.select))!));
    const mine = bodies;
    const differs = mine.findIndex((body, i) => body !== sqlite[i]);
    if (differs >= 0) return `projection of ${got[differs]}\n      got:      ${mine[differs]!.slice(0, 400)}\n      expected: ${sqlite[differs]!.slice(0, 400)}`;
  }
  const expected = [...(c.walk ?? c.expected)];
  const same = c.ordered ? JSON.stringify(got) === JSON.stringify(expected) : JSON.stringify([...got].sort()) === JSON.stringify([...expected].sort());
  if (!same && (c.keys === undefined || c.keys.includes('id'))) return `ids\n      got:      ${got.join(' ')}\n      expected: ${expected.join(' ')}`;
  if (got.length !== expected.length) return `${got.length} rows, expected ${expected.length}`;
  if (c.count !== undefined && count !== c.count) return `@odata.count ${String(count)}, expected ${c.count}`;
  return '';
}

async function countOf(text: string): Promise<number> {
  const parsed = parseListQuery(encodeQuery(text));
  const rows = await run(compileCount(postgresSql, SP, parsed, { now: NOW, dialect: 'postgres' }));
  return Number(rows[0]![0]);
}

test('every list case of the corpus gives on PostgreSQL the rows SQLite gives', async () => {
  const failures: string[] = [];
  const lists = cases.filter(isList);
  for (const c of lists) {
    try {
      const problem = await check(c);
      if (problem) failures.push(`?${c.query}: ${problem}`);
    } catch (error) {
      failures.push(`?${c.query}: ${(error as Error).message}`);
    }
  }
  assert.ok(lists.length > 350, `${lists.length} list cases`);
  assert.equal(failures, [], `${failures.length} of ${lists.length} cases differ on PostgreSQL:\n${failures.join('\n')}`);
});

test('every $count case of the corpus counts on PostgreSQL what SQLite counts', async () => {
  const failures: string[] = [];
  for (const c of cases.filter(isCount)) {
    try {
      const counted = await countOf(c.query);
      if (counted !== c.count) failures.push(`?${c.query}: ${counted}, expected ${c.count}`);
    } catch (error) {
      failures.push(`?${c.query}: ${(error as Error).message}`);
    }
  }
  assert.equal(failures, []);
});

/** Every job of SP a query lists, page after page through the store's own skiptokens. */
async function walkStore(on: { jobs: Pick<AsyncStore['jobs'], 'listPage'> }, query: ListQuery, pageSize: number): Promise<string[]> {
  const got: string[] = [];
  let page = await on.jobs.listPage(SP, query, { pageSize, ordering: query.orderByText, context: { now: NOW } });
  for (let pages = 0; ; pages++) {
    if (pages > ALL_IDS.length + 1) throw new Error('the walk does not end');
    got.push(...page.rows.map((row) => (JSON.parse(row) as { id: string }).id));
    if (page.nextSkipToken === undefined) return got;
    page = await on.jobs.listPage(SP, { ...query, skipToken: page.nextSkipToken }, { pageSize, ordering: query.orderByText, context: { now: NOW } });
  }
}

/** SQLite's answer to the same walk: the emulator's own (synchronous) store, through the same interface. */
const sqliteJobs = () => ({ jobs: { listPage: async (...args: Parameters<AsyncStore['jobs']['listPage']>) => emulator.store.jobs.listPage(...args) } });

test('walks by skiptoken over boolean, enum, duration, instant and null-heavy keys list on PostgreSQL what they list on SQLite', async () => {
  const orderings = [
    'status/escrowsPruned',
    'status/escrowsPruned desc,templateId',
    'status/code desc',
    'schedule/interval,status/quarantine/reason desc',
    'status/lastExecution/timeEnded desc',
    'status/lastExecution/countExported,status/troubleshootingUrl',
    "status/code eq 'Active'",
    'synchronizationJobSettings/any(s: s/value eq \'500\') desc',
  ];
  for (const ordering of orderings) {
    for (const pageSize of [1, 3, 7]) {
      const query = parseListQuery(`$orderby=${encodeURIComponent(ordering)}`);
      const mine = await walkStore(store, query, pageSize);
      const sqlite = await walkStore(sqliteJobs(), query, pageSize);
      assert.equal(mine, sqlite, `$orderby=${ordering}, pages of ${pageSize}`);
      assert.is(mine.length, ALL_IDS.length);
    }
  }
});

test('edge cases where PostgreSQL differs from SQLite by default list alike (nulls in substring, huge positions, round, mod of doubles, ∞ − ∞, year 0000, text literals)', async () => {
  const filters = [
    "substring(id, indexof(status/troubleshootingUrl, 'x')) eq id",
    "substring(templateId, 2147483647) eq ''",
    'round(2.4999999999999996) eq 2 and round(-2.5) eq -3',
    '1.0000000000000002 mod 1 gt 0',
    '(INF sub INF) eq null',
    'schedule/expiration gt 0000-06-01T00:00:00Z',
    "templateId lt 'B'",
    "tolower(templateId) lt 'B'",
    "year(status/lastExecution/timeEnded) eq 2025 and schedule/interval lt duration'P99999999999999999999999999999999999999999999999999D'",
  ];
  for (const filter of filters) {
    const query = parseListQuery(`$filter=${encodeURIComponent(filter)}`);
    const mine = await walkStore(store, query, 999);
    const sqlite = await walkStore(sqliteJobs(), query, 999);
    assert.equal(mine, sqlite, `$filter=${filter}`);
  }
});

const RUNS = process.env['SYNCEMU_LONG'] === '1' ? 30_000 : 1_500;

test(`${RUNS} random well-typed filters and orderings, walked at random page sizes on PostgreSQL, list what the reference evaluator computes`, async () => {
  let nonTrivial = 0;
  await fc.assert(
    fc.asyncProperty(fc.option(filterArb, { freq: 8 }), orderByArb, fc.oneof(fc.constant(999), fc.integer({ min: 1, max: 20 })), async (filter, orderBy, pageSize) => {
      const style = { upper: false, parenthesise: false, spaces: 1 } as const;
      const filterText = filter === null ? undefined : render(filter, style);
      const orderText = orderBy.map((key) => `${render(key.expr, style)}${key.descending ? ' desc' : ''}`).join(',');
      const text = [...(filterText === undefined ? [] : [`$filter=${filterText}`]), ...(orderText === '' ? [] : [`$orderby=${orderText}`])].join('&');
      const parsed = parseListQuery(
        [...(filterText === undefined ? [] : [`$filter=${encodeURIComponent(filterText)}`]), ...(orderText === '' ? [] : [`$orderby=${encodeURIComponent(orderText)}`])].join('&'),
      );
      let got: string[];
      try {
        got = await walkStore(store, parsed, pageSize);
      } catch (error) {
        throw new Error(`?${text}\n${(error as Error).message}`);
      }
      const expected = referenceQuery(JOBS, filter ?? undefined, orderBy, { now: NOW }).map((job) => job.id);
      if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`?${text}\npage size ${pageSize}\n  postgres:  ${got.join(' ')}\n  reference: ${expected.join(' ')}`);
      if (expected.length > 0 && expected.length < JOBS.length) nonTrivial++;
    }),
    { numRuns: RUNS, seed: Number(process.env['SYNCEMU_SEED'] ?? 20250615), endOnFailure: true, includeErrorInReport: true },
  );
  assert.ok(nonTrivial > RUNS * 0.25, `${nonTrivial} runs selected some but not all jobs`);
});

test("PostgreSQL's plans: the indexes of decisions.md §4 serve the filters they are for (20,000 jobs of another service principal beside)", async () => {
  await client.query(
    `insert into jobs (service_principal_id, id, template_id, body)
     select $1, 'f' || i, case when i % 2000 = 0 then 'rare' else 'scim' end,
            json_build_object('id', 'f' || i, 'templateId', case when i % 2000 = 0 then 'rare' else 'scim' end,
                              'status', json_build_object('code', case when i % 1000 = 0 then 'Quarantine' else 'Active' end))::text
     from generate_series(1, 20000) as i`,
    [FILLER],
  );
  await client.query('analyze jobs');
  const explain = async (text: string) => {
    const parsed = parseListQuery(encodeQuery(text));
    const { query } = compileListPage(postgresSql, { servicePrincipalId: FILLER, query: parsed, pageSize: 100, context: { now: NOW, dialect: 'postgres' } });
    const result = await client.query({ text: `explain (format json) ${query.sql}`, values: query.parameters as unknown[] });
    return summarizePostgresPlan(result.rows[0]['QUERY PLAN'], 'jobs');
  };
  const byStatus = await explain("$filter=status/code eq 'Quarantine'");
  assert.equal(byStatus.indexes, ['jobs_sp_status_code'], byStatus.lines.join('\n'));
  assert.not.ok(byStatus.fullScan);
  const byTemplate = await explain("$filter=templateId eq 'rare'&$count=true");
  assert.ok(byTemplate.indexes.includes('jobs_sp_template'), byTemplate.lines.join('\n'));
  // a filter on a JSON property: PostgreSQL reads the service principal's rows (or all) and checks each
  const byInterval = await explain("$filter=schedule/interval gt duration'PT1H'");
  assert.ok(byInterval.lines.some((line) => /Filter: .*syncemu_duration_seconds/.test(line)), byInterval.lines.join('\n'));
});

test('the whole corpus end to end: an emulator over PostgreSQL (createEmulator({ database: postgres://… })) answers every case as the SQLite suite requires', async () => {
  // a database of its own, seeded through the emulator itself
  await client.query('create database corpus');
  const onPostgres = await newQueryEmulator({ database: server.url.replace(/\/postgres$/, '/corpus') }).ready;
  try {
    await onPostgres.seed(FIXTURE);
    const failures: string[] = [];
    for (const c of cases) {
      const problem = await checkCase((url) => onPostgres.fetch(url), c, caseUrl(c));
      if (problem) failures.push(`${label(c)}\n    ${problem}`);
    }
    assert.ok(cases.length >= 300);
    assert.is(failures.length, 0, `${failures.length} of ${cases.length} cases fail on PostgreSQL:\n  ${failures.join('\n  ')}`);
    assert.equal(internalErrors, []);
  } finally {
    await onPostgres.close();
  }
});

test.run();
