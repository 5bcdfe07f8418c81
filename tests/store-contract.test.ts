/**
 * One contract, two stores (docs/decisions/0022-postgresql-store-design.md, stage 3): the async
 * store over SQLite (`openSqliteAsyncStore`) and over a throwaway PostgreSQL 15
 * (`openPostgresStore`) must answer every call alike: service principals and their job counts,
 * jobs, list pages walked by skiptoken with `$count`, runs in due order, the event ring, settings,
 * cascades, and transactions that land whole or not at all and never interleave; explain, reset
 * (one service principal or all), read transactions, the digest. Then PostgreSQL's own: records
 * shared by servers (two stores on one database), fault rules spent atomically, snapshots kept in
 * the database, the errors a 400 is made of, and a database of schema 1 migrated.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { parseListQuery } from '@syncemu/odata';
import {
  openPostgresStore,
  openSqliteAsyncStore,
  openStore,
  POSTGRES_SCHEMA_VERSION,
  QueryEvaluationError,
  SkipTokenError,
  UnstorableTextError,
  type AsyncRepositories,
  type AsyncStore,
  type ListPageOptions,
} from '@syncemu/store';
import { createDatabase, startPostgres, type Postgres } from './support/postgres.js';

const SP = '11111111-1111-4111-8111-111111111111';
const SP2 = '22222222-2222-4222-8222-222222222222';
const NOW = '2030-01-01T00:00:00.000Z';
const T = '2030-01-01T00:00:00Z';

const job = (i: number, code: string, template = i % 3 === 0 ? 'slack' : 'scim') => ({
  id: `job-${String(i).padStart(2, '0')}`,
  templateId: template,
  body: JSON.stringify({ id: `job-${String(i).padStart(2, '0')}`, templateId: template, schedule: { interval: `PT${i}M`, state: 'Active' }, status: { code, lastExecution: i % 4 === 0 ? null : { countExported: i * 10 } }, synchronizationJobSettings: [{ name: 'n', value: String(i % 5) }] }),
});

const CODES = ['Active', 'Paused', 'Quarantine'];
/** Job i as the suites seed it. */
const seeded = (i: number) => job(i, CODES[i % 3]!);

let postgres: Postgres | undefined;
let databases = 0;

/** A new database on the throwaway PostgreSQL: its URL. */
async function postgresDatabase(): Promise<string> {
  postgres ??= await startPostgres();
  return createDatabase(postgres, `contract_${++databases}`);
}

async function postgresStore(): Promise<AsyncStore> {
  // a database of its own for each suite
  return openPostgresStore(await postgresDatabase());
}

/** Service principals, templates, secrets, jobs, runs, schemas, events and settings: a state with a row in every table. */
async function seedState(store: AsyncStore): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.servicePrincipals.upsert({ id: SP, appId: 'app', displayName: 'Contoso' }, T);
    await tx.servicePrincipals.ensure(SP2, T);
    for (const sp of [SP, SP2]) {
      await tx.servicePrincipals.upsertTemplate(sp, 'scim', `{"id":"scim","sp":"${sp}"}`);
      await tx.servicePrincipals.upsertSecret(sp, 'SecretToken', sp);
    }
    for (let i = 1; i <= 12; i++) await tx.jobs.insert(i <= 8 ? SP : SP2, seeded(i));
    await tx.runs.put({ servicePrincipalId: SP, jobId: 'job-01', dueAt: '2030-01-01T00:10:00.000Z', state: '{"cycle":1}' });
    await tx.runs.put({ servicePrincipalId: SP2, jobId: 'job-09', dueAt: null, state: '{}' });
    await tx.runs.putSchema(SP, 'job-02', '{"directories":[]}');
    await tx.runs.putSchema(SP2, 'job-10', '{"directories":[1]}');
    for (let number = 0; number < 3; number++) {
      await tx.events.record(SP, 'job-01', { number, at: T, kind: 'cycle', detail: '{}' });
      await tx.events.record(SP2, 'job-09', { number, at: T, kind: 'start', detail: '{}' });
    }
    await tx.setSetting('tenantId', 'contoso');
  });
}

/** Every page of a list query, walked by skiptoken: the rows as served. */
async function walk(store: AsyncStore, sp: string, text: string, pageSize = 3): Promise<string[]> {
  const parsed = parseListQuery(text.replace(/ /g, '%20'));
  const options: ListPageOptions = { pageSize, ordering: parsed.orderByText, context: { now: NOW } };
  const rows: string[] = [];
  let query = parsed;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.jobs.listPage(sp, query, options);
    rows.push(...page.rows);
    if (page.nextSkipToken === undefined) return rows;
    query = { ...parsed, skipToken: page.nextSkipToken };
  }
  throw new Error('a walk of more than 100 pages');
}

/** The error `work` rejects with (undefined when it resolves). */
async function rejection(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  return undefined;
}

