/**
 * The query conformance suite, written once as data: each case is a query string (as a human
 * writes it; tests/support/query-http.ts percent-encodes the values) and what `GET …/jobs` must
 * answer over the fixture of jobs-fixture.ts: the ids, in order where `ordered`, or the exact
 * Graph 400. Expected ids are computed here by small hand-written predicates over the fixture
 * objects (never by the product, never by the reference evaluator).
 *
 * Sections follow issue 3: §1 operators, precedence, literals, functions, lambdas, paths, null
 * semantics, durations, strings and enums; §2 type errors; §3 $select, $orderby, $skip, $top,
 * $count, /$count; §7 GET of one job. `sqlCases` assert the compiled SQL of a sample.
 */
import { ALL_IDS, JOBS, NOW, ids, type Job } from './jobs-fixture.js';
import { compareCodePoints, durationSeconds, instantKey } from './reference-evaluator.js';

export interface ListCase {
  /** Defaults to the query. */
  readonly name?: string;
  readonly query: string;
  /** The ids of the (first) page, in id order unless `ordered`. */
  readonly expected: readonly string[];
  /**
   * When more pages follow (`$top` is the page size): the ids of every page, the first one and
   * those its `@odata.nextLink`s lead to. Without it, the page must have no nextLink.
   */
  readonly walk?: readonly string[];
  /** The order of `expected` is the order the answer must have (else the answer is compared as sorted by id). */
  readonly ordered?: boolean;
  /** The `@odata.count` the answer must carry. */
  readonly count?: number;
  /** The property names every listed object must have, in this order. */
  readonly keys?: readonly string[];
  /** Also run it through a real HTTP listener on /beta, option names without `$`. */
  readonly http?: boolean;
}

export interface CountCase {
  readonly name?: string;
  readonly path: 'count';
  readonly query: string;
  readonly count: number;
}

export interface EntityCase {
  readonly name?: string;
  readonly path: { readonly job: string };
  readonly query: string;
  readonly keys: readonly string[];
}

export interface ErrorCase {
  readonly name?: string;
  readonly path?: 'count' | { readonly job: string };
  readonly query: string;
  readonly error: { readonly status: 400; readonly message: string | RegExp };
  readonly http?: boolean;
}

export type Case = ListCase | CountCase | EntityCase | ErrorCase;

// ---- helpers for expected answers ----

type Key = (job: Job) => string | number | boolean | null | undefined;

/** Ids of the jobs `predicate` keeps, sorted by the keys (nulls first ascending, last descending), then id. */
function sorted(predicate: (job: Job) => boolean, ...keys: [Key, 'asc' | 'desc'][]): string[] {
  return JOBS.filter(predicate)
    .map((job) => ({ job, values: keys.map(([key]) => key(job) ?? null) }))
    .sort((a, b) => {
      for (const [i, [, direction]] of keys.entries()) {
        const x = a.values[i] ?? null;
        const y = b.values[i] ?? null;
        let c = 0;
        if (x === null || y === null) c = x === y ? 0 : x === null ? -1 : 1;
        else if (typeof x === 'string' && typeof y === 'string') c = compareCodePoints(x, y);
        else c = Number(x) - Number(y);
        if (c !== 0) return direction === 'desc' ? -c : c;
      }
      return compareCodePoints(a.job.id, b.job.id);
    })
    .map((x) => x.job.id);
}

const all = () => true;
const code = (j: Job) => j.status.code;
const fails = (j: Job) => j.status.countSuccessiveCompleteFailures;
const last = (j: Job) => j.status.lastExecution;
const q = (j: Job) => j.status.quarantine;
const url = (j: Job) => j.status.troubleshootingUrl;
const settings = (j: Job) => j.synchronizationJobSettings ?? [];
const progress = (j: Job) => j.status.progress ?? [];
const counts = (j: Job) => j.status.synchronizedEntryCountByType ?? [];
const interval = (j: Job) => durationSeconds(j.schedule.interval);
const began = (j: Job) => (last(j) ? instantKey(last(j)!.timeBegan) : null);
const expiration = (j: Job) => (j.schedule.expiration === null ? null : instantKey(j.schedule.expiration));
const at = (text: string) => instantKey(text);
const ORDINAL: Record<string, number> = { NotConfigured: 0, NotRun: 1, Active: 2, Paused: 3, Quarantine: 4 };
const REASONS: Record<string, number> = {
  EncounteredBaseEscrowThreshold: 0, EncounteredTotalEscrowThreshold: 1, EncounteredEscrowProportionThreshold: 2,
  EncounteredQuarantineException: 4, Unknown: 8, QuarantinedOnDemand: 16, TooManyDeletes: 32, IngestionInterrupted: 64,
};
const cp = (s: string) => [...s];
const except = (...out: string[]) => ALL_IDS.filter((id) => !out.includes(id));
const JOB_KEYS = ['id', 'templateId', 'schedule', 'status', 'synchronizationJobSettings'];

/** A syntax error's message (errors.ts of @syncemu/odata). */
const syntax = (option: string, text: string, position: number, problem: string) =>
  `Invalid ${option} clause: syntax error at position ${position} in '${text}': ${problem}.`;
/** A semantic error's message. */
const semantic = (option: string, problem: string, position: number) => `Invalid ${option} clause: ${problem} (at position ${position}).`;
/** A checker error in `$filter=text`, at the first occurrence of `at` (or that offset). */
function typeError(text: string, problem: string, at: string | number, extra: Partial<ErrorCase> = {}): ErrorCase {
  const position = typeof at === 'number' ? at : text.indexOf(at);
  if (position < 0) throw new Error(`'${at}' is not in '${text}'`);
  return { query: `$filter=${text}`, error: { status: 400, message: semantic('$filter', problem, position) }, ...extra };
}
const unknown = (name: string, type: string) => `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`;

// ---- §1 comparison operators on each type ----

