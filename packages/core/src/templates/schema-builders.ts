/**
 * Builders for the directory side of a schema (directoryDefinition / objectDefinition /
 * attributeDefinition), filling every property with the service's defaults so templates only
 * spell out what differs.
 */
import type {
  AttributeDefinitionJson,
  AttributeType,
  DirectoryDefinitionJson,
  KeyValueEntry,
  Mutability,
  ObjectDefinitionJson,
} from './schema-types.js';

export interface AttributeOptions {
  readonly type?: AttributeType;
  readonly anchor?: boolean;
  readonly caseExact?: boolean;
  readonly defaultValue?: string;
  readonly flowNullValues?: boolean;
  readonly multivalued?: boolean;
  readonly mutability?: Mutability;
  readonly required?: boolean;
  /** Object names a Reference attribute points at (referencedObjects[].referencedObjectName). */
  readonly references?: readonly string[];
  /** attributeDefinitionMetadataEntry values by key, e.g. `{ MaximumLength: '8' }`. */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly apiExpressions?: Readonly<Record<string, string>>;
}

export function entries(record: Readonly<Record<string, string>> | undefined): readonly KeyValueEntry[] {
  return record === undefined ? [] : Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** An attributeDefinition; a String, single-valued, optional, ReadWrite attribute unless told otherwise. */
export function attribute(name: string, options: AttributeOptions = {}): AttributeDefinitionJson {
  const references = options.references ?? [];
  return {
    anchor: options.anchor ?? false,
    apiExpressions: entries(options.apiExpressions),
    caseExact: options.caseExact ?? false,
    defaultValue: options.defaultValue ?? null,
    flowNullValues: options.flowNullValues ?? false,
    metadata: entries(options.metadata),
    multivalued: options.multivalued ?? false,
    mutability: options.mutability ?? 'ReadWrite',
    name,
    referencedObjects: references.map((referencedObjectName) => ({ referencedObjectName, referencedProperty: null })),
    required: options.required ?? false,
    type: options.type ?? (references.length > 0 ? 'Reference' : 'String'),
  };
}

/** Shorthands for the common attribute shapes. */
export const anchor = (name: string, options: AttributeOptions = {}): AttributeDefinitionJson =>
  attribute(name, { required: true, ...options, anchor: true });
export const bool = (name: string, options: AttributeOptions = {}): AttributeDefinitionJson =>
  attribute(name, { ...options, type: 'Boolean' });
export const multi = (name: string, options: AttributeOptions = {}): AttributeDefinitionJson =>
  attribute(name, { ...options, multivalued: true });
export const reference = (name: string, targets: readonly string[], options: AttributeOptions = {}): AttributeDefinitionJson =>
  attribute(name, { ...options, references: targets, type: 'Reference' });

/** Many plain String attributes at once. */
export function strings(names: readonly string[], options: AttributeOptions = {}): AttributeDefinitionJson[] {
  return names.map((name) => attribute(name, options));
}

/** `extensionAttribute1` ... `extensionAttribute15` (Entra and AD both have them). */
export function extensionAttributes(prefix = 'extensionAttribute', count = 15): AttributeDefinitionJson[] {
  return Array.from({ length: count }, (_, i) => attribute(`${prefix}${i + 1}`));
}

export interface ObjectOptions {
  readonly metadata?: Readonly<Record<string, string>>;
  readonly supportedApis?: readonly string[];
}

export function objectDefinition(
  name: string,
  attributes: readonly AttributeDefinitionJson[],
  options: ObjectOptions = {},
): ObjectDefinitionJson {
  return { attributes, metadata: entries(options.metadata), name, supportedApis: options.supportedApis ?? [] };
}

/** objectDefinitionMetadataEntry values the service puts on objects of a connected app. */
export function objectMetadata(options: {
  readonly softDeletion: boolean;
  readonly storage: boolean;
  readonly synchronizeAll: boolean;
  readonly accountEnabled?: string;
  readonly softDeleted?: string;
  readonly baseObjectName?: string;
}): Readonly<Record<string, string>> {
  const metadata: Record<string, string> = {
    IsSoftDeletionSupported: String(options.softDeletion),
    ConnectorDataStorageRequired: String(options.storage),
    IsSynchronizeAllSupported: String(options.synchronizeAll),
  };
  if (options.accountEnabled !== undefined) metadata['PropertyNameAccountEnabled'] = options.accountEnabled;
  if (options.softDeleted !== undefined) metadata['PropertyNameSoftDeleted'] = options.softDeleted;
  if (options.baseObjectName !== undefined) metadata['BaseObjectName'] = options.baseObjectName;
  return metadata;
}

export interface DirectoryOptions {
  readonly readOnly?: boolean;
  readonly discoverabilities?: string;
}

/** A directoryDefinition as a template ships it: never discovered (version and discoveryDateTime null). */
export function directory(
  id: string,
  name: string,
  objects: readonly ObjectDefinitionJson[],
  options: DirectoryOptions = {},
): DirectoryDefinitionJson {
  return {
    discoverabilities: options.discoverabilities ?? 'AttributeNames, AttributeDataTypes',
    discoveryDateTime: null,
    id,
    name,
    objects,
    readOnly: options.readOnly ?? false,
    version: null,
  };
}
