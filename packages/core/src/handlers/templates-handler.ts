import { keyLiteral } from '../routing/request-url.js';
import { resourceNotFound } from '../errors/graph-error.js';
import { jsonReply, withContext, type Reply } from '../http/responses.js';
import { templateOf, templatesOf, type ResolvedTemplate } from '../templates/template-lookup.js';
import type { ApiVersion } from '../routing/route.js';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { requireServicePrincipal } from './lookups.js';


/** GET `…/synchronization/templates`, `…/templates/{id}` and `…/templates/{id}/schema`. */
export async function templatesResource(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route, origin } = request;
  await requireServicePrincipal(parts, route.servicePrincipalId);
  const base = `${origin}/${route.version}/$metadata#servicePrincipals('${route.servicePrincipalId}')/synchronization/templates`;
  if (route.resource === 'templates') {
    const value = (await templatesOf(parts.db, route.servicePrincipalId)).map((template) => inVersion(template.json, route.version));
    return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': base, value }));
  }
  const template = await templateOf(parts.db, route.servicePrincipalId, route.templateId!);
  if (!template) throw resourceNotFound(route.templateId!);
  if (route.resource === 'template') return jsonReply(request.response, 200, withContext(`${base}/$entity`, JSON.stringify(inVersion(template.json, route.version))));
  const schema = { id: template.json.id, ...template.json.schema };
  return jsonReply(request.response, 200, withContext(`${base}('${keyLiteral(template.json.id)}')/schema/$entity`, JSON.stringify(schema)));
}

/**
 * The members of the enum `synchronizationMetadata` on each version: v1.0 spells them in
 * PascalCase, beta in camelCase (but for `IsSynchronizationAgentAssignmentRequired`), and enum
 * values travel by member name. Templates are kept in v1.0's spelling (fixtures may use either).
 */
const METADATA_KEYS: ReadonlyArray<readonly [v1: string, beta: string]> = [
  ['GalleryApplicationIdentifier', 'galleryApplicationIdentifier'],
  ['GalleryApplicationKey', 'galleryApplicationKey'],
  ['IsOAuthEnabled', 'isOAuthEnabled'],
  ['IsSynchronizationAgentAssignmentRequired', 'IsSynchronizationAgentAssignmentRequired'],
  ['IsSynchronizationAgentRequired', 'isSynchronizationAgentRequired'],
  ['IsSynchronizationInPreview', 'isSynchronizationInPreview'],
  ['OAuthSettings', 'oAuthSettings'],
  ['SynchronizationLearnMoreIbizaFwLink', 'synchronizationLearnMoreIbizaFwLink'],
  ['ConfigurationFields', 'configurationFields'],
];
const KEY_IN: Readonly<Record<ApiVersion, ReadonlyMap<string, string>>> = {
  'v1.0': new Map(METADATA_KEYS.flatMap(([v1, beta]) => [[v1, v1], [beta, v1]] as const)),
  beta: new Map(METADATA_KEYS.flatMap(([v1, beta]) => [[v1, beta], [beta, beta]] as const)),
};

/**
 * A template as a version serves it: its metadata keys are that version's enum members, and its
 * inline schema carries its id (the template's, as `…/templates/{id}/schema` answers it).
 */
function inVersion(template: ResolvedTemplate['json'], version: ApiVersion): ResolvedTemplate['json'] {
  const schema = { id: template.id, ...template.schema };
  const metadata = template['metadata'];
  if (!Array.isArray(metadata)) return { ...template, schema };
  const keys = KEY_IN[version];
  const entries = metadata.map((entry: unknown) => {
    if (entry === null || typeof entry !== 'object') return entry;
    const key = (entry as { key?: unknown }).key;
    return typeof key === 'string' && keys.has(key) ? { ...entry, key: keys.get(key) } : entry;
  });
  return { ...template, metadata: entries, schema };
}
