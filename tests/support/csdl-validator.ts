/**
 * A data-driven check of JSON response payloads against Microsoft's CSDL for the synchronization
 * types (packages/core/metadata/synchronization-{v1.0,beta}.xml, read by ./csdl-model.ts): the
 * payload's `@odata.context` is resolved against the model (an entity set reached from
 * `servicePrincipals('{id}')/synchronization`, with its projection; a type; a bound function's
 * return type), and the value is checked member by member. Each violation is one string that
 * starts with the JSON path of the offending value.
 */
import { loadCsdlModel, type ApiVersion, type CsdlModel, type CsdlProperty, type CsdlStructuredType } from './csdl-model.js';

export type { ApiVersion } from './csdl-model.js';

export interface CheckOptions {
  /** The response was asked for with `IEEE754Compatible=true`: Int64 (and Decimal) are JSON strings instead of numbers. */
  ieee754Compatible?: boolean;
}

/**
 * Members Microsoft's documentation examples give these types that their CSDL does not declare
 * (the CSDL keys them by `id`, inherited from `entity`): the `…/schema/filterOperators` and
 * `…/schema/functions` examples name each item by `name`. Allowed as a string, never null; no
 * other allowance is made.
 */
export const DOCUMENTED_EXTRA_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.graph.filterOperatorSchema': ['name'],
  'microsoft.graph.attributeMappingFunctionSchema': ['name'],
};

/** The instance annotations a payload (its top level only) may carry. */
const PAYLOAD_ANNOTATIONS = ['@odata.context', '@odata.count', '@odata.nextLink', '@odata.deltaLink'] as const;
/** The media-entity annotations of a type with HasStream="true". */
const MEDIA_ANNOTATIONS = ['@odata.mediaReadLink', '@odata.mediaEditLink', '@odata.mediaContentType', '@odata.mediaEtag'];

