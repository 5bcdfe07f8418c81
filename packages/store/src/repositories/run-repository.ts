import type { Connection } from '../database/sqlite.js';

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

  get(servicePrincipalId: string, jobId: string): RunRow | undefined {
    const row = this.connection.first<{ due_at: string | null; state: string }>(
      this.connection.kysely
        .selectFrom('job_runs')
        .select(['due_at', 'state'])
        .where('service_principal_id', '=', servicePrincipalId)
        .where('job_id', '=', jobId)
        .compile(),
    );
    return row && { servicePrincipalId, jobId, dueAt: row.due_at, state: row.state };
  }

  put(row: RunRow): void {
    this.connection.run(
      this.connection.kysely
        .insertInto('job_runs')
        .values({ service_principal_id: row.servicePrincipalId, job_id: row.jobId, due_at: row.dueAt, state: row.state })
        .onConflict((oc) => oc.columns(['service_principal_id', 'job_id']).doUpdateSet({ due_at: row.dueAt, state: row.state }))
        .compile(),
    );
  }

  /**
   * The run whose cycle completes first, if it completes at or before `until` (ISO instant); ties
   * by service principal and job id. Every request asks, and almost always nothing is due: the
   * first statement (compiled once) reads the earliest due time from the `job_runs_due` index
   * without sorting anything; only when one is due does the second find its run, the first in
   * (service principal, job id) order among those due at that time.
   */
  nextDue(until: string): RunRow | undefined {
    const { kysely } = this.connection;
    for (;;) {
      const earliest = this.earliestDue(until);
      if (earliest === null) return undefined;
      const row = this.connection.first<{ service_principal_id: string; job_id: string; due_at: string; state: string }>(
        kysely.selectFrom('job_runs').selectAll().where('due_at', '=', earliest).orderBy('service_principal_id').orderBy('job_id').limit(1).compile(),
      );
      if (row) return { servicePrincipalId: row.service_principal_id, jobId: row.job_id, dueAt: row.due_at, state: row.state };
      // Outside a transaction, another process completed those runs between the two reads: look again.
    }
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
      this.earliestOfAllSql ??= this.connection.kysely
        .selectFrom('job_runs')
        .select((eb) => eb.fn.min('due_at').as('due_at'))
        .where('due_at', 'is not', null)
        .compile().sql;
      const earliest = this.connection.first<{ due_at: string | null }>({ sql: this.earliestOfAllSql, parameters: [] })?.due_at ?? null;
      kept = this.keptEarliest = { dataVersion, writes, earliest };
    }
    return kept.earliest !== null && kept.earliest <= until;
  }

  private keptEarliest: { readonly dataVersion: number; readonly writes: number; readonly earliest: string | null } | undefined;
  private earliestOfAllSql: string | undefined;

  private earliestDue(until: string): string | null {
    this.earliestDueSql ??= this.connection.kysely
      .selectFrom('job_runs')
      .select((eb) => eb.fn.min('due_at').as('due_at'))
      .where('due_at', 'is not', null)
      .where('due_at', '<=', '')
      .compile().sql;
    return this.connection.first<{ due_at: string | null }>({ sql: this.earliestDueSql, parameters: [until] })?.due_at ?? null;
  }

  private earliestDueSql: string | undefined;

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
