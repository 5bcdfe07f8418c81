import type { RoutedRequest } from './context.js';

/**
 * The page size a `Prefer: odata.maxpagesize=N` header asks for (1..max), or undefined when the
 * header does not ask (a malformed preference is ignored, as preferences are).
 */
export function preferredPageSize(prefer: string | undefined, max: number): number | undefined {
  if (!prefer) return undefined;
  for (const part of prefer.split(',')) {
    const match = /^\s*odata\.maxpagesize\s*=\s*"?(\d+)"?\s*$/i.exec(part);
    if (match) {
      const size = Number(match[1]);
      if (size >= 1) return Math.min(size, max);
    }
  }
  return undefined;
}

/** What a nextLink replaces: the position (`$skip` was spent on the first page). */
const POSITION_OPTIONS = new Set(['$skiptoken', '$skip', 'skiptoken', 'skip']);

/**
 * The absolute `@odata.nextLink`: the request's own URL with its other options kept as sent
 * (`$top`, the page size, among them) and the new `$skiptoken`.
 */
export function nextLink(request: RoutedRequest, skipToken: string): string {
  const { route, origin } = request;
  const kept = request.query.split('&').filter((pair) => {
    if (pair === '') return false;
    const rawName = pair.split('=', 1)[0] ?? '';
    let name: string;
    try {
      name = decodeURIComponent(rawName.replaceAll('+', ' ')).toLowerCase();
    } catch {
      return true;
    }
    return !POSITION_OPTIONS.has(name);
  });
  kept.push(`$skiptoken=${encodeURIComponent(skipToken)}`);
  return `${origin}/${route.version}/servicePrincipals/${route.servicePrincipalId}/synchronization/jobs?${kept.join('&')}`;
}
