import { MAX_BODY_BYTES, type EmulatorRequest, type EmulatorResponse } from '../http/types.js';

/** Methods the Fetch standard writes in upper case whatever case they are given in. */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
/** A method name (an HTTP token) that `new Request` takes as it is: neither forbidden nor normalized. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** What a header value may not hold inside (`new Request` throws); spaces and tabs around it are dropped. */
const BAD_HEADER_VALUE = /[\0\r\n]/;
const INIT_KEYS = new Set(['method', 'headers', 'body']);

/**
 * What `new Request(input, init)` followed by {@link toEmulatorRequest} would give, without making
 * the Request (a fifth of the cost of `emulator.fetch()`), for the calls tests and SDKs make: a URL
 * (string or `URL`), and an init of `method`, `headers` (a record or `Headers`) and a string body.
 * Anything else, or anything `new Request` would refuse, is undefined: the caller takes the
 * Request path, which answers (or throws) as it always did.
 */
export function plainRequest(input: Request | string | URL, init: RequestInit | undefined): EmulatorRequest | undefined {
  if (typeof input !== 'string' && !(input instanceof URL)) return undefined;
  if (init !== undefined) {
    if (init === null || typeof init !== 'object') return undefined;
    for (const key in init) if (!INIT_KEYS.has(key) && (init as Record<string, unknown>)[key] !== undefined) return undefined;
  }
  const body = init?.body ?? undefined;
  if (body !== undefined && typeof body !== 'string') return undefined;
  let method = init?.method ?? 'GET';
  const upper = method.toUpperCase();
  if (NORMALIZED_METHODS.has(upper)) method = upper;
  else if (FORBIDDEN_METHODS.has(upper) || !TOKEN.test(method)) return undefined;
  if (body !== undefined && (method === 'GET' || method === 'HEAD')) return undefined;
  let url: URL;
  try {
    url = input instanceof URL ? input : new URL(input);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '') return undefined;
  const headers = plainHeaders(init?.headers);
  if (headers === undefined) return undefined;
  if (body !== undefined) {
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) return undefined;
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
  }
  return { method, url: url.href, headers, ...(body !== undefined && body !== '' && { body }) };
}

/** Headers as `new Request` keeps them: names in lower case, values trimmed, repeats joined; undefined for what it would refuse. */
function plainHeaders(init: HeadersInit | undefined): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  if (init === undefined) return headers;
  if (init instanceof Headers) {
    init.forEach((value, key) => {
      headers[key] = value;
    });
    return headers;
  }
  if (Array.isArray(init) || typeof init !== 'object' || init === null || Symbol.iterator in init) return undefined;
  for (const [name, raw] of Object.entries(init)) {
    if (typeof raw !== 'string' || !TOKEN.test(name)) return undefined;
    const value = raw.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (BAD_HEADER_VALUE.test(value)) return undefined;
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}

/**
 * A Fetch `Request` as plain data; `{status: 413}` when its body is over the limit (read no
 * further than the limit, or not at all when Content-Length already says so).
 */
export async function toEmulatorRequest(request: Request): Promise<EmulatorRequest | { status: 413 }> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > MAX_BODY_BYTES) return { status: 413 };
  let body: Uint8Array | undefined;
  if (request.body) {
    const read = await readLimited(request.body, MAX_BODY_BYTES);
    if (read === 'too-large') return { status: 413 };
    body = read;
  }
  return { method: request.method, url: request.url, headers, ...(body && { body }) };
}

async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | 'too-large'> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function toFetchResponse(response: EmulatorResponse): Response {
  const init = { status: response.status, headers: response.headers };
  return response.body === undefined ? new Response(null, init) : new TextResponse(response.body, init);
}

/**
 * A Fetch `Response` of a text the emulator already holds: `text()`, `json()`, `arrayBuffer()` and
 * `bytes()` read that text, and the body becomes a stream only when a caller asks for one (`body`,
 * `blob()`, `formData()`, or a clone after that). Building and reading a stream for every answer
 * was a third of the cost of `emulator.fetch()` (issue 14). It behaves as any Response: a body read
 * once (a second read, or a clone after it, is the same TypeError), `bodyUsed`, `clone()`.
 */
class TextResponse extends Response {
  readonly #text: string;
  #used = false;
  /** The same response with a real stream, made when a caller needs one. */
  #streamed: Response | undefined;

  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
  }

  /** The response with its body as a stream (already read when this one was). */
  #real(): Response {
    if (this.#streamed === undefined) {
      this.#streamed = new Response(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
      if (this.#used) void this.#streamed.body?.cancel(); // disturbed, as a read body is
    }
    return this.#streamed;
  }

  #take(): Promise<string> {
    if (this.#streamed !== undefined) return this.#streamed.text();
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#used = true;
    return Promise.resolve(this.#text);
  }

  override get body(): Response["body"] {
    return this.#real().body;
  }

  override get bodyUsed(): boolean {
    return this.#streamed === undefined ? this.#used : this.#streamed.bodyUsed;
  }

  override text(): Promise<string> {
    return this.#take();
  }

  override json(): Promise<unknown> {
    return this.#take().then((text) => JSON.parse(text) as unknown);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().then((text) => new TextEncoder().encode(text).buffer as ArrayBuffer);
  }

  override bytes(): ReturnType<Response["bytes"]> {
    return this.#take().then((text) => new TextEncoder().encode(text));
  }

  override blob(): Promise<Blob> {
    return this.#real().blob();
  }

  override formData(): Promise<FormData> {
    return this.#real().formData();
  }

  override clone(): Response {
    if (this.#streamed !== undefined) return this.#streamed.clone();
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new TextResponse(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}
