import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TypedExpr, TypedMember, ValueType, EnumType } from '@syncemu/odata';
import { exactNumeric, pgPath, postgresCall, postgresLiteral, postgresTyped, timeOfDayKey, withoutNaN } from './postgres-sql.js';

type Sql = RawBuilder<unknown>;

export type Dialect = 'sqlite' | 'postgres';

/**
 * Where a filter reads its values: paths that have a real column (or a generated, indexed one,
 * which SQLite can use its index for), and the JSON body everything else is read from.
 */
export interface FilterSource {
  /** The qualified JSON body column (`jobs.body`); absent when every property has a column. */
  readonly body?: string;
  /** Property path (`status/code`) → qualified column. */
  readonly columns: Readonly<Record<string, string>>;
}

/** The jobs table: what `$filter` on `…/jobs` reads. */
export const JOB_SOURCE: FilterSource = {
  body: 'jobs.body',
  columns: { id: 'jobs.id', templateId: 'jobs.template_id', 'status/code': 'jobs.status_code' },
};

export interface CompileContext {
  /** The emulator clock's current time, for `now()`. */
  readonly now: string;
  /** Whose SQL: SQLite's (the default) or PostgreSQL's (docs/decisions/0022-postgresql-store-design.md). */
  readonly dialect?: Dialect;
  /** The table the filter reads (default: the jobs). */
  readonly source?: FilterSource;
}

interface Scope extends CompileContext {
  /** Lambda variable name → the SQL alias of its json_each row. */
  readonly variables: ReadonlyMap<string, string>;
}

/**
 * Compiles a checked `$filter` into a SQL boolean over the `jobs` table, with every literal as a
 * parameter. Null semantics are OData's two-valued ones, not SQL's three-valued ones: a
 * comparison with null is false (not unknown), `ne` against null is true, and `not` of a
 * comparison with null is true (docs/decisions/0004-filter-null-semantics.md).
 */
export function compileFilter(expr: TypedExpr, context: CompileContext): RawBuilder<SqlBool> {
  return predicate(expr, { ...context, variables: new Map() }) as RawBuilder<SqlBool>;
}

/** Compiles an `$orderby` key to the SQL value it sorts by (enums by their numeric value). */
export function compileOrderKey(expr: TypedExpr, context: CompileContext): Sql {
  return comparable(expr, { ...context, variables: new Map() }, true);
}

const isPostgres = (scope: Scope) => scope.dialect === 'postgres';
/** SQL's true and false: SQLite's are 1 and 0. */
const TRUE = (scope: Scope) => (isPostgres(scope) ? sql`true` : sql`1`);
const FALSE = (scope: Scope) => (isPostgres(scope) ? sql`false` : sql`0`);
/** A predicate that is false where SQL would say unknown (null). */
const orFalse = (value: Sql, scope: Scope) => (isPostgres(scope) ? sql`coalesce(${value}, false)` : sql`coalesce(${value}, 0)`);

function predicate(expr: TypedExpr, scope: Scope): Sql {
  switch (expr.kind) {
    case 'binary':
      switch (expr.operator) {
        case 'and':
          return sql`(${predicate(expr.left, scope)} and ${predicate(expr.right, scope)})`;
        case 'or':
          return sql`(${predicate(expr.left, scope)} or ${predicate(expr.right, scope)})`;
        case 'eq':
        case 'ne':
        case 'gt':
        case 'ge':
        case 'lt':
        case 'le':
          return comparison(expr.operator, expr.left, expr.right, scope);
        default:
          return value(expr, scope);
      }
    case 'not':
      // coalesce: a null inside (a comparison with null) is false, so its negation is true.
      return sql`(not ${orFalse(predicate(expr.operand, scope), scope)})`;
    case 'in': {
      const items = expr.list.map((item) => comparison('eq', expr.operand, item, scope));
      return balancedOr(items);
    }
    case 'lambda':
      return lambda(expr, scope);
    default:
      return value(expr, scope);
  }
}

