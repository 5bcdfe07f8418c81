import type pg from 'pg';
import { POSTGRES_FUNCTIONS, POSTGRES_SCHEMA_VERSION } from '../database/postgres-schema.js';

/** The advisory lock key under which servers that start together migrate one at a time ('sync' in ASCII). */
const MIGRATION_LOCK = 0x73796e63;

/** Version 1: the state (settings, service principals, templates, secrets, jobs, runs, schemas, events). */
const STATE_TABLES = `
create table if not exists syncemu_meta (key text collate "C" primary key, value text not null);
create table if not exists settings (key text collate "C" primary key, value text not null);
create table if not exists service_principals (
  id text collate "C" primary key,
  app_id text,
  display_name text,
  registered boolean not null,
  created_at text not null
);
create table if not exists templates (
  service_principal_id text collate "C" not null references service_principals (id) on delete cascade,
  id text collate "C" not null,
  body text not null check (body::jsonb is not null),
  primary key (service_principal_id, id)
);
create table if not exists secrets (
  service_principal_id text collate "C" not null references service_principals (id) on delete cascade,
  key text collate "C" not null,
  value text not null,
  primary key (service_principal_id, key)
);
create table if not exists jobs (
  seq bigint generated always as identity,
  service_principal_id text collate "C" not null references service_principals (id) on delete cascade,
  id text collate "C" not null,
  template_id text collate "C" not null,
  body text not null,
  doc jsonb generated always as (body::jsonb) stored,
  status_code text collate "C" generated always as ((body::jsonb) #>> '{status,code}') stored,
  primary key (service_principal_id, id)
);
create index if not exists jobs_sp_template on jobs (service_principal_id, template_id, id);
create index if not exists jobs_sp_status_code on jobs (service_principal_id, status_code, id);
create table if not exists job_runs (
  service_principal_id text collate "C" not null,
  job_id text collate "C" not null,
  due_at text collate "C",
  state text not null,
  primary key (service_principal_id, job_id),
  foreign key (service_principal_id, job_id) references jobs (service_principal_id, id) on delete cascade
);
create index if not exists job_runs_due_order on job_runs (due_at, service_principal_id, job_id) where due_at is not null;
create table if not exists job_schemas (
  service_principal_id text collate "C" not null,
  job_id text collate "C" not null,
  body text not null check (body::jsonb is not null),
  primary key (service_principal_id, job_id),
  foreign key (service_principal_id, job_id) references jobs (service_principal_id, id) on delete cascade
);
create table if not exists job_events (
  service_principal_id text collate "C" not null,
  job_id text collate "C" not null,
  slot integer not null,
  number integer not null,
  at text not null,
  kind text not null,
  detail text not null,
  primary key (service_principal_id, job_id, slot),
  foreign key (service_principal_id, job_id) references jobs (service_principal_id, id) on delete cascade
);
`;

/**
 * Version 2: what the servers of one emulator share beside the state, which neither reset nor
 * snapshots touch (records such as the clock and counters; fault rules), and snapshots: named
 * copies of every state table, each copy table the state table's columns (generated ones aside)
 * after a `snapshot_name` that goes with its `snapshots` row.
 */
const SHARED_AND_SNAPSHOT_TABLES = `
create table if not exists shared_records (key text collate "C" primary key, value text collate "C" not null);
create table if not exists fault_rules (
  id bigserial primary key,
  service_principal_id text collate "C",
  rule text not null,
  remaining integer check (remaining >= 0)
);
create table if not exists snapshots (name text collate "C" primary key, meta text not null);
create table if not exists snapshot_settings (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  key text collate "C" not null,
  value text not null,
  primary key (snapshot_name, key)
);
create table if not exists snapshot_service_principals (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  id text collate "C" not null,
  app_id text,
  display_name text,
  registered boolean not null,
  created_at text not null,
  primary key (snapshot_name, id)
);
create table if not exists snapshot_templates (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  service_principal_id text collate "C" not null,
  id text collate "C" not null,
  body text not null,
  primary key (snapshot_name, service_principal_id, id)
);
create table if not exists snapshot_secrets (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  service_principal_id text collate "C" not null,
  key text collate "C" not null,
  value text not null,
  primary key (snapshot_name, service_principal_id, key)
);
create table if not exists snapshot_jobs (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  seq bigint not null,
  service_principal_id text collate "C" not null,
  id text collate "C" not null,
  template_id text collate "C" not null,
  body text not null,
  primary key (snapshot_name, service_principal_id, id)
);
create table if not exists snapshot_job_runs (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  service_principal_id text collate "C" not null,
  job_id text collate "C" not null,
  due_at text collate "C",
  state text not null,
  primary key (snapshot_name, service_principal_id, job_id)
);
create table if not exists snapshot_job_schemas (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  service_principal_id text collate "C" not null,
  job_id text collate "C" not null,
  body text not null,
  primary key (snapshot_name, service_principal_id, job_id)
);
create table if not exists snapshot_job_events (
  snapshot_name text collate "C" not null references snapshots (name) on delete cascade,
  service_principal_id text collate "C" not null,
  job_id text collate "C" not null,
  slot integer not null,
  number integer not null,
  at text not null,
  kind text not null,
  detail text not null,
  primary key (snapshot_name, service_principal_id, job_id, slot)
);
`;

/** The steps from one schema version to the next, in order, append-only: a database of version n runs those above n. */
const STEPS: readonly { readonly version: number; readonly sql: string }[] = [
  { version: 1, sql: STATE_TABLES },
  { version: 2, sql: SHARED_AND_SNAPSHOT_TABLES },
];

/**
 * Brings a PostgreSQL database (new, or made by an earlier version: the steps above its version
 * run) to {@link POSTGRES_SCHEMA_VERSION} in one transaction, under a transaction-level advisory
 * lock: servers that start together migrate one after the other, and the later ones find the work
 * done. A database of a newer syncemu is refused, untouched.
 */
export async function migratePostgres(client: pg.PoolClient): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // the connection's search_path names this schema first (openPostgresStore)
    await client.query('create schema if not exists syncemu');
    await client.query('create table if not exists syncemu_meta (key text collate "C" primary key, value text not null)');
    const found = await client.query<{ value: string }>(`select value from syncemu_meta where key = 'schema_version'`);
    const version = found.rows[0] ? Number(found.rows[0].value) : 0;
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new Error(`This PostgreSQL database holds syncemu schema ${version}, newer than this syncemu's ${POSTGRES_SCHEMA_VERSION}: use a newer syncemu.`);
    }
    if (version < POSTGRES_SCHEMA_VERSION) {
      // the functions as this build writes them (create or replace)
      await client.query(POSTGRES_FUNCTIONS);
      for (const step of STEPS) if (step.version > version) await client.query(step.sql);
      await client.query(
        `insert into syncemu_meta (key, value) values ('schema_version', $1) on conflict (key) do update set value = excluded.value`,
        [String(POSTGRES_SCHEMA_VERSION)],
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
