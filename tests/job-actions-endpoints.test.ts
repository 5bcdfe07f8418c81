/**
 * The rest of the synchronization surface, with the shapes and errors graph-sync-api.md §3
 * documents: validateCredentials (job- and collection-bound), provisionOnDemand (and its rate
 * limit on the emulator's clock), secrets, templates, schema and its sub-resources, 405s, and
 * the `/_syncemu/` control routes (and turning them off).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILT_IN_TEMPLATES, createEmulator } from '@syncemu/core';
import { Api, assertGraphError, at, SP, START, withEmulator } from './support/lifecycle-support.js';

const GRAPH = 'https://graph.microsoft.com';
const CONTEXT = (version: string, suffix: string) => `${GRAPH}/${version}/$metadata#servicePrincipals('${SP}')/synchronization${suffix}`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The id of a built-in template's first rule (or directory). */
const firstId = (templateId: string, of: 'synchronizationRules' | 'directories'): string => {
  const template = BUILT_IN_TEMPLATES.find((t) => t.id === templateId)!;
  return (template.schema[of][0] as unknown as { id: string }).id;
};
const SCIM_RULE = firstId('scim', 'synchronizationRules');
const SCIM_CREDENTIALS = [
  { key: 'BaseAddress', value: 'https://scim.contoso.example/scim/v2' },
  { key: 'SecretToken', value: 'token-value' },
];


// ---- validateCredentials ----------------------------------------------------------------------------

test('validateCredentials on a job: 204 for what the template requires; 400 naming what is missing', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const validate = (body?: unknown) => api.graph('POST', `/jobs/${id}/validateCredentials`, body);
    const ok = await validate({ credentials: SCIM_CREDENTIALS });
    assert.is(ok.status, 204, ok.text);
    assert.is(ok.text, '');
    assert.is((await validate({ useSavedCredentials: false, credentials: SCIM_CREDENTIALS })).status, 204);
    assertGraphError(
      await validate({ credentials: [SCIM_CREDENTIALS[0]] }),
      400,
      'CredentialValidationFailed',
      "Cannot validate credentials for template 'scim': the credentials lack SecretToken (required: BaseAddress, SecretToken).",
    );
    // An empty value is no value.
    assertGraphError(await validate({ credentials: [SCIM_CREDENTIALS[0], { key: 'SecretToken', value: '' }] }), 400, 'CredentialValidationFailed', /lack SecretToken \(/);
    assertGraphError(await validate(), 400, 'CredentialValidationFailed', /the credentials lack BaseAddress, SecretToken/);
    assertGraphError(await validate({ credentials: [] }), 400, 'CredentialValidationFailed', /the credentials lack BaseAddress, SecretToken/);
    assertGraphError(
      await validate({ credentials: [{ key: 'BaseAddress', value: 'scim.contoso.example' }, SCIM_CREDENTIALS[1]] }),
      400,
      'CredentialValidationFailed',
      "Cannot validate credentials for template 'scim': BaseAddress 'scim.contoso.example' is not an absolute http or https URL.",
    );
    // Bad keys and shapes are the caller's mistakes: 400 BadRequest naming them.
    assertGraphError(await validate({ credentials: [{ key: 'Token', value: 'x' }] }), 400, 'BadRequest', "'credentials[0].key' must be a member of microsoft.graph.synchronizationSecret such as BaseAddress or SecretToken, not 'Token'.");
    assertGraphError(await validate({ credentials: [SCIM_CREDENTIALS[0], { key: 7, value: 'x' }] }), 400, 'BadRequest', /^'credentials\[1\]\.key' must be a member of microsoft\.graph\.synchronizationSecret/);
    assertGraphError(await validate({ credentials: [{ key: 'SecretToken', value: 42 }] }), 400, 'BadRequest', "'credentials[0].value' must be a string, not an integer.");
    assertGraphError(await validate({ credentials: [{ key: 'SecretToken', value: 'x', secret: true }] }), 400, 'BadRequest', "Could not find a property named 'secret' on type 'microsoft.graph.synchronizationSecretKeyStringValuePair'.");
    assertGraphError(await validate({ credentials: { BaseAddress: 'https://x' } }), 400, 'BadRequest', /^The parameter 'credentials' must be an array of \{"key", "value"\} pairs/);
    assertGraphError(await validate({ useSavedCredentials: 'yes' }), 400, 'BadRequest', "The parameter 'useSavedCredentials' must be a boolean, not a string.");
    assertGraphError(await validate({ secrets: [] }), 400, 'BadRequest', "'secrets' is not a parameter of the validateCredentials action; its parameters are applicationIdentifier, templateId, useSavedCredentials, credentials.");
    // The body may name another template (beta documents templateId).
    assert.is((await validate({ templateId: 'Azure2Azure', credentials: [{ key: 'CompanyId', value: 'c' }, { key: 'AuthenticationType', value: 'SyncPolicy' }] })).status, 204);
    assertGraphError(await api.graph('POST', '/jobs/scim.unknown/validateCredentials', { credentials: SCIM_CREDENTIALS }), 404, 'Request_ResourceNotFound', /Resource 'scim\.unknown' does not exist/);
  });
});

test('validateCredentials with useSavedCredentials checks the saved secrets (and ignores given credentials)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('SfSandboxOutDelta');
    const validate = (body: unknown) => api.graph('POST', `/jobs/${id}/validateCredentials`, body);
    assertGraphError(await validate({ useSavedCredentials: true }), 400, 'CredentialValidationFailed', "Cannot validate credentials for template 'SfSandboxOutDelta': the saved secrets lack UserName, Password, SecretToken (required: UserName, Password, SecretToken).");
    assert.is((await api.graph('PUT', '/secrets', { value: [{ key: 'UserName', value: 'admin@contoso.example' }, { key: 'Password', value: 'pw' }] })).status, 204);
    assertGraphError(await validate({ useSavedCredentials: true, credentials: [{ key: 'SecretToken', value: 'given, but ignored' }] }), 400, 'CredentialValidationFailed', /the saved secrets lack SecretToken \(/);
    assert.is((await api.graph('PUT', '/secrets', { value: [{ key: 'UserName', value: 'admin@contoso.example' }, { key: 'Password', value: 'pw' }, { key: 'SecretToken', value: 't' }] })).status, 204);
    assert.is((await validate({ useSavedCredentials: true })).status, 204);
    assert.is((await validate({ useSavedCredentials: true, credentials: 'ignored' })).status, 204, 'credentials are ignored when the saved ones are used');
    // Without useSavedCredentials, the saved secrets do not count.
    assertGraphError(await validate({ credentials: [] }), 400, 'CredentialValidationFailed', /the credentials lack UserName, Password, SecretToken/);
  });
});

