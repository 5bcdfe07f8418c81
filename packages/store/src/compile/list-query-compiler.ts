import { sql, type CompiledQuery, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { synchronizationJob, type ComplexType, type ListQuery, type Selection } from '@syncemu/odata';
import type { Database } from '../database/tables.js';
import { compileFilter, compileOrderKey, type CompileContext, type Dialect } from './filter-compiler.js';
import type { KeysetPosition } from './skip-token.js';

type Sql = RawBuilder<unknown>;

export interface ListPageRequest {
  readonly servicePrincipalId: string;
  readonly query: ListQuery;
  /** Rows wanted on this page; one more is read to learn whether another page follows. */
  readonly pageSize: number;
  readonly after?: KeysetPosition;
  readonly context: CompileContext;
}

/** Column aliases of the sort keys, read back to build the next page's skiptoken. */
export const keyAlias = (i: number) => `__key${i}`;

/**
 * Where each value sits in a row of the page's SELECT (rows are read as arrays): the body first;
 * the id only for a `$select`, since a whole job's stored body carries its id (read from the last
 * row alone: selecting 100 ids a page as a column cost ~20% of the statement); the sort keys; the
 * total with `$count=true`.
 */
export interface PageColumns {
  readonly body: 0;
  readonly id?: number;
  readonly keys: readonly number[];
  readonly count?: number;
}

export interface CompiledPage {
  readonly query: CompiledQuery;
  readonly columns: PageColumns;
}

/**
 * One SELECT for one page: filter, order (ties broken by id), keyset position, projection and,
 * with `$count=true`, the total before paging as a scalar subquery, all in SQLite.
 */
export function compileListPage(db: Kysely<Database>, request: ListPageRequest): CompiledPage {
  const { query, context } = request;
  const keys = query.orderBy.map((item) => ({ sql: compileOrderKey(item.expr, context), descending: item.descending }));
  const filter = query.filter ? compileFilter(query.filter, context) : undefined;
  if (!Number.isSafeInteger(request.pageSize) || request.pageSize < 0) throw new RangeError(`A page size must be a whole number, not ${request.pageSize}.`);

  let select = db
    .selectFrom('jobs')
    .select(projection(query.select, context.dialect).as('body'))
    .where('jobs.service_principal_id', '=', request.servicePrincipalId);
  let next = 1;
  const idColumn = query.select === '*' ? undefined : next++;
  if (idColumn !== undefined) select = select.select(sql<string>`jobs.id`.as('id'));
  keys.forEach((key, i) => {
    select = select.select(key.sql.as(keyAlias(i)));
  });
  const keyColumns = keys.map(() => next++);
  let countColumn: number | undefined;
  if (query.count) {
    const countFilter = filter ? sql`and ${filter}` : sql``;
    select = select.select(
      sql<number>`(select count(*) from jobs where jobs.service_principal_id = ${request.servicePrincipalId} ${countFilter})`.as('__count'),
    );
    countColumn = next++;
  }
  if (filter) select = select.where(filter);
  const postgres = context.dialect === 'postgres';
  if (request.after) select = select.where(afterPosition(keys, request.after, sql`jobs.id`, context.dialect));
  // SQLite sorts nulls first ascending and last descending; PostgreSQL is told to
  // (PostgreSQL orders by the keys' output names: it refuses a constant key such as `true` in ORDER BY)
  keys.forEach((key, i) => {
    select = postgres
      ? select.orderBy(sql`${sql.id(keyAlias(i))} ${sql.raw(key.descending ? 'desc nulls last' : 'asc nulls first')}`)
      : select.orderBy(key.sql, key.descending ? 'desc' : 'asc');
  });
  // The limit as a literal (a whole number from 1 to 1,000, so a bounded set of statements): SQLite
  // ran the same statement with `limit ?` ~10% slower.
  select = select.orderBy(sql`jobs.id`, 'asc').limit(sql.lit(request.pageSize + 1));
  if (query.skip !== undefined && !request.after) select = select.offset(query.skip);
  return {
    query: select.compile(),
    columns: { body: 0, ...(idColumn !== undefined && { id: idColumn }), keys: keyColumns, ...(countColumn !== undefined && { count: countColumn }) },
  };
}

/** A parameter filled in per request: a kept query shape has these where its values go. */
class Slot {
  constructor(readonly take: (request: ListPageRequest) => unknown) {}
}

const SERVICE_PRINCIPAL = new Slot((request) => request.servicePrincipalId);
const NOW = new Slot((request) => request.context.now);
const SKIP = new Slot((request) => request.query.skip);
const AFTER_ID = new Slot((request) => request.after?.id);
const afterKey = (i: number) => new Slot((request) => request.after?.keys[i]);

/**
 * {@link compileListPage} with the SQL of each query shape compiled once: the same `$filter`,
 * `$orderby`, `$select`, `$count`, page size, whether `$skip` is given and, after a skiptoken,
 * which of its keys are null. Everything else (the service principal, the clock's now, `$skip`, the
 * keyset position) is a parameter filled in per page, so a shape's SQL serves every request of
 * that shape. Building and compiling a page's query with Kysely cost ~8% of a list.
 */
export class ListPageCompiler {
  private readonly shapes = new Map<string, CompiledPage>();

  constructor(private readonly db: Kysely<Database>) {}

  compile(request: ListPageRequest): CompiledPage {
    const key = shapeKey(request);
    if (key === undefined) return compileListPage(this.db, request);
    let shape = this.shapes.get(key);
    if (!shape) {
      const { query, after } = request;
      const template = {
        servicePrincipalId: SERVICE_PRINCIPAL,
        query: query.skip === undefined ? query : { ...query, skip: SKIP },
        pageSize: request.pageSize,
        context: { now: NOW, ...(request.context.dialect && { dialect: request.context.dialect }) },
        ...(after && { after: { keys: after.keys.map((value, i) => (value === null ? null : afterKey(i))), id: AFTER_ID } }),
      } as unknown as ListPageRequest;
      shape = compileListPage(this.db, template);
      if (this.shapes.size >= 200) this.shapes.clear(); // shapes from $filter are unbounded
      this.shapes.set(key, shape);
    }
    const parameters = shape.query.parameters.map((value) => (value instanceof Slot ? value.take(request) : value));
    return { columns: shape.columns, query: { ...shape.query, parameters } };
  }
}

/** What makes two pages' SQL the same text with the same literal values; undefined when the query does not carry its texts. */
function shapeKey({ query, pageSize, after }: ListPageRequest): string | undefined {
  if ((query.filter !== undefined && query.filterText === undefined) || (query.orderBy.length > 0 && query.orderByText === '')) return undefined;
  const position = after ? after.keys.map((value) => (value === null ? 'n' : 'v')).join('') : '-';
  return JSON.stringify([query.filterText ?? null, query.orderByText, query.select, query.count, query.skip !== undefined, pageSize, position]);
}

/** `select count(*)` under the filter: `GET …/jobs/$count`. */
export function compileCount(db: Kysely<Database>, servicePrincipalId: string, query: Pick<ListQuery, 'filter'>, context: CompileContext): CompiledQuery {
  let select = db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).where('jobs.service_principal_id', '=', servicePrincipalId);
  if (query.filter) select = select.where(compileFilter(query.filter, context));
  return select.compile();
}

