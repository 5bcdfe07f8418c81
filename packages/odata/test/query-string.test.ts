import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ODataQueryError, parseListQuery, splitQueryString, SYSTEM_OPTIONS } from '../src/index.js';
import { catchQueryError } from './support/helpers.js';

const v1 = { dollarOptional: false };
const beta = { dollarOptional: true };
const split = (query: string, options = v1) => [...splitQueryString(query, options)];

test('the known options', () => {
  assert.equal([...SYSTEM_OPTIONS], ['$select', '$filter', '$top', '$skip', '$orderby', '$count', '$skiptoken', '$expand']);
});

/** [query string, options as decoded] on v1.0 */
const decoding: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['', []],
  ["$filter=templateId+eq+'a+b'", [['$filter', "templateId eq 'a b'"]]],
  ["$filter=templateId%20eq%20'a%2Bb'", [['$filter', "templateId eq 'a+b'"]]],
  ["$filter=templateId eq 'a%26b'&$top=2", [['$filter', "templateId eq 'a&b'"], ['$top', '2']]],
  ["$filter=templateId eq 'a=b'", [['$filter', "templateId eq 'a=b'"]]],
  ["$filter=templateId eq '%25'", [['$filter', "templateId eq '%'"]]],
  ["$filter=templateId eq '%C3%A9%F0%9F%98%80'", [['$filter', "templateId eq 'é😀'"]]],
  ["$filter=templateId eq %27x%27", [['$filter', "templateId eq 'x'"]]],
  ['$FILTER=a&$Top=3&$sElEcT=id', [['$filter', 'a'], ['$top', '3'], ['$select', 'id']]],
  ['%24top=5', [['$top', '5']]],
  ['$top', [['$top', '']]],
  ['&&$top=1&', [['$top', '1']]],
  // parameters without `$` are not options on v1.0, and are ignored, even malformed ones
  ["filter=templateId eq 'x'&top=abc&foo=%ZZ&$skip=1", [['$skip', '1']]],
  ['expand=schema&search=x', []],
];

test('query strings decode like HTML forms: + is a space, %XX once, & separates options', () => {
  for (const [query, options] of decoding) {
    assert.equal(split(query), options, query);
  }
});

test('on beta the $ is optional; other parameters are still ignored', () => {
  assert.equal(split("filter=templateId eq 'x'&Top=2&count=true&foo=bar&select=id", beta), [
    ['$filter', "templateId eq 'x'"],
    ['$top', '2'],
    ['$count', 'true'],
    ['$select', 'id'],
  ]);
  assert.equal(split('foo=%ZZ&expand=schema&$skip=3', beta), [['$expand', 'schema'], ['$skip', '3']]);
  // parseListQuery: the same names are options only with dollarOptional
  assert.is(parseListQuery('top=5', beta).top, 5);
  assert.is(parseListQuery('top=5').top, undefined);
  assert.is(catchQueryError(() => parseListQuery('top=abc', beta)).message, "Invalid $top value 'abc': it must be a non-negative integer from 0 to 999.");
});

/** [query string, dollarOptional, message] */
const rejected: ReadonlyArray<readonly [string, boolean, string]> = [
  ['$x=1', false, "Query option '$x' is not a known OData system query option."],
  ['$=1', false, "Query option '$' is not a known OData system query option."],
  ['$top =1', false, "Query option '$top ' is not a known OData system query option."],
  ['$Foo=1&$top=1', true, "Query option '$Foo' is not a known OData system query option."],
  ['$search=x', false, "Query option '$search' is not supported on synchronization jobs."],
  ['$format=json', false, "Query option '$format' is not supported on synchronization jobs."],
  ['$apply=groupby((id))', false, "Query option '$apply' is not supported on synchronization jobs."],
  ['$top=1&$TOP=2', false, "Query option '$top' was specified more than once; it must be specified at most once."],
  ['$filter=a&$filter=a', false, "Query option '$filter' was specified more than once; it must be specified at most once."],
  ['top=1&$top=2', true, "Query option '$top' was specified more than once; it must be specified at most once."],
  ['$filter=%ZZ', false, "The query string is not valid: the value of $filter has malformed percent-encoding near '%ZZ'."],
  ['$filter=a eq 100%', false, "The query string is not valid: the value of $filter has malformed percent-encoding near '%'."],
  ['$filter=%E0%A4%A', false, "The query string is not valid: the value of $filter has malformed percent-encoding near '%A'."],
  ["$filter=a eq '%FF'", false, "The query string is not valid: the value of $filter has malformed percent-encoding near '%FF'."],
  ['%ZZ=1', false, "The query string is not valid: a parameter name has malformed percent-encoding near '%ZZ'."],
];