// ---------------------------------------------------------------------------------------------
// paths and descriptions

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function member(path: string, name: string): string {
  return IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name).replace(/^"|"$/g, "'")}]`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return `'${JSON.stringify(shown).slice(1, -1)}'`;
  }
  if (Array.isArray(value)) return `an array (${value.length} items)`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// primitives

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d+)?)?$/;
const DURATION = /^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTEGER_STRING = /^-?(0|[1-9]\d*)$/;
const DECIMAL_STRING = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const INT_RANGES: Record<string, [number, number]> = {
  'Edm.Byte': [0, 255],
  'Edm.SByte': [-128, 127],
  'Edm.Int16': [-32768, 32767],
  'Edm.Int32': [-2147483648, 2147483647],
};

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `year-month-day` is no calendar date, or undefined. */
function badDate(year: string, month: string, day: string): string | undefined {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12) return `month ${month} does not exist`;
  if (d < 1 || d > daysInMonth(Number(year), m)) return `${year}-${month} has no day ${day}`;
  return undefined;
}

function isBase64(text: string): boolean {
  const standard = /^[A-Za-z0-9+/]*={0,2}$/.test(text);
  const url = /^[A-Za-z0-9_-]*={0,2}$/.test(text);
  if (!standard && !url) return false;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return false;
  return text.length === body.length || text.length % 4 === 0;
}

function checkPrimitive(type: string, value: unknown, path: string, options: CheckOptions, out: string[]): void {
  const got = describe(value);
  const expect = (what: string) => out.push(`${path}: expected ${what}, got ${got}`);
  switch (type) {
    case 'Edm.String':
      if (typeof value !== 'string') expect('an Edm.String (a JSON string)');
      return;
    case 'Edm.Boolean':
      if (typeof value !== 'boolean') expect('an Edm.Boolean (true or false)');
      return;
    case 'Edm.Byte':
    case 'Edm.SByte':
    case 'Edm.Int16':
    case 'Edm.Int32': {
      const [low, high] = INT_RANGES[type]!;
      if (typeof value !== 'number' || !Number.isInteger(value)) expect(`an ${type} (an integer JSON number)`);
      else if (value < low || value > high) out.push(`${path}: ${value} is out of the range of ${type} (${low} to ${high})`);
      return;
    }
    case 'Edm.Int64':
      if (options.ieee754Compatible) {
        if (typeof value !== 'string' || !INTEGER_STRING.test(value)) expect('an Edm.Int64 as a JSON string of an integer (IEEE754Compatible=true)');
        else if (BigInt(value) > 9223372036854775807n || BigInt(value) < -9223372036854775808n) out.push(`${path}: ${value} is out of the range of Edm.Int64`);
      } else if (typeof value !== 'number' || !Number.isInteger(value)) {
        expect(`an Edm.Int64 (an integer JSON number${typeof value === 'string' ? '; a string only with IEEE754Compatible=true' : ''})`);
      } else if (!Number.isSafeInteger(value)) {
        out.push(`${path}: ${value} is beyond 2^53 and loses precision as a JSON number (Edm.Int64 needs IEEE754Compatible=true)`);
      }
      return;
    case 'Edm.Decimal':
      if (options.ieee754Compatible) {
        if (typeof value !== 'string' || !DECIMAL_STRING.test(value)) expect('an Edm.Decimal as a JSON string of a decimal (IEEE754Compatible=true)');
      } else if (typeof value !== 'number') {
        expect('an Edm.Decimal (a JSON number)');
      }
      return;
    case 'Edm.Double':
    case 'Edm.Single':
      if (typeof value !== 'number' && value !== 'NaN' && value !== 'INF' && value !== '-INF') expect(`an ${type} (a JSON number, or 'NaN', 'INF', '-INF')`);
      return;
    case 'Edm.DateTimeOffset': {
      const match = typeof value === 'string' ? DATE_TIME_OFFSET.exec(value) : null;
      if (!match) return void expect('an Edm.DateTimeOffset (yyyy-MM-ddTHH:mm:ss(.fraction)?(Z|±HH:MM))');
      const [, year, month, day, hour, minute, second, , , offsetHour, offsetMinute] = match;
      const wrong =
        badDate(year!, month!, day!) ??
        (Number(hour) > 23 ? `hour ${hour} does not exist` : undefined) ??
        (Number(minute) > 59 ? `minute ${minute} does not exist` : undefined) ??
        (Number(second) > 59 ? `second ${second} does not exist` : undefined) ??
        (offsetHour !== undefined && (Number(offsetHour) > 14 || Number(offsetMinute) > 59) ? `the offset ${offsetHour}:${offsetMinute} does not exist` : undefined);
      if (wrong) out.push(`${path}: ${got} is not a real date and time (${wrong})`);
      return;
    }
    case 'Edm.Date': {
      const match = typeof value === 'string' ? DATE.exec(value) : null;
      if (!match) return void expect('an Edm.Date (yyyy-MM-dd)');
      const wrong = badDate(match[1]!, match[2]!, match[3]!);
      if (wrong) out.push(`${path}: ${got} is not a real date (${wrong})`);
      return;
    }
    case 'Edm.TimeOfDay':
      if (typeof value !== 'string' || !TIME_OF_DAY.test(value)) expect('an Edm.TimeOfDay (HH:mm(:ss(.fraction)?)?)');
      return;
    case 'Edm.Duration': {
      const match = typeof value === 'string' ? DURATION.exec(value) : null;
      const parts = match ? match.slice(1).filter((part) => part !== undefined) : [];
      const emptyTime = typeof value === 'string' && /T$/.test(value);
      if (!match || parts.length === 0 || emptyTime) expect('an Edm.Duration (ISO 8601 [-]P[nD][T[nH][nM][n(.n)S]], at least one component)');
      return;
    }
    case 'Edm.Guid':
      if (typeof value !== 'string' || !GUID.test(value)) expect('an Edm.Guid (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
      return;
    case 'Edm.Binary':
      if (typeof value !== 'string' || !isBase64(value)) expect('an Edm.Binary (a base64 string)');
      return;
    case 'Edm.Stream':
      return;
    default:
      out.push(`${path}: the primitive type ${type} is not supported by this validator`);
  }
}

// ---------------------------------------------------------------------------------------------
// projections ($select as the context URL carries it)

/** The selected members of one level: `true` a whole member, a nested Selection the selected members of a complex one. */
export type Selection = ReadonlyMap<string, Selection | true>;

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else quoted = false;
      }
    } else if (c === "'") quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `name` or `name(inner)` → [name, inner]. */
function splitParens(segment: string): [string, string | undefined] | undefined {
  const open = segment.indexOf('(');
  if (open < 0) return [segment, undefined];
  if (!segment.endsWith(')')) return undefined;
  return [segment.slice(0, open), segment.slice(open + 1, -1)];
}

/** The members of `typeName` a select item may name: structural, navigation, and the documented extras. */
function selectable(model: CsdlModel, typeName: string, name: string): { type: string; navigation: boolean } | undefined {
  const property = model.properties(typeName).get(name);
  if (property) return { type: property.type, navigation: false };
  const navigation = model.navigationProperties(typeName).get(name);
  if (navigation) return { type: navigation.type, navigation: true };
  if (DOCUMENTED_EXTRA_MEMBERS[typeName]?.includes(name)) return { type: 'Edm.String', navigation: false };
  return undefined;
}

/** `id,status/code,schema()` on `typeName` → a Selection; undefined when it selects everything (`*`). */
function parseSelection(model: CsdlModel, typeName: string, text: string): Selection | undefined | string {
  const root = new Map<string, Selection | true>();
  const items = splitTopLevel(text, ',').map((item) => item.trim());
  if (items.includes('*')) return undefined;
  // OData 4.01 §10.10: expanded navigation properties stand in the list as `name()`; a list of
  // them alone selects no structural property, so all of them are there (as without $select)
  const expansions = items.filter((item) => /^[^/()]+\(.*\)$/.test(item) && selectable(model, typeName, item.slice(0, item.indexOf('(')))?.navigation);
  if (expansions.length === items.length) for (const name of model.properties(typeName).keys()) root.set(name, true);
  for (const item of items) {
    if (item === '') return `an empty item in the projection (${text})`;
    const steps = splitTopLevel(item, '/');
    let level = root;
    let type = typeName;
    for (let s = 0; s < steps.length; s++) {
      const split = splitParens(steps[s]!);
      if (!split) return `'${item}' is not a select item`;
      const [name, inner] = split;
      const found = selectable(model, type, name);
      if (!found) return `'${name}' (in '${item}') is not a property of ${type}`;
      const last = s === steps.length - 1;
      if (inner !== undefined && (!last || !found.navigation)) return `'${item}': only a navigation property may carry a nested projection`;
      if (!last && (found.navigation || !model.structuredType(found.type))) return `'${item}': ${name} is not a complex property to select into`;
      if (last) {
        if (inner !== undefined && inner.trim() !== '') {
          const nested = parseSelection(model, found.type, inner);
          if (typeof nested === 'string') return nested;
          level.set(name, nested ?? true);
        } else level.set(name, true);
        break;
      }
      const existing = level.get(name);
      if (existing === true) break; // the whole member is selected already
      const next = (existing as Map<string, Selection | true> | undefined) ?? new Map<string, Selection | true>();
      level.set(name, next);
      level = next;
      type = found.type;
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// values of types

interface Checker {
  readonly model: CsdlModel;
  readonly options: CheckOptions;
  readonly out: string[];
}

/** A value's expected type: the element type, whether it is a collection, and what may be null. */
interface Expected {
  readonly type: string;
  readonly collection: boolean;
  /** The value itself (for a collection: the array). */
  readonly nullable: boolean;
  /** A collection's elements. */
  readonly elementsNullable: boolean;
  /** For messages: the property the value is of (`microsoft.graph.synchronizationStatus.code`). */
  readonly label?: string;
}

function fromProperty(owner: string, property: CsdlProperty): Expected {
  return { type: property.type, collection: property.collection, nullable: property.nullable, elementsNullable: property.nullable, label: `${owner}.${property.name}` };
}

function checkExpected(c: Checker, expected: Expected, value: unknown, path: string, selection?: Selection): void {
  if (value === null) {
    if (!expected.nullable) c.out.push(`${path}: null, but ${expected.label ?? expected.type} is not nullable`);
    return;
  }
  if (!expected.collection) return checkSingle(c, expected.type, value, path, selection);
  if (!Array.isArray(value)) {
    c.out.push(`${path}: expected an array (Collection(${expected.type})), got ${describe(value)}`);
    return;
  }
  value.forEach((element, i) => {
    const at = `${path}[${i}]`;
    if (element === null) {
      if (!expected.elementsNullable) c.out.push(`${at}: null, but the elements of ${expected.label ?? `Collection(${expected.type})`} are not nullable`);
    } else checkSingle(c, expected.type, element, at, selection);
  });
}

function checkSingle(c: Checker, type: string, value: unknown, path: string, selection?: Selection): void {
  const { model } = c;
  if (model.isPrimitive(type)) return checkPrimitive(type, value, path, c.options, c.out);
  const resolved = model.type(type);
  if (!resolved) {
    c.out.push(`${path}: the type ${type} is not in the CSDL`);
    return;
  }
  if (resolved.kind !== 'EnumType') return checkStructured(c, resolved, value, path, { selection });
  if (typeof value !== 'string') {
    c.out.push(`${path}: expected a member name of ${resolved.name} (a JSON string), got ${describe(value)}`);
    return;
  }
  if (!resolved.isFlags) {
    if (!resolved.members.has(value)) c.out.push(`${path}: ${describe(value)} is not a member of ${resolved.name}`);
    return;
  }
  const names = value.split(/, */);
  const wrong = names.filter((name) => !resolved.members.has(name));
  if (wrong.length > 0) {
    const shown = wrong.map((name) => (name === '' ? 'an empty name' : describe(name))).join(', ');
    c.out.push(`${path}: ${describe(value)}: ${shown} ${wrong.length === 1 ? 'is not a member' : 'are not members'} of the flags enum ${resolved.name}`);
  }
}

interface ObjectContext {
  selection?: Selection | undefined;
  /** Payload-level annotations allowed on this object (only the payload's top level has any). */
  payloadAnnotations?: readonly string[];
}

function checkAnnotationValue(c: Checker, name: string, value: unknown, path: string): void {
  const at = member(path, name);
  if (name === '@odata.count') {
    const ok = c.options.ieee754Compatible ? (typeof value === 'string' && /^(0|[1-9]\d*)$/.test(value)) || (typeof value === 'number' && Number.isInteger(value) && value >= 0) : typeof value === 'number' && Number.isInteger(value) && value >= 0;
    if (!ok) c.out.push(`${at}: expected a non-negative integer, got ${describe(value)}`);
  } else if (typeof value !== 'string') {
    c.out.push(`${at}: expected a string, got ${describe(value)}`);
  } else if ((name === '@odata.nextLink' || name === '@odata.deltaLink') && !/^https?:\/\/[^/]+\//.test(value)) {
    c.out.push(`${at}: ${describe(value)} is not an absolute URL`);
  }
}

function checkStructured(c: Checker, declared: CsdlStructuredType, value: unknown, path: string, context: ObjectContext): void {
  const { model, out } = c;
  if (!isObject(value)) {
    out.push(`${path}: expected a ${declared.name} object, got ${describe(value)}`);
    return;
  }
  let type = declared;
  const cast = value['@odata.type'];
  if (cast !== undefined) {
    const named = typeof cast === 'string' && cast.startsWith('#') ? model.structuredType(cast.slice(1)) : undefined;
    if (typeof cast !== 'string' || !/^#microsoft\.graph\.[A-Za-z0-9_]+$/.test(cast)) {
      out.push(`${member(path, '@odata.type')}: expected '#microsoft.graph.<type>', got ${describe(cast)}`);
    } else if (!named) {
      out.push(`${member(path, '@odata.type')}: ${describe(cast)} names no type of the CSDL`);
    } else if (!model.derivesFrom(named.name, declared.name)) {
      out.push(`${member(path, '@odata.type')}: ${named.name} is neither ${declared.name} nor derived from it`);
    } else type = named;
  }
  if (type.abstract) out.push(`${path}: ${type.name} is abstract; an instance needs an @odata.type naming a concrete type derived from it`);
  const properties = model.properties(type.name);
  const navigations = model.navigationProperties(type.name);
  const extras = DOCUMENTED_EXTRA_MEMBERS[type.name] ?? [];
  const { selection } = context;
  const notSelected = (name: string) => {
    if (selection && !selection.has(name)) {
      out.push(`${member(path, name)}: not selected (the context's projection holds ${[...selection.keys()].join(', ')})`);
      return true;
    }
    return false;
  };
  const sub = (name: string): Selection | undefined => {
    const entry = selection?.get(name);
    return entry === undefined || entry === true ? undefined : entry;
  };
  for (const [name, memberValue] of Object.entries(value)) {
    if (memberValue === undefined) continue; // no JSON value: absent (objects built in code may hold such keys)
    const at = member(path, name);
    if (name.startsWith('@')) {
      if (name === '@odata.type') continue;
      if (context.payloadAnnotations?.includes(name)) checkAnnotationValue(c, name, memberValue, path);
      else if (type.hasStream && MEDIA_ANNOTATIONS.includes(name)) {
        if (typeof memberValue !== 'string') out.push(`${at}: expected a string, got ${describe(memberValue)}`);
      } else if ((PAYLOAD_ANNOTATIONS as readonly string[]).includes(name)) out.push(`${at}: ${name} belongs at the payload's top level only`);
      else out.push(`${at}: the annotation ${name} is not allowed on ${type.name}`);
      continue;
    }
    const atSign = name.indexOf('@');
    if (atSign > 0) {
      const owner = name.slice(0, atSign);
      const annotation = name.slice(atSign);
      const known = properties.has(owner) || navigations.has(owner) || extras.includes(owner) || type.openType;
      const allowed = annotation === '@odata.type' || (navigations.has(owner) && ['@odata.context', '@odata.count', '@odata.nextLink'].includes(annotation));
      if (!known) out.push(`${at}: annotates '${owner}', which is not a property of ${type.name}`);
      else if (!allowed) out.push(`${at}: the annotation ${annotation} is not allowed on ${type.name}.${owner}`);
      else if (annotation === '@odata.type' && typeof memberValue !== 'string') out.push(`${at}: expected a string, got ${describe(memberValue)}`);
      continue;
    }
    const property = properties.get(name);
    if (property) {
      if (!notSelected(name)) checkExpected(c, fromProperty(type.name, property), memberValue, at, sub(name));
      continue;
    }
    const navigation = navigations.get(name);
    if (navigation) {
      if (notSelected(name)) continue;
      const expected: Expected = {
        type: navigation.type,
        collection: navigation.collection,
        nullable: navigation.collection ? false : navigation.nullable,
        elementsNullable: false,
        label: `${type.name}.${name} (expanded)`,
      };
      checkExpected(c, expected, memberValue, at, sub(name));
      continue;
    }
    if (extras.includes(name)) {
      if (!notSelected(name)) checkExpected(c, { type: 'Edm.String', collection: false, nullable: false, elementsNullable: false, label: `${type.name}.${name} (documented, not in the CSDL)` }, memberValue, at);
      continue;
    }
    if (type.openType) continue; // a dynamic property of an open type
    out.push(`${at}: '${name}' is not a property of ${type.name}`);
  }
  for (const [name, property] of properties) {
    if (property.nullable || value[name] !== undefined) continue;
    if (selection && !selection.has(name)) continue;
    const owner = model.lineage(type.name).find((ancestor) => ancestor.properties.has(name))!;
    const inherited = owner.name === type.name ? '' : ` (inherited from ${owner.name})`;
    out.push(`${member(path, name)}: missing; ${type.name}.${name}${inherited} is Nullable="false"`);
  }
}

