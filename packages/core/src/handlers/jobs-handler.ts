import { MAX_TOP, parseEntityQuery, parseListQuery, synchronizationJob, type Selection } from '@syncemu/odata';
import { withInt64Strings } from '../payload/ieee754.js';
import { badRequest, resourceNotFound } from '../errors/graph-error.js';
import { jsonReply, noContent, textReply, withContext, type Reply } from '../http/responses.js';
import { headerValue } from '../http/types.js';
import { initialSchedule, initialStatus, mergeSettings, serializeJob, type JobDocument } from '../jobs/job-document.js';
import { readJobWrite } from '../jobs/job-write.js';
import { templatesOf } from '../templates/template-lookup.js';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { nextLink, preferredPageSize } from './paging.js';
import { ensureServicePrincipal, requireServicePrincipal } from './lookups.js';
import { servedJobSchema } from './schema-handler.js';


/** The default page size of a list (decisions.md §4). */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * `https://host/v1.0/$metadata#servicePrincipals('{id}')/synchronization/jobs`, with the selected
 * properties and the expanded navigation properties (`jobs(id,schema())`, as OData 4.01 writes them).
 */
function collectionContext(request: RoutedRequest, selection: Selection, expand: readonly string[] = []): string {
  const { route, origin } = request;
  const items = [...(selection === '*' ? [] : selection), ...expand.map((name) => `${name}()`)];
  const select = items.length === 0 ? '' : `(${items.join(',')})`;
  return `${origin}/${route.version}/$metadata#servicePrincipals('${route.servicePrincipalId}')/synchronization/jobs${select}`;
}

function entityContext(request: RoutedRequest, selection: Selection, expand: readonly string[] = []): string {
  return `${collectionContext(request, selection, expand)}/$entity`;
}


/** `GET …/jobs`: one page, filtered, ordered and projected in SQL. */
export async function listJobs(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  await requireServicePrincipal(parts, route.servicePrincipalId);
  const query = parseListQuery(request.query, { dollarOptional: route.version === 'beta' });
  const preferred = preferredPageSize(headerValue(request.headers, 'prefer'), MAX_TOP);
  // $top is the page size, as everywhere in Graph; a smaller odata.maxpagesize wins (decision 0012)
  const pageSize = query.top === undefined ? (preferred ?? DEFAULT_PAGE_SIZE) : Math.min(query.top, preferred ?? Infinity);
  const page = await parts.db.jobs.listPage(route.servicePrincipalId, query, {
    pageSize,
    ordering: query.orderByText,
    context: { now: parts.clock.now().toISOString() },
  });
  // $top=0 asks for an empty page, not for a walk of empty pages
  const link = page.nextSkipToken !== undefined && pageSize > 0 ? nextLink(request, page.nextSkipToken) : undefined;
  let head = `{"@odata.context":${JSON.stringify(collectionContext(request, query.select))}`;
  const ieee754 = request.response.ieee754Compatible === true;
  if (page.count !== undefined) head += `,"@odata.count":${ieee754 ? `"${page.count}"` : page.count}`;
  if (link !== undefined) head += `,"@odata.nextLink":${JSON.stringify(link)}`;
  const body = pagePieces(`${head},"value":[`, ieee754 ? page.rows.map((row) => withInt64Strings(row, synchronizationJob)) : page.rows, ']}');
  const headers: Record<string, string> = preferred === undefined ? {} : { 'Preference-Applied': `odata.maxpagesize=${preferred}` };
  return jsonReply(request.response, 200, body, headers);
}

/** The longest piece of a list body, in UTF-16 code units: under V8's 128 KiB large-object size even for two-byte text. */
const PIECE_LENGTH = 60_000;

/**
 * `head`, the rows separated by commas, `tail`, as pieces of at most {@link PIECE_LENGTH} characters
 * (a row longer than that is a piece of its own). Not one string: a page of 100 jobs is 150-230 kB,
 * and V8 gives every string of 128 KiB or more a fresh large-object mapping whose pages fault on
 * first touch (on the benchmark VM ~15 µs a fault, ~40 a page: the join cost 5-8 times the SQL).
 */
function pagePieces(head: string, rows: readonly string[], tail: string): string[] {
  const pieces: string[] = [];
  let parts: string[] = [head];
  let length = head.length;
  rows.forEach((row, i) => {
    const part = i === 0 ? row : `,${row}`;
    if (length + part.length > PIECE_LENGTH && length > 0) {
      pieces.push(parts.join(''));
      parts = [];
      length = 0;
    }
    parts.push(part);
    length += part.length;
  });
  if (length + tail.length > PIECE_LENGTH) {
    pieces.push(parts.join(''));
    parts = [];
  }
  parts.push(tail);
  pieces.push(parts.join(''));
  return pieces;
}

