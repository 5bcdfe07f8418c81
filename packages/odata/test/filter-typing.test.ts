import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jobModel, parseListQuery, primitive, type TypedExpr } from '../src/index.js';
import { catchQueryError, checkJobFilter, printTyped } from './support/helpers.js';

/**
 * [filter, the checked tree with the type of every node]. String literals compared with an enum
 * become members of that enum; numbers of different kinds compare; `null` has its own type.
 */
const cases: ReadonlyArray<readonly [string, string]> = [
  // enums: plain and qualified members, either side, in lists
  ["status/code eq 'Active'", "(status/code:synchronizationStatusCode eq 'Active':synchronizationStatusCode):Boolean"],
  ["'Paused' eq status/code", "('Paused':synchronizationStatusCode eq status/code:synchronizationStatusCode):Boolean"],
  ["status/code gt microsoft.graph.synchronizationStatusCode'NotRun'", "(status/code:synchronizationStatusCode gt 'NotRun':synchronizationStatusCode):Boolean"],
  ["microsoft.graph.synchronizationStatusCode'Active' eq 'Active'", "('Active':synchronizationStatusCode eq 'Active':synchronizationStatusCode):Boolean"],
  ["status/code in ('Active', 'Paused', null)", "(status/code:synchronizationStatusCode in ['Active':synchronizationStatusCode, 'Paused':synchronizationStatusCode, null:null]):Boolean"],
  ['status/code eq null', '(status/code:synchronizationStatusCode eq null:null):Boolean'],
  ["status/quarantine/reason eq 'TooManyDeletes'", "(status/quarantine/reason:quarantineReason eq 'TooManyDeletes':quarantineReason):Boolean"],
  ["status/lastExecution/state ne 'Failed'", "(status/lastExecution/state:synchronizationTaskExecutionResult ne 'Failed':synchronizationTaskExecutionResult):Boolean"],
  ["schedule/state eq microsoft.graph.synchronizationScheduleState'Disabled'", "(schedule/state:synchronizationScheduleState eq 'Disabled':synchronizationScheduleState):Boolean"],
  // strings and null
  ["templateId eq 'scim'", "(templateId:String eq 'scim':String):Boolean"],
  ['templateId eq null', '(templateId:String eq null:null):Boolean'],
  ['null eq templateId', '(null:null eq templateId:String):Boolean'],
  ['null eq null', '(null:null eq null:null):Boolean'],
  ['not null', '(not null:null):Boolean'],
  // complex values may be tested against null
  ['status eq null', '(status:synchronizationStatus eq null:null):Boolean'],
  ['status/lastExecution ne null', '(status/lastExecution:synchronizationTaskExecution ne null:null):Boolean'],
  ['status/lastExecution/error eq null', '(status/lastExecution/error:synchronizationError eq null:null):Boolean'],
  // numbers: Int64 with Decimal, Double, bigint; arithmetic result types
  ['status/countSuccessiveCompleteFailures ge 3', '(status/countSuccessiveCompleteFailures:Int64 ge 3:Int64):Boolean'],
  ['status/countSuccessiveCompleteFailures gt 1.5', '(status/countSuccessiveCompleteFailures:Int64 gt 1.5:Decimal):Boolean'],
  ['status/countSuccessiveCompleteFailures lt 1e3', '(status/countSuccessiveCompleteFailures:Int64 lt 1000:Double):Boolean'],
  ['status/countSuccessiveCompleteFailures eq 9007199254740993', '(status/countSuccessiveCompleteFailures:Int64 eq 9007199254740993n:Int64):Boolean'],
  ['status/countSuccessiveCompleteFailures lt INF', '(status/countSuccessiveCompleteFailures:Int64 lt Infinity:Double):Boolean'],
  ['status/countSuccessiveCompleteFailures add 1 gt 2.5 mul 2', '((status/countSuccessiveCompleteFailures:Int64 add 1:Int64):Int64 gt (2.5:Decimal mul 2:Int64):Decimal):Boolean'],
  ['status/countSuccessiveCompleteFailures divby 2 gt 1', '((status/countSuccessiveCompleteFailures:Int64 divby 2:Int64):Decimal gt 1:Int64):Boolean'],
  ['status/countSuccessiveCompleteFailures div 2 gt 1', '((status/countSuccessiveCompleteFailures:Int64 div 2:Int64):Int64 gt 1:Int64):Boolean'],
  ['status/countSuccessiveCompleteFailures mod 2 eq 1', '((status/countSuccessiveCompleteFailures:Int64 mod 2:Int64):Int64 eq 1:Int64):Boolean'],
  ['status/countSuccessiveCompleteFailures sub 1e0 ne 0', '((status/countSuccessiveCompleteFailures:Int64 sub 1:Double):Double ne 0:Int64):Boolean'],
  ['-status/countSuccessiveCompleteFailures lt -1', '((- status/countSuccessiveCompleteFailures:Int64):Int64 lt -1:Int64):Boolean'],
  ['status/lastExecution/countExported add status/lastExecution/countImported gt 0', '((status/lastExecution/countExported:Int64 add status/lastExecution/countImported:Int64):Int64 gt 0:Int64):Boolean'],
  // booleans, in any case
  ['status/escrowsPruned', 'status/escrowsPruned:Boolean'],
  ['not status/escrowsPruned and TRUE', '((not status/escrowsPruned:Boolean):Boolean and true:Boolean):Boolean'],
  ['status/escrowsPruned eq False', '(status/escrowsPruned:Boolean eq false:Boolean):Boolean'],
  ["status/lastExecution/error/code eq 'x' or status/quarantine/error/tenantActionable", "((status/lastExecution/error/code:String eq 'x':String):Boolean or status/quarantine/error/tenantActionable:Boolean):Boolean"],
  // dates, times, durations
  ['status/steadyStateFirstAchievedTime gt 2024-01-01T00:00:00.5+02:00', "(status/steadyStateFirstAchievedTime:DateTimeOffset gt '2024-01-01T00:00:00.5+02:00':DateTimeOffset):Boolean"],
  ['status/lastExecution/timeBegan lt status/lastExecution/timeEnded', '(status/lastExecution/timeBegan:DateTimeOffset lt status/lastExecution/timeEnded:DateTimeOffset):Boolean'],
  ['schedule/expiration eq null or schedule/expiration lt now()', '((schedule/expiration:DateTimeOffset eq null:null):Boolean or (schedule/expiration:DateTimeOffset lt now():DateTimeOffset):Boolean):Boolean'],
  ["schedule/interval le duration'PT40M'", "(schedule/interval:Duration le 'PT40M':Duration):Boolean"],
  ["schedule/interval eq duration'P10675199DT2H48M5.4775807S'", "(schedule/interval:Duration eq 'P10675199DT2H48M5.4775807S':Duration):Boolean"],
  ["-schedule/interval eq duration'-PT1H'", "((- schedule/interval:Duration):Duration eq '-PT1H':Duration):Boolean"],
  // OData 4.01: an untyped string compares with a duration as the duration it spells
  ["schedule/interval eq 'PT40M'", "(schedule/interval:Duration eq 'PT40M':Duration):Boolean"],
  ["schedule/interval ge 'P6DT23H59M59.9999S'", "(schedule/interval:Duration ge 'P6DT23H59M59.9999S':Duration):Boolean"],
  ["'PT1H' lt schedule/interval", "('PT1H':Duration lt schedule/interval:Duration):Boolean"],
  ["schedule/interval in ('PT40M', duration'PT1H')", "(schedule/interval:Duration in ['PT40M':Duration, 'PT1H':Duration]):Boolean"],
];

