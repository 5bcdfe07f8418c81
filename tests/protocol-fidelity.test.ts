/**
 * Graph's protocol where syncemu used to speak its own: `$metadata` and the service document,
 * links that name the caller's origin (behind a proxy too), `$select` paths into complex
 * properties, `$expand=schema`, `IEEE754Compatible=true`, the routes the CSDL declares, and every
 * payload of every route, on both versions, checked against Microsoft's CSDL.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkPayload, type ApiVersion } from './support/csdl-validator.js';
import { parseCsdl } from './support/csdl-model.js';
import { observe } from './support/csdl-observer.js';
import { Api, assertGraphError, SALESFORCE_ERROR, SP, withEmulator } from './support/lifecycle-support.js';

const GRAPH = 'https://graph.microsoft.com';
const VERSIONS: readonly ApiVersion[] = ['v1.0', 'beta'];
const IEEE754 = { Accept: 'application/json;IEEE754Compatible=true' };
const CSDL_FILE = (version: ApiVersion) => new URL(`../../packages/core/metadata/synchronization-${version}.xml`, import.meta.url);

test('every route on both versions answers payloads that conform to the CSDL, also with IEEE754Compatible=true', async () => {
  await withEmulator(async (emulator) => {
    const problems: string[] = [];
    let checked = 0;
    for (const version of VERSIONS) {
      const api = new Api((input, init) => emulator.fetch(input, init), GRAPH, SP, version);
      const check = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const reply = await api.graph(method, path, body, headers);
        if (reply.text === '') return reply;
        const ieee754 = /IEEE754Compatible=true/.test(reply.headers.get('content-type') ?? '');
        if (headers['Accept'] !== undefined && !ieee754) problems.push(`${version} ${method} ${path}: asked for IEEE754Compatible=true, got ${reply.headers.get('content-type')}`);
        checked++;
        for (const problem of checkPayload(version, reply.body, { ieee754Compatible: ieee754 })) problems.push(`${version} ${method} ${path} → ${reply.status}: ${problem}`);
        return reply;
      };
      await api.graph('PUT', '/secrets', { value: [{ key: 'BaseAddress', value: 'https://scim.example' }, { key: 'SecretToken', value: 's3cret' }] });
      const templates = (await check('GET', '/templates')).body.value as { id: string; schema: { directories: { id: string }[] } }[];
      const jobs: string[] = [];
      for (const template of templates) {
        await check('GET', `/templates/${template.id}`);
        await check('GET', `/templates/${template.id}/schema`);
        await check('GET', `/templates/${template.id}/schema/filterOperators`);
        await check('GET', `/templates/${template.id}/schema/functions()`);
        await check('GET', `/templates/${template.id}/schema/directories`);
        const directory = template.schema.directories[0]?.id;
        if (directory) {
          await check('GET', `/templates/${template.id}/schema/directories/${directory}`);
          await check('POST', `/templates/${template.id}/schema/directories/${directory}/discover`);
        }
        await check('POST', `/templates/${template.id}/schema/parseExpression`, { expression: 'Join(",", [givenName], [surname])', testInputObject: { definition: null, properties: [{ key: 'givenName', value: 'Ada' }, { key: 'surname', value: 'L' }] } });
        const created = await check('POST', '/jobs', { templateId: template.id });
        jobs.push(created.body.id as string);
      }
      // jobs in every state: running, failing into quarantine, with entry-level errors, paused
      for (const [i, id] of jobs.entries()) {
        await api.act(id, 'start');
        if (i % 3 === 1) await emulator.jobs.plan(SP, id, [{ result: 'failed', error: SALESFORCE_ERROR, repeat: 4 }]);
        if (i % 3 === 2) await emulator.jobs.plan(SP, id, [{ result: 'entryLevelErrors', counts: { countExported: 3, countEscrowed: 2 } }]);
      }
      await emulator.clock.advance('PT6H');
      await api.act(jobs[0]!, 'pause');
      for (const headers of [{}, IEEE754]) {
        await check('GET', '/jobs?$count=true&$top=5', undefined, headers);
        await check('GET', '/jobs?$select=id,status/code,schedule/interval,status/lastExecution/error,status/quarantine/seriesCount,status/progress/units', undefined, headers);
        await check('GET', "/jobs?$filter=status/code eq 'Quarantine'&$select=status", undefined, headers);
        await check('GET', `/jobs/${jobs[1]}`, undefined, headers);
        await check('GET', `/jobs/${jobs[1]}?$expand=schema&$select=id,status/quarantine`, undefined, headers);
        await check('POST', '/jobs', { templateId: 'scim' }, headers);
      }
      for (const id of jobs) {
        await check('GET', `/jobs/${id}?$expand=schema`);
        const schema = await check('GET', `/jobs/${id}/schema`);
        await check('GET', `/jobs/${id}/schema/directories`);
        const directory = schema.body.directories[0]?.id as string | undefined;
        if (directory) await check('POST', `/jobs/${id}/schema/directories/${directory}/discover`);
        await check('GET', `/jobs/${id}/schema/filterOperators()`);
        await check('GET', `/jobs/${id}/schema/functions`);
        await check('GET', `/jobs/${id}/bulkUpload`);
        await check('POST', `/jobs/${id}/schema/parseExpression`, { expression: '[userPrincipalName' });
      }
      const scimJob = jobs[templates.findIndex((t) => t.id === 'scim')]!;
      const rule = (await api.graph('GET', `/jobs/${scimJob}/schema`)).body.synchronizationRules[0].id as string;
      await check('POST', `/jobs/${scimJob}/provisionOnDemand`, { parameters: [{ ruleId: rule, subjects: [{ objectId: '9bb0f679-a883-4a6f-8260-35b491b8b8c8', objectTypeName: 'User' }] }] });
      await check('GET', '/secrets');
      await check('GET', '');
      if (version === 'beta') await check('GET', '/Ping()');
      // errors are Graph errors: a missing job, a bad filter, a wrong method, a bad body
      await check('GET', '/jobs/nope');
      await check('GET', '/jobs?$filter=status/nope eq 1');
      await check('PATCH', '/secrets', {});
      await check('POST', '/jobs', { templateId: 'scim', status: {} });
      const documents = await emulator.fetch(`${GRAPH}/${version}/`);
      checked++;
      for (const problem of checkPayload(version, await documents.json())) problems.push(`${version} service document: ${problem}`);
    }
    assert.equal(problems, [], problems.join('\n'));
    assert.ok(checked > 250, `${checked} payloads checked`);
  });
});

test('the suite-wide observer reports a payload that breaks the CSDL (so every test would catch it)', () => {
  const request = { method: 'GET', url: `${GRAPH}/v1.0/servicePrincipals/${SP}/synchronization/jobs` };
  const headers = { 'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8' };
  const context = `${GRAPH}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/jobs`;
  const good = { status: 200, headers, body: JSON.stringify({ '@odata.context': context, value: [] }) };
  assert.equal(observe({ request, response: good }), []);
  const typo = { status: 200, headers, body: JSON.stringify({ '@odata.context': context, value: [{ id: 'x', templateID: 'scim' }] }) };
  assert.ok(observe({ request, response: typo }).some((problem) => problem.startsWith('$.value[0].templateID')), observe({ request, response: typo }).join('\n'));
  // outside Graph's paths (the control routes, the root) and non-JSON answers are not Graph payloads
  assert.equal(observe({ request: { method: 'GET', url: '/_syncemu/clock' }, response: { ...typo } }), []);
  assert.equal(observe({ request, response: { status: 200, headers: { 'Content-Type': 'text/plain' }, body: '3' } }), []);
});

test("GET /{version}/$metadata is Microsoft's CSDL of that version, whole: the graph alias, servicePrincipals, beta's bulkUpload and Ping", async () => {
  await withEmulator(
    async (emulator) => {
      for (const version of VERSIONS) {
        // anonymous, as Graph's $metadata is (the emulator requires tokens everywhere else)
        const res = await emulator.fetch(`${GRAPH}/${version}/$metadata`);
        assert.is(res.status, 200);
        assert.is(res.headers.get('content-type'), 'application/xml;charset=utf-8');
        const served = await res.text();
        assert.match(served, /<Schema xmlns="http:\/\/docs\.oasis-open\.org\/odata\/ns\/edm" Namespace="microsoft\.graph" Alias="graph">/);
        assert.match(served, /<EntityContainer Name="GraphService">\s*<EntitySet Name="servicePrincipals" EntityType="microsoft\.graph\.servicePrincipal" \/>/);
        const model = parseCsdl(served);
        const microsoft = parseCsdl(readFileSync(CSDL_FILE(version), 'utf8'));
        // every type of Microsoft's file, unchanged; syncemu adds servicePrincipal (and beta's bulkUpload)
        for (const [name, type] of microsoft.types) {
          if (version === 'beta' && name === 'microsoft.graph.synchronizationJob') continue;
          assert.equal(model.types.get(name), type, name);
        }
        const added = [...model.types.keys()].filter((name) => !microsoft.types.has(name)).sort();
        assert.equal(added, version === 'beta' ? ['microsoft.graph.bulkUpload', 'microsoft.graph.servicePrincipal'] : ['microsoft.graph.servicePrincipal']);
        const job = model.types.get('microsoft.graph.synchronizationJob')!;
        assert.ok(job.kind === 'EntityType' && job.navigationProperties.has('bulkUpload'), `${version}: synchronizationJob/bulkUpload`);
        assert.is(model.operations.has('Ping'), version === 'beta');
        assert.is((await emulator.fetch(`${GRAPH}/${version}/%24metadata`)).status, 200);
        assertGraphError(await new Api((input, init) => emulator.fetch(input, init)).request('POST', `${GRAPH}/${version}/$metadata`, {}), 405, 'Request_BadRequest');
      }
      const v1 = await (await emulator.fetch(`${GRAPH}/v1.0/$metadata`)).text();
      const beta = await (await emulator.fetch(`${GRAPH}/beta/$metadata`)).text();
      assert.match(v1, /<Member Name="GalleryApplicationIdentifier" Value="0" \/>/);
      assert.match(beta, /<Member Name="galleryApplicationIdentifier" Value="0" \/>/);
    },
    { requireAuth: true },
  );
});

test('GET / names the base URLs; GET /{version}/ is an OData service document; neither needs a token', async () => {
  await withEmulator(
    async (emulator) => {
      const root = await emulator.fetch('http://127.0.0.1:5555/');
      assert.is(root.status, 200);
      assert.equal(await root.json(), { value: [{ name: 'v1.0', url: 'http://127.0.0.1:5555/v1.0' }, { name: 'beta', url: 'http://127.0.0.1:5555/beta' }] });
      for (const path of ['/beta', '/beta/', '/BETA']) {
        const res = await emulator.fetch(`${GRAPH}${path}`);
        assert.is(res.status, 200, path);
        assert.equal(await res.json(), { '@odata.context': `${GRAPH}/beta/$metadata`, value: [{ name: 'servicePrincipals', kind: 'EntitySet', url: 'servicePrincipals' }] });
      }
      assert.is((await emulator.fetch(`${GRAPH}/v1.0/servicePrincipals/${SP}/synchronization/jobs`)).status, 401, 'the Graph resources still need one');
      assert.is((await emulator.fetch(`${GRAPH}/`, { method: 'DELETE' })).status, 405);
    },
    { requireAuth: true },
  );
});

/** A GET over a real socket with exactly these headers (fetch cannot set Host). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test("links name the caller's origin: the Host called, or what a proxy forwards (X-Forwarded-Proto/Host, Forwarded)", async () => {
  await withEmulator(async (emulator, api) => {
    for (let i = 0; i < 3; i++) await api.createJob('scim');
    const server = await emulator.listen({ port: 0 });
    try {
      const path = `/v1.0/servicePrincipals/${SP}/synchronization/jobs?$top=2`;
      const origin = async (headers: Record<string, string>) => {
        const res = await rawGet(`${server.url}${path}`, headers);
        assert.is(res.status, 200, JSON.stringify(res.body));
        const context = res.body['@odata.context'] as string;
        const next = res.body['@odata.nextLink'] as string;
        const contextOrigin = context.slice(0, context.indexOf('/v1.0/'));
        assert.is(next.slice(0, next.indexOf('/v1.0/')), contextOrigin, 'context and nextLink agree');
        return contextOrigin;
      };
      const port = new URL(server.url).port;
      assert.is(await origin({ host: `127.0.0.1:${port}` }), `http://127.0.0.1:${port}`);
      assert.is(await origin({ host: 'syncemu.internal:8080' }), 'http://syncemu.internal:8080');
      assert.is(await origin({ host: 'syncemu_1:5555' }), 'http://syncemu_1:5555', 'a compose service name');
      assert.is(await origin({ host: '127.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'graph.contoso.test' }), 'https://graph.contoso.test');
      assert.is(await origin({ host: '127.0.0.1', 'x-forwarded-proto': 'https' }), 'https://127.0.0.1', 'only the scheme forwarded: the Host stays');
      assert.is(await origin({ host: '127.0.0.1', 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'edge.test, inner.test' }), 'https://edge.test', 'the first proxy is the one the client called');
      assert.is(await origin({ host: '127.0.0.1', forwarded: 'for=192.0.2.60;proto=https;host="api.contoso.test:8443", for=10.0.0.1;proto=http' }), 'https://api.contoso.test:8443');
      assert.is(await origin({ host: '127.0.0.1', forwarded: 'proto=https', 'x-forwarded-host': 'edge.test' }), 'https://edge.test', 'Forwarded and X-Forwarded-* combine');
      // forwarded values that are not a scheme or a host are ignored
      assert.is(await origin({ host: '127.0.0.1', 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.test/path?x' }), 'http://127.0.0.1');
      // a Host that is no host name would end up in every link: 400
      const bad = await rawGet(`${server.url}${path}`, { host: 'evil.test/x?y' });
      assert.is(bad.status, 400);
      assert.is(bad.body.error.message, "The request's host 'evil.test/x?y' is not a host name or IP address with an optional port.");
      // the Location of a created job follows the same origin
      const created = await emulator.fetch(`${GRAPH}/beta/servicePrincipals/${SP}/synchronization/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'edge.test' },
        body: '{"templateId":"aws"}',
      });
      assert.match(created.headers.get('location')!, /^https:\/\/edge\.test\/beta\/servicePrincipals\//);
    } finally {
      await server.close();
    }
  });
});

test('$select paths into complex properties keep the enclosing objects, with only the selected members', async () => {
  await withEmulator(async (emulator, api) => {
    const failing = await api.createJob('scim');
    const fresh = await api.createJob('aws');
    await api.act(failing, 'start');
    await emulator.jobs.plan(SP, failing, [{ result: 'failed', error: SALESFORCE_ERROR, repeat: 2 }]);
    await emulator.clock.advance('PT3M');
    const select = '$select=status/code,id,schedule/interval,status/lastExecution/error,status/progress/units';
    const list = await api.graph('GET', `/jobs?${select}&$orderby=templateId desc`);
    assert.is(list.status, 200, list.text);
    assert.is(list.body['@odata.context'], `${GRAPH}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/jobs(status/code,id,schedule/interval,status/lastExecution/error,status/progress/units)`);
    assert.equal(list.body.value, [
      { id: failing, schedule: { interval: 'PT40M' }, status: { code: 'Quarantine', lastExecution: { error: SALESFORCE_ERROR }, progress: [] } },
      // a null complex value stays null: nothing inside it to select
      { id: fresh, schedule: { interval: 'PT40M' }, status: { code: 'Paused', lastExecution: null, progress: [] } },
    ]);
    // one job, mixed with a whole property; a path under a selected property adds nothing
    const one = await api.graph('GET', `/jobs/${failing}?$select=templateId,status/quarantine/seriesCount,schedule,schedule/state`);
    assert.equal(Object.keys(one.body), ['@odata.context', 'templateId', 'schedule', 'status']);
    assert.equal(one.body.schedule, { expiration: null, interval: 'PT40M', state: 'Active' });
    assert.equal(one.body.status, { quarantine: { seriesCount: 0 } }, 'the first failed cycle begins a series');
    // keys and order follow the model, whatever the order asked
    const keys = await api.graph('GET', `/jobs?$select=status/countSuccessiveCompleteFailures,status/code&$filter=id eq '${failing}'`);
    assert.equal(Object.keys(keys.body.value[0].status), ['code', 'countSuccessiveCompleteFailures']);
    // a path through a primitive, or to an unknown member, is the usual 400
    assertGraphError(await api.graph('GET', '/jobs?$select=status/code/x'), 400, 'BadRequest', "Invalid $select clause: 'status/code' is of type microsoft.graph.synchronizationStatusCode, which has no properties to select (at position 12).");
    assertGraphError(await api.graph('GET', `/jobs/${failing}?$select=status/lastExecution/nope`), 400, 'BadRequest', "Could not find a property named 'nope' on type 'microsoft.graph.synchronizationTaskExecution'.");
  });
});

test('$expand=schema puts the job schema inline (as …/schema answers it); a list or the bulkUpload stream cannot be expanded', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const schema = (await api.graph('GET', `/jobs/${id}/schema`)).body;
    delete schema['@odata.context'];
    const expanded = await api.graph('GET', `/jobs/${id}?$expand=schema`);
    assert.is(expanded.status, 200, expanded.text);
    assert.is(expanded.body['@odata.context'], `${GRAPH}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/jobs(schema())/$entity`);
    assert.equal(Object.keys(expanded.body), ['@odata.context', 'id', 'templateId', 'schedule', 'status', 'synchronizationJobSettings', 'schema']);
    assert.equal(expanded.body.schema, schema);
    const selected = await api.graph('GET', `/jobs/${id}?$select=id&$expand=schema`);
    assert.equal(Object.keys(selected.body), ['@odata.context', 'id', 'schema']);
    assert.is(selected.body['@odata.context'], `${GRAPH}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/jobs(id,schema())/$entity`);
    assertGraphError(await api.graph('GET', '/jobs?$expand=schema'), 400, 'BadRequest', "Query option '$expand' is not supported on a list of synchronizationJobs; expand the schema of one job (…/jobs/{id}?$expand=schema).");
    assertGraphError(await api.graph('GET', `/jobs/${id}?$expand=bulkUpload`), 400, 'BadRequest', /cannot be expanded; it is a stream/);
  });
});

test('IEEE754Compatible=true: Int64 values and @odata.count as strings, and the content type says so; otherwise numbers', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await emulator.jobs.plan(SP, id, [{ result: 'failed', error: SALESFORCE_ERROR, repeat: 2 }]);
    await emulator.clock.advance('PT3M');
    const plain = await api.graph('GET', '/jobs?$count=true');
    assert.match(plain.headers.get('content-type')!, /IEEE754Compatible=false/);
    assert.is(plain.body['@odata.count'], 1);
    assert.is(plain.body.value[0].status.countSuccessiveCompleteFailures, 1);
    for (const accept of ['application/json;IEEE754Compatible=true', 'application/json; odata.metadata=minimal; ieee754compatible="true"', 'text/html, application/json;IEEE754Compatible=true;q=0.9']) {
      const strings = await api.graph('GET', '/jobs?$count=true', undefined, { Accept: accept });
      assert.is(strings.headers.get('content-type'), 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=true;charset=utf-8', accept);
      assert.is(strings.body['@odata.count'], '1');
      const status = strings.body.value[0].status;
      assert.is(status.countSuccessiveCompleteFailures, '1');
      assert.is(status.quarantine.seriesCount, '0');
      assert.is(typeof status.lastExecution.countExported, 'string');
      assert.is(status.code, 'Quarantine', 'only Int64 values change');
    }
    const one = await api.graph('GET', `/jobs/${id}?$select=status/countSuccessiveCompleteFailures`, undefined, IEEE754);
    assert.equal(one.body.status, { countSuccessiveCompleteFailures: '1' });
    const created = await api.graph('POST', '/jobs', { templateId: 'aws' }, IEEE754);
    assert.is(created.body.status.countSuccessiveCompleteFailures, '0');
    // the bare $count stays text
    assert.is((await api.graph('GET', '/jobs/$count', undefined, IEEE754)).text, '2');
  });
});

test('the routes the CSDL declares: …/synchronization, beta Ping(), template schema directories, a job bulkUpload', async () => {
  await withEmulator(async (_emulator, api) => {
    assert.is((await api.graph('PUT', '/secrets', { value: [{ key: 'BaseAddress', value: 'https://scim.example' }, { key: 'SecretToken', value: 's3cret' }] })).status, 204);
    const sync = await api.graph('GET', '');
    assert.equal(sync.body, {
      '@odata.context': `${GRAPH}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/$entity`,
      id: SP,
      secrets: [
        { key: 'BaseAddress', value: 'https://scim.example' },
        { key: 'SecretToken', value: '*' },
      ],
    });
    // PUT replaces it (UpdateRestrictions: PUT): its secrets, as PUT …/secrets does
    assert.is((await api.graph('PUT', '', { secrets: [{ key: 'BaseAddress', value: 'https://other.example' }] })).status, 204);
    assert.equal((await api.graph('GET', '/secrets')).body.value, [{ key: 'BaseAddress', value: 'https://other.example' }]);
    assertGraphError(await api.graph('PUT', '', { secrets: [], jobs: [] }), 400, 'BadRequest', "Could not find a property named 'jobs'; the body of PUT …/synchronization is {\"secrets\": [...]}.");
    assertGraphError(await api.graph('PATCH', '', {}), 405, 'Request_BadRequest');

    // Ping() is a function of beta only; on v1.0 the segment does not exist
    const beta = new Api(api.fetchFn, GRAPH, SP, 'beta');
    for (const segment of ['/Ping()', '/ping']) {
      const ping = await beta.graph('GET', segment);
      assert.equal(ping.body, { '@odata.context': `${GRAPH}/beta/$metadata#Edm.String`, value: 'Pong' }, segment);
    }
    assertGraphError(await api.graph('GET', '/Ping()'), 400, 'BadRequest', "Resource not found for the segment 'Ping()'.");

    // a template's schema directories, one directory, and discover (which a read-only template does not keep)
    const directories = await api.graph('GET', '/templates/scim/schema/directories');
    assert.is(directories.body['@odata.context'], `${GRAPH}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/templates('scim')/schema/directories`);
    const template = (await api.graph('GET', '/templates/scim/schema')).body;
    assert.equal(directories.body.value, template.directories);
    const directoryId = template.directories[0].id as string;
    const one = await api.graph('GET', `/templates/scim/schema/directories/${directoryId}`);
    assert.equal({ ...one.body, '@odata.context': undefined }, { ...template.directories[0], '@odata.context': undefined });
    const discovered = await api.graph('POST', `/templates/scim/schema/directories/${directoryId}/discover`);
    assert.is(discovered.status, 200, discovered.text);
    assert.is(discovered.body.discoveryDateTime, '2030-01-01T00:00:00.000Z');
    assert.is((await api.graph('GET', `/templates/scim/schema/directories/${directoryId}`)).body.discoveryDateTime, template.directories[0].discoveryDateTime);
    assertGraphError(await api.graph('GET', '/templates/scim/schema/directories/nope'), 404, 'Request_ResourceNotFound');
    assertGraphError(await api.graph('GET', '/templates/scim/schema/nope'), 400, 'BadRequest', "Resource not found for the segment 'nope'.");

    // GET …/bulkUpload: the navigation the CSDL declares, an entity with a stream and no properties
    const id = await api.createJob('API2AAD');
    const bulk = await api.graph('GET', `/jobs/${id}/bulkUpload`);
    assert.equal(bulk.body, { '@odata.context': `${GRAPH}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/jobs('${id}')/bulkUpload/$entity`, id });
    assertGraphError(await api.graph('GET', '/jobs/nope/bulkUpload'), 404, 'Request_ResourceNotFound');
    assertGraphError(await api.graph('DELETE', `/jobs/${id}/bulkUpload`), 405, 'Request_BadRequest');
  });
});

test('templates answer the metadata keys of their version: PascalCase on v1.0, camelCase on beta (as each CSDL enum spells them)', async () => {
  await withEmulator(async (emulator, api) => {
    const beta = new Api(api.fetchFn, GRAPH, SP, 'beta');
    const keys = async (client: Api) => ((await client.graph('GET', '/templates/scim')).body.metadata as { key: string }[]).map((entry) => entry.key);
    assert.equal(await keys(api), ['GalleryApplicationIdentifier', 'GalleryApplicationKey', 'IsOAuthEnabled', 'IsSynchronizationAgentRequired', 'ConfigurationFields']);
    assert.equal(await keys(beta), ['galleryApplicationIdentifier', 'galleryApplicationKey', 'isOAuthEnabled', 'isSynchronizationAgentRequired', 'configurationFields']);
    // a fixture may write either spelling; each version answers its own
    await emulator.seed({ servicePrincipals: [{ id: SP, templates: [{ id: 'contoso', factoryTag: 'CustomSCIM', metadata: [{ key: 'isOAuthEnabled', value: 'true' }, { key: 'IsSynchronizationAgentAssignmentRequired', value: 'false' }] }] }] });
    const contoso = async (client: Api) => ((await client.graph('GET', '/templates')).body.value as { id: string; metadata: { key: string }[] }[]).find((t) => t.id === 'contoso')!.metadata.map((entry) => entry.key);
    assert.equal(await contoso(api), ['IsOAuthEnabled', 'IsSynchronizationAgentAssignmentRequired']);
    assert.equal(await contoso(beta), ['isOAuthEnabled', 'IsSynchronizationAgentAssignmentRequired']);
  });
});

test.run();
