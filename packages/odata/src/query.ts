import type { TypedExpr } from './ast/nodes.js';
import { ODataQueryError } from './errors.js';
import type { ComplexType } from './model/edm.js';
import { synchronizationJob } from './model/job-model.js';
import { parseFilterExpression, parseOrderByItems } from './parse/filter-parser.js';
import { parseIntegerOption } from './parse/integer-option.js';
import { splitQueryString, type SplitOptions } from './parse/query-string.js';
import { parseExpand, parseSelect, type Selection } from './parse/select-parser.js';
import { checkFilter, checkOrderByExpression } from './validate/filter-validator.js';

/** The largest `$top` (and `odata.maxpagesize`) a list accepts. */
export const MAX_TOP = 999;

export interface OrderByItem {
  readonly expr: TypedExpr;
  readonly descending: boolean;
}

/** A list request's query options, parsed and checked against the model: ready to compile. */
export interface ListQuery {
  readonly select: Selection;
  readonly filter?: TypedExpr;
  readonly orderBy: readonly OrderByItem[];
  readonly top?: number;
  readonly skip?: number;
  readonly count: boolean;
  readonly skipToken?: string;
  /** The `$orderby` text as sent ('' without one): a skiptoken is only valid for the ordering it came from. */
  readonly orderByText: string;
  /** The `$filter` text as sent (decoded), when there is one: the same text always gives the same `filter`. */
  readonly filterText?: string;
}

/** A single-entity request's query options: `$select`, and `$expand` of its navigation properties. */
export interface EntityQuery {
  readonly select: Selection;
  /** Navigation properties to put inline (`schema`), in the order written. */
  readonly expand: readonly string[];
}

export interface ParseOptions extends Partial<SplitOptions> {
  /** The entity type queried; synchronizationJob unless said. */
  readonly type?: ComplexType;
}

/**
 * Parses the query string of `GET …/jobs` (without the leading `?`).
 * @throws ODataQueryError with the complete client-facing message.
 * @example parseListQuery("$filter=status/code eq 'Active'&$top=5")
 */
export function parseListQuery(query: string, { dollarOptional = false, type = synchronizationJob }: ParseOptions = {}): ListQuery {
  const options = splitQueryString(query, { dollarOptional });
  if (options.has('$expand')) {
    throw new ODataQueryError(`Query option '$expand' is not supported on a list of ${entityName(type)}s; expand the schema of one job (…/jobs/{id}?$expand=schema).`, '$expand');
  }
  const select = options.has('$select') ? parseSelect(options.get('$select')!, type) : '*';
  const filterText = options.get('$filter');
  const filter = filterText === undefined ? undefined : checkFilter(parseFilterExpression(filterText), type, filterText);
  const orderText = options.get('$orderby');
  const orderBy = orderText === undefined
    ? []
    : parseOrderByItems(orderText).map((item) => ({ expr: checkOrderByExpression(item.expr, type, orderText), descending: item.descending }));
  const topText = options.get('$top');
  const skipText = options.get('$skip');
  const countText = options.get('$count');
  let count = false;
  if (countText !== undefined) {
    const lower = countText.toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
      throw new ODataQueryError(`Invalid $count value '${countText}': it must be true or false.`, '$count', 0, countText);
    }
    count = lower === 'true';
  }
  const skipToken = options.get('$skiptoken');
  if (skipToken !== undefined && skipToken === '') {
    throw new ODataQueryError(`Invalid $skiptoken value '': use the whole @odata.nextLink the previous page returned.`, '$skiptoken', 0, skipToken);
  }
  return {
    select,
    orderBy,
    orderByText: orderText ?? '',
    count,
    ...(filter && { filter, filterText }),
    ...(topText !== undefined && { top: parseIntegerOption('$top', topText, MAX_TOP) }),
    ...(skipText !== undefined && { skip: parseIntegerOption('$skip', skipText, Number.MAX_SAFE_INTEGER) }),
    ...(skipToken !== undefined && { skipToken }),
  };
}

/** Parses the query string of `GET …/jobs/{id}`: `$select` only; any other option is a 400. */
export function parseEntityQuery(query: string, { dollarOptional = false, type = synchronizationJob }: ParseOptions = {}): EntityQuery {
  const options = splitQueryString(query, { dollarOptional });
  for (const name of options.keys()) {
    if (name !== '$select' && name !== '$expand') {
      throw new ODataQueryError(`Query option '${name}' is not allowed when reading a single ${entityName(type)}; only $select and $expand are.`, 'query');
    }
  }
  const text = options.get('$select');
  const expandText = options.get('$expand');
  return { select: text === undefined ? '*' : parseSelect(text, type), expand: expandText === undefined ? [] : parseExpand(expandText, type) };
}

function entityName(type: ComplexType): string {
  return type.name.split('.').pop()!;
}
