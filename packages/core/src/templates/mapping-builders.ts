/**
 * Builders for the rule side of a schema: attributeMappingSource expressions, attributeMapping,
 * objectMapping, synchronizationRule and the schema itself. Expressions are built as trees so the
 * `expression` text and the parsed `parameters` always agree (the form GET schema returns).
 */
import type {
  AttributeFlowBehavior,
  AttributeFlowType,
  AttributeMappingJson,
  AttributeMappingSourceJson,
  BuiltInSchemaJson,
  DirectoryDefinitionJson,
  KeyValueEntry,
  ObjectMappingJson,
  SynchronizationRuleJson,
} from './schema-types.js';
import { entries } from './schema-builders.js';

/** `[name]`: an attribute of the source object. */
export function attr(name: string): AttributeMappingSourceJson {
  return { expression: `[${name}]`, name, parameters: [], type: 'Attribute' };
}

/** `"value"`: a constant argument of a function. */
export function constant(value: string): AttributeMappingSourceJson {
  return { expression: `"${value}"`, name: value, parameters: [], type: 'Constant' };
}

/** One function argument: `[parameterName, value]`, or `undefined` for an empty positional slot. */
export type Argument = readonly [string, AttributeMappingSourceJson] | undefined;

/**
 * `Name(arg, , arg)`: a function call. Empty slots print as nothing between commas and are left out
 * of `parameters`, e.g. `Switch([IsSoftDeleted], , "False", "True", "True", "False")`.
 */
export function fn(name: string, ...args: readonly Argument[]): AttributeMappingSourceJson {
  const text = args.map((arg) => (arg === undefined ? '' : arg[1].expression)).join(', ');
  const parameters = args.flatMap((arg) => (arg === undefined ? [] : [{ key: arg[0], value: arg[1] }]));
  return { expression: `${name}(${text})`, name, parameters, type: 'Function' };
}

/** The usual "active" expression of SCIM apps: `Switch([IsSoftDeleted], , "False", "True", "True", "False")`. */
export function activeFromSoftDeleted(whenActive = 'True', whenDeleted = 'False'): AttributeMappingSourceJson {
  return fn(
    'Switch',
    ['source', attr('IsSoftDeleted')],
    undefined,
    ['key', constant('False')],
    ['value', constant(whenActive)],
    ['key', constant('True')],
    ['value', constant(whenDeleted)],
  );
}

/** `Not([IsSoftDeleted])`. */
export function notSoftDeleted(attribute = 'IsSoftDeleted'): AttributeMappingSourceJson {
  return fn('Not', ['source', attr(attribute)]);
}

/** `Join(" ", [a], [b])`. */
export function join(separator: string, ...attributes: readonly string[]): AttributeMappingSourceJson {
  return fn('Join', ['separator', constant(separator)], ...attributes.map((name): Argument => ['source', attr(name)]));
}

/** `Coalesce([a], [b])`: the first attribute with a value. */
export function coalesce(...attributes: readonly string[]): AttributeMappingSourceJson {
  return fn('Coalesce', ...attributes.map((name): Argument => ['source', attr(name)]));
}

export interface MappingOptions {
  readonly defaultValue?: string;
  readonly matchingPriority?: number;
  readonly flowType?: AttributeFlowType;
  readonly flowBehavior?: AttributeFlowBehavior;
  readonly exportMissingReferences?: boolean;
}

/**
 * An attributeMapping. `source` is an attribute name (shorthand for `attr(name)`), an expression
 * tree, or null for a constant target value (then give `defaultValue`).
 */
export function mapping(
  targetAttributeName: string,
  source: string | AttributeMappingSourceJson | null,
  options: MappingOptions = {},
): AttributeMappingJson {
  return {
    defaultValue: options.defaultValue ?? null,
    exportMissingReferences: options.exportMissingReferences ?? false,
    flowBehavior: options.flowBehavior ?? 'FlowWhenChanged',
    flowType: options.flowType ?? 'Always',
    matchingPriority: options.matchingPriority ?? 0,
    source: typeof source === 'string' ? attr(source) : source,
    targetAttributeName,
  };
}

/** A constant target value: `source` null, `defaultValue` set. */
export function constantMapping(targetAttributeName: string, value: string, options: MappingOptions = {}): AttributeMappingJson {
  return mapping(targetAttributeName, null, { ...options, defaultValue: value });
}

/** The objectMappingMetadataEntry values the service puts on every object mapping. */
const OBJECT_MAPPING_METADATA: Readonly<Record<string, string>> = {
  IsCustomerDefined: 'false',
  DisableMonitoringForChanges: 'false',
  Disposition: '"Normal"',
  ExcludeFromReporting: 'false',
  EscrowBehavior: '"Default"',
  Unsynchronized: 'false',
};

export interface ObjectMappingOptions {
  readonly name: string;
  readonly source: string;
  readonly target: string;
  readonly attributeMappings: readonly AttributeMappingJson[];
  readonly enabled?: boolean;
  readonly flowTypes?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export function objectMapping(options: ObjectMappingOptions): ObjectMappingJson {
  return {
    attributeMappings: options.attributeMappings,
    enabled: options.enabled ?? true,
    flowTypes: options.flowTypes ?? 'Add, Update, Delete',
    metadata: entries({ ...OBJECT_MAPPING_METADATA, ...options.metadata }),
    name: options.name,
    scope: null,
    sourceObjectName: options.source,
    targetObjectName: options.target,
  };
}

export interface RuleOptions {
  readonly id: string;
  readonly name: string;
  readonly source: DirectoryDefinitionJson;
  readonly target: DirectoryDefinitionJson;
  readonly objectMappings: readonly ObjectMappingJson[];
  readonly priority?: number;
  readonly editable?: boolean;
  readonly metadata?: readonly KeyValueEntry[];
}

/** A synchronizationRule between two directories of the schema (names taken from the directories). */
export function rule(options: RuleOptions): SynchronizationRuleJson {
  return {
    containerFilter: { includedContainers: [] },
    editable: options.editable ?? true,
    groupFilter: { includedGroups: [] },
    id: options.id,
    metadata: options.metadata ?? [],
    name: options.name,
    objectMappings: options.objectMappings,
    priority: options.priority ?? 1,
    sourceDirectoryName: options.source.name,
    targetDirectoryName: options.target.name,
  };
}

export function schema(
  version: string,
  directories: readonly DirectoryDefinitionJson[],
  synchronizationRules: readonly SynchronizationRuleJson[],
): BuiltInSchemaJson {
  return { directories, synchronizationRules, version };
}