test('unknown, unsupported and repeated options, and malformed percent-encoding, are 400-style errors', () => {
  for (const [query, dollarOptional, message] of rejected) {
    const error = catchQueryError(() => splitQueryString(query, { dollarOptional }), query);
    assert.is(error.message, message, query);
    assert.is(error.option, 'query', `${query}: option`);
    assert.is(error.position, undefined, `${query}: position`);
    // parseListQuery reports the same
    assert.is(catchQueryError(() => parseListQuery(query, { dollarOptional }), query).message, message, `${query} via parseListQuery`);
  }
});

test('$expand is an option of one job, not of the list: parseListQuery refuses it, naming where it works', () => {
  for (const query of ['$expand=schema', '$EXPAND=schema', 'expand=schema']) {
    const error = catchQueryError(() => parseListQuery(query, { dollarOptional: true }), query);
    assert.is(error.message, "Query option '$expand' is not supported on a list of synchronizationJobs; expand the schema of one job (…/jobs/{id}?$expand=schema).", query);
    assert.is(error.option, '$expand', query);
  }
});

test('parseListQuery: defaults when no option is given', () => {
  assert.equal(parseListQuery(''), { select: '*', orderBy: [], count: false, orderByText: '' });
  assert.equal(parseListQuery('foo=bar&api-version=2'), { select: '*', orderBy: [], count: false, orderByText: '' });
  assert.is(parseListQuery('$orderby=templateId+desc,id').orderByText, 'templateId desc,id');
});

test('parseListQuery parses the decoded values: an encoded & stays inside its string literal', () => {
  const query = parseListQuery("$filter=templateId+eq+'R%26D'+or+templateId+eq+'a%2Bb'&$top=10&$skip=20&$count=true&$select=id,templateId&$skiptoken=abc");
  assert.ok(query.filter?.kind === 'binary' && query.filter.left.kind === 'binary' && query.filter.right.kind === 'binary');
  const left = query.filter.left.right;
  const right = query.filter.right.right;
  assert.ok(left.kind === 'literal' && right.kind === 'literal');
  assert.is(left.value, 'R&D');
  assert.is(right.value, 'a+b');
  assert.is(query.top, 10);
  assert.is(query.skip, 20);
  assert.is(query.count, true);
  assert.equal(query.select, ['id', 'templateId']);
  assert.is(query.skipToken, 'abc');
});

test('a query built with URLSearchParams round-trips', () => {
  const filter = "templateId eq 'a+b & c=d' and status/code in ('Active','Paused')";
  const query = parseListQuery(new URLSearchParams({ $filter: filter, $top: '5' }).toString());
  assert.ok(query.filter);
  assert.ok(query.filter.kind === 'binary' && query.filter.left.kind === 'binary' && query.filter.left.right.kind === 'literal');
  assert.is(query.filter.left.right.value, 'a+b & c=d');
  assert.is(query.top, 5);
});

test('option names are case-insensitive, property names are not', () => {
  assert.equal(parseListQuery('$SELECT=id').select, ['id']);
  assert.is(catchQueryError(() => parseListQuery('$select=ID')).message, "Could not find a property named 'ID' on type 'microsoft.graph.synchronizationJob'.");
});

test('splitQueryString leaves the syntax of values to the option parsers', () => {
  const options = splitQueryString('$filter=((&$top=x', v1);
  assert.is(options.get('$filter'), '((');
  assert.is(options.get('$top'), 'x');
  assert.instance(catchQueryError(() => parseListQuery('$filter=((')), ODataQueryError);
  assert.is(catchQueryError(() => parseListQuery('$top=x')).option, '$top');
});

test.run();
