import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseListQuery } from '@syncemu/odata';
import { openStore, type Store } from '../src/index.js';

const SP = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER_SP = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const context = { now: '2024-06-01T00:00:00Z' };

interface Seed {
  id: string;
  templateId: string;
  code: string;
  failures: number;
  quarantine?: { reason: string } | null;
  began?: string;
  interval?: string;
  settings?: { name: string; value: string | null }[];
}

const jobs: Seed[] = [
  { id: 'aws.1', templateId: 'aws', code: 'Active', failures: 0, began: '2024-05-01T10:00:00Z', interval: 'PT40M', settings: [{ name: 'A', value: '1' }] },
  { id: 'aws.2', templateId: 'aws', code: 'Quarantine', failures: 5, quarantine: { reason: 'TooManyDeletes' }, began: '2024-05-01T10:00:00.5Z', interval: 'PT1H' },
  { id: 'scim.1', templateId: 'scim', code: 'Quarantine', failures: 2, quarantine: { reason: 'EncounteredQuarantineException' }, began: '2024-05-01T12:00:00+01:00', interval: 'PT60M' },
  { id: 'scim.2', templateId: 'scim', code: 'Paused', failures: 3, quarantine: null, interval: 'P1D', settings: [{ name: 'A', value: null }, { name: 'B', value: 'x' }] },
  { id: 'scim.3', templateId: 'scim', code: 'NotRun', failures: 4 },
];

function fill(): Store {
  const store = openStore(':memory:');
  store.transaction(() => {
    for (const sp of [SP, OTHER_SP]) store.servicePrincipals.ensure(sp, 'now');
    for (const j of jobs) {
      const body = {
        id: j.id,
        templateId: j.templateId,
        schedule: { expiration: null, interval: j.interval ?? 'PT40M', state: 'Active' },
        status: {
          code: j.code,
          countSuccessiveCompleteFailures: j.failures,
          lastExecution: j.began ? { timeBegan: j.began, state: 'Succeeded' } : null,
          quarantine: j.quarantine ?? null,
        },
        synchronizationJobSettings: j.settings ?? [],
      };
      store.jobs.insert(SP, { id: j.id, templateId: j.templateId, body: JSON.stringify(body) });
    }
    store.jobs.insert(OTHER_SP, { id: 'scim.other', templateId: 'scim', body: JSON.stringify({ id: 'scim.other', templateId: 'scim', status: { code: 'Quarantine', countSuccessiveCompleteFailures: 9 } }) });
  });
  return store;
}

const store = fill();
const ids = (filter: string) =>
  store.jobs.listPage(SP, parseListQuery(`$filter=${encodeURIComponent(filter)}`), { pageSize: 100, ordering: '', context }).rows.map((row) => (JSON.parse(row) as { id: string }).id);

test('a nested filter runs as SQL: the compiled statement and its parameters', () => {
  const query = parseListQuery(`$filter=${encodeURIComponent("status/code eq 'Quarantine' and status/countSuccessiveCompleteFailures ge 3")}`);
  const explained = store.jobs.explain(SP, query, { pageSize: 100, ordering: '', context });
  assert.is(
    explained.sql,
    `select jobs.body as "body" from "jobs" where "jobs"."service_principal_id" = ? and (("jobs"."status_code" = ?) and (json_extract("jobs"."body", '$.status.countSuccessiveCompleteFailures') >= ?)) order by jobs.id asc limit 101`,
  );
  assert.equal(explained.parameters, [SP, 'Quarantine', 3]);
  assert.ok(explained.plan.some((line) => line.includes('USING INDEX jobs_sp_status_code')), explained.plan.join('\n'));
  assert.equal(ids("status/code eq 'Quarantine' and status/countSuccessiveCompleteFailures ge 3"), ['aws.2']);
});

test('a templateId filter uses the template index', () => {
  const explained = store.jobs.explain(SP, parseListQuery(`$filter=templateId eq 'scim'`), { pageSize: 100, ordering: '', context });
  assert.ok(explained.plan.some((line) => line.includes('USING INDEX jobs_sp_template')), explained.plan.join('\n'));
});