function comparison(operator: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', left: TypedExpr, right: TypedExpr, scope: Scope): Sql {
  const leftNull = isNullLiteral(left);
  const rightNull = isNullLiteral(right);
  if (leftNull || rightNull) {
    const other = leftNull ? right : left;
    if (leftNull && rightNull) return operator === 'eq' || operator === 'ge' || operator === 'le' ? TRUE(scope) : FALSE(scope);
    if (operator === 'eq') return sql`(${value(other, scope)} is null)`;
    if (operator === 'ne') return sql`(${value(other, scope)} is not null)`;
    return FALSE(scope); // any ordering comparison with null is false
  }
  const ordered = operator !== 'eq' && operator !== 'ne';
  const l = comparable(left, scope, ordered);
  const r = comparable(right, scope, ordered);
  const literalSide = isLiteral(left) || isLiteral(right);
  switch (operator) {
    case 'eq':
      // `=` lets SQLite use an index; `is` makes null eq null true when both sides are paths.
      if (literalSide) return sql`(${l} = ${r})`;
      return isPostgres(scope) ? sql`(${l} is not distinct from ${r})` : sql`(${l} is ${r})`;
    case 'ne':
      return isPostgres(scope) ? sql`(${l} is distinct from ${r})` : sql`(${l} is not ${r})`;
    case 'gt':
      return sql`(${l} > ${r})`;
    case 'ge':
      return sql`(${l} >= ${r})`;
    case 'lt':
      return sql`(${l} < ${r})`;
    case 'le':
      return sql`(${l} <= ${r})`;
  }
}

/**
 * The SQL value of an operand in the form it compares in: instants as UTC text to 100 ns
 * (`syncemu_instant`, so offsets and all 7 fractional digits compare correctly; julianday() keeps
 * only milliseconds), durations as seconds (a negated duration as minus its seconds), enum
 * members by their CSDL value when the comparison orders them.
 */
function comparable(expr: TypedExpr, scope: Scope, ordered: boolean): Sql {
  const type = expr.type;
  if (type.kind === 'primitive' && type.name === 'Edm.DateTimeOffset') return sql`syncemu_instant(${value(expr, scope)})`;
  if (type.kind === 'primitive' && type.name === 'Edm.Duration') {
    return expr.kind === 'negate' ? sql`(- ${comparable(expr.operand, scope, ordered)})` : sql`syncemu_duration_seconds(${value(expr, scope)})`;
  }
  if (type.kind === 'enum' && ordered) return enumOrdinal(type, value(expr, scope));
  return value(expr, scope);
}

function enumOrdinal(type: EnumType, raw: Sql): Sql {
  const whens = Object.entries(type.members).map(([name, ordinal]) => sql`when ${sql.lit(name)} then ${sql.lit(ordinal)}`);
  return sql`(case ${raw} ${sql.join(whens, sql` `)} end)`;
}

