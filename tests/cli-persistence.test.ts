import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess, startServerProcess } from './support/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'syncemu-cli-'));
const SP = '3c0b1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
test.after(() => rmSync(dir, { recursive: true, force: true }));

const jobsUrl = (base: string, version = 'v1.0') => `${base}/${version}/servicePrincipals/${SP}/synchronization/jobs`;

test('jobs created through one server process are there, unchanged, after a restart on the same file', async () => {
  const db = join(dir, 'nested', 'folder', 'jobs.sqlite');
  const first = await startServerProcess(['--db', db]);
  assert.match(first.stdout(), /^syncemu listening on http:\/\/127\.0\.0\.1:\d+\nhttp:\/\/127\.0\.0\.1:\d+\/v1\.0\nhttp:\/\/127\.0\.0\.1:\d+\/beta\n/);
  const created: unknown[] = [];
  for (const templateId of ['scim', 'aws', 'Azure2Azure']) {
    const res = await fetch(jobsUrl(first.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ templateId, schedule: { interval: 'PT20M' } }) });
    assert.is(res.status, 201);
    const { ['@odata.context']: _context, ...job } = (await res.json()) as Record<string, unknown>;
    created.push(job);
  }
  const patchedId = (created[0] as { id: string }).id;
  const patch = await fetch(`${jobsUrl(first.url)}/${patchedId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"synchronizationJobSettings":[{"name":"Kept","value":"yes"}]}' });
  assert.is(patch.status, 204);
  (created[0] as { synchronizationJobSettings: unknown }).synchronizationJobSettings = [{ name: 'Kept', value: 'yes' }];
  assert.is(await first.stop('SIGTERM'), 0);
  assert.ok(existsSync(db));

  const second = await startServerProcess(['--db', db]);
  const res = await fetch(jobsUrl(second.url, 'beta'));
  const body = (await res.json()) as { value: { id: string }[] };
  const byId = (items: { id: string }[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
  assert.equal(byId(body.value), byId(created as { id: string }[]));
  assert.is(await second.stop('SIGINT'), 0);
});

test('SYNCEMU_DB and SYNCEMU_HOST configure the server', async () => {
  const db = join(dir, 'from-env.sqlite');
  const server = await startServerProcess([], { SYNCEMU_DB: db, SYNCEMU_HOST: '127.0.0.1' });
  const res = await fetch(jobsUrl(server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"templateId":"slack"}' });
  assert.is(res.status, 201);
  await server.stop();
  assert.ok(existsSync(db));
});

test('syncemu seed loads a fixture that a server then serves; an invalid fixture changes nothing', async () => {
  const db = join(dir, 'seeded.sqlite');
  const fixture = join(dir, 'fixture.json');
  writeFileSync(
    fixture,
    JSON.stringify({
      tenantId: '11111111-2222-4333-8444-555555555555',
      servicePrincipals: [{ id: SP, displayName: 'Contoso', jobs: [{ id: 'scim.fixture.1', templateId: 'scim', status: { code: 'Quarantine', countSuccessiveCompleteFailures: 4 } }, { templateId: 'gsuite' }] }],
    }),
  );
  const seeded = await runCliProcess(['seed', fixture, '--db', db]);
  assert.is(seeded.code, 0, seeded.stderr);
  assert.match(seeded.stdout, /1 service principal\(s\), 0 template\(s\), 0 secret\(s\), 2 job\(s\)/);

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ servicePrincipals: [{ id: SP, jobs: [{ templateId: 'scim', id: 'scim.new' }, { templateId: 'scim', status: { code: 'Running' } }] }] }));
  const before = readFileSync(db);
  const rejected = await runCliProcess(['seed', bad, '--db', db]);
  assert.is(rejected.code, 1);
  assert.match(rejected.stderr, /Invalid fixture at \$\.servicePrincipals\[0\]\.jobs\[1\]\.status\.code: 'Running' is not a member of microsoft\.graph\.synchronizationStatusCode/);
  assert.ok(readFileSync(db).equals(before), 'the database file changed');

  const server = await startServerProcess(['--db', db]);
  const list = (await (await fetch(`${jobsUrl(server.url)}?$filter=${encodeURIComponent("status/code eq 'Quarantine'")}`)).json()) as { value: { id: string; status: { countSuccessiveCompleteFailures: number } }[] };
  assert.equal(list.value.map((job) => [job.id, job.status.countSuccessiveCompleteFailures]), [['scim.fixture.1', 4]]);
  const all = (await (await fetch(jobsUrl(server.url))).json()) as { value: { id: string }[] };
  assert.ok(all.value.some((job) => /^gsuite\.1111111122224333844455555555555\d*/.test(job.id) || job.id.startsWith('gsuite.11111111222243338444555555555555.')), JSON.stringify(all.value));
  await server.stop();
});

test('serve --seed loads the fixture before it listens', async () => {
  const fixture = join(dir, 'serve-seed.json');
  writeFileSync(fixture, JSON.stringify({ servicePrincipals: [{ id: SP, jobs: [{ id: 'aws.seeded', templateId: 'aws' }] }] }));
  const server = await startServerProcess(['--db', ':memory:', '--seed', fixture, '--service-principals', 'registered']);
  const res = await fetch(`${jobsUrl(server.url)}/aws.seeded`);
  assert.is(res.status, 200);
  const unknownSp = await fetch(`${server.url}/v1.0/servicePrincipals/00000000-0000-4000-8000-000000000000/synchronization/jobs`);
  assert.is(unknownSp.status, 404);
  await server.stop();
});

test('--help prints each command\'s usage; bad flags exit 2 with the reason', async () => {
  const main = await runCliProcess(['--help']);
  assert.is(main.code, 0);
  assert.match(main.stdout, /Usage: syncemu <command>/);
  const serveHelp = await runCliProcess(['serve', '--help']);
  assert.is(serveHelp.code, 0);
  for (const flag of ['--port', '--host', '--db', '--seed', '--tenant-id', 'SYNCEMU_PORT']) assert.ok(serveHelp.stdout.includes(flag), flag);
  const seedHelp = await runCliProcess(['seed', '--help']);
  assert.is(seedHelp.code, 0);
  assert.match(seedHelp.stdout, /Usage: syncemu seed FILE/);
  const badFlag = await runCliProcess(['serve', '--prot', '1']);
  assert.is(badFlag.code, 2);
  assert.match(badFlag.stderr, /Unknown option '--prot'/);
  const badPort = await runCliProcess(['serve', '--port', 'http']);
  assert.is(badPort.code, 2);
  assert.match(badPort.stderr, /--port must be a number from 0 to 65535, not 'http'/);
  const noFile = await runCliProcess(['seed', join(dir, 'missing.json'), '--db', ':memory:']);
  assert.is(noFile.code, 2);
  assert.match(noFile.stderr, /cannot read the fixture .*missing\.json': ENOENT/);
  const unknown = await runCliProcess(['frobnicate']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});

test('serve refuses a file that is not a syncemu database, and leaves it alone', async () => {
  const path = join(dir, 'notes.txt');
  writeFileSync(path, 'not a database');
  const result = await runCliProcess(['serve', '--port', '0', '--db', path]);
  assert.is(result.code, 1);
  assert.match(result.stderr, /not a syncemu database/);
  assert.is(readFileSync(path, 'utf8'), 'not a database');
});

test.run();
