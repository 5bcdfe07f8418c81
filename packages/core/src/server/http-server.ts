import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TlsCredentials } from './certificate.js';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { headerValue, MAX_BODY_BYTES, type EmulatorRequest, type EmulatorResponse } from '../http/types.js';
import { isHost } from '../routing/request-url.js';

export interface RunningServer {
  /** `http://127.0.0.1:5555` (`https://…` over TLS) */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Over TLS: the PEM of the certificate served (trust it with NODE_EXTRA_CA_CERTS). */
  readonly certificatePath?: string;
  close(): Promise<void>;
}

interface Handlers {
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  tooLarge(status: 413, clientRequestId?: string): Promise<EmulatorResponse>;
  /** The Graph error for bytes Node's HTTP parser refused before they became a request. */
  malformed?(status: MalformedStatus): EmulatorResponse;
}

/** 400: not HTTP/1.1; 408: too slow; 417: an `Expect` other than 100-continue; 431: request line and headers over {@link MAX_HEADER_BYTES}. */
export type MalformedStatus = 400 | 408 | 417 | 431;

/** At most this many requests are handled at once; the rest wait their turn (never dropped). */
export const MAX_IN_FLIGHT = 100;

/**
 * At most this many bytes of request bodies are held at once (being read, waiting for a place, or
 * being handled), by their declared length (1 MiB when chunked); a body that does not fit waits,
 * unread, so the client's socket holds it back. Requests without a body never wait.
 */
export const MAX_BUFFERED_BODY_BYTES = 128 * 1024 * 1024;

/** Headers (request line included) up to 64 KiB reach the handler, so a long URL gets 414, not Node's 431. */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Serves the emulator over node:http. Bodies over 1 MiB get 413 without being read further; more
 * than {@link MAX_IN_FLIGHT} concurrent requests queue.
 */