test('validateCredentials bound to the jobs collection (before any job exists) is not taken for a job id', async () => {
  await withEmulator(async (emulator, api) => {
    // The cross-tenant tutorial's request, on a service principal with no jobs.
    const reply = await api.graph('POST', '/jobs/validateCredentials', {
      useSavedCredentials: false,
      templateId: 'Azure2Azure',
      credentials: [{ key: 'CompanyId', value: '8e3c5f1a-2b4d-4c6e-9f8a-1b2c3d4e5f60' }, { key: 'AuthenticationType', value: 'SyncPolicy' }],
    });
    assert.is(reply.status, 204, reply.text);
    assert.is(reply.text, '');
    assert.is((await api.request('POST', `${GRAPH}/beta/servicePrincipals/${SP}/synchronization/jobs/validateCredentials/`, { templateId: 'scim', credentials: SCIM_CREDENTIALS })).status, 204);
    assertGraphError(await api.graph('POST', '/jobs/validateCredentials', { templateId: 'Azure2Azure', credentials: [{ key: 'AuthenticationType', value: 'SyncPolicy' }] }), 400, 'CredentialValidationFailed', /the credentials lack CompanyId \(required: CompanyId, AuthenticationType\)/);
    assertGraphError(await api.graph('POST', '/jobs/validateCredentials', { credentials: SCIM_CREDENTIALS }), 400, 'BadRequest', "The parameter 'templateId' is required when validating credentials without a job: name the template the credentials are for.");
    assertGraphError(await api.graph('POST', '/jobs/validateCredentials'), 400, 'BadRequest', /The parameter 'templateId' is required/);
    assertGraphError(await api.graph('POST', '/jobs/validateCredentials', { templateId: 'workday' }), 400, 'BadRequest', `The template 'workday' is not offered by service principal '${SP}'.`);
    const notAllowed = await api.graph('GET', '/jobs/validateCredentials');
    assertGraphError(notAllowed, 405, 'Request_BadRequest');
    assert.is(notAllowed.headers.get('allow'), 'POST');
    // Nothing was created, and the collection is still the collection.
    assert.equal((await api.graph('GET', '/jobs')).body.value, []);
    // A fixture template's own required secrets apply.
    await emulator.seed({ servicePrincipals: [{ id: SP, templates: [{ id: 'contosoHr', factoryTag: 'CustomSCIM', requiredSecrets: ['BaseAddress', 'ClientSecret'] }] }] });
    assertGraphError(await api.graph('POST', '/jobs/validateCredentials', { templateId: 'contosoHr', credentials: SCIM_CREDENTIALS }), 400, 'CredentialValidationFailed', /lack ClientSecret \(required: BaseAddress, ClientSecret\)/);
  });
});

test('validateCredentials on an unregistered service principal (registered mode) is a 404', async () => {
  await withEmulator(
    async (_emulator, api) => {
      assertGraphError(await api.graph('POST', '/jobs/validateCredentials', { templateId: 'scim', credentials: SCIM_CREDENTIALS }), 404, 'Request_ResourceNotFound', `Resource '${SP}' does not exist or one of its queried reference-property objects are not present.`);
    },
    { servicePrincipals: 'registered' },
  );
});

// ---- provisionOnDemand ----------------------------------------------------------------------------------

const onDemand = (ruleId: string, subject: Record<string, unknown> = { objectId: '9bb0f679-a883-4a6f-8260-35b491b8b8c8', objectTypeName: 'User' }) => ({
  parameters: [{ subjects: [subject], ruleId }],
});

test('provisionOnDemand answers the documented 200 stringKeyStringValuePair, whose key and value are JSON documents', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    await emulator.clock.advance('PT90S');
    const reply = await api.graph('POST', `/jobs/${id}/provisionOnDemand`, onDemand(SCIM_RULE));
    assert.is(reply.status, 200, reply.text);
    assert.equal(Object.keys(reply.body), ['@odata.context', 'key', 'value']);
    assert.is(reply.body['@odata.context'], `${GRAPH}/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair`);
    assert.equal(JSON.parse(reply.body.key), { result: 'Success', details: {} });
    const value = JSON.parse(reply.body.value);
    assert.is(value.startTime, at(1.5), 'times come from the emulator clock');
    assert.ok(Date.parse(value.endTime) > Date.parse(value.startTime));
    assert.equal(value.provisioningSteps.map((step: { name: string; type: string; status: string }) => [step.name, step.type, step.status]), [
      ['EntryImport', 'Import', 'Success'],
      ['EntrySynchronizationScoping', 'Scoping', 'Success'],
      ['EntryExportAdd', 'Export', 'Success'],
    ]);
    assert.is(value.reportableIdentifier, '9bb0f679-a883-4a6f-8260-35b491b8b8c8');
    assert.is(value.sourceIdentity.id, '9bb0f679-a883-4a6f-8260-35b491b8b8c8');
    assert.is(value.sourceIdentity.identityType, 'User');
    assert.match(value.targetIdentity.id, GUID);
    assert.equal(value.sourceSystem, { name: 'Azure Active Directory' });
    assert.equal(value.targetSystem, { name: 'customappsso' });
    assert.equal(value.statusInfo, { status: 'Success' });
    assert.match(value.changeId, GUID);

    // The group example (with members): value "{}".
    const group = await api.graph('POST', `/jobs/${id}/provisionOnDemand`, {
      parameters: [
        {
          ruleId: SCIM_RULE,
          subjects: [
            {
              objectId: '8213fd99-d6b6-417b-8e13-af6334856215',
              objectTypeName: 'Group',
              links: { members: [{ objectId: 'cbc86211-6ada-4803-b73f-8039cf56d8a2', objectTypeName: 'User' }, { objectId: '2bc86211-6ada-4803-b73f-8039cf56d8a2', objectTypeName: 'User' }] },
            },
          ],
        },
      ],
    });
    assert.is(group.status, 200, group.text);
    assert.equal(JSON.parse(group.body.key), { result: 'Success', details: {} });
    assert.is(group.body.value, '{}');

    // The cloud-sync example: an AD distinguished name and a lower-case `user`, on beta.
    const adJob = await api.createJob('AD2AADProvisioning');
    const adRule = firstId('AD2AADProvisioning', 'synchronizationRules');
    const ad = await api.request('POST', `${GRAPH}/beta/servicePrincipals/${SP}/synchronization/jobs/${adJob}/provisionOnDemand`, onDemand(adRule, { objectId: 'CN=AdeleV,CN=Users,DC=corp,DC=chicago,DC=com', objectTypeName: 'user' }));
    assert.is(ad.status, 200, ad.text);
    assert.is(ad.body['@odata.context'], `${GRAPH}/beta/$metadata#microsoft.graph.stringKeyStringValuePair`);
    assert.equal(JSON.parse(ad.body.value).sourceSystem, { name: 'Active Directory' });
  });
});

test('provisionOnDemand with a rule the job does not have: the documented 400 RequestParameterInvalid', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    assertGraphError(
      await api.graph('POST', `/jobs/${id}/provisionOnDemand`, onDemand('ea807875-5618-4f0a-9125-0b46a05298ca')),
      400,
      'RequestParameterInvalid',
      `The request identified this synchronization job: ${id}.  The request also identified this synchronization rule: ea807875-5618-4f0a-9125-0b46a05298ca.  However, the job does not include the rule.`,
    );
    assertGraphError(
      await api.graph('POST', `/jobs/${id}/provisionOnDemand`, { parameters: [{ subjects: [{ objectId: 'x', objectTypeName: 'User' }] }] }),
      400,
      'RequestParameterInvalid',
      `The request identified this synchronization job: ${id}.  The request also identified this synchronization rule: .  However, the job does not include the rule.`,
    );
    // A rule of another template's schema is not this job's either.
    const awsRule = firstId('aws', 'synchronizationRules');
    assertGraphError(await api.graph('POST', `/jobs/${id}/provisionOnDemand`, onDemand(awsRule)), 400, 'RequestParameterInvalid', /However, the job does not include the rule\.$/);
  });
});

test('provisionOnDemand refuses malformed bodies with 400s (and a missing job with 404)', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    const post = async (body?: unknown, headers?: Record<string, string>) => {
      await emulator.clock.advance('PT10S'); // stay clear of the rate limit
      return api.graph('POST', `/jobs/${id}/provisionOnDemand`, body, headers);
    };
    assertGraphError(await post(), 400, 'BadRequest', /Unable to read JSON request payload/);
    assertGraphError(await post({}), 400, 'BadRequest', "The parameter 'parameters' must be a non-empty array of synchronizationJobApplicationParameters.");
    assertGraphError(await post({ parameters: [] }), 400, 'BadRequest', /must be a non-empty array/);
    assertGraphError(await post({ parameters: ['x'] }), 400, 'BadRequest', "The property 'parameters[0]' must be of type microsoft.graph.synchronizationJobApplicationParameters, but is a string.");
    assertGraphError(await post({ parameters: [{ ruleId: SCIM_RULE, subjects: [] }] }), 400, 'BadRequest', "'parameters[0].subjects' must be a non-empty array of synchronizationJobSubject.");
    assertGraphError(await post({ parameters: [{ ruleId: SCIM_RULE, subjects: [{ objectTypeName: 'User' }] }] }), 400, 'BadRequest', "'parameters[0].subjects[0]' needs objectId and objectTypeName strings.");
    assertGraphError(await post({ parameters: [], force: true }), 400, 'BadRequest', "'force' is not a parameter of the provisionOnDemand action; its parameters are parameters.");
    assertGraphError(await post([onDemand(SCIM_RULE)]), 400, 'BadRequest', /^The request body must be a JSON object such as \{"parameters": \[\.\.\.\]\}, not an array\.$/);
    const wrongType = await post(JSON.stringify(onDemand(SCIM_RULE)), { 'content-type': 'text/plain' });
    assertGraphError(wrongType, 415, 'UnsupportedMediaType');
    assertGraphError(await api.graph('POST', '/jobs/scim.none/provisionOnDemand', onDemand(SCIM_RULE)), 404, 'Request_ResourceNotFound');
  });
});

