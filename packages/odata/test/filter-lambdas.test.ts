import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jobModel } from '../src/index.js';
import { catchQueryError, checkJobFilter, printTyped, semanticMessage } from './support/helpers.js';

/** Lambdas over every collection of the model; variables resolve to the item type inside them. */
const accepted: ReadonlyArray<readonly [string, string]> = [
  ['synchronizationJobSettings/any()', 'synchronizationJobSettings:Collection(keyValuePair)/any():Boolean'],
  ["synchronizationJobSettings/any(s: s/name eq 'a')", "synchronizationJobSettings:Collection(keyValuePair)/any(s: (s/name:String eq 'a':String):Boolean):Boolean"],
  ['synchronizationJobSettings/all(s: s/value eq null)', 'synchronizationJobSettings:Collection(keyValuePair)/all(s: (s/value:String eq null:null):Boolean):Boolean'],
  ['status/progress/any()', 'status/progress:Collection(synchronizationProgress)/any():Boolean'],
  ["status/progress/any(p: p/completedUnits gt 3 and p/units eq 'x')", "status/progress:Collection(synchronizationProgress)/any(p: ((p/completedUnits:Int64 gt 3:Int64):Boolean and (p/units:String eq 'x':String):Boolean):Boolean):Boolean"],
  ['status/progress/all(p: p/progressObservationDateTime lt now())', 'status/progress:Collection(synchronizationProgress)/all(p: (p/progressObservationDateTime:DateTimeOffset lt now():DateTimeOffset):Boolean):Boolean'],
  ["status/synchronizedEntryCountByType/any(e: e/key eq 'user' and e/value ge 10)", "status/synchronizedEntryCountByType:Collection(stringKeyLongValuePair)/any(e: ((e/key:String eq 'user':String):Boolean and (e/value:Int64 ge 10:Int64):Boolean):Boolean):Boolean"],
  // lambdas inside lambdas: the outer variable stays visible
  ['synchronizationJobSettings/any(s: synchronizationJobSettings/all(t: t/name ne s/name or t/value eq s/value))', 'synchronizationJobSettings:Collection(keyValuePair)/any(s: synchronizationJobSettings:Collection(keyValuePair)/all(t: ((t/name:String ne s/name:String):Boolean or (t/value:String eq s/value:String):Boolean):Boolean):Boolean):Boolean'],
  ['synchronizationJobSettings/any(s: status/progress/any(p: p/units eq s/value))', 'synchronizationJobSettings:Collection(keyValuePair)/any(s: status/progress:Collection(synchronizationProgress)/any(p: (p/units:String eq s/value:String):Boolean):Boolean):Boolean'],
  // the predicate may use the job's own properties, functions, in, and test the item against null
  ['synchronizationJobSettings/any(s: s/name eq templateId)', 'synchronizationJobSettings:Collection(keyValuePair)/any(s: (s/name:String eq templateId:String):Boolean):Boolean'],
  ["synchronizationJobSettings/any(s: contains(s/name, 'x'))", "synchronizationJobSettings:Collection(keyValuePair)/any(s: contains(s/name:String, 'x':String):Boolean):Boolean"],
  ["synchronizationJobSettings/any(s: s/name in ('a', 'b'))", "synchronizationJobSettings:Collection(keyValuePair)/any(s: (s/name:String in ['a':String, 'b':String]):Boolean):Boolean"],
  ['synchronizationJobSettings/any(s: s ne null)', 'synchronizationJobSettings:Collection(keyValuePair)/any(s: (s:keyValuePair ne null:null):Boolean):Boolean'],
  ['not synchronizationJobSettings/any()', '(not synchronizationJobSettings:Collection(keyValuePair)/any():Boolean):Boolean'],
  // a variable named like a property hides it inside the lambda
  ["synchronizationJobSettings/any(templateId: templateId/name eq 'x')", "synchronizationJobSettings:Collection(keyValuePair)/any(templateId: (templateId/name:String eq 'x':String):Boolean):Boolean"],
];

test('lambdas over every collection, nested lambdas and lambda variables', () => {
  for (const [filter, typed] of accepted) {
    assert.is(printTyped(checkJobFilter(filter)), typed, filter);
  }
});

