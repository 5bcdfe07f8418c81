/**
 * The Graph JSON shapes of a synchronizationSchema, exactly as the service serialises them (enum
 * members as their names, flags enums as comma-separated names, nulls kept). Used by the built-in
 * template catalog; property order follows the service's (alphabetical) order.
 */

export type AttributeType = 'String' | 'Integer' | 'Reference' | 'Binary' | 'Boolean' | 'DateTime';
export type Mutability = 'ReadWrite' | 'ReadOnly' | 'Immutable' | 'WriteOnly';
export type AttributeFlowBehavior = 'FlowWhenChanged' | 'FlowAlways';
export type AttributeFlowType = 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';
export type AttributeMappingSourceType = 'Attribute' | 'Constant' | 'Function';

/** stringKeyStringValuePair and the *MetadataEntry complex types: `{ key, value }`. */
export interface KeyValueEntry {
  readonly key: string;
  readonly value: string;
}

export interface ReferencedObjectJson {
  readonly referencedObjectName: string;
  readonly referencedProperty: string | null;
}

export interface AttributeDefinitionJson {
  readonly anchor: boolean;
  readonly apiExpressions: readonly KeyValueEntry[];
  readonly caseExact: boolean;
  readonly defaultValue: string | null;
  readonly flowNullValues: boolean;
  readonly metadata: readonly KeyValueEntry[];
  readonly multivalued: boolean;
  readonly mutability: Mutability;
  readonly name: string;
  readonly referencedObjects: readonly ReferencedObjectJson[];
  readonly required: boolean;
  readonly type: AttributeType;
}

export interface ObjectDefinitionJson {
  readonly attributes: readonly AttributeDefinitionJson[];
  readonly metadata: readonly KeyValueEntry[];
  readonly name: string;
  readonly supportedApis: readonly string[];
}

export interface DirectoryDefinitionJson {
  /** Flags enum directoryDefinitionDiscoverabilities, e.g. `"AttributeNames, AttributeDataTypes"`. */
  readonly discoverabilities: string;
  readonly discoveryDateTime: string | null;
  readonly id: string;
  readonly name: string;
  readonly objects: readonly ObjectDefinitionJson[];
  readonly readOnly: boolean;
  readonly version: string | null;
}

export interface AttributeMappingParameterJson {
  readonly key: string;
  readonly value: AttributeMappingSourceJson;
}

export interface AttributeMappingSourceJson {
  readonly expression: string;
  readonly name: string;
  readonly parameters: readonly AttributeMappingParameterJson[];
  readonly type: AttributeMappingSourceType;
}

export interface AttributeMappingJson {
  readonly defaultValue: string | null;
  readonly exportMissingReferences: boolean;
  readonly flowBehavior: AttributeFlowBehavior;
  readonly flowType: AttributeFlowType;
  /** 0 = not a matching attribute; 1, 2, ... = matching order. */
  readonly matchingPriority: number;
  /** null = the target gets `defaultValue` (a constant). */
  readonly source: AttributeMappingSourceJson | null;
  readonly targetAttributeName: string;
}

export interface FilterClauseJson {
  readonly operatorName: string;
  readonly sourceOperandName: string;
  readonly targetOperand: { readonly values: readonly string[] };
}

export interface FilterGroupJson {
  readonly clauses: readonly FilterClauseJson[];
  readonly name: string;
}

/** The `filter` complex type (object mapping scope). Built-in templates never set one. */
export interface ScopeFilterJson {
  readonly categoryFilterGroups: readonly FilterGroupJson[];
  readonly groups: readonly FilterGroupJson[];
  readonly inputFilterGroups: readonly FilterGroupJson[];
}

export interface ObjectMappingJson {
  readonly attributeMappings: readonly AttributeMappingJson[];
  readonly enabled: boolean;
  /** Flags enum objectFlowTypes, e.g. `"Add, Update, Delete"`. */
  readonly flowTypes: string;
  readonly metadata: readonly KeyValueEntry[];
  readonly name: string;
  readonly scope: ScopeFilterJson | null;
  readonly sourceObjectName: string;
  readonly targetObjectName: string;
}

export interface SynchronizationRuleJson {
  readonly containerFilter: { readonly includedContainers: readonly string[] };
  readonly editable: boolean;
  readonly groupFilter: { readonly includedGroups: readonly string[] };
  readonly id: string;
  readonly metadata: readonly KeyValueEntry[];
  readonly name: string;
  readonly objectMappings: readonly ObjectMappingJson[];
  readonly priority: number;
  readonly sourceDirectoryName: string;
  readonly targetDirectoryName: string;
}

/** A built-in template's schema: the precise form of catalog.ts's `SynchronizationSchemaJson`. */
export interface BuiltInSchemaJson {
  readonly directories: readonly DirectoryDefinitionJson[];
  readonly synchronizationRules: readonly SynchronizationRuleJson[];
  readonly version: string;
}
