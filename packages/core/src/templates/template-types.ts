/** The shape of a built-in synchronizationTemplate (re-exported by catalog.ts). */

/** keyValuePair: a synchronizationJobSettings entry. */
export interface KeyValue {
  readonly name: string;
  readonly value: string;
}

/** synchronizationMetadataEntry, e.g. `{ key: 'GalleryApplicationKey', value: 'aws' }`. */
export interface MetadataEntry {
  readonly key: string;
  readonly value: string;
}

/**
 * A synchronizationSchema in Graph JSON form. Deliberately loose (`unknown[]`) so schemas read from
 * clients or fixtures fit too; built-in schemas have the precise shape `BuiltInSchemaJson`
 * (schema-types.ts).
 */
export type SynchronizationSchemaJson = {
  readonly id?: string;
  readonly version: string;
  readonly synchronizationRules: readonly unknown[];
  readonly directories: readonly unknown[];
};

export interface TemplateDefinition {
  /** e.g. 'scim', 'Azure2Azure'; also the prefix of job ids made from it. */
  readonly id: string;
  /** Well-known engine implementation, e.g. 'CustomSCIM', 'Azure2Azure', 'aws'. */
  readonly factoryTag: string;
  readonly description: string;
  /** The (gallery) application the template belongs to: a lower-case GUID. */
  readonly applicationId: string;
  readonly default: boolean;
  readonly discoverable: boolean;
  /** GalleryApplicationIdentifier, GalleryApplicationKey, IsOAuthEnabled, IsSynchronizationAgentRequired, ConfigurationFields. */
  readonly metadata: readonly MetadataEntry[];
  /** synchronizationJobSettings a new job from this template gets. */
  readonly defaultSettings: readonly KeyValue[];
  /** synchronizationSecret keys validateCredentials requires, e.g. ['BaseAddress', 'SecretToken']. */
  readonly requiredSecrets: readonly string[];
  /** The template's default schema, in Graph JSON shape. */
  readonly schema: SynchronizationSchemaJson;
}