const IMPLEMENTATIONS: ReadonlyArray<[string, () => Promise<AsyncStore>]> = [
  ['sqlite', async () => openSqliteAsyncStore(openStore(':memory:'))],
  ['postgres', postgresStore],
];

for (const [kind, open] of IMPLEMENTATIONS) {
  const contract = suite<{ store: AsyncStore }>(`store contract: ${kind}`);
  contract.before(async (context) => {
    context.store = await open();
    const { store } = context;
    await store.transaction(async (tx) => {
      await tx.servicePrincipals.upsert({ id: SP, appId: null, displayName: 'Contoso' }, T);
      await tx.servicePrincipals.ensure(SP2, T);
      for (let i = 1; i <= 30; i++) await tx.jobs.insert(SP, seeded(i));
      await tx.jobs.insert(SP2, job(99, 'Active'));
    });
  });
  contract.after(async ({ store }) => {
    await store.close();
  });

  contract('service principals: registered or not, with their job counts, in id order', async ({ store }) => {
    assert.equal(await store.servicePrincipals.get(SP), { id: SP, appId: null, displayName: 'Contoso', registered: true });
    assert.equal(await store.servicePrincipals.get(SP2), { id: SP2, appId: null, displayName: null, registered: false });
    assert.is(await store.servicePrincipals.get('33333333-3333-4333-8333-333333333333'), undefined);
    assert.equal(await store.servicePrincipals.summaries(), [
      { id: SP, appId: null, displayName: 'Contoso', jobs: 30 },
      { id: SP2, appId: null, displayName: null, jobs: 1 },
    ]);
  });

  contract('jobs: get (whole, byte for byte, and $select), exists, replace, delete; a duplicate id is refused', async ({ store }) => {
    assert.is(await store.jobs.get(SP, 'job-07'), seeded(7).body);
    assert.equal(JSON.parse((await store.jobs.get(SP, 'job-07', ['id', 'status/code']))!), { id: 'job-07', status: { code: 'Paused' } });
    assert.ok(await store.jobs.exists(SP, 'job-07'));
    assert.not.ok(await store.jobs.exists(SP2, 'job-07'));
    assert.ok(await store.jobs.replaceBody(SP, 'job-07', job(7, 'Quarantine').body));
    assert.not.ok(await store.jobs.replaceBody(SP, 'nope', '{}'));
    assert.is(await store.jobs.get(SP, 'job-07'), job(7, 'Quarantine').body);
    await store.jobs.replaceBody(SP, 'job-07', seeded(7).body);
    let refused = false;
    try {
      await store.jobs.insert(SP, seeded(7));
    } catch {
      refused = true;
    }
    assert.ok(refused, 'a second job-07 is refused');
    await store.jobs.upsert(SP2, job(98, 'Active'));
    assert.ok(await store.jobs.delete(SP2, 'job-98'));
    assert.not.ok(await store.jobs.delete(SP2, 'job-98'));
  });

  contract('list pages: filter, order, $count, a walk by skiptoken that sees each job once; a foreign token is refused', async ({ store }) => {
    const text = "$filter=status/code ne 'Paused' and synchronizationJobSettings/any(s: s/value ne '0')&$orderby=templateId desc,status/lastExecution/countExported&$count=true";
    const parsed = parseListQuery(text.replace(/ /g, '%20'));
    const options = { pageSize: 4, ordering: parsed.orderByText, context: { now: NOW } };
    const seen: string[] = [];
    let query = parsed;
    for (let pages = 0; pages < 20; pages++) {
      const page = await store.jobs.listPage(SP, query, options);
      assert.is(page.count, 16);
      seen.push(...page.rows.map((row) => (JSON.parse(row) as { id: string }).id));
      if (page.nextSkipToken === undefined) break;
      query = { ...parsed, skipToken: page.nextSkipToken };
    }
    // templateId desc (slack before scim), then countExported ascending with nulls first, then id
    const expected = Array.from({ length: 30 }, (_, k) => k + 1)
      .filter((i) => i % 3 !== 1 && i % 5 !== 0)
      .sort((a, b) => {
        const ta = a % 3 === 0 ? 'slack' : 'scim';
        const tb = b % 3 === 0 ? 'slack' : 'scim';
        if (ta !== tb) return ta < tb ? 1 : -1;
        const ca = a % 4 === 0 ? -1 : a * 10;
        const cb = b % 4 === 0 ? -1 : b * 10;
        return ca - cb || a - b;
      })
      .map((i) => `job-${String(i).padStart(2, '0')}`);
    assert.equal(seen, expected);
    assert.is(await store.jobs.count(SP, parsed, { now: NOW }), 16);
    let refused: unknown;
    try {
      await store.jobs.listPage(SP, { ...parseListQuery('$orderby=id'), skipToken: query.skipToken ?? 'x' }, { pageSize: 4, ordering: 'id', context: { now: NOW } });
    } catch (error) {
      refused = error;
    }
    assert.instance(refused, SkipTokenError);
  });

  contract('runs: put replaces, nextDue takes the earliest, ties by service principal then job', async ({ store }) => {
    await store.runs.put({ servicePrincipalId: SP, jobId: 'job-02', dueAt: '2030-01-01T00:10:00.000Z', state: '{"a":1}' });
    await store.runs.put({ servicePrincipalId: SP, jobId: 'job-01', dueAt: '2030-01-01T00:10:00.000Z', state: '{"b":2}' });
    await store.runs.put({ servicePrincipalId: SP2, jobId: 'job-99', dueAt: '2030-01-01T00:05:00.000Z', state: '{}' });
    await store.runs.put({ servicePrincipalId: SP, jobId: 'job-03', dueAt: null, state: '{}' });
    assert.equal(await store.runs.get(SP, 'job-02'), { servicePrincipalId: SP, jobId: 'job-02', dueAt: '2030-01-01T00:10:00.000Z', state: '{"a":1}' });
    assert.is((await store.runs.nextDue('2030-01-01T00:04:59.999Z')), undefined);
    assert.is((await store.runs.nextDue('2030-01-01T01:00:00.000Z'))?.jobId, 'job-99');
    await store.runs.put({ servicePrincipalId: SP2, jobId: 'job-99', dueAt: null, state: '{}' });
    assert.is((await store.runs.nextDue('2030-01-01T01:00:00.000Z'))?.jobId, 'job-01');
  });

  contract('events: a ring of the last 32 a job, oldest first', async ({ store }) => {
    for (let number = 0; number < 40; number++) await store.events.record(SP, 'job-05', { number, at: `t${number}`, kind: number % 2 ? 'cycle' : 'start', detail: `{"n":${number}}` });
    const kept = await store.events.list(SP, 'job-05');
    assert.equal(kept.map((event) => event.number), Array.from({ length: 32 }, (_, i) => i + 8));
    assert.equal(kept[0], { number: 8, at: 't8', kind: 'start', detail: '{"n":8}' });
  });

  contract("deleting a job takes its run and events with it", async ({ store }) => {
    await store.runs.put({ servicePrincipalId: SP, jobId: 'job-05', dueAt: null, state: '{}' });
    assert.ok(await store.jobs.delete(SP, 'job-05'));
    assert.is(await store.runs.get(SP, 'job-05'), undefined);
    assert.equal(await store.events.list(SP, 'job-05'), []);
    await store.jobs.insert(SP, seeded(5));
  });

  contract('templates and secrets of a service principal (by id, by key; secrets replaced whole), and a job schema that goes with its job', async ({ store }) => {
    await store.servicePrincipals.upsertTemplate(SP, 'scim', '{"id":"scim","v":1}');
    await store.servicePrincipals.upsertTemplate(SP, 'aws', '{"id":"aws"}');
    await store.servicePrincipals.upsertTemplate(SP, 'scim', '{"id":"scim","v":2}');
    assert.equal(await store.servicePrincipals.templates(SP), [{ id: 'aws', body: '{"id":"aws"}' }, { id: 'scim', body: '{"id":"scim","v":2}' }]);
    assert.equal(await store.servicePrincipals.templates(SP2), []);
    await store.servicePrincipals.upsertSecret(SP, 'SecretToken', 'a');
    await store.servicePrincipals.upsertSecret(SP, 'BaseAddress', 'https://x');
    await store.servicePrincipals.upsertSecret(SP, 'SecretToken', 'b');
    assert.equal(await store.servicePrincipals.secrets(SP), [{ key: 'BaseAddress', value: 'https://x' }, { key: 'SecretToken', value: 'b' }]);
    await store.transaction((tx) => tx.servicePrincipals.replaceSecrets(SP, [{ key: 'Only', value: '1' }]));
    assert.equal(await store.servicePrincipals.secrets(SP), [{ key: 'Only', value: '1' }]);
    assert.is(await store.runs.schema(SP, 'job-10'), undefined);
    await store.runs.putSchema(SP, 'job-10', '{"directories":[]}');
    await store.runs.putSchema(SP, 'job-10', '{"directories":[1]}');
    assert.is(await store.runs.schema(SP, 'job-10'), '{"directories":[1]}');
    await store.runs.deleteSchema(SP, 'job-10');
    assert.is(await store.runs.schema(SP, 'job-10'), undefined);
    await store.runs.putSchema(SP, 'job-10', '{}');
    await store.jobs.delete(SP, 'job-10');
    assert.is(await store.runs.schema(SP, 'job-10'), undefined, 'the schema went with its job');
    await store.jobs.insert(SP, seeded(10));
  });

  contract('settings: absent, set, replaced', async ({ store }) => {
    assert.is(await store.getSetting('tenantId'), undefined);
    await store.setSetting('tenantId', 'a');
    await store.setSetting('tenantId', 'b');
    assert.is(await store.getSetting('tenantId'), 'b');
  });

  contract('transactions: a throw writes nothing; 20 concurrent read-modify-writes lose no update; a write outside waits; a kept handle is refused', async ({ store }) => {
    let thrown: unknown;
    try {
      await store.transaction(async (tx) => {
        await tx.jobs.insert(SP, job(50, 'Active'));
        await tx.setSetting('half', 'written');
        throw new Error('no');
      });
    } catch (error) {
      thrown = error;
    }
    assert.is((thrown as Error).message, 'no');
    assert.not.ok(await store.jobs.exists(SP, 'job-50'));
    assert.is(await store.getSetting('half'), undefined);
    await store.setSetting('counter', '0');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transaction(async (tx) => {
          const value = Number(await tx.getSetting('counter'));
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx.setSetting('counter', String(value + 1));
        }),
      ),
    );
    assert.is(await store.getSetting('counter'), '20');
    // a write outside any transaction waits for the running one: it is not overwritten by it
    await store.setSetting('c', '0');
    let handle: AsyncRepositories | undefined;
    const slow = store.transaction(async (tx) => {
      handle = tx;
      const value = Number(await tx.getSetting('c'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.setSetting('c', String(value + 1));
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([slow, store.setSetting('c', '100')]);
    assert.is(await store.getSetting('c'), '100');
    // and a handle kept past its transaction is refused
    let late: unknown;
    try {
      await handle!.setSetting('c', 'late');
    } catch (error) {
      late = error;
    }
    assert.match(String(late), /used after its transaction ended/);
    assert.is(await store.getSetting('c'), '100');
  });

  contract('explain: the SQL and parameters of the first page, the engine plan as lines, its indexes and whether it reads every job', async ({ store }) => {
    const parsed = parseListQuery(`$filter=${encodeURIComponent("status/code eq 'Quarantine'")}&$count=true`);
    const explained = await store.jobs.explain(SP, parsed, { pageSize: 4, ordering: '', context: { now: NOW } });
    assert.match(explained.sql, /from "jobs"/);
    assert.ok(explained.parameters.includes(SP), 'the service principal is a parameter');
    assert.ok(explained.parameters.includes('Quarantine'), 'the literal is a parameter');
    assert.ok(explained.plan.length > 0 && explained.plan.every((line) => typeof line === 'string' && line.length > 0), explained.plan.join('\n'));
    assert.ok(Array.isArray(explained.indexes));
    assert.type(explained.fullScan, 'boolean');
    // the page it explains is the one listPage runs
    assert.is((await store.jobs.listPage(SP, parsed, { pageSize: 4, ordering: '', context: { now: NOW } })).count, 10);
    const missing = await rejection(() => store.jobs.explain(SP, { ...parsed, skipToken: 'nope' }, { pageSize: 4, ordering: '', context: { now: NOW } }));
    assert.instance(missing, SkipTokenError);
  });

  contract('read: one view of the state while another write lands; its handle is refused after', async ({ store }) => {
    let handle: AsyncRepositories | undefined;
    let writing: Promise<void> | undefined;
    const [before, during] = await store.read(async (tx) => {
      handle = tx;
      const first = await tx.state.jobCount();
      // on SQLite the write waits for this read; on PostgreSQL it commits, unseen by this view
      writing = store.jobs.insert(SP, job(60, 'Active'));
      await new Promise((resolve) => setTimeout(resolve, 40));
      const again = await tx.state.jobCount();
      assert.not.ok(await tx.jobs.exists(SP, 'job-60'));
      return [first, again];
    });
    await writing;
    assert.is(during, before);
    assert.is(await store.state.jobCount(), before + 1);
    assert.match(String(await rejection(() => handle!.jobs.exists(SP, 'job-60'))), /used after its transaction ended/);
    assert.ok(await store.jobs.delete(SP, 'job-60'));
    assert.is(await store.state.jobCount(), before);
  });

  contract('digest: the same across calls, changed by any write, the same again once the write is undone', async ({ store }) => {
    const first = await store.digest();
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.is(await store.digest(), first);
    await store.jobs.replaceBody(SP, 'job-03', job(3, 'Paused').body);
    const changed = await store.digest();
    assert.is.not(changed, first);
    await store.jobs.replaceBody(SP, 'job-03', seeded(3).body);
    assert.is(await store.digest(), first);
    await store.events.record(SP2, 'job-99', { number: 0, at: T, kind: 'start', detail: '{}' });
    assert.is.not(await store.digest(), first);
    await store.setSetting('digest', 'x');
    const withSetting = await store.digest();
    await store.setSetting('digest', 'y');
    assert.is.not(await store.digest(), withSetting);
  });

  contract('state: jobCount; clear one service principal (what it holds goes with it) or everything', async () => {
    const store = await open();
    try {
      await seedState(store);
      assert.is(await store.state.jobCount(), 12);
      await store.transaction((tx) => tx.state.clear(SP));
      assert.equal(await store.servicePrincipals.ids(), [SP2]);
      assert.is(await store.state.jobCount(), 4);
      assert.equal(await store.servicePrincipals.templates(SP), []);
      assert.equal(await store.servicePrincipals.secrets(SP), []);
      assert.is(await store.runs.get(SP, 'job-01'), undefined);
      assert.is(await store.runs.schema(SP, 'job-02'), undefined);
      assert.equal(await store.events.list(SP, 'job-01'), []);
      // the other one and the settings stay
      assert.equal(await store.servicePrincipals.templates(SP2), [{ id: 'scim', body: `{"id":"scim","sp":"${SP2}"}` }]);
      assert.is((await store.runs.get(SP2, 'job-09'))?.state, '{}');
      assert.is(await store.runs.schema(SP2, 'job-10'), '{"directories":[1]}');
      assert.is((await store.events.list(SP2, 'job-09')).length, 3);
      assert.is(await store.getSetting('tenantId'), 'contoso');
      await store.replaceState((tx) => tx.state.clear());
      assert.equal(await store.servicePrincipals.ids(), []);
      assert.is(await store.state.jobCount(), 0);
      assert.is(await store.getSetting('tenantId'), undefined);
      assert.is(await store.runs.nextDue('2100-01-01T00:00:00.000Z'), undefined);
      // and the store takes a new state
      await seedState(store);
      assert.is(await store.state.jobCount(), 12);
    } finally {
      await store.close();
    }
  });

  contract.run();
}

const migrations = suite('PostgreSQL store: migrations');
migrations('four servers opening one new database together migrate it once; a newer schema is refused untouched', async () => {
  postgres ??= await startPostgres();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('create database together');
  const url = postgres.url.replace(/\/postgres$/, '/together');
  const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
  await stores[0]!.servicePrincipals.ensure(SP, T);
  await stores[1]!.jobs.insert(SP, seeded(1));
  assert.is(await stores[3]!.jobs.get(SP, 'job-01'), seeded(1).body, 'one server sees what another wrote');
  await Promise.all(stores.map((store) => store.close()));
  const check = new pg.Client({ connectionString: url, options: '-c search_path=syncemu' });
  await check.connect();
  assert.equal((await check.query(`select value from syncemu_meta where key = 'schema_version'`)).rows, [{ value: String(POSTGRES_SCHEMA_VERSION) }]);
  await check.query(`update syncemu_meta set value = '99' where key = 'schema_version'`);
  let refused: unknown;
  try {
    await openPostgresStore(url);
  } catch (error) {
    refused = error;
  }
  assert.match(String(refused), new RegExp(`holds syncemu schema 99, newer than this syncemu's ${POSTGRES_SCHEMA_VERSION}`));
  assert.equal((await check.query(`select value from syncemu_meta where key = 'schema_version'`)).rows, [{ value: '99' }]);
  assert.is(Number((await check.query('select count(*) from jobs')).rows[0].count), 1);
  await check.end();
  await admin.end();
});
migrations.run();

/** Two servers of one emulator: two stores on one PostgreSQL database. */
const servers = suite<{ a: AsyncStore; b: AsyncStore; url: string }>('PostgreSQL store: shared records, fault rules, snapshots, errors');
servers.before(async (context) => {
  context.url = await postgresDatabase();
  context.a = await openPostgresStore(context.url);
  context.b = await openPostgresStore(context.url);
  await seedState(context.a);
});
servers.after(async ({ a, b }) => {
  await a?.close();
  await b?.close();
});

servers('shared records: get, setIfAbsent (the first value kept, whichever server asks), update, increment under 20 concurrent calls of two servers', async ({ a, b }) => {
  assert.is(await a.shared!.get('clock'), undefined);
  await a.shared!.update('clock', () => 'manual:2030');
  assert.is(await b.shared!.get('clock'), 'manual:2030');
  await b.shared!.update('clock', () => 'manual:2031');
  assert.is(await a.shared!.get('clock'), 'manual:2031');
  assert.is(await a.shared!.setIfAbsent('origin', 'a'), 'a');
  assert.is(await b.shared!.setIfAbsent('origin', 'b'), 'a');
  // many servers at once: one value wins, every one of them is told the same
  const kept = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).shared!.setIfAbsent('race', `v${i}`)));
  assert.equal(new Set(kept).size, 1);
  assert.is(await a.shared!.get('race'), kept[0]);
  // update: atomic read-modify-write, whichever server asks: 20 concurrent additions all count
  assert.is(await a.shared!.update('at', (current) => String(Number(current ?? 0) + 1)), '1');
  await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).shared!.update('at', (current) => String(Number(current ?? 0) + 1))));
  assert.is(await b.shared!.get('at'), '21');
  // a throw of `next` changes nothing
  let refused: unknown;
  await a.shared!.update('at', () => {
    throw new Error('no');
  }).catch((error: unknown) => (refused = error));
  assert.is((refused as Error).message, 'no');
  assert.is(await a.shared!.get('at'), '21');
  assert.is(await a.shared!.increment('cycles', 0), 0);
  const returned = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).shared!.increment('cycles', i + 1)));
  assert.is(await b.shared!.get('cycles'), '210');
  assert.is(Math.max(...returned), 210);
  assert.is(new Set(returned).size, 20, 'each increment saw its own total');
  assert.is(await a.shared!.increment('cycles', -10), 200);
});

