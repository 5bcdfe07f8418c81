/** What an error may say beyond its code and message: the part of the request at fault, and where in it. */
export interface GraphErrorExtras {
  /** `error.target`: the part of the request at fault (a query option's name, `$filter`). */
  readonly target?: string;
  /** Members added to `error.innerError` after its date and request ids (`position`). */
  readonly innerError?: Readonly<Record<string, unknown>>;
}

/**
 * A Graph error a client receives: status, code and message, rendered in one place
 * (`http/responses.ts`) into `{"error": {"code", "message", "target"?, "innerError": {…}}}`.
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, such as `Allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
    readonly extras: GraphErrorExtras = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);

export const invalidObjectId = (id: string) => new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);

export const resourceNotFound = (id: string) =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

export const segmentNotFound = (segment: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

export const notEmulated = (method: string, path: string) =>
  new GraphError(404, 'Request_ResourceNotFound', `syncemu does not emulate '${method} ${path}' (yet): this path exists in Microsoft Graph, but not in this emulator.`);

export const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  new GraphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed on this resource; allowed: ${allowed.join(', ')}.`, {
    Allow: allowed.join(', '),
  });

export const unreadablePayload = () =>
  new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');

export const unsupportedMediaType = (contentType: string) =>
  new GraphError(415, 'UnsupportedMediaType', `The content type '${contentType}' is not supported; send the body as application/json.`);

export const payloadTooLarge = (limit: number) =>
  new GraphError(413, 'RequestEntityTooLarge', `The request body is larger than the ${limit} bytes this endpoint accepts.`);

export const unknownProperty = (name: string, typeName: string) =>
  new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type '${typeName}'.`);

export const uriTooLong = (limit: number) => new GraphError(414, 'RequestUriTooLong', `The request URL is longer than the ${limit} bytes this service accepts.`);

export const unauthenticated = () =>
  new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' });

export const invalidToken = (why: string) =>
  new GraphError(401, 'InvalidAuthenticationToken', `Access token validation failure. ${why}`, { 'WWW-Authenticate': 'Bearer realm=""' });

export const insufficientPrivileges = () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