test('provisionOnDemand: the 6th call for a job within 10 s of clock time is a 429 with Retry-After; later it works again', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    const other = await api.createJob('scim');
    const call = (job = id) => api.graph('POST', `/jobs/${job}/provisionOnDemand`, onDemand(SCIM_RULE));
    for (let second = 0; second < 5; second++) {
      if (second > 0) await emulator.clock.advance('PT1S');
      assert.is((await call()).status, 200, `call ${second + 1} at ${second} s`);
    }
    // Five calls at 0, 1, 2, 3 and 4 s: the sixth, at 4 s, must wait until the first leaves the window at 10 s.
    const throttled = await call();
    assertGraphError(throttled, 429, 'TooManyRequests', `Too many requests from Identifier:${id} under category:provisionOnDemand. Please try again later.`);
    assert.is(throttled.headers.get('retry-after'), '6');
    assert.is((await call(other)).status, 200, 'the limit is per job');
    await emulator.clock.advance('PT5S');
    const still = await call();
    assert.is(still.status, 429);
    assert.is(still.headers.get('retry-after'), '1');
    await emulator.clock.advance('PT1S');
    assert.is((await call()).status, 200, 'at 10 s the first call left the window');
    // The window slides: the calls of 1–4 s and 10 s fill it again.
    assert.is((await call()).status, 429);
    await emulator.clock.advance('PT1S');
    assert.is((await call()).status, 200);
  });
});

test('provisionOnDemand: refused calls (400) change nothing, so they do not count toward the limit; throttled ones do not either', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const bad = () => api.graph('POST', `/jobs/${id}/provisionOnDemand`, { parameters: [{ ruleId: SCIM_RULE, subjects: [{ objectId: 'x', objectTypeName: 'User', bogus: 1 }] }] });
    for (let i = 0; i < 8; i++) assertGraphError(await bad(), 400, 'BadRequest', "Could not find a property named 'bogus' on type 'microsoft.graph.synchronizationJobSubject'.");
    const call = () => api.graph('POST', `/jobs/${id}/provisionOnDemand`, onDemand(SCIM_RULE));
    for (let i = 0; i < 5; i++) assert.is((await call()).status, 200, `good call ${i + 1} after eight refused ones`);
    for (let i = 0; i < 3; i++) assert.is((await call()).status, 429);
    // a later entry with an unknown rule, or a wrongly typed link, is refused too
    assert.is((await api.graph('POST', `/jobs/${id}/provisionOnDemand`, { parameters: [onDemand(SCIM_RULE).parameters[0], { ruleId: 'nope', subjects: [{ objectId: 'y', objectTypeName: 'User' }] }] })).status, 429, 'throttled before it is read');
  });
});

// ---- bulkUpload and acquireAccessToken -------------------------------------------------------------------------

const SCIM = { 'content-type': 'application/scim+json' };
const bulkRequest = (operations = 1) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
  Operations: Array.from({ length: operations }, (_, i) => ({
    method: 'POST',
    bulkId: String(701984 + i),
    path: '/Users',
    data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], externalId: String(701984 + i), userName: `user${i}@example.com`, active: true },
  })),
  failOnErrors: null,
});

test('bulkUpload: a SCIM BulkRequest to an API2AAD job is 202, no body, Location of the job’s provisioning logs', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('API2AAD');
    const accepted = await api.graph('POST', `/jobs/${id}/bulkUpload`, bulkRequest(50), SCIM);
    assert.is(accepted.status, 202, accepted.text);
    assert.is(accepted.text, '');
    assert.is(accepted.headers.get('location'), `${GRAPH}/v1.0/auditLogs/provisioning/?$filter=${encodeURIComponent(`jobid eq '${id}'`)}`);
    assert.is(accepted.headers.get('content-length'), '0');
    assert.ok(accepted.headers.get('request-id'));
  });
});

test('bulkUpload refuses what the service refuses: another template, no application/scim+json, a malformed BulkRequest, over 50 operations; 41 a second is a 429', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('API2AAD');
    const scim = await api.createJob('scim');
    const post = (body: unknown, headers: Record<string, string> = SCIM, job = id) => api.graph('POST', `/jobs/${job}/bulkUpload`, body, headers);
    assertGraphError(await post(bulkRequest(), SCIM, scim), 400, 'BadRequest', `bulkUpload is for API-driven inbound provisioning jobs (template API2AAD); the job '${scim}' is of template 'scim'.`);
    assertGraphError(await post(bulkRequest(), {}), 400, 'BadRequest', "bulkUpload takes a SCIM BulkRequest with Content-Type: application/scim+json, not 'application/json'.");
    assertGraphError(await post(bulkRequest(51)), 400, 'BadRequest', 'A bulk request holds at most 50 operations; this one holds 51.');
    assertGraphError(await post({ ...bulkRequest(), schemas: [] }), 400, 'BadRequest', "The attribute 'schemas' must be an array holding 'urn:ietf:params:scim:api:messages:2.0:BulkRequest'.");
    assertGraphError(await post({ ...bulkRequest(), Operations: [] }), 400, 'BadRequest', "The attribute 'Operations' must be a non-empty array of bulk operations.");
    assertGraphError(await post({ ...bulkRequest(), Operations: [{ method: 'GET', bulkId: '1', path: '/Users' }] }), 400, 'BadRequest', "'Operations[0].method' must be one of POST, PUT, PATCH, DELETE, not 'GET'.");
    assertGraphError(await post({ ...bulkRequest(), Operations: [{ method: 'POST', bulkId: '1', path: '/Users' }] }), 400, 'BadRequest', "'Operations[0].data' must be the SCIM resource to create, an object.");
    assertGraphError(await post({ ...bulkRequest(), failOnErrors: -1 }), 400, 'BadRequest', "The attribute 'failOnErrors' must be a non-negative integer or null, not -1.");
    assertGraphError(await post({ ...bulkRequest(), extra: 1 }), 400, 'BadRequest', "'extra' is not an attribute of a SCIM BulkRequest; its attributes are schemas, Operations and failOnErrors.");
    assertGraphError(await api.graph('POST', '/jobs/API2AAD.none/bulkUpload', bulkRequest(), SCIM), 404, 'Request_ResourceNotFound');
    // refused requests did not count: 40 in one second of clock time pass, the 41st waits
    for (let i = 0; i < 40; i++) assert.is((await post(bulkRequest())).status, 202, `request ${i + 1}`);
    const throttled = await post(bulkRequest());
    assertGraphError(throttled, 429, 'TooManyRequests', `Too many requests from Identifier:${id} under category:bulkUpload. Please try again later.`);
    assert.is(throttled.headers.get('retry-after'), '1');
    await emulator.clock.advance('PT1S');
    assert.is((await post(bulkRequest())).status, 202);
  });
});

