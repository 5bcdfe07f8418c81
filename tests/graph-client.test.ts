/**
 * The real `@microsoft/microsoft-graph-client` (3.0.7) against syncemu, unchanged: over a real
 * HTTP listener, and in process with `emulator.fetch` as the client's last middleware.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import graph from '@microsoft/microsoft-graph-client';
import type { Emulator } from '@syncemu/core';
import {
  collectionContext,
  entityContext,
  internalErrors,
  jobIdPattern,
  newEmulator,
  newJobSchedule,
  newJobStatus,
  SP,
} from './support/graph-harness.js';

const { Client, GraphError, PageIterator } = graph;
type GraphClient = ReturnType<typeof Client.init>;

interface Job {
  '@odata.context'?: string;
  id: string;
  templateId: string;
  schedule: { expiration: string | null; interval: string; state: string };
  status: Record<string, unknown>;
  synchronizationJobSettings: { name: string; value: string | null }[];
}

const JOBS = `/servicePrincipals/${SP}/synchronization/jobs`;

/** A client whose requests end in `emulator.fetch` (no socket): what an in-process test would do. */
function inProcessClient(emulator: Emulator): GraphClient {
  return Client.initWithMiddleware({
    defaultVersion: 'v1.0',
    middleware: {
      execute: async (context) => {
        const init = context.options ?? {};
        context.response = await emulator.fetch(typeof context.request === 'string' ? context.request : context.request.url, {
          ...init,
          headers: { ...(init.headers as Record<string, string> | undefined), Authorization: 'Bearer fake-token' },
        });
      },
    },
  });
}

/** Create, list with $filter and $select, get, patch, delete, and the 404 as a GraphError. */
async function crudScenario(client: GraphClient, origin: string): Promise<void> {
  const created = (await client.api(JOBS).post({ templateId: 'scim' })) as Job;
  assert.match(created.id, jobIdPattern('scim'));
  assert.equal(created, {
    '@odata.context': entityContext(origin, 'v1.0'),
    id: created.id,
    templateId: 'scim',
    schedule: newJobSchedule(),
    status: newJobStatus(),
    synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
  });
  const other = (await client.api(JOBS).version('beta').post({ templateId: 'aws', schedule: { interval: 'PT1H' } })) as Job;
  assert.is(other['@odata.context'], entityContext(origin, 'beta'));
  assert.is(other.schedule.interval, 'PT1H');

  const list = (await client.api(JOBS).filter("templateId eq 'scim'").select(['id', 'templateId']).get()) as { '@odata.context': string; value: unknown[] };
  assert.equal(list, { '@odata.context': collectionContext(origin, 'v1.0', SP, 'id,templateId'), value: [{ id: created.id, templateId: 'scim' }] });
  const nested = (await client.api(JOBS).filter("status/code eq 'Paused' and schedule/interval ge duration'PT45M'").select('id').count(true).get()) as {
    '@odata.count': number;
    value: unknown[];
  };
  assert.is(nested['@odata.count'], 1);
  assert.equal(nested.value, [{ id: other.id }]);

  const one = `${JOBS}/${created.id}`;
  const got = (await client.api(one).get()) as Job;
  assert.equal(got, created);
  const selected = (await client.api(one).select(['id', 'status']).get()) as Job;
  assert.equal(selected, { '@odata.context': entityContext(origin, 'v1.0', SP, 'id,status'), id: created.id, status: newJobStatus() });

  const patched: unknown = await client.api(one).patch({
    schedule: { interval: 'PT20M' },
    synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '100' }],
  });
  assert.is(patched, undefined);
  const after = (await client.api(one).get()) as Job;
  assert.equal(after.schedule, { expiration: null, interval: 'PT20M', state: 'Disabled' });
  assert.equal(after.synchronizationJobSettings, [{ name: 'QuarantineTooManyDeletesThreshold', value: '100' }]);

  const deleted: unknown = await client.api(one).delete();
  assert.is(deleted, undefined);
  const error = await rejection(client.api(one).get());
  assert.instance(error, GraphError);
  const graphError = error as InstanceType<typeof GraphError>;
  assert.is(graphError.statusCode, 404);
  assert.is(graphError.code, 'Request_ResourceNotFound');
  assert.is(graphError.message, `Resource '${created.id}' does not exist or one of its queried reference-property objects are not present.`);
  assert.is(graphError.requestId, graphError.headers?.get('request-id'));
  assert.match(graphError.requestId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.ok(graphError.date instanceof Date && !Number.isNaN(graphError.date.getTime()), 'GraphError.date is a date');

  // A 400 surfaces the same way, with the message that names the problem.
  const bad = (await rejection(client.api(JOBS).filter('status/nope eq 1').get())) as InstanceType<typeof GraphError>;
  assert.instance(bad, GraphError);
  assert.is(bad.statusCode, 400);
  assert.is(bad.code, 'BadRequest');
  assert.is(bad.message, "Could not find a property named 'nope' on type 'microsoft.graph.synchronizationStatus'.");

  const remaining = (await client.api(JOBS).select('id').get()) as { value: unknown[] };
  assert.equal(remaining.value, [{ id: other.id }]);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.unreachable('the request should have been rejected');
  return undefined;
}

test('Graph client over HTTP: create, list with $filter/$select, get, patch, delete, 404 as GraphError', async () => {
  const emulator = newEmulator();
  const server = await emulator.listen({ port: 0 });
  try {
    const client = Client.init({ authProvider: (done) => done(null, 'fake-token'), baseUrl: `${server.url}/`, defaultVersion: 'v1.0' });
    await crudScenario(client, server.url);
  } finally {
    await server.close();
    await emulator.close();
  }
});

test('Graph client in process (emulator.fetch as middleware): the same scenario', async () => {
  const emulator = newEmulator();
  try {
    await crudScenario(inProcessClient(emulator), 'https://graph.microsoft.com');
  } finally {
    await emulator.close();
  }
});

test("Graph client's PageIterator follows syncemu's nextLinks through every job once", async () => {
  const emulator = newEmulator();
  try {
    const ids = Array.from({ length: 23 }, (_, i) => `job-${String(i).padStart(2, '0')}`);
    await emulator.seed({ servicePrincipals: [{ id: SP, jobs: ids.map((id) => ({ id, templateId: i(id) % 2 ? 'aws' : 'scim' })) }] });
    const client = inProcessClient(emulator);
    const first = await client.api(JOBS).header('Prefer', 'odata.maxpagesize=5').filter("templateId eq 'scim'").select('id').get();
    const seen: string[] = [];
    const iterator = new PageIterator(client, first, (job: { id: string }) => {
      seen.push(job.id);
      return true;
    }, { headers: { Prefer: 'odata.maxpagesize=5' } });
    await iterator.iterate();
    assert.equal(
      seen,
      ids.filter((id) => i(id) % 2 === 0),
    );
    assert.ok(iterator.isComplete());
  } finally {
    await emulator.close();
  }
});

function i(id: string): number {
  return Number(id.slice(4));
}

test('no request caused an internal error', () => {
  assert.equal(internalErrors, []);
});

test.run();
