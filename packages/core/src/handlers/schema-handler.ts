import { keyLiteral } from '../routing/request-url.js';
import { badRequest, resourceNotFound } from '../errors/graph-error.js';
import { jsonReply, noContent, withContext, type Reply } from '../http/responses.js';
import type { JobDocument } from '../jobs/job-document.js';
import { checkValue, describeJson, isPlainObject, problemError } from '../payload/value-checker.js';
import { synchronizationSchema } from '../payload/schema-model.js';
import { withRequiredMembers } from '../payload/model-order.js';
import { templateOf, type SchemaJson } from '../templates/template-lookup.js';
import type { AsyncRepositories } from '@syncemu/store';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { FILTER_OPERATORS, MAPPING_FUNCTIONS } from './schema-catalog.js';
import { requireJob, requireTemplate } from './lookups.js';
import { parseExpression } from '../expressions/expression.js';

function loadJob(parts: EmulatorParts, request: RoutedRequest): Promise<JobDocument> {
  return requireJob(parts, request.route.servicePrincipalId, request.route.jobId!);
}

/** Inside a write: the job read before the transaction may have been deleted since (a 404, not a foreign-key failure). */
async function stillThere(tx: AsyncRepositories, servicePrincipalId: string, jobId: string): Promise<void> {
  if (!(await tx.jobs.exists(servicePrincipalId, jobId))) throw resourceNotFound(jobId);
}

/** The job's schema: what a PUT stored, else its template's default. */
export async function jobSchema(db: AsyncRepositories, servicePrincipalId: string, job: JobDocument): Promise<SchemaJson> {
  const stored = await db.runs.schema(servicePrincipalId, job.id);
  if (stored !== undefined) return JSON.parse(stored) as SchemaJson;
  const template = await templateOf(db, servicePrincipalId, job.templateId);
  const schema = template?.json.schema ?? { directories: [], synchronizationRules: [] };
  return { ...schema, id: job.id };
}

/** The job's schema as GET `…/schema` answers it (and `$expand=schema` puts it inline). */
export async function servedJobSchema(db: AsyncRepositories, servicePrincipalId: string, job: JobDocument): Promise<SchemaJson> {
  return orderSchema(await jobSchema(db, servicePrincipalId, job));
}

function schemaContext(request: RoutedRequest, suffix: string): string {
  const { route, origin } = request;
  return `${origin}/${route.version}/$metadata#servicePrincipals('${route.servicePrincipalId}')/synchronization/jobs('${keyLiteral(route.jobId!)}')/schema${suffix}`;
}

/** GET, PUT, DELETE `…/jobs/{id}/schema`. */
export async function schemaResource(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  const job = await loadJob(parts, request);
  if (request.method === 'GET') {
    return jsonReply(request.response, 200, withContext(schemaContext(request, '/$entity'), JSON.stringify(await servedJobSchema(parts.db, route.servicePrincipalId, job))));
  }
  if (request.method === 'DELETE') {
    await parts.store.transaction(async (tx) => {
      await stillThere(tx, route.servicePrincipalId, job.id);
      await tx.runs.deleteSchema(route.servicePrincipalId, job.id);
      await parts.lifecycle.schemaChanged(tx, route.servicePrincipalId, job.id);
    });
    return noContent(request.response);
  }
  const schema = readSchema(request.json());
  const stored: SchemaJson = {
    ...schema,
    id: job.id,
    version: `Date:${parts.clock.now().toISOString().replace('Z', '0000Z')}, ActivityId:${parts.ids.guid()}`,
  };
  await parts.store.transaction(async (tx) => {
    await stillThere(tx, route.servicePrincipalId, job.id);
    // stored as Graph answers it: what the body left out of a non-nullable member gets its default
    await tx.runs.putSchema(route.servicePrincipalId, job.id, JSON.stringify(orderSchema(withRequiredMembers(stored, synchronizationSchema) as SchemaJson)));
    await parts.lifecycle.schemaChanged(tx, route.servicePrincipalId, job.id);
  });
  return noContent(request.response);
}

/** Checks a PUT body: the synchronizationSchema shape, and rules that name directories it has. */
function readSchema(body: unknown): SchemaJson {
  const problem = checkValue(body, synchronizationSchema, false);
  if (problem) throw problemError(problem, 'schema');
  const schema = body as Partial<SchemaJson>;
  const directories = schema.directories ?? [];
  const rules = schema.synchronizationRules ?? [];
  const names = new Set<string>();
  directories.forEach((directory, i) => {
    const name = directory['name'];
    if (typeof name !== 'string' || name === '') throw badRequest(`The property 'directories[${i}].name' is required: rules refer to directories by name.`);
    if (names.has(name)) throw badRequest(`Two directories are named '${name}'; directory names must be unique within a schema.`);
    names.add(name);
  });
  rules.forEach((rule, i) => {
    for (const side of ['sourceDirectoryName', 'targetDirectoryName'] as const) {
      const name = rule[side];
      if (typeof name !== 'string' || !names.has(name)) {
        throw badRequest(`The property 'synchronizationRules[${i}].${side}' must name one of the schema's directories (${[...names].join(', ') || 'none'}), not ${JSON.stringify(name ?? null)}.`);
      }
    }
  });
  return { directories, synchronizationRules: rules };
}

