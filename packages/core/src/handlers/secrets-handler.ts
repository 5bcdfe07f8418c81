import { GraphError, badRequest } from '../errors/graph-error.js';
import { jsonReply, noContent, type Reply } from '../http/responses.js';
import { describeJson, isPlainObject } from '../payload/value-checker.js';
import { JSON_SECRET_KEYS, SENSITIVE_SECRET_KEYS } from '../payload/secret-keys.js';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { readCredentials } from './job-actions-handler.js';
import { requireServicePrincipal } from './lookups.js';

/** GET (masked) and PUT (replace the set) `…/synchronization/secrets`. */
export function secretsResource(parts: EmulatorParts, request: RoutedRequest): Reply {
  const { route, origin } = request;
  const spId = route.servicePrincipalId;
  requireServicePrincipal(parts, spId);
  if (request.method === 'GET') {
    const value = parts.store.servicePrincipals.secrets(spId).map(({ key, value: secret }) => ({ key, value: SENSITIVE_SECRET_KEYS.has(key) ? '*' : secret }));
    const context = `${origin}/${route.version}/$metadata#servicePrincipals('${spId}')/synchronization/secrets`;
    return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': context, value }));
  }
  const body = request.json();
  if (!isPlainObject(body)) throw badRequest(`The request body must be a JSON object such as {"value": [{"key": "BaseAddress", "value": "https://…"}]}, not ${describeJson(body)}.`);
  for (const key of Object.keys(body)) {
    if (!key.includes('@') && key !== 'value') throw badRequest(`Could not find a property named '${key}'; the body of PUT …/secrets is {"value": [...]}.`);
  }
  if (!Array.isArray(body['value'])) throw badRequest(`The property 'value' must be an array of synchronizationSecretKeyStringValuePair.`);
  const pairs = readCredentials(body['value'], 'value');
  for (const pair of pairs) {
    if (JSON_SECRET_KEYS.has(pair.key) && !isJsonObject(pair.value)) throw invalidNotificationSettings();
  }
  const kept = new Map<string, string>();
  for (const pair of pairs) {
    if (pair.value === '') kept.delete(pair.key);
    else kept.set(pair.key, pair.value);
  }
  parts.store.transaction(() => {
    parts.store.servicePrincipals.ensure(spId, parts.clock.now().toISOString());
    parts.store.servicePrincipals.replaceSecrets(spId, [...kept].map(([key, value]) => ({ key, value })));
  });
  return noContent(request.response);
}

function isJsonObject(text: string): boolean {
  try {
    return isPlainObject(JSON.parse(text));
  } catch {
    return false;
  }
}

/** The backend's 400 as Graph wraps it (graph-sync-api.md §5.2, §7.2). */
function invalidNotificationSettings(): GraphError {
  const inner = '{\r\n  "error":{\r\n    "code":"InvalidNotificationSettings","message":null,"target":null,"details":[\r\n      \r\n    ],"innerError":null\r\n  }\r\n}';
  return new GraphError(400, 'UnknownError', inner);
}