servers('shared records and fault rules do not wait for the write lock: used from inside a transaction, and while another server holds it', async ({ a, b }) => {
  const result = await a.transaction(async (tx) => {
    await tx.setSetting('held', '1');
    // the same store and the other server, while this transaction holds the write lock
    const n = await a.shared!.increment('inside', 1);
    const m = await b.shared!.increment('inside', 1);
    const id = await b.faultRules!.add(null, '{"status":503}', 1);
    const spent = await a.faultRules!.spend(id);
    await b.faultRules!.remove(id);
    return [n, m, spent];
  });
  assert.equal(result, [1, 2, true]);
});

servers('fault rules: add, list in creation order, any, spend (3 uses spent by 10 concurrent callers of two servers: exactly 3), remove, clear by service principal', async ({ a, b }) => {
  assert.equal(await a.faultRules!.list(), []);
  const three = await a.faultRules!.add(SP, '{"status":429}', 3);
  const always = await b.faultRules!.add(null, '{"status":503}', null);
  const other = await a.faultRules!.add(SP2, '{"status":500}', 1);
  assert.ok(three < always && always < other, 'ids increase');
  assert.ok((await b.faultRules!.list()).length > 0);
  assert.equal(await b.faultRules!.list(), [
    { id: three, servicePrincipalId: SP, rule: '{"status":429}', remaining: 3 },
    { id: always, servicePrincipalId: null, rule: '{"status":503}', remaining: null },
    { id: other, servicePrincipalId: SP2, rule: '{"status":500}', remaining: 1 },
  ]);
  const spent = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).faultRules!.spend(three)));
  assert.is(spent.filter(Boolean).length, 3);
  assert.is((await a.faultRules!.list()).find((rule) => rule.id === three)?.remaining, 0);
  assert.not.ok(await a.faultRules!.spend(three));
  // without a count: every use
  assert.equal(await Promise.all([a.faultRules!.spend(always), b.faultRules!.spend(always), a.faultRules!.spend(always)]), [true, true, true]);
  assert.is((await a.faultRules!.list()).find((rule) => rule.id === always)?.remaining, null);
  assert.ok(await a.faultRules!.remove(always));
  assert.not.ok(await b.faultRules!.remove(always));
  assert.not.ok(await b.faultRules!.spend(always), 'a removed rule is spent no more');
  assert.not.ok(await b.faultRules!.spend(123456), 'nor one that never was');
  await b.faultRules!.clear(SP);
  assert.equal((await a.faultRules!.list()).map((rule) => rule.id), [other]);
  const again = await a.faultRules!.add(null, '{}', 2);
  assert.ok(again > other);
  await a.faultRules!.clear();
  assert.equal(await a.faultRules!.list(), []);
  assert.equal(await b.faultRules!.list(), []);
});