/** `GET …/jobs/$count`: the bare number, as text. */
export async function countJobs(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  await requireServicePrincipal(parts, route.servicePrincipalId);
  const query = parseListQuery(request.query, { dollarOptional: route.version === 'beta' });
  const count = await parts.db.jobs.count(route.servicePrincipalId, query, { now: parts.clock.now().toISOString() });
  return textReply(request.response, 200, String(count));
}

/** `POST …/jobs`: a new job from an offered template, `Paused` until started. */
export async function createJob(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  const write = readJobWrite(request.json(), 'create');
  await requireServicePrincipal(parts, route.servicePrincipalId);
  // the templates read before the write lock is taken (only a fixture changes them): less time holding it
  const templates = await templatesOf(parts.db, route.servicePrincipalId);
  const template = templates.find((t) => t.json.id === write.templateId);
  if (!template) {
    throw badRequest(
      `The template '${write.templateId}' is not offered by service principal '${route.servicePrincipalId}'. Offered templates: ${templates.map((t) => t.json.id).join(', ')}.`,
    );
  }
  const body = await parts.store.transaction(async (tx) => {
    let id: string;
    do id = `${template.json.id}.${parts.tenantHex}.${parts.ids.guid()}`;
    while (await tx.jobs.exists(route.servicePrincipalId, id));
    const job: JobDocument = {
      id,
      templateId: template.json.id,
      schedule: { ...initialSchedule(), ...write.schedule },
      status: initialStatus(),
      synchronizationJobSettings: mergeSettings(template.defaultSettings, write.synchronizationJobSettings),
    };
    const serialized = serializeJob(job);
    await ensureServicePrincipal(parts, tx, route.servicePrincipalId);
    await tx.jobs.insert(route.servicePrincipalId, { id, templateId: template.json.id, body: serialized });
    return { id, serialized };
  });
  const location = `${request.origin}/${route.version}/servicePrincipals/${route.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(body.id)}`;
  return jsonReply(request.response, 201, withContext(entityContext(request, '*'), servedJob(request, body.serialized)), { Location: location });
}

/** `GET …/jobs/{id}`, with `$select` and `$expand=schema` (the schema inline, as `…/schema` answers it). */
export async function getJob(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  const { select, expand } = parseEntityQuery(request.query, { dollarOptional: route.version === 'beta' });
  await requireServicePrincipal(parts, route.servicePrincipalId);
  const json = await parts.db.jobs.get(route.servicePrincipalId, route.jobId!, select);
  if (json === undefined) throw resourceNotFound(route.jobId!);
  let body = withContext(entityContext(request, select, expand), servedJob(request, json));
  if (expand.includes('schema')) {
    const job = JSON.parse(select === '*' ? json : (await parts.db.jobs.get(route.servicePrincipalId, route.jobId!))!) as JobDocument;
    body = `${body.slice(0, -1)},"schema":${JSON.stringify(await servedJobSchema(parts.db, route.servicePrincipalId, job))}}`;
  }
  return jsonReply(request.response, 200, body);
}

/** `PATCH …/jobs/{id}`: `schedule` merges, `synchronizationJobSettings` replaces; one transaction. */
export async function updateJob(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  const write = readJobWrite(request.json(), 'update');
  await requireServicePrincipal(parts, route.servicePrincipalId);
  await parts.store.transaction(async (tx) => {
    const json = await tx.jobs.get(route.servicePrincipalId, route.jobId!);
    if (json === undefined) throw resourceNotFound(route.jobId!);
    const job = JSON.parse(json) as JobDocument;
    if (write.schedule) job.schedule = { ...job.schedule, ...write.schedule };
    if (write.synchronizationJobSettings) job.synchronizationJobSettings = [...write.synchronizationJobSettings];
    await tx.jobs.replaceBody(route.servicePrincipalId, route.jobId!, serializeJob(job));
  });
  return noContent(request.response);
}

/** A stored job (or the selected part of it) as the request asks for it: Int64 values as strings with IEEE754Compatible=true. */
function servedJob(request: RoutedRequest, json: string): string {
  return request.response.ieee754Compatible ? withInt64Strings(json, synchronizationJob) : json;
}

/** `DELETE …/jobs/{id}`: the job and everything that hangs off it. */
export async function deleteJob(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  await requireServicePrincipal(parts, route.servicePrincipalId);
  const deleted = await parts.store.transaction((tx) => tx.jobs.delete(route.servicePrincipalId, route.jobId!));
  if (!deleted) throw resourceNotFound(route.jobId!);
  return noContent(request.response);
}

