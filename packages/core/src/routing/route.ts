import { GraphError, badRequest, invalidObjectId, methodNotAllowed, notEmulated, segmentNotFound } from '../errors/graph-error.js';
import { isGuid } from '../ids/id-generator.js';

export type ApiVersion = 'v1.0' | 'beta';

/** The resources syncemu serves under `/{version}/servicePrincipals/{id}/synchronization`. */
export type ResourceName =
  | 'jobs'
  | 'jobsCount'
  | 'jobsValidateCredentials'
  | 'job'
  | 'jobAction'
  | 'jobSchema'
  | 'jobSchemaDirectories'
  | 'jobSchemaDirectory'
  | 'jobSchemaDiscover'
  | 'jobSchemaFilterOperators'
  | 'jobSchemaFunctions'
  | 'jobSchemaParseExpression'
  | 'templates'
  | 'template'
  | 'templateSchema'
  | 'templateSchemaFilterOperators'
  | 'templateSchemaFunctions'
  | 'templateSchemaParseExpression'
  | 'templateSchemaDirectories'
  | 'templateSchemaDirectory'
  | 'templateSchemaDiscover'
  | 'synchronization'
  | 'synchronizationPing'
  | 'secrets'
  | 'acquireAccessToken'
  | 'jobBulkUpload';

/** A request path matched to a resource, with the values its path carries. */
export interface Route {
  readonly resource: ResourceName;
  readonly version: ApiVersion;
  readonly servicePrincipalId: string;
  readonly jobId?: string;
  readonly templateId?: string;
  readonly directoryId?: string;
  /** For `jobAction`: start, pause, restart, validateCredentials, provisionOnDemand. */
  readonly action?: JobAction;
}

