import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEntityQuery } from '../src/index.js';
import { catchQueryError } from './support/helpers.js';

test('parseEntityQuery reads $select (* without it) and $expand', () => {
  assert.equal(parseEntityQuery(''), { select: '*', expand: [] });
  assert.equal(parseEntityQuery('$select=id,templateId'), { select: ['id', 'templateId'], expand: [] });
  assert.equal(parseEntityQuery('$SELECT=status'), { select: ['status'], expand: [] });
  assert.equal(parseEntityQuery('$select=*'), { select: '*', expand: [] });
  assert.equal(parseEntityQuery('foo=1&api-version=2'), { select: '*', expand: [] });
  assert.equal(parseEntityQuery('select=id'), { select: '*', expand: [] });
  assert.equal(parseEntityQuery('select=id', { dollarOptional: true }), { select: ['id'], expand: [] });
  assert.equal(parseEntityQuery('$expand=schema'), { select: '*', expand: ['schema'] });
  assert.equal(parseEntityQuery('$select=id,status/code&$expand=schema,schema'), { select: ['id', 'status/code'], expand: ['schema'] });
  assert.equal(parseEntityQuery('expand=schema', { dollarOptional: true }), { select: '*', expand: ['schema'] });
});

const notAllowed = (name: string) => `Query option '${name}' is not allowed when reading a single synchronizationJob; only $select and $expand are.`;

/** [query string, dollarOptional, message] */
const rejected: ReadonlyArray<readonly [string, boolean, string]> = [
  ['$top=1', false, notAllowed('$top')],
  ['$select=id&$filter=id eq null', false, notAllowed('$filter')],
  ['$skip=0', false, notAllowed('$skip')],
  ['$orderby=id', false, notAllowed('$orderby')],
  ['$count=true', false, notAllowed('$count')],
  ['$skiptoken=x', false, notAllowed('$skiptoken')],
  ['select=id&top=1', true, notAllowed('$top')],
  ['$expand=bulkUpload', false, "Invalid $expand clause: 'bulkUpload' of microsoft.graph.synchronizationJob cannot be expanded; it is a stream (GET it: …/bulkUpload) (at position 0)."],
  ['$expand=status', false, "Invalid $expand clause: 'status' is a structural property of microsoft.graph.synchronizationJob; only navigation properties can be expanded (at position 0)."],
  ['$expand=schema($select=id)', false, "Invalid $expand clause: options inside $expand ('($select=id)') are not supported (at position 6)."],
  ['$expand=nope', false, "Could not find a property named 'nope' on type 'microsoft.graph.synchronizationJob'."],
  ['$expand=schema,', false, "Invalid $expand clause: syntax error at position 7 in 'schema,': expected a navigation property, found the end of the clause."],
  ['$expand=*', false, "Invalid $expand clause: syntax error at position 0 in '*': expected a navigation property, found '*'."],
  ['$x=1', false, "Query option '$x' is not a known OData system query option."],
  ['$select=id&$select=id', false, "Query option '$select' was specified more than once; it must be specified at most once."],
  ['$select=foo', false, "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'."],
];

test('parseEntityQuery rejects every option but $select and $expand, and an $expand of anything but schema', () => {
  for (const [query, dollarOptional, message] of rejected) {
    const error = catchQueryError(() => parseEntityQuery(query, { dollarOptional }), query);
    assert.is(error.message, message, query);
  }
  // a rejected option is reported even when it would itself be invalid
  assert.is(catchQueryError(() => parseEntityQuery('$top=-1')).message, notAllowed('$top'));
  assert.is(catchQueryError(() => parseEntityQuery('$top=1')).option, 'query');
});

test.run();