test('acquireAccessToken: 204 for credentials as synchronizationSecretKeyStringValuePairs; 400 naming what is wrong', async () => {
  await withEmulator(async (_emulator, api) => {
    const ok = await api.graph('POST', '/acquireAccessToken', { credentials: [{ key: 'Oauth2ClientId', value: 'client' }, { key: 'Oauth2ClientSecret', value: 'secret' }] });
    assert.is(ok.status, 204, ok.text);
    assert.is(ok.text, '');
    assertGraphError(await api.graph('POST', '/acquireAccessToken', {}), 400, 'BadRequest', 'The parameter \'credentials\' must be an array of {"key", "value"} pairs, not null.');
    assertGraphError(await api.graph('POST', '/acquireAccessToken', { credentials: [], scope: 'x' }), 400, 'BadRequest', "'scope' is not a parameter of the acquireAccessToken action; its parameters are credentials.");
    assertGraphError(await api.graph('POST', '/acquireAccessToken', { credentials: [{ key: 'Nope', value: 'x' }] }), 400, 'BadRequest', "'credentials[0].key' must be a member of microsoft.graph.synchronizationSecret such as BaseAddress or SecretToken, not 'Nope'.");
    assertGraphError(await api.graph('GET', '/acquireAccessToken'), 405, 'Request_BadRequest');
  });
});

// ---- secrets ------------------------------------------------------------------------------------------------

const byKey = (pairs: { key: string; value: string }[]) => [...pairs].sort((a, b) => a.key.localeCompare(b.key));

test('secrets: the documented PUT (204), GET masks sensitive values as * and shows the rest', async () => {
  await withEmulator(async (_emulator, api) => {
    const put = await api.graph('PUT', '/secrets', {
      value: [
        { key: 'BaseAddress', value: 'user@domain.com' },
        { key: 'SecretToken', value: 'password-value' },
        { key: 'SyncNotificationSettings', value: '{"Enabled":false,"DeleteThresholdEnabled":false}' },
        { key: 'SyncAll', value: 'false' },
      ],
    });
    assert.is(put.status, 204, put.text);
    assert.is(put.text, '');
    const got = await api.graph('GET', '/secrets');
    assert.is(got.status, 200);
    assert.is(got.body['@odata.context'], CONTEXT('v1.0', '/secrets'));
    assert.equal(byKey(got.body.value), [
      { key: 'BaseAddress', value: 'user@domain.com' },
      { key: 'SecretToken', value: '*' },
      { key: 'SyncAll', value: 'false' },
      { key: 'SyncNotificationSettings', value: '{"Enabled":false,"DeleteThresholdEnabled":false}' },
    ]);
    // Every credential-like key is masked.
    const sensitive = ['Password', 'ClientSecret', 'ConsumerSecret', 'TokenKey', 'Oauth2AccessToken', 'Oauth2RefreshToken', 'Oauth2ClientSecret', 'Oauth2AuthorizationCode', 'ConnectionString'];
    const clear = ['UserName', 'CompanyId', 'AuthenticationType', 'Oauth2ClientId', 'InstanceName', 'Domain'];
    await api.graph('PUT', '/secrets', { value: [...sensitive, ...clear].map((key) => ({ key, value: `${key}-value` })) });
    const masked = (await api.graph('GET', '/secrets')).body.value as { key: string; value: string }[];
    for (const key of sensitive) assert.equal(masked.find((pair) => pair.key === key), { key, value: '*' }, key);
    for (const key of clear) assert.equal(masked.find((pair) => pair.key === key), { key, value: `${key}-value` }, key);
  });
});

test('secrets: PUT replaces the whole set; empty values remove keys; new jobs still start Paused', async () => {
  await withEmulator(async (_emulator, api) => {
    await api.graph('PUT', '/secrets', { value: [...SCIM_CREDENTIALS, { key: 'SyncAll', value: 'true' }] });
    assert.is((await api.graph('PUT', '/secrets', { value: [{ key: 'BaseAddress', value: 'https://other.example' }, { key: 'SecretToken', value: '' }] })).status, 204);
    assert.equal((await api.graph('GET', '/secrets')).body.value, [{ key: 'BaseAddress', value: 'https://other.example' }]);
    assert.is((await api.graph('PUT', '/secrets', { value: [{ key: 'BaseAddress', value: '' }] })).status, 204);
    assert.equal((await api.graph('GET', '/secrets')).body.value, []);
    await api.graph('PUT', '/secrets', { value: SCIM_CREDENTIALS });
    assert.is((await api.graph('PUT', '/secrets', { value: [] })).status, 204);
    assert.equal((await api.graph('GET', '/secrets')).body.value, []);
    // Credentials or not, a new job is Paused (decisions.md §3).
    await api.graph('PUT', '/secrets', { value: SCIM_CREDENTIALS });
    const job = await api.job(await api.createJob('scim'));
    assert.is(job.schedule.state, 'Disabled');
    assert.is(job.status.code, 'Paused');
    // A service principal nobody wrote to has no secrets.
    const stranger = new Api(api.fetchFn, GRAPH, '0f0e0d0c-0b0a-4908-8706-050403020100');
    assert.equal((await stranger.graph('GET', '/secrets')).body.value, []);
  });
});

test('secrets: SyncNotificationSettings must be a JSON object, else the documented UnknownError-wrapped InvalidNotificationSettings 400', async () => {
  await withEmulator(async (_emulator, api) => {
    await api.graph('PUT', '/secrets', { value: SCIM_CREDENTIALS });
    for (const settings of ['', 'Enabled', '{"Enabled":true', '[1, 2]', 'true']) {
      const reply = await api.graph('PUT', '/secrets', { value: [...SCIM_CREDENTIALS, { key: 'SyncNotificationSettings', value: settings }] });
      assertGraphError(reply, 400, 'UnknownError');
      // The message is the sync backend's own error document.
      const inner = JSON.parse(reply.body.error.message);
      assert.equal(inner, { error: { code: 'InvalidNotificationSettings', message: null, target: null, details: [], innerError: null } }, JSON.stringify(settings));
    }
    // Nothing was written.
    assert.equal(byKey((await api.graph('GET', '/secrets')).body.value), [{ key: 'BaseAddress', value: SCIM_CREDENTIALS[0]!.value }, { key: 'SecretToken', value: '*' }]);
    const settings = '{"Enabled":true,"Recipients":"x@y.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":50}';
    assert.is((await api.graph('PUT', '/secrets', { value: [{ key: 'SyncNotificationSettings', value: settings }] })).status, 204);
    assert.equal((await api.graph('GET', '/secrets')).body.value, [{ key: 'SyncNotificationSettings', value: settings }]);
  });
});