export const JOB_ACTIONS = ['start', 'pause', 'restart', 'validateCredentials', 'provisionOnDemand'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

/** Methods each resource answers; anything else is a 405 with `Allow` (PATCH on a schema: the real 404). */
export const ALLOWED_METHODS: Readonly<Record<ResourceName, readonly string[]>> = {
  jobs: ['GET', 'POST'],
  jobsCount: ['GET'],
  jobsValidateCredentials: ['POST'],
  job: ['GET', 'PATCH', 'DELETE'],
  jobAction: ['POST'],
  jobSchema: ['GET', 'PUT', 'DELETE'],
  jobSchemaDirectories: ['GET'],
  jobSchemaDirectory: ['GET'],
  jobSchemaDiscover: ['POST'],
  jobSchemaFilterOperators: ['GET'],
  jobSchemaFunctions: ['GET'],
  jobSchemaParseExpression: ['POST'],
  templates: ['GET'],
  template: ['GET'],
  templateSchema: ['GET'],
  templateSchemaFilterOperators: ['GET'],
  templateSchemaFunctions: ['GET'],
  templateSchemaParseExpression: ['POST'],
  templateSchemaDirectories: ['GET'],
  templateSchemaDirectory: ['GET'],
  templateSchemaDiscover: ['POST'],
  synchronization: ['GET', 'PUT'],
  synchronizationPing: ['GET'],
  secrets: ['GET', 'PUT'],
  acquireAccessToken: ['POST'],
  jobBulkUpload: ['GET', 'POST'],
};

/**
 * Matches a path (without query) to a route. Segments are percent-decoded once; keywords are
 * case-insensitive as in Graph; a trailing slash is accepted.
 * @throws GraphError for paths that are not a resource, with the error Graph gives.
 */
export function matchRoute(method: string, path: string): Route {
  const segments = splitPath(path);
  const [versionSegment, collection, spId, sync, ...rest] = segments;
  if (versionSegment === undefined) throw segmentNotFound('/');
  const version = parseVersion(versionSegment);
  if (collection === undefined || !is(collection, 'servicePrincipals')) throw segmentNotFound(collection ?? versionSegment);
  if (spId === undefined) throw notEmulated(method, `/servicePrincipals`);
  if (!isGuid(spId)) throw invalidObjectId(spId);
  const base = { version, servicePrincipalId: spId.toLowerCase() };
  if (sync === undefined) throw notEmulated(method, `/servicePrincipals/{id}`);
  if (!is(sync, 'synchronization')) throw segmentNotFound(sync);
  const [head, ...tail] = rest;
  if (head === undefined) return { resource: 'synchronization', ...base };
  if (is(head, 'jobs')) return matchJobs(base, tail);
  if (is(head, 'templates')) return matchTemplates(base, tail);
  if (is(head, 'secrets') && tail.length === 0) return { resource: 'secrets', ...base };
  if (is(head, 'acquireAccessToken') && tail.length === 0) return { resource: 'acquireAccessToken', ...base };
  // Ping() is a function of beta only (its CSDL); on v1.0 the segment does not exist
  if (version === 'beta' && (is(head, 'ping') || is(head, 'ping()')) && tail.length === 0) return { resource: 'synchronizationPing', ...base };
  throw segmentNotFound(head);
}

type Base = Pick<Route, 'version' | 'servicePrincipalId'>;

function matchJobs(base: Base, tail: readonly string[]): Route {
  const [jobId, next, ...rest] = tail;
  if (jobId === undefined) return { resource: 'jobs', ...base };
  if (next === undefined) {
    if (jobId === '$count') return { resource: 'jobsCount', ...base };
    if (is(jobId, 'validateCredentials')) return { resource: 'jobsValidateCredentials', ...base };
    return { resource: 'job', ...base, jobId };
  }
  const job = { ...base, jobId };
  const action = JOB_ACTIONS.find((name) => is(next, name));
  if (action && rest.length === 0) return { resource: 'jobAction', ...job, action };
  if (is(next, 'schema')) return matchSchema(job, rest);
  if (is(next, 'bulkUpload') && rest.length === 0) return { resource: 'jobBulkUpload', ...job };
  throw segmentNotFound(next);
}

function matchSchema(job: Base & { jobId: string }, rest: readonly string[]): Route {
  const [part, directoryId, discover, ...more] = rest;
  if (part === undefined) return { resource: 'jobSchema', ...job };
  if (is(part, 'directories')) {
    if (directoryId === undefined) return { resource: 'jobSchemaDirectories', ...job };
    if (discover === undefined) return { resource: 'jobSchemaDirectory', ...job, directoryId };
    if (is(discover, 'discover') && more.length === 0) return { resource: 'jobSchemaDiscover', ...job, directoryId };
    throw segmentNotFound(discover);
  }
  if (directoryId === undefined) {
    if (is(part, 'filterOperators') || is(part, 'filterOperators()')) return { resource: 'jobSchemaFilterOperators', ...job };
    if (is(part, 'functions') || is(part, 'functions()')) return { resource: 'jobSchemaFunctions', ...job };
    if (is(part, 'parseExpression')) return { resource: 'jobSchemaParseExpression', ...job };
  }
  throw segmentNotFound(part);
}

function matchTemplates(base: Base, tail: readonly string[]): Route {
  const [templateId, next, ...rest] = tail;
  if (templateId === undefined) return { resource: 'templates', ...base };
  if (next === undefined) return { resource: 'template', ...base, templateId };
  if (is(next, 'schema') && rest.length === 0) return { resource: 'templateSchema', ...base, templateId };
  if (is(next, 'schema') && rest.length === 1) {
    const [part = ''] = rest;
    if (is(part, 'filterOperators') || is(part, 'filterOperators()')) return { resource: 'templateSchemaFilterOperators', ...base, templateId };
    if (is(part, 'functions') || is(part, 'functions()')) return { resource: 'templateSchemaFunctions', ...base, templateId };
    if (is(part, 'parseExpression')) return { resource: 'templateSchemaParseExpression', ...base, templateId };
  }
  if (is(next, 'schema') && is(rest[0] ?? '', 'directories')) {
    const [, directoryId, discover, ...more] = rest;
    const template = { ...base, templateId };
    if (directoryId === undefined) return { resource: 'templateSchemaDirectories', ...template };
    if (discover === undefined) return { resource: 'templateSchemaDirectory', ...template, directoryId };
    if (is(discover, 'discover') && more.length === 0) return { resource: 'templateSchemaDiscover', ...template, directoryId };
    throw segmentNotFound(discover);
  }
  if (is(next, 'schema')) throw segmentNotFound(rest[0]!);
  throw segmentNotFound(next);
}

/** Throws 405 unless the route answers `method`; PATCH on a schema gets the real service's 404. */
export function checkMethod(route: Route, method: string): void {
  const allowed = ALLOWED_METHODS[route.resource];
  if (allowed.includes(method)) return;
  if (method === 'PATCH' && (route.resource === 'jobSchema' || route.resource === 'templateSchema')) {
    throw syncfabricNotFound(route);
  }
  throw methodNotAllowed(method, allowed);
}

/**
 * What Graph answers when the sync backend has no such verb on a path (graph-sync-api.md §5.2,
 * §3.3.2): 404 `UnknownError` whose message is the backend's own JSON.
 */
function syncfabricNotFound(route: Route): GraphError {
  const owner = route.jobId !== undefined ? `jobs('${route.jobId}')` : `templates('${route.templateId ?? ''}')`;
  const backend = `https://syncfabric.windowsazure.com/api/servicePrincipals('${route.servicePrincipalId}')/synchronization/${owner}/schema?api-version=2.0`;
  return new GraphError(404, 'UnknownError', JSON.stringify({ Message: `No HTTP resource was found that matches the request URI '${backend}'.` }));
}

function is(segment: string, keyword: string): boolean {
  return segment.toLowerCase() === keyword.toLowerCase();
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