/** `Collection(graph.x)`, `microsoft.graph.x`, `Edm.String` → what is expected of a value of it. */
function expectedOf(model: CsdlModel, typeName: string, nullable: boolean): Expected | undefined {
  const ref = model.typeRef(typeName);
  if (!model.isPrimitive(ref.type) && !model.type(ref.type)) return undefined;
  const entities = model.structuredType(ref.type)?.kind === 'EntityType';
  // an entity collection holds no nulls; other collections' elements are nullable unless said otherwise
  return { type: ref.type, collection: ref.collection, nullable: false, elementsNullable: entities ? false : nullable };
}

/**
 * Violations of a value of a named type (`microsoft.graph.synchronizationJob`,
 * `Collection(microsoft.graph.keyValuePair)`, `Edm.String`); [] when it conforms. The value itself
 * may not be null; a collection's elements may be, unless they are entities.
 */
export function checkValue(version: ApiVersion, typeName: string, value: unknown, options: CheckOptions = {}): string[] {
  const model = loadCsdlModel(version);
  const expected = expectedOf(model, typeName, true);
  if (!expected) return [`$: the type ${typeName} is not in the ${version} CSDL`];
  const c: Checker = { model, options, out: [] };
  checkExpected(c, { ...expected, label: typeName }, value, '$');
  return c.out;
}

