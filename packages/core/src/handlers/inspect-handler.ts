import { ODataQueryError } from '@syncemu/odata';
import { QueryTooComplexError, SkipTokenError } from '@syncemu/store';
import { GraphError, invalidObjectId, methodNotAllowed, resourceNotFound } from '../errors/graph-error.js';
import { jsonReply, type Reply } from '../http/responses.js';
import { isGuid } from '../ids/id-generator.js';
import { explainListQuery } from '../query/explain-query.js';
import { matchRoute } from '../routing/route.js';
import type { EmulatorParts } from './context.js';
import type { ControlRequest } from './control-handler.js';
import { requireServicePrincipal } from './lookups.js';

/*
 * What the workbench reads (decisions.md §11), all GET:
 * - `/_syncemu/servicePrincipals` → `{"value": [{"id", "appId", "displayName", "jobs"}]}`
 * - `/_syncemu/explain/{version}/servicePrincipals/{spId}/synchronization/jobs?{list query}`
 * - `/_syncemu/servicePrincipals/{spId}/jobs/{jobId}/timeline`
 */

/** `GET /_syncemu/servicePrincipals`: every service principal the store holds, in id order, with its number of jobs. */
export async function listServicePrincipals(parts: EmulatorParts, request: ControlRequest): Promise<Reply> {
  onlyGet(request);
  return jsonReply(request.response, 200, JSON.stringify({ value: await parts.db.servicePrincipals.summaries() }));
}

/** `GET /_syncemu/servicePrincipals/{spId}/jobs/{jobId}/timeline`: the job's last events, and its run as the plan GET shows it. */
export async function jobTimeline(parts: EmulatorParts, request: ControlRequest, servicePrincipalId: string, jobId: string): Promise<Reply> {
  if (!isGuid(servicePrincipalId)) throw invalidObjectId(servicePrincipalId);
  const spId = servicePrincipalId.toLowerCase();
  onlyGet(request);
  if (!(await parts.db.jobs.exists(spId, jobId))) throw resourceNotFound(jobId);
  return jsonReply(request.response, 200, JSON.stringify(await parts.lifecycle.timeline(parts.db, spId, jobId)));
}

/**
 * `GET /_syncemu/explain/{version}/servicePrincipals/{spId}/synchronization/jobs?{query}`: how the
 * list request of that path and query runs. The path is checked as the list's is (version, id); a
 * query the list refuses gets the list's 400, with the option at fault as `target` and the offset
 * in its decoded value as `innerError.position`.
 */
export async function explainList(parts: EmulatorParts, request: ControlRequest, prefix: string): Promise<Reply> {
  const route = matchRoute('GET', request.path.slice(prefix.length) || '/');
  if (route.resource !== 'jobs') {
    throw new GraphError(404, 'Request_ResourceNotFound', `Only a list of jobs can be explained: ${prefix}/{version}/servicePrincipals/{id}/synchronization/jobs?{query}.`);
  }
  onlyGet(request);
  await requireServicePrincipal(parts, route.servicePrincipalId);
  let explained;
  try {
    explained = await explainListQuery(parts.db, parts.clock.now(), route.servicePrincipalId, request.query, route.version);
  } catch (error) {
    throw asQueryError(error);
  }
  const { query } = explained;
  const head = JSON.stringify({
    filter: explained.filter ?? null,
    orderBy: explained.orderBy,
    select: query.select === '*' ? null : query.select,
    top: query.top ?? null,
    sql: explained.sql,
  });
  // parameters may hold Int64 literals past 2^53 (bigint): written as the exact JSON numbers they are
  const parameters = `[${explained.parameters.map((value) => (typeof value === 'bigint' ? value.toString() : JSON.stringify(value))).join(',')}]`;
  const tail = JSON.stringify({ plan: explained.plan, indexes: explained.indexes, fullScan: explained.fullScan });
  return jsonReply(request.response, 200, `${head.slice(0, -1)},"parameters":${parameters},${tail.slice(1)}`);
}

/** A query the list would refuse, as the list's 400 with where the problem lies. */
function asQueryError(error: unknown): unknown {
  if (error instanceof ODataQueryError) {
    return new GraphError(400, 'BadRequest', error.message, {}, { target: error.option, ...(error.position !== undefined && { innerError: { position: error.position } }) });
  }
  if (error instanceof SkipTokenError) return new GraphError(400, 'BadRequest', error.message, {}, { target: '$skiptoken' });
  if (error instanceof QueryTooComplexError) return new GraphError(400, 'BadRequest', error.message, {}, { target: '$filter' });
  return error;
}

function onlyGet(request: ControlRequest): void {
  if (request.method !== 'GET') throw methodNotAllowed(request.method, ['GET']);
}
