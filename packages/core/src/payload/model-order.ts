import type { EdmType, PropertyDef } from '@syncemu/odata';
import { utcDateTimeOffset } from './value-checker.js';

/**
 * A copy of `value` whose objects list their properties in the order the model declares them,
 * with unknown keys and annotations dropped (a checked value has none but `@odata.type`), times in
 * UTC with `Z` (decisions.md §5) however they were written, and every non-nullable property that
 * was left out given its default (see {@link defaultValue}): Graph always sends those.
 */
export function inModelOrder(value: unknown, type: EdmType): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (type.kind === 'collection') return Array.isArray(value) ? value.map((item) => inModelOrder(item, type.of)) : value;
  if (type.kind === 'primitive' && type.name === 'Edm.DateTimeOffset' && typeof value === 'string') return utcDateTimeOffset(value);
  if (type.kind !== 'complex' || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(type.properties)) {
    if (Object.hasOwn(source, name) && source[name] !== undefined) ordered[name] = inModelOrder(source[name], property.type);
    else if (!property.nullable) ordered[name] = defaultValue(property);
  }
  return ordered;
}

/**
 * `value` with every non-nullable property it leaves out added, with its default, after the ones
 * it has (their order and any other keys kept): for documents stored as written, such as schemas.
 */
export function withRequiredMembers(value: unknown, type: EdmType): unknown {
  if (value === null || value === undefined) return value;
  if (type.kind === 'collection') return Array.isArray(value) ? value.map((item) => withRequiredMembers(item, type.of)) : value;
  if (type.kind !== 'complex' || typeof value !== 'object' || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(source)) {
    const property = Object.hasOwn(type.properties, name) ? type.properties[name] : undefined;
    out[name] = property ? withRequiredMembers(member, property.type) : member;
  }
  for (const [name, property] of Object.entries(type.properties)) {
    if ((!Object.hasOwn(source, name) || source[name] === undefined) && !property.nullable) out[name] = defaultValue(property);
  }
  return out;
}

/**
 * What a non-nullable property holds when nothing set it, as .NET (the service) defaults it:
 * false, 0, the enum member whose value is 0, `0001-01-01T00:00:00Z`, `PT0S`, an empty collection,
 * an object of defaults.
 */
export function defaultValue(property: Pick<PropertyDef, 'type'>): unknown {
  const type = property.type;
  switch (type.kind) {
    case 'collection':
      return [];
    case 'complex':
      return inModelOrder({}, type);
    case 'enum':
      return Object.entries(type.members).find(([, value]) => value === 0)?.[0] ?? Object.keys(type.members)[0];
    case 'primitive':
      switch (type.name) {
        case 'Edm.Boolean':
          return false;
        case 'Edm.String':
          return '';
        case 'Edm.DateTimeOffset':
          return '0001-01-01T00:00:00Z';
        case 'Edm.Date':
          return '0001-01-01';
        case 'Edm.TimeOfDay':
          return '00:00:00';
        case 'Edm.Duration':
          return 'PT0S';
        case 'Edm.Guid':
          return '00000000-0000-0000-0000-000000000000';
        default:
          return 0;
      }
  }
}
