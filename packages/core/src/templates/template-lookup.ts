import type { AsyncRepositories } from '@syncemu/store';
import { BUILT_IN_TEMPLATES } from './catalog.js';

/** A template as Graph shows it (schema inline), and what validateCredentials requires of it. */
export interface ResolvedTemplate {
  readonly json: Record<string, unknown> & { id: string; schema: SchemaJson };
  readonly requiredSecrets: readonly string[];
  /** synchronizationJobSettings a new job from this template gets. */
  readonly defaultSettings: readonly { readonly name: string; readonly value: string | null }[];
}

export interface SchemaJson {
  id?: string;
  version?: string;
  directories: Record<string, unknown>[];
  synchronizationRules: Record<string, unknown>[];
}

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * The templates a service principal offers: the built-in catalog, plus (or, by id, instead of)
 * the templates a fixture gave it.
 */
export async function templatesOf(db: AsyncRepositories, servicePrincipalId: string): Promise<ResolvedTemplate[]> {
  const byId = new Map<string, ResolvedTemplate>();
  for (const t of BUILT_IN_TEMPLATES) {
    const json = {
      id: t.id,
      applicationId: t.applicationId,
      default: t.default,
      description: t.description,
      discoverable: t.discoverable,
      factoryTag: t.factoryTag,
      metadata: t.metadata as unknown[],
    };
    byId.set(t.id, {
      json: withLazySchema(json, () => structuredClone(t.schema) as unknown as SchemaJson),
      requiredSecrets: t.requiredSecrets,
      defaultSettings: t.defaultSettings,
    });
  }
  for (const row of await db.servicePrincipals.templates(servicePrincipalId)) {
    const body = JSON.parse(row.body) as Record<string, unknown> & { schema?: SchemaJson; requiredSecrets?: string[]; synchronizationJobSettings?: { name: string; value: string | null }[] };
    const { synchronizationJobSettings: settings, requiredSecrets, ...graph } = body;
    const builtIn = byId.get(row.id);
    byId.set(row.id, {
      json: {
        applicationId: EMPTY_GUID,
        default: false,
        description: null,
        discoverable: true,
        factoryTag: null,
        metadata: [],
        ...graph,
        id: row.id,
        schema: { directories: [], synchronizationRules: [], ...(body.schema ?? {}) },
      },
      requiredSecrets: requiredSecrets ?? builtIn?.requiredSecrets ?? [],
      defaultSettings: settings ?? builtIn?.defaultSettings ?? [],
    });
  }
  return [...byId.values()];
}

/**
 * `json` with a `schema` property copied from the catalog the first time it is read: most callers
 * (a create, a cycle) only want ids and settings, and copying all twelve schemas on every one of
 * them cost milliseconds inside the write lock. Enumerable, last, so JSON and spreads see it as before.
 */
function withLazySchema<T extends object>(json: T, copy: () => SchemaJson): T & { schema: SchemaJson } {
  return Object.defineProperty(json, 'schema', {
    enumerable: true,
    configurable: true,
    get(this: T) {
      const schema = copy();
      Object.defineProperty(this, 'schema', { value: schema, enumerable: true, configurable: true, writable: true });
      return schema;
    },
    set(this: T, schema: SchemaJson) {
      Object.defineProperty(this, 'schema', { value: schema, enumerable: true, configurable: true, writable: true });
    },
  }) as T & { schema: SchemaJson };
}

export async function templateOf(db: AsyncRepositories, servicePrincipalId: string, templateId: string): Promise<ResolvedTemplate | undefined> {
  return (await templatesOf(db, servicePrincipalId)).find((t) => t.json.id === templateId);
}

/** `User to User`: the key of synchronizedEntryCountByType, from the template's first object mapping. */
export function entryTypeOf(template: ResolvedTemplate | undefined): string {
  const rule = template?.json.schema.synchronizationRules[0] as { objectMappings?: { sourceObjectName?: string; targetObjectName?: string }[] } | undefined;
  const mapping = rule?.objectMappings?.[0];
  return mapping?.sourceObjectName && mapping.targetObjectName ? `${mapping.sourceObjectName} to ${mapping.targetObjectName}` : 'User to User';
}
