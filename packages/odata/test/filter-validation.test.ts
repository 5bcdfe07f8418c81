import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFilter, parseFilterExpression, parseListQuery, synchronizationJob } from '../src/index.js';
import { catchQueryError, checkJobFilter, semanticMessage } from './support/helpers.js';

const unknown = (name: string, type: string) => `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`;
const codeMembers = 'NotConfigured, NotRun, Active, Paused, Quarantine';

test('an unknown property gets the Graph message, exactly, with the option and position', () => {
  const error = catchQueryError(() => parseListQuery('$filter=foo eq 1'));
  assert.is(error.message, "Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'.");
  assert.is(error.option, '$filter');
  assert.is(error.position, 0);
  assert.is(error.text, 'foo eq 1');
});

/** [filter, the complete message, position]: well-formed filters the model rejects. */
const cases: ReadonlyArray<readonly [string, string, number]> = [
  // unknown properties, at any depth: the message names the type the name was looked up on
  ['foo eq 1', unknown('foo', 'synchronizationJob'), 0],
  ["templateId eq 'a' and Foo eq 1", unknown('Foo', 'synchronizationJob'), 22],
  ['TemplateId eq null', unknown('TemplateId', 'synchronizationJob'), 0],
  ['status/foo eq 1', unknown('foo', 'synchronizationStatus'), 7],
  ['status/lastExecution/foo eq 1', unknown('foo', 'synchronizationTaskExecution'), 21],
  ['status/lastExecution/error/foo/bar eq 1', unknown('foo', 'synchronizationError'), 27],
  ['schedule/foo eq 1', unknown('foo', 'synchronizationSchedule'), 9],
  ['status/quarantine/Reason eq null', unknown('Reason', 'synchronizationQuarantine'), 18],
  ["synchronizationJobSettings/any(s: s/foo eq 'a')", unknown('foo', 'keyValuePair'), 36],
  ['status/progress/any(p: p/foo eq 1)', unknown('foo', 'synchronizationProgress'), 25],
  ['status/synchronizedEntryCountByType/all(e: e/count gt 1)', unknown('count', 'stringKeyLongValuePair'), 45],
  ['templateId/length eq 1', "Could not find a property named 'length' on type 'Edm.String'.", 11],
  ['status/code/name eq 1', "Could not find a property named 'name' on type 'microsoft.graph.synchronizationStatusCode'.", 12],
  // navigation properties
  ['schema eq null', semanticMessage('$filter', 0, "'schema' is a navigation property of microsoft.graph.synchronizationJob; it cannot be used in $filter"), 0],
  ["schema/directories/any(d: d/name eq 'x')", semanticMessage('$filter', 0, "'schema' is a navigation property of microsoft.graph.synchronizationJob; it cannot be used in $filter"), 0],
  ['bulkUpload ne null', semanticMessage('$filter', 0, "'bulkUpload' is a navigation property of microsoft.graph.synchronizationJob; it cannot be used in $filter"), 0],
  // enum members: plain and qualified, case-sensitive, the error lists the members
  ["status/code eq 'Bogus'", semanticMessage('$filter', 15, `'Bogus' is not a member of microsoft.graph.synchronizationStatusCode; its members are ${codeMembers}`), 15],
  ["status/code eq 'active'", semanticMessage('$filter', 15, `'active' is not a member of microsoft.graph.synchronizationStatusCode; its members are ${codeMembers}`), 15],
  ["status/code eq microsoft.graph.synchronizationStatusCode'Bogus'", semanticMessage('$filter', 15, `'Bogus' is not a member of microsoft.graph.synchronizationStatusCode; its members are ${codeMembers}`), 15],
  ["status/code in ('Active', 'Nope')", semanticMessage('$filter', 26, `'Nope' is not a member of microsoft.graph.synchronizationStatusCode; its members are ${codeMembers}`), 26],
  ["'Nope' eq status/code", semanticMessage('$filter', 0, `'Nope' is not a member of microsoft.graph.synchronizationStatusCode; its members are ${codeMembers}`), 0],
  ["status/lastExecution/state eq 'Active'", semanticMessage('$filter', 30, "'Active' is not a member of microsoft.graph.synchronizationTaskExecutionResult; its members are Succeeded, Failed, EntryLevelErrors"), 30],
  ["schedule/state eq 'Quarantine'", semanticMessage('$filter', 18, "'Quarantine' is not a member of microsoft.graph.synchronizationScheduleState; its members are Active, Disabled, Paused"), 18],
  // an enum literal of the wrong type, an unknown enum type; the operand types are named in the order written
  ["status/code eq microsoft.graph.synchronizationScheduleState'Active'", semanticMessage('$filter', 12, "'eq' cannot compare microsoft.graph.synchronizationStatusCode with microsoft.graph.synchronizationScheduleState"), 12],
  ["microsoft.graph.synchronizationScheduleState'Active' eq status/code", semanticMessage('$filter', 53, "'eq' cannot compare microsoft.graph.synchronizationScheduleState with microsoft.graph.synchronizationStatusCode"), 53],
  ['status/code eq schedule/state', semanticMessage('$filter', 12, "'eq' cannot compare microsoft.graph.synchronizationStatusCode with microsoft.graph.synchronizationScheduleState"), 12],
  ["status/code in (microsoft.graph.synchronizationScheduleState'Active')", semanticMessage('$filter', 16, "'in' cannot compare microsoft.graph.synchronizationStatusCode with microsoft.graph.synchronizationScheduleState"), 16],
  ["templateId eq microsoft.graph.synchronizationStatusCode'Active'", semanticMessage('$filter', 11, "'eq' cannot compare Edm.String with microsoft.graph.synchronizationStatusCode"), 11],
  ["status/code eq microsoft.graph.nope'Active'", semanticMessage('$filter', 15, "'microsoft.graph.nope' is not an enum type of this model"), 15],
  ["microsoft.graph.synchronizationStatus'x' eq null", semanticMessage('$filter', 0, "'microsoft.graph.synchronizationStatus' is not an enum type of this model"), 0],
  ['status/code eq 2', semanticMessage('$filter', 12, "'eq' cannot compare microsoft.graph.synchronizationStatusCode with Edm.Int64"), 12],
  ['2 eq status/code', semanticMessage('$filter', 2, "'eq' cannot compare Edm.Int64 with microsoft.graph.synchronizationStatusCode"), 2],
  ['status/code eq templateId', semanticMessage('$filter', 12, "'eq' cannot compare microsoft.graph.synchronizationStatusCode with Edm.String"), 12],
  // primitive type mismatches
  ['templateId eq 1', semanticMessage('$filter', 11, "'eq' cannot compare Edm.String with Edm.Int64"), 11],
  ["status/countSuccessiveCompleteFailures gt '3'", semanticMessage('$filter', 39, "'gt' cannot compare Edm.Int64 with Edm.String"), 39],
  ["status/escrowsPruned eq 'true'", semanticMessage('$filter', 21, "'eq' cannot compare Edm.Boolean with Edm.String"), 21],
  ['status/escrowsPruned eq 1', semanticMessage('$filter', 21, "'eq' cannot compare Edm.Boolean with Edm.Int64"), 21],
  ["status/steadyStateFirstAchievedTime lt '2024-01-01T00:00:00Z'", semanticMessage('$filter', 36, "'lt' cannot compare Edm.DateTimeOffset with Edm.String"), 36],
  ['status/steadyStateFirstAchievedTime gt 2024-01-01', semanticMessage('$filter', 36, "'gt' cannot compare Edm.DateTimeOffset with Edm.Date"), 36],
  ['status/steadyStateFirstAchievedTime eq 12:00:00', semanticMessage('$filter', 36, "'eq' cannot compare Edm.DateTimeOffset with Edm.TimeOfDay"), 36],
  ["schedule/interval eq 'PT1.5H'", semanticMessage('$filter', 21, "'PT1.5H' is not an ISO 8601 duration such as PT40M"), 21],
  ["schedule/interval eq templateId", semanticMessage('$filter', 18, "'eq' cannot compare Edm.Duration with Edm.String"), 18],
  ['schedule/interval eq 5', semanticMessage('$filter', 18, "'eq' cannot compare Edm.Duration with Edm.Int64"), 18],
  ['id eq 01234567-89ab-cdef-0123-456789abcdef', semanticMessage('$filter', 3, "'eq' cannot compare Edm.String with Edm.Guid"), 3],
  ['templateId in (1)', semanticMessage('$filter', 15, "'in' cannot compare Edm.String with Edm.Int64"), 15],
  ["templateId in ('a', true)", semanticMessage('$filter', 20, "'in' cannot compare Edm.String with Edm.Boolean"), 20],
  // durations: only seconds may have a fraction (regression: PT1.5H was accepted)
  ["schedule/interval gt duration'PT1.5H'", semanticMessage('$filter', 21, "'PT1.5H' is not an ISO 8601 duration such as PT40M"), 21],
  ["schedule/interval gt duration'P1.5D'", semanticMessage('$filter', 21, "'P1.5D' is not an ISO 8601 duration such as PT40M"), 21],
  ["schedule/interval gt duration'PT'", semanticMessage('$filter', 21, "'PT' is not an ISO 8601 duration such as PT40M"), 21],
  ["schedule/interval gt duration'P1Y'", semanticMessage('$filter', 21, "'P1Y' is not an ISO 8601 duration such as PT40M"), 21],
  ["schedule/interval gt duration'40 minutes'", semanticMessage('$filter', 21, "'40 minutes' is not an ISO 8601 duration such as PT40M"), 21],
  // complex values: only eq/ne null
  ["status eq 'x'", semanticMessage('$filter', 7, "'eq' cannot compare microsoft.graph.synchronizationStatus; compare one of its properties, or test it against null with eq or ne"), 7],
  ['status gt null', semanticMessage('$filter', 7, "'gt' cannot compare microsoft.graph.synchronizationStatus; compare one of its properties, or test it against null with eq or ne"), 7],
  ['status/lastExecution eq status/lastSuccessfulExecution', semanticMessage('$filter', 21, "'eq' cannot compare microsoft.graph.synchronizationTaskExecution; compare one of its properties, or test it against null with eq or ne"), 21],
  // collections need any/all
  ['synchronizationJobSettings eq null', semanticMessage('$filter', 27, "'eq' cannot compare a collection; use any() or all() to test its items"), 27],
  ['status/progress ne null', semanticMessage('$filter', 16, "'ne' cannot compare a collection; use any() or all() to test its items"), 16],
  ["synchronizationJobSettings/name eq 'a'", semanticMessage('$filter', 27, "'synchronizationJobSettings' is a collection; test its items with any() or all()"), 27],
  ['status/progress/completedUnits gt 1', semanticMessage('$filter', 16, "'progress' is a collection; test its items with any() or all()"), 16],
  // logical operators, not and negation need the right types
  ['not templateId', semanticMessage('$filter', 4, "the operand of 'not' must be a boolean, but is Edm.String"), 4],
  ['not 1', semanticMessage('$filter', 4, "the operand of 'not' must be a boolean, but is Edm.Int64"), 4],
  ['templateId or true', semanticMessage('$filter', 0, "the left operand of 'or' must be a boolean, but is Edm.String"), 0],
  ['status/escrowsPruned or templateId', semanticMessage('$filter', 24, "the right operand of 'or' must be a boolean, but is Edm.String"), 24],
  ['true and 1', semanticMessage('$filter', 9, "the right operand of 'and' must be a boolean, but is Edm.Int64"), 9],
  ["- 'a' eq 1", semanticMessage('$filter', 0, "'-' needs a number, but its operand is Edm.String"), 0],
  ['-status/escrowsPruned', semanticMessage('$filter', 0, "'-' needs a number, but its operand is Edm.Boolean"), 0],
  ["status/countSuccessiveCompleteFailures add 'a' eq 1", semanticMessage('$filter', 39, "'add' needs numbers, but its operands are Edm.Int64 and Edm.String"), 39],
  ["templateId mul 2 eq 'x'", semanticMessage('$filter', 11, "'mul' needs numbers, but its operands are Edm.String and Edm.Int64"), 11],
  // a filter must be a boolean
  ['templateId', semanticMessage('$filter', 0, 'the expression is of type Edm.String, but a filter must be a boolean'), 0],
  ['status/countSuccessiveCompleteFailures', semanticMessage('$filter', 0, 'the expression is of type Edm.Int64, but a filter must be a boolean'), 0],
  ['1 add 1', semanticMessage('$filter', 0, 'the expression is of type Edm.Int64, but a filter must be a boolean'), 0],
  ['null', semanticMessage('$filter', 0, 'the expression is of type null, but a filter must be a boolean'), 0],
  ['status', semanticMessage('$filter', 0, 'the expression is of type microsoft.graph.synchronizationStatus, but a filter must be a boolean'), 0],
  ['synchronizationJobSettings', semanticMessage('$filter', 0, 'the expression is of type Collection(microsoft.graph.keyValuePair), but a filter must be a boolean'), 0],
  ["microsoft.graph.synchronizationStatusCode'Active'", semanticMessage('$filter', 0, 'the expression is of type microsoft.graph.synchronizationStatusCode, but a filter must be a boolean'), 0],
  ['(length(templateId))', semanticMessage('$filter', 1, 'the expression is of type Edm.Int32, but a filter must be a boolean'), 1],
];

