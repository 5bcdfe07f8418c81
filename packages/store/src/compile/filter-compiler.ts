import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TypedExpr, TypedMember, ValueType, EnumType } from '@syncemu/odata';

type Sql = RawBuilder<unknown>;

/**
 * Paths that have a real column (or a generated, indexed one): the compiler uses the column so
 * SQLite can use its index. Everything else is read from the JSON body.
 */
const COLUMNS: Readonly<Record<string, string>> = {
  id: 'jobs.id',
  templateId: 'jobs.template_id',
  'status/code': 'jobs.status_code',
};

export interface CompileContext {
  /** The emulator clock's current time, for `now()`. */
  readonly now: string;
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
      return sql`(not coalesce(${predicate(expr.operand, scope)}, 0))`;
    case 'in': {
      const items = expr.list.map((item) => comparison('eq', expr.operand, item, scope));
      return sql`(${sql.join(items, sql` or `)})`;
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
    if (leftNull && rightNull) return operator === 'eq' || operator === 'ge' || operator === 'le' ? sql`1` : sql`0`;
    if (operator === 'eq') return sql`(${value(other, scope)} is null)`;
    if (operator === 'ne') return sql`(${value(other, scope)} is not null)`;
    return sql`0`; // any ordering comparison with null is false
  }
  const ordered = operator !== 'eq' && operator !== 'ne';
  const l = comparable(left, scope, ordered);
  const r = comparable(right, scope, ordered);
  const literalSide = isLiteral(left) || isLiteral(right);
  switch (operator) {
    case 'eq':
      // `=` lets SQLite use an index; `is` makes null eq null true when both sides are paths.
      return literalSide ? sql`(${l} = ${r})` : sql`(${l} is ${r})`;
    case 'ne':
      return sql`(${l} is not ${r})`;
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
 * The SQL value of an operand in the form it compares in: instants as Julian days (so offsets
 * and fractional digits compare correctly), durations as seconds, enum members by their CSDL
 * value when the comparison orders them.
 */
function comparable(expr: TypedExpr, scope: Scope, ordered: boolean): Sql {
  const type = expr.type;
  const raw = value(expr, scope);
  if (type.kind === 'primitive' && type.name === 'Edm.DateTimeOffset') return sql`julianday(${raw})`;
  if (type.kind === 'primitive' && type.name === 'Edm.Duration') return sql`syncemu_duration_seconds(${raw})`;
  if (type.kind === 'enum' && ordered) return enumOrdinal(type, raw);
  return raw;
}

function enumOrdinal(type: EnumType, raw: Sql): Sql {
  const whens = Object.entries(type.members).map(([name, ordinal]) => sql`when ${sql.lit(name)} then ${sql.lit(ordinal)}`);
  return sql`(case ${raw} ${sql.join(whens, sql` `)} end)`;
}

function value(expr: TypedExpr, scope: Scope): Sql {
  switch (expr.kind) {
    case 'literal':
      return literal(expr.value, expr.type);
    case 'member':
      return member(expr, scope);
    case 'negate':
      return sql`(- ${value(expr.operand, scope)})`;
    case 'call':
      return call(expr.name, expr.args, scope);
    case 'binary':
      switch (expr.operator) {
        case 'add':
          return sql`(${value(expr.left, scope)} + ${value(expr.right, scope)})`;
        case 'sub':
          return sql`(${value(expr.left, scope)} - ${value(expr.right, scope)})`;
        case 'mul':
          return sql`(${value(expr.left, scope)} * ${value(expr.right, scope)})`;
        case 'div':
          return sql`(${value(expr.left, scope)} / ${value(expr.right, scope)})`;
        case 'divby':
          return sql`(cast(${value(expr.left, scope)} as real) / ${value(expr.right, scope)})`;
        case 'mod':
          return sql`(${value(expr.left, scope)} % ${value(expr.right, scope)})`;
        default:
          return predicate(expr, scope);
      }
    case 'not':
    case 'in':
    case 'lambda':
      return predicate(expr, scope);
  }
}

function literal(literalValue: unknown, type: ValueType): Sql {
  if (literalValue === null) return sql`null`;
  if (typeof literalValue === 'boolean') return sql`${literalValue ? 1 : 0}`;
  if (type.kind === 'primitive' && (type.name === 'Edm.Double' || type.name === 'Edm.Decimal') && typeof literalValue === 'number' && !Number.isFinite(literalValue)) {
    // SQLite has no NaN and reads 9e999 as +Infinity.
    return Number.isNaN(literalValue) ? sql`null` : literalValue > 0 ? sql`9e999` : sql`-9e999`;
  }
  return sql`${literalValue}`;
}

function member(expr: TypedMember, scope: Scope): Sql {
  const names = expr.properties.map((p) => p.name);
  if (expr.variable !== undefined) {
    const alias = scope.variables.get(expr.variable)!;
    const ref = sql.ref(`${alias}.value`);
    return names.length === 0 ? ref : sql`json_extract(${ref}, ${sql.lit(jsonPath(names))})`;
  }
  const column = COLUMNS[names.join('/')];
  if (column) return sql.ref(column);
  return sql`json_extract(${sql.ref('jobs.body')}, ${sql.lit(jsonPath(names))})`;
}

/** The JSON path of a collection, for json_each: `json_each(jobs.body, '$.status.progress')`. */
function collectionSource(expr: TypedMember, scope: Scope): Sql {
  const names = expr.properties.map((p) => p.name);
  if (expr.variable !== undefined) {
    const ref = sql.ref(`${scope.variables.get(expr.variable)!}.value`);
    return names.length === 0 ? sql`json_each(${ref})` : sql`json_each(${ref}, ${sql.lit(jsonPath(names))})`;
  }
  return sql`json_each(${sql.ref('jobs.body')}, ${sql.lit(jsonPath(names))})`;
}

function lambda(expr: Extract<TypedExpr, { kind: 'lambda' }>, scope: Scope): Sql {
  const alias = `lambda${scope.variables.size + 1}`;
  const source = sql`${collectionSource(expr.collection, scope)} as ${sql.id(alias)}`;
  if (!expr.predicate || expr.variable === undefined) return sql`exists (select 1 from ${source})`;
  const inner: Scope = { ...scope, variables: new Map(scope.variables).set(expr.variable, alias) };
  const test = predicate(expr.predicate, inner);
  return expr.operator === 'any'
    ? sql`exists (select 1 from ${source} where ${test})`
    : sql`not exists (select 1 from ${source} where not coalesce(${test}, 0))`;
}

function call(name: string, args: readonly TypedExpr[], scope: Scope): Sql {
  const a = args.map((arg) => value(arg, scope));
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
      return sql`(cast(strftime('%f', ${first}) as real) - cast(strftime('%S', ${first}) as integer))`;
    case 'date':
      return sql`date(${first})`;
    case 'time':
      return sql`time(${first})`;
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

function isNullLiteral(expr: TypedExpr): boolean {
  return expr.kind === 'literal' && expr.value === null;
}

function isLiteral(expr: TypedExpr): boolean {
  return expr.kind === 'literal';
}
