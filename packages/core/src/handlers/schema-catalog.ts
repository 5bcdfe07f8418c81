/**
 * What `…/schema/filterOperators` and `…/schema/functions` return: the scoping-filter operators
 * and the attribute-mapping expression functions of Entra provisioning. The Graph docs show each
 * with a `name`; the CSDL keys both types by `id` (they derive from `entity`): each has both, the
 * same text (graph-sync-api.md §2.13).
 */
const ALL_TYPES = ['String', 'Integer', 'Reference', 'Binary', 'Boolean', 'DateTime'];

const operator = (name: string, arity: 'Binary' | 'Unary', types: readonly string[], multivalued: 'All' | 'Any' = 'All') => ({
  id: name,
  name,
  arity,
  multivaluedComparisonType: multivalued,
  supportedAttributeTypes: types,
});

export const FILTER_OPERATORS = [
  operator('EQUALS', 'Binary', ['String', 'Integer', 'Reference', 'Boolean', 'DateTime']),
  operator('NOT EQUALS', 'Binary', ['String', 'Integer', 'Reference', 'Boolean', 'DateTime']),
  operator('IS TRUE', 'Unary', ['Boolean']),
  operator('IS FALSE', 'Unary', ['Boolean']),
  operator('IS NULL', 'Unary', ALL_TYPES),
  operator('IS NOT NULL', 'Unary', ALL_TYPES),
  operator('REGEX MATCH', 'Binary', ['String']),
  operator('NOT REGEX MATCH', 'Binary', ['String']),
  operator('Greater_Than', 'Binary', ['Integer', 'DateTime']),
  operator('Greater_Than_OR_EQUALS', 'Binary', ['Integer', 'DateTime']),
  operator('Includes', 'Binary', ['String', 'Integer'], 'Any'),
];

type ParamType = 'String' | 'Integer' | 'Boolean' | 'DateTime' | 'Binary' | 'Reference';
const p = (name: string, type: ParamType = 'String', required = true, allowMultipleOccurrences = false) => ({ allowMultipleOccurrences, name, required, type });
const fn = (name: string, ...parameters: ReturnType<typeof p>[]) => ({ id: name, name, parameters });

export const MAPPING_FUNCTIONS = [
  fn('Append', p('source'), p('suffix')),
  fn('AppRoleAssignments', p('source')),
  fn('AppRoleAssignmentsComplex', p('source')),
  fn('AssertiveAppRoleAssignmentsComplex', p('source')),
  fn('BitAnd', p('value1', 'Integer'), p('value2', 'Integer')),
  fn('CBool', p('expression')),
  fn('CDate', p('expression')),
  fn('Coalesce', p('source1'), p('defaultValue', 'String', false, true)),
  fn('ConvertToBase64', p('source')),
  fn('ConvertToUTF8Hex', p('source')),
  fn('Count', p('attribute')),
  fn('CStr', p('value')),
  fn('DateAdd', p('interval'), p('value', 'Integer'), p('dateTime', 'DateTime')),
  fn('DateDiff', p('interval'), p('date1', 'DateTime'), p('date2', 'DateTime')),
  fn('DateFromNum', p('value', 'Integer')),
  fn('DefaultDomain'),
  fn('FormatDateTime', p('source'), p('dateTimeStyles', 'String', false), p('inputFormat'), p('outputFormat')),
  fn('Guid'),
  fn('IgnoreFlowIfNullOrEmpty', p('expression')),
  fn('IIF', p('condition', 'Boolean'), p('valueIfTrue'), p('valueIfFalse')),
  fn('InStr', p('value1'), p('value2'), p('start', 'Integer', false), p('compareType', 'String', false)),
  fn('IsNull', p('expression')),
  fn('IsNullOrEmpty', p('expression')),
  fn('IsPresent', p('expression')),
  fn('IsString', p('expression')),
  fn('Item', p('attribute'), p('index', 'Integer')),
  fn('Join', p('separator'), p('source1', 'String', true, true)),
  fn('Left', p('String'), p('NumChars', 'Integer')),
  fn('Mid', p('source'), p('start', 'Integer'), p('length', 'Integer')),
  fn('NormalizeDiacritics', p('source')),
  fn('Not', p('source', 'Boolean')),
  fn('Now'),
  fn('NumFromDate', p('value', 'DateTime')),
  fn('PCase', p('source'), p('wordSeparators', 'String', false)),
  fn('RandomString', p('Length', 'Integer'), p('MinimumNumbers', 'Integer'), p('MinimumSpecialCharacters', 'Integer'), p('MinimumCapital', 'Integer'), p('MinimumLowerCase', 'Integer'), p('CharactersToAvoid', 'String', false)),
  fn('Redact', p('source')),
  fn('RemoveDuplicates', p('attribute')),
  fn('Replace', p('source'), p('oldValue', 'String', false), p('regexPattern', 'String', false), p('regexGroupName', 'String', false), p('replacementValue', 'String', false), p('replacementAttributeName', 'String', false), p('template', 'String', false)),
  fn('SelectUniqueValue', p('uniqueValueRule1', 'String', true, true)),
  fn('SingleAppRoleAssignment', p('source')),
  fn('Split', p('source'), p('delimiter')),
  fn('StripSpaces', p('source')),
  fn('Switch', p('source'), p('defaultValue'), p('key', 'String', true, true), p('value', 'String', true, true)),
  fn('ToLower', p('source'), p('culture', 'String', false)),
  fn('ToUpper', p('source'), p('culture', 'String', false)),
  fn('Word', p('String'), p('WordNumber', 'Integer'), p('Delimiters')),
];