// ---------------------------------------------------------------------------------------------
// payloads

/** What a context URL says the payload is. */
export type ContextTarget =
  /** `{"@odata.context", "@odata.count"?, "@odata.nextLink"?, "value": [...]}` */
  | { shape: 'collection'; type: string; elementsNullable: boolean; selection?: Selection | undefined }
  /** the object itself, `@odata.context` among its members */
  | { shape: 'object'; type: string; selection?: Selection | undefined }
  /** `{"@odata.context", "value": x}` */
  | { shape: 'value'; type: string };

const SERVICE_PRINCIPAL_KEY = /^servicePrincipals\('[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'\)$/;

/** A context fragment resolved against the model, or why it cannot be. */
export function resolveContext(version: ApiVersion, fragment: string): ContextTarget | string {
  return resolveFragment(loadCsdlModel(version), fragment);
}

function valueTarget(model: CsdlModel, type: string, collection: boolean, elementsNullable: boolean, selection?: Selection): ContextTarget {
  if (collection) return { shape: 'collection', type, elementsNullable: model.structuredType(type)?.kind === 'EntityType' ? false : elementsNullable, selection };
  return model.structuredType(type) ? { shape: 'object', type, selection } : { shape: 'value', type };
}

function resolveFragment(model: CsdlModel, fragment: string): ContextTarget | string {
  const segments = splitTopLevel(fragment, '/');
  const [first, second, ...rest] = segments;
  if (first === undefined || !first.startsWith('servicePrincipals')) {
    if (segments.length > 1) return `'${fragment}' is neither a path from servicePrincipals('{id}') nor a type name`;
    const ref = model.typeRef(fragment);
    if (model.isPrimitive(ref.type) || model.type(ref.type)) return valueTarget(model, ref.type, ref.collection, true);
    if (ref.collection) return `${ref.type} is not a type of the CSDL`;
    const returning = model.boundOperations(fragment).find((operation) => operation.returnType);
    if (!returning?.returnType) return `'${fragment}' is neither a type nor a bound function or action with a return type`;
    const { type, collection, nullable } = returning.returnType;
    return valueTarget(model, type, collection, nullable);
  }
  // The one root hard-coded: servicePrincipal is not in the synchronization CSDL; its
  // `synchronization` is a single-valued containment navigation to microsoft.graph.synchronization.
  if (!SERVICE_PRINCIPAL_KEY.test(first)) return `'${first}' is not servicePrincipals('{guid}')`;
  if (second !== 'synchronization') return `servicePrincipals('{id}') is followed by '${second ?? ''}', not 'synchronization'`;
  let state: { type: string; collection: boolean; entity: boolean; elementsNullable: boolean; keyed: boolean; selection?: Selection | undefined; projected: boolean } = {
    type: `${model.namespace}.synchronization`,
    collection: false,
    entity: true,
    elementsNullable: false,
    keyed: false,
    projected: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const segment = rest[i]!;
    const last = i === rest.length - 1;
    if (segment === '$entity') {
      if (!last) return `$entity is not the last segment of '${fragment}'`;
      if (!state.entity) return `$entity follows ${state.type}, which is no entity`;
      return { shape: 'object', type: state.type, selection: state.selection };
    }
    if (state.projected) return `the projection is not on the last segment of '${fragment}'`;
    const split = splitParens(segment);
    if (!split) return `'${segment}' is not a path segment`;
    const [name, inner] = split;
    if (name.includes('.') && inner === undefined) {
      const cast = model.structuredType(name);
      if (!cast || !model.derivesFrom(cast.name, state.type)) return `'${name}' is not a type derived from ${state.type}`;
      state = { ...state, type: cast.name };
      continue;
    }
    const structured = model.structuredType(state.type);
    if (state.collection || !structured) return `'${name}' follows ${state.collection ? 'a collection' : state.type} (a key or $entity expected)`;
    const navigation = model.navigationProperties(state.type).get(name);
    const property = model.properties(state.type).get(name);
    if (navigation) state = { type: navigation.type, collection: navigation.collection, entity: true, elementsNullable: false, keyed: false, projected: false };
    else if (property) state = { type: property.type, collection: property.collection, entity: false, elementsNullable: property.nullable, keyed: false, projected: false };
    else return `'${name}' is not a property of ${state.type}`;
    if (inner !== undefined) {
      if (/^'(?:[^']|'')*'$|^-?\d+$/.test(inner.trim())) {
        if (!state.collection || !state.entity) return `'${segment}': only an entity collection takes a key`;
        state = { ...state, collection: false, keyed: true };
      } else {
        if (!model.structuredType(state.type)) return `'${segment}': ${state.type} has no properties to select`;
        const selection = parseSelection(model, state.type, inner);
        if (typeof selection === 'string') return selection;
        state = { ...state, selection, projected: true };
      }
    }
  }
  if (state.keyed) return `'${fragment}' names a single entity; its context ends in /$entity`;
  if (state.entity && !state.collection) return `'${fragment}' names a single-valued navigation; its context ends in /$entity`;
  return valueTarget(model, state.type, state.collection, state.elementsNullable, state.selection);
}

