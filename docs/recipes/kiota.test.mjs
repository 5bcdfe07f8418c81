// Recipe: a Kiota-based Microsoft Graph SDK (@microsoft/msgraph-sdk) pointed at syncemu: in process
// through emulator.fetch, and over https against `syncemu serve --https --require-auth`.
// Run: `node --test kiota.test.mjs` in a project that installed @syncemu/core and
// @microsoft/msgraph-sdk, @microsoft/msgraph-sdk-core, @microsoft/kiota-abstractions,
// @microsoft/kiota-http-fetchlibrary. (CI runs this file as it is: scripts/check-packages.mjs.)
//
// What points the SDK at syncemu is its request adapter: `adapter.baseUrl` (ending in /v1.0 or
// /beta), the fetch its HTTP client calls (emulator.fetch, for no socket), and an authentication
// provider whose allowed hosts include the emulator's. The fluent builders of service principals
// (`client.servicePrincipals.byServicePrincipalId(id).synchronization.jobs`) come in
// @microsoft/msgraph-sdk-serviceprincipals, which is not on the npm registry: with it, pass the
// same adapter to createGraphServiceClient(adapter). Below, Kiota's RequestInformation with the
// URL template those builders use sends the same requests, and the SDK's own models read syncemu's
// answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { AnonymousAuthenticationProvider, HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { createGraphClientFactory, PageIterator } from '@microsoft/msgraph-sdk-core';
import { createSynchronizationJobCollectionResponseFromDiscriminatorValue, createSynchronizationJobFromDiscriminatorValue, serializeSynchronizationJob } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import { createEmulator } from '@syncemu/core';
import { testToken } from '@syncemu/core/testing';

const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const JOBS = '{+baseurl}/servicePrincipals/{servicePrincipal%2Did}/synchronization/jobs{?%24top}';
const JOB = '{+baseurl}/servicePrincipals/{servicePrincipal%2Did}/synchronization/jobs/{synchronizationJob%2Did}';
const errors = { XXX: createODataErrorFromDiscriminatorValue };

/** A request of the URL template the generated builders use. */
function request(method, template, parameters = {}) {
  const info = new RequestInformation(method, template);
  info.pathParameters['servicePrincipal%2Did'] = SP;
  Object.assign(info.pathParameters, parameters);
  info.headers.tryAdd('Accept', 'application/json');
  return info;
}

/** What a test does with the SDK: create, list 2 a page and walk with PageIterator, get, a 404. */
async function scenario(adapter) {
  for (let i = 0; i < 3; i++) {
    const post = request(HttpMethod.POST, JOBS);
    post.setContentFromParsable(adapter, 'application/json', { templateId: 'scim' }, serializeSynchronizationJob);
    const job = await adapter.send(post, createSynchronizationJobFromDiscriminatorValue, errors);
    assert.match(job.id, /^scim\./);
    assert.equal(job.status.code, 'Paused');
    assert.equal(job.schedule.interval.minutes, 40, 'an Edm.Duration the SDK reads as a Duration');
  }
  const list = request(HttpMethod.GET, JOBS);
  list.queryParameters['%24top'] = 2;
  const first = await adapter.send(list, createSynchronizationJobCollectionResponseFromDiscriminatorValue, errors);
  assert.equal(first.value.length, 2);
  assert.ok(first.odataNextLink, 'a nextLink: $top is the page size');
  const ids = [];
  const pages = new PageIterator(adapter, first, (job) => ids.push(job.id) > 0, createSynchronizationJobCollectionResponseFromDiscriminatorValue, errors);
  await pages.iterate();
  assert.equal(new Set(ids).size, 3);
  const one = await adapter.send(request(HttpMethod.GET, JOB, { 'synchronizationJob%2Did': ids[0] }), createSynchronizationJobFromDiscriminatorValue, errors);
  assert.equal(one.id, ids[0]);
  await assert.rejects(adapter.send(request(HttpMethod.GET, JOB, { 'synchronizationJob%2Did': 'scim.nope' }), createSynchronizationJobFromDiscriminatorValue, errors), (error) => {
    assert.equal(error.responseStatusCode, 404);
    assert.equal(error.errorEscaped?.code ?? error.error?.code, 'Request_ResourceNotFound');
    return true;
  });
}

