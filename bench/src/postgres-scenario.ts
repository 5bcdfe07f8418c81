import { copyFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEmulator } from '@syncemu/core';
import { restoreDataset } from './data.js';
import { runTogether, summarizeRounds, type LoadResult, type LoadRound } from './load.js';
import { measure, type TimedTask } from './measure.js';
import { countStatements, loadPostgresDataset, restorePostgresDataset, startBenchPostgres, type BenchPostgres, type PostgresDataset, type SentStatement } from './postgres.js';
import { cpuSeconds, startSyncemu, treeCpuSeconds, type ChildServer } from './processes.js';
import { formatRate, formatRatio, formatTime, met, type Row } from './report.js';
import { addToSink, CREATE_BODY, expectStatus, get, ids, jobsPath, k, listUrl, NESTED_FILTER, post, sameIds, TEMPLATE_FILTER, timingRaw, type Context } from './scenarios.js';
import { openSqlite } from './sqlite.js';

/**
 * Scenario 13 (issue 16): the product on PostgreSQL beside SQLite. A throwaway PostgreSQL 15 with
 * durable settings gets a copy of the main data set; scenarios 2, 3 and 5 run in process on both
 * (and as hand-written SQL on both); then HTTP throughput of 1, 2 and 4 `syncemu serve` processes
 * over the one PostgreSQL database, against one over the SQLite file, under the same mixed load.
 */
export async function postgresScenario(ctx: Context): Promise<Row[]> {
  const size = k(ctx.main.jobs);
  ctx.log(`13. PostgreSQL: a throwaway PostgreSQL (durable settings), the ${size} data set copied in`);
  const server = await startBenchPostgres();
  try {
    const data = await loadPostgresDataset(server, 'bench_jobs', ctx.main);
    ctx.log(`13. PostgreSQL ${server.version}: ${ctx.main.jobs.toLocaleString('en-US')} jobs loaded in ${data.loadSeconds.toFixed(1)} s (jobs table ${Math.round(data.megabytes)} MB)`);
    const rows = await inProcessRows(ctx, server, data);
    rows.push(...(await httpRows(ctx, server, data)));
    return rows;
  } finally {
    server.stop();
  }
}

/** What a request sends to PostgreSQL, for a note: how many statements, and each one's start. */
function statementsNote(statements: readonly SentStatement[]): string {
  const short = (sql: string) => (sql.length > 70 ? `${sql.slice(0, 70)}…` : sql);
  return `${statements.length} statement${statements.length === 1 ? '' : 's'}, each a round trip to PostgreSQL (${statements.map(({ sql }) => `\`${short(sql)}\``).join('; ')})`;
}

/** How many of a write's round trips run under the write lock. */
function lockNote(statements: readonly SentStatement[]): string {
  const at = statements.findIndex(({ sql }) => sql.includes('pg_advisory_xact_lock'));
  if (at < 0) return '';
  return `It holds the write lock (\`pg_advisory_xact_lock\`: one writer at a time, as SQLite's BEGIN IMMEDIATE) over its last ${statements.length - at} round trips, the commit's WAL flush included: every create of every server waits for it. `;
}

/** Whether PostgreSQL parses and plans the product's statements on every call (unnamed) or once (named). */
function namedNote(statements: readonly SentStatement[]): string {
  const unnamed = statements.filter((statement) => !statement.named).length;
  if (unnamed === 0) return 'its statements are named (parsed once per connection)';
  return `${unnamed === statements.length ? 'its statements are' : `${unnamed} of its statements are`} unnamed, so PostgreSQL parses and plans ${unnamed === 1 ? 'it' : 'each'} on every call`;
}

