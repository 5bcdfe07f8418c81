/**
 * The paging idiom of every Graph SDK, with the unmodified Graph JS client (3.0.7): `.top(n)` is the
 * page size, and PageIterator follows `@odata.nextLink` until the last page. In process through a
 * custom HTTP handler and through MSW, and over real HTTP behind a TLS-terminating proxy (the
 * client treats only https:// links as absolute, so a proxy that forwards `X-Forwarded-Proto`
 * must get links of its own origin back).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import graph from '@microsoft/microsoft-graph-client';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { Emulator } from '@syncemu/core';
import { internalErrors, newEmulator, SP } from './support/graph-harness.js';
import { startTlsProxy } from './support/tls-proxy.js';

const { Client, PageIterator } = graph;
type GraphClient = ReturnType<typeof Client.init>;

const JOBS = `/servicePrincipals/${SP}/synchronization/jobs`;
/** Seven jobs: an odd number, so the last page of two is short. */
const IDS = Array.from({ length: 7 }, (_, i) => `job-${i}`);
const SCIM = IDS.filter((_, i) => i % 2 === 0);

async function seeded(): Promise<Emulator> {
  const emulator = newEmulator();
  await emulator.seed({ servicePrincipals: [{ id: SP, jobs: IDS.map((id, i) => ({ id, templateId: i % 2 === 0 ? 'scim' : 'aws' })) }] });
  return emulator;
}

/** Every item PageIterator hands out, from the first page of `request`. */
async function iterate(client: GraphClient, first: unknown): Promise<{ ids: string[]; complete: boolean }> {
  const ids: string[] = [];
  const iterator = new PageIterator(client, first as never, (job: { id: string }) => {
    ids.push(job.id);
    return true;
  });
  await iterator.iterate();
  return { ids, complete: iterator.isComplete() };
}

test('custom HTTP handler: .top(2) + PageIterator sees all 7 jobs once, in 4 requests that each keep $top=2', async () => {
  const emulator = await seeded();
  const urls: string[] = [];
  try {
    const client = Client.initWithMiddleware({
      middleware: {
        execute: async (context) => {
          const url = typeof context.request === 'string' ? context.request : context.request.url;
          urls.push(url);
          context.response = await emulator.fetch(url, context.options);
        },
      },
    });
    const walked = await iterate(client, await client.api(JOBS).top(2).get());
    assert.equal(walked, { ids: IDS, complete: true });
    assert.is(urls.length, 4);
    assert.ok(urls.every((url) => url.startsWith(`https://graph.microsoft.com/v1.0${JOBS}?`) && /[?&]\$top=2(&|$)/.test(url)), urls.join('\n'));

    // $filter, $select and $count travel with every nextLink; the count is of all matches on every page
    const pages: { '@odata.count'?: number; value: unknown[] }[] = [];
    const counting = Client.initWithMiddleware({
      middleware: {
        execute: async (context) => {
          const url = typeof context.request === 'string' ? context.request : context.request.url;
          context.response = await emulator.fetch(url, context.options);
          pages.push((await context.response.clone().json()) as (typeof pages)[number]);
        },
      },
    });
    const first = await counting.api(JOBS).top(2).filter("templateId eq 'scim'").select(['id', 'status']).count(true).get();
    const filtered = await iterate(counting, first);
    assert.equal(filtered.ids, SCIM);
    assert.equal(
      pages.map((page) => [page['@odata.count'], page.value.length]),
      [
        [4, 2],
        [4, 2],
      ],
    );
    assert.ok(pages.every((page) => page.value.every((job) => Object.keys(job as object).join() === 'id,status')));
  } finally {
    await emulator.close();
  }
});

test('MSW: a handler for https://graph.microsoft.com/* that calls emulator.fetch; the default client walks every page', async () => {
  const emulator = await seeded();
  const seen: string[] = [];
  const server = setupServer(
    http.all('https://graph.microsoft.com/*', ({ request }) => {
      seen.push(`${request.method} ${new URL(request.url).search}`);
      return emulator.fetch(request);
    }),
    http.all('*', () => passthrough()),
  );
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const client = Client.init({ authProvider: (done) => done(null, 'fake-token') });
    const walked = await iterate(client, await client.api(JOBS).top(3).get());
    assert.equal(walked, { ids: IDS, complete: true });
    assert.is(seen.length, 3, seen.join('\n'));
    const beta = await iterate(client, await client.api(JOBS).version('beta').top(2).filter("templateId eq 'aws'").get());
    assert.equal(beta.ids, IDS.filter((_, i) => i % 2 === 1));
  } finally {
    server.close();
    await emulator.close();
  }
});

test('over HTTP behind a TLS proxy: the Graph client in its own process (NODE_EXTRA_CA_CERTS) walks .top(2) to the end', async () => {
  const emulator = await seeded();
  const listener = await emulator.listen({ port: 0 });
  const proxy = await startTlsProxy(listener.url);
  try {
    const script = fileURLToPath(new URL('./support/graph-client-walk.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script, proxy.url, SP, '2'], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: proxy.certPath },
      timeout: 30_000,
    });
    const walked = JSON.parse(stdout) as { ids: string[]; firstNextLink: string; count: number; complete: boolean };
    assert.equal(walked.ids, IDS);
    assert.ok(walked.complete);
    assert.is(walked.count, 7);
    // the link names the proxy's https origin, not the plain-HTTP listener behind it
    assert.ok(walked.firstNextLink.startsWith(`${proxy.url}/v1.0${JOBS}?`), walked.firstNextLink);
    assert.is(proxy.requests.length, 4, proxy.requests.join('\n'));
    assert.ok(proxy.requests.every((line) => /[?&]\$top=2(&|$)/.test(line)), proxy.requests.join('\n'));
  } finally {
    await proxy.close();
    await listener.close();
    await emulator.close();
  }
});

test('no request caused an internal error', () => {
  assert.equal(internalErrors, []);
});

test.run();