const LIST = "$orderby=status/code desc,templateId&$filter=status/code ne 'Paused'&$count=true";

servers('snapshots: create, list, restore (the state equal by digest, pages and bodies byte for byte), replace, delete; a missing one restores nothing; reset and shared records leave them be', async ({ a, b }) => {
  const digest = await a.digest();
  const pagesBefore = await walk(a, SP, LIST);
  const bodies = await Promise.all(['job-01', 'job-02', 'job-07'].map((id) => a.jobs.get(SP, id)));
  await a.shared!.update('kept', () => '1');
  await a.snapshots!.create('one', '{"at":1}');
  assert.equal(await b.snapshots!.list(), [{ name: 'one', meta: '{"at":1}' }]);
  // change every table
  await b.transaction(async (tx) => {
    await tx.setSetting('tenantId', 'other');
    await tx.setSetting('more', '1');
    await tx.servicePrincipals.upsert({ id: SP2, appId: 'x', displayName: 'Fabrikam' }, T);
    await tx.servicePrincipals.ensure('33333333-3333-4333-8333-333333333333', T);
    await tx.servicePrincipals.upsertTemplate(SP, 'aws', '{"id":"aws"}');
    await tx.servicePrincipals.replaceSecrets(SP, [{ key: 'Only', value: '1' }]);
    await tx.jobs.delete(SP, 'job-02');
    await tx.jobs.replaceBody(SP, 'job-07', job(7, 'Quarantine').body);
    await tx.jobs.insert(SP, job(40, 'Active'));
    await tx.runs.put({ servicePrincipalId: SP, jobId: 'job-01', dueAt: null, state: '{"cycle":2}' });
    await tx.runs.putSchema(SP, 'job-03', '{}');
    await tx.events.record(SP, 'job-01', { number: 3, at: T, kind: 'pause', detail: '{}' });
  });
  await b.shared!.update('kept', () => '2');
  assert.is.not(await a.digest(), digest);
  assert.is(await b.snapshots!.restore('one'), '{"at":1}');
  assert.is(await a.digest(), digest);
  assert.equal(await b.digest(), digest);
  assert.equal(await walk(b, SP, LIST), pagesBefore);
  assert.equal(await Promise.all(['job-01', 'job-02', 'job-07'].map((id) => b.jobs.get(SP, id))), bodies);
  // generated columns computed again: the status-code filter reads them
  assert.is(await a.jobs.count(SP, parseListQuery(`$filter=${encodeURIComponent("status/code eq 'Quarantine'")}`), { now: NOW }), 3);
  assert.is(await a.shared!.get('kept'), '2', 'shared records are not state');
  // new jobs after a restore take positions after every restored one
  await a.jobs.insert(SP, job(41, 'Active'));
  assert.ok(await a.jobs.delete(SP, 'job-41'));
  assert.is(await a.digest(), digest);
  // a missing snapshot: nothing changes
  await a.setSetting('after', '1');
  const changed = await a.digest();
  assert.is(await a.snapshots!.restore('missing'), undefined);
  assert.is(await a.digest(), changed);
  // the same name replaces it
  await a.snapshots!.create('one', '{"at":2}');
  await a.snapshots!.create('two', '{"at":3}');
  assert.equal(await a.snapshots!.list(), [{ name: 'one', meta: '{"at":2}' }, { name: 'two', meta: '{"at":3}' }]);
  // a reset leaves snapshots be, and one restores a reset state
  await a.replaceState((tx) => tx.state.clear());
  assert.is(await a.state.jobCount(), 0);
  assert.is((await a.snapshots!.list()).length, 2);
  assert.is(await a.snapshots!.restore('one'), '{"at":2}');
  assert.is(await a.digest(), changed);
  assert.ok(await a.snapshots!.delete('two'));
  assert.not.ok(await b.snapshots!.delete('two'));
  assert.equal(await a.snapshots!.list(), [{ name: 'one', meta: '{"at":2}' }]);
  // back to the seeded state for the next test
  await a.transaction(async (tx) => tx.state.clear());
  await seedState(a);
});