test('secrets: bad bodies are 400s naming the problem; other methods 405', async () => {
  await withEmulator(async (_emulator, api) => {
    assertGraphError(await api.graph('PUT', '/secrets', [{ key: 'BaseAddress', value: 'x' }]), 400, 'BadRequest', /^The request body must be a JSON object such as \{"value": \[/);
    assertGraphError(await api.graph('PUT', '/secrets', { value: { key: 'BaseAddress' } }), 400, 'BadRequest', "The property 'value' must be an array of synchronizationSecretKeyStringValuePair.");
    assertGraphError(await api.graph('PUT', '/secrets', {}), 400, 'BadRequest', "The property 'value' must be an array of synchronizationSecretKeyStringValuePair.");
    assertGraphError(await api.graph('PUT', '/secrets', { credentials: [] }), 400, 'BadRequest', "Could not find a property named 'credentials'; the body of PUT …/secrets is {\"value\": [...]}.");
    assertGraphError(await api.graph('PUT', '/secrets', { value: [{ key: 'ApiKey', value: 'x' }] }), 400, 'BadRequest', "'value[0].key' must be a member of microsoft.graph.synchronizationSecret such as BaseAddress or SecretToken, not 'ApiKey'.");
    assertGraphError(await api.graph('PUT', '/secrets', { value: [{ key: 'SyncAll', value: false }] }), 400, 'BadRequest', /^'value\[0\]\.value' must be a string, not /);
    assertGraphError(await api.graph('PUT', '/secrets'), 400, 'BadRequest', /Unable to read JSON request payload/);
    for (const method of ['DELETE', 'PATCH', 'POST']) {
      const reply = await api.graph(method, '/secrets', method === 'DELETE' ? undefined : { value: [] });
      assertGraphError(reply, 405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed on this resource; allowed: GET, PUT.`);
      assert.is(reply.headers.get('allow'), 'GET, PUT');
    }
  });
  await withEmulator(
    async (_emulator, api) => {
      assertGraphError(await api.graph('GET', '/secrets'), 404, 'Request_ResourceNotFound');
      assertGraphError(await api.graph('PUT', '/secrets', { value: [] }), 404, 'Request_ResourceNotFound');
    },
    { servicePrincipals: 'registered' },
  );
});

// ---- templates ------------------------------------------------------------------------------------------------

const FIXTURE_TEMPLATE = {
  id: 'contosoHr',
  factoryTag: 'CustomSCIM',
  description: 'Contoso HR SCIM endpoint',
  requiredSecrets: ['BaseAddress', 'SecretToken'],
  schema: {
    directories: [
      { id: '11111111-1111-4111-8111-111111111111', name: 'Azure Active Directory', objects: [{ name: 'User', attributes: [{ name: 'userPrincipalName', type: 'String', anchor: true }] }] },
      { id: '22222222-2222-4222-8222-222222222222', name: 'Contoso HR', objects: [{ name: 'Employee', attributes: [{ name: 'id', type: 'String', anchor: true }] }] },
    ],
    synchronizationRules: [
      {
        id: '33333333-3333-4333-8333-333333333333',
        name: 'USER_TO_EMPLOYEE',
        editable: true,
        priority: 1,
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: 'Contoso HR',
        objectMappings: [{ name: 'Provision users', enabled: true, flowTypes: 'Add, Update, Delete', sourceObjectName: 'User', targetObjectName: 'Employee', attributeMappings: [] }],
      },
    ],
  },
};

/**
 * FIXTURE_TEMPLATE's schema as syncemu keeps and serves it: each non-nullable member the fixture
 * left out gets the service's default (the CSDL validator of the suite holds every payload to it).
 */
const FIXTURE_SCHEMA_SERVED = {
  directories: FIXTURE_TEMPLATE.schema.directories.map((directory) => ({
    ...directory,
    objects: directory.objects.map((object) => ({
      ...object,
      attributes: object.attributes.map((attribute) => ({ ...attribute, caseExact: false, flowNullValues: false, multivalued: false, mutability: 'ReadWrite', required: false })),
    })),
    discoverabilities: 'None',
    readOnly: false,
  })),
  synchronizationRules: FIXTURE_TEMPLATE.schema.synchronizationRules,
};

test('templates: list and get the built-in catalog, each with the documented properties and a default schema', async () => {
  await withEmulator(async (_emulator, api) => {
    const list = await api.graph('GET', '/templates');
    assert.is(list.status, 200);
    assert.is(list.body['@odata.context'], CONTEXT('v1.0', '/templates'));
    const ids = list.body.value.map((template: { id: string }) => template.id);
    assert.equal(ids, BUILT_IN_TEMPLATES.map((template) => template.id));
    for (const expected of ['scim', 'customappsso', 'Azure2Azure', 'AD2AADProvisioning', 'AD2AADPasswordHash', 'API2AAD', 'BoxOutDelta', 'SfSandboxOutDelta', 'gsuite', 'aws', 'slack', 'gitHubEnterpriseCloud']) {
      assert.ok(ids.includes(expected), expected);
    }
    for (const template of list.body.value) {
      assert.equal(Object.keys(template), ['id', 'applicationId', 'default', 'description', 'discoverable', 'factoryTag', 'metadata', 'schema'], template.id);
      assert.match(template.applicationId, GUID);
      assert.type(template.default, 'boolean');
      assert.type(template.discoverable, 'boolean');
      assert.ok(Array.isArray(template.metadata));
      assert.ok(template.schema.directories.length >= 2, `${template.id} has a source and a target directory`);
      assert.ok(template.schema.synchronizationRules.length >= 1, `${template.id} has a rule`);
      assert.not.ok('requiredSecrets' in template, 'internal fields stay internal');
    }
    const scim = await api.graph('GET', '/templates/scim');
    assert.is(scim.status, 200);
    assert.is(scim.body['@odata.context'], CONTEXT('v1.0', '/templates/$entity'));
    const { ['@odata.context']: _context, ...scimTemplate } = scim.body;
    assert.equal(scimTemplate, list.body.value.find((template: { id: string }) => template.id === 'scim'));
    assert.is(scimTemplate.factoryTag, 'CustomSCIM');
    const schema = await api.graph('GET', '/templates/scim/schema');
    assert.is(schema.status, 200);
    assert.is(schema.body['@odata.context'], CONTEXT('v1.0', "/templates('scim')/schema/$entity"));
    assert.is(schema.body.id, 'scim');
    assert.equal(schema.body.directories, scimTemplate.schema.directories);
    assert.equal(schema.body.synchronizationRules, scimTemplate.schema.synchronizationRules);
    // beta serves the same, with its own context.
    const beta = await api.request('GET', `${GRAPH}/beta/servicePrincipals/${SP}/synchronization/templates/aws`);
    assert.is(beta.body['@odata.context'], CONTEXT('beta', '/templates/$entity'));
  });
});

test('templates: fixture templates join the catalog (and replace a built-in of the same id); jobs use their schema', async () => {
  await withEmulator(async (emulator, api) => {
    await emulator.seed({ servicePrincipals: [{ id: SP, templates: [FIXTURE_TEMPLATE, { id: 'slack', factoryTag: 'slackCustom', description: 'Overridden' }] }] });
    const list = (await api.graph('GET', '/templates')).body.value as { id: string; description: string; factoryTag: string }[];
    assert.is(list.filter((template) => template.id === 'slack').length, 1);
    assert.is(list.find((template) => template.id === 'slack')!.factoryTag, 'slackCustom');
    assert.is(list.length, BUILT_IN_TEMPLATES.length + 1);
    const got = (await api.graph('GET', '/templates/contosoHr')).body;
    assert.is(got.id, 'contosoHr');
    assert.is(got.factoryTag, 'CustomSCIM');
    assert.is(got.description, 'Contoso HR SCIM endpoint');
    assert.equal(got.schema, { id: 'contosoHr', ...FIXTURE_SCHEMA_SERVED });
    assert.not.ok('requiredSecrets' in got);
    const schema = (await api.graph('GET', '/templates/contosoHr/schema')).body;
    assert.equal(schema.directories, FIXTURE_SCHEMA_SERVED.directories);
    // A job from it gets its schema, its rule works on demand, and synchronizedEntryCountByType names its mapping.
    const id = await api.createJob('contosoHr');
    const jobSchema = (await api.graph('GET', `/jobs/${id}/schema`)).body;
    assert.equal(jobSchema.synchronizationRules, FIXTURE_TEMPLATE.schema.synchronizationRules);
    assert.is((await api.graph('POST', `/jobs/${id}/provisionOnDemand`, onDemand('33333333-3333-4333-8333-333333333333'))).status, 200);
    await api.act(id, 'start');
    await emulator.clock.advance('PT3M');
    assert.equal((await api.status(id)).synchronizedEntryCountByType, [{ key: 'User to Employee', value: 20 }]);
    // Other service principals do not see it.
    const other = new Api(api.fetchFn, GRAPH, '0f0e0d0c-0b0a-4908-8706-050403020100');
    assertGraphError(await other.graph('GET', '/templates/contosoHr'), 404, 'Request_ResourceNotFound');
  });
});

test('templates: unknown ids 404; writes 405, PATCH on a template schema the real 404', async () => {
  await withEmulator(async (_emulator, api) => {
    assertGraphError(await api.graph('GET', '/templates/workday'), 404, 'Request_ResourceNotFound', "Resource 'workday' does not exist or one of its queried reference-property objects are not present.");
    assertGraphError(await api.graph('GET', '/templates/workday/schema'), 404, 'Request_ResourceNotFound');
    const post = await api.graph('POST', '/templates', { id: 'x', factoryTag: 'CustomSCIM' });
    assertGraphError(post, 405, 'Request_BadRequest');
    assert.is(post.headers.get('allow'), 'GET');
    assert.is((await api.graph('PUT', '/templates/scim', {})).headers.get('allow'), 'GET');
    assert.is((await api.graph('PUT', '/templates/scim/schema', {})).status, 405);
    const patch = await api.graph('PATCH', '/templates/scim/schema', {});
    assertGraphError(patch, 404, 'UnknownError');
    assert.equal(JSON.parse(patch.body.error.message), {
      Message: `No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api/servicePrincipals('${SP}')/synchronization/templates('scim')/schema?api-version=2.0'.`,
    });
  });
  await withEmulator(
    async (_emulator, api) => {
      assertGraphError(await api.graph('GET', '/templates'), 404, 'Request_ResourceNotFound');
    },
    { servicePrincipals: 'registered' },
  );
});

// ---- schema -------------------------------------------------------------------------------------------------------

async function schemaOf(api: Api, id: string): Promise<any> {
  const reply = await api.graph('GET', `/jobs/${id}/schema`);
  assert.is(reply.status, 200, reply.text);
  const { ['@odata.context']: _context, ...schema } = reply.body;
  return schema;
}

test('schema GET: the template\'s default schema, with the job\'s id, directories inline', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const reply = await api.graph('GET', `/jobs/${id}/schema`);
    assert.is(reply.body['@odata.context'], CONTEXT('v1.0', `/jobs('${id}')/schema/$entity`));
    const schema = await schemaOf(api, id);
    assert.equal(Object.keys(schema), ['id', 'version', 'synchronizationRules', 'directories']);
    assert.is(schema.id, id);
    const template = BUILT_IN_TEMPLATES.find((t) => t.id === 'scim')!;
    assert.equal(schema.directories, template.schema.directories);
    assert.equal(schema.synchronizationRules, template.schema.synchronizationRules);
    assertGraphError(await api.graph('GET', '/jobs/scim.none/schema'), 404, 'Request_ResourceNotFound', /Resource 'scim\.none' does not exist/);
  });
});

