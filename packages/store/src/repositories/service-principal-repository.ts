import type { Connection } from '../database/sqlite.js';

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
