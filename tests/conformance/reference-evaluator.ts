/**
 * An independent evaluator of `$filter` and `$orderby` over job objects, in plain TypeScript: the
 * oracle of the property tests. It shares no code with the product's parser or SQL compiler; it
 * reads `RExpr` trees (tests/conformance/expression.ts) and applies the semantics issue 3 and
 * decisions 0004 ask for:
 *
 * - `eq null` / `ne null` test for null; `eq` between two nulls is true; `ne` is the negation of
 *   `eq`; `gt ge lt le` with a null operand are false. Comparisons never yield null.
 * - Functions of null are null; `and`/`or` treat null as unknown (Kleene); `not` reads unknown as
 *   false first, so `not X` is true whenever X is not true; a row is kept when the filter is true.
 * - Strings compare ordinally by code point (SQLite's BINARY collation, UTF-8 byte order), and
 *   `length`, `indexof`, `substring` count code points.
 * - Instants compare as UTC to 100 ns (the 7 fractional digits Graph writes); date and time
 *   functions read the UTC value. Durations compare by length. Enum members order by their CSDL
 *   value. Booleans order false < true.
 * - Integer `div` truncates toward zero, `mod` keeps the sign of the dividend, `divby` divides
 *   exactly; division or remainder by zero is null (an invalid row, not an error), as in SQLite.
 * - `round` rounds half away from zero.
 * - Ordering: nulls first ascending (last descending), ties broken by id ascending.
 */
import { ENUMS, isNumeric, typeOf, type EnumName, type RExpr, type RType } from './expression.js';

export type Value = string | number | boolean | null;
export type JobLike = { readonly id: string };

export interface EvalContext {
  /** The emulator clock's current instant, for `now()`. */
  readonly now: string;
}

interface Env extends EvalContext {
  readonly job: JobLike;
  readonly vars: ReadonlyMap<string, unknown>;
}

