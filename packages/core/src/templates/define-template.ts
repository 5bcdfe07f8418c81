/**
 * `defineTemplate`: builds a TemplateDefinition from the few facts that vary per app, deriving the
 * template metadata (synchronizationMetadataEntry list) and the required secrets from the admin
 * credential fields the app's provisioning page shows.
 */
import type { BuiltInSchemaJson } from './schema-types.js';
import type { KeyValue, MetadataEntry, TemplateDefinition } from './template-types.js';

/** One text box of the app's "Admin credentials" section: a synchronizationSecret key. */
export interface CredentialField {
  readonly key: string;
  readonly label: string;
  /** Shown masked (tokens, passwords). */
  readonly secret?: boolean;
  /** validateCredentials fails without it. Default true. */
  readonly required?: boolean;
}

/** The usual credentials of a SCIM app: tenant URL + bearer token. */
export const SCIM_CREDENTIALS: readonly CredentialField[] = [
  { key: 'BaseAddress', label: 'Tenant URL' },
  { key: 'SecretToken', label: 'Secret Token', secret: true },
];

/** The job setting most outbound apps start with. */
export const QUARANTINE_DELETE_THRESHOLD: readonly KeyValue[] = [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }];

export interface TemplateFacts {
  readonly id: string;
  readonly factoryTag: string;
  readonly description: string;
  readonly applicationId: string;
  /** GalleryApplicationIdentifier: the gallery application (template) GUID; defaults to applicationId. */
  readonly galleryApplicationId?: string;
  /** GalleryApplicationKey; defaults to the factoryTag. */
  readonly galleryApplicationKey?: string;
  readonly default?: boolean;
  readonly discoverable?: boolean;
  readonly oauth?: boolean;
  readonly agentRequired?: boolean;
  readonly credentials: readonly CredentialField[];
  readonly defaultSettings: readonly KeyValue[];
  readonly schema: BuiltInSchemaJson;
}

/** ConfigurationFields: the credential boxes as a JSON string (the value format is our own choice). */
function configurationFields(fields: readonly CredentialField[]): string {
  return JSON.stringify(
    fields.map((field) => ({
      name: field.key,
      displayName: field.label,
      isSecret: field.secret ?? false,
      isRequired: field.required ?? true,
    })),
  );
}

function templateMetadata(facts: TemplateFacts): MetadataEntry[] {
  return [
    { key: 'GalleryApplicationIdentifier', value: facts.galleryApplicationId ?? facts.applicationId },
    { key: 'GalleryApplicationKey', value: facts.galleryApplicationKey ?? facts.factoryTag },
    { key: 'IsOAuthEnabled', value: String(facts.oauth ?? false) },
    { key: 'IsSynchronizationAgentRequired', value: String(facts.agentRequired ?? false) },
    { key: 'ConfigurationFields', value: configurationFields(facts.credentials) },
  ];
}

export function defineTemplate(facts: TemplateFacts): TemplateDefinition {
  return {
    id: facts.id,
    factoryTag: facts.factoryTag,
    description: facts.description,
    applicationId: facts.applicationId,
    default: facts.default ?? true,
    discoverable: facts.discoverable ?? true,
    metadata: templateMetadata(facts),
    defaultSettings: facts.defaultSettings,
    requiredSecrets: facts.credentials.filter((field) => field.required ?? true).map((field) => field.key),
    schema: facts.schema,
  };
}
