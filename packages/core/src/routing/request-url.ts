import { badRequest } from '../errors/graph-error.js';
import { headerValue, type HeadersInit } from '../http/types.js';

/** A request URL taken apart: the origin links should name, the path and the raw query (no `?`). */
export interface RequestUrl {
  readonly origin: string;
  readonly path: string;
  readonly query: string;
}

/**
 * Splits a request URL (absolute, or a path whose origin the `Host` header names) and finds the
 * origin the client called: a proxy that terminates TLS in front of syncemu says so with
 * `Forwarded` (RFC 7239, first hop) or `X-Forwarded-Proto` / `X-Forwarded-Host`, and links then
 * name the proxy's origin. Values that are not a scheme of HTTP or a plain host are ignored.
 * @example splitRequestUrl('http://127.0.0.1:5555/v1.0/x?$top=2', { 'x-forwarded-proto': 'https' }).origin // 'https://127.0.0.1:5555'
 */
export function splitRequestUrl(url: string, headers: HeadersInit | undefined): RequestUrl {
  let rest = url;
  let scheme = 'http';
  let host = headerValue(headers, 'host') || 'localhost';
  const absolute = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (absolute) {
    scheme = absolute[1]!.toLowerCase();
    host = absolute[2]!;
    rest = absolute[3]!;
  }
  if (scheme !== 'http' && scheme !== 'https') throw badRequest(`The request URL '${abbreviate(url)}' is not an http or https URL.`);
  if (!isHost(host)) throw badRequest(`The request's host '${abbreviate(host)}' is not a host name or IP address with an optional port.`);
  const forwarded = forwardedOrigin(headers);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  return {
    origin: `${forwarded.proto ?? scheme}://${forwarded.host ?? host}`,
    path: path === '' ? '/' : path,
    query: q >= 0 ? rest.slice(q + 1) : '',
  };
}

const PROTO = /^https?$/i;
/** A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing that could end the authority. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i;

/** Is this a host name, IPv4 or bracketed IPv6 address with an optional port (what a URL's authority may hold)? */
export function isHost(text: string): boolean {
  return HOST.test(text);
}

/** What the first proxy in front of syncemu was asked for: `Forwarded` wins over the `X-Forwarded-*` pair. */
function forwardedOrigin(headers: HeadersInit | undefined): { proto?: string; host?: string } {
  const result: { proto?: string; host?: string } = {};
  const standard = headerValue(headers, 'forwarded');
  if (standard) {
    const firstHop = standard.split(',', 1)[0]!;
    for (const pair of firstHop.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim().toLowerCase();
      const value = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (name === 'proto' && PROTO.test(value)) result.proto ??= value.toLowerCase();
      if (name === 'host' && HOST.test(value)) result.host ??= value;
    }
  }
  const proto = firstValue(headerValue(headers, 'x-forwarded-proto'));
  if (proto && PROTO.test(proto)) result.proto ??= proto.toLowerCase();
  const host = firstValue(headerValue(headers, 'x-forwarded-host'));
  if (host && HOST.test(host)) result.host ??= host;
  return result;
}

function firstValue(header: string | undefined): string | undefined {
  return header?.split(',', 1)[0]!.trim() || undefined;
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * A key as it stands in a context URL: an OData string literal (`'` doubled), percent-encoded
 * where a URL needs it: `jobs('${keyLiteral("scim.o'hara")}')` → `jobs('scim.o''hara')`.
 */
export function keyLiteral(key: string): string {
  return encodeURIComponent(key.replaceAll("'", "''"));
}
