import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FUNCTIONS } from '../src/index.js';
import { catchQueryError, checkJobFilter, printTyped, semanticMessage } from './support/helpers.js';

test('the canonical functions of issue 3 are all known', () => {
  assert.equal(Object.keys(FUNCTIONS).sort(), [
    'ceiling', 'concat', 'contains', 'date', 'day', 'endswith', 'floor', 'fractionalseconds', 'hour', 'indexof', 'length',
    'minute', 'month', 'now', 'round', 'second', 'startswith', 'substring', 'time', 'tolower', 'toupper', 'trim', 'year',
  ]);
});

/** [filter, the checked tree]: argument types accepted and the type each function returns. */
const accepted: ReadonlyArray<readonly [string, string]> = [
  ["contains(templateId, 'a')", "contains(templateId:String, 'a':String):Boolean"],
  ["startswith(templateId,'a')", "startswith(templateId:String, 'a':String):Boolean"],
  ["endswith(tolower(templateId), 'x')", "endswith(tolower(templateId:String):String, 'x':String):Boolean"],
  ["CONTAINS(templateId, 'a')", "contains(templateId:String, 'a':String):Boolean"],
  ['length(templateId) gt 3', '(length(templateId:String):Int32 gt 3:Int64):Boolean'],
  ["indexof(templateId, 'c') eq -1", "(indexof(templateId:String, 'c':String):Int32 eq -1:Int64):Boolean"],
  ["substring(templateId, 1) eq 'a'", "(substring(templateId:String, 1:Int64):String eq 'a':String):Boolean"],
  ["substring(templateId, 1, 2) eq 'a'", "(substring(templateId:String, 1:Int64, 2:Int64):String eq 'a':String):Boolean"],
  ["substring(templateId, status/countSuccessiveCompleteFailures) eq 'x'", "(substring(templateId:String, status/countSuccessiveCompleteFailures:Int64):String eq 'x':String):Boolean"],
  ["toupper(trim(templateId)) eq 'A'", "(toupper(trim(templateId:String):String):String eq 'A':String):Boolean"],
  ["concat(templateId, 'x') eq 'y'", "(concat(templateId:String, 'x':String):String eq 'y':String):Boolean"],
  ['year(status/steadyStateFirstAchievedTime) eq 2024', '(year(status/steadyStateFirstAchievedTime:DateTimeOffset):Int32 eq 2024:Int64):Boolean'],
  ['month(2024-05-01) eq 5', "(month('2024-05-01':Date):Int32 eq 5:Int64):Boolean"],
  ['day(status/steadyStateFirstAchievedTime) le 31', '(day(status/steadyStateFirstAchievedTime:DateTimeOffset):Int32 le 31:Int64):Boolean'],
  ['hour(status/steadyStateFirstAchievedTime) eq 0', '(hour(status/steadyStateFirstAchievedTime:DateTimeOffset):Int32 eq 0:Int64):Boolean'],
  ['minute(status/steadyStateFirstAchievedTime) eq 0', '(minute(status/steadyStateFirstAchievedTime:DateTimeOffset):Int32 eq 0:Int64):Boolean'],
  ['second(status/steadyStateFirstAchievedTime) eq 0', '(second(status/steadyStateFirstAchievedTime:DateTimeOffset):Int32 eq 0:Int64):Boolean'],
  ['fractionalseconds(status/steadyStateFirstAchievedTime) gt 0', '(fractionalseconds(status/steadyStateFirstAchievedTime:DateTimeOffset):Decimal gt 0:Int64):Boolean'],
  ['date(status/steadyStateFirstAchievedTime) eq 2024-01-01', "(date(status/steadyStateFirstAchievedTime:DateTimeOffset):Date eq '2024-01-01':Date):Boolean"],
  ['time(status/steadyStateFirstAchievedTime) lt 12:00:00', "(time(status/steadyStateFirstAchievedTime:DateTimeOffset):TimeOfDay lt '12:00:00':TimeOfDay):Boolean"],
  ['now() gt status/steadyStateFirstAchievedTime', '(now():DateTimeOffset gt status/steadyStateFirstAchievedTime:DateTimeOffset):Boolean'],
  // round/floor/ceiling return the type of their argument
  ['round(1.5) eq 2', '(round(1.5:Decimal):Decimal eq 2:Int64):Boolean'],
  ['floor(status/countSuccessiveCompleteFailures) eq 2', '(floor(status/countSuccessiveCompleteFailures:Int64):Int64 eq 2:Int64):Boolean'],
  ['ceiling(2.5e0) eq 3', '(ceiling(2.5:Double):Double eq 3:Int64):Boolean'],
  ['length(templateId) add 1 gt status/countSuccessiveCompleteFailures', '((length(templateId:String):Int32 add 1:Int64):Int64 gt status/countSuccessiveCompleteFailures:Int64):Boolean'],
  // null is accepted for any argument
  ['round(null) eq null', '(round(null:null):null eq null:null):Boolean'],
  ['tolower(null) eq null', '(tolower(null:null):String eq null:null):Boolean'],
  ["contains(null, 'a')", "contains(null:null, 'a':String):Boolean"],
];

