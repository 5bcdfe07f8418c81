import { Agent, request } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  json<T = unknown>(): T;
}

/** Keep-alive sockets shared by every call (fetch costs several times the CPU per request, and the tests send thousands). */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One HTTP/1.1 request over node:http; resolves with the whole answer, rejects when the
 * connection fails (the server died) or no answer comes within `timeoutMs`.
 */
export function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}, timeoutMs = 10_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        agent,
        headers: { ...init.headers, ...(body && { 'content-length': String(body.byteLength) }) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('the answer was cut off')));
        res.on('end', () => {
          if (!res.complete) return reject(new Error('the answer was cut off'));
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text, json: <T>() => JSON.parse(text) as T });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Closes the idle keep-alive sockets (a test's last step, so the process can exit). */
export function closeIdleSockets(): void {
  agent.destroy();
}