test('in process: the request adapter sends through emulator.fetch, no socket', async () => {
  const emulator = createEmulator();
  try {
    const adapter = new GraphRequestAdapter(new AnonymousAuthenticationProvider(), undefined, undefined, createGraphClientFactory({ graphServiceTargetVersion: '' }, emulator.fetch));
    adapter.baseUrl = 'https://graph.microsoft.com/v1.0'; // emulator.fetch routes by path: any origin
    await scenario(adapter);
  } finally {
    await emulator.close();
  }
});

test('over https: baseUrl on syncemu serve --https --require-auth, the token sent to an allowed host', async () => {
  // detached: its own process group, so that stopping it stops npx and the server under it
  const server = spawn('npx', ['syncemu', 'serve', '--https', '--require-auth', '--db', ':memory:', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  try {
    const printed = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (chunk) => {
        out += chunk;
        const url = /syncemu listening on (https:\/\/\S+)/.exec(out)?.[1];
        const cert = /syncemu certificate: (.+)\n/.exec(out)?.[1];
        if (url && cert) resolve({ url, cert });
      });
      server.on('exit', (code) => reject(new Error(`syncemu serve exited with ${code}`)));
    });
    // NODE_EXTRA_CA_CERTS is read when Node starts: the SDK runs in a process of its own, as a user's script
    const child = spawn(process.execPath, ['--input-type=module', '-e', HTTPS_CLIENT, printed.url], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: printed.cert, SYNCEMU_TOKEN: testToken() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    child.stdout.on('data', (chunk) => (said += chunk));
    child.stderr.on('data', (chunk) => (said += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, said);
    assert.match(said, /https: 3 jobs over pages of 2; without the token: 401/);
  } finally {
    process.kill(-server.pid, 'SIGTERM');
  }
});

/** The SDK over https, with a bearer token for the emulator's host (Kiota sends tokens to allowed hosts only). */
const HTTPS_CLIENT = `
import assert from 'node:assert/strict';
import { AllowedHostsValidator, BaseBearerTokenAuthenticationProvider, AnonymousAuthenticationProvider, HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { PageIterator } from '@microsoft/msgraph-sdk-core';
import { createSynchronizationJobCollectionResponseFromDiscriminatorValue, createSynchronizationJobFromDiscriminatorValue, serializeSynchronizationJob } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
const base = process.argv[1];
const host = new URL(base).host;
const tokens = { getAuthorizationToken: async () => process.env.SYNCEMU_TOKEN, getAllowedHostsValidator: () => new AllowedHostsValidator(new Set([host])) };
const adapter = new GraphRequestAdapter(new BaseBearerTokenAuthenticationProvider(tokens));
adapter.baseUrl = base + '/v1.0';
const errors = { XXX: createODataErrorFromDiscriminatorValue };
const jobs = '{+baseurl}/servicePrincipals/${SP}/synchronization/jobs{?%24top}';
for (let i = 0; i < 3; i++) {
  const post = new RequestInformation(HttpMethod.POST, jobs);
  post.setContentFromParsable(adapter, 'application/json', { templateId: 'scim' }, serializeSynchronizationJob);
  await adapter.send(post, createSynchronizationJobFromDiscriminatorValue, errors);
}
const list = new RequestInformation(HttpMethod.GET, jobs);
list.queryParameters['%24top'] = 2;
const ids = [];
await new PageIterator(adapter, await adapter.send(list, createSynchronizationJobCollectionResponseFromDiscriminatorValue, errors), (job) => ids.push(job.id) > 0, createSynchronizationJobCollectionResponseFromDiscriminatorValue, errors).iterate();
assert.equal(ids.length, 3);
const anonymous = new GraphRequestAdapter(new AnonymousAuthenticationProvider());
anonymous.baseUrl = base + '/v1.0';
const refused = await anonymous.send(new RequestInformation(HttpMethod.GET, jobs), createSynchronizationJobCollectionResponseFromDiscriminatorValue, errors).catch((error) => error);
assert.equal(refused.responseStatusCode, 401);
console.log('https: ' + ids.length + ' jobs over pages of 2; without the token: ' + refused.responseStatusCode);
`;