/**
 * The stored JSON as it is for `*`; otherwise a JSON object of the selected properties, in model
 * order. A path into a complex property keeps the enclosing objects with only the selected members
 * (a null one stays null; in a collection, each element keeps them).
 */
export function projection(selection: Selection, dialect: Dialect = 'sqlite'): RawBuilder<string> {
  if (selection === '*') return sql<string>`jobs.body`;
  // PostgreSQL: from the body as `json` (not jsonb, which reorders keys), as compact text
  if (dialect === 'postgres') return sql<string>`${projectPostgres(selectionTree(selection), synchronizationJob, sql`jobs.body::json`)}`;
  return sql<string>`${projectObject(selectionTree(selection), synchronizationJob, sql`jobs.body`, '$')}`;
}

/** Selected paths as a tree: `true` where a property is selected whole. */
type SelectionTree = Map<string, SelectionTree | true>;

function selectionTree(paths: readonly string[]): SelectionTree {
  const root: SelectionTree = new Map();
  for (const path of paths) {
    const segments = path.split('/');
    let node = root;
    segments.forEach((segment, i) => {
      const existing = node.get(segment);
      if (existing === true) return;
      if (i === segments.length - 1) node.set(segment, true);
      else {
        const child = existing ?? new Map();
        node.set(segment, child);
        node = child;
      }
    });
  }
  return root;
}

