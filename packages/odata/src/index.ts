/**
 * @syncemu/odata: parses and checks OData query options against the synchronizationJob model.
 * Pure: no I/O, no SQL. The store compiles the typed AST it returns.
 */
export * from './ast/nodes.js';
export { formatTypedExpr } from './ast/format.js';
export * from './model/edm.js';
export * as jobModel from './model/job-model.js';
export { synchronizationJob } from './model/job-model.js';
export { requestEntry } from './model/journal-model.js';
export { ODataQueryError, type QueryOptionName } from './errors.js';
export { parseFilterExpression, parseOrderByItems, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_NODES } from './parse/filter-parser.js';
export { splitQueryString, SYSTEM_OPTIONS, type SystemOption } from './parse/query-string.js';
export { parseSelect, type Selection } from './parse/select-parser.js';
export { checkFilter, checkOrderByExpression, describe } from './validate/filter-validator.js';
export { isDate, isDuration, parseInstant, type Instant } from './model/temporal.js';
export { FUNCTIONS } from './validate/functions.js';
export { parseListQuery, parseEntityQuery, MAX_TOP, type ListQuery, type EntityQuery, type OrderByItem, type ParseOptions } from './query.js';
