import { formatTypedExpr, MAX_TOP, parseListQuery, type ListQuery } from '@syncemu/odata';
import type { AsyncRepositories } from '@syncemu/store';
import { DEFAULT_PAGE_SIZE } from '../handlers/jobs-handler.js';
import type { ApiVersion } from '../routing/route.js';

/** How a list query runs (`emulator.explain`, `GET /_syncemu/explain/…`). */
export interface QueryExplanation {
  readonly query: ListQuery;
  /** The checked `$filter`, fully parenthesised with types. */
  readonly filter?: string;
  /** Each `$orderby` item, checked: `(… : Edm.String) asc`. */
  readonly orderBy: readonly string[];
  /** The SQL of the first page (of the page a `$skiptoken` names), and its parameters. */
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** The engine's plan: SQLite's `EXPLAIN QUERY PLAN` lines, or PostgreSQL's `EXPLAIN`. */
  readonly plan: readonly string[];
  /** The indexes the plan uses. */
  readonly indexes: readonly string[];
  /** Whether the plan reads the jobs table whole, without an index. */
  readonly fullScan: boolean;
}

/**
 * How the list request `GET /{version}/servicePrincipals/{id}/synchronization/jobs?{queryString}`
 * runs: the query as checked, the SQL of its page (the page size its `$top` gives, or the
 * default) and SQLite's plan for it.
 * @throws ODataQueryError, SkipTokenError, QueryTooComplexError: what the list request would refuse with 400.
 * @example explainListQuery(store, clock.now(), spId, "$filter=templateId eq 'scim'&$top=5", 'v1.0').indexes // ['jobs_sp_template']
 */
export async function explainListQuery(db: AsyncRepositories, now: Date, servicePrincipalId: string, queryString: string, version: ApiVersion): Promise<QueryExplanation> {
  const query = parseListQuery(queryString.replace(/^\?/, ''), { dollarOptional: version === 'beta' });
  const pageSize = Math.min(query.top ?? DEFAULT_PAGE_SIZE, MAX_TOP);
  const explained = await db.jobs.explain(servicePrincipalId.toLowerCase(), query, { pageSize, ordering: query.orderByText, context: { now: now.toISOString() } });
  return {
    query,
    ...(query.filter && { filter: formatTypedExpr(query.filter) }),
    orderBy: query.orderBy.map((item) => `${formatTypedExpr(item.expr)} ${item.descending ? 'desc' : 'asc'}`),
    ...explained,
  };
}