test('no value from the request appears in the SQL text', () => {
  const evil = "x' or 1=1; drop table jobs; --";
  const query = parseListQuery(`$filter=${encodeURIComponent(`templateId eq '${evil.replaceAll("'", "''")}' or contains(id, 'zz')`)}`);
  const explained = store.jobs.explain(SP, query, { pageSize: 100, ordering: '', context });
  assert.not.ok(explained.sql.includes('drop table'));
  assert.not.ok(explained.sql.includes('zz'));
  assert.ok(explained.parameters.includes(evil));
});

const cases: [string, string[]][] = [
  ["status/code eq 'Quarantine'", ['aws.2', 'scim.1']],
  ["status/code ne 'Quarantine'", ['aws.1', 'scim.2', 'scim.3']],
  ["not (status/quarantine/reason eq 'TooManyDeletes')", ['aws.1', 'scim.1', 'scim.2', 'scim.3']],
  ["status/quarantine/reason ne 'TooManyDeletes'", ['aws.1', 'scim.1', 'scim.2', 'scim.3']],
  ['status/quarantine eq null', ['aws.1', 'scim.2', 'scim.3']],
  ['status/quarantine ne null', ['aws.2', 'scim.1']],
  ["status/quarantine/reason gt 'Unknown'", ['aws.2']],
  ["not (status/quarantine/reason gt 'Unknown')", ['aws.1', 'scim.1', 'scim.2', 'scim.3']],
  ["status/code gt 'Active'", ['aws.2', 'scim.1', 'scim.2']],
  ["status/code lt 'Active'", ['scim.3']],
  ['status/lastExecution/timeBegan gt 2024-05-01T10:00:00Z', ['aws.2', 'scim.1']],
  ['status/lastExecution/timeBegan eq 2024-05-01T11:00:00Z', ['scim.1']],
  ['status/lastExecution/timeBegan lt 2024-05-01T10:00:00.1Z', ['aws.1']],
  ["schedule/interval eq duration'PT1H'", ['aws.2', 'scim.1']],
  ["schedule/interval gt duration'PT40M'", ['aws.2', 'scim.1', 'scim.2']],
  ["synchronizationJobSettings/any(s: s/name eq 'A')", ['aws.1', 'scim.2']],
  ['synchronizationJobSettings/any(s: s/value eq null)', ['scim.2']],
  ['synchronizationJobSettings/any()', ['aws.1', 'scim.2']],
  ["synchronizationJobSettings/all(s: s/value ne 'x')", ['aws.1', 'aws.2', 'scim.1', 'scim.3']],
  ["startswith(id, 'scim') and not endswith(id, '3')", ['scim.1', 'scim.2']],
  ["contains(templateId, 'W')", []],
  ["toupper(templateId) eq 'AWS'", ['aws.1', 'aws.2']],
  ["templateId in ('aws', 'nope')", ['aws.1', 'aws.2']],
  ['status/countSuccessiveCompleteFailures mul 2 add 1 eq 7', ['scim.2']],
  ['status/countSuccessiveCompleteFailures sub 1 sub 1 eq 1', ['scim.2']],
  ['status/countSuccessiveCompleteFailures mod 2 eq 1 and status/countSuccessiveCompleteFailures gt 3', ['aws.2']],
  ['-status/countSuccessiveCompleteFailures lt -4', ['aws.2']],
  ['year(status/lastExecution/timeBegan) eq 2024 and hour(status/lastExecution/timeBegan) eq 11', ['scim.1']],
  ["length(id) eq 5 and indexof(id, '.') eq 3", ['aws.1', 'aws.2']],
  ["substring(id, 5) eq '2'", ['scim.2']],
  ['status/lastExecution eq null', ['scim.2', 'scim.3']],
];

for (const [filter, expected] of cases) {
  test(`$filter=${filter}`, () => {
    assert.equal(ids(filter), expected);
  });
}

test('another service principal\'s jobs never appear', () => {
  assert.not.ok(ids("status/code eq 'Quarantine'").includes('scim.other'));
  assert.is(store.jobs.count(SP, {}, context), 5);
});

test.run();
