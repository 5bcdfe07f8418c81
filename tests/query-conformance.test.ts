/**
 * The query conformance suite of issue 3: every case of tests/conformance/cases.ts through the
 * HTTP surface (`emulator.fetch` on /v1.0, and a sample through a real listener on /beta with
 * option names without `$`), the compiled SQL of a sample, the reference evaluator checked against
 * the same expectations, and regression tests for the bugs this suite found.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseListQuery } from '@syncemu/odata';
import type { Emulator } from '@syncemu/core';
import { cases, sqlCases, type Case, type CountCase, type EntityCase, type ErrorCase, type ListCase } from './conformance/cases.js';
import { fromTyped } from './conformance/expression.js';
import { ALL_IDS, FIXTURE, JOBS, NOW, OTHER_JOBS, SP, SP_OTHER } from './conformance/jobs-fixture.js';
import { referenceQuery } from './conformance/reference-evaluator.js';
import { assertGraphError, encodeQuery, internalErrors, jobsUrl, seededEmulator, walk, ORIGIN, type ListBody } from './support/query-http.js';
import { caseUrl, check, isCount, isEntity, isError, isList, label } from './support/conformance-check.js';

let emulator: Emulator;

test.before(async () => {
  emulator = await seededEmulator();
});

test.after(async () => {
  await emulator.close();
});

/** `2025-06-15T13:20:00+02:00` → `2025-06-15T11:20:00Z`, `…T11:20Z` → `…T11:20:00Z` (fraction kept), through every string of a JSON value: Graph answers times in UTC with seconds. */
function inUtc<T>(value: T): T {
  if (typeof value === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
    return (m ? `${new Date(`${m[1]}${m[2] ?? ':00'}${m[4]}`).toISOString().slice(0, 19)}${m[3] ?? ''}Z` : value) as T;
  }
  if (Array.isArray(value)) return value.map(inUtc) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inUtc(v)])) as T;
  return value;
}