function value(expr: TypedExpr, scope: Scope): Sql {
  switch (expr.kind) {
    case 'literal':
      return isPostgres(scope) ? postgresLiteral(expr.value, expr.type) : literal(expr.value, expr.type);
    case 'member':
      return member(expr, scope);
    case 'negate':
      // PostgreSQL has no minus of a text: a duration negates as its seconds
      if (isPostgres(scope) && expr.type.kind === 'primitive' && expr.type.name === 'Edm.Duration') return sql`(- ${comparable(expr.operand, scope, false)})`;
      return sql`(- ${value(expr.operand, scope)})`;
    case 'call':
      return call(expr.name, expr.args, scope);
    case 'binary':
      switch (expr.operator) {
        case 'add':
          return postgresNumber(sql`(${value(expr.left, scope)} + ${value(expr.right, scope)})`, expr.type, scope);
        case 'sub':
          return postgresNumber(sql`(${value(expr.left, scope)} - ${value(expr.right, scope)})`, expr.type, scope);
        case 'mul':
          return postgresNumber(sql`(${value(expr.left, scope)} * ${value(expr.right, scope)})`, expr.type, scope);
        case 'div':
          if (isPostgres(scope)) {
            // div() truncates toward zero, as SQLite's integer division does
            // (a division by zero is null, as in SQLite, not an error)
            return isIntegral(expr.type)
              ? sql`div(${value(expr.left, scope)}, nullif(${value(expr.right, scope)}, 0))`
              : withoutNaN(sql`(${value(expr.left, scope)}::double precision / nullif(${value(expr.right, scope)}, 0))`, expr.type);
          }
          // Integer operands divide as integers (truncating): numbers are bound as REAL otherwise.
          // A left operand that is itself an integer div needs no cast: a chain of div then nests
          // one SQL level a link (SQLite refuses expressions deeper than 1,000).
          return isIntegral(expr.type)
            ? expr.left.kind === 'binary' && expr.left.operator === 'div' && isIntegral(expr.left.type)
              ? sql`(${value(expr.left, scope)} / cast(${value(expr.right, scope)} as integer))`
              : sql`(cast(${value(expr.left, scope)} as integer) / cast(${value(expr.right, scope)} as integer))`
            : sql`(${value(expr.left, scope)} / ${value(expr.right, scope)})`;
        case 'divby':
          if (isPostgres(scope)) return withoutNaN(sql`(${value(expr.left, scope)}::double precision / nullif(${value(expr.right, scope)}::double precision, 0))`, expr.type);
          // the cast on the right: a chain of divby nests one SQL level a link, as the other operators do
          return sql`(${value(expr.left, scope)} / cast(${value(expr.right, scope)} as real))`;
        case 'mod':
          if (isPostgres(scope)) return sql`mod(${exactNumeric(value(expr.left, scope), expr.left.type)}, nullif(${exactNumeric(value(expr.right, scope), expr.right.type)}, 0))`;
          // SQLite's % casts both operands to integers; mod() keeps the fraction (and the dividend's sign).
          return isIntegral(expr.type)
            ? sql`(${value(expr.left, scope)} % ${value(expr.right, scope)})`
            : sql`mod(${value(expr.left, scope)}, ${value(expr.right, scope)})`;
        case 'and':
          return sql`(${value(expr.left, scope)} and ${value(expr.right, scope)})`;
        case 'or':
          return sql`(${value(expr.left, scope)} or ${value(expr.right, scope)})`;
        default:
          // A comparison used as a value (an operand of another comparison, an $orderby key) is
          // true or false, never unknown: `(x eq 'a') eq false` holds where x is null.
          return orFalse(predicate(expr, scope), scope);
      }
    case 'in':
      return orFalse(predicate(expr, scope), scope);
    case 'not':
    case 'lambda':
      return predicate(expr, scope);
  }
}

function literal(literalValue: unknown, type: ValueType): Sql {
  if (literalValue === null) return sql`null`;
  if (typeof literalValue === 'boolean') return sql`${literalValue ? 1 : 0}`;
  if (type.kind === 'primitive' && type.name === 'Edm.TimeOfDay' && typeof literalValue === 'string') return sql`${timeOfDayKey(literalValue)}`;
  if (type.kind === 'primitive' && (type.name === 'Edm.Double' || type.name === 'Edm.Decimal') && typeof literalValue === 'number' && !Number.isFinite(literalValue)) {
    // SQLite has no NaN and reads 9e999 as +Infinity.
    return Number.isNaN(literalValue) ? sql`null` : literalValue > 0 ? sql`9e999` : sql`-9e999`;
  }
  return sql`${literalValue}`;
}

function member(expr: TypedMember, scope: Scope): Sql {
  const names = expr.properties.map((p) => p.name);
  if (isPostgres(scope)) return postgresMember(expr, names, scope);
  if (expr.variable !== undefined) {
    const alias = scope.variables.get(expr.variable)!;
    const ref = sql.ref(`${alias}.value`);
    return names.length === 0 ? ref : sql`json_extract(${ref}, ${sql.lit(jsonPath(names))})`;
  }
  const source = scope.source ?? JOB_SOURCE;
  const column = source.columns[names.join('/')];
  if (column) return sql.ref(column);
  return sql`json_extract(${sql.ref(bodyOf(source))}, ${sql.lit(jsonPath(names))})`;
}

