import { GraphError } from '../errors/graph-error.js';
import type { RoutedRequest } from '../handlers/context.js';
import { CONTROL_PREFIX } from '../handlers/control-handler.js';
import type { EmulatorRequest } from '../http/types.js';
import { splitRequestUrl } from '../routing/request-url.js';
import { checkMethod, matchRoute, type ResourceName, type Route } from '../routing/route.js';
import { matchServiceRoute, type ServiceRoute } from '../routing/service-route.js';
import type { ResponseContext } from '../http/responses.js';
import { hasBody, readJsonBody } from './request-body.js';
import { WORKBENCH_PREFIX } from '../workbench/workbench-assets.js';

/** Resources whose GET only reads (no handler of theirs writes): answered inside one read transaction. */
const READ_ONLY: ReadonlySet<ResourceName> = new Set<ResourceName>(['jobs', 'jobsCount', 'job']);

/** Where a request goes: the workbench's files, syncemu's control routes, the documents above Graph's resources, or a Graph resource. */
export type Located =
  | { readonly kind: 'workbench'; readonly method: string; readonly path: string }
  | { readonly kind: 'control'; readonly method: string; readonly path: string; readonly query: string; readonly origin: string; readonly json: () => unknown; readonly hasBody: () => boolean }
  | { readonly kind: 'service'; readonly route: ServiceRoute; readonly origin: string }
  | { readonly kind: 'graph'; readonly method: string; readonly path: string; readonly query: string; readonly origin: string; readonly json: () => unknown };

/** Stage 2, locate: the URL taken apart, and which of the three surfaces answers it. */
export function locate(request: EmulatorRequest, { control }: { control: boolean }): Located {
  const method = request.method.toUpperCase();
  const { origin, path, query } = splitRequestUrl(request.url, request.headers);
  let parsed: { value: unknown } | undefined;
  const json = () => (parsed ??= { value: readJsonBody(request) }).value;
  if (path.startsWith(CONTROL_PREFIX) || path === CONTROL_PREFIX.slice(0, -1)) {
    if (!control) throw new GraphError(404, 'Request_ResourceNotFound', `The control routes (${CONTROL_PREFIX}) are turned off on this emulator.`);
    if (path === WORKBENCH_PREFIX.slice(0, -1) || path.startsWith(WORKBENCH_PREFIX)) return { kind: 'workbench', method, path: path.startsWith(WORKBENCH_PREFIX) ? path : WORKBENCH_PREFIX };
    return { kind: 'control', method, path, query, origin, json, hasBody: () => hasBody(request) };
  }
  // the service root, service documents and $metadata: static, and anonymous as in Graph
  const service = matchServiceRoute(method, path);
  if (service) return { kind: 'service', route: service, origin };
  return { kind: 'graph', method, path, query, origin, json };
}

/** A Graph request matched to its resource, ready for a handler. */
export interface Routed {
  readonly route: Route;
  readonly request: RoutedRequest;
  /** A GET of a resource whose handler only reads. */
  readonly readOnly: boolean;
}

/** Stage 4, route: the Graph resource of a located request (404/400/405 for paths and methods it does not have). */
export function route(located: Extract<Located, { kind: 'graph' }>, request: EmulatorRequest, response: ResponseContext): Routed {
  const { method, path, query, origin, json } = located;
  const matched = matchRoute(method, path);
  checkMethod(matched, method);
  return {
    route: matched,
    readOnly: method === 'GET' && READ_ONLY.has(matched.resource),
    request: { method, route: matched, query, headers: request.headers, origin, response, json, hasBody: () => hasBody(request) },
  };
}
