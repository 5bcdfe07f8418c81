/**
 * The bad-input matrix (decisions.md §6): every wrong request gets its 4xx Graph error, with the
 * exact code and message, and changes nothing: the store's digest is the same before and after,
 * and after a failed write the list of jobs is the same. Each case runs through emulator.fetch()
 * and through a real HTTP listener.
 */
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILT_IN_TEMPLATES, type Emulator } from '@syncemu/core';
import {
  graphError,
  internalErrors,
  jobsPath,
  jsonRequest,
  newEmulator,
  openTransport,
  SP,
  SP2,
  storedJobIds,
  TRANSPORTS,
  type Transport,
} from './support/graph-harness.js';

const MIB = 1024 * 1024;
const SEEDED = ['seed-a', 'seed-b', 'seed-c'];
const JOB = 'seed-a';
const J = jobsPath('v1.0');
const JB = jobsPath('beta');
const ONE = `${J}/${JOB}`;
const JSON_HEADERS = { 'Content-Type': 'application/json' };

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** Sent as is (a string); JSON content type unless `headers` says otherwise. */
  readonly body?: string;
  readonly status: number;
  readonly code: string;
  readonly message: string | RegExp;
  readonly allow?: string;
}

const bad = (message: string) => ({ status: 400, code: 'BadRequest', message });
const notFound = (id: string) => ({
  status: 404,
  code: 'Request_ResourceNotFound',
  message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
});
const UNREADABLE = bad('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
const post = (name: string, body: string, expected: Omit<Case, 'name' | 'method' | 'path' | 'body'>, path = J): Case => ({
  name,
  method: 'POST',
  path,
  body,
  ...expected,
});
const patch = (name: string, body: string, expected: Omit<Case, 'name' | 'method' | 'path' | 'body'>): Case => ({
  name,
  method: 'PATCH',
  path: ONE,
  body,
  ...expected,
});
const get = (name: string, path: string, expected: Omit<Case, 'name' | 'method' | 'path'>): Case => ({ name, method: 'GET', path, ...expected });
const offered = BUILT_IN_TEMPLATES.map((t) => t.id).join(', ');
const methodNotAllowed = (method: string, allow: string) => ({
  status: 405,
  code: 'Request_BadRequest',
  message: `The HTTP method '${method}' is not allowed on this resource; allowed: ${allow}.`,
  allow,
});

const CASES: readonly Case[] = [
  // The body is not a JSON object.
  post('malformed JSON', '{bad', UNREADABLE),
  post('truncated JSON', '{"templateId":"scim"', UNREADABLE),
  patch('malformed JSON on PATCH', '{"schedule":', UNREADABLE),
  post('empty body', '', UNREADABLE),
  post('whitespace body', '  \n ', UNREADABLE),
  post('JSON array', '[{"templateId":"scim"}]', bad('The request body must be a JSON object (a microsoft.graph.synchronizationJob), not an array.')),
  post('JSON string', '"scim"', bad('The request body must be a JSON object (a microsoft.graph.synchronizationJob), not a JSON string.')),
  post('JSON null', 'null', bad('The request body must be a JSON object (a microsoft.graph.synchronizationJob), not a JSON null.')),
  post('JSON number', '42', bad('The request body must be a JSON object (a microsoft.graph.synchronizationJob), not a JSON number.')),
  patch('JSON array on PATCH', '[]', bad('The request body must be a JSON object (a microsoft.graph.synchronizationJob), not an array.')),
  {
    name: 'text/plain content type',
    method: 'POST',
    path: J,
    headers: { 'Content-Type': 'text/plain' },
    body: '{"templateId":"scim"}',
    status: 415,
    code: 'UnsupportedMediaType',
    message: "The content type 'text/plain' is not supported; send the body as application/json.",
  },
  {
    name: 'XML content type on PATCH',
    method: 'PATCH',
    path: ONE,
    headers: { 'Content-Type': 'application/xml' },
    body: '<job/>',
    status: 415,
    code: 'UnsupportedMediaType',
    message: "The content type 'application/xml' is not supported; send the body as application/json.",
  },
  {
    name: 'body over 1 MiB',
    method: 'POST',
    path: J,
    body: JSON.stringify({ templateId: 'scim', synchronizationJobSettings: [{ name: 'pad', value: 'x'.repeat(MIB) }] }),
    status: 413,
    code: 'RequestEntityTooLarge',
    message: 'The request body is larger than the 1048576 bytes this endpoint accepts.',
  },

  // Unknown and read-only properties.
  post('unknown top-level property', '{"templateId":"scim","foo":1}', bad("Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'.")),
  post('unknown schedule property', '{"templateId":"scim","schedule":{"foo":1}}', bad("Could not find a property named 'foo' on type 'microsoft.graph.synchronizationSchedule'.")),
  post(
    'unknown setting property',
    '{"templateId":"scim","synchronizationJobSettings":[{"name":"a","value":"b","foo":1}]}',
    bad("Could not find a property named 'foo' on type 'microsoft.graph.keyValuePair'."),
  ),
  patch('unknown property on PATCH', '{"schedulee":{}}', bad("Could not find a property named 'schedulee' on type 'microsoft.graph.synchronizationJob'.")),
  patch('unknown schedule property on PATCH', '{"schedule":{"foo":"x"}}', bad("Could not find a property named 'foo' on type 'microsoft.graph.synchronizationSchedule'.")),
  post('id on POST', '{"templateId":"scim","id":"mine"}', bad("The property 'id' is read-only and cannot be set when creating a job.")),
  post('status on POST', '{"templateId":"scim","status":{"code":"Active"}}', bad("The property 'status' is read-only and cannot be set when creating a job.")),
  patch('id on PATCH', '{"id":"other"}', bad("The property 'id' is read-only and cannot be set on an existing job.")),
  patch('status on PATCH', '{"status":{"code":"Active"}}', bad("The property 'status' is read-only and cannot be set on an existing job.")),
  patch('templateId on PATCH', '{"templateId":"aws"}', bad("The property 'templateId' is read-only and cannot be set on an existing job.")),
  post(
    'schedule.state on POST',
    '{"templateId":"scim","schedule":{"state":"Active"}}',
    bad("The property 'schedule.state' cannot be written: it is changed only by the start and pause actions (POST …/jobs/{id}/start, POST …/jobs/{id}/pause)."),
  ),
  patch(
    'schedule.state on PATCH',
    '{"schedule":{"interval":"PT20M","state":"Disabled"}}',
    bad("The property 'schedule.state' cannot be written: it is changed only by the start and pause actions (POST …/jobs/{id}/start, POST …/jobs/{id}/pause)."),
  ),

  // Wrong JSON types and values.
  post('templateId a number', '{"templateId":5}', bad("The property 'templateId' must be of type Edm.String, but is an integer.")),
  post('schedule a string', '{"templateId":"scim","schedule":"PT40M"}', bad("The property 'schedule' must be of type microsoft.graph.synchronizationSchedule, but is a string.")),
  post('schedule null', '{"templateId":"scim","schedule":null}', bad(`The property 'schedule' cannot be null; send the properties to change, e.g. {"schedule": {"interval": "PT20M"}}.`)),
  post('interval a number', '{"templateId":"scim","schedule":{"interval":40}}', bad("The property 'schedule.interval' must be of type Edm.Duration, but is an integer.")),
  post('interval not a duration', '{"templateId":"scim","schedule":{"interval":"forty"}}', bad("The property 'schedule.interval' 'forty' is not an ISO 8601 duration such as 'PT40M'.")),
  patch('interval zero', '{"schedule":{"interval":"PT0S"}}', bad("The property 'schedule.interval' must be a positive duration, such as 'PT40M'; 'PT0S' is not.")),
  patch('interval null', '{"schedule":{"interval":null}}', bad("The property 'schedule.interval' must not be null; it is of type Edm.Duration.")),
  post(
    'expiration not a date',
    '{"templateId":"scim","schedule":{"expiration":"tomorrow"}}',
    bad("The property 'schedule.expiration' 'tomorrow' is not an ISO 8601 date and time with a zone, such as '2024-04-12T08:59:05Z'."),
  ),
  post(
    'settings an object',
    '{"templateId":"scim","synchronizationJobSettings":{"name":"a","value":"b"}}',
    bad("The property 'synchronizationJobSettings' must be of type Collection(microsoft.graph.keyValuePair), but is an object."),
  ),
  patch(
    'settings a string',
    '{"synchronizationJobSettings":"a=b"}',
    bad("The property 'synchronizationJobSettings' must be of type Collection(microsoft.graph.keyValuePair), but is a string."),
  ),
  post(
    'settings null',
    '{"templateId":"scim","synchronizationJobSettings":null}',
    bad("The property 'synchronizationJobSettings' cannot be null; send [] to remove every setting."),
  ),
  post(
    'setting without a name',
    '{"templateId":"scim","synchronizationJobSettings":[{"value":"1"}]}',
    bad("The property 'synchronizationJobSettings[0].name' is required."),
  ),
  patch(
    'setting without a name on PATCH',
    '{"synchronizationJobSettings":[{"name":"a","value":"1"},{"value":"2"}]}',
    bad("The property 'synchronizationJobSettings[1].name' is required."),
  ),
  post(
    'setting name a number',
    '{"templateId":"scim","synchronizationJobSettings":[{"name":3,"value":"1"}]}',
    bad("The property 'synchronizationJobSettings[0].name' must be of type Edm.String, but is an integer."),
  ),
  post(
    'setting name null',
    '{"templateId":"scim","synchronizationJobSettings":[{"name":null,"value":"1"}]}',
    bad("The property 'synchronizationJobSettings[0].name' must not be null; it is of type Edm.String."),
  ),
  post(
    'setting name empty',
    '{"templateId":"scim","synchronizationJobSettings":[{"name":"","value":"1"}]}',
    bad("The property 'synchronizationJobSettings[0].name' must not be empty."),
  ),
  post(
    'setting value a number',
    '{"templateId":"scim","synchronizationJobSettings":[{"name":"a","value":1}]}',
    bad("The property 'synchronizationJobSettings[0].value' must be of type Edm.String, but is an integer."),
  ),
  patch(
    'duplicate setting names',
    '{"synchronizationJobSettings":[{"name":"a","value":"1"},{"name":"a","value":"2"}]}',
    bad("The setting 'a' appears more than once in 'synchronizationJobSettings'."),
  ),

  // templateId.
  post('missing templateId', '{"schedule":{"interval":"PT20M"}}', bad("The property 'templateId' is required to create a synchronization job.")),
  post('empty templateId', '{"templateId":""}', bad("The property 'templateId' is required to create a synchronization job.")),
  post('null templateId', '{"templateId":null}', bad("The property 'templateId' is required to create a synchronization job.")),
  post('unknown template', '{"templateId":"nope"}', bad(`The template 'nope' is not offered by service principal '${SP}'. Offered templates: ${offered}.`)),
  post('template ids are case-sensitive', '{"templateId":"SCIM"}', bad(`The template 'SCIM' is not offered by service principal '${SP}'. Offered templates: ${offered}.`)),
  post(
    'unknown template on a new service principal',
    '{"templateId":"nope"}',
    bad(`The template 'nope' is not offered by service principal '${SP2}'. Offered templates: ${offered}.`),
    jobsPath('beta', SP2),
  ),

  // Service principal and job ids.
  get('non-GUID service principal (list)', jobsPath('v1.0', 'abc'), { status: 400, code: 'Request_BadRequest', message: "Invalid object identifier 'abc'." }),
  post('non-GUID service principal (create)', '{"templateId":"scim"}', { status: 400, code: 'Request_BadRequest', message: "Invalid object identifier 'abc'." }, jobsPath('beta', 'abc')),
  {
    name: 'non-GUID service principal (delete)',
    method: 'DELETE',
    path: `${jobsPath('v1.0', '7d3e8c6a-53b4')}/${JOB}`,
    status: 400,
    code: 'Request_BadRequest',
    message: "Invalid object identifier '7d3e8c6a-53b4'.",
  },
  get('unknown job (GET)', `${J}/nope`, notFound('nope')),
  { name: 'unknown job (PATCH)', method: 'PATCH', path: `${J}/nope`, body: '{"schedule":{"interval":"PT20M"}}', ...notFound('nope') },
  { name: 'unknown job (DELETE)', method: 'DELETE', path: `${J}/nope`, ...notFound('nope') },
  { name: 'job of another service principal (DELETE)', method: 'DELETE', path: `${jobsPath('v1.0', SP2)}/${JOB}`, ...notFound(JOB) },

  // Query options.
  get('$expand', `${J}?$expand=schema`, bad("Query option '$expand' is not supported on a list of synchronizationJobs; expand the schema of one job (…/jobs/{id}?$expand=schema).")),
  get('$foo', `${J}?$foo=1`, bad("Query option '$foo' is not a known OData system query option.")),
  get('$search on beta', `${JB}?$search=x`, bad("Query option '$search' is not supported on synchronization jobs.")),
  get('$top twice', `${J}?$top=1&$top=2`, bad("Query option '$top' was specified more than once; it must be specified at most once.")),
  get('$top and $TOP', `${J}?$top=1&$TOP=2`, bad("Query option '$top' was specified more than once; it must be specified at most once.")),
  get('top and $top on beta', `${JB}?top=1&$top=2`, bad("Query option '$top' was specified more than once; it must be specified at most once.")),
  get('$top=1000', `${J}?$top=1000`, bad("Invalid $top value '1000': it must be at most 999.")),
  get('$top=-1', `${J}?$top=-1`, bad("Invalid $top value '-1': it must be a non-negative integer from 0 to 999.")),
  get('$top=abc', `${J}?$top=abc`, bad("Invalid $top value 'abc': it must be a non-negative integer from 0 to 999.")),
  get('$top=1.5', `${J}?$top=1.5`, bad("Invalid $top value '1.5': it must be a non-negative integer from 0 to 999.")),
  get('$skip=-1', `${J}?$skip=-1`, bad("Invalid $skip value '-1': it must be a non-negative integer from 0 to 9007199254740991.")),
  get('$count=maybe', `${J}?$count=maybe`, bad("Invalid $count value 'maybe': it must be true or false.")),
  get(
    '$filter ends after an operator',
    `${J}?$filter=templateId%20eq`,
    bad("Invalid $filter clause: syntax error at position 13 in 'templateId eq': expected an expression after 'eq', found the end of the clause."),
  ),
  get(
    '$filter unclosed string',
    `${J}?$filter=templateId%20eq%20'scim`,
    bad("Invalid $filter clause: syntax error at position 14 in 'templateId eq 'scim': the string literal that starts here has no closing quote."),
  ),
  get(
    '$filter unclosed parenthesis',
    `${J}?$filter=(templateId%20eq%20'scim'`,
    bad("Invalid $filter clause: syntax error at position 21 in '(templateId eq 'scim'': expected ')' to close the '(' at position 0, found the end of the clause."),
  ),
  get(
    '$filter missing operator',
    `${J}?$filter=templateId%20%20'scim'`,
    bad("Invalid $filter clause: syntax error at position 12 in 'templateId  'scim'': expected an operator or the end of the clause, found a string literal."),
  ),
  get(
    '$filter dangling and ($count)',
    `${J}/$count?$filter=templateId+eq+'scim'+and`,
    bad("Invalid $filter clause: syntax error at position 24 in 'templateId eq 'scim' and': expected an expression after 'and', found the end of the clause."),
  ),
  get('$filter unknown property', `${J}?$filter=nope%20eq%201`, bad("Could not find a property named 'nope' on type 'microsoft.graph.synchronizationJob'.")),
  get('$filter unknown nested property', `${J}?$filter=status/nope%20eq%201`, bad("Could not find a property named 'nope' on type 'microsoft.graph.synchronizationStatus'.")),
  get(
    '$filter unknown deeply nested property',
    `${J}?$filter=status/lastExecution/nope%20eq%201`,
    bad("Could not find a property named 'nope' on type 'microsoft.graph.synchronizationTaskExecution'."),
  ),
  get('$filter property names are case-sensitive', `${J}?$filter=TemplateId%20eq%20'scim'`, bad("Could not find a property named 'TemplateId' on type 'microsoft.graph.synchronizationJob'.")),
  get('filter without $ on beta', `${JB}?filter=nope%20eq%201`, bad("Could not find a property named 'nope' on type 'microsoft.graph.synchronizationJob'.")),
  get('$select unknown property', `${J}?$select=id,nope`, bad("Could not find a property named 'nope' on type 'microsoft.graph.synchronizationJob'.")),
  get('$select trailing comma', `${J}?$select=id,`, bad("Invalid $select clause: syntax error at position 3 in 'id,': expected a property name or *, found the end of the clause.")),
  get('$select unknown property on one job', `${ONE}?$select=nope`, bad("Could not find a property named 'nope' on type 'microsoft.graph.synchronizationJob'.")),
  get('$orderby unknown property', `${J}?$orderby=nope%20desc`, bad("Could not find a property named 'nope' on type 'microsoft.graph.synchronizationJob'.")),
  get('$top on one job', `${ONE}?$top=1`, bad("Query option '$top' is not allowed when reading a single synchronizationJob; only $select and $expand are.")),
  get('$filter on one job', `${ONE}?$filter=id%20eq%20'x'`, bad("Query option '$filter' is not allowed when reading a single synchronizationJob; only $select and $expand are.")),
  get('$orderby on one job', `${ONE}?$select=id&$orderby=id`, bad("Query option '$orderby' is not allowed when reading a single synchronizationJob; only $select and $expand are.")),
  get('$skiptoken garbage', `${J}?$skiptoken=garbage`, bad("The $skiptoken 'garbage' is not valid: use the @odata.nextLink of the previous page as it is.")),
  get('$skiptoken empty', `${J}?$skiptoken=`, bad("Invalid $skiptoken value '': use the whole @odata.nextLink the previous page returned.")),

  // Methods.
  { name: 'PUT on the collection', method: 'PUT', path: J, body: '{"templateId":"scim"}', ...methodNotAllowed('PUT', 'GET, POST') },
  { name: 'PATCH on the collection', method: 'PATCH', path: `${J}/`, body: '{}', ...methodNotAllowed('PATCH', 'GET, POST') },
  { name: 'DELETE on the collection', method: 'DELETE', path: J, ...methodNotAllowed('DELETE', 'GET, POST') },
  { name: 'POST on a job', method: 'POST', path: ONE, body: '{"templateId":"scim"}', ...methodNotAllowed('POST', 'GET, PATCH, DELETE') },
  { name: 'PUT on a job', method: 'PUT', path: ONE, body: '{"templateId":"scim"}', ...methodNotAllowed('PUT', 'GET, PATCH, DELETE') },
  { name: 'POST on $count', method: 'POST', path: `${JB}/$count`, body: '{}', ...methodNotAllowed('POST', 'GET') },
];

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function seededEmulator(): Promise<Emulator> {
  const emulator = newEmulator();
  await emulator.seed({
    servicePrincipals: [
      {
        id: SP,
        jobs: SEEDED.map((id, i) => ({ id, templateId: i === 1 ? 'aws' : 'scim', schedule: { interval: `PT${10 + i}M` } })),
      },
    ],
  });
  return emulator;
}

for (const kind of TRANSPORTS) {
  const matrix = suite<{ emulator?: Emulator; transport?: Transport }>(`bad input via ${kind}`, {});
  matrix.before(async (context) => {
    context.emulator = await seededEmulator();
    context.transport = await openTransport(context.emulator, kind);
  });
  matrix.after(async (context) => {
    await context.transport?.close();
    await context.emulator?.close();
  });
  for (const c of CASES) {
    matrix(`${c.method} ${c.name} → ${c.status} ${c.code}`, async ({ emulator, transport }) => {
      const before = emulator!.store.digest();
      const headers = { ...(c.body !== undefined && JSON_HEADERS), ...c.headers, 'client-request-id': `case ${c.name}` };
      const res = await transport!.call(c.path, { method: c.method, headers, ...(c.body !== undefined && { body: c.body }) });
      await graphError(res, { status: c.status, code: c.code, message: c.message, clientRequestId: `case ${c.name}` });
      assert.is(res.headers.get('allow'), c.allow ?? null);
      assert.is(emulator!.store.digest(), before, 'the stored data changed');
      if (WRITES.has(c.method)) {
        assert.equal(await storedJobIds(emulator!), SEEDED);
        assert.equal(await storedJobIds(emulator!, SP2), []);
      }
    });
  }
  matrix.run();
}

// The body limit, more closely.

const largeBody = (bytes: number) => {
  // {"templateId":"scim","foo":"xxx…"}: exactly `bytes` long, and a 400 (unknown property) if read.
  const head = '{"templateId":"scim","foo":"';
  return head + 'x'.repeat(bytes - head.length - 2) + '"}';
};

test('a body of exactly 1 MiB is read (400 for its unknown property); one byte more is a 413', async () => {
  const emulator = await seededEmulator();
  try {
    const before = emulator.store.digest();
    const url = `https://graph.microsoft.com${J}`;
    assert.is(largeBody(MIB).length, MIB);
    await graphError(await emulator.fetch(url, jsonRequest('POST', largeBody(MIB))), bad("Could not find a property named 'foo' on type 'microsoft.graph.synchronizationJob'."));
    await graphError(await emulator.fetch(url, jsonRequest('POST', largeBody(MIB + 1), { 'client-request-id': 'big-1' })), {
      status: 413,
      code: 'RequestEntityTooLarge',
      message: 'The request body is larger than the 1048576 bytes this endpoint accepts.',
      clientRequestId: 'big-1',
    });
    // handle() with a string body counts bytes, not characters: 'é' is two.
    const wide = `{"templateId":"scim","foo":"${'é'.repeat(MIB / 2)}"}`;
    const handled = await emulator.handle({ method: 'POST', url: J, headers: JSON_HEADERS, body: wide });
    assert.is(handled.status, 413);
    assert.is(JSON.parse(handled.body ?? '').error.code, 'RequestEntityTooLarge');
    assert.is(emulator.store.digest(), before);
    assert.equal(await storedJobIds(emulator), SEEDED);
  } finally {
    await emulator.close();
  }
});

test('over HTTP, a 5 MiB body gets its 413 (with the client-request-id) and changes nothing', async () => {
  const emulator = await seededEmulator();
  const server = await emulator.listen({ port: 0 });
  try {
    const before = emulator.store.digest();
    const res = await fetch(server.url + J, jsonRequest('POST', largeBody(5 * MIB), { 'client-request-id': 'five-mib' }));
    await graphError(res, {
      status: 413,
      code: 'RequestEntityTooLarge',
      message: 'The request body is larger than the 1048576 bytes this endpoint accepts.',
      clientRequestId: 'five-mib',
    });
    assert.is(emulator.store.digest(), before);
    // The server still answers afterwards.
    assert.is((await fetch(server.url + J)).status, 200);
  } finally {
    await server.close();
    await emulator.close();
  }
});

test('over HTTP, the 413 arrives although the client sent only 64 KiB of a declared 5 MiB', async () => {
  const emulator = await seededEmulator();
  const server = await emulator.listen({ port: 0 });
  try {
    const before = emulator.store.digest();
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    const answered = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 413 within 3 s; got ${JSON.stringify(received)}`)), 3000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
        // The end of a chunked body: the response is complete.
        if (received.endsWith('\r\n0\r\n\r\n')) {
          clearTimeout(timer);
          resolve(received);
        }
      });
    });
    socket.write(
      `POST ${J} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nclient-request-id: partial\r\nContent-Length: ${5 * MIB}\r\n\r\n`,
    );
    socket.write('{"templateId":"scim","foo":"' + 'x'.repeat(64 * 1024));
    const raw = await answered;
    socket.destroy();
    assert.match(raw, /^HTTP\/1\.1 413 /);
    assert.match(raw, /\r\nclient-request-id: partial\r\n/i);
    assert.match(raw, /\r\nconnection: close\r\n/i);
    assert.match(raw, /"code":"RequestEntityTooLarge"/);
    assert.is(emulator.store.digest(), before);
  } finally {
    await server.close();
    await emulator.close();
  }
});

test('over HTTP, a chunked body without Content-Length gets its 413 once it passes 1 MiB', async () => {
  const emulator = await seededEmulator();
  const server = await emulator.listen({ port: 0 });
  try {
    const before = emulator.store.digest();
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(server.url + J, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      // Never ended: the server must answer from what it has read.
      req.write('{"templateId":"scim","foo":"' + 'x'.repeat(MIB));
    });
    assert.is(status, 413);
    assert.is(JSON.parse(body).error.message, 'The request body is larger than the 1048576 bytes this endpoint accepts.');
    assert.is(emulator.store.digest(), before);
  } finally {
    await server.close();
    await emulator.close();
  }
});

test('no request caused an internal error', () => {
  assert.equal(internalErrors, []);
});

test.run();

