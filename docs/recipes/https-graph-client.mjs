// Recipe: the unmodified Graph JS client against `syncemu serve --https --require-auth`. The client
// treats only https:// links as absolute and sends its token only to https URLs of Graph's hosts or
// of the `customHosts` it is given (host names, no port), so syncemu serves TLS with its own
// certificate for localhost; trust it with NODE_EXTRA_CA_CERTS (Node reads it at start).
//
//   npx syncemu serve --https --require-auth --db :memory: --port 5556 &
//   NODE_EXTRA_CA_CERTS=<the path printed as "syncemu certificate: …"> node https-graph-client.mjs https://127.0.0.1:5556
//
// (CI runs it as it is: scripts/check-packages.mjs.)
import graph from '@microsoft/microsoft-graph-client';
import { testToken } from '@syncemu/core/testing';

const [base = 'https://127.0.0.1:5556'] = process.argv.slice(2);
const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const JOBS = `/servicePrincipals/${SP}/synchronization/jobs`;

const customHosts = new Set([new URL(base).hostname]);
const client = graph.Client.init({ baseUrl: `${base}/`, customHosts, authProvider: (done) => done(null, testToken()) });
for (let i = 0; i < 5; i++) await client.api(JOBS).post({ templateId: 'scim' });
const seen = [];
const first = await client.api(JOBS).top(2).get();
await new graph.PageIterator(client, first, (job) => {
  seen.push(job.id);
  return true;
}).iterate();
if (new Set(seen).size !== 5) throw new Error(`walked ${seen.length} jobs, expected 5`);

/** The GraphError a request is refused with. */
async function refusal(request) {
  try {
    await request;
  } catch (error) {
    if (error instanceof graph.GraphError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

// without the write scope, a write is a 403, which the client throws as a GraphError
const reader = graph.Client.init({ baseUrl: `${base}/`, customHosts, authProvider: (done) => done(null, testToken({ scopes: ['Synchronization.Read.All'] })) });
const forbidden = await refusal(reader.api(JOBS).post({ templateId: 'scim' }));
if (forbidden.statusCode !== 403 || forbidden.code !== 'Authorization_RequestDenied') throw new Error(`expected a 403, got ${forbidden.statusCode} ${forbidden.code}`);
// a client not told that this host is a Graph host sends no token at all: 401
const untold = graph.Client.init({ baseUrl: `${base}/`, authProvider: (done) => done(null, testToken()) });
const unauthorized = await refusal(untold.api(JOBS).get());
if (unauthorized.statusCode !== 401 || unauthorized.code !== 'InvalidAuthenticationToken') throw new Error(`expected a 401, got ${unauthorized.statusCode} ${unauthorized.code}`);
console.log(`https: ${seen.length} jobs in pages of 2, a 403 for a read-only token, a 401 without one`);