const CONTEXT_URL = /^https?:\/\/[^/?#]+\/([^/?#]+)\/\$metadata#(.+)$/;
const INNER_ERROR_DATE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/** A Graph error body: `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}, "details"?, "target"?}}`. */
function checkErrorBody(payload: Record<string, unknown>, out: string[]): void {
  for (const name of Object.keys(payload)) if (name !== 'error') out.push(`${member('$', name)}: a Graph error body holds only 'error'`);
  const error = payload['error'];
  if (!isObject(error)) {
    out.push(`$.error: expected an object, got ${describe(error)}`);
    return;
  }
  for (const name of Object.keys(error)) {
    if (!['code', 'message', 'innerError', 'details', 'target'].includes(name)) out.push(`${member('$.error', name)}: not a member of a Graph error`);
  }
  for (const name of ['code', 'message']) {
    if (typeof error[name] !== 'string') out.push(`$.error.${name}: expected a string, got ${describe(error[name])}`);
  }
  if (error['target'] !== undefined && typeof error['target'] !== 'string') out.push(`$.error.target: expected a string, got ${describe(error['target'])}`);
  const details = error['details'];
  if (details !== undefined) {
    if (!Array.isArray(details)) out.push(`$.error.details: expected an array, got ${describe(details)}`);
    else
      details.forEach((detail, i) => {
        const at = `$.error.details[${i}]`;
        if (!isObject(detail)) return void out.push(`${at}: expected an object, got ${describe(detail)}`);
        for (const name of Object.keys(detail)) if (!['code', 'message', 'target'].includes(name)) out.push(`${member(at, name)}: not a member of an error detail`);
        for (const name of ['code', 'message']) if (typeof detail[name] !== 'string') out.push(`${at}.${name}: expected a string, got ${describe(detail[name])}`);
        if (detail['target'] !== undefined && typeof detail['target'] !== 'string') out.push(`${at}.target: expected a string, got ${describe(detail['target'])}`);
      });
  }
  const inner = error['innerError'];
  if (!isObject(inner)) {
    out.push(`$.error.innerError: expected an object, got ${describe(inner)}`);
    return;
  }
  for (const name of Object.keys(inner)) {
    if (!['date', 'request-id', 'client-request-id'].includes(name)) out.push(`${member('$.error.innerError', name)}: not a member of a Graph innerError`);
  }
  const date = inner['date'];
  const match = typeof date === 'string' ? INNER_ERROR_DATE.exec(date) : null;
  if (!match) out.push(`$.error.innerError.date: expected yyyy-MM-ddTHH:mm:ss, got ${describe(date)}`);
  else {
    const wrong = badDate(match[1]!, match[2]!, match[3]!);
    if (wrong) out.push(`$.error.innerError.date: ${describe(date)} is not a real date (${wrong})`);
  }
  const requestId = inner['request-id'];
  if (typeof requestId !== 'string' || !GUID.test(requestId)) out.push(`$.error.innerError['request-id']: expected a GUID, got ${describe(requestId)}`);
  if (typeof inner['client-request-id'] !== 'string') out.push(`$.error.innerError['client-request-id']: expected a string, got ${describe(inner['client-request-id'])}`);
}

const SERVICE_DOCUMENT_URL = /^https?:\/\/[^/?#]+\/([^/?#]+)\/\$metadata$/;

/**
 * An OData service document (JSON format §5): `value` lists the entity sets, each `{name, kind?,
 * url}`. The CSDL files have no entity container; `servicePrincipals` is the one root the emulator
 * resolves every context from (as resolveContext does), so it is the one set a document may list.
 */
function checkServiceDocument(payload: Record<string, unknown>, out: string[]): void {
  for (const name of Object.keys(payload)) {
    if (name !== '@odata.context' && name !== 'value') out.push(`${member('$', name)}: not a member of a service document`);
  }
  const value = payload['value'];
  if (!Array.isArray(value)) {
    out.push(`$.value: a service document lists its entity sets in an array, not ${describe(value)}`);
    return;
  }
  value.forEach((item: unknown, i) => {
    const at = `$.value[${i}]`;
    if (!isObject(item)) return void out.push(`${at}: expected an object {name, kind, url}, got ${describe(item)}`);
    for (const name of Object.keys(item)) {
      if (!['name', 'kind', 'url', 'title'].includes(name)) out.push(`${member(at, name)}: not a member of a service document item`);
    }
    if (item['name'] !== 'servicePrincipals') out.push(`${at}.name: ${describe(item['name'])} is not an entity set this model roots (servicePrincipals)`);
    if (item['kind'] !== undefined && item['kind'] !== 'EntitySet') out.push(`${at}.kind: ${describe(item['kind'])}; servicePrincipals is an EntitySet`);
    if (typeof item['url'] !== 'string') out.push(`${at}.url: expected a string, got ${describe(item['url'])}`);
  });
}

/**
 * Violations of one response payload (parsed JSON), resolved from its @odata.context; [] when it
 * conforms. A payload without @odata.context must be a Graph error body.
 */
export function checkPayload(version: ApiVersion, payload: unknown, options: CheckOptions = {}): string[] {
  const out: string[] = [];
  if (!isObject(payload)) return [`$: a response payload is a JSON object, not ${describe(payload)}`];
  const context = payload['@odata.context'];
  if (context === undefined) {
    if (Object.hasOwn(payload, 'error')) checkErrorBody(payload, out);
    else out.push(`$: no @odata.context, and not a Graph error body`);
    return out;
  }
  if (typeof context !== 'string') return [`$['@odata.context']: expected a string, got ${describe(context)}`];
  const serviceDocument = SERVICE_DOCUMENT_URL.exec(context);
  if (serviceDocument) {
    if (serviceDocument[1] !== version) return [`$['@odata.context']: the version segment is '${serviceDocument[1]}', not '${version}'`];
    checkServiceDocument(payload, out);
    return out;
  }
  if (!context.includes('/$metadata#')) return [`$['@odata.context']: ${describe(context)} does not contain /$metadata#`];
  const url = CONTEXT_URL.exec(context);
  if (!url) return [`$['@odata.context']: ${describe(context)} is not https://host/{version}/$metadata#fragment`];
  if (url[1] !== version) return [`$['@odata.context']: the version segment is '${url[1]}', not '${version}'`];
  const model = loadCsdlModel(version);
  const target = resolveFragment(model, url[2]!);
  if (typeof target === 'string') return [`$['@odata.context']: unresolvable against the ${version} CSDL: ${target}`];
  const c: Checker = { model, options, out };
  if (target.shape === 'object') {
    checkStructured(c, model.structuredType(target.type)!, payload, '$', { selection: target.selection, payloadAnnotations: ['@odata.context'] });
    return out;
  }
  for (const [name, value] of Object.entries(payload)) {
    if (name === 'value' || value === undefined) continue;
    if (target.shape === 'collection' && (PAYLOAD_ANNOTATIONS as readonly string[]).includes(name)) checkAnnotationValue(c, name, value, '$');
    else if (name === '@odata.context') checkAnnotationValue(c, name, value, '$');
    else out.push(`${member('$', name)}: not a member of ${target.shape === 'collection' ? 'a collection payload' : 'a single-value payload'} (${target.type})`);
  }
  if (payload['value'] === undefined) {
    out.push(`$.value: missing`);
    return out;
  }
  if (target.shape === 'collection') {
    checkExpected(c, { type: target.type, collection: true, nullable: false, elementsNullable: target.elementsNullable, label: `the payload's value (Collection(${target.type}))` }, payload['value'], '$.value', target.selection);
  } else {
    checkExpected(c, { type: target.type, collection: false, nullable: false, elementsNullable: false, label: `the payload's value (${target.type})` }, payload['value'], '$.value');
  }
  return out;
}
