import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator, type EmulatorRequest, type EmulatorResponse } from '@syncemu/core';
import { startServerProcess } from './support/cli-process.js';
import { spyOnPreparedSql } from './support/robustness-sqlite.js';
import { unsignedJwt } from './support/robustness-fuzz-properties.js';

const SP_A = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SP_B = '9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b';
const JOB_A = 'scim.owned-by-a.1';
const JOB_B = 'scim.owned-by-b.1';
const SHARED = 'scim.same-id-in-both.1';
const base = (sp: string, version = 'v1.0') => `/${version}/servicePrincipals/${sp}/synchronization`;
const json = { 'content-type': 'application/json' };
const dir = mkdtempSync(join(tmpdir(), 'syncemu-security-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURE = {
  servicePrincipals: [
    {
      id: SP_A,
      secrets: [{ key: 'BaseAddress', value: 'https://a.example.com/scim' }, { key: 'SecretToken', value: 'token-of-a' }],
      jobs: [
        { id: JOB_A, templateId: 'scim', synchronizationJobSettings: [{ name: 'Owner', value: 'A' }] },
        { id: SHARED, templateId: 'scim', synchronizationJobSettings: [{ name: 'Owner', value: 'A' }] },
      ],
    },
    {
      id: SP_B,
      jobs: [
        { id: JOB_B, templateId: 'aws' },
        { id: SHARED, templateId: 'aws', synchronizationJobSettings: [{ name: 'Owner', value: 'B' }] },
      ],
    },
  ],
};

async function seeded(options: Parameters<typeof createEmulator>[0] = {}): Promise<Emulator> {
  const emulator = createEmulator({ clock: 'manual', idSeed: 9, ...options });
  await emulator.seed(FIXTURE);
  return emulator;
}

const bodyOf = (res: EmulatorResponse) => JSON.parse(res.body ?? 'null') as Record<string, unknown> & { error?: { code: string; message: string } };

// ---------------------------------------------------------------------------------------------
// Binding

test('the server binds 127.0.0.1 unless told otherwise (in process and the CLI)', async () => {
  const emulator = createEmulator();
  const server = await emulator.listen();
  assert.is(server.host, '127.0.0.1');
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  await emulator.close();
  const child = await startServerProcess(['--db', ':memory:']);
  try {
    assert.match(child.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is((await fetch(`${child.url}${base(SP_A)}/jobs`)).status, 200);
  } finally {
    await child.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// SQL injection

/** Every injection attempt carries this marker, so no prepared SQL text may contain it. */
const MARK = 'INJ3CT';
const INJECTIONS = [
  `${MARK}' or '1'='1`,
  `${MARK}'; drop table jobs; --`,
  `${MARK}" or 1=1 --`,
  `${MARK}') or 1=1 --`,
  `${MARK}\\'; delete from jobs where 1=1; --`,
  `${MARK}%' or id like '%`,
  `${MARK}*/ or 1=1 /*`,
  `${MARK}' union select id, body from jobs --`,
  `${MARK}\u0000'; --`,
];
const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

test('injection attempts through every query option, id, header and body field change nothing, and no SQL text ever holds them', async () => {
  const emulator = await seeded();
  const spy = spyOnPreparedSql();
  const before = emulator.store.digest();
  const failed: string[] = [];
  const send = async (request: EmulatorRequest, expect: (status: number) => boolean) => {
    const res = await emulator.handle(request);
    if (!expect(res.status)) failed.push(`${request.method} ${request.url} → ${res.status} ${res.body?.slice(0, 200)}`);
    return res;
  };
  try {
    for (const value of INJECTIONS) {
      const q = encodeURIComponent;
      const list = `${base(SP_A)}/jobs`;
      // values in $filter: string literals are parameters, the answers are ordinary
      for (const filter of [
        `id eq ${quote(value)}`,
        `templateId ne ${quote(value)} and contains(id, ${quote(value)})`,
        `startswith(templateId, ${quote(value)}) or endswith(status/lastExecution/error/code, ${quote(value)})`,
        `synchronizationJobSettings/any(s: s/name eq ${quote(value)} or s/value eq ${quote(value)})`,
        `templateId in (${quote(value)}, 'scim')`,
        `tolower(concat(id, ${quote(value)})) eq ${quote(value)}`,
      ]) {
        await send({ method: 'GET', url: `${list}?$filter=${q(filter)}` }, (s) => s === 200);
        await send({ method: 'GET', url: `${list}/$count?$filter=${q(filter)}` }, (s) => s === 200);
        await send({ method: 'GET', url: `${base(SP_A, 'beta')}/jobs?filter=${q(filter)}&$count=true` }, (s) => s === 200);
      }
      // values where only names or numbers belong: refused
      for (const options of [
        `$filter=${q(value)}`,
        `$filter=${q(`id eq ${value}`)}`,
        `$filter=${q(`status/code eq ${quote(value)}`)}`,
        `$select=${q(value)}`,
        `$select=id,${q(value)}`,
        `$orderby=${q(value)}`,
        `$orderby=${q(`id ${value}`)}`,
        `$top=${q(value)}`,
        `$skip=${q(value)}`,
        `$count=${q(value)}`,
        `$skiptoken=${q(value)}`,
        `$${q(value)}=1`,
      ]) {
        await send({ method: 'GET', url: `${list}?${options}` }, (s) => s === 400);
      }
      // a parameter that is not a system query option is ignored, as Graph ignores it
      await send({ method: 'GET', url: `${list}?${q(value)}=${q(value)}` }, (s) => s === 200);
      // a well-formed skiptoken whose keys carry the injection: parameters too
      for (const ordering of ['', 'templateId desc']) {
        const keys = ordering === '' ? [] : [value];
        const payload = { v: 1, o: createHash('sha256').update(ordering).digest('base64url').slice(0, 12), k: keys, i: value };
        const token = Buffer.from(JSON.stringify(payload)).toString('base64url');
        await send({ method: 'GET', url: `${list}?$skiptoken=${token}${ordering && `&$orderby=${q(ordering)}`}` }, (s) => s === 200);
      }
      // ids in paths
      for (const id of [value, `${JOB_A}${value}`]) {
        const job = `${list}/${q(id)}`;
        await send({ method: 'GET', url: job }, (s) => s === 404);
        await send({ method: 'GET', url: `${job}?$select=${q(value)}` }, (s) => s === 400);
        await send({ method: 'PATCH', url: job, headers: json, body: '{"schedule":{"interval":"PT1H"}}' }, (s) => s === 404);
        await send({ method: 'DELETE', url: job }, (s) => s === 404);
        for (const action of ['start', 'pause', 'restart', 'schema', 'schema/directories']) await send({ method: action.startsWith('schema') ? 'GET' : 'POST', url: `${job}/${action}` }, (s) => s === 404);
        await send({ method: 'GET', url: `${base(SP_A)}/templates/${q(id)}` }, (s) => s === 404);
        await send({ method: 'GET', url: `/_syncemu/servicePrincipals/${SP_A}/jobs/${q(id)}/plan` }, (s) => s === 404);
      }
      await send({ method: 'GET', url: `/v1.0/servicePrincipals/${q(value)}/synchronization/jobs` }, (s) => s === 400);
      // body fields that are checked before anything is written
      const create = (body: unknown) => send({ method: 'POST', url: list, headers: json, body: JSON.stringify(body) }, (s) => s === 400);
      await create({ templateId: value });
      await create({ templateId: 'scim', schedule: { interval: value } });
      await create({ templateId: 'scim', schedule: { expiration: value } });
      await create({ templateId: 'scim', [value]: 1 });
      await create({ templateId: 'scim', synchronizationJobSettings: [{ name: value, value: 1 }] });
      await send({ method: 'PATCH', url: `${list}/${JOB_A}`, headers: json, body: JSON.stringify({ schedule: { interval: value } }) }, (s) => s === 400);
      await send({ method: 'PATCH', url: `${list}/${JOB_A}`, headers: json, body: JSON.stringify({ templateId: value }) }, (s) => s === 400);
      await send({ method: 'POST', url: `${list}/${JOB_A}/restart`, headers: json, body: JSON.stringify({ criteria: { resetScope: value } }) }, (s) => s === 400);
      await send({ method: 'POST', url: `${list}/validateCredentials`, headers: json, body: JSON.stringify({ templateId: value }) }, (s) => s === 400);
      await send({ method: 'POST', url: `${list}/${JOB_A}/validateCredentials`, headers: json, body: JSON.stringify({ credentials: [{ key: value, value }] }) }, (s) => s === 400);
      await send({ method: 'PUT', url: `${base(SP_A)}/secrets`, headers: json, body: JSON.stringify({ value: [{ key: value, value }] }) }, (s) => s === 400);
      await send({ method: 'PUT', url: `${list}/${JOB_A}/schema`, headers: json, body: JSON.stringify({ directories: [{ name: value }], synchronizationRules: [{ sourceDirectoryName: value, targetDirectoryName: `${value}x` }] }) }, (s) => s === 400);
      await send({ method: 'PUT', url: `/_syncemu/servicePrincipals/${SP_A}/jobs/${JOB_A}/plan`, headers: json, body: JSON.stringify({ outcomes: [{ result: value }] }) }, (s) => s === 400);
      // headers
      await send({ method: 'GET', url: `${list}/${JOB_A}`, headers: { 'client-request-id': value, prefer: `odata.maxpagesize=${value}` } }, (s) => s === 200);
      // a Host that is no host name would end up in every link: refused
      await send({ method: 'GET', url: `${list}/${JOB_A}`, headers: { host: value } }, (s) => s === 400);
    }
    assert.equal(failed, [], failed.join('\n'));
    assert.is(emulator.store.digest(), before, 'a refused or read-only request changed the database');

    // Writes that succeed store the values as sent, and touch nothing else.
    const otherSp = (await emulator.handle({ method: 'GET', url: `${base(SP_B)}/jobs` })).body;
    const settings = INJECTIONS.map((value, i) => ({ name: `${value}#${i}`, value }));
    const created = await emulator.handle({ method: 'POST', url: `${base(SP_A)}/jobs`, headers: json, body: JSON.stringify({ templateId: 'scim', synchronizationJobSettings: settings }) });
    assert.is(created.status, 201);
    const createdId = bodyOf(created)['id'] as string;
    const patched = await emulator.handle({ method: 'PATCH', url: `${base(SP_A)}/jobs/${JOB_A}`, headers: json, body: JSON.stringify({ synchronizationJobSettings: settings }) });
    assert.is(patched.status, 204);
    const secrets = await emulator.handle({ method: 'PUT', url: `${base(SP_A)}/secrets`, headers: json, body: JSON.stringify({ value: [{ key: 'BaseAddress', value: `https://x/${INJECTIONS[1]}` }] }) });
    assert.is(secrets.status, 204);
    for (const id of [createdId, JOB_A]) {
      const read = await emulator.handle({ method: 'GET', url: `${base(SP_A)}/jobs/${encodeURIComponent(id)}?$select=synchronizationJobSettings` });
      const stored = bodyOf(read)['synchronizationJobSettings'] as { name: string }[];
      assert.equal(stored.filter((pair) => pair.name.startsWith(MARK)), settings);
    }
    // and a filter finds them by those very values
    const found = await emulator.handle({ method: 'GET', url: `${base(SP_A)}/jobs/$count?$filter=${encodeURIComponent(`synchronizationJobSettings/any(s: s/value eq ${quote(INJECTIONS[1]!)})`)}` });
    assert.is(found.body, '2');
    assert.is((await emulator.handle({ method: 'GET', url: `${base(SP_B)}/jobs` })).body, otherSp);

    const leaks = spy.texts.filter((text) => text.toUpperCase().includes(MARK));
    assert.equal(leaks, [], 'a request value reached SQL text');
    assert.ok(spy.texts.length > 20, `only ${spy.texts.length} statements were prepared: the spy saw nothing`);
  } finally {
    spy.restore();
    await emulator.close();
  }
});

test('explain(): every value of a query option is a parameter of the SQL, never its text', async () => {
  const emulator = await seeded();
  for (const value of INJECTIONS) {
    const filter = `id eq ${quote(value)} or synchronizationJobSettings/any(s: contains(s/value, ${quote(value)})) or templateId in (${quote(value)}, 'x')`;
    const plan = await emulator.explain(SP_A, `$filter=${encodeURIComponent(filter)}&$orderby=templateId desc&$top=5&$skip=3`);
    assert.not.ok(plan.sql.toUpperCase().includes(MARK), plan.sql);
    assert.ok(plan.parameters.filter((p) => p === value).length >= 3, JSON.stringify(plan.parameters));
    assert.ok(plan.parameters.includes(SP_A), 'the service principal id is a parameter');
    // $top reaches SQL only as a checked whole number: the page size plus one, a literal
    assert.match(plan.sql, / limit 6 offset \?$/, '$top is the checked page size');
    assert.ok(plan.parameters.includes(3), '$skip is a parameter');
    // an injected service principal id given to explain() is a parameter too
    const other = await emulator.explain(value, '$top=1');
    assert.not.ok(other.sql.toUpperCase().includes(MARK));
    assert.ok(other.parameters.includes(value.toLowerCase()));
  }
  await emulator.close();
});

// ---------------------------------------------------------------------------------------------
// Service principals are isolated

test("a job of one service principal is invisible, unpatchable and undeletable through another's path (404), also through $filter and $count", async () => {
  const emulator = await seeded();
  const before = emulator.store.digest();
  const other = `${base(SP_B)}/jobs`;
  const expect404: [string, string, unknown?][] = [
    ['GET', `${other}/${JOB_A}`],
    ['GET', `${other}/${JOB_A}?$select=id`],
    ['PATCH', `${other}/${JOB_A}`, { schedule: { interval: 'PT5M' } }],
    ['PATCH', `${other}/${JOB_A}`, { synchronizationJobSettings: [] }],
    ['DELETE', `${other}/${JOB_A}`],
    ['POST', `${other}/${JOB_A}/start`],
    ['POST', `${other}/${JOB_A}/pause`],
    ['POST', `${other}/${JOB_A}/restart`, { criteria: { resetScope: 'Full' } }],
    ['POST', `${other}/${JOB_A}/validateCredentials`, { useSavedCredentials: true }],
    ['POST', `${other}/${JOB_A}/provisionOnDemand`, { parameters: [{ ruleId: '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8#V2', subjects: [{ objectId: 'x', objectTypeName: 'User' }] }] }],
    ['GET', `${other}/${JOB_A}/schema`],
    ['PUT', `${other}/${JOB_A}/schema`, { directories: [], synchronizationRules: [] }],
    ['DELETE', `${other}/${JOB_A}/schema`],
    ['GET', `${other}/${JOB_A}/schema/directories`],
    ['GET', `${other}/${JOB_A}/schema/filterOperators`],
    ['GET', `${other}/${JOB_A}/schema/functions`],
    ['GET', `/_syncemu/servicePrincipals/${SP_B}/jobs/${JOB_A}/plan`],
    ['PUT', `/_syncemu/servicePrincipals/${SP_B}/jobs/${JOB_A}/plan`, { outcomes: [{ result: 'failed' }] }],
  ];
  for (const [method, url, body] of expect404) {
    const res = await emulator.handle({ method, url, headers: json, ...(body !== undefined && { body: JSON.stringify(body) }) });
    assert.is(res.status, 404, `${method} ${url}: ${res.body}`);
    assert.is(bodyOf(res).error?.code, 'Request_ResourceNotFound', `${method} ${url}`);
  }
  // through the list: $filter by the other's id, $count, /$count, paging
  const ids = async (url: string) => ((bodyOf(await emulator.handle({ method: 'GET', url }))['value'] as { id: string }[]) ?? []).map((job) => job.id).sort();
  assert.equal(await ids(other), [JOB_B, SHARED].sort());
  assert.equal(await ids(`${other}?$filter=${encodeURIComponent(`id eq '${JOB_A}'`)}`), []);
  assert.equal(await ids(`${other}?$filter=${encodeURIComponent(`id eq '${JOB_A}' or id eq '${JOB_B}'`)}`), [JOB_B]);
  assert.equal(await ids(`${other}?$filter=${encodeURIComponent("synchronizationJobSettings/any(s: s/value eq 'A')")}`), []);
  assert.equal(await ids(`${other}?$filter=${encodeURIComponent("templateId eq 'scim'")}`), []);
  const counted = bodyOf(await emulator.handle({ method: 'GET', url: `${other}?$count=true&$filter=${encodeURIComponent(`id eq '${JOB_A}'`)}` }));
  assert.is(counted['@odata.count'], 0);
  assert.is((await emulator.handle({ method: 'GET', url: `${other}/$count?$filter=${encodeURIComponent(`id eq '${JOB_A}'`)}` })).body, '0');
  assert.is((await emulator.handle({ method: 'GET', url: `${other}/$count?$filter=${encodeURIComponent("templateId eq 'scim'")}` })).body, '0');
  assert.is((await emulator.handle({ method: 'GET', url: `${other}/$count` })).body, '2');
  // a skiptoken made on A's list, replayed on B's path, pages B's jobs only
  const firstPage = bodyOf(await emulator.handle({ method: 'GET', url: `${base(SP_A)}/jobs`, headers: { prefer: 'odata.maxpagesize=1' } }));
  const token = new URL(firstPage['@odata.nextLink'] as string).searchParams.get('$skiptoken')!;
  for (const id of await ids(`${other}?$skiptoken=${encodeURIComponent(token)}`)) assert.ok([JOB_B, SHARED].includes(id), id);
  // the same id under both: each path sees its own job, and changing one leaves the other
  const shared = (sp: string) => emulator.handle({ method: 'GET', url: `${base(sp)}/jobs/${SHARED}?$select=templateId,synchronizationJobSettings` });
  assert.is(bodyOf(await shared(SP_A))['templateId'], 'scim');
  assert.is(bodyOf(await shared(SP_B))['templateId'], 'aws');
  assert.is(emulator.store.digest(), before, 'a request through the wrong path changed something');
  const sharedA = (await shared(SP_A)).body;
  assert.is((await emulator.handle({ method: 'PATCH', url: `${other}/${SHARED}`, headers: json, body: '{"synchronizationJobSettings":[]}' })).status, 204);
  assert.is((await emulator.handle({ method: 'DELETE', url: `${other}/${SHARED}` })).status, 204);
  assert.is((await shared(SP_A)).body?.replace(/"request-id":"[^"]+"/, ''), sharedA?.replace(/"request-id":"[^"]+"/, ''));
  assert.is((await shared(SP_B)).status, 404);
  // secrets are per service principal too
  const secretsOfB = bodyOf(await emulator.handle({ method: 'GET', url: `${base(SP_B)}/secrets` }));
  assert.equal(secretsOfB['value'], []);
  await emulator.close();
});

test('registered mode: an unregistered service principal has no jobs, templates or secrets to reach (404)', async () => {
  const emulator = await seeded({ servicePrincipals: 'registered' });
  const stranger = '33333333-4444-4555-8666-777777777777';
  for (const [method, path] of [['GET', '/jobs'], ['GET', `/jobs/${JOB_A}`], ['GET', '/jobs/$count'], ['POST', '/jobs'], ['GET', '/templates'], ['GET', '/secrets'], ['DELETE', `/jobs/${JOB_A}`]] as const) {
    const res = await emulator.handle({ method, url: `${base(stranger)}${path}`, headers: json, ...(method === 'POST' && { body: '{"templateId":"scim"}' }) });
    assert.is(res.status, 404, `${method} ${path}: ${res.body}`);
  }
  await emulator.close();
});

// ---------------------------------------------------------------------------------------------
// Control routes

test('control: false turns off every /_syncemu/ route (Graph 404); the default serves them', async () => {
  const off = await seeded({ control: false });
  const before = off.store.digest();
  for (const [method, path, body] of [
    ['GET', '/_syncemu/clock'],
    ['POST', '/_syncemu/clock/advance', { duration: 'PT1H' }],
    ['POST', '/_syncemu/clock/set', { now: '2040-01-01T00:00:00Z' }],
    ['GET', `/_syncemu/servicePrincipals/${SP_A}/jobs/${JOB_A}/plan`],
    ['PUT', `/_syncemu/servicePrincipals/${SP_A}/jobs/${JOB_A}/plan`, { outcomes: [{ result: 'failed' }] }],
    ['GET', '/_syncemu'],
    ['GET', '/_syncemu/'],
  ] as const) {
    const res = await off.handle({ method, url: path, headers: json, ...(body && { body: JSON.stringify(body) }) });
    assert.is(res.status, 404, `${method} ${path}: ${res.body}`);
    assert.is(bodyOf(res).error?.code, 'Request_ResourceNotFound');
  }
  assert.is(off.store.digest(), before);
  await off.close();
  const on = await seeded();
  assert.is((await on.handle({ method: 'GET', url: '/_syncemu/clock' })).status, 200);
  await on.close();
});

test('--no-control: the CLI server answers Graph paths and 404s /_syncemu/', async () => {
  const server = await startServerProcess(['--db', join(dir, 'no-control.sqlite'), '--no-control', '--clock', 'manual']);
  try {
    assert.is((await fetch(`${server.url}/_syncemu/clock`)).status, 404);
    assert.is((await fetch(`${server.url}/_syncemu/clock/advance`, { method: 'POST', headers: json, body: '{"duration":"PT1H"}' })).status, 404);
    assert.is((await fetch(`${server.url}${base(SP_A)}/jobs`)).status, 200);
  } finally {
    await server.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// Optional authentication

const READER = `Bearer ${unsignedJwt({ scp: 'User.Read Synchronization.Read.All' })}`;
const WRITER = `Bearer ${unsignedJwt({ scp: 'Synchronization.ReadWrite.All' })}`;
const APP_WRITER = `Bearer ${unsignedJwt({ roles: ['Application.Read.All', 'Synchronization.ReadWrite.All'] })}`;
const NOBODY = `Bearer ${unsignedJwt({ scp: 'User.Read', roles: ['Mail.Send'] })}`;

const WRITES: [string, string, unknown?][] = [
  ['POST', '/jobs', { templateId: 'scim' }],
  ['PATCH', `/jobs/${JOB_A}`, { schedule: { interval: 'PT5M' } }],
  ['DELETE', `/jobs/${SHARED}`],
  ['POST', `/jobs/${JOB_A}/start`],
  ['POST', `/jobs/${JOB_A}/pause`],
  ['POST', `/jobs/${JOB_A}/restart`],
  ['PUT', `/jobs/${JOB_A}/schema`, { directories: [], synchronizationRules: [] }],
  ['DELETE', `/jobs/${JOB_A}/schema`],
  ['PUT', '/secrets', { value: [{ key: 'BaseAddress', value: 'https://b.example.com' }] }],
];
const READS = ['/jobs', `/jobs/${JOB_A}`, '/jobs/$count', `/jobs/${JOB_A}/schema`, '/templates', '/secrets'];

test('requireAuth: no bearer token or a token that is not a JWT is 401 InvalidAuthenticationToken, and nothing changes', async () => {
  const emulator = await seeded({ requireAuth: true });
  const before = emulator.store.digest();
  for (const authorization of [undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer not-a-jwt', 'Bearer a.b', 'Bearer a.%%%.c', `Bearer e30.${Buffer.from('not json').toString('base64url')}.x`, `Bearer e30.${Buffer.from('"Synchronization.ReadWrite.All"').toString('base64url')}.x`]) {
    for (const [method, path, body] of [['GET', '/jobs'] as [string, string], ...WRITES]) {
      const res = await emulator.handle({
        method,
        url: `${base(SP_A)}${path}`,
        headers: { ...json, ...(authorization !== undefined && { authorization }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      assert.is(res.status, 401, `${String(authorization)} ${method} ${path}: ${res.body}`);
      assert.is(bodyOf(res).error?.code, 'InvalidAuthenticationToken');
      assert.ok(res.headers['WWW-Authenticate']?.startsWith('Bearer'), 'WWW-Authenticate');
    }
  }
  assert.is(emulator.store.digest(), before);
  await emulator.close();
});

test('regression: a JWT whose payload is a JSON array is 401 InvalidAuthenticationToken, not a token without permissions (403)', async () => {
  const emulator = await seeded({ requireAuth: true });
  for (const payload of ['[1]', '["Synchronization.ReadWrite.All"]', '[]']) {
    const res = await emulator.handle({ method: 'GET', url: `${base(SP_A)}/jobs`, headers: { authorization: `Bearer e30.${Buffer.from(payload).toString('base64url')}.sig` } });
    assert.is(res.status, 401, payload);
    assert.match(bodyOf(res).error?.message ?? '', /not a JSON object/);
  }
  await emulator.close();
});

test('requireAuth: writes without Synchronization.ReadWrite.All are 403 Authorization_RequestDenied; Synchronization.Read.All reads', async () => {
  const emulator = await seeded({ requireAuth: true });
  const before = emulator.store.digest();
  for (const token of [READER, NOBODY]) {
    for (const [method, path, body] of WRITES) {
      const res = await emulator.handle({ method, url: `${base(SP_A)}${path}`, headers: { ...json, authorization: token }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      assert.is(res.status, 403, `${method} ${path}: ${res.body}`);
      assert.is(bodyOf(res).error?.code, 'Authorization_RequestDenied');
    }
  }
  assert.is(emulator.store.digest(), before);
  for (const path of READS) {
    assert.is((await emulator.handle({ method: 'GET', url: `${base(SP_A)}${path}`, headers: { authorization: READER } })).status, 200, path);
    assert.is((await emulator.handle({ method: 'GET', url: `${base(SP_A)}${path}`, headers: { authorization: NOBODY } })).status, 403, path);
  }
  await emulator.close();
});

test('requireAuth: a token with Synchronization.ReadWrite.All (delegated scp or application roles) writes and reads', async () => {
  for (const token of [WRITER, APP_WRITER, WRITER.replace('Bearer', 'bearer')]) {
    const emulator = await seeded({ requireAuth: true });
    for (const [method, path, body] of WRITES) {
      const res = await emulator.handle({ method, url: `${base(SP_A)}${path}`, headers: { ...json, authorization: token }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      assert.ok(res.status === 201 || res.status === 204, `${method} ${path}: ${res.status} ${res.body}`);
    }
    for (const path of READS) assert.is((await emulator.handle({ method: 'GET', url: `${base(SP_A)}${path}`, headers: { authorization: token } })).status, 200, path);
    await emulator.close();
  }
});

test('--require-auth: the CLI server refuses anonymous requests and read-only writers, and accepts a writer', async () => {
  const server = await startServerProcess(['--db', ':memory:', '--require-auth']);
  try {
    const url = `${server.url}${base(SP_A)}/jobs`;
    const anonymous = await fetch(url);
    assert.is(anonymous.status, 401);
    assert.is(((await anonymous.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
    const denied = await fetch(url, { method: 'POST', headers: { ...json, authorization: READER }, body: '{"templateId":"scim"}' });
    assert.is(denied.status, 403);
    assert.is(((await denied.json()) as { error: { code: string } }).error.code, 'Authorization_RequestDenied');
    assert.is((await fetch(url, { headers: { authorization: READER } })).status, 200);
    assert.is((await fetch(url, { method: 'POST', headers: { ...json, authorization: WRITER }, body: '{"templateId":"scim"}' })).status, 201);
  } finally {
    await server.stop();
  }
});

test.run();
