import type { RateLimiter } from '../limits/rate-limiter.js';
import { keyLiteral } from '../routing/request-url.js';
import { GraphError, badRequest } from '../errors/graph-error.js';
import { jsonReply, noContent, Reply } from '../http/responses.js';
import { headerValue } from '../http/types.js';
import type { JobDocument } from '../jobs/job-document.js';
import { RESTART_FLAGS, DEFAULT_RESTART_SCOPE, type RestartFlag } from '../lifecycle/job-state-machine.js';
import { checkValue, describeJson, isPlainObject, problemError } from '../payload/value-checker.js';
import { collectionOf, complexType, primitive, type ComplexType } from '@syncemu/odata';
import { SECRET_KEYS } from '../payload/secret-keys.js';
import { templateOf } from '../templates/template-lookup.js';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { jobSchema } from './schema-handler.js';
import { requireJob, requireServicePrincipal } from './lookups.js';



/** The body of an action: optional; when present, a JSON object. */
function optionalBody(request: RoutedRequest): Record<string, unknown> {
  if (!request.hasBody()) return {};
  const body = request.json();
  if (!isPlainObject(body)) throw badRequest(`The request body must be a JSON object, not ${describeJson(body)}.`);
  return body;
}

function onlyParameters(body: Record<string, unknown>, action: string, names: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!key.includes('@') && !names.includes(key)) {
      throw badRequest(`'${key}' is not a parameter of the ${action} action; its parameters are ${names.length ? names.join(', ') : 'none'}.`);
    }
  }
}

/** `POST …/jobs/{id}/start`, `pause`, `restart`: 204. */
export async function jobAction(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  const jobId = route.jobId!;
  const job = await requireJob(parts, route.servicePrincipalId, jobId);
  switch (route.action) {
    case 'start':
      onlyParameters(optionalBody(request), 'start', []);
      await parts.lifecycle.start(route.servicePrincipalId, jobId, parts.clock.now());
      return noContent(request.response);
    case 'pause':
      onlyParameters(optionalBody(request), 'pause', []);
      await parts.lifecycle.pause(route.servicePrincipalId, jobId, parts.clock.now());
      return noContent(request.response);
    case 'restart': {
      const body = optionalBody(request);
      onlyParameters(body, 'restart', ['criteria']);
      await parts.lifecycle.restart(route.servicePrincipalId, jobId, readRestartScope(body['criteria']), parts.clock.now());
      return noContent(request.response);
    }
    case 'validateCredentials': {
      await validateCredentials(parts, request, job.templateId);
      return noContent(request.response);
    }
    case 'provisionOnDemand':
      return provisionOnDemand(parts, request, job);
    default:
      throw new Error(`jobAction: no handler for ${String(route.action)}`);
  }
}

/** `criteria.resetScope`: comma-separated flag names; empty or absent = QuarantineState, Watermark, Escrows. */
export function readRestartScope(criteria: unknown): Set<RestartFlag> {
  if (criteria === undefined || criteria === null) return new Set(DEFAULT_RESTART_SCOPE);
  if (!isPlainObject(criteria)) throw badRequest(`The parameter 'criteria' must be a synchronizationJobRestartCriteria object such as {"resetScope": "Watermark, Escrows"}.`);
  for (const key of Object.keys(criteria)) {
    if (!key.includes('@') && key !== 'resetScope') throw badRequest(`Could not find a property named '${key}' on type 'microsoft.graph.synchronizationJobRestartCriteria'.`);
  }
  const scope = criteria['resetScope'];
  if (scope === undefined || scope === null || scope === '') return new Set(DEFAULT_RESTART_SCOPE);
  if (typeof scope !== 'string') throw badRequest(`The property 'criteria.resetScope' must be a string of flag names such as "Watermark, Escrows", not ${describeJson(scope)}.`);
  const flags = new Set<RestartFlag>();
  for (const part of scope.split(',')) {
    const name = part.trim();
    const flag = RESTART_FLAGS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!flag) throw badRequest(`'${name}' is not a member of microsoft.graph.synchronizationJobRestartScope (${RESTART_FLAGS.join(', ')}).`);
    flags.add(flag);
  }
  return flags;
}