function bodyOf(source: FilterSource): string {
  if (source.body === undefined) throw new Error(`A path without a column on a source without a JSON body (columns: ${Object.keys(source.columns).join(', ')}).`);
  return source.body;
}

/** The JSON path of a collection, for json_each: `json_each(jobs.body, '$.status.progress')`. */
function collectionSource(expr: TypedMember, scope: Scope): Sql {
  const names = expr.properties.map((p) => p.name);
  if (isPostgres(scope)) {
    // the elements of a JSON array; a JSON null or anything else has none (jsonb_array_elements would fail)
    const json = expr.variable !== undefined ? sql`${sql.ref(`${scope.variables.get(expr.variable)!}.value`)}${names.length === 0 ? sql`` : sql` #> ${sql.lit(pgPath(names))}`}` : sql`${sql.ref(postgresDocument(scope))} #> ${sql.lit(pgPath(names))}`;
    return sql`jsonb_array_elements(case when jsonb_typeof(${json}) = 'array' then ${json} else '[]'::jsonb end) with ordinality`;
  }
  if (expr.variable !== undefined) {
    const ref = sql.ref(`${scope.variables.get(expr.variable)!}.value`);
    return names.length === 0 ? sql`json_each(${ref})` : sql`json_each(${ref}, ${sql.lit(jsonPath(names))})`;
  }
  return sql`json_each(${sql.ref(bodyOf(scope.source ?? JOB_SOURCE))}, ${sql.lit(jsonPath(names))})`;
}

function lambda(expr: Extract<TypedExpr, { kind: 'lambda' }>, scope: Scope): Sql {
  const alias = `lambda${scope.variables.size + 1}`;
  const source = isPostgres(scope)
    ? sql`${collectionSource(expr.collection, scope)} as ${sql.id(alias)}(value, key)`
    : sql`${collectionSource(expr.collection, scope)} as ${sql.id(alias)}`;
  // json_each of a JSON null (a null collection) yields one row whose key is null: that row is no item.
  const item = sql`${sql.ref(`${alias}.key`)} is not null`;
  if (!expr.predicate || expr.variable === undefined) return sql`exists (select 1 from ${source} where ${item})`;
  const inner: Scope = { ...scope, variables: new Map(scope.variables).set(expr.variable, alias) };
  const test = predicate(expr.predicate, inner);
  return expr.operator === 'any'
    ? sql`exists (select 1 from ${source} where ${item} and ${test})`
    : // parenthesised: as an operand, `not exists (…) >= ?` would read as `not (exists (…) >= ?)`
      sql`(not exists (select 1 from ${source} where ${item} and not ${orFalse(test, scope)}))`;
}

