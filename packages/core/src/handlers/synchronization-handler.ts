import { GraphError, badRequest } from '../errors/graph-error.js';
import { jsonReply, noContent, type Reply } from '../http/responses.js';
import { describeJson, isPlainObject } from '../payload/value-checker.js';
import { JSON_SECRET_KEYS, SENSITIVE_SECRET_KEYS } from '../payload/secret-keys.js';
import type { EmulatorParts, RoutedRequest } from './context.js';
import { readCredentials } from './job-actions-handler.js';
import { ensureServicePrincipal, requireServicePrincipal } from './lookups.js';

/** GET (masked) and PUT (replace the set) `…/synchronization/secrets`. */
export async function secretsResource(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route, origin } = request;
  const spId = route.servicePrincipalId;
  await requireServicePrincipal(parts, spId);
  if (request.method === 'GET') {
    const context = `${origin}/${route.version}/$metadata#servicePrincipals('${spId}')/synchronization/secrets`;
    return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': context, value: await maskedSecrets(parts, spId) }));
  }
  await replaceSecrets(parts, spId, readBody(request.json(), 'value', 'PUT …/secrets'));
  return noContent(request.response);
}

/**
 * GET `…/synchronization`: the entity (its id is the service principal's; its one structural
 * property, `secrets`, masked as on `…/secrets`). PUT replaces it, as the CSDL's UpdateRestrictions
 * say: `{"secrets": [...]}` replaces the secrets (decision 0013).
 */
export async function synchronizationResource(parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route, origin } = request;
  const spId = route.servicePrincipalId;
  await requireServicePrincipal(parts, spId);
  if (request.method === 'GET') {
    const context = `${origin}/${route.version}/$metadata#servicePrincipals('${spId}')/synchronization/$entity`;
    return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': context, id: spId, secrets: await maskedSecrets(parts, spId) }));
  }
  await replaceSecrets(parts, spId, readBody(request.json(), 'secrets', 'PUT …/synchronization'));
  return noContent(request.response);
}

/** GET `…/synchronization/Ping()` (beta): an undocumented function of the CSDL that returns a string; syncemu answers "Pong". */
export async function pingResource(_parts: EmulatorParts, request: RoutedRequest): Promise<Reply> {
  const { route, origin } = request;
  return jsonReply(request.response, 200, JSON.stringify({ '@odata.context': `${origin}/${route.version}/$metadata#Edm.String`, value: 'Pong' }));
}

async function maskedSecrets(parts: EmulatorParts, spId: string): Promise<{ key: string; value: string }[]> {
  return (await parts.db.servicePrincipals.secrets(spId)).map(({ key, value }) => ({ key, value: SENSITIVE_SECRET_KEYS.has(key) ? '*' : value }));
}

/** The secret pairs of a body `{"<property>": [...]}`; any other member is a 400. */
function readBody(body: unknown, property: 'value' | 'secrets', what: string): { key: string; value: string }[] {
  if (!isPlainObject(body)) throw badRequest(`The request body must be a JSON object such as {"${property}": [{"key": "BaseAddress", "value": "https://…"}]}, not ${describeJson(body)}.`);
  for (const key of Object.keys(body)) {
    if (!key.includes('@') && key !== property) throw badRequest(`Could not find a property named '${key}'; the body of ${what} is {"${property}": [...]}.`);
  }
  if (!Array.isArray(body[property])) throw badRequest(`The property '${property}' must be an array of synchronizationSecretKeyStringValuePair.`);
  const pairs = readCredentials(body[property], property);
  for (const pair of pairs) {
    if (JSON_SECRET_KEYS.has(pair.key) && !isJsonObject(pair.value)) throw invalidNotificationSettings();
  }
  return pairs;
}

/** Replaces the stored set: an empty value removes its key (graph-sync-api.md §3.1.1). */
async function replaceSecrets(parts: EmulatorParts, spId: string, pairs: readonly { key: string; value: string }[]): Promise<void> {
  const kept = new Map<string, string>();
  for (const pair of pairs) {
    if (pair.value === '') kept.delete(pair.key);
    else kept.set(pair.key, pair.value);
  }
  await parts.store.transaction(async (tx) => {
    await ensureServicePrincipal(parts, tx, spId);
    await tx.servicePrincipals.replaceSecrets(spId, [...kept].map(([key, value]) => ({ key, value })));
  });
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
