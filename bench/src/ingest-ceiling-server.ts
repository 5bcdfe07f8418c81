/**
 * The floor of HTTP ingest: a bare node:http server that reads each POST's JSON body, makes a job
 * row of it (an id, the template, a body of the size syncemu stores) and inserts it with one
 * prepared statement into a database of the product's schema (argv[2]), committed per request as
 * syncemu commits. No routing, no checks, no Graph payload: what a POST into SQLite costs here.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore } from '@syncemu/store';

const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const store = openStore(process.argv[2]!);
store.transaction(() => store.servicePrincipals.ensure(SP, new Date().toISOString()));
const padding = 'x'.repeat(700);
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const { templateId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { templateId: string };
    const id = `${templateId}.${randomUUID()}`;
    const body = JSON.stringify({ id, templateId, padding });
    store.jobs.insert(SP, { id, templateId, body });
    response.writeHead(201, { 'content-type': 'application/json', location: `/jobs/${id}` });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
server.keepAliveTimeout = 5000;
