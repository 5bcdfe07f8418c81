import type pg from 'pg';
import { POSTGRES_FUNCTIONS, POSTGRES_SCHEMA_VERSION } from '../database/postgres-schema.js';

/** The advisory lock key under which servers that start together migrate one at a time ('sync' in ASCII). */
const MIGRATION_LOCK = 0x73796e63;

const TABLES = `
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
 * Brings a PostgreSQL database to {@link POSTGRES_SCHEMA_VERSION} in one transaction, under a
 * transaction-level advisory lock: servers that start together migrate one after the other, and
 * the later ones find the work done. A database of a newer syncemu is refused, untouched.
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
      await client.query(POSTGRES_FUNCTIONS);
      await client.query(TABLES);
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