test('schema PUT replaces it (204) with a new version; DELETE resets it to the template\'s default', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('scim');
    const original = await schemaOf(api, id);
    const changed = structuredClone(original);
    changed.id = 'ignored';
    changed.version = 'ignored';
    const mappings = changed.synchronizationRules[0].objectMappings[0].attributeMappings as { targetAttributeName: string }[];
    const removed = mappings.pop()!;
    mappings.push({ ...removed, targetAttributeName: 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User:costCenter' } as never);
    changed.directories[1].objects[0].attributes.push({ name: 'urn:ietf:params:scim:schemas:extension:contoso:2.0:User:costCenter', type: 'String', anchor: false, caseExact: false, flowNullValues: false, multivalued: false, mutability: 'ReadWrite', required: false, apiExpressions: [], metadata: [], referencedObjects: [], defaultValue: null });
    await emulator.clock.advance('PT5M');
    const put = await api.graph('PUT', `/jobs/${id}/schema`, changed);
    assert.is(put.status, 204, put.text);
    assert.is(put.text, '');
    const stored = await schemaOf(api, id);
    assert.is(stored.id, id, 'the id is the job\'s');
    assert.match(stored.version, /^Date:2030-01-01T00:05:00\.0000000Z, ActivityId:[0-9a-f-]{36}$/);
    assert.equal(stored.synchronizationRules, changed.synchronizationRules);
    assert.equal(stored.directories, changed.directories);
    // directories come from the stored schema too.
    const directories = (await api.graph('GET', `/jobs/${id}/schema/directories`)).body.value;
    assert.equal(directories, changed.directories);
    // An empty schema is a schema.
    assert.is((await api.graph('PUT', `/jobs/${id}/schema`, {})).status, 204);
    const empty = await schemaOf(api, id);
    assert.equal([empty.directories, empty.synchronizationRules], [[], []]);
    // DELETE: back to the template's.
    const reset = await api.graph('DELETE', `/jobs/${id}/schema`);
    assert.is(reset.status, 204);
    assert.is(reset.text, '');
    assert.equal(await schemaOf(api, id), original);
    // Other jobs of the same template never saw any of it.
    const other = await api.createJob('scim');
    assert.equal((await schemaOf(api, other)).synchronizationRules, original.synchronizationRules);
  });
});

test('schema PUT refuses invalid shapes with a 400 naming the property, and stores nothing', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const original = await schemaOf(api, id);
    const variant = (change: (schema: any) => void) => {
      const copy = structuredClone(original);
      change(copy);
      return copy;
    };
    const cases: [string, unknown, string | RegExp, string?][] = [
      ['directories not an array', { ...original, directories: 'none' }, "The property 'directories' must be of type Collection(microsoft.graph.directoryDefinition), but is a string."],
      ['rules not an array', { ...original, synchronizationRules: {} }, "The property 'synchronizationRules' must be of type Collection(microsoft.graph.synchronizationRule), but is an object."],
      ['an unknown property', { ...original, mappings: [] }, "Could not find a property named 'mappings' on type 'microsoft.graph.synchronizationSchema'."],
      ['an unknown nested property', variant((s) => (s.directories[0].objects[0].attributes[0].label = 'x')), /Could not find a property named 'label' on type 'microsoft\.graph\.attributeDefinition'\./],
      ['an attribute type that is not one', variant((s) => (s.directories[0].objects[0].attributes[0].type = 'Text')), /^The property 'directories\[0\]\.objects\[0\]\.attributes\[0\]\.type' 'Text' is not a member of microsoft\.graph\.attributeType/],
      ['a Boolean given as a string', variant((s) => (s.synchronizationRules[0].editable = 'true')), "The property 'synchronizationRules[0].editable' must be of type Edm.Boolean, but is a string."],
      ['a priority that is not an integer', variant((s) => (s.synchronizationRules[0].priority = 1.5)), /^The property 'synchronizationRules\[0\]\.priority' /],
      ['a body that is an array', [original], "The property 'schema' must be of type microsoft.graph.synchronizationSchema, but is an array."],
      ['a rule naming an unknown target directory', variant((s) => (s.synchronizationRules[0].targetDirectoryName = 'Salesforce')), `The property 'synchronizationRules[0].targetDirectoryName' must name one of the schema's directories (Azure Active Directory, customappsso), not "Salesforce".`],
      ['a rule naming an unknown source directory', variant((s) => (s.synchronizationRules[0].sourceDirectoryName = 'Workday')), /^The property 'synchronizationRules\[0\]\.sourceDirectoryName' must name one of the schema's directories/],
      ['a rule naming no directory', variant((s) => delete s.synchronizationRules[0].sourceDirectoryName), /'synchronizationRules\[0\]\.sourceDirectoryName' must name one of the schema's directories \(Azure Active Directory, customappsso\), not null\./],
      ['rules without directories', { synchronizationRules: original.synchronizationRules }, /must name one of the schema's directories \(none\)/],
      ['two directories of one name', variant((s) => (s.directories[1].name = s.directories[0].name)), "Two directories are named 'Azure Active Directory'; directory names must be unique within a schema."],
      ['a directory without a name', variant((s) => delete s.directories[1].name), "The property 'directories[1].name' is required: rules refer to directories by name."],
    ];
    for (const [label, body, message] of cases) {
      const reply = await api.graph('PUT', `/jobs/${id}/schema`, body);
      assert.is(reply.status, 400, `${label}: ${reply.text}`);
      assert.is(reply.body.error.code, 'BadRequest', label);
      if (typeof message === 'string') assert.is(reply.body.error.message, message, label);
      else assert.match(reply.body.error.message, message, label);
    }
    assertGraphError(await api.graph('PUT', `/jobs/${id}/schema`, '{"directories": ['), 400, 'BadRequest', /Unable to read JSON request payload/);
    assertGraphError(await api.graph('PUT', `/jobs/${id}/schema`, JSON.stringify(original), { 'content-type': 'application/xml' }), 415, 'UnsupportedMediaType');
    assert.equal(await schemaOf(api, id), original, 'nothing was stored');
  });
});