function setupNote(server: BenchPostgres, data: PostgresDataset): string {
  const s = server.settings;
  return (
    `PostgreSQL ${server.version} started for the run (initdb, pg_ctl; bench/src/postgres.ts) with its durable defaults: fsync ${s['fsync']}, synchronous_commit ${s['synchronous_commit']}, full_page_writes ${s['full_page_writes']}, ` +
    `shared_buffers ${s['shared_buffers']}, over TCP on 127.0.0.1; the data set's rows copied from its SQLite file into the schema the product migrates (${data.loadSeconds.toFixed(1)} s; jobs table ${Math.round(data.megabytes)} MB with its jsonb copy and indexes).`
  );
}

async function inProcessRows(ctx: Context, server: BenchPostgres, data: PostgresDataset): Promise<Row[]> {
  const { main, budgets } = ctx;
  const sp = main.servicePrincipalId;
  const size = k(main.jobs);
  const rows: Row[] = [];
  // the lists without the request journal, creates with it (the default), as scenarios 2, 3 and 5
  const sqliteQuiet = createEmulator({ database: main.path, journalSize: 0 });
  const postgresQuiet = createEmulator({ database: data.url, journalSize: 0 });
  const sqlite = createEmulator({ database: main.path });
  const postgres = createEmulator({ database: data.url });
  const reader = openSqlite(main.path, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: data.url, options: '-c search_path=syncemu' });
  // the same INSERT, its commit not waiting for the WAL flush: what the flush costs
  const lazyClient = new pg.Client({ connectionString: data.url, options: '-c search_path=syncemu -c synchronous_commit=off' });
  await client.connect();
  await lazyClient.connect();
  try {
    await Promise.all([sqliteQuiet.ready, postgresQuiet.ready, sqlite.ready, postgres.ready]);
    // what one round trip to PostgreSQL costs here: an empty prepared statement
    const emptyQuery = { name: 'bench-empty', text: 'select 1', rowMode: 'array' as const };
    const roundTrip = (await measure([{ name: 'select 1', async: true, fn: async () => addToSink((await client.query(emptyQuery)).rows.length) }], budgets.micro)).get('select 1')!;
    const roundTripNote = `one round trip (a prepared \`select 1\` on the same connection) costs ${formatTime(roundTrip.median)} here`;
    const lists = [
      {
        key: 'list',
        title: `$filter=templateId eq 'scim'&$top=100`,
        url: listUrl(sp, TEMPLATE_FILTER),
        sqliteSql: 'select body from jobs where service_principal_id = ? and template_id = ? order by id limit 100',
        postgresSql: 'select body from jobs where service_principal_id = $1 and template_id = $2 order by id limit 100',
        values: [sp, 'scim'],
      },
      {
        key: 'nested',
        title: 'nested filter',
        url: listUrl(sp, NESTED_FILTER),
        sqliteSql: `select body from jobs where service_principal_id = ? and status_code = ? and json_extract(body, '$.status.countSuccessiveCompleteFailures') >= ? order by id limit 100`,
        postgresSql: `select body from jobs where service_principal_id = $1 and status_code = $2 and (doc #>> '{status,countSuccessiveCompleteFailures}')::numeric >= $3 order by id limit 100`,
        values: [sp, 'Quarantine', 3],
      },
    ] as const;
    for (const list of lists) {
      if (list === lists[0]) ctx.log(`13. PostgreSQL vs SQLite in process: scenario 2's list (${size})`);
      else ctx.log(`13. PostgreSQL vs SQLite in process: scenario 3's nested filter (${size})`);
      const statement = reader.prepare(list.sqliteSql);
      const sqliteSql = () => statement.all(...list.values) as { body: string }[];
      const postgresQuery = { name: `bench-${list.key}`, text: list.postgresSql, values: [...list.values], rowMode: 'array' as const };
      const postgresSql = async () => (await client.query<[string]>(postgresQuery)).rows;
      // the same statement unnamed: parsed and planned on every call, as the product's statements are
      const unnamedQuery = { text: list.postgresSql, values: [...list.values], rowMode: 'array' as const };
      const bodyIds = (bodies: readonly string[]) => bodies.map((body) => (JSON.parse(body) as { id: string }).id);
      const onPostgres = ids(String(expectStatus(await postgresQuiet.handle({ method: 'GET', url: list.url }), 200, `${list.key} on PostgreSQL`).body));
      const onSqlite = ids(String(expectStatus(await sqliteQuiet.handle({ method: 'GET', url: list.url }), 200, `${list.key} on SQLite`).body));
      sameIds(onPostgres, onSqlite, `${list.title}: PostgreSQL vs SQLite`);
      sameIds(onPostgres, bodyIds((await postgresSql()).map((row) => row[0])), `${list.title}: the product vs SQL on PostgreSQL`);
      sameIds(onSqlite, bodyIds(sqliteSql().map((row) => row.body)), `${list.title}: the product vs SQL on SQLite`);
      const statements = await countStatements(() => postgresQuiet.handle({ method: 'GET', url: list.url }));
      const tasks: TimedTask[] = [
        { name: 'postgres', async: true, fn: get(postgresQuiet, list.url) },
        { name: 'sqlite', async: true, fn: get(sqliteQuiet, list.url) },
        { name: 'postgres-sql', async: true, fn: async () => addToSink((await postgresSql()).length) },
        { name: 'postgres-sql-unnamed', async: true, fn: async () => addToSink((await client.query<[string]>(unnamedQuery)).rows.length) },
        { name: 'sqlite-sql', async: false, fn: () => addToSink(sqliteSql().length) },
      ];
      const timings = await measure(tasks, budgets.normal);
      const product = timings.get('postgres')!;
      const baseline = timings.get('sqlite')!;
      const sql = timings.get('postgres-sql')!;
      const unnamed = timings.get('postgres-sql-unnamed')!;
      const sqliteBare = timings.get('sqlite-sql')!;
      rows.push({
        id: `postgres-${list.key}`,
        scenario: `13. PostgreSQL: ${list.title}, vs SQLite (${size})`,
        median: formatTime(product.median),
        p95: formatTime(product.p95),
        baseline: `${formatTime(baseline.median)} SQLite`,
        ratio: formatRatio(product.median / baseline.median),
        target: 'report',
        met: '—',
        note:
          `scenario ${list.key === 'list' ? 2 : 3}'s request (\`${list.title === 'nested filter' ? `$filter=${NESTED_FILTER}&$top=100` : list.title}\`, the same 100 ids in order on both) through handle() of an emulator on PostgreSQL (\`createEmulator({ database: 'postgres://…' })\`) against one on the SQLite file, both with the journal off. ` +
          `On PostgreSQL it is ${statementsNote(statements)}; on SQLite the same reads are calls into the process.` +
          (list.key === 'list' ? ` ${setupNote(server, data)}` : ''),
        raw: { product: timingRaw(product), baseline: timingRaw(baseline), ratio: product.median / baseline.median, statements, ...(list.key === 'list' && { postgres: { version: server.version, settings: server.settings, loadSeconds: data.loadSeconds, megabytes: data.megabytes } }) },
      });
      rows.push({
        id: `postgres-${list.key}-sql`,
        scenario: `13. PostgreSQL: ${list.title}, vs its SQL on PostgreSQL (${size})`,
        median: formatTime(product.median),
        p95: formatTime(product.p95),
        baseline: `${formatTime(sql.median)} SQL`,
        ratio: formatRatio(product.median / sql.median),
        target: 'report',
        met: '—',
        note:
          `the row above against the hand-written \`${list.postgresSql}\`, one named prepared statement on one pg connection (rows as arrays), the same 100 rows: the product's cost over PostgreSQL itself. ` +
          `The product sends ${statements.length} statements where this sends one, and ${roundTripNote}; ${namedNote(statements)}: the hand-written statement sent unnamed takes ${formatTime(unnamed.median)}. ` +
          `On SQLite in the same run: the product ${formatTime(baseline.median)} over its SQL's ${formatTime(sqliteBare.median)} (${formatRatio(baseline.median / sqliteBare.median)}); PostgreSQL's own statement is ${formatRatio(sql.median / sqliteBare.median)} SQLite's.`,
        raw: { product: timingRaw(product), baseline: timingRaw(sql), ratio: product.median / sql.median, unnamed: timingRaw(unnamed), roundTrip: timingRaw(roundTrip), sqliteProduct: timingRaw(baseline), sqliteSql: timingRaw(sqliteBare) },
      });
    }

    ctx.log(`13. PostgreSQL vs SQLite in process: scenario 5's create (${size})`);
    const created = String(expectStatus(await postgres.handle({ method: 'POST', url: jobsPath(sp), headers: { 'content-type': 'application/json' }, body: CREATE_BODY }), 201, 'create on PostgreSQL').body);
    expectStatus(await sqlite.handle({ method: 'POST', url: jobsPath(sp), headers: { 'content-type': 'application/json' }, body: CREATE_BODY }), 201, 'create on SQLite');
    const newJobBody = JSON.stringify({ ...(JSON.parse(created) as Record<string, unknown>), '@odata.context': undefined });
    const statements = await countStatements(post(postgres, sp));
    let n = 0;
    const insert = (on: pg.Client, name: string) => async () => {
      const id = `scim.bench.${process.pid}.${++n}`;
      const result = await on.query({
        name,
        text: 'insert into jobs (service_principal_id, id, template_id, body) values ($1, $2, $3, $4)',
        values: [sp, id, 'scim', newJobBody.replace(/"id":"[^"]*"/, `"id":"${id}"`)],
      });
      addToSink(result.rowCount ?? 0);
    };
    const writer = openSqlite(main.path, { fileMustExist: true, timeout: 5000 });
    writer.pragma('synchronous = NORMAL'); // as the store opens it
    const sqliteInsert = writer.prepare('insert into jobs (service_principal_id, id, template_id, body) values (?, ?, ?, ?)');
    const sqliteOnce = writer.transaction((id: string) => sqliteInsert.run(sp, id, 'scim', newJobBody.replace(/"id":"[^"]*"/, `"id":"${id}"`))).immediate;
    try {
      const timings = await measure(
        [
          { name: 'postgres', async: true, fn: post(postgres, sp) },
          { name: 'sqlite', async: true, fn: post(sqlite, sp) },
          { name: 'postgres-sql', async: true, fn: insert(client, 'bench-insert') },
          { name: 'postgres-sql-lazy', async: true, fn: insert(lazyClient, 'bench-insert-lazy') },
          { name: 'sqlite-sql', async: false, fn: () => sqliteOnce(`scim.bench.${process.pid}.${++n}`) },
        ],
        budgets.normal,
      );
      const product = timings.get('postgres')!;
      const baseline = timings.get('sqlite')!;
      const sql = timings.get('postgres-sql')!;
      const lazy = timings.get('postgres-sql-lazy')!;
      const sqliteBare = timings.get('sqlite-sql')!;
      rows.push({
        id: 'postgres-create',
        scenario: `13. PostgreSQL: create, vs SQLite (${size})`,
        median: formatTime(product.median),
        p95: formatTime(product.p95),
        baseline: `${formatTime(baseline.median)} SQLite`,
        ratio: formatRatio(product.median / baseline.median),
        target: 'report',
        met: '—',
        note:
          `POST ${CREATE_BODY} through handle(), answered 201 after its transaction committed: ${formatRate(1000 / product.median, ' writes/s')} on PostgreSQL, ${formatRate(1000 / baseline.median, ' writes/s')} on the SQLite file (1 / median; one after another). ` +
          `On PostgreSQL it is ${statementsNote(statements)}. Not the same durability: PostgreSQL's commit waits for its WAL to reach the disk (synchronous_commit on), SQLite's file runs WAL with synchronous=NORMAL, whose commit does not sync (a power loss may lose the last commits, never corrupt the file).`,
        raw: { product: timingRaw(product), baseline: timingRaw(baseline), ratio: product.median / baseline.median, writesPerSecond: 1000 / product.median, sqliteWritesPerSecond: 1000 / baseline.median, statements },
      });
      rows.push({
        id: 'postgres-create-sql',
        scenario: `13. PostgreSQL: create, vs its INSERT on PostgreSQL (${size})`,
        median: formatTime(product.median),
        p95: formatTime(product.p95),
        baseline: `${formatTime(sql.median)} INSERT`,
        ratio: formatRatio(product.median / sql.median),
        target: 'report',
        met: '—',
        note:
          `the row above against one named prepared INSERT of a new job's row, a transaction of its own (autocommit), on one pg connection: ${formatRate(1000 / sql.median, ' writes/s')}. ` +
          `The product sends ${statements.length} statements where this sends one, and ${roundTripNote}. ${lockNote(statements)}` +
          `The same INSERT with synchronous_commit off (not waiting for the WAL flush) takes ${formatTime(lazy.median)}: the flush is about ${formatTime(Math.max(0, sql.median - lazy.median))} of every commit here. ` +
          `On SQLite in the same run: the product ${formatTime(baseline.median)} over its INSERT's ${formatTime(sqliteBare.median)} (BEGIN IMMEDIATE … COMMIT, ${formatRatio(baseline.median / sqliteBare.median)}).`,
        raw: { product: timingRaw(product), baseline: timingRaw(sql), ratio: product.median / sql.median, insertNoSync: timingRaw(lazy), roundTrip: timingRaw(roundTrip), sqliteProduct: timingRaw(baseline), sqliteSql: timingRaw(sqliteBare) },
      });
    } finally {
      writer.close();
    }
  } finally {
    reader.close();
    await client.end();
    await lazyClient.end();
    await Promise.all([sqliteQuiet.close(), postgresQuiet.close(), sqlite.close(), postgres.close()]);
    restoreDataset(main.path, main.jobs);
    await restorePostgresDataset(data);
  }
  return rows;
}

/** The measured runs of a group of servers under the mixed load, added up, with the CPU each side used. */
interface GroupResult {
  readonly servers: number;
  readonly load: LoadResult;
  /** Each round's rate (2xx answers per second). */
  readonly rates: readonly number[];
  /** Seconds measured, all rounds. */
  readonly seconds: number;
  /** CPU seconds during the measured runs: the servers together, PostgreSQL (postmaster and backends), this process (autocannon). */
  readonly cpu: { servers: number; postgres: number; bench: number };
}

async function httpRows(ctx: Context, server: BenchPostgres, data: PostgresDataset): Promise<Row[]> {
  const { main } = ctx;
  const sp = main.servicePrincipalId;
  const size = k(main.jobs);
  const connections = 12; // 12, 6 + 6, 3 + 3 + 3 + 3
  // fresh servers open their pool's connections (each a new PostgreSQL backend, its caches cold) and
  // compile their hot paths during the warm-up: 1 s was not enough for 4 servers sharing 2 cores
  const warmup = ctx.quick ? 1 : 3;
  // rounds in alternating order (SQLite, 1, 2, 4 servers, then back), as measure() does in process
  const rounds = ctx.quick ? 1 : 2;
  const cores = availableParallelism();
  ctx.log(`13. PostgreSQL HTTP: 1, 2 and 4 servers over one database vs 1 on the SQLite file (${size} jobs, ${connections} connections, ${rounds} × ${ctx.httpSeconds} s a group)`);
  const list = listUrl(sp, TEMPLATE_FILTER);
  const one = (i: number) => `${jobsPath(sp)}/${main.sampleIds[i]}`;
  const create = { method: 'POST', path: jobsPath(sp), headers: { 'content-type': 'application/json' }, body: CREATE_BODY };
  // half GETs of one job, a quarter lists of 100, a quarter creates; each connection cycles through them
  const requests = [
    { method: 'GET', path: one(0) },
    { method: 'GET', path: list },
    { method: 'GET', path: one(1) },
    create,
    { method: 'GET', path: one(2) },
    { method: 'GET', path: list },
    { method: 'GET', path: one(3) },
    create,
  ];

  const sqliteCopy = join(ctx.tmp, 'postgres-baseline.sqlite');
  copyFileSync(main.path, sqliteCopy);
  const started: ChildServer[] = [];
  try {
    // every server for the whole scenario: a group of n uses the first n PostgreSQL servers, the others idle
    started.push(await startSyncemu(sqliteCopy));
    started.push(...(await Promise.all([1, 2, 3, 4].map(() => startSyncemu(data.url)))));
    const [sqliteServer, ...postgresServers] = started as [ChildServer, ...ChildServer[]];
    const groups = [
      { key: 'sqlite', servers: [sqliteServer] },
      ...[1, 2, 4].map((count) => ({ key: `postgres-${count}`, servers: postgresServers.slice(0, count) })),
    ];
    let listed: string[] | undefined;
    for (const { servers } of groups) {
      for (const child of servers) {
        const ids = ((await (await fetch(child.url + list)).json()) as { value: { id: string }[] }).value.map((job) => job.id);
        if (listed) sameIds(ids, listed, 'the HTTP list on PostgreSQL vs SQLite');
        listed ??= ids;
      }
    }
    const measured = new Map<string, { rounds: LoadRound[]; seconds: number; cpu: GroupResult['cpu'] }>(groups.map((group) => [group.key, { rounds: [], seconds: 0, cpu: { servers: 0, postgres: 0, bench: 0 } }]));
    for (let round = 0; round < rounds; round++) {
      for (const { key, servers } of round % 2 === 0 ? groups : [...groups].reverse()) {
        const options = (duration: number) => servers.map((child) => ({ url: child.url, connections: connections / servers.length, duration, requests }));
        await runTogether(options(warmup));
        const cpu = () => ({
          servers: servers.reduce((sum, child) => sum + cpuSeconds(child.pid), 0),
          postgres: key === 'sqlite' ? 0 : treeCpuSeconds(server.pid),
          bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
        });
        const before = cpu();
        const from = performance.now();
        const run = await runTogether(options(ctx.httpSeconds));
        const after = cpu();
        const into = measured.get(key)!;
        into.rounds.push(run);
        into.seconds += (performance.now() - from) / 1000;
        into.cpu.servers += after.servers - before.servers;
        into.cpu.postgres += after.postgres - before.postgres;
        into.cpu.bench += after.bench - before.bench;
        // the jobs this run created go again (a create still in flight when autocannon stopped may commit late: a moment first)
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (key === 'sqlite') restoreDataset(sqliteCopy, main.jobs);
        else await restorePostgresDataset(data, { check: false });
      }
    }
    const result = (key: string, servers: number): GroupResult => {
      const { rounds: runs, seconds, cpu } = measured.get(key)!;
      return { servers, load: summarizeRounds(runs), rates: runs.map((run) => summarizeRounds([run]).requestsPerSecond), seconds, cpu };
    };
    const baseline = result('sqlite', 1);
    const results = [1, 2, 4].map((count) => result(`postgres-${count}`, count));
    return httpTable(ctx, { baseline, results, connections, warmup, rounds, cores });
  } finally {
    await Promise.all(started.map((child) => child.stop()));
    await restorePostgresDataset(data);
  }
}

function httpTable(
  ctx: Context,
  { baseline, results, connections, warmup, rounds, cores }: { baseline: GroupResult; results: readonly GroupResult[]; connections: number; warmup: number; rounds: number; cores: number },
): Row[] {
  const { main } = ctx;
  const size = k(main.jobs);
  const cpuNote = (group: GroupResult) => {
    const total = group.cpu.servers + group.cpu.postgres + group.cpu.bench;
    const share = (value: number) => `${value.toFixed(1)} s`;
    return (
      `CPU over the ${group.seconds.toFixed(1)} s measured (${(cores * group.seconds).toFixed(1)} s on ${cores} cores): ${group.servers === 1 ? 'the server' : `the ${group.servers} servers`} ${share(group.cpu.servers)}` +
      (group.cpu.postgres > 0 ? `, PostgreSQL ${share(group.cpu.postgres)}` : '') +
      `, autocannon (the bench process) ${share(group.cpu.bench)}: ${Math.round((100 * total) / (cores * group.seconds))}% of the machine`
    );
  };
  const ok = (result: LoadResult) => result.non2xx === 0 && result.errors === 0;
  const answers = (result: LoadResult) => `${result.total.toLocaleString('en-US')} answers, ${result.non2xx} non-2xx, ${result.errors} errors`;
  const perRound = (group: GroupResult) => (group.rates.length > 1 ? ` (rounds: ${group.rates.map((rate) => formatRate(rate)).join(', ')})` : '');
  const single = results[0]!;
  return results.map((group) => {
    const { load: result } = group;
    return {
      id: `postgres-http-${group.servers}`,
      scenario: `13. PostgreSQL: HTTP mix, ${group.servers} server${group.servers === 1 ? '' : 's'} over one database (${size})`,
      median: formatRate(result.requestsPerSecond, ' req/s'),
      p95: `${result.latencyP95} ms latency`,
      baseline: `${formatRate(baseline.load.requestsPerSecond, ' req/s')} SQLite, 1 server`,
      ratio: formatRatio(result.requestsPerSecond / baseline.load.requestsPerSecond),
      target: 'all 2xx',
      met: met(ok(result) && ok(baseline.load)),
      note:
        (group.servers === 1
          ? `\`syncemu serve --db postgres://…\` processes over the one database, against one \`syncemu serve --db <a copy of the SQLite file>\`, the same ${main.jobs.toLocaleString('en-US')} jobs. ` +
            `autocannon (in the bench process), ${connections} connections split evenly over a group's servers (one autocannon per server, run together; rates added, latency percentiles of all answers), ` +
            `${rounds === 1 ? `${ctx.httpSeconds} s` : `${rounds} rounds of ${ctx.httpSeconds} s in alternating order of the groups`} after a ${warmup} s warm-up each; ` +
            `each connection cycles through GET one job, GET \`$filter=templateId eq 'scim'&$top=100\`, GET another job, POST ${CREATE_BODY}, and again with two more ids: half reads of one job, a quarter lists of 100, a quarter creates. The jobs created are deleted after each run. ` +
            `SQLite: ${formatRate(baseline.load.requestsPerSecond, ' req/s')}${perRound(baseline)}, latency p50 ${baseline.load.latencyP50} ms, p95 ${baseline.load.latencyP95} ms (${answers(baseline.load)}); ${cpuNote(baseline)}. `
          : `${formatRatio(result.requestsPerSecond / single.load.requestsPerSecond)} the rate of 1 server on PostgreSQL. `) +
        `PostgreSQL: ${formatRate(result.requestsPerSecond, ' req/s')}${perRound(group)}, latency p50 ${result.latencyP50} ms, p95 ${result.latencyP95} ms (${answers(result)}); ${cpuNote(group)}.` +
        (group.servers === 1
          ? ''
          : ` This machine has ${cores} CPUs, shared by the servers, PostgreSQL's backends and the load generator: more server processes than cores only divide the same CPU (and add context switches and connections), and every create of every server waits for the one write lock.`),
      raw: {
        postgres: { ...result, rounds: group.rates, seconds: group.seconds, cpuSeconds: group.cpu },
        sqlite: { ...baseline.load, rounds: baseline.rates, seconds: baseline.seconds, cpuSeconds: baseline.cpu },
        ratio: result.requestsPerSecond / baseline.load.requestsPerSecond,
        servers: group.servers,
        connections,
        cores,
      },
    };
  });
}