const comparisons: ListCase[] = [
  { query: "$filter=templateId eq 'scim'", expected: ids((j) => j.templateId === 'scim'), http: true },
  { query: "$filter=templateId ne 'scim'", expected: ids((j) => j.templateId !== 'scim') },
  { query: "$filter=templateId gt 'slack'", expected: ids((j) => compareCodePoints(j.templateId, 'slack') > 0) },
  { query: "$filter=templateId ge 'slack'", expected: ids((j) => compareCodePoints(j.templateId, 'slack') >= 0) },
  { query: "$filter=templateId lt 'Azure2Azure'", expected: ids((j) => compareCodePoints(j.templateId, 'Azure2Azure') < 0) },
  { query: "$filter=templateId le 'Azure2Azure'", expected: ids((j) => compareCodePoints(j.templateId, 'Azure2Azure') <= 0) },
  { query: "$filter=id eq 'j07'", expected: ['j07'] },
  { query: "$filter=id lt 'j04'", expected: ['j01', 'j02', 'j03'] },
  { query: "$filter=id ge 'j46'", expected: ['j46', 'j47', 'j48'] },
  { query: '$filter=status/countSuccessiveCompleteFailures eq 4', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures ne 0', expected: ids((j) => fails(j) !== 0) },
  { query: '$filter=status/countSuccessiveCompleteFailures gt 7', expected: ids((j) => fails(j) > 7) },
  { query: '$filter=status/countSuccessiveCompleteFailures ge 7', expected: ids((j) => fails(j) >= 7) },
  { query: '$filter=status/countSuccessiveCompleteFailures lt 2', expected: ids((j) => fails(j) < 2) },
  { query: '$filter=status/countSuccessiveCompleteFailures le 2', expected: ids((j) => fails(j) <= 2) },
  { query: '$filter=status/countSuccessiveCompleteFailures eq 4.0', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures gt 7.5', expected: ids((j) => fails(j) > 7.5) },
  { query: "$filter=status/code eq 'Quarantine'", expected: ids((j) => code(j) === 'Quarantine'), http: true },
  { query: "$filter=status/code ne 'Active'", expected: ids((j) => code(j) !== 'Active') },
  { query: '$filter=status/escrowsPruned eq true', expected: ids((j) => j.status.escrowsPruned) },
  { query: '$filter=status/escrowsPruned ne true', expected: ids((j) => !j.status.escrowsPruned) },
  { query: '$filter=status/escrowsPruned eq false', expected: ids((j) => !j.status.escrowsPruned) },
  { query: '$filter=status/escrowsPruned gt false', expected: ids((j) => j.status.escrowsPruned) },
  { query: '$filter=status/escrowsPruned le false', expected: ids((j) => !j.status.escrowsPruned) },
  { query: '$filter=status/escrowsPruned', expected: ids((j) => j.status.escrowsPruned) },
  { query: '$filter=status/lastExecution/error/tenantActionable', expected: ids((j) => last(j)?.error?.tenantActionable === true) },
  { name: 'two paths of one type compare with each other', query: '$filter=status/lastExecution/countExported gt status/lastExecution/countImported', expected: [] },
  { query: '$filter=status/lastExecution/countEntitled gt status/lastExecution/countEntitledForProvisioning', expected: ids((j) => !!last(j) && last(j)!.countEntitled > last(j)!.countEntitledForProvisioning) },
  { query: '$filter=status/lastExecution/timeBegan eq status/lastSuccessfulExecution/timeBegan', expected: ids((j) => began(j) === (j.status.lastSuccessfulExecution ? at(j.status.lastSuccessfulExecution.timeBegan) : null)) },
  { query: '$filter=status/steadyStateFirstAchievedTime eq status/steadyStateLastAchievedTime', expected: ids((j) => at(j.status.steadyStateFirstAchievedTime) === at(j.status.steadyStateLastAchievedTime)) },
  { query: '$filter=status/steadyStateFirstAchievedTime lt status/steadyStateLastAchievedTime', expected: ids((j) => at(j.status.steadyStateFirstAchievedTime) < at(j.status.steadyStateLastAchievedTime)) },
];

// ---- §1 and, or, not, parentheses and precedence ----

const logic: ListCase[] = [
  { query: "$filter=status/code eq 'Active' and templateId eq 'scim'", expected: ids((j) => code(j) === 'Active' && j.templateId === 'scim'), http: true },
  { query: "$filter=status/code eq 'Active' or templateId eq 'scim'", expected: ids((j) => code(j) === 'Active' || j.templateId === 'scim') },
  { query: "$filter=not (status/code eq 'Active')", expected: ids((j) => code(j) !== 'Active') },
  { query: "$filter=not(status/code eq 'Active')", expected: ids((j) => code(j) !== 'Active') },
  { query: '$filter=not status/escrowsPruned', expected: ids((j) => !j.status.escrowsPruned) },
  { query: '$filter=not not status/escrowsPruned', expected: ids((j) => j.status.escrowsPruned) },
  {
    name: "precedence: not A and B is (not A) and B, not not (A and B)",
    query: "$filter=not status/escrowsPruned and templateId eq 'scim'",
    expected: ids((j) => !j.status.escrowsPruned && j.templateId === 'scim'),
  },
  {
    name: 'precedence: A or B and C is A or (B and C)',
    query: "$filter=templateId eq 'aws' or status/code eq 'Active' and templateId eq 'scim'",
    expected: ids((j) => j.templateId === 'aws' || (code(j) === 'Active' && j.templateId === 'scim')),
  },
  {
    name: 'precedence: A and B or C is (A and B) or C',
    query: "$filter=status/code eq 'Active' and templateId eq 'scim' or templateId eq 'aws'",
    expected: ids((j) => (code(j) === 'Active' && j.templateId === 'scim') || j.templateId === 'aws'),
  },
  {
    name: 'parentheses override precedence',
    query: "$filter=(templateId eq 'aws' or status/code eq 'Active') and templateId eq 'scim'",
    expected: ids((j) => (j.templateId === 'aws' || code(j) === 'Active') && j.templateId === 'scim'),
  },
  { query: "$filter=((((templateId eq 'aws'))))", expected: ids((j) => j.templateId === 'aws') },
  { query: "$filter=( templateId eq 'aws' )", expected: ids((j) => j.templateId === 'aws') },
  {
    name: 'keywords are case-insensitive',
    query: "$filter=templateId EQ 'scim' AND NOT (status/code Eq 'Active') Or templateId eQ 'aws'",
    expected: ids((j) => (j.templateId === 'scim' && code(j) !== 'Active') || j.templateId === 'aws'),
  },
  { query: '$filter=true', expected: ALL_IDS },
  { query: '$filter=false', expected: [] },
  { query: '$filter=TRUE and False', expected: [] },
  { query: '$filter=not false', expected: ALL_IDS },
  { name: 'and binds tighter than or, across three or', query: "$filter=id eq 'j01' or id eq 'j02' and id eq 'j03' or id eq 'j04'", expected: ['j01', 'j04'] },
  { name: 'comparison of boolean comparisons (equality is left-associative)', query: "$filter=status/code eq 'Active' eq true", expected: ids((j) => code(j) === 'Active') },
  { query: "$filter=status/code eq 'Active' eq status/escrowsPruned", expected: ids((j) => (code(j) === 'Active') === j.status.escrowsPruned) },
  { name: 'relational binds tighter than equality', query: '$filter=status/countSuccessiveCompleteFailures gt 7 eq false', expected: ids((j) => !(fails(j) > 7)) },
  { query: '$filter=status/countSuccessiveCompleteFailures gt 3 and status/countSuccessiveCompleteFailures lt 20', expected: ids((j) => fails(j) > 3 && fails(j) < 20) },
  { query: "$filter=templateId eq 'scim'\tand\tstatus/code eq 'Paused'", expected: ids((j) => j.templateId === 'scim' && code(j) === 'Paused') },
  { query: "$filter=templateId  eq  'scim'  and  status/code  eq  'Paused'", expected: ids((j) => j.templateId === 'scim' && code(j) === 'Paused') },
];

// ---- §1 in ----

const inOperator: ListCase[] = [
  { query: "$filter=templateId in ('aws', 'slack')", expected: ids((j) => ['aws', 'slack'].includes(j.templateId)), http: true },
  { query: "$filter=templateId in ('aws')", expected: ids((j) => j.templateId === 'aws') },
  { query: "$filter=templateId IN ('aws','slack','nope')", expected: ids((j) => ['aws', 'slack'].includes(j.templateId)) },
  { query: "$filter=status/code in ('Quarantine', 'NotRun')", expected: ids((j) => ['Quarantine', 'NotRun'].includes(code(j))) },
  { query: "$filter=status/code in (microsoft.graph.synchronizationStatusCode'Paused', 'NotConfigured')", expected: ids((j) => ['Paused', 'NotConfigured'].includes(code(j))) },
  { query: '$filter=status/countSuccessiveCompleteFailures in (1, 2, 3)', expected: ids((j) => [1, 2, 3].includes(fails(j))) },
  { query: "$filter=status/troubleshootingUrl in ('', null)", expected: ids((j) => url(j) === '' || url(j) === null) },
  { query: "$filter=status/quarantine/reason in ('TooManyDeletes', 'Unknown')", expected: ids((j) => ['TooManyDeletes', 'Unknown'].includes(q(j)?.reason ?? '')) },
  { query: "$filter=not (templateId in ('aws', 'slack'))", expected: ids((j) => !['aws', 'slack'].includes(j.templateId)) },
  { name: 'in binds tighter than not', query: "$filter=not templateId in ('aws', 'slack')", expected: ids((j) => !['aws', 'slack'].includes(j.templateId)) },
  { name: 'in binds tighter than and', query: "$filter=templateId in ('scim') and status/code in ('Active')", expected: ids((j) => j.templateId === 'scim' && code(j) === 'Active') },
  { query: "$filter=schedule/interval in (duration'PT1H', duration'P1D')", expected: ids((j) => [3600, 86400].includes(interval(j))) },
  { query: "$filter=tolower(templateId) in ('scim', 'aws')", expected: ids((j) => ['scim', 'aws'].includes(j.templateId.toLowerCase())) },
  { query: '$filter=(status/countSuccessiveCompleteFailures add 1) in (2, 3)', expected: ids((j) => [2, 3].includes(fails(j) + 1)) },
  { query: "$filter=status/quarantine/reason in ('TooManyDeletes') eq false", expected: ids((j) => q(j)?.reason !== 'TooManyDeletes') },
];

// ---- §1 arithmetic and unary minus ----

const arithmetic: ListCase[] = [
  { query: '$filter=status/countSuccessiveCompleteFailures add 1 eq 5', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures sub 1 eq 3', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures mul 2 eq 8', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures div 2 eq 2', expected: ids((j) => Math.trunc(fails(j) / 2) === 2) },
  { name: 'integer div truncates', query: '$filter=status/countSuccessiveCompleteFailures div 4 eq 1', expected: ids((j) => Math.trunc(fails(j) / 4) === 1) },
  { query: '$filter=status/countSuccessiveCompleteFailures divby 2 eq 1.5', expected: ids((j) => fails(j) / 2 === 1.5) },
  { query: '$filter=status/countSuccessiveCompleteFailures divby 4 gt 1', expected: ids((j) => fails(j) / 4 > 1) },
  { query: '$filter=status/countSuccessiveCompleteFailures mod 2 eq 1', expected: ids((j) => fails(j) % 2 === 1) },
  { query: '$filter=status/countSuccessiveCompleteFailures mod 5 eq 0 and status/countSuccessiveCompleteFailures gt 0', expected: ids((j) => fails(j) % 5 === 0 && fails(j) > 0) },
  { name: 'mul binds tighter than add', query: '$filter=status/countSuccessiveCompleteFailures mul 2 add 1 eq 9', expected: ['j03'] },
  { name: 'add is left-associative with mul on the right', query: '$filter=1 add status/countSuccessiveCompleteFailures mul 2 eq 9', expected: ['j03'] },
  { name: 'sub is left-associative', query: '$filter=status/countSuccessiveCompleteFailures sub 1 sub 1 eq 2', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures sub (1 sub 1) eq 4', expected: ['j03'] },
  { name: 'div is left-associative', query: '$filter=status/countSuccessiveCompleteFailures div 2 div 2 eq 5', expected: ids((j) => Math.trunc(Math.trunc(fails(j) / 2) / 2) === 5) },
  { query: '$filter=(status/countSuccessiveCompleteFailures add 1) mul 2 eq 10', expected: ['j03'] },
  { query: '$filter=-status/countSuccessiveCompleteFailures eq -4', expected: ['j03'] },
  { query: '$filter=-status/countSuccessiveCompleteFailures lt -20', expected: ids((j) => -fails(j) < -20) },
  { query: '$filter=- status/countSuccessiveCompleteFailures le -30', expected: ids((j) => -fails(j) <= -30) },
  { query: '$filter=-(status/countSuccessiveCompleteFailures add 1) eq -5', expected: ['j03'] },
  { query: '$filter=--status/countSuccessiveCompleteFailures eq 4', expected: ['j03'] },
  { query: '$filter=0 sub status/countSuccessiveCompleteFailures eq -4', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures mul 1.5 eq 6', expected: ['j03'] },
  { query: '$filter=status/countSuccessiveCompleteFailures add 0.5 gt 30', expected: ids((j) => fails(j) + 0.5 > 30) },
  {
    name: 'arithmetic on two paths; null eq null is true',
    query: '$filter=status/lastExecution/countExported sub status/lastExecution/countExports eq 4 mul status/lastSuccessfulExecution/countExports',
    expected: ids((j) => (last(j) ? last(j)!.countExported - last(j)!.countExports : null) === (j.status.lastSuccessfulExecution ? 4 * j.status.lastSuccessfulExecution.countExports : null)),
  },
  { query: '$filter=7 div 2 eq 3', expected: ALL_IDS },
  { query: '$filter=-7 div 2 eq -3', expected: ALL_IDS },
  { query: '$filter=7 mod 3 eq 1 and -7 mod 3 eq -1', expected: ALL_IDS },
  { query: '$filter=7 divby 2 eq 3.5', expected: ALL_IDS },
  { query: '$filter=5.5 mod 2 eq 1.5', expected: ALL_IDS },
  { query: '$filter=status/countSuccessiveCompleteFailures mod 2.5 eq 0', expected: ids((j) => fails(j) % 2.5 === 0) },
  { name: 'division by zero matches nothing', query: '$filter=status/countSuccessiveCompleteFailures div 0 eq 0', expected: [] },
  { query: '$filter=status/countSuccessiveCompleteFailures mod 0 eq 0', expected: [] },
  { query: '$filter=1e1 eq 10 and 2.5E-1 eq 0.25', expected: ALL_IDS },
  { query: '$filter=status/countSuccessiveCompleteFailures gt 1e1', expected: ids((j) => fails(j) > 10) },
  { query: '$filter=status/countSuccessiveCompleteFailures lt INF and status/countSuccessiveCompleteFailures gt -INF', expected: ALL_IDS },
  { query: '$filter=status/synchronizedEntryCountByType/any(c: c/value add 1 eq 9007199254740992)', expected: ['j15'] },
  { query: '$filter=status/synchronizedEntryCountByType/any(c: c/value eq 9007199254740991)', expected: ['j15'] },
];

// ---- §1 literals ----

const literals: ListCase[] = [
  { name: "string escape: '' is one quote", query: "$filter=status/troubleshootingUrl eq 'https://example.com/it''s'", expected: ['j09'], http: true },
  { query: "$filter=status/lastExecution/error/message eq 'Your credentials aren''t valid.'", expected: ids((j) => last(j)?.error?.message === "Your credentials aren't valid.") },
  { query: "$filter=contains(status/lastExecution/activityIdentifier, '''')", expected: ['j20'] },
  { query: "$filter=status/lastExecution/activityIdentifier eq 'it''s'", expected: ['j20'] },
  { name: 'a raw / and " inside a string', query: '$filter=status/troubleshootingUrl eq \'https://example.com/"quoted"\'', expected: ['j32'] },
  { name: '& + % # ? inside a string (percent-encoded on the wire)', query: "$filter=status/lastExecution/error/message eq 'a/b & c+d = 100% #1?'", expected: ['j32'], http: true },
  { query: "$filter=status/troubleshootingUrl eq 'https://example.com/a&b'", expected: ['j21'] },
  { query: "$filter=synchronizationJobSettings/any(s: s/value eq '1+1')", expected: ['j30'] },
  { name: 'unicode string', query: "$filter=status/lastExecution/error/code eq 'Ünïcödé'", expected: ['j28'], http: true },
  { query: "$filter=contains(status/lastExecution/error/message, '😀')", expected: ['j28'] },
  { query: "$filter=synchronizationJobSettings/any(s: s/value eq '„Straße“')", expected: ['j27'] },
  { name: 'the empty string', query: "$filter=status/troubleshootingUrl eq ''", expected: ['j26'] },
  { query: "$filter=status/lastExecution/error/code eq ''", expected: ['j42'] },
  { query: "$filter=status/troubleshootingUrl eq '  padded  '", expected: ['j28'] },
  { name: 'integer', query: '$filter=status/countSuccessiveCompleteFailures eq 50', expected: ['j48'] },
  { name: 'negative integer', query: '$filter=status/countSuccessiveCompleteFailures gt -1', expected: ALL_IDS },
  { name: 'decimal', query: '$filter=status/countSuccessiveCompleteFailures lt 0.5', expected: ids((j) => fails(j) === 0) },
  { name: 'double with exponent', query: '$filter=status/countSuccessiveCompleteFailures ge 2e1', expected: ids((j) => fails(j) >= 20) },
  { query: '$filter=status/countSuccessiveCompleteFailures ge 2.0E+1', expected: ids((j) => fails(j) >= 20) },
  { name: 'boolean in any case', query: '$filter=status/escrowsPruned eq True', expected: ids((j) => j.status.escrowsPruned) },
  { query: '$filter=status/escrowsPruned eq FALSE', expected: ids((j) => !j.status.escrowsPruned) },
  { name: 'null', query: '$filter=status/quarantine eq null', expected: ids((j) => q(j) === null) },
  { name: 'DateTimeOffset with Z', query: '$filter=status/lastExecution/timeBegan eq 2025-06-15T11:20:00Z', expected: ['j01', 'j07', 'j08', 'j25'], http: true },
  { name: 'DateTimeOffset with a + offset (sent as %2B)', query: '$filter=status/lastExecution/timeBegan eq 2025-06-15T13:20:00+02:00', expected: ['j01', 'j07', 'j08', 'j25'] },
  { name: 'DateTimeOffset with a - offset', query: '$filter=status/lastExecution/timeBegan eq 2025-06-15T06:20:00-05:00', expected: ['j01', 'j07', 'j08', 'j25'] },
  { name: 'DateTimeOffset without seconds', query: '$filter=status/lastExecution/timeBegan eq 2025-06-15T11:20Z', expected: ['j01', 'j07', 'j08', 'j25'] },
  { name: 'DateTimeOffset with t and z in lower case (the ABNF is case-insensitive there)', query: '$filter=status/lastExecution/timeBegan eq 2025-06-15t11:20:00z', expected: ['j01', 'j07', 'j08', 'j25'], http: true },
  { name: 'DateTimeOffset with a lower-case t and an offset', query: '$filter=status/lastExecution/timeBegan eq 2025-06-15t13:20:00+02:00', expected: ['j01', 'j07', 'j08', 'j25'] },
  { name: 'DateTimeOffset with 7 fractional digits', query: '$filter=status/lastExecution/timeBegan eq 2025-06-15T11:20:00.1234567Z', expected: ['j03'] },
  { name: 'instants 0.0000567 s apart are different', query: '$filter=status/lastExecution/timeBegan gt 2025-06-15T11:20:00.1234Z and status/lastExecution/timeBegan lt 2025-06-15T11:20:00.2Z', expected: ['j03'] },
  { query: '$filter=status/lastExecution/timeBegan eq 2025-06-15T11:20:00.1234000Z', expected: ['j06'] },
  { query: '$filter=status/lastExecution/timeBegan ge 2025-06-15T11:20:00.5Z and status/lastExecution/timeBegan lt 2025-06-15T11:21:00Z', expected: ['j17'] },
  { query: '$filter=status/lastExecution/timeBegan gt 2025-06-14T23:59:59.9999998Z and status/lastExecution/timeBegan lt 2025-06-15T00:00:00Z', expected: ['j10'] },
  { query: '$filter=status/lastExecution/timeEnded eq 2025-06-15T00:00:00.0000001Z', expected: ['j10'] },
  { query: '$filter=status/lastExecution/timeBegan lt 2024-03-01T00:00:00Z', expected: ['j15'] },
  { query: '$filter=schedule/expiration gt 2025-06-15T12:00:00Z', expected: ids((j) => expiration(j) !== null && expiration(j)! > at('2025-06-15T12:00:00Z')) },
  { name: 'an offset instant equal to a Z instant', query: '$filter=schedule/expiration eq 2025-06-15T13:00:00Z', expected: ['j27'] },
  { query: '$filter=schedule/expiration eq 2025-12-31T23:00:00Z', expected: ['j06'] },
  { query: '$filter=schedule/expiration eq 2025-06-30T18:30:00.5Z', expected: ['j47'] },
  { name: 'year 1 (Graph’s "never")', query: '$filter=status/steadyStateFirstAchievedTime eq 0001-01-01T00:00:00Z', expected: ids((j) => j.status.steadyStateFirstAchievedTime.startsWith('0001')) },
  { query: '$filter=status/steadyStateFirstAchievedTime gt 0001-01-01T00:00:00Z', expected: ids((j) => !j.status.steadyStateFirstAchievedTime.startsWith('0001')) },
  { name: 'Date', query: '$filter=date(status/lastExecution/timeBegan) eq 2024-02-29', expected: ['j15'] },
  { query: '$filter=date(status/lastExecution/timeBegan) lt 2025-06-01', expected: ['j15', 'j29', 'j48'] },
  { name: 'TimeOfDay', query: '$filter=time(status/lastExecution/timeBegan) eq 11:20:00', expected: ['j01', 'j07', 'j08', 'j25'] },
  { query: '$filter=time(status/lastExecution/timeBegan) eq 11:20:00.1234567', expected: ['j03'] },
  { query: '$filter=time(status/lastExecution/timeBegan) eq 11:20', expected: ['j01', 'j07', 'j08', 'j25'] },
  { query: '$filter=time(status/lastExecution/timeBegan) gt 23:00:00', expected: ['j10', 'j13'] },
  { name: 'duration', query: "$filter=schedule/interval eq duration'PT40M'", expected: ids((j) => interval(j) === 2400), http: true },
  { query: "$filter=schedule/interval eq Duration'PT0.5S'", expected: ['j17'] },
  { query: "$filter=schedule/interval eq duration'P1DT12H'", expected: ['j16'] },
  { query: "$filter=schedule/interval eq duration'P10675199DT2H48M5.4775807S'", expected: ['j11'] },
  { query: "$filter=schedule/interval gt duration'P10675199D'", expected: ['j11'] },
  { name: 'enum member as a plain string', query: "$filter=status/quarantine/reason eq 'IngestionInterrupted'", expected: ['j38'] },
  { name: 'qualified enum member', query: "$filter=status/code eq microsoft.graph.synchronizationStatusCode'NotConfigured'", expected: ids((j) => code(j) === 'NotConfigured'), http: true },
  { query: "$filter=schedule/state eq microsoft.graph.synchronizationScheduleState'Paused'", expected: ids((j) => j.schedule.state === 'Paused') },
  { query: "$filter=status/lastExecution/state eq microsoft.graph.synchronizationTaskExecutionResult'EntryLevelErrors'", expected: ids((j) => last(j)?.state === 'EntryLevelErrors') },
  { query: "$filter=status/quarantine/reason eq microsoft.graph.quarantineReason'QuarantinedOnDemand'", expected: ['j33'] },
  { query: "$filter=microsoft.graph.synchronizationStatusCode'Active' eq status/code", expected: ids((j) => code(j) === 'Active') },
  { name: 'a string that looks like a keyword', query: "$filter=templateId eq 'and'", expected: [] },
  { query: "$filter=templateId eq 'null'", expected: [] },
];

// ---- §1 functions ----

const functions: ListCase[] = [
  { query: "$filter=contains(templateId, 'cim')", expected: ids((j) => j.templateId.includes('cim')), http: true },
  { query: "$filter=contains(templateId, 'CIM')", expected: ids((j) => j.templateId.includes('CIM')) },
  { query: "$filter=contains(templateId, '')", expected: ALL_IDS },
  { query: "$filter=contains(status/troubleshootingUrl, 'example')", expected: ids((j) => (url(j) ?? '').includes('example')) },
  { query: "$filter=startswith(templateId, 'AD2AAD')", expected: ids((j) => j.templateId.startsWith('AD2AAD')) },
  { query: "$filter=startswith(templateId, 'ad2aad')", expected: [] },
  { query: "$filter=startswith(status/troubleshootingUrl, 'https://')", expected: ids((j) => (url(j) ?? '').startsWith('https://')) },
  { query: "$filter=endswith(templateId, 'Delta')", expected: ids((j) => j.templateId.endsWith('Delta')) },
  { query: "$filter=endswith(templateId, 'scim')", expected: ids((j) => j.templateId.endsWith('scim')) },
  { query: "$filter=endswith(status/troubleshootingUrl, '')", expected: ids((j) => url(j) !== null) },
  { query: '$filter=length(templateId) eq 4', expected: ids((j) => j.templateId.length === 4) },
  { query: '$filter=length(status/troubleshootingUrl) eq 0', expected: ['j26'] },
  { name: 'length counts code points', query: '$filter=length(status/lastExecution/error/message) eq 36', expected: ids((j) => cp(last(j)?.error?.message ?? '').length === 36) },
  { query: "$filter=indexof(templateId, 'cim') eq 1", expected: ids((j) => j.templateId.indexOf('cim') === 1) },
  { query: "$filter=indexof(templateId, 'zzz') eq -1", expected: ALL_IDS },
  { name: 'indexof counts code points', query: "$filter=indexof(status/lastExecution/error/message, '😀') eq 35", expected: ['j28'] },
  { query: "$filter=substring(templateId, 1) eq 'cim'", expected: ids((j) => j.templateId.slice(1) === 'cim') },
  { query: "$filter=substring(templateId, 0, 2) eq 'AD'", expected: ids((j) => j.templateId.slice(0, 2) === 'AD') },
  { query: "$filter=substring(templateId, 2, 3) eq 'ure'", expected: ids((j) => j.templateId.slice(2, 5) === 'ure') },
  { query: "$filter=substring(templateId, 10) eq ''", expected: ids((j) => j.templateId.length <= 10) },
  { query: "$filter=tolower(templateId) eq 'scim'", expected: ids((j) => j.templateId.toLowerCase() === 'scim'), http: true },
  { query: "$filter=toupper(templateId) eq 'SCIM'", expected: ids((j) => j.templateId.toUpperCase() === 'SCIM') },
  { name: 'tolower folds non-ASCII letters', query: "$filter=tolower(status/lastExecution/error/code) eq 'ünïcödé'", expected: ['j28'] },
  { query: "$filter=toupper(status/troubleshootingUrl) eq 'HTTPS://EXAMPLE.COM/ÜNÏCÖDÉ'", expected: ['j17'] },
  { query: "$filter=trim(status/troubleshootingUrl) eq 'padded'", expected: ['j28'] },
  { query: "$filter=concat(templateId, '-x') eq 'scim-x'", expected: ids((j) => j.templateId === 'scim') },
  { query: "$filter=concat(concat(templateId, '/'), id) eq 'aws/j09'", expected: ['j09'] },
  { query: '$filter=year(status/lastExecution/timeBegan) eq 2024', expected: ['j15'] },
  { query: '$filter=month(status/lastExecution/timeBegan) eq 5', expected: ['j29', 'j48'] },
  { name: 'day() of an instant with an offset is its UTC day', query: '$filter=day(status/lastExecution/timeBegan) eq 14', expected: ids((j) => began(j)?.slice(8, 10) === '14') },
  { query: '$filter=hour(status/lastExecution/timeBegan) eq 11', expected: ids((j) => !!last(j) && began(j)!.slice(11, 13) === '11') },
  { query: '$filter=minute(status/lastExecution/timeBegan) eq 30', expected: ids((j) => !!last(j) && began(j)!.slice(14, 16) === '30') },
  { query: '$filter=second(status/lastExecution/timeBegan) eq 59', expected: ['j10'] },
  { query: '$filter=second(status/lastExecution/timeBegan) eq 11', expected: ['j42'] },
  { query: '$filter=fractionalseconds(status/lastExecution/timeBegan) eq 0.5', expected: ['j17'] },
  { query: '$filter=fractionalseconds(status/lastExecution/timeBegan) eq 0.1234567', expected: ['j03'] },
  { query: '$filter=fractionalseconds(status/lastExecution/timeBegan) gt 0.9', expected: ['j10'] },
  { query: '$filter=fractionalseconds(status/lastExecution/timeBegan) eq 0 and hour(status/lastExecution/timeBegan) eq 11 and minute(status/lastExecution/timeBegan) eq 20', expected: ['j01', 'j07', 'j08', 'j25'] },
  { query: '$filter=year(2024-02-29) eq 2024 and month(2024-02-29) eq 2 and day(2024-02-29) eq 29', expected: ALL_IDS },
  { query: '$filter=date(schedule/expiration) eq 2025-12-31', expected: ['j06', 'j16'] },
  { query: '$filter=time(schedule/expiration) eq 23:59:59.999', expected: ['j16'] },
  { name: 'now() is the emulator clock', query: '$filter=schedule/expiration gt now()', expected: ids((j) => expiration(j) !== null && expiration(j)! > at(NOW)) },
  { query: '$filter=schedule/expiration le now()', expected: ids((j) => expiration(j) !== null && expiration(j)! <= at(NOW)) },
  { query: '$filter=status/quarantine/nextAttempt le now()', expected: ['j48'] },
  { query: '$filter=year(now()) eq 2025 and hour(now()) eq 12', expected: ALL_IDS },
  { query: '$filter=date(now()) eq 2025-06-15', expected: ALL_IDS },
  { query: '$filter=round(status/countSuccessiveCompleteFailures divby 4) eq 2', expected: ids((j) => Math.round(fails(j) / 4) === 2) },
  { name: 'round: halves away from zero', query: '$filter=round(2.5) eq 3 and round(-2.5) eq -3 and round(2.4) eq 2', expected: ALL_IDS },
  { query: '$filter=floor(status/countSuccessiveCompleteFailures divby 4) eq 1', expected: ids((j) => Math.floor(fails(j) / 4) === 1) },
  { query: '$filter=floor(-2.5) eq -3 and ceiling(-2.5) eq -2', expected: ALL_IDS },
  { query: '$filter=ceiling(status/countSuccessiveCompleteFailures divby 4) eq 1', expected: ids((j) => Math.ceil(fails(j) / 4) === 1) },
  { query: '$filter=round(status/countSuccessiveCompleteFailures) eq 7', expected: ['j13'] },
  { name: 'function names are case-insensitive', query: "$filter=ToLower(templateId) eq 'scim' and CONTAINS(templateId, 'S')", expected: ids((j) => j.templateId.toLowerCase() === 'scim' && j.templateId.includes('S')) },
  { query: "$filter=contains(tolower(status/lastExecution/error/message), 'credentials')", expected: ids((j) => (last(j)?.error?.message ?? '').toLowerCase().includes('credentials')) },
  { query: "$filter=length(trim(concat(' ', templateId))) eq length(templateId)", expected: ALL_IDS },
];

// ---- §1 lambdas ----

const lambdas: ListCase[] = [
  { query: "$filter=synchronizationJobSettings/any(s: s/name eq 'Domain')", expected: ids((j) => settings(j).some((s) => s.name === 'Domain')), http: true },
  { query: "$filter=synchronizationJobSettings/any(s: s/name eq 'Domain' and s/value eq null)", expected: ['j06', 'j24'] },
  { query: "$filter=synchronizationJobSettings/any(s: s/value eq null)", expected: ids((j) => settings(j).some((s) => s.value === null)) },
  { query: "$filter=synchronizationJobSettings/all(s: s/name eq 'QuarantineTooManyDeletesThreshold')", expected: ids((j) => settings(j).every((s) => s.name === 'QuarantineTooManyDeletesThreshold')) },
  { name: 'all() over an empty or null collection is true', query: "$filter=synchronizationJobSettings/all(s: s/name eq 'nope')", expected: ids((j) => settings(j).length === 0) },
  { query: '$filter=synchronizationJobSettings/any()', expected: ids((j) => settings(j).length > 0) },
  { query: '$filter=not synchronizationJobSettings/any()', expected: ['j02', 'j05', 'j07', 'j14', 'j41'] },
  { query: "$filter=synchronizationJobSettings/any(s: s/value ne null and s/value ne '500')", expected: ids((j) => settings(j).some((s) => s.value !== null && s.value !== '500')) },
  { query: "$filter=synchronizationJobSettings/any(s: tolower(s/name) eq 'domain' and s/value eq 'contoso.com')", expected: ['j11', 'j22'] },
  { query: "$filter=synchronizationJobSettings/ANY(s: s/name eq 'A') and synchronizationJobSettings/any(s: s/name eq 'D' and s/value eq '')", expected: ['j17'] },
  { query: "$filter=synchronizationJobSettings/all(s: s/value ne null)", expected: ids((j) => settings(j).every((s) => s.value !== null)) },
  { query: "$filter=synchronizationJobSettings/all(s: length(s/name) eq 1)", expected: ids((j) => settings(j).every((s) => s.name.length === 1)) },
  { query: '$filter=status/progress/any()', expected: ids((j) => progress(j).length > 0) },
  { query: '$filter=status/progress/any(p: p/completedUnits eq p/totalUnits)', expected: ids((j) => progress(j).some((p) => p.completedUnits === p.totalUnits)) },
  { query: '$filter=status/progress/all(p: p/completedUnits lt p/totalUnits)', expected: ids((j) => progress(j).every((p) => p.completedUnits < p.totalUnits)) },
  { query: "$filter=status/progress/any(p: p/units eq null)", expected: ['j11', 'j29'] },
  { query: "$filter=status/progress/any(p: p/units eq 'Users')", expected: ['j20', 'j29'] },
  { query: '$filter=status/progress/any(p: p/progressObservationDateTime gt 2025-06-15T11:58:00Z)', expected: ['j04', 'j11', 'j31'] },
  { query: '$filter=status/progress/any(p: p/progressObservationDateTime eq 2025-06-15T11:05:00Z)', expected: ['j20'] },
  { query: '$filter=status/progress/any(p: p/completedUnits mul 2 gt p/totalUnits)', expected: ids((j) => progress(j).some((p) => p.completedUnits * 2 > p.totalUnits)) },
  { query: '$filter=status/synchronizedEntryCountByType/any()', expected: ids((j) => counts(j).length > 0) },
  { query: "$filter=status/synchronizedEntryCountByType/any(c: c/key eq 'user to user' and c/value gt 100)", expected: ids((j) => counts(j).some((c) => c.key === 'user to user' && c.value > 100)) },
  { query: "$filter=status/synchronizedEntryCountByType/any(c: c/key eq 'o''brien')", expected: ['j10'] },
  { query: '$filter=status/synchronizedEntryCountByType/any(c: c/key eq null)', expected: ['j17'] },
  { query: "$filter=status/synchronizedEntryCountByType/all(c: c/key eq 'user to user')", expected: ids((j) => counts(j).every((c) => c.key === 'user to user')) },
  { query: "$filter=status/synchronizedEntryCountByType/any(c: tolower(c/key) eq 'user to user' and c/value eq 0)", expected: ['j36'] },
  { query: '$filter=status/synchronizedEntryCountByType/any(c: c/value eq status/lastExecution/countExports)', expected: ids((j) => counts(j).some((c) => c.value === last(j)?.countExports)) },
  { name: 'lambdas inside lambdas, over two collections', query: "$filter=status/synchronizedEntryCountByType/any(c: synchronizationJobSettings/any(s: s/value eq '500') and c/value gt 100)", expected: ids((j) => counts(j).some((c) => c.value > 100) && settings(j).some((s) => s.value === '500')) },
  { query: '$filter=status/progress/any(p: status/synchronizedEntryCountByType/any(c: c/value eq p/completedUnits))', expected: ids((j) => progress(j).some((p) => counts(j).some((c) => c.value === p.completedUnits))) },
  { query: '$filter=status/progress/all(p: status/progress/all(p2: p2/totalUnits eq p/totalUnits))', expected: ids((j) => progress(j).every((p) => progress(j).every((p2) => p2.totalUnits === p.totalUnits))) },
  { name: 'a lambda variable may reuse a property name', query: "$filter=synchronizationJobSettings/any(status: status/name eq 'A')", expected: ['j17'] },
  { query: "$filter=not synchronizationJobSettings/any(s: s/name eq 'QuarantineTooManyDeletesThreshold')", expected: ids((j) => !settings(j).some((s) => s.name === 'QuarantineTooManyDeletesThreshold')) },
  { query: "$filter=synchronizationJobSettings/any(s: not (s/value eq '500'))", expected: ids((j) => settings(j).some((s) => s.value !== '500')) },
  { query: "$filter=synchronizationJobSettings/any(s: s/value in ('x', 'y', 'fabrikam.com'))", expected: ['j17', 'j35'] },
  { query: "$filter=synchronizationJobSettings/any(s:s/name eq 'plus')", expected: ['j30'] },
  { query: "$filter=synchronizationJobSettings/any( s : s/name eq 'plus' )", expected: ['j30'] },
];

// ---- §1 nested complex paths ----

const paths: ListCase[] = [
  { query: "$filter=status/lastExecution/error/code eq 'SalesforceInvalidCredentials'", expected: ['j03', 'j38'], http: true },
  { query: '$filter=status/lastExecution/error/tenantActionable eq true', expected: ids((j) => last(j)?.error?.tenantActionable === true) },
  { query: '$filter=status/lastExecution/error/tenantActionable eq false', expected: ids((j) => last(j)?.error?.tenantActionable === false) },
  { query: '$filter=status/lastExecution/error eq null', expected: ids((j) => !last(j)?.error) },
  { query: '$filter=status/lastExecution/error ne null', expected: ids((j) => !!last(j)?.error) },
  { query: '$filter=status/lastExecution eq null', expected: ids((j) => last(j) === null) },
  { query: '$filter=status/lastExecution ne null and status/lastSuccessfulExecution eq null', expected: ids((j) => last(j) !== null && j.status.lastSuccessfulExecution === null) },
  { query: '$filter=status/lastSuccessfulExecutionWithExports/countExported gt 100', expected: ['j15'] },
  { query: "$filter=status/lastExecution/state eq 'Failed'", expected: ids((j) => last(j)?.state === 'Failed') },
  { query: '$filter=status/quarantine/error/tenantActionable eq true', expected: ids((j) => q(j)?.error?.tenantActionable === true) },
  { query: '$filter=status/quarantine/error/code eq null', expected: ids((j) => (q(j)?.error?.code ?? null) === null) },
  { query: '$filter=status/quarantine/error/code eq null and status/quarantine ne null', expected: ['j18', 'j23', 'j33', 'j48'] },
  { query: '$filter=status/quarantine/seriesCount eq status/countSuccessiveCompleteFailures', expected: ids((j) => q(j) !== null && q(j)!.seriesCount === fails(j)) },
  { name: 'two null paths are equal', query: '$filter=status/quarantine/currentBegan eq status/quarantine/seriesBegan', expected: ALL_IDS },
  { query: '$filter=status/quarantine/currentBegan eq status/quarantine/seriesBegan and status/quarantine ne null', expected: ids((j) => q(j) !== null) },
  { query: '$filter=schedule eq null', expected: [] },
  { query: '$filter=schedule ne null', expected: ALL_IDS },
  { name: 'a null collection is an empty one to any()', query: '$filter=not status/progress/any() and not status/synchronizedEntryCountByType/any()', expected: ids((j) => progress(j).length === 0 && counts(j).length === 0) },
  { query: '$filter=status/lastExecution/activityIdentifier ne null', expected: ids((j) => (last(j)?.activityIdentifier ?? null) !== null) },
];

// ---- §1 OData null semantics ----

const nulls: ListCase[] = [
  {
    name: 'not (reason eq X) is true for jobs without quarantine',
    query: "$filter=not (status/quarantine/reason eq 'TooManyDeletes')",
    expected: ids((j) => q(j)?.reason !== 'TooManyDeletes'),
    http: true,
  },
  { query: "$filter=status/quarantine/reason ne 'TooManyDeletes'", expected: ids((j) => q(j)?.reason !== 'TooManyDeletes') },
  { query: "$filter=status/quarantine/reason eq 'TooManyDeletes'", expected: ['j08', 'j43'] },
  { name: 'ordering comparisons with a null operand are false', query: "$filter=status/quarantine/reason gt 'EncounteredBaseEscrowThreshold'", expected: ids((j) => q(j) !== null && REASONS[q(j)!.reason]! > 0) },
  { query: "$filter=not (status/quarantine/reason gt 'EncounteredBaseEscrowThreshold')", expected: ids((j) => !(q(j) !== null && REASONS[q(j)!.reason]! > 0)) },
  { query: '$filter=status/quarantine/seriesCount lt 100', expected: ids((j) => q(j) !== null) },
  { query: '$filter=not (status/quarantine/seriesCount lt 100)', expected: ids((j) => q(j) === null) },
  { query: '$filter=status/quarantine/seriesCount ge 0 or status/quarantine/seriesCount lt 0', expected: ids((j) => q(j) !== null) },
  { query: '$filter=status/troubleshootingUrl eq null', expected: ids((j) => url(j) === null) },
  { query: '$filter=status/troubleshootingUrl ne null', expected: ids((j) => url(j) !== null) },
  { query: '$filter=null eq status/troubleshootingUrl', expected: ids((j) => url(j) === null) },
  { query: "$filter=status/troubleshootingUrl ne 'x'", expected: ALL_IDS },
  { query: "$filter=not (status/troubleshootingUrl eq 'x')", expected: ALL_IDS },
  { name: 'functions of null are null: not contains(null) keeps the job (decision 0004)', query: "$filter=not contains(status/troubleshootingUrl, 'example')", expected: ids((j) => !(url(j) ?? '').includes('example')) },
  { query: "$filter=contains(status/troubleshootingUrl, 'example') eq false", expected: ids((j) => url(j) !== null && !url(j)!.includes('example')) },
  { query: '$filter=length(status/troubleshootingUrl) eq null', expected: ids((j) => url(j) === null) },
  { query: '$filter=tolower(status/troubleshootingUrl) ne null', expected: ids((j) => url(j) !== null) },
  { query: "$filter=concat(status/troubleshootingUrl, 'x') eq null", expected: ids((j) => url(j) === null) },
  { query: '$filter=status/quarantine/seriesCount add 1 eq null', expected: ids((j) => q(j) === null) },
  { query: '$filter=-status/quarantine/seriesCount eq null', expected: ids((j) => q(j) === null) },
  { name: 'two null string paths are equal', query: '$filter=status/quarantine/error/code eq status/lastSuccessfulExecution/error/code', expected: ids((j) => (q(j)?.error?.code ?? null) === (j.status.lastSuccessfulExecution?.error?.code ?? null)) },
  { query: '$filter=status/lastExecution/timeBegan eq status/quarantine/currentBegan', expected: ids((j) => began(j) === (q(j) ? at(q(j)!.currentBegan) : null)) },
  { query: '$filter=status/lastExecution/timeBegan ne status/quarantine/currentBegan', expected: ids((j) => began(j) !== (q(j) ? at(q(j)!.currentBegan) : null)) },
  { name: 'gt between two null paths is false', query: '$filter=status/quarantine/nextAttempt ge schedule/expiration', expected: [] },
  { query: "$filter=status/troubleshootingUrl lt 'z'", expected: ids((j) => url(j) !== null && compareCodePoints(url(j)!, 'z') < 0) },
  { query: '$filter=null eq null', expected: ALL_IDS },
  { query: '$filter=null ne null', expected: [] },
  { query: "$filter=status/troubleshootingUrl in ('', 'x') or status/troubleshootingUrl eq null", expected: ids((j) => url(j) === '' || url(j) === null) },
  { name: 'a comparison as an operand is true or false, never null', query: "$filter=(status/quarantine/reason eq 'TooManyDeletes') eq false", expected: ids((j) => q(j)?.reason !== 'TooManyDeletes') },
  { query: '$filter=(status/quarantine/seriesCount gt 3) ne true', expected: ids((j) => !(q(j) !== null && q(j)!.seriesCount > 3)) },
  { query: "$filter=(status/quarantine/reason eq 'Unknown' or status/quarantine/reason eq 'TooManyDeletes') eq false", expected: ids((j) => !['Unknown', 'TooManyDeletes'].includes(q(j)?.reason ?? '')) },
  { query: '$filter=status/quarantine/error/tenantActionable ne true', expected: ids((j) => q(j)?.error?.tenantActionable !== true) },
  { query: '$filter=not status/quarantine/error/tenantActionable', expected: ids((j) => q(j)?.error?.tenantActionable !== true) },
  { query: "$filter=synchronizationJobSettings/all(s: not (s/value eq '500'))", expected: ids((j) => settings(j).every((s) => s.value !== '500')) },
];

// ---- §1 durations, strings, enums ----

const durations: ListCase[] = [
  { name: 'PT60M eq PT1H: durations compare by length', query: "$filter=schedule/interval eq duration'PT1H'", expected: ids((j) => interval(j) === 3600), http: true },
  { query: "$filter=schedule/interval eq duration'PT60M'", expected: ids((j) => interval(j) === 3600) },
  { query: "$filter=schedule/interval eq duration'PT3600S'", expected: ids((j) => interval(j) === 3600) },
  { query: "$filter=schedule/interval ne duration'PT40M'", expected: ids((j) => interval(j) !== 2400) },
  { query: "$filter=schedule/interval gt duration'PT1H'", expected: ids((j) => interval(j) > 3600) },
  { query: "$filter=schedule/interval ge duration'PT1H'", expected: ids((j) => interval(j) >= 3600) },
  { query: "$filter=schedule/interval lt duration'PT40M'", expected: ids((j) => interval(j) < 2400) },
  { query: "$filter=schedule/interval le duration'PT20M'", expected: ids((j) => interval(j) <= 1200) },
  { query: "$filter=schedule/interval eq duration'P1D'", expected: ids((j) => interval(j) === 86400) },
  { query: "$filter=schedule/interval eq duration'PT24H'", expected: ids((j) => interval(j) === 86400) },
  { query: "$filter=schedule/interval gt duration'P1D'", expected: ['j11', 'j16'] },
  { query: "$filter=schedule/interval lt duration'PT1S'", expected: ['j17'] },
  { query: "$filter=schedule/interval eq duration'PT0.5S'", expected: ['j17'] },
  { name: 'a negated duration', query: "$filter=-schedule/interval lt duration'-PT1H'", expected: ids((j) => -interval(j) < -3600) },
  { query: "$filter=-schedule/interval eq duration'-PT1H'", expected: ids((j) => interval(j) === 3600) },
  { query: "$filter=schedule/interval eq -duration'-PT40M'", expected: ids((j) => interval(j) === 2400) },
  { query: "$filter=schedule/interval in (duration'PT20M', duration'PT1200S')", expected: ids((j) => interval(j) === 1200) },
  // OData 4.01: an untyped string literal compares with a duration as the duration it spells
  { name: 'a duration compares with an untyped string', query: "$filter=schedule/interval eq 'PT40M'", expected: ids((j) => interval(j) === 2400), http: true },
  { query: "$filter=schedule/interval eq 'PT1H'", expected: ids((j) => interval(j) === 3600) },
  { query: "$filter=schedule/interval lt 'P6DT23H59M59.9999S'", expected: ids((j) => interval(j) < 604799.9999) },
  { query: "$filter=schedule/interval eq 'P10675199DT2H48M5.4775807S'", expected: ['j11'] },
  { query: "$filter='PT1H' lt schedule/interval", expected: ids((j) => interval(j) > 3600) },
  { query: "$filter=schedule/interval in ('PT20M', duration'P1D')", expected: ids((j) => interval(j) === 1200 || interval(j) === 86400) },
];

const strings: ListCase[] = [
  { name: 'strings compare case-sensitively', query: "$filter=templateId eq 'SCIM'", expected: ['j03', 'j28'] },
  { query: "$filter=templateId eq 'Scim'", expected: ['j04', 'j29'] },
  { name: 'ordinal: upper case sorts before lower case', query: "$filter=templateId lt 'a'", expected: ids((j) => /^[A-Z]/.test(j.templateId)) },
  { query: "$filter=templateId gt 'SCIM' and templateId lt 'scim'", expected: ids((j) => compareCodePoints(j.templateId, 'SCIM') > 0 && compareCodePoints(j.templateId, 'scim') < 0) },
  { query: "$filter=templateId ge 'scim'", expected: ids((j) => compareCodePoints(j.templateId, 'scim') >= 0) },
  { name: 'ordinal: a prefix sorts first', query: "$filter=templateId gt 'scim' and templateId lt 'scim~'", expected: ['j17'] },
  { name: 'ordinal: non-ASCII sorts after ASCII', query: "$filter=status/lastExecution/error/code gt 'z'", expected: ['j28'] },
  { query: "$filter=status/troubleshootingUrl gt 'https://example.com/t'", expected: ids((j) => url(j) !== null && compareCodePoints(url(j)!, 'https://example.com/t') > 0) },
  { query: "$filter=status/troubleshootingUrl eq 'https://example.com/troubleshoot'", expected: ['j47'] },
  { query: "$filter=tolower(status/troubleshootingUrl) eq 'https://example.com/troubleshoot'", expected: ['j12', 'j44', 'j47'] },
  { query: "$filter=synchronizationJobSettings/any(s: s/name eq 'domain')", expected: ['j11', 'j22'] },
];

const enums: ListCase[] = [
  { name: 'enum order is the CSDL value: NotConfigured < NotRun < Active < Paused < Quarantine', query: "$filter=status/code gt 'Active'", expected: ids((j) => ORDINAL[code(j)]! > 2), http: true },
  { query: "$filter=status/code ge 'Paused'", expected: ids((j) => ORDINAL[code(j)]! >= 3) },
  { query: "$filter=status/code lt 'Active'", expected: ids((j) => ORDINAL[code(j)]! < 2) },
  { query: "$filter=status/code le 'NotRun'", expected: ids((j) => ORDINAL[code(j)]! <= 1) },
  { query: "$filter=status/code lt 'NotConfigured'", expected: [] },
  { query: "$filter=status/code gt microsoft.graph.synchronizationStatusCode'Paused'", expected: ids((j) => code(j) === 'Quarantine') },
  { query: "$filter=schedule/state gt 'Active'", expected: ids((j) => j.schedule.state !== 'Active') },
  { query: "$filter=schedule/state lt 'Paused'", expected: ids((j) => j.schedule.state !== 'Paused') },
  { name: 'quarantineReason values are flags-like (0,1,2,4,8,…)', query: "$filter=status/quarantine/reason ge 'Unknown'", expected: ids((j) => q(j) !== null && REASONS[q(j)!.reason]! >= 8) },
  { query: "$filter=status/quarantine/reason lt 'EncounteredQuarantineException'", expected: ids((j) => q(j) !== null && REASONS[q(j)!.reason]! < 4) },
  { query: "$filter=status/lastExecution/state gt 'Succeeded'", expected: ids((j) => !!last(j) && last(j)!.state !== 'Succeeded') },
  { query: "$filter=status/lastExecution/state eq status/lastSuccessfulExecution/state", expected: ids((j) => (last(j)?.state ?? null) === (j.status.lastSuccessfulExecution?.state ?? null)) },
  { query: "$filter=status/code ne 'Quarantine' and status/quarantine eq null", expected: ids((j) => code(j) !== 'Quarantine') },
];

// ---- §3 $select ----

const selects: ListCase[] = [
  { query: "$select=id&$filter=templateId eq 'aws'", expected: ids((j) => j.templateId === 'aws'), keys: ['id'], http: true },
  { query: '$select=id,templateId&$top=3', expected: ['j01', 'j02', 'j03'], walk: ALL_IDS, keys: ['id', 'templateId'] },
  { name: '$select lists properties in model order, whatever the order asked', query: '$select=status,id&$top=2', expected: ['j01', 'j02'], walk: ALL_IDS, keys: ['id', 'status'] },
  { query: '$select=schedule,synchronizationJobSettings,id,templateId,status&$top=1', expected: ['j01'], walk: ALL_IDS, keys: JOB_KEYS },
  { query: '$select=*&$top=2', expected: ['j01', 'j02'], walk: ALL_IDS, keys: JOB_KEYS },
  { query: '$select=id,*&$top=1', expected: ['j01'], walk: ALL_IDS, keys: JOB_KEYS },
  { query: '$select=id,id&$top=1', expected: ['j01'], walk: ALL_IDS, keys: ['id'] },
  { query: '$select= id , templateId &$top=1', expected: ['j01'], walk: ALL_IDS, keys: ['id', 'templateId'] },
  { query: '$top=1&$select=*', expected: ['j01'], walk: ALL_IDS, keys: JOB_KEYS },
  { name: '$select does not limit what $filter and $orderby see', query: "$select=id&$filter=status/code eq 'Quarantine'&$orderby=status/countSuccessiveCompleteFailures desc", expected: sorted((j) => code(j) === 'Quarantine', [fails, 'desc']), ordered: true, keys: ['id'] },
  { query: "$SELECT=id&$Filter=id eq 'j05'", expected: ['j05'], keys: ['id'] },
  // paths into complex properties keep the enclosing objects (their members: tests/protocol-fidelity)
  { name: 'a path into a complex property keeps the enclosing object', query: '$select=status/code', expected: ALL_IDS, keys: ['status'], http: true },
  { query: '$select=id,status/code,schedule/interval', expected: ALL_IDS, keys: ['id', 'schedule', 'status'] },
  { query: '$select=status/lastExecution/error,id&$top=4', expected: ALL_IDS.slice(0, 4), walk: ALL_IDS, keys: ['id', 'status'] },
];

// ---- §3 $orderby ----

const orderings: ListCase[] = [
  { query: '$orderby=id desc', expected: [...ALL_IDS].reverse(), ordered: true },
  { query: '$orderby=id', expected: ALL_IDS, ordered: true },
  { query: '$orderby=id asc', expected: ALL_IDS, ordered: true },
  { name: 'ties broken by id', query: '$orderby=templateId', expected: sorted(all, [(j) => j.templateId, 'asc']), ordered: true, http: true },
  { query: '$orderby=templateId desc', expected: sorted(all, [(j) => j.templateId, 'desc']), ordered: true },
  { name: 'enums order by CSDL value', query: '$orderby=status/code', expected: sorted(all, [(j) => ORDINAL[code(j)]!, 'asc']), ordered: true },
  { query: '$orderby=status/code desc', expected: sorted(all, [(j) => ORDINAL[code(j)]!, 'desc']), ordered: true },
  { name: 'several keys, mixed directions', query: '$orderby=status/code desc,status/countSuccessiveCompleteFailures', expected: sorted(all, [(j) => ORDINAL[code(j)]!, 'desc'], [fails, 'asc']), ordered: true },
  { query: '$orderby=status/code,templateId desc,id desc', expected: sorted(all, [(j) => ORDINAL[code(j)]!, 'asc'], [(j) => j.templateId, 'desc'], [(j) => j.id, 'desc']), ordered: true },
  { query: '$orderby=status/countSuccessiveCompleteFailures desc', expected: sorted(all, [fails, 'desc']), ordered: true },
  { name: 'durations order by length', query: '$orderby=schedule/interval', expected: sorted(all, [interval, 'asc']), ordered: true },
  { query: '$orderby=schedule/interval desc,templateId', expected: sorted(all, [interval, 'desc'], [(j) => j.templateId, 'asc']), ordered: true },
  { name: 'instants order in UTC, to 100 ns; nulls first', query: '$orderby=status/lastExecution/timeBegan', expected: sorted(all, [began, 'asc']), ordered: true },
  { name: 'nulls last descending', query: '$orderby=status/lastExecution/timeBegan desc', expected: sorted(all, [began, 'desc']), ordered: true },
  { query: '$orderby=schedule/expiration desc', expected: sorted(all, [expiration, 'desc']), ordered: true },
  { name: 'nested paths', query: '$orderby=status/lastExecution/error/code,status/quarantine/reason desc', expected: sorted(all, [(j) => last(j)?.error?.code, 'asc'], [(j) => (q(j) ? REASONS[q(j)!.reason]! : null), 'desc']), ordered: true },
  { query: '$orderby=status/quarantine/seriesCount desc', expected: sorted(all, [(j) => q(j)?.seriesCount, 'desc']), ordered: true },
  { name: 'a function call as a key', query: '$orderby=tolower(templateId),templateId desc', expected: sorted(all, [(j) => j.templateId.toLowerCase(), 'asc'], [(j) => j.templateId, 'desc']), ordered: true, http: true },
  { query: '$orderby=length(templateId) desc', expected: sorted(all, [(j) => j.templateId.length, 'desc']), ordered: true },
  { query: '$orderby=status/countSuccessiveCompleteFailures mod 3,id desc', expected: sorted(all, [(j) => fails(j) % 3, 'asc'], [(j) => j.id, 'desc']), ordered: true },
  { query: '$orderby=status/escrowsPruned desc', expected: sorted(all, [(j) => Number(j.status.escrowsPruned), 'desc']), ordered: true },
  { query: '$orderby=status/troubleshootingUrl', expected: sorted(all, [url, 'asc']), ordered: true },
  { query: "$orderby=status/code eq 'Active' desc", expected: sorted(all, [(j) => Number(code(j) === 'Active'), 'desc']), ordered: true },
  { query: '$orderby=year(status/lastExecution/timeBegan),hour(status/lastExecution/timeBegan) desc', expected: sorted(all, [(j) => (began(j) ? Number(began(j)!.slice(0, 4)) : null), 'asc'], [(j) => (began(j) ? Number(began(j)!.slice(11, 13)) : null), 'desc']), ordered: true },
  { query: "$filter=status/code eq 'Active'&$orderby=status/lastExecution/timeEnded desc", expected: sorted((j) => code(j) === 'Active', [(j) => (last(j) ? at(last(j)!.timeEnded) : null), 'desc']), ordered: true },
  { query: '$orderby=status/lastExecution/countExported desc&$top=5', expected: sorted(all, [(j) => last(j)?.countExported, 'desc']).slice(0, 5), walk: sorted(all, [(j) => last(j)?.countExported, 'desc']), ordered: true },
  { query: '$orderby=status/code&$skip=40', expected: sorted(all, [(j) => ORDINAL[code(j)]!, 'asc']).slice(40), ordered: true },
  { query: '$orderby=id DESC', expected: [...ALL_IDS].reverse(), ordered: true },
  { query: '$orderby=templateId asc,  id desc', expected: sorted(all, [(j) => j.templateId, 'asc'], [(j) => j.id, 'desc']), ordered: true },
];

// ---- §3 $top, $skip, $count ----

const paging: ListCase[] = [
  { query: '$top=0', expected: [] },
  { query: '$top=1', expected: ['j01'], walk: ALL_IDS, ordered: true },
  { name: '$top is the page size: the nextLinks lead to every job, 5 a page', query: '$top=5', expected: ALL_IDS.slice(0, 5), walk: ALL_IDS, ordered: true, http: true },
  { query: '$top=48', expected: ALL_IDS, ordered: true },
  { query: '$top=999', expected: ALL_IDS, ordered: true },
  { query: '$top=010', expected: ALL_IDS.slice(0, 10), walk: ALL_IDS, ordered: true },
  { query: '$top=47', expected: ALL_IDS.slice(0, 47), walk: ALL_IDS, ordered: true },
  { query: '$skip=0', expected: ALL_IDS },
  { query: '$skip=45', expected: ['j46', 'j47', 'j48'], ordered: true },
  { query: '$skip=48', expected: [] },
  { query: '$skip=1000000', expected: [] },
  { name: '$skip applies once, before the first page', query: '$skip=10&$top=3', expected: ['j11', 'j12', 'j13'], walk: ALL_IDS.slice(10), ordered: true },
  { query: '$top=3&$skip=10', expected: ['j11', 'j12', 'j13'], walk: ALL_IDS.slice(10), ordered: true },
  { query: "$filter=templateId eq 'scim'&$skip=2&$top=2", expected: ids((j) => j.templateId === 'scim').slice(2, 4), walk: ids((j) => j.templateId === 'scim').slice(2), ordered: true },
  { query: '$orderby=id desc&$skip=1&$top=2', expected: ['j47', 'j46'], walk: [...ALL_IDS].reverse().slice(1), ordered: true },
  { query: '$count=true', expected: ALL_IDS, count: 48, http: true },
  { query: '$count=false', expected: ALL_IDS },
  { name: '@odata.count on every page of a walk', query: '$count=TRUE&$top=2', expected: ['j01', 'j02'], walk: ALL_IDS, count: 48 },
  { name: '@odata.count is the total before $top and $skip', query: "$count=true&$filter=status/code eq 'Quarantine'&$top=1&$skip=1", expected: ids((j) => code(j) === 'Quarantine').slice(1, 2), walk: ids((j) => code(j) === 'Quarantine').slice(1), count: ids((j) => code(j) === 'Quarantine').length },
  { query: '$count=true&$top=0', expected: [], count: 48 },
  { query: "$count=true&$filter=templateId eq 'nope'", expected: [], count: 0 },
  { query: '$count=true&$skip=100', expected: [], count: 48 },
  { query: "$count=true&$filter=synchronizationJobSettings/any(s: s/value eq null)&$orderby=id desc", expected: ids((j) => settings(j).some((s) => s.value === null)).reverse(), ordered: true, count: ids((j) => settings(j).some((s) => s.value === null)).length },
  { name: 'parameters that are not options are ignored', query: 'foo=bar&$top=1', expected: ['j01'], walk: ALL_IDS },
  { name: 'an option name is case-insensitive', query: '$TOP=1', expected: ['j01'], walk: ALL_IDS },
];

const counts$: CountCase[] = [
  { path: 'count', query: '', count: 48 },
  { path: 'count', query: "$filter=status/code eq 'Quarantine'", count: ids((j) => code(j) === 'Quarantine').length },
  { path: 'count', query: "$filter=not (status/quarantine/reason eq 'TooManyDeletes')", count: 46 },
  { path: 'count', query: "$filter=synchronizationJobSettings/any(s: s/name eq 'Domain')", count: ids((j) => settings(j).some((s) => s.name === 'Domain')).length },
  { path: 'count', query: "$filter=templateId eq 'nope'", count: 0 },
  { path: 'count', query: "$filter=schedule/interval eq duration'PT1H'", count: ids((j) => interval(j) === 3600).length },
  { name: '/$count ignores $top and $orderby', path: 'count', query: '$top=1&$orderby=id desc', count: 48 },
];

// ---- §7 GET of one job ----

const entities: EntityCase[] = [
  { path: { job: 'j01' }, query: '', keys: ['@odata.context', ...JOB_KEYS] },
  { path: { job: 'j01' }, query: '$select=id,status', keys: ['@odata.context', 'id', 'status'] },
  { path: { job: 'j17' }, query: '$select=synchronizationJobSettings', keys: ['@odata.context', 'synchronizationJobSettings'] },
  { path: { job: 'j17' }, query: '$select=*', keys: ['@odata.context', ...JOB_KEYS] },
  { path: { job: 'j02' }, query: '$SELECT=templateId', keys: ['@odata.context', 'templateId'] },
];

// ---- §2 errors: messages and positions ----

const errors: ErrorCase[] = [
  // OData 4.01 literal rules: 'in' takes literals; a string that is not a duration; days that do not exist
  { query: "$filter=templateId in (templateId)", error: { status: 400, message: syntax('$filter', 'templateId in (templateId)', 15, "the list after 'in' takes literals only, found the property 'templateId'") }, http: true },
  { query: "$filter=templateId in (templateId,id)", error: { status: 400, message: syntax('$filter', 'templateId in (templateId,id)', 15, "the list after 'in' takes literals only, found the property 'templateId'") } },
  { query: "$filter=templateId in ('x', id)", error: { status: 400, message: syntax('$filter', "templateId in ('x', id)", 20, "the list after 'in' takes literals only, found the property 'id'") } },
  typeError("schedule/interval eq 'soon'", "'soon' is not an ISO 8601 duration such as PT40M", "'soon'"),
  typeError("schedule/interval eq 'P1Y'", "'P1Y' is not an ISO 8601 duration such as PT40M", "'P1Y'"),
  { query: '$filter=status/lastExecution/timeBegan gt 2024-02-30T10:00:00Z', error: { status: 400, message: syntax('$filter', 'status/lastExecution/timeBegan gt 2024-02-30T10:00:00Z', 34, "'2024-02-30T10:00:00Z' names a day or time that does not exist") }, http: true },
  { query: '$filter=schedule/expiration lt 2023-02-29T00:00:00Z', error: { status: 400, message: syntax('$filter', 'schedule/expiration lt 2023-02-29T00:00:00Z', 23, "'2023-02-29T00:00:00Z' names a day or time that does not exist") } },
  { query: '$filter=date(schedule/expiration) eq 2025-04-31', error: { status: 400, message: syntax('$filter', 'date(schedule/expiration) eq 2025-04-31', 29, "'2025-04-31' names a day that does not exist") } },
  // $select paths: every name along the path is checked
  { query: '$select=status/nope', error: { status: 400, message: unknown('nope', 'synchronizationStatus') }, http: true },
  { query: '$select=id,status/lastExecution/error/nope', error: { status: 400, message: unknown('nope', 'synchronizationError') } },
  { query: '$select=schedule/interval/x', error: { status: 400, message: semantic('$select', "'schedule/interval' is of type Edm.Duration, which has no properties to select", 18) } },
  // type errors: the position is the operator's for comparisons, the operand's otherwise
  typeError("templateId eq 1", "'eq' cannot compare Edm.String with Edm.Int64", 'eq', { http: true }),
  typeError("status/countSuccessiveCompleteFailures eq 'x'", "'eq' cannot compare Edm.Int64 with Edm.String", 'eq'),
  typeError('schedule/interval gt 3600', "'gt' cannot compare Edm.Duration with Edm.Int64", 'gt'),
  typeError('status/lastExecution/timeBegan gt 2025-06-15', "'gt' cannot compare Edm.DateTimeOffset with Edm.Date", 'gt'),
  typeError("status/lastExecution/timeBegan eq '2025-06-15T11:20:00Z'", "'eq' cannot compare Edm.DateTimeOffset with Edm.String", 'eq'),
  typeError('id eq 01234567-89ab-cdef-0123-456789abcdef', "'eq' cannot compare Edm.String with Edm.Guid", 'eq'),
  typeError('time(status/lastExecution/timeBegan) eq 2025-06-15', "'eq' cannot compare Edm.TimeOfDay with Edm.Date", 'eq'),
  typeError("status/code eq 'active'", "'active' is not a member of microsoft.graph.synchronizationStatusCode; its members are NotConfigured, NotRun, Active, Paused, Quarantine", "'active'"),
  typeError("status/code in ('Active', 'Running')", "'Running' is not a member of microsoft.graph.synchronizationStatusCode; its members are NotConfigured, NotRun, Active, Paused, Quarantine", "'Running'"),
  typeError("status/code eq microsoft.graph.synchronizationScheduleState'Active'", "'eq' cannot compare microsoft.graph.synchronizationStatusCode with microsoft.graph.synchronizationScheduleState", 'eq'),
  typeError("status/code eq microsoft.graph.nope'Active'", "'microsoft.graph.nope' is not an enum type of this model", 'microsoft'),
  typeError('status/code eq schedule/state', "'eq' cannot compare microsoft.graph.synchronizationStatusCode with microsoft.graph.synchronizationScheduleState", 'eq'),
  typeError('status/quarantine/reason eq status/lastSuccessfulExecution/state', "'eq' cannot compare microsoft.graph.quarantineReason with microsoft.graph.synchronizationTaskExecutionResult", 'eq'),
  typeError('status/code add 1 eq 2', "'add' needs numbers, but its operands are microsoft.graph.synchronizationStatusCode and Edm.Int64", 'add'),
  typeError("templateId add 'x' eq 'y'", "'add' needs numbers, but its operands are Edm.String and Edm.String", 'add'),
  typeError("schedule/interval add duration'PT1M' eq duration'PT41M'", "'add' needs numbers, but its operands are Edm.Duration and Edm.Duration", 'add'),
  typeError("-templateId eq 'x'", "'-' needs a number, but its operand is Edm.String", 0),
  typeError('templateId', 'the expression is of type Edm.String, but a filter must be a boolean', 0),
  typeError('status/countSuccessiveCompleteFailures add 1', 'the expression is of type Edm.Int64, but a filter must be a boolean', 0),
  typeError("templateId eq 'scim' and 1", "the right operand of 'and' must be a boolean, but is Edm.Int64", '1'),
  typeError('not templateId', "the operand of 'not' must be a boolean, but is Edm.String", 'templateId'),
  typeError('status eq null and status/code', "the right operand of 'and' must be a boolean, but is microsoft.graph.synchronizationStatusCode", 'status/code'),
  typeError("status eq 'x'", "'eq' cannot compare microsoft.graph.synchronizationStatus; compare one of its properties, or test it against null with eq or ne", 'eq'),
  typeError('status/lastExecution gt null', "'gt' cannot compare microsoft.graph.synchronizationTaskExecution; compare one of its properties, or test it against null with eq or ne", 'gt'),
  typeError("synchronizationJobSettings ne 'x'", "'ne' cannot compare a collection; use any() or all() to test its items", 'ne'),
  { name: 'a collection cannot be compared, even with null', ...typeError('synchronizationJobSettings eq null', "'eq' cannot compare a collection; use any() or all() to test its items", 'eq') },
  typeError('status/progress eq null', "'eq' cannot compare a collection; use any() or all() to test its items", 'eq'),
  typeError("templateId in ('a', 1)", "'in' cannot compare Edm.String with Edm.Int64", '1'),
  { name: 'in binds tighter than add (it is a primary operator)', ...typeError('status/countSuccessiveCompleteFailures add 1 in (2, 3)', "'add' needs numbers, but its operands are Edm.Int64 and Edm.Boolean", 'add') },
  typeError('contains(templateId, 1)', "argument 2 of 'contains' must be Edm.String, but is Edm.Int64", '1'),
  typeError('length(status/countSuccessiveCompleteFailures) eq 1', "argument 1 of 'length' must be Edm.String, but is Edm.Int64", 'status'),
  typeError('year(templateId) eq 1', "argument 1 of 'year' must be Edm.Date or Edm.DateTimeOffset, but is Edm.String", 'templateId'),
  typeError('hour(2025-06-15) eq 1', "argument 1 of 'hour' must be Edm.DateTimeOffset, but is Edm.Date", '2025'),
  typeError("substring(templateId, 1.5) eq 'x'", "argument 2 of 'substring' must be an integer, but is Edm.Decimal", '1.5'),
  typeError('round(templateId) eq 1', "argument 1 of 'round' must be a number, but is Edm.String", 'templateId'),
  typeError('contains(templateId, status/code)', "argument 2 of 'contains' must be Edm.String, but is microsoft.graph.synchronizationStatusCode", 'status'),
  // unknown functions and arity
  { query: "$filter=frobnicate(templateId) eq 'x'", error: { status: 400, message: /^Invalid \$filter clause: unknown function 'frobnicate'; the functions are contains, startswith, .*ceiling \(at position 0\)\.$/ }, http: true },
  { query: "$filter=matchesPattern(templateId, 'x')", error: { status: 400, message: /unknown function 'matchespattern'.*\(at position 0\)\.$/ } },
  { query: "$filter=contains(templateId) eq true", error: { status: 400, message: semantic('$filter', "'contains' takes 2 arguments, but was given 1", 0) } },
  { query: "$filter=tolower(templateId, 'x') eq 'y'", error: { status: 400, message: semantic('$filter', "'tolower' takes 1 argument, but was given 2", 0) } },
  { query: "$filter=substring(templateId) eq 'y'", error: { status: 400, message: semantic('$filter', "'substring' takes 2 to 3 arguments, but was given 1", 0) } },
  { query: "$filter=now(1) gt schedule/expiration", error: { status: 400, message: semantic('$filter', "'now' takes 0 arguments, but was given 1", 0) } },
  { query: "$filter=concat() eq 'x'", error: { status: 400, message: semantic('$filter', "'concat' takes 2 arguments, but was given 0", 0) } },
  // lambdas
  { query: "$filter=templateId/any(t: t eq 'x')", error: { status: 400, message: semantic('$filter', "'templateId' is Edm.String, not a collection, so 'any' cannot apply to it", 0) }, http: true },
  { query: "$filter=status/any(s: s/code eq 'Active')", error: { status: 400, message: semantic('$filter', "'status' is microsoft.graph.synchronizationStatus, not a collection, so 'any' cannot apply to it", 0) } },
  { query: "$filter=status/quarantine/all(q: true)", error: { status: 400, message: semantic('$filter', "'quarantine' is microsoft.graph.synchronizationQuarantine, not a collection, so 'all' cannot apply to it", 0) } },
  { query: "$filter=synchronizationJobSettings/any(s: s/nope eq 'x')", error: { status: 400, message: unknown('nope', 'keyValuePair') } },
  { query: "$filter=synchronizationJobSettings/any(s: s/name)", error: { status: 400, message: semantic('$filter', "the predicate of 'any' must be a boolean, but is Edm.String", 34) } },
  { query: "$filter=synchronizationJobSettings/all()", error: { status: 400, message: syntax('$filter', 'synchronizationJobSettings/all()', 30, "'all' needs a lambda variable and a predicate, as in all(x: x/name eq 'a')") } },
  { query: "$filter=synchronizationJobSettings/name eq 'x'", error: { status: 400, message: semantic('$filter', "'synchronizationJobSettings' is a collection; test its items with any() or all()", 27) } },
  { query: "$filter=synchronizationJobSettings/any(s: t/name eq 'x')", error: { status: 400, message: unknown('t', 'synchronizationJob') } },
  { query: "$filter=synchronizationJobSettings/any(s s/name eq 'x')", error: { status: 400, message: syntax('$filter', "synchronizationJobSettings/any(s s/name eq 'x')", 33, "expected ':' after the lambda variable 's', found 's'") } },
  // unknown properties and paths
  { query: "$filter=nope eq 'x'", error: { status: 400, message: unknown('nope', 'synchronizationJob') }, http: true },
  { query: "$filter=TemplateId eq 'scim'", error: { status: 400, message: unknown('TemplateId', 'synchronizationJob') } },
  { query: '$filter=status/nope eq 1', error: { status: 400, message: unknown('nope', 'synchronizationStatus') } },
  { query: "$filter=status/lastExecution/error/nope eq 'x'", error: { status: 400, message: unknown('nope', 'synchronizationError') } },
  { query: "$filter=templateId/length eq 1", error: { status: 400, message: "Could not find a property named 'length' on type 'Edm.String'." } },
  { query: "$filter=schema eq null", error: { status: 400, message: semantic('$filter', "'schema' is a navigation property of microsoft.graph.synchronizationJob; it cannot be used in $filter", 0) } },
  // syntax errors with positions
  { query: '$filter=templateId eq', error: { status: 400, message: syntax('$filter', 'templateId eq', 13, "expected an expression after 'eq', found the end of the clause") }, http: true },
  { query: "$filter=templateId eq 'scim", error: { status: 400, message: syntax('$filter', "templateId eq 'scim", 14, 'the string literal that starts here has no closing quote') } },
  { query: "$filter=templateId eq 'scim' and", error: { status: 400, message: syntax('$filter', "templateId eq 'scim' and", 24, "expected an expression after 'and', found the end of the clause") } },
  { query: "$filter=templateId eq 'scim')", error: { status: 400, message: syntax('$filter', "templateId eq 'scim')", 20, "expected an operator or the end of the clause, found ')'") } },
  { query: "$filter=(templateId eq 'scim'", error: { status: 400, message: syntax('$filter', "(templateId eq 'scim'", 21, "expected ')' to close the '(' at position 0, found the end of the clause") } },
  { query: "$filter=templateId == 'scim'", error: { status: 400, message: syntax('$filter', "templateId == 'scim'", 11, "expected an operator or the end of the clause, found '='") } },
  { query: '$filter=', error: { status: 400, message: syntax('$filter', '', 0, 'expected an expression, found the end of the clause') } },
  { query: "$filter=templateId has 'x'", error: { status: 400, message: syntax('$filter', "templateId has 'x'", 11, "the 'has' operator is not supported: no property of synchronizationJob is a flags enum") } },
  { query: "$filter=templateId in ()", error: { status: 400, message: syntax('$filter', 'templateId in ()', 15, "the list after 'in' is empty") } },
  { query: "$filter=templateId in 'a'", error: { status: 400, message: syntax('$filter', "templateId in 'a'", 14, "expected '(' to open the list after 'in', found a string literal") } },
  { query: "$filter=templateId eq'scim'", error: { status: 400, message: syntax('$filter', "templateId eq'scim'", 13, "expected a space after 'eq'") } },
  { query: "$filter=status/code eq 'Active'and true", error: { status: 400, message: syntax('$filter', "status/code eq 'Active'and true", 23, "expected a space before 'and'") } },
  { query: '$filter=@p eq 1', error: { status: 400, message: syntax('$filter', '@p eq 1', 0, "'@p' is not supported in this emulator's $filter") } },
  { query: '$filter=$it/templateId eq 1', error: { status: 400, message: syntax('$filter', '$it/templateId eq 1', 0, "'$it' is not supported in this emulator's $filter") } },
  { query: "$filter=isof(templateId, Edm.String)", error: { status: 400, message: syntax('$filter', 'isof(templateId, Edm.String)', 17, "type casts and qualified names such as 'Edm.String' are not supported") } },
  { query: "$filter=status/lastExecution/timeBegan gt 2025-06-15T11:20:00", error: { status: 400, message: syntax('$filter', 'status/lastExecution/timeBegan gt 2025-06-15T11:20:00', 34, "'2025-06-15T11:20:00' is not a valid DateTimeOffset literal such as 2024-01-31T13:45:00Z or 2024-01-31T13:45:00%2B01:00 (the offset is required; in a URL a '+' is a space)") } },
  { query: "$filter=schedule/interval eq duration'40 minutes'", error: { status: 400, message: semantic('$filter', "'40 minutes' is not an ISO 8601 duration such as PT40M", 21) } },
  { query: "$filter=schedule/interval eq duration'P1Y'", error: { status: 400, message: semantic('$filter', "'P1Y' is not an ISO 8601 duration such as PT40M", 21) } },
  { query: "$filter=templateId eq binary'AAAA'", error: { status: 400, message: syntax('$filter', "templateId eq binary'AAAA'", 14, "'binary' literals are not supported") } },
  { query: "$filter=status/countSuccessiveCompleteFailures eq 1x", error: { status: 400, message: syntax('$filter', 'status/countSuccessiveCompleteFailures eq 1x', 43, "expected an operator after the number '1', found 'x'") } },
  // $orderby
  { query: '$orderby=synchronizationJobSettings', error: { status: 400, message: semantic('$orderby', 'cannot order by Collection(microsoft.graph.keyValuePair): only primitive and enum values can be ordered', 0) }, http: true },
  { query: '$orderby=status/progress desc', error: { status: 400, message: semantic('$orderby', 'cannot order by Collection(microsoft.graph.synchronizationProgress): only primitive and enum values can be ordered', 0) } },
  { query: '$orderby=id,status', error: { status: 400, message: semantic('$orderby', 'cannot order by microsoft.graph.synchronizationStatus: only primitive and enum values can be ordered', 3) } },
  { query: '$orderby=nope', error: { status: 400, message: unknown('nope', 'synchronizationJob') } },
  { query: '$orderby=STATUS/code', error: { status: 400, message: unknown('STATUS', 'synchronizationJob') } },
  { query: '$orderby=id sideways', error: { status: 400, message: syntax('$orderby', 'id sideways', 3, "expected ',', 'asc', 'desc' or the end of the clause, found 'sideways'") } },
  { query: '$orderby=id,', error: { status: 400, message: syntax('$orderby', 'id,', 3, 'expected an expression, found the end of the clause') } },
  { query: '$orderby=', error: { status: 400, message: syntax('$orderby', '', 0, 'expected an expression, found the end of the clause') } },
  // $select, $top, $skip, $count, $skiptoken and the options themselves
  { query: '$select=nope', error: { status: 400, message: unknown('nope', 'synchronizationJob') }, http: true },
  { query: '$select=schema', error: { status: 400, message: semantic('$select', "'schema' is a navigation property of microsoft.graph.synchronizationJob; it cannot be selected", 0) } },
  { query: '$select=id,', error: { status: 400, message: syntax('$select', 'id,', 3, 'expected a property name or *, found the end of the clause') } },
  { query: '$select=', error: { status: 400, message: syntax('$select', '', 0, 'expected a property name or *, found the end of the clause') } },
  { query: '$top=1000', error: { status: 400, message: "Invalid $top value '1000': it must be at most 999." }, http: true },
  { query: '$top=-1', error: { status: 400, message: "Invalid $top value '-1': it must be a non-negative integer from 0 to 999." } },
  { query: '$top=1.5', error: { status: 400, message: "Invalid $top value '1.5': it must be a non-negative integer from 0 to 999." } },
  { query: '$top=ten', error: { status: 400, message: "Invalid $top value 'ten': it must be a non-negative integer from 0 to 999." } },
  { query: '$top=', error: { status: 400, message: "Invalid $top value '': it must be a non-negative integer from 0 to 999." } },
  { query: '$skip=-1', error: { status: 400, message: /^Invalid \$skip value '-1': it must be a non-negative integer/ } },
  { query: '$count=yes', error: { status: 400, message: "Invalid $count value 'yes': it must be true or false." } },
  { query: '$skiptoken=', error: { status: 400, message: "Invalid $skiptoken value '': use the whole @odata.nextLink the previous page returned." } },
  { query: '$skiptoken=garbage', error: { status: 400, message: "The $skiptoken 'garbage' is not valid: use the @odata.nextLink of the previous page as it is." } },
  { query: '$expand=schema', error: { status: 400, message: "Query option '$expand' is not supported on a list of synchronizationJobs; expand the schema of one job (…/jobs/{id}?$expand=schema)." } },
  { query: '$search=x', error: { status: 400, message: "Query option '$search' is not supported on synchronization jobs." } },
  { query: '$frobnicate=1', error: { status: 400, message: "Query option '$frobnicate' is not a known OData system query option." } },
  { query: '$top=1&$top=2', error: { status: 400, message: "Query option '$top' was specified more than once; it must be specified at most once." } },
  { query: "$filter=true&$FILTER=false", error: { status: 400, message: "Query option '$filter' was specified more than once; it must be specified at most once." } },
  // /$count
  { path: 'count', query: "$filter=nope eq 1", error: { status: 400, message: unknown('nope', 'synchronizationJob') } },
  { path: 'count', query: "$filter=templateId eq", error: { status: 400, message: syntax('$filter', 'templateId eq', 13, "expected an expression after 'eq', found the end of the clause") } },
  // §7: GET of one job takes $select only
  { path: { job: 'j01' }, query: "$filter=templateId eq 'scim'", error: { status: 400, message: "Query option '$filter' is not allowed when reading a single synchronizationJob; only $select and $expand are." }, http: true },
  { path: { job: 'j01' }, query: '$top=1', error: { status: 400, message: "Query option '$top' is not allowed when reading a single synchronizationJob; only $select and $expand are." } },
  { path: { job: 'j01' }, query: '$orderby=id', error: { status: 400, message: "Query option '$orderby' is not allowed when reading a single synchronizationJob; only $select and $expand are." } },
  { path: { job: 'j01' }, query: '$count=true', error: { status: 400, message: "Query option '$count' is not allowed when reading a single synchronizationJob; only $select and $expand are." } },
  { path: { job: 'j01' }, query: '$skip=1', error: { status: 400, message: "Query option '$skip' is not allowed when reading a single synchronizationJob; only $select and $expand are." } },
  { path: { job: 'j01' }, query: '$select=nope', error: { status: 400, message: unknown('nope', 'synchronizationJob') } },
  { path: { job: 'j01' }, query: '$select=id&$select=status', error: { status: 400, message: "Query option '$select' was specified more than once; it must be specified at most once." } },
];

/** Every case of the suite. */
export const cases: readonly Case[] = [
  ...comparisons,
  ...logic,
  ...inOperator,
  ...arithmetic,
  ...literals,
  ...functions,
  ...lambdas,
  ...paths,
  ...nulls,
  ...durations,
  ...strings,
  ...enums,
  ...selects,
  ...orderings,
  ...paging,
  ...counts$,
  ...entities,
  ...errors,
];

/** Cases whose compiled SQL (through `emulator.explain`) is asserted. */
export interface SqlCase {
  readonly name: string;
  readonly query: string;
  /** Patterns the SQL must match. */
  readonly sql: readonly RegExp[];
  /** Patterns it must not match (literal values inlined into the SQL text, for instance). */
  readonly notSql?: readonly RegExp[];
  /** Values that must be among the bound parameters. */
  readonly parameters?: readonly unknown[];
  /** A pattern one line of SQLite's plan must match. */
  readonly plan?: RegExp;
}

export const sqlCases: readonly SqlCase[] = [
  {
    name: 'status/code uses the generated column and its index; the value is a parameter',
    query: "$filter=status/code eq 'Quarantine'",
    sql: [/"jobs"\."status_code" = \?/],
    notSql: [/'Quarantine'/, /json_extract\(.*status\.code/],
    parameters: ['Quarantine'],
    plan: /USING (COVERING )?INDEX jobs_sp_status_code \(service_principal_id=\? AND status_code=\?\)/,
  },
  {
    name: 'templateId uses its column and index',
    query: "$filter=templateId eq 'scim'",
    sql: [/"jobs"\."template_id" = \?/],
    notSql: [/'scim'/],
    parameters: ['scim'],
    plan: /USING (COVERING )?INDEX jobs_sp_template/,
  },
  {
    name: 'the issue’s benchmark query: status/code by index, the count from the body, every literal of the filter a parameter, the page size (checked whole number) a literal',
    query: "$filter=status/code eq 'Quarantine' and status/countSuccessiveCompleteFailures ge 3&$top=100",
    sql: [/"jobs"\."status_code" = \?/, /json_extract\("jobs"\."body", '\$\.status\.countSuccessiveCompleteFailures'\) >= \?/, /limit 101$/],
    notSql: [/'Quarantine'/, />= 3/],
    parameters: ['Quarantine', 3],
    plan: /jobs_sp_status_code/,
  },
  {
    name: 'a string literal with a quote is a parameter, never spliced into the SQL',
    query: "$filter=status/troubleshootingUrl eq 'https://example.com/it''s'",
    sql: [/json_extract\("jobs"\."body", '\$\.status\.troubleshootingUrl'\) = \?/],
    notSql: [/it's/, /it''s/],
    parameters: ["https://example.com/it's"],
  },
  {
    name: 'the service principal is a parameter and the default order is by id',
    query: '',
    sql: [/"jobs"\."service_principal_id" = \?/, /order by jobs\.id asc/],
    parameters: ['3f9d2c1a-7b6e-4d5c-8a9b-0c1d2e3f4a5b'],
    plan: /SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 \(service_principal_id=\?\)/,
  },
  {
    name: 'not coalesces unknown to false (decision 0004)',
    query: "$filter=not (status/quarantine/reason eq 'TooManyDeletes')",
    sql: [/not coalesce\(/],
    parameters: ['TooManyDeletes'],
  },
  {
    name: 'any() is an EXISTS over json_each of the collection',
    query: "$filter=synchronizationJobSettings/any(s: s/name eq 'Domain')",
    sql: [/exists \(select 1 from json_each\("jobs"\."body", '\$\.synchronizationJobSettings'\)/, /json_extract\("lambda1"\."value", '\$\.name'\) = \?/],
    parameters: ['Domain'],
  },
  {
    name: 'all() is a NOT EXISTS of a counter-example',
    query: "$filter=status/progress/all(p: p/completedUnits gt 0)",
    sql: [/not exists \(select 1 from json_each\("jobs"\."body", '\$\.status\.progress'\)/],
    parameters: [0],
  },
  {
    name: 'durations compare by length through syncemu_duration_seconds',
    query: "$filter=schedule/interval eq duration'PT1H'",
    sql: [/syncemu_duration_seconds\(json_extract\("jobs"\."body", '\$\.schedule\.interval'\)\)/, /syncemu_duration_seconds\(\?\)/],
    parameters: ['PT1H'],
  },
  {
    name: 'enum ordering compares CSDL values, the member name a parameter',
    query: "$filter=status/code gt 'Active'&$orderby=status/code desc",
    sql: [/case "jobs"\."status_code" when 'NotConfigured' then 0 when 'NotRun' then 1 when 'Active' then 2 when 'Paused' then 3 when 'Quarantine' then 4 end/, /order by .* desc, jobs\.id asc/],
    parameters: ['Active'],
  },
  {
    name: 'in is a disjunction of parameters',
    query: "$filter=templateId in ('aws', 'slack', 'gsuite')",
    sql: [/"jobs"\."template_id" = \?/],
    notSql: [/'aws'|'slack'|'gsuite'/],
    parameters: ['aws', 'slack', 'gsuite'],
  },
  {
    name: '$count=true is a scalar subquery of the same statement',
    query: "$count=true&$filter=templateId eq 'scim'",
    sql: [/\(select count\(\*\) from jobs where jobs\.service_principal_id = \? and /],
  },
];
