/** Header values as Node gives them, or a Fetch `Headers`. Names are matched case-insensitively. */
export type HeadersInit = Readonly<Record<string, string | readonly string[] | undefined>> | Headers;

/** A request in plain data: what `emulator.handle()` takes. */
export interface EmulatorRequest {
  readonly method: string;
  /** A path with its query (`/v1.0/servicePrincipals/…?$top=5`) or an absolute URL. */
  readonly url: string;
  readonly headers?: HeadersInit;
  /** JSON text, bytes, or a value to be sent as JSON. */
  readonly body?: string | Uint8Array | null | object;
}

/**
 * A response in plain data: what `emulator.handle()` returns. The body is text; a list page holds
 * it as a few pieces (`chunks`, each at most 60,000 characters unless one job's JSON is longer)
 * rather than one string of 150-230 kB, and `body` joins them when first read (then keeps the
 * result). `body`, `chunks` and `bytes` are getters (read them, or `JSON.stringify` the
 * response, to copy it: a spread copies `status` and `headers` only).
 */
export interface EmulatorResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body text; absent for 204. */
  readonly body?: string;
  /** The body text in order, in one or more pieces: joined, they are `body`. Absent for 204. */
  readonly chunks?: readonly string[];
  /** The body as UTF-8 bytes; absent for 204. */
  readonly bytes?: Uint8Array;
}

/** The most a request body may hold: 1 MiB (decisions.md §6). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The longest request URL (path and query) accepted: 16 KiB. */
export const MAX_URL_BYTES = 16 * 1024;

export function headerValue(headers: HeadersInit | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(', ');
  }
  return undefined;
}
