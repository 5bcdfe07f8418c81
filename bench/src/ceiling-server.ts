/**
 * The ceiling of the HTTP list comparison: a bare node:http server that answers every request
 * with the same stored rows (a JSON array of job texts, argv[2]) joined into one JSON text, built
 * anew per request as syncemu builds a page. No routing, no SQL, no headers beyond the content
 * type: no server that answers with a string body of this size can do more on this machine.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const rows = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
const server = createServer((request, response) => {
  request.resume();
  const pieces = ['{"value":['];
  rows.forEach((row, i) => pieces.push(i === 0 ? row : `,${row}`));
  pieces.push(']}');
  const body = pieces.join('');
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
server.keepAliveTimeout = 5000;
