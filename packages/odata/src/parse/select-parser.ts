import type { ComplexType } from '../model/edm.js';
import { semanticError, syntaxError, unknownProperty } from '../errors.js';

/** `'*'`, or the selected top-level property names in the order written (duplicates dropped). */
export type Selection = '*' | readonly string[];

const identifier = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*$/u;

/** Parses and checks `$select`: comma-separated property names of the entity type, or `*`. */
export function parseSelect(text: string, type: ComplexType): Selection {
  const names: string[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const leading = part.length - part.trimStart().length;
    const item = part.trim();
    const position = offset + leading;
    offset += part.length + 1;
    if (item === '') {
      throw syntaxError('$select', text, position, `expected a property name or *, found ${position >= text.length ? 'the end of the clause' : "','"}`);
    }
    if (item === '*') {
      names.push('*');
      continue;
    }
    if (item.includes('/')) {
      const segments = item.split('/');
      const head = segments[0] ?? '';
      // every name along the path must exist (decisions.md §4 names the nested type), before the
      // path is refused for selecting inside a complex property
      let owner: ComplexType = type;
      let at = position;
      for (const segment of segments) {
        const property = Object.hasOwn(owner.properties, segment) ? owner.properties[segment] : undefined;
        if (!property) throw unknownProperty('$select', text, at, segment, owner.name);
        const inner = property.type.kind === 'collection' ? property.type.of : property.type;
        if (inner.kind !== 'complex') break;
        owner = inner;
        at += segment.length + 1;
      }
      throw semanticError('$select', text, position, `'${item}' selects inside a complex property; select the whole property ('${head}') instead`);
    }
    if (!identifier.test(item)) throw syntaxError('$select', text, position, `expected a property name or *, found '${item}'`);
    if (type.navigation?.includes(item)) {
      throw semanticError('$select', text, position, `'${item}' is a navigation property of ${type.name}; it cannot be selected`);
    }
    if (!Object.hasOwn(type.properties, item)) throw unknownProperty('$select', text, position, item, type.name);
    if (!names.includes(item)) names.push(item);
  }
  return names.includes('*') ? '*' : names;
}