/** The ABNF's "T" and "Z" are case-insensitive (RFC 5234 quoted strings). */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** `2025-06-15T13:20:00+02:00` → `2025-06-15T11:20:00.0000000` (UTC, 7 fractional digits): compares as text. */
export function instantKey(text: string): string {
  const m = INSTANT.exec(text);
  if (!m) throw new Error(`reference: '${text}' is not an instant`);
  const [, y, mo, d, h, mi, s = '00', fraction = '', , sign, oh, om] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let ms = date.getTime();
  if (sign !== undefined) ms -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction.slice(0, 7).padEnd(7, '0')}`;
}

const DURATION = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `PT1H` → 3600. */
export function durationSeconds(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`reference: '${text}' is not a duration`);
  const [, sign, d, h, mi, s] = m;
  const total = Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0);
  return sign ? -total : total;
}

/** `10:00` / `10:00:00.5` → `10:00:00.5000000`. */
export function timeKey(text: string): string {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?$/.exec(text);
  if (!m) throw new Error(`reference: '${text}' is not a TimeOfDay`);
  return `${m[1]}:${m[2]}:${m[3] ?? '00'}.${(m[4] ?? '').padEnd(7, '0').slice(0, 7)}`;
}

/** A JSON value read from a job (or a literal's text) in the form it compares in, by its static type. */
function normalise(value: unknown, type: RType): Value {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'instant':
      return instantKey(String(value));
    case 'duration':
      return durationSeconds(String(value));
    case 'time':
      return timeKey(String(value));
    case 'guid':
      return String(value).toLowerCase();
    default:
      return value as Value;
  }
}

/** Ordinal comparison of strings by code point (UTF-8 byte order, as SQLite's BINARY collation). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Compares two non-null values of the same static type: negative, 0, positive. */
function compareValues(a: Value, b: Value, type: RType): number {
  if (typeof type === 'string' && type.startsWith('enum:')) {
    const members = ENUMS[type.slice(5) as EnumName];
    return members[String(a)]! - members[String(b)]!;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  const x = typeof a === 'boolean' ? Number(a) : (a as number);
  const y = typeof b === 'boolean' ? Number(b) : (b as number);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The type two comparison operands compare as: the non-null one, enums over string literals. */
function comparisonType(l: RExpr, r: RExpr): RType {
  const lt = typeOf(l);
  const rt = typeOf(r);
  if (lt === 'null') return rt;
  if (rt === 'null') return lt;
  if (lt.startsWith('enum:')) return lt;
  if (rt.startsWith('enum:')) return rt;
  return lt;
}

function compare(op: string, a: Value, b: Value, type: RType): boolean {
  if (a === null || b === null) {
    if (op === 'eq') return a === null && b === null;
    if (op === 'ne') return !(a === null && b === null);
    return false;
  }
  if (typeof a === 'number' && typeof b === 'number' && (Number.isNaN(a) || Number.isNaN(b))) return op === 'ne';
  const c = compareValues(a, b, type);
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    default:
      return c <= 0;
  }
}

function readPath(env: Env, e: Extract<RExpr, { k: 'path' }>): unknown {
  let current: unknown = e.variable !== undefined ? env.vars.get(e.variable) : env.job;
  for (const seg of e.segs) {
    if (current === null || current === undefined || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[seg];
  }
  return current ?? null;
}

const codePoints = (s: string) => [...s];

function evaluate(e: RExpr, env: Env): Value {
  switch (e.k) {
    case 'lit':
      return normalise(e.value, e.type);
    case 'path': {
      const raw = readPath(env, e);
      if (e.type === 'complex' || e.type === 'collection') return raw === null ? null : (raw as never);
      return normalise(raw, e.type);
    }
    case 'cmp': {
      const type = comparisonType(e.l, e.r);
      return compare(e.op, evaluate(e.l, env), evaluate(e.r, env), type);
    }
    case 'logic': {
      const a = evaluate(e.l, env);
      const b = evaluate(e.r, env);
      if (e.op === 'and') {
        if (a === false || b === false) return false;
        return a === null || b === null ? null : true;
      }
      if (a === true || b === true) return true;
      return a === null || b === null ? null : false;
    }
    case 'not':
      return evaluate(e.e, env) !== true;
    case 'neg': {
      const v = evaluate(e.e, env);
      return v === null ? null : -(v as number);
    }
    case 'arith':
      return arithmetic(e.op, evaluate(e.l, env), evaluate(e.r, env), typeOf(e.l), typeOf(e.r));
    case 'in': {
      const v = evaluate(e.e, env);
      return e.list.some((item) => compare('eq', v, evaluate(item, env), comparisonType(e.e, item)));
    }
    case 'call':
      return call(e.name, e.args.map((a) => evaluate(a, env)), e.args.map(typeOf), env);
    case 'lambda': {
      const items = readPath(env, e.coll);
      const list = Array.isArray(items) ? items : [];
      if (e.pred === undefined || e.variable === undefined) return list.length > 0;
      const test = (item: unknown) => evaluate(e.pred!, { ...env, vars: new Map(env.vars).set(e.variable!, item) }) === true;
      return e.op === 'any' ? list.some(test) : list.every(test);
    }
  }
}

function arithmetic(op: string, a: Value, b: Value, lt: RType, rt: RType): Value {
  if (a === null || b === null) return null;
  const x = a as number;
  const y = b as number;
  const integral = lt === 'int' && rt === 'int';
  switch (op) {
    case 'add':
      return x + y;
    case 'sub':
      return x - y;
    case 'mul':
      return x * y;
    case 'div':
      if (y === 0) return null;
      return integral ? Math.trunc(x / y) : x / y;
    case 'divby':
      return y === 0 ? null : x / y;
    default: // mod
      return y === 0 ? null : x % y;
  }
}

function call(name: string, args: Value[], types: RType[], env: EvalContext): Value {
  if (name === 'now') return instantKey(env.now);
  if (args.some((a) => a === null)) return null;
  const [a, b, c] = args;
  const s = a as string;
  switch (name) {
    case 'contains':
      return s.includes(b as string);
    case 'startswith':
      return s.startsWith(b as string);
    case 'endswith':
      return s.endsWith(b as string);
    case 'length':
      return codePoints(s).length;
    case 'indexof': {
      const i = s.indexOf(b as string);
      return i < 0 ? -1 : codePoints(s.slice(0, i)).length;
    }
    case 'substring': {
      const cps = codePoints(s);
      const start = Math.max(b as number, 0);
      return (c === undefined ? cps.slice(start) : cps.slice(start, start + Math.max(c as number, 0))).join('');
    }
    case 'tolower':
      return s.toLowerCase();
    case 'toupper':
      return s.toUpperCase();
    case 'trim':
      return s.trim();
    case 'concat':
      return s + (b as string);
    case 'year':
      return Number(s.slice(0, 4));
    case 'month':
      return Number(s.slice(5, 7));
    case 'day':
      return Number(s.slice(8, 10));
    case 'hour':
      return Number(s.slice(11, 13));
    case 'minute':
      return Number(s.slice(14, 16));
    case 'second':
      return Number(s.slice(17, 19));
    case 'fractionalseconds':
      return Number(`0.${s.slice(20, 27)}`);
    case 'date':
      return s.slice(0, 10);
    case 'time':
      return s.slice(11, 27);
    case 'round': {
      const x = a as number;
      return types[0] === 'int' ? x : Math.sign(x) * Math.round(Math.abs(x));
    }
    case 'floor':
      return Math.floor(a as number);
    case 'ceiling':
      return Math.ceil(a as number);
    default:
      throw new Error(`reference: no function ${name}`);
  }
}

/** The value of a boolean `$filter` on one job: true, false or null (unknown). */
export function evaluateFilter(filter: RExpr, job: JobLike, context: EvalContext): Value {
  return evaluate(filter, { ...context, job, vars: new Map() });
}

/** The value of an `$orderby` key (or any expression) on one job. */
export function evaluateExpr(expr: RExpr, job: JobLike, context: EvalContext): Value {
  return evaluate(expr, { ...context, job, vars: new Map() });
}

export interface OrderKey {
  readonly expr: RExpr;
  readonly descending: boolean;
}

/**
 * The jobs `filter` keeps, ordered by `orderBy` (nulls first ascending, last descending) and then
 * by id: what `GET …/jobs?$filter=…&$orderby=…` must list.
 */
export function referenceQuery(jobs: readonly JobLike[], filter: RExpr | undefined, orderBy: readonly OrderKey[], context: EvalContext): JobLike[] {
  const kept = filter === undefined ? [...jobs] : jobs.filter((job) => evaluateFilter(filter, job, context) === true);
  const keyed = kept.map((job) => ({ job, keys: orderBy.map((key) => evaluateExpr(key.expr, job, context)) }));
  keyed.sort((x, y) => {
    for (const [i, key] of orderBy.entries()) {
      const a = x.keys[i] ?? null;
      const b = y.keys[i] ?? null;
      let c: number;
      if (a === null || b === null) c = a === null && b === null ? 0 : a === null ? -1 : 1;
      else c = compareValues(a, b, typeOf(key.expr));
      if (c !== 0) return key.descending ? -c : c;
    }
    return compareCodePoints(x.job.id, y.job.id);
  });
  return keyed.map((k) => k.job);
}

/** Whether a numeric type: re-exported for the generators. */
export { isNumeric };
