import type { Generated } from 'kysely';

/**
 * The tables of a syncemu database, as Kysely sees them. Later features add tables keyed by
 * `(service_principal_id, job_id)` with `ON DELETE CASCADE` from `jobs`, so a job's schema and run
 * state go with it, without touching these.
 */
/** Emulator-wide values a database carries across restarts (e.g. the tenant id a fixture set). */
export interface SettingsTable {
  key: string;
  value: string;
}

export interface ServicePrincipalsTable {
  id: string;
  app_id: string | null;
  display_name: string | null;
  /** 1 when a fixture or the API registered it; 0 when `servicePrincipals: 'auto'` created it on first write. */
  registered: number;
  created_at: string;
}

export interface TemplatesTable {
  service_principal_id: string;
  id: string;
  /** The synchronizationTemplate as Graph JSON, schema included. */
  body: string;
}

export interface SecretsTable {
  service_principal_id: string;
  key: string;
  value: string;
}

export interface JobsTable {
  /** Creation order; the rowid. */
  seq: Generated<number>;
  service_principal_id: string;
  id: string;
  template_id: string;
  /** The synchronizationJob as Graph JSON, in serialization order: what GET returns. */
  body: string;
  /** Generated from `body` for indexed filtering on `status/code`. */
  status_code: Generated<string | null>;
}

/** A started job's simulated run: when its pending cycle completes, and what the next cycles do. */
export interface JobRunsTable {
  service_principal_id: string;
  job_id: string;
  /** When the cycle in progress completes (ISO instant, `toISOString()` form); null: none scheduled. */
  due_at: string | null;
  /** JSON owned by the lifecycle code (cycle kind and start, plan, default outcome, counters). */
  state: string;
}

/** A job's schema once a client replaced it (PUT); absent: the template's default. */
export interface JobSchemasTable {
  service_principal_id: string;
  job_id: string;
  body: string;
}

/**
 * The last 32 (`JOB_EVENTS_KEPT`) events of a job's life, a ring: event `number` (counted from 0
 * per job) lies in slot `number % JOB_EVENTS_KEPT`, replacing the one that was there.
 */
export interface JobEventsTable {
  service_principal_id: string;
  job_id: string;
  slot: number;
  number: number;
  /** When it happened on the emulator's clock (ISO instant). */
  at: string;
  /** `start`, `pause`, `restart`, `cycle`, `disabled`. */
  kind: string;
  /** JSON object owned by the lifecycle code: what else there is to know of the event. */
  detail: string;
}

export interface Database {
  settings: SettingsTable;
  service_principals: ServicePrincipalsTable;
  templates: TemplatesTable;
  secrets: SecretsTable;
  jobs: JobsTable;
  job_runs: JobRunsTable;
  job_schemas: JobSchemasTable;
  job_events: JobEventsTable;
}