/** `json_object(...)` of the selected members of the object at `path` in `json`. */
function projectObject(tree: SelectionTree, type: ComplexType, json: Sql, path: string): Sql {
  const pairs = Object.keys(type.properties)
    .filter((name) => tree.has(name))
    .map((name) => {
      const selected = tree.get(name)!;
      const at = `${path}.${name}`;
      const whole = sql`${json} -> ${sql.lit(at)}`;
      if (selected === true) return sql`${sql.lit(name)}, ${whole}`;
      const propertyType = type.properties[name]!.type;
      if (propertyType.kind === 'collection' && propertyType.of.kind === 'complex') {
        const each = projectObject(selected, propertyType.of, sql`value`, '$');
        return sql`${sql.lit(name)}, case when json_type(${json}, ${sql.lit(at)}) = 'array' then (select json_group_array(case when json_type(value) = 'object' then ${each} else value end) from json_each(${json}, ${sql.lit(at)})) else ${whole} end`;
      }
      if (propertyType.kind !== 'complex') return sql`${sql.lit(name)}, ${whole}`;
      const inner = projectObject(selected, propertyType, json, at);
      return sql`${sql.lit(name)}, case when json_type(${json}, ${sql.lit(at)}) = 'object' then ${inner} else ${whole} end`;
    });
  return sql`json_object(${sql.join(pairs)})`;
}

/**
 * PostgreSQL's {@link projectObject}: the selected members of the object `json` as compact JSON
 * text, written by concatenation (json_build_object and json_agg would put spaces after `:` and
 * `,`, where SQLite's json_object writes none), each value the stored text of the member.
 */
function projectPostgres(tree: SelectionTree, type: ComplexType, json: Sql, depth = 0): Sql {
  const element = `element${depth}`;
  const pairs = Object.keys(type.properties)
    .filter((name) => tree.has(name))
    .map((name) => {
      const selected = tree.get(name)!;
      const whole = sql`(${json} -> ${sql.lit(name)})`;
      // a member the object lacks is null, as SQLite's json_object writes it
      const wholeText = sql`coalesce(${whole}::text, 'null')`;
      const key = sql.lit(`${JSON.stringify(name)}:`);
      const propertyType = type.properties[name]!.type;
      if (selected === true || (propertyType.kind !== 'complex' && !(propertyType.kind === 'collection' && propertyType.of.kind === 'complex'))) return sql`${key} || ${wholeText}`;
      if (propertyType.kind === 'collection') {
        const value = sql.ref(`${element}.value`);
        const each = projectPostgres(selected, propertyType.of as ComplexType, value, depth + 1);
        return sql`${key} || case when json_typeof(${whole}) = 'array' then (select '[' || coalesce(string_agg(case when json_typeof(${value}) = 'object' then ${each} else ${value}::text end, ',' order by ${sql.ref(`${element}.at`)}), '') || ']' from json_array_elements(${whole}) with ordinality as ${sql.id(element)}(value, at)) else ${wholeText} end`;
      }
      return sql`${key} || case when json_typeof(${whole}) = 'object' then ${projectPostgres(selected, propertyType, whole, depth)} else ${wholeText} end`;
    });
  if (pairs.length === 0) return sql`'{}'`;
  return sql`('{' || ${sql.join(pairs, sql` || ',' || `)} || '}')`;
}

/**
 * Rows strictly after `position` in the order (k1, …, kn, id): k1 after v1, or k1 = v1 and k2
 * after v2, and so on. Nulls sort first ascending and last descending, as SQLite sorts them.
 */
export function afterPosition(keys: readonly { sql: Sql; descending: boolean }[], position: KeysetPosition, idColumn: Sql = sql`jobs.id`, dialect: Dialect = 'sqlite'): RawBuilder<SqlBool> {
  const same = dialect === 'postgres' ? sql` is not distinct from ` : sql` is `;
  const terms: Sql[] = [];
  // Each key in parentheses: a key may start with `not` (an `all()` lambda, `not exists (…)`), and
  // `not exists (…) < ?` would read as `not (exists (…) < ?)`.
  const all = [
    ...keys.map((key, i) => ({ sql: sql`(${key.sql})` as Sql, descending: key.descending, value: position.keys[i] ?? null })),
    { sql: idColumn, descending: false, value: position.id as string | number | null },
  ];
  all.forEach((key, i) => {
    const equalBefore = all.slice(0, i).map((prior) => sql`${prior.sql}${same}${prior.value}`);
    terms.push(sql.join([...equalBefore, after(key.sql, key.value, key.descending, dialect)], sql` and `));
  });
  return sql<SqlBool>`(${sql.join(terms.map((term) => sql`(${term})`), sql` or `)})`;
}

function after(key: Sql, value: string | number | null, descending: boolean, dialect: Dialect): Sql {
  if (!descending) return value === null ? sql`${key} is not null` : sql`${key} > ${value}`;
  return value === null ? (dialect === 'postgres' ? sql`false` : sql`0`) : sql`(${key} < ${value} or ${key} is null)`;
}
