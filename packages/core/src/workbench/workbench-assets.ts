import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphError } from '../errors/graph-error.js';
import { Reply, type ResponseContext } from '../http/responses.js';
import { headerValue, type HeadersInit } from '../http/types.js';

/** Where the page's files are served from: under the control prefix, so `--no-control` turns the page off too. */
export const WORKBENCH_PREFIX = '/_syncemu/workbench/';

/** The page as Vite built it: dist/workbench beside dist/src, in the repository and in the installed package. */
const DIRECTORY = fileURLToPath(new URL('../../workbench/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html;charset=utf-8',
  js: 'text/javascript;charset=utf-8',
  css: 'text/css;charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json;charset=utf-8',
};

/**
 * The page may load only what this server serves and call only this server: a script or a
 * stylesheet from elsewhere, or a request to another origin, is refused by the browser.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const cache = new Map<string, string>();

function read(name: string): string | undefined {
  let text = cache.get(name);
  if (text === undefined) {
    try {
      text = readFileSync(DIRECTORY + name, 'utf8');
    } catch {
      return undefined;
    }
    cache.set(name, text);
  }
  return text;
}

/** Whether a request for `/` comes from a browser (it accepts HTML) rather than a JSON client. */
export function wantsHtml(headers: HeadersInit | undefined): boolean {
  const accept = headerValue(headers, 'accept') ?? '';
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}

/** The page itself (`GET /` from a browser), or undefined when it was not built. */
export function workbenchPage(response: ResponseContext): Reply | undefined {
  const html = read('index.html');
  if (html === undefined) return undefined;
  return new Reply(200, { ...commonHeaders(response), 'Content-Type': CONTENT_TYPES['html']!, 'Cache-Control': 'no-cache', 'Content-Security-Policy': CONTENT_SECURITY_POLICY }, html);
}

/** `GET /_syncemu/workbench/{file}`: the page's scripts and styles (names carry a content hash: cached for good). */
export function workbenchAsset(method: string, path: string, response: ResponseContext): Reply {
  if (method !== 'GET') throw new GraphError(405, 'Request_BadRequest', `The workbench's files only answer GET, not ${method}.`, { Allow: 'GET' });
  const name = path.slice(WORKBENCH_PREFIX.length);
  if (name === '' || name === 'index.html') {
    const page = workbenchPage(response);
    if (page) return page;
    throw notBuilt();
  }
  const extension = /^assets\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.([a-z]+)$/.exec(name)?.[1];
  const text = extension && CONTENT_TYPES[extension] ? read(name) : undefined;
  if (text === undefined) {
    if (read('index.html') === undefined) throw notBuilt();
    throw new GraphError(404, 'Request_ResourceNotFound', `The workbench has no file '${name}'.`);
  }
  return new Reply(200, { ...commonHeaders(response), 'Content-Type': CONTENT_TYPES[extension!]!, 'Cache-Control': 'public, max-age=31536000, immutable' }, text);
}

function commonHeaders(response: ResponseContext): Record<string, string> {
  return { 'request-id': response.requestId, 'client-request-id': response.clientRequestId, 'X-Content-Type-Options': 'nosniff' };
}

function notBuilt(): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `The workbench page is not built in this copy of syncemu (no ${DIRECTORY}index.html): run \`pnpm build\` in the repository.`);
}
