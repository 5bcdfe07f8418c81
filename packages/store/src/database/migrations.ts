import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.js';

export interface Migration {
  readonly version: number;
  readonly description: string;
  /**
   * Changes indexes only: a snapshot written before it holds the same tables and columns, so it
   * can still be restored (the tables' rows are what a restore copies).
   */
  readonly indexesOnly?: true;
  /**
   * Adds these tables and nothing else: a snapshot written before it holds every other table as
   * it is, so it can still be restored, with these tables left empty.
   */
  readonly addsTables?: readonly (keyof Database)[];
  /** Compiles the statements; the caller runs them inside one transaction. */
  readonly statements: (db: Kysely<Database>) => ReadonlyArray<{ compile(): { sql: string; parameters: readonly unknown[] } }>;
}

/**
 * Versioned, append-only: a released migration is never edited; a change is a new one. The version
 * a database is at lives in `PRAGMA user_version`.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'emulator settings, service principals, their templates and secrets, and synchronization jobs',
    statements: (db) => [
      db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .modifyEnd(sql`strict`),
      db.schema
        .createTable('service_principals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text')
        .addColumn('display_name', 'text')
        .addColumn('registered', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .modifyEnd(sql`strict`),
      db.schema
        .createTable('templates')
        .addColumn('service_principal_id', 'text', (c) => c.notNull().references('service_principals.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull().check(sql`json_valid(body)`))
        .addPrimaryKeyConstraint('templates_pk', ['service_principal_id', 'id'])
        .modifyEnd(sql`strict`),
      db.schema
        .createTable('secrets')
        .addColumn('service_principal_id', 'text', (c) => c.notNull().references('service_principals.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('secrets_pk', ['service_principal_id', 'key'])
        .modifyEnd(sql`strict`),
      db.schema
        .createTable('jobs')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('service_principal_id', 'text', (c) => c.notNull().references('service_principals.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('template_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull().check(sql`json_valid(body)`))
        .addColumn('status_code', 'text', (c) => c.generatedAlwaysAs(sql`json_extract(body, '$.status.code')`))
        .addUniqueConstraint('jobs_sp_id', ['service_principal_id', 'id'])
        .modifyEnd(sql`strict`),
      db.schema.createIndex('jobs_sp_template').on('jobs').columns(['service_principal_id', 'template_id', 'id']),
      db.schema.createIndex('jobs_sp_status_code').on('jobs').columns(['service_principal_id', 'status_code', 'id']),
    ],
  },
  {
    version: 2,
    description: 'run state of started jobs (next cycle, plan of outcomes) and customized job schemas',
    statements: (db) => [
      db.schema
        .createTable('job_runs')
        .addColumn('service_principal_id', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('state', 'text', (c) => c.notNull().check(sql`json_valid(state)`))
        .addPrimaryKeyConstraint('job_runs_pk', ['service_principal_id', 'job_id'])
        .addForeignKeyConstraint('job_runs_job', ['service_principal_id', 'job_id'], 'jobs', ['service_principal_id', 'id'], (fk) => fk.onDelete('cascade'))
        .modifyEnd(sql`strict`),
      db.schema.createIndex('job_runs_due').on('job_runs').columns(['due_at']).where(sql.ref('due_at'), 'is not', null),
      db.schema
        .createTable('job_schemas')
        .addColumn('service_principal_id', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull().check(sql`json_valid(body)`))
        .addPrimaryKeyConstraint('job_schemas_pk', ['service_principal_id', 'job_id'])
        .addForeignKeyConstraint('job_schemas_job', ['service_principal_id', 'job_id'], 'jobs', ['service_principal_id', 'id'], (fk) => fk.onDelete('cascade'))
        .modifyEnd(sql`strict`),
    ],
  },
  {
    version: 3,
    description: 'due cycles in the order they complete: due time, then service principal and job, from one index',
    indexesOnly: true,
    // The next due cycle is the first entry of this index: many jobs sharing a due time (started at
    // one manual-clock instant) no longer have to be sorted by id for each cycle (issue 14).
    statements: (db) => [
      db.schema.dropIndex('job_runs_due'),
      db.schema
        .createIndex('job_runs_due_order')
        .on('job_runs')
        .columns(['due_at', 'service_principal_id', 'job_id'])
        .where(sql.ref('due_at'), 'is not', null),
    ],
  },
  {
    version: 4,
    description: "the last events of each job's life (actions, completed cycles): a ring of JOB_EVENTS_KEPT slots a job",
    addsTables: ['job_events'],
    // Keyed by slot (number % JOB_EVENTS_KEPT), written with INSERT OR REPLACE: a job keeps its last
    // events without a DELETE per cycle; WITHOUT ROWID: the rows live in the primary key's b-tree.
    statements: (db) => [
      db.schema
        .createTable('job_events')
        .addColumn('service_principal_id', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().check(sql`json_valid(detail)`))
        .addPrimaryKeyConstraint('job_events_pk', ['service_principal_id', 'job_id', 'slot'])
        .addForeignKeyConstraint('job_events_job', ['service_principal_id', 'job_id'], 'jobs', ['service_principal_id', 'id'], (fk) => fk.onDelete('cascade'))
        .modifyEnd(sql`without rowid, strict`),
    ],
  },
];

/**
 * The earliest schema version whose snapshots this build restores: no table changed since, though
 * tables may have been added (a restore leaves them empty).
 */
export const OLDEST_RESTORABLE_VERSION = MIGRATIONS.reduce(
  (oldest, migration) => (migration.indexesOnly || migration.addsTables ? oldest : migration.version),
  0,
);

/** How many of its last events a job keeps (`job_events`: one slot each). */
export const JOB_EVENTS_KEPT = 32;

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