test('model errors: exact message and position', () => {
  for (const [filter, message, position] of cases) {
    const error = catchQueryError(() => checkJobFilter(filter), filter);
    assert.is(error.message, message, filter);
    assert.is(error.position, position, `${filter}: position`);
    assert.is(error.option, '$filter', `${filter}: option`);
    assert.is(error.text, filter, `${filter}: text`);
  }
});

test('the same errors come out of parseListQuery, after URL decoding', () => {
  for (const [filter, message, position] of cases.slice(0, 12)) {
    const error = catchQueryError(() => parseListQuery(`$top=1&$filter=${encodeURIComponent(filter)}`), filter);
    assert.is(error.message, message, filter);
    assert.is(error.position, position, `${filter}: position`);
  }
});

test('checkFilter reports the option it was given', () => {
  const error = catchQueryError(() => checkFilter(parseFilterExpression('foo eq 1'), synchronizationJob, 'foo eq 1', '$orderby'));
  assert.is(error.option, '$orderby');
  const semantic = catchQueryError(() => checkFilter(parseFilterExpression('templateId'), synchronizationJob, 'templateId', '$orderby'));
  assert.is(semantic.message, 'Invalid $orderby clause: the expression is of type Edm.String, but a filter must be a boolean (at position 0).');
});

test.run();
