import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEntityQuery } from '../src/index.js';
import { catchQueryError } from './support/helpers.js';

test('parseEntityQuery reads $select, and * without it', () => {
  assert.equal(parseEntityQuery(''), { select: '*' });
  assert.equal(parseEntityQuery('$select=id,templateId'), { select: ['id', 'templateId'] });
  assert.equal(parseEntityQuery('$SELECT=status'), { select: ['status'] });
  assert.equal(parseEntityQuery('$select=*'), { select: '*' });
  assert.equal(parseEntityQuery('foo=1&api-version=2'), { select: '*' });
  assert.equal(parseEntityQuery('select=id'), { select: '*' });
  assert.equal(parseEntityQuery('select=id', { dollarOptional: true }), { select: ['id'] });
});

const notAllowed = (name: string) => `Query option '${name}' is not allowed when reading a single synchronizationJob; only $select is.`;

/** [query string, dollarOptional, message] */
const rejected: ReadonlyArray<readonly [string, boolean, string]> = [
  ['$top=1', false, notAllowed('$top')],
  ['$select=id&$filter=id eq null', false, notAllowed('$filter')],
  ['$skip=0', false, notAllowed('$skip')],
  ['$orderby=id', false, notAllowed('$orderby')],
  ['$count=true', false, notAllowed('$count')],
  ['$skiptoken=x', false, notAllowed('$skiptoken')],
  ['select=id&top=1', true, notAllowed('$top')],
  ['$expand=schema', false, "Query option '$expand' is not supported on synchronization jobs."],
  ['$x=1', false, "Query option '$x' is not a known OData system query option."],
  ['$select=id&$select=id', false, "Query option '$select' was specified more than once; it must be specified at most once."],
  ['$select=foo', false, "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'."],
];

test('parseEntityQuery rejects every option but $select', () => {
  for (const [query, dollarOptional, message] of rejected) {
    const error = catchQueryError(() => parseEntityQuery(query, { dollarOptional }), query);
    assert.is(error.message, message, query);
  }
  // a rejected option is reported even when it would itself be invalid
  assert.is(catchQueryError(() => parseEntityQuery('$top=-1')).message, notAllowed('$top'));
  assert.is(catchQueryError(() => parseEntityQuery('$top=1')).option, 'query');
});

test.run();
