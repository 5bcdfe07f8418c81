import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '@syncemu/core';
import { ODataQueryError } from '@syncemu/odata';
import { runCliProcess } from './support/cli-process.js';
import { rejects } from './support/assert-async.js';

const dir = mkdtempSync(join(tmpdir(), 'syncemu-query-'));
const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const db = join(dir, 'jobs.sqlite');
test.after(() => rmSync(dir, { recursive: true, force: true }));

test.before(async () => {
  const fixture = join(dir, 'fixture.json');
  writeFileSync(
    fixture,
    JSON.stringify({
      servicePrincipals: [
        {
          id: SP,
          jobs: [
            { id: 'scim.1', templateId: 'scim', status: { code: 'Quarantine', countSuccessiveCompleteFailures: 4 } },
            { id: 'scim.2', templateId: 'scim', status: { code: 'Quarantine', countSuccessiveCompleteFailures: 1 } },
            { id: 'aws.1', templateId: 'aws' },
          ],
        },
      ],
    }),
  );
  const seeded = await runCliProcess(['seed', fixture, '--db', db]);
  assert.is(seeded.code, 0, seeded.stderr);
});

test('syncemu query prints the matching jobs as a table of the $select columns', async () => {
  const result = await runCliProcess(['query', '--db', db, "$filter=status/code eq 'Quarantine' and status/countSuccessiveCompleteFailures ge 3&$select=id,templateId"]);
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stdout, ['id      templateId', '------  ----------', 'scim.1  scim', `1 job(s) of service principal ${SP}`, ''].join('\n'));
});

test('syncemu query --explain prints the checked filter, the SQL, its parameters and the plan', async () => {
  const result = await runCliProcess(['query', '--db', db, '--explain', "$filter=status/code eq 'Quarantine'"]);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^filter: +\(eq status\/code:synchronizationStatusCode 'Quarantine':synchronizationStatusCode\)$/m);
  assert.match(result.stdout, /^sql: +select .* from "jobs" where "jobs"\."service_principal_id" = \? and \("jobs"\."status_code" = \?\) order by jobs\.id asc limit 101$/m);
  assert.match(result.stdout, new RegExp(`^parameters: \\["${SP}","Quarantine"\\]$`, 'm'));
  assert.match(result.stdout, /USING INDEX jobs_sp_status_code/);
});

test('an invalid query prints the 400 message with a caret under the position', async () => {
  const result = await runCliProcess(['query', '--db', db, '$filter=status/code eq']);
  assert.is(result.code, 1);
  assert.is(
    result.stderr,
    [
      "syncemu: Invalid $filter clause: syntax error at position 14 in 'status/code eq': expected an expression after 'eq', found the end of the clause.",
      '  $filter=status/code eq',
      '                        ^',
      '',
    ].join('\n'),
  );
});

test('emulator.explain returns the AST, SQL, parameters and plan; an invalid query throws the 400 error', async () => {
  const emulator = createEmulator();
  const explanation = await emulator.explain(SP, "?$filter=not (status/quarantine/reason eq 'TooManyDeletes')&$orderby=templateId desc&$top=5");
  assert.is(explanation.filter, "(not (eq status/quarantine/reason:quarantineReason 'TooManyDeletes':quarantineReason))");
  assert.equal(explanation.orderBy, ['templateId:String desc']);
  assert.is(explanation.query.top, 5);
  assert.ok(explanation.sql.includes('not coalesce('), explanation.sql);
  assert.equal(explanation.parameters, [SP, 'TooManyDeletes']);
  assert.match(explanation.sql, / limit 6$/);
  assert.ok(explanation.plan.length > 0);
  await rejects(() => emulator.explain(SP, '$filter=nope eq 1'), (error: unknown) => error instanceof ODataQueryError && error.position === 0);
  void emulator.close();
});

test.run();
