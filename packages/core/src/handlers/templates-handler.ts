import { resourceNotFound } from '../errors/graph-error.js';
import { jsonReply, withContext, type Reply } from '../http/responses.js';
import { templateOf, templatesOf } from '../templates/template-lookup.js';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { requireServicePrincipal } from './lookups.js';


/** GET `…/synchronization/templates`, `…/templates/{id}` and `…/templates/{id}/schema`. */
export function templatesResource(parts: EmulatorParts, request: RoutedRequest): Reply {
  const { route, origin } = request;
  requireServicePrincipal(parts, route.servicePrincipalId);
  const base = `${origin}/${route.version}/$metadata#servicePrincipals('${route.servicePrincipalId}')/synchronization/templates`;
  if (route.resource === 'templates') {
    const value = templatesOf(parts.store, route.servicePrincipalId).map((template) => template.json);
    return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': base, value }));
  }
  const template = templateOf(parts.store, route.servicePrincipalId, route.templateId!);
  if (!template) throw resourceNotFound(route.templateId!);
  if (route.resource === 'template') return jsonReply(request.response, 200, withContext(`${base}/$entity`, JSON.stringify(template.json)));
  const schema = { id: template.json.id, ...template.json.schema };
  return jsonReply(request.response, 200, withContext(`${base}('${template.json.id}')/schema/$entity`, JSON.stringify(schema)));
}
