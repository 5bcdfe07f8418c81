import { complexType, primitive } from './edm.js';

const str = primitive('Edm.String');

/**
 * An entry of syncemu's request journal (`GET /_syncemu/requests`, decisions.md §10): one
 * answered request. Not a Graph type: its own namespace. `requestBody` and `responseBody` are
 * answered as JSON values when they were JSON; `$filter` reads them as the text sent
 * (`contains(requestBody, 'scim')`, `requestBody eq null` for a request without one).
 */
export const requestEntry = complexType('syncemu.requestEntry', [
  ['id', primitive('Edm.Int64'), false],
  ['time', primitive('Edm.DateTimeOffset'), false],
  ['method', str, false],
  ['url', str, false],
  ['version', str, true],
  ['servicePrincipalId', str, true],
  ['jobId', str, true],
  ['status', primitive('Edm.Int32'), false],
  ['durationMs', primitive('Edm.Double'), false],
  ['fault', str, true],
  ['requestBody', str, true],
  ['responseBody', str, true],
]);
