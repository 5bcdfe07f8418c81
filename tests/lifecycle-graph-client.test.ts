/**
 * The real `@microsoft/microsoft-graph-client`, unchanged, against a listening manual-clock
 * emulator: it creates a job, starts, pauses and restarts it (with criteria), reads and replaces
 * its schema, and sees the status change as the test moves the emulator's clock.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import graph from '@microsoft/microsoft-graph-client';
import type { Emulator, RunningServer } from '@syncemu/core';
import { at, manualEmulator, PLACEHOLDER_EXECUTION, SALESFORCE_ERROR, SP, START } from './support/lifecycle-support.js';

const { Client } = graph;
type GraphClient = ReturnType<typeof Client.init>;

let emulator: Emulator;
let server: RunningServer;
let client: GraphClient;

test.before.each(async () => {
  emulator = await manualEmulator();
  server = await emulator.listen({ port: 0 });
  client = Client.init({ authProvider: (done) => done(null, 'token'), baseUrl: `${server.url}/`, defaultVersion: 'v1.0' });
});
test.after.each(async () => {
  await emulator.close();
});

const jobs = `/servicePrincipals/${SP}/synchronization/jobs`;

async function createStartedJob(templateId = 'scim'): Promise<string> {
  const created = await client.api(jobs).post({ templateId });
  assert.is(created.status.code, 'Paused');
  await client.api(`${jobs}/${created.id}/start`).post({});
  return created.id as string;
}

/** The Graph client's error for a failed request (it rejects with a GraphError). */
async function failure(request: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await request;
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error('the request succeeded');
}

test('create, start, and watch NotRun become Active as the clock moves', async () => {
  const created = await client.api(jobs).post({ templateId: 'scim' });
  assert.is(created.schedule.state, 'Disabled');
  assert.match(created['@odata.context'], /\/jobs\/\$entity$/);
  const started = await client.api(`${jobs}/${created.id}/start`).post({});
  assert.not.ok(started, 'start answers 204 with no body');
  let job = await client.api(`${jobs}/${created.id}`).get();
  assert.is(job.schedule.state, 'Active');
  assert.is(job.status.code, 'NotRun');
  assert.equal(job.status.lastExecution, PLACEHOLDER_EXECUTION);
  await emulator.clock.advance('PT3M');
  job = await client.api(`${jobs}/${created.id}`).get();
  assert.is(job.status.code, 'Active');
  assert.is(job.status.lastExecution.timeBegan, START);
  assert.is(job.status.lastExecution.timeEnded, at(3));
  assert.is(job.status.lastExecution.state, 'Succeeded');
  assert.is(job.status.steadyStateFirstAchievedTime, at(3));
  // The client can $select, and the list shows the same job.
  const selected = await client.api(`${jobs}/${created.id}`).select('status').get();
  assert.equal(Object.keys(selected).filter((key) => !key.startsWith('@')), ['status']);
  const list = await client.api(jobs).get();
  assert.equal(list.value.map((item: { id: string }) => item.id), [created.id]);
});

test('pause stops cycles; start resumes; restart with criteria re-runs the initial cycle', async () => {
  const id = await createStartedJob();
  await emulator.clock.advance('PT3M');
  await client.api(`${jobs}/${id}/pause`).post({});
  let job = await client.api(`${jobs}/${id}`).get();
  assert.is(job.schedule.state, 'Paused');
  assert.is(job.status.code, 'Paused');
  await emulator.clock.advance('P1D');
  assert.equal((await client.api(`${jobs}/${id}`).get()).status, job.status, 'nothing ran while paused');

  await client.api(`${jobs}/${id}/start`).post({});
  await emulator.clock.advance('PT1M');
  job = await client.api(`${jobs}/${id}`).get();
  assert.is(job.status.code, 'Active');
  assert.is(job.status.lastExecution.timeBegan, at(24 * 60 + 3), 'resumed at once with an incremental cycle');
  assert.is(job.status.lastExecution.countImported, 0);

  await client.api(`${jobs}/${id}/restart`).post({ criteria: { resetScope: 'Watermark, Escrows, QuarantineState' } });
  job = await client.api(`${jobs}/${id}`).get();
  assert.is(job.schedule.state, 'Active');
  assert.is(job.status.code, 'NotRun');
  await emulator.clock.advance('PT3M');
  job = await client.api(`${jobs}/${id}`).get();
  assert.is(job.status.code, 'Active');
  assert.is(job.status.lastExecution.timeBegan, at(24 * 60 + 4));
  assert.is(job.status.lastExecution.countImported, 20, 'an initial cycle re-processes every entry');

  // A bad scope is the documented Graph error, thrown by the client.
  const error = await failure(client.api(`${jobs}/${id}/restart`).post({ criteria: { resetScope: 'Everything' } }));
  assert.is(error.statusCode, 400);
  assert.is(error.code, 'BadRequest');
  assert.match(error.message, /'Everything' is not a member of microsoft\.graph\.synchronizationJobRestartScope/);
});