function call(name: string, args: readonly TypedExpr[], scope: Scope): Sql {
  const a = args.map((arg) => value(arg, scope));
  if (isPostgres(scope)) return postgresCall(name, a, scope.now);
  const [first, second, third] = a;
  switch (name) {
    case 'contains':
      return sql`(instr(${first}, ${second}) > 0)`;
    case 'startswith':
      return sql`(substr(${first}, 1, length(${second})) = ${second})`;
    case 'endswith':
      return sql`(length(${second}) <= length(${first}) and substr(${first}, length(${first}) - length(${second}) + 1) = ${second})`;
    case 'length':
      return sql`length(${first})`;
    case 'indexof':
      return sql`(instr(${first}, ${second}) - 1)`;
    case 'substring':
      return third === undefined ? sql`substr(${first}, max(${second}, 0) + 1)` : sql`substr(${first}, max(${second}, 0) + 1, max(${third}, 0))`;
    case 'tolower':
      return sql`syncemu_lower(${first})`;
    case 'toupper':
      return sql`syncemu_upper(${first})`;
    case 'trim':
      return sql`syncemu_trim(${first})`;
    case 'concat':
      return sql`(${first} || ${second})`;
    case 'year':
      return sql`cast(strftime('%Y', ${first}) as integer)`;
    case 'month':
      return sql`cast(strftime('%m', ${first}) as integer)`;
    case 'day':
      return sql`cast(strftime('%d', ${first}) as integer)`;
    case 'hour':
      return sql`cast(strftime('%H', ${first}) as integer)`;
    case 'minute':
      return sql`cast(strftime('%M', ${first}) as integer)`;
    case 'second':
      return sql`cast(strftime('%S', ${first}) as integer)`;
    case 'fractionalseconds':
      // From the UTC text to 100 ns: strftime('%f') keeps milliseconds only.
      return sql`cast('0.' || substr(syncemu_instant(${first}), 21, 7) as real)`;
    case 'date':
      return sql`date(${first})`;
    case 'time':
      // `HH:MM:SS.fffffff` in UTC, as TimeOfDay literals are normalised (timeOfDayKey).
      return sql`substr(syncemu_instant(${first}), 12, 16)`;
    case 'now':
      return sql`${scope.now}`;
    case 'round':
      return sql`round(${first})`;
    case 'floor':
      return sql`floor(${first})`;
    case 'ceiling':
      return sql`ceiling(${first})`;
    default:
      throw new Error(`compileFilter: no SQL for function '${name}'`);
  }
}

function jsonPath(names: readonly string[]): string {
  return '$' + names.map((name) => `.${name}`).join('');
}

function isIntegral(type: ValueType): boolean {
  return type.kind === 'primitive' && (type.name === 'Edm.Int32' || type.name === 'Edm.Int64');
}


function isNullLiteral(expr: TypedExpr): boolean {
  return expr.kind === 'literal' && expr.value === null;
}

function isLiteral(expr: TypedExpr): boolean {
  return expr.kind === 'literal';
}

/**
 * `(a or b or c …)` as a balanced tree of parenthesised pairs: SQLite parses a flat chain of n
 * `or`s n levels deep, and refuses an expression deeper than 1,000 levels, which an `in` list
 * within the 1,000-node limit of `$filter` could reach. The pairs keep the depth at log2(n).
 */
function balancedOr(items: readonly Sql[]): Sql {
  if (items.length === 0) return sql`(1 = 0)`; // an empty `in` list (the parser admits none)
  if (items.length === 1) return sql`(${items[0]!})`;
  const half = Math.ceil(items.length / 2);
  return sql`(${balancedOr(items.slice(0, half))} or ${balancedOr(items.slice(half))})`;
}

/** A sum, difference or product: on PostgreSQL a NaN result is null, as SQLite has none. */
function postgresNumber(arithmetic: Sql, type: ValueType, scope: Scope): Sql {
  return isPostgres(scope) ? withoutNaN(arithmetic, type) : arithmetic;
}

/** PostgreSQL: a path read as text (`#>>`: a JSON null is SQL null) and cast to the SQL type of its checked type. */
function postgresMember(expr: TypedMember, names: readonly string[], scope: Scope): Sql {
  if (expr.variable !== undefined) {
    const ref = sql.ref(`${scope.variables.get(expr.variable)!}.value`);
    return postgresTyped(sql`(${ref} #>> ${sql.lit(pgPath(names))})`, expr.type);
  }
  const source = scope.source ?? JOB_SOURCE;
  const column = source.columns[names.join('/')];
  if (column) return sql.ref(column);
  return postgresTyped(sql`(${sql.ref(postgresDocument(scope))} #>> ${sql.lit(pgPath(names))})`, expr.type);
}

/** PostgreSQL reads paths from the jsonb copy of the body (`jobs.doc`), the body itself kept as text (Graph's key order). */
function postgresDocument(scope: Scope): string {
  return bodyOf(scope.source ?? JOB_SOURCE).replace(/\.body$/, '.doc');
}