export function startServer(handlers: Handlers, { port, host, tls }: { port: number; host: string; tls?: Pick<TlsCredentials, 'cert' | 'key'> & { readonly certPath?: string } }): Promise<RunningServer> {
  const gate = new Gate(MAX_IN_FLIGHT);
  const bodies = new ByteBudget(MAX_BUFFERED_BODY_BYTES);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    serve(handlers, gate, bodies, req, res).catch((error: unknown) => {
      // Only a broken socket gets here; there is nobody left to answer.
      res.destroy(error instanceof Error ? error : undefined);
    });
  };
  // requireHostHeader off: Node would refuse an HTTP/1.1 request without Host with a bare 400; it gets served (origin localhost).
  const options = { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false };
  // the same server over TLS: https.Server is a tls.Server with the events of an http.Server
  const server = tls ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, listener) : createServer(options, listener);
  server.keepAliveTimeout = 5000;
  // CONNECT has no route here, but Node hands it over as a bare socket (and drops it if nobody listens): answer it like any request.
  // The socket is no longer the HTTP server's: drain what the client still sends, close it after the
  // answer (or after 2 s of silence), and close it with the server.
  const detached = new Set<Duplex>();
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    detached.add(socket);
    socket.on('close', () => detached.delete(socket));
    socket.on('error', () => socket.destroy());
    (socket as Duplex & { setTimeout?: (ms: number, callback: () => void) => void }).setTimeout?.(2000, () => socket.destroy());
    socket.resume();
    const target = req.url ?? '/';
    gate
      .run(() => handlers.handle({ method: req.method ?? 'CONNECT', url: requestUrl(req, target.startsWith('/') ? target : `/${target}`), headers: req.headers }))
      .then(
        (response) => socket.end(rawResponse(response.status, response)),
        () => socket.destroy(),
      );
  });
  // Node answers `Expect: anything-but-100-continue` with a bare 417 unless someone listens.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (!handlers.malformed) {
      res.writeHead(417).end();
      return;
    }
    res.shouldKeepAlive = false;
    write(res, handlers.malformed(417), { Connection: 'close' });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || answering || !handlers.malformed) {
      socket.destroy();
      return;
    }
    const status: MalformedStatus = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    socket.end(rawResponse(status, handlers.malformed(status)));
    // a client that goes on sending after the answer is not waited for
    (socket as Duplex & { setTimeout?: (ms: number, callback: () => void) => void }).setTimeout?.(2000, () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`,
        host: address.address,
        port: address.port,
        ...(tls?.certPath && { certificatePath: tls.certPath }),
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            for (const socket of detached) socket.destroy();
          }),
      });
    });
  });
}

/**
 * Reads the body first (once its bytes fit in the budget), then waits its turn at the gate: a
 * client that sends its body slowly (or never) holds a socket, not one of the {@link MAX_IN_FLIGHT}
 * places everyone else needs.
 */
async function serve(handlers: Handlers, gate: Gate, bodies: ByteBudget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_BODY_BYTES) {
    const response = await handlers.tooLarge(413, headerValue(req.headers, 'client-request-id'));
    res.shouldKeepAlive = false;
    write(res, response, { Connection: 'close' });
    req.resume();
    return;
  }
  const reserved = declared >= 0 ? declared : req.headers['transfer-encoding'] !== undefined ? MAX_BODY_BYTES : 0;
  if (reserved > 0) await bodies.take(reserved);
  try {
    const body = await readBody(req);
    if (body === 'too-large') {
      const response = await handlers.tooLarge(413, headerValue(req.headers, 'client-request-id'));
      res.shouldKeepAlive = false;
      write(res, response, { Connection: 'close' });
      req.resume();
      return;
    }
    const response = await gate.run(() =>
      handlers.handle({
        method: req.method ?? 'GET',
        url: requestUrl(req),
        headers: req.headers,
        ...(body.byteLength > 0 && { body }),
      }),
    );
    write(res, response);
  } finally {
    if (reserved > 0) bodies.give(reserved);
  }
}

/**
 * A whole HTTP/1.1 response, for a socket that has no ServerResponse (CONNECT, or bytes Node's
 * parser refused): header values in latin1 as Node writes them (an echoed client-request-id came
 * in as latin1), the body in UTF-8.
 */
function rawResponse(status: number, response: EmulatorResponse): Buffer {
  const body = Buffer.from(response.body ?? '', 'utf8');
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${body.byteLength}`, 'Connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** The head, then the body as the handler built it: one write, or each piece of a list page in one corked burst. */
function write(res: ServerResponse, response: EmulatorResponse, extra: Record<string, string> = {}): void {
  const chunks = response.chunks ?? [];
  if (chunks.length <= 1) {
    res.writeHead(response.status, { ...response.headers, ...extra });
    res.end(chunks[0]);
    return;
  }
  let length = 0;
  for (const chunk of chunks) length += Buffer.byteLength(chunk);
  res.writeHead(response.status, { ...response.headers, ...extra, 'Content-Length': String(length) });
  res.cork();
  for (const chunk of chunks) res.write(chunk);
  res.end(); // uncorks: the head and the pieces leave together
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    // A client gone while its body waited for the budget: its buffered bytes went with the
    // socket, and neither 'end' nor 'close' will come (even if the whole body had arrived).
    if (req.destroyed) {
      reject(new Error('The client closed the connection before its body was read.'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('close', () => {
      if (!done) reject(new Error('The client closed the connection before its body was read.'));
    });
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        done = true;
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}

/** A budget of bytes: `take` waits, in arrival order, until the bytes fit; `give` returns them. */
export class ByteBudget {
  private used = 0;
  private readonly waiting: { bytes: number; resume: () => void }[] = [];
  constructor(private readonly limit: number) {}

  take(bytes: number): Promise<void> | undefined {
    if (this.waiting.length === 0 && this.used + bytes <= this.limit) {
      this.used += bytes;
      return undefined;
    }
    return new Promise<void>((resume) => this.waiting.push({ bytes, resume }));
  }

  give(bytes: number): void {
    this.used -= bytes;
    for (let next = this.waiting[0]; next && this.used + next.bytes <= this.limit; next = this.waiting[0]) {
      this.waiting.shift();
      this.used += next.bytes;
      next.resume();
    }
  }

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/** A counting semaphore: at most `limit` tasks run; the others wait in arrival order. */
export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/**
 * The absolute URL of a request: `https` when it came over TLS (links then name https, as the
 * client called) and its Host. A Host that is no host name is not made part of a URL, where a `/`
 * or `?` in it would move the path: the path alone goes on, and the emulator refuses that Host.
 */
function requestUrl(req: IncomingMessage, target = req.url ?? '/'): string {
  const host = req.headers.host ?? 'localhost';
  if (!isHost(host)) return target;
  return `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}${target}`;
}
