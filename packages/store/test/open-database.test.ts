import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore, SnapshotFileError, StoreOpenError, LATEST_SCHEMA_VERSION, SYNCEMU_APPLICATION_ID } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'syncemu-store-'));
const SP = '0f8fad5b-d9cb-469f-a165-70867728950e';
const job = (id: string) => ({ id, templateId: 'scim', body: JSON.stringify({ id, templateId: 'scim', status: { code: 'Paused' } }) });

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a new file database is created, migrated, and keeps its rows across reopen', () => {
  const path = join(dir, 'new.sqlite');
  const store = openStore(path);
  store.transaction(() => {
    store.servicePrincipals.ensure(SP, '2024-01-01T00:00:00Z');
    store.jobs.insert(SP, job('scim.a'));
  });
  store.close();
  const again = openStore(path);
  assert.is(again.jobs.get(SP, 'scim.a'), job('scim.a').body);
  again.close();
  const raw = new BetterSqlite3(path, { readonly: true });
  assert.is(raw.pragma('application_id', { simple: true }), SYNCEMU_APPLICATION_ID);
  assert.is(raw.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
  assert.is(raw.pragma('journal_mode', { simple: true }), 'wal');
  raw.close();
});

test('a database of schema 2 migrates to the due-order index, and its snapshots still restore; older ones are refused by name', () => {
  const path = join(dir, 'schema2.sqlite');
  const snapshot = join(dir, 'schema2.snapshot.sqlite');
  const store = openStore(path);
  store.transaction(() => {
    store.servicePrincipals.ensure(SP, '2024-01-01T00:00:00Z');
    store.jobs.insert(SP, job('scim.old'));
  });
  store.state.snapshot(snapshot, { name: 'old' });
  store.close();
  // what syncemu at schema 2 wrote: the due index on due_at alone, no job_events
  for (const file of [path, snapshot]) {
    const raw = new BetterSqlite3(file);
    raw.exec('drop table job_events; drop index job_runs_due_order; create index job_runs_due on job_runs (due_at) where due_at is not null; pragma user_version = 2');
    raw.close();
  }
  const migrated = openStore(path);
  migrated.transaction(() => migrated.jobs.insert(SP, job('scim.new')));
  migrated.state.restore(snapshot);
  assert.is(migrated.jobs.get(SP, 'scim.old'), job('scim.old').body);
  assert.is(migrated.jobs.get(SP, 'scim.new'), undefined);
  migrated.close();
  const raw = new BetterSqlite3(path, { readonly: true });
  assert.is(raw.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
  const indexes = (raw.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'job_runs' and sql is not null").all() as { name: string }[]).map((row) => row.name);
  assert.equal(indexes, ['job_runs_due_order']);
  raw.close();
  const older = new BetterSqlite3(snapshot);
  older.pragma('user_version = 1');
  older.close();
  const again = openStore(path);
  assert.throws(() => again.state.restore(snapshot), (error: unknown) => error instanceof SnapshotFileError && /schema 1; this build restores schemas 2 to /.test(error.message));
  again.close();
});

test('a file that is not SQLite is refused and left byte for byte as it was', () => {
  const path = join(dir, 'notes.txt');
  const content = 'these are my notes, not a database\n'.repeat(200);
  writeFileSync(path, content);
  assert.throws(() => openStore(path), (error: unknown) => error instanceof StoreOpenError && /not a syncemu database/.test(error.message) && /left untouched/.test(error.message));
  assert.is(readFileSync(path, 'utf8'), content);
});

test('another application\'s SQLite database is refused and left untouched', () => {
  const path = join(dir, 'other.sqlite');
  const other = new BetterSqlite3(path);
  other.exec(`create table customers (id integer primary key, name text); insert into customers (name) values ('Ada')`);
  other.close();
  const before = readFileSync(path);
  assert.throws(() => openStore(path), (error: unknown) => error instanceof StoreOpenError && /not a syncemu one/.test(error.message));
  assert.ok(readFileSync(path).equals(before));
});

test('a database written by a newer schema version is refused and left untouched', () => {
  const path = join(dir, 'future.sqlite');
  const store = openStore(path);
  store.close();
  const raw = new BetterSqlite3(path);
  raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 7}`);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  const before = readFileSync(path);
  assert.throws(
    () => openStore(path),
    (error: unknown) => error instanceof StoreOpenError && error.message.includes(`schema version ${LATEST_SCHEMA_VERSION + 7}`) && /newer syncemu/.test(error.message),
  );
  assert.ok(readFileSync(path).equals(before));
});

test('an empty file is treated as a new database; a directory is refused', () => {
  const path = join(dir, 'empty.sqlite');
  writeFileSync(path, '');
  const store = openStore(path);
  assert.is(store.jobs.exists(SP, 'x'), false);
  store.close();
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  assert.throws(() => openStore(folder), (error: unknown) => error instanceof StoreOpenError && /is a directory/.test(error.message));
});

test('a transaction that throws writes nothing', () => {
  const store = openStore(':memory:');
  store.transaction(() => store.servicePrincipals.ensure(SP, 'now'));
  const before = store.digest();
  assert.throws(() =>
    store.transaction(() => {
      store.jobs.insert(SP, job('scim.b'));
      throw new Error('client input was bad after all');
    }),
  );
  assert.is(store.jobs.exists(SP, 'scim.b'), false);
  assert.is(store.digest(), before);
  store.close();
});

test('digest changes when a row changes', () => {
  const store = openStore(':memory:');
  const empty = store.digest();
  store.transaction(() => store.servicePrincipals.ensure(SP, 'now'));
  assert.is.not(store.digest(), empty);
  store.close();
});

test.run();