function orderSchema(schema: SchemaJson): SchemaJson {
  const { id, version, synchronizationRules, directories } = schema;
  return { ...(id !== undefined && { id }), ...(version !== undefined && { version }), synchronizationRules, directories } as SchemaJson;
}

/**
 * The schema a directories request is about, with the context URL of its `schema`: a job's (what
 * discover finds is stored in it), or a template's, which is read-only on a service principal
 * (template writes are on `/applications`, not emulated), so discover there stores nothing.
 */
async function directoriesOwner(parts: EmulatorParts, request: RoutedRequest): Promise<{ schema: SchemaJson; context: string; save?: (schema: SchemaJson) => Promise<void> }> {
  const { route, origin } = request;
  if (route.jobId !== undefined) {
    const job = await loadJob(parts, request);
    return {
      schema: await jobSchema(parts.db, route.servicePrincipalId, job),
      context: schemaContext(request, ''),
      save: (schema) =>
        parts.store.transaction(async (tx) => {
          await stillThere(tx, route.servicePrincipalId, job.id);
          await tx.runs.putSchema(route.servicePrincipalId, job.id, JSON.stringify(orderSchema(schema)));
        }),
    };
  }
  const template = await requireTemplate(parts, route.servicePrincipalId, route.templateId!);
  return {
    schema: { id: template.json.id, ...template.json.schema },
    context: `${origin}/${route.version}/$metadata#servicePrincipals('${route.servicePrincipalId}')/synchronization/templates('${keyLiteral(template.json.id)}')/schema`,
  };
}

/** GET `…/schema/directories` and `…/schema/directories/{id}`; POST `…/{id}/discover`; of a job or a template. */
export async function directoriesResource(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route } = request;
  const { schema, context, save } = await directoriesOwner(parts, request);
  if (route.resource === 'jobSchemaDirectories' || route.resource === 'templateSchemaDirectories') {
    return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': `${context}/directories`, value: schema.directories }));
  }
  const index = schema.directories.findIndex((directory) => directory['id'] === route.directoryId);
  if (index < 0) throw resourceNotFound(route.directoryId!);
  const discover = route.resource === 'jobSchemaDiscover' || route.resource === 'templateSchemaDiscover';
  if (discover && request.hasBody()) {
    // discover takes no body (graph-sync-api.md §3.3.7): {} is tolerated, anything in it is not
    const body = request.json();
    if (!isPlainObject(body)) throw badRequest(`The discover action takes no body; send none (or {}), not ${describeJson(body)}.`);
    const [name] = Object.keys(body).filter((key) => !key.includes('@'));
    if (name !== undefined) throw badRequest(`'${name}' is not a parameter of the discover action; it has none.`);
  }
  if (!discover) {
    return jsonReply(request.response, 200, withContext(`${context}/directories/$entity`, JSON.stringify(schema.directories[index])));
  }
  const discovered = {
    ...schema.directories[index],
    discoveryDateTime: parts.clock.now().toISOString(),
    version: `Date:${parts.clock.now().toISOString()}, ActivityId:${parts.ids.guid()}`,
  };
  await save?.({ ...schema, directories: schema.directories.map((directory, i) => (i === index ? discovered : directory)) });
  return jsonReply(request.response, 200, withContext(`${request.origin}/${route.version}/$metadata#microsoft.graph.directoryDefinition`, JSON.stringify(discovered)));
}

/** GET `…/schema/filterOperators` and `…/schema/functions` (with or without `()`). */
export async function schemaFunctions(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route, origin } = request;
  if (route.jobId !== undefined) await loadJob(parts, request);
  else await requireTemplate(parts, route.servicePrincipalId, route.templateId!);
  if (route.resource === 'jobSchemaFilterOperators' || route.resource === 'templateSchemaFilterOperators') {
    return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': `${origin}/${route.version}/$metadata#Collection(microsoft.graph.filterOperatorSchema)`, value: FILTER_OPERATORS }));
  }
  return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': `${origin}/${route.version}/$metadata#functions`, value: MAPPING_FUNCTIONS }));
}


/**
 * POST `…/schema/parseExpression` of a job or a template: 200 with a parseExpressionResponse;
 * an expression that does not parse or evaluate is answered in it, not as an HTTP error
 * (graph-sync-api.md §3.3.6).
 */
export async function parseExpressionResource(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route, origin } = request;
  if (route.jobId !== undefined) await loadJob(parts, request);
  else await requireTemplate(parts, route.servicePrincipalId, route.templateId!);
  const response = parseExpression(request.json());
  return jsonReply(request.response, 200, withContext(`${origin}/${route.version}/$metadata#microsoft.graph.parseExpressionResponse`, JSON.stringify(response)));
}