test('quarantine is visible to the client; start lifts it; restart with QuarantineState too', async () => {
  const id = await createStartedJob('SfSandboxOutDelta');
  await emulator.jobs.plan(SP, id, [{ result: 'failed', error: SALESFORCE_ERROR, repeat: 2 }]);
  await emulator.clock.advance('PT3M');
  let job = await client.api(`${jobs}/${id}`).get();
  assert.is(job.status.code, 'Quarantine');
  assert.equal(job.status.quarantine, { currentBegan: at(3), nextAttempt: at(43), reason: 'EncounteredQuarantineException', seriesBegan: at(3), seriesCount: 0, error: SALESFORCE_ERROR });
  assert.is(job.status.countSuccessiveCompleteFailures, 1);
  await client.api(`${jobs}/${id}/start`).post({});
  job = await client.api(`${jobs}/${id}`).get();
  assert.is(job.status.quarantine, null);
  assert.is(job.status.code, 'NotRun', 'its initial cycle never completed');
  await emulator.clock.advance('PT3M'); // the second planned failure
  assert.is((await client.api(`${jobs}/${id}`).get()).status.code, 'Quarantine');
  await client.api(`${jobs}/${id}/restart`).post({ criteria: { resetScope: 'QuarantineState' } });
  await emulator.clock.advance('PT3M');
  job = await client.api(`${jobs}/${id}`).get();
  assert.is(job.status.code, 'Active');
  assert.is(job.status.quarantine, null);
  assert.is(job.status.countSuccessiveCompleteFailures, 0);
});

test('schema GET and PUT through the client; the next cycle is an initial one; PATCH fails as users report', async () => {
  const id = await createStartedJob('scim');
  await emulator.clock.advance('PT3M');
  const schema = await client.api(`${jobs}/${id}/schema`).get();
  assert.match(schema['@odata.context'], /\/schema\/\$entity$/);
  assert.is(schema.id, id);
  assert.ok(schema.directories.length >= 2);
  delete schema['@odata.context'];
  const mappings = schema.synchronizationRules[0].objectMappings[0].attributeMappings as { targetAttributeName: string }[];
  const kept = mappings.filter((mapping) => mapping.targetAttributeName !== 'displayName');
  assert.ok(kept.length < mappings.length, 'a mapping was removed');
  schema.synchronizationRules[0].objectMappings[0].attributeMappings = kept;
  const put = await client.api(`${jobs}/${id}/schema`).put(schema);
  assert.not.ok(put, 'PUT answers 204');
  const stored = await client.api(`${jobs}/${id}/schema`).get();
  assert.equal(stored.synchronizationRules[0].objectMappings[0].attributeMappings, kept);
  assert.match(stored.version, /^Date:2030-01-01T00:03:00\.0000000Z, ActivityId:/);
  // The cycle scheduled at 00:40 re-processes everything: an initial cycle, 00:40–00:43.
  await emulator.clock.advance('PT40M');
  const status = (await client.api(`${jobs}/${id}`).get()).status;
  assert.is(status.lastExecution.timeBegan, at(40));
  assert.is(status.lastExecution.timeEnded, at(43));
  assert.is(status.lastExecution.countImported, 20);

  // SDKs generate PATCH for the schema; the real service answers 404 UnknownError, and so does syncemu.
  const patch = await failure(client.api(`${jobs}/${id}/schema`).patch({ synchronizationRules: [] }));
  assert.is(patch.statusCode, 404);
  assert.is(patch.code, 'UnknownError');
  assert.match(patch.message, /No HTTP resource was found that matches the request URI 'https:\/\/syncfabric\.windowsazure\.com\/api\/servicePrincipals/);
  // An invalid PUT is a 400 the client throws.
  const invalid = await failure(client.api(`${jobs}/${id}/schema`).put({ directories: 'none' }));
  assert.is(invalid.statusCode, 400);
  assert.match(invalid.message, /The property 'directories' must be of type Collection\(microsoft\.graph\.directoryDefinition\)/);
  // DELETE resets it.
  await client.api(`${jobs}/${id}/schema`).delete();
  const reset = await client.api(`${jobs}/${id}/schema`).get();
  assert.ok(reset.synchronizationRules[0].objectMappings[0].attributeMappings.length > kept.length);
});

test('beta, provisionOnDemand and errors through the client', async () => {
  const id = await createStartedJob('scim');
  const schema = await client.api(`${jobs}/${id}/schema`).version('beta').get();
  assert.match(schema['@odata.context'], /\/beta\/\$metadata#/);
  const result = await client.api(`${jobs}/${id}/provisionOnDemand`).post({
    parameters: [{ ruleId: schema.synchronizationRules[0].id, subjects: [{ objectId: '9bb0f679-a883-4a6f-8260-35b491b8b8c8', objectTypeName: 'User' }] }],
  });
  assert.equal(JSON.parse(result.key), { result: 'Success', details: {} });
  assert.type(JSON.parse(result.value).provisioningSteps, 'object');
  const missing = await failure(client.api(`${jobs}/scim.unknown`).get());
  assert.is(missing.statusCode, 404);
  assert.is(missing.code, 'Request_ResourceNotFound');
  const validate = await failure(client.api(`${jobs}/validateCredentials`).post({ templateId: 'scim', credentials: [] }));
  assert.is(validate.statusCode, 400);
  assert.is(validate.code, 'CredentialValidationFailed');
  assert.match(validate.message, /lack BaseAddress, SecretToken/);
});

test.run();
