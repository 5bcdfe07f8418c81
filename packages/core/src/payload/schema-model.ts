import { collectionOf, complexType, enumType, primitive, type ComplexType } from '@syncemu/odata';

/**
 * The synchronizationSchema type and what it contains (graph-sync-api.md §2.13 and Appendix A),
 * to check the body of `PUT …/schema`. Metadata keys are read as strings: the service adds keys
 * faster than the CSDL lists them.
 */
const str = primitive('Edm.String');
const bool = primitive('Edm.Boolean');
const int32 = primitive('Edm.Int32');
const dateTime = primitive('Edm.DateTimeOffset');

const keyValue = (name: string) => complexType(`microsoft.graph.${name}`, [['key', str, true], ['value', str, true]]);

const attributeType = enumType('microsoft.graph.attributeType', { String: 0, Integer: 1, Reference: 2, Binary: 3, Boolean: 4, DateTime: 5 });
const mutability = enumType('microsoft.graph.mutability', { ReadWrite: 0, ReadOnly: 1, Immutable: 2, WriteOnly: 3 });
const flowBehavior = enumType('microsoft.graph.attributeFlowBehavior', { FlowWhenChanged: 0, FlowAlways: 1 });
const flowType = enumType('microsoft.graph.attributeFlowType', { Always: 0, ObjectAddOnly: 1, MultiValueAddOnly: 2, ValueAddOnly: 3, AttributeAddOnly: 4 });
const sourceType = enumType('microsoft.graph.attributeMappingSourceType', { Attribute: 0, Constant: 1, Function: 2 });
const objectFlowTypes = enumType('microsoft.graph.objectFlowTypes', { None: 0, Add: 1, Update: 2, Delete: 4 }, true);
const discoverabilities = enumType(
  'microsoft.graph.directoryDefinitionDiscoverabilities',
  { None: 0, AttributeNames: 1, AttributeDataTypes: 2, AttributeReadOnly: 4, ReferenceAttributes: 8, UnknownFutureValue: 16 },
  true,
);

/** attributeMappingSource nests itself through `parameters`; this many levels are accepted. */
const MAX_EXPRESSION_NESTING = 12;

function mappingSource(depth: number): ComplexType {
  const rows: [string, ReturnType<typeof primitive> | ReturnType<typeof collectionOf> | typeof sourceType, boolean][] = [
    ['expression', str, true],
    ['name', str, true],
    ['type', sourceType, false],
  ];
  if (depth > 0) {
    const pair = complexType('microsoft.graph.stringKeyAttributeMappingSourceValuePair', [
      ['key', str, true],
      ['value', mappingSource(depth - 1), true],
    ]);
    rows.splice(2, 0, ['parameters', collectionOf(pair), true]);
  }
  return complexType('microsoft.graph.attributeMappingSource', rows);
}

const attributeMappingSource = mappingSource(MAX_EXPRESSION_NESTING);

const attributeDefinition = complexType('microsoft.graph.attributeDefinition', [
  ['anchor', bool, false],
  ['apiExpressions', collectionOf(keyValue('stringKeyStringValuePair')), true],
  ['caseExact', bool, false],
  ['defaultValue', str, true],
  ['flowNullValues', bool, false],
  ['metadata', collectionOf(keyValue('attributeDefinitionMetadataEntry')), true],
  ['multivalued', bool, false],
  ['mutability', mutability, false],
  ['name', str, true],
  ['referencedObjects', collectionOf(complexType('microsoft.graph.referencedObject', [['referencedObjectName', str, true], ['referencedProperty', str, true]])), true],
  ['required', bool, false],
  ['type', attributeType, false],
]);

const objectDefinition = complexType('microsoft.graph.objectDefinition', [
  ['attributes', collectionOf(attributeDefinition), true],
  ['metadata', collectionOf(keyValue('objectDefinitionMetadataEntry')), true],
  ['name', str, true],
  ['supportedApis', collectionOf(str), true],
]);

export const directoryDefinition = complexType('microsoft.graph.directoryDefinition', [
  ['id', str, true],
  ['discoverabilities', discoverabilities, false],
  ['discoveryDateTime', dateTime, true],
  ['name', str, true],
  ['objects', collectionOf(objectDefinition), true],
  ['readOnly', bool, false],
  ['version', str, true],
]);

const filterClause = complexType('microsoft.graph.filterClause', [
  ['operatorName', str, true],
  ['sourceOperandName', str, true],
  ['targetOperand', complexType('microsoft.graph.filterOperand', [['values', collectionOf(str), true]]), true],
]);
const filterGroup = complexType('microsoft.graph.filterGroup', [
  ['clauses', collectionOf(filterClause), true],
  ['name', str, true],
]);
const scopeFilter = complexType('microsoft.graph.filter', [
  ['categoryFilterGroups', collectionOf(filterGroup), true],
  ['groups', collectionOf(filterGroup), true],
  ['inputFilterGroups', collectionOf(filterGroup), true],
]);

const attributeMapping = complexType('microsoft.graph.attributeMapping', [
  ['defaultValue', str, true],
  ['exportMissingReferences', bool, false],
  ['flowBehavior', flowBehavior, false],
  ['flowType', flowType, false],
  ['matchingPriority', int32, false],
  ['source', attributeMappingSource, true],
  ['targetAttributeName', str, true],
]);

const objectMapping = complexType('microsoft.graph.objectMapping', [
  ['attributeMappings', collectionOf(attributeMapping), true],
  ['enabled', bool, false],
  ['flowTypes', objectFlowTypes, false],
  ['metadata', collectionOf(keyValue('objectMappingMetadataEntry')), true],
  ['name', str, true],
  ['scope', scopeFilter, true],
  ['sourceObjectName', str, true],
  ['targetObjectName', str, true],
]);

const synchronizationRule = complexType('microsoft.graph.synchronizationRule', [
  ['containerFilter', complexType('microsoft.graph.containerFilter', [['includedContainers', collectionOf(str), true]]), true],
  ['editable', bool, false],
  ['groupFilter', complexType('microsoft.graph.groupFilter', [['includedGroups', collectionOf(str), true]]), true],
  ['id', str, true],
  ['metadata', collectionOf(keyValue('stringKeyStringValuePair')), true],
  ['name', str, true],
  ['objectMappings', collectionOf(objectMapping), true],
  ['priority', int32, false],
  ['sourceDirectoryName', str, true],
  ['targetDirectoryName', str, true],
]);

export const synchronizationSchema = complexType('microsoft.graph.synchronizationSchema', [
  ['id', str, true],
  ['directories', collectionOf(directoryDefinition), true],
  ['synchronizationRules', collectionOf(synchronizationRule), true],
  ['version', str, true],
]);
