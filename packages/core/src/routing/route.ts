import { GraphError, badRequest, invalidObjectId, methodNotAllowed, notEmulated, segmentNotFound } from '../errors/graph-error.js';
import { isGuid } from '../ids/id-generator.js';

export type ApiVersion = 'v1.0' | 'beta';

/** A request path matched to one of the resources syncemu serves. */
export type Route =
  | { readonly resource: 'jobs'; readonly version: ApiVersion; readonly servicePrincipalId: string }
  | { readonly resource: 'jobsCount'; readonly version: ApiVersion; readonly servicePrincipalId: string }
  | { readonly resource: 'job'; readonly version: ApiVersion; readonly servicePrincipalId: string; readonly jobId: string };

/** Methods each resource answers; anything else is a 405 with `Allow`. */
export const ALLOWED_METHODS: Readonly<Record<Route['resource'], readonly string[]>> = {
  jobs: ['GET', 'POST'],
  jobsCount: ['GET'],
  job: ['GET', 'PATCH', 'DELETE'],
};

/** Paths below a job or the synchronization root that Graph has and syncemu does not (yet). */
const KNOWN_ELSEWHERE = new Set(['synchronization', 'secrets', 'templates', 'acquireAccessToken', 'ping', 'ping()']);

/**
 * Matches a path (without query) to a route. Segments are percent-decoded once; keywords are
 * case-insensitive as in Graph; a trailing slash is accepted.
 * @throws GraphError for paths that are not a resource, with the error Graph gives.
 */
export function matchRoute(method: string, path: string): Route {
  const segments = splitPath(path);
  const [versionSegment, collection, spId, sync, jobs, jobId, ...rest] = segments;
  if (versionSegment === undefined) throw segmentNotFound('/');
  const version = parseVersion(versionSegment);
  if (collection === undefined || collection.toLowerCase() !== 'serviceprincipals') throw segmentNotFound(collection ?? versionSegment);
  if (spId === undefined) throw notEmulated(method, `/servicePrincipals`);
  if (!isGuid(spId)) throw invalidObjectId(spId);
  const servicePrincipalId = spId.toLowerCase();
  if (sync === undefined) throw notEmulated(method, `/servicePrincipals/{id}`);
  if (sync.toLowerCase() !== 'synchronization') throw segmentNotFound(sync);
  if (jobs === undefined || jobs.toLowerCase() !== 'jobs') {
    if (jobs === undefined || KNOWN_ELSEWHERE.has(jobs.toLowerCase())) throw notEmulated(method, `/servicePrincipals/{id}/synchronization${jobs ? `/${jobs}` : ''}`);
    throw segmentNotFound(jobs);
  }
  if (jobId === undefined) return { resource: 'jobs', version, servicePrincipalId };
  if (jobId === '$count' && rest.length === 0) return { resource: 'jobsCount', version, servicePrincipalId };
  if (jobId.toLowerCase() === 'validatecredentials' && rest.length === 0) {
    throw notEmulated(method, `/servicePrincipals/{id}/synchronization/jobs/validateCredentials`);
  }
  if (rest.length > 0) throw notEmulated(method, `/servicePrincipals/{id}/synchronization/jobs/{jobId}/${rest.join('/')}`);
  return { resource: 'job', version, servicePrincipalId, jobId };
}

/** Throws 405 unless the route answers `method`. */
export function checkMethod(route: Route, method: string): void {
  const allowed = ALLOWED_METHODS[route.resource];
  if (!allowed.includes(method)) throw methodNotAllowed(method, allowed);
}

function parseVersion(segment: string): ApiVersion {
  const lower = segment.toLowerCase();
  if (lower === 'v1.0' || lower === 'beta') return lower;
  throw new GraphError(400, 'BadRequest', `Invalid version: ${segment}. Use /v1.0 or /beta.`);
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/\/+$/, '');
  const raw = trimmed.split('/').slice(1);
  return raw.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw badRequest(`The path segment '${segment}' has malformed percent-encoding.`);
    }
  });
}