test('the fixture: at least 40 jobs served back as seeded (times in UTC), and the other service principal kept apart', async () => {
  assert.ok(JOBS.length >= 40);
  const res = await emulator.fetch(`${jobsUrl()}?$top=999`);
  const body = (await res.json()) as ListBody;
  assert.equal(body.value, inUtc(JOBS));
  assert.is(inUtc('2025-06-15T06:20:00-05:00'), '2025-06-15T11:20:00Z');
  const served = JSON.stringify(body.value);
  assert.not.match(served, /T\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d"/, 'no time is served with an offset');
  const other = (await (await emulator.fetch(`${jobsUrl('v1.0', SP_OTHER)}?$top=999`)).json()) as ListBody;
  assert.equal(other.value, inUtc(OTHER_JOBS));
  // what the fixture covers
  const codes = new Set(JOBS.map((j) => j.status.code));
  assert.is(codes.size, 5);
  const reasons = new Set(JOBS.map((j) => j.status.quarantine?.reason ?? null));
  assert.is(reasons.size, 9, 'the eight reasons and null');
  const intervals = new Set(JOBS.map((j) => j.schedule.interval));
  for (const interval of ['PT40M', 'PT1H', 'PT60M', 'P1D', 'P10675199DT2H48M5.4775807S']) assert.ok(intervals.has(interval), interval);
  assert.ok(JOBS.some((j) => j.synchronizationJobSettings?.length === 0) && JOBS.some((j) => (j.synchronizationJobSettings?.length ?? 0) >= 3));
  assert.ok(JOBS.some((j) => j.synchronizationJobSettings?.some((s) => s.value === null)));
  assert.ok(JOBS.some((j) => j.status.progress?.length === 0) && JOBS.some((j) => (j.status.progress?.length ?? 0) >= 2));
  assert.ok(JOBS.some((j) => j.status.synchronizedEntryCountByType?.length === 0) && JOBS.some((j) => (j.status.synchronizedEntryCountByType?.length ?? 0) >= 2));
  assert.ok(JOBS.some((j) => j.status.lastExecution === null) && JOBS.some((j) => j.status.lastExecution?.error != null));
  const instants = JOBS.flatMap((j) => [j.status.lastExecution?.timeBegan, j.schedule.expiration]).filter((x): x is string => typeof x === 'string');
  assert.ok(instants.some((t) => t.endsWith('Z')) && instants.some((t) => /[+]\d\d:\d\d$/.test(t)) && instants.some((t) => /-\d\d:\d\d$/.test(t)));
  assert.ok(instants.some((t) => /\.\d{7}Z$/.test(t)));
  assert.is(FIXTURE.servicePrincipals.length, 2);
});

test(`conformance: every case through emulator.fetch on /v1.0`, async () => {
  const failures: string[] = [];
  for (const c of cases) {
    const problem = await check((url) => emulator.fetch(url), c, caseUrl(c));
    if (problem) failures.push(`${label(c)}\n    ${problem}`);
  }
  assert.is(failures.length, 0, `${failures.length} of ${cases.length} cases fail:\n  ${failures.join('\n  ')}`);
  assert.equal(internalErrors, []);
});

test('conformance: a sample through a real listener on /beta, option names without $', async () => {
  const server = await emulator.listen({ port: 0 });
  const sample = cases.filter((c) => 'http' in c && c.http);
  assert.ok(sample.length >= 25, `${sample.length} cases marked http`);
  const failures: string[] = [];
  try {
    for (const c of sample) {
      const problem = await check((url) => fetch(url), c, caseUrl(c, server.url, true));
      if (problem) failures.push(`${label(c)}\n    ${problem}`);
    }
  } finally {
    await server.close();
  }
  assert.is(failures.length, 0, `${failures.length} of ${sample.length} beta cases fail:\n  ${failures.join('\n  ')}`);
});

test('the suite: at least 300 cases covering lists, counts, single jobs and errors; most filters discriminate', () => {
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  const lists = cases.filter(isList);
  const errors = cases.filter(isError);
  assert.ok(errors.length >= 80, `${errors.length} error cases`);
  assert.ok(cases.filter(isCount).length >= 5 && cases.filter(isEntity).length >= 5);
  const filters = lists.filter((c) => /\$filter=/i.test(c.query));
  const trivial = filters.filter((c) => c.expected.length === 0 || c.expected.length === ALL_IDS.length);
  assert.ok(trivial.length / filters.length < 0.15, `${trivial.length} of ${filters.length} filters select all or nothing`);
  assert.ok(lists.filter((c) => c.ordered).length >= 30);
  const names = new Set(cases.map(label));
  assert.is(names.size, cases.length, 'no case twice');
});

test('the reference evaluator agrees with every list case that it can read (cross-check of the expectations)', () => {
  const disagreements: string[] = [];
  let checked = 0;
  for (const c of cases.filter(isList)) {
    const query = parseListQuery(encodeQuery(c.query));
    if (query.skip !== undefined || query.top !== undefined) continue;
    const filter = query.filter ? fromTyped(query.filter) : undefined;
    const orderBy = query.orderBy.map((item) => ({ expr: fromTyped(item.expr), descending: item.descending }));
    const got = referenceQuery(JOBS, filter, orderBy, { now: NOW }).map((j) => j.id);
    const expected = [...c.expected];
    const same = c.ordered ? JSON.stringify(got) === JSON.stringify(expected) : JSON.stringify([...got].sort()) === JSON.stringify([...expected].sort());
    if (!same) disagreements.push(`${label(c)}\n    reference: ${got.join(' ')}\n    expected:  ${expected.join(' ')}`);
    checked++;
  }
  assert.ok(checked >= 250, `${checked} cases checked`);
  assert.is(disagreements.length, 0, disagreements.join('\n  '));
});

test('compiled SQL of a sample: indexed columns, parameters, plans (emulator.explain)', async () => {
  for (const c of sqlCases) {
    const explained = await emulator.explain(SP, encodeQuery(c.query));
    for (const pattern of c.sql) assert.match(explained.sql, pattern, `${c.name}: ${explained.sql}`);
    for (const pattern of c.notSql ?? []) assert.not.match(explained.sql, pattern, `${c.name}: ${explained.sql}`);
    for (const value of c.parameters ?? []) assert.ok(explained.parameters.includes(value), `${c.name}: ${JSON.stringify(explained.parameters)} lacks ${JSON.stringify(value)}`);
    if (c.plan) assert.ok(explained.plan.some((line) => c.plan!.test(line)), `${c.name}: plan ${JSON.stringify(explained.plan)}`);
  }
  assert.ok(sqlCases.length >= 10);
});

test('explain: the checked filter as an S-expression, the same error as the HTTP 400', async () => {
  const explained = await emulator.explain(SP, "$filter=status/code eq 'Quarantine' and not (status/quarantine/reason eq 'TooManyDeletes')&$orderby=templateId desc");
  assert.is(explained.filter, "(and (eq status/code:synchronizationStatusCode 'Quarantine':synchronizationStatusCode) (not (eq status/quarantine/reason:quarantineReason 'TooManyDeletes':quarantineReason)))");
  assert.equal(explained.orderBy, ['templateId:String desc']);
  let message = '';
  try {
    await emulator.explain(SP, '$filter=templateId eq 1');
  } catch (error) {
    message = (error as Error).message;
  }
  const res = await emulator.fetch(`${jobsUrl()}?$filter=${encodeURIComponent('templateId eq 1')}`);
  assert.is(message, await assertGraphError(res, 400, /cannot compare/));
});

test('an unencoded + in a query string is a space (form decoding), %2B a plus', async () => {
  const plus = await emulator.fetch(`${jobsUrl()}?$filter=status/lastExecution/timeBegan+eq+2025-06-15T13:20:00%2B02:00&$select=id`);
  assert.equal(((await plus.json()) as ListBody).value.map((j) => j['id']), ['j01', 'j07', 'j08', 'j25']);
  const space = await emulator.fetch(`${jobsUrl()}?$filter=status/lastExecution/timeBegan+eq+2025-06-15T13:20:00+02:00`);
  await assertGraphError(space, 400, /^Invalid \$filter clause: syntax error at position 34 in 'status\/lastExecution\/timeBegan eq 2025-06-15T13:20:00 02:00': '2025-06-15T13:20:00' is not a valid DateTimeOffset literal/);
  const setting = await emulator.fetch(`${jobsUrl()}?$filter=synchronizationJobSettings/any(s:s/value+eq+'1%2B1')&$select=id`);
  assert.equal(((await setting.json()) as ListBody).value.map((j) => j['id']), ['j30']);
});

test('/v1.0 ignores option names without $; /beta reads them as options', async () => {
  const v1 = (await (await emulator.fetch(`${jobsUrl('v1.0')}?filter=${encodeURIComponent("templateId eq 'aws'")}&top=1`)).json()) as ListBody;
  assert.is(v1.value.length, 48);
  const beta = (await (await emulator.fetch(`${jobsUrl('beta')}?filter=${encodeURIComponent("templateId eq 'aws'")}&top=1`)).json()) as ListBody;
  assert.equal(beta.value.map((j) => j['id']), ['j09']);
  const mixed = await emulator.fetch(`${jobsUrl('beta')}?filter=true&$filter=true`);
  await assertGraphError(mixed, 400, "Query option '$filter' was specified more than once; it must be specified at most once.");
});

// ---- regressions: bugs this suite found (see the reply to issue 3) ----

async function listIds(query: string): Promise<string[]> {
  const res = await emulator.fetch(`${jobsUrl()}?${encodeQuery(query)}&$select=id`);
  const text = await res.text();
  assert.is(res.status, 200, text);
  return (JSON.parse(text) as ListBody).value.map((j) => String(j['id']));
}

test('regression: a comparison used as an operand is false, not unknown, when it meets null', async () => {
  const noTooManyDeletes = ALL_IDS.filter((id) => id !== 'j08' && id !== 'j43');
  assert.equal(await listIds("$filter=(status/quarantine/reason eq 'TooManyDeletes') eq false"), noTooManyDeletes);
  assert.equal(await listIds("$filter=status/quarantine/reason in ('TooManyDeletes') eq false"), noTooManyDeletes);
  assert.equal(await listIds('$filter=(status/quarantine/seriesCount gt 3) eq false'), JOBS.filter((j) => !(j.status.quarantine && j.status.quarantine.seriesCount > 3)).map((j) => j.id));
});

test('regression: integer div truncates (integer literals were bound as REAL)', async () => {
  assert.equal(await listIds('$filter=7 div 2 eq 3'), ALL_IDS);
  assert.equal(await listIds('$filter=status/countSuccessiveCompleteFailures div 2 eq 2'), ['j03', 'j42']);
});

test('regression: mod of decimals keeps the fraction', async () => {
  assert.equal(await listIds('$filter=5.5 mod 2 eq 1.5'), ALL_IDS);
  assert.equal(await listIds('$filter=status/countSuccessiveCompleteFailures mod 2.5 eq 0'), JOBS.filter((j) => j.status.countSuccessiveCompleteFailures % 2.5 === 0).map((j) => j.id));
});

test('regression: a negated duration compares by length', async () => {
  assert.equal(await listIds("$filter=-schedule/interval eq duration'-PT1H'"), ['j04', 'j06', 'j10', 'j20', 'j21', 'j26', 'j30', 'j36', 'j45']);
  assert.equal(await listIds("$filter=-schedule/interval lt duration'PT0S'"), ALL_IDS);
});

test('regression: instants compare to 100 ns, not to the millisecond', async () => {
  assert.equal(await listIds('$filter=status/lastExecution/timeBegan gt 2025-06-15T11:20:00.1234Z and status/lastExecution/timeBegan lt 2025-06-15T11:20:00.2Z'), ['j03']);
  assert.equal(await listIds('$filter=status/lastExecution/timeBegan eq 2025-06-15T11:20:00.1234Z'), ['j06']);
  assert.equal(await listIds('$filter=status/lastExecution/timeBegan gt 2025-06-14T23:59:59.9999998Z and status/lastExecution/timeBegan lt 2025-06-15T00:00:00Z'), ['j10']);
  assert.equal((await listIds('$orderby=status/lastExecution/timeBegan&$filter=status/lastExecution/timeBegan lt 2025-06-15T11:21:00Z and status/lastExecution/timeBegan gt 2025-06-15T11:19:00Z')), ['j01', 'j07', 'j08', 'j25', 'j06', 'j03', 'j17']);
});

test('regression: fractionalseconds() and time() keep all 7 fractional digits', async () => {
  assert.equal(await listIds('$filter=fractionalseconds(status/lastExecution/timeBegan) eq 0.1234567'), ['j03']);
  assert.equal(await listIds('$filter=fractionalseconds(status/lastExecution/timeBegan) gt 0.9'), ['j10']);
  assert.equal(await listIds('$filter=time(status/lastExecution/timeBegan) eq 11:20:00.1234567'), ['j03']);
  assert.equal(await listIds('$filter=time(status/lastExecution/timeBegan) eq 11:20'), ['j01', 'j07', 'j08', 'j25']);
});

test('regression: a lambda over a null collection sees no items', async () => {
  // j05's progress and entry counts and j14's settings are null, not []
  assert.equal(await listIds('$filter=status/progress/any()'), JOBS.filter((j) => (j.status.progress ?? []).length > 0).map((j) => j.id));
  assert.ok((await listIds("$filter=synchronizationJobSettings/all(s: s/name eq 'nope')")).includes('j14'));
  assert.ok(!(await listIds('$filter=synchronizationJobSettings/any(s: s/value eq null)')).includes('j14'));
  assert.ok(!(await listIds('$filter=status/synchronizedEntryCountByType/any(c: c/key eq null)')).includes('j05'));
});

test('regression: paging by an all() key (not exists …) moves on instead of repeating the first page', async () => {
  const orderBy = 'status/synchronizedEntryCountByType/all(c: c/value gt 10) desc,not status/escrowsPruned';
  const url = `${jobsUrl()}?$orderby=${encodeURIComponent(orderBy)}&$select=id`;
  const pages = await walk((next) => emulator.fetch(next, { headers: { Prefer: 'odata.maxpagesize=5' } }), url, 20);
  assert.is(pages.length, 10);
  const expected = referenceQuery(
    JOBS,
    undefined,
    parseListQuery(`$orderby=${encodeURIComponent(orderBy)}`).orderBy.map((item) => ({ expr: fromTyped(item.expr), descending: item.descending })),
    { now: NOW },
  ).map((j) => j.id);
  assert.equal(pages.flatMap((p) => p.value.map((j) => j['id'])), expected);
});

test('regression: an all() lambda as an operand of ge/le keeps its own value (not exists … was not parenthesised)', async () => {
  assert.equal(await listIds('$filter=status/synchronizedEntryCountByType/all(c: c/value gt 10) ge false'), ALL_IDS);
  assert.equal(await listIds('$filter=status/synchronizedEntryCountByType/all(c: c/value gt 10) le true'), ALL_IDS);
  const allAbove10 = JOBS.filter((j) => (j.status.synchronizedEntryCountByType ?? []).every((c) => c.value > 10)).map((j) => j.id);
  assert.equal(await listIds('$filter=status/synchronizedEntryCountByType/all(c: c/value gt 10) ge true'), allAbove10);
  assert.equal(await listIds('$filter=false le status/synchronizedEntryCountByType/all(c: c/value gt 10)'), ALL_IDS);
});

test('regression: a $skiptoken is bound to its $filter (a token of another filter is a 400)', async () => {
  const first = (await (await emulator.fetch(`${jobsUrl()}?$filter=${encodeURIComponent("templateId eq 'scim'")}&$select=id`, { headers: { Prefer: 'odata.maxpagesize=2' } })).json()) as ListBody;
  const token = /\$skiptoken=([^&]+)/.exec(first['@odata.nextLink']!)![1]!;
  await assertGraphError(
    await emulator.fetch(`${jobsUrl()}?$filter=${encodeURIComponent("templateId eq 'aws'")}&$select=id&$skiptoken=${token}`),
    400,
    /^The \$skiptoken '.*' belongs to a query with another \$filter; keep the other options of the @odata\.nextLink as they are\.$/,
  );
});

test.run();
