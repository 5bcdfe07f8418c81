import { csdlDocument } from '../metadata/csdl-document.js';
import { jsonReply, xmlReply, type Reply, type ResponseContext } from '../http/responses.js';
import type { ServiceRoute } from '../routing/service-route.js';

const VERSIONS = ['v1.0', 'beta'] as const;

/**
 * `GET /` from a JSON client: the base URLs (a browser gets the workbench page); `GET /{version}/`: the OData
 * service document; `GET /{version}/$metadata`: the CSDL every `@odata.context` names.
 */
export function serviceResource(route: ServiceRoute, origin: string, response: ResponseContext): Reply {
  switch (route.kind) {
    case 'root':
      return jsonReply(response, 200, JSON.stringify({ value: VERSIONS.map((name) => ({ name, url: `${origin}/${name}` })) }));
    case 'serviceDocument':
      return jsonReply(
        response,
        200,
        JSON.stringify({ '@odata.context': `${origin}/${route.version}/$metadata`, value: [{ name: 'servicePrincipals', kind: 'EntitySet', url: 'servicePrincipals' }] }),
      );
    case 'metadata':
      return xmlReply(response, 200, csdlDocument(route.version));
  }
}
