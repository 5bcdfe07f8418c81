/**
 * Run as a child process, as a user's own script would run (`NODE_EXTRA_CA_CERTS` set to the
 * certificate that syncemu, or a proxy in front of it, serves): the unmodified Graph JS client
 * lists the jobs of a service principal `top` at a time and walks them with PageIterator.
 * Prints one JSON line: the ids seen in order, the first page's nextLink and count.
 *
 * node graph-client-walk.js BASE_URL SERVICE_PRINCIPAL_ID TOP [TOKEN]
 */
import graph from '@microsoft/microsoft-graph-client';

const { Client, PageIterator } = graph;
const [baseUrl, servicePrincipalId, top, token = 'fake-token'] = process.argv.slice(2);
if (!baseUrl || !servicePrincipalId || !top) throw new Error('usage: graph-client-walk.js BASE_URL SERVICE_PRINCIPAL_ID TOP [TOKEN]');

// the client sends its token only to Graph's hosts and to these (host names, without the port)
const customHosts = new Set([new URL(baseUrl).hostname]);
const client = Client.init({ authProvider: (done) => done(null, token), baseUrl: `${baseUrl}/`, defaultVersion: 'v1.0', customHosts });
const first = (await client.api(`/servicePrincipals/${servicePrincipalId}/synchronization/jobs`).top(Number(top)).count(true).get()) as {
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
  value: unknown[];
};
const ids: string[] = [];
const iterator = new PageIterator(client, first, (job: { id: string }) => {
  ids.push(job.id);
  return true;
});
await iterator.iterate();
process.stdout.write(`${JSON.stringify({ ids, firstNextLink: first['@odata.nextLink'], count: first['@odata.count'], complete: iterator.isComplete() })}\n`);
