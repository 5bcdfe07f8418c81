import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_TOP, parseListQuery, parseSelect, synchronizationJob } from '../src/index.js';
import { catchQueryError, semanticMessage, syntaxMessage } from './support/helpers.js';

test('$top: 0 to 999', () => {
  assert.is(MAX_TOP, 999);
  for (const [text, top] of [['0', 0], ['1', 1], ['999', 999], ['01', 1], ['0999', 999]] as const) {
    assert.is(parseListQuery(`$top=${text}`).top, top, text);
  }
  assert.is(parseListQuery('').top, undefined);
});

const topRange = 'it must be a non-negative integer from 0 to 999';

/** [option=value as sent, message] */
const badIntegers: ReadonlyArray<readonly [string, string]> = [
  ['$top=1000', "Invalid $top value '1000': it must be at most 999."],
  ['$top=99999999999999999999', "Invalid $top value '99999999999999999999': it must be at most 999."],
  ['$top=-1', `Invalid $top value '-1': ${topRange}.`],
  ['$top=1.5', `Invalid $top value '1.5': ${topRange}.`],
  ['$top=', `Invalid $top value '': ${topRange}.`],
  ['$top', `Invalid $top value '': ${topRange}.`],
  ['$top=abc', `Invalid $top value 'abc': ${topRange}.`],
  ['$top=1e2', `Invalid $top value '1e2': ${topRange}.`],
  ['$top=0x10', `Invalid $top value '0x10': ${topRange}.`],
  ['$top=+1', `Invalid $top value ' 1': ${topRange}.`],
  ['$top=%2B1', `Invalid $top value '+1': ${topRange}.`],
  ['$top=%201', `Invalid $top value ' 1': ${topRange}.`],
  ['$top=٣', `Invalid $top value '٣': ${topRange}.`],
  ['$skip=-1', "Invalid $skip value '-1': it must be a non-negative integer from 0 to 9007199254740991."],
  ['$skip=x', "Invalid $skip value 'x': it must be a non-negative integer from 0 to 9007199254740991."],
  ['$skip=9007199254740992', "Invalid $skip value '9007199254740992': it must be at most 9007199254740991."],
];

test('$top and $skip reject everything but a decimal integer in range, with exact messages', () => {
  for (const [query, message] of badIntegers) {
    const error = catchQueryError(() => parseListQuery(query), query);
    assert.is(error.message, message, query);
    assert.is(error.option, query.startsWith('$top') ? '$top' : '$skip', `${query}: option`);
    assert.is(error.position, 0, `${query}: position`);
  }
});

test('$skip: any non-negative safe integer', () => {
  assert.is(parseListQuery('$skip=0').skip, 0);
  assert.is(parseListQuery('$skip=5000').skip, 5000);
  assert.is(parseListQuery('$skip=9007199254740991').skip, 9007199254740991);
  assert.is(parseListQuery('').skip, undefined);
});

test('$count: true or false, in any case', () => {
  for (const [text, count] of [['true', true], ['TRUE', true], ['True', true], ['false', false], ['FALSE', false]] as const) {
    assert.is(parseListQuery(`$count=${text}`).count, count, text);
  }
  assert.is(parseListQuery('').count, false);
  for (const text of ['yes', '1', '', 'true ', 'truefalse']) {
    const error = catchQueryError(() => parseListQuery(`$count=${encodeURIComponent(text)}`), text);
    assert.is(error.message, `Invalid $count value '${text}': it must be true or false.`, text);
    assert.is(error.option, '$count');
  }
});

test('$skiptoken: passed through; empty is an error', () => {
  assert.is(parseListQuery('$skiptoken=eyJpZCI6MX0%3D').skipToken, 'eyJpZCI6MX0=');
  assert.is(catchQueryError(() => parseListQuery('$skiptoken=')).message, "Invalid $skiptoken value '': use the whole @odata.nextLink the previous page returned.");
});

