/**
 * The HTTP server holds at most MAX_BUFFERED_BODY_BYTES of request bodies at once (by declared
 * length): a body that does not fit waits unread, in arrival order; a request without a body never
 * waits; a client that leaves while waiting gives its share back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, type Socket } from 'node:net';
import { createEmulator } from '../src/index.js';
import { ByteBudget, MAX_BUFFERED_BODY_BYTES } from '../src/server/http-server.js';

const SP = '3c2b1a09-8f7e-4d6c-9b5a-493827161504';
const PATH = `/v1.0/servicePrincipals/${SP}/synchronization/jobs`;
const MiB = 1024 * 1024;

test('ByteBudget: takes what fits at once; the rest wait in arrival order, a large waiter ahead of small ones', async () => {
  const budget = new ByteBudget(10);
  assert.is(budget.take(6), undefined, 'fits: no wait');
  const order: string[] = [];
  const big = budget.take(8)!.then(() => order.push('big'));
  const small = budget.take(1)!.then(() => order.push('small'));
  assert.is(budget.queued, 2, 'the small one fits, but waits behind the big one');
  budget.give(6);
  await Promise.all([big, small]);
  assert.equal(order, ['big', 'small']);
  assert.is(budget.inUse, 9);
  budget.give(8);
  budget.give(1);
  assert.is(budget.inUse, 0);
  assert.is(budget.queued, 0);
});

/** A raw POST: headers (declaring `declared` bytes) and the first `send` bytes of its body; the status once answered. */
function rawPost(declared: number, body: string): { socket: Socket; status: Promise<number> } {
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => undefined);
  let received = '';
  socket.setEncoding('utf8');
  const status = new Promise<number>((resolve) => {
    socket.on('data', (chunk: string) => {
      received += chunk;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) resolve(Number(match[1]));
    });
    socket.on('close', () => resolve(0));
  });
  socket.write(`POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${body}`);
  return { socket, status };
}

const emulator = createEmulator({ clock: 'manual' });
const server = await emulator.listen({ port: 0 });
test.after(() => emulator.close());

const settles = <T>(promise: Promise<T>, ms: number) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

test('uploads past the budget wait unread; a GET does not; clients that leave give their share back', async () => {
  const holders = MAX_BUFFERED_BODY_BYTES / MiB;
  // each declares 1 MiB and sends one byte: together they hold the whole budget
  const slow = Array.from({ length: holders }, () => rawPost(MiB, '{'));
  try {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const body = '{"templateId":"scim"}';
    const waiting = rawPost(body.length, body);
    assert.is(await settles(waiting.status, 500), false, 'a small upload waits while the budget is held');
    const started = Date.now();
    const listed = await fetch(`${server.url}${PATH}?$top=1`, { signal: AbortSignal.timeout(5000) });
    assert.is(listed.status, 200);
    assert.ok(Date.now() - started < 1000, `a GET waited ${Date.now() - started} ms`);
    // three clients give up: their share goes back, and the waiting upload is read and answered
    slow.slice(0, 3).forEach((client) => client.socket.destroy());
    assert.is(await settles(waiting.status, 3000), true, 'answered once the budget had room');
    assert.is(await waiting.status, 201);
    waiting.socket.destroy();
  } finally {
    slow.forEach((client) => client.socket.destroy());
  }
  // the budget is whole again: a 1 MiB body (not JSON) is read and refused at once
  await new Promise((resolve) => setTimeout(resolve, 200));
  const big = rawPost(MiB, 'x'.repeat(MiB));
  assert.is(await settles(big.status, 3000), true);
  assert.is(await big.status, 400);
  big.socket.destroy();
});

test.run();
