import { resourceNotFound } from '../errors/graph-error.js';
import type { JobDocument } from '../jobs/job-document.js';
import { templateOf, type ResolvedTemplate } from '../templates/template-lookup.js';
import type { AsyncRepositories } from '@syncemu/store';
import type { EmulatorParts } from './context.js';

/** In registered mode, a service principal no fixture registered does not exist (404). */
export function requireServicePrincipal(parts: EmulatorParts, servicePrincipalId: string): Promise<void> | undefined {
  // in auto mode every GUID is one: nothing to read (and no promise to wait for)
  if (parts.servicePrincipals !== 'registered') return undefined;
  return parts.db.servicePrincipals.get(servicePrincipalId).then((found) => {
    if (!found) throw resourceNotFound(servicePrincipalId);
  });
}

/**
 * Inside a write transaction `tx`: the service principal a write hangs off. In registered mode it
 * must still exist (a reset may have removed it since the request checked); in auto mode it is
 * created on first write.
 */
export async function ensureServicePrincipal(parts: EmulatorParts, tx: AsyncRepositories, servicePrincipalId: string): Promise<void> {
  if (parts.servicePrincipals === 'registered') {
    if (!(await tx.servicePrincipals.get(servicePrincipalId))) throw resourceNotFound(servicePrincipalId);
    return;
  }
  await tx.servicePrincipals.ensure(servicePrincipalId, parts.clock.now().toISOString());
}

/** The job at `…/servicePrincipals/{spId}/synchronization/jobs/{jobId}`, or the Graph 404. */
export async function requireJob(parts: EmulatorParts, servicePrincipalId: string, jobId: string): Promise<JobDocument> {
  await requireServicePrincipal(parts, servicePrincipalId);
  const json = await parts.db.jobs.get(servicePrincipalId, jobId);
  if (json === undefined) throw resourceNotFound(jobId);
  return JSON.parse(json) as JobDocument;
}

/** The template at `…/servicePrincipals/{spId}/synchronization/templates/{templateId}`, or the Graph 404. */
export async function requireTemplate(parts: EmulatorParts, servicePrincipalId: string, templateId: string): Promise<ResolvedTemplate> {
  await requireServicePrincipal(parts, servicePrincipalId);
  const template = await templateOf(parts.db, servicePrincipalId, templateId);
  if (!template) throw resourceNotFound(templateId);
  return template;
}
