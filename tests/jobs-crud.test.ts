/**
 * The synchronizationJob CRUD surface end to end, on /v1.0 and /beta, through emulator.fetch()
 * and through a real HTTP listener on port 0 (decisions.md §2, §3, §5).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  assertJsonHeaders,
  assertNoContent,
  collectionContext,
  entityContext,
  GUID,
  graphError,
  internalErrors,
  jobIdPattern,
  jobPath,
  jobsPath,
  jsonRequest,
  newEmulator,
  newJobSchedule,
  newJobStatus,
  SP,
  SP2,
  TRANSPORTS,
  VERSIONS,
  withTransport,
  JSON_CONTENT_TYPE,
} from './support/graph-harness.js';

interface Job {
  id: string;
  templateId: string;
  schedule: { expiration: string | null; interval: string; state: string };
  status: Record<string, unknown>;
  synchronizationJobSettings: { name: string; value: string | null }[];
}

const notFound = (id: string) => `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;

for (const version of VERSIONS) {
  for (const kind of TRANSPORTS) {
    const name = `${version} via ${kind}`;

    test(`${name}: create answers 201, Location and the full new job`, () =>
      withTransport(kind, {}, async (t) => {
        const res = await t.call(jobsPath(version), jsonRequest('POST', { templateId: 'scim' }, { 'client-request-id': 'crud-create-1' }));
        assert.is(res.status, 201);
        assertJsonHeaders(res, 'crud-create-1');
        const body = (await res.json()) as Job & { '@odata.context': string };
        assert.match(body.id, jobIdPattern('scim'));
        assert.is(res.headers.get('location'), `${t.origin}/${version}/servicePrincipals/${SP}/synchronization/jobs/${body.id}`);
        assert.equal(body, {
          '@odata.context': entityContext(t.origin, version),
          id: body.id,
          templateId: 'scim',
          schedule: newJobSchedule(),
          status: newJobStatus(),
          synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
        });
        // Property order as Graph writes it.
        assert.equal(Object.keys(body), ['@odata.context', 'id', 'templateId', 'schedule', 'status', 'synchronizationJobSettings']);
      }));

    test(`${name}: create merges the template's default settings with the body's by name, and takes schedule.interval/expiration`, () =>
      withTransport(kind, {}, async (t) => {
        const res = await t.call(
          jobsPath(version),
          jsonRequest('POST', {
            templateId: 'Azure2Azure',
            schedule: { interval: 'PT20M', expiration: '2030-01-02T03:04:05Z' },
            synchronizationJobSettings: [
              { name: 'LookaheadQueryEnabled', value: 'True' },
              { name: 'Extra', value: 'x' },
            ],
          }),
        );
        assert.is(res.status, 201);
        const job = (await res.json()) as Job;
        assert.match(job.id, jobIdPattern('Azure2Azure'));
        assert.equal(job.schedule, { expiration: '2030-01-02T03:04:05Z', interval: 'PT20M', state: 'Disabled' });
        assert.equal(job.status, newJobStatus());
        assert.equal(job.synchronizationJobSettings, [
          { name: 'AzureIngestionAttributeOptimization', value: 'False' },
          { name: 'LookaheadQueryEnabled', value: 'True' },
          { name: 'Extra', value: 'x' },
        ]);
        // What the create answered is what is stored.
        const got = await t.call(jobPath(job.id, version));
        assert.equal(await got.json(), job);
      }));

    test(`${name}: list answers the context and every job in id order; a service principal without jobs lists none`, () =>
      withTransport(kind, {}, async (t) => {
        const created: Job[] = [];
        for (const templateId of ['slack', 'aws', 'scim']) {
          const res = await t.call(jobsPath(version), jsonRequest('POST', { templateId }));
          assert.is(res.status, 201);
          const { ['@odata.context']: _c, ...job } = (await res.json()) as Job & { '@odata.context': string };
          created.push(job);
        }
        const res = await t.call(jobsPath(version));
        assert.is(res.status, 200);
        assertJsonHeaders(res);
        const body = await res.json();
        assert.equal(body, {
          '@odata.context': collectionContext(t.origin, version),
          value: [...created].sort((a, b) => (a.id < b.id ? -1 : 1)),
        });
        const empty = await t.call(jobsPath(version, SP2));
        assert.equal(await empty.json(), { '@odata.context': collectionContext(t.origin, version, SP2), value: [] });
      }));

    test(`${name}: get answers the job; $select narrows it and names the selection in the context`, () =>
      withTransport(kind, {}, async (t) => {
        const created = (await (await t.call(jobsPath(version), jsonRequest('POST', { templateId: 'gsuite' }))).json()) as Job & {
          '@odata.context': string;
        };
        const res = await t.call(jobPath(created.id, version), { headers: { 'client-request-id': 'get-1' } });
        assert.is(res.status, 200);
        assertJsonHeaders(res, 'get-1');
        assert.equal(await res.json(), created);

        const selected = await t.call(`${jobPath(created.id, version)}?$select=id,status`);
        assert.is(selected.status, 200);
        assert.equal(await selected.json(), {
          '@odata.context': entityContext(t.origin, version, SP, 'id,status'),
          id: created.id,
          status: newJobStatus(),
        });
        const star = await t.call(`${jobPath(created.id, version)}?$select=*`);
        assert.equal(await star.json(), created);
      }));

    test(`${name}: patch answers 204; schedule merges, settings replace, the rest stays`, () =>
      withTransport(kind, {}, async (t) => {
        const created = (await (await t.call(jobsPath(version), jsonRequest('POST', { templateId: 'scim' }))).json()) as Job;
        const url = jobPath(created.id, version);

        await assertNoContent(await t.call(url, jsonRequest('PATCH', { schedule: { expiration: '2031-05-06T07:08:09Z' } }, { 'client-request-id': 'p1' })), 'p1');
        await assertNoContent(await t.call(url, jsonRequest('PATCH', { schedule: { interval: 'PT20M' } })));
        await assertNoContent(
          await t.call(url, jsonRequest('PATCH', { synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '100' }, { name: 'B', value: null }] })),
        );
        let job = (await (await t.call(url)).json()) as Job;
        assert.equal(job.schedule, { expiration: '2031-05-06T07:08:09Z', interval: 'PT20M', state: 'Disabled' });
        assert.equal(job.synchronizationJobSettings, [
          { name: 'QuarantineTooManyDeletesThreshold', value: '100' },
          { name: 'B', value: null },
        ]);
        assert.is(job.id, created.id);
        assert.is(job.templateId, 'scim');
        assert.equal(job.status, newJobStatus());

        // Replace again with fewer settings; expiration back to null; an empty patch changes nothing.
        await assertNoContent(await t.call(url, jsonRequest('PATCH', { synchronizationJobSettings: [], schedule: { expiration: null } })));
        await assertNoContent(await t.call(url, jsonRequest('PATCH', {})));
        job = (await (await t.call(url)).json()) as Job;
        assert.equal(job.schedule, { expiration: null, interval: 'PT20M', state: 'Disabled' });
        assert.equal(job.synchronizationJobSettings, []);
      }));

    test(`${name}: delete answers 204; the job is gone from get, list and a second delete`, () =>
      withTransport(kind, {}, async (t) => {
        const keep = (await (await t.call(jobsPath(version), jsonRequest('POST', { templateId: 'aws' }))).json()) as Job;
        const gone = (await (await t.call(jobsPath(version), jsonRequest('POST', { templateId: 'scim' }))).json()) as Job;
        await assertNoContent(await t.call(jobPath(gone.id, version), { method: 'DELETE', headers: { 'client-request-id': 'd1' } }), 'd1');
        await graphError(await t.call(jobPath(gone.id, version), { headers: { 'client-request-id': 'd2' } }), {
          status: 404,
          code: 'Request_ResourceNotFound',
          message: notFound(gone.id),
          clientRequestId: 'd2',
        });
        await graphError(await t.call(jobPath(gone.id, version), { method: 'DELETE' }), {
          status: 404,
          code: 'Request_ResourceNotFound',
          message: notFound(gone.id),
        });
        const list = (await (await t.call(`${jobsPath(version)}?$select=id`)).json()) as { value: { id: string }[] };
        assert.equal(list.value, [{ id: keep.id }]);
      }));

    test(`${name}: request-id is new each time; client-request-id echoes the client's or repeats request-id`, () =>
      withTransport(kind, {}, async (t) => {
        const a = await t.call(jobsPath(version));
        const b = await t.call(jobsPath(version), { headers: { 'client-request-id': 'my-client-id-42' } });
        const idA = assertJsonHeaders(a);
        const idB = assertJsonHeaders(b, 'my-client-id-42');
        assert.is.not(idA, idB);
        const count = await t.call(`${jobsPath(version)}/$count`);
        assert.is(count.status, 200);
        assert.is(count.headers.get('content-type'), 'text/plain;charset=utf-8');
        assert.ok(GUID.test(count.headers.get('request-id') ?? ''));
        assert.is(await count.text(), '0');
      }));

    test(`${name}: a trailing slash is accepted on the collection and on a job`, () =>
      withTransport(kind, {}, async (t) => {
        const res = await t.call(`${jobsPath(version)}/`, jsonRequest('POST', { templateId: 'slack' }));
        assert.is(res.status, 201);
        const job = (await res.json()) as Job;
        assert.is(res.headers.get('location'), `${t.origin}/${version}/servicePrincipals/${SP}/synchronization/jobs/${job.id}`);
        const list = await t.call(`${jobsPath(version)}/?$select=id`);
        assert.equal(await list.json(), { '@odata.context': collectionContext(t.origin, version, SP, 'id'), value: [{ id: job.id }] });
        const one = await t.call(`${jobPath(job.id, version)}/`);
        assert.is(one.status, 200);
        assert.is(((await one.json()) as Job).id, job.id);
        await assertNoContent(await t.call(`${jobPath(job.id, version)}/`, jsonRequest('PATCH', { schedule: { interval: 'PT1H' } })));
        await assertNoContent(await t.call(`${jobPath(job.id, version)}/`, { method: 'DELETE' }));
      }));

    test(`${name}: path segments are percent-decoded exactly once`, () =>
      withTransport(kind, {}, async (t, emulator) => {
        await emulator.seed({ servicePrincipals: [{ id: SP, jobs: [{ id: 'job one%41', templateId: 'scim' }, { id: 'job oneA', templateId: 'scim' }] }] });
        const encodedSp = SP.replaceAll('-', '%2D');
        const res = await t.call(`/${version}/servicePrincipals/${encodedSp}/%73ynchronization/%6Aobs/job%20one%2541`);
        assert.is(res.status, 200);
        const body = (await res.json()) as Job & { '@odata.context': string };
        assert.is(body.id, 'job one%41');
        assert.is(body['@odata.context'], entityContext(t.origin, version));
        const other = (await (await t.call(`${jobsPath(version)}/job%20one%41`)).json()) as Job;
        assert.is(other.id, 'job oneA');
        await assertNoContent(await t.call(`${jobsPath(version)}/job%20one%2541`, { method: 'DELETE' }));
        const left = (await (await t.call(`${jobsPath(version)}?$select=id`)).json()) as { value: { id: string }[] };
        assert.equal(left.value, [{ id: 'job oneA' }]);
      }));

    test(`${name}: an upper-case service principal id names the same service principal`, () =>
      withTransport(kind, {}, async (t) => {
        const created = (await (await t.call(jobsPath(version, SP.toUpperCase()), jsonRequest('POST', { templateId: 'scim' }))).json()) as Job & {
          '@odata.context': string;
        };
        assert.is(created['@odata.context'], entityContext(t.origin, version));
        const list = (await (await t.call(`${jobsPath(version)}?$select=id`)).json()) as { value: { id: string }[] };
        assert.equal(list.value, [{ id: created.id }]);
      }));
  }
}

test('both versions serve the same data', async () => {
  const emulator = newEmulator();
  try {
    const res = await emulator.fetch(`https://graph.microsoft.com${jobsPath('v1.0')}`, jsonRequest('POST', { templateId: 'scim' }));
    const job = (await res.json()) as Job & { '@odata.context': string };
    const beta = await emulator.fetch(`https://graph.microsoft.com${jobPath(job.id, 'beta')}`);
    assert.equal(await beta.json(), { ...job, '@odata.context': entityContext('https://graph.microsoft.com', 'beta') });
  } finally {
    await emulator.close();
  }
});

test('idSeed makes job ids reproducible across two emulators; another seed gives others', async () => {
  const make = async (idSeed: number) => {
    const emulator = newEmulator({ idSeed });
    const ids: string[] = [];
    for (const templateId of ['scim', 'aws', 'scim']) {
      const res = await emulator.fetch(`https://graph.microsoft.com${jobsPath()}`, jsonRequest('POST', { templateId }));
      ids.push(((await res.json()) as Job).id);
    }
    await emulator.close();
    return ids;
  };
  const first = await make(7);
  const second = await make(7);
  const other = await make(8);
  assert.equal(second, first);
  assert.is(new Set(first).size, 3);
  for (const id of other) assert.not.ok(first.includes(id), `${id} appeared with another seed`);
  assert.match(first[0]!, jobIdPattern('scim'));
  assert.match(first[1]!, jobIdPattern('aws'));
});

test('the tenantId option is the middle part of job ids', async () => {
  const tenantId = '0B5E2F0E-1C5A-4C7B-8A0E-1F2D3C4B5A69';
  const emulator = newEmulator({ tenantId });
  try {
    const res = await emulator.fetch(`https://graph.microsoft.com${jobsPath()}`, jsonRequest('POST', { templateId: 'AD2AADProvisioning' }));
    const job = (await res.json()) as Job;
    assert.match(job.id, jobIdPattern('AD2AADProvisioning', '0b5e2f0e1c5a4c7b8a0e1f2d3c4b5a69'));
  } finally {
    await emulator.close();
  }
});

test("servicePrincipals: 'registered' answers 404 for unknown service principals, seeded ones work", async () => {
  const emulator = newEmulator({ servicePrincipals: 'registered' });
  try {
    await emulator.seed({ servicePrincipals: [{ id: SP, displayName: 'Contoso' }] });
    const origin = 'https://graph.microsoft.com';
    const created = await emulator.fetch(origin + jobsPath('beta'), jsonRequest('POST', { templateId: 'scim' }));
    assert.is(created.status, 201);
    const job = (await created.json()) as Job;
    assert.is((await emulator.fetch(origin + jobPath(job.id))).status, 200);
    const digest = emulator.store.digest();
    const unknown = (id: string) => ({ status: 404, code: 'Request_ResourceNotFound', message: notFound(id) });
    await graphError(await emulator.fetch(origin + jobsPath('v1.0', SP2)), unknown(SP2));
    await graphError(await emulator.fetch(origin + jobsPath('beta', SP2), jsonRequest('POST', { templateId: 'scim' })), unknown(SP2));
    await graphError(await emulator.fetch(origin + jobPath(job.id, 'v1.0', SP2)), unknown(SP2));
    await graphError(await emulator.fetch(origin + jobPath(job.id, 'v1.0', SP2), jsonRequest('PATCH', {})), unknown(SP2));
    await graphError(await emulator.fetch(origin + jobPath(job.id, 'v1.0', SP2), { method: 'DELETE' }), unknown(SP2));
    await graphError(await emulator.fetch(`${origin}${jobsPath('v1.0', SP2)}/$count`), unknown(SP2));
    assert.is(emulator.store.digest(), digest);
  } finally {
    await emulator.close();
  }
});

test("servicePrincipals: 'auto' creates the service principal on its first write only", async () => {
  const emulator = newEmulator();
  try {
    const origin = 'https://graph.microsoft.com';
    assert.is((await emulator.fetch(origin + jobsPath('v1.0', SP2))).status, 200);
    assert.is(emulator.store.servicePrincipals.get(SP2), undefined);
    assert.is((await emulator.fetch(origin + jobsPath('v1.0', SP2), jsonRequest('POST', { templateId: 'scim' }))).status, 201);
    assert.equal(emulator.store.servicePrincipals.get(SP2), { id: SP2, appId: null, displayName: null, registered: false });
  } finally {
    await emulator.close();
  }
});

test('handle() takes a plain object with a path-only URL; the Host header names the origin', async () => {
  const emulator = newEmulator();
  try {
    const created = await emulator.handle({
      method: 'post',
      url: jobsPath('beta'),
      headers: { Host: 'syncemu.test:8080', 'content-type': 'application/json', 'client-request-id': ['plain-1'] },
      body: { templateId: 'scim', schedule: { interval: 'PT15M' } },
    });
    assert.is(created.status, 201);
    const body = JSON.parse(created.body ?? '') as Job & { '@odata.context': string };
    assert.is(body['@odata.context'], entityContext('http://syncemu.test:8080', 'beta'));
    assert.is(body.schedule.interval, 'PT15M');
    assert.equal(created.headers, {
      'request-id': created.headers['request-id']!,
      'client-request-id': 'plain-1',
      'Cache-Control': 'private',
      'Content-Type': JSON_CONTENT_TYPE,
      'OData-Version': '4.0',
      Location: `http://syncemu.test:8080/beta/servicePrincipals/${SP}/synchronization/jobs/${body.id}`,
    });
    assert.match(created.headers['request-id']!, GUID);

    // A JSON string body, and bytes, work as well.
    const patched = await emulator.handle({
      method: 'PATCH',
      url: jobPath(body.id, 'beta'),
      headers: { host: 'syncemu.test:8080', 'Content-Type': 'application/json' },
      body: new TextEncoder().encode('{"schedule":{"interval":"PT45M"}}'),
    });
    assert.is(patched.status, 204);
    assert.is(patched.body, undefined);
    assert.is(patched.headers['Content-Type'], undefined);

    const got = await emulator.handle({ method: 'GET', url: `${jobPath(body.id, 'beta')}?$select=schedule`, headers: { host: 'syncemu.test:8080' } });
    assert.is(got.status, 200);
    assert.equal(JSON.parse(got.body ?? ''), {
      '@odata.context': entityContext('http://syncemu.test:8080', 'beta', SP, 'schedule'),
      schedule: { expiration: null, interval: 'PT45M', state: 'Disabled' },
    });

    // No Host header: http://localhost. An absolute URL: its own origin.
    const bare = await emulator.handle({ method: 'GET', url: jobsPath() });
    assert.is(JSON.parse(bare.body ?? '')['@odata.context'], collectionContext('http://localhost', 'v1.0'));
    const absolute = await emulator.handle({ method: 'GET', url: `https://example.org:4443${jobsPath()}`, headers: { host: 'ignored.test' } });
    assert.is(JSON.parse(absolute.body ?? '')['@odata.context'], collectionContext('https://example.org:4443', 'v1.0'));

    const missing = await emulator.handle({ method: 'GET', url: jobPath('nope') });
    assert.is(missing.status, 404);
    const error = JSON.parse(missing.body ?? '') as { error: { code: string; message: string; innerError: Record<string, string> } };
    assert.is(error.error.code, 'Request_ResourceNotFound');
    assert.is(error.error.message, notFound('nope'));
    assert.is(error.error.innerError['request-id'], missing.headers['request-id']);
  } finally {
    await emulator.close();
  }
});

test('innerError.date is the emulator clock in yyyy-MM-ddTHH:mm:ss UTC', async () => {
  const emulator = newEmulator({ clock: { kind: 'manual', start: '2024-04-12T08:59:05.987Z' } });
  try {
    await graphError(await emulator.fetch(`https://graph.microsoft.com${jobPath('nope')}`), {
      status: 404,
      code: 'Request_ResourceNotFound',
      message: notFound('nope'),
      date: '2024-04-12T08:59:05',
    });
    await emulator.clock.advance('PT1H30M');
    await graphError(await emulator.fetch(`https://graph.microsoft.com${jobPath('nope')}`), {
      status: 404,
      code: 'Request_ResourceNotFound',
      message: notFound('nope'),
      date: '2024-04-12T10:29:05',
    });
  } finally {
    await emulator.close();
  }
});

test('no request caused an internal error', () => {
  assert.equal(internalErrors, []);
});

test.run();