test("a string that is not a duration is refused where a duration is compared", () => {
  for (const [filter, position] of [["schedule/interval eq 'nope'", 21], ["schedule/interval eq 'P1Y'", 21], ["'40 minutes' gt schedule/interval", 0]] as const) {
    const error = catchQueryError(() => checkJobFilter(filter), filter);
    const literal = filter.slice(position + 1, filter.indexOf("'", position + 1));
    assert.is(error.message, `Invalid $filter clause: '${literal}' is not an ISO 8601 duration such as PT40M (at position ${position}).`, filter);
    assert.is(error.position, position, filter);
  }
});

test('checked trees: every node has its type, enum members are resolved', () => {
  for (const [filter, typed] of cases) {
    assert.is(printTyped(checkJobFilter(filter)), typed, filter);
  }
});

test('members resolve to the property definitions of the model, in path order', () => {
  const typed = checkJobFilter("status/lastExecution/error/code eq 'x'");
  assert.ok(typed.kind === 'binary' && typed.left.kind === 'member');
  const member = typed.left;
  assert.is(member.variable, undefined);
  assert.equal(member.properties.map((p) => p.name), ['status', 'lastExecution', 'error', 'code']);
  assert.is(member.properties[0], jobModel.synchronizationJob.properties['status']);
  assert.is(member.properties[1], jobModel.synchronizationStatus.properties['lastExecution']);
  assert.is(member.type, primitive('Edm.String'));
  assert.equal(member.span, { start: 0, end: 31 });
});

test('an enum member made from a string literal carries the enum type and the literal span', () => {
  const typed = checkJobFilter("status/code eq 'Quarantine'");
  assert.ok(typed.kind === 'binary');
  const right: TypedExpr = typed.right;
  assert.ok(right.kind === 'literal');
  assert.is(right.type, jobModel.synchronizationStatusCode);
  assert.is(right.value, 'Quarantine');
  assert.equal(right.span, { start: 15, end: 27 });
});

test('parseListQuery returns the checked filter', () => {
  const query = parseListQuery("$filter=status/code+eq+'Active'+and+templateId+eq+'scim'");
  assert.ok(query.filter);
  assert.is(printTyped(query.filter), "((status/code:synchronizationStatusCode eq 'Active':synchronizationStatusCode):Boolean and (templateId:String eq 'scim':String):Boolean):Boolean");
});

test.run();
