import { isDuration, parseInstant, typeName, type EdmType, type Instant } from '@syncemu/odata';
import { isGuid } from '../ids/id-generator.js';
import { badRequest, unknownProperty, type GraphError } from '../errors/graph-error.js';

export type JsonPath = readonly (string | number)[];

/** The first thing wrong with a value, and where. */
export interface Problem {
  readonly path: JsonPath;
  readonly message: string;
  /** Set when the problem is a property the type does not have. */
  readonly unknownProperty?: { readonly name: string; readonly typeName: string };
}

/**
 * The instant of an `Edm.DateTimeOffset` as Graph takes them: four-digit years 0001-9999 (.NET's
 * DateTimeOffset), at most seven digits of fraction, `T` and `Z` in upper case.
 */
function graphInstant(value: string): Instant | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T[^.]*(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const instant = parseInstant(value);
  // Graph's instants (.NET DateTimeOffset) are years 0001-9999, in UTC as much as written
  if (!instant || instant.ms < FIRST_INSTANT || instant.ms > LAST_INSTANT) return undefined;
  return instant;
}

/** 0001-01-01T00:00:00Z (`Date.UTC` reads years below 100 as 19xx, so it is set field by field). */
const FIRST_INSTANT = new Date(0).setUTCFullYear(1, 0, 1);
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Is this an `Edm.DateTimeOffset` as Graph writes them (`2024-04-12T08:59:05.123Z`), naming a time that exists? */
export function isDateTimeOffset(value: string): boolean {
  return graphInstant(value) !== undefined;
}

/**
 * An `Edm.DateTimeOffset` in UTC with `Z` and seconds, as Graph answers times (decisions.md §5):
 * `2030-01-01T01:00+02:00` → `2029-12-31T23:00:00Z`, the fraction kept as written; a text that is
 * not an instant comes back unchanged (the checks refuse it before anything is stored).
 */
export function utcDateTimeOffset(value: string): string {
  let utc = recentUtc.get(value);
  if (utc === undefined) {
    const instant = graphInstant(value);
    utc = instant ? `${new Date(instant.ms).toISOString().slice(0, 19)}${instant.fraction === '' ? '' : `.${instant.fraction}`}Z` : value;
    if (recentUtc.size >= RECENT_UTC_SIZE) recentUtc.clear();
    recentUtc.set(value, utc);
  }
  return utc;
}

/**
 * Times met lately and their UTC form: a job holds a dozen times, most of them shared with the
 * jobs whose cycles ran at the same instant, and every stored job passes through here; parsing
 * each again was a fifth of a simulated cycle's cost (issue 14).
 */
const recentUtc = new Map<string, string>();
const RECENT_UTC_SIZE = 4096;

/**
 * Checks a JSON value against a model type: every property known, every value of its type
 * (enum members by name, instants and durations in ISO 8601). Instance annotations
 * (`@odata.type`, `x@odata.type`) are allowed. Presence is not checked: missing properties get
 * defaults elsewhere.
 */
export function checkValue(value: unknown, type: EdmType, nullable: boolean, path: JsonPath = []): Problem | undefined {
  if (value === null) return nullable ? undefined : { path, message: `must not be null; it is of type ${typeName(type)}` };
  switch (type.kind) {
    case 'collection': {
      if (!Array.isArray(value)) return mismatch(path, type, value);
      for (let i = 0; i < value.length; i++) {
        const problem = checkValue(value[i], type.of, false, [...path, i]);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'complex': {
      if (!isPlainObject(value)) return mismatch(path, type, value);
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('@')) {
          if (key === '@odata.type' && !sameType(item, type.name)) {
            return { path: [...path, key], message: `must be '#${type.name}'` };
          }
          continue;
        }
        const property = Object.hasOwn(type.properties, key) ? type.properties[key] : undefined;
        if (!property) {
          return {
            path: [...path, key],
            message: `is not a property of ${type.name}`,
            unknownProperty: { name: key, typeName: type.name },
          };
        }
        const problem = checkValue(item, property.type, property.nullable, [...path, key]);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'enum': {
      if (typeof value !== 'string') return mismatch(path, type, value);
      const names = type.isFlags ? value.split(',').map((part) => part.trim()) : [value];
      const bad = names.find((name) => !Object.hasOwn(type.members, name));
      if (bad !== undefined) {
        return { path, message: `'${bad}' is not a member of ${type.name} (${Object.keys(type.members).join(', ')})` };
      }
      return undefined;
    }
    case 'primitive':
      return checkPrimitive(value, type.name, path);
  }
}

function checkPrimitive(value: unknown, name: string, path: JsonPath): Problem | undefined {
  switch (name) {
    case 'Edm.String':
      return typeof value === 'string' ? undefined : mismatchNamed(path, name, value);
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? undefined : mismatchNamed(path, name, value);
    case 'Edm.Int32':
    case 'Edm.Int64':
      return typeof value === 'number' && Number.isSafeInteger(value) && (name === 'Edm.Int64' || Math.abs(value) <= 2 ** 31)
        ? undefined
        : mismatchNamed(path, name, value);
    case 'Edm.Double':
    case 'Edm.Decimal':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : mismatchNamed(path, name, value);
    case 'Edm.DateTimeOffset':
      if (typeof value !== 'string') return mismatchNamed(path, name, value);
      return isDateTimeOffset(value) ? undefined : { path, message: `'${value}' is not an ISO 8601 date and time with a zone, such as '2024-04-12T08:59:05Z'` };
    case 'Edm.Duration':
      if (typeof value !== 'string') return mismatchNamed(path, name, value);
      return isDuration(value) ? undefined : { path, message: `'${value}' is not an ISO 8601 duration such as 'PT40M'` };
    case 'Edm.Guid':
      if (typeof value !== 'string') return mismatchNamed(path, name, value);
      return isGuid(value) ? undefined : { path, message: `'${value}' is not a GUID` };
    default:
      return undefined;
  }
}

function mismatch(path: JsonPath, type: EdmType, value: unknown): Problem {
  return mismatchNamed(path, typeName(type), value);
}

function mismatchNamed(path: JsonPath, name: string, value: unknown): Problem {
  return { path, message: `must be of type ${name}, but is ${describeJson(value)}` };
}

/** `a string`, `a number`, `an array`, `an object`, `true`... */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return 'an object';
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameType(annotation: unknown, name: string): boolean {
  return annotation === `#${name}` || annotation === name;
}

/** `schedule.interval`, `synchronizationJobSettings[2].name` (for messages about a request body). */
export function propertyPath(path: JsonPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** `$.servicePrincipals[0].jobs[2].templateId` (for messages about a fixture). */
export function jsonPath(path: JsonPath): string {
  return '$' + path.map((part) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`)).join('');
}

/** The 400 for a {@link checkValue} problem: an unknown property named with its type, or the path and what is wrong there (`root` names an empty path). */
export function problemError(problem: Problem, root = ''): GraphError {
  if (problem.unknownProperty) return unknownProperty(problem.unknownProperty.name, problem.unknownProperty.typeName);
  return badRequest(`The property '${propertyPath(problem.path) || root}' ${problem.message}.`);
}
