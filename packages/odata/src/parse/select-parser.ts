import type { ComplexType } from '../model/edm.js';
import { semanticError, syntaxError, unknownProperty } from '../errors.js';

/**
 * `'*'`, or the selected properties in the order written: top-level names (`id`) and paths into
 * complex properties (`status/code`, `status/lastExecution/error`). A path whose prefix is also
 * selected is dropped (`status,status/code` is `status`), as are duplicates.
 */
export type Selection = '*' | readonly string[];

const identifier = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*$/u;

/** Parses and checks `$select`: comma-separated property names or paths of the entity type, or `*`. */
export function parseSelect(text: string, type: ComplexType): Selection {
  const paths: string[] = [];
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
      paths.push('*');
      continue;
    }
    checkPath(text, item, position, type);
    paths.push(item);
  }
  if (paths.includes('*')) return '*';
  // `status` covers `status/code`; a path selected twice counts once
  return paths.filter((path, i) => paths.indexOf(path) === i && !paths.some((other) => path.startsWith(`${other}/`)));
}

/**
 * Every segment of `item` must be a property of the type it is read on; every segment but the
 * last a complex property (or a collection of one: `status/progress/units` keeps `units` of each).
 */
function checkPath(text: string, item: string, position: number, type: ComplexType): void {
  let owner: ComplexType = type;
  let at = position;
  const segments = item.split('/');
  segments.forEach((segment, i) => {
    if (!identifier.test(segment)) {
      throw syntaxError('$select', text, at, `expected a property name${i === 0 ? ' or *' : ''}, found ${segment === '' ? (at >= text.length ? 'the end of the clause' : `'${text[at]}'`) : `'${segment}'`}`);
    }
    if (i === 0 && owner.navigation?.includes(segment)) {
      throw semanticError('$select', text, at, `'${segment}' is a navigation property of ${owner.name}; it cannot be selected`);
    }
    const property = Object.hasOwn(owner.properties, segment) ? owner.properties[segment] : undefined;
    if (!property) throw unknownProperty('$select', text, at, segment, owner.name);
    if (i < segments.length - 1) {
      const inner = property.type.kind === 'collection' ? property.type.of : property.type;
      if (inner.kind !== 'complex') {
        const next = at + segment.length + 1;
        throw semanticError('$select', text, next, `'${segments.slice(0, i + 1).join('/')}' is of type ${inner.name}, which has no properties to select`);
      }
      owner = inner;
    }
    at += segment.length + 1;
  });
}

/**
 * Parses `$expand` of a single entity: comma-separated navigation properties that hold data
 * (`schema`); no nested options. A stream (`bulkUpload`) and structural properties are refused.
 */
export function parseExpand(text: string, type: ComplexType): readonly string[] {
  const names: string[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const position = offset + (part.length - part.trimStart().length);
    const item = part.trim();
    offset += part.length + 1;
    if (item === '') throw syntaxError('$expand', text, position, `expected a navigation property, found ${position >= text.length ? 'the end of the clause' : "','"}`);
    const options = item.indexOf('(');
    if (options >= 0) throw semanticError('$expand', text, position + options, `options inside $expand ('${item.slice(options)}') are not supported`);
    if (!identifier.test(item)) throw syntaxError('$expand', text, position, `expected a navigation property, found '${item}'`);
    if (Object.hasOwn(type.properties, item)) throw semanticError('$expand', text, position, `'${item}' is a structural property of ${type.name}; only navigation properties can be expanded`);
    if (!type.navigation?.includes(item)) throw unknownProperty('$expand', text, position, item, type.name);
    if (type.streams?.includes(item)) throw semanticError('$expand', text, position, `'${item}' of ${type.name} cannot be expanded; it is a stream (GET it: …/${item})`);
    if (!names.includes(item)) names.push(item);
  }
  return names;
}