servers('a restore waits for a running write and lands whole: concurrent writers see the state before it or after it', async ({ a, b }) => {
  await a.snapshots!.create('base', '{}');
  const digest = await a.digest();
  const writes = Array.from({ length: 10 }, (_, i) => b.jobs.insert(SP2, job(70 + i, 'Active')));
  const restored = a.snapshots!.restore('base');
  await Promise.all([...writes, restored]);
  const count = await a.state.jobCount();
  // each insert landed before the restore (then undone) or after it
  const after = (await walk(a, SP2, '$orderby=id', 50)).map((row) => (JSON.parse(row) as { id: string }).id).filter((id) => id >= 'job-70');
  assert.is(count, 12 + after.length);
  for (const id of after) assert.ok(await a.jobs.delete(SP2, id));
  assert.is(await a.digest(), digest);
  assert.ok(await a.snapshots!.delete('base'));
});

servers('QueryEvaluationError: a number out of range in $filter or $orderby (list, count, explain) is the client error, not a 5xx', async ({ a }) => {
  const options = { pageSize: 5, ordering: '', context: { now: NOW } };
  for (const filter of ['1e308 mul 10 gt 0', 'status/lastExecution/countExported mul 1e308 mul 1e308 gt 0']) {
    const parsed = parseListQuery(`$filter=${encodeURIComponent(filter)}`);
    for (const [what, call] of [
      ['listPage', () => a.jobs.listPage(SP, parsed, options)],
      ['count', () => a.jobs.count(SP, parsed, { now: NOW })],
      ['listPage with $count', () => a.jobs.listPage(SP, { ...parsed, count: true }, options)],
    ] as const) {
      const error = await rejection(call);
      assert.instance(error, QueryEvaluationError, `${what} of ${filter}: ${String(error)}`);
      assert.match((error as Error).message, /^The query computes a number out of range in \$filter=/);
      assert.ok((error as Error).message.includes(filter), (error as Error).message);
      assert.is((error as QueryEvaluationError).sqlState, '22003');
    }
  }
  const ordered = parseListQuery(`$orderby=${encodeURIComponent('status/lastExecution/countExported mul 1e308 mul 1e308')}`);
  const error = await rejection(() => a.jobs.listPage(SP, ordered, { ...options, ordering: ordered.orderByText }));
  assert.instance(error, QueryEvaluationError);
  assert.match((error as Error).message, /\$orderby=status\/lastExecution\/countExported mul 1e308 mul 1e308/);
  // a NUL in a literal: PostgreSQL cannot read it as text
  const nul = await rejection(() => a.jobs.listPage(SP, parseListQuery(`$filter=${encodeURIComponent("templateId eq 'a")}%00b'`), options));
  assert.instance(nul, QueryEvaluationError, String(nul));
  assert.ok((nul as Error).message.includes("$filter=templateId eq 'a\\u0000b'"), (nul as Error).message);
  // the store goes on answering
  assert.is((await a.jobs.listPage(SP, parseListQuery(''), options)).rows.length, 5);
});

