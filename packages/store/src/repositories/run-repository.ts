import { sql } from 'kysely';
import { compiledOnce, type Connection } from '../database/sqlite.js';

export interface RunRow {
  readonly servicePrincipalId: string;
  readonly jobId: string;
  readonly dueAt: string | null;
  /** JSON text owned by the lifecycle code. */
  readonly state: string;
}

/** Run state of jobs and their customized schemas: both go with the job when it is deleted. */
export class RunRepository {
  constructor(private readonly connection: Connection) {}

  /**
   * The SQL text of each statement of this repository, built and compiled by Kysely once: a cycle
   * runs several of them, and compiling them again each time cost more than running them.
   */
  private readonly sqlOf = compiledOnce({
    get: (db) => db.selectFrom('job_runs').select(['due_at', 'state']).where('service_principal_id', '=', '').where('job_id', '=', ''),
    put: (db) =>
      db
        .insertInto('job_runs')
        .values({ service_principal_id: '', job_id: '', due_at: '', state: '' })
        .onConflict((oc) => oc.columns(['service_principal_id', 'job_id']).doUpdateSet((eb) => ({ due_at: eb.ref('excluded.due_at'), state: eb.ref('excluded.state') }))),
    // the first entry of the job_runs_due_order index: one seek, however many runs share a due time
    nextDue: (db) =>
      db
        .selectFrom('job_runs')
        .select(['service_principal_id', 'job_id', 'due_at', 'state'])
        .where('due_at', 'is not', null)
        .where('due_at', '<=', '')
        .orderBy('due_at')
        .orderBy('service_principal_id')
        .orderBy('job_id')
        .limit(sql.lit(1)),
    earliest: (db) => db.selectFrom('job_runs').select((eb) => eb.fn.min('due_at').as('due_at')).where('due_at', 'is not', null),
  });

  get(servicePrincipalId: string, jobId: string): RunRow | undefined {
    const row = this.connection.first<{ due_at: string | null; state: string }>({ sql: this.sqlOf('get', this.connection), parameters: [servicePrincipalId, jobId] });
    return row && { servicePrincipalId, jobId, dueAt: row.due_at, state: row.state };
  }

  put(row: RunRow): void {
    this.connection.run({ sql: this.sqlOf('put', this.connection), parameters: [row.servicePrincipalId, row.jobId, row.dueAt, row.state] });
  }

  /**
   * The run whose cycle completes first, if it completes at or before `until` (ISO instant); ties
   * by service principal and job id: the first entry of the `job_runs_due_order` index, in one
   * statement whose cost does not grow with how many runs share that due time.
   */
  nextDue(until: string): RunRow | undefined {
    const row = this.connection.first<{ service_principal_id: string; job_id: string; due_at: string; state: string }>({ sql: this.sqlOf('nextDue', this.connection), parameters: [until] });
    return row && { servicePrincipalId: row.service_principal_id, jobId: row.job_id, dueAt: row.due_at, state: row.state };
  }

  /**
   * Whether any cycle completes at or before `until` (ISO instant). Every request asks: the
   * earliest due time of all runs is read once and kept until a write (through this connection,
   * or by another process: `PRAGMA data_version`) may have changed it.
   */
  hasDue(until: string): boolean {
    const dataVersion = this.connection.dataVersion();
    const writes = this.connection.localWrites;
    let kept = this.keptEarliest;
    if (!kept || kept.dataVersion !== dataVersion || kept.writes !== writes) {
      const earliest = this.connection.first<{ due_at: string | null }>({ sql: this.sqlOf('earliest', this.connection), parameters: [] })?.due_at ?? null;
      kept = this.keptEarliest = { dataVersion, writes, earliest };
    }
    return kept.earliest !== null && kept.earliest <= until;
  }

  private keptEarliest: { readonly dataVersion: number; readonly writes: number; readonly earliest: string | null } | undefined;

  schema(servicePrincipalId: string, jobId: string): string | undefined {
    return this.connection.first<{ body: string }>(
      this.connection.kysely.selectFrom('job_schemas').select('body').where('service_principal_id', '=', servicePrincipalId).where('job_id', '=', jobId).compile(),
    )?.body;
  }

  putSchema(servicePrincipalId: string, jobId: string, body: string): void {
    this.connection.run(
      this.connection.kysely
        .insertInto('job_schemas')
        .values({ service_principal_id: servicePrincipalId, job_id: jobId, body })
        .onConflict((oc) => oc.columns(['service_principal_id', 'job_id']).doUpdateSet({ body }))
        .compile(),
    );
  }

  deleteSchema(servicePrincipalId: string, jobId: string): void {
    this.connection.run(
      this.connection.kysely.deleteFrom('job_schemas').where('service_principal_id', '=', servicePrincipalId).where('job_id', '=', jobId).compile(),
    );
  }
}
