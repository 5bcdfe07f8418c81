import type { Reply } from '../http/responses.js';
import type { ResourceName } from '../routing/route.js';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { countJobs, createJob, deleteJob, getJob, listJobs, updateJob } from './jobs-handler.js';
import { acquireAccessToken, bulkUpload, getBulkUpload, jobAction, validateCredentialsForTemplate } from './job-actions-handler.js';
import { directoriesResource, parseExpressionResource, schemaFunctions, schemaResource } from './schema-handler.js';
import { templatesResource } from './templates-handler.js';
import { pingResource, secretsResource, synchronizationResource } from './synchronization-handler.js';

export type Handler = (parts: EmulatorParts, request: RoutedRequest) => Promise<Reply>;

const byMethod =
  (handlers: Partial<Record<string, Handler>>): Handler =>
  (parts, request) =>
    handlers[request.method]!(parts, request);

/** Which handler answers each resource (the router has already checked the method). */
export const HANDLERS: Readonly<Record<ResourceName, Handler>> = {
  jobs: byMethod({ GET: listJobs, POST: createJob }),
  jobsCount: countJobs,
  jobsValidateCredentials: validateCredentialsForTemplate,
  job: byMethod({ GET: getJob, PATCH: updateJob, DELETE: deleteJob }),
  jobAction,
  jobSchema: schemaResource,
  jobSchemaDirectories: directoriesResource,
  jobSchemaDirectory: directoriesResource,
  jobSchemaDiscover: directoriesResource,
  jobSchemaFilterOperators: schemaFunctions,
  jobSchemaFunctions: schemaFunctions,
  jobSchemaParseExpression: parseExpressionResource,
  templates: templatesResource,
  template: templatesResource,
  templateSchema: templatesResource,
  templateSchemaFilterOperators: schemaFunctions,
  templateSchemaFunctions: schemaFunctions,
  templateSchemaParseExpression: parseExpressionResource,
  templateSchemaDirectories: directoriesResource,
  templateSchemaDirectory: directoriesResource,
  templateSchemaDiscover: directoriesResource,
  synchronization: synchronizationResource,
  synchronizationPing: pingResource,
  secrets: secretsResource,
  acquireAccessToken,
  jobBulkUpload: byMethod({ GET: getBulkUpload, POST: bulkUpload }),
};
