import { methodNotAllowed } from '../errors/graph-error.js';
import type { ApiVersion } from './route.js';

/** The paths above the Graph resources: the root, each version's service document and its `$metadata`. */
export type ServiceRoute = { readonly kind: 'root' } | { readonly kind: 'serviceDocument' | 'metadata'; readonly version: ApiVersion };

/**
 * Matches `/`, `/{version}` (with or without a trailing slash) and `/{version}/$metadata`, or
 * undefined for any other path. Anything but GET on them is a 405.
 */
export function matchServiceRoute(method: string, path: string): ServiceRoute | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  let route: ServiceRoute | undefined;
  if (segments.length === 0) route = { kind: 'root' };
  else {
    const version = segments[0]!.toLowerCase();
    if (version !== 'v1.0' && version !== 'beta') return undefined;
    if (segments.length === 1) route = { kind: 'serviceDocument', version };
    else if (segments.length === 2 && /^(\$|%24)metadata$/i.test(segments[1]!)) route = { kind: 'metadata', version };
  }
  if (route && method !== 'GET') throw methodNotAllowed(method, ['GET']);
  return route;
}
