/**
 * One contract, two stores (docs/decisions/0022-postgresql-store-design.md, stage 3): the async
 * store over SQLite (`openSqliteAsyncStore`) and over a throwaway PostgreSQL 15
 * (`openPostgresStore`) must answer every call alike: service principals and their job counts,
 * jobs, list pages walked by skiptoken with `$count`, runs in due order, the event ring, settings,
 * cascades, and transactions that land whole or not at all and never interleave.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { parseListQuery } from '@syncemu/odata';
import { openPostgresStore, openSqliteAsyncStore, openStore, POSTGRES_SCHEMA_VERSION, SkipTokenError, type AsyncRepositories, type AsyncStore } from '@syncemu/store';
import { startPostgres, type Postgres } from './support/postgres.js';

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

async function postgresStore(): Promise<AsyncStore> {
  postgres ??= await startPostgres();
  // a database of its own for each suite
  const name = `contract_${++databases}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return openPostgresStore(postgres.url.replace(/\/postgres$/, `/${name}`));
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
  assert.match(String(refused), /holds syncemu schema 99, newer than this syncemu's 1/);
  assert.equal((await check.query(`select value from syncemu_meta where key = 'schema_version'`)).rows, [{ value: '99' }]);
  assert.is(Number((await check.query('select count(*) from jobs')).rows[0].count), 1);
  await check.end();
  await admin.end();
});
migrations.run();

const teardown = suite('store contract: teardown');
teardown('the throwaway PostgreSQL stops', async () => {
  await postgres?.stop();
});
teardown.run();
