/**
 * emulator.fetch() answers the common calls without making a Request (plainRequest): for every
 * call it takes, what it builds is what `new Request(input, init)` and toEmulatorRequest give, and
 * the emulator answers both alike; what it does not take (or what Request refuses) goes the
 * Request way, errors included.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejects } from 'node:assert/strict';
import { createEmulator } from '../src/index.js';
import { plainRequest, toEmulatorRequest } from '../src/server/fetch-adapter.js';
import type { EmulatorRequest } from '../src/http/types.js';

const SP = '5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716';
const BASE = `https://graph.microsoft.com/v1.0/servicePrincipals/${SP}/synchronization/jobs`;

/** A request as data, its body as text (Request gives bytes), its headers a lower-case record. */
function normal(request: EmulatorRequest): { method: string; url: string; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {};
  new Headers(request.headers as HeadersInit | undefined).forEach((value, key) => (headers[key] = value));
  const body = request.body === undefined || request.body === null ? '' : typeof request.body === 'string' ? request.body : Buffer.from(request.body as Uint8Array).toString('utf8');
  return { method: request.method, url: request.url, headers, body };
}

const TAKEN: [string | URL, RequestInit | undefined][] = [
  [BASE, undefined],
  [new URL(`${BASE}?$top=5&$filter=templateId eq 'scim'`), undefined],
  [`${BASE}/a b#frag`, {}],
  [BASE, { method: 'post', headers: { 'Content-Type': 'application/json' }, body: '{"templateId":"scim"}' }],
  [BASE, { method: 'POST', body: '{"templateId":"scim"}' }],
  [BASE, { method: 'PATCH', headers: new Headers({ 'content-type': 'application/json', 'X-A': '1' }), body: '{}' }],
  [BASE, { method: 'delete', headers: { Authorization: '  Bearer abc\t', 'client-request-id': 'c1' } }],
  [BASE, { method: 'GET', headers: { Accept: 'application/json' }, body: undefined }],
  [BASE, { method: 'POST', body: '' }],
];

test('what plainRequest takes, it builds as new Request + toEmulatorRequest do', async () => {
  for (const [input, init] of TAKEN) {
    const quick = plainRequest(input, init);
    assert.ok(quick, `taken: ${String(input)} ${JSON.stringify(init)}`);
    const viaRequest = await toEmulatorRequest(new Request(input, init));
    assert.ok(!('status' in viaRequest));
    assert.equal(normal(quick!), normal(viaRequest as EmulatorRequest), `${String(input)} ${JSON.stringify(init)}`);
  }
});

test('what it does not take goes the Request way: other bodies and inits, refused methods, credentials, relative URLs', () => {
  const refused: [Request | string | URL, RequestInit | undefined][] = [
    [new Request(BASE), undefined],
    [BASE, { body: new Uint8Array([123, 125]), method: 'POST' }],
    [BASE, { method: 'POST', body: new URLSearchParams('a=1') }],
    [BASE, { signal: AbortSignal.timeout(1000) }],
    [BASE, { headers: [['a', 'b']] }],
    [BASE, { headers: { 'bad name': 'x' } }],
    [BASE, { headers: { a: 'x\ny' } }],
    [BASE, { method: 'CONNECT' }],
    [BASE, { method: 'bad method' }],
    [BASE, { method: 'GET', body: 'x' }],
    ['https://user:secret@graph.microsoft.com/v1.0/', undefined],
    ['/v1.0/servicePrincipals', undefined],
  ];
  for (const [input, init] of refused) assert.is(plainRequest(input, init), undefined, `${String(input)} ${JSON.stringify(init)}`);
});

test('emulator.fetch answers alike by both ways, and still throws what Request throws', async () => {
  const emulator = createEmulator({ idSeed: 3 });
  const twin = createEmulator({ idSeed: 3 });
  try {
    for (const [input, init] of TAKEN.slice(3, 5)) {
      const quick = await emulator.fetch(input, init);
      const slow = await twin.fetch(new Request(input, init));
      assert.is(quick.status, slow.status);
      const strip = (text: string) => text.replace(/"(request-id|client-request-id|date)":"[^"]*"/g, '');
      assert.is(strip(await quick.text()), strip(await slow.text()));
    }
    const plain = await emulator.fetch(BASE, { method: 'POST', body: '{"templateId":"scim"}', headers: { 'Content-Type': 'text/plain' } });
    assert.is(plain.status, 415, 'a text body is refused as with a Request');
    const noType = await emulator.fetch(BASE, { method: 'POST', body: '{"templateId":"scim"}' });
    assert.is(noType.status, 415, 'a string body without a type is text/plain, as Request makes it');
    await rejects(() => emulator.fetch('/v1.0/relative'), TypeError);
    await rejects(() => emulator.fetch(BASE, { method: 'GET', body: 'x' }), TypeError);
  } finally {
    await emulator.close();
    await twin.close();
  }
});

test("fetch()'s Response reads as any Response: once, as text, JSON, bytes, a stream, a Blob; clones; bodyUsed", async () => {
  const emulator = createEmulator();
  try {
    const read = async () => {
      const response = await emulator.fetch(BASE);
      assert.ok(response instanceof Response);
      assert.is(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      return response;
    };
    const expected = await (await read()).text();
    assert.match(expected, /^\{"@odata\.context":"https:\/\/graph\.microsoft\.com\/v1\.0\/\$metadata#/);

    const once = await read();
    assert.is(once.bodyUsed, false);
    const copy = once.clone();
    assert.equal(await once.json(), JSON.parse(expected));
    assert.is(once.bodyUsed, true);
    await rejects(() => once.text(), { name: 'TypeError', message: 'Body is unusable: Body has already been read' });
    assert.throws(() => once.clone(), /already been consumed/);
    assert.is(await copy.text(), expected, 'a clone taken before the read keeps the body');
    assert.is((await once.body!.getReader().read()).done, true, 'the stream of a read body yields nothing');

    assert.is(new TextDecoder().decode(await (await read()).arrayBuffer()), expected);
    assert.is(new TextDecoder().decode(await (await read()).bytes()), expected);
    assert.is(await (await (await read()).blob()).text(), expected);

    const streamed = await read();
    const reader = streamed.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    assert.is(Buffer.concat(chunks).toString('utf8'), expected, 'the body as a stream');
    assert.is(streamed.bodyUsed, true);
    await rejects(() => streamed.text(), TypeError);

    const noContent = await emulator.fetch(`${BASE}/nope`, { method: 'DELETE' });
    assert.is(noContent.status, 404);
    assert.is((await noContent.json() as { error: { code: string } }).error.code, 'Request_ResourceNotFound');
  } finally {
    await emulator.close();
  }
});

test.run();
