import { sql, type RawBuilder } from 'kysely';
import type { ValueType } from '@syncemu/odata';

type Sql = RawBuilder<unknown>;

/**
 * PostgreSQL's side of the filter compiler (docs/decisions/0022-postgresql-store-design.md): the
 * same checked filter tree, in SQL that gives the rows SQLite gives. Texts compare byte by byte
 * (`COLLATE "C"`, decisions.md §4), JSON is read from `jobs.doc` (jsonb) as text and cast to the
 * property's type, and every literal is a typed parameter.
 */

/** `{status,lastExecution,state}`: a path for `#>` / `#>>`. */
export function pgPath(names: readonly string[]): string {
  return `{${names.map((name) => `"${name}"`).join(',')}}`;
}

/** The SQL type a value of this OData type is compared as. */
function pgType(type: ValueType): 'text' | 'boolean' | 'numeric' | 'double precision' {
  if (type.kind !== 'primitive') return 'text';
  switch (type.name) {
    case 'Edm.Boolean':
      return 'boolean';
    // integers exact to 64 bits, as SQLite's; decimals as doubles, as SQLite computes them
    case 'Edm.Int32':
    case 'Edm.Int64':
      return 'numeric';
    case 'Edm.Double':
    case 'Edm.Decimal':
      return 'double precision';
    default:
      return 'text';
  }
}

/** Text read from JSON, as the SQL type of `type` (texts in the binary collation). */
export function postgresTyped(text: Sql, type: ValueType): Sql {
  switch (pgType(type)) {
    case 'boolean':
      return sql`${text}::boolean`;
    case 'numeric':
      return sql`${text}::numeric`;
    case 'double precision':
      return sql`${text}::double precision`;
    case 'text':
      return sql`${text} collate "C"`;
  }
}

/** A literal as a typed parameter; NaN is null (as in SQLite, which has no NaN). */
export function postgresLiteral(value: unknown, type: ValueType): Sql {
  if (value === null) return sql`null`;
  if (typeof value === 'boolean') return value ? sql`true` : sql`false`;
  if (type.kind === 'primitive' && type.name === 'Edm.TimeOfDay' && typeof value === 'string') return sql`${timeOfDayKey(value)}::text`;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? sql`null` : value > 0 ? sql`'Infinity'::double precision` : sql`'-Infinity'::double precision`;
  }
  const kind = pgType(type);
  const text = typeof value === 'bigint' ? value.toString() : value;
  switch (kind) {
    case 'numeric':
      return sql`${text}::numeric`;
    case 'double precision':
      return sql`${text}::double precision`;
    case 'boolean':
      return sql`${text}::boolean`;
    case 'text':
      // a literal compares byte by byte too, whatever the database's collation
      return sql`${text}::text collate "C"`;
  }
}

/** A whole number of characters for substr(): negative → 0, null stays null, at most what an int holds. */
function clamp(value: Sql): Sql {
  return sql`(case when ${value} < 0 then 0 when ${value} > 2147483646 then 2147483646 else ${value} end)::int`;
}

/** A number as exact `numeric`: a double through its shortest text (a cast keeps 15 digits only). */
export function exactNumeric(value: Sql, type: ValueType): Sql {
  return pgType(type) === 'numeric' ? sql`${value}::numeric` : sql`${value}::double precision::text::numeric`;
}

/** A double result as SQLite gives it: SQLite has no NaN (∞ − ∞ is null there). */
export function withoutNaN(value: Sql, type: ValueType): Sql {
  return pgType(type) === 'double precision' ? sql`nullif(${value}, 'NaN'::double precision)` : value;
}

/** The canonical functions, as SQLite's compile of them answers (null in, null out). */
export function postgresCall(name: string, args: readonly Sql[], now: string): Sql {
  const [first, second, third] = args;
  switch (name) {
    case 'contains':
      return sql`(strpos(${first}, ${second}) > 0)`;
    case 'startswith':
      return sql`(left(${first}, char_length(${second})) = ${second})`;
    case 'endswith':
      return sql`(char_length(${second}) <= char_length(${first}) and right(${first}, char_length(${second})) = ${second})`;
    case 'length':
      return sql`char_length(${first})::numeric`;
    case 'indexof':
      return sql`(strpos(${first}, ${second}) - 1)::numeric`;
    case 'substring':
      // as SQLite's max(x, 0): null stays null (greatest() would skip it); clamped to what substr() takes
      return third === undefined ? sql`substr(${first}, ${clamp(second!)} + 1)` : sql`substr(${first}, ${clamp(second!)} + 1, ${clamp(third)})`;
    case 'tolower':
      return sql`syncemu_lower(${first})`;
    case 'toupper':
      return sql`syncemu_upper(${first})`;
    case 'trim':
      return sql`syncemu_trim(${first})`;
    case 'concat':
      return sql`(${first} || ${second}) collate "C"`;
    // the parts of the UTC instant (syncemu_instant: `YYYY-MM-DDTHH:MM:SS.fffffffZ`)
    case 'year':
      return sql`substr(syncemu_instant(${first}), 1, 4)::numeric`;
    case 'month':
      return sql`substr(syncemu_instant(${first}), 6, 2)::numeric`;
    case 'day':
      return sql`substr(syncemu_instant(${first}), 9, 2)::numeric`;
    case 'hour':
      return sql`substr(syncemu_instant(${first}), 12, 2)::numeric`;
    case 'minute':
      return sql`substr(syncemu_instant(${first}), 15, 2)::numeric`;
    case 'second':
      return sql`substr(syncemu_instant(${first}), 18, 2)::numeric`;
    case 'fractionalseconds':
      return sql`('0.' || substr(syncemu_instant(${first}), 21, 7))::double precision`;
    case 'date':
      return sql`substr(syncemu_instant(${first}), 1, 10) collate "C"`;
    case 'time':
      return sql`substr(syncemu_instant(${first}), 12, 16) collate "C"`;
    case 'now':
      return sql`${now}::text collate "C"`;
    case 'round':
      // SQLite's round(x): the double x ± 0.5, truncated (so 2.4999999999999996 rounds to 2)
      return sql`trunc(${first}::double precision + case when ${first} < 0 then -0.5 else 0.5 end)`;
    case 'floor':
      return sql`floor(${first})`;
    case 'ceiling':
      return sql`ceiling(${first})`;
    default:
      throw new Error(`compileFilter: no PostgreSQL for function '${name}'`);
  }
}

/** `13:45` / `13:45:00.5` → `13:45:00.5000000`: the form time() compares in (both dialects). */
export function timeOfDayKey(text: string): string {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}:${match[2]}:${match[3] ?? '00'}.${(match[4] ?? '').slice(0, 7).padEnd(7, '0')}`;
}