servers('UnstorableTextError: \\u0000 or a lone surrogate in a job, a template or a schema is refused with what and where; nothing of its transaction lands', async ({ a }) => {
  const nul = JSON.stringify({ id: 'job-nul', templateId: 'scim', displayName: 'a\u0000b' });
  const surrogate = JSON.stringify({ id: 'job-sur', templateId: 'scim', displayName: 'a\ud800b' });
  const inserted = await rejection(() => a.jobs.insert(SP, { id: 'job-nul', templateId: 'scim', body: nul }));
  assert.instance(inserted, UnstorableTextError, String(inserted));
  assert.match((inserted as Error).message, /^PostgreSQL cannot store the character \\u0000 in a job's JSON/);
  const lone = await rejection(() => a.jobs.upsert(SP, { id: 'job-sur', templateId: 'scim', body: surrogate }));
  assert.instance(lone, UnstorableTextError, String(lone));
  assert.match((lone as Error).message, /^PostgreSQL cannot store the lone surrogate \\ud800 .* in a job's JSON/);
  assert.instance(await rejection(() => a.jobs.replaceBody(SP, 'job-01', nul)), UnstorableTextError);
  const key = await rejection(() => a.jobs.insert(SP, { id: 'job-key', templateId: 'scim', body: '{"id":"job-key","\\u0000":1}' }));
  assert.instance(key, UnstorableTextError, 'in a key too');
  const template = await rejection(() => a.servicePrincipals.upsertTemplate(SP, 'bad', '{"id":"bad","x":"\\u0000"}'));
  assert.instance(template, UnstorableTextError);
  assert.match((template as Error).message, /in a template's JSON/);
  assert.instance(await rejection(() => a.runs.putSchema(SP, 'job-01', '{"x":"\\udc00"}')), UnstorableTextError);
  const digest = await a.digest();
  const inTransaction = await rejection(() =>
    a.transaction(async (tx) => {
      await tx.setSetting('before', 'nul');
      await tx.jobs.insert(SP, { id: 'job-nul', templateId: 'scim', body: nul });
    }),
  );
  assert.instance(inTransaction, UnstorableTextError);
  assert.is(await a.digest(), digest);
  assert.is(await a.jobs.get(SP, 'job-01'), seeded(1).body);
  // escaped text that is not a surrogate's half, and a NUL as text in JSON's own words, are stored
  await a.jobs.insert(SP, { id: 'job-ok', templateId: 'scim', body: JSON.stringify({ id: 'job-ok', templateId: 'scim', displayName: '\\u0000 \ud83d\ude00' }) });
  assert.ok(await a.jobs.delete(SP, 'job-ok'));
});
servers.run();

const upgrade = suite('PostgreSQL store: a database of schema 1');
upgrade('migrates to the current schema, its state kept: shared records, fault rules and snapshots then work', async () => {
  const url = await postgresDatabase();
  const first = await openPostgresStore(url);
  await seedState(first);
  const digest = await first.digest();
  await first.close();
  // what version 1 made: the state tables alone
  const client = new pg.Client({ connectionString: url, options: '-c search_path=syncemu' });
  await client.connect();
  try {
    await client.query(
      'drop table shared_records, fault_rules, snapshot_settings, snapshot_service_principals, snapshot_templates, snapshot_secrets, snapshot_jobs, snapshot_job_runs, snapshot_job_schemas, snapshot_job_events, snapshots',
    );
    await client.query(`update syncemu_meta set value = '1' where key = 'schema_version'`);
    const stores = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    assert.equal((await client.query(`select value from syncemu_meta where key = 'schema_version'`)).rows, [{ value: String(POSTGRES_SCHEMA_VERSION) }]);
    const [store, other] = stores as [AsyncStore, AsyncStore];
    assert.is(await store.digest(), digest);
    assert.is(await store.shared!.increment('n', 2), 2);
    assert.is(await other.faultRules!.add(null, '{}', null), 1);
    await store.snapshots!.create('s', '{}');
    assert.is(await other.snapshots!.restore('s'), '{}');
    assert.is(await other.digest(), digest);
    await Promise.all(stores.map((s) => s.close()));
  } finally {
    await client.end();
  }
});
upgrade.run();

const teardown = suite('store contract: teardown');
teardown('the throwaway PostgreSQL stops', async () => {
  await postgres?.stop();
});
teardown.run();
