/**
 * A list page's body is built in pieces (docs/decisions/0008-list-bodies-in-pieces.md): through
 * `handle()` it is `chunks` (each under 60,000 characters) that join to `body`, and `bytes` is its
 * UTF-8; over HTTP the pieces leave as one response with an exact Content-Length, multi-byte text
 * included; a row longer than a piece is a piece of its own (and only such a row makes a piece
 * longer); small bodies are one piece; a reply reads like data (destructuring, JSON.stringify, inspect).
 */
import { request as httpRequest } from 'node:http';
import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Emulator, EmulatorResponse } from '@syncemu/core';
import { jobPath, jobsPath, newEmulator, SP } from './support/graph-harness.js';

const PIECE_LENGTH = 60_000;
/** Two-byte and four-byte UTF-8 (and UTF-16 surrogate pairs) in every job. */
const TEXT = 'Zürich 東京 🚀 ';

/** About `length` UTF-16 units of {@link TEXT}, never cut inside a surrogate pair. */
function note(length: number): string {
  let text = '';
  for (const character of TEXT.repeat(Math.ceil(length / TEXT.length) + 1)) {
    if (text.length + character.length > length) break;
    text += character;
  }
  return text;
}

async function seeded(count: number, settingLength: (i: number) => number): Promise<Emulator> {
  const emulator = newEmulator();
  await emulator.seed({
    servicePrincipals: [
      {
        id: SP,
        jobs: Array.from({ length: count }, (_, i) => ({
          id: `j${String(i).padStart(3, '0')}`,
          templateId: 'scim',
          synchronizationJobSettings: [{ name: 'Note', value: note(settingLength(i)) }],
        })),
      },
    ],
  });
  return emulator;
}

interface ListBody {
  value: { id: string; synchronizationJobSettings: { name: string; value: string }[] }[];
}

function assertPieces(response: EmulatorResponse): ListBody {
  const chunks = response.chunks!;
  assert.ok(chunks.length > 1, `${chunks.length} piece(s)`);
  for (const chunk of chunks) assert.ok(chunk.length <= PIECE_LENGTH, `a piece of ${chunk.length} characters`);
  assert.is(chunks.join(''), response.body);
  assert.ok(Buffer.from(response.bytes!).equals(Buffer.from(response.body!, 'utf8')), 'bytes are the UTF-8 of body');
  return JSON.parse(response.body!) as ListBody;
}