/** `POST …/jobs/validateCredentials` (before a job exists): 204 or the error naming what is missing. */
export async function validateCredentialsForTemplate(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  await requireServicePrincipal(parts, request.route.servicePrincipalId);
  await validateCredentials(parts, request, undefined);
  return noContent(request.response);
}

const VALIDATE_PARAMETERS = ['applicationIdentifier', 'templateId', 'useSavedCredentials', 'credentials'];

async function validateCredentials(parts: EmulatorParts, request: RoutedRequest, jobTemplateId: string | undefined): Promise<void> {
  const body = optionalBody(request);
  onlyParameters(body, 'validateCredentials', VALIDATE_PARAMETERS);
  const { servicePrincipalId } = request.route;
  for (const name of ['applicationIdentifier', 'templateId'] as const) {
    const value = body[name];
    if (value !== undefined && value !== null && typeof value !== 'string') throw badRequest(`The parameter '${name}' must be a string, not ${describeJson(value)}.`);
  }
  const templateId = body['templateId'] ?? jobTemplateId;
  if (typeof templateId !== 'string' || templateId === '') {
    throw badRequest(`The parameter 'templateId' is required when validating credentials without a job: name the template the credentials are for.`);
  }
  const template = await templateOf(parts.db, servicePrincipalId, templateId);
  if (!template) throw badRequest(`The template '${templateId}' is not offered by service principal '${servicePrincipalId}'.`);
  const useSaved = body['useSavedCredentials'];
  if (useSaved !== undefined && typeof useSaved !== 'boolean') throw badRequest(`The parameter 'useSavedCredentials' must be a boolean, not ${describeJson(useSaved)}.`);
  const credentials = useSaved === true ? await parts.db.servicePrincipals.secrets(servicePrincipalId) : readCredentials(body['credentials']);
  const given = new Map(credentials.filter((pair) => pair.value !== '').map((pair) => [pair.key, pair.value]));
  const missing = template.requiredSecrets.filter((key) => !given.has(key));
  if (missing.length > 0) {
    const where = useSaved === true ? 'the saved secrets lack' : 'the credentials lack';
    throw new GraphError(400, 'CredentialValidationFailed', `Cannot validate credentials for template '${templateId}': ${where} ${missing.join(', ')} (required: ${template.requiredSecrets.join(', ')}).`);
  }
  const baseAddress = given.get('BaseAddress');
  if (baseAddress !== undefined && !/^https?:\/\/[^\s/?#]+/i.test(baseAddress)) {
    throw new GraphError(400, 'CredentialValidationFailed', `Cannot validate credentials for template '${templateId}': BaseAddress '${baseAddress}' is not an absolute http or https URL.`);
  }
}

/** `credentials`: synchronizationSecretKeyStringValuePair[] with known keys. */
export function readCredentials(value: unknown, parameter = 'credentials'): { key: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest(`The parameter '${parameter}' must be an array of {"key", "value"} pairs, not ${describeJson(value)}.`);
  return value.map((pair, i) => {
    if (!isPlainObject(pair)) throw badRequest(`'${parameter}[${i}]' must be an object with key and value, not ${describeJson(pair)}.`);
    for (const key of Object.keys(pair)) {
      if (!key.includes('@') && key !== 'key' && key !== 'value') throw badRequest(`Could not find a property named '${key}' on type 'microsoft.graph.synchronizationSecretKeyStringValuePair'.`);
    }
    const key = pair['key'];
    if (typeof key !== 'string' || !SECRET_KEYS.has(key)) {
      throw badRequest(`'${parameter}[${i}].key' must be a member of microsoft.graph.synchronizationSecret such as BaseAddress or SecretToken${typeof key === 'string' ? `, not '${key}'` : ''}.`);
    }
    const secret = pair['value'] ?? '';
    if (typeof secret !== 'string') throw badRequest(`'${parameter}[${i}].value' must be a string, not ${describeJson(secret)}.`);
    return { key, value: secret };
  });
}

const str = primitive('Edm.String');

/** synchronizationJobSubject, with its links (manager, members, owners: subjects again), to this depth. */
function jobSubject(depth: number): ComplexType {
  const rows: [string, ReturnType<typeof primitive> | ComplexType, boolean][] = [
    ['objectId', str, true],
    ['objectTypeName', str, true],
  ];
  if (depth > 0) {
    const inner = jobSubject(depth - 1);
    rows.push(['links', complexType('microsoft.graph.synchronizationLinkedObjects', [['manager', inner, true], ['members', collectionOf(inner), true], ['owners', collectionOf(inner), true]]), true]);
  }
  return complexType('microsoft.graph.synchronizationJobSubject', rows);
}

/** The provisionOnDemand `parameters` entry type (graph-sync-api.md §2.10). */
const ON_DEMAND_PARAMETERS = complexType('microsoft.graph.synchronizationJobApplicationParameters', [
  ['ruleId', str, true],
  ['subjects', collectionOf(jobSubject(3)), true],
]);

/** `POST …/jobs/{id}/provisionOnDemand`: 200 with the documented stringKeyStringValuePair. */
async function provisionOnDemand(parts: EmulatorParts, request: RoutedRequest, job: JobDocument): Promise<Reply> {
  const { route } = request;
  const now = parts.clock.now();
  const limitKey = `${route.servicePrincipalId}/${job.id}`;
  refuseWhenThrottled(parts.onDemandLimiter, limitKey, now.getTime(), job.id, 'provisionOnDemand');
  const body = request.json();
  if (!isPlainObject(body)) throw badRequest(`The request body must be a JSON object such as {"parameters": [...]}, not ${describeJson(body)}.`);
  onlyParameters(body, 'provisionOnDemand', ['parameters']);
  const parameters = body['parameters'];
  if (!Array.isArray(parameters) || parameters.length === 0) throw badRequest(`The parameter 'parameters' must be a non-empty array of synchronizationJobApplicationParameters.`);
  // every entry, every subject, every link is checked against the model before anything is answered
  const problem = checkValue(parameters, collectionOf(ON_DEMAND_PARAMETERS), false, ['parameters']);
  if (problem) throw problemError(problem);
  const schema = await jobSchema(parts.db, route.servicePrincipalId, job);
  const entries = (parameters as Record<string, unknown>[]).map((entry, i) => {
    const ruleId = typeof entry['ruleId'] === 'string' ? entry['ruleId'] : '';
    const rule = schema.synchronizationRules.find((candidate) => candidate['id'] === ruleId) as { sourceDirectoryName?: string; targetDirectoryName?: string } | undefined;
    if (!rule) {
      throw new GraphError(
        400,
        'RequestParameterInvalid',
        `The request identified this synchronization job: ${job.id}.  The request also identified this synchronization rule: ${ruleId}.  However, the job does not include the rule.`,
      );
    }
    const subjects = entry['subjects'];
    if (!Array.isArray(subjects) || subjects.length === 0) throw badRequest(`'parameters[${i}].subjects' must be a non-empty array of synchronizationJobSubject.`);
    (subjects as Record<string, unknown>[]).forEach((subject, j) => {
      if (typeof subject['objectId'] !== 'string' || subject['objectId'] === '' || typeof subject['objectTypeName'] !== 'string' || subject['objectTypeName'] === '') {
        throw badRequest(`'parameters[${i}].subjects[${j}]' needs objectId and objectTypeName strings.`);
      }
    });
    return { rule, subjects: subjects as Record<string, unknown>[] };
  });
  // Only a call that is answered counts toward the limit: a refused one changed nothing. Checked
  // again with nothing awaited before the record: a call answered meanwhile may have used the last one.
  refuseWhenThrottled(parts.onDemandLimiter, limitKey, now.getTime(), job.id, 'provisionOnDemand');
  parts.onDemandLimiter.record(limitKey, now.getTime());
  // The response holds one stringKeyStringValuePair: it reports the first subject of the first entry.
  const { rule } = entries[0]!;
  const subject = entries[0]!.subjects[0]!;
  const started = now.toISOString();
  const ended = new Date(now.getTime() + 1200).toISOString();
  const objectId = subject['objectId'] as string;
  const objectType = subject['objectTypeName'] as string;
  const key = JSON.stringify({ result: 'Success', details: {} });
  const value = objectType.toLowerCase() === 'group'
    ? '{}'
    : JSON.stringify({
        action: 'Create',
        changeId: parts.ids.guid(),
        endTime: ended,
        modifiedProperties: [],
        provisioningSteps: [
          { name: 'EntryImport', type: 'Import', status: 'Success', description: `Retrieved ${objectType} '${objectId}' from ${rule.sourceDirectoryName ?? 'the source'}`, timestamp: started, details: {} },
          { name: 'EntrySynchronizationScoping', type: 'Scoping', status: 'Success', description: `Determined that ${objectType} '${objectId}' is in scope.`, timestamp: started, details: {} },
          { name: 'EntryExportAdd', type: 'Export', status: 'Success', description: `${objectType} '${objectId}' was created in ${rule.targetDirectoryName ?? 'the target'}`, timestamp: ended, details: {} },
        ],
        reportableIdentifier: objectId,
        startTime: started,
        statusInfo: { status: 'Success' },
        sourceIdentity: { id: objectId, identityType: objectType, details: {} },
        sourceSystem: { name: rule.sourceDirectoryName ?? null },
        targetIdentity: { id: parts.ids.guid(), identityType: objectType, details: {} },
        targetSystem: { name: rule.targetDirectoryName ?? null },
      });
  const context = `${request.origin}/${route.version}/$metadata#microsoft.graph.stringKeyStringValuePair`;
  return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': context, key, value }));
}

/** `POST …/servicePrincipals/{id}/synchronization/acquireAccessToken`: 204 once the credentials read (graph-sync-api.md §3.1.3). */
export async function acquireAccessToken(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  await requireServicePrincipal(parts, request.route.servicePrincipalId);
  const body = request.json();
  if (!isPlainObject(body)) throw badRequest(`The request body must be a JSON object such as {"credentials": [...]}, not ${describeJson(body)}.`);
  onlyParameters(body, 'acquireAccessToken', ['credentials']);
  if (!Array.isArray(body['credentials'])) throw badRequest(`The parameter 'credentials' must be an array of {"key", "value"} pairs, not ${describeJson(body['credentials'] ?? null)}.`);
  // The token is the connector's business: nothing is stored, as nothing of it shows through Graph.
  readCredentials(body['credentials']);
  return noContent(request.response);
}

export const BULK_UPLOAD_MAX_OPERATIONS = 50;
const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * `POST …/jobs/{id}/bulkUpload` (API-driven inbound provisioning): a SCIM BulkRequest sent as
 * `application/scim+json` is accepted with 202, no body, and a `Location` of the provisioning logs
 * of the job. The operations are checked, not applied: syncemu keeps no provisioning logs.
 */
export async function bulkUpload(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  const job = await requireJob(parts, route.servicePrincipalId, route.jobId!);
  if (job.templateId !== 'API2AAD') {
    throw badRequest(`bulkUpload is for API-driven inbound provisioning jobs (template API2AAD); the job '${job.id}' is of template '${job.templateId}'.`);
  }
  const mediaType = (headerValue(request.headers, 'content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== 'application/scim+json') {
    throw badRequest(`bulkUpload takes a SCIM BulkRequest with Content-Type: application/scim+json, not ${mediaType === '' ? 'a request without one' : `'${mediaType}'`}.`);
  }
  const now = parts.clock.now().getTime();
  const limitKey = `bulkUpload/${route.servicePrincipalId}/${job.id}`;
  refuseWhenThrottled(parts.bulkUploadLimiter, limitKey, now, job.id, 'bulkUpload');
  readBulkRequest(request.json());
  parts.bulkUploadLimiter.record(limitKey, now);
  const logs = `${request.origin}/${route.version}/auditLogs/provisioning/?$filter=${encodeURIComponent(`jobid eq '${job.id}'`)}`;
  return new Reply(202, { ...noContent(request.response).headers, Location: logs, 'Content-Length': '0' });
}

/**
 * GET `…/jobs/{id}/bulkUpload`: the navigation the CSDL declares (an entity with a stream and no
 * properties of its own). Nothing an upload sends is kept, so it is the bare entity, its id the
 * job's (decision 0013).
 */
export async function getBulkUpload(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route, origin } = request;
  const job = await requireJob(parts, route.servicePrincipalId, route.jobId!);
  const context = `${origin}/${route.version}/$metadata#servicePrincipals('${route.servicePrincipalId}')/synchronization/jobs('${keyLiteral(job.id)}')/bulkUpload/$entity`;
  return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': context, id: job.id }));
}

/** Checks a SCIM BulkRequest (RFC 7644 §3.7): its schema, 1-50 operations, each with a method, bulkId and path (and data unless it deletes). */
function readBulkRequest(body: unknown): void {
  if (!isPlainObject(body)) throw badRequest(`The request body must be a SCIM BulkRequest object, not ${describeJson(body)}.`);
  for (const key of Object.keys(body)) {
    if (!['schemas', 'Operations', 'failOnErrors'].includes(key)) throw badRequest(`'${key}' is not an attribute of a SCIM BulkRequest; its attributes are schemas, Operations and failOnErrors.`);
  }
  const schemas = body['schemas'];
  if (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST_SCHEMA)) throw badRequest(`The attribute 'schemas' must be an array holding '${BULK_REQUEST_SCHEMA}'.`);
  const failOnErrors = body['failOnErrors'];
  if (failOnErrors !== undefined && failOnErrors !== null && !(Number.isInteger(failOnErrors) && (failOnErrors as number) >= 0)) {
    throw badRequest(`The attribute 'failOnErrors' must be a non-negative integer or null, not ${JSON.stringify(failOnErrors)}.`);
  }
  const operations = body['Operations'];
  if (!Array.isArray(operations) || operations.length === 0) throw badRequest(`The attribute 'Operations' must be a non-empty array of bulk operations.`);
  if (operations.length > BULK_UPLOAD_MAX_OPERATIONS) throw badRequest(`A bulk request holds at most ${BULK_UPLOAD_MAX_OPERATIONS} operations; this one holds ${operations.length}.`);
  operations.forEach((operation: unknown, i) => {
    if (!isPlainObject(operation)) throw badRequest(`'Operations[${i}]' must be an object with method, bulkId, path and data, not ${describeJson(operation)}.`);
    const method = operation['method'];
    if (typeof method !== 'string' || !BULK_METHODS.includes(method.toUpperCase())) throw badRequest(`'Operations[${i}].method' must be one of ${BULK_METHODS.join(', ')}, not ${typeof method === 'string' ? `'${method}'` : describeJson(method ?? null)}.`);
    for (const name of ['bulkId', 'path'] as const) {
      if (typeof operation[name] !== 'string' || operation[name] === '') throw badRequest(`'Operations[${i}].${name}' must be a non-empty string.`);
    }
    if (method.toUpperCase() !== 'DELETE' && !isPlainObject(operation['data'])) throw badRequest(`'Operations[${i}].data' must be the SCIM resource to ${method.toUpperCase() === 'POST' ? 'create' : 'update'}, an object.`);
  });
}

/** The real service's 429 (graph-sync-api.md §5.4) when `key` has used up its calls; the call is not counted here. */
function refuseWhenThrottled(limiter: RateLimiter, key: string, now: number, jobId: string, category: string): void {
  const retryAfter = limiter.retryAfter(key, now);
  if (retryAfter !== undefined) {
    throw new GraphError(429, 'TooManyRequests', `Too many requests from Identifier:${jobId} under category:${category}. Please try again later.`, { 'Retry-After': String(retryAfter) });
  }
}