test('a lambda variable member records the variable and the item properties it walks', () => {
  const typed = checkJobFilter('status/progress/any(p: p/totalUnits gt 0)');
  assert.ok(typed.kind === 'lambda' && typed.predicate?.kind === 'binary');
  assert.is(typed.variable, 'p');
  assert.equal(typed.collection.properties.map((p) => p.name), ['status', 'progress']);
  const member = typed.predicate.left;
  assert.ok(member.kind === 'member');
  assert.is(member.variable, 'p');
  assert.equal(member.properties, [jobModel.synchronizationProgress.properties['totalUnits']]);
});

/** [filter, message, position] */
const rejected: ReadonlyArray<readonly [string, string, number]> = [
  // lambdas over something that is not a collection
  ['templateId/any()', semanticMessage('$filter', 0, "'templateId' is Edm.String, not a collection, so 'any' cannot apply to it"), 0],
  ["status/any(x: x/code eq 'Active')", semanticMessage('$filter', 0, "'status' is microsoft.graph.synchronizationStatus, not a collection, so 'any' cannot apply to it"), 0],
  ['status/code/all(c: true)', semanticMessage('$filter', 0, "'code' is microsoft.graph.synchronizationStatusCode, not a collection, so 'all' cannot apply to it"), 0],
  ['synchronizationJobSettings/any(s: s/any())', semanticMessage('$filter', 34, "'s' is microsoft.graph.keyValuePair, not a collection, so 'any' cannot apply to it"), 34],
  ['status/progress/any(p: p/units/any())', semanticMessage('$filter', 23, "'units' is Edm.String, not a collection, so 'any' cannot apply to it"), 23],
  ['foo/any()', "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'.", 0],
  ['schema/any()', semanticMessage('$filter', 0, "'schema' is a navigation property of microsoft.graph.synchronizationJob; it cannot be used in $filter"), 0],
  // the item type is checked inside the lambda
  ["synchronizationJobSettings/any(s: s/foo eq 'a')", "Could not find a property named 'foo' on type 'microsoft.graph.keyValuePair'.", 36],
  ["synchronizationJobSettings/any(s: s/name/x eq 'a')", "Could not find a property named 'x' on type 'Edm.String'.", 41],
  ["synchronizationJobSettings/any(s: s eq 'a')", semanticMessage('$filter', 36, "'eq' cannot compare microsoft.graph.keyValuePair; compare one of its properties, or test it against null with eq or ne"), 36],
  ["status/synchronizedEntryCountByType/any(e: e/value eq 'x')", semanticMessage('$filter', 51, "'eq' cannot compare Edm.Int64 with Edm.String"), 51],
  // predicates must be booleans
  ['synchronizationJobSettings/any(s: s/name)', semanticMessage('$filter', 34, "the predicate of 'any' must be a boolean, but is Edm.String"), 34],
  ['synchronizationJobSettings/any(s: 1)', semanticMessage('$filter', 34, "the predicate of 'any' must be a boolean, but is Edm.Int64"), 34],
  ['status/progress/all(p: p/units)', semanticMessage('$filter', 23, "the predicate of 'all' must be a boolean, but is Edm.String"), 23],
  // variables exist only inside their lambda
  ["synchronizationJobSettings/any(s: s/name eq 'a') and s/name eq 'b'", "Could not find a property named 's' on type 'microsoft.graph.synchronizationJob'.", 53],
  ["synchronizationJobSettings/any(s: t/name eq 'a')", "Could not find a property named 't' on type 'microsoft.graph.synchronizationJob'.", 34],
  ["synchronizationJobSettings/any(s: status/progress/any(p: p/units eq 'x')) and p/units eq 'y'", "Could not find a property named 'p' on type 'microsoft.graph.synchronizationJob'.", 78],
];

test('lambda errors: exact message and position', () => {
  for (const [filter, message, position] of rejected) {
    const error = catchQueryError(() => checkJobFilter(filter), filter);
    assert.is(error.message, message, filter);
    assert.is(error.position, position, `${filter}: position`);
  }
});

test.run();
