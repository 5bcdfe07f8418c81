/**
 * The store under the workbench: job events (migration 4, a ring of JOB_EVENTS_KEPT a job, reset,
 * snapshots, snapshots of schemas 2 and 3), service principals with their job counts (from an
 * index), and the summary of a query plan.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { JOB_EVENTS_KEPT, LATEST_SCHEMA_VERSION, openStore, summarizePlan, type Store } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'syncemu-events-'));
const SP = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '1f8fad5b-d9cb-469f-a165-70867728950e';
const job = (id: string) => ({ id, templateId: 'scim', body: JSON.stringify({ id, templateId: 'scim', status: { code: 'Paused' } }) });
const event = (number: number) => ({ number, at: `2030-01-01T00:${String(number % 60).padStart(2, '0')}:00.000Z`, kind: number % 2 ? 'pause' : 'start', detail: JSON.stringify({ n: number }) });

test.after(() => rmSync(dir, { recursive: true, force: true }));

function withJobs(store: Store, ...ids: string[]): void {
  store.transaction(() => {
    store.servicePrincipals.ensure(SP, '2024-01-01T00:00:00Z');
    for (const id of ids) store.jobs.insert(SP, job(id));
  });
}

test('the ring keeps the last 32 events of a job, oldest first, one row a slot; other jobs keep their own', () => {
  const store = openStore(':memory:');
  withJobs(store, 'scim.a', 'scim.b');
  assert.is(JOB_EVENTS_KEPT, 32);
  store.transaction(() => {
    for (let number = 0; number < 75; number++) store.events.record(SP, 'scim.a', event(number));
    store.events.record(SP, 'scim.b', event(0));
  });
  const kept = store.events.list(SP, 'scim.a');
  assert.equal(kept.map((row) => row.number), Array.from({ length: 32 }, (_, i) => 43 + i));
  assert.equal(kept[0], event(43));
  assert.equal(kept.at(-1), event(74));
  assert.equal(store.events.list(SP, 'scim.b'), [event(0)]);
  assert.equal(store.events.list(SP, 'scim.none'), []);
  // deleting a job takes its events (ON DELETE CASCADE)
  store.transaction(() => store.jobs.delete(SP, 'scim.a'));
  assert.equal(store.events.list(SP, 'scim.a'), []);
  assert.equal(store.events.list(SP, 'scim.b'), [event(0)]);
  store.close();
});

test('an event of a job that does not exist is refused (foreign key), and an event needs JSON detail', () => {
  const store = openStore(':memory:');
  withJobs(store, 'scim.a');
  assert.throws(() => store.transaction(() => store.events.record(SP, 'scim.none', event(0))), /FOREIGN KEY/);
  assert.throws(() => store.transaction(() => store.events.record(SP, 'scim.a', { ...event(0), detail: '{oops' })), /CHECK constraint/);
  assert.equal(store.events.list(SP, 'scim.a'), []);
  store.close();
});

test('reset of everything and of one service principal empties their events; snapshot and restore carry them', () => {
  const path = join(dir, 'carry.sqlite');
  const snapshot = join(dir, 'carry.snapshot.sqlite');
  const store = openStore(path);
  withJobs(store, 'scim.a');
  store.transaction(() => {
    store.servicePrincipals.ensure(OTHER, '2024-01-01T00:00:00Z');
    store.jobs.insert(OTHER, job('scim.o'));
    for (let number = 0; number < 3; number++) store.events.record(SP, 'scim.a', event(number));
    store.events.record(OTHER, 'scim.o', event(0));
  });
  store.state.snapshot(snapshot, { name: 'carry' });
  store.transaction(() => store.state.clear(SP));
  assert.equal(store.events.list(SP, 'scim.a'), []);
  assert.equal(store.events.list(OTHER, 'scim.o'), [event(0)]);
  store.withoutForeignKeys(() => store.transaction(() => store.state.clear()));
  assert.equal(store.events.list(OTHER, 'scim.o'), []);
  store.state.restore(snapshot);
  assert.equal(store.events.list(SP, 'scim.a'), [event(0), event(1), event(2)]);
  assert.equal(store.events.list(OTHER, 'scim.o'), [event(0)]);
  store.close();
});

for (const version of [2, 3]) {
  test(`a snapshot of schema ${version} (before job_events) still restores, with no events; a database of schema ${version} migrates to ${LATEST_SCHEMA_VERSION}`, () => {
    const path = join(dir, `schema${version}.sqlite`);
    const snapshot = join(dir, `schema${version}.snapshot.sqlite`);
    const store = openStore(path);
    withJobs(store, 'scim.old');
    store.state.snapshot(snapshot, { name: 'old' });
    store.close();
    // what syncemu at that schema wrote: no job_events (and at 2, the due index on due_at alone)
    for (const file of [path, snapshot]) {
      const raw = new BetterSqlite3(file);
      raw.exec('drop table job_events');
      if (version === 2) raw.exec('drop index job_runs_due_order; create index job_runs_due on job_runs (due_at) where due_at is not null');
      raw.pragma(`user_version = ${version}`);
      raw.close();
    }
    const migrated = openStore(path);
    withJobs(migrated, 'scim.new');
    migrated.transaction(() => migrated.events.record(SP, 'scim.new', event(0)));
    migrated.state.restore(snapshot);
    assert.is(migrated.jobs.get(SP, 'scim.old'), job('scim.old').body);
    assert.is(migrated.jobs.get(SP, 'scim.new'), undefined);
    // the table restored empty, and usable
    assert.equal(migrated.events.list(SP, 'scim.new'), []);
    migrated.transaction(() => migrated.events.record(SP, 'scim.old', event(0)));
    assert.equal(migrated.events.list(SP, 'scim.old'), [event(0)]);
    migrated.close();
    const raw = new BetterSqlite3(path, { readonly: true });
    assert.is(raw.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
    const table = raw.prepare("select sql from sqlite_master where name = 'job_events'").get() as { sql: string };
    assert.match(table.sql, /without rowid, strict$/i);
    raw.close();
  });
}

test('digest reads the table without rowid, and changes with an event', () => {
  const store = openStore(':memory:');
  withJobs(store, 'scim.a');
  const before = store.digest();
  store.transaction(() => store.events.record(SP, 'scim.a', event(0)));
  const after = store.digest();
  assert.is.not(after, before);
  assert.is(store.digest(), after);
  store.close();
});

test('service principals with their job counts: every one (jobs or not), in id order, counted from an index', () => {
  const store = openStore(':memory:');
  const third = 'ff8fad5b-d9cb-469f-a165-70867728950e';
  store.transaction(() => {
    store.servicePrincipals.upsert({ id: third, appId: '11111111-2222-4333-8444-555555555555', displayName: 'Contoso SCIM' }, '2024-01-01T00:00:00Z');
    store.servicePrincipals.ensure(OTHER, '2024-01-01T00:00:00Z');
    store.servicePrincipals.ensure(SP, '2024-01-01T00:00:00Z');
    for (const id of ['a', 'b', 'c']) store.jobs.insert(SP, job(`scim.${id}`));
    store.jobs.insert(OTHER, job('scim.o'));
  });
  assert.equal(store.servicePrincipals.summaries(), [
    { id: SP, appId: null, displayName: null, jobs: 3 },
    { id: OTHER, appId: null, displayName: null, jobs: 1 },
    { id: third, appId: '11111111-2222-4333-8444-555555555555', displayName: 'Contoso SCIM', jobs: 0 },
  ]);
  const plan = store.servicePrincipals.summariesPlan();
  // each service principal's jobs are a range of an index that holds service_principal_id first (covering: seq is in every index)
  assert.ok(plan.some((line) => /^SEARCH j USING COVERING INDEX \w+ \(service_principal_id=\?\)/.test(line)), plan.join('\n'));
  assert.not.ok(plan.some((line) => /^SCAN j\b/.test(line) || /TEMP B-TREE/.test(line)), plan.join('\n'));
  store.close();
});

test('summarizePlan: the indexes a plan names, in order, and whether it reads the table whole', () => {
  assert.equal(summarizePlan(['SEARCH jobs USING INDEX jobs_sp_template (service_principal_id=? AND template_id=?)', 'USE TEMP B-TREE FOR ORDER BY'], 'jobs'), {
    indexes: ['jobs_sp_template'],
    fullScan: false,
  });
  assert.equal(
    summarizePlan(['SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 (service_principal_id=?)', 'SCALAR SUBQUERY 1', 'SEARCH jobs USING COVERING INDEX jobs_sp_template (service_principal_id=? AND template_id=?)', 'SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 (service_principal_id=?)'], 'jobs'),
    { indexes: ['sqlite_autoindex_jobs_1', 'jobs_sp_template'], fullScan: false },
  );
  assert.equal(summarizePlan(['SCAN jobs'], 'jobs'), { indexes: [], fullScan: true });
  assert.equal(summarizePlan(['SCAN TABLE jobs'], 'jobs'), { indexes: [], fullScan: true });
  assert.equal(summarizePlan(['SCAN jobs USING INDEX jobs_sp_template'], 'jobs'), { indexes: ['jobs_sp_template'], fullScan: false });
  assert.equal(summarizePlan(['SEARCH jobs USING INTEGER PRIMARY KEY (rowid=?)', 'SCAN json_each VIRTUAL TABLE INDEX 1:'], 'jobs'), { indexes: [], fullScan: false });
  assert.equal(summarizePlan(['SCAN jobs_archive'], 'jobs'), { indexes: [], fullScan: false });
});

test.run();