/** GET over node:http: status, headers and the raw bytes as they arrived. */
function httpGet(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(parts) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

test('a page of 100 jobs with multi-byte text: pieces under 60,000 characters that join to the body, over handle(), fetch() and HTTP', async () => {
  const emulator = await seeded(100, () => 2_000);
  try {
    const response = await emulator.handle({ method: 'GET', url: jobsPath() });
    assert.is(response.status, 200);
    const body = assertPieces(response);
    assert.equal(
      body.value.map((job) => job.id),
      Array.from({ length: 100 }, (_, i) => `j${String(i).padStart(3, '0')}`),
    );
    assert.ok(body.value.every((job) => job.synchronizationJobSettings.some((s) => s.name === 'Note' && s.value.startsWith(TEXT))));

    const fetched = await emulator.fetch(`https://graph.microsoft.com${jobsPath()}`);
    assert.equal(((await fetched.json()) as ListBody).value, body.value);

    const server = await emulator.listen();
    try {
      const got = await httpGet(`${server.url}${jobsPath()}`);
      assert.is(got.status, 200);
      assert.is(got.headers['transfer-encoding'], undefined, 'one body of known length, not chunked encoding');
      assert.is(got.headers['content-length'], String(got.bytes.byteLength));
      assert.ok(got.bytes.byteLength > got.bytes.toString('utf8').length, 'multi-byte text, counted in bytes');
      assert.equal((JSON.parse(got.bytes.toString('utf8')) as ListBody).value, body.value);
    } finally {
      await server.close();
    }
  } finally {
    await emulator.close();
  }
});

test('a row longer than a piece is a piece of its own, and the page around it is whole', async () => {
  const emulator = await seeded(5, (i) => (i === 2 ? 70_000 : 100));
  try {
    const response = await emulator.handle({ method: 'GET', url: jobsPath() });
    assert.is(response.status, 200);
    const chunks = response.chunks!;
    assert.ok(chunks.length >= 2, `${chunks.length} piece(s)`);
    assert.ok(chunks.some((chunk) => chunk.length > PIECE_LENGTH && chunk.includes('"id":"j002"') && !chunk.includes('"id":"j001"')), 'the long row alone');
    assert.is(chunks.join(''), response.body);
    const body = JSON.parse(response.body!) as ListBody;
    assert.equal(
      body.value.map((job) => job.id),
      ['j000', 'j001', 'j002', 'j003', 'j004'],
    );
    assert.is(body.value[2]!.synchronizationJobSettings.find((s) => s.name === 'Note')!.value, note(70_000));
  } finally {
    await emulator.close();
  }
});

test('a small body is one piece; a 204 has none', async () => {
  const emulator = await seeded(3, () => 10);
  try {
    const list = await emulator.handle({ method: 'GET', url: jobsPath() });
    assert.equal(list.chunks, [list.body]);
    const one = await emulator.handle({ method: 'GET', url: jobPath('j001') });
    assert.equal(one.chunks, [one.body]);
    assert.is((JSON.parse(one.body!) as { id: string }).id, 'j001');
    const deleted = await emulator.handle({ method: 'DELETE', url: jobPath('j001') });
    assert.is(deleted.status, 204);
    assert.is(deleted.body, undefined);
    assert.is(deleted.chunks, undefined);
    assert.is(deleted.bytes, undefined);
  } finally {
    await emulator.close();
  }
});

async function seedNote(emulator: Emulator, ids: readonly string[], noteLength: (i: number) => number): Promise<void> {
  await emulator.seed({
    servicePrincipals: [
      {
        id: SP,
        jobs: ids.map((id, i) => ({ id, templateId: 'scim', synchronizationJobSettings: [{ name: 'Note', value: 'x'.repeat(noteLength(i)) }] })),
      },
    ],
  });
}

test('a reply reads like data: destructuring, JSON.stringify and inspect show its body', async () => {
  const emulator = newEmulator();
  try {
    await seedNote(emulator, ['j1', 'j2'], () => 10);
    const response = await emulator.handle({ method: 'GET', url: jobsPath() });
    assert.is(response.status, 200);
    const { status, body, chunks } = response;
    assert.is(status, 200);
    assert.type(body, 'string');
    assert.equal(chunks, [body]);
    assert.equal(JSON.parse(JSON.stringify(response)), { status: 200, headers: response.headers, body });
    assert.ok(inspect(response).includes('"@odata.context"'), 'util.inspect shows the body');
  } finally {
    await emulator.close();
  }
});

test(`no list-body piece is longer than ${PIECE_LENGTH} characters unless it is one long row: the closing ]} may push the last piece over`, async () => {
  const emulator = newEmulator();
  try {
    // measure: one job with a 1,000-character note
    await seedNote(emulator, ['j1'], () => 1_000);
    const measured = (await emulator.handle({ method: 'GET', url: jobsPath() })).body!.length;
    // the same job with a note that makes the whole body head + row + "]}" exactly PIECE_LENGTH + 2
    const noteLength = 1_000 + (PIECE_LENGTH + 2 - measured);
    await seedNote(emulator, ['j1'], () => noteLength);
    const response = await emulator.handle({ method: 'GET', url: jobsPath() });
    assert.is(response.status, 200);
    assert.is(response.body!.length, PIECE_LENGTH + 2);
    const row = JSON.stringify(JSON.parse(response.body!).value[0]);
    assert.ok(row.length < PIECE_LENGTH, `the row (${row.length}) is shorter than a piece: it is not a long row of its own`);
    for (const chunk of response.chunks!) assert.ok(chunk.length <= PIECE_LENGTH, `a piece of ${chunk.length} characters`);
  } finally {
    await emulator.close();
  }
});

test.run();
