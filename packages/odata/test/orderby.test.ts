import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseListQuery, parseOrderByItems } from '../src/index.js';
import { catchQueryError, printExpr, printTyped, semanticMessage, syntaxMessage } from './support/helpers.js';

test('$orderby items: expressions, directions in any case, spans without surrounding spaces', () => {
  const items = parseOrderByItems('a desc, b ASC ,tolower(c) DeSc ,(d add 1) ');
  assert.equal(
    items.map((item) => [printExpr(item.expr), item.descending, item.span]),
    [
      ['a', true, { start: 0, end: 6 }],
      ['b', false, { start: 8, end: 13 }],
      ['tolower(c)', true, { start: 15, end: 30 }],
      ['(d add 1)', false, { start: 32, end: 41 }],
    ],
  );
});

/** [$orderby, [checked key, descending]...] */
const accepted: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, boolean]>]> = [
  ['templateId', [['templateId:String', false]]],
  ['templateId desc,id', [['templateId:String', true], ['id:String', false]]],
  ['templateId\tdesc , id asc', [['templateId:String', true], ['id:String', false]]],
  ['status/lastExecution/timeBegan desc', [['status/lastExecution/timeBegan:DateTimeOffset', true]]],
  ['status/code', [['status/code:synchronizationStatusCode', false]]],
  ['tolower(templateId) DESC', [['tolower(templateId:String):String', true]]],
  ['length(templateId) add 1', [['(length(templateId:String):Int32 add 1:Int64):Int64', false]]],
  ["status/code eq 'Active' desc", [["(status/code:synchronizationStatusCode eq 'Active':synchronizationStatusCode):Boolean", true]]],
  ['synchronizationJobSettings/any()', [['synchronizationJobSettings:Collection(keyValuePair)/any():Boolean', false]]],
  ['schedule/interval', [['schedule/interval:Duration', false]]],
];

test('$orderby keys are checked against the model', () => {
  for (const [orderBy, keys] of accepted) {
    const query = parseListQuery(`$orderby=${encodeURIComponent(orderBy)}`);
    assert.equal(query.orderBy.map((item) => [printTyped(item.expr), item.descending]), keys, orderBy);
  }
});

test('without $orderby the list is empty', () => {
  assert.equal(parseListQuery('').orderBy, []);
});

/** [$orderby, message, position] */
const rejected: ReadonlyArray<readonly [string, string, number]> = [
  ['status', semanticMessage('$orderby', 0, 'cannot order by microsoft.graph.synchronizationStatus: only primitive and enum values can be ordered'), 0],
  ['templateId,status/lastExecution', semanticMessage('$orderby', 11, 'cannot order by microsoft.graph.synchronizationTaskExecution: only primitive and enum values can be ordered'), 11],
  ['synchronizationJobSettings', semanticMessage('$orderby', 0, 'cannot order by Collection(microsoft.graph.keyValuePair): only primitive and enum values can be ordered'), 0],
  ['id, status/progress desc', semanticMessage('$orderby', 4, 'cannot order by Collection(microsoft.graph.synchronizationProgress): only primitive and enum values can be ordered'), 4],
  ['status/progress/units', semanticMessage('$orderby', 16, "'progress' is a collection; test its items with any() or all()"), 16],
  ['schema', semanticMessage('$orderby', 0, "'schema' is a navigation property of microsoft.graph.synchronizationJob; it cannot be used in $orderby"), 0],
  ['foo', "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'.", 0],
  ['templateIdasc', "Could not find a property named 'templateIdasc' on type 'microsoft.graph.synchronizationJob'.", 0],
  ['status/lastExecution/foo desc', "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationTaskExecution'.", 21],
  ['tolower(status/code)', semanticMessage('$orderby', 8, "argument 1 of 'tolower' must be Edm.String, but is microsoft.graph.synchronizationStatusCode"), 8],
  ['templateId,', syntaxMessage('$orderby', 'templateId,', 11, 'expected an expression, found the end of the clause'), 11],
  [',templateId', syntaxMessage('$orderby', ',templateId', 0, "expected an expression, found ','"), 0],
  ['', syntaxMessage('$orderby', '', 0, 'expected an expression, found the end of the clause'), 0],
  ['templateId asc desc', syntaxMessage('$orderby', 'templateId asc desc', 15, "expected ',', 'asc', 'desc' or the end of the clause, found 'desc'"), 15],
  ['templateId up', syntaxMessage('$orderby', 'templateId up', 11, "expected ',', 'asc', 'desc' or the end of the clause, found 'up'"), 11],
];

test('$orderby errors: collections, complex values, unknown names, syntax', () => {
  for (const [orderBy, message, position] of rejected) {
    const error = catchQueryError(() => parseListQuery(`$orderby=${encodeURIComponent(orderBy)}`), orderBy);
    assert.is(error.message, message, orderBy);
    assert.is(error.position, position, `${orderBy}: position`);
    assert.is(error.option, '$orderby', `${orderBy}: option`);
  }
});

test.run();