test('schema PATCH gets the real service\'s 404 (UnknownError wrapping the backend message); other methods 405', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('gsuite');
    const patch = await api.graph('PATCH', `/jobs/${id}/schema`, { synchronizationRules: [] });
    assertGraphError(patch, 404, 'UnknownError');
    assert.equal(JSON.parse(patch.body.error.message), {
      Message: `No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api/servicePrincipals('${SP}')/synchronization/jobs('${id}')/schema?api-version=2.0'.`,
    });
    const post = await api.graph('POST', `/jobs/${id}/schema`, {});
    assertGraphError(post, 405, 'Request_BadRequest', "The HTTP method 'POST' is not allowed on this resource; allowed: GET, PUT, DELETE.");
    assert.is(post.headers.get('allow'), 'GET, PUT, DELETE');
  });
});

test('schema directories: the list, one by id (404 for an unknown one), and discover', async () => {
  await withEmulator(async (emulator, api) => {
    const id = await api.createJob('SfSandboxOutDelta');
    const schema = await schemaOf(api, id);
    const list = await api.graph('GET', `/jobs/${id}/schema/directories`);
    assert.is(list.status, 200);
    assert.is(list.body['@odata.context'], CONTEXT('v1.0', `/jobs('${id}')/schema/directories`));
    assert.equal(list.body.value, schema.directories);
    const target = schema.directories.find((directory: { name: string }) => directory.name === 'salesforce.com');
    assert.ok(target, 'the Salesforce directory');
    const one = await api.graph('GET', `/jobs/${id}/schema/directories/${target.id}`);
    assert.is(one.status, 200);
    assert.is(one.body['@odata.context'], CONTEXT('v1.0', `/jobs('${id}')/schema/directories/$entity`));
    const { ['@odata.context']: _c, ...directory } = one.body;
    assert.equal(directory, target);
    for (const key of ['id', 'name', 'objects', 'readOnly', 'version', 'discoveryDateTime', 'discoverabilities']) assert.ok(key in directory, key);
    assertGraphError(await api.graph('GET', `/jobs/${id}/schema/directories/00000000-0000-4000-8000-000000000000`), 404, 'Request_ResourceNotFound', /Resource '00000000-0000-4000-8000-000000000000' does not exist/);

    await emulator.clock.advance('PT2H');
    const discovered = await api.graph('POST', `/jobs/${id}/schema/directories/${target.id}/discover`);
    assert.is(discovered.status, 200, discovered.text);
    assert.is(discovered.body['@odata.context'], `${GRAPH}/v1.0/$metadata#microsoft.graph.directoryDefinition`);
    assert.is(discovered.body.discoveryDateTime, at(120));
    assert.match(discovered.body.version, /^Date:2030-01-01T02:00:00\.000Z, ActivityId:[0-9a-f-]{36}$/);
    assert.is(discovered.body.discoverabilities, target.discoverabilities);
    assert.equal(discovered.body.objects, target.objects);
    // The discovery is remembered in the job's schema.
    const after = (await api.graph('GET', `/jobs/${id}/schema/directories/${target.id}`)).body;
    assert.is(after.discoveryDateTime, at(120));
    assertGraphError(await api.graph('POST', `/jobs/${id}/schema/directories/00000000-0000-4000-8000-000000000000/discover`), 404, 'Request_ResourceNotFound');
    const getDiscover = await api.graph('GET', `/jobs/${id}/schema/directories/${target.id}/discover`);
    assertGraphError(getDiscover, 405, 'Request_BadRequest');
    assert.is(getDiscover.headers.get('allow'), 'POST');
    assert.is((await api.graph('POST', `/jobs/${id}/schema/directories`, {})).headers.get('allow'), 'GET');
  });
});

test('schema filterOperators and functions, with and without (), as the docs show them', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const operators = await api.graph('GET', `/jobs/${id}/schema/filterOperators`);
    assert.is(operators.status, 200);
    assert.is(operators.body['@odata.context'], `${GRAPH}/v1.0/$metadata#Collection(microsoft.graph.filterOperatorSchema)`);
    assert.equal((await api.graph('GET', `/jobs/${id}/schema/filterOperators()`)).body, operators.body);
    const names = operators.body.value.map((operator: { name: string }) => operator.name);
    for (const name of ['EQUALS', 'NOT EQUALS', 'IS TRUE', 'IS FALSE', 'IS NULL', 'IS NOT NULL', 'REGEX MATCH', 'NOT REGEX MATCH', 'Greater_Than', 'Greater_Than_OR_EQUALS', 'Includes']) {
      assert.ok(names.includes(name), name);
    }
    for (const operator of operators.body.value) {
      // the CSDL keys filterOperatorSchema by id (it is an entity); the docs show name: both, the same
      assert.equal(Object.keys(operator), ['id', 'name', 'arity', 'multivaluedComparisonType', 'supportedAttributeTypes']);
      assert.is(operator.id, operator.name);
      assert.ok(['Binary', 'Unary'].includes(operator.arity));
      assert.ok(['All', 'Any'].includes(operator.multivaluedComparisonType));
    }
    assert.equal(operators.body.value.find((operator: { name: string }) => operator.name === 'EQUALS').arity, 'Binary');

    const functions = await api.graph('GET', `/jobs/${id}/schema/functions`);
    assert.is(functions.status, 200);
    assert.is(functions.body['@odata.context'], `${GRAPH}/v1.0/$metadata#functions`);
    assert.equal((await api.graph('GET', `/jobs/${id}/schema/functions()`)).body, functions.body);
    const byName = new Map(functions.body.value.map((fn: { name: string }) => [fn.name, fn]));
    assert.equal(byName.get('Append'), {
      id: 'Append',
      name: 'Append',
      parameters: [
        { allowMultipleOccurrences: false, name: 'source', required: true, type: 'String' },
        { allowMultipleOccurrences: false, name: 'suffix', required: true, type: 'String' },
      ],
    });
    assert.equal(byName.get('DefaultDomain'), { id: 'DefaultDomain', name: 'DefaultDomain', parameters: [] });
    for (const name of ['AppRoleAssignments', 'FormatDateTime', 'Mid', 'Replace', 'Switch', 'ToLower']) assert.ok(byName.has(name), name);
    const put = await api.graph('PUT', `/jobs/${id}/schema/functions`, {});
    assertGraphError(put, 405, 'Request_BadRequest');
    assert.is(put.headers.get('allow'), 'GET');
    assertGraphError(await api.graph('GET', '/jobs/scim.none/schema/functions'), 404, 'Request_ResourceNotFound');
    // parseExpression parses (and, with a testInputObject, evaluates) in the response body
    const parsed = await api.graph('POST', `/jobs/${id}/schema/parseExpression`, { expression: '[mail]' });
    assert.is(parsed.status, 200, parsed.text);
    assert.equal(parsed.body.parsedExpression, { expression: '[mail]', name: 'mail', parameters: [], type: 'Attribute' });
    assert.is(parsed.body.parsingSucceeded, true);
  });
});

// ---- 405 with Allow ------------------------------------------------------------------------------------------------