/** [$select as decoded, the selection] */
const selections: ReadonlyArray<readonly [string, '*' | readonly string[]]> = [
  ['id', ['id']],
  ['id,templateId', ['id', 'templateId']],
  ['templateId,id', ['templateId', 'id']],
  ['id , templateId', ['id', 'templateId']],
  [' id,\ttemplateId ', ['id', 'templateId']],
  ['id,id,status', ['id', 'status']],
  ['status,schedule,synchronizationJobSettings', ['status', 'schedule', 'synchronizationJobSettings']],
  ['*', '*'],
  ['id,*', '*'],
  ['*,id', '*'],
  // paths into complex properties (and into each item of a collection of them)
  ['id,status/code', ['id', 'status/code']],
  ['status/code,schedule/interval,status/lastExecution/error', ['status/code', 'schedule/interval', 'status/lastExecution/error']],
  ['status/code,status', ['status']],
  ['status,status/code,status/code', ['status']],
  ['status/code,status/code', ['status/code']],
  ['status/progress/units', ['status/progress/units']],
];

test('$select: property names in the order written (duplicates dropped), or *', () => {
  for (const [text, selection] of selections) {
    assert.equal(parseSelect(text, synchronizationJob), selection, text);
    assert.equal(parseListQuery(`$select=${encodeURIComponent(text)}`).select, selection, `${text} via parseListQuery`);
  }
  assert.is(parseListQuery('').select, '*');
});

/** [$select, message, position] */
const badSelections: ReadonlyArray<readonly [string, string, number]> = [
  ['foo', "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'.", 0],
  ['id, Foo', "Could not find a property named 'Foo' on type 'microsoft.graph.synchronizationJob'.", 4],
  ['Id', "Could not find a property named 'Id' on type 'microsoft.graph.synchronizationJob'.", 0],
  ['foo/code', "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'.", 0],
  ['id,status/nope', "Could not find a property named 'nope' on type 'microsoft.graph.synchronizationStatus'.", 10],
  ['status/lastExecution/error/nope', "Could not find a property named 'nope' on type 'microsoft.graph.synchronizationError'.", 27],
  ['status/progress/nope', "Could not find a property named 'nope' on type 'microsoft.graph.synchronizationProgress'.", 16],
  ['schedule/interval/x', semanticMessage('$select', 18, "'schedule/interval' is of type Edm.Duration, which has no properties to select"), 18],
  ['id,status/', syntaxMessage('$select', 'id,status/', 10, 'expected a property name, found the end of the clause'), 10],
  ['status//code', syntaxMessage('$select', 'status//code', 7, "expected a property name, found '/'"), 7],
  ['/code', syntaxMessage('$select', '/code', 0, "expected a property name or *, found '/'"), 0],
  ['schema', semanticMessage('$select', 0, "'schema' is a navigation property of microsoft.graph.synchronizationJob; it cannot be selected"), 0],
  ['id,bulkUpload', semanticMessage('$select', 3, "'bulkUpload' is a navigation property of microsoft.graph.synchronizationJob; it cannot be selected"), 3],
  ['', syntaxMessage('$select', '', 0, 'expected a property name or *, found the end of the clause'), 0],
  ['  ', syntaxMessage('$select', '  ', 2, 'expected a property name or *, found the end of the clause'), 2],
  [',id', syntaxMessage('$select', ',id', 0, "expected a property name or *, found ','"), 0],
  ['id,,templateId', syntaxMessage('$select', 'id,,templateId', 3, "expected a property name or *, found ','"), 3],
  ['id, ,templateId', syntaxMessage('$select', 'id, ,templateId', 4, "expected a property name or *, found ','"), 4],
  // regression: a trailing comma said "found ','" at the end of the clause
  ['id,', syntaxMessage('$select', 'id,', 3, 'expected a property name or *, found the end of the clause'), 3],
  ['id, ', syntaxMessage('$select', 'id, ', 4, 'expected a property name or *, found the end of the clause'), 4],
  ['i-d', syntaxMessage('$select', 'i-d', 0, "expected a property name or *, found 'i-d'"), 0],
  ['id templateId', syntaxMessage('$select', 'id templateId', 0, "expected a property name or *, found 'id templateId'"), 0],
  ['id,**', syntaxMessage('$select', 'id,**', 3, "expected a property name or *, found '**'"), 3],
];

test('$select errors: unknown names, nested paths, navigation properties, empty items', () => {
  for (const [text, message, position] of badSelections) {
    const error = catchQueryError(() => parseListQuery(`$select=${encodeURIComponent(text)}`), text);
    assert.is(error.message, message, text);
    assert.is(error.position, position, `${text}: position`);
    assert.is(error.option, '$select', `${text}: option`);
  }
});

test.run();