test('functions: argument types and return types', () => {
  for (const [filter, typed] of accepted) {
    assert.is(printTyped(checkJobFilter(filter)), typed, filter);
  }
});

const functionList = Object.keys(FUNCTIONS).join(', ');

/** [filter, problem, position] */
const rejected: ReadonlyArray<readonly [string, string, number]> = [
  // unknown functions
  ['foo(1)', `unknown function 'foo'; the functions are ${functionList}`, 0],
  ["templateId eq concatenate('a', 'b')", `unknown function 'concatenate'; the functions are ${functionList}`, 14],
  ["matchesPattern(templateId, 'x')", `unknown function 'matchespattern'; the functions are ${functionList}`, 0],
  ["cast(templateId, 'Edm.String') eq 'x'", `unknown function 'cast'; the functions are ${functionList}`, 0],
  // arity
  ['contains(templateId)', "'contains' takes 2 arguments, but was given 1", 0],
  ["contains(templateId, 'a', 'b')", "'contains' takes 2 arguments, but was given 3", 0],
  ['now(1) eq null', "'now' takes 0 arguments, but was given 1", 0],
  ['length() eq 1', "'length' takes 1 argument, but was given 0", 0],
  ["substring(templateId) eq 'a'", "'substring' takes 2 to 3 arguments, but was given 1", 0],
  ["substring(templateId, 1, 2, 3) eq 'a'", "'substring' takes 2 to 3 arguments, but was given 4", 0],
  ["templateId eq tolower('a', 'b')", "'tolower' takes 1 argument, but was given 2", 14],
  // argument types (the position is the argument's)
  ['contains(templateId, 1)', "argument 2 of 'contains' must be Edm.String, but is Edm.Int64", 21],
  ["contains(status/code, 'A')", "argument 1 of 'contains' must be Edm.String, but is microsoft.graph.synchronizationStatusCode", 9],
  ["substring(templateId, 1.5) eq 'a'", "argument 2 of 'substring' must be an integer, but is Edm.Decimal", 22],
  ["substring(templateId, '1') eq 'a'", "argument 2 of 'substring' must be an integer, but is Edm.String", 22],
  ['year(templateId) eq 1', "argument 1 of 'year' must be Edm.Date or Edm.DateTimeOffset, but is Edm.String", 5],
  ['hour(2024-01-01) eq 1', "argument 1 of 'hour' must be Edm.DateTimeOffset, but is Edm.Date", 5],
  ["round('a') eq 1", "argument 1 of 'round' must be a number, but is Edm.String", 6],
  ['round(status/escrowsPruned) eq 1', "argument 1 of 'round' must be a number, but is Edm.Boolean", 6],
  ['length(synchronizationJobSettings) eq 1', "argument 1 of 'length' must be Edm.String, but is Collection(microsoft.graph.keyValuePair)", 7],
  ["tolower(status) eq 'a'", "argument 1 of 'tolower' must be Edm.String, but is microsoft.graph.synchronizationStatus", 8],
  // return types meet the rest of the expression
  ["length(templateId) eq 'a'", "'eq' cannot compare Edm.Int32 with Edm.String", 19],
  ['tolower(templateId)', 'the expression is of type Edm.String, but a filter must be a boolean', 0],
  ["not length(templateId)", "the operand of 'not' must be a boolean, but is Edm.Int32", 4],
];

test('function errors: unknown function, arity, argument types, return types', () => {
  for (const [filter, problem, position] of rejected) {
    const error = catchQueryError(() => checkJobFilter(filter), filter);
    assert.is(error.message, semanticMessage('$filter', position, problem), filter);
    assert.is(error.position, position, `${filter}: position`);
  }
});

test('an argument naming an unknown property is reported as such', () => {
  const error = catchQueryError(() => checkJobFilter('contains(templateId, foo)'));
  assert.is(error.message, "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'.");
  assert.is(error.position, 21);
});

test.run();
