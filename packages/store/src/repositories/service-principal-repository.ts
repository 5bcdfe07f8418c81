import type { Connection } from '../database/sqlite.js';

/** A service principal as the workbench lists it, with how many jobs it has. */
export interface ServicePrincipalSummary {
  readonly id: string;
  readonly appId: string | null;
  readonly displayName: string | null;
  readonly jobs: number;
}

export interface ServicePrincipalRow {
  readonly id: string;
  readonly appId: string | null;
  readonly displayName: string | null;
  readonly registered: boolean;
}

/** Service principals, and the templates and secrets a fixture gives each. */
export class ServicePrincipalRepository {
  constructor(private readonly connection: Connection) {}

  get(id: string): ServicePrincipalRow | undefined {
    const row = this.connection.first<{ id: string; app_id: string | null; display_name: string | null; registered: number }>(
      this.connection.kysely.selectFrom('service_principals').selectAll().where('id', '=', id).compile(),
    );
    return row && { id: row.id, appId: row.app_id, displayName: row.display_name, registered: row.registered === 1 };
  }

  /** Every service principal's id, in order. */
  ids(): string[] {
    return this.connection
      .all<{ id: string }>(this.connection.kysely.selectFrom('service_principals').select('id').orderBy('id').compile())
      .map((row) => row.id);
  }

  /**
   * Every service principal, in id order, with its number of jobs: counted by SQLite in one
   * statement (each service principal's jobs are a range of an index on `jobs`), never by reading
   * the jobs.
   */
  summaries(): ServicePrincipalSummary[] {
    const rows = this.connection.all<{ id: string; app_id: string | null; display_name: string | null; jobs: number }>(this.compileSummaries());
    return rows.map((row) => ({ id: row.id, appId: row.app_id, displayName: row.display_name, jobs: row.jobs }));
  }

  /** SQLite's plan of {@link summaries} (for tests: it must count from an index). */
  summariesPlan(): string[] {
    const { sql, parameters } = this.compileSummaries();
    return this.connection.all<{ detail: string }>({ sql: `explain query plan ${sql}`, parameters }).map((row) => row.detail);
  }

  private compileSummaries() {
    return this.connection.kysely
      .selectFrom('service_principals as sp')
      .leftJoin('jobs as j', 'j.service_principal_id', 'sp.id')
      .select(['sp.id', 'sp.app_id', 'sp.display_name', (eb) => eb.fn.count<number>('j.seq').as('jobs')])
      .groupBy('sp.id')
      .orderBy('sp.id')
      .compile();
  }

  /** Creates the service principal if it is new (auto mode: on first write). */
  ensure(id: string, createdAt: string): void {
    this.connection.run(
      this.connection.kysely
        .insertInto('service_principals')
        .values({ id, app_id: null, display_name: null, registered: 0, created_at: createdAt })
        .onConflict((oc) => oc.column('id').doNothing())
        .compile(),
    );
  }

  /** Registers (or updates) a service principal from a fixture. */
  upsert(row: { id: string; appId: string | null; displayName: string | null }, createdAt: string): void {
    this.connection.run(
      this.connection.kysely
        .insertInto('service_principals')
        .values({ id: row.id, app_id: row.appId, display_name: row.displayName, registered: 1, created_at: createdAt })
        .onConflict((oc) => oc.column('id').doUpdateSet({ app_id: row.appId, display_name: row.displayName, registered: 1 }))
        .compile(),
    );
  }

  upsertTemplate(servicePrincipalId: string, id: string, body: string): void {
    this.connection.run(
      this.connection.kysely
        .insertInto('templates')
        .values({ service_principal_id: servicePrincipalId, id, body })
        .onConflict((oc) => oc.columns(['service_principal_id', 'id']).doUpdateSet({ body }))
        .compile(),
    );
  }

  /** The fixture templates of a service principal: id → Graph JSON text. */
  templates(servicePrincipalId: string): { id: string; body: string }[] {
    return this.connection.all<{ id: string; body: string }>(
      this.connection.kysely.selectFrom('templates').select(['id', 'body']).where('service_principal_id', '=', servicePrincipalId).orderBy('id').compile(),
    );
  }

  upsertSecret(servicePrincipalId: string, key: string, value: string): void {
    this.connection.run(
      this.connection.kysely
        .insertInto('secrets')
        .values({ service_principal_id: servicePrincipalId, key, value })
        .onConflict((oc) => oc.columns(['service_principal_id', 'key']).doUpdateSet({ value }))
        .compile(),
    );
  }

  /** Replaces the whole secret set of a service principal. */
  replaceSecrets(servicePrincipalId: string, secrets: readonly { key: string; value: string }[]): void {
    this.connection.run(this.connection.kysely.deleteFrom('secrets').where('service_principal_id', '=', servicePrincipalId).compile());
    for (const secret of secrets) this.upsertSecret(servicePrincipalId, secret.key, secret.value);
  }

  secrets(servicePrincipalId: string): { key: string; value: string }[] {
    return this.connection.all<{ key: string; value: string }>(
      this.connection.kysely.selectFrom('secrets').select(['key', 'value']).where('service_principal_id', '=', servicePrincipalId).orderBy('key').compile(),
    );
  }
}
