import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { createEmulator, type Emulator, type RunningServer } from '@syncemu/core';

const SP = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const PATH = `/v1.0/servicePrincipals/${SP}/synchronization/jobs`;
const MiB = 1024 * 1024;

let emulator: Emulator;
let server: RunningServer;

test.before(async () => {
  emulator = createEmulator({ clock: 'manual', idSeed: 4 });
  server = await emulator.listen({ port: 0 });
  const res = await fetch(`${server.url}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"templateId":"scim"}' });
  assert.is(res.status, 201);
});
test.after(() => emulator.close());

interface RawResult {
  /** The status line and headers, then the body, as received. */
  readonly head: string;
  readonly body: string;
  /** Milliseconds from the first byte sent to the first byte of the answer. */
  readonly answeredAfterMs: number;
  /** Body bytes the client had handed to its socket when the answer came. */
  readonly sentWhenAnswered: number;
  /** Body bytes the client handed to its socket in all (the server closed it before the rest). */
  readonly sentInAll: number;
}

/**
 * Uploads `total` bytes to the server on a raw socket (declared length or chunked), as fast as the
 * socket takes them, and stops when the server answers and closes.
 */
function upload(total: number, framing: 'length' | 'chunked' | 'declared-only', extraHeaders = ''): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const started = Date.now();
    let sent = 0;
    let answeredAfterMs = -1;
    let sentWhenAnswered = -1;
    let received = '';
    const finish = () => {
      const split = received.indexOf('\r\n\r\n');
      // the JSON of the body, whatever its framing (length or chunks)
      const body = received.slice(split + 4);
      resolve({ head: received.slice(0, split), body: body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1), answeredAfterMs, sentWhenAnswered, sentInAll: sent });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (answeredAfterMs < 0) {
        answeredAfterMs = Date.now() - started;
        sentWhenAnswered = sent;
      }
      received += chunk;
    });
    socket.on('error', () => undefined); // EPIPE/ECONNRESET: the server stopped reading, as it should
    socket.on('close', () => (answeredAfterMs < 0 ? reject(new Error(`closed without an answer after ${sent} bytes`)) : finish()));
    const framingHeader = framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`;
    socket.write(`POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extraHeaders}${framingHeader}\r\n\r\n`);
    if (framing === 'declared-only') return;
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < total && !socket.destroyed && answeredAfterMs < 0) {
        const data = framing === 'chunked' ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
        sent += piece.length;
        if (!socket.write(data)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

function assertGraph413(result: RawResult): void {
  assert.match(result.head, /^HTTP\/1\.1 413 /);
  assert.match(result.head, /\r\nconnection: close/i);
  const error = JSON.parse(result.body).error;
  assert.is(error.code, 'RequestEntityTooLarge');
  assert.match(error.message, /1048576 bytes/);
}

async function healthy(): Promise<void> {
  const res = await fetch(`${server.url}${PATH}?$count=true`);
  assert.is(res.status, 200);
  assert.ok(((await res.json()) as { '@odata.count': number })['@odata.count'] >= 1);
}

test('a body declared over 1 MiB gets 413 before a byte of it is sent', async () => {
  const result = await upload(8 * MiB, 'declared-only', 'client-request-id: big-upload\r\n');
  assertGraph413(result);
  assert.is(result.sentInAll, 0);
  assert.match(result.head, /\r\nclient-request-id: big-upload\r\n/i);
  await healthy();
});

test('a 64 MiB upload (declared length) gets its 413 promptly, and the server stops reading it', async () => {
  const result = await upload(64 * MiB, 'length');
  assertGraph413(result);
  assert.ok(result.answeredAfterMs < 2000, `answered after ${result.answeredAfterMs} ms`);
  // The client could hand the kernel a few MiB more before the server closed; never the whole upload.
  assert.ok(result.sentInAll < 32 * MiB, `the server read on: ${result.sentInAll} bytes went out`);
  await healthy();
});

test('a 64 MiB chunked upload (no length) gets 413 once 1 MiB has arrived, and is cut off', async () => {
  const result = await upload(64 * MiB, 'chunked');
  assertGraph413(result);
  assert.ok(result.answeredAfterMs < 2000, `answered after ${result.answeredAfterMs} ms`);
  assert.ok(result.sentWhenAnswered >= MiB, 'answered before the limit was reached');
  assert.ok(result.sentInAll < 32 * MiB, `the server read on: ${result.sentInAll} bytes went out`);
  await healthy();
});

test('a body of exactly 1 MiB is read and answered on its merits; 1 MiB + 1 byte is 413', async () => {
  const exact = `{"templateId":"${'x'.repeat(MiB - 17)}"}`;
  assert.is(Buffer.byteLength(exact), MiB);
  const ok = await fetch(`${server.url}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: exact });
  assert.is(ok.status, 400);
  assert.match(((await ok.json()) as { error: { message: string } }).error.message, /is not offered/);
  const over = await fetch(`${server.url}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `${exact} ` });
  assert.is(over.status, 413);
  // in process too: emulator.fetch and emulator.handle
  const inProcess = await emulator.fetch(`https://graph.microsoft.com${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `${exact} ` });
  assert.is(inProcess.status, 413);
  const handled = await emulator.handle({ method: 'POST', url: PATH, headers: { 'content-type': 'application/json' }, body: `${exact} ` });
  assert.is(handled.status, 413);
  await healthy();
});

test('a URL (path and query) over 16 KiB gets 414 (over HTTP and in process); one of exactly 16 KiB does not', async () => {
  // %27, not ': fetch's URL parser would encode a quote in the query and lengthen it
  const start = `${PATH}?$filter=id%20eq%20%27`;
  const under = `${start}${'a'.repeat(16 * 1024 - start.length - 3)}%27`;
  assert.is(Buffer.byteLength(under), 16 * 1024);
  const okRes = await fetch(`${server.url}${under}`);
  assert.is(okRes.status, 200);
  const over = `${under.slice(0, -3)}a%27`;
  const res = await fetch(`${server.url}${over}`);
  assert.is(res.status, 414);
  const error = ((await res.json()) as { error: { code: string; message: string } }).error;
  assert.is(error.code, 'RequestUriTooLong');
  assert.match(error.message, /16384 bytes/);
  assert.is((await emulator.handle({ method: 'GET', url: over })).status, 414);
  assert.is((await emulator.handle({ method: 'GET', url: `/${'x'.repeat(40_000)}` })).status, 414);
  await healthy();
});

test('regression: the 16 KiB limit counts the path and query, not the origin (an exact 16 KiB request over HTTP got 414)', async () => {
  const start = `${PATH}?$select=id&$filter=id%20ne%20%27`;
  const exact = `${start}${'b'.repeat(16 * 1024 - start.length - 3)}%27`;
  assert.is(Buffer.byteLength(exact), 16 * 1024);
  assert.is((await fetch(`${server.url}${exact}`)).status, 200);
  assert.is((await emulator.handle({ method: 'GET', url: `https://graph.microsoft.com${exact}` })).status, 200);
  assert.is((await emulator.handle({ method: 'GET', url: exact, headers: { host: 'h'.repeat(500) } })).status, 200);
  assert.is((await emulator.handle({ method: 'GET', url: `https://graph.microsoft.com${exact}x` })).status, 414);
});

/** Sends raw bytes on a new socket and returns everything the server answers before it closes. */
function raw(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.write(text);
  });
}

test("regression: bytes Node's HTTP parser refuses get a Graph-shaped 400, headers over 64 KiB a Graph-shaped 431 (Node answered bare)", async () => {
  for (const [text, status, code] of [
    ['HELLO\r\n\r\n', 400, 'BadRequest'],
    [`GET ${PATH}?$filter=id eq 'x' HTTP/1.1\r\nHost: x\r\n\r\n`, 400, 'BadRequest'], // a raw space in the URL
    [`GET ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`, 400, 'BadRequest'],
    [`GET ${PATH}?$filter=${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'RequestHeaderFieldsTooLarge'],
    [`GET ${PATH} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, 431, 'RequestHeaderFieldsTooLarge'],
  ] as const) {
    const answer = await raw(text);
    assert.match(answer, new RegExp(`^HTTP/1\\.1 ${status} `), text.slice(0, 40));
    assert.match(answer, /\r\nConnection: close\r\n/);
    const error = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error;
    assert.is(error.code, code);
    assert.match(error.innerError['request-id'], /^[0-9a-f-]{36}$/);
  }
  await healthy();
});

test('regression: CONNECT is answered like any other request (Node dropped the socket), echoing a latin1 client-request-id byte for byte', async () => {
  const answer = await raw(`CONNECT ${PATH} HTTP/1.1\r\nHost: x\r\nclient-request-id: caf\xe9\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 405 /);
  assert.match(answer, /\r\nAllow: GET, POST\r\n/);
  assert.match(answer, /\r\nclient-request-id: caf\xe9\r\n/);
  assert.is(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code, 'Request_BadRequest');
  const authority = await raw('CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: graph.microsoft.com:443\r\n\r\n');
  assert.match(authority, /^HTTP\/1\.1 400 /);
  assert.type(JSON.parse(authority.slice(authority.indexOf('\r\n\r\n') + 4)).error.message, 'string');
});

test('regression: a CONNECT that goes on sending a body is answered and let go; close() no longer waits for it forever', async () => {
  // Node hands a CONNECT over as a bare socket; unread, the client's body stalled it half-open and close() never returned.
  const own = createEmulator();
  const ownServer = await own.listen({ port: 0 });
  const socket = connect(ownServer.port, '127.0.0.1');
  socket.on('error', () => undefined);
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (answer += chunk));
  const closedByServer = new Promise((resolve) => socket.on('close', resolve));
  socket.end(Buffer.concat([Buffer.from(`CONNECT ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * MiB}\r\n\r\n`), Buffer.alloc(2 * MiB, 0x20)]));
  try {
    const outcome = await Promise.race([closedByServer.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open after 1.5 s'), 1500))]);
    assert.is(outcome, 'closed');
    assert.match(answer, /^HTTP\/1\.1 405 /);
    const closed = await Promise.race([own.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('close() still pending after 1 s'), 1000))]);
    assert.is(closed, 'closed');
  } finally {
    socket.destroy();
  }
});

test("regression: an Expect other than 100-continue gets a Graph-shaped 417 (Node answered bare); 100-continue is honoured", async () => {
  const refused = await raw(`GET ${PATH} HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n`);
  assert.match(refused, /^HTTP\/1\.1 417 /);
  assert.is(JSON.parse(refused.slice(refused.indexOf('{'), refused.lastIndexOf('}') + 1)).error.code, 'ExpectationFailed');
  const body = '{"templateId":"aws"}';
  const continued = await raw(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  assert.match(continued, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
});

test('regression: an HTTP/1.1 request without a Host header is served (Node answered a bare 400)', async () => {
  const answer = await raw(`GET ${PATH}?$select=id HTTP/1.1\r\nConnection: close\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 200 /);
  assert.match(answer, /"@odata\.context":"http:\/\/localhost\/v1\.0\/\$metadata#/);
});

const parens = (n: number, inner: string) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;

test('$filter: 100 levels deep is answered, 101 is 400; 1,000 nodes are answered, 1,001 are 400', async () => {
  const get = async (filter: string, count = false) => {
    const res = await fetch(`${server.url}${PATH}${count ? '/$count' : ''}?$filter=${encodeURIComponent(filter)}`);
    return { status: res.status, text: await res.text() };
  };
  assert.is((await get(parens(100, "id ne 'x'"))).status, 200);
  for (const deep of [parens(101, "id ne 'x'"), `${'not '.repeat(101)}startswith(id,'s')`, parens(5000, 'true'), `${'-'.repeat(101)}status/countSuccessiveCompleteFailures eq 1`]) {
    for (const count of [false, true]) {
      const res = await get(deep, count);
      assert.is(res.status, 400, deep.slice(0, 30));
      assert.match(JSON.parse(res.text).error.message, /nested more than 100 levels deep/);
    }
  }
  // `templateId in (...)`: the path, n items and the in node
  const inList = (n: number) => `templateId in (${Array.from({ length: n }, (_, i) => `'${i}'`).join(',')})`;
  assert.is((await get(inList(998))).status, 200);
  const tooMany = await get(inList(999));
  assert.is(tooMany.status, 400);
  assert.match(JSON.parse(tooMany.text).error.message, /more than 1000 nodes/);
  const orChain = await get(Array.from({ length: 400 }, (_, i) => `id eq '${i}'`).join(' or '));
  assert.is(orChain.status, 400);
  assert.match(JSON.parse(orChain.text).error.message, /more than 1000 nodes/);
  await healthy();
});

test('regression: an in list of 998 items (within the node limit) is answered, not 500 (SQLite read the flat or chain 998 levels deep)', async () => {
  for (const [path, item] of [['templateId', (i: number) => `'${i}'`], ['status/code', () => "'Active'"], ['schedule/interval', () => "duration'PT1M'"]] as const) {
    const filter = `${path} in (${Array.from({ length: path === 'schedule/interval' ? 700 : 998 }, (_, i) => item(i)).join(',')})`;
    const res = await fetch(`${server.url}${PATH}?$filter=${filter.replaceAll(' ', '%20')}&$count=true`);
    assert.is(res.status, 200, `${path}: ${await res.clone().text()}`);
    const count = await fetch(`${server.url}${PATH}/$count?$filter=${filter.replaceAll(' ', '%20')}`);
    assert.is(count.status, 200);
  }
  const scim = await fetch(`${server.url}${PATH}/$count?$filter=${encodeURIComponent(`templateId in (${Array.from({ length: 997 }, (_, i) => `'${i}'`).join(',')},'scim')`)}`);
  assert.is(await scim.text(), await (await fetch(`${server.url}${PATH}/$count?$filter=${encodeURIComponent("templateId eq 'scim'")}`)).text());
});

test('regression: a chain of 498 divby is answered, not 500 (each link nested two SQL levels)', async () => {
  for (const op of ['divby', 'div', 'mod', 'add', 'sub', 'mul']) {
    const filter = `status/countSuccessiveCompleteFailures ${Array.from({ length: 498 }, () => `${op} 3`).join(' ')} ge 0`;
    const res = await fetch(`${server.url}${PATH}/$count?$filter=${encodeURIComponent(filter)}`);
    assert.is(res.status, 200, `${op}: ${await res.text()}`);
  }
  const exact = await fetch(`${server.url}${PATH}/$count?$filter=${encodeURIComponent('7 divby 2 eq 3.5 and status/countSuccessiveCompleteFailures add 7 divby 2 eq 3.5')}`);
  assert.is(await exact.text(), await (await fetch(`${server.url}${PATH}/$count`)).text());
});

test('regression: a query SQLite refuses as too deep is a Graph 400, not a 500', async () => {
  // 60 nested lambdas are within the $filter limits (depth 100) but each nests a subquery: SQLite refuses the SQL.
  const lambdas = `${'synchronizationJobSettings/any(s:'.repeat(60)}s/name eq 'x'${')'.repeat(60)}`;
  for (const suffix of ['', '/$count']) {
    const res = await fetch(`${server.url}${PATH}${suffix}?$filter=${encodeURIComponent(lambdas)}`);
    assert.is(res.status, 400);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    assert.is(error.code, 'BadRequest');
    assert.match(error.message, /too complex/);
  }
  const { parseListQuery } = await import('@syncemu/odata');
  // Within the $filter limits nothing reaches SQLite's depth of 1,000 any more; build a deeper
  // checked tree by hand to show what the store answers if one ever did.
  const query = parseListQuery(`$filter=${encodeURIComponent('status/countSuccessiveCompleteFailures add 1 gt 0')}`);
  type Expr = { kind: string; operator?: string; left?: Expr; right?: Expr };
  const comparison = query.filter as unknown as Expr;
  let left = comparison.left!;
  for (let i = 0; i < 1500; i++) left = { ...comparison.left!, left };
  const deep = { ...query, filter: { ...comparison, left } } as unknown as typeof query;
  const { QueryTooComplexError } = await import('@syncemu/store');
  try {
    emulator.store.jobs.listPage(SP, deep, { pageSize: 10, ordering: '', context: { now: new Date().toISOString() } });
    assert.unreachable('SQLite compiled a 1,500-level expression');
  } catch (error) {
    assert.instance(error, QueryTooComplexError);
    assert.match((error as Error).message, /too complex/);
  }
});

/** Sends `n` GETs at once; `agent` decides whether they share keep-alive sockets. */
function burst(n: number, agent: Agent | false): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: n },
      (_, i) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${server.url}${PATH}?$top=1&$select=id&n=${i}`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        }),
    ),
  );
}

test('300 requests at once on 300 sockets are all answered (more than 100 in flight queue, none dropped)', async () => {
  const statuses = await burst(300, false);
  assert.is(statuses.length, 300);
  assert.ok(statuses.every((status) => status === 200), `statuses: ${[...new Set(statuses)]}`);
});

test('300 requests at once over a keep-alive agent are all answered', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 150 });
  try {
    const statuses = await burst(300, agent);
    assert.ok(statuses.every((status) => status === 200), `statuses: ${[...new Set(statuses)]}`);
  } finally {
    agent.destroy();
  }
});

/** Opens a socket and sends a POST's headers and the first byte of its body; the rest comes when `finish` is called. */
function slowPost(): { finish: () => Promise<number>; destroy: () => void } {
  const body = '{"templateId":"scim"}';
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => undefined);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.write(`POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body[0]}`);
  return {
    finish: () =>
      new Promise<number>((resolve) => {
        socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0)));
        socket.end(body.slice(1));
      }),
    destroy: () => socket.destroy(),
  };
}

test('regression: 150 clients that hold their bodies back do not take the in-flight places (the gate waited for bodies)', async () => {
  const slow = Array.from({ length: 150 }, () => slowPost());
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const res = await fetch(`${server.url}${PATH}?$top=1`, { signal: AbortSignal.timeout(5000) });
    assert.is(res.status, 200);
    assert.ok(Date.now() - started < 2000, `a GET waited ${Date.now() - started} ms behind slow uploads`);
    // Then all 150 bodies arrive at once: 150 requests in flight, more than the gate's 100; all are answered.
    const statuses = await Promise.all(slow.map((client) => client.finish()));
    assert.ok(statuses.every((status) => status === 201), `statuses: ${[...new Set(statuses)]}`);
  } finally {
    slow.forEach((client) => client.destroy());
  }
  await healthy();
});

test.run();
