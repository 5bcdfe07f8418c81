/**
 * Fidelity of the job actions, schema and templates surface to graph-sync-api.md (and
 * decisions.md), from an audit: every test names the spec line it checks, and each failed against
 * the emulator when it was written (parseExpression, template-schema functions and operators,
 * acquireAccessToken, bulkUpload, and bad input the actions used to accept).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertGraphError, SP, withEmulator } from './support/lifecycle-support.js';

const SCIM_RULE = '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8#V2';
const USER = { objectId: '9bb0f679-a883-4a6f-8260-35b491b8b8c8', objectTypeName: 'User' };


// ---- documented endpoints that once answered "not emulated" ------------------------------------------

// graph-sync-api.md L691 (POST parseExpression on …/jobs/{jobId}/schema/parseExpression) and
// §3.3.6 L748-760: "200 + parseExpressionResponse" with the documented example.
test('parseExpression on a job schema answers 200 with a parseExpressionResponse (spec §3.3.6)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const reply = await api.graph('POST', `/jobs/${id}/schema/parseExpression`, {
      expression: 'Replace([preferredLanguage], "-", , , "_", , )',
      testInputObject: { definition: null, properties: [{ key: 'preferredLanguage', value: 'EN-US' }] },
      targetAttributeDefinition: null,
    });
    assert.is(reply.status, 200, reply.text);
    assert.is(reply.body.parsingSucceeded, true, reply.text);
    assert.is(reply.body.evaluationSucceeded, true, reply.text);
    assert.equal(reply.body.evaluationResult, ['EN_US']);
    assert.is(reply.body.parsedExpression?.type, 'Function');
    assert.is(reply.body.parsedExpression?.name, 'Replace');
  });
});

// graph-sync-api.md L691: parseExpression is also documented on
// `…/servicePrincipals/{id}/synchronization/templates/{templateId}/schema/parseExpression`.
test('parseExpression on a template schema answers 200 (spec L691)', async () => {
  await withEmulator(async (_emulator, api) => {
    const reply = await api.graph('POST', '/templates/scim/schema/parseExpression', { expression: 'ToLower([mail])' });
    assert.is(reply.status, 200, reply.text);
    assert.type(reply.body.parsingSucceeded, 'boolean', reply.text);
    assert.type(reply.body.evaluationSucceeded, 'boolean', reply.text);
  });
});

// graph-sync-api.md L689-690: GET filterOperators / functions are documented on
// `…/servicePrincipals/{id}/synchronization/templates/{templateId}/schema/filterOperators` ("same three" for functions).
test('filterOperators and functions on a template schema answer 200 (spec L689-690)', async () => {
  await withEmulator(async (_emulator, api) => {
    const operators = await api.graph('GET', '/templates/scim/schema/filterOperators');
    assert.is(operators.status, 200, operators.text);
    assert.ok(Array.isArray(operators.body.value) && operators.body.value.some((op: any) => op.name === 'EQUALS'), operators.text);
    const functions = await api.graph('GET', '/templates/scim/schema/functions');
    assert.is(functions.status, 200, functions.text);
    assert.ok(Array.isArray(functions.body.value) && functions.body.value.some((fn: any) => fn.name === 'Append'), functions.text);
  });
});

// graph-sync-api.md §3.1.3 L462-466: "POST …/servicePrincipals/{id}/synchronization/acquireAccessToken"
// [DOC] Body {"credentials":[…]}; Content-Type: application/json required; 204.
test('acquireAccessToken on a service principal answers 204 (spec §3.1.3)', async () => {
  await withEmulator(async (_emulator, api) => {
    const reply = await api.graph('POST', '/acquireAccessToken', {
      credentials: [
        { key: 'Oauth2ClientId', value: 'client-id' },
        { key: 'Oauth2ClientSecret', value: 'client-secret' },
      ],
    });
    assert.is(reply.status, 204, reply.text);
    assert.is(reply.text, '');
  });
});

// graph-sync-api.md §3.2.11 L652-660: bulkUpload for API2AAD jobs, Content-Type application/scim+json,
// "Responses [DOC]: 202 Accepted, empty body, Location header pointing at the provisioning logs filtered by job id".
test('bulkUpload on an API2AAD job answers 202 with a Location header (spec §3.2.11)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('API2AAD');
    const reply = await api.graph(
      'POST',
      `/jobs/${id}/bulkUpload`,
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          {
            method: 'POST',
            bulkId: '701984',
            path: '/Users',
            data: {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
              externalId: '701984',
              userName: 'bjensen@example.com',
              active: true,
            },
          },
        ],
        failOnErrors: null,
      },
      { 'content-type': 'application/scim+json' },
    );
    assert.is(reply.status, 202, reply.text);
    assert.is(reply.text, '');
    assert.match(reply.headers.get('location') ?? '', /auditLogs\/provisioning/);
    assert.ok((reply.headers.get('location') ?? '').includes(encodeURIComponent(`'${id}'`)) || (reply.headers.get('location') ?? '').includes(id));
  });
});

// The core awaits its store between the limit's check and its record: ten calls at once must
// still get exactly the five the window allows (graph-sync-api.md §5.4), never six.
test('provisionOnDemand: ten concurrent calls, exactly five answered and five 429 (the limit holds when requests interleave)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const replies = await Promise.all(Array.from({ length: 10 }, () => api.graph('POST', `/jobs/${id}/provisionOnDemand`, { parameters: [{ ruleId: SCIM_RULE, subjects: [USER] }] })));
    assert.equal(replies.map((reply) => reply.status).sort(), [200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
  });
});

// ---- bad input once accepted (decisions.md §6) -----------------------------------------------------

// decisions.md L97-99: "wrong JSON type for a property: 400 naming property and expected type; unknown
// property: 400 naming it." provisionOnDemand accepts both in its subjects.
test('provisionOnDemand rejects unknown and wrongly-typed subject properties (decisions §6)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const pod = (subject: unknown) => api.graph('POST', `/jobs/${id}/provisionOnDemand`, { parameters: [{ ruleId: SCIM_RULE, subjects: [subject] }] });
    const unknown = await pod({ ...USER, bogus: 1 });
    assertGraphError(unknown, 400, 'BadRequest', /bogus/);
    const wrongType = await pod({ ...USER, links: 5 });
    assertGraphError(wrongType, 400, 'BadRequest', /links/);
    const wrongNested = await pod({ ...USER, links: { members: 'no' } });
    assertGraphError(wrongNested, 400, 'BadRequest', /members/);
  });
});

// graph-sync-api.md L644: "Errors [OBS docs-contrib#4247] empty/unknown `ruleId` → 400 RequestParameterInvalid".
// Only parameters[0] is checked: an unknown ruleId in parameters[1] gets 200.
test('provisionOnDemand rejects an unknown ruleId in any parameters entry (spec L644)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const reply = await api.graph('POST', `/jobs/${id}/provisionOnDemand`, {
      parameters: [
        { ruleId: SCIM_RULE, subjects: [USER] },
        { ruleId: 'ea807875-5618-4f0a-9125-0b46a05298ca', subjects: [USER] },
      ],
    });
    assertGraphError(reply, 400, 'RequestParameterInvalid', /However, the job does not include the rule\./);
  });
});

// decisions.md L97-99 ("wrong JSON type for a property: 400 naming property and expected type");
// graph-sync-api.md L94 types applicationIdentifier and templateId as String.
test('validateCredentials rejects non-string applicationIdentifier / templateId naming the type (decisions §6)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const credentials = [
      { key: 'BaseAddress', value: 'https://scim.contoso.example/scim/v2' },
      { key: 'SecretToken', value: 'token-value' },
    ];
    assertGraphError(await api.graph('POST', `/jobs/${id}/validateCredentials`, { applicationIdentifier: 5, credentials }), 400, 'BadRequest', /applicationIdentifier.*string/);
    assertGraphError(await api.graph('POST', `/jobs/validateCredentials`, { templateId: 'scim', applicationIdentifier: { a: 1 }, credentials }), 400, 'BadRequest', /applicationIdentifier.*string/);
    // On a job, a numeric templateId is told it is "required when validating credentials without a job".
    assertGraphError(await api.graph('POST', `/jobs/${id}/validateCredentials`, { templateId: 5, credentials }), 400, 'BadRequest', /templateId.*string/);
  });
});

// graph-sync-api.md L765: discover is "POST …/schema/directories/{directoryId}/discover, no body";
// decisions.md L98-99: "unknown property: 400 naming it" (start/pause already do so).
test('discover rejects a body with unknown properties (spec L765, decisions §6)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const schema = await api.graph('GET', `/jobs/${id}/schema`);
    const directoryId = schema.body.directories[0].id as string;
    const reply = await api.graph('POST', `/jobs/${id}/schema/directories/${directoryId}/discover`, { bogus: 1 });
    assertGraphError(reply, 400, 'BadRequest', /bogus/);
  });
});

test.run();
