import { MAX_BODY_BYTES, type EmulatorRequest, type EmulatorResponse } from '../http/types.js';

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
  return new Response(response.body ?? null, { status: response.status, headers: response.headers });
}