test('a known path with the wrong method: 405 with the Graph error shape and an Allow header', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const dir = firstId('scim', 'directories');
    const cases: [string, string, string][] = [
      ['PUT', '/jobs', 'GET, POST'],
      ['DELETE', '/jobs/validateCredentials', 'POST'],
      ['PUT', `/jobs/${id}`, 'GET, PATCH, DELETE'],
      ['GET', `/jobs/${id}/start`, 'POST'],
      ['DELETE', `/jobs/${id}/pause`, 'POST'],
      ['PUT', `/jobs/${id}/restart`, 'POST'],
      ['GET', `/jobs/${id}/validateCredentials`, 'POST'],
      ['GET', `/jobs/${id}/provisionOnDemand`, 'POST'],
      ['POST', `/jobs/${id}/schema`, 'GET, PUT, DELETE'],
      ['DELETE', `/jobs/${id}/schema/directories`, 'GET'],
      ['PUT', `/jobs/${id}/schema/directories/${dir}`, 'GET'],
      ['GET', `/jobs/${id}/schema/directories/${dir}/discover`, 'POST'],
      ['POST', `/jobs/${id}/schema/filterOperators`, 'GET'],
      ['DELETE', `/jobs/${id}/schema/functions()`, 'GET'],
      ['POST', '/templates', 'GET'],
      ['DELETE', '/templates/scim', 'GET'],
      ['POST', '/templates/scim/schema', 'GET'],
      ['DELETE', '/secrets', 'GET, PUT'],
    ];
    for (const [method, path, allow] of cases) {
      const reply = await api.graph(method, path, ['POST', 'PUT'].includes(method) ? {} : undefined);
      assert.is(reply.status, 405, `${method} ${path}: ${reply.text}`);
      assert.is(reply.body.error.code, 'Request_BadRequest');
      assert.is(reply.body.error.message, `The HTTP method '${method}' is not allowed on this resource; allowed: ${allow}.`);
      assert.is(reply.headers.get('allow'), allow, `${method} ${path}`);
    }
    // The job was not touched by any of it.
    assert.is((await api.job(id)).schedule.state, 'Disabled');
  });
});

// ---- control routes ----------------------------------------------------------------------------------------------------

test('control: GET /_syncemu/clock, POST advance and set (with the cycles they ran and the total so far), and their refusals', async () => {
  await withEmulator(async (_emulator, api) => {
    assert.equal((await api.control('GET', '/clock')).body, { now: START, kind: 'manual', cyclesRun: 0, cyclesCompleted: 0 });
    assert.equal((await api.control('GET', '/clock/')).body.now, START, 'a trailing slash is fine');
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    assert.equal(await api.advance('PT40M'), { now: at(40), kind: 'manual', cyclesRun: 1, cyclesCompleted: 1 });
    assert.equal(await api.advance('PT1M'), { now: at(41), kind: 'manual', cyclesRun: 1, cyclesCompleted: 2 });
    assert.equal(await api.advance('PT0S'), { now: at(41), kind: 'manual', cyclesRun: 0, cyclesCompleted: 2 });
    assert.equal(await api.setClock('2030-01-01T02:01:00Z'), { now: at(121), kind: 'manual', cyclesRun: 2, cyclesCompleted: 4 });
    assert.equal((await api.control('GET', '/clock')).body, { now: at(121), kind: 'manual', cyclesRun: 0, cyclesCompleted: 4 });
    assert.is((await api.status(id)).lastExecution.timeEnded, at(121));
    const refusals: [string, string, unknown, number, string | RegExp][] = [
      ['POST', '/clock/advance', { duration: '40 minutes' }, 400, "'40 minutes' is not a non-negative ISO 8601 duration such as 'PT40M'."],
      ['POST', '/clock/advance', { duration: '-PT1M' }, 400, /is not a non-negative ISO 8601 duration/],
      ['POST', '/clock/advance', { duration: 40 }, 400, `'duration' must be an ISO 8601 duration string such as "PT40M".`],
      ['POST', '/clock/advance', {}, 400, /'duration' must be an ISO 8601 duration string/],
      ['POST', '/clock/advance', [], 400, 'The body must be a JSON object, not an array.'],
      ['POST', '/clock/set', { now: '2029-12-31T00:00:00Z' }, 400, `The clock cannot go backwards (now ${at(121)}).`],
      // (The message names 'Invalid Date' rather than 'tomorrow': clock.ts passes the parsed Date on.)
      ['POST', '/clock/set', { now: 'tomorrow' }, 400, /is not a date\.$/],
      ['POST', '/clock/set', { at: '2031-01-01T00:00:00Z' }, 400, `'now' must be an ISO 8601 instant such as "2030-01-01T00:00:00Z".`],
      ['POST', '/clock/set', undefined, 400, /Unable to read JSON request payload/],
      ['GET', '/clock/advance', undefined, 405, "The HTTP method 'GET' is not allowed on this resource; allowed: POST."],
      ['POST', '/clock', {}, 405, "The HTTP method 'POST' is not allowed on this resource; allowed: GET."],
      ['GET', '/time', undefined, 400, "Resource not found for the segment '/_syncemu/time'."],
      ['GET', '/clock/advance/now', undefined, 400, /Resource not found for the segment/],
    ];
    for (const [method, path, body, status, message] of refusals) {
      const reply = await api.control(method, path, body);
      assert.is(reply.status, status, `${method} ${path}: ${reply.text}`);
      if (typeof message === 'string') assert.is(reply.body.error.message, message);
      else assert.match(reply.body.error.message, message);
    }
    assert.is((await api.control('GET', '/clock/advance')).headers.get('allow'), 'POST');
    const wrongType = await api.request('POST', `${GRAPH}/_syncemu/clock/advance`, JSON.stringify({ duration: 'PT1M' }), { 'content-type': 'text/plain' });
    assertGraphError(wrongType, 415, 'UnsupportedMediaType');
    assert.is(await api.now(), at(121), 'no refusal moved the clock');
  });
});

test('control routes on a system clock: time cannot be moved (409), plans still work', async () => {
  const emulator = await createEmulator({ clock: 'system' });
  const api = Api.of(emulator);
  try {
    const clock = await api.control('GET', '/clock');
    assert.is(clock.body.kind, 'system');
    assert.ok(Math.abs(Date.parse(clock.body.now) - Date.now()) < 60_000);
    assertGraphError(await api.control('POST', '/clock/advance', { duration: 'PT1M' }), 409, 'Conflict', /runs on the system clock; start it with a manual clock/);
    assertGraphError(await api.control('POST', '/clock/set', { now: '2099-01-01T00:00:00Z' }), 409, 'Conflict');
    let thrown: any;
    try {
      await emulator.clock.advance('PT1M');
    } catch (error) {
      thrown = error;
    }
    assert.is(thrown?.name, 'ClockError');
    const id = await api.createJob('scim');
    await api.plan(id, [{ result: 'failed' }]);
    assert.equal((await api.describePlan(id)).outcomes, [{ result: 'failed' }]);
  } finally {
    await emulator.close();
  }
});

test('control: false turns the /_syncemu/ routes off (404); Graph and the in-process clock and plans still work', async () => {
  await withEmulator(
    async (emulator, api) => {
      const id = await api.createJob('scim');
      for (const [method, path, body] of [
        ['GET', '/clock', undefined],
        ['POST', '/clock/advance', { duration: 'PT1H' }],
        ['POST', '/clock/set', { now: '2031-01-01T00:00:00Z' }],
        ['GET', `/servicePrincipals/${SP}/jobs/${id}/plan`, undefined],
        ['PUT', `/servicePrincipals/${SP}/jobs/${id}/plan`, { outcomes: [] }],
      ] as const) {
        const reply = await api.control(method, path, body);
        assertGraphError(reply, 404, 'Request_ResourceNotFound');
      }
      assert.is(emulator.clock.now().toISOString(), START, 'the clock did not move');
      await api.act(id, 'start');
      await emulator.jobs.plan(SP, id, [{ result: 'failed' }]);
      await emulator.clock.advance('PT3M');
      assert.is((await api.status(id)).code, 'Quarantine');
    },
    { control: false },
  );
});

test.run();
